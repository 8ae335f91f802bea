//! `sshKey.*`: the organization's SSH keys, for private git repositories and remote servers.
//! `sshKey.all` sends each private key; Skiff reads only the rest ([`SshKey`]).

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{KeyPair, SshKey};

/// The body of `sshKey.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SshKeyInput {
    pub name: String,
    pub description: Option<String>,
    pub private_key: String,
    pub public_key: String,
    /// Required from v0.24 (Dokploy files the key under the caller's active organization);
    /// v0.18 has no organizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

#[derive(Serialize)]
struct Generate<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
}

impl Client {
    /// `GET sshKey.all`.
    pub async fn ssh_key_all(&self) -> Result<Vec<SshKey>, ApiError> {
        self.get("sshKey.all", &[]).await
    }

    /// `POST sshKey.generate`: a new pair (`ed25519` or `rsa`), made on the server and not
    /// saved until [`Client::ssh_key_create`].
    pub async fn ssh_key_generate(&self, kind: &str) -> Result<KeyPair, ApiError> {
        self.post("sshKey.generate", &Generate { kind }).await
    }

    /// `POST sshKey.create`.
    pub async fn ssh_key_create(&self, k: &SshKeyInput) -> Result<(), ApiError> {
        self.post_void("sshKey.create", k).await
    }

    /// The organization a new key goes to: `organization.active` where the instance has it
    /// (`active`, v0.28.4+), else the caller's membership (`user.get`); `None` where neither
    /// names one (v0.18, before organizations).
    pub async fn organization_id(&self, active: bool) -> Option<String> {
        if active {
            if let Ok(o) = self.organization_active().await {
                if !o.id.is_empty() {
                    return Some(o.id);
                }
            }
        }
        self.user_get()
            .await
            .ok()
            .and_then(|m| m.organization_id)
            .filter(|id| !id.is_empty())
    }

    /// `POST sshKey.remove`.
    pub async fn ssh_key_remove(&self, ssh_key_id: &str) -> Result<(), ApiError> {
        self.post_void("sshKey.remove", &id_body("sshKeyId", ssh_key_id))
            .await
    }
}

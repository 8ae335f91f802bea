//! `certificates.*`: the organization's own TLS certificates (Traefik serves them).

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::Certificate;

/// The body of `certificates.create`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInput {
    pub name: String,
    pub certificate_data: String,
    pub private_key: String,
    pub auto_renew: bool,
    /// Required from v0.24 (see [`Client::organization_id`]); v0.18 has no organizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

impl Client {
    /// `GET certificates.all`. Its rows carry each private key; [`Certificate`] does not keep it.
    pub async fn certificate_all(&self) -> Result<Vec<Certificate>, ApiError> {
        self.get("certificates.all", &[]).await
    }

    /// `POST certificates.create`.
    pub async fn certificate_create(&self, c: &CertificateInput) -> Result<(), ApiError> {
        self.post_void("certificates.create", c).await
    }

    /// `POST certificates.remove`.
    pub async fn certificate_remove(&self, certificate_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "certificates.remove",
            &id_body("certificateId", certificate_id),
        )
        .await
    }
}

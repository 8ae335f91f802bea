//! Docker registries (`registry.all`, `registry.one`) and SSH keys (`sshKey.all`,
//! `sshKey.generate`): an organization's credentials for pulling images and for git and remote
//! servers. Their secrets are never decoded: `registry.all` sends each registry's password and
//! `sshKey.all` each key's private key, and nothing of Skiff ever holds them.

use serde::Serialize;

use super::de::object;

/// A registry of `registry.all` (its password left out).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Registry {
    pub registry_id: String,
    pub registry_name: String,
    /// Prepended to an application's image name when it is pushed (`null` when none).
    pub image_prefix: Option<String>,
    pub username: String,
    pub registry_url: String,
    /// `cloud` (the only type Dokploy's form makes).
    pub registry_type: String,
    pub created_at: String,
}

object!(Registry, "a registry", {
    "registryId" => registry_id: plain,
    "registryName" => registry_name: nullable,
    "imagePrefix" => image_prefix: plain,
    "username" => username: nullable,
    "registryUrl" => registry_url: nullable,
    "registryType" => registry_type: nullable,
    "createdAt" => created_at: nullable,
});

/// An SSH key of `sshKey.all` (its private key left out).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SshKey {
    pub ssh_key_id: String,
    pub name: String,
    pub description: Option<String>,
    pub public_key: String,
    pub created_at: String,
    /// When Dokploy last used it (a clone, a server's setup); `null` before.
    pub last_used_at: Option<String>,
}

object!(SshKey, "an SSH key", {
    "sshKeyId" => ssh_key_id: plain,
    "name" => name: nullable,
    "description" => description: plain,
    "publicKey" => public_key: nullable,
    "createdAt" => created_at: nullable,
    "lastUsedAt" => last_used_at: plain,
});

/// `sshKey.generate`'s answer: a new pair, to be saved with `sshKey.create`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyPair {
    pub private_key: String,
    pub public_key: String,
}

object!(KeyPair, "a key pair", {
    "privateKey" => private_key: nullable,
    "publicKey" => public_key: nullable,
});

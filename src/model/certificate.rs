//! TLS certificates (`certificates.all`): an organization's own certificates that Traefik serves
//! for its domains. `certificates.all` sends each private key; Skiff never decodes it.

use serde::Serialize;

use super::de::object;

/// A certificate of `certificates.all` (its private key left out).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Certificate {
    pub certificate_id: String,
    pub name: String,
    /// The certificate chain, PEM.
    pub certificate_data: String,
    pub auto_renew: Option<bool>,
    /// The remote server whose Traefik serves it (`null`: Dokploy's own).
    pub server_id: Option<String>,
}

object!(Certificate, "a certificate", {
    "certificateId" => certificate_id: plain,
    "name" => name: nullable,
    "certificateData" => certificate_data: nullable,
    "autoRenew" => auto_renew: plain,
    "serverId" => server_id: plain,
});

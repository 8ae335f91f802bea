//! `port.*`: the ports an application publishes on the host (Docker swarm's published ports).

use serde::Serialize;

use super::{id_body, ApiError, Client};

/// The body of `port.create` (with `application_id`) or `port.update` (with `port_id`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_id: Option<String>,
    pub published_port: u32,
    pub target_port: u32,
    /// `tcp` or `udp`.
    pub protocol: &'static str,
    /// `ingress` or `host` (v0.19+; older versions ignore it).
    pub publish_mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
}

impl Client {
    /// `POST port.create` or, with a `port_id`, `port.update`.
    pub async fn port_save(&self, p: &PortInput) -> Result<(), ApiError> {
        let name = match p.port_id {
            Some(_) => "port.update",
            None => "port.create",
        };
        self.post_void(name, p).await
    }

    /// `POST port.delete`.
    pub async fn port_delete(&self, port_id: &str) -> Result<(), ApiError> {
        self.post_void("port.delete", &id_body("portId", port_id))
            .await
    }
}

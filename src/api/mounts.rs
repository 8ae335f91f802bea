//! `mounts.*`: volumes, bind mounts and files of a service.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{Mount, ServiceKind};

/// The body of `mounts.create` (with `service_id`) or `mounts.update` (with `mount_id`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MountInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_id: Option<String>,
    /// `bind`, `volume` or `file`.
    #[serde(rename = "type")]
    pub mount_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    pub mount_path: String,
    pub service_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
}

impl Client {
    /// `GET mounts.listByServiceId?serviceType=&serviceId=`.
    pub async fn mounts_by_service(
        &self,
        kind: ServiceKind,
        service_id: &str,
    ) -> Result<Vec<Mount>, ApiError> {
        self.get(
            "mounts.listByServiceId",
            &[
                ("serviceType", kind.service_type().to_string()),
                ("serviceId", service_id.to_string()),
            ],
        )
        .await
    }

    /// `POST mounts.create` or, with a `mount_id`, `mounts.update` (which answers the row as it
    /// was before: Skiff reads the service again instead).
    pub async fn mount_save(&self, m: &MountInput) -> Result<(), ApiError> {
        let name = match m.mount_id {
            Some(_) => "mounts.update",
            None => "mounts.create",
        };
        self.post_void(name, m).await
    }

    /// `POST mounts.remove`.
    pub async fn mount_remove(&self, mount_id: &str) -> Result<(), ApiError> {
        self.post_void("mounts.remove", &id_body("mountId", mount_id))
            .await
    }
}

//! `mounts.*`: volumes, bind mounts and files of a service.

use super::{ApiError, Client};
use crate::model::{Mount, ServiceKind};

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
}

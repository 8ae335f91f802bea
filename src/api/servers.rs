//! `server.*`: the remote servers Dokploy deploys or builds on, and their monitoring.

use super::{ApiError, Client};
use crate::model::{Server, ServerSample};

impl Client {
    /// `GET server.all`.
    pub async fn server_all(&self) -> Result<Vec<Server>, ApiError> {
        self.get("server.all", &[]).await
    }

    /// The last `points` samples of a server's monitoring service at `url`, which Dokploy
    /// fetches with `token`: `server.getServerMetrics` (v0.19+), `admin.getServerMetrics`
    /// before (`legacy`).
    pub async fn server_metrics(
        &self,
        url: &str,
        token: &str,
        points: u32,
        legacy: bool,
    ) -> Result<Vec<ServerSample>, ApiError> {
        let procedure = if legacy {
            "admin.getServerMetrics"
        } else {
            "server.getServerMetrics"
        };
        let params = [
            ("url", url.to_string()),
            ("token", token.to_string()),
            ("dataPoints", points.to_string()),
        ];
        self.get(procedure, &params).await
    }
}

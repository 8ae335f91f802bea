//! A service's containers and the figures Dokploy keeps of them: the `docker` router and
//! `application.readAppMonitoring`. Where Dokploy cannot reach Docker the lists come back
//! empty (it swallows the error) and the rest answer 500.

use super::{id_body, with, ApiError, Client};
use crate::model::Container;

/// `appName` and, for a service on another server, `serverId`.
fn on(app_name: &str, server_id: Option<&str>) -> Vec<(&'static str, String)> {
    let mut q = vec![("appName", app_name.to_string())];
    if let Some(s) = server_id {
        q.push(("serverId", s.to_string()));
    }
    q
}

impl Client {
    /// `GET docker.getContainersByAppNameMatch`: the containers whose name starts with
    /// `app_name` (`app_type` `docker-compose` or `stack`: a compose project's).
    pub async fn containers(
        &self,
        app_name: &str,
        app_type: Option<&str>,
        server_id: Option<&str>,
    ) -> Result<Vec<Container>, ApiError> {
        let mut q = on(app_name, server_id);
        if let Some(t) = app_type {
            q.push(("appType", t.to_string()));
        }
        self.get("docker.getContainersByAppNameMatch", &q).await
    }

    /// `GET docker.getServiceContainersByAppName`: the swarm service's tasks (`docker service ps`).
    pub async fn service_tasks(
        &self,
        app_name: &str,
        server_id: Option<&str>,
    ) -> Result<Vec<Container>, ApiError> {
        self.get(
            "docker.getServiceContainersByAppName",
            &on(app_name, server_id),
        )
        .await
    }

    /// `POST docker.restartContainer` (`serverId` from v0.29; before, only this server's).
    pub async fn container_restart(
        &self,
        container_id: &str,
        server_id: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut body = id_body("containerId", container_id);
        if let Some(s) = server_id {
            body = with(body, "serverId", s);
        }
        self.post_void("docker.restartContainer", &body).await
    }

    /// `GET application.readAppMonitoring` (every kind's `appName`): the figures Dokploy
    /// recorded (`null` when no container runs).
    pub async fn app_monitoring(
        &self,
        app_name: &str,
    ) -> Result<Option<serde_json::Value>, ApiError> {
        self.get(
            "application.readAppMonitoring",
            &[("appName", app_name.to_string())],
        )
        .await
    }
}

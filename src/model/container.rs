//! A service's containers as Dokploy reads them from Docker (`docker.*ByAppName*`).

use serde::Deserialize;

use super::de::nullable;

/// A container (`docker ps`: `docker.getContainersByAppNameMatch`) or a swarm task
/// (`docker service ps`: `docker.getServiceContainersByAppName`, whose `containerId` is the
/// task's id), in one shape: each answer fills what its command prints.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    #[serde(default, deserialize_with = "nullable")]
    pub container_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// `running`, `exited`… (a task: its desired state, lower-case).
    #[serde(default, deserialize_with = "nullable")]
    pub state: String,
    /// `Up 3 hours`, `Exited (0) 2 days ago`.
    pub status: Option<String>,
    /// A task's `Running 3 hours ago`, `Shutdown 2 days ago`.
    pub current_state: Option<String>,
    /// The swarm node (tasks, stack containers).
    pub node: Option<String>,
    /// Why a task failed.
    pub error: Option<String>,
}

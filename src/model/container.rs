//! A service's containers as Dokploy reads them from Docker (`docker.*ByAppName*`).

use super::de::object;

/// A container (`docker ps`: `docker.getContainersByAppNameMatch`) or a swarm task
/// (`docker service ps`: `docker.getServiceContainersByAppName`, whose `containerId` is the
/// task's id), in one shape: each answer fills what its command prints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    pub container_id: String,
    pub name: String,
    /// `running`, `exited`… (a task: its desired state, lower-case).
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

object!(Container, "a container", {
    "containerId" => container_id: nullable,
    "name" => name: nullable,
    "state" => state: nullable,
    "status" => status: plain,
    "currentState" => current_state: plain,
    "node" => node: plain,
    "error" => error: plain,
});

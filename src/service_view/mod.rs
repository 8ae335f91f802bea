//! The project and service views as plain data: env text and secret names, connection strings,
//! create forms, timestamps, deployments and quick actions. Host-tested; no Leptos here.

pub mod connection;
pub mod create;
pub mod domain;
pub mod env;
pub mod settings;
pub mod time;

use crate::model::{
    Deployment, DeploymentStatus, Project, ServiceKind, ServiceStatus, ServiceSummary,
};

/// Which quick actions a service offers in its current state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuickActions {
    pub deploy: bool,
    pub start: bool,
    pub stop: bool,
}

/// Deploy always; Stop while it runs or deploys; Start when it is idle, failed or unknown.
pub fn quick_actions(status: Option<&ServiceStatus>) -> QuickActions {
    let running = matches!(status, Some(ServiceStatus::Done | ServiceStatus::Running));
    QuickActions {
        deploy: true,
        start: !running,
        stop: running || matches!(status, Some(ServiceStatus::Error)),
    }
}

/// Services in the order the project view lists them: applications, compose, databases;
/// by name within a kind.
pub fn sorted_services(mut services: Vec<ServiceSummary>) -> Vec<ServiceSummary> {
    services.sort_by(|a, b| {
        a.kind.cmp(&b.kind).then_with(|| {
            a.display_name()
                .to_lowercase()
                .cmp(&b.display_name().to_lowercase())
        })
    });
    services
}

/// True while any service deploys: views then refresh faster.
pub fn any_deploying(services: &[ServiceSummary]) -> bool {
    services
        .iter()
        .any(|s| matches!(s.status, Some(ServiceStatus::Running)))
}

/// The environment id to show: the one in the URL when the project has it, else the default.
pub fn chosen_environment(project: &Project, wanted: Option<&str>) -> Option<String> {
    wanted
        .and_then(|w| project.environment(w))
        .or_else(|| project.default_environment())
        .map(|e| e.environment_id)
}

/// Deployments newest first (by `createdAt`, ISO text compares in time order).
pub fn newest_first(mut list: Vec<Deployment>) -> Vec<Deployment> {
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    list
}

/// True while a deployment may still change (running, queued, or a state Skiff doesn't know).
pub fn deployment_active(status: Option<&DeploymentStatus>) -> bool {
    match status {
        Some(DeploymentStatus::Running) => true,
        Some(DeploymentStatus::Other(s)) => matches!(s.as_str(), "queued" | "pending"),
        _ => false,
    }
}

/// The CSS status word and label of a deployment status.
pub fn deployment_badge(status: Option<&DeploymentStatus>) -> (&'static str, String) {
    match status {
        Some(DeploymentStatus::Running) => ("deploying", "Running".into()),
        Some(DeploymentStatus::Done) => ("done", "Done".into()),
        Some(DeploymentStatus::Error) => ("error", "Failed".into()),
        Some(DeploymentStatus::Cancelled) => ("idle", "Cancelled".into()),
        Some(DeploymentStatus::Other(s)) => ("queued", s.clone()),
        None => ("idle", "Unknown".into()),
    }
}

/// How long a deployment took (or has been running, given `now`), in milliseconds.
pub fn deployment_duration(d: &Deployment, now_ms: i64) -> Option<i64> {
    let start = d
        .started_at
        .as_deref()
        .or(d.created_at.as_deref())
        .and_then(time::parse_iso)?;
    let end = match d.finished_at.as_deref().and_then(time::parse_iso) {
        Some(e) => e,
        None if deployment_active(d.status.as_ref()) => now_ms,
        None => return None,
    };
    Some(end - start)
}

/// The CSS status word of a service status (matching the overview's badges).
pub fn status_word(status: Option<&ServiceStatus>) -> &'static str {
    match status {
        Some(ServiceStatus::Done) => "done",
        Some(ServiceStatus::Running) => "deploying",
        Some(ServiceStatus::Error) => "error",
        Some(ServiceStatus::Idle) => "idle",
        _ => "unknown",
    }
}

/// The container name `compose.readLogs` expects for one service of a compose app.
pub fn compose_container(app_name: &str, compose_type: Option<&str>, service: &str) -> String {
    if compose_type == Some("stack") {
        format!("{app_name}_{service}")
    } else {
        format!("{app_name}-{service}-1")
    }
}

/// Whether the kind has a deployments history in Dokploy.
pub fn has_deployments(kind: ServiceKind) -> bool {
    matches!(kind, ServiceKind::Application | ServiceKind::Compose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(kind: ServiceKind, name: &str, status: Option<ServiceStatus>) -> ServiceSummary {
        ServiceSummary {
            kind,
            id: name.into(),
            name: Some(name.into()),
            app_name: None,
            status,
            description: None,
            created_at: None,
            environment_id: None,
        }
    }

    #[test]
    fn actions_follow_status() {
        let a = quick_actions(Some(&ServiceStatus::Done));
        assert!(a.deploy && a.stop && !a.start);
        let a = quick_actions(Some(&ServiceStatus::Idle));
        assert!(a.start && !a.stop);
        let a = quick_actions(Some(&ServiceStatus::Error));
        assert!(a.start && a.stop);
        let a = quick_actions(None);
        assert!(a.start && !a.stop);
    }

    #[test]
    fn sorting_and_busy() {
        let list = sorted_services(vec![
            svc(ServiceKind::Postgres, "db", None),
            svc(ServiceKind::Application, "web", None),
            svc(
                ServiceKind::Application,
                "API",
                Some(ServiceStatus::Running),
            ),
        ]);
        let names: Vec<_> = list.iter().map(|s| s.display_name()).collect();
        assert_eq!(names, ["API", "web", "db"]);
        assert!(any_deploying(&list));
        assert!(!any_deploying(&list[1..]));
    }

    #[test]
    fn deployments() {
        let d = |created: &str, status: Option<DeploymentStatus>, fin: Option<&str>| Deployment {
            deployment_id: created.into(),
            created_at: Some(created.into()),
            started_at: Some(created.into()),
            finished_at: fin.map(Into::into),
            status,
            ..Default::default()
        };
        let list = newest_first(vec![
            d("2026-01-01T00:00:00Z", Some(DeploymentStatus::Done), None),
            d("2026-01-02T00:00:00Z", Some(DeploymentStatus::Done), None),
        ]);
        assert_eq!(list[0].deployment_id, "2026-01-02T00:00:00Z");
        let done = d(
            "2026-01-01T00:00:00Z",
            Some(DeploymentStatus::Done),
            Some("2026-01-01T00:01:34Z"),
        );
        assert_eq!(deployment_duration(&done, 0), Some(94_000));
        let running = d(
            "1970-01-01T00:00:00Z",
            Some(DeploymentStatus::Running),
            None,
        );
        assert_eq!(deployment_duration(&running, 5000), Some(5000));
        let unknown_end = d("1970-01-01T00:00:00Z", Some(DeploymentStatus::Error), None);
        assert_eq!(deployment_duration(&unknown_end, 5000), None);
        assert!(deployment_active(Some(&DeploymentStatus::Other(
            "queued".into()
        ))));
        assert!(!deployment_active(Some(&DeploymentStatus::Error)));
        assert_eq!(deployment_badge(Some(&DeploymentStatus::Error)).1, "Failed");
    }

    #[test]
    fn compose_containers() {
        assert_eq!(compose_container("app-x", None, "web"), "app-x-web-1");
        assert_eq!(
            compose_container("app-x", Some("stack"), "web"),
            "app-x_web"
        );
    }

    #[test]
    fn environment_choice() {
        let p: Project = serde_json::from_value(serde_json::json!({
            "projectId": "p", "name": "shop",
            "environments": [
                {"environmentId": "e1", "name": "staging", "isDefault": false},
                {"environmentId": "e2", "name": "production", "isDefault": true}
            ]
        }))
        .unwrap();
        assert_eq!(chosen_environment(&p, Some("e1")).as_deref(), Some("e1"));
        assert_eq!(chosen_environment(&p, Some("nope")).as_deref(), Some("e2"));
        assert_eq!(chosen_environment(&p, None).as_deref(), Some("e2"));
        let legacy: Project =
            serde_json::from_value(serde_json::json!({"projectId": "p", "name": "old"})).unwrap();
        assert_eq!(chosen_environment(&legacy, None).as_deref(), Some("p"));
    }
}

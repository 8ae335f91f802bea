//! The all-instances overview as plain data: per instance, its projects and the services that
//! need attention (failed or stopped), from one `project.all` answer.
//!
//! Dokploy v0.25+ `project.all` gives no status for databases, so they are counted as
//! "status unknown" rather than guessed.

use crate::model::{Project, ServiceKind, ServiceStatus};
use crate::overview::{self, lower, StatusCounts};

/// A service that failed (`error`) or is stopped (`idle`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attention {
    pub project_id: String,
    pub project: String,
    pub kind: ServiceKind,
    pub id: String,
    pub name: String,
    pub failed: bool,
}

/// One instance's summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstanceSummary {
    pub projects: usize,
    pub services: usize,
    pub status: StatusCounts,
    /// Failed services first, then stopped ones, each by project and name.
    pub attention: Vec<Attention>,
    /// Project names with their service counts, by name.
    pub project_rows: Vec<(String, String, usize)>,
}

impl InstanceSummary {
    pub fn failed(&self) -> usize {
        self.attention.iter().filter(|a| a.failed).count()
    }
    pub fn stopped(&self) -> usize {
        self.attention.iter().filter(|a| !a.failed).count()
    }
}

/// Summarises one instance's `project.all`.
pub fn summarize(projects: &[Project]) -> InstanceSummary {
    let cards = overview::build(projects);
    let mut out = InstanceSummary {
        projects: cards.len(),
        ..Default::default()
    };
    for c in &cards {
        out.services += c.services.len();
        out.status = add(out.status, &c.status);
        out.project_rows
            .push((c.id.clone(), c.name.clone(), c.services.len()));
        for s in &c.services {
            let failed = match &s.status {
                Some(ServiceStatus::Error) => true,
                Some(ServiceStatus::Idle) => false,
                _ => continue,
            };
            out.attention.push(Attention {
                project_id: c.id.clone(),
                project: c.name.clone(),
                kind: s.kind,
                id: s.id.clone(),
                name: s.display_name().to_string(),
                failed,
            });
        }
    }
    crate::order::sort_by(&mut out.project_rows, |a, b| lower(&a.1).cmp(&lower(&b.1)));
    crate::order::sort_by(&mut out.attention, |a, b| {
        b.failed
            .cmp(&a.failed)
            .then_with(|| lower(&a.project).cmp(&lower(&b.project)))
            .then_with(|| lower(&a.name).cmp(&lower(&b.name)))
    });
    out
}

fn add(mut a: StatusCounts, b: &StatusCounts) -> StatusCounts {
    a.running += b.running;
    a.deploying += b.deploying;
    a.error += b.error;
    a.idle += b.idle;
    a.unknown += b.unknown;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn projects() -> Vec<Project> {
        serde_json::from_str(
            r#"[
            {"projectId":"p2","name":"shop","environments":[{"environmentId":"e2","name":"production","isDefault":true,
              "applications":[{"applicationId":"a3","name":"web","applicationStatus":"idle"}],
              "compose":[{"composeId":"c1","name":"stack","composeStatus":"error"}]}]},
            {"projectId":"p1","name":"Blog","environments":[{"environmentId":"e1","name":"production","isDefault":true,
              "applications":[{"applicationId":"a1","name":"api","applicationStatus":"error"},
                              {"applicationId":"a2","name":"front","applicationStatus":"done"}],
              "postgres":[{"postgresId":"d1"}]}]}
        ]"#,
        )
        .unwrap()
    }

    #[test]
    fn lists_failed_then_stopped_and_counts_unknown_databases() {
        let s = summarize(&projects());
        assert_eq!(s.projects, 2);
        assert_eq!(s.services, 5);
        assert_eq!(s.failed(), 2);
        assert_eq!(s.stopped(), 1);
        let names: Vec<&str> = s.attention.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["api", "stack", "web"]);
        assert_eq!(s.attention[1].kind, ServiceKind::Compose);
        assert_eq!(s.attention[0].project_id, "p1");
        assert_eq!(s.status.unknown, 1);
        assert_eq!(s.status.running, 1);
        let rows: Vec<&str> = s.project_rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(rows, ["Blog", "shop"]);
    }

    #[test]
    fn empty_instance() {
        let s = summarize(&[]);
        assert_eq!(s, InstanceSummary::default());
    }
}

//! The projects overview as plain data: cards with counts, search and sort.
//!
//! Built once per `project.all` answer; a search keystroke only filters the prepared cards
//! (lower-cased text is computed up front), so typing stays within a frame at 10,000 services.

use crate::model::{Project, ServiceKind, ServiceStatus, ServiceSummary};
use crate::routes::Sort;

/// One project, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectCard {
    pub id: String,
    pub name: String,
    pub description: String,
    pub environments: Vec<String>,
    /// Services per kind, kinds without services left out, in [`ServiceKind::ALL`] order.
    pub kinds: Vec<(ServiceKind, usize)>,
    pub status: StatusCounts,
    pub services: Vec<ServiceSummary>,
    /// The newest `createdAt` of the project and its services (ISO 8601 compares as text).
    pub last_change: String,
    /// Lower-cased project and environment names and description.
    own_text: String,
    /// Lower-cased service names, one per entry of `services`.
    service_text: Vec<String>,
}

/// How many services are in each state; services whose status the answer leaves out
/// (databases in `project.all` of v0.25+) count as `unknown`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub running: usize,
    pub deploying: usize,
    pub error: usize,
    pub idle: usize,
    pub unknown: usize,
}

impl StatusCounts {
    fn add(&mut self, status: Option<&ServiceStatus>) {
        match status {
            Some(ServiceStatus::Done) => self.running += 1,
            Some(ServiceStatus::Running) => self.deploying += 1,
            Some(ServiceStatus::Error) => self.error += 1,
            Some(ServiceStatus::Idle) => self.idle += 1,
            Some(ServiceStatus::Other(_)) | None => self.unknown += 1,
        }
    }

    fn merge(&mut self, other: &StatusCounts) {
        self.running += other.running;
        self.deploying += other.deploying;
        self.error += other.error;
        self.idle += other.idle;
        self.unknown += other.unknown;
    }

    /// (label, css status word, count) for the non-zero counts.
    pub fn entries(&self) -> Vec<(&'static str, &'static str, usize)> {
        [
            ("running", "done", self.running),
            ("deploying", "running", self.deploying),
            ("error", "error", self.error),
            ("idle", "idle", self.idle),
            ("status unknown", "unknown", self.unknown),
        ]
        .into_iter()
        .filter(|(_, _, n)| *n > 0)
        .collect()
    }
}

/// Prepares the cards for `projects`.
pub fn build(projects: &[Project]) -> Vec<ProjectCard> {
    projects.iter().map(card).collect()
}

fn card(p: &Project) -> ProjectCard {
    let environments: Vec<String> = p
        .all_environments()
        .iter()
        .filter(|e| !e.implicit)
        .map(|e| e.name.clone())
        .collect();
    let services = p.summaries();
    let mut kinds = Vec::new();
    for kind in ServiceKind::ALL {
        let n = services.iter().filter(|s| s.kind == kind).count();
        if n > 0 {
            kinds.push((kind, n));
        }
    }
    let mut status = StatusCounts::default();
    let mut last_change = p.created_at.clone().unwrap_or_default();
    for s in &services {
        status.add(s.status.as_ref());
        if let Some(c) = &s.created_at {
            if *c > last_change {
                last_change = c.clone();
            }
        }
    }
    let description = p.description.clone().unwrap_or_default();
    let own_text =
        format!("{}\n{}\n{}", p.name, environments.join("\n"), description).to_lowercase();
    let service_text = services
        .iter()
        .map(|s| {
            let mut t = s.display_name().to_lowercase();
            if let Some(app) = &s.app_name {
                t.push('\n');
                t.push_str(&app.to_lowercase());
            }
            t
        })
        .collect();
    ProjectCard {
        id: p.project_id.clone(),
        name: p.name.clone(),
        description,
        environments,
        kinds,
        status,
        services,
        last_change,
        own_text,
        service_text,
    }
}

/// A card that matches a search, with the services that matched (empty when the project
/// itself matched every term).
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub services: Vec<usize>,
}

/// The cards matching `query` (every whitespace-separated term, case-insensitive, in the
/// project's, its environments' or one service's names), in `sort` order.
pub fn search(cards: &[ProjectCard], query: &str, sort: Sort) -> Vec<Hit> {
    let query = query.to_lowercase();
    let terms: Vec<&str> = query.split_whitespace().collect();
    let mut hits: Vec<Hit> = cards
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            if terms.is_empty() {
                return Some(Hit {
                    index,
                    services: Vec::new(),
                });
            }
            // Terms the project's own text does not answer must be answered by one service.
            let rest: Vec<&str> = terms
                .iter()
                .copied()
                .filter(|t| !c.own_text.contains(t))
                .collect();
            if rest.is_empty() {
                return Some(Hit {
                    index,
                    services: Vec::new(),
                });
            }
            let services: Vec<usize> = c
                .service_text
                .iter()
                .enumerate()
                .filter(|(_, text)| rest.iter().all(|t| text.contains(t)))
                .map(|(i, _)| i)
                .collect();
            (!services.is_empty()).then_some(Hit { index, services })
        })
        .collect();
    match sort {
        Sort::Name => hits.sort_by(|a, b| {
            let (x, y) = (&cards[a.index].name, &cards[b.index].name);
            x.to_lowercase()
                .cmp(&y.to_lowercase())
                .then_with(|| x.cmp(y))
        }),
        Sort::Recent => {
            hits.sort_by(|a, b| cards[b.index].last_change.cmp(&cards[a.index].last_change))
        }
    }
    hits
}

/// Totals over the given cards: services per kind and per status.
pub fn totals(cards: &[ProjectCard]) -> (Vec<(ServiceKind, usize)>, StatusCounts, usize) {
    let mut status = StatusCounts::default();
    let mut per_kind = [0usize; 8];
    let mut services = 0;
    for c in cards {
        status.merge(&c.status);
        for (kind, n) in &c.kinds {
            if let Some(i) = ServiceKind::ALL.iter().position(|k| k == kind) {
                per_kind[i] += n;
            }
            services += n;
        }
    }
    let kinds = ServiceKind::ALL
        .iter()
        .zip(per_kind)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (*k, n))
        .collect();
    (kinds, status, services)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn projects() -> Vec<Project> {
        serde_json::from_value(serde_json::json!([
            {"projectId": "p1", "name": "shop", "description": "Web shop", "createdAt": "2026-01-01T00:00:00Z",
             "environments": [
                {"environmentId": "e1", "name": "production", "isDefault": true,
                 "applications": [
                    {"applicationId": "a1", "name": "storefront", "applicationStatus": "done", "createdAt": "2026-03-01T00:00:00Z"},
                    {"applicationId": "a2", "name": "worker", "applicationStatus": "error"}],
                 "postgres": [{"postgresId": "pg1"}],
                 "compose": [{"composeId": "c1", "name": "search-stack", "composeStatus": "running"}]},
                {"environmentId": "e2", "name": "staging", "applications": []}]},
            {"projectId": "p2", "name": "Blog", "createdAt": "2026-02-01T00:00:00Z",
             "environments": [{"environmentId": "e3", "name": "production",
                "applications": [{"applicationId": "a3", "name": "ghost", "applicationStatus": "idle"}]}]},
            {"projectId": "p3", "name": "legacy", "createdAt": "2024-01-01T00:00:00Z",
             "applications": [{"applicationId": "a4", "name": "old-api", "applicationStatus": "done"}]}
        ]))
        .expect("fixture decodes")
    }

    #[test]
    fn counts_by_kind_and_status() {
        let cards = build(&projects());
        let shop = &cards[0];
        assert_eq!(
            shop.kinds,
            vec![
                (ServiceKind::Application, 2),
                (ServiceKind::Compose, 1),
                (ServiceKind::Postgres, 1)
            ]
        );
        assert_eq!(
            shop.status,
            StatusCounts {
                running: 1,
                deploying: 1,
                error: 1,
                idle: 0,
                unknown: 1
            }
        );
        assert_eq!(shop.environments, vec!["production", "staging"]);
        assert_eq!(shop.last_change, "2026-03-01T00:00:00Z");
        assert!(
            cards[2].environments.is_empty(),
            "legacy projects show no environment"
        );
        let (kinds, status, n) = totals(&cards);
        assert_eq!(n, 6);
        assert_eq!(kinds[0], (ServiceKind::Application, 4));
        assert_eq!(status.running, 2);
    }

    #[test]
    fn searches_projects_environments_and_services() {
        let cards = build(&projects());
        let names = |hits: Vec<Hit>| {
            hits.iter()
                .map(|h| cards[h.index].name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(search(&cards, "", Sort::Name)),
            vec!["Blog", "legacy", "shop"]
        );
        assert_eq!(
            names(search(&cards, "", Sort::Recent)),
            vec!["shop", "Blog", "legacy"]
        );
        assert_eq!(names(search(&cards, "SHOP", Sort::Name)), vec!["shop"]);
        assert_eq!(names(search(&cards, "staging", Sort::Name)), vec!["shop"]);
        let hits = search(&cards, "worker", Sort::Name);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            cards[hits[0].index].services[hits[0].services[0]]
                .name
                .as_deref(),
            Some("worker")
        );
        // Terms may mix the project and a service.
        assert_eq!(
            names(search(&cards, "shop front", Sort::Name)),
            vec!["shop"]
        );
        assert!(search(&cards, "shop ghost", Sort::Name).is_empty());
        assert_eq!(names(search(&cards, "old-api", Sort::Name)), vec!["legacy"]);
    }
}

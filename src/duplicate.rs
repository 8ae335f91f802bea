//! Duplicating (v0.25+): an environment's services into a new project (`project.duplicate`,
//! which answers the new project's environment), or an environment into a new one of the same
//! project (`environment.duplicate`, its variables only). What each copies is said before
//! anything is sent, as Dokploy's source does it (v0.30.2: services/project.ts and
//! environment.ts).

use serde::Serialize;

use crate::model::{Environment, ServiceKind, ServiceSummary};
use crate::service_view::backups::FieldError;

/// What is duplicated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// A new project holding copies of the chosen services.
    #[default]
    Project,
    /// A new environment of this project with this one's variables.
    Environment,
}

/// A service chosen for `project.duplicate` (`{id, type}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chosen {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// The body of `project.duplicate`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateProject {
    pub source_environment_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub include_services: bool,
    pub selected_services: Vec<Chosen>,
    pub duplicate_in_same_project: bool,
}

/// The body of `environment.duplicate`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateEnvironment {
    pub environment_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What a duplication copies and leaves, in words, before it is sent (`postgres`: a PostgreSQL
/// database is among the chosen).
pub fn what_is_copied(mode: Mode, env: &str, chosen: usize, postgres: bool) -> Vec<String> {
    match mode {
        Mode::Project => {
            let mut words = vec![
            format!(
                "A new project with one environment, production, holding copies of {} of {env}: each with its settings, variables, domains, mounts, ports, redirects and basic-auth users, and a MySQL, MariaDB or MongoDB database's backups.",
                match chosen {
                    0 => "none of the services".to_string(),
                    1 => "the chosen service".to_string(),
                    n => format!("the {n} chosen services"),
                }
            ),
            "Not copied: deployments and their logs, the data in volumes and databases, and the project's other environments. The copies are not deployed until you deploy them.".to_string(),
            "Domains are copied as they are: give the copies their own before deploying them, or two services answer one domain.".to_string(),
            ];
            if postgres {
                words.push("Dokploy cannot copy a PostgreSQL database that has backups (it fails on them after making the copy): leave such a database out.".to_string());
            }
            words
        }
        Mode::Environment => vec![
            format!("A new environment of this project with the variables of {env}."),
            "Its services are not copied: Dokploy copies the environment's variables only. To copy services, duplicate into a new project.".to_string(),
        ],
    }
}

/// The body of `project.duplicate` from `env`'s services chosen by id, or the errors.
pub fn project_body(
    env: &Environment,
    name: &str,
    description: &str,
    chosen: &[String],
) -> Result<DuplicateProject, Vec<FieldError>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(vec![("dup-name", "Name the new project.".to_string())]);
    }
    let selected: Vec<Chosen> = env
        .summaries()
        .iter()
        .filter(|s| chosen.contains(&s.id))
        .map(|s: &ServiceSummary| Chosen {
            id: s.id.clone(),
            kind: s.kind.router(),
        })
        .collect();
    let d = description.trim();
    Ok(DuplicateProject {
        source_environment_id: env.environment_id.clone(),
        name: name.to_string(),
        description: (!d.is_empty()).then(|| d.to_string()),
        include_services: !selected.is_empty(),
        selected_services: selected,
        duplicate_in_same_project: false,
    })
}

/// The body of `environment.duplicate`, or the errors: a name no other environment of the
/// project has.
pub fn environment_body(
    env: &Environment,
    name: &str,
    description: &str,
    taken: &[String],
) -> Result<DuplicateEnvironment, Vec<FieldError>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(vec![("dup-name", "Name the new environment.".to_string())]);
    }
    if taken.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        return Err(vec![(
            "dup-name",
            format!("This project already has an environment named {name}."),
        )]);
    }
    let d = description.trim();
    Ok(DuplicateEnvironment {
        environment_id: env.environment_id.clone(),
        name: name.to_string(),
        description: (!d.is_empty()).then(|| d.to_string()),
    })
}

/// Whether `kind` might carry backups Dokploy fails to copy (PostgreSQL).
pub fn risky(kind: ServiceKind) -> bool {
    kind == ServiceKind::Postgres
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Environment {
        serde_json::from_str(
            r#"{"environmentId":"e1","name":"production","projectId":"p1","isDefault":true,
            "applications":[{"applicationId":"a1","name":"web"},{"applicationId":"a2","name":"api"}],
            "compose":[],"postgres":[{"postgresId":"pg1","name":"db"}],"mysql":[],"mariadb":[],
            "mongo":[],"redis":[],"libsql":[]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_project_copy_names_its_services_and_kinds() {
        let body = project_body(&env(), " shop-copy ", "", &["a2".into(), "pg1".into()]).unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "sourceEnvironmentId": "e1",
                "name": "shop-copy",
                "includeServices": true,
                "selectedServices": [{"id": "a2", "type": "application"}, {"id": "pg1", "type": "postgres"}],
                "duplicateInSameProject": false
            })
        );
        let none = project_body(&env(), "empty", "just the project", &[]).unwrap();
        assert!(!none.include_services);
        assert_eq!(none.description.as_deref(), Some("just the project"));
        assert_eq!(
            project_body(&env(), "  ", "", &[]).unwrap_err()[0].0,
            "dup-name"
        );
    }

    #[test]
    fn an_environment_copy_needs_a_name_of_its_own() {
        let taken = vec!["production".to_string(), "staging".to_string()];
        assert!(
            environment_body(&env(), "Staging", "", &taken).unwrap_err()[0]
                .1
                .contains("already")
        );
        let body = environment_body(&env(), "preview", "", &taken).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"environmentId": "e1", "name": "preview"})
        );
    }

    #[test]
    fn what_is_copied_is_said_first() {
        let p = what_is_copied(Mode::Project, "production", 2, true).join(" ");
        assert!(p.contains("the 2 chosen services of production"));
        assert!(p.contains("Not copied") && p.contains("PostgreSQL"));
        let no_pg = what_is_copied(Mode::Project, "production", 1, false).join(" ");
        assert!(!no_pg.contains("PostgreSQL"));
        let e = what_is_copied(Mode::Environment, "production", 0, false).join(" ");
        assert!(e.contains("not copied"));
    }
}

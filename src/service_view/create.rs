//! The create-service and create-environment forms: which fields each kind needs, the checks
//! Dokploy's schemas make (run before sending), and the request built from the form.

use std::collections::BTreeMap;

use crate::api::{NewApplication, NewCompose, NewDatabase, NewEnvironment};
use crate::model::ServiceKind;

/// Longest `appName` Dokploy accepts.
pub const APP_NAME_MAX: usize = 63;

/// Dokploy's message for a password it rejects.
pub const PASSWORD_RULE: &str = "Password contains invalid characters. Please avoid: $ ! ' \" \\ / and space characters for database compatibility";

/// Where a new service goes: an environment (v0.25+) or a legacy project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Environment(String),
    Project(String),
}

/// Everything a create-service dialog can hold; which fields count depends on `kind`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceForm {
    pub kind: ServiceKind,
    pub name: String,
    pub app_name: String,
    pub description: String,
    pub database_name: String,
    pub database_user: String,
    pub database_password: String,
    pub root_password: String,
    pub docker_image: String,
    /// Compose: `docker-compose` or `stack`.
    pub compose_type: String,
}

/// The image a new database starts with (a current, existing tag).
pub fn default_image(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Postgres => "postgres:17",
        ServiceKind::Mysql => "mysql:8",
        ServiceKind::Mariadb => "mariadb:11",
        ServiceKind::Mongo => "mongo:7",
        ServiceKind::Redis => "redis:7",
        ServiceKind::Libsql => crate::api::databases::LIBSQL_DEFAULT_IMAGE,
        _ => "",
    }
}

/// Postgres, MySQL and MariaDB have a database name.
pub fn has_database_name(kind: ServiceKind) -> bool {
    matches!(
        kind,
        ServiceKind::Postgres | ServiceKind::Mysql | ServiceKind::Mariadb
    )
}

/// Every database but Redis has a user.
pub fn has_user(kind: ServiceKind) -> bool {
    kind.is_database() && kind != ServiceKind::Redis
}

/// MySQL and MariaDB have a root password.
pub fn has_root_password(kind: ServiceKind) -> bool {
    matches!(kind, ServiceKind::Mysql | ServiceKind::Mariadb)
}

/// Whether a password passes Dokploy's pattern `^[a-zA-Z0-9@#%^&*()_+\-=[\]{}|;:,.<>?~`]*$`.
pub fn valid_password(p: &str) -> bool {
    p.chars()
        .all(|c| c.is_ascii_alphanumeric() || "@#%^&*()_+-=[]{}|;:,.<>?~`".contains(c))
}

/// Whether an app name passes `^[a-zA-Z0-9._-]+$` and the length limit.
pub fn valid_app_name(a: &str) -> bool {
    !a.is_empty()
        && a.len() <= APP_NAME_MAX
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Lowercase letters, digits and single dashes.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The app name Dokploy's dashboard suggests: `<project>-<service>`, slugged and cut to fit.
pub fn suggest_app_name(project: &str, name: &str) -> String {
    let joined = match (slugify(project), slugify(name)) {
        (p, n) if p.is_empty() => n,
        (p, n) if n.is_empty() => p,
        (p, n) => format!("{p}-{n}"),
    };
    let cut: String = joined.chars().take(APP_NAME_MAX).collect();
    cut.trim_end_matches('-').to_string()
}

/// A password of `len` letters and digits from random bytes (bytes that would bias the
/// choice are skipped; returns fewer characters only if `bytes` runs out).
pub fn password_from(bytes: &[u8], len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    bytes
        .iter()
        .filter(|b| (**b as usize) < 248)
        .take(len)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

impl ServiceForm {
    /// An empty form for `kind`, with the kind's default image.
    pub fn new(kind: ServiceKind) -> Self {
        ServiceForm {
            kind,
            name: String::new(),
            app_name: String::new(),
            description: String::new(),
            database_name: String::new(),
            database_user: String::new(),
            database_password: String::new(),
            root_password: String::new(),
            docker_image: default_image(kind).to_string(),
            compose_type: "docker-compose".to_string(),
        }
    }

    /// Problems per field, keyed by the API's field name (`databasePassword`); empty when the
    /// form can be sent.
    pub fn validate(&self) -> BTreeMap<&'static str, String> {
        let mut e = BTreeMap::new();
        let kind = self.kind;
        if self.name.trim().is_empty() {
            e.insert("name", "Give the service a name.".to_string());
        }
        let app = self.app_name.trim();
        if app.is_empty() {
            e.insert(
                "appName",
                "An app name is needed (letters, digits, . _ -).".to_string(),
            );
        } else if app.len() > APP_NAME_MAX {
            e.insert("appName", format!("At most {APP_NAME_MAX} characters."));
        } else if !valid_app_name(app) {
            e.insert(
                "appName",
                "Only letters, digits, dots, dashes and underscores.".to_string(),
            );
        }
        if has_database_name(kind) && self.database_name.trim().is_empty() {
            e.insert("databaseName", "Name the database to create.".to_string());
        }
        if has_user(kind) && self.database_user.trim().is_empty() {
            e.insert("databaseUser", "Choose a database user.".to_string());
        }
        if kind.is_database() {
            if self.database_password.is_empty() {
                e.insert(
                    "databasePassword",
                    "Set a password (or generate one).".to_string(),
                );
            } else if kind != ServiceKind::Redis && !valid_password(&self.database_password) {
                e.insert("databasePassword", PASSWORD_RULE.to_string());
            }
            if has_root_password(kind) && !valid_password(&self.root_password) {
                e.insert("databaseRootPassword", PASSWORD_RULE.to_string());
            }
            if self.docker_image.trim().is_empty() {
                e.insert("dockerImage", "Choose the Docker image to run.".to_string());
            }
        }
        e
    }

    fn description(&self) -> Option<String> {
        let d = self.description.trim();
        (!d.is_empty()).then(|| d.to_string())
    }

    fn target_ids(target: &Target) -> (Option<String>, Option<String>) {
        match target {
            Target::Environment(e) => (Some(e.clone()), None),
            Target::Project(p) => (None, Some(p.clone())),
        }
    }

    /// `application.create` body.
    pub fn application(&self, target: &Target) -> NewApplication {
        let (environment_id, project_id) = Self::target_ids(target);
        NewApplication {
            name: self.name.trim().to_string(),
            app_name: Some(self.app_name.trim().to_string()),
            description: self.description(),
            environment_id,
            project_id,
            server_id: None,
        }
    }

    /// `compose.create` body.
    pub fn compose(&self, target: &Target) -> NewCompose {
        let (environment_id, project_id) = Self::target_ids(target);
        NewCompose {
            name: self.name.trim().to_string(),
            app_name: Some(self.app_name.trim().to_string()),
            description: self.description(),
            environment_id,
            project_id,
            compose_type: Some(self.compose_type.clone()),
            compose_file: None,
            server_id: None,
        }
    }

    /// `<kind>.create` input.
    pub fn database(&self, target: &Target) -> NewDatabase {
        let kind = self.kind;
        let (environment_id, project_id) = Self::target_ids(target);
        let mut db = NewDatabase::new(kind, self.name.trim(), &self.database_password);
        db.app_name = Some(self.app_name.trim().to_string());
        db.description = self.description();
        db.environment_id = environment_id;
        db.project_id = project_id;
        db.docker_image = Some(self.docker_image.trim().to_string());
        if has_database_name(kind) {
            db.database_name = Some(self.database_name.trim().to_string());
        }
        if has_user(kind) {
            db.database_user = Some(self.database_user.trim().to_string());
        }
        if has_root_password(kind) && !self.root_password.is_empty() {
            db.database_root_password = Some(self.root_password.clone());
        }
        db
    }
}

/// Checks a new environment's name.
pub fn validate_environment(name: &str, taken: &[String]) -> Option<String> {
    let n = name.trim();
    if n.is_empty() {
        Some("Give the environment a name.".to_string())
    } else if taken.iter().any(|t| t.eq_ignore_ascii_case(n)) {
        Some(format!(
            "This project already has an environment named {n}."
        ))
    } else {
        None
    }
}

/// `environment.create` body.
pub fn new_environment(project_id: &str, name: &str, description: &str) -> NewEnvironment {
    let d = description.trim();
    NewEnvironment {
        name: name.trim().to_string(),
        project_id: project_id.to_string(),
        description: (!d.is_empty()).then(|| d.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(kind: ServiceKind) -> ServiceForm {
        let mut f = ServiceForm::new(kind);
        f.name = "Shop DB".into();
        f.app_name = suggest_app_name("shop", "Shop DB");
        f.database_name = "shop".into();
        f.database_user = "shop".into();
        f.database_password = "Pg_s3cr3t#2024".into();
        f
    }

    #[test]
    fn complete_forms_pass_for_every_kind() {
        for kind in ServiceKind::ALL {
            assert!(filled(kind).validate().is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn required_fields_follow_the_kind() {
        let empty = |k| ServiceForm::new(k).validate();
        let pg = empty(ServiceKind::Postgres);
        for f in [
            "name",
            "appName",
            "databaseName",
            "databaseUser",
            "databasePassword",
        ] {
            assert!(pg.contains_key(f), "{f}");
        }
        let redis = empty(ServiceKind::Redis);
        assert!(!redis.contains_key("databaseUser"));
        assert!(!redis.contains_key("databaseName"));
        assert!(redis.contains_key("databasePassword"));
        let mongo = empty(ServiceKind::Mongo);
        assert!(!mongo.contains_key("databaseName"));
        assert!(mongo.contains_key("databaseUser"));
        let app = empty(ServiceKind::Application);
        assert_eq!(
            app.keys().copied().collect::<Vec<_>>(),
            vec!["appName", "name"]
        );
    }

    #[test]
    fn app_names_and_passwords_follow_dokploy_patterns() {
        let mut f = filled(ServiceKind::Postgres);
        f.app_name = "has space".into();
        assert!(f.validate().contains_key("appName"));
        f.app_name = "a".repeat(64);
        assert!(f.validate()["appName"].contains("63"));
        f.app_name = "ok.name_1-x".into();
        assert!(f.validate().is_empty());
        f.database_password = "bad'quote".into();
        assert_eq!(f.validate()["databasePassword"], PASSWORD_RULE);
        assert!(valid_password("a@#%^&*()_+-=[]{}|;:,.<>?~`Z9"));
        for bad in ["a b", "a$", "a!", "a/", "a\\", "a\""] {
            assert!(!valid_password(bad), "{bad}");
        }
        let mut r = filled(ServiceKind::Redis);
        r.database_password = "any thing$".into();
        assert!(r.validate().is_empty());
        let mut m = filled(ServiceKind::Mysql);
        m.root_password = "no way".into();
        assert!(m.validate().contains_key("databaseRootPassword"));
    }

    #[test]
    fn suggestions_and_slugs() {
        assert_eq!(
            suggest_app_name("My Shop", "Web Front!"),
            "my-shop-web-front"
        );
        assert_eq!(suggest_app_name("", "api"), "api");
        assert_eq!(suggest_app_name("shop", ""), "shop");
        let long = suggest_app_name(&"p".repeat(40), &"s".repeat(40));
        assert!(long.len() <= APP_NAME_MAX && valid_app_name(&long));
        assert_eq!(slugify("  --Hello__World--  "), "hello-world");
    }

    #[test]
    fn generated_passwords_are_valid() {
        let bytes: Vec<u8> = (0..=255).collect();
        let p = password_from(&bytes, 24);
        assert_eq!(p.len(), 24);
        assert!(valid_password(&p));
        assert_eq!(password_from(&[250, 251, 0], 2), "A");
    }

    #[test]
    fn requests_carry_the_right_fields() {
        let target = Target::Environment("env1".into());
        let pg = filled(ServiceKind::Postgres).database(&target).body();
        assert_eq!(pg["environmentId"], "env1");
        assert_eq!(pg["appName"], "shop-shop-db");
        assert_eq!(pg["databaseName"], "shop");
        assert_eq!(pg["dockerImage"], "postgres:17");
        let redis = filled(ServiceKind::Redis).database(&target).body();
        assert!(redis.get("databaseUser").is_none());
        assert!(redis.get("databaseName").is_none());
        let legacy = Target::Project("p1".into());
        let app = filled(ServiceKind::Application).application(&legacy);
        assert_eq!(app.project_id.as_deref(), Some("p1"));
        assert_eq!(app.environment_id, None);
        assert_eq!(app.description, None);
        let c = filled(ServiceKind::Compose).compose(&target);
        assert_eq!(c.compose_type.as_deref(), Some("docker-compose"));
    }

    #[test]
    fn environments() {
        let taken = vec!["production".to_string()];
        assert!(validate_environment(" ", &taken).is_some());
        assert!(validate_environment("Production", &taken).is_some());
        assert!(validate_environment("staging", &taken).is_none());
        let e = new_environment("p", " staging ", "");
        assert_eq!(e.name, "staging");
        assert_eq!(e.description, None);
    }
}

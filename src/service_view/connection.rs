//! Connection strings of the database kinds, built like Dokploy's dashboard does, and the
//! host an external connection goes to.

use crate::model::{Database, ServiceKind};

/// The port a database listens on inside the Docker network.
pub fn internal_port(kind: ServiceKind) -> Option<u16> {
    Some(match kind {
        ServiceKind::Postgres => 5432,
        ServiceKind::Mysql | ServiceKind::Mariadb => 3306,
        ServiceKind::Mongo => 27017,
        ServiceKind::Redis => 6379,
        ServiceKind::Libsql => 8080,
        _ => return None,
    })
}

/// A connection string with where it points, and the password it contains (for masking).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub url: String,
    /// The password as it appears in `url` (percent-encoded), empty when there is none.
    pub secret: String,
}

impl Connection {
    /// The URL with the password replaced by bullets.
    pub fn masked(&self) -> String {
        if self.secret.is_empty() {
            self.url.clone()
        } else {
            self.url.replacen(&self.secret, "••••••••", 1)
        }
    }
}

/// Percent-encodes a user name or password for the userinfo part of a URL (RFC 3986
/// unreserved characters stay as they are).
fn userinfo(s: &str) -> String {
    crate::routes::percent_encode(s)
}

/// The URL of `db` at `host:port`; `None` for a kind that is not a database.
pub fn connection(db: &Database, kind: ServiceKind, host: &str, port: u32) -> Option<Connection> {
    let user = userinfo(db.database_user.as_deref().unwrap_or_default());
    let password = userinfo(db.database_password.as_deref().unwrap_or_default());
    let name = db.database_name.as_deref().unwrap_or_default();
    let url = match kind {
        ServiceKind::Postgres => format!("postgresql://{user}:{password}@{host}:{port}/{name}"),
        ServiceKind::Mysql => format!("mysql://{user}:{password}@{host}:{port}/{name}"),
        ServiceKind::Mariadb => format!("mariadb://{user}:{password}@{host}:{port}/{name}"),
        ServiceKind::Mongo => format!("mongodb://{user}:{password}@{host}:{port}"),
        ServiceKind::Redis => format!("redis://default:{password}@{host}:{port}"),
        ServiceKind::Libsql => format!("http://{user}:{password}@{host}:{port}"),
        _ => return None,
    };
    Some(Connection {
        url,
        secret: password,
    })
}

/// The URL other services in the same Docker network use: `appName:<internal port>`.
pub fn internal(db: &Database, kind: ServiceKind) -> Option<Connection> {
    let host = db.app_name.as_deref().filter(|s| !s.is_empty())?;
    connection(db, kind, host, u32::from(internal_port(kind)?))
}

/// The URL from outside, through the published `externalPort`; `None` while no port is set.
pub fn external(db: &Database, kind: ServiceKind, host: &str) -> Option<Connection> {
    let port = db.external_port.filter(|p| *p > 0)?;
    if host.is_empty() {
        return None;
    }
    connection(db, kind, host, port)
}

/// The host name of an instance's API base URL (`https://dokploy.acme.test/api` →
/// `dokploy.acme.test`; IPv6 keeps its brackets).
pub fn host_of(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(i) => authority[..=i].to_string(),
            None => authority.to_string(),
        };
    }
    authority.split(':').next().unwrap_or_default().to_string()
}

/// Checks an external port typed by the user: empty means "closed".
pub fn parse_port(input: &str) -> Result<Option<u16>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(Some(p as u16)),
        _ => Err("A port is a number from 1 to 65535 (leave empty to close it).".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg() -> Database {
        Database {
            postgres_id: Some("p1".into()),
            app_name: Some("shop-db-7f3k2a".into()),
            database_name: Some("shop".into()),
            database_user: Some("shop".into()),
            database_password: Some("Pg_s3cr3t_2024".into()),
            external_port: Some(5433),
            ..Default::default()
        }
    }

    #[test]
    fn internal_strings_per_kind() {
        let db = pg();
        let c = internal(&db, ServiceKind::Postgres).unwrap();
        assert_eq!(
            c.url,
            "postgresql://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:5432/shop"
        );
        assert_eq!(
            c.masked(),
            "postgresql://shop:••••••••@shop-db-7f3k2a:5432/shop"
        );
        let url = |k| internal(&db, k).unwrap().url;
        assert_eq!(
            url(ServiceKind::Mysql),
            "mysql://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:3306/shop"
        );
        assert_eq!(
            url(ServiceKind::Mariadb),
            "mariadb://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:3306/shop"
        );
        assert_eq!(
            url(ServiceKind::Mongo),
            "mongodb://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:27017"
        );
        assert_eq!(
            url(ServiceKind::Redis),
            "redis://default:Pg_s3cr3t_2024@shop-db-7f3k2a:6379"
        );
        assert_eq!(
            url(ServiceKind::Libsql),
            "http://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:8080"
        );
        assert!(internal(&db, ServiceKind::Application).is_none());
    }

    #[test]
    fn external_needs_a_port_and_host() {
        let mut db = pg();
        let c = external(&db, ServiceKind::Postgres, "dokploy.acme.test").unwrap();
        assert_eq!(
            c.url,
            "postgresql://shop:Pg_s3cr3t_2024@dokploy.acme.test:5433/shop"
        );
        assert!(external(&db, ServiceKind::Postgres, "").is_none());
        db.external_port = None;
        assert!(external(&db, ServiceKind::Postgres, "h").is_none());
        db.external_port = Some(0);
        assert!(external(&db, ServiceKind::Postgres, "h").is_none());
    }

    #[test]
    fn passwords_are_encoded_and_masked() {
        let mut db = pg();
        db.database_password = Some("a@b:c#d".into());
        let c = internal(&db, ServiceKind::Postgres).unwrap();
        assert_eq!(
            c.url,
            "postgresql://shop:a%40b%3Ac%23d@shop-db-7f3k2a:5432/shop"
        );
        assert!(!c.masked().contains("a%40b"));
        db.database_password = Some(String::new());
        let c = internal(&db, ServiceKind::Redis).unwrap();
        assert_eq!(c.masked(), c.url);
    }

    #[test]
    fn hosts_of_base_urls() {
        assert_eq!(
            host_of("https://dokploy.acme.test/api"),
            "dokploy.acme.test"
        );
        assert_eq!(host_of("http://127.0.0.1:3000/api"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:3000/api"), "[::1]");
        assert_eq!(host_of("https://x.test:8443/sub/api"), "x.test");
        assert_eq!(host_of("x.test/api"), "x.test");
    }

    #[test]
    fn ports() {
        assert_eq!(parse_port(""), Ok(None));
        assert_eq!(parse_port(" 5433 "), Ok(Some(5433)));
        assert!(parse_port("0").is_err());
        assert!(parse_port("70000").is_err());
        assert!(parse_port("abc").is_err());
    }
}

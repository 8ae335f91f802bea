//! Docker registries (`registry.*`), like Dokploy v0.30.2 (checked against the recordings) and,
//! for the older eras, like its source at v0.24.12 and v0.18.4. A registry is `{registryId,
//! registryName, imagePrefix, username, password, registryUrl, createdAt, registryType,
//! organizationId}` (v0.18.4: `adminId` in place of `organizationId`).
//!
//! - `registry.all` lists the organization's registries, password and all; `registry.one`
//!   answers one without its password (404 `Registry not found`).
//! - `registry.create` runs `docker login` before it answers the new row (password and all);
//!   `registry.testRegistry {registryUrl, username, password, ...}` runs it and answers `true`;
//!   `registry.testRegistryById {registryId}` runs it with a saved registry (400 `Registry not
//!   found`: its lookup fails inside the `try` that turns every failure into a 400). The login is
//!   simulated: a registry whose port is 9 or whose host contains `unreachable` refuses the
//!   connection, and the call fails as the recordings have it (`login_error`); any other
//!   succeeds. A failed create saves nothing (Dokploy's transaction).
//! - `registry.update {registryId, ...}` sets the fields given (a password given replaces the
//!   saved one) and answers `true`; it logs in again with the result, and a failed login answers
//!   400 after the update was saved (Dokploy runs no transaction there). No field to set: 400
//!   `No values to set` (drizzle's refusal).
//! - `registry.remove {registryId}` answers the removed row, password and all; the applications
//!   using it lose it (the foreign keys `set null`).
//!
//! Access (v0.30.2): every procedure is `withPermission("registry", ...)`, an enterprise
//! resource the member role has no action of: a member is answered 401 `unauthorized to access
//! resource "registry"`. v0.24.12 and v0.18.4: `create`, `one` and `remove` are the owner's (a
//! bare 401 `UNAUTHORIZED`), `all`, `update` and `testRegistry` any member's.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::advanced::failed_update;
use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::shapes::{obj, s, Row};
use crate::store::Store;
use crate::util::{id_from, iso, now_ms};
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    router == "registry"
}

/// The `registry` table's columns in v0.30.2's order.
const COLUMNS: &[&str] = &[
    "registryId",
    "registryName",
    "imagePrefix",
    "username",
    "password",
    "registryUrl",
    "createdAt",
    "registryType",
    "organizationId",
];

/// The seeded registry: name, url, username, password, days since it was added.
pub const SEEDED: (&str, &str, &str, &str, i64) = (
    "ghcr",
    "ghcr.io",
    "demo-bot",
    "ghp_demoBotReadPackages2026",
    40,
);

/// The demo's GitHub container registry (every era). Its id comes from a generator of its own,
/// so every other seeded id stays what it was.
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x7265_6769);
    let (name, url, user, password, days) = SEEDED;
    let org = st.org_id();
    st.registries.push(crate::rollbacks::registry_row(
        &id_from(&mut rng, 21),
        name,
        None,
        user,
        password,
        url,
        &iso(now_ms() - days * 86_400_000),
        &org,
    ));
    st.touch();
}

/// A registry row as `era` answers it: v0.18.4 names the admin instead of the organization.
pub fn era_row(st: &Store, era: Era, row: &Row) -> Row {
    let mut out = row.clone();
    if era == Era::V0_18_4 {
        out.remove("organizationId");
        out.insert("adminId".into(), json!(s(&st.owner().row, "id")));
    }
    out
}

fn position(st: &Store, id: &str) -> Option<usize> {
    st.registries.iter().position(|r| s(r, "registryId") == id)
}

// ------------------------------------------------------------------ the simulated login

/// The host and port `docker login <url>` dials: a port given, else https's.
fn dial_address(url: &str) -> (String, Option<String>) {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let host_port = rest.split('/').next().unwrap_or_default();
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() => {
            (host.to_string(), Some(port.to_string()))
        }
        _ => (host_port.to_string(), None),
    }
}

/// Whether the simulated registry at `url` refuses the login: port 9 (discard, where the
/// recordings' unreachable registry was) or a host that says `unreachable`.
pub fn unreachable(url: &str) -> bool {
    let (host, port) = dial_address(url);
    port.as_deref() == Some("9") || host.to_ascii_lowercase().contains("unreachable")
}

/// The Docker CLI's complaint when the registry at `url` refuses the connection, as recorded
/// (`time=` is when it happened): it tries https, then http, then gives up.
pub fn login_stderr(url: &str, now_ms: i64) -> String {
    let (host, port) = dial_address(url);
    let stamp = format!("{}Z", &iso(now_ms)[..19]);
    let base = match &port {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    let dial = |scheme: &str| match &port {
        Some(p) => format!("{host}:{p}"),
        None if scheme == "https" => format!("{host}:443"),
        None => format!("{host}:80"),
    };
    let mut out = String::new();
    for scheme in ["https", "http"] {
        out.push_str(&format!(
            "time=\"{stamp}\" level=info msg=\"Error logging in to endpoint, trying next endpoint\" endpoint=\"{{false {scheme}://{base} false false false 0xc0004525a0}}\" error=\"Get \\\"{scheme}://{base}/v2/\\\": dial tcp {}: connect: connection refused\"\n",
            dial(scheme)
        ));
    }
    out.push_str(&format!(
        "Get \"http://{base}/v2/\": dial tcp {}: connect: connection refused\n",
        dial("http")
    ));
    out
}

/// Dokploy's `shEscape`: single quotes, a quote inside closed and reopened.
fn sh_escape(v: &str) -> String {
    if v.is_empty() {
        return "''".into();
    }
    format!("'{}'", v.replace('\'', "'\\''"))
}

/// How a failed login reads in `era`'s message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Login {
    /// v0.30.2's `create` and `update`: `execAsync(safeDockerLoginCommand(...))`, the password
    /// replaced by `***` (`sanitizeRegistryError`).
    Shell,
    /// `testRegistry` and `testRegistryById` from v0.24.12: `execFileAsync("docker", ...)`.
    File,
    /// v0.24.12's and v0.18.4's `echo PASSWORD | docker login ...` through `exec` (password and
    /// all, as Dokploy put it in the message).
    Echo,
}

/// The message of a failed `docker login` to `url` as `user` with `password`.
pub fn login_error(how: Login, url: &str, user: &str, password: &str, now_ms: i64) -> String {
    let stderr = login_stderr(url, now_ms);
    match how {
        Login::Shell => {
            let command = format!(
                "printf %s {} | docker login {} -u {} --password-stdin",
                sh_escape(password),
                sh_escape(url),
                sh_escape(user)
            );
            let message = format!("Command execution failed: Command failed: {command}\n{stderr}");
            if password.is_empty() {
                message
            } else {
                message.replace(password, "***")
            }
        }
        Login::File => format!("Command failed with code 1. Stderr: {stderr}"),
        Login::Echo => format!(
            "Command failed: echo {password} | docker login {url} --username {user} --password-stdin\n{stderr}"
        ),
    }
}

/// Runs the simulated login; the failure's message as `how` words it.
fn login(how: Login, url: &str, user: &str, password: &str) -> Result<(), String> {
    if unreachable(url) {
        Err(login_error(how, url, user, password, now_ms()))
    } else {
        Ok(())
    }
}

// ------------------------------------------------------------------ errors and access

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "BAD_REQUEST", message)
}

fn not_found() -> ApiError {
    ApiError::not_found("Registry not found")
}

/// v0.30.2's `withPermission("registry", ...)`: the owner's and admins' (the member role has no
/// action on registries); the older eras' `adminProcedure`: the owner's.
fn owner_only(caller: &Caller, era: Era) -> Result<(), ApiError> {
    match (caller.owner, era) {
        (true, _) => Ok(()),
        (false, Era::V0_30_2) => Err(ApiError::no_permission("registry")),
        (false, _) => Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED")),
    }
}

// ------------------------------------------------------------------ procedures

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let modern = era == Era::V0_30_2;
    // The older eras let any member list, update and test registries.
    let protected = matches!(
        name,
        "registry.all" | "registry.update" | "registry.testRegistry"
    );
    if modern || !protected {
        owner_only(caller, era)?;
    }
    let mut st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    match name {
        "registry.all" => {
            let rows = st
                .registries
                .iter()
                .map(|r| Value::Object(era_row(&st, era, r)))
                .collect();
            json(Value::Array(rows))
        }
        "registry.one" => {
            let pos = position(&st, &input_str(input, "registryId")).ok_or_else(not_found)?;
            let mut row = era_row(&st, era, &st.registries[pos]);
            row.remove("password");
            json(Value::Object(row))
        }
        "registry.create" => {
            let url = input_str(input, "registryUrl");
            let user = input_str(input, "username");
            let password = input_str(input, "password");
            if let Err(message) = login(
                if modern { Login::Shell } else { Login::Echo },
                &url,
                &user,
                &password,
            ) {
                // v0.30.2 sanitizes it into a 400; the older eras let exec's error through (500).
                return Err(if modern {
                    bad_request(message)
                } else {
                    ApiError::internal(message)
                });
            }
            let id = st.new_id();
            let org = st.org_id();
            let row = obj(json!({
                "registryId": id,
                "registryName": input_str(input, "registryName"),
                "imagePrefix": input.get("imagePrefix").cloned().unwrap_or(Value::Null),
                "username": user,
                "password": password,
                "registryUrl": url,
                "createdAt": iso(now_ms()),
                "registryType": input.get("registryType").cloned().unwrap_or(json!("cloud")),
                "organizationId": org,
            }));
            st.registries.push(row.clone());
            st.touch();
            json(Value::Object(era_row(&st, era, &row)))
        }
        "registry.update" => {
            let id = input_str(input, "registryId");
            let pos = position(&st, &id).ok_or_else(not_found)?;
            let set: Row = COLUMNS
                .iter()
                .filter(|c| **c != "registryId")
                .filter_map(|c| input.get(*c).map(|v| (c.to_string(), v.clone())))
                .collect();
            // Every failure of Dokploy's update is a 400: v0.18.4 with its own words, the later
            // eras with the error's.
            let fail = |message: String| {
                bad_request(if era == Era::V0_18_4 {
                    "Error updating this registry".to_string()
                } else {
                    message
                })
            };
            if set.is_empty() {
                return Err(fail("No values to set".into()));
            }
            // Another organization's id fails the foreign key.
            if let Some(org) = set.get("organizationId") {
                if org.as_str() != Some(st.org_id().as_str()) {
                    return Err(fail(failed_update(
                        "registry",
                        COLUMNS,
                        &set,
                        "registryId",
                        &id,
                    )));
                }
            }
            st.registries[pos].extend(set);
            st.touch();
            let row = st.registries[pos].clone();
            let how = if modern { Login::Shell } else { Login::Echo };
            login(
                how,
                &s(&row, "registryUrl"),
                &s(&row, "username"),
                &s(&row, "password"),
            )
            .map_err(fail)?;
            json(json!(true))
        }
        "registry.remove" => {
            let id = input_str(input, "registryId");
            let pos = position(&st, &id).ok_or_else(not_found)?;
            let row = st.registries.remove(pos);
            // The applications' foreign keys to it `set null`.
            for svc in st.services.values_mut() {
                for key in ["registryId", "rollbackRegistryId", "buildRegistryId"] {
                    if svc.row.get(key).and_then(Value::as_str) == Some(id.as_str()) {
                        svc.row.insert(key.into(), Value::Null);
                    }
                }
            }
            st.touch();
            json(Value::Object(era_row(&st, era, &row)))
        }
        "registry.testRegistry" => {
            let how = if era == Era::V0_18_4 {
                Login::Echo
            } else {
                Login::File
            };
            check_server(&st, input)?;
            login(
                how,
                &input_str(input, "registryUrl"),
                &input_str(input, "username"),
                &input_str(input, "password"),
            )
            .map_err(bad_request)?;
            json(json!(true))
        }
        "registry.testRegistryById" => {
            // The lookup fails inside the `try` whose `catch` answers 400.
            let pos = position(&st, &input_str(input, "registryId"))
                .ok_or_else(|| bad_request("Registry not found"))?;
            let row = st.registries[pos].clone();
            check_server(&st, input)?;
            login(
                Login::File,
                &s(&row, "registryUrl"),
                &s(&row, "username"),
                &s(&row, "password"),
            )
            .map_err(bad_request)?;
            json(json!(true))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

/// A test on a remote server (`serverId`, not `none`): one the instance does not have fails
/// its lookup (400 `Server not found`); a known one logs in as the instance would.
fn check_server(st: &Store, input: &Value) -> Result<(), ApiError> {
    let server = input_str(input, "serverId");
    if server.is_empty() || server == "none" {
        return Ok(());
    }
    if st.servers.iter().any(|r| s(r, "serverId") == server) {
        Ok(())
    } else {
        Err(bad_request("Server not found"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-02T17:42:04Z, when registry.create.unreachable-registry-400 was recorded.
    const RECORDED: i64 = 1_796_233_324_000;

    #[test]
    fn a_refused_login_reads_like_the_recordings() {
        assert_eq!(iso(RECORDED), "2026-12-02T17:42:04.000Z");
        let stderr = "time=\"2026-12-02T17:42:04Z\" level=info msg=\"Error logging in to endpoint, trying next endpoint\" endpoint=\"{false https://127.0.0.1:9 false false false 0xc0004525a0}\" error=\"Get \\\"https://127.0.0.1:9/v2/\\\": dial tcp 127.0.0.1:9: connect: connection refused\"\ntime=\"2026-12-02T17:42:04Z\" level=info msg=\"Error logging in to endpoint, trying next endpoint\" endpoint=\"{false http://127.0.0.1:9 false false false 0xc0004525a0}\" error=\"Get \\\"http://127.0.0.1:9/v2/\\\": dial tcp 127.0.0.1:9: connect: connection refused\"\nGet \"http://127.0.0.1:9/v2/\": dial tcp 127.0.0.1:9: connect: connection refused\n";
        // registry.create.unreachable-registry-400
        assert_eq!(
            login_error(Login::Shell, "127.0.0.1:9", "rec-user", "example-password", RECORDED),
            format!("Command execution failed: Command failed: printf %s '***' | docker login '127.0.0.1:9' -u 'rec-user' --password-stdin\n{stderr}")
        );
        // registry.testRegistry (recorded 17:42:42, the same words)
        assert_eq!(
            login_error(
                Login::File,
                "127.0.0.1:9",
                "rec-user",
                "example-password",
                RECORDED
            ),
            format!("Command failed with code 1. Stderr: {stderr}")
        );
    }

    #[test]
    fn which_registries_refuse() {
        assert!(unreachable("127.0.0.1:9"));
        assert!(unreachable("https://registry.example.com:9/v2"));
        assert!(unreachable("registry.unreachable.test"));
        assert!(!unreachable("ghcr.io"));
        assert!(!unreachable("127.0.0.1:5055"));
        assert!(!unreachable("registry.example.com:90"));
        // Without a port Docker dials https's, then http's.
        let err = login_stderr("unreachable.example", RECORDED);
        assert!(err.contains("dial tcp unreachable.example:443"), "{err}");
        assert!(err.ends_with(
            "Get \"http://unreachable.example/v2/\": dial tcp unreachable.example:80: connect: connection refused\n"
        ));
    }

    #[test]
    fn passwords_are_quoted_and_hidden() {
        let m = login_error(Login::Shell, "x.unreachable", "o'neil", "p'w", RECORDED);
        assert!(
            m.contains("docker login 'x.unreachable' -u 'o'\\''neil' --password-stdin"),
            "{m}"
        );
        assert!(m.contains("printf %s 'p'\\''w' | docker login"), "{m}");
        let m = login_error(Login::Echo, "h:9", "u", "secret", RECORDED);
        assert!(m.starts_with(
            "Command failed: echo secret | docker login h:9 --username u --password-stdin\n"
        ));
    }
}

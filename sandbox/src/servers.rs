//! Remote servers (`server.all`, `server.one`, `server.count`, `server.withSSHKey`,
//! `server.buildServers`, `server.getServerMetrics`, `server.allForPermissions`), from Dokploy's
//! source at v0.30.2, v0.24.12 and v0.18.4 and the v0.30.2 recordings (made on an instance
//! without servers: empty lists, `0`, the errors). A server is a `server` row `{serverId, name,
//! description, ipAddress, port, username, appName, enableDockerCleanup, buildsConcurrency,
//! createdAt, organizationId, serverStatus, serverType, command, sshKeyId, metricsConfig}`
//! (v0.24.12: no `buildsConcurrency` nor `serverType`; v0.18.4 also `adminId` in place of
//! `organizationId`).
//!
//! - `server.all`: newest first, each row with `totalSum`, what Dokploy's query counts of the
//!   applications, compose services and databases on it (not libsql): left joins of the seven
//!   tables counted per table, so with services of several kinds the counts multiply (one
//!   application and one compose service: 2; two applications and one compose service: 4).
//! - `server.one {serverId}`: the row with `deployments` (the deployment rows naming the server)
//!   and `sshKey` (its key's row; v0.30.2 blanks the private key, the older eras answer it);
//!   404 `Server not found`.
//! - `server.count` (v0.30.2, v0.24.12): the servers of the organizations the caller owns (a
//!   member owns none: `0`).
//! - `server.withSSHKey`: the servers with a key (v0.30.2: and `serverType` `deploy`);
//!   `server.buildServers` (v0.30.2): those of type `build`. Rows without `totalSum`.
//! - `server.getServerMetrics {url, token, dataPoints}` (v0.30.2, v0.24.12) fetches
//!   `url?limit=dataPoints` with the token, as Dokploy does: a URL that does not parse answers
//!   500 `Invalid URL`, one nobody answers 500 `fetch failed` (both recorded). The monitoring
//!   endpoint of an active seeded server (`http://<ipAddress>:<metricsConfig.server.port>/metrics`)
//!   answers: the wrong token 500 `Error 401: Unauthorized. Ensure the container is running and
//!   this service is included in the monitoring configuration.`, another path `Error 404: Not
//!   Found. ...`, `dataPoints` `0` the "No monitoring data available" error, otherwise the last
//!   N samples (a number; `all` or a negative number: the retention's worth; anything else 50),
//!   oldest first, one per `refreshRate` seconds, in the monitoring service's shape `{cpu,
//!   cpuModel, cpuCores, cpuPhysicalCores, cpuSpeed, os, distro, kernel, arch, memUsed,
//!   memUsedGB, memTotal, uptime, diskUsed, totalDisk, networkIn, networkOut, timestamp}`
//!   (percentages, GB and MB as texts with two decimals), drawn from the server's id and the
//!   sample's minute.
//! - `server.allForPermissions` (v0.30.2): needs `member.update` (a member: 401 `unauthorized to
//!   access resource "member"`), then an enterprise licence: 403 `Valid enterprise license
//!   required` (recorded).
//!
//! Access. v0.30.2: `all`, `one`, `withSSHKey` and `buildServers` are `withPermission("server",
//! "read")`, which the member role lacks (401 `unauthorized to access resource "server"`);
//! `count` and `getServerMetrics` (`monitoring.read`) are any member's. The older eras: any
//! member's.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{obj, s, Row};
use crate::store::Store;
use crate::util::{id_from, iso, now_ms};
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    router == "server"
}

const DAY: i64 = 86_400_000;

/// The seeded build server.
pub const BUILD_01: &str = "build-01";
/// `--remote-server`'s server, running the demo's storefront and monitoring.
pub const EDGE_1: &str = "edge-1";
pub const EDGE_1_ID: &str = "srv-edge-1";

#[allow(clippy::too_many_arguments)]
fn server_row(
    id: &str,
    name: &str,
    description: &str,
    ip: &str,
    app_name: &str,
    created_at: &str,
    org: &str,
    server_type: &str,
    ssh_key: Value,
    metrics_token: &str,
) -> Row {
    obj(json!({
        "serverId": id,
        "name": name,
        "description": description,
        "ipAddress": ip,
        "port": 22,
        "username": "root",
        "appName": app_name,
        "enableDockerCleanup": true,
        "buildsConcurrency": 1,
        "createdAt": created_at,
        "organizationId": org,
        "serverStatus": "active",
        "serverType": server_type,
        "command": "",
        "sshKeyId": ssh_key,
        "metricsConfig": {
            "server": {
                "type": "Remote",
                "refreshRate": 60,
                "port": 4500,
                "token": metrics_token,
                "urlCallback": "https://dokploy.acme.test/api/trpc/notification.receiveNotification",
                "retentionDays": 2,
                "cronJob": "0 0 * * *",
                "thresholds": {"cpu": 90, "memory": 85},
            },
            "containers": {
                "refreshRate": 60,
                "services": {"include": [], "exclude": []},
            },
        },
    }))
}

/// The seeded SSH key's id (`deploy-key`), if it is there.
fn deploy_key(st: &Store) -> Value {
    st.ssh_keys
        .iter()
        .find(|k| s(k, "name") == crate::ssh_keys::SEEDED.0)
        .map_or(Value::Null, |k| k["sshKeyId"].clone())
}

/// The demo's build server, build-01 (every era: each has remote servers), set up with the
/// seeded key `deploy-key` 19 days ago (the key is 20 days old), from a generator of its own
/// (every other seeded id stays what it was). Seed after the SSH key.
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x7365_7276);
    let id = id_from(&mut rng, 21);
    let org = st.org_id();
    let key = deploy_key(st);
    st.servers.push(server_row(
        &id,
        BUILD_01,
        "Builds the demo's images off the Dokploy host",
        "203.0.113.10",
        "server-parse-solid-state-protocol-k3v9xq",
        &iso(now_ms() - 19 * DAY),
        &org,
        "build",
        key,
        "fake-metrics-token-build-01",
    ));
    st.touch();
}

/// `--remote-server`: edge-1, a deploy server (the demo's storefront and monitoring run on it:
/// their `serverId`), added 12 days ago with the seeded key when there is one.
pub fn seed_edge(st: &mut Store) {
    let org = st.org_id();
    let key = deploy_key(st);
    st.servers.push(server_row(
        EDGE_1_ID,
        EDGE_1,
        "Edge node serving the storefront",
        "203.0.113.20",
        "server-compress-digital-matrix-p8d2wn",
        &iso(now_ms() - 12 * DAY),
        &org,
        "deploy",
        key,
        "fake-metrics-token-edge-1",
    ));
    for svc in st.services.values_mut() {
        if matches!(s(&svc.row, "name").as_str(), "storefront" | "monitoring") {
            svc.row.insert("serverId".into(), json!(EDGE_1_ID));
        }
    }
    st.touch();
}

/// The server row as `era` has it.
pub fn era_row(st: &Store, era: Era, row: &Row) -> Row {
    let mut out = row.clone();
    if era != Era::V0_30_2 {
        out.remove("buildsConcurrency");
        out.remove("serverType");
    }
    if era == Era::V0_18_4 {
        out.remove("organizationId");
        out.insert("adminId".into(), json!(s(&st.owner().row, "id")));
    }
    out
}

/// Dokploy's `totalSum`: `count(x)` summed over seven left-joined tables grouped by server, so
/// each kind's count is multiplied by the rows of the others.
fn total_sum(st: &Store, server_id: &str) -> i64 {
    let kinds = [
        Kind::Application,
        Kind::Compose,
        Kind::Redis,
        Kind::Mariadb,
        Kind::Mongo,
        Kind::Mysql,
        Kind::Postgres,
    ];
    let counts: Vec<i64> = kinds
        .iter()
        .map(|k| {
            st.services
                .values()
                .filter(|svc| svc.kind == *k && s(&svc.row, "serverId") == server_id)
                .count() as i64
        })
        .collect();
    let rows: i64 = counts.iter().map(|n| (*n).max(1)).product();
    counts.iter().filter(|n| **n > 0).count() as i64 * rows
}

fn newest_first(st: &Store) -> Vec<&Row> {
    let mut rows: Vec<&Row> = st.servers.iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(s(r, "createdAt")));
    rows
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    let reads_servers = matches!(
        name,
        "server.all" | "server.one" | "server.withSSHKey" | "server.buildServers"
    );
    if era == Era::V0_30_2 && reads_servers && !caller.owner {
        return Err(ApiError::no_permission("server"));
    }
    match name {
        "server.all" => json(Value::Array(
            newest_first(&st)
                .into_iter()
                .map(|r| {
                    let mut row = era_row(&st, era, r);
                    row.insert("totalSum".into(), json!(total_sum(&st, &s(r, "serverId"))));
                    Value::Object(row)
                })
                .collect(),
        )),
        "server.withSSHKey" | "server.buildServers" => {
            let wanted = if name == "server.buildServers" {
                "build"
            } else {
                "deploy"
            };
            json(Value::Array(
                newest_first(&st)
                    .into_iter()
                    .filter(|r| r.get("sshKeyId").is_some_and(|k| !k.is_null()))
                    .filter(|r| era != Era::V0_30_2 || s(r, "serverType") == wanted)
                    .map(|r| Value::Object(era_row(&st, era, r)))
                    .collect(),
            ))
        }
        "server.one" => {
            let id = input_str(input, "serverId");
            let row = st
                .servers
                .iter()
                .find(|r| s(r, "serverId") == id)
                .ok_or_else(|| ApiError::not_found("Server not found"))?;
            let mut out = era_row(&st, era, row);
            let deployments: Vec<Value> = st
                .deployments
                .iter()
                .filter(|d| s(&d.row, "serverId") == id)
                .map(|d| Value::Object(d.row.clone()))
                .collect();
            out.insert("deployments".into(), Value::Array(deployments));
            let key = s(row, "sshKeyId");
            let ssh_key = st
                .ssh_keys
                .iter()
                .find(|k| !key.is_empty() && s(k, "sshKeyId") == key)
                .map_or(Value::Null, |k| {
                    let mut k = crate::ssh_keys::era_row(&st, era, k);
                    // v0.30.2's `redactServerSshKey`.
                    if era == Era::V0_30_2 {
                        k["privateKey"] = json!("");
                    }
                    k
                });
            out.insert("sshKey".into(), ssh_key);
            json(Value::Object(out))
        }
        "server.count" => json(json!(if caller.owner { st.servers.len() } else { 0 })),
        "server.allForPermissions" => {
            if !caller.owner {
                return Err(ApiError::no_permission("member"));
            }
            Err(ApiError::forbidden("Valid enterprise license required"))
        }
        "server.getServerMetrics" => metrics(
            &st,
            &input_str(input, "url"),
            &input_str(input, "token"),
            &input_str(input, "dataPoints"),
        )
        .map(Reply::Json),
        _ => Err(ApiError::no_procedure()),
    }
}

// ------------------------------------------------------------------ monitoring

/// What `new URL(url)` makes of `url`: `(scheme, host, port, path)` (the port `None` when not
/// given), or `None` where it throws `Invalid URL`. Special schemes need a host; any other
/// scheme parses (and then cannot be fetched).
fn parse_url(url: &str) -> Option<(String, String, Option<u16>, String)> {
    let url = url.trim();
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    if !chars.next()?.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let rest = &url[colon + 1..];
    if !matches!(
        scheme.as_str(),
        "http" | "https" | "ws" | "wss" | "ftp" | "file"
    ) {
        return Some((scheme, String::new(), None, rest.to_string()));
    }
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let path = match &rest[end..] {
        "" => "/".to_string(),
        p => p.split(['?', '#']).next().unwrap_or("/").to_string(),
    };
    let hostport = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => {
            let port = if p.is_empty() {
                None
            } else {
                Some(p.parse::<u16>().ok()?)
            };
            (h, port)
        }
        _ => (hostport, None),
    };
    if host.is_empty() && scheme != "file" {
        return None;
    }
    Some((scheme, host.to_ascii_lowercase(), port, path))
}

fn monitoring_error(status: u16, reason: &str) -> ApiError {
    ApiError::internal(format!(
        "Error {status}: {reason}. Ensure the container is running and this service is included in the monitoring configuration."
    ))
}

const NO_DATA: &str = "No monitoring data available. This could be because:\n\n1. You don't have setup the monitoring service, you can do in web server section.\n2. If you already have setup the monitoring service, wait a few minutes and refresh the page.";

fn metrics(st: &Store, url: &str, token: &str, data_points: &str) -> Result<Value, ApiError> {
    let (scheme, host, port, path) =
        parse_url(url).ok_or_else(|| ApiError::internal("Invalid URL"))?;
    let fetch_failed = || ApiError::internal("fetch failed");
    if scheme != "http" {
        return Err(fetch_failed());
    }
    let port = port.unwrap_or(80);
    let server = st
        .servers
        .iter()
        .find(|r| {
            s(r, "serverStatus") == "active"
                && s(r, "ipAddress").eq_ignore_ascii_case(&host)
                && r.get("metricsConfig")
                    .and_then(|m| m["server"]["port"].as_u64())
                    == Some(u64::from(port))
        })
        .ok_or_else(fetch_failed)?;
    let config = &server.get("metricsConfig").unwrap_or(&Value::Null)["server"];
    // The monitoring service's own answers (fiber's status texts).
    if config["token"].as_str() != Some(token) {
        return Err(monitoring_error(401, "Unauthorized"));
    }
    if path != "/metrics" {
        return Err(monitoring_error(404, "Not Found"));
    }
    let refresh = config["refreshRate"].as_i64().unwrap_or(60).max(1) * 1000;
    let kept = config["retentionDays"].as_i64().unwrap_or(2).max(1) * DAY / refresh;
    // `strconv.Atoi`, then SQLite's LIMIT (negative: no limit).
    let n = match data_points {
        "all" => kept,
        text => match text.parse::<i64>() {
            Ok(n) if n < 0 => kept,
            Ok(n) => n.min(kept),
            Err(_) => 50,
        },
    };
    if n == 0 {
        return Err(ApiError::internal(NO_DATA));
    }
    let id = s(server, "serverId");
    let booted = crate::docker::parse_iso(&s(server, "createdAt")).unwrap_or(now_ms() - 19 * DAY);
    let last = now_ms() / refresh * refresh;
    let samples = (0..n)
        .rev()
        .map(|k| sample(&id, last - k * refresh, booted))
        .collect();
    Ok(Value::Array(samples))
}

/// A number in [0, 1) drawn from `seed`.
fn unit(seed: &str) -> f64 {
    let hex = crate::util::hex_of(seed, 13);
    u64::from_str_radix(&hex, 16).unwrap_or(0) as f64 / (1u64 << 52) as f64
}

/// One sample of the monitoring service (`monitoring.SystemMetrics`) at `at`.
fn sample(id: &str, at: i64, booted: i64) -> Value {
    let r = |what: &str| unit(&format!("{id}/{what}/{at}"));
    // A build server idles, with the odd build pushing the CPU up.
    let spike = r("spike");
    let cpu = 3.0 + 4.0 * r("cpu") + if spike > 0.93 { 60.0 * spike } else { 0.0 };
    let mem_total = 7.75;
    let mem_used = 2.2 + 0.6 * r("mem") + if spike > 0.93 { 1.5 } else { 0.0 };
    let uptime = ((at - booted) / 1000).max(0);
    // The disk fills slowly with images and build caches.
    let disk = 38.0 + 6.0 * (uptime as f64 / (30.0 * 86_400.0)).min(1.0) + 0.05 * r("disk");
    let net_in = uptime as f64 * 0.0123;
    let net_out = uptime as f64 * 0.0041;
    // Sampled about a second after the minute (`cpu.Percent` waits a second).
    let ms = at + 1000 + (r("jitter") * 200.0) as i64;
    json!({
        "cpu": format!("{cpu:.2}"),
        "cpuModel": "GenuineIntel Intel Xeon Processor (Icelake)",
        "cpuCores": 4,
        "cpuPhysicalCores": 4,
        "cpuSpeed": 2000,
        "os": "Ubuntu 24.04.1 LTS",
        "distro": "Ubuntu 24.04.1 LTS",
        "kernel": "6.8.0-49-generic",
        "arch": "x86_64",
        "memUsed": format!("{:.2}", mem_used / mem_total * 100.0),
        "memUsedGB": format!("{mem_used:.2}"),
        "memTotal": format!("{mem_total:.2}"),
        "uptime": uptime,
        "diskUsed": format!("{disk:.2}"),
        "totalDisk": "154.88",
        "networkIn": format!("{net_in:.2}"),
        "networkOut": format!("{net_out:.2}"),
        "timestamp": rfc3339_nano(ms),
    })
}

/// Go's `time.RFC3339Nano` in UTC: trailing zeros of the fraction dropped.
fn rfc3339_nano(ms: i64) -> String {
    let text = iso(ms);
    let Some((head, frac)) = text.trim_end_matches('Z').split_once('.') else {
        return text;
    };
    match frac.trim_end_matches('0') {
        "" => format!("{head}Z"),
        f => format!("{head}.{f}Z"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_like_new_url() {
        assert!(parse_url("not-a-url").is_none());
        assert!(parse_url("http://").is_none());
        assert!(parse_url("http://host:99999/").is_none());
        assert_eq!(
            parse_url("http://127.0.0.1:9/metrics"),
            Some((
                "http".into(),
                "127.0.0.1".into(),
                Some(9),
                "/metrics".into()
            ))
        );
        assert_eq!(
            parse_url("HTTP://203.0.113.10:4500/metrics?x=1"),
            Some((
                "http".into(),
                "203.0.113.10".into(),
                Some(4500),
                "/metrics".into()
            ))
        );
        assert!(parse_url("mailto:ops@acme.test").is_some());
    }

    #[test]
    fn timestamps_read_like_go() {
        assert_eq!(rfc3339_nano(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_nano(1_120), "1970-01-01T00:00:01.12Z");
    }
}

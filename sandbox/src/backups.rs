//! Backups: destinations (S3 buckets and the files in them), database and compose backups,
//! schedules and volume backups, and their runs, shaped like Dokploy v0.30.2; like v0.24.12 for
//! `--era v0.24.12` (its columns, service rows with `projectId`, nested destinations with their
//! keys, a schedule run answering `true`); destinations and database backups also like v0.18.4,
//! for `--legacy`.
//!
//! A run blocks like Dokploy's: `backup.manualBackup*`, `schedule.runManually` and
//! `volumeBackups.runManually` answer when it ends. Meanwhile it is a `running` deployment row
//! (with `backupId`, `scheduleId` or `volumeBackupId`) whose log grows a line every half
//! `deploy_step_ms`. What fails is named `flaky-`: a destination whose name or bucket starts with
//! `flaky-` cannot be reached (`destination.testConnection`, `backup.listBackupFiles` and every
//! upload to it fail); a backup whose prefix starts with `flaky-` is refused by the bucket; a
//! schedule or a volume backup whose name starts with `flaky-` fails.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::oneshot;

use crate::api::{input_str, merge, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{self, s, Row};
use crate::store::{BucketFile, RunOwner, Store};
use crate::util::{backup_stamp, date_c, hex_from, iso, now_ms, rclone_stamp};
use crate::views;
use crate::Shared;

/// What names a failing thing in the sandbox.
pub const FLAKY: &str = "flaky-";

fn flaky(name: &str) -> bool {
    name.starts_with(FLAKY)
}

/// A destination that cannot be reached: its name or bucket starts with `flaky-`.
pub fn destination_is_flaky(d: &Row) -> bool {
    flaky(&s(d, "name")) || flaky(&s(d, "bucket"))
}

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    matches!(
        router,
        "destination" | "backup" | "schedule" | "volumeBackups" | "overview"
    )
}

// ------------------------------------------------------------------ errors and access

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "BAD_REQUEST", message)
}

fn permission_denied() -> ApiError {
    ApiError::new(401, "UNAUTHORIZED", "Permission denied")
}

/// Creating, changing, removing and running backups, schedules and destinations is the
/// owner's (members have `backup: read` only, see `shapes::permissions`).
fn owner_only(caller: &Caller) -> Result<(), ApiError> {
    if caller.owner {
        Ok(())
    } else {
        Err(permission_denied())
    }
}

/// Members read what belongs to the services they were given.
fn service_access(st: &Store, caller: &Caller, service_id: &str) -> Result<(), ApiError> {
    if caller.owner || service_id.is_empty() {
        return Ok(());
    }
    let allowed = st
        .member_by_user(&caller.user_id)
        .and_then(|m| m.row.get("accessedServices"))
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(service_id)));
    if allowed {
        Ok(())
    } else {
        Err(ApiError::new(
            401,
            "UNAUTHORIZED",
            "You don't have access to this service",
        ))
    }
}

/// The database insert failing on a foreign key, as Dokploy relays Postgres' error.
pub(crate) fn foreign_key(table: &str, column: &str, target: &str) -> String {
    format!(
        "insert or update on table \"{table}\" violates foreign key constraint \"{table}_{column}_{target}_{column}_fk\""
    )
}

/// shell-quote's `quote([s])` for the values Dokploy puts on rclone's command line.
fn sh_quote(v: &str) -> String {
    if v.is_empty() {
        return "''".into();
    }
    let mut out = String::new();
    for c in v.chars() {
        if "#!\"$&'()*,:;<=>?@[\\]^`{|}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `--s3-...` flags of a destination, its keys redacted (Dokploy's error messages carry them;
/// the sandbox never echoes them).
fn rclone_flags(d: &Row, extra: &[&str]) -> String {
    let mut flags = Vec::new();
    if let Some(p) = d.get("provider").and_then(Value::as_str) {
        flags.push(format!("--s3-provider={}", sh_quote(p)));
    }
    flags.push("--s3-access-key-id=<redacted>".into());
    flags.push("--s3-secret-access-key=<redacted>".into());
    flags.push(format!("--s3-region={}", sh_quote(&s(d, "region"))));
    flags.push(format!("--s3-endpoint={}", sh_quote(&s(d, "endpoint"))));
    flags.push("--s3-no-check-bucket".into());
    flags.push("--s3-force-path-style".into());
    flags.extend(extra.iter().map(|x| x.to_string()));
    if let Some(a) = d.get("additionalFlags").and_then(Value::as_array) {
        flags.extend(a.iter().filter_map(Value::as_str).map(String::from));
    }
    flags.join(" ")
}

fn unreachable(d: &Row) -> String {
    format!(
        "bucket \"{}\" could not be reached at {}: dial tcp: i/o timeout",
        s(d, "bucket"),
        s(d, "endpoint")
    )
}

// ------------------------------------------------------------------ views

/// Database (or compose) backups as a service's `one` lists them: with their destination
/// (no keys) and their runs, oldest first.
pub fn service_backups(st: &Store, kind: Kind, service_id: &str) -> Value {
    let key = kind.id_key();
    Value::Array(
        st.backups
            .iter()
            .filter(|b| b.get(key).and_then(Value::as_str) == Some(service_id))
            .map(|b| {
                let mut v = b.clone();
                v.insert("destination".into(), destination_of(st, b));
                v.insert("deployments".into(), Value::Array(runs_of(st, b, false)));
                Value::Object(v)
            })
            .collect(),
    )
}

fn destination_of(st: &Store, row: &Row) -> Value {
    st.destination(&s(row, "destinationId"))
        .map(shapes::destination_public)
        .unwrap_or(Value::Null)
}

/// The runs (deployment rows) of a backup, schedule or volume backup.
fn runs_of(st: &Store, owner: &Row, newest_first: bool) -> Vec<Value> {
    let id = ["backupId", "scheduleId", "volumeBackupId"]
        .iter()
        .map(|k| s(owner, k))
        .find(|x| !x.is_empty())
        .unwrap_or_default();
    let mut list: Vec<Value> = st
        .deployments
        .iter()
        .filter(|d| d.service_id == id)
        .map(|d| Value::Object(d.row.clone()))
        .collect();
    if newest_first {
        list.reverse();
    }
    list
}

fn service_row<'a>(st: &'a Store, kind: Kind, id: &Value) -> Option<&'a Row> {
    id.as_str()
        .and_then(|id| st.service(kind, id))
        .map(|svc| &svc.row)
}

/// A service row with its environment and project (as `findBackupById` and friends nest it).
fn with_environment(st: &Store, row: &Row) -> Value {
    let mut v = row.clone();
    v.insert(
        "environment".into(),
        views::nested_environment(st, &s(row, "environmentId")),
    );
    Value::Object(v)
}

fn pick(row: &Row, keys: &[&str]) -> Row {
    keys.iter()
        .map(|k| {
            (
                (*k).to_string(),
                row.get(*k).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// `backup.one`: the row, its database (or compose) and its destination.
fn backup_one(st: &Store, b: &Row) -> Value {
    let mut v = b.clone();
    for kind in [
        Kind::Postgres,
        Kind::Mysql,
        Kind::Mariadb,
        Kind::Mongo,
        Kind::Libsql,
        Kind::Compose,
    ] {
        let related = b
            .get(kind.id_key())
            .and_then(|id| service_row(st, kind, id))
            .map(|r| Value::Object(r.clone()))
            .unwrap_or(Value::Null);
        v.insert(kind.router().into(), related);
    }
    v.insert("destination".into(), destination_of(st, b));
    Value::Object(v)
}

/// `schedule.one`: the row, its application (a few columns) or compose, with environment.
fn schedule_one(st: &Store, sc: &Row) -> Value {
    let mut v = sc.clone();
    let app = sc
        .get("applicationId")
        .and_then(|id| service_row(st, Kind::Application, id))
        .map(|r| {
            let mut a = pick(r, &["applicationId", "appName", "serverId"]);
            a.insert(
                "environment".into(),
                views::nested_environment(st, &s(r, "environmentId")),
            );
            Value::Object(a)
        })
        .unwrap_or(Value::Null);
    let compose = sc
        .get("composeId")
        .and_then(|id| service_row(st, Kind::Compose, id))
        .map(|r| with_environment(st, r))
        .unwrap_or(Value::Null);
    v.insert("application".into(), app);
    v.insert("compose".into(), compose);
    v.insert("server".into(), Value::Null);
    Value::Object(v)
}

/// A row of `schedule.list`: with its service's ids and names and its runs, newest first.
fn schedule_listed(st: &Store, sc: &Row) -> Value {
    let mut v = sc.clone();
    let brief = |kind: Kind| {
        sc.get(kind.id_key())
            .and_then(|id| service_row(st, kind, id))
            .map(|r| Value::Object(pick(r, &[kind.id_key(), "appName", "name", "serverId"])))
            .unwrap_or(Value::Null)
    };
    v.insert("application".into(), brief(Kind::Application));
    v.insert("server".into(), Value::Null);
    v.insert("compose".into(), brief(Kind::Compose));
    v.insert("deployments".into(), Value::Array(runs_of(st, sc, true)));
    Value::Object(v)
}

const VOLUME_KINDS: [Kind; 8] = [
    Kind::Application,
    Kind::Postgres,
    Kind::Mysql,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Redis,
    Kind::Compose,
    Kind::Libsql,
];

/// A row of `volumeBackups.list`: with the ids and app names of its service.
fn volume_backup_listed(st: &Store, vb: &Row) -> Value {
    let mut v = vb.clone();
    for kind in VOLUME_KINDS {
        let related = vb
            .get(kind.id_key())
            .and_then(|id| service_row(st, kind, id))
            .map(|r| Value::Object(pick(r, &[kind.id_key(), "appName", "serverId"])))
            .unwrap_or(Value::Null);
        v.insert(kind.router().into(), related);
    }
    Value::Object(v)
}

/// `volumeBackups.one`: its service with environment (an application's few columns only) and
/// its destination.
fn volume_backup_one(st: &Store, vb: &Row) -> Value {
    let mut v = vb.clone();
    for kind in VOLUME_KINDS {
        let related = vb
            .get(kind.id_key())
            .and_then(|id| service_row(st, kind, id))
            .map(|r| {
                if kind == Kind::Application {
                    let mut a = pick(r, &["applicationId", "appName", "serverId"]);
                    a.insert(
                        "environment".into(),
                        views::nested_environment(st, &s(r, "environmentId")),
                    );
                    Value::Object(a)
                } else {
                    with_environment(st, r)
                }
            })
            .unwrap_or(Value::Null);
        v.insert(kind.router().into(), related);
    }
    v.insert("destination".into(), destination_of(st, vb));
    Value::Object(v)
}

/// The service a backup reads: `(kind, id)` of its database, or of its compose.
fn backup_service(b: &Row) -> Option<(Kind, String)> {
    if s(b, "backupType") == "compose" {
        let id = s(b, "composeId");
        return (!id.is_empty()).then_some((Kind::Compose, id));
    }
    let kind = Kind::from_router(&s(b, "databaseType"))?;
    let id = s(b, kind.id_key());
    (!id.is_empty()).then_some((kind, id))
}

fn volume_backup_service(vb: &Row) -> Option<(Kind, String)> {
    VOLUME_KINDS.into_iter().find_map(|k| {
        let id = s(vb, k.id_key());
        (!id.is_empty()).then_some((k, id))
    })
}

fn project_and_environment(st: &Store, service_id: &str) -> (Value, Value) {
    let env_id = st
        .services
        .get(service_id)
        .map(|svc| s(&svc.row, "environmentId"))
        .unwrap_or_default();
    match st.environments.get(&env_id) {
        Some(e) => (json!(s(&e.row, "projectId")), json!(env_id)),
        None => (Value::Null, Value::Null),
    }
}

/// `overview.backups`: every run of a backup or volume backup, newest first (at most 500).
fn overview_backups(st: &Store, caller: &Caller) -> Vec<Value> {
    let mut runs: Vec<&crate::store::Deployment> = st
        .deployments
        .iter()
        .filter(|d| {
            d.row.get("backupId").is_some_and(Value::is_string)
                || d.row.get("volumeBackupId").is_some_and(Value::is_string)
        })
        .collect();
    runs.sort_by_key(|d| std::cmp::Reverse(s(&d.row, "createdAt")));
    let mut out = Vec::new();
    for d in runs {
        let is_backup = d.row.get("backupId").is_some_and(Value::is_string);
        let owner = if is_backup {
            st.run_owner(RunOwner::Backup, &d.service_id)
        } else {
            st.run_owner(RunOwner::VolumeBackup, &d.service_id)
        };
        let Some(owner) = owner else { continue };
        let service = if is_backup {
            backup_service(owner)
        } else {
            volume_backup_service(owner)
        };
        let service_id = service.as_ref().map(|x| x.1.clone()).unwrap_or_default();
        if service_access(st, caller, &service_id).is_err() {
            continue;
        }
        let svc = st.services.get(&service_id);
        let (project_id, environment_id) = project_and_environment(st, &service_id);
        let dest = st.destination(&s(owner, "destinationId"));
        let service_name = svc.map(|x| json!(s(&x.row, "name"))).unwrap_or_else(|| {
            json!(if is_backup {
                "Dokploy Server"
            } else {
                "Unknown"
            })
        });
        let owner_type = match &service {
            Some((k, _)) => json!(k.router()),
            None if is_backup => json!("web-server"),
            None => owner.get("serviceType").cloned().unwrap_or(Value::Null),
        };
        out.push(json!({
            "deploymentId": d.row.get("deploymentId"),
            "kind": if is_backup { "backup" } else { "volumeBackup" },
            "status": d.row.get("status"),
            "createdAt": d.row.get("createdAt"),
            "destinationId": dest.map(|x| s(x, "destinationId")).unwrap_or_default(),
            "destinationName": dest.map(|x| s(x, "name")).unwrap_or_else(|| "Unknown".into()),
            "databaseType": if is_backup { owner.get("databaseType").cloned().unwrap_or(Value::Null) } else { Value::Null },
            "serviceType": if is_backup { Value::Null } else { owner.get("serviceType").cloned().unwrap_or(Value::Null) },
            "backupType": if is_backup { owner.get("backupType").cloned().unwrap_or(Value::Null) } else { Value::Null },
            "serviceName": service_name,
            "serviceOwnerId": if service_id.is_empty() { Value::Null } else { json!(service_id) },
            "serviceOwnerType": owner_type,
            "serverId": svc.and_then(|x| x.row.get("serverId").cloned()).unwrap_or(Value::Null),
            "projectId": project_id,
            "environmentId": environment_id,
        }));
        if out.len() == 500 {
            break;
        }
    }
    out
}

// ------------------------------------------------------------------ the 2024 shapes

const LEGACY_DESTINATION_KEYS: &[&str] = &[
    "destinationId",
    "name",
    "provider",
    "accessKey",
    "secretAccessKey",
    "bucket",
    "region",
    "endpoint",
];

const LEGACY_BACKUP_KEYS: &[&str] = &[
    "backupId",
    "schedule",
    "enabled",
    "database",
    "prefix",
    "destinationId",
    "databaseType",
    "postgresId",
    "mariadbId",
    "mysqlId",
    "mongoId",
];

/// A destination of v0.18.4: no additional flags or creation time, the admin's id.
fn legacy_destination(st: &Store, d: &Row) -> Value {
    let mut v = pick(d, LEGACY_DESTINATION_KEYS);
    v.insert("adminId".into(), json!(s(&st.owner().row, "id")));
    Value::Object(v)
}

/// v0.18.4 knew database backups of postgres, mysql, mariadb and mongo only.
fn legacy_visible(b: &Row) -> bool {
    s(b, "backupType") == "database"
        && matches!(
            s(b, "databaseType").as_str(),
            "postgres" | "mysql" | "mariadb" | "mongo"
        )
}

/// The backups of a v0.18.4 `K.one`: the rows with their destination (keys and all).
fn legacy_service_backups(st: &Store, kind: Kind, service_id: &str) -> Value {
    let key = kind.id_key();
    Value::Array(
        st.backups
            .iter()
            .filter(|b| legacy_visible(b))
            .filter(|b| b.get(key).and_then(Value::as_str) == Some(service_id))
            .map(|b| {
                let mut v = pick(b, LEGACY_BACKUP_KEYS);
                let dest = st
                    .destination(&s(b, "destinationId"))
                    .map(|d| legacy_destination(st, d))
                    .unwrap_or(Value::Null);
                v.insert("destination".into(), dest);
                Value::Object(v)
            })
            .collect(),
    )
}

fn legacy_backup_one(st: &Store, b: &Row) -> Value {
    let mut v = pick(b, LEGACY_BACKUP_KEYS);
    for kind in [Kind::Postgres, Kind::Mysql, Kind::Mariadb, Kind::Mongo] {
        let related = b
            .get(kind.id_key())
            .and_then(|id| service_row(st, kind, id))
            .map(|r| Value::Object(crate::legacy::service_row(st, Era::V0_18_4, kind, r)))
            .unwrap_or(Value::Null);
        v.insert(kind.router().into(), related);
    }
    let dest = st
        .destination(&s(b, "destinationId"))
        .map(|d| legacy_destination(st, d))
        .unwrap_or(Value::Null);
    v.insert("destination".into(), dest);
    Value::Object(v)
}

// ------------------------------------------------------------------ the v0.24.12 shapes

/// Columns v0.30.2's rows have that v0.24.12's had not.
const BACKUP_NEWER: &[&str] = &["includeEncryptionKey", "libsqlId"];
const DESTINATION_NEWER: &[&str] = &["additionalFlags"];
/// (v0.24.12's schedules have `userId` instead: the owner of a `dokploy-server` schedule.)
const SCHEDULE_NEWER: &[&str] = &["description", "organizationId", "timezone"];
const VOLUME_BACKUP_NEWER: &[&str] = &["libsqlId"];

/// The kinds of service a v0.24.12 volume backup can belong to (no libsql).
const VOLUME_KINDS_V0_24: [Kind; 7] = [
    Kind::Application,
    Kind::Postgres,
    Kind::Mysql,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Redis,
    Kind::Compose,
];

fn without(row: &Row, newer: &[&str]) -> Row {
    let mut out = row.clone();
    for k in newer {
        out.remove(*k);
    }
    out
}

/// A destination of v0.24.12: its keys too (relations nest the whole row), no additional
/// flags.
fn destination_v0_24(d: &Row) -> Value {
    Value::Object(without(d, DESTINATION_NEWER))
}

fn destination_of_v0_24(st: &Store, row: &Row) -> Value {
    st.destination(&s(row, "destinationId"))
        .map(destination_v0_24)
        .unwrap_or(Value::Null)
}

fn schedule_v0_24(sc: &Row) -> Row {
    let mut out = without(sc, SCHEDULE_NEWER);
    out.insert(
        "userId".into(),
        sc.get("userId").cloned().unwrap_or(Value::Null),
    );
    out
}

/// A related service as a v0.24.12 relation nests it: its row, with `projectId`.
fn service_v0_24(st: &Store, kind: Kind, id: Option<&Value>) -> Value {
    id.and_then(|id| service_row(st, kind, id))
        .map(|r| Value::Object(crate::legacy::service_row(st, Era::V0_24_12, kind, r)))
        .unwrap_or(Value::Null)
}

/// The runs of a backup or schedule as v0.24.12's rows.
fn runs_v0_24(st: &Store, owner: &Row, newest_first: bool) -> Value {
    Value::Array(
        runs_of(st, owner, newest_first)
            .iter()
            .filter_map(Value::as_object)
            .map(|d| crate::legacy::deployment_row(Era::V0_24_12, d))
            .collect(),
    )
}

/// v0.24.12 knew no libsql, so no libsql backups.
fn visible_v0_24(b: &Row) -> bool {
    s(b, "databaseType") != "libsql"
}

/// Whether the era has this backup at all.
fn visible_in(era: Era, b: &Row) -> bool {
    match era {
        Era::V0_18_4 => legacy_visible(b),
        Era::V0_24_12 => visible_v0_24(b),
        Era::V0_30_2 => true,
    }
}

/// The backups of a service's `one` before environments: v0.18.4's rows with their
/// destination; v0.24.12's with their destination (keys and all) and runs.
pub fn flat_service_backups(st: &Store, era: Era, kind: Kind, service_id: &str) -> Value {
    if era == Era::V0_18_4 {
        return legacy_service_backups(st, kind, service_id);
    }
    let key = kind.id_key();
    Value::Array(
        st.backups
            .iter()
            .filter(|b| visible_v0_24(b))
            .filter(|b| b.get(key).and_then(Value::as_str) == Some(service_id))
            .map(|b| {
                let mut v = without(b, BACKUP_NEWER);
                v.insert("destination".into(), destination_of_v0_24(st, b));
                v.insert("deployments".into(), runs_v0_24(st, b, false));
                Value::Object(v)
            })
            .collect(),
    )
}

/// `backup.one` of v0.24.12: the row, its database's or compose's row and its destination.
fn backup_one_v0_24(st: &Store, b: &Row) -> Value {
    let mut v = without(b, BACKUP_NEWER);
    for kind in [
        Kind::Postgres,
        Kind::Mysql,
        Kind::Mariadb,
        Kind::Mongo,
        Kind::Compose,
    ] {
        v.insert(
            kind.router().into(),
            service_v0_24(st, kind, b.get(kind.id_key())),
        );
    }
    v.insert("destination".into(), destination_of_v0_24(st, b));
    Value::Object(v)
}

/// `schedule.one` (and with its runs, newest first, a row of `schedule.list`) of v0.24.12:
/// its application's and compose's whole rows.
fn schedule_v0_24_with(st: &Store, sc: &Row, runs: bool) -> Value {
    let mut v = schedule_v0_24(sc);
    v.insert(
        "application".into(),
        service_v0_24(st, Kind::Application, sc.get("applicationId")),
    );
    v.insert(
        "compose".into(),
        service_v0_24(st, Kind::Compose, sc.get("composeId")),
    );
    v.insert("server".into(), Value::Null);
    if runs {
        v.insert("deployments".into(), runs_v0_24(st, sc, true));
    }
    Value::Object(v)
}

/// A volume backup of v0.24.12 with its service's row (`list`), and its destination (`one`).
fn volume_backup_v0_24_with(st: &Store, vb: &Row, destination: bool) -> Value {
    let mut v = without(vb, VOLUME_BACKUP_NEWER);
    for kind in VOLUME_KINDS_V0_24 {
        v.insert(
            kind.router().into(),
            service_v0_24(st, kind, vb.get(kind.id_key())),
        );
    }
    if destination {
        v.insert("destination".into(), destination_of_v0_24(st, vb));
    }
    Value::Object(v)
}

// ------------------------------------------------------------------ procedures

/// `destination.*`, `backup.*`, `schedule.*`, `volumeBackups.*` and `overview.backups`, as
/// `era` answers them (the procedures an era lacks never get here).
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let (router, procedure) = name.split_once('.').unwrap_or((name, ""));
    match router {
        "destination" => destination_call(shared, procedure, input, caller, era),
        "backup" => backup_call(shared, procedure, input, caller, era),
        "schedule" => schedule_call(shared, procedure, input, caller, era),
        "volumeBackups" => volume_backup_call(shared, procedure, input, caller, era),
        "overview" if procedure == "backups" => {
            let st = shared.lock();
            Ok(Reply::Json(Value::Array(overview_backups(&st, caller))))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

fn destination_call(
    shared: &Arc<Shared>,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    owner_only(caller)?;
    let mut st = shared.lock();
    let id = input_str(input, "destinationId");
    let legacy = era == Era::V0_18_4;
    // Before v0.26: no additional flags, and an unknown destination's error as it is.
    let old = era.flat();
    let shape = |st: &Store, d: &Row| match era {
        Era::V0_18_4 => legacy_destination(st, d),
        Era::V0_24_12 => destination_v0_24(d),
        Era::V0_30_2 => Value::Object(d.clone()),
    };
    let not_found = || ApiError::not_found("Destination not found");
    match procedure {
        "all" => {
            let mut list: Vec<Value> = st.destinations.iter().map(|d| shape(&st, d)).collect();
            if !legacy {
                // desc(createdAt): rows are kept oldest first.
                list.reverse();
            }
            Ok(Reply::Json(Value::Array(list)))
        }
        "one" => {
            let d = st.destination(&id).ok_or_else(not_found)?;
            Ok(Reply::Json(shape(&st, d)))
        }
        "create" => {
            let new_id = st.new_id();
            let org = st.org_id();
            let row = shapes::destination_row(
                &new_id,
                &input_str(input, "name"),
                input.get("provider").cloned().unwrap_or(Value::Null),
                &input_str(input, "accessKey"),
                &input_str(input, "secretAccessKey"),
                &input_str(input, "bucket"),
                &input_str(input, "region"),
                &input_str(input, "endpoint"),
                input
                    .get("additionalFlags")
                    .filter(|f| f.is_array())
                    .cloned()
                    .unwrap_or(json!([])),
                &org,
                &iso(now_ms()),
            );
            st.destinations.push(row.clone());
            st.touch();
            Ok(Reply::Json(shape(&st, &row)))
        }
        "update" => {
            let Some(d) = st
                .destinations
                .iter_mut()
                .find(|d| s(d, "destinationId") == id)
            else {
                // v0.30.2 relays the lookup's error as a BAD_REQUEST; v0.18.4 and v0.24.12
                // rethrow it.
                return Err(if old {
                    not_found()
                } else {
                    bad_request("Destination not found")
                });
            };
            merge(d, input, "destinationId");
            let row = d.clone();
            st.touch();
            Ok(Reply::Json(shape(&st, &row)))
        }
        "remove" => {
            let row = st.remove_destination(&id).ok_or_else(not_found)?;
            Ok(Reply::Json(shape(&st, &row)))
        }
        "testConnection" => {
            let mut d = Row::new();
            for k in [
                "name",
                "provider",
                "bucket",
                "region",
                "endpoint",
                "additionalFlags",
            ] {
                d.insert(k.into(), input.get(k).cloned().unwrap_or(Value::Null));
            }
            if old {
                d.remove("additionalFlags");
            }
            if !destination_is_flaky(&d) {
                return Ok(Reply::Void);
            }
            let extra: &[&str] = if old {
                &[]
            } else {
                &[
                    "--retries 1",
                    "--low-level-retries 1",
                    "--timeout 10s",
                    "--contimeout 5s",
                ]
            };
            let target = format!(":s3:{}", s(&d, "bucket"));
            let target = if old {
                format!("\"{target}\"")
            } else {
                sh_quote(&target)
            };
            let stamp = rclone_stamp(now_ms());
            let why = unreachable(&d);
            Err(bad_request(format!(
                "Command execution failed: Command failed: rclone ls {} {target}\n{stamp} ERROR : : error listing: {why}\nFailed to ls: {why}\n",
                rclone_flags(&d, extra)
            )))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

/// The label Dokploy's fixed error messages use for a manual backup procedure's kind.
fn manual_kind(procedure: &str) -> Option<(Kind, &'static str)> {
    Some(match procedure {
        "manualBackupPostgres" => (Kind::Postgres, "Postgres"),
        "manualBackupMySql" => (Kind::Mysql, "MySQL"),
        "manualBackupMariadb" => (Kind::Mariadb, "Mariadb"),
        "manualBackupMongo" => (Kind::Mongo, "Mongo"),
        "manualBackupLibsql" => (Kind::Libsql, "Libsql"),
        "manualBackupCompose" => (Kind::Compose, "Compose"),
        _ => return None,
    })
}

fn backup_call(
    shared: &Arc<Shared>,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let id = input_str(input, "backupId");
    if let Some((kind, label)) = manual_kind(procedure) {
        owner_only(caller)?;
        return manual_backup(shared, &id, kind, label, era);
    }
    let legacy = era == Era::V0_18_4;
    let mut st = shared.lock();
    match procedure {
        "one" => {
            let b = st
                .run_owner(RunOwner::Backup, &id)
                .filter(|b| visible_in(era, b))
                .ok_or_else(|| ApiError::not_found("Backup not found"))?;
            let service = backup_service(b).map(|x| x.1).unwrap_or_default();
            service_access(&st, caller, &service)?;
            Ok(Reply::Json(match era {
                Era::V0_18_4 => legacy_backup_one(&st, b),
                Era::V0_24_12 => backup_one_v0_24(&st, b),
                Era::V0_30_2 => backup_one(&st, b),
            }))
        }
        "create" => {
            owner_only(caller)?;
            let fail = |m: String| {
                bad_request(if legacy {
                    "Error creating the Backup".to_string()
                } else {
                    m
                })
            };
            if st.destination(&input_str(input, "destinationId")).is_none() {
                return Err(fail(foreign_key("backup", "destinationId", "destination")));
            }
            for kind in [
                Kind::Postgres,
                Kind::Mysql,
                Kind::Mariadb,
                Kind::Mongo,
                Kind::Libsql,
                Kind::Compose,
            ] {
                if let Some(sid) = input.get(kind.id_key()).and_then(Value::as_str) {
                    if st.service(kind, sid).is_none() {
                        return Err(fail(foreign_key("backup", kind.id_key(), kind.router())));
                    }
                }
            }
            let new_id = st.new_id();
            let app_name = st.generated_app_name("backup");
            let mut row = shapes::backup_row(&new_id, &app_name);
            merge(&mut row, input, "backupId");
            row.insert("appName".into(), json!(app_name));
            st.backups.push(row);
            st.touch();
            Ok(Reply::Void)
        }
        "update" => {
            owner_only(caller)?;
            let Some(b) = st.backups.iter_mut().find(|b| s(b, "backupId") == id) else {
                return Err(bad_request(if legacy {
                    "Error updating this Backup"
                } else {
                    "Backup not found"
                }));
            };
            merge(b, input, "backupId");
            st.touch();
            Ok(Reply::Void)
        }
        "remove" => {
            owner_only(caller)?;
            match st.remove_backup(&id) {
                Some(row) if legacy => {
                    Ok(Reply::Json(Value::Object(pick(&row, LEGACY_BACKUP_KEYS))))
                }
                Some(row) if era == Era::V0_24_12 => {
                    Ok(Reply::Json(Value::Object(without(&row, BACKUP_NEWER))))
                }
                Some(row) => Ok(Reply::Json(Value::Object(row))),
                // v0.18.4 and v0.24.12 answered nothing for an unknown id (the delete returned
                // no row).
                None if era.flat() => Ok(Reply::Void),
                None => Err(bad_request("Backup not found")),
            }
        }
        // `backup: read` (members have it) on a destination of the organization.
        "listBackupFiles" if !legacy => list_backup_files(&st, input),
        _ => Err(ApiError::no_procedure()),
    }
}

/// `normalizeS3Path`: no leading or trailing slashes, one trailing slash if not empty.
fn normalize_s3_path(p: &str) -> String {
    let t = p.trim().trim_matches('/');
    if t.is_empty() {
        String::new()
    } else {
        format!("{t}/")
    }
}

/// `backup.listBackupFiles`: `rclone lsjson` of the folder before the search's last `/`,
/// entries whose path contains the rest (case-insensitive), at most 100.
fn list_backup_files(st: &Store, input: &Value) -> Result<Reply, ApiError> {
    let d = st
        .destination(&input_str(input, "destinationId"))
        .ok_or_else(|| bad_request("Destination not found"))?;
    if input.get("serverId").and_then(Value::as_str).is_some() {
        return Err(bad_request("Server not found"));
    }
    let search = input_str(input, "search");
    let (base, term) = match search.rfind('/') {
        Some(i) => (normalize_s3_path(&search[..=i]), &search[i + 1..]),
        None => (String::new(), search.as_str()),
    };
    if destination_is_flaky(d) {
        let target = if base.is_empty() {
            format!(":s3:{}", s(d, "bucket"))
        } else {
            format!(":s3:{}/{base}", s(d, "bucket"))
        };
        return Err(bad_request(format!(
            "Command execution failed: Command failed: rclone lsjson {} {} --no-mimetype --no-modtime 2>/dev/null\n",
            rclone_flags(d, &[]),
            sh_quote(&target)
        )));
    }
    let dest_id = s(d, "destinationId");
    let mut entries: Vec<(String, Value)> = Vec::new();
    for f in st
        .bucket_files
        .iter()
        .filter(|f| f.destination_id == dest_id)
    {
        let Some(rel) = f.path.strip_prefix(base.as_str()) else {
            continue;
        };
        let (name, is_dir) = match rel.split_once('/') {
            Some((dir, _)) => (dir, true),
            None => (rel, false),
        };
        let path = format!("{base}{name}");
        if entries.iter().any(|(p, _)| *p == path) {
            continue;
        }
        let entry = if is_dir {
            json!({"Path": path, "Name": name, "Size": -1, "ModTime": "", "IsDir": true})
        } else {
            json!({"Path": path, "Name": name, "Size": f.size, "ModTime": "", "IsDir": false, "Tier": "STANDARD"})
        };
        entries.push((path, entry));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let term = term.to_lowercase();
    let list: Vec<Value> = entries
        .into_iter()
        .filter(|(p, _)| term.is_empty() || p.to_lowercase().contains(&term))
        .map(|(_, e)| e)
        .take(100)
        .collect();
    Ok(Reply::Json(Value::Array(list)))
}

// ------------------------------------------------------------------ runs

/// Waits out a run: appends `lines` to the deployment's log one by one, then ends it `done`
/// (or `error` when `!ok`), lets `finish` change the data, and answers what `finish` returns.
fn spawn_run<F>(
    shared: &Arc<Shared>,
    deployment_id: Option<String>,
    lines: Vec<String>,
    ok: bool,
    finish: F,
) -> Reply
where
    F: FnOnce(&mut Store) -> Result<Reply, ApiError> + Send + 'static,
{
    let (tx, rx) = oneshot::channel();
    let tick = Duration::from_millis(shared.config.deploy_step_ms.max(2) / 2);
    let epoch = shared.epoch();
    let shared = shared.clone();
    let reset = || ApiError::internal("The sandbox was reset while this ran");
    tokio::spawn(async move {
        let find = |st: &mut Store| -> Option<usize> {
            let id = deployment_id.as_deref()?;
            st.deployments
                .iter()
                .position(|d| s(&d.row, "deploymentId") == id)
        };
        for line in &lines {
            tokio::time::sleep(tick).await;
            if shared.epoch() != epoch {
                let _ = tx.send(Err(reset()));
                return;
            }
            let mut st = shared.lock();
            if let Some(i) = find(&mut st) {
                st.deployments[i].log.push_str(line);
                st.deployments[i].log.push('\n');
            }
        }
        tokio::time::sleep(tick).await;
        if shared.epoch() != epoch {
            let _ = tx.send(Err(reset()));
            return;
        }
        let mut st = shared.lock();
        if let Some(i) = find(&mut st) {
            let row = &mut st.deployments[i].row;
            // A newer run may have superseded this one already.
            if row.get("status") == Some(&json!("running")) {
                row.insert("status".into(), json!(if ok { "done" } else { "error" }));
                row.insert("finishedAt".into(), json!(iso(now_ms())));
            }
        }
        let answer = finish(&mut st);
        st.touch();
        let _ = tx.send(answer);
    });
    Reply::Later(rx)
}

/// What a backup run writes where, and how it goes.
pub struct BackupRun {
    pub title: &'static str,
    /// The object it uploads: `<appName>/<prefix>/<timestamp>.sql.gz`.
    pub file: String,
    /// Every log line, the first (`Initializing backup`) included.
    pub lines: Vec<String>,
    /// rclone's error when the upload fails.
    pub failure: Option<String>,
    /// The command line the run stands for (its error message names it).
    pub command: String,
}

/// Plans a run of backup `b` of the service `svc` to destination `d`, started at `start_ms`,
/// a log line every `tick_ms`.
pub fn plan_backup_run(
    b: &Row,
    svc: &Row,
    d: &Row,
    start_ms: i64,
    tick_ms: i64,
    container: &str,
) -> BackupRun {
    let compose = s(b, "backupType") == "compose";
    let db_type = s(b, "databaseType");
    let service_name = s(b, "serviceName");
    let app = if compose && !service_name.is_empty() {
        format!("{}_{service_name}", s(svc, "appName"))
    } else {
        s(svc, "appName")
    };
    let ext = if db_type == "mongo" { "bson" } else { "sql" };
    let file = format!(
        "{app}/{}{}.{ext}.gz",
        normalize_s3_path(&s(b, "prefix")),
        backup_stamp(start_ms)
    );
    let title = match (compose, db_type.as_str()) {
        (true, _) => "Compose Backup",
        (_, "mysql") => "MySQL Backup",
        (_, "mariadb") => "MariaDB Backup",
        (_, "mongo") => "MongoDB Backup",
        _ => "Initializing Backup",
    };
    let failure = if destination_is_flaky(d) {
        Some(unreachable(d))
    } else if flaky(&s(b, "prefix")) {
        Some(format!(
            "AccessDenied: Access Denied (the bucket refuses writes under \"{}\"), status code: 403",
            normalize_s3_path(&s(b, "prefix"))
        ))
    } else {
        None
    };
    let meta = |db: &str, k: &str| -> String {
        b.get("metadata")
            .and_then(|m| m.get(db))
            .and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| s(svc, k))
    };
    let database = sh_quote(&s(b, "database"));
    let dump = match db_type.as_str() {
        "mysql" => format!(
            "docker exec -e DB_NAME={database} -e DB_PASS=<redacted> -i $CONTAINER_ID bash -c 'set -o pipefail; mysqldump --default-character-set=utf8mb4 -u root --password=\"$DB_PASS\" --single-transaction --no-tablespaces --quick \"$DB_NAME\" | gzip'"
        ),
        "mariadb" => format!(
            "docker exec -e DB_NAME={database} -e DB_USER={} -e DB_PASS=<redacted> -i $CONTAINER_ID bash -c 'set -o pipefail; mariadb-dump --user=\"$DB_USER\" --password=\"$DB_PASS\" --single-transaction --quick --databases \"$DB_NAME\" | gzip'",
            sh_quote(&meta("mariadb", "databaseUser"))
        ),
        "mongo" => format!(
            "docker exec -e DB_NAME={database} -e DB_USER={} -e DB_PASS=<redacted> -i $CONTAINER_ID bash -c 'set -o pipefail; mongodump -d \"$DB_NAME\" -u \"$DB_USER\" -p \"$DB_PASS\" --archive --authenticationDatabase admin --gzip'",
            sh_quote(&meta("mongo", "databaseUser"))
        ),
        "libsql" => format!(
            "docker exec -e DB_NAME={database} -i $CONTAINER_ID sh -c 'tar cf - -C /var/lib/sqld \"$DB_NAME\" | gzip'"
        ),
        _ => format!(
            "docker exec -e DB_NAME={database} -e DB_USER={} -i $CONTAINER_ID bash -c 'set -o pipefail; pg_dump -Fc --no-acl --no-owner -h localhost -U \"$DB_USER\" --no-password \"$DB_NAME\" | gzip'",
            sh_quote(&meta("postgres", "databaseUser"))
        ),
    };
    let command = format!(
        "{dump} | rclone rcat {} \":s3:{}/{file}\"",
        rclone_flags(d, &[]),
        s(d, "bucket")
    );
    let at = |i: i64| date_c(start_ms + i * tick_ms);
    let mut lines = vec![
        "Initializing backup".to_string(),
        format!("[{}] Starting backup process...", at(1)),
        format!("[{}] Executing backup command...", at(1)),
        format!("[{}] Container Up: {container}", at(2)),
        format!("[{}] Starting backup and upload to S3...", at(3)),
    ];
    match &failure {
        Some(why) => {
            lines.push(format!("[{}] ❌ Error: Backup failed", at(4)));
            lines.push(format!(
                "Error: {} ERROR : {file}: Failed to copy: {why}",
                rclone_stamp(start_ms + 4 * tick_ms)
            ));
            lines.push(format!(
                "{} Failed to rcat: {why}",
                rclone_stamp(start_ms + 4 * tick_ms)
            ));
        }
        None => {
            lines.push(format!("[{}] ✅ Backup uploaded to S3 successfully", at(4)));
            lines.push("Backup done ✅".to_string());
        }
    }
    BackupRun {
        title,
        file,
        lines,
        failure,
        command,
    }
}

/// Adds a backup's file to its destination and drops all but the `keepLatestCount` newest in
/// its folder (`keepLatestNBackups`).
pub fn store_backup_file(st: &mut Store, destination_id: &str, path: &str, size: i64, keep: i64) {
    st.bucket_files.push(BucketFile {
        destination_id: destination_id.to_string(),
        path: path.to_string(),
        size,
    });
    prune(st, destination_id, path, keep, &[".sql.gz", ".bson.gz"]);
}

/// Keeps the `keep` newest files of `path`'s folder whose names end with one of `endings`
/// (0: keep all).
fn prune(st: &mut Store, destination_id: &str, path: &str, keep: i64, endings: &[&str]) {
    if keep <= 0 {
        return;
    }
    let dir = path.rsplit_once('/').map(|x| x.0).unwrap_or("");
    let in_folder = |f: &BucketFile| {
        f.destination_id == destination_id
            && f.path.rsplit_once('/').map(|x| x.0).unwrap_or("") == dir
            && endings.iter().any(|e| f.path.ends_with(e))
    };
    let mut names: Vec<String> = st
        .bucket_files
        .iter()
        .filter(|f| in_folder(f))
        .map(|f| f.path.clone())
        .collect();
    names.sort();
    names.reverse();
    let drop: Vec<String> = names.into_iter().skip(keep as usize).collect();
    st.bucket_files
        .retain(|f| !(in_folder(f) && drop.contains(&f.path)));
}

/// A plausible size for a backup file (bytes), stable for a name.
pub fn file_size(name: &str, base: i64) -> i64 {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    base + (h % (base as u64 / 4).max(1)) as i64
}

fn manual_backup(
    shared: &Arc<Shared>,
    id: &str,
    kind: Kind,
    label: &'static str,
    era: Era,
) -> Result<Reply, ApiError> {
    // Dokploy (since v0.19) relays the error of a Postgres backup; the others (and every
    // v0.18.4 one) answer a fixed message. v0.18.4 kept no runs.
    let legacy = era == Era::V0_18_4;
    let fixed = format!("Error running manual {label} backup ");
    let relay = kind == Kind::Postgres && !legacy;
    let fail = |m: &str| bad_request(if relay { m.to_string() } else { fixed.clone() });
    let mut st = shared.lock();
    let b = st
        .run_owner(RunOwner::Backup, id)
        .filter(|b| visible_in(era, b))
        .cloned()
        .ok_or_else(|| fail("Backup not found"))?;
    let svc_id = s(&b, kind.id_key());
    let svc = st
        .service(kind, &svc_id)
        .map(|x| x.row.clone())
        .ok_or_else(|| fail(&format!("{} not found", kind.label())))?;
    let d = st
        .destination(&s(&b, "destinationId"))
        .cloned()
        .ok_or_else(|| fail("Destination not found"))?;
    let start = now_ms();
    let tick = (shared.config.deploy_step_ms.max(2) / 2) as i64;
    let container = hex_from(&mut st.rng, 12);
    let run = plan_backup_run(&b, &svc, &d, start, tick, &container);
    let deployment_id = (!legacy).then(|| {
        let first = format!("{}\n", run.lines[0]);
        st.add_run(
            RunOwner::Backup,
            id,
            run.title,
            "running",
            first,
            start,
            None,
        )
    });
    drop(st);
    let ok = run.failure.is_none();
    let message = format!(
        "Command execution failed: Command failed: {}\n{}\n",
        run.command,
        run.failure.clone().unwrap_or_default()
    );
    let dest_id = s(&d, "destinationId");
    let keep = b
        .get("keepLatestCount")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let file = run.file.clone();
    let answer_error = if relay { message } else { fixed };
    Ok(spawn_run(
        shared,
        deployment_id,
        run.lines.into_iter().skip(1).collect(),
        ok,
        move |st: &mut Store| {
            if !ok {
                return Err(bad_request(answer_error));
            }
            let size = file_size(&file, 24_000_000);
            store_backup_file(st, &dest_id, &file, size, keep);
            Ok(Reply::Json(json!(true)))
        },
    ))
}

// ------------------------------------------------------------------ schedules

/// Log lines of a schedule's run (the first, `Initializing schedule`, included) and whether it
/// succeeds.
pub fn plan_schedule_run(sc: &Row, container: &str, pid: u32) -> (Vec<String>, bool) {
    let command = s(sc, "command");
    let ok = !flaky(&s(sc, "name"));
    let mut lines = vec!["Initializing schedule".to_string()];
    let output: Vec<String> = if let Some(rest) = command.strip_prefix("echo ") {
        vec![rest.trim_matches(|c| c == '"' || c == '\'').to_string()]
    } else if command == "npm run cleanup" {
        vec![
            String::new(),
            "> storefront@1.4.0 cleanup".into(),
            "> node scripts/cleanup.js".into(),
            String::new(),
            "Removed 18 expired carts and 240 stale sessions".into(),
        ]
    } else {
        Vec::new()
    };
    if s(sc, "scheduleType") == "dokploy-server" || s(sc, "scheduleType") == "server" {
        lines.push(format!("PID: {pid} | Schedule ID: {}", s(sc, "scheduleId")));
        lines.extend(output);
        if !ok {
            lines.push("❌ Command failed".into());
        }
        return (lines, ok);
    }
    lines.push(format!(
        "docker exec {container} {} -c {command}",
        s(sc, "shellType")
    ));
    lines.extend(output);
    if ok {
        lines.push("✅ Command executed successfully".into());
    } else {
        lines.push(format!("{command}: exited with status 1"));
        lines.push("❌ Command failed".into());
        lines.push("Error: Command exited with code 1".into());
    }
    (lines, ok)
}

fn schedule_service(sc: &Row) -> String {
    let app = s(sc, "applicationId");
    if app.is_empty() {
        s(sc, "composeId")
    } else {
        app
    }
}

fn host_schedule(kind: &str) -> bool {
    kind == "server" || kind == "dokploy-server"
}

fn schedule_call(
    shared: &Arc<Shared>,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let v24 = era == Era::V0_24_12;
    // v0.24.12's schedules name the user a `dokploy-server` schedule belongs to.
    let user_of = |row: &mut Row| {
        if let (true, Some(user)) = (v24, input.get("userId")) {
            row.insert("userId".into(), user.clone());
        }
    };
    let shape = |row: Row| Value::Object(if v24 { schedule_v0_24(&row) } else { row });
    let mut st = shared.lock();
    let id = input_str(input, "scheduleId");
    let not_found = || ApiError::not_found("Schedule not found");
    let host_access = |kind: &str, server_id: Option<&str>| -> Result<(), ApiError> {
        if !host_schedule(kind) {
            return Ok(());
        }
        if !caller.owner {
            return Err(ApiError::forbidden(
                "Only owners and admins can manage server-level schedules.",
            ));
        }
        if kind == "server" && server_id.is_some() {
            return Err(ApiError::not_found("Server not found"));
        }
        Ok(())
    };
    match procedure {
        "create" => {
            let kind = input
                .get("scheduleType")
                .and_then(Value::as_str)
                .unwrap_or("application")
                .to_string();
            host_access(&kind, input.get("serverId").and_then(Value::as_str))?;
            owner_only(caller)?;
            for (key, k) in [
                ("applicationId", Kind::Application),
                ("composeId", Kind::Compose),
            ] {
                if let Some(sid) = input.get(key).and_then(Value::as_str) {
                    if st.service(k, sid).is_none() {
                        return Err(ApiError::internal(foreign_key("schedule", key, k.router())));
                    }
                }
            }
            let new_id = st.new_id();
            let app_name = match input.get("appName").and_then(Value::as_str) {
                Some(a) => a.to_string(),
                None => st.generated_app_name("schedule"),
            };
            let mut row = shapes::schedule_row(&new_id, &app_name, &iso(now_ms()));
            merge(&mut row, input, "scheduleId");
            user_of(&mut row);
            if kind == "dokploy-server" {
                row.insert("organizationId".into(), json!(st.org_id()));
            }
            st.schedules.push(row.clone());
            st.touch();
            Ok(Reply::Json(shape(row)))
        }
        "update" => {
            let existing = st
                .run_owner(RunOwner::Schedule, &id)
                .cloned()
                .ok_or_else(not_found)?;
            host_access(&s(&existing, "scheduleType"), None)?;
            owner_only(caller)?;
            let Some(row) = st.schedules.iter_mut().find(|r| s(r, "scheduleId") == id) else {
                return Err(not_found());
            };
            merge(row, input, "scheduleId");
            user_of(row);
            let row = row.clone();
            st.touch();
            Ok(Reply::Json(shape(row)))
        }
        "delete" => {
            let existing = st
                .run_owner(RunOwner::Schedule, &id)
                .cloned()
                .ok_or_else(not_found)?;
            host_access(&s(&existing, "scheduleType"), None)?;
            owner_only(caller)?;
            st.remove_schedule(&id);
            Ok(Reply::Json(json!(true)))
        }
        "one" => {
            let sc = st
                .run_owner(RunOwner::Schedule, &id)
                .ok_or_else(not_found)?;
            service_access(&st, caller, &schedule_service(sc))?;
            Ok(Reply::Json(if v24 {
                schedule_v0_24_with(&st, sc, false)
            } else {
                schedule_one(&st, sc)
            }))
        }
        // v0.24.12 lists by the column the type names (a `dokploy-server` schedule by its user),
        // in the order they were made.
        "list" if v24 => {
            let target = input_str(input, "id");
            let key = match input_str(input, "scheduleType").as_str() {
                "application" => "applicationId",
                "compose" => "composeId",
                "server" => "serverId",
                _ => "userId",
            };
            if matches!(key, "applicationId" | "composeId") {
                service_access(&st, caller, &target)?;
            }
            let list: Vec<Value> = st
                .schedules
                .iter()
                .filter(|r| r.get(key).and_then(Value::as_str) == Some(target.as_str()))
                .map(|r| schedule_v0_24_with(&st, r, true))
                .collect();
            Ok(Reply::Json(Value::Array(list)))
        }
        "list" => {
            let target = input_str(input, "id");
            let kind = input_str(input, "scheduleType");
            let key = match kind.as_str() {
                "application" => "applicationId",
                "compose" => "composeId",
                "server" => return Err(ApiError::not_found("Server not found")),
                _ => {
                    if !caller.owner {
                        return Err(ApiError::forbidden(
                            "Only owners and admins can list host-level schedules.",
                        ));
                    }
                    "organizationId"
                }
            };
            let want = if key == "organizationId" {
                st.org_id()
            } else {
                service_access(&st, caller, &target)?;
                target
            };
            // asc(createdAt): rows are kept oldest first.
            let list: Vec<Value> = st
                .schedules
                .iter()
                .filter(|r| r.get(key).and_then(Value::as_str) == Some(want.as_str()))
                .map(|r| schedule_listed(&st, r))
                .collect();
            Ok(Reply::Json(Value::Array(list)))
        }
        "runManually" => {
            let sc = st
                .run_owner(RunOwner::Schedule, &id)
                .cloned()
                .ok_or_else(not_found)?;
            host_access(&s(&sc, "scheduleType"), None)?;
            owner_only(caller)?;
            let now = now_ms();
            // A new run supersedes a running one (createDeploymentSchedule).
            for d in st
                .deployments
                .iter_mut()
                .filter(|d| d.service_id == id && d.row.get("status") == Some(&json!("running")))
            {
                d.row.insert("status".into(), json!("error"));
                d.row.insert(
                    "errorMessage".into(),
                    json!("Superseded by a new run of this schedule."),
                );
                d.row.insert("finishedAt".into(), json!(iso(now)));
            }
            let container = hex_from(&mut st.rng, 64);
            let pid = rand::Rng::random_range(&mut st.rng, 1000..60000);
            let (lines, ok) = plan_schedule_run(&sc, &container, pid);
            let first = format!("{}\n", lines[0]);
            let deployment_id = st.add_run(
                RunOwner::Schedule,
                &id,
                "Schedule",
                "running",
                first,
                now,
                None,
            );
            let log_path = st
                .deployments
                .iter()
                .find(|d| s(&d.row, "deploymentId") == deployment_id)
                .map(|d| s(&d.row, "logPath"))
                .unwrap_or_default();
            drop(st);
            let answer = json!({
                "status": if ok { "done" } else { "error" },
                "deploymentId": deployment_id,
                "logPath": log_path,
            });
            // v0.24.12 answers `true`, or relays the command's error as a 500.
            let failure = format!("{}: exited with status 1\n", s(&sc, "command"));
            Ok(spawn_run(
                shared,
                Some(deployment_id),
                lines.into_iter().skip(1).collect(),
                ok,
                move |_| match (v24, ok) {
                    (false, _) => Ok(Reply::Json(answer)),
                    (true, true) => Ok(Reply::Json(json!(true))),
                    (true, false) => Err(ApiError::internal(failure)),
                },
            ))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

// ------------------------------------------------------------------ volume backups

/// What a volume backup run writes where, and how it goes.
pub struct VolumeRun {
    pub file: String,
    pub lines: Vec<String>,
    pub ok: bool,
}

/// Plans a run of volume backup `vb` (of the service whose app name is `service_app`) to `d`.
pub fn plan_volume_run(
    vb: &Row,
    service_app: &str,
    d: &Row,
    start_ms: i64,
    compose_service: Option<&str>,
) -> VolumeRun {
    let volume = s(vb, "volumeName");
    let name = format!("{volume}-{}.tar", backup_stamp(start_ms));
    let s3_app = match compose_service {
        Some(svc) if !svc.is_empty() => format!("{service_app}_{svc}"),
        _ => service_app.to_string(),
    };
    let file = format!("{s3_app}/{}{name}", normalize_s3_path(&s(vb, "prefix")));
    let dir = format!("/etc/dokploy/volume-backups/{}", s(vb, "appName"));
    let turn_off = vb.get("turnOff").and_then(Value::as_bool) == Some(true);
    let failure = if destination_is_flaky(d) {
        Some(unreachable(d))
    } else if flaky(&s(vb, "name")) {
        Some("AccessDenied: Access Denied, status code: 403".to_string())
    } else {
        None
    };
    let lock_id = match compose_service {
        Some(svc) => format!("{service_app}_{svc}"),
        None => service_app.to_string(),
    };
    let mut lines = vec!["Initializing volume backup".to_string()];
    if turn_off {
        lines.push(format!(
            "Waiting for volume backup lock: /etc/dokploy/volume-backup-lock-{lock_id}"
        ));
        lines.push("Volume backup lock acquired".into());
        lines.push("Stopping application to 0 replicas".into());
        lines.push("Actual replicas: 1".into());
        lines.push(lock_id.clone());
        lines.push(format!("verify: Service {lock_id} converged"));
    }
    lines.extend([
        format!("Volume name: {volume}"),
        format!("Backup file name: {name}"),
        format!(
            "Turning off volume backup: {}",
            if turn_off { "Yes" } else { "No" }
        ),
        "Starting volume backup".into(),
        format!("Dir: {dir}"),
        "./".into(),
        "./data/".into(),
        "./images/".into(),
        "./settings/".into(),
        "Volume backup done ✅".into(),
    ]);
    if turn_off {
        lines.push("Starting application to 1 replicas".into());
        lines.push(lock_id.clone());
        lines.push(format!("verify: Service {lock_id} converged"));
    }
    lines.push("Starting upload to S3...".into());
    if let Some(why) = &failure {
        lines.push(format!(
            "{} ERROR : {name}: Failed to copy: {why}",
            rclone_stamp(start_ms)
        ));
        lines.push(format!(
            "{} Failed to copyto: {why}",
            rclone_stamp(start_ms)
        ));
        return VolumeRun {
            file,
            lines,
            ok: false,
        };
    }
    lines.extend([
        "Upload to S3 done ✅".to_string(),
        "Cleaning up local backup file...".to_string(),
        "Local backup file cleaned up ✅".to_string(),
    ]);
    if turn_off {
        lines.push("Volume backup lock released".into());
    }
    VolumeRun {
        file,
        lines,
        ok: true,
    }
}

/// Adds a volume backup's archive and keeps the `keep` newest of that volume in its folder.
pub fn store_volume_file(
    st: &mut Store,
    destination_id: &str,
    path: &str,
    volume: &str,
    size: i64,
    keep: i64,
) {
    st.bucket_files.push(BucketFile {
        destination_id: destination_id.to_string(),
        path: path.to_string(),
        size,
    });
    if keep <= 0 {
        return;
    }
    let dir = path.rsplit_once('/').map(|x| x.0).unwrap_or("");
    let prefix = if dir.is_empty() {
        format!("{volume}-")
    } else {
        format!("{dir}/{volume}-")
    };
    let mut names: Vec<String> = st
        .bucket_files
        .iter()
        .filter(|f| f.destination_id == destination_id)
        .filter(|f| f.path.starts_with(&prefix) && f.path.ends_with(".tar"))
        .filter(|f| !f.path[prefix.len()..].contains('/'))
        .map(|f| f.path.clone())
        .collect();
    names.sort();
    names.reverse();
    let drop: Vec<String> = names.into_iter().skip(keep as usize).collect();
    st.bucket_files
        .retain(|f| !(f.destination_id == destination_id && drop.contains(&f.path)));
}

fn volume_backup_call(
    shared: &Arc<Shared>,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let v24 = era == Era::V0_24_12;
    let shape = |row: Row| {
        Value::Object(if v24 {
            without(&row, VOLUME_BACKUP_NEWER)
        } else {
            row
        })
    };
    let mut st = shared.lock();
    let id = input_str(input, "volumeBackupId");
    let not_found = || ApiError::not_found("Volume backup not found");
    match procedure {
        "create" => {
            owner_only(caller)?;
            for kind in VOLUME_KINDS {
                if let Some(sid) = input.get(kind.id_key()).and_then(Value::as_str) {
                    if st.service(kind, sid).is_none() {
                        return Err(ApiError::internal(foreign_key(
                            "volume_backup",
                            kind.id_key(),
                            kind.router(),
                        )));
                    }
                }
            }
            if st.destination(&input_str(input, "destinationId")).is_none() {
                return Err(ApiError::internal(foreign_key(
                    "volume_backup",
                    "destinationId",
                    "destination",
                )));
            }
            let new_id = st.new_id();
            let app_name = match input.get("appName").and_then(Value::as_str) {
                Some(a) => a.to_string(),
                None => st.generated_app_name("volumeBackup"),
            };
            let mut row = shapes::volume_backup_row(&new_id, &app_name, &iso(now_ms()));
            merge(&mut row, input, "volumeBackupId");
            st.volume_backups.push(row.clone());
            st.touch();
            Ok(Reply::Json(shape(row)))
        }
        "update" => {
            st.run_owner(RunOwner::VolumeBackup, &id)
                .ok_or_else(not_found)?;
            owner_only(caller)?;
            let Some(row) = st
                .volume_backups
                .iter_mut()
                .find(|r| s(r, "volumeBackupId") == id)
            else {
                return Err(not_found());
            };
            merge(row, input, "volumeBackupId");
            let row = row.clone();
            st.touch();
            Ok(Reply::Json(shape(row)))
        }
        // v0.24.12 deletes without looking first: an unknown id answers nothing too.
        "delete" if v24 => {
            owner_only(caller)?;
            st.remove_volume_backup(&id);
            Ok(Reply::Void)
        }
        "delete" => {
            st.run_owner(RunOwner::VolumeBackup, &id)
                .ok_or_else(not_found)?;
            owner_only(caller)?;
            st.remove_volume_backup(&id);
            Ok(Reply::Void)
        }
        "one" => {
            let vb = st
                .run_owner(RunOwner::VolumeBackup, &id)
                .ok_or_else(not_found)?;
            let service = volume_backup_service(vb).map(|x| x.1).unwrap_or_default();
            service_access(&st, caller, &service)?;
            Ok(Reply::Json(if v24 {
                volume_backup_v0_24_with(&st, vb, true)
            } else {
                volume_backup_one(&st, vb)
            }))
        }
        // v0.24.12: in the order they were made, with their service's whole row.
        "list" if v24 => {
            let target = input_str(input, "id");
            let kind = Kind::from_router(&input_str(input, "volumeBackupType"))
                .unwrap_or(Kind::Application);
            service_access(&st, caller, &target)?;
            let key = kind.id_key();
            let list: Vec<Value> = st
                .volume_backups
                .iter()
                .filter(|r| r.get(key).and_then(Value::as_str) == Some(target.as_str()))
                .map(|r| volume_backup_v0_24_with(&st, r, false))
                .collect();
            Ok(Reply::Json(Value::Array(list)))
        }
        "list" => {
            let target = input_str(input, "id");
            let kind = Kind::from_router(&input_str(input, "volumeBackupType"))
                .unwrap_or(Kind::Application);
            service_access(&st, caller, &target)?;
            let key = kind.id_key();
            // desc(createdAt): rows are kept oldest first.
            let list: Vec<Value> = st
                .volume_backups
                .iter()
                .rev()
                .filter(|r| r.get(key).and_then(Value::as_str) == Some(target.as_str()))
                .map(|r| volume_backup_listed(&st, r))
                .collect();
            Ok(Reply::Json(Value::Array(list)))
        }
        "runManually" => {
            let vb = st
                .run_owner(RunOwner::VolumeBackup, &id)
                .cloned()
                .ok_or_else(not_found)?;
            owner_only(caller)?;
            let (svc_app, compose_service) = match volume_backup_service(&vb) {
                Some((kind, sid)) => (
                    st.service(kind, &sid)
                        .map(|x| s(&x.row, "appName"))
                        .unwrap_or_else(|| s(&vb, "appName")),
                    (kind == Kind::Compose).then(|| s(&vb, "serviceName")),
                ),
                None => (s(&vb, "appName"), None),
            };
            let d = st
                .destination(&s(&vb, "destinationId"))
                .cloned()
                .unwrap_or_default();
            let now = now_ms();
            let run = plan_volume_run(&vb, &svc_app, &d, now, compose_service.as_deref());
            let first = format!("{}\n", run.lines[0]);
            let deployment_id = st.add_run(
                RunOwner::VolumeBackup,
                &id,
                "Volume Backup",
                "running",
                first,
                now,
                None,
            );
            drop(st);
            let dest_id = s(&d, "destinationId");
            let volume = s(&vb, "volumeName");
            let keep = vb
                .get("keepLatestCount")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let ok = run.ok;
            let file = run.file.clone();
            Ok(spawn_run(
                shared,
                Some(deployment_id),
                run.lines.into_iter().skip(1).collect(),
                ok,
                move |st: &mut Store| {
                    if ok {
                        let size = file_size(&file, 180_000_000);
                        store_volume_file(st, &dest_id, &file, &volume, size, keep);
                    }
                    // runVolumeBackup catches its own errors: the call answers nothing either way.
                    Ok(Reply::Void)
                },
            ))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_paths() {
        assert_eq!(sh_quote("http://127.0.0.1:9"), "http\\://127.0.0.1\\:9");
        assert_eq!(sh_quote(":s3:bucket"), "\\:s3\\:bucket");
        assert_eq!(normalize_s3_path(" /shop/daily/ "), "shop/daily/");
        assert_eq!(normalize_s3_path(""), "");
    }

    #[test]
    fn pruning_keeps_the_newest_of_a_folder() {
        let mut st = crate::store::seeded(&crate::SeedOptions::default(), "k");
        st.bucket_files.clear();
        for day in 1..=5 {
            store_backup_file(
                &mut st,
                "d",
                &format!("app/daily/2026-12-0{day}T03-00-00-000Z.sql.gz"),
                1,
                3,
            );
        }
        st.bucket_files.push(BucketFile {
            destination_id: "d".into(),
            path: "app/other/2026-12-01T03-00-00-000Z.sql.gz".into(),
            size: 1,
        });
        store_backup_file(
            &mut st,
            "d",
            "app/daily/2026-12-06T03-00-00-000Z.sql.gz",
            1,
            3,
        );
        let mut names: Vec<&str> = st.bucket_files.iter().map(|f| f.path.as_str()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "app/daily/2026-12-04T03-00-00-000Z.sql.gz",
                "app/daily/2026-12-05T03-00-00-000Z.sql.gz",
                "app/daily/2026-12-06T03-00-00-000Z.sql.gz",
                "app/other/2026-12-01T03-00-00-000Z.sql.gz",
            ]
        );
    }
}

//! Mounts (`mounts.*`) and an application's advanced settings: the ports it publishes
//! (`port.*`), its redirects (`redirects.*`) and its basic-auth users (`security.*`), like Dokploy
//! v0.30.2 (checked against the recordings); like v0.24.12 and v0.18.4 for the older eras, from
//! their source (their columns, answers and errors).
//!
//! What they answer (v0.30.2): `mounts.create` and `port.create` the new row,
//! `redirects.create` and `security.create` `true`; `mounts.update` the mount as it was before
//! the change, with its service nested (Dokploy reads it back outside the transaction),
//! `port.update` and `redirects.update` the changed row, `security.update` nothing; removals the
//! removed row. An unknown id answers 404 (`Mount not found`, ...), except `port.one`: 400
//! `Port not found`.
//!
//! Rows come back in the order Postgres returns them without `ORDER BY`: oldest first, and a
//! changed row after the others (its new version is written at the end of the table), as the
//! recorded server did: after `mounts.update.file` and `mounts.update.volume` its
//! `application.one` listed the bind mount, the file, then the volume.
//!
//! Members need the service among theirs and, to create and change, `canCreateServices`; to
//! remove, `canDeleteServices` (Dokploy's `service` and `volume` permissions).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{self, s, Row};
use crate::store::Store;
use crate::util::{iso, now_ms};
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    matches!(router, "mounts" | "port" | "redirects" | "security")
}

// ------------------------------------------------------------------ columns

/// The `mount` table's columns in v0.30.2's order (the order of an insert's column list).
const MOUNT_COLUMNS: &[&str] = &[
    "mountId",
    "type",
    "hostPath",
    "volumeName",
    "filePath",
    "content",
    "serviceType",
    "mountPath",
    "applicationId",
    "composeId",
    "libsqlId",
    "mariadbId",
    "mongoId",
    "mysqlId",
    "postgresId",
    "redisId",
];

/// The service a mount can belong to, in the order of `mounts.one`'s relations (v0.30.2).
const MOUNT_SERVICES: [Kind; 8] = [
    Kind::Application,
    Kind::Compose,
    Kind::Libsql,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Mysql,
    Kind::Postgres,
    Kind::Redis,
];

/// The same relations before libsql (v0.18.4 and v0.24.12), in their order.
const MOUNT_SERVICES_FLAT: [Kind; 7] = [
    Kind::Application,
    Kind::Postgres,
    Kind::Mariadb,
    Kind::Mongo,
    Kind::Mysql,
    Kind::Redis,
    Kind::Compose,
];

const PORT_COLUMNS: &[&str] = &[
    "portId",
    "publishedPort",
    "publishMode",
    "targetPort",
    "protocol",
    "applicationId",
];

const SECURITY_COLUMNS: &[&str] = &[
    "securityId",
    "username",
    "password",
    "createdAt",
    "applicationId",
];

/// A mount in `era`'s columns.
pub(crate) fn mount_in(era: Era, row: &Row) -> Value {
    if era == Era::V0_30_2 {
        Value::Object(row.clone())
    } else {
        Value::Object(crate::legacy::pick(
            row,
            crate::legacy::MOUNT_KEYS.iter().copied(),
        ))
    }
}

/// A port in `era`'s columns (v0.18.4 has no `publishMode`).
pub(crate) fn port_in(era: Era, row: &Row) -> Value {
    let mut v = row.clone();
    if era == Era::V0_18_4 {
        v.remove("publishMode");
    }
    Value::Object(v)
}

/// An application's ports, redirects and basic-auth users in `era`'s columns, as `application.one`
/// lists them: `[("ports", ...), ("redirects", ...), ("security", ...)]`.
pub(crate) fn application_lists(st: &Store, era: Era, id: &str) -> [(&'static str, Value); 3] {
    use crate::views::owned_rows;
    let key = Kind::Application.id_key();
    let ports = owned_rows(&st.ports, key, id)
        .iter()
        .filter_map(Value::as_object)
        .map(|r| port_in(era, r))
        .collect();
    [
        ("ports", Value::Array(ports)),
        (
            "redirects",
            Value::Array(owned_rows(&st.redirects, key, id)),
        ),
        ("security", Value::Array(owned_rows(&st.security, key, id))),
    ]
}

// ------------------------------------------------------------------ errors and access

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "BAD_REQUEST", message)
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(401, "UNAUTHORIZED", message)
}

#[derive(Clone, Copy)]
pub(crate) enum Action {
    Read,
    /// Create or change.
    Create,
    Delete,
}

/// Dokploy's `checkServicePermissionAndAccess`: the owner may do anything; a member needs the
/// permission (`canCreateServices` to create and change, `canDeleteServices` to remove) and the
/// service among theirs.
pub(crate) fn check_service(
    st: &Store,
    caller: &Caller,
    service_id: &str,
    action: Action,
) -> Result<(), ApiError> {
    if caller.owner {
        return Ok(());
    }
    let m = st
        .member_by_user(&caller.user_id)
        .ok_or_else(|| unauthorized("Permission denied"))?;
    let flag = |k: &str| m.row.get(k).and_then(Value::as_bool).unwrap_or(false);
    let permitted = match action {
        Action::Read => true,
        Action::Create => flag("canCreateServices"),
        Action::Delete => flag("canDeleteServices"),
    };
    if !permitted {
        return Err(unauthorized("Permission denied"));
    }
    let given = m
        .row
        .get("accessedServices")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(service_id)));
    if given {
        Ok(())
    } else {
        Err(unauthorized("You don't have access to this service"))
    }
}

/// A value as drizzle lists it after `params:` (JavaScript's `String(array)`: null is empty).
pub(crate) fn param(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(x) => x.clone(),
        other => other.to_string(),
    }
}

fn quoted(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// drizzle's message for an insert into `table` that Postgres refused (v0.30.2's
/// `Failed query: ...`): the columns `values` sets are parameters, the others `default`.
pub(crate) fn failed_insert(table: &str, columns: &[&str], values: &Row) -> String {
    let mut placeholders = Vec::new();
    let mut params = Vec::new();
    for c in columns {
        match values.get(*c) {
            Some(v) => {
                params.push(param(v));
                placeholders.push(format!("${}", params.len()));
            }
            None => placeholders.push("default".into()),
        }
    }
    format!(
        "Failed query: insert into \"{table}\" ({cols}) values ({}) returning {cols}\nparams: {}",
        placeholders.join(", "),
        params.join(","),
        cols = quoted(columns)
    )
}

/// drizzle's message for an update of row `id` of `table` that Postgres refused.
pub(crate) fn failed_update(
    table: &str,
    columns: &[&str],
    set: &Row,
    id_column: &str,
    id: &str,
) -> String {
    let mut assignments = Vec::new();
    let mut params = Vec::new();
    for c in columns {
        if let Some(v) = set.get(*c) {
            params.push(param(v));
            assignments.push(format!("\"{c}\" = ${}", params.len()));
        }
    }
    params.push(id.to_string());
    format!(
        "Failed query: update \"{table}\" set {} where \"{table}\".\"{id_column}\" = ${} returning {}\nparams: {}",
        assignments.join(", "),
        params.len(),
        quoted(columns),
        params.join(",")
    )
}

/// The columns of `input` that `columns` has, in the table's order (what a zod-parsed input
/// sets).
fn given(input: &Value, columns: &[&str]) -> Row {
    columns
        .iter()
        .filter_map(|c| input.get(*c).map(|v| (c.to_string(), v.clone())))
        .collect()
}

/// Moves row `pos` to the end: its new version, as Postgres writes it.
fn rewrite(rows: &mut Vec<Row>, pos: usize, set: Row) -> Row {
    let mut row = rows.remove(pos);
    row.extend(set);
    rows.push(row.clone());
    row
}

/// Postgres' `integer`: why it refuses `v`, if it does.
fn not_an_integer(v: &Value) -> Option<String> {
    let n = v.as_f64()?;
    if n.fract() != 0.0 {
        return Some(format!(
            "invalid input syntax for type integer: \"{}\"",
            param(v)
        ));
    }
    if n < f64::from(i32::MIN) || n > f64::from(i32::MAX) {
        return Some(format!(
            "value \"{}\" is out of range for type integer",
            param(v)
        ));
    }
    None
}

/// A whole number as JSON writes it (`8080`, not `8080.0`).
fn whole(v: &Value) -> Value {
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 => json!(n as i64),
        _ => v.clone(),
    }
}

fn position(rows: &[Row], key: &str, id: &str) -> Option<usize> {
    rows.iter().position(|r| s(r, key) == id)
}

// ------------------------------------------------------------------ procedures

/// Answers `name` (a procedure of `mounts`, `port`, `redirects` or `security`) as `era` does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let (router, procedure) = name.split_once('.').unwrap_or((name, ""));
    let mut st = shared.lock();
    let st = &mut *st;
    match router {
        "mounts" => mounts_call(st, procedure, input, caller, era),
        "port" => port_call(st, procedure, input, caller, era),
        "redirects" => redirects_call(st, procedure, input, caller, era),
        "security" => security_call(st, procedure, input, caller, era),
        _ => Err(ApiError::no_procedure()),
    }
}

// ------------------------------------------------------------------ mounts

/// The service a mount belongs to (the first of its service columns that is set).
fn mount_service(row: &Row) -> Option<String> {
    [
        Kind::Application,
        Kind::Postgres,
        Kind::Mariadb,
        Kind::Mongo,
        Kind::Mysql,
        Kind::Redis,
        Kind::Libsql,
        Kind::Compose,
    ]
    .iter()
    .map(|k| s(row, k.id_key()))
    .find(|id| !id.is_empty())
}

/// `mounts.one`: the mount with its service. v0.30.2 nests what Dokploy reads of it
/// (`serverId`, `appName` and the organization of its project), the older eras the whole row.
fn mount_one(st: &Store, era: Era, row: &Row) -> Value {
    let mut out = match mount_in(era, row) {
        Value::Object(m) => m,
        _ => Row::new(),
    };
    let kinds: &[Kind] = if era == Era::V0_30_2 {
        &MOUNT_SERVICES
    } else {
        &MOUNT_SERVICES_FLAT
    };
    for kind in kinds {
        let svc = row
            .get(kind.id_key())
            .and_then(Value::as_str)
            .and_then(|id| st.service(*kind, id));
        let v = match svc {
            None => Value::Null,
            Some(svc) if era == Era::V0_30_2 => {
                let organization = st
                    .environments
                    .get(&s(&svc.row, "environmentId"))
                    .and_then(|e| st.projects.get(&s(&e.row, "projectId")))
                    .map(|p| p.row.get("organizationId").cloned().unwrap_or(Value::Null))
                    .unwrap_or(Value::Null);
                json!({
                    "serverId": svc.row.get("serverId").cloned().unwrap_or(Value::Null),
                    "appName": svc.row.get("appName").cloned().unwrap_or(Value::Null),
                    "environment": {"project": {"organizationId": organization}},
                })
            }
            Some(svc) => Value::Object(crate::legacy::service_row(st, era, *kind, &svc.row)),
        };
        out.insert(kind.router().into(), v);
    }
    Value::Object(out)
}

fn mounts_call(
    st: &mut Store,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let json = |v: Value| Ok(Reply::Json(v));
    let modern = era == Era::V0_30_2;
    let id = input_str(input, "mountId");
    let not_found = || ApiError::not_found("Mount not found");
    match procedure {
        "create" => {
            let service_id = input_str(input, "serviceId");
            check_service(st, caller, &service_id, Action::Create)?;
            let mut values = given(input, MOUNT_COLUMNS);
            values.remove("mountId");
            values.retain(|k, _| {
                matches!(
                    k.as_str(),
                    "type"
                        | "hostPath"
                        | "volumeName"
                        | "filePath"
                        | "content"
                        | "serviceType"
                        | "mountPath"
                )
            });
            // zod v3's default; v0.30.2 has none, and a mount made without `serviceType` belongs
            // to no service (the column's default is `application`, no service column is set).
            if !modern && !values.contains_key("serviceType") {
                values.insert("serviceType".into(), json!("application"));
            }
            let kind = values
                .get("serviceType")
                .and_then(Value::as_str)
                .and_then(Kind::from_router);
            let new_id = st.new_id();
            values.insert("mountId".into(), json!(new_id));
            if let Some(kind) = kind {
                values.insert(kind.id_key().into(), json!(service_id));
                if st.service(kind, &service_id).is_none() {
                    let why = if modern {
                        failed_insert("mount", MOUNT_COLUMNS, &values)
                    } else {
                        crate::backups::foreign_key("mount", kind.id_key(), kind.router())
                    };
                    return Err(bad_request(format!("Error {why}")));
                }
            }
            let ty = input_str(input, "type");
            let mut row = shapes::blank_mount_row(&new_id, &ty);
            row.extend(values);
            st.mounts.push(row.clone());
            st.touch();
            if modern {
                json(Value::Object(row))
            } else {
                json(json!(true))
            }
        }
        "one" => {
            let row = st
                .mounts
                .iter()
                .find(|m| s(m, "mountId") == id)
                .ok_or_else(not_found)?;
            if let Some(service) = mount_service(row) {
                check_service(st, caller, &service, Action::Read)?;
            }
            json(mount_one(st, era, row))
        }
        "update" => {
            let pos = position(&st.mounts, "mountId", &id).ok_or_else(not_found)?;
            if let Some(service) = mount_service(&st.mounts[pos]) {
                check_service(st, caller, &service, Action::Create)?;
            }
            let mut set = given(input, MOUNT_COLUMNS);
            if !modern {
                set.remove("libsqlId");
            }
            for kind in MOUNT_SERVICES {
                let Some(sid) = set.get(kind.id_key()).and_then(Value::as_str) else {
                    continue;
                };
                if st.service(kind, sid).is_none() {
                    return Err(ApiError::internal(if modern {
                        failed_update("mount", MOUNT_COLUMNS, &set, "mountId", &id)
                    } else {
                        crate::backups::foreign_key("mount", kind.id_key(), kind.router())
                    }));
                }
            }
            let before = mount_one(st, era, &st.mounts[pos]);
            rewrite(&mut st.mounts, pos, set);
            st.touch();
            match era {
                Era::V0_18_4 => json(json!(true)),
                _ => json(before),
            }
        }
        "remove" => {
            let pos = position(&st.mounts, "mountId", &id).ok_or_else(not_found)?;
            if let Some(service) = mount_service(&st.mounts[pos]) {
                check_service(st, caller, &service, Action::Delete)?;
            }
            let row = st.mounts.remove(pos);
            st.touch();
            json(mount_in(era, &row))
        }
        "listByServiceId" => {
            let service_id = input_str(input, "serviceId");
            check_service(st, caller, &service_id, Action::Read)?;
            let kind = Kind::from_router(&input_str(input, "serviceType")).ok_or_else(|| {
                unauthorized("You are not authorized to access this service or it does not exist")
            })?;
            if st.service(kind, &service_id).is_none() {
                return Err(ApiError::not_found(format!("{} not found", kind.label())));
            }
            json(Value::Array(crate::views::owned_rows(
                &st.mounts,
                kind.id_key(),
                &service_id,
            )))
        }
        // The named volumes of the application's running container, as Docker lists them;
        // nothing when no container runs.
        "allNamedByApplicationId" => {
            let app_id = input_str(input, "applicationId");
            check_service(st, caller, &app_id, Action::Read)?;
            let app = st
                .service(Kind::Application, &app_id)
                .ok_or_else(|| ApiError::not_found("Application not found"))?;
            if !st.docker.available {
                return Err(crate::docker::no_engine());
            }
            let status = s(&app.row, "applicationStatus");
            if status != "done" && status != "running" {
                return Ok(Reply::Void);
            }
            let volumes: Vec<Value> = st
                .mounts
                .iter()
                .filter(|m| s(m, "applicationId") == app_id && s(m, "type") == "volume")
                .filter(|m| !s(m, "volumeName").is_empty())
                .map(|m| {
                    let name = s(m, "volumeName");
                    json!({
                        "Type": "volume",
                        "Name": name,
                        "Source": format!("/var/lib/docker/volumes/{name}/_data"),
                        "Destination": s(m, "mountPath"),
                        "Driver": "local",
                        "Mode": "z",
                        "RW": true,
                        "Propagation": "",
                    })
                })
                .collect();
            json(Value::Array(volumes))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

// ------------------------------------------------------------------ ports

fn port_call(
    st: &mut Store,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let json = |v: Value| Ok(Reply::Json(v));
    let modern = era == Era::V0_30_2;
    let id = input_str(input, "portId");
    // zod's defaults (v0.18.4 has no publish mode; its ports are published in swarm's default
    // mode, ingress).
    let mode = match input.get("publishMode") {
        Some(m) if era != Era::V0_18_4 => m.clone(),
        _ => json!("ingress"),
    };
    let protocol = input.get("protocol").cloned().unwrap_or(json!("tcp"));
    match procedure {
        "create" => {
            // Dokploy answers any failure here, access included, with this.
            let refused = || bad_request("Error input: Inserting port");
            let app_id = input_str(input, "applicationId");
            check_service(st, caller, &app_id, Action::Create).map_err(|_| refused())?;
            if st.service(Kind::Application, &app_id).is_none() {
                return Err(refused());
            }
            let (published, target) = (&input["publishedPort"], &input["targetPort"]);
            if not_an_integer(published).is_some() || not_an_integer(target).is_some() {
                return Err(refused());
            }
            let new_id = st.new_id();
            let mut row = shapes::port_row(&new_id, 0, "", 0, "", &app_id);
            row.insert("publishedPort".into(), whole(published));
            row.insert("targetPort".into(), whole(target));
            row.insert("publishMode".into(), mode);
            row.insert("protocol".into(), protocol);
            st.ports.push(row.clone());
            st.touch();
            if modern {
                json(Value::Object(row))
            } else {
                json(json!(true))
            }
        }
        "one" => {
            let refused = || bad_request("Port not found");
            let row = st
                .ports
                .iter()
                .find(|p| s(p, "portId") == id)
                .ok_or_else(refused)?;
            let app_id = s(row, "applicationId");
            check_service(st, caller, &app_id, Action::Read).map_err(|_| refused())?;
            let mut v = port_in(era, row);
            if modern {
                v["application"] = json!({"applicationId": app_id});
            }
            json(v)
        }
        "delete" | "update" => {
            // Before v0.30.2 an unknown port is no row: an empty answer.
            let Some(pos) = position(&st.ports, "portId", &id) else {
                return if modern {
                    Err(ApiError::not_found("Port not found"))
                } else {
                    Ok(Reply::Void)
                };
            };
            let app_id = s(&st.ports[pos], "applicationId");
            let action = if procedure == "delete" {
                Action::Delete
            } else {
                Action::Create
            };
            check_service(st, caller, &app_id, action)?;
            if procedure == "delete" {
                let row = st.ports.remove(pos);
                st.touch();
                return json(port_in(era, &row));
            }
            let mut set = given(input, PORT_COLUMNS);
            set.remove("applicationId");
            if era == Era::V0_18_4 {
                set.remove("publishMode");
            } else {
                set.insert("publishMode".into(), mode);
            }
            set.insert("protocol".into(), protocol);
            for k in ["publishedPort", "targetPort"] {
                if let Some(why) = set.get(k).and_then(not_an_integer) {
                    return Err(if modern {
                        bad_request(failed_update("port", PORT_COLUMNS, &set, "portId", &id))
                    } else {
                        ApiError::internal(why)
                    });
                }
            }
            for k in ["publishedPort", "targetPort"] {
                if let Some(v) = set.get(k).map(whole) {
                    set.insert(k.into(), v);
                }
            }
            let row = rewrite(&mut st.ports, pos, set);
            st.touch();
            json(port_in(era, &row))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

// ------------------------------------------------------------------ redirects

fn redirects_call(
    st: &mut Store,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let json = |v: Value| Ok(Reply::Json(v));
    let id = input_str(input, "redirectId");
    let not_found = || ApiError::not_found("Redirect not found");
    match procedure {
        "create" => {
            let app_id = input_str(input, "applicationId");
            check_service(st, caller, &app_id, Action::Create)?;
            if st.service(Kind::Application, &app_id).is_none() {
                // v0.30.2 inserts first (the foreign key fails); the older eras look the
                // application up first.
                return Err(if era == Era::V0_30_2 {
                    bad_request("Error creating this redirect")
                } else {
                    ApiError::not_found("Application not found")
                });
            }
            let new_id = st.new_id();
            let key = st.next_redirect_key();
            let row = shapes::redirect_row(
                &new_id,
                &input_str(input, "regex"),
                &input_str(input, "replacement"),
                input["permanent"].as_bool().unwrap_or(false),
                key,
                &iso(now_ms()),
                &app_id,
            );
            st.redirects.push(row);
            st.touch();
            json(json!(true))
        }
        "one" => {
            let row = st
                .redirects
                .iter()
                .find(|r| s(r, "redirectId") == id)
                .ok_or_else(not_found)?;
            check_service(st, caller, &s(row, "applicationId"), Action::Read)?;
            json(Value::Object(row.clone()))
        }
        "delete" | "update" => {
            let pos = position(&st.redirects, "redirectId", &id).ok_or_else(not_found)?;
            let app_id = s(&st.redirects[pos], "applicationId");
            if procedure == "delete" {
                check_service(st, caller, &app_id, Action::Delete)?;
                let row = st.redirects.remove(pos);
                st.touch();
                return json(Value::Object(row));
            }
            check_service(st, caller, &app_id, Action::Create)?;
            let set = given(input, &["regex", "replacement", "permanent"]);
            let row = rewrite(&mut st.redirects, pos, set);
            st.touch();
            json(Value::Object(row))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

// ------------------------------------------------------------------ basic-auth users

fn security_call(
    st: &mut Store,
    procedure: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let json = |v: Value| Ok(Reply::Json(v));
    let modern = era == Era::V0_30_2;
    let id = input_str(input, "securityId");
    let not_found = || ApiError::not_found("Security not found");
    let username = input_str(input, "username");
    // The table is unique on (username, applicationId).
    let taken = |st: &Store, app_id: &str, except: &str| {
        st.security.iter().any(|r| {
            s(r, "applicationId") == app_id
                && s(r, "username") == username
                && s(r, "securityId") != except
        })
    };
    const UNIQUE: &str =
        "duplicate key value violates unique constraint \"security_username_applicationId_unique\"";
    match procedure {
        "create" => {
            let app_id = input_str(input, "applicationId");
            check_service(st, caller, &app_id, Action::Create)?;
            if st.service(Kind::Application, &app_id).is_none() {
                // v0.30.2 relays the look-up's message as a bad request.
                return Err(if modern {
                    bad_request("Application not found")
                } else {
                    ApiError::not_found("Application not found")
                });
            }
            let new_id = st.new_id();
            let row = shapes::security_row(
                &new_id,
                &username,
                &input_str(input, "password"),
                &iso(now_ms()),
                &app_id,
            );
            if taken(st, &app_id, "") {
                return Err(bad_request(if modern {
                    failed_insert("security", SECURITY_COLUMNS, &row)
                } else {
                    "Error creating this security".into()
                }));
            }
            st.security.push(row);
            st.touch();
            if modern {
                json(json!(true))
            } else {
                Ok(Reply::Void)
            }
        }
        "one" => {
            let row = st
                .security
                .iter()
                .find(|r| s(r, "securityId") == id)
                .ok_or_else(not_found)?;
            check_service(st, caller, &s(row, "applicationId"), Action::Read)?;
            json(Value::Object(row.clone()))
        }
        "delete" | "update" => {
            let pos = position(&st.security, "securityId", &id).ok_or_else(not_found)?;
            let app_id = s(&st.security[pos], "applicationId");
            // Dokploy asks the permission to create for both.
            check_service(st, caller, &app_id, Action::Create)?;
            if procedure == "delete" {
                let row = st.security.remove(pos);
                st.touch();
                return json(Value::Object(row));
            }
            let set = given(input, &SECURITY_COLUMNS[..3]);
            if taken(st, &app_id, &id) {
                return Err(bad_request(match era {
                    Era::V0_30_2 => {
                        failed_update("security", SECURITY_COLUMNS, &set, "securityId", &id)
                    }
                    Era::V0_24_12 => UNIQUE.into(),
                    Era::V0_18_4 => "Error updating this security".into(),
                }));
            }
            let row = rewrite(&mut st.security, pos, set);
            st.touch();
            if modern {
                Ok(Reply::Void)
            } else {
                json(Value::Object(row))
            }
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_insert_reads_like_drizzle() {
        // mounts.create.unknown-service-400
        let values = shapes::obj(json!({
            "mountId": "5FJUdB-tbqeYOdIN2ZinG", "type": "volume", "volumeName": "x",
            "serviceType": "application", "mountPath": "/x", "applicationId": "doesNotExist123",
        }));
        assert_eq!(
            format!("Error {}", failed_insert("mount", MOUNT_COLUMNS, &values)),
            "Error Failed query: insert into \"mount\" (\"mountId\", \"type\", \"hostPath\", \"volumeName\", \"filePath\", \"content\", \"serviceType\", \"mountPath\", \"applicationId\", \"composeId\", \"libsqlId\", \"mariadbId\", \"mongoId\", \"mysqlId\", \"postgresId\", \"redisId\") values ($1, $2, default, $3, default, default, $4, $5, $6, default, default, default, default, default, default, default) returning \"mountId\", \"type\", \"hostPath\", \"volumeName\", \"filePath\", \"content\", \"serviceType\", \"mountPath\", \"applicationId\", \"composeId\", \"libsqlId\", \"mariadbId\", \"mongoId\", \"mysqlId\", \"postgresId\", \"redisId\"\nparams: 5FJUdB-tbqeYOdIN2ZinG,volume,x,application,/x,doesNotExist123"
        );
    }

    #[test]
    fn failed_update_reads_like_drizzle() {
        let set = shapes::obj(json!({"securityId": "s1", "username": "admin", "password": "pw"}));
        assert_eq!(
            failed_update("security", SECURITY_COLUMNS, &set, "securityId", "s1"),
            "Failed query: update \"security\" set \"securityId\" = $1, \"username\" = $2, \"password\" = $3 where \"security\".\"securityId\" = $4 returning \"securityId\", \"username\", \"password\", \"createdAt\", \"applicationId\"\nparams: s1,admin,pw,s1"
        );
    }

    #[test]
    fn integers_like_postgres() {
        assert_eq!(not_an_integer(&json!(8080)), None);
        assert_eq!(not_an_integer(&json!(8080.0)), None);
        assert_eq!(
            not_an_integer(&json!(80.5)).as_deref(),
            Some("invalid input syntax for type integer: \"80.5\"")
        );
        assert_eq!(
            not_an_integer(&json!(3_000_000_000i64)).as_deref(),
            Some("value \"3000000000\" is out of range for type integer")
        );
        assert_eq!(whole(&json!(8080.0)), json!(8080));
    }
}

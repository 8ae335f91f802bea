//! Tags (`tag.*`), like Dokploy v0.30.2 (checked against the recordings): the organization's
//! tags (`{tagId, name, color, createdAt, organizationId}`, a name once per organization) and the
//! projects they are given to (`project_tag` rows, `{id, projectId, tagId}`), which `project.all`
//! and `project.one` nest as `projectTags`, each with its `tag`. The older eras have no tags: the
//! procedures are not in their request contracts (their unknown-procedure 404) and their
//! projects carry no `projectTags`.
//!
//! - `tag.all` lists the tags by name (as Postgres' `en_US.UTF-8` collation orders them),
//!   `tag.one` answers one (404 `Tag not found`).
//! - `tag.create {name, color?}` answers the new row (`color` null without one); `tag.update
//!   {tagId, name?, color?}` the changed row (404 `Tag not found or you don't have permission
//!   to update it`; neither field: 400 `Error updating tag: No values to set`, drizzle's
//!   refusal); a name another tag has answers 400 with the failed query as drizzle words it
//!   (`Error creating tag: Failed query: insert into "tag" ...`, `Error updating tag: Failed
//!   query: update "tag" ...`), not the `CONFLICT` Dokploy meant to answer (its check looks for
//!   the constraint's name in a message that does not carry it).
//! - `tag.remove {tagId}` answers `{"success": true}`; the tag's assignments go with it (the
//!   foreign key cascades); 404 `Tag not found or you don't have permission to delete it`.
//! - `tag.assignToProject {projectId, tagId}` answers the `project_tag` row; a tag the project
//!   has already answers 400 `Error assigning tag to project: Failed query: insert into
//!   "project_tag" ...`. `tag.removeFromProject` answers `{"success": true}`, assigned or not.
//!   `tag.bulkAssign {projectId, tagIds}` gives the project exactly these tags (`[]` clears
//!   them) and answers `{"success": true}`; a tag that does not exist answers 404 `One or more
//!   tags not found in your organization` and changes nothing; the same tag twice fails the
//!   insert (400 `Error bulk assigning tags to project: ...`) after the project's tags were
//!   cleared, as Dokploy does it without a transaction. These three look the project up first
//!   (404 `Project not found or you don't have permission to modify it`), then the member's
//!   access to it, then the tag (404 `Tag not found or you don't have permission to use it`).
//!
//! Access: any member reads the tags; creating, changing and removing them is the owner's
//! (`withPermission("tag", ...)`: the member role has `tag: ["read"]`, so better-auth answers 401
//! `unauthorized to access resource "tag"`); a member gives and takes tags only on the projects
//! given to them (401 `You don't have access to this project`).

use std::cmp::Ordering;
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::advanced::{failed_insert, failed_update, param};
use crate::api::{input_str, service_access, ApiError, Caller, Reply};
use crate::shapes::{obj, s, Row};
use crate::store::Store;
use crate::util::{id_from, iso, now_ms};
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    router == "tag"
}

/// The `tag` table's columns in v0.30.2's order.
const TAG_COLUMNS: &[&str] = &["tagId", "name", "color", "createdAt", "organizationId"];

/// The `project_tag` table's columns.
const PROJECT_TAG_COLUMNS: &[&str] = &["id", "projectId", "tagId"];

/// The seeded tags: name, color, the project given it, days since it was made.
pub const SEEDED: [(&str, &str, &str, i64); 2] = [
    ("production", "#10b981", "shop", 30),
    ("internal", "#f59e0b", "internal-tools", 15),
];

pub fn tag_row(id: &str, name: &str, color: Value, created_at: &str, org: &str) -> Row {
    obj(json!({
        "tagId": id,
        "name": name,
        "color": color,
        "createdAt": created_at,
        "organizationId": org,
    }))
}

fn project_tag_row(id: &str, project_id: &str, tag_id: &str) -> Row {
    obj(json!({"id": id, "projectId": project_id, "tagId": tag_id}))
}

/// The demo's tags (v0.30.2 only): `production` on the shop, `internal` on internal-tools. Their
/// ids come from a generator of their own, so that they are the same from run to run and every
/// other seeded (or later made) id stays what it was before tags were seeded.
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x7A65);
    let now = now_ms();
    let org = st.org_id();
    for (name, color, project, days) in SEEDED {
        let tag_id = id_from(&mut rng, 21);
        let created = iso(now - days * 86_400_000);
        st.tags
            .push(tag_row(&tag_id, name, json!(color), &created, &org));
        let id = id_from(&mut rng, 21);
        if let Some(pid) = st.project_by_name(project).map(|p| s(&p.row, "projectId")) {
            st.project_tags.push(project_tag_row(&id, &pid, &tag_id));
        }
    }
    st.touch();
}

/// A project's `projectTags` (`with: { projectTags: { with: { tag: true } } }`): its
/// assignments in the order they were made, each with its tag.
pub fn of_project(st: &Store, project_id: &str) -> Value {
    let list = st
        .project_tags
        .iter()
        .filter(|r| s(r, "projectId") == project_id)
        .map(|r| {
            let mut v = r.clone();
            let tag = find(st, &s(r, "tagId")).map_or(Value::Null, |t| Value::Object(t.clone()));
            v.insert("tag".into(), tag);
            Value::Object(v)
        })
        .collect();
    Value::Array(list)
}

fn find<'a>(st: &'a Store, id: &str) -> Option<&'a Row> {
    st.tags.iter().find(|t| s(t, "tagId") == id)
}

/// How Postgres orders text under Dokploy's database collation (`en_US.UTF-8`, glibc): letters
/// without regard to case after digits, after spaces and punctuation; then lowercase before
/// uppercase; then the text itself.
pub fn collate(a: &str, b: &str) -> Ordering {
    fn primary(x: &str) -> Vec<(u8, char)> {
        x.chars()
            .map(|c| {
                if c.is_alphabetic() {
                    (2, c.to_lowercase().next().unwrap_or(c))
                } else if c.is_numeric() {
                    (1, c)
                } else {
                    (0, c)
                }
            })
            .collect()
    }
    fn case(x: &str) -> Vec<bool> {
        x.chars().map(char::is_uppercase).collect()
    }
    primary(a)
        .cmp(&primary(b))
        .then_with(|| case(a).cmp(&case(b)))
        .then_with(|| a.cmp(b))
}

// ------------------------------------------------------------------ errors and access

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "BAD_REQUEST", message)
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(401, "UNAUTHORIZED", message)
}

/// `withPermission("tag", action)`: the owner's (a member's role reads tags only).
fn may_change_tags(caller: &Caller) -> Result<(), ApiError> {
    if caller.owner {
        Ok(())
    } else {
        Err(ApiError::no_permission("tag"))
    }
}

/// What `assignToProject`, `removeFromProject` and `bulkAssign` check first: the project exists,
/// and a member was given it.
fn check_project(st: &Store, caller: &Caller, project_id: &str) -> Result<(), ApiError> {
    if !st.projects.contains_key(project_id) {
        return Err(ApiError::not_found(
            "Project not found or you don't have permission to modify it",
        ));
    }
    let (projects, _) = service_access(st, caller);
    if projects.is_some_and(|a| !a.contains(project_id)) {
        return Err(unauthorized("You don't have access to this project"));
    }
    Ok(())
}

fn check_tag(st: &Store, tag_id: &str) -> Result<(), ApiError> {
    match find(st, tag_id) {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found(
            "Tag not found or you don't have permission to use it",
        )),
    }
}

/// drizzle's message for a multi-row insert into `project_tag` (no `returning`) that Postgres
/// refused.
fn failed_bulk_insert(rows: &[Row]) -> String {
    let mut groups = Vec::new();
    let mut params = Vec::new();
    for r in rows {
        let mut placeholders = Vec::new();
        for c in PROJECT_TAG_COLUMNS {
            params.push(param(r.get(*c).unwrap_or(&Value::Null)));
            placeholders.push(format!("${}", params.len()));
        }
        groups.push(format!("({})", placeholders.join(", ")));
    }
    format!(
        "Failed query: insert into \"project_tag\" (\"id\", \"projectId\", \"tagId\") values {}\nparams: {}",
        groups.join(", "),
        params.join(",")
    )
}

fn success() -> Result<Reply, ApiError> {
    Ok(Reply::Json(json!({"success": true})))
}

// ------------------------------------------------------------------ procedures

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    let mut st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    match name {
        "tag.all" => {
            let mut tags: Vec<&Row> = st.tags.iter().collect();
            tags.sort_by(|a, b| collate(&s(a, "name"), &s(b, "name")));
            json(Value::Array(
                tags.into_iter().map(|t| Value::Object(t.clone())).collect(),
            ))
        }
        "tag.one" => {
            let id = input_str(input, "tagId");
            match find(&st, &id) {
                Some(t) => json(Value::Object(t.clone())),
                None => Err(ApiError::not_found("Tag not found")),
            }
        }
        "tag.create" => {
            may_change_tags(caller)?;
            let id = st.new_id();
            let name = input_str(input, "name");
            let created = iso(now_ms());
            let org = st.org_id();
            // What the insert sets: `color` only when given (else the column's default, null).
            let mut values = Row::new();
            values.insert("tagId".into(), json!(id));
            values.insert("name".into(), json!(name));
            if let Some(color) = input.get("color") {
                values.insert("color".into(), color.clone());
            }
            values.insert("createdAt".into(), json!(created));
            values.insert("organizationId".into(), json!(org));
            if st.tags.iter().any(|t| s(t, "name") == name) {
                return Err(bad_request(format!(
                    "Error creating tag: {}",
                    failed_insert("tag", TAG_COLUMNS, &values)
                )));
            }
            let color = input.get("color").cloned().unwrap_or(Value::Null);
            let row = tag_row(&id, &name, color, &created, &org);
            st.tags.push(row.clone());
            st.touch();
            json(Value::Object(row))
        }
        "tag.update" => {
            may_change_tags(caller)?;
            let id = input_str(input, "tagId");
            let pos = st
                .tags
                .iter()
                .position(|t| s(t, "tagId") == id)
                .ok_or_else(|| {
                    ApiError::not_found("Tag not found or you don't have permission to update it")
                })?;
            let set: Row = ["name", "color"]
                .iter()
                .filter_map(|k| input.get(*k).map(|v| (k.to_string(), v.clone())))
                .collect();
            if set.is_empty() {
                return Err(bad_request("Error updating tag: No values to set"));
            }
            if let Some(new_name) = set.get("name").and_then(Value::as_str) {
                let taken = st
                    .tags
                    .iter()
                    .enumerate()
                    .any(|(i, t)| i != pos && s(t, "name") == new_name);
                if taken {
                    return Err(bad_request(format!(
                        "Error updating tag: {}",
                        failed_update("tag", TAG_COLUMNS, &set, "tagId", &id)
                    )));
                }
            }
            st.tags[pos].extend(set);
            let row = st.tags[pos].clone();
            st.touch();
            json(Value::Object(row))
        }
        "tag.remove" => {
            may_change_tags(caller)?;
            let id = input_str(input, "tagId");
            let pos = st
                .tags
                .iter()
                .position(|t| s(t, "tagId") == id)
                .ok_or_else(|| {
                    ApiError::not_found("Tag not found or you don't have permission to delete it")
                })?;
            st.tags.remove(pos);
            st.project_tags.retain(|r| s(r, "tagId") != id);
            st.touch();
            success()
        }
        "tag.assignToProject" => {
            let project_id = input_str(input, "projectId");
            let tag_id = input_str(input, "tagId");
            check_project(&st, caller, &project_id)?;
            check_tag(&st, &tag_id)?;
            let id = st.new_id();
            let row = project_tag_row(&id, &project_id, &tag_id);
            let assigned = st
                .project_tags
                .iter()
                .any(|r| s(r, "projectId") == project_id && s(r, "tagId") == tag_id);
            if assigned {
                return Err(bad_request(format!(
                    "Error assigning tag to project: {}",
                    failed_insert("project_tag", PROJECT_TAG_COLUMNS, &row)
                )));
            }
            st.project_tags.push(row.clone());
            st.touch();
            json(Value::Object(row))
        }
        "tag.removeFromProject" => {
            let project_id = input_str(input, "projectId");
            let tag_id = input_str(input, "tagId");
            check_project(&st, caller, &project_id)?;
            check_tag(&st, &tag_id)?;
            st.project_tags
                .retain(|r| !(s(r, "projectId") == project_id && s(r, "tagId") == tag_id));
            st.touch();
            success()
        }
        "tag.bulkAssign" => {
            let project_id = input_str(input, "projectId");
            check_project(&st, caller, &project_id)?;
            let tag_ids: Vec<String> = input
                .get("tagIds")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            if tag_ids.iter().any(|t| find(&st, t).is_none()) {
                return Err(ApiError::not_found(
                    "One or more tags not found in your organization",
                ));
            }
            // Dokploy deletes, then inserts, outside a transaction.
            st.project_tags.retain(|r| s(r, "projectId") != project_id);
            st.touch();
            let rows: Vec<Row> = tag_ids
                .iter()
                .map(|t| {
                    let id = st.new_id();
                    project_tag_row(&id, &project_id, t)
                })
                .collect();
            let twice = tag_ids
                .iter()
                .enumerate()
                .any(|(i, t)| tag_ids[..i].contains(t));
            if twice {
                return Err(bad_request(format!(
                    "Error bulk assigning tags to project: {}",
                    failed_bulk_insert(&rows)
                )));
            }
            st.project_tags.extend(rows);
            success()
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_collate_like_postgres_en_us() {
        let mut names = vec![
            "rec-wave2-tag-2",
            "Production",
            "internal",
            "production",
            "rec-wave2-tag",
            "2fa",
            "_legacy",
            "Beta",
            "alpha",
        ];
        names.sort_by(|a, b| collate(a, b));
        assert_eq!(
            names,
            [
                "_legacy",
                "2fa",
                "alpha",
                "Beta",
                "internal",
                "production",
                "Production",
                "rec-wave2-tag",
                "rec-wave2-tag-2",
            ]
        );
    }

    #[test]
    fn a_failed_bulk_insert_reads_like_drizzle() {
        let rows = [
            project_tag_row("a1", "p1", "t1"),
            project_tag_row("a2", "p1", "t1"),
        ];
        assert_eq!(
            failed_bulk_insert(&rows),
            "Failed query: insert into \"project_tag\" (\"id\", \"projectId\", \"tagId\") values ($1, $2, $3), ($4, $5, $6)\nparams: a1,p1,t1,a2,p1,t1"
        );
    }

    #[test]
    fn a_failed_create_reads_like_the_recording() {
        // tag.create.duplicate-400 (recorded with a color; without one the column is `default`)
        let mut values = tag_row(
            "g_ZRStwsgCW2hWJw4sEEh",
            "rec-wave2-tag",
            json!("#000000"),
            "2026-12-02T17:41:13.361Z",
            "ZRWTKuDljFp3K1SCmxpAk",
        );
        assert_eq!(
            format!("Error creating tag: {}", failed_insert("tag", TAG_COLUMNS, &values)),
            "Error creating tag: Failed query: insert into \"tag\" (\"tagId\", \"name\", \"color\", \"createdAt\", \"organizationId\") values ($1, $2, $3, $4, $5) returning \"tagId\", \"name\", \"color\", \"createdAt\", \"organizationId\"\nparams: g_ZRStwsgCW2hWJw4sEEh,rec-wave2-tag,#000000,2026-12-02T17:41:13.361Z,ZRWTKuDljFp3K1SCmxpAk"
        );
        values.remove("color");
        assert!(failed_insert("tag", TAG_COLUMNS, &values)
            .contains("values ($1, $2, default, $3, $4) returning"));
        // tag.update.duplicate-name-400
        let set = obj(json!({"name": "rec-wave2-tag-renamed"}));
        assert_eq!(
            format!(
                "Error updating tag: {}",
                failed_update("tag", TAG_COLUMNS, &set, "tagId", "1k-RdgIDhtURGeDPtV2kc")
            ),
            "Error updating tag: Failed query: update \"tag\" set \"name\" = $1 where \"tag\".\"tagId\" = $2 returning \"tagId\", \"name\", \"color\", \"createdAt\", \"organizationId\"\nparams: rec-wave2-tag-renamed,1k-RdgIDhtURGeDPtV2kc"
        );
    }
}

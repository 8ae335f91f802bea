//! Rollbacks (`rollback.*`, v0.24.12 and v0.30.2) and the registries they need, like Dokploy
//! (`services/rollbacks.ts`, `utils/cluster/upload.ts`, `db/schema/rollbacks.ts`).
//!
//! A rollback is a `rollback` row `{rollbackId, deploymentId, version, image, createdAt,
//! fullContext}` of one deployment, whose `rollbackId` names it. `version` is a serial of the
//! table; `fullContext` the application as it was (`findApplicationById` without its deployments
//! and git providers), kept to run that version again.
//!
//! - **v0.30.2** makes one for every deploy or rebuild of an application whose `rollbackActive` is
//!   on and whose `rollbackRegistryId` names a registry, as the build command is put together
//!   (before the build runs: a failed build has one too). Its image is `<appName>:v<version>`,
//!   pushed after a successful build to `<registryUrl>/<imagePrefix or username>/<image>` (the
//!   log says so); `fullContext` carries the registries with their passwords, as Dokploy
//!   stores them. No registry, no rollback.
//! - **v0.24.12** makes one after a successful `deploy` (not a rebuild) when `rollbackActive` is
//!   on (it had no rollback registries): image `<dockerImage or appName>:v<version>`.
//! - The deployment row carries `rollbackId`; `deployment.allByType` nests the whole rollback
//!   (`rollback`), `application.one`, `deployment.all` and `allCentralized` only the id. The
//!   foreign keys cascade both ways: removing the deployment (pruning to ten, removal) removes
//!   the rollback, removing the rollback removes its deployment.
//! - `rollback.rollback {rollbackId}` updates the application's swarm service to the rollback's
//!   image (after a `docker login` to the rollback registry) and answers an empty 200; no
//!   deployment row, no status change: its containers are replaced (new tasks, the rollback's
//!   image). Anything failing, an unknown id or a member without the service among theirs
//!   included, answers 400 `Error input: Rolling back` (so does a sandbox without a Docker
//!   engine).
//! - `rollback.delete {rollbackId}` answers the rollback (v0.30.2 with its `deployment`); it
//!   removes it only when `docker image rm <image> --force` works: v0.30.2 never tags
//!   `<appName>:vN` locally (it pushes the registry's tag), so its rollbacks stay; v0.24.12
//!   tagged an application built from source (not a docker image) that way. Unknown: 400 (v0.30.2)
//!   or 500 (v0.24.12, an unawaited promise) `Rollback not found`.
//! - `application.update` (v0.30.2) takes `rollbackActive` and `rollbackRegistryId` as they come
//!   (only Dokploy's form insists on a registry); a registry id that does not exist fails the
//!   foreign key: 500 with drizzle's failed update.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::advanced::{check_service, failed_update, Action};
use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{self, s, Row};
use crate::store::{Deployment, Store};
use crate::util::{hex_of, iso, now_ms};
use crate::Shared;

/// The router this module answers.
pub fn handles(router: &str) -> bool {
    router == "rollback"
}

// ------------------------------------------------------------------ registries

/// A `registry` row (password and all, as `registry.all` answers it).
#[allow(clippy::too_many_arguments)]
pub fn registry_row(
    id: &str,
    name: &str,
    image_prefix: Option<&str>,
    username: &str,
    password: &str,
    url: &str,
    created_at: &str,
    organization_id: &str,
) -> Row {
    shapes::obj(json!({
        "registryId": id,
        "registryName": name,
        "imagePrefix": image_prefix,
        "username": username,
        "password": password,
        "registryUrl": url,
        "createdAt": created_at,
        "registryType": "cloud",
        "organizationId": organization_id,
    }))
}

fn registry<'a>(st: &'a Store, id: &str) -> Option<&'a Row> {
    st.registries
        .iter()
        .find(|r| !id.is_empty() && s(r, "registryId") == id)
}

/// The registry named by `row[key]` as a relation: without its password (v0.30.2's
/// `application.one`), or the whole row; null when there is none.
pub fn registry_relation(st: &Store, row: &Row, key: &str, with_password: bool) -> Value {
    match registry(st, &s(row, key)) {
        Some(r) => {
            let mut r = r.clone();
            if !with_password {
                r.remove("password");
            }
            Value::Object(r)
        }
        None => Value::Null,
    }
}

/// v0.30.2's `application.update` of registries that do not exist: the foreign key fails the
/// update (500, drizzle's message).
pub fn check_registries(st: &Store, app_id: &str, parsed: &Value) -> Result<(), ApiError> {
    let unknown = ["registryId", "rollbackRegistryId", "buildRegistryId"]
        .iter()
        .any(|k| match parsed.get(*k) {
            Some(Value::String(id)) => registry(st, id).is_none(),
            _ => false,
        });
    if !unknown {
        return Ok(());
    }
    let (table, columns) = crate::moves::table(Kind::Application);
    let set: Row = parsed
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.as_str() != "applicationId")
                .map(|(k, v)| {
                    let column = if k == "previewCertificateType" {
                        "certificateType".to_string()
                    } else {
                        k.clone()
                    };
                    (column, v.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    Err(ApiError::internal(failed_update(
        table,
        &columns,
        &set,
        "applicationId",
        app_id,
    )))
}

/// Dokploy's `getRegistryTag`: `<registryUrl>/<imagePrefix or username, lower-case>/<the image's
/// last path segment>`.
pub fn registry_tag(registry: &Row, image: &str) -> String {
    let repository = image.rsplit('/').next().unwrap_or(image);
    let prefix = match s(registry, "imagePrefix") {
        p if p.is_empty() => s(registry, "username"),
        p => p,
    }
    .to_lowercase();
    match s(registry, "registryUrl") {
        url if url.is_empty() => format!("{prefix}/{repository}"),
        url => format!("{url}/{prefix}/{repository}"),
    }
}

/// The log of the upload to the rollback registry (`getRegistryCommands` after
/// `🔄 [Enabled Rollback Registry]`): image `image_name` tagged and pushed as the rollback's
/// image `rollback_image`.
pub fn upload_lines(registry: &Row, image_name: &str, rollback_image: &str) -> Vec<String> {
    let tag = registry_tag(registry, rollback_image);
    let (repository, version) = tag.rsplit_once(':').unwrap_or((&tag, "latest"));
    let layer = |i: usize| hex_of(&format!("{image_name}|{i}"), 12);
    vec![
        "🔄 [Enabled Rollback Registry]".into(),
        format!(
            "📦 [Enabled Registry] Uploading image to '{}' | '{tag}'",
            s(registry, "registryType")
        ),
        "Login Succeeded".into(),
        "✅ Registry Login Success".into(),
        "✅ Image Tagged".into(),
        format!("The push refers to repository [{repository}]"),
        format!("{}: Pushed", layer(0)),
        format!("{}: Layer already exists", layer(1)),
        format!("{}: Layer already exists", layer(2)),
        format!(
            "{version}: digest: sha256:{} size: 1786",
            hex_of(&format!("{tag}|digest"), 64)
        ),
        "✅ Image Pushed".into(),
    ]
}

/// A successful build's log `lines` with the upload to the rollback registry, which follows the
/// build (before the sandbox's closing `Docker Deployed: ✅`).
pub fn with_upload(mut lines: Vec<String>, upload: Vec<String>) -> Vec<String> {
    let at = match lines.last() {
        Some(last) if last == "Docker Deployed: ✅" => lines.len() - 1,
        _ => lines.len(),
    };
    lines.splice(at..at, upload);
    lines
}

// ------------------------------------------------------------------ rows

/// The application `app_id` as a rollback keeps it (`fullContext`), in `era`'s shape: its row
/// (status `status`, image `image` when given) with its relations but its deployments and git
/// providers; v0.30.2 adds its registries with their passwords.
fn context(st: &Store, era: Era, app_id: &str, status: &str, image: Option<&str>) -> Value {
    let one = match era {
        Era::V0_30_2 => crate::views::service_one(st, Kind::Application, app_id),
        _ => crate::legacy::service_one(st, era, Kind::Application, app_id),
    };
    let Some(Value::Object(mut ctx)) = one else {
        return Value::Null;
    };
    for k in [
        "deployments",
        "github",
        "gitlab",
        "bitbucket",
        "gitea",
        "unauthorizedProvider",
        "hasGitProviderAccess",
    ] {
        ctx.remove(k);
    }
    let app = st
        .services
        .get(app_id)
        .map(|svc| svc.row.clone())
        .unwrap_or_default();
    ctx.insert(
        "registry".into(),
        registry_relation(st, &app, "registryId", true),
    );
    if era == Era::V0_30_2 {
        for (key, id_key) in [
            ("buildRegistry", "buildRegistryId"),
            ("rollbackRegistry", "rollbackRegistryId"),
        ] {
            ctx.insert(key.into(), registry_relation(st, &app, id_key, true));
        }
    }
    ctx.insert("applicationStatus".into(), json!(status));
    if let Some(image) = image {
        ctx.insert("dockerImage".into(), json!(image));
    }
    Value::Object(ctx)
}

/// The rollback's image: `<appName>:v<version>` (v0.30.2), `<dockerImage or appName>:v<version>`
/// (v0.24.12).
fn image(era: Era, app: &Row, docker_image: &str, version: i64) -> String {
    let base = match era {
        Era::V0_30_2 => s(app, "appName"),
        _ if s(app, "sourceType") == "docker" && !docker_image.is_empty() => {
            docker_image.to_string()
        }
        _ => s(app, "appName"),
    };
    format!("{base}:v{version}")
}

fn rollback_row(
    id: &str,
    deployment_id: &str,
    version: i64,
    image: &str,
    created_at: &str,
    context: Value,
) -> Row {
    shapes::obj(json!({
        "rollbackId": id,
        "deploymentId": deployment_id,
        "version": version,
        "image": image,
        "createdAt": created_at,
        "fullContext": context,
    }))
}

/// Gives deployment `dep` a new rollback of its application (as it is now, with status
/// `status`); returns the rollback and the application.
fn create(st: &mut Store, era: Era, dep: &str, status: &str) -> Option<(Row, Row)> {
    let pos = st
        .deployments
        .iter()
        .position(|d| s(&d.row, "deploymentId") == dep)?;
    let app_id = s(&st.deployments[pos].row, "applicationId");
    let app = st.service(Kind::Application, &app_id)?.row.clone();
    st.rollback_seq += 1;
    let version = st.rollback_seq;
    let id = st.new_id();
    let image = image(era, &app, &s(&app, "dockerImage"), version);
    let ctx = context(st, era, &app_id, status, None);
    let row = rollback_row(&id, dep, version, &image, &iso(now_ms()), ctx);
    let d = &mut st.deployments[pos];
    d.row.insert("rollbackId".into(), json!(id));
    d.rollback = Some(row.clone());
    st.touch();
    Some((row, app))
}

/// v0.30.2, as deployment `dep` of an application starts building: with rollbacks on and a
/// rollback registry, its rollback, and the log lines of the upload that follows a successful
/// build.
pub fn on_build(st: &mut Store, era: Era, dep: &str) -> Option<Vec<String>> {
    let d = st
        .deployments
        .iter()
        .find(|d| s(&d.row, "deploymentId") == dep)?;
    let app = st
        .service(Kind::Application, &s(&d.row, "applicationId"))?
        .row
        .clone();
    if app.get("rollbackActive") != Some(&json!(true)) {
        return None;
    }
    let registry = registry(st, &s(&app, "rollbackRegistryId"))?.clone();
    let (rollback, app) = create(st, era, dep, "running")?;
    Some(upload_lines(
        &registry,
        &built_image(&app),
        &s(&rollback, "image"),
    ))
}

/// v0.24.12, after a successful deploy `dep` of an application with rollbacks on: its rollback.
pub fn on_success(st: &mut Store, era: Era, dep: &str) {
    let active = st
        .deployments
        .iter()
        .find(|d| s(&d.row, "deploymentId") == dep)
        .and_then(|d| st.service(Kind::Application, &s(&d.row, "applicationId")))
        .is_some_and(|app| app.row.get("rollbackActive") == Some(&json!(true)));
    if active {
        create(st, era, dep, "done");
    }
}

/// The image a build of the application makes (what is pushed).
fn built_image(app: &Row) -> String {
    if s(app, "sourceType") == "docker" {
        s(app, "dockerImage")
    } else {
        format!("{}:latest", s(app, "appName"))
    }
}

/// `deployment.allByType`'s `rollback` relation of a deployment.
pub fn relation(d: &Deployment) -> Value {
    d.rollback.clone().map(Value::Object).unwrap_or(Value::Null)
}

// ------------------------------------------------------------------ seed

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// A rollback to be filled in by [`finish_seed`] (which knows the era and every deployment):
/// its id, and the image the deployment ran.
pub(crate) fn placeholder(st: &mut Store, dep_pos: usize, docker_image: &str) {
    let id = st.new_id();
    let d = &mut st.deployments[dep_pos];
    d.row.insert("rollbackId".into(), json!(id));
    d.rollback = Some(shapes::obj(json!({
        "rollbackId": id,
        "deploymentId": s(&d.row, "deploymentId"),
        "image": docker_image,
    })));
}

/// checkout-api keeps rollbacks in the registry `acme-registry` (`registry.acme.test`, prefix
/// `acme`): rollbacks on, that registry, and two deployments of the older images (1.14.0 eight
/// days ago, 1.14.1 three days ago) before its seeded 1.14.2, each with its rollback.
pub(crate) fn seed(st: &mut Store, checkout: &str) {
    let now = now_ms();
    let org = st.org_id();
    let registry_id = st.new_id();
    st.registries.push(registry_row(
        &registry_id,
        "acme-registry",
        Some("acme"),
        "acme-ci",
        "Rg_push_t0ken_2026",
        "registry.acme.test",
        &iso(now - 12 * DAY),
        &org,
    ));
    st.set(
        checkout,
        json!({"rollbackActive": true, "rollbackRegistryId": registry_id}),
    );
    for (version, ago, took) in [
        ("1.14.0", 8 * DAY + 2 * HOUR, 31_000),
        ("1.14.1", 3 * DAY + 5 * HOUR, 27_000),
    ] {
        let image = format!("ghcr.io/acme/checkout-api:{version}");
        let log = crate::store::pull_lines(&image, true)
            .into_iter()
            .map(|l| l + "\n")
            .collect();
        st.add_deployment(
            checkout,
            &format!("Deploy {version}"),
            "",
            "done",
            log,
            now - ago,
            Some(took),
        );
    }
    // Oldest first: the seeded 1.14.2 (made before), then these two.
    let mut mine: Vec<(String, usize)> = st
        .deployments
        .iter()
        .enumerate()
        .filter(|(_, d)| d.service_id == checkout)
        .map(|(i, d)| (s(&d.row, "createdAt"), i))
        .collect();
    mine.sort();
    let images = [
        "ghcr.io/acme/checkout-api:1.14.0",
        "ghcr.io/acme/checkout-api:1.14.1",
        "ghcr.io/acme/checkout-api:1.14.2",
    ];
    for ((_, pos), image) in mine.into_iter().zip(images) {
        placeholder(st, pos, image);
    }
}

/// Fills in the seeded rollbacks, oldest first (the deployments are in time order by now): their
/// versions (after the `rollback_seq` rollbacks pruned with their deployments), images, times
/// and contexts in `era`'s shape, and in v0.30.2 the upload in a successful deployment's log.
/// v0.18.4 had no rollbacks.
pub(crate) fn finish_seed(st: &mut Store, era: Era) {
    if era == Era::V0_18_4 {
        for d in &mut st.deployments {
            if d.rollback.take().is_some() {
                d.row.insert("rollbackId".into(), Value::Null);
            }
        }
        return;
    }
    let seeded: Vec<usize> = (0..st.deployments.len())
        .filter(|&i| st.deployments[i].rollback.is_some())
        .collect();
    for pos in seeded {
        st.rollback_seq += 1;
        let version = st.rollback_seq;
        let d = &st.deployments[pos];
        let placeholder = d.rollback.clone().unwrap_or_default();
        let docker_image = s(&placeholder, "image");
        let app_id = s(&d.row, "applicationId");
        let done = s(&d.row, "status") == "done";
        let created = match era {
            Era::V0_30_2 => crate::docker::parse_iso(&s(&d.row, "createdAt")).map(|t| t + 1_200),
            _ => crate::docker::parse_iso(&s(&d.row, "finishedAt")).map(|t| t + 300),
        }
        .unwrap_or_else(now_ms);
        let Some(app) = st
            .service(Kind::Application, &app_id)
            .map(|a| a.row.clone())
        else {
            continue;
        };
        let image = image(era, &app, &docker_image, version);
        let status = if era == Era::V0_30_2 {
            "running"
        } else {
            "done"
        };
        let ctx = context(st, era, &app_id, status, Some(&docker_image));
        let row = rollback_row(
            &s(&placeholder, "rollbackId"),
            &s(&d.row, "deploymentId"),
            version,
            &image,
            &iso(created),
            ctx,
        );
        let upload = (era == Era::V0_30_2 && done)
            .then(|| registry(st, &s(&app, "rollbackRegistryId")).cloned())
            .flatten()
            .map(|r| upload_lines(&r, &docker_image, &image));
        let d = &mut st.deployments[pos];
        d.rollback = Some(row);
        if let Some(upload) = upload {
            let lines = d.log.lines().map(String::from).collect();
            d.log = with_upload(lines, upload)
                .into_iter()
                .map(|l| l + "\n")
                .collect();
        }
    }
}

// ------------------------------------------------------------------ procedures

/// The deployment whose rollback is `id`.
fn find<'a>(st: &'a Store, id: &str) -> Option<&'a Deployment> {
    st.deployments.iter().find(|d| {
        d.rollback
            .as_ref()
            .is_some_and(|r| !id.is_empty() && s(r, "rollbackId") == id)
    })
}

/// Answers `name` (a procedure of `rollback`) as `era` does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let procedure = name.split_once('.').map_or("", |x| x.1);
    let id = input_str(input, "rollbackId");
    let mut st = shared.lock();
    match procedure {
        "rollback" => {
            let refused = || ApiError::new(400, "BAD_REQUEST", "Error input: Rolling back");
            let d = find(&st, &id).ok_or_else(refused)?;
            let rollback = d.rollback.clone().unwrap_or_default();
            let app_id = s(&d.row, "applicationId");
            check_service(&st, caller, &app_id, Action::Read).map_err(|_| refused())?;
            let app = st.service(Kind::Application, &app_id).ok_or_else(refused)?;
            // `docker login` to the rollback registry, then the swarm service's update.
            if !st.docker.available {
                return Err(refused());
            }
            let up = matches!(
                s(&app.row, "applicationStatus").as_str(),
                "done" | "running"
            );
            let image = s(&rollback, "image");
            let image = match rollback
                .get("fullContext")
                .and_then(|c| c.get("rollbackRegistry"))
                .and_then(Value::as_object)
            {
                Some(registry) => registry_tag(registry, &image),
                None => image,
            };
            st.docker.service_updated(&app_id, &image, now_ms(), up);
            st.touch();
            Ok(Reply::Void)
        }
        "delete" => {
            let not_found = || {
                let message = "Rollback not found";
                if era == Era::V0_30_2 {
                    ApiError::new(400, "BAD_REQUEST", message)
                } else {
                    ApiError::internal(message)
                }
            };
            let d = find(&st, &id).ok_or_else(not_found)?;
            let app_id = s(&d.row, "applicationId");
            check_service(&st, caller, &app_id, Action::Read).map_err(|e| {
                if era == Era::V0_30_2 {
                    ApiError::new(400, "BAD_REQUEST", e.message)
                } else {
                    e
                }
            })?;
            let mut answer = d.rollback.clone().unwrap_or_default();
            if era == Era::V0_30_2 {
                answer.insert("deployment".into(), Value::Object(d.row.clone()));
            }
            // `docker image rm <image> --force`, which only a v0.24.12 build from source made.
            let tagged = era == Era::V0_24_12
                && st
                    .service(Kind::Application, &app_id)
                    .is_some_and(|a| s(&a.row, "sourceType") != "docker");
            if tagged && st.docker.available {
                let dep = s(&d.row, "deploymentId");
                st.deployments.retain(|d| s(&d.row, "deploymentId") != dep);
                st.touch();
            }
            Ok(Reply::Json(Value::Object(answer)))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_tags_like_dokploy() {
        let r = registry_row(
            "r",
            "x",
            Some("Acme"),
            "ci",
            "p",
            "registry.acme.test",
            "",
            "o",
        );
        assert_eq!(
            registry_tag(&r, "shop-api-x1:v3"),
            "registry.acme.test/acme/shop-api-x1:v3"
        );
        let bare = registry_row("r", "x", None, "CI", "p", "", "", "o");
        assert_eq!(registry_tag(&bare, "ghcr.io/acme/api:1.2"), "ci/api:1.2");
        let lines = upload_lines(&r, "ghcr.io/acme/api:1.2", "shop-api-x1:v3");
        assert_eq!(lines[0], "🔄 [Enabled Rollback Registry]");
        assert_eq!(
            lines[1],
            "📦 [Enabled Registry] Uploading image to 'cloud' | 'registry.acme.test/acme/shop-api-x1:v3'"
        );
        assert_eq!(lines.last().map(String::as_str), Some("✅ Image Pushed"));
    }
}

//! Preview deployments (`previewDeployment.*`): the deployments Dokploy makes of an application's
//! pull requests, each with its own `appName` (`preview-<appName>-xxxxxx`), a domain under the
//! application's `previewWildcard` (`domainType: "preview"`, no `applicationId`) and its own
//! deployment rows (`previewDeploymentId`, no `applicationId`). Like Dokploy v0.30.2 (the recorded
//! answers, `services/preview-deployment.ts`), v0.24.12 and v0.18.4 (their source):
//!
//! - `all?applicationId=`: the application's previews, newest first, each with its `deployments`
//!   (newest first) and its `domain`; v0.30.2 answers `[]` for an application it does not know,
//!   the older eras look it up first (404 `Application not found`);
//! - `one?previewDeploymentId=`: the preview with its `domain` and its application (v0.30.2:
//!   `{applicationId, serverId}`; before, the whole row with `server` and `project`); 404 `Preview
//!   Deployment not found`;
//! - `delete {previewDeploymentId}`: removes it, its domain and its deployments; `true`;
//! - `redeploy {previewDeploymentId, title?, description?}` (v0.30.2): a job of the deployments
//!   queue (`queue`), then a new deployment of the preview (`Rebuild Preview Deployment` unless
//!   titled), running then done (or error) like the sandbox's deploys, the preview's
//!   `previewStatus` following; `true`.
//!
//! Nothing creates one through the API (GitHub's webhooks do); the demo's storefront has two.
//! `application.one` lists an application's previews as plain rows (`previewDeployments`).
//! Members need the application among theirs (Dokploy's `deployment` permission, which members
//! hold).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::advanced::{check_service, Action};
use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{self, s, Row};
use crate::store::{Deployment, Store};
use crate::util::{iso, log_stamp, now_ms};
use crate::Shared;

/// The router this module answers.
pub fn handles(router: &str) -> bool {
    router == "previewDeployment"
}

/// A preview deployment (the `preview_deployments` table, the same columns in every era).
pub struct NewPreview<'a> {
    pub id: &'a str,
    pub branch: &'a str,
    pub pull_request_id: &'a str,
    pub pull_request_number: &'a str,
    pub pull_request_url: &'a str,
    pub pull_request_title: &'a str,
    pub pull_request_comment_id: &'a str,
    pub status: &'a str,
    pub app_name: &'a str,
    pub application_id: &'a str,
    pub domain_id: Option<&'a str>,
    pub created_at: &'a str,
}

pub fn preview_row(p: &NewPreview) -> Row {
    shapes::obj(json!({
        "previewDeploymentId": p.id,
        "branch": p.branch,
        "pullRequestId": p.pull_request_id,
        "pullRequestNumber": p.pull_request_number,
        "pullRequestURL": p.pull_request_url,
        "pullRequestTitle": p.pull_request_title,
        "pullRequestCommentId": p.pull_request_comment_id,
        "previewStatus": p.status,
        "appName": p.app_name,
        "applicationId": p.application_id,
        "domainId": p.domain_id,
        "createdAt": p.created_at,
        "expiresAt": null,
    }))
}

fn find<'a>(st: &'a Store, id: &str) -> Option<&'a Row> {
    st.previews
        .iter()
        .find(|p| s(p, "previewDeploymentId") == id)
}

/// The preview's domain in `era`'s columns, or null.
fn domain_of(st: &Store, era: Era, preview: &Row) -> Value {
    let id = s(preview, "domainId");
    st.domains
        .iter()
        .find(|d| !id.is_empty() && s(d, "domainId") == id)
        .map(|d| crate::legacy::domain_in(era, d))
        .unwrap_or(Value::Null)
}

/// The preview's deployments, newest first, in `era`'s columns.
fn deployments_of(st: &Store, era: Era, id: &str) -> Vec<Value> {
    let mut rows: Vec<&Row> = st
        .deployments
        .iter()
        .map(|d| &d.row)
        .filter(|d| s(d, "previewDeploymentId") == id)
        .collect();
    rows.sort_by_key(|d| std::cmp::Reverse(s(d, "createdAt")));
    rows.into_iter()
        .map(|d| match era {
            Era::V0_30_2 => Value::Object(d.clone()),
            _ => crate::legacy::deployment_row(era, d),
        })
        .collect()
}

/// `previewDeployment.all`: the application's previews, newest first, with their deployments
/// and domain.
pub fn list(st: &Store, era: Era, application_id: &str) -> Value {
    let mut rows: Vec<&Row> = st
        .previews
        .iter()
        .filter(|p| s(p, "applicationId") == application_id)
        .collect();
    rows.sort_by_key(|p| std::cmp::Reverse(s(p, "createdAt")));
    Value::Array(
        rows.into_iter()
            .map(|p| {
                let mut v = p.clone();
                let id = s(p, "previewDeploymentId");
                v.insert(
                    "deployments".into(),
                    Value::Array(deployments_of(st, era, &id)),
                );
                v.insert("domain".into(), domain_of(st, era, p));
                Value::Object(v)
            })
            .collect(),
    )
}

/// An application's previews as `application.one` nests them: plain rows, in table order.
pub fn of_application(st: &Store, application_id: &str) -> Value {
    Value::Array(
        st.previews
            .iter()
            .filter(|p| s(p, "applicationId") == application_id)
            .map(|p| Value::Object(p.clone()))
            .collect(),
    )
}

/// `previewDeployment.one`: the preview with its domain and application.
fn one(st: &Store, era: Era, preview: &Row) -> Value {
    let mut v = preview.clone();
    v.insert("domain".into(), domain_of(st, era, preview));
    let app_id = s(preview, "applicationId");
    let application = match (era, st.service(Kind::Application, &app_id)) {
        (_, None) => Value::Null,
        (Era::V0_30_2, Some(app)) => json!({
            "applicationId": app_id,
            "serverId": app.row.get("serverId").cloned().unwrap_or(Value::Null),
        }),
        (_, Some(app)) => {
            let mut row = crate::legacy::service_row(st, era, Kind::Application, &app.row);
            row.insert("server".into(), Value::Null);
            let project = st
                .projects
                .get(&s(&row, "projectId"))
                .map(|p| Value::Object(crate::legacy::project_row(st, era, &p.row)))
                .unwrap_or(Value::Null);
            row.insert("project".into(), project);
            Value::Object(row)
        }
    };
    v.insert("application".into(), application);
    Value::Object(v)
}

fn not_found() -> ApiError {
    ApiError::not_found("Preview Deployment not found")
}

/// Answers `name` (a procedure of `previewDeployment`) as `era` does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let procedure = name.split_once('.').map_or("", |x| x.1);
    let json = |v: Value| Ok(Reply::Json(v));
    let mut st = shared.lock();
    if procedure == "all" {
        let app_id = input_str(input, "applicationId");
        if era != Era::V0_30_2 && st.service(Kind::Application, &app_id).is_none() {
            return Err(ApiError::not_found("Application not found"));
        }
        check_service(&st, caller, &app_id, Action::Read)?;
        return json(list(&st, era, &app_id));
    }
    let id = input_str(input, "previewDeploymentId");
    let preview = find(&st, &id).cloned().ok_or_else(not_found)?;
    check_service(&st, caller, &s(&preview, "applicationId"), Action::Read)?;
    match procedure {
        "one" => json(one(&st, era, &preview)),
        "delete" => {
            st.remove_preview(&id);
            json(json!(true))
        }
        "redeploy" => {
            drop(st);
            let title = input
                .get("title")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .unwrap_or("Rebuild Preview Deployment")
                .to_string();
            let description = input_str(input, "description");
            crate::queue::enqueue(
                shared,
                crate::queue::Work::Preview {
                    preview_id: id,
                    title,
                    description,
                },
            );
            json(json!(true))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

/// Records a deployment of preview `preview_id` (still running when `finished_after_ms` is
/// None), its log under the preview's `appName`.
#[allow(clippy::too_many_arguments)]
pub fn add_deployment(
    st: &mut Store,
    preview_id: &str,
    title: &str,
    description: &str,
    status: &str,
    log: String,
    created_ms: i64,
    finished_after_ms: Option<i64>,
) -> String {
    let id = st.new_id();
    let app_name = find(st, preview_id)
        .map(|p| s(p, "appName"))
        .unwrap_or_default();
    let log_path = format!(
        "/etc/dokploy/logs/{app_name}/{app_name}-{}.log",
        log_stamp(created_ms)
    );
    let finished = finished_after_ms.map(|d| iso(created_ms + d));
    let mut row = shapes::deployment_row(
        &id,
        title,
        description,
        status,
        &log_path,
        None,
        None,
        &iso(created_ms),
        finished.as_deref(),
    );
    row.insert("previewDeploymentId".into(), json!(preview_id));
    st.keep_newest_ten(preview_id);
    st.deployments.push(Deployment {
        row,
        log,
        service_id: preview_id.to_string(),
        rollback: None,
    });
    st.touch();
    id
}

fn set_status(st: &mut Store, preview_id: &str, status: &str) {
    if let Some(p) = st
        .previews
        .iter_mut()
        .find(|p| s(p, "previewDeploymentId") == preview_id)
    {
        p.insert("previewStatus".into(), json!(status));
    }
    st.touch();
}

/// The log of a preview's build: Dokploy's `rebuildPreviewApplication` builds the code it has
/// (no clone), `deployPreviewApplication` clones the pull request's branch first.
fn build_lines(app_name: &str, clone_from: Option<&str>, fail: bool) -> Vec<String> {
    let mut lines = if fail {
        failure_lines(app_name, "")
    } else {
        crate::store::success_lines(app_name, "")
    };
    match clone_from {
        Some(source) => {
            lines[1] =
                format!("Cloning Repo {source} to /etc/dokploy/applications/{app_name}/code: ✅")
        }
        None => {
            lines.remove(1);
        }
    }
    lines
}

/// A storefront build that fails its type check.
pub(crate) fn failure_lines(app_name: &str, source: &str) -> Vec<String> {
    vec![
        "Initializing deployment".into(),
        format!("Cloning Repo {source} to /etc/dokploy/applications/{app_name}/code: ✅"),
        "Build nixpacks: ✅".into(),
        "#5 [stage-0 4/9] RUN npm ci".into(),
        "#5 9.402 added 412 packages, and audited 413 packages in 9s".into(),
        "#7 [stage-0 6/9] RUN npm run build".into(),
        "#7 1.208 > storefront@3.8.0 build".into(),
        "#7 1.209 > next build".into(),
        "#7 31.77 Failed to compile.".into(),
        "#7 31.77 ./src/lib/price.ts:18:28".into(),
        "#7 31.77 Type error: Argument of type 'string' is not assignable to parameter of type 'number'.".into(),
        "#7 ERROR: process \"/bin/bash -ol pipefail -c npm run build\" did not complete successfully: exit code: 1".into(),
        "Error: ❌ Docker build failed".into(),
        "".into(),
        "Error occurred ❌, check the logs for details.".into(),
    ]
}

/// The queue's job of a `previewDeployment.redeploy`: the preview goes `running` with a new
/// running deployment whose log grows, then both end `done` (`error` when the application's
/// deploys fail) and the job leaves the queue. False if the preview is gone.
pub fn begin_redeploy(
    shared: &Arc<Shared>,
    preview_id: &str,
    title: &str,
    description: &str,
    job: &str,
) -> bool {
    let epoch = shared.epoch();
    let (lines, fail, deployment_id) = {
        let mut st = shared.lock();
        let Some(preview) = find(&st, preview_id).cloned() else {
            return false;
        };
        let fail = st
            .services
            .get(&s(&preview, "applicationId"))
            .is_some_and(|app| app.fail_deploy)
            || st.fail_all_deploys;
        let lines = build_lines(&s(&preview, "appName"), None, fail);
        set_status(&mut st, preview_id, "running");
        let first = format!("{}\n", lines.first().cloned().unwrap_or_default());
        let id = add_deployment(
            &mut st,
            preview_id,
            title,
            description,
            "running",
            first,
            now_ms(),
            None,
        );
        st.queue.started(job, &id);
        (lines, fail, id)
    };
    let preview_id = preview_id.to_string();
    let job = job.to_string();
    crate::api::run_deploy(
        shared,
        epoch,
        lines,
        fail,
        Some(deployment_id),
        move |st, status| {
            set_status(st, &preview_id, status);
            st.queue.remove(&job);
        },
    );
    true
}

/// The preview's status (`previewStatus`), as a deploy or `killBuild` ends it.
pub(crate) fn set_preview_status(st: &mut Store, preview_id: &str, status: &str) {
    set_status(st, preview_id, status);
}

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn joined(lines: Vec<String>) -> String {
    lines.into_iter().map(|l| l + "\n").collect()
}

/// The demo storefront's previews (its preview settings on): pull request 42 `feature/checkout-v2`
/// (done, deployed twice) and 43 `fix/price-rounding` (its one deployment failed), each with its
/// domain under `*.preview.acme.test`.
pub(crate) fn seed(st: &mut Store, storefront: &str) {
    let now = now_ms();
    st.set(
        storefront,
        json!({
            "isPreviewDeploymentsActive": true,
            "previewWildcard": "*.preview.acme.test",
            "previewPort": 3000,
            "previewLimit": 3,
        }),
    );
    let base = st
        .services
        .get(storefront)
        .map(|svc| s(&svc.row, "appName"))
        .unwrap_or_default();
    let source = "github.com/acme/storefront";
    struct Seeded {
        suffix: &'static str,
        branch: &'static str,
        pull_request_id: &'static str,
        number: &'static str,
        title: &'static str,
        comment_id: &'static str,
        opened_ms: i64,
        /// (started this long ago, took, done, commit)
        runs: &'static [(i64, i64, bool, &'static str)],
    }
    let seeded = [
        Seeded {
            suffix: "a1b2c3",
            branch: "feature/checkout-v2",
            pull_request_id: "2217840391",
            number: "42",
            title: "New checkout flow",
            comment_id: "2519873645",
            opened_ms: 4 * DAY,
            runs: &[
                (
                    4 * DAY,
                    96_000,
                    true,
                    "9f1c2e7a4b8d3f60c5e1a2b7d9f04c6e8a3b5d71",
                ),
                (
                    26 * HOUR,
                    81_000,
                    true,
                    "4e7b1d9c2a5f8e3b6d0c1f4a7e2b9d5c8f3a6e10",
                ),
            ],
        },
        Seeded {
            suffix: "d4e5f6",
            branch: "fix/price-rounding",
            pull_request_id: "2219963017",
            number: "43",
            title: "Round prices half-up",
            comment_id: "2524410982",
            opened_ms: 6 * HOUR,
            runs: &[(
                6 * HOUR,
                44_000,
                false,
                "c2d8f1a6b3e9d4c7a0f5b2e8d1c6a9f3b7e4d2a5",
            )],
        },
    ];
    for p in seeded {
        let id = st.new_id();
        let app_name = format!("preview-{base}-{}", p.suffix);
        let domain_id = st.new_id();
        let key = st.next_domain_key();
        let mut domain = shapes::domain_row(
            &domain_id,
            &format!("{app_name}.preview.acme.test"),
            &iso(now - p.opened_ms),
            key,
        );
        domain.insert("domainType".into(), json!("preview"));
        domain.insert("previewDeploymentId".into(), json!(id));
        st.domains.push(domain);
        let last = p.runs.last().map(|r| r.0).unwrap_or(p.opened_ms);
        let done = p.runs.last().is_some_and(|r| r.2);
        st.previews.push(preview_row(&NewPreview {
            id: &id,
            branch: p.branch,
            pull_request_id: p.pull_request_id,
            pull_request_number: p.number,
            pull_request_url: &format!("https://github.com/acme/storefront/pull/{}", p.number),
            pull_request_title: p.title,
            pull_request_comment_id: p.comment_id,
            status: if done { "done" } else { "error" },
            app_name: &app_name,
            application_id: storefront,
            domain_id: Some(&domain_id),
            // Dokploy stamps a preview anew at each deployment.
            created_at: &iso(now - last),
        }));
        for (ago, took, ok, commit) in p.runs {
            let lines = build_lines(&app_name, Some(source), !ok);
            add_deployment(
                st,
                &id,
                "Preview Deployment",
                &format!("Hash: {commit}"),
                if *ok { "done" } else { "error" },
                joined(lines),
                now - ago,
                Some(*took),
            );
        }
    }
    st.touch();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_logs() {
        let fresh = build_lines("preview-x-a1b2c3", Some("github.com/acme/x"), false);
        assert_eq!(
            fresh[1],
            "Cloning Repo github.com/acme/x to /etc/dokploy/applications/preview-x-a1b2c3/code: ✅"
        );
        let rebuild = build_lines("preview-x-a1b2c3", None, false);
        assert!(rebuild.iter().all(|l| !l.starts_with("Cloning")));
        assert_eq!(rebuild.len() + 1, fresh.len());
        let failed = build_lines("preview-x-a1b2c3", None, true);
        assert_eq!(
            failed.last().map(String::as_str),
            Some("Error occurred ❌, check the logs for details.")
        );
    }
}

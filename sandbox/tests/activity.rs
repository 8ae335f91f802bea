//! The deployments activity center: the seeded history (`--seed-history`), every deployment of
//! the organization (`deployment.allCentralized`), the deployments queue
//! (`deployment.queueList`), stopping a build (`killBuild`) and the refused cancellation
//! (`cancelDeployment`), rollbacks (`rollback.*`, checkout-api's seeded ones, the ones deploys
//! make, `application.update`'s settings), in the eras that have them, with members, faults and
//! reset.

mod common;

use std::time::Duration;

use common::{call, get, poll, post, request, service_id, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::docker::parse_iso;
use skiff_sandbox::{Config, Era, Handle, SeedOptions, MEMBER_KEY, VIEWER_KEY};

const STOREFRONT: &str = "shop-storefront-x1k2p9";
const CHECKOUT: &str = "shop-checkout-api-m4q8zt";
const FLAKY: &str = "shop-flaky-worker-c7v1nb";
const GHOST: &str = "blog-ghost-t6y2ua";
const MONITORING: &str = "shop-monitoring-h5w3ke";
const N8N: &str = "tools-n8n-e4k9mv";
const ADMIN_PANEL: &str = "tools-admin-panel-b1x5cz";

fn history() -> Config {
    Config {
        seed: SeedOptions {
            history: true,
            ..SeedOptions::default()
        },
        ..Config::default()
    }
}

/// A sandbox whose deploys take a while (a deploy step of `ms`).
async fn slow(ms: u64) -> Handle {
    start(Config {
        deploy_step_ms: ms,
        ..Config::default()
    })
    .await
}

fn error_body(status: u16, code: &str, message: &str, path: &str) -> Value {
    json!({"message": message, "code": code,
        "data": {"code": code, "httpStatus": status, "path": path, "zodError": null}})
}

fn strs<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .map(|a| a.iter().filter_map(|x| x[key].as_str()).collect())
        .unwrap_or_default()
}

async fn deployments(h: &Handle, app_name: &str) -> Value {
    let id = service_id(h, app_name);
    let path = if app_name == MONITORING || app_name == N8N {
        format!("/api/deployment.allByCompose?composeId={id}")
    } else {
        format!("/api/deployment.all?applicationId={id}")
    };
    let r = get(h.addr, &path, KEY).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json()
}

async fn read_log(h: &Handle, deployment_id: &str) -> String {
    let r = get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={deployment_id}&tail=1000"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json().as_str().unwrap_or_default().to_string()
}

async fn centralized(h: &Handle, key: &str) -> Value {
    let r = get(h.addr, "/api/deployment.allCentralized", key).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn queue(h: &Handle) -> Value {
    let r = get(h.addr, "/api/deployment.queueList", KEY).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn ok_post(h: &Handle, path: &str, body: Value) -> common::Resp {
    let r = post(h.addr, path, KEY, &body).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r
}

async fn reset(h: &Handle) {
    let r = request(h.addr, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
}

/// Waits until the queue is empty and nothing runs.
async fn idle(h: &Handle) {
    poll(h, "/api/deployment.queueList", |q| q == &json!([])).await;
}

/// Gives Sam Viewer API access and these services only.
async fn sam_with(h: &Handle, services: Value) -> String {
    let users = get(h.addr, "/api/user.all", KEY).await.json();
    let sam = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Sam"))
        .map(|u| u["userId"].clone())
        .expect("Sam");
    ok_post(h, "/api/user.assignPermissions", json!({
        "id": sam, "accessedProjects": [], "accessedEnvironments": [], "accessedServices": services,
        "accessedGitProviders": [], "accessedServers": [], "canCreateProjects": false,
        "canCreateServices": false, "canDeleteProjects": false, "canDeleteServices": false,
        "canAccessToDocker": false, "canAccessToTraefikFiles": false, "canAccessToAPI": true,
        "canAccessToSSHKeys": false, "canAccessToGitProviders": false,
        "canDeleteEnvironments": false, "canCreateEnvironments": false,
    }))
    .await;
    VIEWER_KEY.to_string()
}

// ------------------------------------------------------------------ the seeded history

/// (deploymentId, title, status, age in ms relative to the newest row) of every deployment of
/// `allCentralized`, and the same of every run of the seeded backups, schedules and volume
/// backups.
async fn fingerprint(h: &Handle) -> Vec<(String, String, String, i64)> {
    let mut rows: Vec<Value> = centralized(h, KEY)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default();
    let runs: Vec<(String, &str)> = {
        let st = h.shared.lock();
        let mut v: Vec<(String, &str)> = st
            .backups
            .iter()
            .map(|b| (b["backupId"].as_str().unwrap_or("").to_string(), "backup"))
            .collect();
        v.extend(st.schedules.iter().map(|x| {
            (
                x["scheduleId"].as_str().unwrap_or("").to_string(),
                "schedule",
            )
        }));
        v.extend(st.volume_backups.iter().map(|x| {
            (
                x["volumeBackupId"].as_str().unwrap_or("").to_string(),
                "volumeBackup",
            )
        }));
        v
    };
    for (id, ty) in runs {
        let r = get(
            h.addr,
            &format!("/api/deployment.allByType?id={id}&type={ty}"),
            KEY,
        )
        .await;
        rows.extend(r.json().as_array().cloned().unwrap_or_default());
    }
    let newest = rows
        .iter()
        .filter_map(|r| parse_iso(r["createdAt"].as_str()?))
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|r| {
            let at = parse_iso(r["createdAt"].as_str().unwrap_or("")).unwrap_or(0);
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (
                text("deploymentId"),
                text("title"),
                text("status"),
                newest - at,
            )
        })
        .collect()
}

fn same_within(a: &[(String, String, String, i64)], b: &[(String, String, String, i64)]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!((&x.0, &x.1, &x.2), (&y.0, &y.1, &y.2));
        assert!((x.3 - y.3).abs() < 100, "{x:?} vs {y:?}");
    }
}

#[tokio::test]
async fn the_history_is_the_same_on_every_run_and_after_a_reset() {
    let one = start(history()).await;
    let two = start(history()).await;
    let a = fingerprint(&one).await;
    assert!(a.len() > 100, "{} rows", a.len());
    same_within(&a, &fingerprint(&two).await);
    // A deploy, then a reset: the same history again.
    let web = service_id(&one, STOREFRONT);
    ok_post(
        &one,
        "/api/application.deploy",
        json!({"applicationId": web}),
    )
    .await;
    idle(&one).await;
    reset(&one).await;
    same_within(&a, &fingerprint(&one).await);
    // Ids made afterwards are those a sandbox without the history makes.
    let plain = start_default().await;
    let mut made = Vec::new();
    for h in [&one, &plain] {
        let r = ok_post(h, "/api/project.create", json!({"name": "after"})).await;
        made.push(r.json()["project"]["projectId"].clone());
    }
    assert_eq!(made[0], made[1]);
}

#[tokio::test]
async fn each_service_keeps_its_eleven_newest_over_thirty_days() {
    let h = start(history()).await;
    let plain = start_default().await;
    let now = skiff_sandbox::util::now_ms();
    let mut counts = Vec::new();
    for app in [
        STOREFRONT,
        CHECKOUT,
        FLAKY,
        GHOST,
        MONITORING,
        N8N,
        ADMIN_PANEL,
    ] {
        let list = deployments(&h, app).await;
        let rows = list.as_array().cloned().unwrap_or_default();
        counts.push((app, rows.len()));
        // Newest first; none older than thirty days; the service's one lists the same rows.
        let times: Vec<i64> = rows
            .iter()
            .filter_map(|d| parse_iso(d["createdAt"].as_str()?))
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "{app}: newest first"
        );
        assert!(times.iter().all(|t| now - t <= 31 * 86_400_000), "{app}");
        let router = if app == MONITORING || app == N8N {
            "compose"
        } else {
            "application"
        };
        let id = service_id(&h, app);
        let one = get(h.addr, &format!("/api/{router}.one?{router}Id={id}"), KEY)
            .await
            .json();
        assert_eq!(
            strs(&one["deployments"], "deploymentId"),
            strs(&list, "deploymentId")
        );
    }
    assert_eq!(
        counts,
        [
            (STOREFRONT, 11),
            (CHECKOUT, 11),
            (FLAKY, 9),
            (GHOST, 8),
            (MONITORING, 4),
            (N8N, 1),
            (ADMIN_PANEL, 0)
        ]
    );
    // The seeded newest deployments stay the newest, so the services' states are the demo's.
    for app in [STOREFRONT, CHECKOUT, FLAKY, GHOST, MONITORING] {
        let seeded = deployments(&plain, app).await[0]["title"].clone();
        assert_eq!(deployments(&h, app).await[0]["title"], seeded, "{app}");
    }
    // Without the flag, the demo's own counts.
    let mut plain_counts = Vec::new();
    for app in [STOREFRONT, CHECKOUT, FLAKY, GHOST, MONITORING, N8N] {
        plain_counts.push(
            deployments(&plain, app)
                .await
                .as_array()
                .map_or(0, Vec::len),
        );
    }
    assert_eq!(plain_counts, [3, 3, 1, 1, 1, 1]);
    // Backups, schedules and volume backups: each keeps eleven runs (those that ran that often).
    let st = h.shared.lock();
    for (owner, key) in [("backup", "backupId"), ("schedule", "scheduleId")] {
        let rows = if owner == "backup" {
            &st.backups
        } else {
            &st.schedules
        };
        for row in rows {
            let id = row[key].as_str().unwrap_or_default();
            let runs = st.deployments.iter().filter(|d| d.service_id == id).count();
            assert!(runs <= 11, "{owner} {id}: {runs}");
        }
    }
}

#[tokio::test]
async fn the_history_reads_like_dokploys_deployments() {
    let h = start(history()).await;
    let all = centralized(&h, KEY).await;
    let rows = all.as_array().cloned().unwrap_or_default();
    let statuses = strs(&all, "status");
    let count = |s: &str| statuses.iter().filter(|x| **x == s).count();
    assert!(count("done") > count("error") && count("error") > 0 && count("cancelled") == 1);
    // Durations: 30 s to 6 min, but the one that never started.
    for d in &rows {
        let (Some(a), Some(b)) = (
            parse_iso(d["createdAt"].as_str().unwrap_or("")),
            d["finishedAt"].as_str().and_then(parse_iso),
        ) else {
            continue;
        };
        if d["errorMessage"].is_null() && d["title"] != "Deploy ghost:5-alpine" {
            assert!((9_000..=360_000).contains(&(b - a)), "{d}");
        }
    }
    let titles = strs(&all, "title");
    for t in ["Rebuild deployment", "Manual deployment", "Deploy 1.14.0"] {
        assert!(titles.contains(&t), "{t}");
    }
    // A git source's deploy carries its commit (v0.30.2: `Commit: <hash>`).
    let commit = rows
        .iter()
        .find(|d| {
            d["description"]
                .as_str()
                .is_some_and(|x| x.starts_with("Commit: "))
        })
        .expect("a commit");
    assert_eq!(commit["description"].as_str().map(str::len), Some(48));
    // A failed build: its log says why.
    let failed = rows
        .iter()
        .find(|d| d["status"] == "error" && d["errorMessage"].is_null())
        .expect("a failed build");
    let log = read_log(&h, failed["deploymentId"].as_str().unwrap_or("")).await;
    assert!(
        log.ends_with("\nError occurred ❌, check the logs for details.\n"),
        "{log}"
    );
    // The one that never started: Dokploy's message, no log file.
    let never = rows
        .iter()
        .find(|d| !d["errorMessage"].is_null())
        .expect("a deployment that never started");
    assert_eq!(
        never["errorMessage"],
        "An error have occurred: ENOSPC: no space left on device, write"
    );
    assert_eq!(never["logPath"], "");
    assert!(never["description"]
        .as_str()
        .unwrap_or("")
        .starts_with("Hash: "));
    assert_eq!(
        read_log(&h, never["deploymentId"].as_str().unwrap_or("")).await,
        ""
    );
    // The cancelled one: Dokploy restarted under it; no end, a log cut short.
    let cancelled = rows.iter().find(|d| d["status"] == "cancelled").unwrap();
    assert!(cancelled["finishedAt"].is_null());
    let log = read_log(&h, cancelled["deploymentId"].as_str().unwrap_or("")).await;
    assert!(log.starts_with("Initializing deployment\n") && !log.contains("Error occurred"));
    // An image's deploy pulls it.
    let ghost = deployments(&h, GHOST).await;
    let pulled = read_log(&h, ghost[1]["deploymentId"].as_str().unwrap_or("")).await;
    assert!(pulled.contains("Pulling ghost:5-alpine\n5-alpine: Pulling from library/ghost\n"));
    assert!(
        pulled.ends_with("✅ Pulling image completed.\n"),
        "{pulled}"
    );
    // Deploys never overlap: the queue runs one at a time.
    let mut spans: Vec<(i64, i64)> = rows
        .iter()
        .filter_map(|d| {
            let a = parse_iso(d["createdAt"].as_str()?)?;
            Some((a, d["finishedAt"].as_str().and_then(parse_iso).unwrap_or(a)))
        })
        .collect();
    spans.sort();
    assert!(
        spans.windows(2).all(|w| w[0].1 <= w[1].0),
        "overlapping deploys"
    );
}

#[tokio::test]
async fn backups_schedules_and_volume_backups_have_their_past_runs() {
    let h = start(history()).await;
    let plain = start_default().await;
    let run_counts = |h: &Handle| {
        let st = h.shared.lock();
        let mut v: Vec<(String, usize)> = Vec::new();
        for (rows, key, name) in [
            (&st.backups, "backupId", "prefix"),
            (&st.schedules, "scheduleId", "name"),
            (&st.volume_backups, "volumeBackupId", "name"),
        ] {
            for r in rows.iter() {
                let id = r[key].as_str().unwrap_or_default();
                let n = st.deployments.iter().filter(|d| d.service_id == id).count();
                v.push((r[name].as_str().unwrap_or_default().to_string(), n));
            }
        }
        v
    };
    let with: Vec<(String, usize)> = run_counts(&h);
    let names: Vec<(&str, usize)> = with.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    assert_eq!(
        names,
        [
            ("shop/daily", 11),
            ("blog/weekly", 3),
            ("flaky-nightly", 11),
            ("n8n/db", 0),
            ("nightly-cleanup", 11),
            ("flaky-report", 11),
            ("grafana-plugins-update", 4),
            ("ghost-content", 11),
        ]
    );
    let without: Vec<usize> = run_counts(&plain).into_iter().map(|x| x.1).collect();
    assert_eq!(without, [4, 2, 3, 0, 2, 2, 1, 1]);
    // The hourly report: one run hung until the next superseded it, as Dokploy marks it.
    let report = {
        let st = h.shared.lock();
        st.schedules
            .iter()
            .find(|s| s["name"] == "flaky-report")
            .and_then(|s| s["scheduleId"].as_str().map(String::from))
            .unwrap()
    };
    let runs = get(
        h.addr,
        &format!("/api/deployment.allByType?id={report}&type=schedule"),
        KEY,
    )
    .await
    .json();
    let superseded: Vec<&Value> = runs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["errorMessage"].is_null())
        .collect();
    assert_eq!(superseded.len(), 1);
    assert_eq!(
        superseded[0]["errorMessage"],
        "Superseded by a new run of this schedule."
    );
    assert!(strs(&runs, "scheduleId").iter().all(|x| *x == report));
    // Their runs are no application's: allCentralized leaves them out.
    let all = centralized(&h, KEY).await;
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["scheduleId"].is_null() && d["backupId"].is_null()));
    // shop-db's bucket holds its seven newest backups.
    let st = h.shared.lock();
    let files = st
        .bucket_files
        .iter()
        .filter(|f| f.path.starts_with("shop-db-7f3k2a/shop/daily/"))
        .count();
    assert_eq!(files, 7);
}

// ------------------------------------------------------------------ allCentralized

#[tokio::test]
async fn all_centralized_lists_every_service_deployment_with_its_service() {
    let h = start_default().await;
    let all = centralized(&h, KEY).await;
    let rows = all.as_array().cloned().unwrap_or_default();
    // Applications' and compose services' deployments, not previews' nor runs.
    let st_count = {
        let st = h.shared.lock();
        st.deployments
            .iter()
            .filter(|d| !d.row["applicationId"].is_null() || !d.row["composeId"].is_null())
            .count()
    };
    assert_eq!(rows.len(), st_count);
    assert_eq!(rows.len(), 10);
    let times: Vec<&str> = strs(&all, "createdAt");
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let web = service_id(&h, STOREFRONT);
    let app_row = rows.iter().find(|d| d["applicationId"] == web).unwrap();
    let (project, env) = {
        let st = h.shared.lock();
        let p = st.project_by_name("shop").unwrap();
        (p.row["projectId"].clone(), p.env_ids[0].clone())
    };
    assert_eq!(
        app_row["application"],
        json!({"applicationId": web, "name": "storefront", "appName": STOREFRONT, "icon": null,
            "environment": {"environmentId": env, "name": "production",
                "project": {"projectId": project, "name": "shop"}},
            "server": null, "buildServer": null})
    );
    assert_eq!(
        (
            &app_row["compose"],
            &app_row["server"],
            &app_row["buildServer"]
        ),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    let mon = service_id(&h, MONITORING);
    let compose_row = rows.iter().find(|d| d["composeId"] == mon).unwrap();
    assert_eq!(compose_row["application"], Value::Null);
    assert_eq!(
        compose_row["compose"],
        json!({"composeId": mon, "name": "monitoring", "appName": MONITORING, "icon": null,
            "environment": {"environmentId": env, "name": "production",
                "project": {"projectId": project, "name": "shop"}},
            "server": null})
    );
    // The row is the deployment's, as deployment.all answers it, plus the relations.
    let own = deployments(&h, STOREFRONT).await[0].clone();
    let mut trimmed = rows[0].clone();
    for k in ["application", "compose", "server", "buildServer"] {
        trimmed.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(trimmed, own);
    // A deploy shows at once (running), first.
    ok_post(&h, "/api/compose.deploy", json!({"composeId": mon})).await;
    let all = centralized(&h, KEY).await;
    assert_eq!(
        (&all[0]["composeId"], &all[0]["status"]),
        (&json!(mon), &json!("running"))
    );
    assert_eq!(all.as_array().map(Vec::len), Some(11));
}

#[tokio::test]
async fn members_see_the_deployments_of_their_services() {
    let h = start_default().await;
    let all = centralized(&h, KEY).await;
    let maya = centralized(&h, MEMBER_KEY).await;
    let n8n = service_id(&h, N8N);
    let theirs: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["composeId"] != n8n)
        .collect();
    assert_eq!(maya.as_array().unwrap().iter().collect::<Vec<_>>(), theirs);
    // Sam without API access: 401; given one service, its deployments; given none, nothing.
    let r = get(h.addr, "/api/deployment.allCentralized", VIEWER_KEY).await;
    assert_eq!(r.status, 401);
    let ghost = service_id(&h, GHOST);
    let sam = sam_with(&h, json!([ghost])).await;
    let list = centralized(&h, &sam).await;
    assert_eq!(strs(&list, "applicationId"), [ghost.as_str()]);
    let sam = sam_with(&h, json!([])).await;
    assert_eq!(centralized(&h, &sam).await, json!([]));
    // The queue is the organization's: a member sees every job.
    let web = service_id(&h, STOREFRONT);
    ok_post(&h, "/api/application.deploy", json!({"applicationId": web})).await;
    let r = get(h.addr, "/api/deployment.queueList", &sam).await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));
}

// ------------------------------------------------------------------ the queue

#[tokio::test]
async fn deploys_queue_and_run_one_at_a_time() {
    let h = slow(200).await;
    assert_eq!(queue(&h).await, json!([]));
    let (web, api, mon) = (
        service_id(&h, STOREFRONT),
        service_id(&h, CHECKOUT),
        service_id(&h, MONITORING),
    );
    let before = deployments(&h, CHECKOUT)
        .await
        .as_array()
        .map_or(0, Vec::len);
    // A few milliseconds apart: jobs of the same millisecond list oldest first (a stable sort).
    let tick = || tokio::time::sleep(Duration::from_millis(3));
    ok_post(
        &h,
        "/api/application.deploy",
        json!({"applicationId": web, "title": "first"}),
    )
    .await;
    tick().await;
    ok_post(
        &h,
        "/api/application.redeploy",
        json!({"applicationId": api}),
    )
    .await;
    tick().await;
    let r = ok_post(&h, "/api/compose.redeploy", json!({"composeId": mon})).await;
    assert_eq!(
        r.json(),
        json!({"success": true, "message": "Redeployment queued", "composeId": mon})
    );
    let q = queue(&h).await;
    assert_eq!(strs(&q, "id"), ["job-3", "job-2", "job-1"], "newest first");
    assert_eq!(strs(&q, "state"), ["waiting", "waiting", "active"]);
    assert_eq!(strs(&q, "name"), ["deployments"; 3]);
    let job1 = &q[2];
    assert_eq!(
        job1["data"],
        json!({"applicationId": web, "titleLog": "first", "descriptionLog": "",
            "type": "deploy", "applicationType": "application", "server": false})
    );
    assert!(job1["processedOn"].as_i64() >= job1["timestamp"].as_i64());
    assert!(q[0].get("processedOn").is_none() && q[0].get("finishedOn").is_none());
    assert_eq!(
        q[0]["data"],
        json!({"composeId": mon, "titleLog": "Rebuild deployment", "type": "redeploy",
            "applicationType": "compose", "descriptionLog": "", "server": false})
    );
    let (project, env) = {
        let st = h.shared.lock();
        let p = st.project_by_name("shop").unwrap();
        (
            p.row["projectId"].as_str().unwrap().to_string(),
            p.env_ids[0].clone(),
        )
    };
    assert_eq!(
        q[1]["servicePath"],
        json!({"href": format!("/dashboard/project/{project}/environment/{env}/services/application/{api}"),
            "label": "Application"})
    );
    assert_eq!(q[0]["servicePath"]["label"], "Compose");
    // A waiting job has no deployment yet, nor a running service.
    assert_eq!(
        deployments(&h, CHECKOUT)
            .await
            .as_array()
            .map_or(0, Vec::len),
        before
    );
    let one = get(
        h.addr,
        &format!("/api/application.one?applicationId={api}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(one["applicationStatus"], "done");
    // Then each runs in turn, and the queue empties.
    let q = poll(&h, "/api/deployment.queueList", |q| {
        q.as_array().is_some_and(|a| a.len() == 2)
    })
    .await;
    assert_eq!(strs(&q, "state"), ["waiting", "active"]);
    assert_eq!(deployments(&h, CHECKOUT).await[0]["status"], "running");
    idle(&h).await;
    assert_eq!(deployments(&h, MONITORING).await[0]["status"], "done");
    // Removing a service drops its waiting jobs.
    ok_post(&h, "/api/application.deploy", json!({"applicationId": web})).await;
    ok_post(&h, "/api/application.deploy", json!({"applicationId": api})).await;
    assert_eq!(strs(&queue(&h).await, "id"), ["job-5", "job-4"]);
    ok_post(&h, "/api/application.delete", json!({"applicationId": api})).await;
    assert_eq!(strs(&queue(&h).await, "id"), ["job-4"]);
    idle(&h).await;
}

#[tokio::test]
async fn two_deploys_of_one_service_run_one_after_the_other() {
    let h = slow(150).await;
    let web = service_id(&h, STOREFRONT);
    ok_post(
        &h,
        "/api/application.deploy",
        json!({"applicationId": web, "title": "a"}),
    )
    .await;
    ok_post(
        &h,
        "/api/application.deploy",
        json!({"applicationId": web, "title": "b"}),
    )
    .await;
    // A preview of the storefront is of the same group.
    let preview = {
        let st = h.shared.lock();
        st.previews[0]["previewDeploymentId"].clone()
    };
    ok_post(
        &h,
        "/api/previewDeployment.redeploy",
        json!({"previewDeploymentId": preview}),
    )
    .await;
    let q = queue(&h).await;
    assert_eq!(strs(&q, "state"), ["waiting", "waiting", "active"]);
    let job = q
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "job-3")
        .unwrap();
    assert_eq!(
        job["data"],
        json!({"applicationId": web, "titleLog": "Rebuild Preview Deployment",
            "descriptionLog": "", "type": "redeploy", "applicationType": "application-preview",
            "previewDeploymentId": preview, "server": false})
    );
    let list = deployments(&h, STOREFRONT).await;
    assert_eq!(strs(&list, "status")[0], "running");
    assert_eq!(list[0]["title"], "a");
    idle(&h).await;
    let list = deployments(&h, STOREFRONT).await;
    assert_eq!(strs(&list, "title")[..2], ["b", "a"]);
    assert_eq!(strs(&list, "status")[..2], ["done", "done"]);
}

#[tokio::test]
async fn a_service_keeps_its_eleven_newest_deployments() {
    let h = start_default().await;
    let web = service_id(&h, STOREFRONT);
    let first = deployments(&h, STOREFRONT).await[2]["deploymentId"].clone();
    for i in 0..9 {
        ok_post(
            &h,
            "/api/application.deploy",
            json!({"applicationId": web, "title": format!("d{i}")}),
        )
        .await;
        idle(&h).await;
    }
    let list = deployments(&h, STOREFRONT).await;
    assert_eq!(list.as_array().map(Vec::len), Some(11));
    assert!(!strs(&list, "deploymentId").contains(&first.as_str().unwrap()));
    assert_eq!(list[0]["title"], "d8");
}

// ------------------------------------------------------------------ killBuild, cancelDeployment

#[tokio::test]
async fn kill_build_ends_the_running_docker_builds() {
    let h = slow(300).await;
    let (web, api, mon) = (
        service_id(&h, STOREFRONT),
        service_id(&h, CHECKOUT),
        service_id(&h, MONITORING),
    );
    ok_post(&h, "/api/application.deploy", json!({"applicationId": web})).await;
    ok_post(&h, "/api/compose.deploy", json!({"composeId": mon})).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    // Asked of checkout-api, it kills the storefront's build: `pkill` knows no services.
    let r = ok_post(
        &h,
        "/api/application.killBuild",
        json!({"applicationId": api}),
    )
    .await;
    assert_eq!(
        (r.body.len(), r.header("content-type")),
        (0, Some("application/json"))
    );
    let dep = deployments(&h, STOREFRONT).await[0].clone();
    assert_eq!(
        (&dep["status"], &dep["errorMessage"]),
        (&json!("error"), &Value::Null)
    );
    assert!(dep["finishedAt"].is_string());
    let id = dep["deploymentId"].as_str().unwrap_or_default().to_string();
    let log = read_log(&h, &id).await;
    assert!(
        log.ends_with("\n\nError occurred ❌, check the logs for details.\n"),
        "{log}"
    );
    let one = get(
        h.addr,
        &format!("/api/application.one?applicationId={web}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(one["applicationStatus"], "error");
    // The next job runs: the compose deploy, which an application's kill leaves alone.
    let q = queue(&h).await;
    assert_eq!(
        (strs(&q, "state"), q[0]["data"]["composeId"].clone()),
        (vec!["active"], json!(mon))
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        read_log(&h, &id).await,
        log,
        "a killed build writes no more"
    );
    // compose.killBuild ends it.
    ok_post(&h, "/api/compose.killBuild", json!({"composeId": mon})).await;
    let c = deployments(&h, MONITORING).await[0].clone();
    assert_eq!(c["status"], "error");
    assert_eq!(queue(&h).await, json!([]));
    let one = get(h.addr, &format!("/api/compose.one?composeId={mon}"), KEY)
        .await
        .json();
    assert_eq!(one["composeStatus"], "error");
    // A deploy from an image has no `docker build` to kill.
    ok_post(&h, "/api/application.deploy", json!({"applicationId": api})).await;
    ok_post(
        &h,
        "/api/application.killBuild",
        json!({"applicationId": api}),
    )
    .await;
    assert_eq!(deployments(&h, CHECKOUT).await[0]["status"], "running");
    idle(&h).await;
    assert_eq!(deployments(&h, CHECKOUT).await[0]["status"], "done");
    // Nothing running: nothing happens.
    ok_post(
        &h,
        "/api/application.killBuild",
        json!({"applicationId": web}),
    )
    .await;
}

#[tokio::test]
async fn kill_build_and_cancel_deployment_errors() {
    let h = start_default().await;
    let (web, mon) = (service_id(&h, STOREFRONT), service_id(&h, MONITORING));
    for (router, key, id) in [
        ("application", "applicationId", &web),
        ("compose", "composeId", &mon),
    ] {
        let path = format!("{router}.cancelDeployment");
        let r = post(h.addr, &format!("/api/{path}"), KEY, &json!({key: id})).await;
        assert_eq!(
            (r.status, r.json()),
            (
                400,
                error_body(
                    400,
                    "BAD_REQUEST",
                    "Deployment cancellation only available in cloud version",
                    &path
                )
            )
        );
        for p in ["cancelDeployment", "killBuild"] {
            let path = format!("{router}.{p}");
            let r = post(
                h.addr,
                &format!("/api/{path}"),
                KEY,
                &json!({key: "doesNotExist123"}),
            )
            .await;
            let label = if router == "compose" {
                "Compose"
            } else {
                "Application"
            };
            assert_eq!(
                (r.status, r.json()),
                (
                    404,
                    error_body(404, "NOT_FOUND", &format!("{label} not found"), &path)
                )
            );
            let r = post(h.addr, &format!("/api/{path}"), KEY, &json!({})).await;
            assert_eq!(r.status, 400, "missing id");
        }
    }
    // A member needs the service among theirs.
    let n8n = service_id(&h, N8N);
    let r = post(
        h.addr,
        "/api/compose.killBuild",
        MEMBER_KEY,
        &json!({"composeId": n8n}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (401, json!("You don't have access to this service"))
    );
    let r = post(
        h.addr,
        "/api/compose.killBuild",
        MEMBER_KEY,
        &json!({"composeId": mon}),
    )
    .await;
    assert_eq!(r.status, 200);
}

// ------------------------------------------------------------------ rollbacks

/// checkout-api's deployments (newest first) and their rollback ids.
async fn checkout_rollbacks(h: &Handle) -> Vec<(String, Value)> {
    deployments(h, CHECKOUT)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["deploymentId"].as_str().unwrap_or_default().to_string(),
                d["rollbackId"].clone(),
            )
        })
        .collect()
}

async fn by_type(h: &Handle, app_name: &str) -> Value {
    let id = service_id(h, app_name);
    get(
        h.addr,
        &format!("/api/deployment.allByType?id={id}&type=application"),
        KEY,
    )
    .await
    .json()
}

#[tokio::test]
async fn checkout_api_has_seeded_rollbacks_in_its_registry() {
    let h = start_default().await;
    let api = service_id(&h, CHECKOUT);
    let one = get(
        h.addr,
        &format!("/api/application.one?applicationId={api}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(one["rollbackActive"], true);
    let registry = one["rollbackRegistry"].clone();
    assert_eq!(one["rollbackRegistryId"], registry["registryId"]);
    let mut expected = registry.clone();
    for k in ["registryId", "createdAt", "organizationId"] {
        expected.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(
        expected,
        json!({"registryName": "acme-registry", "imagePrefix": "acme", "username": "acme-ci",
            "registryUrl": "registry.acme.test", "registryType": "cloud"}),
        "no password"
    );
    assert_eq!(
        (&one["registry"], &one["buildRegistry"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(
        strs(&one["deployments"], "title"),
        ["Deploy 1.14.2", "Deploy 1.14.1", "Deploy 1.14.0"]
    );
    let list = by_type(&h, CHECKOUT).await;
    let versions: Vec<(i64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["rollback"]["rollbackId"], d["rollbackId"]);
            assert_eq!(d["rollback"]["deploymentId"], d["deploymentId"]);
            (
                d["rollback"]["version"].as_i64().unwrap_or(0),
                d["rollback"]["image"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (3, "shop-checkout-api-m4q8zt:v3"),
            (2, "shop-checkout-api-m4q8zt:v2"),
            (1, "shop-checkout-api-m4q8zt:v1")
        ]
    );
    // Its context: the application as it was, registries with their passwords, no deployments.
    let ctx = &list[1]["rollback"]["fullContext"];
    assert_eq!(ctx["applicationId"], json!(api));
    assert_eq!(ctx["dockerImage"], "ghcr.io/acme/checkout-api:1.14.1");
    assert_eq!(ctx["rollbackRegistry"]["password"], "Rg_push_t0ken_2026");
    assert!(ctx.get("deployments").is_none() && ctx["environment"]["project"]["name"] == "shop");
    // The uploads in the logs of the builds.
    let log = read_log(&h, list[0]["deploymentId"].as_str().unwrap_or("")).await;
    assert!(log.contains("🔄 [Enabled Rollback Registry]\n📦 [Enabled Registry] Uploading image to 'cloud' | 'registry.acme.test/acme/shop-checkout-api-m4q8zt:v3'\n"), "{log}");
    assert!(log.contains("✅ Image Pushed\n"));
    // Other applications have none.
    assert!(by_type(&h, STOREFRONT)
        .await
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["rollback"].is_null() && d["rollbackId"].is_null()));
}

#[tokio::test]
async fn deploys_of_an_application_with_rollbacks_make_them() {
    let h = slow(150).await;
    let api = service_id(&h, CHECKOUT);
    ok_post(
        &h,
        "/api/application.redeploy",
        json!({"applicationId": api}),
    )
    .await;
    // Made as the build starts.
    let list = by_type(&h, CHECKOUT).await;
    assert_eq!(list[0]["status"], "running");
    assert_eq!(list[0]["rollback"]["version"], 4);
    assert_eq!(list[0]["rollback"]["image"], "shop-checkout-api-m4q8zt:v4");
    assert_eq!(
        list[0]["rollback"]["fullContext"]["applicationStatus"],
        "running"
    );
    idle(&h).await;
    let id = by_type(&h, CHECKOUT).await[0]["deploymentId"].clone();
    let log = read_log(&h, id.as_str().unwrap_or("")).await;
    assert!(
        log.contains("'registry.acme.test/acme/shop-checkout-api-m4q8zt:v4'"),
        "{log}"
    );
    // Off: no more rollbacks.
    ok_post(
        &h,
        "/api/application.update",
        json!({"applicationId": api, "rollbackActive": false}),
    )
    .await;
    ok_post(&h, "/api/application.deploy", json!({"applicationId": api})).await;
    idle(&h).await;
    let list = by_type(&h, CHECKOUT).await;
    assert!(list[0]["rollback"].is_null() && list[0]["rollbackId"].is_null());
    // On without a registry: accepted (only Dokploy's form insists), and no rollback either.
    let web = service_id(&h, STOREFRONT);
    ok_post(
        &h,
        "/api/application.update",
        json!({"applicationId": web, "rollbackActive": true}),
    )
    .await;
    ok_post(&h, "/api/application.deploy", json!({"applicationId": web})).await;
    idle(&h).await;
    assert!(by_type(&h, STOREFRONT).await[0]["rollback"].is_null());
    // A registry that does not exist fails the update's foreign key.
    let r = post(
        h.addr,
        "/api/application.update",
        KEY,
        &json!({"applicationId": web, "rollbackActive": true, "rollbackRegistryId": "nope"}),
    )
    .await;
    let body = r.json();
    assert_eq!(r.status, 500, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Failed query: update \"application\" set \"rollbackActive\" = $1, \"rollbackRegistryId\" = $2 where \"application\".\"applicationId\" = $3 returning "),
        "{message}"
    );
    assert!(
        message.ends_with(&format!("\nparams: true,nope,{web}")),
        "{message}"
    );
    // The storefront with the registry: its rollbacks are made.
    let registry = {
        let st = h.shared.lock();
        st.registries[0]["registryId"].clone()
    };
    ok_post(
        &h,
        "/api/application.update",
        json!({"applicationId": web, "rollbackRegistryId": registry}),
    )
    .await;
    ok_post(
        &h,
        "/api/application.redeploy",
        json!({"applicationId": web}),
    )
    .await;
    idle(&h).await;
    assert_eq!(
        by_type(&h, STOREFRONT).await[0]["rollback"]["image"],
        "shop-storefront-x1k2p9:v5"
    );
}

#[tokio::test]
async fn rolling_back_updates_the_service_and_answers_nothing() {
    let h = start_default().await;
    let rollbacks = checkout_rollbacks(&h).await;
    let older = rollbacks[1].1.clone();
    let before = get(h.addr, "/api/docker.getContainers", KEY).await.json();
    let r = ok_post(&h, "/api/rollback.rollback", json!({"rollbackId": older})).await;
    assert_eq!(
        (r.body.len(), r.header("content-type")),
        (0, Some("application/json"))
    );
    let after = get(h.addr, "/api/docker.getContainers", KEY).await.json();
    let checkout = |list: &Value| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"].as_str().unwrap_or("").starts_with(CHECKOUT))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        checkout(&before)["image"],
        "ghcr.io/acme/checkout-api:1.14.2"
    );
    let now = checkout(&after);
    assert_eq!(
        now["image"],
        "registry.acme.test/acme/shop-checkout-api-m4q8zt:v2"
    );
    assert_eq!(now["status"], "Up Less than a second");
    assert_ne!(now["name"], checkout(&before)["name"], "new tasks");
    // No deployment, no status change.
    assert_eq!(checkout_rollbacks(&h).await, rollbacks);
    let api = service_id(&h, CHECKOUT);
    let one = get(
        h.addr,
        &format!("/api/application.one?applicationId={api}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(one["applicationStatus"], "done");
    // Errors: all of them Dokploy's one 400.
    let refused = error_body(
        400,
        "BAD_REQUEST",
        "Error input: Rolling back",
        "rollback.rollback",
    );
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        KEY,
        &json!({"rollbackId": "doesNotExist123"}),
    )
    .await;
    assert_eq!((r.status, r.json()), (400, refused.clone()));
    let r = post(h.addr, "/api/rollback.rollback", KEY, &json!({})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["issues"],
        json!([{"expected": "string", "code": "invalid_type", "path": ["rollbackId"],
            "message": "Invalid input: expected string, received undefined"}])
    );
    let sam = sam_with(&h, json!([service_id(&h, GHOST)])).await;
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        &sam,
        &json!({"rollbackId": older}),
    )
    .await;
    assert_eq!((r.status, r.json()), (400, refused.clone()));
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        MEMBER_KEY,
        &json!({"rollbackId": older}),
    )
    .await;
    assert_eq!(r.status, 200, "Maya has checkout-api");
    // Without a Docker engine the login fails.
    let r = request(
        h.addr,
        "POST",
        "/__sandbox/docker",
        &[],
        Some(br#"{"available": false}"#),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        KEY,
        &json!({"rollbackId": older}),
    )
    .await;
    assert_eq!((r.status, r.json()), (400, refused));
}

#[tokio::test]
async fn deleting_a_rollback_answers_it_and_keeps_it_as_dokploy_does() {
    let h = start_default().await;
    let rollbacks = checkout_rollbacks(&h).await;
    let (dep, id) = rollbacks[0].clone();
    let r = ok_post(&h, "/api/rollback.delete", json!({"rollbackId": id})).await;
    let answer = r.json();
    assert_eq!(
        (&answer["rollbackId"], &answer["version"]),
        (&id, &json!(3))
    );
    assert_eq!(answer["deployment"]["deploymentId"], json!(dep));
    assert_eq!(answer["deployment"]["title"], "Deploy 1.14.2");
    assert!(answer["fullContext"].is_object());
    // `docker image rm shop-checkout-api-m4q8zt:v3` fails (v0.30.2 never made that tag): it stays.
    assert_eq!(checkout_rollbacks(&h).await, rollbacks);
    let r = post(
        h.addr,
        "/api/rollback.delete",
        KEY,
        &json!({"rollbackId": "doesNotExist123"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            error_body(400, "BAD_REQUEST", "Rollback not found", "rollback.delete")
        )
    );
    let sam = sam_with(&h, json!([])).await;
    let r = post(
        h.addr,
        "/api/rollback.delete",
        &sam,
        &json!({"rollbackId": id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            error_body(
                400,
                "BAD_REQUEST",
                "You don't have access to this service",
                "rollback.delete"
            )
        )
    );
    // Removing the deployment removes its rollback.
    ok_post(
        &h,
        "/api/deployment.removeDeployment",
        json!({"deploymentId": dep}),
    )
    .await;
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        KEY,
        &json!({"rollbackId": id}),
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn rollbacks_in_the_older_eras() {
    // v0.24.12: made after a successful `deploy` (not a rebuild), image from the docker image.
    let h = start(Config {
        era: Era::V0_24_12,
        deploy_step_ms: 30,
        ..Config::default()
    })
    .await;
    let auth = ("x-api-key", KEY);
    let api = service_id(&h, CHECKOUT);
    let one = call(
        &h,
        auth,
        &format!("/api/application.one?applicationId={api}"),
        None,
    )
    .await
    .json();
    assert_eq!(one["rollbackActive"], true);
    assert!(one.get("rollbackRegistryId").is_none() && one.get("rollbackRegistry").is_none());
    let list = by_type(&h, CHECKOUT).await;
    assert_eq!(
        list[0]["rollback"]["image"],
        "ghcr.io/acme/checkout-api:1.14.2:v3"
    );
    assert_eq!(
        list[0]["rollback"]["fullContext"]["applicationStatus"],
        "done"
    );
    assert!(list[0]["rollback"]["fullContext"]
        .get("rollbackRegistry")
        .is_none());
    let log = read_log_v24(&h, &list[0]["deploymentId"]).await;
    assert!(log.is_none(), "v0.24.12 has no deployment.readLogs");
    ok_post(
        &h,
        "/api/application.redeploy",
        json!({"applicationId": api}),
    )
    .await;
    idle_v24(&h).await;
    assert!(
        by_type(&h, CHECKOUT).await[0]["rollback"].is_null(),
        "a rebuild has none"
    );
    ok_post(&h, "/api/application.deploy", json!({"applicationId": api})).await;
    idle_v24(&h).await;
    let list = by_type(&h, CHECKOUT).await;
    assert_eq!(list[0]["rollback"]["version"], 4);
    // rollback.delete: a v0.24.12 build from source made the tag, so its rollback (and its
    // deployment, the foreign key cascading) goes; an image's stays. Unknown: 500.
    let web = service_id(&h, STOREFRONT);
    ok_post(
        &h,
        "/api/application.update",
        json!({"applicationId": web, "rollbackActive": true}),
    )
    .await;
    ok_post(&h, "/api/application.deploy", json!({"applicationId": web})).await;
    idle_v24(&h).await;
    let list = by_type(&h, STOREFRONT).await;
    let (dep, rb) = (
        list[0]["deploymentId"].clone(),
        list[0]["rollbackId"].clone(),
    );
    assert_eq!(list[0]["rollback"]["image"], "shop-storefront-x1k2p9:v5");
    let r = ok_post(&h, "/api/rollback.delete", json!({"rollbackId": rb})).await;
    assert_eq!(r.json()["deploymentId"], dep);
    assert!(r.json().get("deployment").is_none());
    assert!(!strs(&by_type(&h, STOREFRONT).await, "deploymentId").contains(&dep.as_str().unwrap()));
    let r = post(
        h.addr,
        "/api/rollback.delete",
        KEY,
        &json!({"rollbackId": "doesNotExist123"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            500,
            json!({"message": "Rollback not found", "code": "INTERNAL_SERVER_ERROR"})
        )
    );
    let checkout_rollback = by_type(&h, CHECKOUT).await[0]["rollbackId"].clone();
    let r = ok_post(
        &h,
        "/api/rollback.rollback",
        json!({"rollbackId": checkout_rollback}),
    )
    .await;
    assert_eq!(r.body.len(), 0);
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        KEY,
        &json!({"rollbackId": "doesNotExist123"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            json!({"message": "Error input: Rolling back", "code": "BAD_REQUEST"})
        )
    );
    // v0.24.12 has none of the activity center.
    for p in ["deployment.allCentralized", "deployment.queueList"] {
        assert_eq!(
            get(h.addr, &format!("/api/{p}"), KEY).await.status,
            404,
            "{p}"
        );
    }
    let r = post(
        h.addr,
        "/api/application.killBuild",
        KEY,
        &json!({"applicationId": api}),
    )
    .await;
    assert_eq!(r.status, 404);

    // v0.18.4: no rollbacks at all.
    let legacy = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let bearer = format!("Bearer {KEY}");
    let r = call(
        &legacy,
        ("Authorization", &bearer),
        "/api/rollback.rollback",
        Some(json!({"rollbackId": "x"})),
    )
    .await;
    assert_eq!(r.status, 404);
    assert!(legacy
        .shared
        .lock()
        .deployments
        .iter()
        .all(|d| d.rollback.is_none()));
}

async fn read_log_v24(h: &Handle, id: &Value) -> Option<String> {
    let r = get(
        h.addr,
        &format!(
            "/api/deployment.readLogs?deploymentId={}",
            id.as_str().unwrap_or("")
        ),
        KEY,
    )
    .await;
    (r.status == 200).then(|| r.text())
}

/// v0.24.12 has no queueList: waits on the sandbox's queue itself.
async fn idle_v24(h: &Handle) {
    for _ in 0..250 {
        if h.shared.lock().queue.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the queue never emptied");
}

// ------------------------------------------------------------------ reset and faults

#[tokio::test]
async fn reset_restores_deployments_rollbacks_and_the_queue() {
    let h = slow(200).await;
    let seeded = centralized(&h, KEY).await;
    let rollbacks = checkout_rollbacks(&h).await;
    let (web, api) = (service_id(&h, STOREFRONT), service_id(&h, CHECKOUT));
    ok_post(&h, "/api/application.deploy", json!({"applicationId": web})).await;
    ok_post(&h, "/api/application.deploy", json!({"applicationId": api})).await;
    ok_post(
        &h,
        "/api/application.update",
        json!({"applicationId": api, "rollbackActive": false}),
    )
    .await;
    ok_post(
        &h,
        "/api/deployment.removeDeployment",
        json!({"deploymentId": rollbacks[2].0}),
    )
    .await;
    assert_eq!(queue(&h).await.as_array().map(Vec::len), Some(2));
    reset(&h).await;
    assert_eq!(queue(&h).await, json!([]));
    let again = centralized(&h, KEY).await;
    assert_eq!(strs(&again, "deploymentId"), strs(&seeded, "deploymentId"));
    assert_eq!(strs(&again, "status"), strs(&seeded, "status"));
    assert_eq!(checkout_rollbacks(&h).await, rollbacks);
    // The jobs count from 1 again, and nothing of before goes on.
    ok_post(&h, "/api/application.deploy", json!({"applicationId": api})).await;
    assert_eq!(strs(&queue(&h).await, "id"), ["job-1"]);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let web_one = get(
        h.addr,
        &format!("/api/application.one?applicationId={web}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(web_one["applicationStatus"], "done");
    assert_eq!(by_type(&h, CHECKOUT).await[0]["rollback"]["version"], 4);
}

#[tokio::test]
async fn faults_apply_to_the_activity_center() {
    let h = start(Config {
        faults: "deployment.allCentralized:500,deployment.queueList:shape,rollback.*:503".into(),
        ..Config::default()
    })
    .await;
    let r = get(h.addr, "/api/deployment.allCentralized", KEY).await;
    assert_eq!(r.status, 500);
    let r = get(h.addr, "/api/deployment.queueList", KEY).await;
    assert_eq!(
        (r.status, r.json()["sandboxFault"].clone()),
        (200, json!("shape"))
    );
    let rb = checkout_rollbacks(&h).await[0].1.clone();
    let r = post(
        h.addr,
        "/api/rollback.rollback",
        KEY,
        &json!({"rollbackId": rb}),
    )
    .await;
    assert_eq!(r.status, 503);
}

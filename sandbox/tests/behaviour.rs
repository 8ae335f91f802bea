//! Behaviour of the sandbox beyond single answers: auth, keys, permissions, the deploy
//! lifecycle, faults, CORS, legacy mode, static files, control routes and the CLI.

mod common;

use std::time::{Duration, Instant};

use common::{get, post, request, start, start_default, try_request, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, Handle, SeedOptions, FAILING_APP, MEMBER_KEY, VIEWER_KEY};

fn service_id(h: &Handle, name: &str) -> String {
    let st = h.shared.lock();
    st.service_by_name(name)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no service {name}"))
}

#[tokio::test]
async fn auth_rejects_missing_bad_and_empty_keys() {
    let h = start_default().await;
    for headers in [
        vec![],
        vec![("x-api-key", "nope")],
        vec![("x-api-key", "")],
        vec![("Authorization", "Bearer skiff-demo-key")],
    ] {
        let r = request(h.addr, "GET", "/api/project.all", &headers, None).await;
        assert_eq!(r.status, 401, "{headers:?}");
        assert_eq!(r.json(), json!({"message": "Unauthorized"}));
    }
    let r = request(
        h.addr,
        "GET",
        "/api/project.all",
        &[("X-API-KEY", KEY)],
        None,
    )
    .await;
    assert_eq!(r.status, 200, "header name is case-insensitive");
}

#[tokio::test]
async fn preflight_is_401_without_cors_and_passes_with_cors_origin() {
    let h = start_default().await;
    let pre = [
        ("Origin", "http://localhost:5173"),
        ("Access-Control-Request-Method", "GET"),
        ("Access-Control-Request-Headers", "x-api-key"),
    ];
    let r = request(h.addr, "OPTIONS", "/api/project.all", &pre, None).await;
    assert_eq!(r.status, 401);
    assert!(r
        .headers
        .iter()
        .all(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control")));
    let r = request(
        h.addr,
        "GET",
        "/api/project.all",
        &[("Origin", "http://localhost:5173"), ("x-api-key", KEY)],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());

    let h = start(Config {
        cors_origin: Some("http://localhost:5173".into()),
        ..Config::default()
    })
    .await;
    let r = request(h.addr, "OPTIONS", "/api/project.all", &pre, None).await;
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, OPTIONS")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("x-api-key, content-type, authorization")
    );
    let r = request(
        h.addr,
        "GET",
        "/api/project.all",
        &[("Origin", "http://localhost:5173"), ("x-api-key", KEY)],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    let r = request(
        h.addr,
        "OPTIONS",
        "/api/project.all",
        &[("Origin", "http://evil.test")],
        None,
    )
    .await;
    assert_eq!(r.status, 401, "other origins get no CORS");
}

#[tokio::test]
async fn api_only_listener_serves_no_files() {
    let h = start(Config {
        api_addr: Some("127.0.0.1:0".parse().unwrap()),
        ..Config::default()
    })
    .await;
    let api = h.api_addr.expect("api listener");
    assert_eq!(request(api, "GET", "/", &[], None).await.status, 404);
    assert_eq!(
        get(api, "/api/settings.getDokployVersion", KEY)
            .await
            .json(),
        json!("v0.30.2")
    );
    assert_eq!(request(h.addr, "GET", "/", &[], None).await.status, 200);
}

async fn wait_status(h: &Handle, kind: &str, id: &str, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let one = get(h.addr, &format!("/api/{kind}.one?{kind}Id={id}"), KEY)
            .await
            .json();
        let status = one[if kind == "compose" {
            "composeStatus"
        } else {
            "applicationStatus"
        }]
        .clone();
        if status == want {
            return one;
        }
        assert!(Instant::now() < deadline, "{kind} {id} stuck at {status}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn deploy_runs_to_done_with_a_growing_log() {
    let h = start(Config {
        deploy_step_ms: 150,
        ..Config::default()
    })
    .await;
    let app = service_id(&h, "checkout-api");
    let before = get(
        h.addr,
        &format!("/api/deployment.all?applicationId={app}"),
        KEY,
    )
    .await
    .json();
    let r = post(
        h.addr,
        "/api/application.deploy",
        KEY,
        &json!({"applicationId": app, "title": "e2e"}),
    )
    .await;
    assert_eq!(
        (r.status, r.body.len()),
        (200, 0),
        "void mutation: empty body"
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    let list = get(
        h.addr,
        &format!("/api/deployment.all?applicationId={app}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(
        list.as_array().map(Vec::len),
        before.as_array().map(|b| b.len() + 1)
    );
    let dep = &list[0];
    assert_eq!(
        (dep["title"].as_str(), dep["status"].as_str()),
        (Some("e2e"), Some("running"))
    );
    let one = get(
        h.addr,
        &format!("/api/application.one?applicationId={app}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(one["applicationStatus"], "running");
    let id = dep["deploymentId"].as_str().unwrap_or_default().to_string();
    let log1 = get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={id}"),
        KEY,
    )
    .await
    .json();
    tokio::time::sleep(Duration::from_millis(250)).await;
    let log2 = get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={id}"),
        KEY,
    )
    .await
    .json();
    let (l1, l2) = (log1.as_str().unwrap_or(""), log2.as_str().unwrap_or(""));
    assert!(
        l2.len() > l1.len() && l2.starts_with(l1),
        "log grows: {l1:?} -> {l2:?}"
    );
    wait_status(&h, "application", &app, "done").await;
    let list = get(
        h.addr,
        &format!("/api/deployment.allByType?id={app}&type=application"),
        KEY,
    )
    .await
    .json();
    assert_eq!(list[0]["status"], "done");
    assert!(list[0]["finishedAt"].is_string());
    let log = get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={id}"),
        KEY,
    )
    .await
    .json();
    assert!(log.as_str().unwrap_or("").contains("Docker Deployed: ✅"));
    let tail = get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={id}&tail=2"),
        KEY,
    )
    .await
    .json();
    assert_eq!(tail.as_str().map(|t| t.lines().count()), Some(2));
}

#[tokio::test]
async fn the_failing_demo_service_ends_in_error_and_compose_deploys() {
    let h = start_default().await;
    let app = service_id(&h, FAILING_APP);
    let r = post(
        h.addr,
        "/api/application.redeploy",
        KEY,
        &json!({"applicationId": app}),
    )
    .await;
    assert_eq!(r.status, 200);
    let one = wait_status(&h, "application", &app, "error").await;
    let dep = &one["deployments"][0];
    assert_eq!(dep["status"], "error");
    let id = dep["deploymentId"].as_str().unwrap_or_default();
    let log = get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={id}"),
        KEY,
    )
    .await
    .json();
    assert!(log.as_str().unwrap_or("").contains("Error occurred ❌"));

    let compose = service_id(&h, "monitoring");
    let r = post(
        h.addr,
        "/api/compose.deploy",
        KEY,
        &json!({"composeId": compose}),
    )
    .await;
    assert_eq!(r.json()["message"], "Deployment queued");
    wait_status(&h, "compose", &compose, "done").await;
    let list = get(
        h.addr,
        &format!("/api/deployment.allByCompose?composeId={compose}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(list[0]["status"], "done");

    let pg = service_id(&h, "shop-db");
    assert_eq!(
        post(
            h.addr,
            "/api/postgres.stop",
            KEY,
            &json!({"postgresId": pg})
        )
        .await
        .json()["applicationStatus"],
        "idle"
    );
    assert_eq!(
        post(
            h.addr,
            "/api/postgres.start",
            KEY,
            &json!({"postgresId": pg})
        )
        .await
        .json()["applicationStatus"],
        "done"
    );
    let app2 = service_id(&h, "checkout-api");
    assert_eq!(
        post(
            h.addr,
            "/api/application.stop",
            KEY,
            &json!({"applicationId": app2})
        )
        .await
        .json()["applicationStatus"],
        "idle"
    );
}

#[tokio::test]
async fn fail_deploys_flag_fails_every_app() {
    let h = start(Config {
        seed: SeedOptions {
            fail_deploys: true,
            ..SeedOptions::default()
        },
        ..Config::default()
    })
    .await;
    let app = service_id(&h, "checkout-api");
    post(
        h.addr,
        "/api/application.deploy",
        KEY,
        &json!({"applicationId": app}),
    )
    .await;
    wait_status(&h, "application", &app, "error").await;
}

#[tokio::test]
async fn an_expired_key_is_refused_like_a_wrong_one() {
    let h = start_default().await;
    let r = post(
        h.addr,
        "/api/user.createApiKey",
        KEY,
        &json!({"name": "short", "metadata": {"organizationId": "x"}, "rateLimitEnabled": false, "expiresIn": 1}),
    )
    .await;
    assert_eq!(r.status, 200);
    let created = r.json();
    assert!(created["expiresAt"].is_string(), "{created}");
    let key = created["key"].as_str().unwrap_or_default().to_string();
    assert_eq!(get(h.addr, "/api/settings.health", &key).await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = get(h.addr, "/api/settings.health", &key).await;
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"message": "Unauthorized"}))
    );
}

#[tokio::test]
async fn api_keys_created_rate_limited_and_deleted() {
    let h = start_default().await;
    // rateLimitEnabled: false -> unlimited
    let r = post(
        h.addr,
        "/api/user.createApiKey",
        KEY,
        &json!({"name": "ci", "metadata": {"organizationId": "x"}, "rateLimitEnabled": false}),
    )
    .await;
    assert_eq!(r.status, 200);
    let free = r.json();
    let free_key = free["key"].as_str().unwrap_or_default().to_string();
    for _ in 0..15 {
        assert_eq!(
            get(h.addr, "/api/settings.health", &free_key).await.status,
            200
        );
    }
    let keys = get(h.addr, "/api/user.get", KEY).await.json()["user"]["apiKeys"].clone();
    assert!(keys
        .as_array()
        .is_some_and(|k| k.iter().any(|k| k["name"] == "ci")));

    // default: 10 requests per day
    let r = post(
        h.addr,
        "/api/user.createApiKey",
        KEY,
        &json!({"name": "limited", "metadata": {"organizationId": "x"}}),
    )
    .await;
    let limited = r.json();
    assert_eq!(
        (
            limited["rateLimitEnabled"].as_bool(),
            limited["rateLimitMax"].as_i64()
        ),
        (Some(true), Some(10))
    );
    assert_eq!(limited["rateLimitTimeWindow"], 86_400_000);
    let key = limited["key"].as_str().unwrap_or_default().to_string();
    for i in 0..10 {
        assert_eq!(
            get(h.addr, "/api/settings.health", &key).await.status,
            200,
            "request {}",
            i + 1
        );
    }
    let r = get(h.addr, "/api/settings.health", &key).await;
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"message": "Unauthorized"}))
    );

    // deleted keys stop working
    let id = free["id"].as_str().unwrap_or_default();
    assert_eq!(
        post(
            h.addr,
            "/api/user.deleteApiKey",
            KEY,
            &json!({"apiKeyId": id})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        get(h.addr, "/api/settings.health", &free_key).await.status,
        401
    );

    // missing name -> 400 with Dokploy's field errors
    let r = post(
        h.addr,
        "/api/user.createApiKey",
        KEY,
        &json!({"metadata": {}}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["data"]["zodError"]["fieldErrors"]["name"].is_array());
}

#[tokio::test]
async fn members_permissions_persist_and_api_access_is_enforced() {
    let h = start_default().await;
    // Maya has API access and sees only her projects.
    let projects = get(h.addr, "/api/project.all", MEMBER_KEY).await.json();
    let empty = vec![];
    let names: Vec<&str> = projects
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, vec!["shop", "blog"]);
    assert_eq!(
        get(h.addr, "/api/user.get", MEMBER_KEY).await.json()["role"],
        "member"
    );
    // Sam has no API access.
    assert_eq!(
        get(h.addr, "/api/project.all", VIEWER_KEY).await.status,
        401
    );

    let users = get(h.addr, "/api/user.all", KEY).await.json();
    // the owner, Maya, Sam and Dev Admin
    assert_eq!(users.as_array().map(Vec::len), Some(4));
    let sam = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Sam"))
        .cloned()
        .expect("Sam");
    let sam_id = sam["userId"].as_str().unwrap_or_default().to_string();
    let mut body = json!({
        "id": sam_id, "accessedProjects": [], "accessedEnvironments": [], "accessedServices": [],
        "accessedGitProviders": [], "accessedServers": [], "canCreateProjects": true,
        "canCreateServices": false, "canDeleteProjects": false, "canDeleteServices": false,
        "canAccessToDocker": false, "canAccessToTraefikFiles": false, "canAccessToAPI": true,
        "canAccessToSSHKeys": false, "canAccessToGitProviders": false,
        "canDeleteEnvironments": false, "canCreateEnvironments": false,
    });
    let partial = {
        let mut b = body.clone();
        b.as_object_mut().map(|m| m.remove("canAccessToAPI"));
        b
    };
    let r = post(h.addr, "/api/user.assignPermissions", KEY, &partial).await;
    assert_eq!(r.status, 400, "every permission field is required");
    assert!(r.json()["data"]["zodError"]["fieldErrors"]["canAccessToAPI"].is_array());
    let r = post(h.addr, "/api/user.assignPermissions", KEY, &body).await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let one = get(h.addr, &format!("/api/user.one?userId={sam_id}"), KEY)
        .await
        .json();
    assert_eq!(
        (
            one["canCreateProjects"].as_bool(),
            one["canAccessToAPI"].as_bool()
        ),
        (Some(true), Some(true))
    );
    assert_eq!(
        get(h.addr, "/api/settings.health", VIEWER_KEY).await.status,
        200,
        "API access granted"
    );
    let perms = get(h.addr, "/api/user.getPermissions", VIEWER_KEY)
        .await
        .json();
    assert_eq!(perms["project"]["create"], true);
    // members may not assign permissions
    body["canCreateProjects"] = json!(false);
    assert_eq!(
        post(h.addr, "/api/user.assignPermissions", VIEWER_KEY, &body)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn members_are_listed_to_admins_and_permissions_go_by_user_id() {
    let h = start_default().await;
    // A member (even with API access) may not list members (`member.read`).
    let r = get(h.addr, "/api/user.all", MEMBER_KEY).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (401, json!("unauthorized to access resource \"member\""))
    );
    let users = get(h.addr, "/api/user.all", KEY).await.json();
    let maya = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Maya"))
        .cloned()
        .expect("Maya");
    let mut body = json!({
        "id": maya["id"], "accessedProjects": [], "accessedEnvironments": [], "accessedServices": [],
        "accessedGitProviders": [], "accessedServers": [], "canCreateProjects": false,
        "canCreateServices": false, "canDeleteProjects": false, "canDeleteServices": false,
        "canAccessToDocker": false, "canAccessToTraefikFiles": false, "canAccessToAPI": false,
        "canAccessToSSHKeys": false, "canAccessToGitProviders": false,
        "canDeleteEnvironments": false, "canCreateEnvironments": false,
    });
    // Dokploy matches `member.userId = id`: the membership row id finds nobody.
    let r = post(h.addr, "/api/user.assignPermissions", KEY, &body).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        get(h.addr, "/api/settings.health", MEMBER_KEY).await.status,
        200
    );
    body["id"] = maya["userId"].clone();
    let r = post(h.addr, "/api/user.assignPermissions", KEY, &body).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        get(h.addr, "/api/settings.health", MEMBER_KEY).await.status,
        401,
        "API access revoked"
    );
}

#[tokio::test]
async fn crud_round_trips() {
    let h = start_default().await;
    let a = h.addr;
    // project + environments
    let created = post(
        a,
        "/api/project.create",
        KEY,
        &json!({"name": "e2e", "description": "made by a test"}),
    )
    .await
    .json();
    let pid = created["project"]["projectId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let prod = created["environment"]["environmentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        post(
            a,
            "/api/project.update",
            KEY,
            &json!({"projectId": pid, "name": "e2e-renamed"})
        )
        .await
        .json()["name"],
        "e2e-renamed"
    );
    let env = post(
        a,
        "/api/environment.create",
        KEY,
        &json!({"projectId": pid, "name": "preview"}),
    )
    .await
    .json();
    let eid = env["environmentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        post(
            a,
            "/api/environment.update",
            KEY,
            &json!({"environmentId": eid, "description": "pr builds"})
        )
        .await
        .json()["description"],
        "pr builds"
    );
    assert_eq!(
        get(
            a,
            &format!("/api/environment.byProjectId?projectId={pid}"),
            KEY
        )
        .await
        .json()
        .as_array()
        .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        post(
            a,
            "/api/environment.remove",
            KEY,
            &json!({"environmentId": prod})
        )
        .await
        .status,
        400,
        "default environment stays"
    );
    assert_eq!(
        post(
            a,
            "/api/environment.remove",
            KEY,
            &json!({"environmentId": eid})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        get(a, &format!("/api/environment.one?environmentId={eid}"), KEY)
            .await
            .status,
        404
    );

    // one service of every kind
    let creates = [
        ("application", json!({"name": "web", "environmentId": prod})),
        (
            "compose",
            json!({"name": "stack", "environmentId": prod, "composeFile": "services: {}"}),
        ),
        (
            "postgres",
            json!({"name": "pg", "environmentId": prod, "databaseName": "d", "databaseUser": "u", "databasePassword": "p4ss"}),
        ),
        (
            "mysql",
            json!({"name": "my", "environmentId": prod, "databaseName": "d", "databaseUser": "u", "databasePassword": "p4ss"}),
        ),
        (
            "mariadb",
            json!({"name": "ma", "environmentId": prod, "databaseName": "d", "databaseUser": "u", "databasePassword": "p4ss"}),
        ),
        (
            "mongo",
            json!({"name": "mo", "environmentId": prod, "databaseUser": "u", "databasePassword": "p4ss"}),
        ),
        (
            "redis",
            json!({"name": "re", "environmentId": prod, "databasePassword": "p4ss"}),
        ),
        (
            "libsql",
            json!({"name": "li", "appName": "li", "environmentId": prod, "description": null, "databaseUser": "u", "databasePassword": "p4ss", "sqldNode": "primary", "sqldPrimaryUrl": null, "serverId": null}),
        ),
    ];
    for (kind, body) in &creates {
        let r = post(a, &format!("/api/{kind}.create"), KEY, body).await;
        assert_eq!(r.status, 200, "{kind}.create: {}", r.text());
        let r = post(
            a,
            &format!("/api/{kind}.create"),
            KEY,
            &json!({"environmentId": prod}),
        )
        .await;
        assert_eq!(r.status, 400, "{kind}.create without name");
        assert!(r.json()["data"]["zodError"]["fieldErrors"]["name"].is_array());
        let r = post(a, &format!("/api/{kind}.create"), KEY, &{
            let mut b = body.clone();
            b["environmentId"] = json!("nope");
            b
        })
        .await;
        assert_eq!(
            (r.status, r.json()["message"].as_str()),
            (404, Some("Environment not found"))
        );
    }
    let one = get(a, &format!("/api/project.one?projectId={pid}"), KEY)
        .await
        .json();
    let env0 = &one["environments"][0];
    for list in [
        "applications",
        "compose",
        "postgres",
        "mysql",
        "mariadb",
        "mongo",
        "redis",
        "libsql",
    ] {
        assert_eq!(env0[list].as_array().map(Vec::len), Some(1), "{list}");
    }
    let app = env0["applications"][0]["applicationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let pg = env0["postgres"][0]["postgresId"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // application settings
    let ok = |r: common::Resp| assert_eq!((r.status, r.json()), (200, json!(true)));
    ok(post(a, "/api/application.saveEnvironment", KEY, &json!({"applicationId": app, "env": "A=1\nAPI_TOKEN=x", "buildArgs": null, "buildSecrets": null, "createEnvFile": true})).await);
    ok(post(a, "/api/application.saveBuildType", KEY, &json!({"applicationId": app, "buildType": "dockerfile", "dockerfile": "Dockerfile", "dockerContextPath": null, "dockerBuildStage": null, "herokuVersion": null, "railpackVersion": null})).await);
    ok(post(a, "/api/application.saveDockerProvider", KEY, &json!({"applicationId": app, "dockerImage": "nginx:1", "username": null, "password": null, "registryUrl": null})).await);
    ok(post(
        a,
        "/api/application.update",
        KEY,
        &json!({"applicationId": app, "description": "changed"}),
    )
    .await);
    let one = get(a, &format!("/api/application.one?applicationId={app}"), KEY)
        .await
        .json();
    assert_eq!(
        (
            one["env"].as_str(),
            one["buildType"].as_str(),
            one["sourceType"].as_str(),
            one["dockerImage"].as_str(),
            one["description"].as_str()
        ),
        (
            Some("A=1\nAPI_TOKEN=x"),
            Some("dockerfile"),
            Some("docker"),
            Some("nginx:1"),
            Some("changed")
        )
    );
    let r = post(a, "/api/application.saveBuildType", KEY, &json!({"applicationId": app, "buildType": "magic", "dockerfile": null, "dockerContextPath": null, "dockerBuildStage": null, "herokuVersion": null, "railpackVersion": null})).await;
    assert_eq!(r.status, 400);
    ok(post(a, "/api/application.saveGitProvider", KEY, &json!({"applicationId": app, "customGitBuildPath": "/", "customGitUrl": "https://git.test/x.git", "watchPaths": null, "customGitBranch": "main"})).await);
    ok(post(a, "/api/application.saveGithubProvider", KEY, &json!({"applicationId": app, "repository": "x", "owner": "acme", "buildPath": "/", "githubId": null, "branch": "main", "triggerType": "push"})).await);
    ok(post(
        a,
        "/api/application.reload",
        KEY,
        &json!({"applicationId": app, "appName": "web"}),
    )
    .await);

    // database settings
    ok(post(
        a,
        "/api/postgres.saveExternalPort",
        KEY,
        &json!({"postgresId": pg, "externalPort": 15432}),
    )
    .await);
    ok(post(
        a,
        "/api/postgres.saveEnvironment",
        KEY,
        &json!({"postgresId": pg, "env": "X=1"}),
    )
    .await);
    ok(post(
        a,
        "/api/postgres.update",
        KEY,
        &json!({"postgresId": pg, "name": "pg2"}),
    )
    .await);
    let one = get(a, &format!("/api/postgres.one?postgresId={pg}"), KEY)
        .await
        .json();
    assert_eq!(
        (
            one["externalPort"].as_i64(),
            one["env"].as_str(),
            one["name"].as_str()
        ),
        (Some(15432), Some("X=1"), Some("pg2"))
    );
    let logs = get(
        a,
        &format!("/api/postgres.readLogs?postgresId={pg}&tail=5"),
        KEY,
    )
    .await;
    assert!(logs.json().is_string());
    let mounts = get(
        a,
        &format!("/api/mounts.listByServiceId?serviceType=postgres&serviceId={pg}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(mounts.as_array().map(Vec::len), Some(1));

    // domains
    let d = post(a, "/api/domain.create", KEY, &json!({"host": "web.e2e.test", "applicationId": app, "https": true, "certificateType": "letsencrypt", "port": 8080})).await.json();
    let did = d["domainId"].as_str().unwrap_or_default().to_string();
    assert_eq!(d["applicationId"].as_str(), Some(app.as_str()));
    let u = post(
        a,
        "/api/domain.update",
        KEY,
        &json!({"domainId": did, "host": "www.e2e.test"}),
    )
    .await
    .json();
    assert_eq!(u["host"], "www.e2e.test");
    assert_eq!(
        get(a, &format!("/api/domain.one?domainId={did}"), KEY)
            .await
            .json()["port"],
        8080
    );
    assert_eq!(
        get(
            a,
            &format!("/api/domain.byApplicationId?applicationId={app}"),
            KEY
        )
        .await
        .json()
        .as_array()
        .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        post(a, "/api/domain.delete", KEY, &json!({"domainId": did}))
            .await
            .status,
        200
    );
    assert_eq!(
        get(a, &format!("/api/domain.one?domainId={did}"), KEY)
            .await
            .status,
        404
    );

    // removal
    assert_eq!(
        post(
            a,
            "/api/application.delete",
            KEY,
            &json!({"applicationId": app})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        get(a, &format!("/api/application.one?applicationId={app}"), KEY)
            .await
            .status,
        404
    );
    assert_eq!(
        post(a, "/api/postgres.remove", KEY, &json!({"postgresId": pg}))
            .await
            .status,
        200
    );
    assert_eq!(
        post(a, "/api/project.remove", KEY, &json!({"projectId": pid}))
            .await
            .json()["name"],
        "e2e-renamed"
    );
    assert_eq!(
        get(a, &format!("/api/project.one?projectId={pid}"), KEY)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn faults_fire_at_rate_one_and_clear_at_run_time() {
    let h = start(Config {
        faults: "settings.health:500:1".into(),
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let r = get(a, "/api/settings.health", KEY).await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (500, Some("INTERNAL_SERVER_ERROR"))
    );
    let current = request(a, "GET", "/__sandbox/faults", &[], None)
        .await
        .json();
    assert_eq!(current["faults"], "settings.health:500:1");

    let set = |spec: &str| {
        let body = serde_json::to_vec(&json!({"faults": spec})).unwrap_or_default();
        async move {
            let r = request(
                a,
                "POST",
                "/__sandbox/faults",
                &[("Content-Type", "application/json")],
                Some(&body),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.text());
        }
    };
    set("project.all:502:1").await;
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 502);
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    assert_eq!(
        get(a, "/api/settings.health", KEY).await.status,
        200,
        "old fault cleared"
    );
    set("*:503:1").await;
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 503);
    set("project.all:truncated:1").await;
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());
    set("project.all:malformed:1").await;
    assert!(serde_json::from_slice::<Value>(&get(a, "/api/project.all", KEY).await.body).is_err());
    set("project.all:shape:1").await;
    assert!(
        get(a, "/api/project.all", KEY).await.json().is_object(),
        "a list turned into an object"
    );
    set("project.*:401:1").await;
    assert_eq!(get(a, "/api/project.all", KEY).await.status, 401);
    set("settings.health:refuse:1").await;
    let r = try_request(
        a,
        "GET",
        "/api/settings.health",
        &[("x-api-key", KEY)],
        None,
    )
    .await;
    assert!(r.is_err(), "connection closed without an answer: {r:?}");
    set("settings.health:hang:1").await;
    let r = tokio::time::timeout(
        Duration::from_millis(400),
        try_request(
            a,
            "GET",
            "/api/settings.health",
            &[("x-api-key", KEY)],
            None,
        ),
    )
    .await;
    assert!(r.is_err(), "no answer");
    set("settings.health:latency=300:1").await;
    let t = Instant::now();
    assert_eq!(get(a, "/api/settings.health", KEY).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    set("settings.health:500:0").await;
    assert_eq!(
        get(a, "/api/settings.health", KEY).await.status,
        200,
        "rate 0 never fires"
    );
    set("").await;
    assert_eq!(get(a, "/api/project.all", KEY).await.status, 200);
    let r = request(
        a,
        "POST",
        "/__sandbox/faults",
        &[],
        Some(br#"{"faults":"x:bogus:1"}"#),
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn reset_and_stats() {
    let h = start_default().await;
    let a = h.addr;
    post(a, "/api/project.create", KEY, &json!({"name": "temporary"})).await;
    for _ in 0..3 {
        get(a, "/api/project.all", KEY).await;
    }
    let stats = request(a, "GET", "/__sandbox/stats", &[], None)
        .await
        .json();
    assert_eq!(stats["procedures"]["project.all"], 3);
    assert_eq!(stats["procedures"]["project.create"], 1);
    assert_eq!(
        request(a, "POST", "/__sandbox/reset", &[], None)
            .await
            .status,
        200
    );
    let all = get(a, "/api/project.all", KEY).await.json();
    assert!(all
        .as_array()
        .is_some_and(|p| p.iter().all(|p| p["name"] != "temporary")));
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let stats = request(a, "GET", "/__sandbox/stats", &[], None)
        .await
        .json();
    assert_eq!(stats["procedures"]["project.all"], 1);
}

/// A 2024 call with the default token: GET, or POST with `body`; must answer 200.
async fn as_2024(a: std::net::SocketAddr, path: &str, body: Option<Value>) -> Value {
    let bearer = format!("Bearer {KEY}");
    let body = body.map(|b| b.to_string());
    let (method, headers) = match &body {
        Some(_) => (
            "POST",
            vec![
                ("Authorization", bearer.as_str()),
                ("Content-Type", "application/json"),
            ],
        ),
        None => ("GET", vec![("Authorization", bearer.as_str())]),
    };
    let r = request(
        a,
        method,
        path,
        &headers,
        body.as_deref().map(str::as_bytes),
    )
    .await;
    assert_eq!(
        r.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&r.body)
    );
    r.json()
}

#[tokio::test]
async fn legacy_mode_uses_bearer_tokens_and_flat_projects() {
    let h = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let bearer = format!("Bearer {KEY}");
    assert_eq!(
        get(a, "/api/project.all", KEY).await.status,
        401,
        "x-api-key is refused"
    );
    let r = request(
        a,
        "GET",
        "/api/project.all",
        &[("Authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    let p = &r.json()[0];
    assert!(p["adminId"].is_string() && p["environments"].is_null());
    assert!(
        p["applications"][0]["domains"].is_array() && p["applications"][0]["projectId"].is_string()
    );
    let v = request(
        a,
        "GET",
        "/api/settings.getDokployVersion",
        &[("Authorization", &bearer)],
        None,
    )
    .await
    .json();
    assert_eq!(v, "v0.18.4");
    let r = request(
        a,
        "GET",
        "/api/project.one?projectId=nope",
        &[("Authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(
        r.json(),
        json!({"message": "Project not found", "code": "NOT_FOUND"})
    );
    // a project is renamed and given project-wide variables, and answers in the 2024 shape
    let pid = p["projectId"].as_str().unwrap_or_default().to_string();
    let updated = as_2024(
        a,
        "/api/project.update",
        Some(json!({"projectId": pid, "name": "renamed", "env": "REGION=eu"})),
    )
    .await;
    assert_eq!(
        (
            &updated["name"],
            &updated["env"],
            updated["adminId"].is_string()
        ),
        (&json!("renamed"), &json!("REGION=eu"), true)
    );
    // what Skiff also asks of a 2024 instance, unrecorded there, validated with its schemas:
    // a service's variables and its domains
    let app = p["applications"][0]["applicationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    as_2024(
        a,
        "/api/application.saveEnvironment",
        Some(json!({"applicationId": app, "env": "A=1"})),
    )
    .await;
    let one = as_2024(
        a,
        &format!("/api/application.one?applicationId={app}"),
        None,
    )
    .await;
    assert_eq!(one["env"], json!("A=1"));
    let domains = as_2024(
        a,
        &format!("/api/domain.byApplicationId?applicationId={app}"),
        None,
    )
    .await;
    assert_eq!(
        domains, one["domains"],
        "the same rows as nested in the service"
    );
    // rotating the token revokes the old one
    let before = request(
        a,
        "POST",
        "/api/auth.generateToken",
        &[("Authorization", &bearer)],
        None,
    )
    .await
    .json();
    assert_eq!(before["token"], KEY, "answers the row as before the update");
    assert_eq!(
        request(
            a,
            "GET",
            "/api/project.all",
            &[("Authorization", &bearer)],
            None
        )
        .await
        .status,
        401
    );
    let token = h.shared.lock().legacy.token.clone().unwrap_or_default();
    let fresh = format!("Bearer {token}");
    assert_eq!(
        request(
            a,
            "GET",
            "/api/auth.get",
            &[("Authorization", &fresh)],
            None
        )
        .await
        .json()["token"],
        token.as_str()
    );
}

#[tokio::test]
async fn static_files_and_deep_links() {
    let dir = std::env::temp_dir().join(format!("skiff-sandbox-dist-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).expect("dist");
    std::fs::write(dir.join("index.html"), "<html>skiff index</html>").expect("index");
    std::fs::write(dir.join("assets/app.wasm"), b"\0asm").expect("wasm");
    let h = start(Config {
        dist: dir.clone(),
        ..Config::default()
    })
    .await;
    let r = request(h.addr, "GET", "/assets/app.wasm", &[], None).await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("application/wasm"))
    );
    for deep in ["/", "/projects/abc/environments/def", "/settings?tab=keys"] {
        let r = request(h.addr, "GET", deep, &[], None).await;
        assert_eq!(
            (r.status, r.text()),
            (200, "<html>skiff index</html>".to_string()),
            "{deep}"
        );
    }
    assert_eq!(
        request(h.addr, "GET", "/../../etc/passwd", &[], None)
            .await
            .text(),
        "<html>skiff index</html>"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let h = start(Config {
        dist: "/nonexistent-skiff-dist".into(),
        ..Config::default()
    })
    .await;
    let r = request(h.addr, "GET", "/projects", &[], None).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Build Skiff first"));
}

#[tokio::test]
async fn generated_seed_is_large_and_fast() {
    let h = start(Config {
        seed: SeedOptions {
            projects: Some(300),
            services_per_project: 10,
            fail_deploys: false,
            ..SeedOptions::default()
        },
        ..Config::default()
    })
    .await;
    let t = Instant::now();
    let r = get(h.addr, "/api/project.all", KEY).await;
    let all = r.json();
    assert_eq!(all.as_array().map(Vec::len), Some(300));
    let empty = vec![];
    let services: usize = all
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|p| {
            let e = &p["environments"][0];
            [
                "applications",
                "compose",
                "postgres",
                "mysql",
                "mariadb",
                "mongo",
                "redis",
                "libsql",
            ]
            .iter()
            .map(|k| e[*k].as_array().map_or(0, Vec::len))
            .sum::<usize>()
        })
        .sum();
    assert_eq!(services, 3000);
    let t2 = Instant::now();
    for _ in 0..5 {
        assert_eq!(get(h.addr, "/api/project.all", KEY).await.status, 200);
    }
    assert!(
        t2.elapsed() < t.elapsed() * 5 + Duration::from_millis(500),
        "cached answers are not slower"
    );
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn cli_prints_the_url_and_key() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_skiff-sandbox"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--key",
            "cli-test-key",
            "--dist",
            "/nonexistent",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("prints in time")
        .expect("read")
        .expect("a line");
    assert!(
        line.starts_with("skiff-sandbox listening on http://127.0.0.1:"),
        "{line}"
    );
    assert!(line.ends_with("(API key: cli-test-key)"), "{line}");
    let url = line.split_whitespace().nth(3).unwrap_or_default();
    let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse().expect("addr");
    assert_ne!(addr.port(), 0);
    assert_eq!(
        get(addr, "/api/settings.getDokployVersion", "cli-test-key")
            .await
            .json(),
        "v0.30.2"
    );
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_skiff-sandbox"))
        .arg("--bogus")
        .output()
        .await
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let _ = child.kill().await;
}

#[tokio::test]
async fn read_logs_filters_by_search_like_grep() {
    let h = start_default().await;
    let id = service_id(&h, "checkout-api");
    let read = |q: String| async move {
        let r = get(
            h.addr,
            &format!("/api/application.readLogs?applicationId={q}"),
            KEY,
        )
        .await;
        assert_eq!(r.status, 200);
        r.json().as_str().unwrap_or_default().to_string()
    };
    let all = read(format!("{id}&tail=20")).await;
    assert!(all.lines().count() >= 10, "{all}");
    let hits = read(format!("{id}&tail=20&search=HEALTH")).await;
    assert!(!hits.is_empty());
    assert!(hits.lines().all(|l| l.contains("/health")), "{hits}");
    assert!(hits.lines().count() < all.lines().count());
}

#[tokio::test]
async fn invalid_fault_answers_a_field_error_like_zod() {
    let h = start(Config {
        faults: "postgres.create:invalid=databaseName:1".into(),
        ..Config::default()
    })
    .await;
    let r = post(
        h.addr,
        "/api/postgres.create",
        KEY,
        &json!({"name": "x", "databaseName": "d", "databaseUser": "u", "databasePassword": "p", "environmentId": "e"}),
    )
    .await;
    assert_eq!(r.status, 400);
    let body = r.json();
    assert_eq!(body["code"], "BAD_REQUEST");
    let errs = &body["data"]["zodError"]["fieldErrors"]["databaseName"];
    assert!(
        errs[0].as_str().is_some_and(|m| m.contains("injected")),
        "{body}"
    );
}

#[tokio::test]
async fn compose_load_services_lists_the_services_of_the_file() {
    let h = start_default().await;
    let id = service_id(&h, "monitoring");
    let r = get(
        h.addr,
        &format!("/api/compose.loadServices?composeId={id}&type=cache"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!(["prometheus", "grafana"]));
    assert_eq!(
        skiff_sandbox::api::compose_service_names("version: '3'\nservices:\n    web:\n        image: x\n    \"db\":\n        image: y\nvolumes:\n    data:\n"),
        vec!["web".to_string(), "db".to_string()]
    );
}

// ------------------------------------------------------------------ backups, schedules, volumes

fn destination_id(h: &Handle, name: &str) -> String {
    let st = h.shared.lock();
    st.destinations
        .iter()
        .find(|d| d["name"] == name)
        .and_then(|d| d["destinationId"].as_str().map(String::from))
        .unwrap_or_else(|| panic!("no destination {name}"))
}

/// Ids of the backups (or schedules, volume backups) whose `key` is `value`.
fn ids_where(
    rows: &[serde_json::Map<String, Value>],
    id: &str,
    key: &str,
    value: &str,
) -> Vec<String> {
    rows.iter()
        .filter(|r| r[key] == value)
        .filter_map(|r| r[id].as_str().map(String::from))
        .collect()
}

/// Polls `deployment.allByType` until its newest run is `running`, and returns it.
async fn wait_running(h: &Handle, id: &str, ty: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let list = get(
            h.addr,
            &format!("/api/deployment.allByType?id={id}&type={ty}"),
            KEY,
        )
        .await
        .json();
        if list[0]["status"] == "running" {
            return list[0].clone();
        }
        assert!(Instant::now() < deadline, "no running {ty} run: {list}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn read_log(h: &Handle, deployment: &Value) -> String {
    let id = deployment["deploymentId"].as_str().unwrap_or_default();
    get(
        h.addr,
        &format!("/api/deployment.readLogs?deploymentId={id}&tail=1000"),
        KEY,
    )
    .await
    .json()
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Starts a blocking run (`POST path body`) and checks what happens meanwhile: a `running`
/// run whose log grows; returns the answer and the run as it ended.
async fn run_and_watch(
    h: &Handle,
    path: &str,
    body: Value,
    owner_id: &str,
    ty: &str,
) -> (common::Resp, Value, String) {
    let addr = h.addr;
    let path = path.to_string();
    let call = tokio::spawn(async move { post(addr, &path, KEY, &body).await });
    let run = wait_running(h, owner_id, ty).await;
    let first = read_log(h, &run).await;
    let mut grew = false;
    while !call.is_finished() {
        tokio::time::sleep(Duration::from_millis(30)).await;
        let now = read_log(h, &run).await;
        assert!(now.starts_with(&first), "the log only grows");
        grew |= now.len() > first.len();
    }
    assert!(grew, "the log grows while the run is running");
    let answer = call.await.expect("the call ends");
    let list = get(
        h.addr,
        &format!("/api/deployment.allByType?id={owner_id}&type={ty}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(list[0]["deploymentId"], run["deploymentId"]);
    let log = read_log(h, &list[0]).await;
    (answer, list[0].clone(), log)
}

#[tokio::test]
async fn destinations_round_trip_and_flaky_ones_cannot_be_reached() {
    let h = start_default().await;
    let a = h.addr;
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|d| d["name"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let all = get(a, "/api/destination.all", KEY).await.json();
    assert_eq!(names(&all), ["flaky-r2", "s3-backups"], "newest first");
    let new = json!({
        "name": "minio-local", "provider": "Minio", "accessKey": "minio-access",
        "secretAccessKey": "minio-secret-key-123", "bucket": "skiff", "region": "us-east-1",
        "endpoint": "http://minio.acme.test:9000",
    });
    let r = post(a, "/api/destination.create", KEY, &new).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let created = r.json();
    assert_eq!(created["additionalFlags"], json!([]));
    let id = created["destinationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let all = get(a, "/api/destination.all", KEY).await.json();
    assert_eq!(names(&all)[0], "minio-local");

    let r = post(a, "/api/destination.testConnection", KEY, &new).await;
    assert_eq!((r.status, r.body.len()), (200, 0), "a reachable bucket");
    let mut flaky = new.clone();
    flaky["bucket"] = json!("flaky-bucket");
    let r = post(a, "/api/destination.testConnection", KEY, &flaky).await;
    assert_eq!(r.status, 400);
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("could not be reached"), "{message}");
    assert!(
        !message.contains("minio-secret-key-123") && !message.contains("minio-access"),
        "keys are never echoed: {message}"
    );
    let r = post(
        a,
        "/api/destination.testConnection",
        KEY,
        &json!({"name": "x", "provider": "AWS", "accessKey": "a", "secretAccessKey": "b",
                "bucket": "c", "region": "d", "endpoint": "e", "additionalFlags": ["; rm -rf /"]}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["issues"][0]["path"], json!(["additionalFlags", 0]));

    let mut renamed = new.clone();
    renamed["destinationId"] = json!(id);
    renamed["name"] = json!("minio-renamed");
    let r = post(a, "/api/destination.update", KEY, &renamed).await;
    assert_eq!(r.json()["name"], "minio-renamed");
    let one = get(a, &format!("/api/destination.one?destinationId={id}"), KEY).await;
    assert_eq!(one.json()["name"], "minio-renamed");
    let r = post(
        a,
        "/api/destination.remove",
        KEY,
        &json!({"destinationId": id}),
    )
    .await;
    assert_eq!(r.json()["destinationId"], json!(id));
    let one = get(a, &format!("/api/destination.one?destinationId={id}"), KEY).await;
    assert_eq!(
        (one.status, one.json()["message"].clone()),
        (404, json!("Destination not found"))
    );

    // Members may not manage destinations.
    let r = get(a, "/api/destination.all", MEMBER_KEY).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn a_manual_backup_blocks_while_its_run_grows_then_stores_a_file() {
    let h = start(Config {
        deploy_step_ms: 200,
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let staging = service_id(&h, "shop-db-staging");
    let s3 = destination_id(&h, "s3-backups");
    let one = get(a, &format!("/api/postgres.one?postgresId={staging}"), KEY)
        .await
        .json();
    assert_eq!(one["backups"], json!([]), "shop-db-staging has no backup");

    let r = post(
        a,
        "/api/backup.create",
        KEY,
        &json!({"schedule": "0 3 * * *", "enabled": true, "prefix": "staging/nightly",
                "destinationId": s3, "keepLatestCount": 1, "database": "shop",
                "postgresId": staging, "databaseType": "postgres", "backupType": "database"}),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.text());
    let one = get(a, &format!("/api/postgres.one?postgresId={staging}"), KEY)
        .await
        .json();
    let backup = one["backups"][0].clone();
    assert_eq!(backup["destination"]["name"], "s3-backups");
    assert!(
        backup["destination"]["secretAccessKey"].is_null(),
        "no keys in relations"
    );
    let id = backup["backupId"].as_str().unwrap_or_default().to_string();
    let b = get(a, &format!("/api/backup.one?backupId={id}"), KEY)
        .await
        .json();
    assert_eq!(b["postgres"]["name"], "shop-db-staging");
    assert!(b["appName"]
        .as_str()
        .is_some_and(|n| n.starts_with("backup-")));

    let (r, run, log) = run_and_watch(
        &h,
        "/api/backup.manualBackupPostgres",
        json!({"backupId": id}),
        &id,
        "backup",
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!(true)));
    assert_eq!(run["status"], "done");
    assert_eq!(run["title"], "Initializing Backup");
    assert!(run["finishedAt"].is_string());
    assert!(log.starts_with("Initializing backup\n"), "{log}");
    assert!(log.ends_with("Backup done ✅\n"), "{log}");

    let folder = "shop-db-staging-k2j8wm/staging/nightly/";
    let files = get(
        a,
        &format!("/api/backup.listBackupFiles?destinationId={s3}&search={folder}"),
        KEY,
    )
    .await
    .json();
    let files = files.as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 1, "{files:?}");
    let path = files[0]["Path"].as_str().unwrap_or_default().to_string();
    assert!(
        path.starts_with(folder) && path.ends_with(".sql.gz"),
        "{path}"
    );
    assert_eq!(files[0]["IsDir"], false);
    assert!(files[0]["Size"].as_i64().is_some_and(|s| s > 0));
    // The folder above: a directory entry; a search term filters by path.
    let root = get(
        a,
        &format!("/api/backup.listBackupFiles?destinationId={s3}&search=staging"),
        KEY,
    )
    .await
    .json();
    assert_eq!(
        root,
        json!([{"Path": "shop-db-staging-k2j8wm", "Name": "shop-db-staging-k2j8wm", "Size": -1,
                "ModTime": "", "IsDir": true}])
    );

    // keepLatestCount 1: a second run replaces the file.
    let r = post(
        a,
        "/api/backup.manualBackupPostgres",
        KEY,
        &json!({"backupId": id}),
    )
    .await;
    assert_eq!(r.json(), json!(true));
    let files = get(
        a,
        &format!("/api/backup.listBackupFiles?destinationId={s3}&search={folder}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(files.as_array().map(Vec::len), Some(1));
    assert_ne!(files[0]["Path"], json!(path), "the newest is kept");

    // A flaky- prefix: the run fails, the call answers 400 with the error.
    let mut update = json!({"backupId": id, "schedule": "0 3 * * *", "enabled": true,
        "prefix": "flaky-staging", "destinationId": s3, "database": "shop",
        "keepLatestCount": 1, "serviceName": null, "metadata": null, "databaseType": "postgres"});
    let r = post(a, "/api/backup.update", KEY, &update).await;
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.text());
    let r = post(
        a,
        "/api/backup.manualBackupPostgres",
        KEY,
        &json!({"backupId": id}),
    )
    .await;
    assert_eq!(r.status, 400);
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("AccessDenied"), "{message}");
    assert!(!message.contains("q8Vt3Zr0"), "no secret key: {message}");
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={id}&type=backup"),
        KEY,
    )
    .await
    .json();
    assert_eq!(runs[0]["status"], "error");
    assert_eq!(runs.as_array().map(Vec::len), Some(3));
    // To an unreachable destination: the same.
    update["prefix"] = json!("staging/nightly");
    update["destinationId"] = json!(destination_id(&h, "flaky-r2"));
    post(a, "/api/backup.update", KEY, &update).await;
    let r = post(
        a,
        "/api/backup.manualBackupPostgres",
        KEY,
        &json!({"backupId": id}),
    )
    .await;
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(
        r.status == 400 && message.contains("could not be reached"),
        "{message}"
    );
    // Other kinds answer Dokploy's fixed message (here: no MySQL behind a postgres backup).
    let r = post(
        a,
        "/api/backup.manualBackupMySql",
        KEY,
        &json!({"backupId": id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("Error running manual MySQL backup "))
    );

    let r = post(a, "/api/backup.remove", KEY, &json!({"backupId": id})).await;
    assert_eq!(r.json()["backupId"], json!(id));
    let one = get(a, &format!("/api/postgres.one?postgresId={staging}"), KEY)
        .await
        .json();
    assert_eq!(one["backups"], json!([]));
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={id}&type=backup"),
        KEY,
    )
    .await
    .json();
    assert_eq!(runs, json!([]), "its runs went with it");
    let r = post(a, "/api/backup.remove", KEY, &json!({"backupId": id})).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("Backup not found"))
    );
}

#[tokio::test]
async fn seeded_backups_show_recent_overdue_and_failing_runs() {
    let h = start_default().await;
    let a = h.addr;
    let (backups, files) = {
        let st = h.shared.lock();
        (st.backups.clone(), st.bucket_files.len())
    };
    let runs_of = |svc: &str, kind: &str| {
        let id = service_id(&h, svc);
        let ids = ids_where(&backups, "backupId", &format!("{kind}Id"), &id);
        assert_eq!(ids.len(), 1, "{svc} has one backup");
        ids[0].clone()
    };
    // Whole hours since a run started (ISO strings of one width order like their times).
    let age_hours = |run: &Value| {
        let t = run["createdAt"].as_str().unwrap_or_default().to_string();
        let now = skiff_sandbox::util::now_ms();
        (0..1000)
            .find(|h| skiff_sandbox::util::iso(now - (h + 1) * 3_600_000) < t)
            .unwrap_or(1000)
    };
    let shop = runs_of("shop-db", "postgres");
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={shop}&type=backup"),
        KEY,
    )
    .await
    .json();
    assert_eq!(runs[0]["status"], "done");
    assert!((19..=21).contains(&age_hours(&runs[0])), "{}", runs[0]);
    assert!(runs
        .as_array()
        .is_some_and(|l| l.iter().any(|r| r["status"] == "error")));

    let blog = runs_of("blog-mysql", "mysql");
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={blog}&type=backup"),
        KEY,
    )
    .await
    .json();
    assert_eq!(runs[0]["status"], "done");
    assert!(
        age_hours(&runs[0]) >= 8 * 24,
        "weekly, last run 9 days ago: overdue"
    );
    let b = get(a, &format!("/api/backup.one?backupId={blog}"), KEY)
        .await
        .json();
    assert_eq!(b["schedule"], "0 4 * * 0");

    let mongo = runs_of("analytics-mongo", "mongo");
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={mongo}&type=backup"),
        KEY,
    )
    .await
    .json();
    assert!(runs
        .as_array()
        .is_some_and(|l| !l.is_empty() && l.iter().all(|r| r["status"] == "error")));

    for (svc, kind) in [("comments-db", "mariadb"), ("shop-db-staging", "postgres")] {
        let id = service_id(&h, svc);
        let one = get(a, &format!("/api/{kind}.one?{kind}Id={id}"), KEY)
            .await
            .json();
        assert_eq!(one["backups"], json!([]), "{svc} has no backup");
    }
    let n8n = service_id(&h, "n8n");
    let one = get(a, &format!("/api/compose.one?composeId={n8n}"), KEY)
        .await
        .json();
    assert_eq!(one["backups"][0]["serviceName"], "db");
    assert_eq!(one["backups"][0]["backupType"], "compose");
    assert!(files >= 6, "the seeded runs' files are in the bucket");

    let overview = get(a, "/api/overview.backups", KEY).await.json();
    let list = overview.as_array().cloned().unwrap_or_default();
    assert!(list.len() >= 10);
    assert!(list
        .windows(2)
        .all(|w| w[0]["createdAt"].as_str() >= w[1]["createdAt"].as_str()));
    assert!(list
        .iter()
        .any(|r| r["kind"] == "volumeBackup" && r["serviceName"] == "ghost"));
    assert!(list
        .iter()
        .any(|r| r["serviceName"] == "analytics-mongo" && r["status"] == "error"));
    // Maya sees the runs of her services only (shop's and ghost's, not analytics-mongo's).
    let mine = get(a, "/api/overview.backups", MEMBER_KEY).await.json();
    let mine = mine.as_array().cloned().unwrap_or_default();
    assert!(!mine.is_empty() && mine.len() < list.len());
    assert!(mine.iter().all(|r| r["serviceName"] != "analytics-mongo"));
    let r = post(
        a,
        "/api/backup.manualBackupPostgres",
        MEMBER_KEY,
        &json!({"backupId": shop}),
    )
    .await;
    assert_eq!(r.status, 401, "members read backups, the owner runs them");
}

#[tokio::test]
async fn schedules_run_with_a_growing_log_and_flaky_ones_fail() {
    let h = start(Config {
        deploy_step_ms: 200,
        ..Config::default()
    })
    .await;
    let a = h.addr;
    // The production storefront (staging has one too).
    let web = {
        let st = h.shared.lock();
        st.services
            .iter()
            .find(|(_, s)| s.row["appName"] == "shop-storefront-x1k2p9")
            .map(|(id, _)| id.clone())
            .expect("storefront")
    };
    let list = get(
        a,
        &format!("/api/schedule.list?id={web}&scheduleType=application"),
        KEY,
    )
    .await
    .json();
    let names: Vec<&str> = list
        .as_array()
        .map(|l| l.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["nightly-cleanup", "flaky-report"]);
    assert_eq!(list[0]["deployments"][0]["status"], "done");
    assert_eq!(list[1]["deployments"][0]["status"], "error");
    let nightly = list[0]["scheduleId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let flaky = list[1]["scheduleId"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let (r, run, log) = run_and_watch(
        &h,
        "/api/schedule.runManually",
        json!({"scheduleId": nightly}),
        &nightly,
        "schedule",
    )
    .await;
    let answer = r.json();
    assert_eq!(answer["status"], "done");
    assert_eq!(answer["deploymentId"], run["deploymentId"]);
    assert_eq!(answer["logPath"], run["logPath"]);
    assert!(run["logPath"]
        .as_str()
        .is_some_and(|p| p.starts_with("/etc/dokploy/schedules/schedule-")));
    assert_eq!(run["status"], "done");
    assert!(
        log.starts_with("Initializing schedule\n")
            && log.ends_with("✅ Command executed successfully\n"),
        "{log}"
    );

    let r = post(
        a,
        "/api/schedule.runManually",
        KEY,
        &json!({"scheduleId": flaky}),
    )
    .await;
    assert_eq!(r.json()["status"], "error");

    // create, update, one, delete
    let r = post(
        a,
        "/api/schedule.create",
        KEY,
        &json!({"name": "say-hi", "cronExpression": "*/5 * * * *", "command": "echo hi",
                "scheduleType": "application", "applicationId": web}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let created = r.json();
    assert_eq!(
        (created["shellType"].clone(), created["enabled"].clone()),
        (json!("bash"), json!(true))
    );
    let id = created["scheduleId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = post(
        a,
        "/api/schedule.runManually",
        KEY,
        &json!({"scheduleId": id}),
    )
    .await;
    let run_id = r.json()["deploymentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let log = get(
        a,
        &format!("/api/deployment.readLogs?deploymentId={run_id}"),
        KEY,
    )
    .await
    .json();
    assert!(log.as_str().is_some_and(|l| l.contains("\nhi\n")), "{log}");
    let r = post(
        a,
        "/api/schedule.update",
        KEY,
        &json!({"scheduleId": id, "name": "say-hello", "cronExpression": "0 * * * *",
                "command": "echo hello", "enabled": false}),
    )
    .await;
    assert_eq!(r.json()["name"], "say-hello");
    let one = get(a, &format!("/api/schedule.one?scheduleId={id}"), KEY)
        .await
        .json();
    assert_eq!(one["application"]["environment"]["project"]["name"], "shop");
    assert_eq!(one["enabled"], false);
    let r = post(a, "/api/schedule.delete", KEY, &json!({"scheduleId": id})).await;
    assert_eq!(r.json(), json!(true));
    let r = get(
        a,
        &format!("/api/deployment.allByType?id={id}&type=schedule"),
        KEY,
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (404, json!("Schedule not found"))
    );
    let r = get(
        a,
        &format!("/api/deployment.readLogs?deploymentId={run_id}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 404, "runs go with their schedule");

    // A compose schedule on monitoring runs in its service's container.
    let mon = service_id(&h, "monitoring");
    let list = get(
        a,
        &format!("/api/schedule.list?id={mon}&scheduleType=compose"),
        KEY,
    )
    .await
    .json();
    assert_eq!(list[0]["serviceName"], "grafana");
    assert_eq!(list[0]["compose"]["name"], "monitoring");
}

#[tokio::test]
async fn volume_backups_run_into_the_bucket_and_flaky_ones_fail() {
    let h = start(Config {
        deploy_step_ms: 200,
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let ghost = service_id(&h, "ghost");
    let s3 = destination_id(&h, "s3-backups");
    let list = get(
        a,
        &format!("/api/volumeBackups.list?id={ghost}&volumeBackupType=application"),
        KEY,
    )
    .await
    .json();
    assert_eq!(list[0]["volumeName"], "ghost-content");
    assert_eq!(list[0]["application"]["appName"], "blog-ghost-t6y2ua");
    let id = list[0]["volumeBackupId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mounts = get(
        a,
        &format!("/api/mounts.listByServiceId?serviceId={ghost}&serviceType=application"),
        KEY,
    )
    .await
    .json();
    assert!(mounts
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m["volumeName"] == "ghost-content")));

    let (r, run, log) = run_and_watch(
        &h,
        "/api/volumeBackups.runManually",
        json!({"volumeBackupId": id}),
        &id,
        "volumeBackup",
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    assert_eq!(
        (run["status"].clone(), run["title"].clone()),
        (json!("done"), json!("Volume Backup"))
    );
    assert!(log.starts_with("Initializing volume backup\n"), "{log}");
    assert!(log.contains("Upload to S3 done ✅"), "{log}");
    let files = get(
        a,
        &format!("/api/backup.listBackupFiles?destinationId={s3}&search=blog-ghost-t6y2ua/ghost/content/"),
        KEY,
    )
    .await
    .json();
    let files = files.as_array().cloned().unwrap_or_default();
    assert_eq!(
        files.len(),
        2,
        "the seeded run's archive and this one's: {files:?}"
    );
    assert!(files.iter().all(|f| f["Name"]
        .as_str()
        .is_some_and(|n| n.starts_with("ghost-content-") && n.ends_with(".tar"))));

    // A new one named flaky-: its run fails, the call still answers nothing (like Dokploy's).
    let r = post(
        a,
        "/api/volumeBackups.create",
        KEY,
        &json!({"name": "flaky-uploads", "volumeName": "ghost-content", "prefix": "ghost/flaky",
                "cronExpression": "0 6 * * *", "destinationId": s3, "serviceType": "application",
                "applicationId": ghost, "turnOff": true}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let flaky = r.json()["volumeBackupId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = post(
        a,
        "/api/volumeBackups.runManually",
        KEY,
        &json!({"volumeBackupId": flaky}),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={flaky}&type=volumeBackup"),
        KEY,
    )
    .await
    .json();
    assert_eq!(runs[0]["status"], "error");
    let log = read_log(&h, &runs[0]).await;
    assert!(
        log.contains("Stopping application to 0 replicas") && log.contains("Failed to copy"),
        "{log}"
    );
    let one = get(
        a,
        &format!("/api/volumeBackups.one?volumeBackupId={flaky}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(one["destination"]["name"], "s3-backups");
    assert_eq!(one["application"]["environment"]["project"]["name"], "blog");
    let r = post(
        a,
        "/api/volumeBackups.delete",
        KEY,
        &json!({"volumeBackupId": flaky}),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = post(
        a,
        "/api/volumeBackups.delete",
        KEY,
        &json!({"volumeBackupId": flaky}),
    )
    .await;
    assert_eq!(r.status, 404);

    // Faults reach the new procedures like any other.
    *h.shared.faults() = skiff_sandbox::faults::parse("volumeBackups.*:503").expect("spec");
    let r = get(
        a,
        &format!("/api/volumeBackups.one?volumeBackupId={id}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 503);
}

#[tokio::test]
async fn legacy_mode_has_destinations_and_backups_but_no_schedules_or_runs() {
    let h = start(Config {
        era: Era::V0_18_4,
        deploy_step_ms: 60,
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let bearer = format!("Bearer {KEY}");
    for path in [
        "/api/schedule.list?id=x&scheduleType=application",
        "/api/volumeBackups.list?id=x&volumeBackupType=application",
        "/api/deployment.allByType?id=x&type=backup",
        "/api/backup.listBackupFiles?destinationId=x&search=a",
        "/api/overview.backups",
    ] {
        let r = request(a, "GET", path, &[("Authorization", &bearer)], None).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.json(),
            json!({"message": "Not found", "code": "NOT_FOUND"})
        );
    }
    let all = as_2024(a, "/api/destination.all", None).await;
    let d = &all[0];
    assert_eq!(d["name"], "s3-backups", "in the order they were made");
    assert!(d["adminId"].is_string() && d["accessKey"].is_string());
    assert!(d.get("additionalFlags").is_none() && d.get("organizationId").is_none());

    let pg = service_id(&h, "shop-db");
    let one = as_2024(a, &format!("/api/postgres.one?postgresId={pg}"), None).await;
    let b = &one["backups"][0];
    assert_eq!(b["prefix"], "shop/daily");
    assert!(b.get("keepLatestCount").is_none() && b.get("appName").is_none());
    assert!(b["destination"]["adminId"].is_string());
    let id = b["backupId"].as_str().unwrap_or_default().to_string();
    let one = as_2024(a, &format!("/api/backup.one?backupId={id}"), None).await;
    assert_eq!(one["postgres"]["name"], "shop-db");
    assert!(one["postgres"]["projectId"].is_string());
    // The compose backup of n8n is not one v0.18.4 could have.
    let n8n = service_id(&h, "n8n");
    let compose_backup = {
        let st = h.shared.lock();
        ids_where(&st.backups, "backupId", "composeId", &n8n)[0].clone()
    };
    let r = request(
        a,
        "GET",
        &format!("/api/backup.one?backupId={compose_backup}"),
        &[("Authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(r.status, 404);

    // A manual backup blocks and answers true; no run rows in 2024.
    let before = h.shared.lock().deployments.len();
    let started = Instant::now();
    let ok = as_2024(
        a,
        "/api/backup.manualBackupPostgres",
        Some(json!({"backupId": id})),
    )
    .await;
    assert_eq!(ok, json!(true));
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "it waits for the backup"
    );
    assert_eq!(h.shared.lock().deployments.len(), before);
    let mongo = service_id(&h, "analytics-mongo");
    let mongo_backup = {
        let st = h.shared.lock();
        ids_where(&st.backups, "backupId", "mongoId", &mongo)[0].clone()
    };
    let r = request(
        a,
        "POST",
        "/api/backup.manualBackupMongo",
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/json"),
        ],
        Some(json!({"backupId": mongo_backup}).to_string().as_bytes()),
    )
    .await;
    assert_eq!(
        r.json(),
        json!({"message": "Error running manual Mongo backup ", "code": "BAD_REQUEST"})
    );
}

// ------------------------------------------------------------------ --era v0.24.12

fn era_v0_24() -> Config {
    Config {
        era: Era::V0_24_12,
        deploy_step_ms: 60,
        ..Config::default()
    }
}

#[tokio::test]
async fn era_v0_24_12_takes_x_api_keys_has_flat_projects_and_lacks_what_came_later() {
    let h = start(era_v0_24()).await;
    let a = h.addr;
    // x-api-key, as since v0.19; a bearer token is refused.
    let r = get(a, "/api/project.all", KEY).await;
    assert_eq!(r.status, 200);
    let all = r.json();
    let p = &all[0];
    assert!(p["organizationId"].is_string());
    assert!(p.get("adminId").is_none() && p.get("environments").is_none());
    let app = &p["applications"][0];
    assert!(app["domains"].is_array() && app["projectId"].is_string());
    assert!(app.get("environmentId").is_none() && app.get("icon").is_none());
    assert!(p.get("libsql").is_none(), "no libsql before v0.25");
    let bearer = format!("Bearer {KEY}");
    let r = request(
        a,
        "GET",
        "/api/project.all",
        &[("Authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        get(a, "/api/settings.getDokployVersion", KEY).await.json(),
        "v0.24.12"
    );
    // What came later answers v0.24.12's unknown-procedure 404, after authentication.
    let lacks = [
        "organization.active",
        "application.readLogs?applicationId=x",
        "deployment.readLogs?deploymentId=x",
        "postgres.readLogs?postgresId=x",
        "redis.readLogs?redisId=x",
        "compose.readLogs?composeId=x",
        "overview.backups",
        "environment.one?environmentId=x",
        "environment.byProjectId?projectId=x",
        "libsql.one?libsqlId=x",
        "mounts.listByServiceId?serviceId=x&serviceType=application",
        "deployment.removeDeployment",
        "user.getPermissions",
    ];
    for path in lacks {
        let r = get(a, &format!("/api/{path}"), KEY).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.json(),
            json!({"message": "Not found", "code": "NOT_FOUND"}),
            "{path}"
        );
    }
    // Its inputs are checked like its zod v3 did.
    let r = get(a, "/api/schedule.list?id=x&scheduleType=hourly", KEY).await;
    assert_eq!(
        (r.status, &r.json()["issues"][0]),
        (
            400,
            &json!({"received": "hourly", "code": "invalid_enum_value",
                "options": ["application", "compose", "server", "dokploy-server"],
                "path": ["scheduleType"],
                "message": "Invalid enum value. Expected 'application' | 'compose' | 'server' | 'dokploy-server', received 'hourly'"})
        )
    );
    let r = get(a, "/api/organization.active", "wrong-key").await;
    assert_eq!(r.status, 401, "credentials first, as Dokploy's handler");
    // The stats count what was asked that the era lacks.
    let stats = request(a, "GET", "/__sandbox/stats", &[], None)
        .await
        .json();
    assert_eq!(stats["missing"]["organization.active"], 1);
    assert_eq!(stats["missing"]["application.readLogs"], 1);
    assert_eq!(stats["missing"]["overview.backups"], 1);
    assert!(stats["missing"].get("project.all").is_none());
    assert_eq!(
        stats["missing"].as_object().map(|m| m.len()),
        Some(lacks.len())
    );
    let info = request(a, "GET", "/__sandbox/info", &[], None).await.json();
    assert_eq!(
        (&info["era"], &info["legacy"]),
        (&json!("v0.24.12"), &json!(false))
    );
    // What it has: organizations, users named by `name`, its keys as full rows.
    let orgs = get(a, "/api/organization.all", KEY).await.json();
    let org = &orgs[0];
    assert_eq!(org["name"], "Acme Platform");
    assert!(org.get("members").is_none() && org.get("defaultRole").is_none());
    let id = org["id"].as_str().unwrap_or_default();
    let one = get(
        a,
        &format!("/api/organization.one?organizationId={id}"),
        KEY,
    )
    .await;
    assert_eq!(one.json(), *org);
    let none = get(a, "/api/organization.one?organizationId=nope", KEY).await;
    assert_eq!(
        (none.status, none.body.len()),
        (200, 0),
        "no row: an empty answer"
    );
    let me = get(a, "/api/user.get", KEY).await.json();
    assert_eq!(me["user"]["name"], "Ada Owner");
    assert!(me["user"].get("firstName").is_none() && me.get("isDefault").is_none());
    let key = &me["user"]["apiKeys"][0];
    assert!(key["userId"].is_string() && key.get("referenceId").is_none());
    assert_ne!(key["key"], KEY, "stored hashed");
    // Databases are made with `true`; the new one is in its project.
    let pid = p["projectId"].as_str().unwrap_or_default().to_string();
    let made = post(
        a,
        "/api/redis.create",
        KEY,
        &json!({"name": "cache-2", "appName": "cache-2", "databasePassword": "pw123456",
                "projectId": pid}),
    )
    .await;
    assert_eq!(made.json(), json!(true));
    let one = get(a, &format!("/api/project.one?projectId={pid}"), KEY)
        .await
        .json();
    assert!(one["redis"]
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x["name"] == "cache-2")));
    // A member sees the projects and services it was given, not the members.
    let mine = get(a, "/api/project.all", MEMBER_KEY).await.json();
    assert_eq!(mine.as_array().map(Vec::len), Some(2));
    let r = get(a, "/api/user.all", MEMBER_KEY).await;
    assert_eq!(
        (r.status, r.json()),
        (
            401,
            json!({"message": "UNAUTHORIZED", "code": "UNAUTHORIZED"})
        )
    );
}

#[tokio::test]
async fn era_v0_24_12_has_backups_schedules_and_volume_backups_in_its_columns() {
    let h = start(era_v0_24()).await;
    let a = h.addr;
    let pg = service_id(&h, "shop-db");
    let one = get(a, &format!("/api/postgres.one?postgresId={pg}"), KEY)
        .await
        .json();
    assert!(one["project"]["organizationId"].is_string() && one.get("environment").is_none());
    let b = &one["backups"][0];
    assert_eq!(b["prefix"], "shop/daily");
    assert!(b.get("includeEncryptionKey").is_none() && b.get("libsqlId").is_none());
    assert!(
        b["destination"]["accessKey"].is_string(),
        "v0.24.12 nests the whole destination"
    );
    assert!(b["destination"].get("additionalFlags").is_none());
    let run = &b["deployments"][0];
    assert!(run["backupId"].is_string() && run.get("buildServerId").is_none());
    let backup = b["backupId"].as_str().unwrap_or_default().to_string();
    let one = get(a, &format!("/api/backup.one?backupId={backup}"), KEY)
        .await
        .json();
    assert!(one["postgres"]["projectId"].is_string() && one.get("libsql").is_none());
    let dests = get(a, "/api/destination.all", KEY).await.json();
    assert!(dests[0]["organizationId"].is_string() && dests[0].get("additionalFlags").is_none());
    // Runs are typed as since v0.22.
    let runs = get(
        a,
        &format!("/api/deployment.allByType?id={backup}&type=backup"),
        KEY,
    )
    .await
    .json();
    assert!(runs[0]["backupId"] == backup && runs[0].get("buildServerId").is_none());

    // (the production storefront's: there is a staging one too)
    let web = {
        let st = h.shared.lock();
        let sc = st.schedules.iter().find(|s| s["name"] == "nightly-cleanup");
        sc.and_then(|s| s["applicationId"].as_str().map(String::from))
            .expect("the seeded schedule")
    };
    let list = get(
        a,
        &format!("/api/schedule.list?id={web}&scheduleType=application"),
        KEY,
    )
    .await
    .json();
    let sc = list
        .as_array()
        .and_then(|l| l.iter().find(|s| s["name"] == "nightly-cleanup"))
        .cloned()
        .expect("the seeded schedule");
    assert!(sc["application"]["projectId"].is_string() && sc["application"]["name"].is_string());
    assert!(sc.as_object().is_some_and(|m| m.contains_key("userId")));
    assert!(sc.get("timezone").is_none() && sc.get("organizationId").is_none());
    assert!(sc["deployments"][0].get("buildServerId").is_none());
    let id = sc["scheduleId"].as_str().unwrap_or_default().to_string();
    let r = post(
        a,
        "/api/schedule.runManually",
        KEY,
        &json!({"scheduleId": id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (200, json!(true)),
        "v0.24.12 answers true"
    );

    let ghost = service_id(&h, "ghost");
    let list = get(
        a,
        &format!("/api/volumeBackups.list?id={ghost}&volumeBackupType=application"),
        KEY,
    )
    .await
    .json();
    let vb = &list[0];
    assert_eq!(vb["name"], "ghost-content");
    assert!(vb["application"]["projectId"].is_string() && vb.get("libsql").is_none());
    assert!(vb.get("libsqlId").is_none() && vb.get("destination").is_none());
    let id = vb["volumeBackupId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let one = get(
        a,
        &format!("/api/volumeBackups.one?volumeBackupId={id}"),
        KEY,
    )
    .await
    .json();
    assert!(one["destination"]["secretAccessKey"].is_string());
    // v0.24.12 deletes without looking: an unknown one answers nothing either.
    let r = post(
        a,
        "/api/volumeBackups.delete",
        KEY,
        &json!({"volumeBackupId": "nope"}),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
}

#[tokio::test]
async fn stats_count_unknown_procedures_in_every_era() {
    for era in [Era::V0_30_2, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let auth = if era.bearer() {
            ("Authorization", format!("Bearer {KEY}"))
        } else {
            ("x-api-key", KEY.to_string())
        };
        let headers = [(auth.0, auth.1.as_str())];
        for path in [
            "/api/project.nope",
            "/api/project.nope",
            "/api/project.create",
        ] {
            let r = request(h.addr, "GET", path, &headers, None).await;
            assert_eq!(r.status, 404, "{era:?} {path}");
        }
        let r = request(h.addr, "GET", "/api/project.all", &headers, None).await;
        assert_eq!(r.status, 200);
        let stats = request(h.addr, "GET", "/__sandbox/stats", &[], None)
            .await
            .json();
        assert_eq!(
            stats["missing"],
            json!({"project.nope": 2, "project.create": 1}),
            "{era:?}: GET on a mutation is Dokploy's unknown procedure too"
        );
        let info = request(h.addr, "GET", "/__sandbox/info", &[], None)
            .await
            .json();
        assert_eq!(info["era"], era.version());
        assert_eq!(info["legacy"], era == Era::V0_18_4);
    }
}

#[tokio::test]
async fn cli_takes_an_era() {
    use tokio::io::AsyncBufReadExt;
    for (args, mode, version) in [
        (&["--era", "v0.24.12"][..], "API key", "v0.24.12"),
        (&["--era", "v0.18.4"][..], "Bearer token", "v0.18.4"),
        (&["--era", "v0.30.2"][..], "API key", "v0.30.2"),
    ] {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_skiff-sandbox"))
            .args(["--addr", "127.0.0.1:0", "--dist", "/nonexistent"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
            .await
            .expect("prints in time")
            .expect("read")
            .expect("a line");
        assert!(line.ends_with(&format!("({mode}: {KEY})")), "{line}");
        let url = line.split_whitespace().nth(3).unwrap_or_default();
        let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse().expect("addr");
        let auth = if mode == "API key" {
            ("x-api-key", KEY.to_string())
        } else {
            ("Authorization", format!("Bearer {KEY}"))
        };
        let r = request(
            addr,
            "GET",
            "/api/settings.getDokployVersion",
            &[(auth.0, auth.1.as_str())],
            None,
        )
        .await;
        assert_eq!(r.json(), version, "{args:?}");
        let _ = child.kill().await;
    }
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_skiff-sandbox"))
        .args(["--era", "v0.25"])
        .output()
        .await
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown era"));
}

#[tokio::test]
async fn the_git_source_is_saved_under_its_old_name_before_v0_25() {
    for era in [Era::V0_24_12, Era::V0_18_4, Era::V0_30_2] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let app = service_id(&h, "checkout-api");
        let auth = if era.bearer() {
            ("Authorization", format!("Bearer {KEY}"))
        } else {
            ("x-api-key", KEY.to_string())
        };
        let body = json!({"applicationId": app, "customGitUrl": "https://github.com/acme/api.git",
            "customGitBranch": "main", "customGitBuildPath": "/", "enableSubmodules": false});
        let r = request(
            h.addr,
            "POST",
            "/api/application.saveGitProdiver",
            &[
                (auth.0, auth.1.as_str()),
                ("Content-Type", "application/json"),
            ],
            Some(body.to_string().as_bytes()),
        )
        .await;
        if era == Era::V0_30_2 {
            assert_eq!(r.status, 404, "renamed saveGitProvider in v0.25.5");
            continue;
        }
        assert_eq!((r.status, r.json()), (200, json!(true)), "{era:?}");
        let st = h.shared.lock();
        let row = &st.services[&app].row;
        assert_eq!(
            (&row["sourceType"], &row["customGitUrl"]),
            (&json!("git"), &json!("https://github.com/acme/api.git"))
        );
    }
}

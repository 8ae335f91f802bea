//! Moving a service (`<kind>.move`): to another environment in v0.30.2, to another project in
//! v0.24.12, absent from v0.18.4; where the service shows afterwards, what stays with it, the
//! answers, the errors and members' access.

mod common;

use common::{call, get, post, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, Handle, MEMBER_KEY, VIEWER_KEY};

/// The id of the seeded service with this `appName`.
fn id_of(h: &Handle, app_name: &str) -> String {
    let st = h.shared.lock();
    st.services
        .iter()
        .find(|(_, s)| s.row.get("appName") == Some(&json!(app_name)))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no service {app_name}"))
}

/// The ids of a seeded project and of its environments.
fn project(h: &Handle, name: &str) -> (String, Vec<String>) {
    let st = h.shared.lock();
    let p = st.project_by_name(name).expect("seeded project");
    let id = p.row["projectId"].as_str().unwrap_or_default().to_string();
    (id, p.env_ids.clone())
}

const STOREFRONT: &str = "shop-storefront-x1k2p9";
const STOREFRONT_STAGING: &str = "shop-storefront-staging-q9d4rx";
const ADMIN_PANEL: &str = "tools-admin-panel-b1x5cz";

/// One seeded service of each kind: (router, appName).
const ONE_OF_EACH: [(&str, &str); 8] = [
    ("application", STOREFRONT),
    ("compose", "shop-monitoring-h5w3ke"),
    ("postgres", "shop-db-7f3k2a"),
    ("mysql", "blog-mysql-r8e1wo"),
    ("mariadb", "blog-comments-db-f3n7lp"),
    ("mongo", "tools-analytics-mongo-g7u3hq"),
    ("redis", "shop-cache-p2l9sd"),
    ("libsql", "tools-feature-flags-w2s6jd"),
];

fn id_key(router: &str) -> String {
    format!("{router}Id")
}

async fn one(h: &Handle, router: &str, id: &str) -> Value {
    let path = format!("/api/{router}.one?{}={id}", id_key(router));
    let r = get(h.addr, &path, KEY).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json()
}

/// The ids a list of services (`applications`, `postgres`, ...) holds.
fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x[key].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The services of kind `router` under environment `env` of `project.one` / `project.all`.
fn listed(project: &Value, env: &str, router: &str) -> Vec<String> {
    let list_key = if router == "application" {
        "applications"
    } else {
        router
    };
    project["environments"]
        .as_array()
        .and_then(|envs| envs.iter().find(|e| e["environmentId"] == env))
        .map(|e| ids(&e[list_key], &id_key(router)))
        .unwrap_or_default()
}

/// `one` without what moves with the service: its environment.
fn unmoved(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("environmentId");
        m.remove("environment");
    }
    v
}

fn msg(r: &common::Resp) -> (u16, String) {
    (
        r.status,
        r.json()["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn a_moved_service_hangs_under_its_new_environment_everywhere() {
    let h = start_default().await;
    let a = h.addr;
    let (shop, shop_envs) = project(&h, "shop");
    let (production, staging) = (shop_envs[0].clone(), shop_envs[1].clone());
    let web = id_of(&h, STOREFRONT);
    let before = one(&h, "application", &web).await;
    assert!(before["domains"].as_array().is_some_and(|d| !d.is_empty()));
    assert!(before["deployments"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));

    let r = post(
        a,
        "/api/application.move",
        KEY,
        &json!({"applicationId": web, "targetEnvironmentId": staging}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The whole updated row: the application's columns, no relations.
    let row = r.json();
    assert_eq!(row["environmentId"], json!(staging));
    let columns = row.as_object().map(|m| m.len()).unwrap_or_default();
    assert_eq!(columns, 101, "the application table's columns");
    for (k, v) in row.as_object().into_iter().flatten() {
        if k != "environmentId" {
            assert_eq!(&before[k], v, "{k} unchanged");
        }
    }

    // Its one: the new environment nested, everything else as before.
    let after = one(&h, "application", &web).await;
    assert_eq!(after["environmentId"], json!(staging));
    assert_eq!(after["environment"]["environmentId"], json!(staging));
    assert_eq!(after["environment"]["name"], "staging");
    assert_eq!(after["environment"]["project"]["projectId"], json!(shop));
    assert_eq!(unmoved(after), unmoved(before));

    // The environments list it under staging, after staging's own storefront.
    let staging_one = get(
        a,
        &format!("/api/environment.one?environmentId={staging}"),
        KEY,
    )
    .await
    .json();
    let staged = ids(&staging_one["applications"], "applicationId");
    assert_eq!(staged.len(), 2);
    assert_eq!(staged.last(), Some(&web));
    let production_one = get(
        a,
        &format!("/api/environment.one?environmentId={production}"),
        KEY,
    )
    .await
    .json();
    assert!(!ids(&production_one["applications"], "applicationId").contains(&web));
    let p = get(a, &format!("/api/project.one?projectId={shop}"), KEY)
        .await
        .json();
    assert!(listed(&p, &staging, "application").contains(&web));
    assert!(!listed(&p, &production, "application").contains(&web));
    let all = get(a, "/api/project.all", KEY).await.json();
    let p = all
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["projectId"] == json!(shop)))
        .cloned()
        .expect("shop in project.all");
    assert!(listed(&p, &staging, "application").contains(&web));
    assert!(!listed(&p, &production, "application").contains(&web));
    let by_project = get(
        a,
        &format!("/api/environment.byProjectId?projectId={shop}"),
        KEY,
    )
    .await
    .json();
    let wrapped = json!({"environments": by_project});
    assert!(listed(&wrapped, &staging, "application").contains(&web));

    // Moved where it is: the row, nothing changes.
    let r = post(
        a,
        "/api/application.move",
        KEY,
        &json!({"applicationId": web, "targetEnvironmentId": staging}),
    )
    .await;
    assert_eq!(r.json(), row);
    let again = get(
        a,
        &format!("/api/environment.one?environmentId={staging}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(ids(&again["applications"], "applicationId"), staged);
}

#[tokio::test]
async fn every_kind_moves_to_another_project_and_back() {
    let h = start_default().await;
    let a = h.addr;
    let r = post(
        a,
        "/api/environment.create",
        KEY,
        &json!({"name": "elsewhere", "projectId": project(&h, "internal-tools").0}),
    )
    .await;
    let elsewhere = r.json()["environmentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut homes = Vec::new();
    for (router, app_name) in ONE_OF_EACH {
        let id = id_of(&h, app_name);
        let before = one(&h, router, &id).await;
        let home = before["environmentId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let r = post(
            a,
            &format!("/api/{router}.move"),
            KEY,
            &json!({id_key(router): id, "targetEnvironmentId": elsewhere}),
        )
        .await;
        assert_eq!(r.status, 200, "{router}: {}", r.text());
        let row = r.json();
        assert_eq!(row[id_key(router)], json!(id), "{router}");
        assert_eq!(row["environmentId"], json!(elsewhere), "{router}");
        assert!(row.get("environment").is_none(), "{router}: the row only");
        // Its backups, mounts, deployments and domains go with it.
        let after = one(&h, router, &id).await;
        assert_eq!(after["environment"]["name"], "elsewhere", "{router}");
        assert_eq!(
            after["environment"]["project"]["name"], "internal-tools",
            "{router}"
        );
        assert_eq!(unmoved(after), unmoved(before), "{router}");
        homes.push((router, id, home));
    }
    let env = get(
        a,
        &format!("/api/environment.one?environmentId={elsewhere}"),
        KEY,
    )
    .await
    .json();
    for (router, id, home) in &homes {
        let list_key = if *router == "application" {
            "applications"
        } else {
            router
        };
        assert_eq!(
            ids(&env[list_key], &id_key(router)),
            std::slice::from_ref(id),
            "{router}"
        );
        let r = post(
            a,
            &format!("/api/{router}.move"),
            KEY,
            &json!({id_key(router): id, "targetEnvironmentId": home}),
        )
        .await;
        assert_eq!(r.status, 200, "{router} back: {}", r.text());
        let back = one(&h, router, id).await;
        assert_eq!(back["environmentId"], json!(home), "{router}");
    }
    let env = get(
        a,
        &format!("/api/environment.one?environmentId={elsewhere}"),
        KEY,
    )
    .await
    .json();
    for (router, _, _) in &homes {
        let list_key = if *router == "application" {
            "applications"
        } else {
            router
        };
        assert_eq!(env[list_key], json!([]), "{router}");
    }
}

#[tokio::test]
async fn errors_are_dokploys() {
    let h = start_default().await;
    let a = h.addr;
    let (_, shop_envs) = project(&h, "shop");
    let staging = shop_envs[1].clone();
    let web = id_of(&h, STOREFRONT);
    // An unknown target: the failed update, word for word as recorded (with this application's
    // id).
    let recorded: Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::recordings_dir().join("v0.30.2/application.move.unknown-target.json"),
        )
        .expect("the recording"),
    )
    .expect("JSON");
    let r = post(
        a,
        "/api/application.move",
        KEY,
        &json!({"applicationId": web, "targetEnvironmentId": "doesNotExist123"}),
    )
    .await;
    let mut want = recorded["body"].clone();
    let message = want["message"]
        .as_str()
        .unwrap_or_default()
        .replace("AZwbDNdtnDEzWLcfqeGXT", &web);
    want["message"] = json!(message);
    assert_eq!((r.status, r.json()), (500, want));
    // Every kind's: the table's columns, the target and the id.
    let pg = id_of(&h, "shop-db-7f3k2a");
    let r = post(
        a,
        "/api/postgres.move",
        KEY,
        &json!({"postgresId": pg, "targetEnvironmentId": ""}),
    )
    .await;
    let (status, message) = msg(&r);
    assert_eq!(status, 500);
    assert!(
        message.starts_with(
            "Failed query: update \"postgres\" set \"environmentId\" = $1 where \
             \"postgres\".\"postgresId\" = $2 returning \"postgresId\", \"name\", "
        ),
        "{message}"
    );
    assert!(message.ends_with(&format!("\nparams: ,{pg}")), "{message}");
    let cache = id_of(&h, "shop-cache-p2l9sd");
    let r = post(
        a,
        "/api/redis.move",
        KEY,
        &json!({"redisId": cache, "targetEnvironmentId": "nope"}),
    )
    .await;
    assert!(msg(&r)
        .1
        .contains("\"description\", \"password\", \"dockerImage\""));
    // An unknown service (or one of another kind) updates no row.
    for (router, _) in ONE_OF_EACH {
        let r = post(
            a,
            &format!("/api/{router}.move"),
            KEY,
            &json!({id_key(router): "doesNotExist123", "targetEnvironmentId": staging}),
        )
        .await;
        assert_eq!(msg(&r), (500, format!("Failed to move {router}")));
        assert_eq!(r.json()["code"], "INTERNAL_SERVER_ERROR");
    }
    let r = post(
        a,
        "/api/postgres.move",
        KEY,
        &json!({"postgresId": web, "targetEnvironmentId": staging}),
    )
    .await;
    assert_eq!(msg(&r), (500, "Failed to move postgres".into()));
    // Inputs are checked first.
    let r = post(a, "/api/compose.move", KEY, &json!({"composeId": "x"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["issues"][0]["path"],
        json!(["targetEnvironmentId"])
    );
    // Nothing moved.
    let after = one(&h, "application", &web).await;
    assert_eq!(after["environment"]["name"], "production");
    let pg_after = one(&h, "postgres", &pg).await;
    assert_eq!(pg_after["environment"]["name"], "production");
}

#[tokio::test]
async fn members_need_the_service_and_the_permission() {
    let h = start_default().await;
    let a = h.addr;
    let (_, shop_envs) = project(&h, "shop");
    let staging = shop_envs[1].clone();
    let web = id_of(&h, STOREFRONT);
    let panel = id_of(&h, ADMIN_PANEL);
    let body = |id: &str| json!({"applicationId": id, "targetEnvironmentId": staging});
    // Maya has storefront, not admin-panel (nor an unknown one).
    for id in [panel.as_str(), "doesNotExist123"] {
        let r = post(a, "/api/application.move", MEMBER_KEY, &body(id)).await;
        assert_eq!(
            msg(&r),
            (401, "You don't have access to this service".into()),
            "{id}"
        );
    }
    let r = post(a, "/api/application.move", MEMBER_KEY, &body(&web)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["environmentId"], json!(staging));
    // Sam, given API access and admin-panel but not the permission to create services, may not.
    let users = get(a, "/api/user.all", KEY).await.json();
    let sam = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Sam"))
        .map(|u| u["userId"].clone())
        .expect("Sam");
    let r = post(a, "/api/user.assignPermissions", KEY, &json!({
        "id": sam, "accessedProjects": [], "accessedEnvironments": [], "accessedServices": [panel],
        "accessedGitProviders": [], "accessedServers": [], "canCreateProjects": false,
        "canCreateServices": false, "canDeleteProjects": false, "canDeleteServices": false,
        "canAccessToDocker": false, "canAccessToTraefikFiles": false, "canAccessToAPI": true,
        "canAccessToSSHKeys": false, "canAccessToGitProviders": false,
        "canDeleteEnvironments": false, "canCreateEnvironments": false,
    }))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post(a, "/api/application.move", VIEWER_KEY, &body(&panel)).await;
    assert_eq!(msg(&r), (401, "Permission denied".into()));
    assert_eq!(
        one(&h, "application", &panel).await["environment"]["name"],
        "production"
    );
}

#[tokio::test]
async fn v0_24_12_moves_to_a_project() {
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let key = ("x-api-key", KEY);
    let (shop, _) = project(&h, "shop");
    let (tools, tools_envs) = project(&h, "internal-tools");
    let web = id_of(&h, STOREFRONT);
    let path = format!("/api/application.one?applicationId={web}");
    let before = call(&h, key, &path, None).await.json();
    let r = call(
        &h,
        key,
        "/api/application.move",
        Some(json!({"applicationId": web, "targetProjectId": tools})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The updated row in v0.24.12's columns (those of its recorded application.create).
    let row = r.json();
    assert_eq!(row["projectId"], json!(tools));
    let recorded: Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::recordings_dir().join("legacy/v0.24.12/_exchanges/application.create.json"),
        )
        .expect("the recording"),
    )
    .expect("JSON");
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    };
    assert_eq!(keys(&row), keys(&recorded["body"]));
    // Its one nests the project; its domains, deployments, mounts, ... stay.
    let after = call(&h, key, &path, None).await.json();
    assert_eq!(after["project"]["projectId"], json!(tools));
    let strip = |mut v: Value| {
        if let Some(m) = v.as_object_mut() {
            m.remove("projectId");
            m.remove("project");
        }
        v
    };
    assert_eq!(strip(after), strip(before));
    // The projects list it where it went, in the project's default environment underneath.
    let listed_in = |p: &Value| ids(&p["applications"], "applicationId").contains(&web);
    let p = call(
        &h,
        key,
        &format!("/api/project.one?projectId={tools}"),
        None,
    )
    .await
    .json();
    assert!(listed_in(&p));
    let p = call(&h, key, &format!("/api/project.one?projectId={shop}"), None)
        .await
        .json();
    assert!(!listed_in(&p));
    let all = call(&h, key, "/api/project.all", None).await.json();
    let in_all = |pid: &str| {
        all.as_array()
            .and_then(|ps| ps.iter().find(|p| p["projectId"] == json!(pid)))
            .is_some_and(listed_in)
    };
    assert!(in_all(&tools) && !in_all(&shop));
    assert_eq!(
        h.shared.lock().services[&web].row["environmentId"],
        json!(tools_envs[0])
    );
    // A service moved to the project it is in stays in its environment (staging, here).
    let staged = id_of(&h, STOREFRONT_STAGING);
    let env_before = h.shared.lock().services[&staged].row["environmentId"].clone();
    let r = call(
        &h,
        key,
        "/api/application.move",
        Some(json!({"applicationId": staged, "targetProjectId": shop})),
    )
    .await;
    assert_eq!(r.json()["projectId"], json!(shop));
    assert_eq!(
        h.shared.lock().services[&staged].row["environmentId"],
        env_before
    );
    // A database answers its row too.
    let pg = id_of(&h, "shop-db-7f3k2a");
    let r = call(
        &h,
        key,
        "/api/postgres.move",
        Some(json!({"postgresId": pg, "targetProjectId": tools})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["projectId"], json!(tools));
    assert!(r.json().get("environmentId").is_none());
    // Errors: the service looked up first, then the project; zod v3's issues.
    let r = call(
        &h,
        key,
        "/api/mysql.move",
        Some(json!({"mysqlId": "nope", "targetProjectId": "nope"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            404,
            json!({"message": "MySql not found", "code": "NOT_FOUND"})
        )
    );
    let r = call(
        &h,
        key,
        "/api/compose.move",
        Some(json!({"composeId": id_of(&h, "shop-monitoring-h5w3ke"), "targetProjectId": "nope"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            404,
            json!({"message": "Project not found", "code": "NOT_FOUND"})
        )
    );
    let r = call(
        &h,
        key,
        "/api/application.move",
        Some(json!({"applicationId": web, "targetEnvironmentId": tools_envs[0]})),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["issues"][0]["message"], "Required");
    assert_eq!(r.json()["issues"][0]["path"], json!(["targetProjectId"]));
    // No libsql yet; members as everywhere in the sandbox.
    let r = call(
        &h,
        key,
        "/api/libsql.move",
        Some(json!({"libsqlId": "x", "targetProjectId": tools})),
    )
    .await;
    assert_eq!(r.status, 404);
    let r = call(
        &h,
        ("x-api-key", MEMBER_KEY),
        "/api/application.move",
        Some(json!({"applicationId": id_of(&h, ADMIN_PANEL), "targetProjectId": shop})),
    )
    .await;
    assert_eq!(
        msg(&r),
        (401, "You don't have access to this service".into())
    );
}

#[tokio::test]
async fn v0_18_4_has_no_move() {
    let h = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let bearer = format!("Bearer {KEY}");
    let web = id_of(&h, STOREFRONT);
    let (tools, _) = project(&h, "internal-tools");
    let r = call(
        &h,
        ("Authorization", bearer.as_str()),
        "/api/application.move",
        Some(json!({"applicationId": web, "targetProjectId": tools})),
    )
    .await;
    assert_eq!(r.status, 404);
    let stats = get(h.addr, "/__sandbox/stats", KEY).await.json();
    assert_eq!(stats["missing"]["application.move"], 1);
    let (shop, _) = project(&h, "shop");
    let st = h.shared.lock();
    let env = st.services[&web].row["environmentId"]
        .as_str()
        .map(String::from);
    let project_of = env.and_then(|e| st.environments.get(&e).map(|e| e.row["projectId"].clone()));
    assert_eq!(project_of, Some(json!(shop)));
}

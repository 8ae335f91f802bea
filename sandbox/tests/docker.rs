//! Containers and monitoring (`docker.*`, `application.readAppMonitoring`): the seeded
//! containers, each answer's shape, restarts, the containers following the services' status, the
//! stats series, members, the older eras, `--no-docker` and its control route, reset and faults.

mod common;

use std::time::Duration;

use common::{call, get, post, request, service_id, start, start_default, Resp, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, Handle, MEMBER_KEY};

const STOREFRONT: &str = "shop-storefront-x1k2p9";
const SHOP_DB: &str = "shop-db-7f3k2a";
const MONITORING: &str = "shop-monitoring-h5w3ke";
const N8N: &str = "tools-n8n-e4k9mv";
const COMMENTS_DB: &str = "blog-comments-db-f3n7lp";

async fn list(h: &Handle, path: &str) -> Vec<Value> {
    let r = get(h.addr, &format!("/api/{path}"), KEY).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json().as_array().cloned().unwrap_or_default()
}

async fn restart(h: &Handle, container: &str) -> Resp {
    post(
        h.addr,
        "/api/docker.restartContainer",
        KEY,
        &json!({"containerId": container}),
    )
    .await
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

fn names(list: &[Value]) -> Vec<&str> {
    list.iter().filter_map(|c| c["name"].as_str()).collect()
}

/// `shop-db-7f3k2a.1.<25 lower-case letters and digits>`.
fn is_task_container(name: &str, app: &str, slot: u32) -> bool {
    name.strip_prefix(&format!("{app}.{slot}."))
        .is_some_and(|id| {
            id.len() == 25
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_short_id(id: &Value) -> bool {
    id.as_str()
        .is_some_and(|i| i.len() == 12 && i.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn error_message(r: &Resp) -> (u16, String) {
    (
        r.status,
        r.json()["message"].as_str().unwrap_or_default().to_string(),
    )
}

/// Waits until the service's status is `want` (deploys take a few short steps in the tests).
async fn wait_status(h: &Handle, app: &str, want: &str) {
    let id = service_id(h, app);
    for _ in 0..400 {
        let status = {
            let st = h.shared.lock();
            st.services
                .get(&id)
                .and_then(|svc| svc.row.get(svc.kind.status_key()).cloned())
        };
        if status == Some(json!(want)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{app} never became {want}");
}

#[tokio::test]
async fn seeded_containers_follow_the_services() {
    let h = start_default().await;
    let all = list(&h, "docker.getContainers").await;
    for c in &all {
        assert_eq!(
            keys(c),
            ["containerId", "image", "name", "ports", "state", "status"]
        );
        assert!(is_short_id(&c["containerId"]), "{c}");
    }
    let by_name = |prefix: &str| -> Vec<&Value> {
        all.iter()
            .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with(prefix)))
            .collect()
    };
    // storefront: two replicas, up since its last deploy three hours ago
    let web = by_name(&format!("{STOREFRONT}."));
    assert_eq!(web.len(), 2);
    for (slot, c) in [1, 2].into_iter().zip(&web) {
        assert!(is_task_container(
            c["name"].as_str().unwrap_or_default(),
            STOREFRONT,
            slot
        ));
        assert_eq!(
            (&c["state"], &c["status"]),
            (&json!("running"), &json!("Up 3 hours"))
        );
        assert_eq!(c["image"], format!("{STOREFRONT}:latest"));
    }
    let db = by_name(&format!("{SHOP_DB}."));
    assert_eq!(db.len(), 1);
    assert_eq!(
        (&db[0]["status"], &db[0]["image"], &db[0]["ports"]),
        (
            &json!("Up 8 weeks"),
            &json!("postgres:17"),
            &json!("5432/tcp")
        )
    );
    // the monitoring compose: one container per service of its file
    let mon = by_name(MONITORING);
    assert_eq!(
        names(&mon.iter().map(|c| (*c).clone()).collect::<Vec<_>>()),
        [
            "shop-monitoring-h5w3ke-grafana-1",
            "shop-monitoring-h5w3ke-prometheus-1"
        ]
    );
    assert!(mon.iter().all(|c| c["status"] == "Up 10 days"));
    assert_eq!(mon[0]["image"], "grafana/grafana:11.1.0");
    // failed: n8n's compose and comments-db have exited with 1
    let n8n = by_name(N8N);
    assert_eq!(n8n.len(), 2);
    assert!(n8n
        .iter()
        .all(|c| c["state"] == "exited" && c["status"] == "Exited (1) 12 days ago"));
    assert_eq!(by_name(COMMENTS_DB)[0]["status"], "Exited (1) 4 weeks ago");
    // never deployed, or never deployed successfully: none
    for app in [
        "tools-admin-panel-b1x5cz",
        "shop-storefront-staging-q9d4rx",
        "shop-db-staging-k2j8wm",
        "shop-flaky-worker-c7v1nb",
    ] {
        assert!(by_name(app).is_empty(), "{app} has containers");
    }
    // newest first, and the same ids in every run
    assert_eq!(all[0]["name"], web[0]["name"]);
    let other = start_default().await;
    let again = list(&other, "docker.getContainers").await;
    assert_eq!(
        all.iter().map(|c| &c["containerId"]).collect::<Vec<_>>(),
        again.iter().map(|c| &c["containerId"]).collect::<Vec<_>>()
    );
    assert_eq!(names(&all), names(&again));
}

#[tokio::test]
async fn each_list_has_dokploys_shape() {
    let h = start_default().await;
    // by name (grep '^.*Name: APP'): every container whose name starts with it
    let web = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
    )
    .await;
    assert_eq!(web.len(), 2);
    assert_eq!(keys(&web[0]), ["containerId", "name", "state", "status"]);
    let shop = list(&h, "docker.getContainersByAppNameMatch?appName=shop-").await;
    assert_eq!(shop.len(), 2 + 1 + 1 + 1 + 2, "{:?}", names(&shop));
    // a compose project
    let mon = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={MONITORING}&appType=docker-compose"),
    )
    .await;
    assert_eq!(mon.len(), 2);
    assert_eq!(mon[0]["status"], "Up 10 days");
    let by_project = list(
        &h,
        "docker.getContainersByAppNameMatch?appName=shop-monitoring&appType=docker-compose",
    )
    .await;
    assert!(by_project.is_empty(), "the project label matches exactly");
    // the swarm tasks of a service: the running ones and those their last update replaced
    let tasks = list(
        &h,
        &format!("docker.getServiceContainersByAppName?appName={STOREFRONT}"),
    )
    .await;
    assert_eq!(tasks.len(), 4);
    assert_eq!(
        keys(&tasks[0]),
        [
            "containerId",
            "currentState",
            "error",
            "name",
            "node",
            "state"
        ]
    );
    let summary: Vec<(&str, &str, &str)> = tasks
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or_default(),
                t["state"].as_str().unwrap_or_default(),
                t["currentState"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("shop-storefront-x1k2p9.1", "running", "Running 3 hours ago"),
            (
                "shop-storefront-x1k2p9.1",
                "shutdown",
                "Shutdown 3 hours ago"
            ),
            ("shop-storefront-x1k2p9.2", "running", "Running 3 hours ago"),
            (
                "shop-storefront-x1k2p9.2",
                "shutdown",
                "Shutdown 3 hours ago"
            ),
        ]
    );
    assert!(tasks
        .iter()
        .all(|t| t["node"] == "dokploy-node-1" && t["error"] == ""));
    assert!(tasks
        .iter()
        .all(|t| t["containerId"].as_str().map(str::len) == Some(25)));
    // the running task's id is the one in its container's name
    let running_task = tasks[0]["containerId"].as_str().unwrap_or_default();
    assert!(names(&web).iter().any(|n| n.ends_with(running_task)));
    let failed = list(
        &h,
        &format!("docker.getServiceContainersByAppName?appName={COMMENTS_DB}"),
    )
    .await;
    assert_eq!(
        (
            &failed[0]["state"],
            &failed[0]["currentState"],
            &failed[0]["error"]
        ),
        (
            &json!("shutdown"),
            &json!("Failed 4 weeks ago"),
            &json!("task: non-zero exit (1)")
        )
    );
    assert!(
        list(&h, "docker.getServiceContainersByAppName?appName=nope")
            .await
            .is_empty()
    );
    // by label: running containers only
    let swarm = list(
        &h,
        &format!("docker.getContainersByAppLabel?appName={SHOP_DB}&type=swarm"),
    )
    .await;
    assert_eq!(swarm.len(), 1);
    assert_eq!(keys(&swarm[0]), ["containerId", "name", "state"]);
    let standalone = list(
        &h,
        &format!("docker.getContainersByAppLabel?appName={MONITORING}&type=standalone"),
    )
    .await;
    assert_eq!(standalone.len(), 2);
    assert!(list(
        &h,
        &format!("docker.getContainersByAppLabel?appName={N8N}&type=standalone")
    )
    .await
    .is_empty());
    // a stack is not a compose project: nothing for the seeded composes
    assert!(list(
        &h,
        &format!("docker.getStackContainersByAppName?appName={MONITORING}")
    )
    .await
    .is_empty());
    // docker inspect
    let id = web[0]["containerId"].as_str().unwrap_or_default();
    let config = get(
        h.addr,
        &format!("/api/docker.getConfig?containerId={id}"),
        KEY,
    )
    .await
    .json();
    assert!(config["Id"]
        .as_str()
        .is_some_and(|full| full.starts_with(id) && full.len() == 64));
    assert_eq!(
        config["Name"],
        format!("/{}", web[0]["name"].as_str().unwrap_or_default())
    );
    assert_eq!(config["State"]["Running"], true);
    assert_eq!(
        config["Config"]["Labels"]["com.docker.swarm.service.name"],
        STOREFRONT
    );
    let unknown = get(h.addr, "/api/docker.getConfig?containerId=abc", KEY).await;
    assert_eq!((unknown.status, unknown.body.len()), (200, 0));
}

#[tokio::test]
async fn a_stack_compose_runs_swarm_tasks() {
    let h = start_default().await;
    let env = {
        let st = h.shared.lock();
        st.project_by_name("shop").expect("shop").env_ids[0].clone()
    };
    let r = post(
        h.addr,
        "/api/compose.create",
        KEY,
        &json!({"name": "queue", "environmentId": env, "composeType": "stack", "appName": "queue",
            "composeFile": "services:\n  broker:\n    image: rabbitmq:3\n  worker:\n    image: acme/worker:2\n"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let compose = r.json();
    let (id, app) = (
        compose["composeId"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        compose["appName"].as_str().unwrap_or_default().to_string(),
    );
    assert!(list(
        &h,
        &format!("docker.getStackContainersByAppName?appName={app}")
    )
    .await
    .is_empty());
    let r = post(
        h.addr,
        "/api/compose.deploy",
        KEY,
        &json!({"composeId": id}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    wait_status(&h, &app, "done").await;
    let tasks = list(
        &h,
        &format!("docker.getStackContainersByAppName?appName={app}"),
    )
    .await;
    assert_eq!(
        names(&tasks),
        [format!("{app}_broker.1"), format!("{app}_worker.1")]
    );
    assert_eq!(
        keys(&tasks[0]),
        [
            "containerId",
            "currentState",
            "error",
            "name",
            "node",
            "state"
        ]
    );
    assert!(tasks[0]["currentState"]
        .as_str()
        .is_some_and(|s| s.starts_with("Running ") && s.ends_with(" ago")));
    let stack = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={app}&appType=stack"),
    )
    .await;
    assert_eq!(stack.len(), 2);
    assert_eq!(
        keys(&stack[0]),
        ["containerId", "name", "node", "state", "status"]
    );
    assert!(is_short_id(&stack[0]["containerId"]));
    let task = tasks[0]["containerId"].as_str().unwrap_or_default();
    assert_eq!(stack[0]["name"], format!("{app}_broker.1.{task}"));
    assert_eq!(
        (&stack[0]["state"], &stack[0]["status"], &stack[0]["node"]),
        (
            &json!("running"),
            &tasks[0]["currentState"],
            &json!("dokploy-node-1")
        )
    );
    let swarm = list(
        &h,
        &format!("docker.getContainersByAppLabel?appName={app}_worker&type=swarm"),
    )
    .await;
    assert_eq!(swarm.len(), 1);
    // not a compose project
    assert!(list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={app}&appType=docker-compose")
    )
    .await
    .is_empty());
}

#[tokio::test]
async fn restarting_a_container() {
    let h = start_default().await;
    let web = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
    )
    .await;
    let id = web[0]["containerId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = restart(&h, &id).await;
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    let after = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
    )
    .await;
    assert_eq!(after[0]["status"], "Up Less than a second");
    assert_eq!(after[0]["containerId"], id, "a restart keeps the container");
    assert_eq!(after[1]["status"], "Up 3 hours");
    // by name, and an exited container starts again
    let n8n = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={N8N}"),
    )
    .await;
    let name = n8n[0]["name"].as_str().unwrap_or_default().to_string();
    assert_eq!(restart(&h, &name).await.status, 200);
    let n8n = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={N8N}"),
    )
    .await;
    let restarted = n8n.iter().find(|c| c["name"] == name).expect("restarted");
    assert_eq!(
        (&restarted["state"], &restarted["status"]),
        (&json!("running"), &json!("Up Less than a second"))
    );
    // errors as Dokploy's
    let r = restart(&h, "doesNotExist123").await;
    assert_eq!(
        r.json(),
        json!({
            "message": "Command execution failed: Command failed: docker container restart doesNotExist123\nError response from daemon: No such container: doesNotExist123\n",
            "code": "INTERNAL_SERVER_ERROR",
            "data": {"code": "INTERNAL_SERVER_ERROR", "httpStatus": 500,
                "path": "docker.restartContainer", "zodError": null},
        })
    );
    let r = restart(&h, "abc;rm -rf /").await;
    assert_eq!(r.status, 400);
    let body = r.json();
    assert_eq!(
        body["data"]["zodError"]["fieldErrors"]["containerId"],
        json!(["Invalid container id."])
    );
    assert_eq!(body["issues"][0]["pattern"], "/^[a-zA-Z0-9.\\-_]+$/");
    let r = get(
        h.addr,
        "/api/docker.getContainersByAppNameMatch?appName=bad+name%3Bls",
        KEY,
    )
    .await;
    assert_eq!(
        r.json()["data"]["zodError"]["fieldErrors"]["appName"],
        json!(["Invalid app name."])
    );
    let r = get(
        h.addr,
        &format!("/api/docker.getContainersByAppLabel?appName={STOREFRONT}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["issues"][0]["code"], "invalid_value");
}

#[tokio::test]
async fn containers_follow_starts_stops_and_deploys() {
    let h = start_default().await;
    let web = service_id(&h, STOREFRONT);
    let tasks = |h: &Handle| {
        let h = h.addr;
        async move {
            get(
                h,
                &format!("/api/docker.getServiceContainersByAppName?appName={STOREFRONT}"),
                KEY,
            )
            .await
            .json()
        }
    };
    let before = tasks(&h).await;
    let r = post(
        h.addr,
        "/api/application.stop",
        KEY,
        &json!({"applicationId": web}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let stopped = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
    )
    .await;
    assert!(stopped
        .iter()
        .all(|c| c["state"] == "exited" && c["status"] == "Exited (0) Less than a second ago"));
    let t = tasks(&h).await;
    assert_eq!(
        (&t[0]["state"], &t[0]["currentState"]),
        (
            &json!("shutdown"),
            &json!("Shutdown less than a second ago")
        )
    );
    assert_eq!(t[0]["containerId"], before[0]["containerId"]);
    let monitoring = get(
        h.addr,
        &format!("/api/application.readAppMonitoring?appName={STOREFRONT}"),
        KEY,
    )
    .await;
    assert_eq!(monitoring.text(), "null", "no running container");
    // started again: new tasks
    let r = post(
        h.addr,
        "/api/application.start",
        KEY,
        &json!({"applicationId": web}),
    )
    .await;
    assert_eq!(r.status, 200);
    let t = tasks(&h).await;
    assert_eq!(t[0]["currentState"], "Running less than a second ago");
    assert_ne!(t[0]["containerId"], before[0]["containerId"]);
    // a database stopped after it ran keeps its exited container; one never deployed has none
    let db = service_id(&h, SHOP_DB);
    let r = post(
        h.addr,
        "/api/postgres.stop",
        KEY,
        &json!({"postgresId": db}),
    )
    .await;
    assert_eq!(r.status, 200);
    let c = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={SHOP_DB}"),
    )
    .await;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["status"], "Exited (0) Less than a second ago");
    // a first deploy: containers once it runs
    let panel = "tools-admin-panel-b1x5cz";
    let id = service_id(&h, panel);
    assert!(list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={panel}")
    )
    .await
    .is_empty());
    let r = post(
        h.addr,
        "/api/application.deploy",
        KEY,
        &json!({"applicationId": id}),
    )
    .await;
    assert_eq!(r.status, 200);
    wait_status(&h, panel, "done").await;
    let c = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={panel}"),
    )
    .await;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["state"], "running");
    // a redeploy replaces the task
    let first = c[0]["name"].clone();
    let r = post(
        h.addr,
        "/api/application.redeploy",
        KEY,
        &json!({"applicationId": id}),
    )
    .await;
    assert_eq!(r.status, 200);
    wait_status(&h, panel, "done").await;
    let c = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={panel}"),
    )
    .await;
    assert_ne!(c[0]["name"], first);
}

#[tokio::test]
async fn monitoring_series() {
    let h = start_default().await;
    let stats = |app: &'static str| {
        let addr = h.addr;
        async move {
            get(
                addr,
                &format!("/api/application.readAppMonitoring?appName={app}"),
                KEY,
            )
            .await
        }
    };
    let before = skiff_sandbox::util::now_ms();
    let r = stats(SHOP_DB).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(keys(&v), ["block", "cpu", "disk", "memory", "network"]);
    assert_eq!(v["disk"], json!([]));
    for key in ["cpu", "memory", "block", "network"] {
        assert_eq!(v[key].as_array().map(Vec::len), Some(60), "{key}");
    }
    assert_eq!(keys(&v["memory"][0]), ["time", "value"]);
    assert!(v["cpu"][0]["value"]
        .as_str()
        .is_some_and(|c| c.ends_with('%')));
    assert_eq!(v["memory"][0]["value"]["total"], "1.944GiB");
    assert!(v["memory"][0]["value"]["used"]
        .as_str()
        .is_some_and(|u| u.ends_with("MiB")));
    assert_eq!(keys(&v["block"][0]["value"]), ["readMb", "writeMb"]);
    assert_eq!(keys(&v["network"][0]["value"]), ["inputMb", "outputMb"]);
    // a minute apart, the last one now
    let times: Vec<&str> = v["cpu"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["time"].as_str()).collect())
        .unwrap_or_default();
    let last = skiff_sandbox::util::iso(before);
    assert!(times[59] >= &last[..16], "{} vs {last}", times[59]);
    let mut growing = [0.0f64; 4];
    for i in 0..60 {
        let now = [
            v["network"][i]["value"]["inputMb"].as_f64().unwrap_or(-1.0),
            v["network"][i]["value"]["outputMb"]
                .as_f64()
                .unwrap_or(-1.0),
            v["block"][i]["value"]["readMb"].as_f64().unwrap_or(-1.0),
            v["block"][i]["value"]["writeMb"].as_f64().unwrap_or(-1.0),
        ];
        assert!(now.iter().zip(&growing).all(|(n, g)| n >= g), "point {i}");
        growing = now;
    }
    // the storefront's memory limit is its total
    let web = stats(STOREFRONT).await.json();
    assert_eq!(web["memory"][0]["value"]["total"], "1GiB");
    // no running container of that swarm service: null
    for app in [MONITORING, "tools-admin-panel-b1x5cz", COMMENTS_DB, "nope"] {
        let r = stats(app).await;
        assert_eq!((r.status, r.text()), (200, "null".to_string()), "{app}");
    }
    // Dokploy's own (the host) has disk points
    let host = stats("dokploy").await.json();
    assert_eq!(host["disk"].as_array().map(Vec::len), Some(60));
    assert_eq!(
        keys(&host["disk"][0]["value"]),
        ["diskFree", "diskTotal", "diskUsage", "diskUsedPercentage"]
    );
}

#[tokio::test]
async fn members_need_docker_access_for_the_docker_procedures() {
    let h = start_default().await;
    let member = ("x-api-key", MEMBER_KEY);
    let r = call(&h, member, "/api/docker.getContainers", None).await;
    assert_eq!(r.status, 200, "Maya may use Docker");
    let users = get(h.addr, "/api/user.all", KEY).await.json();
    let maya = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Maya"))
        .map(|u| u["userId"].clone())
        .expect("Maya");
    let r = post(
        h.addr,
        "/api/user.assignPermissions",
        KEY,
        &json!({
            "id": maya, "accessedProjects": [], "accessedEnvironments": [], "accessedServices": [],
            "accessedGitProviders": [], "accessedServers": [], "canCreateProjects": false,
            "canCreateServices": false, "canDeleteProjects": false, "canDeleteServices": false,
            "canAccessToDocker": false, "canAccessToTraefikFiles": false, "canAccessToAPI": true,
            "canAccessToSSHKeys": false, "canAccessToGitProviders": false,
            "canDeleteEnvironments": false, "canCreateEnvironments": false,
        }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    for path in [
        "/api/docker.getContainers".to_string(),
        format!("/api/docker.getServiceContainersByAppName?appName={STOREFRONT}"),
    ] {
        let r = call(&h, member, &path, None).await;
        assert_eq!(
            error_message(&r),
            (
                401,
                "unauthorized to access resource \"docker\"".to_string()
            ),
            "{path}"
        );
    }
    let r = call(
        &h,
        member,
        "/api/docker.restartContainer",
        Some(json!({"containerId": "x"})),
    )
    .await;
    assert_eq!(r.status, 401);
    // service read and monitoring read are every member's
    for path in [
        format!("/api/docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
        format!("/api/application.readAppMonitoring?appName={STOREFRONT}"),
    ] {
        assert_eq!(call(&h, member, &path, None).await.status, 200, "{path}");
    }
}

#[tokio::test]
async fn older_eras_answer_in_their_shapes() {
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let c = list(
        &h,
        &format!("docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
    )
    .await;
    assert_eq!(c.len(), 2);
    assert_eq!(keys(&c[0]), ["containerId", "name", "state"]);
    let t = list(
        &h,
        &format!("docker.getServiceContainersByAppName?appName={STOREFRONT}"),
    )
    .await;
    assert_eq!(keys(&t[0]), ["containerId", "name", "node", "state"]);
    assert_eq!(t[0]["containerId"].as_str().map(str::len), Some(12));
    // a restart answers nothing, found or not
    for id in [
        c[0]["containerId"].as_str().unwrap_or_default(),
        "doesNotExist123",
    ] {
        let r = restart(&h, id).await;
        assert_eq!((r.status, r.body.len()), (200, 0), "{id}");
    }
    let r = restart(&h, "abc;rm").await;
    assert_eq!(
        r.json(),
        json!({"message": "Input validation failed", "code": "BAD_REQUEST", "issues": [
            {"validation": "regex", "code": "invalid_string", "message": "Invalid container id.",
             "path": ["containerId"]}]})
    );
    // docker's own texts for I/O
    let v = get(
        h.addr,
        &format!("/api/application.readAppMonitoring?appName={SHOP_DB}"),
        KEY,
    )
    .await
    .json();
    let input = v["network"][0]["value"]["inputMb"]
        .as_str()
        .unwrap_or_default();
    assert!(
        ["kB", "MB", "GB"].iter().any(|u| input.ends_with(u)),
        "{input}"
    );
    // v0.18.4: by label is the swarm's, no pattern
    let legacy = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let bearer = ("Authorization", "Bearer skiff-demo-key");
    let r = call(
        &legacy,
        bearer,
        &format!("/api/docker.getContainersByAppLabel?appName={SHOP_DB}"),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));
    let r = call(
        &legacy,
        bearer,
        "/api/docker.restartContainer",
        Some(json!({"containerId": "abc;rm"})),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
}

#[tokio::test]
async fn without_docker_as_recorded() {
    let h = start(Config {
        no_docker: true,
        ..Config::default()
    })
    .await;
    for path in [
        "docker.getContainers".to_string(),
        format!("docker.getContainersByAppNameMatch?appName={STOREFRONT}"),
        format!("docker.getContainersByAppNameMatch?appName={MONITORING}&appType=docker-compose"),
        format!("docker.getServiceContainersByAppName?appName={STOREFRONT}"),
        format!("docker.getStackContainersByAppName?appName={MONITORING}"),
        format!("docker.getContainersByAppLabel?appName={SHOP_DB}&type=swarm"),
    ] {
        assert!(list(&h, &path).await.is_empty(), "{path}");
    }
    let r = restart(&h, "doesNotExist123").await;
    assert_eq!(
        error_message(&r),
        (500, "Command execution failed: Command failed: docker container restart doesNotExist123\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n".to_string())
    );
    let r = get(
        h.addr,
        &format!("/api/application.readAppMonitoring?appName={STOREFRONT}"),
        KEY,
    )
    .await;
    assert_eq!(
        error_message(&r),
        (500, "connect ENOENT /var/run/docker.sock".to_string())
    );
    let r = get(
        h.addr,
        &format!(
            "/api/application.readLogs?applicationId={}",
            service_id(&h, STOREFRONT)
        ),
        KEY,
    )
    .await;
    assert_eq!(
        error_message(&r),
        (
            500,
            format!("No container or service found for: {STOREFRONT}")
        )
    );
    // the control route: a Docker engine after all, until the next reset
    let control = |method: &'static str, body: Option<&'static str>| {
        let addr = h.addr;
        async move {
            request(
                addr,
                method,
                "/__sandbox/docker",
                &[("Content-Type", "application/json")],
                body.map(str::as_bytes),
            )
            .await
        }
    };
    assert_eq!(
        control("GET", None).await.json(),
        json!({"available": false})
    );
    let r = control("POST", Some(r#"{"available": true}"#)).await;
    assert_eq!(r.json(), json!({"available": true}));
    assert_eq!(
        control("GET", None).await.json(),
        json!({"available": true})
    );
    assert_eq!(list(&h, "docker.getContainers").await.len(), 14);
    assert_eq!(control("POST", Some("{}")).await.status, 400);
    let r = request(h.addr, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        control("GET", None).await.json(),
        json!({"available": false})
    );
    assert!(list(&h, "docker.getContainers").await.is_empty());
}

#[tokio::test]
async fn reset_restores_the_containers() {
    let h = start_default().await;
    let seeded = list(&h, "docker.getContainers").await;
    let id = seeded[0]["containerId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(restart(&h, &id).await.status, 200);
    let r = post(
        h.addr,
        "/api/application.stop",
        KEY,
        &json!({"applicationId": service_id(&h, "blog-ghost-t6y2ua")}),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = request(
        h.addr,
        "POST",
        "/__sandbox/docker",
        &[],
        Some(br#"{"available": false}"#),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(list(&h, "docker.getContainers").await.is_empty());
    let r = request(h.addr, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(list(&h, "docker.getContainers").await, seeded);
}

#[tokio::test]
async fn faults_apply() {
    let h = start(Config {
        faults: "docker.getContainers:500,application.readAppMonitoring:shape".into(),
        ..Config::default()
    })
    .await;
    let r = get(h.addr, "/api/docker.getContainers", KEY).await;
    assert_eq!(r.status, 500);
    let r = get(
        h.addr,
        &format!("/api/application.readAppMonitoring?appName={SHOP_DB}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(
        r.json().is_array(),
        "the shape fault turns the object into a list"
    );
    let r = get(
        h.addr,
        &format!("/api/docker.getContainersByAppNameMatch?appName={SHOP_DB}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200, "other procedures are untouched");
}

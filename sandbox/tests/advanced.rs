//! Mounts and an application's advanced settings (published ports, redirects, basic-auth users):
//! the seeded rows, round trips with Dokploy's answers and errors, members' access, the older
//! eras' columns and answers, validation and faults.

mod common;

use common::{call, get, post, request, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, Handle, MEMBER_KEY, VIEWER_KEY};

/// The id of the seeded service with this `appName`.
fn app_id(h: &Handle, app_name: &str) -> String {
    let st = h.shared.lock();
    st.services
        .iter()
        .find(|(_, s)| s.row.get("appName") == Some(&json!(app_name)))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no service {app_name}"))
}

const STOREFRONT: &str = "shop-storefront-x1k2p9";
const STAGING: &str = "shop-storefront-staging-q9d4rx";
const CHECKOUT: &str = "shop-checkout-api-m4q8zt";
const WORKER: &str = "shop-flaky-worker-c7v1nb";
const ADMIN_PANEL: &str = "tools-admin-panel-b1x5cz";
const SHOP_DB: &str = "shop-db-7f3k2a";

async fn app_one(h: &Handle, id: &str) -> Value {
    let r = get(
        h.addr,
        &format!("/api/application.one?applicationId={id}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn field<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .map(|a| a.iter().filter_map(|x| x[key].as_str()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn seeded_applications_have_mounts_ports_redirects_and_users() {
    let h = start_default().await;
    let web = app_id(&h, STOREFRONT);
    let one = app_one(&h, &web).await;
    let mounts = &one["mounts"];
    assert_eq!(field(mounts, "type"), ["volume", "file"]);
    assert_eq!(mounts[0]["volumeName"], "storefront-uploads");
    assert_eq!(mounts[0]["mountPath"], "/app/uploads");
    assert_eq!(mounts[1]["mountPath"], "/etc/nginx/conf.d/extra.conf");
    assert_eq!(mounts[1]["filePath"], "extra.conf");
    assert!(mounts[1]["content"]
        .as_str()
        .is_some_and(|c| c.lines().count() > 3));
    assert_eq!(
        one["ports"],
        json!([{"portId": one["ports"][0]["portId"], "publishedPort": 8080, "publishMode": "ingress",
            "targetPort": 80, "protocol": "tcp", "applicationId": web}])
    );
    let redirect = &one["redirects"][0];
    assert_eq!(one["redirects"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            &redirect["regex"],
            &redirect["replacement"],
            &redirect["permanent"],
            &redirect["uniqueConfigKey"]
        ),
        (
            &json!("^https?://www\\.shop\\.acme\\.test/(.*)"),
            &json!("https://shop.acme.test/${1}"),
            &json!(true),
            &json!(1)
        )
    );
    assert!(redirect["createdAt"].is_string());
    assert_eq!(field(&one["security"], "username"), ["admin"]);
    assert!(one["security"][0]["password"].is_string(), "in clear");
    // The same mounts by service.
    let listed = get(
        h.addr,
        &format!("/api/mounts.listByServiceId?serviceType=application&serviceId={web}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(&listed, mounts);

    let staging = app_one(&h, &app_id(&h, STAGING)).await;
    assert_eq!(field(&staging["security"], "username"), ["preview"]);
    let checkout = app_one(&h, &app_id(&h, CHECKOUT)).await;
    assert_eq!(
        (
            &checkout["ports"][0]["publishedPort"],
            &checkout["ports"][0]["publishMode"]
        ),
        (&json!(50051), &json!("host"))
    );
    let worker = app_one(&h, &app_id(&h, WORKER)).await;
    assert_eq!(worker["mounts"][0]["type"], "bind");
    assert_eq!(worker["mounts"][0]["hostPath"], "/srv/worker/spool");
    // admin-panel has none of them.
    let bare = app_one(&h, &app_id(&h, ADMIN_PANEL)).await;
    for k in ["mounts", "ports", "redirects", "security"] {
        assert_eq!(bare[k], json!([]), "{k}");
    }
    // Ids are the same from run to run.
    let again = start_default().await;
    let other = app_one(&again, &web).await;
    for k in ["mounts", "ports", "redirects", "security"] {
        assert_eq!(field(&other[k], "mountId"), field(&one[k], "mountId"));
        let id_key = match k {
            "mounts" => "mountId",
            "ports" => "portId",
            "redirects" => "redirectId",
            _ => "securityId",
        };
        assert_eq!(field(&other[k], id_key), field(&one[k], id_key), "{k}");
    }
}

#[tokio::test]
async fn mounts_round_trip_like_dokploy() {
    let h = start_default().await;
    let a = h.addr;
    let app = app_id(&h, ADMIN_PANEL);
    let create = |body: Value| async move { post(a, "/api/mounts.create", KEY, &body).await };
    let r = create(
        json!({"type": "volume", "volumeName": "panel-data", "mountPath": "/data",
        "serviceType": "application", "serviceId": app}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let volume = r.json();
    assert_eq!(
        (
            &volume["type"],
            &volume["applicationId"],
            &volume["hostPath"]
        ),
        (&json!("volume"), &json!(app), &Value::Null)
    );
    let file = create(
        json!({"type": "file", "filePath": "app.env", "content": "A=1\n",
        "mountPath": "/etc/app.env", "serviceType": "application", "serviceId": app}),
    )
    .await
    .json();
    let mid = |v: &Value| v["mountId"].as_str().unwrap_or_default().to_string();
    let (volume_id, file_id) = (mid(&volume), mid(&file));

    // `one` nests what Dokploy reads of the service.
    let one = get(a, &format!("/api/mounts.one?mountId={file_id}"), KEY)
        .await
        .json();
    assert_eq!(one["content"], "A=1\n");
    assert_eq!(one["application"]["appName"], ADMIN_PANEL);
    assert!(one["application"]["environment"]["project"]["organizationId"].is_string());
    for k in [
        "compose", "libsql", "mariadb", "mongo", "mysql", "postgres", "redis",
    ] {
        assert_eq!(one[k], Value::Null, "{k}");
    }

    // `update` answers the mount as it was; the changed row comes last.
    let r = post(
        a,
        "/api/mounts.update",
        KEY,
        &json!({"mountId": volume_id, "volumeName": "panel-data-2", "mountPath": "/data2"}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        (&r.json()["volumeName"], &r.json()["application"]["appName"]),
        (&json!("panel-data"), &json!(ADMIN_PANEL))
    );
    let one = get(a, &format!("/api/mounts.one?mountId={volume_id}"), KEY)
        .await
        .json();
    assert_eq!(
        (&one["volumeName"], &one["mountPath"]),
        (&json!("panel-data-2"), &json!("/data2"))
    );
    let listed = app_one(&h, &app).await["mounts"].clone();
    assert_eq!(field(&listed, "mountId"), [file_id.as_str(), &volume_id]);

    // Removal answers the removed row.
    let r = post(a, "/api/mounts.remove", KEY, &json!({"mountId": file_id})).await;
    assert_eq!((r.status, mid(&r.json())), (200, file_id.clone()));
    assert!(r.json().get("application").is_none());
    for (method, path, body) in [
        ("GET", "/api/mounts.one?mountId=nope".to_string(), None),
        (
            "POST",
            "/api/mounts.remove".into(),
            Some(json!({"mountId": file_id})),
        ),
        (
            "POST",
            "/api/mounts.update".into(),
            Some(json!({"mountId": "nope", "mountPath": "/x"})),
        ),
    ] {
        let r = match body {
            Some(b) => post(a, &path, KEY, &b).await,
            None => request(a, method, &path, &[("x-api-key", KEY)], None).await,
        };
        assert_eq!(
            (r.status, r.json()["message"].as_str()),
            (404, Some("Mount not found")),
            "{path}"
        );
    }

    // An unknown service: the insert's foreign key fails.
    let r = create(
        json!({"type": "bind", "hostPath": "/srv", "mountPath": "/srv",
        "serviceType": "postgres", "serviceId": app}),
    )
    .await;
    assert_eq!(r.status, 400);
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(
        message.starts_with("Error Failed query: insert into \"mount\" (\"mountId\", \"type\", \"hostPath\", \"volumeName\", \"filePath\", \"content\", \"serviceType\", \"mountPath\", \"applicationId\", ")
            && message.contains("values ($1, $2, $3, default, default, default, $4, $5, default, default, default, default, default, default, $6, default)")
            && message.ends_with(&format!(",bind,/srv,postgres,/srv,{app}")),
        "{message}"
    );
    // Without a service type the mount belongs to no service (v0.30.2 has no default).
    let r = create(
        json!({"type": "volume", "volumeName": "loose", "mountPath": "/x",
        "serviceId": app}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        (&r.json()["serviceType"], &r.json()["applicationId"]),
        (&json!("application"), &Value::Null)
    );

    // A database's and a compose service's mounts, in their `one` and by service; they go with
    // the service.
    let pg = app_id(&h, SHOP_DB);
    let r = create(
        json!({"type": "file", "filePath": "init.sql", "content": "select 1;",
        "mountPath": "/docker-entrypoint-initdb.d/init.sql", "serviceType": "postgres",
        "serviceId": pg}),
    )
    .await;
    assert_eq!(r.json()["postgresId"], json!(pg));
    let pg_one = get(a, &format!("/api/postgres.one?postgresId={pg}"), KEY)
        .await
        .json();
    assert_eq!(field(&pg_one["mounts"], "type"), ["volume", "file"]);
    let mon = app_id(&h, "shop-monitoring-h5w3ke");
    create(
        json!({"type": "file", "filePath": "prometheus.yml", "content": "scrape_configs: []\n",
        "mountPath": "/etc/prometheus/prometheus.yml", "serviceType": "compose",
        "serviceId": mon}),
    )
    .await;
    let by_service = get(
        a,
        &format!("/api/mounts.listByServiceId?serviceType=compose&serviceId={mon}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(field(&by_service, "filePath"), ["prometheus.yml"]);
    let compose_one = get(a, &format!("/api/compose.one?composeId={mon}"), KEY)
        .await
        .json();
    assert_eq!(compose_one["mounts"], by_service);
    let r = post(a, "/api/postgres.remove", KEY, &json!({"postgresId": pg})).await;
    assert_eq!(r.status, 200);
    assert!(h
        .shared
        .lock()
        .mounts
        .iter()
        .all(|m| m["postgresId"] != json!(pg)));

    // listByServiceId of an unknown service, or of an unknown type.
    let r = get(
        a,
        "/api/mounts.listByServiceId?serviceType=application&serviceId=nope",
        KEY,
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].as_str()),
        (404, Some("Application not found"))
    );
    let r = get(
        a,
        &format!("/api/mounts.listByServiceId?serviceType=lambda&serviceId={app}"),
        KEY,
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].as_str()),
        (
            401,
            Some("You are not authorized to access this service or it does not exist")
        )
    );
}

#[tokio::test]
async fn named_volumes_of_a_running_container() {
    let h = start_default().await;
    let web = app_id(&h, STOREFRONT);
    let r = get(
        h.addr,
        &format!("/api/mounts.allNamedByApplicationId?applicationId={web}"),
        KEY,
    )
    .await;
    assert_eq!(
        r.json(),
        json!([{"Type": "volume", "Name": "storefront-uploads",
            "Source": "/var/lib/docker/volumes/storefront-uploads/_data",
            "Destination": "/app/uploads", "Driver": "local", "Mode": "z", "RW": true,
            "Propagation": ""}])
    );
    // No container runs for an application never deployed: nothing.
    let idle = app_id(&h, ADMIN_PANEL);
    let r = get(
        h.addr,
        &format!("/api/mounts.allNamedByApplicationId?applicationId={idle}"),
        KEY,
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = get(
        h.addr,
        "/api/mounts.allNamedByApplicationId?applicationId=nope",
        KEY,
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].as_str()),
        (404, Some("Application not found"))
    );
}

#[tokio::test]
async fn ports_redirects_and_users_round_trip_like_dokploy() {
    let h = start_default().await;
    let a = h.addr;
    let app = app_id(&h, ADMIN_PANEL);
    let msg = |r: &common::Resp| (r.status, r.json()["message"].as_str().map(String::from));

    // Ports: zod's defaults, the row answered, integers only.
    let r = post(
        a,
        "/api/port.create",
        KEY,
        &json!({"publishedPort": 2222, "targetPort": 22, "applicationId": app}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let port = r.json();
    assert_eq!(
        (&port["publishMode"], &port["protocol"]),
        (&json!("ingress"), &json!("tcp"))
    );
    let port_id = port["portId"].as_str().unwrap_or_default().to_string();
    let one = get(a, &format!("/api/port.one?portId={port_id}"), KEY)
        .await
        .json();
    assert_eq!(one["application"], json!({"applicationId": app}));
    for body in [
        json!({"publishedPort": 22.5, "targetPort": 22, "applicationId": app}),
        json!({"publishedPort": 3_000_000_000i64, "targetPort": 22, "applicationId": app}),
        json!({"publishedPort": 2222, "targetPort": 22, "applicationId": "nope"}),
    ] {
        let r = post(a, "/api/port.create", KEY, &body).await;
        assert_eq!(
            msg(&r),
            (400, Some("Error input: Inserting port".into())),
            "{body}"
        );
    }
    let r = post(
        a,
        "/api/port.update",
        KEY,
        &json!({"portId": port_id, "publishedPort": 2223, "targetPort": 22.5}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Failed query: update \"port\" set \"portId\" = $1, \"publishedPort\" = $2, \"publishMode\" = $3, \"targetPort\" = $4, \"protocol\" = $5 where \"port\".\"portId\" = $6")));
    let r = post(
        a,
        "/api/port.update",
        KEY,
        &json!({"portId": port_id, "publishedPort": 2223,
        "targetPort": 23, "publishMode": "host", "protocol": "udp"}),
    )
    .await;
    assert_eq!(
        r.json(),
        json!({"portId": port_id, "publishedPort": 2223, "publishMode": "host",
            "targetPort": 23, "protocol": "udp", "applicationId": app})
    );
    let r = get(a, "/api/port.one?portId=nope", KEY).await;
    assert_eq!(msg(&r), (400, Some("Port not found".into())));
    assert_eq!(r.json()["code"], "BAD_REQUEST");
    for path in ["/api/port.delete", "/api/port.update"] {
        let r = post(
            a,
            path,
            KEY,
            &json!({"portId": "nope", "publishedPort": 1, "targetPort": 1}),
        )
        .await;
        assert_eq!(msg(&r), (404, Some("Port not found".into())), "{path}");
    }
    let r = post(a, "/api/port.delete", KEY, &json!({"portId": port_id})).await;
    assert_eq!(r.json()["publishedPort"], 2223);
    assert_eq!(app_one(&h, &app).await["ports"], json!([]));

    // Redirects: `true`, a serial key after the seeded one.
    let body = json!({"regex": "^/old/(.*)", "replacement": "/new/${1}", "permanent": false,
        "applicationId": app});
    let r = post(a, "/api/redirects.create", KEY, &body).await;
    assert_eq!(r.json(), json!(true));
    let listed = app_one(&h, &app).await["redirects"].clone();
    assert_eq!(listed[0]["uniqueConfigKey"], 2);
    let redirect_id = listed[0]["redirectId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = post(
        a,
        "/api/redirects.update",
        KEY,
        &json!({"redirectId": redirect_id,
        "regex": "^/old/(.*)", "replacement": "/newer/${1}", "permanent": true}),
    )
    .await;
    assert_eq!(
        (
            &r.json()["replacement"],
            &r.json()["permanent"],
            &r.json()["createdAt"]
        ),
        (&json!("/newer/${1}"), &json!(true), &listed[0]["createdAt"])
    );
    let r = post(
        a,
        "/api/redirects.create",
        KEY,
        &json!({"regex": "^/x", "replacement": "/y",
        "permanent": false, "applicationId": "nope"}),
    )
    .await;
    assert_eq!(msg(&r), (400, Some("Error creating this redirect".into())));
    let r = get(a, "/api/redirects.one?redirectId=nope", KEY).await;
    assert_eq!(msg(&r), (404, Some("Redirect not found".into())));
    let r = post(
        a,
        "/api/redirects.delete",
        KEY,
        &json!({"redirectId": redirect_id}),
    )
    .await;
    assert_eq!(r.json()["redirectId"], json!(redirect_id));

    // Basic-auth users: `true`, nothing on update, one user name per application.
    let r = post(
        a,
        "/api/security.create",
        KEY,
        &json!({"applicationId": app, "username": "ops", "password": "pw-1"}),
    )
    .await;
    assert_eq!(r.json(), json!(true));
    let r = post(
        a,
        "/api/security.create",
        KEY,
        &json!({"applicationId": app, "username": "ops", "password": "pw-2"}),
    )
    .await;
    assert_eq!(r.status, 400);
    let m = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(m.starts_with("Failed query: insert into \"security\" (\"securityId\", \"username\", \"password\", \"createdAt\", \"applicationId\") values ($1, $2, $3, $4, $5)"), "{m}");
    let r = post(
        a,
        "/api/security.create",
        KEY,
        &json!({"applicationId": "nope", "username": "ops", "password": "pw"}),
    )
    .await;
    assert_eq!(msg(&r), (400, Some("Application not found".into())));
    post(
        a,
        "/api/security.create",
        KEY,
        &json!({"applicationId": app, "username": "dev", "password": "pw-3"}),
    )
    .await;
    let users = app_one(&h, &app).await["security"].clone();
    assert_eq!(field(&users, "username"), ["ops", "dev"]);
    let ops = users[0]["securityId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = post(
        a,
        "/api/security.update",
        KEY,
        &json!({"securityId": ops, "username": "dev", "password": "x"}),
    )
    .await;
    assert_eq!(r.status, 400, "dev is taken");
    let r = post(
        a,
        "/api/security.update",
        KEY,
        &json!({"securityId": ops, "username": "ops2", "password": "pw-9"}),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let one = get(a, &format!("/api/security.one?securityId={ops}"), KEY)
        .await
        .json();
    assert_eq!(
        (&one["username"], &one["password"]),
        (&json!("ops2"), &json!("pw-9"))
    );
    let users = app_one(&h, &app).await["security"].clone();
    assert_eq!(field(&users, "username"), ["dev", "ops2"], "changed last");
    let r = post(a, "/api/security.delete", KEY, &json!({"securityId": ops})).await;
    assert_eq!(r.json()["username"], "ops2");
    let r = post(a, "/api/security.delete", KEY, &json!({"securityId": ops})).await;
    assert_eq!(msg(&r), (404, Some("Security not found".into())));

    // Removing the application removes them with it.
    post(
        a,
        "/api/port.create",
        KEY,
        &json!({"publishedPort": 1, "targetPort": 1, "applicationId": app}),
    )
    .await;
    let r = post(
        a,
        "/api/application.delete",
        KEY,
        &json!({"applicationId": app}),
    )
    .await;
    assert_eq!(r.status, 200);
    let st = h.shared.lock();
    let owned = |rows: &[serde_json::Map<String, Value>]| {
        rows.iter().any(|r| r["applicationId"] == json!(app))
    };
    assert!(!owned(&st.ports) && !owned(&st.redirects) && !owned(&st.security));
}

#[tokio::test]
async fn inputs_are_checked_like_zod_and_faults_apply() {
    let h = start(Config {
        faults: "redirects.*:500".into(),
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let app = app_id(&h, ADMIN_PANEL);
    let issues = |r: &common::Resp| r.json()["issues"].clone();
    let r = post(
        a,
        "/api/port.create",
        KEY,
        &json!({"publishedPort": "8080", "targetPort": 80, "applicationId": app}),
    )
    .await;
    assert_eq!(
        (r.status, issues(&r)),
        (
            400,
            json!([{"expected": "number", "code": "invalid_type", "path": ["publishedPort"],
            "message": "Invalid input: expected number, received string"}])
        )
    );
    let r = post(
        a,
        "/api/port.create",
        KEY,
        &json!({"publishedPort": 8080, "targetPort": 80,
        "protocol": "sctp", "applicationId": app}),
    )
    .await;
    assert_eq!(issues(&r)[0]["code"], "invalid_value");
    let r = post(
        a,
        "/api/mounts.create",
        KEY,
        &json!({"type": "tmpfs", "mountPath": "/x", "serviceId": app}),
    )
    .await;
    assert_eq!(issues(&r)[0]["path"], json!(["type"]));
    let r = post(
        a,
        "/api/mounts.create",
        KEY,
        &json!({"type": "bind", "hostPath": "/x", "mountPath": "", "serviceId": app}),
    )
    .await;
    assert_eq!(issues(&r)[0]["code"], "too_small");
    let r = post(a, "/api/mounts.remove", KEY, &json!({})).await;
    assert_eq!(
        issues(&r),
        json!([{"code": "invalid_type", "expected": "nonoptional", "path": ["mountId"],
            "message": "Invalid input: expected nonoptional, received undefined"}])
    );
    let r = post(
        a,
        "/api/security.update",
        KEY,
        &json!({"securityId": "x", "username": "", "password": "p"}),
    )
    .await;
    assert_eq!(issues(&r)[0]["path"], json!(["username"]));
    // The fault answers every redirects procedure; the others are untouched.
    let r = get(a, "/api/redirects.one?redirectId=x", KEY).await;
    assert_eq!(r.status, 500);
    let r = get(a, "/api/port.one?portId=x", KEY).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn members_need_the_service_and_the_permission() {
    let h = start_default().await;
    let a = h.addr;
    let web = app_id(&h, STOREFRONT);
    let panel = app_id(&h, ADMIN_PANEL);
    let msg = |r: &common::Resp| (r.status, r.json()["message"].as_str().map(String::from));
    // Maya may change storefront, not admin-panel (not among her services).
    let body = |app: &str| {
        json!({"regex": "^/a", "replacement": "/b", "permanent": false,
        "applicationId": app})
    };
    let r = post(a, "/api/redirects.create", MEMBER_KEY, &body(&web)).await;
    assert_eq!(r.json(), json!(true));
    let r = post(a, "/api/redirects.create", MEMBER_KEY, &body(&panel)).await;
    assert_eq!(
        msg(&r),
        (401, Some("You don't have access to this service".into()))
    );
    let r = post(
        a,
        "/api/port.create",
        MEMBER_KEY,
        &json!({"publishedPort": 1, "targetPort": 1, "applicationId": panel}),
    )
    .await;
    assert_eq!(msg(&r), (400, Some("Error input: Inserting port".into())));
    // Sam, given API access and storefront but not the permission to create services, reads
    // and may not change.
    let users = get(a, "/api/user.all", KEY).await.json();
    let sam = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["user"]["firstName"] == "Sam"))
        .map(|u| u["userId"].clone())
        .expect("Sam");
    let r = post(a, "/api/user.assignPermissions", KEY, &json!({
        "id": sam, "accessedProjects": [], "accessedEnvironments": [], "accessedServices": [web],
        "accessedGitProviders": [], "accessedServers": [], "canCreateProjects": false,
        "canCreateServices": false, "canDeleteProjects": false, "canDeleteServices": false,
        "canAccessToDocker": false, "canAccessToTraefikFiles": false, "canAccessToAPI": true,
        "canAccessToSSHKeys": false, "canAccessToGitProviders": false,
        "canDeleteEnvironments": false, "canCreateEnvironments": false,
    }))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let seeded = app_one(&h, &web).await;
    let redirect = seeded["redirects"][0]["redirectId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = get(
        a,
        &format!("/api/redirects.one?redirectId={redirect}"),
        VIEWER_KEY,
    )
    .await;
    assert_eq!(r.status, 200);
    let r = post(
        a,
        "/api/redirects.delete",
        VIEWER_KEY,
        &json!({"redirectId": redirect}),
    )
    .await;
    assert_eq!(msg(&r), (401, Some("Permission denied".into())));
    let mount = seeded["mounts"][0]["mountId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = post(
        a,
        "/api/mounts.update",
        VIEWER_KEY,
        &json!({"mountId": mount, "mountPath": "/x"}),
    )
    .await;
    assert_eq!(msg(&r), (401, Some("Permission denied".into())));
    let r = get(
        a,
        &format!("/api/mounts.listByServiceId?serviceType=application&serviceId={panel}"),
        VIEWER_KEY,
    )
    .await;
    assert_eq!(
        msg(&r),
        (401, Some("You don't have access to this service".into()))
    );
}

#[tokio::test]
async fn v0_24_12_answers_in_its_columns() {
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let key = ("x-api-key", KEY);
    let web = app_id(&h, STOREFRONT);
    let r = call(
        &h,
        key,
        &format!("/api/application.one?applicationId={web}"),
        None,
    )
    .await;
    let one = r.json();
    assert_eq!(one["ports"][0]["publishMode"], "ingress");
    assert_eq!(field(&one["security"], "username"), ["admin"]);
    assert!(one["mounts"][0].get("libsqlId").is_none(), "no libsql yet");
    assert_eq!(field(&one["mounts"], "type"), ["volume", "file"]);
    let app = app_id(&h, ADMIN_PANEL);
    // Creations answer `true` (a user nothing); an update the mount as it was, with the whole
    // application row.
    let r = call(
        &h,
        key,
        "/api/mounts.create",
        Some(json!({"type": "volume",
        "volumeName": "v", "mountPath": "/v", "serviceId": app})),
    )
    .await;
    assert_eq!(r.json(), json!(true), "serviceType defaults to application");
    let mount = h
        .shared
        .lock()
        .mounts
        .last()
        .map(|m| m["mountId"].clone())
        .unwrap_or_default();
    let r = call(
        &h,
        key,
        "/api/mounts.update",
        Some(json!({"mountId": mount, "mountPath": "/w"})),
    )
    .await;
    let before = r.json();
    assert_eq!(before["mountPath"], "/v");
    assert_eq!(
        before["application"]["projectId"].as_str().map(str::len),
        Some(21)
    );
    assert!(before["application"].get("environmentId").is_none());
    assert!(before.get("libsql").is_none());
    let r = call(
        &h,
        key,
        "/api/port.create",
        Some(json!({"publishedPort": 1, "targetPort": 2,
        "applicationId": app})),
    )
    .await;
    assert_eq!(r.json(), json!(true));
    let r = call(&h, key, "/api/port.delete", Some(json!({"portId": "nope"}))).await;
    assert_eq!((r.status, r.body.len()), (200, 0), "no row, no error");
    let r = call(
        &h,
        key,
        "/api/security.create",
        Some(json!({"applicationId": app,
        "username": "u", "password": "p"})),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = call(
        &h,
        key,
        "/api/security.create",
        Some(json!({"applicationId": "nope",
        "username": "u", "password": "p"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            404,
            json!({"message": "Application not found", "code": "NOT_FOUND"})
        )
    );
    let user = h
        .shared
        .lock()
        .security
        .last()
        .map(|m| m["securityId"].clone())
        .unwrap_or_default();
    let r = call(
        &h,
        key,
        "/api/security.update",
        Some(json!({"securityId": user,
        "username": "u2", "password": "p2"})),
    )
    .await;
    assert_eq!(r.json()["username"], "u2");
    let r = call(
        &h,
        key,
        "/api/port.create",
        Some(json!({"publishedPort": 1,
        "applicationId": app})),
    )
    .await;
    assert_eq!(
        r.json()["issues"],
        json!([{"code": "invalid_type", "expected": "number", "received": "undefined",
            "path": ["targetPort"], "message": "Required"}])
    );
    let r = call(
        &h,
        key,
        &format!("/api/mounts.allNamedByApplicationId?applicationId={web}"),
        None,
    )
    .await;
    assert_eq!(field(&r.json(), "Name"), ["storefront-uploads"]);
    let r = call(
        &h,
        key,
        &format!("/api/mounts.listByServiceId?serviceType=application&serviceId={web}"),
        None,
    )
    .await;
    assert_eq!(r.status, 404, "v0.24.12 had no listByServiceId");
}

#[tokio::test]
async fn v0_18_4_answers_in_its_columns() {
    let h = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let bearer = format!("Bearer {KEY}");
    let auth = ("Authorization", bearer.as_str());
    let web = app_id(&h, STOREFRONT);
    let one = call(
        &h,
        auth,
        &format!("/api/application.one?applicationId={web}"),
        None,
    )
    .await
    .json();
    assert!(
        one["ports"][0].get("publishMode").is_none(),
        "no publish mode yet"
    );
    assert_eq!(one["ports"][0]["publishedPort"], 8080);
    assert_eq!(
        field(&one["redirects"], "replacement"),
        ["https://shop.acme.test/${1}"]
    );
    let mount = one["mounts"][0]["mountId"].clone();
    let r = call(
        &h,
        auth,
        &format!(
            "/api/mounts.one?mountId={}",
            mount.as_str().unwrap_or_default()
        ),
        None,
    )
    .await;
    let m = r.json();
    assert_eq!(m["application"]["name"], "storefront");
    assert_eq!(m["postgres"], Value::Null);
    let r = call(
        &h,
        auth,
        "/api/mounts.update",
        Some(json!({"mountId": mount, "mountPath": "/up"})),
    )
    .await;
    assert_eq!(r.json(), json!(true));
    let r = call(
        &h,
        auth,
        "/api/mounts.create",
        Some(json!({"type": "bind", "hostPath": "/h",
        "mountPath": "/m", "serviceType": "redis", "serviceId": web})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            json!({"code": "BAD_REQUEST", "message": "Error insert or update on table \"mount\" violates foreign key constraint \"mount_redisId_redis_redisId_fk\""})
        )
    );
    for path in [
        format!("/api/mounts.allNamedByApplicationId?applicationId={web}"),
        format!("/api/mounts.listByServiceId?serviceType=application&serviceId={web}"),
    ] {
        assert_eq!(call(&h, auth, &path, None).await.status, 404, "{path}");
    }
    let r = call(&h, auth, "/api/port.one?portId=nope", None).await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            json!({"message": "Port not found", "code": "BAD_REQUEST"})
        )
    );
}

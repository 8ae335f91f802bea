//! Swarm settings of applications and databases (`K.update`, read back by `K.one`), an
//! application's Traefik file (`application.readTraefikConfig` / `updateTraefikConfig`) and
//! preview deployments (`previewDeployment.*`): the seeded rows, round trips with Dokploy's
//! answers and errors, members, the older eras, faults and reset.

mod common;

use std::time::Duration;

use common::{call, get, post, request, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, Handle, MEMBER_KEY};

/// The id of the seeded service with this `appName`.
fn id_of(h: &Handle, app_name: &str) -> String {
    let st = h.shared.lock();
    st.services
        .iter()
        .find(|(_, s)| s.row.get("appName") == Some(&json!(app_name)))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no service {app_name}"))
}

const STOREFRONT: &str = "shop-storefront-x1k2p9";
const ADMIN_PANEL: &str = "tools-admin-panel-b1x5cz";
const CHECKOUT: &str = "shop-checkout-api-m4q8zt";

/// One seeded database of each kind: (router, appName).
const DATABASES: [(&str, &str); 6] = [
    ("postgres", "shop-db-7f3k2a"),
    ("mysql", "blog-mysql-r8e1wo"),
    ("mariadb", "blog-comments-db-f3n7lp"),
    ("mongo", "tools-analytics-mongo-g7u3hq"),
    ("redis", "shop-cache-p2l9sd"),
    ("libsql", "tools-feature-flags-w2s6jd"),
];

const SWARM_V0_24: [&str; 8] = [
    "healthCheckSwarm",
    "restartPolicySwarm",
    "placementSwarm",
    "updateConfigSwarm",
    "rollbackConfigSwarm",
    "modeSwarm",
    "labelsSwarm",
    "networkSwarm",
];

/// A value of every swarm setting, as Skiff's Advanced tab would send them.
fn swarm_settings() -> Value {
    json!({
        "healthCheckSwarm": {"Test": ["CMD-SHELL", "curl -f http://localhost:3000/health"],
            "Interval": 30_000_000_000i64, "Timeout": 5_000_000_000i64, "StartPeriod": 0, "Retries": 3},
        "restartPolicySwarm": {"Condition": "on-failure", "Delay": 5_000_000_000i64, "MaxAttempts": 3, "Window": 0},
        "placementSwarm": {"Constraints": ["node.role==worker"],
            "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}],
            "MaxReplicas": 2, "Platforms": [{"Architecture": "amd64", "OS": "linux"}]},
        "updateConfigSwarm": {"Parallelism": 1, "Delay": 10_000_000_000i64, "FailureAction": "rollback",
            "Monitor": 0, "MaxFailureRatio": 0, "Order": "start-first"},
        "rollbackConfigSwarm": {"Parallelism": 1, "Order": "stop-first"},
        "modeSwarm": {"Replicated": {"Replicas": 2}},
        "labelsSwarm": {"com.acme.team": "shop"},
        "networkSwarm": [{"Target": "acme-internal", "Aliases": ["web"], "DriverOpts": {"mtu": "1450"}}],
        "stopGracePeriodSwarm": 30_000_000_000i64,
        "endpointSpecSwarm": {"Mode": "vip", "Ports": [{"Protocol": "tcp", "TargetPort": 3000,
            "PublishedPort": 8080, "PublishMode": "ingress"}]},
        "ulimitsSwarm": [{"Name": "nofile", "Soft": 65535, "Hard": 65535}],
    })
}

async fn one(h: &Handle, router: &str, id: &str) -> Value {
    let path = format!("/api/{router}.one?{router}Id={id}");
    let r = get(h.addr, &path, KEY).await;
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json()
}

/// Dokploy v0.30.2's body for input issues.
fn invalid(path: &str, field_errors: Value, issues: Value) -> Value {
    json!({"message": "Input validation failed", "code": "BAD_REQUEST",
        "data": {"code": "BAD_REQUEST", "httpStatus": 400, "path": path,
            "zodError": {"formErrors": [], "fieldErrors": field_errors}},
        "issues": issues})
}

fn error(status: u16, code: &str, message: &str, path: &str) -> Value {
    json!({"message": message, "code": code,
        "data": {"code": code, "httpStatus": status, "path": path, "zodError": null}})
}

// ------------------------------------------------------------------ swarm settings

#[tokio::test]
async fn swarm_settings_are_stored_and_read_back_for_applications_and_databases() {
    let h = start_default().await;
    let a = h.addr;
    let web = id_of(&h, STOREFRONT);
    // Null until set, replicas as seeded.
    let before = one(&h, "application", &web).await;
    for (k, _) in swarm_settings().as_object().expect("object") {
        assert_eq!(before[k], Value::Null, "{k}");
    }
    assert_eq!(before["replicas"], 2);
    let mut body = swarm_settings();
    body["applicationId"] = json!(web);
    body["replicas"] = json!(3);
    let r = post(a, "/api/application.update", KEY, &body).await;
    assert_eq!((r.status, r.json()), (200, json!(true)), "{}", r.text());
    let after = one(&h, "application", &web).await;
    for (k, v) in swarm_settings().as_object().expect("object") {
        assert_eq!(&after[k], v, "{k}");
    }
    assert_eq!(after["replicas"], 3);
    // null clears a setting; the others stay.
    let r = post(
        a,
        "/api/application.update",
        KEY,
        &json!({"applicationId": web, "labelsSwarm": null}),
    )
    .await;
    assert_eq!(r.status, 200);
    let after = one(&h, "application", &web).await;
    assert_eq!(after["labelsSwarm"], Value::Null);
    assert_eq!(after["modeSwarm"], json!({"Replicated": {"Replicas": 2}}));

    for (router, app_name) in DATABASES {
        let id = id_of(&h, app_name);
        let mut body = swarm_settings();
        if router == "libsql" {
            // libsql's table has no ulimits column (nor its update schema).
            body.as_object_mut().map(|m| m.remove("ulimitsSwarm"));
        }
        body[format!("{router}Id")] = json!(id);
        body["replicas"] = json!(2);
        let r = post(a, &format!("/api/{router}.update"), KEY, &body).await;
        assert_eq!((r.status, r.json()), (200, json!(true)), "{router}");
        let got = one(&h, router, &id).await;
        for (k, v) in body.as_object().expect("object") {
            if k != &format!("{router}Id") {
                assert_eq!(&got[k], v, "{router}.{k}");
            }
        }
        if router == "libsql" {
            assert!(got.get("ulimitsSwarm").is_none());
        }
    }
}

#[tokio::test]
async fn swarm_settings_are_checked_like_dokploys_zod_schemas() {
    let h = start_default().await;
    let a = h.addr;
    let web = id_of(&h, STOREFRONT);
    let update = |body: Value| async move { post(a, "/api/application.update", KEY, &body).await };
    // A strict object: an unknown key.
    let r =
        update(json!({"applicationId": web, "healthCheckSwarm": {"Interval": 1, "Intervall": 2}}))
            .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            invalid(
                "application.update",
                json!({"healthCheckSwarm": ["Unrecognized key: \"Intervall\""]}),
                json!([{"code": "unrecognized_keys", "keys": ["Intervall"], "path": ["healthCheckSwarm"],
                    "message": "Unrecognized key: \"Intervall\""}])
            )
        )
    );
    // UpdateConfigSwarm requires Parallelism and Order; wrong types, with their paths.
    let r = update(
        json!({"applicationId": web, "updateConfigSwarm": {"Delay": "10s"},
        "placementSwarm": {"Platforms": [{"OS": "linux"}]}}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            invalid(
                "application.update",
                json!({
                    "placementSwarm": ["Invalid input: expected string, received undefined"],
                    "updateConfigSwarm": [
                        "Invalid input: expected number, received undefined",
                        "Invalid input: expected number, received string",
                        "Invalid input: expected string, received undefined",
                    ],
                }),
                json!([
                    {"expected": "string", "code": "invalid_type", "path": ["placementSwarm", "Platforms", 0, "Architecture"],
                        "message": "Invalid input: expected string, received undefined"},
                    {"expected": "number", "code": "invalid_type", "path": ["updateConfigSwarm", "Parallelism"],
                        "message": "Invalid input: expected number, received undefined"},
                    {"expected": "number", "code": "invalid_type", "path": ["updateConfigSwarm", "Delay"],
                        "message": "Invalid input: expected number, received string"},
                    {"expected": "string", "code": "invalid_type", "path": ["updateConfigSwarm", "Order"],
                        "message": "Invalid input: expected string, received undefined"},
                ])
            )
        )
    );
    // The top level: an object, a record, a list, a number.
    let r = update(
        json!({"applicationId": web, "restartPolicySwarm": "always", "labelsSwarm": ["a"],
        "networkSwarm": {"Target": "x"}, "stopGracePeriodSwarm": "30s"}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["data"]["zodError"]["fieldErrors"],
        json!({
            "restartPolicySwarm": ["Invalid input: expected object, received string"],
            "labelsSwarm": ["Invalid input: expected record, received array"],
            "networkSwarm": ["Invalid input: expected array, received object"],
            "stopGracePeriodSwarm": ["Invalid input: expected number, received string"],
        })
    );
    // Ulimits: a name, integers from -1.
    let r = update(json!({"applicationId": web,
        "ulimitsSwarm": [{"Name": "", "Soft": 1.5, "Hard": -2}]}))
    .await;
    assert_eq!(
        r.json()["issues"],
        json!([
            {"origin": "string", "code": "too_small", "minimum": 1, "inclusive": true,
                "path": ["ulimitsSwarm", 0, "Name"], "message": "Too small: expected string to have >=1 characters"},
            {"expected": "int", "format": "safeint", "code": "invalid_type", "path": ["ulimitsSwarm", 0, "Soft"],
                "message": "Invalid input: expected int, received number"},
            {"origin": "number", "code": "too_small", "minimum": -1, "inclusive": true,
                "path": ["ulimitsSwarm", 0, "Hard"], "message": "Too small: expected number to be >=-1"},
        ])
    );
    // A database's update checks the same; nothing was stored by the refused updates.
    let pg = id_of(&h, "shop-db-7f3k2a");
    let r = post(
        a,
        "/api/postgres.update",
        KEY,
        &json!({"postgresId": pg, "modeSwarm": {"Replicated": {"Replicas": "2"}}}),
    )
    .await;
    assert_eq!(
        r.json()["issues"][0]["path"],
        json!(["modeSwarm", "Replicated", "Replicas"])
    );
    let got = one(&h, "application", &web).await;
    for k in ["healthCheckSwarm", "updateConfigSwarm", "ulimitsSwarm"] {
        assert_eq!(got[k], Value::Null, "{k}");
    }
    // Non-strict objects take unknown keys and drop them (a mode's Global, a preference's Spread).
    let r = update(json!({"applicationId": web, "modeSwarm": {"Global": {"x": 1}},
        "placementSwarm": {"Preferences": [{"Spread": {"SpreadDescriptor": "node.id", "Weight": 2}}]}}))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = one(&h, "application", &web).await;
    assert_eq!(got["modeSwarm"], json!({"Global": {}}));
    assert_eq!(
        got["placementSwarm"],
        json!({"Preferences": [{"Spread": {"SpreadDescriptor": "node.id"}}]})
    );
    // A database keeps its appName; an application's replicas are a number.
    let r = post(
        a,
        "/api/postgres.update",
        KEY,
        &json!({"postgresId": pg, "appName": "renamed", "replicas": 2}),
    )
    .await;
    assert_eq!(r.status, 200);
    let got = one(&h, "postgres", &pg).await;
    assert_eq!(
        (&got["appName"], &got["replicas"]),
        (&json!("shop-db-7f3k2a"), &json!(2))
    );
    let r = update(json!({"applicationId": web, "replicas": "3"})).await;
    assert_eq!(
        r.json()["issues"][0]["message"],
        "Invalid input: expected number, received string"
    );
}

#[tokio::test]
async fn updating_a_service_that_does_not_exist() {
    let h = start_default().await;
    let a = h.addr;
    let r = post(
        a,
        "/api/application.update",
        KEY,
        &json!({"applicationId": "doesNotExist123", "replicas": 1}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            error(
                400,
                "BAD_REQUEST",
                "Error updating application",
                "application.update"
            )
        )
    );
    for (router, message) in [
        ("postgres", "Error updating Postgres"),
        ("mysql", "Update: Error updating MySQL"),
        ("mariadb", "Update: Error updating Mariadb"),
        ("mongo", "Update: Error updating Mongo"),
        ("redis", "Error updating Redis"),
        ("libsql", "Error updating Libsql"),
    ] {
        let path = format!("{router}.update");
        let r = post(
            a,
            &format!("/api/{path}"),
            KEY,
            &json!({format!("{router}Id"): "nope", "replicas": 1}),
        )
        .await;
        assert_eq!(
            (r.status, r.json()),
            (400, error(400, "BAD_REQUEST", message, &path)),
            "{router}"
        );
    }
    // v0.24.12 looks the service up first, but for Redis's update.
    let old = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let auth = ("x-api-key", KEY);
    let r = call(
        &old,
        auth,
        "/api/application.update",
        Some(json!({"applicationId": "nope"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            404,
            json!({"message": "Application not found", "code": "NOT_FOUND"})
        )
    );
    let r = call(
        &old,
        auth,
        "/api/redis.update",
        Some(json!({"redisId": "nope"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            json!({"message": "Error updating Redis", "code": "BAD_REQUEST"})
        )
    );
}

#[tokio::test]
async fn older_eras_have_the_swarm_settings_their_rows_have() {
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let auth = ("x-api-key", KEY);
    let web = id_of(&h, STOREFRONT);
    let pg = id_of(&h, "shop-db-7f3k2a");
    // v0.24.12: eight settings on applications and databases, zod v3's issues.
    let mut body = swarm_settings();
    body["postgresId"] = json!(pg);
    let r = call(&h, auth, "/api/postgres.update", Some(body)).await;
    assert_eq!((r.status, r.json()), (200, json!(true)), "{}", r.text());
    let got = call(
        &h,
        auth,
        &format!("/api/postgres.one?postgresId={pg}"),
        None,
    )
    .await
    .json();
    for k in SWARM_V0_24 {
        let mut want = swarm_settings()[k].clone();
        if k == "networkSwarm" {
            // Its driver options were an empty object schema then: nothing of them is kept.
            want[0]["DriverOpts"] = json!({});
        }
        assert_eq!(got[k], want, "{k}");
    }
    for k in ["stopGracePeriodSwarm", "endpointSpecSwarm", "ulimitsSwarm"] {
        assert!(got.get(k).is_none(), "{k} came after v0.24.12");
    }
    let r = call(
        &h,
        auth,
        "/api/application.update",
        Some(json!({"applicationId": web, "rollbackConfigSwarm": {"Order": "x", "Foo": 1}})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            json!({"message": "Input validation failed", "code": "BAD_REQUEST", "issues": [
                {"code": "invalid_type", "expected": "number", "received": "undefined",
                    "path": ["rollbackConfigSwarm", "Parallelism"], "message": "Required"},
                {"code": "unrecognized_keys", "keys": ["Foo"], "path": ["rollbackConfigSwarm"],
                    "message": "Unrecognized key(s) in object: 'Foo'"},
            ]})
        )
    );

    // v0.18.4: applications have them, databases do not.
    let h = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let bearer = format!("Bearer {KEY}");
    let auth = ("Authorization", bearer.as_str());
    let r = call(
        &h,
        auth,
        "/api/application.update",
        Some(json!({"applicationId": web, "healthCheckSwarm": {"Retries": 3}, "replicas": 2})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = call(
        &h,
        auth,
        &format!("/api/application.one?applicationId={web}"),
        None,
    )
    .await
    .json();
    assert_eq!(
        (&got["healthCheckSwarm"], &got["replicas"]),
        (&json!({"Retries": 3}), &json!(2))
    );
    let r = call(
        &h,
        auth,
        "/api/postgres.update",
        Some(json!({"postgresId": pg, "healthCheckSwarm": {"Retries": 3}})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let got = call(
        &h,
        auth,
        &format!("/api/postgres.one?postgresId={pg}"),
        None,
    )
    .await
    .json();
    for k in SWARM_V0_24.iter().chain(&["replicas"]) {
        assert!(got.get(*k).is_none(), "v0.18.4's postgres has no {k}");
    }
}

// ------------------------------------------------------------------ Traefik file

/// The storefront's file: two https domains (a redirecting router and a secure one each), its
/// redirect and its basic-auth users.
const STOREFRONT_FILE: &str = "http:
  routers:
    shop-storefront-x1k2p9-router-1:
      rule: Host(`shop.acme.test`)
      service: shop-storefront-x1k2p9-service-1
      middlewares:
        - redirect-to-https
      entryPoints:
        - web
    shop-storefront-x1k2p9-router-websecure-1:
      rule: Host(`shop.acme.test`)
      service: shop-storefront-x1k2p9-service-1
      middlewares:
        - redirect-shop-storefront-x1k2p9-1
        - auth-shop-storefront-x1k2p9
      entryPoints:
        - websecure
      tls:
        certResolver: letsencrypt
    shop-storefront-x1k2p9-router-2:
      rule: Host(`www.shop.acme.test`)
      service: shop-storefront-x1k2p9-service-2
      middlewares:
        - redirect-to-https
      entryPoints:
        - web
    shop-storefront-x1k2p9-router-websecure-2:
      rule: Host(`www.shop.acme.test`)
      service: shop-storefront-x1k2p9-service-2
      middlewares:
        - redirect-shop-storefront-x1k2p9-1
        - auth-shop-storefront-x1k2p9
      entryPoints:
        - websecure
      tls:
        certResolver: letsencrypt
  services:
    shop-storefront-x1k2p9-service-1:
      loadBalancer:
        servers:
          - url: http://shop-storefront-x1k2p9:3000
        passHostHeader: true
    shop-storefront-x1k2p9-service-2:
      loadBalancer:
        servers:
          - url: http://shop-storefront-x1k2p9:3000
        passHostHeader: true
";

async fn read_file(h: &Handle, auth: (&str, &str), id: &str) -> common::Resp {
    call(
        h,
        auth,
        &format!("/api/application.readTraefikConfig?applicationId={id}"),
        None,
    )
    .await
}

#[tokio::test]
async fn the_traefik_file_follows_domains_redirects_and_users_until_saved() {
    let h = start_default().await;
    let a = h.addr;
    let auth = ("x-api-key", KEY);
    let web = id_of(&h, STOREFRONT);
    let r = read_file(&h, auth, &web).await;
    assert_eq!((r.status, r.json()), (200, json!(STOREFRONT_FILE)));
    // No domain, no file.
    let panel = id_of(&h, ADMIN_PANEL);
    let r = read_file(&h, auth, &panel).await;
    assert_eq!((r.status, r.text().as_str()), (200, "null"));
    // A plain-http domain with a path: one router, its middlewares on it, the domain's port.
    let r = post(
        a,
        "/api/domain.create",
        KEY,
        &json!({"host": "Panel.Tools.Acme.Test", "path": "/admin", "port": 8080, "https": false,
            "applicationId": panel, "certificateType": "none"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let key = r.json()["uniqueConfigKey"].as_i64().expect("a key");
    let r = post(
        a,
        "/api/security.create",
        KEY,
        &json!({"applicationId": panel, "username": "ops", "password": "0ps-pw"}),
    )
    .await;
    assert_eq!(r.status, 200);
    let app = "tools-admin-panel-b1x5cz";
    let want = format!(
        "http:\n  routers:\n    {app}-router-{key}:\n      rule: Host(`panel.tools.acme.test`) && PathPrefix(`/admin`)\n      service: {app}-service-{key}\n      middlewares:\n        - auth-{app}\n      entryPoints:\n        - web\n  services:\n    {app}-service-{key}:\n      loadBalancer:\n        servers:\n          - url: http://{app}:8080\n        passHostHeader: true\n"
    );
    assert_eq!(read_file(&h, auth, &panel).await.json(), json!(want));

    // Saved verbatim; read back as saved.
    let edited = format!("{STOREFRONT_FILE}# edited by hand\n");
    let r = post(
        a,
        "/api/application.updateTraefikConfig",
        KEY,
        &json!({"applicationId": web, "traefikConfig": edited}),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!(true)));
    assert_eq!(read_file(&h, auth, &web).await.json(), json!(edited));
    // Other changes elsewhere leave it alone; a change of its redirects rewrites it.
    let r = post(
        a,
        "/api/application.update",
        KEY,
        &json!({"applicationId": web, "description": "x"}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(read_file(&h, auth, &web).await.json(), json!(edited));
    let redirect = one(&h, "application", &web).await["redirects"][0]["redirectId"].clone();
    let r = post(
        a,
        "/api/redirects.delete",
        KEY,
        &json!({"redirectId": redirect}),
    )
    .await;
    assert_eq!(r.status, 200);
    let regenerated = read_file(&h, auth, &web).await.json();
    let regenerated = regenerated.as_str().expect("a file");
    assert!(!regenerated.contains("# edited by hand"));
    assert!(!regenerated.contains("redirect-shop-storefront-x1k2p9-1"));
    assert!(regenerated.contains("- auth-shop-storefront-x1k2p9"));

    // Errors: the recorded missing-config 400, an unknown application.
    let r = post(
        a,
        "/api/application.updateTraefikConfig",
        KEY,
        &json!({"applicationId": web}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            invalid(
                "application.updateTraefikConfig",
                json!({"traefikConfig": ["Invalid input: expected string, received undefined"]}),
                json!([{"expected": "string", "code": "invalid_type", "path": ["traefikConfig"],
                    "message": "Invalid input: expected string, received undefined"}])
            )
        )
    );
    for r in [
        read_file(&h, auth, "nope").await,
        post(
            a,
            "/api/application.updateTraefikConfig",
            KEY,
            &json!({"applicationId": "nope", "traefikConfig": "x"}),
        )
        .await,
    ] {
        assert_eq!(r.status, 404);
        assert_eq!(r.json()["message"], "Application not found");
    }
    // A compose service is no application.
    let r = read_file(&h, auth, &id_of(&h, "shop-monitoring-h5w3ke")).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn members_need_traefik_files_and_the_application() {
    let h = start_default().await;
    let member = ("x-api-key", MEMBER_KEY);
    let web = id_of(&h, STOREFRONT);
    let r = read_file(&h, member, &web).await;
    assert_eq!(
        (r.status, r.json()),
        (
            401,
            error(
                401,
                "UNAUTHORIZED",
                "Permission denied",
                "application.readTraefikConfig"
            )
        )
    );
    // Granted: Maya reads the files of her services, writes none (v0.30.2 grants reading only).
    {
        let mut st = h.shared.lock();
        let maya = st
            .members
            .iter_mut()
            .find(|m| m.user["firstName"] == "Maya")
            .expect("Maya");
        maya.row
            .insert("canAccessToTraefikFiles".into(), json!(true));
    }
    let r = read_file(&h, member, &web).await;
    assert_eq!((r.status, r.json()), (200, json!(STOREFRONT_FILE)));
    let r = read_file(&h, member, &id_of(&h, ADMIN_PANEL)).await;
    assert_eq!(r.json()["message"], "You don't have access to this service");
    let r = call(
        &h,
        member,
        "/api/application.updateTraefikConfig",
        Some(json!({"applicationId": web, "traefikConfig": "x"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (401, json!("Permission denied"))
    );
}

#[tokio::test]
async fn older_eras_read_and_save_the_traefik_file() {
    for era in [Era::V0_24_12, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let bearer = format!("Bearer {KEY}");
        let auth = if era == Era::V0_18_4 {
            ("Authorization", bearer.as_str())
        } else {
            ("x-api-key", KEY)
        };
        let web = id_of(&h, STOREFRONT);
        let r = read_file(&h, auth, &web).await;
        assert_eq!(
            (r.status, r.json()),
            (200, json!(STOREFRONT_FILE)),
            "{era:?}"
        );
        let r = call(
            &h,
            auth,
            "/api/application.updateTraefikConfig",
            Some(json!({"applicationId": web, "traefikConfig": "http: {}\n"})),
        )
        .await;
        assert_eq!((r.status, r.json()), (200, json!(true)), "{era:?}");
        assert_eq!(read_file(&h, auth, &web).await.json(), json!("http: {}\n"));
        let r = read_file(&h, auth, "nope").await;
        assert_eq!(
            (r.status, r.json()),
            (
                404,
                json!({"message": "Application not found", "code": "NOT_FOUND"})
            ),
            "{era:?}"
        );
    }
}

// ------------------------------------------------------------------ preview deployments

/// The seeded previews of the storefront: (id of pull request 42's, id of 43's).
fn seeded_previews(h: &Handle) -> (String, String) {
    let st = h.shared.lock();
    let id = |n: &str| {
        st.previews
            .iter()
            .find(|p| p["pullRequestNumber"] == n)
            .and_then(|p| p["previewDeploymentId"].as_str().map(String::from))
            .unwrap_or_else(|| panic!("no preview of pull request {n}"))
    };
    (id("42"), id("43"))
}

fn strings<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .map(|a| a.iter().filter_map(|x| x[key].as_str()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_storefront_has_two_seeded_previews() {
    let h = start_default().await;
    let a = h.addr;
    let web = id_of(&h, STOREFRONT);
    let (checkout, rounding) = seeded_previews(&h);
    let r = get(
        a,
        &format!("/api/previewDeployment.all?applicationId={web}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200);
    let all = r.json();
    // Newest first: pull request 43 was deployed last.
    assert_eq!(
        strings(&all, "previewDeploymentId"),
        [rounding.as_str(), checkout.as_str()]
    );
    let pr42 = &all[1];
    let mut bare = pr42.clone();
    let bare = bare.as_object_mut().expect("object");
    let deployments = bare.remove("deployments").expect("deployments");
    let domain = bare.remove("domain").expect("domain");
    assert_eq!(
        Value::Object(bare.clone()),
        json!({
            "previewDeploymentId": checkout, "branch": "feature/checkout-v2",
            "pullRequestId": "2217840391", "pullRequestNumber": "42",
            "pullRequestURL": "https://github.com/acme/storefront/pull/42",
            "pullRequestTitle": "New checkout flow", "pullRequestCommentId": "2519873645",
            "previewStatus": "done", "appName": "preview-shop-storefront-x1k2p9-a1b2c3",
            "applicationId": web, "domainId": domain["domainId"], "createdAt": bare["createdAt"],
            "expiresAt": null,
        })
    );
    assert_eq!(
        (
            &domain["host"],
            &domain["domainType"],
            &domain["previewDeploymentId"],
            &domain["applicationId"],
            &domain["port"],
            &domain["https"]
        ),
        (
            &json!("preview-shop-storefront-x1k2p9-a1b2c3.preview.acme.test"),
            &json!("preview"),
            &json!(checkout),
            &Value::Null,
            &json!(3000),
            &json!(false)
        )
    );
    assert_eq!(strings(&deployments, "status"), ["done", "done"]);
    let created = strings(&deployments, "createdAt");
    assert!(created[0] > created[1], "newest first");
    assert_eq!(
        deployments[0]["createdAt"], pr42["createdAt"],
        "a preview is stamped at its last deployment"
    );
    for d in deployments.as_array().expect("list") {
        assert_eq!(
            (&d["previewDeploymentId"], &d["applicationId"], &d["title"]),
            (&json!(checkout), &Value::Null, &json!("Preview Deployment"))
        );
        assert!(d["description"]
            .as_str()
            .is_some_and(|s| s.starts_with("Hash: ")));
        let took = d["finishedAt"].as_str() > d["startedAt"].as_str();
        assert!(took, "{d}");
        let log = get(
            a,
            &format!(
                "/api/deployment.readLogs?deploymentId={}",
                d["deploymentId"].as_str().unwrap_or_default()
            ),
            KEY,
        )
        .await
        .json();
        let log = log.as_str().expect("a log");
        assert!(log.contains("Cloning Repo github.com/acme/storefront to /etc/dokploy/applications/preview-shop-storefront-x1k2p9-a1b2c3/code"));
        assert!(log.contains("Docker Deployed: ✅"));
    }
    let pr43 = &all[0];
    assert_eq!(
        (
            &pr43["branch"],
            &pr43["pullRequestNumber"],
            &pr43["pullRequestTitle"],
            &pr43["previewStatus"]
        ),
        (
            &json!("fix/price-rounding"),
            &json!("43"),
            &json!("Round prices half-up"),
            &json!("error")
        )
    );
    assert_eq!(strings(&pr43["deployments"], "status"), ["error"]);
    let failed = pr43["deployments"][0]["deploymentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let log = get(
        a,
        &format!("/api/deployment.readLogs?deploymentId={failed}"),
        KEY,
    )
    .await
    .json();
    assert!(log
        .as_str()
        .is_some_and(|l| l.ends_with("Error occurred ❌, check the logs for details.\n")));
    // By type, as Dokploy lists a preview's deployments.
    let by_type = get(
        a,
        &format!("/api/deployment.allByType?id={rounding}&type=previewDeployment"),
        KEY,
    )
    .await
    .json();
    assert_eq!(strings(&by_type, "deploymentId"), [failed.as_str()]);
    assert_eq!(by_type[0]["rollback"], Value::Null);

    // The application: its preview settings, its previews as plain rows; its own domains only.
    let app = one(&h, "application", &web).await;
    assert_eq!(
        (
            &app["isPreviewDeploymentsActive"],
            &app["previewWildcard"],
            &app["previewPort"],
            &app["previewLimit"],
            &app["previewHttps"],
            &app["previewPath"],
            &app["previewCertificateType"]
        ),
        (
            &json!(true),
            &json!("*.preview.acme.test"),
            &json!(3000),
            &json!(3),
            &json!(false),
            &json!("/"),
            &json!("none")
        )
    );
    assert_eq!(
        strings(&app["previewDeployments"], "previewDeploymentId"),
        [checkout.as_str(), rounding.as_str()]
    );
    assert!(app["previewDeployments"][0].get("deployments").is_none());
    assert_eq!(
        strings(&app["domains"], "host"),
        ["shop.acme.test", "www.shop.acme.test"]
    );
    assert_eq!(app["deployments"].as_array().map(Vec::len), Some(3));
    // The preview's own file is not the application's.
    let file = read_file(&h, ("x-api-key", KEY), &web).await.json();
    assert!(!file.as_str().unwrap_or_default().contains("preview"));

    // One: with its domain and its application's id and server.
    let r = get(
        a,
        &format!("/api/previewDeployment.one?previewDeploymentId={checkout}"),
        KEY,
    )
    .await;
    let got = r.json();
    assert_eq!(got["domain"], domain);
    assert_eq!(
        got["application"],
        json!({"applicationId": web, "serverId": null})
    );
    assert!(got.get("deployments").is_none());
    // Other applications have none; v0.30.2 asks nothing of an unknown one.
    for id in [id_of(&h, CHECKOUT), "doesNotExist123".to_string()] {
        let r = get(
            a,
            &format!("/api/previewDeployment.all?applicationId={id}"),
            KEY,
        )
        .await;
        assert_eq!((r.status, r.json()), (200, json!([])));
        assert_eq!(
            one_or_none(&h, &id).await,
            if id == "doesNotExist123" {
                None
            } else {
                Some(json!([]))
            }
        );
    }
    // Ids are the same from run to run.
    let again = start_default().await;
    assert_eq!(seeded_previews(&again), (checkout, rounding));
}

async fn one_or_none(h: &Handle, id: &str) -> Option<Value> {
    let r = get(
        h.addr,
        &format!("/api/application.one?applicationId={id}"),
        KEY,
    )
    .await;
    (r.status == 200).then(|| r.json()["previewDeployments"].clone())
}

#[tokio::test]
async fn previews_redeploy_and_delete_like_dokploy() {
    let h = start(Config {
        deploy_step_ms: 60,
        ..Config::default()
    })
    .await;
    let a = h.addr;
    let web = id_of(&h, STOREFRONT);
    let (checkout, rounding) = seeded_previews(&h);
    let preview = |id: String| async move {
        get(
            a,
            &format!("/api/previewDeployment.one?previewDeploymentId={id}"),
            KEY,
        )
        .await
    };
    // Redeploy the failed one: a new deployment, running, then done; the preview follows.
    let r = post(
        a,
        "/api/previewDeployment.redeploy",
        KEY,
        &json!({"previewDeploymentId": rounding}),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!(true)));
    assert_eq!(
        preview(rounding.clone()).await.json()["previewStatus"],
        "running"
    );
    let list = |id: String| async move {
        get(
            a,
            &format!("/api/deployment.allByType?id={id}&type=previewDeployment"),
            KEY,
        )
        .await
        .json()
    };
    let deployments = list(rounding.clone()).await;
    assert_eq!(
        (
            &deployments[0]["title"],
            &deployments[0]["status"],
            &deployments[0]["description"]
        ),
        (
            &json!("Rebuild Preview Deployment"),
            &json!("running"),
            &json!("")
        )
    );
    let new_id = deployments[0]["deploymentId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for _ in 0..200 {
        if preview(rounding.clone()).await.json()["previewStatus"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        preview(rounding.clone()).await.json()["previewStatus"],
        "done"
    );
    let deployments = list(rounding.clone()).await;
    assert_eq!(strings(&deployments, "status"), ["done", "error"]);
    let log = get(
        a,
        &format!("/api/deployment.readLogs?deploymentId={new_id}"),
        KEY,
    )
    .await
    .json();
    let log = log.as_str().unwrap_or_default();
    assert!(log.starts_with("Initializing deployment\n"), "{log}");
    assert!(!log.contains("Cloning"), "a rebuild builds the code it has");
    assert!(log.ends_with("Docker Deployed: ✅\n"));
    // A title and a description of its own; the application's deployments do not change.
    let r = post(
        a,
        "/api/previewDeployment.redeploy",
        KEY,
        &json!({"previewDeploymentId": checkout, "title": "Retry", "description": "after fix"}),
    )
    .await;
    assert_eq!(r.status, 200);
    let deployments = list(checkout.clone()).await;
    assert_eq!(
        (&deployments[0]["title"], &deployments[0]["description"]),
        (&json!("Retry"), &json!("after fix"))
    );
    assert_eq!(
        one(&h, "application", &web).await["deployments"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );

    // Delete: the preview, its domain and its deployments go; `true`.
    let domain = preview(checkout.clone()).await.json()["domainId"].clone();
    let r = post(
        a,
        "/api/previewDeployment.delete",
        KEY,
        &json!({"previewDeploymentId": checkout}),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!(true)));
    let r = preview(checkout.clone()).await;
    assert_eq!(
        (r.status, r.json()),
        (
            404,
            error(
                404,
                "NOT_FOUND",
                "Preview Deployment not found",
                "previewDeployment.one"
            )
        )
    );
    assert_eq!(list(checkout.clone()).await, json!([]));
    let r = get(
        a,
        &format!(
            "/api/domain.one?domainId={}",
            domain.as_str().unwrap_or_default()
        ),
        KEY,
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        strings(
            &one(&h, "application", &web).await["previewDeployments"],
            "previewDeploymentId"
        ),
        [rounding.as_str()]
    );
    // Unknown previews.
    for (path, body) in [
        (
            "previewDeployment.delete",
            json!({"previewDeploymentId": checkout}),
        ),
        (
            "previewDeployment.redeploy",
            json!({"previewDeploymentId": "nope"}),
        ),
    ] {
        let r = post(a, &format!("/api/{path}"), KEY, &body).await;
        assert_eq!(
            (r.status, r.json()),
            (
                404,
                error(404, "NOT_FOUND", "Preview Deployment not found", path)
            )
        );
    }
    let r = post(a, "/api/previewDeployment.delete", KEY, &json!({})).await;
    assert_eq!(r.status, 400);
    // Removing the application removes its previews.
    let r = post(
        a,
        "/api/application.delete",
        KEY,
        &json!({"applicationId": web}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(preview(rounding.clone()).await.status, 404);
    assert!(h.shared.lock().previews.is_empty());
}

#[tokio::test]
async fn preview_settings_are_saved_by_application_update() {
    let h = start_default().await;
    let a = h.addr;
    let panel = id_of(&h, ADMIN_PANEL);
    let settings = json!({
        "isPreviewDeploymentsActive": true, "previewWildcard": "*.pr.tools.acme.test",
        "previewPort": 8080, "previewLimit": 5, "previewHttps": true, "previewPath": "/",
        "previewCertificateType": "custom", "previewCustomCertResolver": "acme-dns",
        "previewEnv": "PREVIEW=1", "previewBuildArgs": "NODE_ENV=preview",
        "previewLabels": ["preview"], "previewRequireCollaboratorPermissions": false,
    });
    let mut body = settings.clone();
    body["applicationId"] = json!(panel);
    let r = post(a, "/api/application.update", KEY, &body).await;
    assert_eq!((r.status, r.json()), (200, json!(true)), "{}", r.text());
    let got = one(&h, "application", &panel).await;
    for (k, v) in settings.as_object().expect("object") {
        assert_eq!(&got[k], v, "{k}");
    }
    let r = post(
        a,
        "/api/application.update",
        KEY,
        &json!({"applicationId": panel, "previewCertificateType": "acme", "previewLabels": ["a", 1],
            "previewPort": "80"}),
    )
    .await;
    assert_eq!(r.status, 400);
    let issues = r.json()["issues"].clone();
    assert_eq!(
        issues
            .as_array()
            .map(|a| a.iter().map(|i| i["path"].clone()).collect::<Vec<_>>()),
        Some(vec![
            json!(["previewLabels", 1]),
            json!(["previewPort"]),
            json!(["previewCertificateType"]),
        ])
    );
    assert_eq!(
        issues[2]["message"],
        "Invalid option: expected one of \"letsencrypt\"|\"none\"|\"custom\""
    );
}

#[tokio::test]
async fn members_see_the_previews_of_their_applications() {
    let h = start_default().await;
    let member = ("x-api-key", MEMBER_KEY);
    let web = id_of(&h, STOREFRONT);
    let (checkout, _) = seeded_previews(&h);
    let r = call(
        &h,
        member,
        &format!("/api/previewDeployment.all?applicationId={web}"),
        None,
    )
    .await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(2));
    let r = call(
        &h,
        member,
        &format!(
            "/api/previewDeployment.all?applicationId={}",
            id_of(&h, ADMIN_PANEL)
        ),
        None,
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            401,
            error(
                401,
                "UNAUTHORIZED",
                "You don't have access to this service",
                "previewDeployment.all"
            )
        )
    );
    // Maya may redeploy and delete the previews of her storefront.
    let r = call(
        &h,
        member,
        "/api/previewDeployment.delete",
        Some(json!({"previewDeploymentId": checkout})),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!(true)));
}

#[tokio::test]
async fn older_eras_show_previews_in_their_columns() {
    for era in [Era::V0_24_12, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let bearer = format!("Bearer {KEY}");
        let auth = if era == Era::V0_18_4 {
            ("Authorization", bearer.as_str())
        } else {
            ("x-api-key", KEY)
        };
        let web = id_of(&h, STOREFRONT);
        let (checkout, rounding) = seeded_previews(&h);
        let all = call(
            &h,
            auth,
            &format!("/api/previewDeployment.all?applicationId={web}"),
            None,
        )
        .await
        .json();
        assert_eq!(
            strings(&all, "previewDeploymentId"),
            [rounding.as_str(), checkout.as_str()],
            "{era:?}"
        );
        let domain = &all[1]["domain"];
        assert_eq!(
            domain["host"],
            "preview-shop-storefront-x1k2p9-a1b2c3.preview.acme.test"
        );
        assert!(domain.get("enabled").is_none(), "{era:?}: no enabled yet");
        assert!(all[1]["deployments"][0].get("buildServerId").is_none());
        // One nests the whole application row with its project.
        let got = call(
            &h,
            auth,
            &format!("/api/previewDeployment.one?previewDeploymentId={checkout}"),
            None,
        )
        .await
        .json();
        assert_eq!(got["application"]["appName"], STOREFRONT);
        assert_eq!(got["application"]["project"]["name"], "shop");
        assert_eq!(got["application"]["server"], Value::Null);
        assert!(got["application"].get("environmentId").is_none());
        // An unknown application is looked up first; no redeploy yet.
        let r = call(
            &h,
            auth,
            "/api/previewDeployment.all?applicationId=nope",
            None,
        )
        .await;
        assert_eq!(
            (r.status, r.json()),
            (
                404,
                json!({"message": "Application not found", "code": "NOT_FOUND"})
            )
        );
        let r = call(
            &h,
            auth,
            "/api/previewDeployment.redeploy",
            Some(json!({"previewDeploymentId": checkout})),
        )
        .await;
        assert_eq!(r.status, 404, "{era:?}");
        let app = call(
            &h,
            auth,
            &format!("/api/application.one?applicationId={web}"),
            None,
        )
        .await
        .json();
        assert_eq!(app["previewDeployments"].as_array().map(Vec::len), Some(2));
        let r = call(
            &h,
            auth,
            "/api/previewDeployment.delete",
            Some(json!({"previewDeploymentId": checkout})),
        )
        .await;
        assert_eq!((r.status, r.json()), (200, json!(true)));
        let by_type = call(
            &h,
            auth,
            &format!("/api/deployment.allByType?id={rounding}&type=previewDeployment"),
            None,
        )
        .await;
        if era == Era::V0_18_4 {
            assert_eq!(by_type.status, 404, "v0.18.4 has no allByType");
        } else {
            assert_eq!(by_type.json().as_array().map(Vec::len), Some(1));
        }
    }
}

// ------------------------------------------------------------------ reset and faults

#[tokio::test]
async fn reset_restores_settings_files_and_previews() {
    let h = start_default().await;
    let a = h.addr;
    let web = id_of(&h, STOREFRONT);
    let (checkout, rounding) = seeded_previews(&h);
    let mut body = swarm_settings();
    body["applicationId"] = json!(web);
    assert_eq!(
        post(a, "/api/application.update", KEY, &body).await.status,
        200
    );
    let r = post(
        a,
        "/api/application.updateTraefikConfig",
        KEY,
        &json!({"applicationId": web, "traefikConfig": "http: {}\n"}),
    )
    .await;
    assert_eq!(r.status, 200);
    for (path, id) in [
        ("previewDeployment.delete", &checkout),
        ("previewDeployment.redeploy", &rounding),
    ] {
        let r = post(
            a,
            &format!("/api/{path}"),
            KEY,
            &json!({"previewDeploymentId": id}),
        )
        .await;
        assert_eq!(r.status, 200);
    }
    let r = request(a, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
    let app = one(&h, "application", &web).await;
    assert_eq!(app["healthCheckSwarm"], Value::Null);
    assert_eq!(app["replicas"], 2);
    assert_eq!(
        read_file(&h, ("x-api-key", KEY), &web).await.json(),
        json!(STOREFRONT_FILE)
    );
    assert_eq!(seeded_previews(&h), (checkout, rounding.clone()));
    let all = get(
        a,
        &format!("/api/previewDeployment.all?applicationId={web}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(strings(&all, "previewStatus"), ["error", "done"]);
    assert_eq!(all[0]["deployments"].as_array().map(Vec::len), Some(1));
    // The redeploy stopped with the reset: nothing changes later.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let again = get(
        a,
        &format!("/api/previewDeployment.one?previewDeploymentId={rounding}"),
        KEY,
    )
    .await
    .json();
    assert_eq!(again["previewStatus"], "error");
}

#[tokio::test]
async fn faults_apply_to_the_new_procedures() {
    let h = start(Config {
        faults: "previewDeployment.*:500,application.readTraefikConfig:shape".into(),
        ..Config::default()
    })
    .await;
    let web = id_of(&h, STOREFRONT);
    let r = get(
        h.addr,
        &format!("/api/previewDeployment.all?applicationId={web}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["message"], "Sandbox fault: internal server error");
    let r = read_file(&h, ("x-api-key", KEY), &web).await;
    assert_eq!(r.status, 200);
    assert_ne!(r.json(), json!(STOREFRONT_FILE));
    let r = post(
        h.addr,
        "/api/application.update",
        KEY,
        &json!({"applicationId": web, "replicas": 1}),
    )
    .await;
    assert_eq!(r.status, 200, "other procedures answer");
}

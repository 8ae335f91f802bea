//! Duplicating (v0.30.2): `environment.duplicate` and `project.duplicate` (see
//! `src/duplicate.rs`).

mod common;

use common::{get, post, service_id, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::MEMBER_KEY;

fn ok(r: &common::Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn message(r: &common::Resp) -> (u16, String) {
    (
        r.status,
        r.json()["message"].as_str().unwrap_or_default().to_string(),
    )
}

fn shop(h: &skiff_sandbox::Handle) -> (String, Vec<String>) {
    let st = h.shared.lock();
    let p = st.project_by_name("shop").expect("shop");
    (
        p.row["projectId"].as_str().unwrap_or_default().to_string(),
        p.env_ids.clone(),
    )
}

#[tokio::test]
async fn an_environment_is_duplicated_empty_with_its_variables() {
    let h = start_default().await;
    let (pid, envs) = shop(&h);
    let r = post(
        h.addr,
        "/api/environment.duplicate",
        KEY,
        &json!({"environmentId": envs[0], "name": "qa"}),
    )
    .await;
    let row = ok(&r);
    assert_eq!(row["projectId"], json!(pid));
    assert_eq!(row["isDefault"], false);
    let source = ok(&get(
        h.addr,
        &format!("/api/environment.one?environmentId={}", envs[0]),
        KEY,
    )
    .await);
    assert_eq!(row["description"], source["description"]);
    assert_eq!(row["env"], source["env"]);
    let copy = ok(&get(
        h.addr,
        &format!(
            "/api/environment.one?environmentId={}",
            row["environmentId"].as_str().unwrap_or_default()
        ),
        KEY,
    )
    .await);
    assert_eq!(copy["applications"], json!([]));
    assert_eq!(
        message(
            &post(
                h.addr,
                "/api/environment.duplicate",
                KEY,
                &json!({"environmentId": "nope", "name": "x"})
            )
            .await
        ),
        (
            400,
            "Error duplicating the environment: Environment not found".into()
        )
    );
}

#[tokio::test]
async fn services_are_copied_into_a_new_project_or_beside_themselves() {
    let h = start_default().await;
    let (_, envs) = shop(&h);
    let storefront = service_id(&h, "shop-storefront-x1k2p9");
    let cache = service_id(&h, "shop-cache-p2l9sd");
    let r = post(
        h.addr,
        "/api/project.duplicate",
        KEY,
        &json!({"sourceEnvironmentId": envs[0], "name": "shop-copy", "description": "copy",
                "selectedServices": [{"id": storefront, "type": "application"},
                                     {"id": cache, "type": "redis"}]}),
    )
    .await;
    let env = ok(&r);
    assert_eq!(
        (env["name"].clone(), env["isDefault"].clone()),
        (json!("production"), json!(true))
    );
    let one = ok(&get(
        h.addr,
        &format!(
            "/api/environment.one?environmentId={}",
            env["environmentId"].as_str().unwrap_or_default()
        ),
        KEY,
    )
    .await);
    assert_eq!(one["project"]["name"], "shop-copy");
    let app = &one["applications"][0];
    assert_eq!(
        app["name"], "storefront",
        "the same name in another project"
    );
    assert_ne!(app["applicationId"], json!(storefront));
    let original = ok(&get(
        h.addr,
        &format!("/api/application.one?applicationId={storefront}"),
        KEY,
    )
    .await);
    let copy = ok(&get(
        h.addr,
        &format!(
            "/api/application.one?applicationId={}",
            app["applicationId"].as_str().unwrap_or_default()
        ),
        KEY,
    )
    .await);
    for k in ["createdAt", "applicationStatus", "dockerImage", "env"] {
        assert_eq!(copy[k], original[k], "{k}");
    }
    let app_name = copy["appName"].as_str().unwrap_or_default();
    assert!(app_name.starts_with("shop-storefront-") && app_name != "shop-storefront-x1k2p9");
    assert_eq!(
        copy["domains"].as_array().map(Vec::len),
        original["domains"].as_array().map(Vec::len)
    );
    assert_eq!(one["redis"].as_array().map(Vec::len), Some(1));

    // Beside themselves: "(copy)", and the answer is the environment as it was.
    let r = post(
        h.addr,
        "/api/project.duplicate",
        KEY,
        &json!({"sourceEnvironmentId": envs[0], "name": "shop", "duplicateInSameProject": true,
                "selectedServices": [{"id": cache, "type": "redis"}]}),
    )
    .await;
    let before = ok(&r);
    assert_eq!(before["redis"].as_array().map(Vec::len), Some(1));
    let after = ok(&get(
        h.addr,
        &format!("/api/environment.one?environmentId={}", envs[0]),
        KEY,
    )
    .await);
    let names: Vec<&str> = after["redis"]
        .as_array()
        .expect("redis")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["shop-cache", "shop-cache (copy)"]);
}

#[tokio::test]
async fn a_postgres_with_backups_fails_like_dokploy_after_its_copy_is_made() {
    let h = start_default().await;
    let (_, envs) = shop(&h);
    let db = service_id(&h, "shop-db-7f3k2a");
    let r = post(
        h.addr,
        "/api/project.duplicate",
        KEY,
        &json!({"sourceEnvironmentId": envs[0], "name": "shop", "duplicateInSameProject": true,
                "selectedServices": [{"id": db, "type": "postgres"}]}),
    )
    .await;
    let (status, msg) = message(&r);
    assert_eq!(status, 400);
    assert!(
        msg.starts_with("Error duplicating the project: Failed query: insert into \"backup\""),
        "{msg}"
    );
    let after = ok(&get(
        h.addr,
        &format!("/api/environment.one?environmentId={}", envs[0]),
        KEY,
    )
    .await);
    assert!(after["postgres"]
        .as_array()
        .is_some_and(|p| p.iter().any(|x| x["name"] == "shop-db (copy)")));
    // unknown services and environments
    assert_eq!(
        message(
            &post(
                h.addr,
                "/api/project.duplicate",
                KEY,
                &json!({"sourceEnvironmentId": "nope", "name": "x", "duplicateInSameProject": true})
            )
            .await
        ),
        (
            400,
            "Error duplicating the project: Environment not found".into()
        )
    );
    assert_eq!(
        message(
            &post(
                h.addr,
                "/api/project.duplicate",
                KEY,
                &json!({"sourceEnvironmentId": envs[0], "name": "x",
                        "selectedServices": [{"id": "nope", "type": "mysql"}]})
            )
            .await
        ),
        (400, "Error duplicating the project: MySql not found".into())
    );
}

#[tokio::test]
async fn a_member_needs_to_create_projects() {
    let h = start_default().await;
    let (_, envs) = shop(&h);
    assert_eq!(
        message(
            &post(
                h.addr,
                "/api/project.duplicate",
                MEMBER_KEY,
                &json!({"sourceEnvironmentId": envs[0], "name": "x"})
            )
            .await
        ),
        (
            400,
            "Error duplicating the project: unauthorized to access resource \"project\"".into()
        )
    );
}

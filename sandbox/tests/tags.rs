//! Tags (`tag.*`, v0.30.2 only): the seeded ones on their projects, what `bulkAssign` and
//! `remove` do to the projects' tags, drizzle's failed queries, members' access, and the older
//! eras without any.

mod common;

use common::{call, get, post, request, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, Handle, MEMBER_KEY};

fn project_id(h: &Handle, name: &str) -> String {
    let st = h.shared.lock();
    let p = st
        .project_by_name(name)
        .unwrap_or_else(|| panic!("no project {name}"));
    p.row["projectId"].as_str().unwrap_or_default().to_string()
}

/// The names of a project's tags (`project.one`'s `projectTags`), in their order.
async fn tags_of(h: &Handle, project: &str) -> Vec<String> {
    let r = get(
        h.addr,
        &format!("/api/project.one?projectId={project}"),
        KEY,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["projectTags"]
        .as_array()
        .expect("projectTags")
        .iter()
        .map(|pt| {
            assert_eq!(pt["projectId"], project);
            assert_eq!(pt["tagId"], pt["tag"]["tagId"]);
            pt["tag"]["name"].as_str().unwrap_or_default().to_string()
        })
        .collect()
}

async fn create(h: &Handle, name: &str) -> String {
    let r = post(h.addr, "/api/tag.create", KEY, &json!({"name": name})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["tagId"].as_str().unwrap_or_default().to_string()
}

async fn tag_id(h: &Handle, name: &str) -> String {
    let all = get(h.addr, "/api/tag.all", KEY).await.json();
    all.as_array()
        .into_iter()
        .flatten()
        .find(|t| t["name"] == name)
        .and_then(|t| t["tagId"].as_str())
        .unwrap_or_else(|| panic!("no tag {name}"))
        .to_string()
}

#[tokio::test]
async fn the_demo_has_tags_on_its_projects() {
    let h = start_default().await;
    let org = h.shared.lock().org_id();
    let all = get(h.addr, "/api/tag.all", KEY).await.json();
    let rows = all.as_array().expect("a list");
    let names: Vec<&str> = rows.iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(names, ["internal", "production"], "by name");
    assert_eq!(rows[0]["color"], "#f59e0b");
    assert_eq!(rows[1]["color"], "#10b981");
    for t in rows {
        let mut keys: Vec<&String> = t.as_object().expect("a row").keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["color", "createdAt", "name", "organizationId", "tagId"]
        );
        assert_eq!(t["organizationId"], json!(org));
    }

    let shop = project_id(&h, "shop");
    let tools = project_id(&h, "internal-tools");
    let blog = project_id(&h, "blog");
    assert_eq!(tags_of(&h, &shop).await, ["production"]);
    assert_eq!(tags_of(&h, &tools).await, ["internal"]);
    assert!(tags_of(&h, &blog).await.is_empty());
    let projects = get(h.addr, "/api/project.all", KEY).await.json();
    let shop_row = projects
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["projectId"] == json!(shop))
        .expect("the shop");
    let pt = &shop_row["projectTags"][0];
    assert!(pt["id"].is_string());
    assert_eq!(pt["tag"], rows[1], "the whole tag row");

    // The same ids every run; a reset brings them back.
    let again = start_default().await;
    let ids = |v: &Value| -> Vec<Value> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|t| t["tagId"].clone())
            .collect()
    };
    assert_eq!(
        ids(&get(again.addr, "/api/tag.all", KEY).await.json()),
        ids(&all)
    );
    let production = tag_id(&h, "production").await;
    let r = post(
        h.addr,
        "/api/tag.remove",
        KEY,
        &json!({"tagId": production}),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = request(h.addr, "POST", "/__sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        ids(&get(h.addr, "/api/tag.all", KEY).await.json()),
        ids(&all)
    );
    assert_eq!(tags_of(&h, &shop).await, ["production"]);
}

#[tokio::test]
async fn bulk_assign_gives_a_project_exactly_the_tags_named() {
    let h = start_default().await;
    let shop = project_id(&h, "shop");
    let beta = create(&h, "beta").await;
    let alpha = create(&h, "alpha").await;
    let production = tag_id(&h, "production").await;

    let bulk = |tags: Value| json!({"projectId": shop, "tagIds": tags});
    let r = post(
        h.addr,
        "/api/tag.bulkAssign",
        KEY,
        &bulk(json!([beta, alpha])),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!({"success": true})));
    assert_eq!(
        tags_of(&h, &shop).await,
        ["beta", "alpha"],
        "production is gone"
    );

    let r = post(
        h.addr,
        "/api/tag.bulkAssign",
        KEY,
        &bulk(json!([alpha, production])),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(tags_of(&h, &shop).await, ["alpha", "production"]);

    // A tag that does not exist: 404, and nothing changes.
    let r = post(
        h.addr,
        "/api/tag.bulkAssign",
        KEY,
        &bulk(json!([beta, "doesNotExist123"])),
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json()["message"],
        "One or more tags not found in your organization"
    );
    assert_eq!(tags_of(&h, &shop).await, ["alpha", "production"]);

    let r = post(h.addr, "/api/tag.bulkAssign", KEY, &bulk(json!([]))).await;
    assert_eq!(r.status, 200);
    assert!(tags_of(&h, &shop).await.is_empty(), "[] clears them");

    // The same tag twice: the insert fails after the delete (no transaction).
    let r = post(h.addr, "/api/tag.bulkAssign", KEY, &bulk(json!([beta]))).await;
    assert_eq!(r.status, 200);
    let r = post(
        h.addr,
        "/api/tag.bulkAssign",
        KEY,
        &bulk(json!([alpha, alpha])),
    )
    .await;
    assert_eq!(r.status, 400);
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(
        message.starts_with("Error bulk assigning tags to project: Failed query: insert into \"project_tag\" (\"id\", \"projectId\", \"tagId\") values ($1, $2, $3), ($4, $5, $6)\nparams: "),
        "{message}"
    );
    assert!(message.ends_with(&format!(",{shop},{alpha}")), "{message}");
    assert!(tags_of(&h, &shop).await.is_empty());

    // An empty id is refused like zod does.
    let r = post(h.addr, "/api/tag.bulkAssign", KEY, &bulk(json!([""]))).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["issues"],
        json!([{"origin": "string", "code": "too_small", "minimum": 1, "inclusive": true,
            "path": ["tagIds", 0], "message": "Too small: expected string to have >=1 characters"}])
    );
    let r = post(
        h.addr,
        "/api/tag.bulkAssign",
        KEY,
        &json!({"projectId": "doesNotExist123", "tagIds": []}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (
            404,
            json!("Project not found or you don't have permission to modify it")
        )
    );
}

#[tokio::test]
async fn removing_a_tag_takes_it_off_every_project() {
    let h = start_default().await;
    let shop = project_id(&h, "shop");
    let blog = project_id(&h, "blog");
    let production = tag_id(&h, "production").await;
    let r = post(
        h.addr,
        "/api/tag.assignToProject",
        KEY,
        &json!({"projectId": blog, "tagId": production}),
    )
    .await;
    assert_eq!(r.status, 200);
    let row = r.json();
    assert_eq!(row["projectId"], json!(blog));
    assert_eq!(row["tagId"], json!(production));
    assert_eq!(row.as_object().map(|m| m.len()), Some(3), "{row}");
    assert_eq!(tags_of(&h, &blog).await, ["production"]);

    let r = post(
        h.addr,
        "/api/tag.remove",
        KEY,
        &json!({"tagId": production}),
    )
    .await;
    assert_eq!((r.status, r.json()), (200, json!({"success": true})));
    assert!(tags_of(&h, &shop).await.is_empty());
    assert!(tags_of(&h, &blog).await.is_empty());
    let all = get(h.addr, "/api/tag.all", KEY).await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    let r = get(h.addr, &format!("/api/tag.one?tagId={production}"), KEY).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (404, json!("Tag not found"))
    );
    let r = post(
        h.addr,
        "/api/tag.remove",
        KEY,
        &json!({"tagId": production}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (
            404,
            json!("Tag not found or you don't have permission to delete it")
        )
    );

    // Removing a project takes its assignments, not the tag.
    let tools = project_id(&h, "internal-tools");
    let r = post(
        h.addr,
        "/api/project.remove",
        KEY,
        &json!({"projectId": tools}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(h.shared.lock().project_tags.is_empty());
    assert_eq!(tag_id(&h, "internal").await.len(), 21);
}

#[tokio::test]
async fn failed_writes_read_like_drizzle() {
    let h = start_default().await;
    let org = h.shared.lock().org_id();
    // A name the organization has (no color given: the column's `default`).
    let r = post(h.addr, "/api/tag.create", KEY, &json!({"name": "internal"})).await;
    assert_eq!(r.status, 400);
    let body = r.json();
    assert_eq!(body["code"], "BAD_REQUEST");
    let message = body["message"].as_str().unwrap_or_default();
    let (query, params) = message.split_once("\nparams: ").expect("params");
    assert_eq!(
        query,
        "Error creating tag: Failed query: insert into \"tag\" (\"tagId\", \"name\", \"color\", \"createdAt\", \"organizationId\") values ($1, $2, default, $3, $4) returning \"tagId\", \"name\", \"color\", \"createdAt\", \"organizationId\""
    );
    let params: Vec<&str> = params.split(',').collect();
    assert_eq!(
        (params.len(), params[1], params[3]),
        (4, "internal", org.as_str())
    );

    let internal = tag_id(&h, "internal").await;
    let r = post(
        h.addr,
        "/api/tag.update",
        KEY,
        &json!({"tagId": internal, "name": "production", "color": null}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        format!("Error updating tag: Failed query: update \"tag\" set \"name\" = $1, \"color\" = $2 where \"tag\".\"tagId\" = $3 returning \"tagId\", \"name\", \"color\", \"createdAt\", \"organizationId\"\nparams: production,,{internal}")
    );
    let r = post(h.addr, "/api/tag.update", KEY, &json!({"tagId": internal})).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("Error updating tag: No values to set"))
    );
    // Its own name is no clash; a null color clears it.
    let r = post(
        h.addr,
        "/api/tag.update",
        KEY,
        &json!({"tagId": internal, "name": "internal", "color": null}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["color"], Value::Null);

    let shop = project_id(&h, "shop");
    let production = tag_id(&h, "production").await;
    let r = post(
        h.addr,
        "/api/tag.assignToProject",
        KEY,
        &json!({"projectId": shop, "tagId": production}),
    )
    .await;
    assert_eq!(r.status, 400);
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(message.starts_with("Error assigning tag to project: Failed query: insert into \"project_tag\" (\"id\", \"projectId\", \"tagId\") values ($1, $2, $3) returning \"id\", \"projectId\", \"tagId\"\nparams: "), "{message}");
    assert!(
        message.ends_with(&format!(",{shop},{production}")),
        "{message}"
    );
    let r = post(
        h.addr,
        "/api/tag.assignToProject",
        KEY,
        &json!({"projectId": shop, "tagId": "doesNotExist123"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (
            404,
            json!("Tag not found or you don't have permission to use it")
        )
    );
}

#[tokio::test]
async fn members_read_tags_and_tag_only_their_projects() {
    let h = start_default().await;
    let auth = ("x-api-key", MEMBER_KEY);
    let r = call(&h, auth, "/api/tag.all", None).await;
    assert_eq!(r.status, 200);
    let internal = tag_id(&h, "internal").await;
    let denied =
        json!({"message": "unauthorized to access resource \"tag\"", "code": "UNAUTHORIZED"});
    for (path, body) in [
        ("/api/tag.create", json!({"name": "mine"})),
        ("/api/tag.update", json!({"tagId": internal, "name": "x"})),
        ("/api/tag.remove", json!({"tagId": internal})),
    ] {
        let r = call(&h, auth, path, Some(body)).await;
        assert_eq!(r.status, 401, "{path}");
        let b = r.json();
        assert_eq!(
            json!({"message": b["message"], "code": b["code"]}),
            denied,
            "{path}"
        );
    }
    // Maya was given the shop and the blog, not internal-tools.
    let tools = project_id(&h, "internal-tools");
    let blog = project_id(&h, "blog");
    for path in [
        "/api/tag.assignToProject",
        "/api/tag.removeFromProject",
        "/api/tag.bulkAssign",
    ] {
        let mut body = json!({"projectId": tools, "tagId": internal});
        if path.ends_with("bulkAssign") {
            body = json!({"projectId": tools, "tagIds": []});
        }
        let r = call(&h, auth, path, Some(body)).await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (401, json!("You don't have access to this project")),
            "{path}"
        );
    }
    let r = call(
        &h,
        auth,
        "/api/tag.assignToProject",
        Some(json!({"projectId": blog, "tagId": internal})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let projects = call(&h, auth, "/api/project.all", None).await.json();
    let blog_row = projects
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["projectId"] == json!(blog))
        .expect("Maya sees the blog");
    assert_eq!(blog_row["projectTags"][0]["tag"]["name"], "internal");
}

#[tokio::test]
async fn older_eras_have_no_tags() {
    for era in [Era::V0_24_12, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let auth = if era == Era::V0_18_4 {
            ("Authorization", format!("Bearer {KEY}"))
        } else {
            ("x-api-key", KEY.to_string())
        };
        let auth = (auth.0, auth.1.as_str());
        let r = call(&h, auth, "/api/tag.all", None).await;
        assert_eq!(r.status, 404, "{era:?}");
        assert_eq!(
            r.json(),
            json!({"message": "Not found", "code": "NOT_FOUND"}),
            "{era:?}"
        );
        let r = call(
            &h,
            auth,
            "/api/tag.create",
            Some(json!({"name": "production"})),
        )
        .await;
        assert_eq!(r.status, 404, "{era:?}");
        assert_eq!(h.shared.stats().missing.get("tag.all"), Some(&1));
        assert!(h.shared.lock().tags.is_empty(), "{era:?}: none seeded");

        let projects = call(&h, auth, "/api/project.all", None).await.json();
        let list = projects.as_array().expect("projects");
        assert!(!list.is_empty());
        for p in list {
            assert!(p.get("projectTags").is_none(), "{era:?}: {}", p["name"]);
        }
        let shop = project_id(&h, "shop");
        let one = call(
            &h,
            auth,
            &format!("/api/project.one?projectId={shop}"),
            None,
        )
        .await
        .json();
        assert_eq!(one["name"], "shop");
        assert!(one.get("projectTags").is_none(), "{era:?}");
    }
}

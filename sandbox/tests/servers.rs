//! Git providers (`gitProvider.*`, `github.githubProviders`, ...) and remote servers
//! (`server.*`): the seeded ones, their shapes per era, removal, members' access and the
//! monitoring endpoint of a seeded server.

mod common;

use common::{call, get, post, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, SeedOptions, MEMBER_KEY};

fn ok(r: &common::Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect()
}

#[tokio::test]
async fn the_demo_has_a_github_app_and_a_gitlab_provider() {
    let h = start_default().await;
    let (org, owner) = {
        let st = h.shared.lock();
        (st.org_id(), st.owner().row["userId"].clone())
    };
    let all = ok(&get(h.addr, "/api/gitProvider.getAll", KEY).await);
    // Newest first.
    assert_eq!(names(&all), ["Acme GitLab", "Skiff Demo GitHub App"]);
    let gitlab = &all[0];
    // The README's ids.
    assert_eq!(gitlab["gitProviderId"], "mv4Woc-Af7IsVqdlfjYKq");
    assert_eq!(gitlab["gitlab"]["gitlabId"], "itmiIv9WVgLvOli6vUfsl");
    assert_eq!(all[1]["gitProviderId"], "eofIK2eKMqcLrNJpEesye");
    assert_eq!(all[1]["github"]["githubId"], "6BoBK16XYPPvHTki-lzHo");
    assert_eq!(gitlab["providerType"], "gitlab");
    assert_eq!(gitlab["organizationId"], org);
    assert_eq!(gitlab["userId"], owner);
    assert_eq!(gitlab["sharedWithOrganization"], true);
    assert_eq!(gitlab["isOwner"], true);
    assert_eq!(
        gitlab["gitlab"].as_object().map(|o| o.len()),
        Some(4),
        "{gitlab}"
    );
    assert_eq!(gitlab["gitlab"]["gitlabUrl"], "https://gitlab.com");
    assert_eq!(gitlab["gitlab"]["isConfigured"], true);
    for k in ["github", "bitbucket", "gitea"] {
        assert_eq!(gitlab[k], Value::Null);
    }
    let github = &all[1]["github"];
    let keys: Vec<&str> = github
        .as_object()
        .expect("github")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "githubAppId",
            "githubAppName",
            "githubId",
            "githubInstallationId",
            "githubUrl",
            "isConfigured"
        ],
        "v0.30.2 answers no secrets"
    );
    assert_eq!(github["isConfigured"], true);

    let gh = ok(&get(h.addr, "/api/github.githubProviders", KEY).await);
    assert_eq!(gh.as_array().map(Vec::len), Some(1));
    assert_eq!(gh[0]["githubId"], github["githubId"]);
    assert_eq!(gh[0]["githubUrl"], "https://github.com");
    assert_eq!(gh[0]["gitProvider"]["name"], "Skiff Demo GitHub App");
    let gl = ok(&get(h.addr, "/api/gitlab.gitlabProviders", KEY).await);
    assert_eq!(gl[0]["gitlabUrl"], "https://gitlab.com");
    assert_eq!(gl[0]["gitProvider"]["providerType"], "gitlab");
    assert_eq!(
        ok(&get(h.addr, "/api/gitea.giteaProviders", KEY).await),
        json!([])
    );
    assert_eq!(
        ok(&get(h.addr, "/api/bitbucket.bitbucketProviders", KEY).await),
        json!([])
    );

    // A member sees the shared GitLab provider only, and may not remove providers.
    let mine = ok(&get(h.addr, "/api/gitProvider.getAll", MEMBER_KEY).await);
    assert_eq!(names(&mine), ["Acme GitLab"]);
    assert_eq!(mine[0]["isOwner"], false);
    assert_eq!(
        ok(&get(h.addr, "/api/github.githubProviders", MEMBER_KEY).await),
        json!([])
    );
    let id = all[1]["gitProviderId"].clone();
    let r = post(
        h.addr,
        "/api/gitProvider.remove",
        MEMBER_KEY,
        &json!({"gitProviderId": id}),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json()["message"],
        "unauthorized to access resource \"gitProviders\""
    );
    let r = get(h.addr, "/api/gitProvider.allForPermissions", KEY).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (403, json!("Valid enterprise license required"))
    );

    // The owner removes the GitHub App: the answer is the git_provider row.
    let r = post(
        h.addr,
        "/api/gitProvider.remove",
        KEY,
        &json!({"gitProviderId": id}),
    )
    .await;
    let removed = ok(&r);
    assert_eq!(removed["gitProviderId"], id);
    assert_eq!(removed["name"], "Skiff Demo GitHub App");
    assert!(removed.get("github").is_none() && removed.get("isOwner").is_none());
    let all = ok(&get(h.addr, "/api/gitProvider.getAll", KEY).await);
    assert_eq!(names(&all), ["Acme GitLab"]);
    assert_eq!(
        ok(&get(h.addr, "/api/github.githubProviders", KEY).await),
        json!([])
    );
    let r = post(
        h.addr,
        "/api/gitProvider.remove",
        KEY,
        &json!({"gitProviderId": id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("Git Provider not found"))
    );
}

#[tokio::test]
async fn older_eras_answer_whole_provider_rows() {
    for era in [Era::V0_24_12, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let token = format!("Bearer {KEY}");
        let auth = if era == Era::V0_18_4 {
            ("Authorization", token.as_str())
        } else {
            ("x-api-key", KEY)
        };
        let all = ok(&call(&h, auth, "/api/gitProvider.getAll", None).await);
        assert_eq!(names(&all), ["Acme GitLab", "Skiff Demo GitHub App"]);
        let gh = &all[1];
        assert!(gh.get("isOwner").is_none() && gh.get("sharedWithOrganization").is_none());
        let secret = gh["github"]["githubPrivateKey"].as_str().expect("a key");
        assert!(secret.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
        assert!(gh["github"]["githubClientSecret"]
            .as_str()
            .unwrap()
            .starts_with("fake-"));
        assert!(gh["github"].get("githubUrl").is_none(), "{era:?}");
        assert!(all[0]["gitlab"]["accessToken"]
            .as_str()
            .unwrap()
            .starts_with("fake-"));
        assert!(all[0]["gitlab"].get("gitlabInternalUrl").is_none());
        if era == Era::V0_18_4 {
            assert!(gh.get("gitea").is_none(), "v0.18.4 had no gitea");
            assert!(gh["adminId"].is_string() && gh.get("organizationId").is_none());
        } else {
            assert_eq!(gh["gitea"], Value::Null);
        }
        let gl = ok(&call(&h, auth, "/api/gitlab.gitlabProviders", None).await);
        assert_eq!(gl[0].get("gitlabUrl").is_some(), era == Era::V0_24_12);
        let r = call(
            &h,
            auth,
            "/api/gitProvider.remove",
            Some(json!({"gitProviderId": "nope"})),
        )
        .await;
        let expected = if era == Era::V0_18_4 {
            "Error deleting this Git provider"
        } else {
            "Git Provider not found"
        };
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (400, json!(expected))
        );
        let r = call(&h, auth, "/api/gitProvider.allForPermissions", None).await;
        assert_eq!(r.status, 404, "{era:?}: added later");
    }
    // v0.24.12: everyone sees the providers they added, and no other.
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let member = ("x-api-key", MEMBER_KEY);
    assert_eq!(
        ok(&call(&h, member, "/api/gitProvider.getAll", None).await),
        json!([])
    );
}

#[tokio::test]
async fn the_demo_has_a_build_server_with_the_deploy_key() {
    let h = start_default().await;
    let key_id = {
        let st = h.shared.lock();
        st.ssh_keys[0]["sshKeyId"].clone()
    };
    let all = ok(&get(h.addr, "/api/server.all", KEY).await);
    assert_eq!(names(&all), ["build-01"]);
    let build = &all[0];
    assert_eq!(build["serverStatus"], "active");
    assert_eq!(build["serverType"], "build");
    assert_eq!(build["sshKeyId"], key_id);
    assert_eq!(build["totalSum"], 0);
    assert_eq!(build["port"], 22);
    assert_eq!(build["username"], "root");
    assert_eq!(build["metricsConfig"]["server"]["port"], 4500);
    let id = build["serverId"].as_str().unwrap().to_string();
    assert_eq!(id, "CnkoGglgVu5QmA8xCimuC", "the README's id");

    let one = ok(&get(h.addr, &format!("/api/server.one?serverId={id}"), KEY).await);
    assert_eq!(one["deployments"], json!([]));
    assert_eq!(one["sshKey"]["name"], "deploy-key");
    assert_eq!(
        one["sshKey"]["privateKey"], "",
        "v0.30.2 blanks the private key"
    );
    assert!(one.get("totalSum").is_none());
    let r = get(h.addr, "/api/server.one?serverId=doesNotExist123", KEY).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (404, json!("Server not found"))
    );

    assert_eq!(ok(&get(h.addr, "/api/server.count", KEY).await), json!(1));
    assert_eq!(
        names(&ok(&get(h.addr, "/api/server.buildServers", KEY).await)),
        ["build-01"]
    );
    assert_eq!(
        ok(&get(h.addr, "/api/server.withSSHKey", KEY).await),
        json!([])
    );

    // Members: no server.read; count and metrics are theirs.
    for path in [
        "/api/server.all".to_string(),
        format!("/api/server.one?serverId={id}"),
        "/api/server.withSSHKey".into(),
        "/api/server.buildServers".into(),
    ] {
        let r = get(h.addr, &path, MEMBER_KEY).await;
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(
            r.json()["message"],
            "unauthorized to access resource \"server\""
        );
    }
    assert_eq!(
        ok(&get(h.addr, "/api/server.count", MEMBER_KEY).await),
        json!(0)
    );

    // Removing the key leaves the server without one.
    let r = post(
        h.addr,
        "/api/sshKey.remove",
        KEY,
        &json!({"sshKeyId": key_id}),
    )
    .await;
    ok(&r);
    let one = ok(&get(h.addr, &format!("/api/server.one?serverId={id}"), KEY).await);
    assert_eq!(
        (one["sshKeyId"].clone(), one["sshKey"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(
        ok(&get(h.addr, "/api/server.buildServers", KEY).await),
        json!([])
    );
}

#[tokio::test]
async fn the_seeded_servers_monitoring_answers() {
    let h = start_default().await;
    let q = |url: &str, token: &str, points: &str| {
        format!(
            "/api/server.getServerMetrics?url={}&token={token}&dataPoints={points}",
            url.replace(':', "%3A").replace('/', "%2F")
        )
    };
    let url = "http://203.0.113.10:4500/metrics";
    let token = "fake-metrics-token-build-01";
    let points = ok(&get(h.addr, &q(url, token, "50"), MEMBER_KEY).await);
    let points = points.as_array().expect("samples");
    assert_eq!(points.len(), 50);
    let first = &points[0];
    for k in [
        "cpu",
        "memUsed",
        "memUsedGB",
        "memTotal",
        "diskUsed",
        "totalDisk",
        "networkIn",
        "networkOut",
    ] {
        let text = first[k].as_str().unwrap_or_else(|| panic!("{k}: {first}"));
        assert!(text.parse::<f64>().is_ok() && text.split('.').nth(1).map(str::len) == Some(2));
    }
    assert!(first["uptime"].is_u64() && first["cpuCores"] == 4);
    assert!(points[0]["timestamp"].as_str() < points[49]["timestamp"].as_str());
    assert_eq!(
        ok(&get(h.addr, &q(url, token, "all"), KEY).await)
            .as_array()
            .map(Vec::len),
        Some(2880),
        "two days, a sample a minute"
    );
    assert_eq!(
        ok(&get(h.addr, &q(url, token, "x"), KEY).await)
            .as_array()
            .map(Vec::len),
        Some(50)
    );
    let message = |path: String| {
        let h = &h;
        async move {
            let r = get(h.addr, &path, KEY).await;
            assert_eq!(r.status, 500, "{}", r.text());
            r.json()["message"].as_str().unwrap_or_default().to_string()
        }
    };
    assert_eq!(
        message(q(url, "wrong", "50")).await,
        "Error 401: Unauthorized. Ensure the container is running and this service is included in the monitoring configuration."
    );
    assert!(message(q(url, token, "0"))
        .await
        .starts_with("No monitoring data available."));
    assert_eq!(message(q("not-a-url", "x", "50")).await, "Invalid URL");
    assert_eq!(
        message(q("http://127.0.0.1:9/metrics", "x", "50")).await,
        "fetch failed"
    );
}

#[tokio::test]
async fn remote_server_services_run_on_a_listed_server() {
    let h = start(Config {
        seed: SeedOptions {
            remote_server: true,
            ..SeedOptions::default()
        },
        ..Config::default()
    })
    .await;
    let all = ok(&get(h.addr, "/api/server.all", KEY).await);
    assert_eq!(names(&all), ["edge-1", "build-01"]);
    // Both storefronts (applications) and monitoring (a compose service): Dokploy's joins
    // count each application once per compose row and the compose once per application row.
    assert_eq!(all[0]["totalSum"], 4);
    assert_eq!(all[0]["serverType"], "deploy");
    assert_eq!(
        names(&ok(&get(h.addr, "/api/server.withSSHKey", KEY).await)),
        ["edge-1"]
    );
    let edge = all[0]["serverId"].clone();
    let st = h.shared.lock();
    let on_edge: Vec<String> = st
        .services
        .values()
        .filter(|s| s.row.get("serverId") == Some(&edge))
        .map(|s| s.row["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(on_edge.len(), 3, "{on_edge:?}");
}

#[tokio::test]
async fn older_eras_have_their_servers_columns() {
    for era in [Era::V0_24_12, Era::V0_18_4] {
        let h = start(Config {
            era,
            ..Config::default()
        })
        .await;
        let token = format!("Bearer {KEY}");
        let auth = if era == Era::V0_18_4 {
            ("Authorization", token.as_str())
        } else {
            ("x-api-key", KEY)
        };
        let all = ok(&call(&h, auth, "/api/server.all", None).await);
        let row = &all[0];
        assert_eq!(row["name"], "build-01");
        assert!(row.get("serverType").is_none() && row.get("buildsConcurrency").is_none());
        assert_eq!(row["adminId"].is_string(), era == Era::V0_18_4);
        let id = row["serverId"].as_str().unwrap();
        let one = ok(&call(&h, auth, &format!("/api/server.one?serverId={id}"), None).await);
        assert!(
            one["sshKey"]["privateKey"]
                .as_str()
                .unwrap()
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"),
            "{era:?}: not redacted before v0.30"
        );
        // No server types: every server with a key.
        assert_eq!(
            names(&ok(&call(&h, auth, "/api/server.withSSHKey", None).await)),
            ["build-01"]
        );
        let count = call(&h, auth, "/api/server.count", None).await;
        let build = call(&h, auth, "/api/server.buildServers", None).await;
        assert_eq!(build.status, 404, "{era:?}");
        // The monitoring: `admin.getServerMetrics` in v0.18.4, `server.getServerMetrics` after.
        let metrics = format!(
            "?url=http%3A%2F%2F{}%3A4500%2Fmetrics&token=fake-metrics-token-build-01&dataPoints=3",
            row["ipAddress"].as_str().unwrap()
        );
        let (old, new) = (
            call(
                &h,
                auth,
                &format!("/api/admin.getServerMetrics{metrics}"),
                None,
            )
            .await,
            call(
                &h,
                auth,
                &format!("/api/server.getServerMetrics{metrics}"),
                None,
            )
            .await,
        );
        let (has, lacks) = if era == Era::V0_18_4 {
            (old, new)
        } else {
            (new, old)
        };
        assert_eq!(has.json().as_array().map(Vec::len), Some(3), "{era:?}");
        assert_eq!(lacks.status, 404, "{era:?}");
        if era == Era::V0_18_4 {
            assert_eq!(count.status, 404);
        } else {
            assert_eq!(count.json(), json!(1));
            // Any member reads the servers.
            let member = ("x-api-key", MEMBER_KEY);
            assert_eq!(call(&h, member, "/api/server.all", None).await.status, 200);
        }
    }
}

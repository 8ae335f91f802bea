//! Registries (`registry.*`), SSH keys (`sshKey.*`) and certificates (`certificates.*`): the
//! seeded ones, the simulated `docker login`, generated keys, members' access, and what the
//! older eras have.

mod common;

use common::{call, get, post, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::util::unbase64;
use skiff_sandbox::{Config, Era, Handle, MEMBER_KEY};

fn ok(r: &common::Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[tokio::test]
async fn the_demo_has_a_registry_a_key_and_a_certificate() {
    let h = start_default().await;
    let org = h.shared.lock().org_id();
    let all = ok(&get(h.addr, "/api/registry.all", KEY).await);
    let names: Vec<&str> = all
        .as_array()
        .expect("registries")
        .iter()
        .filter_map(|r| r["registryName"].as_str())
        .collect();
    // checkout-api's rollback registry, then ghcr.
    assert_eq!(names, ["acme-registry", "ghcr"]);
    let ghcr = &all[1];
    assert_eq!(ghcr["registryUrl"], "ghcr.io");
    assert_eq!(ghcr["username"], "demo-bot");
    assert_eq!(ghcr["password"], "ghp_demoBotReadPackages2026");
    assert_eq!(ghcr["organizationId"], org);
    let one = ok(&get(
        h.addr,
        &format!(
            "/api/registry.one?registryId={}",
            ghcr["registryId"].as_str().unwrap()
        ),
        KEY,
    )
    .await);
    let mut without = ghcr.clone();
    without.as_object_mut().unwrap().remove("password");
    assert_eq!(one, without, "registry.one leaves the password out");

    let keys = ok(&get(h.addr, "/api/sshKey.all", KEY).await);
    assert_eq!(keys.as_array().map(Vec::len), Some(1));
    let key = &keys[0];
    assert_eq!(key["name"], "deploy-key");
    assert!(key["publicKey"]
        .as_str()
        .unwrap()
        .starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
    assert!(key["privateKey"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
    let apps = ok(&get(h.addr, "/api/sshKey.allForApps", KEY).await);
    assert_eq!(
        apps,
        json!([{"sshKeyId": key["sshKeyId"], "name": "deploy-key"}])
    );

    let certs = ok(&get(h.addr, "/api/certificates.all", KEY).await);
    assert_eq!(certs.as_array().map(Vec::len), Some(1));
    let cert = &certs[0];
    assert_eq!(cert["name"], "internal.example.com");
    assert_eq!(cert["server"], Value::Null);
    assert_eq!(cert["serverId"], Value::Null);
    // Its notAfter (the second UTCTime) is within 30 days of now.
    let pem = cert["certificateData"].as_str().unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = unbase64(&body).expect("base64");
    let times: Vec<String> = der
        .windows(15)
        .filter(|w| w[0] == 0x17 && w[1] == 0x0d)
        .map(|w| String::from_utf8_lossy(&w[2..15]).to_string())
        .collect();
    let in_days = |d: i64| {
        let iso = skiff_sandbox::util::iso(skiff_sandbox::util::now_ms() + d * 86_400_000);
        format!("{}{}{}", &iso[2..4], &iso[5..7], &iso[8..10])
    };
    assert!(
        times[1][..6] > *in_days(20) && times[1][..6] < *in_days(30),
        "{times:?}"
    );
    assert!(times[0][..6] < *in_days(0));
    assert!(der.windows(20).any(|w| w == b"internal.example.com"));
}

#[tokio::test]
async fn registries_log_in_or_fail_as_recorded() {
    let h = start_default().await;
    let body = |url: &str| {
        json!({"registryName": "mine", "username": "bot", "password": "s3cret",
               "registryUrl": url, "registryType": "cloud", "imagePrefix": null})
    };
    for url in ["127.0.0.1:9", "registry.unreachable.test"] {
        let r = post(h.addr, "/api/registry.create", KEY, &body(url)).await;
        assert_eq!(r.status, 400, "{}", r.text());
        let message = r.json()["message"].as_str().unwrap().to_string();
        assert!(message.starts_with(&format!(
            "Command execution failed: Command failed: printf %s '***' | docker login '{url}' -u 'bot' --password-stdin\ntime=\""
        )), "{message}");
        assert!(
            message.ends_with(": connect: connection refused\n"),
            "{message}"
        );
        assert!(!message.contains("s3cret"));
        let r = post(h.addr, "/api/registry.testRegistry", KEY, &body(url)).await;
        assert_eq!(r.status, 400);
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("Command failed with code 1. Stderr: time=\""));
    }
    // Nothing was saved.
    let all = ok(&get(h.addr, "/api/registry.all", KEY).await);
    assert_eq!(all.as_array().map(Vec::len), Some(2));

    let made = ok(&post(
        h.addr,
        "/api/registry.create",
        KEY,
        &body("registry.example.com"),
    )
    .await);
    let id = made["registryId"].as_str().unwrap().to_string();
    assert_eq!(made["password"], "s3cret");
    assert_eq!(
        ok(&post(
            h.addr,
            "/api/registry.testRegistryById",
            KEY,
            &json!({"registryId": id})
        )
        .await),
        json!(true)
    );
    // A partial update; a password given replaces the saved one.
    let r = post(
        h.addr,
        "/api/registry.update",
        KEY,
        &json!({"registryId": id, "registryName": "renamed", "password": "n3w"}),
    )
    .await;
    assert_eq!(ok(&r), json!(true));
    let all = ok(&get(h.addr, "/api/registry.all", KEY).await);
    let row = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["registryId"] == id)
        .unwrap();
    assert_eq!(row["registryName"], "renamed");
    assert_eq!(row["password"], "n3w");
    assert_eq!(row["username"], "bot");
    // An update to an unreachable registry is saved, then its login fails (no transaction).
    let r = post(
        h.addr,
        "/api/registry.update",
        KEY,
        &json!({"registryId": id, "registryUrl": "10.0.0.1:9"}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("printf %s '***' | docker login '10.0.0.1:9' -u 'bot'"));
    assert_eq!(
        post(
            h.addr,
            "/api/registry.testRegistryById",
            KEY,
            &json!({"registryId": id})
        )
        .await
        .status,
        400
    );
    let r = post(
        h.addr,
        "/api/registry.update",
        KEY,
        &json!({"registryId": id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("No values to set"))
    );
    // remove answers the row, password and all.
    let removed = ok(&post(
        h.addr,
        "/api/registry.remove",
        KEY,
        &json!({"registryId": id}),
    )
    .await);
    assert_eq!(removed["password"], "n3w");
    assert_eq!(removed["registryUrl"], "10.0.0.1:9");
    let r = post(
        h.addr,
        "/api/registry.remove",
        KEY,
        &json!({"registryId": id}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (404, json!("Registry not found"))
    );
}

#[tokio::test]
async fn ssh_keys_are_generated_created_and_checked() {
    let h = start_default().await;
    let ed = ok(&post(
        h.addr,
        "/api/sshKey.generate",
        KEY,
        &json!({"type": "ed25519"}),
    )
    .await);
    let public = ed["publicKey"].as_str().unwrap();
    assert!(
        public.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI") && public.ends_with(" dokploy")
    );
    let private = ed["privateKey"].as_str().unwrap();
    assert!(private.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE"));
    assert!(private.ends_with("-----END OPENSSH PRIVATE KEY-----\n"));
    let again = ok(&post(
        h.addr,
        "/api/sshKey.generate",
        KEY,
        &json!({"type": "ed25519"}),
    )
    .await);
    assert_ne!(again, ed, "a fresh pair each time");
    // rsa, also without a type.
    for body in [json!({"type": "rsa"}), json!({})] {
        let rsa = ok(&post(h.addr, "/api/sshKey.generate", KEY, &body).await);
        assert!(rsa["publicKey"]
            .as_str()
            .unwrap()
            .starts_with("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQ"));
    }
    let r = post(h.addr, "/api/sshKey.generate", KEY, &json!({"type": "dsa"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["issues"][0]["message"],
        "Invalid option: expected one of \"rsa\"|\"ed25519\""
    );

    // The keys are checked as Dokploy's refinements check them.
    let org = h.shared.lock().org_id();
    let r = post(
        h.addr,
        "/api/sshKey.create",
        KEY,
        &json!({"name": "bad", "privateKey": "nope", "publicKey": "ssh-dss AAAA"}),
    )
    .await;
    assert_eq!(r.status, 400);
    let paths: Vec<Value> = r.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"][0].clone())
        .collect();
    assert_eq!(
        paths,
        [
            json!("privateKey"),
            json!("publicKey"),
            json!("organizationId")
        ]
    );
    assert_eq!(
        r.json()["issues"][1],
        json!({"code": "custom", "path": ["publicKey"], "message": "Invalid public key format"})
    );

    let r = post(
        h.addr,
        "/api/sshKey.create",
        KEY,
        &json!({"name": "mine", "privateKey": private, "publicKey": public, "organizationId": "other-org"}),
    )
    .await;
    assert_eq!((r.status, r.text()), (200, String::new()));
    let all = ok(&get(h.addr, "/api/sshKey.all", KEY).await);
    assert_eq!(all[0]["name"], "mine", "newest first");
    assert_eq!(all[0]["organizationId"], org, "the caller's organization");
    assert_eq!(all[0]["description"], Value::Null);
    assert_eq!(all[0]["privateKey"], private, "kept and answered");
    let id = all[0]["sshKeyId"].as_str().unwrap().to_string();
    let one = ok(&get(h.addr, &format!("/api/sshKey.one?sshKeyId={id}"), KEY).await);
    assert_eq!(one, all[0]);
    let updated = ok(&post(
        h.addr,
        "/api/sshKey.update",
        KEY,
        &json!({"sshKeyId": id, "description": "ci"}),
    )
    .await);
    assert_eq!(
        (updated["name"].clone(), updated["description"].clone()),
        (json!("mine"), json!("ci"))
    );
    let r = post(
        h.addr,
        "/api/sshKey.update",
        KEY,
        &json!({"sshKeyId": "nope", "name": "x"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("Error updating this SSH key"))
    );
    let removed = ok(&post(h.addr, "/api/sshKey.remove", KEY, &json!({"sshKeyId": id})).await);
    assert_eq!(removed["description"], "ci");
    let r = post(h.addr, "/api/sshKey.remove", KEY, &json!({"sshKeyId": id})).await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (404, json!("SSH Key not found"))
    );
}

#[tokio::test]
async fn certificates_are_stored_as_given() {
    let h = start_default().await;
    // No PEM parsing, as in Dokploy.
    let made = ok(&post(
        h.addr,
        "/api/certificates.create",
        KEY,
        &json!({"name": "c", "certificateData": "not a pem", "privateKey": "k", "organizationId": "x"}),
    )
    .await);
    assert!(made["certificatePath"]
        .as_str()
        .unwrap()
        .starts_with("certificate-"));
    assert_eq!(
        (made["autoRenew"].clone(), made["serverId"].clone()),
        (Value::Null, Value::Null)
    );
    assert!(made.get("server").is_none());
    let id = made["certificateId"].as_str().unwrap().to_string();
    let one = ok(&get(
        h.addr,
        &format!("/api/certificates.one?certificateId={id}"),
        KEY,
    )
    .await);
    assert_eq!(one, made);
    let r = post(h.addr, "/api/certificates.create", KEY, &json!({"name": "c2", "certificateData": "d", "privateKey": "k", "organizationId": "x", "serverId": "nope"})).await;
    assert_eq!(r.status, 500);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("Failed query: insert into \"certificate\""));
    assert_eq!(
        ok(&post(
            h.addr,
            "/api/certificates.remove",
            KEY,
            &json!({"certificateId": id})
        )
        .await),
        json!(true)
    );
    let r = get(
        h.addr,
        &format!("/api/certificates.one?certificateId={id}"),
        KEY,
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (404, json!("Certificate not found"))
    );
}

async fn member_status(h: &Handle, path: &str, body: Option<Value>) -> (u16, Value) {
    let r = call(h, ("x-api-key", MEMBER_KEY), path, body).await;
    (r.status, r.json()["message"].clone())
}

#[tokio::test]
async fn members_are_answered_as_dokploy_answers_them() {
    let h = start_default().await;
    let reg = json!("unauthorized to access resource \"registry\"");
    let (registry_id, key_id, cert_id) = {
        let st = h.shared.lock();
        (
            st.registries[1]["registryId"].clone(),
            st.ssh_keys[0]["sshKeyId"].clone(),
            st.certificates[0]["certificateId"].clone(),
        )
    };
    for (path, body) in [
        ("/api/registry.all", None),
        ("/api/registry.one?registryId=x", None),
        (
            "/api/registry.remove",
            Some(json!({"registryId": registry_id})),
        ),
        (
            "/api/registry.testRegistryById",
            Some(json!({"registryId": registry_id})),
        ),
    ] {
        assert_eq!(
            member_status(&h, path, body).await,
            (401, reg.clone()),
            "{path}"
        );
    }
    let cert = json!("unauthorized to access resource \"certificate\"");
    assert_eq!(
        member_status(&h, "/api/certificates.all", None).await,
        (401, cert.clone())
    );
    assert_eq!(
        member_status(
            &h,
            "/api/certificates.remove",
            Some(json!({"certificateId": cert_id}))
        )
        .await,
        (401, cert)
    );
    // SSH keys: canAccessToSSHKeys, which Maya lacks; allForApps is every member's.
    let ssh = json!("unauthorized to access resource \"sshKeys\"");
    assert_eq!(
        member_status(&h, "/api/sshKey.all", None).await,
        (401, ssh.clone())
    );
    assert_eq!(
        member_status(&h, "/api/sshKey.generate", Some(json!({"type": "ed25519"}))).await,
        (401, ssh)
    );
    let r = call(
        &h,
        ("x-api-key", MEMBER_KEY),
        "/api/sshKey.allForApps",
        None,
    )
    .await;
    assert_eq!(r.json()[0]["name"], "deploy-key");
    {
        let mut st = h.shared.lock();
        let maya = st
            .members
            .iter_mut()
            .find(|m| m.row["role"] == "member")
            .expect("Maya");
        maya.row.insert("canAccessToSSHKeys".into(), json!(true));
    }
    let r = call(&h, ("x-api-key", MEMBER_KEY), "/api/sshKey.all", None).await;
    assert_eq!(r.json()[0]["sshKeyId"], key_id);
    // Nothing changed.
    let st = h.shared.lock();
    assert_eq!(
        (
            st.registries.len(),
            st.ssh_keys.len(),
            st.certificates.len()
        ),
        (2, 1, 1)
    );
}

#[tokio::test]
async fn older_eras_have_what_their_versions_had() {
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
        let owner_id = h.shared.lock().owner().row["id"].clone();
        // Added later: testRegistryById (v0.25+), allForApps, certificates.update.
        for (path, body) in [
            (
                "/api/registry.testRegistryById",
                Some(json!({"registryId": "x"})),
            ),
            ("/api/sshKey.allForApps", None),
            (
                "/api/certificates.update",
                Some(json!({"certificateId": "x"})),
            ),
        ] {
            let r = call(&h, auth, path, body).await;
            assert_eq!(r.status, 404, "{era:?} {path}");
            assert_eq!(
                r.json(),
                json!({"message": "Not found", "code": "NOT_FOUND"})
            );
        }
        let all = call(&h, auth, "/api/registry.all", None).await.json();
        let ghcr = &all[1];
        assert_eq!(ghcr["registryName"], "ghcr", "{era:?}");
        let keys = call(&h, auth, "/api/sshKey.all", None).await.json();
        let certs = call(&h, auth, "/api/certificates.all", None).await.json();
        assert!(
            certs[0].get("server").is_none(),
            "{era:?}: no server relation"
        );
        for row in [ghcr, &keys[0], &certs[0]] {
            if era == Era::V0_18_4 {
                assert_eq!(row["adminId"], owner_id);
                assert!(row.get("organizationId").is_none());
            } else {
                assert!(row["organizationId"].is_string() && row.get("adminId").is_none());
            }
        }
        // A refused login: exec's error, password and all, a 500 from create.
        let body = json!({"registryName": "r", "username": "u", "password": "pw",
                          "registryUrl": "127.0.0.1:9", "registryType": "cloud", "imagePrefix": null});
        let r = call(&h, auth, "/api/registry.create", Some(body.clone())).await;
        assert_eq!(r.status, 500, "{era:?}");
        assert!(r.json()["message"].as_str().unwrap().starts_with(
            "Command failed: echo pw | docker login 127.0.0.1:9 --username u --password-stdin\n"
        ));
        let r = call(&h, auth, "/api/registry.testRegistry", Some(body)).await;
        assert_eq!(r.status, 400);
        let expected = if era == Era::V0_18_4 {
            "Command failed: echo pw"
        } else {
            "Command failed with code 1. Stderr: "
        };
        assert!(
            r.json()["message"].as_str().unwrap().starts_with(expected),
            "{era:?}"
        );
    }
    // v0.24.12's members: registry.all is any member's, registry.one and certificates the owner's.
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let member = ("x-api-key", MEMBER_KEY);
    assert_eq!(
        call(&h, member, "/api/registry.all", None).await.status,
        200
    );
    assert_eq!(call(&h, member, "/api/sshKey.all", None).await.status, 200);
    let r = call(&h, member, "/api/registry.one?registryId=x", None).await;
    assert_eq!(
        (r.status, r.json()),
        (
            401,
            json!({"message": "UNAUTHORIZED", "code": "UNAUTHORIZED"})
        )
    );
    assert_eq!(
        call(&h, member, "/api/certificates.all", None).await.status,
        401
    );
}

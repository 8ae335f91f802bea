//! Request building, checked against Dokploy v0.30.2's own OpenAPI document: every router
//! method is called through the host transport, and the request it produced must name an
//! existing procedure with the right method, send only known fields and every required one.
//! Plus URL normalisation, auth headers, answers (void, errors, decode) and network causes.

use std::future::Future;
use std::path::Path;
use std::pin::pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use serde_json::{json, Value};
use skiff::api::host::{respond_with, take_requests, Reply};
use skiff::api::*;
use skiff::model::*;

/// Runs a host future: the host transport never waits, so one poll finishes it.
fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    match f.as_mut().poll(&mut cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("host future did not complete"),
    }
}

const KEY: &str = "test-key-SECRET-123";

fn client() -> Client {
    Client::new("https://dokploy.example.com/", KEY, AuthMode::ApiKey)
}

fn openapi() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("recordings/dokploy/v0.30.2/settings.getOpenApiDocument.json");
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{p:?}: {e}"))
    })
}

/// Checks one request against the OpenAPI document; returns the problems.
fn conformance(req: &Request) -> Vec<String> {
    let mut problems = Vec::new();
    let proc = req.procedure();
    let method = match req.method {
        Method::Get => "get",
        Method::Post => "post",
    };
    let Some(op) = openapi()["paths"][format!("/{proc}")].get(method) else {
        return vec![format!("{method} /{proc} is not in the OpenAPI document")];
    };
    match req.method {
        Method::Get => {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let sent = req.query();
            for (name, _) in &sent {
                if !params.iter().any(|p| p["name"] == name.as_str()) {
                    problems.push(format!("{proc}: unknown query parameter {name}"));
                }
            }
            for p in &params {
                let name = p["name"].as_str().unwrap_or_default();
                if p["required"] == true && !sent.iter().any(|(n, _)| n == name) {
                    problems.push(format!("{proc}: missing required parameter {name}"));
                }
            }
            if req.body.is_some() {
                problems.push(format!("{proc}: GET with a body"));
            }
        }
        Method::Post => {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            let body = req.json().unwrap_or(Value::Null);
            let Some(obj) = body.as_object() else {
                return vec![format!("{proc}: body is not a JSON object")];
            };
            let props = schema["properties"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            for key in obj.keys() {
                if !props.contains_key(key) {
                    problems.push(format!("{proc}: unknown body field {key}"));
                }
            }
            for r in schema["required"].as_array().cloned().unwrap_or_default() {
                let r = r.as_str().unwrap_or_default();
                if !obj.contains_key(r) {
                    problems.push(format!("{proc}: missing required body field {r}"));
                }
            }
            if req.header("content-type") != Some("application/json") {
                problems.push(format!("{proc}: POST without JSON content type"));
            }
        }
    }
    problems
}

/// Answers every request with `reply`, runs `call`, and returns the single request it sent.
fn sent<T>(
    reply: Reply,
    call: impl Future<Output = Result<T, ApiError>>,
) -> (Request, Result<T, ApiError>) {
    take_requests();
    respond_with(move |_| Ok(reply.clone()));
    let out = run(call);
    let mut reqs = take_requests();
    assert_eq!(reqs.len(), 1, "expected exactly one request: {reqs:?}");
    (reqs.remove(0), out)
}

/// One request of every router method (answered with an empty body).
fn every_request() -> Vec<Request> {
    let c = client();
    let q = LogQuery {
        tail: Some(50),
        since: Some("15m".into()),
        search: Some("error 500".into()),
    };
    let mut reqs: Vec<Request> = Vec::new();
    macro_rules! call {
        ($e:expr) => {{
            let (req, _) = sent(Reply::empty(), $e);
            reqs.push(req);
        }};
    }
    // projects, environments, tags
    call!(c.project_all());
    call!(c.tag_all());
    call!(c.tag_save(&TagInput {
        tag_id: None,
        name: "production".into(),
        color: "#10b981".into(),
    }));
    call!(c.tag_save(&TagInput {
        tag_id: Some("t1".into()),
        name: "prod".into(),
        color: "#10b981".into(),
    }));
    call!(c.tag_remove("t1"));
    call!(c.tag_assign("p1", &["t1".to_string()]));
    call!(c.tag_assign("p1", &[]));
    // registries, SSH keys
    let registry = RegistryInput {
        registry_id: None,
        registry_name: "ghcr".into(),
        registry_url: "ghcr.io".into(),
        username: "bot".into(),
        password: Some("pw".into()),
        image_prefix: None,
        registry_type: "cloud",
    };
    call!(c.registry_all());
    call!(c.registry_save(&registry));
    call!(c.registry_test(&registry));
    call!(c.registry_save(&RegistryInput {
        registry_id: Some("r1".into()),
        password: None,
        image_prefix: Some("acme".into()),
        ..registry.clone()
    }));
    call!(c.registry_test_saved("r1"));
    call!(c.registry_remove("r1"));
    call!(c.ssh_key_all());
    call!(c.ssh_key_generate("ed25519"));
    call!(c.ssh_key_generate("rsa"));
    call!(c.ssh_key_create(&SshKeyInput {
        name: "deploy".into(),
        description: None,
        private_key: "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n"
            .into(),
        public_key: "ssh-ed25519 AAAA dokploy".into(),
        organization_id: Some("o1".into()),
    }));
    call!(c.ssh_key_remove("k1"));
    // people
    call!(c.invite_member(&InviteInput {
        email: "ada@example.com".into(),
        role: "member".into(),
    }));
    call!(c.invitations());
    call!(c.remove_invitation("i1"));
    call!(c.remove_user("u1"));
    call!(c.audit_log());
    call!(c.certificate_all());
    call!(c.project_duplicate(&skiff::duplicate::DuplicateProject {
        source_environment_id: "e1".into(),
        name: "copy".into(),
        description: None,
        include_services: true,
        selected_services: vec![skiff::duplicate::Chosen {
            id: "a1".into(),
            kind: "application",
        }],
        duplicate_in_same_project: false,
    }));
    call!(
        c.environment_duplicate(&skiff::duplicate::DuplicateEnvironment {
            environment_id: "e1".into(),
            name: "preview".into(),
            description: None,
        })
    );
    call!(c.notification_all());
    for kind in skiff::notifications::Kind::ALL {
        let form = skiff::notifications::NotificationForm {
            kind,
            name: "n".into(),
            webhook_url: "https://hooks.example.com/x".into(),
            bot_token: "1:a".into(),
            chat_id: "-1".into(),
            smtp_server: "smtp.example.com".into(),
            username: "u".into(),
            password: "p".into(),
            from: "a@example.com".into(),
            to: "b@example.com".into(),
            topic: "t".into(),
            endpoint: "https://example.com/h".into(),
            headers: "X-A: 1".into(),
            ..Default::default()
        };
        let body = form.body(None, None).unwrap();
        call!(c.notification_save(kind.procedure(), false, &body));
        let id = format!("{}Id", kind.wire());
        let body = form.body(Some(("n1", "p1")), None).unwrap();
        assert_eq!(body[&id], "p1");
        call!(c.notification_save(kind.procedure(), true, &body));
        let target = serde_json::Value::Object(form.target(true).unwrap());
        call!(c.notification_test(kind.procedure(), &target));
    }
    call!(c.notification_remove("n1"));
    call!(c.git_provider_all());
    call!(c.git_provider_remove("g1"));
    call!(c.server_all());
    call!(c.server_metrics("http://203.0.113.10:4500/metrics", "t", 50, false));
    call!(c.certificate_create(&CertificateInput {
        name: "wildcard".into(),
        certificate_data: "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n".into(),
        private_key: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n".into(),
        auto_renew: false,
        organization_id: Some("o1".into()),
    }));
    call!(c.certificate_remove("c1"));
    call!(c.project_one("p1"));
    call!(c.project_create(&NewProject {
        name: "n".into(),
        description: Some("d".into()),
        env: None,
    }));
    call!(c.project_update(&ProjectUpdate {
        project_id: "p1".into(),
        name: Some("n".into()),
        ..Default::default()
    }));
    call!(c.project_remove("p1"));
    call!(c.environment_one("e1"));
    call!(c.environment_by_project("p1"));
    call!(c.environment_create(&NewEnvironment {
        name: "staging".into(),
        project_id: "p1".into(),
        description: None,
    }));
    call!(c.environment_update(&EnvironmentUpdate {
        environment_id: "e1".into(),
        env: Some("A=1".into()),
        ..Default::default()
    }));
    call!(c.environment_remove("e1"));
    // applications
    call!(c.application_one("a1"));
    call!(c.application_create(&NewApplication {
        name: "app".into(),
        environment_id: Some("e1".into()),
        ..Default::default()
    }));
    call!(c.application_update(&ApplicationUpdate {
        application_id: "a1".into(),
        replicas: Some(2),
        memory_limit: Some("512".into()),
        ..Default::default()
    }));
    call!(c.application_delete("a1"));
    call!(c.application_deploy("a1", Some("t"), Some("d")));
    call!(c.application_redeploy("a1", None, None));
    call!(c.application_start("a1"));
    call!(c.application_stop("a1"));
    call!(c.application_reload("a1", "app-x"));
    call!(c.application_save_environment(&ApplicationEnvironment {
        application_id: "a1".into(),
        env: Some("A=1".into()),
        ..Default::default()
    }));
    call!(c.application_save_build_type(&BuildSettings {
        application_id: "a1".into(),
        build_type: BuildType::Dockerfile,
        dockerfile: Some("Dockerfile".into()),
        docker_context_path: None,
        docker_build_stage: None,
        heroku_version: None,
        railpack_version: None,
        publish_directory: None,
        is_static_spa: None,
    }));
    call!(c.application_save_docker_provider(&DockerProvider {
        application_id: "a1".into(),
        docker_image: Some("nginx:alpine".into()),
        ..Default::default()
    }));
    call!(c.application_save_git_provider(
        &GitProvider {
            application_id: "a1".into(),
            custom_git_url: Some("https://git.example.com/x.git".into()),
            custom_git_branch: "main".into(),
            custom_git_ssh_key_id: Some("k1".into()),
            ..Default::default()
        },
        &DokployVersion::default()
    ));
    call!(c.application_read_logs("a1", &q));
    // advanced: mounts, ports, redirects, basic auth
    for mount_id in [None, Some("m1".to_string())] {
        call!(c.mount_save(&MountInput {
            mount_id: mount_id.clone(),
            mount_type: "file",
            file_path: Some("app.env".into()),
            content: Some("A=1".into()),
            mount_path: "/etc/app.env".into(),
            service_type: "application",
            service_id: mount_id.is_none().then(|| "a1".to_string()),
            ..Default::default()
        }));
        call!(c.port_save(&PortInput {
            port_id: mount_id.as_ref().map(|_| "p1".to_string()),
            published_port: 8080,
            target_port: 80,
            protocol: "tcp",
            publish_mode: "ingress",
            application_id: mount_id.is_none().then(|| "a1".to_string()),
        }));
        call!(c.redirect_save(&RedirectInput {
            redirect_id: mount_id.as_ref().map(|_| "r1".to_string()),
            regex: "^https://www\\.(.*)".into(),
            replacement: "https://${1}".into(),
            permanent: true,
            application_id: mount_id.is_none().then(|| "a1".to_string()),
        }));
        call!(c.security_save(&SecurityInput {
            security_id: mount_id.as_ref().map(|_| "s1".to_string()),
            username: "admin".into(),
            password: "pw".into(),
            application_id: mount_id.is_none().then(|| "a1".to_string()),
        }));
    }
    call!(c.service_move(
        ServiceKind::Application,
        "a1",
        "e2",
        &DokployVersion::default()
    ));
    // swarm settings, previews' settings, the Traefik file, containers, figures, previews
    for kind in [
        ServiceKind::Application,
        ServiceKind::Postgres,
        ServiceKind::Libsql,
    ] {
        call!(c.service_set(
            kind,
            "s1",
            json!({"healthCheckSwarm": {"Test": ["CMD", "true"]}, "placementSwarm": null})
        ));
    }
    call!(c.service_set(
        ServiceKind::Application,
        "a1",
        skiff::service_view::preview::PreviewForm {
            active: true,
            wildcard: "*.preview.example.com".into(),
            port: "3000".into(),
            limit: "3".into(),
            https: true,
            path: "/".into(),
        }
        .input()
        .unwrap()
    ));
    call!(c.application_traefik("a1"));
    call!(c.application_traefik_save("a1", "http: {}\n"));
    call!(c.containers("app-x", None, None));
    call!(c.containers("compose-x", Some("docker-compose"), Some("srv1")));
    call!(c.service_tasks("app-x", Some("srv1")));
    call!(c.container_restart("abc123", Some("srv1")));
    call!(c.app_monitoring("app-x"));
    call!(c.deployments_centralized());
    call!(c.deployment_queue());
    call!(c.rollback("r1"));
    call!(c.kill_build(ServiceKind::Application, "a1"));
    call!(c.kill_build(ServiceKind::Compose, "c1"));
    call!(c.previews("a1"));
    call!(c.preview_redeploy("p1"));
    call!(c.preview_delete("p1"));
    call!(c.mount_remove("m1"));
    call!(c.port_delete("p1"));
    call!(c.redirect_delete("r1"));
    call!(c.security_delete("s1"));
    // compose
    call!(c.compose_one("c1"));
    call!(c.compose_create(&NewCompose {
        name: "c".into(),
        environment_id: Some("e1".into()),
        compose_type: Some("docker-compose".into()),
        compose_file: Some("services: {}".into()),
        ..Default::default()
    }));
    call!(c.compose_update(&ComposeUpdate {
        compose_id: "c1".into(),
        source_type: Some(SourceType::Raw),
        ..Default::default()
    }));
    call!(c.compose_delete("c1", true));
    call!(c.compose_deploy("c1", Some("t"), None));
    call!(c.compose_redeploy("c1", None, None));
    call!(c.compose_start("c1"));
    call!(c.compose_stop("c1"));
    call!(c.compose_save_environment("c1", Some("A=1"), Some(true), &DokployVersion::default()));
    call!(c.compose_load_services("c1"));
    call!(c.compose_read_logs("c1", "app-web-", &q));
    // databases, every kind
    for kind in ServiceKind::DATABASES {
        let mut db = NewDatabase::new(kind, "My DB", "pass123");
        db.environment_id = Some("e1".into());
        db.database_name = Some("app".into());
        db.database_user = Some("app".into());
        db.database_root_password = Some("root123".into());
        db.replica_sets = Some(false);
        call!(c.database_create(&db));
        call!(c.database_one(kind, "d1"));
        let mut up = DatabaseUpdate::new(kind, "d1");
        up.name = Some("x".into());
        up.docker_image = Some("img".into());
        call!(c.database_update(&up));
        call!(c.database_remove(kind, "d1"));
        call!(c.database_deploy(kind, "d1"));
        call!(c.database_start(kind, "d1"));
        call!(c.database_stop(kind, "d1"));
        call!(c.database_reload(kind, "d1", "app-x"));
        call!(c.database_save_environment(kind, "d1", None));
        call!(c.database_save_external_port(kind, "d1", Some(5432)));
        call!(c.database_read_logs(kind, "d1", &q));
        call!(c.mounts_by_service(kind, "d1"));
    }
    // deployments, domains
    call!(c.deployment_all("a1"));
    call!(c.deployment_all_by_compose("c1"));
    call!(c.deployment_all_by_type(ServiceKind::Application, "a1"));
    call!(c.deployment_all_by_type(ServiceKind::Compose, "c1"));
    call!(c.deployment_read_logs("dep1", Some(100)));
    call!(c.domain_by_application("a1"));
    call!(c.domain_by_compose("c1"));
    call!(c.domain_create(&NewDomain {
        host: "app.example.com".into(),
        https: true,
        certificate_type: Some(CertificateType::LetsEncrypt),
        application_id: Some("a1".into()),
        port: Some(3000),
        domain_type: Some("application".into()),
        ..Default::default()
    }));
    call!(c.domain_update(&DomainUpdate {
        domain_id: "dom1".into(),
        host: "app.example.com".into(),
        ..Default::default()
    }));
    call!(c.domain_delete("dom1"));
    // users, organization, settings
    call!(c.user_get());
    call!(c.user_all());
    call!(c.create_api_key(&NewApiKey::new("skiff", "org1")));
    call!(c.create_api_key(&NewApiKey::new("skiff", "org1").rate_limited(100, 60_000)));
    call!(c.delete_api_key("k1"));
    call!(c.assign_permissions(&AssignPermissions {
        id: "m1".into(),
        ..Default::default()
    }));
    call!(c.get_permissions());
    call!(c.organization_active());
    call!(c.organization_all());
    call!(c.dokploy_version());
    call!(c.health());
    // service dispatch
    for kind in ServiceKind::ALL {
        call!(c.service_deploy(kind, "s1"));
        call!(c.service_start(kind, "s1"));
        call!(c.service_stop(kind, "s1"));
        call!(c.service_delete(kind, "s1"));
    }
    reqs
}

/// Calls every router method; each request must conform to the OpenAPI document.
#[test]
fn every_router_method_conforms_to_the_openapi_document() {
    let reqs = every_request();
    // The checker itself catches wrong names, methods and fields.
    let c2 = client();
    assert!(!conformance(&c2.post_request("project.create", "{\"nme\":\"x\"}".into())).is_empty());
    assert!(!conformance(&c2.get_request("project.create", &[])).is_empty());
    assert!(!conformance(&c2.post_request("application.remove", "{}".into())).is_empty());
    assert!(!conformance(&c2.get_request("project.one", &[])).is_empty());

    let problems: Vec<String> = reqs.iter().flat_map(conformance).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(reqs.len() > 150, "{} requests", reqs.len());
}

/// The same requests sent to a 2024 instance (v0.18.4): where that version has the procedure,
/// the method is the same and every field it requires is sent (fields it does not know are
/// stripped by its input schemas, as zod does). Creating a service is the exception: a 2024
/// instance gets its own request (`legacy_creates_send_project_id_and_app_name`).
#[test]
fn requests_a_2024_instance_knows_have_what_it_requires() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("recordings/dokploy/legacy/v0.18.4/settings.getOpenApiDocument.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let mut checked = 0;
    let mut problems = Vec::new();
    for req in every_request() {
        let proc = req.procedure().to_string();
        let Some(ops) = doc["paths"][format!("/{proc}")].as_object() else {
            continue;
        };
        if proc.ends_with(".create") {
            continue;
        }
        checked += 1;
        let method = match req.method {
            Method::Get => "get",
            Method::Post => "post",
        };
        let Some(op) = ops.get(method) else {
            problems.push(format!("{proc}: 2024 has no {method}"));
            continue;
        };
        let required: Vec<String> = match req.method {
            Method::Get => op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["required"] == true)
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect(),
            Method::Post => op["requestBody"]["content"]["application/json"]["schema"]["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect(),
        };
        let sent: Vec<String> = match req.method {
            Method::Get => req.query().into_iter().map(|(k, _)| k).collect(),
            Method::Post => req
                .json()
                .and_then(|b| b.as_object().map(|o| o.keys().cloned().collect()))
                .unwrap_or_default(),
        };
        for r in required {
            if !sent.contains(&r) {
                problems.push(format!("{proc}: 2024 requires {r}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 40, "{checked} requests checked");
}

/// Procedures Dokploy renamed or added late are sent under the era's name, with what it
/// requires: the git source (`saveGitProdiver` before v0.25.5) and a compose file's
/// environment (`compose.update` before v0.29), and a move (to a project before v0.25).
#[test]
fn renamed_procedures_are_sent_as_each_era_names_them() {
    let docs = [
        ("legacy/v0.18.4", "v0.18.4"),
        ("legacy/v0.24.12", "v0.24.12"),
        ("v0.30.2", "v0.30.2"),
    ];
    for (dir, version) in docs {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
            "recordings/dokploy/{dir}/settings.getOpenApiDocument.json"
        ));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let doc = if doc["paths"].is_object() {
            doc
        } else {
            doc["body"].clone()
        };
        let era = DokployVersion(version.into());
        let c = client();
        let git = GitProvider {
            application_id: "a1".into(),
            custom_git_url: Some("https://git.example.com/x.git".into()),
            custom_git_branch: "main".into(),
            ..Default::default()
        };
        let (a, _) = sent(Reply::empty(), c.application_save_git_provider(&git, &era));
        let (b, _) = sent(
            Reply::empty(),
            c.compose_save_environment("c1", Some("A=1"), Some(true), &era),
        );
        let mut reqs = vec![a, b];
        if era.has_move() {
            let (m, _) = sent(
                Reply::empty(),
                c.service_move(ServiceKind::Postgres, "pg1", "t1", &era),
            );
            reqs.push(m);
        }
        for req in reqs {
            let proc = req.procedure().to_string();
            let schema = &doc["paths"][format!("/{proc}")]["post"]["requestBody"]["content"]
                ["application/json"]["schema"];
            assert!(schema.is_object(), "{version} has no POST {proc}");
            let body = req.json().unwrap();
            for r in schema["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap();
                assert!(
                    body.get(r).is_some(),
                    "{version} {proc} requires {r}: {body}"
                );
            }
        }
    }
}

/// A server's metrics are `admin.getServerMetrics` in v0.18 and `server.getServerMetrics` from
/// v0.19, with the same query.
#[test]
fn server_metrics_are_asked_as_each_era_names_them() {
    for (dir, version) in [
        ("legacy/v0.18.4", "v0.18.4"),
        ("legacy/v0.24.12", "v0.24.12"),
        ("v0.30.2", "v0.30.2"),
    ] {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
            "recordings/dokploy/{dir}/settings.getOpenApiDocument.json"
        ));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let doc = if doc["paths"].is_object() {
            doc
        } else {
            doc["body"].clone()
        };
        let legacy = !DokployVersion(version.into()).at_least(0, 19, 0);
        let (req, _) = sent(
            Reply::json("[]"),
            client().server_metrics("http://h:4500/metrics", "t", 50, legacy),
        );
        let op = &doc["paths"][format!("/{}", req.procedure())]["get"];
        assert!(op.is_object(), "{version} has no GET {}", req.procedure());
        let sent: Vec<String> = req.query().into_iter().map(|(k, _)| k).collect();
        for param in op["parameters"].as_array().into_iter().flatten() {
            if param["required"] == true {
                let name = param["name"].as_str().unwrap().to_string();
                assert!(sent.contains(&name), "{version}: {name} not sent");
            }
        }
    }
}

#[test]
fn legacy_token_calls_exist_in_v0_18() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("recordings/dokploy/legacy/v0.18.4/settings.getOpenApiDocument.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let c = Client::new("http://10.0.0.5:3000", KEY, AuthMode::Bearer);
    let (req, _) = sent(
        Reply::json("{\"id\":\"x\",\"token\":null}"),
        c.auth_generate_token(),
    );
    assert_eq!(req.method, Method::Post);
    assert!(doc["paths"]["/auth.generateToken"]["post"].is_object());
    let (req, out) = sent(Reply::json("{\"id\":\"x\",\"token\":\"t\"}"), c.auth_get());
    assert_eq!(req.method, Method::Get);
    assert!(doc["paths"]["/auth.get"]["get"].is_object());
    assert_eq!(out.unwrap().token.as_deref(), Some("t"));
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

/// People on the older eras: v0.24.12 lists and revokes invitations and deletes users as
/// v0.30.2 does; v0.18.4 invites and removes users through `admin.*`.
#[test]
fn people_calls_exist_in_the_older_eras() {
    let doc = |dir: &str| -> Value {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
            "recordings/dokploy/{dir}/settings.getOpenApiDocument.json"
        ));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        if doc["paths"].is_object() {
            doc
        } else {
            doc["body"].clone()
        }
    };
    let required = |doc: &Value, req: &Request| {
        let op = &doc["paths"][format!("/{}", req.procedure())];
        match req.method {
            Method::Get => assert!(op["get"].is_object(), "no GET {}", req.procedure()),
            Method::Post => {
                let schema = &op["post"]["requestBody"]["content"]["application/json"]["schema"];
                assert!(schema.is_object(), "no POST {}", req.procedure());
                let body = req.json().unwrap();
                for r in schema["required"].as_array().into_iter().flatten() {
                    assert!(
                        body.get(r.as_str().unwrap()).is_some(),
                        "{}: {r}",
                        req.procedure()
                    );
                }
            }
        }
    };
    let v24 = doc("legacy/v0.24.12");
    let c = client();
    for req in [
        sent(Reply::json("[]"), c.invitations()).0,
        sent(Reply::empty(), c.remove_invitation("i1")).0,
        sent(Reply::empty(), c.remove_user("u1")).0,
    ] {
        required(&v24, &req);
    }
    let v18 = doc("legacy/v0.18.4");
    let c = Client::new("http://10.0.0.5:3000", KEY, AuthMode::Bearer);
    let (req, users) = sent(
        Reply::json(
            r#"[{"userId":"u1","token":"t1","isRegistered":false,"authId":"a1","auth":{"email":"x@example.com","password":"$2a$hash"}}]"#,
        ),
        c.legacy_users(),
    );
    required(&v18, &req);
    let users = users.unwrap();
    assert_eq!(users[0].auth.email.as_deref(), Some("x@example.com"));
    assert_eq!(users[0].token.as_deref(), Some("t1"));
    for req in [
        sent(Reply::empty(), c.legacy_invite("x@example.com")).0,
        sent(Reply::empty(), c.legacy_remove_user("a1")).0,
    ] {
        required(&v18, &req);
    }
}

#[test]
fn legacy_creates_send_project_id_and_app_name() {
    let c = client();
    let mut db = NewDatabase::new(ServiceKind::Postgres, "Legacy DB!", "pw");
    db.project_id = Some("p1".into());
    db.database_name = Some("app".into());
    db.database_user = Some("app".into());
    let (req, _) = sent(Reply::json("true"), c.database_create(&db));
    let body = req.json().unwrap();
    assert_eq!(body["projectId"], "p1");
    assert_eq!(body["appName"], "legacy-db");
    assert!(body.get("environmentId").is_none());
    let (req, out) = sent(Reply::json("true"), c.database_create(&db));
    assert_eq!(out.unwrap(), CreatedDatabase::Flag(true));
    assert_eq!(req.procedure(), "postgres.create");
}

#[test]
fn libsql_create_sends_every_required_field() {
    let mut db = NewDatabase::new(ServiceKind::Libsql, "edge", "pw");
    db.environment_id = Some("e1".into());
    db.database_user = Some("u".into());
    let body = db.body();
    for f in [
        "name",
        "appName",
        "dockerImage",
        "environmentId",
        "description",
        "databaseUser",
        "databasePassword",
        "sqldNode",
        "sqldPrimaryUrl",
        "enableNamespaces",
        "serverId",
    ] {
        assert!(body.get(f).is_some(), "missing {f}: {body}");
    }
}

#[test]
fn create_api_key_always_sends_rate_limit_enabled() {
    let c = client();
    let (req, _) = sent(
        Reply::json("{\"id\":\"k\",\"key\":\"s\"}"),
        c.create_api_key(&NewApiKey::new("skiff", "org1")),
    );
    assert_eq!(
        req.json().unwrap(),
        json!({"name": "skiff", "metadata": {"organizationId": "org1"}, "rateLimitEnabled": false})
    );
    let mut key = NewApiKey::new("skiff", "org1").rate_limited(100, 60_000);
    key.expires_in = Some(86_400);
    let (req, out) = sent(
        Reply::json("{\"id\":\"k\",\"key\":\"s\"}"),
        c.create_api_key(&key),
    );
    assert_eq!(
        req.json().unwrap(),
        json!({"name": "skiff", "expiresIn": 86400, "metadata": {"organizationId": "org1"},
               "rateLimitEnabled": true, "rateLimitTimeWindow": 60000, "rateLimitMax": 100})
    );
    assert_eq!(out.unwrap().key, "s");
}

#[test]
fn auth_headers_for_both_modes() {
    let api = Client::new("https://d.example.com", KEY, AuthMode::ApiKey);
    let req = api.get_request("project.all", &[]);
    assert_eq!(req.header("x-api-key"), Some(KEY));
    assert_eq!(req.header("authorization"), None);
    let bearer = api.with_auth(AuthMode::Bearer);
    let req = bearer.post_request("project.create", "{}".into());
    assert_eq!(
        req.header("Authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(req.header("x-api-key"), None);
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(bearer.auth(), AuthMode::Bearer);
    // The key never shows in Debug output.
    assert!(!format!("{api:?}").contains(KEY));
    assert!(!format!("{req:?}").contains(KEY));
}

#[test]
fn paths_and_query_encoding() {
    let c = client();
    assert_eq!(c.base(), "https://dokploy.example.com/api");
    assert_eq!(c.origin(), "https://dokploy.example.com");
    let (req, _) = sent(Reply::json("{}"), c.project_one("a b&c=d/é?"));
    assert_eq!(
        req.url,
        "https://dokploy.example.com/api/project.one?projectId=a%20b%26c%3Dd%2F%C3%A9%3F"
    );
    assert_eq!(
        req.query(),
        vec![("projectId".to_string(), "a b&c=d/é?".to_string())]
    );
    let (req, _) = sent(
        Reply::json("\"\""),
        c.application_read_logs(
            "a1",
            &LogQuery {
                tail: Some(50),
                since: None,
                search: Some(String::new()),
            },
        ),
    );
    assert_eq!(
        req.url,
        "https://dokploy.example.com/api/application.readLogs?applicationId=a1&tail=50"
    );
    let (req, _) = sent(Reply::json("[]"), c.project_all());
    assert_eq!(req.url, "https://dokploy.example.com/api/project.all");
    // The overview's refresh: the same answer again is not decoded; a new one is.
    let one = r#"[{"projectId":"p1","name":"shop"}]"#;
    let (req, first) = sent(Reply::json(one), c.project_all_if_changed(None));
    assert_eq!(req.url, "https://dokploy.example.com/api/project.all");
    let (print, list) = first.expect("decoded");
    assert_eq!(list.expect("a new answer is decoded")[0].name, "shop");
    let (_, again) = sent(Reply::json(one), c.project_all_if_changed(Some(print)));
    assert_eq!(again.expect("unchanged"), (print, None));
    let two = r#"[{"projectId":"p1","name":"shop2"}]"#;
    let (_, changed) = sent(Reply::json(two), c.project_all_if_changed(Some(print)));
    let (print2, list) = changed.expect("decoded");
    assert_ne!(print2, print);
    assert_eq!(list.expect("a changed answer is decoded")[0].name, "shop2");
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.body, None);
    let (req, _) = sent(Reply::empty(), c.compose_delete("c1", false));
    assert_eq!(
        req.json().unwrap(),
        json!({"composeId": "c1", "deleteVolumes": false})
    );
    let (req, _) = sent(
        Reply::empty(),
        c.database_save_external_port(ServiceKind::Libsql, "l1", None),
    );
    assert_eq!(req.procedure(), "libsql.saveExternalPorts");
    assert_eq!(
        req.json().unwrap(),
        json!({"libsqlId": "l1", "externalPort": null})
    );
    let (req, _) = sent(
        Reply::empty(),
        c.application_save_environment(&ApplicationEnvironment {
            application_id: "a1".into(),
            ..Default::default()
        }),
    );
    assert_eq!(
        req.json().unwrap(),
        json!({"applicationId": "a1", "env": null, "buildArgs": null, "buildSecrets": null, "createEnvFile": false})
    );
}

#[test]
fn answers_void_errors_and_decode() {
    let c = client();
    // Void mutation: 200 with an empty body.
    let (_, out) = sent(Reply::empty(), c.application_deploy("a1", None, None));
    assert_eq!(out, Ok(()));
    // A void mutation answered with a row (older versions) is fine too.
    let (_, out) = sent(
        Reply::json("{\"applicationId\":\"a1\"}"),
        c.application_stop("a1"),
    );
    assert_eq!(out, Ok(()));
    // Errors go through classify.
    let (_, out) = sent(
        Reply::new(
            401,
            Some("application/json; charset=utf-8"),
            "{\"message\":\"Unauthorized\"}",
        ),
        c.project_all(),
    );
    let err = out.unwrap_err();
    assert!(err.is_auth());
    assert!(!err.to_string().contains(KEY));
    let (_, out) = sent(
        Reply::new(
            400,
            Some("application/json"),
            r#"{"message":"Input validation failed","code":"BAD_REQUEST","data":{"code":"BAD_REQUEST","httpStatus":400,"path":"project.create","zodError":{"formErrors":[],"fieldErrors":{"name":["Required"]}}}}"#,
        ),
        c.project_create(&NewProject::default()),
    );
    assert_eq!(
        out.unwrap_err().field_error("name").as_deref(),
        Some("Required")
    );
    let (_, out) = sent(
        Reply::new(
            502,
            Some("text/html"),
            "<html><body>Bad Gateway</body></html>",
        ),
        c.project_all(),
    );
    let err = out.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 502, .. }));
    assert!(err.is_retryable());
    assert!(!err.to_string().contains('<'), "{err}");
    assert!(err.to_string().contains("proxy"), "{err}");
    // A 2xx that is not the expected shape.
    let (_, out) = sent(Reply::json("{\"nope\":1}"), c.project_all());
    assert!(matches!(out, Err(ApiError::Decode { ref endpoint, .. }) if endpoint == "project.all"));
    // Empty body where data is expected.
    let (_, out) = sent(Reply::empty(), c.project_all());
    assert!(matches!(out, Err(ApiError::Decode { .. })));
    // No responder on this thread: unreachable.
    take_requests();
    respond_with(|_| {
        Err(ApiError::Timeout {
            seconds: REQUEST_TIMEOUT_SECS,
        })
    });
    assert_eq!(
        run(c.health()),
        Err(ApiError::Timeout {
            seconds: REQUEST_TIMEOUT_SECS
        })
    );
}

#[test]
fn log_query_is_checked_before_sending() {
    let c = client();
    take_requests();
    respond_with(|_| Ok(Reply::json("\"\"")));
    let bad = LogQuery {
        tail: Some(0),
        since: Some("yesterday".into()),
        search: Some("a;rm -rf".into()),
    };
    let err = run(c.application_read_logs("a1", &bad)).unwrap_err();
    assert!(err.field_error("since").is_some());
    assert!(err.field_error("tail").is_some());
    assert!(err.field_error("search").is_some());
    assert!(take_requests().is_empty(), "nothing is sent");
    for ok in ["all", "30s", "15m", "2h", "7d"] {
        assert!(valid_since(ok), "{ok}");
    }
    for bad in ["", "m", "1w", "1.5h", "-1h", "yesterday", "all "] {
        assert!(!valid_since(bad), "{bad}");
    }
    // Not a database.
    let err = run(c.database_one(ServiceKind::Application, "x")).unwrap_err();
    assert!(matches!(err, ApiError::Invalid { .. }));
}

#[test]
fn url_normalisation() {
    let cases = [
        ("https://dokploy.example.com", "https://dokploy.example.com/api"),
        ("https://dokploy.example.com/", "https://dokploy.example.com/api"),
        ("https://dokploy.example.com///", "https://dokploy.example.com/api"),
        ("https://dokploy.example.com/api", "https://dokploy.example.com/api"),
        ("https://dokploy.example.com/api/", "https://dokploy.example.com/api"),
        ("  https://Dokploy.Example.com/api  ", "https://dokploy.example.com/api"),
        ("dokploy.example.com", "https://dokploy.example.com/api"),
        ("dokploy.example.com/", "https://dokploy.example.com/api"),
        (
            "https://dokploy.example.com/dashboard/projects",
            "https://dokploy.example.com/api",
        ),
        (
            "https://dokploy.example.com/dashboard/project/8z0E0t5wEC40kLRU2yeyv/environment/cFz?tab=x#y",
            "https://dokploy.example.com/api",
        ),
        (
            "https://dokploy.example.com/api/project.all?x=1",
            "https://dokploy.example.com/api",
        ),
        ("https://dokploy.example.com/swagger", "https://dokploy.example.com/api"),
        ("https://example.com/dokploy/", "https://example.com/dokploy/api"),
        ("192.168.1.10:3000", "http://192.168.1.10:3000/api"),
        ("192.168.1.10", "http://192.168.1.10/api"),
        ("http://192.168.1.10:3000/", "http://192.168.1.10:3000/api"),
        ("localhost:3000", "http://localhost:3000/api"),
        ("localhost", "http://localhost/api"),
        ("dokploy.example.com:3000", "http://dokploy.example.com:3000/api"),
        ("dokploy.example.com:443", "https://dokploy.example.com/api"),
        ("https://dokploy.example.com:443/", "https://dokploy.example.com/api"),
        ("http://dokploy.example.com:80", "http://dokploy.example.com/api"),
        ("HTTPS://dokploy.example.com", "https://dokploy.example.com/api"),
        ("[::1]:3000", "http://[::1]:3000/api"),
    ];
    for (input, want) in cases {
        assert_eq!(normalize_base_url(input).as_deref(), Ok(want), "{input}");
    }
    for bad in [
        "",
        "   ",
        "ftp://x.example.com",
        "https://",
        "https://user:pw@x.example.com",
        "x.example.com:99999",
        "x.example.com:abc",
        "exa mple.com",
        "https://bad_host!.com",
    ] {
        assert!(
            normalize_base_url(bad).is_err(),
            "{bad:?} should be rejected"
        );
    }
    // Client::new normalises too.
    assert_eq!(
        Client::new(
            "dokploy.example.com/dashboard/projects",
            "k",
            AuthMode::ApiKey
        )
        .base(),
        "https://dokploy.example.com/api"
    );
}

#[test]
fn network_error_causes() {
    let cases = [
        // https page, http instance: blocked as mixed content.
        (
            "https://skiff.example.com/",
            "http://dokploy.example.com:3000/api",
            NetworkCause::MixedContent,
        ),
        (
            "https://skiff.example.com/p",
            "http://10.0.0.5:3000/api",
            NetworkCause::MixedContent,
        ),
        // http://localhost counts as secure: not mixed content, just another origin.
        (
            "https://skiff.example.com/",
            "http://localhost:3000/api",
            NetworkCause::CrossOrigin,
        ),
        // Another origin (host, port or scheme).
        (
            "https://skiff.example.com/",
            "https://dokploy.example.com/api",
            NetworkCause::CrossOrigin,
        ),
        (
            "http://localhost:8080/",
            "http://localhost:3000/api",
            NetworkCause::CrossOrigin,
        ),
        (
            "http://skiff.example.com/",
            "https://skiff.example.com/api",
            NetworkCause::CrossOrigin,
        ),
        // Same origin: the server is down.
        (
            "https://dokploy.example.com/skiff/#/projects",
            "https://dokploy.example.com/api",
            NetworkCause::Down,
        ),
        (
            "https://dokploy.example.com:443/x",
            "https://dokploy.example.com/api",
            NetworkCause::Down,
        ),
        (
            "http://localhost:3000/",
            "http://localhost:3000/api",
            NetworkCause::Down,
        ),
        // Unparsable page URL: assume down.
        ("", "https://dokploy.example.com/api", NetworkCause::Down),
    ];
    for (page, base, want) in cases {
        let err = network_error(page, base);
        assert_eq!(
            err,
            ApiError::Unreachable {
                cause: want,
                url: base.to_string()
            },
            "{page} -> {base}"
        );
        assert!(!err.title().is_empty() && !err.advice().is_empty());
    }
    assert!(!network_error("https://a.example.com/", "http://b.example.com/api").is_retryable());
    assert!(network_error("https://a.example.com/", "https://a.example.com/api").is_retryable());
}

#[test]
fn error_messages_are_user_facing() {
    let errs = [
        classify(
            401,
            Some("application/json"),
            "{\"message\":\"Unauthorized\"}",
            "project.all",
        ),
        classify(
            403,
            Some("application/json"),
            "{\"message\":\"Forbidden\"}",
            "auditLog.all",
        ),
        classify(
            404,
            Some("application/json"),
            "{\"message\":\"Project not found\",\"code\":\"NOT_FOUND\"}",
            "project.one",
        ),
        classify(400, None, "Invalid JSON", "project.create"),
        classify(
            415,
            Some("application/json"),
            "{\"message\":\"Unsupported content-type\"}",
            "project.create",
        ),
        classify(
            500,
            Some("application/json"),
            "{\"message\":\"connect ENOENT /var/run/docker.sock\"}",
            "x.y",
        ),
        classify(
            503,
            Some("text/html"),
            "<html>Service Unavailable</html>",
            "project.all",
        ),
        classify(429, Some("text/plain"), "slow down", "project.all"),
        ApiError::Timeout { seconds: 20 },
        ApiError::Decode {
            endpoint: "project.all".into(),
            detail: "x".into(),
        },
        ApiError::Aborted,
    ];
    for e in &errs {
        let t = e.title();
        assert!(!t.is_empty() && !t.contains('\n'), "{e:?}: {t}");
        assert!(!e.to_string().contains('<'), "{e:?}");
    }
    assert!(errs[0].is_auth() && !errs[0].is_retryable());
    // A missing procedure is not a deleted project: the advice says which.
    let missing = classify(
        404,
        Some("application/json"),
        "{\"message\":\"Not found\",\"code\":\"NOT_FOUND\"}",
        "application.readLogs",
    );
    assert_eq!(
        missing.title(),
        "This Dokploy version does not offer application.readLogs"
    );
    assert!(
        !missing.advice().contains("deleted"),
        "{}",
        missing.advice()
    );
    assert!(errs[2].advice().contains("deleted"));
    assert!(matches!(errs[3], ApiError::Invalid { ref message, .. } if message == "Invalid JSON"));
    assert!(matches!(errs[6], ApiError::Server { status: 503, .. }) && errs[6].is_retryable());
    assert!(errs[6]
        .title()
        .contains("proxy in front of Dokploy answered 503"));
    assert!(matches!(errs[7], ApiError::Http { status: 429, .. }) && errs[7].is_retryable());
    assert_eq!(errs[8].to_string(), "Dokploy did not answer within 20 seconds. The server may be busy or unreachable. Try again in a moment.");
}

/// Dokploy v0.30 refuses a role's missing permission with 401 (its `checkPermission`): that is
/// a permission to ask for, not a key to replace.
#[test]
fn a_roles_missing_permission_is_not_a_bad_key() {
    for message in [
        "unauthorized to access resource \\\"tag\\\"",
        "Permission denied",
        "You don't have access to this project",
    ] {
        let body = format!("{{\"message\":\"{message}\",\"code\":\"UNAUTHORIZED\"}}");
        let e = classify(401, Some("application/json"), &body, "tag.create");
        assert!(matches!(e, ApiError::Forbidden { .. }), "{message}: {e:?}");
        assert!(!e.is_auth());
    }
    let e = classify(
        401,
        Some("application/json"),
        "{\"message\":\"Unauthorized\"}",
        "tag.all",
    );
    assert!(e.is_auth());
}

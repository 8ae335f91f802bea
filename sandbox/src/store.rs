//! The in-memory Dokploy instance: organization, users and keys, projects, environments,
//! services, deployments, domains and mounts.

use std::collections::HashMap;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::kind::{Kind, ALL_KINDS};
use crate::shapes::{self, s, DbSettings, NewService, Row};
use crate::util::{alnum_from, app_suffix, id_from, iso, log_stamp, now_ms};

/// The API key printed at start-up, owned by the organization's owner.
pub const DEMO_KEY: &str = "skiff-demo-key";
/// Key of the member "Maya Developer" (canAccessToAPI: true, limited projects).
pub const MEMBER_KEY: &str = "skiff-member-key";
/// Key of the member "Sam Viewer" (canAccessToAPI: false: refused with 401).
pub const VIEWER_KEY: &str = "skiff-viewer-key";
/// Name of the demo application whose deploys always fail.
pub const FAILING_APP: &str = "flaky-worker";

pub struct Project {
    pub row: Row,
    pub env_ids: Vec<String>,
}

pub struct Environment {
    pub row: Row,
    pub service_ids: Vec<String>,
}

pub struct Service {
    pub kind: Kind,
    pub row: Row,
    pub fail_deploy: bool,
}

pub struct Deployment {
    pub row: Row,
    pub log: String,
    pub service_id: String,
}

pub struct Member {
    pub row: Row,
    pub user: Row,
}

pub struct ApiKey {
    pub row: Row,
    pub key: String,
    pub user_id: String,
    pub requests: u32,
    pub window_start: Instant,
}

/// Token state of the 2024 (v0.18.4) API: one bearer token per admin.
pub struct LegacyAuth {
    pub admin_row: Row,
    pub token: Option<String>,
}

/// Options for the seeded data.
#[derive(Clone, Debug, Default)]
pub struct SeedOptions {
    /// Generate this many projects (with `services_per_project` each) instead of the demo set.
    pub projects: Option<usize>,
    pub services_per_project: usize,
    /// Make every application deploy fail.
    pub fail_deploys: bool,
    /// `--seed xss`: every text is an XSS payload (see `hostile`).
    pub hostile: bool,
}

pub struct Store {
    pub org: Row,
    pub project_order: Vec<String>,
    pub projects: HashMap<String, Project>,
    pub environments: HashMap<String, Environment>,
    pub services: HashMap<String, Service>,
    /// Oldest first.
    pub deployments: Vec<Deployment>,
    pub domains: Vec<Row>,
    pub mounts: Vec<Row>,
    pub members: Vec<Member>,
    pub api_keys: Vec<ApiKey>,
    pub legacy: LegacyAuth,
    pub rng: StdRng,
    /// Bumped on every change; caches of rendered answers compare it.
    pub generation: u64,
    domain_seq: u64,
    pub fail_all_deploys: bool,
    /// Seeded with `--seed xss`: container logs carry the payloads too.
    pub hostile: bool,
}

impl Store {
    pub fn new_id(&mut self) -> String {
        id_from(&mut self.rng, 21)
    }

    pub fn owner(&self) -> &Member {
        &self.members[0]
    }

    pub fn org_id(&self) -> String {
        s(&self.org, "id")
    }

    pub fn touch(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    // ---------- creation ----------

    pub fn add_project(&mut self, name: &str, description: Value, created_ms: i64) -> String {
        let id = self.new_id();
        let org = self.org_id();
        let row = shapes::project_row(&id, name, description, &iso(created_ms), &org, "");
        self.projects.insert(
            id.clone(),
            Project {
                row,
                env_ids: Vec::new(),
            },
        );
        self.project_order.push(id.clone());
        self.touch();
        id
    }

    pub fn add_environment(
        &mut self,
        project_id: &str,
        name: &str,
        description: &str,
        is_default: bool,
        created_ms: i64,
    ) -> String {
        let id = self.new_id();
        let row = shapes::environment_row(
            &id,
            name,
            description,
            &iso(created_ms),
            project_id,
            is_default,
        );
        self.environments.insert(
            id.clone(),
            Environment {
                row,
                service_ids: Vec::new(),
            },
        );
        if let Some(p) = self.projects.get_mut(project_id) {
            p.env_ids.push(id.clone());
        }
        self.touch();
        id
    }

    pub fn project_slug(&self, environment_id: &str) -> String {
        let project_id = self
            .environments
            .get(environment_id)
            .map(|e| s(&e.row, "projectId"))
            .unwrap_or_default();
        let name = self
            .projects
            .get(&project_id)
            .map(|p| s(&p.row, "name"))
            .unwrap_or_default();
        slug(&name)
    }

    /// Creates a service with Dokploy's defaults (databases get their data volume).
    #[allow(clippy::too_many_arguments)]
    pub fn add_service(
        &mut self,
        kind: Kind,
        environment_id: &str,
        name: &str,
        app_name: Option<&str>,
        description: Value,
        db: Option<DbSettings>,
        created_ms: i64,
    ) -> String {
        let id = self.new_id();
        let refresh = self.new_id();
        let app_name = match app_name {
            Some(a) => a.to_string(),
            None => {
                let suffix = app_suffix(&mut self.rng);
                format!(
                    "{}-{}-{suffix}",
                    self.project_slug(environment_id),
                    slug(name)
                )
            }
        };
        let created = iso(created_ms);
        let n = NewService {
            id: &id,
            name,
            app_name: &app_name,
            description,
            environment_id,
            created_at: &created,
            refresh_token: &refresh,
        };
        let row = match kind {
            Kind::Application => shapes::application_row(&n),
            Kind::Compose => shapes::compose_row(&n, "", "github"),
            _ => {
                let db = db.unwrap_or_else(|| DbSettings {
                    database_name: slug(name).replace('-', "_"),
                    database_user: "app".into(),
                    database_password: alnum_from(&mut self.rng, 16),
                    root_password: alnum_from(&mut self.rng, 16),
                    docker_image: DbSettings::default_image(kind).into(),
                });
                shapes::database_row(kind, &n, &db)
            }
        };
        if kind.is_database() {
            let mount_id = self.new_id();
            let path = match kind {
                Kind::Postgres => "/var/lib/postgresql/data",
                Kind::Mysql | Kind::Mariadb => "/var/lib/mysql",
                Kind::Mongo => "/data/db",
                Kind::Redis => "/data",
                _ => "/var/lib/sqld",
            };
            self.mounts.push(shapes::mount_row(
                &mount_id,
                kind,
                &id,
                &format!("{app_name}-data"),
                path,
            ));
        }
        self.services.insert(
            id.clone(),
            Service {
                kind,
                row,
                fail_deploy: false,
            },
        );
        if let Some(e) = self.environments.get_mut(environment_id) {
            e.service_ids.push(id.clone());
        }
        self.touch();
        id
    }

    pub fn set(&mut self, service_id: &str, fields: Value) {
        if let (Some(svc), Value::Object(m)) = (self.services.get_mut(service_id), fields) {
            svc.row.extend(m);
        }
        self.touch();
    }

    pub fn set_status(&mut self, service_id: &str, status: &str) {
        if let Some(svc) = self.services.get_mut(service_id) {
            let key = svc.kind.status_key();
            svc.row.insert(key.into(), json!(status));
        }
        self.touch();
    }

    /// Records a deployment (still running when `finished_after_ms` is None).
    #[allow(clippy::too_many_arguments)]
    pub fn add_deployment(
        &mut self,
        service_id: &str,
        title: &str,
        description: &str,
        status: &str,
        log: String,
        created_ms: i64,
        finished_after_ms: Option<i64>,
    ) -> String {
        let id = self.new_id();
        let Some(svc) = self.services.get(service_id) else {
            return id;
        };
        let app_name = s(&svc.row, "appName");
        let log_path = format!(
            "/etc/dokploy/logs/{app_name}/{app_name}-{}.log",
            log_stamp(created_ms)
        );
        let (app_id, compose_id) = match svc.kind {
            Kind::Compose => (None, Some(service_id)),
            _ => (Some(service_id), None),
        };
        let finished = finished_after_ms.map(|d| iso(created_ms + d));
        let row = shapes::deployment_row(
            &id,
            title,
            description,
            status,
            &log_path,
            app_id,
            compose_id,
            &iso(created_ms),
            finished.as_deref(),
        );
        self.deployments.push(Deployment {
            row,
            log,
            service_id: service_id.to_string(),
        });
        self.touch();
        id
    }

    pub fn add_domain(
        &mut self,
        service_id: &str,
        host: &str,
        https: bool,
        port: u16,
        service_name: Option<&str>,
    ) -> String {
        let id = self.new_id();
        self.domain_seq += 1;
        let mut row = shapes::domain_row(&id, host, &iso(now_ms() - 86_400_000), self.domain_seq);
        let kind = self.services.get(service_id).map(|s| s.kind);
        row.insert("https".into(), json!(https));
        row.insert("port".into(), json!(port));
        if https {
            row.insert("certificateType".into(), json!("letsencrypt"));
        }
        if kind == Some(Kind::Compose) {
            row.insert("composeId".into(), json!(service_id));
            row.insert("domainType".into(), json!("compose"));
            row.insert("serviceName".into(), json!(service_name));
        } else {
            row.insert("applicationId".into(), json!(service_id));
        }
        self.domains.push(row);
        self.touch();
        id
    }

    pub fn next_domain_key(&mut self) -> u64 {
        self.domain_seq += 1;
        self.domain_seq
    }

    // ---------- look-ups ----------

    pub fn service(&self, kind: Kind, id: &str) -> Option<&Service> {
        self.services.get(id).filter(|s| s.kind == kind)
    }

    pub fn service_by_name(&self, name: &str) -> Option<(&String, &Service)> {
        self.services
            .iter()
            .find(|(_, s)| s.row.get("name") == Some(&json!(name)))
    }

    pub fn project_by_name(&self, name: &str) -> Option<&Project> {
        self.project_order
            .iter()
            .filter_map(|id| self.projects.get(id))
            .find(|p| p.row.get("name") == Some(&json!(name)))
    }

    pub fn member_by_user(&self, user_id: &str) -> Option<&Member> {
        self.members.iter().find(|m| s(&m.row, "userId") == user_id)
    }

    // ---------- removal ----------

    pub fn remove_service(&mut self, id: &str) -> Option<Service> {
        let svc = self.services.remove(id)?;
        let env_id = s(&svc.row, "environmentId");
        if let Some(e) = self.environments.get_mut(&env_id) {
            e.service_ids.retain(|x| x != id);
        }
        self.deployments.retain(|d| d.service_id != id);
        let key = svc.kind.id_key();
        self.domains
            .retain(|d| d.get(key).and_then(Value::as_str) != Some(id));
        self.mounts
            .retain(|m| m.get(key).and_then(Value::as_str) != Some(id));
        self.touch();
        Some(svc)
    }

    pub fn remove_environment(&mut self, id: &str) -> Option<Environment> {
        let env = self.environments.remove(id)?;
        for sid in env.service_ids.clone() {
            self.remove_service(&sid);
        }
        let pid = s(&env.row, "projectId");
        if let Some(p) = self.projects.get_mut(&pid) {
            p.env_ids.retain(|x| x != id);
        }
        self.touch();
        Some(env)
    }

    pub fn remove_project(&mut self, id: &str) -> Option<Project> {
        let project = self.projects.remove(id)?;
        for eid in project.env_ids.clone() {
            self.remove_environment(&eid);
        }
        self.project_order.retain(|x| x != id);
        self.touch();
        Some(project)
    }

    // ---------- keys ----------

    #[allow(clippy::too_many_arguments)]
    pub fn add_api_key(
        &mut self,
        user_id: &str,
        name: &str,
        key: Option<&str>,
        prefix: Value,
        rate_limit_enabled: bool,
        window_ms: i64,
        max: i64,
        expires_at: Value,
        metadata: Value,
    ) -> Row {
        let id = alnum_from(&mut self.rng, 32);
        let key = match key {
            Some(k) => k.to_string(),
            None => {
                let p = prefix.as_str().unwrap_or_default().to_string();
                format!("{p}{}", alnum_from(&mut self.rng, 64))
            }
        };
        let row = shapes::api_key_row(
            &id,
            name,
            &key,
            user_id,
            prefix,
            rate_limit_enabled,
            window_ms,
            max,
            expires_at,
            metadata,
            &iso(now_ms()),
        );
        self.api_keys.push(ApiKey {
            row: row.clone(),
            key,
            user_id: user_id.to_string(),
            requests: 0,
            window_start: Instant::now(),
        });
        row
    }
}

pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

// ---------------------------------------------------------------------------------------------
// Seed data
// ---------------------------------------------------------------------------------------------

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn empty_store() -> Store {
    let mut rng = StdRng::seed_from_u64(0x5_C1FF);
    let now = now_ms();
    let org_id = id_from(&mut rng, 21);
    let owner_id = alnum_from(&mut rng, 32);
    let org = shapes::organization_row(&org_id, "Acme Platform", &iso(now - 90 * DAY), &owner_id);
    let mut owner = Member {
        row: shapes::member_row(
            &id_from(&mut rng, 21),
            &org_id,
            &owner_id,
            "owner",
            &iso(now - 90 * DAY),
        ),
        user: shapes::user_row(
            &owner_id,
            "Ada",
            "Owner",
            "owner@acme.test",
            &iso(now - 90 * DAY),
        ),
    };
    owner.row.insert("isDefault".into(), json!(true));
    let admin_row = shapes::obj(json!({
        "id": id_from(&mut rng, 21),
        "email": "owner@acme.test",
        "rol": "admin",
        "image": "/avatars/avatar-12.png",
        "secret": null,
        "token": null,
        "is2FAEnabled": false,
        "createdAt": iso(now - 90 * DAY),
        "resetPasswordToken": null,
        "resetPasswordExpiresAt": null,
        "confirmationToken": null,
        "confirmationExpiresAt": null,
    }));
    Store {
        org,
        project_order: Vec::new(),
        projects: HashMap::new(),
        environments: HashMap::new(),
        services: HashMap::new(),
        deployments: Vec::new(),
        domains: Vec::new(),
        mounts: Vec::new(),
        members: vec![owner],
        api_keys: Vec::new(),
        legacy: LegacyAuth {
            admin_row,
            token: None,
        },
        rng,
        generation: 0,
        domain_seq: 0,
        fail_all_deploys: false,
        hostile: false,
    }
}

pub(crate) fn add_member(
    st: &mut Store,
    first: &str,
    last: &str,
    email: &str,
    perms: Value,
) -> String {
    let now = now_ms();
    let org_id = st.org_id();
    let user_id = alnum_from(&mut st.rng, 32);
    let member_id = st.new_id();
    let mut row = shapes::member_row(
        &member_id,
        &org_id,
        &user_id,
        "member",
        &iso(now - 30 * DAY),
    );
    if let Value::Object(m) = perms {
        row.extend(m);
    }
    st.members.push(Member {
        row,
        user: shapes::user_row(&user_id, first, last, email, &iso(now - 30 * DAY)),
    });
    user_id
}

/// Every id of the organization: the owner's access lists.
pub fn refresh_owner_access(st: &mut Store) {
    let projects: Vec<Value> = st.project_order.iter().map(|x| json!(x)).collect();
    let envs: Vec<Value> = st
        .project_order
        .iter()
        .filter_map(|p| st.projects.get(p))
        .flat_map(|p| p.env_ids.iter().map(|x| json!(x)))
        .collect();
    let services: Vec<Value> = st
        .project_order
        .iter()
        .filter_map(|p| st.projects.get(p))
        .flat_map(|p| p.env_ids.iter())
        .filter_map(|e| st.environments.get(e))
        .flat_map(|e| e.service_ids.iter().map(|x| json!(x)))
        .collect();
    let owner = &mut st.members[0].row;
    owner.insert("accessedProjects".into(), Value::Array(projects));
    owner.insert("accessedEnvironments".into(), Value::Array(envs));
    owner.insert("accessedServices".into(), Value::Array(services));
}

fn app_log(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Log lines of a successful application build.
pub fn success_lines(app_name: &str, source: &str) -> Vec<String> {
    vec![
        "Initializing deployment".into(),
        format!("Cloning Repo {source} to /etc/dokploy/applications/{app_name}/code: ✅"),
        "Build nixpacks: ✅".into(),
        "╔══════════════════════════════ Nixpacks v1.39.0 ══════════════════════════════╗".into(),
        "║ setup      │ nodejs_22, npm-9_x                                              ║".into(),
        "║ install    │ npm ci                                                          ║".into(),
        "║ build      │ npm run build                                                   ║".into(),
        "║ start      │ npm run start                                                   ║".into(),
        "╚══════════════════════════════════════════════════════════════════════════════╝".into(),
        "#5 [stage-0 4/9] RUN npm ci".into(),
        "#5 9.812 added 412 packages, and audited 413 packages in 9s".into(),
        "#7 [stage-0 6/9] RUN npm run build".into(),
        "#7 14.02 ✓ Compiled successfully".into(),
        "#9 exporting to image".into(),
        format!("#9 naming to docker.io/library/{app_name}:latest done"),
        "Docker Deployed: ✅".into(),
    ]
}

/// Log lines of a failing application build.
pub fn failure_lines(app_name: &str, source: &str) -> Vec<String> {
    vec![
        "Initializing deployment".into(),
        format!("Cloning Repo {source} to /etc/dokploy/applications/{app_name}/code: ✅"),
        "Build nixpacks: ✅".into(),
        "#5 [stage-0 4/9] RUN npm ci".into(),
        "#5 7.301 added 188 packages in 7s".into(),
        "#7 [stage-0 6/9] RUN npm run build".into(),
        "#7 3.442 > worker@2.3.1 build".into(),
        "#7 3.443 > tsc -p tsconfig.json".into(),
        "#7 9.870 src/queue.ts(42,17): error TS2339: Property 'ack' does not exist on type 'Job'.".into(),
        "#7 ERROR: process \"/bin/bash -ol pipefail -c npm run build\" did not complete successfully: exit code: 2".into(),
        "Error: ❌ Docker build failed".into(),
        "".into(),
        "Error occurred ❌, check the logs for details.".into(),
    ]
}

/// Log lines of a compose deployment.
pub fn compose_lines(app_name: &str, fail: bool) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "Initializing deployment".into(),
        "File 'docker-compose.yml' created: ✅".into(),
        "╔══════════════════════════════════════════════════════════════════════════════╗".into(),
        format!("║ App Name: {app_name:<67}║"),
        "║ Build Compose 🐳                                                             ║".into(),
        format!("║ Command: docker compose -p {app_name} -f docker-compose.yml up -d --build"),
        "╚══════════════════════════════════════════════════════════════════════════════╝".into(),
        format!(" Network {app_name}_default  Creating"),
        format!(" Network {app_name}_default  Created"),
    ];
    if fail {
        v.push(" Error response from daemon: pull access denied for n8nio/n8n-private".into());
        v.push("Error: ❌ Docker command failed".into());
        v.push("".into());
        v.push("Error occurred ❌, check the logs for details.".into());
    } else {
        v.push(format!(" Container {app_name}-web-1  Started"));
        v.push("Docker Compose Deployed: ✅".into());
    }
    v
}

fn joined(lines: Vec<String>) -> String {
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    app_log(&refs)
}

fn db(name: &str, user: &str, password: &str, root: &str, image: &str) -> Option<DbSettings> {
    Some(DbSettings {
        database_name: name.into(),
        database_user: user.into(),
        database_password: password.into(),
        root_password: root.into(),
        docker_image: image.into(),
    })
}

/// The demo organization: three projects with every kind of service.
fn seed_demo(st: &mut Store) {
    let now = now_ms();
    let nul = Value::Null;

    // shop: production + staging
    let shop = st.add_project(
        "shop",
        json!("Online storefront: web front, checkout API and their data stores"),
        now - 60 * DAY,
    );
    let prod = st.add_environment(
        &shop,
        "production",
        "Production environment",
        true,
        now - 60 * DAY,
    );
    let staging = st.add_environment(
        &shop,
        "staging",
        "Pre-release testing",
        false,
        now - 45 * DAY,
    );

    let web = st.add_service(
        Kind::Application,
        &prod,
        "storefront",
        Some("shop-storefront-x1k2p9"),
        json!("Next.js storefront served at shop.acme.test"),
        None,
        now - 59 * DAY,
    );
    st.set(&web, json!({
        "repository": "storefront", "owner": "acme", "branch": "main", "sourceType": "github",
        "env": "NODE_ENV=production\nNEXT_PUBLIC_API_URL=https://api.shop.acme.test\nDATABASE_URL=postgresql://shop:Pg_s3cr3t_2024@shop-db-7f3k2a:5432/shop\nSTRIPE_SECRET_KEY=sk_live_51Hdemo0000000000000000000\nAPI_TOKEN=tok_9f8e7d6c5b4a3210",
        "buildArgs": "NODE_VERSION=22",
        "memoryLimit": "1073741824",
        "replicas": 2,
    }));
    st.set_status(&web, "done");
    let src = "github.com/acme/storefront";
    st.add_deployment(
        &web,
        "Initial deploy",
        "",
        "done",
        joined(success_lines("shop-storefront-x1k2p9", src)),
        now - 20 * DAY,
        Some(94_000),
    );
    st.add_deployment(
        &web,
        "feat: product search",
        "Merge pull request #212",
        "error",
        joined(failure_lines("shop-storefront-x1k2p9", src)),
        now - 2 * DAY,
        Some(41_000),
    );
    st.add_deployment(
        &web,
        "fix: search ranking",
        "Merge pull request #214",
        "done",
        joined(success_lines("shop-storefront-x1k2p9", src)),
        now - 3 * HOUR,
        Some(88_000),
    );
    st.add_domain(&web, "shop.acme.test", true, 3000, None);
    st.add_domain(&web, "www.shop.acme.test", true, 3000, None);

    let api = st.add_service(
        Kind::Application,
        &prod,
        "checkout-api",
        Some("shop-checkout-api-m4q8zt"),
        json!("Payments and orders REST API"),
        None,
        now - 58 * DAY,
    );
    st.set(&api, json!({
        "sourceType": "docker", "dockerImage": "ghcr.io/acme/checkout-api:1.14.2",
        "buildType": "dockerfile",
        "env": "PORT=8080\nDATABASE_PASSWORD=Pg_s3cr3t_2024\nREDIS_URL=redis://:Rd_c4che_pw@shop-cache-p2l9sd:6379\nAPI_TOKEN=chk_live_4c2a9e77d1",
    }));
    st.set_status(&api, "done");
    st.add_deployment(
        &api,
        "Deploy 1.14.2",
        "",
        "done",
        joined(success_lines(
            "shop-checkout-api-m4q8zt",
            "ghcr.io/acme/checkout-api",
        )),
        now - 5 * HOUR,
        Some(23_000),
    );
    st.add_domain(&api, "api.shop.acme.test", true, 8080, None);

    let flaky = st.add_service(
        Kind::Application,
        &prod,
        FAILING_APP,
        Some("shop-flaky-worker-c7v1nb"),
        json!("Background job runner (its deploys always fail in the sandbox)"),
        None,
        now - 30 * DAY,
    );
    st.set(&flaky, json!({
        "repository": "worker", "owner": "acme", "branch": "develop",
        "env": "QUEUE_URL=redis://shop-cache-p2l9sd:6379/2\nWORKER_CONCURRENCY=4\nSENTRY_DSN=https://abc123@sentry.acme.test/7",
    }));
    st.set_status(&flaky, "error");
    if let Some(svc) = st.services.get_mut(&flaky) {
        svc.fail_deploy = true;
    }
    st.add_deployment(
        &flaky,
        "chore: bump deps",
        "",
        "error",
        joined(failure_lines(
            "shop-flaky-worker-c7v1nb",
            "github.com/acme/worker",
        )),
        now - DAY,
        Some(35_000),
    );

    let pg = st.add_service(
        Kind::Postgres,
        &prod,
        "shop-db",
        Some("shop-db-7f3k2a"),
        json!("Orders, customers and catalogue"),
        db("shop", "shop", "Pg_s3cr3t_2024", "", "postgres:17"),
        now - 59 * DAY,
    );
    st.set(
        &pg,
        json!({"externalPort": 5433, "env": "POSTGRES_INITDB_ARGS=--data-checksums"}),
    );
    st.set_status(&pg, "done");

    let cache = st.add_service(
        Kind::Redis,
        &prod,
        "shop-cache",
        Some("shop-cache-p2l9sd"),
        json!("Sessions and rate limits"),
        db("", "", "Rd_c4che_pw", "", "redis:7"),
        now - 59 * DAY,
    );
    st.set_status(&cache, "done");

    let mon = st.add_service(
        Kind::Compose,
        &prod,
        "monitoring",
        Some("shop-monitoring-h5w3ke"),
        json!("Prometheus and Grafana"),
        None,
        now - 40 * DAY,
    );
    st.set(&mon, json!({
        "sourceType": "raw",
        "composeFile": "services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.1.0\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_PASSWORD}\n",
        "env": "GRAFANA_PASSWORD=Gr4f4na_admin!\nRETENTION=15d",
    }));
    st.set_status(&mon, "done");
    st.add_deployment(
        &mon,
        "Compose deploy",
        "",
        "done",
        joined(compose_lines("shop-monitoring-h5w3ke", false)),
        now - 10 * DAY,
        Some(31_000),
    );
    st.add_domain(&mon, "grafana.shop.acme.test", true, 3000, Some("grafana"));

    let stg_web = st.add_service(
        Kind::Application,
        &staging,
        "storefront",
        Some("shop-storefront-staging-q9d4rx"),
        json!("Storefront, staging build of the develop branch"),
        None,
        now - 44 * DAY,
    );
    st.set(&stg_web, json!({
        "repository": "storefront", "owner": "acme", "branch": "develop",
        "env": "NODE_ENV=staging\nDATABASE_URL=postgresql://shop:St4ging_pw@shop-db-staging-k2j8wm:5432/shop\nAPI_TOKEN=tok_staging_11aa22bb",
    }));
    st.add_domain(&stg_web, "staging.shop.acme.test", false, 3000, None);
    let stg_db = st.add_service(
        Kind::Postgres,
        &staging,
        "shop-db-staging",
        Some("shop-db-staging-k2j8wm"),
        json!("Staging copy of the shop database, refreshed weekly"),
        db("shop", "shop", "St4ging_pw", "", "postgres:17"),
        now - 44 * DAY,
    );
    let _ = stg_db;

    // blog
    let blog = st.add_project("blog", json!("Company blog and comments"), now - 50 * DAY);
    let bprod = st.add_environment(
        &blog,
        "production",
        "Production environment",
        true,
        now - 50 * DAY,
    );
    let ghost = st.add_service(
        Kind::Application,
        &bprod,
        "ghost",
        Some("blog-ghost-t6y2ua"),
        json!("Ghost CMS"),
        None,
        now - 50 * DAY,
    );
    st.set(&ghost, json!({
        "sourceType": "docker", "dockerImage": "ghost:5-alpine", "buildType": "dockerfile",
        "env": "url=https://blog.acme.test\ndatabase__client=mysql\ndatabase__connection__host=blog-mysql-r8e1wo\ndatabase__connection__password=My5ql_blog_pw\nMAIL_API_TOKEN=mg_7d1e0c3b",
    }));
    st.set_status(&ghost, "done");
    st.add_deployment(
        &ghost,
        "Deploy ghost:5-alpine",
        "",
        "done",
        joined(success_lines("blog-ghost-t6y2ua", "ghost:5-alpine")),
        now - 7 * DAY,
        Some(12_000),
    );
    st.add_domain(&ghost, "blog.acme.test", true, 2368, None);
    let mysql = st.add_service(
        Kind::Mysql,
        &bprod,
        "blog-mysql",
        Some("blog-mysql-r8e1wo"),
        json!("Ghost content database"),
        db("ghost", "ghost", "My5ql_blog_pw", "R00t_blog_pw", "mysql:8"),
        now - 50 * DAY,
    );
    st.set_status(&mysql, "done");
    let maria = st.add_service(
        Kind::Mariadb,
        &bprod,
        "comments-db",
        Some("blog-comments-db-f3n7lp"),
        json!("Remark42 comments (stopped)"),
        db("comments", "remark", "M4ria_pw", "M4ria_root", "mariadb:11"),
        now - 35 * DAY,
    );
    st.set_status(&maria, "error");

    // internal-tools
    let tools = st.add_project(
        "internal-tools",
        json!("Back-office tools for the ops team"),
        now - 20 * DAY,
    );
    let tprod = st.add_environment(
        &tools,
        "production",
        "Production environment",
        true,
        now - 20 * DAY,
    );
    let admin = st.add_service(
        Kind::Application,
        &tprod,
        "admin-panel",
        Some("tools-admin-panel-b1x5cz"),
        json!("Retool-like admin panel, never deployed yet"),
        None,
        now - 3 * DAY,
    );
    st.set(
        &admin,
        json!({"repository": "admin-panel", "owner": "acme", "branch": "main"}),
    );
    let mongo = st.add_service(
        Kind::Mongo,
        &tprod,
        "analytics-mongo",
        Some("tools-analytics-mongo-g7u3hq"),
        json!("Event store for product analytics"),
        db("", "analytics", "M0ngo_pw", "", "mongo:7"),
        now - 19 * DAY,
    );
    st.set_status(&mongo, "done");
    let flags = st.add_service(
        Kind::Libsql,
        &tprod,
        "feature-flags",
        Some("tools-feature-flags-w2s6jd"),
        json!("libSQL database of feature flags"),
        db(
            "",
            "flags",
            "L1bsql_pw",
            "",
            "ghcr.io/tursodatabase/libsql-server:v0.24.32",
        ),
        now - 15 * DAY,
    );
    st.set_status(&flags, "done");
    let n8n = st.add_service(
        Kind::Compose,
        &tprod,
        "n8n",
        Some("tools-n8n-e4k9mv"),
        json!("Workflow automation"),
        None,
        now - 12 * DAY,
    );
    st.set(&n8n, json!({
        "sourceType": "raw",
        "composeFile": "services:\n  n8n:\n    image: n8nio/n8n-private:latest\n    ports:\n      - 5678\n",
        "env": "N8N_ENCRYPTION_KEY=n8n_enc_5a4b3c2d1e\nWEBHOOK_URL=https://n8n.tools.acme.test",
    }));
    st.set_status(&n8n, "error");
    st.add_deployment(
        &n8n,
        "Compose deploy",
        "",
        "error",
        joined(compose_lines("tools-n8n-e4k9mv", true)),
        now - 12 * DAY,
        Some(9_000),
    );

    // members
    let maya_perms = json!({
        "canCreateServices": true, "canDeleteServices": true, "canAccessToAPI": true,
        "canAccessToDocker": true, "canCreateEnvironments": true,
        "accessedProjects": [shop, blog],
        "accessedEnvironments": [prod, staging, bprod],
        "accessedServices": [web, api, flaky, pg, cache, mon, stg_web, ghost],
    });
    let maya = add_member(st, "Maya", "Developer", "maya@acme.test", maya_perms);
    let sam = add_member(
        st,
        "Sam",
        "Viewer",
        "sam@acme.test",
        json!({
            "accessedProjects": [blog], "accessedEnvironments": [bprod], "accessedServices": [ghost],
        }),
    );
    let keys = [
        (maya, "maya-laptop", MEMBER_KEY),
        (sam, "sam-cli", VIEWER_KEY),
    ];
    for (user, name, key) in keys {
        st.add_api_key(
            &user,
            name,
            Some(key),
            nul.clone(),
            false,
            86_400_000,
            10,
            nul.clone(),
            nul.clone(),
        );
    }
}

/// `n` generated projects with `m` services each (benchmarks).
fn seed_bulk(st: &mut Store, n: usize, m: usize) {
    let now = now_ms();
    let kinds = ALL_KINDS;
    for p in 0..n {
        let pid = st.add_project(
            &format!("project-{p:04}"),
            json!(format!("Generated project {p}")),
            now - (n - p) as i64 * 60_000,
        );
        let eid = st.add_environment(&pid, "production", "Production environment", true, now);
        for i in 0..m {
            let kind = kinds[i % kinds.len()];
            let name = format!("{}-{i:02}", kind.router());
            let sid = st.add_service(kind, &eid, &name, None, Value::Null, None, now);
            let status = ["idle", "done", "done", "error"][(p + i) % 4];
            st.set_status(&sid, status);
        }
    }
}

pub fn seeded(opts: &SeedOptions, owner_key: &str) -> Store {
    let mut st = empty_store();
    let owner_id = s(&st.owner().row, "userId");
    let nul = Value::Null;
    st.add_api_key(
        &owner_id,
        "skiff-demo",
        Some(owner_key),
        nul.clone(),
        false,
        86_400_000,
        10,
        nul.clone(),
        nul,
    );
    match opts.projects {
        _ if opts.hostile => crate::hostile::seed(&mut st),
        Some(n) => seed_bulk(&mut st, n, opts.services_per_project),
        None => seed_demo(&mut st),
    }
    refresh_owner_access(&mut st);
    st.fail_all_deploys = opts.fail_deploys;
    st
}

//! The in-memory Dokploy instance: organization, users and keys, projects, environments,
//! services, deployments (and their rollbacks), the deployments queue, domains and mounts, an
//! application's published ports, redirects and basic-auth users, registries, backup
//! destinations (and the files in their buckets), database backups, schedules and volume
//! backups, the organization's tags and the projects they are given to, its SSH keys, custom
//! certificates, git providers, remote servers and notifications.

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
    /// The service deployed, or the backup, schedule or volume backup that ran.
    pub service_id: String,
    /// Its rollback (the `rollback` row whose `deploymentId` it is; see `rollbacks`): both go
    /// together, as their foreign keys cascade both ways.
    pub rollback: Option<Row>,
}

/// A file in a destination's bucket, as `rclone lsjson` lists it.
#[derive(Clone, Debug)]
pub struct BucketFile {
    pub destination_id: String,
    /// The object's key: `shop-db-7f3k2a/shop/daily/2026-12-02T03-00-00-000Z.sql.gz`.
    pub path: String,
    pub size: i64,
}

/// What a run (a deployment row that is not a deploy) belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOwner {
    Backup,
    Schedule,
    VolumeBackup,
}

impl RunOwner {
    /// The column of the deployment (and the owner's id key): `backupId`, ...
    pub fn id_key(self) -> &'static str {
        match self {
            RunOwner::Backup => "backupId",
            RunOwner::Schedule => "scheduleId",
            RunOwner::VolumeBackup => "volumeBackupId",
        }
    }

    /// Where Dokploy writes the run's log (`paths()`: LOGS_PATH, SCHEDULES_PATH, ...).
    fn log_dir(self) -> &'static str {
        match self {
            RunOwner::Backup => "/etc/dokploy/logs",
            RunOwner::Schedule => "/etc/dokploy/schedules",
            RunOwner::VolumeBackup => "/etc/dokploy/volume-backups",
        }
    }
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
    /// `--seed-history`: 30 days of deployments and runs (see `history`).
    pub history: bool,
    /// `--remote-server`: the demo's storefront and monitoring run on a remote server, edge-1.
    pub remote_server: bool,
    /// The era the seeded rows are written in where the eras wrote them differently (a
    /// rollback's image and context).
    pub era: crate::Era,
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
    /// Like the tables they stand for, in the order a query without `ORDER BY` returns them:
    /// oldest first, a changed row last (see `advanced`).
    pub mounts: Vec<Row>,
    /// An application's published ports (the `port` table).
    pub ports: Vec<Row>,
    /// An application's redirects (the `redirect` table).
    pub redirects: Vec<Row>,
    /// An application's basic-auth users (the `security` table).
    pub security: Vec<Row>,
    /// Preview deployments of applications' pull requests (see `previews`).
    pub previews: Vec<Row>,
    /// Traefik files saved with `application.updateTraefikConfig`, by application id.
    pub traefik_files: HashMap<String, crate::traefik::SavedFile>,
    /// Docker registries (`registry` rows, password and all), oldest first.
    pub registries: Vec<Row>,
    /// SSH keys (`ssh-key` rows, private key and all), oldest first (see `ssh_keys`).
    pub ssh_keys: Vec<Row>,
    /// Custom TLS certificates (`certificate` rows), oldest first (see `certificates`).
    pub certificates: Vec<Row>,
    /// Remote servers (`server` rows in v0.30.2's columns, oldest first; see `servers`).
    pub servers: Vec<Row>,
    /// Git providers (`git_provider` rows and their kind's, secrets and all; see
    /// `git_providers`), oldest first.
    pub git_providers: Vec<crate::git_providers::GitProvider>,
    /// Invitations to the organization (`invitation` rows with v0.18.4's ids; see `people`),
    /// oldest first.
    pub invitations: Vec<crate::people::Invitation>,
    /// Notifications (`notification` rows with their provider's row; see `notifications`), in
    /// the order they were made.
    pub notifications: Vec<crate::notifications::Notification>,
    /// The deployments queue (`queue`).
    pub queue: crate::queue::Queue,
    /// The `rollback.version` serial: the last version given.
    pub rollback_seq: i64,
    /// Backup destinations (S3 buckets), oldest first.
    pub destinations: Vec<Row>,
    /// What the destinations' buckets hold.
    pub bucket_files: Vec<BucketFile>,
    /// Database and compose backups, oldest first.
    pub backups: Vec<Row>,
    pub schedules: Vec<Row>,
    pub volume_backups: Vec<Row>,
    /// The organization's tags (the `tag` table), oldest first (see `tags`).
    pub tags: Vec<Row>,
    /// Tags given to projects (the `project_tag` table: `{id, projectId, tagId}`), oldest first.
    pub project_tags: Vec<Row>,
    pub members: Vec<Member>,
    pub api_keys: Vec<ApiKey>,
    pub legacy: LegacyAuth,
    pub rng: StdRng,
    /// Bumped on every change; caches of rendered answers compare it.
    pub generation: u64,
    domain_seq: u64,
    /// The `redirect.uniqueConfigKey` serial.
    redirect_seq: u64,
    pub fail_all_deploys: bool,
    /// Seeded with `--seed xss`: container logs carry the payloads too.
    pub hostile: bool,
    /// The Docker engine: whether there is one, and what happened to the containers
    /// (`docker.rs`).
    pub docker: crate::docker::State,
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

    /// Moves a service to another environment (`<kind>.move`): its row names the environment,
    /// which lists it after its own services; nothing else of it changes (its id, and so its
    /// deployments, domains, mounts, backups, ...). Moving it where it is changes nothing.
    pub fn move_service(&mut self, service_id: &str, environment_id: &str) {
        let Some(svc) = self.services.get_mut(service_id) else {
            return;
        };
        let from = s(&svc.row, "environmentId");
        if from == environment_id {
            return;
        }
        svc.row
            .insert("environmentId".into(), json!(environment_id));
        if let Some(e) = self.environments.get_mut(&from) {
            e.service_ids.retain(|x| x != service_id);
        }
        if let Some(e) = self.environments.get_mut(environment_id) {
            e.service_ids.push(service_id.to_string());
        }
        self.touch();
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
            let old = svc.row.insert(key.into(), json!(status));
            let old = old.as_ref().and_then(Value::as_str).unwrap_or_default();
            self.docker
                .status_changed(service_id, old, status, now_ms());
        }
        self.touch();
    }

    /// Records a deployment (still running when `finished_after_ms` is None), keeping the
    /// service's ten newest before, as Dokploy does.
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
        self.keep_newest_ten(service_id);
        self.push_deployment(
            service_id,
            title,
            description,
            status,
            log,
            created_ms,
            finished_after_ms,
        )
    }

    /// Records a deployment as it is, however many the service has (a seed that is no history,
    /// `--seed xss`).
    #[allow(clippy::too_many_arguments)]
    pub fn push_deployment(
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
            rollback: None,
        });
        self.touch();
        id
    }

    /// Dokploy's `removeLastTenDeployments`, run before a deployment (or a run) is added: only
    /// the ten newest of the same service (preview, backup, schedule, volume backup) stay, and
    /// their rollbacks with them.
    pub fn keep_newest_ten(&mut self, owner_id: &str) {
        let mut rows: Vec<(String, String)> = self
            .deployments
            .iter()
            .filter(|d| d.service_id == owner_id)
            .map(|d| (s(&d.row, "createdAt"), s(&d.row, "deploymentId")))
            .collect();
        if rows.len() <= 10 {
            return;
        }
        rows.sort();
        rows.reverse();
        let stale: Vec<String> = rows.into_iter().skip(10).map(|(_, id)| id).collect();
        self.deployments
            .retain(|d| !stale.contains(&s(&d.row, "deploymentId")));
        self.touch();
    }

    /// Records a run of a backup, schedule or volume backup (still running when
    /// `finished_after_ms` is None). Like Dokploy, keeps the owner's ten newest runs before
    /// adding one.
    #[allow(clippy::too_many_arguments)]
    pub fn add_run(
        &mut self,
        owner: RunOwner,
        owner_id: &str,
        title: &str,
        status: &str,
        log: String,
        created_ms: i64,
        finished_after_ms: Option<i64>,
    ) -> String {
        let id = self.new_id();
        let app_name = self
            .run_owner(owner, owner_id)
            .map(|r| s(r, "appName"))
            .unwrap_or_default();
        self.keep_newest_ten(owner_id);
        let log_path = format!(
            "{}/{app_name}/{app_name}-{}.log",
            owner.log_dir(),
            log_stamp(created_ms)
        );
        let finished = finished_after_ms.map(|d| iso(created_ms + d));
        let mut row = shapes::deployment_row(
            &id,
            title,
            title,
            status,
            &log_path,
            None,
            None,
            &iso(created_ms),
            finished.as_deref(),
        );
        row.insert(owner.id_key().into(), json!(owner_id));
        self.deployments.push(Deployment {
            row,
            log,
            service_id: owner_id.to_string(),
            rollback: None,
        });
        self.touch();
        id
    }

    pub fn run_owner(&self, owner: RunOwner, id: &str) -> Option<&Row> {
        let list = match owner {
            RunOwner::Backup => &self.backups,
            RunOwner::Schedule => &self.schedules,
            RunOwner::VolumeBackup => &self.volume_backups,
        };
        list.iter().find(|r| s(r, owner.id_key()) == id)
    }

    /// `backup-program-neural-feed-lr6wyj`: Dokploy's `generateAppName(prefix)`.
    pub fn generated_app_name(&mut self, prefix: &str) -> String {
        const WORDS: [&str; 24] = [
            "program",
            "neural",
            "feed",
            "hack",
            "wireless",
            "interface",
            "transmit",
            "protocol",
            "connect",
            "back-end",
            "alarm",
            "reboot",
            "open-source",
            "bypass",
            "optical",
            "solid-state",
            "parse",
            "compress",
            "override",
            "navigate",
            "digital",
            "matrix",
            "circuit",
            "bandwidth",
        ];
        let mut words = Vec::new();
        for _ in 0..3 {
            words.push(WORDS[rand::Rng::random_range(&mut self.rng, 0..WORDS.len())]);
        }
        let suffix = app_suffix(&mut self.rng);
        format!("{prefix}-{}-{suffix}", words.join("-"))
    }

    pub fn destination(&self, id: &str) -> Option<&Row> {
        self.destinations
            .iter()
            .find(|d| s(d, "destinationId") == id)
    }

    /// Removes a backup and its runs.
    pub fn remove_backup(&mut self, id: &str) -> Option<Row> {
        let pos = self.backups.iter().position(|b| s(b, "backupId") == id)?;
        self.deployments.retain(|d| d.service_id != id);
        self.touch();
        Some(self.backups.remove(pos))
    }

    /// Removes a schedule and its runs.
    pub fn remove_schedule(&mut self, id: &str) -> Option<Row> {
        let pos = self
            .schedules
            .iter()
            .position(|b| s(b, "scheduleId") == id)?;
        self.deployments.retain(|d| d.service_id != id);
        self.touch();
        Some(self.schedules.remove(pos))
    }

    /// Removes a volume backup and its runs.
    pub fn remove_volume_backup(&mut self, id: &str) -> Option<Row> {
        let pos = self
            .volume_backups
            .iter()
            .position(|b| s(b, "volumeBackupId") == id)?;
        self.deployments.retain(|d| d.service_id != id);
        self.touch();
        Some(self.volume_backups.remove(pos))
    }

    /// Removes a destination and (foreign keys cascade) the backups and volume backups that
    /// write to it.
    pub fn remove_destination(&mut self, id: &str) -> Option<Row> {
        let pos = self
            .destinations
            .iter()
            .position(|d| s(d, "destinationId") == id)?;
        let backups: Vec<String> = self
            .backups
            .iter()
            .filter(|b| s(b, "destinationId") == id)
            .map(|b| s(b, "backupId"))
            .collect();
        for b in backups {
            self.remove_backup(&b);
        }
        let volume_backups: Vec<String> = self
            .volume_backups
            .iter()
            .filter(|b| s(b, "destinationId") == id)
            .map(|b| s(b, "volumeBackupId"))
            .collect();
        for b in volume_backups {
            self.remove_volume_backup(&b);
        }
        self.bucket_files.retain(|f| f.destination_id != id);
        self.touch();
        Some(self.destinations.remove(pos))
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

    /// The next `uniqueConfigKey` of a redirect (a serial column).
    pub fn next_redirect_key(&mut self) -> u64 {
        self.redirect_seq += 1;
        self.redirect_seq
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
        // Dokploy's `cleanQueuesByApplication` / `cleanQueuesByCompose`: its waiting jobs go.
        self.queue.remove_waiting(id);
        let key = svc.kind.id_key();
        // Backups, schedules and volume backups of the service go with it (foreign keys
        // cascade), and their runs with them.
        let owned = |rows: &[Row], id_key: &str| -> Vec<String> {
            rows.iter()
                .filter(|r| r.get(key).and_then(Value::as_str) == Some(id))
                .map(|r| s(r, id_key))
                .collect()
        };
        for b in owned(&self.backups, "backupId") {
            self.remove_backup(&b);
        }
        for b in owned(&self.schedules, "scheduleId") {
            self.remove_schedule(&b);
        }
        for b in owned(&self.volume_backups, "volumeBackupId") {
            self.remove_volume_backup(&b);
        }
        self.domains
            .retain(|d| d.get(key).and_then(Value::as_str) != Some(id));
        // An application's preview deployments go with it, and their domains and deployments.
        let previews: Vec<String> = self
            .previews
            .iter()
            .filter(|p| p.get(key).and_then(Value::as_str) == Some(id))
            .map(|p| s(p, "previewDeploymentId"))
            .collect();
        for p in previews {
            self.remove_preview(&p);
        }
        self.traefik_files.remove(id);
        let owned_by = |r: &Row| r.get(key).and_then(Value::as_str) == Some(id);
        self.mounts.retain(|r| !owned_by(r));
        self.ports.retain(|r| !owned_by(r));
        self.redirects.retain(|r| !owned_by(r));
        self.security.retain(|r| !owned_by(r));
        self.touch();
        Some(svc)
    }

    /// Removes a preview deployment, its domain and its deployments.
    pub fn remove_preview(&mut self, id: &str) -> Option<Row> {
        let pos = self
            .previews
            .iter()
            .position(|p| s(p, "previewDeploymentId") == id)?;
        self.deployments
            .retain(|d| d.row.get("previewDeploymentId").and_then(Value::as_str) != Some(id));
        self.domains
            .retain(|d| d.get("previewDeploymentId").and_then(Value::as_str) != Some(id));
        self.touch();
        Some(self.previews.remove(pos))
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
        // Its tags' assignments go with it (the foreign key cascades); the tags stay.
        self.project_tags.retain(|r| s(r, "projectId") != id);
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
        ports: Vec::new(),
        redirects: Vec::new(),
        security: Vec::new(),
        previews: Vec::new(),
        traefik_files: HashMap::new(),
        registries: Vec::new(),
        ssh_keys: Vec::new(),
        certificates: Vec::new(),
        servers: Vec::new(),
        git_providers: Vec::new(),
        invitations: Vec::new(),
        notifications: Vec::new(),
        queue: crate::queue::Queue::default(),
        rollback_seq: 0,
        destinations: Vec::new(),
        bucket_files: Vec::new(),
        backups: Vec::new(),
        schedules: Vec::new(),
        volume_backups: Vec::new(),
        tags: Vec::new(),
        project_tags: Vec::new(),
        members: vec![owner],
        api_keys: Vec::new(),
        legacy: LegacyAuth {
            admin_row,
            token: None,
        },
        rng,
        generation: 0,
        domain_seq: 0,
        redirect_seq: 0,
        fail_all_deploys: false,
        hostile: false,
        docker: crate::docker::State::default(),
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

/// Log lines of a deploy from a docker image (Dokploy's `buildRemoteDocker`: `docker pull`,
/// its output, then `✅ Pulling image completed.`; a registry that does not answer fails it).
pub fn pull_lines(image: &str, ok: bool) -> Vec<String> {
    let tag = image.rsplit_once(':').map_or("latest", |x| x.1);
    let repository = image.rsplit_once(':').map_or(image, |x| x.0);
    let (host, path) = repository
        .split_once('/')
        .filter(|(host, _)| host.contains('.'))
        .unwrap_or(("registry-1.docker.io", repository));
    // Docker Hub's official images live under `library/`.
    let path = if path.contains('/') {
        path.to_string()
    } else {
        format!("library/{path}")
    };
    let mut lines = vec![
        "Initializing deployment".to_string(),
        format!("Pulling {image}"),
    ];
    if !ok {
        lines.push(format!(
            "Error response from daemon: Get \"https://{host}/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)"
        ));
        lines.push("❌ Pulling image failed".into());
        lines.push(String::new());
        lines.push("Error occurred ❌, check the logs for details.".into());
        return lines;
    }
    let hex = |what: &str, n: usize| crate::util::hex_of(&format!("{image}|{what}"), n);
    lines.push(format!("{tag}: Pulling from {path}"));
    lines.push(format!("{}: Already exists", hex("layer0", 12)));
    lines.push(format!("{}: Already exists", hex("layer1", 12)));
    lines.push(format!("{}: Pull complete", hex("layer2", 12)));
    lines.push(format!("Digest: sha256:{}", hex("digest", 64)));
    lines.push(format!("Status: Downloaded newer image for {image}"));
    lines.push(image.to_string());
    lines.push("✅ Pulling image completed.".into());
    lines
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
        "composeFile": "services:\n  n8n:\n    image: n8nio/n8n-private:latest\n    ports:\n      - 5678\n    environment:\n      - DB_TYPE=postgresdb\n      - DB_POSTGRESDB_HOST=db\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER=n8n\n      - POSTGRES_PASSWORD=${DB_POSTGRESDB_PASSWORD}\n      - POSTGRES_DB=n8n\n",
        "env": "N8N_ENCRYPTION_KEY=n8n_enc_5a4b3c2d1e\nWEBHOOK_URL=https://n8n.tools.acme.test\nDB_POSTGRESDB_PASSWORD=n8n_db_pw_77c1",
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

    // Seeded last, so that the ids of everything above stay what they were before backups.
    seed_backups(
        st,
        &SeededServices {
            shop_db: pg,
            blog_mysql: mysql,
            analytics_mongo: mongo,
            n8n,
            storefront: web.clone(),
            monitoring: mon,
            ghost,
        },
    );
    // After the backups, for the same reason.
    seed_advanced(st, &web, &stg_web, &api, &flaky);
    // Last of all, for the same reason.
    crate::previews::seed(st, &web);
    // After the previews, for the same reason: checkout-api's rollbacks.
    crate::rollbacks::seed(st, &api);
}

/// Mounts and the advanced settings of the demo applications: storefront (production) has a
/// volume (`storefront-uploads` at `/app/uploads`), a file (`/etc/nginx/conf.d/extra.conf`),
/// a published port (8080 to 80, tcp, ingress), a redirect from www to the apex (permanent) and
/// a basic-auth user (`admin`); storefront (staging) a basic-auth user (`preview`);
/// checkout-api a port (50051, tcp, host); flaky-worker a bind mount (`/srv/worker/spool`).
/// admin-panel has none of them (ghost keeps only its content volume).
fn seed_advanced(st: &mut Store, storefront: &str, staging: &str, checkout: &str, worker: &str) {
    let now = now_ms();
    let id = st.new_id();
    st.mounts.push(shapes::mount_row(
        &id,
        Kind::Application,
        storefront,
        "storefront-uploads",
        "/app/uploads",
    ));
    let id = st.new_id();
    let mut file = shapes::blank_mount_row(&id, "file");
    file.extend(shapes::obj(json!({
        "filePath": "extra.conf",
        "content": "# In front of the storefront: long-lived static assets, larger uploads\nlocation /_next/static/ {\n    expires 1y;\n    add_header Cache-Control \"public, immutable\";\n}\nclient_max_body_size 20m;\n",
        "mountPath": "/etc/nginx/conf.d/extra.conf",
        "applicationId": storefront,
    })));
    st.mounts.push(file);
    let id = st.new_id();
    let mut bind = shapes::blank_mount_row(&id, "bind");
    bind.extend(shapes::obj(json!({
        "hostPath": "/srv/worker/spool",
        "mountPath": "/var/spool/worker",
        "applicationId": worker,
    })));
    st.mounts.push(bind);
    let id = st.new_id();
    st.ports.push(shapes::port_row(
        &id, 8080, "ingress", 80, "tcp", storefront,
    ));
    let id = st.new_id();
    st.ports
        .push(shapes::port_row(&id, 50051, "host", 50051, "tcp", checkout));
    let id = st.new_id();
    let key = st.next_redirect_key();
    st.redirects.push(shapes::redirect_row(
        &id,
        "^https?://www\\.shop\\.acme\\.test/(.*)",
        "https://shop.acme.test/${1}",
        true,
        key,
        &iso(now - 40 * DAY),
        storefront,
    ));
    let id = st.new_id();
    st.security.push(shapes::security_row(
        &id,
        "admin",
        "Sh0p_admin_pw",
        &iso(now - 40 * DAY),
        storefront,
    ));
    let id = st.new_id();
    st.security.push(shapes::security_row(
        &id,
        "preview",
        "St4ging_preview",
        &iso(now - 30 * DAY),
        staging,
    ));
    st.touch();
}

/// The demo services that have backups, schedules or volume backups.
struct SeededServices {
    shop_db: String,
    blog_mysql: String,
    analytics_mongo: String,
    n8n: String,
    storefront: String,
    monitoring: String,
    ghost: String,
}

/// Destination `s3-backups` (AWS) with the files of the runs below, `flaky-r2` (Cloudflare
/// R2, unreachable); backups of shop-db (daily, last run done ~20 h ago, one failed 2 days
/// ago), blog-mysql (weekly, last run 9 days ago: overdue), analytics-mongo (prefix
/// `flaky-nightly`: its runs fail) and n8n's compose `db` (disabled, never run); schedules
/// nightly-cleanup and flaky-report on storefront, grafana-plugins-update on monitoring; a
/// volume backup of ghost's content.
fn seed_backups(st: &mut Store, svc: &SeededServices) {
    use crate::backups::{file_size, plan_backup_run, plan_schedule_run, plan_volume_run};
    let now = now_ms();
    let org = st.org_id();
    let s3 = st.new_id();
    st.destinations.push(shapes::destination_row(
        &s3,
        "s3-backups",
        json!("AWS"),
        "AKIA4SKIFFDEMO7Q2XBW",
        "q8Vt3Zr0Lk9sXw2NdEmO/SkiffSandbox7Hj4Pd1",
        "acme-backups",
        "eu-central-1",
        "https://s3.eu-central-1.amazonaws.com",
        json!([]),
        &org,
        &iso(now - 60 * DAY),
    ));
    let r2 = st.new_id();
    st.destinations.push(shapes::destination_row(
        &r2,
        "flaky-r2",
        json!("Cloudflare"),
        "5f1c9e2ab7d84c36a0e9b1f27c4d8e6a",
        "9b2e7f4c1a8d6e3f0b5c2a9d7e4f1c8b6a3d0e7f4c1b8a5d2e9f6c3b0a7d4e1f",
        "acme-archive",
        "auto",
        "https://3b8e1f6a9c2d4e7f0a1b2c3d4e5f6a7b.r2.cloudflarestorage.com",
        json!(["--s3-chunk-size=16M"]),
        &org,
        &iso(now - 10 * DAY),
    ));
    let _ = r2;
    let dest = |st: &Store, id: &str| st.destination(id).cloned().unwrap_or_default();

    // Database backups (service, type, cron, prefix, keep) and their runs (status, hours ago).
    type Runs<'a> = &'a [(&'a str, i64)];
    let backups: [(&String, &str, &str, &str, i64, Runs); 3] = [
        (
            &svc.shop_db,
            "postgres",
            "0 3 * * *",
            "shop/daily",
            7,
            &[("done", 92), ("done", 68), ("error", 44), ("done", 20)],
        ),
        (
            &svc.blog_mysql,
            "mysql",
            "0 4 * * 0",
            "blog/weekly",
            4,
            &[("done", 16 * 24), ("done", 9 * 24)],
        ),
        (
            &svc.analytics_mongo,
            "mongo",
            "0 1 * * *",
            "flaky-nightly",
            5,
            &[("error", 70), ("error", 46), ("error", 22)],
        ),
    ];
    for (service_id, db_type, cron, prefix, keep, runs) in backups {
        let Some(row) = st.services.get(service_id).map(|x| x.row.clone()) else {
            continue;
        };
        let id = st.new_id();
        let app_name = st.generated_app_name("backup");
        let mut b = shapes::backup_row(&id, &app_name);
        let database = match s(&row, "databaseName") {
            n if n.is_empty() => s(&row, "databaseUser"),
            n => n,
        };
        b.extend(shapes::obj(json!({
            "schedule": cron, "enabled": true, "database": database, "prefix": prefix,
            "destinationId": s3, "keepLatestCount": keep, "databaseType": db_type,
            Kind::from_router(db_type).map(|k| k.id_key()).unwrap_or("postgresId"): service_id,
        })));
        st.backups.push(b.clone());
        let d = dest(st, &s3);
        for (status, hours) in runs {
            let start = now - hours * HOUR - 7 * 60_000;
            let container = crate::util::hex_from(&mut st.rng, 12);
            let mut run = plan_backup_run(&b, &row, &d, start, 2_000, &container);
            if *status == "error" && run.failure.is_none() {
                // A failure of the past that the bucket no longer shows: the container was down.
                run.lines.truncate(3);
                run.lines.push(format!(
                    "[{}] ❌ Error: Container not found",
                    crate::util::date_c(start + 4_000)
                ));
                run.failure = Some("Container not found".into());
            }
            let log = joined(run.lines.clone());
            let took = if *status == "done" { 14_000 } else { 9_000 };
            st.add_run(
                RunOwner::Backup,
                &id,
                run.title,
                status,
                log,
                start,
                Some(took),
            );
            if *status == "done" {
                let size = file_size(&run.file, 24_000_000);
                crate::backups::store_backup_file(st, &s3, &run.file, size, keep);
            }
        }
    }

    // A compose backup of n8n's `db` service: disabled, never run.
    let id = st.new_id();
    let app_name = st.generated_app_name("backup");
    let mut b = shapes::backup_row(&id, &app_name);
    b.extend(shapes::obj(json!({
        "schedule": "0 4 * * 0", "enabled": false, "database": "n8n", "prefix": "n8n/db",
        "serviceName": "db", "destinationId": s3, "keepLatestCount": 2,
        "backupType": "compose", "databaseType": "postgres", "composeId": svc.n8n,
        "metadata": {"postgres": {"databaseUser": "n8n"}},
    })));
    st.backups.push(b);

    // Schedules and their runs (status, minutes ago).
    let schedules: [(&String, Value, Runs); 3] = [
        (
            &svc.storefront,
            json!({
                "name": "nightly-cleanup", "description": "Purge expired carts and sessions",
                "cronExpression": "0 2 * * *", "command": "npm run cleanup",
                "shellType": "bash", "scheduleType": "application", "timezone": "UTC",
                "applicationId": svc.storefront,
            }),
            &[("done", 46 * 60), ("done", 22 * 60)],
        ),
        (
            &svc.storefront,
            json!({
                "name": "flaky-report", "description": "Hourly sales report (always fails in the sandbox)",
                "cronExpression": "0 * * * *", "command": "node scripts/report.js",
                "shellType": "bash", "scheduleType": "application", "timezone": "Europe/Berlin",
                "applicationId": svc.storefront,
            }),
            &[("error", 100), ("error", 40)],
        ),
        (
            &svc.monitoring,
            json!({
                "name": "grafana-plugins-update", "cronExpression": "30 3 * * 1",
                "command": "grafana cli plugins update-all", "shellType": "sh",
                "scheduleType": "compose", "serviceName": "grafana", "composeId": svc.monitoring,
            }),
            &[("done", 3 * 24 * 60)],
        ),
    ];
    for (_, fields, runs) in schedules {
        let id = st.new_id();
        let app_name = st.generated_app_name("schedule");
        let mut row = shapes::schedule_row(&id, &app_name, &iso(now - 30 * DAY));
        row.extend(shapes::obj(fields));
        st.schedules.push(row.clone());
        for (status, minutes) in runs {
            let container = crate::util::hex_from(&mut st.rng, 64);
            let (lines, _) = plan_schedule_run(&row, &container, 0);
            let start = now - minutes * 60_000;
            st.add_run(
                RunOwner::Schedule,
                &id,
                "Schedule",
                status,
                joined(lines),
                start,
                Some(3_000),
            );
        }
    }

    // A volume backup of ghost's content, with the volume mounted, and its last run.
    if let Some(ghost) = st.services.get(&svc.ghost).map(|x| x.row.clone()) {
        let ghost_app = s(&ghost, "appName");
        let mount_id = st.new_id();
        st.mounts.push(shapes::mount_row(
            &mount_id,
            Kind::Application,
            &svc.ghost,
            "ghost-content",
            "/var/lib/ghost/content",
        ));
        let id = st.new_id();
        let mut vb = shapes::volume_backup_row(&id, &ghost_app, &iso(now - 20 * DAY));
        vb.extend(shapes::obj(json!({
            "name": "ghost-content", "volumeName": "ghost-content", "prefix": "ghost/content",
            "serviceType": "application", "cronExpression": "0 5 * * *", "keepLatestCount": 3,
            "enabled": true, "applicationId": svc.ghost, "destinationId": s3,
        })));
        st.volume_backups.push(vb.clone());
        let start = now - 19 * HOUR - 4 * 60_000;
        let run = plan_volume_run(&vb, &ghost_app, &dest(st, &s3), start, None);
        st.add_run(
            RunOwner::VolumeBackup,
            &id,
            "Volume Backup",
            "done",
            joined(run.lines),
            start,
            Some(41_000),
        );
        let size = file_size(&run.file, 180_000_000);
        crate::backups::store_volume_file(st, &s3, &run.file, "ghost-content", size, 3);
    }
    st.touch();
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
        Some(n) => {
            seed_bulk(&mut st, n, opts.services_per_project);
            if opts.history {
                crate::history::seed_bulk(&mut st);
            }
        }
        None => {
            seed_demo(&mut st);
            if opts.history {
                crate::history::seed(&mut st, opts.era);
            }
            // Tags came with v0.30.2's era (v0.24.12 and v0.18.4 had none).
            if opts.era == crate::Era::V0_30_2 {
                crate::tags::seed(&mut st);
            }
            // Every era has registries, SSH keys and certificates.
            crate::registries::seed(&mut st);
            crate::ssh_keys::seed(&mut st);
            crate::certificates::seed(&mut st);
            // Every era has git providers and remote servers (build-01 uses deploy-key).
            crate::git_providers::seed(&mut st);
            crate::servers::seed(&mut st);
            // Every era has members and invitations: one more member (an admin) and one
            // pending invitation.
            crate::people::seed(&mut st);
            // Every era has notifications (Slack; ntfy from v0.30.2).
            crate::notifications::seed(&mut st, opts.era);
        }
    }
    if opts.remote_server {
        crate::servers::seed_edge(&mut st);
    }
    // Oldest first, as the table answers them (the seeds above are not made in time order).
    st.deployments.sort_by_key(|d| s(&d.row, "createdAt"));
    crate::rollbacks::finish_seed(&mut st, opts.era);
    refresh_owner_access(&mut st);
    st.fail_all_deploys = opts.fail_deploys;
    // The seeded containers' times come from the seeded deployments, not from seeding.
    st.docker.settle();
    st
}

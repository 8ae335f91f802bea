//! Every recording of a real Dokploy (v0.30.2, v0.24.12, v0.18.4, the 2024 sample) decodes
//! with the model Skiff uses for it, and every recorded error answer classifies to the right
//! `ApiError`. Recordings live in `recordings/dokploy` (scripts/sync-recordings).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::Value;
use skiff::api::{classify, decode_body, ApiError};
use skiff::model::*;

const ERAS: [&str; 4] = [
    "v0.30.2",
    "legacy/v0.24.12",
    "legacy/v0.18.4",
    "legacy/seed-2024",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings/dokploy")
}

/// One recorded answer, normalised from a body-only file or a full exchange.
struct Recording {
    /// `v0.30.2/project.all.json`
    rel: String,
    /// The procedure from the request URL (`project.all`, `auth/get-session`), or
    /// `file:<stem>` when the recording has no request.
    procedure: String,
    status: u16,
    content_type: Option<String>,
    /// The body as the server sent it (empty for an empty body).
    body: String,
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn is_exchange(v: &Value) -> bool {
    v.get("request").is_some_and(Value::is_object) && v.get("status").is_some_and(Value::is_u64)
}

fn recordings() -> Vec<Recording> {
    let mut out = Vec::new();
    for era in ERAS {
        let dir = root().join(era);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        // Every exchange has its body-only twin.
        if let Ok(ex) = std::fs::read_dir(dir.join("_exchanges")) {
            for e in ex.flatten() {
                let twin = dir.join(e.file_name());
                assert!(
                    twin.exists(),
                    "{era}/_exchanges/{:?} has no twin",
                    e.file_name()
                );
            }
        }
        for path in files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let stem = name.trim_end_matches(".json");
            let own = load(&path);
            let ex_path = dir.join("_exchanges").join(name);
            let exchange = if ex_path.exists() {
                Some(load(&ex_path))
            } else if is_exchange(&own) {
                Some(own.clone())
            } else {
                None
            };
            let rec = match exchange {
                Some(ex) => {
                    let url = ex["request"]["url"].as_str().unwrap_or_default();
                    let path_part = url.split('?').next().unwrap_or_default();
                    let procedure = match path_part.split_once("/api/") {
                        Some((_, p)) => p.to_string(),
                        None => format!("file:{stem}"),
                    };
                    let content_type = ex["headers"].as_object().and_then(|h| {
                        h.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                            .and_then(|(_, v)| v.as_str().map(str::to_string))
                    });
                    let json = content_type.as_deref().is_some_and(|c| c.contains("json"));
                    let body = match &ex["body"] {
                        Value::Null => String::new(),
                        Value::String(s) if !json => s.clone(),
                        other => other.to_string(),
                    };
                    Recording {
                        rel: format!("{era}/{name}"),
                        procedure,
                        status: ex["status"].as_u64().unwrap_or(0) as u16,
                        content_type,
                        body,
                    }
                }
                None => Recording {
                    rel: format!("{era}/{name}"),
                    procedure: format!("file:{stem}"),
                    status: 200,
                    content_type: Some("application/json".to_string()),
                    body: own.to_string(),
                },
            };
            out.push(rec);
        }
    }
    out
}

type Decoder = fn(&str, &str) -> Result<(), ApiError>;

fn dec<T: DeserializeOwned>(endpoint: &str, body: &str) -> Result<(), ApiError> {
    decode_body::<T>(endpoint, body).map(drop)
}

/// Void mutations: Skiff's `post_void` accepts any 2xx body (empty in v0.30.2, `true` or the
/// row in older versions), so there is nothing to decode.
fn void(_: &str, _: &str) -> Result<(), ApiError> {
    Ok(())
}

const SKIFF: &str = "used by Skiff";
const UNUSED: &str = "not used by Skiff: decoded as serde_json::Value";

/// Procedure → decoder. Every recording must find its row.
const DECODERS: &[(&str, Decoder, &str)] = &[
    // projects
    ("project.all", dec::<Vec<Project>>, SKIFF),
    ("project.one", dec::<Project>, SKIFF),
    ("project.create", dec::<CreatedProject>, SKIFF),
    ("project.remove", void, SKIFF),
    ("file:project.all", dec::<Vec<Project>>, SKIFF),
    // environments
    ("environment.one", dec::<Environment>, SKIFF),
    ("environment.byProjectId", dec::<Vec<Environment>>, SKIFF),
    ("environment.create", dec::<Environment>, SKIFF),
    // applications
    ("application.one", dec::<Application>, SKIFF),
    ("application.create", dec::<Application>, SKIFF),
    ("application.deploy", dec::<()>, SKIFF),
    ("application.start", void, SKIFF),
    ("application.stop", void, SKIFF),
    ("application.saveDockerProvider", void, SKIFF),
    ("application.readLogs", dec::<String>, SKIFF),
    ("application.move", void, SKIFF),
    ("application.update", void, SKIFF),
    ("application.killBuild", void, SKIFF),
    ("application.cancelDeployment", void, UNUSED),
    ("rollback.rollback", void, SKIFF),
    (
        "application.readTraefikConfig",
        dec::<Option<String>>,
        SKIFF,
    ),
    ("application.updateTraefikConfig", void, SKIFF),
    ("application.readAppMonitoring", dec::<Option<Value>>, SKIFF),
    // containers, preview deployments
    (
        "docker.getContainersByAppNameMatch",
        dec::<Vec<Container>>,
        SKIFF,
    ),
    (
        "docker.getServiceContainersByAppName",
        dec::<Vec<Container>>,
        SKIFF,
    ),
    (
        "docker.getStackContainersByAppName",
        dec::<Vec<Container>>,
        UNUSED,
    ),
    (
        "docker.getContainersByAppLabel",
        dec::<Vec<Container>>,
        UNUSED,
    ),
    ("docker.restartContainer", void, SKIFF),
    (
        "previewDeployment.all",
        dec::<Vec<PreviewDeployment>>,
        SKIFF,
    ),
    ("previewDeployment.one", dec::<PreviewDeployment>, UNUSED),
    ("previewDeployment.delete", void, SKIFF),
    ("previewDeployment.redeploy", void, SKIFF),
    // compose
    ("compose.one", dec::<Compose>, SKIFF),
    ("compose.create", dec::<Compose>, SKIFF),
    ("compose.update", void, SKIFF),
    ("compose.deploy", void, SKIFF),
    ("compose.loadServices", dec::<Vec<String>>, SKIFF),
    ("compose.readLogs", dec::<String>, SKIFF),
    ("compose.move", void, SKIFF),
    // databases
    ("postgres.one", dec::<Database>, SKIFF),
    ("mysql.one", dec::<Database>, SKIFF),
    ("mariadb.one", dec::<Database>, SKIFF),
    ("mongo.one", dec::<Database>, SKIFF),
    ("redis.one", dec::<Database>, SKIFF),
    ("libsql.one", dec::<Database>, SKIFF),
    ("postgres.create", dec::<CreatedDatabase>, SKIFF),
    ("mysql.create", dec::<CreatedDatabase>, SKIFF),
    ("mariadb.create", dec::<CreatedDatabase>, SKIFF),
    ("mongo.create", dec::<CreatedDatabase>, SKIFF),
    ("redis.create", dec::<CreatedDatabase>, SKIFF),
    ("libsql.create", dec::<CreatedDatabase>, SKIFF),
    ("postgres.deploy", void, SKIFF),
    ("mysql.deploy", void, SKIFF),
    ("mariadb.deploy", void, SKIFF),
    ("mongo.deploy", void, SKIFF),
    ("redis.deploy", void, SKIFF),
    ("libsql.deploy", void, SKIFF),
    ("postgres.start", void, SKIFF),
    ("postgres.stop", void, SKIFF),
    ("postgres.readLogs", dec::<String>, SKIFF),
    ("mysql.readLogs", dec::<String>, SKIFF),
    ("mariadb.readLogs", dec::<String>, SKIFF),
    ("mongo.readLogs", dec::<String>, SKIFF),
    ("redis.readLogs", dec::<String>, SKIFF),
    ("libsql.readLogs", dec::<String>, SKIFF),
    // deployments, domains, mounts
    ("deployment.all", dec::<Vec<Deployment>>, SKIFF),
    ("deployment.allByCompose", dec::<Vec<Deployment>>, SKIFF),
    ("deployment.allByType", dec::<Vec<Deployment>>, SKIFF),
    ("deployment.readLogs", dec::<String>, SKIFF),
    ("deployment.removeDeployment", void, UNUSED),
    // backups, destinations, schedules, volume backups
    ("destination.all", dec::<Vec<Destination>>, SKIFF),
    ("destination.one", dec::<Destination>, UNUSED),
    ("destination.create", dec::<Destination>, SKIFF),
    ("destination.update", void, SKIFF),
    ("destination.remove", void, SKIFF),
    ("destination.testConnection", void, SKIFF),
    ("backup.one", dec::<Backup>, UNUSED),
    ("backup.create", void, SKIFF),
    ("backup.update", void, SKIFF),
    ("backup.remove", void, SKIFF),
    ("backup.listBackupFiles", dec::<Vec<BackupFile>>, SKIFF),
    ("backup.manualBackupPostgres", void, SKIFF),
    ("backup.manualBackupCompose", void, SKIFF),
    ("schedule.list", dec::<Vec<Schedule>>, SKIFF),
    ("schedule.one", dec::<Schedule>, UNUSED),
    ("schedule.create", dec::<Schedule>, SKIFF),
    ("schedule.update", dec::<Schedule>, SKIFF),
    ("schedule.delete", void, SKIFF),
    ("schedule.runManually", dec::<ScheduleRun>, SKIFF),
    ("volumeBackups.list", dec::<Vec<VolumeBackup>>, SKIFF),
    ("volumeBackups.one", dec::<VolumeBackup>, UNUSED),
    ("volumeBackups.create", dec::<VolumeBackup>, SKIFF),
    ("volumeBackups.update", dec::<VolumeBackup>, SKIFF),
    ("volumeBackups.delete", void, SKIFF),
    ("volumeBackups.runManually", void, SKIFF),
    ("overview.backups", dec::<Vec<BackupRun>>, SKIFF),
    ("domain.byApplicationId", dec::<Vec<Domain>>, SKIFF),
    ("mounts.listByServiceId", dec::<Vec<Mount>>, SKIFF),
    ("mounts.one", dec::<Mount>, UNUSED),
    ("mounts.create", void, SKIFF),
    ("mounts.update", void, SKIFF),
    ("mounts.remove", void, SKIFF),
    ("mounts.allNamedByApplicationId", void, UNUSED),
    ("port.one", dec::<Port>, UNUSED),
    ("port.create", void, SKIFF),
    ("port.update", void, SKIFF),
    ("port.delete", void, SKIFF),
    ("redirects.one", dec::<Redirect>, UNUSED),
    ("redirects.create", void, SKIFF),
    ("redirects.update", void, SKIFF),
    ("redirects.delete", void, SKIFF),
    ("security.one", dec::<Security>, UNUSED),
    ("security.create", void, SKIFF),
    ("security.update", void, SKIFF),
    ("security.delete", void, SKIFF),
    // users and organizations
    ("user.get", dec::<Member>, SKIFF),
    ("user.all", dec::<Vec<Member>>, SKIFF),
    ("user.createApiKey", dec::<CreatedApiKey>, SKIFF),
    ("user.deleteApiKey", void, SKIFF),
    ("user.getPermissions", dec::<Permissions>, SKIFF),
    ("organization.active", dec::<Organization>, SKIFF),
    ("organization.all", dec::<Vec<Organization>>, SKIFF),
    ("organization.one", dec::<Organization>, SKIFF),
    // people
    ("organization.allInvitations", dec::<Vec<Invitation>>, SKIFF),
    ("auditLog.all", dec::<AuditLog>, SKIFF),
    // settings
    ("settings.getDokployVersion", dec::<DokployVersion>, SKIFF),
    ("settings.health", dec::<Health>, SKIFF),
    // legacy token calls
    ("auth.generateToken", dec::<AuthToken>, SKIFF),
    ("auth.get", dec::<AuthToken>, SKIFF),
    // not used by Skiff
    ("admin.getMetricsToken", dec::<Value>, UNUSED),
    ("admin.one", dec::<Value>, UNUSED),
    ("ai.getAll", dec::<Value>, UNUSED),
    ("application.search", dec::<Value>, UNUSED),
    ("auth.login", dec::<Value>, UNUSED),
    ("auth.verifyToken", dec::<Value>, UNUSED),
    ("auth/api-key/list", dec::<Value>, UNUSED),
    ("auth/get-session", dec::<Value>, UNUSED),
    ("auth/sign-in/email", dec::<Value>, UNUSED),
    ("auth/sign-up/email", dec::<Value>, UNUSED),
    ("certificates.all", dec::<Vec<Certificate>>, SKIFF),
    ("certificates.one", dec::<Certificate>, UNUSED),
    ("certificates.create", void, SKIFF),
    ("certificates.remove", void, SKIFF),
    ("cluster.getNodes", dec::<Value>, UNUSED),
    ("compose.getConvertedCompose", dec::<Value>, UNUSED),
    ("compose.getDefaultCommand", dec::<Value>, UNUSED),
    ("compose.search", dec::<Value>, UNUSED),
    ("compose.templates", dec::<Value>, UNUSED),
    ("customRole.all", dec::<Value>, UNUSED),
    ("customRole.getStatements", dec::<Value>, UNUSED),
    ("deployment.allCentralized", dec::<Vec<Deployment>>, SKIFF),
    ("deployment.queueList", dec::<Vec<QueueJob>>, SKIFF),
    ("docker.getConfig", dec::<Value>, UNUSED),
    ("docker.getContainers", dec::<Value>, UNUSED),
    ("dockerImage.getImages", dec::<Value>, UNUSED),
    ("environment.duplicate", dec::<Environment>, SKIFF),
    ("environment.search", dec::<Value>, UNUSED),
    ("file:auth-header-matrix", dec::<Value>, UNUSED),
    ("file:websocket-tests", dec::<Value>, UNUSED),
    ("health", dec::<Value>, UNUSED),
    ("licenseKey.getEnterpriseSettings", dec::<Value>, UNUSED),
    ("licenseKey.haveValidLicenseKey", dec::<Value>, UNUSED),
    ("mariadb.search", dec::<Value>, UNUSED),
    ("mongo.search", dec::<Value>, UNUSED),
    ("mysql.search", dec::<Value>, UNUSED),
    ("network.all", dec::<Value>, UNUSED),
    ("nope.nothing", dec::<Value>, UNUSED),
    // notifications: the list decoded (secrets of the six Skiff edits kept, masked); the writes
    // and tests are void to Skiff (a test answers `true`, a remove the row)
    ("notification.all", dec::<Vec<Notification>>, SKIFF),
    ("notification.one", dec::<Value>, UNUSED),
    ("notification.remove", dec::<Value>, SKIFF),
    ("notification.createSlack", void, SKIFF),
    ("notification.createNtfy", void, SKIFF),
    ("notification.createCustom", void, SKIFF),
    ("notification.testSlackConnection", void, SKIFF),
    ("notification.testNtfyConnection", void, SKIFF),
    ("notification.testCustomConnection", void, SKIFF),
    ("overview.domains", dec::<Value>, UNUSED),
    ("project.duplicate", dec::<Environment>, SKIFF),
    ("overview.services", dec::<Value>, UNUSED),
    ("postgres.search", dec::<Value>, UNUSED),
    ("project.allForPermissions", dec::<Value>, UNUSED),
    ("project.homeStats", dec::<Value>, UNUSED),
    ("project.nope", dec::<Value>, UNUSED),
    ("project.search", dec::<Value>, UNUSED),
    ("redis.search", dec::<Value>, UNUSED),
    ("registry.all", dec::<Vec<Registry>>, SKIFF),
    ("registry.one", dec::<Registry>, UNUSED),
    ("registry.create", void, SKIFF),
    ("registry.update", void, SKIFF),
    ("registry.remove", void, SKIFF),
    ("registry.testRegistry", void, SKIFF),
    ("registry.testRegistryById", void, SKIFF),
    ("server.allForPermissions", dec::<Value>, UNUSED),
    ("server.buildServers", dec::<Value>, UNUSED),
    ("server.count", dec::<Value>, UNUSED),
    ("server.one", dec::<Value>, UNUSED),
    ("server.withSSHKey", dec::<Value>, UNUSED),
    ("settings.checkGPUStatus", dec::<Value>, UNUSED),
    ("settings.checkInfrastructureHealth", dec::<Value>, UNUSED),
    ("settings.getDockerDiskUsage", dec::<Value>, UNUSED),
    ("settings.getDokployCloudIps", dec::<Value>, UNUSED),
    ("settings.getIp", dec::<Value>, UNUSED),
    ("settings.getLogCleanupStatus", dec::<Value>, UNUSED),
    ("settings.getOpenApiDocument", dec::<Value>, UNUSED),
    ("settings.getReleaseTag", dec::<Value>, UNUSED),
    ("settings.getTraefikPorts", dec::<Value>, UNUSED),
    ("settings.getWebServerSettings", dec::<Value>, UNUSED),
    ("settings.haveActivateRequests", dec::<Value>, UNUSED),
    (
        "settings.haveTraefikDashboardPortEnabled",
        dec::<Value>,
        UNUSED,
    ),
    ("settings.isCloud", dec::<Value>, UNUSED),
    ("settings.isUserSubscribed", dec::<Value>, UNUSED),
    ("settings.readDirectories", dec::<Value>, UNUSED),
    ("settings.readTraefikConfig", dec::<Value>, UNUSED),
    ("sshKey.all", dec::<Vec<SshKey>>, SKIFF),
    // git providers and remote servers
    ("gitProvider.getAll", dec::<Vec<GitAccount>>, SKIFF),
    ("server.all", dec::<Vec<skiff::model::Server>>, SKIFF),
    ("server.getServerMetrics", dec::<Vec<ServerSample>>, SKIFF),
    ("sshKey.one", dec::<SshKey>, UNUSED),
    ("sshKey.allForApps", dec::<Value>, UNUSED),
    ("sshKey.create", void, SKIFF),
    ("sshKey.update", void, UNUSED),
    ("sshKey.generate", dec::<KeyPair>, SKIFF),
    ("sshKey.remove", void, SKIFF),
    ("sso.showSignInWithSSO", dec::<Value>, UNUSED),
    ("stripe.getCurrentPlan", dec::<Value>, UNUSED),
    ("swarm.getNodes", dec::<Value>, UNUSED),
    ("tag.all", dec::<Vec<Tag>>, SKIFF),
    ("tag.one", dec::<Tag>, UNUSED),
    ("tag.create", void, SKIFF),
    ("tag.update", void, SKIFF),
    ("tag.remove", void, SKIFF),
    ("tag.bulkAssign", void, SKIFF),
    ("tag.assignToProject", dec::<Value>, UNUSED),
    ("tag.removeFromProject", void, UNUSED),
    ("trpc/auth.createAdmin", dec::<Value>, UNUSED),
    ("trpc/auth.login", dec::<Value>, UNUSED),
    ("trpc/project.all", dec::<Value>, UNUSED),
    ("user.checkUserOrganizations", dec::<Value>, UNUSED),
    ("user.generateToken", dec::<Value>, UNUSED),
    ("user.getBackups", dec::<Value>, UNUSED),
    ("user.getBookmarkedTemplates", dec::<Value>, UNUSED),
    ("user.getInvitations", dec::<Value>, UNUSED),
    ("user.getMetricsToken", dec::<Value>, UNUSED),
    ("user.haveRootAccess", dec::<Value>, UNUSED),
    ("user.listPasskeys", dec::<Value>, UNUSED),
    ("user.listSessions", dec::<Value>, UNUSED),
    ("user.one", dec::<Value>, UNUSED),
    ("user.session", dec::<Value>, UNUSED),
    ("whitelabeling.get", dec::<Value>, UNUSED),
    ("whitelabeling.getPublic", dec::<Value>, UNUSED),
];

/// What a recorded error answer must classify to.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Unauthorized,
    Forbidden,
    /// With a substring of the message.
    NotFound(&'static str),
    /// With the fields that must carry errors (empty: plain-text or form-level 400).
    Invalid(&'static [&'static str]),
    UnsupportedMedia,
    /// With a substring of the message.
    Server(u16, &'static str),
    Http(u16),
}

use Expect::*;

/// Every recorded non-2xx exchange, both eras.
const ERRORS: &[(&str, Expect)] = &[
    // v0.30.2 wave 2: deployments (cancel is Dokploy Cloud's only), rollbacks
    ("v0.30.2/application.cancelDeployment.json", Invalid(&[])),
    ("v0.30.2/rollback.rollback.unknown-id.json", Invalid(&[])),
    (
        "v0.30.2/rollback.rollback.missing-id-400.json",
        Invalid(&["rollbackId"]),
    ),
    (
        "v0.30.2/deployment.allByType.bad-type-400.json",
        Invalid(&["type"]),
    ),
    // v0.30.2 wave 2: Traefik file, containers, previews, application.update
    (
        "v0.30.2/application.updateTraefikConfig.missing-config-400.json",
        Invalid(&["traefikConfig"]),
    ),
    ("v0.30.2/application.update.unknown-id.json", Invalid(&[])),
    (
        "v0.30.2/docker.getContainersByAppLabel.missing-type-400.json",
        Invalid(&["type"]),
    ),
    (
        "v0.30.2/docker.getContainersByAppNameMatch.bad-name-400.json",
        Invalid(&["appName"]),
    ),
    (
        "v0.30.2/docker.restartContainer.bad-id-400.json",
        Invalid(&["containerId"]),
    ),
    (
        "v0.30.2/docker.restartContainer.unknown-id.json",
        Server(500, "Cannot connect to the Docker daemon"),
    ),
    (
        "v0.30.2/previewDeployment.one.unknown-id.json",
        NotFound("Preview Deployment not found"),
    ),
    // v0.30.2 wave 2: mounts, ports, redirects, basic auth
    (
        "v0.30.2/mounts.allNamedByApplicationId.json",
        Server(500, ""),
    ),
    (
        "v0.30.2/mounts.create.missing-mountPath-400.json",
        Invalid(&["mountPath"]),
    ),
    (
        "v0.30.2/mounts.create.unknown-service-400.json",
        Invalid(&[]),
    ),
    (
        "v0.30.2/mounts.one.unknown-id-404.json",
        NotFound("Mount not found"),
    ),
    (
        "v0.30.2/mounts.remove.unknown-id.json",
        NotFound("Mount not found"),
    ),
    (
        "v0.30.2/port.create.missing-fields-400.json",
        Invalid(&["targetPort"]),
    ),
    (
        "v0.30.2/port.delete.unknown-id.json",
        NotFound("Port not found"),
    ),
    ("v0.30.2/port.one.unknown-id-400.json", Invalid(&[])),
    (
        "v0.30.2/redirects.create.missing-fields-400.json",
        Invalid(&["replacement"]),
    ),
    (
        "v0.30.2/redirects.delete.unknown-id.json",
        NotFound("Redirect not found"),
    ),
    (
        "v0.30.2/redirects.one.unknown-id-404.json",
        NotFound("Redirect not found"),
    ),
    (
        "v0.30.2/security.create.missing-fields-400.json",
        Invalid(&["password"]),
    ),
    (
        "v0.30.2/security.delete.unknown-id.json",
        NotFound("Security not found"),
    ),
    (
        "v0.30.2/security.one.unknown-id-404.json",
        NotFound("Security not found"),
    ),
    // v0.30.2 wave 2: backups, destinations, schedules, volume backups
    (
        "v0.30.2/backup.create.missing-fields-400.json",
        Invalid(&["schedule", "prefix", "destinationId", "database"]),
    ),
    (
        "v0.30.2/backup.listBackupFiles.empty-search-400.json",
        Invalid(&[]),
    ),
    ("v0.30.2/backup.listBackupFiles.json", Invalid(&[])),
    (
        "v0.30.2/backup.listBackupFiles.unknown-destination-400.json",
        Invalid(&[]),
    ),
    ("v0.30.2/backup.manualBackupCompose.json", Invalid(&[])),
    ("v0.30.2/backup.manualBackupPostgres.json", Invalid(&[])),
    (
        "v0.30.2/backup.manualBackupPostgres.unknown-id.json",
        Invalid(&[]),
    ),
    (
        "v0.30.2/backup.one.unknown-id-404.json",
        NotFound("Backup not found"),
    ),
    ("v0.30.2/backup.remove.unknown-id.json", Invalid(&[])),
    (
        "v0.30.2/backup.update.missing-fields-400.json",
        Invalid(&["enabled", "prefix", "destinationId", "database"]),
    ),
    (
        "v0.30.2/deployment.removeDeployment.unknown-id.json",
        NotFound("Deployment not found"),
    ),
    (
        "v0.30.2/destination.create.missing-fields-400.json",
        Invalid(&["provider", "accessKey", "bucket", "region"]),
    ),
    (
        "v0.30.2/destination.one.unknown-id-404.json",
        NotFound("Destination not found"),
    ),
    (
        "v0.30.2/destination.remove.unknown-id.json",
        NotFound("Destination not found"),
    ),
    (
        "v0.30.2/destination.testConnection.bad-flag-400.json",
        Invalid(&["additionalFlags"]),
    ),
    ("v0.30.2/destination.testConnection.json", Invalid(&[])),
    (
        "v0.30.2/schedule.create.missing-fields-400.json",
        Invalid(&["name", "cronExpression", "command"]),
    ),
    (
        "v0.30.2/schedule.delete.unknown-id.json",
        NotFound("Schedule not found"),
    ),
    (
        "v0.30.2/schedule.list.server-unknown-id.json",
        NotFound("Server not found"),
    ),
    (
        "v0.30.2/schedule.one.unknown-id-404.json",
        NotFound("Schedule not found"),
    ),
    (
        "v0.30.2/schedule.runManually.unknown-id.json",
        NotFound("Schedule not found"),
    ),
    (
        "v0.30.2/volumeBackups.create.bad-volume-name-400.json",
        Invalid(&["volumeName"]),
    ),
    (
        "v0.30.2/volumeBackups.create.missing-fields-400.json",
        Invalid(&["name", "volumeName", "prefix", "cronExpression"]),
    ),
    (
        "v0.30.2/volumeBackups.delete.unknown-id.json",
        NotFound("Volume backup not found"),
    ),
    (
        "v0.30.2/volumeBackups.one.unknown-id-404.json",
        NotFound("Volume backup not found"),
    ),
    (
        "v0.30.2/volumeBackups.runManually.unknown-id.json",
        NotFound("Volume backup not found"),
    ),
    // v0.30.2
    (
        "v0.30.2/application.move.unknown-target.json",
        Server(500, "Failed query: update \"application\""),
    ),
    (
        "v0.30.2/application.readAppMonitoring.json",
        Server(500, "docker.sock"),
    ),
    (
        "v0.30.2/application.readLogs.json",
        Server(500, "No container or service found"),
    ),
    (
        "v0.30.2/application.start.json",
        Server(500, "Cannot connect to the Docker daemon"),
    ),
    ("v0.30.2/auditLog.all.json", Forbidden),
    (
        "v0.30.2/environment.duplicate.missing-name-400.json",
        Invalid(&["name"]),
    ),
    (
        "v0.30.2/environment.duplicate.unknown-id-400.json",
        Invalid(&[]),
    ),
    (
        "v0.30.2/project.duplicate.missing-name-400.json",
        Invalid(&["name"]),
    ),
    (
        "v0.30.2/project.duplicate.same-project-with-db-backup-fails.json",
        Invalid(&[]),
    ),
    ("v0.30.2/auth.bearer.project.all.json", Unauthorized),
    (
        "v0.30.2/auth.sign-in.email.wrong-password.json",
        Unauthorized,
    ),
    (
        "v0.30.2/auth.sign-up.email.second-user-rejected.json",
        Invalid(&[]),
    ),
    ("v0.30.2/cluster.getNodes.json", Server(500, "")),
    (
        "v0.30.2/compose.move.unknown-compose.json",
        Server(500, "Failed to move compose"),
    ),
    (
        "v0.30.2/cors.GET-with-origin-no-key.project.all.json",
        Unauthorized,
    ),
    (
        "v0.30.2/cors.preflight.OPTIONS-project.all.json",
        Unauthorized,
    ),
    (
        "v0.30.2/cors.preflight.OPTIONS-project.create.json",
        Unauthorized,
    ),
    (
        "v0.30.2/error.400.application.readLogs-bad-since.json",
        Invalid(&["since"]),
    ),
    ("v0.30.2/error.400.malformed-json.json", Invalid(&[])),
    (
        "v0.30.2/error.400.postgres.create-bad-password.json",
        Invalid(&["databasePassword"]),
    ),
    (
        "v0.30.2/error.400.project.create-empty-body.json",
        Invalid(&["name"]),
    ),
    (
        "v0.30.2/error.400.project.create-wrong-type.json",
        Invalid(&["name"]),
    ),
    (
        "v0.30.2/error.400.project.one-missing-param.json",
        Invalid(&["projectId"]),
    ),
    ("v0.30.2/error.401.bad-key.json", Unauthorized),
    ("v0.30.2/error.401.empty-key.json", Unauthorized),
    ("v0.30.2/error.401.no-key.json", Unauthorized),
    (
        "v0.30.2/error.404.application.one-unknown-id.json",
        NotFound("Application not found"),
    ),
    (
        "v0.30.2/error.404.deployment.readLogs-unknown-id.json",
        NotFound("Deployment not found"),
    ),
    (
        "v0.30.2/error.404.environment.one-unknown-id.json",
        NotFound("Environment not found"),
    ),
    (
        "v0.30.2/error.404.postgres.one-unknown-id.json",
        NotFound("Postgres not found"),
    ),
    (
        "v0.30.2/error.404.project.one-unknown-id.json",
        NotFound("Project not found"),
    ),
    (
        "v0.30.2/error.404.unknown-procedure.json",
        NotFound("does not offer nope.nothing"),
    ),
    (
        "v0.30.2/error.404.wrong-method-GET-on-mutation.json",
        NotFound("does not offer project.create"),
    ),
    (
        "v0.30.2/error.404.wrong-method-POST-on-query.json",
        NotFound("does not offer project.all"),
    ),
    (
        "v0.30.2/error.415.wrong-content-type.json",
        UnsupportedMedia,
    ),
    (
        "v0.30.2/error.rate-limited-key.11th-request.json",
        Unauthorized,
    ),
    (
        "v0.30.2/libsql.create.minimal-400.json",
        Invalid(&["appName", "description", "databaseUser"]),
    ),
    (
        "v0.30.2/libsql.deploy.json",
        Server(500, "Error on deploy libsql"),
    ),
    ("v0.30.2/libsql.readLogs.json", Server(500, "No container")),
    (
        "v0.30.2/mariadb.deploy.json",
        Server(500, "Error on deploy mariadb"),
    ),
    ("v0.30.2/mariadb.readLogs.json", Server(500, "No container")),
    (
        "v0.30.2/mongo.deploy.json",
        Server(500, "Error on deploy mongo"),
    ),
    ("v0.30.2/mongo.readLogs.json", Server(500, "No container")),
    (
        "v0.30.2/mysql.deploy.json",
        Server(500, "Error on deploy mysql"),
    ),
    ("v0.30.2/mysql.readLogs.json", Server(500, "No container")),
    (
        "v0.30.2/postgres.deploy.json",
        Server(500, "Error on deploy postgres"),
    ),
    (
        "v0.30.2/postgres.readLogs.json",
        Server(500, "No container"),
    ),
    (
        "v0.30.2/postgres.start.json",
        Server(500, "docker service scale"),
    ),
    (
        "v0.30.2/redis.deploy.json",
        Server(500, "Error on deploy redis"),
    ),
    ("v0.30.2/redis.readLogs.json", Server(500, "No container")),
    ("v0.30.2/server.allForPermissions.json", Forbidden),
    ("v0.30.2/settings.getDockerDiskUsage.json", Server(500, "")),
    ("v0.30.2/settings.getTraefikPorts.json", Server(500, "")),
    (
        "v0.30.2/settings.haveTraefikDashboardPortEnabled.json",
        Server(500, ""),
    ),
    // v0.24.12
    ("legacy/v0.24.12/auth.bearer-api-key.json", Unauthorized),
    (
        "legacy/v0.24.12/auth.bearer-session-token.json",
        Unauthorized,
    ),
    (
        "legacy/v0.24.12/auth.get-session.x-api-key.json",
        Server(500, "error page"),
    ),
    (
        "legacy/v0.24.12/auth.sign-in.email.wrong-password.json",
        Unauthorized,
    ),
    (
        "legacy/v0.24.12/auth.sign-up.email.second-user-rejected.json",
        Invalid(&[]),
    ),
    ("legacy/v0.24.12/cors.preflight.auth.json", NotFound("")),
    (
        "legacy/v0.24.12/cors.preflight.project.all.json",
        Unauthorized,
    ),
    ("legacy/v0.24.12/cors.preflight.trpc.json", Http(405)),
    (
        "legacy/v0.24.12/cors.preflight.with-key.json",
        NotFound("does not offer project.all"),
    ),
    ("legacy/v0.24.12/error.bad-bearer.json", Unauthorized),
    ("legacy/v0.24.12/error.bad-x-api-key.json", Unauthorized),
    (
        "legacy/v0.24.12/error.createApiKey-no-metadata.json",
        Invalid(&["metadata"]),
    ),
    (
        "legacy/v0.24.12/error.deleteApiKey-unknown.json",
        NotFound("API key not found"),
    ),
    ("legacy/v0.24.12/error.deleted-key.json", Unauthorized),
    ("legacy/v0.24.12/error.empty-x-api-key.json", Unauthorized),
    (
        "legacy/v0.24.12/error.get-on-mutation.json",
        NotFound("does not offer project.create"),
    ),
    (
        "legacy/v0.24.12/error.invalid-input.postgres.create.json",
        Invalid(&["appName", "databaseName", "databaseUser"]),
    ),
    (
        "legacy/v0.24.12/error.invalid-input.project.create.json",
        Invalid(&["name"]),
    ),
    ("legacy/v0.24.12/error.malformed-json.json", Invalid(&[])),
    (
        "legacy/v0.24.12/error.missing-input.json",
        Invalid(&["projectId"]),
    ),
    ("legacy/v0.24.12/error.no-credential.json", Unauthorized),
    (
        "legacy/v0.24.12/error.post-on-query.json",
        NotFound("does not offer project.all"),
    ),
    (
        "legacy/v0.24.12/error.text-plain-content-type.json",
        Invalid(&["name"]),
    ),
    (
        "legacy/v0.24.12/error.unknown-application-id.json",
        NotFound("Application not found"),
    ),
    (
        "legacy/v0.24.12/error.unknown-procedure.json",
        NotFound("does not offer"),
    ),
    (
        "legacy/v0.24.12/error.unknown-project-id.json",
        NotFound("Project not found"),
    ),
    (
        "legacy/v0.24.12/error.wrong-content-type.json",
        Invalid(&["name"]),
    ),
    // v0.18.4
    (
        "legacy/v0.18.4/auth.bearer-lowercase-scheme.json",
        Unauthorized,
    ),
    (
        "legacy/v0.18.4/auth.createAdmin.trpc.second-rejected.json",
        Invalid(&[]),
    ),
    (
        "legacy/v0.18.4/auth.login.rest-without-credential.json",
        Unauthorized,
    ),
    (
        "legacy/v0.18.4/auth.login.trpc.wrong-password.json",
        Invalid(&[]),
    ),
    (
        "legacy/v0.18.4/auth.x-api-key-with-token.json",
        Unauthorized,
    ),
    (
        "legacy/v0.18.4/cors.preflight.project.all.json",
        Unauthorized,
    ),
    (
        "legacy/v0.18.4/cors.preflight.project.all.x-api-key.json",
        Unauthorized,
    ),
    ("legacy/v0.18.4/cors.preflight.trpc.json", Http(405)),
    (
        "legacy/v0.18.4/cors.preflight.with-token.json",
        NotFound("does not offer project.all"),
    ),
    ("legacy/v0.18.4/error.bad-bearer.json", Unauthorized),
    ("legacy/v0.18.4/error.bad-x-api-key.json", Unauthorized),
    ("legacy/v0.18.4/error.basic-auth.json", Unauthorized),
    ("legacy/v0.18.4/error.empty-bearer.json", Unauthorized),
    (
        "legacy/v0.18.4/error.get-on-mutation.json",
        NotFound("does not offer project.create"),
    ),
    (
        "legacy/v0.18.4/error.invalid-input.postgres.create.json",
        Invalid(&["appName", "databaseName", "databaseUser"]),
    ),
    (
        "legacy/v0.18.4/error.invalid-input.project.create.json",
        Invalid(&["name"]),
    ),
    ("legacy/v0.18.4/error.malformed-json.json", Invalid(&[])),
    (
        "legacy/v0.18.4/error.missing-input.json",
        Invalid(&["projectId"]),
    ),
    ("legacy/v0.18.4/error.no-credential.json", Unauthorized),
    (
        "legacy/v0.18.4/error.old-token-after-rotate.json",
        Unauthorized,
    ),
    (
        "legacy/v0.18.4/error.post-on-query.json",
        NotFound("does not offer project.all"),
    ),
    // v0.30.2 wave 2: tags
    ("v0.30.2/tag.create.duplicate-400.json", Invalid(&[])),
    (
        "v0.30.2/tag.create.missing-name-400.json",
        Invalid(&["name"]),
    ),
    ("v0.30.2/tag.update.duplicate-name-400.json", Invalid(&[])),
    (
        "v0.30.2/tag.update.unknown-id-404.json",
        NotFound("Tag not found"),
    ),
    (
        "v0.30.2/tag.one.unknown-id-404.json",
        NotFound("Tag not found"),
    ),
    (
        "v0.30.2/tag.remove.unknown-id-404.json",
        NotFound("Tag not found"),
    ),
    (
        "v0.30.2/tag.assignToProject.duplicate-400.json",
        Invalid(&[]),
    ),
    (
        "v0.30.2/tag.assignToProject.unknown-project-404.json",
        NotFound("Project not found"),
    ),
    (
        "v0.30.2/tag.bulkAssign.unknown-tag-404.json",
        NotFound("tags not found"),
    ),
    // v0.30.2 wave 2: remote servers
    (
        "v0.30.2/server.one.unknown-id-404.json",
        NotFound("Server not found"),
    ),
    (
        "v0.30.2/server.getServerMetrics.bad-url.json",
        Server(500, "Invalid URL"),
    ),
    (
        "v0.30.2/server.getServerMetrics.loopback-refused.json",
        Server(500, "fetch failed"),
    ),
    // v0.30.2 wave 2: notifications (the tests' targets refused the connection)
    (
        "v0.30.2/notification.createNtfy.missing-fields-400.json",
        Invalid(&["topic", "accessToken", "priority"]),
    ),
    (
        "v0.30.2/notification.one.unknown-id-404.json",
        NotFound("Notification not found"),
    ),
    // A 400 (the lookup fails inside remove's catch), read as a refusal.
    ("v0.30.2/notification.remove.unknown-id.json", Invalid(&[])),
    (
        "v0.30.2/notification.testSlackConnection.json",
        Invalid(&[]),
    ),
    ("v0.30.2/notification.testNtfyConnection.json", Invalid(&[])),
    (
        "v0.30.2/notification.testCustomConnection.json",
        Invalid(&[]),
    ),
    // v0.30.2 wave 2: registries, SSH keys, certificates
    (
        "v0.30.2/registry.create.missing-fields-400.json",
        Invalid(&["username"]),
    ),
    (
        "v0.30.2/registry.create.unreachable-registry-400.json",
        Invalid(&[]),
    ),
    ("v0.30.2/registry.testRegistry.json", Invalid(&[])),
    (
        "v0.30.2/registry.one.unknown-id-404.json",
        NotFound("Registry not found"),
    ),
    (
        "v0.30.2/registry.remove.unknown-id.json",
        NotFound("Registry not found"),
    ),
    (
        "v0.30.2/registry.testRegistryById.unknown-id.json",
        Invalid(&[]),
    ),
    (
        "v0.30.2/sshKey.create.missing-fields-400.json",
        Invalid(&["privateKey"]),
    ),
    (
        "v0.30.2/sshKey.generate.bad-type-400.json",
        Invalid(&["type"]),
    ),
    (
        "v0.30.2/sshKey.one.unknown-id-404.json",
        NotFound("SSH Key not found"),
    ),
    (
        "v0.30.2/sshKey.remove.unknown-id.json",
        NotFound("SSH Key not found"),
    ),
    (
        "v0.30.2/certificates.create.missing-fields-400.json",
        Invalid(&["certificateData"]),
    ),
    (
        "v0.30.2/certificates.one.unknown-id-404.json",
        NotFound("Certificate not found"),
    ),
    (
        "v0.30.2/certificates.remove.unknown-id.json",
        NotFound("Certificate not found"),
    ),
    (
        "legacy/v0.18.4/error.unknown-application-id.json",
        NotFound("Application not found"),
    ),
    (
        "legacy/v0.18.4/error.unknown-procedure.json",
        NotFound("does not offer"),
    ),
    (
        "legacy/v0.18.4/error.unknown-project-id.json",
        NotFound("Project not found"),
    ),
];

/// The error a refusal reads as, as the client classifies it.
fn classified(rec: &Recording) -> ApiError {
    classify(
        rec.status,
        rec.content_type.as_deref(),
        &rec.body,
        &rec.procedure,
    )
}

fn check_error(rec: &Recording, expect: Expect) -> Result<(), String> {
    let err = classified(rec);
    let ok = match (expect, &err) {
        (Unauthorized, ApiError::Unauthorized { .. }) => err.is_auth(),
        (Forbidden, ApiError::Forbidden { .. }) => true,
        (NotFound(s), ApiError::NotFound { message }) => message.contains(s),
        (
            Invalid(fields),
            ApiError::Invalid {
                field_errors,
                form_errors,
                message,
            },
        ) => {
            let fields_ok = fields.iter().all(|f| {
                err.field_error(f).is_some_and(|m| !m.is_empty()) && field_errors.contains_key(*f)
            });
            let something =
                !field_errors.is_empty() || !form_errors.is_empty() || !message.is_empty();
            fields_ok && something && (fields.is_empty() || !field_errors.is_empty())
        }
        (UnsupportedMedia, ApiError::UnsupportedMedia { .. }) => true,
        (
            Server(status, s),
            ApiError::Server {
                status: got,
                message,
            },
        ) => *got == status && message.contains(s) && !message.contains('<'),
        (Http(status), ApiError::Http { status: got, .. }) => *got == status,
        _ => false,
    };
    // Messages are one line of prose, never HTML.
    let shown = err.to_string();
    if shown.contains("<html") || shown.contains("<!DOCTYPE") {
        return Err(format!("{}: message contains HTML: {shown}", rec.rel));
    }
    if ok {
        Ok(())
    } else {
        Err(format!("{}: expected {expect:?}, got {err:?}", rec.rel))
    }
}

#[test]
fn every_recording_decodes_or_classifies() {
    let recs = all();
    assert!(recs.len() > 300, "only {} recordings found", recs.len());
    let mut failures = Vec::new();
    let mut error_rows_used = BTreeSet::new();
    let mut decoded = 0;
    let mut classified = 0;
    for rec in recs {
        let Some((_, decoder, _)) = DECODERS.iter().find(|(p, _, _)| *p == rec.procedure) else {
            failures.push(format!(
                "{}: no decoder row for procedure {:?}",
                rec.rel, rec.procedure
            ));
            continue;
        };
        if (200..300).contains(&rec.status) {
            if let Err(e) = decoder(&rec.procedure, &rec.body) {
                failures.push(format!("{}: {e:?}", rec.rel));
            }
            decoded += 1;
        } else {
            match ERRORS.iter().find(|(rel, _)| *rel == rec.rel) {
                Some((rel, expect)) => {
                    error_rows_used.insert(*rel);
                    if let Err(e) = check_error(rec, *expect) {
                        failures.push(e);
                    }
                    classified += 1;
                }
                None => failures.push(format!(
                    "{}: status {} has no row in ERRORS",
                    rec.rel, rec.status
                )),
            }
        }
    }
    for (rel, _) in ERRORS {
        if !error_rows_used.contains(rel) {
            failures.push(format!("ERRORS row {rel} matches no non-2xx recording"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{decoded} answers decoded, {classified} errors classified");
}

fn all() -> &'static [Recording] {
    static ALL: OnceLock<Vec<Recording>> = OnceLock::new();
    ALL.get_or_init(recordings)
}

fn recording(rel: &str) -> &'static Recording {
    all()
        .iter()
        .find(|r| r.rel == rel)
        .unwrap_or_else(|| panic!("no recording {rel}"))
}

fn body_of<T: DeserializeOwned>(rel: &str) -> T {
    let rec = recording(rel);
    decode_body(&rec.procedure, &rec.body).unwrap_or_else(|e| panic!("{rel}: {e:?}"))
}

/// The error the refusal recorded at `rel` reads as.
fn error_of(rel: &str) -> ApiError {
    classified(recording(rel))
}

#[test]
fn v030_project_all_has_environments_and_id_only_databases() {
    let projects: Vec<Project> = body_of("v0.30.2/project.all.json");
    assert_eq!(projects.len(), 1);
    let p = &projects[0];
    assert!(!p.is_legacy());
    let envs = p.all_environments();
    assert_eq!(envs.len(), 1);
    assert!(!envs[0].implicit);
    assert!(envs[0].is_default);
    let services = p.summaries();
    assert_eq!(services.len(), 8, "{services:?}");
    let kinds: BTreeSet<ServiceKind> = services.iter().map(|s| s.kind).collect();
    assert_eq!(kinds.len(), 8);
    let app = services
        .iter()
        .find(|s| s.kind == ServiceKind::Application)
        .unwrap();
    assert_eq!(app.name.as_deref(), Some("peer-app"));
    assert_eq!(app.status, Some(ServiceStatus::Idle));
    assert_eq!(
        app.environment_id.as_deref(),
        Some(envs[0].environment_id.as_str())
    );
    let pg = services
        .iter()
        .find(|s| s.kind == ServiceKind::Postgres)
        .unwrap();
    assert_eq!(pg.name, None, "project.all carries only ids for databases");
    assert_eq!(pg.display_name(), pg.id);
}

#[test]
fn the_overviews_marks_of_centralized_deployments_agree_with_the_full_model() {
    for rel in [
        "v0.30.2/deployment.allCentralized.json",
        "v0.30.2/deployment.allCentralized.with-rec-wave2.json",
    ] {
        let full: Vec<Deployment> = body_of(rel);
        let marks: Vec<RunMark> = body_of(rel);
        assert!(!marks.is_empty(), "{rel}");
        assert_eq!(marks.len(), full.len(), "{rel}");
        for (m, d) in marks.iter().zip(&full) {
            assert_eq!(m.application_id, d.application_id, "{rel}");
            assert_eq!(m.compose_id, d.compose_id, "{rel}");
            assert_eq!(m.status, d.status, "{rel}");
            assert_eq!(m.created_at, d.created_at, "{rel}");
            assert!(
                m.application_id.is_some() || m.compose_id.is_some(),
                "{rel}"
            );
        }
    }
}

#[test]
fn v030_project_one_carries_names_and_status() {
    let p: Project = body_of("v0.30.2/project.one.json");
    for s in p.summaries() {
        assert!(s.name.is_some(), "{s:?}");
        assert!(s.app_name.is_some(), "{s:?}");
        assert!(s.status.is_some(), "{s:?}");
    }
    assert_eq!(p.service_count(), 8);
}

#[test]
fn legacy_projects_yield_one_implicit_environment() {
    for rel in [
        "legacy/v0.24.12/project.all.json",
        "legacy/v0.18.4/project.all.json",
        "legacy/seed-2024/project.all.json",
    ] {
        let projects: Vec<Project> = body_of(rel);
        assert!(!projects.is_empty(), "{rel}");
        for p in &projects {
            assert!(p.is_legacy(), "{rel}");
            let envs = p.all_environments();
            assert_eq!(envs.len(), 1, "{rel}");
            assert!(envs[0].implicit, "{rel}");
            assert_eq!(envs[0].environment_id, p.project_id);
            assert_eq!(envs[0].service_count(), p.service_count());
            assert!(p.environment(&p.project_id).is_some());
            for s in p.summaries() {
                assert!(s.name.is_some() && s.status.is_some(), "{rel}: {s:?}");
            }
        }
    }
    let v24: Vec<Project> = body_of("legacy/v0.24.12/project.all.json");
    assert!(v24[0].organization_id.is_some());
    assert_eq!(v24[0].service_count(), 7);
    let v18: Vec<Project> = body_of("legacy/v0.18.4/project.all.json");
    assert!(v18[0].admin_id.is_some());
    let seed: Vec<Project> = body_of("legacy/seed-2024/project.all.json");
    assert!(seed[0].admin_id.is_some());
}

#[test]
fn project_create_both_shapes() {
    let new: CreatedProject = body_of("v0.30.2/project.create.json");
    assert!(new.environment().is_some());
    assert_eq!(new.project().name, "peer-project");
    let old: CreatedProject = body_of("legacy/v0.24.12/project.create.json");
    assert!(old.environment().is_none());
    assert_eq!(old.project().name, "legacy-project");
}

/// The decoders Skiff uses for the answers of `project.create` and `<database>.create`
/// (`from_json`: each shape straight from the text) answer exactly what the untagged serde
/// enums answer, for every recorded body: the same value, or the same error.
#[test]
fn created_decoders_match_the_untagged_enums() {
    let mut bodies: Vec<(String, String)> = Vec::new();
    for rec in all() {
        bodies.push((rec.rel.clone(), rec.body.clone()));
        // The answers that decode, spoilt: text after them, cut short, one shape in another.
        if rec.procedure.ends_with(".create") && (200..300).contains(&rec.status) {
            for tail in [" ", " x", "}", ",{}", "true"] {
                bodies.push((
                    format!("{} + {tail:?}", rec.rel),
                    format!("{}{tail}", rec.body),
                ));
            }
            let cut = rec.body.len() / 2;
            if rec.body.is_char_boundary(cut) {
                bodies.push((format!("{} cut", rec.rel), rec.body[..cut].to_string()));
            }
            for wrap in [
                format!(r#"{{"project":{},"environment":{{}}}}"#, rec.body),
                format!(r#"{{"project":{0},"environment":{0}}}"#, rec.body),
                format!(r#"[{0},{0}]"#, rec.body),
            ] {
                bodies.push((format!("{} wrapped", rec.rel), wrap));
            }
        }
    }
    for (rel, body) in &bodies {
        assert_eq!(
            CreatedProject::from_json(body).map_err(|e| e.to_string()),
            serde_json::from_str::<CreatedProject>(body).map_err(|e| e.to_string()),
            "{}",
            rel
        );
        assert_eq!(
            CreatedDatabase::from_json(body).map_err(|e| e.to_string()),
            serde_json::from_str::<CreatedDatabase>(body).map_err(|e| e.to_string()),
            "{}",
            rel
        );
    }
}

#[test]
fn environment_one_and_by_project() {
    let env: Environment = body_of("v0.30.2/environment.one.json");
    assert_eq!(env.name, "production");
    assert_eq!(env.service_count(), 8);
    assert_eq!(
        env.project.as_ref().map(|p| p.name.as_str()),
        Some("peer-project")
    );
    let envs: Vec<Environment> = body_of("v0.30.2/environment.byProjectId.json");
    assert!(!envs.is_empty());
}

#[test]
fn application_one_both_eras() {
    let app: Application = body_of("v0.30.2/application.one.after-deploy.json");
    assert_eq!(app.name, "peer-app");
    assert_eq!(app.application_status, Some(ServiceStatus::Error));
    assert_eq!(app.build_type, Some(BuildType::Nixpacks));
    assert!(!app.deployments.is_empty());
    assert_eq!(app.deployments[0].status, Some(DeploymentStatus::Error));
    let (pid, pname) = app.project_ref();
    assert_eq!(pid, Some("8z0E0t5wEC40kLRU2yeyv"));
    assert_eq!(pname, Some("peer-project"));
    for rel in [
        "legacy/v0.24.12/application.one.json",
        "legacy/v0.18.4/application.one.json",
    ] {
        let app: Application = body_of(rel);
        assert!(app.project_ref().0.is_some(), "{rel}");
        assert_eq!(app.source_type, Some(SourceType::Docker), "{rel}");
    }
}

#[test]
fn every_database_one_knows_its_kind() {
    for (rel, kind) in [
        ("v0.30.2/postgres.one.json", ServiceKind::Postgres),
        ("v0.30.2/mysql.one.json", ServiceKind::Mysql),
        ("v0.30.2/mariadb.one.json", ServiceKind::Mariadb),
        ("v0.30.2/mongo.one.json", ServiceKind::Mongo),
        ("v0.30.2/redis.one.json", ServiceKind::Redis),
        ("v0.30.2/libsql.one.json", ServiceKind::Libsql),
        ("legacy/v0.24.12/postgres.one.json", ServiceKind::Postgres),
        ("legacy/v0.24.12/redis.one.json", ServiceKind::Redis),
        ("legacy/v0.18.4/mongo.one.json", ServiceKind::Mongo),
        ("legacy/v0.18.4/mariadb.one.json", ServiceKind::Mariadb),
    ] {
        let db: Database = body_of(rel);
        assert_eq!(db.kind(), Some(kind), "{rel}");
        let s = db.summary().unwrap();
        assert_eq!(s.kind, kind);
        assert!(db.project_ref().0.is_some(), "{rel}");
    }
    let created: CreatedDatabase = body_of("v0.30.2/postgres.create.json");
    assert_eq!(
        created.row().and_then(Database::kind),
        Some(ServiceKind::Postgres)
    );
    let flag: CreatedDatabase = body_of("v0.30.2/libsql.create.json");
    assert!(flag.row().is_none());
}

#[test]
fn users_both_eras() {
    let me: Member = body_of("v0.30.2/user.get.json");
    assert_eq!(me.role, Some(MemberRole::Owner));
    assert!(me.is_admin());
    assert_eq!(me.user.display_name(), "Peer Admin");
    assert!(!me.user.api_keys.is_empty());
    assert_eq!(me.accessed_projects.len(), 1);
    let old: Member = body_of("legacy/v0.24.12/user.get.json");
    assert_eq!(old.user.display_name(), "Legacy Admin");
    assert!(!old.user.api_keys.is_empty());
    let two: Member = body_of("legacy/v0.24.12/user.get.with-two-keys.json");
    assert_eq!(two.user.api_keys.len(), 2);
    let all: Vec<Member> = body_of("v0.30.2/user.all.json");
    assert_eq!(all.len(), 1);
    let key: CreatedApiKey = body_of("v0.30.2/user.createApiKey.json");
    assert!(!key.key.is_empty());
    assert_eq!(key.rate_limit_enabled, Some(false));
    assert!(
        !format!("{key:?}").contains(&key.key),
        "Debug must hide the key"
    );
    let limited: CreatedApiKey = body_of("v0.30.2/user.createApiKey.default-ratelimited.json");
    assert_eq!(limited.rate_limit_enabled, Some(true));
    let perms: Permissions = body_of("v0.30.2/user.getPermissions.json");
    assert!(perms.can("project", "create"));
    assert!(!perms.can("project", "fly"));
    let org: Organization = body_of("v0.30.2/organization.active.json");
    assert_eq!(org.name, "My Organization");
}

#[test]
fn versions_and_legacy_tokens() {
    let v: DokployVersion = body_of("v0.30.2/settings.getDokployVersion.json");
    assert_eq!(v.parts(), Some((0, 30, 2)));
    assert!(v.has_environments() && v.uses_api_keys());
    let v: DokployVersion = body_of("legacy/v0.24.12/settings.getDokployVersion.json");
    assert!(!v.has_environments() && v.uses_api_keys());
    let v: DokployVersion = body_of("legacy/v0.18.4/settings.getDokployVersion.json");
    assert!(!v.has_environments() && !v.uses_api_keys());
    let h: Health = body_of("v0.30.2/settings.health.json");
    assert_eq!(h.status.as_deref(), Some("ok"));
    let first: AuthToken = body_of("legacy/v0.18.4/auth.generateToken.first.json");
    assert_eq!(
        first.token, None,
        "generateToken answers the row before the update"
    );
    let now: AuthToken = body_of("legacy/v0.18.4/auth.get.json");
    let token = now.token.clone().unwrap();
    assert!(
        !format!("{now:?}").contains(&token),
        "Debug must hide the token"
    );
}

#[test]
fn logs_decode_as_text() {
    let log: String = body_of("v0.30.2/deployment.readLogs.json");
    assert!(log.contains('\n'));
    let deps: Vec<Deployment> = body_of("v0.30.2/deployment.allByType.json");
    assert!(deps.iter().all(|d| d.status.is_some()));
}

#[test]
fn tags_ride_on_projects_from_v0_29() {
    let projects: Vec<Project> = body_of("v0.30.2/project.all.with-project-tag.json");
    let tagged = projects
        .iter()
        .find(|p| p.tags().next().is_some())
        .expect("a tagged project");
    let t = tagged.tags().next().unwrap();
    assert_eq!(t.name, "rec-wave2-tag-renamed");
    assert_eq!(t.hex(), Some("#10b981"));
    // An instance with tags says so on every project, tagged or not.
    let plain: Vec<Project> = body_of("v0.30.2/project.all.json");
    assert!(plain
        .iter()
        .all(|p| p.project_tags.as_ref().is_some_and(Vec::is_empty)));
    let p: Project = body_of("v0.30.2/project.one.after-tag-remove.json");
    assert_eq!(p.project_tags, Some(Vec::new()));
    // Before v0.29: no `projectTags` at all.
    for rel in [
        "legacy/v0.24.12/project.all.json",
        "legacy/v0.18.4/project.all.json",
    ] {
        let old: Vec<Project> = body_of(rel);
        assert!(old.iter().all(|p| p.project_tags.is_none()), "{rel}");
    }
    let tags: Vec<Tag> = body_of("v0.30.2/tag.all.with-tags.json");
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].color, None, "a tag made without a colour");
    assert_eq!(tags[1].hex(), None);
    // The overview's cards carry them.
    let o = skiff::overview::Overview::new(projects, &Default::default());
    assert_eq!(
        o.search("", skiff::routes::Sort::Name, "rec-wave2-tag-renamed")
            .len(),
        1
    );
    assert!(o.search("", skiff::routes::Sort::Name, "other").is_empty());
}

#[test]
fn a_duplicate_tag_name_is_said_on_the_name_field() {
    for rel in [
        "v0.30.2/tag.create.duplicate-400.json",
        "v0.30.2/tag.update.duplicate-name-400.json",
    ] {
        let e = skiff::api::tags::duplicate_name(error_of(rel));
        let words = e.field_error("name").unwrap_or_default();
        assert!(
            words.contains("A tag with this name exists"),
            "{rel}: {e:?}"
        );
        assert!(!e.to_string().contains("Failed query"), "{rel}: {e}");
    }
    // Anything else passes through.
    let e = error_of("v0.30.2/tag.create.missing-name-400.json");
    assert_eq!(skiff::api::tags::duplicate_name(e.clone()), e);
}

#[test]
fn a_refused_docker_login_is_said_on_the_address_in_words() {
    for rel in [
        "v0.30.2/registry.create.unreachable-registry-400.json",
        "v0.30.2/registry.testRegistry.json",
    ] {
        let e = skiff::api::registries::login_failed(error_of(rel));
        let words = e.field_error("registryUrl").unwrap_or_default();
        assert!(
            words.contains("could not log in to this registry: nothing answered at this address"),
            "{rel}: {e:?}"
        );
        assert!(!e.to_string().contains("Stderr"), "{rel}: {e}");
    }
    // A missing field passes through, on its own field.
    let e = error_of("v0.30.2/registry.create.missing-fields-400.json");
    assert_eq!(skiff::api::registries::login_failed(e.clone()), e);
}

#[test]
fn registries_and_ssh_keys_are_read_without_their_secrets() {
    let registries: Vec<Registry> = body_of("v0.30.2/registry.all.with-registry.json");
    assert_eq!(registries[0].registry_name, "rec-wave2-registry");
    assert_eq!(registries[0].registry_url, "127.0.0.1:5055");
    let shown = serde_json::to_string(&registries).unwrap();
    assert!(!shown.contains("example-password"), "{shown}");
    let keys: Vec<SshKey> = body_of("v0.30.2/sshKey.all.with-key.json");
    assert_eq!(keys[0].name, "rec-wave2-key");
    assert!(keys[0].public_key.starts_with("ssh-ed25519 "));
    assert_eq!(keys[0].last_used_at, None);
    let shown = serde_json::to_string(&keys).unwrap();
    assert!(!shown.contains("PRIVATE KEY"), "{shown}");
}

#[test]
fn a_certificate_says_its_domain_and_end_without_its_key() {
    let certs: Vec<Certificate> = body_of("v0.30.2/certificates.all.with-cert.json");
    assert_eq!(certs[0].name, "rec-wave2-cert");
    let shown = serde_json::to_string(&certs).unwrap();
    assert!(!shown.contains("PRIVATE KEY"), "{shown}");
    let info = skiff::certificates::read_pem(&certs[0].certificate_data).expect("readable");
    assert_eq!(info.domains(), "rec-wave2.localhost");
    assert_eq!(
        skiff::service_view::time::date_of(info.not_after),
        "2027-01-01"
    );
}

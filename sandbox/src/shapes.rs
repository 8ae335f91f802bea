//! JSON shapes of Dokploy v0.30.2's rows, one builder per entity, with every column the real
//! server answers (see recordings/dokploy/v0.30.2 for the recordings they are checked against).

use serde_json::{json, Map, Value};

use crate::kind::Kind;

pub type Row = Map<String, Value>;

pub fn obj(v: Value) -> Row {
    match v {
        Value::Object(m) => m,
        _ => Row::new(),
    }
}

pub fn s(row: &Row, key: &str) -> String {
    row.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

pub fn project_row(
    id: &str,
    name: &str,
    description: Value,
    created_at: &str,
    organization_id: &str,
    env: &str,
) -> Row {
    obj(json!({
        "projectId": id,
        "name": name,
        "description": description,
        "createdAt": created_at,
        "organizationId": organization_id,
        "env": env,
    }))
}

pub fn environment_row(
    id: &str,
    name: &str,
    description: &str,
    created_at: &str,
    project_id: &str,
    is_default: bool,
) -> Row {
    obj(json!({
        "environmentId": id,
        "name": name,
        "description": description,
        "createdAt": created_at,
        "env": "",
        "projectId": project_id,
        "isDefault": is_default,
    }))
}

/// What every service row starts from.
pub struct NewService<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub app_name: &'a str,
    pub description: Value,
    pub environment_id: &'a str,
    pub created_at: &'a str,
    pub refresh_token: &'a str,
}

pub fn application_row(n: &NewService) -> Row {
    obj(json!({
        "applicationId": n.id,
        "name": n.name,
        "appName": n.app_name,
        "description": n.description,
        "env": null,
        "previewEnv": null,
        "watchPaths": null,
        "previewBuildArgs": null,
        "previewBuildSecrets": null,
        "previewLabels": null,
        "previewWildcard": null,
        "previewPort": 3000,
        "previewHttps": false,
        "previewPath": "/",
        "previewCertificateType": "none",
        "previewCustomCertResolver": null,
        "previewLimit": 3,
        "isPreviewDeploymentsActive": false,
        "previewRequireCollaboratorPermissions": true,
        "rollbackActive": false,
        "buildArgs": null,
        "buildSecrets": null,
        "memoryReservation": null,
        "memoryLimit": null,
        "cpuReservation": null,
        "cpuLimit": null,
        "title": null,
        "enabled": null,
        "subtitle": null,
        "command": null,
        "args": null,
        "icon": null,
        "refreshToken": n.refresh_token,
        "sourceType": "github",
        "cleanCache": false,
        "repository": null,
        "owner": null,
        "branch": null,
        "buildPath": "/",
        "triggerType": "push",
        "autoDeploy": true,
        "gitlabProjectId": null,
        "gitlabRepository": null,
        "gitlabOwner": null,
        "gitlabBranch": null,
        "gitlabBuildPath": "/",
        "gitlabPathNamespace": null,
        "giteaRepository": null,
        "giteaOwner": null,
        "giteaBranch": null,
        "giteaBuildPath": "/",
        "bitbucketRepository": null,
        "bitbucketRepositorySlug": null,
        "bitbucketOwner": null,
        "bitbucketBranch": null,
        "bitbucketBuildPath": "/",
        "username": null,
        "password": null,
        "dockerImage": null,
        "registryUrl": null,
        "customGitUrl": null,
        "customGitBranch": null,
        "customGitBuildPath": null,
        "customGitSSHKeyId": null,
        "enableSubmodules": false,
        "dockerfile": "Dockerfile",
        "dockerContextPath": null,
        "dockerBuildStage": null,
        "dropBuildPath": null,
        "healthCheckSwarm": null,
        "restartPolicySwarm": null,
        "placementSwarm": null,
        "updateConfigSwarm": null,
        "rollbackConfigSwarm": null,
        "modeSwarm": null,
        "labelsSwarm": null,
        "networkSwarm": null,
        "stopGracePeriodSwarm": null,
        "endpointSpecSwarm": null,
        "ulimitsSwarm": null,
        "replicas": 1,
        "applicationStatus": "idle",
        "buildType": "nixpacks",
        "railpackVersion": "0.15.4",
        "herokuVersion": "24",
        "publishDirectory": null,
        "isStaticSpa": null,
        "createEnvFile": true,
        "createdAt": n.created_at,
        "registryId": null,
        "rollbackRegistryId": null,
        "environmentId": n.environment_id,
        "githubId": null,
        "gitlabId": null,
        "giteaId": null,
        "bitbucketId": null,
        "serverId": null,
        "buildServerId": null,
        "buildRegistryId": null,
        "networkIds": [],
        "detachDokployNetwork": false,
    }))
}

pub fn compose_row(n: &NewService, compose_file: &str, source_type: &str) -> Row {
    obj(json!({
        "composeId": n.id,
        "name": n.name,
        "appName": n.app_name,
        "description": n.description,
        "env": null,
        "composeFile": compose_file,
        "refreshToken": n.refresh_token,
        "sourceType": source_type,
        "composeType": "docker-compose",
        "repository": null,
        "owner": null,
        "branch": null,
        "autoDeploy": true,
        "gitlabProjectId": null,
        "gitlabRepository": null,
        "gitlabOwner": null,
        "gitlabBranch": null,
        "gitlabPathNamespace": null,
        "bitbucketRepository": null,
        "bitbucketRepositorySlug": null,
        "bitbucketOwner": null,
        "bitbucketBranch": null,
        "giteaRepository": null,
        "giteaOwner": null,
        "giteaBranch": null,
        "customGitUrl": null,
        "customGitBranch": null,
        "customGitSSHKeyId": null,
        "command": "",
        "createEnvFile": true,
        "enableSubmodules": false,
        "composePath": "./docker-compose.yml",
        "suffix": "",
        "randomize": false,
        "isolatedDeployment": false,
        "isolatedDeploymentsVolume": false,
        "triggerType": "push",
        "composeStatus": "idle",
        "icon": null,
        "environmentId": n.environment_id,
        "createdAt": n.created_at,
        "watchPaths": null,
        "githubId": null,
        "gitlabId": null,
        "bitbucketId": null,
        "giteaId": null,
        "serverId": null,
        "serviceNetworks": [],
    }))
}

/// Credentials and image of a database service.
pub struct DbSettings {
    pub database_name: String,
    pub database_user: String,
    pub database_password: String,
    pub root_password: String,
    pub docker_image: String,
}

impl DbSettings {
    pub fn default_image(kind: Kind) -> &'static str {
        match kind {
            Kind::Postgres => "postgres:18",
            Kind::Mysql => "mysql:8",
            Kind::Mariadb => "mariadb:6",
            Kind::Mongo => "mongo:15",
            Kind::Redis => "redis:8",
            Kind::Libsql => "ghcr.io/tursodatabase/libsql-server:v0.24.32",
            _ => "",
        }
    }
}

/// The row of a database service (postgres, mysql, mariadb, mongo, redis, libsql).
pub fn database_row(kind: Kind, n: &NewService, db: &DbSettings) -> Row {
    let mut row = obj(json!({
        kind.id_key(): n.id,
        "name": n.name,
        "appName": n.app_name,
        "description": n.description,
        "dockerImage": db.docker_image,
        "command": null,
        "env": null,
        "memoryReservation": null,
        "memoryLimit": null,
        "cpuReservation": null,
        "cpuLimit": null,
        "externalPort": null,
        "applicationStatus": "idle",
        "healthCheckSwarm": null,
        "restartPolicySwarm": null,
        "placementSwarm": null,
        "updateConfigSwarm": null,
        "rollbackConfigSwarm": null,
        "modeSwarm": null,
        "labelsSwarm": null,
        "networkSwarm": null,
        "stopGracePeriodSwarm": null,
        "endpointSpecSwarm": null,
        "replicas": 1,
        "createdAt": n.created_at,
        "environmentId": n.environment_id,
        "serverId": null,
        "networkIds": [],
        "detachDokployNetwork": false,
    }));
    let extra = match kind {
        Kind::Postgres => json!({
            "databaseName": db.database_name,
            "databaseUser": db.database_user,
            "databasePassword": db.database_password,
            "args": null,
            "ulimitsSwarm": null,
        }),
        Kind::Mysql | Kind::Mariadb => json!({
            "databaseName": db.database_name,
            "databaseUser": db.database_user,
            "databasePassword": db.database_password,
            "databaseRootPassword": db.root_password,
            "args": null,
            "ulimitsSwarm": null,
        }),
        Kind::Mongo => json!({
            "databaseUser": db.database_user,
            "databasePassword": db.database_password,
            "replicaSets": false,
            "args": null,
            "ulimitsSwarm": null,
        }),
        Kind::Redis => json!({
            "databasePassword": db.database_password,
            "args": null,
            "ulimitsSwarm": null,
        }),
        Kind::Libsql => json!({
            "databaseUser": db.database_user,
            "databasePassword": db.database_password,
            "sqldNode": "primary",
            "sqldPrimaryUrl": null,
            "enableNamespaces": false,
            "externalGRPCPort": null,
            "externalAdminPort": null,
        }),
        _ => json!({}),
    };
    row.extend(obj(extra));
    row
}

#[allow(clippy::too_many_arguments)]
pub fn deployment_row(
    id: &str,
    title: &str,
    description: &str,
    status: &str,
    log_path: &str,
    application_id: Option<&str>,
    compose_id: Option<&str>,
    created_at: &str,
    finished_at: Option<&str>,
) -> Row {
    obj(json!({
        "deploymentId": id,
        "title": title,
        "description": description,
        "status": status,
        "logPath": log_path,
        "pid": null,
        "applicationId": application_id,
        "composeId": compose_id,
        "serverId": null,
        "isPreviewDeployment": false,
        "previewDeploymentId": null,
        "createdAt": created_at,
        "startedAt": created_at,
        "finishedAt": finished_at,
        "errorMessage": null,
        "scheduleId": null,
        "backupId": null,
        "rollbackId": null,
        "volumeBackupId": null,
        "buildServerId": null,
    }))
}

/// A mount (the `mount` table) of `ty` (`volume`, `bind` or `file`), of no service yet:
/// `serviceType` is the column's default, every service column null.
pub fn blank_mount_row(id: &str, ty: &str) -> Row {
    obj(json!({
        "mountId": id,
        "type": ty,
        "hostPath": null,
        "volumeName": null,
        "filePath": null,
        "content": null,
        "serviceType": "application",
        "mountPath": "",
        "applicationId": null,
        "composeId": null,
        "libsqlId": null,
        "mariadbId": null,
        "mongoId": null,
        "mysqlId": null,
        "postgresId": null,
        "redisId": null,
    }))
}

/// A named volume mounted into a service.
pub fn mount_row(
    id: &str,
    kind: Kind,
    service_id: &str,
    volume_name: &str,
    mount_path: &str,
) -> Row {
    let mut row = blank_mount_row(id, "volume");
    row.insert("volumeName".into(), json!(volume_name));
    row.insert("serviceType".into(), json!(kind.service_type()));
    row.insert("mountPath".into(), json!(mount_path));
    row.insert(kind.id_key().into(), json!(service_id));
    row
}

/// A port an application publishes (the `port` table).
pub fn port_row(
    id: &str,
    published_port: i64,
    publish_mode: &str,
    target_port: i64,
    protocol: &str,
    application_id: &str,
) -> Row {
    obj(json!({
        "portId": id,
        "publishedPort": published_port,
        "publishMode": publish_mode,
        "targetPort": target_port,
        "protocol": protocol,
        "applicationId": application_id,
    }))
}

/// A redirect of an application's requests (the `redirect` table; Traefik's redirectRegex).
pub fn redirect_row(
    id: &str,
    regex: &str,
    replacement: &str,
    permanent: bool,
    unique_key: u64,
    created_at: &str,
    application_id: &str,
) -> Row {
    obj(json!({
        "redirectId": id,
        "regex": regex,
        "replacement": replacement,
        "permanent": permanent,
        "uniqueConfigKey": unique_key,
        "createdAt": created_at,
        "applicationId": application_id,
    }))
}

/// A basic-auth user of an application (the `security` table): Dokploy stores and answers the
/// password in clear.
pub fn security_row(
    id: &str,
    username: &str,
    password: &str,
    created_at: &str,
    application_id: &str,
) -> Row {
    obj(json!({
        "securityId": id,
        "username": username,
        "password": password,
        "createdAt": created_at,
        "applicationId": application_id,
    }))
}

/// A domain row (Dokploy's `domain` table).
pub fn domain_row(id: &str, host: &str, created_at: &str, unique_key: u64) -> Row {
    obj(json!({
        "domainId": id,
        "host": host,
        "https": false,
        "port": 3000,
        "path": "/",
        "serviceName": null,
        "domainType": "application",
        "uniqueConfigKey": unique_key,
        "createdAt": created_at,
        "composeId": null,
        "customCertResolver": null,
        "applicationId": null,
        "previewDeploymentId": null,
        "certificateType": "none",
        "internalPath": "/",
        "stripPath": false,
        "customEntrypoint": null,
        "middlewares": null,
        "forwardAuthEnabled": false,
        "enabled": true,
    }))
}

pub fn organization_row(id: &str, name: &str, created_at: &str, owner_id: &str) -> Row {
    obj(json!({
        "id": id,
        "name": name,
        "slug": null,
        "logo": null,
        "createdAt": created_at,
        "metadata": null,
        "defaultRole": null,
        "ownerId": owner_id,
    }))
}

/// A member of an organization (the `member` table, with its permissions).
pub fn member_row(id: &str, org_id: &str, user_id: &str, role: &str, created_at: &str) -> Row {
    obj(json!({
        "id": id,
        "organizationId": org_id,
        "userId": user_id,
        "role": role,
        "createdAt": created_at,
        "teamId": null,
        "isDefault": true,
        "canCreateProjects": false,
        "canAccessToSSHKeys": false,
        "canCreateServices": false,
        "canDeleteProjects": false,
        "canDeleteServices": false,
        "canAccessToDocker": false,
        "canAccessToAPI": false,
        "canAccessToGitProviders": false,
        "canAccessToTraefikFiles": false,
        "canDeleteEnvironments": false,
        "canCreateEnvironments": false,
        "accessedProjects": [],
        "accessedEnvironments": [],
        "accessedServices": [],
        "accessedGitProviders": [],
        "accessedServers": [],
    }))
}

/// The full `user` row (as in user.all / user.one).
pub fn user_row(id: &str, first: &str, last: &str, email: &str, created_at: &str) -> Row {
    obj(json!({
        "id": id,
        "firstName": first,
        "lastName": last,
        "isRegistered": true,
        "expirationDate": created_at,
        "createdAt2": created_at,
        "createdAt": created_at,
        "twoFactorEnabled": false,
        "email": email,
        "emailVerified": true,
        "image": null,
        "banned": false,
        "banReason": null,
        "banExpires": null,
        "updatedAt": created_at,
        "role": "user",
        "enablePaidFeatures": false,
        "allowImpersonation": false,
        "enableEnterpriseFeatures": false,
        "licenseKey": null,
        "isValidEnterpriseLicense": false,
        "stripeCustomerId": null,
        "stripeSubscriptionId": null,
        "serversQuantity": 0,
        "sendInvoiceNotifications": false,
        "isEnterpriseCloud": false,
        "trustedOrigins": null,
        "bookmarkedTemplates": [],
    }))
}

/// The trimmed user of `user.get` (with the key list).
pub fn user_brief(user: &Row, api_keys: Vec<Value>) -> Row {
    let mut out = Row::new();
    for k in [
        "id",
        "firstName",
        "lastName",
        "email",
        "image",
        "allowImpersonation",
        "twoFactorEnabled",
        "stripeCustomerId",
        "stripeSubscriptionId",
        "serversQuantity",
        "isEnterpriseCloud",
        "sendInvoiceNotifications",
    ] {
        out.insert(k.into(), user.get(k).cloned().unwrap_or(Value::Null));
    }
    out.insert("apiKeys".into(), Value::Array(api_keys));
    out
}

/// An API key row as `user.createApiKey` answers it.
#[allow(clippy::too_many_arguments)]
pub fn api_key_row(
    id: &str,
    name: &str,
    key: &str,
    user_id: &str,
    prefix: Value,
    rate_limit_enabled: bool,
    rate_limit_window: i64,
    rate_limit_max: i64,
    expires_at: Value,
    metadata: Value,
    created_at: &str,
) -> Row {
    let start: String = key.chars().take(6).collect();
    obj(json!({
        "configId": "default",
        "name": name,
        "start": start,
        "referenceId": user_id,
        "prefix": prefix,
        "key": key,
        "refillInterval": null,
        "refillAmount": null,
        "lastRefillAt": null,
        "enabled": true,
        "rateLimitEnabled": rate_limit_enabled,
        "rateLimitTimeWindow": rate_limit_window,
        "rateLimitMax": rate_limit_max,
        "requestCount": 0,
        "remaining": null,
        "lastRequest": null,
        "expiresAt": expires_at,
        "createdAt": created_at,
        "updatedAt": created_at,
        "permissions": null,
        "metadata": metadata,
        "id": id,
    }))
}

/// A key as listed in `user.get` (`user.apiKeys[]`).
pub fn api_key_summary(row: &Row) -> Value {
    let mut out = Row::new();
    for k in ["id", "name", "prefix", "enabled", "expiresAt", "createdAt"] {
        out.insert(k.into(), row.get(k).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// `user.getPermissions`: what the caller may do, as Dokploy's access-control statements.
pub fn permissions(owner_like: bool, member: &Row) -> Value {
    let flag = |k: &str| owner_like || member.get(k).and_then(Value::as_bool).unwrap_or(false);
    let all = owner_like;
    json!({
        "organization": {"update": all, "delete": all},
        "member": {"read": all, "create": all, "update": all, "delete": all},
        "invitation": {"create": all, "cancel": all},
        "team": {"create": all, "update": all, "delete": all},
        "ac": {"create": all, "read": all, "update": all, "delete": all},
        "project": {"create": flag("canCreateProjects"), "delete": flag("canDeleteProjects")},
        "service": {"create": flag("canCreateServices"), "read": true, "delete": flag("canDeleteServices")},
        "environment": {"create": flag("canCreateEnvironments"), "read": true, "delete": flag("canDeleteEnvironments")},
        "docker": {"read": flag("canAccessToDocker")},
        "sshKeys": {"read": flag("canAccessToSSHKeys"), "create": flag("canAccessToSSHKeys"), "delete": flag("canAccessToSSHKeys")},
        "gitProviders": {"read": flag("canAccessToGitProviders"), "create": flag("canAccessToGitProviders"), "delete": flag("canAccessToGitProviders")},
        "traefikFiles": {"read": flag("canAccessToTraefikFiles"), "write": flag("canAccessToTraefikFiles")},
        "api": {"read": flag("canAccessToAPI")},
        "volume": {"read": true, "create": flag("canCreateServices"), "delete": flag("canDeleteServices")},
        "deployment": {"read": true, "create": true, "cancel": true},
        "envVars": {"read": true, "write": true},
        "projectEnvVars": {"read": true, "write": all},
        "environmentEnvVars": {"read": true, "write": all},
        "server": {"read": all, "create": all, "delete": all},
        "registry": {"read": all, "create": all, "delete": all},
        "certificate": {"read": all, "create": all, "update": all, "delete": all},
        "backup": {"read": true, "create": all, "update": all, "delete": all, "restore": all},
        "volumeBackup": {"read": true, "create": all, "update": all, "delete": all, "restore": all},
        "schedule": {"read": true, "create": all, "update": all, "delete": all},
        "domain": {"read": true, "create": true, "delete": true},
        "destination": {"read": all, "create": all, "delete": all},
        "notification": {"read": all, "create": all, "update": all, "delete": all},
        "tag": {"read": true, "create": all, "update": all, "delete": all},
        "logs": {"read": true},
        "monitoring": {"read": true},
        "auditLog": {"read": all},
        "vaultProvider": {"read": all, "create": all, "update": all, "delete": all},
        "dnsProvider": {"read": all, "create": all, "update": all, "delete": all},
    })
}

/// A backup destination (an S3 bucket), with its keys (`destination.one` / `.all` answer them).
#[allow(clippy::too_many_arguments)]
pub fn destination_row(
    id: &str,
    name: &str,
    provider: Value,
    access_key: &str,
    secret_access_key: &str,
    bucket: &str,
    region: &str,
    endpoint: &str,
    additional_flags: Value,
    organization_id: &str,
    created_at: &str,
) -> Row {
    obj(json!({
        "destinationId": id,
        "name": name,
        "provider": provider,
        "accessKey": access_key,
        "secretAccessKey": secret_access_key,
        "bucket": bucket,
        "region": region,
        "endpoint": endpoint,
        "additionalFlags": additional_flags,
        "organizationId": organization_id,
        "createdAt": created_at,
    }))
}

/// A destination as relations nest it (`backup.one`, `K.one`'s backups): without its keys.
pub fn destination_public(row: &Row) -> Value {
    let mut out = row.clone();
    out.remove("accessKey");
    out.remove("secretAccessKey");
    Value::Object(out)
}

/// A scheduled database (or compose service) backup, every column at its default.
pub fn backup_row(id: &str, app_name: &str) -> Row {
    obj(json!({
        "backupId": id,
        "appName": app_name,
        "schedule": "",
        "enabled": null,
        "database": "",
        "prefix": "",
        "serviceName": null,
        "destinationId": "",
        "keepLatestCount": null,
        "includeEncryptionKey": true,
        "backupType": "database",
        "databaseType": "postgres",
        "composeId": null,
        "postgresId": null,
        "mariadbId": null,
        "mysqlId": null,
        "mongoId": null,
        "libsqlId": null,
        "userId": null,
        "metadata": null,
    }))
}

/// A scheduled command (the `schedule` table), every column at its default.
pub fn schedule_row(id: &str, app_name: &str, created_at: &str) -> Row {
    obj(json!({
        "scheduleId": id,
        "name": "",
        "description": null,
        "cronExpression": "",
        "appName": app_name,
        "serviceName": null,
        "shellType": "bash",
        "scheduleType": "application",
        "command": "",
        "script": null,
        "applicationId": null,
        "composeId": null,
        "serverId": null,
        "organizationId": null,
        "enabled": true,
        "timezone": null,
        "createdAt": created_at,
    }))
}

/// A scheduled volume backup (the `volume_backup` table), every column at its default.
pub fn volume_backup_row(id: &str, app_name: &str, created_at: &str) -> Row {
    obj(json!({
        "volumeBackupId": id,
        "name": "",
        "volumeName": "",
        "prefix": "",
        "serviceType": "application",
        "appName": app_name,
        "serviceName": null,
        "turnOff": false,
        "cronExpression": "",
        "keepLatestCount": null,
        "enabled": null,
        "applicationId": null,
        "postgresId": null,
        "mariadbId": null,
        "mongoId": null,
        "mysqlId": null,
        "redisId": null,
        "libsqlId": null,
        "composeId": null,
        "createdAt": created_at,
        "destinationId": "",
    }))
}

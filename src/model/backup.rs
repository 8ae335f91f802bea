//! Keeping data safe: S3 destinations, database backups, schedules (cron jobs) and volume
//! backups, and the run history Dokploy keeps of them.
//!
//! Eras: v0.18.4 has destinations and backups (no run history); v0.22 adds schedules and records
//! every backup and schedule run as a deployment row; v0.24 adds volume backups; v0.30 adds
//! `overview.backups` (see [`DokployVersion`](super::DokployVersion)'s `has_*`). Read only:
//! Skiff sends these through the bodies in `api::backups`, so they derive no `Serialize`.

use super::de::object;
use super::deployment::Deployment;

/// An S3-compatible destination (`destination.all`, `destination.one`, `destination.create`).
/// `destination.all` and `.one` carry the keys in clear; Skiff shows them masked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Destination {
    pub destination_id: String,
    pub name: String,
    /// `AWS`, `Cloudflare`, `Minio`, … (v0.22+; older destinations are plain S3).
    pub provider: Option<String>,
    pub access_key: Option<String>,
    pub secret_access_key: Option<String>,
    pub bucket: String,
    pub region: String,
    pub endpoint: String,
    /// Extra rclone flags (v0.29+).
    pub additional_flags: Option<Vec<String>>,
    pub created_at: Option<String>,
}

object!(Destination, "a destination", {
    "destinationId" => destination_id: plain,
    "name" => name: nullable,
    "provider" => provider: plain,
    "accessKey" => access_key: plain,
    "secretAccessKey" => secret_access_key: plain,
    "bucket" => bucket: nullable,
    "region" => region: nullable,
    "endpoint" => endpoint: nullable,
    "additionalFlags" => additional_flags: plain,
    "createdAt" => created_at: plain,
});

/// A database backup schedule (`backup.one`, `<database>.one().backups`, `compose.one().backups`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    pub backup_id: String,
    /// The cron expression.
    pub schedule: String,
    pub enabled: Option<bool>,
    /// The database name inside the service.
    pub database: Option<String>,
    pub prefix: String,
    /// The compose service holding the database (compose backups).
    pub service_name: Option<String>,
    pub destination_id: Option<String>,
    pub keep_latest_count: Option<u32>,
    /// `database` or `compose` (v0.22+).
    pub backup_type: Option<String>,
    /// `postgres`, `mysql`, `mariadb`, `mongo`, `libsql`, `web-server`.
    pub database_type: Option<String>,
    pub compose_id: Option<String>,
    pub postgres_id: Option<String>,
    pub mysql_id: Option<String>,
    pub mariadb_id: Option<String>,
    pub mongo_id: Option<String>,
    pub libsql_id: Option<String>,
    /// Compose backups: `{"postgres": {"databaseUser": "…"}}` and the like.
    pub metadata: Option<serde_json::Value>,
    pub destination: Option<Destination>,
    /// Its runs, where the instance records them (v0.22+).
    pub deployments: Option<Vec<Deployment>>,
}

object!(Backup, "a backup", {
    "backupId" => backup_id: plain,
    "schedule" => schedule: nullable,
    "enabled" => enabled: plain,
    "database" => database: plain,
    "prefix" => prefix: nullable,
    "serviceName" => service_name: plain,
    "destinationId" => destination_id: plain,
    "keepLatestCount" => keep_latest_count: plain,
    "backupType" => backup_type: plain,
    "databaseType" => database_type: plain,
    "composeId" => compose_id: plain,
    "postgresId" => postgres_id: plain,
    "mysqlId" => mysql_id: plain,
    "mariadbId" => mariadb_id: plain,
    "mongoId" => mongo_id: plain,
    "libsqlId" => libsql_id: plain,
    "metadata" => metadata: plain,
    "destination" => destination: plain,
    "deployments" => deployments: plain,
});

/// A cron job on an application, a compose service or the server (`schedule.list`, `.one`,
/// `.create`; v0.22+).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    pub schedule_id: String,
    pub name: String,
    pub description: Option<String>,
    pub cron_expression: String,
    pub app_name: Option<String>,
    /// The compose service the command runs in.
    pub service_name: Option<String>,
    /// `bash` or `sh`.
    pub shell_type: Option<String>,
    /// `application`, `compose`, `server`, `dokploy-server`.
    pub schedule_type: Option<String>,
    pub command: String,
    pub script: Option<String>,
    pub application_id: Option<String>,
    pub compose_id: Option<String>,
    pub enabled: Option<bool>,
    /// An IANA zone (`UTC`, `Europe/Berlin`); absent before v0.24.
    pub timezone: Option<String>,
    pub created_at: Option<String>,
    /// Its runs (`schedule.list` carries them).
    pub deployments: Option<Vec<Deployment>>,
}

object!(Schedule, "a schedule", {
    "scheduleId" => schedule_id: plain,
    "name" => name: nullable,
    "description" => description: plain,
    "cronExpression" => cron_expression: nullable,
    "appName" => app_name: plain,
    "serviceName" => service_name: plain,
    "shellType" => shell_type: plain,
    "scheduleType" => schedule_type: plain,
    "command" => command: nullable,
    "script" => script: plain,
    "applicationId" => application_id: plain,
    "composeId" => compose_id: plain,
    "enabled" => enabled: plain,
    "timezone" => timezone: plain,
    "createdAt" => created_at: plain,
    "deployments" => deployments: plain,
});

/// A volume backup (`volumeBackups.list`, `.one`, `.create`; v0.24+).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeBackup {
    pub volume_backup_id: String,
    pub name: String,
    pub volume_name: String,
    pub prefix: String,
    /// The kind of service owning the volume (`application`, `compose`, `postgres`, …).
    pub service_type: Option<String>,
    pub app_name: Option<String>,
    pub service_name: Option<String>,
    /// Stop the service while the volume is copied.
    pub turn_off: Option<bool>,
    pub cron_expression: String,
    pub keep_latest_count: Option<u32>,
    pub enabled: Option<bool>,
    pub destination_id: Option<String>,
    pub created_at: Option<String>,
    pub destination: Option<Destination>,
    pub deployments: Option<Vec<Deployment>>,
}

object!(VolumeBackup, "a volume backup", {
    "volumeBackupId" => volume_backup_id: plain,
    "name" => name: nullable,
    "volumeName" => volume_name: nullable,
    "prefix" => prefix: nullable,
    "serviceType" => service_type: plain,
    "appName" => app_name: plain,
    "serviceName" => service_name: plain,
    "turnOff" => turn_off: plain,
    "cronExpression" => cron_expression: nullable,
    "keepLatestCount" => keep_latest_count: plain,
    "enabled" => enabled: plain,
    "destinationId" => destination_id: plain,
    "createdAt" => created_at: plain,
    "destination" => destination: plain,
    "deployments" => deployments: plain,
});

/// A file in a destination (`backup.listBackupFiles`: rclone's `lsjson`, v0.20.5+).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    pub size: i64,
    pub is_dir: bool,
    pub mod_time: Option<String>,
}

object!(BackupFile, "a backup file", {
    "Path" => path: nullable,
    "Name" => name: nullable,
    "Size" => size: nullable,
    "IsDir" => is_dir: nullable,
    "ModTime" => mod_time: plain,
});

/// `schedule.runManually`'s answer (v0.26+; older instances answer `true` or nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleRun {
    /// `success` or `error`.
    pub status: Option<String>,
    pub deployment_id: Option<String>,
}

object!(ScheduleRun, "a schedule run", {
    "status" => status: plain,
    "deploymentId" => deployment_id: plain,
});

/// One run in `overview.backups` (v0.30+): the newest runs of every backup and volume backup.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupRun {
    pub deployment_id: String,
    /// `backup` or `volumeBackup`.
    pub kind: Option<String>,
    pub status: Option<super::DeploymentStatus>,
    pub created_at: Option<String>,
    pub destination_id: Option<String>,
    pub destination_name: Option<String>,
    pub database_type: Option<String>,
    pub service_type: Option<String>,
    pub backup_type: Option<String>,
    pub service_name: Option<String>,
    pub service_owner_id: Option<String>,
    /// `postgres`, …, `compose`, `application`.
    pub service_owner_type: Option<String>,
    pub project_id: Option<String>,
    pub environment_id: Option<String>,
}

object!(BackupRun, "a backup run", {
    "deploymentId" => deployment_id: plain,
    "kind" => kind: plain,
    "status" => status: plain,
    "createdAt" => created_at: plain,
    "destinationId" => destination_id: plain,
    "destinationName" => destination_name: plain,
    "databaseType" => database_type: plain,
    "serviceType" => service_type: plain,
    "backupType" => backup_type: plain,
    "serviceName" => service_name: plain,
    "serviceOwnerId" => service_owner_id: plain,
    "serviceOwnerType" => service_owner_type: plain,
    "projectId" => project_id: plain,
    "environmentId" => environment_id: plain,
});

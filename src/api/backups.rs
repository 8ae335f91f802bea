//! `destination.*`, `backup.*`, `schedule.*`, `volumeBackups.*` and `overview.backups`: keeping
//! data safe. Which of them an instance has: [`DokployVersion`](crate::model::DokployVersion)'s
//! `has_schedules`, `has_volume_backups`, `has_backup_files`, `has_backup_overview`.
//!
//! Bodies carry every field the newest Dokploy requires; older ones drop the fields they do not
//! know (zod strips unknown keys), so one body serves every era.

use serde::Serialize;
use serde_json::Value;

use super::{id_body, ApiError, Client};
use crate::model::{
    Backup, BackupFile, BackupRun, Deployment, Destination, Schedule, ScheduleRun, ServiceKind,
    VolumeBackup,
};

/// Body of `destination.create` / `.update` / `.testConnection` (`destination_id` for update).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_id: Option<String>,
    pub name: String,
    pub provider: String,
    pub access_key: String,
    pub secret_access_key: String,
    pub bucket: String,
    pub region: String,
    pub endpoint: String,
    /// Required by v0.29+ (may be empty); older servers ignore it.
    pub additional_flags: Vec<String>,
}

/// Body of `backup.create` (no `backup_id`) and `backup.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_id: Option<String>,
    pub schedule: String,
    pub enabled: bool,
    pub prefix: String,
    pub destination_id: String,
    pub keep_latest_count: Option<u32>,
    pub database: String,
    /// `postgres`, `mysql`, `mariadb`, `mongo`, `libsql`.
    pub database_type: String,
    /// The compose service holding the database (compose backups), else null.
    pub service_name: Option<String>,
    /// Compose backups: the database user (`{"postgres": {"databaseUser": "…"}}`), else null.
    pub metadata: Option<Value>,
    /// Create only: `database` or `compose`, and the owner's id field (`{"postgresId": …}`,
    /// [`id_body`](super::id_body)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_type: Option<String>,
    #[serde(flatten)]
    pub owner: Option<Value>,
}

/// Body of `schedule.create` / `.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_id: Option<String>,
    pub name: String,
    pub cron_expression: String,
    pub command: String,
    /// `bash` or `sh`.
    pub shell_type: String,
    /// `application` or `compose`.
    pub schedule_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    pub enabled: bool,
    pub timezone: String,
}

/// Body of `volumeBackups.create` / `.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeBackupInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_backup_id: Option<String>,
    pub name: String,
    pub volume_name: String,
    pub prefix: String,
    /// The owner's kind (`application`, `compose`, `postgres`, …).
    pub service_type: String,
    /// The owner's app name (Dokploy names the copy after it).
    pub app_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    pub turn_off: bool,
    pub cron_expression: String,
    pub keep_latest_count: Option<u32>,
    pub enabled: bool,
    pub destination_id: String,
    /// The owner's id field (`{"applicationId": …}`, [`id_body`](super::id_body)).
    #[serde(flatten)]
    pub owner: Option<Value>,
}

/// What `deployment.allByType` lists runs of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunsOf {
    Backup,
    Schedule,
    VolumeBackup,
}

impl RunsOf {
    fn wire(self) -> &'static str {
        match self {
            RunsOf::Backup => "backup",
            RunsOf::Schedule => "schedule",
            RunsOf::VolumeBackup => "volumeBackup",
        }
    }
}

/// `backup.manualBackup<Kind>` for a database kind (`None` for redis, which has no backups).
pub fn manual_backup_procedure(kind: ServiceKind) -> Option<&'static str> {
    Some(match kind {
        ServiceKind::Postgres => "backup.manualBackupPostgres",
        ServiceKind::Mysql => "backup.manualBackupMySql",
        ServiceKind::Mariadb => "backup.manualBackupMariadb",
        ServiceKind::Mongo => "backup.manualBackupMongo",
        ServiceKind::Libsql => "backup.manualBackupLibsql",
        ServiceKind::Compose => "backup.manualBackupCompose",
        _ => return None,
    })
}

impl Client {
    /// `GET destination.all`.
    pub async fn destination_all(&self) -> Result<Vec<Destination>, ApiError> {
        self.get("destination.all", &[]).await
    }

    /// `POST destination.create`: answers the new destination.
    pub async fn destination_create(&self, d: &DestinationInput) -> Result<Destination, ApiError> {
        self.post("destination.create", d).await
    }

    /// `POST destination.update`.
    pub async fn destination_update(&self, d: &DestinationInput) -> Result<(), ApiError> {
        self.post_void("destination.update", d).await
    }

    /// `POST destination.remove`.
    pub async fn destination_remove(&self, id: &str) -> Result<(), ApiError> {
        self.post_void("destination.remove", &id_body("destinationId", id))
            .await
    }

    /// `POST destination.testConnection`: Ok when Dokploy reached the bucket; its error says
    /// why not.
    pub async fn destination_test(&self, d: &DestinationInput) -> Result<(), ApiError> {
        self.post_void("destination.testConnection", d).await
    }

    /// `GET backup.one?backupId=`.
    pub async fn backup_one(&self, id: &str) -> Result<Backup, ApiError> {
        self.get("backup.one", &[("backupId", id.to_string())])
            .await
    }

    /// `POST backup.create` (answers an empty body).
    pub async fn backup_create(&self, b: &BackupInput) -> Result<(), ApiError> {
        self.post_void("backup.create", b).await
    }

    /// `POST backup.update` (answers an empty body).
    pub async fn backup_update(&self, b: &BackupInput) -> Result<(), ApiError> {
        self.post_void("backup.update", b).await
    }

    /// `POST backup.remove`.
    pub async fn backup_remove(&self, id: &str) -> Result<(), ApiError> {
        self.post_void("backup.remove", &id_body("backupId", id))
            .await
    }

    /// `POST backup.manualBackup<Kind>`: Dokploy answers when the backup has finished (or
    /// failed); meanwhile v0.22+ shows the run in `deployment.allByType`.
    pub async fn backup_run(&self, kind: ServiceKind, id: &str) -> Result<(), ApiError> {
        let Some(procedure) = manual_backup_procedure(kind) else {
            return Err(ApiError::NotFound {
                message: format!("{} databases have no backups", kind.label()),
            });
        };
        self.post_void(procedure, &id_body("backupId", id)).await
    }

    /// `GET backup.listBackupFiles?destinationId=&search=` (v0.20.5+): at most 100 files whose
    /// path starts with `search` up to its last `/` and contains the rest.
    pub async fn backup_files(
        &self,
        destination_id: &str,
        search: &str,
    ) -> Result<Vec<BackupFile>, ApiError> {
        self.get(
            "backup.listBackupFiles",
            &[
                ("destinationId", destination_id.to_string()),
                ("search", search.to_string()),
            ],
        )
        .await
    }

    /// `GET schedule.list?id=&scheduleType=` (v0.22+): with each schedule's runs.
    pub async fn schedule_list(
        &self,
        kind: ServiceKind,
        id: &str,
    ) -> Result<Vec<Schedule>, ApiError> {
        self.get(
            "schedule.list",
            &[
                ("id", id.to_string()),
                ("scheduleType", kind.router().to_string()),
            ],
        )
        .await
    }

    /// `POST schedule.create`.
    pub async fn schedule_create(&self, s: &ScheduleInput) -> Result<(), ApiError> {
        self.post_void("schedule.create", s).await
    }

    /// `POST schedule.update`.
    pub async fn schedule_update(&self, s: &ScheduleInput) -> Result<(), ApiError> {
        self.post_void("schedule.update", s).await
    }

    /// `POST schedule.delete`.
    pub async fn schedule_delete(&self, id: &str) -> Result<(), ApiError> {
        self.post_void("schedule.delete", &id_body("scheduleId", id))
            .await
    }

    /// `POST schedule.runManually`: v0.26+ answers `{status, deploymentId}` once the command
    /// has run; older servers answer nothing.
    pub async fn schedule_run(&self, id: &str) -> Result<ScheduleRun, ApiError> {
        let text = self
            .post_text("schedule.runManually", &id_body("scheduleId", id))
            .await?;
        if text.trim().is_empty() || text.trim() == "null" || text.trim() == "true" {
            return Ok(ScheduleRun::default());
        }
        self.decode("schedule.runManually", &text)
    }

    /// `GET volumeBackups.list?id=&volumeBackupType=` (v0.24+).
    pub async fn volume_backup_list(
        &self,
        kind: ServiceKind,
        id: &str,
    ) -> Result<Vec<VolumeBackup>, ApiError> {
        self.get(
            "volumeBackups.list",
            &[
                ("id", id.to_string()),
                ("volumeBackupType", kind.router().to_string()),
            ],
        )
        .await
    }

    /// `POST volumeBackups.create`.
    pub async fn volume_backup_create(&self, v: &VolumeBackupInput) -> Result<(), ApiError> {
        self.post_void("volumeBackups.create", v).await
    }

    /// `POST volumeBackups.update`.
    pub async fn volume_backup_update(&self, v: &VolumeBackupInput) -> Result<(), ApiError> {
        self.post_void("volumeBackups.update", v).await
    }

    /// `POST volumeBackups.delete`.
    pub async fn volume_backup_delete(&self, id: &str) -> Result<(), ApiError> {
        self.post_void("volumeBackups.delete", &id_body("volumeBackupId", id))
            .await
    }

    /// `POST volumeBackups.runManually`.
    pub async fn volume_backup_run(&self, id: &str) -> Result<(), ApiError> {
        self.post_void("volumeBackups.runManually", &id_body("volumeBackupId", id))
            .await
    }

    /// `GET deployment.allByType?id=&type=backup|schedule|volumeBackup` (v0.22+): runs,
    /// newest first.
    pub async fn runs_of(&self, of: RunsOf, id: &str) -> Result<Vec<Deployment>, ApiError> {
        self.get(
            "deployment.allByType",
            &[("id", id.to_string()), ("type", of.wire().to_string())],
        )
        .await
    }

    /// `GET overview.backups` (v0.30+): the newest runs of every backup and volume backup.
    pub async fn overview_backups(&self) -> Result<Vec<BackupRun>, ApiError> {
        self.get("overview.backups", &[]).await
    }
}

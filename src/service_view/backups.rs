//! Backups, schedules and volume backups as plain data: the forms and their checks (before
//! sending), cron in words and the next run, where a backup's files live, secrets masked in
//! Dokploy's logs and errors, and the health of every database's backups. Host-tested.

use serde_json::json;

use crate::api::{BackupInput, DestinationInput, ScheduleInput, VolumeBackupInput};
use crate::cron::{describe_in_zone, zone_label, Cron, Preset};
use crate::model::{
    Backup, Deployment, DeploymentStatus, Destination, DokployVersion, Schedule, ServiceKind,
    VolumeBackup,
};
use crate::service_view::time::parse_iso;

/// A field's problem: (the field's `data-test` / id suffix, the message).
pub type FieldError = (&'static str, String);

/// The S3 providers Dokploy offers (rclone's names), the common ones first; `Other` for any
/// S3-compatible store.
pub const PROVIDERS: &[(&str, &str)] = &[
    ("AWS", "Amazon S3"),
    ("Cloudflare", "Cloudflare R2"),
    ("DigitalOcean", "DigitalOcean Spaces"),
    ("Minio", "MinIO"),
    ("Wasabi", "Wasabi"),
    ("GCS", "Google Cloud Storage"),
    ("Scaleway", "Scaleway"),
    ("Linode", "Linode (Akamai)"),
    ("IDrive", "IDrive e2"),
    ("Storj", "Storj"),
    ("Synology", "Synology C2"),
    ("Ceph", "Ceph"),
    ("Other", "Other S3-compatible"),
];

/// The database kinds a backup can be of, as Dokploy names them.
pub const DATABASE_TYPES: &[&str] = &["postgres", "mysql", "mariadb", "mongo"];

fn required(errors: &mut Vec<FieldError>, field: &'static str, value: &str, what: &str) {
    if value.trim().is_empty() {
        errors.push((field, format!("Enter {what}.")));
    }
}

/// The cron field checked: its description with the zone (`every day at 03:00 (UTC)`), or what
/// is wrong with it.
pub fn cron_words(text: &str, zone: Option<&str>) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("Enter when to run, e.g. 0 3 * * * for every day at 03:00.".into());
    }
    describe_in_zone(text, zone).map_err(|e| e.to_string())
}

/// When a cron expression runs next after `now_ms`, in ms (UTC expressions only; `None` for a
/// bad expression or a zone other than UTC, whose offset Skiff does not know).
pub fn next_run(text: &str, zone: Option<&str>, now_ms: i64) -> Option<i64> {
    next_of(&Cron::parse(text).ok()?, zone, now_ms)
}

fn next_of(cron: &Cron, zone: Option<&str>, now_ms: i64) -> Option<i64> {
    if !matches!(zone_label(zone), "UTC" | "Etc/UTC" | "GMT") {
        return None;
    }
    cron.next_after(now_ms.div_euclid(1000)).map(|s| s * 1000)
}

/// `every day at 03:00 (UTC) · next in 5 h (03:00 UTC)`: a schedule in words with its next run
/// (UTC schedules only), or the expression marked as not valid.
pub fn when_line(expr: &str, zone: Option<&str>, now_ms: i64) -> String {
    let Ok(cron) = Cron::parse(expr) else {
        return format!("{expr} (not a valid schedule)");
    };
    let words = format!("{} ({})", cron.describe(), zone_label(zone));
    match next_of(&cron, zone, now_ms) {
        Some(t) => format!("{words} · next {}", next_label(now_ms, t)),
        None => words,
    }
}

/// The cron form's presets: how often, and at what time and weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    Hour,
    Day,
    Week,
    /// Free text.
    Custom,
}

pub use crate::cron::WEEKDAYS;

/// Which preset an expression is ([`Preset::of`], by meaning: `@daily` is every day at 00:00),
/// with its time (`HH:MM`) and weekday (0-6): `30 2 * * *` is (Day, "02:30", 0); anything else,
/// a monthly one included, is Custom.
pub fn preset_of(expr: &str) -> (Every, String, u8) {
    let time = |h: u8, m: u8| format!("{h:02}:{m:02}");
    match Cron::parse(expr).ok().as_ref().and_then(Preset::of) {
        Some(Preset::Hourly { minute }) => (Every::Hour, time(0, minute), 0),
        Some(Preset::Daily { hour, minute }) => (Every::Day, time(hour, minute), 0),
        Some(Preset::Weekly {
            weekday,
            hour,
            minute,
        }) => (Every::Week, time(hour, minute), weekday),
        Some(Preset::Monthly { .. }) | None => (Every::Custom, time(3, 0), 0),
    }
}

/// The expression of a preset ([`Preset::to_expr`]; `time` is `HH:MM`, an hourly one uses its
/// minutes).
pub fn preset_expr(every: Every, time: &str, weekday: u8) -> Option<String> {
    let (h, m) = time.split_once(':')?;
    let (hour, minute): (u8, u8) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    if hour > 23 || minute > 59 {
        return None;
    }
    let preset = match every {
        Every::Hour => Preset::Hourly { minute },
        Every::Day => Preset::Daily { hour, minute },
        Every::Week => Preset::Weekly {
            weekday: weekday % 7,
            hour,
            minute,
        },
        Every::Custom => return None,
    };
    Some(preset.to_expr())
}

/// `in 5 h (03:00 UTC)`: when a run at `t` comes, from `now` (both ms).
pub fn next_label(now: i64, t: i64) -> String {
    let min = (t - now).max(0) / 60_000;
    let when = match min {
        0 => "in under a minute".to_string(),
        1..=59 => format!("in {min} min"),
        60..=2879 => format!("in {} h", (min + 30) / 60),
        _ => format!("in {} days", (min + 720) / 1440),
    };
    let day_min = t.div_euclid(60_000).rem_euclid(1440);
    format!("{when} ({:02}:{:02} UTC)", day_min / 60, day_min % 60)
}

/// `12 MB`, `1.5 KB` for a byte count (decimal units; one decimal under 10). Integers only:
/// float formatting would add kilobytes to the build.
pub fn size_label(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let bytes = bytes.max(0) as u64;
    let mut div = 1u64;
    let mut unit = 0;
    while bytes / div >= 1000 && unit < UNITS.len() - 1 {
        div *= 1000;
        unit += 1;
    }
    let tenths = (bytes * 10 + div / 2) / div;
    match unit {
        0 => format!("{bytes} B"),
        _ if tenths < 100 => format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit]),
        _ => format!("{} {}", (bytes + div / 2) / div, UNITS[unit]),
    }
}

/// When a backup file was made, from its name: `2026-12-02T17-37-23-399Z.sql.gz` (v0.28+) or
/// `2026-12-02T17:37:23.399Z.sql.gz` (before).
pub fn file_date(name: &str) -> Option<i64> {
    let iso = format!(
        "{}:{}:{}.{}",
        name.get(..13)?,
        name.get(14..16)?,
        name.get(17..19)?,
        name.get(20..24)?
    );
    parse_iso(&iso)
}

/// `prefix` as Dokploy stores it: trimmed, no leading or trailing `/`, then one `/` unless empty.
pub fn normalize_prefix(prefix: &str) -> String {
    let p = prefix.trim().trim_matches('/');
    if p.is_empty() {
        String::new()
    } else {
        format!("{p}/")
    }
}

/// The folder of the destination holding a backup's files, for `backup.listBackupFiles`'s
/// `search`: v0.28.5+ puts them under the database's app name (a compose backup's
/// `<app>_<service>`), older versions directly under the prefix.
pub fn files_folder(version: &DokployVersion, owner_app: &str, b: &Backup) -> String {
    let prefix = normalize_prefix(&b.prefix);
    if !version.at_least(0, 28, 5) {
        return prefix;
    }
    let app = match b.service_name.as_deref().filter(|s| !s.is_empty()) {
        Some(s) if b.compose_id.is_some() => format!("{owner_app}_{s}"),
        _ => owner_app.to_string(),
    };
    format!("{app}/{prefix}")
}

/// `text` with the secrets Dokploy writes into backup commands, logs and errors hidden: rclone's
/// S3 keys, and passwords passed as flags or environment variables.
pub fn mask_secrets(text: &str) -> String {
    const MARKS: [&str; 8] = [
        "--s3-access-key-id=",
        "--s3-secret-access-key=",
        "PGPASSWORD=",
        "MYSQL_PWD=",
        "MARIADB_PWD=",
        "DB_PASSWORD=",
        "--password=",
        "AWS_SECRET_ACCESS_KEY=",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for mark in MARKS {
            if rest.starts_with(mark) {
                out.push_str(mark);
                out.push_str("••••");
                let value = &rest[mark.len()..];
                let end = secret_end(value);
                rest = &value[end..];
                continue 'outer;
            }
        }
        // `-p'secret'` / `-p"secret"` / `--password 'secret'` as mysqldump and mongodump get them.
        for (mark, quote) in [
            ("-p'", '\''),
            ("-p\"", '"'),
            ("--password '", '\''),
            ("--password \"", '"'),
        ] {
            let before_ok = out.is_empty() || out.ends_with([' ', '\t', '\n']);
            if before_ok && rest.starts_with(mark) {
                out.push_str(mark);
                out.push_str("••••");
                let value = &rest[mark.len()..];
                let end = value.find(quote).unwrap_or(value.len());
                rest = &value[end..];
                continue 'outer;
            }
        }
        let ch = rest.chars().next().unwrap_or(' ');
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// A failure with the S3 keys and passwords Dokploy may echo (its rclone command) hidden.
pub fn masked(e: crate::api::ApiError) -> crate::api::ApiError {
    e.map_texts(|t| mask_secrets(&t))
}

/// What a failed `destination.testConnection` means, in plain words: Dokploy answers with the
/// rclone command it ran and rclone's complaint.
pub fn test_failure_words(e: &crate::api::ApiError) -> String {
    use crate::api::ApiError;
    let message = match e {
        ApiError::Invalid { message, .. }
        | ApiError::Http { message, .. }
        | ApiError::Server { message, .. } => mask_secrets(message),
        other => return format!("{} {}", other.title(), other.advice()),
    };
    let low = message.to_ascii_lowercase();
    let why = if low.contains("rclone: not found") {
        "rclone is not installed on the Dokploy server (Dokploy's image brings it; a custom install must add it)."
    } else if low.contains("accessdenied")
        || low.contains("access denied")
        || low.contains("signaturedoesnotmatch")
        || low.contains("invalidaccesskeyid")
    {
        "the access key or secret key is wrong, or lacks access to the bucket."
    } else if low.contains("nosuchbucket") || low.contains("bucket does not exist") {
        "the bucket does not exist (check its name and region)."
    } else if low.contains("no such host")
        || low.contains("connection refused")
        || low.contains("timeout")
        || low.contains("i/o timeout")
    {
        "the endpoint cannot be reached from the Dokploy server (check the URL and its firewall)."
    } else {
        ""
    };
    let last = message
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    if why.is_empty() {
        format!("Dokploy could not reach the bucket: {last}")
    } else {
        format!("Dokploy could not reach the bucket: {why} ({last})")
    }
}

/// Where a flag's value ends: at a space, a quote or the line's end (a quoted value to its quote).
fn secret_end(value: &str) -> usize {
    if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        return value[1..].find(q).map_or(value.len(), |i| i + 2);
    }
    value
        .find([' ', '\t', '\n', '"', '\''])
        .unwrap_or(value.len())
}

// ---------------------------------------------------------------- destinations

/// The destination form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DestinationForm {
    pub name: String,
    pub provider: String,
    pub access_key: String,
    pub secret_access_key: String,
    pub bucket: String,
    pub region: String,
    pub endpoint: String,
    /// Extra rclone flags, one a line.
    pub flags: String,
}

impl DestinationForm {
    /// A new destination: AWS, everything else empty.
    pub fn new() -> Self {
        DestinationForm {
            provider: "AWS".into(),
            ..Default::default()
        }
    }

    /// The form filled from a destination (its keys too: Dokploy needs them on every update).
    pub fn of(d: &Destination) -> Self {
        DestinationForm {
            name: d.name.clone(),
            provider: d.provider.clone().unwrap_or_else(|| "AWS".into()),
            access_key: d.access_key.clone().unwrap_or_default(),
            secret_access_key: d.secret_access_key.clone().unwrap_or_default(),
            bucket: d.bucket.clone(),
            region: d.region.clone(),
            endpoint: d.endpoint.clone(),
            flags: d.additional_flags.clone().unwrap_or_default().join("\n"),
        }
    }

    /// The request body, or each field's problem. `id` is set for an update.
    pub fn input(&self, id: Option<&str>) -> Result<DestinationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, "dest-name", &self.name, "a name");
        required(
            &mut errors,
            "dest-access-key",
            &self.access_key,
            "the access key",
        );
        required(
            &mut errors,
            "dest-secret-key",
            &self.secret_access_key,
            "the secret key",
        );
        required(&mut errors, "dest-bucket", &self.bucket, "the bucket");
        let endpoint = self.endpoint.trim();
        if endpoint.is_empty() {
            errors.push((
                "dest-endpoint",
                "Enter the endpoint, e.g. https://s3.eu-central-1.amazonaws.com.".into(),
            ));
        } else if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            errors.push((
                "dest-endpoint",
                "The endpoint is a URL starting with https:// (or http://).".into(),
            ));
        }
        let flags: Vec<String> = self
            .flags
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(bad) = flags.iter().find(|f| !f.starts_with("--")) {
            errors.push((
                "dest-flags",
                format!("\"{bad}\" is not an rclone flag: flags start with --."),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DestinationInput {
            destination_id: id.map(str::to_string),
            name: self.name.trim().into(),
            provider: self.provider.trim().into(),
            access_key: self.access_key.trim().into(),
            secret_access_key: self.secret_access_key.trim().into(),
            bucket: self.bucket.trim().into(),
            region: self.region.trim().into(),
            endpoint: endpoint.into(),
            additional_flags: flags,
        })
    }
}

/// A provider's name for people (`Cloudflare` → `Cloudflare R2`).
pub fn provider_label(key: &str) -> &str {
    PROVIDERS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, l)| l)
}

// ---------------------------------------------------------------- backups

/// The backup form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupForm {
    pub schedule: String,
    pub enabled: bool,
    pub prefix: String,
    pub destination_id: String,
    pub keep: String,
    pub database: String,
    /// Compose backups: the service holding the database, its kind and user.
    pub service_name: String,
    pub database_type: String,
    pub database_user: String,
}

impl BackupForm {
    /// A new backup of a database named `database`: daily at 03:00, keep 7.
    pub fn new(database: &str, database_type: &str, destination_id: &str) -> Self {
        BackupForm {
            schedule: "0 3 * * *".into(),
            enabled: true,
            prefix: String::new(),
            destination_id: destination_id.into(),
            keep: "7".into(),
            database: database.into(),
            service_name: String::new(),
            database_type: database_type.into(),
            database_user: String::new(),
        }
    }

    /// The form filled from a backup.
    pub fn of(b: &Backup) -> Self {
        let db_type = b.database_type.clone().unwrap_or_default();
        let user = b
            .metadata
            .as_ref()
            .and_then(|m| m.get(&db_type))
            .and_then(|m| m.get("databaseUser"))
            .and_then(|u| u.as_str())
            .unwrap_or_default()
            .to_string();
        BackupForm {
            schedule: b.schedule.clone(),
            enabled: b.enabled.unwrap_or(true),
            prefix: b.prefix.clone(),
            destination_id: b.destination_id.clone().unwrap_or_default(),
            keep: b
                .keep_latest_count
                .map(|k| k.to_string())
                .unwrap_or_default(),
            database: b.database.clone().unwrap_or_default(),
            service_name: b.service_name.clone().unwrap_or_default(),
            database_type: db_type,
            database_user: user,
        }
    }

    /// The body of `backup.create` (`existing` = None; the owner is `kind`/`owner_id`) or
    /// `backup.update`, or each field's problem.
    pub fn input(
        &self,
        kind: ServiceKind,
        owner_id: &str,
        existing: Option<&str>,
    ) -> Result<BackupInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Err(e) = cron_words(&self.schedule, None) {
            errors.push(("backup-cron", e));
        }
        required(
            &mut errors,
            "backup-prefix",
            &self.prefix,
            "a prefix (the folder in the bucket)",
        );
        if self.destination_id.is_empty() {
            errors.push((
                "backup-destination",
                "Choose where to store the backups (add a destination first).".into(),
            ));
        }
        let keep = parse_keep(&self.keep, "backup-keep", &mut errors);
        let compose = kind == ServiceKind::Compose;
        if kind != ServiceKind::Libsql {
            required(
                &mut errors,
                "backup-database",
                &self.database,
                "the database name",
            );
        }
        if compose {
            required(
                &mut errors,
                "backup-service",
                &self.service_name,
                "the compose service holding the database",
            );
            if !DATABASE_TYPES.contains(&self.database_type.as_str()) {
                errors.push(("backup-type", "Choose the kind of database.".into()));
            }
            if self.database_type != "mongo" || !self.database_user.trim().is_empty() {
                required(
                    &mut errors,
                    "backup-user",
                    &self.database_user,
                    "the database user",
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let db_type = if compose {
            self.database_type.clone()
        } else {
            kind.router().to_string()
        };
        let metadata = (compose && !self.database_user.trim().is_empty())
            .then(|| json!({ db_type.as_str(): { "databaseUser": self.database_user.trim() } }));
        let create = existing.is_none();
        Ok(BackupInput {
            backup_id: existing.map(str::to_string),
            schedule: self.schedule.trim().into(),
            enabled: self.enabled,
            prefix: self.prefix.trim().into(),
            destination_id: self.destination_id.clone(),
            keep_latest_count: keep,
            database: self.database.trim().into(),
            database_type: db_type,
            service_name: compose.then(|| self.service_name.trim().to_string()),
            metadata,
            backup_type: create.then(|| if compose { "compose" } else { "database" }.into()),
            owner: create.then(|| crate::api::id_body(kind.id_field(), owner_id)),
        })
    }
}

fn parse_keep(text: &str, field: &'static str, errors: &mut Vec<FieldError>) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<u32>() {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            errors.push((
                field,
                format!("\"{t}\" is not a count: enter a whole number from 1, or leave it empty to keep every backup."),
            ));
            None
        }
    }
}

// ---------------------------------------------------------------- schedules

/// The schedule form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleForm {
    pub name: String,
    pub cron: String,
    pub command: String,
    pub shell: String,
    pub enabled: bool,
    pub timezone: String,
    /// Compose schedules: the service the command runs in.
    pub service_name: String,
}

impl ScheduleForm {
    /// A new schedule: daily at 03:00 UTC, bash.
    pub fn new() -> Self {
        ScheduleForm {
            cron: "0 3 * * *".into(),
            shell: "bash".into(),
            enabled: true,
            timezone: "UTC".into(),
            ..Default::default()
        }
    }

    /// The form filled from a schedule.
    pub fn of(s: &Schedule) -> Self {
        ScheduleForm {
            name: s.name.clone(),
            cron: s.cron_expression.clone(),
            command: s.command.clone(),
            shell: s.shell_type.clone().unwrap_or_else(|| "bash".into()),
            enabled: s.enabled.unwrap_or(true),
            timezone: s.timezone.clone().unwrap_or_else(|| "UTC".into()),
            service_name: s.service_name.clone().unwrap_or_default(),
        }
    }

    /// The body of `schedule.create` / `.update` for a schedule on `kind` `owner_id`.
    pub fn input(
        &self,
        kind: ServiceKind,
        owner_id: &str,
        existing: Option<&str>,
    ) -> Result<ScheduleInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, "schedule-name", &self.name, "a name");
        if let Err(e) = cron_words(&self.cron, Some(&self.timezone)) {
            errors.push(("schedule-cron", e));
        }
        required(
            &mut errors,
            "schedule-command",
            &self.command,
            "the command to run",
        );
        let compose = kind == ServiceKind::Compose;
        if compose {
            required(
                &mut errors,
                "schedule-service",
                &self.service_name,
                "the compose service to run it in",
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ScheduleInput {
            schedule_id: existing.map(str::to_string),
            name: self.name.trim().into(),
            cron_expression: self.cron.trim().into(),
            command: self.command.trim().into(),
            shell_type: if self.shell == "sh" { "sh" } else { "bash" }.into(),
            schedule_type: kind.router().into(),
            application_id: (kind == ServiceKind::Application).then(|| owner_id.to_string()),
            compose_id: compose.then(|| owner_id.to_string()),
            service_name: compose.then(|| self.service_name.trim().to_string()),
            enabled: self.enabled,
            timezone: zone_label(Some(&self.timezone)).to_string(),
        })
    }
}

// ---------------------------------------------------------------- volume backups

/// The volume backup form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeBackupForm {
    pub name: String,
    pub volume_name: String,
    pub prefix: String,
    pub cron: String,
    pub keep: String,
    pub enabled: bool,
    pub turn_off: bool,
    pub destination_id: String,
    /// Compose: the service whose volume it is.
    pub service_name: String,
}

impl VolumeBackupForm {
    /// A new volume backup: daily at 03:00, keep 7.
    pub fn new(destination_id: &str) -> Self {
        VolumeBackupForm {
            cron: "0 3 * * *".into(),
            keep: "7".into(),
            enabled: true,
            destination_id: destination_id.into(),
            ..Default::default()
        }
    }

    /// The form filled from a volume backup.
    pub fn of(v: &VolumeBackup) -> Self {
        VolumeBackupForm {
            name: v.name.clone(),
            volume_name: v.volume_name.clone(),
            prefix: v.prefix.clone(),
            cron: v.cron_expression.clone(),
            keep: v
                .keep_latest_count
                .map(|k| k.to_string())
                .unwrap_or_default(),
            enabled: v.enabled.unwrap_or(true),
            turn_off: v.turn_off.unwrap_or(false),
            destination_id: v.destination_id.clone().unwrap_or_default(),
            service_name: v.service_name.clone().unwrap_or_default(),
        }
    }

    /// The body of `volumeBackups.create` / `.update` for a volume of `kind` `owner_id`, whose
    /// app name is `app_name`.
    pub fn input(
        &self,
        kind: ServiceKind,
        owner_id: &str,
        app_name: &str,
        existing: Option<&str>,
    ) -> Result<VolumeBackupInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, "volume-name", &self.name, "a name");
        let vol = self.volume_name.trim();
        if vol.is_empty() {
            errors.push(("volume-volume", "Enter the Docker volume's name.".into()));
        } else if !valid_volume_name(vol) {
            errors.push((
                "volume-volume",
                "A volume name starts with a letter or digit and holds only letters, digits, dots, underscores and hyphens.".into(),
            ));
        }
        required(
            &mut errors,
            "volume-prefix",
            &self.prefix,
            "a prefix (the folder in the bucket)",
        );
        if let Err(e) = cron_words(&self.cron, None) {
            errors.push(("volume-cron", e));
        }
        let keep = parse_keep(&self.keep, "volume-keep", &mut errors);
        if self.destination_id.is_empty() {
            errors.push((
                "volume-destination",
                "Choose where to store the copies (add a destination first).".into(),
            ));
        }
        let compose = kind == ServiceKind::Compose;
        if compose {
            required(
                &mut errors,
                "volume-service",
                &self.service_name,
                "the compose service using the volume",
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(VolumeBackupInput {
            volume_backup_id: existing.map(str::to_string),
            name: self.name.trim().into(),
            volume_name: vol.into(),
            prefix: self.prefix.trim().into(),
            service_type: kind.router().into(),
            app_name: app_name.into(),
            service_name: compose.then(|| self.service_name.trim().to_string()),
            turn_off: self.turn_off,
            cron_expression: self.cron.trim().into(),
            keep_latest_count: keep,
            enabled: self.enabled,
            destination_id: self.destination_id.clone(),
            owner: Some(crate::api::id_body(kind.id_field(), owner_id)),
        })
    }
}

/// Dokploy's rule for volume names: `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`.
pub fn valid_volume_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

// ---------------------------------------------------------------- runs and health

/// The newest run first.
pub fn runs_newest_first(runs: &[Deployment]) -> Vec<Deployment> {
    crate::service_view::newest_first(runs.to_vec())
}

/// When a run happened, in ms (its start, else its creation).
pub fn run_time(d: &Deployment) -> Option<i64> {
    d.started_at
        .as_deref()
        .or(d.created_at.as_deref())
        .and_then(parse_iso)
}

/// How a database's backups stand, worst first (the health page's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    /// No backup configured at all.
    NoBackup,
    /// The newest run failed.
    Failing,
    /// Configured, enabled, but no successful run within its schedule's period (or ever).
    Overdue,
    /// Every backup of it is turned off.
    Off,
    /// Backups configured, but the instance keeps no run history (before v0.22).
    Unknown,
    /// A successful run within the period.
    Ok,
}

impl Health {
    /// A word for the badge.
    pub fn word(self) -> &'static str {
        match self {
            Health::NoBackup => "No backup",
            Health::Failing => "Failing",
            Health::Overdue => "Overdue",
            Health::Off => "Turned off",
            Health::Unknown => "No history",
            Health::Ok => "OK",
        }
    }

    /// The badge's tone (a CSS modifier shared with status badges).
    pub fn tone(self) -> &'static str {
        match self {
            Health::NoBackup | Health::Failing => "error",
            Health::Overdue | Health::Off => "warn",
            Health::Unknown => "idle",
            Health::Ok => "done",
        }
    }

    /// Needs a person's attention (listed at the top).
    pub fn alarming(self) -> bool {
        matches!(self, Health::NoBackup | Health::Failing | Health::Overdue)
    }
}

/// One database's backups summed up.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub health: Health,
    /// The newest successful run, ms.
    pub last_ok: Option<i64>,
    /// The newest run: (status, ms).
    pub last_run: Option<(Option<DeploymentStatus>, i64)>,
    /// Failed runs within the last 7 days.
    pub recent_failures: usize,
    /// The enabled schedules in words, `; `-joined.
    pub schedules: String,
}

const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;
/// Slack after a period before a backup counts as overdue (a run takes time; clocks drift).
const GRACE_MS: i64 = 3600 * 1000;

/// The verdict on a database's `backups` at `now_ms`; `history` is false on instances that keep
/// no runs (before v0.22).
pub fn verdict(backups: &[Backup], history: bool, now_ms: i64) -> Verdict {
    let enabled: Vec<&Backup> = backups
        .iter()
        .filter(|b| b.enabled.unwrap_or(true))
        .collect();
    let crons: Vec<Result<Cron, _>> = enabled.iter().map(|b| Cron::parse(&b.schedule)).collect();
    let schedules = enabled
        .iter()
        .zip(&crons)
        .map(|(b, c)| {
            c.as_ref()
                .map_or_else(|_| b.schedule.clone(), Cron::describe)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut runs: Vec<(Option<DeploymentStatus>, i64)> = backups
        .iter()
        .flat_map(|b| b.deployments.iter().flatten())
        .filter_map(|d| run_time(d).map(|t| (d.status.clone(), t)))
        .collect();
    crate::order::sort_by(&mut runs, |a, b| b.1.cmp(&a.1));
    let last_ok = runs
        .iter()
        .find(|r| r.0 == Some(DeploymentStatus::Done))
        .map(|r| r.1);
    let last_run = runs
        .iter()
        .find(|r| r.0 != Some(DeploymentStatus::Running))
        .cloned();
    let recent_failures = runs
        .iter()
        .filter(|r| r.0 == Some(DeploymentStatus::Error) && now_ms - r.1 <= WEEK_MS)
        .count();
    // The shortest period among the enabled schedules: a daily backup must have run within a day.
    let period = crons
        .iter()
        .filter_map(|c| c.as_ref().ok()?.period_secs())
        .min()
        .map(|s| s * 1000);
    let health = if backups.is_empty() {
        Health::NoBackup
    } else if enabled.is_empty() {
        Health::Off
    } else if !history {
        Health::Unknown
    } else if matches!(last_run, Some((Some(DeploymentStatus::Error), _))) {
        Health::Failing
    } else {
        match (last_ok, period) {
            (None, _) => Health::Overdue,
            (Some(t), Some(p)) if now_ms - t > p + GRACE_MS => Health::Overdue,
            _ => Health::Ok,
        }
    };
    Verdict {
        health,
        last_ok,
        last_run,
        recent_failures,
        schedules,
    }
}

/// Is this run finished (done, error or cancelled)?
pub fn run_finished(d: &Deployment) -> bool {
    !matches!(d.status, Some(DeploymentStatus::Running) | None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(schedule: &str, runs: &[(&str, &str)]) -> Backup {
        Backup {
            backup_id: "b1".into(),
            schedule: schedule.into(),
            enabled: Some(true),
            prefix: "daily".into(),
            deployments: Some(
                runs.iter()
                    .enumerate()
                    .map(|(i, (status, at))| Deployment {
                        deployment_id: format!("d{i}"),
                        status: Some(DeploymentStatus::parse(status)),
                        created_at: Some(at.to_string()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    fn at(iso: &str) -> i64 {
        parse_iso(iso).unwrap()
    }

    #[test]
    fn health_orders_and_judges() {
        let now = at("2026-12-03T12:00:00.000Z");
        assert_eq!(verdict(&[], true, now).health, Health::NoBackup);
        let ok = backup("0 3 * * *", &[("done", "2026-12-03T03:00:05.000Z")]);
        let v = verdict(std::slice::from_ref(&ok), true, now);
        assert_eq!(v.health, Health::Ok);
        assert_eq!(v.last_ok, Some(at("2026-12-03T03:00:05.000Z")));
        assert_eq!(v.schedules, Cron::parse("0 3 * * *").unwrap().describe());
        let late = backup("0 3 * * *", &[("done", "2026-12-01T03:00:05.000Z")]);
        assert_eq!(verdict(&[late], true, now).health, Health::Overdue);
        let weekly = backup("0 4 * * 0", &[("done", "2026-11-29T04:00:00.000Z")]);
        assert_eq!(verdict(&[weekly], true, now).health, Health::Ok);
        let failing = backup(
            "0 3 * * *",
            &[
                ("done", "2026-12-02T03:00:00.000Z"),
                ("error", "2026-12-03T03:00:00.000Z"),
            ],
        );
        let v = verdict(&[failing], true, now);
        assert_eq!((v.health, v.recent_failures), (Health::Failing, 1));
        let never = backup("0 3 * * *", &[]);
        assert_eq!(
            verdict(std::slice::from_ref(&never), true, now).health,
            Health::Overdue
        );
        assert_eq!(
            verdict(std::slice::from_ref(&never), false, now).health,
            Health::Unknown
        );
        let off = Backup {
            enabled: Some(false),
            ..never
        };
        assert_eq!(verdict(&[off], true, now).health, Health::Off);
        assert!(Health::NoBackup < Health::Failing && Health::Overdue < Health::Ok);
        // A run still going does not hide the verdict of the one before.
        let running = backup(
            "0 3 * * *",
            &[
                ("error", "2026-12-03T03:00:00.000Z"),
                ("running", "2026-12-03T11:59:00.000Z"),
            ],
        );
        assert_eq!(verdict(&[running], true, now).health, Health::Failing);
    }

    #[test]
    fn secrets_are_masked() {
        let cmd = "rclone rcat --s3-provider=Minio --s3-access-key-id=AKIA123 --s3-secret-access-key=\"s3cr/et\" --s3-region=eu :s3:b/x";
        let m = mask_secrets(cmd);
        assert!(!m.contains("AKIA123") && !m.contains("s3cr/et"), "{m}");
        assert!(m.contains("--s3-region=eu :s3:b/x"), "{m}");
        let m =
            mask_secrets("docker exec -e PGPASSWORD=Pg_s3cr3t x mysqldump -u root -p'r00t pw' db");
        assert!(!m.contains("Pg_s3cr3t") && !m.contains("r00t pw"), "{m}");
        assert!(m.ends_with("' db"), "{m}");
        assert_eq!(mask_secrets("nothing ‑ here ✓"), "nothing ‑ here ✓");
        let e = crate::api::ApiError::Invalid {
            message: "Command failed: rclone ls --s3-access-key-id=AKIA9 :s3:b\n/bin/sh: 1: rclone: not found\n".into(),
            field_errors: Default::default(),
            form_errors: vec![],
        };
        let words = test_failure_words(&e);
        assert!(
            words.contains("rclone is not installed") && !words.contains("AKIA9"),
            "{words}"
        );
        let m = masked(e);
        assert!(!format!("{m:?}").contains("AKIA9"));
    }

    #[test]
    fn forms_check_before_sending() {
        let mut f = DestinationForm::new();
        let errs = f.input(None).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.0).collect();
        assert!(fields.contains(&"dest-name") && fields.contains(&"dest-endpoint"));
        f = DestinationForm {
            name: "s3".into(),
            provider: "AWS".into(),
            access_key: "AK".into(),
            secret_access_key: "SK".into(),
            bucket: "b".into(),
            region: "eu-central-1".into(),
            endpoint: "s3.amazonaws.com".into(),
            flags: "--s3-acl=private\n\n".into(),
        };
        assert_eq!(f.input(None).unwrap_err()[0].0, "dest-endpoint");
        f.endpoint = "https://s3.amazonaws.com".into();
        let body = serde_json::to_value(f.input(Some("d1")).unwrap()).unwrap();
        assert_eq!(body["destinationId"], "d1");
        assert_eq!(body["additionalFlags"], json!(["--s3-acl=private"]));

        let b = BackupForm::new("shop", "postgres", "d1");
        let mut b2 = b.clone();
        b2.prefix = "shop/daily".into();
        let body =
            serde_json::to_value(b2.input(ServiceKind::Postgres, "pg1", None).unwrap()).unwrap();
        assert_eq!(body["postgresId"], "pg1");
        assert_eq!(body["backupType"], "database");
        assert_eq!(body["databaseType"], "postgres");
        assert_eq!(body["keepLatestCount"], 7);
        assert!(body["serviceName"].is_null() && body["metadata"].is_null());
        let update =
            serde_json::to_value(b2.input(ServiceKind::Postgres, "pg1", Some("b9")).unwrap())
                .unwrap();
        assert_eq!(update["backupId"], "b9");
        assert!(update.get("postgresId").is_none() && update.get("backupType").is_none());
        let mut bad = b.clone();
        bad.schedule = "61 * * * *".into();
        bad.keep = "0".into();
        let fields: Vec<_> = bad
            .input(ServiceKind::Postgres, "pg1", None)
            .unwrap_err()
            .iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(fields, ["backup-cron", "backup-prefix", "backup-keep"]);

        let mut c = BackupForm::new("app", "postgres", "d1");
        c.prefix = "stack".into();
        assert!(c.input(ServiceKind::Compose, "c1", None).is_err());
        c.service_name = "db".into();
        c.database_user = "postgres".into();
        let body =
            serde_json::to_value(c.input(ServiceKind::Compose, "c1", None).unwrap()).unwrap();
        assert_eq!(
            body["metadata"],
            json!({"postgres": {"databaseUser": "postgres"}})
        );
        assert_eq!(
            (body["composeId"].as_str(), body["backupType"].as_str()),
            (Some("c1"), Some("compose"))
        );

        let mut s = ScheduleForm::new();
        assert_eq!(
            s.input(ServiceKind::Application, "a1", None)
                .unwrap_err()
                .len(),
            2
        );
        s.name = "cleanup".into();
        s.command = "npm run cleanup".into();
        let body =
            serde_json::to_value(s.input(ServiceKind::Application, "a1", None).unwrap()).unwrap();
        assert_eq!(body["applicationId"], "a1");
        assert_eq!(body["scheduleType"], "application");
        assert!(body.get("composeId").is_none());

        let mut v = VolumeBackupForm::new("d1");
        v.name = "data".into();
        v.volume_name = "-bad name".into();
        v.prefix = "vol".into();
        assert_eq!(
            v.input(ServiceKind::Application, "a1", "app-x", None)
                .unwrap_err()[0]
                .0,
            "volume-volume"
        );
        v.volume_name = "ghost-content".into();
        let body = serde_json::to_value(
            v.input(ServiceKind::Application, "a1", "app-x", Some("v1"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            (body["applicationId"].as_str(), body["appName"].as_str()),
            (Some("a1"), Some("app-x"))
        );
        assert_eq!(body["volumeBackupId"], "v1");
    }

    #[test]
    fn next_runs_read_naturally() {
        let now = at("2026-12-03T12:00:00.000Z");
        assert_eq!(
            next_label(now, at("2026-12-03T12:20:00.000Z")),
            "in 20 min (12:20 UTC)"
        );
        assert_eq!(
            next_label(now, at("2026-12-04T03:00:00.000Z")),
            "in 15 h (03:00 UTC)"
        );
        assert_eq!(
            next_label(now, at("2026-12-07T04:00:00.000Z")),
            "in 4 days (04:00 UTC)"
        );
    }

    #[test]
    fn presets_round_trip() {
        assert_eq!(preset_of("30 2 * * *"), (Every::Day, "02:30".into(), 0));
        assert_eq!(preset_of("0 4 * * 7"), (Every::Week, "04:00".into(), 0));
        assert_eq!(preset_of("15 * * * *"), (Every::Hour, "00:15".into(), 0));
        assert_eq!(preset_of("*/5 * * * *").0, Every::Custom);
        assert_eq!(preset_of("0 3 1 * *").0, Every::Custom);
        for (every, time, day) in [
            (Every::Day, "02:30", 0),
            (Every::Week, "23:59", 6),
            (Every::Hour, "00:15", 0),
        ] {
            let e = preset_expr(every, time, day).unwrap();
            assert_eq!(preset_of(&e), (every, time.to_string(), day), "{e}");
            assert!(Cron::parse(&e).is_ok());
        }
        assert_eq!(preset_expr(Every::Day, "24:00", 0), None);
        assert_eq!(preset_expr(Every::Custom, "01:00", 0), None);
    }

    #[test]
    fn sizes_prefixes_and_folders() {
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(12_400_000), "12 MB");
        assert_eq!(size_label(1_500), "1.5 KB");
        assert_eq!(size_label(9_960), "10 KB");
        assert_eq!(size_label(2_000_000_000), "2.0 GB");
        assert_eq!(normalize_prefix(" /shop/daily/ "), "shop/daily/");
        assert_eq!(normalize_prefix(""), "");
        let t = parse_iso("2026-12-02T17:37:23.399Z");
        assert_eq!(file_date("2026-12-02T17-37-23-399Z.sql.gz"), t);
        assert_eq!(file_date("2026-12-02T17:37:23.399Z.sql.gz"), t);
        assert_eq!(file_date("notes.txt"), None);
        let b = Backup {
            prefix: "daily".into(),
            ..Default::default()
        };
        let new = DokployVersion("v0.30.2".into());
        let old = DokployVersion("v0.24.12".into());
        assert_eq!(files_folder(&new, "shop-db-x", &b), "shop-db-x/daily/");
        assert_eq!(files_folder(&old, "shop-db-x", &b), "daily/");
        let c = Backup {
            prefix: "s".into(),
            service_name: Some("db".into()),
            compose_id: Some("c".into()),
            ..Default::default()
        };
        assert_eq!(files_folder(&new, "stack-x", &c), "stack-x_db/s/");
        assert!(valid_volume_name("a.b_c-1") && !valid_volume_name("_a") && !valid_volume_name(""));
        assert_eq!(zone_label(None), "UTC");
        assert!(cron_words("0 3 * * *", Some("Europe/Berlin"))
            .unwrap()
            .ends_with("(Europe/Berlin)"));
        assert!(next_run("0 3 * * *", Some("Europe/Berlin"), 0).is_none());
        assert_eq!(next_run("0 3 * * *", None, 0), Some(3 * 3600 * 1000));
    }
}

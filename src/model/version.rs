//! `settings.getDokployVersion` and `settings.health`.

use serde::{Deserialize, Serialize};

/// The version string Dokploy reports (`"v0.30.2"`), with helpers to pick API behaviour.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DokployVersion(pub String);

impl DokployVersion {
    /// The raw string as Dokploy sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `(major, minor, patch)` parsed from `v0.30.2`, `0.30.2`, `v0.30.2-canary.1`;
    /// `None` when the string is not a version (e.g. `canary`).
    pub fn parts(&self) -> Option<(u32, u32, u32)> {
        let s = self.0.trim();
        let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
        let core = s.split(['-', '+', ' ']).next().unwrap_or("");
        let mut it = core.split('.');
        let major = it.next()?.parse().ok()?;
        let minor = it.next().map_or(Some(0), |p| p.parse().ok())?;
        let patch = it.next().map_or(Some(0), |p| p.parse().ok())?;
        Some((major, minor, patch))
    }

    /// True when the version is at least `major.minor.patch` (unknown versions count as new).
    pub fn at_least(&self, major: u32, minor: u32, patch: u32) -> bool {
        self.parts().is_none_or(|v| v >= (major, minor, patch))
    }

    /// v0.25+: projects hold environments.
    pub fn has_environments(&self) -> bool {
        self.at_least(0, 25, 0)
    }

    /// v0.19+: API keys (`x-api-key`) instead of the Bearer token of `auth.generateToken`.
    pub fn uses_api_keys(&self) -> bool {
        self.at_least(0, 19, 0)
    }

    /// v0.20.5+: `backup.listBackupFiles` lists a destination's files.
    pub fn has_backup_files(&self) -> bool {
        self.at_least(0, 20, 5)
    }

    /// v0.20+: `<kind>.move` moves a service to another project (v0.25+: environment).
    pub fn has_move(&self) -> bool {
        self.at_least(0, 20, 0)
    }

    /// v0.22+: schedules (cron jobs), compose backups, and every backup and schedule run kept as
    /// a deployment row (`deployment.allByType`, `backups[].deployments`).
    pub fn has_schedules(&self) -> bool {
        self.at_least(0, 22, 0)
    }

    /// v0.24+: volume backups.
    pub fn has_volume_backups(&self) -> bool {
        self.at_least(0, 24, 0)
    }

    /// v0.29+: libsql databases (and their backups).
    pub fn has_libsql(&self) -> bool {
        self.at_least(0, 29, 0)
    }

    /// v0.29+: `<service>.readLogs` serves a service's container logs over HTTP (before, Dokploy
    /// streams them over a websocket only its own session can open).
    pub fn has_service_logs(&self) -> bool {
        self.at_least(0, 29, 0)
    }

    /// v0.29.5+: `deployment.readLogs` serves a run's log over HTTP.
    pub fn has_run_logs(&self) -> bool {
        self.at_least(0, 29, 5)
    }

    /// v0.25.5+: `application.saveGitProvider`; before, Dokploy spelled it `saveGitProdiver`.
    pub fn spells_git_provider(&self) -> bool {
        self.at_least(0, 25, 5)
    }

    /// v0.29+: `compose.saveEnvironment`; before, a compose file's environment is saved with
    /// `compose.update`.
    pub fn has_compose_save_environment(&self) -> bool {
        self.at_least(0, 29, 0)
    }

    /// v0.28.4+: `organization.active`, the organization the key acts in (before, the caller's
    /// membership from `user.get` names it).
    pub fn has_active_organization(&self) -> bool {
        self.at_least(0, 28, 4)
    }

    /// What [`DokployVersion::remembered`] reads back: `"{ms}|{version}"`, when it was learned.
    pub fn to_remembered(&self, now_ms: i64) -> String {
        format!("{now_ms}|{}", self.0)
    }

    /// A version remembered at connect time, if learned less than `keep_ms` before `now_ms` (an
    /// upgraded instance is asked again after that, or at once when its key is pasted again).
    pub fn remembered(raw: &str, now_ms: i64, keep_ms: i64) -> Option<DokployVersion> {
        let (at, v) = raw.split_once('|')?;
        let age = now_ms - at.parse::<i64>().ok()?;
        ((0..keep_ms).contains(&age) && !v.is_empty()).then(|| DokployVersion(v.to_string()))
    }

    /// v0.30+: `overview.backups`, the newest runs of every backup in one request.
    pub fn has_backup_overview(&self) -> bool {
        self.at_least(0, 30, 0)
    }

    /// `docker.restartContainer` takes `serverId` (v0.29+): before, it restarts only on
    /// Dokploy's own server.
    pub fn has_remote_restart(&self) -> bool {
        self.at_least(0, 29, 0)
    }

    /// `rollback.rollback` (v0.23+): an application's deployments it kept the image of.
    pub fn has_rollbacks(&self) -> bool {
        self.at_least(0, 23, 0)
    }

    /// Rollbacks keep their images in a registry the application names (v0.26+); before, on
    /// the server.
    pub fn rollbacks_need_registry(&self) -> bool {
        self.at_least(0, 26, 0)
    }

    /// `application.killBuild` / `compose.killBuild` (v0.25.8+).
    pub fn has_kill_build(&self) -> bool {
        self.at_least(0, 25, 8)
    }

    /// `deployment.allCentralized` (v0.28.3+): every deployment of the organization at once.
    pub fn has_centralized_deployments(&self) -> bool {
        self.at_least(0, 28, 3)
    }

    /// Tags on projects (`tag.*`, `projectTags`: v0.29+).
    pub fn has_tags(&self) -> bool {
        self.at_least(0, 29, 0)
    }

    /// `previewDeployment.redeploy` (v0.27+).
    pub fn has_preview_redeploy(&self) -> bool {
        self.at_least(0, 27, 0)
    }

    /// `organization.inviteMember` and `auditLog.all` (v0.28.7+). Before, v0.19 to v0.28
    /// invite through better-auth's session-only endpoint: in Dokploy's own dashboard.
    pub fn has_invite_member(&self) -> bool {
        self.at_least(0, 28, 7)
    }
}

impl std::fmt::Display for DokployVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `settings.health`: `{"status":"ok"}` (v0.30.2) or `{"status":"not_cloud"}` (v0.18.4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    #[serde(default)]
    pub status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::DokployVersion;

    fn v(s: &str) -> DokployVersion {
        DokployVersion(s.to_string())
    }

    #[test]
    fn parses_versions() {
        assert_eq!(v("v0.30.2").parts(), Some((0, 30, 2)));
        assert_eq!(v("0.25.0-canary.3").parts(), Some((0, 25, 0)));
        assert_eq!(v("v1").parts(), Some((1, 0, 0)));
        assert_eq!(v("canary").parts(), None);
        assert_eq!(v("").parts(), None);
        assert!(v("v0.25.0").has_environments());
        assert!(!v("v0.24.12").has_environments());
        assert!(v("v0.19.0").uses_api_keys());
        assert!(!v("v0.18.4").uses_api_keys());
        assert!(!v("v0.18.4").has_schedules() && !v("v0.18.4").has_backup_files());
        assert!(v("v0.24.12").has_schedules() && v("v0.24.12").has_volume_backups());
        assert!(!v("v0.24.12").has_run_logs() && !v("v0.24.12").has_backup_overview());
        assert!(!v("v0.23.7").has_volume_backups() && v("v0.20.5").has_backup_files());
        assert!(v("v0.30.2").has_backup_overview() && v("v0.29.5").has_run_logs());
        assert!(v("v0.29.0").has_remote_restart() && !v("v0.28.8").has_remote_restart());
        assert!(
            v("v0.28.3").has_centralized_deployments()
                && !v("v0.28.2").has_centralized_deployments()
        );
        assert!(v("v0.27.0").has_preview_redeploy() && !v("v0.26.7").has_preview_redeploy());
        assert!(v("v0.29.0").has_service_logs() && !v("v0.28.9").has_service_logs());
        assert!(v("v0.29.0").has_tags() && !v("v0.28.9").has_tags());
        assert!(!v("v0.29.4").has_run_logs());
        assert!(v("v0.28.4").has_active_organization() && !v("v0.28.3").has_active_organization());
        assert!(!v("v0.24.12").has_active_organization());
        assert!(v("v0.20.0").has_move() && !v("v0.19.4").has_move());
        assert!(!v("v0.25.4").spells_git_provider() && v("v0.25.5").spells_git_provider());
        assert!(!v("v0.28.8").has_compose_save_environment());
        assert!(v("v0.29.0").has_compose_save_environment());
        assert!(
            v("canary").has_environments(),
            "unknown versions count as new"
        );
    }

    #[test]
    fn a_remembered_version_is_kept_for_a_while() {
        let raw = v("v0.24.12").to_remembered(1_000);
        assert_eq!(
            DokployVersion::remembered(&raw, 5_000, 10_000),
            Some(v("v0.24.12"))
        );
        assert_eq!(
            DokployVersion::remembered(&raw, 11_000, 10_000),
            None,
            "too old"
        );
        assert_eq!(
            DokployVersion::remembered(&raw, 500, 10_000),
            None,
            "from the future"
        );
        assert_eq!(DokployVersion::remembered("garbage", 5_000, 10_000), None);
        assert_eq!(DokployVersion::remembered("1000|", 5_000, 10_000), None);
    }
}

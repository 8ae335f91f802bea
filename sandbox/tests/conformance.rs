//! Conformance: replays the requests of the real Dokploy recordings
//! (`recordings/dokploy/v0.30.2/_exchanges`, `legacy/v0.24.12` with `--era v0.24.12` and
//! `legacy/v0.18.4` in `--legacy` mode) against the sandbox, with the sandbox's own ids of the
//! same kind, and compares status and shape.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{recordings_dir, request, shape_diff, start, Resp, KEY};
use serde_json::{json, Value};
use skiff_sandbox::kind::Kind;
use skiff_sandbox::{Config, Era, Handle, SeedOptions};

/// What the sandbox should answer for a recording.
#[derive(Clone, Copy)]
enum Expect {
    /// Same status and shape as the recording.
    Same,
    /// The real server had no Docker engine and failed; the sandbox answers like the named
    /// recording of the successful case (same status and shape).
    Like(&'static str),
    /// Same status and shape, the error's message the sandbox's own: the recorded one is the
    /// command line of a tool the recording machine lacked (`rclone`, `docker`), keys and all,
    /// or names an id the recording's server drew (a failed insert's parameters).
    OwnMessage,
    /// Same status and body but for the `params:` of the error's message: a failed query whose
    /// parameters hold an id and a time the recording's server drew (the query itself, and
    /// everything else, as recorded).
    OwnParams,
    /// Same status and the very body (a file read back as it was saved).
    SameBody,
    /// Same status; a list each of whose rows has the shape of one of the named recording's
    /// rows (a list mixing kinds of rows, in the sandbox's own order).
    EachOf(&'static str),
}

/// Something to do before replaying the request.
#[derive(Clone, Copy, PartialEq)]
enum Setup {
    None,
    /// A sandbox seeded with no projects.
    Empty,
    /// Replace the recorded key by a fresh default (rate-limited) key used 10 times already.
    SpentKey,
    /// (legacy) Rotate the token first and replay with the old one.
    Rotate,
    /// (legacy) Create a throw-away project and replay with its id.
    FreshProject,
    /// Replace this text of the request by that one (a name that makes the run fail).
    Rename(&'static str, &'static str),
    /// Replay with the id of the seeded unreachable destination (`flaky-r2`) in place of the
    /// recorded destination's.
    FlakyDestination,
    /// Give the sandbox's backup standing for this recorded backup a `flaky-` prefix first, so
    /// that its runs fail as the recorded one did.
    FlakyBackup(&'static str),
    /// After the replay, the recorded id stands for the newest backup (backup.create answers
    /// nothing to take it from).
    CaptureBackup(&'static str),
    /// After the replay, the recorded id stands for the newest deployment row (a run).
    CaptureRun(&'static str),
    /// After the replay, the recorded id stands for the newest API key.
    CaptureKey(&'static str),
    /// The recorded application rec-web stands for admin-panel, which has no mounts, ports,
    /// redirects or basic-auth users (rec-web had none before the recording made them; the
    /// storefront it stands for elsewhere has seeded ones, and lists would not compare).
    Bare,
    /// As `Bare`, and after the replay the recorded id stands for the newest row of the
    /// procedure's router (`redirects.create` and `security.create` answer only `true`).
    BareCapture(&'static str),
    /// A throw-away service made just before in the shop's production environment, with the
    /// columns of the recorded answer, stands for this recorded one (a move leaves the seeded
    /// services where the other rows expect them).
    Throwaway(&'static str),
    /// The organization has no tags, as the recorded one had none before the recording made
    /// some: the seeded tags (and so their projects' assignments) are removed first.
    NoTags,
    /// The organization has none of this router's rows (`registry`, `sshKey`, `certificates`,
    /// `gitProvider`, `server`, `notification`), as the recorded one had none: the seeded ones
    /// are removed first.
    Cleared(&'static str),
    /// After the replay, the recorded id stands for the newest project (`project.duplicate`
    /// answers the new project's environment).
    CaptureProject(&'static str),
    /// After the replay, the recorded id stands for the newest notification (a create answers
    /// nothing to take it from).
    CaptureNotification(&'static str),
    /// `sshKey.create`: the recorded private key's redacted body (which Dokploy's pattern would
    /// refuse) replaced by base64, and after the replay the recorded id stands for the newest
    /// key (the call answers nothing to take it from).
    CaptureSshKey(&'static str),
}

use Expect::*;

/// Recordings of Dokploy v0.30.2 replayed against the sandbox.
const V030: &[(&str, Expect, Setup)] = &[
    ("settings.getDokployVersion", Same, Setup::None),
    ("settings.health", Same, Setup::None),
    ("project.all", Same, Setup::None),
    ("project.all.empty", Same, Setup::Empty),
    ("project.one", Same, Setup::None),
    ("environment.one", Same, Setup::None),
    ("environment.byProjectId", Same, Setup::None),
    ("application.one", Same, Setup::None),
    ("application.one.after-deploy", Same, Setup::None),
    ("compose.one", Same, Setup::None),
    ("postgres.one", Same, Setup::None),
    ("postgres.one.after-deploy", Same, Setup::None),
    ("mysql.one", Same, Setup::None),
    ("mariadb.one", Same, Setup::None),
    ("mongo.one", Same, Setup::None),
    ("redis.one", Same, Setup::None),
    ("libsql.one", Same, Setup::None),
    ("deployment.all", Same, Setup::None),
    ("deployment.allByCompose", Same, Setup::None),
    ("deployment.allByType", Same, Setup::None),
    ("deployment.readLogs", Same, Setup::None),
    ("deployment.readLogs.tail2", Same, Setup::None),
    ("deployment.readLogs.compose", Same, Setup::None),
    ("deployment.readLogs.compose-raw", Same, Setup::None),
    ("deployment.readLogs.docker-provider", Same, Setup::None),
    ("application.readTraefikConfig", Same, Setup::None),
    ("domain.byApplicationId", Same, Setup::None),
    ("mounts.listByServiceId", Same, Setup::None),
    ("organization.active", Same, Setup::None),
    ("organization.all", Same, Setup::None),
    ("organization.one", Same, Setup::None),
    ("user.get", Same, Setup::None),
    ("user.all", Same, Setup::None),
    ("user.one", Same, Setup::None),
    ("user.getPermissions", Same, Setup::None),
    // people: the recorded organization had no invitations (the seeded one compares by
    // shape), the owner counts one organization, the audit log wants a licence
    ("organization.allInvitations", Same, Setup::None),
    ("user.getInvitations", Same, Setup::None),
    ("user.checkUserOrganizations", Same, Setup::None),
    ("auditLog.all", Same, Setup::None),
    ("compose.readLogs", Same, Setup::None),
    ("compose.loadServices", Same, Setup::None),
    (
        "application.readLogs",
        Like("compose.readLogs"),
        Setup::None,
    ),
    ("postgres.readLogs", Like("compose.readLogs"), Setup::None),
    ("mysql.readLogs", Like("compose.readLogs"), Setup::None),
    ("mariadb.readLogs", Like("compose.readLogs"), Setup::None),
    ("mongo.readLogs", Like("compose.readLogs"), Setup::None),
    ("redis.readLogs", Like("compose.readLogs"), Setup::None),
    ("libsql.readLogs", Like("compose.readLogs"), Setup::None),
    // mutations
    ("project.create", Same, Setup::None),
    ("environment.create", Same, Setup::None),
    ("application.create", Same, Setup::None),
    ("compose.create", Same, Setup::None),
    ("postgres.create", Same, Setup::None),
    ("mysql.create", Same, Setup::None),
    ("mariadb.create", Same, Setup::None),
    ("mongo.create", Same, Setup::None),
    ("redis.create", Same, Setup::None),
    ("libsql.create", Same, Setup::None),
    ("libsql.create.minimal-400", Same, Setup::None),
    ("application.saveDockerProvider", Same, Setup::None),
    ("application.deploy", Same, Setup::None),
    ("application.deploy.docker-provider", Same, Setup::None),
    ("application.stop", Same, Setup::None),
    ("application.start", Like("application.stop"), Setup::None),
    ("compose.update.raw", Same, Setup::None),
    ("compose.deploy", Same, Setup::None),
    ("compose.deploy.raw", Same, Setup::None),
    ("postgres.stop", Same, Setup::None),
    ("postgres.start", Like("postgres.stop"), Setup::None),
    ("postgres.deploy", Like("application.deploy"), Setup::None),
    ("mysql.deploy", Like("application.deploy"), Setup::None),
    ("mariadb.deploy", Like("application.deploy"), Setup::None),
    ("mongo.deploy", Like("application.deploy"), Setup::None),
    ("redis.deploy", Like("application.deploy"), Setup::None),
    ("libsql.deploy", Like("application.deploy"), Setup::None),
    ("user.createApiKey", Same, Setup::None),
    ("user.createApiKey.default-ratelimited", Same, Setup::None),
    // auth, CORS and errors
    (
        "auth.x-api-key-uppercase-header.project.all",
        Same,
        Setup::None,
    ),
    ("auth.bearer.project.all", Same, Setup::None),
    ("auth.bearer-plus-key.project.all", Same, Setup::None),
    ("cors.GET-with-origin.project.all", Same, Setup::None),
    ("cors.GET-with-origin-no-key.project.all", Same, Setup::None),
    ("cors.preflight.OPTIONS-project.all", Same, Setup::None),
    ("cors.preflight.OPTIONS-project.create", Same, Setup::None),
    ("error.401.no-key", Same, Setup::None),
    ("error.401.bad-key", Same, Setup::None),
    ("error.401.empty-key", Same, Setup::None),
    ("error.rate-limited-key.11th-request", Same, Setup::SpentKey),
    ("error.400.project.one-missing-param", Same, Setup::None),
    ("error.400.project.create-empty-body", Same, Setup::None),
    ("error.400.project.create-wrong-type", Same, Setup::None),
    ("error.400.postgres.create-bad-password", Same, Setup::None),
    (
        "error.400.application.readLogs-bad-since",
        Same,
        Setup::None,
    ),
    ("error.400.malformed-json", Same, Setup::None),
    ("error.404.project.one-unknown-id", Same, Setup::None),
    ("error.404.application.one-unknown-id", Same, Setup::None),
    ("error.404.environment.one-unknown-id", Same, Setup::None),
    ("error.404.postgres.one-unknown-id", Same, Setup::None),
    (
        "error.404.deployment.readLogs-unknown-id",
        Same,
        Setup::None,
    ),
    ("error.404.unknown-procedure", Same, Setup::None),
    ("error.404.wrong-method-GET-on-mutation", Same, Setup::None),
    ("error.404.wrong-method-POST-on-query", Same, Setup::None),
    ("error.415.wrong-content-type", Same, Setup::None),
    // backups, destinations, schedules and volume backups, in the order they were recorded
    // (ids the recording created are taken from the sandbox's answers as the rows go)
    ("user.getBackups", Same, Setup::None),
    ("destination.all", Same, Setup::None),
    ("overview.backups", Same, Setup::None),
    ("destination.create", Same, Setup::None),
    ("destination.create.missing-fields-400", Same, Setup::None),
    ("destination.all.one-destination", Same, Setup::None),
    ("destination.one", Same, Setup::None),
    ("destination.update", Same, Setup::None),
    ("destination.one.after-update", Same, Setup::None),
    ("destination.one.unknown-id-404", Same, Setup::None),
    (
        "destination.testConnection",
        OwnMessage,
        Setup::Rename("rec-wave2-bucket", "flaky-rec-wave2-bucket"),
    ),
    ("destination.testConnection.bad-flag-400", Same, Setup::None),
    (
        "backup.create",
        Same,
        Setup::CaptureBackup("o3_bfpoLtnLrFgU6bvxJQ"),
    ),
    ("backup.create.missing-fields-400", Same, Setup::None),
    ("postgres.one.with-backup", Same, Setup::None),
    ("backup.one", Same, Setup::None),
    ("backup.one.unknown-id-404", Same, Setup::None),
    ("backup.update", Same, Setup::None),
    ("backup.update.missing-fields-400", Same, Setup::None),
    ("backup.one.after-update", Same, Setup::None),
    (
        "backup.manualBackupPostgres",
        OwnMessage,
        Setup::FlakyBackup("o3_bfpoLtnLrFgU6bvxJQ"),
    ),
    ("backup.manualBackupPostgres.unknown-id", Same, Setup::None),
    (
        "backup.listBackupFiles",
        OwnMessage,
        Setup::FlakyDestination,
    ),
    ("deployment.allByType.backup", Same, Setup::None),
    ("backup.listBackupFiles.empty-search-400", Same, Setup::None),
    ("user.getBackups.with-db-backup", Same, Setup::None),
    (
        "backup.create.compose",
        Same,
        Setup::CaptureBackup("l0narqb3-EKzwR6fq5Fg1"),
    ),
    ("overview.backups.with-db-backup", Same, Setup::None),
    ("backup.one.compose", Same, Setup::None),
    ("compose.one.with-backup", Same, Setup::None),
    (
        "backup.manualBackupCompose",
        Same,
        Setup::FlakyBackup("l0narqb3-EKzwR6fq5Fg1"),
    ),
    (
        "backup.listBackupFiles.unknown-destination-400",
        Same,
        Setup::None,
    ),
    ("schedule.create.application", Same, Setup::None),
    ("schedule.create.missing-fields-400", Same, Setup::None),
    ("schedule.create.compose", Same, Setup::None),
    ("schedule.list.application", Same, Setup::None),
    ("schedule.list.compose", Same, Setup::None),
    ("schedule.list.dokploy-server", Same, Setup::None),
    ("schedule.list.server-unknown-id", Same, Setup::None),
    ("schedule.one", Same, Setup::None),
    ("schedule.one.unknown-id-404", Same, Setup::None),
    ("schedule.runManually", Same, Setup::None),
    ("schedule.update", Same, Setup::None),
    ("schedule.one.after-update", Same, Setup::None),
    ("schedule.runManually.compose", Same, Setup::None),
    ("schedule.runManually.unknown-id", Same, Setup::None),
    ("deployment.readLogs.schedule", Same, Setup::None),
    ("deployment.allByType.schedule", Same, Setup::None),
    ("schedule.list.application.after-run", Same, Setup::None),
    ("schedule.delete", Same, Setup::None),
    ("schedule.delete.compose", Same, Setup::None),
    ("schedule.delete.unknown-id", Same, Setup::None),
    ("schedule.list.application.after-delete", Same, Setup::None),
    ("volumeBackups.create.missing-fields-400", Same, Setup::None),
    (
        "volumeBackups.create.bad-volume-name-400",
        Same,
        Setup::None,
    ),
    ("volumeBackups.create", Same, Setup::None),
    ("volumeBackups.list", Same, Setup::None),
    ("volumeBackups.list.compose-empty", Same, Setup::None),
    ("volumeBackups.one", Same, Setup::None),
    ("volumeBackups.one.unknown-id-404", Same, Setup::None),
    ("volumeBackups.update", Same, Setup::None),
    ("volumeBackups.one.after-update", Same, Setup::None),
    (
        "volumeBackups.runManually",
        Same,
        Setup::CaptureRun("jIrAMoRPmldUtgpywF1xC"),
    ),
    ("volumeBackups.runManually.unknown-id", Same, Setup::None),
    ("deployment.allByType.volumeBackup", Same, Setup::None),
    ("overview.backups.with-volume-backup", Same, Setup::None),
    ("deployment.readLogs.volumeBackup", Same, Setup::None),
    ("volumeBackups.delete", Same, Setup::None),
    ("volumeBackups.delete.unknown-id", Same, Setup::None),
    ("volumeBackups.list.after-delete", Same, Setup::None),
    ("deployment.removeDeployment.unknown-id", Same, Setup::None),
    ("deployment.removeDeployment", Same, Setup::None),
    ("backup.remove", Same, Setup::None),
    ("backup.remove.unknown-id", Same, Setup::None),
    ("backup.remove.compose", Same, Setup::None),
    ("postgres.one.after-backup-remove", Same, Setup::None),
    ("destination.remove", Same, Setup::None),
    ("destination.remove.unknown-id", Same, Setup::None),
    ("destination.all.after-remove", Same, Setup::None),
    // mounts, ports, redirects and basic-auth users of rec-web, in the order they were recorded
    // (the volume was made before the file within the same second: the list after shows it so)
    ("mounts.create.bind", Same, Setup::Bare),
    ("mounts.create.missing-mountPath-400", Same, Setup::Bare),
    ("mounts.create.volume", Same, Setup::Bare),
    ("mounts.create.file", Same, Setup::Bare),
    ("mounts.create.unknown-service-400", OwnMessage, Setup::Bare),
    ("mounts.listByServiceId.application", Same, Setup::Bare),
    ("mounts.one.file", Same, Setup::Bare),
    ("mounts.one.bind", Same, Setup::Bare),
    ("mounts.one.unknown-id-404", Same, Setup::Bare),
    ("mounts.update.file", Same, Setup::Bare),
    ("mounts.update.volume", Same, Setup::Bare),
    ("mounts.one.after-update", Same, Setup::Bare),
    ("port.create.missing-fields-400", Same, Setup::Bare),
    ("port.create", Same, Setup::Bare),
    (
        "redirects.create",
        Same,
        Setup::BareCapture("9VE4d8Xza6bLosFWb8Svu"),
    ),
    ("redirects.create.missing-fields-400", Same, Setup::Bare),
    ("security.create.missing-fields-400", Same, Setup::Bare),
    (
        "security.create",
        Same,
        Setup::BareCapture("9nc-10f6RAA7I7KYCCC5A"),
    ),
    ("mounts.one.file.after-update", Same, Setup::Bare),
    ("port.one", Same, Setup::Bare),
    ("port.one.unknown-id-400", Same, Setup::Bare),
    ("port.update", Same, Setup::Bare),
    ("port.one.after-update", Same, Setup::Bare),
    ("redirects.one", Same, Setup::Bare),
    ("redirects.one.unknown-id-404", Same, Setup::Bare),
    ("redirects.update", Same, Setup::Bare),
    ("redirects.one.after-update", Same, Setup::Bare),
    ("security.one", Same, Setup::Bare),
    ("security.one.unknown-id-404", Same, Setup::Bare),
    ("security.update", Same, Setup::Bare),
    ("security.one.after-update", Same, Setup::Bare),
    ("port.delete", Same, Setup::Bare),
    ("port.delete.unknown-id", Same, Setup::Bare),
    ("redirects.delete", Same, Setup::Bare),
    ("redirects.delete.unknown-id", Same, Setup::Bare),
    ("security.delete", Same, Setup::Bare),
    ("mounts.remove.bind", Same, Setup::Bare),
    ("security.delete.unknown-id", Same, Setup::Bare),
    ("mounts.remove.file", Same, Setup::Bare),
    ("mounts.remove.unknown-id", Same, Setup::Bare),
    ("mounts.listByServiceId.after-remove", Same, Setup::Bare),
    // rec-web and rec-stack moved to rec-wave2's staging environment (the shop's staging here),
    // in the order they were recorded; the failed update names the sandbox's application
    ("application.move", Same, Setup::Throwaway(REC_WEB)),
    ("application.move.unknown-target", OwnMessage, Setup::None),
    (
        "compose.move",
        Same,
        Setup::Throwaway("rB3RBX1N_7BVvD3Aa2riP"),
    ),
    ("compose.move.unknown-compose", Same, Setup::None),
    // rec-web's Traefik file and resources, then preview deployments, in the order they were
    // recorded: the storefront stands for rec-web (a domain, a redirect and a basic-auth user,
    // so the same routers and middlewares), admin-panel for it where it had no previews
    (
        "application.readTraefikConfig.with-middlewares",
        Same,
        Setup::None,
    ),
    ("application.update.resources", Same, Setup::None),
    ("application.update.unknown-id", Same, Setup::None),
    ("application.updateTraefikConfig", Same, Setup::None),
    (
        "application.readTraefikConfig.after-update",
        SameBody,
        Setup::None,
    ),
    (
        "application.updateTraefikConfig.missing-config-400",
        Same,
        Setup::None,
    ),
    (
        "application.readTraefikConfig.after-middleware-removal",
        Same,
        Setup::None,
    ),
    (
        "deployment.allByType.previewDeployment-unknown-id",
        Same,
        Setup::None,
    ),
    ("previewDeployment.all", Same, Setup::Bare),
    ("previewDeployment.one.unknown-id", Same, Setup::None),
    // the deployments activity center: every deployment (applications' and compose services'
    // rows), the queue (idle: the recorded instance failed its deploys at once), a build killed
    // and a cancellation refused, rollbacks that do not exist, and one service's deployments by
    // type; the storefront stands for rec-web, n8n for rec-stack
    (
        "deployment.allCentralized",
        EachOf("deployment.allCentralized.with-rec-wave2"),
        Setup::None,
    ),
    (
        "deployment.allCentralized.with-rec-wave2",
        EachOf("deployment.allCentralized.with-rec-wave2"),
        Setup::None,
    ),
    ("deployment.queueList", Same, Setup::None),
    (
        "deployment.queueList.right-after-redeploy",
        Same,
        Setup::None,
    ),
    ("deployment.queueList.after-redeploy", Same, Setup::None),
    ("application.killBuild", Same, Setup::None),
    ("application.cancelDeployment", Same, Setup::None),
    ("rollback.rollback.missing-id-400", Same, Setup::None),
    ("rollback.rollback.unknown-id", Same, Setup::None),
    ("deployment.allByType.application", Same, Setup::None),
    ("deployment.allByType.application-two", Same, Setup::None),
    (
        "deployment.allByType.application-after-clear",
        Same,
        Setup::None,
    ),
    ("deployment.allByType.application-empty", Same, Setup::None),
    ("deployment.allByType.compose-empty", Same, Setup::None),
    ("deployment.allByType.bad-type-400", Same, Setup::None),
    ("deployment.allByType.server-unknown-id", Same, Setup::None),
    // tags, in the order they were recorded, the seeded ones removed first; the shop stands for
    // rec-wave2 (tag ids the recording made are taken from the sandbox's answers as the rows go)
    ("tag.all", Same, Setup::NoTags),
    ("tag.create.missing-name-400", Same, Setup::None),
    ("tag.create", Same, Setup::None),
    ("tag.create.duplicate-400", OwnParams, Setup::None),
    ("tag.create.no-color", Same, Setup::None),
    ("tag.all.with-tags", Same, Setup::None),
    ("tag.one", Same, Setup::None),
    ("tag.one.unknown-id-404", Same, Setup::None),
    ("tag.update", Same, Setup::None),
    ("tag.update.duplicate-name-400", OwnParams, Setup::None),
    ("tag.update.unknown-id-404", Same, Setup::None),
    ("tag.assignToProject", Same, Setup::None),
    ("tag.assignToProject.duplicate-400", OwnParams, Setup::None),
    ("tag.assignToProject.unknown-project-404", Same, Setup::None),
    ("project.all.with-project-tag", Same, Setup::None),
    ("project.one.with-project-tag", Same, Setup::None),
    ("tag.removeFromProject", Same, Setup::None),
    ("tag.removeFromProject.not-assigned", Same, Setup::None),
    ("tag.bulkAssign", Same, Setup::None),
    ("tag.bulkAssign.unknown-tag-404", Same, Setup::None),
    ("tag.bulkAssign.empty-clears", Same, Setup::None),
    ("tag.bulkAssign.reassign-one", Same, Setup::None),
    ("tag.remove", Same, Setup::None),
    ("tag.remove.assigned-tag", Same, Setup::None),
    ("tag.remove.unknown-id-404", Same, Setup::None),
    ("project.one.after-tag-remove", Same, Setup::None),
    ("tag.all.after-remove", Same, Setup::None),
    // registries, in the order they were recorded, the seeded ones removed first; the failed
    // logins' messages carry the time they failed (their words: src/registries.rs's tests)
    ("registry.all", Same, Setup::Cleared("registry")),
    ("registry.create.missing-fields-400", Same, Setup::None),
    (
        "registry.create.unreachable-registry-400",
        OwnMessage,
        Setup::None,
    ),
    ("registry.create", Same, Setup::None),
    ("registry.all.with-registry", Same, Setup::None),
    ("registry.one", Same, Setup::None),
    ("registry.one.unknown-id-404", Same, Setup::None),
    ("registry.update", Same, Setup::None),
    ("registry.one.after-update", Same, Setup::None),
    ("registry.testRegistry", OwnMessage, Setup::None),
    ("registry.testRegistry.reachable", Same, Setup::None),
    ("registry.testRegistryById", Same, Setup::None),
    ("registry.testRegistryById.unknown-id", Same, Setup::None),
    ("registry.remove", Same, Setup::None),
    ("registry.remove.unknown-id", Same, Setup::None),
    ("registry.all.after-remove", Same, Setup::None),
    // SSH keys, the seeded one removed first
    ("sshKey.all", Same, Setup::Cleared("sshKey")),
    ("sshKey.generate.bad-type-400", Same, Setup::None),
    ("sshKey.generate.ed25519", Same, Setup::None),
    ("sshKey.create.missing-fields-400", Same, Setup::None),
    (
        "sshKey.create",
        Same,
        Setup::CaptureSshKey("xSb8glEvfrxENJl6LXE1A"),
    ),
    ("sshKey.all.with-key", Same, Setup::None),
    ("sshKey.allForApps", Same, Setup::None),
    ("sshKey.one", Same, Setup::None),
    ("sshKey.one.unknown-id-404", Same, Setup::None),
    ("sshKey.update", Same, Setup::None),
    ("sshKey.remove", Same, Setup::None),
    ("sshKey.remove.unknown-id", Same, Setup::None),
    ("sshKey.all.after-remove", Same, Setup::None),
    // certificates, the seeded one removed first
    ("certificates.all", Same, Setup::Cleared("certificates")),
    ("certificates.create.missing-fields-400", Same, Setup::None),
    ("certificates.create", Same, Setup::None),
    ("certificates.all.with-cert", Same, Setup::None),
    ("certificates.one", Same, Setup::None),
    ("certificates.one.unknown-id-404", Same, Setup::None),
    ("certificates.remove", Same, Setup::None),
    ("certificates.remove.unknown-id", Same, Setup::None),
    ("certificates.all.after-remove", Same, Setup::None),
    // git providers and remote servers, the seeded ones removed first (the recorded instance
    // had none); the metrics of a URL that does not parse, and of one nobody answers
    ("gitProvider.getAll", Same, Setup::Cleared("gitProvider")),
    ("server.all", Same, Setup::Cleared("server")),
    ("server.all.wave2", Same, Setup::None),
    ("server.count", Same, Setup::None),
    ("server.count.wave2", Same, Setup::None),
    ("server.withSSHKey", Same, Setup::None),
    ("server.buildServers", Same, Setup::None),
    ("server.one.unknown-id-404", Same, Setup::None),
    ("server.allForPermissions", Same, Setup::None),
    ("server.getServerMetrics.bad-url", Same, Setup::None),
    (
        "server.getServerMetrics.loopback-refused",
        Same,
        Setup::None,
    ), // duplicating: an environment (empty), then services into the same environment (rec-db,
    // standing for shop-db, has backups: the recorded failure), then into a new project, which
    // is then removed
    ("environment.duplicate.missing-name-400", Same, Setup::None),
    ("environment.duplicate", Same, Setup::None),
    ("environment.duplicate.unknown-id-400", Same, Setup::None),
    (
        "environment.one.production-after-duplicate",
        Same,
        Setup::None,
    ),
    ("project.duplicate.missing-name-400", Same, Setup::None),
    (
        "project.duplicate.same-project-with-db-backup-fails",
        OwnParams,
        Setup::None,
    ),
    ("project.duplicate.same-project", Same, Setup::None),
    ("environment.one.staging-after-duplicate", Same, Setup::None),
    (
        "environment.one.staging-after-duplicate-2",
        Same,
        Setup::None,
    ),
    (
        "project.duplicate.new-project",
        Same,
        Setup::CaptureProject("cu1fjbJyMPjjXMDexs91i"),
    ),
    ("project.remove.duplicated-project", Same, Setup::None),
    // notifications, in the order they were recorded, the seeded ones removed first (the
    // recorded instance had none; the creates answer nothing, so each recorded id stands for
    // the sandbox's newest notification); the tests' targets refuse (port 9)
    ("notification.all", Same, Setup::Cleared("notification")),
    (
        "notification.createNtfy.missing-fields-400",
        Same,
        Setup::None,
    ),
    (
        "notification.createNtfy",
        Same,
        Setup::CaptureNotification("toz-gF6cUk2pocRIXaYmw"),
    ),
    (
        "notification.createSlack",
        Same,
        Setup::CaptureNotification("o0TCHUTOuInNVhxdONJ8y"),
    ),
    (
        "notification.createCustom",
        Same,
        Setup::CaptureNotification("w77UPdShTTKzjWM72-FDj"),
    ),
    (
        "notification.createCustom.minimal",
        Same,
        Setup::CaptureNotification("g4b2wcs4bLr9msreX5hoJ"),
    ),
    ("notification.all.with-notifications", Same, Setup::None),
    ("notification.one.ntfy", Same, Setup::None),
    ("notification.one.slack", Same, Setup::None),
    ("notification.one.custom", Same, Setup::None),
    ("notification.one.unknown-id-404", Same, Setup::None),
    ("notification.testNtfyConnection", Same, Setup::None),
    ("notification.testSlackConnection", Same, Setup::None),
    ("notification.testCustomConnection", Same, Setup::None),
    ("notification.remove.webhook-min", Same, Setup::None),
    ("notification.remove.webhook", Same, Setup::None),
    ("notification.remove.ntfy", Same, Setup::None),
    ("notification.remove.slack", Same, Setup::None),
    ("notification.remove.unknown-id", Same, Setup::None),
    ("notification.all.after-remove", Same, Setup::None),
];

/// Recordings of v0.30.2 whose answers come from Docker, replayed against a sandbox without a
/// Docker engine (`--no-docker`), as the recording machine was: the containers' lists are
/// empty, a restart and the monitoring fail with the daemon's errors, and so do the logs (the
/// recorded error names the recording's appName: the sandbox's names its own).
const V030_NO_DOCKER: &[(&str, Expect, Setup)] = &[
    ("docker.getContainers", Same, Setup::None),
    ("docker.getConfig", Same, Setup::None),
    ("docker.getContainersByAppNameMatch", Same, Setup::None),
    (
        "docker.getContainersByAppNameMatch.rec-wave2-app",
        Same,
        Setup::None,
    ),
    (
        "docker.getContainersByAppNameMatch.docker-compose",
        Same,
        Setup::None,
    ),
    (
        "docker.getContainersByAppNameMatch.stack",
        Same,
        Setup::None,
    ),
    (
        "docker.getContainersByAppNameMatch.bad-name-400",
        Same,
        Setup::None,
    ),
    (
        "docker.getContainersByAppLabel.standalone",
        Same,
        Setup::None,
    ),
    ("docker.getContainersByAppLabel.swarm", Same, Setup::None),
    (
        "docker.getContainersByAppLabel.missing-type-400",
        Same,
        Setup::None,
    ),
    ("docker.getServiceContainersByAppName", Same, Setup::None),
    ("docker.getStackContainersByAppName", Same, Setup::None),
    ("docker.restartContainer.bad-id-400", Same, Setup::None),
    ("docker.restartContainer.unknown-id", Same, Setup::None),
    ("application.readAppMonitoring", Same, Setup::None),
    ("mounts.allNamedByApplicationId", Same, Setup::None),
    ("compose.readLogs", Same, Setup::None),
    ("application.readLogs", OwnMessage, Setup::None),
    ("postgres.readLogs", OwnMessage, Setup::None),
    ("mysql.readLogs", OwnMessage, Setup::None),
    ("mariadb.readLogs", OwnMessage, Setup::None),
    ("mongo.readLogs", OwnMessage, Setup::None),
    ("redis.readLogs", OwnMessage, Setup::None),
    ("libsql.readLogs", OwnMessage, Setup::None),
];

/// Recordings of implemented procedures deliberately not replayed, and why.
const V030_NOT_REPLAYED: &[(&str, &str)] = &[(
    "auth.session-cookie.project.all",
    "browser session cookies (better-auth) are not part of the API Skiff uses",
)];

/// The recorded application of wave 2 (rec-web).
const REC_WEB: &str = "AZwbDNdtnDEzWLcfqeGXT";

/// The seeded application without mounts, ports, redirects or basic-auth users (admin-panel).
fn bare_app(handle: &Handle) -> String {
    let st = handle.shared.lock();
    st.services
        .iter()
        .find(|(_, s)| s.row.get("appName") == Some(&json!("tools-admin-panel-b1x5cz")))
        .map(|(id, _)| id.clone())
        .expect("seeded admin-panel")
}

/// A new service in the shop's production environment, of the kind of procedure `name`
/// (`compose.move`: a compose service), with the columns of the recorded answer `row` but its id
/// and environment.
fn throwaway(handle: &Handle, name: &str, row: &Value) -> String {
    let router = name.split('.').next().unwrap_or_default();
    let kind = Kind::from_router(router).unwrap_or_else(|| panic!("{name} is no service's"));
    let mut st = handle.shared.lock();
    let production = st.project_by_name("shop").expect("shop project").env_ids[0].clone();
    let id = st.add_service(
        kind,
        &production,
        "throw-away",
        None,
        Value::Null,
        None,
        skiff_sandbox::util::now_ms(),
    );
    let mut columns = row.as_object().cloned().unwrap_or_default();
    columns.remove(kind.id_key());
    columns.remove("environmentId");
    st.set(&id, Value::Object(columns));
    id
}

fn exchange(dir: &Path, name: &str) -> Value {
    let path = dir.join("_exchanges").join(format!("{name}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Recorded ids (and names that act as ids) -> the sandbox's ids of the same kind.
fn id_map(handle: &Handle) -> Vec<(String, String)> {
    let st = handle.shared.lock();
    let by_app_name = |app: &str| -> String {
        st.services
            .iter()
            .find(|(_, s)| s.row.get("appName") == Some(&json!(app)))
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| panic!("seeded service {app}"))
    };
    let shop = st.project_by_name("shop").expect("shop project");
    let shop_id = shop.row["projectId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let prod = shop.env_ids[0].clone();
    let storefront = by_app_name("shop-storefront-x1k2p9");
    let monitoring = by_app_name("shop-monitoring-h5w3ke");
    let last_deployment = |sid: &str| -> String {
        st.deployments
            .iter()
            .rev()
            .find(|d| d.service_id == sid)
            .and_then(|d| d.row["deploymentId"].as_str().map(String::from))
            .unwrap_or_default()
    };
    let owner = st.owner().row["userId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let org = st.org["id"].as_str().unwrap_or_default().to_string();
    let pairs: Vec<(&str, String)> = vec![
        ("8z0E0t5wEC40kLRU2yeyv", shop_id.clone()),
        ("cFzVKzQKgbYi7DQtiMbH1", prod),
        ("HIIRkuAHacAmtekIkzDc1", storefront.clone()),
        ("BA2dh2y9iWPH4GIbnvVU6", monitoring.clone()),
        ("REa-QKuwPKc9LKlW38KO-", by_app_name("shop-db-7f3k2a")),
        ("LcFNWsQlHUjRhwOlhAesj", by_app_name("blog-mysql-r8e1wo")),
        (
            "cdWF9lCTWedcHD6ftiq9A",
            by_app_name("blog-comments-db-f3n7lp"),
        ),
        (
            "uMZn_L5WnvA1VdsXolDnn",
            by_app_name("tools-analytics-mongo-g7u3hq"),
        ),
        ("FOSSVPlVYJKG91mO3YpzC", by_app_name("shop-cache-p2l9sd")),
        (
            "kOzdHLTw9eyss7FQEB9SV",
            by_app_name("tools-feature-flags-w2s6jd"),
        ),
        ("Wh69hsI0fS5y78uMOoAXz", last_deployment(&storefront)),
        ("6hIpiZ7hszxa3DPNScVsJ", last_deployment(&storefront)),
        ("Fjjl5MsXAyjdq_hm4HwnJ", last_deployment(&monitoring)),
        ("g7r0HTSsPve4RVxUm_HK3", last_deployment(&monitoring)),
        ("iTJ1qoQ4qXDruGDJ6IczoSWQLI0huEaJ", owner),
        ("IZIsi2ksjOBTtFQk0faY8", org),
        // Wave 2 (backups, schedules): rec-db, rec-stack (a compose with a `db` service),
        // rec-web, and a deployment to remove
        ("ysObs3MpxJSWfh319yvRC", by_app_name("shop-db-7f3k2a")),
        ("rB3RBX1N_7BVvD3Aa2riP", by_app_name("tools-n8n-e4k9mv")),
        ("AZwbDNdtnDEzWLcfqeGXT", storefront.clone()),
        (
            "sZ85Le0YLYVxG2FcjPDQq",
            last_deployment(&by_app_name("shop-flaky-worker-c7v1nb")),
        ),
        ("peer-app-bmhkij", "shop-storefront-x1k2p9".into()),
        // rec-wave2's production environment (duplicated)
        ("nTCBu-eOEM5EMGInce6aj", shop.env_ids[0].clone()),
        // rec-wave2's staging environment (where rec-web and rec-stack were moved)
        ("9SIlobx191JzPvNAJyKvG", shop.env_ids[1].clone()),
        // rec-wave2, the project the recording gave tags
        ("NWnI7UOyCArlF7C5c3D80", shop_id),
        ("api-key-01-redacted", KEY.into()),
    ];
    pairs.into_iter().map(|(a, b)| (a.to_string(), b)).collect()
}

fn substitute(text: &str, ids: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (from, to) in ids {
        out = out.replace(from.as_str(), to);
    }
    out
}

/// Sends the recorded request of `ex` (ids substituted) to the sandbox.
async fn replay(
    handle: &Handle,
    ex: &Value,
    ids: &[(String, String)],
    key_override: Option<&str>,
) -> Resp {
    let req = &ex["request"];
    let method = req["method"].as_str().unwrap_or("GET");
    let url = req["url"].as_str().unwrap_or("");
    let path_start = url.find("/api/").unwrap_or(0);
    let path = substitute(&url[path_start..], ids);
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut has_auth = false;
    if let Some(h) = req["headers"].as_object() {
        for (k, v) in h {
            let mut v = substitute(v.as_str().unwrap_or(""), ids);
            if k.eq_ignore_ascii_case("cookie") {
                // Recorded with a browser session: the sandbox takes the owner's credential.
                if handle.shared.config.era.bearer() {
                    headers.push((
                        "Authorization".into(),
                        format!("Bearer {}", current_token(handle)),
                    ));
                } else {
                    headers.push(("x-api-key".into(), KEY.into()));
                }
                has_auth = true;
                continue;
            }
            if k.eq_ignore_ascii_case("x-api-key") {
                if let Some(key) = key_override {
                    v = key.to_string();
                }
                has_auth = true;
            }
            headers.push((k.clone(), v));
        }
    }
    let _ = has_auth;
    let body: Option<Vec<u8>> = match (req.get("body_raw"), req.get("body")) {
        (Some(Value::String(raw)), _) => Some(substitute(raw, ids).into_bytes()),
        (_, Some(Value::Null)) | (_, None) => None,
        (_, Some(Value::String(raw))) => Some(substitute(raw, ids).into_bytes()),
        (_, Some(v)) => Some(substitute(&v.to_string(), ids).into_bytes()),
    };
    let hdrs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    request(handle.addr, method, &path, &hdrs, body.as_deref()).await
}

/// Compares a sandbox answer with the recorded exchange; returns the differences.
fn compare(name: &str, want: &Value, got: &Resp, own_message: bool) -> Vec<String> {
    let mut diffs = Vec::new();
    let status = want["status"].as_u64().unwrap_or(0) as u16;
    if status != got.status {
        diffs.push(format!(
            "status: recorded {status}, got {} ({})",
            got.status,
            got.text()
        ));
        return diffs;
    }
    let body = &want["body"];
    // No CORS headers where Dokploy sends none.
    let recorded_cors = want["headers"].as_object().is_some_and(|h| {
        h.keys()
            .any(|k| k.to_ascii_lowercase().starts_with("access-control"))
    });
    if !recorded_cors
        && got
            .headers
            .iter()
            .any(|(k, _)| k.to_ascii_lowercase().starts_with("access-control"))
    {
        diffs.push("sends CORS headers that Dokploy does not".into());
    }
    match body {
        Value::Null if status == 200 => {
            if !got.body.is_empty() {
                diffs.push(format!("expected an empty body, got {:?}", got.text()));
            }
            if got.header("content-type") != Some("application/json") {
                diffs.push("void answer without Content-Type application/json".into());
            }
        }
        Value::String(text) if !want["headers"]["Content-Type"].is_string() => {
            if &got.text() != text {
                diffs.push(format!(
                    "plain body: recorded {text:?}, got {:?}",
                    got.text()
                ));
            }
        }
        _ => match serde_json::from_slice::<Value>(&got.body) {
            Err(e) => diffs.push(format!("body is not JSON ({e}): {:?}", got.text())),
            Ok(got_json) => {
                let without_message = |v: &Value| {
                    let mut v = v.clone();
                    if let Some(m) = v.as_object_mut() {
                        m.remove("message");
                    }
                    v
                };
                if own_message {
                    if !got_json["message"].is_string() {
                        diffs.push(format!("no error message: {got_json}"));
                    }
                    if without_message(&got_json) != without_message(body) {
                        diffs.push(format!(
                            "error body differs (message aside):\n  recorded {body}\n  got      {got_json}"
                        ));
                    }
                } else if status >= 400 && &got_json != body {
                    diffs.push(format!(
                        "error body differs:\n  recorded {body}\n  got      {got_json}"
                    ));
                }
                shape_diff(body, &got_json, name, &mut diffs);
            }
        },
    }
    diffs
}

/// Compares an error answer with the recorded one, the `params:` of its message aside (the
/// query before them must read the same).
fn compare_but_params(name: &str, want: &Value, got: &Resp) -> Vec<String> {
    let mut diffs = compare(name, want, got, true);
    if !diffs.is_empty() {
        return diffs;
    }
    let query = |m: &str| m.split_once("\nparams: ").map(|(q, _)| q.to_string());
    let recorded = want["body"]["message"].as_str().and_then(query);
    let answered = serde_json::from_slice::<Value>(&got.body)
        .ok()
        .and_then(|v| v["message"].as_str().and_then(query));
    if recorded.is_none() || recorded != answered {
        diffs.push(format!(
            "the failed query differs:\n  recorded {recorded:?}\n  got      {answered:?}"
        ));
    }
    diffs
}

/// Removes the organization's tags through the API (`tag.remove` also takes them off their
/// projects).
async fn remove_tags(handle: &Handle) {
    let tags = common::get(handle.addr, "/api/tag.all", KEY).await.json();
    for tag in tags.as_array().into_iter().flatten() {
        let r = common::post(
            handle.addr,
            "/api/tag.remove",
            KEY,
            &json!({"tagId": tag["tagId"]}),
        )
        .await;
        assert_eq!(r.status, 200, "removing a seeded tag: {}", r.text());
    }
}

/// Compares an answered list with the rows of a recorded one: same status, and each row the
/// shape of one of the recorded rows.
fn compare_each(name: &str, want: &Value, got: &Resp) -> Vec<String> {
    let status = want["status"].as_u64().unwrap_or(0) as u16;
    if status != got.status {
        return vec![format!(
            "status: recorded {status}, got {} ({})",
            got.status,
            got.text()
        )];
    }
    let (Some(rows), Ok(Value::Array(answer))) = (
        want["body"].as_array(),
        serde_json::from_slice::<Value>(&got.body),
    ) else {
        return vec![format!("not a list: {}", got.text())];
    };
    let mut diffs = Vec::new();
    for (i, row) in answer.iter().enumerate() {
        let tries: Vec<Vec<String>> = rows
            .iter()
            .map(|w| {
                let mut d = Vec::new();
                shape_diff(w, row, &format!("{name}[{i}]"), &mut d);
                d
            })
            .collect();
        if !tries.iter().any(Vec::is_empty) {
            diffs.extend(tries.into_iter().next().unwrap_or_default());
        }
    }
    diffs
}

async fn spend_key(handle: &Handle) -> String {
    let r = common::post(
        handle.addr,
        "/api/user.createApiKey",
        KEY,
        &json!({"name": "spent", "metadata": {"organizationId": "x"}}),
    )
    .await;
    let key = r.json()["key"].as_str().unwrap_or_default().to_string();
    for i in 0..10 {
        let r = common::get(handle.addr, "/api/settings.health", &key).await;
        assert_eq!(
            r.status,
            200,
            "request {} of a fresh rate-limited key",
            i + 1
        );
    }
    key
}

async fn run_table(dir: &Path, rows: &[(&str, Expect, Setup)], config: Config) -> Vec<String> {
    let handle = start(config.clone()).await;
    let mut base_ids = id_map_for(&handle, config.era);
    let mut failures = Vec::new();
    for (name, expect, setup) in rows {
        let ex = exchange(dir, name);
        let mut ids = base_ids.clone();
        if config.era.bearer() {
            let token = current_token(&handle);
            for placeholder in [
                "token-04-redacted",
                "token-08-redacted",
                "secret-01-redacted",
                "secret-02-redacted",
            ] {
                ids.push((placeholder.into(), token.clone()));
            }
        }
        let resp = match setup {
            Setup::None => replay(&handle, &ex, &ids, None).await,
            Setup::Rotate => {
                let old = current_token(&handle);
                let auth = format!("Bearer {old}");
                let r = request(
                    handle.addr,
                    "POST",
                    "/api/auth.generateToken",
                    &[("Authorization", &auth)],
                    None,
                )
                .await;
                assert_eq!(r.status, 200, "rotate: {}", r.text());
                assert_ne!(current_token(&handle), old, "rotation changes the token");
                ids.retain(|(k, _)| !k.starts_with("token-"));
                ids.push(("token-04-redacted".into(), old.clone()));
                ids.push(("token-08-redacted".into(), old));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::FreshProject => {
                let auth = format!("Bearer {}", current_token(&handle));
                let r = request(
                    handle.addr,
                    "POST",
                    "/api/project.create",
                    &[
                        ("Authorization", &auth),
                        ("Content-Type", "application/json"),
                    ],
                    Some(br#"{"name":"x"}"#),
                )
                .await;
                let pid = r.json()["projectId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                ids.push(("BiZJHpiK7f_44dsdeLBvI".into(), pid));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::Empty => {
                let mut c = config.clone();
                c.seed = SeedOptions {
                    projects: Some(0),
                    services_per_project: 0,
                    fail_deploys: false,
                    ..SeedOptions::default()
                };
                let empty = start(c).await;
                replay(&empty, &ex, &ids, None).await
            }
            Setup::SpentKey => {
                let key = spend_key(&handle).await;
                replay(&handle, &ex, &ids, Some(&key)).await
            }
            Setup::Rename(from, to) => {
                ids.push((from.to_string(), to.to_string()));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::FlakyDestination => {
                let flaky = {
                    let st = handle.shared.lock();
                    st.destinations
                        .iter()
                        .find(|d| d["name"] == "flaky-r2")
                        .and_then(|d| d["destinationId"].as_str().map(String::from))
                        .expect("the seeded flaky-r2 destination")
                };
                ids.insert(0, ("kYRz8mylTRpDDlEPV6Eh0".into(), flaky));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::FlakyBackup(recorded) => {
                make_flaky(&handle, &mapped(&ids, recorded));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::CaptureBackup(_)
            | Setup::CaptureRun(_)
            | Setup::CaptureKey(_)
            | Setup::CaptureProject(_)
            | Setup::CaptureNotification(_) => replay(&handle, &ex, &ids, None).await,
            Setup::Bare | Setup::BareCapture(_) => {
                ids.insert(0, (REC_WEB.into(), bare_app(&handle)));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::Throwaway(recorded) => {
                let copy = throwaway(&handle, name, &ex["body"]);
                ids.insert(0, (recorded.to_string(), copy));
                replay(&handle, &ex, &ids, None).await
            }
            Setup::NoTags => {
                remove_tags(&handle).await;
                replay(&handle, &ex, &ids, None).await
            }
            Setup::Cleared(router) => {
                {
                    let mut st = handle.shared.lock();
                    match *router {
                        "registry" => st.registries.clear(),
                        "sshKey" => st.ssh_keys.clear(),
                        "certificates" => st.certificates.clear(),
                        "gitProvider" => st.git_providers.clear(),
                        "server" => st.servers.clear(),
                        "notification" => st.notifications.clear(),
                        other => panic!("no rows to clear for {other}"),
                    }
                }
                replay(&handle, &ex, &ids, None).await
            }
            Setup::CaptureSshKey(_) => {
                ids.push((
                    "secret-11-redacted".into(),
                    "c2VjcmV0LTExLXJlZGFjdGVk".into(),
                ));
                replay(&handle, &ex, &ids, None).await
            }
        };
        // Ids the recording's server made, taken from the sandbox's answer to the same request.
        match setup {
            Setup::CaptureBackup(recorded) => {
                let st = handle.shared.lock();
                let newest = st.backups.last().map(|b| b["backupId"].clone());
                if let Some(Value::String(id)) = newest {
                    base_ids.push((recorded.to_string(), id));
                }
            }
            Setup::CaptureRun(recorded) => {
                let st = handle.shared.lock();
                let newest = st.deployments.last().map(|d| d.row["deploymentId"].clone());
                if let Some(Value::String(id)) = newest {
                    base_ids.push((recorded.to_string(), id));
                }
            }
            Setup::CaptureKey(recorded) => {
                let st = handle.shared.lock();
                let newest = st.api_keys.last().map(|k| k.row["id"].clone());
                if let Some(Value::String(id)) = newest {
                    base_ids.push((recorded.to_string(), id));
                }
            }
            Setup::CaptureProject(recorded) => {
                let st = handle.shared.lock();
                if let Some(id) = st.project_order.last() {
                    base_ids.push((recorded.to_string(), id.clone()));
                }
            }
            Setup::CaptureNotification(recorded) => {
                let st = handle.shared.lock();
                let newest = st
                    .notifications
                    .last()
                    .map(|n| n.row["notificationId"].clone());
                if let Some(Value::String(id)) = newest {
                    base_ids.push((recorded.to_string(), id));
                }
            }
            Setup::CaptureSshKey(recorded) => {
                let st = handle.shared.lock();
                let newest = st.ssh_keys.last().map(|k| k["sshKeyId"].clone());
                if let Some(Value::String(id)) = newest {
                    base_ids.push((recorded.to_string(), id));
                }
            }
            Setup::BareCapture(recorded) => {
                let st = handle.shared.lock();
                let newest = match name.split('.').next() {
                    Some("redirects") => st.redirects.last().map(|r| r["redirectId"].clone()),
                    Some("security") => st.security.last().map(|r| r["securityId"].clone()),
                    _ => None,
                };
                if let Some(Value::String(id)) = newest {
                    base_ids.push((recorded.to_string(), id));
                }
            }
            _ => capture_ids(&ex["body"], &resp, &mut base_ids),
        }
        let want = match expect {
            Same | OwnMessage | OwnParams | SameBody => ex,
            Like(other) | EachOf(other) => exchange(dir, other),
        };
        if name.contains(".deploy") {
            wait_for_deploys(&handle).await;
        }
        let mut diffs = match expect {
            EachOf(_) => compare_each(name, &want, &resp),
            OwnParams => compare_but_params(name, &want, &resp),
            _ => compare(name, &want, &resp, matches!(expect, OwnMessage)),
        };
        if matches!(expect, SameBody)
            && serde_json::from_slice::<Value>(&resp.body).ok().as_ref() != Some(&want["body"])
        {
            diffs.push(format!(
                "body: recorded {}, got {}",
                want["body"],
                resp.text()
            ));
        }
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
        }
    }
    failures
}

/// Gives backup `id` a `flaky-` prefix: its runs fail.
fn make_flaky(handle: &Handle, id: &str) {
    let mut st = handle.shared.lock();
    let b = st
        .backups
        .iter_mut()
        .find(|b| b["backupId"] == id)
        .unwrap_or_else(|| panic!("no backup {id}"));
    let prefix = format!("flaky-{}", b["prefix"].as_str().unwrap_or_default());
    b.insert("prefix".into(), json!(prefix));
}

/// The sandbox's id for a recorded one.
fn mapped(ids: &[(String, String)], recorded: &str) -> String {
    ids.iter()
        .find(|(k, _)| k == recorded)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| recorded.to_string())
}

/// The recorded answer made rows (`destination.create`, `schedule.runManually`, ...): from now
/// on their recorded ids stand for the ids of the sandbox's answer.
fn capture_ids(recorded: &Value, got: &Resp, ids: &mut Vec<(String, String)>) {
    if got.status != 200 {
        return;
    }
    let (Some(want), Ok(Value::Object(got))) = (
        recorded.as_object(),
        serde_json::from_slice::<Value>(&got.body),
    ) else {
        return;
    };
    for (k, v) in want {
        let (Some(from), Some(to)) = (v.as_str(), got.get(k).and_then(Value::as_str)) else {
            continue;
        };
        if k.ends_with("Id") && from != to && !ids.iter().any(|(r, _)| r == from) {
            ids.push((from.to_string(), to.to_string()));
        }
    }
}

/// Waits until no deployment is running (so later answers carry finished deployments).
async fn wait_for_deploys(handle: &Handle) {
    for _ in 0..500 {
        let running = {
            let st = handle.shared.lock();
            !st.queue.is_empty()
                || st.deployments.iter().any(|d| d.row["status"] == "running")
                || st
                    .services
                    .values()
                    .any(|s| s.row.get(s.kind.status_key()) == Some(&json!("running")))
        };
        if !running {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("deployments still running after 5 s");
}

fn id_map_for(handle: &Handle, era: Era) -> Vec<(String, String)> {
    match era {
        Era::V0_18_4 => legacy_id_map(handle),
        Era::V0_24_12 => v0_24_id_map(handle),
        Era::V0_30_2 => id_map(handle),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v0_30_2_recordings_without_docker_match_no_docker() {
    let dir = recordings_dir().join("v0.30.2");
    let config = Config {
        no_docker: true,
        ..Config::default()
    };
    let failures = run_table(&dir, V030_NO_DOCKER, config).await;
    assert!(
        failures.is_empty(),
        "{} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v0_30_2_recordings_match() {
    let dir = recordings_dir().join("v0.30.2");
    let failures = run_table(&dir, V030, Config::default()).await;
    assert!(
        failures.is_empty(),
        "{} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Procedure of a recorded exchange (`project.all` for `GET /api/project.all?...`).
fn recorded_procedure(ex: &Value) -> Option<String> {
    let url = ex["request"]["url"].as_str()?;
    let rest = &url[url.find("/api/")? + 5..];
    Some(rest.split('?').next()?.to_string())
}

fn recordings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join("_exchanges"))
        .expect("recordings")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
                .map(String::from)
        })
        .collect();
    names.sort();
    names
}

/// Every recording of a procedure the sandbox implements has a conformance row (or a reason).
#[test]
fn every_implemented_recording_has_a_row() {
    let check = |dir: &Path, rows: &[(&str, Expect, Setup)], skipped: &[(&str, &str)], era: Era| {
        let listed: BTreeSet<&str> = rows
            .iter()
            .map(|r| r.0)
            .chain(skipped.iter().map(|s| s.0))
            .collect();
        let mut missing = Vec::new();
        for name in recordings(dir) {
            let ex = exchange(dir, &name);
            let Some(procedure) = recorded_procedure(&ex) else {
                continue;
            };
            let implemented = era.find(&procedure).is_some();
            if implemented && !listed.contains(name.as_str()) {
                missing.push(name);
            }
        }
        for (name, ..) in rows {
            assert!(
                dir.join("_exchanges")
                    .join(format!("{name}.json"))
                    .is_file(),
                "row {name} has no recording"
            );
        }
        missing
    };
    let v030_rows: Vec<_> = V030.iter().chain(V030_NO_DOCKER).copied().collect();
    let v030 = check(
        &recordings_dir().join("v0.30.2"),
        &v030_rows,
        V030_NOT_REPLAYED,
        Era::V0_30_2,
    );
    assert!(
        v030.is_empty(),
        "v0.30.2 recordings of implemented procedures without a row: {v030:?}"
    );
    let legacy = check(
        &recordings_dir().join("legacy/v0.18.4"),
        LEGACY,
        LEGACY_NOT_REPLAYED,
        Era::V0_18_4,
    );
    assert!(
        legacy.is_empty(),
        "v0.18.4 recordings of implemented procedures without a row: {legacy:?}"
    );
    let v024 = check(
        &recordings_dir().join("legacy/v0.24.12"),
        V0_24,
        V0_24_NOT_REPLAYED,
        Era::V0_24_12,
    );
    assert!(
        v024.is_empty(),
        "v0.24.12 recordings of implemented procedures without a row: {v024:?}"
    );
}

// ------------------------------------------------------------------ legacy (v0.18.4)

/// Recordings of Dokploy v0.18.4 replayed against `--legacy`.
const LEGACY: &[(&str, Expect, Setup)] = &[
    ("settings.getDokployVersion", Same, Setup::None),
    ("settings.health", Same, Setup::None),
    ("health", Same, Setup::None),
    ("user.all", Same, Setup::None),
    ("project.all", Same, Setup::None),
    ("project.all.empty", Same, Setup::Empty),
    ("project.one", Same, Setup::None),
    ("application.one", Same, Setup::None),
    ("compose.one", Same, Setup::None),
    ("postgres.one", Same, Setup::None),
    ("mysql.one", Same, Setup::None),
    ("mariadb.one", Same, Setup::None),
    ("mongo.one", Same, Setup::None),
    ("redis.one", Same, Setup::None),
    ("deployment.all", Same, Setup::None),
    ("deployment.allByCompose", Same, Setup::None),
    ("project.create", Same, Setup::None),
    ("application.create", Same, Setup::None),
    ("compose.create", Same, Setup::None),
    ("postgres.create", Same, Setup::None),
    ("mysql.create", Same, Setup::None),
    ("mariadb.create", Same, Setup::None),
    ("mongo.create", Same, Setup::None),
    ("redis.create", Same, Setup::None),
    ("application.saveDockerProvider", Same, Setup::None),
    ("application.deploy", Same, Setup::None),
    ("compose.update.raw", Same, Setup::None),
    ("compose.deploy", Same, Setup::None),
    ("project.remove", Same, Setup::FreshProject),
    ("auth.get", Same, Setup::None),
    ("auth.get.cookie", Same, Setup::None),
    ("auth.get.before-token.cookie", Same, Setup::None),
    ("auth.bearer-token", Same, Setup::None),
    ("auth.bearer-lowercase-scheme", Same, Setup::None),
    ("auth.x-api-key-with-token", Same, Setup::None),
    ("cors.get-with-origin", Same, Setup::None),
    ("cors.preflight.project.all", Same, Setup::None),
    ("cors.preflight.project.all.x-api-key", Same, Setup::None),
    ("cors.preflight.with-token", Same, Setup::None),
    ("error.bad-bearer", Same, Setup::None),
    ("error.bad-x-api-key", Same, Setup::None),
    ("error.basic-auth", Same, Setup::None),
    ("error.empty-bearer", Same, Setup::None),
    ("error.no-credential", Same, Setup::None),
    ("error.get-on-mutation", Same, Setup::None),
    ("error.post-on-query", Same, Setup::None),
    ("error.unknown-procedure", Same, Setup::None),
    ("error.unknown-application-id", Same, Setup::None),
    ("error.unknown-project-id", Same, Setup::None),
    ("error.missing-input", Same, Setup::None),
    ("error.invalid-input.project.create", Same, Setup::None),
    ("error.invalid-input.postgres.create", Same, Setup::None),
    ("error.malformed-json", Same, Setup::None),
    ("error.wrong-content-type", Same, Setup::None),
    // the instance had no servers: the seeded build-01 removed first
    ("server.all", Same, Setup::Cleared("server")),
    ("auth.generateToken.first", Same, Setup::None),
    ("auth.generateToken.rotate", Same, Setup::None),
    ("auth.get.after-rotate", Same, Setup::None),
    ("auth.new-token-after-rotate", Same, Setup::None),
    ("error.old-token-after-rotate", Same, Setup::Rotate),
];

const LEGACY_NOT_REPLAYED: &[(&str, &str)] = &[
    (
        "auth.session-cookie",
        "browser session cookies are not part of the API Skiff uses",
    ),
    (
        "auth.token-as-cookie",
        "browser session cookies are not part of the API Skiff uses",
    ),
    (
        "auth.session-id-as-bearer",
        "login sessions are not simulated; only API tokens",
    ),
];

/// An older era's recorded ids, each paired with the v0.30.2 recording's id of the same thing,
/// as the sandbox's ids (through [`id_map`]).
fn recorded_ids(handle: &Handle, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let modern = id_map(handle);
    pairs
        .iter()
        .map(|(old, current)| {
            let id = modern
                .iter()
                .find(|(k, _)| k == current)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (old.to_string(), id)
        })
        .collect()
}

fn legacy_id_map(handle: &Handle) -> Vec<(String, String)> {
    recorded_ids(
        handle,
        &[
            ("k1bV1Y6d_KhOvOD4D0jFX", "8z0E0t5wEC40kLRU2yeyv"),
            ("pz0UjCxZ0PfievFTh0bny", "HIIRkuAHacAmtekIkzDc1"),
            ("6G5oWst8vtnKClfJINhXH", "BA2dh2y9iWPH4GIbnvVU6"),
            ("5NIzPlCYVC0odSCszzGKm", "REa-QKuwPKc9LKlW38KO-"),
            ("qDFBZs_ZAv6mVG1kNOWvM", "LcFNWsQlHUjRhwOlhAesj"),
            ("fD6rFGyuCHcJlK9XEH9fE", "cdWF9lCTWedcHD6ftiq9A"),
            ("KxrgyPuAdQmm0YmZKm9lF", "uMZn_L5WnvA1VdsXolDnn"),
            ("zpCW2IdNmeq6GOk6-tcYu", "FOSSVPlVYJKG91mO3YpzC"),
        ],
    )
}

/// The bearer token the legacy sandbox accepts right now.
fn current_token(handle: &Handle) -> String {
    handle
        .shared
        .lock()
        .legacy
        .token
        .clone()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v0_18_4_recordings_match_in_legacy_mode() {
    let dir = recordings_dir().join("legacy/v0.18.4");
    let config = Config {
        era: Era::V0_18_4,
        ..Config::default()
    };
    let failures = run_table(&dir, LEGACY, config).await;
    assert!(
        failures.is_empty(),
        "{} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------ v0.24.12

/// Recordings of Dokploy v0.24.12 replayed against `--era v0.24.12`: the reads, the mutations in
/// the order they were recorded, then keys, auth, CORS and errors.
const V0_24: &[(&str, Expect, Setup)] = &[
    ("settings.getDokployVersion", Same, Setup::None),
    ("settings.health", Same, Setup::None),
    ("health", Same, Setup::None),
    ("project.all", Same, Setup::None),
    ("project.all.empty", Same, Setup::Empty),
    ("project.one", Same, Setup::None),
    ("application.one", Same, Setup::None),
    ("compose.one", Same, Setup::None),
    ("postgres.one", Same, Setup::None),
    ("mysql.one", Same, Setup::None),
    ("mariadb.one", Same, Setup::None),
    ("mongo.one", Same, Setup::None),
    ("redis.one", Same, Setup::None),
    ("deployment.all", Same, Setup::None),
    ("deployment.allByCompose", Same, Setup::None),
    ("organization.all", Same, Setup::None),
    ("organization.one", Same, Setup::None),
    ("user.all", Same, Setup::None),
    ("user.one", Same, Setup::None),
    ("user.get", Same, Setup::None),
    ("user.get.cookie", Same, Setup::None),
    // mutations
    ("project.create", Same, Setup::None),
    ("application.create", Same, Setup::None),
    ("compose.create", Same, Setup::None),
    ("postgres.create", Same, Setup::None),
    ("mysql.create", Same, Setup::None),
    ("mariadb.create", Same, Setup::None),
    ("mongo.create", Same, Setup::None),
    ("redis.create", Same, Setup::None),
    ("application.saveDockerProvider", Same, Setup::None),
    ("application.deploy", Same, Setup::None),
    ("compose.update.raw", Same, Setup::None),
    ("compose.deploy", Same, Setup::None),
    // keys: one made (with a prefix and an expiry), listed second after the sandbox's own key
    // as after the recording's, deleted, refused; then one more
    (
        "user.createApiKey.second",
        Same,
        Setup::CaptureKey("XzaI6m8I98UdAX139XZ8ZKM56Rnd9n13"),
    ),
    ("user.get.with-two-keys", Same, Setup::None),
    ("user.deleteApiKey", Same, Setup::None),
    ("error.deleted-key", Same, Setup::None),
    ("user.createApiKey", Same, Setup::None),
    ("error.deleteApiKey-unknown", Same, Setup::None),
    ("error.createApiKey-no-metadata", Same, Setup::None),
    // auth, CORS and errors
    ("auth.x-api-key", Same, Setup::None),
    ("auth.x-api-key-uppercase-name", Same, Setup::None),
    ("auth.bearer-api-key", Same, Setup::None),
    ("auth.bearer-session-token", Same, Setup::None),
    ("cors.get-with-origin", Same, Setup::None),
    ("cors.preflight.project.all", Same, Setup::None),
    ("cors.preflight.with-key", Same, Setup::None),
    ("error.bad-bearer", Same, Setup::None),
    ("error.bad-x-api-key", Same, Setup::None),
    ("error.empty-x-api-key", Same, Setup::None),
    ("error.no-credential", Same, Setup::None),
    ("error.get-on-mutation", Same, Setup::None),
    ("error.post-on-query", Same, Setup::None),
    ("error.unknown-procedure", Same, Setup::None),
    ("error.unknown-application-id", Same, Setup::None),
    ("error.unknown-project-id", Same, Setup::None),
    ("error.missing-input", Same, Setup::None),
    ("error.invalid-input.project.create", Same, Setup::None),
    ("error.invalid-input.postgres.create", Same, Setup::None),
    ("error.malformed-json", Same, Setup::None),
    ("error.wrong-content-type", Same, Setup::None),
    ("error.text-plain-content-type", Same, Setup::None),
    // the instance had no servers: the seeded build-01 removed first
    ("server.all", Same, Setup::Cleared("server")),
];

const V0_24_NOT_REPLAYED: &[(&str, &str)] = &[(
    "auth.session-cookie",
    "browser session cookies (better-auth) are not part of the API Skiff uses",
)];

/// The v0.24.12 recording's ids -> the sandbox's (its project, services, organization, owner
/// and key).
fn v0_24_id_map(handle: &Handle) -> Vec<(String, String)> {
    let mut ids = recorded_ids(
        handle,
        &[
            ("kNWSDH1AwfF3WRBp3WdrP", "8z0E0t5wEC40kLRU2yeyv"),
            ("jEE9vFwbAuPs9jW_QXNgg", "HIIRkuAHacAmtekIkzDc1"),
            ("ch8CGSiOkOmd3NTprrER8", "BA2dh2y9iWPH4GIbnvVU6"),
            ("OF21jhtc2Tqqm60ZVSmy1", "REa-QKuwPKc9LKlW38KO-"),
            ("A-NHJ5bLCmS2uW-sYmwvD", "LcFNWsQlHUjRhwOlhAesj"),
            ("jJZVqFZI9zZIlj1UfhIjP", "cdWF9lCTWedcHD6ftiq9A"),
            ("NPW9qufhmfNQNE6pmezsU", "uMZn_L5WnvA1VdsXolDnn"),
            ("3VmglFau2YKRvc_Cc4noZ", "FOSSVPlVYJKG91mO3YpzC"),
            ("Z17ITpLSRlnO3oTxkHTt2", "IZIsi2ksjOBTtFQk0faY8"),
            (
                "wcsyv8PmjbWMn7hlLeph9RleGvBI7RyU",
                "iTJ1qoQ4qXDruGDJ6IczoSWQLI0huEaJ",
            ),
        ],
    );
    ids.push(("api-key-02-redacted".into(), KEY.to_string()));
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v0_24_12_recordings_match_in_its_era() {
    let dir = recordings_dir().join("legacy/v0.24.12");
    let config = Config {
        era: Era::V0_24_12,
        ..Config::default()
    };
    let failures = run_table(&dir, V0_24, config).await;
    assert!(
        failures.is_empty(),
        "{} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

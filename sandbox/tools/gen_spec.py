#!/usr/bin/env python3
"""Generates sandbox/src/spec.rs: the request contract (method, fields, types, limits) of the
procedures the sandbox implements, taken from Dokploy's own OpenAPI documents: v0.30.2's, and
for the older eras v0.18.4's and v0.24.12's (`--era`).

Run from the repo root:
  python3 sandbox/tools/gen_spec.py recordings/dokploy/v0.30.2/settings.getOpenApiDocument.json \
      recordings/dokploy/legacy/v0.18.4/settings.getOpenApiDocument.json \
      recordings/dokploy/legacy/v0.24.12/settings.getOpenApiDocument.json > sandbox/src/spec.rs
The output goes through rustfmt, so that it is exactly the committed file (cargo fmt leaves it
alone); sandbox/tests/spec_current.rs checks that it is. The sandbox never reads the OpenAPI
document at run time; only this generated table is compiled in.
"""
import json, subprocess, sys

COMMAND = ("python3 sandbox/tools/gen_spec.py "
           "recordings/dokploy/v0.30.2/settings.getOpenApiDocument.json "
           "recordings/dokploy/legacy/v0.18.4/settings.getOpenApiDocument.json "
           "recordings/dokploy/legacy/v0.24.12/settings.getOpenApiDocument.json > sandbox/src/spec.rs")

KINDS_DB = ["postgres", "mysql", "mariadb", "mongo", "redis", "libsql"]
# Dokploy's notification providers, v0.30.2's (the older eras have the first five).
NOTIFICATION_PROVIDERS = ["Slack", "Telegram", "Discord", "Email", "Resend", "Gotify", "Ntfy",
                          "Mattermost", "Custom", "Lark", "Teams", "Pushover"]
LEGACY_NOTIFICATIONS = tuple(f"{v}{p}" for p in ["Slack", "Telegram", "Discord", "Email", "Gotify"]
                             for v in ("create", "update", "test"))
NOTIFICATION_PROCS = [f"notification.{v}" for p in NOTIFICATION_PROVIDERS
                      for v in (f"create{p}", f"update{p}", f"test{p}Connection")]
PROCS = [
    "project.all", "project.one", "project.create", "project.update", "project.remove",
    "environment.one", "environment.byProjectId", "environment.create", "environment.update",
    "environment.remove",
    "application.one", "application.create", "application.update", "application.delete",
    "application.deploy", "application.redeploy", "application.start", "application.stop",
    "application.reload", "application.saveEnvironment", "application.saveBuildType",
    "application.saveDockerProvider", "application.saveGitProvider",
    "application.saveGithubProvider", "application.readLogs", "application.markRunning",
    "application.move", "application.readTraefikConfig", "application.updateTraefikConfig",
    # preview deployments of an application's pull requests
    "previewDeployment.all", "previewDeployment.one", "previewDeployment.delete",
    "previewDeployment.redeploy",
    "compose.one", "compose.create", "compose.update", "compose.delete", "compose.deploy",
    "compose.redeploy", "compose.start", "compose.stop", "compose.saveEnvironment",
    "compose.readLogs", "compose.loadServices", "compose.move",
    "deployment.all", "deployment.allByCompose", "deployment.allByType", "deployment.readLogs",
    "domain.byApplicationId", "domain.byComposeId", "domain.create", "domain.update",
    "domain.delete", "domain.one",
    "mounts.listByServiceId", "mounts.one", "mounts.create", "mounts.update", "mounts.remove",
    "mounts.allNamedByApplicationId",
    # an application's advanced settings: published ports, redirects, basic-auth users
    "port.create", "port.one", "port.update", "port.delete",
    "redirects.create", "redirects.one", "redirects.update", "redirects.delete",
    "security.create", "security.one", "security.update", "security.delete",
    "settings.getDokployVersion", "settings.health",
    "user.get", "user.all", "user.one", "user.assignPermissions", "user.getPermissions",
    "user.createApiKey", "user.deleteApiKey",
    "organization.active", "organization.all", "organization.one",
    # backups, destinations, schedules, volume backups and their runs
    "destination.all", "destination.one", "destination.create", "destination.update",
    "destination.remove", "destination.testConnection",
    "backup.create", "backup.update", "backup.one", "backup.remove", "backup.listBackupFiles",
    "backup.manualBackupPostgres", "backup.manualBackupMySql", "backup.manualBackupMariadb",
    "backup.manualBackupMongo", "backup.manualBackupCompose", "backup.manualBackupLibsql",
    "schedule.create", "schedule.update", "schedule.one", "schedule.delete", "schedule.list",
    "schedule.runManually",
    "volumeBackups.create", "volumeBackups.update", "volumeBackups.one", "volumeBackups.delete",
    "volumeBackups.list", "volumeBackups.runManually",
    "deployment.removeDeployment", "overview.backups", "user.getBackups",
    # containers (Dokploy's docker router) and an application's or database's monitoring
    "docker.getContainers", "docker.getConfig", "docker.restartContainer",
    "docker.getContainersByAppNameMatch", "docker.getContainersByAppLabel",
    "docker.getStackContainersByAppName", "docker.getServiceContainersByAppName",
    "application.readAppMonitoring",
    # the deployments activity center: every deployment, the queue, stopping a build, rollbacks
    "deployment.allCentralized", "deployment.queueList",
    "application.killBuild", "application.cancelDeployment",
    "compose.killBuild", "compose.cancelDeployment",
    "rollback.rollback", "rollback.delete",
    # the organization's tags and the projects they are given to
    "tag.all", "tag.one", "tag.create", "tag.update", "tag.remove", "tag.assignToProject",
    "tag.removeFromProject", "tag.bulkAssign",
    # the organization's registries, SSH keys and certificates
    "registry.all", "registry.one", "registry.create", "registry.update", "registry.remove",
    "registry.testRegistry", "registry.testRegistryById",
    "sshKey.all", "sshKey.one", "sshKey.create", "sshKey.generate", "sshKey.update",
    "sshKey.remove", "sshKey.allForApps",
    "certificates.all", "certificates.one", "certificates.create", "certificates.remove",
    # git providers (listing and removing) and remote servers (listing, metrics)
    "gitProvider.getAll", "gitProvider.remove", "gitProvider.allForPermissions",
    "github.githubProviders", "gitlab.gitlabProviders", "gitea.giteaProviders",
    "bitbucket.bitbucketProviders",
    "server.all", "server.one", "server.count", "server.withSSHKey", "server.buildServers",
    "server.getServerMetrics", "server.allForPermissions",
    # people: invitations and members, the audit log (enterprise); duplicating
    "organization.inviteMember", "organization.allInvitations", "organization.removeInvitation",
    "user.getInvitations", "user.getUserByToken", "user.checkUserOrganizations", "user.remove",
    "auditLog.all",
    "project.duplicate", "environment.duplicate",
    # the organization's notifications (every provider of the era)
    "notification.all", "notification.one", "notification.remove", "notification.getEmailProviders",
] + NOTIFICATION_PROCS + [
]
for k in KINDS_DB:
    for p in ["one", "create", "update", "remove", "deploy", "start", "stop", "reload",
              "saveEnvironment", "readLogs", "rebuild", "move"]:
        PROCS.append(f"{k}.{p}")
    PROCS.append(f"{k}.saveExternalPorts" if k == "libsql" else f"{k}.saveExternalPort")

LEGACY_PROCS = [
    "project.all", "project.one", "project.create", "project.update", "project.remove",
    "application.one", "application.create", "application.deploy", "application.redeploy",
    "application.start", "application.stop", "application.saveDockerProvider",
    "compose.one", "compose.create", "compose.update", "compose.deploy", "compose.start",
    "compose.stop", "deployment.all", "deployment.allByCompose",
    "auth.get", "auth.generateToken", "user.all", "settings.getDokployVersion", "settings.health",
    # Unrecorded in 2024 but used by Skiff: validated with the 2024 schemas, served by the
    # current implementation (src/legacy.rs).
    "application.update", "application.delete", "application.reload",
    "application.saveEnvironment", "application.saveBuildType",
    "compose.delete", "compose.redeploy", "compose.loadServices", "application.saveGitProdiver",
    "domain.byApplicationId", "domain.byComposeId", "domain.create", "domain.update",
    "domain.delete",
    # 2024 backups: destinations and database backups (no schedules, volume backups or runs)
    "destination.all", "destination.one", "destination.create", "destination.update",
    "destination.remove", "destination.testConnection",
    "backup.create", "backup.update", "backup.one", "backup.remove",
    "backup.manualBackupPostgres", "backup.manualBackupMySql", "backup.manualBackupMariadb",
    "backup.manualBackupMongo",
    # mounts and an application's ports, redirects and basic-auth users
    "mounts.create", "mounts.one", "mounts.update", "mounts.remove",
    "port.create", "port.one", "port.update", "port.delete",
    "redirects.create", "redirects.one", "redirects.update", "redirects.delete",
    "security.create", "security.one", "security.update", "security.delete",
    # containers and monitoring
    "docker.getContainers", "docker.getConfig", "docker.restartContainer",
    "docker.getContainersByAppNameMatch", "docker.getContainersByAppLabel",
    "docker.getStackContainersByAppName", "docker.getServiceContainersByAppName",
    "application.readAppMonitoring",
    # an application's Traefik file and its preview deployments
    "application.readTraefikConfig", "application.updateTraefikConfig",
    "previewDeployment.all", "previewDeployment.one", "previewDeployment.delete",
    # registries, SSH keys and certificates
    "registry.all", "registry.one", "registry.create", "registry.update", "registry.remove",
    "registry.testRegistry",
    "sshKey.all", "sshKey.one", "sshKey.create", "sshKey.generate", "sshKey.update",
    "sshKey.remove",
    "certificates.all", "certificates.one", "certificates.create", "certificates.remove",
    # git providers and remote servers
    "gitProvider.getAll", "gitProvider.remove",
    "github.githubProviders", "gitlab.gitlabProviders", "bitbucket.bitbucketProviders",
    "server.all", "server.one", "server.withSSHKey",
    # the servers' monitoring, before it moved to server.getServerMetrics (v0.19)
    "admin.getServerMetrics",
    # users and their invitations
    "admin.createUserInvitation", "admin.removeUser", "admin.getUserByToken",
    # notifications: Slack, Telegram, Discord, email and Gotify
    "notification.all", "notification.one", "notification.remove",
] + [p for p in NOTIFICATION_PROCS if p.split(".")[1].startswith(LEGACY_NOTIFICATIONS)]
for k in ["postgres", "mysql", "mariadb", "mongo", "redis"]:
    for p in ["one", "create", "deploy", "start", "stop", "update", "remove", "reload",
              "saveEnvironment", "saveExternalPort"]:
        LEGACY_PROCS.append(f"{k}.{p}")

# v0.24.12 (the last release before environments): every procedure above that its document has.
# Whatever it lacks (environments, libsql, logs, organization.active, overview, ...) is not in its
# table, so the sandbox answers it with Dokploy's unknown-procedure 404.
# Also the procedures it has under names v0.30.2 no longer uses (`application.saveGitProdiver`, as
# Dokploy spelled it before v0.25.5), answered by the current implementation.
OLD_NAMES = ["application.saveGitProdiver"]


# v0.24.12 has these too, in shapes of its own the sandbox does not serve (its project.duplicate
# takes a `sourceProjectId`): left out of its table, answered as unknown.
NOT_V0_24 = {"project.duplicate"}


def era_procs(doc):
    return [p for p in PROCS + OLD_NAMES if "/" + p in doc["paths"] and p not in NOT_V0_24]


# zod `.required()` on optional columns reports "expected nonoptional" (see libsql.create.minimal-400,
# backup.update.missing-fields-400, destination.create.missing-fields-400,
# redirects.create.missing-fields-400); v0.30.2 only.
NONOPTIONAL = {
    "libsql.create": {"appName", "description", "sqldNode", "sqldPrimaryUrl", "serverId"},
    "backup.update": {"enabled", "keepLatestCount", "serviceName", "metadata"},
    "destination.create": {"provider"},
    "destination.update": {"provider"},
    "destination.testConnection": {"provider"},
    "redirects.create": {"permanent"},
    "redirects.update": {"permanent"},
    "mounts.remove": {"mountId"},
    "registry.create": {"imagePrefix"},
}
# A notification's `.required()` create schemas wrap the event flags (columns with a default,
# so optional in drizzle-zod's insert schema) and ntfy's optional accessToken in zod's
# nonoptional (notification.createNtfy.missing-fields-400); `pick` keeps it (testNtfyConnection).
NOTIFICATION_FLAGS = {"appBuildError", "databaseBackup", "dokployBackup", "volumeBackup",
                      "dokployRestart", "appDeploy", "dockerCleanup", "serverThreshold"}
for _p in ["Slack", "Telegram", "Discord", "Email", "Resend", "Gotify", "Ntfy", "Mattermost",
           "Lark", "Teams"]:
    NONOPTIONAL[f"notification.create{_p}"] = set(NOTIFICATION_FLAGS)
NONOPTIONAL["notification.createNtfy"].add("accessToken")
NONOPTIONAL["notification.testNtfyConnection"] = {"accessToken"}


def flatten(s):
    """-> (types, nullable, constraints)"""
    types, nullable, c = [], False, {}
    alts = s["anyOf"] if "anyOf" in s else [s]
    for a in alts:
        if "anyOf" in a:
            t, n, cc = flatten(a)
            types += t; nullable |= n; c.update(cc); continue
        if a.get("type") == "null":
            nullable = True; continue
        if "enum" in a:
            # A union of literals (v0.18.4's `z.union([z.literal("stack"), ...])`) takes them all.
            types.append("string"); c["enum"] = c.get("enum", []) + a["enum"]; continue
        if a.get("nullable"):
            nullable = True
        if "type" in a:
            types.append(a["type"])
        elif a == {} or "not" in a:
            types.append("any")
        for k in ("minLength", "maxLength", "pattern", "minimum", "maximum", "default"):
            if k in a:
                c[k] = a[k]
        # An array of patterned strings (destination's additionalFlags) or of non-empty ones
        # (tag.bulkAssign's tagIds): the pattern and the length apply to each item.
        if a.get("type") == "array":
            for k in ("pattern", "minLength"):
                if k in a.get("items", {}):
                    c[k] = a["items"][k]
    if "default" in s:
        c["default"] = s["default"]
    return types, nullable, c


def rs_str(v):
    return json.dumps(v)


# zod's `.email()` pattern, too long a literal for rustfmt to lay out: named in validate.rs.
EMAIL_PATTERN = ("^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@"
                 "([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$")


def rs_pattern(v):
    return "crate::validate::EMAIL_PATTERN" if v == EMAIL_PATTERN else rs_str(v)


def field(name, s, required, proc, nonoptional):
    types, nullable, c = flatten(s)
    ty = types[0] if types else "any"
    ty = {"string": "Str", "number": "Num", "integer": "Int", "boolean": "Bool", "array": "Arr",
          "object": "Obj", "any": "Any"}[ty]
    req = required and "default" not in c
    enum = c.get("enum")
    enum_rs = "&[" + ", ".join(rs_str(e) for e in enum) + "]" if enum else "&[]"
    opt = lambda k, conv=str: f"Some({conv(c[k])})" if k in c else "None"
    nonopt = name in nonoptional.get(proc, set())
    return (f"        F {{ name: {rs_str(name)}, ty: Ty::{ty}, required: {str(req).lower()}, "
            f"nonoptional: {str(nonopt).lower()}, nullable: {str(nullable).lower()}, "
            f"min_len: {opt('minLength')}, max_len: {opt('maxLength')}, "
            f"pattern: {opt('pattern', rs_pattern)}, minimum: {opt('minimum', lambda x: repr(float(x)))}, "
            f"maximum: {opt('maximum', lambda x: repr(float(x)))}, enumeration: {enum_rs} }},")


def table(doc, name, procs, out, nonoptional):
    out.append(f"pub static {name}: &[P] = &[")
    for proc in procs:
        entry = doc["paths"].get("/" + proc)
        if entry is None:
            sys.exit(f"unknown procedure {proc}")
        (method, op), = entry.items()
        fields = []
        for par in op.get("parameters", []):
            fields.append(field(par["name"], par.get("schema", {}), par.get("required", False), proc,
                                nonoptional))
        rb = op.get("requestBody")
        if rb:
            s = rb["content"]["application/json"]["schema"]
            req = set(s.get("required", []))
            for k, v in s.get("properties", {}).items():
                fields.append(field(k, v, k in req, proc, nonoptional))
        m = "Get" if method == "get" else "Post"
        out.append(f"    P {{ name: {rs_str(proc)}, method: Method::{m}, fields: &[")
        out += fields
        out.append("    ] },")
    out.append("];")


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {COMMAND}")
    out = [f"// @generated by: {COMMAND}",
           "// Request contract of the procedures the sandbox implements, from Dokploy's OpenAPI",
           "// documents (v0.30.2, v0.18.4 and v0.24.12). Do not edit by hand.",
           "use crate::validate::{Field as F, Method, Procedure as P, Ty};", ""]
    table(json.load(open(sys.argv[1])), "PROCEDURES", PROCS, out, NONOPTIONAL)
    out.append("")
    out.append("/// The 2024 API (`--legacy`).")
    table(json.load(open(sys.argv[2])), "LEGACY_PROCEDURES", LEGACY_PROCS, out, {})
    out.append("")
    out.append("/// The last API before environments (`--era v0.24.12`).")
    doc24 = json.load(open(sys.argv[3]))
    table(doc24, "V0_24_12_PROCEDURES", era_procs(doc24), out, {})
    try:
        fmt = subprocess.run(["rustfmt", "--edition", "2021"], input="\n".join(out) + "\n",
                             capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit("rustfmt not found (rustup component add rustfmt)")
    if fmt.returncode != 0:
        sys.exit(f"rustfmt failed:\n{fmt.stderr}")
    sys.stdout.write(fmt.stdout)


main()

//! Git providers (`gitProvider.getAll`, `gitProvider.remove`, v0.30.2's
//! `gitProvider.allForPermissions`) and the per-kind lists (`github.githubProviders`,
//! `gitlab.gitlabProviders`, `gitea.giteaProviders`, `bitbucket.bitbucketProviders`), from
//! Dokploy's source at v0.30.2, v0.24.12 and v0.18.4 (the one v0.30.2 recording is an empty
//! list). A provider is a `git_provider` row `{gitProviderId, name, providerType, createdAt,
//! organizationId, userId, sharedWithOrganization}` (v0.24.12: no `sharedWithOrganization`;
//! v0.18.4: `adminId` in place of the organization and the user) and the row of its kind
//! (`github`, `gitlab`, `gitea`, `bitbucket`), secrets and all.
//!
//! - `gitProvider.getAll`: newest first, `with: {gitlab, bitbucket, github, gitea}` (v0.18.4
//!   has no gitea). v0.30.2 answers each kind's row reduced to what its settings page shows,
//!   no secrets (`github: {githubId, githubAppName, githubAppId, githubInstallationId,
//!   githubUrl, isConfigured}`, `gitlab: {gitlabId, applicationId, gitlabUrl, isConfigured}`,
//!   `bitbucket: {bitbucketId, bitbucketUsername, isConfigured: false, isDeprecated}`, `gitea:
//!   {giteaId, giteaUrl, clientId, isConfigured}`) and `isOwner`; the older eras the whole rows,
//!   client secrets, private keys, tokens and webhook secrets included.
//! - `*.xProviders`: the providers of that kind that are configured (GitHub: app id, private key
//!   and installation; GitLab: access and refresh tokens; Gitea: client id and secret;
//!   Bitbucket: any), oldest first: `{githubId, githubUrl (v0.30.2), gitProvider}`,
//!   `{gitlabId, gitProvider, gitlabUrl (not v0.18.4)}`, `{giteaId, gitProvider}`,
//!   `{bitbucketId, gitProvider}`, `gitProvider` the whole `git_provider` row.
//! - `gitProvider.remove {gitProviderId}` answers the removed `git_provider` row; its kind's row
//!   goes with it and the services using it forget it (`set null`). Whatever fails answers 400:
//!   `Git Provider not found` (v0.18.4: `Error deleting this Git provider`).
//!
//! Access. v0.30.2: the owner (and admins) see every provider; a member sees those they added
//! and those shared with the organization (`sharedWithOrganization`; the providers given to
//! them only count with an enterprise licence, which the sandbox has not). `remove` is
//! `withPermission("gitProviders", "delete")`: a member needs `canAccessToGitProviders` (401
//! `unauthorized to access resource "gitProviders"`) and may remove only their own (400 `You
//! can only delete your own Git providers`). `allForPermissions` needs `member.update` (401
//! `unauthorized to access resource "member"`), then a licence: 403 `Valid enterprise license
//! required`. v0.24.12: everyone sees only the providers they added; any member may remove any.
//! v0.18.4: every provider, anyone.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::shapes::{obj, s, Row};
use crate::store::Store;
use crate::util::{alnum_from, hex_from, id_from, iso, now_ms};
use crate::Shared;

/// A provider: its `git_provider` row and the row of its kind (`github`, `gitlab`, ...), both
/// in v0.30.2's columns.
#[derive(Clone, Debug)]
pub struct GitProvider {
    pub row: Row,
    pub detail: Row,
}

impl GitProvider {
    pub fn id(&self) -> String {
        s(&self.row, "gitProviderId")
    }
    pub fn kind(&self) -> String {
        s(&self.row, "providerType")
    }
}

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    matches!(
        router,
        "gitProvider" | "github" | "gitlab" | "gitea" | "bitbucket"
    )
}

/// The seeded providers' names.
pub const SEEDED_GITHUB: &str = "Skiff Demo GitHub App";
pub const SEEDED_GITLAB: &str = "Acme GitLab";

const DAY: i64 = 86_400_000;

/// The demo's providers (every era): a GitHub App (45 days old, the owner's own) and a GitLab
/// OAuth application (30 days old, shared with the organization), from a generator of their
/// own (every other seeded id stays what it was). Their secrets are obviously fake.
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x6769_7470);
    let now = now_ms();
    let org = st.org_id();
    let owner = s(&st.owner().row, "userId");

    let github_provider = id_from(&mut rng, 21);
    let github_id = id_from(&mut rng, 21);
    let webhook = alnum_from(&mut rng, 32);
    let client = alnum_from(&mut rng, 12);
    let client_secret = hex_from(&mut rng, 40);
    st.git_providers.push(GitProvider {
        row: provider_row(
            &github_provider,
            SEEDED_GITHUB,
            "github",
            &iso(now - 45 * DAY),
            &org,
            &owner,
            false,
        ),
        detail: obj(json!({
            "githubId": github_id,
            "githubAppName": "skiff-demo-github-app",
            "githubAppId": 1_048_576,
            "githubClientId": format!("Iv23li{client}"),
            "githubClientSecret": format!("fake-client-secret-{client_secret}"),
            "githubInstallationId": "58120443",
            "githubPrivateKey": "-----BEGIN RSA PRIVATE KEY-----\nTk9ULUEtUkVBTC1LRVktLXNraWZmLXNhbmRib3gtZGVtby1naXRodWItYXBw\n-----END RSA PRIVATE KEY-----\n",
            "githubWebhookSecret": format!("fake-webhook-secret-{webhook}"),
            "githubUrl": "https://github.com",
            "gitProviderId": github_provider,
        })),
    });

    let gitlab_provider = id_from(&mut rng, 21);
    let gitlab_id = id_from(&mut rng, 21);
    let application = hex_from(&mut rng, 64);
    let secret = hex_from(&mut rng, 64);
    let access = hex_from(&mut rng, 64);
    let refresh = hex_from(&mut rng, 64);
    st.git_providers.push(GitProvider {
        row: provider_row(
            &gitlab_provider,
            SEEDED_GITLAB,
            "gitlab",
            &iso(now - 30 * DAY),
            &org,
            &owner,
            true,
        ),
        detail: obj(json!({
            "gitlabId": gitlab_id,
            "gitlabUrl": "https://gitlab.com",
            "gitlabInternalUrl": null,
            "applicationId": application,
            "redirectUri": "https://dokploy.acme.test/api/providers/gitlab/callback",
            "secret": format!("gloas-fake-{secret}"),
            "accessToken": format!("fake-access-{access}"),
            "refreshToken": format!("fake-refresh-{refresh}"),
            "groupName": "acme",
            // An OAuth token lives two hours; Dokploy refreshes it when it is used.
            "expiresAt": (now / 1000) + 7200,
            "gitProviderId": gitlab_provider,
        })),
    });
    st.touch();
}

fn provider_row(
    id: &str,
    name: &str,
    kind: &str,
    created_at: &str,
    org: &str,
    user: &str,
    shared: bool,
) -> Row {
    obj(json!({
        "gitProviderId": id,
        "name": name,
        "providerType": kind,
        "createdAt": created_at,
        "organizationId": org,
        "userId": user,
        "sharedWithOrganization": shared,
    }))
}

/// The `git_provider` row as `era` has it.
fn era_provider(st: &Store, era: Era, row: &Row) -> Row {
    let mut out = row.clone();
    match era {
        Era::V0_30_2 => {}
        Era::V0_24_12 => {
            out.remove("sharedWithOrganization");
        }
        Era::V0_18_4 => {
            out.remove("sharedWithOrganization");
            out.remove("organizationId");
            out.remove("userId");
            out.insert("adminId".into(), json!(s(&st.owner().row, "id")));
        }
    }
    out
}

/// The row of the provider's kind as `era` has it (the columns v0.30.2 added left out).
fn era_detail(era: Era, kind: &str, row: &Row) -> Row {
    let mut out = row.clone();
    if era != Era::V0_30_2 {
        let added: &[&str] = match kind {
            "github" => &["githubUrl"],
            "gitlab" => &["gitlabInternalUrl"],
            "gitea" => &["giteaInternalUrl"],
            "bitbucket" => &["bitbucketEmail", "apiToken"],
            _ => &[],
        };
        for k in added {
            out.remove(*k);
        }
    }
    out
}

fn has(row: &Row, key: &str) -> bool {
    match row.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::String(text)) => !text.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(_) => true,
    }
}

/// A column of a row (null when it has none).
fn g(d: &Row, key: &str) -> Value {
    d.get(key).cloned().unwrap_or(Value::Null)
}

/// What v0.30.2's `getAll` shows of a kind's row (no secrets).
fn summary(kind: &str, d: &Row) -> Value {
    match kind {
        "github" => json!({
            "githubId": g(d, "githubId"),
            "githubAppName": g(d, "githubAppName"),
            "githubAppId": g(d, "githubAppId"),
            "githubInstallationId": g(d, "githubInstallationId"),
            "githubUrl": g(d, "githubUrl"),
            "isConfigured": has(d, "githubPrivateKey") && has(d, "githubAppId")
                && has(d, "githubInstallationId"),
        }),
        "gitlab" => json!({
            "gitlabId": g(d, "gitlabId"),
            "applicationId": g(d, "applicationId"),
            "gitlabUrl": g(d, "gitlabUrl"),
            "isConfigured": has(d, "accessToken") && has(d, "refreshToken"),
        }),
        "bitbucket" => json!({
            "bitbucketId": g(d, "bitbucketId"),
            "bitbucketUsername": g(d, "bitbucketUsername"),
            "isConfigured": false,
            "isDeprecated": has(d, "appPassword") && !has(d, "apiToken"),
        }),
        _ => json!({
            "giteaId": g(d, "giteaId"),
            "giteaUrl": g(d, "giteaUrl"),
            "clientId": g(d, "clientId"),
            "isConfigured": has(d, "accessToken") && has(d, "refreshToken"),
        }),
    }
}

/// `haveGithubRequirements` and its siblings: whether the kind's list shows the provider.
fn configured(kind: &str, d: &Row) -> bool {
    match kind {
        "github" => {
            has(d, "githubAppId") && has(d, "githubPrivateKey") && has(d, "githubInstallationId")
        }
        "gitlab" => has(d, "accessToken") && has(d, "refreshToken"),
        "gitea" => has(d, "clientId") && has(d, "clientSecret"),
        _ => true,
    }
}

/// Whether the caller sees the provider (see the module's notes on access).
fn visible(caller: &Caller, era: Era, p: &GitProvider) -> bool {
    let own = s(&p.row, "userId") == caller.user_id;
    match era {
        Era::V0_30_2 => {
            caller.owner
                || own
                || p.row.get("sharedWithOrganization").and_then(Value::as_bool) == Some(true)
        }
        Era::V0_24_12 => own,
        Era::V0_18_4 => true,
    }
}

/// `withPermission("gitProviders", ...)` (v0.30.2): the owner, and members given
/// `canAccessToGitProviders`.
fn may_manage(st: &Store, caller: &Caller) -> bool {
    caller.owner
        || st.member_by_user(&caller.user_id).is_some_and(|m| {
            m.row
                .get("canAccessToGitProviders")
                .and_then(Value::as_bool)
                == Some(true)
        })
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let mut st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    match name {
        "gitProvider.getAll" => {
            let mut rows: Vec<&GitProvider> = st
                .git_providers
                .iter()
                .filter(|p| visible(caller, era, p))
                .filter(|p| era != Era::V0_18_4 || p.kind() != "gitea")
                .collect();
            // `orderBy: desc(createdAt)`.
            rows.sort_by_key(|p| std::cmp::Reverse(s(&p.row, "createdAt")));
            let relations: &[&str] = if era == Era::V0_18_4 {
                &["gitlab", "bitbucket", "github"]
            } else {
                &["gitlab", "bitbucket", "github", "gitea"]
            };
            let out = rows
                .into_iter()
                .map(|p| {
                    let mut row = era_provider(&st, era, &p.row);
                    let kind = p.kind();
                    for rel in relations {
                        let v = if *rel != kind {
                            Value::Null
                        } else if era == Era::V0_30_2 {
                            summary(&kind, &p.detail)
                        } else {
                            Value::Object(era_detail(era, &kind, &p.detail))
                        };
                        row.insert(rel.to_string(), v);
                    }
                    if era == Era::V0_30_2 {
                        row.insert(
                            "isOwner".into(),
                            json!(s(&p.row, "userId") == caller.user_id),
                        );
                    }
                    Value::Object(row)
                })
                .collect();
            json(Value::Array(out))
        }
        "github.githubProviders"
        | "gitlab.gitlabProviders"
        | "gitea.giteaProviders"
        | "bitbucket.bitbucketProviders" => {
            let kind = name.split('.').next().unwrap_or_default();
            let id_key = format!("{kind}Id");
            let out = st
                .git_providers
                .iter()
                .filter(|p| p.kind() == kind && visible(caller, era, p))
                .filter(|p| configured(kind, &p.detail))
                .map(|p| {
                    let mut row = Row::new();
                    row.insert(id_key.clone(), g(&p.detail, &id_key));
                    if kind == "github" && era == Era::V0_30_2 {
                        row.insert("githubUrl".into(), g(&p.detail, "githubUrl"));
                    }
                    row.insert(
                        "gitProvider".into(),
                        Value::Object(era_provider(&st, era, &p.row)),
                    );
                    if kind == "gitlab" && era != Era::V0_18_4 {
                        row.insert("gitlabUrl".into(), g(&p.detail, "gitlabUrl"));
                    }
                    Value::Object(row)
                })
                .collect();
            json(Value::Array(out))
        }
        "gitProvider.allForPermissions" => {
            if !caller.owner {
                return Err(ApiError::no_permission("member"));
            }
            Err(ApiError::forbidden("Valid enterprise license required"))
        }
        "gitProvider.remove" => {
            if era == Era::V0_30_2 && !may_manage(&st, caller) {
                return Err(ApiError::no_permission("gitProviders"));
            }
            let failed = |message: &str| {
                let message = if era == Era::V0_18_4 {
                    "Error deleting this Git provider"
                } else {
                    message
                };
                ApiError::new(400, "BAD_REQUEST", message)
            };
            let id = input_str(input, "gitProviderId");
            let Some(pos) = st.git_providers.iter().position(|p| p.id() == id) else {
                return Err(failed("Git Provider not found"));
            };
            let p = &st.git_providers[pos];
            if era == Era::V0_30_2 && !caller.owner && s(&p.row, "userId") != caller.user_id {
                return Err(failed("You can only delete your own Git providers"));
            }
            let removed = st.git_providers.remove(pos);
            // The services' foreign keys to the kind's row `set null`.
            let key = format!("{}Id", removed.kind());
            let detail_id = s(&removed.detail, &key);
            for svc in st.services.values_mut() {
                if !detail_id.is_empty() && s(&svc.row, &key) == detail_id {
                    svc.row.insert(key.clone(), Value::Null);
                }
            }
            st.touch();
            json(Value::Object(era_provider(&st, era, &removed.row)))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_is_configured_as_dokploy_decides() {
        let d =
            obj(json!({"githubAppId": 1, "githubPrivateKey": "k", "githubInstallationId": null}));
        assert!(!configured("github", &d));
        let d =
            obj(json!({"githubAppId": 1, "githubPrivateKey": "k", "githubInstallationId": "9"}));
        assert!(configured("github", &d));
        assert_eq!(summary("github", &d)["isConfigured"], true);
        let b = obj(json!({"bitbucketId": "b", "appPassword": "p", "apiToken": null}));
        assert_eq!(summary("bitbucket", &b)["isDeprecated"], true);
        assert!(configured("bitbucket", &b));
    }
}

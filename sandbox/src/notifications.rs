//! Notifications (`notification.*`), like Dokploy v0.30.2 (checked against the recordings) and,
//! for the older eras, like its source at v0.24.12 and v0.18.4. A notification is a
//! `notification` row (`{notificationId, name, appDeploy, appBuildError, databaseBackup,
//! volumeBackup, dokployRestart, dokployBackup, dockerCleanup, serverThreshold,
//! notificationType, createdAt, slackId, telegramId, ..., organizationId}`) and the row of its
//! provider's table (`slack: {slackId, webhookUrl, channel}`, `ntfy: {ntfyId, serverUrl, topic,
//! accessToken, priority}`, ...), which `notification.all` and `notification.one` nest under the
//! provider's name (the other providers `null`).
//!
//! Providers: v0.30.2 has Slack, Telegram, Discord, email, Resend, Gotify, ntfy, Mattermost,
//! custom webhooks, Lark, Teams and Pushover; v0.24.12 and v0.18.4 the first five but Resend
//! (Slack, Telegram, Discord, email, Gotify), without the `volumeBackup` and `dokployBackup`
//! flags; v0.18.4's rows name the admin (`adminId`) instead of the organization and its Telegram
//! has no `messageThreadId`. Procedures an era lacks answer its unknown-procedure 404 (they are
//! not in its request contract, `spec.rs`).
//!
//! - `notification.all`: the organization's notifications, newest first, each with every
//!   provider's relation; `notification.one {notificationId}` one (404 `Notification not
//!   found`); `notification.getEmailProviders` (v0.30.2, v0.24.12) every notification with only
//!   `email` (and `resend`, v0.30.2) nested, in the order they were made.
//! - `notification.create<Provider>` saves the notification and answers an empty 200 (Dokploy's
//!   service returns nothing); flags not given are `false` (the columns' defaults), and Gotify's
//!   and ntfy's never set `serverThreshold`.
//! - `notification.update<Provider> {notificationId, <provider>Id, ...}` sets the fields given:
//!   the notification's name and flags, and the provider row whose id is given (Dokploy updates
//!   that row, whichever notification it belongs to); an empty 200. No provider field given:
//!   drizzle refuses the empty `set` (`No values to set`) and the transaction saves nothing.
//!   Errors as each procedure's `catch` has them: Slack, Gotify, ntfy, Mattermost, custom, Lark,
//!   Teams and Pushover let them through (404 `Notification not found`, 500 `No values to
//!   set`), Telegram, Discord, email and Resend answer 400 `Error updating the notification`.
//! - `notification.remove {notificationId}` answers the removed notification row (no relations;
//!   400 `Notification not found`, v0.18.4 400 `Error deleting this notification`).
//! - `notification.test<Provider>Connection` sends nothing: the delivery is simulated by
//!   [`deliver`] (a target whose port is 9 or whose host contains `unreachable` refuses the
//!   connection, a URL that does not parse fails to parse, anything else is delivered), and a
//!   failure answers 400 with the words Dokploy's sender and procedure give it (recorded:
//!   `Failed to send slack notification fetch failed`, `Error testing the notification: fetch
//!   failed`, `fetch failed`). Senders that swallow their errors (Telegram and Lark, and in the
//!   older eras Slack and email) answer `true` whatever the target; Resend and Pushover post to
//!   their services' fixed addresses, which the sandbox treats as reachable.
//!
//! Access (v0.30.2): every procedure is `withPermission("notification", ...)`, an enterprise
//! resource the member role has no action of: a member is answered 401 `unauthorized to access
//! resource "notification"`. v0.24.12 and v0.18.4: `adminProcedure` (a member: a bare 401
//! `UNAUTHORIZED`) but `notification.one`, any member's (`protectedProcedure`).

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::shapes::{s, Row};
use crate::store::Store;
use crate::util::{id_from, iso, now_ms};
use crate::validate::Procedure;
use crate::Shared;

/// The routers this module answers.
pub fn handles(router: &str) -> bool {
    router == "notification"
}

/// A saved notification: its `notification` row (v0.30.2's columns) and its provider's row.
#[derive(Clone, Debug)]
pub struct Notification {
    pub row: Row,
    pub provider: Row,
}

/// A notification provider: its type (and relation) name, procedure suffix, id column and
/// columns (v0.30.2's order) with their defaults.
pub struct Provider {
    pub kind: &'static str,
    pub proc_name: &'static str,
    pub id_key: &'static str,
    pub columns: &'static [(&'static str, Init)],
    /// In v0.24.12 and v0.18.4 too.
    pub old: bool,
}

/// A provider column's value when the input has none.
#[derive(Clone, Copy)]
pub enum Init {
    Null,
    Int(i64),
}

use Init::{Int, Null};

/// v0.30.2's providers, in the order the `notification` table has their ids.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        kind: "slack",
        proc_name: "Slack",
        id_key: "slackId",
        columns: &[("webhookUrl", Null), ("channel", Null)],
        old: true,
    },
    Provider {
        kind: "telegram",
        proc_name: "Telegram",
        id_key: "telegramId",
        columns: &[
            ("botToken", Null),
            ("chatId", Null),
            ("messageThreadId", Null),
        ],
        old: true,
    },
    Provider {
        kind: "discord",
        proc_name: "Discord",
        id_key: "discordId",
        columns: &[("webhookUrl", Null), ("decoration", Null)],
        old: true,
    },
    Provider {
        kind: "email",
        proc_name: "Email",
        id_key: "emailId",
        columns: &[
            ("smtpServer", Null),
            ("smtpPort", Null),
            ("username", Null),
            ("password", Null),
            ("fromAddress", Null),
            ("toAddresses", Null),
        ],
        old: true,
    },
    Provider {
        kind: "resend",
        proc_name: "Resend",
        id_key: "resendId",
        columns: &[
            ("apiKey", Null),
            ("fromAddress", Null),
            ("toAddresses", Null),
        ],
        old: false,
    },
    Provider {
        kind: "gotify",
        proc_name: "Gotify",
        id_key: "gotifyId",
        columns: &[
            ("serverUrl", Null),
            ("appToken", Null),
            ("priority", Int(5)),
            ("decoration", Null),
        ],
        old: true,
    },
    Provider {
        kind: "ntfy",
        proc_name: "Ntfy",
        id_key: "ntfyId",
        columns: &[
            ("serverUrl", Null),
            ("topic", Null),
            ("accessToken", Null),
            ("priority", Int(3)),
        ],
        old: false,
    },
    Provider {
        kind: "mattermost",
        proc_name: "Mattermost",
        id_key: "mattermostId",
        columns: &[("webhookUrl", Null), ("channel", Null), ("username", Null)],
        old: false,
    },
    Provider {
        kind: "custom",
        proc_name: "Custom",
        id_key: "customId",
        columns: &[("endpoint", Null), ("headers", Null)],
        old: false,
    },
    Provider {
        kind: "lark",
        proc_name: "Lark",
        id_key: "larkId",
        columns: &[("webhookUrl", Null)],
        old: false,
    },
    Provider {
        kind: "pushover",
        proc_name: "Pushover",
        id_key: "pushoverId",
        columns: &[
            ("userKey", Null),
            ("apiToken", Null),
            ("priority", Int(0)),
            ("retry", Null),
            ("expire", Null),
        ],
        old: false,
    },
    Provider {
        kind: "teams",
        proc_name: "Teams",
        id_key: "teamsId",
        columns: &[("webhookUrl", Null)],
        old: false,
    },
];

/// The event flags, in the `notification` table's order (v0.30.2).
const FLAGS: &[&str] = &[
    "appDeploy",
    "appBuildError",
    "databaseBackup",
    "volumeBackup",
    "dokployRestart",
    "dokployBackup",
    "dockerCleanup",
    "serverThreshold",
];

/// The flags `era`'s table has (v0.24.12 and v0.18.4: no volume or Dokploy backups).
fn era_flags(era: Era) -> impl Iterator<Item = &'static str> {
    FLAGS
        .iter()
        .copied()
        .filter(move |f| era == Era::V0_30_2 || !matches!(*f, "volumeBackup" | "dokployBackup"))
}

/// The flags `provider`'s create and update set: Gotify's and ntfy's schemas leave out
/// `serverThreshold`.
fn provider_flags(era: Era, provider: &Provider) -> Vec<&'static str> {
    era_flags(era)
        .filter(|f| *f != "serverThreshold" || !matches!(provider.kind, "gotify" | "ntfy"))
        .collect()
}

/// The providers `era` has.
fn era_providers(era: Era) -> impl Iterator<Item = &'static Provider> {
    PROVIDERS
        .iter()
        .filter(move |p| era == Era::V0_30_2 || p.old)
}

fn provider_by_kind(kind: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.kind == kind)
}

fn provider_by_proc(name: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.proc_name == name)
}

// ------------------------------------------------------------------ rows

/// A new notification of `provider` from a create's `input` (`era`'s flags), made at `created`.
fn build(
    st: &mut Store,
    era: Era,
    provider: &Provider,
    input: &Value,
    created: i64,
) -> Notification {
    let id = st.new_id();
    let provider_id = st.new_id();
    let org = st.org_id();
    make(era, provider, input, created, id, provider_id, org)
}

fn make(
    era: Era,
    provider: &Provider,
    input: &Value,
    created: i64,
    id: String,
    provider_id: String,
    org: String,
) -> Notification {
    let mut row = Row::new();
    row.insert("notificationId".into(), json!(id));
    row.insert("name".into(), json!(input_str(input, "name")));
    let set = provider_flags(era, provider);
    for flag in FLAGS {
        let v = match input.get(*flag) {
            Some(Value::Bool(b)) if set.contains(flag) => *b,
            _ => false,
        };
        row.insert((*flag).into(), json!(v));
    }
    row.insert("notificationType".into(), json!(provider.kind));
    row.insert("createdAt".into(), json!(iso(created)));
    for p in PROVIDERS {
        let v = if p.kind == provider.kind {
            json!(provider_id)
        } else {
            Value::Null
        };
        row.insert(p.id_key.into(), v);
    }
    row.insert("organizationId".into(), json!(org));
    let mut sub = Row::new();
    sub.insert(provider.id_key.into(), json!(provider_id));
    for (column, default) in provider.columns {
        // v0.18.4's Telegram has no thread (zod drops the key).
        let kept = era != Era::V0_18_4 || *column != "messageThreadId";
        let v = match input.get(*column).filter(|_| kept) {
            Some(v) => v.clone(),
            None => match default {
                Null => Value::Null,
                Int(n) => json!(n),
            },
        };
        sub.insert((*column).into(), v);
    }
    Notification { row, provider: sub }
}

/// The `notification` row as `era` answers it: its columns, no relations.
pub fn era_row(st: &Store, era: Era, n: &Notification) -> Row {
    let mut out = n.row.clone();
    if era != Era::V0_30_2 {
        out.remove("volumeBackup");
        out.remove("dokployBackup");
        for p in PROVIDERS.iter().filter(|p| !p.old) {
            out.remove(p.id_key);
        }
    }
    if era == Era::V0_18_4 {
        out.remove("organizationId");
        out.insert("adminId".into(), json!(s(&st.owner().row, "id")));
    }
    out
}

/// The provider's row as `era` answers it (v0.18.4's Telegram: no thread).
fn era_provider(era: Era, n: &Notification) -> Value {
    let mut sub = n.provider.clone();
    if era == Era::V0_18_4 && s(&n.row, "notificationType") == "telegram" {
        sub.remove("messageThreadId");
    }
    Value::Object(sub)
}

/// The row with the relations `kinds` nested (the others' ids stay columns).
fn with_relations<'a>(
    st: &Store,
    era: Era,
    n: &Notification,
    kinds: impl Iterator<Item = &'a str>,
) -> Value {
    let mut out = era_row(st, era, n);
    let own = s(&n.row, "notificationType");
    for kind in kinds {
        let v = if kind == own {
            era_provider(era, n)
        } else {
            Value::Null
        };
        out.insert(kind.into(), v);
    }
    Value::Object(out)
}

/// `notification.one`'s and `notification.all`'s row: every provider of the era nested.
fn full(st: &Store, era: Era, n: &Notification) -> Value {
    with_relations(st, era, n, era_providers(era).map(|p| p.kind))
}

fn position(st: &Store, id: &str) -> Option<usize> {
    st.notifications
        .iter()
        .position(|n| s(&n.row, "notificationId") == id)
}

// ------------------------------------------------------------------ seeds

/// The seeded Slack notification: name, webhook, channel, days since it was made.
pub const SEEDED_SLACK: (&str, &str, &str, i64) = (
    "Deploys to #ops",
    "https://hooks.slack.example/services/demo/fake-webhook-secret",
    "#ops",
    30,
);

/// The seeded ntfy notification (v0.30.2): name, server, topic, token, days since it was made.
pub const SEEDED_NTFY: (&str, &str, &str, &str, i64) = (
    "Backups on ntfy",
    "https://ntfy.example.com",
    "skiff-demo-backups",
    "tk_fake-demo-ntfy-token",
    12,
);

/// The demo's notifications: deploys and failed builds to Slack (every era) and backups to ntfy
/// (v0.30.2, which has ntfy). Their ids come from a generator of their own, so every other seeded
/// id stays what it was (and the Slack one's is the same in every era).
pub fn seed(st: &mut Store, era: Era) {
    let mut rng = StdRng::seed_from_u64(0x6e6f_7469);
    let org = st.org_id();
    let now = now_ms();
    let (name, url, channel, days) = SEEDED_SLACK;
    let slack = make(
        Era::V0_30_2,
        &PROVIDERS[0],
        &json!({
            "name": name, "webhookUrl": url, "channel": channel,
            "appDeploy": true, "appBuildError": true, "dokployRestart": true,
        }),
        now - days * 86_400_000,
        id_from(&mut rng, 21),
        id_from(&mut rng, 21),
        org.clone(),
    );
    st.notifications.push(slack);
    let ntfy = make(
        Era::V0_30_2,
        provider_by_kind("ntfy").expect("ntfy"),
        &json!({
            "name": SEEDED_NTFY.0, "serverUrl": SEEDED_NTFY.1, "topic": SEEDED_NTFY.2,
            "accessToken": SEEDED_NTFY.3, "priority": 4,
            "databaseBackup": true, "volumeBackup": true, "dokployBackup": true,
        }),
        now - SEEDED_NTFY.4 * 86_400_000,
        id_from(&mut rng, 21),
        id_from(&mut rng, 21),
        org,
    );
    if era == Era::V0_30_2 {
        st.notifications.push(ntfy);
    }
    st.touch();
}

// ------------------------------------------------------------------ the simulated delivery

/// The host and port a URL dials (`None`: it does not parse as Node's `fetch` would take it).
fn target(url: &str) -> Option<(String, Option<String>)> {
    let (scheme, rest) = url.trim().split_once(':')?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return None;
    }
    let special = matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ws" | "wss" | "ftp"
    );
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    if special && host_port.is_empty() {
        return None;
    }
    if host_port.contains(' ') {
        return None;
    }
    let (host, port) = if host_port.starts_with('[') {
        match host_port.split_once("]:") {
            Some((h, p)) => (format!("{h}]"), Some(p)),
            None => (host_port.to_string(), None),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (host_port.to_string(), None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p)
            if p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n <= 65_535) =>
        {
            Some(p.to_string())
        }
        Some(_) => return None,
    };
    Some((host, port))
}

/// Whether a target refuses the connection: port 9 (discard, where the recordings' targets were)
/// or a host that says `unreachable`.
fn refuses(host: &str, port: Option<&str>) -> bool {
    port == Some("9") || host.to_ascii_lowercase().contains("unreachable")
}

/// Node's `fetch(url)` as the sandbox plays it: `Failed to parse URL from URL` for a URL that
/// does not parse, `fetch failed` for a target that refuses (or a scheme fetch does not speak),
/// otherwise delivered (the target answering 2xx).
pub fn deliver(url: &str) -> Result<(), String> {
    let Some((host, port)) = target(url) else {
        return Err(format!("Failed to parse URL from {url}"));
    };
    let scheme = url.trim().split(':').next().unwrap_or_default();
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return Err("fetch failed".into());
    }
    if refuses(&host, port.as_deref()) {
        return Err("fetch failed".into());
    }
    Ok(())
}

/// nodemailer's connection to `smtpServer:smtpPort` as the sandbox plays it: a host that says
/// `unreachable` is not found, port 9 refuses.
pub fn smtp(server: &str, port: &Value) -> Result<(), String> {
    let port = port
        .as_f64()
        .map(|p| format!("{p}"))
        .unwrap_or_else(|| port.to_string());
    if server.to_ascii_lowercase().contains("unreachable") {
        return Err(format!("getaddrinfo ENOTFOUND {server}"));
    }
    if port == "9" {
        return Err(format!("connect ECONNREFUSED {server}:{port}"));
    }
    Ok(())
}

/// A test of `provider` with `input` in `era`: `Ok` or the 400's message.
fn test_connection(era: Era, provider: &Provider, input: &Value) -> Result<(), String> {
    let field = |k: &str| input_str(input, k);
    if era != Era::V0_30_2 {
        // Slack's, Telegram's and email's senders swallow their errors; Discord's and Gotify's
        // throw, and the procedure answers its own words.
        return match provider.kind {
            "discord" => deliver(&field("webhookUrl")),
            "gotify" => deliver(&format!("{}/message", field("serverUrl"))),
            _ => Ok(()),
        }
        .map_err(|_| "Error testing the notification".to_string());
    }
    let fixed = "Error testing the notification".to_string();
    match provider.kind {
        "slack" => deliver(&field("webhookUrl"))
            .map_err(|m| format!("Failed to send slack notification {m}")),
        "discord" => deliver(&field("webhookUrl"))
            .map_err(|m| format!("Failed to send discord notification {m}")),
        "email" => smtp(
            &field("smtpServer"),
            input.get("smtpPort").unwrap_or(&Value::Null),
        )
        .map_err(|m| format!("Failed to send email notification {m}")),
        "gotify" => deliver(&format!("{}/message", field("serverUrl"))).map_err(|_| fixed),
        "ntfy" => deliver(&format!("{}/{}", field("serverUrl"), field("topic")))
            .map_err(|m| format!("Error testing the notification: {m}")),
        "mattermost" => deliver(&field("webhookUrl")).map_err(|_| fixed),
        "custom" => deliver(&field("endpoint")),
        "teams" => deliver(&field("webhookUrl"))
            .map_err(|m| format!("Failed to send Teams notification {m}")),
        // Telegram's and Lark's senders swallow their errors; Resend and Pushover post to their
        // services' own addresses.
        _ => Ok(()),
    }
}

// ------------------------------------------------------------------ refinements

/// What the OpenAPI document does not carry (v0.30.2): Pushover's emergency priority needs
/// `retry` and `expire`, Mattermost's webhook is a URL, a custom webhook's headers are strings.
pub fn refine(proc_: &Procedure, input: &Value, zod3: bool, issues: &mut Vec<Value>) {
    let Some(procedure) = proc_.name.strip_prefix("notification.") else {
        return;
    };
    if zod3 {
        return;
    }
    if let Some(Value::Object(headers)) = input.get("headers") {
        if matches!(
            procedure,
            "createCustom" | "updateCustom" | "testCustomConnection"
        ) {
            for (k, v) in headers {
                if !v.is_string() {
                    issues.push(json!({
                        "expected": "string", "code": "invalid_type", "path": ["headers", k],
                        "message": format!(
                            "Invalid input: expected string, received {}",
                            crate::validate::received(Some(v))
                        ),
                    }));
                }
            }
        }
    }
    if matches!(
        procedure,
        "createMattermost" | "updateMattermost" | "testMattermostConnection"
    ) {
        if let Some(url) = input.get("webhookUrl").and_then(Value::as_str) {
            if target(url).is_none() {
                issues.push(json!({
                    "code": "invalid_format", "format": "url", "path": ["webhookUrl"],
                    "message": "Invalid URL",
                }));
            }
        }
    }
    // An object refinement runs when the object's fields parsed.
    let typed = !issues.iter().any(|i| i["code"] == "invalid_type");
    if typed && matches!(procedure, "createPushover" | "testPushoverConnection") {
        let priority = input.get("priority").and_then(Value::as_f64).unwrap_or(0.0);
        let given = |k: &str| input.get(k).is_some_and(|v| !v.is_null());
        if priority == 2.0 && !(given("retry") && given("expire")) {
            issues.push(json!({
                "code": "custom", "path": ["retry"],
                "message": "Retry and expire are required for emergency priority (2)",
            }));
        }
    }
}

// ------------------------------------------------------------------ errors and access

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "BAD_REQUEST", message)
}

fn not_found() -> ApiError {
    ApiError::not_found("Notification not found")
}

/// v0.30.2's `withPermission("notification", ...)`: the owner's and admins' (the member role
/// has no action on notifications); the older eras' `adminProcedure`: the owner's, but
/// `notification.one` (`protectedProcedure`).
fn check_access(caller: &Caller, era: Era, name: &str) -> Result<(), ApiError> {
    if caller.owner {
        return Ok(());
    }
    match era {
        Era::V0_30_2 => Err(ApiError::no_permission("notification")),
        _ if name == "notification.one" => Ok(()),
        _ => Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED")),
    }
}

// ------------------------------------------------------------------ procedures

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    check_access(caller, era, name)?;
    let mut st = shared.lock();
    let json = |v: Value| Ok(Reply::Json(v));
    let procedure = name.strip_prefix("notification.").unwrap_or_default();
    match procedure {
        "all" => {
            let mut rows: Vec<(usize, &Notification)> =
                st.notifications.iter().enumerate().collect();
            // Newest first (the later made first when made the same millisecond).
            rows.sort_by(|(ia, a), (ib, b)| {
                s(&b.row, "createdAt")
                    .cmp(&s(&a.row, "createdAt"))
                    .then(ib.cmp(ia))
            });
            let list = rows.into_iter().map(|(_, n)| full(&st, era, n)).collect();
            json(Value::Array(list))
        }
        "one" => {
            let pos = position(&st, &input_str(input, "notificationId")).ok_or_else(not_found)?;
            json(full(&st, era, &st.notifications[pos]))
        }
        "getEmailProviders" => {
            let kinds: &[&str] = if era == Era::V0_30_2 {
                &["email", "resend"]
            } else {
                &["email"]
            };
            let list = st
                .notifications
                .iter()
                .map(|n| with_relations(&st, era, n, kinds.iter().copied()))
                .collect();
            json(Value::Array(list))
        }
        "remove" => {
            let Some(pos) = position(&st, &input_str(input, "notificationId")) else {
                return Err(bad_request(if era == Era::V0_18_4 {
                    "Error deleting this notification"
                } else {
                    "Notification not found"
                }));
            };
            let n = st.notifications.remove(pos);
            st.touch();
            json(Value::Object(era_row(&st, era, &n)))
        }
        _ => {
            if let Some(p) = procedure.strip_prefix("create").and_then(provider_by_proc) {
                let n = build(&mut st, era, p, input, now_ms());
                st.notifications.push(n);
                st.touch();
                return Ok(Reply::Void);
            }
            if let Some(p) = procedure.strip_prefix("update").and_then(provider_by_proc) {
                return update(&mut st, era, p, input).map(|()| Reply::Void);
            }
            if let Some(p) = procedure
                .strip_prefix("test")
                .and_then(|r| r.strip_suffix("Connection"))
                .and_then(provider_by_proc)
            {
                drop(st);
                return test_connection(era, p, input)
                    .map(|()| Reply::Json(json!(true)))
                    .map_err(bad_request);
            }
            Err(ApiError::no_procedure())
        }
    }
}

/// `notification.update<Provider>`: the notification's name and flags, then the provider row
/// named by the input's id, in one transaction.
fn update(st: &mut Store, era: Era, provider: &Provider, input: &Value) -> Result<(), ApiError> {
    // Telegram's, Discord's, email's and Resend's procedures answer every failure in their own
    // words; the others let the error through.
    let wraps = matches!(provider.kind, "telegram" | "discord" | "email" | "resend");
    let fail = |e: ApiError| {
        if wraps {
            bad_request("Error updating the notification")
        } else {
            e
        }
    };
    let pos = position(st, &input_str(input, "notificationId"))
        .ok_or_else(not_found)
        .map_err(fail)?;
    let set: Row = provider
        .columns
        .iter()
        .filter(|(c, _)| era != Era::V0_18_4 || *c != "messageThreadId")
        .filter_map(|(c, _)| input.get(*c).map(|v| ((*c).to_string(), v.clone())))
        .collect();
    if set.is_empty() {
        // drizzle refuses the provider's empty `set`; the transaction rolls the rest back.
        return Err(fail(ApiError::internal("No values to set")));
    }
    let flags = provider_flags(era, provider);
    let row = &mut st.notifications[pos].row;
    if let Some(Value::String(name)) = input.get("name") {
        row.insert("name".into(), json!(name));
    }
    for flag in flags {
        if let Some(v @ Value::Bool(_)) = input.get(flag) {
            row.insert(flag.into(), v.clone());
        }
    }
    let provider_id = input_str(input, provider.id_key);
    if let Some(target) = st.notifications.iter_mut().find(|n| {
        s(&n.row, "notificationType") == provider.kind
            && s(&n.provider, provider.id_key) == provider_id
    }) {
        target.provider.extend(set);
    }
    st.touch();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_fail_like_the_recordings() {
        assert_eq!(
            deliver("http://127.0.0.1:9/slack/hook"),
            Err("fetch failed".into())
        );
        assert_eq!(
            deliver("http://127.0.0.1:9/rec-wave2"),
            Err("fetch failed".into())
        );
        assert_eq!(
            deliver("https://hooks.unreachable.test/x"),
            Err("fetch failed".into())
        );
        assert_eq!(deliver("https://hooks.slack.com/services/x"), Ok(()));
        assert_eq!(deliver("http://127.0.0.1:90/x"), Ok(()));
        assert_eq!(
            deliver("not a url"),
            Err("Failed to parse URL from not a url".into())
        );
        assert_eq!(
            deliver("/message"),
            Err("Failed to parse URL from /message".into())
        );
        assert_eq!(deliver("ftp://files.example"), Err("fetch failed".into()));
        assert_eq!(
            deliver("http://"),
            Err("Failed to parse URL from http://".into())
        );
    }

    #[test]
    fn test_messages_are_each_procedures() {
        let slack = provider_by_kind("slack").unwrap();
        let ntfy = provider_by_kind("ntfy").unwrap();
        let custom = provider_by_kind("custom").unwrap();
        let gotify = provider_by_kind("gotify").unwrap();
        let telegram = provider_by_kind("telegram").unwrap();
        let e = Era::V0_30_2;
        // notification.testSlackConnection, testNtfyConnection, testCustomConnection
        assert_eq!(
            test_connection(
                e,
                slack,
                &json!({"webhookUrl": "http://127.0.0.1:9/slack/hook"})
            ),
            Err("Failed to send slack notification fetch failed".into())
        );
        assert_eq!(
            test_connection(
                e,
                ntfy,
                &json!({"serverUrl": "http://127.0.0.1:9", "topic": "rec-wave2"})
            ),
            Err("Error testing the notification: fetch failed".into())
        );
        assert_eq!(
            test_connection(
                e,
                custom,
                &json!({"endpoint": "http://127.0.0.1:9/webhook"})
            ),
            Err("fetch failed".into())
        );
        assert_eq!(
            test_connection(e, gotify, &json!({"serverUrl": "http://127.0.0.1:9"})),
            Err("Error testing the notification".into())
        );
        assert_eq!(
            test_connection(e, telegram, &json!({"botToken": "x", "chatId": "1"})),
            Ok(())
        );
        // The older eras' Slack sender swallows the failure.
        assert_eq!(
            test_connection(
                Era::V0_24_12,
                slack,
                &json!({"webhookUrl": "http://127.0.0.1:9/slack/hook"})
            ),
            Ok(())
        );
        assert_eq!(
            smtp("127.0.0.1", &json!(9)),
            Err("connect ECONNREFUSED 127.0.0.1:9".into())
        );
        assert_eq!(
            smtp("smtp.unreachable.test", &json!(587)),
            Err("getaddrinfo ENOTFOUND smtp.unreachable.test".into())
        );
        assert_eq!(smtp("smtp.example.com", &json!(587)), Ok(()));
    }
}

//! Notifications as plain data: which providers and events the connected instance has, the
//! form of the six providers Skiff creates and edits (Slack, Discord, Telegram, email, ntfy, a
//! custom webhook) with its checks and the bodies of Dokploy's create, update and test
//! procedures, and the list as markup (src/html.rs: every value escaped). Secrets (webhook
//! URLs, tokens, the SMTP password, header values) are never written into the list.

use serde_json::{json, Map, Value};

use crate::api::{url_authority, ApiError};
use crate::html::{answered, Html};
use crate::model::{DokployVersion, Notification};
use crate::service_view::backups::FieldError;
use crate::service_view::time::ago_of;

/// A provider Skiff creates and edits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Slack,
    Discord,
    Telegram,
    Email,
    Ntfy,
    Custom,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Slack,
        Kind::Discord,
        Kind::Telegram,
        Kind::Email,
        Kind::Ntfy,
        Kind::Custom,
    ];

    /// `notificationType`.
    pub fn wire(self) -> &'static str {
        match self {
            Kind::Slack => "slack",
            Kind::Discord => "discord",
            Kind::Telegram => "telegram",
            Kind::Email => "email",
            Kind::Ntfy => "ntfy",
            Kind::Custom => "custom",
        }
    }

    /// The procedures' suffix: `notification.createSlack`, `testSlackConnection`.
    pub fn procedure(self) -> &'static str {
        match self {
            Kind::Slack => "Slack",
            Kind::Discord => "Discord",
            Kind::Telegram => "Telegram",
            Kind::Email => "Email",
            Kind::Ntfy => "Ntfy",
            Kind::Custom => "Custom",
        }
    }

    pub fn parse(wire: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.wire() == wire)
    }

    /// Whether the instance has it: ntfy from v0.25, custom webhooks from v0.26.
    pub fn exists(self, v: Option<&DokployVersion>) -> bool {
        let at = |m| v.is_none_or(|v| v.at_least(0, m, 0));
        match self {
            Kind::Ntfy => at(25),
            Kind::Custom => at(26),
            _ => true,
        }
    }
}

/// Whether Telegram notifications take a topic (`messageThreadId`, v0.19+).
pub fn has_topics(v: Option<&DokployVersion>) -> bool {
    v.is_none_or(|v| v.at_least(0, 19, 0))
}

/// What a notification is about: its flag on the wire and its words.
pub const EVENTS: [(&str, &str); 8] = [
    ("appDeploy", "App deploys"),
    ("appBuildError", "Build errors"),
    ("databaseBackup", "Database backups"),
    ("volumeBackup", "Volume backups"),
    ("dokployRestart", "Dokploy restarts"),
    ("dokployBackup", "Dokploy backups"),
    ("dockerCleanup", "Docker cleanup"),
    ("serverThreshold", "Server thresholds"),
];

/// The events (indexes into [`EVENTS`]) a provider sends on this instance: volume backups from
/// v0.26, Dokploy's own backups from v0.29, a server's thresholds on every provider but ntfy.
pub fn events(kind: Kind, v: Option<&DokployVersion>) -> Vec<usize> {
    let at = |m| v.is_none_or(|v| v.at_least(0, m, 0));
    (0..EVENTS.len())
        .filter(|&i| match EVENTS[i].0 {
            "volumeBackup" => at(26),
            "dokployBackup" => at(29),
            "serverThreshold" => kind != Kind::Ntfy,
            _ => true,
        })
        .collect()
}

/// The notification form (a new one or an edited one): every provider's fields, the kind's
/// used.
#[derive(Clone, Debug, PartialEq)]
pub struct NotificationForm {
    pub kind: Kind,
    pub name: String,
    /// By [`EVENTS`] index.
    pub on: [bool; 8],
    pub webhook_url: String,
    pub channel: String,
    pub decoration: bool,
    pub bot_token: String,
    pub chat_id: String,
    pub thread_id: String,
    pub smtp_server: String,
    pub smtp_port: String,
    pub username: String,
    pub password: String,
    pub from: String,
    /// Comma- or line-separated.
    pub to: String,
    pub server_url: String,
    pub topic: String,
    pub access_token: String,
    pub priority: String,
    pub endpoint: String,
    /// `Name: value`, one a line.
    pub headers: String,
}

impl Default for NotificationForm {
    fn default() -> Self {
        NotificationForm {
            kind: Kind::Slack,
            name: String::new(),
            // What a new notification usually wants: deploys, failed builds, backups, restarts.
            on: [true, true, true, true, true, false, false, false],
            webhook_url: String::new(),
            channel: String::new(),
            decoration: true,
            bot_token: String::new(),
            chat_id: String::new(),
            thread_id: String::new(),
            smtp_server: String::new(),
            smtp_port: "587".into(),
            username: String::new(),
            password: String::new(),
            from: String::new(),
            to: String::new(),
            server_url: "https://ntfy.sh".into(),
            topic: String::new(),
            access_token: String::new(),
            priority: "3".into(),
            endpoint: String::new(),
            headers: String::new(),
        }
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn flag(v: Option<bool>) -> bool {
    v == Some(true)
}

/// A URL Dokploy can post to.
fn web(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

impl NotificationForm {
    /// An edited notification's form (`None`: a provider Skiff does not edit).
    pub fn of(n: &Notification) -> Option<NotificationForm> {
        let kind = Kind::parse(&n.notification_type)?;
        let c = n.channel().cloned().unwrap_or_default();
        let d = NotificationForm::default();
        Some(NotificationForm {
            kind,
            name: n.name.clone(),
            on: [
                flag(n.app_deploy),
                flag(n.app_build_error),
                flag(n.database_backup),
                flag(n.volume_backup),
                flag(n.dokploy_restart),
                flag(n.dokploy_backup),
                flag(n.docker_cleanup),
                flag(n.server_threshold),
            ],
            webhook_url: opt(&c.webhook_url),
            channel: opt(&c.channel),
            decoration: c.decoration.unwrap_or(true),
            bot_token: opt(&c.bot_token),
            chat_id: opt(&c.chat_id),
            thread_id: opt(&c.message_thread_id),
            smtp_server: opt(&c.smtp_server),
            smtp_port: c.smtp_port.map_or(d.smtp_port, |p| p.to_string()),
            username: opt(&c.username),
            password: opt(&c.password),
            from: opt(&c.from_address),
            to: c.to_addresses.unwrap_or_default().join(", "),
            server_url: opt(&c.server_url),
            topic: opt(&c.topic),
            access_token: opt(&c.access_token),
            priority: c.priority.map_or(d.priority, |p| p.to_string()),
            endpoint: opt(&c.endpoint),
            headers: c
                .headers
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        })
    }

    /// The provider's own fields as Dokploy's create, update and test take them, or the
    /// fields' errors. `thread`: Telegram's topic field (v0.19+).
    pub fn target(&self, thread: bool) -> Result<Map<String, Value>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut m = Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_string(), v);
        };
        match self.kind {
            Kind::Slack | Kind::Discord => {
                let url = self.webhook_url.trim();
                if !web(url) {
                    errors.push((
                        "n-webhook",
                        "Paste the webhook URL (https://…) the app gave you.".to_string(),
                    ));
                }
                put("webhookUrl", json!(url));
                if self.kind == Kind::Slack {
                    put("channel", json!(self.channel.trim()));
                } else {
                    put("decoration", json!(self.decoration));
                }
            }
            Kind::Telegram => {
                let token = self.bot_token.trim();
                if !token.contains(':') {
                    errors.push((
                        "n-bot-token",
                        "Paste the bot's token from @BotFather (digits, a colon, then letters)."
                            .to_string(),
                    ));
                }
                let chat = self.chat_id.trim();
                if chat.is_empty() {
                    errors.push(("n-chat-id", "Enter the chat's id.".to_string()));
                }
                put("botToken", json!(token));
                put("chatId", json!(chat));
                if thread {
                    put("messageThreadId", json!(self.thread_id.trim()));
                }
            }
            Kind::Email => {
                let server = self.smtp_server.trim();
                if server.is_empty() {
                    errors.push(("n-smtp-server", "Enter the SMTP server.".to_string()));
                }
                let port = self
                    .smtp_port
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|p| (1..=65535).contains(p));
                if port.is_none() {
                    errors.push((
                        "n-smtp-port",
                        "A port is a number from 1 to 65535.".to_string(),
                    ));
                }
                let user = self.username.trim();
                if user.is_empty() {
                    errors.push(("n-username", "Enter the SMTP username.".to_string()));
                }
                if self.password.is_empty() {
                    errors.push(("n-password", "Enter the SMTP password.".to_string()));
                }
                let from = self.from.trim();
                if !from.contains('@') {
                    errors.push(("n-from", "Enter the address mail comes from.".to_string()));
                }
                let to: Vec<&str> = self
                    .to
                    .split([',', '\n', ';'])
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect();
                if to.is_empty() || to.iter().any(|a| !a.contains('@')) {
                    errors.push((
                        "n-to",
                        "Enter one or more addresses, separated by commas.".to_string(),
                    ));
                }
                put("smtpServer", json!(server));
                put("smtpPort", json!(port.unwrap_or(0)));
                put("username", json!(user));
                put("password", json!(self.password));
                put("fromAddress", json!(from));
                put("toAddresses", json!(to));
            }
            Kind::Ntfy => {
                let url = self.server_url.trim().trim_end_matches('/');
                if !web(url) {
                    errors.push((
                        "n-server-url",
                        "Enter the ntfy server's address (https://ntfy.sh or your own)."
                            .to_string(),
                    ));
                }
                let topic = self.topic.trim();
                if topic.is_empty() || topic.contains(|c: char| c.is_whitespace() || c == '/') {
                    errors.push((
                        "n-topic",
                        "Enter a topic: one word, no spaces or slashes.".to_string(),
                    ));
                }
                let priority = self
                    .priority
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|p| (1..=5).contains(p));
                if priority.is_none() {
                    errors.push((
                        "n-priority",
                        "Priority is 1 (lowest) to 5 (highest).".to_string(),
                    ));
                }
                put("serverUrl", json!(url));
                put("topic", json!(topic));
                put("accessToken", json!(self.access_token.trim()));
                put("priority", json!(priority.unwrap_or(3)));
            }
            Kind::Custom => {
                let url = self.endpoint.trim();
                if !web(url) {
                    errors.push((
                        "n-endpoint",
                        "Enter the URL Dokploy posts to (https://…).".to_string(),
                    ));
                }
                let mut headers = Map::new();
                for line in self
                    .headers
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                {
                    match line.split_once(':') {
                        Some((k, v)) if !k.trim().is_empty() && !k.trim().contains(' ') => {
                            headers.insert(k.trim().to_string(), json!(v.trim()));
                        }
                        _ => {
                            errors.push((
                                "n-headers",
                                "Write each header as Name: value, one a line.".to_string(),
                            ));
                            break;
                        }
                    }
                }
                put("endpoint", json!(url));
                put("headers", Value::Object(headers));
            }
        }
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(errors)
        }
    }

    /// The body of `notification.create<Kind>` (`ids` `None`) or `update<Kind>` (`ids`: the
    /// notification's and its provider row's), with the events the instance has for the kind.
    pub fn body(
        &self,
        ids: Option<(&str, &str)>,
        v: Option<&DokployVersion>,
    ) -> Result<Value, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(("n-name", "Enter a name.".to_string()));
        }
        let mut m = match self.target(has_topics(v)) {
            Ok(m) => m,
            Err(mut e) => {
                errors.append(&mut e);
                Map::new()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        m.insert("name".into(), json!(name));
        for i in events(self.kind, v) {
            m.insert(EVENTS[i].0.into(), json!(self.on[i]));
        }
        if let Some((id, provider)) = ids {
            m.insert("notificationId".into(), json!(id));
            m.insert(format!("{}Id", self.kind.wire()), json!(provider));
        }
        Ok(Value::Object(m))
    }
}

/// The provider row's id of an edited notification (`slackId`, ...).
pub fn provider_id(n: &Notification) -> Option<String> {
    let c = n.channel()?;
    [
        &c.slack_id,
        &c.telegram_id,
        &c.discord_id,
        &c.email_id,
        &c.ntfy_id,
        &c.custom_id,
    ]
    .into_iter()
    .find_map(Clone::clone)
}

/// The provider's name: `Slack`, `ntfy`, `Custom webhook`, ...
pub fn kind_name(wire: &str) -> &str {
    match wire {
        "slack" => "Slack",
        "telegram" => "Telegram",
        "discord" => "Discord",
        "email" => "Email",
        "gotify" => "Gotify",
        "ntfy" => "ntfy",
        "custom" => "Custom webhook",
        "lark" => "Lark",
        "resend" => "Resend",
        "pushover" => "Pushover",
        "teams" => "Microsoft Teams",
        "mattermost" => "Mattermost",
        other => other,
    }
}

/// The host of a URL (`hooks.slack.com`), never its path, where a webhook keeps its secret.
fn host(url: &str) -> &str {
    let host = url_authority(url);
    // A user name and password in the URL are secrets too.
    host.rsplit('@').next().unwrap_or(host)
}

/// Where a notification goes, without its secrets: a Slack channel, a Telegram chat, mail's
/// addresses, an ntfy topic, a webhook's host.
pub fn target(n: &Notification) -> String {
    let Some(c) = n.channel() else {
        return String::new();
    };
    match n.notification_type.as_str() {
        "slack" => {
            let h = host(c.webhook_url.as_deref().unwrap_or(""));
            match c.channel.as_deref().filter(|c| !c.is_empty()) {
                Some(ch) => format!("{ch} via {h}"),
                None => h.to_string(),
            }
        }
        "discord" => format!(
            "webhook on {}",
            host(c.webhook_url.as_deref().unwrap_or(""))
        ),
        "telegram" => format!("chat {}", c.chat_id.as_deref().unwrap_or("")),
        "email" => format!(
            "{} via {}",
            c.to_addresses.clone().unwrap_or_default().join(", "),
            c.smtp_server.as_deref().unwrap_or("")
        ),
        "ntfy" => format!(
            "{} on {}",
            c.topic.as_deref().unwrap_or(""),
            host(c.server_url.as_deref().unwrap_or(""))
        ),
        "custom" => format!("POST to {}", host(c.endpoint.as_deref().unwrap_or(""))),
        _ => String::new(),
    }
}

/// The list of Settings › Notifications: each with its provider, where it goes (no secret),
/// the events it sends, and Test, Edit (the six Skiff edits) and Delete.
pub fn rows_html(all: Option<&Result<Vec<Notification>, ApiError>>, now_ms: i64) -> String {
    let mut h = Html::with_capacity(1200);
    let Some(list) = answered(&mut h, all, "Loading notifications…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-notifications\">No notification yet: add one above to hear about deploys, failed builds and backups where your team is.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Name</th><th>Sends to</th><th>Events</th><th>Added</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for n in list {
        let flags = [
            n.app_deploy,
            n.app_build_error,
            n.database_backup,
            n.volume_backup,
            n.dokploy_restart,
            n.dokploy_backup,
            n.docker_cleanup,
            n.server_threshold,
        ];
        h.raw("<tr data-test=\"notification-row\"><td data-label=\"Name\"><div><strong>")
            .text(&n.name)
            .raw("</strong><div class=\"small muted\">")
            .text(kind_name(&n.notification_type))
            .raw("</div></div></td><td data-label=\"Sends to\" class=\"small\">")
            .text(&target(n))
            .raw("</td><td data-label=\"Events\"><div class=\"chips\">");
        let mut any = false;
        for (i, on) in flags.iter().enumerate() {
            if *on == Some(true) {
                any = true;
                h.raw("<span class=\"badge badge--plain\">")
                    .raw(EVENTS[i].1)
                    .raw("</span> ");
            }
        }
        if !any {
            h.raw("<span class=\"muted small\">None: it sends nothing</span>");
        }
        h.raw("</div></td><td data-label=\"Added\" class=\"small\">")
            .text(&ago_of(now_ms, &n.created_at))
            .raw("</td><td class=\"actions\">");
        if Kind::parse(&n.notification_type).is_some() {
            h.raw("<button type=\"button\" class=\"btn btn--small\" data-test=\"test-notification\" data-action=\"test\" data-id=\"")
                .text(&n.notification_id)
                .raw("\">Test</button> <button type=\"button\" class=\"btn btn--small\" data-test=\"edit-notification\" data-action=\"edit\" data-id=\"")
                .text(&n.notification_id)
                .raw("\">Edit</button> ");
        }
        h.raw("<button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"delete-notification\" data-action=\"delete\" data-id=\"")
            .text(&n.notification_id)
            .raw("\">Delete</button></td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// A test delivery's failure in words: Dokploy answers 400 with what the provider said.
pub fn test_problem(e: &ApiError, name: &str) -> (String, String) {
    match e {
        ApiError::Invalid {
            message,
            field_errors,
            ..
        } if field_errors.is_empty() => (
            format!("Dokploy could not deliver the test message of {name}"),
            format!("It said: {message}. Check the address and credentials, and that Dokploy's server can reach the provider."),
        ),
        other => (other.title(), other.advice()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str =
        include_str!("../recordings/dokploy/v0.30.2/notification.all.with-notifications.json");

    fn recorded() -> Vec<Notification> {
        serde_json::from_str(RECORDED).unwrap()
    }

    fn v(s: &str) -> DokployVersion {
        DokployVersion(s.into())
    }

    #[test]
    fn the_list_says_where_each_goes_without_a_secret() {
        let list = recorded();
        let html = rows_html(Some(&Ok(list.clone())), 0);
        for secret in [
            "secret-07",
            "secret-08",
            "/slack/hook",
            "/webhook",
            "X-Rec-Token",
        ] {
            assert!(!html.contains(secret), "{secret} listed: {html}");
        }
        let slack = list
            .iter()
            .find(|n| n.notification_type == "slack")
            .unwrap();
        assert_eq!(target(slack), "#rec-wave2 via 127.0.0.1:9");
        let ntfy = list.iter().find(|n| n.notification_type == "ntfy").unwrap();
        assert_eq!(target(ntfy), "rec-wave2 on 127.0.0.1:9");
        assert!(html.contains("Build errors") && html.contains("Volume backups"));
        assert_eq!(html.matches("data-action=\"edit\"").count(), 4);
    }

    #[test]
    fn hostile_names_are_text_and_other_providers_are_only_deleted() {
        let mut list = recorded();
        list[0].name = "<img src=x onerror=alert(1)>".into();
        list[1].notification_type = "gotify".into();
        let html = rows_html(Some(&Ok(list)), 0);
        assert!(!html.contains("<img"));
        assert_eq!(html.matches("data-action=\"edit\"").count(), 3);
        assert_eq!(html.matches("data-action=\"delete\"").count(), 4);
    }

    #[test]
    fn an_edited_notification_keeps_its_secrets_and_ids() {
        let list = recorded();
        let ntfy = list.iter().find(|n| n.notification_type == "ntfy").unwrap();
        let form = NotificationForm::of(ntfy).unwrap();
        assert_eq!(form.access_token, "secret-07-redacted");
        let body = form
            .body(
                Some((&ntfy.notification_id, &provider_id(ntfy).unwrap())),
                Some(&v("v0.30.2")),
            )
            .unwrap();
        assert_eq!(body["ntfyId"], "ksTZqvA0AR52ziWSEtf8T");
        assert_eq!(body["accessToken"], "secret-07-redacted");
        assert_eq!(body["priority"], 3);
        assert!(
            body.get("serverThreshold").is_none(),
            "ntfy has no thresholds"
        );
        assert_eq!(body["volumeBackup"], true);
        let custom = list.iter().find(|n| n.name == "rec-wave2-webhook").unwrap();
        let form = NotificationForm::of(custom).unwrap();
        assert_eq!(form.headers, "X-Rec-Token: secret-08-redacted");
        let m = form.target(true).unwrap();
        assert_eq!(m["headers"]["X-Rec-Token"], "secret-08-redacted");
    }

    #[test]
    fn each_era_gets_its_events_and_fields() {
        let form = NotificationForm {
            kind: Kind::Telegram,
            name: "Team".into(),
            bot_token: "123:abc".into(),
            chat_id: "-100".into(),
            ..NotificationForm::default()
        };
        let old = form.body(None, Some(&v("v0.18.4"))).unwrap();
        assert!(old.get("messageThreadId").is_none());
        assert!(old.get("volumeBackup").is_none() && old.get("dokployBackup").is_none());
        assert_eq!(old["serverThreshold"], false);
        let new = form.body(None, Some(&v("v0.30.2"))).unwrap();
        assert_eq!(new["messageThreadId"], "");
        assert_eq!(new["dokployBackup"], false);
        assert_eq!(new["appDeploy"], true);
        assert!(!Kind::Ntfy.exists(Some(&v("v0.24.12"))));
        assert!(Kind::Ntfy.exists(Some(&v("v0.25.0"))));
        assert!(!Kind::Custom.exists(Some(&v("v0.25.11"))));
    }

    #[test]
    fn a_form_is_checked_before_sending() {
        let err = |f: NotificationForm| -> Vec<&'static str> {
            f.body(None, None)
                .unwrap_err()
                .into_iter()
                .map(|e| e.0)
                .collect()
        };
        assert_eq!(err(NotificationForm::default()), ["n-name", "n-webhook"]);
        let email = NotificationForm {
            kind: Kind::Email,
            name: "Mail".into(),
            smtp_server: "smtp.example.com".into(),
            smtp_port: "70000".into(),
            username: "u".into(),
            password: "p".into(),
            from: "dokploy@example.com".into(),
            to: "ops@example.com, nobody".into(),
            ..NotificationForm::default()
        };
        assert_eq!(err(email.clone()), ["n-smtp-port", "n-to"]);
        let ok = NotificationForm {
            smtp_port: "465".into(),
            to: "ops@example.com; lead@example.com".into(),
            ..email
        };
        let body = ok.body(None, None).unwrap();
        assert_eq!(body["toAddresses"][1], "lead@example.com");
        assert_eq!(body["smtpPort"], 465);
        let custom = NotificationForm {
            kind: Kind::Custom,
            name: "Hook".into(),
            endpoint: "https://example.com/h".into(),
            headers: "no colon here".into(),
            ..NotificationForm::default()
        };
        assert_eq!(err(custom), ["n-headers"]);
    }

    #[test]
    fn a_failed_test_says_what_the_provider_said() {
        let e = ApiError::Invalid {
            message: "Failed to send slack notification fetch failed".into(),
            field_errors: Default::default(),
            form_errors: Vec::new(),
        };
        let (title, advice) = test_problem(&e, "Releases");
        assert!(title.contains("Releases"));
        assert!(advice.contains("fetch failed"));
    }
}

//! Notifications (`notification.all`): where Dokploy tells people about deploys, failed builds,
//! backups, restarts, cleanups and a server's thresholds, one provider each (Slack, Telegram,
//! Discord, email, Gotify, ntfy, a custom webhook, and from v0.26 Lark, Resend, Pushover, Teams,
//! Mattermost). Each row nests its provider's settings, secrets included (webhook URLs, tokens,
//! an SMTP password): Skiff keeps the six it edits ([`Channel`]) to send them back unchanged
//! and to test them, and shows them masked.

use serde::Serialize;

use super::de::object;

/// A notification of `notification.all`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub notification_id: String,
    pub name: String,
    /// `slack`, `telegram`, `discord`, `email`, `gotify`, `ntfy`, `custom`, `lark`, `resend`,
    /// `pushover`, `teams`, `mattermost`.
    pub notification_type: String,
    pub created_at: String,
    pub app_deploy: Option<bool>,
    pub app_build_error: Option<bool>,
    pub database_backup: Option<bool>,
    /// v0.26+.
    pub volume_backup: Option<bool>,
    pub dokploy_restart: Option<bool>,
    /// v0.29+.
    pub dokploy_backup: Option<bool>,
    pub docker_cleanup: Option<bool>,
    pub server_threshold: Option<bool>,
    pub slack: Option<Channel>,
    pub telegram: Option<Channel>,
    pub discord: Option<Channel>,
    pub email: Option<Channel>,
    pub ntfy: Option<Channel>,
    pub custom: Option<Channel>,
}

object!(Notification, "a notification", {
    "notificationId" => notification_id: plain,
    "name" => name: nullable,
    "notificationType" => notification_type: nullable,
    "createdAt" => created_at: nullable,
    "appDeploy" => app_deploy: plain,
    "appBuildError" => app_build_error: plain,
    "databaseBackup" => database_backup: plain,
    "volumeBackup" => volume_backup: plain,
    "dokployRestart" => dokploy_restart: plain,
    "dokployBackup" => dokploy_backup: plain,
    "dockerCleanup" => docker_cleanup: plain,
    "serverThreshold" => server_threshold: plain,
    "slack" => slack: plain,
    "telegram" => telegram: plain,
    "discord" => discord: plain,
    "email" => email: plain,
    "ntfy" => ntfy: plain,
    "custom" => custom: plain,
});

/// A provider's own row, whichever it is (one type for the six Skiff edits: each fills its
/// fields, the rest stay empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    pub slack_id: Option<String>,
    pub telegram_id: Option<String>,
    pub discord_id: Option<String>,
    pub email_id: Option<String>,
    pub ntfy_id: Option<String>,
    pub custom_id: Option<String>,
    /// Slack, Discord: the webhook (a secret).
    pub webhook_url: Option<String>,
    pub channel: Option<String>,
    /// Discord: a coloured embed.
    pub decoration: Option<bool>,
    /// Telegram (a secret).
    pub bot_token: Option<String>,
    pub chat_id: Option<String>,
    pub message_thread_id: Option<String>,
    pub smtp_server: Option<String>,
    pub smtp_port: Option<u32>,
    pub username: Option<String>,
    /// Email (a secret).
    pub password: Option<String>,
    pub from_address: Option<String>,
    pub to_addresses: Option<Vec<String>>,
    pub server_url: Option<String>,
    pub topic: Option<String>,
    /// ntfy (a secret).
    pub access_token: Option<String>,
    pub priority: Option<u32>,
    /// Custom webhook.
    pub endpoint: Option<String>,
    /// Custom webhook: header names and values (values may be secrets).
    pub headers: Option<std::collections::BTreeMap<String, String>>,
}

object!(Channel, "a notification's provider", {
    "slackId" => slack_id: plain,
    "telegramId" => telegram_id: plain,
    "discordId" => discord_id: plain,
    "emailId" => email_id: plain,
    "ntfyId" => ntfy_id: plain,
    "customId" => custom_id: plain,
    "webhookUrl" => webhook_url: plain,
    "channel" => channel: plain,
    "decoration" => decoration: plain,
    "botToken" => bot_token: plain,
    "chatId" => chat_id: plain,
    "messageThreadId" => message_thread_id: plain,
    "smtpServer" => smtp_server: plain,
    "smtpPort" => smtp_port: plain,
    "username" => username: plain,
    "password" => password: plain,
    "fromAddress" => from_address: plain,
    "toAddresses" => to_addresses: plain,
    "serverUrl" => server_url: plain,
    "topic" => topic: plain,
    "accessToken" => access_token: plain,
    "priority" => priority: plain,
    "endpoint" => endpoint: plain,
    "headers" => headers: plain,
});

impl Notification {
    /// The provider's row of the six Skiff edits.
    pub fn channel(&self) -> Option<&Channel> {
        [
            &self.slack,
            &self.telegram,
            &self.discord,
            &self.email,
            &self.ntfy,
            &self.custom,
        ]
        .into_iter()
        .find_map(Option::as_ref)
    }
}

//! `notification.*`: where Dokploy sends word of deploys, failed builds, backups and more.
//! Creates, updates and tests are one procedure per provider (`notification.createSlack`,
//! `updateSlack`, `testSlackConnection`); their bodies come from
//! [`crate::notifications::NotificationForm`].

use serde_json::Value;

use super::{id_body, ApiError, Client};
use crate::model::Notification;

impl Client {
    /// `GET notification.all`.
    pub async fn notification_all(&self) -> Result<Vec<Notification>, ApiError> {
        self.get("notification.all", &[]).await
    }

    /// `POST notification.create<Provider>` (`update` false) or `update<Provider>`.
    pub async fn notification_save(
        &self,
        provider: &str,
        update: bool,
        body: &Value,
    ) -> Result<(), ApiError> {
        let op = if update { "update" } else { "create" };
        self.post_void(&format!("notification.{op}{provider}"), body)
            .await
    }

    /// `POST notification.test<Provider>Connection`: Dokploy sends a test message.
    pub async fn notification_test(&self, provider: &str, body: &Value) -> Result<(), ApiError> {
        self.post_void(&format!("notification.test{provider}Connection"), body)
            .await
    }

    /// `POST notification.remove`.
    pub async fn notification_remove(&self, notification_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "notification.remove",
            &id_body("notificationId", notification_id),
        )
        .await
    }
}

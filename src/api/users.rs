//! `user.*`: the caller, members, API keys and permissions.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{CreatedApiKey, Member, Permissions};

/// `metadata` of `user.createApiKey`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyMetadata {
    pub organization_id: String,
}

/// Body of `user.createApiKey` (v0.19+). `rateLimitEnabled` is always sent: if it is left
/// out, Dokploy enables its default limit (10 requests a day), which locks a dashboard out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApiKey {
    pub name: String,
    /// Lifetime in seconds; `None` = never expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
    pub metadata: ApiKeyMetadata,
    pub rate_limit_enabled: bool,
    /// Window in milliseconds (only with `rate_limit_enabled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit_time_window: Option<u64>,
    /// Requests per window (only with `rate_limit_enabled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit_max: Option<u64>,
}

impl NewApiKey {
    /// A key without expiry or rate limit for `organization_id`.
    pub fn new(name: &str, organization_id: &str) -> Self {
        NewApiKey {
            name: name.to_string(),
            expires_in: None,
            metadata: ApiKeyMetadata {
                organization_id: organization_id.to_string(),
            },
            rate_limit_enabled: false,
            rate_limit_time_window: None,
            rate_limit_max: None,
        }
    }

    /// Enables a rate limit of `max` requests per `window_ms`.
    pub fn rate_limited(mut self, max: u64, window_ms: u64) -> Self {
        self.rate_limit_enabled = true;
        self.rate_limit_max = Some(max);
        self.rate_limit_time_window = Some(window_ms);
        self
    }
}

/// Body of `user.assignPermissions`: the member id and every flag and list (all required).
/// `accessed_environments`, `accessed_git_providers`, `accessed_servers` and the environment
/// flags are v0.25+; older servers ignore them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignPermissions {
    /// The member row id ([`Member::id`]).
    pub id: String,
    pub accessed_projects: Vec<String>,
    pub accessed_environments: Vec<String>,
    pub accessed_services: Vec<String>,
    pub accessed_git_providers: Vec<String>,
    pub accessed_servers: Vec<String>,
    pub can_create_projects: bool,
    pub can_create_services: bool,
    pub can_delete_projects: bool,
    pub can_delete_services: bool,
    pub can_access_to_docker: bool,
    pub can_access_to_traefik_files: bool,
    #[serde(rename = "canAccessToAPI")]
    pub can_access_to_api: bool,
    #[serde(rename = "canAccessToSSHKeys")]
    pub can_access_to_ssh_keys: bool,
    pub can_access_to_git_providers: bool,
    pub can_delete_environments: bool,
    pub can_create_environments: bool,
}

impl AssignPermissions {
    /// The member's current permissions, ready to edit and send back.
    pub fn from_member(m: &Member) -> Self {
        AssignPermissions {
            // Dokploy updates the member whose *user* id matches; a membership row id matches
            // nobody and still answers 200.
            id: m.user_key(),
            accessed_projects: m.accessed_projects.clone(),
            accessed_environments: m.accessed_environments.clone(),
            accessed_services: m.accessed_services.clone(),
            accessed_git_providers: m.accessed_git_providers.clone(),
            accessed_servers: m.accessed_servers.clone(),
            can_create_projects: m.can_create_projects,
            can_create_services: m.can_create_services,
            can_delete_projects: m.can_delete_projects,
            can_delete_services: m.can_delete_services,
            can_access_to_docker: m.can_access_to_docker,
            can_access_to_traefik_files: m.can_access_to_traefik_files,
            can_access_to_api: m.can_access_to_api,
            can_access_to_ssh_keys: m.can_access_to_ssh_keys,
            can_access_to_git_providers: m.can_access_to_git_providers,
            can_delete_environments: m.can_delete_environments,
            can_create_environments: m.can_create_environments,
        }
    }
}

impl Client {
    /// `GET user.get` (v0.19+): the caller's membership, with the user and its API keys.
    pub async fn user_get(&self) -> Result<Member, ApiError> {
        self.get("user.get", &[]).await
    }

    /// `GET user.all`: every member of the active organization.
    pub async fn user_all(&self) -> Result<Vec<Member>, ApiError> {
        self.get("user.all", &[]).await
    }

    /// `POST user.createApiKey`: the answer holds the key, shown this once.
    pub async fn create_api_key(&self, key: &NewApiKey) -> Result<CreatedApiKey, ApiError> {
        self.post("user.createApiKey", key).await
    }

    /// `POST user.deleteApiKey`.
    pub async fn delete_api_key(&self, api_key_id: &str) -> Result<(), ApiError> {
        self.post_void("user.deleteApiKey", &id_body("apiKeyId", api_key_id))
            .await
    }

    /// `POST user.assignPermissions`.
    pub async fn assign_permissions(&self, perms: &AssignPermissions) -> Result<(), ApiError> {
        self.post_void("user.assignPermissions", perms).await
    }

    /// `GET user.getPermissions` (v0.30): what the caller may do, resource → action.
    pub async fn get_permissions(&self) -> Result<Permissions, ApiError> {
        self.get("user.getPermissions", &[]).await
    }
}

#[cfg(test)]
mod tests {
    use super::AssignPermissions;
    use crate::model::Member;

    #[test]
    fn permissions_name_the_user_not_the_membership_row() {
        let m: Member = serde_json::from_value(serde_json::json!({
            "id": "membership-row", "userId": "the-user", "role": "member",
            "canAccessToAPI": true, "user": {"id": "the-user"}
        }))
        .expect("member decodes");
        let body = AssignPermissions::from_member(&m);
        assert_eq!(body.id, "the-user");
        assert!(body.can_access_to_api);
    }
}

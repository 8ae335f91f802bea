//! Users, members, API keys, organizations, permissions, and the legacy token.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::de::{object, open_enum};

open_enum! {
    /// A member's role in the organization (custom roles arrive as `Other`).
    MemberRole {
        Owner = "owner",
        Admin = "admin",
        Member = "member",
    }
}

impl MemberRole {
    /// Owners and admins can do everything; members only what they were granted.
    pub fn is_admin(&self) -> bool {
        matches!(self, MemberRole::Owner | MemberRole::Admin)
    }
}

/// An API key as listed under `user.apiKeys` (never carries the key itself).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: String,
    pub name: Option<String>,
    /// First characters of the key, for recognising it.
    pub start: Option<String>,
    pub prefix: Option<String>,
    pub enabled: Option<bool>,
    pub expires_at: Option<String>,
    pub created_at: Option<String>,
    pub rate_limit_enabled: Option<bool>,
    pub rate_limit_time_window: Option<u64>,
    pub rate_limit_max: Option<u64>,
    pub request_count: Option<u64>,
    pub remaining: Option<u64>,
    pub last_request: Option<String>,
}

object!(ApiKey, "an API key", {
    "id" => id: plain,
    "name" => name: plain,
    "start" => start: plain,
    "prefix" => prefix: plain,
    "enabled" => enabled: plain,
    "expiresAt" => expires_at: plain,
    "createdAt" => created_at: plain,
    "rateLimitEnabled" => rate_limit_enabled: plain,
    "rateLimitTimeWindow" => rate_limit_time_window: plain,
    "rateLimitMax" => rate_limit_max: plain,
    "requestCount" => request_count: plain,
    "remaining" => remaining: plain,
    "lastRequest" => last_request: plain,
});

/// The answer of `user.createApiKey`: the only time the key is shown.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    pub id: String,
    pub name: Option<String>,
    /// The secret. Show once, never log.
    pub key: String,
    pub start: Option<String>,
    pub prefix: Option<String>,
    pub enabled: Option<bool>,
    pub expires_at: Option<String>,
    pub created_at: Option<String>,
    pub rate_limit_enabled: Option<bool>,
    pub rate_limit_time_window: Option<u64>,
    pub rate_limit_max: Option<u64>,
}

object!(CreatedApiKey, "an API key", {
    "id" => id: plain,
    "name" => name: plain,
    "key" => key: plain,
    "start" => start: plain,
    "prefix" => prefix: plain,
    "enabled" => enabled: plain,
    "expiresAt" => expires_at: plain,
    "createdAt" => created_at: plain,
    "rateLimitEnabled" => rate_limit_enabled: plain,
    "rateLimitTimeWindow" => rate_limit_time_window: plain,
    "rateLimitMax" => rate_limit_max: plain,
});

/// Debug hides the key.
impl std::fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .field("start", &self.start)
            .field("expires_at", &self.expires_at)
            .field("rate_limit_enabled", &self.rate_limit_enabled)
            .finish()
    }
}

/// The person behind a member row: `firstName`/`lastName` (v0.30) or `name` (v0.24).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub image: Option<String>,
    pub two_factor_enabled: Option<bool>,
    pub created_at: Option<String>,
    /// Present on `user.get`.
    pub api_keys: Vec<ApiKey>,
}

object!(User, "a user", {
    "id" => id: plain,
    "firstName" => first_name: plain,
    "lastName" => last_name: plain,
    "name" => name: plain,
    "email" => email: plain,
    "image" => image: plain,
    "twoFactorEnabled" => two_factor_enabled: plain,
    "createdAt" => created_at: plain,
    "apiKeys" => api_keys: nullable,
});

impl User {
    /// "First Last", else `name`, else the email, else the id.
    pub fn display_name(&self) -> String {
        let full = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !full.is_empty() {
            return full;
        }
        [self.name.as_deref(), self.email.as_deref()]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty())
            .unwrap_or(&self.id)
            .to_string()
    }
}

/// A membership row (`user.get` for the caller, `user.all` for everyone): role, the
/// per-member permission flags, the accessed* lists, and the nested [`User`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The membership row id (`user.assignPermissions` takes the user id instead).
    pub id: String,
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
    pub role: Option<MemberRole>,
    pub created_at: Option<String>,
    pub is_default: Option<bool>,
    pub can_create_projects: bool,
    pub can_delete_projects: bool,
    pub can_create_services: bool,
    pub can_delete_services: bool,
    pub can_create_environments: bool,
    pub can_delete_environments: bool,
    pub can_access_to_docker: bool,
    #[serde(rename = "canAccessToAPI")]
    pub can_access_to_api: bool,
    #[serde(rename = "canAccessToSSHKeys")]
    pub can_access_to_ssh_keys: bool,
    pub can_access_to_git_providers: bool,
    pub can_access_to_traefik_files: bool,
    pub accessed_projects: Vec<String>,
    pub accessed_environments: Vec<String>,
    pub accessed_services: Vec<String>,
    pub accessed_git_providers: Vec<String>,
    pub accessed_servers: Vec<String>,
    pub user: User,
}

object!(Member, "a member", {
    "id" => id: plain,
    "organizationId" => organization_id: plain,
    "userId" => user_id: plain,
    "role" => role: plain,
    "createdAt" => created_at: plain,
    "isDefault" => is_default: plain,
    "canCreateProjects" => can_create_projects: nullable,
    "canDeleteProjects" => can_delete_projects: nullable,
    "canCreateServices" => can_create_services: nullable,
    "canDeleteServices" => can_delete_services: nullable,
    "canCreateEnvironments" => can_create_environments: nullable,
    "canDeleteEnvironments" => can_delete_environments: nullable,
    "canAccessToDocker" => can_access_to_docker: nullable,
    "canAccessToAPI" => can_access_to_api: nullable,
    "canAccessToSSHKeys" => can_access_to_ssh_keys: nullable,
    "canAccessToGitProviders" => can_access_to_git_providers: nullable,
    "canAccessToTraefikFiles" => can_access_to_traefik_files: nullable,
    "accessedProjects" => accessed_projects: nullable,
    "accessedEnvironments" => accessed_environments: nullable,
    "accessedServices" => accessed_services: nullable,
    "accessedGitProviders" => accessed_git_providers: nullable,
    "accessedServers" => accessed_servers: nullable,
    "user" => user: plain,
});

impl Member {
    /// Owner or admin.
    pub fn is_admin(&self) -> bool {
        self.role.as_ref().is_some_and(MemberRole::is_admin)
    }

    /// The user's id, which `user.assignPermissions` and `user.remove` take: `userId`, else the
    /// nested user's id, else (neither sent) the membership row's id.
    pub fn user_key(&self) -> String {
        self.user_id
            .clone()
            .filter(|u| !u.is_empty())
            .or_else(|| Some(self.user.id.clone()).filter(|u| !u.is_empty()))
            .unwrap_or_else(|| self.id.clone())
    }
}

/// `organization.active` (and the rows of `organization.all`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub slug: Option<String>,
    pub logo: Option<String>,
    pub created_at: Option<String>,
    pub owner_id: Option<String>,
}

object!(Organization, "an organization", {
    "id" => id: plain,
    "name" => name: nullable,
    "slug" => slug: plain,
    "logo" => logo: plain,
    "createdAt" => created_at: plain,
    "ownerId" => owner_id: plain,
});

/// `user.getPermissions` (v0.30): resource → action → allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Permissions(pub BTreeMap<String, BTreeMap<String, bool>>);

impl Permissions {
    /// `can("project", "create")`; unknown resources or actions are `false`.
    pub fn can(&self, resource: &str, action: &str) -> bool {
        self.0
            .get(resource)
            .and_then(|a| a.get(action))
            .copied()
            .unwrap_or(false)
    }
}

/// The legacy (before v0.19) auth row of `auth.get` / `auth.generateToken`: `token` is the
/// Bearer token. `auth.generateToken` answers with the row as it was *before* the update, so
/// read the new token with `auth.get`.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthToken {
    pub id: String,
    pub email: Option<String>,
    /// `admin` or `user`.
    pub rol: Option<String>,
    pub image: Option<String>,
    pub token: Option<String>,
    pub is_2fa_enabled: Option<bool>,
    pub created_at: Option<String>,
}

object!(AuthToken, "a user", {
    "id" => id: plain,
    "email" => email: plain,
    "rol" => rol: plain,
    "image" => image: plain,
    "token" => token: plain,
    "is2FAEnabled" => is_2fa_enabled: plain,
    "createdAt" => created_at: plain,
});

/// Debug hides the token.
impl std::fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthToken")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("rol", &self.rol)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

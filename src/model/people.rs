//! People beyond the members: invitations (`organization.allInvitations`, v0.24+), the users of
//! a 2024 instance (`user.all` before v0.19, invitations included), and the audit log
//! (`auditLog.all`, v0.28.7+, Dokploy's enterprise edition).

use serde::Serialize;

use super::de::object;
use super::MemberRole;

/// An `invitation` row: its id is the token of its link (`/invitation?token=<id>`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: String,
    pub email: String,
    pub role: Option<MemberRole>,
    /// `pending`, `accepted`, `rejected` or `canceled` (better-auth's).
    pub status: Option<String>,
    pub expires_at: Option<String>,
    pub inviter_id: Option<String>,
    /// v0.28+ (v0.24 has no such column).
    pub created_at: Option<String>,
}

object!(Invitation, "an invitation", {
    "id" => id: plain,
    "email" => email: nullable,
    "role" => role: plain,
    "status" => status: plain,
    "expiresAt" => expires_at: plain,
    "inviterId" => inviter_id: plain,
    "createdAt" => created_at: plain,
});

/// A user of a 2024 instance (`user.all` before v0.19): a member once registered, an
/// invitation until then. Its `auth` row is read for the email only (it holds a password hash).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyUser {
    pub user_id: String,
    /// The invitation's token (`/invitation?token=<token>`).
    pub token: Option<String>,
    pub is_registered: bool,
    /// When the invitation expires.
    pub expiration_date: Option<String>,
    pub created_at: Option<String>,
    /// What `admin.removeUser` takes.
    pub auth_id: String,
    pub auth: LegacyAuth,
}

object!(LegacyUser, "a user", {
    "userId" => user_id: plain,
    "token" => token: plain,
    "isRegistered" => is_registered: nullable,
    "expirationDate" => expiration_date: plain,
    "createdAt" => created_at: plain,
    "authId" => auth_id: plain,
    "auth" => auth: nullable,
});

/// The `auth` row of a [`LegacyUser`], its email only.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LegacyAuth {
    pub email: Option<String>,
}

object!(LegacyAuth, "a user's sign-in", {
    "email" => email: plain,
});

/// `auditLog.all`'s answer on a licensed instance: a page of entries, newest first, and how
/// many there are.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AuditLog {
    pub logs: Vec<AuditEntry>,
    pub total: Option<u64>,
}

object!(AuditLog, "an audit log", {
    "logs" => logs: nullable,
    "total" => total: plain,
});

/// One audit entry: who did what to which resource, when.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: String,
    pub user_email: String,
    pub user_role: Option<String>,
    /// `create`, `update`, `delete`, `deploy`, `cancel`, `redeploy`, `login`, `logout`.
    pub action: String,
    /// `project`, `service`, `user`, `settings`…
    pub resource_type: String,
    pub resource_name: Option<String>,
    pub created_at: Option<String>,
}

object!(AuditEntry, "an audit entry", {
    "id" => id: plain,
    "userEmail" => user_email: nullable,
    "userRole" => user_role: plain,
    "action" => action: nullable,
    "resourceType" => resource_type: nullable,
    "resourceName" => resource_name: plain,
    "createdAt" => created_at: plain,
});

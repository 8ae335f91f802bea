//! People: invitations and removing users (`organization.*`, `user.remove`), the audit log, and
//! the 2024 instances' users (`user.all`, `admin.createUserInvitation`, `admin.removeUser`).

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::{AuditLog, Invitation, LegacyUser};

/// The body of `organization.inviteMember` (v0.28.7+).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct InviteInput {
    pub email: String,
    /// `admin` or `member` (Dokploy refuses `owner`).
    pub role: String,
}

impl Client {
    /// `POST organization.inviteMember` (v0.28.7+): answers the invitation, whose id is its
    /// link's token. A self-hosted Dokploy sends no email: the link is for the caller to pass on.
    pub async fn invite_member(&self, input: &InviteInput) -> Result<Invitation, ApiError> {
        self.post("organization.inviteMember", input)
            .await
            .map_err(on_the_email)
    }

    /// `GET organization.allInvitations` (v0.24+, owners and admins): every invitation of the
    /// organization, pending or not.
    pub async fn invitations(&self) -> Result<Vec<Invitation>, ApiError> {
        self.get("organization.allInvitations", &[]).await
    }

    /// `POST organization.removeInvitation`: its link stops working.
    pub async fn remove_invitation(&self, invitation_id: &str) -> Result<(), ApiError> {
        self.post_void(
            "organization.removeInvitation",
            &id_body("invitationId", invitation_id),
        )
        .await
    }

    /// `POST user.remove` (v0.24+): deletes the user, with its API keys and the invitations it
    /// sent. Dokploy v0.24 checks nothing: [`crate::people::removal`] decides who may go.
    pub async fn remove_user(&self, user_id: &str) -> Result<(), ApiError> {
        self.post_void("user.remove", &id_body("userId", user_id))
            .await
    }

    /// `GET auditLog.all` (v0.28.7+): the newest 50 entries. Without an enterprise licence
    /// Dokploy answers 403 "Valid enterprise license required".
    pub async fn audit_log(&self) -> Result<AuditLog, ApiError> {
        self.get("auditLog.all", &[]).await
    }

    /// `GET user.all` before v0.19: the admin's users, the invitations not yet accepted among
    /// them.
    pub async fn legacy_users(&self) -> Result<Vec<LegacyUser>, ApiError> {
        self.get("user.all", &[]).await
    }

    /// `POST admin.createUserInvitation` (before v0.19): no answer; the new user's token is in
    /// [`Client::legacy_users`].
    pub async fn legacy_invite(&self, email: &str) -> Result<(), ApiError> {
        self.post_void("admin.createUserInvitation", &id_body("email", email))
            .await
            .map_err(on_the_email)
    }

    /// `POST admin.removeUser` (before v0.19): a member or an invitation, by its `authId`.
    pub async fn legacy_remove_user(&self, auth_id: &str) -> Result<(), ApiError> {
        self.post_void("admin.removeUser", &id_body("authId", auth_id))
            .await
    }
}

/// A refused invitation because of its address (v0.28.7+: 409 "User is already a member of this
/// organization" or "An invitation has already been sent to this email"; before v0.19: 400
/// "Error creating this user\ncheck if the email is not registered") becomes an error on the
/// email field, in Dokploy's words.
pub fn on_the_email(e: ApiError) -> ApiError {
    let message = match &e {
        ApiError::Http {
            status: 409,
            message,
        } => message.clone(),
        ApiError::Invalid { message, .. } if message.contains("email is not registered") => {
            "This email already has an account or an invitation on this instance.".to_string()
        }
        _ => return e,
    };
    ApiError::Invalid {
        message: String::new(),
        field_errors: [("email".to_string(), vec![message])].into(),
        form_errors: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::on_the_email;
    use crate::api::classify;

    #[test]
    fn a_taken_address_is_said_on_the_email_field() {
        let taken = classify(
            409,
            Some("application/json"),
            r#"{"message":"An invitation has already been sent to this email","code":"CONFLICT"}"#,
            "organization.inviteMember",
        );
        assert_eq!(
            on_the_email(taken).field_error("email").as_deref(),
            Some("An invitation has already been sent to this email")
        );
        let legacy = classify(
            400,
            Some("application/json"),
            r#"{"message":"Error creating this user\ncheck if the email is not registered","code":"BAD_REQUEST"}"#,
            "admin.createUserInvitation",
        );
        assert!(on_the_email(legacy)
            .field_error("email")
            .is_some_and(|m| m.contains("already has an account")));
    }
}

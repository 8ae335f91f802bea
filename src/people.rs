//! People as plain data: who may remove whom, how an invitation stands, the invite form, and
//! the markup of the People page's lists (src/html.rs: every value escaped). The page is
//! src/pages/people.rs.
//!
//! Eras: v0.28.7+ invite with `organization.inviteMember`; v0.19 to v0.28 list and revoke
//! invitations but invite only through better-auth's session endpoint (Dokploy's own dashboard);
//! 2024 instances (before v0.19) have users, invited with `admin.createUserInvitation` and listed
//! by `user.all` until they register.

use crate::api::{ApiError, InviteInput};
use crate::html::{answered, Html};
use crate::model::{AuditLog, Invitation, LegacyUser, Member, MemberRole};
use crate::service_view::backups::FieldError;
use crate::service_view::time::{ago_of, parse_iso};

/// The invite form.
#[derive(Clone, Debug, PartialEq)]
pub struct InviteForm {
    pub email: String,
    /// `member` or `admin`.
    pub role: String,
}

impl Default for InviteForm {
    fn default() -> Self {
        InviteForm {
            email: String::new(),
            role: "member".into(),
        }
    }
}

impl InviteForm {
    /// The body of `organization.inviteMember` (the email trimmed and lower-cased, as Dokploy
    /// keeps it), or the fields' errors.
    pub fn input(&self) -> Result<InviteInput, Vec<FieldError>> {
        let email = self.email.trim().to_lowercase();
        if !is_email(&email) {
            return Err(vec![(
                "invite-email",
                "Enter an email address, like ada@example.com.".to_string(),
            )]);
        }
        let role = if self.role == "admin" {
            "admin"
        } else {
            "member"
        };
        Ok(InviteInput {
            email,
            role: role.into(),
        })
    }
}

/// An address Dokploy's check (zod's `email()`) would take: something, `@`, a domain with a dot,
/// no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

/// Whether `me` may remove `target` from the organization, else why not, in Dokploy v0.30's
/// rules (v0.24 checks nothing, and deleting the owner there deletes the organization: Skiff
/// keeps the same rules on every era).
pub fn removal(me: &Member, target: &Member) -> Result<(), &'static str> {
    let me_id = me.user_key();
    match (&me.role, &target.role) {
        (_, Some(MemberRole::Owner)) => Err("The owner cannot be removed."),
        _ if target.user_key() == me_id => Err("You cannot remove yourself."),
        (Some(MemberRole::Owner), _) => Ok(()),
        (Some(MemberRole::Admin), Some(MemberRole::Admin)) => {
            Err("Only the owner can remove an admin.")
        }
        (Some(MemberRole::Admin), _) => Ok(()),
        _ => Err("Only owners and admins can remove people."),
    }
}

/// How an invitation stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Its link works until then (ms).
    Pending(Option<i64>),
    Expired,
    Accepted,
    /// Refused by whoever was invited, or cancelled.
    Closed(String),
}

pub fn standing(status: Option<&str>, expires_at: Option<&str>, now_ms: i64) -> Standing {
    let expires = expires_at.and_then(parse_iso);
    match status.unwrap_or("pending") {
        "pending" if expires.is_some_and(|t| t <= now_ms) => Standing::Expired,
        "pending" => Standing::Pending(expires),
        "accepted" => Standing::Accepted,
        other => Standing::Closed(other.to_string()),
    }
}

/// "expires in 47 h", "expires in 3 days", "expires in 20 min".
fn expires_in(then_ms: i64, now_ms: i64) -> String {
    let min = ((then_ms - now_ms) / 60_000).max(1);
    if min < 60 {
        format!("Expires in {min} min")
    } else if min < 48 * 60 {
        format!("Expires in {} h", min / 60)
    } else {
        format!("Expires in {} days", min / (24 * 60))
    }
}

/// Pending first, then the rest; newest first within each.
pub fn sort_invitations(list: &mut [Invitation], now_ms: i64) {
    let key = |i: &Invitation| {
        let open = matches!(
            standing(i.status.as_deref(), i.expires_at.as_deref(), now_ms),
            Standing::Pending(_)
        );
        (
            !open,
            std::cmp::Reverse(
                i.created_at
                    .as_deref()
                    .or(i.expires_at.as_deref())
                    .and_then(parse_iso)
                    .unwrap_or(0),
            ),
        )
    };
    crate::order::sort_by(list, |a, b| key(a).cmp(&key(b)));
}

/// A role in words (a custom role by its name).
pub fn role_name(role: Option<&MemberRole>) -> &str {
    match role {
        Some(MemberRole::Owner) => "Owner",
        Some(MemberRole::Admin) => "Admin",
        Some(MemberRole::Other(r)) if !r.trim().is_empty() => r,
        _ => "Member",
    }
}

/// The members with their role, when they joined, and Delete where `me` may remove them (the
/// reason in the button's title otherwise).
pub fn member_rows_html(
    all: Option<&Result<Vec<Member>, ApiError>>,
    me: &Member,
    now_ms: i64,
) -> String {
    let mut h = Html::with_capacity(1200);
    let Some(list) = answered(&mut h, all, "Loading members…", true) else {
        return h.finish();
    };
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Person</th><th>Role</th><th>Joined</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for m in list {
        let name = m.user.display_name();
        h.raw("<tr data-test=\"person-row\"><td data-label=\"Person\"><div><strong>")
            .text(&name)
            .raw("</strong>");
        if m.user_key() == me.user_key() {
            h.raw(" <span class=\"badge badge--plain\">You</span>");
        }
        if let Some(e) = m.user.email.as_deref().filter(|e| *e != name) {
            h.raw("<div class=\"small muted\">").text(e).raw("</div>");
        }
        h.raw("</div></td><td data-label=\"Role\"><span class=\"badge badge--plain\" data-test=\"person-role\">")
            .text(role_name(m.role.as_ref()))
            .raw("</span></td><td data-label=\"Joined\" class=\"small\">");
        match m.created_at.as_deref() {
            Some(t) => h.text(&ago_of(now_ms, t)),
            None => h.raw("<span class=\"muted\">—</span>"),
        };
        h.raw("</td><td class=\"actions\">");
        match removal(me, m) {
            Ok(()) => {
                h.raw("<button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"remove-person\" data-action=\"remove\" data-id=\"")
                    .text(&m.user_key())
                    .raw("\">Delete user</button>");
            }
            Err(why) => {
                h.raw("<span class=\"small muted\" data-test=\"not-removable\">")
                    .raw(why)
                    .raw("</span>");
            }
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// Writes an invitation's standing cell.
fn standing_cell(h: &mut Html, s: &Standing, now_ms: i64) {
    match s {
        Standing::Pending(Some(t)) => {
            h.raw(
                "<span class=\"badge badge--running\">Pending</span> <span class=\"small muted\">",
            )
            .text(&expires_in(*t, now_ms))
            .raw("</span>");
        }
        Standing::Pending(None) => {
            h.raw("<span class=\"badge badge--running\">Pending</span>");
        }
        Standing::Expired => {
            h.raw("<span class=\"badge badge--warn\">Expired</span>");
        }
        Standing::Accepted => {
            h.raw("<span class=\"badge badge--plain\">Accepted</span>");
        }
        Standing::Closed(s) => {
            h.raw("<span class=\"badge badge--plain\">")
                .text(s)
                .raw("</span>");
        }
    }
}

/// The organization's invitations: a pending one can be copied as a link (`copy`) and revoked,
/// the others removed from the list (both `revoke`: `organization.removeInvitation`).
pub fn invitation_rows_html(
    all: Option<&Result<Vec<Invitation>, ApiError>>,
    now_ms: i64,
) -> String {
    let mut h = Html::with_capacity(1000);
    let Some(list) = answered(&mut h, all, "Loading invitations…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-invitations\">No invitations. Invite someone above: Dokploy makes a link for them to sign up with.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Email</th><th>Role</th><th>Status</th><th>Sent</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for i in list {
        let s = standing(i.status.as_deref(), i.expires_at.as_deref(), now_ms);
        h.raw("<tr data-test=\"invitation-row\"><td data-label=\"Email\"><strong>")
            .text(&i.email)
            .raw("</strong></td><td data-label=\"Role\">")
            .text(role_name(i.role.as_ref()))
            .raw("</td><td data-label=\"Status\" data-test=\"invitation-status\">");
        standing_cell(&mut h, &s, now_ms);
        h.raw("</td><td data-label=\"Sent\" class=\"small\">");
        match i.created_at.as_deref() {
            Some(t) => h.text(&ago_of(now_ms, t)),
            None => h.raw("<span class=\"muted\">—</span>"),
        };
        h.raw("</td><td class=\"actions\">");
        if matches!(s, Standing::Pending(_)) {
            h.raw("<button type=\"button\" class=\"btn btn--small\" data-test=\"copy-invitation\" data-action=\"copy\" data-id=\"")
                .text(&i.id)
                .raw("\">Copy link</button> <button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"revoke-invitation\" data-action=\"revoke\" data-id=\"")
                .text(&i.id)
                .raw("\">Revoke</button>");
        } else {
            h.raw("<button type=\"button\" class=\"btn btn--small\" data-test=\"revoke-invitation\" data-action=\"revoke\" data-id=\"")
                .text(&i.id)
                .raw("\">Remove</button>");
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// A 2024 instance's users: the registered ones, then the invitations (a link to copy while it
/// works); either removed with `admin.removeUser` (`remove`, by `authId`).
pub fn legacy_rows_html(all: Option<&Result<Vec<LegacyUser>, ApiError>>, now_ms: i64) -> String {
    let mut h = Html::with_capacity(1000);
    let Some(list) = answered(&mut h, all, "Loading users…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-users\">Nobody but you yet. Invite someone above: Dokploy makes a link for them to sign up with.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Email</th><th>Status</th><th>Since</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    let mut sorted: Vec<&LegacyUser> = list.iter().collect();
    sorted.sort_by_key(|u| !u.is_registered);
    for u in sorted {
        let email = u.auth.email.as_deref().unwrap_or(&u.user_id);
        let s = if u.is_registered {
            Standing::Accepted
        } else {
            standing(None, u.expiration_date.as_deref(), now_ms)
        };
        h.raw("<tr data-test=\"legacy-user-row\"><td data-label=\"Email\"><strong>")
            .text(email)
            .raw("</strong></td><td data-label=\"Status\" data-test=\"invitation-status\">");
        if u.is_registered {
            h.raw("<span class=\"badge badge--plain\">Member</span>");
        } else {
            standing_cell(&mut h, &s, now_ms);
        }
        h.raw("</td><td data-label=\"Since\" class=\"small\">");
        match u.created_at.as_deref() {
            Some(t) => h.text(&ago_of(now_ms, t)),
            None => h.raw("<span class=\"muted\">—</span>"),
        };
        h.raw("</td><td class=\"actions\">");
        if matches!(s, Standing::Pending(_)) && u.token.as_deref().is_some_and(|t| !t.is_empty()) {
            h.raw("<button type=\"button\" class=\"btn btn--small\" data-test=\"copy-invitation\" data-action=\"copy\" data-id=\"")
                .text(&u.auth_id)
                .raw("\">Copy link</button> ");
        }
        h.raw("<button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"remove-person\" data-action=\"remove\" data-id=\"")
            .text(&u.auth_id)
            .raw(if u.is_registered {
                "\">Delete user</button>"
            } else {
                "\">Revoke</button>"
            })
            .raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// Whether a refusal of `auditLog.all` is the enterprise licence check (a 403 naming the
/// licence), which is not a failure: the edition has no audit log.
pub fn unlicensed(e: &ApiError) -> bool {
    matches!(e, ApiError::Forbidden { message } if message.to_ascii_lowercase().contains("licen"))
}

/// The audit log: who did what to which resource, newest first; the enterprise check said as
/// what it is.
pub fn audit_html(all: Option<&Result<AuditLog, ApiError>>, now_ms: i64) -> String {
    let mut h = Html::with_capacity(1000);
    if all.is_some_and(|r| r.as_ref().is_err_and(unlicensed)) {
        h.raw("<div class=\"alert alert--info\" data-test=\"audit-unlicensed\"><div class=\"alert__title\">The audit log is part of Dokploy's enterprise edition</div><div>This instance has no enterprise licence, so Dokploy keeps no record of who did what. With a licence (set in Dokploy under Settings › License), its entries show here.</div></div>");
        return h.finish();
    }
    let Some(log) = answered(&mut h, all, "Loading the audit log…", true) else {
        return h.finish();
    };
    if log.logs.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-audit\">Nothing recorded yet.</p>");
        return h.finish();
    }
    h.raw("<ul class=\"audit-list\" data-test=\"audit-list\">");
    for e in &log.logs {
        h.raw("<li data-test=\"audit-row\"><span class=\"small muted\">");
        match e.created_at.as_deref() {
            Some(t) => h.text(&ago_of(now_ms, t)),
            None => h.raw("—"),
        };
        h.raw("</span> <strong>")
            .text(&e.user_email)
            .raw("</strong> ")
            .text(&e.action)
            .raw(" ")
            .text(&e.resource_type);
        if let Some(n) = e.resource_name.as_deref().filter(|n| !n.is_empty()) {
            h.raw(" <code>").text(n).raw("</code>");
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
    if let Some(total) = log.total.filter(|t| *t as usize > log.logs.len()) {
        h.raw("<p class=\"small muted\">The newest ")
            .num(log.logs.len())
            .raw(" of ")
            .num(total as usize)
            .raw(" entries; the rest are in Dokploy under Settings › Audit logs.</p>");
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::User;

    fn member(id: &str, role: MemberRole) -> Member {
        Member {
            id: format!("m-{id}"),
            user_id: Some(id.into()),
            role: Some(role),
            user: User {
                id: id.into(),
                email: Some(format!("{id}@example.com")),
                ..User::default()
            },
            ..Member::default()
        }
    }

    #[test]
    fn who_may_remove_whom_follows_dokploy() {
        let owner = member("o", MemberRole::Owner);
        let admin = member("a", MemberRole::Admin);
        let admin2 = member("a2", MemberRole::Admin);
        let dev = member("d", MemberRole::Member);
        assert!(removal(&owner, &admin).is_ok());
        assert!(removal(&owner, &dev).is_ok());
        assert!(removal(&admin, &dev).is_ok());
        assert_eq!(removal(&admin, &owner), Err("The owner cannot be removed."));
        assert_eq!(removal(&owner, &owner), Err("The owner cannot be removed."));
        assert_eq!(removal(&admin, &admin), Err("You cannot remove yourself."));
        assert_eq!(
            removal(&admin, &admin2),
            Err("Only the owner can remove an admin.")
        );
        assert!(removal(&dev, &member("x", MemberRole::Member)).is_err());
        // A custom role: not assumed to have the right.
        assert!(removal(&member("c", MemberRole::Other("ops".into())), &dev).is_err());
    }

    #[test]
    fn the_invite_form_checks_the_address_and_the_role() {
        let f = |email: &str, role: &str| {
            InviteForm {
                email: email.into(),
                role: role.into(),
            }
            .input()
        };
        assert_eq!(
            f("  Ada@Example.COM ", "admin"),
            Ok(InviteInput {
                email: "ada@example.com".into(),
                role: "admin".into()
            })
        );
        // Never the owner role, whatever the form holds.
        assert_eq!(f("a@b.co", "owner").map(|i| i.role), Ok("member".into()));
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@c.d",
            "a@b@c.d",
            "a@b.",
        ] {
            assert!(f(bad, "member").is_err(), "{bad}");
        }
    }

    #[test]
    fn an_invitation_stands_by_status_and_expiry() {
        let now = parse_iso("2026-12-04T12:00:00Z").unwrap();
        assert_eq!(
            standing(Some("pending"), Some("2026-12-06T12:00:00Z"), now),
            Standing::Pending(parse_iso("2026-12-06T12:00:00Z"))
        );
        assert_eq!(
            standing(Some("pending"), Some("2026-12-04T11:00:00Z"), now),
            Standing::Expired
        );
        assert_eq!(standing(Some("accepted"), None, now), Standing::Accepted);
        assert_eq!(
            standing(Some("canceled"), None, now),
            Standing::Closed("canceled".into())
        );
        assert_eq!(
            expires_in(now + 47 * 3_600_000 + 59_000, now),
            "Expires in 47 h"
        );
        assert_eq!(expires_in(now + 3 * 86_400_000, now), "Expires in 3 days");
        assert_eq!(expires_in(now + 5_000, now), "Expires in 1 min");
    }

    #[test]
    fn the_recorded_v0_30_2_lists_draw() {
        let invitations: Vec<Invitation> = serde_json::from_str(include_str!(
            "../recordings/dokploy/v0.30.2/organization.allInvitations.json"
        ))
        .expect("invitations decode");
        assert!(invitation_rows_html(Some(&Ok(invitations)), 0).contains("no-invitations"));
        let members: Vec<Member> =
            serde_json::from_str(include_str!("../recordings/dokploy/v0.30.2/user.all.json"))
                .expect("members decode");
        let me = members[0].clone();
        let html = member_rows_html(Some(&Ok(members)), &me, 0);
        assert!(html.contains("You</span>"), "{html}");
        assert!(!html.contains("remove-person"), "the owner alone: {html}");
    }

    #[test]
    fn server_text_is_escaped_in_every_list() {
        let inv = Invitation {
            id: "\"><x".into(),
            email: "<img src=x>@example.com".into(),
            status: Some("pending".into()),
            ..Invitation::default()
        };
        let html = invitation_rows_html(Some(&Ok(vec![inv])), 0);
        assert!(!html.contains("<img") && !html.contains("\"><x"), "{html}");
        let log = AuditLog {
            logs: vec![crate::model::AuditEntry {
                user_email: "<b>".into(),
                resource_name: Some("<script>".into()),
                ..Default::default()
            }],
            total: Some(1),
        };
        let html = audit_html(Some(&Ok(log)), 0);
        assert!(
            !html.contains("<b>") && !html.contains("<script>"),
            "{html}"
        );
    }

    #[test]
    fn the_enterprise_check_is_told_not_failed() {
        let e = crate::api::classify(
            403,
            Some("application/json"),
            include_str!("../recordings/dokploy/v0.30.2/auditLog.all.json"),
            "auditLog.all",
        );
        assert!(unlicensed(&e));
        let html = audit_html(Some(&Err(e)), 0);
        assert!(html.contains("enterprise edition") && !html.contains("alert--error"));
        let other = ApiError::Forbidden {
            message: "unauthorized to access resource \"auditLog\"".into(),
        };
        assert!(!unlicensed(&other));
    }

    #[test]
    fn legacy_users_list_members_then_invitations() {
        let users: Vec<LegacyUser> = serde_json::from_value(serde_json::json!([
            {"userId": "u2", "token": "tok", "isRegistered": false, "expirationDate": "2099-01-01T00:00:00Z",
             "createdAt": "2026-12-04T11:00:00Z", "authId": "a2", "auth": {"email": "new@example.com", "password": "$2a$hash"}},
            {"userId": "u1", "token": "old", "isRegistered": true, "authId": "a1", "auth": {"email": "dev@example.com"}}
        ]))
        .expect("users decode");
        let html = legacy_rows_html(Some(&Ok(users)), 0);
        let dev = html.find("dev@example.com").unwrap();
        let new = html.find("new@example.com").unwrap();
        assert!(dev < new, "{html}");
        assert!(!html.contains("$2a$"));
        assert_eq!(html.matches("copy-invitation").count(), 1);
    }
}

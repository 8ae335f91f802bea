//! People: invitations and members, in every era, from Dokploy's source at v0.30.2, v0.24.12
//! and v0.18.4 (`organization.ts`, `user.ts`, `admin.ts` and their services) and the v0.30.2
//! recordings (`organization.allInvitations`, `user.getInvitations`: `[]`; `auditLog.all`: 403).
//!
//! An invitation is an `invitation` row `{id, organizationId, email, role, status, expiresAt,
//! inviterId, teamId, createdAt}` (v0.24.12: no `createdAt`); its id is the token of its link
//! (`/invitation?token=<id>`).
//!
//! v0.30.2 (tRPC procedures, what Dokploy's own UI calls):
//! - `organization.inviteMember {email, role}` (`member.create`): the email lower-cased; 409
//!   `User is already a member of this organization`, 409 `An invitation has already been sent
//!   to this email` (a pending one), 403 `Cannot invite a user with the owner role`, 404
//!   `Role "x" not found` (a role other than admin or member: the sandbox has no custom roles);
//!   otherwise the new row, pending, expiring in 48 hours, the caller its inviter.
//! - `organization.allInvitations` (`member.create`): the organization's, by status then expiry,
//!   both descending.
//! - `organization.removeInvitation {invitationId}` (`member.create`): 404 `Invitation not
//!   found`; the row deleted, answered as a delete without `returning()`: `[]`.
//! - `user.getInvitations`: the pending, unexpired invitations to the caller's email, each with
//!   its `organization`.
//! - `user.getUserByToken {token}` (public in Dokploy; the sandbox, like the REST API it stands
//!   for, wants credentials): `{id, email, role, status, inviterId, isExpired,
//!   userAlreadyExists}`; 404 `Invitation not found`.
//! - `user.checkUserOrganizations {userId}`: how many organizations the user is a member of (the
//!   sandbox has one: 1); another user's needs owner or admin (403 `Only admins and owners can
//!   check other users' organizations`) and a member of the organization (403 `User is not a
//!   member of your active organization`).
//! - `user.remove {userId}`: owner or admin (403 `Only owners or admins can delete users`); 404
//!   `Target user is not a member of this organization`; 403 `You cannot delete the organization
//!   owner`, `Admins cannot delete themselves. Ask the owner or another admin.`, `Only the
//!   organization owner can delete admins. Admins can only delete members.`; the user deleted
//!   with its membership, API keys and the invitations it sent (cascades); no body.
//! - `auditLog.all`: a member lacks `auditLog.read` (401 `unauthorized to access resource
//!   "auditLog"`); owners and admins pass it (an enterprise-only resource) and meet the licence
//!   check: 403 `Valid enterprise license required` (recorded).
//!
//! Access (v0.30.2): the `member.*` procedures are `withPermission("member", ...)`, which the
//! member role lacks: 401 `unauthorized to access resource "member"`.
//!
//! v0.24.12: `organization.allInvitations` and `organization.removeInvitation` are
//! `adminProcedure` (a member: bare 401 `UNAUTHORIZED`); `user.getInvitations`,
//! `user.getUserByToken`, `user.checkUserOrganizations` (no checks: a count) and `user.remove`
//! (no checks at all in Dokploy) are any member's. Inviting was better-auth's
//! (`/api/auth/organization/invite-member`), which the sandbox does not serve. The sandbox keeps
//! its owner: removing the owner answers v0.30.2's 403 (Dokploy would delete the owner and its
//! organization with it).
//!
//! v0.18.4 (before organizations): an invitation is a `user` row not yet registered, with its
//! `auth` row (`rol: user`). `user.all` (owner): the admin's users `{userId, token,
//! isRegistered, expirationDate, createdAt, can..., accessedProjects, accessedServices, adminId,
//! authId, auth}` (auth without `secret`), the members registered, the invitations not;
//! `admin.createUserInvitation {email}`: a user expiring in 24 hours with a 64-hex token, no
//! body; 400 `Error creating this user\ncheck if the email is not registered` for an email
//! taken; `admin.removeUser {authId}`: no body, 400 `Error deleting this user` for an unknown
//! one (the admin's own included); `admin.getUserByToken {token}`: the user with its `auth`
//! (no password) and `isExpired` (Dokploy's: `isRegistered`), 404 `Invitation not found`. A
//! member's v0.18.4 `userId` is its user id, its `authId` its membership id.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::shapes::{obj, s, Row};
use crate::store::{Member, Store};
use crate::util::{alnum_from, id_from, iso, now_ms};
use crate::Shared;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// A pending (or accepted, cancelled) invitation, with the ids v0.18.4 gives the user it stands
/// for.
#[derive(Clone, Debug)]
pub struct Invitation {
    /// The `invitation` row (v0.30.2's columns).
    pub row: Row,
    /// v0.18.4: the invited user's `userId`, `authId` and link token.
    pub legacy_user_id: String,
    pub auth_id: String,
    pub token: String,
}

/// The seeded member (an admin) and invitation.
pub const SEEDED_MEMBER_EMAIL: &str = "dev@example.com";
pub const SEEDED_INVITATION_EMAIL: &str = "new-hire@example.com";

/// The procedures this module answers in `era`.
pub fn handles(name: &str, era: Era) -> bool {
    match era {
        Era::V0_30_2 => matches!(
            name,
            "organization.inviteMember"
                | "organization.allInvitations"
                | "organization.removeInvitation"
                | "user.getInvitations"
                | "user.getUserByToken"
                | "user.checkUserOrganizations"
                | "user.remove"
                | "auditLog.all"
        ),
        Era::V0_24_12 => matches!(
            name,
            "organization.allInvitations"
                | "organization.removeInvitation"
                | "user.getInvitations"
                | "user.getUserByToken"
                | "user.checkUserOrganizations"
                | "user.remove"
        ),
        Era::V0_18_4 => matches!(
            name,
            "user.all" | "admin.createUserInvitation" | "admin.removeUser" | "admin.getUserByToken"
        ),
    }
}

fn hex_from(rng: &mut impl Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)]))
        .collect()
}

fn invitation_row(
    id: &str,
    org: &str,
    email: &str,
    role: &str,
    expires_at: i64,
    inviter: &str,
    created_at: i64,
) -> Row {
    obj(json!({
        "id": id,
        "organizationId": org,
        "email": email,
        "role": role,
        "status": "pending",
        "expiresAt": iso(expires_at),
        "inviterId": inviter,
        "teamId": null,
        "createdAt": iso(created_at),
    }))
}

/// One more member, Dev Admin (`dev@example.com`, role admin, 20 days ago, no API key), and one
/// pending invitation (`new-hire@example.com`, role member, sent by the owner an hour ago,
/// expiring 47 hours from now), from a generator of their own (every other seeded id stays
/// what it was).
pub fn seed(st: &mut Store) {
    let mut rng = StdRng::seed_from_u64(0x7065_6f70_6c65);
    let now = now_ms();
    let org = st.org_id();
    let member_id = id_from(&mut rng, 21);
    let user_id = alnum_from(&mut rng, 32);
    let created = iso(now - 20 * DAY);
    let mut row = crate::shapes::member_row(&member_id, &org, &user_id, "admin", &created);
    // Dokploy sets `isDefault` on the first organization of a user who signs up; an invited
    // user's membership is not it.
    row.insert("isDefault".into(), json!(false));
    let mut user = crate::shapes::user_row(&user_id, "Dev", "Admin", SEEDED_MEMBER_EMAIL, &created);
    user.insert("isRegistered".into(), json!(true));
    st.members.push(Member { row, user });

    let id = id_from(&mut rng, 21);
    let owner = s(&st.owner().row, "userId");
    let created = now - HOUR;
    st.invitations.push(Invitation {
        row: invitation_row(
            &id,
            &org,
            SEEDED_INVITATION_EMAIL,
            "member",
            created + 48 * HOUR,
            &owner,
            created,
        ),
        legacy_user_id: id_from(&mut rng, 21),
        auth_id: id_from(&mut rng, 21),
        token: hex_from(&mut rng, 64),
    });
    st.touch();
}

fn caller_role(st: &Store, caller: &Caller) -> String {
    st.member_by_user(&caller.user_id)
        .map(|m| s(&m.row, "role"))
        .unwrap_or_default()
}

/// The invitation as `era` has it (v0.24.12: no `createdAt`).
fn era_invitation(era: Era, row: &Row) -> Value {
    let mut out = row.clone();
    if era == Era::V0_24_12 {
        out.remove("createdAt");
    }
    Value::Object(out)
}

fn is_pending(row: &Row, now: i64) -> bool {
    s(row, "status") == "pending" && s(row, "expiresAt") > iso(now)
}

/// Removes a user: its membership, API keys and the invitations it sent (Dokploy's cascades).
fn remove_user(st: &mut Store, user_id: &str) {
    st.members.retain(|m| s(&m.row, "userId") != user_id);
    st.api_keys.retain(|k| k.user_id != user_id);
    st.invitations.retain(|i| s(&i.row, "inviterId") != user_id);
    st.touch();
}

/// A v0.18.4 token for a registered member (stable: drawn from its user id).
fn member_token(user_id: &str) -> String {
    let mut seed = 0xcbf2_9ce4_8422_2325u64;
    for b in user_id.bytes() {
        seed = (seed ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    hex_from(&mut StdRng::seed_from_u64(seed), 64)
}

/// A v0.18.4 `auth` row (with the password's hash unless `without_password`; never `secret`).
#[allow(clippy::too_many_arguments)]
fn legacy_auth(auth_id: &str, email: &str, created_at: &str, without_password: bool) -> Value {
    let mut row = obj(json!({
        "id": auth_id,
        "email": email,
        "password": "$2a$10$fakefakefakefakefakefeSandboxHashNotARealPasswordHash00",
        "rol": "user",
        "image": "/avatars/avatar-3.png",
        "token": null,
        "is2FAEnabled": false,
        "createdAt": created_at,
        "resetPasswordToken": null,
        "resetPasswordExpiresAt": null,
        "confirmationToken": null,
        "confirmationExpiresAt": null,
    }));
    if without_password {
        row.remove("password");
    }
    Value::Object(row)
}

/// A v0.18.4 `user` row.
#[allow(clippy::too_many_arguments)]
fn legacy_user(
    st: &Store,
    user_id: &str,
    token: &str,
    registered: bool,
    expiration: &str,
    created_at: &str,
    perms: Option<&Row>,
    auth_id: &str,
    auth: Value,
) -> Row {
    let flag = |k: &str| json!(perms.and_then(|p| p.get(k)).and_then(Value::as_bool) == Some(true));
    let list = |k: &str| {
        perms
            .and_then(|p| p.get(k))
            .cloned()
            .unwrap_or_else(|| json!([]))
    };
    obj(json!({
        "userId": user_id,
        "token": token,
        "isRegistered": registered,
        "expirationDate": expiration,
        "createdAt": created_at,
        "canCreateProjects": flag("canCreateProjects"),
        "canAccessToSSHKeys": flag("canAccessToSSHKeys"),
        "canCreateServices": flag("canCreateServices"),
        "canDeleteProjects": flag("canDeleteProjects"),
        "canDeleteServices": flag("canDeleteServices"),
        "canAccessToDocker": flag("canAccessToDocker"),
        "canAccessToAPI": flag("canAccessToAPI"),
        "canAccessToGitProviders": flag("canAccessToGitProviders"),
        "canAccessToTraefikFiles": flag("canAccessToTraefikFiles"),
        "accessedProjects": list("accessedProjects"),
        "accessedServices": list("accessedServices"),
        "adminId": s(&st.legacy.admin_row, "id"),
        "authId": auth_id,
        "auth": auth,
    }))
}

/// The admin's users as v0.18.4 has them: the registered members, then the invitations.
fn legacy_users(st: &Store, without_password: bool) -> Vec<(String, Row)> {
    let mut out = Vec::new();
    for m in st.members.iter().skip(1) {
        let user_id = s(&m.row, "userId");
        let auth_id = s(&m.row, "id");
        let created = s(&m.row, "createdAt");
        let token = member_token(&user_id);
        let auth = legacy_auth(&auth_id, &s(&m.user, "email"), &created, without_password);
        out.push((
            token.clone(),
            legacy_user(
                st,
                &user_id,
                &token,
                true,
                &created,
                &created,
                Some(&m.row),
                &auth_id,
                auth,
            ),
        ));
    }
    for inv in &st.invitations {
        let created = s(&inv.row, "createdAt");
        let auth = legacy_auth(
            &inv.auth_id,
            &s(&inv.row, "email"),
            &created,
            without_password,
        );
        out.push((
            inv.token.clone(),
            legacy_user(
                st,
                &inv.legacy_user_id,
                &inv.token,
                false,
                &s(&inv.row, "expiresAt"),
                &created,
                None,
                &inv.auth_id,
                auth,
            ),
        ));
    }
    out
}

fn email_taken(st: &Store, email: &str) -> bool {
    st.members.iter().any(|m| s(&m.user, "email") == email)
        || st.invitations.iter().any(|i| s(&i.row, "email") == email)
        || s(&st.legacy.admin_row, "email") == email
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
    let now = now_ms();
    let member_perm = matches!(
        name,
        "organization.inviteMember"
            | "organization.allInvitations"
            | "organization.removeInvitation"
    );
    if member_perm && !caller.owner {
        return Err(match era {
            Era::V0_30_2 => ApiError::no_permission("member"),
            _ => ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED"),
        });
    }
    match name {
        "auditLog.all" => {
            if caller.owner {
                Err(ApiError::forbidden("Valid enterprise license required"))
            } else {
                Err(ApiError::no_permission("auditLog"))
            }
        }
        "organization.inviteMember" => {
            let email = input_str(input, "email").to_lowercase();
            let role = input_str(input, "role");
            if st.members.iter().any(|m| s(&m.user, "email") == email) {
                return Err(ApiError::new(
                    409,
                    "CONFLICT",
                    "User is already a member of this organization",
                ));
            }
            if st
                .invitations
                .iter()
                .any(|i| s(&i.row, "email") == email && s(&i.row, "status") == "pending")
            {
                return Err(ApiError::new(
                    409,
                    "CONFLICT",
                    "An invitation has already been sent to this email",
                ));
            }
            if role == "owner" {
                return Err(ApiError::forbidden(
                    "Cannot invite a user with the owner role",
                ));
            }
            if role != "admin" && role != "member" {
                return Err(ApiError::not_found(format!("Role \"{role}\" not found")));
            }
            let id = st.new_id();
            let org = st.org_id();
            let row = invitation_row(
                &id,
                &org,
                &email,
                &role,
                now + 48 * HOUR,
                &caller.user_id,
                now,
            );
            let legacy_user_id = st.new_id();
            let auth_id = st.new_id();
            let token = hex_from(&mut st.rng, 64);
            st.invitations.push(Invitation {
                row: row.clone(),
                legacy_user_id,
                auth_id,
                token,
            });
            st.touch();
            json(Value::Object(row))
        }
        "organization.allInvitations" => {
            let mut rows: Vec<&Row> = st.invitations.iter().map(|i| &i.row).collect();
            rows.sort_by(|a, b| {
                (s(b, "status"), s(b, "expiresAt")).cmp(&(s(a, "status"), s(a, "expiresAt")))
            });
            json(Value::Array(
                rows.into_iter().map(|r| era_invitation(era, r)).collect(),
            ))
        }
        "organization.removeInvitation" => {
            let id = input_str(input, "invitationId");
            let pos = st
                .invitations
                .iter()
                .position(|i| s(&i.row, "id") == id)
                .ok_or_else(|| ApiError::not_found("Invitation not found"))?;
            st.invitations.remove(pos);
            st.touch();
            json(json!([]))
        }
        "user.getInvitations" => {
            let email = st
                .member_by_user(&caller.user_id)
                .map(|m| s(&m.user, "email"))
                .unwrap_or_default();
            let org = match era {
                Era::V0_24_12 => crate::legacy::organization_v0_24(&st.org),
                _ => Value::Object(st.org.clone()),
            };
            json(Value::Array(
                st.invitations
                    .iter()
                    .filter(|i| s(&i.row, "email") == email && is_pending(&i.row, now))
                    .map(|i| {
                        let mut v = era_invitation(era, &i.row);
                        v["organization"] = org.clone();
                        v
                    })
                    .collect(),
            ))
        }
        "user.getUserByToken" => {
            let token = input_str(input, "token");
            let inv = st
                .invitations
                .iter()
                .find(|i| s(&i.row, "id") == token)
                .ok_or_else(|| ApiError::not_found("Invitation not found"))?;
            let email = s(&inv.row, "email");
            let exists = st.members.iter().any(|m| s(&m.user, "email") == email);
            let mut out = Row::new();
            for k in ["id", "email", "role", "status", "inviterId"] {
                out.insert(k.into(), inv.row.get(k).cloned().unwrap_or(Value::Null));
            }
            out.insert(
                "isExpired".into(),
                json!(s(&inv.row, "expiresAt") < iso(now)),
            );
            out.insert("userAlreadyExists".into(), json!(exists));
            json(Value::Object(out))
        }
        "user.checkUserOrganizations" => {
            let id = input_str(input, "userId");
            let is_member = st.member_by_user(&id).is_some();
            if era == Era::V0_30_2 && id != caller.user_id {
                if !is_member {
                    return Err(ApiError::forbidden(
                        "User is not a member of your active organization",
                    ));
                }
                if !caller.owner {
                    return Err(ApiError::forbidden(
                        "Only admins and owners can check other users' organizations",
                    ));
                }
            }
            json(json!(i64::from(is_member)))
        }
        "user.remove" => {
            let id = input_str(input, "userId");
            let role = caller_role(&st, caller);
            if era == Era::V0_30_2 && role != "owner" && role != "admin" {
                return Err(ApiError::forbidden(
                    "Only owners or admins can delete users",
                ));
            }
            let Some(target) = st.member_by_user(&id) else {
                // v0.24.12 deletes whatever user has the id: none, no error.
                if era == Era::V0_24_12 {
                    return Ok(Reply::Void);
                }
                return Err(ApiError::not_found(
                    "Target user is not a member of this organization",
                ));
            };
            let target_role = s(&target.row, "role");
            if target_role == "owner" {
                return Err(ApiError::forbidden(
                    "You cannot delete the organization owner",
                ));
            }
            if era == Era::V0_30_2 {
                if target_role == "admin" && id == caller.user_id {
                    return Err(ApiError::forbidden(
                        "Admins cannot delete themselves. Ask the owner or another admin.",
                    ));
                }
                if role == "admin" && target_role == "admin" {
                    return Err(ApiError::forbidden(
                        "Only the organization owner can delete admins. Admins can only delete members.",
                    ));
                }
            }
            remove_user(&mut st, &id);
            Ok(Reply::Void)
        }
        // v0.18.4
        "user.all" => {
            if !caller.owner {
                return Err(ApiError::new(401, "UNAUTHORIZED", "UNAUTHORIZED"));
            }
            json(Value::Array(
                legacy_users(&st, false)
                    .into_iter()
                    .map(|(_, r)| Value::Object(r))
                    .collect(),
            ))
        }
        "admin.createUserInvitation" => {
            let email = input_str(input, "email").to_lowercase();
            if email_taken(&st, &email) {
                return Err(ApiError::new(
                    400,
                    "BAD_REQUEST",
                    "Error creating this user\ncheck if the email is not registered",
                ));
            }
            let id = st.new_id();
            let org = st.org_id();
            let owner = s(&st.owner().row, "userId");
            let mut row = invitation_row(&id, &org, &email, "member", now + DAY, &owner, now);
            row.insert("role".into(), json!("member"));
            let legacy_user_id = st.new_id();
            let auth_id = st.new_id();
            let token = hex_from(&mut st.rng, 64);
            st.invitations.push(Invitation {
                row,
                legacy_user_id,
                auth_id,
                token,
            });
            st.touch();
            Ok(Reply::Void)
        }
        "admin.removeUser" => {
            let auth_id = input_str(input, "authId");
            if let Some(pos) = st.invitations.iter().position(|i| i.auth_id == auth_id) {
                st.invitations.remove(pos);
                st.touch();
                return Ok(Reply::Void);
            }
            let user = st
                .members
                .iter()
                .skip(1)
                .find(|m| s(&m.row, "id") == auth_id)
                .map(|m| s(&m.row, "userId"));
            match user {
                Some(user_id) => {
                    remove_user(&mut st, &user_id);
                    Ok(Reply::Void)
                }
                None => Err(ApiError::new(
                    400,
                    "BAD_REQUEST",
                    "Error deleting this user",
                )),
            }
        }
        "admin.getUserByToken" => {
            let token = input_str(input, "token");
            let (_, mut row) = legacy_users(&st, true)
                .into_iter()
                .find(|(t, _)| *t == token)
                .ok_or_else(|| ApiError::not_found("Invitation not found"))?;
            let registered = row.get("isRegistered").cloned().unwrap_or(json!(false));
            row.insert("isExpired".into(), registered);
            json(Value::Object(row))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

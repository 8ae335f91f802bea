//! People: the seeded member and invitation, inviting, listing and removing invitations and
//! members, per era, and members' access (see `src/people.rs`).

mod common;

use common::{call, get, post, start, start_default, KEY};
use serde_json::{json, Value};
use skiff_sandbox::{Config, Era, MEMBER_KEY};

fn ok(r: &common::Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn err(r: &common::Resp) -> (u16, String) {
    (
        r.status,
        r.json()["message"].as_str().unwrap_or_default().to_string(),
    )
}

/// The README's seeded ids.
const DEV_MEMBER_ID: &str = "uqZ-uF6x4yO7O8Hs8gE0m";
const DEV_USER_ID: &str = "KTQaaasW7jDRPi0yszZarWMso2uTigua";
const INVITATION_ID: &str = "8-4lhXNgNx7FcjvsKYDst";

#[tokio::test]
async fn the_demo_has_an_admin_and_a_pending_invitation() {
    let h = start_default().await;
    let users = ok(&get(h.addr, "/api/user.all", KEY).await);
    let dev = users
        .as_array()
        .and_then(|u| u.iter().find(|m| m["user"]["email"] == "dev@example.com"))
        .cloned()
        .expect("Dev Admin");
    assert_eq!(dev["id"], DEV_MEMBER_ID);
    assert_eq!(dev["userId"], DEV_USER_ID);
    assert_eq!(dev["role"], "admin");
    assert_eq!(dev["user"]["firstName"], "Dev");
    let invitations = ok(&get(h.addr, "/api/organization.allInvitations", KEY).await);
    let inv = &invitations[0];
    assert_eq!(invitations.as_array().map(Vec::len), Some(1));
    assert_eq!(inv["id"], INVITATION_ID);
    assert_eq!(inv["email"], "new-hire@example.com");
    assert_eq!(inv["status"], "pending");
    assert_eq!(inv["role"], "member");
    let mut keys: Vec<&str> = inv
        .as_object()
        .expect("row")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "createdAt",
            "email",
            "expiresAt",
            "id",
            "inviterId",
            "organizationId",
            "role",
            "status",
            "teamId"
        ]
    );
    // The link's token is the invitation's id.
    let by_token = ok(&get(
        h.addr,
        &format!("/api/user.getUserByToken?token={INVITATION_ID}"),
        KEY,
    )
    .await);
    assert_eq!(
        by_token,
        json!({"id": INVITATION_ID, "email": "new-hire@example.com", "role": "member",
               "status": "pending", "inviterId": inv["inviterId"], "isExpired": false,
               "userAlreadyExists": false})
    );
    assert_eq!(
        err(&get(h.addr, "/api/user.getUserByToken?token=nope", KEY).await),
        (404, "Invitation not found".into())
    );
    // Nobody invited the owner.
    assert_eq!(
        ok(&get(h.addr, "/api/user.getInvitations", KEY).await),
        json!([])
    );
}

#[tokio::test]
async fn inviting_checks_like_dokploy_and_removing_answers_an_empty_result() {
    let h = start_default().await;
    let invite = |email: &str, role: &str| json!({"email": email, "role": role});
    let r = post(
        h.addr,
        "/api/organization.inviteMember",
        KEY,
        &invite("Ops@Example.com", "admin"),
    )
    .await;
    let row = ok(&r);
    assert_eq!(row["email"], "ops@example.com", "lower-cased");
    assert_eq!(
        (row["status"].clone(), row["role"].clone()),
        (json!("pending"), json!("admin"))
    );
    for (body, want) in [
        (
            invite("ops@example.com", "member"),
            (409, "An invitation has already been sent to this email"),
        ),
        (
            invite("maya@acme.test", "member"),
            (409, "User is already a member of this organization"),
        ),
        (
            invite("x@example.com", "owner"),
            (403, "Cannot invite a user with the owner role"),
        ),
        (
            invite("x@example.com", "auditor"),
            (404, "Role \"auditor\" not found"),
        ),
    ] {
        let r = post(h.addr, "/api/organization.inviteMember", KEY, &body).await;
        assert_eq!(err(&r), (want.0, want.1.to_string()), "{body}");
    }
    // zod's email check
    let r = post(
        h.addr,
        "/api/organization.inviteMember",
        KEY,
        &invite("not-an-email", "member"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["issues"][0]["format"], "email");
    assert_eq!(r.json()["issues"][0]["message"], "Invalid email address");
    // By status, then expiry: the newest first.
    let all = ok(&get(h.addr, "/api/organization.allInvitations", KEY).await);
    assert_eq!(all[0]["email"], "ops@example.com");
    assert_eq!(all[1]["id"], INVITATION_ID);
    let r = post(
        h.addr,
        "/api/organization.removeInvitation",
        KEY,
        &json!({"invitationId": INVITATION_ID}),
    )
    .await;
    assert_eq!(ok(&r), json!([]));
    assert_eq!(
        err(&post(
            h.addr,
            "/api/organization.removeInvitation",
            KEY,
            &json!({"invitationId": INVITATION_ID})
        )
        .await),
        (404, "Invitation not found".into())
    );
    let all = ok(&get(h.addr, "/api/organization.allInvitations", KEY).await);
    assert_eq!(all.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn removing_a_member_takes_its_keys_and_spares_the_owner() {
    let h = start_default().await;
    let users = ok(&get(h.addr, "/api/user.all", KEY).await);
    let id_of = |name: &str| {
        users
            .as_array()
            .and_then(|u| u.iter().find(|m| m["user"]["firstName"] == name))
            .map(|m| m["userId"].as_str().unwrap_or_default().to_string())
            .expect(name)
    };
    let (owner, maya) = (id_of("Ada"), id_of("Maya"));
    let count = |id: &str| format!("/api/user.checkUserOrganizations?userId={id}");
    assert_eq!(ok(&get(h.addr, &count(&maya), KEY).await), json!(1));
    assert_eq!(
        err(&get(h.addr, &count("nobody"), KEY).await),
        (
            403,
            "User is not a member of your active organization".into()
        )
    );
    assert_eq!(
        err(&get(h.addr, &count(&owner), MEMBER_KEY).await),
        (
            403,
            "Only admins and owners can check other users' organizations".into()
        )
    );
    assert_eq!(ok(&get(h.addr, &count(&maya), MEMBER_KEY).await), json!(1));
    let remove = |id: &str| json!({"userId": id});
    assert_eq!(
        err(&post(h.addr, "/api/user.remove", KEY, &remove(&owner)).await),
        (403, "You cannot delete the organization owner".into())
    );
    assert_eq!(
        err(&post(h.addr, "/api/user.remove", KEY, &remove("nobody")).await),
        (
            404,
            "Target user is not a member of this organization".into()
        )
    );
    assert_eq!(
        err(&post(h.addr, "/api/user.remove", MEMBER_KEY, &remove(DEV_USER_ID)).await),
        (403, "Only owners or admins can delete users".into())
    );
    let r = post(h.addr, "/api/user.remove", KEY, &remove(&maya)).await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    // Maya's key went with her.
    assert_eq!(
        get(h.addr, "/api/project.all", MEMBER_KEY).await.status,
        401
    );
    let users = ok(&get(h.addr, "/api/user.all", KEY).await);
    assert_eq!(users.as_array().map(Vec::len), Some(3));
    assert_eq!(
        err(&get(h.addr, &count(&maya), KEY).await),
        (
            403,
            "User is not a member of your active organization".into()
        )
    );
}

#[tokio::test]
async fn members_may_not_manage_people_nor_read_the_audit_log() {
    let h = start_default().await;
    let member = |r: &common::Resp| err(r);
    let want = |res: &str| (401, format!("unauthorized to access resource \"{res}\""));
    assert_eq!(
        member(&get(h.addr, "/api/organization.allInvitations", MEMBER_KEY).await),
        want("member")
    );
    assert_eq!(
        member(
            &post(
                h.addr,
                "/api/organization.inviteMember",
                MEMBER_KEY,
                &json!({"email": "a@example.com", "role": "member"})
            )
            .await
        ),
        want("member")
    );
    assert_eq!(
        member(&get(h.addr, "/api/auditLog.all", MEMBER_KEY).await),
        want("auditLog")
    );
    // The owner passes the permission and meets the licence check (recorded).
    assert_eq!(
        err(&get(h.addr, "/api/auditLog.all", KEY).await),
        (403, "Valid enterprise license required".into())
    );
}

#[tokio::test]
async fn v0_24_12_lists_and_removes_invitations_without_created_at() {
    let h = start(Config {
        era: Era::V0_24_12,
        ..Config::default()
    })
    .await;
    let auth = ("x-api-key", KEY);
    let all = ok(&call(&h, auth, "/api/organization.allInvitations", None).await);
    assert_eq!(all[0]["id"], INVITATION_ID);
    assert!(all[0].get("createdAt").is_none(), "{all}");
    // adminProcedure: a bare 401 for a member
    let r = call(
        &h,
        ("x-api-key", MEMBER_KEY),
        "/api/organization.allInvitations",
        None,
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            401,
            json!({"message": "UNAUTHORIZED", "code": "UNAUTHORIZED"})
        )
    );
    // v0.24.12 invited through better-auth: no tRPC procedure.
    let r = call(
        &h,
        auth,
        "/api/organization.inviteMember",
        Some(json!({"email": "a@example.com", "role": "member"})),
    )
    .await;
    assert_eq!(r.status, 404);
    let r = call(
        &h,
        auth,
        "/api/organization.removeInvitation",
        Some(json!({"invitationId": INVITATION_ID})),
    )
    .await;
    assert_eq!(ok(&r), json!([]));
    // Removing a user: no checks in v0.24.12 (an unknown one removes nothing).
    let r = call(
        &h,
        auth,
        "/api/user.remove",
        Some(json!({"userId": DEV_USER_ID})),
    )
    .await;
    assert_eq!(r.status, 200);
    let users = ok(&call(&h, auth, "/api/user.all", None).await);
    assert_eq!(users.as_array().map(Vec::len), Some(3));
    assert_eq!(
        ok(&call(
            &h,
            auth,
            &format!("/api/user.checkUserOrganizations?userId={DEV_USER_ID}"),
            None
        )
        .await),
        json!(0)
    );
}

#[tokio::test]
async fn v0_18_4_invites_users_and_lists_them_with_their_auth() {
    let h = start(Config {
        era: Era::V0_18_4,
        ..Config::default()
    })
    .await;
    let token = format!("Bearer {KEY}");
    let auth = ("Authorization", token.as_str());
    let users = ok(&call(&h, auth, "/api/user.all", None).await);
    // Maya, Sam, Dev Admin and the invitation
    assert_eq!(users.as_array().map(Vec::len), Some(4));
    let invited = users
        .as_array()
        .and_then(|u| {
            u.iter()
                .find(|x| x["auth"]["email"] == "new-hire@example.com")
        })
        .cloned()
        .expect("the invitation");
    assert_eq!(invited["isRegistered"], false);
    assert_eq!(invited["auth"]["rol"], "user");
    assert!(invited["auth"].get("secret").is_none());
    assert_eq!(invited["token"].as_str().map(str::len), Some(64));
    let r = call(
        &h,
        auth,
        "/api/admin.createUserInvitation",
        Some(json!({"email": "Ops@Example.com"})),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = call(
        &h,
        auth,
        "/api/admin.createUserInvitation",
        Some(json!({"email": "ops@example.com"})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (
            400,
            json!("Error creating this user\ncheck if the email is not registered")
        )
    );
    let by_token = ok(&call(
        &h,
        auth,
        &format!(
            "/api/admin.getUserByToken?token={}",
            invited["token"].as_str().unwrap_or_default()
        ),
        None,
    )
    .await);
    assert_eq!(by_token["isExpired"], false);
    assert!(by_token["auth"].get("password").is_none());
    let r = call(
        &h,
        auth,
        "/api/admin.removeUser",
        Some(json!({"authId": invited["authId"]})),
    )
    .await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = call(
        &h,
        auth,
        "/api/admin.removeUser",
        Some(json!({"authId": invited["authId"]})),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (400, json!("Error deleting this user"))
    );
    let users = ok(&call(&h, auth, "/api/user.all", None).await);
    assert_eq!(users.as_array().map(Vec::len), Some(4), "one out, one in");
}

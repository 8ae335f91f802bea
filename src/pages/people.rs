//! People (`#/i/{inst}/people`): the organization's members with their role, removed after a
//! typed confirmation; invitations made, copied as a link and revoked; the audit log where the
//! edition has it. Who may use the API stays on API access. The rules and the markup are in
//! [`crate::people`].

use leptos::prelude::*;

use crate::admin_logic as logic;
use crate::api::{AuthMode, Client};
use crate::components::field::{select_field, text_field, Errors};
use crate::components::{dashboard_url, DokployLink, ErrorView, Loading};
use crate::dashboard::Page;
use crate::model::{Invitation, Member};
use crate::pages::live::{
    failure, no_key, now_ms, run_once, use_client, use_fetch, use_list, use_write,
};
use crate::pages::service::backups::Removal;
use crate::pages::settings::{bind, delete_dialog, settings_head, SettingsNav};
use crate::people::{self as rules, InviteForm};
use crate::routes::Route;
use crate::state::dom::clicked;
use crate::state::era::use_version;
use crate::state::session::use_session;

#[component]
pub fn PeoplePage(inst: String) -> impl IntoView {
    let legacy = use_session()
        .instance(&inst)
        .is_some_and(|i| i.auth == AuthMode::Bearer);
    view! {
        {settings_head(&inst, "People", "Who is in this organization, the invitations waiting for an answer, and what was done when.")}
        <SettingsNav inst=inst.clone() current="people" />
        {if legacy {
            view! { <LegacyPeople inst=inst /> }.into_any()
        } else {
            view! { <OrgPeople inst=inst /> }.into_any()
        }}
    }
}

/// The link an invitation's token opens on Dokploy, when Skiff knows where Dokploy is.
fn invitation_link(inst: &str, token: &str) -> Option<String> {
    dashboard_url(inst, &Page::Invitation(token.to_string()))
}

/// What the last "Copy link" (or a new invitation) gave: the link or why there is none.
#[derive(Clone)]
enum Shared {
    /// `(email, link, copied)`.
    Link(String, String, bool),
    /// Dokploy's address is unknown: `(email, token)`.
    NoAddress(String, String),
}

/// Copies the link of `token` for `email`, and says so.
fn share(inst: &str, email: String, token: String, said: RwSignal<Option<Shared>>) {
    match invitation_link(inst, &token) {
        Some(link) => leptos::task::spawn_local(async move {
            let ok = crate::components::copy_text(&link).await;
            said.try_set(Some(Shared::Link(email, link, ok)));
        }),
        None => said.set(Some(Shared::NoAddress(email, token))),
    }
}

#[component]
fn SharedNote(said: RwSignal<Option<Shared>>) -> impl IntoView {
    let manage = Route::Instances.href();
    move || {
        said.get().map(|s| match s {
            Shared::Link(email, link, copied) => view! {
                <div class="alert alert--ok" role="status" data-test="invitation-link">
                    <div class="alert__title">{if copied { format!("The invitation link for {email} is copied") } else { format!("The invitation link for {email}") }}</div>
                    <div class="small">"Send it to them: it opens Dokploy's sign-up page. Dokploy sends no email itself."</div>
                    <code class="key-line" data-test="invitation-url">{link}</code>
                </div>
            }.into_any(),
            Shared::NoAddress(email, token) => view! {
                <div class="alert alert--warn" role="status" data-test="invitation-link">
                    <div class="alert__title">{format!("The invitation for {email} is ready, but Skiff cannot make its link")}</div>
                    <div class="small">"Skiff is served in front of this instance's API, so Dokploy's own address is elsewhere. Set it under "
                        <a href=manage.clone()>"All instances › Manage"</a>
                        " and copy the link again, or send them your Dokploy address followed by "
                        <code>{format!("/invitation?token={token}")}</code> "."</div>
                </div>
            }.into_any(),
        })
    }
}

/// The caller, read first: `page` is drawn for `allowed` callers only (with the caller), the
/// others read `denied` (and Skiff asks Dokploy nothing it would refuse them).
fn gated<T, Fut>(
    inst: String,
    ask: fn(Client) -> Fut,
    allowed: fn(&T) -> bool,
    denied: &'static str,
    page: fn(String, Memo<Option<Client>>, T) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, crate::api::ApiError>> + 'static,
{
    let client = use_client(&inst);
    let me = use_fetch(move || {
        let client = client.get();
        async move { ask(client.ok_or_else(no_key)?).await }
    });
    let inst = StoredValue::new(inst);
    move || match me.get() {
        None => view! { <Loading what="Loading people" /> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e /> }.into_any(),
        Some(Ok(m)) if !allowed(&m) => view! {
            <section class="card" data-test="people-denied"><p>{denied}</p></section>
        }
        .into_any(),
        Some(Ok(m)) => page(inst.get_value(), client, m),
    }
}

/// v0.19+: members, invitations, the audit log, for owners and admins.
#[component]
fn OrgPeople(inst: String) -> impl IntoView {
    gated(
        inst,
        |c| async move { c.user_get().await },
        logic::may_list_members,
        "Only owners and admins of this organization can see its members, invite people and remove them. Ask one of them to invite someone, or to change your role.",
        |inst, client, me| {
            view! {
                <Members inst=inst.clone() client=client me=me />
                <Invitations inst=inst client=client />
                <AuditLog client=client />
            }
            .into_any()
        },
    )
}

#[component]
fn Members(inst: String, client: Memo<Option<Client>>, me: Member) -> impl IntoView {
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move {
        let mut all = c.user_all().await?;
        logic::sort_members(&mut all);
        Ok(all)
    });
    let removing = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some((a, _)) if a == "retry" => kick.update(|k| *k += 1),
        Some((_, id)) => removing.set(Some(id)),
        None => {}
    };
    let find = move |id: &str| -> Option<Member> {
        listed.with_untracked(|l| match l {
            Some(Ok(list)) => list.iter().find(|m| m.user_key() == id).cloned(),
            _ => None,
        })
    };
    let me_s = StoredValue::new(me);
    let rows = move || {
        me_s.with_value(|me| listed.with(|l| rules::member_rows_html(l.as_ref(), me, now_ms())))
    };
    let admin = Route::tool(&inst, "admin").href();
    view! {
        <section class="card admin-section" data-test="people-members">
            <h2>"Members"</h2>
            <p class="muted small">"Deleting a user deletes their Dokploy account with their API keys and the invitations they sent. Which projects a member sees and whether they may use the API is set on "
                <a href=admin>"API access"</a> "."</p>
            {move || done.get().map(|who| view! { <p class="alert alert--ok small" role="status" data-test="person-removed">{format!("{who} is deleted.")}</p> })}
            <div data-test="person-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let m = find(id)?;
            let name = m.user.display_name();
            Some(Removal {
                title: format!("Delete the user {name}?"),
                message: format!("{name} can no longer sign in to this Dokploy. Their API keys stop working and the invitations they sent are deleted. Their projects and services stay."),
                label: "Delete user",
                word: m.user.email.clone().unwrap_or(name),
            })
        }, |c: Client, id: String| async move { c.remove_user(&id).await }, Callback::new(move |id: String| {
            done.set(find(&id).map(|m| m.user.display_name()));
            kick.update(|k| *k += 1);
        }))}
    }
}

#[component]
fn Invitations(inst: String, client: Memo<Option<Client>>) -> impl IntoView {
    let version = use_version(client);
    let can_invite =
        Memo::new(move |_| version.with(|v| v.as_ref().is_some_and(|v| v.has_invite_member())));
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move {
        let mut all = c.invitations().await?;
        rules::sort_invitations(&mut all, now_ms());
        Ok(all)
    });
    let said = RwSignal::new(None::<Shared>);
    let form = RwSignal::new(InviteForm::default());
    let invite = use_write(
        client,
        |c: Client, input: crate::api::InviteInput| async move { c.invite_member(&input).await },
    );
    let errors = Errors::new(Signal::derive(move || failure(invite)));
    let inst = StoredValue::new(inst);
    Effect::new(move |_| {
        if let Some(Ok(inv)) = invite.value().get() {
            form.set(InviteForm::default());
            kick.update(|k| *k += 1);
            share(&inst.get_value(), inv.email, inv.id, said);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().input() {
            Err(errs) => errors.local.set(errs),
            Ok(i) => {
                errors.local.set(Vec::new());
                said.set(None);
                run_once(invite, i);
            }
        }
    };
    let find = move |id: &str| -> Option<Invitation> {
        listed.with_untracked(|l| match l {
            Some(Ok(list)) => list.iter().find(|i| i.id == id).cloned(),
            _ => None,
        })
    };
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some((a, _)) if a == "retry" => kick.update(|k| *k += 1),
        Some((a, id)) if a == "copy" => {
            if let Some(i) = find(&id) {
                share(&inst.get_value(), i.email, i.id, said);
            }
        }
        Some((_, id)) => removing.set(Some(id)),
        None => {}
    };
    let rows = move || listed.with(|l| rules::invitation_rows_html(l.as_ref(), now_ms()));
    let (email_get, email_set) = bind(form, |f| &mut f.email);
    // What each role may do is said under the form.
    let roles = vec![
        ("member".to_string(), "Member".to_string()),
        ("admin".to_string(), "Admin".to_string()),
    ];
    view! {
        <section class="card admin-section" data-test="people-invitations">
            <h2>"Invitations"</h2>
            {move || if can_invite.get() {
                view! {
                    <form class="settings-form" novalidate=true data-test="invite-form" on:submit=submit>
                        <div class="form-grid">
                            {text_field("invite-email", "email", "Email", "ada@example.com", None, errors, email_get.clone(), email_set.clone())}
                            {select_field("invite-role", "role", "Role", roles.clone(), errors,
                                move || form.with(|f| f.role.clone()),
                                move |r: String| form.update(|f| f.role = r))}
                        </div>
                        {move || errors.other(&["email", "role"]).map(|e| view! { <ErrorView error=e /> })}
                        <div class="row">
                            <button type="submit" class="btn btn--primary" data-test="send-invite" disabled=move || invite.pending().get()
                                aria-busy=move || invite.pending().get().to_string()>"Invite"</button>
                            <span class="small muted">"A member does what you allow on API access; an admin does everything but remove the owner. Dokploy makes a link for them to sign up with; Skiff copies it for you to send."</span>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="small" data-test="invite-in-dokploy">"This Dokploy version invites people only from its own dashboard: "
                        <DokployLink inst=inst.get_value() page=Page::Users label="Invite in Dokploy" />
                        ". Its invitations show here, to copy their link or revoke them."</p>
                }.into_any()
            }}
            <SharedNote said=said />
            <div class="u-mt-16" data-test="invitation-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let i = find(id)?;
            let pending = matches!(rules::standing(i.status.as_deref(), i.expires_at.as_deref(), now_ms()), rules::Standing::Pending(_));
            Some(Removal {
                title: if pending { format!("Revoke the invitation for {}?", i.email) } else { format!("Remove the invitation for {}?", i.email) },
                message: "Its link stops working. You can invite the same address again.".to_string(),
                label: if pending { "Revoke invitation" } else { "Remove invitation" },
                word: i.email,
            })
        }, |c: Client, id: String| async move { c.remove_invitation(&id).await }, Callback::new(move |_| {
            said.set(None);
            kick.update(|k| *k += 1);
        }))}
    }
}

/// v0.28.7+: the audit log, or what the edition says about it.
#[component]
fn AuditLog(client: Memo<Option<Client>>) -> impl IntoView {
    let version = use_version(client);
    let has =
        Memo::new(move |_| version.with(|v| v.as_ref().is_some_and(|v| v.has_invite_member())));
    move || {
        has.get().then(|| {
            let kick = RwSignal::new(0u32);
            let listed = use_list(client, kick, |c| async move { c.audit_log().await });
            let rows = move || listed.with(|l| rules::audit_html(l.as_ref(), now_ms()));
            let on_list = move |ev: leptos::ev::MouseEvent| {
                if clicked(&ev).is_some_and(|(a, _)| a == "retry") {
                    kick.update(|k| *k += 1);
                }
            };
            view! {
                <section class="card admin-section" data-test="people-audit">
                    <h2>"Audit log"</h2>
                    <div data-test="audit" on:click=on_list inner_html=rows></div>
                </section>
            }
        })
    }
}

/// Before v0.19: the admin's users, invited by email, a link each until they register.
#[component]
fn LegacyPeople(inst: String) -> impl IntoView {
    gated(
        inst,
        |c| async move { c.auth_get().await },
        |a: &crate::model::AuthToken| a.rol.as_deref() == Some("admin"),
        "Only the admin of this Dokploy can see its users, invite people and remove them.",
        |inst, client, _| view! { <LegacyUsers inst=inst client=client /> }.into_any(),
    )
}

#[component]
fn LegacyUsers(inst: String, client: Memo<Option<Client>>) -> impl IntoView {
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.legacy_users().await });
    let said = RwSignal::new(None::<Shared>);
    let form = RwSignal::new(InviteForm::default());
    // The new user's token is only in `user.all`: read it back after inviting.
    let invite = use_write(client, |c: Client, email: String| async move {
        c.legacy_invite(&email).await?;
        let token = c
            .legacy_users()
            .await?
            .into_iter()
            .find(|u| !u.is_registered && u.auth.email.as_deref() == Some(email.as_str()))
            .and_then(|u| u.token)
            .unwrap_or_default();
        Ok((email, token))
    });
    let errors = Errors::new(Signal::derive(move || failure(invite)));
    let inst = StoredValue::new(inst);
    Effect::new(move |_| {
        if let Some(Ok((email, token))) = invite.value().get() {
            form.set(InviteForm::default());
            kick.update(|k| *k += 1);
            if !token.is_empty() {
                share(&inst.get_value(), email, token, said);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().input() {
            Err(errs) => errors.local.set(errs),
            Ok(i) => {
                errors.local.set(Vec::new());
                said.set(None);
                run_once(invite, i.email);
            }
        }
    };
    let find = move |id: &str| {
        listed.with_untracked(|l| match l {
            Some(Ok(list)) => list.iter().find(|u| u.auth_id == id).cloned(),
            _ => None,
        })
    };
    let removing = RwSignal::new(None::<String>);
    let on_list = move |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some((a, _)) if a == "retry" => kick.update(|k| *k += 1),
        Some((a, id)) if a == "copy" => {
            if let Some(u) = find(&id) {
                share(
                    &inst.get_value(),
                    u.auth.email.unwrap_or_default(),
                    u.token.unwrap_or_default(),
                    said,
                );
            }
        }
        Some((_, id)) => removing.set(Some(id)),
        None => {}
    };
    let rows = move || listed.with(|l| rules::legacy_rows_html(l.as_ref(), now_ms()));
    let (email_get, email_set) = bind(form, |f| &mut f.email);
    view! {
        <section class="card admin-section" data-test="people-users">
            <h2>"Users"</h2>
            <form class="settings-form" novalidate=true data-test="invite-form" on:submit=submit>
                <div class="form-grid">
                    {text_field("invite-email", "email", "Email", "ada@example.com", Some("A user of this Dokploy: what they may do is set in Dokploy under Settings › Users."), errors, email_get, email_set)}
                </div>
                {move || errors.other(&["email"]).map(|e| view! { <ErrorView error=e /> })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="send-invite" disabled=move || invite.pending().get()
                        aria-busy=move || invite.pending().get().to_string()>"Invite"</button>
                    <span class="small muted">"Dokploy makes a link, valid for a day; Skiff copies it for you to send."</span>
                </div>
            </form>
            <SharedNote said=said />
            <div class="u-mt-16" data-test="legacy-user-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let u = find(id)?;
            let email = u.auth.email.clone().unwrap_or_else(|| u.user_id.clone());
            Some(if u.is_registered {
                Removal {
                    title: format!("Delete the user {email}?"),
                    message: "They can no longer sign in to this Dokploy, and their API token stops working. Their projects and services stay.".to_string(),
                    label: "Delete user",
                    word: email,
                }
            } else {
                Removal {
                    title: format!("Revoke the invitation for {email}?"),
                    message: "Its link stops working. You can invite the same address again.".to_string(),
                    label: "Revoke invitation",
                    word: email,
                }
            })
        }, |c: Client, id: String| async move { c.legacy_remove_user(&id).await }, Callback::new(move |_| {
            said.set(None);
            kick.update(|k| *k += 1);
        }))}
    }
}

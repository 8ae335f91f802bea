//! "Who may use the API": members from `user.all`, owners and admins always allowed, and the
//! permissions of `user.assignPermissions` as switches, API access first.

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::admin_logic::{self as logic, ApiAccess, Perm};
use crate::api::{ApiError, AssignPermissions, Client};
use crate::components::{ErrorView, Loading};
use crate::model::Member;
use crate::pages::live::{no_key, use_act, use_fetch};

/// The members list for those who may see it, a plain explanation for the others.
#[component]
pub(super) fn MembersSection(
    client: Memo<Option<Client>>,
    me: RwSignal<Option<Member>>,
) -> impl IntoView {
    let may_list = Memo::new(move |_| me.with(|m| m.as_ref().is_some_and(logic::may_list_members)));
    view! {
        <section class="card admin-section" data-test="members-section">
            <h2>"Who may use the API"</h2>
            {move || if may_list.get() {
                view! { <MemberList client=client me=me /> }.into_any()
            } else {
                view! { <MembersDenied me=me /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn MembersDenied(me: RwSignal<Option<Member>>) -> impl IntoView {
    let own = move || {
        me.with(|m| match m.as_ref().map(logic::api_access) {
            Some(ApiAccess::Always) => "You can use the API as an owner or admin.",
            Some(ApiAccess::Granted) => "You have API access.",
            _ => "You have no API access.",
        })
    };
    view! {
        <p class="muted" data-test="members-denied">
            "Only owners and admins of this organization can see its members and change who may use the API. "
            <span data-test="own-access">{own}</span>
        </p>
    }
}

#[component]
fn MemberList(client: Memo<Option<Client>>, me: RwSignal<Option<Member>>) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let res = use_fetch(move || {
        reload.track();
        let client = client.get();
        async move {
            match client {
                Some(c) => c.user_all().await,
                None => Err(no_key()),
            }
        }
    });
    let members = RwSignal::new(None::<Vec<Member>>);
    let error = RwSignal::new(None::<ApiError>);
    effect(move || {
        if let Some(result) = res.get() {
            match result {
                Ok(mut list) => {
                    logic::sort_members(&mut list);
                    members.set(Some(list));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let caller_is_admin = Memo::new(move |_| me.with(|m| m.as_ref().is_some_and(Member::is_admin)));
    let denied = Memo::new(move |_| {
        let admin = caller_is_admin.get();
        error.with(|e| {
            e.as_ref()
                .is_some_and(|e| logic::is_denial(e.status(), admin))
        })
    });
    let ids = Memo::new(move |_| {
        members.with(|l| {
            l.as_ref()
                .map(|l| l.iter().map(|m| m.id.clone()).collect::<Vec<_>>())
        })
    });
    let reload_cb = Callback::new(move |_| reload.update(|n| *n += 1));
    view! {
        <p class="muted small">"Owners and admins can always use the API. Members need API access; the other switches are the rest of what Dokploy lets a member do."</p>
        {move || if denied.get() {
            view! { <MembersDenied me=me /> }.into_any()
        } else {
            error.get().map(|e| view! { <ErrorView error=e on_retry=reload_cb /> }).into_any()
        }}
        {move || (ids.with(Option::is_none) && error.with(Option::is_none)).then(|| view! { <Loading what="Loading members" /> })}
        {move || ids.get().filter(|_| !denied.get()).map(|ids| view! {
            <ul class="admin-members" data-test="member-list">
                {ids.into_iter().map(|id| view! { <MemberRow id=id members=members client=client on_saved=reload_cb /> }).collect_view()}
            </ul>
        })}
    }
}

/// One member: name, role, API access, and the other permissions on demand.
#[component]
fn MemberRow(
    id: String,
    members: RwSignal<Option<Vec<Member>>>,
    client: Memo<Option<Client>>,
    /// Reloads the list, to read the change back.
    on_saved: Callback<()>,
) -> impl IntoView {
    let member = {
        let id = id.clone();
        Memo::new(move |_| {
            members.with(|l| {
                l.as_ref()
                    .and_then(|l| l.iter().find(|m| m.id == id).cloned())
            })
        })
    };
    let expanded = RwSignal::new(false);
    let in_flight = RwSignal::new(None::<Perm>);
    let status = RwSignal::new(None::<Result<String, ApiError>>);
    let save = use_act(
        move |(perm, value, body): &(Perm, bool, AssignPermissions)| {
            let (perm, value, body) = (*perm, *value, body.clone());
            let client = client.get_untracked();
            async move {
                let c = client.ok_or_else(no_key)?;
                c.assign_permissions(&body)
                    .await
                    .map(|()| (perm, value, body))
            }
        },
    );
    let pending = save.pending();
    {
        let id = id.clone();
        effect(move || {
            let Some(result) = save.value().get() else {
                return;
            };
            in_flight.set(None);
            match result {
                Ok((perm, value, body)) => {
                    members.update(|l| {
                        if let Some(m) = l.as_mut().and_then(|l| l.iter_mut().find(|m| m.id == id))
                        {
                            *m = logic::apply_body(m, &body);
                        }
                    });
                    let who = member
                        .with_untracked(|m| m.as_ref().map(|m| m.user.display_name()))
                        .unwrap_or_default();
                    status.set(Some(Ok(format!(
                        "Saved: {} {} for {who}.",
                        perm.label(),
                        if value { "on" } else { "off" }
                    ))));
                    on_saved.run(());
                }
                Err(e) => status.set(Some(Err(e))),
            }
        });
    }
    let toggle = Callback::new(move |perm: Perm| {
        if pending.get_untracked() {
            return;
        }
        let Some(m) = member.get_untracked() else {
            return;
        };
        let value = !perm.of(&m);
        in_flight.set(Some(perm));
        status.set(None);
        save.dispatch((perm, value, logic::toggle_body(&m, perm, value)));
    });

    move || {
        member.get().map(|m| {
            let name = m.user.display_name();
            let email = m.user.email.clone().filter(|e| *e != name);
            let access = logic::api_access(&m);
            let custom = matches!(m.role, Some(crate::model::MemberRole::Other(_)));
            let role = logic::role_label(&m);
            view! {
                <li class="admin-member" data-test="member-row" data-member=name.clone()>
                    <div class="admin-member__main">
                        <div class="admin-member__who">
                            <strong>{name.clone()}</strong>
                            {email.map(|e| view! { <span class="small muted">{e}</span> })}
                        </div>
                        <span class="badge badge--plain" data-test="member-role">{role}</span>
                        <div class="admin-member__api">
                            {match access {
                                ApiAccess::Always => view! {
                                    <span class="badge badge--running" data-test="api-always">"API: always allowed"</span>
                                }.into_any(),
                                _ => view! {
                                    <PermSwitch perm=Perm::Api member=member in_flight=in_flight pending=pending toggle=toggle />
                                }.into_any(),
                            }}
                        </div>
                        {(access != ApiAccess::Always).then(|| view! {
                            <button data-free class="btn btn--small btn--ghost" data-test="member-more"
                                aria-expanded=move || expanded.get().to_string()
                                on:click=move |_| expanded.update(|e| *e = !*e)>
                                {move || if expanded.get() { "Hide permissions" } else { "All permissions" }}
                            </button>
                        })}
                    </div>
                    {move || expanded.get().then(|| view! {
                        {custom.then(|| view! { <p class="small muted">"This member has a custom role: its capabilities come from the role; these switches may not apply."</p> })}
                        <div class="admin-perms" data-test="member-perms">
                            {Perm::ALL.into_iter().skip(1).map(|p| view! {
                                <PermSwitch perm=p member=member in_flight=in_flight pending=pending toggle=toggle />
                            }).collect_view()}
                        </div>
                    })}
                    {move || status.get().map(|s| match s {
                        Ok(msg) => view! { <div class="alert alert--ok small admin-member__status" role="status" data-test="perm-status">{msg}</div> }.into_any(),
                        Err(e) => view! { <div class="admin-member__status" data-test="perm-error"><ErrorView error=e /></div> }.into_any(),
                    })}
                </li>
            }
        })
    }
}

/// One permission as a switch; every switch of the member is disabled while one change is in
/// flight (each sends the member's full set).
#[component]
fn PermSwitch(
    perm: Perm,
    member: Memo<Option<Member>>,
    in_flight: RwSignal<Option<Perm>>,
    pending: Memo<bool>,
    toggle: Callback<Perm>,
) -> impl IntoView {
    let on = move || member.with(|m| m.as_ref().is_some_and(|m| perm.of(m)));
    let label_id = format!(
        "perm-{}-{}",
        perm.key(),
        member
            .with_untracked(|m| m.as_ref().map(|m| m.id.clone()))
            .unwrap_or_default()
    );
    view! {
        <div class="perm">
            <span class="perm__label" id=label_id.clone()>{perm.label()}</span>
            <button type="button" class="switch" role="switch" data-test=format!("perm-{}", perm.key())
                aria-labelledby=label_id
                aria-checked=move || on().to_string()
                aria-busy=move || (in_flight.get() == Some(perm)).to_string()
                disabled=move || pending.get()
                on:click=move |_| toggle.run(perm)>
                <span class="switch__thumb"></span>
            </button>
        </div>
    }
}

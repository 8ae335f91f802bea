//! Notifications (`#/i/{inst}/notifications`): where Dokploy sends word of deploys, failed
//! builds, backups, restarts, cleanups and a server's thresholds. Slack, Discord, Telegram,
//! email, ntfy and custom webhooks are added, edited and tested here (what the instance has);
//! every notification can be tested and deleted (typed confirmation). Secrets sit in
//! password inputs, never in the list ([`crate::notifications`] has the rules and the markup).

use leptos::prelude::*;
use serde_json::Value;

use crate::api::Client;
use crate::components::field::{check_field, secret_field, select_field, text_field, Errors};
use crate::components::ErrorView;
use crate::notifications::{
    events, has_topics, kind_name, provider_id, rows_html, test_problem, Kind, NotificationForm,
    EVENTS,
};
use crate::pages::live::{failure, on_success, run_once, use_client, use_list, use_write};
use crate::pages::service::backups::Removal;
use crate::pages::settings::{bind, delete_dialog, settings_head, SettingsNav};
use crate::state::dom::clicked;
use crate::state::era::use_version;

/// The events' checkboxes' ids, by [`EVENTS`] index.
const EVENT_IDS: [&str; 8] = [
    "n-ev-deploy",
    "n-ev-build-error",
    "n-ev-db-backup",
    "n-ev-volume-backup",
    "n-ev-restart",
    "n-ev-dokploy-backup",
    "n-ev-cleanup",
    "n-ev-threshold",
];

#[component]
pub fn NotificationsPage(inst: String) -> impl IntoView {
    let client = use_client(&inst);
    let version = use_version(client);
    let kick = RwSignal::new(0u32);
    let listed = use_list(client, kick, |c| async move { c.notification_all().await });
    let form = RwSignal::new(NotificationForm::default());
    let kind = Memo::new(move |_| form.with(|f| f.kind));
    // The notification being edited: its id and its provider row's.
    let editing = RwSignal::new(None::<(String, String)>);
    let save = use_write(
        client,
        |c: Client, (provider, update, body): (&'static str, bool, Value)| async move {
            c.notification_save(provider, update, &body).await
        },
    );
    let test = use_write(
        client,
        |c: Client, (provider, body): (&'static str, Value)| async move {
            c.notification_test(provider, &body).await
        },
    );
    // Whose test ran last (its name), for the words of its answer.
    let tested = RwSignal::new(String::new());
    let errors = Errors::new(Signal::derive(move || failure(save)));
    on_success(
        save,
        Callback::new(move |_| {
            form.set(NotificationForm::default());
            editing.set(None);
            kick.update(|k| *k += 1);
        }),
    );
    let thread = move || version.with_untracked(|v| has_topics(v.as_ref()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let ids = editing.get_untracked();
        let body = version.with_untracked(|v| {
            f.body(
                ids.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                v.as_ref(),
            )
        });
        match body {
            Err(errs) => errors.local.set(errs),
            Ok(body) => {
                errors.local.set(Vec::new());
                run_once(save, (f.kind.procedure(), ids.is_some(), body));
            }
        }
    };
    let test_form = move |_| {
        let f = form.get_untracked();
        match f.target(thread()) {
            Err(errs) => errors.local.set(errs),
            Ok(m) => {
                errors.local.set(Vec::new());
                tested.set(if f.name.trim().is_empty() {
                    "this notification".into()
                } else {
                    f.name.trim().to_string()
                });
                run_once(test, (f.kind.procedure(), Value::Object(m)));
            }
        }
    };
    let removing = RwSignal::new(None::<String>);
    let find = move |id: &str| {
        listed.with_untracked(|l| match l {
            Some(Ok(list)) => list.iter().find(|n| n.notification_id == id).cloned(),
            _ => None,
        })
    };
    let on_list = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "retry" => kick.update(|k| *k += 1),
            "delete" => removing.set(Some(id)),
            action => {
                let Some(n) = find(&id) else { return };
                let (Some(f), Some(provider)) = (NotificationForm::of(&n), provider_id(&n)) else {
                    return;
                };
                if action == "edit" {
                    errors.local.set(Vec::new());
                    form.set(f);
                    editing.set(Some((id, provider)));
                    crate::state::dom::focus("n-name");
                } else if let Ok(m) = f.target(thread()) {
                    tested.set(n.name.clone());
                    run_once(test, (f.kind.procedure(), Value::Object(m)));
                }
            }
        }
    };
    let rows = move || listed.with(|l| rows_html(l.as_ref(), js_sys::Date::now() as i64));
    let kinds = move || {
        version.with(|v| {
            Kind::ALL
                .into_iter()
                .filter(|k| k.exists(v.as_ref()))
                .map(|k| (k.wire().to_string(), kind_name(k.wire()).to_string()))
                .collect::<Vec<_>>()
        })
    };
    let (name_get, name_set) = bind(form, |f| &mut f.name);
    // Each kind's fields as a list of views (one view type for every kind: a tuple per kind
    // cost some KBs of wasm).
    let fields = move || -> Vec<AnyView> {
        let b = |field: fn(&mut NotificationForm) -> &mut String| bind(form, field);
        match kind.get() {
            Kind::Slack => {
                let (g, s) = b(|f| &mut f.webhook_url);
                let (cg, cs) = b(|f| &mut f.channel);
                vec![
                    secret_field("n-webhook", "webhookUrl", "Webhook URL", errors, g, s),
                    text_field(
                        "n-channel",
                        "channel",
                        "Channel (optional)",
                        "#deploys",
                        None,
                        errors,
                        cg,
                        cs,
                    ),
                ]
            }
            Kind::Discord => {
                let (g, s) = b(|f| &mut f.webhook_url);
                vec![
                    secret_field("n-webhook", "webhookUrl", "Webhook URL", errors, g, s),
                    check_field(
                        "n-decoration",
                        "Coloured embeds",
                        move || form.with(|f| f.decoration),
                        move |on| form.update(|f| f.decoration = on),
                    ),
                ]
            }
            Kind::Telegram => {
                let (g, s) = b(|f| &mut f.bot_token);
                let (cg, cs) = b(|f| &mut f.chat_id);
                let mut out = vec![
                    secret_field("n-bot-token", "botToken", "Bot token", errors, g, s),
                    text_field(
                        "n-chat-id",
                        "chatId",
                        "Chat id",
                        "-1001234567890",
                        None,
                        errors,
                        cg,
                        cs,
                    ),
                ];
                if thread() {
                    let (tg, ts) = b(|f| &mut f.thread_id);
                    out.push(text_field(
                        "n-thread-id",
                        "messageThreadId",
                        "Topic id (optional)",
                        "",
                        None,
                        errors,
                        tg,
                        ts,
                    ));
                }
                out
            }
            Kind::Email => {
                let (sg, ss) = b(|f| &mut f.smtp_server);
                let (pg, ps) = b(|f| &mut f.smtp_port);
                let (ug, us) = b(|f| &mut f.username);
                let (wg, ws) = b(|f| &mut f.password);
                let (fg, fs) = b(|f| &mut f.from);
                let (tg, ts) = b(|f| &mut f.to);
                vec![
                    text_field(
                        "n-smtp-server",
                        "smtpServer",
                        "SMTP server",
                        "smtp.example.com",
                        None,
                        errors,
                        sg,
                        ss,
                    ),
                    text_field(
                        "n-smtp-port",
                        "smtpPort",
                        "Port",
                        "587",
                        None,
                        errors,
                        pg,
                        ps,
                    ),
                    text_field(
                        "n-username",
                        "username",
                        "Username",
                        "",
                        None,
                        errors,
                        ug,
                        us,
                    ),
                    secret_field("n-password", "password", "Password", errors, wg, ws),
                    text_field(
                        "n-from",
                        "fromAddress",
                        "From",
                        "dokploy@example.com",
                        None,
                        errors,
                        fg,
                        fs,
                    ),
                    text_field(
                        "n-to",
                        "toAddresses",
                        "To",
                        "ops@example.com, lead@example.com",
                        None,
                        errors,
                        tg,
                        ts,
                    ),
                ]
            }
            Kind::Ntfy => {
                let (ug, us) = b(|f| &mut f.server_url);
                let (tg, ts) = b(|f| &mut f.topic);
                let (ag, as_) = b(|f| &mut f.access_token);
                let (pg, ps) = b(|f| &mut f.priority);
                vec![
                    text_field(
                        "n-server-url",
                        "serverUrl",
                        "Server",
                        "https://ntfy.sh",
                        None,
                        errors,
                        ug,
                        us,
                    ),
                    text_field("n-topic", "topic", "Topic", "deploys", None, errors, tg, ts),
                    secret_field(
                        "n-access-token",
                        "accessToken",
                        "Access token (optional)",
                        errors,
                        ag,
                        as_,
                    ),
                    text_field(
                        "n-priority",
                        "priority",
                        "Priority (1-5)",
                        "3",
                        None,
                        errors,
                        pg,
                        ps,
                    ),
                ]
            }
            Kind::Custom => {
                let (eg, es) = b(|f| &mut f.endpoint);
                let (hg, hs) = b(|f| &mut f.headers);
                vec![
                    text_field(
                        "n-endpoint",
                        "endpoint",
                        "Endpoint",
                        "https://example.com/hooks/dokploy",
                        None,
                        errors,
                        eg,
                        es,
                    ),
                    secret_field(
                        "n-headers",
                        "headers",
                        "Headers (Name: value, one a line)",
                        errors,
                        hg,
                        hs,
                    ),
                ]
            }
        }
    };
    let event_boxes = move || {
        let k = kind.get();
        version.with(|v| events(k, v.as_ref())).into_iter().map(|i| view! {
            <label class="check">
                <input type="checkbox" data-test=EVENT_IDS[i] prop:checked=move || form.with(|f| f.on[i])
                    on:change=move |ev| form.update(|f| f.on[i] = event_target_checked(&ev)) />
                {EVENTS[i].1}
            </label>
        }).collect_view()
    };
    let busy = Signal::derive(move || save.pending().get());
    let test_said = move || {
        let name = tested.get();
        test.value().get().map(|r| match r {
            Ok(()) => view! {
                <p class="alert alert--ok" role="status" data-test="test-sent">{format!("Dokploy sent a test message through {name}: check that it arrived.")}</p>
            }.into_any(),
            Err(e) => {
                let (title, advice) = test_problem(&e, &name);
                view! {
                    <div class="alert alert--error" role="alert" data-test="test-failed">
                        <div class="alert__title">{title}</div><div>{advice}</div>
                    </div>
                }.into_any()
            }
        })
    };
    view! {
        {settings_head(&inst, "Notifications", "Where Dokploy tells your team about deploys, failed builds, backups and more.")}
        <SettingsNav inst=inst.clone() current="notifications" />
        <section class="card" data-test="notifications">
            <form class="settings-form" novalidate=true data-test="notification-form" on:submit=submit>
                <h2>{move || if editing.with(Option::is_some) { "Edit the notification" } else { "Add a notification" }}</h2>
                <div class="form-grid">
                    {move || select_field("n-kind", "notificationType", "Send with", kinds(), errors,
                        move || kind.get().wire().to_string(),
                        move |w: String| if let Some(k) = Kind::parse(&w) { form.update(|f| f.kind = k) })}
                    {text_field("n-name", "name", "Name", "Deploys to #ops", None, errors, name_get, name_set)}
                    {fields}
                </div>
                <fieldset class="tag-choices events">
                    <legend class="small">"Send word of"</legend>
                    {event_boxes}
                </fieldset>
                {move || errors.other(&["name", "webhookUrl", "channel", "botToken", "chatId", "messageThreadId", "smtpServer", "smtpPort", "username", "password", "fromAddress", "toAddresses", "serverUrl", "topic", "accessToken", "priority", "endpoint", "headers"]).map(|e| view! { <ErrorView error=e /> })}
                <div class="row">
                    <button type="submit" class="btn btn--primary" data-test="save-notification" disabled=move || busy.get()
                        aria-busy=move || save.pending().get().to_string()>
                        {move || if editing.with(Option::is_some) { "Save changes" } else { "Add notification" }}
                    </button>
                    <button type="button" class="btn" data-test="test-form" disabled=move || test.pending().get()
                        aria-busy=move || test.pending().get().to_string() on:click=test_form>"Send a test"</button>
                    {move || editing.with(Option::is_some).then(|| view! {
                        <button data-free type="button" class="btn" data-test="cancel-edit" on:click=move |_| {
                            editing.set(None);
                            errors.local.set(Vec::new());
                            form.set(NotificationForm::default());
                        }>"Cancel"</button>
                    })}
                </div>
            </form>
            {test_said}
            <div class="u-mt-16" data-test="notification-list" on:click=on_list inner_html=rows></div>
        </section>
        {delete_dialog(client, removing, move |id| {
            let n = find(id)?;
            Some(Removal {
                title: format!("Delete the notification {}?", n.name),
                message: format!("Dokploy stops sending word through {} ({}).", n.name, kind_name(&n.notification_type)),
                label: "Delete notification",
                word: n.name,
            })
        }, |c: Client, id: String| async move { c.notification_remove(&id).await }, Callback::new(move |_| kick.update(|k| *k += 1)))}
    }
}

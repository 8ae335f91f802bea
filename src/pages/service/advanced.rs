//! The Advanced tab: a service's mounts (every kind) and, on applications, its published
//! ports, redirects and basic-auth users. The rows come with the service's own answer (`.one`),
//! so the tab asks nothing more; each dialog checks its form before sending
//! ([`crate::service_view::advanced`]), shows Dokploy's field errors on the field, keeps what
//! was typed when a save fails, and sends once however often it is clicked. One write action
//! serves the whole tab (one dialog is open at a time): the view code stays small. Besides:
//! the swarm settings Dokploy keeps as JSON (applications and databases), and an application's
//! Traefik file, read on its own (`application.readTraefikConfig`).

use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::api::{
    ApiError, ApplicationUpdate, Client, DatabaseUpdate, MountInput, PortInput, RedirectInput,
    SecurityInput,
};
use crate::components::field::{check_field, secret_field, select_field, text_field, Errors};
use crate::components::{ConfirmDialog, CopyButton, ErrorToast, ErrorView};
use crate::model::{Mount, MountType, Port, Redirect, Security, ServiceKind};
use crate::pages::live::{failure, on_success, run_once, use_live, use_write, Act, Live};
use crate::service_view::advanced::{
    go_regex_problem, js_pattern, js_replacement, mount_line, traefik_problem, MountForm, PortForm,
    RedirectForm, Resources, ResourcesForm, SecurityForm,
};
use crate::service_view::backups::FieldError;
use crate::service_view::swarm::{check, editable, one_line, SETTINGS};

/// An application's rows besides its mounts.
#[derive(Clone, Copy)]
pub(crate) struct AppRows {
    pub ports: Signal<Vec<Port>>,
    pub redirects: Signal<Vec<Redirect>>,
    pub security: Signal<Vec<Security>>,
}

/// One row of any section.
#[derive(Clone, PartialEq)]
enum Item {
    Mount(Mount),
    Port(Port),
    Redirect(Redirect),
    Security(Security),
}

/// What the tab's one write sends.
#[derive(Clone)]
enum Change {
    Mount(MountInput),
    Port(PortInput),
    Redirect(RedirectInput),
    Security(SecurityInput),
    Resources(ServiceKind, String, Resources),
    /// One swarm setting (its wire name): a value, or `null` to clear it.
    Set(ServiceKind, String, &'static str, Value),
    /// An application's Traefik file.
    Traefik(String, String),
    Remove(Item),
}

async fn send(c: Client, change: Change) -> Result<(), ApiError> {
    match change {
        Change::Mount(i) => c.mount_save(&i).await,
        Change::Port(i) => c.port_save(&i).await,
        Change::Redirect(i) => c.redirect_save(&i).await,
        Change::Security(i) => c.security_save(&i).await,
        Change::Resources(kind, id, [ml, mr, cl, cr]) => match kind {
            ServiceKind::Application => {
                c.application_update(&ApplicationUpdate {
                    application_id: id,
                    memory_limit: Some(ml),
                    memory_reservation: Some(mr),
                    cpu_limit: Some(cl),
                    cpu_reservation: Some(cr),
                    ..ApplicationUpdate::default()
                })
                .await
            }
            db => {
                let mut u = DatabaseUpdate::new(db, &id);
                u.memory_limit = Some(ml);
                u.memory_reservation = Some(mr);
                u.cpu_limit = Some(cl);
                u.cpu_reservation = Some(cr);
                c.database_update(&u).await
            }
        },
        Change::Set(kind, id, wire, v) => {
            c.service_set(
                kind,
                &id,
                crate::api::with(Value::Object(Default::default()), wire, v),
            )
            .await
        }
        Change::Traefik(id, text) => c.application_traefik_save(&id, &text).await,
        Change::Remove(Item::Mount(m)) => c.mount_remove(&m.mount_id).await,
        Change::Remove(Item::Port(p)) => c.port_delete(&p.port_id).await,
        Change::Remove(Item::Redirect(r)) => c.redirect_delete(&r.redirect_id).await,
        Change::Remove(Item::Security(s)) => c.security_delete(&s.security_id).await,
    }
}

/// Which dialog is open: adding to a section (its `test` name), editing or removing a row.
#[derive(Clone, PartialEq)]
enum Open {
    Add(&'static str),
    Edit(Item),
    Remove(Item),
    /// A swarm setting, by its index in [`SETTINGS`].
    Swarm(usize),
    /// The Traefik file, as it was when Edit was clicked.
    Traefik(String),
}

/// What every dialog of the tab shares: the write, its errors, the rows (to refuse
/// duplicates), the service, and closing.
#[derive(Clone, Copy)]
struct Ctx {
    save: Act<Change, Result<(), ApiError>>,
    errors: Errors,
    kind: ServiceKind,
    id: StoredValue<String>,
    mounts: Signal<Vec<Mount>>,
    app: Option<AppRows>,
    swarm: Signal<Vec<(usize, Option<Value>)>>,
    open: RwSignal<Option<Open>>,
}

impl Ctx {
    /// Sends `input` once its form checks out; else shows the form's errors.
    fn submit(self, input: Result<Change, Vec<FieldError>>) {
        match input {
            Ok(c) => {
                self.errors.local.set(Vec::new());
                run_once(self.save, c);
            }
            Err(e) => self.errors.local.set(e),
        }
    }

    fn close(self) {
        self.open.set(None);
    }
}

#[component]
pub(crate) fn AdvancedTab(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    mounts: Signal<Vec<Mount>>,
    /// `Some` on applications.
    app: Option<AppRows>,
    /// Memory limit and reservation, CPU limit and reservation as Dokploy stores them; `Some` on
    /// applications and databases.
    resources: Option<Signal<[Option<String>; 4]>>,
    /// The swarm settings the service's answer carries ([`crate::service_view::swarm::present`]).
    swarm: Signal<Vec<(usize, Option<Value>)>>,
    /// Called after every change, to read the service again.
    on_change: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(None::<Open>);
    let save = use_write(client, send);
    // Read once, and again after each change (Dokploy rewrites it from the rows).
    let traefik = app.map(|_| {
        let id = id.clone();
        use_live(
            client,
            Duration::from_secs(3600),
            1,
            Signal::stored(false),
            move |c: Client| {
                let id = id.clone();
                async move { c.application_traefik(&id).await }
            },
        )
    });
    on_success(
        save,
        Callback::new(move |_| {
            open.set(None);
            on_change.run(());
            if let Some(t) = traefik {
                t.refresh();
            }
        }),
    );
    let ctx = Ctx {
        save,
        errors: Errors::new(Signal::derive(move || failure(save))),
        kind,
        id: StoredValue::new(id),
        mounts,
        app,
        swarm,
        open,
    };
    // A dialog opened anew starts without the last one's errors (Skiff's or Dokploy's).
    effect(move || {
        open.track();
        ctx.errors.local.set(Vec::new());
        save.value().set(None);
    });
    let rows = move |items: Vec<Item>| items.into_iter().map(|i| item_row(ctx, i)).collect_view();
    view! {
        <p class="small muted advanced-note">"Dokploy applies resources, mounts and ports when the service is next deployed; redirects and basic auth at once."</p>
        {resources.map(|r| resources_card(ctx, r))}
        {section(ctx, "mounts", "Mounts", "Docker volumes, folders of the server (bind mounts) and files written by Dokploy, mounted into the container.", "Add mount",
            "No mounts: the container keeps nothing when it is replaced. Add a volume for data that must survive a deploy.",
            Signal::derive(move || mounts.get().into_iter().map(Item::Mount).collect()), rows)}
        {app.map(|a| view! {
            {section(ctx, "ports", "Ports", "Ports of the server forwarded to the container (Docker swarm's published ports).", "Add port",
                "No published ports: the application is reached through its domains. Publish a port for what is not HTTP (a game server, SMTP, a database protocol).",
                Signal::derive(move || a.ports.get().into_iter().map(Item::Port).collect()), rows)}
            {section(ctx, "redirects", "Redirects", "Addresses of this application's domains sent elsewhere (Traefik's redirectRegex: a regular expression on the whole URL, and its replacement with ${1} for a group).", "Add redirect",
                "No redirects. Send www to the bare domain, or old paths to new ones.",
                Signal::derive(move || a.redirects.get().into_iter().map(Item::Redirect).collect()), rows)}
            {section(ctx, "basic-auth", "Basic auth", "Users and passwords the browser asks for before showing this application (Traefik's basicAuth on its domains).", "Add user",
                "No basic auth: anyone with the address can open the application.",
                Signal::derive(move || a.security.get().into_iter().map(Item::Security).collect()), rows)}
        })}
        {traefik.map(|t| traefik_card(ctx, t))}
        {move || swarm.with(|s| !s.is_empty()).then(|| swarm_card(ctx))}
        {move || open.get().map(|o| match o {
            Open::Remove(item) => remove(ctx, item),
            Open::Add("mounts") => mount_dialog(ctx, None),
            Open::Edit(Item::Mount(m)) => mount_dialog(ctx, Some(m)),
            Open::Add("ports") => port_dialog(ctx, None),
            Open::Edit(Item::Port(p)) => port_dialog(ctx, Some(p)),
            Open::Add("redirects") => redirect_dialog(ctx, None),
            Open::Edit(Item::Redirect(r)) => redirect_dialog(ctx, Some(r)),
            Open::Add(_) => auth_dialog(ctx, None),
            Open::Edit(Item::Security(s)) => auth_dialog(ctx, Some(s)),
            Open::Swarm(i) => swarm_dialog(ctx, i),
            Open::Traefik(text) => traefik_dialog(ctx, text),
        })}
    }
}

/// A card: heading, what it is, an Add button, then the rows (or `empty`).
#[allow(clippy::too_many_arguments)]
fn section<V: IntoView + 'static>(
    ctx: Ctx,
    test: &'static str,
    title: &'static str,
    what: &'static str,
    add: &'static str,
    empty: &'static str,
    items: Signal<Vec<Item>>,
    rows: impl Fn(Vec<Item>) -> V + Copy + Send + Sync + 'static,
) -> AnyView {
    view! {
        <section class="card" data-test=test>
            <div class="row row--between">
                <h2 class="card__heading">{title}</h2>
                <button class="btn btn--small" data-test=format!("add-{test}") on:click=move |_| ctx.open.set(Some(Open::Add(test)))>{add}</button>
            </div>
            <p class="small muted">{what}</p>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    view! { <p class="empty" data-test=format!("no-{test}")>{empty}</p> }.into_any()
                } else {
                    rows(list).into_any()
                }
            }}
        </section>
    }
    .into_any()
}

/// One row: its words, and Edit / Delete.
fn item_row(ctx: Ctx, item: Item) -> AnyView {
    let (test, badge, text, detail): (&str, Option<&str>, String, Option<&str>) = match &item {
        Item::Mount(m) => (
            "mount",
            Some(match m.mount_type {
                Some(MountType::Bind) => "Bind",
                Some(MountType::File) => "File",
                _ => "Volume",
            }),
            mount_line(m),
            None,
        ),
        Item::Port(p) => (
            "port",
            None,
            format!(
                "{} → {}/{}",
                p.published_port.unwrap_or_default(),
                p.target_port.unwrap_or_default(),
                p.protocol.as_deref().unwrap_or("tcp")
            ),
            Some(match p.publish_mode.as_deref() {
                Some("host") => "Host mode: only on the node running the container",
                _ => "Ingress: on every node of the swarm",
            }),
        ),
        Item::Redirect(r) => (
            "redirect",
            None,
            format!("{} → {}", r.regex, r.replacement),
            Some(if r.permanent {
                "Permanent (301/308: browsers remember it)"
            } else {
                "Temporary (302/307)"
            }),
        ),
        Item::Security(s) => (
            "user",
            None,
            s.username.clone(),
            Some("Password set (never shown)"),
        ),
    };
    let edit = item.clone();
    view! {
        <div class="advanced-row" data-test=test>
            <div class="advanced-row__text">
                {badge.map(|b| view! { <span class="badge badge--kind">{b}</span> " " })}
                <code>{text}</code>
                {detail.map(|d| view! { <div class="small muted">{d}</div> })}
            </div>
            <div class="row row--nowrap">
                <button class="btn btn--small" data-test=format!("edit-{test}") on:click=move |_| ctx.open.set(Some(Open::Edit(edit.clone())))>"Edit"</button>
                <button class="btn btn--small btn--danger" data-test=format!("remove-{test}") on:click=move |_| ctx.open.set(Some(Open::Remove(item.clone())))>"Delete"</button>
            </div>
        </div>
    }
    .into_any()
}

/// A service's memory and CPU limits and reservations, in a person's units (Dokploy stores
/// bytes and nano-CPUs); empty is no limit. Saved with the service, applied at the next deploy.
fn resources_card(ctx: Ctx, stored: Signal<[Option<String>; 4]>) -> AnyView {
    let of = move || {
        stored.with_untracked(|s| {
            ResourcesForm::of([
                s[0].as_deref(),
                s[1].as_deref(),
                s[2].as_deref(),
                s[3].as_deref(),
            ])
        })
    };
    let form = RwSignal::new(of());
    let sent = RwSignal::new(false);
    let errors = ctx.errors;
    let pending = ctx.save.pending();
    // Saved once the service, read again, holds what was sent.
    let saved = move || {
        sent.get()
            && form.with(|f| f.values().ok()).is_some_and(|v| {
                stored.with(|s| {
                    v.iter()
                        .zip(s)
                        .all(|(a, b)| a.as_str() == b.as_deref().unwrap_or(""))
                })
            })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(true);
        let id = ctx.id.get_value();
        ctx.submit(
            form.with_untracked(ResourcesForm::values)
                .map(|v| Change::Resources(ctx.kind, id, v)),
        );
    };
    let field = |id: &'static str,
                 wire: &'static str,
                 label: &'static str,
                 placeholder: &'static str,
                 get: fn(&ResourcesForm) -> String,
                 set: fn(&mut ResourcesForm, String)| {
        text_field(
            id,
            wire,
            label,
            placeholder,
            None,
            errors,
            move || form.with(get),
            move |v| form.update(|f| set(f, v)),
        )
    };
    view! {
        <form class="card" data-test="resources" novalidate=true on:submit=submit>
            <h2 class="card__heading">"Resources"</h2>
            <p class="small muted">"What Docker lets the container use. A limit is a ceiling (memory above it kills the container); a reservation is kept free for it when the swarm places it. Empty: no limit."</p>
            <div class="grid-2">
                {field("res-memory-limit", "memoryLimit", "Memory limit", "512 MB", |f| f.memory_limit.clone(), |f, v| f.memory_limit = v)}
                {field("res-memory-reservation", "memoryReservation", "Memory reservation", "256 MB", |f| f.memory_reservation.clone(), |f, v| f.memory_reservation = v)}
                {field("res-cpu-limit", "cpuLimit", "CPU limit", "1 (one CPU), 0.5 (half)", |f| f.cpu_limit.clone(), |f, v| f.cpu_limit = v)}
                {field("res-cpu-reservation", "cpuReservation", "CPU reservation", "0.25", |f| f.cpu_reservation.clone(), |f, v| f.cpu_reservation = v)}
            </div>
            {move || (!ctx.open.with(Option::is_some)).then(|| errors.other(&["memoryLimit", "memoryReservation", "cpuLimit", "cpuReservation"]).map(|e| view! { <ErrorView error=e /> })).flatten()}
            <div class="row u-mt-8">
                <button type="submit" class="btn btn--primary" data-test="save-resources" disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()>"Save"</button>
                {move || saved().then(|| view! { <span class="small ok-text" role="status" data-test="resources-saved">"Saved. Redeploy to apply."</span> })}
            </div>
        </form>
    }
    .into_any()
}

/// Removing a row, after its name (or number) is typed.
fn remove(ctx: Ctx, item: Item) -> AnyView {
    let (title, message, label, word) = match &item {
        Item::Mount(m) => {
            let path = m.mount_path.clone().unwrap_or_default();
            (format!("Remove the mount at {path}?"), "The container no longer sees it from the next deploy. A volume's data stays on the server; a file mount's content is deleted.", "Remove mount", path)
        }
        Item::Port(p) => {
            let n = p.published_port.unwrap_or_default().to_string();
            (format!("Stop publishing port {n}?"), "The port closes at the next deploy.", "Delete port", n)
        }
        Item::Redirect(r) => (format!("Delete the redirect {}?", r.regex), "Traefik stops redirecting these addresses at once.", "Delete redirect", "redirect".to_string()),
        Item::Security(s) => (format!("Remove {}'s access?", s.username), "Their user name and password stop working at once. With no user left, the application is open to anyone.", "Remove user", s.username.clone()),
    };
    view! {
        <ConfirmDialog title=title message=message confirm_label=label type_to_confirm=word
            pending=Signal::from(ctx.save.pending())
            on_confirm=Callback::new(move |_| run_once(ctx.save, Change::Remove(item.clone())))
            on_cancel=Callback::new(move |_| ctx.close()) />
        <ErrorToast error=Signal::derive(move || failure(ctx.save)) />
    }
    .into_any()
}

/// The frame of every dialog here: title, the fields, Dokploy's error that names no field,
/// Cancel and Save (disabled while saving).
fn dialog(
    ctx: Ctx,
    test: &'static str,
    title: &'static str,
    fields: AnyView,
    wires: &'static [&'static str],
    submit: Callback<()>,
) -> AnyView {
    let pending = ctx.save.pending();
    view! {
        <div class="dialog-backdrop" on:click=move |_| ctx.close()>
            <form class="dialog dialog--wide" role="dialog" aria-modal="true" novalidate=true data-test=test
                on:click=|ev| ev.stop_propagation()
                on:submit=move |ev| { ev.prevent_default(); submit.run(()); }
                on:keydown=move |ev| if ev.key() == "Escape" { ctx.close() }>
                <h2>{title}</h2>
                {fields}
                {move || ctx.errors.other(wires).map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| ctx.close()>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test=format!("save-{test}") disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>"Save"</button>
                </div>
            </form>
        </div>
    }
    .into_any()
}

fn options(o: &[(&str, &str)]) -> Vec<(String, String)> {
    o.iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

// ---------------------------------------------------------------- dialogs

fn mount_dialog(ctx: Ctx, existing: Option<Mount>) -> AnyView {
    let form = RwSignal::new(existing.as_ref().map(MountForm::of).unwrap_or_default());
    let mid = existing.map(|m| m.mount_id);
    let title = if mid.is_some() {
        "Edit mount"
    } else {
        "Add mount"
    };
    let errors = ctx.errors;
    let submit = Callback::new(move |_| {
        ctx.submit(form.with_untracked(|f| {
            ctx.mounts.with_untracked(|o| {
                f.input(ctx.kind, &ctx.id.get_value(), mid.as_deref(), o)
                    .map(Change::Mount)
            })
        }))
    });
    let kinds = options(&[
        ("volume", "Volume"),
        ("bind", "Bind mount (a folder of the server)"),
        ("file", "File (its content written by Dokploy)"),
    ]);
    let fields = view! {
        {select_field("mount-type", "type", "Type", kinds, errors,
            move || form.with(|f| f.kind.as_str().to_string()), move |v| form.update(|f| f.kind = MountType::parse(&v)))}
        {move || match form.with(|f| f.kind.clone()) {
            MountType::Bind => text_field("mount-host", "hostPath", "Host path", "/srv/app/data", Some("A folder of the server Dokploy runs the container on."), errors,
                move || form.with(|f| f.host_path.clone()), move |v| form.update(|f| f.host_path = v)),
            MountType::File => view! {
                {text_field("mount-file", "filePath", "File name", "app.env", Some("Dokploy keeps it in the service's folder on the server."), errors,
                    move || form.with(|f| f.file_path.clone()), move |v| form.update(|f| f.file_path = v))}
                <div class="field">
                    <label for="mount-content">"Content"</label>
                    <textarea id="mount-content" class="input input--mono" rows="8" data-test="mount-content" spellcheck="false"
                        prop:value=move || form.with(|f| f.content.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.content = v); }></textarea>
                </div>
            }.into_any(),
            _ => text_field("mount-volume", "volumeName", "Volume name", "app-data", Some("Docker creates it on the first deploy; keep the name to keep the data."), errors,
                move || form.with(|f| f.volume_name.clone()), move |v| form.update(|f| f.volume_name = v)),
        }}
        {text_field("mount-path", "mountPath", "Path in the container", "/app/data", None, errors,
            move || form.with(|f| f.mount_path.clone()), move |v| form.update(|f| f.mount_path = v))}
    };
    dialog(
        ctx,
        "mount-dialog",
        title,
        fields.into_any(),
        &[
            "type",
            "hostPath",
            "volumeName",
            "filePath",
            "content",
            "mountPath",
        ],
        submit,
    )
}

fn port_dialog(ctx: Ctx, existing: Option<Port>) -> AnyView {
    let form = RwSignal::new(existing.as_ref().map(PortForm::of).unwrap_or_default());
    let pid = existing.map(|p| p.port_id);
    let title = if pid.is_some() {
        "Edit port"
    } else {
        "Publish a port"
    };
    let errors = ctx.errors;
    let submit = Callback::new(move |_| {
        let ports = ctx.app.map(|a| a.ports.get_untracked()).unwrap_or_default();
        ctx.submit(form.with_untracked(|f| {
            f.input(&ctx.id.get_value(), pid.as_deref(), &ports)
                .map(Change::Port)
        }))
    });
    let fields = view! {
        <div class="grid-2">
            {text_field("port-published", "publishedPort", "Published port (on the server)", "8080", None, errors,
                move || form.with(|f| f.published.clone()), move |v| form.update(|f| f.published = v))}
            {text_field("port-target", "targetPort", "Target port (in the container)", "80", None, errors,
                move || form.with(|f| f.target.clone()), move |v| form.update(|f| f.target = v))}
        </div>
        <div class="grid-2">
            {select_field("port-protocol", "protocol", "Protocol", options(&[("tcp", "TCP"), ("udp", "UDP")]), errors,
                move || form.with(|f| f.protocol.to_string()), move |v| form.update(|f| f.protocol = if v == "udp" { "udp" } else { "tcp" }))}
            {select_field("port-mode", "publishMode", "Publish mode", options(&[("ingress", "Ingress (every node)"), ("host", "Host (its node only)")]), errors,
                move || form.with(|f| f.mode.to_string()), move |v| form.update(|f| f.mode = if v == "host" { "host" } else { "ingress" }))}
        </div>
    };
    dialog(
        ctx,
        "port-dialog",
        title,
        fields.into_any(),
        &["publishedPort", "targetPort", "protocol", "publishMode"],
        submit,
    )
}

/// The browser's reading of a Traefik expression: its `RegExp`, or why it does not parse.
fn js_regex(regex: &str) -> Result<js_sys::RegExp, String> {
    if let Some(p) = go_regex_problem(regex) {
        return Err(p);
    }
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
        .map_err(|_| String::new())?
        .unchecked_into();
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&js_pattern(regex).into()))
        .map(JsCast::unchecked_into)
        .map_err(|e| {
            let m = e
                .dyn_into::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            format!("This expression does not parse: {m}")
        })
}

/// Under the example: why the expression does not parse, where it sends the example, or that
/// the example does not match.
fn example_line(f: &RedirectForm) -> Option<AnyView> {
    let regex = f.regex.trim();
    if regex.is_empty() {
        return None;
    }
    let re = match js_regex(regex) {
        Err(e) => {
            return Some(
                view! { <span class="field__error" data-test="redirect-parse">{e}</span> }
                    .into_any(),
            )
        }
        Ok(re) => re,
    };
    let ex = f.example.trim();
    if ex.is_empty() {
        return None;
    }
    let (hit, words) = if re.test(ex) {
        let to = js_sys::JsString::from(ex)
            .replace_by_pattern(&re, &js_replacement(f.replacement.trim()));
        (true, format!("→ {}", String::from(to)))
    } else {
        (
            false,
            "Does not match: this address is not redirected.".to_string(),
        )
    };
    Some(view! { <span class=if hit { "small ok-text" } else { "small muted" } data-test="redirect-result">{words}</span> }.into_any())
}

fn redirect_dialog(ctx: Ctx, existing: Option<Redirect>) -> AnyView {
    let form = RwSignal::new(existing.as_ref().map(RedirectForm::of).unwrap_or_default());
    let rid = existing.map(|r| r.redirect_id);
    let title = if rid.is_some() {
        "Edit redirect"
    } else {
        "Add redirect"
    };
    let errors = ctx.errors;
    let submit = Callback::new(move |_| {
        ctx.submit(form.with_untracked(|f| {
            let parse = js_regex(f.regex.trim())
                .err()
                .filter(|_| !f.regex.trim().is_empty());
            f.input(&ctx.id.get_value(), rid.as_deref(), parse)
                .map(Change::Redirect)
        }))
    });
    let fields = view! {
        {text_field("redirect-regex", "regex", "Regular expression", "^https?://www\\.example\\.com/(.*)", None, errors,
            move || form.with(|f| f.regex.clone()), move |v| form.update(|f| f.regex = v))}
        {text_field("redirect-replacement", "replacement", "Replacement", "https://example.com/${1}", Some("${1}, ${2}: what the expression's groups matched."), errors,
            move || form.with(|f| f.replacement.clone()), move |v| form.update(|f| f.replacement = v))}
        {check_field("redirect-permanent", "Permanent (browsers remember it: use once it is right)", move || form.with(|f| f.permanent), move |v| form.update(|f| f.permanent = v))}
        <div class="field">
            <label for="redirect-example">"Try an address"</label>
            <input id="redirect-example" class="input" data-test="redirect-example" placeholder="https://www.example.com/blog" autocomplete="off" spellcheck="false"
                prop:value=move || form.with(|f| f.example.clone())
                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.example = v); } />
            {move || form.with(example_line)}
        </div>
    };
    dialog(
        ctx,
        "redirect-dialog",
        title,
        fields.into_any(),
        &["regex", "replacement", "permanent"],
        submit,
    )
}

fn auth_dialog(ctx: Ctx, existing: Option<Security>) -> AnyView {
    let form = RwSignal::new(existing.as_ref().map(SecurityForm::of).unwrap_or_default());
    let sid = existing.map(|s| s.security_id);
    let editing = sid.is_some();
    let errors = ctx.errors;
    let submit = Callback::new(move |_| {
        let users = ctx
            .app
            .map(|a| a.security.get_untracked())
            .unwrap_or_default();
        ctx.submit(form.with_untracked(|f| {
            f.input(&ctx.id.get_value(), sid.as_deref(), &users)
                .map(Change::Security)
        }))
    });
    let fields = view! {
        {text_field("auth-user", "username", "User name", "admin", None, errors,
            move || form.with(|f| f.username.clone()), move |v| form.update(|f| f.username = v))}
        {secret_field("auth-password", "password", if editing { "Password (type it again, or a new one)" } else { "Password" }, errors,
            move || form.with(|f| f.password.clone()), move |v| form.update(|f| f.password = v))}
    };
    dialog(
        ctx,
        "auth-dialog",
        if editing { "Edit user" } else { "Add user" },
        fields.into_any(),
        &["username", "password"],
        submit,
    )
}

/// The swarm settings the service's answer carries, each "Not set" or its JSON on one line.
fn swarm_card(ctx: Ctx) -> AnyView {
    view! {
        <section class="card" data-test="swarm">
            <h2 class="card__heading">"Swarm settings"</h2>
            <p class="small muted">"Docker swarm's own settings of the service, which Dokploy keeps as JSON and applies at the next deploy. Not set: Docker's default."</p>
            {move || ctx.swarm.get().into_iter().map(|(i, v)| {
                let s = &SETTINGS[i];
                view! {
                    <div class="advanced-row" data-test="swarm-row">
                        <div class="advanced-row__text">
                            <strong>{s.label}</strong>
                            <div class="small muted">{match v {
                                Some(v) => view! { <code data-test=format!("swarm-{}", s.wire)>{one_line(&v)}</code> }.into_any(),
                                None => "Not set".into_any(),
                            }}</div>
                        </div>
                        <button class="btn btn--small" data-test=format!("edit-{}", s.wire) on:click=move |_| ctx.open.set(Some(Open::Swarm(i)))>"Edit"</button>
                    </div>
                }
            }).collect_view()}
        </section>
    }
    .into_any()
}

/// One swarm setting as JSON: what it does, the shape Dokploy accepts (with a button to start
/// from it), checked before sending; empty clears it.
fn swarm_dialog(ctx: Ctx, i: usize) -> AnyView {
    let s = &SETTINGS[i];
    let now = ctx
        .swarm
        .with_untracked(|v| v.iter().find(|x| x.0 == i).and_then(|x| x.1.clone()));
    let text = RwSignal::new(editable(now.as_ref()));
    let submit = Callback::new(move |_| {
        ctx.submit(match check(s.ty, &text.get_untracked()) {
            Ok(v) => Ok(Change::Set(
                ctx.kind,
                ctx.id.get_value(),
                s.wire,
                v.unwrap_or(Value::Null),
            )),
            Err(e) => Err(vec![("swarm-value", e)]),
        })
    });
    let err = move || ctx.errors.of("swarm-value", s.wire);
    let fields = view! {
        <p class="small muted">{s.what}</p>
        <div class="field">
            <label for="swarm-value">"JSON (empty: not set)"</label>
            <textarea id="swarm-value" class="input input--mono" rows="8" data-test="swarm-value" spellcheck="false"
                aria-invalid=move || err().is_some().to_string()
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || err().map(|e| view! { <span class="field__error" data-test="error-swarm-value">{e}</span> })}
        </div>
        <div class="row row--between">
            <span class="small muted">"The shape Dokploy accepts:"</span>
            <button type="button" class="btn btn--small" data-test="swarm-example"
                on:click=move |_| text.set(editable(check(s.ty, s.example).ok().flatten().as_ref()))>"Start from this"</button>
        </div>
        <pre class="command">{s.example}</pre>
    };
    dialog(
        ctx,
        "swarm-dialog",
        s.label,
        fields.into_any(),
        std::slice::from_ref(&s.wire),
        submit,
    )
}

/// The Traefik file Dokploy wrote for the application, read-only with Copy, and Edit.
fn traefik_card(ctx: Ctx, file: Live<Option<String>>) -> AnyView {
    view! {
        <section class="card" data-test="traefik">
            <h2 class="card__heading">"Traefik"</h2>
            <p class="small muted">"The file Dokploy writes for Traefik from this application's domains, redirects and basic auth: its routers, middlewares and the service behind them."</p>
            {move || match (file.data.get(), file.error.get()) {
                (Some(Some(text)), _) if !text.trim().is_empty() => view! {
                    <pre class="code-block" data-test="traefik-config">{text.clone()}</pre>
                    <div class="row">
                        <CopyButton value=text.clone() />
                        <button class="btn btn--small" data-test="edit-traefik" on:click=move |_| ctx.open.set(Some(Open::Traefik(text.clone())))>"Edit"</button>
                    </div>
                }.into_any(),
                (Some(_), _) => view! { <p class="empty" data-test="no-traefik">"No Traefik file yet: Dokploy writes it when the application has a domain and is deployed."</p> }.into_any(),
                (None, Some(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |_| file.refresh()) /> }.into_any(),
                (None, None) => view! { <p class="small muted">"Reading the file…"</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// Editing the Traefik file, under the warning of what a wrong one does.
fn traefik_dialog(ctx: Ctx, now: String) -> AnyView {
    let text = RwSignal::new(now);
    let submit = Callback::new(move |_| {
        let t = text.get_untracked();
        ctx.submit(match traefik_problem(&t) {
            None => Ok(Change::Traefik(ctx.id.get_value(), t)),
            Some(e) => Err(vec![("traefik-value", e)]),
        })
    });
    let err = move || ctx.errors.of("traefik-value", "traefikConfig");
    let fields = view! {
        <p class="warning-text" role="note" data-test="traefik-warning">"A wrong file takes this application off the network: Traefik drops what it cannot read, and the application's domains stop answering until the file is fixed. Dokploy also writes this file anew when the domains, redirects or basic auth change, and your edits are lost then."</p>
        <div class="field">
            <label for="traefik-value">"Traefik file (YAML)"</label>
            <textarea id="traefik-value" class="input input--mono" rows="16" data-test="traefik-value" spellcheck="false"
                aria-invalid=move || err().is_some().to_string()
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || err().map(|e| view! { <span class="field__error" data-test="error-traefik-value">{e}</span> })}
        </div>
    };
    dialog(
        ctx,
        "traefik-dialog",
        "Edit the Traefik file",
        fields.into_any(),
        &["traefikConfig"],
        submit,
    )
}

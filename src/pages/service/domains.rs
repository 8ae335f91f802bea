//! The domains routed to an application or compose service: list, add, edit, remove.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::pages::live::effect;

use crate::api::Client;
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::model::{Domain, ServiceKind};
use crate::pages::live::{failure, no_key, on_success, run_once, use_fetch, use_write, ItemDialog};
use crate::service_view::domain::{openable, DomainForm};

#[component]
pub(crate) fn DomainsTab(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    id: String,
    /// From the service's answer; `None` while loading.
    #[prop(into)]
    domains: Signal<Option<Vec<Domain>>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let dialog = RwSignal::new(None::<ItemDialog<Domain>>);
    let id_s = StoredValue::new(id);
    let done = Callback::new(move |_| {
        dialog.set(None);
        on_changed.run(());
    });
    view! {
        <section class="card" data-test="domains">
            <div class="row row--between">
                <h2 class="card__heading">"Domains"</h2>
                <button class="btn btn--primary btn--small" data-test="add-domain" on:click=move |_| dialog.set(Some(ItemDialog::Add))>"Add domain"</button>
            </div>
            {move || match domains.get() {
                None => view! { <div class="spinner-line">"Loading domains…"</div> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="empty" data-test="no-domains">"No domains yet. Add one to reach the service from the internet."</p>
                }.into_any(),
                Some(list) => view! {
                    <div class="table-wrap table-wrap--flush">
                        <table class="table table--stack">
                            <thead><tr>
                                <th>"Host"</th>
                                {(kind == ServiceKind::Compose).then(|| view! { <th>"Service"</th> })}
                                <th>"Port"</th><th>"HTTPS"</th><th><span class="sr-only">"Actions"</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|d| {
                                    let url = d.url();
                                    let cert = match (d.https, d.certificate_type.as_ref().map(|c| c.as_str().to_string())) {
                                        (false, _) => "No".to_string(),
                                        (true, Some(c)) if c == "letsencrypt" => "Let's Encrypt".to_string(),
                                        (true, Some(c)) if c == "custom" => "Custom".to_string(),
                                        (true, _) => "Yes".to_string(),
                                    };
                                    let (e, r) = (d.clone(), d.clone());
                                    view! {
                                        <tr data-test="domain-row">
                                            <td data-label="Host">
                                                {if openable(&url) {
                                                    view! { <a href=url.clone() target="_blank" rel="noopener noreferrer" data-test="domain-link">{url.clone()}</a> }.into_any()
                                                } else {
                                                    view! { <span>{url.clone()}</span> }.into_any()
                                                }}
                                            </td>
                                            {(kind == ServiceKind::Compose).then(|| view! { <td data-label="Service">{d.service_name.clone().unwrap_or_default()}</td> })}
                                            <td data-label="Port">{d.port.map(|p| p.to_string()).unwrap_or_else(|| "–".into())}</td>
                                            <td data-label="HTTPS">{cert}</td>
                                            <td class="actions">
                                                <button class="btn btn--small" data-test="edit-domain" on:click=move |_| dialog.set(Some(ItemDialog::Edit(e.clone())))>"Edit"</button>
                                                " "
                                                <button class="btn btn--small btn--danger" data-test="remove-domain" on:click=move |_| dialog.set(Some(ItemDialog::Remove(r.clone())))>"Remove"</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
        {move || dialog.get().map(|d| match d {
            ItemDialog::Add => view! { <DomainDialog client=client kind=kind service_id=id_s.get_value() existing=None on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
            ItemDialog::Edit(dom) => view! { <DomainDialog client=client kind=kind service_id=id_s.get_value() existing=Some(dom) on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
            ItemDialog::Remove(dom) => view! { <RemoveDomain client=client domain=dom on_close=Callback::new(move |_| dialog.set(None)) on_done=done /> }.into_any(),
        })}
    }
}

/// Adds a domain, or edits `existing`.
#[component]
fn DomainDialog(
    client: Memo<Option<Client>>,
    kind: ServiceKind,
    service_id: String,
    existing: Option<Domain>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let editing = existing.clone();
    let form = RwSignal::new(match &existing {
        Some(d) => DomainForm::from_domain(d),
        None => DomainForm::new(if kind == ServiceKind::Compose {
            80
        } else {
            3000
        }),
    });
    let local = RwSignal::new(BTreeMap::<&'static str, String>::new());
    let save = use_write(
        client,
        move |c: Client, (f, sid, did): (DomainForm, String, Option<String>)| async move {
            match did {
                Some(did) => c.domain_update(&f.update(kind, &did)).await,
                None => c.domain_create(&f.create(kind, &sid)).await.map(|_| ()),
            }
        },
    );
    let pending = save.pending();
    on_success(save, on_done);
    // Compose: the services named in the file.
    let services = RwSignal::new(None::<Vec<String>>);
    if kind == ServiceKind::Compose {
        let sid = service_id.clone();
        let res = use_fetch(move || {
            let c = client.get();
            let sid = sid.clone();
            async move {
                match c {
                    Some(c) => c.compose_load_services(&sid).await,
                    None => Err(no_key()),
                }
            }
        });
        effect(move || {
            if let Some(r) = res.get() {
                let list = r.unwrap_or_default();
                if form.with_untracked(|f| f.service_name.is_empty()) {
                    if let Some(first) = list.first() {
                        let first = first.clone();
                        form.update(|f| f.service_name = first);
                    }
                }
                services.set(Some(list));
            }
        });
    }
    let host_input = NodeRef::<leptos::html::Input>::new();
    effect(move || {
        if let Some(el) = host_input.get() {
            let _ = el.focus();
        }
    });
    let sid = StoredValue::new(service_id);
    let did = StoredValue::new(editing.as_ref().map(|d| d.domain_id.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let problems = f.validate(kind);
        let ok = problems.is_empty();
        local.set(problems);
        if ok {
            run_once(save, (f, sid.get_value(), did.get_value()));
        }
    };
    let err = move |field: &'static str| {
        local
            .with(|l| l.get(field).cloned())
            .or_else(|| failure(save).and_then(|e| e.field_error(field)))
    };
    let other = move || {
        failure(save).filter(|e| {
            ["host", "path", "port", "serviceName"]
                .iter()
                .all(|f| e.field_error(f).is_none())
        })
    };
    let title = match &existing {
        Some(d) => format!("Edit {}", d.host),
        None => "Add domain".to_string(),
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <form class="dialog" role="dialog" aria-modal="true" novalidate=true on:click=|ev| ev.stop_propagation() on:submit=submit data-test="domain-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
                <h2>{title}</h2>
                <div class="field">
                    <label for="domain-host">"Host"</label>
                    <input id="domain-host" class="input" data-test="field-host" node_ref=host_input placeholder="app.example.com" autocomplete="off" spellcheck="false"
                        aria-invalid=move || err("host").is_some().to_string()
                        prop:value=move || form.with(|f| f.host.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.host = v); } />
                    <span class="field__hint">"Point the name's DNS record at your Dokploy server first."</span>
                    {move || err("host").map(|e| view! { <span class="field__error" data-test="error-host">{e}</span> })}
                </div>
                {(kind == ServiceKind::Compose).then(|| view! {
                    <div class="field">
                        <label for="domain-service">"Service"</label>
                        {move || match services.get() {
                            Some(list) if !list.is_empty() => view! {
                                <select id="domain-service" class="input" data-test="field-serviceName" on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.service_name = v); }>
                                    {list.into_iter().map(|s| {
                                        let sel = form.with_untracked(|f| f.service_name == s);
                                        view! { <option value=s.clone() selected=sel>{s.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            }.into_any(),
                            _ => view! {
                                <input id="domain-service" class="input" data-test="field-serviceName" placeholder="web"
                                    prop:value=move || form.with(|f| f.service_name.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.service_name = v); } />
                            }.into_any(),
                        }}
                        {move || err("serviceName").map(|e| view! { <span class="field__error">{e}</span> })}
                    </div>
                })}
                <div class="grid-2">
                    <div class="field">
                        <label for="domain-path">"Path"</label>
                        <input id="domain-path" class="input" data-test="field-path" placeholder="/" aria-invalid=move || err("path").is_some().to_string()
                            prop:value=move || form.with(|f| f.path.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.path = v); } />
                        {move || err("path").map(|e| view! { <span class="field__error">{e}</span> })}
                    </div>
                    <div class="field">
                        <label for="domain-port">"Container port"</label>
                        <input id="domain-port" class="input" inputmode="numeric" data-test="field-port" aria-invalid=move || err("port").is_some().to_string()
                            prop:value=move || form.with(|f| f.port.clone()) on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.port = v); } />
                        {move || err("port").map(|e| view! { <span class="field__error">{e}</span> })}
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" data-test="field-https" prop:checked=move || form.with(|f| f.https)
                        on:change=move |ev| { let v = event_target_checked(&ev); form.update(|f| f.https = v); } />
                    "HTTPS"
                </label>
                {move || form.with(|f| f.https).then(|| view! {
                    <div class="field u-mt-8">
                        <label for="domain-cert">"Certificate"</label>
                        <select id="domain-cert" class="input" on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.certificate = v); }>
                            <option value="letsencrypt" selected=move || form.with(|f| f.certificate == "letsencrypt")>"Let's Encrypt"</option>
                            <option value="none" selected=move || form.with(|f| f.certificate == "none")>"None (bring your own, e.g. Cloudflare)"</option>
                            {move || form.with(|f| f.certificate == "custom").then(|| view! { <option value="custom" selected=true>"Custom resolver (set in Dokploy)"</option> })}
                        </select>
                    </div>
                })}
                {move || other().map(|e| view! { <ErrorView error=e /> })}
                <div class="dialog__actions">
                    <button data-free type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="btn btn--primary" data-test="save-domain" disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()>{if editing.is_some() { "Save" } else { "Add domain" }}</button>
                </div>
            </form>
        </div>
    }
}

/// Removing a domain, confirmed by its host name.
#[component]
fn RemoveDomain(
    client: Memo<Option<Client>>,
    domain: Domain,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let remove = use_write(client, |c: Client, id: String| async move {
        c.domain_delete(&id).await
    });
    let pending = remove.pending();
    on_success(remove, on_done);
    let id = domain.domain_id.clone();
    let host = domain.host.clone();
    view! {
        <ConfirmDialog
            title=format!("Remove {host}?")
            message=format!("{host} stops routing to this service. The DNS record itself is not changed.")
            confirm_label="Remove domain"
            pending=Signal::from(pending)
            on_confirm=Callback::new(move |_| run_once(remove, id.clone()))
            on_cancel=on_close />
        <ErrorToast error=Signal::derive(move || failure(remove)) />
    }
}

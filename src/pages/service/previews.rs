//! The Previews tab of an application: the preview deployments Dokploy builds for pull requests
//! (`previewDeployment.all`, refreshed every 5 s while one builds, else every 30 s), each with
//! its pull request, domain, status and deployments (the log opens in the page, `?deployment=`);
//! redeploy (v0.27+) and delete; and the preview settings, saved on the application.

use std::time::Duration;

use leptos::prelude::*;

use crate::pages::live::effect;
use serde_json::Value;

use super::deployments::DeploymentsTab;
use super::use_open_deployment;
use crate::api::{ApiError, Client};
use crate::components::field::{check_field, text_field, Errors};
use crate::components::{ConfirmDialog, ErrorToast, ErrorView};
use crate::model::{Application, PreviewDeployment, ServiceKind, ServiceStatus};
use crate::pages::live::{failure, now_ms, on_success, run_once, use_live, use_write, Act, Live};
use crate::service_view::preview::{preview_title, pull_request_link, PreviewForm};
use crate::service_view::status_word;
use crate::service_view::time::ago_of;
use crate::state::era::use_version;

/// What the tab's one write sends.
#[derive(Clone)]
enum Change {
    Settings(Value),
    Redeploy(String),
    Delete(String),
}

#[component]
pub(crate) fn PreviewsTab(
    inst: String,
    client: Memo<Option<Client>>,
    id: String,
    app: Live<Application>,
) -> impl IntoView {
    let building = RwSignal::new(false);
    let aid = id.clone();
    let list = use_live(
        client,
        Duration::from_secs(5),
        6,
        building.into(),
        move |c: Client| {
            let id = aid.clone();
            async move { c.previews(&id).await }
        },
    );
    effect(move || {
        let b = list.data.with(|l| {
            l.iter().flatten().any(|p| {
                matches!(p.preview_status, Some(ServiceStatus::Running))
                    || p.deployments
                        .iter()
                        .any(|d| crate::service_view::deployment_active(d.status.as_ref()))
            })
        });
        if building.get_untracked() != b {
            building.set(b);
        }
    });
    let app_id = StoredValue::new(id.clone());
    let save = use_write(client, move |c: Client, change: Change| async move {
        match change {
            Change::Settings(v) => {
                c.service_set(ServiceKind::Application, &app_id.get_value(), v)
                    .await
            }
            Change::Redeploy(p) => c.preview_redeploy(&p).await,
            Change::Delete(p) => c.preview_delete(&p).await,
        }
    });
    let deleting = RwSignal::new(None::<PreviewDeployment>);
    // What was sent last: its failure shows where it was asked for.
    let last = RwSignal::new("");
    let send = move |what: &'static str, change: Change| {
        last.set(what);
        run_once(save, change);
    };
    on_success(
        save,
        Callback::new(move |_| {
            deleting.set(None);
            list.refresh();
            app.refresh();
        }),
    );
    let version = use_version(client);
    let redeploy = move || version.get().is_some_and(|v| v.has_preview_redeploy());
    // The preview whose deployments are shown: the one clicked, else the one holding the
    // deployment opened in the URL.
    let open = use_open_deployment();
    let shown = RwSignal::new(None::<String>);
    let expanded = Memo::new(move |_| {
        shown.get().or_else(|| {
            let did = open.get()?;
            list.data.with(|l| {
                l.iter()
                    .flatten()
                    .find(|p| p.deployments.iter().any(|d| d.deployment_id == did))
                    .map(|p| p.preview_deployment_id.clone())
            })
        })
    });
    let inst = StoredValue::new(inst);
    let row = move |p: PreviewDeployment| {
        let pid = p.preview_deployment_id.clone();
        let word = status_word(p.preview_status.as_ref());
        let count = p.deployments.len();
        let is_open = {
            let pid = pid.clone();
            Memo::new(move |_| expanded.get().as_deref() == Some(pid.as_str()))
        };
        let deployments = {
            let pid = pid.clone();
            Signal::derive(move || {
                list.data.with(|l| {
                    l.iter()
                        .flatten()
                        .find(|p| p.preview_deployment_id == pid)
                        .map(|p| p.deployments.clone())
                })
            })
        };
        let (toggle, again, gone) = (pid.clone(), pid.clone(), p.clone());
        view! {
            <div class="preview" data-test="preview">
                <div class="advanced-row">
                    <div class="advanced-row__text">
                        <span class=format!("badge badge--{word}")>{p.preview_status.as_ref().map(|s| s.to_string()).unwrap_or_else(|| "unknown".into())}</span>" "
                        <strong data-test="preview-title">{preview_title(&p)}</strong>
                        <div class="small muted">
                            "Branch "<code>{p.branch.clone()}</code>
                            {p.created_at.clone().map(|t| format!(" · created {}", ago_of(now_ms(), &t)))}
                            {pull_request_link(&p).map(|u| view! { " · "<a href=u.to_string() target="_blank" rel="noopener noreferrer">"Pull request ↗"</a> })}
                        </div>
                        {p.domain.as_ref().map(|d| {
                            let url = d.url();
                            view! { <div class="small"><a href=url.clone() target="_blank" rel="noopener noreferrer" data-test="preview-domain">{url.clone()}</a></div> }
                        })}
                    </div>
                    <div class="row row--nowrap">
                        <button class="btn btn--small" data-test="preview-deployments" aria-expanded=move || is_open.get().to_string()
                            on:click=move |_| shown.set(if is_open.get_untracked() { Some(String::new()) } else { Some(toggle.clone()) })>
                            {format!("Deployments ({count})")}
                        </button>
                        {move || redeploy().then(|| {
                            let again = again.clone();
                            view! {
                                <button class="btn btn--small" data-test="preview-redeploy" disabled=move || save.pending().get()
                                    on:click=move |_| send("redeploy", Change::Redeploy(again.clone()))>"Redeploy"</button>
                            }
                        })}
                        <button class="btn btn--small btn--danger" data-test="preview-delete" on:click=move |_| deleting.set(Some(gone.clone()))>"Delete"</button>
                    </div>
                </div>
                {move || is_open.get().then(|| view! {
                    <DeploymentsTab inst=inst.get_value() client=client kind=ServiceKind::Application id=app_id.get_value()
                        deployments=deployments tab="previews" />
                })}
            </div>
        }
    };
    view! {
        <section class="card" data-test="previews">
            <h2 class="card__heading">"Preview deployments"</h2>
            <p class="small muted">"For each pull request on GitHub, Dokploy builds its branch as a separate application at its own address under the wildcard domain, and removes it when the pull request closes."</p>
            {list.error_view()}
            {move || match list.data.get() {
                None => view! { <p class="small muted">"Loading previews…"</p> }.into_any(),
                Some(l) if l.is_empty() => view! {
                    <p class="empty" data-test="no-previews">{if app.data.with(|a| a.as_ref().and_then(|a| a.is_preview_deployments_active).unwrap_or(false)) {
                        "No previews yet: the next pull request opened on the repository gets one."
                    } else {
                        "Previews are off. Turn them on below; then every pull request on the repository gets its own deployment."
                    }}</p>
                }.into_any(),
                Some(l) => l.into_iter().map(row).collect_view().into_any(),
            }}
        </section>
        {app.data.with_untracked(|a| a.as_ref().map(PreviewForm::of)).map(|f| settings(save, f, last))}
        <ErrorToast error=Signal::derive(move || failure(save).filter(|_| last.get() == "redeploy")) />
        {move || deleting.get().map(|p| {
            let pid = p.preview_deployment_id.clone();
            view! {
                <ConfirmDialog title=format!("Delete the preview of {}?", preview_title(&p))
                    message="Dokploy removes its containers, its domain and its deployments. The pull request stays; a new push to it builds a new preview."
                    confirm_label="Delete preview" type_to_confirm=p.branch.clone()
                    pending=Signal::from(save.pending())
                    on_confirm=Callback::new(move |_| send("delete", Change::Delete(pid.clone())))
                    on_cancel=Callback::new(move |_| deleting.set(None)) />
                <ErrorToast error=Signal::derive(move || failure(save)) />
            }
        })}
    }
}

/// The preview settings as the application holds them; checked before sending.
fn settings(
    save: Act<Change, Result<(), ApiError>>,
    start: PreviewForm,
    last: RwSignal<&'static str>,
) -> AnyView {
    let form = RwSignal::new(start);
    let sent = Signal::derive(move || last.get() == "settings");
    let errors = Errors::new(Signal::derive(move || failure(save).filter(|_| sent.get())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.with_untracked(PreviewForm::input) {
            Ok(v) => {
                errors.local.set(Vec::new());
                last.set("settings");
                run_once(save, Change::Settings(v));
            }
            Err(e) => errors.local.set(e),
        }
    };
    let done = move || {
        sent.get() && !save.pending().get() && save.value().with(|v| matches!(v, Some(Ok(()))))
    };
    view! {
        <form class="card" data-test="preview-settings" novalidate=true on:submit=submit>
            <h2 class="card__heading">"Preview settings"</h2>
            {check_field("preview-active", "Build a preview for every pull request", move || form.with(|f| f.active), move |v| form.update(|f| f.active = v))}
            <div class="grid-2">
                {text_field("preview-wildcard", "previewWildcard", "Wildcard domain", "*.preview.example.com", Some("Its DNS must send every name to the server (a wildcard record)."), errors,
                    move || form.with(|f| f.wildcard.clone()), move |v| form.update(|f| f.wildcard = v))}
                {text_field("preview-port", "previewPort", "Port", "3000", Some("Where the application listens in its container."), errors,
                    move || form.with(|f| f.port.clone()), move |v| form.update(|f| f.port = v))}
                {text_field("preview-limit", "previewLimit", "At most, at once", "3", None, errors,
                    move || form.with(|f| f.limit.clone()), move |v| form.update(|f| f.limit = v))}
                {text_field("preview-path", "previewPath", "Path", "/", None, errors,
                    move || form.with(|f| f.path.clone()), move |v| form.update(|f| f.path = v))}
            </div>
            {check_field("preview-https", "HTTPS with a Let's Encrypt certificate per preview", move || form.with(|f| f.https), move |v| form.update(|f| f.https = v))}
            {move || errors.other(&["previewWildcard", "previewPort", "previewLimit", "previewPath"]).map(|e| view! { <ErrorView error=e /> })}
            <div class="row u-mt-8">
                <button type="submit" class="btn btn--primary" data-test="save-preview-settings" disabled=move || save.pending().get()
                    aria-busy=move || save.pending().get().to_string()>"Save"</button>
                {move || done().then(|| view! { <span class="small ok-text" role="status" data-test="preview-settings-saved">"Saved."</span> })}
            </div>
        </form>
    }
    .into_any()
}

//! The connection doctor: probes an instance and says, check by check, what works and what
//! to do about what does not (see `crate::doctor` for the reasoning).

use leptos::prelude::*;

use crate::api::{AuthMode, Client};
use crate::components::{CopyButton, Loading};
use crate::doctor::{self, Finding, Level, Report, Target};
use crate::routes::Route;
use crate::state::session::use_session;

fn page_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Runs the doctor on `address`, with `client` for the calls that need the key (none: the
/// key is not checked), and shows the report. Nothing is saved; the key goes only to `address`.
#[component]
pub fn DoctorReport(
    #[prop(into)] address: String,
    client: Option<Client>,
    /// Try Bearer when x-api-key is refused.
    detect_auth: bool,
) -> impl IntoView {
    let runs = RwSignal::new(0u32);
    let target = Target {
        page_url: page_href(),
        address: address.clone(),
        has_key: client.as_ref().is_some_and(Client::has_key),
        auth: client.as_ref().map_or(AuthMode::ApiKey, Client::auth),
        detect_auth,
    };
    let report = LocalResource::new(move || {
        runs.track();
        let target = target.clone();
        let client = client.clone();
        async move {
            let probes = doctor::probe::run(&target, client.as_ref()).await;
            doctor::diagnose(&target, &probes)
        }
    });
    let running = move || report.get().is_none();
    view! {
        <section class="doctor" data-test="doctor" aria-live="polite">
            <div class="row row--between doctor__head">
                <h2>"Connection doctor"</h2>
                <button class="btn btn--small" data-test="doctor-rerun" disabled=running
                    aria-busy=move || running().to_string()
                    on:click=move |_| { if report.get_untracked().is_some() { runs.update(|n| *n += 1) } }>
                    "Check again"
                </button>
            </div>
            <Transition fallback=|| view! { <Loading what="Checking the connection" /> }>
                {move || report.get().map(|r| view! { <ReportView report=r /> })}
            </Transition>
        </section>
    }
}

/// The findings, failures first in the summary line, then each check in order.
#[component]
fn ReportView(report: Report) -> impl IntoView {
    let failures = report
        .findings
        .iter()
        .filter(|f| f.level == Level::Fail)
        .count();
    let summary = if report.ok() {
        match &report.version {
            Some(v) => {
                format!("Everything checked works: Skiff can use this instance (Dokploy {v}).")
            }
            None => "Nothing is wrong with the connection.".to_string(),
        }
    } else if failures == 1 {
        "One problem stops Skiff from connecting:".to_string()
    } else {
        format!("{failures} problems stop Skiff from connecting:")
    };
    let class = if report.ok() {
        "alert alert--ok"
    } else {
        "alert alert--error"
    };
    view! {
        <div class=class data-test="doctor-summary">{summary}</div>
        <ol class="findings">
            {report.findings.into_iter().map(|f| view! { <FindingView finding=f /> }).collect_view()}
        </ol>
    }
}

#[component]
fn FindingView(finding: Finding) -> impl IntoView {
    let Finding {
        check,
        level,
        title,
        advice,
        fix,
    } = finding;
    let class = format!("finding finding--{}", level.slug());
    view! {
        <li class=class data-test=format!("finding-{}", check.slug()) data-level=level.slug()>
            <div class="finding__head">
                <span class=format!("finding__mark finding__mark--{}", level.slug()) aria-hidden="true"></span>
                <span class="finding__check">{check.label()}</span>
                <span class="sr-only">{format!(" ({})", level.label())}</span>
            </div>
            <div class="finding__title">{title}</div>
            {(!advice.is_empty()).then(|| view! { <p class="finding__advice">{advice}</p> })}
            {fix.map(|fix| {
                let text = fix.text.clone();
                view! {
                    <div class="fix" data-test="traefik-fix">
                        <h3>"Fix it in Dokploy's Traefik"</h3>
                        <ol class="fix__steps">
                            {fix.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                        </ol>
                        <div class="fix__code">
                            <div class="row row--between fix__bar">
                                <span class="small muted">"dynamic/dokploy.yml"</span>
                                <CopyButton value=text.clone() label="Copy configuration" />
                            </div>
                            <pre data-test="traefik-config">{text}</pre>
                        </div>
                        <p class="small">{fix.alternative}</p>
                    </div>
                }
            })}
        </li>
    }
}

/// `#/i/{inst}/doctor`: the doctor on a saved instance, with its saved key.
#[component]
pub fn DoctorPage(inst: String) -> impl IntoView {
    let session = use_session();
    let saved = session.instance(&inst);
    let client: Option<Client> = session.client(&inst);
    view! {
        <div class="page-head">
            <div class="page-head__title">
                <nav class="crumbs" aria-label="Breadcrumb" data-test="crumbs">
                    <a href=Route::projects(&inst).href()>{saved.as_ref().map(|i| i.name.clone()).unwrap_or_else(|| inst.clone())}</a>
                    " › Connection doctor"
                </nav>
                <h1>"Connection doctor"</h1>
                <div class="muted small">{saved.as_ref().map(|i| i.url.clone())}</div>
            </div>
        </div>
        {match saved {
            None => view! { <p>"This instance is not saved in this browser."</p> }.into_any(),
            Some(i) => view! {
                <div class="card doctor-card">
                    <DoctorReport address=i.url.clone() client=client detect_auth=false />
                </div>
            }.into_any(),
        }}
    }
}

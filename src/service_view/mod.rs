//! The project and service views as plain data: env text and secret names, connection strings,
//! create forms, timestamps, deployments and quick actions. Host-tested; no Leptos here.

pub mod activity;
pub mod advanced;
pub mod backups;
pub mod bulk;
pub mod connection;
pub mod create;
pub mod domain;
pub mod env;
pub mod monitoring;
pub mod preview;
pub mod settings;
pub mod swarm;
pub mod time;

use std::sync::Arc;

use crate::model::{
    Deployment, DeploymentStatus, Project, ServiceKind, ServiceStatus, ServiceSummary,
};
use crate::overview::lower;
use crate::routes::ServiceQuery;

/// One control action on a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Deploy,
    Redeploy,
    Start,
    Stop,
    Reload,
}

impl Op {
    pub fn label(self) -> &'static str {
        match self {
            Op::Deploy => "Deploy",
            Op::Redeploy => "Redeploy",
            Op::Start => "Start",
            Op::Stop => "Stop",
            Op::Reload => "Reload",
        }
    }

    /// The button's `data-test`.
    pub fn test(self) -> &'static str {
        match self {
            Op::Deploy => "action-deploy",
            Op::Redeploy => "action-redeploy",
            Op::Start => "action-start",
            Op::Stop => "action-stop",
            Op::Reload => "action-reload",
        }
    }

    /// What the user sees after the request succeeded (a deploy's note then follows the
    /// deployment: [`deploy_note`]).
    pub fn done(self) -> &'static str {
        match self {
            Op::Deploy | Op::Redeploy => DeployNote::Queued.text(),
            Op::Start => "Start requested.",
            Op::Stop => "Stopped.",
            Op::Reload => "Reload requested.",
        }
    }

    /// True for the actions that start a deployment.
    pub fn deploys(self) -> bool {
        matches!(self, Op::Deploy | Op::Redeploy)
    }

    /// The actions a kind has in Dokploy.
    pub fn for_kind(kind: ServiceKind) -> &'static [Op] {
        match kind {
            ServiceKind::Application => {
                &[Op::Deploy, Op::Redeploy, Op::Reload, Op::Start, Op::Stop]
            }
            ServiceKind::Compose => &[Op::Deploy, Op::Redeploy, Op::Start, Op::Stop],
            _ => &[Op::Deploy, Op::Reload, Op::Start, Op::Stop],
        }
    }
}

/// The control actions a service offers in its state, in the order they are shown. The
/// service header and the project rows both ask here; a row (`compact`) keeps only Deploy,
/// Start and Stop of them.
///
/// Deploy always; Redeploy once something was deployed (running or failed); Reload while it
/// runs; Start when it does not run (idle, failed); Stop while it runs or deploys, and when it
/// failed (a container may be restarting in a loop). A status Skiff does not know offers
/// everything the kind has.
pub fn ops_for(kind: ServiceKind, status: Option<&ServiceStatus>, compact: bool) -> Vec<Op> {
    let known = matches!(
        status,
        Some(
            ServiceStatus::Done
                | ServiceStatus::Running
                | ServiceStatus::Error
                | ServiceStatus::Idle
        )
    );
    let allowed = |op: Op| {
        if !known {
            return true;
        }
        match op {
            Op::Deploy => true,
            Op::Redeploy => matches!(status, Some(ServiceStatus::Done | ServiceStatus::Error)),
            Op::Reload => matches!(status, Some(ServiceStatus::Done)),
            Op::Start => matches!(status, Some(ServiceStatus::Idle | ServiceStatus::Error)),
            Op::Stop => matches!(
                status,
                Some(ServiceStatus::Done | ServiceStatus::Running | ServiceStatus::Error)
            ),
        }
    };
    Op::for_kind(kind)
        .iter()
        .copied()
        .filter(|op| !compact || matches!(op, Op::Deploy | Op::Start | Op::Stop))
        .filter(|op| allowed(*op))
        .collect()
}

/// Where a deployment Skiff queued has got to, as the note under the actions says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeployNote {
    Queued,
    Deploying,
    Deployed,
    Failed,
    Cancelled,
}

impl DeployNote {
    pub fn text(self) -> &'static str {
        match self {
            DeployNote::Queued => "Deployment queued.",
            DeployNote::Deploying => "Deploying…",
            DeployNote::Deployed => "Deployed.",
            DeployNote::Failed => "The deployment failed. Its log is under Deployments.",
            DeployNote::Cancelled => "The deployment was cancelled.",
        }
    }

    /// The CSS status word (`badge--*`, `note--*`).
    pub fn word(self) -> &'static str {
        match self {
            DeployNote::Queued => "queued",
            DeployNote::Deploying => "deploying",
            DeployNote::Deployed => "done",
            DeployNote::Failed => "error",
            DeployNote::Cancelled => "idle",
        }
    }

    /// Still on its way: the page keeps refreshing quickly.
    pub fn pending(self) -> bool {
        matches!(self, DeployNote::Queued | DeployNote::Deploying)
    }
}

/// The note for a deployment queued when the newest deployment was `before`: it follows the
/// first deployment newer than that (`latest`, the newest now, with its status); for a service
/// whose answer lists no deployments, the service's status (`seen_running`: it was seen
/// deploying since the click).
pub fn deploy_note(
    before: Option<&str>,
    latest: Option<(&str, Option<&DeploymentStatus>)>,
    status: Option<&ServiceStatus>,
    seen_running: bool,
) -> DeployNote {
    if let Some((_, st)) = latest.filter(|(id, _)| Some(*id) != before) {
        return match st {
            Some(DeploymentStatus::Done) => DeployNote::Deployed,
            Some(DeploymentStatus::Error) => DeployNote::Failed,
            Some(DeploymentStatus::Cancelled) => DeployNote::Cancelled,
            Some(DeploymentStatus::Running) => DeployNote::Deploying,
            _ => DeployNote::Queued,
        };
    }
    match status {
        Some(ServiceStatus::Running) => DeployNote::Deploying,
        Some(ServiceStatus::Done) if seen_running => DeployNote::Deployed,
        Some(ServiceStatus::Error) if seen_running => DeployNote::Failed,
        _ => DeployNote::Queued,
    }
}

/// The newest deployment of a list (id and status), for [`deploy_note`].
pub fn newest_deployment(list: &[Deployment]) -> Option<(String, Option<DeploymentStatus>)> {
    list.iter()
        .max_by(|a, b| a.created_at.cmp(&b.created_at))
        .map(|d| (d.deployment_id.clone(), d.status.clone()))
}

/// Services in the order the project view lists them: applications, compose, databases;
/// by name within a kind.
pub fn sorted_services(mut services: Vec<ServiceSummary>) -> Vec<ServiceSummary> {
    crate::order::sort_by(&mut services, |a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| lower(a.display_name()).cmp(&lower(b.display_name())))
    });
    services
}

/// Each application's and compose service's domains as URLs (`Domain::url`), by service id,
/// ordered by id: what the project page asked `domain.byApplicationId` / `byComposeId` so far.
pub type Domains = [(String, Vec<String>)];

/// The domains of service `id` among `domains` (empty when not known yet or none).
pub fn domains_of<'a>(domains: &'a Domains, id: &str) -> &'a [String] {
    domains
        .binary_search_by(|(s, _)| s.as_str().cmp(id))
        .map_or(&[], |i| &domains[i].1)
}

/// The services a project page lists under `query`: of its kind, holding every word of its text
/// in their name, app name, description or domains (case-insensitive), in its order. `services`
/// comes in [`sorted_services`]' order, the default one.
pub fn listed(
    services: &[ServiceSummary],
    query: &ServiceQuery,
    last: &[Arc<activity::Run>],
    domains: &Domains,
) -> Vec<ServiceSummary> {
    let words = crate::overview::words(&query.q);
    let mut out: Vec<ServiceSummary> = services
        .iter()
        .filter(|s| {
            (query.kind.is_empty() || s.kind.router() == query.kind)
                && (query.server.is_empty()
                    || s.server.as_deref().unwrap_or(ServiceQuery::HOME) == query.server)
                && {
                    let hay = lower(&format!(
                        "{}\n{}\n{}\n{}",
                        s.display_name(),
                        s.app_name.as_deref().unwrap_or(""),
                        s.description.as_deref().unwrap_or(""),
                        domains_of(domains, &s.id).join("\n")
                    ));
                    words.iter().all(|w| hay.contains(w.as_str()))
                }
        })
        .cloned()
        .collect();
    let name = |s: &ServiceSummary| lower(s.display_name());
    match query.sort.as_str() {
        "name" => crate::order::sort_by(&mut out, |a, b| name(a).cmp(&name(b))),
        // What needs a look first: failed, deploying, running, stopped.
        "status" => {
            let rank = |s: &ServiceSummary| match s.status {
                Some(ServiceStatus::Error) => 0,
                Some(ServiceStatus::Running) => 1,
                Some(ServiceStatus::Done) => 2,
                Some(ServiceStatus::Idle) => 3,
                _ => 4,
            };
            crate::order::sort_by(&mut out, |a, b| {
                rank(a).cmp(&rank(b)).then_with(|| name(a).cmp(&name(b)))
            })
        }
        // ISO times compare in time order; a service without one goes last.
        "newest" => crate::order::sort_by(&mut out, |a, b| b.created_at.cmp(&a.created_at)),
        // The last deployment's start, newest first; never deployed last.
        "deployed" => {
            let at = |s: &ServiceSummary| last_run(last, &s.id).and_then(activity::Run::started);
            crate::order::sort_by(&mut out, |a, b| at(b).cmp(&at(a)))
        }
        _ => {}
    }
    out
}

/// How many of `services` each kind has, for the kinds they have, in [`ServiceKind::ALL`]'s order.
pub fn kind_counts(services: &[ServiceSummary]) -> Vec<(ServiceKind, usize)> {
    ServiceKind::ALL
        .into_iter()
        .map(|k| (k, services.iter().filter(|s| s.kind == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The newest run of service `id` among `last` ([`activity::newest_each`], ordered by id).
pub fn last_run<'a>(last: &'a [Arc<activity::Run>], id: &str) -> Option<&'a activity::Run> {
    let i = last
        .binary_search_by(|r| r.service_id.as_str().cmp(id))
        .ok()?;
    Some(&last[i])
}

/// The project page's rows as markup (src/html.rs), drawn as one `innerHTML` with one
/// listener for the whole list: a keystroke that narrows 500 services to 20 rewrites text
/// instead of dropping 480 components (scripts/bench, step `project`). Each row has its
/// description, its last deployment (from `last`, as of `now`), its first domain (of `domains`)
/// as a link, and the compact actions its status allows (`ops_for`), disabled while `busy`
/// holds an action of its own.
pub fn rows_html(
    rows: &[ServiceSummary],
    inst: &str,
    busy: &[(String, Op)],
    chosen: &[String],
    (last, now): (&[Arc<activity::Run>], i64),
    domains: &Domains,
) -> String {
    let mut h = crate::html::Html::with_capacity(rows.len() * 900);
    for s in rows {
        let mine = busy.iter().find(|(id, _)| *id == s.id).map(|(_, op)| *op);
        let note = s.description.as_deref().filter(|d| !d.is_empty());
        let deployed = last_run(last, &s.id).map(|r| activity::last_deploy(r, now));
        let deployed = deployed.as_ref().map(|(w, t)| (*w, t.as_str()));
        service_row(
            &mut h,
            inst,
            s,
            chosen.contains(&s.id),
            note,
            deployed,
            domains_of(domains, &s.id).first().map(String::as_str),
            Some(mine),
        );
    }
    h.finish()
}

/// One service of a list, as markup (the project page's rows, the services page's): its
/// checkbox (`data-id` on it and on the row, for the list's one listener), link, kind, status
/// and `note` (its description, or where it lives), its last deployment `deployed` (state word,
/// text), its `domain` (a link where [`domain::openable`], else text); with `actions`, the
/// compact actions its status allows, all disabled while the action given is on its way.
#[allow(clippy::too_many_arguments)]
pub fn service_row(
    h: &mut crate::html::Html,
    inst: &str,
    s: &ServiceSummary,
    chosen: bool,
    note: Option<&str>,
    deployed: Option<(&str, &str)>,
    domain: Option<&str>,
    actions: Option<Option<Op>>,
) {
    let name = s.display_name();
    let word = status_word(s.status.as_ref());
    h.raw("<div class=\"service-row\" data-test=\"service-row\" data-kind=\"")
        .raw(s.kind.router())
        .raw("\" data-status=\"")
        .raw(word)
        .raw("\" data-name=\"")
        .text(name)
        .raw("\" data-id=\"")
        .text(&s.id)
        .raw("\"><input type=\"checkbox\" class=\"service-row__check\" data-test=\"choose-service\" data-id=\"")
        .text(&s.id)
        .raw("\" aria-label=\"Choose ")
        .text(name)
        .raw("\"");
    if chosen {
        h.raw(" checked");
    }
    h.raw("><div class=\"service-row__name\"><a class=\"service-row__link\" href=\"")
        .text(&crate::routes::Route::service(inst, s.kind.router(), &s.id, "").href())
        .raw("\">")
        .text(name)
        .raw("</a><div class=\"service-row__meta\"><span class=\"badge badge--kind\">");
    crate::overview::kind_icon(h, s.kind, false);
    h.raw(s.kind.label())
        .raw("</span> <span class=\"badge badge--")
        .raw(word)
        .raw("\" data-test=\"service-status\">")
        .text(s.status.as_ref().map_or("Unknown", ServiceStatus::label))
        .raw("</span>");
    if let Some(server) = &s.server {
        h.raw(" <span class=\"badge badge--server\" data-test=\"row-server\" title=\"Runs on the remote server ")
            .text(server)
            .raw("\">")
            .text(server)
            .raw("</span>");
    }
    if let Some((word, text)) = deployed {
        h.raw(" <span class=\"small last-deploy last-deploy--")
            .text(word)
            .raw("\" data-test=\"last-deploy\">")
            .text(text)
            .raw("</span>");
    }
    if let Some(url) = domain {
        let shown = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .unwrap_or(url);
        if domain::openable(url) {
            h.raw(" <a class=\"small service-row__domain\" data-test=\"row-domain\" target=\"_blank\" rel=\"noopener noreferrer\" href=\"")
                .text(url)
                .raw("\">")
                .text(shown)
                .raw("</a>");
        } else {
            h.raw(" <span class=\"small service-row__domain\" data-test=\"row-domain\">")
                .text(shown)
                .raw("</span>");
        }
    }
    if let Some(d) = note {
        h.raw(" <span class=\"small muted service-row__desc\">")
            .text(d)
            .raw("</span>");
    }
    h.raw("</div></div>");
    if let Some(busy) = actions {
        h.raw("<div class=\"service-row__actions\"><div class=\"service-actions\" data-test=\"service-actions\">");
        for op in ops_for(s.kind, s.status.as_ref(), true) {
            h.raw("<button class=\"btn btn--small")
                .raw(match op {
                    Op::Deploy => " btn--primary",
                    Op::Stop => " btn--danger",
                    _ => "",
                })
                .raw("\" data-test=\"")
                .raw(op.test())
                .raw("\"");
            if let Some(o) = busy {
                h.raw(" disabled");
                if o == op {
                    h.raw(" aria-busy=\"true\"");
                }
            }
            h.raw(">").raw(op.label()).raw("</button>");
        }
        h.raw("</div></div>");
    }
    h.raw("</div>");
}

/// Where `services` run, each place with its count: Dokploy's own server first
/// ([`ServiceQuery::HOME`]), then each remote server by name; empty when none runs on a remote
/// server (the page then offers no server filter).
pub fn server_counts(services: &[ServiceSummary]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for s in services {
        let place = s.server.as_deref().unwrap_or(ServiceQuery::HOME);
        match out.iter_mut().find(|(p, _)| p == place) {
            Some((_, n)) => *n += 1,
            None => out.push((place.to_string(), 1)),
        }
    }
    if out.iter().all(|(p, _)| p == ServiceQuery::HOME) {
        return Vec::new();
    }
    crate::order::sort_by(&mut out, |a, b| {
        (a.0 != ServiceQuery::HOME, &a.0).cmp(&(b.0 != ServiceQuery::HOME, &b.0))
    });
    out
}

/// True while any service deploys: views then refresh faster.
pub fn any_deploying(services: &[ServiceSummary]) -> bool {
    services
        .iter()
        .any(|s| matches!(s.status, Some(ServiceStatus::Running)))
}

/// The environment id to show: the one in the URL when the project has it, else the default.
pub fn chosen_environment(project: &Project, wanted: Option<&str>) -> Option<String> {
    wanted
        .and_then(|w| project.environment(w))
        .or_else(|| project.default_environment())
        .map(|e| e.environment_id)
}

/// Deployments newest first (by `createdAt`, ISO text compares in time order).
pub fn newest_first(mut list: Vec<Deployment>) -> Vec<Deployment> {
    crate::order::sort_by(&mut list, |a, b| b.created_at.cmp(&a.created_at));
    list
}

/// True while a deployment may still change (running, queued, or a state Skiff doesn't know).
pub fn deployment_active(status: Option<&DeploymentStatus>) -> bool {
    match status {
        Some(DeploymentStatus::Running) => true,
        Some(DeploymentStatus::Other(s)) => matches!(s.as_str(), "queued" | "pending"),
        _ => false,
    }
}

/// A service's last deployment in words: the CSS state word of its badge
/// ([`deployment_badge`]'s) and what happened, for "Deployed 5 min ago" (the project page's
/// rows, the overview's cards).
pub fn last_deploy_words(status: Option<&DeploymentStatus>) -> (&'static str, &'static str) {
    match status {
        Some(DeploymentStatus::Done) => ("done", "Deployed"),
        Some(DeploymentStatus::Error) => ("error", "Failed"),
        Some(DeploymentStatus::Running) => ("deploying", "Deploying, started"),
        Some(DeploymentStatus::Cancelled) => ("idle", "Cancelled"),
        Some(DeploymentStatus::Other(_)) => ("queued", "Last deployed"),
        None => ("idle", "Last deployed"),
    }
}

/// The CSS status word and label of a deployment status.
pub fn deployment_badge(status: Option<&DeploymentStatus>) -> (&'static str, String) {
    match status {
        Some(DeploymentStatus::Running) => ("deploying", "Running".into()),
        Some(DeploymentStatus::Done) => ("done", "Done".into()),
        Some(DeploymentStatus::Error) => ("error", "Failed".into()),
        Some(DeploymentStatus::Cancelled) => ("idle", "Cancelled".into()),
        // `queued`, `pending`: as the other labels, capitalised.
        Some(DeploymentStatus::Other(s)) => {
            let mut label = s.clone();
            if let Some(first) = label.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            ("queued", label)
        }
        None => ("idle", "Unknown".into()),
    }
}

/// How long a deployment took (or has been running, given `now`), in milliseconds.
pub fn deployment_duration(d: &Deployment, now_ms: i64) -> Option<i64> {
    let start = d
        .started_at
        .as_deref()
        .or(d.created_at.as_deref())
        .and_then(time::parse_iso)?;
    let end = match d.finished_at.as_deref().and_then(time::parse_iso) {
        Some(e) => e,
        None if deployment_active(d.status.as_ref()) => now_ms,
        None => return None,
    };
    Some(end - start)
}

/// The CSS status word of a service status (matching the overview's badges).
pub fn status_word(status: Option<&ServiceStatus>) -> &'static str {
    match status {
        Some(ServiceStatus::Done) => "done",
        Some(ServiceStatus::Running) => "deploying",
        Some(ServiceStatus::Error) => "error",
        Some(ServiceStatus::Idle) => "idle",
        _ => "unknown",
    }
}

/// The container name `compose.readLogs` expects for one service of a compose app.
pub fn compose_container(app_name: &str, compose_type: Option<&str>, service: &str) -> String {
    if compose_type == Some("stack") {
        format!("{app_name}_{service}")
    } else {
        format!("{app_name}-{service}-1")
    }
}

/// Whether the kind has a deployments history in Dokploy.
pub fn has_deployments(kind: ServiceKind) -> bool {
    matches!(kind, ServiceKind::Application | ServiceKind::Compose)
}

/// Where a service in environment `current` can be moved: every other environment of every
/// project, as (its id, "project › environment"), sorted; before v0.25 (projects without
/// environments) every other project, as (its id, its name).
pub fn move_targets(projects: &[Project], current: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = projects
        .iter()
        .flat_map(|p| {
            p.all_environments().into_iter().map(move |e| {
                let label = if p.is_legacy() {
                    p.name.clone()
                } else {
                    format!("{} › {}", p.name, e.name)
                };
                (e.environment_id, label)
            })
        })
        .filter(|(id, _)| id != current)
        .collect();
    // Each label lower-cased once: every label is non-ASCII (`›`), which `lower` hands to the
    // browser.
    crate::order::sort_by_key(&mut out, |t| lower(&t.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_targets_are_every_other_environment_or_project() {
        let modern: Vec<Project> = serde_json::from_value(serde_json::json!([
            {"projectId": "p1", "name": "shop", "environments": [
                {"environmentId": "e1", "name": "production"}, {"environmentId": "e2", "name": "staging"}]},
            {"projectId": "p2", "name": "Blog", "environments": [{"environmentId": "e3", "name": "production"}]}
        ]))
        .unwrap();
        assert_eq!(
            move_targets(&modern, "e1"),
            [
                ("e3".to_string(), "Blog › production".to_string()),
                ("e2".to_string(), "shop › staging".to_string())
            ]
        );
        let legacy: Vec<Project> = serde_json::from_value(serde_json::json!([
            {"projectId": "p1", "name": "shop"}, {"projectId": "p2", "name": "blog"}
        ]))
        .unwrap();
        assert_eq!(
            move_targets(&legacy, "p1"),
            [("p2".to_string(), "blog".to_string())]
        );
    }

    fn svc(kind: ServiceKind, name: &str, status: Option<ServiceStatus>) -> ServiceSummary {
        ServiceSummary {
            kind,
            id: name.into(),
            name: Some(name.into()),
            app_name: None,
            status,
            description: None,
            created_at: None,
            environment_id: None,
            server: None,
        }
    }

    #[test]
    fn a_service_is_found_by_its_domain_and_links_its_first_one() {
        let shop = svc(ServiceKind::Application, "shop", Some(ServiceStatus::Done));
        let api = svc(ServiceKind::Compose, "api", Some(ServiceStatus::Done));
        let cache = svc(ServiceKind::Redis, "cache", Some(ServiceStatus::Idle));
        let all = vec![api.clone(), cache, shop.clone()];
        let mut domains = vec![
            (
                shop.id.clone(),
                vec![
                    "https://shop.example.com/".to_string(),
                    "http://www.shop.example.com/".to_string(),
                ],
            ),
            (api.id.clone(), vec!["http://\"><b>evil/".to_string()]),
        ];
        domains.sort();
        let query = ServiceQuery {
            q: "WWW.shop".into(),
            ..ServiceQuery::default()
        };
        let names: Vec<_> = listed(&all, &query, &[], &domains)
            .into_iter()
            .map(|s| s.display_name().to_string())
            .collect();
        assert_eq!(names, ["shop"]);
        let html = rows_html(&all, "prod", &[], &[], (&[], 0), &domains);
        assert!(
            html.contains("href=\"https://shop.example.com/\">shop.example.com/</a>"),
            "{html}"
        );
        // A host that is no host is text, escaped, not a link.
        assert!(
            !html.contains("<b>evil") && html.contains("&quot;&gt;&lt;b&gt;evil/</span>"),
            "{html}"
        );
        assert_eq!(html.matches("row-domain").count(), 2);
    }

    #[test]
    fn rows_are_markup_with_their_text_escaped_and_busy_rows_disabled() {
        let mut hostile = svc(
            ServiceKind::Application,
            "<b>x</b>",
            Some(ServiceStatus::Done),
        );
        hostile.description = Some("\"><img src=x>".into());
        let db = svc(ServiceKind::Redis, "cache", Some(ServiceStatus::Idle));
        let html = rows_html(
            &[hostile, db],
            "prod",
            &[("cache".into(), Op::Start)],
            &[],
            (&[], 0),
            &[],
        );
        assert!(!html.contains("<b>") && !html.contains("<img"), "{html}");
        assert!(
            html.contains("data-name=\"&lt;b&gt;x&lt;/b&gt;\""),
            "{html}"
        );
        assert!(html.contains("href=\"#/i/prod/application/"), "{html}");
        assert_eq!(html.matches("data-test=\"service-row\"").count(), 2);
        // The running application offers Deploy and Stop; the stopped cache Deploy and Start,
        // both disabled while its Start is on its way (which says so).
        let (app, cache) = html.split_at(html.find("data-id=\"cache\"").unwrap_or(0));
        assert!(
            app.contains("action-deploy")
                && app.contains("action-stop")
                && !app.contains("disabled")
        );
        assert!(cache.contains("action-start") && !cache.contains("action-stop"));
        assert_eq!(cache.matches(" disabled").count(), 2);
        assert_eq!(cache.matches("aria-busy=\"true\">Start").count(), 1);
    }

    #[test]
    fn actions_follow_status() {
        use ServiceKind::*;
        let idle = ops_for(Application, Some(&ServiceStatus::Idle), false);
        assert_eq!(idle, vec![Op::Deploy, Op::Start]);
        let running = ops_for(Application, Some(&ServiceStatus::Done), false);
        assert_eq!(
            running,
            vec![Op::Deploy, Op::Redeploy, Op::Reload, Op::Stop]
        );
        let failed = ops_for(Compose, Some(&ServiceStatus::Error), false);
        assert_eq!(failed, vec![Op::Deploy, Op::Redeploy, Op::Start, Op::Stop]);
        let deploying = ops_for(Postgres, Some(&ServiceStatus::Running), false);
        assert_eq!(deploying, vec![Op::Deploy, Op::Stop]);
        // Unknown: everything the kind has; a row keeps Deploy, Start and Stop of the same set.
        assert_eq!(ops_for(Redis, None, false), Op::for_kind(Redis).to_vec());
        assert_eq!(
            ops_for(Application, Some(&ServiceStatus::Done), true),
            vec![Op::Deploy, Op::Stop]
        );
        assert_eq!(
            ops_for(Application, Some(&ServiceStatus::Idle), true),
            vec![Op::Deploy, Op::Start]
        );
        for kind in ServiceKind::ALL {
            for st in [
                None,
                Some(ServiceStatus::Idle),
                Some(ServiceStatus::Done),
                Some(ServiceStatus::Error),
                Some(ServiceStatus::Running),
            ] {
                let full = ops_for(kind, st.as_ref(), false);
                let row = ops_for(kind, st.as_ref(), true);
                assert!(row.iter().all(|op| full.contains(op)), "{kind:?} {st:?}");
                assert!(full.contains(&Op::Deploy));
            }
        }
    }

    #[test]
    fn the_deploy_note_follows_the_deployment_it_announced() {
        use DeploymentStatus as D;
        // Nothing new yet: queued, even though the previous deployment failed.
        assert_eq!(
            deploy_note(
                Some("a"),
                Some(("a", Some(&D::Error))),
                Some(&ServiceStatus::Error),
                false
            ),
            DeployNote::Queued
        );
        // The new one runs, then ends.
        assert_eq!(
            deploy_note(Some("a"), Some(("b", Some(&D::Running))), None, false),
            DeployNote::Deploying
        );
        assert_eq!(
            deploy_note(Some("a"), Some(("b", Some(&D::Error))), None, false),
            DeployNote::Failed
        );
        assert_eq!(
            deploy_note(None, Some(("b", Some(&D::Done))), None, false),
            DeployNote::Deployed
        );
        assert_eq!(
            deploy_note(None, Some(("b", Some(&D::Cancelled))), None, false),
            DeployNote::Cancelled
        );
        // No deployment list (databases): the service's status, once seen deploying.
        assert_eq!(
            deploy_note(None, None, Some(&ServiceStatus::Done), false),
            DeployNote::Queued
        );
        assert_eq!(
            deploy_note(None, None, Some(&ServiceStatus::Running), false),
            DeployNote::Deploying
        );
        assert_eq!(
            deploy_note(None, None, Some(&ServiceStatus::Error), true),
            DeployNote::Failed
        );
        assert_eq!(
            deploy_note(None, None, Some(&ServiceStatus::Done), true),
            DeployNote::Deployed
        );
        assert!(DeployNote::Queued.pending() && !DeployNote::Failed.pending());
    }

    #[test]
    fn sorting_and_busy() {
        let list = sorted_services(vec![
            svc(ServiceKind::Postgres, "db", None),
            svc(ServiceKind::Application, "web", None),
            svc(
                ServiceKind::Application,
                "API",
                Some(ServiceStatus::Running),
            ),
        ]);
        let names: Vec<_> = list.iter().map(|s| s.display_name()).collect();
        assert_eq!(names, ["API", "web", "db"]);
        assert!(any_deploying(&list));
        assert!(!any_deploying(&list[1..]));
    }

    #[test]
    fn a_project_page_narrows_and_orders_its_services() {
        let mut db = svc(ServiceKind::Postgres, "db", Some(ServiceStatus::Idle));
        db.created_at = Some("2026-03-01T00:00:00Z".into());
        let mut web = svc(ServiceKind::Application, "web", Some(ServiceStatus::Done));
        web.app_name = Some("shop-web-x1".into());
        web.created_at = Some("2026-02-01T00:00:00Z".into());
        let mut api = svc(ServiceKind::Application, "API", Some(ServiceStatus::Error));
        api.description = Some("The Shop's backend".into());
        let all = sorted_services(vec![db, web, api]);
        let names = |q: &str, kind: &str, sort: &str| -> Vec<String> {
            let query = ServiceQuery {
                q: q.into(),
                kind: kind.into(),
                sort: sort.into(),
                ..ServiceQuery::default()
            };
            listed(&all, &query, &[], &[])
                .iter()
                .map(|s| s.display_name().to_string())
                .collect()
        };
        assert_eq!(names("", "", ""), ["API", "web", "db"]);
        // Name, app name, description; every word; any case.
        assert_eq!(names("SHOP", "", ""), ["API", "web"]);
        assert_eq!(names("shop x1", "", ""), ["web"]);
        assert_eq!(names("nothing", "", ""), Vec::<String>::new());
        assert_eq!(names("", "postgres", ""), ["db"]);
        assert_eq!(names("shop", "postgres", ""), Vec::<String>::new());
        assert_eq!(names("", "", "name"), ["API", "db", "web"]);
        assert_eq!(names("", "", "status"), ["API", "web", "db"]);
        // The newest first; no creation time last.
        assert_eq!(names("", "", "newest"), ["db", "web", "API"]);
        assert_eq!(
            kind_counts(&all),
            [(ServiceKind::Application, 2), (ServiceKind::Postgres, 1)]
        );
    }

    #[test]
    fn rows_tell_their_last_deployment_and_sort_by_it() {
        let run = |id: &str, at: &str, status: DeploymentStatus| {
            activity::Run::new(
                "prod",
                "Prod",
                ServiceKind::Application,
                id.into(),
                id.into(),
                "shop".into(),
                "production".into(),
                Deployment {
                    deployment_id: format!("{id}-{at}"),
                    status: Some(status),
                    created_at: Some(at.into()),
                    ..Deployment::default()
                },
            )
        };
        let last = activity::newest_each(vec![
            run("web", "2026-03-01T10:00:00Z", DeploymentStatus::Done),
            run("web", "2026-03-01T11:00:00Z", DeploymentStatus::Error),
            run("api", "2026-03-01T09:00:00Z", DeploymentStatus::Done),
        ]);
        assert_eq!(last.len(), 2);
        let web = last_run(&last, "web").map(|r| r.deployment.deployment_id.as_str());
        assert_eq!(
            web,
            Some("web-2026-03-01T11:00:00Z"),
            "the newest of each service"
        );
        let all = vec![
            svc(ServiceKind::Postgres, "db", Some(ServiceStatus::Done)),
            svc(ServiceKind::Application, "api", Some(ServiceStatus::Done)),
            svc(ServiceKind::Application, "web", Some(ServiceStatus::Error)),
        ];
        let query = ServiceQuery {
            sort: "deployed".into(),
            ..ServiceQuery::default()
        };
        let names: Vec<_> = listed(&all, &query, &last, &[])
            .iter()
            .map(|s| s.id.clone())
            .collect();
        assert_eq!(names, ["web", "api", "db"], "never deployed last");
        let now = time::parse_iso("2026-03-01T11:05:00Z").unwrap_or(0);
        let html = rows_html(&all, "prod", &[], &[], (&last, now), &[]);
        assert!(
            html.contains("last-deploy--error\" data-test=\"last-deploy\">Failed 5 min ago<"),
            "{html}"
        );
        assert!(html.contains(">Deployed 2 h ago<"), "{html}");
        assert_eq!(
            html.matches("data-test=\"last-deploy\"").count(),
            2,
            "the database has none"
        );
    }

    #[test]
    fn services_on_remote_servers_are_counted_and_filtered() {
        let mut edge = svc(ServiceKind::Application, "web", Some(ServiceStatus::Done));
        edge.server = Some("edge-1".into());
        let mut arm = svc(ServiceKind::Redis, "cache", Some(ServiceStatus::Done));
        arm.server = Some("arm<2>".into());
        let home = svc(ServiceKind::Postgres, "db", Some(ServiceStatus::Done));
        let all = vec![edge, arm, home.clone()];
        assert_eq!(
            server_counts(&all),
            [
                ("-".to_string(), 1),
                ("arm<2>".to_string(), 1),
                ("edge-1".to_string(), 1)
            ]
        );
        assert!(
            server_counts(&[home]).is_empty(),
            "no remote server: no filter"
        );
        let on = |server: &str| -> Vec<String> {
            let query = ServiceQuery {
                server: server.into(),
                ..ServiceQuery::default()
            };
            listed(&all, &query, &[], &[])
                .iter()
                .map(|s| s.id.clone())
                .collect()
        };
        assert_eq!(on("edge-1"), ["web"]);
        assert_eq!(on(ServiceQuery::HOME), ["db"]);
        assert_eq!(on("").len(), 3);
        let html = rows_html(&all, "prod", &[], &[], (&[], 0), &[]);
        assert!(html.contains(">arm&lt;2&gt;</span>"), "{html}");
        assert_eq!(html.matches("data-test=\"row-server\"").count(), 2);
    }

    #[test]
    fn deployments() {
        let d = |created: &str, status: Option<DeploymentStatus>, fin: Option<&str>| Deployment {
            deployment_id: created.into(),
            created_at: Some(created.into()),
            started_at: Some(created.into()),
            finished_at: fin.map(Into::into),
            status,
            ..Default::default()
        };
        let list = newest_first(vec![
            d("2026-01-01T00:00:00Z", Some(DeploymentStatus::Done), None),
            d("2026-01-02T00:00:00Z", Some(DeploymentStatus::Done), None),
        ]);
        assert_eq!(list[0].deployment_id, "2026-01-02T00:00:00Z");
        let done = d(
            "2026-01-01T00:00:00Z",
            Some(DeploymentStatus::Done),
            Some("2026-01-01T00:01:34Z"),
        );
        assert_eq!(deployment_duration(&done, 0), Some(94_000));
        let running = d(
            "1970-01-01T00:00:00Z",
            Some(DeploymentStatus::Running),
            None,
        );
        assert_eq!(deployment_duration(&running, 5000), Some(5000));
        let unknown_end = d("1970-01-01T00:00:00Z", Some(DeploymentStatus::Error), None);
        assert_eq!(deployment_duration(&unknown_end, 5000), None);
        assert!(deployment_active(Some(&DeploymentStatus::Other(
            "queued".into()
        ))));
        assert!(!deployment_active(Some(&DeploymentStatus::Error)));
        assert_eq!(deployment_badge(Some(&DeploymentStatus::Error)).1, "Failed");
        assert_eq!(
            deployment_badge(Some(&DeploymentStatus::parse("queued"))),
            ("queued", "Queued".to_string())
        );
    }

    #[test]
    fn compose_containers() {
        assert_eq!(compose_container("app-x", None, "web"), "app-x-web-1");
        assert_eq!(
            compose_container("app-x", Some("stack"), "web"),
            "app-x_web"
        );
    }

    #[test]
    fn environment_choice() {
        let p: Project = serde_json::from_value(serde_json::json!({
            "projectId": "p", "name": "shop",
            "environments": [
                {"environmentId": "e1", "name": "staging", "isDefault": false},
                {"environmentId": "e2", "name": "production", "isDefault": true}
            ]
        }))
        .unwrap();
        assert_eq!(chosen_environment(&p, Some("e1")).as_deref(), Some("e1"));
        assert_eq!(chosen_environment(&p, Some("nope")).as_deref(), Some("e2"));
        assert_eq!(chosen_environment(&p, None).as_deref(), Some("e2"));
        let legacy: Project =
            serde_json::from_value(serde_json::json!({"projectId": "p", "name": "old"})).unwrap();
        assert_eq!(chosen_environment(&legacy, None).as_deref(), Some("p"));
    }
}

//! Deployments as plain data: how long they took and how often they failed (a service's
//! Deployments tab draws them as bars), and the activity center's rows, order, filters and
//! figures (per day, slowest services).

use std::sync::Arc;

use super::{deployment_badge, deployment_duration, time};
use crate::html::Html;
use crate::model::{BackupRun, Deployment, DeploymentStatus, QueueJob, ServiceKind};
use crate::overview::lower;
use crate::routes::Route;
use time::{ago_label, duration_label};

/// Days in the center's per-day plot.
pub const DAYS: usize = 30;

/// The outcome of an ended deployment, as the CSS word of its bar.
pub fn outcome(d: &Deployment) -> &'static str {
    match d.status {
        Some(DeploymentStatus::Done) => "done",
        Some(DeploymentStatus::Error) => "error",
        _ => "idle",
    }
}

/// What a list of deployments says in numbers: ended ones only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Ended deployments (done, failed or cancelled).
    pub ended: usize,
    pub done: usize,
    pub failed: usize,
    /// Of the successful ones, in milliseconds.
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
}

impl Figures {
    /// Successful deployments per hundred ended ones, rounded down.
    pub fn success_percent(&self) -> Option<usize> {
        (self.ended > 0).then(|| self.done * 100 / self.ended)
    }
}

/// The figures of `list` (any order).
pub fn figures(list: &[Deployment]) -> Figures {
    let ended: Vec<&Deployment> = list
        .iter()
        .filter(|d| {
            matches!(
                d.status,
                Some(
                    DeploymentStatus::Done | DeploymentStatus::Error | DeploymentStatus::Cancelled
                )
            )
        })
        .collect();
    let mut took: Vec<i64> = ended
        .iter()
        .filter(|d| d.status == Some(DeploymentStatus::Done))
        .filter_map(|d| deployment_duration(d, 0))
        .collect();
    crate::order::sort_by_key(&mut took, |t| *t);
    // The nearest-rank percentile: the smallest duration at least p% of them do not exceed.
    let rank =
        |p: usize| (!took.is_empty()).then(|| took[(took.len() * p).div_ceil(100).max(1) - 1]);
    Figures {
        ended: ended.len(),
        done: ended
            .iter()
            .filter(|d| d.status == Some(DeploymentStatus::Done))
            .count(),
        failed: ended
            .iter()
            .filter(|d| d.status == Some(DeploymentStatus::Error))
            .count(),
        median_ms: rank(50),
        p90_ms: rank(90),
    }
}

/// One bar: the deployment's id, how long it took (so far, while it runs), its outcome word
/// and when it started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub id: String,
    pub ms: i64,
    pub word: &'static str,
    pub started: i64,
}

/// The bars of the newest `n` deployments of a newest-first list, oldest on the left.
pub fn bars(newest_first: &[Deployment], n: usize, now_ms: i64) -> Vec<Bar> {
    newest_first
        .iter()
        .take(n)
        .rev()
        .filter_map(|d| {
            let ms = deployment_duration(d, now_ms)?;
            let started = d
                .started_at
                .as_deref()
                .or(d.created_at.as_deref())
                .and_then(time::parse_iso)?;
            let word = if super::deployment_active(d.status.as_ref()) {
                "deploying"
            } else {
                outcome(d)
            };
            Some(Bar {
                id: d.deployment_id.clone(),
                ms,
                word,
                started,
            })
        })
        .collect()
}

/// One row of the activity center: a deployment and where it belongs.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The instance's id in Skiff (routes) and its name (shown when there are several).
    pub inst: String,
    pub inst_name: String,
    pub kind: ServiceKind,
    pub service_id: String,
    pub service: String,
    pub project: String,
    pub environment: String,
    pub deployment: Deployment,
    /// What the text filter looks in, lower-cased once.
    hay: String,
    /// When it started, and how long it took if it succeeded (ms), read once: the plots go
    /// over every filtered run on each keystroke.
    at: Option<i64>,
    took: Option<i64>,
    /// A deployment, or the run of a backup or volume backup.
    pub source: Source,
}

/// What a run is: the center lists deployments and, where the instance tells them
/// (`overview.backups`, v0.30+), the runs of its backups and volume backups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    #[default]
    Deploy,
    Backup,
    VolumeBackup,
}

impl Run {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        inst: &str,
        inst_name: &str,
        kind: ServiceKind,
        service_id: String,
        service: String,
        project: String,
        environment: String,
        deployment: Deployment,
    ) -> Run {
        let hay = lower(&format!(
            "{service}\n{project}\n{environment}\n{}\n{}\n{inst_name}",
            deployment.title.as_deref().unwrap_or(""),
            deployment.description.as_deref().unwrap_or("")
        ));
        let at = deployment
            .started_at
            .as_deref()
            .or(deployment.created_at.as_deref())
            .and_then(time::parse_iso);
        let took = (deployment.status == Some(DeploymentStatus::Done))
            .then(|| deployment_duration(&deployment, 0))
            .flatten();
        Run {
            inst: inst.to_string(),
            inst_name: inst_name.to_string(),
            kind,
            service_id,
            service,
            project,
            environment,
            deployment,
            hay,
            at,
            took,
            source: Source::Deploy,
        }
    }

    /// The kind filter's word: the service's kind, or `backup` for a backup's run.
    pub fn kind_word(&self) -> &'static str {
        match self.source {
            Source::Deploy => self.kind.router(),
            Source::Backup | Source::VolumeBackup => "backup",
        }
    }

    /// Still running (or queued).
    pub fn active(&self) -> bool {
        super::deployment_active(self.deployment.status.as_ref())
    }

    /// When it started, in ms.
    pub fn started(&self) -> Option<i64> {
        self.at
    }
}

/// The runs of an instance from `deployment.allCentralized` (each deployment names its service).
pub fn centralized(inst: &str, inst_name: &str, list: Vec<Deployment>) -> Vec<Run> {
    list.into_iter()
        .filter_map(|mut d| {
            // Taken out, not cloned: a run keeps only the names it shows, not the nested
            // environment and project (the page copies and compares runs).
            let (kind, owner) = match (d.application.take(), d.compose.take()) {
                (Some(a), _) => (ServiceKind::Application, *a),
                (None, Some(c)) => (ServiceKind::Compose, *c),
                _ => return None,
            };
            let id = owner
                .application_id
                .clone()
                .or(owner.compose_id.clone())
                .or(d.application_id.clone())
                .or(d.compose_id.clone())?;
            let env = owner.environment.as_deref();
            let project = env
                .and_then(|e| e.project.as_deref())
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let environment = env.map(|e| e.name.clone()).unwrap_or_default();
            Some(Run::new(
                inst,
                inst_name,
                kind,
                id,
                owner.name,
                project,
                environment,
                d,
            ))
        })
        .collect()
}

/// Where each environment and project of an instance is, by id (project and environment names),
/// as `deployment.allCentralized` nests them: names for the runs of `overview.backups`, which
/// give only ids.
pub type Places = std::collections::BTreeMap<String, (String, String)>;

/// The places named in `list` (before [`centralized`] takes it).
pub fn places(list: &[Deployment]) -> Places {
    let mut out = Places::new();
    for d in list {
        let owner = d.application.as_deref().or(d.compose.as_deref());
        let Some(env) = owner.and_then(|o| o.environment.as_deref()) else {
            continue;
        };
        let Some(p) = env.project.as_deref() else {
            continue;
        };
        if !out.contains_key(&env.environment_id) {
            out.insert(
                env.environment_id.clone(),
                (p.name.clone(), env.name.clone()),
            );
            out.entry(p.project_id.clone())
                .or_insert_with(|| (p.name.clone(), String::new()));
        }
    }
    out
}

/// The runs of backups and volume backups (`overview.backups`), named with `places`. A run of
/// Dokploy's own server backup (no service) is left out: there is nothing of Skiff's to open.
pub fn backups(inst: &str, inst_name: &str, list: Vec<BackupRun>, places: &Places) -> Vec<Run> {
    list.into_iter()
        .filter_map(|b| {
            let kind = ServiceKind::from_router(b.service_owner_type.as_deref()?)?;
            let id = b.service_owner_id?;
            let volume = b.kind.as_deref() == Some("volumeBackup");
            let (project, environment) = b
                .environment_id
                .as_ref()
                .and_then(|e| places.get(e))
                .or_else(|| b.project_id.as_ref().and_then(|p| places.get(p)))
                .cloned()
                .unwrap_or_default();
            let to = b.destination_name.unwrap_or_default();
            let deployment = Deployment {
                deployment_id: b.deployment_id,
                title: Some(if volume {
                    format!("Volume backup to {to}")
                } else {
                    format!("Backup to {to}")
                }),
                status: b.status,
                created_at: b.created_at,
                ..Deployment::default()
            };
            let mut run = Run::new(
                inst,
                inst_name,
                kind,
                id,
                b.service_name.unwrap_or_default(),
                project,
                environment,
                deployment,
            );
            run.source = if volume {
                Source::VolumeBackup
            } else {
                Source::Backup
            };
            Some(run)
        })
        .collect()
}

/// The jobs of Dokploy's queue still waiting to start, as runs (status `queued`) named after
/// the service's other runs; a job already running is its deployment's run.
pub fn waiting(inst: &str, inst_name: &str, jobs: Vec<QueueJob>, runs: &[Run]) -> Vec<Run> {
    jobs.into_iter()
        .filter(|j| {
            matches!(
                j.state.as_deref(),
                Some("waiting" | "delayed" | "prioritized")
            )
        })
        .filter_map(|j| {
            let data = j.data?;
            let (kind, id) = match (data.application_id, data.compose_id) {
                (Some(a), _) => (ServiceKind::Application, a),
                (None, Some(c)) => (ServiceKind::Compose, c),
                _ => return None,
            };
            let known = runs.iter().find(|r| r.service_id == id);
            let deployment = Deployment {
                deployment_id: j.id,
                title: data.title_log,
                description: data.description_log,
                status: Some(DeploymentStatus::parse("queued")),
                ..Deployment::default()
            };
            Some(Run::new(
                inst,
                inst_name,
                kind,
                id,
                known.map_or_else(|| kind.label().to_string(), |r| r.service.clone()),
                known.map(|r| r.project.clone()).unwrap_or_default(),
                known.map(|r| r.environment.clone()).unwrap_or_default(),
                deployment,
            ))
        })
        .collect()
}

/// The newest run of each service among `runs` (the project page's last deployments), ordered
/// by service id for [`super::last_run`]'s binary search (an instance's thousands of runs are
/// looked up per row on every keystroke).
pub fn newest_each(mut runs: Vec<Run>) -> Vec<Arc<Run>> {
    crate::order::sort_by(&mut runs, |a, b| {
        a.service_id
            .cmp(&b.service_id)
            .then_with(|| b.started().cmp(&a.started()))
    });
    runs.dedup_by(|later, kept| later.service_id == kept.service_id);
    runs.into_iter().map(Arc::new).collect()
}

/// A service's last deployment as its row says it: (state word as the deployment badges
/// have it, "Deployed 5 min ago").
pub fn last_deploy(run: &Run, now: i64) -> (&'static str, String) {
    let (word, what) = super::last_deploy_words(run.deployment.status.as_ref());
    let when = run
        .started()
        .map(|t| time::ago_label(now, t))
        .unwrap_or_default();
    (word, format!("{what} {when}").trim_end().to_string())
}

/// Running ones first (the newest start first), then every other, newest first.
pub fn order<R: std::borrow::Borrow<Run>>(runs: &mut [R]) {
    // Compared in place (ISO times of one format sort as text): no key is copied.
    fn key(r: &Run) -> (bool, std::cmp::Reverse<Option<&str>>) {
        (
            !r.active(),
            std::cmp::Reverse(
                r.deployment
                    .created_at
                    .as_deref()
                    .or(r.deployment.started_at.as_deref()),
            ),
        )
    }
    crate::order::sort_by(runs, |a, b| key(a.borrow()).cmp(&key(b.borrow())));
}

/// The filters of the center, as the URL keeps them: status (`running`, `done`, `error`,
/// `cancelled`), kind (`application`, `compose`), project (its name), text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: String,
    pub kind: String,
    pub project: String,
    pub q: String,
}

impl Filter {
    /// Whether `r` passes every filter set (the text: every word, case-insensitive).
    pub fn matches(&self, r: &Run, words: &[String]) -> bool {
        self.matches_fields(r) && words.iter().all(|w| r.hay.contains(w.as_str()))
    }

    /// Whether `r` passes the status, kind and project filters (the text aside).
    pub fn matches_fields(&self, r: &Run) -> bool {
        let status_ok = match self.status.as_str() {
            "" => true,
            "running" => r.active(),
            s => r.deployment.status.as_ref().map(|x| x.as_str()) == Some(s),
        };
        status_ok
            && (self.kind.is_empty() || r.kind_word() == self.kind)
            && (self.project.is_empty() || r.project == self.project)
    }

    /// The text filter's words, lower-cased: computed once per keystroke, not per row.
    pub fn words(&self) -> Vec<String> {
        crate::overview::words(&self.q)
    }

    /// Whether every run `self` keeps was kept by `before` too (a key typed at the end of the
    /// text, the other filters the same): the page then searches only what `before` kept.
    pub fn narrows(&self, before: &Filter) -> bool {
        self.status == before.status
            && self.kind == before.kind
            && self.project == before.project
            && lower(&self.q).starts_with(&lower(&before.q))
    }

    /// Nothing filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

/// Every run's search text in one string, for a search over thousands of runs: one pass of one
/// searcher per word over the whole text, where asking each run's text builds a searcher per
/// run (10,000 of them per keystroke).
#[derive(Debug, Default)]
pub struct Haystack {
    text: String,
    /// Where each run's text ends in `text` (a newline follows it: no word has one).
    ends: Vec<usize>,
    /// Where the last words searched (two letters or more) are in `text`, newest last: a word
    /// typed further, or back to one searched before, is looked for only where it or its
    /// beginning was (a key then costs the places found, not a pass over the whole text).
    seen: std::sync::Mutex<Vec<(String, Vec<usize>)>>,
}

/// Words whose places a [`Haystack`] keeps.
const SEEN: usize = 16;

impl PartialEq for Haystack {
    fn eq(&self, other: &Haystack) -> bool {
        self.text == other.text && self.ends == other.ends
    }
}

impl Haystack {
    pub fn new<R: std::borrow::Borrow<Run>>(runs: &[R]) -> Haystack {
        let mut text = String::with_capacity(runs.iter().map(|r| r.borrow().hay.len() + 1).sum());
        let mut ends = Vec::with_capacity(runs.len());
        for r in runs {
            text.push_str(&r.borrow().hay);
            ends.push(text.len());
            text.push('\n');
        }
        Haystack {
            text,
            ends,
            seen: Default::default(),
        }
    }

    /// The places of the runs whose text holds every one of `words` (lower-cased, without
    /// whitespace), in order.
    pub fn matching(&self, words: &[String]) -> Vec<usize> {
        let mut keep = vec![true; self.ends.len()];
        for w in words {
            let mut has = vec![false; self.ends.len()];
            let mut one = w.chars();
            if let (Some(c), None) = (one.next(), one.next()) {
                // A one-letter word (the first key typed) is in most texts: each text is asked,
                // and stops at its first (memchr), where one pass would visit every occurrence.
                let mut start = 0;
                for (h, &end) in has.iter_mut().zip(&self.ends) {
                    *h = self.text[start..end].contains(c);
                    start = end + 1;
                }
            } else {
                let places = self.places(w);
                let mut run = 0;
                for &at in &places {
                    while self.ends[run] <= at {
                        run += 1;
                    }
                    has[run] = true;
                }
            }
            for (k, h) in keep.iter_mut().zip(has) {
                *k &= h;
            }
        }
        (0..keep.len()).filter(|&i| keep[i]).collect()
    }

    /// Where `w` is in the text, in order: among the places of the longest word seen that
    /// begins it, else by one pass over the text.
    fn places(&self, w: &str) -> Vec<usize> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let from = seen
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| w.starts_with(p.as_str()))
            .max_by_key(|(_, (p, _))| p.len())
            .map(|(i, _)| i);
        let places: Vec<usize> = match from {
            Some(i) if seen[i].0 == w => {
                let e = seen.remove(i);
                seen.push(e);
                return seen[seen.len() - 1].1.clone();
            }
            Some(i) => seen[i]
                .1
                .iter()
                .copied()
                .filter(|&at| self.text[at..].starts_with(w))
                .collect(),
            None => self.text.match_indices(w).map(|(at, _)| at).collect(),
        };
        if seen.len() == SEEN {
            seen.remove(0);
        }
        seen.push((w.to_string(), places.clone()));
        places
    }
}

/// The places in `runs` of the runs `f` keeps (`words`: its words). `within`: what a shorter
/// text kept, asked run by run when few are left; else the text is one search over every run's
/// text (`search`: [`Haystack::matching`]); no text: each run is asked.
pub fn kept(
    runs: &[std::sync::Arc<Run>],
    f: &Filter,
    words: &[String],
    within: Option<&[usize]>,
    search: &dyn Fn(&[String]) -> Vec<usize>,
) -> Vec<usize> {
    let keep = |&i: &usize| f.matches(&runs[i], words);
    match within {
        Some(b) if b.len() < runs.len() / 4 => b.iter().copied().filter(keep).collect(),
        _ if !words.is_empty() => search(words)
            .into_iter()
            .filter(|&i| f.matches_fields(&runs[i]))
            .collect(),
        _ => (0..runs.len()).filter(keep).collect(),
    }
}

/// Deployments started on each of the last `days` days (UTC, oldest first, today last), by
/// outcome: done, failed, other (cancelled, running).
pub fn per_day(runs: &[&Run], now_ms: i64, days: usize) -> Vec<[u32; 3]> {
    const DAY: i64 = 86_400_000;
    let today = now_ms.div_euclid(DAY);
    let mut out = vec![[0u32; 3]; days];
    for r in runs {
        let Some(t) = r.started() else { continue };
        let back = today - t.div_euclid(DAY);
        if (0..days as i64).contains(&back) {
            let slot = match outcome(&r.deployment) {
                "done" => 0,
                "error" => 1,
                _ => 2,
            };
            out[days - 1 - back as usize][slot] += 1;
        }
    }
    out
}

/// The services whose successful deployments take longest (median), at most `n`: the run
/// naming the service, and the median in ms.
pub fn slowest<'a>(runs: &[&'a Run], n: usize) -> Vec<(&'a Run, i64)> {
    // Each service once, in the order first met (the run naming it is its newest), with its
    // successful durations; found through a sorted index, not a scan per run.
    let mut index: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    let mut services: Vec<(&'a Run, Vec<i64>)> = Vec::new();
    for r in runs {
        let i = *index
            .entry((r.inst.as_str(), r.service_id.as_str()))
            .or_insert_with(|| {
                services.push((r, Vec::new()));
                services.len() - 1
            });
        services[i].1.extend(r.took);
    }
    let mut out: Vec<(&'a Run, i64)> = services
        .into_iter()
        .filter(|(_, took)| !took.is_empty())
        .map(|(r, mut took)| {
            crate::order::sort_by_key(&mut took, |t| *t);
            // The nearest-rank median, as `figures` has it.
            (r, took[(took.len() * 50).div_ceil(100).max(1) - 1])
        })
        .collect();
    crate::order::sort_by_key(&mut out, |(_, m)| std::cmp::Reverse(*m));
    out.truncate(n);
    out
}

/// Where a run's log opens: its service's Deployments tab.
pub fn log_href(r: &Run) -> String {
    // A backup's runs and their logs are on its service's Backups tab (Volumes for a volume
    // backup).
    match r.source {
        Source::Deploy => {}
        Source::Backup => {
            return Route::service(&r.inst, r.kind.router(), &r.service_id, "backups").href()
        }
        Source::VolumeBackup => {
            return Route::service(&r.inst, r.kind.router(), &r.service_id, "volumes").href()
        }
    }
    Route::Service {
        inst: r.inst.clone(),
        kind: r.kind.router().to_string(),
        id: r.service_id.clone(),
        tab: "deployments".into(),
        // A job still waiting in the queue has no deployment (nor log) yet.
        deployment: r
            .deployment
            .created_at
            .is_some()
            .then(|| r.deployment.deployment_id.clone()),
    }
    .href()
}

/// The center's table rows (markup: `crate::html`, one `innerHTML`: a keystroke that filters
/// 10,000 rows redraws the first hundred in a few milliseconds, where a view tree took ten
/// times that). `now` times the running ones.
pub fn rows_html(rows: &[&Run], several: bool, now: i64) -> String {
    let mut h = Html::with_capacity(700 * rows.len());
    for r in rows {
        let d = &r.deployment;
        let (word, label) = deployment_badge(d.status.as_ref());
        h.raw("<tr data-test=\"activity-row\" data-status=\"")
            .raw(word)
            .raw("\"><td data-label=\"Status\"><span class=\"badge badge--")
            .raw(word)
            .raw("\">")
            .text(&label)
            .raw("</span></td><td data-label=\"Service\">");
        crate::overview::kind_icon(&mut h, r.kind, true);
        h.raw(" <a data-test=\"activity-open\" href=\"")
            .text(&log_href(r))
            .raw("\">")
            .text(&r.service)
            .raw("</a><div class=\"small muted\">");
        let place = [
            several.then_some(r.inst_name.as_str()),
            Some(r.project.as_str()),
            Some(r.environment.as_str()),
        ];
        let mut first = true;
        for p in place.into_iter().flatten().filter(|p| !p.is_empty()) {
            if !first {
                h.raw(" › ");
            }
            first = false;
            h.text(p);
        }
        h.raw("</div></td><td data-label=\"Title\">").text(
            d.title
                .as_deref()
                .filter(|t| !t.is_empty())
                .unwrap_or("Deployment"),
        );
        if let Some(m) = d.error_message.as_deref().filter(|m| !m.is_empty()) {
            h.raw("<div class=\"small err-text\">")
                .text(m)
                .raw("</div>");
        }
        h.raw("</td><td data-label=\"Started\" class=\"small\">")
            .text(&r.started().map(|t| ago_label(now, t)).unwrap_or_default())
            .raw("</td><td data-label=\"Duration\" class=\"small\">")
            .text(
                &deployment_duration(d, now)
                    .map(duration_label)
                    .unwrap_or_else(|| "–".into()),
            )
            .raw("</td></tr>");
    }
    h.finish()
}

/// The center's plots (markup): deployments per day over [`DAYS`] days stacked by outcome, and
/// the slowest services; each with its figures for screen readers.
pub fn plots_html(list: &[&Run], now: i64, several: bool) -> String {
    // The plots are of deployments: a backup's run has no place in them, and a list of backup
    // runs alone has none.
    if !list.is_empty() && list.iter().all(|r| r.source != Source::Deploy) {
        return String::new();
    }
    let deploys: Vec<&Run>;
    let list = if list.iter().any(|r| r.source != Source::Deploy) {
        deploys = list
            .iter()
            .copied()
            .filter(|r| r.source == Source::Deploy)
            .collect();
        &deploys[..]
    } else {
        list
    };
    let days = per_day(list, now, DAYS);
    let sum = |d: &[u32; 3]| d[0] + d[1] + d[2];
    let top = days.iter().map(sum).max().unwrap_or(0).max(1) as usize;
    let total: u32 = days.iter().map(sum).sum();
    let failed: u32 = days.iter().map(|d| d[1]).sum();
    let mut h = Html::with_capacity(6000);
    h.raw("<section class=\"card\" data-test=\"per-day\"><h2 class=\"card__heading\">The last 30 days</h2><p class=\"small\">")
        .num(total as usize)
        .raw(if total == 1 { " deployment, " } else { " deployments, " })
        .num(failed as usize)
        .raw(" failed</p><svg class=\"bars\" viewBox=\"0 0 300 100\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Deployments per day over the last 30 days: ")
        .num(total as usize)
        .raw(", of which ")
        .num(failed as usize)
        .raw(" failed\">");
    for (i, d) in days.iter().enumerate() {
        let mut y = 100;
        for (slot, word) in ["done", "error", "idle"].into_iter().enumerate() {
            let height = d[slot] as usize * 96 / top;
            if height > 0 {
                y -= height;
                h.raw("<rect class=\"bar bar--")
                    .raw(word)
                    .raw("\" x=\"")
                    .num(i * 10 + 1)
                    .raw("\" y=\"")
                    .num(y)
                    .raw("\" width=\"8\" height=\"")
                    .num(height)
                    .raw("\"></rect>");
            }
        }
    }
    h.raw("</svg><p class=\"small muted\">A bar per day, today on the right: green done, red failed, grey cancelled or running.</p><details><summary class=\"small\">Figures</summary><table class=\"table small\"><thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Done</th><th scope=\"col\">Failed</th><th scope=\"col\">Other</th></tr></thead><tbody>");
    for (i, d) in days.iter().enumerate().rev().filter(|(_, d)| sum(d) > 0) {
        h.raw("<tr><td>");
        match DAYS - 1 - i {
            0 => h.raw("today"),
            1 => h.raw("yesterday"),
            n => h.num(n).raw(" days ago"),
        };
        for n in d {
            h.raw("</td><td>").num(*n as usize);
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table></details></section><section class=\"card\" data-test=\"slowest\"><h2 class=\"card__heading\">Slowest to deploy</h2><p class=\"small muted\">Median time of each service's successful deployments.</p>");
    let slow = slowest(list, 5);
    if slow.is_empty() {
        h.raw("<p class=\"empty\">No successful deployment to time yet.</p>");
    } else {
        h.raw("<ol class=\"slowest\">");
        for (r, ms) in slow {
            h.raw("<li><span>").text(&r.service);
            if several {
                h.raw(" (").text(&r.inst_name).raw(")");
            }
            h.raw("</span> <span class=\"muted\">median ")
                .text(&duration_label(ms))
                .raw("</span></li>");
        }
        h.raw("</ol>");
    }
    h.raw("</section>");
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs passing `f`, each asked on its own (what the page's search must agree with).
    fn filtered<'a>(runs: &'a [Run], f: &Filter) -> Vec<&'a Run> {
        let words = f.words();
        runs.iter().filter(|r| f.matches(r, &words)).collect()
    }

    fn dep(id: &str, status: &str, start_s: i64, took_s: Option<i64>) -> Deployment {
        let iso = |s: i64| {
            format!(
                "2026-12-01T{:02}:{:02}:{:02}.000Z",
                s / 3600,
                (s / 60) % 60,
                s % 60
            )
        };
        Deployment {
            deployment_id: id.into(),
            status: Some(DeploymentStatus::parse(status)),
            started_at: Some(iso(start_s)),
            finished_at: took_s.map(|t| iso(start_s + t)),
            ..Deployment::default()
        }
    }

    #[test]
    fn figures_count_ended_deployments_and_time_the_successful_ones() {
        let list: Vec<Deployment> = (0..10)
            .map(|i| dep(&i.to_string(), "done", i * 600, Some(60 + i * 10)))
            .chain([
                dep("e", "error", 7000, Some(5)),
                dep("c", "cancelled", 8000, Some(1)),
                dep("r", "running", 9000, None),
            ])
            .collect();
        let f = figures(&list);
        assert_eq!((f.ended, f.done, f.failed), (12, 10, 1));
        assert_eq!(f.success_percent(), Some(83));
        // 60..150 s in steps of 10: the 5th is the median, the 9th the 90th percentile.
        assert_eq!(f.median_ms, Some(100_000));
        assert_eq!(f.p90_ms, Some(140_000));
        assert_eq!(figures(&[]).success_percent(), None);
        assert_eq!(figures(&[]).median_ms, None);
    }

    #[test]
    fn bars_run_oldest_to_newest_with_the_running_one_growing() {
        let newest_first = vec![
            dep("c", "running", 300, None),
            dep("b", "error", 200, Some(30)),
            dep("a", "done", 100, Some(90)),
        ];
        let now = time::parse_iso("2026-12-01T00:05:10.000Z").unwrap();
        let b = bars(&newest_first, 10, now);
        let words: Vec<_> = b.iter().map(|b| (b.id.as_str(), b.ms, b.word)).collect();
        assert_eq!(
            words,
            [
                ("a", 90_000, "done"),
                ("b", 30_000, "error"),
                ("c", 10_000, "deploying")
            ]
        );
        assert_eq!(bars(&newest_first, 2, now).len(), 2);
        assert_eq!(bars(&newest_first, 2, now)[0].id, "b");
    }

    fn run(service: &str, project: &str, d: Deployment) -> Run {
        Run::new(
            "prod",
            "Production",
            ServiceKind::Application,
            format!("{service}-id"),
            service.into(),
            project.into(),
            "production".into(),
            d,
        )
    }

    #[test]
    fn running_ones_come_first_then_newest() {
        let mut d1 = dep("old", "done", 100, Some(10));
        d1.created_at = Some("2026-12-01T00:01:40.000Z".into());
        let mut d2 = dep("new", "error", 200, Some(10));
        d2.created_at = Some("2026-12-01T00:03:20.000Z".into());
        let mut d3 = dep("live", "running", 50, None);
        d3.created_at = Some("2026-12-01T00:00:50.000Z".into());
        let mut runs = vec![
            run("a", "shop", d1),
            run("b", "shop", d2),
            run("c", "blog", d3),
        ];
        order(&mut runs);
        let ids: Vec<_> = runs
            .iter()
            .map(|r| r.deployment.deployment_id.as_str())
            .collect();
        assert_eq!(ids, ["live", "new", "old"]);
    }

    #[test]
    fn filters_combine_and_the_text_matches_every_word() {
        let mut d = dep("x", "error", 100, Some(10));
        d.title = Some("Rebuild deployment".into());
        let runs = vec![
            run("Storefront", "shop", d),
            run("ghost", "blog", dep("y", "done", 100, Some(10))),
            run("api", "shop", dep("z", "running", 100, None)),
        ];
        let ids = |f: &Filter| -> Vec<String> {
            filtered(&runs, f)
                .iter()
                .map(|r| r.deployment.deployment_id.clone())
                .collect()
        };
        assert_eq!(ids(&Filter::default()), ["x", "y", "z"]);
        let f = |status: &str, project: &str, q: &str| Filter {
            status: status.into(),
            kind: String::new(),
            project: project.into(),
            q: q.into(),
        };
        assert_eq!(ids(&f("error", "", "")), ["x"]);
        assert_eq!(ids(&f("running", "", "")), ["z"]);
        assert_eq!(ids(&f("", "shop", "")), ["x", "z"]);
        assert_eq!(ids(&f("", "", "STOREFRONT rebuild")), ["x"]);
        assert_eq!(ids(&f("", "", "storefront ghost")), Vec::<String>::new());
        let compose = Filter {
            kind: "compose".into(),
            ..Filter::default()
        };
        assert!(ids(&compose).is_empty());
    }

    #[test]
    fn one_search_over_every_text_finds_what_each_text_holds() {
        let runs = vec![
            run("web", "shop", dep("x", "error", 100, Some(10))),
            run("api", "shop", dep("y", "done", 100, Some(10))),
            run("webhooks", "blog", dep("z", "running", 100, None)),
            run("Ünïcode", "Shop-2", dep("w", "done", 100, Some(10))),
        ];
        let hay = Haystack::new(&runs);
        for q in [
            "",
            "web",
            "shop",
            "sh op",
            "hooks blog",
            "ünï",
            "op-2",
            "x",
            "production",
            "p\n",
            // Typed on and back: found again among the places kept.
            "we",
            "web",
            "webh",
            "web",
            "we",
            "hook",
            "hooks",
            "op",
            "op-",
            "op-2",
            "op-",
            "op-2 we",
        ] {
            let f = Filter {
                q: q.into(),
                ..Filter::default()
            };
            let words = f.words();
            let each: Vec<usize> = (0..runs.len())
                .filter(|&i| f.matches(&runs[i], &words))
                .collect();
            assert_eq!(hay.matching(&words), each, "{q:?}");
        }
    }

    #[test]
    fn a_key_typed_at_the_end_narrows_and_any_other_change_does_not() {
        let f = |status: &str, q: &str| Filter {
            status: status.into(),
            q: q.into(),
            ..Filter::default()
        };
        assert!(f("", "Web").narrows(&f("", "")));
        assert!(f("", "web").narrows(&f("", "WE")));
        assert!(f("", "web api").narrows(&f("", "web")));
        assert!(f("", "web ").narrows(&f("", "web")));
        assert!(!f("", "we").narrows(&f("", "web")));
        assert!(!f("", "xweb").narrows(&f("", "web")));
        assert!(!f("error", "web").narrows(&f("", "web")));
        // What narrows keeps a subset: every run the longer text matches, the shorter matched.
        let runs = vec![
            run("web", "shop", dep("x", "error", 100, Some(10))),
            run("api", "shop", dep("y", "done", 100, Some(10))),
            run("webhooks", "blog", dep("z", "running", 100, None)),
        ];
        for (longer, shorter) in [("web a", "web"), ("shop", "sh"), ("production w", "prod")] {
            let (a, b) = (f("", longer), f("", shorter));
            assert!(a.narrows(&b));
            let kept: Vec<&str> = filtered(&runs, &b)
                .iter()
                .map(|r| r.deployment.deployment_id.as_str())
                .collect();
            for r in filtered(&runs, &a) {
                assert!(kept.contains(&r.deployment.deployment_id.as_str()));
            }
        }
    }

    /// The body of a recorded exchange of the real v0.30.2.
    fn recorded<T: serde::de::DeserializeOwned>(exchange: &str) -> T {
        let v: serde_json::Value = serde_json::from_str(exchange).unwrap();
        serde_json::from_value(v["body"].clone()).unwrap()
    }

    #[test]
    fn backup_runs_are_named_after_their_service_and_place() {
        let list: Vec<Deployment> = recorded(include_str!(
            "../../recordings/dokploy/v0.30.2/_exchanges/deployment.allCentralized.with-rec-wave2.json"
        ));
        let runs: Vec<BackupRun> = recorded(include_str!(
            "../../recordings/dokploy/v0.30.2/_exchanges/overview.backups.with-volume-backup.json"
        ));
        let names = places(&list);
        let got = backups("prod", "Production", runs, &names);
        let seen: Vec<_> = got
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.service.as_str(),
                    r.source,
                    r.deployment.title.as_deref().unwrap_or(""),
                    r.kind_word(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    ServiceKind::Application,
                    "rec-web",
                    Source::VolumeBackup,
                    "Volume backup to rec-wave2-s3-renamed",
                    "backup"
                ),
                (
                    ServiceKind::Compose,
                    "rec-stack",
                    Source::Backup,
                    "Backup to rec-wave2-s3-renamed",
                    "backup"
                ),
                (
                    ServiceKind::Postgres,
                    "rec-db",
                    Source::Backup,
                    "Backup to rec-wave2-s3-renamed",
                    "backup"
                ),
            ]
        );
        // Every place is named from the deployments' own, and each run opens its tab.
        for r in &got {
            assert!(!r.project.is_empty() && !r.environment.is_empty(), "{r:?}");
            assert_eq!(r.deployment.status, Some(DeploymentStatus::Error));
        }
        assert!(
            log_href(&got[0]).ends_with("/volumes"),
            "{}",
            log_href(&got[0])
        );
        assert!(
            log_href(&got[2]).ends_with("/backups"),
            "{}",
            log_href(&got[2])
        );
        // The kind filter's "backup" keeps them, "application" does not.
        let f = Filter {
            kind: "backup".into(),
            ..Filter::default()
        };
        assert_eq!(filtered(&got, &f).len(), 3);
        let f = Filter {
            kind: "application".into(),
            ..Filter::default()
        };
        assert!(filtered(&got, &f).is_empty());
        // The plots count deployments only.
        let refs: Vec<&Run> = got.iter().collect();
        assert_eq!(plots_html(&refs, 0, false), "");
        let now = time::parse_iso("2026-12-01T00:05:10.000Z").unwrap();
        let mut mixed = vec![run("web", "shop", dep("x", "done", 100, Some(10)))];
        mixed.extend(got);
        let refs: Vec<&Run> = mixed.iter().collect();
        let plots = plots_html(&refs, now, false);
        assert!(
            plots.contains("<p class=\"small\">1 deployment, 0 failed</p>"),
            "{plots}"
        );
    }

    #[test]
    fn centralized_answers_name_their_service_and_place() {
        let text = r#"[{"deploymentId":"d1","status":"done","applicationId":"a1",
            "createdAt":"2026-12-01T00:00:00.000Z",
            "application":{"applicationId":"a1","name":"web","appName":"web-x",
              "environment":{"environmentId":"e1","name":"production",
                "project":{"projectId":"p1","name":"shop"}}},"compose":null},
            {"deploymentId":"d2","status":"error","composeId":"c1",
            "compose":{"composeId":"c1","name":"stack","environment":null}},
            {"deploymentId":"d3","status":"done","application":null,"compose":null}]"#;
        let list: Vec<Deployment> = serde_json::from_str(text).unwrap();
        let runs = centralized("prod", "Production", list);
        assert_eq!(runs.len(), 2);
        assert_eq!(
            (
                runs[0].kind,
                runs[0].service_id.as_str(),
                runs[0].service.as_str()
            ),
            (ServiceKind::Application, "a1", "web")
        );
        assert_eq!(
            (runs[0].project.as_str(), runs[0].environment.as_str()),
            ("shop", "production")
        );
        assert_eq!(
            (runs[1].kind, runs[1].service_id.as_str()),
            (ServiceKind::Compose, "c1")
        );
    }

    #[test]
    fn days_count_by_outcome_and_slow_services_rank_by_median() {
        let now = time::parse_iso("2026-12-03T12:00:00.000Z").unwrap();
        let at = |id: &str, status: &str, day: u32, took: i64| {
            let mut d = dep(id, status, 0, Some(took));
            d.started_at = Some(format!("2026-12-{day:02}T10:00:00.000Z"));
            d.finished_at = Some(format!(
                "2026-12-{day:02}T10:{:02}:{:02}.000Z",
                took / 60,
                took % 60
            ));
            d
        };
        let runs = vec![
            run("a", "shop", at("1", "done", 3, 60)),
            run("a", "shop", at("2", "error", 3, 5)),
            run("a", "shop", at("3", "done", 1, 120)),
            run("b", "shop", at("4", "done", 2, 300)),
            run("b", "shop", at("5", "cancelled", 2, 1)),
        ];
        let refs: Vec<&Run> = runs.iter().collect();
        assert_eq!(
            per_day(&refs, now, 4),
            vec![[0, 0, 0], [1, 0, 0], [1, 0, 1], [1, 1, 0]]
        );
        let slow: Vec<_> = slowest(&refs, 5)
            .iter()
            .map(|(r, m)| (r.service.clone(), *m))
            .collect();
        assert_eq!(
            slow,
            [("b".to_string(), 300_000), ("a".to_string(), 60_000)]
        );
    }

    #[test]
    fn slowest_agrees_with_each_services_figures() {
        let runs: Vec<Run> = (0..300i64)
            .map(|i| {
                let status = ["done", "done", "error", "done", "cancelled"][(i % 5) as usize];
                run(
                    &format!("s{}", i % 17),
                    "p",
                    dep(&i.to_string(), status, i * 60, Some(10 + (i * 37) % 400)),
                )
            })
            .collect();
        let refs: Vec<&Run> = runs.iter().collect();
        for (r, median) in slowest(&refs, 17) {
            let own: Vec<Deployment> = runs
                .iter()
                .filter(|x| x.service == r.service)
                .map(|x| x.deployment.clone())
                .collect();
            assert_eq!(figures(&own).median_ms, Some(median), "{}", r.service);
        }
    }

    #[test]
    fn rows_and_plots_show_server_text_as_text() {
        let mut d = dep("d<1>", "error", 100, Some(10));
        d.title = Some("<script>alert(1)</script>".into());
        d.error_message = Some("x\" onmouseover=\"y".into());
        let r = run("<b>api</b>", "shop & co", d);
        let rows = rows_html(&[&r], true, 0);
        let plots = plots_html(&[&r], 0, true);
        for html in [&rows, &plots] {
            assert!(
                !html.contains("<script>") && !html.contains("<b>"),
                "{html}"
            );
        }
        assert!(
            rows.contains("&lt;script&gt;") && rows.contains("x&quot; onmouseover"),
            "{rows}"
        );
        assert!(
            rows.contains("Production › shop &amp; co › production"),
            "{rows}"
        );
        assert!(rows.contains("data-status=\"error\""), "{rows}");
        assert!(
            rows.contains("href=\"#/i/prod/application/%3Cb%3Eapi%3C%2Fb%3E-id/deployments\""),
            "{rows}"
        );
    }

    #[test]
    fn waiting_jobs_become_queued_runs_named_after_their_service() {
        let known = vec![run("storefront", "shop", dep("d1", "done", 100, Some(10)))];
        let jobs: Vec<QueueJob> = serde_json::from_str(
            r#"[{"id":"job-2","state":"waiting","data":{"applicationId":"storefront-id","titleLog":"Manual deployment"}},
                {"id":"job-1","state":"active","data":{"applicationId":"storefront-id"}},
                {"id":"job-3","state":"waiting","data":{"composeId":"c9"}}]"#,
        )
        .unwrap();
        let w = waiting("prod", "Production", jobs, &known);
        assert_eq!(w.len(), 2);
        assert_eq!(
            (w[0].service.as_str(), w[0].project.as_str()),
            ("storefront", "shop")
        );
        assert!(w[0].active());
        assert_eq!(w[0].deployment.title.as_deref(), Some("Manual deployment"));
        assert_eq!(
            (w[1].kind, w[1].service.as_str()),
            (ServiceKind::Compose, "Compose")
        );
    }
}

//! `--seed-history`: thirty days of the demo's past, for the deployments activity center. The
//! deployed applications and compose services get deploys on some days (a few a day), each with
//! its service's typical duration and spread (30 s to 6 min), mostly `done`, some `error` (a
//! failed build whose log says why), a rare `cancelled` (Dokploy cancels what was running when it
//! restarts: status `cancelled`, no `finishedAt`, the log cut short) and one that never started
//! (`createDeployment` failed: `errorMessage` `An error have occurred: ENOSPC: ...`, no log). The
//! backups, schedules and volume backups of the seed get their cron's past runs.
//!
//! Like Dokploy, which keeps a service's (preview's, backup's, ...) ten newest deployments when it
//! adds one (`removeLastTenDeployments`), each keeps only its eleven newest: a busy service shows
//! its last few days, a quiet one its month. The seeded rows stay the newest of their services,
//! deploys never overlap (the queue runs one at a time), and everything is drawn from a fixed seed
//! apart from the store's generator, so the history has the same ids and times (relative to
//! start-up or a reset) on every run, and the ids made later are those made without it.
//!
//! Titles are Dokploy's: `Manual deployment`, `Rebuild deployment`, checkout-api's `Deploy x.y.z`
//! (set through the API), and for a git source the commit: v0.30.2 writes the commit's message and
//! `Commit: <hash>` once the code is cloned, older eras keep the webhook's message and `Hash:
//! <hash>` (so does v0.30.2 for a deploy that never got that far). checkout-api's deploys since
//! its rollbacks were turned on have rollbacks (`rollbacks`).

use std::collections::{HashMap, HashSet};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::s;
use crate::store::{RunOwner, Store};
use crate::util::{hex_from, now_ms};

const SEED: u64 = 0x4157_0817_2026;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// How far back the history goes.
const DAYS: i64 = 30;
/// What a service keeps: the ten Dokploy keeps before it adds one, and that one.
const KEPT: usize = 11;
/// When checkout-api's rollbacks were turned on (its registry's `createdAt`).
const ROLLBACKS_SINCE: i64 = 12 * DAY;

/// How a service is built.
#[derive(Clone, Copy, PartialEq)]
enum Build {
    /// From a git repository, with nixpacks (`source` as the clone line names it).
    Git {
        source: &'static str,
        messages: &'static [&'static str],
    },
    /// From a docker image.
    Image,
    /// A compose file written in Dokploy (`raw`).
    Compose,
}

struct Profile {
    app_name: &'static str,
    /// The chance that a day has deploys, and how many it has then.
    busy: f64,
    per_day: (u32, u32),
    /// Seconds a deploy typically takes, give or take `spread`.
    typical: i64,
    spread: i64,
    errors: f64,
    build: Build,
}

const STOREFRONT_COMMITS: &[&str] = &[
    "feat(cart): keep carts of signed-in customers",
    "fix: round totals half-up",
    "chore(deps): bump next from 15.0.3 to 15.0.4",
    "perf: lazy-load product images below the fold",
    "fix(search): ignore accents in queries",
    "feat: gift cards at checkout",
    "refactor: move pricing into lib/price",
    "fix(checkout): keep the address after a failed payment",
    "chore: regenerate the sitemap nightly",
    "feat(i18n): German translations",
    "fix: header overlapping the menu on small screens",
    "style: tighten the product grid",
    "feat(account): order history with invoices",
    "fix: stale stock badge after checkout",
];

const WORKER_COMMITS: &[&str] = &[
    "fix(queue): ack jobs after processing",
    "chore(deps): bump bullmq to 5.12",
    "feat: retry webhooks with backoff",
    "refactor: split the job handlers",
    "fix: shut down gracefully on SIGTERM",
    "feat: dead-letter queue for poisoned jobs",
];

const PROFILES: [Profile; 5] = [
    Profile {
        app_name: "shop-storefront-x1k2p9",
        busy: 0.7,
        per_day: (1, 4),
        typical: 170,
        spread: 60,
        errors: 0.15,
        build: Build::Git {
            source: "github.com/acme/storefront",
            messages: STOREFRONT_COMMITS,
        },
    },
    Profile {
        app_name: "shop-checkout-api-m4q8zt",
        busy: 0.4,
        per_day: (1, 2),
        typical: 45,
        spread: 15,
        errors: 0.08,
        build: Build::Image,
    },
    Profile {
        app_name: "shop-flaky-worker-c7v1nb",
        busy: 0.3,
        per_day: (1, 3),
        typical: 80,
        spread: 25,
        errors: 1.0,
        build: Build::Git {
            source: "github.com/acme/worker",
            messages: WORKER_COMMITS,
        },
    },
    Profile {
        app_name: "blog-ghost-t6y2ua",
        busy: 0.35,
        per_day: (1, 1),
        typical: 40,
        spread: 12,
        errors: 0.1,
        build: Build::Image,
    },
    Profile {
        app_name: "shop-monitoring-h5w3ke",
        busy: 0.15,
        per_day: (1, 2),
        typical: 70,
        spread: 25,
        errors: 0.0,
        build: Build::Compose,
    },
];

/// A deploy to make.
struct Planned {
    service_id: String,
    at: i64,
    took: i64,
    status: &'static str,
    title: String,
    description: String,
    log: String,
    /// `createDeployment` failed: no log, `errorMessage`.
    never_started: bool,
    redeploy: bool,
    /// The docker image it ran (an image's), for its rollback.
    image: String,
}

fn joined(lines: Vec<String>) -> String {
    lines.into_iter().map(|l| l + "\n").collect()
}

/// The deploys of one service between `from` and `until`, oldest first.
fn plan(
    rng: &mut StdRng,
    era: Era,
    p: &Profile,
    service_id: &str,
    docker_image: &str,
    (from, until): (i64, i64),
    now: i64,
) -> Vec<Planned> {
    let mut times = Vec::new();
    for day in (0..DAYS).rev() {
        let start = now - (day + 1) * DAY;
        if !rng.random_bool(p.busy) {
            continue;
        }
        let n = rng.random_range(p.per_day.0..=p.per_day.1);
        for _ in 0..n {
            times.push(start + rng.random_range(7 * HOUR..22 * HOUR));
        }
    }
    times.sort();
    let mut out = Vec::new();
    for at in times {
        if at <= from || at >= until {
            continue;
        }
        let error = rng.random_bool(p.errors);
        let typical = p.typical * 1000;
        let mut took = typical + rng.random_range(-p.spread * 1000..=p.spread * 1000);
        if error {
            took = took * rng.random_range(35..70) / 100;
        }
        let took = took.clamp(30_000, 360_000);
        let redeploy = rng.random_bool(0.3);
        let sha = hex_from(rng, 40);
        let (title, description, log) = match p.build {
            Build::Git { source, messages } => {
                let message = messages[rng.random_range(0..messages.len())];
                let (title, description) = match (redeploy, era) {
                    (true, _) => ("Rebuild deployment".to_string(), String::new()),
                    (false, Era::V0_30_2) => (message.to_string(), format!("Commit: {sha}")),
                    (false, _) if rng.random_bool(0.8) => {
                        (message.to_string(), format!("Hash: {sha}"))
                    }
                    (false, _) => ("Manual deployment".to_string(), String::new()),
                };
                let lines = match (error, p.app_name) {
                    (false, app) => crate::store::success_lines(app, source),
                    (true, "shop-storefront-x1k2p9") => {
                        crate::previews::failure_lines(p.app_name, source)
                    }
                    (true, app) => crate::store::failure_lines(app, source),
                };
                (title, description, joined(lines))
            }
            Build::Image => {
                let title = if redeploy {
                    "Rebuild deployment"
                } else {
                    "Manual deployment"
                };
                let lines = crate::store::pull_lines(docker_image, !error);
                (title.to_string(), String::new(), joined(lines))
            }
            Build::Compose => {
                let title = if redeploy {
                    "Rebuild deployment"
                } else {
                    "Manual deployment"
                };
                let lines = crate::store::compose_lines(p.app_name, false);
                (title.to_string(), String::new(), joined(lines))
            }
        };
        out.push(Planned {
            service_id: service_id.to_string(),
            at,
            took,
            status: if error { "error" } else { "done" },
            title,
            description,
            log,
            never_started: false,
            redeploy,
            image: docker_image.to_string(),
        });
    }
    out
}

/// checkout-api's images: `Deploy 1.13.N` bumps before its seeded 1.14.0, then the seeded
/// versions; a deploy runs the newest image deployed before it.
fn checkout_versions(planned: &mut [Planned], seeded: &[(i64, &str)], rng: &mut StdRng) {
    let mut minor_patch = 0;
    let mut current = "ghcr.io/acme/checkout-api:1.12.4".to_string();
    let first_seeded = seeded.first().map_or(i64::MAX, |x| x.0);
    for p in planned.iter_mut() {
        if let Some((_, image)) = seeded.iter().rev().find(|(at, _)| *at < p.at) {
            current = image.to_string();
        } else if p.at < first_seeded && !p.redeploy && rng.random_bool(0.5) {
            let version = format!("1.13.{minor_patch}");
            minor_patch += 1;
            current = format!("ghcr.io/acme/checkout-api:{version}");
            p.title = format!("Deploy {version}");
        }
        if p.image != current {
            p.log = p.log.replace(&p.image, &current);
            p.image = current.clone();
        }
    }
}

/// Moves each deploy after the one before it and after every seeded deploy it would overlap (the
/// queue runs one at a time); drops what no longer fits before its service's `until`.
fn one_at_a_time(
    mut planned: Vec<Planned>,
    busy: &[(i64, i64)],
    until: &HashMap<String, i64>,
) -> Vec<Planned> {
    planned.sort_by_key(|p| p.at);
    let mut free_from = i64::MIN;
    let mut out = Vec::new();
    for mut p in planned {
        let mut start = p.at.max(free_from);
        loop {
            let clash = busy
                .iter()
                .find(|(b, e)| start < *e + 15_000 && start + p.took + 15_000 > *b);
            match clash {
                Some((_, e)) => start = e + 15_000,
                None => break,
            }
        }
        if start + p.took >= until.get(&p.service_id).copied().unwrap_or(i64::MAX) {
            continue;
        }
        p.at = start;
        free_from = start + p.took + 20_000;
        out.push(p);
    }
    out
}

/// Whether the rollback of deploy `p` of checkout-api exists in `era` (v0.30.2: every deploy
/// that got to its build; v0.24.12: a successful `deploy`).
fn has_rollback(era: Era, p: &Planned, now: i64) -> bool {
    if p.at < now - ROLLBACKS_SINCE || p.never_started {
        return false;
    }
    match era {
        Era::V0_30_2 => true,
        Era::V0_24_12 => p.status == "done" && !p.redeploy,
        Era::V0_18_4 => false,
    }
}

/// Adds the history (see the module's notes) in `era`'s words.
pub fn seed(st: &mut Store, era: Era) {
    let mut rng = StdRng::seed_from_u64(SEED);
    // Ids come from the history's own generator: those made after it are the same with or
    // without it.
    std::mem::swap(&mut st.rng, &mut rng);
    seed_deploys(st, era);
    seed_runs(st);
    std::mem::swap(&mut st.rng, &mut rng);
    st.touch();
}

/// A number drawn from a name.
fn name_seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn service_by_app_name(st: &Store, app_name: &str) -> Option<(String, Kind, crate::shapes::Row)> {
    st.services
        .iter()
        .find(|(_, svc)| s(&svc.row, "appName") == app_name)
        .map(|(id, svc)| (id.clone(), svc.kind, svc.row.clone()))
}

fn seed_deploys(st: &mut Store, era: Era) {
    let now = now_ms();
    let parse = |t: &str| crate::docker::parse_iso(t);
    // What the queue was busy with: every seeded deploy (a preview's too).
    let busy: Vec<(i64, i64)> = st
        .deployments
        .iter()
        .filter(|d| d.row.get("backupId").is_none_or(Value::is_null))
        .filter(|d| d.row.get("scheduleId").is_none_or(Value::is_null))
        .filter(|d| d.row.get("volumeBackupId").is_none_or(Value::is_null))
        .filter_map(|d| {
            let b = parse(&s(&d.row, "createdAt"))?;
            let e = parse(&s(&d.row, "finishedAt")).unwrap_or(b + MINUTE);
            Some((b, e))
        })
        .collect();
    let mut planned = Vec::new();
    let mut until = HashMap::new();
    let mut checkout = None;
    for p in &PROFILES {
        let Some((id, _, row)) = service_by_app_name(st, p.app_name) else {
            continue;
        };
        let created = parse(&s(&row, "createdAt")).unwrap_or(now - DAYS * DAY);
        let newest = st
            .deployments
            .iter()
            .filter(|d| d.service_id == id)
            .filter_map(|d| parse(&s(&d.row, "createdAt")))
            .max()
            .unwrap_or(now - HOUR);
        // Each service's past from a generator of its own (tuning one leaves the others be).
        let mut rng = StdRng::seed_from_u64(SEED ^ name_seed(p.app_name));
        let mut mine = plan(
            &mut rng,
            era,
            p,
            &id,
            &s(&row, "dockerImage"),
            (created + HOUR, newest),
            now,
        );
        if p.app_name == "shop-checkout-api-m4q8zt" {
            let mut seeded: Vec<(i64, String)> = st
                .deployments
                .iter()
                .filter(|d| d.service_id == id)
                .filter_map(|d| {
                    let image = d.rollback.as_ref().map(|r| s(r, "image"))?;
                    Some((parse(&s(&d.row, "createdAt"))?, image))
                })
                .collect();
            seeded.sort();
            let seeded: Vec<(i64, &str)> = seeded.iter().map(|(t, i)| (*t, i.as_str())).collect();
            checkout_versions(&mut mine, &seeded, &mut rng);
            checkout = Some(id.clone());
        }
        until.insert(id, newest);
        planned.extend(mine);
    }
    let mut planned = one_at_a_time(planned, &busy, &until);
    // The storefront's odd ones, among what it keeps: its fourth newest deploy was cancelled by
    // a restart of Dokploy, a deploy (not a rebuild) from its seventh newest on never started
    // (the disk was full).
    let storefront = service_by_app_name(st, "shop-storefront-x1k2p9").map(|x| x.0);
    let mut theirs: Vec<usize> = (0..planned.len())
        .filter(|&i| Some(&planned[i].service_id) == storefront.as_ref())
        .collect();
    theirs.reverse();
    if let Some(&i) = theirs.get(3) {
        let p = &mut planned[i];
        p.status = "cancelled";
        let lines: Vec<&str> = p.log.lines().collect();
        let cut = lines.len() * 3 / 5;
        p.log = lines[..cut].iter().map(|l| format!("{l}\n")).collect();
        // The job's title: the commit's message was never written over it.
        p.description = p.description.replace("Commit: ", "Hash: ");
    }
    let never = theirs
        .iter()
        .skip(6)
        .copied()
        .find(|&i| !planned[i].redeploy);
    if let Some(i) = never {
        let p = &mut planned[i];
        p.never_started = true;
        p.status = "error";
        p.took = 0;
        p.log = String::new();
        p.description = p.description.replace("Commit: ", "Hash: ");
    }
    // Each service keeps its eleven newest deployments; the rest were pruned (rollbacks and
    // all). What checkout-api's pruned deploys had in rollbacks counts in the serial.
    let mut pruned_rollbacks = 0;
    let mut kept_planned: HashSet<usize> = HashSet::new();
    for id in until.keys() {
        let mut times: Vec<(i64, bool, usize)> = st
            .deployments
            .iter()
            .enumerate()
            .filter(|(_, d)| d.service_id == *id)
            .filter_map(|(i, d)| Some((parse(&s(&d.row, "createdAt"))?, false, i)))
            .collect();
        times.extend(
            planned
                .iter()
                .enumerate()
                .filter(|(_, p)| p.service_id == *id)
                .map(|(i, p)| (p.at, true, i)),
        );
        times.sort();
        times.reverse();
        for (_, is_planned, i) in times.iter().skip(KEPT) {
            let had_rollback = if *is_planned {
                Some(id) == checkout.as_ref() && has_rollback(era, &planned[*i], now)
            } else {
                st.deployments[*i].rollback.is_some() && era != Era::V0_18_4
            };
            pruned_rollbacks += usize::from(had_rollback);
        }
        let stale: Vec<String> = times
            .iter()
            .skip(KEPT)
            .filter(|(_, is_planned, _)| !is_planned)
            .map(|(_, _, i)| s(&st.deployments[*i].row, "deploymentId"))
            .collect();
        st.deployments
            .retain(|d| !stale.contains(&s(&d.row, "deploymentId")));
        kept_planned.extend(
            times
                .iter()
                .take(KEPT)
                .filter(|(_, is_planned, _)| *is_planned)
                .map(|(_, _, i)| *i),
        );
    }
    let mut keep: Vec<Planned> = planned
        .into_iter()
        .enumerate()
        .filter(|(i, _)| kept_planned.contains(i))
        .map(|(_, p)| p)
        .collect();
    keep.sort_by_key(|p| p.at);
    st.rollback_seq += pruned_rollbacks as i64;
    for p in keep {
        let finished = match p.status {
            "cancelled" => None,
            _ => Some(p.took),
        };
        let id = st.add_deployment(
            &p.service_id,
            &p.title,
            &p.description,
            p.status,
            p.log.clone(),
            p.at,
            finished,
        );
        let Some(pos) = st
            .deployments
            .iter()
            .position(|d| s(&d.row, "deploymentId") == id)
        else {
            continue;
        };
        if p.never_started {
            let row = &mut st.deployments[pos].row;
            row.insert("logPath".into(), json!(""));
            row.insert(
                "errorMessage".into(),
                json!("An error have occurred: ENOSPC: no space left on device, write"),
            );
        }
        if Some(&p.service_id) == checkout.as_ref() && has_rollback(era, &p, now) {
            crate::rollbacks::placeholder(st, pos, &p.image);
        }
    }
}

/// A run to make: (started this long ago, status).
type Run = (i64, &'static str);

/// The newest `KEPT` of the seeded runs (`ago` of each) and `cadence`'s past runs back to
/// `since` ago: the past ones that stay.
fn past_runs(seeded: &[i64], cadence: i64, since: i64) -> Vec<i64> {
    let newest = seeded.iter().copied().min().unwrap_or(0);
    let oldest = seeded.iter().copied().max().unwrap_or(0);
    let mut all: Vec<(i64, bool)> = seeded.iter().map(|&a| (a, false)).collect();
    let mut ago = if seeded.is_empty() { newest } else { oldest } + cadence;
    while ago < since {
        all.push((ago, true));
        ago += cadence;
    }
    all.sort();
    all.into_iter()
        .take(KEPT)
        .filter(|(_, past)| *past)
        .map(|(a, _)| a)
        .collect()
}

fn seed_runs(st: &mut Store) {
    use crate::backups::{file_size, plan_backup_run, plan_schedule_run, plan_volume_run};
    let now = now_ms();
    let runs_ago = |st: &Store, owner: &str| -> Vec<i64> {
        st.deployments
            .iter()
            .filter(|d| d.service_id == owner)
            .filter_map(|d| crate::docker::parse_iso(&s(&d.row, "createdAt")))
            .map(|t| now - t)
            .collect()
    };
    // Database backups: a run a day (a week) before the seeded ones; one of shop-db's past runs
    // failed like its seeded one (the container was down).
    for backup in st.backups.clone() {
        let id = s(&backup, "backupId");
        let seeded = runs_ago(st, &id);
        if seeded.is_empty() {
            continue;
        }
        let weekly = s(&backup, "schedule").ends_with(" 0");
        let cadence = if weekly { 7 * DAY } else { DAY };
        let key = Kind::from_router(&s(&backup, "databaseType"))
            .map(|k| k.id_key())
            .unwrap_or("postgresId");
        let Some(svc) = st.services.get(&s(&backup, key)).map(|x| x.row.clone()) else {
            continue;
        };
        let since = crate::docker::parse_iso(&s(&svc, "createdAt"))
            .map_or(DAYS * DAY, |t| (now - t).min(DAYS * DAY));
        let Some(d) = st.destination(&s(&backup, "destinationId")).cloned() else {
            continue;
        };
        let keep = backup
            .get("keepLatestCount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let past: Vec<Run> = past_runs(&seeded, cadence, since)
            .into_iter()
            .enumerate()
            .map(|(i, ago)| (ago, if i == 2 && !weekly { "error" } else { "done" }))
            .collect();
        for (ago, status) in past.into_iter().rev() {
            let start = now - ago;
            let container = hex_from(&mut st.rng, 12);
            let mut run = plan_backup_run(&backup, &svc, &d, start, 2_000, &container);
            let status = if run.failure.is_some() {
                "error"
            } else {
                status
            };
            if status == "error" && run.failure.is_none() {
                run.lines.truncate(3);
                run.lines.push(format!(
                    "[{}] ❌ Error: Container not found",
                    crate::util::date_c(start + 4_000)
                ));
            }
            let took = if status == "done" { 14_000 } else { 9_000 };
            st.add_run(
                RunOwner::Backup,
                &id,
                run.title,
                status,
                joined(run.lines.clone()),
                start,
                Some(took),
            );
            if status == "done" {
                let size = file_size(&run.file, 24_000_000);
                let dest = s(&d, "destinationId");
                crate::backups::store_backup_file(st, &dest, &run.file, size, keep);
            }
        }
    }
    // Schedules: each cron's past runs since the schedule was made; one of the hourly report's
    // runs hung until the next one superseded it.
    for sc in st.schedules.clone() {
        let id = s(&sc, "scheduleId");
        let seeded = runs_ago(st, &id);
        if seeded.is_empty() {
            continue;
        }
        let cron = s(&sc, "cronExpression");
        let cadence = if cron.starts_with("0 * ") {
            HOUR
        } else if cron.ends_with(" 1") || cron.ends_with(" 0") {
            7 * DAY
        } else {
            DAY
        };
        let since = crate::docker::parse_iso(&s(&sc, "createdAt"))
            .map_or(DAYS * DAY, |t| (now - t).min(DAYS * DAY));
        let past = past_runs(&seeded, cadence, since);
        let hung = (cadence == HOUR).then(|| past.get(3).copied()).flatten();
        for ago in past.into_iter().rev() {
            let container = hex_from(&mut st.rng, 64);
            let (mut lines, ok) = plan_schedule_run(&sc, &container, 0);
            let start = now - ago;
            let superseded = Some(ago) == hung;
            let took = if superseded {
                lines.truncate(2);
                cadence
            } else {
                3_000
            };
            let status = if ok && !superseded { "done" } else { "error" };
            let run = st.add_run(
                RunOwner::Schedule,
                &id,
                "Schedule",
                status,
                joined(lines),
                start,
                Some(took),
            );
            if superseded {
                if let Some(d) = st
                    .deployments
                    .iter_mut()
                    .find(|d| s(&d.row, "deploymentId") == run)
                {
                    d.row.insert(
                        "errorMessage".into(),
                        json!("Superseded by a new run of this schedule."),
                    );
                }
            }
        }
    }
    // Volume backups: a run a day since the volume backup was made.
    for vb in st.volume_backups.clone() {
        let id = s(&vb, "volumeBackupId");
        let seeded = runs_ago(st, &id);
        if seeded.is_empty() {
            continue;
        }
        let Some(app) = st
            .services
            .get(&s(&vb, "applicationId"))
            .map(|x| s(&x.row, "appName"))
        else {
            continue;
        };
        let Some(d) = st.destination(&s(&vb, "destinationId")).cloned() else {
            continue;
        };
        let since = crate::docker::parse_iso(&s(&vb, "createdAt"))
            .map_or(DAYS * DAY, |t| (now - t).min(DAYS * DAY));
        let keep = vb
            .get("keepLatestCount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        for ago in past_runs(&seeded, DAY, since).into_iter().rev() {
            let start = now - ago;
            let run = plan_volume_run(&vb, &app, &d, start, None);
            let status = if run.ok { "done" } else { "error" };
            st.add_run(
                RunOwner::VolumeBackup,
                &id,
                "Volume Backup",
                status,
                joined(run.lines),
                start,
                Some(41_000),
            );
            if run.ok {
                let size = crate::backups::file_size(&run.file, 180_000_000);
                let dest = s(&d, "destinationId");
                crate::backups::store_volume_file(
                    st,
                    &dest,
                    &run.file,
                    &s(&vb, "volumeName"),
                    size,
                    keep,
                );
            }
        }
    }
}

/// `--seed-history` with `--seed-projects`: every generated application and compose service gets
/// the ten deployments Dokploy keeps, spread over the thirty days (the bench's activity center:
/// 1,000 projects of 10 services make 40,000 rows; 84 make 3,360). Mostly `done`, every seventh
/// `error`, 30 s to 6 min each; drawn from the ids, so every run seeds the same.
pub fn seed_bulk(st: &mut Store) {
    let now = now_ms();
    let mut ids: Vec<(String, String)> = st
        .services
        .iter()
        .filter(|(_, svc)| matches!(svc.kind, Kind::Application | Kind::Compose))
        .map(|(id, svc)| (id.clone(), s(&svc.row, "name")))
        .collect();
    ids.sort();
    for (n, (id, name)) in ids.into_iter().enumerate() {
        let h = name_seed(&id);
        for k in 0..KEPT as u64 - 1 {
            let step = (DAYS * DAY) / (KEPT as i64 - 1);
            let at =
                now - DAYS * DAY + k as i64 * step + ((h >> (k % 32)) % (step as u64 / 2)) as i64;
            let took = 30_000 + ((h.rotate_left(k as u32 * 7) % 330) as i64) * 1_000;
            let status = if (n as u64 + k) % 7 == 3 {
                "error"
            } else {
                "done"
            };
            let log = format!("Building {name}\n");
            st.add_deployment(&id, "Manual deployment", "", status, log, at, Some(took));
        }
    }
    st.touch();
}

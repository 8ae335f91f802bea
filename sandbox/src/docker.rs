//! Containers and their statistics: Dokploy's docker router (`docker.getContainers`,
//! `.getConfig`, `.restartContainer`, `.getContainersByAppNameMatch`, `.getContainersByAppLabel`,
//! `.getServiceContainersByAppName`, `.getStackContainersByAppName`) and
//! `application.readAppMonitoring`, as Dokploy answers them on a Docker host: the shapes are what
//! its source makes of the output of `docker ps`, `docker service ps`, `docker stack ps` and the
//! stats files of its monitoring.
//!
//! The containers follow from the services (nothing is stored but what happened to them):
//! - an application or a database whose status is `running` or `done` runs one container per
//!   replica, the task of its swarm service (`<appName>.<slot>.<task id>`, a 25-character task id
//!   and a 12-hex container id drawn from the names, so that they are the same from run to run);
//!   stopped (`idle`) after it ran, its container has exited (`Exited (0) ...`), in `error` it has
//!   failed (`Exited (1) ...`); never deployed, it has none. An application's slots also list
//!   the task its last update replaced (`Shutdown ... ago`) in `docker service ps`.
//! - a compose service runs `<appName>-<service>-1` per service of its file (label
//!   `com.docker.compose.project=<appName>`), or, with `composeType: stack`, the tasks of the swarm
//!   services `<appName>_<service>`; an errored one's containers have exited (`Exited (1) ...`).
//! - times come from the deployments (a container started when the last successful deploy
//!   finished) and, after start-up, from the status changes (`State::status_changed`): a start,
//!   a finished deploy or a reload starts new containers, a stop or a failure ends them.
//!   `docker.restartContainer` restarts one (`Up Less than a second`).
//!
//! Without a Docker engine (`--no-docker`, `POST /__sandbox/docker {"available": false}`) it
//! answers as the recorded v0.30.2 did on a machine without one: the lists are empty,
//! `docker.getConfig` answers nothing, a restart fails with the daemon's error, and
//! `readAppMonitoring` with `connect ENOENT /var/run/docker.sock`.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::s;
use crate::store::{Service, Store};
use crate::util::{iso, now_ms};
use crate::Shared;

/// The swarm node every task runs on.
pub const NODE: &str = "dokploy-node-1";

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// What the Docker engine knows beyond the services' rows: whether there is one, when the
/// services' containers last started or stopped (since start-up), and the restarts.
#[derive(Clone, Debug)]
pub struct State {
    pub available: bool,
    lives: HashMap<String, Life>,
    /// Container name -> when `docker.restartContainer` restarted it.
    restarts: HashMap<String, i64>,
    /// Service id -> the image a rollback put its swarm service on, until its next deploy.
    images: HashMap<String, String>,
}

impl Default for State {
    fn default() -> Self {
        State {
            available: true,
            lives: HashMap::new(),
            restarts: HashMap::new(),
            images: HashMap::new(),
        }
    }
}

/// The containers of one service, as its status changes made them.
#[derive(Clone, Debug, Default)]
struct Life {
    up_since: Option<i64>,
    down_since: Option<i64>,
    /// New containers (new tasks) since start-up.
    incarnation: u32,
    /// It ran at some point (a stopped database still has its exited container).
    ever_up: bool,
}

fn is_up(status: &str) -> bool {
    matches!(status, "running" | "done")
}

impl State {
    /// A service's status went from `old` to `new` (every change goes through
    /// `Store::set_status`): a finished deploy, a start or a reload (`done`) starts new
    /// containers, as does a first deploy (`running` after `idle` or `error`); a redeploy leaves
    /// the running ones serving; `idle` (stopped) and `error` end them.
    pub fn status_changed(&mut self, service_id: &str, old: &str, new: &str, now: i64) {
        let life = self.lives.entry(service_id.to_string()).or_default();
        match new {
            "done" => {
                life.start(now);
                self.images.remove(service_id);
            }
            "running" if !is_up(old) => life.start(now),
            "idle" | "error" if is_up(old) => life.down_since = Some(now),
            _ => {}
        }
    }

    /// `rollback.rollback`: the swarm service of `service_id` is updated to `image` (forced):
    /// while it runs (`up`), new tasks replace its containers.
    pub fn service_updated(&mut self, service_id: &str, image: &str, now: i64, up: bool) {
        self.images
            .insert(service_id.to_string(), image.to_string());
        if up {
            self.lives
                .entry(service_id.to_string())
                .or_default()
                .start(now);
        }
    }

    /// Forgets the times of the changes made while seeding (the seeded containers' times come
    /// from the seeded deployments), keeping which services ran.
    pub fn settle(&mut self) {
        for life in self.lives.values_mut() {
            *life = Life {
                ever_up: life.ever_up,
                ..Life::default()
            };
        }
    }
}

impl Life {
    fn start(&mut self, now: i64) {
        self.up_since = Some(now);
        self.incarnation += 1;
        self.ever_up = true;
    }
}

// ------------------------------------------------------------------ names and numbers

/// FNV-1a: the seed of everything drawn from a name.
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SplitMix64: a stream of numbers from a seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `n` characters of `alphabet` drawn from `seed`.
fn drawn(seed: &str, alphabet: &[u8], n: usize) -> String {
    let mut state = fnv(seed);
    (0..n)
        .map(|_| {
            state = mix(state);
            alphabet[(state % alphabet.len() as u64) as usize] as char
        })
        .collect()
}

/// A swarm task id: 25 lower-case letters and digits.
fn task_id(seed: &str) -> String {
    drawn(seed, b"abcdefghijklmnopqrstuvwxyz0123456789", 25)
}

/// A container's (or an image's) 64-hex id.
fn hex_id(seed: &str) -> String {
    drawn(seed, b"0123456789abcdef", 64)
}

/// A number in [0, 1) for `seed`, `series` and `index`.
fn unit(seed: u64, series: u64, index: i64) -> f64 {
    let z = mix(seed ^ mix(series.wrapping_mul(0x1000_0000_01b3) ^ index as u64));
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Docker's `HumanDuration` (go-units): `Less than a second`, `About a minute`, `3 hours`,
/// `8 weeks`.
pub fn human(ms: i64) -> String {
    let secs = ms.max(0) as f64 / 1000.0;
    let seconds = secs as i64;
    if seconds < 1 {
        return "Less than a second".into();
    }
    if seconds == 1 {
        return "1 second".into();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = (secs / 60.0) as i64;
    if minutes == 1 {
        return "About a minute".into();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    let hours = (secs / 3600.0 + 0.5) as i64;
    match hours {
        1 => "About an hour".into(),
        h if h < 48 => format!("{h} hours"),
        h if h < 24 * 7 * 2 => format!("{} days", h / 24),
        h if h < 24 * 30 * 2 => format!("{} weeks", h / 24 / 7),
        h if h < 24 * 365 * 2 => format!("{} months", h / 24 / 30),
        _ => format!("{} years", (secs / 3600.0) as i64 / 24 / 365),
    }
}

/// Go's `%.4g` of a size between 0 and 10000 (what `docker stats` prints).
fn g4(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let exponent = x.abs().log10().floor() as i32;
    let decimals = (3 - exponent).max(0) as usize;
    let mut text = format!("{x:.decimals$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    text
}

/// A size as go-units prints it: `HumanSize` (decimal: `12.3MB`) or `BytesSize` (binary:
/// `120.5MiB`), four significant digits.
fn size_text(bytes: f64, binary: bool) -> String {
    let (base, units): (f64, &[&str]) = if binary {
        (1024.0, &["B", "KiB", "MiB", "GiB", "TiB"])
    } else {
        (1000.0, &["B", "kB", "MB", "GB", "TB"])
    };
    let mut size = bytes;
    let mut i = 0;
    while size >= base && i < units.len() - 1 {
        size /= base;
        i += 1;
    }
    format!("{}{}", g4(size), units[i])
}

/// Dokploy's `parseIoToMb` of such a text: megabytes, six decimals at most.
fn io_mb(text: &str) -> f64 {
    let unit: String = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '.')
        .collect();
    let number: f64 = text
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or(0.0);
    let factor = match unit.as_str() {
        "B" => 1e-6,
        "kB" | "KB" => 1e-3,
        "GB" => 1e3,
        "TB" => 1e6,
        "KiB" => 1024.0 / 1e6,
        "MiB" => 1024.0 * 1024.0 / 1e6,
        "GiB" => 1024f64.powi(3) / 1e6,
        "TiB" => 1024f64.powi(4) / 1e6,
        _ => 1.0,
    };
    (number * factor * 1e6).round() / 1e6
}

/// Milliseconds of `2026-11-26T14:40:13.527Z` (the sandbox's own timestamps).
pub fn parse_iso(t: &str) -> Option<i64> {
    let num = |from: usize, to: usize| t.get(from..to)?.parse::<i64>().ok();
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let millis = if t.get(19..20) == Some(".") {
        num(20, 23).unwrap_or(0)
    } else {
        0
    };
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + millis)
}

/// grep's basic regular expression `appName` (letters, digits, `-`, `_` and `.`, which matches
/// any character) at `at` in `text`.
fn matches_at(pattern: &str, text: &str, at: usize) -> bool {
    let mut chars = text.chars().skip(at);
    pattern
        .chars()
        .all(|p| chars.next().is_some_and(|c| p == '.' || p == c))
}

/// `docker ps | grep '^.*Name: APP'`: the name starts with the pattern.
fn name_starts(pattern: &str, name: &str) -> bool {
    matches_at(pattern, name, 0)
}

/// `docker ps --filter name=APP`: the pattern anywhere in the name.
fn name_contains(pattern: &str, name: &str) -> bool {
    (0..=name.chars().count()).any(|at| matches_at(pattern, name, at))
}

// ------------------------------------------------------------------ containers and tasks

/// A swarm task as `docker service ps` shows it.
#[derive(Clone, Debug)]
pub struct Task {
    /// 25 characters.
    pub id: String,
    /// `<service>.<slot>`.
    pub name: String,
    pub desired_running: bool,
    /// `Running`, `Shutdown` or `Failed`.
    pub state: &'static str,
    pub since: i64,
    pub error: String,
}

impl Task {
    /// `Running 3 hours ago`: `{{.CurrentState}}`.
    pub fn current_state(&self, now: i64) -> String {
        format!(
            "{} {} ago",
            self.state,
            human(now - self.since).to_lowercase()
        )
    }
    fn desired(&self) -> &'static str {
        if self.desired_running {
            "running"
        } else {
            "shutdown"
        }
    }
}

/// A container (with its task when it is one of a swarm service).
#[derive(Clone, Debug)]
pub struct Container {
    /// The sandbox service it belongs to.
    pub service_id: String,
    /// 64 hex digits; `docker ps` shows the first 12.
    pub id: String,
    pub name: String,
    pub image: String,
    pub ports: String,
    pub running: bool,
    pub exit_code: i32,
    /// Started (running) or finished (exited).
    pub since: i64,
    pub created: i64,
    /// Label `com.docker.swarm.service.name`.
    pub swarm_service: Option<String>,
    /// Label `com.docker.compose.project`.
    pub compose_project: Option<String>,
    pub compose_service: Option<String>,
    /// Label `com.docker.stack.namespace`.
    pub stack: Option<String>,
    pub task: Option<Task>,
    /// The task its service's last update replaced (an application's).
    pub previous: Option<Task>,
}

impl Container {
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }
    /// `{{.State}}`.
    pub fn state(&self) -> &'static str {
        if self.running {
            "running"
        } else {
            "exited"
        }
    }
    /// `{{.Status}}`: `Up 3 hours`, `Exited (1) 12 days ago`.
    pub fn status(&self, now: i64) -> String {
        if self.running {
            format!("Up {}", human(now - self.since))
        } else {
            format!(
                "Exited ({}) {} ago",
                self.exit_code,
                human(now - self.since)
            )
        }
    }
}

/// When a service's containers run (or ran).
struct Run {
    up: bool,
    started: i64,
    stopped: i64,
    exit_code: i32,
    /// Part of the tasks' and containers' seeds: new containers get new ids.
    generation: String,
}

/// The run of a service, or `None` when it never was deployed.
fn run_of(st: &Store, id: &str, svc: &Service) -> Option<Run> {
    let status = s(&svc.row, svc.kind.status_key());
    let life = st.docker.lives.get(id).cloned().unwrap_or_default();
    let deployments: Vec<_> = st
        .deployments
        .iter()
        .filter(|d| d.service_id == id)
        .collect();
    let last_done = deployments
        .iter()
        .rev()
        .find(|d| s(&d.row, "status") == "done");
    let finished = |row: &crate::shapes::Row| {
        parse_iso(&s(row, "finishedAt")).or_else(|| parse_iso(&s(row, "createdAt")))
    };
    let up = is_up(&status);
    let deployed = up
        || life.ever_up
        || match svc.kind {
            Kind::Application => last_done.is_some(),
            Kind::Compose => !deployments.is_empty(),
            _ => status == "error",
        };
    if !deployed {
        return None;
    }
    let created = parse_iso(&s(&svc.row, "createdAt")).unwrap_or_else(now_ms);
    let started = life
        .up_since
        .or_else(|| last_done.and_then(|d| finished(&d.row)))
        .unwrap_or(created + MINUTE);
    let stopped = life
        .down_since
        .or_else(|| deployments.last().and_then(|d| finished(&d.row)))
        .unwrap_or(created + DAY)
        .max(started);
    Some(Run {
        up,
        started,
        stopped,
        exit_code: i32::from(status == "error"),
        generation: format!(
            "{}#{}",
            last_done
                .map(|d| s(&d.row, "deploymentId"))
                .unwrap_or_default(),
            life.incarnation
        ),
    })
}

/// The services of a compose file with their images: the keys one level under `services:`.
fn compose_services(file: &str) -> Vec<(String, String)> {
    let names = crate::api::compose_service_names(file);
    let mut out: Vec<(String, String)> = names.iter().map(|n| (n.clone(), String::new())).collect();
    let mut current: Option<usize> = None;
    for line in file.lines() {
        let body = line.trim();
        if let Some(name) = body.strip_suffix(':') {
            let name = name.trim_matches(|c| c == '"' || c == '\'');
            if let Some(i) = names.iter().position(|n| n == name) {
                current = Some(i);
                continue;
            }
        }
        if let (Some(i), Some(image)) = (current, body.strip_prefix("image:")) {
            if out[i].1.is_empty() {
                out[i].1 = image
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string();
            }
        }
    }
    out
}

/// The ports a database's image exposes.
fn exposed(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => "5432/tcp",
        Kind::Mysql => "3306/tcp, 33060/tcp",
        Kind::Mariadb => "3306/tcp",
        Kind::Mongo => "27017/tcp",
        Kind::Redis => "6379/tcp",
        Kind::Libsql => "5001/tcp, 8080/tcp",
        _ => "",
    }
}

/// The containers (and tasks) of one service.
fn service_containers(st: &Store, id: &str, svc: &Service) -> Vec<Container> {
    let Some(run) = run_of(st, id, svc) else {
        return Vec::new();
    };
    let app = s(&svc.row, "appName");
    let since = if run.up { run.started } else { run.stopped };
    let task = |service: &str, slot: u64, seed: &str| Task {
        id: task_id(seed),
        name: format!("{service}.{slot}"),
        desired_running: run.up,
        state: match (run.up, run.exit_code) {
            (true, _) => "Running",
            (false, 0) => "Shutdown",
            _ => "Failed",
        },
        since,
        error: if run.up || run.exit_code == 0 {
            String::new()
        } else {
            format!("task: non-zero exit ({})", run.exit_code)
        },
    };
    let blank = |name: String, image: String| Container {
        service_id: id.to_string(),
        id: hex_id(&format!("container|{name}|{}", run.generation)),
        name,
        image,
        ports: String::new(),
        running: run.up,
        exit_code: run.exit_code,
        since,
        created: run.started,
        swarm_service: None,
        compose_project: None,
        compose_service: None,
        stack: None,
        task: None,
        previous: None,
    };
    let mut out = Vec::new();
    match svc.kind {
        Kind::Compose => {
            let stack = s(&svc.row, "composeType") == "stack";
            for (i, (service, image)) in compose_services(&s(&svc.row, "composeFile"))
                .into_iter()
                .enumerate()
            {
                let mut c = if stack {
                    let swarm = format!("{app}_{service}");
                    let t = task(&swarm, 1, &format!("task|{swarm}|1|{}", run.generation));
                    let mut c = blank(format!("{}.{}", t.name, t.id), image);
                    c.swarm_service = Some(swarm);
                    c.stack = Some(app.clone());
                    c.task = Some(t);
                    c
                } else {
                    let mut c = blank(format!("{app}-{service}-1"), image);
                    c.compose_project = Some(app.clone());
                    c
                };
                c.compose_service = Some(service);
                c.created += i as i64 * 1000;
                out.push(c);
            }
        }
        kind => {
            let image = match (kind, s(&svc.row, "sourceType").as_str()) {
                _ if st.docker.images.contains_key(id) => st.docker.images[id].clone(),
                (Kind::Application, "docker") => s(&svc.row, "dockerImage"),
                (Kind::Application, _) => format!("{app}:latest"),
                _ => s(&svc.row, "dockerImage"),
            };
            let ports = if kind == Kind::Application {
                st.ports
                    .iter()
                    .filter(|p| s(p, "applicationId") == id && s(p, "publishMode") == "host")
                    .map(|p| {
                        format!(
                            "0.0.0.0:{}->{}/{}",
                            p.get("publishedPort").cloned().unwrap_or(Value::Null),
                            p.get("targetPort").cloned().unwrap_or(Value::Null),
                            s(p, "protocol")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                exposed(kind).to_string()
            };
            let replicas = svc
                .row
                .get("replicas")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1);
            for slot in 1..=replicas {
                let seed = format!("task|{app}|{slot}|{}", run.generation);
                let t = task(&app, slot, &seed);
                let mut c = blank(format!("{}.{}", t.name, t.id), image.clone());
                c.ports = ports.clone();
                c.swarm_service = Some(app.clone());
                if kind == Kind::Application {
                    c.previous = Some(Task {
                        id: task_id(&format!("{seed}|previous")),
                        name: t.name.clone(),
                        desired_running: false,
                        state: "Shutdown",
                        since: run.started,
                        error: String::new(),
                    });
                }
                c.task = Some(t);
                out.push(c);
            }
        }
    }
    for c in &mut out {
        if let Some(&at) = st.docker.restarts.get(&c.name) {
            if at > c.since {
                c.running = true;
                c.since = at;
            }
        }
    }
    out
}

/// Every container of the instance, newest first (`docker ps -a`).
pub fn containers(st: &Store) -> Vec<Container> {
    let mut out: Vec<Container> = st
        .services
        .iter()
        .flat_map(|(id, svc)| service_containers(st, id, svc))
        .collect();
    out.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The tasks `docker service ps` (or, `stack`, `docker stack ps`) lists: by name, the newest
/// of a slot first.
fn tasks(all: &[Container], pick: impl Fn(&Container) -> bool) -> Vec<&Task> {
    let mut out: Vec<&Task> = all
        .iter()
        .filter(|c| pick(c))
        .flat_map(|c| c.task.iter().chain(c.previous.iter()))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| b.since.cmp(&a.since)));
    out
}

/// The container `docker` takes `reference` for: its name, its id or a unique prefix of it.
fn find<'a>(all: &'a [Container], reference: &str) -> Option<&'a Container> {
    if let Some(c) = all.iter().find(|c| c.name == reference) {
        return Some(c);
    }
    let mut by_id = all.iter().filter(|c| c.id.starts_with(reference));
    match (by_id.next(), by_id.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

// ------------------------------------------------------------------ without an engine

/// What dockerode's calls fail with when there is no Docker socket (`readAppMonitoring`,
/// `mounts.allNamedByApplicationId`).
pub fn no_engine() -> ApiError {
    ApiError::internal("connect ENOENT /var/run/docker.sock")
}

/// A service's `readLogs` without a Docker engine, as recorded: an application's or a
/// database's finds no container (500), a compose service's answers docker's error as its log.
pub fn logs_without_engine(kind: Kind, app_name: &str) -> Result<Reply, ApiError> {
    if kind == Kind::Compose {
        return Ok(Reply::Json(json!(format!("{DAEMON_DOWN}\n"))));
    }
    Err(ApiError::internal(format!(
        "No container or service found for: {app_name}"
    )))
}

const DAEMON_DOWN: &str =
    "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

// ------------------------------------------------------------------ control route

/// `GET /__sandbox/docker`: `{"available": bool}`.
pub fn availability(shared: &Shared) -> Value {
    json!({"available": shared.lock().docker.available})
}

/// `POST /__sandbox/docker {"available": bool}`: there is a Docker engine, or none (until the
/// next reset, which restores `--no-docker`'s choice). Answers the new state, or 400.
pub fn set_availability(shared: &Shared, body: &[u8]) -> (u16, Value) {
    let wanted = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("available").and_then(Value::as_bool));
    match wanted {
        Some(available) => {
            shared.lock().docker.available = available;
            (200, json!({"available": available}))
        }
        None => (
            400,
            json!({"error": "expected {\"available\": true|false}"}),
        ),
    }
}

// ------------------------------------------------------------------ procedures

/// The procedures this module answers.
pub fn handles(name: &str) -> bool {
    name.starts_with("docker.") || name == "application.readAppMonitoring"
}

fn restart_command(id: &str) -> String {
    format!("docker container restart {id}")
}

/// Answers `name` as `era` does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let modern = era == Era::V0_30_2;
    let mut st = shared.lock();
    // v0.30.2's `withPermission("docker", "read")`: a member needs canAccessToDocker (the
    // older eras let any member in).
    let docker_read = !matches!(
        name,
        "docker.getContainersByAppNameMatch" | "application.readAppMonitoring"
    );
    if modern && docker_read && !caller.owner {
        let allowed = st
            .member_by_user(&caller.user_id)
            .is_some_and(|m| m.row.get("canAccessToDocker").and_then(Value::as_bool) == Some(true));
        if !allowed {
            return Err(ApiError::no_permission("docker"));
        }
    }
    let now = now_ms();
    let app_name = input_str(input, "appName");
    let json = |v: Value| Ok(Reply::Json(v));
    if name == "application.readAppMonitoring" {
        return monitoring(&st, &app_name, era, now).map(Reply::Json);
    }
    if !st.docker.available {
        return match name {
            "docker.restartContainer" if modern => Err(ApiError::internal(format!(
                "Command execution failed: Command failed: {}\n{DAEMON_DOWN}\n",
                restart_command(&input_str(input, "containerId"))
            ))),
            "docker.restartContainer" | "docker.getConfig" => Ok(Reply::Void),
            _ => json(json!([])),
        };
    }
    let all = containers(&st);
    let node = json!(NODE);
    match name {
        "docker.getContainers" => json(Value::Array(
            all.iter()
                .map(|c| {
                    json!({
                        "containerId": c.short_id(), "name": c.name, "image": c.image,
                        "ports": c.ports, "state": c.state(), "status": c.status(now),
                    })
                })
                .collect(),
        )),
        "docker.getConfig" => match find(&all, &input_str(input, "containerId")) {
            Some(c) => json(inspect(c)),
            None => Ok(Reply::Void),
        },
        "docker.restartContainer" => {
            let reference = input_str(input, "containerId");
            let Some(c) = find(&all, &reference) else {
                // Dokploy v0.30.2 relays docker's error; the older eras swallowed it.
                return if modern {
                    Err(ApiError::internal(format!(
                        "Command execution failed: Command failed: {}\nError response from daemon: No such container: {reference}\n",
                        restart_command(&reference)
                    )))
                } else {
                    Ok(Reply::Void)
                };
            };
            let container = c.name.clone();
            st.docker.restarts.insert(container, now);
            // The older eras answered `JSON.parse` of docker's output, the reference itself:
            // nothing unless it reads as JSON (a number).
            match serde_json::from_str::<Value>(&reference) {
                Ok(v) if !modern => json(v),
                _ => Ok(Reply::Void),
            }
        }
        "docker.getContainersByAppNameMatch" => {
            let app_type = input_str(input, "appType");
            if modern && app_type == "stack" {
                // Only the tasks that should run (in `docker stack ps`'s order), their
                // container's id from `docker inspect`.
                let mut running: Vec<(&Container, &Task)> = all
                    .iter()
                    .filter(|c| c.stack.as_deref() == Some(&app_name))
                    .filter_map(|c| c.task.as_ref().map(|t| (c, t)))
                    .filter(|(_, t)| t.desired_running)
                    .collect();
                running.sort_by(|a, b| a.1.name.cmp(&b.1.name));
                let list = running
                    .into_iter()
                    .map(|(c, t)| {
                        let current = t.current_state(now);
                        let status = if t.error.is_empty() {
                            current.clone()
                        } else {
                            format!("{current} ({})", t.error)
                        };
                        json!({
                            "containerId": c.short_id(), "name": format!("{}.{}", t.name, t.id),
                            "node": node,
                            "state": current.split(' ').next().unwrap_or_default().to_lowercase(),
                            "status": status,
                        })
                    })
                    .collect();
                return json(Value::Array(list));
            }
            let list = all
                .iter()
                .filter(|c| {
                    if app_type == "docker-compose" {
                        c.compose_project.as_deref() == Some(&app_name)
                    } else {
                        name_starts(&app_name, &c.name)
                    }
                })
                .map(|c| {
                    let mut v =
                        json!({"containerId": c.short_id(), "name": c.name, "state": c.state()});
                    if modern {
                        v["status"] = json!(c.status(now));
                    }
                    v
                })
                .collect();
            json(Value::Array(list))
        }
        "docker.getContainersByAppLabel" => {
            // `docker ps` without -a: running containers only. v0.18.4 knew only swarm.
            let standalone = era != Era::V0_18_4 && input_str(input, "type") == "standalone";
            let list = all
                .iter()
                .filter(|c| c.running)
                .filter(|c| {
                    if standalone {
                        name_contains(&app_name, &c.name)
                    } else {
                        c.swarm_service.as_deref() == Some(&app_name)
                    }
                })
                .map(|c| json!({"containerId": c.short_id(), "name": c.name, "state": c.state()}))
                .collect();
            json(Value::Array(list))
        }
        "docker.getServiceContainersByAppName" | "docker.getStackContainersByAppName" => {
            let stack = name == "docker.getStackContainersByAppName";
            let list = tasks(&all, |c| {
                if stack {
                    c.stack.as_deref() == Some(&app_name)
                } else {
                    c.swarm_service.as_deref() == Some(&app_name)
                }
            })
            .into_iter()
            .map(|t| {
                if modern {
                    json!({
                        "containerId": t.id, "name": t.name, "state": t.desired(),
                        "currentState": t.current_state(now), "node": node, "error": t.error,
                    })
                } else {
                    // Without --no-trunc: ids of 12 characters.
                    json!({"containerId": &t.id[..12], "name": t.name, "state": t.desired(), "node": node})
                }
            })
            .collect();
            json(Value::Array(list))
        }
        _ => Err(ApiError::no_procedure()),
    }
}

/// `docker inspect`'s object of a container, the parts a dashboard reads (no environment).
fn inspect(c: &Container) -> Value {
    let mut labels = Map::new();
    if let Some(svc) = &c.swarm_service {
        labels.insert("com.docker.swarm.service.name".into(), json!(svc));
        labels.insert("com.docker.swarm.node.id".into(), json!(task_id(NODE)));
    }
    if let Some(t) = &c.task {
        labels.insert("com.docker.swarm.task.id".into(), json!(t.id));
        labels.insert(
            "com.docker.swarm.task.name".into(),
            json!(format!("{}.{}", t.name, t.id)),
        );
    }
    if let Some(stack) = &c.stack {
        labels.insert("com.docker.stack.namespace".into(), json!(stack));
    }
    if let Some(project) = &c.compose_project {
        labels.insert("com.docker.compose.project".into(), json!(project));
        labels.insert("com.docker.compose.container-number".into(), json!("1"));
    }
    if let Some(service) = &c.compose_service {
        labels.insert("com.docker.compose.service".into(), json!(service));
    }
    let seed = fnv(&c.id);
    let never = "0001-01-01T00:00:00Z";
    json!({
        "Id": c.id,
        "Created": iso(c.created - 2_000),
        "State": {
            "Status": c.state(), "Running": c.running, "Paused": false, "Restarting": false,
            "OOMKilled": false, "Dead": false,
            "Pid": if c.running { 1000 + seed % 60_000 } else { 0 },
            "ExitCode": c.exit_code, "Error": "",
            "StartedAt": iso(if c.running { c.since } else { c.created }),
            "FinishedAt": if c.running { json!(never) } else { json!(iso(c.since)) },
        },
        "Image": format!("sha256:{}", hex_id(&c.image)),
        "Name": format!("/{}", c.name),
        "RestartCount": 0,
        "Driver": "overlay2",
        "Platform": "linux",
        "Config": {"Hostname": c.short_id(), "Image": c.image, "Labels": labels},
        "NetworkSettings": {"Networks": {"dokploy-network": {
            "IPAddress": format!("10.0.1.{}", 2 + seed % 250),
        }}},
    })
}

// ------------------------------------------------------------------ monitoring

/// Points of the seeded series (Dokploy keeps up to 288 per file).
const POINTS: i64 = 60;

/// `application.readAppMonitoring`: Dokploy's `getApplicationStats` reads the stats files of
/// `appName` when a running container of that swarm service exists (an application's or a
/// database's; never a compose service's), else `null`; v0.30.2 reads `dokploy`'s (the host's)
/// without looking at containers.
fn monitoring(st: &Store, app_name: &str, era: Era, now: i64) -> Result<Value, ApiError> {
    let host = app_name == "dokploy";
    if !st.docker.available {
        if host && era == Era::V0_30_2 {
            return Ok(json!({"cpu": [], "memory": [], "disk": [], "network": [], "block": []}));
        }
        return Err(no_engine());
    }
    if host {
        return Ok(series(app_name, now, now - 30 * DAY, None, era, true));
    }
    let all = containers(st);
    let Some(c) = all
        .iter()
        .find(|c| c.running && c.swarm_service.as_deref() == Some(app_name))
    else {
        return Ok(Value::Null);
    };
    let limit = st
        .services
        .get(&c.service_id)
        .and_then(|svc| svc.row.get("memoryLimit"))
        .and_then(|v| match v {
            Value::String(t) => t.parse::<f64>().ok(),
            other => other.as_f64(),
        })
        .filter(|l| *l > 0.0);
    Ok(series(app_name, now, c.since, limit, era, false))
}

/// The stats of `app` (60 points a minute apart, the last one now), drawn from its name: CPU a
/// few per cent, memory 100 to 300 MiB, network and block I/O counted since the container
/// started (so they only grow). v0.30.2 records I/O in megabytes (`parseIoToMb`), the older
/// eras docker's text (`12.3MB`); the host (`dokploy`) also has disk points.
fn series(
    app: &str,
    now: i64,
    started: i64,
    memory_limit: Option<f64>,
    era: Era,
    host: bool,
) -> Value {
    let seed = fnv(app);
    let modern = era == Era::V0_30_2;
    let param = |i: u64| unit(seed, i, -1);
    let cpu_base = 0.3 + 3.2 * param(1);
    let memory_base = if host {
        1100.0 + 300.0 * param(2)
    } else {
        100.0 + 180.0 * param(2)
    };
    let net_in = 0.02 + 0.3 * param(3);
    let net_out = net_in * (0.3 + 0.9 * param(4));
    let read_start = 15.0 + 60.0 * param(5);
    let read_rate = 0.0005 + 0.01 * param(6);
    let write_rate = 0.002 + 0.05 * param(7);
    let total = match memory_limit {
        Some(bytes) => size_text(bytes, true),
        None if host => "1.94GiB".to_string(),
        None => "1.944GiB".to_string(),
    };
    let io = |mb: f64| -> Value {
        if host && modern {
            json!((mb * 100.0).round() / 100.0)
        } else {
            let text = size_text(mb * 1e6, false);
            if modern {
                json!(io_mb(&text))
            } else {
                json!(text)
            }
        }
    };
    let start_minute = started.div_euclid(MINUTE);
    let mut out: Map<String, Value> = ["cpu", "memory", "disk", "network", "block"]
        .iter()
        .map(|k| (k.to_string(), json!([])))
        .collect();
    let push = |out: &mut Map<String, Value>, key: &str, v: Value| {
        if let Some(Value::Array(list)) = out.get_mut(key) {
            list.push(v);
        }
    };
    for i in 0..POINTS {
        let t = now - (POINTS - 1 - i) * MINUTE;
        let minute = t.div_euclid(MINUTE);
        let time = json!(iso(t));
        let noise = |series: u64| unit(seed, series, minute);
        // Minutes the counters have been counting.
        let up = (minute - start_minute).max(0) as f64 + 1.0;
        let cpu = cpu_base * (0.55 + 0.9 * noise(1));
        push(
            &mut out,
            "cpu",
            json!({"value": format!("{cpu:.2}%"), "time": time}),
        );
        let memory = memory_base * (0.96 + 0.08 * noise(2));
        let used = if host {
            format!("{:.2}GiB", memory / 1024.0)
        } else {
            size_text(memory * 1024.0 * 1024.0, true)
        };
        push(
            &mut out,
            "memory",
            json!({"value": {"used": used, "total": total}, "time": time}),
        );
        let input = net_in * (up + 0.4 * noise(3));
        let output = net_out * (up + 0.4 * noise(4));
        push(
            &mut out,
            "network",
            json!({"value": {"inputMb": io(input), "outputMb": io(output)}, "time": time}),
        );
        let read = read_start + read_rate * (up + 0.4 * noise(5));
        let write = write_rate * (up + 0.4 * noise(6));
        push(
            &mut out,
            "block",
            json!({"value": {"readMb": io(read), "writeMb": io(write)}, "time": time}),
        );
        if host {
            let usage = 15.9 + 0.0004 * (minute % 10_000) as f64;
            let total = 38.63;
            push(
                &mut out,
                "disk",
                json!({"value": {
                    "diskTotal": total,
                    "diskUsedPercentage": (usage / total * 1000.0).round() / 10.0,
                    "diskUsage": (usage * 100.0).round() / 100.0,
                    "diskFree": ((total - usage) * 100.0).round() / 100.0,
                }, "time": time}),
            );
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_docker() {
        assert_eq!(human(400), "Less than a second");
        assert_eq!(human(1_500), "1 second");
        assert_eq!(human(42_000), "42 seconds");
        assert_eq!(human(90_000), "About a minute");
        assert_eq!(human(25 * MINUTE), "25 minutes");
        assert_eq!(human(50 * MINUTE), "50 minutes");
        assert_eq!(human(70 * MINUTE), "About an hour");
        assert_eq!(human(3 * 60 * MINUTE - 88_000), "3 hours");
        assert_eq!(human(10 * DAY), "10 days");
        assert_eq!(human(34 * DAY), "4 weeks");
        assert_eq!(human(59 * DAY), "8 weeks");
        assert_eq!(human(90 * DAY), "3 months");
        assert_eq!(human(800 * DAY), "2 years");
    }

    #[test]
    fn sizes_read_like_docker_stats() {
        assert_eq!(g4(120.54), "120.5");
        assert_eq!(g4(1.944), "1.944");
        assert_eq!(g4(99.844), "99.84");
        assert_eq!(g4(120.0), "120");
        assert_eq!(size_text(1_073_741_824.0, true), "1GiB");
        assert_eq!(size_text(126_353_408.0, true), "120.5MiB");
        assert_eq!(size_text(12_345_678.0, false), "12.35MB");
        assert_eq!(size_text(823_300.0, false), "823.3kB");
        assert_eq!(io_mb("12.35MB"), 12.35);
        assert_eq!(io_mb("823.3kB"), 0.8233);
        assert_eq!(io_mb("1.2GB"), 1200.0);
        assert_eq!(io_mb("1.5MiB"), 1.572864);
    }

    #[test]
    fn iso_parses_back() {
        for ms in [0, 1_795_704_013_527, 951_782_400_000, 1_709_164_800_123] {
            assert_eq!(parse_iso(&iso(ms)), Some(ms), "{}", iso(ms));
        }
        assert_eq!(parse_iso("nope"), None);
    }

    #[test]
    fn names_match_like_grep_and_docker() {
        assert!(name_starts("shop-db-7f3k2a", "shop-db-7f3k2a.1.abc"));
        assert!(name_starts("shop", "shop-db-7f3k2a.1.abc"));
        assert!(name_starts("shop.db", "shop-db"));
        assert!(!name_starts("db-7f3k2a", "shop-db-7f3k2a.1.abc"));
        assert!(name_contains("db-7f3k2a", "shop-db-7f3k2a.1.abc"));
        assert!(!name_contains("nope", "shop-db"));
    }

    #[test]
    fn ids_are_drawn_from_names() {
        let a = task_id("task|shop-db-7f3k2a|1|#0");
        assert_eq!(a.len(), 25);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert_eq!(a, task_id("task|shop-db-7f3k2a|1|#0"));
        assert_ne!(a, task_id("task|shop-db-7f3k2a|2|#0"));
        let h = hex_id("x");
        assert_eq!(h.len(), 64);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn a_series_is_sixty_growing_points() {
        let now = 1_795_704_013_527;
        let v = series(
            "shop-db-7f3k2a",
            now,
            now - 5 * DAY,
            None,
            Era::V0_30_2,
            false,
        );
        assert_eq!(
            v,
            series(
                "shop-db-7f3k2a",
                now,
                now - 5 * DAY,
                None,
                Era::V0_30_2,
                false
            )
        );
        for key in ["cpu", "memory", "network", "block"] {
            assert_eq!(v[key].as_array().map(Vec::len), Some(60), "{key}");
        }
        assert_eq!(v["disk"], json!([]));
        assert_eq!(v["cpu"][59]["time"], json!(iso(now)));
        assert_eq!(v["cpu"][0]["time"], json!(iso(now - 59 * MINUTE)));
        let mut last = (0.0, 0.0, 0.0, 0.0);
        for i in 0..60 {
            let cpu: f64 = v["cpu"][i]["value"]
                .as_str()
                .and_then(|t| t.strip_suffix('%'))
                .and_then(|t| t.parse().ok())
                .expect("cpu");
            assert!((0.1..6.0).contains(&cpu), "{cpu}");
            let used = v["memory"][i]["value"]["used"].as_str().expect("used");
            let mib: f64 = used.strip_suffix("MiB").expect(used).parse().expect(used);
            assert!((90.0..310.0).contains(&mib), "{used}");
            assert_eq!(v["memory"][i]["value"]["total"], "1.944GiB");
            let n = &v["network"][i]["value"];
            let b = &v["block"][i]["value"];
            let now_values = (
                n["inputMb"].as_f64().expect("in"),
                n["outputMb"].as_f64().expect("out"),
                b["readMb"].as_f64().expect("read"),
                b["writeMb"].as_f64().expect("write"),
            );
            assert!(now_values.0 >= last.0 && now_values.1 >= last.1, "{i}");
            assert!(now_values.2 >= last.2 && now_values.3 >= last.3, "{i}");
            last = now_values;
        }
        let old = series("shop-db-7f3k2a", now, now - DAY, None, Era::V0_24_12, false);
        assert!(old["network"][0]["value"]["inputMb"]
            .as_str()
            .is_some_and(|t| t.ends_with("MB") || t.ends_with("kB") || t.ends_with("GB")));
        let host = series("dokploy", now, now - DAY, None, Era::V0_30_2, true);
        assert_eq!(host["disk"].as_array().map(Vec::len), Some(60));
    }
}

//! The projects overview as plain data: cards with counts, search and sort.
//!
//! Built once per `project.all` answer ([`Overview::new`] takes the answer by value, so names
//! move into the cards instead of being copied, and the decoded projects are dropped right
//! after). Both sort orders and the lower-cased search text are prepared up front, so a search
//! keystroke only filters (no allocation per card, no sorting): within a frame at 10,000
//! services. Each card carries a fingerprint of what it shows, so a refresh that changed
//! nothing re-renders nothing (the page keys its cards by it).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::html::Html;
use crate::model::{
    DeploymentStatus, Project, RunMark, ServiceKind, ServiceRow, ServiceStatus, ServiceSummary,
};
use crate::order::sorted;
use crate::routes::{Route, Sort};
use crate::service_view::last_deploy_words;
use crate::service_view::time::{ago_short, parse_iso};

/// One project, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectCard {
    pub id: String,
    pub name: String,
    pub description: String,
    pub environments: Vec<String>,
    /// How many services each of `environments` holds.
    pub env_sizes: Vec<usize>,
    /// Services per kind, kinds without services left out, in [`ServiceKind::ALL`] order.
    pub kinds: Vec<(ServiceKind, usize)>,
    pub status: StatusCounts,
    pub services: Vec<ServiceSummary>,
    /// Its tags (v0.29+): name and colour (a checked hex colour, [`crate::model::tag::hex_color`]).
    pub tags: Vec<(String, Option<String>)>,
    /// Its newest deployment, where the instance lists them ([`Details::set_runs`]): the state
    /// word of its badge and "Deployed 5 min ago · web".
    pub last_deploy: Option<(&'static str, String)>,
    /// The newest `createdAt` of the project, its services and their deployments (ISO 8601
    /// compares as text).
    pub last_change: String,
    /// Changes when anything the card shows changes (a key for keyed rendering).
    pub fingerprint: u64,
    /// `project.all` gave its databases as bare ids (v0.25+ trims them): their names and
    /// statuses come from `project.one` ([`Details`]).
    pub trimmed: bool,
    /// Lower-cased project and environment names and description.
    own_text: String,
    /// Lower-cased service names, one per entry of `services`.
    service_text: Vec<String>,
}

impl ProjectCard {
    /// The card's content as markup (the page draws each card as one `innerHTML`; see
    /// src/html.rs for why that is safe): title link, Rename and Delete (handled by the
    /// list's one click listener through `data-action` / `data-project`), description,
    /// environments, counts per kind and status, and the services of `matched` (indices into
    /// `services`) under it.
    pub fn html(&self, inst: &str, matched: &[usize]) -> String {
        let mut h = Html::with_capacity(900 + 160 * matched.len());
        // `elementtiming` lets scripts/bench see when the list is painted (Element Timing API).
        h.raw("<div class=\"row row--between u-items-start\"><a class=\"card__title\" elementtiming=\"skiff-list\" href=\"")
            .text(&Route::project(inst, &self.id).href())
            .raw("\">")
            .text(&self.name)
            .raw("</a><div class=\"row\"><button type=\"button\" class=\"btn btn--small btn--ghost\" data-action=\"rename\" data-project=\"")
            .text(&self.id)
            .raw("\">Rename</button><button type=\"button\" class=\"btn btn--small btn--ghost btn--danger\" data-action=\"delete\" data-project=\"")
            .text(&self.id)
            .raw("\">Delete</button></div></div>");
        if !self.tags.is_empty() {
            h.raw("<div class=\"tags\" data-test=\"card-tags\">");
            for (name, color) in &self.tags {
                let href = Route::tagged(inst, name).href();
                tag_chip(&mut h, name, color.as_deref(), Some(&href));
            }
            h.raw("</div>");
        }
        if !self.description.is_empty() {
            h.raw("<div class=\"card__desc\">")
                .text(&self.description)
                .raw("</div>");
        }
        if !self.environments.is_empty() {
            h.raw("<div class=\"small muted u-mt-6\">");
            for (i, e) in self.environments.iter().enumerate() {
                if i > 0 {
                    h.raw(" · ");
                }
                h.text(e);
                if let Some(n) = self.env_sizes.get(i) {
                    h.raw(" (").num(*n).raw(")");
                }
            }
            h.raw("</div>");
        }
        if let Some((word, text)) = &self.last_deploy {
            h.raw("<div class=\"small u-mt-6 last-deploy last-deploy--")
                .raw(word)
                .raw("\" data-test=\"card-last-deploy\">")
                .text(text)
                .raw("</div>");
        }
        h.raw("<div class=\"card__meta\">");
        kind_badges(&mut h, &self.kinds);
        if self.kinds.is_empty() {
            h.raw("<span class=\"small muted\">No services</span>");
        }
        h.raw("</div><div class=\"card__meta\">");
        status_badges(&mut h, &self.status, false);
        h.raw("</div>");
        let matched = matched.iter().filter_map(|&i| self.services.get(i));
        let mut open = false;
        for s in matched {
            if !open {
                h.raw("<ul class=\"small u-list-tight\" data-test=\"matched-services\">");
                open = true;
            }
            h.raw("<li><a href=\"")
                .text(&Route::service(inst, s.kind.router(), &s.id, "").href())
                .raw("\">")
                .text(s.display_name())
                .raw("</a> <span class=\"muted\">")
                .raw(s.kind.label())
                .raw("</span>");
            if let Some(st) = &s.status {
                h.raw(" <span class=\"badge badge--")
                    .text(st.as_str())
                    .raw("\">")
                    .text(st.label())
                    .raw("</span>");
            }
            h.raw("</li>");
        }
        if open {
            h.raw("</ul>");
        }
        h.finish()
    }
}

/// A tag as a chip: its colour as a dot (an SVG fill, which the Content-Security-Policy allows
/// where an inline style would be refused; none without a colour), its name as text; a link
/// with `href`.
pub fn tag_chip(h: &mut Html, name: &str, color: Option<&str>, href: Option<&str>) {
    match href {
        Some(href) => h
            .raw("<a class=\"tag\" data-test=\"tag\" href=\"")
            .text(href)
            .raw("\">"),
        None => h.raw("<span class=\"tag\" data-test=\"tag\">"),
    };
    if let Some(c) = color {
        h.raw("<svg class=\"tag__dot\" viewBox=\"0 0 2 2\" aria-hidden=\"true\"><circle cx=\"1\" cy=\"1\" r=\"1\" fill=\"")
            .text(c)
            .raw("\"/></svg>");
    }
    h.text(name)
        .raw(if href.is_some() { "</a>" } else { "</span>" });
}

/// A service kind's icon (style/main.css draws each kind's): in a badge beside the kind's name,
/// or `named` (`role="img"` with the kind's name) where no text names it.
pub fn kind_icon(h: &mut Html, kind: ServiceKind, named: bool) {
    h.raw("<i class=\"kind-icon\" data-kind=\"")
        .raw(kind.router());
    if named {
        h.raw("\" role=\"img\" aria-label=\"").raw(kind.label());
    }
    h.raw("\"></i>");
}

/// A badge per kind with its count ("3 Application").
fn kind_badges(h: &mut Html, kinds: &[(ServiceKind, usize)]) {
    for (k, n) in kinds {
        h.raw("<span class=\"badge badge--kind\">");
        kind_icon(h, *k, false);
        h.num(*n).raw(" ").raw(k.label()).raw("</span>");
    }
}

/// A badge per state with its count ("2 error"); "status unknown" only where `unknown` says.
fn status_badges(h: &mut Html, status: &StatusCounts, unknown: bool) {
    for (label, word, n) in status.entries() {
        if unknown || word != "unknown" {
            h.raw("<span class=\"badge badge--")
                .raw(word)
                .raw("\">")
                .num(n)
                .raw(" ")
                .raw(label)
                .raw("</span>");
        }
    }
}

/// How many services are in each state; services whose status the answer leaves out
/// (databases in `project.all` of v0.25+) count as `unknown`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatusCounts {
    pub running: usize,
    pub deploying: usize,
    pub error: usize,
    pub idle: usize,
    pub unknown: usize,
}

impl StatusCounts {
    fn add(&mut self, status: Option<&ServiceStatus>) {
        match status {
            Some(ServiceStatus::Done) => self.running += 1,
            Some(ServiceStatus::Running) => self.deploying += 1,
            Some(ServiceStatus::Error) => self.error += 1,
            Some(ServiceStatus::Idle) => self.idle += 1,
            Some(ServiceStatus::Other(_)) | None => self.unknown += 1,
        }
    }

    fn merge(&mut self, other: &StatusCounts) {
        self.running += other.running;
        self.deploying += other.deploying;
        self.error += other.error;
        self.idle += other.idle;
        self.unknown += other.unknown;
    }

    /// (label, css status word, count) for the non-zero counts.
    pub fn entries(&self) -> Vec<(&'static str, &'static str, usize)> {
        [
            ("running", "done", self.running),
            ("deploying", "running", self.deploying),
            ("error", "error", self.error),
            ("idle", "idle", self.idle),
            ("status unknown", "unknown", self.unknown),
        ]
        .into_iter()
        .filter(|(_, _, n)| *n > 0)
        .collect()
    }
}

/// Prepares the cards for `projects` (borrowed; [`Overview::new`] is cheaper when the
/// answer is not needed afterwards).
pub fn build(projects: &[Project]) -> Vec<ProjectCard> {
    let none = Details::default();
    projects.iter().cloned().map(|p| card(p, &none)).collect()
}

/// What the cards add to `project.all`: what `project.one` says of the databases it leaves as
/// bare ids (v0.25+ trims database rows to `{postgresId}`), and each service's newest
/// deployment where the instance lists them all at once (`deployment.allCentralized`, v0.28.3+).
#[derive(Clone, Debug, Default)]
pub struct Details {
    /// Their summaries, sorted by id (a sorted list rather than a hash map keeps the first
    /// view small).
    services: Vec<ServiceSummary>,
    /// The projects answered since the last refill (only their cards change).
    fresh: Vec<String>,
    /// Each application's and compose service's newest deployment: (service id, its
    /// `createdAt`, its status), sorted by id.
    runs: Vec<(String, String, Option<DeploymentStatus>)>,
    /// When the cards' "5 min ago" count from (ms since the epoch), set by the page.
    pub now: i64,
}

impl Details {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.services.binary_search_by(|s| s.id.as_str().cmp(id))
    }

    fn get(&self, id: &str) -> Option<&ServiceSummary> {
        self.services.get(self.find(id).ok()?)
    }

    /// Takes in the databases of one `project.one` answer.
    pub fn add(&mut self, p: Project) {
        let (services, _, _, p) = services_of(p);
        self.fresh.push(p.project_id);
        for s in services.into_iter().filter(|s| s.kind.is_database()) {
            match self.find(&s.id) {
                Ok(i) => self.services[i] = s,
                Err(i) => self.services.insert(i, s),
            }
        }
    }

    /// Takes in `deployment.allCentralized`'s answer: each service's newest deployment (the
    /// next refill redraws the cards whose last deployment it changed).
    pub fn set_runs(&mut self, marks: Vec<RunMark>) {
        let mut runs: Vec<_> = marks
            .into_iter()
            .filter_map(|m| Some((m.application_id.or(m.compose_id)?, m.created_at?, m.status)))
            .collect();
        // By service, the newest first (ISO 8601 compares as text), then one per service.
        crate::order::sort_by(&mut runs, |a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        runs.dedup_by(|later, kept| later.0 == kept.0);
        self.runs = runs;
    }

    /// The newest deployment among `services`: its `createdAt` and its line on the card (the
    /// state word, "Deployed 5 min ago · web").
    fn newest_run(&self, services: &[ServiceSummary]) -> Option<(&str, (&'static str, String))> {
        let (name, at, status) = services
            .iter()
            .filter_map(|s| {
                let i = self
                    .runs
                    .binary_search_by(|r| r.0.as_str().cmp(&s.id))
                    .ok()?;
                let (_, at, status) = &self.runs[i];
                Some((s.display_name(), at.as_str(), status.as_ref()))
            })
            .max_by(|a, b| a.1.cmp(b.1))?;
        let (word, what) = last_deploy_words(status);
        let when = parse_iso(at).map_or(String::new(), |t| ago_short(self.now, t));
        Some((at, (word, format!("{what} {when} · {name}"))))
    }

    /// After a refill: the next one changes only the cards of projects answered after it.
    pub fn refilled(&mut self) {
        self.fresh.clear();
    }

    pub fn len(&self) -> usize {
        self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}

/// A database row `project.all` gave as a bare id.
fn is_bare(s: &ServiceSummary) -> bool {
    s.kind.is_database() && s.name.is_none() && s.status.is_none()
}

/// Fills the databases of a trimmed project from `details` (what `project.one` said last).
fn fill(services: &mut [ServiceSummary], details: &Details) {
    for s in services.iter_mut().filter(|s| s.kind.is_database()) {
        if let Some(d) = details.get(&s.id).filter(|d| d.kind == s.kind) {
            s.name.clone_from(&d.name);
            s.app_name.clone_from(&d.app_name);
            s.status.clone_from(&d.status);
            s.description.clone_from(&d.description);
            s.created_at.clone_from(&d.created_at);
        }
    }
}

/// Moves the service rows of one kind out of an environment or legacy project.
macro_rules! take_rows {
    ($holder:expr, $kind:expr) => {
        std::mem::take(match $kind {
            ServiceKind::Application => &mut $holder.applications,
            ServiceKind::Compose => &mut $holder.compose,
            ServiceKind::Postgres => &mut $holder.postgres,
            ServiceKind::Mysql => &mut $holder.mysql,
            ServiceKind::Mariadb => &mut $holder.mariadb,
            ServiceKind::Mongo => &mut $holder.mongo,
            ServiceKind::Redis => &mut $holder.redis,
            ServiceKind::Libsql => &mut $holder.libsql,
        })
    };
}

/// A service row turned into a summary without copying its strings.
fn summary(
    row: ServiceRow,
    kind: ServiceKind,
    environment_id: Option<&str>,
) -> Option<ServiceSummary> {
    let ServiceRow {
        application_id,
        compose_id,
        postgres_id,
        mysql_id,
        mariadb_id,
        mongo_id,
        redis_id,
        libsql_id,
        name,
        app_name,
        description,
        created_at,
        application_status,
        compose_status,
        environment_id: own_environment,
        ..
    } = row;
    let id = match kind {
        ServiceKind::Application => application_id,
        ServiceKind::Compose => compose_id,
        ServiceKind::Postgres => postgres_id,
        ServiceKind::Mysql => mysql_id,
        ServiceKind::Mariadb => mariadb_id,
        ServiceKind::Mongo => mongo_id,
        ServiceKind::Redis => redis_id,
        ServiceKind::Libsql => libsql_id,
    }?;
    Some(ServiceSummary {
        kind,
        id,
        name,
        app_name,
        status: application_status.or(compose_status),
        description,
        created_at,
        environment_id: own_environment.or_else(|| environment_id.map(str::to_string)),
        server: None,
    })
}

/// A project's services and environment names with their sizes, moved out of it, and what is
/// left of it.
fn services_of(mut p: Project) -> (Vec<ServiceSummary>, Vec<String>, Vec<usize>, Project) {
    let mut services = Vec::new();
    let mut environments = Vec::new();
    let mut sizes = Vec::new();
    match p.environments.take() {
        Some(envs) => {
            for mut e in envs {
                let id = e.environment_id.clone();
                let name = std::mem::take(&mut e.name);
                let before = services.len();
                for kind in ServiceKind::ALL {
                    let rows = take_rows!(e, kind);
                    services.extend(rows.into_iter().filter_map(|r| summary(r, kind, Some(&id))));
                }
                environments.push(name);
                sizes.push(services.len() - before);
            }
        }
        None => {
            for kind in ServiceKind::ALL {
                let rows = take_rows!(p, kind);
                services.extend(rows.into_iter().filter_map(|r| summary(r, kind, None)));
            }
        }
    }
    (services, environments, sizes, p)
}

fn card(p: Project, details: &Details) -> ProjectCard {
    let (mut services, environments, env_sizes, mut p) = services_of(p);
    let trimmed = services.iter().any(is_bare);
    if trimmed {
        fill(&mut services, details);
    }
    let tags = p
        .tags()
        .map(|t| (t.name.clone(), t.hex().map(str::to_string)))
        .collect();
    finish(
        std::mem::take(&mut p.project_id),
        std::mem::take(&mut p.name),
        p.description.take().unwrap_or_default(),
        (environments, env_sizes),
        p.created_at.take().unwrap_or_default(),
        services,
        trimmed,
        tags,
        details,
    )
}

/// A card from its parts: counts, search texts, its last deployment (from `details`) and
/// fingerprint.
#[allow(clippy::too_many_arguments)]
fn finish(
    id: String,
    name: String,
    description: String,
    (environments, env_sizes): (Vec<String>, Vec<usize>),
    mut last_change: String,
    services: Vec<ServiceSummary>,
    trimmed: bool,
    tags: Vec<(String, Option<String>)>,
    details: &Details,
) -> ProjectCard {
    let mut status = StatusCounts::default();
    let newest = details.newest_run(&services);
    let times = services.iter().filter_map(|s| s.created_at.as_deref());
    for c in times.chain(newest.as_ref().map(|r| r.0)) {
        if *c > *last_change {
            last_change = c.to_string();
        }
    }
    for s in &services {
        status.add(s.status.as_ref());
    }
    let last_deploy = newest.map(|r| r.1);
    let kinds = crate::service_view::kind_counts(&services);
    let mut own_text = String::with_capacity(name.len() + description.len() + 16);
    own_text.push_str(&name);
    for e in &environments {
        own_text.push('\n');
        own_text.push_str(e);
    }
    own_text.push('\n');
    own_text.push_str(&description);
    let own_text = lower(&own_text);
    let service_text = services
        .iter()
        .map(|s| {
            let mut t = lower(s.display_name());
            if let Some(app) = &s.app_name {
                t.push('\n');
                t.push_str(&lower(app));
            }
            t
        })
        .collect();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // (Each environment's size follows from its services' `environment_id`s, hashed below.)
    (&name, &description, &environments, &kinds, &status, &tags).hash(&mut h);
    last_deploy.hash(&mut h);
    for s in &services {
        (
            s.kind,
            &s.id,
            &s.name,
            &s.app_name,
            &s.environment_id,
            s.status.as_ref().map(|x| x.as_str()),
        )
            .hash(&mut h);
    }
    ProjectCard {
        id,
        name,
        description,
        environments,
        env_sizes,
        kinds,
        status,
        services,
        tags,
        last_deploy,
        last_change,
        fingerprint: h.finish(),
        trimmed,
        own_text,
        service_text,
    }
}

/// A card that matches a search, with the services that matched (empty when the project
/// itself matched every term).
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub services: Vec<usize>,
}

/// Every project of one answer, prepared: the cards, both sort orders and the totals.
#[derive(Debug, Default)]
pub struct Overview {
    pub cards: Vec<Arc<ProjectCard>>,
    by_name: Vec<usize>,
    by_recent: Vec<usize>,
    /// Services per kind over all projects (kinds without services left out).
    pub kinds: Vec<(ServiceKind, usize)>,
    pub status: StatusCounts,
    pub services: usize,
}

impl Overview {
    /// Prepares the overview of one `project.all` answer, consuming it; databases it gives as
    /// bare ids are filled from `details`.
    pub fn new(projects: Vec<Project>, details: &Details) -> Overview {
        Overview::of(
            projects
                .into_iter()
                .map(|p| Arc::new(card(p, details)))
                .collect(),
        )
    }

    fn of(cards: Vec<Arc<ProjectCard>>) -> Overview {
        let (kinds, status, services) = totals(cards.iter().map(|c| &**c));
        let keys: Vec<String> = cards.iter().map(|c| lower(&c.name)).collect();
        let by_name = sorted(cards.len(), &|a, b| {
            keys[a]
                .cmp(&keys[b])
                .then_with(|| cards[a].name.cmp(&cards[b].name))
        });
        let by_recent = sorted(cards.len(), &|a, b| {
            cards[b].last_change.cmp(&cards[a].last_change)
        });
        Overview {
            cards,
            by_name,
            by_recent,
            kinds,
            status,
            services,
        }
    }

    /// The projects whose databases `project.all` gave as bare ids (to ask `project.one`).
    pub fn trimmed(&self) -> impl Iterator<Item = &str> {
        self.cards
            .iter()
            .filter(|c| c.trimmed)
            .map(|c| c.id.as_str())
    }

    /// The same overview with the trimmed projects' databases and every card's last deployment
    /// filled from `details`: only the cards of projects answered since the last refill, and
    /// those whose last deployment reads otherwise now, are prepared again, the others are
    /// shared (a round of 24 answers at 1,000 projects rebuilds 24 cards, not 1,000).
    pub fn refill(&self, details: &Details) -> Overview {
        let cards = self
            .cards
            .iter()
            .map(|c| {
                let fresh = c.trimmed && details.fresh.contains(&c.id);
                if !fresh && details.newest_run(&c.services).map(|r| r.1) == c.last_deploy {
                    return c.clone();
                }
                let mut services = c.services.clone();
                if fresh {
                    fill(&mut services, details);
                }
                Arc::new(finish(
                    c.id.clone(),
                    c.name.clone(),
                    c.description.clone(),
                    (c.environments.clone(), c.env_sizes.clone()),
                    c.last_change.clone(),
                    services,
                    c.trimmed,
                    c.tags.clone(),
                    details,
                ))
            })
            .collect();
        Overview::of(cards)
    }

    /// The totals card's content as markup (see [`ProjectCard::html`]): projects and services
    /// with counts per status and kind; over the cards a search found when `hits` is given
    /// ("2 of 5 projects · 4 of 17 services match"), then a link to `choose` (the services
    /// page with the search) to act on the services found together; with `tag` (its name and
    /// the overview without it), the tag the list is narrowed to and a link back.
    pub fn totals_html(
        &self,
        hits: Option<&[Hit]>,
        choose: &str,
        tag: Option<(&str, &str)>,
    ) -> String {
        let (projects, (kinds, status, services)) = match hits {
            Some(h) => (h.len(), self.totals_of(h)),
            None => (
                self.cards.len(),
                (self.kinds.clone(), self.status, self.services),
            ),
        };
        let mut h = Html::with_capacity(600);
        let of = |h: &mut Html, n: usize, all: usize| {
            h.raw("<strong>").num(n);
            if hits.is_some() {
                h.raw(" of ").num(all);
            }
            h.raw("</strong>");
        };
        h.raw("<div class=\"row row--between\"><div>");
        of(&mut h, projects, self.cards.len());
        h.raw(" projects · ");
        of(&mut h, services, self.services);
        h.raw(" services");
        if hits.is_some() {
            h.raw(" match");
        }
        h.raw("</div><div class=\"counts\">");
        status_badges(&mut h, &status, true);
        h.raw("</div></div><div class=\"counts u-mt-8\">");
        kind_badges(&mut h, &kinds);
        h.raw("</div>");
        if let Some((name, all)) = tag {
            let color = self
                .cards
                .iter()
                .flat_map(|c| &c.tags)
                .find(|(n, _)| n == name)
                .and_then(|(_, c)| c.as_deref());
            h.raw("<div class=\"tags u-mt-8\" data-test=\"tag-filter\">Tagged ");
            tag_chip(&mut h, name, color, None);
            h.raw(" <a href=\"")
                .text(all)
                .raw("\">Show every project</a></div>");
        }
        // The services the search found: a project it names brings all of its own.
        let found: usize = hits
            .unwrap_or_default()
            .iter()
            .map(|h| match h.services.len() {
                0 => self.cards[h.index].services.len(),
                n => n,
            })
            .sum();
        if found > 0 && !choose.is_empty() {
            h.raw("<a class=\"btn btn--small u-mt-8\" data-test=\"choose-found\" href=\"")
                .text(choose)
                .raw("\">Choose ");
            if found == 1 {
                h.raw("the service found…</a>");
            } else {
                h.raw("the ").num(found).raw(" services found…</a>");
            }
        }
        h.finish()
    }

    /// Totals over the cards a search found (`hits`), like [`Overview`]'s own.
    pub fn totals_of(&self, hits: &[Hit]) -> (Vec<(ServiceKind, usize)>, StatusCounts, usize) {
        totals(hits.iter().map(|h| &*self.cards[h.index]))
    }

    /// The card of project `id`.
    pub fn card(&self, id: &str) -> Option<Arc<ProjectCard>> {
        self.cards.iter().find(|c| c.id == id).cloned()
    }

    /// The cards matching `query` and carrying the tag named `tag` (`""`: any), in `sort`
    /// order (see [`search`]).
    pub fn search(&self, query: &str, sort: Sort, tag: &str) -> Vec<Hit> {
        let order = match sort {
            Sort::Name => &self.by_name,
            Sort::Recent => &self.by_recent,
        };
        let tagged = order
            .iter()
            .map(|&i| (i, &*self.cards[i]))
            .filter(|(_, c)| tag.is_empty() || c.tags.iter().any(|(n, _)| n == tag));
        filter(tagged, query)
    }
}

/// `s` lower-cased, for search and sorting: ASCII in Rust, anything else by the browser's own
/// Unicode lower-casing (`str::to_lowercase` would bring Unicode's case table, 12 KB, into the
/// first view; the two agree).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(s).to_lower_case());
    #[cfg(not(target_arch = "wasm32"))]
    s.to_lowercase()
}

/// The words of a search text, lower-cased ([`lower`]), for a search that needs every one.
pub fn words(text: &str) -> Vec<String> {
    lower(text).split_whitespace().map(str::to_string).collect()
}

/// The cards matching `query` (every whitespace-separated term, case-insensitive, in the
/// project's, its environments' or one service's names), in `sort` order.
pub fn search(cards: &[ProjectCard], query: &str, sort: Sort) -> Vec<Hit> {
    let mut hits = filter(cards.iter().enumerate(), query);
    match sort {
        Sort::Name => hits.sort_by(|a, b| {
            let (x, y) = (&cards[a.index].name, &cards[b.index].name);
            lower(x).cmp(&lower(y)).then_with(|| x.cmp(y))
        }),
        Sort::Recent => {
            hits.sort_by(|a, b| cards[b.index].last_change.cmp(&cards[a.index].last_change))
        }
    }
    hits
}

fn filter<'a>(cards: impl Iterator<Item = (usize, &'a ProjectCard)>, query: &str) -> Vec<Hit> {
    let query = lower(query);
    let terms: Vec<&str> = query.split_whitespace().collect();
    let mut rest: Vec<&str> = Vec::with_capacity(terms.len());
    cards
        .filter_map(|(index, c)| {
            // Terms the project's own text does not answer must be answered by one service.
            rest.clear();
            rest.extend(terms.iter().copied().filter(|t| !contains(&c.own_text, t)));
            if rest.is_empty() {
                return Some(Hit {
                    index,
                    services: Vec::new(),
                });
            }
            let services: Vec<usize> = c
                .service_text
                .iter()
                .enumerate()
                .filter(|(_, text)| rest.iter().all(|t| contains(text, t)))
                .map(|(i, _)| i)
                .collect();
            (!services.is_empty()).then_some(Hit { index, services })
        })
        .collect()
}

/// Whether `needle` occurs in `haystack`. The texts are short (a name, a few names), so a plain
/// scan for the first byte beats `str::contains`, which prepares a two-way searcher on every
/// call (about half a keystroke's time at 10,000 services). Matching bytes is matching
/// characters: UTF-8 never matches across a character boundary.
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    if n.len() > h.len() {
        return false;
    }
    (0..=h.len() - n.len()).any(|i| h[i] == first && &h[i + 1..i + n.len()] == rest)
}

/// Totals over the given cards: services per kind and per status.
pub fn totals<'a>(
    cards: impl IntoIterator<Item = &'a ProjectCard>,
) -> (Vec<(ServiceKind, usize)>, StatusCounts, usize) {
    let mut status = StatusCounts::default();
    let mut per_kind = [0usize; 8];
    let mut services = 0;
    for c in cards {
        status.merge(&c.status);
        for (kind, n) in &c.kinds {
            per_kind[*kind as usize] += n;
            services += n;
        }
    }
    let kinds = ServiceKind::ALL
        .iter()
        .zip(per_kind)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (*k, n))
        .collect();
    (kinds, status, services)
}

#[cfg(test)]
mod tests {
    #[test]
    fn contains_agrees_with_str_contains() {
        let texts = [
            "",
            "a",
            "web-shop",
            "shop",
            "ünïcødé shop",
            "aaab",
            "project-09 project-091",
        ];
        let needles = [
            "",
            "a",
            "b",
            "shop",
            "p-0",
            "ï",
            "cødé s",
            "aab",
            "091",
            "xyz",
            "project-0911",
        ];
        for h in texts {
            for n in needles {
                assert_eq!(super::contains(h, n), h.contains(n), "{h:?} {n:?}");
            }
        }
    }

    use super::*;

    /// Every card of `a` is `b`'s (shared, not rebuilt).
    fn all_shared(a: &Overview, b: &Overview) -> bool {
        a.cards.iter().zip(&b.cards).all(|(a, b)| Arc::ptr_eq(a, b))
    }

    fn projects() -> Vec<Project> {
        serde_json::from_value(serde_json::json!([
            {"projectId": "p1", "name": "shop", "description": "Web shop", "createdAt": "2026-01-01T00:00:00Z",
             "environments": [
                {"environmentId": "e1", "name": "production", "isDefault": true,
                 "applications": [
                    {"applicationId": "a1", "name": "storefront", "applicationStatus": "done", "createdAt": "2026-03-01T00:00:00Z"},
                    {"applicationId": "a2", "name": "worker", "applicationStatus": "error"}],
                 "postgres": [{"postgresId": "pg1"}],
                 "compose": [{"composeId": "c1", "name": "search-stack", "composeStatus": "running"}]},
                {"environmentId": "e2", "name": "staging", "applications": []}]},
            {"projectId": "p2", "name": "Blog", "createdAt": "2026-02-01T00:00:00Z",
             "environments": [{"environmentId": "e3", "name": "production",
                "applications": [{"applicationId": "a3", "name": "ghost", "applicationStatus": "idle"}]}]},
            {"projectId": "p3", "name": "legacy", "createdAt": "2024-01-01T00:00:00Z",
             "applications": [{"applicationId": "a4", "name": "old-api", "applicationStatus": "done"}]}
        ]))
        .expect("fixture decodes")
    }

    #[test]
    fn counts_by_kind_and_status() {
        let cards = build(&projects());
        let shop = &cards[0];
        assert_eq!(
            shop.kinds,
            vec![
                (ServiceKind::Application, 2),
                (ServiceKind::Compose, 1),
                (ServiceKind::Postgres, 1)
            ]
        );
        assert_eq!(
            shop.status,
            StatusCounts {
                running: 1,
                deploying: 1,
                error: 1,
                idle: 0,
                unknown: 1
            }
        );
        assert_eq!(shop.environments, vec!["production", "staging"]);
        assert_eq!(shop.env_sizes.len(), 2);
        assert_eq!(shop.env_sizes.iter().sum::<usize>(), shop.services.len());
        assert_eq!(shop.last_change, "2026-03-01T00:00:00Z");
        assert!(
            cards[2].environments.is_empty(),
            "legacy projects show no environment"
        );
        let (kinds, status, n) = totals(&cards);
        assert_eq!(n, 6);
        assert_eq!(kinds[0], (ServiceKind::Application, 4));
        assert_eq!(status.running, 2);
    }

    #[test]
    fn card_markup_shows_server_text_as_text() {
        let hostile = "<img src=x onerror=alert(1)>\"'&";
        let p: Vec<Project> = serde_json::from_value(serde_json::json!([
            {"projectId": hostile, "name": hostile, "description": hostile,
             "environments": [{"environmentId": "e1", "name": hostile,
                "applications": [{"applicationId": hostile, "name": hostile, "applicationStatus": hostile}]}]}
        ]))
        .expect("fixture decodes");
        let card = &build(&p)[0];
        let html = card.html("prod", &[0]);
        assert!(!html.contains("<img"), "{html}");
        assert!(
            !html.contains("\"'"),
            "a value closed its attribute: {html}"
        );
        // Name, description, environment, both buttons' project id, the service's name and its
        // status word and label.
        assert_eq!(
            html.matches("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;")
                .count(),
            8
        );
        assert!(html.contains("data-action=\"rename\" data-project=\"&lt;img"));
        assert!(html.contains("data-test=\"matched-services\""));
    }

    #[test]
    fn a_cards_tags_link_to_their_projects_and_keep_their_text() {
        let hostile = "<b>x</b>\"";
        let p: Vec<Project> = serde_json::from_value(serde_json::json!([
            {"projectId": "p1", "name": "shop", "environments": [], "projectTags": [
                {"tagId": "t1", "tag": {"tagId": "t1", "name": hostile, "color": "#10b981"}},
                {"tagId": "t2", "tag": {"tagId": "t2", "name": "plain", "color": "red\"/><script>"}}
            ]}
        ]))
        .expect("fixture decodes");
        let card = &build(&p)[0];
        assert_eq!(
            card.tags[1],
            ("plain".to_string(), None),
            "not a hex colour: no dot"
        );
        let html = card.html("prod", &[]);
        assert!(!html.contains("<b>") && !html.contains("<script"), "{html}");
        assert!(html.contains("fill=\"#10b981\""), "{html}");
        assert_eq!(html.matches("tag__dot").count(), 1);
        assert!(
            html.contains("href=\"#/i/prod/projects?tag=%3Cb%3Ex%3C%2Fb%3E%22\""),
            "{html}"
        );
        assert!(html.contains(">&lt;b&gt;x&lt;/b&gt;&quot;</a>"), "{html}");
    }

    #[test]
    fn card_markup_has_the_cards_parts() {
        let cards = build(&projects());
        let html = cards[0].html("prod", &[]);
        assert!(html
            .starts_with("<div class=\"row row--between u-items-start\"><a class=\"card__title\""));
        assert!(html.contains("href=\"#/i/prod/project/p1\">shop</a>"));
        assert!(html.contains(">Web shop</div>"));
        let sizes = &cards[0].env_sizes;
        assert!(
            html.contains(&format!(
                ">production ({}) · staging ({})</div>",
                sizes[0], sizes[1]
            )),
            "{html}"
        );
        assert!(html.contains(">2 Application</span>"));
        assert!(html.contains("badge--error\">1 error</span>"));
        assert!(
            !html.contains("status unknown"),
            "the unknown count is not on cards"
        );
        assert!(!html.contains("matched-services"));
        assert!(cards[1].html("prod", &[]).contains(">1 Application</span>"));
        let empty = Project {
            project_id: "p9".into(),
            name: "empty".into(),
            ..Project::default()
        };
        assert!(build(&[empty])[0]
            .html("prod", &[])
            .contains(">No services</span>"));
    }

    #[test]
    fn kinds_index_in_all_order() {
        for (i, k) in ServiceKind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i, "per-kind counters index by discriminant");
        }
    }

    #[test]
    fn overview_matches_plain_search_in_both_orders() {
        let list = projects();
        let cards = build(&list);
        let o = Overview::new(list, &Details::default());
        assert_eq!(o.cards.len(), 3);
        for q in [
            "",
            "shop",
            "production",
            "worker",
            "o",
            "shop front",
            "nothing",
        ] {
            for sort in [Sort::Name, Sort::Recent] {
                assert_eq!(
                    o.search(q, sort, ""),
                    search(&cards, q, sort),
                    "{q:?} {sort:?}"
                );
            }
        }
        let (kinds, status, n) = totals(&cards);
        assert_eq!((o.kinds, o.status, o.services), (kinds, status, n));
    }

    #[test]
    fn fingerprint_follows_what_the_card_shows() {
        let a = build(&projects());
        let b = build(&projects());
        assert_eq!(a[0].fingerprint, b[0].fingerprint, "same answer, same key");
        let mut changed = projects();
        changed[0].environments.as_mut().unwrap()[0].applications[1].application_status =
            Some(ServiceStatus::Done);
        let c = build(&changed);
        assert_ne!(
            a[0].fingerprint, c[0].fingerprint,
            "a status change re-renders the card"
        );
        assert_eq!(a[1].fingerprint, c[1].fingerprint, "other cards stay");
        let mut renamed = projects();
        renamed[1].name = "Blog 2".into();
        assert_ne!(a[1].fingerprint, build(&renamed)[1].fingerprint);
    }

    #[test]
    fn searches_projects_environments_and_services() {
        let cards = build(&projects());
        let names = |hits: Vec<Hit>| {
            hits.iter()
                .map(|h| cards[h.index].name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(search(&cards, "", Sort::Name)),
            vec!["Blog", "legacy", "shop"]
        );
        assert_eq!(
            names(search(&cards, "", Sort::Recent)),
            vec!["shop", "Blog", "legacy"]
        );
        assert_eq!(names(search(&cards, "SHOP", Sort::Name)), vec!["shop"]);
        assert_eq!(names(search(&cards, "staging", Sort::Name)), vec!["shop"]);
        let hits = search(&cards, "worker", Sort::Name);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            cards[hits[0].index].services[hits[0].services[0]]
                .name
                .as_deref(),
            Some("worker")
        );
        // Terms may mix the project and a service.
        assert_eq!(
            names(search(&cards, "shop front", Sort::Name)),
            vec!["shop"]
        );
        assert!(search(&cards, "shop ghost", Sort::Name).is_empty());
        assert_eq!(names(search(&cards, "old-api", Sort::Name)), vec!["legacy"]);
    }

    #[test]
    fn a_search_links_to_choosing_what_it_found() {
        let o = Overview::new(projects(), &Details::default());
        let href = "#/i/prod/services?q=a%26b";
        // Nothing searched: no link.
        assert!(!o.totals_html(None, href, None).contains("choose-found"));
        // "worker" is one service of shop; "blog" names a project with one service.
        let hits = o.search("worker", Sort::Name, "");
        let html = o.totals_html(Some(&hits), "#/i/prod/services?q=\"x", None);
        assert!(
            html.contains("href=\"#/i/prod/services?q=&quot;x\">Choose the service found…</a>"),
            "{html}"
        );
        let hits = o.search("o", Sort::Name, "");
        assert!(o
            .totals_html(Some(&hits), href, None)
            .contains("Choose the 6 services found"));
        assert!(!o
            .totals_html(Some(&o.search("zzz", Sort::Name, "")), href, None)
            .contains("choose-found"));
    }

    #[test]
    fn bare_databases_are_filled_from_project_one_and_found_by_name() {
        let o = Overview::new(projects(), &Details::default());
        // v0.30's project.all: p1's postgres is a bare id, so its status is unknown.
        assert_eq!(o.trimmed().collect::<Vec<_>>(), vec!["p1"]);
        assert_eq!(o.status.unknown, 1);
        assert!(o.search("orders-db", Sort::Name, "").is_empty());
        // What project.one says of p1 (names and statuses of everything).
        let one: Project = serde_json::from_value(serde_json::json!({
            "projectId": "p1", "name": "shop",
            "environments": [{"environmentId": "e1", "name": "production",
                "applications": [{"applicationId": "a1", "name": "storefront", "applicationStatus": "idle"}],
                "postgres": [{"postgresId": "pg1", "name": "orders-db", "appName": "orders-db-x1",
                              "applicationStatus": "error", "createdAt": "2026-04-01T00:00:00Z"}]}]
        }))
        .expect("project.one decodes");
        let mut details = Details::default();
        details.add(one);
        // Only databases are taken: the application's fresher status from project.all stays.
        assert_eq!(details.len(), 1);
        let filled = o.refill(&details);
        assert_eq!(filled.status.unknown, 0);
        assert_eq!(filled.status.error, o.status.error + 1);
        let shop = filled.card("p1").expect("p1");
        assert_eq!(shop.status.running, 1);
        assert_ne!(shop.fingerprint, o.card("p1").expect("p1").fingerprint);
        assert_eq!(shop.last_change, "2026-04-01T00:00:00Z");
        // Untouched cards are shared, not rebuilt; nothing new, nothing rebuilt.
        assert!(Arc::ptr_eq(&filled.cards[1], &o.cards[1]));
        let mut details = details;
        details.refilled();
        assert!(all_shared(&filled.refill(&details), &filled));
        let hits = filled.search("orders-db", Sort::Name, "");
        assert_eq!(hits.len(), 1);
        // The next project.all answer is filled at once from what is known.
        let again = Overview::new(projects(), &details);
        assert_eq!(again.status, filled.status);
        // Totals of a search count the projects it found.
        let (_, status, services) = filled.totals_of(&hits);
        assert_eq!(services, 4);
        assert_eq!(status.error, 2);
        assert_eq!(filled.totals_of(&[]).2, 0);
    }

    #[test]
    fn cards_show_their_newest_deployment_from_the_centralized_list() {
        let o = Overview::new(projects(), &Details::default());
        assert!(o.cards.iter().all(|c| c.last_deploy.is_none()));
        let now = crate::service_view::time::parse_iso("2026-05-01T12:00:00Z").unwrap_or(0);
        // As `deployment.allCentralized` answers (newest first, nested rows skipped unread).
        let answer = serde_json::json!([
            {"deploymentId": "d4", "applicationId": "a2", "composeId": null, "status": "error",
             "createdAt": "2026-05-01T11:55:00.000Z", "application": {"name": "worker"}},
            {"deploymentId": "d3", "applicationId": null, "composeId": "c1", "status": "done",
             "createdAt": "2026-05-01T09:00:00.000Z"},
            {"deploymentId": "d2", "applicationId": "a2", "status": "done",
             "createdAt": "2026-04-20T00:00:00.000Z"},
            {"deploymentId": "d1", "applicationId": "a4", "status": "running",
             "createdAt": "2026-04-29T12:00:00.000Z"},
            {"deploymentId": "d0", "applicationId": "gone", "status": "done",
             "createdAt": "2026-05-01T11:59:00.000Z"},
            {"deploymentId": "bad", "status": "done"}
        ]);
        let mut details = Details {
            now,
            ..Details::default()
        };
        details.set_runs(serde_json::from_value(answer).expect("deployments decode"));
        let filled = o.refill(&details);
        let line = |id: &str| filled.card(id).and_then(|c| c.last_deploy.clone());
        // The newest of the project's services, whichever its kind, with its name.
        assert_eq!(
            line("p1"),
            Some(("error", "Failed 5 min ago · worker".to_string()))
        );
        assert_eq!(
            line("p3"),
            Some((
                "deploying",
                "Deploying, started 2 days ago · old-api".to_string()
            ))
        );
        // A project none of whose services has deployed shows none, and its card is shared.
        assert_eq!(line("p2"), None);
        assert!(Arc::ptr_eq(&filled.cards[1], &o.cards[1]));
        // The deployment counts as the project's last change ("Sort by last change").
        let p1 = filled.card("p1").expect("p1");
        assert_eq!(p1.last_change, "2026-05-01T11:55:00.000Z");
        assert_ne!(p1.fingerprint, o.card("p1").expect("p1").fingerprint);
        let html = p1.html("prod", &[]);
        assert!(
            html.contains("last-deploy--error\" data-test=\"card-last-deploy\">Failed 5 min ago · worker</div>"),
            "{html}"
        );
        // A refill that changes no line shares every card; a minute later, the lines that
        // read otherwise are drawn again.
        assert!(all_shared(&filled.refill(&details), &filled));
        details.now += 60_000;
        let later = filled.refill(&details);
        assert!(!Arc::ptr_eq(&later.cards[0], &filled.cards[0]));
        assert_eq!(
            later
                .card("p1")
                .and_then(|c| c.last_deploy.clone())
                .map(|l| l.1),
            Some("Failed 6 min ago · worker".to_string())
        );
        // The next project.all answer shows them at once; an answer that is no list is an error.
        assert_eq!(
            Overview::new(projects(), &details)
                .card("p1")
                .and_then(|c| c.last_deploy.clone())
                .map(|l| l.0),
            Some("error")
        );
        assert!(serde_json::from_value::<Vec<crate::model::RunMark>>(
            serde_json::json!({"message": "x"})
        )
        .is_err());
    }
}

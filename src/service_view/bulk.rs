//! Bulk actions as plain data: which of the chosen services an action applies to, where each
//! one's request and deployment have got to, what the progress panel says, and what survives a
//! reload of the page (a run is kept in sessionStorage: nothing is sent twice).
//!
//! An item goes Waiting → Sending → (a deploy) Queued → Deploying → Done or Failed, or
//! (start, stop, reload) Done once Dokploy answered. A request that failed is Refused with what
//! went wrong; one that got no answer (a timeout, or the page reloaded while it was on its way)
//! is Unsure: it may have arrived, so a deploy is still followed, and a retry says so first.

use serde_json::{json, Value};

use super::{deploy_note, ops_for, DeployNote, Op};
use crate::html::Html;
use crate::model::{DeploymentStatus, ServiceKind, ServiceStatus, ServiceSummary};
use crate::routes::Route;

/// Requests a run keeps in flight at most (Dokploy queues deploys one at a time per server
/// anyway; more would only crowd the browser's six connections).
pub const IN_FLIGHT: usize = 3;

/// Where one service of a run has got to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Not sent yet.
    Waiting,
    /// The request is on its way.
    Sending,
    /// Dokploy took the deploy; the deployment it makes has not started.
    Queued,
    /// Its deployment runs.
    Deploying,
    /// Done: the deployment finished, or Dokploy did what was asked.
    Done,
    /// The deployment ended in an error (or was cancelled).
    Failed,
    /// Dokploy refused the request or could not be reached: what went wrong.
    Refused(String),
    /// No answer: the request may have arrived.
    Unsure,
    /// Never sent: the page was reloaded before its turn.
    NotSent,
}

impl Step {
    /// The CSS status word (`badge--*`).
    pub fn word(&self) -> &'static str {
        match self {
            Step::Waiting | Step::NotSent => "idle",
            Step::Sending | Step::Queued => "queued",
            Step::Deploying => "deploying",
            Step::Done => "done",
            Step::Failed | Step::Refused(_) | Step::Unsure => "error",
        }
    }

    /// The step as stored (sessionStorage), and back.
    fn code(&self) -> &str {
        match self {
            Step::Waiting => "waiting",
            Step::Sending => "sending",
            Step::Queued => "queued",
            Step::Deploying => "deploying",
            Step::Done => "done",
            Step::Failed => "failed",
            Step::Refused(why) => why,
            Step::Unsure => "unsure",
            Step::NotSent => "not sent",
        }
    }

    fn from_code(code: &str) -> Step {
        match code {
            "waiting" => Step::Waiting,
            "sending" => Step::Sending,
            "queued" => Step::Queued,
            "deploying" => Step::Deploying,
            "done" => Step::Done,
            "failed" => Step::Failed,
            "unsure" => Step::Unsure,
            "not sent" => Step::NotSent,
            why => Step::Refused(why.to_string()),
        }
    }

    /// True once nothing more will happen to the item (unless retried).
    pub fn ended(&self) -> bool {
        matches!(
            self,
            Step::Done | Step::Failed | Step::Refused(_) | Step::NotSent
        )
    }

    /// True for the items "Retry" sends again.
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            Step::Failed | Step::Refused(_) | Step::Unsure | Step::NotSent
        )
    }
}

/// One service of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ServiceKind,
    pub id: String,
    pub name: String,
    /// Needed by reload.
    pub app_name: String,
    /// Where it lives ("Shop › production").
    pub place: String,
    pub step: Step,
    /// The newest deployment before the deploy was sent: the one it makes is the next.
    pub before: Option<String>,
    /// The service was seen deploying since (kinds without deployment rows: databases).
    pub seen_running: bool,
}

impl Item {
    /// The item's line in the panel, for `op`.
    pub fn text(&self, op: Op) -> String {
        match &self.step {
            Step::Waiting => "Waiting its turn".into(),
            Step::Sending => "Sending…".into(),
            Step::Queued => "Queued in Dokploy".into(),
            Step::Deploying => "Deploying…".into(),
            Step::Done => match op {
                Op::Deploy | Op::Redeploy => "Deployed",
                Op::Start => "Started",
                Op::Stop => "Stopped",
                Op::Reload => "Reloaded",
            }
            .into(),
            Step::Failed => "The deployment failed: its log says why".into(),
            Step::Refused(why) => why.clone(),
            Step::Unsure => {
                "No answer: it may have been sent. Look at the service before retrying".into()
            }
            Step::NotSent => "Not sent (the page was reloaded before its turn)".into(),
        }
    }

    /// True while the run reads this item's deployments or status to see where it got to.
    pub fn followed(&self, op: Op) -> bool {
        op.deploys() && matches!(self.step, Step::Queued | Step::Deploying | Step::Unsure)
    }

    /// Where a followed deploy has got to: `latest` is the service's newest deployment (for
    /// kinds with deployment rows), `status` the service's status. A database has no rows and
    /// Dokploy answers its deploy once it is over (the sandbox, at once): after the answer,
    /// running is deploying and done or error is the end.
    pub fn follow(
        &mut self,
        latest: Option<(&str, Option<&DeploymentStatus>)>,
        status: Option<&ServiceStatus>,
    ) {
        if matches!(status, Some(ServiceStatus::Running)) {
            self.seen_running = true;
        }
        let answered = self.step != Step::Unsure;
        let note = if !self.kind.is_database() {
            deploy_note(self.before.as_deref(), latest, None, false)
        } else {
            match status {
                Some(ServiceStatus::Running) => DeployNote::Deploying,
                Some(ServiceStatus::Done) if answered || self.seen_running => DeployNote::Deployed,
                Some(ServiceStatus::Error) if answered || self.seen_running => DeployNote::Failed,
                _ => DeployNote::Queued,
            }
        };
        self.step = match note {
            DeployNote::Queued if !answered => Step::Unsure,
            DeployNote::Queued => Step::Queued,
            DeployNote::Deploying => Step::Deploying,
            DeployNote::Deployed => Step::Done,
            DeployNote::Failed | DeployNote::Cancelled => Step::Failed,
        };
    }
}

/// A chosen service the action does not apply to, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub why: &'static str,
}

/// Why `op` is not sent to a service of `kind` in `status`; `None` when it is.
pub fn skip_reason(
    op: Op,
    kind: ServiceKind,
    status: Option<&ServiceStatus>,
) -> Option<&'static str> {
    if !Op::for_kind(kind).contains(&op) {
        return Some(match op {
            Op::Redeploy => "databases have no redeploy (Deploy rebuilds them)",
            _ => "compose services have no reload (Redeploy restarts them)",
        });
    }
    if ops_for(kind, status, false).contains(&op) {
        return None;
    }
    Some(match op {
        Op::Start => "already running",
        Op::Stop => "already stopped",
        Op::Reload => "not running",
        _ => "never deployed: use Deploy",
    })
}

/// One bulk action on some services of one instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The instance's id in Skiff.
    pub inst: String,
    pub op: Op,
    pub items: Vec<Item>,
}

impl Run {
    /// The run of `op` over `chosen` (each with where it lives), and the services it skips.
    pub fn new(inst: &str, op: Op, chosen: Vec<(ServiceSummary, String)>) -> (Run, Vec<Skipped>) {
        let mut items = Vec::new();
        let mut skipped = Vec::new();
        for (s, place) in chosen {
            let name = s.display_name().to_string();
            if let Some(why) = skip_reason(op, s.kind, s.status.as_ref()) {
                skipped.push(Skipped { name, why });
                continue;
            }
            items.push(Item {
                kind: s.kind,
                app_name: s.app_name.unwrap_or_default(),
                id: s.id,
                name,
                place,
                step: Step::Waiting,
                before: None,
                seen_running: false,
            });
        }
        let run = Run {
            inst: inst.to_string(),
            op,
            items,
        };
        (run, skipped)
    }

    /// The next item to send, now marked Sending; `None` when none waits or `IN_FLIGHT`
    /// requests are on their way.
    pub fn take(&mut self) -> Option<usize> {
        let sending = self
            .items
            .iter()
            .filter(|i| i.step == Step::Sending)
            .count();
        if sending >= IN_FLIGHT {
            return None;
        }
        let i = self.items.iter().position(|i| i.step == Step::Waiting)?;
        self.items[i].step = Step::Sending;
        Some(i)
    }

    /// Dokploy's answer to item `i`'s request: `Ok`, or what went wrong and whether the
    /// request may have arrived all the same (no answer).
    pub fn answered(&mut self, i: usize, answer: Result<(), (String, bool)>) {
        let deploys = self.op.deploys();
        let Some(item) = self.items.get_mut(i) else {
            return;
        };
        item.step = match answer {
            Ok(()) if deploys => Step::Queued,
            Ok(()) => Step::Done,
            Err((_, true)) => Step::Unsure,
            Err((why, false)) => Step::Refused(why),
        };
    }

    /// The items whose deployments are followed.
    pub fn followed(&self) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.items[i].followed(self.op))
            .collect()
    }

    /// True once every item has ended or is unanswered (an unanswered deploy is still
    /// followed a while, in case it arrived: see `pages::bulk`).
    pub fn finished(&self) -> bool {
        self.items
            .iter()
            .all(|i| i.step.ended() || i.step == Step::Unsure)
    }

    /// True while a request is on its way or an item waits its turn.
    pub fn sending(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.step, Step::Waiting | Step::Sending))
    }

    /// The items to send again.
    pub fn failed(&self) -> usize {
        self.items.iter().filter(|i| i.step.retryable()).count()
    }

    /// Sends the failed, unanswered and unsent items again.
    pub fn retry(&mut self) {
        for item in self.items.iter_mut().filter(|i| i.step.retryable()) {
            item.step = Step::Waiting;
            item.before = None;
            item.seen_running = false;
        }
    }

    /// The run as it is read back after a reload: a request on its way may have arrived
    /// (Unsure), the items not sent yet are not sent behind the user's back (NotSent).
    pub fn restored(mut self) -> Run {
        for item in &mut self.items {
            item.step = match item.step {
                Step::Sending => Step::Unsure,
                Step::Waiting => Step::NotSent,
                ref s => s.clone(),
            };
        }
        self
    }

    /// The run as sessionStorage keeps it (JSON).
    pub fn to_json(&self) -> String {
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|i| {
                json!([
                    i.kind.router(),
                    i.id,
                    i.name,
                    i.app_name,
                    i.place,
                    i.step.code(),
                    i.before,
                    i.seen_running
                ])
            })
            .collect();
        json!({"inst": self.inst, "op": self.op.label(), "items": items}).to_string()
    }

    /// A run read back from [`Run::to_json`]; `None` for anything else.
    pub fn from_json(text: &str) -> Option<Run> {
        let v: Value = serde_json::from_str(text).ok()?;
        let op = v["op"].as_str()?;
        let op = [Op::Deploy, Op::Redeploy, Op::Start, Op::Stop, Op::Reload]
            .into_iter()
            .find(|o| o.label() == op)?;
        let text = |v: &Value| v.as_str().map(String::from);
        let items = v["items"]
            .as_array()?
            .iter()
            .map(|i| {
                Some(Item {
                    kind: ServiceKind::from_router(i[0].as_str()?)?,
                    id: text(&i[1])?,
                    name: text(&i[2])?,
                    app_name: text(&i[3])?,
                    place: text(&i[4])?,
                    step: Step::from_code(i[5].as_str()?),
                    before: text(&i[6]),
                    seen_running: i[7].as_bool()?,
                })
            })
            .collect::<Option<Vec<Item>>>()?;
        Some(Run {
            inst: text(&v["inst"])?,
            op,
            items,
        })
    }

    /// The progress panel's list (markup: `crate::html`): each service, linked (a deploy, to
    /// its deployments), with where it lives and where it has got to.
    pub fn items_html(&self) -> String {
        let mut h = Html::with_capacity(200 * self.items.len());
        for i in &self.items {
            let tab = if self.op.deploys() && !i.kind.is_database() {
                "deployments"
            } else {
                ""
            };
            h.raw("<li class=\"bulk-item\" data-test=\"bulk-item\" data-step=\"")
                .raw(i.step.word())
                .raw("\" data-name=\"")
                .text(&i.name)
                .raw("\"><span class=\"bulk-item__name\"><a href=\"")
                .text(&Route::service(&self.inst, i.kind.router(), &i.id, tab).href())
                .raw("\">")
                .text(&i.name)
                .raw("</a><span class=\"small muted\">")
                .text(&i.place)
                .raw("</span></span><span class=\"badge badge--")
                .raw(i.step.word())
                .raw("\">")
                .text(&i.text(self.op))
                .raw("</span></li>");
        }
        h.finish()
    }

    /// The confirmation's lists: every service the run goes to, then those it skips and why.
    pub fn confirm_html(&self, skipped: &[Skipped]) -> String {
        let mut h = Html::with_capacity(120 * (self.items.len() + skipped.len()));
        h.raw("<ul class=\"bulk-confirm\" data-test=\"bulk-confirm-list\">");
        for i in &self.items {
            h.raw("<li data-test=\"bulk-confirm-item\"><strong>")
                .text(&i.name)
                .raw("</strong> <span class=\"badge badge--kind\">");
            crate::overview::kind_icon(&mut h, i.kind, false);
            h.raw(i.kind.label())
                .raw("</span> <span class=\"small muted\">")
                .text(&i.place)
                .raw("</span></li>");
        }
        h.raw("</ul>");
        if !skipped.is_empty() {
            h.raw("<p class=\"small\">Not sent to ")
                .text(&services(skipped.len()))
                .raw(":</p><ul class=\"bulk-confirm small muted\" data-test=\"bulk-skipped\">");
            for s in skipped {
                h.raw("<li>")
                    .text(&s.name)
                    .raw(": ")
                    .raw(s.why)
                    .raw("</li>");
            }
            h.raw("</ul>");
        }
        h.finish()
    }

    /// The panel's heading: the action and how far it is ("Deploy: 3 of 5 done, 1 failed").
    pub fn summary(&self) -> String {
        let count = |f: fn(&Step) -> bool| self.items.iter().filter(|i| f(&i.step)).count();
        let done = count(|s| *s == Step::Done);
        let failed = count(|s| matches!(s, Step::Failed | Step::Refused(_)));
        let unsure = count(|s| *s == Step::Unsure);
        let not_sent = count(|s| *s == Step::NotSent);
        let mut text = format!(
            "{} {}: {done} of {} done",
            self.op.label(),
            services(self.items.len()),
            self.items.len()
        );
        for (n, what) in [
            (failed, "failed"),
            (unsure, "unanswered"),
            (not_sent, "not sent"),
        ] {
            if n > 0 {
                text.push_str(&format!(", {n} {what}"));
            }
        }
        text
    }
}

/// The services page's rows (markup: `crate::html`, [`super::service_row`]): each service
/// with its checkbox (checked when its id is in `chosen`), link, kind, status and where it
/// lives.
pub fn rows_html(inst: &str, list: &[(ServiceSummary, String)], chosen: &[String]) -> String {
    let mut h = Html::with_capacity(400 * list.len());
    for (s, place) in list {
        super::service_row(
            &mut h,
            inst,
            s,
            chosen.contains(&s.id),
            Some(place),
            None,
            None,
            None,
        );
    }
    h.finish()
}

/// "1 service", "3 services".
pub fn services(n: usize) -> String {
    if n == 1 {
        "1 service".into()
    } else {
        format!("{n} services")
    }
}

/// How a deploy watched after its page went away has ended, if it has: an application's or
/// compose service's newest deployment (`latest`) done or failed, a database's status no longer
/// running (Dokploy answers a database's deploy only once it is over, so its status tells).
/// `Some(true)` done, `Some(false)` failed, `None` still running or not known yet.
pub fn watched_end(
    kind: ServiceKind,
    latest: Option<&DeploymentStatus>,
    status: Option<&ServiceStatus>,
) -> Option<bool> {
    if kind.is_database() {
        return match status? {
            ServiceStatus::Running => None,
            ServiceStatus::Error => Some(false),
            _ => Some(true),
        };
    }
    match latest? {
        DeploymentStatus::Done => Some(true),
        DeploymentStatus::Error | DeploymentStatus::Cancelled => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watched_deploy_ends_with_its_deployment_or_its_status() {
        use DeploymentStatus as D;
        let app = ServiceKind::Application;
        assert_eq!(watched_end(app, Some(&D::Running), None), None);
        assert_eq!(watched_end(app, Some(&D::Done), None), Some(true));
        assert_eq!(watched_end(app, Some(&D::Error), None), Some(false));
        assert_eq!(watched_end(app, Some(&D::Cancelled), None), Some(false));
        assert_eq!(watched_end(ServiceKind::Compose, None, None), None);
        assert_eq!(watched_end(app, Some(&D::parse("queued")), None), None);
        let db = ServiceKind::Postgres;
        assert_eq!(watched_end(db, None, Some(&ServiceStatus::Running)), None);
        assert_eq!(
            watched_end(db, None, Some(&ServiceStatus::Done)),
            Some(true)
        );
        assert_eq!(
            watched_end(db, None, Some(&ServiceStatus::Error)),
            Some(false)
        );
        assert_eq!(watched_end(db, Some(&D::Done), None), None);
    }

    fn summary(kind: ServiceKind, id: &str, status: Option<ServiceStatus>) -> ServiceSummary {
        ServiceSummary {
            kind,
            id: id.into(),
            name: Some(format!("{id}-name")),
            app_name: Some(format!("{id}-app")),
            status,
            description: None,
            created_at: None,
            environment_id: None,
            server: None,
        }
    }

    fn run(op: Op, services: Vec<ServiceSummary>) -> (Run, Vec<Skipped>) {
        Run::new(
            "prod",
            op,
            services
                .into_iter()
                .map(|s| (s, "Shop › production".into()))
                .collect(),
        )
    }

    #[test]
    fn skips_what_an_action_does_not_apply_to() {
        let (r, skipped) = run(
            Op::Reload,
            vec![
                summary(ServiceKind::Application, "a", Some(ServiceStatus::Done)),
                summary(ServiceKind::Compose, "c", Some(ServiceStatus::Done)),
                summary(ServiceKind::Postgres, "p", Some(ServiceStatus::Idle)),
            ],
        );
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.items[0].app_name, "a-app");
        assert_eq!(skipped[0].name, "c-name");
        assert!(skipped[0]
            .why
            .starts_with("compose services have no reload"));
        assert_eq!(skipped[1].why, "not running");
        let (_, skipped) = run(
            Op::Stop,
            vec![summary(ServiceKind::Redis, "r", Some(ServiceStatus::Idle))],
        );
        assert_eq!(skipped[0].why, "already stopped");
        let (r, _) = run(
            Op::Deploy,
            vec![
                summary(ServiceKind::Redis, "r", None),
                summary(ServiceKind::Mongo, "m", Some(ServiceStatus::Error)),
            ],
        );
        assert_eq!(r.items.len(), 2);
    }

    #[test]
    fn keeps_at_most_a_few_requests_in_flight() {
        let list = (0..5)
            .map(|i| {
                summary(
                    ServiceKind::Application,
                    &format!("a{i}"),
                    Some(ServiceStatus::Done),
                )
            })
            .collect();
        let (mut r, _) = run(Op::Stop, list);
        assert_eq!(
            (r.take(), r.take(), r.take(), r.take()),
            (Some(0), Some(1), Some(2), None)
        );
        r.answered(1, Ok(()));
        assert_eq!(r.take(), Some(3));
        r.answered(0, Err(("Dokploy refused: 403".into(), false)));
        r.answered(2, Err(("no answer".into(), true)));
        r.answered(3, Ok(()));
        assert_eq!(r.take(), Some(4));
        assert_eq!(r.take(), None);
        r.answered(4, Ok(()));
        assert!(r.finished() && !r.sending());
        assert_eq!(
            r.summary(),
            "Stop 5 services: 3 of 5 done, 1 failed, 1 unanswered"
        );
        assert_eq!(r.items[0].text(Op::Stop), "Dokploy refused: 403");
        assert_eq!(r.failed(), 2);
        r.retry();
        assert_eq!((r.take(), r.take(), r.take()), (Some(0), Some(2), None));
    }

    #[test]
    fn follows_a_deploy_to_its_real_end() {
        let (mut r, _) = run(
            Op::Deploy,
            vec![
                summary(ServiceKind::Application, "a", Some(ServiceStatus::Done)),
                summary(ServiceKind::Postgres, "p", Some(ServiceStatus::Done)),
            ],
        );
        r.take();
        r.take();
        r.items[0].before = Some("d1".into());
        r.answered(0, Ok(()));
        r.answered(1, Ok(()));
        assert_eq!(r.followed(), vec![0, 1]);
        assert!(!r.finished());
        // The old deployment is still the newest: queued, whatever the status says.
        r.items[0].follow(
            Some(("d1", Some(&DeploymentStatus::Done))),
            Some(&ServiceStatus::Done),
        );
        assert_eq!(r.items[0].step, Step::Queued);
        r.items[0].follow(Some(("d2", Some(&DeploymentStatus::Running))), None);
        assert_eq!(r.items[0].step, Step::Deploying);
        r.items[0].follow(Some(("d2", Some(&DeploymentStatus::Error))), None);
        assert_eq!(r.items[0].step, Step::Failed);
        // A database: Dokploy answered once the deploy was over.
        r.items[1].follow(None, Some(&ServiceStatus::Done));
        assert_eq!(r.items[1].step, Step::Done);
        assert!(r.finished());
        assert_eq!(r.summary(), "Deploy 2 services: 1 of 2 done, 1 failed");
    }

    #[test]
    fn an_unanswered_deploy_is_followed_until_it_shows() {
        let (mut r, _) = run(
            Op::Deploy,
            vec![summary(ServiceKind::Mysql, "m", Some(ServiceStatus::Done))],
        );
        r.take();
        r.answered(0, Err(("timeout".into(), true)));
        assert_eq!(r.followed(), vec![0]);
        // Done as before: nothing says the deploy arrived.
        r.items[0].follow(None, Some(&ServiceStatus::Done));
        assert_eq!(r.items[0].step, Step::Unsure);
        r.items[0].follow(None, Some(&ServiceStatus::Running));
        assert_eq!(r.items[0].step, Step::Deploying);
        r.items[0].follow(None, Some(&ServiceStatus::Done));
        assert_eq!(r.items[0].step, Step::Done);
    }

    #[test]
    fn markup_shows_server_text_as_text() {
        let mut s = summary(ServiceKind::Application, "a\"1", Some(ServiceStatus::Done));
        s.name = Some("<img src=x onerror=alert(1)>".into());
        let (mut r, skipped) = run(
            Op::Reload,
            vec![
                s.clone(),
                summary(ServiceKind::Compose, "c", Some(ServiceStatus::Done)),
            ],
        );
        r.items[0].step = Step::Refused("Dokploy said <b>no</b>".into());
        for html in [
            r.items_html(),
            r.confirm_html(&skipped),
            rows_html("prod", &[(s, "<p>".into())], &["a\"1".into()]),
        ] {
            assert!(
                !html.contains("<img") && !html.contains("<b>") && !html.contains("<p>"),
                "{html}"
            );
            assert!(
                html.contains("&lt;img src=x onerror=alert(1)&gt;"),
                "{html}"
            );
        }
        assert!(r.items_html().contains("data-step=\"error\""));
        assert!(r
            .confirm_html(&skipped)
            .contains("c-name: compose services have no reload"));
        let row = rows_html(
            "prod",
            &[(summary(ServiceKind::Redis, "r", None), "shop".into())],
            &["r".into()],
        );
        assert!(
            row.contains("data-id=\"r\" aria-label=\"Choose r-name\" checked>"),
            "{row}"
        );
        assert!(row.contains("href=\"#/i/prod/redis/r\""), "{row}");
    }

    #[test]
    fn a_stored_run_reads_back_as_it_was() {
        let (mut r, _) = run(
            Op::Deploy,
            vec![
                summary(ServiceKind::Application, "a", Some(ServiceStatus::Done)),
                summary(ServiceKind::Libsql, "l", None),
            ],
        );
        r.items[0].step = Step::Refused("quotes \" and \\ survive".into());
        r.items[0].before = Some("d1".into());
        r.items[1].step = Step::Deploying;
        r.items[1].seen_running = true;
        assert_eq!(Run::from_json(&r.to_json()), Some(r));
        assert_eq!(Run::from_json("{}"), None);
        assert_eq!(Run::from_json("not json"), None);
    }

    #[test]
    fn a_reload_sends_nothing_twice() {
        let list = (0..4)
            .map(|i| {
                summary(
                    ServiceKind::Compose,
                    &format!("c{i}"),
                    Some(ServiceStatus::Done),
                )
            })
            .collect();
        let (mut r, _) = run(Op::Redeploy, list);
        r.take();
        r.take();
        r.answered(0, Ok(()));
        let back = Run::from_json(&r.to_json()).unwrap().restored();
        let steps: Vec<_> = back.items.iter().map(|i| i.step.clone()).collect();
        assert_eq!(
            steps,
            [Step::Queued, Step::Unsure, Step::NotSent, Step::NotSent]
        );
        let mut back = back;
        assert_eq!(back.take(), None);
        assert_eq!(
            back.summary(),
            "Redeploy 4 services: 0 of 4 done, 1 unanswered, 2 not sent"
        );
        back.retry();
        assert_eq!(back.take(), Some(1));
    }
}

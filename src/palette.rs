//! The command palette as plain data: every instance, project, environment and service Skiff
//! has read, as entries with where they lead; a fuzzy match ranked by how well and how recently;
//! a service's actions. The palette itself is src/pages/palette.rs.

use crate::html::Html;
use crate::model::{Project, ServiceKind};
use crate::overview::lower;
use crate::routes::Route;

/// What an entry stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Instance,
    Project,
    Environment,
    /// A service: its kind, id and app name (the internal host on Dokploy's network).
    Service {
        kind: ServiceKind,
        id: String,
        app_name: Option<String>,
    },
}

/// One thing the palette can open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub target: Target,
    /// Its name.
    pub label: String,
    /// Where it is: "prod › shop › production".
    pub place: String,
    /// The page it opens.
    pub href: String,
    /// The instance it belongs to.
    pub inst: String,
    /// `label` lower-cased, then `place` lower-cased, for matching.
    key: String,
    /// Where `place` starts in `key`.
    split: usize,
}

impl Entry {
    fn new(target: Target, label: &str, place: String, href: String, inst: &str) -> Entry {
        let key = lower(&format!("{label}\n{place}"));
        let split = key.find('\n').unwrap_or(key.len());
        Entry {
            target,
            label: label.to_string(),
            place,
            href,
            inst: inst.to_string(),
            key,
            split,
        }
    }

    /// What kind of thing it is, in words.
    pub fn kind_label(&self) -> &'static str {
        match &self.target {
            Target::Instance => "Instance",
            Target::Project => "Project",
            Target::Environment => "Environment",
            Target::Service { kind, .. } => kind.label(),
        }
    }
}

/// The entry of an instance (`inst` its id, `name` what it is called).
pub fn instance_entry(inst: &str, name: &str) -> Entry {
    Entry::new(
        Target::Instance,
        name,
        "All its projects".into(),
        Route::projects(inst).href(),
        inst,
    )
}

/// The entries of one instance's projects: each project, its named environments (v0.25+) and
/// its services with a name (databases `project.all` gives as bare ids wait for their names).
pub fn project_entries(inst: &str, inst_name: &str, projects: &[Project]) -> Vec<Entry> {
    let mut out = Vec::new();
    for p in projects {
        let at = format!("{inst_name} › {}", p.name);
        out.push(Entry::new(
            Target::Project,
            &p.name,
            inst_name.to_string(),
            Route::project(inst, &p.project_id).href(),
            inst,
        ));
        let envs = p.environments.as_deref().unwrap_or(&[]);
        for e in envs {
            out.push(Entry::new(
                Target::Environment,
                &e.name,
                at.clone(),
                Route::Project {
                    inst: inst.to_string(),
                    id: p.project_id.clone(),
                    env: Some(e.environment_id.clone()),
                    list: Default::default(),
                }
                .href(),
                inst,
            ));
        }
        for s in p.summaries() {
            let Some(name) = s.name.as_deref().or(s.app_name.as_deref()) else {
                continue;
            };
            let env = s
                .environment_id
                .as_deref()
                .and_then(|id| envs.iter().find(|e| e.environment_id == id))
                .map(|e| format!("{at} › {}", e.name))
                .unwrap_or_else(|| at.clone());
            out.push(Entry::new(
                Target::Service {
                    kind: s.kind,
                    id: s.id.clone(),
                    app_name: s.app_name.clone(),
                },
                name,
                env,
                Route::service(inst, s.kind.router(), &s.id, "").href(),
                inst,
            ));
        }
    }
    out
}

/// How well `query` (lower-cased, no spaces at its ends) matches `text` (lower-cased): `None`
/// when its letters are not all in `text` in order; more for a match at the start, after a
/// separator and in one run, less for each letter skipped.
pub fn fuzzy(query: &str, text: &str) -> Option<i32> {
    if query.is_empty() {
        return Some(0);
    }
    if let Some(at) = text.find(query) {
        let boundary = at == 0 || text[..at].ends_with([' ', '-', '_', '.', '/', '\n']);
        return Some(100 - at.min(40) as i32 + if boundary { 40 } else { 0 });
    }
    let mut score = 0;
    let mut wanted = query.chars().peekable();
    let mut prev: Option<char> = None;
    let mut run = false;
    for c in text.chars() {
        let Some(&w) = wanted.peek() else { break };
        if c == w {
            wanted.next();
            score += match prev {
                None => 8,
                Some(' ' | '-' | '_' | '.' | '/' | '\n') => 6,
                _ if run => 4,
                _ => 1,
            };
            run = true;
        } else {
            score -= 1;
            run = false;
        }
        prev = Some(c);
    }
    wanted.peek().is_none().then_some(score)
}

/// The entries matching `query`, best first (at most `limit`): a match in the name counts more
/// than one in the place; the recently opened (`recent`, hrefs, newest first) go first among
/// equals and, with no query, lead the list, followed by the instances and projects.
pub fn search(entries: &[Entry], query: &str, recent: &[String], limit: usize) -> Vec<usize> {
    let q = lower(query.trim());
    let recency = |e: &Entry| {
        recent
            .iter()
            .position(|r| *r == e.href)
            .map_or(0, |i| 30 - i.min(20) as i32)
    };
    // The best `limit` kept in order as the entries go by (a first letter matches nearly all
    // of them: sorting every match cost a keystroke's frame at 10,000 services).
    let mut top: Vec<(i32, usize)> = Vec::with_capacity(limit + 1);
    for (i, e) in entries.iter().enumerate() {
        let score = if q.is_empty() {
            match e.target {
                Target::Instance => 20,
                Target::Project => 10,
                _ if recency(e) > 0 => 0,
                _ => continue,
            }
        } else {
            match fuzzy(&q, &e.key[..e.split]) {
                Some(s) => s + 50,
                None => match fuzzy(&q, &e.key) {
                    Some(s) => s - 20,
                    None => continue,
                },
            }
        };
        let score = score + recency(e) * if q.is_empty() { 10 } else { 1 };
        if top.len() == limit && top.last().is_none_or(|w| w.0 >= score) {
            continue;
        }
        // After the equal scores already kept: the earlier entry first among equals.
        let at = top.partition_point(|t| t.0 >= score);
        top.insert(at, (score, i));
        top.truncate(limit);
    }
    top.into_iter().map(|(_, i)| i).collect()
}

/// What can be done to a service from the palette: (action id, label).
pub fn service_actions(kind: ServiceKind) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![("open", "Open")];
    if matches!(kind, ServiceKind::Application | ServiceKind::Compose) {
        out.push(("deploy", "Deploy"));
    }
    out.push(("logs", "Open its logs"));
    out.push(("environment", "Open its environment variables"));
    out.push(("host", "Copy its internal host"));
    out
}

/// The results as markup (src/html.rs): a `<li>` for each of `shown` (indexes into `entries`),
/// its row number in `data-id`; the chosen one (`at`) marked, with a service's actions when it
/// is the chosen one (the deploy disabled while one is on its way: `busy`). One `innerHTML` per
/// keystroke instead of twenty rows of views: the first key, which replaces every row, stays
/// within its frame at 10,000 services (scripts/bench --only palette).
pub fn rows_html(entries: &[Entry], shown: &[usize], at: usize, busy: bool) -> String {
    let mut h = Html::with_capacity(shown.len() * 300);
    for (n, e) in shown.iter().filter_map(|&i| entries.get(i)).enumerate() {
        let on = n == at;
        h.raw("<li class=\"palette__item\" data-test=\"palette-item\" id=\"palette-")
            .num(n)
            .raw("\" data-id=\"")
            .num(n)
            .raw(if on {
                "\" data-chosen=\"true\">"
            } else {
                "\" data-chosen=\"false\">"
            })
            .raw("<a class=\"palette__open\" data-test=\"palette-open\" href=\"")
            .text(&e.href)
            .raw(if on {
                "\" aria-current=\"true\">"
            } else {
                "\">"
            })
            .raw("<span class=\"palette__label\">")
            .text(&e.label)
            .raw("</span><span class=\"small muted palette__place\">")
            .raw(e.kind_label())
            .raw(" · ")
            .text(&e.place)
            .raw("</span></a>");
        // The chosen service's actions only: twenty rows of buttons would be drawn again on
        // every key.
        if let (true, Target::Service { kind, .. }) = (on, &e.target) {
            h.raw("<span class=\"palette__actions\" data-test=\"palette-actions\">");
            for (action, label) in service_actions(*kind).into_iter().skip(1) {
                h.raw("<button type=\"button\" class=\"btn btn--small\" data-test=\"palette-")
                    .raw(action)
                    .raw("\" data-action=\"")
                    .raw(action)
                    .raw(if action == "deploy" && busy {
                        "\" disabled>"
                    } else {
                        "\">"
                    })
                    .raw(label)
                    .raw("</button>");
            }
            h.raw("</span>");
        }
        h.raw("</li>");
    }
    h.finish()
}

/// The action a row's button names (its `data-action`), as [`service_actions`] names it.
pub fn action_named(name: &str) -> Option<&'static str> {
    ["open", "deploy", "logs", "environment", "host"]
        .into_iter()
        .find(|a| *a == name)
}

/// `recent` with `href` put first, at most 12 kept.
pub fn remember(recent: &mut Vec<String>, href: &str) {
    recent.retain(|r| r != href);
    recent.insert(0, href.to_string());
    recent.truncate(12);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        let projects: Vec<Project> = serde_json::from_str(include_str!(
            "../recordings/dokploy/v0.30.2/project.all.json"
        ))
        .expect("project.all decodes");
        let mut out = vec![instance_entry("prod", "Production")];
        out.extend(project_entries("prod", "Production", &projects));
        out
    }

    #[test]
    fn a_recorded_instance_gives_projects_environments_and_services() {
        let all = entries();
        assert!(all.iter().any(|e| e.target == Target::Project));
        assert!(all.iter().any(|e| e.target == Target::Environment));
        let svc = all
            .iter()
            .find(|e| matches!(e.target, Target::Service { .. }))
            .expect("a service");
        assert!(svc.place.starts_with("Production › "), "{svc:?}");
        assert!(svc.href.starts_with("#/i/prod/"), "{svc:?}");
    }

    #[test]
    fn letters_in_order_match_and_better_matches_rank_first() {
        assert!(fuzzy("chk", "checkout-api").is_some());
        assert!(fuzzy("kch", "checkout-api").is_none());
        assert!(fuzzy("checkout", "checkout-api") > fuzzy("chkt", "checkout-api"));
        assert!(fuzzy("api", "checkout-api") > fuzzy("api", "rapid"));
        assert_eq!(fuzzy("", "x"), Some(0));
    }

    fn named(label: &str, place: &str) -> Entry {
        Entry::new(
            Target::Service {
                kind: ServiceKind::Application,
                id: label.into(),
                app_name: None,
            },
            label,
            place.into(),
            format!("#/{label}"),
            "prod",
        )
    }

    #[test]
    fn the_name_counts_more_than_the_place_and_recent_goes_first() {
        let list = vec![
            named("web", "prod › shop › production"),
            named("shop-web", "prod › blog › production"),
            named("shop-db", "prod › shop › production"),
        ];
        let labels = |hits: Vec<usize>| -> Vec<&str> {
            hits.into_iter().map(|i| list[i].label.as_str()).collect()
        };
        assert_eq!(
            labels(search(&list, "shop", &[], 10)),
            ["shop-web", "shop-db", "web"]
        );
        let recent = vec!["#/shop-db".to_string()];
        assert_eq!(labels(search(&list, "shop", &recent, 10))[0], "shop-db");
        assert_eq!(labels(search(&list, "", &recent, 10)), ["shop-db"]);
        assert_eq!(search(&list, "zzz", &[], 10), Vec::<usize>::new());
    }

    #[test]
    fn ten_thousand_services_are_searched_in_one_pass() {
        let list: Vec<Entry> = (0..10_000)
            .map(|i| named(&format!("service-{i}"), "prod › big › production"))
            .collect();
        let hits = search(&list, "service-9999", &[], 20);
        assert_eq!(list[hits[0]].label, "service-9999");
    }

    #[test]
    fn rows_are_escaped_markup_with_the_chosen_services_actions() {
        let e = entries();
        let services: Vec<usize> = (0..e.len())
            .filter(|&i| matches!(e[i].target, Target::Service { .. }))
            .take(2)
            .collect();
        let html = rows_html(&e, &services, 0, true);
        assert_eq!(html.matches("<li ").count(), 2);
        assert_eq!(
            html.matches("data-test=\"palette-actions\"").count(),
            1,
            "{html}"
        );
        assert!(html.contains("data-chosen=\"true\""));
        assert!(html.contains("aria-current=\"true\""));
        // A deploy on its way: the chosen service's Deploy is disabled.
        if html.contains("palette-deploy") {
            assert!(html.contains("data-action=\"deploy\" disabled>"), "{html}");
        }
        let mut hostile = e[services[0]].clone();
        hostile.label = "<img src=x onerror=alert(1)>".into();
        hostile.place = "\"><script>x</script>".into();
        let html = rows_html(&[hostile], &[0], 0, false);
        assert!(
            !html.contains("<img") && !html.contains("<script"),
            "{html}"
        );
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn recent_is_bounded_and_newest_first() {
        let mut r = Vec::new();
        for i in 0..20 {
            remember(&mut r, &format!("#/{i}"));
        }
        remember(&mut r, "#/15");
        assert_eq!(r.len(), 12);
        assert_eq!(r[0], "#/15");
        assert_eq!(r.iter().filter(|h| *h == "#/15").count(), 1);
    }
}

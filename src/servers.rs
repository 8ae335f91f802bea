//! Remote servers as plain data: the services each runs (from `project.one` answers), where
//! its monitoring service is, its metrics in words and plots, and the markup of
//! Settings › Servers (src/html.rs: every value escaped). A server's monitoring token is read
//! only to ask Dokploy for the metrics and never written anywhere.

use std::collections::BTreeMap;

use crate::api::ApiError;
use crate::html::{answered, Html};
use crate::model::{Project, Server, ServerSample, ServiceKind};
use crate::routes::Route;
use crate::service_view::advanced::scaled;
use crate::service_view::time::ago_of;

/// A service running on a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnServer {
    pub kind: ServiceKind,
    pub id: String,
    pub name: String,
    /// `project › environment` (the project alone before environments).
    pub place: String,
}

/// The services of `projects` (`project.one` answers, whose rows name their `serverId`) by
/// server id, each server's by place and name.
pub fn hosted(projects: &[Project]) -> BTreeMap<String, Vec<OnServer>> {
    let mut out: BTreeMap<String, Vec<OnServer>> = BTreeMap::new();
    for p in projects {
        let legacy = p.is_legacy();
        for env in p.all_environments() {
            let place = if legacy {
                p.name.clone()
            } else {
                format!("{} › {}", p.name, env.name)
            };
            for kind in ServiceKind::ALL {
                for row in env.rows(kind) {
                    let (Some(server), Some(id)) = (row.server_id.as_deref(), row.id(kind)) else {
                        continue;
                    };
                    let name = [&row.name, &row.app_name]
                        .into_iter()
                        .find_map(|n| n.as_deref().filter(|n| !n.is_empty()))
                        .unwrap_or(id);
                    out.entry(server.to_string()).or_default().push(OnServer {
                        kind,
                        id: id.to_string(),
                        name: name.to_string(),
                        place: place.clone(),
                    });
                }
            }
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| (&a.place, &a.name).cmp(&(&b.place, &b.name)));
    }
    out
}

/// Where Dokploy reads a server's monitoring service, and with which token (as Dokploy's own
/// page asks: `http://{ip}:{port}/metrics`); `None` when monitoring is not set up.
pub fn metrics_source(s: &Server) -> Option<(String, String)> {
    let m = s.metrics_config.as_ref()?.server.as_ref()?;
    let token = m.token.as_deref().filter(|t| !t.is_empty())?;
    let port = m.port.filter(|p| *p > 0)?;
    if s.ip_address.is_empty() {
        return None;
    }
    Some((
        format!("http://{}:{port}/metrics", s.ip_address),
        token.to_string(),
    ))
}

/// A metrics request's failure in the user's terms (Dokploy relays the monitoring service's
/// answer as a 500 with its message).
pub fn metrics_problem(e: &ApiError, s: &Server) -> (String, String) {
    let port = s
        .metrics_config
        .as_ref()
        .and_then(|m| m.server.as_ref())
        .and_then(|m| m.port)
        .unwrap_or(4500);
    let at = format!("{}:{port}", s.ip_address);
    match e {
        ApiError::Server { message, .. } if message.contains("fetch failed") => (
            format!("Dokploy could not reach the monitoring service of {} at {at}", s.name),
            format!("Set up monitoring for this server in Dokploy (the server's Monitoring settings, then Setup Server), and let Dokploy reach port {port} on it."),
        ),
        ApiError::Server { message, .. } if message.starts_with("Error 401") => (
            format!("The monitoring service of {} refused Dokploy's token", s.name),
            "Save the server's monitoring settings again in Dokploy so that the service and Dokploy share the same token.".to_string(),
        ),
        ApiError::Server { message, .. } if message.contains("No monitoring data") => (
            format!("The monitoring service of {} has no samples yet", s.name),
            "It records one sample per refresh interval once it runs: look again in a minute.".to_string(),
        ),
        ApiError::Server { message, .. } if message.contains("Invalid URL") => (
            format!("{} has no address Dokploy can read metrics from", s.name),
            "Check the server's IP address and monitoring port in Dokploy.".to_string(),
        ),
        other => (other.title(), other.advice()),
    }
}

/// A number Dokploy's monitoring sends as text (`"6.72"`), in hundredths. Integers only:
/// float parsing and formatting would add some 15 KB to the build.
fn num(v: &Option<String>) -> Option<u64> {
    scaled(v.as_deref()?.trim(), 100)
}

/// Hundredths as a number with one decimal: `6.7`.
fn tenths(h: u64) -> String {
    let t = (h + 5) / 10;
    format!("{}.{}", t / 10, t % 10)
}

/// Hundredths with both decimals: `2.37`.
fn two(h: u64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// Hundredths of MB as `820 MB`, `20.2 GB`, `1.3 TB`.
fn megabytes(h: u64) -> String {
    if h >= 100_000_000 {
        format!("{} TB", tenths(h / 1_000_000))
    } else if h >= 100_000 {
        format!("{} GB", tenths(h / 1000))
    } else {
        format!("{} MB", (h + 50) / 100)
    }
}

/// Seconds as `19 days 4 h`, `3 h 12 min`, `5 min`.
pub fn uptime_label(s: u64) -> String {
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    match (d, h) {
        (0, 0) => format!("{m} min"),
        (0, _) => format!("{h} h {m} min"),
        (1, _) => format!("1 day {h} h"),
        _ => format!("{d} days {h} h"),
    }
}

/// An SVG path of `values` (hundredths of a percent, 0–100 %) in a `w` × `h` box, oldest on
/// the left.
pub fn spark_path(values: &[u64], w: usize, h: usize) -> String {
    let mut d = String::new();
    let n = values.len().max(2) - 1;
    for (i, v) in values.iter().enumerate() {
        let x = i * w / n;
        // Tenths of a pixel.
        let y = (h as u64 * 10) - (*v).min(10_000) * h as u64 * 10 / 10_000;
        d.push_str(&format!(
            "{}{x},{}.{}",
            if i == 0 { 'M' } else { 'L' },
            y / 10,
            y % 10
        ));
    }
    d
}

/// One figure of the metrics panel.
fn figure(h: &mut Html, label: &'static str, value: &str, detail: &str) {
    h.raw("<div class=\"metric\"><div class=\"metric__label\">")
        .raw(label)
        .raw("</div><div class=\"metric__value\" data-test=\"metric-value\">")
        .text(value)
        .raw("</div><div class=\"small muted\">")
        .text(detail)
        .raw("</div></div>");
}

fn spark(h: &mut Html, label: &'static str, values: &[u64]) {
    h.raw("<figure class=\"spark\"><figcaption class=\"small muted\">")
        .raw(label)
        .raw("</figcaption><svg viewBox=\"0 0 300 48\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
        .raw(label)
        .raw("\"><path d=\"")
        .text(&spark_path(values, 300, 48))
        .raw("\" /></svg></figure>");
}

/// The metrics panel of a server: the newest sample in figures, and CPU and memory over the
/// samples as plots.
pub fn write_metrics(h: &mut Html, samples: &[ServerSample], now_ms: i64) {
    let Some(last) = samples.last() else {
        h.raw("<p class=\"empty\">The monitoring service sent no samples.</p>");
        return;
    };
    h.raw("<div class=\"metrics\" data-test=\"server-metrics\">");
    let cores = last
        .cpu_cores
        .map(|c| format!("{c} cores"))
        .unwrap_or_default();
    figure(
        h,
        "CPU",
        &num(&last.cpu).map_or("—".into(), |c| format!("{} %", tenths(c))),
        &cores,
    );
    let mem = match (num(&last.mem_used_gb), num(&last.mem_total)) {
        (Some(u), Some(t)) => format!("{} of {} GB", two(u), two(t)),
        _ => String::new(),
    };
    figure(
        h,
        "Memory",
        &num(&last.mem_used).map_or("—".into(), |m| format!("{} %", tenths(m))),
        &mem,
    );
    figure(
        h,
        "Disk",
        &num(&last.disk_used).map_or("—".into(), |d| format!("{} %", tenths(d))),
        &num(&last.total_disk).map_or(String::new(), |t| format!("of {} GB", (t + 50) / 100)),
    );
    let net = match (num(&last.network_in), num(&last.network_out)) {
        (Some(i), Some(o)) => format!("{} in, {} out", megabytes(i), megabytes(o)),
        _ => "—".to_string(),
    };
    figure(h, "Network since boot", &net, "");
    figure(
        h,
        "Up",
        &last.uptime.map_or("—".into(), uptime_label),
        last.os.as_deref().unwrap_or(""),
    );
    h.raw("</div>");
    if samples.len() > 1 {
        let cpu: Vec<u64> = samples.iter().map(|s| num(&s.cpu).unwrap_or(0)).collect();
        let mem: Vec<u64> = samples
            .iter()
            .map(|s| num(&s.mem_used).unwrap_or(0))
            .collect();
        h.raw("<div class=\"sparks\">");
        spark(h, "CPU, %", &cpu);
        spark(h, "Memory, %", &mem);
        h.raw("</div>");
    }
    if let Some(at) = last.timestamp.as_deref() {
        h.raw("<p class=\"small muted\">")
            .num(samples.len())
            .raw(if samples.len() == 1 {
                " sample"
            } else {
                " samples"
            })
            .raw(", the newest ")
            .text(&ago_of(now_ms, at))
            .raw(".</p>");
    }
}

/// The server whose metrics are open, and their answer (`None` while asked for).
pub type Shown<'a> = Option<(&'a str, Option<&'a Result<Vec<ServerSample>, ApiError>>)>;

/// The list of Settings › Servers: each server with its address, type, status, SSH key and
/// the services on it (`hosted`: `None` while they are looked up), and a Metrics button
/// (`data-action="metrics"`) where monitoring is set up; `open`, the server whose metrics are
/// shown and their answer (`None` while asked for).
pub fn server_rows_html(
    all: Option<&Result<Vec<Server>, ApiError>>,
    hosted: Option<Result<&BTreeMap<String, Vec<OnServer>>, &ApiError>>,
    key_names: &BTreeMap<String, String>,
    open: Shown<'_>,
    inst: &str,
    now_ms: i64,
) -> String {
    let mut h = Html::with_capacity(1600);
    let Some(list) = answered(&mut h, all, "Loading servers…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-servers\">No remote server yet: everything runs on Dokploy's own server. Add one in Dokploy (Settings › Servers) to deploy or build elsewhere.</p>");
        return h.finish();
    }
    h.raw("<div class=\"server-list\">");
    for s in list {
        h.raw("<article class=\"server card\" data-test=\"server-row\"><div class=\"server__head\"><h3>")
            .text(&s.name)
            .raw("</h3>");
        match s.server_type.as_deref() {
            Some("build") => h.raw(" <span class=\"badge badge--kind\">Builds</span>"),
            Some(_) => h.raw(" <span class=\"badge badge--kind\">Deploys</span>"),
            None => &mut h,
        };
        if s.server_status.as_deref() == Some("inactive") {
            h.raw(" <span class=\"badge badge--error\" data-test=\"server-inactive\">Deactivated</span>");
        }
        h.raw("</div>");
        if let Some(d) = s.description.as_deref().filter(|d| !d.is_empty()) {
            h.raw("<p class=\"small muted\">").text(d).raw("</p>");
        }
        h.raw("<dl class=\"facts\"><dt>Address</dt><dd><code>");
        if let Some(u) = s.username.as_deref().filter(|u| !u.is_empty()) {
            h.text(u).raw("@");
        }
        h.text(&s.ip_address);
        if let Some(p) = s.port {
            h.raw(":").text(&p.to_string());
        }
        h.raw("</code></dd><dt>SSH key</dt><dd>");
        match s.ssh_key_id.as_deref() {
            Some(id) => match key_names.get(id) {
                Some(n) => h.text(n),
                None => h.raw("Set"),
            },
            None => h.raw("<span class=\"warn-text\">None: Dokploy cannot connect to it</span>"),
        };
        h.raw("</dd><dt>Added</dt><dd>")
            .text(&ago_of(now_ms, &s.created_at))
            .raw("</dd></dl>");
        if s.server_status.as_deref() == Some("inactive") {
            h.raw("<p class=\"small\">Dokploy deactivated this server (on Dokploy Cloud, for an unpaid invoice): nothing deploys to it until it is active again.</p>");
        }
        h.raw("<div class=\"server__services\" data-test=\"server-services\">");
        match hosted {
            None => {
                h.raw("<p class=\"small muted\">Looking for the services on it…</p>");
            }
            Some(Err(e)) => {
                h.raw("<p class=\"small muted\">Skiff could not look up the services on it: ")
                    .text(&e.title())
                    .raw("</p>");
            }
            Some(Ok(map)) => match map.get(&s.server_id).filter(|l| !l.is_empty()) {
                None if s.server_type.as_deref() == Some("build") => {
                    h.raw("<p class=\"small muted\">Builds images for applications; no service runs on it.</p>");
                }
                None => {
                    h.raw("<p class=\"small muted\">No service runs on it.</p>");
                }
                Some(list) => {
                    h.raw("<p class=\"small\"><strong>")
                        .num(list.len())
                        .raw(if list.len() == 1 {
                            " service</strong> runs on it:</p><ul class=\"plain-list\">"
                        } else {
                            " services</strong> run on it:</p><ul class=\"plain-list\">"
                        });
                    for o in list {
                        h.raw("<li><a href=\"")
                            .text(&Route::service(inst, o.kind.router(), &o.id, "").href())
                            .raw("\">")
                            .text(&o.name)
                            .raw("</a> <span class=\"small muted\">")
                            .text(o.kind.label())
                            .raw(" · ")
                            .text(&o.place)
                            .raw("</span></li>");
                    }
                    h.raw("</ul>");
                }
            },
        }
        h.raw("</div>");
        if metrics_source(s).is_some() {
            let shown = open.filter(|(id, _)| *id == s.server_id);
            h.raw("<div class=\"row\"><button type=\"button\" class=\"btn btn--small\" data-test=\"server-metrics-button\" data-action=\"metrics\" aria-expanded=\"")
                .raw(if shown.is_some() { "true" } else { "false" })
                .raw("\" data-id=\"")
                .text(&s.server_id)
                .raw(if shown.is_some() { "\">Hide metrics</button></div>" } else { "\">Metrics</button></div>" });
            match shown {
                None => {}
                Some((_, None)) => {
                    h.raw("<p class=\"spinner-line\">Reading metrics…</p>");
                }
                Some((_, Some(Ok(samples)))) => {
                    write_metrics(&mut h, samples, now_ms);
                }
                Some((_, Some(Err(e)))) => {
                    let (title, advice) = metrics_problem(e, s);
                    h.raw("<div class=\"alert alert--error\" role=\"alert\" data-test=\"metrics-error\"><div class=\"alert__title\">")
                        .text(&title)
                        .raw("</div><div>")
                        .text(&advice)
                        .raw("</div><div class=\"row u-mt-8\"><button type=\"button\" class=\"btn btn--small\" data-action=\"metrics-retry\" data-id=\"")
                        .text(&s.server_id)
                        .raw("\">Try again</button></div></div>");
                }
            }
        }
        h.raw("</article>");
    }
    h.raw("</div>");
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVERS: &str = r#"[{"appName":"server-x","buildsConcurrency":1,"command":"","createdAt":"2026-11-22T12:02:00.813Z",
        "description":"Edge <i>node</i>","enableDockerCleanup":true,"ipAddress":"203.0.113.20",
        "metricsConfig":{"containers":{"refreshRate":60,"services":{"exclude":[],"include":[]}},
        "server":{"cronJob":"0 0 * * *","port":4500,"refreshRate":60,"retentionDays":2,"thresholds":{"cpu":90,"memory":85},
        "token":"fake-metrics-TOKEN","type":"Remote","urlCallback":"https://d/api/trpc/notification.receiveNotification"}},
        "name":"edge-1","organizationId":"o","port":22,"serverId":"srv-edge-1","serverStatus":"active",
        "serverType":"deploy","sshKeyId":"k1","totalSum":4,"username":"root"},
        {"appName":"server-y","createdAt":"2026-11-15T12:02:00.813Z","description":null,"ipAddress":"203.0.113.10",
        "metricsConfig":{"containers":{"refreshRate":60,"services":{"exclude":[],"include":[]}},
        "server":{"port":4500,"refreshRate":60,"token":"","type":"Dokploy"}},"name":"build-01","port":22,
        "serverId":"b1","serverStatus":"inactive","serverType":"build","sshKeyId":null,"username":"root"}]"#;

    const PROJECT: &str = r#"{"projectId":"p1","name":"shop","environments":[{"environmentId":"e1","name":"production",
        "applications":[{"applicationId":"a1","name":"storefront","serverId":"srv-edge-1","server":{"name":"edge-1"}},
        {"applicationId":"a2","name":"checkout","serverId":null}],
        "compose":[{"composeId":"c1","name":"monitoring","serverId":"srv-edge-1"}],
        "postgres":[],"mysql":[],"mariadb":[],"mongo":[],"redis":[],"libsql":[]}]}"#;

    fn servers() -> Vec<Server> {
        serde_json::from_str(SERVERS).unwrap()
    }

    fn sample(cpu: &str, mem: &str) -> ServerSample {
        ServerSample {
            cpu: Some(cpu.into()),
            mem_used: Some(mem.into()),
            mem_used_gb: Some("2.37".into()),
            mem_total: Some("7.75".into()),
            disk_used: Some("41.82".into()),
            total_disk: Some("154.88".into()),
            network_in: Some("20191.67".into()),
            network_out: Some("673.5".into()),
            uptime: Some(1_641_599),
            os: Some("Ubuntu <24.04>".into()),
            cpu_cores: Some(4),
            timestamp: Some("2026-12-04T12:02:01.153Z".into()),
        }
    }

    #[test]
    fn services_are_found_on_their_server() {
        let p: Project = serde_json::from_str(PROJECT).unwrap();
        let on = hosted(&[p]);
        let edge = &on["srv-edge-1"];
        assert_eq!(edge.len(), 2);
        assert_eq!(edge[0].name, "monitoring");
        assert_eq!(edge[0].kind, ServiceKind::Compose);
        assert_eq!(edge[1].place, "shop › production");
        assert_eq!(on.len(), 1);
    }

    #[test]
    fn monitoring_is_where_its_port_and_token_are() {
        let s = servers();
        assert_eq!(
            metrics_source(&s[0]),
            Some((
                "http://203.0.113.20:4500/metrics".into(),
                "fake-metrics-TOKEN".into()
            ))
        );
        assert_eq!(metrics_source(&s[1]), None, "no token: not set up");
    }

    #[test]
    fn the_list_says_what_runs_where_and_never_the_token() {
        let s = servers();
        let p: Project = serde_json::from_str(PROJECT).unwrap();
        let on = hosted(&[p]);
        let keys = BTreeMap::from([("k1".to_string(), "deploy-key".to_string())]);
        let all = Ok(s);
        let html = server_rows_html(Some(&all), Some(Ok(&on)), &keys, None, "dev", 0);
        assert!(!html.contains("TOKEN"));
        assert!(html.contains("Edge &lt;i&gt;node&lt;/i&gt;"));
        assert!(html.contains("root@203.0.113.20:22"));
        assert!(html.contains("deploy-key"));
        assert!(html.contains("2 services</strong> run on it"));
        assert!(html.contains("#/i/dev/compose/c1"), "{html}");
        assert!(html.contains("server-inactive"));
        assert!(html.contains("Builds images"));
        assert!(html.contains("Dokploy cannot connect"));
        assert_eq!(html.matches("data-action=\"metrics\"").count(), 1);
        let looking = server_rows_html(Some(&all), None, &keys, None, "dev", 0);
        assert_eq!(looking.matches("Looking for the services").count(), 2);
    }

    #[test]
    fn metrics_read_as_figures_and_plots() {
        let s = servers();
        let samples = Ok(vec![sample("6.72", "30.56"), sample("5.3", "31.64")]);
        let html = server_rows_html(
            Some(&Ok(s)),
            Some(Ok(&BTreeMap::new())),
            &BTreeMap::new(),
            Some(("srv-edge-1", Some(&samples))),
            "dev",
            0,
        );
        for want in [
            "5.3 %",
            "31.6 %",
            "2.37 of 7.75 GB",
            "of 155 GB",
            "20.2 GB in, 674 MB out",
            "18 days 23 h",
            "Ubuntu &lt;24.04&gt;",
            "Hide metrics",
            "2 samples",
        ] {
            assert!(html.contains(want), "{want} missing: {html}");
        }
        assert_eq!(html.matches("<svg").count(), 2);
    }

    #[test]
    fn metric_failures_say_what_to_do() {
        let s = servers();
        let refused = ApiError::Server {
            status: 500,
            message: "fetch failed".into(),
        };
        let (title, advice) = metrics_problem(&refused, &s[0]);
        assert!(title.contains("203.0.113.20:4500"), "{title}");
        assert!(advice.contains("port 4500"));
        let token = ApiError::Server {
            status: 500,
            message: "Error 401: Unauthorized. Ensure the container is running".into(),
        };
        assert!(metrics_problem(&token, &s[0]).0.contains("refused"));
    }

    #[test]
    fn plots_and_uptimes() {
        assert_eq!(
            spark_path(&[0, 10_000, 5_000], 300, 48),
            "M0,48.0L150,0.0L300,24.0"
        );
        assert_eq!(megabytes(2_019_167), "20.2 GB");
        assert_eq!(megabytes(67_350), "674 MB");
        assert_eq!(megabytes(130_000_000), "1.3 TB");
        assert_eq!(tenths(672), "6.7");
        assert_eq!(uptime_label(59), "0 min");
        assert_eq!(uptime_label(3 * 3600 + 720), "3 h 12 min");
        assert_eq!(uptime_label(86_400 + 3600), "1 day 1 h");
    }
}

//! Every path Skiff knows, in one place.
//!
//! Skiff routes on the URL's fragment (`index.html#/i/prod/projects?q=web`): a fragment never
//! reaches the server, so the same `dist/` works from any static host, under any sub-path, and a
//! deep link survives a reload without a rewrite rule. Parsing and formatting are plain functions
//! with host tests.

use std::fmt::Write as _;

/// The pages of an instance named by one segment (`#/i/{inst}/{name}`): the settings pages
/// ([`SETTINGS`], the settings build's), then the doctor and the backups.
const TOOLS: &[&str] = &[
    "admin",
    "people",
    "tags",
    "registries",
    "ssh-keys",
    "certificates",
    "notifications",
    "git-providers",
    "servers",
    "doctor",
    "backups",
];

/// The settings pages: the settings build's (src/handoff.rs), under Settings in the top bar.
pub const SETTINGS: &[&str] = TOOLS.split_at(9).0;

/// One screen of Skiff, with everything that identifies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/`: the current instance's projects, or the connect page when there is none.
    Home,
    /// `#/connect`: add an instance (URL and key).
    Connect,
    /// `#/instances`: every saved instance on one page.
    Instances,
    /// `#/find`: the command palette (Ctrl-K, the top bar's Find): any instance, project,
    /// environment or service of every saved instance.
    Find,
    /// `#/i/{inst}/projects?q=&sort=&tag=`, `tag` a tag's name (`""`: any).
    Projects {
        inst: String,
        q: String,
        sort: Sort,
        tag: String,
    },
    /// `#/i/{inst}/project/{id}?env=&q=&kind=&sort=`
    Project {
        inst: String,
        id: String,
        env: Option<String>,
        /// How the environment's services are narrowed and ordered.
        list: ServiceQuery,
    },
    /// `#/i/{inst}/{kind}/{id}/{tab}?deployment=`, `kind` being a Dokploy router name
    /// (`application`, `compose`, `postgres`, ...).
    Service {
        inst: String,
        kind: String,
        id: String,
        tab: String,
        deployment: Option<String>,
    },
    /// `#/i/{inst}/{name}`, one of: `admin` (API keys and who may use the API),
    /// `doctor` (the connection doctor), `backups` (destinations and backup health), `tags`
    /// (the organization's tags).
    Tool { inst: String, name: &'static str },
    /// `#/backups`: the backup health of every saved instance.
    AllBackups,
    /// `#/i/{inst}/activity?status=&kind=&project=&q=`: every deployment of an instance;
    /// `#/activity?…` (no `inst`): of every saved instance.
    Activity {
        inst: Option<String>,
        status: String,
        kind: String,
        project: String,
        q: String,
    },
    /// `#/i/{inst}/services?q=`: every service of an instance, to choose some for a bulk
    /// action (the overview's search links here with its query).
    Services { inst: String, q: String },
    /// Anything else, kept so the page can say what was asked for.
    NotFound(String),
}

/// A project page's service list: a text (name, app name, description), a kind (a Dokploy router
/// name, `""` for any), a server (a remote server's name, [`ServiceQuery::HOME`] for Dokploy's
/// own, `""` for any), an order (`""`: by kind then name, `name`, `status`, `newest`,
/// `deployed`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceQuery {
    pub q: String,
    pub kind: String,
    pub sort: String,
    pub server: String,
}

impl ServiceQuery {
    /// The server filter's value for services on Dokploy's own server (not a remote one).
    pub const HOME: &'static str = "-";
}

/// Sort order of the projects overview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Name,
    /// Most recently created or changed first.
    Recent,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Recent => "recent",
        }
    }
    fn parse(s: &str) -> Sort {
        match s {
            "recent" => Sort::Recent,
            _ => Sort::Name,
        }
    }
}

/// Service kinds that have a page, by their Dokploy router name.
pub const SERVICE_ROUTERS: [&str; 8] = [
    "application",
    "compose",
    "postgres",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "libsql",
];

impl Route {
    /// Parses a location fragment (with or without the leading `#`).
    pub fn parse(fragment: &str) -> Route {
        let raw = fragment.trim_start_matches('#');
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        let params = parse_query(query);
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segs.as_slice() {
            [] => Route::Home,
            ["connect"] => Route::Connect,
            ["instances"] => Route::Instances,
            ["find"] => Route::Find,
            ["i", inst] | ["i", inst, "projects"] => Route::Projects {
                inst: inst.to_string(),
                q: param("q").unwrap_or_default(),
                sort: Sort::parse(&param("sort").unwrap_or_default()),
                tag: param("tag").unwrap_or_default(),
            },
            ["i", inst, "project", id] => Route::Project {
                inst: inst.to_string(),
                id: id.to_string(),
                env: param("env"),
                list: ServiceQuery {
                    q: param("q").unwrap_or_default(),
                    kind: param("kind").unwrap_or_default(),
                    sort: param("sort").unwrap_or_default(),
                    server: param("server").unwrap_or_default(),
                },
            },
            ["backups"] => Route::AllBackups,
            ["i", inst, "services"] => Route::Services {
                inst: inst.to_string(),
                q: param("q").unwrap_or_default(),
            },
            ["activity"] | ["i", _, "activity"] => Route::Activity {
                inst: match segs.as_slice() {
                    ["i", inst, _] => Some(inst.to_string()),
                    _ => None,
                },
                status: param("status").unwrap_or_default(),
                kind: param("kind").unwrap_or_default(),
                project: param("project").unwrap_or_default(),
                q: param("q").unwrap_or_default(),
            },
            ["i", inst, name] if TOOLS.contains(name) => Route::Tool {
                inst: inst.to_string(),
                name: TOOLS
                    .iter()
                    .find(|t| *t == name)
                    .copied()
                    .unwrap_or("backups"),
            },
            ["i", inst, kind, id, rest @ ..]
                if SERVICE_ROUTERS.contains(kind) && rest.len() <= 1 =>
            {
                Route::Service {
                    inst: inst.to_string(),
                    kind: kind.to_string(),
                    id: id.to_string(),
                    tab: rest.first().map(|t| t.to_string()).unwrap_or_default(),
                    deployment: param("deployment"),
                }
            }
            _ => Route::NotFound(raw.to_string()),
        }
    }

    /// The fragment for this route, starting with `#/`.
    pub fn href(&self) -> String {
        let mut out = String::from("#/");
        match self {
            Route::Home => {}
            Route::Connect => out.push_str("connect"),
            Route::Instances => out.push_str("instances"),
            Route::Find => out.push_str("find"),
            Route::Projects { inst, q, sort, tag } => {
                let _ = write!(out, "i/{}/projects", percent_encode(inst));
                let mut params = Vec::new();
                if !q.is_empty() {
                    params.push(("q", q.as_str()));
                }
                if *sort != Sort::Name {
                    params.push(("sort", sort.as_str()));
                }
                if !tag.is_empty() {
                    params.push(("tag", tag.as_str()));
                }
                push_query(&mut out, &params);
            }
            Route::Project {
                inst,
                id,
                env,
                list,
            } => {
                let _ = write!(
                    out,
                    "i/{}/project/{}",
                    percent_encode(inst),
                    percent_encode(id)
                );
                let params: Vec<(&str, &str)> = [
                    ("env", env.as_deref().unwrap_or("")),
                    ("q", &list.q),
                    ("kind", &list.kind),
                    ("sort", &list.sort),
                    ("server", &list.server),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect();
                push_query(&mut out, &params);
            }
            Route::Service {
                inst,
                kind,
                id,
                tab,
                deployment,
            } => {
                let _ = write!(
                    out,
                    "i/{}/{}/{}",
                    percent_encode(inst),
                    kind,
                    percent_encode(id)
                );
                if !tab.is_empty() {
                    let _ = write!(out, "/{}", percent_encode(tab));
                }
                if let Some(d) = deployment {
                    push_query(&mut out, &[("deployment", d)]);
                }
            }
            Route::Tool { inst, name } => {
                let _ = write!(out, "i/{}/{name}", percent_encode(inst));
            }
            Route::AllBackups => out.push_str("backups"),
            Route::Services { inst, q } => {
                let _ = write!(out, "i/{}/services", percent_encode(inst));
                if !q.is_empty() {
                    push_query(&mut out, &[("q", q)]);
                }
            }
            Route::Activity {
                inst,
                status,
                kind,
                project,
                q,
            } => {
                if let Some(inst) = inst {
                    let _ = write!(out, "i/{}/", percent_encode(inst));
                }
                out.push_str("activity");
                let params: Vec<(&str, &str)> = [
                    ("status", status),
                    ("kind", kind),
                    ("project", project),
                    ("q", q),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k, v.as_str()))
                .collect();
                push_query(&mut out, &params);
            }
            Route::NotFound(raw) => out = format!("#{raw}"),
        }
        out
    }

    /// The instance this route belongs to, if any.
    pub fn instance(&self) -> Option<&str> {
        match self {
            Route::Projects { inst, .. }
            | Route::Project { inst, .. }
            | Route::Service { inst, .. }
            | Route::Tool { inst, .. }
            | Route::Services { inst, .. } => Some(inst),
            Route::Activity { inst, .. } => inst.as_deref(),
            _ => None,
        }
    }

    /// Shorthands used by views.
    pub fn tool(inst: &str, name: &'static str) -> Route {
        Route::Tool {
            inst: inst.into(),
            name,
        }
    }
    pub fn projects(inst: &str) -> Route {
        Route::Projects {
            inst: inst.into(),
            q: String::new(),
            sort: Sort::Name,
            tag: String::new(),
        }
    }
    /// The projects of `inst` carrying the tag named `tag`.
    pub fn tagged(inst: &str, tag: &str) -> Route {
        Route::Projects {
            inst: inst.into(),
            q: String::new(),
            sort: Sort::Name,
            tag: tag.into(),
        }
    }
    pub fn project(inst: &str, id: &str) -> Route {
        Route::Project {
            inst: inst.into(),
            id: id.into(),
            env: None,
            list: ServiceQuery::default(),
        }
    }
    /// The activity center of `inst` (every instance's with `None`), unfiltered.
    pub fn activity(inst: Option<&str>) -> Route {
        Route::Activity {
            inst: inst.map(str::to_string),
            status: String::new(),
            kind: String::new(),
            project: String::new(),
            q: String::new(),
        }
    }
    pub fn service(inst: &str, kind: &str, id: &str, tab: &str) -> Route {
        Route::Service {
            inst: inst.into(),
            kind: kind.into(),
            id: id.into(),
            tab: tab.into(),
            deployment: None,
        }
    }
}

fn push_query(out: &mut String, params: &[(&str, &str)]) {
    for (i, (k, v)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        out.push('=');
        out.push_str(&percent_encode(v));
    }
}

/// Splits `a=1&b=two` into decoded pairs.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes; malformed escapes stay as they are; invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_route() {
        let routes = [
            Route::Home,
            Route::Connect,
            Route::Instances,
            Route::Find,
            Route::Projects {
                inst: "prod".into(),
                q: "web api/é".into(),
                sort: Sort::Recent,
                tag: "client a/é".into(),
            },
            Route::projects("prod"),
            Route::activity(None),
            Route::activity(Some("prod")),
            Route::Services {
                inst: "prod".into(),
                q: "api db".into(),
            },
            Route::Services {
                inst: "prod".into(),
                q: String::new(),
            },
            Route::Activity {
                inst: Some("prod".into()),
                status: "error".into(),
                kind: "compose".into(),
                project: "my shop".into(),
                q: "web&co".into(),
            },
            Route::Project {
                inst: "prod".into(),
                id: "8z0E0t5wEC40kLRU2yeyv".into(),
                env: Some("cFz".into()),
                list: ServiceQuery::default(),
            },
            Route::Project {
                inst: "prod".into(),
                id: "p1".into(),
                env: None,
                list: ServiceQuery {
                    q: "web & api".into(),
                    kind: "postgres".into(),
                    sort: "newest".into(),
                    server: "edge 1".into(),
                },
            },
            Route::project("p", "REa-QKuwPKc9LKlW38KO-"),
            Route::service("p", "postgres", "REa-QKuwPKc9LKlW38KO-", "logs"),
            Route::service("p", "application", "x", ""),
            Route::Service {
                inst: "p".into(),
                kind: "application".into(),
                id: "a".into(),
                tab: "deployments".into(),
                deployment: Some("d1".into()),
            },
            Route::tool("my lab", "admin"),
            Route::tool("p", "doctor"),
            Route::tool("p", "tags"),
            Route::tool("p", "registries"),
            Route::tool("p", "ssh-keys"),
            Route::tool("p", "certificates"),
            Route::tool("p", "notifications"),
            Route::tool("p", "git-providers"),
            Route::tool("p", "servers"),
            Route::tool("p", "backups"),
            Route::AllBackups,
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.href()), r, "{}", r.href());
        }
    }

    #[test]
    fn parses_loose_input() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/i/prod"), Route::projects("prod"));
        assert_eq!(Route::parse("#/i/prod/projects/"), Route::projects("prod"));
        assert_eq!(
            Route::parse("#/i/prod/projects?q=a+b&sort=bogus"),
            Route::Projects {
                inst: "prod".into(),
                q: "a b".into(),
                sort: Sort::Name,
                tag: String::new(),
            }
        );
        assert!(matches!(
            Route::parse("#/i/prod/nope/x"),
            Route::NotFound(_)
        ));
        assert!(matches!(
            Route::parse("#/i/prod/application/x/y/z"),
            Route::NotFound(_)
        ));
        assert!(matches!(Route::parse("#/elsewhere"), Route::NotFound(_)));
    }

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("%41%zz%4"), "A%zz%4");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    }

    #[test]
    fn instance_of_route() {
        assert_eq!(Route::projects("x").instance(), Some("x"));
        assert_eq!(Route::Connect.instance(), None);
    }
}

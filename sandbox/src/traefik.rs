//! An application's Traefik file (`application.readTraefikConfig`,
//! `application.updateTraefikConfig`), like Dokploy: the dynamic configuration it writes to
//! `/etc/dokploy/traefik/dynamic/<appName>.yml` for the application's domains, which
//! `readTraefikConfig` answers as a string (`null` when there is no file) and
//! `updateTraefikConfig` replaces verbatim (`true`).
//!
//! The sandbox writes no file: [`generated`] is what Dokploy's `manageDomain` leaves there for
//! the application's current domains, redirects and basic-auth users (`createRouterConfig`,
//! `createServiceConfig`, then `yaml`'s `stringify`, `js-yaml`'s `dump` in v0.24.12 and v0.18.4):
//!
//! - per domain (by its `uniqueConfigKey` N) a router `<appName>-router-N` with
//!   `rule: Host(`host`)` (`&& PathPrefix(`path`)` for a path other than `/`), `service`,
//!   `middlewares` and `entryPoints: [web]`; for an https domain that router only redirects
//!   (`redirect-to-https`) and a second one, `<appName>-router-websecure-N`, on `websecure`, carries
//!   the middlewares and `tls: {certResolver: letsencrypt}` (or the domain's own resolver);
//! - the middlewares: path rewriting (`stripprefix-`, `addprefix-<appName>-N`), a
//!   `redirect-<appName>-K` per redirect (its `uniqueConfigKey` K), `auth-<appName>` when the
//!   application has basic-auth users, then (v0.30.2) forward auth and the domain's own;
//! - a service `<appName>-service-N` per domain: `loadBalancer: {servers: [{url:
//!   http://<appName>:<port>}], passHostHeader: true}`.
//!
//! An application without (enabled) domains has no file in a production Dokploy (it writes one
//! for the first domain and deletes it with the last): `null`. A saved file holds until the
//! application's domains, redirects or users change: Dokploy then rewrites the file from what it
//! parses of it, the sandbox generates it again.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::api::{input_str, ApiError, Caller, Reply};
use crate::era::Era;
use crate::kind::Kind;
use crate::shapes::{s, Row};
use crate::store::Store;
use crate::Shared;

/// The procedures this module answers.
pub fn handles(name: &str) -> bool {
    matches!(
        name,
        "application.readTraefikConfig" | "application.updateTraefikConfig"
    )
}

/// A file saved with `updateTraefikConfig`, and what the sandbox generated when it was saved.
#[derive(Clone, Debug)]
pub struct SavedFile {
    pub text: String,
    pub basis: Option<String>,
}

// ------------------------------------------------------------------ YAML

/// A YAML node, maps in insertion order (JavaScript's object key order).
#[derive(Clone, Debug, PartialEq)]
pub enum Y {
    Map(Vec<(String, Y)>),
    Seq(Vec<Y>),
    Str(String),
    Bool(bool),
    Int(i64),
}

fn map(entries: Vec<(&str, Y)>) -> Y {
    Y::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn text(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

/// Whether the YAML 1.2 core schema would read `s` as something other than a string.
fn reads_as_other_type(s: &str) -> bool {
    if matches!(
        s,
        "~" | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | ".nan"
            | ".NaN"
            | ".NAN"
    ) {
        return true;
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let hex = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if s.strip_prefix("0x").is_some_and(|t| hex(t, 16))
        || s.strip_prefix("0o").is_some_and(|t| hex(t, 8))
    {
        return true;
    }
    // [0-9]+, [0-9]+.[0-9]*, .[0-9]+, each with an optional exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && fraction.is_none_or(digits)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// Whether `s` cannot be written as a plain scalar (`yaml`'s `plainString` test).
fn needs_quotes(s: &str) -> bool {
    let first = s.chars().next();
    s.is_empty()
        || first.is_some_and(|c| "\n\t ,[]{}#&*!|>'\"%@`".contains(c))
        || s == "?"
        || s == "-"
        || s.starts_with("? ")
        || s.starts_with("- ")
        || s.contains(": ")
        || s.contains(":\t")
        || s.contains(" #")
        || s.contains("\t#")
        || s.ends_with([' ', '\t', ':'])
        || s.chars().any(char::is_control)
        || reads_as_other_type(s)
}

fn quoted(s: &str) -> String {
    if s.contains('"') && !s.contains('\'') {
        return format!("'{s}'");
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `yaml`'s `foldFlowLines` for a plain scalar (mode `flow`, `lineWidth` 80, `minContentWidth`
/// 20): the text split at single spaces so that its lines keep within 80 columns, the first line
/// after `indent_at_start` columns, the others indented by `indent`.
fn fold_plain(value: &str, indent: usize, indent_at_start: usize) -> String {
    const LINE_WIDTH: usize = 80;
    const MIN_CONTENT_WIDTH: usize = 20;
    let chars: Vec<char> = value.chars().collect();
    let end_step = (1 + MIN_CONTENT_WIDTH).max((1 + LINE_WIDTH).saturating_sub(indent));
    if chars.len() <= end_step {
        return value.to_string();
    }
    let mut folds: Vec<usize> = Vec::new();
    let mut end = LINE_WIDTH.saturating_sub(indent);
    if indent_at_start > LINE_WIDTH - MIN_CONTENT_WIDTH.max(2) {
        folds.push(0);
    } else {
        end = LINE_WIDTH - indent_at_start;
    }
    let mut split: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, &ch) in chars.iter().enumerate() {
        // A space between two other characters can become a line break.
        let apart = |c: &char| !matches!(c, ' ' | '\n' | '\t');
        if ch == ' ' && prev.as_ref().is_some_and(apart) && chars.get(i + 1).is_some_and(apart) {
            split = Some(i);
        }
        if i >= end {
            if let Some(at) = split.take() {
                folds.push(at);
                end = at + end_step;
            }
        }
        prev = Some(ch);
    }
    if folds.is_empty() {
        return value.to_string();
    }
    let pad = " ".repeat(indent);
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let mut out = slice(0, folds[0]);
    for (n, &at) in folds.iter().enumerate() {
        let until = folds.get(n + 1).copied().unwrap_or(chars.len());
        if at == 0 {
            out = format!("\n{pad}{}", slice(0, until));
        } else {
            out.push_str(&format!("\n{pad}{}", slice(at + 1, until)));
        }
    }
    out
}

/// How a scalar is written; `fold` with the value's indentation and where it starts.
fn scalar(y: &Y, fold: Option<(usize, usize)>) -> String {
    match y {
        Y::Bool(b) => b.to_string(),
        Y::Int(n) => n.to_string(),
        Y::Str(s) if needs_quotes(s) => quoted(s),
        Y::Str(s) => match fold {
            Some((indent, at_start)) => fold_plain(s, indent, at_start),
            None => s.clone(),
        },
        Y::Map(_) | Y::Seq(_) => String::new(),
    }
}

fn write_map(entries: &[(String, Y)], indent: usize, fold: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        let key = scalar(&Y::Str(k.clone()), None);
        out.push_str(&pad);
        out.push_str(&key);
        out.push(':');
        match v {
            Y::Map(m) if m.is_empty() => out.push_str(" {}\n"),
            Y::Seq(items) if items.is_empty() => out.push_str(" []\n"),
            Y::Map(m) => {
                out.push('\n');
                write_map(m, indent + 2, fold, out);
            }
            Y::Seq(items) => {
                out.push('\n');
                write_seq(items, indent + 2, fold, out);
            }
            v => {
                out.push(' ');
                out.push_str(&scalar(v, fold.then_some((indent + 2, key.len() + 2))));
                out.push('\n');
            }
        }
    }
}

fn write_seq(items: &[Y], indent: usize, fold: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        out.push_str(&pad);
        out.push_str("- ");
        match item {
            Y::Map(m) if !m.is_empty() => {
                let mut inner = String::new();
                write_map(m, indent + 2, fold, &mut inner);
                out.push_str(&inner[indent + 2..]);
            }
            Y::Map(_) => out.push_str("{}\n"),
            Y::Seq(s) if s.is_empty() => out.push_str("[]\n"),
            Y::Seq(s) => {
                let mut inner = String::new();
                write_seq(s, indent + 2, fold, &mut inner);
                out.push_str(&inner[indent + 2..]);
            }
            v => {
                out.push_str(&scalar(v, fold.then_some((indent + 2, 2))));
                out.push('\n');
            }
        }
    }
}

/// A document as `yaml`'s `stringify` (`fold`: long plain lines folded, v0.30.2) or `js-yaml`'s
/// `dump` writes it.
pub fn to_yaml(doc: &Y, fold: bool) -> String {
    let mut out = String::new();
    match doc {
        Y::Map(m) if !m.is_empty() => write_map(m, 0, fold, &mut out),
        Y::Seq(s) if !s.is_empty() => write_seq(s, 0, fold, &mut out),
        Y::Map(_) => out.push_str("{}\n"),
        Y::Seq(_) => out.push_str("[]\n"),
        v => {
            out.push_str(&scalar(v, None));
            out.push('\n');
        }
    }
    out
}

// ------------------------------------------------------------------ the file

/// What an application's file is built from.
pub struct AppRouting<'a> {
    pub app_name: &'a str,
    /// Its domains, oldest first.
    pub domains: Vec<&'a Row>,
    /// Its redirects' `uniqueConfigKey`s, oldest first.
    pub redirect_keys: Vec<i64>,
    pub has_users: bool,
}

fn int(row: &Row, key: &str) -> Option<i64> {
    row.get(key).and_then(Value::as_i64)
}

fn flag(row: &Row, key: &str) -> bool {
    row.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A domain's host as Traefik needs it (v0.30.2's `toPunycode`, which lower-cases ASCII hosts;
/// international names are left as they are here).
fn host_of(era: Era, domain: &Row) -> String {
    let host = s(domain, "host");
    if era == Era::V0_30_2 {
        host.to_ascii_lowercase()
    } else {
        host
    }
}

/// `createRouterConfig(app, domain, entryPoint)`.
fn router(era: Era, app: &AppRouting, domain: &Row, entry_point: &str) -> Y {
    let key = int(domain, "uniqueConfigKey").unwrap_or_default();
    let app_name = app.app_name;
    let path = domain.get("path").and_then(Value::as_str);
    let https = flag(domain, "https");
    let custom_entrypoint = domain
        .get("customEntrypoint")
        .and_then(Value::as_str)
        .filter(|e| !e.is_empty() && era == Era::V0_30_2);
    let mut rule = format!("Host(`{}`)", host_of(era, domain));
    if let Some(p) = path.filter(|p| *p != "/") {
        rule.push_str(&format!(" && PathPrefix(`{p}`)"));
    }
    let internal = domain.get("internalPath").and_then(Value::as_str);
    let strip = flag(domain, "stripPath") && path.is_some_and(|p| !p.is_empty() && p != "/");
    let add = internal.is_some_and(|i| !i.is_empty() && i != "/" && Some(i) != path);
    let preview = s(domain, "domainType") == "preview";
    // `preview-<appName>-xxxxxx` names the application's own middlewares by its appName.
    let base_name = || {
        app_name
            .strip_prefix("preview-")
            .and_then(|rest| rest.rsplit_once('-'))
            .map(|(base, _)| base.to_string())
            .unwrap_or_else(|| app_name.to_string())
    };
    let mut middlewares: Vec<String> = Vec::new();
    let redirect_router = entry_point == "web" && https && custom_entrypoint.is_none();
    if redirect_router {
        middlewares.push("redirect-to-https".into());
    } else if era == Era::V0_30_2 {
        if strip {
            middlewares.push(format!("stripprefix-{app_name}-{key}"));
        }
        if add {
            middlewares.push(format!("addprefix-{app_name}-{key}"));
        }
        if !preview {
            for k in &app.redirect_keys {
                middlewares.push(format!("redirect-{app_name}-{k}"));
            }
        }
        if app.has_users {
            let owner = if preview {
                base_name()
            } else {
                app_name.into()
            };
            middlewares.push(format!("auth-{owner}"));
        }
        if flag(domain, "forwardAuthEnabled") {
            middlewares.push(format!("forward-auth-{app_name}-{key}-errors"));
            middlewares.push(format!("forward-auth-{app_name}-{key}"));
        }
        if let Some(list) = domain.get("middlewares").and_then(Value::as_array) {
            middlewares.extend(list.iter().filter_map(Value::as_str).map(String::from));
        }
    } else {
        // v0.24.12 and v0.18.4: the path middlewares first (v0.24.12), then redirects and users on the
        // router that serves (the https one, or the only one).
        if era == Era::V0_24_12 {
            if add {
                middlewares.push(format!("addprefix-{app_name}-{key}"));
            }
            if strip {
                middlewares.push(format!("stripprefix-{app_name}-{key}"));
            }
        }
        let owner = if preview {
            base_name()
        } else {
            app_name.into()
        };
        for k in &app.redirect_keys {
            middlewares.push(format!("redirect-{owner}-{k}"));
        }
        if app.has_users {
            middlewares.push(format!("auth-{owner}"));
        }
    }
    let mut entries = vec![
        ("rule", text(rule)),
        ("service", text(format!("{app_name}-service-{key}"))),
        (
            "middlewares",
            Y::Seq(middlewares.into_iter().map(Y::Str).collect()),
        ),
        ("entryPoints", Y::Seq(vec![text(entry_point)])),
    ];
    if entry_point == "websecure" || (custom_entrypoint.is_some() && https) {
        let resolver = match s(domain, "certificateType").as_str() {
            "letsencrypt" => Some("letsencrypt".to_string()),
            "custom" if era != Era::V0_18_4 => domain
                .get("customCertResolver")
                .and_then(Value::as_str)
                .filter(|r| !r.is_empty())
                .map(String::from),
            _ => None,
        };
        if let Some(r) = resolver {
            entries.push(("tls", map(vec![("certResolver", text(r))])));
        }
    }
    map(entries)
}

/// The file Dokploy's `manageDomain` writes for these domains (None: no file).
pub fn file(era: Era, app: &AppRouting) -> Option<String> {
    let domains: Vec<&Row> = app
        .domains
        .iter()
        .copied()
        .filter(|d| era != Era::V0_30_2 || d.get("enabled").and_then(Value::as_bool) != Some(false))
        .collect();
    if domains.is_empty() {
        return None;
    }
    let mut routers = Vec::new();
    let mut services = Vec::new();
    for d in domains {
        let key = int(d, "uniqueConfigKey").unwrap_or_default();
        let custom_entrypoint = d
            .get("customEntrypoint")
            .and_then(Value::as_str)
            .filter(|e| !e.is_empty() && era == Era::V0_30_2);
        let entry = custom_entrypoint.unwrap_or("web");
        routers.push((
            format!("{}-router-{key}", app.app_name),
            router(era, app, d, entry),
        ));
        if custom_entrypoint.is_none() && flag(d, "https") {
            routers.push((
                format!("{}-router-websecure-{key}", app.app_name),
                router(era, app, d, "websecure"),
            ));
        }
        let port = int(d, "port").filter(|p| *p != 0).unwrap_or(80);
        services.push((
            format!("{}-service-{key}", app.app_name),
            map(vec![(
                "loadBalancer",
                map(vec![
                    (
                        "servers",
                        Y::Seq(vec![map(vec![(
                            "url",
                            text(format!("http://{}:{port}", app.app_name)),
                        )])]),
                    ),
                    ("passHostHeader", Y::Bool(true)),
                ]),
            )]),
        ));
    }
    let doc = map(vec![(
        "http",
        map(vec![
            ("routers", Y::Map(routers)),
            ("services", Y::Map(services)),
        ]),
    )]);
    Some(to_yaml(&doc, era == Era::V0_30_2))
}

/// The file of application `id` as the sandbox generates it from its rows.
pub fn generated(st: &Store, era: Era, id: &str) -> Option<String> {
    let app = st.service(Kind::Application, id)?;
    let app_name = s(&app.row, "appName");
    let mine = |r: &&Row| r.get("applicationId").and_then(Value::as_str) == Some(id);
    let routing = AppRouting {
        app_name: &app_name,
        domains: st.domains.iter().filter(mine).collect(),
        redirect_keys: st
            .redirects
            .iter()
            .filter(mine)
            .filter_map(|r| int(r, "uniqueConfigKey"))
            .collect(),
        has_users: st.security.iter().any(|r| mine(&r)),
    };
    file(era, &routing)
}

/// What `readTraefikConfig` answers for application `id`: the saved file while the rows it was
/// saved over are unchanged, else the generated one.
pub fn current(st: &Store, era: Era, id: &str) -> Option<String> {
    let generated = generated(st, era, id);
    match st.traefik_files.get(id) {
        Some(saved) if saved.basis == generated => Some(saved.text.clone()),
        _ => generated,
    }
}

// ------------------------------------------------------------------ procedures

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(401, "UNAUTHORIZED", message)
}

/// Dokploy's `traefikFiles` permission (a member's `canAccessToTraefikFiles`, which in v0.30.2
/// grants reading only) and the service among the member's.
fn check(st: &Store, caller: &Caller, era: Era, id: &str, write: bool) -> Result<(), ApiError> {
    if caller.owner {
        return Ok(());
    }
    let m = st
        .member_by_user(&caller.user_id)
        .ok_or_else(|| unauthorized("Permission denied"))?;
    let granted = m
        .row
        .get("canAccessToTraefikFiles")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if !granted || (write && era == Era::V0_30_2) {
        return Err(unauthorized("Permission denied"));
    }
    let given = m
        .row
        .get("accessedServices")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(id)));
    if given {
        Ok(())
    } else {
        Err(unauthorized("You don't have access to this service"))
    }
}

/// Answers `application.readTraefikConfig` and `application.updateTraefikConfig` as `era` does.
pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
    era: Era,
) -> Result<Reply, ApiError> {
    let id = input_str(input, "applicationId");
    let mut st = shared.lock();
    let write = name == "application.updateTraefikConfig";
    // v0.30.2 checks the caller first; the older eras look the application up first.
    if era == Era::V0_30_2 {
        check(&st, caller, era, &id, write)?;
    }
    if st.service(Kind::Application, &id).is_none() {
        return Err(ApiError::not_found("Application not found"));
    }
    if era != Era::V0_30_2 {
        check(&st, caller, era, &id, write)?;
    }
    if !write {
        return Ok(Reply::Json(
            current(&st, era, &id)
                .map(Value::String)
                .unwrap_or(Value::Null),
        ));
    }
    let basis = generated(&st, era, &id);
    let text = input_str(input, "traefikConfig");
    st.traefik_files.insert(id, SavedFile { text, basis });
    st.touch();
    Ok(Reply::Json(json!(true)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shapes::{domain_row, obj};

    fn domain(key: u64, host: &str, port: i64, extra: Value) -> Row {
        let mut d = domain_row("d", host, "2026-01-01T00:00:00.000Z", key);
        d.insert("port".into(), json!(port));
        d.extend(obj(extra));
        d
    }

    /// The recorded file of rec-web (application.readTraefikConfig.with-middlewares): its second
    /// router and service are what `manageDomain` wrote for the domain made through the API.
    #[test]
    fn a_domain_router_reads_like_the_recording() {
        let app = "app-bypass-optical-alarm-hxnju8";
        let d = domain(2, "rec-wave2.localhost", 80, json!({}));
        let routing = AppRouting {
            app_name: app,
            domains: vec![&d],
            redirect_keys: vec![1],
            has_users: true,
        };
        let got = file(Era::V0_30_2, &routing).expect("a file");
        let recorded = "http:\n  routers:\n    app-bypass-optical-alarm-hxnju8-router-1:\n      rule: Host(`app-bypass-optical-alarm-hxnju8.docker.localhost`)\n      service: app-bypass-optical-alarm-hxnju8-service-1\n      entryPoints:\n        - web\n      middlewares:\n        - redirect-app-bypass-optical-alarm-hxnju8-1\n        - auth-app-bypass-optical-alarm-hxnju8\n    app-bypass-optical-alarm-hxnju8-router-2:\n      rule: Host(`rec-wave2.localhost`)\n      service: app-bypass-optical-alarm-hxnju8-service-2\n      middlewares:\n        - redirect-app-bypass-optical-alarm-hxnju8-1\n        - auth-app-bypass-optical-alarm-hxnju8\n      entryPoints:\n        - web\n  services:\n    app-bypass-optical-alarm-hxnju8-service-1:\n      loadBalancer:\n        servers:\n          - url: http://app-bypass-optical-alarm-hxnju8:3000\n        passHostHeader: true\n    app-bypass-optical-alarm-hxnju8-service-2:\n      loadBalancer:\n        servers:\n          - url: http://app-bypass-optical-alarm-hxnju8:80\n        passHostHeader: true\n";
        let router_2 = recorded
            .split("    app-bypass-optical-alarm-hxnju8-router-2:\n")
            .nth(1)
            .and_then(|r| r.split("  services:\n").next())
            .expect("router 2");
        assert!(got.contains(router_2), "{got}");
        let service_2 = recorded
            .split("    app-bypass-optical-alarm-hxnju8-service-2:\n")
            .nth(1)
            .expect("service 2");
        assert!(got.ends_with(service_2), "{got}");
        assert!(
            got.starts_with("http:\n  routers:\n    app-bypass-optical-alarm-hxnju8-router-2:\n")
        );
    }

    #[test]
    fn https_domains_get_a_redirecting_and_a_secure_router() {
        let d = domain(
            1,
            "Shop.Acme.Test",
            3000,
            json!({"https": true, "certificateType": "letsencrypt", "path": "/api"}),
        );
        let routing = AppRouting {
            app_name: "shop-web-x1",
            domains: vec![&d],
            redirect_keys: vec![],
            has_users: false,
        };
        assert_eq!(
            file(Era::V0_30_2, &routing).expect("a file"),
            "http:\n  routers:\n    shop-web-x1-router-1:\n      rule: Host(`shop.acme.test`) && PathPrefix(`/api`)\n      service: shop-web-x1-service-1\n      middlewares:\n        - redirect-to-https\n      entryPoints:\n        - web\n    shop-web-x1-router-websecure-1:\n      rule: Host(`shop.acme.test`) && PathPrefix(`/api`)\n      service: shop-web-x1-service-1\n      middlewares: []\n      entryPoints:\n        - websecure\n      tls:\n        certResolver: letsencrypt\n  services:\n    shop-web-x1-service-1:\n      loadBalancer:\n        servers:\n          - url: http://shop-web-x1:3000\n        passHostHeader: true\n"
        );
        let none = AppRouting {
            app_name: "x",
            domains: vec![],
            redirect_keys: vec![1],
            has_users: true,
        };
        assert_eq!(file(Era::V0_30_2, &none), None);
    }

    #[test]
    fn yaml_scalars_and_folding() {
        assert!(!needs_quotes("Host(`a.test`)"));
        assert!(!needs_quotes("http://a:3000"));
        for q in [
            "", "true", "123", "1.5", "0x1f", "- a", "a: b", "a #b", "*x", "null", "x:",
        ] {
            assert!(needs_quotes(q), "{q}");
        }
        assert_eq!(quoted("a: b"), "\"a: b\"");
        assert_eq!(quoted("say \"hi\""), "'say \"hi\"'");
        let long = "Host(`a-very-long-host-name-for-a-preview.preview.example-company.test`) && PathPrefix(`/api/v1`)";
        let doc = map(vec![("rule", text(long))]);
        assert_eq!(
            to_yaml(&doc, true),
            "rule: Host(`a-very-long-host-name-for-a-preview.preview.example-company.test`)\n  && PathPrefix(`/api/v1`)\n"
        );
        assert_eq!(to_yaml(&doc, false), format!("rule: {long}\n"));
    }
}

//! The connection doctor's reasoning, as plain functions: from what a few probes saw, which
//! checks pass, and for each failure what to do, including the exact Traefik configuration
//! that lets this page call Dokploy from another origin.
//!
//! The probes themselves (browser fetches) live in [`probe`] (wasm only). Three requests to
//! `settings.getDokployVersion` tell the cases apart:
//! * `reach`: a `mode: "no-cors"` fetch with no headers. It resolves (with an opaque answer)
//!   whenever the server answers at all, CORS or not, and rejects only when nothing answered.
//! * `plain`: a normal (CORS) fetch without custom headers, which needs no preflight: its status
//!   is readable only when the server names this page's origin in `Access-Control-Allow-Origin`.
//! * `keyed`: the real call, with the key header, which needs a preflight (`OPTIONS`) that the
//!   server must answer with the allowed origin, methods and headers.
//!
//! So "fetch rejected" splits into: nothing answered (`reach` rejected: down, DNS, firewall,
//! certificate), blocked by CORS (`reach` resolved, `plain` rejected), or a CORS setup that
//! lets simple requests through but fails the preflight (`plain` answered, `keyed` rejected).

#[cfg(target_arch = "wasm32")]
pub mod probe;

use crate::api::{classify, network_error, ApiError, AuthMode, NetworkCause};
use crate::model::DokployVersion;

/// How long each probe may take.
pub const PROBE_TIMEOUT_MS: u32 = 10_000;

/// The procedure every probe calls: small, read-only, and answered by every Dokploy era.
pub const PROBE_PROCEDURE: &str = "settings.getDokployVersion";

/// The newest Dokploy version Skiff was checked against.
pub const TESTED_VERSION: (u32, u32, u32) = (0, 30, 2);

/// What the `no-cors` probe saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The fetch resolved: something answered over HTTP.
    Answered,
    /// The fetch rejected: no HTTP answer at all.
    Rejected,
    TimedOut,
    NotRun,
}

/// What a CORS-mode probe saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    /// A status the page could read.
    Answered {
        status: u16,
        content_type: Option<String>,
        body: String,
    },
    /// The fetch rejected (CORS, network, mixed content: the browser does not say which).
    Rejected,
    TimedOut,
    NotRun,
}

impl Probe {
    pub fn status(&self) -> Option<u16> {
        match self {
            Probe::Answered { status, .. } => Some(*status),
            _ => None,
        }
    }
    fn answered(&self) -> bool {
        matches!(self, Probe::Answered { .. })
    }
}

/// Everything the probes saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probes {
    pub reach: Reach,
    pub plain: Probe,
    /// The call with the key, sent as `auth` says.
    pub keyed: Probe,
    /// The same call with `Authorization: Bearer`, when `keyed` (x-api-key) was refused and the
    /// auth mode is detected rather than fixed.
    pub bearer: Probe,
}

impl Default for Probes {
    fn default() -> Self {
        Probes {
            reach: Reach::NotRun,
            plain: Probe::NotRun,
            keyed: Probe::NotRun,
            bearer: Probe::NotRun,
        }
    }
}

/// What is being checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `window.location.href` of the page running Skiff.
    pub page_url: String,
    /// What the user typed or saved as the instance address.
    pub address: String,
    /// Whether a key was given (the key itself never reaches this module).
    pub has_key: bool,
    pub auth: AuthMode,
    /// True when the auth mode is detected (try Bearer after a refused x-api-key).
    pub detect_auth: bool,
}

/// The order of the checks, as shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Address,
    Secure,
    Reachable,
    Cors,
    Api,
    Key,
    Version,
}

impl Check {
    pub fn label(self) -> &'static str {
        match self {
            Check::Address => "Address",
            Check::Secure => "Secure connection",
            Check::Reachable => "Server reachable",
            Check::Cors => "Cross-origin access (CORS)",
            Check::Api => "Dokploy API",
            Check::Key => "API key",
            Check::Version => "Dokploy version",
        }
    }
    /// A stable word for `data-test` attributes and CSS.
    pub fn slug(self) -> &'static str {
        match self {
            Check::Address => "address",
            Check::Secure => "secure",
            Check::Reachable => "reachable",
            Check::Cors => "cors",
            Check::Api => "api",
            Check::Key => "key",
            Check::Version => "version",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Pass,
    Warn,
    Fail,
    /// Not checked: an earlier failure decides it.
    Skip,
}

impl Level {
    pub fn slug(self) -> &'static str {
        match self {
            Level::Pass => "pass",
            Level::Warn => "warn",
            Level::Fail => "fail",
            Level::Skip => "skip",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Level::Pass => "OK",
            Level::Warn => "Warning",
            Level::Fail => "Problem",
            Level::Skip => "Not checked",
        }
    }
}

/// A configuration to paste somewhere, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Where to paste it, step by step.
    pub steps: Vec<String>,
    /// The text to paste.
    pub text: String,
    /// What else would work instead.
    pub alternative: String,
}

/// One check's outcome: what was found and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub level: Level,
    pub title: String,
    pub advice: String,
    pub fix: Option<Fix>,
}

impl Finding {
    fn new(
        check: Check,
        level: Level,
        title: impl Into<String>,
        advice: impl Into<String>,
    ) -> Self {
        Finding {
            check,
            level,
            title: title.into(),
            advice: advice.into(),
            fix: None,
        }
    }
}

/// The whole diagnosis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// The normalised API base, when the address could be read.
    pub base: Option<String>,
    /// The version Dokploy reported.
    pub version: Option<String>,
    /// The auth mode that worked.
    pub working_auth: Option<AuthMode>,
}

impl Report {
    /// True when nothing failed: Skiff can connect.
    pub fn ok(&self) -> bool {
        self.findings.iter().all(|f| f.level != Level::Fail)
    }
    pub fn finding(&self, check: Check) -> Option<&Finding> {
        self.findings.iter().find(|f| f.check == check)
    }
}

/// Which probes are worth sending for `target`: none when the address is unreadable or the
/// browser would block the request anyway (mixed content).
pub fn should_probe(target: &Target) -> bool {
    match crate::api::normalize_base_url(&target.address) {
        Ok(base) => cause_of(&target.page_url, &base) != NetworkCause::MixedContent,
        Err(_) => false,
    }
}

/// True when the Bearer probe should follow the keyed one.
pub fn should_try_bearer(target: &Target, keyed: &Probe) -> bool {
    target.detect_auth
        && target.has_key
        && target.auth == AuthMode::ApiKey
        && keyed.status() == Some(401)
}

/// How a request from `page_url` to `base` would fail without an answer.
fn cause_of(page_url: &str, base: &str) -> NetworkCause {
    match network_error(page_url, base) {
        ApiError::Unreachable { cause, .. } => cause,
        _ => NetworkCause::Down,
    }
}

/// `host` without `:port`.
fn hostname(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..=h.len()]);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

fn port_of(host: &str) -> Option<u16> {
    let after = if host.starts_with('[') {
        host.split_once(']')?.1.strip_prefix(':')?
    } else {
        host.rsplit_once(':')?.1
    };
    after.parse().ok()
}

fn is_loopback(host: &str) -> bool {
    let h = hostname(host);
    h == "localhost" || h.ends_with(".localhost") || h.starts_with("127.") || h == "[::1]"
}

/// `scheme://host[:port]` of the page.
pub fn origin_of_page(page_url: &str) -> String {
    crate::api::origin_of(page_url)
}

/// Reads the body of a 2xx version answer (`"v0.30.2"`).
fn parse_version(probe: &Probe) -> Option<String> {
    match probe {
        Probe::Answered { status, body, .. } if (200..300).contains(status) => {
            serde_json::from_str::<String>(body)
                .ok()
                .filter(|v| !v.trim().is_empty() && v.len() < 64)
        }
        _ => None,
    }
}

fn looks_like_html(content_type: &Option<String>, body: &str) -> bool {
    content_type
        .as_deref()
        .is_some_and(|c| c.to_ascii_lowercase().contains("text/html"))
        || body.trim_start().starts_with('<')
}

/// Diagnoses `target` from what the probes saw. Pure: the same inputs give the same report.
pub fn diagnose(target: &Target, probes: &Probes) -> Report {
    let mut findings = Vec::new();
    let mut report = Report {
        findings: Vec::new(),
        base: None,
        version: None,
        working_auth: None,
    };

    // 1. Address.
    let base = match crate::api::normalize_base_url(&target.address) {
        Ok(b) => b,
        Err(e) => {
            findings.push(Finding::new(
                Check::Address,
                Level::Fail,
                "Skiff cannot read this address",
                format!(
                    "{e} Use the address you open Dokploy at, e.g. https://dokploy.example.com."
                ),
            ));
            for c in [
                Check::Secure,
                Check::Reachable,
                Check::Cors,
                Check::Api,
                Check::Key,
                Check::Version,
            ] {
                findings.push(skipped(c, "Needs a valid address first."));
            }
            report.findings = findings;
            return report;
        }
    };
    report.base = Some(base.clone());
    let host = crate::api::url_authority(&base).to_string();
    findings.push(Finding::new(
        Check::Address,
        Level::Pass,
        format!("Skiff will call {base}"),
        "The API is at the address you open Dokploy at, followed by /api.",
    ));

    // 2. Secure connection.
    let cause = cause_of(&target.page_url, &base);
    let instance_http = base.starts_with("http://");
    if cause == NetworkCause::MixedContent {
        findings.push(Finding::new(
            Check::Secure,
            Level::Fail,
            "The browser blocks this page (https) from calling an http address",
            format!(
                "Browsers never let an https page call a plain http server (mixed content). Give Dokploy a domain with HTTPS (Dokploy: Settings › Web Server › Server Domain, with Let's Encrypt) and use https://{}, or open Skiff itself over http.",
                hostname(&host)
            ),
        ));
        for c in [
            Check::Reachable,
            Check::Cors,
            Check::Api,
            Check::Key,
            Check::Version,
        ] {
            findings.push(skipped(
                c,
                "The browser blocks every request to this address from this page.",
            ));
        }
        report.findings = findings;
        return report;
    }
    if instance_http && !is_loopback(&host) {
        findings.push(Finding::new(
            Check::Secure,
            Level::Warn,
            "The key travels unencrypted (http)",
            "Anyone on the network path can read the API key. Give Dokploy a domain with HTTPS (Settings › Web Server) and connect to the https address.",
        ));
    } else {
        findings.push(Finding::new(
            Check::Secure,
            Level::Pass,
            if instance_http {
                "Plain http, on this computer only"
            } else {
                "HTTPS"
            },
            "",
        ));
    }

    // 3. Reachable.
    let same_origin = cause == NetworkCause::Down;
    let any_answer = probes.plain.answered() || probes.keyed.answered();
    let reachable = match (&probes.reach, any_answer) {
        (_, true) | (Reach::Answered, _) => {
            findings.push(Finding::new(
                Check::Reachable,
                Level::Pass,
                format!("{host} answers"),
                "",
            ));
            true
        }
        (Reach::TimedOut, false) => {
            findings.push(Finding::new(
                Check::Reachable,
                Level::Fail,
                format!("{host} did not answer within {} seconds", PROBE_TIMEOUT_MS / 1000),
                "The server may be overloaded, or a firewall drops the connection. Check that Dokploy is running and that the port is open, then run the doctor again.",
            ));
            false
        }
        (Reach::NotRun, false) => {
            findings.push(skipped(Check::Reachable, "Not probed."));
            false
        }
        (Reach::Rejected, false) => {
            findings.push(Finding::new(
                Check::Reachable,
                Level::Fail,
                format!("Nothing answers at {host}"),
                "Check the address (open it in a new tab: Dokploy's login page should appear), that the server is running, your network and DNS. With a self-signed certificate, open the address once in a tab and accept the certificate.",
            ));
            false
        }
    };

    // 4. Cross-origin access.
    let page_origin = origin_of_page(&target.page_url);
    if same_origin {
        findings.push(Finding::new(
            Check::Cors,
            Level::Pass,
            "Same origin as this page: no CORS needed",
            "",
        ));
    } else if probes.keyed.answered() || (!target.has_key && probes.plain.answered()) {
        findings.push(Finding::new(
            Check::Cors,
            Level::Pass,
            format!("{host} allows calls from {page_origin}"),
            "",
        ));
    } else if !reachable {
        findings.push(skipped(Check::Cors, "Known once the server answers."));
    } else if matches!(probes.keyed, Probe::TimedOut) {
        findings.push(skipped(Check::Cors, "The call with the key timed out."));
    } else {
        let partial = probes.plain.answered();
        let mut f = Finding::new(
            Check::Cors,
            Level::Fail,
            if partial {
                format!("{host} allows {page_origin}, but not the API key header (the CORS preflight fails)")
            } else {
                format!("{host} answers, but the browser blocks Skiff from reading it (no CORS headers for {page_origin})")
            },
            if partial {
                "A CORS setup is there but the browser's preflight (OPTIONS) fails: the allowed headers must include x-api-key and content-type, and the allowed methods GET, POST and OPTIONS. Dokploy itself answers OPTIONS with 401, so Traefik must answer it: use this configuration.".to_string()
            } else {
                "Dokploy sends no CORS headers, so a page on another origin cannot call it. Let Traefik (Dokploy's proxy) add them for this page's origin, or serve Skiff from the Dokploy domain itself.".to_string()
            },
        );
        f.fix = Some(cors_fix(&page_origin, &base, target.auth));
        findings.push(f);
    }

    // 5. Dokploy API, 6. key, 7. version: from the keyed call (and the Bearer retry).
    let (answer, auth) = if probes
        .bearer
        .status()
        .is_some_and(|s| (200..300).contains(&s))
    {
        (&probes.bearer, AuthMode::Bearer)
    } else {
        (&probes.keyed, target.auth)
    };
    let api_answer = if answer.answered() {
        Some(answer)
    } else if probes.plain.answered() {
        Some(&probes.plain)
    } else {
        None
    };
    let mut api_ok = false;
    match api_answer {
        None => findings.push(skipped(Check::Api, "Known once Skiff can read an answer.")),
        Some(Probe::Answered {
            status,
            content_type,
            body,
        }) => {
            let status = *status;
            let html = looks_like_html(content_type, body);
            if (200..300).contains(&status) {
                if parse_version(answer).is_some() {
                    api_ok = true;
                    findings.push(Finding::new(
                        Check::Api,
                        Level::Pass,
                        "Dokploy's API answers",
                        "",
                    ));
                } else {
                    findings.push(Finding::new(
                        Check::Api,
                        Level::Fail,
                        "This address answers, but not like Dokploy's API",
                        format!(
                            "{} answered with {} instead of Dokploy's version. Use the address you open Dokploy's dashboard at (without /dashboard); if Dokploy is behind another proxy, make sure /api reaches it.",
                            base,
                            if html { "a web page" } else { "something else" }
                        ),
                    ));
                }
            } else if status == 401 || status == 403 {
                api_ok = true;
                findings.push(Finding::new(
                    Check::Api,
                    Level::Pass,
                    "Dokploy's API answers (it asks for a key)",
                    "",
                ));
            } else {
                let e = classify(status, content_type.as_deref(), body, PROBE_PROCEDURE);
                let advice = if status == 404 || html {
                    format!(
                        "No Dokploy API at {base} (HTTP {status}). Use the address you open Dokploy's dashboard at; Skiff adds /api."
                    )
                } else {
                    e.advice()
                };
                findings.push(Finding::new(Check::Api, Level::Fail, e.title(), advice));
            }
        }
        Some(_) => findings.push(skipped(Check::Api, "Known once Skiff can read an answer.")),
    }

    // Key.
    if !target.has_key {
        findings.push(Finding::new(
            Check::Key,
            Level::Skip,
            "No key given",
            "Paste an API key (Dokploy: Settings › Profile › API/CLI › Generate) to check it too.",
        ));
    } else {
        match answer.status() {
            _ if !api_ok => findings.push(skipped(Check::Key, "Known once Dokploy's API answers.")),
            Some(s) if (200..300).contains(&s) => {
                report.working_auth = Some(auth);
                findings.push(Finding::new(
                    Check::Key,
                    Level::Pass,
                    match auth {
                        AuthMode::ApiKey => "Dokploy accepts the key (sent as x-api-key)",
                        AuthMode::Bearer => "Dokploy accepts the key as a Bearer token (Dokploy before v0.19)",
                    },
                    "",
                ));
            }
            Some(401) => {
                let e = ApiError::Unauthorized {
                    message: String::new(),
                };
                let tried = if probes.bearer.answered() {
                    " Skiff tried it both as x-api-key and as a Bearer token."
                } else {
                    ""
                };
                findings.push(Finding::new(
                    Check::Key,
                    Level::Fail,
                    e.title(),
                    format!("{}{tried}", e.advice()),
                ));
            }
            Some(403) => findings.push(Finding::new(
                Check::Key,
                Level::Fail,
                "Dokploy knows the key but refuses this call (403)",
                "The key's user lacks a permission. Use a key of an owner or admin, or ask one to grant the permission.",
            )),
            _ => findings.push(skipped(Check::Key, "Known once the call with the key is answered.")),
        }
    }

    // Version.
    match parse_version(answer) {
        Some(v) => {
            let version = DokployVersion(v.clone());
            report.version = Some(v.clone());
            let f = match version.parts() {
                None => Finding::new(
                    Check::Version,
                    Level::Pass,
                    format!("Dokploy {v}"),
                    "A development or custom build: Skiff assumes the newest API.",
                ),
                Some(parts) if parts > TESTED_VERSION => Finding::new(
                    Check::Version,
                    Level::Pass,
                    format!("Dokploy {v}"),
                    format!(
                        "Newer than v{}.{}.{}, the newest version Skiff was checked against: if something looks wrong, please report it with this version.",
                        TESTED_VERSION.0, TESTED_VERSION.1, TESTED_VERSION.2
                    ),
                ),
                Some(_) if !version.uses_api_keys() => Finding::new(
                    Check::Version,
                    Level::Warn,
                    format!("Dokploy {v} (2024 era)"),
                    "Before v0.19 Dokploy has no API keys: Skiff uses the Bearer token from Settings › Profile, and shows what that API offers. Updating Dokploy (Settings › Web Server › Updates) gives API keys and more.",
                ),
                Some(_) if !version.has_environments() => Finding::new(
                    Check::Version,
                    Level::Pass,
                    format!("Dokploy {v}"),
                    "Before v0.25 projects have no environments; Skiff shows them flat.",
                ),
                Some(_) => Finding::new(Check::Version, Level::Pass, format!("Dokploy {v}"), ""),
            };
            findings.push(f);
        }
        None => findings.push(skipped(
            Check::Version,
            if !api_ok {
                "Known once Dokploy's API answers."
            } else if target.has_key {
                "Dokploy tells its version only to a caller with a valid key."
            } else {
                "Dokploy tells its version only to a caller with a key."
            },
        )),
    }

    report.findings = findings;
    report
}

fn skipped(check: Check, why: &str) -> Finding {
    Finding::new(check, Level::Skip, why, "")
}

/// The Traefik fix for a CORS block, with where to paste it.
pub fn cors_fix(page_origin: &str, base: &str, auth: AuthMode) -> Fix {
    let host = crate::api::url_authority(base);
    let mut steps = vec![
        "In Dokploy, open Traefik File System (in the sidebar, or /dashboard/traefik on your Dokploy address).".to_string(),
        "Open dynamic › dokploy.yml. It holds the dokploy-router-app router (and dokploy-router-app-secure with HTTPS) that serves Dokploy.".to_string(),
        "Add the skiff-cors middleware under http › middlewares, and add skiff-cors to the middlewares list of each dokploy-router-app router, as below (keep your own tls lines if you use your own certificate). Save.".to_string(),
        "Traefik reloads the file by itself within seconds; then run the doctor again.".to_string(),
        "If you later change the server domain or HTTPS in Settings › Web Server, Dokploy rewrites these routers: add skiff-cors to them again.".to_string(),
    ];
    if port_of(host) == Some(3000) {
        steps.insert(
            0,
            format!(
                "{host} is Dokploy's own port 3000, past Traefik: a Traefik middleware does not apply there. Give Dokploy a domain (Settings › Web Server › Server Domain), connect Skiff to that address, and use the configuration below for it."
            ),
        );
    }
    let example = if port_of(host) == Some(3000) {
        "https://<your Dokploy domain>/skiff/".to_string()
    } else {
        format!("{}/skiff/", crate::api::origin_of(base))
    };
    let alternative = format!(
        "Or serve Skiff from the Dokploy domain itself (for example {example}): same origin, so no CORS is needed. docs/hosting.md in Skiff's repository has the recipe (an application in Dokploy on your Dokploy domain with the path /skiff)."
    );
    Fix {
        steps,
        text: traefik_cors_config(page_origin, base, auth),
        alternative,
    }
}

/// Dokploy's `dynamic/dokploy.yml` with a `skiff-cors` headers middleware that allows
/// `page_origin` (methods GET, POST, OPTIONS; headers x-api-key and content-type, plus
/// authorization for Bearer tokens), attached to Dokploy's routers. Traefik's headers
/// middleware answers the preflight itself, so Dokploy's 401 to `OPTIONS` never reaches the
/// browser.
pub fn traefik_cors_config(page_origin: &str, base: &str, auth: AuthMode) -> String {
    let host = hostname(crate::api::url_authority(base))
        .trim_matches(['[', ']'])
        .to_string();
    let https = base.starts_with("https://");
    let origin = page_origin.trim_end_matches('/');
    let mut headers = vec!["x-api-key", "content-type"];
    if auth == AuthMode::Bearer {
        headers.push("authorization");
    }
    let mut y = String::new();
    y.push_str(&format!(
        "# Lets Skiff at {origin} call this Dokploy's API (Traefik adds the CORS headers\n# and answers the browser's preflight itself).\n"
    ));
    y.push_str("http:\n  middlewares:\n    skiff-cors:\n      headers:\n");
    y.push_str(&format!(
        "        accessControlAllowOriginList:\n          - \"{origin}\"\n"
    ));
    y.push_str("        accessControlAllowMethods:\n          - GET\n          - POST\n          - OPTIONS\n");
    y.push_str("        accessControlAllowHeaders:\n");
    for h in &headers {
        y.push_str(&format!("          - {h}\n"));
    }
    y.push_str("        accessControlMaxAge: 600\n        addVaryHeader: true\n");
    y.push_str("  routers:\n");
    y.push_str(&format!(
        "    dokploy-router-app:\n      rule: Host(`{host}`)\n      service: dokploy-service-app\n      entryPoints:\n        - web\n      middlewares:\n"
    ));
    if https {
        y.push_str("        - redirect-to-https\n");
    }
    y.push_str("        - skiff-cors\n");
    if https {
        y.push_str(&format!(
            "    dokploy-router-app-secure:\n      rule: Host(`{host}`)\n      service: dokploy-service-app\n      entryPoints:\n        - websecure\n      middlewares:\n        - skiff-cors\n      tls:\n        certResolver: letsencrypt\n"
        ));
    }
    y.push_str("  services:\n    dokploy-service-app:\n      loadBalancer:\n        servers:\n          - url: http://dokploy:3000\n        passHostHeader: true\n");
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(page: &str, address: &str) -> Target {
        Target {
            page_url: page.into(),
            address: address.into(),
            has_key: true,
            auth: AuthMode::ApiKey,
            detect_auth: true,
        }
    }

    fn answered(status: u16, body: &str) -> Probe {
        Probe::Answered {
            status,
            content_type: Some("application/json".into()),
            body: body.into(),
        }
    }

    fn level(r: &Report, c: Check) -> Level {
        r.finding(c).map(|f| f.level).unwrap()
    }

    const PAGE: &str = "https://skiff.example.com/app/#/connect";
    const DOKPLOY: &str = "https://dokploy.example.com";

    #[test]
    fn healthy_cross_origin_instance_passes_everything() {
        let probes = Probes {
            reach: Reach::Answered,
            plain: answered(401, r#"{"message":"Unauthorized"}"#),
            keyed: answered(200, "\"v0.30.2\""),
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(PAGE, DOKPLOY), &probes);
        assert!(r.ok(), "{r:#?}");
        assert_eq!(r.version.as_deref(), Some("v0.30.2"));
        assert_eq!(r.working_auth, Some(AuthMode::ApiKey));
        assert_eq!(r.base.as_deref(), Some("https://dokploy.example.com/api"));
        assert_eq!(r.findings.len(), 7);
        assert!(r.findings.iter().all(|f| f.level == Level::Pass));
    }

    #[test]
    fn cors_block_is_told_apart_from_down() {
        // Server up, no CORS headers: the no-cors probe resolves, the others reject.
        let blocked = Probes {
            reach: Reach::Answered,
            plain: Probe::Rejected,
            keyed: Probe::Rejected,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(PAGE, DOKPLOY), &blocked);
        assert_eq!(level(&r, Check::Reachable), Level::Pass);
        let cors = r.finding(Check::Cors).unwrap();
        assert_eq!(cors.level, Level::Fail);
        assert!(cors.title.contains("blocks"), "{}", cors.title);
        let fix = cors.fix.as_ref().unwrap();
        assert!(fix.text.contains("- \"https://skiff.example.com\""));
        assert!(fix.steps.iter().any(|s| s.contains("dokploy.yml")));
        assert!(fix
            .alternative
            .contains("https://dokploy.example.com/skiff/"));
        assert_eq!(level(&r, Check::Api), Level::Skip);
        assert_eq!(level(&r, Check::Key), Level::Skip);

        // Server down: everything rejects.
        let down = Probes {
            reach: Reach::Rejected,
            plain: Probe::Rejected,
            keyed: Probe::Rejected,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(PAGE, DOKPLOY), &down);
        assert_eq!(level(&r, Check::Reachable), Level::Fail);
        assert_eq!(level(&r, Check::Cors), Level::Skip);
        assert!(r.finding(Check::Cors).unwrap().fix.is_none());
    }

    #[test]
    fn preflight_failure_is_a_partial_cors_setup() {
        let probes = Probes {
            reach: Reach::Answered,
            plain: answered(401, r#"{"message":"Unauthorized"}"#),
            keyed: Probe::Rejected,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(PAGE, DOKPLOY), &probes);
        let cors = r.finding(Check::Cors).unwrap();
        assert_eq!(cors.level, Level::Fail);
        assert!(cors.title.contains("preflight"));
        assert!(cors.fix.is_some());
        // The plain answer still shows the API is there.
        assert_eq!(level(&r, Check::Api), Level::Pass);
        assert_eq!(level(&r, Check::Key), Level::Skip);
    }

    #[test]
    fn refused_key_versus_forbidden() {
        let mut probes = Probes {
            reach: Reach::Answered,
            plain: answered(401, r#"{"message":"Unauthorized"}"#),
            keyed: answered(401, r#"{"message":"Unauthorized"}"#),
            bearer: answered(401, r#"{"message":"Unauthorized"}"#),
        };
        let r = diagnose(&target(PAGE, DOKPLOY), &probes);
        assert_eq!(level(&r, Check::Cors), Level::Pass);
        assert_eq!(level(&r, Check::Api), Level::Pass);
        let key = r.finding(Check::Key).unwrap();
        assert_eq!(key.level, Level::Fail);
        assert!(key.advice.contains("Bearer"));
        assert_eq!(level(&r, Check::Version), Level::Skip);

        probes.keyed = answered(403, r#"{"message":"Forbidden"}"#);
        probes.bearer = Probe::NotRun;
        let r = diagnose(&target(PAGE, DOKPLOY), &probes);
        let key = r.finding(Check::Key).unwrap();
        assert_eq!(key.level, Level::Fail);
        assert!(key.title.contains("403"));
    }

    #[test]
    fn bearer_retry_finds_a_legacy_instance() {
        let t = target(PAGE, DOKPLOY);
        let keyed = answered(401, r#"{"message":"Unauthorized"}"#);
        assert!(should_try_bearer(&t, &keyed));
        assert!(!should_try_bearer(&t, &answered(200, "\"v0.30.2\"")));
        let fixed = Target {
            detect_auth: false,
            ..t.clone()
        };
        assert!(!should_try_bearer(&fixed, &keyed));
        let probes = Probes {
            reach: Reach::Answered,
            plain: answered(401, "{}"),
            keyed,
            bearer: answered(200, "\"v0.18.4\""),
        };
        let r = diagnose(&t, &probes);
        assert_eq!(r.working_auth, Some(AuthMode::Bearer));
        assert_eq!(level(&r, Check::Key), Level::Pass);
        assert_eq!(level(&r, Check::Version), Level::Warn);
        assert!(r.ok());
    }

    #[test]
    fn mixed_content_stops_before_probing() {
        let t = target("https://skiff.example.com/", "http://203.0.113.7:3000");
        assert!(!should_probe(&t));
        let r = diagnose(&t, &Probes::default());
        assert_eq!(level(&r, Check::Secure), Level::Fail);
        assert!(!r.ok());
        assert!(r.findings[2..].iter().all(|f| f.level == Level::Skip));
        // http to loopback is allowed from https pages and not a warning.
        let local = target("https://skiff.example.com/", "http://localhost:3000");
        assert!(should_probe(&local));
        // An http page calling a remote http instance works but leaks the key.
        let plain = target("http://skiff.lan/", "http://dokploy.lan");
        let r = diagnose(&plain, &Probes::default());
        assert_eq!(level(&r, Check::Secure), Level::Warn);
    }

    #[test]
    fn bad_address_skips_the_rest() {
        let t = target(PAGE, "ftp://x");
        assert!(!should_probe(&t));
        let r = diagnose(&t, &Probes::default());
        assert_eq!(level(&r, Check::Address), Level::Fail);
        assert_eq!(r.findings.len(), 7);
        assert!(r.base.is_none());
    }

    #[test]
    fn same_origin_down_and_wrong_address() {
        let page = "https://dokploy.example.com/skiff/#/connect";
        let down = Probes {
            reach: Reach::Rejected,
            plain: Probe::Rejected,
            keyed: Probe::Rejected,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(page, DOKPLOY), &down);
        assert_eq!(level(&r, Check::Cors), Level::Pass);
        assert_eq!(level(&r, Check::Reachable), Level::Fail);

        // A static host answering index.html for every path.
        let html = Probe::Answered {
            status: 200,
            content_type: Some("text/html".into()),
            body: "<!doctype html><title>Skiff</title>".into(),
        };
        let probes = Probes {
            reach: Reach::Answered,
            plain: html.clone(),
            keyed: html,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(page, DOKPLOY), &probes);
        let api = r.finding(Check::Api).unwrap();
        assert_eq!(api.level, Level::Fail);
        assert!(api.advice.contains("web page"));
        assert_eq!(level(&r, Check::Key), Level::Skip);

        // A 404 from a proxy.
        let nf = Probe::Answered {
            status: 404,
            content_type: Some("text/plain".into()),
            body: "404 page not found".into(),
        };
        let probes = Probes {
            reach: Reach::Answered,
            plain: nf.clone(),
            keyed: nf,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(page, DOKPLOY), &probes);
        let api = r.finding(Check::Api).unwrap();
        assert_eq!(api.level, Level::Fail);
        assert!(api.advice.contains("No Dokploy API"), "{}", api.advice);
    }

    #[test]
    fn timeouts_are_reported_as_such() {
        let probes = Probes {
            reach: Reach::TimedOut,
            plain: Probe::TimedOut,
            keyed: Probe::TimedOut,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&target(PAGE, DOKPLOY), &probes);
        let f = r.finding(Check::Reachable).unwrap();
        assert_eq!(f.level, Level::Fail);
        assert!(f.title.contains("within 10 seconds"));
    }

    #[test]
    fn no_key_still_checks_the_connection() {
        let t = Target {
            has_key: false,
            ..target(PAGE, DOKPLOY)
        };
        let probes = Probes {
            reach: Reach::Answered,
            plain: answered(401, "{}"),
            keyed: Probe::NotRun,
            bearer: Probe::NotRun,
        };
        let r = diagnose(&t, &probes);
        assert_eq!(level(&r, Check::Cors), Level::Pass);
        assert_eq!(level(&r, Check::Key), Level::Skip);
        assert!(r.ok());
    }

    #[test]
    fn version_notes() {
        let mk = |v: &str| Probes {
            reach: Reach::Answered,
            plain: answered(401, "{}"),
            keyed: answered(200, &format!("\"{v}\"")),
            bearer: Probe::NotRun,
        };
        let t = target(PAGE, DOKPLOY);
        let f = |v: &str| {
            diagnose(&t, &mk(v))
                .finding(Check::Version)
                .cloned()
                .unwrap()
        };
        assert!(f("v0.31.0").advice.contains("Newer"));
        assert!(f("v0.22.0").advice.contains("environments"));
        assert!(f("canary").advice.contains("development"));
        assert_eq!(f("v0.30.2").level, Level::Pass);
    }

    #[test]
    fn traefik_config_is_exact() {
        let y = traefik_cors_config(
            "https://skiff.example.com/",
            "https://dokploy.example.com/api",
            AuthMode::ApiKey,
        );
        let expected = "\
# Lets Skiff at https://skiff.example.com call this Dokploy's API (Traefik adds the CORS headers
# and answers the browser's preflight itself).
http:
  middlewares:
    skiff-cors:
      headers:
        accessControlAllowOriginList:
          - \"https://skiff.example.com\"
        accessControlAllowMethods:
          - GET
          - POST
          - OPTIONS
        accessControlAllowHeaders:
          - x-api-key
          - content-type
        accessControlMaxAge: 600
        addVaryHeader: true
  routers:
    dokploy-router-app:
      rule: Host(`dokploy.example.com`)
      service: dokploy-service-app
      entryPoints:
        - web
      middlewares:
        - redirect-to-https
        - skiff-cors
    dokploy-router-app-secure:
      rule: Host(`dokploy.example.com`)
      service: dokploy-service-app
      entryPoints:
        - websecure
      middlewares:
        - skiff-cors
      tls:
        certResolver: letsencrypt
  services:
    dokploy-service-app:
      loadBalancer:
        servers:
          - url: http://dokploy:3000
        passHostHeader: true
";
        assert_eq!(y, expected);
        // Plain http: one router, no redirect; Bearer adds the authorization header.
        let y = traefik_cors_config(
            "http://10.0.0.2:8080",
            "http://dokploy.lan/api",
            AuthMode::Bearer,
        );
        assert!(!y.contains("redirect-to-https") && !y.contains("websecure"));
        assert!(y.contains("          - authorization\n"));
        assert!(y.contains("Host(`dokploy.lan`)"));
        // Port 3000 is past Traefik: the steps say so.
        let fix = cors_fix(
            "https://s.example",
            "http://203.0.113.7:3000/api",
            AuthMode::ApiKey,
        );
        assert!(fix.steps[0].contains("port 3000"));
        assert!(fix.text.contains("Host(`203.0.113.7`)"));
    }

    #[test]
    fn host_helpers() {
        assert_eq!(hostname("a.b:8080"), "a.b");
        assert_eq!(hostname("[::1]:3000"), "[::1]");
        assert_eq!(port_of("a.b:3000"), Some(3000));
        assert_eq!(port_of("a.b"), None);
        assert!(is_loopback("127.0.0.1:9"));
        assert!(!is_loopback("10.0.0.1"));
    }
}

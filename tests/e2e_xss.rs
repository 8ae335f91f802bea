//! Hostile text from the server renders as text, everywhere (issue 8). The sandbox's
//! `--seed xss` puts 32 classic XSS payloads into every text Skiff shows (names, descriptions,
//! environments, hosts, env vars, deployment titles, log lines, key and member names); each one,
//! if it ran, would set `window.__xss`. One document visits every page through the hash router
//! (so anything that ran anywhere stays visible) and checks, on each page:
//! - `window.__xss` was never set and no Content-Security-Policy violation was reported (nothing
//!   even tried to run: the CSP would have blocked it, but then the page would be unsafe without
//!   the CSP);
//! - no element carries an `on*` attribute, no `<script>` but the loader, no iframe, object,
//!   embed, base, media or `<img src=x>` was created, and every link is http(s) or in-app;
//! - the payloads are visible on the page as literal text;
//! - the console has no panic and no CSP complaint.

mod common;

use std::time::Duration;

use common::*;

/// The payload list of the sandbox (`skiff_sandbox::hostile`), read back from its data: every
/// project of the hostile seed is named with one payload.
async fn payloads(sandbox: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = sandbox
        .projects()
        .await
        .iter()
        .filter_map(|p| p.get("name").and_then(Json::as_str).map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Installed before connecting: collects CSP violations and remembers the scripts there are.
const PROBE: &str = r#"
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
window.__scripts = document.scripts.length;
return true;
"#;

/// Everything wrong with the current page, as one list.
const CHECK: &str = r#"
const bad = [], links = [];
if (window.__xss !== undefined) bad.push('window.__xss = ' + window.__xss);
if (!window.__csp) bad.push('the probe is gone: the page was reloaded');
else for (const v of window.__csp) bad.push('CSP violation: ' + v);
if (document.scripts.length !== window.__scripts)
  bad.push('scripts: ' + document.scripts.length + ' (was ' + window.__scripts + ')');
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (a.name.toLowerCase().startsWith('on'))
      bad.push('<' + el.tagName.toLowerCase() + ' ' + a.name + '>');
  }
}
const forbidden = 'iframe,frame,object,embed,base,video,audio,source,marquee,math,animate,' +
  'meta[http-equiv=refresh],img[src="x"],body body,[formaction]';
for (const el of document.querySelectorAll(forbidden))
  bad.push('injected <' + el.tagName.toLowerCase() + '>');
for (const a of document.querySelectorAll('a[href]')) {
  let proto = '';
  try { proto = new URL(a.getAttribute('href'), location.href).protocol; } catch (e) { proto = 'unparseable'; }
  if (proto !== 'http:' && proto !== 'https:')
    links.push('link to ' + proto + ' ' + a.getAttribute('href').slice(0, 60));
}
const shell = document.querySelector('.shell, main');
if (!shell) bad.push('the shell is gone (blank page)');
if (document.querySelector('[data-test=crash]')) bad.push('Skiff crashed (panic)');
return [bad, links];
"#;

async fn check_page(
    b: &Browser,
    what: &str,
    payloads: &[String],
    min_visible: usize,
    bad_links: &mut Vec<String>,
) -> usize {
    // Let the page load and settle (loaders, polls, logs); a live log keeps its spinner, so
    // this waits 4 s at most.
    let deadline = std::time::Instant::now() + Duration::from_secs(4);
    loop {
        let loading = b.exists(".spinner-line").await;
        if !loading || std::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let found = b.js(CHECK, vec![]).await;
    let list = |i: usize| -> Vec<String> {
        found[i]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let bad = list(0);
    for l in list(1) {
        let l = format!("{what}: {l}");
        if !bad_links.contains(&l) {
            bad_links.push(l);
        }
    }
    if !bad.is_empty() {
        b.fail(&format!("{what}: {bad:#?}")).await;
    }
    let text = b.page_text().await;
    let visible = payloads
        .iter()
        .filter(|p| text.contains(p.as_str()))
        .count();
    if visible < min_visible {
        b.fail(&format!(
            "{what}: only {visible} payloads visible as text (want {min_visible})"
        ))
        .await;
    }
    let console = b.console_logs();
    let complaints: Vec<&String> = console
        .iter()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("panicked")
                || l.contains("content security policy")
                || l.contains("refused to")
        })
        .collect();
    if !complaints.is_empty() {
        b.fail(&format!("{what}: console: {complaints:#?}")).await;
    }
    visible
}

#[tokio::test]
async fn hostile_text_renders_as_text_on_every_page() {
    let sandbox = Sandbox::start_with(&["--seed", "xss"]).await;
    let payloads = payloads(&sandbox).await;
    assert!(payloads.len() >= 20, "{payloads:?}");
    let projects = sandbox.projects().await;
    let first = projects[0].clone();
    let pid = first["projectId"].as_str().unwrap_or_default().to_string();
    let one = sandbox.api(&format!("project.one?projectId={pid}")).await;
    let svcs = services(&[one.clone()]);
    assert_eq!(svcs.len(), 8, "one service of every kind: {svcs:?}");
    let envs: Vec<String> = one["environments"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["environmentId"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();

    let b = Browser::start().await;
    b.goto(&format!("{}/#/connect", sandbox.url)).await;
    b.wait_for("#connect-url").await;
    b.js(PROBE, vec![]).await;
    b.type_text("#connect-url", &sandbox.url).await;
    b.type_text("#connect-key", &sandbox.key).await;
    b.click("[data-test=connect]").await;
    let fragment = b.wait_for_fragment("#/i/").await;
    let inst = fragment
        .trim_start_matches("#/i/")
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
        .to_string();
    b.wait_for("[data-test=project-list]").await;

    let mut pages = 0;
    let mut shown = 0;
    // Links that are not http(s) or in-app (a hostile host makes an unparseable URL): not a
    // script risk, but a link to nowhere; reported together at the end.
    let mut links: Vec<String> = Vec::new();
    shown += check_page(&b, "projects overview", &payloads, 10, &mut links).await;
    pages += 1;
    b.go(&format!("#/i/{inst}/projects?q=script")).await;
    shown += check_page(&b, "overview search", &payloads, 1, &mut links).await;
    pages += 1;

    for env in &envs {
        b.go(&format!("#/i/{inst}/project/{pid}?env={env}")).await;
        shown += check_page(
            &b,
            &format!("project, environment {env}"),
            &payloads,
            2,
            &mut links,
        )
        .await;
        pages += 1;
    }

    for s in &svcs {
        let tabs: &[&str] = match s.kind.as_str() {
            "application" | "compose" => {
                &["general", "environment", "domains", "deployments", "logs"]
            }
            _ => &["general", "environment", "logs"],
        };
        for tab in tabs {
            b.go(&format!("#/i/{inst}/{}/{}/{tab}", s.kind, s.id)).await;
            b.wait_for("[data-test=service-title]").await;
            shown += check_page(&b, &format!("{} {tab}", s.kind), &payloads, 1, &mut links).await;
            pages += 1;
        }
        if s.kind == "application" || s.kind == "compose" {
            let field = if s.kind == "application" {
                "applicationId"
            } else {
                "composeId"
            };
            let proc_ = if s.kind == "application" {
                "deployment.all"
            } else {
                "deployment.allByCompose"
            };
            let deps = sandbox.api(&format!("{proc_}?{field}={}", s.id)).await;
            let dep = deps[0]["deploymentId"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            b.go(&format!(
                "#/i/{inst}/{}/{}/deployments?deployment={dep}",
                s.kind, s.id
            ))
            .await;
            shown += check_page(
                &b,
                &format!("{} deployment log", s.kind),
                &payloads,
                10,
                &mut links,
            )
            .await;
            pages += 1;
        }
    }

    // The lists drawn as markup (src/html.rs): the activity center's rows and plots, the
    // services page's rows, a bulk action's confirmation and progress panel.
    b.go(&format!("#/i/{inst}/activity")).await;
    b.wait_for("[data-test=activity-row]").await;
    shown += check_page(&b, "activity center", &payloads, 2, &mut links).await;
    pages += 1;
    b.go(&format!("#/i/{inst}/services")).await;
    b.wait_for("[data-test=service-row]").await;
    shown += check_page(&b, "services", &payloads, 2, &mut links).await;
    pages += 1;
    b.click("[data-test=choose-all]").await;
    b.click("[data-test=bulk-deploy]").await;
    b.wait_for("[data-test=bulk-confirm-list]").await;
    shown += check_page(&b, "bulk confirmation", &payloads, 2, &mut links).await;
    b.click("[data-test=confirm-button]").await;
    b.wait_for("[data-test=bulk-item]").await;
    shown += check_page(&b, "bulk panel", &payloads, 2, &mut links).await;
    pages += 2;

    b.go(&format!("#/i/{inst}/admin")).await;
    shown += check_page(&b, "admin", &payloads, 3, &mut links).await;
    pages += 1;
    b.go("#/instances").await;
    check_page(&b, "instances", &payloads, 0, &mut links).await;
    pages += 1;
    b.go(&format!("#/i/{inst}/doctor")).await;
    check_page(&b, "doctor", &payloads, 0, &mut links).await;
    pages += 1;

    // What the overview and the activity kept (src/kept.rs: the page's markup read back and
    // drawn again), drawn while the instance does not answer: still text.
    sandbox.set_faults("*:refuse:1").await;
    for (page, what) in [("projects", "kept overview"), ("activity", "kept activity")] {
        b.go(&format!("#/i/{inst}/{page}")).await;
        b.wait_for("[data-test=kept]").await;
        shown += check_page(&b, what, &payloads, 2, &mut links).await;
        pages += 1;
    }
    sandbox.set_faults("").await;

    b.screenshot("xss-last-page").await;
    if !links.is_empty() {
        b.fail(&format!("links that are not http(s): {links:#?}"))
            .await;
    }
    eprintln!(
        "e2e_xss: {} payloads, {pages} pages, {shown} payload texts shown literally, none ran",
        payloads.len()
    );
    b.close().await;
}

#[tokio::test]
async fn the_build_carries_a_sealed_policy_and_host_headers() {
    let dist = dist_dir();
    let html = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    // The <meta> tag in any attribute order and quoting (the release HTML is minified).
    let tag = html
        .split("<meta")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .find(|t| t.contains("Content-Security-Policy"))
        .expect("a CSP meta tag");
    let policy = tag.split("content=\"").nth(1).expect("its content");
    let policy = &policy[..policy.find('"').unwrap_or(0)];
    assert!(!policy.contains("sha256-LOADER"), "sealed: {policy}");
    for part in [
        "default-src 'none'",
        "script-src 'self' 'sha256-",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(policy.contains(part), "{part} in {policy}");
    }
    // No 'unsafe-inline' (scripts or styles) and no 'unsafe-eval' at all.
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    assert!(!policy.contains(" 'unsafe-eval'"), "{policy}");
    let headers = std::fs::read_to_string(dist.join("_headers")).expect("dist/_headers");
    assert!(headers.contains("frame-ancestors 'none'") && headers.contains(policy));
    // The sandbox serves it as a header too, with frame-ancestors.
    let sandbox = Sandbox::start().await;
    let r = sandbox.request("GET", "/", None).await;
    assert_eq!(
        r.header("content-security-policy"),
        Some(format!("{policy}; frame-ancestors 'none'").as_str())
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
}

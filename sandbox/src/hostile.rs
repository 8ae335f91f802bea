//! `--seed xss`: an organization whose every text the dashboard shows is an XSS payload.
//!
//! Each payload, if a browser ever ran it, sets `window.__xss` to the payload's number (or, for
//! the few that run in a child frame, `parent.__xss`), so an end-to-end test can read
//! `window.__xss` and prove that nothing ran. The payloads are the classic ones: script tags,
//! event handlers on images, SVG, details, inputs and media, `javascript:` and `data:` URLs,
//! attribute and tag break-outs, `<iframe srcdoc>`, `<base>`, `<meta refresh>`, mutation-XSS
//! shapes, and template-injection strings (`{{...}}`, `${...}`).
//!
//! They go into project names and descriptions, environment names and descriptions, service
//! names, app names and descriptions, Docker images, repositories and branches, database names,
//! users and passwords, compose files, domain hosts and paths, environment variable names and
//! values, deployment titles and descriptions, deployment and container log lines, mount paths,
//! host paths, file names and contents, redirects' patterns and replacements, basic-auth users
//! and passwords, API key names, member names, e-mails and avatars, and the organization's name.

use serde_json::{json, Value};

use crate::kind::{Kind, ALL_KINDS};
use crate::shapes::DbSettings;
use crate::store::Store;
use crate::util::now_ms;

/// The global the payloads set when they run.
pub const MARKER: &str = "__xss";

/// The payloads, each with `{N}` standing for its number (1-based).
const TEMPLATES: [&str; 32] = [
    "<script>window.__xss={N}</script>",
    "<img src=x onerror=\"window.__xss={N}\">",
    "<svg onload=\"window.__xss={N}\">",
    "javascript:window.__xss={N}//",
    "\"><script>window.__xss={N}</script>",
    "'><img src=x onerror=window.__xss={N}>",
    "<iframe srcdoc=\"<script>parent.__xss={N}</script>\"></iframe>",
    "{{constructor.constructor('window.__xss={N}')()}}",
    "<body onload=\"window.__xss={N}\">",
    "<details open ontoggle=\"window.__xss={N}\">",
    "<input autofocus onfocus=\"window.__xss={N}\">",
    "<a href=\"javascript:window.__xss={N}\">click me</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss={N}\">",
    "<object data=\"javascript:window.__xss={N}\"></object>",
    "<embed src=\"javascript:window.__xss={N}\">",
    "<video><source onerror=\"window.__xss={N}\"></video>",
    "<marquee onstart=\"window.__xss={N}\">hi</marquee>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss={N}\">",
    "${window.__xss={N}}",
    "</textarea><script>window.__xss={N}</script>",
    "</title><script>window.__xss={N}</script>",
    "<!--<img src=\"--><img src=x onerror=window.__xss={N}//\">",
    "<svg><animate onbegin=\"window.__xss={N}\" attributeName=x dur=1s>",
    "data:text/html,<script>window.__xss={N}</script>",
    "<base href=\"javascript:window.__xss={N}//\">",
    "<form><button formaction=\"javascript:window.__xss={N}\">go</button></form>",
    "\";window.__xss={N};//",
    "<scr<script>ipt>window.__xss={N}</scr</script>ipt>",
    "<IMG SRC=JaVaScRiPt:window.__xss={N}>",
    "<svg/onload=window.__xss={N}>",
    "<div style=\"background:url(javascript:window.__xss={N})\" onmouseover=\"window.__xss={N}\">hover</div>",
    "<style>*{background:url(\"javascript:window.__xss={N}\")}</style><x onclick=window.__xss={N}>",
];

/// Every payload, numbered from 1.
pub fn payloads() -> Vec<String> {
    TEMPLATES
        .iter()
        .enumerate()
        .map(|(i, t)| t.replace("{N}", &(i + 1).to_string()))
        .collect()
}

/// Payload `i`, wrapping around the list.
pub fn payload(i: usize) -> String {
    let t = TEMPLATES[i % TEMPLATES.len()];
    t.replace("{N}", &(i % TEMPLATES.len() + 1).to_string())
}

/// A short, recognisable prefix so a test can tell which field it is looking at.
fn tagged(field: &str, i: usize) -> String {
    format!("{field} {}", payload(i))
}

/// Log text: every payload on its own line, after a plain first line.
pub fn log_text(what: &str) -> String {
    let mut out = format!("{what}: hostile log lines follow\n");
    for p in payloads() {
        out.push_str(&p);
        out.push('\n');
    }
    out
}

/// `KEY=value` lines with payloads as names and values (names come first, as `env` is shown).
fn env_text(offset: usize) -> String {
    let mut lines = vec!["PLAIN=ok".to_string()];
    for i in 0..TEMPLATES.len() {
        lines.push(format!(
            "X{i}_{}={}",
            payload(offset + i),
            payload(offset + i + 1)
        ));
    }
    lines.join("\n")
}

/// Fills `st` (the owner and its key already there) with hostile data.
pub fn seed(st: &mut Store) {
    let now = now_ms();
    const DAY: i64 = 86_400_000;
    let n = TEMPLATES.len();
    st.org.insert("name".into(), json!(tagged("org", 0)));

    // One project per payload, named and described with it; the first one holds everything.
    let mut first_env = String::new();
    let mut projects = Vec::new();
    for i in 0..n {
        let pid = st.add_project(
            &payload(i),
            json!(payload(i + 1)),
            now - (n - i) as i64 * DAY,
        );
        let eid = st.add_environment(&pid, &payload(i + 2), &payload(i + 3), true, now - DAY);
        if i == 0 {
            first_env = eid.clone();
        }
        projects.push((pid, eid));
    }
    // More environments with hostile names in the first project.
    let first_project = projects[0].0.clone();
    for i in 0..4 {
        st.add_environment(
            &first_project,
            &payload(i + 5),
            &payload(i + 6),
            false,
            now - DAY,
        );
    }

    // Every kind of service in the first environment, hostile in every text field.
    for (k, kind) in ALL_KINDS.iter().enumerate() {
        let i = k * 3;
        let db = kind.is_database().then(|| DbSettings {
            database_name: payload(i + 7),
            database_user: payload(i + 8),
            database_password: payload(i + 9),
            root_password: payload(i + 10),
            docker_image: payload(i + 11),
        });
        let sid = st.add_service(
            *kind,
            &first_env,
            &payload(i),
            None,
            json!(payload(i + 1)),
            db,
            now - 2 * DAY,
        );
        let mut fields = json!({"env": env_text(i)});
        match kind {
            Kind::Application => {
                fields["sourceType"] = json!("github");
                fields["repository"] = json!(payload(i + 12));
                fields["owner"] = json!(payload(i + 13));
                fields["branch"] = json!(payload(i + 14));
                fields["dockerImage"] = json!(payload(i + 15));
                fields["buildArgs"] = json!(env_text(i + 2));
                fields["command"] = json!(payload(i + 16));
            }
            Kind::Compose => {
                fields["sourceType"] = json!("raw");
                fields["composeFile"] = json!(format!(
                    "services:\n  web:\n    image: \"{}\"\n    labels:\n      - \"{}\"\n",
                    payload(i + 12).replace('"', "'"),
                    payload(i + 13).replace('"', "'")
                ));
            }
            _ => {
                fields["command"] = json!(payload(i + 12));
            }
        }
        st.set(&sid, fields);
        st.set_status(&sid, ["done", "error", "idle", "running"][k % 4]);
        if !kind.is_database() {
            for d in 0..n {
                st.push_deployment(
                    &sid,
                    &payload(d),
                    &payload(d + 1),
                    if d % 5 == 4 { "error" } else { "done" },
                    log_text(&format!("deployment {}", d + 1)),
                    now - (n - d) as i64 * 3_600_000,
                    Some(30_000),
                );
            }
            for d in 0..6 {
                let domain = st.add_domain(
                    &sid,
                    &payload(d + k),
                    d % 2 == 0,
                    3000,
                    (*kind == Kind::Compose).then_some("web"),
                );
                set_domain_path(st, &domain, &payload(d + k + 1));
            }
        }
        // A mount with a hostile path, beside the database volume.
        let key = kind.id_key();
        if let Some(m) = st
            .mounts
            .iter_mut()
            .find(|m| m.get(key).and_then(Value::as_str) == Some(sid.as_str()))
        {
            m.insert("mountPath".into(), json!(payload(k + 4)));
            m.insert("volumeName".into(), json!(payload(k + 5)));
        }
    }

    // Members and keys with hostile names, e-mails and avatars.
    let owner = &mut st.members[0].user;
    owner.insert("firstName".into(), json!(payload(2)));
    owner.insert("lastName".into(), json!(payload(3)));
    owner.insert("image".into(), json!(payload(3)));
    let owner_id = crate::shapes::s(owner, "id");
    for i in 0..6 {
        let user = crate::store::add_member(
            st,
            &payload(i),
            &payload(i + 1),
            &format!("x{i}@example.test{}", payload(i + 2)),
            json!({"canAccessToAPI": true}),
        );
        if let Some(m) = st
            .members
            .iter_mut()
            .find(|m| crate::shapes::s(&m.user, "id") == user)
        {
            m.user.insert("image".into(), json!(payload(i + 3)));
        }
    }
    let nul = Value::Null;
    for i in 0..8 {
        st.add_api_key(
            &owner_id,
            &payload(i),
            None,
            json!(payload(i + 1)),
            false,
            86_400_000,
            10,
            nul.clone(),
            nul.clone(),
        );
    }
    // The application's advanced settings (last, so that the ids above stay what they were): a
    // file and a bind mount, a published port, a redirect and a basic-auth user, hostile in
    // every text.
    let app = st
        .services
        .iter()
        .find(|(_, svc)| svc.kind == Kind::Application)
        .map(|(id, _)| id.clone());
    if let Some(app) = app {
        let created = crate::util::iso(now - DAY);
        let id = st.new_id();
        let mut file = crate::shapes::blank_mount_row(&id, "file");
        file.insert("filePath".into(), json!(payload(20)));
        file.insert("content".into(), json!(log_text("file mount")));
        file.insert("mountPath".into(), json!(payload(21)));
        file.insert("applicationId".into(), json!(app));
        st.mounts.push(file);
        let id = st.new_id();
        let mut bind = crate::shapes::blank_mount_row(&id, "bind");
        bind.insert("hostPath".into(), json!(payload(22)));
        bind.insert("mountPath".into(), json!(payload(23)));
        bind.insert("applicationId".into(), json!(app));
        st.mounts.push(bind);
        let id = st.new_id();
        st.ports
            .push(crate::shapes::port_row(&id, 8443, "host", 443, "udp", &app));
        let id = st.new_id();
        let key = st.next_redirect_key();
        st.redirects.push(crate::shapes::redirect_row(
            &id,
            &payload(24),
            &payload(25),
            false,
            key,
            &created,
            &app,
        ));
        let id = st.new_id();
        st.security.push(crate::shapes::security_row(
            &id,
            &payload(26),
            &payload(27),
            &created,
            &app,
        ));
    }
    st.hostile = true;
}

fn set_domain_path(st: &mut Store, domain_id: &str, path: &str) {
    if let Some(d) = st
        .domains
        .iter_mut()
        .find(|d| d.get("domainId").and_then(Value::as_str) == Some(domain_id))
    {
        d.insert("path".into(), json!(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_numbered_and_distinct() {
        let p = payloads();
        assert!(p.len() >= 20);
        for (i, text) in p.iter().enumerate() {
            assert!(
                text.contains(&format!("__xss={}", i + 1)),
                "payload {i} sets its own number: {text}"
            );
        }
        let mut sorted = p.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), p.len());
        assert_eq!(payload(p.len()), p[0]);
    }
}

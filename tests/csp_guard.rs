//! Guards of the Content-Security-Policy and of "server text is text" (docs/security.md), over
//! the source: the policy allows no inline style and no inline script, so views must not use
//! `style="..."` attributes (blocked by the browser) and nothing may write HTML from a string,
//! except the few lists drawn by the hundred (listed below), whose markup only `Html`
//! (src/html.rs) writes: Skiff's own literals as markup, every value escaped.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn views_use_no_inline_style_and_no_html_strings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 20, "found the sources");
    let banned = [
        (
            "style=\"",
            "a style=\"...\" attribute (CSP blocks it; use a class)",
        ),
        (
            "style=move",
            "a dynamic style attribute (CSP blocks it; use style:prop or a class)",
        ),
        (
            "style=format!",
            "a style attribute (CSP blocks it; use a class)",
        ),
        (
            "set_attribute(\"style\"",
            "a style attribute (CSP blocks it; use a class)",
        ),
        (
            "inner_html",
            "HTML from a string (server text must render as text)",
        ),
        (
            "outer_html",
            "HTML from a string (server text must render as text)",
        ),
        (
            "insert_adjacent_html",
            "HTML from a string (server text must render as text)",
        ),
        ("js_sys::eval", "eval (CSP blocks it)"),
        ("Function::new_with_args", "new Function (CSP blocks it)"),
        ("Function::new_no_args", "new Function (CSP blocks it)"),
    ];
    // The places allowed to set markup, each from a builder that writes it with `Html`
    // (literals as markup, every value escaped; host-tested with hostile text): the overview's
    // cards (`ProjectCard::html`), the activity center's plots and rows, the services page's
    // and the project page's rows, the bulk panel's items and its confirmation's list, tags.
    let allowed = [
        ("src/pages/projects.rs", "inner_html=html>"),
        ("src/pages/activity.rs", "inner_html=plots_html>"),
        ("src/pages/activity.rs", "inner_html=rows_html>"),
        (
            "src/pages/services.rs",
            "rows_html(&inst_s.get_value(), l, sel)",
        ),
        (
            "src/pages/bulk.rs",
            "inner_html=move || run.with(|r| r.as_ref().map(Run::items_html)",
        ),
        ("src/pages/bulk.rs", "inner_html=confirm_html>"),
        // The project page's rows (`service_view::rows_html`), set by the effect that keeps
        // the focus on the control it was on.
        ("src/pages/project.rs", "el.set_inner_html(&html);"),
        // The command palette's results (`palette::rows_html`), drawn the same way.
        ("src/pages/palette.rs", "el.set_inner_html(&html);"),
        // Tags (`crate::tags`): a project's chips, the tags page's list, a project's choices.
        ("src/pages/project.rs", "inner_html=tag_chips></div>"),
        (
            "src/pages/tags.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        (
            "src/pages/tags.rs",
            "on:change=on_change inner_html=choices></div>",
        ),
        // Registries and SSH keys (`crate::registries`): each page's list.
        (
            "src/pages/registries.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        (
            "src/pages/ssh_keys.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        (
            "src/pages/certificates.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        // Git providers (`crate::git_providers`) and servers (`crate::servers`): each list.
        (
            "src/pages/git_providers.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        (
            "src/pages/servers.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        // Notifications (`crate::notifications`): the list.
        (
            "src/pages/notifications.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
        // People (`crate::people`): members, invitations, the audit log, a 2024 instance's users.
        (
            "src/pages/people.rs",
            "on:click=on_list inner_html=rows></div>",
        ),
    ];
    // A page's kept markup (src/kept.rs): the page's own blocks, read back from the DOM (where
    // every server value already is escaped text: the browser's serialization escapes it
    // again), drawn with its controls disabled while the page asks its instance again.
    let allowed_kept = [
        ("src/state/keep.rs", "let html = el.outer_html();"),
        (
            "src/components/kept.rs",
            "inner_html=kept::disabled(markup)></div>",
        ),
    ];
    let allowed: Vec<(&str, &str)> = allowed.into_iter().chain(allowed_kept).collect();
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let name = f.strip_prefix(root).unwrap_or(f);
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (needle, why) in banned {
                let vetted = (needle == "inner_html" || needle == "outer_html")
                    && code.matches(needle).count() == 1
                    && allowed
                        .iter()
                        .any(|(file, site)| name == Path::new(file) && code.contains(site));
                if code.contains(needle) && !vetted {
                    found.push(format!("{}:{}: {why}", name.display(), i + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    let html = std::fs::read_to_string(root.join("src/html.rs")).expect("src/html.rs");
    assert!(
        html.contains("pub fn raw(&mut self, markup: &'static str)"),
        "Html::raw takes literals only"
    );
}

#[test]
fn the_policy_in_index_html_is_strict() {
    let html = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html"))
        .expect("index.html");
    let needle = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(needle).expect("a CSP meta tag") + needle.len();
    let policy = &html[start..start + html[start..].find('"').unwrap_or(0)];
    for part in [
        "default-src 'none'",
        "script-src 'self' 'sha256-LOADER' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(policy.contains(part), "{part} missing from {policy}");
    }
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    assert!(!policy.contains(" 'unsafe-eval'"), "{policy}");
}

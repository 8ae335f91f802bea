//! The last data at once: what a list page drew last time, kept per instance so the next
//! visit draws it at once (marked with its age) while the instance is asked again, and so the
//! page stays readable while the instance cannot be reached.
//!
//! What is kept is the markup of the blocks a page gives the class `keep` (its cards, rows,
//! counts): names, ids, statuses, counts and times as the page drew them. A page marks only
//! blocks that show no secret (no variable's value, password, connection string or key is
//! ever drawn in them; `tests/e2e_offline.rs` reads the stored bytes to check). One
//! localStorage entry per instance ([`slot`]), at most [`ENTRIES`] pages and [`BYTES`]
//! characters, the newest first; dropped when the instance is removed or its key forgotten
//! (state/session.rs).
//!
//! The entry is plain text: per page `href`, `ms` and the markup, split by control
//! characters that markup from the page never carries (they are removed from it).

/// How many pages an instance keeps (the newest).
pub const ENTRIES: usize = 12;

/// At most this many characters per instance (localStorage holds about 5 million per origin).
pub const BYTES: usize = 300_000;

/// A page's markup is not kept past this many characters (the blocks after it are left out).
pub const PAGE_BYTES: usize = 80_000;

const PAGE: char = '\u{2}';
const FIELD: char = '\u{1}';

/// The localStorage key of instance `inst`'s kept pages.
pub fn slot(inst: &str) -> String {
    format!("skiff.kept.{inst}")
}

/// The markup kept for `href` and when it was drawn (ms since the epoch).
pub fn find<'a>(stored: &'a str, href: &str) -> Option<(u64, &'a str)> {
    stored.split(PAGE).find_map(|page| {
        let mut f = page.splitn(3, FIELD);
        (f.next()? == href).then_some(())?;
        Some((f.next()?.parse().ok()?, f.next()?))
    })
}

/// `stored` with `markup` kept for `href` at `at`, first; older pages past [`ENTRIES`] or
/// [`BYTES`] dropped. Empty markup removes the page.
pub fn put(stored: &str, href: &str, at: u64, markup: &str) -> String {
    let clean = |s: &str| s.replace([PAGE, FIELD], "");
    let mut out = String::new();
    if !markup.is_empty() {
        out = format!("{}{FIELD}{at}{FIELD}{}", clean(href), clean(markup));
    }
    let mut count = usize::from(!out.is_empty());
    for page in stored.split(PAGE).filter(|p| !p.is_empty()) {
        let same = page.split(FIELD).next() == Some(href);
        if same || count == ENTRIES || out.len() + page.len() > BYTES {
            continue;
        }
        if !out.is_empty() {
            out.push(PAGE);
        }
        out.push_str(page);
        count += 1;
    }
    out
}

/// Kept markup as it is drawn: its controls disabled (the page behind them is not live), its
/// ids and test names renamed (the live page's own are not doubled while both are drawn).
pub fn disabled(markup: &str) -> String {
    markup
        .replace(" id=\"", " data-kept-id=\"")
        .replace(" data-test=\"", " data-kept-test=\"")
        .replace("<button", "<button disabled")
        .replace("<input", "<input disabled")
        .replace("<select", "<select disabled")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_page_first_and_finds_it() {
        let s = put("", "#/i/a/projects", 5, "<p>one</p>");
        let s = put(&s, "#/i/a/p/1", 6, "<p>two</p>");
        assert_eq!(find(&s, "#/i/a/projects"), Some((5, "<p>one</p>")));
        assert_eq!(find(&s, "#/i/a/p/1"), Some((6, "<p>two</p>")));
        assert!(s.starts_with("#/i/a/p/1"));
        // The same page again replaces its markup.
        let s = put(&s, "#/i/a/projects", 9, "<p>three</p>");
        assert_eq!(find(&s, "#/i/a/projects"), Some((9, "<p>three</p>")));
        assert_eq!(s.matches("projects").count(), 1);
        assert_eq!(find(&s, "#/i/a/other"), None);
        // Empty markup forgets the page.
        let s = put(&s, "#/i/a/projects", 10, "");
        assert_eq!(find(&s, "#/i/a/projects"), None);
        assert_eq!(find(&s, "#/i/a/p/1"), Some((6, "<p>two</p>")));
    }

    #[test]
    fn stays_within_its_bounds() {
        let mut s = String::new();
        for i in 0..30 {
            s = put(&s, &format!("#/p/{i}"), i, "<p>x</p>");
        }
        assert_eq!(s.split(PAGE).count(), ENTRIES);
        assert!(find(&s, "#/p/29").is_some() && find(&s, "#/p/17").is_none());
        let big = "x".repeat(BYTES / 2);
        let s = put(&s, "#/a", 1, &big);
        let s = put(&s, "#/b", 2, &big);
        assert!(s.len() <= BYTES + 20, "{}", s.len());
        // The older big page goes; the small ones still fit.
        assert!(find(&s, "#/b").is_some() && find(&s, "#/a").is_none());
        assert!(find(&s, "#/p/29").is_some());
    }

    #[test]
    fn separators_in_the_markup_cannot_split_it() {
        let s = put("", "#/a", 1, "<p>a\u{1}b\u{2}c</p>");
        assert_eq!(find(&s, "#/a"), Some((1, "<p>abc</p>")));
    }

    #[test]
    fn kept_controls_are_drawn_disabled() {
        assert_eq!(
            disabled(
                r#"<div id="a" data-test="b"><button class="btn">Deploy</button><input type="checkbox"></div>"#
            ),
            r#"<div data-kept-id="a" data-kept-test="b"><button disabled class="btn">Deploy</button><input disabled type="checkbox"></div>"#
        );
    }
}

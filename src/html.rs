//! Markup written as text, for what is drawn by the hundred: each overview card is one
//! `innerHTML` (src/pages/projects.rs) instead of some sixty DOM calls through wasm-bindgen,
//! which made a search keystroke that replaces the cards miss its frame.
//!
//! Safe by construction: markup comes only from `&'static str` literals of Skiff's own code
//! ([`Html::raw`]); everything else, server text included, goes through [`Html::text`], which
//! escapes `& < > " '`. Attribute values are always double-quoted by the literals around them,
//! so an escaped value cannot leave the text or the attribute it is in.

/// A fragment of markup being written.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }

    /// Skiff's own markup: a literal, never a value.
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.0.push_str(markup);
        self
    }

    /// A value, as text (in an element's content or a double-quoted attribute).
    pub fn text(&mut self, s: &str) -> &mut Html {
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            self.0.push_str(&s[last..i]);
            self.0.push_str(entity);
            last = i + 1;
        }
        self.0.push_str(&s[last..]);
        self
    }

    /// A number, as text.
    pub fn num(&mut self, n: usize) -> &mut Html {
        use std::fmt::Write as _;
        let _ = write!(self.0, "{n}");
        self
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// Where a list's request stands: still asked for (`loading` said), refused (the error in
/// words, with a Retry button, `data-action="retry"`, when `retry`; `None` then, the markup
/// written), or answered (the answer, for the caller to write).
pub fn answered<'a, T>(
    h: &mut Html,
    all: Option<&'a Result<T, crate::api::ApiError>>,
    loading: &'static str,
    retry: bool,
) -> Option<&'a T> {
    match all {
        None => {
            h.raw("<p class=\"spinner-line\">").raw(loading).raw("</p>");
        }
        Some(Err(e)) => {
            h.raw("<div class=\"alert alert--error\" role=\"alert\"><div class=\"alert__title\">")
                .text(&e.title())
                .raw("</div><div>")
                .text(&e.advice())
                .raw("</div>");
            if retry {
                h.raw("<div class=\"row u-mt-8\"><button type=\"button\" class=\"btn btn--small\" data-action=\"retry\">Retry</button></div>");
            }
            h.raw("</div>");
        }
        Some(Ok(l)) => return Some(l),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_literals_are_not() {
        let mut h = Html::default();
        h.raw("<a title=\"")
            .text("\"><script>x('&')</script>")
            .raw("\">")
            .text("a<b")
            .raw("</a>");
        assert_eq!(
            h.finish(),
            "<a title=\"&quot;&gt;&lt;script&gt;x(&#39;&amp;&#39;)&lt;/script&gt;\">a&lt;b</a>"
        );
    }

    #[test]
    fn plain_and_unicode_text_passes_unchanged() {
        let mut h = Html::default();
        h.text("plain").text("").text("日本語 · ünïcode").num(42);
        assert_eq!(h.finish(), "plain日本語 · ünïcode42");
    }
}

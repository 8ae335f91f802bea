//! Tags as plain data: the tag form and its checks (Dokploy's own form rules), which projects
//! carry each tag, a project's choice of tags, and the markup of the tags page's list and of a
//! project's tags (src/html.rs: every value escaped).

use crate::api::{ApiError, TagInput};
use crate::html::{answered, Html};
use crate::model::{Project, Tag};
use crate::overview::tag_chip;
use crate::routes::Route;
use crate::service_view::backups::FieldError;

/// The colour Dokploy's tag form starts with.
pub const DEFAULT_COLOR: &str = "#3b82f6";

/// The tag form (a new tag or an edited one).
#[derive(Clone, Debug, PartialEq)]
pub struct TagForm {
    pub name: String,
    pub color: String,
}

impl Default for TagForm {
    fn default() -> Self {
        TagForm {
            name: String::new(),
            color: DEFAULT_COLOR.into(),
        }
    }
}

impl TagForm {
    pub fn of(t: &Tag) -> TagForm {
        TagForm {
            name: t.name.clone(),
            color: t.hex().unwrap_or(DEFAULT_COLOR).to_string(),
        }
    }

    /// The body of `tag.create` (`tag_id` `None`) or `tag.update`, or the fields' errors.
    pub fn input(&self, tag_id: Option<&str>) -> Result<TagInput, Vec<FieldError>> {
        let name = self.name.trim();
        if let Some(problem) = name_problem(name) {
            return Err(vec![("tag-name", problem.to_string())]);
        }
        Ok(TagInput {
            tag_id: tag_id.map(str::to_string),
            name: name.to_string(),
            color: crate::model::tag::hex_color(&self.color)
                .unwrap_or(DEFAULT_COLOR)
                .to_string(),
        })
    }
}

/// Why `name` (trimmed) is not a tag name Dokploy's own form takes: 1 to 50 characters,
/// starting and ending with a letter, digit, `-` or `_`, with spaces and dots allowed between.
pub fn name_problem(name: &str) -> Option<&'static str> {
    // Any letter or digit: ASCII ones by Rust, the others let through (their Unicode
    // classes would bring tables into the wasm; Dokploy's API takes any name).
    let edge = |c: char| c.is_ascii_alphanumeric() || !c.is_ascii() || c == '-' || c == '_';
    let inner = |c: char| edge(c) || c == ' ' || c == '.';
    let (Some(first), Some(last)) = (name.chars().next(), name.chars().last()) else {
        return Some("Enter a name.");
    };
    if name.chars().count() > 50 {
        return Some("At most 50 characters.");
    }
    if !edge(first) || !edge(last) || !name.chars().all(inner) {
        return Some("Letters, digits, - and _, with spaces and dots between (not first or last).");
    }
    None
}

/// The organization's tags, and the names of the projects carrying each (in the same order;
/// empty when not asked or when `project.all` failed).
pub type Listed = (Vec<Tag>, Vec<Vec<String>>);

/// The names of the projects carrying each tag of `tags`, in order (from `project.all`).
pub fn carried_by(tags: &[Tag], projects: &[Project]) -> Vec<Vec<String>> {
    tags.iter()
        .map(|t| {
            projects
                .iter()
                .filter(|p| p.tags().any(|pt| pt.tag_id == t.tag_id))
                .map(|p| p.name.clone())
                .collect()
        })
        .collect()
}

/// `chosen` with `tag_id` added or taken out (a project's tags being chosen), in `all`'s order.
pub fn toggled(chosen: &[String], tag_id: &str, all: &[Tag]) -> Vec<String> {
    let on = !chosen.iter().any(|c| c == tag_id);
    all.iter()
        .map(|t| &t.tag_id)
        .filter(|id| {
            if *id == tag_id {
                on
            } else {
                chosen.contains(id)
            }
        })
        .cloned()
        .collect()
}

/// `tag.all` as it stands ([`answered`]), `empty` said when there are no tags.
fn tags_of<'a>(
    h: &mut Html,
    all: Option<&'a Result<Listed, ApiError>>,
    empty: &'static str,
    retry: bool,
) -> Option<&'a Listed> {
    let l = answered(h, all, "Loading tags…", retry)?;
    if l.0.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-tags\">")
            .raw(empty)
            .raw("</p>");
        return None;
    }
    Some(l)
}

/// The tags page's list: each tag as a chip, the projects carrying it (a link to the overview
/// narrowed to the tag; "…" when `project.all` failed), Edit and Delete (the list's
/// one click listener reads `data-action` and `data-id`); or where `tag.all` stands.
pub fn rows_html(inst: &str, all: Option<&Result<Listed, ApiError>>) -> String {
    let mut h = Html::with_capacity(600);
    let empty = "No tags yet. Make one above (production, client-a, …), then give it to projects on their pages.";
    let Some((tags, carried)) = tags_of(&mut h, all, empty, true) else {
        return h.finish();
    };
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Tag</th><th>Projects</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for (i, t) in tags.iter().enumerate() {
        h.raw("<tr data-test=\"tag-row\"><td data-label=\"Tag\">");
        tag_chip(&mut h, &t.name, t.hex(), None);
        h.raw("</td><td data-label=\"Projects\" class=\"small\" data-test=\"tag-projects\">");
        match carried.get(i) {
            None => {
                h.raw("…");
            }
            Some(names) if names.is_empty() => {
                h.raw("<span class=\"muted\">None</span>");
            }
            Some(names) => {
                h.raw("<a href=\"")
                    .text(&Route::tagged(inst, &t.name).href())
                    .raw("\">")
                    .text(&names.join(", "))
                    .raw("</a>");
            }
        }
        h.raw("</td><td class=\"actions\"><button type=\"button\" class=\"btn btn--small\" data-test=\"edit-tag\" data-action=\"edit\" data-id=\"")
            .text(&t.tag_id)
            .raw("\">Edit</button> <button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"delete-tag\" data-action=\"delete\" data-id=\"")
            .text(&t.tag_id)
            .raw("\">Delete</button></td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

/// A project's tags as chips, each a link to the overview narrowed to it, then the button that
/// edits them (`data-action="tags"`).
pub fn chips_html(inst: &str, tags: &[&Tag]) -> String {
    let mut h = Html::with_capacity(200 + 120 * tags.len());
    for t in tags {
        tag_chip(
            &mut h,
            &t.name,
            t.hex(),
            Some(&Route::tagged(inst, &t.name).href()),
        );
    }
    h.raw("<button type=\"button\" class=\"btn btn--small btn--ghost\" data-test=\"edit-project-tags\" data-action=\"tags\">")
        .raw(if tags.is_empty() { "Add tags" } else { "Edit tags" })
        .raw("</button>");
    h.finish()
}

/// The organization's tags as checkboxes, those of `chosen` checked (the dialog's one change
/// listener reads each box's `value`, a tag id), with a link to `manage` them; or where `tag.all`
/// stands.
pub fn choices_html(
    all: Option<&Result<Listed, ApiError>>,
    chosen: &[String],
    manage: &str,
) -> String {
    let mut h = Html::with_capacity(600);
    if let Some((tags, _)) = tags_of(&mut h, all, "This organization has no tags yet.", false) {
        h.raw("<fieldset class=\"tag-choices\"><legend class=\"sr-only\">Tags</legend>");
        for t in tags {
            h.raw(
                "<label class=\"check\" data-test=\"tag-choice\"><input type=\"checkbox\" value=\"",
            )
            .text(&t.tag_id)
            .raw("\"");
            if chosen.contains(&t.tag_id) {
                h.raw(" checked");
            }
            h.raw(">");
            tag_chip(&mut h, &t.name, t.hex(), None);
            h.raw("</label>");
        }
        h.raw("</fieldset>");
    }
    h.raw("<p class=\"small\"><a href=\"")
        .text(manage)
        .raw("\">Make, rename or delete tags</a></p>");
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(id: &str, name: &str, color: Option<&str>) -> Tag {
        Tag {
            tag_id: id.into(),
            name: name.into(),
            color: color.map(str::to_string),
        }
    }

    #[test]
    fn names_follow_dokploys_form() {
        for ok in ["prod", "a", "client a", "v1.2", "ünïcode", "_x-", "日本"] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        assert_eq!(name_problem(""), Some("Enter a name."));
        for bad in [".x", "x.", "a b ", " a", "a/b", "a#b", "x!"] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
        assert!(name_problem(&"x".repeat(51)).is_some());
        assert_eq!(name_problem(&"é".repeat(50)), None);
    }

    #[test]
    fn the_form_trims_and_keeps_a_hex_colour() {
        let f = TagForm {
            name: "  prod  ".into(),
            color: "#10b981".into(),
        };
        let i = f.input(Some("t1")).unwrap();
        assert_eq!((i.name.as_str(), i.color.as_str()), ("prod", "#10b981"));
        assert_eq!(i.tag_id.as_deref(), Some("t1"));
        let f = TagForm {
            name: "prod".into(),
            color: "red; background: url(x)".into(),
        };
        assert_eq!(f.input(None).unwrap().color, DEFAULT_COLOR);
        let body = serde_json::to_value(f.input(None).unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "prod", "color": DEFAULT_COLOR})
        );
        assert_eq!(TagForm::default().input(None).unwrap_err()[0].0, "tag-name");
        // A tag without a colour is edited from Dokploy's default one.
        assert_eq!(TagForm::of(&tag("t", "x", None)).color, DEFAULT_COLOR);
    }

    #[test]
    fn markup_keeps_server_text_as_text() {
        let hostile = "<img src=x onerror=alert(1)>\"";
        let tags = [
            tag(hostile, hostile, Some("#10b981")),
            tag("t2", "plain", Some("url(x)")),
        ];
        let carried = vec![vec![hostile.to_string()], vec![]];
        let all = Ok((tags.to_vec(), carried));
        let unknown = Ok((tags.to_vec(), Vec::new()));
        for html in [
            rows_html("prod", Some(&all)),
            rows_html("prod", Some(&unknown)),
            chips_html("prod", &tags.iter().collect::<Vec<_>>()),
            choices_html(Some(&all), &[hostile.to_string()], "#/i/prod/tags"),
        ] {
            assert!(!html.contains("<img"), "{html}");
            assert!(
                !html.contains("url(x)"),
                "only hex colours are drawn: {html}"
            );
            assert_eq!(html.matches("tag__dot").count(), 1, "{html}");
        }
        let rows = rows_html("prod", Some(&all));
        assert!(
            rows.contains("data-action=\"edit\" data-id=\"&lt;img"),
            "{rows}"
        );
        assert!(rows.contains(">None</span>"), "{rows}");
        let choices = choices_html(Some(&all), &[hostile.to_string()], "#/i/prod/tags");
        assert_eq!(choices.matches(" checked").count(), 1, "{choices}");
        // Where the answer stands, in words.
        assert!(rows_html("prod", None).contains("Loading tags"));
        assert!(rows_html("prod", Some(&Ok((Vec::new(), Vec::new()))))
            .contains("data-test=\"no-tags\""));
        let refused = Err(ApiError::Forbidden {
            message: "<b>no</b>".into(),
        });
        let html = rows_html("prod", Some(&refused));
        assert!(
            html.contains("data-action=\"retry\"") && !html.contains("<b>"),
            "{html}"
        );
        let html = choices_html(Some(&refused), &[], "#/i/prod/tags");
        assert!(
            !html.contains("retry") && html.contains("alert--error"),
            "{html}"
        );
        assert!(chips_html("prod", &[&tags[1]]).contains("href=\"#/i/prod/projects?tag=plain\""));
    }

    #[test]
    fn toggling_keeps_the_tags_order() {
        let all = [
            tag("a", "a", None),
            tag("b", "b", None),
            tag("c", "c", None),
        ];
        let chosen = vec!["c".to_string()];
        assert_eq!(toggled(&chosen, "a", &all), ["a", "c"]);
        assert_eq!(toggled(&chosen, "c", &all), Vec::<String>::new());
        // A tag deleted meanwhile drops out.
        assert_eq!(toggled(&["gone".to_string()], "b", &all), ["b"]);
    }
}

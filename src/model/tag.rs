//! Tags (Dokploy v0.29+): an organization's labels for projects (`tag.all`, `tag.one`,
//! `tag.create`, `tag.update`), and a project's tags as `project.all` / `project.one` nest them
//! (`projectTags[].tag`).

use serde::Serialize;

use super::de::object;

/// A tag: `tag.all`'s rows, `tag.create`'s and `tag.update`'s answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    pub tag_id: String,
    pub name: String,
    /// A CSS colour as Dokploy's colour picker gives it (`#3b82f6`); `null` when none was chosen.
    pub color: Option<String>,
}

object!(Tag, "a tag", {
    "tagId" => tag_id: plain,
    "name" => name: nullable,
    "color" => color: plain,
});

/// One entry of a project's `projectTags` (`{id, projectId, tagId, tag}`): its tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectTag {
    pub tag: Option<Tag>,
}

object!(ProjectTag, "a project's tag", {
    "tag" => tag: plain,
});

impl Tag {
    /// The tag's colour when it is a plain hex colour (`#rgb`, `#rrggbb`, with or without
    /// alpha): anything else is not drawn (the text stays the tag's name).
    pub fn hex(&self) -> Option<&str> {
        hex_color(self.color.as_deref()?)
    }
}

/// `c` when it is `#` and 3, 4, 6 or 8 hex digits.
pub fn hex_color(c: &str) -> Option<&str> {
    let digits = c.strip_prefix('#')?;
    (matches!(digits.len(), 3 | 4 | 6 | 8) && digits.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(c)
}

//! `tag.*` (Dokploy v0.29+): the organization's tags, and which projects carry them.

use serde::Serialize;

use super::{id_body, ApiError, Client};
use crate::model::Tag;

/// The body of `tag.create` (no `tag_id`) or `tag.update`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<String>,
    pub name: String,
    pub color: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Assign<'a> {
    project_id: &'a str,
    tag_ids: &'a [String],
}

impl Client {
    /// `GET tag.all`: sorted by name.
    pub async fn tag_all(&self) -> Result<Vec<Tag>, ApiError> {
        self.get("tag.all", &[]).await
    }

    /// `POST tag.create` or, with a `tag_id`, `tag.update` (each answers the tag). A name the
    /// organization already has fails on the name ([`duplicate_name`]).
    pub async fn tag_save(&self, t: &TagInput) -> Result<(), ApiError> {
        let name = match t.tag_id {
            Some(_) => "tag.update",
            None => "tag.create",
        };
        self.post_void(name, t).await.map_err(duplicate_name)
    }

    /// `POST tag.remove`: also takes it off every project.
    pub async fn tag_remove(&self, tag_id: &str) -> Result<(), ApiError> {
        self.post_void("tag.remove", &id_body("tagId", tag_id))
            .await
    }

    /// `POST tag.bulkAssign`: the project's tags become exactly `tag_ids` (empty: none).
    pub async fn tag_assign(&self, project_id: &str, tag_ids: &[String]) -> Result<(), ApiError> {
        self.post_void(
            "tag.bulkAssign",
            &Assign {
                project_id,
                tag_ids,
            },
        )
        .await
    }
}

/// What a failed `tag.create` / `tag.update` means. A name the organization already has is
/// refused with Dokploy's raw SQL error (v0.30: 400, "Error creating tag: Failed query: insert
/// into "tag" … params: …"), or, where Dokploy names the constraint, 409 "A tag with this name
/// already exists": either becomes an error on the name field, in words.
pub fn duplicate_name(e: ApiError) -> ApiError {
    let duplicate = match &e {
        ApiError::Invalid { message, .. } => message.contains("Failed query"),
        ApiError::Http { status, .. } => *status == 409,
        _ => false,
    };
    if !duplicate {
        return e;
    }
    ApiError::Invalid {
        message: String::new(),
        field_errors: [(
            "name".to_string(),
            vec!["A tag with this name exists: choose another name.".to_string()],
        )]
        .into(),
        form_errors: Vec::new(),
    }
}

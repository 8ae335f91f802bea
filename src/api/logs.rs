//! Parameters of the `*.readLogs` queries, checked before sending (Dokploy rejects a bad
//! `since` or `search` with a 400).

use std::collections::BTreeMap;

use super::ApiError;

/// Options of `application.readLogs`, `compose.readLogs` and the database `readLogs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogQuery {
    /// Last N lines, 1..=10000 (server default 100).
    pub tail: Option<u32>,
    /// `all` or `<n>s|m|h|d` (e.g. `15m`, `2h`); server default `all`.
    pub since: Option<String>,
    /// Letters, digits, spaces and `._-`, up to 500 characters.
    pub search: Option<String>,
}

impl LogQuery {
    /// Only the last `tail` lines.
    pub fn tail(tail: u32) -> Self {
        LogQuery {
            tail: Some(tail),
            ..Default::default()
        }
    }

    /// Checks the fields the way Dokploy does, as a field-level [`ApiError::Invalid`].
    pub fn validate(&self) -> Result<(), ApiError> {
        let mut field_errors = BTreeMap::new();
        if let Some(t) = self.tail {
            if !(1..=10_000).contains(&t) {
                field_errors.insert(
                    "tail".to_string(),
                    vec!["Between 1 and 10000 lines".to_string()],
                );
            }
        }
        if let Some(s) = &self.since {
            if !valid_since(s) {
                field_errors.insert(
                    "since".to_string(),
                    vec!["Use all, or a number followed by s, m, h or d (e.g. 15m)".to_string()],
                );
            }
        }
        if let Some(s) = &self.search {
            if !valid_search(s) {
                field_errors.insert(
                    "search".to_string(),
                    vec!["Letters, digits, spaces and . _ - only (up to 500)".to_string()],
                );
            }
        }
        if field_errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid {
                message: "Invalid log filter".to_string(),
                field_errors,
                form_errors: Vec::new(),
            })
        }
    }

    /// The query pairs after the id, skipping unset and empty fields.
    pub(crate) fn params(&self, out: &mut Vec<(&'static str, String)>) {
        if let Some(t) = self.tail {
            out.push(("tail", t.to_string()));
        }
        if let Some(s) = self.since.as_deref().filter(|s| !s.is_empty()) {
            out.push(("since", s.to_string()));
        }
        if let Some(s) = self.search.as_deref().filter(|s| !s.is_empty()) {
            out.push(("search", s.to_string()));
        }
    }
}

/// `all` or digits followed by one of `s m h d`.
pub fn valid_since(s: &str) -> bool {
    if s == "all" {
        return true;
    }
    let Some(unit) = s.chars().last() else {
        return false;
    };
    let digits = &s[..s.len() - unit.len_utf8()];
    matches!(unit, 's' | 'm' | 'h' | 'd')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Dokploy's search pattern `^[a-zA-Z0-9 ._-]{0,500}$`.
pub fn valid_search(s: &str) -> bool {
    s.len() <= 500
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'_' | b'-'))
}

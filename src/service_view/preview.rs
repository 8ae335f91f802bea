//! Preview deployments as plain data: the settings form (Dokploy keeps them on the
//! application) and what a preview's row says.

use serde_json::{json, Value};

use super::backups::FieldError;
use crate::model::{Application, PreviewDeployment};

/// The preview settings as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewForm {
    pub active: bool,
    pub wildcard: String,
    pub port: String,
    pub limit: String,
    pub https: bool,
    pub path: String,
}

impl PreviewForm {
    /// The application's settings (Dokploy's defaults where it has none).
    pub fn of(app: &Application) -> Self {
        PreviewForm {
            active: app.is_preview_deployments_active.unwrap_or(false),
            wildcard: app.preview_wildcard.clone().unwrap_or_default(),
            port: app.preview_port.unwrap_or(3000).to_string(),
            limit: app.preview_limit.unwrap_or(3).to_string(),
            https: app.preview_https.unwrap_or(false),
            path: app.preview_path.clone().unwrap_or_else(|| "/".into()),
        }
    }

    /// The fields of `application.update`, or what is wrong, by field id.
    pub fn input(&self) -> Result<Value, Vec<FieldError>> {
        let mut errors = Vec::new();
        let wildcard = self.wildcard.trim();
        let host = wildcard.strip_prefix("*.").unwrap_or("");
        if wildcard.is_empty() && self.active {
            errors.push((
                "preview-wildcard",
                "Each preview gets a name under this domain: write one, like *.preview.example.com.".into(),
            ));
        } else if !wildcard.is_empty()
            && (!host.contains('.')
                || !host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
        {
            errors.push((
                "preview-wildcard",
                "Write *. then a domain whose DNS sends every name to the server: *.preview.example.com.".into(),
            ));
        }
        let port = self.port.trim().parse::<u16>().ok().filter(|p| *p > 0);
        if port.is_none() {
            errors.push((
                "preview-port",
                "The port the application listens on, from 1 to 65535.".into(),
            ));
        }
        let limit = self.limit.trim().parse::<u32>().ok().filter(|l| *l > 0);
        if limit.is_none() {
            errors.push((
                "preview-limit",
                "How many previews may run at once: a whole number, 1 or more.".into(),
            ));
        }
        let path = self.path.trim();
        if !path.starts_with('/') {
            errors.push(("preview-path", "A path starts with /.".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(json!({
            "isPreviewDeploymentsActive": self.active,
            "previewWildcard": wildcard,
            "previewPort": port,
            "previewLimit": limit,
            "previewHttps": self.https,
            "previewPath": path,
            "previewCertificateType": if self.https { "letsencrypt" } else { "none" },
        }))
    }
}

/// `#42 New checkout flow`, or the branch where the pull request has no number.
pub fn preview_title(p: &PreviewDeployment) -> String {
    match (
        p.pull_request_number.as_deref(),
        p.pull_request_title.as_deref(),
    ) {
        (Some(n), Some(t)) if !n.is_empty() => format!("#{n} {t}"),
        (_, Some(t)) if !t.is_empty() => t.to_string(),
        _ => p.branch.clone(),
    }
}

/// The pull request's address when it is a web address (anything else is not linked).
pub fn pull_request_link(p: &PreviewDeployment) -> Option<&str> {
    p.pull_request_url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PreviewForm {
        PreviewForm {
            active: true,
            wildcard: "*.preview.acme.test".into(),
            port: "3000".into(),
            limit: "3".into(),
            https: false,
            path: "/".into(),
        }
    }

    #[test]
    fn settings_become_dokploys_fields() {
        let v = form().input().unwrap();
        assert_eq!(v["previewWildcard"], "*.preview.acme.test");
        assert_eq!(v["previewPort"], 3000);
        assert_eq!(v["previewLimit"], 3);
        assert_eq!(v["previewCertificateType"], "none");
        assert_eq!(v["isPreviewDeploymentsActive"], true);
        let https = PreviewForm {
            https: true,
            ..form()
        };
        assert_eq!(
            https.input().unwrap()["previewCertificateType"],
            "letsencrypt"
        );
    }

    #[test]
    fn mistakes_are_named_on_their_field() {
        let bad = PreviewForm {
            wildcard: "preview.acme.test".into(),
            port: "0".into(),
            limit: "three".into(),
            path: "x".into(),
            ..form()
        };
        let fields: Vec<_> = bad.input().unwrap_err().into_iter().map(|e| e.0).collect();
        assert_eq!(
            fields,
            [
                "preview-wildcard",
                "preview-port",
                "preview-limit",
                "preview-path"
            ]
        );
        let off = PreviewForm {
            active: false,
            wildcard: String::new(),
            ..form()
        };
        assert!(off.input().is_ok());
        let on = PreviewForm {
            wildcard: " ".into(),
            ..form()
        };
        assert_eq!(on.input().unwrap_err()[0].0, "preview-wildcard");
    }

    #[test]
    fn a_preview_is_named_by_its_pull_request() {
        let mut p = PreviewDeployment {
            branch: "feature/x".into(),
            pull_request_number: Some("42".into()),
            pull_request_title: Some("New checkout".into()),
            pull_request_url: Some("javascript:alert(1)".into()),
            ..PreviewDeployment::default()
        };
        assert_eq!(preview_title(&p), "#42 New checkout");
        assert_eq!(pull_request_link(&p), None);
        p.pull_request_url = Some("https://github.com/acme/x/pull/42".into());
        assert_eq!(
            pull_request_link(&p),
            Some("https://github.com/acme/x/pull/42")
        );
        p.pull_request_title = None;
        assert_eq!(preview_title(&p), "feature/x");
    }
}

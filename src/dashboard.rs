//! Links into Dokploy's own dashboard (Swagger, the profile page, git providers, a service's
//! page): where the dashboard is for an instance, and the path of each page in each era.
//! Dokploy's pages need a Dokploy login, so Skiff only links to them, in a new tab.

use crate::model::ServiceKind;

/// A page of Dokploy's dashboard that Skiff links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// Its API explorer (`/swagger`).
    Swagger,
    /// Settings › Profile: the API token of 2024 instances, API keys later.
    Profile,
    /// Settings › Git providers: where GitHub, GitLab, Bitbucket and Gitea accounts are connected.
    GitProviders,
    /// Settings › Servers: where remote servers are added and set up.
    Servers,
    /// Settings › Users: members, their roles and invitations.
    Users,
    /// The page an invitation's link opens, to sign up with (`token`: the invitation's id, or
    /// a 2024 user's token).
    Invitation(String),
    /// A service's page. `environment_id` is `None` on instances before v0.25 (no environments),
    /// whose pages hang under the project.
    Service {
        kind: ServiceKind,
        id: String,
        project_id: String,
        environment_id: Option<String>,
    },
}

impl Page {
    /// The page's path on the dashboard's origin.
    pub fn path(&self) -> String {
        match self {
            Page::Swagger => "/swagger".into(),
            Page::Profile => "/dashboard/settings/profile".into(),
            Page::GitProviders => "/dashboard/settings/git-providers".into(),
            Page::Servers => "/dashboard/settings/servers".into(),
            Page::Users => "/dashboard/settings/users".into(),
            Page::Invitation(token) => {
                format!("/invitation?token={}", crate::api::encode_component(token))
            }
            Page::Service {
                kind,
                id,
                project_id,
                environment_id,
            } => {
                let env = environment_id
                    .as_deref()
                    .map(|e| format!("/environment/{e}"))
                    .unwrap_or_default();
                format!(
                    "/dashboard/project/{project_id}{env}/services/{}/{id}",
                    kind.router()
                )
            }
        }
    }
}

/// `page` on the dashboard at `origin`.
pub fn url(origin: &str, page: &Page) -> String {
    format!("{}{}", origin.trim_end_matches('/'), page.path())
}

/// Where Dokploy's own dashboard is for an instance: the address its user set (`set`), else
/// the API's origin, unless that is this page's own origin with Skiff at its root (`page_path`
/// `/`): then a proxy forwards the API to Dokploy (Skiff's container, `trunk serve`), and
/// Dokploy's pages are not at that origin; `None` says Skiff cannot know.
pub fn origin(
    set: Option<&str>,
    api_origin: &str,
    page_origin: &str,
    page_path: &str,
) -> Option<String> {
    if let Some(set) = set.filter(|s| !s.trim().is_empty()) {
        return Some(set.trim_end_matches('/').to_string());
    }
    (!is_skiff_itself(api_origin, page_origin, page_path))
        .then(|| api_origin.trim_end_matches('/').to_string())
}

/// Whether `origin` is where this Skiff is served from, at the origin's root: then it cannot
/// be Dokploy's dashboard, which also sits at the root of its origin.
fn is_skiff_itself(origin: &str, page_origin: &str, page_path: &str) -> bool {
    origin
        .trim_end_matches('/')
        .eq_ignore_ascii_case(page_origin.trim_end_matches('/'))
        && matches!(page_path, "" | "/" | "/index.html")
}

/// An address typed as Dokploy's dashboard, as its origin (`https://host[:port]`): any page
/// of the dashboard may be pasted. Empty means "work it out" (`Ok(None)`). Skiff's own address
/// (when Skiff is at its origin's root) is refused: Dokploy's pages are not there.
pub fn parse(input: &str, page_origin: &str, page_path: &str) -> Result<Option<String>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let Some((scheme, rest)) = t.split_once("://") else {
        return Err(
            "Enter the address you open Dokploy at, starting with https:// (or http://).".into(),
        );
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err("The address starts with https:// or http://.".into());
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('@') {
        return Err("That address has no valid host name.".into());
    }
    let origin = format!("{scheme}://{}", host.to_ascii_lowercase());
    if is_skiff_itself(&origin, page_origin, page_path) {
        return Err(format!(
            "{origin} is where this Skiff is served: enter the address you open Dokploy itself at."
        ));
    }
    Ok(Some(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_each_eras_paths() {
        let svc = |env: Option<&str>| Page::Service {
            kind: ServiceKind::Postgres,
            id: "pg1".into(),
            project_id: "p1".into(),
            environment_id: env.map(str::to_string),
        };
        assert_eq!(
            url("https://d.example.com/", &svc(Some("e1"))),
            "https://d.example.com/dashboard/project/p1/environment/e1/services/postgres/pg1"
        );
        // Before v0.25 (no environments) the service hangs under the project.
        assert_eq!(
            svc(None).path(),
            "/dashboard/project/p1/services/postgres/pg1"
        );
        assert_eq!(
            url("https://dokploy.example.com/", &Page::Swagger),
            "https://dokploy.example.com/swagger"
        );
        assert_eq!(Page::Profile.path(), "/dashboard/settings/profile");
        assert_eq!(
            Page::Invitation("8-4l hX".into()).path(),
            "/invitation?token=8-4l%20hX"
        );
        assert_eq!(
            Page::GitProviders.path(),
            "/dashboard/settings/git-providers"
        );
    }

    #[test]
    fn the_dashboard_is_the_apis_origin_unless_skiff_is_in_front_of_the_api() {
        // Skiff beside Dokploy under /skiff, or cross-origin: the API's origin.
        assert_eq!(
            origin(
                None,
                "https://d.example.com",
                "https://d.example.com",
                "/skiff/"
            )
            .as_deref(),
            Some("https://d.example.com")
        );
        assert_eq!(
            origin(
                None,
                "https://d.example.com",
                "https://skiff.example.com",
                "/"
            )
            .as_deref(),
            Some("https://d.example.com")
        );
        // Skiff at the root of the origin the API is forwarded through: unknown, unless set.
        assert_eq!(
            origin(None, "http://127.0.0.1:8080", "http://127.0.0.1:8080", "/"),
            None
        );
        assert_eq!(
            origin(
                Some("https://d.example.com/"),
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080",
                "/"
            )
            .as_deref(),
            Some("https://d.example.com")
        );
    }

    #[test]
    fn a_typed_address_is_checked() {
        let p = |s: &str| parse(s, "http://127.0.0.1:8080", "/");
        assert_eq!(
            p(" https://D.example.com/dashboard/projects ")
                .unwrap()
                .as_deref(),
            Some("https://d.example.com")
        );
        assert_eq!(p("").unwrap(), None);
        assert!(p("d.example.com").is_err());
        assert!(p("ftp://d.example.com").is_err());
        assert!(p("https://").is_err());
        assert!(p("https://user@d.example.com").is_err());
        // Skiff's own address is not Dokploy's, unless Skiff sits under a path there.
        assert!(p("http://127.0.0.1:8080/dashboard")
            .unwrap_err()
            .contains("this Skiff"));
        assert_eq!(
            parse("https://d.example.com", "https://d.example.com", "/skiff/")
                .unwrap()
                .as_deref(),
            Some("https://d.example.com")
        );
    }
}

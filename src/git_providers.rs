//! Git providers as plain data: what each connected account is called, where it lives, and the
//! markup of Settings › Git providers (src/html.rs: every value escaped). Connecting one stays
//! in Dokploy: it needs OAuth redirects to Dokploy's own address.

use crate::api::{url_authority, ApiError};
use crate::html::{answered, Html};
use crate::model::GitAccount;
use crate::service_view::time::ago_of;

/// The kind's name: `GitHub`, `GitLab`, `Gitea`, `Bitbucket` (anything else as sent).
pub fn kind_name(provider_type: &str) -> &str {
    match provider_type {
        "github" => "GitHub",
        "gitlab" => "GitLab",
        "gitea" => "Gitea",
        "bitbucket" => "Bitbucket",
        other => other,
    }
}

/// The host an account lives on: `github.com`, `gitlab.acme.test` (`bitbucket.org` for
/// Bitbucket, which has no other).
pub fn host(p: &GitAccount) -> Option<String> {
    if p.provider_type == "bitbucket" {
        return Some("bitbucket.org".to_string());
    }
    let a = p.account()?;
    let url = a
        .github_url
        .as_deref()
        .or(a.gitlab_url.as_deref())
        .or(a.gitea_url.as_deref())?;
    let host = url_authority(url);
    (!host.is_empty()).then(|| host.to_string())
}

/// The account within the host: the GitHub App's name, the GitLab group, the Bitbucket
/// workspace or user, the Gitea user.
pub fn account(p: &GitAccount) -> Option<&str> {
    let a = p.account()?;
    [
        &a.github_app_name,
        &a.group_name,
        &a.bitbucket_workspace_name,
        &a.bitbucket_username,
        &a.gitea_username,
    ]
    .into_iter()
    .find_map(|v| v.as_deref().filter(|v| !v.is_empty()))
}

/// What is unfinished or ageing about a connection, in words (v0.30 says; the older eras do not).
pub fn warning(p: &GitAccount) -> Option<&'static str> {
    let a = p.account()?;
    if a.is_deprecated == Some(true) {
        return Some("Connected with an app password, which Bitbucket is retiring: connect it again with an API token in Dokploy.");
    }
    // v0.30 says `isConfigured: false` of every Bitbucket account (they need no OAuth step).
    if a.is_configured == Some(false) && p.provider_type != "bitbucket" {
        return Some("The connection was not finished (the app not installed or the sign-in not completed): finish it in Dokploy, or remove it.");
    }
    None
}

/// The list of Settings › Git providers: each account with its kind, host, who it is shared
/// with (v0.30) and when it was added, and a Remove button (`data-action="remove"`).
pub fn provider_rows_html(all: Option<&Result<Vec<GitAccount>, ApiError>>, now_ms: i64) -> String {
    let mut h = Html::with_capacity(800);
    let Some(list) = answered(&mut h, all, "Loading git providers…", true) else {
        return h.finish();
    };
    if list.is_empty() {
        h.raw("<p class=\"empty\" data-test=\"no-git-providers\">No git provider is connected. Connect GitHub, GitLab, Gitea or Bitbucket in Dokploy (the link above), then deploy from their private repositories.</p>");
        return h.finish();
    }
    h.raw("<div class=\"table-wrap table-wrap--flush\"><table class=\"table table--stack\"><thead><tr><th>Provider</th><th>Account</th><th>Access</th><th>Added</th><th><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
    for p in list {
        h.raw("<tr data-test=\"git-provider-row\"><td data-label=\"Provider\"><div><strong>")
            .text(&p.name)
            .raw("</strong><div class=\"small muted\">")
            .text(kind_name(&p.provider_type));
        if let Some(host) = host(p) {
            h.raw(" · ").text(&host);
        }
        h.raw("</div>");
        if let Some(w) = warning(p) {
            h.raw("<div class=\"small warn-text\" data-test=\"provider-warning\">")
                .raw(w)
                .raw("</div>");
        }
        h.raw("</div></td><td data-label=\"Account\">");
        match account(p) {
            Some(a) => h.text(a),
            None => h.raw("<span class=\"muted\">—</span>"),
        };
        h.raw("</td><td data-label=\"Access\" class=\"small\">");
        match p.shared_with_organization {
            Some(true) => h.raw("Everyone in the organization"),
            Some(false) => h.raw("Only whoever added it"),
            None => h.raw("<span class=\"muted\">—</span>"),
        };
        if p.is_owner == Some(true) {
            h.raw(" <span class=\"badge badge--kind\">Yours</span>");
        }
        h.raw("</td><td data-label=\"Added\" class=\"small\">")
            .text(&ago_of(now_ms, &p.created_at))
            .raw("</td><td class=\"actions\"><button type=\"button\" class=\"btn btn--small btn--danger\" data-test=\"remove-git-provider\" data-action=\"remove\" data-id=\"")
            .text(&p.git_provider_id)
            .raw("\">Remove</button></td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Vec<GitAccount> {
        serde_json::from_str(json).unwrap()
    }

    /// v0.18.4's row: the whole GitLab row, tokens and secret included.
    const LEGACY: &str = r#"[{"adminId":"a","bitbucket":null,"createdAt":"2026-11-04T12:02:00.815Z",
        "gitProviderId":"g1","github":null,"gitlab":{"accessToken":"fake-access-TOKEN","applicationId":"app",
        "expiresAt":1796392920,"gitProviderId":"g1","gitlabId":"l1","gitlabUrl":"https://gitlab.acme.test/",
        "groupName":"acme","redirectUri":"https://d/api/providers/gitlab/callback",
        "refreshToken":"fake-refresh-TOKEN","secret":"gloas-SECRET"},"name":"<b>Acme</b> GitLab","providerType":"gitlab"}]"#;

    /// v0.30.2's rows: summaries without secrets, `isOwner`, `sharedWithOrganization`.
    const V030: &str = r#"[{"bitbucket":null,"createdAt":"2026-10-20T12:02:00.813Z","gitProviderId":"g2","gitea":null,
        "github":{"githubAppId":1048576,"githubAppName":"skiff-demo-app","githubId":"h1","githubInstallationId":null,
        "githubUrl":"https://github.com","isConfigured":false},"gitlab":null,"isOwner":true,"name":"Demo App",
        "organizationId":"o","providerType":"github","sharedWithOrganization":false,"userId":"u"},
        {"bitbucket":{"bitbucketId":"b1","bitbucketUsername":"jo","isConfigured":false,"isDeprecated":true},
        "createdAt":"2026-10-21T12:02:00.813Z","gitProviderId":"g3","gitea":null,"github":null,"gitlab":null,
        "isOwner":false,"name":"Jo's Bitbucket","organizationId":"o","providerType":"bitbucket",
        "sharedWithOrganization":true,"userId":"u2"}]"#;

    #[test]
    fn a_legacy_row_is_read_without_its_secrets() {
        let list = decode(LEGACY);
        let debug = format!("{list:?}");
        for secret in ["TOKEN", "SECRET", "applicationId", "callback"] {
            assert!(!debug.contains(secret), "{secret} was kept: {debug}");
        }
        assert_eq!(host(&list[0]).as_deref(), Some("gitlab.acme.test"));
        assert_eq!(account(&list[0]), Some("acme"));
        assert_eq!(warning(&list[0]), None);
        let html = provider_rows_html(Some(&Ok(list)), 0);
        assert!(html.contains("&lt;b&gt;Acme&lt;/b&gt; GitLab"));
        assert!(!html.contains("<b>Acme"));
    }

    #[test]
    fn v030_rows_say_who_sees_them_and_what_is_unfinished() {
        let list = decode(V030);
        assert_eq!(host(&list[0]).as_deref(), Some("github.com"));
        assert_eq!(account(&list[0]), Some("skiff-demo-app"));
        assert!(warning(&list[0]).unwrap().contains("not finished"));
        assert_eq!(host(&list[1]).as_deref(), Some("bitbucket.org"));
        assert!(warning(&list[1]).unwrap().contains("app password"));
        let html = provider_rows_html(Some(&Ok(list)), 0);
        assert!(html.contains("Only whoever added it"));
        assert!(html.contains("Everyone in the organization"));
        assert_eq!(html.matches("data-action=\"remove\"").count(), 2);
        assert_eq!(html.matches(">Yours<").count(), 1);
    }

    #[test]
    fn none_connected_says_where_to_connect() {
        let html = provider_rows_html(Some(&Ok(Vec::new())), 0);
        assert!(html.contains("no-git-providers") && html.contains("in Dokploy"));
    }
}

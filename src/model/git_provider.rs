//! Git providers (`gitProvider.getAll`): the GitHub Apps and GitLab, Gitea and Bitbucket
//! accounts an organization connected in Dokploy. Before v0.30 each row carries its kind's
//! whole row, client secrets, private keys and tokens included; Skiff reads only the names,
//! addresses and account of each ([`ProviderAccount`]), never a secret.

use serde::Serialize;

use super::de::object;

/// A provider of `gitProvider.getAll`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GitAccount {
    pub git_provider_id: String,
    pub name: String,
    /// `github`, `gitlab`, `gitea` or `bitbucket`.
    pub provider_type: String,
    pub created_at: String,
    /// Shared with the whole organization (v0.30; `None` before).
    pub shared_with_organization: Option<bool>,
    /// Whether the caller added it (v0.30; `None` before).
    pub is_owner: Option<bool>,
    /// The user who added it (v0.24+).
    pub user_id: Option<String>,
    pub github: Option<ProviderAccount>,
    pub gitlab: Option<ProviderAccount>,
    pub gitea: Option<ProviderAccount>,
    pub bitbucket: Option<ProviderAccount>,
}

object!(GitAccount, "a git provider", {
    "gitProviderId" => git_provider_id: plain,
    "name" => name: nullable,
    "providerType" => provider_type: nullable,
    "createdAt" => created_at: nullable,
    "sharedWithOrganization" => shared_with_organization: plain,
    "isOwner" => is_owner: plain,
    "userId" => user_id: plain,
    "github" => github: plain,
    "gitlab" => gitlab: plain,
    "gitea" => gitea: plain,
    "bitbucket" => bitbucket: plain,
});

/// What Skiff reads of a provider's own row (`github`, `gitlab`, `gitea` or `bitbucket`): the
/// account and where it lives. Every other key (secrets, tokens, keys) is skipped unread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderAccount {
    pub github_app_name: Option<String>,
    pub github_url: Option<String>,
    pub github_installation_id: Option<String>,
    pub gitlab_url: Option<String>,
    pub group_name: Option<String>,
    pub gitea_url: Option<String>,
    pub gitea_username: Option<String>,
    pub bitbucket_username: Option<String>,
    pub bitbucket_workspace_name: Option<String>,
    /// v0.30: whether the connection was completed (the app installed, the OAuth done).
    pub is_configured: Option<bool>,
    /// v0.30, Bitbucket: connected with an app password, which Bitbucket retires.
    pub is_deprecated: Option<bool>,
}

object!(ProviderAccount, "a git provider's account", {
    "githubAppName" => github_app_name: plain,
    "githubUrl" => github_url: plain,
    "githubInstallationId" => github_installation_id: plain,
    "gitlabUrl" => gitlab_url: plain,
    "groupName" => group_name: plain,
    "giteaUrl" => gitea_url: plain,
    "giteaUsername" => gitea_username: plain,
    "bitbucketUsername" => bitbucket_username: plain,
    "bitbucketWorkspaceName" => bitbucket_workspace_name: plain,
    "isConfigured" => is_configured: plain,
    "isDeprecated" => is_deprecated: plain,
});

impl GitAccount {
    /// The row of its kind, whichever it is.
    pub fn account(&self) -> Option<&ProviderAccount> {
        self.github
            .as_ref()
            .or(self.gitlab.as_ref())
            .or(self.gitea.as_ref())
            .or(self.bitbucket.as_ref())
    }
}

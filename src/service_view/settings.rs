//! The application's source, build and runtime settings as editable forms, and the request
//! bodies they produce.

use crate::api::{ApplicationUpdate, BuildSettings, DockerProvider, GitProvider};
use crate::model::{Application, BuildType, SourceType};

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Where the application's code or image comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceForm {
    /// `docker`, `git`, or `other` (GitHub, GitLab, ... set up in Dokploy: shown read-only).
    pub provider: String,
    pub image: String,
    pub registry_url: String,
    pub username: String,
    pub password: String,
    pub git_url: String,
    pub git_branch: String,
    pub git_build_path: String,
}

/// What an application is built from, in words, or `None` while it has no source yet: Dokploy
/// creates every application with the source GitHub and no repository, and an image or Git
/// URL left empty is no source either.
pub fn source_summary(app: &Application) -> Option<String> {
    fn set(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    match app.source_type.as_ref()? {
        SourceType::Docker => set(&app.docker_image).map(|i| format!("Docker image {i}")),
        SourceType::Git => set(&app.custom_git_url).map(|url| match set(&app.custom_git_branch) {
            Some(b) => format!("{url} ({b})"),
            None => url.to_string(),
        }),
        SourceType::Drop => Some("An uploaded archive (Drop)".into()),
        other => {
            let repo = set(&app.repository)?;
            let mut out = format!("{} ", other.label());
            if let Some(owner) = set(&app.owner) {
                out.push_str(owner);
                out.push('/');
            }
            out.push_str(repo);
            if let Some(b) = set(&app.branch) {
                out.push_str(&format!(" ({b})"));
            }
            Some(out)
        }
    }
}

impl SourceForm {
    pub fn of(app: &Application) -> Self {
        // A provider Skiff cannot edit (GitHub, GitLab, ...) is shown as it is only when it
        // names a repository; with none, the form offers the sources Skiff can set.
        let provider = match app.source_type {
            Some(SourceType::Docker) => "docker",
            Some(SourceType::Git) => "git",
            None => "docker",
            Some(_) if source_summary(app).is_some() => "other",
            Some(_) => "docker",
        };
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        SourceForm {
            provider: provider.to_string(),
            image: s(&app.docker_image),
            registry_url: s(&app.registry_url),
            username: s(&app.username),
            password: s(&app.password),
            git_url: s(&app.custom_git_url),
            git_branch: app
                .custom_git_branch
                .clone()
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| "main".into()),
            git_build_path: app
                .custom_git_build_path
                .clone()
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| "/".into()),
        }
    }

    /// The problem with the form, if any.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        match self.provider.as_str() {
            "docker" if self.image.trim().is_empty() => Some((
                "dockerImage",
                "Enter the image, e.g. nginx:1.27 or ghcr.io/acme/app:1.0.".into(),
            )),
            "docker" if self.image.trim().contains(char::is_whitespace) => {
                Some(("dockerImage", "An image name has no spaces.".into()))
            }
            "git" if self.git_url.trim().is_empty() => Some((
                "customGitUrl",
                "Enter the repository URL (https://… or git@…).".into(),
            )),
            "git" if self.git_branch.trim().is_empty() => {
                Some(("customGitBranch", "Enter the branch to build.".into()))
            }
            _ => None,
        }
    }

    pub fn docker(&self, id: &str) -> DockerProvider {
        DockerProvider {
            application_id: id.to_string(),
            docker_image: opt(&self.image),
            username: opt(&self.username),
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            registry_url: opt(&self.registry_url),
        }
    }

    /// Keeps the watch paths and submodule setting the application already has.
    pub fn git(&self, app: &Application) -> GitProvider {
        GitProvider {
            application_id: app.application_id.clone(),
            custom_git_url: opt(&self.git_url),
            custom_git_branch: self.git_branch.trim().to_string(),
            custom_git_build_path: opt(&self.git_build_path).or_else(|| Some("/".into())),
            watch_paths: app.watch_paths.clone().unwrap_or_default(),
            enable_submodules: app.enable_submodules.unwrap_or(false),
            custom_git_ssh_key_id: app.custom_git_ssh_key_id.clone(),
        }
    }
}

/// How the application is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildForm {
    pub build_type: String,
    pub dockerfile: String,
    pub context_path: String,
    pub build_stage: String,
    pub publish_directory: String,
    pub heroku_version: String,
    pub railpack_version: String,
    pub static_spa: bool,
}

/// The build types offered, with labels.
pub const BUILD_TYPES: [(&str, &str); 6] = [
    ("nixpacks", "Nixpacks"),
    ("dockerfile", "Dockerfile"),
    ("railpack", "Railpack"),
    ("heroku_buildpacks", "Heroku buildpacks"),
    ("paketo_buildpacks", "Paketo buildpacks"),
    ("static", "Static files"),
];

impl BuildForm {
    pub fn of(app: &Application) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        BuildForm {
            build_type: app
                .build_type
                .as_ref()
                .map(|b| b.as_str().to_string())
                .unwrap_or_else(|| "nixpacks".into()),
            dockerfile: s(&app.dockerfile),
            context_path: s(&app.docker_context_path),
            build_stage: s(&app.docker_build_stage),
            publish_directory: s(&app.publish_directory),
            heroku_version: s(&app.heroku_version),
            railpack_version: s(&app.railpack_version),
            static_spa: app.is_static_spa.unwrap_or(false),
        }
    }

    pub fn settings(&self, id: &str) -> BuildSettings {
        let bt = BuildType::parse(&self.build_type);
        let is = |t: &str| self.build_type == t;
        BuildSettings {
            application_id: id.to_string(),
            build_type: bt,
            dockerfile: if is("dockerfile") {
                opt(&self.dockerfile).or_else(|| Some("Dockerfile".into()))
            } else {
                opt(&self.dockerfile)
            },
            docker_context_path: opt(&self.context_path),
            docker_build_stage: opt(&self.build_stage),
            heroku_version: opt(&self.heroku_version),
            railpack_version: opt(&self.railpack_version),
            publish_directory: opt(&self.publish_directory),
            is_static_spa: is("static").then_some(self.static_spa),
        }
    }
}

/// Name, description, command and replicas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeForm {
    pub name: String,
    pub description: String,
    pub command: String,
    pub replicas: String,
}

impl RuntimeForm {
    pub fn of(app: &Application) -> Self {
        RuntimeForm {
            name: app.name.clone(),
            description: app.description.clone().unwrap_or_default(),
            command: app.command.clone().unwrap_or_default(),
            replicas: app.replicas.unwrap_or(1).to_string(),
        }
    }

    pub fn problem(&self) -> Option<(&'static str, String)> {
        if self.name.trim().is_empty() {
            return Some(("name", "The application needs a name.".into()));
        }
        match self.replicas.trim().parse::<u32>() {
            Ok(n) if n <= 100 => None,
            _ => Some(("replicas", "Replicas: a whole number from 0 to 100.".into())),
        }
    }

    pub fn update(&self, id: &str) -> ApplicationUpdate {
        ApplicationUpdate {
            application_id: id.to_string(),
            name: Some(self.name.trim().to_string()),
            description: Some(self.description.trim().to_string()),
            command: Some(self.command.trim().to_string()),
            replicas: self.replicas.trim().parse().ok(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> Application {
        Application {
            application_id: "a1".into(),
            name: "web".into(),
            source_type: Some(SourceType::Docker),
            docker_image: Some("ghcr.io/acme/api:1.0".into()),
            username: Some("bot".into()),
            password: Some("reg-pw".into()),
            watch_paths: Some(vec!["src/**".into()]),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_application_has_no_source_yet() {
        // What Dokploy creates: source GitHub, no repository, no owner, empty branch.
        let new = Application {
            source_type: Some(SourceType::Github),
            branch: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(source_summary(&new), None);
        assert_eq!(SourceForm::of(&new).provider, "docker");
        let mut empty_image = app();
        empty_image.docker_image = Some(" ".into());
        assert_eq!(source_summary(&empty_image), None);
        assert_eq!(
            source_summary(&app()).as_deref(),
            Some("Docker image ghcr.io/acme/api:1.0")
        );
        let gh = Application {
            source_type: Some(SourceType::Github),
            owner: Some("acme".into()),
            repository: Some("web".into()),
            branch: Some("main".into()),
            ..Default::default()
        };
        assert_eq!(
            source_summary(&gh).as_deref(),
            Some("GitHub acme/web (main)")
        );
        assert_eq!(SourceForm::of(&gh).provider, "other");
    }

    #[test]
    fn docker_source_keeps_the_registry_password() {
        let f = SourceForm::of(&app());
        assert_eq!(f.provider, "docker");
        let body = f.docker("a1");
        assert_eq!(body.password.as_deref(), Some("reg-pw"));
        assert_eq!(body.docker_image.as_deref(), Some("ghcr.io/acme/api:1.0"));
        assert_eq!(body.registry_url, None);
    }

    #[test]
    fn git_source_keeps_watch_paths() {
        let mut a = app();
        a.source_type = Some(SourceType::Git);
        let mut f = SourceForm::of(&a);
        assert_eq!(f.provider, "git");
        assert_eq!(f.git_branch, "main");
        assert!(f.problem().is_some());
        f.git_url = "https://git.acme.test/app.git".into();
        assert!(f.problem().is_none());
        let g = f.git(&a);
        assert_eq!(g.watch_paths, vec!["src/**".to_string()]);
        assert_eq!(g.custom_git_build_path.as_deref(), Some("/"));
        a.source_type = Some(SourceType::Github);
        // GitHub without a repository is no source yet: the form offers the ones Skiff sets.
        assert_eq!(SourceForm::of(&a).provider, "docker");
        a.repository = Some("app".into());
        assert_eq!(SourceForm::of(&a).provider, "other");
    }

    #[test]
    fn build_settings() {
        let mut f = BuildForm::of(&app());
        assert_eq!(f.build_type, "nixpacks");
        f.build_type = "dockerfile".into();
        let s = f.settings("a1");
        assert_eq!(s.build_type, BuildType::Dockerfile);
        assert_eq!(s.dockerfile.as_deref(), Some("Dockerfile"));
        assert_eq!(s.is_static_spa, None);
        f.build_type = "static".into();
        f.static_spa = true;
        assert_eq!(f.settings("a1").is_static_spa, Some(true));
    }

    #[test]
    fn runtime() {
        let mut f = RuntimeForm::of(&app());
        assert_eq!(f.replicas, "1");
        assert!(f.problem().is_none());
        f.replicas = "x".into();
        assert_eq!(f.problem().unwrap().0, "replicas");
        f.replicas = "3".into();
        assert_eq!(f.update("a1").replicas, Some(3));
        f.name = " ".into();
        assert_eq!(f.problem().unwrap().0, "name");
    }
}

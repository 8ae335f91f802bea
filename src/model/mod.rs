//! Serde types for Dokploy answers, tolerant of every API era Skiff supports
//! (v0.18 Bearer + flat projects, v0.24 x-api-key + flat projects, v0.25+ environments).
//!
//! No Leptos imports here: everything is plain data with host tests. Unknown fields are
//! ignored, nullable fields are `Option`, and string enums Dokploy may extend keep an
//! `Other(String)` case.

pub(crate) mod de;
pub mod maps;

pub use de::Present;

pub mod application;
pub mod backup;
pub mod certificate;
pub mod container;
pub mod database;
pub mod deployment;
pub mod git_provider;
pub mod notification;
pub mod people;
pub mod project;
pub mod registry;
pub mod server;
pub mod service;
pub mod tag;
pub mod user;
pub mod version;

pub use application::{Application, BuildType, Compose, SourceType};
pub use backup::{Backup, BackupFile, BackupRun, Destination, Schedule, ScheduleRun, VolumeBackup};
pub use certificate::Certificate;
pub use container::Container;
pub use database::{CreatedDatabase, Database};
pub use deployment::{
    CertificateType, Deployment, DeploymentStatus, Domain, Mount, MountType, Owner, Port,
    PreviewDeployment, QueueData, QueueJob, Redirect, RunMark, Security,
};
pub use git_provider::{GitAccount, ProviderAccount};
pub use notification::{Channel, Notification};
pub use people::{AuditEntry, AuditLog, Invitation, LegacyUser};
pub use project::{CreatedProject, Environment, Project, ServiceRow};
pub use registry::{KeyPair, Registry, SshKey};
pub use server::{MetricsConfig, Server, ServerMetricsConfig, ServerSample};
pub use service::{ServiceKind, ServiceStatus, ServiceSummary};
pub use tag::{ProjectTag, Tag};
pub use user::{
    ApiKey, AuthToken, CreatedApiKey, Member, MemberRole, Organization, Permissions, User,
};
pub use version::{DokployVersion, Health};

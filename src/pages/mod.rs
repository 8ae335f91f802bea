//! One module per route.

mod activity;
mod admin;
mod backups;
pub(crate) mod bulk;
mod certificates;
mod connect;
mod doctor;
mod instances;
pub(crate) mod live;
mod project;
mod project_dialogs;
mod projects;
mod registries;
pub(crate) mod service;
mod services;
pub(crate) mod settings;
mod ssh_keys;
mod status;
pub(crate) mod tags;

pub use activity::ActivityPage;
pub use admin::AdminPage;
pub use backups::{AllBackupsPage, BackupsPage};
pub use certificates::CertificatesPage;
pub use connect::ConnectPage;
pub use doctor::DoctorPage;
pub use instances::InstancesPage;
pub use project::ProjectPage;
pub use project_dialogs::project_dialog;
pub use projects::{prefetch, prefetch_settled, Dialog, DialogCtx, ProjectsPage, PENDING_DIALOG};
pub use registries::RegistriesPage;
pub use service::ServicePage;
pub use services::ServicesPage;
pub use ssh_keys::SshKeysPage;
pub use status::{KeyNeeded, NotFound, UnknownInstance};
pub use tags::TagsPage;

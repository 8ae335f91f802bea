//! One module per route.

mod admin;
mod connect;
mod doctor;
mod instances;
mod project;
mod projects;
mod service;
mod status;

pub use admin::AdminPage;
pub use connect::ConnectPage;
pub use doctor::DoctorPage;
pub use instances::InstancesPage;
pub use project::ProjectPage;
pub use projects::{prefetch, ProjectsPage};
pub use service::ServicePage;
pub use status::{KeyNeeded, KeyNeededProps, NotFound, UnknownInstance, UnknownInstanceProps};

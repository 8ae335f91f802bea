//! Serde types for Dokploy answers, tolerant of every API era Skiff supports
//! (v0.18 Bearer + flat projects, v0.24 x-api-key + flat projects, v0.25+ environments).
//!
//! No Leptos imports here: everything is plain data with host `#[test]`s.

mod de;
pub mod project;
pub mod service;
pub mod version;

pub use project::{CreatedProject, Environment, Project, ServiceRow};
pub use service::{ServiceKind, ServiceStatus, ServiceSummary};
pub use version::{DokployVersion, Health};

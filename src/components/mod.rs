//! Reusable view pieces.

mod confirm;
mod dokploy_link;
mod env_editor;
mod error_view;
pub mod field;
mod figures;
mod kept;
mod log_view;
mod masked;
mod secret;
mod status;
mod tabs;

pub use confirm::ConfirmDialog;
pub use dokploy_link::{dashboard_url, DokployLink};
pub use env_editor::{EnvEditor, SaveEnv};
pub use error_view::{ErrorToast, ErrorView, Loading};
pub use figures::figures_table;
pub use kept::{age_text, before_answer, kept_markup};
pub use log_view::LogView;
pub use masked::MaskedValue;
pub use secret::{copy_text, CopyButton, SecretText};
pub use status::StatusBadge;
pub use tabs::{Tab, TabBar};

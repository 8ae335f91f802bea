//! Reusable view pieces.

mod confirm;
mod error_view;
mod secret;
mod status;

pub use confirm::ConfirmDialog;
pub use error_view::{ErrorView, Loading};
pub use secret::{CopyButton, SecretText};
pub use status::{KindBadge, StatusBadge};

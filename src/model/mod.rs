//! Serde types for Dokploy answers.

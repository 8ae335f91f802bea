//! Skiff: a web dashboard for Dokploy.
pub mod model;

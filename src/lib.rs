//! Skiff: a fast, light web dashboard for Dokploy.
//!
//! `model` and `api` (request building, errors) and the pure view logic (`routes`, `overview`,
//! `state::instances`) compile and are tested on the host; the Leptos UI is built for wasm32.

pub mod admin_logic;
pub mod api;
pub mod certificates;
pub mod cron;
pub mod dashboard;
pub mod doctor;
pub mod duplicate;
pub mod fleet;
pub mod float;
pub mod git_providers;
pub mod html;
pub mod kept;
pub mod model;
pub mod notifications;
pub mod order;
pub mod overview;
pub mod palette;
pub mod people;
pub mod registries;
pub mod routes;
pub mod servers;
pub mod service_view;
pub mod state;
pub mod tags;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod crash;
#[cfg(target_arch = "wasm32")]
pub mod handoff;
#[cfg(target_arch = "wasm32")]
pub mod pages;

/// The browser build's memory allocator: Talc rather than Rust's default for wasm (dlmalloc):
/// 0.3 KB smaller in the first view, and quicker where the overview allocates most (decoding
/// and preparing 10,000 services; BENCHMARKS.md, "The allocator").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

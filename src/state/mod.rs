//! Session and instances (browser storage), with `provide_*` / `use_*` helpers.

pub mod crypto;
pub mod instances;
pub mod timing;

#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod era;
#[cfg(target_arch = "wasm32")]
pub mod keep;
#[cfg(target_arch = "wasm32")]
pub mod location;
#[cfg(target_arch = "wasm32")]
pub mod ping;
#[cfg(target_arch = "wasm32")]
pub mod poll;
#[cfg(target_arch = "wasm32")]
pub mod reach;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
pub mod storage;

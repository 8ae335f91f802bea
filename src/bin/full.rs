//! Skiff's pages but the settings, started by another build when a page needs more than it
//! carries (src/handoff.rs). Built for wasm32 by Trunk beside src/main.rs.

#[cfg(target_arch = "wasm32")]
fn main() {
    skiff::crash::install();
    wasm_bindgen_futures::spawn_local(async { skiff::app::mount() });
}

/// Mounts the full build again when the settings hand a page back to it (src/handoff.rs).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn skiff_mount() {
    skiff::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Skiff is a web app: run scripts/run to build it and open it against the sandbox.");
}

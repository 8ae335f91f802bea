//! The instance's settings (API access, tags), started by another build when one of their
//! pages opens (src/handoff.rs). Built for wasm32 by Trunk beside src/main.rs.

#[cfg(target_arch = "wasm32")]
fn main() {
    skiff::crash::install();
    wasm_bindgen_futures::spawn_local(async { skiff::app::mount_settings() });
}

/// Mounts the settings again when another build hands a page back to them (src/handoff.rs).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn skiff_mount() {
    skiff::app::mount_settings();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Skiff is a web app: run scripts/run to build it and open it against the sandbox.");
}

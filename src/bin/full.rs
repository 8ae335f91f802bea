//! The whole of Skiff, started by the first view when a page needs more than the projects
//! overview (src/handoff.rs). Built for wasm32 by Trunk beside src/main.rs.

#[cfg(target_arch = "wasm32")]
fn main() {
    skiff::crash::install();
    wasm_bindgen_futures::spawn_local(async { skiff::app::mount() });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Skiff is a web app: run scripts/run to build it and open it against the sandbox.");
}

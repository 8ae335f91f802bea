//! Mounts Skiff. Built for wasm32 by Trunk; on the host there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    skiff::crash::install();
    skiff::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Skiff is a web app: run scripts/run to build it and open it against the sandbox.");
}

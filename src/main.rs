//! Skiff's first view: the shell and the projects overview (src/handoff.rs explains the two
//! builds). Built for wasm32 by Trunk; on the host there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    skiff::crash::install();
    // For scripts/bench: when the wasm starts running.
    skiff::state::dom::mark("skiff:wasm-start");
    // The projects overview's request leaves first (or is taken over from index.html, which
    // sent it with the page); the app mounts when its answer is in (a quick instance: one
    // paint, of the list), or after 150 ms (a slow one: the shell and a loading line meanwhile).
    skiff::pages::prefetch();
    wasm_bindgen_futures::spawn_local(async {
        skiff::pages::prefetch_settled(std::time::Duration::from_millis(150)).await;
        skiff::handoff::mount_first_view()
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Skiff is a web app: run scripts/run to build it and open it against the sandbox.");
}

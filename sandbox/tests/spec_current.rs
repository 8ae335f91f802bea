//! `src/spec.rs` is exactly what `tools/gen_spec.py` makes of the vendored OpenAPI documents, so
//! the sandbox's request contract cannot drift from the recordings it was generated from.

use std::path::PathBuf;
use std::process::Command;

const DOCS: [&str; 3] = [
    "recordings/dokploy/v0.30.2/settings.getOpenApiDocument.json",
    "recordings/dokploy/legacy/v0.18.4/settings.getOpenApiDocument.json",
    "recordings/dokploy/legacy/v0.24.12/settings.getOpenApiDocument.json",
];

#[test]
fn spec_rs_is_generated_from_the_vendored_openapi_documents() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the sandbox crate sits in the repository")
        .to_path_buf();
    let command = format!(
        "python3 sandbox/tools/gen_spec.py {} > sandbox/src/spec.rs",
        DOCS.join(" ")
    );
    let out = Command::new("python3")
        .arg("sandbox/tools/gen_spec.py")
        .args(DOCS)
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("python3 does not start ({e}); the check runs `{command}`"));
    assert!(
        out.status.success(),
        "`{command}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8(out.stdout).expect("the generator writes UTF-8");
    let committed =
        std::fs::read_to_string(root.join("sandbox/src/spec.rs")).expect("sandbox/src/spec.rs");
    if generated != committed {
        let line = generated
            .lines()
            .zip(committed.lines())
            .position(|(g, c)| g != c)
            .map_or_else(|| "its end".to_string(), |i| format!("line {}", i + 1));
        panic!(
            "sandbox/src/spec.rs is not what the generator makes of the recordings (first \
             difference at {line}); regenerate it from the repository's root with:\n  {command}"
        );
    }
}

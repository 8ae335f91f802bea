//! A fresh clone passes its tests with nothing beside it: no code, test, script or document reads
//! (or tells you to read) data outside the checkout. Recordings of real Dokploy servers arrive
//! outside it and are copied into `recordings/` by `scripts/sync-recordings`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What reads outside the checkout: the folder recordings arrive in, this machine's paths, and
/// paths climbing out of a crate.
/// (Spelled in two halves, so that a search of the tree for them finds no reader here.)
const OUTSIDE: [&str; 4] = [
    concat!("..", "/shared"),
    "shared/dokploy",
    "/work/",
    "join(\"../..",
];

/// The files where a line running `scripts/sync-recordings` may name the folder recordings
/// arrive in as its example source argument.
const SYNC_EXAMPLES: [&str; 2] = ["recordings/README.md", "scripts/sync-recordings"];

/// This file, which has to spell the patterns out.
const SELF: &str = "tests/self_contained.rs";

fn checked(rel: &str) -> bool {
    const EXTENSIONS: [&str; 8] = [".rs", ".mjs", ".js", ".py", ".sh", ".toml", ".md", ".html"];
    rel.starts_with("scripts/")
        || rel.starts_with(".ci/")
        || EXTENSIONS.iter().any(|ext| rel.ends_with(ext))
}

fn allowed(rel: &str, line: &str, pattern: &str) -> bool {
    rel == SELF
        || (SYNC_EXAMPLES.contains(&rel)
            && pattern != "/work/"
            && line.contains("scripts/sync-recordings")
            && line.contains(concat!("..", "/shared/dokploy")))
}

/// The repository's files, relative to its root: `git ls-files`, or without git a walk of the
/// tree that skips build output and dependencies.
fn repository_files(root: &Path) -> Vec<String> {
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|out| out.status.success());
    if let Some(out) = listed {
        return String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|rel| !rel.is_empty())
            .map(str::to_string)
            .collect();
    }
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = dir.join(entry.file_name());
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                if !["target", "node_modules", "dist", ".git"].contains(&name.as_str()) {
                    dirs.push(rel);
                }
            } else {
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

#[test]
fn nothing_reads_outside_the_checkout() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = repository_files(root);
    assert!(
        files.iter().any(|f| f == SELF),
        "the file list misses {SELF}"
    );
    let mut found = Vec::new();
    for rel in files.iter().filter(|rel| checked(rel)) {
        let Ok(bytes) = std::fs::read(root.join(rel)) else {
            continue; // listed but deleted in the working tree
        };
        for (n, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
            let hits: Vec<String> = OUTSIDE
                .iter()
                .filter(|pattern| line.contains(*pattern) && !allowed(rel, line, pattern))
                .map(|pattern| format!("{pattern:?}"))
                .collect();
            if !hits.is_empty() {
                found.push(format!(
                    "{rel}:{}: {}: {}",
                    n + 1,
                    hits.join(", "),
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "reads outside the checkout: copy the data into recordings/ (scripts/sync-recordings)\n{}",
        found.join("\n")
    );
}

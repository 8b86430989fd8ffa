//! The golden case files, shared by the core's and the CLI's tests
//! (included with `#[path]`).

use std::fs;
use std::path::{Path, PathBuf};

/// Every case file under `tests/cases` (not the `*.out.json` snapshots), sorted.
pub fn case_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".out.json")
            {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases"),
        &mut out,
    );
    out.sort();
    out
}

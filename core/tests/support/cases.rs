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

/// The output with its `parameters_sha256` masked: golden snapshots do not
/// pin the packs' hash, so that editing a pack does not churn every
/// snapshot (one test pins it for a fixed test pack).
#[allow(dead_code)]
pub fn mask(out: &str) -> String {
    const KEY: &str = "\"parameters_sha256\": \"";
    match out.find(KEY) {
        Some(at) => {
            let start = at + KEY.len();
            let end = out[start..].find('"').map_or(out.len(), |e| start + e);
            format!("{}(masked){}", &out[..start], &out[end..])
        }
        None => out.to_owned(),
    }
}

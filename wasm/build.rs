//! Lists the golden cases (`tests/cases/**/*.json` with a sibling
//! `*.out.json` written by the native core) for the wasm-bindgen tests, which
//! cannot read files at run time: `$OUT_DIR/golden_cases.rs` holds one
//! `(name, include_str!(case), include_str!(snapshot))` per case, and the
//! JSON files a case may name as `params` (everything under `regions/` and
//! `tests/`, by path from the workspace root).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo"))
        .parent()
        .expect("wasm/ lives in the workspace root")
        .to_path_buf();
    let cases = root.join("tests").join("cases");
    println!("cargo::rerun-if-changed={}", cases.display());
    println!("cargo::rerun-if-changed={}", root.join("regions").display());

    let mut inputs = Vec::new();
    collect(&cases, &mut inputs);
    inputs.sort();

    let mut out = String::from("/// Golden cases: (name, input JSON, native snapshot).\n");
    out.push_str("pub const CASES: &[(&str, &str, &str)] = &[\n");
    for input in &inputs {
        let snapshot = input.with_extension("out.json");
        if !snapshot.is_file() {
            continue;
        }
        let name = input
            .strip_prefix(&cases)
            .unwrap_or(input)
            .display()
            .to_string();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?}), include_str!({:?})),",
            input.display().to_string(),
            snapshot.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");

    let mut files = Vec::new();
    collect(&root.join("regions"), &mut files);
    collect(&root.join("tests"), &mut files);
    files.sort();
    files.dedup();
    out.push_str("/// Files a case may load as `params`: (path from the workspace root, text).\n");
    out.push_str("pub const FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("golden_cases.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

/// Every `*.json` under `dir` that is not itself a snapshot (`*.out.json`).
fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            collect(&path, found);
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".json") && !name.ends_with(".out.json") {
                println!("cargo::rerun-if-changed={}", path.display());
                found.push(path);
            }
        }
    }
}

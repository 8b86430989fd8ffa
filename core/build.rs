//! Embeds the region packs in `regions/*.json` into the crate, so builds
//! carry their data without reading files at run time: every pack natively
//! and with the `all-packs` feature; only the national base `CN` in a WASM
//! build without it (the web page fetches a region's pack when needed).
//!
//! Where the packs are: the workspace's `regions/` is the one source of
//! truth; `core/regions` is a symbolic link to it, which `cargo package`
//! follows, so the published crate carries the packs as files in its own
//! `regions/`. A checkout without symbolic links (Git on Windows writes the
//! link as a small text file) has no directory there: the build then reads
//! `../regions` directly. The name table `regions/names.tsv` is found the
//! same way (`DIBAO_REGIONS_DIR`, for `include_str!` in params/names.rs).

use std::env;
use std::fs;
use std::path::PathBuf;

include!("slim.rs");

fn main() {
    // Without `full-packs` (WASM), the packs are embedded slim: see slim.rs.
    let full = env::var_os("CARGO_FEATURE_FULL_PACKS").is_some();
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=slim.rs");
    let dir = regions_dir();
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rustc-env=DIBAO_REGIONS_DIR={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    // A build without its packs would compile and know no region: refuse it.
    assert!(
        files.iter().any(|p| p.ends_with("CN.json")),
        "dibao: no region packs in {} (the national base regions/CN.json is missing)",
        dir.display()
    );
    let all = env::var_os("CARGO_FEATURE_ALL_PACKS").is_some()
        || env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32");
    if !all {
        files.retain(|p| p.file_name().is_some_and(|n| n == "CN.json"));
    }
    files.sort();
    let mut out = String::from("/// Every shipped pack: (file name, contents).\npub(crate) static BUILTIN_PACKS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        let abs = if full {
            fs::canonicalize(f).unwrap()
        } else {
            let slim_file = out_dir.join(format!("slim-{name}"));
            fs::write(&slim_file, slim(&fs::read_to_string(f).unwrap())).unwrap();
            slim_file
        };
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = out_dir.join("builtin_packs.rs");
    fs::write(dest, out).unwrap();
}

/// The packs' directory: the crate's own `regions/` (the link into the
/// workspace, or the packaged copy), else the workspace's.
fn regions_dir() -> PathBuf {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let own = manifest.join("regions");
    let dir = if own.is_dir() {
        own
    } else {
        manifest.join("..").join("regions")
    };
    // Absolute, so that `include_str!` finds it from any source file.
    fs::canonicalize(&dir).unwrap_or(dir)
}

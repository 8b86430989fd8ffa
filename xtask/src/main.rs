//! Project commands, run as `cargo xtask <command>` (the alias lives in
//! `.cargo/config.toml`), so they work wherever cargo does, Windows included.
//!
//! - `cargo xtask test`  — every test: the native unit, golden, property and
//!   CLI tests, doc tests and the doc build, the library as others link it
//!   (the `serde` feature and its example, the core without default
//!   features, `cargo package`), then the WASM and browser suites (`--quick`:
//!   native only). Formatting and lints are `.ci/run`'s.
//! - `cargo xtask serve` — the README's main command: installs what the web
//!   face needs, builds it, serves the built site on 127.0.0.1.
//! - `cargo xtask web` — build the static site (`www/` minified, the WASM module,
//!   the region data) into `target/site/`.
//!   (`--package`: also the npm package `dibao-calculator`, see npm.rs).
//! - `cargo xtask web-bench` — measure the page (sizes, first result, assess time).
//! - `cargo xtask fuzz [SECONDS] [TARGET…]` — the fuzz targets (fuzz/, docs/fuzzing.md).
//! - `cargo xtask bless` — rewrite the golden snapshots from the native core.
//! - `cargo xtask gen-caseload N SEED OUT` — a synthetic caseload (CSV or JSON Lines).
//! - `cargo xtask batch-bench [N] [--rounds K]` — the docs/batch-status.md batch bars, measured.
//! - `cargo xtask assess-lines IN.jsonl [OUT]` — the native core on each JSON line, §5 JSON out.
//! - `cargo xtask bench-vs-openfisca [N]` — dibao against OpenFisca and the floor.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

mod batch_bench;
mod differential;
mod fuzz;
mod gen;
mod npm;
mod openfisca;
mod web;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let rest = &args[args.len().min(1)..];
    let result = match args.first().map(String::as_str) {
        Some("test") => test(rest),
        Some("serve") => web::serve(rest),
        Some("web") => web::build(rest),
        Some("web-bench") => web::bench(rest),
        Some("web-test") => web::test(rest),
        Some("bless") => bless(),
        Some("gen-caseload") => gen::command(rest),
        Some("batch-bench") => batch_bench::command(rest),
        Some("assess-lines") => differential::command(rest),
        Some("bench-vs-openfisca") => openfisca::command(rest),
        Some("fuzz") => fuzz::command(rest),
        Some("floor") => openfisca::floor(rest),
        Some("help") | Some("--help") | Some("-h") | None => {
            println!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    if let Err(message) = result {
        eprintln!("xtask: {message}");
        exit(1);
    }
}

const HELP: &str = "\
cargo xtask <command>

  serve   build what is needed and serve the calculator on 127.0.0.1
  test    run every test: native unit, golden, property and CLI tests, doc tests, the
          doc build, the serde feature and its example, the core without default
          features, `cargo package -p dibao`, then the WASM and browser suites
          (--quick: native only).
          It runs no formatter, lint or fuzzer: .ci/run adds `cargo fmt --check`,
          `cargo clippy -D warnings` and `cargo xtask fuzz 10`.
  web     build the static site into target/site/: www/ (scripts and styles minified),
          the WASM module (pkg/) and the region data (regions/)
          (--package: also the npm package dibao-calculator in target/npm/)
  web-test   only the WASM and browser tests (part of `test`): golden cases in WASM,
             the page and the element in Chromium, accessibility (axe-core, keyboard),
             native ≡ WASM on 10,000 generated households, 100,000-assessment session
  web-bench  measure the page: gzip size, time to first result, in-browser assess time
  fuzz [SECONDS] [TARGET…]   the fuzz targets of fuzz/ (household_json, jsonl_batch,
          csv_caseload, region_pack), each SECONDS (default 60) from a corpus seeded
          with the golden inputs, examples, packs and regressions; installs the nightly
          toolchain and cargo-fuzz 0.13.1 (target/tools/) if missing (docs/fuzzing.md).
          Not part of `test`; .ci/run runs `fuzz 10`.
  bless   regenerate the golden snapshots (tests/cases/**/*.out.json)
  gen-caseload N SEED OUT.csv|OUT.jsonl   a synthetic caseload, deterministic for SEED
  batch-bench [N] [--rounds K]   `dibao batch` over N (default 1,000,000) households
                    from CSV and JSON Lines on one core and two: households/s and
                    peak memory; then K rounds (default 5) of the scaling against
                    two processes at once (the machine's ceiling)
  assess-lines IN.jsonl [OUT]   the native core on each household line: its §5 JSON
                    (or errors JSON) as a JSON text sequence (RFC 7464), for comparing
                    with the WASM module
  bench-vs-openfisca [N]   dibao, OpenFisca (own venv) and the bare floor on the same
                    N (default 100,000) households: times, ratios, totals to the fen";

/// The workspace root: the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Runs a command in the workspace root, echoing it; fails on a non-zero exit.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_in(&root(), program, args, &[])
}

/// Runs a command in `dir` with extra environment variables.
pub fn run_in(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().copied())
        .status()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn test(args: &[String]) -> Result<(), String> {
    let cargo = cargo();
    let quick = args.iter().any(|a| a == "--quick");
    run(&cargo, &["test", "--workspace", "--all-targets"])?;
    run(&cargo, &["test", "--workspace", "--doc"])?;
    library(&cargo)?;
    run_in(
        &root(),
        &cargo,
        &["doc", "--no-deps", "-p", "dibao", "--features", "serde"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    if !quick {
        web::test(args)?;
    }
    Ok(())
}

/// The crate as others link it (docs/api.md): the `serde` feature's tests,
/// its example program and the crate documentation's serde example; the core without its default features (no
/// serde, no embedded name table); and the package a stranger downloads,
/// which must carry every region pack.
fn library(cargo: &str) -> Result<(), String> {
    run(
        cargo,
        &[
            "test",
            "-p",
            "dibao",
            "--features",
            "serde",
            "--lib",
            "--test",
            "serde",
        ],
    )?;
    run(
        cargo,
        &[
            "run",
            "-q",
            "-p",
            "dibao",
            "--features",
            "serde",
            "--example",
            "caseload",
        ],
    )?;
    run(
        cargo,
        &["test", "-p", "dibao", "--features", "serde", "--doc"],
    )?;
    run(cargo, &["build", "-p", "dibao", "--no-default-features"])?;
    package(cargo)
}

/// `cargo package -p dibao`: every `regions/*.json` and the name table are
/// in the package (the crate's `regions` link is followed), and the package
/// builds on its own, with `serde` on.
fn package(cargo: &str) -> Result<(), String> {
    eprintln!("$ {cargo} package -p dibao --list --allow-dirty");
    let out = Command::new(cargo)
        .args(["package", "-p", "dibao", "--list", "--allow-dirty"])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot start `{cargo}`: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`cargo package --list` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let listed = String::from_utf8_lossy(&out.stdout);
    let listed: Vec<&str> = listed.lines().collect();
    let packs = std::fs::read_dir(root().join("regions")).map_err(|e| e.to_string())?;
    let mut wanted = vec!["regions/names.tsv".to_owned()];
    for p in packs.filter_map(|e| e.ok().map(|e| e.path())) {
        if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
            if name.ends_with(".json") {
                wanted.push(format!("regions/{name}"));
            }
        }
    }
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !listed.contains(&w.as_str()))
        .collect();
    if wanted.len() < 3 || !missing.is_empty() {
        return Err(format!("the dibao package lacks {missing:?}"));
    }
    run(
        cargo,
        &[
            "package",
            "-p",
            "dibao",
            "--allow-dirty",
            "--features",
            "serde",
        ],
    )
}

fn bless() -> Result<(), String> {
    run_in(
        &root(),
        &cargo(),
        &["test", "-p", "dibao", "--test", "golden"],
        &[("DIBAO_BLESS", "1")],
    )
}

//! `cargo xtask fuzz [SECONDS] [TARGET…]`: the fuzz targets of `fuzz/`
//! (cargo-fuzz, libFuzzer; docs/fuzzing.md), each run for SECONDS (default
//! 60) from a corpus seeded with the golden cases' inputs, the examples,
//! the region packs, the CSV test data and the committed regressions
//! (`fuzz/seeds/TARGET/`). Installs what it needs: the nightly toolchain
//! (`rustup toolchain install nightly --profile minimal`) and cargo-fuzz
//! (`cargo install cargo-fuzz --version 0.13.1 --locked --root target/tools`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run_in};

/// The targets, in the order they run.
pub const TARGETS: &[&str] = &[
    "household_json",
    "jsonl_batch",
    "csv_caseload",
    "region_pack",
];

const CARGO_FUZZ_VERSION: &str = "0.13.1";

pub fn command(args: &[String]) -> Result<(), String> {
    let mut seconds: u64 = 60;
    let mut targets: Vec<&str> = Vec::new();
    for a in args {
        if let Ok(n) = a.parse::<u64>() {
            seconds = n;
        } else if let Some(t) = TARGETS.iter().find(|t| **t == a.as_str()) {
            targets.push(t);
        } else {
            return Err(format!(
                "fuzz: `{a}` is neither a number of seconds nor a target ({})",
                TARGETS.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let cargo_fuzz = tools()?;
    let fuzz_dir = root().join("fuzz");
    let path = path_with(&cargo_fuzz);
    let envs = [("PATH", path.as_str())];
    run_in(&fuzz_dir, "cargo", &["+nightly", "fuzz", "build"], &envs)?;
    for target in targets {
        let corpus = seed(target)?;
        let corpus = corpus.to_string_lossy().into_owned();
        let max_time = format!("-max_total_time={seconds}");
        run_in(
            &fuzz_dir,
            "cargo",
            &[
                "+nightly",
                "fuzz",
                "run",
                target,
                &corpus,
                "--",
                &max_time,
                "-max_len=65536",
                "-print_final_stats=1",
            ],
            &envs,
        )?;
    }
    Ok(())
}

/// Installs the nightly toolchain and cargo-fuzz where missing; returns the
/// directory holding `cargo-fuzz`.
fn tools() -> Result<PathBuf, String> {
    let nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !nightly {
        run_in(
            &root(),
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
            &[],
        )?;
    }
    let bin = root().join("target/tools/bin");
    let installed = Command::new(bin.join("cargo-fuzz"))
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION))
        .unwrap_or(false);
    if !installed {
        run_in(
            &root(),
            "cargo",
            &[
                "install",
                "cargo-fuzz",
                "--version",
                CARGO_FUZZ_VERSION,
                "--locked",
                "--root",
                "target/tools",
            ],
            &[],
        )?;
    }
    Ok(bin)
}

/// `PATH` with `dir` first.
fn path_with(dir: &Path) -> String {
    let mut paths = vec![dir.to_path_buf()];
    if let Some(p) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(paths)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The corpus of `target` (`target/fuzz-corpus/TARGET/`, kept between
/// runs so that a campaign grows), with the seeds added (again).
fn seed(target: &str) -> Result<PathBuf, String> {
    let dir = root().join("target/fuzz-corpus").join(target);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    let regressions = root().join("fuzz/seeds").join(target);
    for p in files(&regressions, "") {
        seeds.push((name_of(&p), read(&p)?));
    }
    let r = root();
    match target {
        "household_json" => {
            seeds.push((
                "example-household.json".into(),
                read(&r.join("examples/household.json"))?,
            ));
            for (name, input) in case_inputs()? {
                seeds.push((name, input.into_bytes()));
            }
        }
        "jsonl_batch" => {
            seeds.push((
                "example-caseload.jsonl".into(),
                read(&r.join("examples/caseload.jsonl"))?,
            ));
            // Each group of golden cases as one caseload, a household a line.
            let mut groups: Vec<(String, String)> = Vec::new();
            for (name, input) in case_inputs()? {
                let group = name.split('-').next().unwrap_or("").to_owned();
                let at = match groups.iter().position(|(g, _)| *g == group) {
                    Some(at) => at,
                    None => {
                        groups.push((group, String::new()));
                        groups.len() - 1
                    }
                };
                groups[at].1.push_str(&input);
                groups[at].1.push('\n');
            }
            seeds.push(("generated.jsonl".into(), generated(true)?));
            for (group, text) in groups {
                seeds.push((format!("cases-{group}.jsonl"), text.into_bytes()));
            }
        }
        "csv_caseload" => {
            for p in files(&r.join("examples"), ".csv")
                .into_iter()
                .chain(files(&r.join("cli/tests/data"), ".csv"))
            {
                seeds.push((name_of(&p), read(&p)?));
            }
            seeds.push(("generated.csv".into(), generated(false)?));
        }
        "region_pack" => {
            for p in files(&r.join("regions"), ".json") {
                seeds.push((name_of(&p), read(&p)?));
            }
        }
        _ => return Err(format!("fuzz: no seeds for `{target}`")),
    }
    for (name, bytes) in seeds {
        let file = dir.join(format!("seed-{name}"));
        fs::write(&file, bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(dir)
}

/// Twenty households of the caseload generator (varied regions and
/// outcomes), as CSV or JSON Lines.
fn generated(jsonl: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    crate::gen::write(&mut out, 20, 15, jsonl).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The `input` of every golden case (tests/cases/GROUP/NAME.json), as
/// compact JSON, named `GROUP-NAME.json`.
fn case_inputs() -> Result<Vec<(String, String)>, String> {
    let cases = root().join("tests/cases");
    let mut out = Vec::new();
    for group in files(&cases, "") {
        for p in files(&group, ".json") {
            if name_of(&p).ends_with(".out.json") {
                continue;
            }
            let text = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let value = dibao::json::parse(&text).map_err(|e| format!("{}: {e:?}", p.display()))?;
            if let Some(input) = value.get("input") {
                out.push((
                    format!("{}-{}", name_of(&group), name_of(&p)),
                    input.to_string(),
                ));
            }
        }
    }
    Ok(out)
}

/// The entries of `dir` whose names end with `suffix`, sorted; none if
/// `dir` does not exist.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| name_of(p).ends_with(suffix))
        .collect();
    out.sort();
    out
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

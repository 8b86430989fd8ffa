//! `cargo xtask batch-bench [N]`: the docs/batch-status.md batch bars, measured.
//!
//! Builds the release `dibao`, generates N (default 1,000,000) synthetic
//! households as CSV and as JSON Lines into `target/batch-bench/`, and runs
//! `dibao batch` over each on one core (`taskset -c 0` when available) under
//! `/usr/bin/time -v` when available. Reports households per second (wall
//! time of the whole process: reading, assessing, writing) and peak RSS, and
//! repeats with N/10 households to show that memory does not grow with N.
//! Before each run the last run's results are removed and the disk is synced
//! (see `settle`), so that runs start alike.
//!
//! Then the scaling, in rounds (`--rounds K`, default 5): each round runs
//! `--jobs 1`, `--jobs 2`, and two `--jobs 1` processes at once on half the
//! households each, one per core: what two cores give to work that shares
//! nothing, this machine's ceiling. A virtual machine's speed drifts from
//! minute to minute (docs/batch-status.md), so one run of each says little;
//! the rounds give the best and the median of each, and each round's ratios.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{gen, root};

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

struct Run {
    seconds: f64,
    /// User + system CPU seconds, when `/usr/bin/time` reported them.
    cpu: Option<f64>,
    rss_kib: Option<u64>,
    exit: i32,
    summary: String,
}

fn run_batch(
    bin: &Path,
    input: &Path,
    output: &Path,
    summary: &Path,
    jobs: usize,
) -> Result<Run, String> {
    let taskset = Path::new("/usr/bin/taskset").exists();
    let time = Path::new("/usr/bin/time").exists();
    let mut argv: Vec<String> = Vec::new();
    if taskset {
        // Cores 0..jobs: --jobs 1 on one core, --jobs 2 on two.
        let cpus = (0..jobs)
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(",");
        argv.extend(["/usr/bin/taskset".into(), "-c".into(), cpus]);
    }
    if time {
        argv.extend(["/usr/bin/time".into(), "-v".into()]);
    }
    argv.push(bin.display().to_string());
    for a in [
        "batch",
        &input.display().to_string(),
        "-o",
        &output.display().to_string(),
        "--summary",
        &summary.display().to_string(),
        "--no-progress",
        "--jobs",
        &jobs.to_string(),
    ] {
        argv.push(a.to_owned());
    }
    eprintln!("$ {}", argv.join(" "));
    let start = Instant::now();
    let out = Command::new(&argv[0])
        .args(&argv[1..])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", argv[0]))?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss_kib = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next())
        .and_then(|v| v.trim().parse().ok());
    let secs = |label: &str| -> Option<f64> {
        stderr
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.rsplit(':').next())
            .and_then(|v| v.trim().parse().ok())
    };
    let cpu = match (secs("User time (seconds)"), secs("System time (seconds)")) {
        (Some(u), Some(s)) => Some(u + s),
        _ => None,
    };
    let exit = out.status.code().unwrap_or(-1);
    if exit == 2 {
        return Err(format!("dibao batch failed:\n{stderr}"));
    }
    let summary = std::fs::read_to_string(summary).unwrap_or_default();
    Ok(Run {
        seconds,
        cpu,
        rss_kib,
        exit,
        summary,
    })
}

/// Every run starts alike: without the last run's results, and with the
/// disk caught up. Replacing an existing file makes ext4 write the new one
/// out at the rename (about 30 ms here, inside the timed run), and dirty pages
/// from the generator or the last run would be written out during it.
fn settle(previous: &[&Path]) {
    for p in previous {
        let _ = std::fs::remove_file(p);
    }
    if Path::new("/bin/sync").exists() {
        let _ = Command::new("/bin/sync").status();
    }
}

fn field<'a>(json: &'a str, key: &str) -> &'a str {
    json.split(&format!("\"{key}\": "))
        .nth(1)
        .and_then(|s| s.split([',', '\n']).next())
        .unwrap_or("?")
}

/// Wall seconds of two `--jobs 1` runs over `input` at once, one pinned to
/// each of the first two cores (when `taskset` is there).
fn run_two_at_once(bin: &Path, input: &Path, dir: &Path) -> Result<f64, String> {
    let outs: Vec<PathBuf> = (0..2)
        .map(|i| dir.join(format!("results-half-{i}.csv")))
        .collect();
    settle(&[&outs[0], &outs[1]]);
    let taskset = Path::new("/usr/bin/taskset").exists();
    let start = Instant::now();
    let children = (0..2)
        .map(|i| {
            let mut c = if taskset {
                let mut c = Command::new("/usr/bin/taskset");
                c.args(["-c", &i.to_string()]).arg(bin);
                c
            } else {
                Command::new(bin)
            };
            c.arg("batch")
                .arg(input)
                .arg("-o")
                .arg(&outs[i])
                .args(["--no-progress", "--jobs", "1"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot run {}: {e}", bin.display()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for mut c in children {
        let status = c.wait().map_err(|e| e.to_string())?;
        if status.code() == Some(2) {
            return Err("dibao batch failed in the two-at-once run".into());
        }
    }
    Ok(start.elapsed().as_secs_f64())
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn best(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

/// Rounds of `--jobs 1`, `--jobs 2` and two halves at once (see the module
/// docs), for each format: the scaling section of the report.
fn scaling(bin: &Path, dir: &Path, n: u64, rounds: usize) -> Result<String, String> {
    let mut report = format!(
        "\nScaling, {rounds} rounds of: --jobs 1, --jobs 2, and two --jobs 1 processes at once on {} households each (one per core: the machine's ceiling)\n",
        n / 2
    );
    report.push_str(
        "format   --jobs 1 best / median   --jobs 2 best / median   two at once best / median   2 cores vs 1: best, median, median of rounds   ceiling: median of rounds   --jobs 2 / ceiling: median of rounds\n",
    );
    for ext in ["csv", "jsonl"] {
        let input = dir.join(format!("caseload-{n}.{ext}"));
        let half = dir.join(format!("caseload-{}.{ext}", n / 2));
        if !half.exists() {
            eprintln!("generating {}", half.display());
            gen::generate(n / 2, 1, &half, ext == "jsonl")?;
        }
        let output = dir.join(format!("results-{n}-{ext}.csv"));
        let summary = dir.join(format!("summary-{n}-{ext}.json"));
        let (mut one, mut two, mut both) = (Vec::new(), Vec::new(), Vec::new());
        for round in 1..=rounds {
            eprintln!("scaling, {ext}, round {round} of {rounds}");
            for (jobs, into) in [(1, &mut one), (2, &mut two)] {
                settle(&[&output, &summary]);
                into.push(run_batch(bin, &input, &output, &summary, jobs)?.seconds);
            }
            both.push(run_two_at_once(bin, &half, dir)?);
        }
        let ratios =
            |a: &[f64], b: &[f64]| -> Vec<f64> { a.iter().zip(b).map(|(x, y)| x / y).collect() };
        let scale = ratios(&one, &two);
        let ceiling = ratios(&one, &both);
        let of_ceiling: Vec<f64> = scale.iter().zip(&ceiling).map(|(s, c)| s / c).collect();
        report.push_str(&format!(
            "{ext:<7}  {:>6.3} / {:>6.3} s         {:>6.3} / {:>6.3} s         {:>6.3} / {:>6.3} s            {:.2}x, {:.2}x, {:.2}x                       {:.2}x                        {:.2}\n",
            best(&one),
            median(&one),
            best(&two),
            median(&two),
            best(&both),
            median(&both),
            best(&one) / best(&two),
            median(&one) / median(&two),
            median(&scale),
            median(&ceiling),
            median(&of_ceiling),
        ));
    }
    Ok(report)
}

pub fn command(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask batch-bench [N] [--rounds K]";
    let mut n: u64 = 1_000_000;
    let mut rounds = 5;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rounds" => {
                rounds = it
                    .next()
                    .and_then(|k| k.parse().ok())
                    .filter(|&k| k > 0)
                    .ok_or(usage)?;
            }
            s => n = s.replace('_', "").parse().map_err(|_| usage)?,
        }
    }
    crate::run(
        &std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        &["build", "--release", "-p", "dibao-cli"],
    )?;
    let bin = target_dir()
        .join("release")
        .join(if cfg!(windows) { "dibao.exe" } else { "dibao" });
    let dir = target_dir().join("batch-bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut report = format!(
        "dibao batch benchmark: {n} households (seed 1), --jobs 1 on one core and --jobs 2 on two{}\n\n",
        if Path::new("/usr/bin/taskset").exists() {
            " (taskset -c 0 / -c 0,1)"
        } else {
            " (taskset not found: not pinned)"
        }
    );
    report.push_str(
        "format  jobs  households   wall s   households/s (wall)   CPU s   households/s (CPU)   peak RSS MiB   exit\n",
    );
    let mut walls: Vec<(String, usize, f64)> = Vec::new();
    for &count in &[n, (n / 10).max(1)] {
        for (jsonl, jobs) in [(false, 1), (false, 2), (true, 1), (true, 2)] {
            let ext = if jsonl { "jsonl" } else { "csv" };
            let input = dir.join(format!("caseload-{count}.{ext}"));
            if !input.exists() {
                eprintln!("generating {}", input.display());
                gen::generate(count, 1, &input, jsonl)?;
            }
            let output = dir.join(format!("results-{count}-{ext}.csv"));
            let summary = dir.join(format!("summary-{count}-{ext}.json"));
            settle(&[&output, &summary]);
            let r = run_batch(&bin, &input, &output, &summary, jobs)?;
            if count == n {
                walls.push((ext.to_owned(), jobs, r.seconds));
            }
            let hh: u64 = field(&r.summary, "households").parse().unwrap_or(0);
            if hh != count {
                return Err(format!(
                    "expected {count} households in the summary, got {hh}:\n{}",
                    r.summary
                ));
            }
            let rss = r
                .rss_kib
                .map_or("?".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0));
            let (cpu, cpu_rate) = match r.cpu {
                Some(c) if c > 0.0 => (format!("{c:.2}"), format!("{:.0}", count as f64 / c)),
                _ => ("?".into(), "?".into()),
            };
            report.push_str(&format!(
                "{ext:<7} {jobs:>4}  {count:>10}   {:>6.2}   {:>19.0}   {cpu:>5}   {cpu_rate:>18}   {rss:>12}   {}\n",
                r.seconds,
                count as f64 / r.seconds,
                r.exit
            ));
            if count == n {
                report.push_str(&format!(
                    "        (inside the process: {} households/s; invalid {}; matched {}, mismatched {})\n",
                    field(&r.summary, "households_per_second"),
                    field(&r.summary, "invalid"),
                    field(&r.summary, "matched"),
                    field(&r.summary, "mismatched"),
                ));
            }
        }
    }
    for ext in ["csv", "jsonl"] {
        let wall = |j: usize| walls.iter().find(|w| w.0 == ext && w.1 == j).map(|w| w.2);
        if let (Some(one), Some(two)) = (wall(1), wall(2)) {
            report.push_str(&format!(
                "{ext}: 2 cores vs 1 in the runs above: {:.2}x (wall {one:.3} s -> {two:.3} s)\n",
                one / two
            ));
        }
    }
    report.push_str(&scaling(&bin, &dir, n, rounds)?);
    report.push_str("\ndocs/batch-status.md bars: ≥ 1,000,000 households/s from CSV, ≥ 300,000/s from JSON Lines, constant memory.\n");
    print!("{report}");
    std::fs::write(dir.join("results.txt"), &report).map_err(|e| e.to_string())?;
    Ok(())
}

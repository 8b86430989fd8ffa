//! `cargo xtask bench-vs-openfisca [N]`: dibao against OpenFisca and against
//! the bare floor, on the same N (default 100,000) generated households.
//!
//! - Creates its own Python virtual environment (`target/openfisca-venv`)
//!   with openfisca-core from PyPI, at the pinned version.
//! - The model is `bench/openfisca/dibao_difference.py`, a country package
//!   written here: amount = max(0, standard × size − income), nothing else.
//! - The households are generated so that dibao's national rules give
//!   exactly that difference (elderly adults and young children, a pension
//!   as the only income, standard 1050): the totals must agree to the fen.
//! - OpenFisca gets its input pre-parsed (`bench/openfisca/run.py` parses the
//!   CSV before its clock starts): its best case.
//! - The floor is `xtask floor IN OUT`, in this file: read, group by case
//!   id, sum incomes in fen, write one amount per household; no validation,
//!   no rules. Every program is timed as a whole process (wall clock), but
//!   OpenFisca, whose time is its own measurement.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::root;

const OPENFISCA: &str = "openfisca-core==46.0.1";

/// Members: relation and age, in order; a household takes the first 1–5.
const MEMBERS: [(&str, u32); 5] = [
    ("self", 75),
    ("spouse", 74),
    ("child", 10),
    ("child", 8),
    ("parent", 95),
];

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// N households whose dibao amount is the plain difference; the expected
/// total in fen.
fn generate(n: u64, out: &Path) -> Result<u64, String> {
    let f = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    let mut s = 13u64;
    let mut total: u64 = 0;
    let io = |e: std::io::Error| e.to_string();
    writeln!(w, "case_id,date,standard,member_id,relation,age,pension").map_err(io)?;
    for i in 0..n {
        let size = 1 + splitmix(&mut s) % 5;
        let mut income = 0;
        for (m, (relation, age)) in MEMBERS.iter().take(size as usize).enumerate() {
            let r = splitmix(&mut s);
            let pension = if r & 1 == 0 { 0 } else { (r >> 8) % 1501 };
            income += pension;
            let p = if pension == 0 {
                String::new()
            } else {
                pension.to_string()
            };
            writeln!(w, "H{i},2024-06-01,1050,{},{relation},{age},{p}", m + 1).map_err(io)?;
        }
        total += (1050 * size).saturating_sub(income) * 100;
    }
    w.flush().map_err(io)?;
    Ok(total)
}

/// `xtask floor IN OUT`: the bare work. Columns as generated above.
pub fn floor(args: &[String]) -> Result<(), String> {
    let [input, output] = args else {
        return Err("usage: xtask floor IN.csv OUT.csv".into());
    };
    let f = std::fs::File::open(input).map_err(|e| format!("{input}: {e}"))?;
    let mut r = std::io::BufReader::with_capacity(1 << 18, f);
    let out = std::fs::File::create(output).map_err(|e| format!("{output}: {e}"))?;
    let mut w = BufWriter::with_capacity(1 << 18, out);
    let mut line = Vec::new();
    let mut case: Vec<u8> = Vec::new();
    let (mut members, mut income, mut standard) = (0i64, 0i64, 0i64);
    let mut write = |case: &[u8], members: i64, income: i64, standard: i64| {
        let fen = (standard * members - income).max(0);
        w.write_all(case)?;
        writeln!(w, ",{}.{:02}", fen / 100, fen % 100)
    };
    let fen = |b: &[u8]| -> i64 {
        let (mut yuan, mut cents, mut frac) = (0i64, 0i64, -1i32);
        for &c in b {
            match c {
                b'.' => frac = 0,
                b'0'..=b'9' if frac < 0 => yuan = yuan * 10 + i64::from(c - b'0'),
                b'0'..=b'9' if frac < 2 => {
                    cents = cents * 10 + i64::from(c - b'0');
                    frac += 1;
                }
                _ => {}
            }
        }
        yuan * 100 + if frac == 1 { cents * 10 } else { cents }
    };
    r.read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).map_err(|e| e.to_string())? == 0 {
            break;
        }
        let mut cols = line.trim_ascii_end().split(|&b| b == b',');
        let id = cols.next().unwrap_or(b"");
        if id != case.as_slice() {
            if !case.is_empty() {
                write(&case, members, income, standard).map_err(|e| e.to_string())?;
            }
            case.clear();
            case.extend_from_slice(id);
            (members, income) = (0, 0);
            standard = fen(cols.nth(1).unwrap_or(b""));
        } else {
            cols.nth(1);
        }
        members += 1;
        income += fen(cols.nth(3).unwrap_or(b""));
    }
    if !case.is_empty() {
        write(&case, members, income, standard).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// Wall seconds of a whole process; fails on a non-zero exit other than 1.
fn timed(program: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<(f64, String), String> {
    let start = Instant::now();
    let out = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let seconds = start.elapsed().as_secs_f64();
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!(
            "{} failed:\n{}",
            program.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok((seconds, String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

/// The total in fen of a results CSV (`case_id,amount` or dibao's English
/// columns, amount second after the case id and outcome).
fn total_fen(path: &Path, column: usize) -> Result<u64, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut total = 0u64;
    for l in text.lines().skip(usize::from(column != 1)) {
        let v = l.split(',').nth(column).unwrap_or("");
        let (y, f) = v.split_once('.').unwrap_or((v, "0"));
        total += y.parse::<u64>().unwrap_or(0) * 100 + f.parse::<u64>().unwrap_or(0);
    }
    Ok(total)
}

fn best_of<T>(
    runs: usize,
    mut f: impl FnMut() -> Result<(f64, T), String>,
) -> Result<(f64, T), String> {
    let mut best = f()?;
    for _ in 1..runs {
        let r = f()?;
        if r.0 < best.0 {
            best = r;
        }
    }
    Ok(best)
}

pub fn command(args: &[String]) -> Result<(), String> {
    let n: u64 = match args.first() {
        Some(s) => s
            .replace('_', "")
            .parse()
            .map_err(|_| "usage: cargo xtask bench-vs-openfisca [N]")?,
        None => 100_000,
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    crate::run(
        &cargo,
        &["build", "--release", "-p", "dibao-cli", "-p", "xtask"],
    )?;
    let dir = target().join("bench-vs-openfisca");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let venv = target().join("openfisca-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        crate::run("python3", &["-m", "venv", &venv.display().to_string()])?;
    }
    crate::run(
        &python.display().to_string(),
        &["-m", "pip", "install", "--quiet", OPENFISCA],
    )?;
    let input = dir.join(format!("households-{n}.csv"));
    let expected = generate(n, &input)?;
    let inp = input.display().to_string();
    let bin = target().join("release");
    let runs = 3;
    // dibao, one core and two.
    let mut dibao = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.join(format!("dibao-{jobs}.csv"));
        let o = out.display().to_string();
        let args = [
            "batch",
            &inp,
            "-o",
            &o,
            "--lang",
            "en",
            "--no-progress",
            "--jobs",
            jobs,
        ];
        let (s, _) = best_of(runs, || timed(&bin.join("dibao"), &args, &[]))?;
        dibao.push((jobs, s, total_fen(&out, 2)?));
    }
    // The floor.
    let out = dir.join("floor.csv");
    let o = out.display().to_string();
    let (floor_s, _) = best_of(runs, || {
        timed(&bin.join("xtask"), &["floor", &inp, &o], &[])
    })?;
    let floor_total = total_fen(&out, 1)?;
    // OpenFisca: its own clock, input pre-parsed.
    let bench = root().join("bench").join("openfisca");
    let pythonpath = bench.display().to_string();
    let script = bench.join("run.py").display().to_string();
    let (_, json) = best_of(1, || {
        timed(
            &python,
            &[&script, &inp],
            &[
                ("PYTHONPATH", &pythonpath),
                ("PYTHONDONTWRITEBYTECODE", "1"),
            ],
        )
    })?;
    let field = |k: &str| -> f64 {
        json.split(&format!("\"{k}\": "))
            .nth(1)
            .and_then(|s| s.split([',', '}']).next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(f64::NAN)
    };
    let of_s = field("seconds");
    let of_total = field("total_fen") as u64;
    let mut report = format!(
        "dibao vs OpenFisca vs the floor: {n} households (1-5 members, standard 1050), best of {runs} wall-clock runs\n\n"
    );
    report.push_str(&format!(
        "expected total                 {:>16} fen\n",
        expected
    ));
    report.push_str(&format!(
        "OpenFisca ({OPENFISCA}, pre-parsed)  {of_s:8.3} s   total {of_total} fen {}\n",
        if of_total == expected {
            "(equal)"
        } else {
            "(DIFFERS)"
        }
    ));
    for (jobs, s, total) in &dibao {
        report.push_str(&format!(
            "dibao batch --jobs {jobs}             {s:8.3} s   total {total} fen {}   {:.2}x OpenFisca, {:.2}x the floor\n",
            if *total == expected { "(equal)" } else { "(DIFFERS)" },
            of_s / s,
            s / floor_s,
        ));
    }
    report.push_str(&format!(
        "floor (read, group, sum, write) {floor_s:8.3} s   total {floor_total} fen {}\n",
        if floor_total == expected {
            "(equal)"
        } else {
            "(DIFFERS)"
        }
    ));
    print!("{report}");
    std::fs::write(dir.join("results.txt"), &report).map_err(|e| e.to_string())?;
    if of_total != expected || floor_total != expected || dibao.iter().any(|d| d.2 != expected) {
        return Err("the totals differ".into());
    }
    Ok(())
}

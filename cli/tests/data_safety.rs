//! Nothing lost, nothing damaged: a stray quote, an output onto an input or
//! onto another output, households split by row order or by merged cells,
//! and what a killed or size-limited run leaves behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../xtask/src/gen.rs"]
mod gen;

mod common;
use common::{dibao, root};

/// A fresh directory for one test.
fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("safety-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The names in `d`, sorted.
fn listing(d: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The output rows (after the header) as (case_id, outcome, errors column).
fn rows(out: &Path) -> Vec<(String, String, String)> {
    std::fs::read_to_string(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.splitn(9, ',').collect();
            (f[0].to_owned(), f[1].to_owned(), f[8].to_owned())
        })
        .collect()
}

#[test]
fn a_stray_quote_fails_fast_naming_its_line_and_writes_nothing() {
    let d = tmp("quote");
    let f = d.join("caseload.csv");
    gen::generate(16_000, 7, &f, false).unwrap();
    let text = std::fs::read_to_string(&f).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert!(lines.len() >= 40_000, "{} lines", lines.len());
    // A cell typed as `"孙小宝` on line 120, never closed.
    let stray = 120;
    lines[stray - 1] = lines[stray - 1].replacen(",A,", ",\"孙小宝,", 1);
    lines[stray - 1] = lines[stray - 1].replacen(",B,", ",\"孙小宝,", 1);
    assert!(lines[stray - 1].contains('"'), "{}", lines[stray - 1]);
    std::fs::write(&f, lines.join("\n") + "\n").unwrap();
    let out = d.join("out.csv");
    let sum = d.join("sum.json");
    let started = Instant::now();
    let (code, stdout, err) = dibao(&["batch", s(&f), "-o", s(&out), "--summary", s(&sum)], None);
    let took = started.elapsed();
    eprintln!(
        "stray quote in {} lines: exit {code} after {took:?}",
        lines.len()
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("第 {stray} 行")) && err.contains(&format!("line {stray}")),
        "{err}"
    );
    assert!(err.contains("引号") && err.contains("quote"), "{err}");
    assert!(stdout.is_empty());
    assert_eq!(listing(&d), ["caseload.csv"], "nothing written");
    // Quadratic work took 3.5 s per megabyte before; linear work reads at
    // most one record's cap past the quote. A generous bound, not a benchmark.
    assert!(took < Duration::from_secs(5), "{took:?}");

    // The same file read as a stream, and through simulate: the same refusal.
    let (code, err) = batch_stdin_stopping_early(&std::fs::read(&f).unwrap());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("line {stray}")), "{err}");
    let (code, stdout, err) = dibao(&["simulate", s(&f), "--standard", "1200"], None);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("line {stray}")) && stdout.is_empty(),
        "{err}"
    );
}

#[test]
fn a_quote_left_open_at_the_end_names_where_it_opened() {
    let d = tmp("quote-end");
    let f = d.join("c.csv");
    std::fs::write(
        &f,
        "case_id,date,standard,member_id,relation,age\n\
         H1,2024-03-15,1000,A,本人,40\n\
         H2,2024-03-15,1000,\"A\nB\",本人,40\n\
         H3,2024-03-15,1000,A,本人,\"40\n",
    )
    .unwrap();
    let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&d.join("o.csv"))], None);
    assert_eq!(code, 2, "{err}");
    // The quoted line break on lines 3–4 is fine; the quote on line 5 is not.
    assert!(err.contains("第 5 行") && err.contains("line 5"), "{err}");
    assert_eq!(listing(&d), ["c.csv"]);
}

#[test]
fn an_output_is_never_an_input_nor_another_output() {
    let d = tmp("paths");
    let input = d.join("caseload.csv");
    std::fs::copy(root().join("examples/caseload.csv"), &input).unwrap();
    let pack = d.join("pack.json");
    std::fs::copy(root().join("tests/packs/tiers.json"), &pack).unwrap();
    let result = d.join("result.csv");
    std::fs::write(&result, "earlier results\n").unwrap();
    std::os::unix::fs::symlink(&input, d.join("link-to-input.csv")).unwrap();
    std::os::unix::fs::symlink(&result, d.join("link-to-result.csv")).unwrap();
    std::fs::hard_link(&input, d.join("hard-link.csv")).unwrap();
    let (i, p, r) = (s(&input), s(&pack), s(&result));
    let link_in = d.join("link-to-input.csv");
    let link_res = d.join("link-to-result.csv");
    let hard = d.join("hard-link.csv");
    let fresh = d.join("fresh.csv");
    let fresh2 = format!("{}/./fresh.csv", d.display());
    let cases: Vec<Vec<&str>> = vec![
        // -o onto the input, by name, through a symlink, a hard link.
        vec!["batch", i, "-o", i],
        vec!["batch", i, "-o", s(&link_in)],
        vec!["batch", i, "-o", s(&hard)],
        // --summary onto the input, onto the results, onto a pack.
        vec!["batch", i, "-o", s(&fresh), "--summary", i],
        vec!["batch", i, "-o", s(&fresh), "--summary", s(&link_in)],
        vec!["batch", i, "-o", r, "--summary", r],
        vec!["batch", i, "-o", r, "--summary", s(&link_res)],
        vec!["batch", i, "-o", s(&fresh), "--summary", &fresh2],
        vec!["batch", i, "-o", s(&fresh), "--params", p, "--summary", p],
        vec!["batch", i, "-o", p, "--params", p],
        vec!["batch", i, "-o", "-", "--summary", "-"],
        // simulate's --detail onto the input or a pack.
        vec!["simulate", i, "--standard", "1200", "--detail", i],
        vec!["simulate", i, "--standard", "1200", "--detail", s(&link_in)],
        vec!["simulate", i, "--params", p, "--detail", p],
    ];
    let before: Vec<(String, Vec<u8>)> = listing(&d)
        .into_iter()
        .map(|n| (n.clone(), std::fs::read(d.join(&n)).unwrap()))
        .collect();
    for args in &cases {
        let (code, stdout, err) = dibao(args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(
            err.contains("错误") && err.contains("nothing was written"),
            "{args:?}: {err}"
        );
        let after: Vec<(String, Vec<u8>)> = listing(&d)
            .into_iter()
            .map(|n| (n.clone(), std::fs::read(d.join(&n)).unwrap()))
            .collect();
        assert!(before == after, "{args:?} changed the folder");
    }
    // Distinct files are fine.
    let (code, _, err) = dibao(
        &[
            "batch",
            i,
            "-o",
            s(&fresh),
            "--summary",
            s(&d.join("sum.json")),
        ],
        None,
    );
    assert!(code < 2, "{err}");
}

/// A caseload with `case_id` on the first row of each household only, as
/// Excel exports merged cells, and its twin with every row filled.
#[test]
fn merged_case_id_cells_continue_the_household_above() {
    let d = tmp("merged");
    let full = d.join("full.csv");
    gen::generate(400, 3, &full, false).unwrap();
    let text = std::fs::read_to_string(&full).unwrap();
    let mut merged = String::new();
    let mut last = String::new();
    for (k, line) in text.lines().enumerate() {
        let (id, rest) = line.split_once(',').unwrap();
        if k > 0 && id == last {
            merged.push_str(&format!(",{rest}\n"));
        } else {
            merged.push_str(&format!("{line}\n"));
        }
        last = id.to_owned();
    }
    assert!(merged.lines().filter(|l| l.starts_with(',')).count() > 100);
    let merged_path = d.join("merged.csv");
    std::fs::write(&merged_path, &merged).unwrap();
    let mut outs = Vec::new();
    for f in [&full, &merged_path] {
        let out = d.join(format!(
            "{}.out.csv",
            f.file_name().unwrap().to_string_lossy()
        ));
        let (code, _, err) = dibao(&["batch", s(f), "-o", s(&out)], None);
        assert!(code < 2, "{err}");
        outs.push(std::fs::read_to_string(out).unwrap());
    }
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[0].lines().count(), 401);
}

const UNSORTED: &str = "case_id,date,standard,member_id,relation,age,wage\n\
    H1,2024-03-15,1000,A,本人,40,300\n\
    H2,2024-03-15,1000,A,本人,70,\n\
    H1,,,B,配偶,38,\n\
    H3,2024-03-15,1000,A,本人,50,\n\
    H1,,,C,子女,10,\n";

#[test]
fn rows_of_one_household_apart_are_flagged_on_every_row() {
    let d = tmp("unsorted");
    let f = d.join("c.csv");
    std::fs::write(&f, UNSORTED).unwrap();
    let out = d.join("o.csv");
    let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&out), "--lang", "en"], None);
    assert_eq!(code, 1, "{err}");
    let r = rows(&out);
    // Every part of H1 is invalid, each of its rows named; H2, H3 assessed.
    let ids: Vec<(&str, &str)> = r.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        ids,
        [
            ("H1", "invalid"),
            ("H2", "dibao"),
            ("H1", "invalid"),
            ("H3", "dibao"),
            ("H1", "invalid")
        ]
    );
    for (row, lines) in [(0, &[2][..]), (2, &[4]), (4, &[6])] {
        let errors = &r[row].2;
        for l in lines {
            assert!(
                errors.contains(&format!("[case_id_not_contiguous] 第{l}行")),
                "{errors}"
            );
        }
        assert!(
            errors.contains("请按户编号排序") && errors.contains("sort by case_id"),
            "{errors}"
        );
        assert!(errors.contains("2、4、6"), "{errors}");
    }
    // The same through simulate: H1's parts are invalid, not free households.
    let detail = d.join("detail.csv");
    let (code, stdout, err) = dibao(
        &[
            "simulate",
            s(&f),
            "--standard",
            "1200",
            "--detail",
            s(&detail),
            "--format",
            "json",
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        stdout.contains("\"invalid\": 3") || stdout.contains("\"invalid\":3"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&detail).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with("H1,invalid")).count(),
        3,
        "{text}"
    );

    // From standard input the file cannot be read twice: the later parts are flagged.
    let (code, stdout, err) = dibao(
        &[
            "batch",
            "-",
            "-o",
            "-",
            "--input-format",
            "csv",
            "--lang",
            "en",
        ],
        Some(UNSORTED.as_bytes()),
    );
    assert_eq!(code, 1, "{err}");
    let outcomes: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(outcomes, ["dibao", "dibao", "invalid", "dibao", "invalid"]);
    assert!(err.contains("not together"), "{err}");
}

/// `dibao batch - -o -` fed `input` by a thread that expects the run to stop
/// reading early (a broken pipe is no failure here); exit code and stderr.
fn batch_stdin_stopping_early(input: &[u8]) -> (i32, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dibao"))
        .args(["batch", "-", "-o", "-", "--input-format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `dibao` with `args` in the background.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dibao"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_run_leaves_only_what_the_next_run_cleans_up() {
    let d = tmp("killed");
    let f = d.join("big.csv");
    gen::generate(400_000, 11, &f, false).unwrap();
    let outdir = d.join("out");
    std::fs::create_dir(&outdir).unwrap();
    let out = outdir.join("result.csv");
    let mut child = spawn(&["batch", s(&f), "-o", s(&out)]);
    // Wait until the temporary file holds something, then kill the run.
    let started = Instant::now();
    let temp = loop {
        let names = listing(&outdir);
        if let Some(n) = names.iter().find(|n| n.contains("dibao-tmp")) {
            let p = outdir.join(n);
            if std::fs::metadata(&p)
                .map(|m| m.len() > 100_000)
                .unwrap_or(false)
            {
                break p;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(!out.exists(), "a killed run leaves OUT untouched");
    assert!(temp.exists(), "the killed run's temporary file is there");
    // The next run writing the same OUT removes it.
    let small = d.join("small.csv");
    gen::generate(50, 1, &small, false).unwrap();
    let (code, _, err) = dibao(&["batch", s(&small), "-o", s(&out)], None);
    assert!(code < 2, "{err}");
    assert_eq!(listing(&outdir), ["result.csv"]);
}

#[test]
fn a_file_size_limit_is_an_io_error_that_leaves_nothing() {
    let d = tmp("ulimit");
    let f = d.join("c.csv");
    gen::generate(20_000, 5, &f, false).unwrap();
    // One core, and two, where the thread that finishes a chunk writes the
    // chunks next in order: the failed write stops the reader either way.
    for jobs in ["1", "2"] {
        let out = d.join(format!("out-{jobs}"));
        std::fs::create_dir(&out).unwrap();
        let result = out.join("result.csv");
        // ulimit -f counts blocks of 512 or 1024 bytes: at most 100 KiB here,
        // and the results of 20,000 households are over a megabyte.
        let script = format!(
            "ulimit -f 100 && exec \"$0\" batch {} -o {} --jobs {jobs}",
            s(&f),
            s(&result)
        );
        let o = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_dibao")])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(2),
            "--jobs {jobs}: killed by a signal? {:?} {err}",
            o.status
        );
        assert!(err.contains("result.csv") && err.contains("error"), "{err}");
        assert!(listing(&out).is_empty(), "{:?}", listing(&out));
    }
}

#[test]
fn a_missing_output_folder_is_named_as_written() {
    let d = tmp("nodir");
    let (code, _, err) = dibao(
        &[
            "batch",
            "examples/caseload.csv",
            "-o",
            s(&d.join("no/such/dir/r.csv")),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/dir/r.csv") && !err.contains("dibao-tmp"),
        "{err}"
    );
}

//! Receipts in batch (docs/output.md, docs/batch.md): the run's parameters
//! hash in the summary, computed once for every pack loaded; with
//! `--receipts`, each household's own receipt in its row — the very receipt
//! `dibao assess` gives for that household.

use std::path::{Path, PathBuf};

use dibao::json::{self, Value};
use sha2::{Digest, Sha256};

mod common;
use common::{dibao, root};

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("receipts-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The run's parameters hash as docs/output.md defines it, from the packs'
/// texts: SHA-256 of `CODE SHA256(text)\n` per pack, sorted. `extra` are
/// packs loaded with `--params` (a code of a shipped pack replaces it).
fn expected_parameters_hash(extra: &[&str]) -> String {
    let mut packs: Vec<(String, String)> = Vec::new();
    let texts = dibao::Registry::builtin_files()
        .iter()
        .map(|(_, t)| t.to_string())
        .chain(
            extra
                .iter()
                .map(|p| std::fs::read_to_string(root().join(p)).unwrap()),
        );
    for text in texts {
        let v = json::parse(&text).unwrap();
        let code = v.get("code").and_then(Value::as_str).unwrap().to_owned();
        let hash = hex(&Sha256::digest(text.as_bytes()));
        packs.retain(|(c, _)| *c != code);
        packs.push((code, hash));
    }
    let mut lines: Vec<String> = packs.iter().map(|(c, h)| format!("{c} {h}\n")).collect();
    lines.sort();
    hex(&Sha256::digest(lines.concat().as_bytes()))
}

fn summary_receipt(path: &Path) -> (String, String, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let v = json::parse(&text).unwrap();
    let r = v.get("receipt").expect("the summary has a receipt");
    let n = match r.get("packs") {
        Some(Value::Number(n)) => n.parse().unwrap(),
        other => panic!("packs: {other:?}"),
    };
    (
        r.get("engine").and_then(Value::as_str).unwrap().to_owned(),
        r.get("parameters_sha256")
            .and_then(Value::as_str)
            .unwrap()
            .to_owned(),
        n,
    )
}

#[test]
fn the_summary_carries_the_runs_parameters_hash_with_or_without_receipts() {
    let d = tmp("summary");
    let (out, sum) = (d.join("r.csv"), d.join("s.json"));
    let (code, _, err) = dibao(
        &[
            "batch",
            "examples/caseload.csv",
            "-o",
            s(&out),
            "--summary",
            s(&sum),
            "--no-progress",
        ],
        None,
    );
    assert!(code <= 1, "{err}");
    let (engine, hash, packs) = summary_receipt(&sum);
    assert_eq!(engine, dibao::ENGINE);
    assert_eq!(hash, expected_parameters_hash(&[]));
    assert_eq!(packs, dibao::Registry::builtin_files().len());
    assert!(
        err.contains(&format!("Parameters hash ({packs} packs): {hash}")),
        "{err}"
    );
    // Without --receipts the rows carry no hashes.
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("哈希"), "{text}");
    // A pack of one's own changes the run's hash, and is counted in it.
    let own = "tests/packs/support_formula.json";
    let (code, _, err) = dibao(
        &[
            "batch",
            "examples/caseload.csv",
            "-o",
            s(&out),
            "--summary",
            s(&sum),
            "--params",
            own,
            "--no-progress",
        ],
        None,
    );
    assert!(code <= 1, "{err}");
    let (_, with_own, n) = summary_receipt(&sum);
    assert_ne!(with_own, hash);
    assert_eq!(with_own, expected_parameters_hash(&[own]));
    assert_eq!(n, packs + 1);
}

#[test]
fn each_row_carries_the_receipt_dibao_assess_gives_for_its_household() {
    let d = tmp("rows");
    let lines = std::fs::read_to_string(root().join("examples/caseload.jsonl")).unwrap();
    let (one, two) = (d.join("j1.jsonl"), d.join("j2.jsonl"));
    for (path, jobs) in [(&one, "1"), (&two, "2")] {
        let (code, _, err) = dibao(
            &[
                "batch",
                "examples/caseload.jsonl",
                "-o",
                s(path),
                "--receipts",
                "--jobs",
                jobs,
                "--no-progress",
            ],
            None,
        );
        assert!(code <= 1, "{err}");
    }
    let rows = std::fs::read_to_string(&one).unwrap();
    assert_eq!(
        rows,
        std::fs::read_to_string(&two).unwrap(),
        "--jobs 2 writes the same bytes"
    );
    let mut by_case = Vec::new();
    for (line, row) in lines.lines().zip(rows.lines()) {
        let (code, assessed, err) =
            dibao(&["assess", "-", "--format", "json"], Some(line.as_bytes()));
        assert_eq!(code, 0, "{err}");
        let assessed = json::parse(&assessed).unwrap();
        let want = assessed.get("receipt").expect("assess gives a receipt");
        let row = json::parse(row).unwrap();
        assert_eq!(row.get("receipt"), Some(want), "{line}");
        let case = row
            .get("case_id")
            .and_then(Value::as_str)
            .unwrap()
            .to_owned();
        let hashes = ["parameters_sha256", "input_sha256"]
            .map(|k| want.get(k).and_then(Value::as_str).unwrap().to_owned());
        by_case.push((case, hashes));
    }
    assert!(by_case.len() >= 5);
    // The same households from the CSV caseload: the same hashes, in two columns.
    let csv = d.join("r.csv");
    let (code, _, err) = dibao(
        &[
            "batch",
            "examples/caseload.csv",
            "-o",
            s(&csv),
            "--receipts",
            "--lang",
            "en",
            "--no-progress",
        ],
        None,
    );
    assert!(code <= 1, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .ends_with(",referrals,parameters_sha256,input_sha256"));
    let mut matched = 0;
    for line in lines {
        let fields: Vec<&str> = line.rsplitn(3, ',').collect();
        let case = line.split(',').next().unwrap();
        if let Some((_, [p, i])) = by_case.iter().find(|(c, _)| c == case) {
            assert_eq!((fields[1], fields[0]), (p.as_str(), i.as_str()), "{case}");
            matched += 1;
        }
    }
    assert_eq!(matched, by_case.len());
}

#[test]
fn an_invalid_household_has_no_receipt() {
    let d = tmp("invalid");
    let input = d.join("in.jsonl");
    std::fs::write(
        &input,
        "{\"case_id\":\"ok\",\"region\":\"CN\",\"date\":\"2024-03-15\",\"policy\":{\"standard\":\"1000\"},\"members\":[{\"id\":\"A\",\"relation\":\"self\",\"age\":40}]}\n\
         {\"case_id\":\"bad\",\"region\":\"CN\",\"date\":\"2024-03-15\",\"members\":[]}\n",
    )
    .unwrap();
    let out = d.join("out.jsonl");
    let (code, _, err) = dibao(
        &[
            "batch",
            s(&input),
            "-o",
            s(&out),
            "--receipts",
            "--no-progress",
        ],
        None,
    );
    assert_eq!(code, 1, "{err}");
    let rows = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = rows.lines().collect();
    assert!(rows[0].contains("\"receipt\":{\"engine\":"), "{}", rows[0]);
    assert!(
        rows[1].contains("\"outcome\":\"invalid\"") && rows[1].contains("\"receipt\":null"),
        "{}",
        rows[1]
    );
    let csv = d.join("out.csv");
    dibao(
        &[
            "batch",
            s(&input),
            "-o",
            s(&csv),
            "--receipts",
            "--lang",
            "en",
            "--no-progress",
        ],
        None,
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let bad = text.lines().find(|l| l.starts_with("bad,")).unwrap();
    assert!(bad.ends_with(",,"), "{bad}");
}

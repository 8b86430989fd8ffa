//! Golden cases: `tests/cases/**/*.json`, each with an input, the source of
//! its numbers, the expected fields (checked always) and a full snapshot of
//! the output (`*.out.json`, byte for byte; `DIBAO_BLESS=1` rewrites it).
//! The same files run through the CLI (cli/tests) and WASM (wasm/tests).

use std::fs;
use std::path::{Path, PathBuf};

use dibao::json::{self, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[path = "support/cases.rs"]
mod cases;
use cases::{case_files, mask};

/// Runs one case through the core; returns the output text.
fn run(case: &Value) -> Result<String, String> {
    let mut a = dibao::Assessor::new();
    if let Some(Value::Array(packs)) = case.get("params") {
        for p in packs {
            let path = p.as_str().unwrap();
            let text = fs::read_to_string(root().join(path)).unwrap();
            a.add_pack(path, &text).map_err(|e| e.to_json())?;
        }
    }
    a.assess_json(&case.get("input").expect("a case has an input").to_string())
}

#[test]
fn golden_cases() {
    let files = case_files();
    assert!(
        files.len() >= 30,
        "expected the golden suite, found {} cases",
        files.len()
    );
    let bless = std::env::var_os("DIBAO_BLESS").is_some();
    let mut failures = Vec::new();
    for f in &files {
        let name = f.strip_prefix(root()).unwrap().display().to_string();
        let text = fs::read_to_string(f).unwrap();
        let case = json::parse(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(
            case.get("source")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty()),
            "{name}: every case cites the source of its numbers"
        );
        let out = mask(&match run(&case) {
            Ok(o) => o,
            Err(e) => e,
        });
        let got = json::parse(&out).unwrap();
        match (case.get("expect"), case.get("expect_errors")) {
            (Some(Value::Object(fields)), None) => {
                for (k, want) in fields {
                    if got.get(k) != Some(want) {
                        failures.push(format!(
                            "{name}: `{k}` expected {want}, got {}",
                            got.get(k).map_or("nothing".into(), |v| v.to_string())
                        ));
                    }
                }
            }
            (None, Some(Value::Array(want))) => {
                let errs = match got.get("errors") {
                    Some(Value::Array(e)) => e.clone(),
                    _ => Vec::new(),
                };
                let pairs: Vec<(String, String)> = errs
                    .iter()
                    .map(|e| {
                        (
                            e.get("code").unwrap().to_string(),
                            e.get("field").unwrap().to_string(),
                        )
                    })
                    .collect();
                let wanted: Vec<(String, String)> = want
                    .iter()
                    .map(|e| {
                        (
                            e.get("code").unwrap().to_string(),
                            e.get("field").unwrap().to_string(),
                        )
                    })
                    .collect();
                if pairs != wanted {
                    failures.push(format!("{name}: errors expected {wanted:?}, got {pairs:?}"));
                }
            }
            _ => panic!("{name}: a case has exactly one of `expect` and `expect_errors`"),
        }
        let snap = f.with_extension("out.json");
        if bless {
            fs::write(&snap, &out).unwrap();
        } else {
            match fs::read_to_string(&snap) {
                Ok(s) if s == out => {}
                Ok(_) => failures.push(format!(
                    "{name}: output differs from {} (run `cargo xtask bless` if intended)",
                    snap.display()
                )),
                Err(_) => failures.push(format!(
                    "{name}: no snapshot {} (run `cargo xtask bless`)",
                    snap.display()
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The snapshots mask `parameters_sha256`; this pins it for a fixed pack
/// (one that replaces the national base, so it is the only pack used), and
/// the input hash for a fixed household.
#[test]
fn the_receipt_is_pinned_for_a_fixed_test_pack() {
    let pack = r#"{"format": "dibao-region/1", "code": "CN",
  "name": {"zh": "测试", "en": "Test"}, "confirmed_through": "2030-12-31",
  "sources": {"t": {"title": "测试参数", "confidence": "verified"}},
  "parameters": {"standard": [{"from": "2024-01-01", "value": "1000", "source": "t"}]}}"#;
    let mut a = dibao::Assessor::new().with_trace(false);
    a.add_pack("test.json", pack).unwrap();
    let h = a
        .read(r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 70}]}"#)
        .unwrap();
    let r = a.assess(&h).unwrap().receipt.expect("a receipt by default");
    assert_eq!(r.engine, dibao::ENGINE);
    // sha256(sha256_hex(pack) + "\n"), computed independently.
    let params = "8645a8c9e36c1ed441df795c0363a0da2c14719e829ecd8fb343c899c8b4c398";
    assert_eq!(r.parameters_sha256, params);
    // sha256 of {"date":"2024-03-15","members":[{"age":70,"caregiver":false,…}],…,"region":"CN"}.
    let input = "803d903977d6536935b699b2be1fa02787d9cd835d5a1d53feb0d3fe3f20aba1";
    assert_eq!(r.input_sha256, input);
    let off = a.clone().with_receipts(false);
    assert_eq!(off.assess(&h).unwrap().receipt, None);
}

/// One assessor reused over every case, in order and back again (as a
/// batch does, through `assess_into` and the scratch it keeps between
/// households), gives each case what a fresh assessment gives it: nothing
/// of one household (its members, referrals, income) leaks into the next.
#[test]
fn a_reused_assessor_gives_each_case_its_own_result() {
    let mut households = Vec::new();
    for f in case_files() {
        let text = fs::read_to_string(&f).unwrap();
        let case = json::parse(&text).unwrap();
        // Cases with their own packs need an assessor of their own.
        if case.get("params").is_some() {
            continue;
        }
        let input = case.get("input").unwrap().to_string();
        if let Ok(h) = dibao::Assessor::new().read(&input) {
            households.push(h);
        }
    }
    assert!(households.len() >= 30, "{}", households.len());
    for detail in [true, false] {
        let fresh = dibao::Assessor::new().with_detail(detail);
        let mut reused = dibao::Assessor::new().with_detail(detail);
        let mut out = dibao::Assessment::default();
        let back = households.iter().rev();
        let mut compared = 0;
        for h in households.iter().chain(back) {
            let want = fresh.assess(h);
            let got = reused.assess_into(h, &mut out).map(|()| out.clone());
            match (want, got) {
                (Ok(want), Ok(got)) => {
                    assert!(want == got, "{}", h.case_id.as_deref().unwrap_or("?"));
                    compared += 1;
                }
                (Err(_), Err(_)) => {}
                _ => panic!("one failed, the other did not"),
            }
        }
        assert!(compared >= 60, "{compared}");
    }
}

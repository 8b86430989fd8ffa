//! Every golden case (`tests/cases/**/*.json`) through the WASM build, compared
//! byte for byte with the snapshot the native core wrote beside it
//! (`*.out.json`, by `cargo xtask bless`). Run with
//! `cargo test --target wasm32-unknown-unknown -p dibao-wasm` (Node, through
//! `wasm-bindgen-test-runner`; `cargo xtask test` does it).

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

mod cases {
    include!(concat!(env!("OUT_DIR"), "/golden_cases.rs"));
}

/// The engine's answer to one case file, as the native golden test computes
/// it (core/tests/golden.rs): the case's `input` re-serialised by the core's
/// JSON module, its `params` packs loaded first; the result or the errors.
fn answer(name: &str, case_text: &str) -> String {
    let case = dibao::json::parse(case_text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let input = case
        .get("input")
        .unwrap_or_else(|| panic!("{name}: a case has an input"))
        .to_string();
    let packs: Vec<&str> = match case.get("params") {
        Some(dibao::json::Value::Array(packs)) => packs
            .iter()
            .map(|p| p.as_str().expect("a pack path"))
            .collect(),
        _ => Vec::new(),
    };
    // The page loads the name table before assessing; so do the cases.
    let names = include_str!("../../regions/names.tsv");
    dibao_wasm::load_names(names).expect("regions/names.tsv loads");
    if packs.is_empty() {
        // Exactly what JavaScript calls.
        return mask(match dibao_wasm::assess(&input, true) {
            Ok(json) | Err(json) => json,
        });
    }
    // A case with its own packs gets an assessor of its own (the module's
    // shared one must not keep them).
    let mut assessor = dibao::Assessor::new();
    assessor.add_names(names).expect("regions/names.tsv loads");
    for path in packs {
        let (_, text) = cases::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("{name}: params file {path} not found"));
        if let Err(e) = assessor.add_pack(path, text) {
            return e.to_json();
        }
    }
    mask(match assessor.assess_json(&input) {
        Ok(json) | Err(json) => json,
    })
}

/// The output with `parameters_sha256` masked, as the native golden test
/// writes its snapshots (core/tests/support/cases.rs).
fn mask(out: String) -> String {
    const KEY: &str = "\"parameters_sha256\": \"";
    match out.find(KEY) {
        Some(at) => {
            let start = at + KEY.len();
            let end = out[start..].find('"').map_or(out.len(), |e| start + e);
            format!("{}(masked){}", &out[..start], &out[end..])
        }
        None => out,
    }
}

#[wasm_bindgen_test]
fn every_golden_case_matches_the_native_snapshot_byte_for_byte() {
    assert!(
        !cases::CASES.is_empty(),
        "no golden cases found under tests/cases"
    );
    let mut failures = Vec::new();
    for (name, case, snapshot) in cases::CASES {
        let got = answer(name, case);
        if got != *snapshot {
            let at = got
                .bytes()
                .zip(snapshot.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            failures.push(format!(
                "{name}: first difference at byte {at}\n  wasm:   {:?}\n  native: {:?}",
                got.get(at.saturating_sub(40)..(at + 40).min(got.len()))
                    .unwrap_or(""),
                snapshot
                    .get(at.saturating_sub(40)..(at + 40).min(snapshot.len()))
                    .unwrap_or("")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases::CASES.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn the_trace_switch_changes_only_the_trace() {
    let input = r#"{"region":"CN","date":"2024-03-15","policy":{"standard":"1000"},
        "members":[{"id":"A","relation":"self","age":40,"incomes":[{"kind":"wage","amount":"300"}]}]}"#;
    let with = dibao_wasm::assess(input, true).expect("valid household");
    let without = dibao_wasm::assess(input, false).expect("valid household");
    assert!(with.contains("\"trace\""));
    assert!(with.len() > without.len());
    assert!(
        without.contains("\"monthly_amount\": \"700.00\"")
            || without.contains("\"monthly_amount\":\"700.00\"")
    );
    // Switching back gives the first answer again.
    assert_eq!(
        dibao_wasm::assess(input, true).expect("valid household"),
        with
    );
}

#[wasm_bindgen_test]
fn invalid_input_gives_the_errors_object() {
    let err =
        dibao_wasm::assess(r#"{"date":"2024-03-15","members":[],"bogus":1}"#, true).unwrap_err();
    assert!(err.starts_with("{"), "{err}");
    assert!(err.contains("\"errors\""), "{err}");
    assert!(err.contains("bogus"), "{err}");
}

#[wasm_bindgen_test]
fn a_users_pack_is_loaded_and_listed() {
    let pack = r#"{
      "format": "dibao-region/1", "code": "371099",
      "name": { "zh": "某县", "en": "Some county" },
      "confirmed_through": "2026-12-31",
      "sources": { "n": { "title": "某县民政局通知", "confidence": "verified" } },
      "parameters": { "standard": [ { "from": "2026-01-01", "value": "1100", "source": "n" } ] }
    }"#;
    dibao_wasm::load_params("371099.json", pack).expect("a valid pack");
    assert!(dibao_wasm::regions().contains("371099"));
    let out = dibao_wasm::assess(
        r#"{"region":"371099","date":"2026-06-01","members":[{"id":"A","relation":"self","age":70}]}"#,
        false,
    )
    .expect("valid household");
    assert!(out.contains("1100.00"), "{out}");
    let bad = dibao_wasm::load_params("bad.json", "{}").unwrap_err();
    assert!(bad.contains("\"errors\""), "{bad}");
}

//! The CLI on real files: every golden case through `dibao assess
//! --format json` gives the snapshot bytes; exit codes; readable output.

use dibao::json::{self, Value};

mod common;
use common::root;

fn dibao(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    common::dibao(args, stdin.map(str::as_bytes))
}

#[path = "../../core/tests/support/cases.rs"]
mod cases;
use cases::{case_files, mask};

#[test]
fn golden_cases_through_the_cli() {
    let files = case_files();
    assert!(!files.is_empty());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let case = json::parse(&text).unwrap();
        let input = case.get("input").unwrap().to_string();
        let mut args = vec![
            "assess".to_owned(),
            "-".to_owned(),
            "--format".to_owned(),
            "json".to_owned(),
        ];
        if let Some(Value::Array(packs)) = case.get("params") {
            for p in packs {
                args.push("--params".into());
                args.push(p.as_str().unwrap().to_owned());
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, _) = dibao(&args, Some(&input));
        let snapshot = std::fs::read_to_string(f.with_extension("out.json")).unwrap();
        assert_eq!(mask(&stdout), snapshot, "{}", f.display());
        let want = if case.get("expect_errors").is_some() {
            1
        } else {
            0
        };
        assert_eq!(code, want, "{}", f.display());
    }
}

#[test]
fn readable_table_in_both_languages() {
    let (code, out, _) = dibao(&["assess", "examples/household.json"], None);
    assert_eq!(code, 0);
    assert!(out.contains("最低生活保障核算表"), "{out}");
    assert!(out.contains("月保障金：1755.00 元"), "{out}");
    assert!(out.contains("最低生活保障审核确认办法 第二十三条"), "{out}");
    let (code, out, _) = dibao(&["assess", "examples/household.json", "--lang", "en"], None);
    assert_eq!(code, 0);
    assert!(out.contains("Monthly amount: 1755.00 yuan"), "{out}");
}

#[test]
fn exit_codes() {
    // Invalid input: 1, errors JSON on stdout.
    let (code, out, _) = dibao(
        &["assess", "-", "--format", "json"],
        Some(r#"{"date": "x", "members": []}"#),
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("{\n  \"errors\": ["), "{out}");
    // Invalid input as text: 1, messages on stderr.
    let (code, _, err) = dibao(&["assess", "-"], Some("not json"));
    assert_eq!(code, 1);
    assert!(err.contains("invalid_json"), "{err}");
    // Usage and I/O: 2.
    assert_eq!(dibao(&["assess"], None).0, 2);
    assert_eq!(dibao(&["assess", "no/such/file.json"], None).0, 2);
    assert_eq!(dibao(&["assess", "-", "--format", "xml"], None).0, 2);
    assert_eq!(dibao(&["frobnicate"], None).0, 2);
    assert_eq!(dibao(&["assess", "--help"], None).0, 0);
}

#[test]
fn regions_lists_every_pack() {
    let (code, out, _) = dibao(&["regions", "--format", "json"], None);
    assert_eq!(code, 0);
    let v = json::parse(&out).unwrap();
    let Value::Array(regions) = v else {
        panic!("an array")
    };
    assert_eq!(regions.len(), dibao::Registry::builtin().packs().len());
    let (code, out, _) = dibao(&["regions"], None);
    assert_eq!(code, 0);
    assert!(out.contains("110000  北京市"), "{out}");
}

#[test]
fn users_own_pack() {
    let pack = root().join("target").join("cli-test-pack.json");
    std::fs::create_dir_all(pack.parent().unwrap()).unwrap();
    std::fs::write(
        &pack,
        r#"{"format": "dibao-region/1", "code": "371099", "name": {"zh": "测试县", "en": "Test county"},
            "confirmed_through": "2026-12-31", "sources": {"n": {"title": "测试通知", "doc_no": "测〔2026〕1号", "confidence": "verified"}},
            "parameters": {"standard": [{"from": "2026-01-01", "value": "1000", "source": "n"}]}}"#,
    )
    .unwrap();
    let input = r#"{"region": "371099", "date": "2026-03-01", "members": [{"id": "A", "relation": "self", "age": 60}]}"#;
    let (code, out, _) = dibao(
        &[
            "assess",
            "-",
            "--format",
            "json",
            "--params",
            pack.to_str().unwrap(),
        ],
        Some(input),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"monthly_amount\": \"1000.00\""), "{out}");
    std::fs::write(&pack, "{}").unwrap();
    let (code, out, _) = dibao(
        &[
            "assess",
            "-",
            "--format",
            "json",
            "--params",
            pack.to_str().unwrap(),
        ],
        Some(input),
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"code\": \"invalid_parameter\""), "{out}");
}

//! The `serde` feature against the golden cases (docs/api.md): the serde
//! shapes are the docs/input.md and docs/output.md JSON, checked on every
//! case — outputs serialised with serde_json equal the snapshots as JSON
//! values, inputs deserialised through serde equal `Household::from_json`,
//! and both read back to what was written. serde_json runs here with
//! `arbitrary_precision`, so numbers reach the crate as their digits; the
//! `f64` path is tested in the crate's unit tests (`serde_impls`).

use std::fs;
use std::path::{Path, PathBuf};

use dibao::json::{self, Value};
use dibao::{Assessment, Assessor, Household, Money};
use serde_json::Value as Json;

#[path = "support/cases.rs"]
mod cases;
use cases::{case_files, mask};

// The example (core/examples/caseload.rs) as a module, so that its job runs
// here; `cargo xtask test` also runs it as the program it is.
#[path = "../examples/caseload.rs"]
#[allow(dead_code)]
mod caseload;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One golden case: its name, its input as written (keys in their order),
/// the assessor with its packs, and its snapshot (masked, as stored).
struct Case {
    name: String,
    input: String,
    assessor: Result<Assessor, dibao::Errors>,
    snapshot: String,
}

fn cases() -> Vec<Case> {
    let files = case_files();
    assert!(files.len() >= 30, "the golden suite, found {}", files.len());
    files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(root()).unwrap().display().to_string();
            let text = fs::read_to_string(f).unwrap();
            let case = json::parse(&text).unwrap();
            let mut assessor = Ok(Assessor::new());
            if let Some(Value::Array(packs)) = case.get("params") {
                for p in packs {
                    let path = p.as_str().unwrap();
                    let pack = fs::read_to_string(root().join(path)).unwrap();
                    if let Ok(a) = &mut assessor {
                        if let Err(e) = a.add_pack(path, &pack) {
                            assessor = Err(e);
                        }
                    }
                }
            }
            Case {
                input: case.get("input").unwrap().to_string(),
                snapshot: fs::read_to_string(f.with_extension("out.json")).unwrap(),
                assessor,
                name,
            }
        })
        .collect()
}

/// The serde_json value of an assessment, its pack hash masked as the
/// snapshots mask it.
fn masked(a: &Assessment) -> Json {
    let mut v = serde_json::to_value(a).unwrap();
    if let Some(r) = v.get_mut("receipt") {
        r["parameters_sha256"] = Json::String("(masked)".into());
    }
    v
}

#[test]
fn every_golden_output_serialises_to_its_snapshot() {
    let (mut results, mut errors) = (0, 0);
    for c in cases() {
        let snapshot: Json = serde_json::from_str(&c.snapshot).unwrap();
        let got = match c
            .assessor
            .and_then(|a| a.read(&c.input).and_then(|h| a.assess(&h)))
        {
            Ok(a) => {
                results += 1;
                masked(&a)
            }
            Err(e) => {
                errors += 1;
                serde_json::to_value(&e).unwrap()
            }
        };
        assert_eq!(got, snapshot, "{}: serde differs from the snapshot", c.name);
    }
    assert!(
        results > 100 && errors > 10,
        "{results} results, {errors} errors"
    );
}

#[test]
fn the_serde_text_keeps_the_documented_key_order() {
    // Not only equal as values: serde_json's pretty printer writes the keys
    // in the order of to_json (arrays of scalars aside, which to_json keeps
    // on one line, the texts are the same).
    let h =
        Household::from_json(&fs::read_to_string(root().join("examples/household.json")).unwrap())
            .unwrap();
    let a = dibao::assess(&h).unwrap();
    let keys = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.trim_start().strip_prefix('"'))
            .filter_map(|l| l.split_once("\":").map(|(k, _)| k.to_owned()))
            .collect()
    };
    let pretty = serde_json::to_string_pretty(&a).unwrap();
    assert_eq!(keys(&pretty), keys(&a.to_json()));
}

#[test]
fn every_golden_input_deserialises_as_from_json_reads_it() {
    let (mut same, mut refused) = (0, 0);
    for c in cases() {
        let ours = Household::from_json(&c.input);
        let streamed = serde_json::from_str::<Household>(&c.input);
        // Through serde_json's own value (keys sorted, numbers kept exact).
        let via_value = serde_json::from_str::<Json>(&c.input)
            .map_err(|e| e.to_string())
            .and_then(|v| serde_json::from_value::<Household>(v).map_err(|e| e.to_string()));
        match (&ours, &streamed) {
            (Ok(h), Ok(s)) => {
                same += 1;
                assert_eq!(h, s, "{}", c.name);
                assert_eq!(via_value.as_ref(), Ok(h), "{}", c.name);
            }
            (Err(e), Err(s)) => {
                refused += 1;
                // serde's one message carries every error: code and path.
                let message = s.to_string();
                for err in e {
                    assert!(
                        message.contains(err.code()) && message.contains(err.field()),
                        "{}: {message} lacks {} at {}",
                        c.name,
                        err.code(),
                        err.field()
                    );
                }
                assert!(via_value.is_err(), "{}", c.name);
            }
            _ => panic!("{}: from_json {ours:?}, serde {streamed:?}", c.name),
        }
    }
    assert!(same > 100 && refused > 5, "{same} read, {refused} refused");
}

#[test]
fn households_read_back_to_what_was_written() {
    for c in cases() {
        let Ok(h) = Household::from_json(&c.input) else {
            continue;
        };
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(
            Household::from_json(&text).as_ref(),
            Ok(&h),
            "{}: {text}",
            c.name
        );
        assert_eq!(
            serde_json::from_str::<Household>(&text).unwrap(),
            h,
            "{}",
            c.name
        );
    }
}

#[test]
fn assessments_read_back_to_the_same_json() {
    let mut read = 0;
    for c in cases() {
        let snapshot: Json = serde_json::from_str(&c.snapshot).unwrap();
        if snapshot.get("errors").is_some() {
            continue;
        }
        let a: Assessment =
            serde_json::from_str(&c.snapshot).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        // Written again, by serde and by the JSON writer: the same result.
        assert_eq!(serde_json::to_value(&a).unwrap(), snapshot, "{}", c.name);
        assert_eq!(a.to_json(), mask(&c.snapshot), "{}", c.name);
        read += 1;
    }
    assert!(read > 100, "{read}");
}

#[test]
fn an_assessment_read_back_equals_the_original_where_it_is_whole_fen() {
    // examples/household.json: every figure is a whole number of fen, so
    // the value read back is the very value assessed.
    let h =
        Household::from_json(&fs::read_to_string(root().join("examples/household.json")).unwrap())
            .unwrap();
    let a = dibao::assess(&h).unwrap();
    let back: Assessment = serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
    // The one fact the §5 JSON does not carry: the applicant's own
    // citation (`counted_through` is `null` for the applicant).
    let mut original = a.clone();
    let applicant = &mut original.counted_members[0];
    assert_eq!(applicant.through, None);
    applicant.citation.clear();
    assert_eq!(back, original);
}

#[test]
fn money_from_json_numbers_is_exact() {
    let money = |t: &str| serde_json::from_str::<Money>(t).map_err(|e| e.to_string());
    assert_eq!(money("1234.5"), Ok(Money::fen(123450)));
    assert_eq!(money("\"1234.50\""), Ok(Money::fen(123450)));
    assert_eq!(money("2600"), Ok(Money::yuan(2600)));
    // Digits an f64 would lose are kept: 2^53 + 1 yuan and one fen.
    assert_eq!(
        money("9007199254740993.01").unwrap().to_string(),
        "9007199254740993.01"
    );
    // Three decimals, as digits: refused, not rounded.
    assert!(money("0.30000000000000004")
        .unwrap_err()
        .contains("more than two decimals"));
    assert!(money("1.005").is_err());
    // An exponent is refused, as in the JSON reader.
    assert!(money("1e3").is_err());
    assert!(money("true").is_err());
}

#[test]
fn a_serde_error_names_the_field_in_english_and_chinese() {
    let text = r#"{"date": "2024-03-15", "members": [
        {"id": "A", "relation": "self", "age": 40,
         "incomes": [{"kind": "wage", "amount": 1.005}], "incomse": []}]}"#;
    let e = serde_json::from_str::<Household>(text)
        .unwrap_err()
        .to_string();
    assert!(e.contains("members[0].incomes[0].amount"), "{e}");
    assert!(
        e.contains("invalid_amount") && e.contains("more than two decimals"),
        "{e}"
    );
    assert!(e.contains("小数超过两位"), "{e}");
    assert!(
        e.contains("members[0].incomse") && e.contains("unknown_field"),
        "{e}"
    );
    // A repeated key is refused, as the JSON reader refuses it.
    let twice = r#"{"date": "2024-03-15", "date": "2024-03-16", "members": []}"#;
    let e = serde_json::from_str::<Household>(twice)
        .unwrap_err()
        .to_string();
    assert!(e.contains("appears twice"), "{e}");
}

#[test]
fn parts_read_alone_are_checked_as_parts() {
    let m: dibao::Member = serde_json::from_str(
        r#"{"id": "A", "relation": "self", "birth_date": "1970-01-01",
            "incomes": [{"kind": "pension", "amount": "3000", "period": "year"}]}"#,
    )
    .unwrap();
    assert_eq!(m.incomes[0].period, dibao::Period::Year);
    assert!(m.cohabiting);
    let e = serde_json::from_str::<dibao::Member>(r#"{"id": "A", "relation": "boss", "age": 3}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("relation") && e.contains("invalid_value"), "{e}");
    let p: dibao::Period = serde_json::from_str(r#"{"months": 6}"#).unwrap();
    assert_eq!(p, dibao::Period::Months(6));
    assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"months":6}"#);
    let r: dibao::Relation = serde_json::from_str(r#""other_relative""#).unwrap();
    assert_eq!(r, dibao::Relation::OtherRelative);
    assert!(serde_json::from_str::<dibao::Relation>(r#""Self""#).is_err());
    let o: dibao::Outcome = serde_json::from_str(r#""dibao_individual""#).unwrap();
    assert_eq!(o, dibao::Outcome::DibaoIndividual);
    let d: dibao::Date = serde_json::from_str(r#""2024-02-29""#).unwrap();
    assert_eq!(serde_json::to_string(&d).unwrap(), r#""2024-02-29""#);
    assert!(serde_json::from_str::<dibao::Date>(r#""2023-02-29""#).is_err());
}

#[test]
fn the_caseload_example_stores_and_reads_back_its_records() {
    let mut store = Vec::new();
    caseload::run(caseload::SAMPLE, &mut store).unwrap();
    let stored = String::from_utf8(store).unwrap();
    assert_eq!(stored.lines().count(), 4);
    let summary = caseload::summarise(&stored).unwrap();
    // The two readable, assessable households, assessed directly.
    let mut want = Money::ZERO;
    for line in caseload::SAMPLE.lines().take(2) {
        let v: Json = serde_json::from_str(line).unwrap();
        let h = Household::from_json(&v["household"].to_string()).unwrap();
        want = want
            .checked_add(dibao::assess(&h).unwrap().monthly_amount)
            .unwrap();
    }
    assert_eq!(summary.monthly_total, want);
    // 济南 2024: 1114 × 3 − 2340 = 1002.00; 1114 − 0 (基础养老金 not counted) = 1114.00.
    assert_eq!(summary.monthly_total, Money::fen(211600));
    assert_eq!(summary.outcomes.get("dibao"), Some(&2));
    assert_eq!((summary.not_assessed, summary.unreadable), (1, 1));
    assert!(stored.contains("standard_unknown") && stored.contains("members[0].incomse"));
}

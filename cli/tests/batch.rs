//! `dibao batch`, `simulate` and `schema` on real files: CSV and JSON Lines
//! round trips, broken rows in the middle, GB18030, empty files, files that
//! are not caseloads at all, and the exit codes scripts gate on.

use std::path::{Path, PathBuf};

use dibao::json::{self, Value};

#[path = "../../xtask/src/gen.rs"]
mod gen;

mod common;
use common::{dibao, root};

/// A fresh directory for one test.
fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("batch-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The CSV output as rows of fields (no quoted commas in these tests' ids).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    // Results are written with a byte-order mark, for Excel.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("case_id,outcome,monthly_amount,recorded_amount,matches,difference,first_difference,warnings,errors,referrals")
    );
    // The last column (referrals) has no commas here; errors may.
    lines
        .map(|l| {
            let (l, referrals) = l.rsplit_once(',').unwrap();
            let mut row: Vec<String> = l.splitn(9, ',').map(str::to_owned).collect();
            row.push(referrals.to_owned());
            row
        })
        .collect()
}

fn summary(path: &Path) -> Value<'static> {
    // Leaked: a test's summary lives as long as the test.
    let text: &'static str = Box::leak(std::fs::read_to_string(path).unwrap().into_boxed_str());
    json::parse(text).unwrap()
}

fn num(v: &Value, key: &str) -> u64 {
    match v.get(key) {
        Some(Value::Number(n)) => n.parse().unwrap(),
        other => panic!("{key}: {other:?}"),
    }
}

#[test]
fn example_csv_and_jsonl_give_the_same_rows() {
    let d = tmp("examples");
    let (out_csv, out_jsonl, sum) = (d.join("a.csv"), d.join("b.csv"), d.join("s.json"));
    let (code, _, err) = dibao(
        &[
            "batch",
            "examples/caseload.csv",
            "-o",
            s(&out_csv),
            "--summary",
            s(&sum),
            "--lang",
            "en",
        ],
        None,
    );
    // One household's recorded amount is 25 yuan off: exit 1, and the summary says so.
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("不一致 1") && err.contains("1 mismatched"),
        "{err}"
    );
    let (code, _, _) = dibao(
        &[
            "batch",
            "examples/caseload.jsonl",
            "-o",
            s(&out_jsonl),
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 1);
    let a = std::fs::read_to_string(&out_csv).unwrap();
    assert_eq!(a, std::fs::read_to_string(&out_jsonl).unwrap());
    let rows = csv_rows(&a);
    assert_eq!(rows.len(), 6);
    let mismatch: Vec<_> = rows.iter().filter(|r| r[4] == "false").collect();
    assert_eq!(mismatch.len(), 1);
    assert_eq!(
        mismatch[0][..7],
        [
            "JN-2024-0003",
            "dibao",
            "2142.00",
            "2167.00",
            "false",
            "25.00",
            "household_income"
        ]
    );
    // CN-0001: 1000 × 3 − 1000 = 2000 (docs/rules.md on household totals).
    assert!(rows
        .iter()
        .any(|r| r[0] == "CN-0001" && r[2] == "2000.00" && r[4] == "true"));
    let v = summary(&sum);
    assert_eq!(num(&v, "households"), 6);
    assert_eq!(num(&v, "rows_in"), 14);
    assert_eq!(num(&v, "rows_out"), 6);
    assert_eq!(num(&v, "matched"), 5);
    assert_eq!(num(&v, "mismatched"), 1);
    assert_eq!(num(&v, "invalid"), 0);
    assert_eq!(
        v.get("total_monthly_amount").unwrap().as_str(),
        Some("9163.00")
    );
    assert_eq!(
        v.get("total_annual_amount").unwrap().as_str(),
        Some("109956.00")
    );
    assert_eq!(num(&v, "exit_code"), 1);
}

#[test]
fn generated_caseload_csv_equals_jsonl_row_for_row() {
    let d = tmp("generated");
    let n = 3000;
    gen::generate(n, 42, &d.join("c.csv"), false).unwrap();
    gen::generate(n, 42, &d.join("c.jsonl"), true).unwrap();
    let mut outs = Vec::new();
    for f in ["c.csv", "c.jsonl"] {
        let out = d.join(format!("{f}.out.jsonl"));
        let sum = d.join(format!("{f}.sum.json"));
        let (code, _, err) = dibao(
            &["batch", s(&d.join(f)), "-o", s(&out), "--summary", s(&sum)],
            None,
        );
        assert_eq!(code, 1, "{err}"); // recorded amounts are random: mismatches
        let v = summary(&sum);
        assert_eq!(num(&v, "households"), n);
        assert_eq!(num(&v, "rows_out"), n);
        assert_eq!(num(&v, "invalid"), 0, "{v}");
        let text: &'static str = Box::leak(std::fs::read_to_string(&out).unwrap().into_boxed_str());
        let mut rows = Vec::new();
        for line in text.lines() {
            // JSON Lines output; the `line` differs between the two inputs.
            let Value::Object(mut fields) = json::parse(line).unwrap() else {
                panic!("an object per line")
            };
            fields.retain(|(k, _)| k != "line");
            rows.push(Value::Object(fields));
        }
        assert_eq!(rows.len() as u64, n);
        outs.push(rows);
    }
    assert!(outs[0] == outs[1], "CSV and JSON Lines disagree");
    // Every outcome occurs in a caseload of this size.
    for o in ["dibao", "dibao_individual", "edge", "ineligible"] {
        let want = Value::String(o.into());
        assert!(
            outs[0].iter().any(|r| r.get("outcome") == Some(&want)),
            "{o}"
        );
    }
}

#[test]
fn broken_rows_in_the_middle_of_a_jsonl_file() {
    let d = tmp("broken-jsonl");
    let good = |id: &str| {
        format!(
            r#"{{"case_id": "{id}", "region": "CN", "date": "2024-03-15", "policy": {{"standard": "1000"}}, "recorded_amount": "1000.00", "members": [{{"id": "A", "relation": "self", "age": 70}}]}}"#
        )
    };
    let input = [
        good("G1"),
        r#"{"case_id": "B1", "date": "2024-03-15", "members": [ {"id": "A"#.to_owned(),
        good("G2"),
        r#"{"case_id": "B2", "date": "2024-02-30", "members": [{"id": "A", "relation": "self", "age": 70, "incomes": [{"kind": "wage", "amount": "1.005"}]}]}"#.to_owned(),
        String::new(),
        good("G3"),
    ]
    .join("\n");
    let f = d.join("in.jsonl");
    std::fs::write(&f, input).unwrap();
    let out = d.join("out.jsonl");
    let sum = d.join("sum.json");
    let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&out), "--summary", s(&sum)], None);
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Value> = text.lines().map(|l| json::parse(l).unwrap()).collect();
    assert_eq!(rows.len(), 5, "rows out = households in");
    let ids: Vec<_> = rows
        .iter()
        .map(|r| r.get("case_id").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["\"G1\"", "null", "\"G2\"", "\"B2\"", "\"G3\""]);
    fn errors<'a>(r: &Value<'a>) -> Vec<Value<'a>> {
        match r.get("errors") {
            Some(Value::Array(e)) => e.clone(),
            _ => panic!(),
        }
    }
    assert!(errors(&rows[0]).is_empty());
    let e = errors(&rows[1]);
    assert_eq!(e[0].get("code").unwrap().as_str(), Some("invalid_json"));
    assert_eq!(e[0].get("line").unwrap(), &Value::Number("2".into()));
    let e = errors(&rows[3]);
    let codes: Vec<_> = e
        .iter()
        .map(|e| e.get("code").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(codes, ["invalid_date", "invalid_amount"]);
    assert_eq!(
        e[1].get("field").unwrap().as_str(),
        Some("members[0].incomes[0].amount")
    );
    assert!(e[1]
        .get("zh")
        .unwrap()
        .as_str()
        .unwrap()
        .contains("小数超过两位"));
    assert_eq!(rows[3].get("outcome").unwrap().as_str(), Some("invalid"));
    assert_eq!(rows[4].get("line").unwrap(), &Value::Number("6".into()));
    assert_eq!(
        rows[4].get("monthly_amount").unwrap().as_str(),
        Some("1000.00")
    );
    let v = summary(&sum);
    assert_eq!(num(&v, "rows_in"), 5);
    assert_eq!(num(&v, "rows_out"), 5);
    assert_eq!(num(&v, "invalid"), 2);
    assert_eq!(num(&v, "matched"), 3);
}

#[test]
fn broken_rows_in_the_middle_of_a_csv_file() {
    let d = tmp("broken-csv");
    let mut input = b"case_id,region,date,standard,recorded_amount,member_id,relation,age,wage\n\
H1,CN,2024-03-15,1000,1500.00,A,self,40,500\n\
H2,CN,2024-03-15,1000,,A,self,40,5.005\n\
H2,,,,,B,boss,30,\n\
H3,CN,2024-03-15,1000,,A,self,40,\n\
H3,CN,2024-03-16,,,B,spouse,,\n"
        .to_vec();
    input.extend_from_slice(b"H4,CN,2024-03-15,1000,,A,self,40,\xff\xfe\xff\n");
    input.extend_from_slice(b"H5,CN,2024-03-15,1000,1000.00,A,self,70,\n");
    let f = d.join("in.csv");
    std::fs::write(&f, input).unwrap();
    let out = d.join("out.csv");
    let sum = d.join("sum.json");
    let (code, _, err) = dibao(
        &[
            "batch",
            s(&f),
            "-o",
            s(&out),
            "--summary",
            s(&sum),
            "--encoding",
            "utf-8",
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    let rows = csv_rows(&text);
    let ids: Vec<_> = rows.iter().map(|r| r[0].as_str()).collect();
    // H4's only line cannot be decoded: it is a row of its own, without an id.
    assert_eq!(ids, ["H1", "H2", "H3", "", "H5"], "{text}");
    assert_eq!(rows[0][..5], ["H1", "dibao", "500.00", "1500.00", "false"]);
    assert_eq!(rows[1][1], "invalid");
    assert!(
        rows[1][8].contains("[invalid_amount] 第3行 wage"),
        "{}",
        rows[1][8]
    );
    assert!(
        rows[1][8].contains("[invalid_value] 第4行 relation"),
        "{}",
        rows[1][8]
    );
    assert!(
        rows[2][8].contains("[conflicting_values] 第6行 date"),
        "{}",
        rows[2][8]
    );
    assert!(
        rows[2][8].contains("[age_or_birth_date] 第6行"),
        "{}",
        rows[2][8]
    );
    assert!(
        rows[3][8].contains("[invalid_encoding] 第7行"),
        "{}",
        rows[3][8]
    );
    assert!(rows[3][8].contains("not valid UTF-8"), "{}", rows[3][8]);
    assert_eq!(rows[4][..5], ["H5", "dibao", "1000.00", "1000.00", "true"]);
    let v = summary(&sum);
    assert_eq!(num(&v, "rows_in"), 7);
    assert_eq!(num(&v, "households"), 5);
    assert_eq!(num(&v, "rows_out"), 5);
    assert_eq!(num(&v, "invalid"), 3);
}

#[test]
fn gb18030_and_utf8_bom_read_alike() {
    let d = tmp("gb18030");
    let gb = root().join("cli/tests/data/caseload-gb18030.csv");
    let bytes = std::fs::read(&gb).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is GB18030, not UTF-8"
    );
    let (text, _, _) = encoding_decode(&bytes);
    let bom = d.join("bom.csv");
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(text.as_bytes());
    std::fs::write(&bom, b).unwrap();
    let mut outs = Vec::new();
    for (f, extra) in [
        (gb.clone(), None),
        (gb.clone(), Some("gb18030")),
        (bom, None),
    ] {
        let out = d.join("out.csv");
        let mut args = vec!["batch", s(&f), "-o", s(&out), "--lang", "en"];
        if let Some(e) = extra {
            args.extend(["--encoding", e]);
        }
        let (code, _, err) = dibao(&args, None);
        assert_eq!(code, 1, "{err}");
        outs.push(std::fs::read_to_string(&out).unwrap());
    }
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[0], outs[2]);
    let rows = csv_rows(&outs[0]);
    assert_eq!(rows.len(), 3);
    // 济南 2024: 1114 × 2, the basic pension not counted while exempt.
    assert_eq!(rows[0][..3], ["济南-001", "dibao", "2228.00"]);
    // 1114 × 2 − 1500.
    assert_eq!(rows[1][..3], ["济南-002", "dibao", "728.00"]);
    assert_eq!(rows[2][1], "invalid");
    assert!(rows[2][8].contains("第6行 性别"), "{}", rows[2][8]);
    assert!(rows[2][8].contains("第6行 工资性收入"), "{}", rows[2][8]);
    // Forcing UTF-8 on a GB18030 file: every data row is an encoding error.
    let out = d.join("utf8.csv");
    let (code, _, err) = dibao(
        &["batch", s(&gb), "-o", s(&out), "--encoding", "utf-8"],
        None,
    );
    // The header itself is GB18030 (Chinese column names): a file-level error.
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("表头") && err.contains("header"), "{err}");
}

/// GB18030 → UTF-8 for the test (the CLI's own decoder is what is tested).
fn encoding_decode(bytes: &[u8]) -> (String, (), ()) {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    assert!(!had_errors);
    (text.into_owned(), (), ())
}

#[test]
fn empty_files() {
    let d = tmp("empty");
    for name in ["empty.csv", "empty.jsonl", "blank.csv", "header.csv"] {
        let f = d.join(name);
        let text = match name {
            "blank.csv" => "\n\n",
            "header.csv" => "户编号,成员姓名,与户主关系,年龄,核算日期\n\n",
            _ => "",
        };
        std::fs::write(&f, text).unwrap();
        let out = d.join(format!("{name}.out.csv"));
        let sum = d.join("sum.json");
        let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&out), "--summary", s(&sum)], None);
        // Nothing to check is a file-level error: exit 2, nothing written.
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.contains("没有任何户") && err.contains("no household"),
            "{err}"
        );
        if name == "header.csv" {
            assert!(err.contains("只有表头"), "{err}");
        }
        assert!(!out.exists() && !sum.exists(), "{name}: nothing written");
        let (code, stdout, _) = dibao(&["simulate", s(&f), "--standard", "1200"], None);
        assert_eq!(code, 2, "{name}: {stdout}");
    }
}

#[test]
fn files_that_are_not_caseloads() {
    let d = tmp("not-csv");
    let cases: [(&str, &[u8]); 3] = [
        (
            "picture.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        ),
        (
            "letter.csv",
            "尊敬的领导：\n现将本月低保情况汇报如下。\n".as_bytes(),
        ),
        ("object.csv", br#"{"date": "2024-03-15", "members": []}"#),
    ];
    for (name, bytes) in cases {
        let f = d.join(name);
        std::fs::write(&f, bytes).unwrap();
        let out = d.join("out.csv");
        let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&out)], None);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains("错误") && err.contains("error"), "{err}");
        assert!(!out.exists(), "{name}: no output on a file-level error");
        let leftovers: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("dibao-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{name}: temporary file left behind");
    }
    // Unknown columns are refused by name, or skipped on request.
    let f = d.join("extra.csv");
    std::fs::write(
        &f,
        "case_id,date,standard,member_id,relation,age,联系电话\nH1,2024-03-15,1000,A,self,70,13800000000\n",
    )
    .unwrap();
    let out = d.join("extra.out.csv");
    let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&out)], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("联系电话") && err.contains("--ignore-unknown-columns"),
        "{err}"
    );
    let (code, _, err) = dibao(
        &[
            "batch",
            s(&f),
            "-o",
            s(&out),
            "--ignore-unknown-columns",
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("H1,dibao,1000.00"));
}

#[test]
fn usage_and_io_errors_exit_2_and_never_touch_the_input() {
    let d = tmp("usage");
    let f = d.join("in.csv");
    std::fs::copy(root().join("examples/caseload.csv"), &f).unwrap();
    let before = std::fs::read(&f).unwrap();
    let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&f)], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("输入") && err.contains("never overwritten"),
        "{err}"
    );
    // The same file by another name.
    let other = format!("{}/./in.csv", d.display());
    assert_eq!(dibao(&["batch", s(&f), "-o", &other], None).0, 2);
    assert_eq!(std::fs::read(&f).unwrap(), before);
    assert_eq!(dibao(&["batch", s(&f)], None).0, 2);
    assert_eq!(
        dibao(&["batch", "no/such.csv", "-o", s(&d.join("x.csv"))], None).0,
        2
    );
    assert_eq!(
        dibao(&["batch", s(&f), "-o", s(&d.join("no/dir/x.csv"))], None).0,
        2
    );
    assert_eq!(
        dibao(&["batch", s(&f), "-o", "x.csv", "--format", "xml"], None).0,
        2
    );
    assert_eq!(
        dibao(&["batch", s(&f), "-o", "x.csv", "--bogus"], None).0,
        2
    );
}

#[test]
fn stdin_and_stdout() {
    let input = std::fs::read(root().join("examples/caseload.jsonl")).unwrap();
    let (code, out, err) = dibao(&["batch", "-", "-o", "-", "--lang", "en"], Some(&input));
    assert_eq!(code, 1, "{err}");
    assert_eq!(csv_rows(&out).len(), 6);
    assert!(
        err.contains("Done: 6 rows in, 6 households, 6 rows out"),
        "{err}"
    );
    // Piped stderr: no progress bar.
    assert!(!err.contains('\r'), "{err}");
    let csv = std::fs::read(root().join("examples/caseload.csv")).unwrap();
    let (code, out, _) = dibao(&["batch", "-", "-o", "-", "--format", "jsonl"], Some(&csv));
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 6);
}

#[test]
fn all_matched_exits_0() {
    let d = tmp("all-matched");
    let text = std::fs::read_to_string(root().join("examples/caseload.jsonl")).unwrap();
    let fixed = text.replace(
        "\"recorded_amount\":\"2167.00\"",
        "\"recorded_amount\":\"2142.00\"",
    );
    assert_ne!(text, fixed);
    let f = d.join("ok.jsonl");
    std::fs::write(&f, fixed).unwrap();
    let (code, _, err) = dibao(&["batch", s(&f), "-o", s(&d.join("o.csv"))], None);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn simulate_a_higher_standard() {
    let d = tmp("simulate");
    let detail = d.join("detail.csv");
    let (code, out, err) = dibao(
        &[
            "simulate",
            "examples/caseload.csv",
            "--standard",
            "1500",
            "--format",
            "json",
            "--detail",
            s(&detail),
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v = json::parse(&out).unwrap();
    assert_eq!(num(&v, "households"), 6);
    assert_eq!(num(&v, "compared"), 6);
    let money = |v: &Value, path: &[&str]| -> String {
        let mut x = v;
        for p in path {
            x = x.get(p).unwrap();
        }
        x.as_str().unwrap().to_owned()
    };
    assert_eq!(money(&v, &["current", "monthly_cost"]), "9163.00");
    let detail = std::fs::read_to_string(&detail).unwrap();
    let lines: Vec<&str> = detail.lines().collect();
    assert_eq!(lines.len(), 7);
    // CN-0001: 1500 × 3 − 1000 = 3500, up 1500.
    assert!(
        lines.contains(&"CN-0001,dibao,2000.00,dibao,3500.00,1500.00,"),
        "{detail}"
    );
    // The totals are the sum of the detail.
    let mut sum = 0i64;
    for l in &lines[1..] {
        let f: Vec<&str> = l.split(',').collect();
        sum += (f[5].parse::<f64>().unwrap() * 100.0).round() as i64;
    }
    let change = money(&v, &["change", "monthly_cost"]);
    assert_eq!((change.parse::<f64>().unwrap() * 100.0).round() as i64, sum);
    assert_eq!(
        money(&v, &["change", "annual_cost"])
            .parse::<f64>()
            .unwrap(),
        change.parse::<f64>().unwrap() * 12.0
    );
    // Readable, both languages.
    let (code, out, _) = dibao(
        &["simulate", "examples/caseload.jsonl", "--standard", "1500"],
        None,
    );
    assert_eq!(code, 0);
    assert!(out.contains("年支出") && out.contains("新纳入"), "{out}");
    let (_, out, _) = dibao(
        &[
            "simulate",
            "examples/caseload.jsonl",
            "--standard",
            "1500",
            "--lang",
            "en",
        ],
        None,
    );
    assert!(
        out.contains("annual cost") && out.contains("newly eligible"),
        "{out}"
    );
    // A lower standard takes households out.
    let (_, out, _) = dibao(
        &[
            "simulate",
            "examples/caseload.csv",
            "--standard",
            "300",
            "--format",
            "json",
        ],
        None,
    );
    let v = json::parse(&out).unwrap();
    assert!(num(&v, "no_longer_eligible") > 0, "{out}");
    // Nothing to simulate: usage error.
    assert_eq!(dibao(&["simulate", "examples/caseload.csv"], None).0, 2);
    assert_eq!(
        dibao(
            &["simulate", "examples/caseload.csv", "--standard", "abc"],
            None
        )
        .0,
        2
    );
}

#[test]
fn schema_and_help() {
    let (code, out, _) = dibao(&["schema"], None);
    assert_eq!(code, 0);
    assert_eq!(out, dibao::input_schema());
    assert!(json::parse(&out).is_ok());
    for cmd in ["assess", "batch", "simulate", "regions", "schema"] {
        let (code, out, _) = dibao(&["help", cmd], None);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("示例 Examples:"), "{cmd}: {out}");
        let (code, out2, _) = dibao(&[cmd, "--help"], None);
        assert_eq!(code, 0, "{cmd}");
        assert_eq!(out, out2);
    }
    let (code, out, _) = dibao(&["--help"], None);
    assert_eq!(code, 0);
    for cmd in ["batch", "simulate", "schema"] {
        assert!(out.contains(cmd), "{out}");
    }
}

/// Every golden case the CSV can express, written as CSV rows (one per
/// member) and as a JSON Lines household: `dibao batch` gives the same row
/// for both, and the same receipt, so that the CSV reader made the same
/// household as the JSON reader. The property and support columns
/// (住房建筑面积, 非住宅房产数, 重病财产豁免, 车辆 by kind and value,
/// 赡养人赡养对象数, 赡养费来自, 收入超标日期 …) are each used by at least one case.
#[test]
fn golden_cases_read_alike_from_csv_and_json_lines() {
    let d = tmp("golden-csv");
    let cases_dir = root().join("tests/cases");
    let mut groups: std::collections::BTreeMap<Vec<String>, (String, String)> = Default::default();
    let header = golden_csv::header();
    let mut written = 0;
    let mut skipped = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.to_str().unwrap();
                n.ends_with(".json") && !n.ends_with(".out.json")
            })
            .collect();
        files.sort();
        for f in files {
            let text: &'static str =
                Box::leak(std::fs::read_to_string(&f).unwrap().into_boxed_str());
            let case = json::parse(text).unwrap();
            if case.get("expect_errors").is_some() {
                continue;
            }
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap().to_str().unwrap(),
                f.file_stem().unwrap().to_str().unwrap()
            );
            let params: Vec<String> = match case.get("params") {
                Some(Value::Array(ps)) => {
                    ps.iter().map(|p| p.as_str().unwrap().to_owned()).collect()
                }
                _ => Vec::new(),
            };
            let input = case.get("input").unwrap();
            match golden_csv::rows(&name, input, &header) {
                Ok(rows) => {
                    let (csv, jsonl) = groups.entry(params).or_default();
                    csv.push_str(&rows);
                    jsonl.push_str(&golden_csv::json_line(&name, input));
                    jsonl.push('\n');
                    written += 1;
                }
                Err(why) => skipped.push(format!("{name}: {why}")),
            }
        }
    }
    // Nearly every case: the few left out are said (a member with two
    // incomes of one kind, supported by two obligors …).
    assert!(
        written > 200,
        "{written} cases written; skipped: {skipped:#?}"
    );
    assert!(skipped.len() <= 2, "{skipped:#?}");
    let mut used = vec![false; header.len()];
    for (k, (params, (csv, jsonl))) in groups.iter().enumerate() {
        for line in csv.lines() {
            for (i, cell) in line.split(',').enumerate() {
                used[i] |= !cell.is_empty();
            }
        }
        let mut outs = Vec::new();
        for (ext, text) in [
            ("csv", format!("{}\n{csv}", header.join(","))),
            ("jsonl", jsonl.clone()),
        ] {
            let input = d.join(format!("g{k}.{ext}"));
            std::fs::write(&input, text).unwrap();
            let out = d.join(format!("g{k}.{ext}.out.jsonl"));
            let mut args = vec![
                "batch".to_owned(),
                s(&input).to_owned(),
                "-o".to_owned(),
                s(&out).to_owned(),
                "--receipts".to_owned(),
            ];
            for p in params {
                args.push("--params".to_owned());
                args.push(p.clone());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, _, err) = dibao(&args, None);
            assert!(code < 2, "{err}");
            let text: &'static str =
                Box::leak(std::fs::read_to_string(&out).unwrap().into_boxed_str());
            let rows: Vec<Value> = text
                .lines()
                .map(|line| {
                    let Value::Object(mut fields) = json::parse(line).unwrap() else {
                        panic!("an object per line")
                    };
                    // The line differs between the two inputs.
                    fields.retain(|(k, _)| k != "line");
                    Value::Object(fields)
                })
                .collect();
            outs.push(rows);
        }
        assert_eq!(outs[0].len(), outs[1].len());
        for (a, b) in outs[0].iter().zip(&outs[1]) {
            let case = a.get("case_id").and_then(Value::as_str).unwrap_or("?");
            assert_eq!(
                a.get("errors"),
                Some(&Value::Array(Vec::new())),
                "{case}: {a:?}"
            );
            assert!(
                a == b,
                "{case} reads differently from CSV and JSON Lines:\n{a:?}\n{b:?}"
            );
        }
    }
    for col in [
        "home_area",
        "non_residential",
        "serious_illness_exemption",
        "vehicles",
        "obligor_supports_total",
        "support_received_from",
        "above_standard_since",
        "married",
        "separate_household",
    ] {
        let i = header.iter().position(|h| h == col).unwrap();
        assert!(used[i], "no golden case uses {col}");
    }
}

/// Writes a golden case's household as caseload CSV rows.
mod golden_csv {
    use dibao::json::{self, Value};

    const HOUSEHOLD: &[&str] = &[
        "case_id",
        "region",
        "area",
        "date",
        "standard",
        "edge_multiple",
        "rounding",
        "gradual_exit_months",
        "recorded_amount",
        "current_amount",
        "employment_since",
        "above_standard_since",
        "deposits",
        "securities",
        "insurance",
        "claims",
        "other_financial",
        "vehicles",
        "homes",
        "home_area",
        "non_residential",
        "businesses",
        "serious_illness_exemption",
    ];
    /// Member columns that take the member's field of the same name as it is.
    const MEMBER: &[&str] = &[
        "relation",
        "age",
        "birth_date",
        "sex",
        "cohabiting",
        "support_obligation",
        "full_time_student",
        "independent",
        "serious_illness",
        "employed",
        "work_capacity",
        "caregiver",
        "married",
        "separate_household",
        "status",
        "clergy_years_apart",
        "spouse_of",
    ];
    const OBLIGOR: &[(&str, &str)] = &[
        ("obligor_household_size", "household_size"),
        ("obligor_household_income", "household_income"),
        ("obligor_sharing", "sharing"),
        ("obligor_payment", "actual_payment"),
        ("obligor_supports_total", "supports_total"),
    ];

    pub fn header() -> Vec<String> {
        let mut h: Vec<String> = HOUSEHOLD.iter().map(|s| s.to_string()).collect();
        h.push("member_id".into());
        h.extend(MEMBER.iter().map(|s| s.to_string()));
        for s in [
            "disability_grade",
            "disability_kind",
            "child_of",
            "support_received_from",
            "obligor_id",
        ] {
            h.push(s.into());
        }
        h.extend(OBLIGOR.iter().map(|(c, _)| c.to_string()));
        for k in dibao::IncomeKind::CODES
            .iter()
            .chain(dibao::DeductionKind::CODES)
        {
            h.push(k.to_string());
            h.push(format!("{k}_period"));
        }
        h
    }

    /// A scalar as its CSV cell (a JSON string's text, a number or flag as written).
    fn cell(v: &Value) -> Result<String, String> {
        match v {
            Value::String(s) if s.contains([',', '"', '\n']) => Err(format!("{s:?} needs quoting")),
            Value::String(s) | Value::Number(s) => Ok(s.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Ok(String::new()),
            other => Err(format!("{} is not a cell", other.type_name())),
        }
    }

    fn period(v: Option<&Value>) -> Result<String, String> {
        match v {
            None => Ok(String::new()),
            Some(Value::Object(_)) => cell(
                v.unwrap()
                    .get("months")
                    .ok_or("a period object without months")?,
            ),
            Some(v) => cell(v),
        }
    }

    fn list(v: Option<&Value>) -> Result<String, String> {
        match v {
            None => Ok(String::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .map(cell)
                .collect::<Result<Vec<_>, _>>()?
                .join(";")),
            Some(v) => cell(v),
        }
    }

    fn array<'v, 'a>(v: Option<&'v Value<'a>>) -> &'v [Value<'a>] {
        match v {
            Some(Value::Array(items)) => items,
            _ => &[],
        }
    }

    /// One line per member (the household columns on the first), or why
    /// the household cannot be written so.
    pub fn rows(case: &str, h: &Value, header: &[String]) -> Result<String, String> {
        let at = |name: &str| header.iter().position(|c| c == name).unwrap();
        let members = array(h.get("members"));
        let mut rows = vec![vec![String::new(); header.len()]; members.len()];
        let first = &mut rows[0];
        first[at("case_id")] = case.to_owned();
        let policy = h.get("policy");
        let assets = h.get("assets");
        let current = h.get("current");
        let zero = Value::Number("0".into());
        for col in HOUSEHOLD.iter().skip(1) {
            let v = match *col {
                "standard" | "edge_multiple" | "rounding" | "gradual_exit_months" => {
                    policy.and_then(|p| p.get(col))
                }
                "current_amount" => current.and_then(|c| c.get("monthly_amount")),
                "employment_since" | "above_standard_since" => current.and_then(|c| c.get(col)),
                "vehicles" => {
                    let vs = array(assets.and_then(|a| a.get("vehicles")));
                    let parts: Vec<String> = vs
                        .iter()
                        .map(|v| {
                            Ok(format!(
                                "{}:{}",
                                cell(v.get("kind").unwrap())?,
                                cell(v.get("value").unwrap())?
                            ))
                        })
                        .collect::<Result<_, String>>()?;
                    first[at(col)] = parts.join(";");
                    continue;
                }
                "deposits" => match assets {
                    // Declared, even with nothing in it: a 0 says so.
                    Some(a) => Some(a.get(col).unwrap_or(&zero)),
                    None => None,
                },
                "securities"
                | "insurance"
                | "claims"
                | "other_financial"
                | "homes"
                | "home_area"
                | "non_residential"
                | "businesses"
                | "serious_illness_exemption" => assets.and_then(|a| a.get(col)),
                _ => h.get(col),
            };
            if let Some(v) = v {
                first[at(col)] = cell(v)?;
            }
        }
        let obligors = array(h.get("obligors"));
        fn relation<'v>(m: &'v Value) -> &'v str {
            m.get("relation").and_then(Value::as_str).unwrap_or("")
        }
        let has_child = members.iter().any(|m| relation(m) == "child");
        if members
            .iter()
            .any(|m| relation(m) == "grandchild" && m.get("child_of").is_none() && has_child)
        {
            // The reader links it to the only child row (docs/batch.md): a
            // caseload cannot say that it has no parent among the members.
            return Err("a grandchild whose parent is not among the children".into());
        }
        for (row, m) in rows.iter_mut().zip(members) {
            row[at("member_id")] = cell(m.get("id").unwrap())?;
            for col in MEMBER {
                if let Some(v) = m.get(col) {
                    row[at(col)] = cell(v)?;
                }
            }
            if let Some(dis) = m.get("disability") {
                row[at("disability_grade")] = cell(dis.get("grade").unwrap())?;
                row[at("disability_kind")] = cell(dis.get("kind").unwrap())?;
            }
            row[at("child_of")] = list(m.get("child_of"))?;
            row[at("support_received_from")] = list(m.get("support_received_from"))?;
            for (key, kinds) in [
                ("incomes", dibao::IncomeKind::CODES),
                ("deductions", dibao::DeductionKind::CODES),
            ] {
                for item in array(m.get(key)) {
                    let kind = cell(item.get("kind").unwrap())?;
                    if !kinds.contains(&kind.as_str()) {
                        return Err(format!("{kind}: not a {key} kind"));
                    }
                    if !row[at(&kind)].is_empty() {
                        return Err(format!("two {kind} {key} on one member"));
                    }
                    row[at(&kind)] = cell(item.get("amount").unwrap())?;
                    row[at(&format!("{kind}_period"))] = period(item.get("period"))?;
                }
            }
        }
        // An obligor on the rows of the members it supports, its figures on
        // the first of them.
        for o in obligors {
            let id = cell(o.get("id").unwrap())?;
            let mut first = true;
            let supports = array(o.get("supports"));
            for (row, m) in rows.iter_mut().zip(members) {
                let mid = m.get("id").unwrap();
                if !supports.contains(mid) {
                    continue;
                }
                if !row[at("obligor_id")].is_empty() {
                    return Err("a member supported by two obligors".into());
                }
                row[at("obligor_id")] = id.clone();
                if first {
                    for (col, key) in OBLIGOR {
                        if let Some(v) = o.get(key) {
                            row[at(col)] = cell(v)?;
                        }
                    }
                    first = false;
                }
            }
            if first {
                return Err(format!("obligor {id} supports no member"));
            }
        }
        let mut out = String::new();
        for row in rows {
            // Later rows continue the household (an empty case id).
            out.push_str(&row.join(","));
            out.push('\n');
        }
        Ok(out)
    }

    /// The household as one JSON line, with the case's name as its case id.
    pub fn json_line(case: &str, h: &Value) -> String {
        let mut out = String::from("{\"case_id\":");
        json::write_str(&mut out, case);
        if let Value::Object(fields) = h {
            for (k, v) in fields.iter().filter(|(k, _)| k != "case_id") {
                out.push(',');
                json::write_str(&mut out, k);
                out.push(':');
                write(&mut out, v);
            }
        }
        out.push('}');
        out
    }

    fn write(out: &mut String, v: &Value) {
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => json::write_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(out, x);
                }
                out.push(']');
            }
            Value::Object(fields) => {
                out.push('{');
                for (i, (k, x)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::write_str(out, k);
                    out.push(':');
                    write(out, x);
                }
                out.push('}');
            }
        }
    }
}

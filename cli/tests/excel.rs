//! Caseworkers' real files (issue 13): id numbers checked, the same person
//! in two households found, every core, Excel in and out.

use std::path::{Path, PathBuf};

mod common;
use common::dibao;

/// A fresh directory for one test.
fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("excel-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A made-up id number (no real person's): 17 digits and the GB 11643
/// check character computed here.
fn id(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Rows of a JSON Lines result, as text.
fn jsonl(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

const HEAD: &str = "户编号,核算日期,低保标准,成员姓名,身份证号,与户主关系,年龄,出生日期,性别\n";

#[test]
fn id_numbers_are_checked() {
    let d = tmp("ids");
    let ok = id("11010519900101001"); // a man born 1990-01-01
    let x = (0..1000)
        .map(|n| format!("37010219850615{n:03}"))
        .find(|f| id(f).ends_with('X'))
        .map(|f| id(&f))
        .unwrap();
    let mut bad = ok.clone();
    bad.replace_range(17.., if ok.ends_with('9') { "8" } else { "9" });
    let feb30 = id("11010519900230002");
    let text = format!(
        "{HEAD}\
         H1,2024-06-01,1000,甲,{ok},本人,34,,男\n\
         H2,2024-06-01,1000,乙,{x},本人,38,,\n\
         H3,2024-06-01,1000,丙,{bad},本人,34,,\n\
         H4,2024-06-01,1000,丁,{feb30},本人,34,,\n\
         H5,2024-06-01,1000,戊,{ok},本人,33,,女\n\
         H6,2024-06-01,1000,己,{ok},本人,,1990-01-02,\n"
    );
    let input = d.join("ids.csv");
    std::fs::write(&input, text).unwrap();
    let out = d.join("out.jsonl");
    let (_, _, err) = dibao(&["batch", s(&input), "-o", s(&out), "--lang", "en"], None);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 6, "{err}");
    assert!(!rows[0].contains("id_number_"), "{}", rows[0]);
    assert!(!rows[1].contains("id_number_"), "{}", rows[1]);
    assert!(rows[2].contains("\"id_number_check_digit\""), "{}", rows[2]);
    assert!(rows[3].contains("\"id_number_birth_date\""), "{}", rows[3]);
    // Age 33 and 女 against a man of 34: two warnings.
    assert_eq!(
        rows[4].matches("\"id_number_mismatch\"").count(),
        2,
        "{}",
        rows[4]
    );
    assert!(
        rows[4].contains("与年龄（age）列的 33 岁不一致"),
        "{}",
        rows[4]
    );
    assert!(
        rows[5].contains("与出生日期（birth_date）列的 1990-01-02 不一致"),
        "{}",
        rows[5]
    );
    // Never the full number.
    let all = std::fs::read_to_string(&out).unwrap();
    for n in [&ok, &x, &bad, &feb30] {
        assert!(!all.contains(n.as_str()), "{n}");
    }
}

#[test]
fn the_same_person_in_two_households() {
    let d = tmp("dups");
    let a = id("11010519900101001");
    let b = id("11010519800202002");
    let text = format!(
        "{HEAD}\
         H1,2024-06-01,1000,甲,{a},本人,34,,\n\
         H1,2024-06-01,1000,乙,{b},配偶,44,,\n\
         H2,2024-06-01,1000,丙,,本人,,1970-03-03,\n\
         H3,2024-06-01,1000,丁,{a},本人,34,,\n\
         H4,2024-06-01,1000,丙,,本人,,1970-03-03,\n\
         H5,2024-06-01,1000,戊,,本人,50,,\n"
    );
    let input = d.join("dups.csv");
    std::fs::write(&input, &text).unwrap();
    // From a file: both rows of each pair.
    let out = d.join("out.jsonl");
    let (code, _, err) = dibao(&["batch", s(&input), "-o", s(&out)], None);
    assert!(code < 2, "{err}");
    let rows = jsonl(&out);
    let flagged: Vec<bool> = rows
        .iter()
        .map(|r| r.contains("duplicate_person"))
        .collect();
    assert_eq!(flagged, [true, true, true, true, false], "{rows:#?}");
    assert!(rows[0].contains("H3"), "{}", rows[0]);
    assert!(rows[2].contains("H1"), "{}", rows[2]);
    assert!(rows[1].contains("H4") && rows[3].contains("H2"));
    // From standard input: the later one only.
    let out2 = d.join("out2.jsonl");
    let (code, _, err) = dibao(
        &["batch", "-", "-o", s(&out2), "--input-format", "csv"],
        Some(text.as_bytes()),
    );
    assert!(code < 2, "{err}");
    let rows = jsonl(&out2);
    let flagged: Vec<bool> = rows
        .iter()
        .map(|r| r.contains("duplicate_person"))
        .collect();
    assert_eq!(flagged, [false, false, true, true, false], "{rows:#?}");
}

/// `copies` copies of an example caseload, the case ids made unique per copy.
fn replicate(example: &str, copies: usize) -> String {
    let text = std::fs::read_to_string(common::root().join(example)).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for c in 0..copies {
        for r in &rows {
            match r.split_once(',') {
                Some(("", rest)) => out.push_str(&format!(",{rest}\n")),
                Some((id, rest)) => out.push_str(&format!("{id}-{c},{rest}\n")),
                None => out.push_str(&format!("{r}\n")),
            }
        }
    }
    out
}

#[test]
fn every_core_writes_what_one_core_writes() {
    let d = tmp("jobs");
    for (name, example, copies) in [
        ("many.csv", "examples/caseload.csv", 500),
        ("export.csv", "examples/台账导出-clean.csv", 4),
    ] {
        let input = d.join(name);
        std::fs::write(&input, replicate(example, copies)).unwrap();
        for ext in ["csv", "jsonl"] {
            let mut outs = Vec::new();
            for jobs in ["1", "2", "3"] {
                let out = d.join(format!("{name}-{jobs}.{ext}"));
                let sum = d.join(format!("{name}-{jobs}.json"));
                let (code, _, err) = dibao(
                    &[
                        "batch",
                        s(&input),
                        "-o",
                        s(&out),
                        "--jobs",
                        jobs,
                        "--summary",
                        s(&sum),
                    ],
                    None,
                );
                assert!(code < 2, "{err}");
                let summary = std::fs::read_to_string(&sum).unwrap();
                let summary: Vec<String> = summary
                    .lines()
                    .filter(|l| {
                        !l.contains("second")
                            && !l.contains("peak_rss")
                            && !l.contains("\"output\"")
                    })
                    .map(str::to_owned)
                    .collect();
                outs.push((std::fs::read(&out).unwrap(), summary));
            }
            assert!(outs[0].0.len() > 1000);
            for o in &outs[1..] {
                assert!(o.0 == outs[0].0, "{name} {ext}: --jobs differ");
                assert_eq!(o.1, outs[0].1);
            }
        }
    }
}

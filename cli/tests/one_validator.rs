//! One validator (issue 15): a household read from CSV rows and the same
//! household read from a JSON line are refused for the same reasons — the
//! same error codes, at equivalent places (a CSV column on a member's row is
//! that member's field; a household column is the household's field) — or
//! read to the same household. Generated households, valid and broken in
//! the ways the readers check (ranges, codes, dates, links), both forms.

use dibao_cli::csv::Encoding;
use dibao_cli::rows::{InputFormat, Source};

#[path = "../../xtask/src/gen.rs"]
mod gen;

/// What a reader made of one household: the canonical household, or its
/// errors as sorted `(code, path)` pairs in docs/input.md paths.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    Household(String),
    Errors(Vec<(String, String)>),
}

/// The docs/input.md path of a CSV error: `column` on the household's row
/// `row` (0: the applicant's, where household columns are written).
fn json_path(column: &str, row: usize) -> String {
    let member = format!("members[{row}]");
    match column {
        "" => member,
        "member_id" => format!("{member}.id"),
        "age" | "sex" | "relation" | "full_time_student" | "serious_illness" => {
            format!("{member}.{column}")
        }
        "disability_grade" => format!("{member}.disability.grade"),
        "disability_kind" => format!("{member}.disability.kind"),
        "standard" | "edge_multiple" | "gradual_exit_months" | "rounding" => {
            format!("policy.{column}")
        }
        "deposits" | "homes" | "businesses" => format!("assets.{column}"),
        "current_amount" => "current.monthly_amount".into(),
        "employment_since" | "above_standard_since" => format!("current.{column}"),
        // region, date, area, case_id, recorded_amount, and core paths.
        other => other.into(),
    }
}

fn read_all(text: &str, format: InputFormat) -> Vec<Read> {
    let a = dibao::Assessor::new();
    let mut source = Source::new(text.as_bytes(), format, Encoding::Auto, false, "in");
    let mut out = Vec::new();
    loop {
        let item = match source.next(&a) {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(e) => panic!("the file does not read: {}", e.en),
        };
        let first_line = item.line;
        let read = match item.result() {
            Ok(h) => {
                let mut h = h.clone();
                h.case_id = None;
                Read::Household(h.to_canonical_json())
            }
            Err(errors) => {
                let mut e: Vec<(String, String)> = errors
                    .iter()
                    .map(|e| {
                        let path = match format {
                            InputFormat::Csv => json_path(&e.field, (e.line - first_line) as usize),
                            _ => e.field.clone(),
                        };
                        (e.code.to_owned(), path)
                    })
                    .collect();
                e.sort();
                Read::Errors(e)
            }
        };
        out.push(read);
    }
    out
}

/// Breaks household `h` in one of the ways the readers check, chosen by
/// `k`; returns what was broken (for the failure message).
fn break_one(h: &mut gen::Household, k: u64) -> &'static str {
    let last = h.members.len() - 1;
    match k % 12 {
        0 => {
            h.members[last].age = 131;
            "age above its range"
        }
        1 => {
            h.members[last].disability = Some((5, "visual"));
            "disability grade above its range"
        }
        2 => {
            h.members[last].disability = Some((0, "visual"));
            "disability grade below its range"
        }
        3 => {
            h.homes = Some(1001);
            "homes above its range"
        }
        4 => {
            h.standard = Some(0);
            "standard zero"
        }
        5 => {
            h.members[last].sex = "x";
            "unknown sex"
        }
        6 => {
            h.members[last].relation = "neighbour";
            "unknown relation"
        }
        7 => {
            h.current = Some((300, "2099-01-01"));
            "employment after the date"
        }
        8 => {
            h.members[last].disability = Some((2, "wooden"));
            "unknown disability kind"
        }
        9 => {
            h.date = "2024-02-30";
            "a date that does not exist"
        }
        10 => {
            h.members[0].age = 500;
            h.members[last].sex = "?";
            "two errors at once"
        }
        _ => "nothing (valid)",
    }
}

#[test]
fn csv_and_jsonl_refuse_the_same_households_for_the_same_reasons() {
    let n = 600;
    let (mut csv, mut jsonl) = (String::from(gen::CSV_HEADER), String::new());
    csv.push('\n');
    let mut broken = Vec::new();
    for i in 0..n {
        let mut h = gen::household(15, i);
        broken.push(break_one(&mut h, i));
        gen::csv_rows(&h, &mut csv);
        gen::json_line(&h, &mut jsonl);
    }
    let from_csv = read_all(&csv, InputFormat::Csv);
    let from_jsonl = read_all(&jsonl, InputFormat::Jsonl);
    assert_eq!(from_csv.len(), n as usize);
    assert_eq!(from_jsonl.len(), n as usize);
    let mut invalid = 0;
    for (i, (c, j)) in from_csv.iter().zip(&from_jsonl).enumerate() {
        assert_eq!(c, j, "household {i} ({}): CSV ≠ JSON Lines", broken[i]);
        if matches!(c, Read::Errors(_)) {
            invalid += 1;
        }
    }
    // Every breakage but the last kind is refused; the valid ones are read.
    assert_eq!(invalid, n - n / 12, "households refused");
}

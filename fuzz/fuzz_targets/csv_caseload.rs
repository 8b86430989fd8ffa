//! The CSV caseload reader (docs/batch.md), UTF-8 or GB18030, quoted
//! fields and all: each household is read or refused with errors that name
//! a column of the header (or the row as a whole).
#![no_main]

use dibao_cli::csv::Encoding;
use dibao_cli::rows::{InputFormat, Source};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// As `dibao batch` assesses (no trace, no detail): the batch's own path,
/// and many households an input, so each must be quick.
fn assessor() -> &'static dibao::Assessor {
    static A: OnceLock<dibao::Assessor> = OnceLock::new();
    A.get_or_init(|| dibao::Assessor::new().with_trace(false).with_detail(false))
}

/// Whether an error's field is the row as a whole, a column of the header,
/// a column the reader knows (a required one that is missing, named as in
/// the template), or a docs/input.md path.
fn known(names: &[String], field: &str) -> bool {
    field.is_empty()
        || names.iter().any(|n| n == field)
        || dibao_cli::csv::column(field).is_some()
        || dibao_fuzz::is_input_path(field)
}

fuzz_target!(|data: &[u8]| {
    let a = assessor();
    let mut source = Source::new(data, InputFormat::Csv, Encoding::Auto, false, "fuzz.csv");
    let mut names: Vec<String> = Vec::new();
    loop {
        if names.is_empty() {
            if let Some(h) = source.csv_header() {
                names = h.names.clone();
            }
        }
        let item = match source.next(a) {
            Ok(Some(item)) => item,
            Ok(None) => break,
            // A file-level refusal (header, unclosed quote): an answer.
            Err(_) => return,
        };
        match item.result() {
            Ok(h) => {
                if let Err(errors) = dibao_fuzz::check_household(a, h) {
                    // The core's own errors about the household built from
                    // the rows: a column, or a docs/input.md path.
                    for e in &errors.0 {
                        assert!(
                            known(&names, e.field()),
                            "error {} names {:?}",
                            e.code(),
                            e.field()
                        );
                    }
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in errors {
                    assert!(
                        known(&names, &e.field),
                        "error {} names {:?}, not a column",
                        e.code,
                        e.field
                    );
                }
            }
        }
    }
});

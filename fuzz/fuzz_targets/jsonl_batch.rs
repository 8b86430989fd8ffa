//! The JSON Lines batch reader (docs/batch.md): one household per non-blank
//! line, none lost, each a household or errors naming places in its line.
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

/// The input's lines as the reader numbers them (1-based, split at `\n`,
/// the byte-order mark off the first).
fn lines(data: &[u8]) -> Vec<&[u8]> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.split(|&b| b == b'\n').collect()
}

fuzz_target!(|data: &[u8]| {
    let a = assessor();
    let lines = lines(data);
    let mut source = Source::new(
        data,
        InputFormat::Jsonl,
        Encoding::Auto,
        false,
        "fuzz.jsonl",
    );
    let mut households = 0usize;
    loop {
        let item = match source.next(a) {
            Ok(Some(item)) => item,
            Ok(None) => break,
            // A file-level refusal (e.g. a line past the size cap) is an
            // answer too; nothing more to check.
            Err(_) => return,
        };
        households += 1;
        let line = usize::try_from(item.line).expect("a line number fits");
        let text = std::str::from_utf8(lines[line - 1]).ok();
        match item.result() {
            Ok(h) => {
                if let (Err(errors), Some(text)) = (dibao_fuzz::check_household(a, h), text) {
                    dibao_fuzz::check_error_paths(text, &errors);
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                assert!(
                    errors.iter().all(|e| e.line == item.line),
                    "an error on another line"
                );
                if let Some(text) = text {
                    dibao_fuzz::check_paths(
                        text,
                        errors.iter().map(|e| (e.code, e.field.as_str())),
                    );
                }
            }
        }
    }
    let non_blank = lines
        .iter()
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    assert_eq!(households, non_blank, "households lost or invented");
});

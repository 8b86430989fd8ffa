//! Native ≡ WASM beyond the golden set (issue 15): households from the
//! caseload generator ([`crate::gen`]), widened to every shipped region, to
//! dates past a pack's confirmed date and to invalid input, assessed by the
//! native core here, one §5 JSON (or §5 errors JSON) text per household. The
//! browser suite (`tests/web/differential.test.mjs`) assesses the same lines
//! with the WASM module in Node and compares the bytes.
//!
//! - `cargo xtask assess-lines IN.jsonl [OUT]`: the native runner alone
//!   (stdout without OUT), answers as a JSON text sequence (see [`assess_lines`]).
//! - [`prepare`]: what `cargo xtask web-test` runs first.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use dibao::Assessor;

use crate::gen;

/// Regions the generator does not use, each with a date its pack covers.
const MORE_PLACES: &[(&str, &str)] = &[
    ("310000", "2021-09-01"),
    ("330100", "2020-10-01"),
    ("370500", "2021-03-01"),
    ("370700", "2022-03-01"),
    ("371500", "2024-06-01"),
    ("440100", "2021-06-01"),
    ("442000", "2021-06-01"),
    ("370281", "2023-06-01"),
];

/// `n` JSON lines: the generator's households for `seed`, one in ten moved to
/// a region the generator does not use, one in ten dated after its pack's
/// confirmed date (a warning, an estimate on the last known standard), one in
/// twenty-five made invalid (an impossible date, a second applicant, an
/// unknown region, an age out of range), and the national rules given
/// varied local standards.
pub fn households(n: u64, seed: u64) -> String {
    let mut out = String::with_capacity(n as usize * 400);
    for i in 0..n {
        let mut h = gen::household(seed, i);
        match i % 10 {
            3 => {
                let (region, date) = MORE_PLACES[(i / 10) as usize % MORE_PLACES.len()];
                h.region = region;
                h.date = date;
                h.standard = None;
                // Its employment date belongs to the generator's place and
                // may come after this earlier date (an input error).
                h.current = None;
            }
            6 => h.date = "2027-03-01",
            _ => {}
        }
        if h.standard.is_some() {
            h.standard = Some(700 + (i * 37) % 900);
        }
        let mut line = String::new();
        gen::json_line(&h, &mut line);
        if i % 25 == 11 {
            line = match (i / 25) % 4 {
                0 => line.replacen(
                    &format!("\"date\":\"{}\"", h.date),
                    "\"date\":\"2024-02-30\"",
                    1,
                ),
                1 => line
                    .replacen("\"relation\":\"spouse\"", "\"relation\":\"self\"", 1)
                    .replacen("\"relation\":\"child\"", "\"relation\":\"self\"", 1),
                2 => line.replacen(
                    &format!("\"region\":\"{}\"", h.region),
                    "\"region\":\"999999\"",
                    1,
                ),
                _ => line.replacen("\"age\":", "\"age\":-", 1),
            };
        }
        out.push_str(&line);
    }
    out
}

/// Assesses every line with one assessor (trace on, as the page does): the
/// §5 JSON, or the §5 errors JSON, exactly as the core writes it (several
/// lines each), as a JSON text sequence (RFC 7464: each text after an ASCII
/// record separator, `\x1e`, and followed by a line feed).
pub fn assess_lines(input: &str) -> String {
    let assessor = Assessor::new();
    let mut out = String::with_capacity(input.len() * 24);
    for line in input.lines() {
        out.push('\u{1e}');
        match assessor.assess_json(line) {
            Ok(json) | Err(json) => out.push_str(&json),
        }
        out.push('\n');
    }
    out
}

/// Writes `households.jsonl` (`n` lines) and the native answers,
/// `native.json-seq`, into `dir`, for the differential test.
pub fn prepare(dir: &Path, n: u64, seed: u64) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let input = households(n, seed);
    let start = Instant::now();
    let output = assess_lines(&input);
    let took = start.elapsed();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("households.jsonl", &input)?;
    write("native.json-seq", &output)?;
    let mut note = String::new();
    let _ = write!(
        note,
        "xtask: differential: {n} households (seed {seed}) assessed natively in {:.2} s",
        took.as_secs_f64()
    );
    eprintln!("{note}");
    Ok(())
}

/// `cargo xtask assess-lines IN.jsonl [OUT.jsonl]`
pub fn command(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask assess-lines IN.jsonl [OUT]";
    let (input, out) = match args {
        [input] => (input, None),
        [input, out] => (input, Some(out)),
        _ => return Err(usage.into()),
    };
    let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let output = assess_lines(&text);
    match out {
        Some(out) => std::fs::write(out, output).map_err(|e| format!("{out}: {e}")),
        None => std::io::stdout()
            .write_all(output.as_bytes())
            .map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_answer_per_household_as_a_json_text_sequence() {
        let input = households(200, 15);
        assert_eq!(input.lines().count(), 200);
        let output = assess_lines(&input);
        let texts: Vec<&str> = output.split('\u{1e}').skip(1).collect();
        assert_eq!(texts.len(), 200);
        // Each text as the core writes it (ending in a line feed), then the separator's line feed.
        assert!(texts
            .iter()
            .all(|t| t.starts_with('{') && t.ends_with("}\n\n")));
        // Both kinds of answer are there: assessments and errors.
        assert!(texts.iter().any(|t| t.contains("\"outcome\"")));
        assert!(texts.iter().any(|t| t.contains("\"errors\"")));
        // Deterministic for the seed.
        assert_eq!(households(200, 15), input);
    }
}

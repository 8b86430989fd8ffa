//! A case-management service's nightly job, without the HTTP: applications
//! arrive in the service's own JSON envelope (a ticket around the
//! docs/input.md household), are read with serde straight into
//! `dibao::Household`, assessed, and stored as the service's own records
//! holding `dibao::Assessment`; the store is then read back into the same
//! types to report the night's totals.
//!
//! ```text
//! cargo run -p dibao --features serde --example caseload
//! cargo run -p dibao --features serde --example caseload -- IN.jsonl OUT.jsonl
//! ```
//!
//! `IN.jsonl` holds one application per line (`{"ticket": …, "household":
//! {…}}`; without it, the sample below); `OUT.jsonl` is the store (without
//! it, a file in the system's temporary directory). serde_json is used with
//! its `arbitrary_precision` feature, so amounts written as JSON numbers
//! reach dibao as their digits (docs/api.md).

use std::collections::BTreeMap;
use std::io::Write;

use dibao::{Assessment, Assessor, Household, Money};
use serde::{Deserialize, Serialize};

/// What the service receives: its own fields around dibao's household.
#[derive(Deserialize)]
pub struct Application {
    /// The service's ticket number.
    pub ticket: String,
    /// The household, in the docs/input.md shape, checked as dibao checks it.
    pub household: Household,
}

/// What the service stores, one per application (JSON Lines).
#[derive(Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Record {
    /// Assessed: the result, whatever it decides.
    Assessed {
        /// The ticket.
        ticket: String,
        /// dibao's result, in the docs/output.md shape (boxed: a result is
        /// large beside the other records).
        assessment: Box<Assessment>,
    },
    /// Read, but not assessable as given (no standard known, …): dibao's
    /// errors object, kept for the caseworker.
    NotAssessed {
        /// The ticket.
        ticket: String,
        /// `{"errors": [{"code", "field", "zh", "en"}]}`.
        errors: serde_json::Value,
    },
    /// Not an application: serde's message, which names every problem with
    /// its field path in English and Chinese.
    Unreadable {
        /// The line of the input (1-based).
        line: usize,
        /// Why.
        message: String,
    },
}

/// The night's totals, from the store.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Assessed applications per outcome code.
    pub outcomes: BTreeMap<String, usize>,
    /// What the assessed households are paid per month, together.
    pub monthly_total: Money,
    /// Applications that could not be assessed as given.
    pub not_assessed: usize,
    /// Lines that were not applications.
    pub unreadable: usize,
}

/// Four applications: two 济南 households (one declaring property, one with a
/// 城乡居民基础养老金 that is not counted), one under national rules without
/// the local standard (not assessable), one with a mistyped field.
pub const SAMPLE: &str = r#"{"ticket": "T-0001", "household": {"region": "370100", "area": "urban", "date": "2024-06-01", "assets": {"deposits": "8000", "homes": 1}, "members": [{"id": "A", "relation": "self", "age": 52, "incomes": [{"kind": "wage", "amount": 2600}], "deductions": [{"kind": "social_insurance", "amount": 260}]}, {"id": "B", "relation": "spouse", "age": 50, "disability": {"grade": 2, "kind": "physical"}}, {"id": "C", "relation": "child", "age": 19, "full_time_student": true}]}}
{"ticket": "T-0002", "household": {"region": "370100", "area": "urban", "date": "2024-06-01", "members": [{"id": "A", "relation": "self", "birth_date": "1950-04-12", "incomes": [{"kind": "basic_pension", "amount": 180}]}]}}
{"ticket": "T-0003", "household": {"date": "2024-06-01", "members": [{"id": "A", "relation": "self", "age": 70}]}}
{"ticket": "T-0004", "household": {"date": "2024-06-01", "members": [{"id": "A", "relation": "self", "age": 40, "incomse": []}]}}
"#;

/// Reads each application, assesses it and writes its record to `store`.
pub fn run(applications: &str, store: &mut impl Write) -> Result<(), String> {
    let assessor = Assessor::new();
    for (i, line) in applications.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = match serde_json::from_str::<Application>(line) {
            Ok(app) => match assessor.assess(&app.household) {
                Ok(assessment) => Record::Assessed {
                    ticket: app.ticket,
                    assessment: Box::new(assessment),
                },
                Err(errors) => Record::NotAssessed {
                    ticket: app.ticket,
                    errors: serde_json::to_value(&errors).map_err(|e| e.to_string())?,
                },
            },
            Err(e) => Record::Unreadable {
                line: i + 1,
                message: e.to_string(),
            },
        };
        serde_json::to_writer(&mut *store, &record).map_err(|e| e.to_string())?;
        store.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Reads the store back into the service's records and adds them up.
pub fn summarise(stored: &str) -> Result<Summary, String> {
    let mut s = Summary::default();
    for line in stored.lines() {
        match serde_json::from_str::<Record>(line).map_err(|e| e.to_string())? {
            Record::Assessed { assessment, .. } => {
                *s.outcomes
                    .entry(assessment.outcome.code().to_owned())
                    .or_default() += 1;
                s.monthly_total = s
                    .monthly_total
                    .checked_add(assessment.monthly_amount)
                    .ok_or("the total overflows")?;
            }
            Record::NotAssessed { .. } => s.not_assessed += 1,
            Record::Unreadable { .. } => s.unreadable += 1,
        }
    }
    Ok(s)
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let applications = match args.next() {
        Some(path) => std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?,
        None => SAMPLE.to_owned(),
    };
    let out = args.next().map_or_else(
        || std::env::temp_dir().join("dibao-caseload-example.jsonl"),
        std::path::PathBuf::from,
    );
    let mut store = Vec::new();
    run(&applications, &mut store)?;
    std::fs::write(&out, &store).map_err(|e| format!("{}: {e}", out.display()))?;
    let stored = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let summary = summarise(&stored)?;
    println!("stored in {}", out.display());
    for (outcome, n) in &summary.outcomes {
        println!("{outcome}: {n}");
    }
    println!("monthly total: {} yuan", summary.monthly_total);
    println!("not assessed: {}", summary.not_assessed);
    println!("unreadable: {}", summary.unreadable);
    Ok(())
}

//! # dibao — China's minimum living allowance (最低生活保障, 低保), exactly
//!
//! `dibao` decides whether a household qualifies for 低保 and computes its
//! monthly amount, exactly (decimal money, one rounding at the end), and
//! explains every step with the article of law it applies.
//!
//! ```
//! let household = dibao::Household::from_json(r#"{
//!   "region": "CN",
//!   "date": "2024-03-15",
//!   "policy": { "standard": "1483" },
//!   "members": [
//!     { "id": "A", "relation": "self", "age": 52,
//!       "incomes": [ { "kind": "wage", "amount": "2600", "period": "month" } ],
//!       "deductions": [ { "kind": "social_insurance", "amount": "260" } ] },
//!     { "id": "B", "relation": "spouse", "age": 50 },
//!     { "id": "C", "relation": "child", "age": 19, "full_time_student": true }
//!   ]
//! }"#).unwrap();
//!
//! let a = dibao::assess(&household).unwrap();
//! assert_eq!(a.outcome, dibao::Outcome::Dibao);
//! assert_eq!(a.monthly_amount.to_string(), "2109.00"); // 1483 × 3 − 2340
//! assert_eq!(a.per_capita_income.to_string(), "780.00");
//! ```
//!
//! ## The pipeline (docs/rules.md)
//!
//! 1. **Parameters** — [`Registry::resolve`] picks the region's values in
//!    force on `date` (each dated and sourced, falling back to the national
//!    base `CN`) and applies the household's `policy`. No standard → the
//!    error `standard_unknown`; a date past the region's `confirmed_through`
//!    → the warning `parameters_may_be_outdated`.
//! 2. **Membership** (审核确认办法 第七条) — who counts; each excluded member
//!    is listed with the reason.
//! 3. **Income** (审核确认办法 第十三条) — countable kinds made
//!    monthly, minus transfer expenditure and employment cost, plus imputed
//!    income and support from obligors; never below zero per member.
//! 4. **Property** (暂行办法 第九条; 审核确认办法 第十四条) — local limits, or
//!    `not_assessed` with a note.
//! 5. **Classification** — `dibao`, `gradual_exit`, `dibao_individual`,
//!    `edge`, `ineligible`, decided on exact household totals.
//! 6. **Amount** (暂行办法 第十二条; 审核确认办法 第二十三条) — difference or tiers,
//!    floors, supplements, then one rounding by the region's [`Rounding`].
//! 7. **Verification** — with `recorded_amount`, whether it matches and the
//!    first step that differs.
//!
//! Each stage is a function in its own module that returns a typed decision
//! (who, which amount, which clause, which reading) and writes no sentences;
//! the trace's and the reasons' Chinese and English sentences are rendered
//! from those facts in one place, and only when a trace or detail is asked
//! for. The picture of the stages, what each decides and which article it
//! applies is `docs/pipeline.md` in the repository.
//!
//! Nothing here does I/O or reads the clock: the date is an input, the region
//! packs are embedded at build time. Input errors are [`Errors`], each with a
//! field path and Chinese and English text; an ineligible household is a
//! result, not an error.
//!
//! ## serde (feature `serde`)
//!
//! [`Household`], [`Assessment`] and their parts are `Serialize` and
//! `Deserialize` in exactly the JSON shapes of `docs/input.md` and
//! `docs/output.md` (money a two-decimal string, codes snake_case); a
//! household read through serde is checked exactly as
//! [`Household::from_json`] checks it, every error at once. Use serde_json
//! with its `arbitrary_precision` feature, so that amounts written as JSON
//! numbers reach the crate as their digits; a number handed over as an
//! `f64` is read by its shortest round-trip decimal form, and refused (never
//! rounded) if that has more than two decimals. `docs/api.md` in the
//! repository has the details; `examples/caseload.rs` is a small service.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! #[derive(serde::Deserialize)]
//! struct Application { ticket: String, household: dibao::Household }
//!
//! let app: Application = serde_json::from_str(r#"{"ticket": "T-1", "household": {
//!   "date": "2024-03-15", "policy": { "standard": 1000 },
//!   "members": [ { "id": "A", "relation": "self", "age": 70 } ] }}"#).unwrap();
//! let a = dibao::assess(&app.household).unwrap();
//! let stored = serde_json::to_value(&a).unwrap();
//! assert_eq!(stored["monthly_amount"], "1000.00");
//! assert_eq!(stored["outcome"], "dibao");
//! # }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// The web page's first load is budgeted (150 KB gzip, docs/web.md). A `{:?}`
// or a panicking `&text[a..b]` pulls core's Debug formatting and its Unicode
// tables into the WASM module: 8 KB gzip when they were last removed
// (2026-12-06). Quote with `"{x}"`; slice with `get`.
#![deny(clippy::string_slice, clippy::use_debug)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod assess;
mod date;
mod error;
mod explain;
mod input;
pub mod json;
mod law;
pub mod limits;
mod model;
mod money;
mod output;
pub mod params;
mod read;
mod receipt;
// Not in the WASM module (the feature is off there); its messages quote
// with Debug formatting like serde's own.
#[cfg(feature = "serde")]
#[allow(clippy::use_debug)]
mod serde_impls;
mod sort;
mod stages;
mod trace;

pub use date::Date;
pub use error::{Error, Errors, Expected};
pub use input::{MAX_ITEMS, MAX_MEMBERS, MAX_PERIOD_MONTHS};
pub use model::*;
pub use money::{Money, MoneyError, Rounding, MAX_INPUT_YUAN};
pub use output::*;
pub use params::{Pack, Parameters, Registry};
pub use trace::{Note, Step};

/// The JSON Schema (draft 2020-12) of the docs/input.md household input.
///
/// The engine's own validation is stricter in places a schema cannot say
/// (exactly one applicant, unique ids, dates that exist); its errors are the
/// authority.
pub fn input_schema() -> &'static str {
    include_str!("schema.json")
}

/// Assesses a household under the shipped region packs, with the full trace.
///
/// Fails only when the household cannot be assessed as given (unknown region,
/// no standard known); an ineligible household is an `Ok` result.
pub fn assess(household: &Household) -> Result<Assessment, Errors> {
    Assessor::new().assess(household)
}

/// Assesses with options: the trace on or off, users' own parameter packs.
///
/// ```
/// let mut a = dibao::Assessor::new().with_trace(false);
/// a.add_pack("mine.json", r#"{
///   "format": "dibao-region/1", "code": "371099",
///   "name": { "zh": "某县", "en": "Some county" },
///   "confirmed_through": "2026-12-31",
///   "sources": { "n": { "title": "某县民政局通知", "confidence": "verified" } },
///   "parameters": { "standard": [ { "from": "2026-01-01", "value": "1100", "source": "n" } ] }
/// }"#).unwrap();
/// let out = a.assess_json(r#"{"region": "371099", "date": "2026-06-01",
///   "members": [ { "id": "A", "relation": "self", "age": 70 } ]}"#).unwrap();
/// assert!(out.contains(r#""monthly_amount": "1100.00""#));
/// ```
#[derive(Debug)]
pub struct Assessor {
    registry: std::borrow::Cow<'static, Registry>,
    trace: bool,
    detail: bool,
    receipts: bool,
    /// Parameters already resolved for a (region, date, policy): a caseload
    /// has few of them, and resolving is a good part of a summary assessment.
    cache: std::sync::Mutex<Vec<CacheEntry>>,
    /// What [`Assessor::assess_into`] reuses from one household to the next.
    scratch: Box<assess::Scratch>,
}

type CacheEntry = (Option<String>, Date, Policy, params::Resolved, Option<Area>);

/// How many resolutions an assessor keeps.
const CACHE_SIZE: usize = 16;

impl Clone for Assessor {
    fn clone(&self) -> Assessor {
        Assessor {
            registry: self.registry.clone(),
            trace: self.trace,
            detail: self.detail,
            receipts: self.receipts,
            cache: std::sync::Mutex::new(Vec::new()),
            scratch: Box::default(),
        }
    }
}

impl Default for Assessor {
    fn default() -> Self {
        Assessor::new()
    }
}

impl Assessor {
    /// The shipped packs, trace on.
    pub fn new() -> Assessor {
        Assessor {
            registry: std::borrow::Cow::Borrowed(Registry::builtin()),
            trace: true,
            detail: true,
            receipts: true,
            cache: std::sync::Mutex::new(Vec::new()),
            scratch: Box::default(),
        }
    }

    /// Turns the step-by-step trace on or off (off is several times faster).
    pub fn with_trace(mut self, trace: bool) -> Assessor {
        self.trace = trace;
        self
    }

    /// Summary mode (`false`): the figures, outcome, codes and verification
    /// only — no sentences in reasons and warnings, no trace, no income lines,
    /// no covered or excluded member lists, no region names, no list of
    /// parameters in force. For batch runs, where it is several times faster.
    /// On by default.
    pub fn with_detail(mut self, detail: bool) -> Assessor {
        self.detail = detail;
        self
    }

    /// Turns the receipt (docs/output.md: hashes of the packs used and of the
    /// canonical input) on or off. On by default; a batch run that does not
    /// ask for per-household receipts turns it off and pays nothing for it.
    pub fn with_receipts(mut self, receipts: bool) -> Assessor {
        self.receipts = receipts;
        self
    }

    /// Loads a user's region pack (format `regions/FORMAT.md`); a pack with
    /// the code of a shipped one replaces it.
    pub fn add_pack(&mut self, file: &str, json: &str) -> Result<(), Errors> {
        self.registry.to_mut().add_json(file, json)?;
        self.cache
            .get_mut()
            .map(Vec::clear)
            .unwrap_or_else(|e| e.into_inner().clear());
        Ok(())
    }

    /// Loads the GB/T 2260 name table (`regions/names.tsv`) at run time —
    /// for the WASM build, which does not embed it; returns the number of
    /// divisions read.
    pub fn add_names(&mut self, tsv: &str) -> Result<usize, Errors> {
        let n = self.registry.to_mut().add_names(tsv)?;
        self.cache
            .get_mut()
            .map(Vec::clear)
            .unwrap_or_else(|e| e.into_inner().clear());
        Ok(n)
    }

    /// The packs in use.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Assesses a household.
    pub fn assess(&self, household: &Household) -> Result<Assessment, Errors> {
        let run = |resolved: &params::Resolved| {
            let mut out = Assessment::default();
            let modes = (self.trace, self.detail);
            let mut scratch = assess::Scratch::default();
            assess::run(
                &self.registry,
                resolved,
                household,
                modes,
                &mut out,
                &mut scratch,
            )?;
            out.receipt = self
                .receipts
                .then(|| receipt(&self.registry, resolved, household));
            Ok(out)
        };
        // The cache stays locked while the household is assessed (cheaper
        // than sharing the entry out); a thread that finds it locked by
        // another resolves on its own rather than wait.
        let mut cache = match self.cache.try_lock() {
            Ok(cache) => cache,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                let region = Self::region(household);
                let resolved = self.registry.resolve_area(
                    region,
                    household.area,
                    household.date,
                    &household.policy,
                )?;
                return run(&resolved);
            }
        };
        run(resolve(&self.registry, &mut cache, household)?)
    }

    /// Assesses a household into `out`, reusing the allocations it holds:
    /// for loops over a caseload, where it saves allocating a result per
    /// household, and (the assessor being borrowed exclusively) taking a
    /// lock per household. After an error `out` holds nothing meaningful.
    ///
    /// ```
    /// let mut a = dibao::Assessor::new().with_trace(false);
    /// let mut out = dibao::Assessment::default();
    /// for age in [30, 70] {
    ///     let h = a.read(&format!(r#"{{"date": "2024-03-15", "policy": {{"standard": "1000"}},
    ///         "members": [{{"id": "A", "relation": "self", "age": {age}}}]}}"#)).unwrap();
    ///     a.assess_into(&h, &mut out).unwrap();
    ///     assert_eq!(out.monthly_amount.to_string(), "1000.00");
    /// }
    /// ```
    pub fn assess_into(
        &mut self,
        household: &Household,
        out: &mut Assessment,
    ) -> Result<(), Errors> {
        let cache = self.cache.get_mut().unwrap_or_else(|e| e.into_inner());
        let resolved = resolve(&self.registry, cache, household)?;
        let modes = (self.trace, self.detail);
        assess::run(
            &self.registry,
            resolved,
            household,
            modes,
            out,
            &mut self.scratch,
        )?;
        out.receipt = self
            .receipts
            .then(|| receipt(&self.registry, resolved, household));
        Ok(())
    }

    /// National rules are the packs' default: `"CN"` and no region are one.
    fn region(h: &Household) -> Option<&str> {
        h.region.as_deref().filter(|r| *r != "CN")
    }

    /// Reads docs/input.md JSON into a household, reporting every problem at once —
    /// including an unknown region, which needs this assessor's packs.
    pub fn read(&self, input: &str) -> Result<Household, Errors> {
        Household::from_json(input).map_err(|mut e| {
            let region = json::parse(input)
                .ok()
                .and_then(|v| v.get("region").and_then(|r| r.as_str().map(str::to_owned)));
            if let Some(code) = region.filter(|c| !self.registry.knows(c)) {
                e.0.insert(
                    0,
                    Error::UnknownRegion {
                        field: "region".into(),
                        code,
                    },
                );
            }
            e
        })
    }

    /// Reads docs/input.md JSON and assesses it: `Ok` with the §5 JSON, `Err` with
    /// the §5 errors JSON. Identical bytes natively and in WASM.
    pub fn assess_json(&self, input: &str) -> Result<String, String> {
        self.read(input)
            .and_then(|h| self.assess(&h))
            .map(|a| a.to_json())
            .map_err(|e| e.to_json())
    }

    /// The regions available, as JSON (see [`Registry::to_json`]).
    pub fn regions_json(&self) -> String {
        self.registry.to_json()
    }
}

/// The receipt: the engine, the packs used (the national base, then the
/// region's own pack) and the canonical input, hashed.
fn receipt(registry: &Registry, resolved: &params::Resolved, h: &Household) -> Receipt {
    let pack = &registry.packs()[resolved.pack];
    let mut hashes = Vec::with_capacity(2);
    if let Some(base) = registry.get("CN").filter(|b| b.code != pack.code) {
        hashes.push(base.sha256.as_str());
    }
    hashes.push(pack.sha256.as_str());
    Receipt {
        engine: ENGINE,
        parameters_sha256: receipt::combine(&hashes),
        input_sha256: receipt::sha256_hex(receipt::canonical_input(h).as_bytes()),
    }
}

/// The parameters for a household's region, date and policy, from the
/// cache when it has them.
fn resolve<'c>(
    registry: &Registry,
    cache: &'c mut Vec<CacheEntry>,
    h: &Household,
) -> Result<&'c params::Resolved, Errors> {
    let region = Assessor::region(h);
    // The date first: it is the cheapest to compare and tells most
    // entries apart.
    let found = cache.iter().position(|(reg, date, policy, _, area)| {
        *date == h.date && reg.as_deref() == region && *policy == h.policy && *area == h.area
    });
    let at = match found {
        Some(at) => at,
        None => {
            let r = registry.resolve_area(region, h.area, h.date, &h.policy)?;
            if cache.len() == CACHE_SIZE {
                cache.remove(0);
            }
            let key = (region.map(str::to_owned), h.date, h.policy.clone());
            cache.push((key.0, key.1, key.2, r, h.area));
            cache.len() - 1
        }
    };
    Ok(&cache[at].3)
}

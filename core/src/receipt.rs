//! The receipt (docs/output.md): which engine, which region packs (as loaded) and
//! which input produced an assessment, as SHA-256 hashes, so that a printed
//! 核算表 can be reproduced and checked later.
//!
//! The canonical input is the §4 object with its keys sorted, no
//! whitespace, amounts as two-decimal strings and defaults filled in
//! (`cohabiting: true`, `period: "month"`, …). Hashing is byte-exact Rust
//! (no floats), so native and WASM builds give the same receipt.

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::json::Value;
use crate::model::{Age, Assets, Household, Member, Obligor, Period, Policy};
use crate::money::Money;

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of several hashes (given as hex), in order: the parameters
/// hash of an assessment that used more than one pack.
pub(crate) fn combine(hashes: &[&str]) -> String {
    let mut h = Sha256::new();
    for x in hashes {
        h.update(x.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

impl Household {
    /// The household as canonical JSON (docs/output.md, `receipt`): the
    /// docs/input.md object with its keys sorted, no whitespace, amounts as
    /// two-decimal strings and defaults filled in. Reading it back with
    /// [`Household::from_json`] gives a household that assesses the same
    /// and has the same canonical text.
    ///
    /// ```
    /// let h = dibao::Household::from_json(r#"{"date": "2024-03-15",
    ///   "members": [ { "id": "A", "relation": "self", "age": 40 } ]}"#).unwrap();
    /// let again = dibao::Household::from_json(&h.to_canonical_json()).unwrap();
    /// assert_eq!(again.to_canonical_json(), h.to_canonical_json());
    /// ```
    pub fn to_canonical_json(&self) -> String {
        canonical_input(self)
    }
}

/// The canonical input text of a household (see the module's doc).
pub(crate) fn canonical_input(h: &Household) -> String {
    let mut fields = vec![
        field("date", text(h.date.to_string())),
        field(
            "members",
            Value::Array(h.members.iter().map(member).collect()),
        ),
        field(
            "obligors",
            Value::Array(h.obligors.iter().map(obligor).collect()),
        ),
        field("policy", policy(&h.policy)),
    ];
    if let Some(id) = &h.case_id {
        fields.push(field("case_id", text(id.clone())));
    }
    fields.push(field(
        "region",
        text(h.region.clone().unwrap_or_else(|| "CN".into())),
    ));
    // The area decides the standard where a region publishes one per area
    // (urban, rural): without it two households differing only there had
    // the same canonical input and receipt (found by the household_json
    // fuzz target). Only where given, so that other inputs keep their hash.
    if let Some(a) = h.area {
        fields.push(field("area", text(a.code())));
    }
    if let Some(a) = &h.assets {
        fields.push(field("assets", assets(a)));
    }
    if let Some(c) = &h.current {
        let mut cur = vec![field("monthly_amount", money(c.monthly_amount))];
        if let Some(d) = c.employment_since {
            cur.push(field("employment_since", text(d.to_string())));
        }
        if let Some(d) = c.above_standard_since {
            cur.push(field("above_standard_since", text(d.to_string())));
        }
        fields.push(field("current", Value::Object(cur)));
    }
    if let Some(r) = h.recorded_amount {
        fields.push(field("recorded_amount", money(r)));
    }
    let mut v = Value::Object(fields);
    sort(&mut v);
    v.to_string()
}

fn field(key: &'static str, v: Value<'static>) -> (Cow<'static, str>, Value<'static>) {
    (Cow::Borrowed(key), v)
}

fn text(s: impl Into<Cow<'static, str>>) -> Value<'static> {
    Value::String(s.into())
}

fn money(m: Money) -> Value<'static> {
    text(m.to_string())
}

fn number(n: impl ToString) -> Value<'static> {
    Value::Number(n.to_string().into())
}

fn period(p: Period) -> Value<'static> {
    match p {
        Period::Month => text("month"),
        Period::Year => text("year"),
        Period::Months(n) => Value::Object(vec![field("months", number(n))]),
    }
}

fn member(m: &Member) -> Value<'static> {
    let mut f = vec![
        field("id", text(m.id.clone())),
        field("relation", text(m.relation.code())),
        field("cohabiting", Value::Bool(m.cohabiting)),
        field("support_obligation", Value::Bool(m.support_obligation)),
        field("full_time_student", Value::Bool(m.full_time_student)),
        field("serious_illness", Value::Bool(m.serious_illness)),
        field("caregiver", Value::Bool(m.caregiver)),
    ];
    f.push(match m.age {
        Age::Years(y) => field("age", number(y)),
        Age::BirthDate(d) => field("birth_date", text(d.to_string())),
    });
    let optional = [
        ("sex", m.sex.map(|s| text(s.code()))),
        ("independent", m.independent.map(Value::Bool)),
        ("status", m.status.map(|s| text(s.code()))),
        ("clergy_years_apart", m.clergy_years_apart.map(number)),
        ("employed", m.employed.map(Value::Bool)),
        ("work_capacity", m.work_capacity.map(Value::Bool)),
    ];
    f.extend(optional.into_iter().filter_map(|(k, v)| Some(field(k, v?))));
    if let Some(d) = m.disability {
        let d = vec![
            field("grade", number(d.grade)),
            field("kind", text(d.kind.code())),
        ];
        f.push(field("disability", Value::Object(d)));
    }
    let incomes = m
        .incomes
        .iter()
        .map(|i| item(i.kind.code(), i.amount, i.period));
    f.push(field("incomes", Value::Array(incomes.collect())));
    let deductions = m
        .deductions
        .iter()
        .map(|d| item(d.kind.code(), d.amount, d.period));
    f.push(field("deductions", Value::Array(deductions.collect())));
    links(m, &mut f);
    Value::Object(f)
}

/// How the member relates to the others and their marital status (issue
/// 10), only where given, so that inputs without them keep their hash.
/// They decide who is counted (重庆 excludes unmarried soldiers; a spouse
/// named by `spouse_of` is counted): without them the canonical input of
/// two households that assess differently was the same (found by the
/// household_json fuzz target).
fn links(m: &Member, f: &mut Vec<(Cow<'static, str>, Value<'static>)>) {
    let ids = |ids: &[String]| Value::Array(ids.iter().map(|id| text(id.clone())).collect());
    if let Some(id) = &m.spouse_of {
        f.push(field("spouse_of", text(id.clone())));
    }
    if !m.child_of.is_empty() {
        f.push(field("child_of", ids(&m.child_of)));
    }
    if let Some(b) = m.married {
        f.push(field("married", Value::Bool(b)));
    }
    if !m.support_received_from.is_empty() {
        f.push(field(
            "support_received_from",
            ids(&m.support_received_from),
        ));
    }
    if m.separate_household {
        f.push(field("separate_household", Value::Bool(true)));
    }
}

fn item(kind: &'static str, amount: Money, p: Period) -> Value<'static> {
    Value::Object(vec![
        field("kind", text(kind)),
        field("amount", money(amount)),
        field("period", period(p)),
    ])
}

fn obligor(o: &Obligor) -> Value<'static> {
    let supports = o.supports.iter().map(|s| text(s.clone())).collect();
    let mut f = vec![
        field("id", text(o.id.clone())),
        field("supports", Value::Array(supports)),
        field("sharing", number(o.sharing)),
        field("actual_payment", money(o.actual_payment)),
    ];
    if let Some(n) = o.household_size {
        f.push(field("household_size", number(n)));
    }
    if let Some(m) = o.household_income {
        f.push(field("household_income", money(m)));
    }
    if let Some(n) = o.supports_total {
        f.push(field("supports_total", number(n)));
    }
    Value::Object(f)
}

fn policy(p: &Policy) -> Value<'static> {
    let mut f = Vec::new();
    if let Some(s) = p.standard {
        f.push(field("standard", money(s)));
    }
    if let Some(m) = p.edge_multiple {
        f.push(field("edge_multiple", text(m.normalize().to_string())));
    }
    if let Some(r) = p.rounding {
        f.push(field("rounding", text(r.code())));
    }
    if let Some(n) = p.gradual_exit_months {
        f.push(field("gradual_exit_months", number(n)));
    }
    Value::Object(f)
}

fn assets(a: &Assets) -> Value<'static> {
    let vehicles = a.vehicles.iter().map(|v| {
        Value::Object(vec![
            field("value", money(v.value)),
            field("kind", text(v.kind.code())),
        ])
    });
    let mut f = vec![
        field("deposits", money(a.deposits)),
        field("securities", money(a.securities)),
        field("insurance", money(a.insurance)),
        field("claims", money(a.claims)),
        field("other_financial", money(a.other_financial)),
        field("vehicles", Value::Array(vehicles.collect())),
        field("homes", number(a.homes)),
        field("businesses", number(a.businesses)),
    ];
    // Later fields only where given, so that earlier inputs keep their hash.
    if let Some(area) = a.home_area {
        f.push(field("home_area", text(area.normalize().to_string())));
    }
    if a.non_residential > 0 {
        f.push(field("non_residential", number(a.non_residential)));
    }
    if let Some(b) = a.serious_illness_exemption {
        f.push(field("serious_illness_exemption", Value::Bool(b)));
    }
    Value::Object(f)
}

/// Sorts every object's keys, recursively (by UTF-8 bytes).
fn sort(v: &mut Value<'_>) {
    match v {
        Value::Object(f) => {
            crate::sort::sort_by(f, |a, b| a.0.cmp(&b.0));
            f.iter_mut().for_each(|(_, v)| sort(v));
        }
        Value::Array(items) => items.iter_mut().for_each(sort),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_the_empty_string_and_abc() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(sha256_hex(b""), empty);
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(sha256_hex(b"abc"), abc);
    }

    #[test]
    fn the_canonical_input_fills_defaults_and_sorts_keys() {
        let a = Household::from_json(
            r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 70,
                "incomes": [{"kind": "wage", "amount": 100}]}]}"#,
        )
        .unwrap();
        let b = Household::from_json(
            r#"{"members": [{"incomes": [{"period": "month", "amount": "100.00", "kind": "wage"}],
                "cohabiting": true, "age": 70, "relation": "self", "id": "A"}],
                "region": "CN", "date": "2024-03-15"}"#,
        )
        .unwrap();
        let (ca, cb) = (canonical_input(&a), canonical_input(&b));
        assert_eq!(ca, cb);
        assert!(ca.starts_with(r#"{"date":"2024-03-15","members":[{"age":70,"caregiver":false"#));
        assert!(ca.contains(r#""amount":"100.00","kind":"wage","period":"month""#));
    }

    #[test]
    fn the_canonical_input_keeps_links_and_marital_status() {
        let h = Household::from_json(
            r#"{"region": "500000", "area": "urban", "date": "2025-09-15",
                "members": [{"id": "A", "relation": "self", "age": 50},
                  {"id": "P", "relation": "other_relative", "age": 48, "spouse_of": "A"},
                  {"id": "C", "relation": "other_relative", "age": 10, "child_of": "P",
                   "support_received_from": ["O"],
                   "incomes": [{"kind": "support_received", "amount": "100"}]},
                  {"id": "B", "relation": "child", "age": 26, "status": "active_military",
                   "married": true, "cohabiting": false, "separate_household": true}],
                "obligors": [{"id": "O", "supports": ["C"], "actual_payment": "100"}]}"#,
        )
        .unwrap();
        let c = canonical_input(&h);
        for part in [
            r#""spouse_of":"A""#,
            r#""child_of":["P"]"#,
            r#""support_received_from":["O"]"#,
            r#""married":true"#,
            r#""separate_household":true"#,
        ] {
            assert!(c.contains(part), "{part} not in {c}");
        }
        let again = Household::from_json(&c).unwrap();
        assert_eq!(canonical_input(&again), c);
        assert_eq!(again.members, h.members);
    }

    #[test]
    fn the_canonical_input_keeps_the_area() {
        let read = |area: &str| {
            Household::from_json(&format!(
                r#"{{"region": "450100", {area} "date": "2022-04-01",
                    "members": [{{"id": "A", "relation": "self", "age": 70}}]}}"#
            ))
            .unwrap()
        };
        let (urban, rural, none) = (
            read(r#""area": "urban","#),
            read(r#""area": "rural","#),
            read(""),
        );
        let c = canonical_input(&urban);
        assert!(c.contains(r#""area":"urban""#), "{c}");
        assert_ne!(c, canonical_input(&rural));
        assert!(!canonical_input(&none).contains("area"));
        let again = Household::from_json(&c).unwrap();
        assert_eq!(again.area, urban.area);
        assert_eq!(canonical_input(&again), c);
    }
}

//! Reading a household from JSON (docs/input.md): strict (unknown fields are
//! errors), exact (amounts never pass through a float), and complete (every
//! problem is reported at once, each with its field path).

use crate::error::{Error, Errors};
use crate::json::{self, Value};
use crate::limits;
use crate::model::*;
use crate::money::{Money, Rounding};
use crate::read::{index, AsPath, Obj, Reader};

const HOUSEHOLD_FIELDS: &[&str] = &[
    "case_id",
    "region",
    "area",
    "date",
    "policy",
    "members",
    "assets",
    "obligors",
    "current",
    "recorded_amount",
];
const POLICY_FIELDS: &[&str] = &[
    "standard",
    "edge_multiple",
    "rounding",
    "gradual_exit_months",
];
const MEMBER_FIELDS: &[&str] = &[
    "id",
    "relation",
    "age",
    "birth_date",
    "sex",
    "cohabiting",
    "support_obligation",
    "full_time_student",
    "independent",
    "status",
    "clergy_years_apart",
    "disability",
    "serious_illness",
    "employed",
    "work_capacity",
    "caregiver",
    "incomes",
    "deductions",
    // Issue 10: how members relate to each other; marital status.
    "spouse_of",
    "child_of",
    "married",
    "support_received_from",
    "separate_household",
];
const ITEM_FIELDS: &[&str] = &["kind", "amount", "period"];
const PERIOD_FIELDS: &[&str] = &["months"];
const PERIOD_CODES: &[&str] = &["month", "year", "{\"months\": n}"];
const DISABILITY_FIELDS: &[&str] = &["grade", "kind"];
const ASSET_FIELDS: &[&str] = &[
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
const VEHICLE_FIELDS: &[&str] = &["value", "kind"];
const OBLIGOR_FIELDS: &[&str] = &[
    "id",
    "supports",
    "household_size",
    "household_income",
    "sharing",
    "actual_payment",
    "supports_total",
];
const CURRENT_FIELDS: &[&str] = &["monthly_amount", "employment_since", "above_standard_since"];

/// Most members a household may list.
pub const MAX_MEMBERS: usize = 50;
/// Most incomes or deductions one member may list.
pub const MAX_ITEMS: usize = 100;
/// Most months one amount may cover.
pub const MAX_PERIOD_MONTHS: u32 = 120;

impl Household {
    /// Reads a household from docs/input.md JSON.
    ///
    /// Fails with every problem found, each naming its field.
    ///
    /// ```
    /// let h = dibao::Household::from_json(r#"{
    ///   "date": "2024-03-15",
    ///   "members": [ { "id": "A", "relation": "self", "age": 40,
    ///                  "incomes": [ { "kind": "wage", "amount": 1200.5 } ] } ]
    /// }"#).unwrap();
    /// assert_eq!(h.members[0].incomes[0].amount.to_string(), "1200.50");
    ///
    /// let errs = dibao::Household::from_json(r#"{"date": "2024-03-15", "members": [
    ///   { "id": "A", "relation": "self", "age": 40, "incomse": [] } ]}"#).unwrap_err();
    /// assert_eq!(errs.0[0].field(), "members[0].incomse");
    /// ```
    pub fn from_json(text: &str) -> Result<Household, Errors> {
        let value = json::parse(text).map_err(|e| Error::Syntax {
            field: String::new(),
            line: e.line,
            column: e.column,
            en: e.en,
            zh: e.zh,
        })?;
        Household::from_value(&value)
    }

    /// Reads a household from an already parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Household, Errors> {
        let mut r = Reader::default();
        let h = read_household(&mut r, value);
        match h {
            Some(h) if r.errors.is_empty() => Ok(h),
            _ => Err(Errors(r.errors)),
        }
    }
}

fn read_household(r: &mut Reader, v: &Value) -> Option<Household> {
    let o = r.object(v, "", HOUSEHOLD_FIELDS)?;
    let case_id = o
        .get("case_id")
        .and_then(|(v, p)| r.string(v, &p).map(str::to_owned));
    let region = o.get("region").and_then(|(v, p)| match v {
        Value::Null => None,
        _ => r.string(v, &p).map(str::to_owned),
    });
    let area = o.get("area").and_then(|(v, p)| read_area(r, v, &p));
    let date = o.require(r, "date").and_then(|(v, p)| r.date(v, &p));
    let policy = o
        .get("policy")
        .map(|(v, p)| read_policy(r, v, &p))
        .unwrap_or_default();
    let members = o
        .require(r, "members")
        .and_then(|(v, p)| read_members(r, v, &p));
    let assets = o.get("assets").and_then(|(v, p)| read_assets(r, v, &p));
    let obligors: Vec<(Obligor, String)> = o
        .get("obligors")
        .and_then(|(v, p)| {
            let items = r.array(v, &p)?;
            Some(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| read_obligor(r, v, &index(&p, i)))
                    .collect(),
            )
        })
        .unwrap_or_default();
    let current = o.get("current").and_then(|(v, p)| read_current(r, v, &p));
    let recorded_amount = o.get("recorded_amount").and_then(|(v, p)| r.money(v, &p));

    let members: Vec<Member> = members?;
    if let Some(d) = date {
        for (i, m) in members.iter().enumerate() {
            if matches!(m.age, Age::BirthDate(b) if b > d) {
                r.push(Error::BornAfterDate {
                    field: format!("{}.birth_date", index("members", i)),
                });
            }
        }
    }
    check_obligors(r, &o, &members, &obligors);
    let h = Household {
        case_id,
        region,
        area,
        date: date?,
        policy,
        members,
        assets,
        obligors: obligors.into_iter().map(|(ob, _)| ob).collect(),
        current,
        recorded_amount,
    };
    check_facts(&h, &mut r.errors);
    Some(h)
}

/// `area`: `"urban"`, `"rural"` or `null` (kept out of line: code size in WASM).
#[inline(never)]
fn read_area(r: &mut Reader, v: &Value, path: &dyn std::fmt::Display) -> Option<Area> {
    match v {
        Value::Null => None,
        _ => r.code(v, path, Area::CODES, Area::from_code),
    }
}

pub(crate) fn read_policy(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Policy {
    let mut p = Policy::default();
    let Some(o) = r.object(v, path, POLICY_FIELDS) else {
        return p;
    };
    p.standard = o.get("standard").and_then(|(v, f)| {
        let m = r.money(v, &f)?;
        if m.is_zero() {
            r.push(limits::standard_not_positive(&f));
            return None;
        }
        Some(m)
    });
    let (low, high) = limits::edge_multiple_bounds();
    p.edge_multiple = o
        .get("edge_multiple")
        .and_then(|(v, f)| r.decimal(v, &f, low, high));
    p.rounding = o
        .get("rounding")
        .and_then(|(v, f)| r.code(v, &f, Rounding::CODES, Rounding::from_code));
    p.gradual_exit_months = o
        .get("gradual_exit_months")
        .and_then(|(v, f)| r.int_in(v, &f, limits::GRADUAL_EXIT_MONTHS))
        .map(|n| n as u32);
    p
}

fn read_members(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<Vec<Member>> {
    let items = r.array(v, path)?;
    if items.is_empty() || items.len() > MAX_MEMBERS {
        r.push(Error::OutOfRange {
            field: path.to_string(),
            text: items.len().to_string(),
            min: 1,
            max: MAX_MEMBERS as i64,
        });
        return None;
    }
    let before = r.errors.len();
    let mut members = Vec::with_capacity(items.len());
    // Bit i: item i could not be read (at most MAX_MEMBERS = 50 items). Kept
    // beside the members instead of an index in each: collecting the members
    // out of (index, member) pairs at the end cost a reallocation per
    // household (callgrind).
    let mut unread: u64 = 0;
    for (i, v) in items.iter().enumerate() {
        match read_member(r, v, &index(path, i)) {
            Some(m) => members.push(m),
            None => unread |= 1 << i,
        }
    }
    // Ids unique: the later occurrence is at fault, judged on every member
    // whose id could be read, even one with other problems.
    // (No list of the ids is built: a household has a few members.)
    fn id_of<'v>(v: &'v Value<'_>) -> Option<&'v str> {
        v.get("id").and_then(Value::as_str)
    }
    for (i, v) in items.iter().enumerate() {
        if let Some(id) = id_of(v) {
            let earlier = items.get(..i).unwrap_or_default();
            if earlier.iter().any(|e| id_of(e) == Some(id)) {
                r.push(Error::DuplicateId {
                    field: format!("{}.id", index(path, i)),
                    id: id.to_owned(),
                });
            }
        }
    }
    let positions = (0..items.len()).filter(|i| (unread >> i) & 1 == 0);
    check_links(r, path, items, positions.zip(&members));
    // Exactly one applicant, judged only when every member could be read.
    if r.errors.len() == before || members.len() == items.len() {
        let applicants = members
            .iter()
            .filter(|m| m.relation == Relation::SelfApplicant)
            .count();
        if applicants == 0 && members.len() == items.len() {
            r.push(Error::NoApplicant {
                field: path.to_string(),
            });
        } else if applicants > 1 {
            r.push(Error::MultipleApplicants {
                field: path.to_string(),
            });
        }
    }
    Some(members)
}

pub(crate) fn read_member(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Member> {
    let o = r.object(v, path, MEMBER_FIELDS)?;
    let id = o.require(r, "id").and_then(|(v, p)| non_empty(r, v, &p));
    let relation = o
        .require(r, "relation")
        .and_then(|(v, p)| r.code(v, &p, Relation::CODES, Relation::from_code));
    let age = match (o.get("age"), o.get("birth_date")) {
        (Some((v, p)), None) => r.int_in(v, &p, limits::AGE).map(|n| Age::Years(n as u32)),
        (None, Some((v, p))) => r.date(v, &p).map(Age::BirthDate),
        _ => {
            r.push(Error::AgeOrBirthDate {
                field: path.to_string(),
            });
            None
        }
    };
    let flag = |r: &mut Reader, key: &str| flag(r, &o, key);
    let cohabiting = flag(r, "cohabiting");
    let support_obligation = flag(r, "support_obligation");
    let full_time_student = flag(r, "full_time_student");
    let independent = flag(r, "independent");
    let serious_illness = flag(r, "serious_illness");
    let employed = flag(r, "employed");
    let work_capacity = flag(r, "work_capacity");
    let caregiver = flag(r, "caregiver");
    let (spouse_of, child_of, married) = read_links(r, &o);
    let support_received_from = o
        .get("support_received_from")
        .map(|(v, p)| ids(r, v, &p))
        .unwrap_or_default();
    let sex = o
        .get("sex")
        .and_then(|(v, p)| r.code(v, &p, Sex::CODES, Sex::from_code));
    let status = o
        .get("status")
        .and_then(|(v, p)| r.code(v, &p, Status::CODES, Status::from_code));
    let clergy_years_apart = o
        .get("clergy_years_apart")
        .and_then(|(v, p)| r.int_in(v, &p, limits::CLERGY_YEARS_APART))
        .map(|n| n as u32);
    let disability = o
        .get("disability")
        .and_then(|(v, p)| read_disability(r, v, &p));
    let incomes = read_items(r, &o, "incomes", IncomeKind::CODES, IncomeKind::from_code);
    let incomes = incomes.into_iter().map(|(kind, amount, period)| Income {
        kind,
        amount,
        period,
    });
    let deductions = read_items(
        r,
        &o,
        "deductions",
        DeductionKind::CODES,
        DeductionKind::from_code,
    );
    let deductions = deductions
        .into_iter()
        .map(|(kind, amount, period)| Deduction {
            kind,
            amount,
            period,
        });
    Some(Member {
        id: id?,
        relation: relation?,
        age: age?,
        sex,
        cohabiting: cohabiting.unwrap_or(true),
        support_obligation: support_obligation.unwrap_or(false),
        full_time_student: full_time_student.unwrap_or(false),
        independent,
        status,
        clergy_years_apart,
        disability,
        serious_illness: serious_illness.unwrap_or(false),
        employed,
        work_capacity,
        caregiver: caregiver.unwrap_or(false),
        incomes: incomes.collect(),
        deductions: deductions.collect(),
        spouse_of,
        child_of,
        married,
        support_received_from,
        separate_household: flag(r, "separate_household").unwrap_or(false),
    })
}

/// A member's yes/no field, if given. Inlined where it is called, so that
/// the member name is a constant there and most absent fields cost a test of
/// one bit ([`Obj::get`]).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn flag(r: &mut Reader, o: &Obj<'_, '_>, key: &str) -> Option<bool> {
    o.get(key).and_then(|(v, p)| r.bool(v, &p))
}

/// `spouse_of`, `child_of` and `married` (issue 10).
fn read_links(r: &mut Reader, o: &Obj<'_, '_>) -> (Option<String>, Vec<String>, Option<bool>) {
    let married = o.get("married").and_then(|(v, p)| r.bool(v, &p));
    let spouse_of = o.get("spouse_of").and_then(|(v, p)| non_empty(r, v, &p));
    let child_of = o
        .get("child_of")
        .map(|(v, p)| ids(r, v, &p))
        .unwrap_or_default();
    (spouse_of, child_of, married)
}

/// One member id or a list of them (`child_of`).
fn ids(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| non_empty(r, v, &index(path, i)))
            .collect(),
        v => non_empty(r, v, path).into_iter().collect(),
    }
}

/// `spouse_of` and `child_of` name members that exist.
fn check_links<'m>(
    r: &mut Reader,
    path: &(impl AsPath + ?Sized),
    items: &[Value],
    members: impl Iterator<Item = (usize, &'m Member)> + Clone,
) {
    let known = |id: &str| members.clone().any(|(_, m)| m.id == id);
    for (i, m) in members.clone() {
        let at = index(path, i);
        if let Some(id) = m.spouse_of.as_deref().filter(|id| !known(id)) {
            r.push(Error::UnknownMember {
                field: format!("{at}.spouse_of"),
                id: id.to_owned(),
            });
        }
        let listed = matches!(items[i].get("child_of"), Some(Value::Array(_)));
        for (k, id) in m.child_of.iter().enumerate().filter(|(_, id)| !known(id)) {
            let field = match listed {
                true => index(&format!("{at}.child_of"), k).to_string(),
                false => format!("{at}.child_of"),
            };
            r.push(Error::UnknownMember {
                field,
                id: id.clone(),
            });
        }
    }
}

/// A member's disability: grade and kind.
pub(crate) fn read_disability(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Disability> {
    let d = r.object(v, path, DISABILITY_FIELDS)?;
    let grade = d
        .require(r, "grade")
        .and_then(|(v, p)| r.int_in(v, &p, limits::DISABILITY_GRADE));
    let kind = d
        .require(r, "kind")
        .and_then(|(v, p)| r.code(v, &p, DisabilityKind::CODES, DisabilityKind::from_code));
    Some(Disability {
        grade: grade? as u8,
        kind: kind?,
    })
}

fn non_empty(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<String> {
    let s = r.string(v, path)?;
    // At most 64 bytes is at most 64 characters: most ids are not counted.
    if s.is_empty() || (s.len() > 64 && s.chars().count() > 64) {
        r.push(Error::OutOfRange {
            field: path.to_string(),
            text: format!("{} characters", s.chars().count()),
            min: 1,
            max: 64,
        });
        return None;
    }
    Some(s.to_owned())
}

pub(crate) type Item<K> = (K, crate::money::Money, Period);

fn read_items<K>(
    r: &mut Reader,
    o: &Obj<'_, '_>,
    key: &str,
    codes: &'static [&'static str],
    parse: fn(&str) -> Option<K>,
) -> Vec<Item<K>> {
    let Some((v, path)) = o.get(key) else {
        return Vec::new();
    };
    let Some(items) = r.array(v, &path) else {
        return Vec::new();
    };
    if items.len() > MAX_ITEMS {
        r.push(Error::OutOfRange {
            field: path.to_string(),
            text: items.len().to_string(),
            min: 0,
            max: MAX_ITEMS as i64,
        });
        return Vec::new();
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        if let Some(item) = read_item(r, v, &index(&path, i), codes, parse) {
            out.push(item);
        }
    }
    out
}

/// One income or deduction: `{ "kind", "amount", "period" }`.
pub(crate) fn read_item<K>(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
    codes: &'static [&'static str],
    parse: fn(&str) -> Option<K>,
) -> Option<Item<K>> {
    let item = r.object(v, path, ITEM_FIELDS)?;
    let kind = item
        .require(r, "kind")
        .and_then(|(v, p)| r.code(v, &p, codes, parse));
    let amount = item.require(r, "amount").and_then(|(v, p)| r.money(v, &p));
    let period = match item.get("period") {
        None => Some(Period::Month),
        Some((v, p)) => read_period(r, v, &p),
    };
    Some((kind?, amount?, period?))
}

pub(crate) fn read_period(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Period> {
    match v {
        Value::String(s) => match &**s {
            "month" => Some(Period::Month),
            "year" => Some(Period::Year),
            _ => {
                r.push(Error::InvalidValue {
                    field: path.to_string(),
                    text: s.to_string(),
                    allowed: PERIOD_CODES,
                });
                None
            }
        },
        Value::Object(_) => {
            let o = r.object(v, path, PERIOD_FIELDS)?;
            let (v, p) = o.require(r, "months")?;
            r.int_in(v, &p, limits::PERIOD_MONTHS)
                .map(|n| Period::Months(n as u32))
        }
        _ => {
            r.push(Error::InvalidValue {
                field: path.to_string(),
                text: json_text(v),
                allowed: PERIOD_CODES,
            });
            None
        }
    }
}

fn json_text(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.type_name().to_owned(),
    }
}

pub(crate) fn read_assets(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Assets> {
    let o = r.object(v, path, ASSET_FIELDS)?;
    let mut a = Assets::default();
    let mut ok = true;
    for (key, slot) in [
        ("deposits", &mut a.deposits),
        ("securities", &mut a.securities),
        ("insurance", &mut a.insurance),
        ("claims", &mut a.claims),
        ("other_financial", &mut a.other_financial),
    ] {
        if let Some((v, p)) = o.get(key) {
            match r.money(v, &p) {
                Some(m) => *slot = m,
                None => ok = false,
            }
        }
    }
    if let Some((v, p)) = o.get("vehicles") {
        if let Some(items) = r.array(v, &p) {
            for (i, v) in items.iter().enumerate() {
                if let Some(vehicle) = read_vehicle(r, v, &index(&p, i)) {
                    a.vehicles.push(vehicle);
                }
            }
        }
    }
    a.homes = o
        .get("homes")
        .and_then(|(v, p)| r.int_in(v, &p, limits::ASSET_COUNT))
        .unwrap_or(0) as u32;
    a.businesses = o
        .get("businesses")
        .and_then(|(v, p)| r.int_in(v, &p, limits::ASSET_COUNT))
        .unwrap_or(0) as u32;
    a.non_residential = o
        .get("non_residential")
        .and_then(|(v, p)| r.int_in(v, &p, limits::ASSET_COUNT))
        .unwrap_or(0) as u32;
    if let Some((v, p)) = o.get("home_area") {
        let (low, high) = limits::home_area_bounds();
        match r.decimal(v, &p, low, high) {
            Some(d) => a.home_area = Some(d),
            None => ok = false,
        }
    }
    if let Some((v, p)) = o.get("serious_illness_exemption") {
        match r.bool(v, &p) {
            Some(b) => a.serious_illness_exemption = Some(b),
            None => ok = false,
        }
    }
    ok.then_some(a)
}

/// One vehicle: `{ "value", "kind" }`.
pub(crate) fn read_vehicle(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Vehicle> {
    let vo = r.object(v, path, VEHICLE_FIELDS)?;
    let value = vo.require(r, "value").and_then(|(v, p)| r.money(v, &p));
    let kind = vo
        .require(r, "kind")
        .and_then(|(v, p)| r.code(v, &p, VehicleKind::CODES, VehicleKind::from_code));
    Some(Vehicle {
        value: value?,
        kind: kind?,
    })
}

pub(crate) fn read_obligor(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<(Obligor, String)> {
    let o = r.object(v, path, OBLIGOR_FIELDS)?;
    let id = o.require(r, "id").and_then(|(v, p)| non_empty(r, v, &p));
    let supports = o.require(r, "supports").and_then(|(v, p)| {
        let items = r.array(v, &p)?;
        let ids: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| r.string(v, &index(&p, i)).map(str::to_owned))
            .collect();
        (ids.len() == items.len()).then_some(ids)
    });
    let household_size = o
        .get("household_size")
        .and_then(|(v, p)| r.int_in(v, &p, limits::OBLIGOR_HOUSEHOLD_SIZE))
        .map(|n| n as u32);
    let household_income = o.get("household_income").and_then(|(v, p)| r.money(v, &p));
    let sharing = o
        .get("sharing")
        .and_then(|(v, p)| r.int_in(v, &p, limits::OBLIGOR_SHARING))
        .map(|n| n as u32);
    let actual_payment = o.get("actual_payment").and_then(|(v, p)| r.money(v, &p));
    let supports_total = o
        .get("supports_total")
        .and_then(|(v, p)| r.int_in(v, &p, limits::OBLIGOR_SUPPORTS_TOTAL))
        .map(|n| n as u32);
    Some((
        Obligor {
            id: id?,
            supports: supports?,
            household_size,
            household_income,
            sharing: sharing.unwrap_or(1),
            actual_payment: actual_payment.unwrap_or_default(),
            supports_total,
        },
        path.to_string(),
    ))
}

/// `support_received_from` names obligors, whose payment must equal the
/// member's `support_received` (docs/rules.md: counted once).
fn check_support_received(r: &mut Reader, members: &[Member], obligors: &[(Obligor, String)]) {
    for (i, m) in members.iter().enumerate() {
        if m.support_received_from.is_empty() {
            continue;
        }
        let field = format!("members[{i}].support_received_from");
        let mut paid = Some(Money::ZERO);
        for id in &m.support_received_from {
            match obligors.iter().find(|(o, _)| o.id == *id) {
                Some((o, _)) => paid = paid.and_then(|p| p.checked_add(o.actual_payment)),
                None => {
                    r.push(Error::UnknownMember {
                        field: field.clone(),
                        id: id.clone(),
                    });
                    return;
                }
            }
        }
        let received = m.support_received_monthly();
        if let (Some(received), Some(paid)) = (received, paid) {
            if received != paid {
                r.push(Error::SupportMismatch {
                    field,
                    received,
                    paid,
                });
            }
        }
    }
}

fn check_obligors(
    r: &mut Reader,
    _o: &Obj<'_, '_>,
    members: &[Member],
    obligors: &[(Obligor, String)],
) {
    check_support_received(r, members, obligors);
    for (k, (ob, path)) in obligors.iter().enumerate() {
        if obligors[..k].iter().any(|(e, _)| e.id == ob.id) {
            r.push(Error::DuplicateId {
                field: format!("{path}.id"),
                id: ob.id.clone(),
            });
        }
        for (i, id) in ob.supports.iter().enumerate() {
            if !members.iter().any(|m| &m.id == id) {
                r.push(Error::UnknownMember {
                    field: index(&format!("{path}.supports"), i).to_string(),
                    id: id.clone(),
                });
            }
        }
    }
}

pub(crate) fn read_current(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Current> {
    let o = r.object(v, path, CURRENT_FIELDS)?;
    let monthly_amount = o
        .require(r, "monthly_amount")
        .and_then(|(v, p)| r.money(v, &p));
    let employment_since = o.get("employment_since").and_then(|(v, p)| r.date(v, &p));
    let above_standard_since = o
        .get("above_standard_since")
        .and_then(|(v, p)| r.date(v, &p));
    Some(Current {
        monthly_amount: monthly_amount?,
        employment_since,
        above_standard_since,
    })
}

/// Facts that each field alone cannot check (docs/errors.md): dates in
/// `current` on or before `date` (like `born_after_date`), income rising
/// above the standard only after the employment it follows, an obligor's
/// `supports_total` at least those it lists, and clergy with
/// the years apart that decide whether they count (审核确认办法 第七条). The
/// JSON reader reports them with the other problems; the assessment checks
/// them again for households built another way.
pub(crate) fn check_facts(h: &Household, errors: &mut Vec<Error>) {
    if let Some(c) = &h.current {
        for (date, name) in [
            (c.employment_since, "employment_since"),
            (c.above_standard_since, "above_standard_since"),
        ] {
            if date.is_some_and(|d| d > h.date) {
                errors.push(Error::CurrentAfterDate {
                    field: format!("current.{name}"),
                });
            }
        }
        if let (Some(job), Some(above)) = (c.employment_since, c.above_standard_since) {
            if above < job {
                errors.push(Error::AboveStandardBeforeEmployment {
                    field: "current.above_standard_since".into(),
                });
            }
        }
    }
    for (k, ob) in h.obligors.iter().enumerate() {
        // Everyone the obligor supports includes those listed here.
        if let Some(n) = ob
            .supports_total
            .filter(|&n| (n as usize) < ob.supports.len())
        {
            let at_least =
                limits::Range::new(ob.supports.len() as i64, limits::OBLIGOR_SUPPORTS_TOTAL.max);
            let field = format!("{}.supports_total", index("obligors", k));
            errors.push(at_least.error(&n.to_string(), &field));
        }
    }
    for (i, m) in h.members.iter().enumerate() {
        if m.status == Some(Status::Clergy) && m.clergy_years_apart.is_none() {
            errors.push(Error::ClergyYearsMissing {
                field: format!("{}.clergy_years_apart", index("members", i)),
            });
        }
    }
}

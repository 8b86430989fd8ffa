//! The assessment and its parts (docs/output.md), and the errors object.
//!
//! Written key for key as `Assessment::to_json` writes them (a test compares
//! the two on every golden case). Read back leniently where a stored result
//! may be older or newer than this engine: unknown keys are ignored, a list
//! that is left out reads as empty, `engine` is not read (it is this
//! engine's own). Reading is exact for what the JSON holds: an amount that
//! the engine keeps finer than the fen (a per-capita income) reads back as
//! the two-decimal figure shown.

use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{intern, money_from_text, AnyValue};
use crate::date::Date;
use crate::error::{Error, Errors};
use crate::json::Value;
use crate::model::Area;
use crate::money::Money;
use crate::output::*;
use crate::params::{Rate, Unit};
use crate::read::join;
use crate::trace::{Note, Step};

// ------------------------------------------------------------ serializing

impl Serialize for Assessment {
    /// The docs/output.md object, keys in its order, `engine` last.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(id) = &self.case_id {
            m.serialize_entry("case_id", id)?;
        }
        m.serialize_entry("outcome", &self.outcome)?;
        m.serialize_entry("monthly_amount", &self.monthly_amount)?;
        m.serialize_entry("separate_subsidies", &self.separate_subsidies)?;
        m.serialize_entry("household_size", &self.household_size)?;
        m.serialize_entry("covered_members", &self.covered_members)?;
        m.serialize_entry("excluded_members", &self.excluded_members)?;
        m.serialize_entry("household_income", &self.household_income)?;
        m.serialize_entry("per_capita_income", &self.per_capita_income)?;
        m.serialize_entry("standard", &self.standard)?;
        m.serialize_entry("edge_line", &self.edge_line)?;
        m.serialize_entry("assets_test", &self.assets_test)?;
        if let Some(e) = &self.edge_assets_test {
            m.serialize_entry("edge_assets_test", e)?;
        }
        m.serialize_entry("supplements", &self.supplements)?;
        if !self.individual_coverage.is_empty() {
            m.serialize_entry("individual_coverage", &self.individual_coverage)?;
        }
        if let Some(g) = &self.gradual_exit {
            m.serialize_entry("gradual_exit", g)?;
        }
        m.serialize_entry("incomes", &self.incomes)?;
        m.serialize_entry("reasons", &self.reasons)?;
        m.serialize_entry("warnings", &self.warnings)?;
        if let Some(v) = &self.verification {
            m.serialize_entry("verification", v)?;
        }
        m.serialize_entry("trace", &self.trace)?;
        m.serialize_entry("parameters", &self.parameters)?;
        m.serialize_entry("counted_members", &self.counted_members)?;
        m.serialize_entry("conditions", &self.conditions)?;
        m.serialize_entry("referrals", &self.referrals)?;
        if let Some(r) = &self.receipt {
            m.serialize_entry("receipt", r)?;
        }
        m.serialize_entry("engine", ENGINE)?;
        m.end()
    }
}

/// A note's four fields, after whatever the caller wrote first.
fn note_entries<M: SerializeMap>(m: &mut M, n: &Note) -> Result<(), M::Error> {
    m.serialize_entry("code", n.code)?;
    m.serialize_entry("zh", &n.zh)?;
    m.serialize_entry("en", &n.en)?;
    m.serialize_entry("citation", &n.citation)
}

impl Serialize for Note {
    /// `{ "code", "zh", "en", "citation" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        note_entries(&mut m, self)?;
        m.end()
    }
}

impl Serialize for Excluded {
    /// `{ "id", "code", "zh", "en", "citation" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("id", &self.id)?;
        note_entries(&mut m, &self.reason)?;
        m.end()
    }
}

impl Serialize for IncomeLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("member", &self.member)?;
        m.serialize_entry("item", self.item)?;
        m.serialize_entry("monthly", &self.monthly)?;
        m.serialize_entry("effect", self.effect)?;
        m.serialize_entry("reason", self.reason)?;
        m.end()
    }
}

impl Serialize for SupplementPaid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("member", &self.member)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("zh", &self.zh)?;
        m.serialize_entry("en", &self.en)?;
        m.serialize_entry("amount", &self.amount)?;
        m.end()
    }
}

impl Serialize for IndividualCover {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("member", &self.member)?;
        m.serialize_entry("own_income", &self.own_income)?;
        m.serialize_entry("amount", &self.amount)?;
        m.end()
    }
}

impl Serialize for GradualExit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(d) = &self.employment_since {
            m.serialize_entry("employment_since", d)?;
        }
        if let Some(d) = &self.above_standard_since {
            m.serialize_entry("above_standard_since", d)?;
        }
        m.serialize_entry("ends_on", &self.ends_on)?;
        m.end()
    }
}

impl Serialize for Verification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("recorded_amount", &self.recorded_amount)?;
        m.serialize_entry("matches", &self.matches)?;
        m.serialize_entry("difference", &self.difference)?;
        m.serialize_entry("first_difference", &self.first_difference)?;
        m.serialize_entry("zh", &self.zh)?;
        m.serialize_entry("en", &self.en)?;
        m.end()
    }
}

impl Serialize for Step {
    /// `{ "step", "zh", "en", "value"?, "citation" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("step", self.step)?;
        m.serialize_entry("zh", &self.zh)?;
        m.serialize_entry("en", &self.en)?;
        if let Some(v) = &self.value {
            m.serialize_entry("value", v)?;
        }
        m.serialize_entry("citation", &self.citation)?;
        m.end()
    }
}

impl Serialize for ParametersUsed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// One value in force: `{ "parameter", "from", "source" }`.
        struct InForce<'a>(&'a (&'static str, Date, Arc<str>));
        impl Serialize for InForce<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (parameter, from, source) = self.0;
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("parameter", parameter)?;
                m.serialize_entry("from", from)?;
                m.serialize_entry("source", &**source)?;
                m.end()
            }
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("region", &self.region)?;
        m.serialize_entry("name", &self.name_zh)?;
        m.serialize_entry("name_en", &self.name_en)?;
        m.serialize_entry("from", &self.from)?;
        m.serialize_entry("source", &*self.source)?;
        m.serialize_entry("confirmed_through", &self.confirmed_through)?;
        m.serialize_entry("rounding", self.rounding)?;
        m.serialize_entry("overridden", &self.overridden)?;
        let in_force: Vec<InForce<'_>> = self.in_force.iter().map(InForce).collect();
        m.serialize_entry("in_force", &in_force)?;
        if let Some(r) = &self.requested_region {
            m.serialize_entry("requested_region", r)?;
        }
        if let Some(a) = &self.area {
            m.serialize_entry("area", a)?;
        }
        if let Some(rate) = &self.standard_published {
            m.serialize_entry("standard_published", rate)?;
        }
        m.end()
    }
}

impl Serialize for Rate {
    /// `{ "value": money, "unit": "month" | "year" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("value", &self.amount)?;
        m.serialize_entry("unit", &self.unit)?;
        m.end()
    }
}

impl Serialize for CountedMember {
    /// `{ "id", "counted_through": null | { "member", "clause", "citation" } }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Through<'a>(&'a str, &'a CountedMember);
        impl Serialize for Through<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("member", self.0)?;
                m.serialize_entry("clause", self.1.clause)?;
                m.serialize_entry("citation", &self.1.citation)?;
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("id", &self.id)?;
        let through = self.through.as_deref().map(|t| Through(t, self));
        m.serialize_entry("counted_through", &through)?;
        m.end()
    }
}

impl Serialize for Condition {
    /// `{ "code", "met", "zh", "en", "citation" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("code", self.note.code)?;
        m.serialize_entry("met", &self.met)?;
        m.serialize_entry("zh", &self.note.zh)?;
        m.serialize_entry("en", &self.note.en)?;
        m.serialize_entry("citation", &self.note.citation)?;
        m.end()
    }
}

impl Serialize for Referral {
    /// `{ "member", "code", "zh", "en", "citation", "tests": [{ "code", "met" }] }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Test<'a>(&'a (&'static str, Option<bool>));
        impl Serialize for Test<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("code", self.0 .0)?;
                m.serialize_entry("met", &self.0 .1)?;
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("member", &self.member)?;
        note_entries(&mut m, &self.note)?;
        let tests: Vec<Test<'_>> = self.tests.iter().map(Test).collect();
        m.serialize_entry("tests", &tests)?;
        m.end()
    }
}

impl Serialize for Receipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("engine", self.engine)?;
        m.serialize_entry("parameters_sha256", &self.parameters_sha256)?;
        m.serialize_entry("input_sha256", &self.input_sha256)?;
        m.end()
    }
}

impl Serialize for Errors {
    /// The docs/errors.md object: `{ "errors": [ … ] }`, as [`Errors::to_json`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("errors", &self.0)?;
        m.end()
    }
}

impl Serialize for Error {
    /// `{ "code", "file"?, "field", "zh", "en" }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", self.code())?;
        if let Some(file) = self.file() {
            m.serialize_entry("file", file)?;
        }
        m.serialize_entry("field", self.field())?;
        m.serialize_entry("zh", &self.zh())?;
        m.serialize_entry("en", &self.en())?;
        m.end()
    }
}

// ------------------------------------------------------------------ codes

/// Codes of a type without `CODES`: every variant, listed where the compiler
/// checks the list is whole (inside the crate a match must name them all).
macro_rules! variants {
    ($ty:ident: $($v:ident),+ $(,)?) => {{
        let _every_variant_is_listed = |x: $ty| match x { $($ty::$v)|+ => () };
        &[$($ty::$v),+]
    }};
}

const OUTCOMES: &[Outcome] =
    variants!(Outcome: Dibao, DibaoIndividual, GradualExit, Edge, Ineligible);
const ASSETS_TESTS: &[AssetsTest] = variants!(AssetsTest: Passed, Failed, NotAssessed);
const UNITS: &[Unit] = variants!(Unit: Month, Year);

/// serde for a code type by its list of variants.
macro_rules! listed_code_serde {
    ($($ty:ty => $all:expr),* $(,)?) => {$(
        impl Serialize for $ty {
            /// The stable snake_case code.
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            /// From the stable snake_case code.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                let AnyValue(v) = AnyValue::deserialize(d)?;
                FromOut::from_out(&v, "").map_err(de::Error::custom)
            }
        }

        impl FromOut for $ty {
            fn from_out(v: &V, path: &str) -> Result<$ty, String> {
                let s = string(v, path)?;
                $all.iter().copied().find(|x| x.code() == s).ok_or_else(|| {
                    let codes: Vec<&str> = $all.iter().map(|x| x.code()).collect();
                    format!(
                        "{}: {s:?} is not allowed; allowed: {} / “{}”的值“{s}”不被允许",
                        shown(path), codes.join(", "), shown(path)
                    )
                })
            }
        }
    )*};
}

listed_code_serde!(Outcome => OUTCOMES, AssetsTest => ASSETS_TESTS, Unit => UNITS);

// ------------------------------------------------------------ deserializing

/// A value as [`AnyValue`] holds it.
type V = Value<'static>;

/// A part of the §5 JSON read back into its type; errors name the path.
trait FromOut: Sized {
    fn from_out(v: &V, path: &str) -> Result<Self, String>;

    /// The value when the key is left out: an error, unless the type says
    /// otherwise (an optional value, a list).
    fn absent(path: &str) -> Result<Self, String> {
        Err(format!(
            "{}: required field is missing / 缺少必填字段“{}”",
            shown(path),
            shown(path)
        ))
    }
}

/// A path as shown in messages (the document itself is `(root)`).
fn shown(path: &str) -> &str {
    if path.is_empty() {
        "(root)"
    } else {
        path
    }
}

fn wrong_type(path: &str, expected: &str, zh: &str, v: &Value) -> String {
    format!(
        "{}: expected {expected}, found {} / “{}”应为{zh}",
        shown(path),
        v.type_name(),
        shown(path)
    )
}

fn string<'v>(v: &'v Value, path: &str) -> Result<&'v str, String> {
    v.as_str()
        .ok_or_else(|| wrong_type(path, "a string", "字符串", v))
}

/// An object being read back.
struct Obj<'v> {
    path: &'v str,
    members: &'v [(std::borrow::Cow<'static, str>, Value<'static>)],
}

fn obj<'v>(v: &'v V, path: &'v str) -> Result<Obj<'v>, String> {
    match v {
        Value::Object(members) => Ok(Obj { path, members }),
        _ => Err(wrong_type(path, "an object", "对象", v)),
    }
}

impl Obj<'_> {
    fn get<T: FromOut>(&self, key: &str) -> Result<T, String> {
        let path = join(self.path, key);
        match self.members.iter().find(|(k, _)| k == key) {
            Some((_, v)) => T::from_out(v, &path),
            None => T::absent(&path),
        }
    }
}

impl FromOut for String {
    fn from_out(v: &V, path: &str) -> Result<String, String> {
        string(v, path).map(str::to_owned)
    }
}

impl FromOut for &'static str {
    fn from_out(v: &V, path: &str) -> Result<&'static str, String> {
        intern(string(v, path)?).map_err(|e| format!("{}: {e}", shown(path)))
    }
}

impl FromOut for Arc<str> {
    fn from_out(v: &V, path: &str) -> Result<Arc<str>, String> {
        string(v, path).map(Arc::from)
    }
}

impl FromOut for bool {
    fn from_out(v: &V, path: &str) -> Result<bool, String> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(wrong_type(path, "true or false", "true 或 false", v)),
        }
    }
}

impl FromOut for u32 {
    fn from_out(v: &V, path: &str) -> Result<u32, String> {
        match v {
            Value::Number(n) => n
                .parse()
                .map_err(|_| wrong_type(path, "a whole number", "整数", v)),
            _ => Err(wrong_type(path, "a whole number", "整数", v)),
        }
    }
}

impl FromOut for Money {
    fn from_out(v: &V, path: &str) -> Result<Money, String> {
        match v {
            Value::String(s) | Value::Number(s) => {
                money_from_text(s).map_err(|e| format!("{}: {e}", shown(path)))
            }
            _ => Err(wrong_type(path, "an amount", "金额", v)),
        }
    }
}

impl FromOut for Date {
    fn from_out(v: &V, path: &str) -> Result<Date, String> {
        let s = string(v, path)?;
        Date::parse(s).ok_or_else(|| format!("{}: {}", shown(path), super::date_message(s)))
    }
}

impl FromOut for Area {
    fn from_out(v: &V, path: &str) -> Result<Area, String> {
        let s = string(v, path)?;
        Area::from_code(s).ok_or_else(|| {
            format!(
                "{}: {s:?} is not allowed; allowed: {} / 值“{s}”不被允许",
                shown(path),
                Area::CODES.join(", ")
            )
        })
    }
}

impl<T: FromOut> FromOut for Option<T> {
    /// `null` or left out: `None`.
    fn from_out(v: &V, path: &str) -> Result<Option<T>, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_out(v, path).map(Some),
        }
    }

    fn absent(_: &str) -> Result<Option<T>, String> {
        Ok(None)
    }
}

impl<T: FromOut> FromOut for Vec<T> {
    fn from_out(v: &V, path: &str) -> Result<Vec<T>, String> {
        match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| T::from_out(v, &format!("{path}[{i}]")))
                .collect(),
            _ => Err(wrong_type(path, "an array", "数组", v)),
        }
    }

    /// Left out: empty (`individual_coverage` is, and results stored by an
    /// earlier version lack the lists added since).
    fn absent(_: &str) -> Result<Vec<T>, String> {
        Ok(Vec::new())
    }
}

/// `FromOut` for a struct read from an object: `$build` gets the object.
macro_rules! from_object {
    ($($ty:ty => |$o:ident| $build:expr),* $(,)?) => {$(
        impl FromOut for $ty {
            fn from_out(v: &V, path: &str) -> Result<$ty, String> {
                let $o = obj(v, path)?;
                Ok($build)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            /// The docs/output.md shape.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                let AnyValue(v) = AnyValue::deserialize(d)?;
                <$ty as FromOut>::from_out(&v, "").map_err(de::Error::custom)
            }
        }
    )*};
}

from_object!(
    Assessment => |o| Assessment {
        case_id: o.get("case_id")?,
        outcome: o.get("outcome")?,
        monthly_amount: o.get("monthly_amount")?,
        household_size: o.get("household_size")?,
        covered_members: o.get("covered_members")?,
        excluded_members: o.get("excluded_members")?,
        household_income: o.get("household_income")?,
        per_capita_income: o.get("per_capita_income")?,
        standard: o.get("standard")?,
        edge_line: o.get("edge_line")?,
        assets_test: o.get("assets_test")?,
        edge_assets_test: o.get("edge_assets_test")?,
        supplements: o.get("supplements")?,
        individual_coverage: o.get("individual_coverage")?,
        gradual_exit: o.get("gradual_exit")?,
        incomes: o.get("incomes")?,
        reasons: o.get("reasons")?,
        warnings: o.get("warnings")?,
        verification: o.get("verification")?,
        trace: o.get("trace")?,
        parameters: o.get("parameters")?,
        counted_members: o.get("counted_members")?,
        conditions: o.get("conditions")?,
        referrals: o.get("referrals")?,
        separate_subsidies: o.get("separate_subsidies")?,
        receipt: o.get("receipt")?,
    },
    Note => |o| note(&o)?,
    Excluded => |o| Excluded {
        id: o.get("id")?,
        reason: note(&o)?,
    },
    IncomeLine => |o| IncomeLine {
        member: o.get("member")?,
        item: o.get("item")?,
        monthly: o.get("monthly")?,
        effect: o.get("effect")?,
        reason: o.get("reason")?,
    },
    SupplementPaid => |o| SupplementPaid {
        member: o.get("member")?,
        id: o.get("id")?,
        zh: o.get("zh")?,
        en: o.get("en")?,
        amount: o.get("amount")?,
    },
    IndividualCover => |o| IndividualCover {
        member: o.get("member")?,
        own_income: o.get("own_income")?,
        amount: o.get("amount")?,
    },
    GradualExit => |o| GradualExit {
        employment_since: o.get("employment_since")?,
        above_standard_since: o.get("above_standard_since")?,
        ends_on: o.get("ends_on")?,
    },
    Verification => |o| Verification {
        recorded_amount: o.get("recorded_amount")?,
        matches: o.get("matches")?,
        difference: o.get("difference")?,
        first_difference: o.get("first_difference")?,
        zh: o.get("zh")?,
        en: o.get("en")?,
    },
    Step => |o| Step {
        step: o.get("step")?,
        zh: o.get("zh")?,
        en: o.get("en")?,
        value: o.get("value")?,
        citation: o.get("citation")?,
    },
    ParametersUsed => |o| ParametersUsed {
        region: o.get("region")?,
        name_zh: o.get("name")?,
        name_en: o.get("name_en")?,
        from: o.get("from")?,
        source: o.get("source")?,
        confirmed_through: o.get("confirmed_through")?,
        rounding: o.get("rounding")?,
        overridden: o.get("overridden")?,
        in_force: o
            .get::<Vec<InForce>>("in_force")?
            .into_iter()
            .map(|f| (f.parameter, f.from, f.source))
            .collect(),
        requested_region: o.get("requested_region")?,
        area: o.get("area")?,
        standard_published: o.get("standard_published")?,
    },
    Rate => |o| Rate {
        amount: o.get("value")?,
        unit: o.get("unit")?,
    },
    CountedMember => |o| {
        let through: Option<Through> = o.get("counted_through")?;
        let (through, clause, citation) = match through {
            Some(t) => (Some(t.member), t.clause, t.citation),
            None => (None, "", String::new()),
        };
        CountedMember { id: o.get("id")?, through, clause, citation }
    },
    Condition => |o| Condition {
        met: o.get("met")?,
        note: note(&o)?,
    },
    Referral => |o| Referral {
        member: o.get("member")?,
        note: note(&o)?,
        tests: o
            .get::<Vec<Test>>("tests")?
            .into_iter()
            .map(|t| (t.code, t.met))
            .collect(),
    },
    Receipt => |o| Receipt {
        engine: o.get("engine")?,
        parameters_sha256: o.get("parameters_sha256")?,
        input_sha256: o.get("input_sha256")?,
    },
);

/// A note's four fields, from an object that may hold others too.
fn note(o: &Obj<'_>) -> Result<Note, String> {
    Ok(Note {
        code: o.get("code")?,
        zh: o.get("zh")?,
        en: o.get("en")?,
        citation: o.get("citation")?,
    })
}

/// One of `parameters.in_force`.
struct InForce {
    parameter: &'static str,
    from: Date,
    source: Arc<str>,
}

/// A `counted_through` object.
struct Through {
    member: String,
    clause: &'static str,
    citation: String,
}

/// One of a referral's `tests`.
struct Test {
    code: &'static str,
    met: Option<bool>,
}

impl FromOut for InForce {
    fn from_out(v: &V, path: &str) -> Result<InForce, String> {
        let o = obj(v, path)?;
        Ok(InForce {
            parameter: o.get("parameter")?,
            from: o.get("from")?,
            source: o.get("source")?,
        })
    }
}

impl FromOut for Through {
    fn from_out(v: &V, path: &str) -> Result<Through, String> {
        let o = obj(v, path)?;
        Ok(Through {
            member: o.get("member")?,
            clause: o.get("clause")?,
            citation: o.get("citation")?,
        })
    }
}

impl FromOut for Test {
    fn from_out(v: &V, path: &str) -> Result<Test, String> {
        let o = obj(v, path)?;
        Ok(Test {
            code: o.get("code")?,
            met: o.get("met")?,
        })
    }
}

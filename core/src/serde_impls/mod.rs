//! serde for the public input and output types (feature `serde`).
//!
//! The shapes are exactly the JSON of docs/input.md and docs/output.md:
//! money as a two-decimal string, dates as `YYYY-MM-DD`, codes as their
//! snake_case strings, keys in the documented order. A `serde_json` value of
//! an [`Assessment`](crate::Assessment) equals the parsed text of
//! [`Assessment::to_json`](crate::Assessment::to_json) (a test checks it on
//! every golden case).
//!
//! Deserializing reads the value the format hands over into the crate's own
//! [`Value`] and then through the same readers as [`Household::from_json`]
//! (`crate::input`), so serde and the JSON reader cannot disagree: the same
//! defaults, limits and errors (all of them, each with its field path, in
//! English and Chinese, joined into serde's one message). The shapes need a
//! self-describing format (JSON, CBOR, MessagePack, YAML…): numbers and
//! objects are told apart by what the data says, as the JSON is.
//!
//! Numbers: where the format hands over a number's digits (serde_json with
//! its `arbitrary_precision` feature), they are read exactly, as the JSON
//! reader reads them. Where it hands over an `f64` or `f32`, the number is
//! written in its shortest round-trip decimal form (`1200.5`, `0.3`) and that
//! text is read: exact for every amount a person types, and an `f64` that is
//! not a whole number of fen (`0.1 + 0.2` is `0.30000000000000004`) is
//! refused as having more than two decimals, never rounded.
//!
//! [`Household::from_json`]: crate::Household::from_json

mod input;
mod output;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::date::Date;
use crate::error::Errors;
use crate::json::Value;
use crate::money::{parse_plain_decimal, Money, Rounding};

/// The key under which serde_json (`arbitrary_precision`) hands over a
/// number's digits: a one-entry map, `{ TOKEN: "1234.50" }`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Any value of the data model, owned, as the crate's JSON [`Value`].
pub(crate) struct AnyValue(pub(crate) Value<'static>);

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnyValue, D::Error> {
        d.deserialize_any(ValueVisitor).map(AnyValue)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Value::Number(n.to_string().into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Value::Number(n.to_string().into()))
    }

    fn visit_i128<E>(self, n: i128) -> Result<Self::Value, E> {
        Ok(Value::Number(n.to_string().into()))
    }

    fn visit_u128<E>(self, n: u128) -> Result<Self::Value, E> {
        Ok(Value::Number(n.to_string().into()))
    }

    fn visit_f32<E: de::Error>(self, x: f32) -> Result<Self::Value, E> {
        float_text(x.is_finite(), || x.to_string()).map(|t| Value::Number(t.into()))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Self::Value, E> {
        float_text(x.is_finite(), || x.to_string()).map(|t| Value::Number(t.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(AnyValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members: Vec<(Cow<'static, str>, Value<'static>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.is_empty() && key == NUMBER_TOKEN {
                // serde_json's exact number: its digits, as written.
                let digits: String = map.next_value()?;
                return Ok(Value::Number(digits.into()));
            }
            if members.iter().any(|(k, _)| *k == key) {
                // As the JSON reader: a repeated name is refused, not overwritten.
                return Err(de::Error::custom(format_args!(
                    "the field name {key:?} appears twice in one object / 同一对象中字段名“{key}”重复"
                )));
            }
            let AnyValue(v) = map.next_value()?;
            members.push((key.into(), v));
        }
        Ok(Value::Object(members))
    }
}

/// The shortest round-trip decimal text of a binary float (Rust's `Display`
/// writes it, never with an exponent); infinities and NaN are refused.
fn float_text<E: de::Error>(finite: bool, text: impl FnOnce() -> String) -> Result<String, E> {
    if finite {
        Ok(text())
    } else {
        Err(E::custom(
            "an infinite or NaN number is not an amount / 无穷大或非数字不是有效数值",
        ))
    }
}

/// The errors of a reader as serde's one message: each error's English and
/// Chinese sentence (each names its field path), in document order.
fn errors_message(errors: &Errors) -> String {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("{} [{}] {} / {}", e.field(), e.code(), e.en(), e.zh()))
        .collect();
    lines.join("; ")
}

/// Reads a value of the data model through one of the crate's readers.
fn read_with<'de, D, T>(d: D, read: impl FnOnce(&Value) -> Result<T, Errors>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let AnyValue(v) = AnyValue::deserialize(d)?;
    read(&v).map_err(|e| de::Error::custom(errors_message(&e)))
}

// ------------------------------------------------------------------ money

impl Serialize for Money {
    /// Two decimals, as a string: `"1755.00"` (shown half up to the fen).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(16);
        self.write_to(&mut text);
        s.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Money {
    /// From a string or a number: a plain decimal with at most two decimals,
    /// exactly (see the module's doc for numbers given as `f64`). Negative
    /// amounts are accepted here (an assessment's `verification.difference`
    /// may be one); a household's amounts are read by the input rules, which
    /// refuse them.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }
}

struct MoneyVisitor;

impl<'de> Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount in yuan: a string like \"1234.50\" or a number")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Money, E> {
        money_from_text(s).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Money, E> {
        Ok(Money::yuan(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Money, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Money, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Money, E> {
        self.visit_str(&n.to_string())
    }

    fn visit_f32<E: de::Error>(self, x: f32) -> Result<Money, E> {
        self.visit_str(&float_text::<E>(x.is_finite(), || x.to_string())?)
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Money, E> {
        self.visit_str(&float_text::<E>(x.is_finite(), || x.to_string())?)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Money, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == NUMBER_TOKEN => {
                let digits: String = map.next_value()?;
                self.visit_str(&digits)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// A plain decimal (optionally negative) with at most two decimals.
fn money_from_text(s: &str) -> Result<Money, String> {
    let Some(d) = parse_plain_decimal(s) else {
        return Err(format!(
            "{s:?} is not an amount in yuan like \"1234.50\" (digits, at most one point; no exponent, no separators) / “{s}”不是以元为单位的金额（如 \"1234.50\"）"
        ));
    };
    if d.normalize().scale() > 2 {
        return Err(format!(
            "{s} has more than two decimals; amounts are in yuan to the fen / {s} 的小数超过两位，金额最小单位为分"
        ));
    }
    // `-0` is zero.
    Ok(Money::new(if d.is_zero() { d.abs() } else { d }))
}

// ------------------------------------------------------------------ dates

impl Serialize for Date {
    /// `"YYYY-MM-DD"`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// From `"YYYY-MM-DD"`, a date that exists between 1900 and 2200.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).ok_or_else(|| E::custom(date_message(s)))
            }
        }
        d.deserialize_str(DateVisitor)
    }
}

fn date_message(s: &str) -> String {
    format!(
        "{s:?} is not a date written YYYY-MM-DD between 1900 and 2200 / “{s}”不是 1900 至 2200 年间、格式为 YYYY-MM-DD 的日期"
    )
}

// ------------------------------------------------------------------ codes

/// A code from a fixed list, by its snake_case string.
pub(crate) struct CodeVisitor<T: 'static> {
    pub(crate) codes: &'static [&'static str],
    pub(crate) parse: fn(&str) -> Option<T>,
}

impl<T> Visitor<'_> for CodeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {}", self.codes.join(", "))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        (self.parse)(s).ok_or_else(|| {
            E::custom(format_args!(
                "{s:?} is not allowed; allowed: {} / 值“{s}”不被允许，允许的值：{}",
                self.codes.join(", "),
                self.codes.join("、")
            ))
        })
    }
}

/// serde for a type with `code()`, `CODES` and `from_code`.
macro_rules! code_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl Serialize for $ty {
            /// The stable snake_case code.
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            /// From the stable snake_case code.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                d.deserialize_str($crate::serde_impls::CodeVisitor {
                    codes: <$ty>::CODES,
                    parse: <$ty>::from_code,
                })
            }
        }
    )*};
}
pub(crate) use code_serde;

code_serde!(Rounding);

// ------------------------------------------------------------ static codes

/// Most distinct codes [`intern`] keeps, and the longest it accepts: the
/// engine's vocabulary is a few hundred short snake_case words; anything
/// past these bounds is not one of them.
const MAX_INTERNED: usize = 4096;
const MAX_CODE_LEN: usize = 96;

/// A code read back into a `&'static str` field (an assessment's codes are
/// `&'static str`, so that assessing allocates none of them): each distinct
/// code is allocated once per process and kept, so reading a caseload's
/// results costs one small allocation per word of the vocabulary, not per
/// result. Refuses text that cannot be a code (see the bounds above).
fn intern(s: &str) -> Result<&'static str, String> {
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut codes = CODES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = codes.get(s) {
        return Ok(known);
    }
    if s.len() > MAX_CODE_LEN || codes.len() >= MAX_INTERNED {
        return Err(format!(
            "{s:?} is not a code of this engine / “{s}”不是本引擎的代码"
        ));
    }
    let kept: &'static str = Box::leak(s.to_owned().into_boxed_str());
    codes.insert(kept);
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as PlainError, F32Deserializer, F64Deserializer};
    use serde::de::IntoDeserializer;

    fn from_f64(x: f64) -> Result<Money, PlainError> {
        Money::deserialize(F64Deserializer::<PlainError>::new(x))
    }

    #[test]
    fn money_from_a_float_is_its_shortest_decimal_or_refused() {
        assert_eq!(from_f64(1200.5).unwrap(), Money::fen(120050));
        assert_eq!(from_f64(0.3).unwrap(), Money::fen(30));
        assert_eq!(from_f64(1e8).unwrap(), Money::yuan(100_000_000));
        // 0.1 + 0.2 is 0.30000000000000004 as an f64: refused, never rounded.
        let err = from_f64(0.1 + 0.2).unwrap_err().to_string();
        assert!(err.contains("0.30000000000000004"), "{err}");
        assert!(err.contains("more than two decimals"), "{err}");
        assert!(from_f64(f64::NAN).is_err());
        assert!(from_f64(f64::INFINITY).is_err());
        assert_eq!(from_f64(-0.0).unwrap(), Money::ZERO);
        // An f32 by its own shortest form: 0.1f32 is "0.1", not 0.100000001….
        let f = Money::deserialize(F32Deserializer::<PlainError>::new(0.1)).unwrap();
        assert_eq!(f, Money::fen(10));
    }

    #[test]
    fn money_from_text_is_exact_and_strict() {
        let read = |s: &str| Money::deserialize(s.into_deserializer()).map_err(|e: PlainError| e);
        assert_eq!(read("1755.00").unwrap(), Money::fen(175500));
        assert_eq!(read("-9.00").unwrap(), Money::fen(-900));
        assert_eq!(read("1.500").unwrap(), Money::fen(150));
        for bad in ["1.005", "1e3", "¥5", " 1", ".5", "1,200", ""] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn interned_codes_are_shared_and_bounded() {
        let a = intern("parameters_may_be_outdated").unwrap();
        let b = intern(&String::from("parameters_may_be_outdated")).unwrap();
        assert!(std::ptr::eq(a, b));
        assert!(intern(&"x".repeat(MAX_CODE_LEN + 1)).is_err());
    }
}

//! Strict reading of JSON values into typed fields, collecting every problem
//! with its path instead of stopping at the first. Shared by the household
//! input and the parameter packs.

use std::fmt;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::error::{Error, Expected};
use crate::json::{same_name, Value};
use crate::money::{parse_plain_decimal, Money};

/// Collects errors while reading.
#[derive(Default)]
pub(crate) struct Reader {
    pub errors: Vec<Error>,
}

/// Joins a path and a member name.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A path and an index, rendered only when an error needs it: formatting
/// every member's path cost a third of reading a JSON Lines caseload
/// (callgrind).
pub(crate) fn index<P: fmt::Display + ?Sized>(path: &P, i: usize) -> Indexed<'_, P> {
    Indexed { path, i }
}

/// `path[i]`, rendered on demand.
#[derive(Clone, Copy)]
pub(crate) struct Indexed<'p, P: ?Sized> {
    path: &'p P,
    i: usize,
}

impl<P: fmt::Display + ?Sized> fmt::Display for Indexed<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.path, self.i)
    }
}

/// A path as an object holds it: text, or a path still to be rendered.
#[derive(Clone, Copy)]
pub(crate) enum PathRef<'p> {
    Text(&'p str),
    Lazy(&'p dyn fmt::Display),
}

impl fmt::Display for PathRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathRef::Text(s) => f.write_str(s),
            PathRef::Lazy(d) => d.fmt(f),
        }
    }
}

/// A path an object can keep without rendering it.
pub(crate) trait AsPath: fmt::Display {
    fn as_path(&self) -> PathRef<'_>;
}

impl AsPath for str {
    fn as_path(&self) -> PathRef<'_> {
        PathRef::Text(self)
    }
}

impl AsPath for String {
    fn as_path(&self) -> PathRef<'_> {
        PathRef::Text(self)
    }
}

impl AsPath for Field<'_> {
    fn as_path(&self) -> PathRef<'_> {
        PathRef::Lazy(self)
    }
}

impl<P: fmt::Display + ?Sized> AsPath for Indexed<'_, P> {
    fn as_path(&self) -> PathRef<'_> {
        PathRef::Lazy(self)
    }
}

/// The path of an object member, rendered only when an error needs it
/// (reading is on the hot path of batch runs).
#[derive(Clone, Copy)]
pub(crate) struct Field<'a> {
    parent: PathRef<'a>,
    key: &'a str,
}

impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parent {
            PathRef::Text("") => f.write_str(self.key),
            parent => write!(f, "{parent}.{}", self.key),
        }
    }
}

/// An object being read: its members, its path (not rendered), and a
/// summary of its member names ([`name_bit`]).
pub(crate) struct Obj<'a, 'p> {
    path: PathRef<'p>,
    members: &'a [(std::borrow::Cow<'a, str>, Value<'a>)],
    /// `name_bit` of every member name, or-ed: a name whose bit is clear is
    /// certainly absent.
    names: u64,
}

/// One of 64 bits for a member name, from its length and first and last
/// bytes. A household's member is asked for each of its 23 possible fields
/// but has five or six; the bit answers most of the absent ones without
/// comparing a name (callgrind: reading the member object cost about a
/// third of reading a household).
///
/// This, [`Obj::get`] and [`Obj::require`] are forced inline natively
/// only: inlined at each of their call sites they cost the WASM module 2 KB
/// gzip of its first-load budget (docs/web-status.md), where one household at
/// a time is read.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn name_bit(name: &str) -> u64 {
    let b = name.as_bytes();
    let first = b.first().copied().unwrap_or(0) as usize;
    let last = b.last().copied().unwrap_or(0) as usize;
    1 << ((b.len() + 3 * first + 5 * last) & 63)
}

impl Reader {
    pub fn push(&mut self, e: Error) {
        self.errors.push(e);
    }

    fn wrong_type(&mut self, path: &(impl fmt::Display + ?Sized), expected: Expected, v: &Value) {
        self.push(Error::InvalidType {
            field: path.to_string(),
            expected,
            found: v.type_name(),
        });
    }

    /// Reads `v` as an object whose fields must be among `allowed`; each unknown
    /// field is reported under its own path. Inlined natively, so that the
    /// search of `allowed`, a constant where it is called, is compiled for
    /// those names.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn object<'a, 'p>(
        &mut self,
        v: &'a Value<'a>,
        path: &'p (impl AsPath + ?Sized),
        allowed: &'static [&'static str],
    ) -> Option<Obj<'a, 'p>> {
        match v {
            Value::Object(members) => {
                let mut names = 0;
                for (k, _) in members {
                    if !allowed.iter().any(|a| same_name(a, k)) {
                        self.push(Error::UnknownField {
                            field: join(&path.to_string(), k),
                            allowed,
                        });
                    }
                    names |= name_bit(k);
                }
                Some(Obj {
                    path: path.as_path(),
                    members,
                    names,
                })
            }
            _ => {
                self.wrong_type(path, Expected::Object, v);
                None
            }
        }
    }

    /// Reads an object whose keys are free (e.g. a map of sources).
    pub fn map<'a>(
        &mut self,
        v: &'a Value<'a>,
        path: &(impl fmt::Display + ?Sized),
    ) -> Option<&'a [(std::borrow::Cow<'a, str>, Value<'a>)]> {
        match v {
            Value::Object(members) => Some(members),
            _ => {
                self.wrong_type(path, Expected::Object, v);
                None
            }
        }
    }

    pub fn array<'a>(
        &mut self,
        v: &'a Value<'a>,
        path: &(impl fmt::Display + ?Sized),
    ) -> Option<&'a [Value<'a>]> {
        match v {
            Value::Array(items) => Some(items),
            _ => {
                self.wrong_type(path, Expected::Array, v);
                None
            }
        }
    }

    pub fn string<'a>(
        &mut self,
        v: &'a Value<'a>,
        path: &(impl fmt::Display + ?Sized),
    ) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s),
            _ => {
                self.wrong_type(path, Expected::String, v);
                None
            }
        }
    }

    pub fn bool(&mut self, v: &Value, path: &(impl fmt::Display + ?Sized)) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(path, Expected::Bool, v);
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn int(
        &mut self,
        v: &Value,
        path: &(impl fmt::Display + ?Sized),
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let Value::Number(text) = v else {
            self.wrong_type(path, Expected::Integer, v);
            return None;
        };
        let n = match text.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                // A decimal or an exponent form: not a whole number; huge: out of range.
                if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                    self.push(Error::OutOfRange {
                        field: path.to_string(),
                        text: text.to_string(),
                        min,
                        max,
                    });
                } else {
                    self.wrong_type(path, Expected::Integer, v);
                }
                return None;
            }
        };
        let range = crate::limits::Range::new(min, max);
        if range.contains(n) {
            return Some(n);
        }
        self.push(range.error(text, &path.to_string()));
        None
    }

    /// A whole number in `range` (one of [`crate::limits`]).
    pub fn int_in(
        &mut self,
        v: &Value,
        path: &(impl fmt::Display + ?Sized),
        range: crate::limits::Range,
    ) -> Option<i64> {
        self.int(v, path, range.min, range.max)
    }

    /// An amount of money, from a string or a number, exactly.
    pub fn money(&mut self, v: &Value, path: &(impl fmt::Display + ?Sized)) -> Option<Money> {
        let text = match v {
            Value::String(s) | Value::Number(s) => s,
            _ => {
                self.wrong_type(path, Expected::Amount, v);
                return None;
            }
        };
        match Money::parse(text) {
            Ok(m) => Some(m),
            Err(problem) => {
                self.push(Error::InvalidAmount {
                    field: path.to_string(),
                    text: text.to_string(),
                    problem,
                });
                None
            }
        }
    }

    /// A decimal (a multiple or a fraction) in `min..=max`.
    pub fn decimal(
        &mut self,
        v: &Value,
        path: &(impl fmt::Display + ?Sized),
        min: Decimal,
        max: Decimal,
    ) -> Option<Decimal> {
        let text = match v {
            Value::String(s) | Value::Number(s) => s,
            _ => {
                self.wrong_type(path, Expected::Decimal, v);
                return None;
            }
        };
        match parse_plain_decimal(text) {
            Some(d) if d >= min && d <= max => Some(d),
            Some(_) => {
                self.push(Error::OutOfRange {
                    field: path.to_string(),
                    text: text.to_string(),
                    min: min.trunc().try_into().unwrap_or(0),
                    max: max.trunc().try_into().unwrap_or(i64::MAX),
                });
                None
            }
            None => {
                self.wrong_type(path, Expected::Decimal, v);
                None
            }
        }
    }

    pub fn date(&mut self, v: &Value, path: &(impl fmt::Display + ?Sized)) -> Option<Date> {
        let s = self.string(v, path)?;
        match Date::parse(s) {
            Some(d) => Some(d),
            None => {
                self.push(Error::InvalidDate {
                    field: path.to_string(),
                    text: s.to_owned(),
                });
                None
            }
        }
    }

    /// A string from a fixed list of codes.
    pub fn code<T>(
        &mut self,
        v: &Value,
        path: &(impl fmt::Display + ?Sized),
        allowed: &'static [&'static str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.string(v, path)?;
        match parse(s) {
            Some(t) => Some(t),
            None => {
                self.push(Error::InvalidValue {
                    field: path.to_string(),
                    text: s.to_owned(),
                    allowed,
                });
                None
            }
        }
    }
}

impl<'a> Obj<'a, '_> {
    /// The member `key` with its path, if present.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn get<'k>(&'k self, key: &'k str) -> Option<(&'a Value<'a>, Field<'k>)> {
        if self.names & name_bit(key) == 0 {
            return None;
        }
        self.members
            .iter()
            .find(|(k, _)| same_name(k, key))
            .map(|(_, v)| {
                (
                    v,
                    Field {
                        parent: self.path,
                        key,
                    },
                )
            })
    }

    /// The member `key`, or a `missing_field` error.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn require<'k>(
        &'k self,
        r: &mut Reader,
        key: &'k str,
    ) -> Option<(&'a Value<'a>, Field<'k>)> {
        let got = self.get(key);
        if got.is_none() {
            r.push(Error::MissingField {
                field: Field {
                    parent: self.path,
                    key,
                }
                .to_string(),
            });
        }
        got
    }
}

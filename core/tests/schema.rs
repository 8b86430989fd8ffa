//! `dibao::input_schema()` against the engine: every valid golden input
//! validates, inputs the engine refuses for reasons a schema can express are
//! refused by the schema too, and the schema's enums are the model's codes.
//!
//! The validator is the subset of JSON Schema 2020-12 the schema uses
//! (`$ref` to `#/$defs/…`, `type`, `enum`, `properties`, `required`,
//! `additionalProperties: false`, `items`, `minItems`/`maxItems`,
//! `minLength`/`maxLength`, `minimum`/`maximum`, `pattern`, `anyOf`,
//! `oneOf`), with a small backtracking matcher for the patterns. Any other
//! keyword fails the test, so the schema cannot drift beyond what is checked.

use dibao::json::{self, Value};

const KNOWN: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "title",
    "description",
    "format",
    "type",
    "enum",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
    "anyOf",
    "oneOf",
];

// ---------------------------------------------------------------- patterns

#[derive(Debug)]
enum Atom {
    Char(char),
    Class(Vec<(char, char)>),
    Group(Vec<Vec<Piece>>),
    Start,
    End,
}

#[derive(Debug)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

struct Re {
    chars: Vec<char>,
    pos: usize,
}

impl Re {
    fn alt(&mut self) -> Vec<Vec<Piece>> {
        let mut alts = vec![self.seq()];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.seq());
        }
        alts
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> char {
        let c = self.chars[self.pos];
        self.pos += 1;
        c
    }

    fn seq(&mut self) -> Vec<Piece> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.pos += 1;
            let atom = match c {
                '^' => Atom::Start,
                '$' => Atom::End,
                '(' => {
                    let g = self.alt();
                    assert_eq!(self.next(), ')', "unclosed group");
                    Atom::Group(g)
                }
                '[' => {
                    let mut ranges = Vec::new();
                    while self.peek() != Some(']') {
                        let a = self.next();
                        if self.peek() == Some('-') && self.chars.get(self.pos + 1) != Some(&']') {
                            self.pos += 1;
                            ranges.push((a, self.next()));
                        } else {
                            ranges.push((a, a));
                        }
                    }
                    self.pos += 1;
                    Atom::Class(ranges)
                }
                '\\' => Atom::Char(self.next()),
                '.' | '*' | '+' | '?' | '{' => panic!("unsupported pattern syntax {c:?}"),
                c => Atom::Char(c),
            };
            let (min, max) = match self.peek() {
                Some('?') => (0, 1),
                Some('*') => (0, usize::MAX),
                Some('+') => (1, usize::MAX),
                Some('{') => {
                    self.pos += 1;
                    let mut text = String::new();
                    while self.peek() != Some('}') {
                        text.push(self.next());
                    }
                    let (a, b) = match text.split_once(',') {
                        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
                        None => (text.parse().unwrap(), text.parse().unwrap()),
                    };
                    (a, b)
                }
                _ => {
                    seq.push(Piece {
                        atom,
                        min: 1,
                        max: 1,
                    });
                    continue;
                }
            };
            self.pos += 1;
            seq.push(Piece { atom, min, max });
        }
        seq
    }
}

/// Matches `seq[i..]` at `pos`, then calls `k` with the end position.
fn m_seq(seq: &[Piece], s: &[char], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    let Some((p, rest)) = seq.split_first() else {
        return k(pos);
    };
    m_rep(p, 0, rest, s, pos, k)
}

fn m_rep(
    p: &Piece,
    count: usize,
    rest: &[Piece],
    s: &[char],
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    // Greedy: one more repetition first, then the rest.
    if count < p.max
        && m_atom(&p.atom, s, pos, &mut |e| {
            (e != pos || count < p.min) && m_rep(p, count + 1, rest, s, e, k)
        })
    {
        return true;
    }
    count >= p.min && m_seq(rest, s, pos, k)
}

fn m_atom(a: &Atom, s: &[char], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match a {
        Atom::Start => pos == 0 && k(pos),
        Atom::End => pos == s.len() && k(pos),
        Atom::Char(c) => s.get(pos) == Some(c) && k(pos + 1),
        Atom::Class(r) => {
            s.get(pos)
                .is_some_and(|c| r.iter().any(|(a, b)| a <= c && c <= b))
                && k(pos + 1)
        }
        Atom::Group(alts) => alts.iter().any(|seq| m_seq(seq, s, pos, k)),
    }
}

/// True when `pattern` matches somewhere in `text` (ECMA-262 `test`).
fn pattern_matches(pattern: &str, text: &str) -> bool {
    let mut re = Re {
        chars: pattern.chars().collect(),
        pos: 0,
    };
    let alts = re.alt();
    assert_eq!(re.pos, re.chars.len(), "unparsed pattern {pattern}");
    let s: Vec<char> = text.chars().collect();
    (0..=s.len()).any(|start| alts.iter().any(|seq| m_seq(seq, &s, start, &mut |_| true)))
}

#[test]
fn the_pattern_matcher_works() {
    let money = r"^(-?0+(\.0+)?|[0-9]+(\.[0-9]{1,2}0*)?)$";
    for ok in ["0", "1234.50", "1.5", "1.500", "-0", "100000000"] {
        assert!(pattern_matches(money, ok), "{ok}");
    }
    for bad in ["", "1.505", "-1", "1e3", ".5", "1.", "¥5", "12 "] {
        assert!(!pattern_matches(money, bad), "{bad}");
    }
    assert!(pattern_matches("a[0-9]{2,3}", "xa123"));
    assert!(!pattern_matches("^a[0-9]{2,3}$", "a1"));
}

// ---------------------------------------------------------------- validator

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.parse().ok(),
        _ => None,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match (t, v) {
        ("object", Value::Object(_))
        | ("array", Value::Array(_))
        | ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("null", Value::Null)
        | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.parse::<f64>().is_ok_and(|x| x.fract() == 0.0),
        _ => false,
    }
}

struct Validator<'a> {
    root: &'a Value<'a>,
}

impl Validator<'_> {
    /// Every violation of `schema` by `v`, as `path: problem`.
    fn check(&self, schema: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
        let Value::Object(keys) = schema else {
            panic!("a schema must be an object at {path}");
        };
        for (k, _) in keys {
            assert!(KNOWN.contains(&&**k), "unsupported keyword {k}");
        }
        if let Some(Value::String(r)) = schema.get("$ref") {
            let name = r.strip_prefix("#/$defs/").expect("local $defs refs only");
            let target = self
                .root
                .get("$defs")
                .and_then(|d| d.get(name))
                .unwrap_or_else(|| panic!("no $defs/{name}"));
            self.check(target, v, path, out);
        }
        match schema.get("type") {
            Some(Value::String(t)) if !type_ok(t, v) => {
                out.push(format!("{path}: not {t}"));
                return;
            }
            Some(Value::Array(ts)) if !ts.iter().any(|t| type_ok(t.as_str().unwrap(), v)) => {
                out.push(format!("{path}: wrong type"));
                return;
            }
            _ => {}
        }
        if let Some(Value::Array(allowed)) = schema.get("enum") {
            if !allowed.contains(v) {
                out.push(format!("{path}: not in enum"));
            }
        }
        if let (Some(Value::Object(props)), Value::Object(members)) = (schema.get("properties"), v)
        {
            for (k, mv) in members {
                match props.iter().find(|(p, _)| p == k) {
                    Some((_, s)) => self.check(s, mv, &format!("{path}.{k}"), out),
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        out.push(format!("{path}.{k}: unknown field"))
                    }
                    None => {}
                }
            }
        }
        if let (Some(Value::Array(req)), Value::Object(members)) = (schema.get("required"), v) {
            for r in req {
                let r = r.as_str().unwrap();
                if !members.iter().any(|(k, _)| k == r) {
                    out.push(format!("{path}.{r}: missing"));
                }
            }
        }
        if let Value::Array(items) = v {
            if let Some(s) = schema.get("items") {
                for (i, it) in items.iter().enumerate() {
                    self.check(s, it, &format!("{path}[{i}]"), out);
                }
            }
            if let Some(n) = schema.get("minItems").and_then(number) {
                if (items.len() as f64) < n {
                    out.push(format!("{path}: too few items"));
                }
            }
            if let Some(n) = schema.get("maxItems").and_then(number) {
                if (items.len() as f64) > n {
                    out.push(format!("{path}: too many items"));
                }
            }
        }
        if let Value::String(s) = v {
            let len = s.chars().count() as f64;
            if schema
                .get("minLength")
                .and_then(number)
                .is_some_and(|n| len < n)
            {
                out.push(format!("{path}: too short"));
            }
            if schema
                .get("maxLength")
                .and_then(number)
                .is_some_and(|n| len > n)
            {
                out.push(format!("{path}: too long"));
            }
            if let Some(Value::String(p)) = schema.get("pattern") {
                if !pattern_matches(p, s) {
                    out.push(format!("{path}: does not match {p}"));
                }
            }
        }
        if let Some(x) = number(v) {
            if schema
                .get("minimum")
                .and_then(number)
                .is_some_and(|n| x < n)
            {
                out.push(format!("{path}: below minimum"));
            }
            if schema
                .get("maximum")
                .and_then(number)
                .is_some_and(|n| x > n)
            {
                out.push(format!("{path}: above maximum"));
            }
        }
        let passes = |s: &Value| {
            let mut e = Vec::new();
            self.check(s, v, path, &mut e);
            e.is_empty()
        };
        if let Some(Value::Array(any)) = schema.get("anyOf") {
            if !any.iter().any(passes) {
                out.push(format!("{path}: matches none of anyOf"));
            }
        }
        if let Some(Value::Array(one)) = schema.get("oneOf") {
            let n = one.iter().filter(|s| passes(s)).count();
            if n != 1 {
                out.push(format!("{path}: matches {n} of oneOf, not exactly one"));
            }
        }
    }
}

fn schema() -> Value<'static> {
    json::parse(dibao::input_schema()).expect("the schema is JSON")
}

fn errors(input: &str) -> Vec<String> {
    let s = schema();
    let v = json::parse(input).unwrap();
    let mut out = Vec::new();
    Validator { root: &s }.check(&s, &v, "", &mut out);
    out
}

#[path = "support/cases.rs"]
mod cases;
use cases::case_files;

#[test]
fn every_valid_golden_input_validates() {
    let files = case_files();
    let mut checked = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let case = json::parse(&text).unwrap();
        if case.get("expect").is_none() {
            continue;
        }
        let input = case.get("input").unwrap().to_string();
        let errs = errors(&input);
        assert!(errs.is_empty(), "{}: {errs:?}", f.display());
        checked += 1;
    }
    assert!(checked > 100, "only {checked} valid golden cases found");
}

#[test]
fn what_the_engine_refuses_the_schema_refuses() {
    let ok = r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40}]}"#;
    assert_eq!(errors(ok), Vec::<String>::new());
    assert!(dibao::Household::from_json(ok).is_ok());
    let bad = [
        r#"{"date": "2024-03-15", "members": []}"#,
        r#"{"members": [{"id": "A", "relation": "self", "age": 40}]}"#,
        r#"{"date": "2024-13-01", "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40}], "extra": 1}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "boss", "age": 40}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self"}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "birth_date": "1984-01-01"}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 131}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "", "relation": "self", "age": 40}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "incomes": [{"kind": "wage", "amount": "1.005"}]}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "incomes": [{"kind": "wage", "amount": "-5"}]}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "incomes": [{"kind": "salary", "amount": "5"}]}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "incomes": [{"kind": "wage", "amount": "5", "period": "week"}]}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "incomes": [{"kind": "wage", "amount": "5", "period": {"months": 0}}]}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "disability": {"grade": 5, "kind": "visual"}}]}"#,
        r#"{"date": "2024-03-15", "members": [{"id": "A", "relation": "self", "age": 40, "cohabiting": "yes"}]}"#,
        r#"{"date": "2024-03-15", "policy": {"rounding": "up"}, "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
        r#"{"date": "2024-03-15", "current": {"employment_since": "2024-01-01"}, "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
        r#"{"date": "2024-03-15", "assets": {"vehicles": [{"value": "1", "kind": "boat"}]}, "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
        r#"{"date": "2024-03-15", "recorded_amount": "abc", "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
    ];
    for input in bad {
        assert!(!errors(input).is_empty(), "the schema accepts {input}");
        assert!(
            dibao::Household::from_json(input).is_err(),
            "the engine accepts {input}"
        );
    }
}

fn enum_at(s: &Value, path: &[&str]) -> Vec<String> {
    let mut v = s;
    for p in path {
        v = v.get(p).unwrap_or_else(|| panic!("no {p} in {path:?}"));
    }
    match v.get("enum") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().unwrap().to_owned())
            .collect(),
        _ => panic!("no enum at {path:?}"),
    }
}

#[test]
fn enums_are_the_models_codes() {
    let s = schema();
    let d = ["$defs"];
    let member = [&d[..], &["member", "properties"]].concat();
    let codes = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        enum_at(&s, &[&member[..], &["relation"]].concat()),
        codes(dibao::Relation::CODES)
    );
    assert_eq!(
        enum_at(&s, &[&member[..], &["sex"]].concat()),
        codes(dibao::Sex::CODES)
    );
    assert_eq!(
        enum_at(&s, &[&member[..], &["status"]].concat()),
        codes(dibao::Status::CODES)
    );
    assert_eq!(
        enum_at(
            &s,
            &[&member[..], &["disability", "properties", "kind"]].concat()
        ),
        codes(dibao::DisabilityKind::CODES)
    );
    assert_eq!(
        enum_at(&s, &["$defs", "income", "properties", "kind"]),
        codes(dibao::IncomeKind::CODES)
    );
    assert_eq!(
        enum_at(&s, &["$defs", "deduction", "properties", "kind"]),
        codes(dibao::DeductionKind::CODES)
    );
    assert_eq!(
        enum_at(
            &s,
            &[
                "$defs",
                "assets",
                "properties",
                "vehicles",
                "items",
                "properties",
                "kind"
            ]
        ),
        codes(dibao::VehicleKind::CODES)
    );
    assert_eq!(
        enum_at(&s, &["properties", "policy", "properties", "rounding"]),
        codes(&["fen", "jiao", "yuan", "yuan_ceil"])
    );
    for r in ["fen", "jiao", "yuan", "yuan_ceil"] {
        assert!(dibao::Rounding::from_code(r).is_some(), "{r}");
    }
}

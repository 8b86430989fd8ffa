//! A small, strict JSON reader and writer.
//!
//! Why our own: numbers must stay exact (a number's text is kept and parsed as
//! a decimal, never through `f64`), every problem must be reported with its
//! field path (which a derive-based deserializer stops at the first of), and
//! the core stays free of I/O and heavy dependencies. The writer produces the
//! same bytes on every platform, native and WASM.
//!
//! Public on purpose (docs/api.md): [`Household::from_value`] takes a
//! [`Value`], so a caller that parses a document once can read a household
//! out of it (as [`Assessor::read`] does); tools that write JSON beside the
//! engine's (the CLI's summaries) use [`Writer`] and [`write_str`] to get the
//! same layout and escaping, byte for byte.
//!
//! [`Household::from_value`]: crate::Household::from_value
//! [`Assessor::read`]: crate::Assessor::read

use std::borrow::Cow;
use std::fmt::Write as _;

/// A parsed JSON value, borrowing from the text where it can (strings
/// without escapes, numbers, member names). Object members keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written (exact).
    Number(Cow<'a, str>),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, in source order.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The JSON type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Looks up an object member.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Display for Value<'_> {
    /// Compact JSON text; numbers are written exactly as they were read.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(n),
            Value::String(s) => {
                let mut out = String::new();
                write_str(&mut out, s);
                f.write_str(&out)
            }
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Object(members) => {
                f.write_str("{")?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    let mut key = String::new();
                    write_str(&mut key, k);
                    write!(f, "{key}:{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// Where and why a text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What was expected, in English.
    pub en: &'static str,
    /// The same in Chinese.
    pub zh: &'static str,
}

const MAX_DEPTH: usize = 64;

/// Parses one JSON document (surrounding whitespace allowed, a UTF-8 BOM too).
pub fn parse(text: &str) -> Result<Value<'_>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        text,
        error: None,
    };
    p.ws();
    // `fail` always records the error before stopping; the fallback is
    // never reached.
    let v = p.value(0).map_err(|Stop| {
        p.error.take().unwrap_or(SyntaxError {
            line: 1,
            column: 1,
            en: "expected a JSON value",
            zh: "此处应为 JSON 值",
        })
    })?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err(
            "unexpected text after the JSON value",
            "JSON 值之后有多余内容",
        ));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
    /// The error that stopped the parser ([`Stop`]).
    error: Option<SyntaxError>,
}

/// The parser stopped; what went wrong is in [`Parser::error`]. The values
/// returned on the way up are then a word smaller than with the error in
/// them, which every value returned pays for (callgrind).
struct Stop;

impl<'a> Parser<'a> {
    fn err(&self, en: &'static str, zh: &'static str) -> SyntaxError {
        let upto = self.text.get(..self.i).unwrap_or_default();
        let line = upto.matches('\n').count() + 1;
        let column = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        SyntaxError {
            line,
            column,
            en,
            zh,
        }
    }

    /// Records the error at the current position and stops.
    #[cold]
    fn fail(&mut self, en: &'static str, zh: &'static str) -> Stop {
        self.error = Some(self.err(en, zh));
        Stop
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    /// Steps over `b` if it is next (one byte compared, not a slice).
    fn eat_byte(&mut self, b: u8) -> bool {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Stop> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply", "嵌套层数过多"));
        }
        match self.s.get(self.i) {
            None => Err(self.fail("unexpected end of input", "内容意外结束")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) if self.eat("true") => Ok(Value::Bool(true)),
            Some(_) if self.eat("false") => Ok(Value::Bool(false)),
            Some(_) if self.eat("null") => Ok(Value::Null),
            Some(_) => Err(self.fail("expected a JSON value", "此处应为 JSON 值")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Stop> {
        self.i += 1;
        let mut members: Vec<(Cow<'a, str>, Value<'a>)> = Vec::with_capacity(8);
        self.ws();
        if self.eat_byte(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.fail(
                    "expected a field name in double quotes",
                    "此处应为带双引号的字段名",
                ));
            }
            let key = self.string()?;
            if members.iter().any(|(k, _)| same_name(k, &key)) {
                return Err(self.fail(
                    "a field name appears twice in one object",
                    "同一对象中字段名重复",
                ));
            }
            self.ws();
            if !self.eat_byte(b':') {
                return Err(self.fail("expected `:` after the field name", "字段名后应为冒号 `:`"));
            }
            self.ws();
            let v = self.value(depth + 1)?;
            members.push((key, v));
            self.ws();
            if self.eat_byte(b',') {
                continue;
            }
            if self.eat_byte(b'}') {
                return Ok(Value::Object(members));
            }
            return Err(self.fail("expected `,` or `}`", "此处应为逗号 `,` 或 `}`"));
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Stop> {
        self.i += 1;
        let mut items = Vec::with_capacity(4);
        self.ws();
        if self.eat_byte(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            if self.eat_byte(b',') {
                continue;
            }
            if self.eat_byte(b']') {
                return Ok(Value::Array(items));
            }
            return Err(self.fail("expected `,` or `]`", "此处应为逗号 `,` 或 `]`"));
        }
    }

    fn number(&mut self) -> Result<Value<'a>, Stop> {
        let start = self.i;
        self.eat_byte(b'-');
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.s[int_start] == b'0') {
            self.i = start;
            return Err(self.fail("malformed number", "数字格式不正确"));
        }
        if self.eat_byte(b'.') && digits(self) == 0 {
            return Err(self.fail("malformed number", "数字格式不正确"));
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.fail("malformed number", "数字格式不正确"));
            }
        }
        Ok(Value::Number(Cow::Borrowed(ascii_cut(
            self.text, start, self.i,
        ))))
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn string(&mut self) -> Result<Cow<'a, str>, Stop> {
        self.i += 1;
        // The common case: no escapes, borrowed from the text.
        let start = self.i;
        let end = start + plain_run(self.s.get(start..).unwrap_or_default());
        if self.s.get(end) == Some(&b'"') {
            self.i = end + 1;
            return Ok(Cow::Borrowed(ascii_cut(self.text, start, end)));
        }
        let mut out = String::new();
        loop {
            let start = self.i;
            self.i += plain_run(self.s.get(start..).unwrap_or_default());
            out.push_str(ascii_cut(self.text, start, self.i));
            match self.s.get(self.i) {
                None => return Err(self.fail("unterminated string", "字符串没有结束引号")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.eat("\\u") {
                                    return Err(self.fail("invalid surrogate pair", "无效的代理对"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.fail("invalid surrogate pair", "无效的代理对"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).ok_or_else(|| {
                                self.fail("invalid \\u escape", "无效的 \\u 转义")
                            })?);
                            continue;
                        }
                        _ => {
                            return Err(self.fail("invalid escape in string", "字符串中的转义无效"))
                        }
                    };
                    out.push(c);
                    self.i += 1;
                }
                Some(_) => {
                    return Err(self.fail("control character in string", "字符串中含控制字符"))
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Stop> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok());
        let v = h.and_then(|h| u32::from_str_radix(h, 16).ok());
        match v {
            Some(v) if h.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) => {
                self.i += 4;
                Ok(v)
            }
            _ => Err(self.fail("invalid \\u escape", "无效的 \\u 转义")),
        }
    }
}

/// Whether two member names are equal: the length and the last byte
/// compared first, so that names that differ (most, when looking one up)
/// rarely cost a call to `memcmp` (callgrind: a few percent of reading a
/// JSON Lines caseload).
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// How many bytes at the start of `s` may stand in a string as they are:
/// up to the first quote, backslash or control character (or the end).
/// Eight bytes at a time (SWAR): a household line is mostly short strings,
/// and scanning them byte by byte was a tenth of a JSON Lines run
/// (callgrind).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn plain_run(s: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = s.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // A byte's high bit is set in `zero(x)` where the byte of x is
        // zero, and in `control` where the byte of w is below 0x20. A borrow
        // can flag a byte wrongly only above one rightly flagged, so the
        // lowest flag is exact.
        let zero = |x: u64| x.wrapping_sub(ONES) & !x;
        let quote = zero(w ^ (ONES * u64::from(b'"')));
        let backslash = zero(w ^ (ONES * u64::from(b'\\')));
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let found = (quote | backslash | control) & HIGHS;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = s.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(ascii_cut(s, start, i));
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(ascii_cut(s, start, s.len()));
    out.push('"');
}

/// A tiny builder for pretty-printed JSON with a stable layout: two-space
/// indent, members in the order written. Every call takes the member name
/// (`Some`) inside an object, or `None` inside an array or at the top.
pub struct Writer {
    out: String,
    /// For each open container: has it no items yet?
    empty: Vec<bool>,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer {
            out: String::with_capacity(2048),
            empty: Vec::new(),
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.empty.len() {
            self.out.push_str("  ");
        }
    }

    fn item(&mut self, key: Option<&str>) {
        if let Some(empty) = self.empty.last_mut() {
            if !*empty {
                self.out.push(',');
            }
            *empty = false;
            self.newline();
        }
        if let Some(k) = key {
            write_str(&mut self.out, k);
            self.out.push_str(": ");
        }
    }

    /// Opens an object.
    pub fn begin_object(&mut self, key: Option<&str>) {
        self.item(key);
        self.out.push('{');
        self.empty.push(true);
    }

    /// Opens an array.
    pub fn begin_array(&mut self, key: Option<&str>) {
        self.item(key);
        self.out.push('[');
        self.empty.push(true);
    }

    fn end(&mut self, close: char) {
        let empty = self.empty.pop().unwrap_or(true);
        if !empty {
            self.newline();
        }
        self.out.push(close);
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.end('}');
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.end(']');
    }

    /// Writes a string value.
    pub fn string(&mut self, key: Option<&str>, v: &str) {
        self.item(key);
        write_str(&mut self.out, v);
    }

    /// Writes a value already in JSON form (a number, `true`, `null`).
    pub fn raw(&mut self, key: Option<&str>, v: &str) {
        self.item(key);
        self.out.push_str(v);
    }

    /// Writes something displayable as a JSON string (money, dates).
    pub fn display(&mut self, key: Option<&str>, v: impl std::fmt::Display) {
        self.item(key);
        let _ = write!(self.out, "\"{v}\"");
    }

    /// Writes an amount as a string with two decimals.
    pub fn money(&mut self, key: Option<&str>, v: crate::money::Money) {
        self.item(key);
        self.out.push('"');
        v.write_to(&mut self.out);
        self.out.push('"');
    }

    /// Writes an integer.
    pub fn int(&mut self, key: Option<&str>, v: impl Into<i64>) {
        self.item(key);
        let _ = write!(self.out, "{}", v.into());
    }

    /// Writes a boolean.
    pub fn bool(&mut self, key: Option<&str>, v: bool) {
        self.raw(key, if v { "true" } else { "false" });
    }

    /// The text written, with a final newline.
    pub fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }
}

/// `text[start..end]` where both ends sit at ASCII bytes (a quote, a
/// backslash, a digit's end), so always on char boundaries. `get` instead of
/// indexing keeps the panicking slice path, and the Unicode tables its message
/// formats, out of the WASM module (docs/web-status.md, first-load budget).
fn ascii_cut(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_exact() {
        let v = parse(r#"{"a": 0.1, "b": [1e3, -2], "c": "x\u00e9\ud83d\ude00"}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Number("0.1".into())));
        assert_eq!(v.get("c").and_then(Value::as_str), Some("xé😀"));
    }

    /// The eight-byte scan stops where the byte-by-byte one does, for every
    /// special byte at every position and every length around a word.
    #[test]
    fn plain_run_stops_at_the_first_special_byte() {
        let slow = |s: &[u8]| {
            s.iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(s.len())
        };
        let fillers = [b'a', b' ', 0x7f, 0x80, 0xe4, 0xff, b'!', b'#', b'[', b']'];
        let specials = [b'"', b'\\', 0x00, 0x01, 0x1f, b'\n'];
        for len in 0..=24 {
            for &fill in &fillers {
                let mut s = vec![fill; len];
                assert_eq!(plain_run(&s), len);
                for at in 0..len {
                    for &sp in &specials {
                        s[at] = sp;
                        assert_eq!(plain_run(&s), slow(&s), "{len} {at} {sp}");
                        // A second special byte after the first.
                        for later in at + 1..len {
                            let keep = s[later];
                            s[later] = b'"';
                            assert_eq!(plain_run(&s), at);
                            s[later] = keep;
                        }
                        s[at] = fill;
                    }
                }
            }
        }
        let v = parse("[\"ab\\\"cdefghij\\u4e2d\", \"0123456789abcdef\"]").unwrap();
        assert_eq!(
            v,
            Value::Array(vec![
                Value::String("ab\"cdefghij中".into()),
                Value::String("0123456789abcdef".into())
            ])
        );
        assert!(parse("\"abcdefgh\u{1}\"").is_err());
        assert!(parse("\"abcdefghijk").is_err());
    }

    #[test]
    fn reports_position() {
        let e = parse("{\n  \"a\": 01\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert!(parse("[1,]").is_err());
        assert!(parse(r#"{"a":1,"a":2}"#).is_err());
        assert!(parse(&"[".repeat(100)).is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn writes_stable_layout() {
        let mut w = Writer::new();
        w.begin_object(None);
        w.string(Some("a"), "x\"y");
        w.begin_array(Some("b"));
        w.int(None, 1);
        w.end_array();
        w.begin_array(Some("c"));
        w.end_array();
        w.end_object();
        assert_eq!(
            w.finish(),
            "{\n  \"a\": \"x\\\"y\",\n  \"b\": [\n    1\n  ],\n  \"c\": []\n}\n"
        );
    }
}

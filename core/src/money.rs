//! Exact money: a newtype over [`Decimal`], checked arithmetic, and the one
//! place in the crate where amounts are rounded, always by a named [`Rounding`].

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest amount accepted in input, in yuan (one hundred million).
pub const MAX_INPUT_YUAN: i64 = 100_000_000;

/// An exact amount of money in yuan (元).
///
/// Parsed from text without ever passing through a binary float; arithmetic
/// is checked; [`Money::round`] is the only rounding.
///
/// ```
/// use dibao::{Money, Rounding};
/// let a = Money::parse("1483").unwrap();
/// let b = Money::parse("780.005").unwrap_err(); // more than two decimals
/// assert_eq!(a.round(Rounding::Fen).to_string(), "1483.00");
/// # let _ = b;
/// ```
///
/// Amounts compare as [`Decimal`]s do (`1.5` equals `1.50`), with a fast path
/// for the common case, two non-negative amounts at the same scale.
#[derive(Clone, Copy, Debug, Default)]
pub struct Money(Decimal);

/// Why a money string was rejected (the caller adds the field path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a plain decimal number (`"12.50"`, `"1e3"` and `"¥5"` are refused).
    Syntax,
    /// More than two decimals (分 is the smallest unit).
    TooManyDecimals,
    /// Negative.
    Negative,
    /// Larger than [`MAX_INPUT_YUAN`].
    TooLarge,
}

/// How the final household amount is rounded (docs/rules.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rounding {
    /// To the fen (0.01), half up. The default.
    #[default]
    Fen,
    /// To the jiao (0.1), half up.
    Jiao,
    /// To the whole yuan, half up.
    Yuan,
    /// Up to the next whole yuan.
    YuanCeil,
}

impl Rounding {
    /// Every stable name, for messages and the schema.
    pub const CODES: &'static [&'static str] = &["fen", "jiao", "yuan", "yuan_ceil"];

    /// The stable name used in data files and output (`"fen"`, …).
    pub fn code(self) -> &'static str {
        match self {
            Rounding::Fen => "fen",
            Rounding::Jiao => "jiao",
            Rounding::Yuan => "yuan",
            Rounding::YuanCeil => "yuan_ceil",
        }
    }

    /// Parses a name written by [`Rounding::code`].
    pub fn from_code(s: &str) -> Option<Rounding> {
        Some(match s {
            "fen" => Rounding::Fen,
            "jiao" => Rounding::Jiao,
            "yuan" => Rounding::Yuan,
            "yuan_ceil" => Rounding::YuanCeil,
            _ => return None,
        })
    }

    /// A sentence naming the rule, in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Rounding::Fen => "四舍五入到分",
            Rounding::Jiao => "四舍五入到角",
            Rounding::Yuan => "四舍五入到元",
            Rounding::YuanCeil => "向上取整到元",
        }
    }

    /// A sentence naming the rule, in English.
    pub fn en(self) -> &'static str {
        match self {
            Rounding::Fen => "rounded half up to the fen",
            Rounding::Jiao => "rounded half up to the jiao",
            Rounding::Yuan => "rounded half up to the yuan",
            Rounding::YuanCeil => "rounded up to the next yuan",
        }
    }
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps an exact decimal amount.
    pub const fn new(d: Decimal) -> Money {
        Money(d)
    }

    /// A whole number of yuan.
    pub fn yuan(n: i64) -> Money {
        Money(Decimal::from(n))
    }

    /// An amount in fen (分), e.g. `Money::fen(78000)` is 780.00 yuan.
    pub fn fen(n: i64) -> Money {
        Money(Decimal::new(n, 2))
    }

    /// The exact decimal value.
    pub fn get(self) -> Decimal {
        self.0
    }

    /// Parses an input amount: a plain non-negative decimal with at most two
    /// decimals and at most [`MAX_INPUT_YUAN`].
    pub fn parse(s: &str) -> Result<Money, MoneyError> {
        if let Some(m) = parse_fen_fast(s) {
            return Ok(m);
        }
        let d = parse_plain_decimal(s).ok_or(MoneyError::Syntax)?;
        if d.is_sign_negative() && !d.is_zero() {
            return Err(MoneyError::Negative);
        }
        if d.normalize().scale() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        if d > Decimal::from(MAX_INPUT_YUAN) {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money(d.abs()))
    }

    /// `self + other`, or `None` on overflow.
    #[inline]
    pub fn checked_add(self, other: Money) -> Option<Money> {
        match fast_sum(self.0, other.0, false) {
            Some(d) => Some(Money(d)),
            None => general_sum(self, other, false),
        }
    }

    /// `self - other` (may be negative), or `None` on overflow.
    #[inline]
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        match fast_sum(self.0, other.0, true) {
            Some(d) => Some(Money(d)),
            None => general_sum(self, other, true),
        }
    }

    /// `self × factor`, or `None` on overflow.
    pub fn checked_mul(self, factor: Decimal) -> Option<Money> {
        self.0.checked_mul(factor).map(Money)
    }

    /// `self ÷ divisor`, or `None` on overflow or division by zero.
    pub fn checked_div(self, divisor: Decimal) -> Option<Money> {
        self.0.checked_div(divisor).map(Money)
    }

    /// The larger of the two.
    pub fn max(self, other: Money) -> Money {
        if other > self {
            other
        } else {
            self
        }
    }

    /// The smaller of the two.
    pub fn min(self, other: Money) -> Money {
        if other < self {
            other
        } else {
            self
        }
    }

    /// Never below zero.
    pub fn at_least_zero(self) -> Money {
        self.max(Money::ZERO)
    }

    /// The amount without its sign.
    pub(crate) fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// True for amounts below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// True for zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Rounds by the named rule. This is the crate's only rounding.
    pub fn round(self, rule: Rounding) -> Money {
        let (dp, strategy) = match rule {
            Rounding::Fen => (2, RoundingStrategy::MidpointAwayFromZero),
            Rounding::Jiao => (1, RoundingStrategy::MidpointAwayFromZero),
            Rounding::Yuan => (0, RoundingStrategy::MidpointAwayFromZero),
            Rounding::YuanCeil => (0, RoundingStrategy::ToPositiveInfinity),
        };
        let d = if self.0.scale() <= dp {
            // Already at or within the unit: nothing to round.
            self.0
        } else {
            self.0.round_dp_with_strategy(dp, strategy)
        };
        Money(in_fen(d))
    }
}

impl Money {
    /// Appends the amount with exactly two decimals (half up to the fen),
    /// without the formatting machinery: output writing is on the hot path.
    pub fn write_to(self, out: &mut String) {
        let mut buf = [0u8; 48];
        // ASCII digits only: pushed as chars, which skips a UTF-8 check
        // that costs more than the digits themselves.
        out.extend(self.format_fen(&mut buf).iter().map(|&b| char::from(b)));
    }

    /// Appends the amount as [`write_to`](Self::write_to) does, to bytes
    /// (output buffers that are written out as bytes anyway).
    pub fn write_ascii(self, out: &mut Vec<u8>) {
        let mut buf = [0u8; 48];
        out.extend_from_slice(self.format_fen(&mut buf));
    }

    /// Formats into `buf` (no allocation); returns the ASCII text.
    fn format_fen(self, buf: &mut [u8; 48]) -> &[u8] {
        // Amounts already in fen (scale ≤ 2) need no rounding: scale the
        // mantissa up; only finer amounts go through `round`.
        let fen = match self.0.scale() {
            0 => self.0.mantissa().checked_mul(100),
            1 => self.0.mantissa().checked_mul(10),
            2 => Some(self.0.mantissa()),
            _ => None,
        }
        .unwrap_or_else(|| self.round(Rounding::Fen).0.mantissa());
        let abs = fen.unsigned_abs();
        let (mut yuan, fen_part) = match u64::try_from(abs) {
            Ok(n) => (u128::from(n / 100), n % 100),
            Err(_) => (abs / 100, (abs % 100) as u64),
        };
        // Two decimals, the point, the yuan.
        buf[47] = b'0' + (fen_part % 10) as u8;
        buf[46] = b'0' + (fen_part / 10) as u8;
        buf[45] = b'.';
        let mut at = 45;
        let mut digit = |at: &mut usize, d: u8| {
            *at -= 1;
            buf[*at] = b'0' + d;
        };
        // 128-bit division only while the number needs it (never for a real
        // amount); 64-bit division is several times cheaper.
        while yuan > u128::from(u64::MAX) {
            digit(&mut at, (yuan % 10) as u8);
            yuan /= 10;
        }
        let mut yuan = u64::try_from(yuan).unwrap_or_default();
        loop {
            digit(&mut at, (yuan % 10) as u8);
            yuan /= 10;
            if yuan == 0 {
                break;
            }
        }
        if fen < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        &buf[at..]
    }
}

/// `a + b` (or `a - b`) for the common case, two non-negative amounts at
/// one scale with mantissas within 64 bits: the very [`Decimal`] (scale and
/// sign) rust_decimal's addition gives, without its general machinery; a
/// difference of zero (whose sign is Decimal's to decide) and every other
/// case give `None`, for the general way. No overflow: two 64-bit
/// mantissas add up to at most 65 bits of the 96.
#[inline]
fn fast_sum(a: Decimal, b: Decimal, subtract: bool) -> Option<Decimal> {
    let (x, y) = (a.unpack(), b.unpack());
    if x.scale != y.scale || x.negative || y.negative || x.hi != 0 || y.hi != 0 {
        return None;
    }
    let (mx, my) = (
        u64::from(x.mid) << 32 | u64::from(x.lo),
        u64::from(y.mid) << 32 | u64::from(y.lo),
    );
    let (m, negative) = match (subtract, mx.cmp(&my)) {
        (false, _) => (u128::from(mx) + u128::from(my), false),
        (true, std::cmp::Ordering::Greater) => (u128::from(mx - my), false),
        (true, std::cmp::Ordering::Less) => (u128::from(my - mx), true),
        (true, std::cmp::Ordering::Equal) => return None,
    };
    let (lo, mid, hi) = (m as u32, (m >> 32) as u32, (m >> 64) as u32);
    Some(Decimal::from_parts(lo, mid, hi, negative, x.scale))
}

/// The general way of [`Money::checked_add`] and [`Money::checked_sub`],
/// kept out of line so the callers inline only the fast path.
#[inline(never)]
fn general_sum(a: Money, b: Money, subtract: bool) -> Option<Money> {
    match subtract {
        false => a.0.checked_add(b.0).map(Money),
        true => a.0.checked_sub(b.0).map(Money),
    }
}

/// 10^0 to 10^19, the powers within 64 bits.
const POWERS_OF_TEN: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// `d` (at most two decimals) written with exactly two, as
/// `Decimal::rescale(2)` writes it: for a non-negative mantissa within 64
/// bits, by multiplying it (exact, below 2^71); otherwise by `rescale`.
#[inline]
fn in_fen(d: Decimal) -> Decimal {
    let u = d.unpack();
    match u.scale {
        2 => d,
        0 | 1 if !u.negative && u.hi == 0 => {
            let m = u128::from(u.mid) << 32 | u128::from(u.lo);
            let m = m * if u.scale == 0 { 100 } else { 10 };
            Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, false, 2)
        }
        _ => {
            let mut d = d;
            d.rescale(2);
            d
        }
    }
}

impl PartialEq for Money {
    #[inline]
    fn eq(&self, other: &Money) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Money {}

impl PartialOrd for Money {
    #[inline]
    fn partial_cmp(&self, other: &Money) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Money {
    #[inline]
    fn cmp(&self, other: &Money) -> std::cmp::Ordering {
        let (a, b) = (self.0.unpack(), other.0.unpack());
        // Two non-negative amounts at one scale (fen with fen): their
        // 96-bit mantissas, high word first, order them.
        if a.scale == b.scale && !a.negative && !b.negative {
            return (a.hi, a.mid, a.lo).cmp(&(b.hi, b.mid, b.lo));
        }
        cmp_scales(self.0, other.0)
    }
}

/// [`Money`]'s comparison at two scales, out of line (the callers inline
/// only the one-scale case): two non-negative amounts within 64 bits (yuan
/// with fen) by bringing the one at the smaller scale to the other's,
/// exactly (below 2^128); anything else (a sign, a zero's sign, wide
/// mantissas) is Decimal's to compare.
#[inline(never)]
fn cmp_scales(x: Decimal, y: Decimal) -> std::cmp::Ordering {
    let (a, b) = (x.unpack(), y.unpack());
    let gap = a.scale.abs_diff(b.scale) as usize;
    let small = a.hi == 0 && b.hi == 0 && gap < POWERS_OF_TEN.len();
    if !a.negative && !b.negative && small {
        let up = u128::from(POWERS_OF_TEN[gap]);
        let ma = u128::from(a.mid) << 32 | u128::from(a.lo);
        let mb = u128::from(b.mid) << 32 | u128::from(b.lo);
        return match a.scale < b.scale {
            true => (ma * up).cmp(&mb),
            false => ma.cmp(&(mb * up)),
        };
    }
    x.cmp(&y)
}

/// Hashes as [`Decimal`] does, which agrees with the equality above (equal
/// values, whatever their scale, hash alike).
impl std::hash::Hash for Money {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// Formats with exactly two decimals, rounding half up to the fen for display.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 48];
        // Only ASCII was written.
        f.pad(std::str::from_utf8(self.format_fen(&mut buf)).unwrap_or("0.00"))
    }
}

/// The common case of [`Money::parse`] without the general decimal parser:
/// up to nine integer digits and up to two decimals, within the input bound.
/// Anything else (including every error) goes the general way.
fn parse_fen_fast(s: &str) -> Option<Money> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 12 {
        return None;
    }
    // One pass: digits, and the place of at most one point.
    let mut n: u64 = 0;
    let mut point = b.len();
    for (i, &c) in b.iter().enumerate() {
        let digit = c.wrapping_sub(b'0');
        if digit < 10 {
            n = n * 10 + u64::from(digit);
        } else if c == b'.' && point == b.len() {
            point = i;
        } else {
            return None;
        }
    }
    let decimals = b.len() - point.min(b.len() - 1) - 1;
    if point == 0 || point > 9 || decimals > 2 || point == b.len() - 1 {
        return None;
    }
    let limit = MAX_INPUT_YUAN.unsigned_abs() * [1, 10, 100][decimals];
    // n < 10^11 fits the low 64 bits of the mantissa.
    (n <= limit).then(|| {
        let (lo, mid) = (n as u32, (n >> 32) as u32);
        Money(Decimal::from_parts(lo, mid, 0, false, decimals as u32))
    })
}

/// Parses `[-]digits[.digits]` exactly; nothing else (no exponent, no sign `+`,
/// no spaces, no leading dot).
pub(crate) fn parse_plain_decimal(s: &str) -> Option<Decimal> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok(int) || frac.is_some_and(|f| !digits_ok(f)) {
        return None;
    }
    if int.len() + frac.map_or(0, str::len) > 26 {
        return None;
    }
    // Exact parsing: the text is plain digits by now, so the general parser
    // (which also reads exponents, code the WASM module would carry) is not needed.
    Decimal::from_str_exact(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Amounts over the edges of the fast paths: zeros of either sign, 32-,
    /// 64- and 96-bit mantissas of both signs, scales 0 to 4 and scale gaps
    /// up to and past the 19 the comparison bridges.
    fn edge_amounts() -> Vec<Decimal> {
        let max96 = (1i128 << 96) - 1;
        let mantissas = [
            0,
            1,
            5,
            150,
            78_000,
            (1 << 32) - 1,
            1 << 32,
            (1 << 32) + 1,
            1 << 63,
            (1 << 64) + 7,
            1 << 95,
            max96 - 1,
            max96,
        ];
        let mut all = Vec::new();
        for scale in [0, 1, 2, 3, 4, 9, 19, 20, 28] {
            all.push(Decimal::from_parts(0, 0, 0, true, scale)); // -0
            for m in mantissas {
                all.push(Decimal::from_i128_with_scale(m, scale));
                all.push(Decimal::from_i128_with_scale(-m, scale));
            }
        }
        all
    }

    /// Addition and subtraction give the very Decimal (bit for bit: scale,
    /// sign of zero) rust_decimal's give, fast path or not.
    #[test]
    fn adds_as_decimal_does_bit_for_bit() {
        let all = edge_amounts();
        let bits = |m: Option<Money>| m.map(|m| m.0.serialize());
        let mut fast = 0;
        for &a in &all {
            for &b in &all {
                let (ma, mb) = (Money(a), Money(b));
                let add = a.checked_add(b).map(Money);
                assert_eq!(bits(ma.checked_add(mb)), bits(add), "{a} + {b}");
                let sub = a.checked_sub(b).map(Money);
                assert_eq!(bits(ma.checked_sub(mb)), bits(sub), "{a} - {b}");
                fast += usize::from(fast_sum(a, b, true).is_some());
            }
        }
        // The fast path is taken, not silently never.
        assert!(fast > all.len() * 3, "{fast}");
    }

    /// Amounts are brought to two decimals exactly as `rescale(2)` brings
    /// them, bit for bit (those with more decimals are rounded first, and
    /// never reach it).
    #[test]
    fn writes_fen_as_rescale_does_bit_for_bit() {
        let mut fast = 0;
        for d in edge_amounts().into_iter().filter(|d| d.scale() <= 2) {
            let mut want = d;
            want.rescale(2);
            assert_eq!(in_fen(d).serialize(), want.serialize(), "{d}");
            fast += usize::from(d.scale() < 2 && d.is_sign_positive());
        }
        assert!(fast > 20, "{fast}");
    }

    /// Money orders and equates as Decimal does, fast path or not.
    #[test]
    fn compares_as_decimal_does() {
        let all = edge_amounts();
        for &a in &all {
            for &b in &all {
                let (ma, mb) = (Money(a), Money(b));
                assert_eq!(ma.cmp(&mb), a.cmp(&b), "{a} <> {b}");
                assert_eq!(ma.partial_cmp(&mb), a.partial_cmp(&b), "{a} <> {b}");
                assert_eq!(ma == mb, a == b, "{a} == {b}");
            }
        }
    }

    #[test]
    fn parses_exactly() {
        assert_eq!(Money::parse("1234.50").unwrap(), Money::fen(123450));
        assert_eq!(Money::parse("0").unwrap(), Money::ZERO);
        assert_eq!(Money::parse("0.1").unwrap(), Money::fen(10));
        assert_eq!(Money::parse("-0").unwrap(), Money::ZERO);
    }

    #[test]
    fn fast_and_general_parsing_agree() {
        for t in [
            "0",
            "7",
            "12.5",
            "12.50",
            "100000000",
            "100000000.00",
            "0.01",
            "00012.3",
            "99999999.99",
            "000000001",
        ] {
            let fast = parse_fen_fast(t);
            let general = parse_plain_decimal(t).map(Money);
            assert_eq!(fast, general, "{t}");
        }
        for t in [
            "100000000.01",
            "999999999",
            "1.",
            ".5",
            "1.234",
            "-1",
            "1e3",
            "",
            "１２",
            ".",
            "..",
            "1.2.3",
            "12..",
            "0.",
            "1234567890",
            "123456789012",
            "1 2",
        ] {
            assert!(parse_fen_fast(t).is_none(), "{t}");
        }
    }

    #[test]
    fn refuses_bad_money() {
        assert_eq!(Money::parse("1.005"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse("-1"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("1e3"), Err(MoneyError::Syntax));
        assert_eq!(Money::parse(" 1"), Err(MoneyError::Syntax));
        assert_eq!(Money::parse(".5"), Err(MoneyError::Syntax));
        assert_eq!(Money::parse("5."), Err(MoneyError::Syntax));
        assert_eq!(Money::parse("100000000.01"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse("1.50000"), Ok(Money::fen(150)));
    }

    #[test]
    fn writes_two_decimals() {
        let show = |m: Money| m.to_string();
        assert_eq!(show(Money::ZERO), "0.00");
        assert_eq!(show(Money::fen(5)), "0.05");
        assert_eq!(show(Money::fen(-900)), "-9.00");
        assert_eq!(show(Money::new(Decimal::new(-1, 3))), "0.00"); // -0.001 → never "-0.00"
        assert_eq!(show(Money::yuan(100_000_000)), "100000000.00");
        assert_eq!(show(Money::new(Decimal::new(333_333_333, 6))), "333.33");
    }

    #[test]
    fn rounds_half_up_not_bankers() {
        let m = Money::new(Decimal::new(2345, 3)); // 2.345
        assert_eq!(m.round(Rounding::Fen).to_string(), "2.35");
        let m = Money::new(Decimal::new(25, 1)); // 2.5
        assert_eq!(m.round(Rounding::Yuan).to_string(), "3.00");
        assert_eq!(
            Money::fen(201).round(Rounding::YuanCeil).to_string(),
            "3.00"
        );
        assert_eq!(
            Money::fen(200).round(Rounding::YuanCeil).to_string(),
            "2.00"
        );
        assert_eq!(Money::fen(1234).round(Rounding::Jiao).to_string(), "12.30");
        assert_eq!(Money::fen(1235).round(Rounding::Jiao).to_string(), "12.40");
    }

    #[test]
    fn formats_every_size_with_two_decimals() {
        let cases = [
            (Money::ZERO, "0.00"),
            (Money::fen(5), "0.05"),
            (Money::fen(-5), "-0.05"),
            (Money::fen(-123456), "-1234.56"),
            (Money::new(Decimal::new(1, 3)), "0.00"),
            (Money::new(Decimal::new(5, 3)), "0.01"),
            (Money::yuan(i64::MAX), "9223372036854775807.00"),
            // Needs 128-bit digits: the mantissa is past u64::MAX.
            (Money::new(Decimal::MAX), "79228162514264337593543950335.00"),
            (
                Money::new(Decimal::from_i128_with_scale(-(1i128 << 90), 2)),
                "-12379400392853802748991242.24",
            ),
        ];
        for (m, want) in cases {
            let mut s = String::new();
            m.write_to(&mut s);
            assert_eq!(s, want);
            let mut b = Vec::new();
            m.write_ascii(&mut b);
            assert_eq!(b, want.as_bytes());
            assert_eq!(m.to_string(), want);
        }
    }
}

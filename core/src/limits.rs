//! The limits of the household input (docs/input.md): the ranges of its
//! whole numbers, the edge multiple's, the standard's floor. One copy, read
//! by the JSON reader and by every other reader of households (the CLI's
//! CSV caseload reader), so that a household is refused for the same
//! reason, with the same error, whichever form it came in.

use rust_decimal::Decimal;

use crate::error::Error;
use crate::money::Money;

/// An inclusive range of whole numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// Smallest allowed.
    pub min: i64,
    /// Largest allowed.
    pub max: i64,
}

impl Range {
    /// `min..=max`.
    pub const fn new(min: i64, max: i64) -> Range {
        Range { min, max }
    }

    /// Whether `n` is in the range.
    pub fn contains(self, n: i64) -> bool {
        (self.min..=self.max).contains(&n)
    }

    /// `n`, or the `out_of_range` error naming `field` and the value as
    /// written (`text`).
    pub fn check(self, n: i64, text: &str, field: &str) -> Result<i64, Error> {
        if self.contains(n) {
            Ok(n)
        } else {
            Err(self.error(text, field))
        }
    }

    /// The `out_of_range` error for `text` at `field`.
    pub fn error(self, text: &str, field: &str) -> Error {
        Error::OutOfRange {
            field: field.to_owned(),
            text: text.to_owned(),
            min: self.min,
            max: self.max,
        }
    }
}

/// A member's `age`, in whole years.
pub const AGE: Range = Range::new(0, 130);
/// A member's `clergy_years_apart`.
pub const CLERGY_YEARS_APART: Range = Range::new(0, 100);
/// A disability's `grade` (一级 to 四级).
pub const DISABILITY_GRADE: Range = Range::new(1, 4);
/// The months one amount covers (`period: {"months": n}`).
pub const PERIOD_MONTHS: Range = Range::new(1, crate::input::MAX_PERIOD_MONTHS as i64);
/// `assets.homes`, `assets.businesses`, `assets.non_residential`.
pub const ASSET_COUNT: Range = Range::new(0, 1000);
/// `policy.gradual_exit_months`.
pub const GRADUAL_EXIT_MONTHS: Range = Range::new(0, 24);
/// An obligor's `household_size`.
pub const OBLIGOR_HOUSEHOLD_SIZE: Range = Range::new(1, 50);
/// An obligor's `sharing` (how many share the obligation).
pub const OBLIGOR_SHARING: Range = Range::new(1, 20);
/// An obligor's `supports_total` (and at least as many as it `supports`:
/// the JSON reader checks that against the list).
pub const OBLIGOR_SUPPORTS_TOTAL: Range = Range::new(1, 50);

/// `assets.home_area`, in square metres: from 0 to this (inclusive).
pub const HOME_AREA_MAX: Range = Range::new(0, 100_000);

/// `assets.home_area`'s bounds as decimals (`HOME_AREA_MAX`).
pub fn home_area_bounds() -> (Decimal, Decimal) {
    (
        Decimal::from(HOME_AREA_MAX.min),
        Decimal::from(HOME_AREA_MAX.max),
    )
}

/// `policy.edge_multiple`'s bounds: from 1 to 5.
pub fn edge_multiple_bounds() -> (Decimal, Decimal) {
    (Decimal::ONE, Decimal::from(5))
}

/// `policy.edge_multiple`: `d`, or the `out_of_range` error naming `field`
/// and the value as written (`text`).
pub fn edge_multiple(d: Decimal, text: &str, field: &str) -> Result<Decimal, Error> {
    let (low, high) = edge_multiple_bounds();
    if d >= low && d <= high {
        Ok(d)
    } else {
        Err(Range::new(1, 5).error(text, field))
    }
}

/// `policy.standard`: more than zero (`m` as read, never negative).
pub fn standard(m: Money, field: &str) -> Result<Money, Error> {
    if m.is_zero() {
        Err(standard_not_positive(field))
    } else {
        Ok(m)
    }
}

/// The `standard_not_positive` error naming `field`.
pub fn standard_not_positive(field: &(impl std::fmt::Display + ?Sized)) -> Error {
    Error::StandardNotPositive {
        field: field.to_string(),
    }
}

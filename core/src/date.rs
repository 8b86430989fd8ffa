//! Calendar dates (proleptic Gregorian), just what the rules need: parsing
//! `YYYY-MM-DD`, ordering, whole-year ages and adding months. The core never
//! reads the clock: the assessment date is an input.

use std::fmt;

/// A calendar date.
///
/// ```
/// use dibao::Date;
/// let d = Date::parse("2024-02-29").unwrap();
/// assert_eq!(d.add_months(12).to_string(), "2025-02-28");
/// assert!(Date::parse("2023-02-29").is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The first day the engine accepts, 1900-01-01.
    pub const MIN: Date = Date {
        year: 1900,
        month: 1,
        day: 1,
    };

    /// A date from its parts, or `None` if no such day exists (years 1900–2200).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // Digits only (no sign, no spaces), read directly.
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        Date::new(
            num(0..4)?,
            u8::try_from(num(5..7)?).ok()?,
            u8::try_from(num(8..10)?).ok()?,
        )
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Whole years from `birth` to `self` (0 if `birth` is later).
    ///
    /// Counted as 民法典 第二百零一条、第二百零二条 count a period in years:
    /// the day of birth is not counted, and the period of n years ends on
    /// the corresponding day of the final year, so a person is n years old
    /// from their n-th birthday. Born on 29 February, in a common year the
    /// final month has no corresponding day and the period ends on its last
    /// day: they are n years old from 28 February (第二百零二条: 没有对应日的，
    /// 月末日为期间的最后一日).
    ///
    /// ```
    /// use dibao::Date;
    /// let d = |s| Date::parse(s).unwrap();
    /// assert_eq!(d("2022-02-28").years_since(d("2004-02-29")), 18);
    /// assert_eq!(d("2022-02-27").years_since(d("2004-02-29")), 17);
    /// assert_eq!(d("2024-02-28").years_since(d("2004-02-29")), 19);
    /// ```
    pub fn years_since(self, birth: Date) -> u32 {
        if birth > self {
            return 0;
        }
        let years = u32::from(self.year - birth.year);
        // This year's birthday, the month's last day where it has none.
        let birthday = birth.add_months(12 * years);
        match self < birthday {
            true => years - 1,
            false => years,
        }
    }

    /// The same day `n` months later, clamped to the month's last day.
    pub fn add_months(self, n: u32) -> Date {
        let total = u32::from(self.year) * 12 + u32::from(self.month) - 1 + n;
        let year = u16::try_from(total / 12).unwrap_or(u16::MAX);
        let month = (total % 12) as u8 + 1;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// The day before.
    pub fn pred(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (year, month) = if self.month == 1 {
            (self.year - 1, 12)
        } else {
            (self.year, self.month - 1)
        };
        Date {
            year,
            month,
            day: days_in_month(year, month),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_months() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2024-03-15").years_since(d("2006-03-15")), 18);
        assert_eq!(d("2024-03-14").years_since(d("2006-03-15")), 17);
        // 29 February: 28 February in a common year, 29 in a leap year.
        assert_eq!(d("2022-02-28").years_since(d("2004-02-29")), 18);
        assert_eq!(d("2022-02-27").years_since(d("2004-02-29")), 17);
        assert_eq!(d("2024-02-28").years_since(d("2008-02-29")), 15);
        assert_eq!(d("2024-02-29").years_since(d("2008-02-29")), 16);
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2024-03-01").pred(), d("2024-02-29"));
        assert_eq!(d("2024-01-01").pred(), d("2023-12-31"));
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-01").is_none());
        assert!(Date::parse("+024-01-01").is_none());
    }
}

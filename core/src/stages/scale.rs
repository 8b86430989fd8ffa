//! Scaled figures: every amount of a household is multiplied by the least
//! common multiple of its periods, so that a yearly amount ÷ 12 stays exact.
//! Only the final amount and display figures are divided back.

use rust_decimal::Decimal;

use crate::model::{Household, Period};
use crate::money::Money;

/// Converts amounts per period into scaled monthly figures.
#[derive(Clone, Copy)]
pub(crate) struct Scale {
    /// The LCM of the periods, as an integer and as a decimal.
    n: u64,
    pub l: Decimal,
}

impl Scale {
    /// No scaling: every amount monthly.
    pub const ONE: Scale = Scale {
        n: 1,
        l: Decimal::ONE,
    };

    /// The least common multiple of every period in the household (1 when all
    /// are monthly). Periods are at most 120 months, so this stays far below
    /// the range of a decimal for any household within the input bounds.
    ///
    /// `standard_months` is 12 for a standard published per year: the
    /// standard then scales exactly too (see [`Scale::standard`]).
    pub fn for_household(h: &Household, standard_months: u32) -> Option<Scale> {
        let mut l: u64 = u64::from(standard_months.max(1));
        for m in &h.members {
            let incomes = m.incomes.iter().map(|i| i.period);
            for p in incomes.chain(m.deductions.iter().map(|d| d.period)) {
                // Monthly amounts, the most common, change nothing.
                if p != Period::Month {
                    let n = u64::from(p.months());
                    l = l.checked_mul(n / gcd(l, n))?;
                    if l > 1_000_000_000_000 {
                        return None;
                    }
                }
            }
        }
        if l == 1 {
            return Some(Scale {
                n: 1,
                l: Decimal::ONE,
            });
        }
        Some(Scale {
            n: l,
            l: Decimal::from(l),
        })
    }

    /// Whether every amount is monthly (nothing is scaled).
    pub fn is_monthly(self) -> bool {
        self.n == 1
    }

    /// A monthly amount, scaled.
    pub fn monthly(self, m: Money) -> Money {
        if self.n == 1 {
            return m;
        }
        Money::new(m.get() * self.l)
    }

    /// An amount for `period`, as a scaled monthly figure (exact: l is a multiple of the period).
    pub fn per_period(self, m: Money, period: Period) -> Money {
        let factor = self.n / u64::from(period.months());
        if factor == 1 {
            return m;
        }
        Money::new(m.get() * Decimal::from(factor))
    }

    /// A standard published for `months` months (12: per year), as a
    /// scaled monthly figure: exact, the scale being a multiple of `months`
    /// (a yearly 5060 with scale 12 is 5060, never 421.67 × 12).
    pub fn standard(self, published: Money, months: u32) -> Money {
        let factor = self.n / u64::from(months.max(1));
        Money::new(published.get() * Decimal::from(factor))
    }

    /// Back to yuan per month (exact up to 28 significant digits).
    pub fn unscale(self, m: Money) -> Money {
        if self.n == 1 {
            return m;
        }
        Money::new(m.get() / self.l)
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

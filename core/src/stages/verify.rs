//! Checking a recorded amount against the computed one, and naming the first
//! step that explains a difference.
//!
//! Reading (the law is silent; this is the engine's method): the steps are
//! tried in the order they apply — classification, household income, the
//! difference itself (per-capita rounded first, a common spreadsheet habit),
//! the per-person floor, supplements, rounding — and the first step whose
//! alternative reproduces the recorded amount is named. When none does, the
//! household income is named and the income the recorded amount implies is shown.

use rust_decimal::Decimal;

use crate::money::{Money, Rounding};

/// The computed amounts, unscaled, for comparison.
#[derive(Clone, Copy)]
pub(crate) struct Chain {
    pub payable: bool,
    pub difference_method: bool,
    pub standard: Money,
    pub n: u32,
    pub income: Money,
    pub pre_floor: Money,
    pub after_floor: Money,
    pub supplements: Money,
    pub total: Money,
    pub rounding: Rounding,
    pub computed: Money,
}

/// What explains the difference, in the order the steps are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Finding {
    /// No difference.
    Matches,
    /// Whether to pay at all differs.
    Classification,
    /// The per-capita income was rounded before the difference.
    PerCapitaRounded,
    /// The per-person floor was not applied.
    PerPersonFloor,
    /// The supplements were left out.
    Supplements,
    /// Another rounding rule.
    Rounding,
    /// The household income differs (the fallback).
    HouseholdIncome,
}

impl Finding {
    /// The step named as the first difference.
    pub fn first_difference(self) -> Option<&'static str> {
        match self {
            Finding::Matches => None,
            Finding::Classification => Some("classification"),
            Finding::PerCapitaRounded => Some("amount_difference"),
            Finding::PerPersonFloor => Some("per_person_floor"),
            Finding::Supplements => Some("supplements"),
            Finding::Rounding => Some("rounding"),
            Finding::HouseholdIncome => Some("household_income"),
        }
    }
}

/// What the verification stage decided.
#[derive(Clone, Copy)]
pub(crate) struct VerificationDecision {
    /// The amount recorded.
    pub recorded: Money,
    /// The computed chain it was compared with.
    pub chain: Chain,
    /// What explains the difference.
    pub finding: Finding,
}

impl VerificationDecision {
    /// Recorded − computed.
    pub fn difference(&self) -> Money {
        self.recorded
            .checked_sub(self.chain.computed)
            .unwrap_or(Money::ZERO)
    }

    /// The household income the recorded amount implies, where it can be
    /// worked back (the difference method, no floor applied). Only the
    /// explanation shows it, so summary mode never computes it.
    pub fn implied_income(&self) -> Option<Money> {
        let c = &self.chain;
        if !(c.difference_method && c.pre_floor == c.after_floor) {
            return None;
        }
        c.standard
            .checked_mul(Decimal::from(c.n))
            .and_then(|t| t.checked_add(c.supplements))
            .and_then(|t| t.checked_sub(self.recorded))
    }
}

const ROUNDINGS: [Rounding; 4] = [
    Rounding::Fen,
    Rounding::Jiao,
    Rounding::Yuan,
    Rounding::YuanCeil,
];

/// Compares `recorded` with the computed chain.
pub(crate) fn decide(recorded: Money, chain: Chain) -> VerificationDecision {
    VerificationDecision {
        recorded,
        chain,
        finding: find(recorded, &chain),
    }
}

fn find(recorded: Money, c: &Chain) -> Finding {
    if recorded == c.computed {
        return Finding::Matches;
    }
    if !c.payable || recorded.is_zero() {
        return Finding::Classification;
    }
    // Whether `x` is less than `reach` fen away from the recorded amount
    // (|x − recorded| < reach: one comparison of non-negative amounts).
    let within = |x: Money, reach: i64| {
        let reach = Money::fen(reach);
        x.checked_sub(recorded).is_some_and(|d| d.abs() < reach)
    };
    // Every rounding moves an amount by less than one yuan: check that first.
    let any_rounding =
        |x: Money| within(x, 100) && ROUNDINGS.iter().any(|r| x.round(*r) == recorded);
    let n = Decimal::from(c.n);
    // Rounding the per-capita income first moves the amount by at most half
    // a fen per member, then the final rounding by less than a yuan.
    let within_reach = within(c.total, i64::from(c.n) + 100);
    if c.difference_method && c.pre_floor == c.after_floor && within_reach {
        let pc_rounded = c.income.checked_div(n).map(|pc| pc.round(Rounding::Fen));
        let alt = pc_rounded
            .and_then(|pc| c.standard.checked_sub(pc))
            .and_then(|gap| gap.checked_mul(n))
            .and_then(|a| a.checked_add(c.supplements));
        if alt.is_some_and(|a| any_rounding(a) && a.round(c.rounding) != c.computed) {
            return Finding::PerCapitaRounded;
        }
    }
    if c.pre_floor != c.after_floor {
        let alt = c.pre_floor.checked_add(c.supplements);
        if alt.is_some_and(any_rounding) {
            return Finding::PerPersonFloor;
        }
    }
    if !c.supplements.is_zero() && any_rounding(c.after_floor) {
        return Finding::Supplements;
    }
    if any_rounding(c.total) {
        return Finding::Rounding;
    }
    Finding::HouseholdIncome
}

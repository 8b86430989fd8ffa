//! Rounding (the region's rule; no national text sets one, so the default is
//! this engine's convention): one rounding of
//! each household's total, never of a per-capita figure. A member covered
//! alone is a household of one (审核确认办法 第八条: 单独提出申请; 2022通知:
//! 参照"单人户"), so each such member's amount is rounded apart. During a
//! gradual exit the recorded amount continues as recorded, not rounded again.

use crate::error::Errors;
use crate::model::Household;
use crate::money::{Money, Rounding};
use crate::stages::amount::AmountDecision;
use crate::stages::overflow;
use crate::stages::params::ParametersDecision;
use crate::trace::Tracer;

/// What the rounding stage decided.
#[derive(Clone, Copy)]
pub(crate) struct RoundingDecision {
    /// The monthly total before rounding (unscaled, exact).
    pub total: Money,
    /// The monthly amount paid, rounded by the region's rule.
    pub amount: Money,
}

/// The facts the rounding stage records.
pub(crate) enum RoundFact<'a> {
    /// The household total, rounded once.
    Total {
        /// The total before rounding.
        total: Money,
        /// The rule applied.
        rule: Rounding,
        /// The rounded amount.
        amount: Money,
    },
    /// Two or more members covered alone: each one's total rounded apart.
    EachAlone {
        /// Each member's id, total and rounded amount.
        parts: Vec<(&'a str, Money, Money)>,
        /// The rule applied.
        rule: Rounding,
        /// The sum of the rounded amounts.
        amount: Money,
    },
    /// The gradual exit: the recorded amount continues unrounded.
    Continued {
        /// The recorded amount.
        amount: Money,
    },
}

impl RoundFact<'_> {
    /// The amount the step produced.
    pub fn amount(&self) -> Money {
        match *self {
            RoundFact::Total { amount, .. }
            | RoundFact::EachAlone { amount, .. }
            | RoundFact::Continued { amount } => amount,
        }
    }
}

/// Adds the supplements to the base and rounds the total: once for the
/// household, once per member covered alone, never during a gradual exit.
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    a: &AmountDecision,
    t: &mut Tracer,
) -> Result<RoundingDecision, Errors> {
    let s = b.scale;
    let scaled = a
        .after_floor
        .checked_add(a.supplements)
        .ok_or_else(overflow)?;
    let total = s.unscale(scaled);
    let rule = b.params.rounding;
    if a.gradual_exit.is_some() {
        // The amount last approved continues as it was recorded (第三十三条
        // sets no amount; our reading, docs/rules.md §7).
        t.step(|| RoundFact::Continued { amount: total });
        return Ok(RoundingDecision {
            total,
            amount: total,
        });
    }
    if a.alone.len() > 1 {
        let mut amount = Money::ZERO;
        for &(_, own) in &a.alone {
            let rounded = s.unscale(own).at_least_zero().round(rule);
            amount = amount.checked_add(rounded).ok_or_else(overflow)?;
        }
        t.step(|| RoundFact::EachAlone {
            parts: a
                .alone
                .iter()
                .map(|&(i, own)| {
                    let own = s.unscale(own);
                    (
                        h.members[i].id.as_str(),
                        own,
                        own.at_least_zero().round(rule),
                    )
                })
                .collect(),
            rule,
            amount,
        });
        return Ok(RoundingDecision { total, amount });
    }
    let amount = total.at_least_zero().round(rule);
    t.step(|| RoundFact::Total {
        total,
        rule,
        amount,
    });
    Ok(RoundingDecision { total, amount })
}

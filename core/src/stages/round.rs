//! Rounding (the region's rule; no national text sets one, so the default is
//! this engine's convention): one rounding of the household total, never of
//! a per-capita figure.

use crate::error::Errors;
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

/// The fact the rounding stage records.
pub(crate) struct RoundFact {
    /// The total before rounding.
    pub total: Money,
    /// The rule applied.
    pub rule: Rounding,
    /// The rounded amount.
    pub amount: Money,
}

/// Adds the supplements to the base and rounds the total once.
pub(crate) fn decide(
    b: &ParametersDecision<'_>,
    a: &AmountDecision,
    t: &mut Tracer,
) -> Result<RoundingDecision, Errors> {
    let scaled = a
        .after_floor
        .checked_add(a.supplements)
        .ok_or_else(overflow)?;
    let total = b.scale.unscale(scaled);
    let rule = b.params.rounding;
    let amount = total.at_least_zero().round(rule);
    t.step(|| RoundFact {
        total,
        rule,
        amount,
    });
    Ok(RoundingDecision { total, amount })
}

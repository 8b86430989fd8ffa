//! The amount (暂行办法 第十二条; 审核确认办法 第二十三条、第二十七条; the 1999
//! 条例 第八条 says the same for urban households only, so it is not cited).
//!
//! Difference (差额): standard × counted members − household income, on
//! household totals (never a rounded per-capita gap × members). Tiers (分档):
//! the region's table. Then the per-person floor (e.g. 南京 20%), then
//! supplements (分类施保); the rounding is the next stage. All figures are
//! scaled (see [`Scale`]).

use rust_decimal::Decimal;

use crate::date::Date;
use crate::error::Errors;
use crate::model::{Household, Member};
use crate::money::Money;
use crate::output::{GradualExit, IndividualCover, Outcome, SupplementPaid};
use crate::params::{Condition, Level, Method, SupplementAmount, SupplementRule};
use crate::stages::classify::{Classification, Gradual};
use crate::stages::income::IncomeDecision;
use crate::stages::membership::MembershipDecision;
use crate::stages::overflow;
use crate::stages::params::ParametersDecision;
use crate::stages::scale::Scale;
use crate::trace::Tracer;

/// What the amount stage decided, scaled, before rounding.
#[derive(Clone, Default)]
pub(crate) struct AmountDecision {
    /// The base before the per-person floor.
    pub pre_floor: Money,
    /// The base after the per-person floor (the individual amounts, or the
    /// gradual-exit amount).
    pub after_floor: Money,
    /// The supplements paid.
    pub supplements: Money,
    /// The gradual-exit period, if the amount continues through one.
    pub gradual_exit: Option<GradualExit>,
    /// Each member covered alone (index) and their own total, base plus
    /// supplements, scaled: each is a one-person household, rounded apart.
    pub alone: Vec<(usize, Money)>,
}

/// The lists of the result the amount stage fills.
pub(crate) struct Paid<'o> {
    /// Supplements paid, per member and rule.
    pub supplements: &'o mut Vec<SupplementPaid>,
    /// Members covered alone.
    pub individual: &'o mut Vec<IndividualCover>,
}

/// The facts the amount stage records. Amounts are scaled by `scale`.
pub(crate) enum AmountFact<'a> {
    /// The difference method.
    Difference {
        standard: Money,
        n: u32,
        income: Money,
        amount: Money,
        scale: Scale,
    },
    /// The tier method: `pay` per member.
    Tier {
        pay: Money,
        n: u32,
        amount: Money,
        scale: Scale,
    },
    /// The per-person floor raised the amount to `amount`.
    FloorApplied {
        floor: Level,
        n: u32,
        amount: Money,
        scale: Scale,
    },
    /// The amount was already at or above the floor.
    FloorNotNeeded {
        floor: Level,
        n: u32,
        floor_total: Money,
        amount: Money,
        scale: Scale,
    },
    /// A member covered alone: standard − own income, at least the floor.
    Individual {
        member: &'a str,
        standard: Money,
        own: Money,
        floor: Option<Level>,
        amount: Money,
        scale: Scale,
    },
    /// A supplement paid (unscaled).
    Supplement {
        member: &'a str,
        rule: &'a SupplementRule,
        amount: Money,
    },
    /// The current amount continues through the gradual exit (unscaled).
    GradualExit { amount: Money, ends: Date },
}

/// Computes the amount for the outcome; supplements and individual
/// coverage go into `paid`.
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    class: &Classification,
    t: &mut Tracer,
    paid: Paid<'_>,
) -> Result<AmountDecision, Errors> {
    paid.supplements.clear();
    paid.individual.clear();
    let a = match (class.outcome, class.gradual) {
        (Outcome::Dibao, _) => dibao(h, b, members, income, class, t, paid.supplements),
        (Outcome::DibaoIndividual, _) => individual(h, b, members, income, class, t, paid),
        (Outcome::GradualExit, Some(g)) => Some(gradual(b.scale, g, t)),
        _ => Some(AmountDecision::default()),
    };
    a.ok_or_else(overflow)
}

/// A covered household: the household base, then each member's supplements.
fn dibao(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    class: &Classification,
    t: &mut Tracer,
    out: &mut Vec<SupplementPaid>,
) -> Option<AmountDecision> {
    let (pre_floor, after_floor) =
        household_base(b, members.n(), class.total_standard, income.household, t)?;
    let mut supplements = Money::ZERO;
    // Without supplement rules (national rules, most packs) every member's
    // total is zero: the loop would only add zeros.
    let rules = !b.params.supplements.is_empty();
    for i in class.covered.iter().filter(|_| rules) {
        let v = member_supplements(b, &h.members[i], members.ages[i], out, t)?;
        supplements = supplements.checked_add(v)?;
    }
    Some(AmountDecision {
        pre_floor,
        after_floor,
        supplements,
        gradual_exit: None,
        alone: Vec::new(),
    })
}

/// Members of an edge household covered alone: each one's own amount, then
/// supplements.
fn individual(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    class: &Classification,
    t: &mut Tracer,
    paid: Paid<'_>,
) -> Option<AmountDecision> {
    let (s, standard) = (b.scale, b.standard);
    let mut d = AmountDecision::default();
    for i in class.covered.iter() {
        let m = &h.members[i];
        let own = income.per_member[i];
        let a = individual_base(b, own)?;
        t.step(|| AmountFact::Individual {
            member: &m.id,
            standard,
            own,
            floor: b.params.individual_floor,
            amount: a,
            scale: s,
        });
        paid.individual.push(IndividualCover {
            member: m.id.clone(),
            own_income: s.unscale(own),
            amount: s.unscale(a),
        });
        d.after_floor = d.after_floor.checked_add(a)?;
        let v = member_supplements(b, m, members.ages[i], paid.supplements, t)?;
        d.supplements = d.supplements.checked_add(v)?;
        d.alone.push((i, a.checked_add(v)?));
    }
    d.pre_floor = d.after_floor;
    Some(d)
}

/// The gradual exit: the current amount continues.
fn gradual(s: Scale, g: Gradual, t: &mut Tracer) -> AmountDecision {
    t.step(|| AmountFact::GradualExit {
        amount: g.amount,
        ends: g.ends,
    });
    let a = s.monthly(g.amount);
    AmountDecision {
        pre_floor: a,
        after_floor: a,
        supplements: Money::ZERO,
        gradual_exit: Some(GradualExit {
            employment_since: g.employment_since,
            above_standard_since: g.above_standard_since,
            ends_on: g.ends,
        }),
        alone: Vec::new(),
    }
}

/// The base amount for a `dibao` household before supplements, scaled:
/// before and after the per-person floor. `total_standard` is the standard
/// × `n`, scaled (the classification's).
fn household_base(
    b: &ParametersDecision<'_>,
    n: u32,
    total_standard: Money,
    income: Money,
    t: &mut Tracer,
) -> Option<(Money, Money)> {
    let (p, s, standard) = (b.params, b.scale, b.standard);
    let nn = Decimal::from(n);
    let amount = match &p.method {
        Method::Difference => {
            let amount = total_standard.checked_sub(income)?.at_least_zero();
            t.step(|| AmountFact::Difference {
                standard,
                n,
                income,
                amount,
                scale: s,
            });
            amount
        }
        Method::Tiers(tiers) => {
            // The band is chosen on the exact per-capita income: compare
            // income with below × n (scaled) rather than dividing.
            let mut chosen = None;
            for tier in tiers {
                let below = b.scaled_level(tier.below)?.checked_mul(nn)?;
                if income < below {
                    chosen = Some(tier);
                    break;
                }
            }
            let pay = match chosen {
                Some(tier) => b.scaled_level(tier.pay)?,
                None => Money::ZERO,
            };
            let amount = pay.checked_mul(nn)?;
            t.step(|| AmountFact::Tier {
                pay,
                n,
                amount,
                scale: s,
            });
            amount
        }
    };
    let Some(floor) = p.per_person_floor else {
        return Some((amount, amount));
    };
    let f = b.scaled_level(floor)?.checked_mul(nn)?;
    if f > amount {
        t.step(|| AmountFact::FloorApplied {
            floor,
            n,
            amount: f,
            scale: s,
        });
        return Some((amount, f));
    }
    t.step(|| AmountFact::FloorNotNeeded {
        floor,
        n,
        floor_total: f,
        amount,
        scale: s,
    });
    Some((amount, amount))
}

/// An individually covered member's amount before supplements, scaled.
fn individual_base(b: &ParametersDecision<'_>, own: Money) -> Option<Money> {
    let mut a = b.scaled_standard.checked_sub(own)?.at_least_zero();
    if let Some(floor) = b.params.individual_floor {
        a = a.max(b.scaled_level(floor)?);
    }
    Some(a)
}

fn qualifies(c: &Condition, m: &Member, age: u32) -> bool {
    c.age_min.is_none_or(|a| age >= a)
        && c.age_below.is_none_or(|a| age < a)
        && c.disability_grades
            .as_ref()
            .is_none_or(|g| m.disability.is_some_and(|d| g.contains(&d.grade)))
        && c.disability_kinds
            .as_ref()
            .is_none_or(|k| m.disability.is_some_and(|d| k.contains(&d.kind)))
        && (!c.serious_illness || m.serious_illness)
        && (!c.full_time_student || m.full_time_student)
}

/// Supplements for one covered member: every rule the member qualifies for
/// pays once (a region wanting "one per person" writes one rule with
/// alternatives). Returns the scaled total.
fn member_supplements(
    b: &ParametersDecision<'_>,
    m: &Member,
    age: u32,
    out: &mut Vec<SupplementPaid>,
    t: &mut Tracer,
) -> Option<Money> {
    let mut total = Money::ZERO;
    for rule in &b.params.supplements {
        if !rule.when.iter().any(|c| qualifies(c, m, age)) {
            continue;
        }
        let amount = match rule.amount {
            SupplementAmount::Level(l) => l.amount(b.standard)?,
            SupplementAmount::SeparateStandard(own) => own.checked_sub(b.standard)?.at_least_zero(),
        };
        if amount.is_zero() {
            continue;
        }
        // A separate subsidy is listed, never added to the 低保金 (the
        // assessment moves it to `separate_subsidies`).
        if !rule.separate {
            total = total.checked_add(b.scale.monthly(amount))?;
        }
        out.push(SupplementPaid {
            member: m.id.clone(),
            id: rule.id.clone(),
            zh: rule.name_zh.clone(),
            en: rule.name_en.clone(),
            amount,
        });
        let member = m.id.as_str();
        t.step(|| AmountFact::Supplement {
            member,
            rule,
            amount,
        });
    }
    Some(total)
}

//! The amount (条例 第八条; 暂行办法 第十二条; 审核确认办法 第二十三条、第二十七条).
//!
//! Difference (差额): standard × counted members − household income, on
//! household totals (never a rounded per-capita gap × members). Tiers (分档):
//! the region's table. Then the per-person floor (e.g. 南京 20%), then
//! supplements (分类施保), then one rounding of the household total by the
//! region's rule. All figures are scaled (see `income::Scale`).

use rust_decimal::Decimal;

use crate::law::{LOCAL, SHENHE_23, SHENHE_27, ZANXING_12};
use crate::model::Member;
use crate::money::Money;
use crate::output::SupplementPaid;
use crate::params::{Condition, Level, Method, Parameters, SupplementAmount};
use crate::rules::income::Scale;
use crate::trace::Tracer;

fn fmt(s: Scale, m: Money) -> String {
    s.unscale(m).to_string()
}

/// The base amount for a `dibao` household before supplements, scaled.
/// `total_standard` is the standard × `n`, scaled (the classification's).
pub(crate) fn household_base(
    p: &Parameters,
    standard: Money,
    n: u32,
    total_standard: Money,
    income: Money,
    s: Scale,
    t: &mut Tracer,
) -> Option<Money> {
    let nn = Decimal::from(n);
    let mut amount = match &p.method {
        Method::Difference => {
            let a = total_standard.checked_sub(income)?.at_least_zero();
            t.step("amount_difference", format_args!("{SHENHE_23}；{ZANXING_12}"), Some(s.unscale(a)), || {
                (
                    format!("差额计算：低保标准 {standard} 元 × {n} 人 − 家庭月收入 {} 元 = {} 元。", fmt(s, income), fmt(s, a)),
                    format!("Difference: standard {standard} × {n} {} − household income {} = {}.", members_en(n), fmt(s, income), fmt(s, a)),
                )
            });
            a
        }
        Method::Tiers(tiers) => {
            // The band is chosen on the exact per-capita income: compare
            // income with below × n (scaled) rather than dividing.
            let mut chosen = None;
            for tier in tiers {
                let below = s.monthly(tier.below.amount(standard)?).checked_mul(nn)?;
                if income < below {
                    chosen = Some(tier);
                    break;
                }
            }
            let pay = match chosen {
                Some(tier) => s.monthly(tier.pay.amount(standard)?),
                None => Money::ZERO,
            };
            let a = pay.checked_mul(nn)?;
            t.step(
                "amount_tier",
                format_args!("{SHENHE_23}；{LOCAL}"),
                Some(s.unscale(a)),
                || {
                    (
                        format!(
                            "分档计算：按人均收入所在档次，每人 {} 元 × {n} 人 = {} 元。",
                            fmt(s, pay),
                            fmt(s, a)
                        ),
                        format!(
                            "Tiers: the per-capita income's band pays {} per member × {n} = {}.",
                            fmt(s, pay),
                            fmt(s, a)
                        ),
                    )
                },
            );
            a
        }
    };
    if let Some(floor) = p.per_person_floor {
        let f = s.monthly(floor.amount(standard)?).checked_mul(nn)?;
        if f > amount {
            t.step("per_person_floor", LOCAL, Some(s.unscale(f)), || {
                (
                    format!("保障金低于当地保底（{}）× {n} 人，按保底 {} 元计算。", level_zh(floor), fmt(s, f)),
                    format!("The amount is below the local floor ({}) × {n} {}, so the floor {} applies.", level_en(floor), members_en(n), fmt(s, f)),
                )
            });
            amount = f;
        } else {
            t.step("per_person_floor", LOCAL, Some(s.unscale(amount)), || {
                (
                    format!(
                        "保障金不低于当地保底（{}）× {n} 人 = {} 元，无需补足。",
                        level_zh(floor),
                        fmt(s, f)
                    ),
                    format!(
                        "The amount is not below the local floor ({}) × {n} = {}.",
                        level_en(floor),
                        fmt(s, f)
                    ),
                )
            });
        }
    }
    Some(amount)
}

/// An individually covered member's amount before supplements, scaled.
pub(crate) fn individual_base(
    p: &Parameters,
    standard: Money,
    own: Money,
    s: Scale,
) -> Option<Money> {
    let mut a = s.monthly(standard).checked_sub(own)?.at_least_zero();
    if let Some(floor) = p.individual_floor {
        a = a.max(s.monthly(floor.amount(standard)?));
    }
    Some(a)
}

/// "member" or "members".
fn members_en(n: u32) -> &'static str {
    if n == 1 {
        "member"
    } else {
        "members"
    }
}

/// The zh text of a level.
pub(crate) fn level_zh(l: Level) -> String {
    match l {
        Level::Yuan(m) => format!("{m} 元"),
        Level::OfStandard(f) => format!("标准的 {}%", (f * Decimal::from(100)).normalize()),
    }
}

/// The en text of a level.
pub(crate) fn level_en(l: Level) -> String {
    match l {
        Level::Yuan(m) => format!("{m} yuan"),
        Level::OfStandard(f) => {
            format!("{}% of the standard", (f * Decimal::from(100)).normalize())
        }
    }
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
pub(crate) fn supplements(
    p: &Parameters,
    standard: Money,
    m: &Member,
    age: u32,
    s: Scale,
    out: &mut Vec<SupplementPaid>,
    t: &mut Tracer,
) -> Option<Money> {
    let mut total = Money::ZERO;
    for rule in &p.supplements {
        if !rule.when.iter().any(|c| qualifies(c, m, age)) {
            continue;
        }
        let amount = match rule.amount {
            SupplementAmount::Level(l) => l.amount(standard)?,
            SupplementAmount::SeparateStandard(own) => own.checked_sub(standard)?.at_least_zero(),
        };
        if amount.is_zero() {
            continue;
        }
        total = total.checked_add(s.monthly(amount))?;
        out.push(SupplementPaid {
            member: m.id.clone(),
            id: rule.id.clone(),
            zh: rule.name_zh.clone(),
            en: rule.name_en.clone(),
            amount,
        });
        t.step(
            "supplement",
            format_args!("{ZANXING_12}；{SHENHE_27}；{LOCAL}"),
            Some(amount),
            || {
                (
                    format!("{}符合“{}”，增发 {} 元。", m.id, rule.name_zh, amount),
                    format!(
                        "{} qualifies for \"{}\": {} more.",
                        m.id, rule.name_en, amount
                    ),
                )
            },
        );
    }
    Some(total)
}

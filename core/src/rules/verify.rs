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
use crate::output::Verification;

/// The computed amounts, unscaled, for comparison.
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

const ROUNDINGS: [Rounding; 4] = [
    Rounding::Fen,
    Rounding::Jiao,
    Rounding::Yuan,
    Rounding::YuanCeil,
];

pub(crate) fn verify(recorded: Money, c: &Chain, detail: bool) -> Verification {
    let difference = recorded.checked_sub(c.computed).unwrap_or(Money::ZERO);
    let done = |first: Option<&'static str>, text: &dyn Fn() -> (String, String)| {
        let (zh, en) = if detail {
            text()
        } else {
            (String::new(), String::new())
        };
        Verification {
            recorded_amount: recorded,
            matches: first.is_none(),
            difference,
            first_difference: first,
            zh,
            en,
        }
    };
    if recorded == c.computed {
        return done(None, &|| {
            (
                format!("记录金额 {recorded} 元与核算结果一致。"),
                format!("The recorded amount {recorded} matches the computed amount."),
            )
        });
    }
    if !c.payable || recorded.is_zero() {
        return done(Some("classification"), &|| {
            (format!("记录金额 {recorded} 元与核算结果 {} 元不一致：是否应当发放的认定不同。", c.computed), format!("The recorded amount {recorded} differs from the computed {}: the decision whether to pay differs.", c.computed))
        });
    }
    // Whether `x` is less than `reach` fen away from the recorded amount.
    let within = |x: Money, reach: i64| {
        x.checked_sub(recorded)
            .is_some_and(|d| Money::fen(-reach) < d && d < Money::fen(reach))
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
            return done(Some("amount_difference"), &|| {
                ("记录金额与先将人均收入四舍五入、再按人均差额 × 人数计算的结果一致；应按家庭总额计算差额（标准 × 人数 − 家庭收入）。".into(), "The recorded amount matches rounding the per-capita income first and multiplying the per-capita gap; the difference must be computed on household totals (standard × members − income).".into())
            });
        }
    }
    if c.pre_floor != c.after_floor {
        if let Some(alt) = c.pre_floor.checked_add(c.supplements) {
            if any_rounding(alt) {
                return done(Some("per_person_floor"), &|| {
                    ("记录金额与未适用当地人均保底的结果一致。".into(), "The recorded amount matches the amount without the local per-person floor."
                        .into())
                });
            }
        }
    }
    if !c.supplements.is_zero() && any_rounding(c.after_floor) {
        return done(Some("supplements"), &|| {
            (
                "记录金额与不含分类施保增发金的结果一致。".into(),
                "The recorded amount matches the amount without the supplements.".into(),
            )
        });
    }
    if any_rounding(c.total) {
        return done(Some("rounding"), &|| {
            (
                format!(
                    "记录金额与按其他取整规则计算的结果一致；本地区规则为：{}。",
                    c.rounding.zh()
                ),
                format!(
                    "The recorded amount matches another rounding rule; this region's rule: {}.",
                    c.rounding.en()
                ),
            )
        });
    }
    // Otherwise the income differs: show the income the record implies.
    // Only the explanation shows it: summary mode skips the arithmetic.
    let implied = (detail && c.difference_method && c.pre_floor == c.after_floor)
        .then(|| {
            c.standard
                .checked_mul(n)
                .and_then(|t| t.checked_add(c.supplements))
                .and_then(|t| t.checked_sub(recorded))
        })
        .flatten();
    match implied {
        Some(i) => done(Some("household_income"), &|| {
            (format!("记录金额对应的家庭月收入约为 {i} 元，核算认定为 {} 元：家庭收入认定不同。", c.income), format!("The recorded amount implies a household income of about {i} a month; the computed income is {}: the income differs.", c.income))
        }),
        None => done(Some("household_income"), &|| {
            (format!("记录金额 {recorded} 元与核算结果 {} 元不一致，最可能的原因是家庭收入认定不同。", c.computed), format!("The recorded amount {recorded} differs from the computed {}; most likely the household income differs.", c.computed))
        }),
    }
}

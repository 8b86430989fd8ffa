//! Countable income (审核确认办法 第十三条; 条例 第二条).
//!
//! Each counted member's monthly income = countable kinds converted to a
//! monthly figure − employment cost (local) − transfer expenditure (tax,
//! social insurance, support paid) + imputed income (local), never below
//! zero. Not counted: 优待抚恤金, 计划生育奖励与扶助金, 奖学金, 见义勇为等奖励,
//! 社会救助款物, the basic pension of 城乡居民基本养老保险 while its exemption is
//! in force (to 2025-12-31 in the national base), what the locality excludes.
//!
//! All figures here are *scaled*: multiplied by the household's `scale` (the
//! least common multiple of the periods used), so that a yearly amount ÷ 12
//! stays exact. Only the final amount and display figures are divided back.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::law::{LOCAL, SHENHE_13, TIAOLI_2};
use crate::model::{Household, IncomeKind, Member, Obligor, Period};
use crate::money::Money;
use crate::output::IncomeLine;
use crate::params::{ImputeExempt, Level, Parameters};
use crate::trace::Tracer;

/// Converts amounts per period into scaled monthly figures.
#[derive(Clone, Copy)]
pub(crate) struct Scale {
    /// The LCM of the periods, as an integer and as a decimal.
    n: u64,
    pub l: Decimal,
}

impl Scale {
    /// The least common multiple of every period in the household (1 when all
    /// are monthly). Periods are at most 120 months, so this stays far below
    /// the range of a decimal for any household within the input bounds.
    pub fn for_household(h: &Household) -> Option<Scale> {
        let mut l: u64 = 1;
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

/// Why an income kind is not counted, if it isn't.
fn not_counted(
    kind: IncomeKind,
    date: Date,
    p: &Parameters,
) -> Option<(&'static str, &'static str, &'static str)> {
    use IncomeKind::*;
    match kind {
        SpecialCare | FamilyPlanning | Scholarship | Award => {
            Some(("exempt_national", "国家规定的优待抚恤金、计划生育奖励与扶助金、奖学金、见义勇为等奖励性补助不计入", "not counted by national rule (special care, family planning, scholarships, awards)"))
        }
        SocialAssistance => Some(("exempt_national", "政府发放的社会救助款物不计入", "government social assistance is not counted")),
        BasicPension if p.basic_pension_exempt_until.is_some_and(|until| date <= until) => Some((
            "basic_pension_exempt",
            "城乡居民基本养老保险基础养老金在豁免期内不计入",
            "the basic pension of the residents' pension scheme is not counted while its exemption lasts",
        )),
        LocalExempt => Some(("exempt_local", "当地规定不计入的收入", "not counted by local rule")),
        k if p.exempt_income_kinds.contains(&k) => Some(("exempt_local", "当地规定此类收入不计入", "local rules do not count this kind of income")),
        _ => None,
    }
}

/// Chinese name of an income item.
pub(crate) fn item_zh(code: &str) -> &'static str {
    match code {
        "wage" => "工资性收入",
        "business" => "经营净收入",
        "property" => "财产净收入",
        "pension" => "离退休金",
        "unemployment_insurance" => "失业保险金",
        "support_received" => "赡养（抚养、扶养）费",
        "survivor_benefit" => "遗属补助金",
        "compensation" => "赔偿收入",
        "donation" => "接受捐赠收入",
        "other" => "其他收入",
        "special_care" => "优待抚恤金",
        "family_planning" => "计划生育奖励与扶助金",
        "scholarship" => "奖学金",
        "award" => "见义勇为等奖励性补助",
        "social_assistance" => "社会救助款物",
        "basic_pension" => "城乡居民基础养老金",
        "local_exempt" => "当地规定不计入的收入",
        "tax" => "缴纳的税款",
        "social_insurance" => "个人缴纳的社会保险费",
        "support_paid" => "支付的赡养费",
        "employment_cost" => "就业成本扣减",
        "imputed" => "按最低工资推算的收入",
        "earnings_disregard" => "就业收入不计入（渐退）",
        "support" => "赡养人应付或实付的赡养费",
        _ => "收入",
    }
}

/// English name of an income item.
pub(crate) fn item_en(code: &str) -> String {
    code.replace('_', " ")
}

/// The result of the income rule for one member.
pub(crate) struct MemberIncome {
    /// Countable monthly income, scaled, ≥ 0.
    pub total: Money,
}

/// State shared across members: the household's remaining earnings disregard.
pub(crate) struct IncomeCtx<'a> {
    pub scale: Scale,
    pub date: Date,
    pub params: &'a Parameters,
    /// Scaled wage income still to be disregarded this month, if a disregard applies.
    pub disregard_left: Option<Money>,
}

fn fmt(scale: Scale, m: Money) -> String {
    scale.unscale(m).to_string()
}

/// Computes one counted member's countable income, recording lines and steps.
pub(crate) fn member_income(
    cx: &mut IncomeCtx<'_>,
    m: &Member,
    age: u32,
    lines: &mut Vec<IncomeLine>,
    t: &mut Tracer,
) -> Option<MemberIncome> {
    let s = cx.scale;
    let mut counted = Money::ZERO;
    let mut wages = Money::ZERO;
    for inc in &m.incomes {
        let monthly = s.per_period(inc.amount, inc.period);
        let code = inc.kind.code();
        if let Some((reason, zh, en)) = not_counted(inc.kind, cx.date, cx.params) {
            if t.detail {
                lines.push(IncomeLine {
                    member: m.id.clone(),
                    item: code,
                    monthly: s.unscale(monthly),
                    effect: "not_counted",
                    reason,
                });
            }
            t.step(
                "income_not_counted",
                format_args!("{SHENHE_13}（不计入的收入）"),
                Some(s.unscale(monthly)),
                || {
                    (
                        format!(
                            "{}的{}月均 {} 元不计入：{zh}。",
                            m.id,
                            item_zh(code),
                            fmt(s, monthly)
                        ),
                        format!(
                            "{}'s {} of {} a month is not counted: {en}.",
                            m.id,
                            item_en(code),
                            fmt(s, monthly)
                        ),
                    )
                },
            );
            continue;
        }
        if inc.kind == IncomeKind::Wage {
            wages = wages.checked_add(monthly)?;
        }
        counted = counted.checked_add(monthly)?;
        if t.detail {
            lines.push(IncomeLine {
                member: m.id.clone(),
                item: code,
                monthly: s.unscale(monthly),
                effect: "counted",
                reason: "counted",
            });
        }
        t.step("income", SHENHE_13, Some(s.unscale(monthly)), || {
            let per = match inc.period {
                Period::Month => (String::new(), String::new()),
                Period::Year => (
                    format!("（年收入 {} ÷ 12）", inc.amount),
                    format!(" (yearly {} ÷ 12)", inc.amount),
                ),
                Period::Months(n) => (
                    format!("（{n} 个月共 {} ÷ {n}）", inc.amount),
                    format!(" ({} over {n} months ÷ {n})", inc.amount),
                ),
            };
            (
                format!(
                    "{}的{}计入，月均 {} 元{}。",
                    m.id,
                    item_zh(code),
                    fmt(s, monthly),
                    per.0
                ),
                format!(
                    "{}'s {} is counted: {} a month{}.",
                    m.id,
                    item_en(code),
                    fmt(s, monthly),
                    per.1
                ),
            )
        });
    }

    // The earnings disregard (e.g. 浙江省社会救助条例 第五十条) applies to wages first.
    if let Some(left) = cx.disregard_left {
        let d = wages.min(left);
        if !d.is_zero() {
            counted = counted.checked_sub(d)?;
            wages = wages.checked_sub(d)?;
            cx.disregard_left = Some(left.checked_sub(d)?);
            if t.detail {
                lines.push(IncomeLine {
                    member: m.id.clone(),
                    item: "earnings_disregard",
                    monthly: s.unscale(d),
                    effect: "not_counted",
                    reason: "earnings_disregard",
                });
            }
            t.step("earnings_disregard", LOCAL, Some(s.unscale(d)), || {
                (
                    format!(
                        "{}就业后增加的工资收入 {} 元在规定期限内不计入家庭收入。",
                        m.id,
                        fmt(s, d)
                    ),
                    format!(
                        "{} of {}'s wages after taking up work is disregarded for the set period.",
                        fmt(s, d),
                        m.id
                    ),
                )
            });
        }
    }

    // Employment cost, deducted from wages (审核确认办法 第十三条: 必要的就业成本).
    if let Some(ec) = &cx.params.employment_cost {
        if !wages.is_zero() {
            let mut d = match ec.deduct {
                Level::OfStandard(f) => wages.checked_mul(f)?,
                Level::Yuan(y) => s.monthly(y),
            };
            if let Some(cap) = ec.cap {
                d = d.min(s.monthly(cap));
            }
            d = d.min(wages);
            counted = counted.checked_sub(d)?;
            if t.detail {
                lines.push(IncomeLine {
                    member: m.id.clone(),
                    item: "employment_cost",
                    monthly: s.unscale(d),
                    effect: "deducted",
                    reason: "employment_cost",
                });
            }
            t.step(
                "employment_cost",
                format_args!("{SHENHE_13}；{LOCAL}"),
                Some(s.unscale(d)),
                || {
                    (
                        format!("{}的工资收入扣减必要的就业成本 {} 元。", m.id, fmt(s, d)),
                        format!(
                            "{} of employment cost is deducted from {}'s wages.",
                            fmt(s, d),
                            m.id
                        ),
                    )
                },
            );
        }
    }

    // Imputed income for members able to work who don't (local rule).
    if let Some(imp) = &cx.params.imputed_income {
        let exempt = imp.exempt.iter().any(|e| match e {
            ImputeExempt::Caregiver => m.caregiver,
            ImputeExempt::FullTimeStudent => m.full_time_student,
            ImputeExempt::Disability => m.disability.is_some(),
            ImputeExempt::SeriousIllness => m.serious_illness,
        });
        if m.work_capacity == Some(true) && m.employed != Some(true) && !exempt {
            let band = imp.bands.iter().find(|b| {
                (b.sex.is_none() || b.sex == m.sex) && age >= b.age_min && age <= b.age_max
            });
            if let Some(b) = band {
                let v = s.monthly(imp.minimum_wage.checked_mul(b.fraction)?);
                counted = counted.checked_add(v)?;
                if t.detail {
                    lines.push(IncomeLine {
                        member: m.id.clone(),
                        item: "imputed",
                        monthly: s.unscale(v),
                        effect: "counted",
                        reason: "imputed_income",
                    });
                }
                t.step("imputed_income", LOCAL, Some(s.unscale(v)), || {
                    (format!("{}有劳动能力但未就业，按当地最低工资 {} 元的 {} 推算收入 {} 元。", m.id, imp.minimum_wage, b.fraction, fmt(s, v)), format!("{} can work but does not; {} is imputed ({} of the local minimum wage {}).", m.id, fmt(s, v), b.fraction, imp.minimum_wage))
                });
            }
        }
    }

    // Transfer expenditure (审核确认办法 第十三条（四）转移净收入).
    for d in &m.deductions {
        let monthly = s.per_period(d.amount, d.period);
        counted = counted.checked_sub(monthly)?;
        let code = d.kind.code();
        if t.detail {
            lines.push(IncomeLine {
                member: m.id.clone(),
                item: code,
                monthly: s.unscale(monthly),
                effect: "deducted",
                reason: "transfer_expenditure",
            });
        }
        t.step(
            "deduction",
            format_args!("{SHENHE_13}（转移性支出）"),
            Some(s.unscale(monthly)),
            || {
                (
                    format!(
                        "{}{}月均 {} 元，从收入中扣减。",
                        m.id,
                        item_zh(code),
                        fmt(s, monthly)
                    ),
                    format!(
                        "{}'s {} of {} a month is deducted.",
                        m.id,
                        item_en(code),
                        fmt(s, monthly)
                    ),
                )
            },
        );
    }

    let total = if counted.is_negative() {
        t.step("member_income_floor", SHENHE_13, Some(Money::ZERO), || {
            (
                format!("{}的收入扣减后为负，按 0 计。", m.id),
                format!(
                    "{}'s income after deductions is negative and counts as 0.",
                    m.id
                ),
            )
        });
        Money::ZERO
    } else {
        counted
    };
    t.step("member_income", SHENHE_13, Some(s.unscale(total)), || {
        (
            format!("{}的月可计收入为 {} 元。", m.id, fmt(s, total)),
            format!("{}'s countable monthly income is {}.", m.id, fmt(s, total)),
        )
    });
    Some(MemberIncome { total })
}

/// Counted support from one obligor outside the household (条例 第二条), scaled.
///
/// Reading: the formula gives what the obligor should pay in all to the
/// members listed in `supports`; where the region has no formula, only the
/// actual payment counts. An obligor none of whose supported members is
/// counted contributes nothing.
pub(crate) fn support(
    ob: &Obligor,
    supports_counted: bool,
    s: Scale,
    standard: Money,
    p: &Parameters,
    lines: &mut Vec<IncomeLine>,
    t: &mut Tracer,
) -> Option<Money> {
    if !supports_counted {
        t.step("support", TIAOLI_2, Some(Money::ZERO), || {
            (format!("赡养人{}所赡养的成员均未计入家庭成员，其赡养费不计入。", ob.id), format!("None of the members obligor {} supports is counted, so the support is not counted.", ob.id))
        });
        return Some(Money::ZERO);
    }
    let actual = ob.actual_payment;
    let mut should = None;
    if let (Some(f), Some(size), Some(income)) =
        (&p.support_formula, ob.household_size, ob.household_income)
    {
        let pc = income.checked_div(Decimal::from(size))?;
        let threshold = standard.checked_mul(f.threshold_multiple)?;
        let excess = pc.checked_sub(threshold)?.at_least_zero();
        let share = f
            .shares
            .iter()
            .find(|(up, _)| up.is_none_or(|u| ob.sharing <= u))
            .map_or(Decimal::ZERO, |(_, f)| *f);
        should = Some(
            excess
                .checked_mul(Decimal::from(size))?
                .checked_mul(share)?,
        );
    }
    let counted = match should {
        Some(sh) => actual.max(sh),
        None => actual,
    };
    let v = s.monthly(counted);
    if t.detail {
        lines.push(IncomeLine {
            member: ob.id.clone(),
            item: "support",
            monthly: counted,
            effect: "counted",
            reason: if should.is_some_and(|sh| sh > actual) {
                "support_formula"
            } else {
                "support_actual"
            },
        });
    }
    t.step("support", TIAOLI_2, Some(counted), || match should {
        Some(sh) => (
            format!("赡养人{}：实际给付 {} 元，按当地公式应给付 {} 元，取较高者 {} 元计入家庭收入。", ob.id, actual, sh, counted),
            format!("Obligor {}: pays {}, should pay {} by the local formula; the larger, {}, is counted.", ob.id, actual, sh, counted),
        ),
        None => (
            format!("赡养人{}实际给付的赡养费 {} 元计入家庭收入（当地无应付赡养费计算公式）。", ob.id, actual),
            format!("Obligor {}'s actual payment of {} is counted (no local formula for what should be paid).", ob.id, actual),
        ),
    });
    Some(v)
}

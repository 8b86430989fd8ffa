//! Countable income (审核确认办法 第十三条).
//!
//! Each counted member's monthly income = countable kinds converted to a
//! monthly figure − employment cost (local) + imputed income (local) −
//! transfer expenditure (tax, social and medical insurance, support paid).
//! Transfer expenditure nets at household level (第十三条（四）: 转移净收入 =
//! 转移性收入 − 转移性支出): a member's net may be negative, and only the
//! household total is floored at zero. A member covered alone is assessed on
//! their own net income (at least zero) plus the support paid for them. Not counted: 优待抚恤金, 计划生育奖励与扶助金, 奖学金, 见义勇为等奖励,
//! 社会救助款物, the basic pension of 城乡居民基本养老保险 while its exemption is
//! in force (to 2025-12-31 in the national base), what the locality excludes.
//!
//! All figures here are *scaled* (see [`Scale`]): only the household's
//! totals for display are divided back.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::error::Errors;
use crate::input::MAX_MEMBERS;
use crate::model::{
    Area, Deduction, DeductionKind, Household, Income, IncomeKind, Member, Obligor, Period,
};
use crate::money::Money;
use crate::output::IncomeLine;
use crate::params::{
    ImputeExempt, ImputedBand, ImputedIncome, Level, Parameters, SupportThreshold,
};
use crate::stages::membership::MembershipDecision;
use crate::stages::overflow;
use crate::stages::params::ParametersDecision;
use crate::stages::scale::Scale;
use crate::trace::Tracer;

/// What the income stage decided.
pub(crate) struct IncomeDecision {
    /// Each counted member's own countable monthly income, scaled, as a
    /// member covered alone is assessed: own net income (at least zero) plus
    /// the support paid for them (zero for members not counted).
    pub per_member: [Money; MAX_MEMBERS],
    /// The household's countable monthly income, scaled.
    pub household: Money,
    /// The same, in yuan per month (exact).
    pub display: Money,
    /// The per-capita monthly income (exact).
    pub per_capita: Money,
}

/// Why an income kind is not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exemption {
    /// Special care, family planning, scholarships, awards (national rule).
    National,
    /// Government social assistance (national rule).
    SocialAssistance,
    /// The residents' basic pension while its exemption lasts.
    BasicPension,
    /// Income the input marks as excluded by local rule.
    LocalKind,
    /// A kind the region's parameters exclude.
    LocalRule,
    /// Support received that is an obligor's payment, counted once through
    /// the obligor (`support_received_from`).
    ViaObligor,
}

impl Exemption {
    /// The income line's reason code.
    pub fn code(self) -> &'static str {
        match self {
            Exemption::National | Exemption::SocialAssistance => "exempt_national",
            Exemption::BasicPension => "basic_pension_exempt",
            Exemption::LocalKind | Exemption::LocalRule => "exempt_local",
            Exemption::ViaObligor => "support_counted_via_obligor",
        }
    }
}

/// The facts the income stage records. Amounts are scaled by `scale`.
pub(crate) enum IncomeFact<'a> {
    /// An income item not counted.
    NotCounted {
        member: &'a str,
        item: &'static str,
        monthly: Money,
        scale: Scale,
        why: Exemption,
    },
    /// An income item counted, as given (`amount` per `period`).
    Counted {
        member: &'a str,
        item: &'static str,
        monthly: Money,
        scale: Scale,
        amount: Money,
        period: Period,
    },
    /// Wages disregarded after taking up work (local).
    Disregard {
        member: &'a str,
        amount: Money,
        scale: Scale,
    },
    /// The employment cost deducted from wages.
    EmploymentCost {
        member: &'a str,
        amount: Money,
        scale: Scale,
    },
    /// Income imputed to a member able to work who does not (local).
    Imputed {
        member: &'a str,
        band: &'a ImputedBand,
        rule: &'a ImputedIncome,
        amount: Money,
        scale: Scale,
    },
    /// A transfer expenditure deducted.
    Deduction {
        member: &'a str,
        item: &'static str,
        monthly: Money,
        scale: Scale,
    },
    /// Rigid expenditure shown but not deducted (no local rule deducts it).
    RigidNotDeducted {
        member: &'a str,
        item: &'static str,
        monthly: Money,
        scale: Scale,
    },
    /// A basic pension counted after the last known exemption window
    /// (a warning: a successor rule may exist).
    PensionExemptionUnconfirmed { until: Date },
    /// The household's net income was negative: counted as zero (unscaled).
    HouseholdFloor { net: Money },
    /// A member's countable income.
    MemberTotal {
        member: &'a str,
        total: Money,
        scale: Scale,
    },
    /// An obligor whose supported members are none of them counted.
    /// `urban`: the input says the household is urban (`area`), where the
    /// 1999 条例 also applies.
    SupportNotCounted { obligor: &'a str, urban: bool },
    /// An obligor's support counted (unscaled): paid, due by formula (for
    /// this household's members), counted, and the division among everyone
    /// the obligor supports where the formula divides it.
    Support {
        obligor: &'a str,
        urban: bool,
        actual: Money,
        should: Option<Money>,
        counted: Money,
        divided: Option<Divided>,
    },
    /// The household's countable income (unscaled).
    Household { income: Money },
    /// The per-capita income (unscaled).
    PerCapita {
        income: Money,
        n: u32,
        per_capita: Money,
    },
}

impl Default for IncomeDecision {
    fn default() -> Self {
        IncomeDecision {
            per_member: [Money::ZERO; MAX_MEMBERS],
            household: Money::ZERO,
            display: Money::ZERO,
            per_capita: Money::ZERO,
        }
    }
}

/// Decides every counted member's income, the support from obligors and
/// the household totals, into `d` (filled in place, like the membership:
/// its per-member array is large); income lines go into `lines` when it
/// keeps them.
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    t: &mut Tracer,
    mut lines: Lines<'_>,
    d: &mut IncomeDecision,
) -> Result<(), Errors> {
    let s = b.scale;
    let mut cx = IncomeCtx {
        scale: s,
        date: h.date,
        params: b.params,
        disregard_left: disregard_cap(h, b),
    };
    let mut household = Money::ZERO;
    // Only the household's own entries: those past them are never read,
    // and a whole-array reset is an 800-byte write per household.
    d.per_member
        .iter_mut()
        .take(h.members.len())
        .for_each(|m| *m = Money::ZERO);
    for i in members.counted.iter() {
        let m = &h.members[i];
        let net = member_income(&mut cx, m, members.ages[i], &mut lines, t).ok_or_else(overflow)?;
        d.per_member[i] = net.at_least_zero();
        household = household.checked_add(net).ok_or_else(overflow)?;
    }
    for ob in &h.obligors {
        let supported = || {
            let ids = ob.supports.iter();
            ids.filter_map(|id| members.counted.iter().find(|&i| h.members[i].id == *id))
        };
        let urban = h.area == Some(Area::Urban);
        let v = support(ob, supported().count(), urban, b, &mut lines, t).ok_or_else(overflow)?;
        household = household.checked_add(v).ok_or_else(overflow)?;
        // Reading: support shared equally among the counted members it is for.
        let share = v
            .checked_div(Decimal::from(supported().count().max(1) as u32))
            .ok_or_else(overflow)?;
        for i in supported() {
            d.per_member[i] = d.per_member[i].checked_add(share).ok_or_else(overflow)?;
        }
    }
    if household.is_negative() {
        let net = s.unscale(household);
        t.step(|| IncomeFact::HouseholdFloor { net });
        household = Money::ZERO;
    }
    let n = members.n();
    let display = s.unscale(household);
    let per_capita = match n {
        // One counted member, the most common case: no division.
        0 | 1 => display,
        _ => display.checked_div(Decimal::from(n)).ok_or_else(overflow)?,
    };
    t.step(|| IncomeFact::Household { income: display });
    t.step(|| IncomeFact::PerCapita {
        income: display,
        n,
        per_capita,
    });
    d.household = household;
    d.display = display;
    d.per_capita = per_capita;
    Ok(())
}

/// The warning that the basic-pension exemption is unconfirmed: a counted
/// member has a basic pension and the date is past the last known window.
pub(crate) fn pension_warning<'a>(
    h: &Household,
    p: &Parameters,
    members: &MembershipDecision,
) -> Option<IncomeFact<'a>> {
    let until = p.basic_pension_exempt_until?;
    let has = members.counted.iter().any(|i| {
        let incomes = &h.members[i].incomes;
        incomes
            .iter()
            .any(|inc| inc.kind == IncomeKind::BasicPension)
    });
    (has && h.date > until).then_some(IncomeFact::PensionExemptionUnconfirmed { until })
}

/// The wages still to be disregarded this month (scaled), if an earnings
/// disregard applies: employment began within the region's period, its
/// months counted as 民法典 第二百零一条、第二百零二条 count them (the last day
/// is the corresponding day of the final month).
fn disregard_cap(h: &Household, b: &ParametersDecision<'_>) -> Option<Money> {
    match (&b.params.earnings_disregard, &h.current) {
        (Some(ed), Some(cur)) => cur
            .employment_since
            .filter(|since| *since <= h.date && h.date <= since.add_months(ed.months))
            .and_then(|_| b.standard.checked_mul(ed.cap_multiple))
            .map(|cap| b.scale.monthly(cap)),
        _ => None,
    }
}

/// Why an income kind is not counted, if it isn't.
fn not_counted(kind: IncomeKind, date: Date, p: &Parameters) -> Option<Exemption> {
    use IncomeKind::*;
    match kind {
        SpecialCare | FamilyPlanning | Scholarship | Award => Some(Exemption::National),
        SocialAssistance => Some(Exemption::SocialAssistance),
        BasicPension
            if p.basic_pension_exempt_until
                .is_some_and(|until| date <= until) =>
        {
            Some(Exemption::BasicPension)
        }
        LocalExempt => Some(Exemption::LocalKind),
        k if p.exempt_income_kinds.contains(&k) => Some(Exemption::LocalRule),
        _ => None,
    }
}

/// State shared across members: the household's remaining earnings disregard.
struct IncomeCtx<'a> {
    scale: Scale,
    date: Date,
    params: &'a Parameters,
    /// Scaled wage income still to be disregarded this month, if a disregard applies.
    disregard_left: Option<Money>,
}

/// One member's running sums, scaled.
#[derive(Default)]
struct Sums {
    /// Countable income so far, net of transfer expenditure (may be negative).
    counted: Money,
    /// Wages counted so far (what the disregard and employment cost reduce).
    wages: Money,
}

/// Where income lines go: a list when the caller keeps them (detail
/// mode), nowhere otherwise.
pub(crate) struct Lines<'o>(pub Option<&'o mut Vec<IncomeLine>>);

impl Lines<'_> {
    /// Records an income line, if lines are kept.
    fn push(
        &mut self,
        member: &str,
        item: &'static str,
        (monthly, s): (Money, Scale),
        (effect, reason): (&'static str, &'static str),
    ) {
        if let Some(lines) = &mut self.0 {
            lines.push(IncomeLine {
                member: member.to_owned(),
                item,
                monthly: s.unscale(monthly),
                effect,
                reason,
            });
        }
    }
}

/// Computes one counted member's net countable income (scaled; negative
/// where transfer expenditure exceeds income), recording lines and facts.
fn member_income(
    cx: &mut IncomeCtx<'_>,
    m: &Member,
    age: u32,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<Money> {
    let mut sums = Sums::default();
    for inc in &m.incomes {
        income_item(cx, m, inc, &mut sums, lines, t)?;
    }
    disregard(cx, m, &mut sums, lines, t)?;
    employment_cost(cx, m, &mut sums, lines, t)?;
    imputed(cx, m, age, &mut sums, lines, t)?;
    for d in &m.deductions {
        deduction(cx, m, d, &mut sums, lines, t)?;
    }
    let (member, total, scale) = (m.id.as_str(), sums.counted, cx.scale);
    t.step(|| IncomeFact::MemberTotal {
        member,
        total,
        scale,
    });
    Some(total)
}

/// One income item: counted, or not counted and why.
fn income_item(
    cx: &IncomeCtx<'_>,
    m: &Member,
    inc: &Income,
    sums: &mut Sums,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<()> {
    let (s, member, item) = (cx.scale, m.id.as_str(), inc.kind.code());
    let monthly = s.per_period(inc.amount, inc.period);
    let via_obligor =
        inc.kind == IncomeKind::SupportReceived && !m.support_received_from.is_empty();
    let why = match via_obligor {
        true => Some(Exemption::ViaObligor),
        false => not_counted(inc.kind, cx.date, cx.params),
    };
    if let Some(why) = why {
        let effect = ("not_counted", why.code());
        lines.push(member, item, (monthly, s), effect);
        t.step(|| IncomeFact::NotCounted {
            member,
            item,
            monthly,
            scale: s,
            why,
        });
        return Some(());
    }
    if inc.kind == IncomeKind::Wage {
        sums.wages = sums.wages.checked_add(monthly)?;
    }
    sums.counted = sums.counted.checked_add(monthly)?;
    lines.push(member, item, (monthly, s), ("counted", "counted"));
    t.step(|| IncomeFact::Counted {
        member,
        item,
        monthly,
        scale: s,
        amount: inc.amount,
        period: inc.period,
    });
    Some(())
}

/// The earnings disregard (e.g. 浙江省社会救助条例 第五十条), from wages first.
fn disregard(
    cx: &mut IncomeCtx<'_>,
    m: &Member,
    sums: &mut Sums,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<()> {
    let Some(left) = cx.disregard_left else {
        return Some(());
    };
    let d = sums.wages.min(left);
    if d.is_zero() {
        return Some(());
    }
    sums.counted = sums.counted.checked_sub(d)?;
    sums.wages = sums.wages.checked_sub(d)?;
    cx.disregard_left = Some(left.checked_sub(d)?);
    let (s, member) = (cx.scale, m.id.as_str());
    let effect = ("not_counted", "earnings_disregard");
    lines.push(member, "earnings_disregard", (d, s), effect);
    t.step(|| IncomeFact::Disregard {
        member,
        amount: d,
        scale: s,
    });
    Some(())
}

/// Employment cost, deducted from wages (审核确认办法 第十三条: 必要的就业成本).
fn employment_cost(
    cx: &IncomeCtx<'_>,
    m: &Member,
    sums: &mut Sums,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<()> {
    let (Some(ec), false) = (&cx.params.employment_cost, sums.wages.is_zero()) else {
        return Some(());
    };
    let s = cx.scale;
    let mut d = match ec.deduct {
        Level::OfStandard(f) => sums.wages.checked_mul(f)?,
        Level::Yuan(y) => s.monthly(y),
    };
    if let Some(cap) = ec.cap {
        d = d.min(s.monthly(cap));
    }
    d = d.min(sums.wages);
    sums.counted = sums.counted.checked_sub(d)?;
    let member = m.id.as_str();
    let effect = ("deducted", "employment_cost");
    lines.push(member, "employment_cost", (d, s), effect);
    t.step(|| IncomeFact::EmploymentCost {
        member,
        amount: d,
        scale: s,
    });
    Some(())
}

/// Imputed income for members able to work who don't (local rule).
fn imputed(
    cx: &IncomeCtx<'_>,
    m: &Member,
    age: u32,
    sums: &mut Sums,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<()> {
    let Some(rule) = &cx.params.imputed_income else {
        return Some(());
    };
    let exempt = rule.exempt.iter().any(|e| match e {
        ImputeExempt::Caregiver => m.caregiver,
        ImputeExempt::FullTimeStudent => m.full_time_student,
        ImputeExempt::Disability => m.disability.is_some(),
        ImputeExempt::SeriousIllness => m.serious_illness,
    });
    if m.work_capacity != Some(true) || m.employed == Some(true) || exempt {
        return Some(());
    }
    let band = rule
        .bands
        .iter()
        .find(|b| (b.sex.is_none() || b.sex == m.sex) && age >= b.age_min && age <= b.age_max);
    let Some(band) = band else {
        return Some(());
    };
    let s = cx.scale;
    let v = s.monthly(rule.minimum_wage.checked_mul(band.fraction)?);
    sums.counted = sums.counted.checked_add(v)?;
    let member = m.id.as_str();
    let effect = ("counted", "imputed_income");
    lines.push(member, "imputed", (v, s), effect);
    t.step(|| IncomeFact::Imputed {
        member,
        band,
        rule,
        amount: v,
        scale: s,
    });
    Some(())
}

/// Rigid expenditure (第十三条 last paragraph), as opposed to transfer
/// expenditure.
fn rigid(k: DeductionKind) -> bool {
    matches!(
        k,
        DeductionKind::Medical | DeductionKind::DisabilityCare | DeductionKind::Education
    )
}

/// Transfer expenditure (审核确认办法 第十三条（四）转移净收入).
fn deduction(
    cx: &IncomeCtx<'_>,
    m: &Member,
    d: &Deduction,
    sums: &mut Sums,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<()> {
    let s = cx.scale;
    let monthly = s.per_period(d.amount, d.period);
    let (member, item) = (m.id.as_str(), d.kind.code());
    if rigid(d.kind) && !cx.params.rigid_deducted.contains(&d.kind) {
        // 第十三条 last paragraph: "可按规定适当扣减" — only by a local rule
        // (a pack's rigid_expenditure_deducted); otherwise shown, not deducted.
        let effect = ("not_deducted", "rigid_not_deducted_here");
        lines.push(member, item, (monthly, s), effect);
        t.step(|| IncomeFact::RigidNotDeducted {
            member,
            item,
            monthly,
            scale: s,
        });
        return Some(());
    }
    sums.counted = sums.counted.checked_sub(monthly)?;
    let effect = match rigid(d.kind) {
        true => ("deducted", "rigid_expenditure_local"),
        false => ("deducted", "transfer_expenditure"),
    };
    lines.push(member, item, (monthly, s), effect);
    t.step(|| IncomeFact::Deduction {
        member,
        item,
        monthly,
        scale: s,
    });
    Some(())
}

/// Counted support from one obligor outside the household (审核确认办法
/// 第十三条（四）; for an urban household also 条例 第二条), scaled.
///
/// Reading: where the region has no formula, only the actual payment counts.
/// Where it has one, the support that should be paid counts too (条例 第二条:
/// 应当给付的赡养费), and the larger of the two is counted: the payment is
/// money received, the formula what the obligor owes, and they are the same
/// duty, never added. Without a division among the supported, the formula
/// gives what the obligor owes in all to the members in `supports`. An obligor
/// none of whose supported members is counted contributes nothing.
fn support(
    ob: &Obligor,
    supports_counted: usize,
    urban: bool,
    b: &ParametersDecision<'_>,
    lines: &mut Lines<'_>,
    t: &mut Tracer,
) -> Option<Money> {
    let obligor = ob.id.as_str();
    if supports_counted == 0 {
        t.step(|| IncomeFact::SupportNotCounted { obligor, urban });
        return Some(Money::ZERO);
    }
    let actual = ob.actual_payment;
    let due = should_pay(ob, supports_counted, b.standard, b.params)?;
    let should = due.map(|d| d.here);
    let counted = match should {
        Some(sh) => actual.max(sh),
        None => actual,
    };
    let reason = if should.is_some_and(|sh| sh > actual) {
        "support_formula"
    } else {
        "support_actual"
    };
    lines.push(
        obligor,
        "support",
        (counted, Scale::ONE),
        ("counted", reason),
    );
    let divided = due.and_then(|d| d.divided);
    t.step(|| IncomeFact::Support {
        obligor,
        urban,
        actual,
        should,
        counted,
        divided,
    });
    Some(b.scale.monthly(counted))
}

/// The support an obligor should pay by the local formula.
#[derive(Clone, Copy)]
struct Due {
    /// What counts for this household's members.
    here: Money,
    /// Where the formula divides the support among everyone the obligor
    /// supports: the whole due, how many share it, how many are counted here.
    divided: Option<Divided>,
}

/// The division of an obligor's support among everyone they support.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Divided {
    /// The support due in all.
    pub total: Money,
    /// Everyone the obligor supports, in this household or not.
    pub among: u32,
    /// Those of them counted in this household.
    pub here: u32,
}

/// What the obligor should pay by the local formula, if there is one and
/// the obligor's household is known (`None` inside when not; `None` outside
/// on overflow): capacity = obligor household income − threshold per person
/// × its size (at least 0), times the share for the number of obligors
/// sharing the duty; where the region says so, divided equally among
/// everyone the obligor supports, this household counting its counted
/// members' shares.
fn should_pay(
    ob: &Obligor,
    counted_here: usize,
    standard: Money,
    p: &Parameters,
) -> Option<Option<Due>> {
    let (Some(f), Some(size), Some(income)) =
        (&p.support_formula, ob.household_size, ob.household_income)
    else {
        return Some(None);
    };
    let size = Decimal::from(size);
    let capacity = match f.threshold {
        SupportThreshold::MultipleOfStandard(m) => {
            income.checked_sub(standard.checked_mul(m)?.checked_mul(size)?)?
        }
        // A yearly threshold stays exact: (12 × income − threshold × size) ÷ 12.
        SupportThreshold::PerPerson(rate) => {
            let months = Decimal::from(rate.unit.months());
            income
                .checked_mul(months)?
                .checked_sub(rate.amount.checked_mul(size)?)?
                .checked_div(months)?
        }
    }
    .at_least_zero();
    let share = f
        .shares
        .iter()
        .find(|(up, _)| up.is_none_or(|u| ob.sharing <= u))
        .map_or(Decimal::ZERO, |(_, f)| *f);
    let total = capacity.checked_mul(share)?;
    if !f.divide_among_supported {
        return Some(Some(Due {
            here: total,
            divided: None,
        }));
    }
    // Never fewer than those listed (the readers refuse fewer).
    let listed = ob.supports.len() as u32;
    let among = ob.supports_total.unwrap_or(listed).max(listed).max(1);
    let here = counted_here as u32;
    let due_here = total
        .checked_mul(Decimal::from(here))?
        .checked_div(Decimal::from(among))?;
    Some(Some(Due {
        here: due_here,
        divided: Some(Divided { total, among, here }),
    }))
}

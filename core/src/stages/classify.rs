//! Classification (暂行办法 第九条; 审核确认办法 第八条、第三十三条): `dibao`,
//! `gradual_exit`, `dibao_individual`, `edge` or `ineligible`, decided by
//! comparing household totals — never a rounded per-capita figure.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::error::Errors;
use crate::model::{Disability, DisabilityKind, Household, IncomeKind};
use crate::money::Money;
use crate::output::Outcome;
use crate::params::Parameters;
use crate::stages::income::IncomeDecision;
use crate::stages::membership::{MembershipDecision, Reading};
use crate::stages::params::ParametersDecision;
use crate::stages::property::{Open, PropertyDecision};
use crate::stages::{overflow, Indexes};
use crate::trace::{Note, Tracer};

/// What the classification stage decided.
pub(crate) struct Classification {
    /// The outcome.
    pub outcome: Outcome,
    /// The members covered (all counted ones, or those covered alone).
    pub covered: Indexes,
    /// The standard × counted members, scaled.
    pub total_standard: Money,
    /// The edge line per person (unscaled).
    pub edge_line: Money,
    /// The gradual-exit period the household is in, if any.
    pub gradual: Option<Gradual>,
    /// Household income below the edge line × counted members.
    pub below_edge: bool,
}

/// A gradual-exit period in progress (审核确认办法 第三十三条).
#[derive(Clone, Copy)]
pub(crate) struct Gradual {
    /// The amount paid now, per month.
    pub amount: Money,
    /// The day the period counts from.
    pub since: Date,
    /// `since` is the employment date, standing in for the day income
    /// first rose above the standard (not given).
    pub stand_in: bool,
    /// The last day of the period.
    pub ends: Date,
    /// The input's employment date, for the output.
    pub employment_since: Option<Date>,
    /// The input's day income first rose above the standard, for the output.
    pub above_standard_since: Option<Date>,
}

/// The facts the classification stage records.
pub(crate) enum ClassFact<'a> {
    /// No member counts.
    NoCountedMembers,
    /// Below the standard, property within limits (or not assessed: `open` says why).
    BelowStandard {
        per_capita: Money,
        standard: Money,
        open: Option<Open>,
    },
    /// Above the standard within the gradual-exit period.
    GradualExit {
        since: Date,
        ends: Date,
        months: u32,
    },
    /// Where the gradual-exit period counts from and how its last day is
    /// found (民法典 第二百零一条、第二百零二条).
    GradualExitPeriod {
        since: Date,
        stand_in: bool,
        ends: Date,
        months: u32,
    },
    /// Not below the standard, below the edge line (the multiple of the
    /// standard; `None`: the region's cap, which is lower).
    BelowEdge {
        per_capita: Money,
        standard: Money,
        edge_line: Money,
        multiple: Option<Decimal>,
        open: Option<Open>,
    },
    /// Below the standard, but property over the 低保 limits and within the
    /// separate 低保边缘 ones: an edge household.
    EdgeByProperty {
        per_capita: Money,
        standard: Money,
        open: Option<Open>,
    },
    /// Members of an edge household covered alone.
    Individual { h: &'a Household, covered: Indexes },
    /// Members covered alone by another route than the edge household's.
    Alone {
        h: &'a Household,
        covered: Indexes,
        route: Route,
    },
    /// How the edge line is read locally: inclusive (以下) and/or a
    /// published amount.
    EdgeLineReading {
        inclusive: bool,
        published: Option<Money>,
        cap: Option<Money>,
    },
    /// Not below the standard (but below the edge line).
    NotBelowStandard { per_capita: Money, standard: Money },
    /// Neither below the standard nor the edge line.
    AboveEdge {
        per_capita: Money,
        standard: Money,
        edge_line: Money,
    },
    /// Property over the limits.
    AssetsOverLimit,
    /// The outcome (a trace step).
    Outcome(Outcome),
}

/// A route to coverage alone other than 第八条（一）（二）.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// 第八条（三）: clergy living in a religious place three years or more.
    Clergy,
    /// 2022通知: an adult jobless member with a grade 1–2 disability
    /// "可以参照'单人户'提出低保申请", whatever the household's income.
    Guidance,
}

/// The income tests, on household totals.
struct Tests {
    below_standard: bool,
    below_edge: bool,
    property_ok: bool,
    /// Why the property test is not assessed, if it is not.
    open: Option<Open>,
    /// The 低保边缘 property test (the 低保 one unless the region separates them).
    edge_property_ok: bool,
    edge_open: Option<Open>,
    per_capita: Money,
    standard: Money,
    edge_line: Money,
    /// The edge line is the region's cap, lower than the multiple of the standard.
    capped: bool,
}

/// Classifies the household; the reasons go into `reasons`.
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    property: &PropertyDecision,
    t: &mut Tracer,
    reasons: &mut Vec<Note>,
) -> Result<Classification, Errors> {
    let n = members.n();
    let (total_standard, edge_total, mut edge_line) = totals(b, n)?;
    let p = b.params;
    // 以下 (a pack's edge_inclusive): income equal to the line is below it.
    let mut below_edge = match p.edge_inclusive {
        true => income.household <= edge_total,
        false => income.household < edge_total,
    };
    // A cap (杭州: “低于…2倍且不超过…最低工资标准”): both must hold, the
    // cap inclusive; the line shown is the lower of the two.
    let mut capped = false;
    if let Some(cap) = p.edge_line_cap {
        let cap_total = b.scale.monthly(cap).checked_mul(Decimal::from(n));
        below_edge &= income.household <= cap_total.ok_or_else(overflow)?;
        capped = cap < edge_line;
        edge_line = edge_line.min(cap);
    }
    if p.edge_inclusive || p.edge_line.is_some() || p.edge_line_cap.is_some() {
        t.step(|| ClassFact::EdgeLineReading {
            inclusive: p.edge_inclusive,
            published: p.edge_line,
            cap: p.edge_line_cap,
        });
    }
    let tests = Tests {
        below_standard: n > 0 && income.household < total_standard,
        below_edge: n > 0 && below_edge,
        property_ok: property.ok(),
        open: property.open,
        edge_property_ok: property.edge_ok(),
        edge_open: property.edge_open,
        per_capita: income.per_capita,
        standard: b.standard,
        edge_line,
        capped,
    };
    let gradual = gradual(h, b.params);
    let clergy = members
        .counted
        .iter()
        .find(|&i| members.readings[i] == Reading::ClergyAlone);
    let (outcome, covered) = if n == 0 {
        reasons.push(t.note(ClassFact::NoCountedMembers));
        (Outcome::Ineligible, Indexes::default())
    } else if let (Some(c), true) = (clergy, tests.below_standard && tests.property_ok) {
        alone(h, Indexes::from_one(c), Route::Clergy, t, reasons)
    } else if tests.below_standard && tests.property_ok {
        reasons.push(t.note(ClassFact::BelowStandard {
            per_capita: tests.per_capita,
            standard: tests.standard,
            open: tests.open,
        }));
        (Outcome::Dibao, members.counted)
    } else if let (Some(g), true) = (gradual, tests.property_ok && !tests.below_standard) {
        t.step(|| ClassFact::GradualExitPeriod {
            since: g.since,
            stand_in: g.stand_in,
            ends: g.ends,
            months: p.gradual_exit_months,
        });
        reasons.push(t.note(ClassFact::GradualExit {
            since: g.since,
            ends: g.ends,
            months: p.gradual_exit_months,
        }));
        (Outcome::GradualExit, members.counted)
    } else if tests.below_edge && tests.edge_property_ok {
        // 第八条: an edge household meets the edge property conditions (the
        // 低保 ones unless the region separates them); a household below the
        // standard whose property fails only the 低保 limits is an edge household.
        edge(h, b, members, income, &tests, t, reasons)
    } else if let Some(g) =
        guidance(h, b, members, income).filter(|_| tests.property_ok && p.single_person_guidance)
    {
        ineligible(&tests, t, reasons);
        alone(h, g, Route::Guidance, t, reasons)
    } else {
        ineligible(&tests, t, reasons);
        (Outcome::Ineligible, Indexes::default())
    };
    t.step(|| ClassFact::Outcome(outcome));
    Ok(Classification {
        outcome,
        covered,
        total_standard,
        edge_line,
        gradual,
        below_edge: tests.below_edge,
    })
}

/// The standard × `n` and the edge line × `n` (scaled), and the edge line.
/// Monthly-only households of a common size take the products computed
/// with the parameters; the rest compute them the same way here.
fn totals(b: &ParametersDecision<'_>, n: u32) -> Result<(Money, Money, Money), Errors> {
    let (p, s, standard) = (b.params, b.scale, b.standard);
    let products = b.resolved.products.as_ref();
    let cached = products.filter(|_| s.is_monthly());
    let (total_standard, edge_total) = match cached.and_then(|c| c.by_size.get(n as usize)) {
        Some(&totals) => totals,
        None => {
            let total_standard = b
                .scaled_standard
                .checked_mul(Decimal::from(n))
                .ok_or_else(overflow)?;
            let edge_total = total_standard
                .checked_mul(p.edge_multiple)
                .ok_or_else(overflow)?;
            (total_standard, edge_total)
        }
    };
    let edge_line = match products {
        Some(c) => c.edge_line,
        None => standard.checked_mul(p.edge_multiple).ok_or_else(overflow)?,
    };
    // A published edge line is used as published (深圳: 2048, not 1.5 × 1365).
    if let Some(line) = p
        .edge_line
        .filter(|_| !b.resolved.overridden.contains(&"edge_multiple"))
    {
        let total = s
            .monthly(line)
            .checked_mul(Decimal::from(n))
            .ok_or_else(overflow)?;
        return Ok((total_standard, total, line));
    }
    Ok((total_standard, edge_total, edge_line))
}

/// The gradual-exit period the household is in, if any (2022通知: 就业后家庭
/// 人均收入超过当地低保标准的, 原则上不超过6个月). It counts from the day
/// income first rose above the standard after the employment
/// (`above_standard_since`); where only the employment date is given, that
/// date stands in (stated in the trace).
///
/// Months are counted as 民法典 第二百零一条、第二百零二条 count them: the
/// first day is not counted, and the last day is the day of the final month
/// that corresponds to the first (its last day where there is none: 31
/// August + 6 months ends on the last day of February). The first day itself
/// is inside the period: the household receives the amount until then.
fn gradual(h: &Household, p: &Parameters) -> Option<Gradual> {
    let c = h.current.as_ref()?;
    let (since, stand_in) = match (c.above_standard_since, c.employment_since) {
        (Some(d), _) => (d, false),
        (None, Some(d)) => (d, true),
        (None, None) => return None,
    };
    let ends = since.add_months(p.gradual_exit_months);
    (p.gradual_exit_months > 0 && since <= h.date && h.date <= ends).then_some(Gradual {
        amount: c.monthly_amount,
        since,
        stand_in,
        ends,
        employment_since: c.employment_since,
        above_standard_since: c.above_standard_since,
    })
}

/// 审核确认办法 第八条（一）（二）: who may be covered alone from an edge household.
fn individually_eligible(d: Option<Disability>, serious_illness: bool) -> bool {
    serious_illness
        || d.is_some_and(|d| {
            d.grade <= 2
                || (d.grade == 3
                    && matches!(
                        d.kind,
                        DisabilityKind::Intellectual | DisabilityKind::Mental
                    ))
        })
}

/// An edge household, and the members it may have covered alone.
fn edge(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    tests: &Tests,
    t: &mut Tracer,
    reasons: &mut Vec<Note>,
) -> (Outcome, Indexes) {
    reasons.push(t.note(if tests.below_standard {
        ClassFact::EdgeByProperty {
            per_capita: tests.per_capita,
            standard: tests.standard,
            open: tests.edge_open,
        }
    } else {
        ClassFact::BelowEdge {
            per_capita: tests.per_capita,
            standard: tests.standard,
            edge_line: tests.edge_line,
            multiple: (!tests.capped).then_some(b.params.edge_multiple),
            open: tests.edge_open,
        }
    }));
    let mut covered = Indexes::default();
    for i in members.counted.iter() {
        let m = &h.members[i];
        if individually_eligible(m.disability, m.serious_illness)
            && income.per_member[i] < b.scaled_standard
        {
            covered.push(i);
        }
    }
    if covered.is_empty() {
        return (Outcome::Edge, covered);
    }
    reasons.push(t.note(ClassFact::Individual { h, covered }));
    (Outcome::DibaoIndividual, covered)
}

/// Members covered alone by `route`.
fn alone(
    h: &Household,
    covered: Indexes,
    route: Route,
    t: &mut Tracer,
    reasons: &mut Vec<Note>,
) -> (Outcome, Indexes) {
    reasons.push(t.note(ClassFact::Alone { h, covered, route }));
    (Outcome::DibaoIndividual, covered)
}

/// The 2022 notice's route: counted adults with a grade 1–2 disability and
/// no job (`employed: false`, or not given and no wages) whose own income
/// is below the standard, "参照'单人户'", whatever the household's income.
fn guidance(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
) -> Option<Indexes> {
    let mut covered = Indexes::default();
    for i in members.counted.iter() {
        let m = &h.members[i];
        let wages = m.incomes.iter().any(|x| x.kind == IncomeKind::Wage);
        let jobless = m.employed == Some(false) || (m.employed.is_none() && !wages);
        let severe = m.disability.is_some_and(|d| d.grade <= 2);
        if members.ages[i] >= 18
            && jobless
            && severe
            && income.per_member[i] < b.scale.monthly(b.standard)
        {
            covered.push(i);
        }
    }
    (!covered.is_empty()).then_some(covered)
}

/// The reasons of an ineligible household with counted members.
fn ineligible(tests: &Tests, t: &mut Tracer, reasons: &mut Vec<Note>) {
    let (per_capita, standard, edge_line) = (tests.per_capita, tests.standard, tests.edge_line);
    if !tests.below_standard {
        reasons.push(t.note(if tests.below_edge {
            ClassFact::NotBelowStandard {
                per_capita,
                standard,
            }
        } else {
            ClassFact::AboveEdge {
                per_capita,
                standard,
                edge_line,
            }
        }));
    }
    if !tests.property_ok || (tests.below_edge && !tests.edge_property_ok) {
        reasons.push(t.note(ClassFact::AssetsOverLimit));
    }
}

//! The pipeline: parameters → membership → income → property →
//! classification → amount → rounding → verification (SPEC §3).

use rust_decimal::Decimal;

use crate::error::{Error, Errors};
use crate::input::MAX_MEMBERS;
use crate::law::*;
use crate::model::{Disability, DisabilityKind, Household};
use crate::money::Money;
use crate::output::{Assessment, AssetsTest, Excluded, GradualExit, IndividualCover, Outcome};
use crate::params::{Method, Registry, Resolved};
use crate::rules::income::{self, IncomeCtx, Scale};
use crate::rules::verify::{self, Chain};
use crate::rules::{amount, assets, membership};
use crate::trace::Tracer;

fn overflow() -> Errors {
    Error::Overflow {
        field: "members".into(),
    }
    .into()
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

/// Assesses `h` into `out`, reusing the allocations `out` holds; on an
/// error `out` is left in an unspecified (but valid) state.
pub(crate) fn run(
    registry: &Registry,
    resolved: &Resolved,
    h: &Household,
    trace: bool,
    detail: bool,
    out: &mut Assessment,
) -> Result<(), Errors> {
    let mut t = Tracer::new(trace, detail);
    // The steps go back into `out` at the end; their allocation is kept.
    t.steps = std::mem::take(&mut out.trace);
    t.steps.clear();
    let r = resolved;
    let p = &r.params;
    let pack = &registry.packs()[r.pack];
    let standard = p.standard.ok_or_else(overflow)?;
    let s = Scale::for_household(h).ok_or_else(overflow)?;
    let source_text: std::sync::Arc<str> = match &r.standard_source {
        Some(src) => src.clone(),
        None => "本次输入提供 / given in the input (policy.standard)".into(),
    };
    t.step("parameters", format_args!("{TIAOLI_6}；{ZANXING_10}"), Some(standard), || {
        let (from_zh, from_en) = match r.standard_from {
            Some(d) => (format!("（自 {d} 起）"), format!(" (from {d})")),
            None => (String::new(), String::new()),
        };
        (
            format!("适用{}（{}）的参数：低保标准 {standard} 元/人·月{from_zh}。来源：{source_text}。", pack.name_zh, pack.code),
            format!("Parameters of {} ({}): standard {standard} per person per month{from_en}. Source: {source_text}.", pack.name_en, pack.code),
        )
    });

    // The result's lists are filled in place, keeping their allocations.
    let warnings = &mut out.warnings;
    warnings.clear();
    if h.date > pack.confirmed_through {
        warnings.push(t.note("parameters_may_be_outdated", crate::law::ENGINE, || (format!("评估日期 {} 晚于本地区参数最后核实日期 {}，标准可能已调整，请向当地民政部门核实。", h.date, pack.confirmed_through), format!("The assessment date {} is after {}, the last date this region's parameters were confirmed; the standard may have changed — check with the local civil affairs office.", h.date, pack.confirmed_through))));
    }

    if p.gradual_exit_months > 6 {
        warnings.push(t.note("gradual_exit_over_national_ceiling", TONGZHI_2022, || {
            (
                format!("渐退期设为 {} 个月，超过国家规定的“原则上不超过6个月”。", p.gradual_exit_months),
                format!("The gradual-exit period is set to {} months, more than the national ceiling of, in principle, six.", p.gradual_exit_months),
            )
        }));
    }

    // Membership (审核确认办法 第七条).
    // Per-member scratch on the stack: members are capped at MAX_MEMBERS.
    if h.members.len() > MAX_MEMBERS {
        return Err(Error::OutOfRange {
            field: "members".into(),
            text: h.members.len().to_string(),
            min: 1,
            max: MAX_MEMBERS as i64,
        }
        .into());
    }
    let mut ages = [0u32; MAX_MEMBERS];
    for (age, m) in ages.iter_mut().zip(&h.members) {
        *age = m.age.on(h.date);
    }
    let mut counted = Indexes::default();
    let excluded = &mut out.excluded_members;
    excluded.clear();
    for (i, m) in h.members.iter().enumerate() {
        let d = membership::decide(m, ages[i], p);
        t.step("membership", membership::citation(d.code), None, || {
            (
                format!("{}：{}。", m.id, d.zh),
                format!("{}: {}.", m.id, d.en),
            )
        });
        if d.counted {
            counted.push(i);
        } else if detail {
            excluded.push(Excluded {
                id: m.id.clone(),
                reason: t.note(d.code, membership::citation(d.code), || {
                    (
                        format!("{}。", d.zh),
                        format!("{}{}.", d.en[..1].to_uppercase(), &d.en[1..]),
                    )
                }),
            });
        }
    }
    let n = counted.len() as u32;
    // Reading: the household is still assessed without the applicant (申请以家庭为单位,
    // 审核确认办法 第四条); the application should then be made by a counted member.
    if let Some(a) = h
        .members
        .iter()
        .position(|m| m.relation == crate::model::Relation::SelfApplicant)
    {
        if !counted.contains(a) && n > 0 {
            warnings.push(t.note("applicant_not_counted", SHENHE_7, || {
                (
                    "申请人本人不计入共同生活的家庭成员；以下按其余家庭成员核算，实际申请宜由计入的家庭成员提出。".into(),
                    "The applicant is not a counted member; the rest of the household is assessed, and the application should be made by a counted member.".into(),
                )
            }));
        }
    }

    // Income (审核确认办法 第十三条).
    let lines = &mut out.incomes;
    lines.clear();
    let disregard_left = match (&p.earnings_disregard, &h.current) {
        (Some(ed), Some(cur)) => cur
            .employment_since
            .filter(|since| h.date < since.add_months(ed.months) && *since <= h.date)
            .and_then(|_| standard.checked_mul(ed.cap_multiple))
            .map(|cap| s.monthly(cap)),
        _ => None,
    };
    let mut cx = IncomeCtx {
        scale: s,
        date: h.date,
        params: p,
        disregard_left,
    };
    let mut member_income = [Money::ZERO; MAX_MEMBERS];
    let mut household_income = Money::ZERO;
    for i in counted.iter() {
        let mi = income::member_income(&mut cx, &h.members[i], ages[i], lines, &mut t)
            .ok_or_else(overflow)?;
        member_income[i] = mi.total;
        household_income = household_income
            .checked_add(mi.total)
            .ok_or_else(overflow)?;
    }
    for ob in &h.obligors {
        let supports_counted = ob
            .supports
            .iter()
            .any(|id| counted.iter().any(|i| h.members[i].id == *id));
        let v = income::support(ob, supports_counted, s, standard, p, lines, &mut t)
            .ok_or_else(overflow)?;
        household_income = household_income.checked_add(v).ok_or_else(overflow)?;
    }
    let nn = Decimal::from(n.max(1));
    let income_display = s.unscale(household_income);
    let per_capita = match n {
        // One counted member, the most common case: no division.
        0 | 1 => income_display,
        _ => income_display.checked_div(nn).ok_or_else(overflow)?,
    };
    t.step("household_income", SHENHE_13, Some(income_display), || {
        (
            format!("家庭月可计收入合计 {income_display} 元。"),
            format!("Countable monthly household income: {income_display}."),
        )
    });
    t.step("per_capita_income", ZANXING_9, Some(per_capita), || {
        (
            format!("家庭月人均收入 = {income_display} ÷ {n} = {per_capita} 元（判断时使用精确值）。"),
            format!("Per-capita monthly income = {income_display} ÷ {n} = {per_capita} (decisions use the exact value)."),
        )
    });

    // Property.
    let reasons = &mut out.reasons;
    reasons.clear();
    let assets_test = assets::test(
        &t,
        p.assets.as_ref(),
        h.assets.as_ref(),
        n,
        standard,
        reasons,
    );
    t.step(
        "assets",
        format_args!("{ZANXING_9}；{SHENHE_14}"),
        None,
        || match assets_test {
            AssetsTest::Passed => (
                "家庭财产状况符合当地规定。".into(),
                "Property is within the local limits.".into(),
            ),
            AssetsTest::Failed => (
                "家庭财产状况超过当地规定。".into(),
                "Property exceeds the local limits.".into(),
            ),
            AssetsTest::NotAssessed => (
                "本地区无财产限额数据，财产状况未核定。".into(),
                "No local property limits are known; property not assessed.".into(),
            ),
        },
    );
    let property_ok = assets_test != AssetsTest::Failed;

    // Classification: compare totals, never a rounded per-capita figure.
    // Monthly-only households of a common size take the products computed
    // with the parameters; the rest compute them the same way here.
    let cached = r.products.as_ref().filter(|_| s.is_monthly());
    let (total_standard, edge_total) = match cached.and_then(|c| c.by_size.get(n as usize)) {
        Some(&totals) => totals,
        None => {
            let total_standard = s
                .monthly(standard)
                .checked_mul(Decimal::from(n))
                .ok_or_else(overflow)?;
            let edge_total = total_standard
                .checked_mul(p.edge_multiple)
                .ok_or_else(overflow)?;
            (total_standard, edge_total)
        }
    };
    let edge_line = match &r.products {
        Some(c) => c.edge_line,
        None => standard.checked_mul(p.edge_multiple).ok_or_else(overflow)?,
    };
    let below_standard = n > 0 && household_income < total_standard;
    let below_edge = n > 0 && household_income < edge_total;
    let gradual = h.current.as_ref().and_then(|c| {
        let since = c.employment_since?;
        let ends = since.add_months(p.gradual_exit_months);
        (p.gradual_exit_months > 0 && since <= h.date && h.date < ends).then_some((
            c,
            since,
            ends.pred(),
        ))
    });

    let mut outcome;
    let mut covered = Indexes::default();
    if n == 0 {
        outcome = Outcome::Ineligible;
        reasons.push(t.note("no_counted_members", SHENHE_7, || {
            (
                "没有计入的共同生活家庭成员，无法核定。".into(),
                "No member is counted, so the household cannot be assessed as eligible.".into(),
            )
        }));
    } else if below_standard && property_ok {
        outcome = Outcome::Dibao;
        covered = counted;
        reasons.push(t.note("income_below_standard", ZANXING_9, || (format!("家庭月人均收入 {per_capita} 元低于低保标准 {standard} 元，且财产状况未超过当地规定。"), format!("Per-capita monthly income {per_capita} is below the standard {standard}, and property is not over the local limits."))));
    } else if let (Some((_, since, ends)), true) = (gradual, property_ok && !below_standard) {
        outcome = Outcome::GradualExit;
        covered = counted;
        reasons.push(t.note("gradual_exit", format_args!("{SHENHE_33}；{TONGZHI_2022}"), || (format!("家庭因成员 {since} 就业后人均收入超过标准，在 {} 个月渐退期内（至 {ends}）继续按原金额发放。", p.gradual_exit_months), format!("Income rose above the standard after employment began on {since}; the current amount continues through the {}-month gradual exit (until {ends}).", p.gradual_exit_months))));
    } else if below_edge && property_ok {
        outcome = Outcome::Edge;
        reasons.push(t.note("income_below_edge_line", SHENHE_8, || (format!("家庭月人均收入 {per_capita} 元不低于低保标准 {standard} 元，但低于低保边缘标准 {edge_line} 元（标准的 {} 倍）：属于低保边缘家庭。", p.edge_multiple.normalize()), format!("Per-capita monthly income {per_capita} is not below the standard {standard} but is below the edge line {edge_line} ({}× the standard): an edge household.", p.edge_multiple.normalize()))));
        for i in counted.iter() {
            let m = &h.members[i];
            if individually_eligible(m.disability, m.serious_illness)
                && member_income[i] < s.monthly(standard)
            {
                covered.push(i);
            }
        }
        if !covered.is_empty() {
            outcome = Outcome::DibaoIndividual;
            reasons.push(t.note("individual_coverage", SHENHE_8, || { let ids: Vec<&str> = covered.iter().map(|i| h.members[i].id.as_str()).collect(); (format!("低保边缘家庭中的重度残疾人或重病患者（{}）可单独纳入低保（单人户）。", ids.join("、")), format!("Severely disabled or seriously ill members of an edge household ({}) may be covered individually.", ids.join(", "))) }));
        }
    } else {
        outcome = Outcome::Ineligible;
        if !below_standard {
            reasons.push(t.note(
                if below_edge {
                    "income_not_below_standard"
                } else {
                    "income_above_edge_line"
                },
                format_args!("{ZANXING_9}；{SHENHE_8}"),
                || {
                    if below_edge {
                        (
                            format!("家庭月人均收入 {per_capita} 元不低于低保标准 {standard} 元。"),
                            format!("Per-capita monthly income {per_capita} is not below the standard {standard}."),
                        )
                    } else {
                        (
                            format!("家庭月人均收入 {per_capita} 元不低于低保标准 {standard} 元，也不低于低保边缘标准 {edge_line} 元。"),
                            format!("Per-capita monthly income {per_capita} is neither below the standard {standard} nor below the edge line {edge_line}."),
                        )
                    }
                },
            ));
        }
        if !property_ok {
            reasons.push(t.note("assets_over_limit", ZANXING_9, || {
                (
                    "家庭财产状况不符合当地规定。".into(),
                    "Property does not meet the local rules.".into(),
                )
            }));
        }
    }
    t.step(
        "classification",
        classification_citation(outcome),
        None,
        || {
            (
                format!("认定结果：{}。", outcome.zh()),
                format!("Outcome: {}.", outcome.en()),
            )
        },
    );

    // Amount.
    let supplements_paid = &mut out.supplements;
    supplements_paid.clear();
    let individual = &mut out.individual_coverage;
    individual.clear();
    let mut gradual_exit = None;
    let (mut pre_floor, mut after_floor, mut supp_total) = (Money::ZERO, Money::ZERO, Money::ZERO);
    match outcome {
        Outcome::Dibao => {
            let mut quiet = Tracer::new(false, false);
            if p.per_person_floor.is_some() {
                let no_floor = crate::params::Parameters {
                    per_person_floor: None,
                    ..p.clone()
                };
                pre_floor = amount::household_base(
                    &no_floor,
                    standard,
                    n,
                    total_standard,
                    household_income,
                    s,
                    &mut quiet,
                )
                .ok_or_else(overflow)?;
            }
            after_floor =
                amount::household_base(p, standard, n, total_standard, household_income, s, &mut t)
                    .ok_or_else(overflow)?;
            if p.per_person_floor.is_none() {
                pre_floor = after_floor;
            }
            for i in covered.iter() {
                let v = amount::supplements(
                    p,
                    standard,
                    &h.members[i],
                    ages[i],
                    s,
                    supplements_paid,
                    &mut t,
                )
                .ok_or_else(overflow)?;
                supp_total = supp_total.checked_add(v).ok_or_else(overflow)?;
            }
        }
        Outcome::DibaoIndividual => {
            for i in covered.iter() {
                let m = &h.members[i];
                let a = amount::individual_base(p, standard, member_income[i], s)
                    .ok_or_else(overflow)?;
                t.step(
                    "individual_coverage",
                    format_args!(
                        "{SHENHE_8}{}",
                        if p.individual_floor.is_some() {
                            format!("；{LOCAL}")
                        } else {
                            String::new()
                        }
                    ),
                    Some(s.unscale(a)),
                    || {
                        let floor = p
                            .individual_floor
                            .map(|f| {
                                (
                                    format!("（不低于{}）", amount::level_zh(f)),
                                    format!(" (at least {})", amount::level_en(f)),
                                )
                            })
                            .unwrap_or_default();
                        (
                            format!(
                                "{}单独纳入：标准 {standard} 元 − 本人月收入 {} 元{}，计 {} 元。",
                                m.id,
                                s.unscale(member_income[i]),
                                floor.0,
                                s.unscale(a)
                            ),
                            format!(
                                "{} covered alone: standard {standard} − own income {}{} = {}.",
                                m.id,
                                s.unscale(member_income[i]),
                                floor.1,
                                s.unscale(a)
                            ),
                        )
                    },
                );
                individual.push(IndividualCover {
                    member: m.id.clone(),
                    own_income: s.unscale(member_income[i]),
                    amount: s.unscale(a),
                });
                after_floor = after_floor.checked_add(a).ok_or_else(overflow)?;
                let v = amount::supplements(p, standard, m, ages[i], s, supplements_paid, &mut t)
                    .ok_or_else(overflow)?;
                supp_total = supp_total.checked_add(v).ok_or_else(overflow)?;
            }
            pre_floor = after_floor;
        }
        Outcome::GradualExit => {
            if let Some((c, since, ends)) = gradual {
                after_floor = s.monthly(c.monthly_amount);
                pre_floor = after_floor;
                gradual_exit = Some(GradualExit {
                    employment_since: since,
                    ends_on: ends,
                });
                t.step("gradual_exit", format_args!("{SHENHE_33}；{TONGZHI_2022}"), Some(c.monthly_amount), || {
                    (
                        format!("渐退期内继续按现发放金额 {} 元发放，至 {ends} 止。", c.monthly_amount),
                        format!("During the gradual exit the current amount {} continues until {ends}.", c.monthly_amount),
                    )
                });
            }
        }
        Outcome::Edge | Outcome::Ineligible => {}
    }
    let total_scaled = after_floor.checked_add(supp_total).ok_or_else(overflow)?;
    let total = s.unscale(total_scaled);
    let monthly_amount = total.at_least_zero().round(p.rounding);
    t.step(
        "rounding",
        format_args!(
            "{TIAOLI_8}；{}",
            if p.rounding == crate::money::Rounding::Fen {
                crate::law::ENGINE
            } else {
                LOCAL
            }
        ),
        Some(monthly_amount),
        || {
            (
                format!(
                    "月保障金合计 {} 元，按“{}”取整后为 {monthly_amount} 元。",
                    total,
                    p.rounding.zh()
                ),
                format!(
                    "Monthly total {}, {}: {monthly_amount}.",
                    total,
                    p.rounding.en()
                ),
            )
        },
    );

    let verification = h.recorded_amount.map(|rec| {
        let chain = Chain {
            payable: matches!(
                outcome,
                Outcome::Dibao | Outcome::DibaoIndividual | Outcome::GradualExit
            ),
            difference_method: outcome == Outcome::Dibao && p.method == Method::Difference,
            standard,
            n,
            income: income_display,
            pre_floor: s.unscale(pre_floor),
            after_floor: s.unscale(after_floor),
            supplements: s.unscale(supp_total),
            total,
            rounding: p.rounding,
            computed: monthly_amount,
        };
        verify::verify(rec, &chain, detail)
    });

    out.case_id.clone_from(&h.case_id);
    out.outcome = outcome;
    out.monthly_amount = monthly_amount;
    out.household_size = n;
    out.covered_members.clear();
    if detail {
        let ids = covered.iter().map(|i| h.members[i].id.clone());
        out.covered_members.extend(ids);
    }
    out.household_income = income_display;
    out.per_capita_income = per_capita;
    out.standard = standard;
    out.edge_line = edge_line;
    out.assets_test = assets_test;
    out.gradual_exit = gradual_exit;
    out.verification = verification;
    out.trace = t.steps;
    let used = &mut out.parameters;
    used.region.clone_from(&pack.code);
    used.name_zh.clear();
    used.name_en.clear();
    used.in_force.clear();
    if detail {
        used.name_zh.push_str(&pack.name_zh);
        used.name_en.push_str(&pack.name_en);
        let in_force = r.in_force.iter().map(|(n, d, s)| (*n, *d, s.clone()));
        used.in_force.extend(in_force);
    }
    used.from = r.from;
    used.source = source_text;
    used.confirmed_through = pack.confirmed_through;
    used.rounding = p.rounding.code();
    used.overridden.clone_from(&r.overridden);
    Ok(())
}

/// A set of member indexes, in order, on the stack.
#[derive(Clone, Copy)]
struct Indexes {
    items: [u8; MAX_MEMBERS],
    len: usize,
}

impl Default for Indexes {
    fn default() -> Self {
        Indexes {
            items: [0; MAX_MEMBERS],
            len: 0,
        }
    }
}

impl Indexes {
    fn push(&mut self, i: usize) {
        // Callers stay below MAX_MEMBERS (checked at the top of `run`).
        if self.len < MAX_MEMBERS {
            self.items[self.len] = i as u8;
            self.len += 1;
        }
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.items[..self.len].iter().map(|&i| usize::from(i))
    }
    fn contains(&self, i: usize) -> bool {
        self.iter().any(|j| j == i)
    }
    fn len(&self) -> usize {
        self.len
    }
    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

fn classification_citation(o: Outcome) -> &'static str {
    match o {
        Outcome::Dibao | Outcome::Ineligible => ZANXING_9,
        Outcome::Edge | Outcome::DibaoIndividual => SHENHE_8,
        Outcome::GradualExit => SHENHE_33,
    }
}

//! The pipeline: parameters → membership → income → property →
//! classification → amount → rounding → verification (docs/rules.md), one call
//! per stage in the law's order, then the result filled in. Each stage
//! returns a typed decision (membership and income fill one the pipeline
//! owns, their per-member arrays being large); the sentences come from
//! [`crate::explain`].

use crate::error::Errors;
use crate::explain;
use crate::model::Household;
use crate::output::{Assessment, CountedMember, Excluded, Outcome};
use crate::params::{Method, Registry, Resolved};
use crate::stages::amount::{self, AmountDecision, Paid};
use crate::stages::classify::{self, Classification};
use crate::stages::conditions;
use crate::stages::income::{self, IncomeDecision, Lines};
use crate::stages::membership::{self, MemberFact, MembershipDecision};
use crate::stages::params::{self, ParametersDecision};
use crate::stages::property::{self, PropertyDecision};
use crate::stages::referral;
use crate::stages::round::{self, RoundingDecision};
use crate::stages::verify::{self, Chain, VerificationDecision};
use crate::trace::Tracer;

/// Every stage's decision, for filling in the result (borrowed: the
/// per-member arrays are too large to move on every assessment).
struct Decisions<'d, 'a> {
    params: &'d ParametersDecision<'a>,
    members: &'d MembershipDecision,
    income: &'d IncomeDecision,
    property: &'d PropertyDecision,
    class: &'d Classification,
    amount: &'d AmountDecision,
    rounded: RoundingDecision,
    verification: Option<VerificationDecision>,
}

/// What an assessor keeps from one household to the next: the decisions
/// with per-member arrays (filled in place, so not zeroed whole for every
/// household: each stage resets the entries of the household's own
/// members, and nothing reads past them), and the referral entries a
/// household did not need, kept with their allocations for the next.
#[derive(Default)]
pub(crate) struct Scratch {
    members: MembershipDecision,
    income: IncomeDecision,
    spare_referrals: Vec<crate::output::Referral>,
}

/// Nothing in it is part of the assessor's state worth showing.
impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch").finish_non_exhaustive()
    }
}

/// Assesses `h` into `out`, reusing the allocations `out` and `scratch`
/// hold; on an error `out` is left in an unspecified (but valid) state.
pub(crate) fn run(
    registry: &Registry,
    resolved: &Resolved,
    h: &Household,
    (trace, detail): (bool, bool),
    out: &mut Assessment,
    scratch: &mut Scratch,
) -> Result<(), Errors> {
    let mut facts = Vec::new();
    crate::input::check_facts(h, &mut facts);
    if !facts.is_empty() {
        return Err(Errors(facts));
    }
    let mut t = Tracer::new(trace, detail);
    // The steps go back into `out` at the end; their allocation is kept.
    t.steps = std::mem::take(&mut out.trace);
    t.steps.clear();
    out.warnings.clear();
    out.reasons.clear();
    let params = params::decide(registry, resolved, h, &mut t, &mut out.warnings)?;
    let members = &mut scratch.members;
    membership::decide(h, params.params, &mut t, &mut out.warnings, members)?;
    let members = &*members;
    let income = &mut scratch.income;
    out.incomes.clear();
    let lines = Lines(detail.then_some(&mut out.incomes));
    income::decide(h, &params, members, &mut t, lines, income)?;
    let income = &*income;
    if let Some(w) = income::pension_warning(h, params.params, members) {
        out.warnings.push(t.note(w));
    }
    let property = property::decide(h, &params, members, &mut t, &mut out.reasons);
    let class = classify::decide(
        h,
        &params,
        members,
        income,
        &property,
        &mut t,
        &mut out.reasons,
    )?;
    let paid = Paid {
        supplements: &mut out.supplements,
        individual: &mut out.individual_coverage,
    };
    let amount = amount::decide(h, &params, members, income, &class, &mut t, paid)?;
    let rounded = round::decide(h, &params, &amount, &mut t)?;
    separate_subsidies(
        params.params,
        &mut out.supplements,
        &mut out.separate_subsidies,
    );
    let (conds, refs) = (&mut out.conditions, &mut out.referrals);
    conditions::decide(members, income, &property, &class, &t, conds);
    let spare = &mut scratch.spare_referrals;
    referral::decide(h, &params, members, income, &t, refs, spare);
    let verification = h.recorded_amount.map(|recorded| {
        let chain = chain(&params, members, income, &class, &amount, &rounded);
        verify::decide(recorded, chain)
    });
    out.trace = t.steps;
    let d = Decisions {
        params: &params,
        members,
        income,
        property: &property,
        class: &class,
        amount: &amount,
        rounded,
        verification,
    };
    fill(h, &d, detail, out);
    Ok(())
}

/// The figures the verification compares, unscaled.
fn chain(
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    class: &Classification,
    amount: &AmountDecision,
    rounded: &RoundingDecision,
) -> Chain {
    let (s, outcome) = (b.scale, class.outcome);
    Chain {
        payable: matches!(
            outcome,
            Outcome::Dibao | Outcome::DibaoIndividual | Outcome::GradualExit
        ),
        difference_method: outcome == Outcome::Dibao && b.params.method == Method::Difference,
        standard: b.standard,
        n: members.n(),
        income: income.display,
        pre_floor: s.unscale(amount.pre_floor),
        after_floor: s.unscale(amount.after_floor),
        supplements: s.unscale(amount.supplements),
        total: rounded.total,
        rounding: b.params.rounding,
        computed: rounded.amount,
    }
}

/// Fills the result from the decisions. Summary mode (`detail` off) leaves
/// the member lists, region names and parameters in force empty, and
/// renders nothing.
fn fill(h: &Household, d: &Decisions<'_, '_>, detail: bool, out: &mut Assessment) {
    out.case_id.clone_from(&h.case_id);
    out.outcome = d.class.outcome;
    out.monthly_amount = d.rounded.amount;
    out.household_size = d.members.n();
    out.covered_members.clear();
    out.excluded_members.clear();
    if detail {
        let ids = d.class.covered.iter().map(|i| h.members[i].id.clone());
        out.covered_members.extend(ids);
        let through = d.members.through.iter();
        for ((m, &reading), of) in h.members.iter().zip(&d.members.readings).zip(through) {
            if !reading.counted() {
                let of = of.map(|c| h.members[usize::from(c)].id.as_str());
                let reason = explain::note(&MemberFact::Excluded(reading, of).into());
                let id = m.id.clone();
                out.excluded_members.push(Excluded { id, reason });
            }
        }
    }
    counted_members(h, d.members, detail, &mut out.counted_members);
    out.household_income = d.income.display;
    out.per_capita_income = d.income.per_capita;
    out.standard = d.params.standard;
    out.edge_line = d.class.edge_line;
    out.assets_test = d.property.test;
    out.edge_assets_test = d.property.edge_separate.then_some(d.property.edge_test);
    out.gradual_exit = d.amount.gradual_exit;
    out.verification = d.verification.map(|v| explain::verification(&v, detail));
    parameters_used(d.params.resolved, d.params, detail, out);
}

/// Moves the supplements a pack marks `separate` (not 低保金) out of
/// `supplements` into `separate_subsidies`.
fn separate_subsidies(
    p: &crate::params::Parameters,
    supplements: &mut Vec<crate::output::SupplementPaid>,
    separate: &mut Vec<crate::output::SupplementPaid>,
) {
    separate.clear();
    if !p.supplements.iter().any(|r| r.separate) {
        return;
    }
    let is_separate = |id: &str| p.supplements.iter().any(|r| r.separate && r.id == id);
    separate.extend(supplements.iter().filter(|s| is_separate(&s.id)).cloned());
    supplements.retain(|s| !is_separate(&s.id));
}

/// The counted members and what each was counted through (detail only).
fn counted_members(
    h: &Household,
    members: &MembershipDecision,
    detail: bool,
    out: &mut Vec<CountedMember>,
) {
    out.clear();
    if !detail {
        return;
    }
    for i in members.counted.iter() {
        let through = members.through[i].map(|j| h.members[usize::from(j)].id.clone());
        let clause = members.readings[i].clause().label();
        out.push(CountedMember {
            id: h.members[i].id.clone(),
            citation: format!("{}{clause}", crate::law::SHENHE_7),
            clause: if through.is_some() { clause } else { "" },
            through,
        });
    }
}

/// Which parameters were used.
fn parameters_used(r: &Resolved, b: &ParametersDecision<'_>, detail: bool, out: &mut Assessment) {
    let (pack, used) = (b.pack, &mut out.parameters);
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
    // Replaced only when it changes: a caseload keeps one source, and a
    // new `Arc` per household is an allocation and a free.
    match b.source {
        Some(src) if !std::sync::Arc::ptr_eq(&used.source, src) => used.source = src.clone(),
        None if &*used.source != explain::STANDARD_GIVEN => {
            used.source = explain::STANDARD_GIVEN.into();
        }
        _ => {}
    }
    used.confirmed_through = pack.confirmed_through;
    used.rounding = b.params.rounding.code();
    used.overridden.clone_from(&r.overridden);
    used.requested_region.clone_from(&r.fell_back_from);
    used.area = r.area;
    used.standard_published = b
        .params
        .standard_rate
        .filter(|rate| rate.unit != crate::params::Unit::Month || r.area.is_some());
}

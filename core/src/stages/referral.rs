//! 特困 referral (社会救助暂行办法 第十四条; 特困人员认定办法 2021, 第六条 to
//! 第八条): counted members who may qualify for 特困人员救助供养, which
//! replaces 低保 for them. Each test is met, not met, or unknown; facts the
//! input does not hold (whether an obligor is able to support under 第八条,
//! the 特困 property limits, orphan status) are unknown, never guessed. A
//! member is referred only when every known test is met and none fails. The
//! 低保 result is given all the same. A minor is under 16 (认定办法 第六条:
//! 未满16周岁), or the region's `tekun_minor_below` (e.g. 贵州: 18).

use crate::model::{Disability, DisabilityKind, Household, Relation};
use crate::output::Referral;
use crate::stages::income::IncomeDecision;
use crate::stages::membership::{parent_of, MembershipDecision};
use crate::stages::params::ParametersDecision;
use crate::trace::{Note, Tracer};

/// From this age a member is elderly (认定办法 第六条: 60周岁以上).
const ELDERLY_FROM: u32 = 60;

/// Why a member is in a 特困 category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    Elderly,
    Minor,
    Disabled,
}

/// A referral to render.
pub(crate) struct ReferralFact {
    pub category: Category,
}

/// The most tests a member has: five, and `orphan` for a minor.
const MAX_TESTS: usize = 6;

/// The disabilities 认定办法 第六条 deems to leave no work capacity: grade
/// 1–3 intellectual or mental, grade 1–2 physical, grade 1 visual.
fn qualifying(d: Disability) -> bool {
    match d.kind {
        DisabilityKind::Intellectual | DisabilityKind::Mental => d.grade <= 3,
        DisabilityKind::Physical => d.grade <= 2,
        DisabilityKind::Visual => d.grade == 1,
        _ => false,
    }
}

/// The members who may qualify for 特困, into `out`. The entries `out`
/// already holds are written over, then those in `spare`, and the entries
/// left over go into `spare`: a caseload allocates only for its largest
/// household (the tests are decided on the stack first).
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    income: &IncomeDecision,
    t: &Tracer,
    out: &mut Vec<Referral>,
    spare: &mut Vec<Referral>,
) {
    let mut referred = 0;
    let standard = b.scale.monthly(b.standard);
    for i in members.counted.iter() {
        let (m, age) = (&h.members[i], members.ages[i]);
        let Some(category) = category(m.disability, age, b.params.tekun_minor_below) else {
            continue;
        };
        // 第六条 deems these categories to have no work capacity; a member
        // the input says can work does not qualify.
        let no_work_capacity = m.work_capacity != Some(true);
        // 第七条: income below the 低保 standard (the member's own, with
        // the support paid for them) and property within the 特困 limits.
        // A test known to fail ends the member's referral: each is decided
        // only when those before it did not fail.
        if !no_work_capacity || income.per_member[i] >= standard {
            continue;
        }
        let orphan = match category {
            Category::Minor => match orphan(h, members, i) {
                Some(false) => continue,
                unknown => Some(("orphan", unknown)),
            },
            _ => None,
        };
        // Every test decided so far is met (a failed one ended the member
        // above); the 特困 property limits and the obligors' ability are
        // not in the input, so unknown.
        let all = [
            ("category", Some(true)),
            ("no_work_capacity", Some(true)),
            ("income_below_standard", Some(true)),
            ("tekun_property", None),
            ("no_obligor_able", None),
            orphan.unwrap_or_default(),
        ];
        let tests = &all[..if orphan.is_some() { MAX_TESTS } else { 5 }];
        let fact = ReferralFact { category };
        if out.len() == referred {
            // A spare entry, or a new one: written over below either way.
            let empty = || Referral {
                member: String::new(),
                note: Note::new("", "", "", ""),
                tests: Vec::new(),
            };
            out.push(spare.pop().unwrap_or_else(empty));
        }
        if let Some(r) = out.get_mut(referred) {
            r.member.clone_from(&m.id);
            t.note_into(fact, &mut r.note);
            r.tests.clear();
            r.tests.extend_from_slice(tests);
        }
        referred += 1;
    }
    if out.len() > referred {
        spare.extend(out.drain(referred..));
    }
}

/// The 特困 category of a member (a qualifying disability first, then age),
/// if any.
fn category(disability: Option<Disability>, age: u32, minor_below: u32) -> Option<Category> {
    if disability.is_some_and(qualifying) {
        Some(Category::Disabled)
    } else if age >= ELDERLY_FROM {
        Some(Category::Elderly)
    } else if age < minor_below {
        Some(Category::Minor)
    } else {
        None
    }
}

/// The `orphan` test of a minor: a parent among the counted members means
/// known not to be an orphan (认定办法 第六条); otherwise unknown.
fn orphan(h: &Household, members: &MembershipDecision, minor: usize) -> Option<bool> {
    let a = h
        .members
        .iter()
        .position(|m| m.relation == Relation::SelfApplicant);
    let parent = a.is_some_and(|a| members.counted.iter().any(|p| parent_of(h, a, p, minor)));
    if parent {
        Some(false)
    } else {
        None
    }
}

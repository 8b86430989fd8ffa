//! Who counts: 共同生活的家庭成员 (审核确认办法 第七条).
//!
//! Counted: (一) spouse; (二) minor children; (三) adult children who cannot
//! live independently, including full-time students at bachelor level or
//! below; (四) others with a legal support relationship living with the
//! applicant long-term. Never counted, whatever the relation: clergy living
//! apart for three years or more (a region may set fewer), persons serving a
//! prison sentence or in compulsory drug rehabilitation, persons declared
//! missing; and the statuses a region adds.
//!
//! Readings (docs/rules.md): the household is closed under these relations
//! from the applicant; parents and adult children living together count
//! under （四） (民法典 第二十六条); grandparents, grandchildren, siblings and
//! other relatives no counted member links count only with
//! `support_obligation: true` (民法典 第一千零七十四条、第一千零七十五条);
//! in-laws count through the member they are married to. The applicant
//! always counts unless excluded by status.

use crate::error::{Error, Errors};
use crate::input::MAX_MEMBERS;
use crate::law::Clause;
use crate::model::{Household, Member, Relation, Status};
use crate::params::Parameters;
use crate::stages::Indexes;
use crate::trace::{Note, Tracer};

/// Why a member counts or not: the reading of 第七条 applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reading {
    Incarcerated,
    CompulsoryRehab,
    DeclaredMissing,
    ClergyApart,
    ExcludedLocally,
    Applicant,
    Spouse,
    MinorChild,
    StudentChild,
    DependentAdultChild,
    IndependentAdultChild,
    Unrelated,
    NoSupportObligation,
    NotCohabiting,
    CohabitingRelative,
    /// An adult child able to live independently, living with the
    /// household (（四）: 民法典 第二十六条).
    CohabitingAdultChild,
    /// A parent living with the household (（四）: 民法典 第二十六条).
    CohabitingParent,
    /// The applicant is clergy living in a religious place three years or
    /// more and applies alone (审核确认办法 第八条（三）).
    ClergyAlone,
    /// Not counted: the applicant applies alone under 第八条（三）.
    NotInIndividualApplication,
    /// Assessed apart from a severely disabled or bedridden adult's
    /// parents and siblings (分户, where the region allows it).
    SeparateHousehold,
    /// Not decided yet (never left in a decision).
    Pending,
}

impl Reading {
    /// Whether the member counts.
    pub fn counted(self) -> bool {
        use Reading::*;
        matches!(
            self,
            Applicant
                | Spouse
                | MinorChild
                | StudentChild
                | DependentAdultChild
                | CohabitingRelative
                | CohabitingAdultChild
                | CohabitingParent
                | ClergyAlone
        )
    }

    /// The stable code.
    pub fn code(self) -> &'static str {
        use Reading::*;
        match self {
            Incarcerated => "incarcerated",
            CompulsoryRehab => "compulsory_rehab",
            DeclaredMissing => "declared_missing",
            ClergyApart => "clergy_apart",
            ExcludedLocally => "excluded_locally",
            Applicant => "applicant",
            Spouse => "spouse",
            MinorChild => "minor_child",
            StudentChild => "student_child",
            DependentAdultChild => "dependent_adult_child",
            IndependentAdultChild => "independent_adult_child",
            Unrelated => "unrelated",
            NoSupportObligation => "no_support_obligation",
            NotCohabiting => "not_cohabiting",
            CohabitingRelative => "cohabiting_relative",
            CohabitingAdultChild => "cohabiting_adult_child",
            CohabitingParent => "cohabiting_parent",
            ClergyAlone => "clergy_alone",
            NotInIndividualApplication => "not_in_individual_application",
            SeparateHousehold => "separate_household",
            Pending => "pending",
        }
    }

    /// The clause of 第七条 applied (the applicant: the article as a whole).
    pub fn clause(self) -> Clause {
        use Reading::*;
        match self {
            Applicant => Clause::Whole,
            Spouse => Clause::One,
            MinorChild => Clause::Two,
            StudentChild | DependentAdultChild => Clause::Three,
            CohabitingRelative | CohabitingAdultChild | CohabitingParent => Clause::Four,
            // Cited as 第八条（三） (see explain).
            ClergyAlone | NotInIndividualApplication | SeparateHousehold => Clause::Whole,
            // Not in the list of 第一款: no inclusion clause decides it.
            IndependentAdultChild | NotCohabiting | NoSupportObligation | Unrelated | Pending => {
                Clause::First
            }
            ClergyApart => Clause::SecondOne,
            Incarcerated | CompulsoryRehab | DeclaredMissing => Clause::SecondTwo,
            ExcludedLocally => Clause::SecondThree,
        }
    }
}

/// What the membership stage decided.
pub(crate) struct MembershipDecision {
    /// Each member's age on the date, in input order.
    pub ages: [u32; MAX_MEMBERS],
    /// Each member's reading, in input order.
    pub readings: [Reading; MAX_MEMBERS],
    /// The counted members.
    pub counted: Indexes,
    /// For each counted member, the member it was counted through; for an
    /// adult child not counted, its counted parent (`None`: the applicant,
    /// or a member whose reading relates to no one member).
    pub through: [Option<u8>; MAX_MEMBERS],
}

impl MembershipDecision {
    /// The number of counted members.
    pub fn n(&self) -> u32 {
        self.counted.len() as u32
    }
}

/// The facts the membership stage records.
#[derive(Clone, Copy)]
pub(crate) enum MemberFact<'a> {
    /// A member's reading (a trace step), and the member the reading
    /// relates to (`of`: the spouse's spouse, the child's parent, …).
    Member {
        id: &'a str,
        reading: Reading,
        of: Option<&'a str>,
    },
    /// Why a member is not counted (a note), and the member it relates to.
    Excluded(Reading, Option<&'a str>),
    /// The applicant is not counted but others are.
    ApplicantNotCounted,
    /// Two local texts set different years for clergy living apart, and
    /// this member's years lie between them: decided by the figure applied
    /// (the member's reading says how), the other text's figure named (both
    /// texts are among the parameters in force, with their sources).
    ClergyYears {
        id: &'a str,
        years: u32,
        applied: u32,
        other: u32,
    },
}

impl Default for MembershipDecision {
    fn default() -> Self {
        MembershipDecision {
            ages: [0; MAX_MEMBERS],
            readings: [Reading::Applicant; MAX_MEMBERS],
            counted: Indexes::default(),
            through: [None; MAX_MEMBERS],
        }
    }
}

/// Decides who counts, into `d` (filled in place: its per-member arrays are
/// large, and a returned decision would be copied on every assessment); a
/// warning goes into `warnings` when the applicant does not count. Fails
/// when there are more members than the engine takes.
///
/// The household is closed under the relations of 第七条 (docs/rules.md): from
/// the applicant, every counted member brings in its own spouse, minor and
/// dependent adult children wherever they live, and under （四） its parents
/// and adult children living with the household; repeated until nothing
/// changes. Each counted member records the member it came through.
pub(crate) fn decide(
    h: &Household,
    p: &Parameters,
    t: &mut Tracer,
    warnings: &mut Vec<Note>,
    d: &mut MembershipDecision,
) -> Result<(), Errors> {
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
    d.counted = Indexes::default();
    // Only the household's own entries: those past them are never read.
    d.through
        .iter_mut()
        .take(h.members.len())
        .for_each(|t| *t = None);
    let applicant = h
        .members
        .iter()
        .position(|m| m.relation == Relation::SelfApplicant);
    let mut reached = [false; MAX_MEMBERS];
    // 分户 needs a member asking for it where the region allows it; without
    // one, no pair of members is apart, and the pairs are not asked.
    let may_split = p.separate_household_severe && h.members.iter().any(|m| m.separate_household);
    for (i, m) in h.members.iter().enumerate() {
        d.ages[i] = m.age.on(h.date);
        // Asked only where a status depends on it (a soldier's): a scan of
        // every pair of members otherwise spent on every household.
        let married = || {
            m.married.unwrap_or_else(|| {
                let a = applicant.unwrap_or(i);
                (0..h.members.len()).any(|j| j != i && spouses(h, a, i, j))
            })
        };
        d.readings[i] = status(m, married, p).unwrap_or(Reading::Pending);
    }
    match applicant {
        Some(a) if clergy_alone(&h.members[a]) => {
            // 第八条（三）: the clergy member applies alone.
            d.readings[a] = Reading::ClergyAlone;
            for (i, r) in d.readings.iter_mut().enumerate().take(h.members.len()) {
                if i != a && *r == Reading::Pending {
                    *r = Reading::NotInIndividualApplication;
                }
            }
        }
        Some(a) => {
            reached[a] = true;
            if d.readings[a] == Reading::Pending {
                d.readings[a] = Reading::Applicant;
            }
            close(h, p, a, may_split, d, &mut reached);
        }
        None => {}
    }
    for (i, m) in h.members.iter().enumerate() {
        if d.readings[i] == Reading::Pending {
            let split = applicant.is_some_and(|a| {
                let counted = |c: usize| d.readings[c].counted();
                let apart = |c| may_split && apart(h, p, a, c, i, &d.ages);
                (0..h.members.len()).any(|c| counted(c) && apart(c))
            });
            (d.readings[i], d.through[i]) = match split {
                true => (Reading::SeparateHousehold, None),
                false => excluded(h, applicant, i, d),
            };
        }
        let reading = d.readings[i];
        let of = d.through[i].map(|c| h.members[usize::from(c)].id.as_str());
        t.step(|| MemberFact::Member {
            id: &m.id,
            reading,
            of,
        });
        if let Some(f) = clergy_years(p, m) {
            t.step(|| f);
            warnings.push(t.note(f));
        }
        if reading.counted() {
            d.counted.push(i);
        }
    }
    // Reading: the household is still assessed without the applicant (申请以家庭为单位,
    // 审核确认办法 第四条); the application should then be made by a counted member.
    if applicant.is_some_and(|a| !d.counted.contains(a)) && d.n() > 0 {
        warnings.push(t.note(MemberFact::ApplicantNotCounted));
    }
    Ok(())
}

/// The closure from the applicant `a`, breadth first, members in input
/// order: each member reached brings in those it has a relation of 第七条
/// with. A member excluded by status is never counted, and brings no one.
/// `may_split`: whether any pair can be apart (see [`apart`]).
fn close(
    h: &Household,
    p: &Parameters,
    a: usize,
    may_split: bool,
    d: &mut MembershipDecision,
    reached: &mut [bool],
) {
    let mut queue = Indexes::default();
    queue.push(a);
    let mut next = 0;
    while next < queue.len() {
        let Some(c) = queue.iter().nth(next) else {
            break;
        };
        next += 1;
        for m in 0..h.members.len() {
            if reached.get(m) != Some(&false) || d.readings[m] != Reading::Pending {
                continue;
            }
            if may_split && apart(h, p, a, c, m, &d.ages) {
                continue;
            }
            if let Some(r) = brings(h, a, c, m, d.ages[m]) {
                reached[m] = true;
                d.readings[m] = r;
                d.through[m] = Some(c as u8);
                queue.push(m);
            }
        }
    }
}

/// Whether `i` asks for, and may have, 分户: an adult with a grade 1–2
/// disability or a serious illness, where the region allows it.
fn splits(h: &Household, p: &Parameters, i: usize, age: u32) -> bool {
    let m = &h.members[i];
    p.separate_household_severe
        && m.separate_household
        && age >= 18
        && (m.serious_illness || m.disability.is_some_and(|d| d.grade <= 2))
}

/// Whether `c` and `m` are assessed apart (分户): one of them splits from
/// the other, its parent, child or sibling.
fn apart(h: &Household, p: &Parameters, a: usize, c: usize, m: usize, ages: &[u32]) -> bool {
    if !(splits(h, p, c, ages[c]) || splits(h, p, m, ages[m])) {
        return false;
    }
    let siblings = (0..h.members.len()).any(|x| parent_of(h, a, x, c) && parent_of(h, a, x, m));
    let sibling_of_applicant = (c == a && h.members[m].relation == Relation::Sibling)
        || (m == a && h.members[c].relation == Relation::Sibling);
    parent_of(h, a, c, m) || parent_of(h, a, m, c) || siblings || sibling_of_applicant
}

/// Whether counted member `c` brings in member `m` (aged `age`), and under
/// which reading.
fn brings(h: &Household, a: usize, c: usize, m: usize, age: u32) -> Option<Reading> {
    let mm = &h.members[m];
    if mm.relation == Relation::Unrelated {
        return None;
    }
    if spouses(h, a, c, m) {
        return Some(Reading::Spouse);
    }
    if parent_of(h, a, c, m) {
        return if age < 18 {
            Some(Reading::MinorChild)
        } else if mm.full_time_student {
            Some(Reading::StudentChild)
        } else if mm.independent == Some(false) {
            Some(Reading::DependentAdultChild)
        } else {
            // 民法典 第二十六条: adult children owe their parents 赡养.
            mm.cohabiting.then_some(Reading::CohabitingAdultChild)
        };
    }
    if parent_of(h, a, m, c) {
        return mm.cohabiting.then_some(Reading::CohabitingParent);
    }
    // A conditional duty (民法典 第一千零七十四条、第一千零七十五条), stated for
    // the member's relation to the applicant.
    let conditional = matches!(
        mm.relation,
        Relation::Grandparent | Relation::Grandchild | Relation::Sibling | Relation::OtherRelative
    );
    (c == a && conditional && mm.support_obligation && mm.cohabiting)
        .then_some(Reading::CohabitingRelative)
}

/// Whether members `i` and `j` are spouses: `spouse_of` either way, or a
/// `spouse` of the applicant `a` (unless its `spouse_of` names another).
pub(crate) fn spouses(h: &Household, a: usize, i: usize, j: usize) -> bool {
    let (mi, mj) = (&h.members[i], &h.members[j]);
    let named = |x: &Member, y: &Member| x.spouse_of.as_deref() == Some(y.id.as_str());
    let of_applicant = |x: usize, y: usize| {
        let mx = &h.members[x];
        y == a && mx.relation == Relation::Spouse && mx.spouse_of.is_none()
    };
    named(mi, mj) || named(mj, mi) || of_applicant(i, j) || of_applicant(j, i)
}

/// Whether member `p` is a parent of member `c`. `child_of` says it where
/// given; otherwise the relations to the applicant `a` do: a `child` is the
/// child of the applicant and of the applicant's spouse, the applicant and
/// a `sibling` are the children of each `parent`.
pub(crate) fn parent_of(h: &Household, a: usize, p: usize, c: usize) -> bool {
    let (mp, mc) = (&h.members[p], &h.members[c]);
    if p == c {
        return false;
    }
    if !mc.child_of.is_empty() {
        return mc.child_of.contains(&mp.id);
    }
    match mc.relation {
        Relation::Child => p == a || (mp.relation == Relation::Spouse && spouses(h, a, p, a)),
        Relation::SelfApplicant | Relation::Sibling => mp.relation == Relation::Parent,
        _ => false,
    }
}

/// Where the pack records another local text's clergy years
/// (`clergy_years_apart_other`) and `m`'s years lie between the two
/// figures, the fact that says so; the pack's figure has decided.
fn clergy_years<'a>(p: &Parameters, m: &'a Member) -> Option<MemberFact<'a>> {
    let (applied, other) = (p.clergy_years_apart, p.clergy_years_apart_other?);
    let years = m
        .clergy_years_apart
        .filter(|_| m.status == Some(Status::Clergy))?;
    (applied.min(other)..applied.max(other))
        .contains(&years)
        .then_some(MemberFact::ClergyYears {
            id: &m.id,
            years,
            applied,
            other,
        })
}

/// Clergy living in a religious place, away from the family, three years
/// or more (审核确认办法 第八条（三）: "脱离家庭、在宗教场所居住三年以上（含三年）").
pub(crate) fn clergy_alone(m: &Member) -> bool {
    m.status == Some(Status::Clergy) && m.clergy_years_apart.unwrap_or(0) >= 3
}

/// A member's exclusion by status (第七条第二款), if any. Reading: a region's
/// exclusion of `active_military` applies to unmarried soldiers only — the
/// only such text we know (重庆市城乡居民最低生活保障条例 第十一条) names
/// "未婚现役军人". A member is married when `married` says so, or, where it
/// is not given, when a spouse is among the members (`married` is called
/// only for a soldier).
fn status(m: &Member, married: impl Fn() -> bool, p: &Parameters) -> Option<Reading> {
    match m.status {
        Some(Status::Incarcerated) => Some(Reading::Incarcerated),
        Some(Status::CompulsoryRehab) => Some(Reading::CompulsoryRehab),
        Some(Status::DeclaredMissing) => Some(Reading::DeclaredMissing),
        Some(Status::Clergy) if m.clergy_years_apart.unwrap_or(0) >= p.clergy_years_apart => {
            Some(Reading::ClergyApart)
        }
        Some(Status::ActiveMilitary) if married() => None,
        Some(s) if p.excluded_statuses.contains(&s) => Some(Reading::ExcludedLocally),
        _ => None,
    }
}

/// Why a member the closure did not reach is not counted, and the counted
/// parent of an adult child living apart.
fn excluded(
    h: &Household,
    a: Option<usize>,
    i: usize,
    d: &MembershipDecision,
) -> (Reading, Option<u8>) {
    let m = &h.members[i];
    let parent = a.and_then(|a| {
        (0..h.members.len()).find(|&c| d.readings[c].counted() && parent_of(h, a, c, i))
    });
    match (m.relation, parent) {
        (Relation::Unrelated, _) => (Reading::Unrelated, None),
        (_, Some(p)) if !m.cohabiting => (Reading::IndependentAdultChild, Some(p as u8)),
        _ if !m.cohabiting => (Reading::NotCohabiting, None),
        _ => (Reading::NoSupportObligation, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clergy(years: u32) -> Member {
        let json = format!(
            r#"{{"date": "2024-03-15", "policy": {{"standard": "1000"}}, "members": [
                {{"id": "A", "relation": "self", "age": 40, "status": "clergy", "clergy_years_apart": {years}}}]}}"#
        );
        Household::from_json(&json).unwrap().members.remove(0)
    }

    /// Years between the applied figure and the other text's, either way
    /// round, are flagged; at or past both, or below both, are not.
    #[test]
    fn clergy_years_between_two_texts_are_flagged() {
        let flagged = |applied, other, years| {
            let p = Parameters {
                clergy_years_apart: applied,
                clergy_years_apart_other: Some(other),
                ..Parameters::default()
            };
            clergy_years(&p, &clergy(years)).is_some()
        };
        // 重庆: the 条例's 1 year applied, a district answer's 3 recorded.
        assert!(!flagged(1, 3, 0));
        assert!(flagged(1, 3, 1));
        assert!(flagged(1, 3, 2));
        assert!(!flagged(1, 3, 3));
        // The other way round: a text applied that asks more years.
        assert!(flagged(3, 1, 2));
        assert!(!flagged(3, 1, 0));
        // Without another figure, nothing is said.
        let p = Parameters::default();
        assert!(clergy_years(&p, &clergy(2)).is_none());
    }
}

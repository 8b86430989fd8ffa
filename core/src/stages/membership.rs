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
//! Readings: parents, grandparents, grandchildren and siblings are taken to
//! have the legal support relationship of 第七条（四）, so they count when
//! `cohabiting`; `other_relative` needs `support_obligation: true` as well.
//! The applicant always counts unless excluded by status.

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
        }
    }

    /// The clause of 第七条 applied (the applicant: the article as a whole).
    pub fn clause(self) -> Clause {
        use Reading::*;
        match self {
            Applicant => Clause::Whole,
            Spouse => Clause::One,
            MinorChild => Clause::Two,
            StudentChild | DependentAdultChild | IndependentAdultChild => Clause::Three,
            CohabitingRelative | NotCohabiting | NoSupportObligation | Unrelated => Clause::Four,
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
    /// For each counted member, the member it was counted through (`None`:
    /// the applicant, or a member not counted).
    pub through: [Option<u8>; MAX_MEMBERS],
}

impl MembershipDecision {
    /// The number of counted members.
    pub fn n(&self) -> u32 {
        self.counted.len() as u32
    }
}

/// The facts the membership stage records.
pub(crate) enum MemberFact<'a> {
    /// A member's reading (a trace step).
    Member { id: &'a str, reading: Reading },
    /// Why a member is not counted (a note).
    Excluded(Reading),
    /// The applicant is not counted but others are.
    ApplicantNotCounted,
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
    for (i, m) in h.members.iter().enumerate() {
        let age = m.age.on(h.date);
        let reading = read(m, age, p);
        d.ages[i] = age;
        d.readings[i] = reading;
        t.step(|| MemberFact::Member { id: &m.id, reading });
        if reading.counted() {
            d.counted.push(i);
        }
    }
    // Reading: the household is still assessed without the applicant (申请以家庭为单位,
    // 审核确认办法 第四条); the application should then be made by a counted member.
    let applicant = h
        .members
        .iter()
        .position(|m| m.relation == Relation::SelfApplicant);
    if applicant.is_some_and(|a| !d.counted.contains(a)) && d.n() > 0 {
        warnings.push(t.note(MemberFact::ApplicantNotCounted));
    }
    d.through = [None; MAX_MEMBERS];
    for i in d.counted.iter().filter(|&i| Some(i) != applicant) {
        d.through[i] = applicant.map(|a| a as u8);
    }
    Ok(())
}

/// Whether `m` is a counted member, given its age on the date, and why.
pub(crate) fn read(m: &Member, age: u32, p: &Parameters) -> Reading {
    match m.status {
        Some(Status::Incarcerated) => return Reading::Incarcerated,
        Some(Status::CompulsoryRehab) => return Reading::CompulsoryRehab,
        Some(Status::DeclaredMissing) => return Reading::DeclaredMissing,
        Some(Status::Clergy) if m.clergy_years_apart.unwrap_or(0) >= p.clergy_years_apart => {
            return Reading::ClergyApart
        }
        Some(s) if p.excluded_statuses.contains(&s) => return Reading::ExcludedLocally,
        _ => {}
    }
    match m.relation {
        Relation::SelfApplicant => Reading::Applicant,
        Relation::Spouse => Reading::Spouse,
        Relation::Child if age < 18 => Reading::MinorChild,
        Relation::Child if m.full_time_student => Reading::StudentChild,
        Relation::Child if m.independent == Some(false) => Reading::DependentAdultChild,
        Relation::Child => Reading::IndependentAdultChild,
        Relation::Unrelated => Reading::Unrelated,
        Relation::OtherRelative if !m.support_obligation => Reading::NoSupportObligation,
        Relation::Parent
        | Relation::Grandparent
        | Relation::Grandchild
        | Relation::Sibling
        | Relation::OtherRelative
            if !m.cohabiting =>
        {
            Reading::NotCohabiting
        }
        _ => Reading::CohabitingRelative,
    }
}

//! The stages of the pipeline, one module each, in the order they apply
//! (docs/rules.md). Each takes what it needs and returns a typed decision; the
//! facts it records for the trace are data, turned into sentences only by
//! [`crate::explain`].

pub(crate) mod amount;
pub(crate) mod classify;
pub(crate) mod conditions;
pub(crate) mod income;
pub(crate) mod membership;
pub(crate) mod params;
pub(crate) mod property;
pub(crate) mod referral;
pub(crate) mod round;
pub(crate) mod scale;
pub(crate) mod verify;

use crate::error::{Error, Errors};
use crate::input::MAX_MEMBERS;

/// The error for a figure that left the range of a decimal.
pub(crate) fn overflow() -> Errors {
    Error::Overflow {
        field: "members".into(),
    }
    .into()
}

/// A set of member indexes, in order, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Indexes {
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
    pub fn push(&mut self, i: usize) {
        // Callers stay below MAX_MEMBERS (checked by the membership stage).
        if self.len < MAX_MEMBERS {
            self.items[self.len] = i as u8;
            self.len += 1;
        }
    }
    /// The set of one index.
    pub fn from_one(i: usize) -> Indexes {
        let mut s = Indexes::default();
        s.push(i);
        s
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.items[..self.len].iter().map(|&i| usize::from(i))
    }
    pub fn contains(&self, i: usize) -> bool {
        self.iter().any(|j| j == i)
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The stages' tests read decisions, not sentences: summary mode (no
/// rendering) throughout.
#[cfg(test)]
mod tests {
    use super::classify::Classification;
    use super::income::IncomeDecision;
    use super::membership::{MembershipDecision, Reading};
    use super::verify::{Chain, Finding};
    use super::*;
    use crate::law::Clause;
    use crate::model::Household;
    use crate::money::{Money, Rounding};
    use crate::output::Outcome;
    use crate::params::Registry;
    use crate::trace::Tracer;

    fn household(members: &str) -> Household {
        let json = format!(
            r#"{{"date": "2024-03-15", "policy": {{"standard": "1000"}}, "members": [{members}]}}"#
        );
        Household::from_json(&json).unwrap()
    }

    /// Runs the stages up to the classification.
    fn classify(h: &Household) -> (MembershipDecision, IncomeDecision, Classification) {
        let registry = Registry::builtin();
        let resolved = registry.resolve(None, h.date, &h.policy).unwrap();
        let mut t = Tracer::new(false, false);
        let mut notes = Vec::new();
        let b = params::decide(registry, &resolved, h, &mut t, &mut notes).unwrap();
        let mut members = MembershipDecision::default();
        membership::decide(h, b.params, &mut t, &mut notes, &mut members).unwrap();
        let mut income = IncomeDecision::default();
        income::decide(h, &b, &members, &mut t, income::Lines(None), &mut income).unwrap();
        let property = property::decide(h, &b, &members, &mut t, &mut notes);
        let class =
            classify::decide(h, &b, &members, &income, &property, &mut t, &mut notes).unwrap();
        assert!(t.steps.is_empty(), "summary mode records no steps");
        (members, income, class)
    }

    #[test]
    fn indexes_hold_at_most_max_members() {
        // The guard is never reached through a household (the membership
        // stage refuses more members); a push past it is dropped, not a
        // panic.
        let mut s = Indexes::default();
        for i in 0..MAX_MEMBERS + 3 {
            s.push(i % MAX_MEMBERS);
        }
        assert_eq!(s.len(), MAX_MEMBERS);
        assert!(s.iter().eq(0..MAX_MEMBERS));
        assert!(Indexes::from_one(3).contains(3) && !Indexes::from_one(3).contains(2));
    }

    #[test]
    fn membership_names_the_reading_and_its_clause() {
        let h = household(
            r#"{"id": "A", "relation": "self", "age": 40},
               {"id": "B", "relation": "child", "age": 20, "full_time_student": true},
               {"id": "C", "relation": "child", "age": 25, "cohabiting": false},
               {"id": "D", "relation": "spouse", "age": 40, "status": "incarcerated"}"#,
        );
        let (members, _, _) = classify(&h);
        let readings = &members.readings[..4];
        use Reading::*;
        assert_eq!(
            readings,
            [Applicant, StudentChild, IndependentAdultChild, Incarcerated]
        );
        let clauses: Vec<Clause> = readings.iter().map(|r| r.clause()).collect();
        assert_eq!(
            clauses,
            [
                Clause::Whole,
                Clause::Three,
                Clause::First,
                Clause::SecondTwo
            ]
        );
        assert_eq!(members.counted.iter().collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn an_edge_household_covers_its_severely_disabled_member_alone() {
        // Income 2400 for two: not below 2 × 1000, below 1.5 × 2000.
        let h = household(
            r#"{"id": "A", "relation": "self", "age": 40,
                "incomes": [{"kind": "wage", "amount": "2400"}]},
               {"id": "B", "relation": "spouse", "age": 40,
                "disability": {"grade": 1, "kind": "physical"}}"#,
        );
        let (_, income, class) = classify(&h);
        assert_eq!(income.display, Money::fen(240_000));
        assert_eq!(class.outcome, Outcome::DibaoIndividual);
        assert_eq!(class.covered.iter().collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn verification_names_a_per_capita_rounding() {
        // 3 × 1000 − 1000 = 2000.00; rounding 333.33… first gives 2000.01.
        let chain = Chain {
            payable: true,
            difference_method: true,
            standard: Money::fen(100_000),
            n: 3,
            income: Money::fen(100_000),
            pre_floor: Money::fen(200_000),
            after_floor: Money::fen(200_000),
            supplements: Money::ZERO,
            total: Money::fen(200_000),
            rounding: Rounding::Fen,
            computed: Money::fen(200_000),
        };
        let d = verify::decide(Money::fen(200_001), chain);
        assert_eq!(d.finding, Finding::PerCapitaRounded);
        assert_eq!(d.finding.first_difference(), Some("amount_difference"));
        let same = verify::decide(Money::fen(200_000), chain);
        assert_eq!(same.finding, Finding::Matches);
    }
}

//! Properties over money in fen (SPEC §8, STYLE "Tests"): never negative;
//! never above standard × members + supplements; never rising with income
//! except across the jumps the law makes; invariant under reordering and
//! renaming members; the difference method is exactly standard × n − income;
//! deterministic.

use dibao::*;
use proptest::prelude::*;

fn date() -> Date {
    Date::parse("2024-06-01").unwrap()
}

/// relation, age, incomes (fen, yearly?), disability grade (0: none).
type MemberSpec = (u8, u32, Vec<(i64, bool)>, u8);

#[derive(Clone, Debug)]
struct Spec {
    standard_fen: i64,
    members: Vec<MemberSpec>,
}

fn relation(k: u8) -> Relation {
    [
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Grandchild,
    ][k as usize % 4]
}

fn build(s: &Spec, ids: &dyn Fn(usize) -> String) -> Household {
    let mut h = Household::new(date());
    h.policy.standard = Some(Money::fen(s.standard_fen));
    for (i, (rel, age, incomes, grade)) in s.members.iter().enumerate() {
        let r = if i == 0 {
            Relation::SelfApplicant
        } else {
            relation(*rel)
        };
        let mut m = Member::new(ids(i), r, Age::Years(*age));
        for (fen, yearly) in incomes {
            m.incomes.push(Income {
                kind: IncomeKind::Wage,
                amount: Money::fen(*fen),
                period: if *yearly { Period::Year } else { Period::Month },
            });
        }
        if *grade > 0 {
            m.disability = Some(Disability {
                grade: *grade,
                kind: DisabilityKind::Physical,
            });
        }
        h.members.push(m);
    }
    h
}

fn spec() -> impl Strategy<Value = Spec> {
    let member = (
        0u8..4,
        0u32..90,
        prop::collection::vec((0i64..400_000, any::<bool>()), 0..3),
        0u8..5,
    );
    (50_000i64..200_000, prop::collection::vec(member, 1..6)).prop_map(|(standard_fen, members)| {
        Spec {
            standard_fen,
            members,
        }
    })
}

fn assess(h: &Household) -> Assessment {
    Assessor::new().with_trace(false).assess(h).unwrap()
}

fn plain(i: usize) -> String {
    format!("m{i}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_negative_and_bounded(s in spec()) {
        let a = assess(&build(&s, &plain));
        prop_assert!(!a.monthly_amount.is_negative());
        let supp = a.supplements.iter().fold(Money::ZERO, |t, x| t.checked_add(x.amount).unwrap());
        let cap = Money::fen(s.standard_fen).checked_mul(a.household_size.into()).unwrap().checked_add(supp).unwrap();
        prop_assert!(a.monthly_amount <= cap, "{} > {}", a.monthly_amount, cap);
    }

    #[test]
    fn income_rise_never_raises_the_amount_except_individual_coverage(s in spec(), extra in 1i64..200_000) {
        let before = assess(&build(&s, &plain));
        let mut s2 = s.clone();
        s2.members[0].2.push((extra, false));
        let after = assess(&build(&s2, &plain));
        // The jump the law makes: crossing the standard turns a dibao
        // household into an edge one whose severely disabled members are
        // covered alone (审核确认办法 第八条), which can pay more.
        let named_jump = before.outcome == Outcome::Dibao && after.outcome == Outcome::DibaoIndividual;
        prop_assert!(named_jump || after.monthly_amount <= before.monthly_amount,
            "{:?} {} -> {:?} {}", before.outcome, before.monthly_amount, after.outcome, after.monthly_amount);
    }

    #[test]
    fn reordering_and_renaming_change_nothing(s in spec()) {
        let a = assess(&build(&s, &plain));
        let mut rev = s.clone();
        // Keep the applicant first in the spec (index 0 is "self"), reverse the rest.
        rev.members[1..].reverse();
        let n = s.members.len();
        let b = assess(&build(&rev, &|i| format!("renamed-{}", if i == 0 { 0 } else { n - i })));
        prop_assert_eq!(a.outcome, b.outcome);
        prop_assert_eq!(a.monthly_amount, b.monthly_amount);
        prop_assert_eq!(a.household_income, b.household_income);
        prop_assert_eq!(a.household_size, b.household_size);
    }

    #[test]
    fn difference_is_standard_times_n_minus_income(s in spec()) {
        let a = assess(&build(&s, &plain));
        if a.outcome == Outcome::Dibao {
            let want = Money::fen(s.standard_fen)
                .checked_mul(a.household_size.into()).unwrap()
                .checked_sub(a.household_income).unwrap()
                .round(Rounding::Fen);
            prop_assert_eq!(a.monthly_amount, want);
        }
    }

    #[test]
    fn deterministic_and_trace_free_of_effect(s in spec()) {
        let h = build(&s, &plain);
        let a = Assessor::new().assess(&h).unwrap();
        let b = Assessor::new().assess(&h).unwrap();
        prop_assert_eq!(a.to_json(), b.to_json());
        let c = assess(&h);
        prop_assert_eq!(a.monthly_amount, c.monthly_amount);
        prop_assert_eq!(a.outcome, c.outcome);
    }

    #[test]
    fn any_text_gives_a_result_or_errors(text in ".{0,200}") {
        // Never a panic, whatever the input.
        let _ = Assessor::new().assess_json(&text);
    }
}

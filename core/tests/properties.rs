//! Properties over money in fen (docs/batch-status.md, STYLE "Tests"): never negative;
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

// ---- Applicant symmetry (docs/rules.md) -------------------------------------

/// One person of a three-generation family, as the truth (not as anyone's
/// view): age, wage (fen), living with the household.
#[derive(Clone, Debug)]
struct Person {
    age: u32,
    wage_fen: i64,
    cohabiting: bool,
    student: bool,
}

/// A family: G1 (and G2, his wife); their children F (always at home) and
/// U; F's wife W (an in-law to G1 and G2); the children of F and W.
#[derive(Clone, Debug)]
struct Family {
    people: Vec<(&'static str, Person)>,
    /// (parent, child) index pairs.
    parents: Vec<(usize, usize)>,
    /// spouse index pairs.
    spouses: Vec<(usize, usize)>,
}

fn person(age: std::ops::Range<u32>) -> impl Strategy<Value = Person> {
    (age, 0i64..3000, any::<bool>(), any::<bool>()).prop_map(|(age, yuan, cohabiting, student)| {
        Person {
            age,
            wage_fen: yuan * 100,
            cohabiting,
            student,
        }
    })
}

fn family() -> impl Strategy<Value = Family> {
    (
        person(60..90),
        proptest::option::of(person(58..90)),
        person(30..55),
        proptest::option::of(person(25..55)),
        proptest::option::of(person(28..55)),
        proptest::collection::vec(person(0..30), 0..3),
    )
        .prop_map(|(g1, g2, f, u, w, kids)| {
            let mut people = vec![("G1", g1)];
            let (mut parents, mut spouses) = (Vec::new(), Vec::new());
            let g2 = g2.map(|p| {
                people.push(("G2", p));
                spouses.push((0, 1));
                1
            });
            let mut f = f;
            f.cohabiting = true;
            people.push(("F", f));
            let fi = people.len() - 1;
            let mut children = vec![fi];
            if let Some(u) = u {
                people.push(("U", u));
                children.push(people.len() - 1);
            }
            for c in children {
                parents.push((0, c));
                if let Some(g2) = g2 {
                    parents.push((g2, c));
                }
            }
            let w = w.map(|w| {
                people.push(("W", w));
                spouses.push((fi, people.len() - 1));
                people.len() - 1
            });
            for (k, kid) in kids.into_iter().enumerate() {
                people.push((["K1", "K2", "K3"][k], kid));
                let c = people.len() - 1;
                parents.push((fi, c));
                if let Some(w) = w {
                    parents.push((w, c));
                }
            }
            Family {
                people,
                parents,
                spouses,
            }
        })
}

impl Family {
    fn parents_of(&self, c: usize) -> Vec<usize> {
        self.parents
            .iter()
            .filter(|p| p.1 == c)
            .map(|p| p.0)
            .collect()
    }
    fn married(&self, a: usize, b: usize) -> bool {
        self.spouses.contains(&(a, b)) || self.spouses.contains(&(b, a))
    }

    /// The relation of `y` as seen from `x`.
    fn relation(&self, x: usize, y: usize) -> Relation {
        let px = self.parents_of(x);
        let py = self.parents_of(y);
        if x == y {
            Relation::SelfApplicant
        } else if self.married(x, y) {
            Relation::Spouse
        } else if py.contains(&x) {
            Relation::Child
        } else if px.contains(&y) {
            Relation::Parent
        } else if px.iter().any(|&p| self.parents_of(p).contains(&y)) {
            Relation::Grandparent
        } else if py.iter().any(|&p| self.parents_of(p).contains(&x)) {
            Relation::Grandchild
        } else if py.iter().any(|p| px.contains(p)) {
            Relation::Sibling
        } else {
            Relation::OtherRelative
        }
    }

    /// The household as the member `x` would enter it: relations to `x`,
    /// and `child_of` / `spouse_of` wherever the relation to `x` does not
    /// already say the truth (the engine's derivations: docs/rules.md).
    fn view(&self, x: usize) -> Household {
        let mut h = Household::new(date());
        h.policy.standard = Some(Money::fen(100_000));
        let rel: Vec<Relation> = (0..self.people.len())
            .map(|y| self.relation(x, y))
            .collect();
        for (y, (id, p)) in self.people.iter().enumerate() {
            let mut m = Member::new(*id, rel[y], Age::Years(p.age));
            m.cohabiting = p.cohabiting;
            m.full_time_student = p.student && p.age >= 18;
            if p.wage_fen > 0 {
                m.incomes.push(Income {
                    kind: IncomeKind::Wage,
                    amount: Money::fen(p.wage_fen),
                    period: Period::Month,
                });
            }
            // What the relation alone implies, as the engine reads it.
            let derived: Vec<usize> = match rel[y] {
                Relation::Child => (0..self.people.len())
                    .filter(|&z| z == x || rel[z] == Relation::Spouse)
                    .collect(),
                Relation::SelfApplicant | Relation::Sibling => (0..self.people.len())
                    .filter(|&z| rel[z] == Relation::Parent)
                    .collect(),
                _ => Vec::new(),
            };
            let mut truth = self.parents_of(y);
            truth.sort();
            if derived != truth {
                m.child_of = truth.iter().map(|&z| self.people[z].0.to_owned()).collect();
            }
            h.members.push(m);
        }
        for &(a, b) in &self.spouses {
            if a != x && b != x {
                h.members[b].spouse_of = Some(self.people[a].0.to_owned());
            }
        }
        h
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The same people and facts give the same household, outcome and
    /// amount whoever applies, among the members who count and live with
    /// the household (审核确认办法 第七条, read as docs/rules.md says).
    #[test]
    fn the_household_does_not_depend_on_who_applies(f in family()) {
        let fi = f.people.iter().position(|p| p.0 == "F").unwrap();
        let base = assess(&f.view(fi));
        let mut counted: Vec<String> = base.counted_members.iter().map(|c| c.id.clone()).collect();
        counted.sort();
        for (x, (id, p)) in f.people.iter().enumerate() {
            if !p.cohabiting || !counted.iter().any(|c| c == id) {
                continue;
            }
            let h = f.view(x);
            let a = assess(&h);
            let mut got: Vec<String> = a.counted_members.iter().map(|c| c.id.clone()).collect();
            got.sort();
            prop_assert_eq!(&got, &counted, "applicant {}: {:?}", id, h);
            prop_assert_eq!(a.outcome, base.outcome, "applicant {}", id);
            prop_assert_eq!(a.monthly_amount, base.monthly_amount, "applicant {}", id);
            prop_assert_eq!(a.household_income, base.household_income, "applicant {}", id);
        }
    }
}

// ---- Household netting (docs/rules.md) ---------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Transfer expenditure never raises income: adding a contribution to
    /// any member lowers the household's income or leaves it at zero, and
    /// the household total is never negative.
    #[test]
    fn netting_never_raises_income(
        wages in proptest::collection::vec(0i64..300_000, 1..5),
        paid in proptest::collection::vec(0i64..300_000, 1..5),
        who in 0usize..5,
        extra in 1i64..100_000,
    ) {
        let build = |extra_for: Option<usize>| {
            let mut h = Household::new(date());
            h.policy.standard = Some(Money::fen(100_000));
            for (i, w) in wages.iter().enumerate() {
                let r = if i == 0 { Relation::SelfApplicant } else { Relation::Child };
                let mut m = Member::new(format!("M{i}"), r, Age::Years(if i == 0 { 50 } else { 10 }));
                m.incomes.push(Income { kind: IncomeKind::Wage, amount: Money::fen(*w), period: Period::Month });
                let mut d = paid.get(i).copied().unwrap_or(0);
                if extra_for == Some(i) {
                    d += extra;
                }
                m.deductions.push(Deduction { kind: DeductionKind::SocialInsurance, amount: Money::fen(d), period: Period::Month });
                h.members.push(m);
            }
            h
        };
        let before = assess(&build(None)).household_income;
        let after = assess(&build(Some(who % wages.len()))).household_income;
        prop_assert!(after >= Money::ZERO);
        prop_assert!(after <= before, "{after} > {before}");
        prop_assert!(after < before || after == Money::ZERO, "{after} vs {before}");
    }
}

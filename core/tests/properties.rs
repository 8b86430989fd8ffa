//! Properties over money in fen (docs/batch-status.md, STYLE "Tests"): never negative;
//! never above standard × members + supplements; never rising with income
//! except across the jumps the law makes; invariant under reordering and
//! renaming members; the difference method is exactly standard × n − income,
//! with n and income computed by the test from docs/rules.md, not taken from
//! the engine; membership and income across regions, relations, statuses
//! and `cohabiting` against an independent computation; deterministic.

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
        // Size and income from the spec, not from the engine: everyone
        // lives together and owes no support of their own, so all count but
        // grandchildren no counted member links (docs/rules.md §2); wages
        // count in full, a year's as a twelfth (no employment cost
        // nationally, §3), the total floored at zero.
        let counted: Vec<&MemberSpec> = s
            .members
            .iter()
            .enumerate()
            .filter(|(i, (rel, ..))| *i == 0 || relation(*rel) != Relation::Grandchild)
            .map(|(_, m)| m)
            .collect();
        let n = u32::try_from(counted.len()).unwrap();
        // In twelfths of a fen, so that the one division is exact to the
        // last digit (as the engine keeps it: docs/input.md).
        let twelfths: i64 = counted
            .iter()
            .flat_map(|(_, _, incomes, _)| incomes)
            .map(|(fen, yearly)| if *yearly { *fen } else { fen * 12 })
            .sum();
        let income = Money::fen(twelfths).checked_div(12.into()).unwrap();
        prop_assert_eq!(a.household_size, n);
        prop_assert_eq!(a.household_income, income);
        if a.outcome == Outcome::Dibao {
            let want = Money::fen(s.standard_fen)
                .checked_mul(n.into()).unwrap()
                .checked_sub(income).unwrap()
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

// ---- Membership and income, computed independently (docs/rules.md §2, §3) ---
//
// The properties above take the household's size and income from the
// engine. These compute them from docs/rules.md's tables, written out again
// here, for households across regions, relations, statuses, `cohabiting`,
// students and independence: a membership or income bug fails them.

/// The regions and dates (a standard published per area; all urban here).
const PLACES: &[(&str, &str)] = &[
    ("CN", "2024-03-15"),
    ("370100", "2024-06-01"),
    ("110000", "2023-09-01"),
    ("320100", "2022-09-01"),
    ("500000", "2025-09-01"),
    ("440300", "2022-06-01"),
];

/// A member as generated: relation to the applicant, age, cohabiting,
/// student, independent, support_obligation, status (0 none, 1
/// incarcerated, 2 compulsory_rehab, 3 declared_missing, 4 clergy 5 years
/// apart, 5 clergy 0 years apart), pension and social insurance (fen).
#[derive(Clone, Debug)]
struct Kin {
    relation: Relation,
    age: u32,
    cohabiting: bool,
    student: bool,
    independent: Option<bool>,
    obligation: bool,
    status: u8,
    pension_fen: i64,
    insurance_fen: i64,
}

fn kin(applicant: bool) -> impl Strategy<Value = Kin> {
    let relations = [
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Grandparent,
        Relation::Grandchild,
        Relation::Sibling,
        Relation::OtherRelative,
        Relation::Unrelated,
    ];
    (
        0usize..relations.len(),
        0u32..96,
        prop::bool::weighted(0.7),
        prop::bool::weighted(0.2),
        prop::option::of(any::<bool>()),
        prop::bool::weighted(0.4),
        prop::sample::select(vec![0u8, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5]),
        prop::option::weighted(0.5, 1i64..300_000),
        prop::option::weighted(0.3, 1i64..40_000),
    )
        .prop_map(
            move |(r, age, cohabiting, student, independent, obligation, status, p, i)| Kin {
                relation: if applicant {
                    Relation::SelfApplicant
                } else {
                    relations[r]
                },
                age: if applicant { 18 + age % 78 } else { age },
                cohabiting,
                student,
                independent,
                obligation,
                status,
                pension_fen: p.unwrap_or(0),
                insurance_fen: i.unwrap_or(0),
            },
        )
}

fn kin_household() -> impl Strategy<Value = (usize, Vec<Kin>)> {
    (
        0usize..PLACES.len(),
        kin(true),
        prop::collection::vec(kin(false), 0..7),
    )
        .prop_map(|(place, applicant, others)| {
            let mut all = vec![applicant];
            all.extend(others);
            (place, all)
        })
}

fn kin_build(place: usize, kin: &[Kin]) -> Household {
    let (region, date) = PLACES[place];
    let mut h = Household::new(Date::parse(date).unwrap());
    h.region = Some(region.to_owned());
    h.area = Some(Area::Urban);
    if region == "CN" {
        h.policy.standard = Some(Money::fen(100_000));
    }
    for (i, k) in kin.iter().enumerate() {
        let mut m = Member::new(format!("m{i}"), k.relation, Age::Years(k.age));
        m.cohabiting = k.cohabiting;
        m.full_time_student = k.student;
        m.independent = k.independent;
        m.support_obligation = k.obligation;
        (m.status, m.clergy_years_apart) = match k.status {
            1 => (Some(Status::Incarcerated), None),
            2 => (Some(Status::CompulsoryRehab), None),
            3 => (Some(Status::DeclaredMissing), None),
            4 => (Some(Status::Clergy), Some(5)),
            5 => (Some(Status::Clergy), Some(0)),
            _ => (None, None),
        };
        if k.pension_fen > 0 {
            m.incomes.push(Income {
                kind: IncomeKind::Pension,
                amount: Money::fen(k.pension_fen),
                period: Period::Month,
            });
        }
        if k.insurance_fen > 0 {
            m.deductions.push(Deduction {
                kind: DeductionKind::SocialInsurance,
                amount: Money::fen(k.insurance_fen),
                period: Period::Month,
            });
        }
        h.members.push(m);
    }
    h
}

/// 第七条第二款: never counted, whatever the relation (clergy only with
/// the years apart the region asks for: 3 nationally, 1 in 重庆; 5 is both).
fn excluded_by_status(k: &Kin) -> bool {
    matches!(k.status, 1..=4)
}

/// A child of a counted member, counted under （二）–（四）.
fn child_counted(k: &Kin) -> bool {
    k.age < 18 || k.student || k.independent == Some(false) || k.cohabiting
}

/// docs/rules.md §2, from relations to the applicant alone (no `spouse_of`
/// or `child_of`): the applicant (unless excluded by status); the spouse,
/// always; children (of the applicant and the spouse) under （二）–（四）;
/// parents living with the household; siblings as children of a counted
/// parent, or else as relatives; grandparents, grandchildren, siblings and
/// other relatives no counted member links, when they live with the
/// household and owe support; the unrelated never. A clergy applicant three
/// years or more apart is a household of one.
fn expected_counted(kin: &[Kin]) -> Vec<usize> {
    if kin[0].status == 4 {
        // 第八条（三）: clergy three years or more apart apply alone.
        return vec![0];
    }
    let mut counted = vec![false; kin.len()];
    counted[0] = !excluded_by_status(&kin[0]);
    for (i, k) in kin.iter().enumerate().skip(1) {
        counted[i] = !excluded_by_status(k)
            && match k.relation {
                Relation::Spouse => true,
                Relation::Child => child_counted(k),
                Relation::Parent => k.cohabiting,
                _ => false,
            };
    }
    let a_parent_counted = kin
        .iter()
        .zip(&counted)
        .any(|(k, c)| *c && k.relation == Relation::Parent);
    for (i, k) in kin.iter().enumerate().skip(1) {
        if excluded_by_status(k) {
            continue;
        }
        let linked_sibling = k.relation == Relation::Sibling && a_parent_counted;
        counted[i] |= match k.relation {
            Relation::Sibling if linked_sibling => child_counted(k),
            Relation::Grandparent
            | Relation::Grandchild
            | Relation::Sibling
            | Relation::OtherRelative => k.obligation && k.cohabiting,
            _ => false,
        };
    }
    (0..kin.len()).filter(|&i| counted[i]).collect()
}

/// docs/rules.md §3 for these incomes: pensions counted, social insurance
/// deducted, netted over the counted members, the total floored at zero.
fn expected_income(kin: &[Kin], counted: &[usize]) -> Money {
    let net: i64 = counted
        .iter()
        .map(|&i| kin[i].pension_fen - kin[i].insurance_fen)
        .sum();
    Money::fen(net.max(0))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn size_and_income_follow_the_membership_and_income_rules((place, kin) in kin_household()) {
        let h = kin_build(place, &kin);
        let a = Assessor::new().assess(&h).unwrap();
        let counted = expected_counted(&kin);
        let ids: Vec<String> = counted.iter().map(|i| format!("m{i}")).collect();
        let mut got: Vec<String> = a.counted_members.iter().map(|c| c.id.clone()).collect();
        got.sort_by_key(|id| id[1..].parse::<usize>().unwrap());
        prop_assert_eq!(&got, &ids, "counted members ({:?})", PLACES[place]);
        prop_assert_eq!(a.household_size as usize, counted.len());
        let income = expected_income(&kin, &counted);
        prop_assert_eq!(a.household_income, income);
        if a.outcome == Outcome::Dibao {
            // The difference method with the independent size and income.
            let n = i64::try_from(counted.len()).unwrap();
            let rounding = Rounding::from_code(a.parameters.rounding).unwrap();
            let want = a.standard.checked_mul(n.into()).unwrap()
                .checked_sub(income).unwrap()
                .round(rounding);
            if a.trace.iter().any(|s| s.step == "per_person_floor") {
                // A region's floor per person (南京) raises it, never lowers.
                prop_assert!(a.monthly_amount >= want);
            } else {
                prop_assert_eq!(a.monthly_amount, want);
            }
        }
    }
}

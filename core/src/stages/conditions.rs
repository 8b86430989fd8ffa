//! The legal tests one by one (docs/output.md `conditions`): whether any member
//! counts (审核确认办法 第七条), the income test against the standard
//! (暂行办法 第九条) and against the edge line (审核确认办法 第八条), and the
//! property test (暂行办法 第九条; 审核确认办法 第十四条) — `None` where it was
//! not assessed. Read from the decisions already made; nothing is decided
//! here.

use crate::output::{AssetsTest, Condition};
use crate::stages::classify::Classification;
use crate::stages::income::IncomeDecision;
use crate::stages::membership::MembershipDecision;
use crate::stages::property::{Open, PropertyDecision, PropertyFact};
use crate::trace::Tracer;

/// A legal test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Test {
    /// At least one member counts (第七条).
    MembersCounted,
    /// Household income below standard × members (暂行办法 第九条).
    IncomeBelowStandard,
    /// Household income below the edge line × members (第八条).
    IncomeBelowEdge,
    /// The property test (暂行办法 第九条; 第十四条).
    Property,
    /// The separate 低保边缘 property test (第八条; 第十四条), where the region sets one.
    EdgeProperty,
}

/// A test and its result, to render; for a property test not assessed
/// (`met: None`), why (`open`).
pub(crate) struct ConditionFact {
    pub test: Test,
    pub met: Option<bool>,
    pub open: Option<Open>,
}

/// The tests, in the law's order, into `out`.
pub(crate) fn decide(
    members: &MembershipDecision,
    income: &IncomeDecision,
    property: &PropertyDecision,
    class: &Classification,
    t: &Tracer,
    out: &mut Vec<Condition>,
) {
    let n = members.n();
    let below = n > 0 && income.household < class.total_standard;
    let below_edge = n > 0 && class.below_edge;
    let met = |test: AssetsTest| match test {
        AssetsTest::Passed => Some(true),
        AssetsTest::Failed => Some(false),
        AssetsTest::NotAssessed => None,
    };
    let tests = [
        (Test::MembersCounted, Some(n > 0), None),
        (Test::IncomeBelowStandard, Some(below), None),
        (Test::IncomeBelowEdge, Some(below_edge), None),
        (Test::Property, met(property.test), property.open),
    ];
    // Written over in place: the list has the same length for every
    // household, so a caseload allocates it once.
    out.truncate(tests.len());
    for (k, (test, met, open)) in tests.into_iter().enumerate() {
        let fact = ConditionFact { test, met, open };
        match out.get_mut(k) {
            Some(c) => {
                c.met = met;
                t.note_into(fact, &mut c.note);
            }
            None => out.push(Condition {
                met,
                note: t.note(fact),
            }),
        }
    }
    if property.edge_separate {
        let (test, met) = (Test::EdgeProperty, met(property.edge_test));
        let open = property.edge_open;
        let note = t.note(ConditionFact { test, met, open });
        out.push(Condition { met, note });
    }
    // Each failed limit is its own ✗ condition, naming the asset, the
    // limit and (in its citation) the local text.
    for b in &property.breaches {
        let note = t.note(PropertyFact::Condition(b.clone()));
        out.push(Condition {
            met: Some(false),
            note,
        });
    }
}

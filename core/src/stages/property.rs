//! The property test (社会救助暂行办法 第九条; 审核确认办法 第十四条).
//! Limits are local; where the region has none the test is `not_assessed`
//! and a reason says so — it never passes or fails silently.

use rust_decimal::Decimal;

use crate::model::{Assets, Household};
use crate::money::Money;
use crate::output::AssetsTest;
use crate::params::AssetLimits;
use crate::stages::membership::MembershipDecision;
use crate::stages::params::ParametersDecision;
use crate::trace::{Note, Tracer};

/// What the property stage decided.
#[derive(Clone, Copy)]
pub(crate) struct PropertyDecision {
    /// The result of the test.
    pub test: AssetsTest,
}

impl PropertyDecision {
    /// Whether property allows coverage (passed, or not assessed).
    pub fn ok(self) -> bool {
        self.test != AssetsTest::Failed
    }
}

/// The facts the property stage records.
pub(crate) enum PropertyFact {
    /// The region has no limits.
    NotAssessed,
    /// Financial assets per member over the limit.
    FinancialOverLimit { per_member: Money, limit: Money },
    /// A vehicle of a kind the region does not allow.
    VehicleNotAllowed,
    /// More homes than allowed.
    TooManyHomes { homes: u32, max: u32 },
    /// More registered businesses than allowed.
    TooManyBusinesses { businesses: u32, max: u32 },
    /// Nothing declared: none assumed.
    NotDeclared,
    /// The result (a trace step).
    Test(AssetsTest),
}

/// Runs the test for the counted members; failures and notes go into `reasons`.
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    t: &mut Tracer,
    reasons: &mut Vec<Note>,
) -> PropertyDecision {
    let limits = b.params.assets.as_ref();
    let test = test(
        t,
        limits,
        h.assets.as_ref(),
        members.n(),
        b.standard,
        reasons,
    );
    t.step(|| PropertyFact::Test(test));
    PropertyDecision { test }
}

fn test(
    t: &Tracer,
    limits: Option<&AssetLimits>,
    assets: Option<&Assets>,
    counted: u32,
    standard: Money,
    reasons: &mut Vec<Note>,
) -> AssetsTest {
    let Some(l) = limits else {
        reasons.push(t.note(PropertyFact::NotAssessed));
        return AssetsTest::NotAssessed;
    };
    let none = Assets::default();
    let a = assets.unwrap_or(&none);
    let mut failed = false;
    let mut fail = |fact: PropertyFact| {
        failed = true;
        reasons.push(t.note(fact));
    };
    if let Some((per_member, limit)) = financial(l, a, counted, standard) {
        fail(PropertyFact::FinancialOverLimit { per_member, limit });
    }
    if let Some(allowed) = &l.vehicles_allowed {
        if a.vehicles.iter().any(|v| !allowed.contains(&v.kind)) {
            fail(PropertyFact::VehicleNotAllowed);
        }
    }
    if let Some(max) = l.max_homes.filter(|max| a.homes > *max) {
        fail(PropertyFact::TooManyHomes {
            homes: a.homes,
            max,
        });
    }
    if let Some(max) = l.max_businesses.filter(|max| a.businesses > *max) {
        fail(PropertyFact::TooManyBusinesses {
            businesses: a.businesses,
            max,
        });
    }
    if failed {
        return AssetsTest::Failed;
    }
    if assets.is_none() {
        reasons.push(t.note(PropertyFact::NotDeclared));
    }
    AssetsTest::Passed
}

/// Financial assets per member and the limit they exceed, if they do.
fn financial(l: &AssetLimits, a: &Assets, counted: u32, standard: Money) -> Option<(Money, Money)> {
    let fin = a.financial()?;
    let n = Decimal::from(counted.max(1));
    let per_member = fin.checked_div(n).unwrap_or(fin);
    let mut limit: Option<Money> = l.financial_per_member;
    if let Some(months) = l.financial_per_member_months {
        let by_months = standard.checked_mul(Decimal::from(months));
        limit = match (limit, by_months) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    limit
        .filter(|limit| per_member > *limit)
        .map(|limit| (per_member, limit))
}

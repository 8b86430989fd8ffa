//! The property test (社会救助暂行办法 第九条; 审核确认办法 第十四条).
//! Limits are local; where the region has none the test is `not_assessed`
//! and a reason says so — it never passes or fails silently.
//!
//! Where a region's text sets separate limits for 低保边缘 (审核确认办法
//! 第八条: an edge household must also meet its property conditions), a
//! second test runs with those limits; otherwise the edge test is the 低保
//! test. Every limit the household fails is recorded with the asset, the
//! limit and the pack source that states it.
//!
//! Boundaries follow the text's words: 不超过/以内/以下 are inclusive (民法典
//! 第一千二百五十九条), 低于/不满 exclusive; comparisons are made on household
//! totals (limit × counted members), so no per-member division is rounded.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::model::{Assets, Household, VehicleKind};
use crate::money::Money;
use crate::output::AssetsTest;
use crate::params::AssetLimits;
use crate::stages::membership::MembershipDecision;
use crate::stages::params::ParametersDecision;
use crate::trace::{Note, Tracer};

/// What the property stage decided.
#[derive(Clone, Debug, Default)]
pub(crate) struct PropertyDecision {
    /// The 低保 property test.
    pub test: AssetsTest,
    /// The 低保边缘 property test: the same as `test` unless the region sets
    /// separate edge limits.
    pub edge_test: AssetsTest,
    /// Why `test` is not assessed, when it is not.
    pub open: Option<Open>,
    /// Why `edge_test` is not assessed, when it is not.
    pub edge_open: Option<Open>,
    /// Whether the region sets separate edge limits.
    pub edge_separate: bool,
    /// The limits the household's property fails, both tests.
    pub breaches: Vec<Breach>,
}

impl PropertyDecision {
    /// Whether property allows 低保 (passed, or not assessed).
    pub fn ok(&self) -> bool {
        self.test != AssetsTest::Failed
    }

    /// Whether property allows the edge status (passed, or not assessed).
    pub fn edge_ok(&self) -> bool {
        self.edge_test != AssetsTest::Failed
    }
}

/// Which property test a limit belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Which {
    /// The 低保 test (and the edge test where the region does not separate them).
    Dibao,
    /// The separate 低保边缘 test.
    Edge,
}

/// How the financial limit per member is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FinancialRule {
    /// N months of the standard.
    Months(u32),
    /// A fixed amount per member.
    Yuan,
    /// A fixed amount per member for households of this size (`None`: larger).
    BySize(Option<u32>),
    /// The serious-illness exemption's amount (the ordinary limit exceeded).
    IllnessExemption,
}

/// One limit the household's property fails.
#[derive(Clone, Debug)]
pub(crate) struct Breach {
    /// The test it belongs to.
    pub which: Which,
    /// The asset and the figures.
    pub over: Over,
    /// The citation line of the pack source that states the limit.
    pub source: Option<Arc<str>>,
}

/// The asset over its limit, with the figures the sentence names.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Over {
    /// Financial assets: household total against limit per member × members.
    Financial {
        total: Money,
        members: u32,
        limit_per_member: Money,
        rule: FinancialRule,
        /// 低于 (equal fails) rather than 不超过.
        exclusive: bool,
    },
    /// A vehicle of a kind the region does not allow (and not exempt by value).
    Vehicle {
        kind: VehicleKind,
        value: Money,
        exempt_up_to: Option<Money>,
    },
    /// More homes than allowed (and the area exception does not apply).
    Homes {
        homes: u32,
        max: u32,
        /// The area exception's threshold and the household's area per member, when compared.
        area: Option<(Decimal, Decimal)>,
    },
    /// More non-residential properties than allowed.
    NonResidential { count: u32, max: u32 },
    /// More registered businesses than allowed.
    Businesses { count: u32, max: u32 },
}

/// Why the home count could not be decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HomesUndecided {
    /// The text's area yardstick (e.g. last year's city average) was not found.
    ThresholdUnpublished,
    /// The household did not give `assets.home_area`.
    AreaMissing,
}

/// Why a property test is `not_assessed`: what the engine lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Open {
    /// No sourced property limits are shipped for the region.
    NoLimits,
    /// Only the region's 低保边缘 limits are shipped, not its 低保 ones.
    EdgeOnly,
    /// The household has more homes than the count allows, and the area
    /// exception cannot be decided.
    Homes(HomesUndecided),
}

/// The facts the property stage records.
#[derive(Clone, Debug)]
pub(crate) enum PropertyFact {
    /// The region has no limits.
    NotAssessed,
    /// The region publishes edge limits only: the 低保 test is not assessed.
    DibaoNotAssessed,
    /// A limit failed (a reason).
    Over(Breach),
    /// A limit failed (a ✗ condition).
    Condition(Breach),
    /// More homes than the count allows, and the area exception cannot be decided.
    HomesUndecided {
        which: Which,
        homes: u32,
        max: u32,
        why: HomesUndecided,
    },
    /// The serious-illness exemption was read from the members' `serious_illness`.
    IllnessExemptionFromMembers { applies: bool },
    /// Nothing declared: none assumed.
    NotDeclared,
    /// The result, and why it is not assessed (a trace step).
    Test(AssetsTest, Option<Open>),
    /// The separate edge test's result (a trace step).
    EdgeTest(AssetsTest, Option<Open>),
}

/// Runs the tests for the counted members; failures and notes go into `reasons`.
pub(crate) fn decide(
    h: &Household,
    b: &ParametersDecision<'_>,
    members: &MembershipDecision,
    t: &mut Tracer,
    reasons: &mut Vec<Note>,
) -> PropertyDecision {
    let p = b.params;
    let counted = members.n();
    let facts = Facts {
        assets: h.assets.as_ref(),
        counted,
        illness: illness_exemption(h, members),
        months_standard: |months: u32| {
            b.scaled_standard
                .checked_mul(Decimal::from(months))
                .map(|m| b.scale.unscale(m))
        },
    };
    let source = |name: &str| {
        b.resolved
            .in_force
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(.., s)| s.clone())
    };
    let mut d = PropertyDecision {
        edge_separate: p.edge_assets.is_some(),
        ..PropertyDecision::default()
    };
    (d.test, d.open) = match &p.assets {
        None if d.edge_separate => {
            reasons.push(t.note(PropertyFact::DibaoNotAssessed));
            (AssetsTest::NotAssessed, Some(Open::EdgeOnly))
        }
        None => {
            reasons.push(t.note(PropertyFact::NotAssessed));
            (AssetsTest::NotAssessed, Some(Open::NoLimits))
        }
        Some(l) => run(
            t,
            l,
            &facts,
            Which::Dibao,
            source("assets"),
            &mut d.breaches,
            reasons,
        ),
    };
    t.step(|| PropertyFact::Test(d.test, d.open));
    (d.edge_test, d.edge_open) = match &p.edge_assets {
        None => (d.test, d.open),
        Some(l) => {
            let s = source("edge_assets");
            let (test, open) = run(t, l, &facts, Which::Edge, s, &mut d.breaches, reasons);
            t.step(|| PropertyFact::EdgeTest(test, open));
            (test, open)
        }
    };
    if h.assets.is_none() && d.breaches.is_empty() && (p.assets.is_some() || d.edge_separate) {
        reasons.push(t.note(PropertyFact::NotDeclared));
    }
    d
}

/// The household's facts a limit is compared with.
struct Facts<'a, F> {
    assets: Option<&'a Assets>,
    counted: u32,
    /// Whether the serious-illness exemption applies, and whether that was
    /// read from the members (not said in `assets`).
    illness: Option<(bool, bool)>,
    /// N months of the standard, exact.
    months_standard: F,
}

/// Whether the household qualifies for a serious-illness exemption:
/// `assets.serious_illness_exemption` where given; otherwise a counted
/// member with `serious_illness` (our reading, stated in the trace).
fn illness_exemption(h: &Household, members: &MembershipDecision) -> Option<(bool, bool)> {
    match h.assets.as_ref().and_then(|a| a.serious_illness_exemption) {
        Some(b) => Some((b, false)),
        None => {
            let any = members.counted.iter().any(|i| h.members[i].serious_illness);
            Some((any, true))
        }
    }
}

/// One test against one set of limits, and why it is open if it is.
fn run<F: Fn(u32) -> Option<Money>>(
    t: &mut Tracer,
    l: &AssetLimits,
    f: &Facts<'_, F>,
    which: Which,
    source: Option<Arc<str>>,
    breaches: &mut Vec<Breach>,
    reasons: &mut Vec<Note>,
) -> (AssetsTest, Option<Open>) {
    let none = Assets::default();
    let a = f.assets.unwrap_or(&none);
    let n = f.counted.max(1);
    let mut over: Vec<Over> = Vec::new();
    if let (Some(_), Some((applies, true))) = (l.financial_illness_exemption, f.illness) {
        // The exemption was read from the members: say so where it mattered
        // (the ordinary limit is exceeded).
        let plain = AssetLimits {
            financial_illness_exemption: None,
            ..l.clone()
        };
        if financial(&plain, a, n, f).is_some() {
            t.step(|| PropertyFact::IllnessExemptionFromMembers { applies });
        }
    }
    if let Some(o) = financial(l, a, n, f) {
        over.push(o);
    }
    if let Some(o) = vehicle(l, a) {
        over.push(o);
    }
    let mut undecided = None;
    match homes(l, a, n) {
        Homes::Ok => {}
        Homes::Over(o) => over.push(o),
        Homes::Undecided { max, why } => {
            undecided = Some(Open::Homes(why));
            reasons.push(t.note(PropertyFact::HomesUndecided {
                which,
                homes: a.homes,
                max,
                why,
            }));
        }
    }
    if let Some(max) = l.max_non_residential.filter(|max| a.non_residential > *max) {
        over.push(Over::NonResidential {
            count: a.non_residential,
            max,
        });
    }
    if let Some(max) = l.max_businesses.filter(|max| a.businesses > *max) {
        over.push(Over::Businesses {
            count: a.businesses,
            max,
        });
    }
    let failed = !over.is_empty();
    for o in over {
        let b = Breach {
            which,
            over: o,
            source: source.clone(),
        };
        reasons.push(t.note(PropertyFact::Over(b.clone())));
        breaches.push(b);
    }
    match (failed, undecided) {
        (true, _) => (AssetsTest::Failed, None),
        (false, Some(o)) => (AssetsTest::NotAssessed, Some(o)),
        (false, None) => (AssetsTest::Passed, None),
    }
}

/// Financial assets against the limit, if they exceed it.
fn financial<F: Fn(u32) -> Option<Money>>(
    l: &AssetLimits,
    a: &Assets,
    n: u32,
    f: &Facts<'_, F>,
) -> Option<Over> {
    let total = a.financial()?;
    // Where a text gives more than one yardstick, the smallest binds.
    let mut limit: Option<(Money, FinancialRule)> = None;
    let mut consider = |m: Option<Money>, rule: FinancialRule| {
        if let Some(m) = m {
            if limit.is_none_or(|(cur, _)| m < cur) {
                limit = Some((m, rule));
            }
        }
    };
    if let Some(months) = l.financial_per_member_months {
        consider((f.months_standard)(months), FinancialRule::Months(months));
    }
    consider(l.financial_per_member, FinancialRule::Yuan);
    if let Some((up_to, m)) = l
        .financial_by_size
        .iter()
        .find(|(up_to, _)| up_to.is_none_or(|u| n <= u))
    {
        consider(Some(*m), FinancialRule::BySize(*up_to));
    }
    let (limit, rule) = limit?;
    let members = Decimal::from(n);
    let over = |limit: Money, exclusive: bool| {
        let cap = limit.checked_mul(members)?;
        Some(if exclusive { total >= cap } else { total > cap })
    };
    if !over(limit, l.financial_exclusive)? {
        return None;
    }
    // “超过…但在5万元（含）以内的，且患有…重特大疾病”: the exemption's
    // amount replaces the limit, inclusive.
    let exemption = l
        .financial_illness_exemption
        .filter(|_| f.illness.is_some_and(|(applies, _)| applies))
        .filter(|e| *e > limit);
    let (limit, rule, exclusive) = match exemption {
        Some(e) if !over(e, false)? => return None,
        Some(e) => (e, FinancialRule::IllnessExemption, false),
        None => (limit, rule, l.financial_exclusive),
    };
    Some(Over::Financial {
        total,
        members: n,
        limit_per_member: limit,
        rule,
        exclusive,
    })
}

/// The first vehicle the region does not allow, if any.
fn vehicle(l: &AssetLimits, a: &Assets) -> Option<Over> {
    let allowed = l.vehicles_allowed.as_ref()?;
    let exempt = l.vehicle_exempt_up_to;
    a.vehicles
        .iter()
        .find(|v| !allowed.contains(&v.kind) && exempt.is_none_or(|e| v.value > e))
        .map(|v| Over::Vehicle {
            kind: v.kind,
            value: v.value,
            exempt_up_to: exempt,
        })
}

/// The home count, with its area exception.
enum Homes {
    Ok,
    Over(Over),
    Undecided { max: u32, why: HomesUndecided },
}

fn homes(l: &AssetLimits, a: &Assets, n: u32) -> Homes {
    let Some(max) = l.max_homes.filter(|max| a.homes > *max) else {
        return Homes::Ok;
    };
    let over = |area| {
        Homes::Over(Over::Homes {
            homes: a.homes,
            max,
            area,
        })
    };
    let Some(ex) = l
        .homes_area_exception
        .as_ref()
        .filter(|ex| ex.up_to_homes.is_none_or(|u| a.homes <= u))
    else {
        return over(None);
    };
    let (threshold, area) = match (ex.per_member_area, a.home_area) {
        (None, _) => {
            return Homes::Undecided {
                max,
                why: HomesUndecided::ThresholdUnpublished,
            }
        }
        (Some(_), None) => {
            return Homes::Undecided {
                max,
                why: HomesUndecided::AreaMissing,
            }
        }
        (Some(th), Some(area)) => (th, area),
    };
    let members = Decimal::from(n);
    let cap = threshold * members;
    let qualifies = if ex.inclusive {
        area <= cap
    } else {
        area < cap
    };
    if qualifies {
        Homes::Ok
    } else {
        over(Some((threshold, area / members)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Vehicle;
    use crate::params::HomesAreaException;

    fn facts(a: &Assets, counted: u32, ill: bool) -> Facts<'_, impl Fn(u32) -> Option<Money>> {
        Facts {
            assets: Some(a),
            counted,
            illness: Some((ill, false)),
            months_standard: |m: u32| Money::yuan(1000).checked_mul(Decimal::from(m)),
        }
    }

    fn deposits(s: &str) -> Assets {
        Assets {
            deposits: Money::parse(s).unwrap(),
            ..Assets::default()
        }
    }

    #[test]
    fn financial_boundary_follows_the_words() {
        let inclusive = AssetLimits {
            financial_per_member_months: Some(24),
            ..AssetLimits::default()
        };
        let exclusive = AssetLimits {
            financial_exclusive: true,
            ..inclusive.clone()
        };
        let at = deposits("48000");
        assert!(financial(&inclusive, &at, 2, &facts(&at, 2, false)).is_none());
        assert!(financial(&exclusive, &at, 2, &facts(&at, 2, false)).is_some());
        let over = deposits("48000.01");
        assert!(financial(&inclusive, &over, 2, &facts(&over, 2, false)).is_some());
    }

    #[test]
    fn by_size_picks_the_band_and_the_smallest_limit_binds() {
        let l = AssetLimits {
            financial_by_size: vec![(Some(2), Money::yuan(33000)), (None, Money::yuan(30000))],
            ..AssetLimits::default()
        };
        let two = deposits("66000");
        assert!(financial(&l, &two, 2, &facts(&two, 2, false)).is_none());
        let three = deposits("90000.01");
        let o = financial(&l, &three, 3, &facts(&three, 3, false));
        assert!(matches!(
            o,
            Some(Over::Financial {
                rule: FinancialRule::BySize(None),
                ..
            })
        ));
        let months = AssetLimits {
            financial_per_member_months: Some(24),
            ..l
        };
        // 24 × 1000 = 24000 < 33000: the months limit binds.
        let o = financial(&months, &two, 2, &facts(&two, 2, false));
        assert!(matches!(
            o,
            Some(Over::Financial {
                rule: FinancialRule::Months(24),
                ..
            })
        ));
    }

    #[test]
    fn illness_exemption_raises_the_limit_inclusive() {
        let l = AssetLimits {
            financial_per_member_months: Some(24),
            financial_illness_exemption: Some(Money::yuan(50000)),
            ..AssetLimits::default()
        };
        let at = deposits("100000");
        assert!(financial(&l, &at, 2, &facts(&at, 2, true)).is_none());
        assert!(financial(&l, &at, 2, &facts(&at, 2, false)).is_some());
        let over = deposits("100000.01");
        assert!(matches!(
            financial(&l, &over, 2, &facts(&over, 2, true)),
            Some(Over::Financial {
                rule: FinancialRule::IllnessExemption,
                ..
            })
        ));
    }

    #[test]
    fn vehicle_exempt_by_value_inclusive() {
        let l = AssetLimits {
            vehicles_allowed: Some(vec![VehicleKind::DisabilityMobility]),
            vehicle_exempt_up_to: Some(Money::yuan(30000)),
            ..AssetLimits::default()
        };
        let car = |v: &str| Assets {
            vehicles: vec![Vehicle {
                value: Money::parse(v).unwrap(),
                kind: VehicleKind::Car,
            }],
            ..Assets::default()
        };
        assert!(vehicle(&l, &car("30000")).is_none());
        assert!(vehicle(&l, &car("30000.01")).is_some());
    }

    #[test]
    fn homes_area_exception() {
        let l = AssetLimits {
            max_homes: Some(1),
            homes_area_exception: Some(HomesAreaException {
                up_to_homes: Some(2),
                per_member_area: Some(Decimal::new(402, 1)),
                inclusive: false,
            }),
            ..AssetLimits::default()
        };
        let with = |homes: u32, area: Option<i64>| Assets {
            homes,
            home_area: area.map(|a| Decimal::new(a, 1)),
            ..Assets::default()
        };
        // 2 homes, 80.3 m² for 2: 40.15 per member < 40.2.
        assert!(matches!(homes(&l, &with(2, Some(803)), 2), Homes::Ok));
        // 80.4 m²: 40.2 per member, not below.
        assert!(matches!(homes(&l, &with(2, Some(804)), 2), Homes::Over(_)));
        assert!(matches!(homes(&l, &with(3, Some(10)), 2), Homes::Over(_)));
        assert!(matches!(
            homes(&l, &with(2, None), 2),
            Homes::Undecided {
                why: HomesUndecided::AreaMissing,
                ..
            }
        ));
    }
}

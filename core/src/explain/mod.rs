//! The one place explanations are written. The stages record typed facts
//! (who, which amount, which clause, which reading); this module gives each
//! fact its stable code, value and citation, and [`zh`] and [`en`] give it
//! its sentences, one function per stage, matching on the fact.
//!
//! Rendering happens only when a trace or detail is asked for: summary mode
//! never calls into the language modules. A third language, or a
//! plain-language mode, is one more module beside `zh` and `en`.

mod en;
mod zh;

use crate::law::*;
use crate::money::{Money, Rounding};
use crate::output::{Outcome, Verification};
use crate::stages::amount::AmountFact;
use crate::stages::classify::{ClassFact, Route};
use crate::stages::conditions::{ConditionFact, Test};
use crate::stages::income::IncomeFact;
use crate::stages::membership::{MemberFact, Reading};
use crate::stages::params::ParamsFact;
use crate::stages::property::PropertyFact;
use crate::stages::referral::ReferralFact;
use crate::stages::round::RoundFact;
use crate::stages::verify::VerificationDecision;
use crate::trace::{Note, Step};

/// A fact recorded by a stage: one variant per stage.
pub(crate) enum Fact<'a> {
    Params(ParamsFact<'a>),
    Member(MemberFact<'a>),
    Income(IncomeFact<'a>),
    Property(PropertyFact),
    Class(ClassFact<'a>),
    Amount(AmountFact<'a>),
    Round(RoundFact<'a>),
    Condition(ConditionFact),
    Referral(ReferralFact),
}

macro_rules! from_stage {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        impl<'a> From<$ty> for Fact<'a> {
            fn from(f: $ty) -> Fact<'a> {
                Fact::$variant(f)
            }
        }
    )*};
}

from_stage!(
    Params(ParamsFact<'a>),
    Member(MemberFact<'a>),
    Income(IncomeFact<'a>),
    Property(PropertyFact),
    Class(ClassFact<'a>),
    Amount(AmountFact<'a>),
    Round(RoundFact<'a>),
    Condition(ConditionFact),
    Referral(ReferralFact),
);

/// The source shown when the household gave the standard itself.
pub(crate) const STANDARD_GIVEN: &str = "本次输入提供 / given in the input (policy.standard)";

/// A fact as a trace step.
pub(crate) fn step(f: &Fact<'_>) -> Step {
    Step {
        step: f.code(),
        zh: zh::sentence(f),
        en: en::sentence(f),
        value: f.value(),
        citation: f.citation(),
    }
}

/// A fact as a reason, warning or exclusion note.
pub(crate) fn note(f: &Fact<'_>) -> Note {
    Note {
        code: f.code(),
        zh: zh::sentence(f),
        en: en::sentence(f),
        citation: f.citation(),
    }
}

/// The verification as shown: its sentences only in detail mode.
pub(crate) fn verification(d: &VerificationDecision, detail: bool) -> Verification {
    let (zh, en) = if detail {
        (zh::verification(d), en::verification(d))
    } else {
        (String::new(), String::new())
    };
    Verification {
        recorded_amount: d.recorded,
        matches: d.finding.first_difference().is_none(),
        difference: d.difference(),
        first_difference: d.finding.first_difference(),
        zh,
        en,
    }
}

impl Fact<'_> {
    /// The stable code: the step's name, or the note's code.
    pub fn code(&self) -> &'static str {
        match self {
            Fact::Params(f) => match f {
                ParamsFact::Parameters { .. } => "parameters",
                ParamsFact::Outdated { .. } => "parameters_may_be_outdated",
                ParamsFact::GradualExitOverCeiling { .. } => "gradual_exit_over_national_ceiling",
                ParamsFact::Fallback { .. } => "region_fallback",
                ParamsFact::TiersUnpublished { .. } => "tiers_unpublished",
            },
            Fact::Member(f) => match f {
                MemberFact::Member { .. } => "membership",
                MemberFact::Excluded(r, _) => r.code(),
                MemberFact::ApplicantNotCounted => "applicant_not_counted",
                MemberFact::ClergyYears { .. } => "clergy_years_reading",
            },
            Fact::Income(f) => income_code(f),
            Fact::Property(f) => property_code(f),
            Fact::Class(f) => class_code(f),
            Fact::Amount(f) => match f {
                AmountFact::Difference { .. } => "amount_difference",
                AmountFact::Tier { .. } => "amount_tier",
                AmountFact::FloorApplied { .. } | AmountFact::FloorNotNeeded { .. } => {
                    "per_person_floor"
                }
                AmountFact::Individual { .. } => "individual_coverage",
                AmountFact::Supplement { .. } => "supplement",
                AmountFact::GradualExit { .. } => "gradual_exit",
            },
            Fact::Round(_) => "rounding",
            Fact::Condition(c) => condition_code(c.test),
            Fact::Referral(_) => "tekun",
        }
    }

    /// The amount a step produced, if any.
    fn value(&self) -> Option<Money> {
        match self {
            Fact::Params(ParamsFact::Parameters { standard, .. }) => Some(*standard),
            Fact::Income(f) => income_value(f),
            Fact::Amount(f) => Some(match *f {
                AmountFact::Difference { amount, scale, .. }
                | AmountFact::Tier { amount, scale, .. }
                | AmountFact::FloorApplied { amount, scale, .. }
                | AmountFact::FloorNotNeeded { amount, scale, .. }
                | AmountFact::Individual { amount, scale, .. } => scale.unscale(amount),
                AmountFact::Supplement { amount, .. } | AmountFact::GradualExit { amount, .. } => {
                    amount
                }
            }),
            Fact::Round(f) => Some(f.amount()),
            _ => None,
        }
    }

    /// The article (or local rule) the fact applies.
    fn citation(&self) -> String {
        let both = |a: &str, b: &str| format!("{a}；{b}");
        match self {
            // 暂行办法 第十条 covers urban and rural standards alike; the 1999
            // 条例 (urban only) is not cited for it.
            Fact::Params(ParamsFact::Parameters { .. }) => ZANXING_10.into(),
            Fact::Params(ParamsFact::Outdated { .. }) => ENGINE.into(),
            Fact::Params(ParamsFact::GradualExitOverCeiling { .. }) => TONGZHI_2022.into(),
            Fact::Params(ParamsFact::Fallback { .. }) => ENGINE.into(),
            Fact::Params(ParamsFact::TiersUnpublished { .. }) => SHENHE_23.into(),
            Fact::Member(MemberFact::Member { reading: r, .. } | MemberFact::Excluded(r, _))
                if matches!(
                    r,
                    Reading::ClergyAlone | Reading::NotInIndividualApplication
                ) =>
            {
                format!("{SHENHE_8}（三）")
            }
            Fact::Member(MemberFact::Member { reading: r, .. } | MemberFact::Excluded(r, _))
                if *r == Reading::SeparateHousehold =>
            {
                format!("{SHENHE_7}；{LOCAL}（分户）")
            }
            Fact::Member(MemberFact::Member { reading: r, .. } | MemberFact::Excluded(r, _)) => {
                format!("{SHENHE_7}{}", r.clause().label())
            }
            Fact::Member(MemberFact::ApplicantNotCounted) => SHENHE_7.into(),
            // Both local texts are among the parameters in force, with their sources.
            Fact::Member(MemberFact::ClergyYears { .. }) => {
                format!("{SHENHE_7}第二款（一）；{LOCAL}")
            }
            Fact::Income(f) => income_citation(f),
            Fact::Property(PropertyFact::Test(..)) => both(ZANXING_9, SHENHE_14),
            Fact::Property(PropertyFact::EdgeTest(..)) => both(SHENHE_8, SHENHE_14),
            // A failed limit cites the local text that sets it.
            Fact::Property(PropertyFact::Over(b) | PropertyFact::Condition(b)) => match &b.source {
                Some(s) => format!("{ASSETS}；{s}"),
                None => ASSETS.into(),
            },
            Fact::Property(_) => ASSETS.into(),
            Fact::Class(f) => class_citation(f),
            Fact::Amount(f) => amount_citation(f),
            Fact::Round(RoundFact::Continued { .. }) => GRADUAL_AMOUNT.into(),
            // No national text sets a rounding (条例 第八条 does not): the
            // default is the engine's convention, others local.
            Fact::Round(RoundFact::Total { rule, .. }) => rounding_citation(*rule).into(),
            Fact::Round(RoundFact::EachAlone { rule, .. }) => {
                format!("{SHENHE_8}；{}", rounding_citation(*rule))
            }
            Fact::Condition(c) => condition_citation(c.test),
            Fact::Referral(_) => both(ZANXING_14, TEKUN_RENDING),
        }
    }
}

fn income_code(f: &IncomeFact<'_>) -> &'static str {
    match f {
        IncomeFact::NotCounted { .. } => "income_not_counted",
        IncomeFact::Counted { .. } => "income",
        IncomeFact::Disregard { .. } => "earnings_disregard",
        IncomeFact::EmploymentCost { .. } => "employment_cost",
        IncomeFact::Imputed { .. } => "imputed_income",
        IncomeFact::Deduction { .. } => "deduction",
        IncomeFact::HouseholdFloor { .. } => "household_income_floor",
        IncomeFact::RigidNotDeducted { .. } => "rigid_expenditure",
        IncomeFact::PensionExemptionUnconfirmed { .. } => "basic_pension_exemption_unconfirmed",
        IncomeFact::MemberTotal { .. } => "member_income",
        IncomeFact::SupportNotCounted { .. } | IncomeFact::Support { .. } => "support",
        IncomeFact::Household { .. } => "household_income",
        IncomeFact::PerCapita { .. } => "per_capita_income",
    }
}

fn income_value(f: &IncomeFact<'_>) -> Option<Money> {
    Some(match *f {
        IncomeFact::NotCounted { monthly, scale, .. }
        | IncomeFact::RigidNotDeducted { monthly, scale, .. }
        | IncomeFact::Counted { monthly, scale, .. }
        | IncomeFact::Deduction { monthly, scale, .. } => scale.unscale(monthly),
        IncomeFact::Disregard { amount, scale, .. }
        | IncomeFact::EmploymentCost { amount, scale, .. }
        | IncomeFact::Imputed { amount, scale, .. } => scale.unscale(amount),
        IncomeFact::MemberTotal { total, scale, .. } => scale.unscale(total),
        IncomeFact::HouseholdFloor { .. }
        | IncomeFact::SupportNotCounted { .. }
        | IncomeFact::PensionExemptionUnconfirmed { .. } => Money::ZERO,
        IncomeFact::Support { counted, .. } => counted,
        IncomeFact::Household { income } => income,
        IncomeFact::PerCapita { per_capita, .. } => per_capita,
    })
}

fn income_citation(f: &IncomeFact<'_>) -> String {
    match f {
        IncomeFact::NotCounted { .. } => format!("{SHENHE_13}（不计入的收入）"),
        IncomeFact::Deduction { .. } => format!("{SHENHE_13}（转移性支出）"),
        IncomeFact::RigidNotDeducted { .. } => format!("{SHENHE_13}（刚性支出）"),
        IncomeFact::PensionExemptionUnconfirmed { .. } => format!("{SHENHE_13}（三）"),
        IncomeFact::EmploymentCost { .. } => format!("{SHENHE_13}；{LOCAL}"),
        IncomeFact::Disregard { .. } | IncomeFact::Imputed { .. } => LOCAL.into(),
        // 条例 (1999) applies to urban residents only: cited beside the
        // national rule where the input says the household is urban.
        IncomeFact::SupportNotCounted { urban: true, .. }
        | IncomeFact::Support { urban: true, .. } => format!("{SHENHE_13_SUPPORT}；{TIAOLI_2}"),
        IncomeFact::SupportNotCounted { .. } | IncomeFact::Support { .. } => {
            SHENHE_13_SUPPORT.into()
        }
        IncomeFact::PerCapita { .. } => ZANXING_9.into(),
        IncomeFact::Counted { .. }
        | IncomeFact::HouseholdFloor { .. }
        | IncomeFact::MemberTotal { .. }
        | IncomeFact::Household { .. } => SHENHE_13.into(),
    }
}

fn property_code(f: &PropertyFact) -> &'static str {
    use crate::stages::property::{Over, Which};
    match f {
        PropertyFact::NotAssessed => "assets_not_assessed",
        PropertyFact::DibaoNotAssessed => "dibao_assets_not_assessed",
        PropertyFact::Over(b) => match (b.which, &b.over) {
            (Which::Dibao, Over::Financial { .. }) => "financial_assets_over_limit",
            (Which::Dibao, Over::Vehicle { .. }) => "vehicle_not_allowed",
            (Which::Dibao, Over::Homes { .. }) => "too_many_homes",
            (Which::Dibao, Over::NonResidential { .. }) => "too_many_non_residential",
            (Which::Dibao, Over::Businesses { .. }) => "too_many_businesses",
            (Which::Edge, Over::Financial { .. }) => "edge_financial_assets_over_limit",
            (Which::Edge, Over::Vehicle { .. }) => "edge_vehicle_not_allowed",
            (Which::Edge, Over::Homes { .. }) => "edge_too_many_homes",
            (Which::Edge, Over::NonResidential { .. }) => "edge_too_many_non_residential",
            (Which::Edge, Over::Businesses { .. }) => "edge_too_many_businesses",
        },
        PropertyFact::Condition(b) => match (b.which, &b.over) {
            (Which::Dibao, Over::Financial { .. }) => "property_financial",
            (Which::Dibao, Over::Vehicle { .. }) => "property_vehicles",
            (Which::Dibao, Over::Homes { .. }) => "property_homes",
            (Which::Dibao, Over::NonResidential { .. }) => "property_non_residential",
            (Which::Dibao, Over::Businesses { .. }) => "property_businesses",
            (Which::Edge, Over::Financial { .. }) => "edge_property_financial",
            (Which::Edge, Over::Vehicle { .. }) => "edge_property_vehicles",
            (Which::Edge, Over::Homes { .. }) => "edge_property_homes",
            (Which::Edge, Over::NonResidential { .. }) => "edge_property_non_residential",
            (Which::Edge, Over::Businesses { .. }) => "edge_property_businesses",
        },
        PropertyFact::HomesUndecided {
            which: Which::Dibao,
            ..
        } => "homes_undecided",
        PropertyFact::HomesUndecided { .. } => "edge_homes_undecided",
        PropertyFact::IllnessExemptionFromMembers { .. } => "assets_illness_exemption_reading",
        PropertyFact::NotDeclared => "assets_not_declared",
        PropertyFact::Test(..) => "assets",
        PropertyFact::EdgeTest(..) => "edge_assets",
    }
}

fn class_code(f: &ClassFact<'_>) -> &'static str {
    match f {
        ClassFact::NoCountedMembers => "no_counted_members",
        ClassFact::BelowStandard { .. } => "income_below_standard",
        ClassFact::GradualExit { .. } => "gradual_exit",
        ClassFact::GradualExitPeriod { .. } => "gradual_exit_period",
        ClassFact::BelowEdge { .. } => "income_below_edge_line",
        ClassFact::EdgeByProperty { .. } => "edge_by_property",
        ClassFact::Individual { .. } | ClassFact::Alone { .. } => "individual_coverage",
        ClassFact::NotBelowStandard { .. } => "income_not_below_standard",
        ClassFact::AboveEdge { .. } => "income_above_edge_line",
        ClassFact::AssetsOverLimit => "assets_over_limit",
        ClassFact::Outcome(_) => "classification",
        ClassFact::EdgeLineReading { .. } => "edge_line",
    }
}

fn class_citation(f: &ClassFact<'_>) -> String {
    match f {
        ClassFact::NoCountedMembers => SHENHE_7.into(),
        // Property not assessed: the property articles beside the income test's.
        ClassFact::BelowStandard { open: Some(_), .. } => ASSETS.into(),
        ClassFact::BelowStandard { .. } | ClassFact::AssetsOverLimit => ZANXING_9.into(),
        ClassFact::GradualExit { .. } => format!("{SHENHE_33}；{TONGZHI_2022}"),
        ClassFact::GradualExitPeriod { .. } => format!("{TONGZHI_2022}；{MINFADIAN_PERIOD}"),
        ClassFact::BelowEdge { .. }
        | ClassFact::EdgeByProperty { .. }
        | ClassFact::Individual { .. } => SHENHE_8.into(),
        ClassFact::Alone {
            route: Route::Clergy,
            ..
        } => format!("{SHENHE_8}（三）"),
        ClassFact::Alone {
            route: Route::Guidance,
            ..
        } => TONGZHI_2022.into(),
        ClassFact::NotBelowStandard { .. } | ClassFact::AboveEdge { .. } => {
            format!("{ZANXING_9}；{SHENHE_8}")
        }
        ClassFact::EdgeLineReading {
            inclusive: true, ..
        } => {
            format!("{SHENHE_8}；{LOCAL}；民法典 第一千二百五十九条（类推）")
        }
        ClassFact::EdgeLineReading { .. } => format!("{SHENHE_8}；{LOCAL}"),
        ClassFact::Outcome(o) => match o {
            Outcome::Dibao | Outcome::Ineligible => ZANXING_9,
            Outcome::Edge | Outcome::DibaoIndividual => SHENHE_8,
            Outcome::GradualExit => SHENHE_33,
        }
        .into(),
    }
}

fn amount_citation(f: &AmountFact<'_>) -> String {
    match f {
        AmountFact::Difference { .. } => format!("{SHENHE_23}；{ZANXING_12}"),
        AmountFact::Tier { .. } => format!("{SHENHE_23}；{LOCAL}"),
        AmountFact::FloorApplied { .. } | AmountFact::FloorNotNeeded { .. } => LOCAL.into(),
        AmountFact::Individual { floor: None, .. } => SHENHE_8.into(),
        AmountFact::Individual { floor: Some(_), .. } => format!("{SHENHE_8}；{LOCAL}"),
        AmountFact::Supplement { rule, .. } if rule.separate => LOCAL.into(),
        AmountFact::Supplement { .. } => format!("{ZANXING_12}；{SHENHE_27}；{LOCAL}"),
        AmountFact::GradualExit { .. } => GRADUAL_AMOUNT.into(),
    }
}

fn condition_code(t: Test) -> &'static str {
    match t {
        Test::MembersCounted => "members_counted",
        Test::IncomeBelowStandard => "income_below_standard",
        Test::IncomeBelowEdge => "income_below_edge_line",
        Test::Property => "property",
        Test::EdgeProperty => "edge_property",
    }
}

fn condition_citation(t: Test) -> String {
    match t {
        Test::MembersCounted => SHENHE_7.into(),
        Test::IncomeBelowStandard => ZANXING_9.into(),
        Test::IncomeBelowEdge => SHENHE_8.into(),
        Test::Property => ASSETS.into(),
        Test::EdgeProperty => format!("{SHENHE_8}；{SHENHE_14}"),
    }
}

/// The citation of a rounding rule: the engine's default, or a local rule.
fn rounding_citation(rule: Rounding) -> &'static str {
    match rule {
        Rounding::Fen => ENGINE,
        _ => LOCAL,
    }
}

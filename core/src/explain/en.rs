//! The English sentences: one function per stage, matching on its facts.

use rust_decimal::Decimal;

use super::{Fact, STANDARD_GIVEN};
use crate::law::SHENHE_14;
use crate::model::Area;
use crate::model::Period;
use crate::output::AssetsTest;
use crate::params::Level;
use crate::params::Unit;
use crate::stages::amount::AmountFact;
use crate::stages::classify::ClassFact;
use crate::stages::income::{Exemption, IncomeFact};
use crate::stages::membership::{MemberFact, Reading};
use crate::stages::params::ParamsFact;
use crate::stages::property::{Open, PropertyFact};
use crate::stages::round::RoundFact;
use crate::stages::verify::{Finding, VerificationDecision};

/// The sentence for a fact.
pub(super) fn sentence(f: &Fact<'_>) -> String {
    match f {
        Fact::Params(f) => params(f),
        Fact::Member(f) => member(f),
        Fact::Income(f) => income(f),
        Fact::Property(f) => property(f),
        Fact::Class(f) => class(f),
        Fact::Amount(f) => amount(f),
        Fact::Round(RoundFact::Total {
            total,
            rule,
            amount,
        }) => {
            format!("Monthly total {total}, {}: {amount}.", rule.en())
        }
        Fact::Round(RoundFact::EachAlone {
            parts,
            rule,
            amount,
        }) => {
            let each: Vec<String> = parts
                .iter()
                .map(|(id, own, r)| format!("{id} {own} → {r}"))
                .collect();
            format!(
                "Each member covered alone is a household of one, rounded apart ({}): {}; total {amount}.",
                rule.en(),
                each.join(", ")
            )
        }
        Fact::Round(RoundFact::Continued { amount }) => {
            format!("During the gradual exit the recorded amount {amount} continues as recorded, not rounded again.")
        }
        Fact::Condition(c) => condition(c),
        Fact::Referral(r) => {
            use crate::stages::referral::Category;
            let who = match r.category {
                Category::Elderly => "An elderly person",
                Category::Minor => "A minor",
                Category::Disabled => "A severely disabled person",
            };
            format!("{who} who may qualify for support as a person in extreme poverty (特困人员救助供养): apply to the township or sub-district for a determination (whether an obligor is able to support, and the 特困 property limits, are for it to verify).")
        }
    }
}

fn params(f: &ParamsFact<'_>) -> String {
    match f {
        ParamsFact::Parameters {
            pack,
            standard,
            from,
            source,
            published,
            area,
        } => {
            let from = from.map(|d| format!(" (from {d})")).unwrap_or_default();
            let source = source.map_or(STANDARD_GIVEN, |s| s);
            let which = match area {
                Some(Area::Urban) => "urban ",
                Some(Area::Rural) => "rural ",
                None => "",
            };
            let figure = match published {
                Some(r) if r.unit == Unit::Year => format!(
                    "{} {} ({standard} per person per month, kept exact in the computation)",
                    r.amount,
                    r.unit.en()
                ),
                _ => format!("{standard} per person per month"),
            };
            format!(
                "Parameters of {} ({}): {which}standard {figure}{from}. Source: {source}.",
                pack.name_en, pack.code
            )
        }
        ParamsFact::Fallback {
            asked,
            asked_name,
            pack,
        } => format!(
            "Region {asked}{} has no parameter pack of its own; the standard of {} ({}), the unit above it, is used. If the locality sets its own standard, give it as policy.standard.",
            asked_name.map(|n| format!(" ({n})")).unwrap_or_default(),
            pack.name_en,
            pack.code
        ),
        ParamsFact::TiersUnpublished { area } => format!(
            "Local rules pay {}低保 by tiers (分档), but no tier table was found published; this tool uses the difference method (standard × members − household income). Check the tier amounts with the local civil affairs office.",
            match area {
                Some(Area::Urban) => "urban ",
                Some(Area::Rural) => "rural ",
                None => "",
            }
        ),
        ParamsFact::Outdated {
            date,
            confirmed_through,
        } => format!("The assessment date {date} is after {confirmed_through}, the last date this region's parameters were confirmed; the standard may have changed — check with the local civil affairs office."),
        ParamsFact::GradualExitOverCeiling { months } => format!(
            "The gradual-exit period is set to {months} months, more than the national ceiling of, in principle, six."
        ),
    }
}

fn member(f: &MemberFact<'_>) -> String {
    match f {
        MemberFact::Member { id, reading, of } => format!("{id}: {}.", related(*reading, *of)),
        MemberFact::Excluded(reading, of) => format!("{}.", cap(&related(*reading, *of))),
        MemberFact::ApplicantNotCounted => "The applicant is not a counted member; the rest of the household is assessed, and the application should be made by a counted member.".into(),
        MemberFact::ClergyYears { id, years, applied, other } => format!("{id}, {years} year(s) apart: the local rule applied says {applied} years; another local text says {other}, which would decide otherwise."),
    }
}

/// The reading, naming the member it relates to ("C's spouse").
fn related(r: Reading, of: Option<&str>) -> String {
    let text = reading_text(r);
    match of {
        Some(o) => format!("{o}'s {text}"),
        None => text.into(),
    }
}

fn reading_text(r: Reading) -> &'static str {
    use Reading::*;
    match r {
        Incarcerated => "serving a prison sentence, so not counted",
        CompulsoryRehab => "in compulsory drug rehabilitation, so not counted",
        DeclaredMissing => "declared missing, so not counted",
        ClergyApart => "clergy living apart from the family for the set number of years or more, so not counted",
        ExcludedLocally => "local rules exclude members with this status",
        Applicant => "the applicant",
        Spouse => "spouse, counted",
        MinorChild => "minor child, counted",
        StudentChild => "adult child in full-time education at bachelor level or below, counted",
        DependentAdultChild => "adult child who cannot live independently, counted",
        IndependentAdultChild => "adult child able to live independently who does not live with the household, none of the persons listed in Article 7(1), so not counted",
        Unrelated => "not related to the household, so not counted",
        NoSupportObligation => "no known legal duty of support with a counted member, so not counted; if a duty exists under Civil Code Articles 1074-1075 (e.g. a grandchild whose parents have died or cannot support them), say that the duty exists (a legal duty of support: yes)",
        NotCohabiting => "does not live with the household long-term and is none of the persons in Article 7(1)(1)-(3), so not counted",
        CohabitingRelative => "relative with a legal duty of support, living with them long-term, counted",
        CohabitingAdultChild => "adult child, living with them long-term; adult children owe their parents support (Civil Code Article 26), counted",
        CohabitingParent => "parent, living with them long-term; adult children owe their parents support (Civil Code Article 26), counted",
        ClergyAlone => "clergy living in a religious place, apart from the family, for three years or more, applying alone (a one-person household)",
        NotInIndividualApplication => "the applicant applies alone under Article 8(3), so not counted",
        SeparateHousehold => "assessed apart (分户): local rules let a severely disabled or bedridden adult be assessed apart from the parents and siblings they live with, and this was asked for, so not counted",
        Pending => "not yet decided",
    }
}

fn income(f: &IncomeFact<'_>) -> String {
    match *f {
        IncomeFact::NotCounted { member, item, monthly, scale, why } => format!(
            "{member}'s {} of {} a month is not counted: {}.",
            item_name(item),
            scale.unscale(monthly),
            exemption(why)
        ),
        IncomeFact::Counted { member, item, monthly, scale, amount, period } => {
            let per = match period {
                Period::Month => String::new(),
                Period::Year => format!(" (yearly {amount} ÷ 12)"),
                Period::Months(n) => format!(" ({amount} over {n} months ÷ {n})"),
            };
            let (name, m) = (item_name(item), scale.unscale(monthly));
            format!("{member}'s {name} is counted: {m} a month{per}.")
        }
        IncomeFact::Disregard { member, amount, scale } => format!(
            "{} of {member}'s wages after taking up work is disregarded for the set period.",
            scale.unscale(amount)
        ),
        IncomeFact::EmploymentCost { member, amount, scale } => format!(
            "{} of employment cost is deducted from {member}'s wages.",
            scale.unscale(amount)
        ),
        IncomeFact::Imputed { member, band, rule, amount, scale } => format!(
            "{member} can work but does not; {} is imputed ({} of the local minimum wage {}).",
            scale.unscale(amount),
            band.fraction,
            rule.minimum_wage
        ),
        IncomeFact::Deduction { member, item, monthly, scale } => format!(
            "{member}'s {} of {} a month is deducted.",
            item_name(item),
            scale.unscale(monthly)
        ),
        IncomeFact::RigidNotDeducted { member, item, monthly, scale } => format!(
            "{member}'s rigid expenditure ({item}) of {} a month: Article 13 lets it be deducted by local rule; this region has none we know of, so it is shown and not deducted.",
            scale.unscale(monthly)
        ),
        IncomeFact::PensionExemptionUnconfirmed { until } => format!(
            "The exemption of the centrally set basic pension is known to run to {until} (the 14th Five-Year Plan period); after it the basic pension is counted, as the text says. A successor rule may extend it: check and adjust."
        ),
        IncomeFact::HouseholdFloor { net } => format!(
            "The household's income net of transfer expenditure is {net}, below zero: it counts as 0 (transfer expenditure nets across the household; only the household total is floored)."
        ),
        IncomeFact::MemberTotal { member, total, scale } => {
            format!("{member}'s countable monthly income is {}.", scale.unscale(total))
        }
        IncomeFact::SupportNotCounted { obligor, .. } => format!("None of the members obligor {obligor} supports is counted, so the support is not counted."),
        IncomeFact::Support { obligor, actual, should: Some(sh), counted, divided: Some(d), .. } => format!("Obligor {obligor}: the support due by the local formula, {} in all, is divided among the {} people they support; {sh} is due for the {} counted here. They pay {actual}; the larger, {counted}, is counted.", d.total, d.among, d.here),
        IncomeFact::Support { obligor, actual, should: Some(sh), counted, .. } => format!("Obligor {obligor}: pays {actual}, should pay {sh} by the local formula; the larger, {counted}, is counted."),
        IncomeFact::Support { obligor, actual, should: None, .. } => format!("Obligor {obligor}'s actual payment of {actual} is counted (no local formula for what should be paid)."),
        IncomeFact::Household { income } => format!("Countable monthly household income: {income}."),
        IncomeFact::PerCapita { income, n, per_capita } => format!(
            "Per-capita monthly income = {income} ÷ {n} = {per_capita} (decisions use the exact value)."
        ),
    }
}

fn exemption(e: Exemption) -> &'static str {
    match e {
        Exemption::National => "not counted by national rule (special care, family planning, scholarships, awards)",
        Exemption::SocialAssistance => "government social assistance is not counted",
        Exemption::BasicPension => "the centrally set basic pension of the residents' pension scheme is not counted while its exemption lasts",
        Exemption::LocalKind => "not counted by local rule",
        Exemption::LocalRule => "local rules do not count this kind of income",
        Exemption::ViaObligor => "it is the obligor's payment, counted once under support from obligors",
    }
}

/// The English name of an income item: its code, in words.
fn item_name(code: &str) -> String {
    code.replace('_', " ")
}

fn property(f: &PropertyFact) -> String {
    use crate::stages::property::HomesUndecided;
    match f {
        // Short: the classification sentence and the conditions say what will be checked.
        PropertyFact::NotAssessed => format!("Property not assessed: {}.", why(Open::NoLimits)),
        PropertyFact::DibaoNotAssessed => format!("Property not assessed: {}.", why(Open::EdgeOnly)),
        PropertyFact::Over(b) => format!("{}{}", scope(b.which), over(&b.over)),
        PropertyFact::Condition(b) => format!("{}{}", scope(b.which), condition_of(&b.over)),
        PropertyFact::HomesUndecided { which, homes, max, why } => {
            let tail = match why {
                HomesUndecided::ThresholdUnpublished => "the local rule makes an exception for a small floor area per member, but its figure was not found, so the home condition is not decided",
                HomesUndecided::AreaMissing => "the local rule makes an exception for a small floor area per member: give the homes' total floor area (assets.home_area) to decide it",
            };
            format!("{}The household owns {homes} homes, more than the local limit of {max}; {tail}.", scope(*which))
        }
        PropertyFact::IllnessExemptionFromMembers { applies: true } => "The local rules exempt financial assets up to an amount for a household with a serious illness needing long-term treatment; assets.serious_illness_exemption was not given, so it is taken to apply because a counted member has serious_illness.".into(),
        PropertyFact::IllnessExemptionFromMembers { applies: false } => "The local rules exempt financial assets up to an amount for a household with a serious illness needing long-term treatment; assets.serious_illness_exemption was not given and no counted member has serious_illness, so it is taken not to apply.".into(),
        PropertyFact::NotDeclared => "No property was declared, so none was assumed; an application must declare it truthfully.".into(),
        PropertyFact::Test(_, Some(o)) => format!("{}.", cap(&open(*o))),
        PropertyFact::Test(AssetsTest::Failed, _) => "Property exceeds the local limits.".into(),
        PropertyFact::Test(..) => "Property is within the local limits.".into(),
        PropertyFact::EdgeTest(_, Some(o)) => format!("Edge-household {}.", open(*o)),
        PropertyFact::EdgeTest(AssetsTest::Failed, _) => "Property exceeds the local edge-household limits.".into(),
        PropertyFact::EdgeTest(..) => "Property is within the local edge-household limits.".into(),
    }
}

/// Why a property test is not assessed, and what the office will check
/// (审核确认办法 第十四条).
/// The sentence with its first letter in capitals.
/// `s` with its first letter in capitals. Sentences start with an ASCII
/// letter or a member's id; `split_at_checked` and ASCII case keep the
/// panicking slice path and Unicode's case tables out of the WASM module.
fn cap(s: &str) -> String {
    let (first, rest) = s.split_at_checked(1).unwrap_or(("", s));
    format!("{}{rest}", first.to_ascii_uppercase())
}

fn open(o: Open) -> String {
    let why = why(o);
    format!("property not assessed ({why}), so unverified: the township or street office will check deposits, securities, vehicles and homes against the local rules ({SHENHE_14})")
}

/// Why a property test is not assessed.
fn why(o: Open) -> &'static str {
    use crate::stages::property::HomesUndecided::*;
    match o {
        Open::NoLimits => "no sourced limits shipped for this region",
        Open::EdgeOnly => "only the edge-household limits shipped",
        Open::Homes(ThresholdUnpublished) => {
            "more homes than allowed, the area exception's figure not found"
        }
        Open::Homes(AreaMissing) => "more homes than allowed, assets.home_area not given",
    }
}

/// An edge household's open property test, as a tail.
fn edge_open(o: Option<Open>) -> String {
    o.map(|o| format!("; edge-household {}", open(o)))
        .unwrap_or_default()
}

fn scope(w: crate::stages::property::Which) -> &'static str {
    match w {
        crate::stages::property::Which::Dibao => "",
        crate::stages::property::Which::Edge => "Edge-household property: ",
    }
}

fn vehicle_kind(k: crate::model::VehicleKind) -> &'static str {
    use crate::model::VehicleKind::*;
    match k {
        Car => "car",
        Motorcycle => "motorcycle",
        DisabilityMobility => "disability mobility vehicle",
        Business => "business vehicle",
    }
}

fn financial_rule(r: crate::stages::property::FinancialRule) -> String {
    use crate::stages::property::FinancialRule::*;
    match r {
        Months(m) => format!("{m} months of the standard"),
        Yuan => "the set amount".into(),
        BySize(Some(k)) => format!("the amount for households of up to {k}"),
        BySize(None) => "the amount for households of this size".into(),
        IllnessExemption => "the serious-illness exemption".into(),
    }
}

fn over(o: &crate::stages::property::Over) -> String {
    use crate::stages::property::Over;
    match *o {
        Over::Financial { total, members, limit_per_member, rule, exclusive } => {
            let cap = limit_per_member.checked_mul(members.into()).unwrap_or(limit_per_member);
            let rule = financial_rule(rule);
            if exclusive {
                format!("Financial assets total {total}, not below the local limit of {cap} (per member below {rule}, {limit_per_member}, × {members}).")
            } else {
                format!("Financial assets total {total}, over the local limit of {cap} (per member at most {rule}, {limit_per_member}, × {members}).")
            }
        }
        Over::Vehicle { kind, value, exempt_up_to } => {
            let k = vehicle_kind(kind);
            match exempt_up_to {
                Some(e) => format!("The household owns a {k} worth {value}, a kind the local rules do not allow; vehicles worth up to {e} are exempt, and this one is worth more."),
                None => format!("The household owns a {k} worth {value}, a kind the local rules do not allow."),
            }
        }
        Over::Homes { homes, max, area: None } => {
            format!("The household owns {homes} homes, more than the local limit of {max}.")
        }
        Over::Homes { homes, max, area: Some((threshold, per_member)) } => format!(
            "The household owns {homes} homes, more than the local limit of {max}; its floor area per member, {} m², is not within the exception of {} m² per member.",
            per_member.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize(),
            threshold.normalize()
        ),
        Over::NonResidential { count, max } => format!(
            "The household owns {count} non-residential properties (shops, offices, garages or parking spaces), more than the local limit of {max}."
        ),
        Over::Businesses { count, max } => format!(
            "The household has {count} registered businesses, more than the local limit of {max}."
        ),
    }
}

fn condition_of(o: &crate::stages::property::Over) -> String {
    use crate::stages::property::Over;
    match *o {
        Over::Financial {
            limit_per_member,
            rule,
            exclusive,
            ..
        } => format!(
            "Financial assets {} the limit (per member {} {}, {limit_per_member}).",
            if exclusive { "not below" } else { "over" },
            if exclusive { "below" } else { "at most" },
            financial_rule(rule)
        ),
        Over::Vehicle { kind, .. } => format!(
            "Vehicles: owns a {} the local rules do not allow.",
            vehicle_kind(kind)
        ),
        Over::Homes { max, .. } => format!("Homes: more than {max}."),
        Over::NonResidential { max, .. } => format!("Non-residential property: more than {max}."),
        Over::Businesses { max, .. } => format!("Registered businesses: more than {max}."),
    }
}

fn class(f: &ClassFact<'_>) -> String {
    match *f {
        ClassFact::NoCountedMembers => {
            "No member is counted, so the household cannot be assessed as eligible.".into()
        }
        ClassFact::BelowStandard { per_capita, standard, open: Some(o) } => format!("Per-capita monthly income {per_capita} is below the standard {standard}; {}.", open(o)),
        ClassFact::BelowStandard { per_capita, standard, .. } => format!("Per-capita monthly income {per_capita} is below the standard {standard}, and property is not over the local limits."),
        ClassFact::GradualExit { since, ends, months } => format!("Income rose above the standard after a member found work; the current amount continues through the {months}-month gradual exit counted from {since} (until {ends})."),
        ClassFact::GradualExitPeriod { since, stand_in: false, ends, months } => format!("The gradual exit counts from {since}, when income first rose above the standard after employment: {months} months, the first day not counted, the last day being {ends} (the corresponding day of the final month, or its last day where there is none)."),
        ClassFact::GradualExitPeriod { since, stand_in: true, ends, months } => format!("The day income first rose above the standard after employment (above_standard_since) is not given; the employment date {since} stands in. {months} months, the first day not counted, the last day being {ends} (the corresponding day of the final month, or its last day where there is none)."),
        ClassFact::BelowEdge { per_capita, standard, edge_line, multiple, open: o } => {
            let line = match multiple {
                Some(m) => format!("below the edge line {edge_line} ({}× the standard)", m.normalize()),
                None => format!("within the edge line's cap {edge_line}"),
            };
            format!("Per-capita monthly income {per_capita} is not below the standard {standard} but is {line}: an edge household{}.", edge_open(o))
        }
        ClassFact::EdgeByProperty { per_capita, standard, open: o } => format!("Per-capita monthly income {per_capita} is below the standard {standard}, but property exceeds the 低保 limits and is within the local edge-household limits: an edge household{}.", edge_open(o)),
        ClassFact::Individual { h, covered } => {
            let ids: Vec<&str> = covered.iter().map(|i| h.members[i].id.as_str()).collect();
            format!("Severely disabled or seriously ill members of an edge household ({}) may be covered individually.", ids.join(", "))
        }
        ClassFact::EdgeLineReading { inclusive, published, cap } => {
            let mut s = String::new();
            if let Some(cap) = cap {
                s.push_str(&format!("The edge line is capped at {cap} (equal is within). "));
            }
            if let Some(line) = published {
                s.push_str(&format!("The local edge line is published as {line}, and used as published. "));
            }
            if inclusive {
                s.push_str("The local text says \"…以下\" (at or below); by analogy with Civil Code Article 1259 (以下 includes the number itself), income equal to the edge line counts as below it.");
            }
            s.trim_end().to_owned()
        }
        ClassFact::Alone { h, covered, route } => {
            let ids: Vec<&str> = covered.iter().map(|i| h.members[i].id.as_str()).collect();
            match route {
                crate::stages::classify::Route::Clergy => format!("Clergy living in a religious place for three years or more, in need ({}), may be covered alone (a one-person household).", ids.join(", ")),
                crate::stages::classify::Route::Guidance => format!("Adult jobless members with a severe (grade 1-2) disability ({}) may be covered \"as a one-person household\", whatever the household's income.", ids.join(", ")),
            }
        }
        ClassFact::NotBelowStandard { per_capita, standard } => {
            format!("Per-capita monthly income {per_capita} is not below the standard {standard}.")
        }
        ClassFact::AboveEdge { per_capita, standard, edge_line } => format!("Per-capita monthly income {per_capita} is neither below the standard {standard} nor below the edge line {edge_line}."),
        ClassFact::AssetsOverLimit => "Property does not meet the local rules.".into(),
        ClassFact::Outcome(o) => format!("Outcome: {}.", o.en()),
    }
}

fn amount(f: &AmountFact<'_>) -> String {
    match *f {
        AmountFact::Difference {
            standard,
            n,
            income,
            amount,
            scale,
        } => format!(
            "Difference: standard {standard} × {n} {} − household income {} = {}.",
            members(n),
            scale.unscale(income),
            scale.unscale(amount)
        ),
        AmountFact::Tier {
            pay,
            n,
            amount,
            scale,
        } => format!(
            "Tiers: the per-capita income's band pays {} per member × {n} = {}.",
            scale.unscale(pay),
            scale.unscale(amount)
        ),
        AmountFact::FloorApplied {
            floor,
            n,
            amount,
            scale,
        } => format!(
            "The amount is below the local floor ({}) × {n} {}, so the floor {} applies.",
            level(floor),
            members(n),
            scale.unscale(amount)
        ),
        AmountFact::FloorNotNeeded {
            floor,
            n,
            floor_total,
            scale,
            ..
        } => format!(
            "The amount is not below the local floor ({}) × {n} = {}.",
            level(floor),
            scale.unscale(floor_total)
        ),
        AmountFact::Individual {
            member,
            standard,
            own,
            floor,
            amount,
            scale,
        } => {
            let floor = floor
                .map(|f| format!(" (at least {})", level(f)))
                .unwrap_or_default();
            format!(
                "{member} covered alone: standard {standard} − own income {}{floor} = {}.",
                scale.unscale(own),
                scale.unscale(amount)
            )
        }
        AmountFact::Supplement {
            member,
            rule,
            amount,
        } => {
            if rule.separate {
                format!(
                    "{member} qualifies for \"{}\": {amount}, paid separately (not dibao, not in the monthly amount).",
                    rule.name_en
                )
            } else {
                format!(
                    "{member} qualifies for \"{}\": {amount} more.",
                    rule.name_en
                )
            }
        }
        AmountFact::GradualExit { amount, ends } => {
            format!("During the gradual exit the current amount {amount} continues until {ends}.")
        }
    }
}

/// "member" or "members".
fn members(n: u32) -> &'static str {
    if n == 1 {
        "member"
    } else {
        "members"
    }
}

/// A level: an amount in yuan or a share of the standard.
fn level(l: Level) -> String {
    match l {
        Level::Yuan(m) => format!("{m} yuan"),
        Level::OfStandard(f) => {
            format!("{}% of the standard", (f * Decimal::from(100)).normalize())
        }
    }
}

/// The verification's sentence.
pub(super) fn verification(d: &VerificationDecision) -> String {
    let (recorded, c) = (d.recorded, &d.chain);
    match d.finding {
        Finding::Matches => format!("The recorded amount {recorded} matches the computed amount."),
        Finding::Classification => format!(
            "The recorded amount {recorded} differs from the computed {}: the decision whether to pay differs.",
            c.computed
        ),
        Finding::PerCapitaRounded => "The recorded amount matches rounding the per-capita income first and multiplying the per-capita gap; the difference must be computed on household totals (standard × members − income).".into(),
        Finding::PerPersonFloor => {
            "The recorded amount matches the amount without the local per-person floor.".into()
        }
        Finding::Supplements => {
            "The recorded amount matches the amount without the supplements.".into()
        }
        Finding::Rounding => format!(
            "The recorded amount matches another rounding rule; this region's rule: {}.",
            c.rounding.en()
        ),
        Finding::HouseholdIncome => match d.implied_income() {
            Some(i) => format!(
                "The recorded amount implies a household income of about {i} a month; the computed income is {}: the income differs.",
                c.income
            ),
            None => format!(
                "The recorded amount {recorded} differs from the computed {}; most likely the household income differs.",
                c.computed
            ),
        },
    }
}

fn condition(c: &crate::stages::conditions::ConditionFact) -> String {
    use crate::stages::conditions::Test;
    // A property test not assessed (`met: None`) carries why.
    if let Some(o) = c.open {
        return match c.test {
            Test::EdgeProperty => format!("Edge-household {}.", open(o)),
            _ => format!("{}.", cap(&open(o))),
        };
    }
    match (c.test, c.met) {
        (Test::MembersCounted, Some(true)) => "At least one household member is counted.".into(),
        (Test::MembersCounted, _) => "No household member is counted.".into(),
        (Test::IncomeBelowStandard, Some(true)) => {
            "Per-capita income is below the local standard.".into()
        }
        (Test::IncomeBelowStandard, _) => {
            "Per-capita income is not below the local standard.".into()
        }
        (Test::IncomeBelowEdge, Some(true)) => "Per-capita income is below the edge line.".into(),
        (Test::IncomeBelowEdge, _) => "Per-capita income is not below the edge line.".into(),
        (Test::EdgeProperty, Some(true)) => {
            "Property is within the local edge-household limits.".into()
        }
        (Test::EdgeProperty, _) => "Property exceeds a local edge-household limit.".into(),
        (Test::Property, Some(true)) => "Property is within the local limits.".into(),
        (Test::Property, _) => "Property exceeds a local limit.".into(),
    }
}

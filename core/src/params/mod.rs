//! Parameters: what a local notice sets (standard, multiples, floors,
//! supplements, deductions, asset limits, rounding…), as data.
//!
//! Region packs (`regions/*.json`, format in `regions/FORMAT.md`) give every
//! parameter a timeline of dated, sourced values; [`Registry::resolve`]
//! picks, for a region and a date, the values in force — the region's own
//! where it has one, the national base (`CN`) otherwise — and the household's
//! `policy` overrides are applied on top.

mod pack;
mod registry;

pub use pack::{Confidence, Pack, Source};
pub use registry::{Registry, Resolved};

mod names;
pub use names::Names;

use rust_decimal::Decimal;

use crate::model::{Area, DisabilityKind, IncomeKind, Sex, Status};
use crate::money::{Money, Rounding};

/// An amount set either in yuan or as a fraction of the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Level {
    /// A fixed amount.
    Yuan(Money),
    /// A fraction of the standard in force.
    OfStandard(Decimal),
}

impl Level {
    /// The amount, given the standard.
    pub fn amount(self, standard: Money) -> Option<Money> {
        match self {
            Level::Yuan(m) => Some(m),
            Level::OfStandard(f) => standard.checked_mul(f),
        }
    }
}

/// How the amount is computed (审核确认办法 第二十三条).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// 差额: standard × counted members − household income.
    #[default]
    Difference,
    /// 分档: bands of per-capita income, each paying an amount per member.
    Tiers(Vec<Tier>),
}

/// The unit a standard is published in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    /// 元/人·月.
    #[default]
    Month,
    /// 元/人·年 (common for rural standards).
    Year,
}

impl Unit {
    /// The stable code: `month` or `year`.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    /// Months the published amount covers.
    pub fn months(self) -> u32 {
        match self {
            Unit::Month => 1,
            Unit::Year => 12,
        }
    }

    /// The unit as written in Chinese notices.
    pub fn zh(self) -> &'static str {
        match self {
            Unit::Month => "元/人·月",
            Unit::Year => "元/人·年",
        }
    }

    /// The unit in English.
    pub fn en(self) -> &'static str {
        match self {
            Unit::Month => "yuan per person per month",
            Unit::Year => "yuan per person per year",
        }
    }
}

/// A standard as published: an amount and its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rate {
    /// The published figure.
    pub amount: Money,
    /// Per month or per year.
    pub unit: Unit,
}

impl Rate {
    /// A monthly standard.
    pub fn monthly(amount: Money) -> Rate {
        Rate {
            amount,
            unit: Unit::Month,
        }
    }

    /// The figure per month: exact for a monthly standard; for a yearly
    /// one the quotient to 28 significant digits, for display and for
    /// figures that are not scaled. Decisions use the scaled standard,
    /// which is exact (see `stages/scale.rs`).
    pub fn per_month(self) -> Option<Money> {
        match self.unit {
            Unit::Month => Some(self.amount),
            Unit::Year => self.amount.checked_div(Decimal::from(12)),
        }
    }
}

/// The standard of one version: one for everyone, or one per area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StandardSet {
    /// 城乡统一: one standard.
    Unified(Rate),
    /// Separate urban and rural standards (either may be unknown).
    Split {
        /// 城镇（城市）低保标准.
        urban: Option<Rate>,
        /// 农村低保标准.
        rural: Option<Rate>,
    },
}

impl StandardSet {
    /// The standard for `area` (`None` for a split set without an area).
    pub fn for_area(self, area: Option<Area>) -> Option<Rate> {
        match (self, area) {
            (StandardSet::Unified(r), _) => Some(r),
            (StandardSet::Split { urban, .. }, Some(Area::Urban)) => urban,
            (StandardSet::Split { rural, .. }, Some(Area::Rural)) => rural,
            (StandardSet::Split { .. }, None) => None,
        }
    }

    /// Whether urban and rural households have separate standards.
    pub fn is_split(self) -> bool {
        matches!(self, StandardSet::Split { .. })
    }
}

/// One band of a tier table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tier {
    /// The band holds per-capita incomes below this.
    pub below: Level,
    /// Paid per counted member.
    pub pay: Level,
}

/// One condition set of a supplement (all must hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Condition {
    /// Age ≥ n.
    pub age_min: Option<u32>,
    /// Age < n.
    pub age_below: Option<u32>,
    /// Disability grade in this list.
    pub disability_grades: Option<Vec<u8>>,
    /// Disability kind in this list.
    pub disability_kinds: Option<Vec<DisabilityKind>>,
    /// Has a recognised serious illness.
    pub serious_illness: bool,
    /// Is a full-time student.
    pub full_time_student: bool,
}

/// What a supplement pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SupplementAmount {
    /// A fixed amount or a fraction of the standard.
    Level(Level),
    /// The member's own standard; pays that minus the general standard.
    SeparateStandard(Money),
}

/// A 分类施保 rule: who qualifies and what they get.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SupplementRule {
    /// Stable id.
    pub id: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Alternatives: any one qualifies.
    pub when: Vec<Condition>,
    /// The amount.
    pub amount: SupplementAmount,
    /// A local payment that is not 低保金 (e.g. a disability subsidy): listed
    /// in `separate_subsidies`, never inside `monthly_amount`.
    pub separate: bool,
}

/// The employment-cost deduction from wages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmploymentCost {
    /// A fraction of the wage, or a fixed amount.
    pub deduct: Level,
    /// At most this much per member per month.
    pub cap: Option<Money>,
}

/// One age band of imputed income.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImputedBand {
    /// Applies to this sex only (`None`: any).
    pub sex: Option<Sex>,
    /// Age ≥ this.
    pub age_min: u32,
    /// Age ≤ this.
    pub age_max: u32,
    /// Fraction of the minimum wage imputed.
    pub fraction: Decimal,
}

/// Who is exempt from imputed income.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImputeExempt {
    /// Full-time carers.
    Caregiver,
    /// Full-time students.
    FullTimeStudent,
    /// Holders of a 残疾人证.
    Disability,
    /// Members with a recognised serious illness.
    SeriousIllness,
}

/// Imputed income for working-age members able to work who don't.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImputedIncome {
    /// The local monthly minimum wage.
    pub minimum_wage: Money,
    /// Age bands.
    pub bands: Vec<ImputedBand>,
    /// Exemptions.
    pub exempt: Vec<ImputeExempt>,
}

/// The formula for support that obligors should pay (审核确认办法 第十三条（四）;
/// for urban households also 条例 第二条, "应当给付的赡养费"): a share of what
/// the obligor household's income exceeds a threshold per person, times the
/// household's size.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SupportFormula {
    /// What the obligor household keeps per person, per month.
    pub threshold: SupportThreshold,
    /// Share of the capacity owed, by number of obligors sharing: `(up_to, fraction)`,
    /// the last with `None` for any number.
    pub shares: Vec<(Option<u32>, Decimal)>,
    /// The support due is divided equally among everyone the obligor
    /// supports, in this household or not (e.g. "平均到其应当赡养…的每个对象");
    /// this household counts the shares of its counted members.
    pub divide_among_supported: bool,
}

/// The obligor household's threshold per person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SupportThreshold {
    /// A multiple of the 低保 standard in force (`threshold_multiple`).
    MultipleOfStandard(Decimal),
    /// A fixed amount per person, per month or per year as published
    /// (`threshold_per_person`; 宁波: 48479 元 a year).
    PerPerson(Rate),
}

/// Asset limits (暂行办法 第九条; 审核确认办法 第十四条), as one local text
/// words them. A field that is `None` (or empty) sets no limit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssetLimits {
    /// Financial assets per counted member ≤ this many months of the standard.
    pub financial_per_member_months: Option<u32>,
    /// Financial assets per counted member ≤ this amount.
    pub financial_per_member: Option<Money>,
    /// Financial assets per counted member ≤ an amount that depends on the
    /// household's size: `(up_to_members, amount)`, ascending, the last
    /// with `None` for any size (上海: 2人户及以下 3.3万, 3人户及以上 3万).
    pub financial_by_size: Vec<(Option<u32>, Money)>,
    /// The text says 低于/不满 without （含）: assets equal to the limit fail.
    /// Default `false`: 不超过/以内/以下 — equal passes (民法典 第一千二百五十九条).
    pub financial_exclusive: bool,
    /// Where a member has a recognised serious illness needing long-term
    /// treatment, financial assets per member up to this amount (inclusive,
    /// “（含）以内”) pass even over the ordinary limit (重庆).
    pub financial_illness_exemption: Option<Money>,
    /// Vehicle kinds allowed (`None`: vehicles are not limited).
    pub vehicles_allowed: Option<Vec<crate::model::VehicleKind>>,
    /// A vehicle worth at most this (inclusive, “（含）以下”) is exempt
    /// whatever its kind (重庆: 现值在3万元（含）以下).
    pub vehicle_exempt_up_to: Option<Money>,
    /// At most this many homes.
    pub max_homes: Option<u32>,
    /// More homes are allowed where the floor area per member is small.
    pub homes_area_exception: Option<HomesAreaException>,
    /// At most this many non-residential properties (shops, offices, garages).
    pub max_non_residential: Option<u32>,
    /// At most this many registered businesses.
    pub max_businesses: Option<u32>,
}

/// The exception to the home count: more homes are allowed where the
/// household's floor area per counted member is under a threshold
/// (浙江: “有2套住房但人均建筑面积低于…”; 北京: “…达到两套及以上（家庭人均住房建筑面积低于…的除外）”).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomesAreaException {
    /// Up to this many homes (`None`: any number).
    pub up_to_homes: Option<u32>,
    /// The threshold, m² of floor area per counted member; `None` where the
    /// text names a yardstick whose figure was not found (then a household
    /// over the count is not decided on homes).
    pub per_member_area: Option<Decimal>,
    /// `true`: 不高于 (area equal to the threshold qualifies); `false`: 低于.
    pub inclusive: bool,
}

/// The Zhejiang-style earnings disregard for households already receiving 低保.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EarningsDisregard {
    /// For this many months after employment begins.
    pub months: u32,
    /// At most this multiple of the standard per month.
    pub cap_multiple: Decimal,
}

/// Every parameter of the rules, as in force on one date for one region.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Parameters {
    /// 低保标准, 元/人·月; `None` when not known.
    pub standard: Option<Money>,
    /// The standard as published (unit and figure) for the household's
    /// area; `None` when the household gave it in `policy`.
    pub standard_rate: Option<Rate>,
    /// The standards the pack sets for this version (unified or per area).
    pub standard_set: Option<StandardSet>,
    /// Areas where local rules pay by tiers but no table is published: the
    /// difference method is used, with a note.
    pub tiers_unpublished: Vec<Area>,
    /// 低保边缘 multiple (national 1.5).
    pub edge_multiple: Decimal,
    /// Difference or tiers.
    pub method: Method,
    /// Per-person floor of the household amount.
    pub per_person_floor: Option<Level>,
    /// Floor of an individually covered member's amount.
    pub individual_floor: Option<Level>,
    /// 分类施保 rules.
    pub supplements: Vec<SupplementRule>,
    /// Employment-cost deduction.
    pub employment_cost: Option<EmploymentCost>,
    /// Imputed income rule.
    pub imputed_income: Option<ImputedIncome>,
    /// Support formula.
    pub support_formula: Option<SupportFormula>,
    /// Asset limits; `None`: not assessed.
    pub assets: Option<AssetLimits>,
    /// Separate asset limits for the 低保边缘 test, where the text separates
    /// them; `None`: the edge test uses `assets`.
    pub edge_assets: Option<AssetLimits>,
    /// Gradual-exit months (national ≤ 6).
    pub gradual_exit_months: u32,
    /// Earnings disregard.
    pub earnings_disregard: Option<EarningsDisregard>,
    /// Rounding of the final amount.
    pub rounding: Rounding,
    /// The basic pension is not counted up to and including this date.
    pub basic_pension_exempt_until: Option<crate::date::Date>,
    /// Statuses excluded in addition to the national ones.
    pub excluded_statuses: Vec<Status>,
    /// Clergy apart at least this many years are excluded.
    pub clergy_years_apart: u32,
    /// Another local text's figure for the same rule, not applied (重庆:
    /// 条例 1 year, a 2023 district answer 3): a clergy member between the
    /// two figures gets a warning naming both texts.
    pub clergy_years_apart_other: Option<u32>,
    /// Income kinds not counted locally.
    pub exempt_income_kinds: Vec<IncomeKind>,
    // Issue 10: the edge line as the local text words it, rigid expenditure,
    // the 参照单人户 route.
    /// The local text says the edge line is "…以下": income equal to it is
    /// below it (read by analogy with 民法典 第一千二百五十九条).
    pub edge_inclusive: bool,
    /// The edge line as published, per person and month (used as published,
    /// instead of edge_multiple × standard).
    pub edge_line: Option<Money>,
    /// The edge line is at most this, per person and month (不超过: income
    /// equal to it is within the line): 杭州 2023, 2× the standard “且不超过
    /// 杭州市最低工资标准”.
    pub edge_line_cap: Option<Money>,
    /// Rigid expenditure kinds the region deducts (第十三条 last paragraph).
    pub rigid_deducted: Vec<crate::model::DeductionKind>,
    /// The region follows the 2022 notice's 参照单人户 route for adult jobless
    /// members with a grade 1–2 disability (default: yes).
    pub single_person_guidance: bool,
    /// An adult with a severe disability or bedridden by illness may be
    /// assessed apart from the parents and siblings they live with (分户:
    /// 重庆市城乡居民最低生活保障条例 第十一条), when the input asks.
    pub separate_household_severe: bool,
    /// Under this age a member is a minor for 特困 (特困人员认定办法 第六条:
    /// 16; some provinces, e.g. 贵州, 18).
    pub tekun_minor_below: u32,
}

impl Default for Parameters {
    /// Neutral values; the national base pack sets the real ones.
    fn default() -> Self {
        Parameters {
            standard: None,
            standard_rate: None,
            standard_set: None,
            tiers_unpublished: Vec::new(),
            edge_multiple: Decimal::new(15, 1),
            method: Method::Difference,
            per_person_floor: None,
            individual_floor: None,
            supplements: Vec::new(),
            employment_cost: None,
            imputed_income: None,
            support_formula: None,
            assets: None,
            edge_assets: None,
            gradual_exit_months: 6,
            earnings_disregard: None,
            rounding: Rounding::Fen,
            basic_pension_exempt_until: None,
            excluded_statuses: Vec::new(),
            clergy_years_apart: 3,
            clergy_years_apart_other: None,
            exempt_income_kinds: Vec::new(),
            edge_inclusive: false,
            edge_line: None,
            edge_line_cap: None,
            rigid_deducted: Vec::new(),
            single_person_guidance: true,
            separate_household_severe: false,
            tekun_minor_below: 16,
        }
    }
}

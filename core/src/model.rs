//! The validated household (docs/input.md): what the rules can trust. Built from
//! JSON by [`Household::from_json`](crate::Household::from_json), or directly
//! in Rust.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::money::{Money, Rounding};

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every stable code, in declaration order.
            pub const CODES: &'static [&'static str] = &[$($code),+];
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable snake_case code used in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code written by [`Self::code`].
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

code_enum! {
    /// Relation of a member to the applicant (docs/input.md).
    #[non_exhaustive]
    Relation {
        /// The applicant.
        SelfApplicant = "self",
        /// 配偶.
        Spouse = "spouse",
        /// 子女.
        Child = "child",
        /// 父母.
        Parent = "parent",
        /// (外)祖父母.
        Grandparent = "grandparent",
        /// (外)孙子女.
        Grandchild = "grandchild",
        /// 兄弟姐妹.
        Sibling = "sibling",
        /// Other relative; counted only with a legal support relationship.
        OtherRelative = "other_relative",
        /// Not related; never counted.
        Unrelated = "unrelated",
    }
}

code_enum! {
    /// Sex, used by some local rules (e.g. age bands for imputed income).
    Sex {
        /// 男.
        Male = "male",
        /// 女.
        Female = "female",
    }
}

code_enum! {
    /// A status that excludes a member (审核确认办法 第七条) or that a region may use.
    #[non_exhaustive]
    Status {
        /// 在监狱内服刑.
        Incarcerated = "incarcerated",
        /// 在戒毒所强制隔离戒毒.
        CompulsoryRehab = "compulsory_rehab",
        /// 宣告失踪.
        DeclaredMissing = "declared_missing",
        /// 宗教教职人员 (with `clergy_years_apart`).
        Clergy = "clergy",
        /// 现役军人 (excluded only where a region says so).
        ActiveMilitary = "active_military",
    }
}

code_enum! {
    /// Kind of disability on a 残疾人证.
    DisabilityKind {
        /// 视力.
        Visual = "visual",
        /// 听力.
        Hearing = "hearing",
        /// 言语.
        Speech = "speech",
        /// 肢体.
        Physical = "physical",
        /// 智力.
        Intellectual = "intellectual",
        /// 精神.
        Mental = "mental",
        /// 多重.
        Multiple = "multiple",
    }
}

code_enum! {
    /// Kind of income (docs/input.md; 审核确认办法 第十三条).
    #[non_exhaustive]
    IncomeKind {
        /// 工资性收入.
        Wage = "wage",
        /// 经营净收入.
        Business = "business",
        /// 财产净收入 (interest, dividends, rent).
        Property = "property",
        /// 离退休金.
        Pension = "pension",
        /// 失业保险金.
        UnemploymentInsurance = "unemployment_insurance",
        /// 赡养(抚养、扶养)费 received.
        SupportReceived = "support_received",
        /// 遗属补助金.
        SurvivorBenefit = "survivor_benefit",
        /// 赔偿收入.
        Compensation = "compensation",
        /// 接受捐赠收入.
        Donation = "donation",
        /// 其他应当计入的收入.
        Other = "other",
        /// 优待抚恤金 (not counted).
        SpecialCare = "special_care",
        /// 计划生育奖励与扶助金 (not counted).
        FamilyPlanning = "family_planning",
        /// 奖学金 (not counted).
        Scholarship = "scholarship",
        /// 见义勇为等奖励性补助 (not counted).
        Award = "award",
        /// 政府发放的各类社会救助款物 (not counted).
        SocialAssistance = "social_assistance",
        /// The centrally set (中央确定的) 城乡居民基本养老保险基础养老金 (not counted
        /// while its exemption is in force; a local top-up is `Pension`).
        BasicPension = "basic_pension",
        /// 当地规定不计入的收入 (not counted).
        LocalExempt = "local_exempt",
        /// 农业经营净收入: net farm and livestock income (a 经营净收入, 审核确认办法 第十三条（二）).
        Agriculture = "agriculture",
        /// 土地流转收入: rent for contracted land (a 财产净收入, 审核确认办法 第十三条（三）).
        LandTransfer = "land_transfer",
    }
}

code_enum! {
    /// Where the household's hukou is registered: 城镇 or 农村 低保 (docs/input.md).
    Area {
        /// 城镇（城市）.
        Urban = "urban",
        /// 农村.
        Rural = "rural",
    }
}

code_enum! {
    /// Transfer expenditure deducted from a member's income (审核确认办法 第十三条（四）).
    #[non_exhaustive]
    DeductionKind {
        /// 缴纳的税款.
        Tax = "tax",
        /// 个人缴纳的社会保障支出.
        SocialInsurance = "social_insurance",
        /// 支付的赡养费.
        SupportPaid = "support_paid",
        /// Personal medical-insurance contributions (transfer expenditure).
        MedicalInsurance = "medical_insurance",
        /// Rigid expenditure for illness (第十三条 last paragraph): deducted
        /// only where the region says so.
        Medical = "medical",
        /// Rigid expenditure for disability care: deducted only where the
        /// region says so.
        DisabilityCare = "disability_care",
        /// Rigid expenditure for education: deducted only where the region
        /// says so.
        Education = "education",
    }
}

code_enum! {
    /// Kind of vehicle (docs/input.md).
    #[non_exhaustive]
    VehicleKind {
        /// 小汽车.
        Car = "car",
        /// 摩托车.
        Motorcycle = "motorcycle",
        /// 残疾人功能性补偿代步车.
        DisabilityMobility = "disability_mobility",
        /// 经营用车.
        Business = "business",
    }
}

/// How long the stated amount covers (docs/input.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// One month (the default).
    #[default]
    Month,
    /// One year: the monthly figure is the amount ÷ 12.
    Year,
    /// `n` months (1–120): the monthly figure is the amount ÷ n.
    Months(u32),
}

impl Period {
    /// Number of months the amount covers.
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Year => 12,
            Period::Months(n) => n,
        }
    }
}

/// A member's age: whole years, or a birth date (age taken on the assessment date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    /// Whole years.
    Years(u32),
    /// Date of birth.
    BirthDate(Date),
}

impl Age {
    /// Whole years on `date`.
    pub fn on(self, date: Date) -> u32 {
        match self {
            Age::Years(y) => y,
            Age::BirthDate(b) => date.years_since(b),
        }
    }
}

/// A 残疾人证: grade 1 (most severe) to 4, and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disability {
    /// 1–4.
    pub grade: u8,
    /// Kind.
    pub kind: DisabilityKind,
}

/// One income of a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Income {
    /// Kind.
    pub kind: IncomeKind,
    /// Amount for the period.
    pub amount: Money,
    /// Period the amount covers.
    pub period: Period,
}

/// One transfer expenditure of a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deduction {
    /// Kind.
    pub kind: DeductionKind,
    /// Amount for the period.
    pub amount: Money,
    /// Period the amount covers.
    pub period: Period,
}

/// A person listed in the household (docs/input.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Label, unique in the household.
    pub id: String,
    /// Relation to the applicant.
    pub relation: Relation,
    /// Age.
    pub age: Age,
    /// Sex, if given.
    pub sex: Option<Sex>,
    /// Lives with the applicant long-term (default true).
    pub cohabiting: bool,
    /// For `other_relative`: a legal support relationship exists.
    pub support_obligation: bool,
    /// 全日制本科及以下在校学生.
    pub full_time_student: bool,
    /// `Some(false)`: an adult who cannot live independently.
    pub independent: Option<bool>,
    /// Status, if any.
    pub status: Option<Status>,
    /// For clergy: consecutive years living apart from the family.
    pub clergy_years_apart: Option<u32>,
    /// 残疾人证, if any.
    pub disability: Option<Disability>,
    /// 重特大疾病 recognised locally.
    pub serious_illness: bool,
    /// Employed, if known.
    pub employed: Option<bool>,
    /// Has work capacity, if known.
    pub work_capacity: Option<bool>,
    /// Cares full-time for a dependent relative.
    pub caregiver: bool,
    /// Incomes.
    pub incomes: Vec<Income>,
    /// Transfer expenditures.
    pub deductions: Vec<Deduction>,
    /// The member this one is married to, where the relation to the
    /// applicant does not say it (docs/input.md).
    pub spouse_of: Option<String>,
    /// This member's parents among the members, where the relation to the
    /// applicant does not say it (docs/input.md).
    pub child_of: Vec<String>,
    /// Married (used by local rules, e.g. 重庆's exclusion of unmarried
    /// active soldiers).
    pub married: Option<bool>,
    /// The obligors whose payment this member's `support_received` is: the
    /// support is then counted once, through the obligors.
    pub support_received_from: Vec<String>,
    /// Asks to be assessed apart from parents and siblings (分户), where the
    /// region allows it.
    pub separate_household: bool,
}

impl Member {
    /// A member with only the required facts; everything else at its default.
    ///
    /// ```
    /// use dibao::{Age, Member, Relation};
    /// let m = Member::new("A", Relation::SelfApplicant, Age::Years(52));
    /// assert!(m.cohabiting);
    /// ```
    pub fn new(id: impl Into<String>, relation: Relation, age: Age) -> Member {
        Member {
            id: id.into(),
            relation,
            age,
            sex: None,
            cohabiting: true,
            support_obligation: false,
            full_time_student: false,
            independent: None,
            status: None,
            clergy_years_apart: None,
            disability: None,
            serious_illness: false,
            employed: None,
            work_capacity: None,
            caregiver: false,
            incomes: Vec::new(),
            deductions: Vec::new(),
            spouse_of: None,
            child_of: Vec::new(),
            married: None,
            support_received_from: Vec::new(),
            separate_household: false,
        }
    }

    /// The support (赡养费) the member receives, a month: its
    /// `support_received` incomes, each over its period. What the obligors
    /// named in `support_received_from` must pay together, for the support
    /// to be counted once (docs/rules.md); `None` on overflow.
    ///
    /// ```
    /// use dibao::{Age, Income, IncomeKind, Member, Money, Period, Relation};
    /// let mut m = Member::new("P", Relation::Parent, Age::Years(75));
    /// m.incomes.push(Income {
    ///     kind: IncomeKind::SupportReceived,
    ///     amount: Money::yuan(3600),
    ///     period: Period::Year,
    /// });
    /// assert_eq!(m.support_received_monthly(), Some(Money::yuan(300)));
    /// ```
    pub fn support_received_monthly(&self) -> Option<Money> {
        self.incomes
            .iter()
            .filter(|x| x.kind == IncomeKind::SupportReceived)
            .try_fold(Money::ZERO, |sum, x| {
                sum.checked_add(x.amount.checked_div(Decimal::from(x.period.months()))?)
            })
    }
}

/// A vehicle owned by the household.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vehicle {
    /// Value.
    pub value: Money,
    /// Kind.
    pub kind: VehicleKind,
}

/// Household property (docs/input.md).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assets {
    /// 银行存款.
    pub deposits: Money,
    /// 证券、基金.
    pub securities: Money,
    /// 商业保险 (cash value).
    pub insurance: Money,
    /// 债权.
    pub claims: Money,
    /// Other financial assets.
    pub other_financial: Money,
    /// Vehicles.
    pub vehicles: Vec<Vehicle>,
    /// Number of residential properties.
    pub homes: u32,
    /// Floor area of all the homes together, m² (建筑面积), where a local
    /// rule allows more homes when the area per member is small.
    pub home_area: Option<rust_decimal::Decimal>,
    /// Number of non-residential properties (商铺、办公用房、车库（位）…).
    pub non_residential: u32,
    /// Number of registered businesses.
    pub businesses: u32,
    /// A member has a serious illness recognised by the authorities that
    /// needs long-term treatment, as a local exemption requires (重庆:
    /// 患有相关部门认定的重特大疾病需长期维持基本治疗). `None`: not said —
    /// read from the counted members' `serious_illness`, and the trace says so.
    pub serious_illness_exemption: Option<bool>,
}

impl Assets {
    /// Sum of the financial assets.
    pub fn financial(&self) -> Option<Money> {
        self.deposits
            .checked_add(self.securities)?
            .checked_add(self.insurance)?
            .checked_add(self.claims)?
            .checked_add(self.other_financial)
    }
}

/// A person outside the household with a legal duty of support (docs/input.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obligor {
    /// Label.
    pub id: String,
    /// Ids of the members they support.
    pub supports: Vec<String>,
    /// Size of the obligor's own household, if known.
    pub household_size: Option<u32>,
    /// The obligor household's monthly income, if known.
    pub household_income: Option<Money>,
    /// Number of obligors sharing the duty (default 1).
    pub sharing: u32,
    /// What they actually pay per month (default 0).
    pub actual_payment: Money,
    /// Everyone this obligor supports, in this household or not (`None`:
    /// the members in `supports`): a formula that divides the support due
    /// among them gives this household its share.
    pub supports_total: Option<u32>,
}

/// A household already receiving 低保.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    /// The amount paid now, per month.
    pub monthly_amount: Money,
    /// When a member's employment began, if it did.
    pub employment_since: Option<Date>,
    /// When the household's income first rose above the standard after that
    /// employment: the gradual exit counts from it (`employment_since` stands
    /// in where it is not given).
    pub above_standard_since: Option<Date>,
}

/// Overrides of the region's parameters for one assessment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// The 低保 standard (元/人·月).
    pub standard: Option<Money>,
    /// The edge (低保边缘) multiple of the standard.
    pub edge_multiple: Option<Decimal>,
    /// The rounding rule.
    pub rounding: Option<Rounding>,
    /// Length of the gradual-exit period in months.
    pub gradual_exit_months: Option<u32>,
}

/// A household to assess (docs/input.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Household {
    /// The caseload's own identifier, echoed in the output.
    pub case_id: Option<String>,
    /// GB/T 2260 code; `None` means national rules (`"CN"`).
    pub region: Option<String>,
    /// 城镇 or 农村, where the region has separate standards.
    pub area: Option<Area>,
    /// The assessment date.
    pub date: Date,
    /// Parameter overrides.
    pub policy: Policy,
    /// Everyone in the household.
    pub members: Vec<Member>,
    /// Property, if declared.
    pub assets: Option<Assets>,
    /// Obligors outside the household.
    pub obligors: Vec<Obligor>,
    /// Present when the household already receives 低保.
    pub current: Option<Current>,
    /// The amount actually approved or paid, to verify.
    pub recorded_amount: Option<Money>,
}

impl Household {
    /// A household on `date` with national rules and no members yet.
    pub fn new(date: Date) -> Household {
        Household {
            case_id: None,
            region: None,
            area: None,
            date,
            policy: Policy::default(),
            members: Vec::new(),
            assets: None,
            obligors: Vec::new(),
            current: None,
            recorded_amount: None,
        }
    }
}

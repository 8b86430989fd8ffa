//! Input and configuration faults. An ineligible household is a result, not an
//! error: [`Error`] is only for input that cannot be assessed as given.
//!
//! Every error names the field at fault with the JSON path of docs/output.md
//! (`members[0].incomes[1].amount`), has a stable snake_case [`Error::code`],
//! and says in Chinese and English what was wrong and what is allowed.

use std::fmt;

use crate::date::Date;
use crate::json::Writer;
use crate::money::MoneyError;

/// The JSON type a field must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// A JSON string.
    String,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// An amount: a string or a number.
    Amount,
    /// A decimal: a string or a number.
    Decimal,
}

impl Expected {
    fn en(self) -> &'static str {
        match self {
            Expected::Object => "an object",
            Expected::Array => "an array",
            Expected::String => "a string",
            Expected::Bool => "true or false",
            Expected::Integer => "a whole number",
            Expected::Amount => "an amount in yuan (a string like \"1234.50\" or a number)",
            Expected::Decimal => "a decimal number (a string like \"1.5\" or a number)",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Expected::Object => "对象",
            Expected::Array => "数组",
            Expected::String => "字符串",
            Expected::Bool => "true 或 false",
            Expected::Integer => "整数",
            Expected::Amount => "以元为单位的金额（如字符串 \"1234.50\" 或数字）",
            Expected::Decimal => "小数（如字符串 \"1.5\" 或数字）",
        }
    }
}

fn type_zh(t: &str) -> &'static str {
    match t {
        "null" => "null",
        "boolean" => "布尔值",
        "number" => "数字",
        "string" => "字符串",
        "array" => "数组",
        _ => "对象",
    }
}

/// One problem with an input household or a parameter pack.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not JSON.
    #[error("{field}: not valid JSON at line {line}, column {column}: {en}")]
    Syntax {
        /// Always empty: the document as a whole.
        field: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected, in English.
        en: &'static str,
        /// What was expected, in Chinese.
        zh: &'static str,
    },
    /// A field the format does not have.
    #[error("{field}: unknown field")]
    UnknownField {
        /// Path of the unknown field itself.
        field: String,
        /// The fields allowed at that place.
        allowed: &'static [&'static str],
    },
    /// A required field is absent.
    #[error("{field}: required field is missing")]
    MissingField {
        /// Path of the missing field.
        field: String,
    },
    /// A field has the wrong JSON type.
    #[error("{field}: expected {}, found {found}", expected.en())]
    InvalidType {
        /// Path of the field.
        field: String,
        /// What it must be.
        expected: Expected,
        /// The JSON type found.
        found: &'static str,
    },
    /// An amount that is not a valid non-negative two-decimal yuan amount.
    #[error("{field}: invalid amount \"{text}\"")]
    InvalidAmount {
        /// Path of the field.
        field: String,
        /// The text given.
        text: String,
        /// What is wrong with it.
        problem: MoneyError,
    },
    /// A date that is not `YYYY-MM-DD` or does not exist.
    #[error("{field}: invalid date \"{text}\", expected YYYY-MM-DD")]
    InvalidDate {
        /// Path of the field.
        field: String,
        /// The text given.
        text: String,
    },
    /// A value outside a fixed list.
    #[error("{field}: \"{text}\" is not one of {}", allowed.join(", "))]
    InvalidValue {
        /// Path of the field.
        field: String,
        /// The value given.
        text: String,
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// A number outside its range.
    #[error("{field}: {text} is outside {min}..={max}")]
    OutOfRange {
        /// Path of the field.
        field: String,
        /// The value given.
        text: String,
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// Two members (or obligors) share an id.
    #[error("{field}: duplicate id \"{id}\"")]
    DuplicateId {
        /// Path of the later occurrence.
        field: String,
        /// The id.
        id: String,
    },
    /// No member has `relation: "self"`.
    #[error("{field}: no applicant (relation \"self\")")]
    NoApplicant {
        /// `members`.
        field: String,
    },
    /// More than one member has `relation: "self"`.
    #[error("{field}: more than one applicant (relation \"self\")")]
    MultipleApplicants {
        /// `members`.
        field: String,
    },
    /// Both or neither of `age` and `birth_date`.
    #[error("{field}: give exactly one of age and birth_date")]
    AgeOrBirthDate {
        /// Path of the member.
        field: String,
    },
    /// A birth date after the assessment date.
    #[error("{field}: born after the assessment date")]
    BornAfterDate {
        /// Path of the birth date.
        field: String,
    },
    /// A reference to a member id that does not exist.
    #[error("{field}: no member has id \"{id}\"")]
    UnknownMember {
        /// Path of the reference.
        field: String,
        /// The id referred to.
        id: String,
    },
    /// A region code we have no pack for.
    #[error("{field}: unknown region \"{code}\"")]
    UnknownRegion {
        /// `region`.
        field: String,
        /// The code given.
        code: String,
    },
    /// No 低保 standard is known for the region on the date.
    #[error("{field}: no standard is known for region {region} on {date}; give policy.standard")]
    StandardUnknown {
        /// `policy.standard`.
        field: String,
        /// The region code.
        region: String,
        /// The assessment date.
        date: Date,
    },
    /// A problem in a parameter pack.
    #[error("{file}: {field}: {en}")]
    InvalidParameter {
        /// The pack's file name.
        file: String,
        /// Path inside the pack.
        field: String,
        /// What is wrong, in English.
        en: String,
        /// What is wrong, in Chinese.
        zh: String,
    },
    /// The region has separate urban and rural standards and `area` is missing.
    #[error("{field}: region {region} has separate urban and rural standards; give area")]
    AreaRequired {
        /// `area`.
        field: String,
        /// The region code.
        region: String,
        /// The urban standard in force, if known.
        urban: Option<crate::params::Rate>,
        /// The rural standard in force, if known.
        rural: Option<crate::params::Rate>,
    },
    /// An amount too large to compute with (cannot happen within input bounds).
    #[error("{field}: amounts too large to compute")]
    Overflow {
        /// The field where it happened.
        field: String,
    },
    /// A standard of 0: the standard is what each counted member is owed, so
    /// it must be more than 0.
    #[error("{field}: the standard must be more than 0")]
    StandardNotPositive {
        /// `policy.standard`.
        field: String,
    },
    /// A date in `current` after the assessment date.
    #[error("{field}: after the assessment date")]
    CurrentAfterDate {
        /// `current.employment_since` or `current.above_standard_since`.
        field: String,
    },
    /// Income rose above the standard before the employment it follows.
    #[error("{field}: before current.employment_since")]
    AboveStandardBeforeEmployment {
        /// `current.above_standard_since`.
        field: String,
    },
    /// A clergy member without the years spent apart from the family.
    #[error("{field}: status clergy needs clergy_years_apart")]
    ClergyYearsMissing {
        /// The member's `clergy_years_apart`.
        field: String,
    },
    // Issue 10.
    /// A member's `support_received` and the obligors it names disagree.
    #[error("{field}: support received {received} differs from the obligors' payment {paid}")]
    SupportMismatch {
        /// Path of `support_received_from`.
        field: String,
        /// The member's `support_received`, monthly.
        received: crate::money::Money,
        /// The named obligors' `actual_payment`, monthly.
        paid: crate::money::Money,
    },
}

impl Error {
    /// The stable snake_case code (docs/output.md).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax { .. } => "invalid_json",
            Error::UnknownField { .. } => "unknown_field",
            Error::MissingField { .. } => "missing_field",
            Error::InvalidType { .. } => "invalid_type",
            Error::InvalidAmount { .. } => "invalid_amount",
            Error::InvalidDate { .. } => "invalid_date",
            Error::InvalidValue { .. } => "invalid_value",
            Error::OutOfRange { .. } => "out_of_range",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::NoApplicant { .. } => "no_applicant",
            Error::MultipleApplicants { .. } => "multiple_applicants",
            Error::AgeOrBirthDate { .. } => "age_or_birth_date",
            Error::BornAfterDate { .. } => "born_after_date",
            Error::UnknownMember { .. } => "unknown_member",
            Error::UnknownRegion { .. } => "unknown_region",
            Error::StandardUnknown { .. } => "standard_unknown",
            Error::InvalidParameter { .. } => "invalid_parameter",
            Error::Overflow { .. } => "overflow",
            Error::AreaRequired { .. } => "area_required",
            Error::SupportMismatch { .. } => "support_mismatch",
            Error::StandardNotPositive { .. } => "standard_not_positive",
            Error::CurrentAfterDate { .. } => "current_after_date",
            Error::AboveStandardBeforeEmployment { .. } => "above_standard_before_employment",
            Error::ClergyYearsMissing { .. } => "clergy_years_missing",
        }
    }

    /// The path of the field at fault.
    pub fn field(&self) -> &str {
        match self {
            Error::Syntax { field, .. }
            | Error::UnknownField { field, .. }
            | Error::MissingField { field }
            | Error::InvalidType { field, .. }
            | Error::InvalidAmount { field, .. }
            | Error::InvalidDate { field, .. }
            | Error::InvalidValue { field, .. }
            | Error::OutOfRange { field, .. }
            | Error::DuplicateId { field, .. }
            | Error::NoApplicant { field }
            | Error::MultipleApplicants { field }
            | Error::AgeOrBirthDate { field }
            | Error::BornAfterDate { field }
            | Error::UnknownMember { field, .. }
            | Error::UnknownRegion { field, .. }
            | Error::StandardUnknown { field, .. }
            | Error::InvalidParameter { field, .. }
            | Error::Overflow { field }
            | Error::SupportMismatch { field, .. }
            | Error::StandardNotPositive { field }
            | Error::CurrentAfterDate { field }
            | Error::AboveStandardBeforeEmployment { field }
            | Error::ClergyYearsMissing { field } => field,
            Error::AreaRequired { field, .. } => field,
        }
    }

    /// The full sentence in English.
    pub fn en(&self) -> String {
        let f = self.field();
        match self {
            Error::Syntax { line, column, en, .. } => {
                format!("The input is not valid JSON (line {line}, column {column}): {en}.")
            }
            Error::UnknownField { allowed, .. } => format!(
                "`{f}` is not a field of this format. Allowed here: {}.",
                allowed.join(", ")
            ),
            Error::MissingField { .. } => format!("`{f}` is required but missing."),
            Error::InvalidType { expected, found, .. } => {
                format!("`{f}` must be {}, but is {found}.", expected.en())
            }
            Error::InvalidAmount { text, problem, .. } => match problem {
                MoneyError::Syntax => format!("`{f}` must be an amount in yuan like \"1234.50\"; \"{text}\" is not."),
                MoneyError::TooManyDecimals => format!("`{f}` has more than two decimals ({text}); amounts are in yuan to the fen."),
                MoneyError::Negative => format!("`{f}` must not be negative ({text})."),
                MoneyError::TooLarge => format!("`{f}` is too large ({text}); at most 100000000 yuan."),
            },
            Error::InvalidDate { text, .. } => {
                format!("`{f}` must be a date written YYYY-MM-DD between 1900 and 2200; \"{text}\" is not.")
            }
            Error::InvalidValue { text, allowed, .. } => {
                format!("`{f}` is \"{text}\", which is not allowed. Allowed: {}.", allowed.join(", "))
            }
            Error::OutOfRange { text, min, max, .. } => {
                format!("`{f}` is {text}, outside the allowed range {min} to {max}.")
            }
            Error::DuplicateId { id, .. } => format!("`{f}`: the id \"{id}\" is already used by an earlier entry."),
            Error::NoApplicant { .. } => {
                "`members` must contain exactly one applicant (relation \"self\"); there is none.".to_owned()
            }
            Error::MultipleApplicants { .. } => {
                "`members` must contain exactly one applicant (relation \"self\"); there are several.".to_owned()
            }
            Error::AgeOrBirthDate { .. } => format!("`{f}` must give exactly one of `age` and `birth_date`."),
            Error::BornAfterDate { .. } => format!("`{f}` is after the assessment date `date`; a member must be born by then."),
            Error::UnknownMember { id, .. } => format!("`{f}` refers to \"{id}\", but no member has that id."),
            Error::UnknownRegion { code, .. } => format!(
                "`{f}`: no rules are known for region \"{code}\". Use \"CN\" for national rules with policy.standard, or load your own parameter pack."
            ),
            Error::StandardUnknown { region, date, .. } => format!(
                "No 低保 standard is known for region {region} on {date}. Enter the local standard as policy.standard (yuan per person per month)."
            ),
            Error::InvalidParameter { file, en, .. } => format!("Parameter pack {file}, `{f}`: {en}"),
            Error::Overflow { .. } => format!("`{f}`: the amounts are too large to compute with."),
            Error::AreaRequired { region, urban, rural, .. } => format!(
                "Region {region} has separate standards: urban {}, rural {}. Give `{f}`: \"urban\" (城镇) or \"rural\" (农村), where the household's hukou is registered.",
                rate_en(*urban),
                rate_en(*rural)
            ),
            Error::SupportMismatch { received, paid, .. } => format!(
                "`{f}`: the member's support_received ({received} a month) is the obligors' payment, but their actual_payment is {paid} a month. The same support must agree to be counted once."
            ),
            Error::StandardNotPositive { .. } => format!(
                "`{f}` is 0. The 低保 standard is the amount each counted member is owed per month; it must be more than 0."
            ),
            Error::CurrentAfterDate { .. } => format!(
                "`{f}` is after the assessment date `date`; it must be on or before it."
            ),
            Error::AboveStandardBeforeEmployment { .. } => format!(
                "`{f}` is before `current.employment_since`; it is when income first rose above the standard after the employment began, so it cannot be earlier."
            ),
            Error::ClergyYearsMissing { .. } => format!(
                "`{f}` is required for a member with status \"clergy\": the consecutive years living apart from the family decide whether they are counted (not counted after three years or more nationally, 审核确认办法 第七条; a region may set fewer)."
            ),
        }
    }

    /// The full sentence in Chinese.
    pub fn zh(&self) -> String {
        let f = self.field();
        match self {
            Error::Syntax { line, column, zh, .. } => format!("输入不是有效的 JSON（第 {line} 行第 {column} 列）：{zh}。"),
            Error::UnknownField { allowed, .. } => {
                format!("“{f}”不是本格式的字段。此处允许的字段：{}。", allowed.join("、"))
            }
            Error::MissingField { .. } => format!("缺少必填字段“{f}”。"),
            Error::InvalidType { expected, found, .. } => {
                format!("“{f}”应为{}，实际为{}。", expected.zh(), type_zh(found))
            }
            Error::InvalidAmount { text, problem, .. } => match problem {
                MoneyError::Syntax => format!("“{f}”应为以元为单位的金额，如 \"1234.50\"；“{text}”不是有效金额。"),
                MoneyError::TooManyDecimals => format!("“{f}”的小数超过两位（{text}），金额最小单位为分。"),
                MoneyError::Negative => format!("“{f}”不能为负数（{text}）。"),
                MoneyError::TooLarge => format!("“{f}”金额过大（{text}），上限为 100000000 元。"),
            },
            Error::InvalidDate { text, .. } => {
                format!("“{f}”应为 1900 至 2200 年间、格式为 YYYY-MM-DD 的日期；“{text}”不是。")
            }
            Error::InvalidValue { text, allowed, .. } => {
                format!("“{f}”的值“{text}”不被允许。允许的值：{}。", allowed.join("、"))
            }
            Error::OutOfRange { text, min, max, .. } => {
                format!("“{f}”为 {text}，超出允许范围 {min} 至 {max}。")
            }
            Error::DuplicateId { id, .. } => format!("“{f}”：编号“{id}”已被前面的条目使用。"),
            Error::NoApplicant { .. } => "“members”中必须有且只有一名申请人（relation 为 \"self\"），现在没有。".to_owned(),
            Error::MultipleApplicants { .. } => {
                "“members”中必须有且只有一名申请人（relation 为 \"self\"），现在有多名。".to_owned()
            }
            Error::AgeOrBirthDate { .. } => format!("“{f}”须且只须填写 age（年龄）或 birth_date（出生日期）之一。"),
            Error::BornAfterDate { .. } => format!("“{f}”晚于核算日期 date，成员须在该日期前出生。"),
            Error::UnknownMember { id, .. } => format!("“{f}”引用了编号“{id}”，但没有该编号的家庭成员。"),
            Error::UnknownRegion { code, .. } => format!(
                "“{f}”：没有地区“{code}”的规则。可使用 \"CN\"（全国规则）并在 policy.standard 中填写当地标准，或载入自己的参数包。"
            ),
            Error::StandardUnknown { region, date, .. } => format!(
                "地区 {region} 在 {date} 的低保标准未知。请在 policy.standard 中填写当地低保标准（元/人·月）。"
            ),
            Error::InvalidParameter { file, zh, .. } => format!("参数包 {file} 的“{f}”：{zh}"),
            Error::Overflow { .. } => format!("“{f}”：金额过大，无法计算。"),
            Error::AreaRequired { region, urban, rural, .. } => format!(
                "地区 {region} 城乡低保标准不同：城镇 {}，农村 {}。请在“{f}”中填写户籍所在的城乡类别：\"urban\"（城镇）或 \"rural\"（农村）。",
                rate_zh(*urban),
                rate_zh(*rural)
            ),
            Error::SupportMismatch { received, paid, .. } => format!(
                "“{f}”：该成员的赡养（抚养、扶养）费收入 support_received（每月 {received} 元）即所列义务人的给付，但义务人的 actual_payment 为每月 {paid} 元。同一笔赡养费只计一次，两处须一致。"
            ),
            Error::StandardNotPositive { .. } => format!(
                "“{f}”为 0。低保标准是每名共同生活家庭成员每月应得的保障水平，须大于 0。"
            ),
            Error::CurrentAfterDate { .. } => format!("“{f}”晚于核算日期 date，须在该日期当日或之前。"),
            Error::AboveStandardBeforeEmployment { .. } => format!(
                "“{f}”早于 current.employment_since。该日期是就业后家庭收入首次超过低保标准之日，不能早于就业日期。"
            ),
            Error::ClergyYearsMissing { .. } => format!(
                "身份为宗教教职人员（status 为 \"clergy\"）的成员须填写“{f}”：连续脱离家庭独立生活的年数决定其是否计入家庭成员（国家规定满三年的不计入，见审核确认办法第七条；地方可规定更短年限）。"
            ),
        }
    }

    /// The pack file the error is in, for parameter-pack errors.
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::InvalidParameter { file, .. } => Some(file),
            _ => None,
        }
    }
}

/// Every problem found in one input, in document order.
///
/// ```
/// let errs = dibao::Household::from_json(r#"{"date": "2024-13-01", "members": []}"#).unwrap_err();
/// let codes: Vec<_> = errs.iter().map(|e| (e.code(), e.field())).collect();
/// assert_eq!(codes, [("invalid_date", "date"), ("out_of_range", "members")]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// Iterates over the errors.
    pub fn iter(&self) -> std::slice::Iter<'_, Error> {
        self.0.iter()
    }

    /// The number of errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The docs/output.md errors object: `{"errors": [{"code", "field", "zh", "en"}]}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object(None);
        w.begin_array(Some("errors"));
        for e in &self.0 {
            w.begin_object(None);
            w.string(Some("code"), e.code());
            if let Some(file) = e.file() {
                w.string(Some("file"), file);
            }
            w.string(Some("field"), e.field());
            w.string(Some("zh"), &e.zh());
            w.string(Some("en"), &e.en());
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Errors {
        Errors(vec![e])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = std::slice::Iter<'a, Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A standard as written in an English message.
fn rate_en(r: Option<crate::params::Rate>) -> String {
    match r {
        Some(r) => format!("{} {}", r.amount, r.unit.en()),
        None => "not known".to_owned(),
    }
}

/// A standard as written in a Chinese message.
fn rate_zh(r: Option<crate::params::Rate>) -> String {
    match r {
        Some(r) => format!("{} {}", r.amount, r.unit.zh()),
        None => "未知".to_owned(),
    }
}

//! Who counts: 共同生活的家庭成员 (审核确认办法 第七条).
//!
//! Counted: (一) spouse; (二) minor children; (三) adult children who cannot
//! live independently, including full-time students at bachelor level or
//! below; (四) others with a legal support relationship living with the
//! applicant long-term. Never counted, whatever the relation: clergy living
//! apart for three years or more (a region may set fewer), persons serving a
//! prison sentence or in compulsory drug rehabilitation, persons declared
//! missing; and the statuses a region adds.
//!
//! Readings: parents, grandparents, grandchildren and siblings are taken to
//! have the legal support relationship of 第七条（四）, so they count when
//! `cohabiting`; `other_relative` needs `support_obligation: true` as well.
//! The applicant always counts unless excluded by status.

use crate::law::SHENHE_7;
use crate::model::{Member, Relation, Status};
use crate::params::Parameters;

/// Why a member counts or not: a stable code and the sentences.
pub(crate) struct Membership {
    pub counted: bool,
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn yes(code: &'static str, zh: &'static str, en: &'static str) -> Membership {
    Membership {
        counted: true,
        code,
        zh,
        en,
    }
}

const fn no(code: &'static str, zh: &'static str, en: &'static str) -> Membership {
    Membership {
        counted: false,
        code,
        zh,
        en,
    }
}

/// Decides whether `m` is a counted member, given its age on the date.
pub(crate) fn decide(m: &Member, age: u32, p: &Parameters) -> Membership {
    match m.status {
        Some(Status::Incarcerated) => {
            return no("incarcerated", "在监狱内服刑，不计入共同生活的家庭成员", "serving a prison sentence, so not counted")
        }
        Some(Status::CompulsoryRehab) => {
            return no(
                "compulsory_rehab",
                "在戒毒所强制隔离戒毒，不计入共同生活的家庭成员",
                "in compulsory drug rehabilitation, so not counted",
            )
        }
        Some(Status::DeclaredMissing) => {
            return no("declared_missing", "已被宣告失踪，不计入共同生活的家庭成员", "declared missing, so not counted")
        }
        Some(Status::Clergy) if m.clergy_years_apart.unwrap_or(0) >= p.clergy_years_apart => {
            return no(
                "clergy_apart",
                "宗教教职人员连续脱离家庭独立生活达到规定年限，不计入共同生活的家庭成员",
                "clergy living apart from the family for the set number of years or more, so not counted",
            )
        }
        Some(s) if p.excluded_statuses.contains(&s) => {
            return no(
                "excluded_locally",
                "当地规定此类人员不计入共同生活的家庭成员",
                "local rules exclude members with this status",
            )
        }
        _ => {}
    }
    match m.relation {
        Relation::SelfApplicant => yes("applicant", "申请人本人", "the applicant"),
        Relation::Spouse => yes("spouse", "配偶，计入共同生活的家庭成员", "spouse, counted"),
        Relation::Child if age < 18 => yes(
            "minor_child",
            "未成年子女，计入共同生活的家庭成员",
            "minor child, counted",
        ),
        Relation::Child if m.full_time_student => yes(
            "student_child",
            "已成年但在校接受全日制本科及以下学历教育的子女，计入共同生活的家庭成员",
            "adult child in full-time education at bachelor level or below, counted",
        ),
        Relation::Child if m.independent == Some(false) => yes(
            "dependent_adult_child",
            "已成年但不能独立生活的子女，计入共同生活的家庭成员",
            "adult child who cannot live independently, counted",
        ),
        Relation::Child => no(
            "independent_adult_child",
            "已成年且能独立生活的子女，不计入共同生活的家庭成员",
            "adult child able to live independently, so not counted",
        ),
        Relation::Unrelated => no(
            "unrelated",
            "与申请人无亲属关系，不计入",
            "not related to the applicant, so not counted",
        ),
        Relation::OtherRelative if !m.support_obligation => no(
            "no_support_obligation",
            "与申请人无法定赡养、扶养、抚养义务关系，不计入",
            "no legal duty of support with the applicant, so not counted",
        ),
        Relation::Parent
        | Relation::Grandparent
        | Relation::Grandchild
        | Relation::Sibling
        | Relation::OtherRelative
            if !m.cohabiting =>
        {
            no(
                "not_cohabiting",
                "未与申请人长期共同居住，不计入",
                "does not live with the applicant long-term, so not counted",
            )
        }
        _ => yes(
            "cohabiting_relative",
            "具有法定赡养、扶养、抚养义务关系并长期共同居住，计入共同生活的家庭成员",
            "has a legal duty of support and lives with the applicant long-term, counted",
        ),
    }
}

/// The citation for a membership decision: 第七条 and the clause applied.
/// It holds the decision's code and finds the clause only when shown, so a
/// run without a trace does no string matching.
pub(crate) struct Citation(&'static str);

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{SHENHE_7}{}", clause(self.0))
    }
}

/// The clause of 第七条 behind a membership decision (the applicant: the
/// article as a whole).
pub(crate) fn citation(code: &'static str) -> Citation {
    Citation(code)
}

fn clause(code: &str) -> &'static str {
    match code {
        "spouse" => "（一）",
        "minor_child" => "（二）",
        "student_child" | "dependent_adult_child" | "independent_adult_child" => "（三）",
        "cohabiting_relative" | "not_cohabiting" | "no_support_obligation" | "unrelated" => {
            "（四）"
        }
        "clergy_apart" => "第二款（一）",
        "incarcerated" | "compulsory_rehab" | "declared_missing" => "第二款（二）",
        "excluded_locally" => "第二款（三）",
        _ => "",
    }
}

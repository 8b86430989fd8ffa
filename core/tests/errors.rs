//! Error messages a caseworker or resident reads, pinned word for word, and
//! the rule that every problem is reported at once.

use dibao::{Assessor, Household};

fn errors(input: &str) -> Vec<(String, String, String, String)> {
    let e = Household::from_json(input)
        .and_then(|h| Assessor::new().assess(&h).map(|_| ()))
        .unwrap_err();
    e.iter()
        .map(|e| (e.code().to_owned(), e.field().to_owned(), e.zh(), e.en()))
        .collect()
}

#[test]
fn pinned_messages() {
    let got = errors(
        r#"{"date": "2024-02-30", "members": [
            {"id": "A", "relation": "self", "age": 40, "incomse": [],
             "incomes": [{"kind": "wage", "amount": "1.005"}, {"kind": "salary", "amount": -3}]},
            {"id": "A", "relation": "self", "age": 3, "birth_date": "2021-01-01"}
        ]}"#,
    );
    let want: Vec<(&str, &str, &str, &str)> = vec![
        ("invalid_date", "date", "“date”应为 1900 至 2200 年间、格式为 YYYY-MM-DD 的日期；“2024-02-30”不是。", "`date` must be a date written YYYY-MM-DD between 1900 and 2200; \"2024-02-30\" is not."),
        ("unknown_field", "members[0].incomse", "“members[0].incomse”不是本格式的字段。此处允许的字段：id、relation、age、birth_date、sex、cohabiting、support_obligation、full_time_student、independent、status、clergy_years_apart、disability、serious_illness、employed、work_capacity、caregiver、incomes、deductions、spouse_of、child_of、married、support_received_from、separate_household。", "`members[0].incomse` is not a field of this format. Allowed here: id, relation, age, birth_date, sex, cohabiting, support_obligation, full_time_student, independent, status, clergy_years_apart, disability, serious_illness, employed, work_capacity, caregiver, incomes, deductions, spouse_of, child_of, married, support_received_from, separate_household."),
        ("invalid_amount", "members[0].incomes[0].amount", "“members[0].incomes[0].amount”的小数超过两位（1.005），金额最小单位为分。", "`members[0].incomes[0].amount` has more than two decimals (1.005); amounts are in yuan to the fen."),
        ("invalid_value", "members[0].incomes[1].kind", "“members[0].incomes[1].kind”的值“salary”不被允许。允许的值：wage、business、property、pension、unemployment_insurance、support_received、survivor_benefit、compensation、donation、other、special_care、family_planning、scholarship、award、social_assistance、basic_pension、local_exempt、agriculture、land_transfer。", "`members[0].incomes[1].kind` is \"salary\", which is not allowed. Allowed: wage, business, property, pension, unemployment_insurance, support_received, survivor_benefit, compensation, donation, other, special_care, family_planning, scholarship, award, social_assistance, basic_pension, local_exempt, agriculture, land_transfer."),
        ("invalid_amount", "members[0].incomes[1].amount", "“members[0].incomes[1].amount”不能为负数（-3）。", "`members[0].incomes[1].amount` must not be negative (-3)."),
        ("age_or_birth_date", "members[1]", "“members[1]”须且只须填写 age（年龄）或 birth_date（出生日期）之一。", "`members[1]` must give exactly one of `age` and `birth_date`."),
        ("duplicate_id", "members[1].id", "“members[1].id”：编号“A”已被前面的条目使用。", "`members[1].id`: the id \"A\" is already used by an earlier entry."),
    ];
    let want: Vec<(String, String, String, String)> = want
        .into_iter()
        .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn list_problems_name_the_list_and_duplicates_the_later() {
    let got = errors(
        r#"{"date": "2024-01-01", "members": [
        {"id": "A", "relation": "self", "age": 40}, {"id": "A", "relation": "self", "age": 41}]}"#,
    );
    let codes: Vec<(&str, &str)> = got
        .iter()
        .map(|(c, f, ..)| (c.as_str(), f.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("duplicate_id", "members[1].id"),
            ("multiple_applicants", "members")
        ]
    );

    let got = errors(
        r#"{"date": "2024-01-01", "members": [{"id": "A", "relation": "spouse", "age": 40}]}"#,
    );
    assert_eq!(got[0].0, "no_applicant");
    assert_eq!(
        got[0].2,
        "“members”中必须有且只有一名申请人（relation 为 \"self\"），现在没有。"
    );
}

#[test]
fn region_and_standard_problems() {
    let got = errors(
        r#"{"region": "999999", "date": "2024-01-01", "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
    );
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("unknown_region", "region")
    );
    let got = errors(
        r#"{"date": "2024-01-01", "members": [{"id": "A", "relation": "self", "age": 40}]}"#,
    );
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("standard_unknown", "policy.standard")
    );
    assert_eq!(got[0].2, "地区 CN 在 2024-01-01 的低保标准未知。请在 policy.standard 中填写当地低保标准（元/人·月）。");
}

#[test]
fn not_json_names_line_and_column() {
    let got = errors("{\n  \"date\": \"2024-01-01\",\n  \"members\": [ }");
    assert_eq!(got[0].0, "invalid_json");
    assert_eq!(
        got[0].3,
        "The input is not valid JSON (line 3, column 16): expected a JSON value."
    );
}

#[test]
fn numbers_are_exact_not_floats() {
    // 0.1 + 0.2 as binary floats is 0.30000000000000004; here it is 0.30 exactly.
    let h = Household::from_json(
        r#"{"date": "2024-01-01", "policy": {"standard": 1000},
        "members": [{"id": "A", "relation": "self", "age": 40,
          "incomes": [{"kind": "wage", "amount": 0.1}, {"kind": "other", "amount": 0.2}]}]}"#,
    )
    .unwrap();
    let a = Assessor::new().assess(&h).unwrap();
    assert_eq!(a.household_income.to_string(), "0.30");
    assert_eq!(a.monthly_amount.to_string(), "999.70");
}

#[test]
fn pack_errors_name_file_and_path() {
    let mut a = Assessor::new();
    let e = a
        .add_pack("mine.json", r#"{"format": "dibao-region/1", "code": "12345", "name": {"zh": "x", "en": "x"},
            "confirmed_through": "2026-01-01", "sources": {"s": {"title": "t", "confidence": "secondary"}},
            "parameters": {"standard": [{"from": "2026-01-01", "value": "1000", "source": "nope"},
                                         {"from": "2025-01-01", "value": "900", "source": "s"}],
                           "colour": []}}"#)
        .unwrap_err();
    let got: Vec<(Option<&str>, &str)> = e.iter().map(|e| (e.file(), e.field())).collect();
    assert_eq!(
        got,
        [
            (Some("mine.json"), "code"),
            (Some("mine.json"), "parameters.standard[0].source"),
            (Some("mine.json"), "parameters.standard[1].from"),
            (Some("mine.json"), "parameters.colour"),
        ]
    );
}

/// Households built in Rust (or by the CSV reader) skip the JSON reader's
/// checks: the assessment refuses the same facts, with the same codes and
/// paths, instead of answering from them.
#[test]
fn facts_refused_for_households_built_in_rust() {
    use dibao::{Age, Current, Date, Member, Money, Relation, Status};
    let date = Date::parse("2024-03-15").unwrap();
    let mut h = Household::new(date);
    h.members
        .push(Member::new("A", Relation::SelfApplicant, Age::Years(40)));
    h.policy.standard = Some(Money::ZERO);
    let e = Assessor::new().assess(&h).unwrap_err();
    let got: Vec<(&str, &str)> = e.iter().map(|e| (e.code(), e.field())).collect();
    assert_eq!(got, [("standard_not_positive", "policy.standard")]);

    h.policy.standard = Some(Money::yuan(1000));
    let mut b = Member::new("B", Relation::Spouse, Age::Years(41));
    b.status = Some(Status::Clergy);
    h.members.push(b);
    h.current = Some(Current {
        monthly_amount: Money::yuan(800),
        employment_since: Date::parse("2024-03-16"),
        above_standard_since: Date::parse("2024-03-01"),
    });
    let e = Assessor::new().assess(&h).unwrap_err();
    let got: Vec<(&str, &str)> = e.iter().map(|e| (e.code(), e.field())).collect();
    assert_eq!(
        got,
        [
            ("current_after_date", "current.employment_since"),
            (
                "above_standard_before_employment",
                "current.above_standard_since"
            ),
            ("clergy_years_missing", "members[1].clergy_years_apart"),
        ]
    );
}

/// A support formula gives its threshold one way: a multiple of the
/// standard or an amount per person, not both, not neither.
#[test]
fn support_formula_threshold_given_once() {
    let pack = |formula: &str| {
        format!(
            r#"{{"format": "dibao-region/1", "code": "999011", "name": {{"zh": "x", "en": "x"}},
            "confirmed_through": "2026-01-01", "sources": {{"s": {{"title": "t", "confidence": "derived"}}}},
            "parameters": {{"standard": [{{"from": "2020-01-01", "value": "1000", "source": "s", "note": "n"}}],
              "support_formula": [{{"from": "2020-01-01", "value": {formula}, "source": "s", "note": "n"}}]}}}}"#
        )
    };
    for bad in [
        r#"{"threshold_multiple": "2", "threshold_per_person": "2000", "shares": [{"fraction": "0.5"}]}"#,
        r#"{"shares": [{"fraction": "0.5"}]}"#,
    ] {
        let e = Assessor::new().add_pack("p.json", &pack(bad)).unwrap_err();
        let got: Vec<(&str, &str)> = e.iter().map(|e| (e.code(), e.field())).collect();
        assert_eq!(
            got,
            [("invalid_parameter", "parameters.support_formula[0].value")]
        );
    }
    let ok = r#"{"threshold_per_person": {"year": "48479"}, "shares": [{"fraction": "1"}], "divide_among_supported": true}"#;
    Assessor::new().add_pack("p.json", &pack(ok)).unwrap();
}

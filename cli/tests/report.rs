//! The printable 核算表: every part a caseworker files, in both languages.

mod common;

fn assess(input: &str, args: &[&str]) -> String {
    let mut all = vec!["assess", "-"];
    all.extend_from_slice(args);
    let (code, out, _) = common::dibao(&all, Some(input.as_bytes()));
    assert_eq!(code, 0);
    out
}

const CASE: &str = r#"{"case_id": "JN-1", "region": "370100", "area": "urban", "date": "2024-06-01", "recorded_amount": "2167.00",
 "members": [
  {"id": "A", "relation": "self", "age": 38,
   "incomes": [{"kind": "wage", "amount": "1200"}, {"kind": "scholarship", "amount": "100"}],
   "deductions": [{"kind": "social_insurance", "amount": "120"}]},
  {"id": "B", "relation": "child", "age": 9, "disability": {"grade": 2, "kind": "intellectual"},
   "incomes": [{"kind": "special_care", "amount": "300"}]},
  {"id": "C", "relation": "parent", "age": 70, "incomes": [{"kind": "basic_pension", "amount": "180"}]},
  {"id": "D", "relation": "sibling", "age": 40, "status": "incarcerated"}]}"#;

#[test]
fn the_table_in_chinese() {
    let out = assess(CASE, &[]);
    for want in [
        "案件编号：JN-1",
        "济南市（370100）",
        "参数版本：自 2024-01-01",
        "标准来源：",
        // Members: counted and excluded, with the reason and the facts that matter.
        "残疾二级（智力）",
        "不计入    在监狱内服刑",
        "计入人数：3（不计入 1 人）",
        // Incomes: what was not counted, and why, in words.
        "不计入：奖学金按国家规定不计入家庭收入",
        "不计入：优待抚恤金按国家规定不计入家庭收入",
        "不计入：中央确定的城乡居民基本养老保险基础养老金在豁免期内不计入",
        "扣减：转移性支出，从收入中扣减",
        // 1114 × 3 − (1200 − 120) = 2262.
        "家庭月人均收入",
        "360.00",
        "月保障金：2262.00 元",
        "取整规则：四舍五入到分",
        "核对记录金额：2167.00",
        "社会救助暂行办法 第九条",
        "低保标准  自 2024-01-01",
        "经办人：",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(
        !out.contains("exempt_national"),
        "codes instead of words:\n{out}"
    );
    assert!(out.lines().all(|l| l == l.trim_end()), "trailing spaces");
}

#[test]
fn the_table_in_english() {
    let out = assess(CASE, &["--lang", "en", "--no-trace"]);
    for want in [
        "Case: JN-1",
        "disability grade 2 (intellectual)",
        "excluded  Serving a prison sentence",
        "not counted: scholarships are not counted (national rule)",
        "Monthly amount: 2262.00 yuan",
        "Rounding: rounded half up to the fen",
        "6. Parameters in force",
        "Caseworker:",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

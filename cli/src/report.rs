//! The printable 核算表: the household, who counts, incomes, the
//! computation, the outcome, the articles relied on and the parameters used.

use std::fmt::Write as _;

use dibao::{Assessment, Household};

use crate::args::Lang;

fn relation_zh(code: &str) -> &'static str {
    match code {
        "self" => "申请人",
        "spouse" => "配偶",
        "child" => "子女",
        "parent" => "父母",
        "grandparent" => "祖父母",
        "grandchild" => "孙子女",
        "sibling" => "兄弟姐妹",
        "other_relative" => "其他亲属",
        _ => "无亲属关系",
    }
}

fn effect_zh(code: &str) -> &'static str {
    match code {
        "counted" => "计入",
        "deducted" => "扣减",
        _ => "不计入",
    }
}

/// Renders the 核算表 in the chosen language.
pub fn render(h: &Household, a: &Assessment, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    let mut o = String::new();
    let rule = "─".repeat(60);
    let p = &a.parameters;
    let _ = writeln!(
        o,
        "{}",
        t(
            "最低生活保障核算表",
            "Minimum living allowance (低保) assessment"
        )
    );
    let _ = writeln!(o, "{rule}");
    if let Some(id) = &a.case_id {
        let _ = writeln!(o, "{}{id}", t("案件编号：", "Case: "));
    }
    let name = if zh { &p.name_zh } else { &p.name_en };
    let from = p.from.map_or("-".to_owned(), |d| d.to_string());
    let _ = writeln!(
        o,
        "{}{name}（{}）   {}{}   {}{from}",
        t("地区：", "Region: "),
        p.region,
        t("核算日期：", "Date: "),
        h.date,
        t("参数版本：自 ", "Parameters from ")
    );
    let _ = writeln!(
        o,
        "{}{}",
        t("标准来源：", "Source of the standard: "),
        p.source
    );
    for w in &a.warnings {
        let _ = writeln!(o, "⚠ {}", if zh { &w.zh } else { &w.en });
    }

    let _ = writeln!(o, "\n{}", t("一、家庭成员", "1. Household members"));
    for m in &h.members {
        let age = m.age.on(h.date);
        let excluded = a.excluded_members.iter().find(|e| e.id == m.id);
        let status = match excluded {
            None => t("计入", "counted").to_owned(),
            Some(e) => format!(
                "{}：{}",
                t("不计入", "not counted"),
                if zh { &e.reason.zh } else { &e.reason.en }
            ),
        };
        let rel = if zh {
            relation_zh(m.relation.code()).to_owned()
        } else {
            m.relation.code().replace('_', " ")
        };
        let _ = writeln!(
            o,
            "  {:<8} {:<10} {:>3}{}  {status}",
            m.id,
            rel,
            age,
            t("岁", "y")
        );
    }

    let _ = writeln!(
        o,
        "\n{}",
        t("二、收入（月均，元）", "2. Income (monthly, yuan)")
    );
    if a.incomes.is_empty() {
        let _ = writeln!(o, "  {}", t("无收入", "no income"));
    }
    for l in &a.incomes {
        let item = if zh {
            item_zh(l.item)
        } else {
            l.item.replace('_', " ")
        };
        let effect = if zh {
            effect_zh(l.effect).to_owned()
        } else {
            l.effect.replace('_', " ")
        };
        let _ = writeln!(
            o,
            "  {:<8} {:<24} {:>12}  {effect}（{}）",
            l.member,
            item,
            l.monthly.to_string(),
            l.reason
        );
    }

    let _ = writeln!(o, "\n{}", t("三、核算", "3. Computation"));
    let rows: [(&str, &str, String); 6] = [
        (
            "家庭月可计收入",
            "Household monthly income",
            a.household_income.to_string(),
        ),
        ("计入人数", "Counted members", a.household_size.to_string()),
        (
            "家庭月人均收入",
            "Per-capita monthly income",
            a.per_capita_income.to_string(),
        ),
        ("低保标准", "Standard", a.standard.to_string()),
        ("低保边缘标准", "Edge line", a.edge_line.to_string()),
        ("财产核定", "Property test", a.assets_test.code().to_owned()),
    ];
    for (z, e, v) in rows {
        let _ = writeln!(o, "  {:<16} {v}", if zh { z } else { e });
    }

    let _ = writeln!(o, "\n{}", t("四、结论", "4. Outcome"));
    let _ = writeln!(
        o,
        "  {}{}",
        t("认定结果：", "Outcome: "),
        if zh { a.outcome.zh() } else { a.outcome.en() }
    );
    let _ = writeln!(
        o,
        "  {}{} {}",
        t("月保障金：", "Monthly amount: "),
        a.monthly_amount,
        t("元", "yuan")
    );
    let _ = writeln!(o, "  {}{}", t("取整规则：", "Rounding: "), p.rounding);
    if !a.covered_members.is_empty() {
        let _ = writeln!(
            o,
            "  {}{}",
            t("保障对象：", "Covered: "),
            a.covered_members.join(if zh { "、" } else { ", " })
        );
    }
    for c in &a.individual_coverage {
        let _ = writeln!(
            o,
            "  {}{} {} {}",
            t("单人户 ", "covered alone: "),
            c.member,
            c.amount,
            t("元", "yuan")
        );
    }
    for s in &a.supplements {
        let _ = writeln!(
            o,
            "  {}{}：{} {} {}",
            t("分类施保 ", "supplement "),
            s.member,
            if zh { &s.zh } else { &s.en },
            s.amount,
            t("元", "yuan")
        );
    }
    if let Some(g) = &a.gradual_exit {
        let _ = writeln!(
            o,
            "  {}{}",
            t("渐退期至：", "Gradual exit until: "),
            g.ends_on
        );
    }
    if let Some(v) = &a.verification {
        let _ = writeln!(
            o,
            "  {}{}（{}）",
            t("核对记录金额：", "Recorded amount: "),
            v.recorded_amount,
            if zh { &v.zh } else { &v.en }
        );
    }

    let _ = writeln!(o, "\n{}", t("五、依据", "5. Grounds"));
    for r in &a.reasons {
        let _ = writeln!(
            o,
            "  · {}〔{}〕",
            if zh { &r.zh } else { &r.en },
            r.citation
        );
    }

    if !a.trace.is_empty() {
        let _ = writeln!(o, "\n{}", t("六、核算步骤", "6. Steps"));
        for (i, s) in a.trace.iter().enumerate() {
            let _ = writeln!(
                o,
                "  {:>2}. {}〔{}〕",
                i + 1,
                if zh { &s.zh } else { &s.en },
                s.citation
            );
        }
    }

    let _ = writeln!(o, "\n{}", t("七、参数来源", "7. Parameters in force"));
    for (name, from, src) in &p.in_force {
        let _ = writeln!(o, "  {name}  {}{from}  {src}", t("自 ", "from "));
    }
    if !p.overridden.is_empty() {
        let _ = writeln!(
            o,
            "  {}{}",
            t("本次输入覆盖的参数：", "Overridden by the input: "),
            p.overridden.join(", ")
        );
    }
    let _ = writeln!(o, "{rule}\n{}", dibao::ENGINE);
    let _ = writeln!(o, "{}", t("本表为测算结果，最终以户籍所在地乡镇人民政府（街道办事处）和县级民政部门审核确认为准。", "This is an estimate; the decision rests with the township (street) office and the county civil affairs department."));
    o
}

fn item_zh(code: &str) -> String {
    let s = match code {
        "wage" => "工资性收入",
        "business" => "经营净收入",
        "property" => "财产净收入",
        "pension" => "离退休金",
        "unemployment_insurance" => "失业保险金",
        "support_received" => "赡养费（收到）",
        "survivor_benefit" => "遗属补助金",
        "compensation" => "赔偿收入",
        "donation" => "捐赠收入",
        "other" => "其他收入",
        "special_care" => "优待抚恤金",
        "family_planning" => "计划生育奖励扶助金",
        "scholarship" => "奖学金",
        "award" => "奖励性补助",
        "social_assistance" => "社会救助款物",
        "basic_pension" => "城乡居民基础养老金",
        "local_exempt" => "当地豁免收入",
        "tax" => "税款",
        "social_insurance" => "社会保险费（个人）",
        "support_paid" => "支付的赡养费",
        "employment_cost" => "就业成本",
        "imputed" => "推算收入",
        "earnings_disregard" => "就业收入豁免",
        "support" => "赡养人赡养费",
        other => other,
    };
    s.to_owned()
}

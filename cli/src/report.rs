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
    let _ = writeln!(
        o,
        "  {}{}{}{}{}",
        pad(t("编号", "id"), 10),
        pad(t("关系", "relation"), 16),
        pad(t("年龄", "age"), 6),
        pad(t("认定", "counted"), 10),
        t("情况 / 理由", "facts / reason")
    );
    for m in &h.members {
        let age = m.age.on(h.date);
        let excluded = a.excluded_members.iter().find(|e| e.id == m.id);
        let rel = if zh {
            relation_zh(m.relation.code()).to_owned()
        } else {
            m.relation.code().replace('_', " ")
        };
        let mut facts = member_facts(m, zh);
        let counted = match excluded {
            None => t("计入", "counted"),
            Some(e) => {
                facts.push(if zh {
                    e.reason.zh.clone()
                } else {
                    e.reason.en.clone()
                });
                t("不计入", "excluded")
            }
        };
        let line = format!(
            "  {}{}{}{}{}",
            pad(&m.id, 10),
            pad(&rel, 16),
            pad(&format!("{age}{}", t("岁", "")), 6),
            pad(counted, 10),
            facts.join(if zh { "；" } else { "; " })
        );
        let _ = writeln!(o, "{}", line.trim_end());
    }
    let _ = writeln!(
        o,
        "  {}{}{}",
        t("计入人数：", "Counted members: "),
        a.household_size,
        if a.excluded_members.is_empty() {
            String::new()
        } else if zh {
            format!("（不计入 {} 人）", a.excluded_members.len())
        } else {
            format!(" ({} excluded)", a.excluded_members.len())
        }
    );

    let _ = writeln!(
        o,
        "\n{}",
        t("二、收入（月均，元）", "2. Income (monthly, yuan)")
    );
    if a.incomes.is_empty() {
        let _ = writeln!(o, "  {}", t("无收入", "no income"));
    }
    if !a.incomes.is_empty() {
        let _ = writeln!(
            o,
            "  {}{}{}  {}",
            pad(t("成员", "member"), 10),
            pad(t("项目", "item"), 26),
            pad_left(t("月均", "monthly"), 12),
            t("认定及理由", "treatment and reason")
        );
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
        let why = match reason_text(l.item, l.reason, zh) {
            Some(w) if zh => format!("：{w}"),
            Some(w) => format!(": {w}"),
            None => String::new(),
        };
        let _ = writeln!(
            o,
            "  {}{}{}  {effect}{why}",
            pad(&l.member, 10),
            pad(&item, 26),
            pad_left(&l.monthly.to_string(), 12),
        );
    }
    if a.incomes.iter().any(|l| l.effect == "not_counted") {
        let _ = writeln!(
            o,
            "  {}",
            t(
                "（不计入的收入依据：最低生活保障审核确认办法 第十三条）",
                "(incomes not counted: 最低生活保障审核确认办法 第十三条)"
            )
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
        ("低保标准", "Standard", standard_text(a, zh)),
        ("低保边缘标准", "Edge line", a.edge_line.to_string()),
        (
            "财产核定",
            "Property test",
            assets_words(a.assets_test.code(), zh).to_owned(),
        ),
    ];
    for (z, e, v) in rows {
        let _ = writeln!(o, "  {}{v}", pad(if zh { z } else { e }, 28));
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
    let rounding =
        dibao::Rounding::from_code(p.rounding)
            .map_or(p.rounding, |r| if zh { r.zh() } else { r.en() });
    let _ = writeln!(o, "  {}{}", t("取整规则：", "Rounding: "), rounding);
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

    issue10_lines(&mut o, a, zh);

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

    let _ = writeln!(
        o,
        "\n{}",
        match (a.trace.is_empty(), zh) {
            (false, true) => "七、参数来源",
            (false, false) => "7. Parameters in force",
            (true, true) => "六、参数来源",
            (true, false) => "6. Parameters in force",
        }
    );
    for (name, from, src) in &p.in_force {
        let shown = if zh {
            parameter_zh(name).to_owned()
        } else {
            name.replace('_', " ")
        };
        let _ = writeln!(o, "  {shown}  {}{from}  {src}", t("自 ", "from "));
    }
    if !p.overridden.is_empty() {
        let _ = writeln!(
            o,
            "  {}{}",
            t("本次输入覆盖的参数：", "Overridden by the input: "),
            p.overridden.join(", ")
        );
    }
    let _ = writeln!(
        o,
        "\n{}",
        t(
            "经办人：__________   审核人：__________   日期：__________",
            "Caseworker: __________   Reviewer: __________   Date: __________"
        )
    );
    let _ = writeln!(o, "{rule}\n{}", dibao::ENGINE);
    let _ = writeln!(o, "{}", t("本表为测算结果，最终以户籍所在地乡镇人民政府（街道办事处）和县级民政部门审核确认为准。", "This is an estimate; the decision rests with the township (street) office and the county civil affairs department."));
    o
}

/// Separate subsidies, 特困 referrals and the 条件核对 list (✓ met, ✗ not
/// met, ? not assessed), after the outcome.
fn issue10_lines(o: &mut String, a: &Assessment, zh: bool) {
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    for s in &a.separate_subsidies {
        let _ = writeln!(
            o,
            "  {}{}：{} {} {}",
            t(
                "另行发放（不含在低保金内）",
                "paid separately (not dibao): "
            ),
            s.member,
            if zh { &s.zh } else { &s.en },
            s.amount,
            t("元", "yuan")
        );
    }
    for r in &a.referrals {
        let _ = writeln!(
            o,
            "  {}{}：{}〔{}〕",
            t("特困转介 ", "特困 referral: "),
            r.member,
            if zh { &r.note.zh } else { &r.note.en },
            r.note.citation
        );
    }
    if a.conditions.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{}", t("条件核对", "Conditions"));
    for c in &a.conditions {
        let mark = match c.met {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        let text = if zh { &c.note.zh } else { &c.note.en };
        let _ = writeln!(o, "  {mark} {text}〔{}〕", c.note.citation);
    }
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
        "agriculture" => "农业经营收入",
        "land_transfer" => "土地流转收入",
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

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// `s` padded with spaces to `w` columns (at least one space after it).
pub(crate) fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n).max(1)))
}

/// `s` right-aligned in `w` columns.
pub(crate) fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

/// What the report says about a member besides relation and age.
fn member_facts(m: &dibao::Member, zh: bool) -> Vec<String> {
    let mut f = Vec::new();
    if let Some(d) = m.disability {
        let grades = ["一", "二", "三", "四"];
        f.push(if zh {
            format!(
                "残疾{}级（{}）",
                grades[usize::from(d.grade.clamp(1, 4)) - 1],
                disability_zh(d.kind.code())
            )
        } else {
            format!("disability grade {} ({})", d.grade, d.kind.code())
        });
    }
    if m.serious_illness {
        f.push(
            if zh {
                "重特大疾病"
            } else {
                "serious illness"
            }
            .to_owned(),
        );
    }
    if m.full_time_student {
        f.push(
            if zh {
                "全日制在校生"
            } else {
                "full-time student"
            }
            .to_owned(),
        );
    }
    if m.independent == Some(false) {
        f.push(
            if zh {
                "不能独立生活"
            } else {
                "cannot live independently"
            }
            .to_owned(),
        );
    }
    if !m.cohabiting {
        f.push(
            if zh {
                "非长期共同居住"
            } else {
                "not living with the applicant"
            }
            .to_owned(),
        );
    }
    f
}

fn disability_zh(code: &str) -> &'static str {
    match code {
        "visual" => "视力",
        "hearing" => "听力",
        "speech" => "言语",
        "physical" => "肢体",
        "intellectual" => "智力",
        "mental" => "精神",
        _ => "多重",
    }
}

fn assets_words(code: &str, zh: bool) -> &'static str {
    match (code, zh) {
        ("passed", true) => "未超过当地限额",
        ("passed", false) => "within the local limits",
        ("failed", true) => "超过当地限额（见依据）",
        ("failed", false) => "over a local limit (see the grounds)",
        (_, true) => "未核定，尚待核实（原因见依据）",
        (_, false) => "not assessed, unverified (see the grounds for why)",
    }
}

/// Why an income line is treated as it is, as a phrase.
fn reason_text(item: &str, reason: &str, zh: bool) -> Option<&'static str> {
    Some(match (reason, zh) {
        ("counted", _) => return None,
        ("exempt_national", true) => match item {
            "special_care" => "优待抚恤金按国家规定不计入家庭收入",
            "family_planning" => "计划生育奖励与扶助金按国家规定不计入家庭收入",
            "scholarship" => "奖学金按国家规定不计入家庭收入",
            "award" => "见义勇为等奖励性补助按国家规定不计入家庭收入",
            "social_assistance" => "政府发放的各类社会救助款物不计入家庭收入",
            _ => "按国家规定不计入家庭收入",
        },
        ("exempt_national", false) => match item {
            "special_care" => "special care payments are not counted (national rule)",
            "family_planning" => {
                "family-planning awards and support are not counted (national rule)"
            }
            "scholarship" => "scholarships are not counted (national rule)",
            "award" => "awards for bravery and similar are not counted (national rule)",
            "social_assistance" => "government social assistance is not counted",
            _ => "not counted by national rule",
        },
        ("basic_pension_exempt", true) => "中央确定的城乡居民基本养老保险基础养老金在豁免期内不计入",
        ("basic_pension_exempt", false) => {
            "the centrally set basic pension of the residents' scheme is not counted while its exemption lasts"
        }
        ("exempt_local", true) => "当地规定此类收入不计入",
        ("exempt_local", false) => "local rules do not count this income",
        ("earnings_disregard", true) => "就业收入中按当地规定豁免的部分",
        ("earnings_disregard", false) => "the part of earnings the local rules disregard",
        ("employment_cost", true) => "按当地规定扣除的就业成本",
        ("employment_cost", false) => "employment cost deducted by local rule",
        ("imputed_income", true) => "有劳动能力而未就业，按当地规定推算的收入",
        ("imputed_income", false) => {
            "income imputed by local rule to a member able to work but not working"
        }
        ("transfer_expenditure", true) => "转移性支出，从收入中扣减",
        ("transfer_expenditure", false) => "transfer expenditure, deducted from income",
        ("support_formula", true) => "赡养人按当地公式应给付的赡养费（高于实际给付，取较高者）",
        ("support_formula", false) => {
            "support the obligor should pay by the local formula (more than paid)"
        }
        ("support_actual", true) => "赡养人实际给付的赡养费",
        ("support_actual", false) => "support the obligor actually pays",
        _ => return None,
    })
}

fn parameter_zh(name: &str) -> &'static str {
    match name {
        "standard" => "低保标准",
        "edge_multiple" => "低保边缘倍数",
        "method" => "计算方法",
        "per_person_floor" => "人均保底",
        "individual_floor" => "单人户保底",
        "supplements" => "分类施保",
        "employment_cost" => "就业成本扣除",
        "imputed_income" => "推算收入",
        "support_formula" => "赡养费计算公式",
        "assets" => "财产限额",
        "gradual_exit_months" => "渐退期月数",
        "earnings_disregard" => "就业收入豁免",
        "rounding" => "取整规则",
        "basic_pension_exempt_until" => "基础养老金豁免截止",
        "excluded_statuses" => "本地不计入的身份",
        "clergy_years_apart" => "宗教教职人员离家年数",
        "exempt_income_kinds" => "本地不计入的收入",
        "edge_assets" => "低保边缘财产限额",
        "edge_line" => "公布的低保边缘标准",
        "edge_line_cap" => "低保边缘标准上限",
        "clergy_years_apart_other" => "宗教教职人员离家年数（另一文本）",
        _ => "其他参数",
    }
}

/// The standard as used (元/人·月), with the published figure, its unit and
/// the area when the pack published it per year or per area (issue 11).
fn standard_text(a: &dibao::Assessment, zh: bool) -> String {
    let p = &a.parameters;
    let area = match (p.area, zh) {
        (Some(dibao::Area::Urban), true) => "城镇",
        (Some(dibao::Area::Rural), true) => "农村",
        (Some(dibao::Area::Urban), false) => "urban",
        (Some(dibao::Area::Rural), false) => "rural",
        (None, _) => "",
    };
    match p.standard_published {
        Some(r) if r.unit != dibao::params::Unit::Month => {
            if zh {
                format!("{}（{area}公布：{} {}）", a.standard, r.amount, r.unit.zh())
            } else {
                format!(
                    "{} ({area} published: {} {})",
                    a.standard,
                    r.amount,
                    r.unit.en()
                )
            }
        }
        Some(_) if !area.is_empty() => {
            if zh {
                format!("{}（{area}）", a.standard)
            } else {
                format!("{} ({area})", a.standard)
            }
        }
        _ => a.standard.to_string(),
    }
}

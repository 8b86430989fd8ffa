//! The Chinese sentences: one function per stage, matching on its facts.

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
        }) => format!(
            "月保障金合计 {total} 元，按“{}”取整后为 {amount} 元。",
            rule.zh()
        ),
        Fact::Round(RoundFact::EachAlone {
            parts,
            rule,
            amount,
        }) => {
            let each: Vec<String> = parts
                .iter()
                .map(|(id, own, r)| format!("{id} {own} → {r} 元"))
                .collect();
            format!(
                "单独纳入的成员各按一人户核算，分别按“{}”取整：{}；合计 {amount} 元。",
                rule.zh(),
                each.join("，")
            )
        }
        Fact::Round(RoundFact::Continued { amount }) => {
            format!("渐退期内按原核定金额 {amount} 元续发，不重新取整。")
        }
        Fact::Condition(c) => condition(c),
        Fact::Referral(r) => {
            use crate::stages::referral::Category;
            let who = match r.category {
                Category::Elderly => "老年人",
                Category::Minor => "未成年人",
                Category::Disabled => "重度残疾人",
            };
            format!("{who}，可能符合特困人员救助供养条件，请向乡镇（街道）申请认定（是否有履行能力的法定义务人、特困财产状况等需由乡镇（街道）核实）。")
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
            let from = from.map(|d| format!("（自 {d} 起）")).unwrap_or_default();
            let source = source.map_or(STANDARD_GIVEN, |s| s);
            let which = match area {
                Some(Area::Urban) => "城镇",
                Some(Area::Rural) => "农村",
                None => "",
            };
            let figure = match published {
                Some(r) if r.unit == Unit::Year => format!(
                    "{} {}（按月折算 {standard} 元/人·月，计算时保持精确）",
                    r.amount,
                    r.unit.zh()
                ),
                _ => format!("{standard} 元/人·月"),
            };
            format!(
                "适用{}（{}）的参数：{which}低保标准 {figure}{from}。来源：{source}。",
                pack.name_zh, pack.code
            )
        }
        ParamsFact::Fallback {
            asked,
            asked_name,
            pack,
        } => {
            let named = match asked_name {
                Some(n) => format!("{n}（{asked}）"),
                None => asked.to_string(),
            };
            format!(
                "地区{named}没有单独的参数包，按上级地区{}（{}）的标准核算；如当地另有标准，请在 policy.standard 中填写。",
                pack.name_zh, pack.code
            )
        }
        ParamsFact::TiersUnpublished { area } => format!(
            "当地{}低保实行分档救助，但未找到公布的分档标准；本工具按差额法（标准 × 人数 − 家庭收入）核算，实际分档金额请向当地民政部门核实。",
            match area {
                Some(Area::Urban) => "城镇",
                Some(Area::Rural) => "农村",
                None => "",
            }
        ),
        ParamsFact::Outdated {
            date,
            confirmed_through,
        } => format!("评估日期 {date} 晚于本地区参数最后核实日期 {confirmed_through}，标准可能已调整，请向当地民政部门核实。"),
        ParamsFact::GradualExitOverCeiling { months } => {
            format!("渐退期设为 {months} 个月，超过国家规定的“原则上不超过6个月”。")
        }
    }
}

fn member(f: &MemberFact<'_>) -> String {
    match f {
        MemberFact::Member { id, reading, of } => format!("{id}：{}。", related(*reading, *of)),
        MemberFact::Excluded(reading, of) => format!("{}。", related(*reading, *of)),
        MemberFact::ApplicantNotCounted => "申请人本人不计入共同生活的家庭成员；以下按其余家庭成员核算，实际申请宜由计入的家庭成员提出。".into(),
        MemberFact::ClergyYears { id, years, applied, other } => format!("{id}离家 {years} 年：采用的当地规定为 {applied} 年，另一当地文本为 {other} 年，按后者结论不同。"),
    }
}

/// The reading, naming the member it relates to (“C的配偶”).
fn related(r: Reading, of: Option<&str>) -> String {
    let text = reading_text(r);
    match of {
        Some(o) => format!("{o}的{text}"),
        None => text.into(),
    }
}

fn reading_text(r: Reading) -> &'static str {
    use Reading::*;
    match r {
        Incarcerated => "在监狱内服刑，不计入共同生活的家庭成员",
        CompulsoryRehab => "在戒毒所强制隔离戒毒，不计入共同生活的家庭成员",
        DeclaredMissing => "已被宣告失踪，不计入共同生活的家庭成员",
        ClergyApart => "宗教教职人员连续脱离家庭独立生活达到规定年限，不计入共同生活的家庭成员",
        ExcludedLocally => "当地规定此类人员不计入共同生活的家庭成员",
        Applicant => "申请人本人",
        Spouse => "配偶，计入共同生活的家庭成员",
        MinorChild => "未成年子女，计入共同生活的家庭成员",
        StudentChild => "已成年但在校接受全日制本科及以下学历教育的子女，计入共同生活的家庭成员",
        DependentAdultChild => "已成年但不能独立生活的子女，计入共同生活的家庭成员",
        IndependentAdultChild => "已成年且能独立生活、未与家庭长期共同居住的子女，不属于第七条第一款所列人员，不计入",
        Unrelated => "与家庭成员无亲属关系，不计入",
        NoSupportObligation => "与计入的家庭成员之间没有已知的法定赡养、扶养、抚养义务关系，不计入；如依民法典第一千零七十四条、第一千零七十五条负有扶养义务（例如孙子女的父母已经死亡或无力抚养），请注明有此义务（有法定赡养扶养抚养关系：是）",
        NotCohabiting => "未与家庭长期共同居住，且不属于第七条第一款（一）至（三）所列人员，不计入",
        CohabitingRelative => "亲属，与其具有法定赡养、扶养、抚养义务关系并长期共同居住，计入共同生活的家庭成员",
        CohabitingAdultChild => "成年子女，与其长期共同居住，成年子女对父母负有赡养义务（民法典第二十六条），计入共同生活的家庭成员",
        CohabitingParent => "父母，与其长期共同居住，成年子女对父母负有赡养义务（民法典第二十六条），计入共同生活的家庭成员",
        ClergyAlone => "脱离家庭、在宗教场所居住三年以上的宗教教职人员，可单独提出申请（单人户）",
        NotInIndividualApplication => "申请人依第八条（三）单独提出申请，不计入",
        SeparateHousehold => "当地规定重度残疾或重病卧床的成年人可与共同生活的父母、兄弟姐妹分户计算，已申请分户，不计入",
        Pending => "尚未认定",
    }
}

fn income(f: &IncomeFact<'_>) -> String {
    match *f {
        IncomeFact::NotCounted { member, item, monthly, scale, why } => format!(
            "{member}的{}月均 {} 元不计入：{}。",
            item_name(item),
            scale.unscale(monthly),
            exemption(why)
        ),
        IncomeFact::Counted { member, item, monthly, scale, amount, period } => {
            let per = match period {
                Period::Month => String::new(),
                Period::Year => format!("（年收入 {amount} ÷ 12）"),
                Period::Months(n) => format!("（{n} 个月共 {amount} ÷ {n}）"),
            };
            let (name, m) = (item_name(item), scale.unscale(monthly));
            format!("{member}的{name}计入，月均 {m} 元{per}。")
        }
        IncomeFact::Disregard { member, amount, scale } => format!(
            "{member}就业后增加的工资收入 {} 元在规定期限内不计入家庭收入。",
            scale.unscale(amount)
        ),
        IncomeFact::EmploymentCost { member, amount, scale } => format!(
            "{member}的工资收入扣减必要的就业成本 {} 元。",
            scale.unscale(amount)
        ),
        IncomeFact::Imputed { member, band, rule, amount, scale } => format!(
            "{member}有劳动能力但未就业，按当地最低工资 {} 元的 {} 推算收入 {} 元。",
            rule.minimum_wage,
            band.fraction,
            scale.unscale(amount)
        ),
        IncomeFact::Deduction { member, item, monthly, scale } => format!(
            "{member}{}月均 {} 元，从收入中扣减。",
            item_name(item),
            scale.unscale(monthly)
        ),
        IncomeFact::RigidNotDeducted { member, item, monthly, scale } => format!(
            "{member}的刚性支出（{item}）月均 {} 元：第十三条规定因残疾、患重病等增加的刚性支出可按规定适当扣减，本地区未见扣减规定，列示但不扣减。",
            scale.unscale(monthly)
        ),
        IncomeFact::PensionExemptionUnconfirmed { until } => format!(
            "中央确定的城乡居民基本养老保险基础养老金不计入收入的规定已知执行至 {until}（“十四五”期间）；核算日期在此之后，基础养老金按规定计入。如已有后续政策延续该规定，请核实并据以调整。"
        ),
        IncomeFact::HouseholdFloor { net } => format!(
            "家庭收入减去转移性支出后为 {net} 元，低于零，按 0 计（转移性支出在家庭层面相抵，仅家庭合计不低于零）。"
        ),
        IncomeFact::MemberTotal { member, total, scale } => {
            format!("{member}的月可计收入为 {} 元。", scale.unscale(total))
        }
        IncomeFact::SupportNotCounted { obligor, .. } => {
            format!("赡养人{obligor}所赡养的成员均未计入家庭成员，其赡养费不计入。")
        }
        IncomeFact::Support { obligor, actual, should: Some(sh), counted, divided: Some(d), .. } => format!("赡养人{obligor}：按当地公式应给付的赡养费共 {} 元，由其赡养的 {} 人平均分摊，本户计入的 {} 人应得 {sh} 元；实际给付 {actual} 元，取较高者 {counted} 元计入家庭收入。", d.total, d.among, d.here),
        IncomeFact::Support { obligor, actual, should: Some(sh), counted, .. } => format!("赡养人{obligor}：实际给付 {actual} 元，按当地公式应给付 {sh} 元，取较高者 {counted} 元计入家庭收入。"),
        IncomeFact::Support { obligor, actual, should: None, .. } => format!("赡养人{obligor}实际给付的赡养费 {actual} 元计入家庭收入（当地无应付赡养费计算公式）。"),
        IncomeFact::Household { income } => format!("家庭月可计收入合计 {income} 元。"),
        IncomeFact::PerCapita { income, n, per_capita } => format!(
            "家庭月人均收入 = {income} ÷ {n} = {per_capita} 元（判断时使用精确值）。"
        ),
    }
}

fn exemption(e: Exemption) -> &'static str {
    match e {
        Exemption::National => {
            "国家规定的优待抚恤金、计划生育奖励与扶助金、奖学金、见义勇为等奖励性补助不计入"
        }
        Exemption::SocialAssistance => "政府发放的社会救助款物不计入",
        Exemption::BasicPension => "中央确定的城乡居民基本养老保险基础养老金在豁免期内不计入",
        Exemption::LocalKind => "当地规定不计入的收入",
        Exemption::LocalRule => "当地规定此类收入不计入",
        Exemption::ViaObligor => "该项即赡养（抚养、扶养）义务人的给付，已在义务人赡养费中计入一次",
    }
}

/// The Chinese name of an income item.
fn item_name(code: &str) -> &'static str {
    match code {
        "wage" => "工资性收入",
        "business" => "经营净收入",
        "property" => "财产净收入",
        "pension" => "离退休金",
        "unemployment_insurance" => "失业保险金",
        "support_received" => "赡养（抚养、扶养）费",
        "survivor_benefit" => "遗属补助金",
        "compensation" => "赔偿收入",
        "donation" => "接受捐赠收入",
        "other" => "其他收入",
        "special_care" => "优待抚恤金",
        "family_planning" => "计划生育奖励与扶助金",
        "scholarship" => "奖学金",
        "award" => "见义勇为等奖励性补助",
        "social_assistance" => "社会救助款物",
        "basic_pension" => "城乡居民基础养老金",
        "local_exempt" => "当地规定不计入的收入",
        "agriculture" => "农业经营净收入",
        "land_transfer" => "土地流转收入",
        "tax" => "缴纳的税款",
        "social_insurance" => "个人缴纳的社会保险费",
        "support_paid" => "支付的赡养费",
        "employment_cost" => "就业成本扣减",
        "imputed" => "按最低工资推算的收入",
        "earnings_disregard" => "就业收入不计入（渐退）",
        "support" => "赡养人应付或实付的赡养费",
        _ => "收入",
    }
}

fn property(f: &PropertyFact) -> String {
    use crate::stages::property::HomesUndecided;
    match f {
        // Short: the classification sentence and the conditions say what will be checked.
        PropertyFact::NotAssessed => format!("财产条件未核定：{}。", why(Open::NoLimits)),
        PropertyFact::DibaoNotAssessed => format!("财产条件未核定：{}。", why(Open::EdgeOnly)),
        PropertyFact::Over(b) => format!("{}{}", scope(b.which), over(&b.over)),
        PropertyFact::Condition(b) => format!("{}{}", scope(b.which), condition_of(&b.over)),
        PropertyFact::HomesUndecided { which, homes, max, why } => {
            let tail = match why {
                HomesUndecided::ThresholdUnpublished => "当地规定人均住房建筑面积较小的可以例外，但其面积标准未找到，住房条件未能核定",
                HomesUndecided::AreaMissing => "当地规定人均住房建筑面积低于标准的可以例外，请填写住房总建筑面积（assets.home_area）以核定",
            };
            format!("{}家庭拥有 {homes} 套住房，超过当地规定的 {max} 套；{tail}。", scope(*which))
        }
        PropertyFact::IllnessExemptionFromMembers { applies: true } => "当地对患重特大疾病需长期治疗的家庭有金融资产豁免；未填写 assets.serious_illness_exemption，按有计入的家庭成员患重病（serious_illness）认定适用。".into(),
        PropertyFact::IllnessExemptionFromMembers { applies: false } => "当地对患重特大疾病需长期治疗的家庭有金融资产豁免；未填写 assets.serious_illness_exemption，计入的家庭成员中无重病患者，按不适用认定。".into(),
        PropertyFact::NotDeclared => "未填写家庭财产，按无财产核定；实际申请时须如实申报。".into(),
        PropertyFact::Test(_, Some(o)) => format!("{}。", open(*o)),
        PropertyFact::Test(AssetsTest::Failed, _) => "家庭财产状况超过当地规定。".into(),
        PropertyFact::Test(..) => "家庭财产状况符合当地规定。".into(),
        PropertyFact::EdgeTest(_, Some(o)) => format!("低保边缘家庭的{}。", open(*o)),
        PropertyFact::EdgeTest(AssetsTest::Failed, _) => "家庭财产状况超过当地低保边缘家庭的财产条件。".into(),
        PropertyFact::EdgeTest(..) => "家庭财产状况符合当地低保边缘家庭的财产条件。".into(),
    }
}

/// Why a property test is not assessed, and what the office will check
/// (审核确认办法 第十四条).
fn open(o: Open) -> String {
    let why = why(o);
    format!("财产条件未核定（{why}），尚待核实：乡镇（街道）将按当地规定核查存款、证券、车辆、房屋等财产（{SHENHE_14}）")
}

/// Why a property test is not assessed.
fn why(o: Open) -> &'static str {
    use crate::stages::property::HomesUndecided::*;
    match o {
        Open::NoLimits => "本工具未收录本地区有来源的财产限额",
        Open::EdgeOnly => "本工具只收录了本地区低保边缘家庭的财产条件",
        Open::Homes(ThresholdUnpublished) => "住房超过规定套数，面积例外的标准未找到",
        Open::Homes(AreaMissing) => "住房超过规定套数，未填写 assets.home_area",
    }
}

fn scope(w: crate::stages::property::Which) -> &'static str {
    match w {
        crate::stages::property::Which::Dibao => "",
        crate::stages::property::Which::Edge => "低保边缘家庭财产条件：",
    }
}

fn vehicle_kind(k: crate::model::VehicleKind) -> &'static str {
    use crate::model::VehicleKind::*;
    match k {
        Car => "小汽车",
        Motorcycle => "摩托车",
        DisabilityMobility => "残疾人功能性补偿代步车",
        Business => "经营用车",
    }
}

fn financial_rule(r: crate::stages::property::FinancialRule) -> String {
    use crate::stages::property::FinancialRule::*;
    match r {
        Months(m) => format!("{m}个月低保标准"),
        Yuan => "规定金额".into(),
        BySize(Some(k)) => format!("{k}人及以下户的规定金额"),
        BySize(None) => "本户人数对应的规定金额".into(),
        IllnessExemption => "重特大疾病豁免限额".into(),
    }
}

fn over(o: &crate::stages::property::Over) -> String {
    use crate::stages::property::Over;
    match *o {
        Over::Financial { total, members, limit_per_member, rule, exclusive } => {
            let cap = limit_per_member.checked_mul(members.into()).unwrap_or(limit_per_member);
            let rule = financial_rule(rule);
            if exclusive {
                format!("家庭金融资产合计 {total} 元，未低于当地限额 {cap} 元（人均须低于{rule} {limit_per_member} 元 × {members} 人）。")
            } else {
                format!("家庭金融资产合计 {total} 元，超过当地限额 {cap} 元（人均不超过{rule} {limit_per_member} 元 × {members} 人）。")
            }
        }
        Over::Vehicle { kind, value, exempt_up_to } => {
            let k = vehicle_kind(kind);
            match exempt_up_to {
                Some(e) => format!("家庭拥有{k}（价值 {value} 元），当地规定不允许拥有该类车辆，价值 {e} 元（含）以下的可以豁免，该车超过豁免额。"),
                None => format!("家庭拥有{k}（价值 {value} 元），当地规定不允许拥有该类车辆。"),
            }
        }
        Over::Homes { homes, max, area: None } => {
            format!("家庭拥有 {homes} 套住房，超过当地规定的 {max} 套。")
        }
        Over::Homes { homes, max, area: Some((threshold, per_member)) } => format!(
            "家庭拥有 {homes} 套住房，超过当地规定的 {max} 套；人均住房建筑面积 {} 平方米，不在人均 {} 平方米的例外之内。",
            per_member.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize(),
            threshold.normalize()
        ),
        Over::NonResidential { count, max } => {
            format!("家庭拥有 {count} 处非居住用房（商铺、办公用房、车库（位）等），超过当地规定的 {max} 处。")
        }
        Over::Businesses { count, max } => {
            format!("家庭登记有 {count} 个经营主体，超过当地规定的 {max} 个。")
        }
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
            "金融资产超过限额（人均{}{} {limit_per_member} 元）。",
            if exclusive { "须低于" } else { "不超过" },
            financial_rule(rule)
        ),
        Over::Vehicle { kind, .. } => format!("机动车辆：拥有当地不允许的{}。", vehicle_kind(kind)),
        Over::Homes { max, .. } => format!("住房：超过 {max} 套。"),
        Over::NonResidential { max, .. } => format!("非居住用房：超过 {max} 处。"),
        Over::Businesses { max, .. } => format!("工商登记：超过 {max} 个。"),
    }
}

fn class(f: &ClassFact<'_>) -> String {
    match *f {
        ClassFact::NoCountedMembers => "没有计入的共同生活家庭成员，无法核定。".into(),
        ClassFact::BelowStandard { per_capita, standard, open: Some(o) } => format!("家庭月人均收入 {per_capita} 元低于低保标准 {standard} 元；{}。", open(o)),
        ClassFact::BelowStandard { per_capita, standard, .. } => format!("家庭月人均收入 {per_capita} 元低于低保标准 {standard} 元，且财产状况未超过当地规定。"),
        ClassFact::GradualExit { since, ends, months } => format!("家庭成员就业后人均收入超过标准，在自 {since} 起 {months} 个月的渐退期内（至 {ends}）继续按原金额发放。"),
        ClassFact::GradualExitPeriod { since, stand_in: false, ends, months } => format!("渐退期自就业后家庭人均收入首次超过标准之日 {since} 起计算，共 {months} 个月，开始的当日不计入，至 {ends} 止（到期月的对应日；没有对应日的，为月末日）。"),
        ClassFact::GradualExitPeriod { since, stand_in: true, ends, months } => format!("未提供就业后收入首次超过标准的日期（above_standard_since），以就业日期 {since} 代替；渐退期共 {months} 个月，开始的当日不计入，至 {ends} 止（到期月的对应日；没有对应日的，为月末日）。"),
        ClassFact::BelowEdge { per_capita, standard, edge_line, multiple, open: o } => {
            let line = match multiple {
                Some(m) => format!("低于低保边缘标准 {edge_line} 元（标准的 {} 倍）", m.normalize()),
                None => format!("不超过低保边缘标准的上限 {edge_line} 元"),
            };
            format!("家庭月人均收入 {per_capita} 元不低于低保标准 {standard} 元，但{line}：属于低保边缘家庭{}。", edge_open(o))
        }
        ClassFact::EdgeByProperty { per_capita, standard, open: o } => format!("家庭月人均收入 {per_capita} 元低于低保标准 {standard} 元，但家庭财产超过低保的财产条件，符合当地低保边缘家庭的财产条件：属于低保边缘家庭{}。", edge_open(o)),
        ClassFact::Individual { h, covered } => {
            let ids: Vec<&str> = covered.iter().map(|i| h.members[i].id.as_str()).collect();
            format!("低保边缘家庭中的重度残疾人或重病患者（{}）可单独纳入低保（单人户）。", ids.join("、"))
        }
        ClassFact::EdgeLineReading { inclusive, published, cap } => {
            let mut s = String::new();
            if let Some(cap) = cap {
                s.push_str(&format!("边缘标准另以 {cap} 元为上限（含本数）。"));
            }
            if let Some(line) = published {
                s.push_str(&format!("当地公布的低保边缘标准为 {line} 元，按公布金额使用。"));
            }
            if inclusive {
                s.push_str("当地文件表述为“……以下”，本工具参照民法典第一千二百五十九条（“以下”包括本数）的规定，收入等于边缘标准的也属于低保边缘家庭。");
            }
            s
        }
        ClassFact::Alone { h, covered, route } => {
            let ids: Vec<&str> = covered.iter().map(|i| h.members[i].id.as_str()).collect();
            match route {
                crate::stages::classify::Route::Clergy => format!("脱离家庭、在宗教场所居住三年以上的生活困难的宗教教职人员（{}）可单独纳入低保（单人户）。", ids.join("、")),
                crate::stages::classify::Route::Guidance => format!("成年无业重度残疾人（{}）可以参照“单人户”纳入低保，不论家庭收入。", ids.join("、")),
            }
        }
        ClassFact::NotBelowStandard { per_capita, standard } => {
            format!("家庭月人均收入 {per_capita} 元不低于低保标准 {standard} 元。")
        }
        ClassFact::AboveEdge { per_capita, standard, edge_line } => format!("家庭月人均收入 {per_capita} 元不低于低保标准 {standard} 元，也不低于低保边缘标准 {edge_line} 元。"),
        ClassFact::AssetsOverLimit => "家庭财产状况不符合当地规定。".into(),
        ClassFact::Outcome(o) => format!("认定结果：{}。", o.zh()),
    }
}

/// An edge household's open property test, as a tail.
fn edge_open(o: Option<Open>) -> String {
    o.map(|o| format!("；低保边缘家庭的{}", open(o)))
        .unwrap_or_default()
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
            "差额计算：低保标准 {standard} 元 × {n} 人 − 家庭月收入 {} 元 = {} 元。",
            scale.unscale(income),
            scale.unscale(amount)
        ),
        AmountFact::Tier {
            pay,
            n,
            amount,
            scale,
        } => format!(
            "分档计算：按人均收入所在档次，每人 {} 元 × {n} 人 = {} 元。",
            scale.unscale(pay),
            scale.unscale(amount)
        ),
        AmountFact::FloorApplied {
            floor,
            n,
            amount,
            scale,
        } => format!(
            "保障金低于当地保底（{}）× {n} 人，按保底 {} 元计算。",
            level(floor),
            scale.unscale(amount)
        ),
        AmountFact::FloorNotNeeded {
            floor,
            n,
            floor_total,
            scale,
            ..
        } => format!(
            "保障金不低于当地保底（{}）× {n} 人 = {} 元，无需补足。",
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
                .map(|f| format!("（不低于{}）", level(f)))
                .unwrap_or_default();
            format!(
                "{member}单独纳入：标准 {standard} 元 − 本人月收入 {} 元{floor}，计 {} 元。",
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
                    "{member}符合“{}”，另行发放 {amount} 元（不属于低保金，不计入月保障金）。",
                    rule.name_zh
                )
            } else {
                format!("{member}符合“{}”，增发 {amount} 元。", rule.name_zh)
            }
        }
        AmountFact::GradualExit { amount, ends } => {
            format!("渐退期内继续按现发放金额 {amount} 元发放，至 {ends} 止。")
        }
    }
}

/// A level: an amount in yuan or a share of the standard.
fn level(l: Level) -> String {
    match l {
        Level::Yuan(m) => format!("{m} 元"),
        Level::OfStandard(f) => format!("标准的 {}%", (f * Decimal::from(100)).normalize()),
    }
}

/// The verification's sentence.
pub(super) fn verification(d: &VerificationDecision) -> String {
    let (recorded, c) = (d.recorded, &d.chain);
    match d.finding {
        Finding::Matches => format!("记录金额 {recorded} 元与核算结果一致。"),
        Finding::Classification => format!(
            "记录金额 {recorded} 元与核算结果 {} 元不一致：是否应当发放的认定不同。",
            c.computed
        ),
        Finding::PerCapitaRounded => "记录金额与先将人均收入四舍五入、再按人均差额 × 人数计算的结果一致；应按家庭总额计算差额（标准 × 人数 − 家庭收入）。".into(),
        Finding::PerPersonFloor => "记录金额与未适用当地人均保底的结果一致。".into(),
        Finding::Supplements => "记录金额与不含分类施保增发金的结果一致。".into(),
        Finding::Rounding => format!(
            "记录金额与按其他取整规则计算的结果一致；本地区规则为：{}。",
            c.rounding.zh()
        ),
        Finding::HouseholdIncome => match d.implied_income() {
            Some(i) => format!(
                "记录金额对应的家庭月收入约为 {i} 元，核算认定为 {} 元：家庭收入认定不同。",
                c.income
            ),
            None => format!(
                "记录金额 {recorded} 元与核算结果 {} 元不一致，最可能的原因是家庭收入认定不同。",
                c.computed
            ),
        },
    }
}

fn condition(c: &crate::stages::conditions::ConditionFact) -> String {
    use crate::stages::conditions::Test;
    // A property test not assessed (`met: None`) carries why.
    if let Some(o) = c.open {
        let edge = if c.test == Test::EdgeProperty {
            "低保边缘家庭的"
        } else {
            ""
        };
        return format!("{edge}{}。", open(o));
    }
    match (c.test, c.met) {
        (Test::MembersCounted, Some(true)) => "有计入的共同生活家庭成员。".into(),
        (Test::MembersCounted, _) => "没有计入的共同生活家庭成员。".into(),
        (Test::IncomeBelowStandard, Some(true)) => "家庭人均收入低于当地低保标准。".into(),
        (Test::IncomeBelowStandard, _) => "家庭人均收入不低于当地低保标准。".into(),
        (Test::IncomeBelowEdge, Some(true)) => "家庭人均收入低于低保边缘家庭认定线。".into(),
        (Test::IncomeBelowEdge, _) => "家庭人均收入不低于低保边缘家庭认定线。".into(),
        (Test::EdgeProperty, Some(true)) => "家庭财产状况符合当地低保边缘家庭的财产条件。".into(),
        (Test::EdgeProperty, _) => "家庭财产状况超过当地低保边缘家庭的财产条件。".into(),
        (Test::Property, Some(true)) => "家庭财产状况符合当地规定。".into(),
        (Test::Property, _) => "家庭财产状况超过当地规定。".into(),
    }
}

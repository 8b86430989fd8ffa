//! The articles the rules apply, as cited in every trace step and reason.

/// 《城市居民最低生活保障条例》(国务院令第271号, 1999) 第二条: income includes
/// the support that obligors should pay.
/// Cited beside 审核确认办法 第十三条（四） for households the input says are
/// urban (`area: "urban"`): the 1999 条例 applies to 城市居民 only.
pub const TIAOLI_2: &str = "城市居民最低生活保障条例 第二条";
/// 《社会救助暂行办法》(2014, 2019年修订) 第九条: income test and property test.
pub const ZANXING_9: &str = "社会救助暂行办法 第九条";
/// 暂行办法 第十条: the standard is set by the province or city.
pub const ZANXING_10: &str = "社会救助暂行办法 第十条";
/// 暂行办法 第十二条: the difference paid monthly; extra help for the elderly,
/// minors, the severely disabled and the seriously ill.
pub const ZANXING_12: &str = "社会救助暂行办法 第十二条";
/// 暂行办法 第十四条: 特困人员供养 (the elderly, the disabled and minors
/// with no work capacity, no source of living and no obligor able to support).
pub const ZANXING_14: &str = "社会救助暂行办法 第十四条";
/// 《特困人员认定办法》(民发〔2021〕43号) 第六条至第八条: who is deemed to have
/// no work capacity, no source of living, no obligor able to support.
pub const TEKUN_RENDING: &str = "特困人员认定办法（2021） 第六条至第八条";
/// 《最低生活保障审核确认办法》(民发〔2021〕57号) 第七条: who counts.
pub const SHENHE_7: &str = "最低生活保障审核确认办法 第七条";
/// 审核确认办法 第八条: the edge household and individual coverage.
pub const SHENHE_8: &str = "最低生活保障审核确认办法 第八条";
/// 审核确认办法 第十三条: income, what is not counted, deductions.
pub const SHENHE_13: &str = "最低生活保障审核确认办法 第十三条";
/// 审核确认办法 第十三条（四）: support from obligors is part of 转移性收入
/// (条例 第二条 says the same for urban households, where it applies).
pub const SHENHE_13_SUPPORT: &str = "最低生活保障审核确认办法 第十三条（四）";
/// The gradual-exit amount: 第三十三条 grants the period but sets no amount;
/// the household keeps the amount last approved (our reading).
pub const GRADUAL_AMOUNT: &str =
    "最低生活保障审核确认办法 第三十三条；本工具约定：渐退期内按原核定金额续发";
/// 审核确认办法 第十四条: property.
pub const SHENHE_14: &str = "最低生活保障审核确认办法 第十四条";
/// 审核确认办法 第二十三条: difference or tiers.
pub const SHENHE_23: &str = "最低生活保障审核确认办法 第二十三条";
/// 审核确认办法 第二十七条: 分类施保.
pub const SHENHE_27: &str = "最低生活保障审核确认办法 第二十七条";
/// 审核确认办法 第三十三条: the gradual-exit period.
pub const SHENHE_33: &str = "最低生活保障审核确认办法 第三十三条";
/// The 2022 notice capping the gradual-exit period at six months.
pub const TONGZHI_2022: &str =
    "民政部等关于进一步做好最低生活保障等社会救助兜底保障工作的通知（2022）";
/// 《民法典》第二百零一条、第二百零二条: how periods in months and years are
/// counted (the first day not counted; the last day is the corresponding day
/// of the final month, or that month's last day where there is none).
pub const MINFADIAN_PERIOD: &str = "民法典 第二百零一条、第二百零二条";
/// Where a local pack sets the value (the pack's source is named in the step).
pub const LOCAL: &str = "地方规定（见参数来源）";
/// The engine's own convention, not a rule of law (rounding for display).
pub const ENGINE: &str = "本工具约定";
/// The property test: 暂行办法 第九条 with 审核确认办法 第十四条.
pub const ASSETS: &str = "社会救助暂行办法 第九条；最低生活保障审核确认办法 第十四条";

/// A clause of 审核确认办法 第七条 (who counts), as cited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clause {
    /// The article as a whole.
    Whole,
    /// 第一款 as a whole: a member no clause of it includes.
    First,
    /// 第一款（一）: the spouse.
    One,
    /// 第一款（二）: minor children.
    Two,
    /// 第一款（三）: adult children who cannot live independently.
    Three,
    /// 第一款（四）: others with a legal support relationship living together.
    Four,
    /// 第二款（一）: clergy living apart.
    SecondOne,
    /// 第二款（二）: prison, compulsory rehabilitation, declared missing.
    SecondTwo,
    /// 第二款（三）: what the locality excludes.
    SecondThree,
}

impl Clause {
    /// The clause as written after the article in a citation.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Clause::Whole => "",
            Clause::First => "第一款",
            Clause::One => "（一）",
            Clause::Two => "（二）",
            Clause::Three => "（三）",
            Clause::Four => "（四）",
            Clause::SecondOne => "第二款（一）",
            Clause::SecondTwo => "第二款（二）",
            Clause::SecondThree => "第二款（三）",
        }
    }
}

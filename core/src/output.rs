//! The assessment (docs/output.md) and its JSON form.

use crate::date::Date;
use crate::json::Writer;
use crate::money::Money;
use crate::trace::{Note, Step};

/// The decision (docs/rules.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// 低保: the household is covered.
    Dibao,
    /// 单人户: an edge household's severely disabled or seriously ill members are covered alone.
    DibaoIndividual,
    /// 渐退期: the current amount continues for a while after employment.
    GradualExit,
    /// 低保边缘家庭: not covered, but below the edge line.
    Edge,
    /// Not eligible.
    Ineligible,
}

impl Outcome {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Dibao => "dibao",
            Outcome::DibaoIndividual => "dibao_individual",
            Outcome::GradualExit => "gradual_exit",
            Outcome::Edge => "edge",
            Outcome::Ineligible => "ineligible",
        }
    }

    /// Plain words in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Dibao => "符合低保条件",
            Outcome::DibaoIndividual => "低保边缘家庭，重残/重病成员可单独纳入低保",
            Outcome::GradualExit => "处于低保渐退期",
            Outcome::Edge => "低保边缘家庭（不发放低保金）",
            Outcome::Ineligible => "不符合低保条件",
        }
    }

    /// Plain words in English.
    pub fn en(self) -> &'static str {
        match self {
            Outcome::Dibao => "eligible for dibao",
            Outcome::DibaoIndividual => {
                "edge household; severely disabled or ill members covered individually"
            }
            Outcome::GradualExit => "in the gradual-exit period",
            Outcome::Edge => "edge household (no dibao payment)",
            Outcome::Ineligible => "not eligible",
        }
    }
}

/// The result of the property test.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AssetsTest {
    /// Within the local limits.
    Passed,
    /// Over a local limit (see the reasons).
    Failed,
    /// The region sets no limits we know of (or a limit could not be decided).
    #[default]
    NotAssessed,
}

impl AssetsTest {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            AssetsTest::Passed => "passed",
            AssetsTest::Failed => "failed",
            AssetsTest::NotAssessed => "not_assessed",
        }
    }
}

/// A member not counted, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Excluded {
    /// The member's id.
    pub id: String,
    /// Why, as a note.
    pub reason: Note,
}

/// One line of a member's income as counted (or not).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncomeLine {
    /// The member's id, or the obligor's for support.
    pub member: String,
    /// What it is: an income kind, a deduction kind, `employment_cost`,
    /// `imputed`, `earnings_disregard` or `support`.
    pub item: &'static str,
    /// The monthly figure (exact; shown to the fen).
    pub monthly: Money,
    /// How it enters: `counted`, `deducted` or `not_counted`.
    pub effect: &'static str,
    /// Why, as a code (`counted`, `exempt_national`, `basic_pension_exempt`, …).
    pub reason: &'static str,
}

/// A supplement paid to one member.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SupplementPaid {
    /// The member's id.
    pub member: String,
    /// The rule's id.
    pub id: String,
    /// The rule's name in Chinese.
    pub zh: String,
    /// The rule's name in English.
    pub en: String,
    /// Amount per month (exact).
    pub amount: Money,
}

/// One member covered alone (单人户).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndividualCover {
    /// The member's id.
    pub member: String,
    /// The member's own countable monthly income.
    pub own_income: Money,
    /// Standard − own income, after the individual floor (before supplements).
    pub amount: Money,
}

/// The gradual-exit period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GradualExit {
    /// When the employment began, if given.
    pub employment_since: Option<Date>,
    /// When income first rose above the standard after it, if given.
    pub above_standard_since: Option<Date>,
    /// The last day of the period.
    pub ends_on: Date,
}

/// Which parameters were used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParametersUsed {
    /// Region code.
    pub region: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// The version: latest date a value in force took effect.
    pub from: Option<Date>,
    /// The standard's source, or a note that the household gave it.
    pub source: std::sync::Arc<str>,
    /// Values were last checked on this date.
    pub confirmed_through: Date,
    /// The rounding rule used.
    pub rounding: &'static str,
    /// Parameters the household's `policy` overrode.
    pub overridden: Vec<&'static str>,
    /// Every value in force from a pack: `(parameter, from, source text)`.
    pub in_force: Vec<(&'static str, Date, std::sync::Arc<str>)>,
    /// The region code asked for, when it has no pack of its own and
    /// `region` is the unit above whose rules apply.
    pub requested_region: Option<String>,
    /// The area whose standard applies, where urban and rural differ.
    pub area: Option<crate::model::Area>,
    /// The standard as published (figure and unit), when it was published
    /// per year or per area.
    pub standard_published: Option<crate::params::Rate>,
}

/// The comparison with a recorded amount.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verification {
    /// The amount recorded.
    pub recorded_amount: Money,
    /// Recorded equals computed.
    pub matches: bool,
    /// Recorded − computed.
    pub difference: Money,
    /// The first step that explains the difference.
    pub first_difference: Option<&'static str>,
    /// Explanation in Chinese.
    pub zh: String,
    /// Explanation in English.
    pub en: String,
}

/// A counted member and the member and clause it was counted through
/// (审核确认办法 第七条; docs/rules.md).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CountedMember {
    /// The member's id.
    pub id: String,
    /// The member it was counted through (`None`: the applicant).
    pub through: Option<String>,
    /// The clause of 第七条 it was counted under (`（一）`…`（四）`; empty
    /// for the applicant).
    pub clause: &'static str,
    /// The article as cited.
    pub citation: String,
}

/// One legal test, met or not (`None`: not assessed).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Condition {
    /// Met, not met, or not assessed.
    pub met: Option<bool>,
    /// Code, sentences and citation.
    pub note: Note,
}

/// A referral to another kind of assistance (特困: code `tekun`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Referral {
    /// The member referred.
    pub member: String,
    /// Code, sentences and citation.
    pub note: Note,
    /// Each test: its code and whether it is met (`None`: unknown).
    pub tests: Vec<(&'static str, Option<bool>)>,
}

/// The receipt: which engine, packs and input produced the result.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Receipt {
    /// The engine's name and version.
    pub engine: &'static str,
    /// SHA-256 of the region pack(s) used, as loaded.
    pub parameters_sha256: String,
    /// SHA-256 of the canonical input.
    pub input_sha256: String,
}

/// The result of assessing one household (docs/output.md).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Assessment {
    /// The caseload's identifier, if given.
    pub case_id: Option<String>,
    /// The decision.
    pub outcome: Outcome,
    /// The monthly amount, rounded by the region's rule.
    pub monthly_amount: Money,
    /// Number of counted members.
    pub household_size: u32,
    /// Ids of the members covered.
    pub covered_members: Vec<String>,
    /// Members not counted, with reasons.
    pub excluded_members: Vec<Excluded>,
    /// Countable monthly household income (exact).
    pub household_income: Money,
    /// Per-capita monthly income (exact; shown half up to the fen).
    pub per_capita_income: Money,
    /// The standard.
    pub standard: Money,
    /// The edge line (edge multiple × standard).
    pub edge_line: Money,
    /// The property test.
    pub assets_test: AssetsTest,
    /// The separate 低保边缘 property test, where the region sets one.
    pub edge_assets_test: Option<AssetsTest>,
    /// Supplements paid.
    pub supplements: Vec<SupplementPaid>,
    /// Members covered alone.
    pub individual_coverage: Vec<IndividualCover>,
    /// The gradual-exit period, if any.
    pub gradual_exit: Option<GradualExit>,
    /// Income lines, as counted.
    pub incomes: Vec<IncomeLine>,
    /// Why the outcome is what it is.
    pub reasons: Vec<Note>,
    /// Warnings (e.g. `parameters_may_be_outdated`).
    pub warnings: Vec<Note>,
    /// The comparison with `recorded_amount`.
    pub verification: Option<Verification>,
    /// The explanation (empty unless asked for).
    pub trace: Vec<Step>,
    /// The parameters used.
    pub parameters: ParametersUsed,
    /// The counted members, each with what it was counted through (empty
    /// in summary mode).
    pub counted_members: Vec<CountedMember>,
    /// The legal tests one by one.
    pub conditions: Vec<Condition>,
    /// Members who may qualify for other assistance (特困).
    pub referrals: Vec<Referral>,
    /// Local payments that are not 低保金, beside `monthly_amount`.
    pub separate_subsidies: Vec<SupplementPaid>,
    /// The receipt (when the assessor is asked for one).
    pub receipt: Option<Receipt>,
}

impl Default for Assessment {
    /// An empty result (no members, ineligible) to assess into with
    /// [`Assessor::assess_into`](crate::Assessor::assess_into).
    fn default() -> Assessment {
        Assessment {
            case_id: None,
            outcome: Outcome::Ineligible,
            monthly_amount: Money::ZERO,
            household_size: 0,
            covered_members: Vec::new(),
            excluded_members: Vec::new(),
            household_income: Money::ZERO,
            per_capita_income: Money::ZERO,
            standard: Money::ZERO,
            edge_line: Money::ZERO,
            assets_test: AssetsTest::NotAssessed,
            edge_assets_test: None,
            supplements: Vec::new(),
            individual_coverage: Vec::new(),
            gradual_exit: None,
            incomes: Vec::new(),
            reasons: Vec::new(),
            warnings: Vec::new(),
            verification: None,
            trace: Vec::new(),
            parameters: ParametersUsed {
                region: String::new(),
                name_zh: String::new(),
                name_en: String::new(),
                from: None,
                source: "".into(),
                confirmed_through: Date::MIN,
                rounding: "fen",
                overridden: Vec::new(),
                in_force: Vec::new(),
                requested_region: None,
                area: None,
                standard_published: None,
            },
            counted_members: Vec::new(),
            conditions: Vec::new(),
            referrals: Vec::new(),
            separate_subsidies: Vec::new(),
            receipt: None,
        }
    }
}

/// The engine's name and version, in every output.
pub const ENGINE: &str = concat!("dibao ", env!("CARGO_PKG_VERSION"));

fn note(w: &mut Writer, n: &Note, id: Option<&str>) {
    w.begin_object(None);
    if let Some(id) = id {
        w.string(Some("id"), id);
    }
    w.string(Some("code"), n.code);
    w.string(Some("zh"), &n.zh);
    w.string(Some("en"), &n.en);
    w.string(Some("citation"), &n.citation);
    w.end_object();
}

impl Assessment {
    /// The docs/output.md JSON (two-space indent, final newline; identical bytes
    /// on every platform).
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object(None);
        if let Some(id) = &self.case_id {
            w.string(Some("case_id"), id);
        }
        w.string(Some("outcome"), self.outcome.code());
        w.money(Some("monthly_amount"), self.monthly_amount);
        self.separate_subsidies_json(&mut w);
        w.int(Some("household_size"), self.household_size);
        w.begin_array(Some("covered_members"));
        for id in &self.covered_members {
            w.string(None, id);
        }
        w.end_array();
        w.begin_array(Some("excluded_members"));
        for e in &self.excluded_members {
            note(&mut w, &e.reason, Some(&e.id));
        }
        w.end_array();
        w.money(Some("household_income"), self.household_income);
        w.money(Some("per_capita_income"), self.per_capita_income);
        w.money(Some("standard"), self.standard);
        w.money(Some("edge_line"), self.edge_line);
        w.string(Some("assets_test"), self.assets_test.code());
        if let Some(e) = self.edge_assets_test {
            w.string(Some("edge_assets_test"), e.code());
        }
        self.coverage_json(&mut w);
        w.begin_array(Some("incomes"));
        for l in &self.incomes {
            w.begin_object(None);
            w.string(Some("member"), &l.member);
            w.string(Some("item"), l.item);
            w.money(Some("monthly"), l.monthly);
            w.string(Some("effect"), l.effect);
            w.string(Some("reason"), l.reason);
            w.end_object();
        }
        w.end_array();
        for (key, list) in [("reasons", &self.reasons), ("warnings", &self.warnings)] {
            w.begin_array(Some(key));
            for n in list {
                note(&mut w, n, None);
            }
            w.end_array();
        }
        if let Some(v) = &self.verification {
            verification_json(&mut w, v);
        }
        trace_json(&mut w, &self.trace);
        parameters_json(&mut w, &self.parameters);
        self.issue10_json(&mut w);
        w.string(Some("engine"), ENGINE);
        w.end_object();
        w.finish()
    }

    /// Supplements paid, members covered alone, the gradual exit.
    fn coverage_json(&self, w: &mut Writer) {
        w.begin_array(Some("supplements"));
        for s in &self.supplements {
            w.begin_object(None);
            w.string(Some("member"), &s.member);
            w.string(Some("id"), &s.id);
            w.string(Some("zh"), &s.zh);
            w.string(Some("en"), &s.en);
            w.money(Some("amount"), s.amount);
            w.end_object();
        }
        w.end_array();
        if !self.individual_coverage.is_empty() {
            w.begin_array(Some("individual_coverage"));
            for c in &self.individual_coverage {
                w.begin_object(None);
                w.string(Some("member"), &c.member);
                w.money(Some("own_income"), c.own_income);
                w.money(Some("amount"), c.amount);
                w.end_object();
            }
            w.end_array();
        }
        if let Some(g) = &self.gradual_exit {
            w.begin_object(Some("gradual_exit"));
            if let Some(d) = g.employment_since {
                w.display(Some("employment_since"), d);
            }
            if let Some(d) = g.above_standard_since {
                w.display(Some("above_standard_since"), d);
            }
            w.display(Some("ends_on"), g.ends_on);
            w.end_object();
        }
    }
}

impl Assessment {
    /// Local payments that are not 低保金, beside `monthly_amount`.
    fn separate_subsidies_json(&self, w: &mut Writer) {
        w.begin_array(Some("separate_subsidies"));
        for s in &self.separate_subsidies {
            w.begin_object(None);
            w.string(Some("member"), &s.member);
            w.string(Some("id"), &s.id);
            w.string(Some("zh"), &s.zh);
            w.string(Some("en"), &s.en);
            w.money(Some("amount"), s.amount);
            w.end_object();
        }
        w.end_array();
    }

    /// The counted members, conditions, referrals and the receipt (docs/output.md).
    fn issue10_json(&self, w: &mut Writer) {
        w.begin_array(Some("counted_members"));
        for c in &self.counted_members {
            w.begin_object(None);
            w.string(Some("id"), &c.id);
            match &c.through {
                Some(t) => {
                    w.begin_object(Some("counted_through"));
                    w.string(Some("member"), t);
                    w.string(Some("clause"), c.clause);
                    w.string(Some("citation"), &c.citation);
                    w.end_object();
                }
                None => w.raw(Some("counted_through"), "null"),
            }
            w.end_object();
        }
        w.end_array();
        w.begin_array(Some("conditions"));
        for c in &self.conditions {
            w.begin_object(None);
            w.string(Some("code"), c.note.code);
            match c.met {
                Some(m) => w.bool(Some("met"), m),
                None => w.raw(Some("met"), "null"),
            }
            w.string(Some("zh"), &c.note.zh);
            w.string(Some("en"), &c.note.en);
            w.string(Some("citation"), &c.note.citation);
            w.end_object();
        }
        w.end_array();
        w.begin_array(Some("referrals"));
        for r in &self.referrals {
            w.begin_object(None);
            w.string(Some("member"), &r.member);
            w.string(Some("code"), r.note.code);
            w.string(Some("zh"), &r.note.zh);
            w.string(Some("en"), &r.note.en);
            w.string(Some("citation"), &r.note.citation);
            w.begin_array(Some("tests"));
            for (code, met) in &r.tests {
                w.begin_object(None);
                w.string(Some("code"), code);
                match met {
                    Some(m) => w.bool(Some("met"), *m),
                    None => w.raw(Some("met"), "null"),
                }
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        if let Some(r) = &self.receipt {
            w.begin_object(Some("receipt"));
            w.string(Some("engine"), r.engine);
            w.string(Some("parameters_sha256"), &r.parameters_sha256);
            w.string(Some("input_sha256"), &r.input_sha256);
            w.end_object();
        }
    }
}

/// The comparison with a recorded amount.
fn verification_json(w: &mut Writer, v: &Verification) {
    w.begin_object(Some("verification"));
    w.money(Some("recorded_amount"), v.recorded_amount);
    w.bool(Some("matches"), v.matches);
    w.money(Some("difference"), v.difference);
    match v.first_difference {
        Some(s) => w.string(Some("first_difference"), s),
        None => w.raw(Some("first_difference"), "null"),
    }
    w.string(Some("zh"), &v.zh);
    w.string(Some("en"), &v.en);
    w.end_object();
}

/// The explanation, step by step.
fn trace_json(w: &mut Writer, trace: &[Step]) {
    w.begin_array(Some("trace"));
    for s in trace {
        w.begin_object(None);
        w.string(Some("step"), s.step);
        w.string(Some("zh"), &s.zh);
        w.string(Some("en"), &s.en);
        if let Some(v) = s.value {
            w.money(Some("value"), v);
        }
        w.string(Some("citation"), &s.citation);
        w.end_object();
    }
    w.end_array();
}

/// Which parameters were used.
fn parameters_json(w: &mut Writer, p: &ParametersUsed) {
    w.begin_object(Some("parameters"));
    w.string(Some("region"), &p.region);
    w.string(Some("name"), &p.name_zh);
    w.string(Some("name_en"), &p.name_en);
    match p.from {
        Some(d) => w.display(Some("from"), d),
        None => w.raw(Some("from"), "null"),
    }
    w.string(Some("source"), &p.source);
    w.display(Some("confirmed_through"), p.confirmed_through);
    w.string(Some("rounding"), p.rounding);
    w.begin_array(Some("overridden"));
    for o in &p.overridden {
        w.string(None, o);
    }
    w.end_array();
    w.begin_array(Some("in_force"));
    for (name, from, source) in &p.in_force {
        w.begin_object(None);
        w.string(Some("parameter"), name);
        w.display(Some("from"), from);
        w.string(Some("source"), source);
        w.end_object();
    }
    w.end_array();
    // Issue 11: the region asked for (fallback), the area, the published standard.
    if let Some(r) = &p.requested_region {
        w.string(Some("requested_region"), r);
    }
    if let Some(a) = p.area {
        w.string(Some("area"), a.code());
    }
    if let Some(rate) = p.standard_published {
        w.begin_object(Some("standard_published"));
        w.display(Some("value"), rate.amount);
        w.string(Some("unit"), rate.unit.code());
        w.end_object();
    }
    w.end_object();
}

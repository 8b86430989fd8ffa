//! Reading and validating one region pack (`regions/FORMAT.md`).

use rust_decimal::Decimal;

use super::*;
use crate::date::Date;
use crate::error::{Error, Errors};
use crate::json::{self, Value};
use crate::model::DeductionKind;
use crate::model::VehicleKind;
use crate::read::{index, join, AsPath, Reader};

/// How sure we are of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Confidence {
    /// The official text, or a faithful copy of it, was read.
    Verified,
    /// A news report, reprint or Q&A site.
    Secondary,
    /// Computed from sourced values (the entry's note says how).
    Derived,
}

impl Confidence {
    const CODES: &'static [&'static str] = &["verified", "secondary", "derived"];

    /// The stable code.
    pub fn code(self) -> &'static str {
        Confidence::CODES[self as usize]
    }

    fn from_code(s: &str) -> Option<Confidence> {
        Some(match s {
            "verified" => Confidence::Verified,
            "secondary" => Confidence::Secondary,
            "derived" => Confidence::Derived,
            _ => return None,
        })
    }
}

/// Where a value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Source {
    /// The id used by timeline entries.
    pub id: String,
    /// Title of the notice or page.
    pub title: String,
    /// 文号, where known.
    pub doc_no: Option<String>,
    /// Address, where known.
    pub url: Option<String>,
    /// Publication date (`YYYY-MM-DD` or `YYYY-MM`), where known.
    pub published: Option<String>,
    /// How sure we are.
    pub confidence: Confidence,
    /// The one-line citation shown in output, built once at load.
    pub line: std::sync::Arc<str>,
}

impl Source {
    fn citation_line(&self) -> String {
        let mut s = self.title.clone();
        if let Some(d) = &self.doc_no {
            s.push_str(&format!("（{d}）"));
        }
        if let Some(p) = &self.published {
            s.push_str(&format!("，{p}"));
        }
        if let Some(u) = &self.url {
            s.push_str(&format!("，{u}"));
        }
        s.push_str(&format!("［{}］", self.confidence.code()));
        s
    }
}

/// A parameter value as set by one timeline entry (`None`: back to the national base).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Setting {
    Standard(Option<StandardSet>),
    EdgeMultiple(Option<Decimal>),
    Method(Option<Method>),
    PerPersonFloor(Option<Level>),
    IndividualFloor(Option<Level>),
    Supplements(Option<Vec<SupplementRule>>),
    EmploymentCost(Option<EmploymentCost>),
    ImputedIncome(Option<ImputedIncome>),
    SupportFormula(Option<SupportFormula>),
    Assets(Option<AssetLimits>),
    EdgeAssets(Option<AssetLimits>),
    GradualExitMonths(Option<u32>),
    EarningsDisregard(Option<EarningsDisregard>),
    Rounding(Option<Rounding>),
    BasicPensionExemptUntil(Option<Option<Date>>),
    ExcludedStatuses(Option<Vec<Status>>),
    ClergyYearsApart(Option<u32>),
    ExemptIncomeKinds(Option<Vec<IncomeKind>>),
    TiersUnpublished(Option<Vec<crate::model::Area>>),
    EdgeInclusive(Option<bool>),
    EdgeLine(Option<Option<Money>>),
    EdgeLineCap(Option<Option<Money>>),
    ClergyYearsApartOther(Option<Option<u32>>),
    RigidDeducted(Option<Vec<DeductionKind>>),
    SinglePersonGuidance(Option<bool>),
    SeparateHouseholdSevere(Option<bool>),
    TekunMinorBelow(Option<u32>),
}

/// The parameter names a pack may set, in the order they are applied.
pub const PARAMETER_NAMES: &[&str] = &[
    "standard",
    "edge_multiple",
    "method",
    "per_person_floor",
    "individual_floor",
    "supplements",
    "employment_cost",
    "imputed_income",
    "support_formula",
    "assets",
    "edge_assets",
    "gradual_exit_months",
    "earnings_disregard",
    "rounding",
    "basic_pension_exempt_until",
    "excluded_statuses",
    "clergy_years_apart",
    "exempt_income_kinds",
    "tiers_unpublished",
    "edge_inclusive",
    "edge_line",
    "rigid_expenditure_deducted",
    "single_person_guidance",
    "separate_household_severe",
    "tekun_minor_below",
    "edge_line_cap",
    "clergy_years_apart_other",
];

impl Setting {
    /// Applies the setting; `None` leaves the base value in place.
    pub(crate) fn apply(&self, p: &mut Parameters) {
        fn set<T: Clone>(slot: &mut T, v: &Option<T>) {
            if let Some(v) = v {
                *slot = v.clone();
            }
        }
        fn set_opt<T: Clone>(slot: &mut Option<T>, v: &Option<T>) {
            if let Some(v) = v {
                *slot = Some(v.clone());
            }
        }
        match self {
            Setting::Standard(v) => set_opt(&mut p.standard_set, v),
            Setting::EdgeMultiple(v) => set(&mut p.edge_multiple, v),
            Setting::Method(v) => set(&mut p.method, v),
            Setting::PerPersonFloor(v) => set_opt(&mut p.per_person_floor, v),
            Setting::IndividualFloor(v) => set_opt(&mut p.individual_floor, v),
            Setting::Supplements(v) => set(&mut p.supplements, v),
            Setting::EmploymentCost(v) => set_opt(&mut p.employment_cost, v),
            Setting::ImputedIncome(v) => set_opt(&mut p.imputed_income, v),
            Setting::SupportFormula(v) => set_opt(&mut p.support_formula, v),
            Setting::Assets(v) => set_opt(&mut p.assets, v),
            Setting::EdgeAssets(v) => set_opt(&mut p.edge_assets, v),
            Setting::GradualExitMonths(v) => set(&mut p.gradual_exit_months, v),
            Setting::EarningsDisregard(v) => set_opt(&mut p.earnings_disregard, v),
            Setting::Rounding(v) => set(&mut p.rounding, v),
            Setting::BasicPensionExemptUntil(v) => set(&mut p.basic_pension_exempt_until, v),
            Setting::ExcludedStatuses(v) => set(&mut p.excluded_statuses, v),
            Setting::ClergyYearsApart(v) => set(&mut p.clergy_years_apart, v),
            Setting::ExemptIncomeKinds(v) => set(&mut p.exempt_income_kinds, v),
            Setting::TiersUnpublished(v) => set(&mut p.tiers_unpublished, v),
            Setting::EdgeInclusive(v) => set(&mut p.edge_inclusive, v),
            Setting::EdgeLine(v) => set(&mut p.edge_line, v),
            Setting::EdgeLineCap(v) => set(&mut p.edge_line_cap, v),
            Setting::ClergyYearsApartOther(v) => set(&mut p.clergy_years_apart_other, v),
            Setting::RigidDeducted(v) => set(&mut p.rigid_deducted, v),
            Setting::SinglePersonGuidance(v) => set(&mut p.single_person_guidance, v),
            Setting::SeparateHouseholdSevere(v) => set(&mut p.separate_household_severe, v),
            Setting::TekunMinorBelow(v) => set(&mut p.tekun_minor_below, v),
        }
    }
}

/// One dated, sourced value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub from: Date,
    pub setting: Setting,
    pub source: usize,
    pub note: Option<String>,
}

/// A validated region pack.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pack {
    /// GB/T 2260 code or `CN`.
    pub code: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// The values were last checked on this date.
    pub confirmed_through: Date,
    /// Notes in Chinese and English.
    pub notes: Option<(String, String)>,
    /// The sources cited.
    pub sources: Vec<Source>,
    /// Per parameter (index into [`PARAMETER_NAMES`]), its timeline.
    pub(crate) timelines: Vec<(usize, Vec<Entry>)>,
    /// The SHA-256 of the pack's text as loaded (hex), for receipts.
    pub sha256: String,
}

const PACK_FIELDS: &[&str] = &[
    "format",
    "code",
    "name",
    "confirmed_through",
    "notes",
    "sources",
    "parameters",
];
const TEXT_FIELDS: &[&str] = &["zh", "en"];
const SOURCE_FIELDS: &[&str] = &["title", "doc_no", "url", "published", "confidence"];
const ENTRY_FIELDS: &[&str] = &["from", "value", "source", "note"];
const LEVEL_FIELDS: &[&str] = &["yuan", "of_standard"];
const TIER_FIELDS: &[&str] = &["below", "pay"];
const METHOD_FIELDS: &[&str] = &["tiers"];
const METHOD_CODES: &[&str] = &["difference", "{\"tiers\": […]}"];
const SUPPLEMENT_FIELDS: &[&str] = &["id", "name", "when", "amount", "separate"];
const CONDITION_FIELDS: &[&str] = &[
    "age_min",
    "age_below",
    "disability_grades",
    "disability_kinds",
    "serious_illness",
    "full_time_student",
];
const SUPP_AMOUNT_FIELDS: &[&str] = &["yuan", "of_standard", "separate_standard"];
const EMPLOYMENT_FIELDS: &[&str] = &["fraction", "yuan", "cap"];
const IMPUTED_FIELDS: &[&str] = &["minimum_wage", "bands", "exempt"];
const BAND_FIELDS: &[&str] = &["sex", "age_min", "age_max", "fraction"];
const SEX_CODES: &[&str] = &["male", "female", "any"];
const EXEMPT_CODES: &[&str] = &[
    "caregiver",
    "full_time_student",
    "disability",
    "serious_illness",
];
const SUPPORT_FIELDS: &[&str] = &[
    "threshold_multiple",
    "threshold_per_person",
    "shares",
    "divide_among_supported",
];
const SHARE_FIELDS: &[&str] = &["up_to_obligors", "fraction"];
const ASSETS_FIELDS: &[&str] = &[
    "financial_per_member_months",
    "financial_per_member",
    "financial_per_member_by_size",
    "financial_inclusive",
    "financial_illness_exemption",
    "vehicles_allowed",
    "vehicle_exempt_up_to",
    "max_homes",
    "homes_area_exception",
    "max_non_residential",
    "max_businesses",
];
const BY_SIZE_FIELDS: &[&str] = &["up_to_members", "yuan"];
const AREA_EXCEPTION_FIELDS: &[&str] = &[
    "up_to_homes",
    "per_member_area_below",
    "per_member_area_up_to",
];
const DISREGARD_FIELDS: &[&str] = &["months", "cap_multiple"];

fn fraction_max() -> Decimal {
    Decimal::ONE
}

impl Pack {
    /// Reads and validates a pack; `file` names it in errors.
    ///
    /// Fails with every problem found, each naming the file and the path inside it.
    pub fn from_json(file: &str, text: &str) -> Result<Pack, Errors> {
        let wrap = |e: &Error| match e {
            Error::InvalidParameter { field, en, zh, .. } => Error::InvalidParameter {
                file: file.to_owned(),
                field: field.clone(),
                en: en.clone(),
                zh: zh.clone(),
            },
            e => Error::InvalidParameter {
                file: file.to_owned(),
                field: e.field().to_owned(),
                en: e.en(),
                zh: e.zh(),
            },
        };
        let value = json::parse(text).map_err(|e| {
            wrap(&Error::Syntax {
                field: String::new(),
                line: e.line,
                column: e.column,
                en: e.en,
                zh: e.zh,
            })
        })?;
        let mut r = Reader::default();
        let pack = read_pack(&mut r, &value);
        match pack {
            Some(mut p) if r.errors.is_empty() => {
                p.sha256 = crate::receipt::sha256_hex(text.as_bytes());
                Ok(p)
            }
            _ => Err(Errors(r.errors.iter().map(wrap).collect())),
        }
    }

    /// The source of an entry.
    pub(crate) fn source(&self, i: usize) -> &Source {
        &self.sources[i]
    }

    /// Every distinct date on which a value of this pack changes, ascending.
    pub fn change_dates(&self) -> Vec<Date> {
        let mut d: Vec<Date> = self
            .timelines
            .iter()
            .flat_map(|(_, t)| t.iter().map(|e| e.from))
            .collect();
        crate::sort::sort_by(&mut d, Ord::cmp);
        d.dedup();
        d
    }

    /// The standard's timeline: `(from, value, source)`.
    pub fn standards(&self) -> Vec<(Date, Option<StandardSet>, &Source)> {
        self.timelines
            .iter()
            .filter(|(k, _)| PARAMETER_NAMES[*k] == "standard")
            .flat_map(|(_, t)| {
                t.iter().map(|e| match &e.setting {
                    Setting::Standard(v) => (e.from, *v, self.source(e.source)),
                    _ => (e.from, None, self.source(e.source)),
                })
            })
            .collect()
    }

    /// Every entry with its parameter name, for the test that every value has a source.
    pub fn entries(
        &self,
    ) -> impl Iterator<Item = (&'static str, Date, &Source, Option<&str>)> + '_ {
        self.timelines.iter().flat_map(move |(k, t)| {
            t.iter().map(move |e| {
                (
                    PARAMETER_NAMES[*k],
                    e.from,
                    self.source(e.source),
                    e.note.as_deref(),
                )
            })
        })
    }
}

fn text_pair(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<(String, String)> {
    let o = r.object(v, path, TEXT_FIELDS)?;
    let zh = o
        .require(r, "zh")
        .and_then(|(v, p)| r.string(v, &p).map(str::to_owned));
    let en = o
        .require(r, "en")
        .and_then(|(v, p)| r.string(v, &p).map(str::to_owned));
    Some((zh?, en?))
}

fn read_pack(r: &mut Reader, v: &Value) -> Option<Pack> {
    let o = r.object(v, "", PACK_FIELDS)?;
    if let Some((v, p)) = o.require(r, "format") {
        if r.string(v, &p).is_some_and(|s| s != "dibao-region/1") {
            r.push(Error::InvalidValue {
                field: p.to_string(),
                text: json_text(v),
                allowed: &["dibao-region/1"],
            });
        }
    }
    let code = o.require(r, "code").and_then(|(v, p)| {
        let s = r.string(v, &p)?;
        let ok = s == "CN" || (s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            r.push(Error::InvalidValue {
                field: p.to_string(),
                text: s.to_owned(),
                allowed: &["CN", "a 6-digit GB/T 2260 code"],
            });
            return None;
        }
        Some(s.to_owned())
    });
    let name = o.require(r, "name").and_then(|(v, p)| text_pair(r, v, &p));
    let confirmed_through = o
        .require(r, "confirmed_through")
        .and_then(|(v, p)| r.date(v, &p));
    let notes = o.get("notes").and_then(|(v, p)| text_pair(r, v, &p));
    let sources = o
        .require(r, "sources")
        .and_then(|(v, p)| read_sources(r, v, &p))
        .unwrap_or_default();
    let timelines = o
        .require(r, "parameters")
        .and_then(|(v, p)| read_parameters(r, v, &p, &sources));
    let (name_zh, name_en) = name?;
    Some(Pack {
        code: code?,
        name_zh,
        name_en,
        confirmed_through: confirmed_through?,
        notes,
        sources,
        timelines: timelines?,
        sha256: String::new(),
    })
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) | Value::Number(s) => s.to_string(),
        other => other.type_name().to_owned(),
    }
}

fn read_sources(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
) -> Option<Vec<Source>> {
    let members = r.map(v, path)?;
    let mut out = Vec::new();
    for (id, v) in members {
        let p = join(&path.to_string(), id);
        let Some(o) = r.object(v, &p, SOURCE_FIELDS) else {
            continue;
        };
        let s = |r: &mut Reader, k: &str| {
            o.get(k)
                .and_then(|(v, p)| r.string(v, &p).map(str::to_owned))
        };
        let title = o
            .require(r, "title")
            .and_then(|(v, p)| r.string(v, &p).map(str::to_owned));
        let doc_no = s(r, "doc_no");
        let url = s(r, "url");
        let published = o.get("published").and_then(|(v, p)| {
            let t = r.string(v, &p)?;
            let month_ok = t.len() == 7 && Date::parse(&format!("{t}-01")).is_some();
            if Date::parse(t).is_none() && !month_ok {
                r.push(Error::InvalidDate {
                    field: p.to_string(),
                    text: t.to_owned(),
                });
                return None;
            }
            Some(t.to_owned())
        });
        let confidence = o
            .require(r, "confidence")
            .and_then(|(v, p)| r.code(v, &p, Confidence::CODES, Confidence::from_code));
        if let (Some(title), Some(confidence)) = (title, confidence) {
            if title.trim().is_empty() {
                r.push(Error::MissingField {
                    field: join(&p, "title"),
                });
            }
            let mut src = Source {
                id: id.to_string(),
                title,
                doc_no,
                url,
                published,
                confidence,
                line: "".into(),
            };
            src.line = src.citation_line().into();
            out.push(src);
        }
    }
    Some(out)
}

fn read_parameters(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
    sources: &[Source],
) -> Option<Vec<(usize, Vec<Entry>)>> {
    let members = r.map(v, path)?;
    let mut out = Vec::new();
    for (name, v) in members {
        let p = join(&path.to_string(), name);
        let Some(k) = PARAMETER_NAMES.iter().position(|n| n == name) else {
            r.push(Error::UnknownField {
                field: p.to_string(),
                allowed: PARAMETER_NAMES,
            });
            continue;
        };
        let Some(items) = r.array(v, &p) else {
            continue;
        };
        let mut entries: Vec<Entry> = Vec::new();
        let mut prev_from: Option<Date> = None;
        for (i, v) in items.iter().enumerate() {
            let ep = index(&p, i);
            let Some(o) = r.object(v, &ep, ENTRY_FIELDS) else {
                continue;
            };
            let from = o.require(r, "from").and_then(|(v, p)| r.date(v, &p));
            let source = o.require(r, "source").and_then(|(v, p)| {
                let id = r.string(v, &p)?;
                let found = sources.iter().position(|s| s.id == id);
                if found.is_none() {
                    r.push(Error::InvalidParameter {
                        file: String::new(),
                        field: p.to_string(),
                        en: format!("the source \"{id}\" is not listed in `sources`"),
                        zh: format!("来源“{id}”未在 sources 中列出"),
                    });
                }
                found
            });
            let note = o
                .get("note")
                .and_then(|(v, p)| r.string(v, &p).map(str::to_owned));
            let setting = o
                .require(r, "value")
                .and_then(|(v, p)| read_setting(r, name, v, &p));
            if let (Some(from), Some(prev)) = (from, prev_from) {
                if prev >= from {
                    r.push(Error::InvalidParameter {
                        file: String::new(),
                        field: format!("{ep}.from"),
                        en: format!("dates must increase: {from} is not after {prev}"),
                        zh: format!("日期须递增：{from} 不晚于前一项的 {prev}"),
                    });
                }
            }
            prev_from = from.or(prev_from);
            if let (Some(from), Some(source), Some(setting)) = (from, source, setting) {
                entries.push(Entry {
                    from,
                    setting,
                    source,
                    note,
                });
            }
        }
        out.push((k, entries));
    }
    crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    Some(out)
}

fn read_setting(
    r: &mut Reader,
    name: &str,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<Setting> {
    let null = matches!(v, Value::Null);
    macro_rules! opt {
        ($variant:ident, $e:expr) => {{
            if null {
                Some(Setting::$variant(None))
            } else {
                let x = $e;
                x.map(|x| Setting::$variant(Some(x)))
            }
        }};
    }
    let hundred = Decimal::from(100);
    match name {
        "standard" => opt!(Standard, read_standard(r, v, path)),
        "edge_multiple" => opt!(
            EdgeMultiple,
            r.decimal(v, path, Decimal::ONE, Decimal::from(5))
        ),
        "method" => opt!(Method, read_method(r, v, path)),
        "per_person_floor" => opt!(PerPersonFloor, read_level(r, v, path)),
        "individual_floor" => opt!(IndividualFloor, read_level(r, v, path)),
        "supplements" => opt!(Supplements, read_supplements(r, v, path)),
        "employment_cost" => opt!(EmploymentCost, read_employment_cost(r, v, path)),
        "imputed_income" => opt!(ImputedIncome, read_imputed(r, v, path)),
        "support_formula" => opt!(SupportFormula, read_support_formula(r, v, path)),
        "assets" => opt!(Assets, read_asset_limits(r, v, path)),
        "edge_assets" => opt!(EdgeAssets, read_asset_limits(r, v, path)),
        "gradual_exit_months" => opt!(GradualExitMonths, r.int(v, path, 0, 24).map(|n| n as u32)),
        "earnings_disregard" => opt!(EarningsDisregard, read_disregard(r, v, path)),
        "rounding" => opt!(
            Rounding,
            r.code(v, path, Rounding::CODES, Rounding::from_code)
        ),
        // Here `null` means "no exemption", not "back to the national base".
        "basic_pension_exempt_until" => Some(Setting::BasicPensionExemptUntil(Some(if null {
            None
        } else {
            Some(r.date(v, path)?)
        }))),
        "excluded_statuses" => opt!(
            ExcludedStatuses,
            code_list(r, v, path, Status::CODES, Status::from_code)
        ),
        "clergy_years_apart" => opt!(ClergyYearsApart, r.int(v, path, 0, 50).map(|n| n as u32)),
        "exempt_income_kinds" => {
            opt!(
                ExemptIncomeKinds,
                code_list(r, v, path, IncomeKind::CODES, IncomeKind::from_code)
            )
        }
        "tiers_unpublished" => opt!(
            TiersUnpublished,
            code_list(
                r,
                v,
                path,
                crate::model::Area::CODES,
                crate::model::Area::from_code
            )
        ),
        "edge_inclusive" => opt!(EdgeInclusive, r.bool(v, path)),
        // `null`: no published amount (edge_multiple × standard).
        "edge_line" => Some(Setting::EdgeLine(Some(if null {
            None
        } else {
            Some(positive_money(r, v, path)?)
        }))),
        // `null`: no other figure from this date.
        "clergy_years_apart_other" => Some(Setting::ClergyYearsApartOther(Some(if null {
            None
        } else {
            Some(r.int(v, path, 0, 50)? as u32)
        }))),
        // `null`: no cap from this date.
        "edge_line_cap" => Some(Setting::EdgeLineCap(Some(if null {
            None
        } else {
            Some(positive_money(r, v, path)?)
        }))),
        "rigid_expenditure_deducted" => opt!(
            RigidDeducted,
            code_list(r, v, path, DeductionKind::CODES, DeductionKind::from_code)
        ),
        "single_person_guidance" => opt!(SinglePersonGuidance, r.bool(v, path)),
        "separate_household_severe" => opt!(SeparateHouseholdSevere, r.bool(v, path)),
        "tekun_minor_below" => opt!(TekunMinorBelow, r.int(v, path, 16, 18).map(|n| n as u32)),
        _ => {
            let _ = hundred;
            None
        }
    }
}

/// The employment-cost deduction: a fraction of the wage or a fixed amount, and a cap.
fn read_employment_cost(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<EmploymentCost> {
    let o = r.object(v, path, EMPLOYMENT_FIELDS);
    o.and_then(|o| {
        let deduct = match (o.get("fraction"), o.get("yuan")) {
            (Some((v, p)), None) => r
                .decimal(v, &p, Decimal::ZERO, fraction_max())
                .map(Level::OfStandard),
            (None, Some((v, p))) => r.money(v, &p).map(Level::Yuan),
            _ => {
                r.push(Error::MissingField {
                    field: join(&path.to_string(), "fraction"),
                });
                None
            }
        };
        let cap = o.get("cap").and_then(|(v, p)| r.money(v, &p));
        Some(EmploymentCost {
            deduct: deduct?,
            cap,
        })
    })
}

/// The formula for what obligors should pay: a threshold and shares by number of obligors.
fn read_support_formula(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<SupportFormula> {
    let o = r.object(v, path, SUPPORT_FIELDS);
    o.and_then(|o| {
        let t = match (o.get("threshold_multiple"), o.get("threshold_per_person")) {
            (Some((v, p)), None) => r
                .decimal(v, &p, Decimal::ZERO, Decimal::from(10))
                .map(SupportThreshold::MultipleOfStandard),
            (None, Some((v, p))) => read_rate(r, v, &p, RATE_FIELDS).map(SupportThreshold::PerPerson),
            _ => {
                r.push(Error::InvalidParameter {
                    file: String::new(),
                    field: path.to_string(),
                    en: "give exactly one of `threshold_multiple` and `threshold_per_person`".into(),
                    zh: "须且只须填写 threshold_multiple（低保标准的倍数）或 threshold_per_person（每人金额）之一".into(),
                });
                None
            }
        };
        let divide = o
            .get("divide_among_supported")
            .and_then(|(v, p)| r.bool(v, &p))
            .unwrap_or(false);
        let shares = o.require(r, "shares").and_then(|(v, p)| {
            let items = r.array(v, &p)?;
            let mut out = Vec::new();
            for (i, v) in items.iter().enumerate() {
                let sp = index(&p, i);
                let so = r.object(v, &sp, SHARE_FIELDS)?;
                let up = so
                    .get("up_to_obligors")
                    .and_then(|(v, p)| r.int(v, &p, 1, 50))
                    .map(|n| n as u32);
                let f = so
                    .require(r, "fraction")
                    .and_then(|(v, p)| r.decimal(v, &p, Decimal::ZERO, fraction_max()))?;
                out.push((up, f));
            }
            if out.last().is_none_or(|(up, _)| up.is_some()) {
                r.push(Error::InvalidParameter {
                    file: String::new(),
                    field: p.to_string(),
                    en: "the last share must have no up_to_obligors (it covers any number)".into(),
                    zh: "最后一档不应填写 up_to_obligors（适用于任意人数）".into(),
                });
                return None;
            }
            Some(out)
        });
        Some(SupportFormula {
            threshold: t?,
            shares: shares?,
            divide_among_supported: divide,
        })
    })
}

/// The property limits.
fn read_asset_limits(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<AssetLimits> {
    let o = r.object(v, path, ASSETS_FIELDS)?;
    let count = |r: &mut Reader, key: &str| {
        o.get(key)
            .and_then(|(v, p)| r.int(v, &p, 0, 100))
            .map(|n| n as u32)
    };
    let money = |r: &mut Reader, key: &str| o.get(key).and_then(|(v, p)| positive_money(r, v, &p));
    let months = o
        .get("financial_per_member_months")
        .and_then(|(v, p)| r.int(v, &p, 1, 240))
        .map(|n| n as u32);
    let per = money(r, "financial_per_member");
    let by_size = match o.get("financial_per_member_by_size") {
        Some((v, p)) => read_by_size(r, v, &p)?,
        None => Vec::new(),
    };
    let inclusive = match o.get("financial_inclusive") {
        Some((v, p)) => r.bool(v, &p)?,
        None => true,
    };
    let illness = money(r, "financial_illness_exemption");
    let vehicles = o.get("vehicles_allowed").and_then(|(v, p)| {
        let items = r.array(v, &p)?;
        items
            .iter()
            .enumerate()
            .map(|(i, v)| r.code(v, &index(&p, i), VehicleKind::CODES, VehicleKind::from_code))
            .collect::<Option<Vec<_>>>()
    });
    let vehicle_exempt = money(r, "vehicle_exempt_up_to");
    let homes = count(r, "max_homes");
    let area = o
        .get("homes_area_exception")
        .and_then(|(v, p)| read_area_exception(r, v, &p));
    let non_residential = count(r, "max_non_residential");
    let biz = count(r, "max_businesses");
    Some(AssetLimits {
        financial_per_member_months: months,
        financial_per_member: per,
        financial_by_size: by_size,
        financial_exclusive: !inclusive,
        financial_illness_exemption: illness,
        vehicles_allowed: vehicles,
        vehicle_exempt_up_to: vehicle_exempt,
        max_homes: homes,
        homes_area_exception: area,
        max_non_residential: non_residential,
        max_businesses: biz,
    })
}

/// Amounts per member by household size: ascending `up_to_members`, the last
/// without one (any larger size).
fn read_by_size(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
) -> Option<Vec<(Option<u32>, Money)>> {
    let items = r.array(v, path)?;
    let mut out: Vec<(Option<u32>, Money)> = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let ip = index(path, i);
        let o = r.object(v, &ip, BY_SIZE_FIELDS)?;
        let up_to = o
            .get("up_to_members")
            .and_then(|(v, p)| r.int(v, &p, 1, 100))
            .map(|n| n as u32);
        let yuan = o
            .require(r, "yuan")
            .and_then(|(v, p)| positive_money(r, v, &p))?;
        let last = i + 1 == items.len();
        let ascending = match (out.last().and_then(|(u, _)| *u), up_to) {
            (Some(prev), Some(n)) => n > prev,
            _ => true,
        };
        if up_to.is_none() != last || !ascending {
            r.push(Error::InvalidParameter {
                file: String::new(),
                field: ip.to_string(),
                en: "sizes must ascend, and only the last band has no up_to_members".into(),
                zh: "人数须递增，且只有最后一档不写 up_to_members".into(),
            });
            return None;
        }
        out.push((up_to, yuan));
    }
    if out.is_empty() {
        r.push(Error::InvalidParameter {
            file: String::new(),
            field: path.to_string(),
            en: "at least one band is needed".into(),
            zh: "至少需要一档".into(),
        });
        return None;
    }
    Some(out)
}

/// The area exception to the home count: `per_member_area_below` (低于) or
/// `per_member_area_up_to` (不高于), or neither where the figure is unpublished.
fn read_area_exception(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<HomesAreaException> {
    let o = r.object(v, path, AREA_EXCEPTION_FIELDS)?;
    let up_to = o
        .get("up_to_homes")
        .and_then(|(v, p)| r.int(v, &p, 1, 100))
        .map(|n| n as u32);
    let area = |r: &mut Reader, key: &str| {
        o.get(key)
            .and_then(|(v, p)| r.decimal(v, &p, Decimal::ZERO, Decimal::from(10_000)))
    };
    let below = area(r, "per_member_area_below");
    let up_to_area = area(r, "per_member_area_up_to");
    if below.is_some() && up_to_area.is_some() {
        r.push(Error::InvalidParameter {
            file: String::new(),
            field: path.to_string(),
            en: "give per_member_area_below or per_member_area_up_to, not both".into(),
            zh: "per_member_area_below 与 per_member_area_up_to 只能给一个".into(),
        });
        return None;
    }
    Some(HomesAreaException {
        up_to_homes: up_to,
        per_member_area: below.or(up_to_area),
        inclusive: up_to_area.is_some(),
    })
}

/// The earnings disregard after taking up work.
fn read_disregard(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<EarningsDisregard> {
    let o = r.object(v, path, DISREGARD_FIELDS);
    o.and_then(|o| {
        let m = o
            .require(r, "months")
            .and_then(|(v, p)| r.int(v, &p, 0, 36))
            .map(|n| n as u32);
        let c = o
            .require(r, "cap_multiple")
            .and_then(|(v, p)| r.decimal(v, &p, Decimal::ZERO, Decimal::from(10)));
        Some(EarningsDisregard {
            months: m?,
            cap_multiple: c?,
        })
    })
}

fn positive_money(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
) -> Option<Money> {
    let m = r.money(v, path)?;
    if m.is_zero() || m > Money::yuan(100_000) {
        r.push(Error::OutOfRange {
            field: path.to_string(),
            text: m.to_string(),
            min: 1,
            max: 100_000,
        });
        return None;
    }
    Some(m)
}

const RATE_FIELDS: &[&str] = &["month", "year"];
const STANDARD_FIELDS: &[&str] = &["month", "year", "urban", "rural"];

/// A standard: `"985"` (per month), `{"year": "5060"}` / `{"month": "985"}`,
/// or `{"urban": …, "rural": …}` with either of those for each area.
fn read_standard(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<StandardSet> {
    let split =
        matches!(v, Value::Object(m) if m.iter().any(|(k, _)| k == "urban" || k == "rural"));
    if !split {
        return read_rate(r, v, path, STANDARD_FIELDS).map(StandardSet::Unified);
    }
    let o = r.object(v, path, STANDARD_FIELDS)?;
    let mut area = |name: &str| match o.get(name) {
        Some((Value::Null, _)) | None => Some(None),
        Some((v, p)) => read_rate(r, v, &p, RATE_FIELDS).map(Some),
    };
    let (urban, rural) = (area("urban"), area("rural"));
    if o.get("month").is_some() || o.get("year").is_some() {
        r.push(Error::InvalidParameter {
            file: String::new(),
            field: path.to_string(),
            en: "give either one standard (`month`/`year`) or `urban` and `rural`".into(),
            zh: "须填写统一标准（month/year）或分别填写 urban、rural，不可同时填写".into(),
        });
        return None;
    }
    Some(StandardSet::Split {
        urban: urban?,
        rural: rural?,
    })
}

/// One published standard: money (per month) or `{"month"|"year": money}`.
fn read_rate(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
    fields: &'static [&'static str],
) -> Option<Rate> {
    if !matches!(v, Value::Object(_)) {
        return positive_money(r, v, path).map(Rate::monthly);
    }
    let o = r.object(v, path, fields)?;
    match (o.get("month"), o.get("year")) {
        (Some((v, p)), None) => positive_money(r, v, &p).map(Rate::monthly),
        (None, Some((v, p))) => positive_money(r, v, &p).map(|amount| Rate {
            amount,
            unit: Unit::Year,
        }),
        _ => {
            r.push(Error::InvalidParameter {
                file: String::new(),
                field: path.to_string(),
                en: "give exactly one of `month` and `year`".into(),
                zh: "须且只须填写 month（元/人·月）或 year（元/人·年）之一".into(),
            });
            None
        }
    }
}

fn code_list<T>(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
    codes: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
) -> Option<Vec<T>> {
    let items = r.array(v, path)?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| r.code(v, &index(path, i), codes, parse))
        .collect()
}

fn read_level(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<Level> {
    let o = r.object(v, path, LEVEL_FIELDS)?;
    match (o.get("yuan"), o.get("of_standard")) {
        (Some((v, p)), None) => r.money(v, &p).map(Level::Yuan),
        (None, Some((v, p))) => r
            .decimal(v, &p, Decimal::ZERO, Decimal::from(5))
            .map(Level::OfStandard),
        _ => {
            r.push(Error::InvalidParameter {
                file: String::new(),
                field: path.to_string(),
                en: "give exactly one of `yuan` and `of_standard`".into(),
                zh: "须且只须填写 yuan 或 of_standard 之一".into(),
            });
            None
        }
    }
}

fn read_method(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<Method> {
    if let Value::String(s) = v {
        if s == "difference" {
            return Some(Method::Difference);
        }
        r.push(Error::InvalidValue {
            field: path.to_string(),
            text: s.to_string(),
            allowed: METHOD_CODES,
        });
        return None;
    }
    let o = r.object(v, path, METHOD_FIELDS)?;
    let (v, p) = o.require(r, "tiers")?;
    let items = r.array(v, &p)?;
    let mut tiers = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let tp = index(&p, i);
        let Some(t) = r.object(v, &tp, TIER_FIELDS) else {
            continue;
        };
        let below = t
            .require(r, "below")
            .and_then(|(v, p)| read_level(r, v, &p));
        let pay = t.require(r, "pay").and_then(|(v, p)| read_level(r, v, &p));
        if let (Some(below), Some(pay)) = (below, pay) {
            tiers.push(Tier { below, pay });
        }
    }
    if tiers.len() != items.len() {
        return None;
    }
    // Checked against a notional standard of 1000: bands ascending, pay not
    // rising with income, the last band ending at the standard.
    let s = Money::yuan(1000);
    let amounts: Vec<(Money, Money)> = tiers
        .iter()
        .filter_map(|t| Some((t.below.amount(s)?, t.pay.amount(s)?)))
        .collect();
    let ascending = amounts
        .windows(2)
        .all(|w| w[0].0 < w[1].0 && w[0].1 >= w[1].1);
    let ends_at_standard = tiers
        .last()
        .is_some_and(|t| t.below == Level::OfStandard(Decimal::ONE));
    if tiers.is_empty() || !ascending || !ends_at_standard {
        r.push(Error::InvalidParameter {
            file: String::new(),
            field: p.to_string(),
            en: "tiers must be in ascending `below` order with non-increasing `pay`, the last `below` being {\"of_standard\": \"1\"}".into(),
            zh: "分档须按 below 递增、pay 不增排列，最后一档的 below 为 {\"of_standard\": \"1\"}".into(),
        });
        return None;
    }
    Some(Method::Tiers(tiers))
}

fn read_supplements(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
) -> Option<Vec<SupplementRule>> {
    let items = r.array(v, path)?;
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let sp = index(path, i);
        let Some(o) = r.object(v, &sp, SUPPLEMENT_FIELDS) else {
            continue;
        };
        let id = o
            .require(r, "id")
            .and_then(|(v, p)| r.string(v, &p).map(str::to_owned));
        let name = o.require(r, "name").and_then(|(v, p)| text_pair(r, v, &p));
        let when = o
            .require(r, "when")
            .and_then(|(v, p)| read_conditions(r, v, &p));
        let amount = o
            .require(r, "amount")
            .and_then(|(v, p)| read_supplement_amount(r, v, &p));
        let separate = o.get("separate").and_then(|(v, p)| r.bool(v, &p));
        if let (Some(id), Some((name_zh, name_en)), Some(when), Some(amount)) =
            (id, name, when, amount)
        {
            out.push(SupplementRule {
                id,
                name_zh,
                name_en,
                when,
                amount,
                separate: separate.unwrap_or(false),
            });
        }
    }
    (out.len() == items.len()).then_some(out)
}

/// A supplement's alternative condition sets (any one qualifies).
fn read_conditions(
    r: &mut Reader,
    v: &Value,
    path: &(impl std::fmt::Display + ?Sized),
) -> Option<Vec<Condition>> {
    let alts = r.array(v, path)?;
    let mut conds = Vec::new();
    for (j, v) in alts.iter().enumerate() {
        let cp = index(path, j);
        let c = r.object(v, &cp, CONDITION_FIELDS)?;
        let mut cond = Condition {
            age_min: c
                .get("age_min")
                .and_then(|(v, p)| r.int(v, &p, 0, 130))
                .map(|n| n as u32),
            age_below: c
                .get("age_below")
                .and_then(|(v, p)| r.int(v, &p, 0, 130))
                .map(|n| n as u32),
            ..Condition::default()
        };
        cond.disability_grades = c.get("disability_grades").and_then(|(v, p)| {
            let items = r.array(v, &p)?;
            items
                .iter()
                .enumerate()
                .map(|(k, v)| r.int(v, &index(&p, k), 1, 4).map(|n| n as u8))
                .collect()
        });
        cond.disability_kinds = c.get("disability_kinds").and_then(|(v, p)| {
            code_list(r, v, &p, DisabilityKind::CODES, DisabilityKind::from_code)
        });
        cond.serious_illness = c
            .get("serious_illness")
            .and_then(|(v, p)| r.bool(v, &p))
            .unwrap_or(false);
        cond.full_time_student = c
            .get("full_time_student")
            .and_then(|(v, p)| r.bool(v, &p))
            .unwrap_or(false);
        if cond == Condition::default() {
            r.push(Error::InvalidParameter {
                file: String::new(),
                field: cp.to_string(),
                en: "a condition must set at least one test".into(),
                zh: "条件须至少包含一项".into(),
            });
            continue;
        }
        conds.push(cond);
    }
    (!conds.is_empty()).then_some(conds)
}

/// What a supplement pays.
fn read_supplement_amount(
    r: &mut Reader,
    v: &Value,
    path: &(impl AsPath + ?Sized),
) -> Option<SupplementAmount> {
    let a = r.object(v, path, SUPP_AMOUNT_FIELDS)?;
    match (
        a.get("yuan"),
        a.get("of_standard"),
        a.get("separate_standard"),
    ) {
        (Some(_), None, None) | (None, Some(_), None) => {
            // Re-read as a level (the extra field list is the same minus one).
            let level = match (a.get("yuan"), a.get("of_standard")) {
                (Some((v, p)), _) => r.money(v, &p).map(Level::Yuan),
                (_, Some((v, p))) => r
                    .decimal(v, &p, Decimal::ZERO, Decimal::from(5))
                    .map(Level::OfStandard),
                _ => None,
            };
            level.map(SupplementAmount::Level)
        }
        (None, None, Some((v, p))) => {
            positive_money(r, v, &p).map(SupplementAmount::SeparateStandard)
        }
        _ => {
            r.push(Error::InvalidParameter {
                file: String::new(),
                field: path.to_string(),
                en: "give exactly one of `yuan`, `of_standard`, `separate_standard`".into(),
                zh: "须且只须填写 yuan、of_standard、separate_standard 之一".into(),
            });
            None
        }
    }
}

fn read_imputed(r: &mut Reader, v: &Value, path: &(impl AsPath + ?Sized)) -> Option<ImputedIncome> {
    let o = r.object(v, path, IMPUTED_FIELDS)?;
    let minimum_wage = o
        .require(r, "minimum_wage")
        .and_then(|(v, p)| positive_money(r, v, &p));
    let bands = o.require(r, "bands").and_then(|(v, p)| {
        let items = r.array(v, &p)?;
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let bp = index(&p, i);
            let b = r.object(v, &bp, BAND_FIELDS)?;
            let sex = match b.get("sex") {
                None => Some(None),
                Some((v, p)) => r.code(v, &p, SEX_CODES, |s| match s {
                    "any" => Some(None),
                    s => Sex::from_code(s).map(Some),
                }),
            };
            let lo = b
                .require(r, "age_min")
                .and_then(|(v, p)| r.int(v, &p, 0, 130));
            let hi = b
                .require(r, "age_max")
                .and_then(|(v, p)| r.int(v, &p, 0, 130));
            let f = b
                .require(r, "fraction")
                .and_then(|(v, p)| r.decimal(v, &p, Decimal::ZERO, Decimal::from(3)));
            out.push(ImputedBand {
                sex: sex?,
                age_min: lo? as u32,
                age_max: hi? as u32,
                fraction: f?,
            });
        }
        Some(out)
    });
    let exempt = o
        .get("exempt")
        .map(|(v, p)| {
            code_list(r, v, &p, EXEMPT_CODES, |s| {
                Some(match s {
                    "caregiver" => ImputeExempt::Caregiver,
                    "full_time_student" => ImputeExempt::FullTimeStudent,
                    "disability" => ImputeExempt::Disability,
                    "serious_illness" => ImputeExempt::SeriousIllness,
                    _ => return None,
                })
            })
        })
        .unwrap_or(Some(Vec::new()));
    Some(ImputedIncome {
        minimum_wage: minimum_wage?,
        bands: bands?,
        exempt: exempt?,
    })
}

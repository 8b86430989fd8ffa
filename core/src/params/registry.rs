//! The set of packs an assessment can use: the shipped ones, plus any the
//! user loads, and the resolution of a region and date into [`Parameters`].

use std::sync::{Arc, OnceLock};

use super::names::{ancestors, is_code, Names};
use super::pack::{Pack, Source, PARAMETER_NAMES};
use super::{Parameters, Rate, StandardSet};
use crate::date::Date;
use crate::error::{Error, Errors};
use crate::json::Writer;
use crate::model::{Area, Policy};
use crate::money::Money;
use rust_decimal::Decimal;

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// A set of region packs; always holds the national base `CN`.
///
/// ```
/// let reg = dibao::Registry::builtin();
/// assert!(reg.get("CN").is_some());
/// ```
#[derive(Clone, Debug)]
pub struct Registry {
    packs: Vec<Pack>,
    /// The GB/T 2260 name table, when loaded (built in natively with the
    /// `names` feature; loaded at run time in WASM).
    names: Option<Arc<Names>>,
}

/// The parameters in force for one assessment, with where they come from.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Resolved {
    /// The values.
    pub params: Parameters,
    /// The index of the region's pack in [`Registry::packs`] (`CN` for national rules).
    pub pack: usize,
    /// The version: the latest date on which one of the region's own values
    /// took effect (the national base's, for `CN`).
    pub from: Option<Date>,
    /// The date the standard in force took effect, when it comes from a pack.
    pub standard_from: Option<Date>,
    /// The source of the standard, when it comes from a pack.
    pub standard_source: Option<Arc<str>>,
    /// Every value in force from a pack: parameter, from, source.
    pub in_force: Vec<(&'static str, Date, Arc<str>)>,
    /// Names of the parameters the household's `policy` overrode.
    pub overridden: Vec<&'static str>,
    /// The code asked for, when it has no pack of its own and the
    /// parameters are those of the unit above (`371082` → `371000`).
    pub fell_back_from: Option<String>,
    /// The area whose standard applies, where urban and rural differ.
    pub area: Option<Area>,
    /// Products of the standard that every assessment under these
    /// parameters needs, computed once (`None` if one overflows: the
    /// assessment then computes, and reports, it itself).
    pub(crate) products: Option<Products>,
}

/// The standard times small household sizes, and the edge line: computed
/// once per resolution, with the very arithmetic an assessment would do.
#[derive(Clone, Debug)]
pub(crate) struct Products {
    /// The edge line: standard × edge multiple.
    pub edge_line: Money,
    /// `(standard × k, standard × k × edge multiple)` for k counted members.
    pub by_size: Vec<(Money, Money)>,
}

impl Products {
    /// Households up to this size (counted members) are covered.
    const SIZES: u32 = 8;

    fn new(standard: Money, edge_multiple: Decimal) -> Option<Products> {
        let mut by_size = Vec::with_capacity(Self::SIZES as usize + 1);
        for k in 0..=Self::SIZES {
            let total = standard.checked_mul(Decimal::from(k))?;
            by_size.push((total, total.checked_mul(edge_multiple)?));
        }
        Some(Products {
            edge_line: standard.checked_mul(edge_multiple)?,
            by_size,
        })
    }
}

impl Registry {
    /// The shipped packs, read and validated once.
    ///
    /// # Panics
    /// Never in a released build: a test loads every shipped pack, so an
    /// invalid one fails the build's tests first.
    pub fn builtin() -> &'static Registry {
        static BUILTIN: OnceLock<Registry> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut packs = Vec::new();
            for (file, text) in BUILTIN_PACKS {
                match Pack::from_json(file, text) {
                    Ok(p) => packs.push(p),
                    Err(e) => panic!("shipped pack {file} is invalid:\n{e}"),
                }
            }
            // The national base first.
            crate::sort::sort_by(&mut packs, |a, b| {
                (a.code != "CN", &a.code).cmp(&(b.code != "CN", &b.code))
            });
            #[cfg(feature = "names")]
            let names = Some(Arc::new(Names::builtin()));
            #[cfg(not(feature = "names"))]
            let names = None;
            Registry { packs, names }
        })
    }

    /// Every shipped pack as `(file name, text)`, for tests and tools.
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        BUILTIN_PACKS
    }

    /// Adds (or replaces, by code) a pack read from JSON.
    pub fn add_json(&mut self, file: &str, text: &str) -> Result<&Pack, Errors> {
        let pack = Pack::from_json(file, text)?;
        Ok(self.add(pack))
    }

    /// Adds (or replaces, by code) a pack.
    pub fn add(&mut self, pack: Pack) -> &Pack {
        let i = match self.packs.iter().position(|p| p.code == pack.code) {
            Some(i) => {
                self.packs[i] = pack;
                i
            }
            None => {
                self.packs.push(pack);
                self.packs.len() - 1
            }
        };
        &self.packs[i]
    }

    /// The pack for a code.
    pub fn get(&self, code: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.code == code)
    }

    /// Loads the GB/T 2260 name table (`regions/names.tsv`) at run time,
    /// for builds without the `names` feature (WASM); returns the number
    /// of divisions read. Replaces any table already loaded.
    pub fn add_names(&mut self, tsv: &str) -> Result<usize, Errors> {
        let names = Names::from_tsv(tsv)?;
        let n = names.len();
        self.names = Some(Arc::new(names));
        Ok(n)
    }

    /// The name table, if loaded.
    pub fn names(&self) -> Option<&Names> {
        self.names.as_deref()
    }

    /// The Chinese name of a code: its pack's, else the name table's.
    pub fn name(&self, code: &str) -> Option<&str> {
        match self.get(code) {
            Some(p) => Some(&p.name_zh),
            None => self.names()?.name(code),
        }
    }

    /// The pack whose rules apply to `code`: its own, else its prefecture's,
    /// else its province's, else the national base. `None` when the code is
    /// unknown: not in the name table (when loaded) and with no pack; without
    /// the table, a six-digit code whose prefecture or province has a pack.
    pub fn pack_for(&self, code: &str) -> Option<&Pack> {
        if let Some(p) = self.get(code) {
            return Some(p);
        }
        let known = match self.names() {
            Some(n) => n.name(code).is_some(),
            None => is_code(code),
        };
        if !known {
            return None;
        }
        let found = ancestors(code).iter().skip(1).find_map(|c| self.get(c));
        match (found, self.names.is_some()) {
            (Some(p), _) => Some(p),
            (None, true) => self.get("CN"),
            (None, false) => None,
        }
    }

    /// One region code as JSON: `{ "code", "name" (or null), "pack" (the
    /// code whose rules apply, or null: unknown), "fallback" (true when
    /// that is a unit above), "names_loaded" }`. For the web page's picker.
    pub fn region_json(&self, code: &str) -> String {
        let mut w = Writer::new();
        w.begin_object(None);
        w.string(Some("code"), code);
        match self.name(code) {
            Some(n) => w.string(Some("name"), n),
            None => w.raw(Some("name"), "null"),
        }
        let pack = self.pack_for(code);
        match pack {
            Some(p) => w.string(Some("pack"), &p.code),
            None => w.raw(Some("pack"), "null"),
        }
        w.bool(Some("fallback"), pack.is_some_and(|p| p.code != code));
        w.bool(Some("names_loaded"), self.names.is_some());
        w.end_object();
        w.finish()
    }

    /// Whether a region code is known (`"CN"` always is).
    pub fn knows(&self, code: &str) -> bool {
        code == "CN" || self.pack_for(code).is_some()
    }

    /// Every pack, national base first.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// The hash of every pack loaded, for a batch run's receipt
    /// (docs/output.md): SHA-256 (hex) of one line per pack, `CODE SHA256\n`,
    /// in the order of the codes (bytes), where `SHA256` is the hash of the
    /// pack's text as loaded — the hash an assessment's own receipt combines
    /// for the packs it used. Reproducible by hand:
    /// `for f in *.json; do …; done | sort | sha256sum`.
    ///
    /// ```
    /// let r = dibao::Registry::builtin();
    /// assert_eq!(r.parameters_sha256().len(), 64);
    /// ```
    pub fn parameters_sha256(&self) -> String {
        let mut lines: Vec<String> = self
            .packs
            .iter()
            .map(|p| format!("{} {}\n", p.code, p.sha256))
            .collect();
        crate::sort::sort_by(&mut lines, Ord::cmp);
        crate::receipt::sha256_hex(lines.concat().as_bytes())
    }

    /// Resolves the parameters for a region (`None` or `"CN"`: national) on
    /// `date`, then applies `policy`; a region with separate urban and rural
    /// standards then needs [`Registry::resolve_area`].
    pub fn resolve(
        &self,
        region: Option<&str>,
        date: Date,
        policy: &Policy,
    ) -> Result<Resolved, Error> {
        self.resolve_area(region, None, date, policy)
    }

    /// Resolves the parameters for a region, the household's area (城镇 or
    /// 农村) and `date`, then applies `policy`. A county with no pack takes
    /// its prefecture's, then its province's ([`Registry::pack_for`]).
    pub fn resolve_area(
        &self,
        region: Option<&str>,
        area: Option<Area>,
        date: Date,
        policy: &Policy,
    ) -> Result<Resolved, Error> {
        let code = region.unwrap_or("CN");
        let base = self.get("CN");
        let pack = self.pack_for(code).ok_or_else(|| Error::UnknownRegion {
            field: "region".into(),
            code: code.into(),
        })?;
        let fell_back_from = (pack.code != code).then(|| code.to_owned());
        let mut params = Parameters::default();
        let mut in_force: Vec<(&'static str, Date, Arc<str>)> = Vec::with_capacity(8);
        let mut from: Option<Date> = None;
        let mut standard_source = None;
        let mut standard_from = None;
        let layers: &[&Pack] = match base {
            Some(b) if b.code != pack.code => &[b, pack],
            _ => &[pack],
        };
        for layer in layers {
            for (k, timeline) in &layer.timelines {
                let Some(e) = timeline.iter().rev().find(|e| e.from <= date) else {
                    continue;
                };
                e.setting.apply(&mut params);
                let name = PARAMETER_NAMES[*k];
                let source = &layer.source(e.source).line;
                if name == "standard" {
                    standard_source = Some(source.clone());
                    standard_from = Some(e.from);
                }
                in_force.retain(|(n, ..)| *n != name);
                in_force.push((name, e.from, source.clone()));
                // The version is the region's own latest change; the national
                // base dates only when the region has none.
                if layer.code == pack.code || layers.len() == 1 {
                    from = from.max(Some(e.from));
                }
            }
        }
        if from.is_none() {
            from = in_force.iter().map(|(_, d, ..)| *d).max();
        }
        if policy.standard.is_some_and(|s| s.is_zero()) {
            // The JSON reader refuses it too; this covers households built
            // another way (the CSV reader, the Rust API).
            return Err(Error::StandardNotPositive {
                field: "policy.standard".into(),
            });
        }
        let area = standard_for_area(&mut params, area, policy, &pack.code)?;
        let overridden = apply_policy(&mut params, policy);
        if policy.standard.is_some() {
            standard_source = None;
            standard_from = None;
            params.standard_rate = None;
        }
        if params.standard.is_none() {
            return Err(Error::StandardUnknown {
                field: "policy.standard".into(),
                region: pack.code.clone(),
                date,
            });
        }
        let pack = self
            .packs
            .iter()
            .position(|p| std::ptr::eq(p, pack))
            .unwrap_or(0);
        let products = params
            .standard
            .and_then(|s| Products::new(s, params.edge_multiple));
        Ok(Resolved {
            params,
            pack,
            from,
            standard_from,
            standard_source,
            in_force,
            overridden,
            products,
            fell_back_from,
            area,
        })
    }

    /// The regions as JSON: code, names, versions (each change date with the
    /// standard then in force), `confirmed_through`, notes.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_array(None);
        for p in &self.packs {
            w.begin_object(None);
            w.string(Some("code"), &p.code);
            w.begin_object(Some("name"));
            w.string(Some("zh"), &p.name_zh);
            w.string(Some("en"), &p.name_en);
            w.end_object();
            w.begin_array(Some("versions"));
            let standards = p.standards();
            for d in p.change_dates() {
                let found = standards.iter().rev().find(|(f, ..)| *f <= d);
                version_json(&mut w, d, found.map(|(_, s, src)| (*s, *src)));
            }
            w.end_array();
            w.display(Some("confirmed_through"), p.confirmed_through);
            if let Some((zh, en)) = &p.notes {
                w.begin_object(Some("notes"));
                w.string(Some("zh"), zh);
                w.string(Some("en"), en);
                w.end_object();
            }
            w.end_object();
        }
        w.end_array();
        w.finish()
    }
}

/// Takes the standard for the household's area from the version's set;
/// returns the area used where urban and rural differ. Missing area with
/// separate standards (and no `policy.standard`): `area_required`.
fn standard_for_area(
    params: &mut Parameters,
    area: Option<Area>,
    policy: &Policy,
    region: &str,
) -> Result<Option<Area>, Error> {
    let Some(set) = params.standard_set else {
        return Ok(None);
    };
    let rate: Option<Rate> = set.for_area(area);
    if let (StandardSet::Split { urban, rural }, None, None) = (set, area, policy.standard) {
        return Err(Error::AreaRequired {
            field: "area".into(),
            region: region.into(),
            urban,
            rural,
        });
    }
    params.standard_rate = rate;
    params.standard = rate.and_then(Rate::per_month);
    Ok(area.filter(|_| set.is_split()))
}

/// One version of a pack in [`Registry::to_json`]: its date, the standard
/// then in force (`standard`: the monthly figure of a unified standard, for
/// older readers), `area` (`unified` or `separate`), each value with its
/// unit, and the standard's source.
fn version_json(w: &mut Writer, from: Date, standard: Option<(Option<StandardSet>, &Source)>) {
    w.begin_object(None);
    w.display(Some("from"), from);
    let (set, source) = match standard {
        Some((set, src)) => (set, Some(src)),
        None => (None, None),
    };
    match set {
        Some(StandardSet::Unified(r)) if r.unit == super::Unit::Month => {
            w.display(Some("standard"), r.amount)
        }
        _ => w.raw(Some("standard"), "null"),
    }
    let area = match set {
        Some(StandardSet::Split { .. }) => "separate",
        Some(StandardSet::Unified(_)) => "unified",
        None => "none",
    };
    w.string(Some("area"), area);
    w.begin_array(Some("values"));
    let values: Vec<(&str, Option<Rate>)> = match set {
        Some(StandardSet::Unified(r)) => vec![("all", Some(r))],
        Some(StandardSet::Split { urban, rural }) => vec![("urban", urban), ("rural", rural)],
        None => Vec::new(),
    };
    for (a, rate) in values.into_iter() {
        let Some(rate) = rate else { continue };
        w.begin_object(None);
        w.string(Some("area"), a);
        w.display(Some("value"), rate.amount);
        w.string(Some("unit"), rate.unit.code());
        match rate.per_month() {
            Some(m) => w.display(Some("monthly"), m.round(crate::money::Rounding::Fen)),
            None => w.raw(Some("monthly"), "null"),
        }
        w.end_object();
    }
    w.end_array();
    if let Some(src) = source {
        w.begin_object(Some("source"));
        w.string(Some("id"), &src.id);
        w.string(Some("title"), &src.title);
        if let Some(d) = &src.doc_no {
            w.string(Some("doc_no"), d);
        }
        if let Some(u) = &src.url {
            w.string(Some("url"), u);
        }
        if let Some(pb) = &src.published {
            w.string(Some("published"), pb);
        }
        w.string(Some("confidence"), src.confidence.code());
        w.end_object();
    }
    w.end_object();
}

/// Applies the household's overrides; returns the names of those applied.
fn apply_policy(params: &mut Parameters, policy: &Policy) -> Vec<&'static str> {
    let mut overridden = Vec::new();
    if let Some(s) = policy.standard {
        params.standard = Some(s);
        overridden.push("standard");
    }
    if let Some(m) = policy.edge_multiple {
        params.edge_multiple = m;
        overridden.push("edge_multiple");
    }
    if let Some(r) = policy.rounding {
        params.rounding = r;
        overridden.push("rounding");
    }
    if let Some(n) = policy.gradual_exit_months {
        params.gradual_exit_months = n;
        overridden.push("gradual_exit_months");
    }
    overridden
}

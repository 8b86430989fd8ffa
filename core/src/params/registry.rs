//! The set of packs an assessment can use: the shipped ones, plus any the
//! user loads, and the resolution of a region and date into [`Parameters`].

use std::sync::{Arc, OnceLock};

use super::pack::{Pack, PARAMETER_NAMES};
use super::Parameters;
use crate::date::Date;
use crate::error::{Error, Errors};
use crate::json::Writer;
use crate::model::Policy;
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
}

/// The parameters in force for one assessment, with where they come from.
#[derive(Clone, Debug)]
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
            packs.sort_by(|a, b| (a.code != "CN", &a.code).cmp(&(b.code != "CN", &b.code)));
            Registry { packs }
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

    /// Every pack, national base first.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// Resolves the parameters for a region (`None` or `"CN"`: national) on
    /// `date`, then applies `policy`.
    pub fn resolve(
        &self,
        region: Option<&str>,
        date: Date,
        policy: &Policy,
    ) -> Result<Resolved, Error> {
        let code = region.unwrap_or("CN");
        let base = self.get("CN");
        let pack = self.get(code).ok_or_else(|| Error::UnknownRegion {
            field: "region".into(),
            code: code.into(),
        })?;
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
        let overridden = apply_policy(&mut params, policy);
        if policy.standard.is_some() {
            standard_source = None;
            standard_from = None;
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
                w.begin_object(None);
                w.display(Some("from"), d);
                match standards
                    .iter()
                    .rev()
                    .find(|(f, _)| *f <= d)
                    .and_then(|(_, s)| *s)
                {
                    Some(s) => w.display(Some("standard"), s),
                    None => w.raw(Some("standard"), "null"),
                }
                w.end_object();
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

//! Parameters (暂行办法 第十条; the 1999 条例 第六条 only for urban households,
//! so not cited): the values in force for the
//! household's region and date, already resolved by the registry; this stage
//! takes the standard and the scale of the household's figures, and warns
//! about parameters that may be out of date or over a national ceiling.

use std::sync::Arc;

use crate::date::Date;
use crate::error::Errors;
use crate::model::{Area, Household};
use crate::money::Money;
use crate::params::{Level, Pack, Parameters, Rate, Registry, Resolved};
use crate::stages::overflow;
use crate::stages::scale::Scale;
use crate::trace::{Note, Tracer};

/// What the parameters stage decided: the values every later stage uses.
pub(crate) struct ParametersDecision<'a> {
    /// The values in force.
    pub params: &'a Parameters,
    /// The resolution they come from (with its precomputed products).
    pub resolved: &'a Resolved,
    /// The region's pack (the national base for `CN`).
    pub pack: &'a Pack,
    /// The standard (元/人·月).
    pub standard: Money,
    /// How the household's figures are scaled.
    pub scale: Scale,
    /// The standard's source; `None` when the household gave it.
    pub source: Option<&'a Arc<str>>,
    /// The standard, scaled: exact even when published per year.
    pub scaled_standard: Money,
}

impl ParametersDecision<'_> {
    /// A level (fixed or a fraction of the standard), scaled and exact.
    pub fn scaled_level(&self, l: Level) -> Option<Money> {
        match l {
            Level::Yuan(m) => Some(self.scale.monthly(m)),
            Level::OfStandard(f) => self.scaled_standard.checked_mul(f),
        }
    }
}

/// The facts the parameters stage records.
#[derive(Clone, Copy)]
pub(crate) enum ParamsFact<'a> {
    /// The standard in force and where it comes from.
    Parameters {
        pack: &'a Pack,
        standard: Money,
        from: Option<Date>,
        source: Option<&'a Arc<str>>,
        /// The standard as published, when per year or per area.
        published: Option<Rate>,
        /// The area whose standard applies, where urban and rural differ.
        area: Option<Area>,
    },
    /// The region asked for has no pack: the unit above's rules apply.
    Fallback {
        asked: &'a str,
        asked_name: Option<&'a str>,
        pack: &'a Pack,
    },
    /// Local rules pay rural (or urban) households by tiers, but no table
    /// is published: the difference method is used.
    TiersUnpublished { area: Option<Area> },
    /// The date is past the pack's last confirmation.
    Outdated { date: Date, confirmed_through: Date },
    /// The gradual-exit period is set above six months.
    GradualExitOverCeiling { months: u32 },
}

/// Takes the resolved parameters for `h`; warnings go into `warnings`.
pub(crate) fn decide<'a>(
    registry: &'a Registry,
    r: &'a Resolved,
    h: &Household,
    t: &mut Tracer,
    warnings: &mut Vec<Note>,
) -> Result<ParametersDecision<'a>, Errors> {
    let p = &r.params;
    let pack = &registry.packs()[r.pack];
    let standard = p.standard.ok_or_else(overflow)?;
    let months = p.standard_rate.map_or(1, |rate| rate.unit.months());
    let scale = Scale::for_household(h, months).ok_or_else(overflow)?;
    let scaled_standard = match p.standard_rate {
        Some(rate) => scale.standard(rate.amount, months),
        None => scale.monthly(standard),
    };
    let source = r.standard_source.as_ref();
    if let Some(asked) = r.fell_back_from.as_deref() {
        let asked_name = registry.name(asked);
        let fact = ParamsFact::Fallback {
            asked,
            asked_name,
            pack,
        };
        step_and_warn(t, warnings, fact);
    }
    let published = p
        .standard_rate
        .filter(|rate| rate.unit != crate::params::Unit::Month || r.area.is_some());
    t.step(|| ParamsFact::Parameters {
        pack,
        standard,
        from: r.standard_from,
        source,
        published,
        area: r.area,
    });
    let tiers_for = |a: &&Area| h.area.is_none_or(|ha| ha == **a);
    if let Some(&area) = p.tiers_unpublished.iter().find(tiers_for) {
        let fact = ParamsFact::TiersUnpublished { area: Some(area) };
        step_and_warn(t, warnings, fact);
    }
    if h.date > pack.confirmed_through {
        warnings.push(t.note(ParamsFact::Outdated {
            date: h.date,
            confirmed_through: pack.confirmed_through,
        }));
    }
    if p.gradual_exit_months > 6 {
        warnings.push(t.note(ParamsFact::GradualExitOverCeiling {
            months: p.gradual_exit_months,
        }));
    }
    Ok(ParametersDecision {
        params: p,
        resolved: r,
        pack,
        standard,
        scale,
        source,
        scaled_standard,
    })
}

/// Records `fact` as a trace step and as a warning, through one
/// instantiation of the tracer's generic `step` (each instantiation carries
/// the renderer: this keeps the WASM build small).
#[inline(never)]
fn step_and_warn<'a>(t: &mut Tracer, warnings: &mut Vec<Note>, fact: ParamsFact<'a>) {
    t.step(|| fact);
    warnings.push(t.note(fact));
}

//! Parameters (条例 第六条; 暂行办法 第十条): the values in force for the
//! household's region and date, already resolved by the registry; this stage
//! takes the standard and the scale of the household's figures, and warns
//! about parameters that may be out of date or over a national ceiling.

use std::sync::Arc;

use crate::date::Date;
use crate::error::Errors;
use crate::model::Household;
use crate::money::Money;
use crate::params::{Pack, Parameters, Registry, Resolved};
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
}

/// The facts the parameters stage records.
pub(crate) enum ParamsFact<'a> {
    /// The standard in force and where it comes from.
    Parameters {
        pack: &'a Pack,
        standard: Money,
        from: Option<Date>,
        source: Option<&'a Arc<str>>,
    },
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
    let scale = Scale::for_household(h).ok_or_else(overflow)?;
    let source = r.standard_source.as_ref();
    t.step(|| ParamsFact::Parameters {
        pack,
        standard,
        from: r.standard_from,
        source,
    });
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
    })
}

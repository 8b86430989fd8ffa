//! The household and its parts (docs/input.md).
//!
//! Written as the JSON reader reads them back to the same value: every fact
//! the type holds, absent optional facts left out. Read through the JSON
//! reader's own functions (`crate::input`); a part read alone is checked as
//! that part (a member's own fields), and the household-wide checks (one
//! applicant, unique ids, links between members) come with the household.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{code_serde, read_with};
use crate::error::Errors;
use crate::input::{
    read_assets, read_current, read_disability, read_item, read_member, read_obligor, read_period,
    read_policy, read_vehicle,
};
use crate::json::Value;
use crate::model::*;
use crate::read::Reader;

code_serde!(
    Relation,
    Sex,
    Status,
    DisabilityKind,
    IncomeKind,
    Area,
    DeductionKind,
    VehicleKind,
);

/// Runs one of the input readers on a part at the top of its own document.
fn part<T>(v: &Value, read: impl FnOnce(&mut Reader, &Value) -> Option<T>) -> Result<T, Errors> {
    let mut r = Reader::default();
    match read(&mut r, v) {
        Some(t) if r.errors.is_empty() => Ok(t),
        _ => Err(Errors(r.errors)),
    }
}

/// `Deserialize` through a part's reader.
macro_rules! read_part {
    ($($ty:ty => $read:expr),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $ty {
            /// The docs/input.md shape, read and checked as `Household::from_json` reads it.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                read_with(d, |v| part(v, $read))
            }
        }
    )*};
}

read_part!(
    Policy => |r, v| Some(read_policy(r, v, "")),
    Member => |r, v| read_member(r, v, ""),
    Income => |r, v| read_item(r, v, "", IncomeKind::CODES, IncomeKind::from_code)
        .map(|(kind, amount, period)| Income { kind, amount, period }),
    Deduction => |r, v| read_item(r, v, "", DeductionKind::CODES, DeductionKind::from_code)
        .map(|(kind, amount, period)| Deduction { kind, amount, period }),
    Period => |r, v| read_period(r, v, ""),
    Disability => |r, v| read_disability(r, v, ""),
    Assets => |r, v| read_assets(r, v, ""),
    Vehicle => |r, v| read_vehicle(r, v, ""),
    Obligor => |r, v| read_obligor(r, v, "").map(|(o, _)| o),
    Current => |r, v| read_current(r, v, ""),
);

impl<'de> Deserialize<'de> for Household {
    /// The docs/input.md household, exactly as [`Household::from_json`] reads
    /// it: the same defaults, limits and checks; every error at once.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Household, D::Error> {
        read_with(d, Household::from_value)
    }
}

impl Serialize for Household {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(id) = &self.case_id {
            m.serialize_entry("case_id", id)?;
        }
        if let Some(region) = &self.region {
            m.serialize_entry("region", region)?;
        }
        if let Some(area) = &self.area {
            m.serialize_entry("area", area)?;
        }
        m.serialize_entry("date", &self.date)?;
        m.serialize_entry("policy", &self.policy)?;
        m.serialize_entry("members", &self.members)?;
        if let Some(assets) = &self.assets {
            m.serialize_entry("assets", assets)?;
        }
        m.serialize_entry("obligors", &self.obligors)?;
        if let Some(current) = &self.current {
            m.serialize_entry("current", current)?;
        }
        if let Some(amount) = &self.recorded_amount {
            m.serialize_entry("recorded_amount", amount)?;
        }
        m.end()
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(standard) = &self.standard {
            m.serialize_entry("standard", standard)?;
        }
        if let Some(multiple) = &self.edge_multiple {
            // A decimal as its exact text (the reader takes a string).
            m.serialize_entry("edge_multiple", &multiple.normalize().to_string())?;
        }
        if let Some(rounding) = &self.rounding {
            m.serialize_entry("rounding", rounding)?;
        }
        if let Some(months) = &self.gradual_exit_months {
            m.serialize_entry("gradual_exit_months", months)?;
        }
        m.end()
    }
}

impl Serialize for Member {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("relation", &self.relation)?;
        match &self.age {
            Age::Years(years) => m.serialize_entry("age", years)?,
            Age::BirthDate(date) => m.serialize_entry("birth_date", date)?,
        }
        if let Some(sex) = &self.sex {
            m.serialize_entry("sex", sex)?;
        }
        m.serialize_entry("cohabiting", &self.cohabiting)?;
        m.serialize_entry("support_obligation", &self.support_obligation)?;
        m.serialize_entry("full_time_student", &self.full_time_student)?;
        if let Some(independent) = &self.independent {
            m.serialize_entry("independent", independent)?;
        }
        if let Some(status) = &self.status {
            m.serialize_entry("status", status)?;
        }
        if let Some(years) = &self.clergy_years_apart {
            m.serialize_entry("clergy_years_apart", years)?;
        }
        if let Some(disability) = &self.disability {
            m.serialize_entry("disability", disability)?;
        }
        m.serialize_entry("serious_illness", &self.serious_illness)?;
        if let Some(employed) = &self.employed {
            m.serialize_entry("employed", employed)?;
        }
        if let Some(capacity) = &self.work_capacity {
            m.serialize_entry("work_capacity", capacity)?;
        }
        m.serialize_entry("caregiver", &self.caregiver)?;
        m.serialize_entry("incomes", &self.incomes)?;
        m.serialize_entry("deductions", &self.deductions)?;
        if let Some(spouse) = &self.spouse_of {
            m.serialize_entry("spouse_of", spouse)?;
        }
        m.serialize_entry("child_of", &self.child_of)?;
        if let Some(married) = &self.married {
            m.serialize_entry("married", married)?;
        }
        m.serialize_entry("support_received_from", &self.support_received_from)?;
        m.serialize_entry("separate_household", &self.separate_household)?;
        m.end()
    }
}

/// An income or a deduction: `{ "kind", "amount", "period" }`.
fn item<S: Serializer, K: Serialize>(
    s: S,
    kind: &K,
    amount: &crate::Money,
    period: &Period,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(3))?;
    m.serialize_entry("kind", kind)?;
    m.serialize_entry("amount", amount)?;
    m.serialize_entry("period", period)?;
    m.end()
}

impl Serialize for Income {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        item(s, &self.kind, &self.amount, &self.period)
    }
}

impl Serialize for Deduction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        item(s, &self.kind, &self.amount, &self.period)
    }
}

impl Serialize for Period {
    /// `"month"`, `"year"` or `{ "months": n }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Period::Month => s.serialize_str("month"),
            Period::Year => s.serialize_str("year"),
            Period::Months(n) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("months", n)?;
                m.end()
            }
        }
    }
}

impl Serialize for Disability {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("grade", &self.grade)?;
        m.serialize_entry("kind", &self.kind)?;
        m.end()
    }
}

impl Serialize for Assets {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("deposits", &self.deposits)?;
        m.serialize_entry("securities", &self.securities)?;
        m.serialize_entry("insurance", &self.insurance)?;
        m.serialize_entry("claims", &self.claims)?;
        m.serialize_entry("other_financial", &self.other_financial)?;
        m.serialize_entry("vehicles", &self.vehicles)?;
        m.serialize_entry("homes", &self.homes)?;
        m.serialize_entry("businesses", &self.businesses)?;
        // Written as the canonical input writes them (receipt.rs): only
        // when given; an area as a plain decimal string.
        if let Some(area) = self.home_area {
            m.serialize_entry("home_area", &area.normalize().to_string())?;
        }
        if self.non_residential > 0 {
            m.serialize_entry("non_residential", &self.non_residential)?;
        }
        if let Some(b) = self.serious_illness_exemption {
            m.serialize_entry("serious_illness_exemption", &b)?;
        }
        m.end()
    }
}

impl Serialize for Vehicle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("value", &self.value)?;
        m.serialize_entry("kind", &self.kind)?;
        m.end()
    }
}

impl Serialize for Obligor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("supports", &self.supports)?;
        if let Some(size) = &self.household_size {
            m.serialize_entry("household_size", size)?;
        }
        if let Some(income) = &self.household_income {
            m.serialize_entry("household_income", income)?;
        }
        m.serialize_entry("sharing", &self.sharing)?;
        m.serialize_entry("actual_payment", &self.actual_payment)?;
        if let Some(n) = self.supports_total {
            m.serialize_entry("supports_total", &n)?;
        }
        m.end()
    }
}

impl Serialize for Current {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("monthly_amount", &self.monthly_amount)?;
        if let Some(since) = &self.employment_since {
            m.serialize_entry("employment_since", since)?;
        }
        if let Some(since) = &self.above_standard_since {
            m.serialize_entry("above_standard_since", since)?;
        }
        m.end()
    }
}

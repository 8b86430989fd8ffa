//! The property test (社会救助暂行办法 第九条; 审核确认办法 第十四条).
//! Limits are local; where the region has none the test is `not_assessed`
//! and a reason says so — it never passes or fails silently.

use rust_decimal::Decimal;

use crate::law::ASSETS;
use crate::model::Assets;
use crate::money::Money;
use crate::output::AssetsTest;
use crate::params::AssetLimits;
use crate::trace::{Note, Tracer};

/// Runs the test; failures and notes go into `reasons`.
pub(crate) fn test(
    t: &Tracer,
    limits: Option<&AssetLimits>,
    assets: Option<&Assets>,
    counted: u32,
    standard: Money,
    reasons: &mut Vec<Note>,
) -> AssetsTest {
    let cite = ASSETS;
    let Some(l) = limits else {
        reasons.push(t.note("assets_not_assessed", cite, || ("本地区没有可用的家庭财产限额数据，财产状况未核定，请向乡镇（街道）了解当地规定。".into(), "No property limits are known for this region, so property was not assessed; ask the township or street office for the local rules.".into())));
        return AssetsTest::NotAssessed;
    };
    let none = Assets::default();
    let a = assets.unwrap_or(&none);
    let mut failed = false;
    let n = Decimal::from(counted.max(1));
    if let Some(fin) = a.financial() {
        let per_member = fin.checked_div(n).unwrap_or(fin);
        let mut limit: Option<Money> = l.financial_per_member;
        if let Some(months) = l.financial_per_member_months {
            let by_months = standard.checked_mul(Decimal::from(months));
            limit = match (limit, by_months) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        if let Some(limit) = limit {
            if per_member > limit {
                failed = true;
                reasons.push(t.note("financial_assets_over_limit", cite, || (format!("家庭人均金融资产 {per_member} 元超过当地限额 {limit} 元。"), format!("Financial assets per member, {per_member}, exceed the local limit of {limit}."))));
            }
        }
    }
    if let Some(allowed) = &l.vehicles_allowed {
        if a.vehicles.iter().any(|v| !allowed.contains(&v.kind)) {
            failed = true;
            reasons.push(t.note("vehicle_not_allowed", cite, || {
                (
                    "家庭拥有当地规定不允许的机动车辆。".into(),
                    "The household owns a vehicle the local rules do not allow.".into(),
                )
            }));
        }
    }
    if let Some(max) = l.max_homes {
        if a.homes > max {
            failed = true;
            reasons.push(t.note("too_many_homes", cite, || {
                (
                    format!("家庭拥有 {} 套住房，超过当地规定的 {max} 套。", a.homes),
                    format!(
                        "The household owns {} homes, more than the local limit of {max}.",
                        a.homes
                    ),
                )
            }));
        }
    }
    if let Some(max) = l.max_businesses {
        if a.businesses > max {
            failed = true;
            reasons.push(t.note("too_many_businesses", cite, || (format!("家庭登记有 {} 个经营主体，超过当地规定的 {max} 个。", a.businesses), format!("The household has {} registered businesses, more than the local limit of {max}.", a.businesses))));
        }
    }
    if failed {
        AssetsTest::Failed
    } else {
        if assets.is_none() {
            reasons.push(t.note("assets_not_declared", cite, || ("未填写家庭财产，按无财产核定；实际申请时须如实申报。".into(), "No property was declared, so none was assumed; an application must declare it truthfully.".into())));
        }
        AssetsTest::Passed
    }
}

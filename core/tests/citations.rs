//! Citations that depend on who the household is: the 1999 《城市居民最低生活
//! 保障条例》 applies to urban residents only, so it is cited only where the
//! input says the household is urban (`area: "urban"`), beside the national
//! rule that covers everyone (docs/rules.md, "Support from obligors").

#[path = "support/cases.rs"]
mod cases;

use dibao::json::{self, Value};

const TIAOLI: &str = "城市居民最低生活保障条例";

/// Every `citation` in an output, wherever it is.
fn citations<'a>(v: &'a Value<'a>, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(fields) => {
            for (k, x) in fields {
                match (k.as_ref(), x.as_str()) {
                    ("citation", Some(c)) => out.push(c),
                    _ => citations(x, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| citations(x, out)),
        _ => {}
    }
}

/// One person of 70 with no income, a son outside the household paying 300.
fn with_obligor(area: Option<&str>) -> String {
    let area = area.map_or(String::new(), |a| format!(r#""area": "{a}","#));
    format!(
        r#"{{"region": "CN", {area} "date": "2024-03-15", "policy": {{"standard": "1000"}},
        "members": [{{"id": "A", "relation": "self", "age": 70}}],
        "obligors": [{{"id": "S", "supports": ["A"], "actual_payment": "300"}}]}}"#
    )
}

fn support_citation(area: Option<&str>) -> String {
    let out = dibao::Assessor::new()
        .assess_json(&with_obligor(area))
        .expect("assessed");
    let v = json::parse(&out).unwrap();
    assert_eq!(
        v.get("monthly_amount").and_then(Value::as_str),
        Some("700.00")
    );
    let Some(Value::Array(trace)) = v.get("trace") else {
        panic!("a trace")
    };
    let step = trace
        .iter()
        .find(|s| s.get("step").and_then(Value::as_str) == Some("support"))
        .expect("a support step");
    step.get("citation")
        .and_then(Value::as_str)
        .unwrap()
        .to_owned()
}

#[test]
fn support_from_obligors_cites_the_tiaoli_for_urban_households_only() {
    assert_eq!(
        support_citation(Some("urban")),
        "最低生活保障审核确认办法 第十三条（四）；城市居民最低生活保障条例 第二条"
    );
    assert_eq!(
        support_citation(Some("rural")),
        "最低生活保障审核确认办法 第十三条（四）"
    );
    // Not said: the 条例 is not assumed to apply.
    assert_eq!(
        support_citation(None),
        "最低生活保障审核确认办法 第十三条（四）"
    );
}

#[test]
fn no_golden_case_cites_the_tiaoli_unless_its_household_is_urban() {
    let mut urban_citing = 0;
    for file in cases::case_files() {
        let snapshot = file.with_extension("out.json");
        let Ok(out) = std::fs::read_to_string(&snapshot) else {
            continue;
        };
        let case_text = std::fs::read_to_string(&file).unwrap();
        let case = json::parse(&case_text).unwrap();
        let urban = case
            .get("input")
            .and_then(|i| i.get("area"))
            .and_then(Value::as_str)
            == Some("urban");
        let v = json::parse(&out).unwrap();
        let mut cited = Vec::new();
        citations(&v, &mut cited);
        let tiaoli: Vec<&&str> = cited.iter().filter(|c| c.contains(TIAOLI)).collect();
        assert!(
            urban || tiaoli.is_empty(),
            "{}: cites {tiaoli:?} for a household not said to be urban",
            file.display()
        );
        urban_citing += usize::from(!tiaoli.is_empty());
    }
    // The urban support cases do cite it (the check above is not vacuous).
    assert!(urban_citing >= 1, "no golden case cites the 条例 at all");
}

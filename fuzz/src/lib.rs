//! The invariants the fuzz targets check, shared by all four: whatever the
//! bytes, a reader gives a household or errors (never both, never neither),
//! every error names a place that exists in the input (or a required field
//! that is missing, or the input as a whole), paid amounts are whole fen and
//! never negative, and a household written out canonically and read back
//! assesses the same.

use dibao::{Assessment, Assessor, Errors, Household, Money};
use serde_json::Value;

/// An amount that is paid: not negative, and whole fen.
fn check_paid(what: &str, m: Money) {
    let d = m.get();
    assert!(!m.is_negative(), "{what} is negative: {m}");
    assert_eq!(d.round_dp(2), d, "{what} has more than two decimals: {d}");
}

/// The amounts of an assessment that are paid.
pub fn check_amounts(a: &Assessment) {
    check_paid("monthly_amount", a.monthly_amount);
    for c in &a.individual_coverage {
        check_paid("individual_coverage.amount", c.amount);
    }
    for s in &a.supplements {
        check_paid("supplements.amount", s.amount);
    }
    for s in &a.separate_subsidies {
        check_paid("separate_subsidies.amount", s.amount);
    }
}

/// Assesses `h` and checks the result; then the round trip through the
/// canonical JSON. Returns the first result, so that the caller can check
/// the errors' paths against the input it read `h` from.
pub fn check_household(assessor: &Assessor, h: &Household) -> Result<Assessment, Errors> {
    let first = assessor.assess(h);
    match &first {
        Ok(a) => check_amounts(a),
        Err(e) => assert!(!e.0.is_empty(), "an assessment failed with no error"),
    }
    let canonical = h.to_canonical_json();
    let again = Household::from_json(&canonical)
        .unwrap_or_else(|e| panic!("canonical input does not read back: {canonical}\n{e:?}"));
    assert_eq!(
        again.to_canonical_json(),
        canonical,
        "canonical input not stable"
    );
    let second = assessor.assess(&again);
    match (&first, &second) {
        (Ok(a), Ok(b)) => assert_eq!(a.to_json(), b.to_json(), "round trip changed the result"),
        (Err(a), Err(b)) => assert_eq!(a.to_json(), b.to_json(), "round trip changed the errors"),
        _ => panic!("round trip changed success into failure or back: {canonical}"),
    }
    first
}

/// Whether `path` (a docs/input.md path: `members[0].incomes[1].amount`)
/// names a place in `input`: every step exists, or the first that does
/// not is a key missing from an object and no index follows it (a required
/// field, or one inside an object that is missing: `policy.standard` where
/// a region has no standard of its own and `policy` is absent). An index
/// past the end of a list names nothing. The empty path is the input as a
/// whole. Keys are matched against the input's own keys, so that a key
/// holding `.` or `[` (an unknown field named so) is found too.
pub fn names_a_place(input: &Value, path: &str) -> bool {
    place_at(input, path, true)
}

fn place_at(at: &Value, rest: &str, top: bool) -> bool {
    if rest.is_empty() {
        return true;
    }
    if let Value::Array(items) = at {
        let Some(r) = rest.strip_prefix('[') else {
            return false;
        };
        let Some(end) = r.find(']') else {
            return false;
        };
        let Ok(i) = r[..end].parse::<usize>() else {
            return false;
        };
        return items
            .get(i)
            .is_some_and(|v| place_at(v, &r[end + 1..], false));
    }
    let key_and_rest = if top {
        Some(rest)
    } else {
        rest.strip_prefix('.')
    };
    let (Some(rest), Value::Object(o)) = (key_and_rest, at) else {
        return false;
    };
    let mut present = o.iter().filter_map(|(k, v)| {
        let after = rest.strip_prefix(k.as_str())?;
        (after.is_empty() || after.starts_with(['.', '['])).then_some((v, after))
    });
    match present.next() {
        Some(first) => std::iter::once(first)
            .chain(present)
            .any(|(v, after)| place_at(v, after, false)),
        // The key is missing: a required field (and keys below it).
        None => !rest.contains('['),
    }
}

/// Every error of a JSON input names a place in it (where serde_json can
/// read the text too: it is the independent reading the paths are checked
/// against).
pub fn check_error_paths(text: &str, errors: &Errors) {
    assert!(!errors.0.is_empty(), "failed with no error");
    check_paths(text, errors.0.iter().map(|e| (e.code(), e.field())));
}

/// Each `(code, field)` names a place in the JSON `text`.
pub fn check_paths<'a>(text: &str, errors: impl Iterator<Item = (&'a str, &'a str)>) {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return;
    };
    for (code, field) in errors {
        assert!(
            names_a_place(&value, field),
            "error {code} names {field:?}, which is not in the input"
        );
    }
}

/// Whether `field` is a docs/input.md path (the core's errors about a
/// household built from CSV rows name those): one of the household's keys,
/// then keys and indices.
pub fn is_input_path(field: &str) -> bool {
    const TOP: &[&str] = &[
        "case_id",
        "region",
        "area",
        "date",
        "policy",
        "members",
        "assets",
        "obligors",
        "current",
        "recorded_amount",
    ];
    TOP.iter().any(|k| {
        field
            .strip_prefix(k)
            .is_some_and(|after| after.is_empty() || after.starts_with(['.', '[']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_found_or_missing_last() {
        let v: Value =
            serde_json::from_str(r#"{"members":[{"id":"A","incomes":[{"amount":"1"}]}]}"#).unwrap();
        assert!(names_a_place(&v, ""));
        assert!(names_a_place(&v, "members[0].incomes[0].amount"));
        assert!(names_a_place(&v, "members[0].age"));
        assert!(!names_a_place(&v, "members[1].id"));
        assert!(names_a_place(&v, "members[0].x.y"));
        assert!(!names_a_place(&v, "members[0].x[0]"));
        assert!(!names_a_place(&v, "members[0].id.x"));
        assert!(!names_a_place(&v, "members[0"));
        let odd: Value =
            serde_json::from_str(r#"{"members":[{"in[comes":1,"a.b":{"c":2}}]}"#).unwrap();
        assert!(names_a_place(&odd, "members[0].in[comes"));
        assert!(names_a_place(&odd, "members[0].a.b.c"));
        assert!(!names_a_place(&odd, "members[0].a.b[0]"));
        let top: Value = serde_json::from_str(r#"{"[[date":1}"#).unwrap();
        assert!(names_a_place(&top, "[[date"));
    }
}

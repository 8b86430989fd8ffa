//! Every shipped region pack loads, every value has a source, and a reference
//! household can be assessed under every version of every region.

use dibao::params::{Rate, StandardSet};
use dibao::{Area, Assessor, Date, Household, Pack, Registry};

#[test]
fn every_shipped_pack_is_valid_and_embedded() {
    let files = Registry::builtin_files();
    let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../regions"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(files.len(), on_disk, "every regions/*.json is embedded");
    for (file, text) in files {
        let pack = Pack::from_json(file, text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            format!("{}.json", pack.code),
            *file,
            "a pack is named by its code"
        );
    }
    assert!(Registry::builtin().get("CN").is_some());
}

#[test]
fn every_value_has_a_source() {
    for pack in Registry::builtin().packs() {
        for s in &pack.sources {
            assert!(
                !s.title.trim().is_empty(),
                "{}: source {} has a title",
                pack.code,
                s.id
            );
            if s.confidence != dibao::params::Confidence::Derived {
                assert!(
                    s.url.is_some() || s.doc_no.is_some(),
                    "{}: source {} has an address or 文号",
                    pack.code,
                    s.id
                );
            }
        }
        for (param, from, source, note) in pack.entries() {
            assert!(
                !source.title.is_empty(),
                "{} {param} {from}: no source",
                pack.code
            );
            if source.confidence == dibao::params::Confidence::Derived {
                assert!(
                    note.is_some_and(|n| !n.is_empty()),
                    "{} {param} {from}: a derived value says how",
                    pack.code
                );
            }
        }
    }
}

#[test]
fn reference_household_under_every_version() {
    let a = Assessor::new();
    let mut assessed = 0;
    for pack in Registry::builtin().packs() {
        for d in pack.change_dates() {
            let input = format!(
                r#"{{"region": "{}", "area": "urban", "date": "{d}", "members": [
                    {{"id": "A", "relation": "self", "age": 45, "incomes": [{{"kind": "wage", "amount": "500"}}]}},
                    {{"id": "B", "relation": "child", "age": 10}}]}}"#,
                pack.code
            );
            let h = Household::from_json(&input).unwrap();
            match a.assess(&h) {
                Ok(r) => {
                    assessed += 1;
                    assert_eq!(r.parameters.region, pack.code);
                    assert!(r.standard > dibao::Money::ZERO);
                }
                // A gap in a region's standard (or the national base) asks for one.
                Err(e) => assert_eq!(
                    e.0[0].code(),
                    "standard_unknown",
                    "{} on {d}: {e}",
                    pack.code
                ),
            }
        }
    }
    assert!(assessed >= 20, "only {assessed} versions assessed");
    let _ = Date::parse("2024-01-01");
}

/// The standard a pack's own timeline gives on `date` for `area`: `Some(None)`
/// when the timeline says "unknown" (a gap or no value for that area),
/// `None` before its first entry.
fn expected_standard(
    standards: &[(Date, Option<StandardSet>, &dibao::params::Source)],
    date: Date,
    area: Area,
) -> Option<Option<Rate>> {
    let (_, set, _) = standards.iter().rev().find(|(f, ..)| *f <= date)?;
    Some(set.and_then(|s| s.for_area(Some(area))))
}

/// Issue 11: every version change of every shipped standard, urban and
/// rural, the day before and the day of: a one-person household without
/// income is assessed, and the standard used is the one the pack's timeline
/// gives (exact for a yearly standard: the amount is the published figure
/// ÷ 12, rounded once). A gap or an area without a value asks for the
/// standard; before the first entry too.
#[test]
fn every_standard_change_the_day_before_and_the_day_of_urban_and_rural() {
    let a = Assessor::new().with_trace(false);
    let mut checked = 0;
    for pack in Registry::builtin().packs() {
        let standards = pack.standards();
        for (from, ..) in &standards {
            let before = from.pred();
            for day in [before, *from] {
                for area in [Area::Urban, Area::Rural] {
                    let input = format!(
                        r#"{{"region": "{}", "area": "{}", "date": "{day}",
                            "members": [{{"id": "A", "relation": "self", "age": 40}}]}}"#,
                        pack.code,
                        area.code()
                    );
                    let h = Household::from_json(&input).unwrap();
                    let want = expected_standard(&standards, day, area).flatten();
                    match (a.assess(&h), want) {
                        (Ok(r), Some(rate)) => {
                            let monthly = rate.per_month().unwrap();
                            let fen = dibao::Rounding::Fen;
                            assert_eq!(
                                r.standard.round(fen),
                                monthly.round(fen),
                                "{} {day} {area:?}",
                                pack.code
                            );
                            let rule = dibao::Rounding::from_code(r.parameters.rounding).unwrap();
                            assert_eq!(
                                r.monthly_amount,
                                monthly.round(rule),
                                "{} {day} {area:?}: the amount is the standard",
                                pack.code
                            );
                            assert_eq!(r.parameters.region, pack.code);
                            checked += 1;
                        }
                        (Err(e), None) => {
                            assert_eq!(
                                e.0[0].code(),
                                "standard_unknown",
                                "{} {day} {area:?}",
                                pack.code
                            );
                            checked += 1;
                        }
                        (Ok(r), None) => panic!(
                            "{} {day} {area:?}: standard {} but the timeline gives none",
                            pack.code, r.standard
                        ),
                        (Err(e), Some(rate)) => panic!(
                            "{} {day} {area:?}: {e} but the timeline gives {rate:?}",
                            pack.code
                        ),
                    }
                }
            }
        }
    }
    assert!(checked >= 400, "only {checked} checks");
}

/// Where urban and rural standards differ, a household without `area` is
/// the error `area_required`, naming both; where unified, `area` is ignored.
#[test]
fn area_is_required_only_where_standards_differ() {
    let a = Assessor::new();
    let one = |region: &str, area: &str, date: &str| {
        a.assess_json(&format!(
            r#"{{"region": "{region}", {area} "date": "{date}",
                "members": [{{"id": "A", "relation": "self", "age": 70}}]}}"#
        ))
    };
    let err = one("371000", "", "2024-06-01").unwrap_err();
    assert!(err.contains(r#""code": "area_required""#), "{err}");
    assert!(
        err.contains("城镇 1062.00 元/人·月，农村 865.00 元/人·月"),
        "{err}"
    );
    assert!(
        err.contains("urban 1062.00 yuan per person per month, rural 865.00"),
        "{err}"
    );
    // The same result; only the receipt's input hash differs (the inputs do).
    let without_input_hash = |json: String| -> String {
        let lines = json.lines().filter(|l| !l.contains("\"input_sha256\""));
        lines.collect::<Vec<_>>().join("\n")
    };
    let unified = one("110000", r#""area": "rural","#, "2024-06-01").unwrap();
    let plain = one("110000", "", "2024-06-01").unwrap();
    assert_ne!(unified, plain, "the receipts name different inputs");
    assert_eq!(
        without_input_hash(unified),
        without_input_hash(plain),
        "a unified standard ignores area"
    );
}

/// A county with no pack takes its prefecture's, then its province's, rules;
/// a code that is not a division is still unknown.
#[test]
fn counties_fall_back_and_unknown_codes_stay_errors() {
    let reg = Registry::builtin();
    assert_eq!(
        reg.pack_for("371082").map(|p| p.code.as_str()),
        Some("371000")
    );
    assert_eq!(
        reg.pack_for("371002").map(|p| p.code.as_str()),
        Some("371000")
    );
    assert_eq!(
        reg.pack_for("370124").map(|p| p.code.as_str()),
        Some("370100")
    );
    assert_eq!(reg.name("371082"), Some("荣成市"));
    assert!(reg.pack_for("379999").is_none());
    assert!(reg.pack_for("123456").is_none());
    // A valid code in a province without packs: named, national rules.
    assert_eq!(reg.pack_for("650102").map(|p| p.code.as_str()), Some("CN"));
    // Without the name table (as in WASM before loadNames), code arithmetic.
    let mut bare = Registry::builtin().clone();
    bare.add_names("110000\t北京市\tCN\n").unwrap();
    assert!(bare.pack_for("371082").is_none(), "not in the loaded table");
}

mod slim {
    include!("../slim.rs");
}

/// The WASM build embeds the packs slim (core/slim.rs): each must read as
/// the same pack — sources, every timeline entry — less the notes, and be
/// smaller.
#[test]
fn slim_packs_read_as_the_same_packs() {
    for (file, text) in Registry::builtin_files() {
        let full = Pack::from_json(file, text).unwrap();
        let thin = slim::slim(text);
        let slim = Pack::from_json(file, &thin).unwrap_or_else(|e| panic!("{file} slim: {e}"));
        assert!(thin.len() < text.len(), "{file}");
        assert!(!thin.contains("\"note\":"), "{file}");
        assert_eq!(
            (
                &full.code,
                &full.name_zh,
                &full.name_en,
                full.confirmed_through
            ),
            (
                &slim.code,
                &slim.name_zh,
                &slim.name_en,
                slim.confirmed_through
            ),
            "{file}"
        );
        assert_eq!(slim.notes, None, "{file}");
        assert_eq!(full.sources, slim.sources, "{file}");
        let entries = |p: &Pack| -> Vec<(String, Date, String)> {
            p.entries()
                .map(|(n, d, s, _)| (n.to_owned(), d, s.id.clone()))
                .collect()
        };
        assert_eq!(entries(&full), entries(&slim), "{file}");
        assert_eq!(full.standards().len(), slim.standards().len(), "{file}");
        for (a, b) in full.standards().iter().zip(slim.standards()) {
            assert_eq!((a.0, a.1), (b.0, b.1), "{file}");
        }
        assert_eq!(full.change_dates(), slim.change_dates(), "{file}");
    }
}

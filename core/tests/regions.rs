//! Every shipped region pack loads, every value has a source, and a reference
//! household can be assessed under every version of every region.

use dibao::{Assessor, Date, Household, Pack, Registry};

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
                r#"{{"region": "{}", "date": "{d}", "members": [
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

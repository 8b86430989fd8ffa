//! The region-pack loader (regions/FORMAT.md): a pack is read or refused
//! with errors naming a place in it; a pack that loads can be assessed
//! against.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The shipped packs, loaded once; each input gets a copy.
fn base() -> &'static dibao::Assessor {
    static A: OnceLock<dibao::Assessor> = OnceLock::new();
    A.get_or_init(dibao::Assessor::new)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match dibao::Pack::from_json("fuzz.json", text) {
        Ok(pack) => {
            let mut a = base().clone();
            if a.add_pack("fuzz.json", text).is_err() {
                // Valid alone but not beside the shipped packs (e.g. a
                // code clash): refused with errors, which is an answer.
                return;
            }
            for date in pack.change_dates() {
                let h = format!(
                    r#"{{"region": {}, "date": "{date}", "members": [
                      {{"id": "A", "relation": "self", "age": 70,
                        "incomes": [{{"kind": "wage", "amount": "300"}}]}},
                      {{"id": "B", "relation": "child", "age": 10}}]}}"#,
                    serde_json::Value::String(pack.code.clone())
                );
                let household = dibao::Household::from_json(&h).expect("a fixed household reads");
                if let Err(errors) = dibao_fuzz::check_household(&a, &household) {
                    // What the pack cannot answer for this household (no
                    // standard for its area…) is named in the household.
                    dibao_fuzz::check_error_paths(&h, &errors);
                }
            }
        }
        Err(errors) => dibao_fuzz::check_error_paths(text, &errors),
    }
});

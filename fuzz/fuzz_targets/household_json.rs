//! The household JSON reader plus assess (docs/input.md): a household or
//! errors naming places in the input; an assessment (checked amounts, the
//! same after the canonical round trip) or errors naming places in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn assessor() -> &'static dibao::Assessor {
    static A: OnceLock<dibao::Assessor> = OnceLock::new();
    A.get_or_init(dibao::Assessor::new)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match dibao::Household::from_json(text) {
        Ok(h) => {
            if let Err(errors) = dibao_fuzz::check_household(assessor(), &h) {
                dibao_fuzz::check_error_paths(text, &errors);
            }
        }
        Err(errors) => dibao_fuzz::check_error_paths(text, &errors),
    }
});

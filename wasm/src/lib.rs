//! The WebAssembly face of `dibao`: a thin [`wasm_bindgen`] adapter over the
//! rules core. Everything crosses the boundary as JSON text (docs/input.md in, §5
//! out), so the bytes a browser gets are the bytes the native core writes; the
//! small wrapper `www/dibao.js` turns them into objects.
//!
//! One [`dibao::Assessor`] lives for the life of the module: it holds the
//! built-in national base `CN` (the web build embeds no other pack: the core's
//! `all-packs` feature is off, to keep the first load small) plus every pack
//! loaded with [`load_params`] — the page fetches a region's pack
//! (`regions/CODE.json`, written by `cargo xtask web`) when it is first used.
//!
//! The same functions are plain Rust functions too, so the wasm-bindgen tests
//! (and native callers) use exactly what JavaScript calls.

// No unsafe code of ours; what `#[wasm_bindgen]` generates is the macro's.
#![forbid(unsafe_code)]

use std::cell::RefCell;

use dibao::Assessor;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The module's assessor (WASM is single-threaded); built on first use.
    static ASSESSOR: RefCell<Option<Assessor>> = const { RefCell::new(None) };
    /// Whether the assessor in `ASSESSOR` currently records a trace.
    static TRACE: RefCell<bool> = const { RefCell::new(true) };
}

/// Runs `f` on the module's assessor, with the trace switched as asked
/// (`None`: left as it is).
fn with_assessor<R>(trace: Option<bool>, f: impl FnOnce(&mut Assessor) -> R) -> R {
    ASSESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let mut assessor = slot.take().unwrap_or_else(Assessor::new);
        let current = TRACE.with(|t| *t.borrow());
        if let Some(trace) = trace.filter(|&t| t != current) {
            assessor = assessor.with_trace(trace);
            TRACE.with(|t| *t.borrow_mut() = trace);
        }
        let result = f(&mut assessor);
        *slot = Some(assessor);
        result
    })
}

/// Assesses one household given as docs/input.md JSON text.
///
/// Returns the §5 assessment JSON text, or, for invalid input, the §5 errors
/// JSON text (`{"errors":[…]}`) as the error (JavaScript sees it thrown as a
/// string; `www/dibao.js` turns both into objects). `trace = false` leaves the
/// step-by-step explanation out, which is faster.
///
/// ```
/// let err = dibao_wasm::assess("{", true).unwrap_err();
/// assert!(err.contains("\"errors\""));
/// ```
#[wasm_bindgen(js_name = assessJson)]
pub fn assess(input: &str, trace: bool) -> Result<String, String> {
    with_assessor(Some(trace), |a| a.assess_json(input))
}

/// The regions this module knows (`CN`, plus every pack loaded with
/// [`load_params`]), as a JSON array of
/// `{ code, name: {zh, en}, versions: [{from, standard, area, values:
/// [{area, value, unit, monthly}], source: {id, title, doc_no, url,
/// published, confidence}}], confirmed_through }` (see `dibao regions
/// --format json` in docs/cli.md; this build's packs carry no `notes`, see
/// `core/slim.rs`).
#[wasm_bindgen(js_name = regionsJson)]
pub fn regions() -> String {
    with_assessor(None, |a| a.regions_json())
}

/// Adds a user's own region parameter pack (format `dibao-region/1`,
/// `regions/FORMAT.md`). `file_name` is used in messages (and, like the CLI,
/// may carry the region code, e.g. `"320100.json"`). On a fault, the error is
/// the §5 errors JSON text; the module's packs are then unchanged.
#[wasm_bindgen(js_name = loadParams)]
pub fn load_params(file_name: &str, json: &str) -> Result<(), String> {
    with_assessor(None, |a| a.add_pack(file_name, json)).map_err(|e| e.to_json())
}

/// Loads the GB/T 2260 name table (`regions/names.tsv`, fetched lazily by
/// the page from the same origin: the WASM build does not embed it). Until
/// it is loaded, a county code with no pack still falls back to its
/// prefecture or province by code arithmetic, but is not named, and a code
/// whose prefecture and province have no pack is `unknown_region`. Returns
/// the number of divisions read; on a fault, the §5 errors JSON text.
#[wasm_bindgen(js_name = loadNames)]
pub fn load_names(tsv: &str) -> Result<u32, String> {
    with_assessor(None, |a| a.add_names(tsv))
        .map(|n| n as u32)
        .map_err(|e| e.to_json())
}

/// One region code as JSON: `{ code, name, pack, fallback, names_loaded }` —
/// `name` from the pack or the name table (null if neither), `pack` the code
/// whose rules apply (the county's own, its prefecture's, its province's, or
/// `"CN"`; null when the code is unknown), `fallback` true when that is a
/// unit above.
#[wasm_bindgen(js_name = regionJson)]
pub fn region(code: &str) -> String {
    with_assessor(None, |a| a.registry().region_json(code))
}

/// The engine's name and version, as it appears in the output's `engine`.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    format!("dibao {}", env!("CARGO_PKG_VERSION"))
}

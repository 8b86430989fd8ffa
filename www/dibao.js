// dibao in the browser: a small wrapper over the WASM module (pkg/, built by
// `cargo xtask web`). JSON text crosses the boundary, so results are the
// native core's bytes; this module turns them into objects.
//
//   import { assess, regions, schema, loadParams } from './dibao.js';
//   const result = assess({ date: '2024-03-15', region: '440300',
//     members: [{ id: 'A', relation: 'self', age: 52 }] });
//   if (result.errors) { /* SPEC §5 errors object */ } else { /* §5 assessment */ }
//
// Loading this module fetches and compiles the WASM file once (top-level
// await); every function below is synchronous afterwards. No other request is
// made.

import init, {
  assessJson,
  regionsJson,
  loadParams as loadParamsRaw,
  inputSchema,
  engineVersion,
} from './pkg/dibao_wasm.js';

await init({ module_or_path: new URL('./pkg/dibao_wasm_bg.wasm', import.meta.url) });

/** The engine string found in every result's `engine` field. */
export const engine = engineVersion();

/**
 * Assesses a household (SPEC §4 object, or its JSON text). Returns the §5
 * assessment object, or the §5 errors object `{ errors: [...] }` for invalid
 * input. `options.trace` (default true) adds the step-by-step explanation.
 */
export function assess(household, options = {}) {
  return JSON.parse(assessText(typeof household === 'string' ? household : JSON.stringify(household), options));
}

/** Like `assess`, on JSON text in and out (the exact bytes of the native core). */
export function assessText(json, options = {}) {
  try {
    return assessJson(json, options.trace !== false);
  } catch (e) {
    if (typeof e === 'string') return e; // the §5 errors JSON text
    throw e;
  }
}

/** True when `result` is the §5 errors object rather than an assessment. */
export function isErrors(result) {
  return result !== null && typeof result === 'object' && Array.isArray(result.errors);
}

/**
 * The regions known (built in and loaded): an array of
 * `{ code, name: {zh, en}, versions: [{from, standard}], confirmed_through }`.
 */
export function regions() {
  return JSON.parse(regionsJson());
}

/** The JSON Schema of the §4 household input. */
export function schema() {
  return JSON.parse(inputSchema());
}

/**
 * Loads a user's own region parameter pack (format `dibao-region/1`) from its
 * JSON text; later assessments can name its `code` as `region`. Returns null
 * on success, or the §5 errors object.
 */
export function loadParams(text, fileName = 'params.json') {
  try {
    loadParamsRaw(fileName, text);
    return null;
  } catch (e) {
    if (typeof e === 'string') return JSON.parse(e);
    throw e;
  }
}

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
// await); the functions below are synchronous afterwards, except those that
// fetch region data from the same origin (`regions/`, written by
// `cargo xtask web`): the module embeds only the national base `CN`, and a
// region's pack is fetched and loaded when it is first needed
// (`ensureRegion`), the picker's index (`regionIndex`) and the name table
// (`loadNames`) likewise.

import init, {
  assessJson,
  regionsJson,
  loadParams as loadParamsRaw,
  engineVersion,
  loadNames as loadNamesRaw,
  regionJson,
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

/**
 * The JSON Schema of the §4 household input (`pkg/schema.json`, fetched
 * once: the module does not carry it, so that the first load stays small).
 */
let schemaText = null;
export function schema() {
  schemaText ||= fetch(new URL('./pkg/schema.json', import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`pkg/schema.json: HTTP ${r.status}`);
    return r.text();
  });
  return schemaText.then((t) => JSON.parse(t));
}

/**
 * Loads a user's own region parameter pack (format `dibao-region/1`) from its
 * JSON text; later assessments can name its `code` as `region`. Returns null
 * on success, or the §5 errors object.
 */
export function loadParams(text, fileName = 'params.json') {
  try {
    loadParamsRaw(fileName, text);
    try {
      const p = JSON.parse(text);
      loaded.add(p.code);
      packs.set(p.code, p);
    } catch {
      // Read by the engine already.
    }
    return null;
  } catch (e) {
    if (typeof e === 'string') return JSON.parse(e);
    throw e;
  }
}

const loaded = new Set(); // codes of the packs loaded (fetched or the user's)
const packs = new Map(); // code → that pack, as loaded
const DATA = new URL('./regions/', import.meta.url);
const fetched = new Map(); // code → Promise of its pack fetched and loaded
let index = null;
let indexCodes = null;
let names = null;

async function text(file) {
  const response = await fetch(new URL(file, DATA));
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return response.text();
}

/**
 * The picker's index (`regions/index.json`, fetched once): every region with
 * a pack, as `{ code, name: {zh, en}, versions: [{from, standard, area,
 * values}], confirmed_through }` (`area` is `separate` where urban and rural
 * standards differ).
 */
export function regionIndex() {
  if (!index) {
    index = text('index.json').then((t) => {
      const list = JSON.parse(t);
      indexCodes = new Set(list.map((r) => r.code));
      return list;
    });
  }
  return index;
}

/** The codes whose pack the core would use for `code`, nearest first (county → prefecture → province). */
function candidates(code) {
  const out = [code];
  if (/^\d{6}$/.test(code)) {
    for (const up of [`${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) if (!out.includes(up)) out.push(up);
  }
  return out;
}

/** Whether the pack that applies to `code` is loaded (then `assess` can use it). */
export function regionReady(code) {
  if (!code || code === 'CN') return true;
  if (!indexCodes) return false;
  const c = candidates(code).find((x) => indexCodes.has(x) || loaded.has(x));
  return !c || loaded.has(c);
}

/**
 * Fetches and loads the pack the core uses for `code` (its own, else its
 * prefecture's, else its province's: the nearest one the index lists), once.
 * Resolves to `region(code)` afterwards: which pack applies, and whether that
 * is a fallback.
 */
export async function ensureRegion(code) {
  await regionIndex();
  // A code with no pack of its own (a county): the name table, so that the
  // core names it and knows where it falls back to.
  if (code && code !== 'CN' && !indexCodes.has(code) && !loaded.has(code)) await loadNames();
  const c = code && code !== 'CN' ? candidates(code).find((x) => indexCodes.has(x) || loaded.has(x)) : null;
  if (c && !loaded.has(c)) {
    if (!fetched.has(c)) {
      fetched.set(c, text(`${c}.json`).then((t) => {
        const errors = loadParams(t, `${c}.json`);
        if (errors) throw new Error(`${c}.json: ${JSON.stringify(errors)}`);
      }));
    }
    await fetched.get(c);
  }
  return region(code);
}

/** The pack loaded for `code` (format `dibao-region/1`), or null (the national base is built in). */
export function pack(code) {
  return packs.get(code) || null;
}

/** Fetches and loads the GB/T 2260 name table (`regions/names.tsv`), once; resolves to the number of divisions. */
export function loadNames() {
  return nameTable().then((list) => list.length);
}

/**
 * The GB/T 2260 name table, fetched and loaded once (as `loadNames`), as
 * `[{ code, name, parent }]` for a picker's search.
 */
export function nameTable() {
  if (!names) {
    names = text('names.tsv').then((t) => {
      loadNamesRaw(t);
      return t.split('\n').filter(Boolean).map((line) => {
        const [code, name, parent] = line.split('\t');
        return { code, name, parent };
      });
    });
  }
  return names;
}

/** One code: `{ code, name, pack, fallback, names_loaded }` (`pack`: the code whose rules apply, null if unknown). */
export function region(code) {
  return JSON.parse(regionJson(code));
}

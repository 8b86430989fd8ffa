// The web build of the WASM module (the built site's pkg/, what the page
// loads, after wasm-opt) instantiated in Node, for the differential and
// long-session tests.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The built site: `cargo xtask` says where, else target/site/.
const SITE = process.env.DIBAO_SITE
  ? pathToFileURL(`${process.env.DIBAO_SITE}/`)
  : new URL('../../target/site/', import.meta.url);

const PKG = new URL('pkg/', SITE);

const REGIONS = new URL('regions/', SITE);

/**
 * `{ dibao, memory }`: the module's functions and its linear memory. The
 * module embeds only the national base; every region pack the page can
 * fetch (`regions/CODE.json` in the site) is loaded, as the page would on use.
 */
export async function loadWasm() {
  const dibao = await import(new URL('dibao_wasm.js', PKG).href);
  const exports = dibao.initSync({ module: readFileSync(fileURLToPath(new URL('dibao_wasm_bg.wasm', PKG))) });
  for (const file of readdirSync(fileURLToPath(REGIONS)).filter((f) => /^\d+\.json$/.test(f)).sort()) {
    dibao.loadParams(file, readFileSync(fileURLToPath(new URL(file, REGIONS)), 'utf8'));
  }
  return { dibao, memory: exports.memory };
}

/** What the page does: the §5 JSON text, or the §5 errors JSON text it throws. */
export function assessText(dibao, line, trace = true) {
  try {
    return dibao.assessJson(line, trace);
  } catch (e) {
    return String(e);
  }
}

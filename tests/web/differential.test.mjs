// Native ≡ WASM beyond the golden set (issue 15): 10,000 generated households
// (the caseload generator, widened by `xtask/src/differential.rs` to every
// shipped region, outdated dates and invalid input) assessed by the native
// core (`cargo xtask web-test` writes its answers before this runs) and by the
// WASM module in Node: the same bytes, household by household.
// By hand: `DIBAO_DIFFERENTIAL=target/differential node --test tests/web/differential.test.mjs`
// after one `cargo xtask web-test` (or `cargo xtask assess-lines`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadWasm, assessText } from './wasm-node.mjs';

const DIR = process.env.DIBAO_DIFFERENTIAL;

test('native ≡ WASM on 10,000 generated households: byte-identical §5 JSON', { skip: !DIR || !existsSync(join(DIR, 'native.json-seq')) ? 'DIBAO_DIFFERENTIAL not prepared (run `cargo xtask web-test`)' : false }, async () => {
  const households = readFileSync(join(DIR, 'households.jsonl'), 'utf8').split('\n').filter(Boolean);
  const native = readFileSync(join(DIR, 'native.json-seq'), 'utf8').split('\x1e').slice(1).map((t) => t.slice(0, -1));
  assert.equal(households.length, 10000);
  assert.equal(native.length, households.length);
  const { dibao } = await loadWasm();
  const start = process.hrtime.bigint();
  const outcomes = new Map();
  const regions = new Set();
  const warnings = new Set();
  let errors = 0;
  let differ = 0;
  let first = '';
  for (let i = 0; i < households.length; i++) {
    const wasm = assessText(dibao, households[i]);
    if (wasm !== native[i]) {
      differ += 1;
      if (!first) first = `household ${i}: ${households[i]}\nnative: ${native[i].slice(0, 400)}\nwasm:   ${wasm.slice(0, 400)}`;
    }
    const out = JSON.parse(wasm);
    if (out.errors) errors += 1;
    else {
      outcomes.set(out.outcome, (outcomes.get(out.outcome) || 0) + 1);
      for (const w of out.warnings || []) warnings.add(w.code);
    }
    regions.add(JSON.parse(households[i]).region);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  assert.equal(differ, 0, first);
  // The households are varied: every outcome, every shipped region, errors and warnings.
  for (const o of ['dibao', 'dibao_individual', 'gradual_exit', 'edge', 'ineligible']) assert.ok(outcomes.get(o) > 0, `no ${o}`);
  assert.ok(regions.size >= 17, `${regions.size} regions`);
  assert.ok(errors >= 100, `${errors} invalid households`);
  assert.ok(warnings.has('parameters_may_be_outdated'), [...warnings].join(' '));
  const counts = [...outcomes].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${n}`).join(', ');
  console.log(`# differential: ${households.length} households, ${regions.size} regions (one unknown), ${counts}, errors ${errors}; `
    + `warnings ${[...warnings].join(' ')}; WASM in Node ${seconds.toFixed(1)} s, 0 differences`);
});

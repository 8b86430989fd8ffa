// Long sessions (issue 15): 100,000 assessments in one session of the WASM
// module keep its memory bounded: in Node (the web build), and in one page
// session in Chromium (the page's own `dibao.js`, objects in and out). The calls follow
// the page: one assessment with the explanation, then the chart's sweep
// without it; the households are the differential test's generated ones
// when `cargo xtask web-test` has prepared them, else the golden cases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWasm, assessText } from './wasm-node.mjs';
import { launch, open, ready } from './browser.mjs';

function households() {
  const dir = process.env.DIBAO_DIFFERENTIAL;
  if (dir && existsSync(join(dir, 'households.jsonl'))) {
    return readFileSync(join(dir, 'households.jsonl'), 'utf8').split('\n').filter(Boolean);
  }
  const cases = fileURLToPath(new URL('../cases/', import.meta.url));
  const out = [];
  for (const sub of readdirSync(cases)) {
    for (const f of readdirSync(join(cases, sub))) {
      if (!f.endsWith('.json') || f.endsWith('.out.json')) continue;
      const c = JSON.parse(readFileSync(join(cases, sub, f), 'utf8'));
      if (!c.params) out.push(JSON.stringify(c.input));
    }
  }
  return out;
}

const MB = (b) => `${(b / 1048576).toFixed(2)} MiB`;

test('100,000 assessments in one session: the WASM memory stops growing', async () => {
  const lines = households();
  assert.ok(lines.length >= 100, `${lines.length} households`);
  const { dibao, memory } = await loadWasm();
  const size = () => memory.buffer.byteLength;
  const at = { start: size() };
  const start = process.hrtime.bigint();
  let results = 0;
  for (let i = 1; i <= 100000; i++) {
    // One in twenty with the step-by-step explanation (a result shown), the
    // rest without (the chart's sweep), as the page calls it.
    const text = assessText(dibao, lines[i % lines.length], i % 20 === 1);
    if (!text.slice(0, 16).includes('"errors"')) results += 1;
    if (i === 1000 || i === 10000 || i === 50000 || i === 100000) at[i] = size();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  assert.ok(results > 50000, `${results} assessments`);
  console.log(`# memory: WASM linear memory ${MB(at.start)} at start, ${MB(at[1000])} after 1,000, ${MB(at[10000])} after 10,000, `
    + `${MB(at[50000])} after 50,000, ${MB(at[100000])} after 100,000 assessments (${seconds.toFixed(1)} s, ${lines.length} households cycled)`);
  // Bounded: after the first 10,000 the memory does not grow any more.
  assert.ok(at[100000] <= at[10000], `grew from ${MB(at[10000])} to ${MB(at[100000])}`);
  assert.ok(at[100000] <= 16 * 1048576, `${MB(at[100000])}`);
});

test('100,000 assessments in one page session in Chromium: the WASM memory stops growing', async () => {
  const lines = households();
  const browser = await launch();
  try {
    const { page: p, watch } = await open(browser);
    await ready(p);
    const at = await p.evaluate(async (ls) => {
      const { assess } = await import('./dibao.js');
      // The module the page already runs (wasm-bindgen's init returns its exports).
      const { memory } = await (await import('./pkg/dibao_wasm.js')).default();
      const hs = ls.map((l) => JSON.parse(l));
      const out = { start: memory.buffer.byteLength };
      const t0 = performance.now();
      for (let i = 1; i <= 100000; i++) {
        assess(hs[i % hs.length], { trace: i % 20 === 1 });
        if (i === 1000 || i === 10000 || i === 50000 || i === 100000) out[i] = memory.buffer.byteLength;
      }
      out.seconds = (performance.now() - t0) / 1000;
      return out;
    }, lines);
    console.log(`# memory (Chromium page): WASM linear memory ${MB(at.start)} at start, ${MB(at[1000])} after 1,000, ${MB(at[10000])} after 10,000, `
      + `${MB(at[50000])} after 50,000, ${MB(at[100000])} after 100,000 assessments (${at.seconds.toFixed(1)} s)`);
    assert.ok(at[100000] <= at[10000], `grew from ${MB(at[10000])} to ${MB(at[100000])}`);
    assert.ok(at[100000] <= 16 * 1048576, `${MB(at[100000])}`);
    assert.deepEqual(watch.errors, []);
  } finally {
    await browser.close();
  }
});

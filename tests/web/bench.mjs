// Benchmark of the web face (not a test: it measures and prints, it asserts
// nothing). Run `cargo xtask web-bench`, or by hand against a served page:
// `DIBAO_URL=http://127.0.0.1:8000/ node tests/web/bench.mjs`.
//
// 1. gzip -9 size of what the widget loads (WASM + JS + CSS), file by file,
//    taken from the requests the page actually makes;
// 2. time from navigation to the first result (the first `dibao-result`
//    event), median of fresh browser contexts (no cache);
// 3. median in-browser assess time after load, over batches of calls
//    (performance.now() is coarse outside cross-origin isolation, so each
//    sample is a batch of 1000 calls divided by 1000).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { launch, BASE, ORIGIN } from './browser.mjs';

// The built site (what is served): `cargo xtask` says where, else target/site/.
const WWW = `${process.env.DIBAO_SITE || fileURLToPath(new URL('../../target/site', import.meta.url))}/`;
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const RUNS = Number(process.env.RUNS || 9);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const browser = await launch();
const report = { url: BASE, date: new Date().toISOString() };

// 1 + 2: load the page in fresh contexts, note requests and the first result.
const loads = [];
let requested = [];
let later = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('dibao-result', () => {
      if (window.__firstResult === undefined) window.__firstResult = performance.now();
    });
  });
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  // The page shows no result until it has the answers: a share link gives them.
  await page.goto(`${BASE}#region=CN&std=1000&people=3&income=1200`);
  await page.waitForFunction(() => window.__firstResult !== undefined);
  await page.waitForTimeout(300); // what comes after the first result (the chart) is listed too
  await page.waitForLoadState('networkidle'); // every request with its timing entry
  const t = await page.evaluate(() => ({
    first: window.__firstResult,
    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    // Files the page started to fetch after its first result (the chart module).
    later: performance.getEntriesByType('resource').filter((e) => e.startTime > window.__firstResult).map((e) => e.name),
  }));
  loads.push(t);
  requested = urls;
  later = t.later;
  await context.close();
}
const foreign = requested.filter((u) => !u.startsWith(`${ORIGIN}/`));

const files = requested
  .map((u) => new URL(u).pathname)
  .map((p) => (p.endsWith('/') ? `${p}index.html` : p))
  .map((p) => {
    const bytes = readFileSync(WWW + p.slice(1));
    return { file: p.slice(1), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .map((f) => ({ ...f, after_first_result: later.some((u) => new URL(u).pathname === `/${f.file}`) }));
// The widget: its code, style and module, and the region data it fetches
// (regions/index.json for the picker; a region's pack when one is chosen).
const widget = files.filter((f) => /\.(js|css|wasm|json|tsv)$/.test(f.file) && !/^page\.css$/.test(f.file));
const sum = (xs, k) => xs.reduce((a, f) => a + f[k], 0);
report.files = files;
report.widget_gzip_bytes = sum(widget, 'gzip');
report.widget_before_first_result_gzip_bytes = sum(widget.filter((f) => !f.after_first_result), 'gzip');
report.widget_raw_bytes = sum(widget, 'raw');
// The link above names its own standard (region CN: no pack); without one,
// the page opens on the first region of the index, whose pack it fetches
// before its first result: counted here too.
const first = JSON.parse(readFileSync(`${WWW}regions/index.json`, 'utf8'))[0].code;
const pack = readFileSync(`${WWW}regions/${first}.json`);
report.default_region_pack = { file: `regions/${first}.json`, raw: pack.length, gzip: gzipSync(pack, { level: 9 }).length };
report.widget_before_first_result_with_default_pack_gzip_bytes = report.widget_before_first_result_gzip_bytes
  + (files.some((f) => f.file === report.default_region_pack.file) ? 0 : report.default_region_pack.gzip);
report.page_gzip_bytes = sum(files, 'gzip');
report.foreign_requests = foreign;
report.first_result_ms = { median: median(loads.map((l) => l.first)), runs: loads.map((l) => Math.round(l.first)) };
report.dom_content_loaded_ms = median(loads.map((l) => l.dcl));

// 3: assess in the browser, after load.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(BASE);
await page.waitForFunction(() => document.querySelector('dibao-calculator')?.state);
report.assess_us = await page.evaluate(async () => {
  const dibao = await import('./dibao.js');
  // SPEC §4's example: three members, one wage with a deduction, a disability, a student.
  const household = {
    region: '440300', date: '2024-03-15', policy: { standard: '1483' },
    members: [
      { id: 'A', relation: 'self', age: 52, incomes: [{ kind: 'wage', amount: '2600', period: 'month' }],
        deductions: [{ kind: 'social_insurance', amount: '260' }] },
      { id: 'B', relation: 'spouse', age: 50, disability: { grade: 2, kind: 'physical' } },
      { id: 'C', relation: 'child', age: 19, full_time_student: true },
    ],
    assets: { deposits: '8000' },
  };
  await dibao.ensureRegion(household.region); // its pack, fetched once
  const text = JSON.stringify(household);
  const check = dibao.assess(household);
  if (check.errors) throw new Error(JSON.stringify(check));
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };
  const measure = (fn) => {
    for (let i = 0; i < 2000; i++) fn();
    const samples = [];
    for (let b = 0; b < 40; b++) {
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) fn();
      samples.push(((performance.now() - t0) * 1000) / 1000);
    }
    return { median: Number(med(samples).toFixed(2)), min: Number(Math.min(...samples).toFixed(2)), max: Number(Math.max(...samples).toFixed(2)) };
  };
  return {
    household: `${household.members.length} members (SPEC §4 example)`,
    json_text_no_trace: measure(() => dibao.assessText(text, { trace: false })),
    json_text_with_trace: measure(() => dibao.assessText(text, { trace: true })),
    object_no_trace: measure(() => dibao.assess(household, { trace: false })),
    object_with_trace: measure(() => dibao.assess(household)),
    output_bytes_with_trace: dibao.assessText(text).length,
  };
});
await context.close();
await browser.close();

mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(`${ARTIFACTS}bench.json`, `${JSON.stringify(report, null, 2)}\n`);

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log(`dibao web benchmark — ${BASE}`);
console.log('\nWhat the page loads (gzip -9):');
for (const f of files) console.log(`  ${f.file.padEnd(28)} ${kb(f.raw).padStart(10)} raw  ${kb(f.gzip).padStart(9)} gzip${f.after_first_result ? '  (after the first result)' : ''}`);
console.log(`  widget before the first result (WASM + JS + CSS + region index): ${kb(report.widget_before_first_result_gzip_bytes)} gzip`);
console.log(`  … with the default region's pack (${report.default_region_pack.file}, ${kb(report.default_region_pack.gzip)}): ${kb(report.widget_before_first_result_with_default_pack_gzip_bytes)} gzip (bar ≤ 150 KB)`);
console.log(`  widget in all (WASM + JS + CSS): ${kb(report.widget_gzip_bytes)} gzip, ${kb(report.widget_raw_bytes)} raw`);
console.log(`  requests off the page's origin: ${foreign.length}`);
console.log(`\nNavigation → first result: median ${report.first_result_ms.median.toFixed(0)} ms over ${RUNS} fresh loads (${report.first_result_ms.runs.join(', ')})`);
console.log('\nassess in the browser, per call (µs; median of 40 batches of 1000, bar ≤ 20 µs):');
for (const [k, v] of Object.entries(report.assess_us)) if (typeof v === 'object') console.log(`  ${k.padEnd(22)} median ${v.median}  (min ${v.min}, max ${v.max})`);
console.log(`\nwritten to ${ARTIFACTS}bench.json`);

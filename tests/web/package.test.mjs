// The widget as an npm package (issue 14). `cargo xtask web --package` (and
// `cargo xtask test`, which passes its path in DIBAO_PACKAGE) writes
// target/npm/dibao-calculator/; this test packs it with `npm pack`, installs
// the tarball into a fresh folder — offline: a local tarball without
// dependencies needs no registry — and loads it in headless Chromium from
// that install, through a plain page whose embedding lines are the ones the
// package's README gives, served from the folder by a bare static server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, ready } from './browser.mjs';

const PACKAGE = process.env.DIBAO_PACKAGE
  || fileURLToPath(new URL('../../target/npm/dibao-calculator/', import.meta.url));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 (a free port); records what was asked and not found. */
function serve(dir) {
  const missing = [];
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(dir, `.${path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      missing.push(path);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, missing })));
}

/** The lines of the first fenced block of `lang` in a Markdown text. */
function fenced(markdown, lang) {
  const m = markdown.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
  assert.ok(m, `a \`\`\`${lang} block`);
  return m[1].trim().split('\n');
}

test('the npm package installs from its tarball and the README\'s lines embed a working calculator', async () => {
  assert.ok(existsSync(join(PACKAGE, 'package.json')), `${PACKAGE}: run \`cargo xtask web --package\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'dibao-npm-'));
  try {
    // npm pack: the tarball and what it holds.
    const packed = JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--json'], { encoding: 'utf8' }))[0];
    const files = packed.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'dibao-calculator.js', 'dibao-calculator.css', 'dibao.js',
      'dibao-calculator.d.ts', 'dibao.d.ts', 'pkg/dibao_wasm.js', 'pkg/dibao_wasm_bg.wasm', 'pkg/dibao_wasm.d.ts',
      'regions/index.json', 'regions/names.tsv', 'regions/440300.json']) {
      assert.ok(files.includes(f), `the tarball lacks ${f}`);
    }
    assert.equal(packed.name, 'dibao-calculator');

    // Installed into a fresh folder, from the tarball alone.
    const site = join(dir, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'package.json'), '{ "name": "site", "version": "0.0.0", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, packed.filename)], { cwd: site, stdio: 'pipe' });
    const installed = join(site, 'node_modules', 'dibao-calculator');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.type, 'module');
    for (const key of ['types', 'main']) assert.ok(existsSync(join(installed, manifest[key])), `${key}: ${manifest[key]}`);
    assert.ok(existsSync(join(installed, manifest.exports['./engine'].types)));

    // The README's three lines: the install command, the script, the element.
    const readme = readFileSync(join(installed, 'README.md'), 'utf8');
    assert.deepEqual(fenced(readme, 'sh'), ['npm install dibao-calculator']);
    const embed = fenced(readme, 'html');
    assert.equal(embed.length, 2, embed.join('\n'));
    writeFileSync(join(site, 'index.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>dibao-calculator from npm</title>
<link rel="icon" href="data:,"></head>
<body>
${embed.join('\n')}
<script type="module">
  import { assess, engine } from './node_modules/dibao-calculator/dibao.js';
  const r = assess({ date: '2024-03-15', policy: { standard: '1000' }, members: [{ id: 'A', relation: 'self', age: 70 }] });
  window.engineCheck = { engine, amount: r.monthly_amount };
</script>
</body></html>
`);

    const { server, missing } = await serve(site);
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const errors = [];
      const requests = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await ready(page);
      // The engine wrapper, imported on its own.
      await page.waitForFunction(() => window.engineCheck);
      const check = await page.evaluate(() => window.engineCheck);
      assert.equal(check.amount, '1000.00');
      assert.equal(check.engine, `dibao ${manifest.version}`);
      // The element: 深圳 2022, standard 1365: 1365 × 2 − 2600 = 130.00.
      await page.evaluate(() => {
        document.querySelector('dibao-calculator').household = {
          region: '440300', date: '2022-03-15',
          members: [
            { id: 'A', relation: 'self', age: 52, incomes: [{ kind: 'wage', amount: '2600' }] },
            { id: 'B', relation: 'spouse', age: 50 },
          ],
        };
      });
      await page.waitForFunction(() => document.querySelector('dibao-calculator').result?.monthly_amount === '130.00');
      const result = await page.evaluate(() => document.querySelector('dibao-calculator').result);
      assert.equal(result.outcome, 'dibao');
      assert.equal(result.parameters.region, '440300');
      const live = await page.locator('dibao-calculator .live').innerText();
      assert.match(live, /130\.00/);
      // Everything came from the install: the module, the styles, the region's data.
      for (const p of ['/node_modules/dibao-calculator/pkg/dibao_wasm_bg.wasm',
        '/node_modules/dibao-calculator/dibao-calculator.css',
        '/node_modules/dibao-calculator/regions/440300.json']) {
        assert.ok(requests.includes(p), `${p} was not loaded; loaded: ${requests.join(', ')}`);
      }
      assert.deepEqual(missing, [], 'every file the page asked for is in the install');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Browser tests of the resident's page and the <dibao-calculator> element,
// in headless Chromium (Debian's) driven by playwright-core, against the page
// served by `cargo xtask test` (DIBAO_URL). Run: `cargo xtask test`, or by
// hand: `cargo xtask serve --port 8000 &` then
// `DIBAO_URL=http://127.0.0.1:8000/ node --test tests/web/`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, open, ready, result, BASE, ORIGIN } from './browser.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

let browser;
const pages = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  // Every page of every test: no console errors, no request off the origin.
  for (const { watch, name } of pages) {
    assert.deepEqual(watch.errors, [], `console errors on ${name}`);
    const foreign = watch.requests.filter((u) => !u.startsWith(`${ORIGIN}/`));
    assert.deepEqual(foreign, [], `requests leaving ${ORIGIN} on ${name}`);
  }
  await browser.close();
});

async function page(name, opts) {
  const p = await open(browser, opts);
  pages.push({ ...p, name });
  if (opts?.path !== null) await ready(p.page);
  return p;
}

const calc = (sel) => `dibao-calculator ${sel}`;

test('the page is served with a CSP, the module as application/wasm, and makes no foreign request', async () => {
  const res = await fetch(BASE);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-eval'(?!.)|'unsafe-inline'/);
  const wasm = await fetch(new URL('pkg/dibao_wasm_bg.wasm', BASE));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const { page: p, watch } = await page('index');
  // Every request is to the page's own origin, and only to its own files.
  assert.ok(watch.requests.length > 0);
  for (const u of watch.requests) assert.ok(u.startsWith(`${ORIGIN}/`), u);
  assert.equal(await p.evaluate(() => document.querySelector('dibao-calculator').shadowRoot !== null), true);
});

test('a resident with a city not listed: two answers and the local standard give the amount', async () => {
  const { page: p } = await page('resident-quick');
  await p.selectOption(calc('[data-path="region"]'), '__custom');
  await p.fill(calc('[data-path="policy.standard"]'), '1000');
  await p.fill(calc('[data-path="quick.people"]'), '3');
  await p.fill(calc('[data-path="quick.income"]'), '1200');
  // Difference method, national rules: 3 × 1000 − 1200 = 1800.00.
  await p.waitForFunction(() => document.querySelector('dibao-calculator').result?.monthly_amount === '1800.00');
  const r = await result(p);
  assert.equal(r.outcome, 'dibao');
  assert.equal(r.household_size, 3);
  assert.equal(r.per_capita_income, '400.00');
  const live = await p.locator(calc('.live')).innerText();
  assert.match(live, /1800\.00/);
  assert.match(live, /符合低保条件/);
  // The result region is announced to screen readers.
  assert.equal(await p.locator(calc('.live')).getAttribute('aria-live'), 'polite');
  // The chart is drawn, with the household and the end of eligibility marked.
  assert.equal(await p.locator(calc('svg.chart .you')).count(), 1);
  assert.equal(await p.locator(calc('svg.chart .end')).count(), 1);
  // The step-by-step explanation carries the rule behind each step.
  const steps = await p.locator(calc('.trace tbody tr')).count();
  assert.ok(steps >= 3, `trace has ${steps} steps`);
  assert.ok(r.trace.every((s) => typeof s.citation === 'string'));
});

test('a resident filling in details: members, yearly income, a deduction, a member who is not counted', async () => {
  const { page: p } = await page('resident-detail');
  await p.selectOption(calc('[data-path="region"]'), '__custom');
  await p.fill(calc('[data-path="policy.standard"]'), '1000');
  await p.getByRole('button', { name: '填写详细情况，结果更准确' }).click();
  // The applicant: 45, wage 28800 a year, pays 240 a month of social insurance.
  await p.fill(calc('[data-path="members[0].age"]'), '45');
  await p.getByRole('button', { name: '＋ 添加一项收入' }).first().click();
  await p.selectOption(calc('[data-path="members[0].incomes[0].kind"]'), 'wage');
  await p.fill(calc('[data-path="members[0].incomes[0].amount"]'), '28800');
  await p.selectOption(calc('[data-path="members[0].incomes[0].period"]'), 'year');
  await p.getByRole('button', { name: '＋ 添加一项支出' }).first().click();
  await p.fill(calc('[data-path="members[0].deductions[0].amount"]'), '240');
  // A spouse, a child at school, and a son in prison (never counted).
  await p.getByRole('button', { name: '＋ 添加家庭成员' }).click();
  await p.selectOption(calc('[data-path="members[1].relation"]'), 'spouse');
  await p.fill(calc('[data-path="members[1].age"]'), '43');
  await p.getByRole('button', { name: '＋ 添加家庭成员' }).click();
  await p.fill(calc('[data-path="members[2].age"]'), '12');
  await p.check(calc('[data-path="members[2].full_time_student"]'));
  await p.getByRole('button', { name: '＋ 添加家庭成员' }).click();
  await p.fill(calc('[data-path="members[3].age"]'), '24');
  await p.selectOption(calc('[data-path="members[3].status"]'), 'incarcerated');
  // Income 2400 − 240 = 2160 for 3 counted members: 3000 − 2160 = 840.00.
  await p.waitForFunction(() => document.querySelector('dibao-calculator').result?.monthly_amount === '840.00');
  const r = await result(p);
  assert.equal(r.outcome, 'dibao');
  assert.equal(r.household_size, 3);
  assert.equal(r.household_income, '2160.00');
  assert.equal(r.excluded_members.length, 1);
  assert.match(await p.locator(calc('.members-out')).innerText(), /D/);
  // Focus order follows the form: the first control after the language switch is the region picker.
  await p.locator(calc('[data-action="lang"]')).focus();
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.querySelector('dibao-calculator').shadowRoot.activeElement?.dataset.path), 'region');
});

test('a shipped region: the standard comes from its parameters', async () => {
  const { page: p } = await page('resident-region');
  const region = await p.evaluate(async () => {
    const { regions } = await import('./dibao.js');
    return regions().find((r) => r.code !== 'CN' && r.versions.length > 0);
  });
  assert.ok(region, 'at least one region ships');
  const v = region.versions[region.versions.length - 1];
  await p.fill(calc('[data-path="date"]'), region.confirmed_through < v.from ? v.from : region.confirmed_through);
  await p.selectOption(calc('[data-path="region"]'), region.code);
  await p.fill(calc('[data-path="quick.people"]'), '1');
  await p.fill(calc('[data-path="quick.income"]'), '0');
  await p.waitForFunction((code) => document.querySelector('dibao-calculator').result?.parameters?.region === code, region.code);
  const r = await result(p);
  assert.equal(Number(r.standard), Number(v.standard));
  assert.ok(Number(r.monthly_amount) >= Number(v.standard), `${r.monthly_amount} ≥ ${v.standard}`);
});

test('the household property fills the form and both events fire', async () => {
  const { page: p } = await page('property-events');
  const events = await p.evaluate(async () => {
    const el = document.querySelector('dibao-calculator');
    const seen = [];
    el.addEventListener('dibao-result', (e) => seen.push(['result', e.detail.monthly_amount, e.detail.outcome]));
    el.addEventListener('dibao-error', (e) => seen.push(['error', e.detail.errors.map((x) => x.field)]));
    document.addEventListener('dibao-result', () => seen.push(['bubbled']));
    el.household = {
      region: 'CN', date: '2024-03-15', policy: { standard: '1000' },
      members: [
        { id: 'A', relation: 'self', age: 52, incomes: [{ kind: 'wage', amount: '600', period: 'month' }] },
        { id: 'B', relation: 'spouse', age: 50 },
      ],
    };
    el.household = { date: '2024-03-15', region: 'CN', policy: { standard: '1000' }, members: [{ id: 'A', relation: 'self', age: 30, incomes: [{ kind: 'wage', amount: '12.345' }] }] };
    return seen;
  });
  assert.deepEqual(events[0], ['result', '1400.00', 'dibao']);
  assert.deepEqual(events[1], ['bubbled']);
  assert.equal(events[2][0], 'error');
  assert.deepEqual(events[2][1], ['members[0].incomes[0].amount']);
  // The field at fault is marked and named.
  assert.equal(await p.locator(calc('[data-path="members[0].incomes[0].amount"]')).getAttribute('aria-invalid'), 'true');
  // The form shows the household that was set.
  assert.equal(await p.locator(calc('[data-path="members[0].age"]')).inputValue(), '30');
  const back = await p.evaluate(() => document.querySelector('dibao-calculator').household);
  assert.equal(back.members[0].incomes[0].amount, '12.345');
});

test('English on demand, 中文 by default', async () => {
  const { page: p } = await page('language');
  assert.match(await p.locator(calc('.title')).innerText(), /低保计算器/);
  await p.locator(calc('[data-action="lang"]')).click();
  assert.match(await p.locator(calc('.title')).innerText(), /Dibao calculator/);
  assert.match(await p.locator(calc('.live')).innerText(), /Monthly allowance/);
  assert.equal(await p.evaluate(() => document.querySelector('dibao-calculator').getAttribute('lang')), 'en');
  await p.locator(calc('[data-action="lang"]')).click();
  assert.match(await p.locator(calc('.title')).innerText(), /低保计算器/);
});

test('parameters past their confirmed date warn that they may be outdated', async () => {
  const { page: p } = await page('outdated');
  await p.fill(calc('[data-path="date"]'), '2099-01-01');
  await p.waitForFunction(() => document.querySelector('dibao-calculator').result?.warnings?.length > 0);
  const r = await result(p);
  assert.ok(r.warnings.some((w) => w.code === 'parameters_may_be_outdated'), JSON.stringify(r.warnings));
  assert.equal(await p.locator(calc('.warnings [data-code="parameters_may_be_outdated"]')).count(), 1);
});

test('the share link carries the case in the fragment and restores it', async () => {
  const { page: p, context } = await page('share');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  await p.evaluate(() => {
    document.querySelector('dibao-calculator').household = {
      region: 'CN', date: '2024-05-01', policy: { standard: '1100' },
      members: [
        { id: 'A', relation: 'self', age: 70, incomes: [{ kind: 'pension', amount: '900', period: 'month' }] },
        { id: 'B', relation: 'spouse', age: 68, disability: { grade: 1, kind: 'visual' }, serious_illness: true },
      ],
      assets: { deposits: '3000' },
    };
  });
  const before = await p.evaluate(() => document.querySelector('dibao-calculator').household);
  await p.locator(calc('[data-action="share"]')).click();
  const link = await p.locator(calc('.share-link')).inputValue();
  assert.ok(link.startsWith(`${BASE}#dibao=`), link);
  const { page: q, watch } = await page('share-opened', { path: null });
  await q.goto(link);
  await ready(q);
  const after = await q.evaluate(() => document.querySelector('dibao-calculator').household);
  assert.deepEqual(after, before);
  assert.deepEqual(await result(q), await result(p));
  // The fragment never reaches the server: requests carry no `#`.
  assert.ok(watch.requests.every((u) => !u.includes('#')));
  // Nothing was stored on the device.
  assert.equal(await q.evaluate(() => window.localStorage.length), 0);
});

test('screenshots at 375 px and 1280 px, and a print view', async () => {
  for (const width of [375, 1280]) {
    const { page: p } = await page(`screenshot-${width}`, { width, height: 900 });
    await p.fill(calc('[data-path="quick.people"]'), '3');
    await p.fill(calc('[data-path="quick.income"]'), '1500');
    await p.waitForTimeout(50);
    // No horizontal scrolling on a phone.
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${width}px viewport`);
    await p.screenshot({ path: `${ARTIFACTS}page-${width}.png`, fullPage: true });
  }
  const { page: p } = await page('print');
  await p.emulateMedia({ media: 'print' });
  assert.equal(await p.locator(calc('.form')).isVisible(), false);
  assert.equal(await p.locator(calc('.print-head')).isVisible(), true);
  assert.equal(await p.locator(calc('.trace')).isVisible(), true);
  await p.screenshot({ path: `${ARTIFACTS}print.png`, fullPage: true });
});

test('the embedding example receives events and sets the household', async () => {
  const { page: p } = await page('embed', { path: 'embed-example.html' });
  await p.getByRole('button', { name: /示例家庭/ }).click();
  await p.waitForFunction(() => document.getElementById('last').textContent.includes('dibao-result: dibao, 1800.00'));
  await p.screenshot({ path: `${ARTIFACTS}embed-1280.png`, fullPage: true });
});

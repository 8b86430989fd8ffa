// Accessibility tests (issue 15): axe-core in Chromium on the page and the
// embedding example, in Chinese and English, before and after a result (and
// with the explanation open); a keyboard-only walk through the calculator
// with a visible focus at every step; the chart's text equivalent; `lang` on
// every run of Chinese or English text. Run by `cargo xtask web-test`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open, ready, ORIGIN } from './browser.mjs';

// axe-core from node_modules (exact pin in package.json), evaluated in the
// page through the DevTools protocol. axe measures contrast with styles of its
// own, which the page's CSP (style-src 'self') would refuse: the pages it
// checks are opened with the CSP bypassed (every other test keeps it).
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
const pages = [];

before(async () => {
  browser = await launch();
});

after(async () => {
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
  await ready(p.page);
  // And styled: the element's stylesheet has loaded (focus rings and colours are its).
  await p.page.waitForFunction(() => document.querySelector('dibao-calculator').shadowRoot.querySelector('link[rel="stylesheet"]')?.sheet);
  return p;
}

const calc = (sel) => `dibao-calculator ${sel}`;
const state = (p) => p.evaluate(() => document.querySelector('dibao-calculator').state);

async function toEnglish(p) {
  await p.locator(calc('[data-action="lang"]')).click();
  await p.locator(calc('.title:text("Dibao calculator")')).waitFor();
}

/** A result: two people, 500 yuan a month, the default region; the chart drawn. */
async function toResult(p) {
  await p.fill(calc('[data-path="quick.people"]'), '2');
  await p.fill(calc('[data-path="quick.income"]'), '500');
  await p.waitForFunction(() => document.querySelector('dibao-calculator').state === 'result');
  await p.locator(calc('svg.chart .you')).waitFor();
}

/** WCAG contrast ratio of two `rgb()`/`rgba()` colours (the second opaque). */
function contrastIn(page, targets) {
  // Computed in the page: the text colour (`fill` for SVG text) against the
  // first opaque background up the tree, across shadow roots.
  return page.evaluate((ts) => {
    const find = (t) => {
      let root = document;
      let el = null;
      // axe's target: a selector per shadow root, nested in one more array.
      for (const sel of Array.isArray(t) ? t.flat(2) : [t]) {
        el = root.querySelector(sel);
        root = el && el.shadowRoot ? el.shadowRoot : el;
      }
      return el;
    };
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    return ts.map((t) => {
      const el = find(t);
      const cs = getComputedStyle(el);
      const fg = rgb(el instanceof SVGElement ? cs.fill : cs.color);
      let bg = [255, 255, 255, 1];
      for (let n = el; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host) || null) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
          bg = c;
          break;
        }
      }
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const size = parseFloat(cs.fontSize);
      const bold = Number(cs.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      return { target: t, ratio: (a + 0.05) / (b + 0.05), need: large ? 3 : 4.5 };
    });
  }, targets);
}

/** Runs axe on the whole document (shadow roots included). */
async function axe(p) {
  await p.evaluate(AXE);
  return p.evaluate(() => window.axe.run(document));
}

const summary = (vs) => vs.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`).join('\n');

// The axe results of the matrix below, printed at the end for docs/web-status.md.
const seen = { runs: 0, rules: new Set(), violations: new Map(), contrastChecked: 0, contrastByHand: 0, lowestByHand: Infinity };

for (const path of ['', 'embed-example.html']) {
  for (const lang of ['zh', 'en']) {
    test(`axe: ${path || 'index.html'} in ${lang}: default, result, explanation open: no serious or critical violation, contrast AA`, async () => {
      const { page: p } = await page(`axe-${path || 'index'}-${lang}`, { path, bypassCSP: true });
      if (lang === 'en') await toEnglish(p);
      for (const step of ['default', 'result', 'explanation open']) {
        if (step === 'result') await toResult(p);
        if (step === 'explanation open') {
          await p.locator(calc('details.trace summary')).click();
          assert.equal(await p.locator(calc('details.trace')).evaluate((d) => d.open), true);
        }
        const r = await axe(p);
        seen.runs += 1;
        seen.version = r.testEngine.version;
        seen.contrastChecked += r.passes.find((v) => v.id === 'color-contrast')?.nodes.length || 0;
        for (const k of ['passes', 'violations', 'incomplete', 'inapplicable']) for (const v of r[k] || []) seen.rules.add(v.id);
        for (const v of r.violations) seen.violations.set(v.id, v.impact);
        const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(bad, [], `${path || 'index'} ${lang} ${step}:\n${summary(bad)}`);
        // Contrast: axe's rule ran on the text, and whatever it could not
        // decide (the chart's SVG text, text over a drawn shape) is measured here.
        const cc = r.incomplete.find((v) => v.id === 'color-contrast');
        const undecided = cc ? cc.nodes.map((n) => n.target) : [];
        for (const m of await contrastIn(p, undecided)) {
          assert.ok(m.ratio >= m.need, `${JSON.stringify(m.target)}: contrast ${m.ratio.toFixed(2)} < ${m.need}`);
          seen.lowestByHand = Math.min(seen.lowestByHand, m.ratio);
        }
        seen.contrastByHand += undecided.length;
        // Everything else in incomplete must not be a serious or critical check left open.
        const open = r.incomplete.filter((v) => v.id !== 'color-contrast' && (v.impact === 'serious' || v.impact === 'critical'));
        assert.deepEqual(open, [], `${path || 'index'} ${lang} ${step}: undecided\n${summary(open)}`);
      }
      assert.equal(await state(p), 'result');
    });
  }
}

test('axe: the rules run and what they found', () => {
  assert.equal(seen.runs, 12);
  for (const rule of ['color-contrast', 'label', 'button-name', 'html-has-lang', 'valid-lang', 'aria-allowed-attr', 'landmark-one-main', 'page-has-heading-one', 'region', 'svg-img-alt']) {
    assert.ok(seen.rules.has(rule), `axe checked ${rule}`);
  }
  // Minor and moderate findings are fixed too: none is left.
  assert.deepEqual([...seen.violations.keys()], []);
  assert.ok(seen.contrastChecked > 0);
  console.log(`# axe-core ${seen.version}: ${seen.runs} runs, ${seen.rules.size} rules applied, `
    + `color-contrast passed on ${seen.contrastChecked} text nodes, ${seen.contrastByHand} more measured by hand (lowest ${seen.lowestByHand.toFixed(2)}:1)`);
});

// ------------------------------------------------------------ keyboard only

/** The focused element, inside the calculator's shadow root when it is there. */
const focused = (p) => p.evaluate(() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (!a || a === document.body) return null;
  const cs = getComputedStyle(a);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  return {
    tag: a.tagName,
    path: a.dataset ? a.dataset.path || null : null,
    action: a.dataset ? a.dataset.action || null : null,
    text: (a.innerText || '').trim().slice(0, 40),
    // A date field's calendar button is focused inside the field: the field has :focus-within.
    focusVisible: a.matches(':focus-visible') || (!a.matches(':focus') && a.matches(':focus-within')),
    visible: outline || shadow,
    style: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; ${cs.boxShadow}`,
    ring: outline ? cs.outlineColor : null,
  };
});

/** WCAG contrast of an `rgb()` colour against white (the calculator's background). */
function onWhite(color) {
  const c = (color.match(/[\d.]+/g) || []).slice(0, 3).map((v) => {
    const x = Number(v) / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  return 1.05 / (l + 0.05);
}

/** Presses Tab (or Shift+Tab) until `want(focused)` holds; asserts a visible focus on every stop. */
let stops = 0;
async function tabTo(p, want, what, { back = false, max = 80 } = {}) {
  for (let k = 0; k < max; k++) {
    await p.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(p);
    if (!f) continue;
    stops += 1;
    assert.ok(f.focusVisible && f.visible, `visible focus on ${JSON.stringify(f)}`);
    // The focus ring itself stands out: WCAG 2.2 non-text contrast, 3:1.
    if (f.ring) assert.ok(onWhite(f.ring) >= 3, `focus ring ${f.ring} on ${JSON.stringify(f)}`);
    if (want(f)) return f;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('keyboard only: fill in, assess, open the explanation, print, switch language, with a visible focus at each step', async () => {
  const { page: p } = await page('keyboard-only');
  await p.evaluate(() => {
    window.__printed = 0;
    window.print = () => {
      window.__printed += 1;
    };
  });
  // Fill in: the number of people and the income, typed.
  await tabTo(p, (f) => f.path === 'quick.people', 'the number of people');
  await p.keyboard.type('2');
  await tabTo(p, (f) => f.path === 'quick.income', 'the income');
  await p.keyboard.type('500');
  // Assess: Enter in the form (the result also follows every keystroke).
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => document.querySelector('dibao-calculator').state === 'result');
  const amount = await p.evaluate(() => document.querySelector('dibao-calculator').result.monthly_amount);
  assert.match(await p.locator(calc('.live')).innerText(), new RegExp(amount.replace('.', '\\.')));
  // Open the explanation.
  const summaryStop = await tabTo(p, (f) => f.tag === 'SUMMARY', 'the explanation');
  assert.ok(summaryStop.visible);
  await p.keyboard.press('Enter');
  assert.equal(await p.locator(calc('details.trace')).evaluate((d) => d.open), true);
  // Print, with the print button.
  await tabTo(p, (f) => f.action === 'print', 'the print button');
  await p.keyboard.press('Enter');
  assert.equal(await p.evaluate(() => window.__printed), 1);
  await p.keyboard.press('Space');
  assert.equal(await p.evaluate(() => window.__printed), 2);
  // Switch language: back up to the language button.
  await tabTo(p, (f) => f.action === 'lang', 'the language button', { back: true });
  const sheet = () => p.evaluate(() => {
    const link = document.querySelector('dibao-calculator').shadowRoot.querySelector('link[rel="stylesheet"]');
    link.dataset.seen = link.dataset.seen || String(Math.random());
    return link.dataset.seen;
  });
  const sheetBefore = await sheet();
  await p.keyboard.press('Enter');
  await p.locator(calc('.title:text("Dibao calculator")')).waitFor();
  // The re-render keeps the element's stylesheet (a new one would leave the switch unstyled, its ring gone, while it loads).
  assert.equal(await sheet(), sheetBefore);
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'en');
  // The focus stays on the button, still visible, and the result is kept.
  const after = await focused(p);
  assert.equal(after.action, 'lang');
  assert.ok(after.focusVisible && after.visible, JSON.stringify(after));
  assert.equal(await state(p), 'result');
  assert.match(await p.locator(calc('.live')).innerText(), /Monthly allowance/);
  // And back to Chinese from the keyboard.
  await p.keyboard.press('Space');
  await p.locator(calc('.title:text("低保计算器")')).waitFor();
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'zh-CN');
  console.log(`# keyboard only: ${stops} focus stops, each with a visible focus ring`);
});

// ------------------------------------------------------------ the chart and lang

test('the chart has a text equivalent, in both languages', async () => {
  const { page: p } = await page('chart-text');
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await toEnglish(p);
    else await toResult(p);
    await p.locator(calc('svg.chart .you')).waitFor();
    const r = await p.evaluate(() => document.querySelector('dibao-calculator').result);
    const chart = await p.evaluate(() => {
      const svg = document.querySelector('dibao-calculator').shadowRoot.querySelector('svg.chart');
      const byId = (id) => svg.getRootNode().getElementById(id)?.textContent || '';
      const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
      return {
        role: svg.getAttribute('role'),
        name: ids.map(byId).join(' '),
        caption: svg.closest('figure').querySelector('figcaption')?.textContent || '',
      };
    });
    assert.equal(chart.role, 'img');
    // The name states what the chart shows: this household's income and amount, and where payment ends.
    for (const text of [chart.name, chart.caption]) {
      assert.ok(text.includes(r.household_income), `${lang}: ${text}`);
      assert.ok(text.includes(r.monthly_amount), `${lang}: ${text}`);
    }
    assert.match(chart.caption, lang === 'en' ? /Eligibility ends at a household income of about \d+\.\d\d yuan/ : /家庭月收入达到约 \d+\.\d\d 元时不再符合低保/);
    // The accessibility tree exposes it as an image with that name.
    const name = await p.locator(calc('svg.chart')).getAttribute('aria-labelledby');
    assert.ok(name);
    assert.equal(await p.getByRole('img', { name: lang === 'en' ? /income|allowance/i : /低保/ }).count() >= 1, true);
  }
});

/**
 * Text runs whose language differs from the `lang` that applies to them
 * (the nearest `lang`, across shadow roots): Chinese under `en`, or
 * English words under `zh`.
 */
const misLabelled = (p) => p.evaluate(() => {
  const out = [];
  const langOf = (n) => {
    for (let e = n.parentElement; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host) || null) {
      if (e.hasAttribute('lang')) return e.getAttribute('lang');
    }
    return '';
  };
  const visit = (root) => {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walk.currentNode; n; n = walk.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.shadowRoot) visit(n.shadowRoot);
        continue;
      }
      const el = n.parentElement;
      if (!el || el.closest('script, style, code, noscript, option:not(:checked)') || !n.data.trim()) continue;
      if (el.closest('[hidden]') || getComputedStyle(el).display === 'none') continue;
      const lang = langOf(n);
      // Chinese characters under English.
      if (lang.startsWith('en') && /[\u4e00-\u9fff]/.test(n.data)) out.push(`${lang}: ${n.data.trim().slice(0, 60)}`);
      // Two or more English words in a row under Chinese.
      if (lang.startsWith('zh') && /\b[A-Za-z]{2,}[,.]?\s+[A-Za-z]{2,}\b/.test(n.data)) out.push(`${lang}: ${n.data.trim().slice(0, 60)}`);
    }
  };
  visit(document.documentElement);
  return out;
});

for (const path of ['', 'embed-example.html']) {
  test(`lang: ${path || 'index.html'} marks every Chinese and English run, in both languages, with a result and its explanation`, async () => {
    const { page: p } = await page(`lang-${path || 'index'}`, { path });
    for (const lang of ['zh', 'en']) {
      if (lang === 'en') await toEnglish(p);
      else {
        assert.deepEqual(await misLabelled(p), [], `${lang}, default`);
        await toResult(p);
        await p.locator(calc('details.trace summary')).click();
      }
      await p.locator(calc('svg.chart .you')).waitFor();
      assert.deepEqual(await misLabelled(p), [], `${lang}, result`);
      // The switch names the other language in that language.
      const sw = p.locator(calc('[data-action="lang"]'));
      assert.equal(await sw.getAttribute('lang'), lang === 'en' ? 'zh-CN' : 'en');
      const docLang = await p.evaluate(() => document.documentElement.lang);
      if (path === '') assert.equal(docLang, lang === 'en' ? 'en' : 'zh-CN');
      assert.equal(await p.locator(calc('.calc')).getAttribute('lang'), lang === 'en' ? 'en' : 'zh-CN');
    }
  });
}

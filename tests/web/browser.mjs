// Shared set-up for the browser tests and the benchmark: Debian's Chromium
// driven by playwright-core (no browser download), a page served by
// `cargo xtask` on 127.0.0.1 (DIBAO_URL), and watchers for console errors and
// requests leaving the page's origin.

import { chromium } from 'playwright-core';

export const BASE = process.env.DIBAO_URL || 'http://127.0.0.1:8000/';
export const ORIGIN = new URL(BASE).origin;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A new page that records console errors, page errors and every request. */
export async function open(browser, { width = 1280, height = 900, path = '', bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, bypassCSP });
  const page = await context.newPage();
  const watch = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('request', (r) => watch.requests.push(r.url()));
  if (path !== null) await page.goto(new URL(path, BASE).href);
  return { context, page, watch };
}

/** Waits until the calculator has rendered (a result, errors, or what is still needed). */
export async function ready(page) {
  await page.waitForFunction(() => {
    const c = document.querySelector('dibao-calculator');
    return c && c.shadowRoot && c.state && c.shadowRoot.querySelector('.live');
  });
}

/** The calculator's last result (§5 object or errors object). */
export function result(page) {
  return page.evaluate(() => document.querySelector('dibao-calculator').result);
}

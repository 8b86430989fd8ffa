// The region picker's search (issue 11), loaded by <dibao-calculator> when a
// resident first types in "查找省、市、县": the GB/T 2260 name table
// (regions/names.tsv, fetched once and loaded into the engine too) and the
// list of matching divisions, as buttons. Not needed before the first result.

import { nameTable } from './dibao.js';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The divisions that match what was typed: under the unit chosen last, else anywhere; its children when nothing is typed. */
function matches(all, search, parent) {
  const q = search.trim();
  if (!q) return parent ? all.filter((d) => d.parent === parent) : [];
  const prefix = !parent ? '' : parent.endsWith('0000') ? parent.slice(0, 2) : parent.slice(0, 4);
  const under = all.filter((d) => d.code.startsWith(prefix) && d.code !== parent && d.name.includes(q));
  return under.length || !parent ? under : all.filter((d) => d.name.includes(q));
}

/** Fills the element's `.matches` with the divisions matching its search. */
export function showMatches(el) {
  const box = el.shadowRoot.querySelector('.matches');
  if (!box) return;
  if (!el._divisions) {
    box.innerHTML = `<p class="hint">${esc(el._t('regionLoading'))}</p>`;
    nameTable().then((list) => {
      el._divisions = list;
      showMatches(el);
    });
    return;
  }
  const list = matches(el._divisions, el._search, el._pickParent);
  const up = (d) => (d.parent && d.parent !== 'CN' ? el._pathOf(d.parent) : '');
  // Place names are Chinese whatever the page's language.
  box.innerHTML = list.length === 0 ? (el._search.trim() ? `<p class="hint">${esc(el._t('regionNoMatch'))}</p>` : '')
    : `<ul>${list.slice(0, 30).map((d) => `<li><button type="button" class="match" data-action="pick" data-code="${esc(d.code)}" lang="zh">${esc(d.name)}${up(d) ? ` <span class="up">${esc(up(d))}</span>` : ''}</button></li>`).join('')}</ul>`;
}

// <dibao-calculator>: the resident's 低保 calculator as a custom element
// (SPEC §7). Attributes `region` (GB/T 2260 code) and `lang` (`zh` default,
// `en`); the `household` property takes or gives a SPEC §4 object; every
// assessment dispatches `dibao-result` (detail: the §5 object) or, for invalid
// input, `dibao-error` (detail: the §5 errors object, with its JSON paths and
// codes for integrators; the resident sees plain words naming the visible
// field instead). Styles live in the shadow root (dibao-calculator.css).
// Nothing leaves the browser; nothing is stored unless the user presses "save".
//
// The page shows the engine's decisions and never re-derives them: outcome,
// sentences and figures are read from the assessment by their field names
// (a missing field throws), and nothing is shown until the resident has said
// what the household earns (or that it earns nothing).

import { assess, regions as listRegions, loadParams, isErrors, regionIndex, ensureRegion, regionReady, region as regionOf } from './dibao.js';
import {
  STRINGS, label, loadEnglish,
} from './i18n.js';

// The chart module is loaded after the first result, the detailed form when it
// is first needed or just after the first render (neither is needed before).
let chart = null;
let detail = null;
let detailLoading = null;
function loadDetail() {
  detailLoading ||= import('./detail-form.js').then((m) => {
    detail = m;
    return m;
  });
  return detailLoading;
}

let pickerLoading = null;
function loadPicker() {
  pickerLoading ||= import('./region-picker.js');
  return pickerLoading;
}

const CSS_URL = new URL('./dibao-calculator.css', import.meta.url).href;
const STORE_KEY = 'dibao-calculator:case';
const FRAGMENT_KEY = 'dibao=';
const CUSTOM = '__custom';
const MAX_PEOPLE = 50;

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A field of an engine output, by its name; throws when it is missing. */
function need(o, name) {
  if (o === null || typeof o !== 'object' || !(name in o)) throw new Error(`dibao-calculator: the assessment has no "${name}" field`);
  return o[name];
}

const CJK = /[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+(?:[\s\d.,:/()\-]*[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+)*/g;
const URL_RE = /https?:\/\/[^\s，。；、（）［］<>"'）]+/g;

/**
 * Escaped text with every web address shortened to its site name (a link),
 * and, in English, Chinese runs marked `lang="zh"`.
 */
function rich(text, lang) {
  // The engine's note for a standard the resident typed names its JSON field; say it in words.
  const s = String(text ?? '').replace(/本次输入提供 \/ given in the input \(policy\.standard\)/g,
    lang === 'en' ? 'the local standard you entered' : '您填写的当地低保标准');
  let out = '';
  let at = 0;
  const plain = (t) => (lang === 'en' ? esc(t).replace(CJK, '<span lang="zh">$&</span>') : esc(t));
  for (const m of s.matchAll(URL_RE)) {
    out += plain(s.slice(at, m.index));
    let host = m[0];
    try {
      host = new URL(m[0]).hostname.replace(/^www\./, '');
    } catch {
      // Not a parsable address: show it as it is (it wraps anywhere).
    }
    out += `<a href="${esc(m[0])}" rel="noopener noreferrer" target="_blank">${esc(host)}</a>`;
    at = m.index + m[0].length;
  }
  return out + plain(s.slice(at));
}

// What residents type, made plain (the page's own fields only; the engine's
// JSON contract stays strict): full-width digits, thousands separators in the
// right places, a trailing unit.
function halfWidth(s) {
  return String(s ?? '')
    .replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))
    .replace(/．/g, '.').replace(/，/g, ',').replace(/－/g, '-')
    .replace(/[\s\u3000]+/g, '');
}

export function normMoney(raw) {
  let s = halfWidth(raw).replace(/(元|块钱|块)$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  return s;
}

export function normInt(raw) {
  let s = halfWidth(raw).replace(/(周岁|岁|人|口|个|套|辆)$/, '');
  if (/^\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, '');
  return s;
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `members[0].incomes[1].amount` → ['members', 0, 'incomes', 1, 'amount']. */
function tokens(path) {
  return path.split(/\.|\[(\d+)\]/).filter((t) => t !== undefined && t !== '').map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

function getPath(obj, path) {
  let o = obj;
  for (const t of tokens(path)) {
    if (o === null || typeof o !== 'object') return undefined;
    o = o[t];
  }
  return o;
}

function setPath(obj, path, value) {
  const ts = tokens(path);
  let o = obj;
  for (let i = 0; i < ts.length - 1; i++) {
    if (o[ts[i]] === null || typeof o[ts[i]] !== 'object') o[ts[i]] = typeof ts[i + 1] === 'number' ? [] : {};
    o = o[ts[i]];
  }
  const last = ts[ts.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

function idFor(path) {
  return `f-${path.replace(/[^a-zA-Z0-9_]+/g, '-')}`;
}

/** UTF-8 JSON ↔ base64url, for the share link's fragment. */
function encodeCase(h) {
  const bytes = new TextEncoder().encode(JSON.stringify(h));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeCase(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function nextId(members) {
  const used = new Set(members.map((m) => m.id));
  for (let i = 0; ; i++) {
    const id = i < 26 ? String.fromCharCode(65 + i) : `M${i + 1}`;
    if (!used.has(id)) return id;
  }
}

/** The fragment's `key=value` parts (the share link's state). */
function fragment(hash = window.location.hash) {
  const out = {};
  for (const part of hash.slice(1).split('&')) {
    const k = part.indexOf('=');
    if (k > 0) {
      try {
        out[part.slice(0, k)] = decodeURIComponent(part.slice(k + 1));
      } catch {
        // A damaged part: ignore it.
      }
    }
  }
  return out;
}

export class DibaoCalculator extends HTMLElement {
  static observedAttributes = ['region', 'lang'];

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.addEventListener('input', (e) => this._onInput(e));
    root.addEventListener('change', (e) => this._onChange(e));
    root.addEventListener('click', (e) => this._onClick(e));
    root.addEventListener('focusout', (e) => this._onBlur(e));
    this._regions = [];
    this._region = '';
    this._standard = '';
    this._place = '';
    this._area = '';
    this._search = '';
    this._pickParent = '';
    this._divisions = null;
    this._date = today();
    this._mode = 'quick';
    this._quick = { people: '', income: '', none: false };
    this._h = { members: [] };
    this._noIncome = false;
    this._touched = new Set();
    this._typed = new Set();
    this._result = null;
    this._state = 'pending';
    this._traceOpen = false;
    this._paramsFile = '';
  }

  connectedCallback() {
    if (this._started || this._starting) return;
    const f = fragment();
    if (f.lang === 'en' || f.lang === 'zh') this.setAttribute('lang', f.lang);
    // The picker's index (regions/index.json) comes first; a region's pack
    // is fetched when the region is chosen (see `_compute`).
    this._starting = true;
    Promise.all([regionIndex(), this._lang === 'en' && !STRINGS.en ? loadEnglish() : null]).then(([index]) => {
      this._starting = false;
      this._index = index;
      if (this.isConnected) this._start(f);
    });
  }

  /** The regions for the picker: the shipped index, with any pack the user loaded. */
  _allRegions() {
    const own = listRegions().filter((r) => r.code !== 'CN');
    const list = (this._index || []).map((r) => own.find((o) => o.code === r.code) || r);
    for (const o of own) if (!list.some((r) => r.code === o.code)) list.push(o);
    return list;
  }

  _start(f) {
    this._started = true;
    this._regions = this._allRegions();
    const wanted = this.getAttribute('region');
    this._region = wanted || (this._regions[0] ? this._regions[0].code : CUSTOM);
    this._renderShell();
    this._fromFragment(f);
    this._renderForm();
    this._compute();
    // The note on the property the office checks comes with the detailed
    // form's module: a result shown before it is shown again with the note.
    loadDetail().then(() => {
      if (this._state === 'result') this._showResult(this._result, this._chart.household);
    });
    this._onHash = () => {
      const g = fragment();
      if (g.dibao || g.people) {
        this._fromFragment(g);
        this._renderForm();
        this._compute();
      }
    };
    window.addEventListener('hashchange', this._onHash);
    // The printout carries the explanation, however it is printed.
    this._onPrint = () => {
      const trace = this.shadowRoot.querySelector('details.trace');
      if (trace) trace.open = true;
    };
    window.addEventListener('beforeprint', this._onPrint);
    if (typeof ResizeObserver === 'function') {
      this._resize = new ResizeObserver(() => this._redrawChart());
      this._resize.observe(this);
    }
  }

  disconnectedCallback() {
    if (this._onHash) window.removeEventListener('hashchange', this._onHash);
    if (this._onPrint) window.removeEventListener('beforeprint', this._onPrint);
    if (this._resize) this._resize.disconnect();
    this._started = false;
  }

  attributeChangedCallback(name, old, value) {
    if (name === 'lang') this._syncDocumentLang();
    if (!this._started || old === value) return;
    if (name === 'lang' && this._lang === 'en' && !STRINGS.en) {
      loadEnglish().then(() => this.attributeChangedCallback('lang', null, this.getAttribute('lang')));
      return;
    }
    if (name === 'lang') {
      // The switch keeps the keyboard focus across the re-render (English is
      // loaded on first use, so the render may come after the click handler).
      const onSwitch = this.shadowRoot.activeElement?.dataset?.action === 'lang';
      this._renderShell();
      this._renderForm();
      this._compute();
      if (onSwitch) this.shadowRoot.querySelector('[data-action="lang"]').focus();
    } else if (name === 'region') {
      this._region = value || CUSTOM;
      this._standard = '';
      this._renderForm();
      this._compute();
    }
  }

  /** With `sync-document-lang` (the calculator's own page), the document follows the language. */
  _syncDocumentLang() {
    if (this.hasAttribute('sync-document-lang')) {
      document.documentElement.lang = this._lang === 'en' ? 'en' : 'zh-CN';
      document.title = this._lang === 'en' ? 'Dibao calculator · 低保计算器' : '低保计算器 · Dibao calculator';
    }
  }

  /** The household currently in the form, as a SPEC §4 object. */
  get household() {
    return this._build();
  }

  /** Fills the form from a SPEC §4 object and assesses it. */
  set household(h) {
    this._load(h);
    if (this._started) {
      this._renderForm();
      this._compute();
    }
  }

  /** The last §5 result (or errors object); null while answers are missing. */
  get result() {
    return this._result;
  }

  /** `pending` (answers missing), `errors`, or `result`. */
  get state() {
    return this._state;
  }

  get _lang() {
    return this.getAttribute('lang') === 'en' ? 'en' : 'zh';
  }

  _t(key, ...args) {
    const v = (STRINGS[this._lang] || STRINGS.zh)[key] ?? STRINGS.zh[key];
    return typeof v === 'function' ? v(...args) : v;
  }

  _txt(o) {
    return need(o, this._lang === 'en' ? 'en' : 'zh');
  }

  _rich(s) {
    return rich(s, this._lang);
  }

  _cite(c) {
    if (!c) return '';
    return this._lang === 'en'
      ? ` <cite><span lang="zh">${esc(c)}</span> (${esc(STRINGS.en.gloss(c))})</cite>`
      : ` <cite>${esc(c)}</cite>`;
  }

  // ------------------------------------------------------------ state

  _fromFragment(f) {
    if (f.region) this._region = f.region === 'CN' ? CUSTOM : f.region;
    if (f.dibao) {
      try {
        this._load(decodeCase(f.dibao));
      } catch {
        // A damaged link: start empty.
      }
    } else if (f.people !== undefined) {
      this._mode = 'quick';
      this._quick = { people: normInt(f.people), income: f.income === 'none' ? '' : normMoney(f.income ?? ''), none: f.income === 'none' };
      this._standard = f.std ? normMoney(f.std) : '';
      if (f.date) this._date = f.date;
    }
    if (f.place) this._place = f.place;
  }

  _load(input) {
    const h = structuredClone(input || {});
    this._date = typeof h.date === 'string' ? h.date : today();
    const policy = h.policy && typeof h.policy === 'object' ? h.policy : null;
    this._region = h.region && h.region !== 'CN' ? String(h.region) : CUSTOM;
    this._standard = policy && policy.standard !== undefined ? String(policy.standard) : '';
    if (policy) delete policy.standard;
    if (policy && Object.keys(policy).length === 0) delete h.policy;
    this._area = h.area === 'urban' || h.area === 'rural' ? h.area : '';
    delete h.date;
    delete h.region;
    delete h.area;
    if (!Array.isArray(h.members)) h.members = [];
    this._h = h;
    // A household given whole says what it earns: members without incomes have none.
    this._noIncome = !h.members.some((m) => Array.isArray(m.incomes) && m.incomes.length);
    this._mode = 'detail';
    this._touched = new Set();
    this._typed = new Set();
  }

  /** The region's entry, the standard in force on the date, and whether it is past its confirmed date. */
  _regionInfo() {
    const code = this._region;
    let r = this._regions.find((x) => x.code === code);
    let fallbackFrom = null;
    // A county without a pack: its prefecture's, else its province's (as the core does).
    if (!r && /^\d{6}$/.test(code)) {
      for (const up of [`${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
        r = this._regions.find((x) => x.code === up);
        if (r) {
          fallbackFrom = code;
          break;
        }
      }
    }
    if (!r) return { region: null, standard: null, stale: false };
    const versions = (r.versions || []).filter((v) => v.from <= this._date);
    const v = versions[versions.length - 1];
    // Separate urban and rural standards: the household's area picks one.
    const separate = !!v && v.area === 'separate';
    const value = separate ? (v.values || []).find((x) => x.area === this._area) : null;
    const standard = separate ? (value ? value.monthly : null) : v ? v.standard : null;
    // More than 12 months past the date the data were confirmed through.
    const [y, ...md] = r.confirmed_through.split('-');
    const longStale = this._date > [String(Number(y) + 1), ...md].join('-');
    return { region: r, version: v, standard, separate, stale: this._date > r.confirmed_through, longStale, fallbackFrom };
  }

  /** A code's name: the index's, else the name table's, else the code. */
  _nameOf(code) {
    const r = this._regions.find((x) => x.code === code);
    if (r) return this._regionName(r);
    const d = this._divisions && this._divisions.find((x) => x.code === code);
    return d ? d.name : regionOf(code).name || code;
  }

  /** The names from the province down to `code` (山东省 › 威海市 › 荣成市). */
  _pathOf(code) {
    if (!this._divisions) return this._nameOf(code);
    const out = [];
    let c = code;
    for (let i = 0; i < 4 && c && c !== 'CN'; i++) {
      const d = this._divisions.find((x) => x.code === c);
      if (!d) break;
      out.unshift(d.name);
      c = d.parent;
    }
    return out.length ? out.join(' › ') : this._nameOf(code);
  }

  /** Whether the standard field is shown, and whether it must be filled. */
  _standardField() {
    if (this._region === CUSTOM || this._forceStandard) return 'required';
    const info = this._regionInfo();
    if (!info.region) return this._standard ? 'optional' : 'none';
    // Separate urban and rural standards: the area question comes first.
    if (info.separate && !this._area && !this._standard) return 'none';
    if (info.standard === null || info.standard === undefined) return 'required';
    if (info.stale || this._standard) return 'optional';
    return 'none';
  }

  _quickPeople() {
    const s = normInt(this._quick.people);
    if (s === '') return { missing: true };
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > MAX_PEOPLE) return { invalid: true };
    return { n: Number(s) };
  }

  _quickHousehold() {
    // The engine needs each person; the resident gave a number. Those added
    // are relatives with a duty of support living together (always counted),
    // so no age or relation is guessed that the page would have to show.
    const n = this._quickPeople().n || 1;
    const members = [{ id: 'A', relation: 'self', age: 40 }];
    for (let i = 1; i < n; i++) members.push({ id: nextId(members), relation: 'other_relative', age: 40, support_obligation: true });
    const income = normMoney(this._quick.income);
    if (!this._quick.none) members[0].incomes = [{ kind: 'other', amount: income, period: 'month' }];
    return { members };
  }

  /** The §4 object for what the form shows. */
  _build() {
    const h = this._mode === 'quick' ? this._quickHousehold() : structuredClone(this._h);
    const out = {};
    if (h.case_id !== undefined) out.case_id = h.case_id;
    out.region = this._region === CUSTOM ? 'CN' : this._region;
    if (this._area && this._region !== CUSTOM && this._regionInfo().separate) out.area = this._area;
    const std = normMoney(this._standard);
    if (std !== '' && this._standardField() !== 'none') h.policy = { ...(h.policy || {}), standard: std };
    out.date = this._date;
    Object.assign(out, h);
    if (out.assets) {
      for (const k of Object.keys(out.assets)) if (out.assets[k] === '') delete out.assets[k];
      if (Object.keys(out.assets).length === 0) delete out.assets;
    }
    for (const o of out.obligors || []) for (const k of Object.keys(o)) if (o[k] === '') delete o[k];
    if (out.current) for (const k of Object.keys(out.current)) if (out.current[k] === '') delete out.current[k];
    return out;
  }

  // ------------------------------------------------------------ rendering

  _renderShell() {
    const lang = this._lang;
    this._syncDocumentLang();
    const shell = `
      <div class="calc" lang="${lang === 'en' ? 'en' : 'zh-CN'}">
        <button type="button" class="skip" data-action="to-result">${esc(this._t('skip'))}</button>
        <header class="head">
          <div>
            <h2 class="title">${esc(this._t('title'))}</h2>
            <p class="subtitle">${this._rich(this._t('subtitle'))}</p>
          </div>
          <button type="button" class="lang" data-action="lang" lang="${lang === 'en' ? 'zh-CN' : 'en'}"
            aria-label="${esc(this._t('switchLangLabel'))}">${esc(this._t('switchLang'))}</button>
        </header>
        <div class="print-head" aria-hidden="true"></div>
        <div class="layout">
          <div class="inputs">
            <form class="form" novalidate></form>
            <div class="mini" hidden></div>
          </div>
          <section class="result" aria-labelledby="result-title">
            <h3 id="result-title" tabindex="-1">${esc(this._t('result'))}</h3>
            <div class="live" role="status" aria-live="polite" aria-atomic="true"></div>
            <div class="details"></div>
            <div class="tools">
              <button type="button" data-action="print">${esc(this._t('print'))}</button>
              <button type="button" data-action="share">${esc(this._t('share'))}</button>
              <button type="button" data-action="save">${esc(this._t('save'))}</button>
              <span class="stored"></span>
              <p class="hint">${esc(this._t('shareHint'))}</p>
              <div class="msg" role="status"></div>
            </div>
          </section>
        </div>
      </div>`;
    // Re-rendered (a language switch): the stylesheet stays as it is, so the
    // new content is styled at once — a new <link> would load again, leaving
    // a moment unstyled (and the focused switch without its focus ring).
    const link = [...this.shadowRoot.children].find((e) => e.matches('link[rel="stylesheet"]'));
    const old = [...this.shadowRoot.children].find((e) => e.matches('div.calc'));
    if (link && old) {
      const t = document.createElement('template');
      t.innerHTML = shell.trim();
      old.replaceWith(t.content);
    } else {
      this.shadowRoot.innerHTML = `<link rel="stylesheet" href="${esc(CSS_URL)}">${shell}`;
    }
    this.shadowRoot.querySelector('.form').addEventListener('submit', (e) => e.preventDefault());
    this._renderStored();
  }

  _renderStored() {
    const span = this.shadowRoot.querySelector('.stored');
    if (!span) return;
    let has = false;
    try {
      has = window.localStorage.getItem(STORE_KEY) !== null;
    } catch {
      has = false;
    }
    span.innerHTML = has
      ? `<button type="button" data-action="restore">${esc(this._t('restore'))}</button>
         <button type="button" data-action="forget">${esc(this._t('forget'))}</button>`
      : '';
  }

  _options(table, selected, extra = '') {
    const lang = this._lang;
    return extra + Object.keys(table).map((k) =>
      `<option value="${esc(k)}"${k === selected ? ' selected' : ''}>${esc(label(table, k, lang))}</option>`).join('');
  }

  _field(path, text, control, hint = '', cls = '') {
    const id = idFor(path);
    const hintId = hint ? `${id}-hint` : '';
    const ctl = control.replace('$ID', id).replace('$DESC', hintId ? ` aria-describedby="${hintId}"` : '');
    return `<div class="field ${cls}"><label for="${id}">${esc(text)}</label>${ctl}${hint ? `<p class="hint" id="${hintId}">${esc(hint)}</p>` : ''}</div>`;
  }

  _text(path, text, value, kind = 'str', hint = '', extra = '') {
    const mode = kind === 'money' ? ' inputmode="decimal"' : kind === 'int' ? ' inputmode="numeric"' : '';
    return this._field(path, text,
      `<input type="text" id="$ID"$DESC data-path="${esc(path)}" data-kind="${kind}"${mode} autocomplete="off" value="${esc(value ?? '')}"${extra}>`,
      hint, kind === 'money' || kind === 'int' ? 'short' : '');
  }

  _date_(path, text, value, hint = '') {
    return this._field(path, text,
      `<input type="date" id="$ID"$DESC data-path="${esc(path)}" data-kind="str" value="${esc(value ?? '')}">`, hint, 'short');
  }

  _check(path, text, checked, kind = 'bool') {
    const id = idFor(path);
    return `<div class="check"><input type="checkbox" id="${id}" data-path="${esc(path)}" data-kind="${kind}"${checked ? ' checked' : ''}><label for="${id}">${esc(text)}</label></div>`;
  }

  _select(path, text, options, kind = 'str', hint = '') {
    return this._field(path, text, `<select id="$ID"$DESC data-path="${esc(path)}" data-kind="${kind}">${options}</select>`, hint);
  }

  _regionName(r) {
    return this._lang === 'en' ? r.name.en : r.name.zh;
  }

  _renderForm(focusPath) {
    const root = this.shadowRoot;
    const active = root.activeElement;
    const focus = focusPath || (active && (active.dataset.path ? `[data-path="${active.dataset.path}"]` : active.dataset.action ? `[data-action="${active.dataset.action}"]` : null));
    const form = root.querySelector('.form');
    const lang = this._lang;
    const parts = [];

    // 1. Where
    const known = this._regions.some((r) => r.code === this._region);
    const regionOptions = this._regions.map((r) => {
      const versions = (r.versions || []).filter((v) => v.from <= this._date);
      const v = versions[versions.length - 1];
      const std = v && v.standard !== null && v.standard !== undefined ? v.standard : null;
      const split = v && v.area === 'separate' ? Object.fromEntries((v.values || []).map((x) => [x.area, x.monthly])) : null;
      const note = split && split.urban && split.rural ? this._t('areaOpt', split.urban, split.rural)
        : std === null ? this._t('stdUnknownOpt')
        : this._date > r.confirmed_through ? this._t('stdStaleOpt', std)
          : `${this._t('standardShort')} ${std} ${this._t('perMonth')}`;
      return `<option value="${esc(r.code)}"${r.code === this._region ? ' selected' : ''}>${esc(this._regionName(r))} — ${esc(note)}</option>`;
    });
    if (!known && this._region !== CUSTOM) regionOptions.unshift(`<option value="${esc(this._region)}" selected>${esc(this._pathOf(this._region))}</option>`);
    regionOptions.push(`<option value="${CUSTOM}"${this._region === CUSTOM ? ' selected' : ''}>${esc(this._t('regionCustom'))}</option>`);
    parts.push(`<fieldset class="sec"><legend>${esc(this._t('secWhere'))}</legend>`);
    parts.push(this._select('region', this._t('region'), regionOptions.join('')));
    if (this._region !== CUSTOM) parts.push(this._pickerHtml());
    const need = this._standardField();
    const where = this._regionInfo();
    if (where.fallbackFrom) parts.push(`<p class="hint fallback">${esc(this._t('regionFallback', this._nameOf(where.fallbackFrom), this._regionName(where.region)))}</p>`);
    if (this._region !== CUSTOM && where.separate) {
      const vals = Object.fromEntries((where.version.values || []).map((x) => [x.area, x.monthly]));
      const opt = (a, k) => `<option value="${a}"${this._area === a ? ' selected' : ''}>${esc(this._t(k))}${vals[a] ? ` — ${esc(vals[a])} ${esc(this._t('perMonth'))}` : ''}</option>`;
      parts.push(this._select('area', this._t('area'), `<option value=""${this._area ? '' : ' selected'}>${esc(this._t('areaChoose'))}</option>${opt('urban', 'areaUrban')}${opt('rural', 'areaRural')}`, 'str', this._t('areaHint')));
    }
    if (this._region === CUSTOM) {
      parts.push(this._text('place', this._t('place'), this._place, 'str'));
      parts.push(this._text('policy.standard', this._t('customStandard'), this._standard, 'money', this._t('customStandardHint'), ' required'));
    } else if (need !== 'none') {
      const info = this._regionInfo();
      const name = info.region ? this._regionName(info.region) : this._region;
      parts.push(need === 'required'
        ? this._text('policy.standard', this._t('stdUnknownLabel'), this._standard, 'money', this._t('stdUnknownHint', name), ' required')
        : this._text('policy.standard', this._t('stdStaleLabel'), this._standard, 'money',
          info.standard ? `${this._t('stdStaleHint', info.standard, info.region.confirmed_through)}${info.longStale ? ` ${this._t('verifyPrompt')}` : ''}` : '', info.standard ? ` placeholder="${esc(info.standard)}"` : ''));
    }
    parts.push(this._date_('date', this._t('date'), this._date, this._t('dateHint')));
    parts.push(`<details class="adv"><summary>${esc(this._t('paramsFile'))}</summary>
      <p class="hint">${esc(this._t('paramsFileHint'))}</p>
      <input type="file" accept=".json,application/json" data-action="params" aria-label="${esc(this._t('paramsFile'))}">
      ${this._paramsFile ? `<p>${esc(this._t('paramsLoaded'))}${esc(this._paramsFile)}</p>` : ''}</details>`);
    parts.push('</fieldset>');

    if (this._mode === 'quick') {
      parts.push(`<fieldset class="sec"><legend>${esc(this._t('secQuick'))}</legend>`);
      parts.push(this._text('quick.people', this._t('people'), this._quick.people, 'int', '', ' required'));
      parts.push(this._text('quick.income', this._t('income'), this._quick.none ? '' : this._quick.income, 'money', this._t('incomeHint'),
        this._quick.none ? ' disabled' : ' required'));
      parts.push(`<div class="checks">${this._check('quick.none', this._t('noIncome'), this._quick.none, 'quickNone')}</div>`);
      parts.push(`<button type="button" class="link" data-action="detail">${esc(this._t('toDetail'))}</button>`);
      parts.push('</fieldset>');
    } else {
      if (!detail) {
        parts.push(`<p class="loading">${esc(this._t('loading'))}</p>`);
        loadDetail().then(() => {
          if (this._mode === 'detail' && this._started) {
            this._renderForm(focusPath);
            this._compute();
          }
        });
      } else {
        parts.push(detail.membersHtml(this), detail.assetsHtml(this), detail.obligorsHtml(this), detail.currentHtml(this));
      }
      parts.push(`<button type="button" class="link" data-action="quick">${esc(this._t('toQuick'))}</button>`);
    }
    form.innerHTML = parts.join('');
    if (this._divisions) this._showMatches();
    if (focus) {
      const el = root.querySelector(focus);
      if (el) el.focus();
    }
  }

  /** The type-to-search picker: province → city → county, by name (GB/T 2260 table, fetched on first use). */
  _pickerHtml() {
    const field = this._field('regionSearch', this._t('regionSearch'),
      `<input type="search" id="$ID"$DESC data-path="regionSearch" autocomplete="off" value="${esc(this._search)}">`, this._t('regionSearchHint'));
    const path = this._pickParent || (/^\d{6}$/.test(this._region) ? this._region : '');
    const chosen = path && this._divisions ? `<p class="picked">${esc(this._t('regionPath', ''))}<span lang="zh">${esc(this._pathOf(this._region))}</span>
      <button type="button" class="link" data-action="pick-restart">${esc(this._t('regionRestart'))}</button></p>` : '';
    return `<div class="picker">${field}${chosen}<div class="matches"></div></div>`;
  }

  /** The divisions that match what was typed: under the unit chosen last, else anywhere; its children when nothing is typed. */
  /** The matches for what was typed (module `region-picker.js`, loaded on first use with the place names). */
  _showMatches() {
    if (!this.shadowRoot.querySelector('.matches')) return;
    loadPicker().then((m) => m.showMatches(this));
  }

  /** A division chosen in the picker: it becomes the region; a province or city then lists the units below it. */
  _pick(code) {
    this._region = code;
    this._standard = '';
    this._area = '';
    this._forceStandard = false;
    this._touched.delete('policy.standard');
    this._search = '';
    if (this._divisions && this._divisions.some((d) => d.parent === code)) this._pickParent = code;
    this._renderForm('[data-path="regionSearch"]');
    this._showMatches();
    this._compute();
  }

  _hasIncomeRows() {
    return this._h.members.some((m) => Array.isArray(m.incomes) && m.incomes.length > 0);
  }

  // ------------------------------------------------------------ events

  _setFromControl(el) {
    const path = el.dataset.path;
    const kind = el.dataset.kind;
    if (!path) return false;
    if (path === 'area') {
      this._area = el.value;
      return true;
    }
    if (path === 'regionSearch') {
      this._search = el.value;
      return false;
    }
    if (path === 'region') {
      this._pickParent = '';
      this._area = '';
      this._region = el.value;
      this._standard = '';
      this._forceStandard = false;
      this._touched.delete('policy.standard');
      return true;
    }
    if (path === 'policy.standard') {
      this._standard = el.value;
      return false;
    }
    if (path === 'place') {
      this._place = el.value;
      return false;
    }
    if (path === 'date') {
      this._date = el.value;
      return true; // region labels show the standard in force on the date
    }
    if (path === 'quick.none') {
      this._quick.none = el.checked;
      return true;
    }
    if (path.startsWith('quick.')) {
      this._quick[path.slice(6)] = el.value;
      return false;
    }
    if (path === 'noIncome') {
      this._noIncome = el.checked;
      return false;
    }
    const h = this._h;
    const v = el.type === 'checkbox' ? el.checked : el.value;
    switch (kind) {
      case 'int': {
        const s = normInt(v);
        setPath(h, path, s === '' ? undefined : /^-?\d+$/.test(s) ? Number(s) : s);
        return false;
      }
      case 'money':
        setPath(h, path, normMoney(v));
        return false;
      case 'bool':
        setPath(h, path, v ? true : undefined);
        return true;
      case 'defaultTrue':
        setPath(h, path, v ? undefined : false);
        return true;
      case 'notIndependent':
        setPath(h, path, v ? false : undefined);
        return true;
      case 'current':
        setPath(h, path, v ? { monthly_amount: '' } : undefined);
        return true;
      case 'grade': {
        const m = getPath(h, path.replace(/\.disability\.grade$/, ''));
        if (v === '') delete m.disability;
        else m.disability = { grade: Number(v), kind: (m.disability && m.disability.kind) || 'physical' };
        return true;
      }
      case 'period':
        if (v !== '__keep') setPath(h, path, v);
        return false;
      case 'supports':
        setPath(h, path, [v]);
        return false;
      default:
        setPath(h, path, v === '' ? undefined : v);
        return el.tagName === 'SELECT';
    }
  }

  _onInput(e) {
    const el = e.target;
    if (el.tagName !== 'INPUT' || el.type === 'checkbox' || el.type === 'file') return;
    if (el.dataset.path === 'regionSearch') {
      this._search = el.value;
      this._showMatches();
      return;
    }
    if (el.dataset.path) this._typed.add(el.dataset.path);
    this._setFromControl(el);
    this._compute();
  }

  /** Leaving a field: it counts as touched, and what was typed is shown normalised. */
  _onBlur(e) {
    const el = e.target;
    const path = el.dataset && el.dataset.path;
    if (!path || path === 'regionSearch' || el.type === 'checkbox' || el.type === 'file' || !el.isConnected) return;
    // Only a field the resident typed in counts as touched (not one the page
    // focused for them, nor one tabbed through): until then it is "still needed".
    if (this._typed.has(path)) this._touched.add(path);
    if (el.tagName === 'INPUT' && el.type === 'text') {
      const kind = el.dataset.kind;
      const norm = kind === 'money' ? normMoney(el.value) : kind === 'int' ? normInt(el.value) : el.value;
      if (norm !== el.value) {
        el.value = norm;
        this._setFromControl(el);
      }
    }
    // Re-rendering the form here would move the focus the resident just gave.
    this._compute();
  }

  _onChange(e) {
    const el = e.target;
    if (el.dataset.path === 'regionSearch') return;
    if (el.dataset.action === 'params') {
      this._loadParamsFile(el);
      return;
    }
    if (el.dataset.path) this._touched.add(el.dataset.path);
    if (el.tagName === 'INPUT' && el.type !== 'checkbox') {
      if (el.type === 'date') {
        if (this._setFromControl(el)) this._renderForm();
        this._compute();
      }
      return;
    }
    const rerender = this._setFromControl(el);
    if (rerender) this._renderForm(`[data-path="${el.dataset.path}"]`);
    // A new region's standard field starts untouched (the old one's blur may come after the change).
    if (el.dataset.path === 'region') this._touched.delete('policy.standard');
    this._compute();
  }

  async _loadParamsFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const text = await file.text();
    const errors = loadParams(text, file.name);
    if (errors) {
      this._showProblems([{ field: 'params', code: errors.errors[0] ? errors.errors[0].code : 'invalid_parameter', shown: true }], []);
      this.dispatchEvent(new CustomEvent('dibao-error', { detail: errors, bubbles: true, composed: true }));
      return;
    }
    this._paramsFile = file.name;
    this._regions = this._allRegions();
    try {
      const code = JSON.parse(text).code;
      if (code && code !== 'CN') this._region = code;
    } catch {
      // Already validated by the engine.
    }
    this._renderForm();
    this._compute();
  }

  _onClick(e) {
    const btn = e.target.closest('button');
    if (btn && btn.dataset.action === 'pick') {
      this._pick(btn.dataset.code);
      return;
    }
    if (btn && btn.dataset.action === 'pick-restart') {
      this._pickParent = '';
      this._search = '';
      this._renderForm('[data-path="regionSearch"]');
      this._showMatches();
      return;
    }
    if (!btn) return;
    if (btn.dataset.focus) {
      const el = this._controlFor(btn.dataset.focus);
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus();
      }
      return;
    }
    if (!btn.dataset.action) return;
    const a = btn.dataset.action;
    const h = this._h;
    const i = Number(btn.dataset.index);
    let focus = null;
    switch (a) {
      case 'lang':
        this.setAttribute('lang', this._lang === 'en' ? 'zh' : 'en');
        this.shadowRoot.querySelector('[data-action="lang"]').focus();
        return;
      case 'to-result': {
        const head = this.shadowRoot.querySelector('#result-title');
        head.scrollIntoView({ block: 'start' });
        head.focus();
        return;
      }
      case 'detail': {
        // The people the resident counted, each to be described; nothing guessed.
        const n = this._quickPeople().n || 1;
        const members = [{ id: 'A', relation: 'self', age: '' }];
        for (let k = 1; k < n; k++) members.push({ id: nextId(members), relation: '', age: '' });
        const income = normMoney(this._quick.income);
        if (!this._quick.none && income !== '') members[0].incomes = [{ kind: 'other', amount: income, period: 'month' }];
        for (const m of members) {
          if (m.age === '') delete m.age;
          if (m.relation === '') delete m.relation;
        }
        members[0].relation = 'self';
        this._h = { members };
        this._noIncome = this._quick.none;
        this._mode = 'detail';
        this._touched = new Set();
        this._typed = new Set();
        focus = '[data-path="members[0].age"]';
        break;
      }
      case 'quick':
        this._mode = 'quick';
        this._quick = { people: String(h.members.length || 1), income: '', none: this._noIncome && !this._hasIncomeRows() };
        focus = '[data-path="quick.people"]';
        break;
      case 'add-member': {
        const id = nextId(h.members);
        h.members.push({ id });
        focus = `[data-path="members[${h.members.length - 1}].relation"]`;
        break;
      }
      case 'remove-member': {
        const gone = h.members[i].id;
        h.members.splice(i, 1);
        for (const o of h.obligors || []) if (Array.isArray(o.supports)) o.supports = o.supports.filter((s) => s !== gone);
        this._touched = new Set();
        this._typed = new Set();
        focus = '[data-action="add-member"]';
        break;
      }
      case 'add-income':
        (h.members[i].incomes ||= []).push({ kind: 'wage', amount: '', period: 'month' });
        focus = `[data-path="members[${i}].incomes[${h.members[i].incomes.length - 1}].kind"]`;
        break;
      case 'add-deduction':
        (h.members[i].deductions ||= []).push({ kind: 'social_insurance', amount: '', period: 'month' });
        focus = `[data-path="members[${i}].deductions[${h.members[i].deductions.length - 1}].kind"]`;
        break;
      case 'add-vehicle':
        ((h.assets ||= {}).vehicles ||= []).push({ kind: 'car', value: '' });
        focus = `[data-path="assets.vehicles[${h.assets.vehicles.length - 1}].kind"]`;
        break;
      case 'add-obligor': {
        const self = h.members.find((m) => m.relation === 'self') || h.members[0];
        (h.obligors ||= []).push({ id: `O${h.obligors.length + 1}`, supports: self ? [self.id] : [], household_size: 3, household_income: '', sharing: 1, actual_payment: '' });
        focus = `[data-path="obligors[${h.obligors.length - 1}].household_income"]`;
        break;
      }
      case 'remove-row': {
        const ts = tokens(btn.dataset.path);
        const idx = ts.pop();
        const list = getPath(h, ts.reduce((s, t) => (typeof t === 'number' ? `${s}[${t}]` : s ? `${s}.${t}` : t), ''));
        list.splice(idx, 1);
        if (list.length === 0 && ts[ts.length - 1] === 'vehicles') delete h.assets.vehicles;
        if (list.length === 0 && ts[0] === 'obligors' && ts.length === 1) delete h.obligors;
        this._touched = new Set([...this._touched].filter((p) => !p.startsWith(btn.dataset.path.replace(/\[\d+\]$/, ''))));
        focus = `[data-action="add-${ts[ts.length - 1] === 'incomes' ? 'income' : ts[ts.length - 1] === 'deductions' ? 'deduction' : ts[ts.length - 1] === 'vehicles' ? 'vehicle' : 'obligor'}"]`;
        break;
      }
      case 'print': {
        const trace = this.shadowRoot.querySelector('details.trace');
        if (trace) trace.open = true;
        window.print();
        return;
      }
      case 'share':
        this._share();
        return;
      case 'save':
        try {
          // What the form shows (as the share link carries it), not the engine's
          // input: a quick estimate comes back as one, with nobody invented.
          window.localStorage.setItem(STORE_KEY, JSON.stringify({ fragment: this._shareUrl().split('#')[1] }));
          this._say(this._t('saved'));
        } catch {
          // Storage refused (private mode): say nothing was stored.
        }
        this._renderStored();
        return;
      case 'restore':
        try {
          const saved = JSON.parse(window.localStorage.getItem(STORE_KEY));
          if (saved && typeof saved.fragment === 'string') {
            const f = fragment(`#${saved.fragment}`);
            if (f.lang && f.lang !== this._lang) this.setAttribute('lang', f.lang);
            this._fromFragment(f);
            this._renderForm();
            this._compute();
          } else {
            this.household = saved; // saved by an earlier version: a household
          }
        } catch {
          // A damaged entry: ignore it.
        }
        return;
      case 'forget':
        try {
          window.localStorage.removeItem(STORE_KEY);
        } catch {
          // Nothing stored.
        }
        this._renderStored();
        this._say(this._t('forgotten'));
        return;
      default:
        return;
    }
    this._renderForm(focus);
    this._compute();
  }

  _say(text, extra = '') {
    this.shadowRoot.querySelector('.msg').innerHTML = `${esc(text)}${extra}`;
  }

  /** The share link: language, region and the case, all after the `#`. */
  _shareUrl() {
    const base = window.location.href.split('#')[0];
    const parts = [`lang=${this._lang}`, `region=${encodeURIComponent(this._region === CUSTOM ? 'CN' : this._region)}`];
    if (this._place && this._region === CUSTOM) parts.push(`place=${encodeURIComponent(this._place)}`);
    if (this._mode === 'quick') {
      parts.push(`date=${encodeURIComponent(this._date)}`);
      const std = normMoney(this._standard);
      if (std && this._standardField() !== 'none') parts.push(`std=${encodeURIComponent(std)}`);
      parts.push(`people=${encodeURIComponent(normInt(this._quick.people))}`);
      parts.push(`income=${this._quick.none ? 'none' : encodeURIComponent(normMoney(this._quick.income))}`);
    } else {
      parts.push(`${FRAGMENT_KEY}${encodeCase(this._build())}`);
    }
    return `${base}#${parts.join('&')}`;
  }

  _share() {
    const link = this._shareUrl();
    this._shareLink = link;
    this._say(this._t('shareReady'), `<input type="text" class="share-link" readonly value="${esc(link)}" aria-label="${esc(this._t('share'))}">`);
    const field = this.shadowRoot.querySelector('.share-link');
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(() => {
        const msg = this.shadowRoot.querySelector('.msg');
        msg.insertAdjacentText('afterbegin', `${this._t('shareCopied')} `);
      }, () => {});
    }
  }

  /** The last share link made (for tests and the embedding page). */
  get shareLink() {
    return this._shareLink || null;
  }

  // ------------------------------------------------------------ results

  /** What the page itself knows is missing or wrong, before the engine. */
  _pageProblems() {
    const out = [];
    if (this._standardField() === 'required' && normMoney(this._standard) === '') out.push({ field: 'policy.standard', code: 'standard_unknown' });
    if (this._mode === 'quick') {
      const p = this._quickPeople();
      if (p.missing) out.push({ field: 'quick.people', code: 'missing_field' });
      if (p.invalid) out.push({ field: 'quick.people', code: 'out_of_range' });
      if (!this._quick.none && normMoney(this._quick.income) === '') out.push({ field: 'quick.income', code: 'income_missing' });
    } else if (!this._noIncome && !this._hasIncomeRows()) {
      out.push({ field: 'noIncome', code: 'income_missing' });
    }
    return out;
  }

  _compute() {
    // The detailed form assesses once it is there (its module loads first).
    if (this._mode === 'detail' && !detail) return;
    // The region's pack is fetched first (once), then the form assesses.
    const code = this._region === CUSTOM ? 'CN' : this._region;
    if (!regionReady(code)) {
      this._state = 'pending';
      ensureRegion(code).then(() => {
        // Only if the region is still the one waited for (else its own fetch follows).
        const now = this._region === CUSTOM ? 'CN' : this._region;
        if (now === code && regionReady(code)) this._compute();
      }, (e) => this.dispatchEvent(new CustomEvent('dibao-error', { detail: { errors: [{ code: 'region_data_unavailable', field: 'region', message: String(e) }] }, bubbles: true, composed: true })));
      return;
    }
    const page = this._pageProblems();
    // The quick form cannot make a household without a valid number of people.
    const blocked = this._mode === 'quick' && page.some((p) => p.field === 'quick.people');
    const household = blocked ? null : this._build();
    const out = household ? assess(household) : null;
    if (out && isErrors(out) && !this._forceStandard && out.errors.some((e) => e.code === 'standard_unknown')
      && !this.shadowRoot.querySelector('[data-path="policy.standard"]')) {
      // The engine knows no standard here: the field appears.
      this._forceStandard = true;
      this._renderForm();
    }
    // Each engine error is tied to the visible field it is about.
    const engineProblems = out && isErrors(out) ? out.errors.map((e) => {
      let field = e.field;
      if (this._mode === 'quick' && /^members/.test(field)) field = field.includes('incomes') ? 'quick.income' : 'quick.people';
      const ctl = e.code === 'unknown_field' ? null : this._controlFor(field, e.code);
      return { field: ctl ? ctl.dataset.path : field, code: e.code };
    }) : [];
    const seen = new Set();
    const problems = [...page, ...engineProblems].filter((p) => {
      const key = `${p.field}|${p.code === 'income_missing' ? p.code : ''}`;
      if (seen.has(p.field) || seen.has(key)) return false;
      seen.add(p.field);
      return true;
    });
    if (problems.length === 0 && out && !isErrors(out)) {
      this._result = out;
      this._state = 'result';
      this._showResult(out, household);
      this.dispatchEvent(new CustomEvent('dibao-result', { detail: out, bubbles: true, composed: true }));
      return;
    }
    for (const p of problems) p.shown = this._isShown(p);
    const shown = problems.filter((p) => p.shown);
    const todo = problems.filter((p) => !p.shown);
    this._state = shown.length ? 'errors' : 'pending';
    this._showProblems(shown, todo);
    if (out && isErrors(out)) {
      this._result = out;
      this.dispatchEvent(new CustomEvent('dibao-error', { detail: out, bubbles: true, composed: true }));
    } else if (shown.length) {
      // Only the page's own fields are wrong (the engine never saw them).
      this._result = { errors: shown.map((p) => ({ code: p.code, field: p.field, zh: this._problemText(p, 'zh'), en: this._problemText(p, 'en') })) };
      this.dispatchEvent(new CustomEvent('dibao-error', { detail: this._result, bubbles: true, composed: true }));
    } else {
      this._result = null;
    }
  }

  /** A problem is shown as an error once its field was touched or holds something; before, it is a to-do. */
  _isShown(p) {
    if (p.code === 'income_missing') return false;
    const el = this._controlFor(p.field, p.code);
    if (!el) return true;
    if (this._touched.has(el.dataset.path)) return true;
    return el.value !== undefined && String(el.value).trim() !== '' && el.type !== 'checkbox' && el.tagName !== 'SELECT';
  }

  _controlFor(path, code) {
    if (!path) return null;
    const root = this.shadowRoot;
    if (code === 'age_or_birth_date' && /^members\[\d+\]$/.test(path)) {
      return root.querySelector(`[data-path="${CSS.escape(`${path}.age`)}"], [data-path="${CSS.escape(`${path}.birth_date`)}"]`);
    }
    const exact = root.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (exact) return exact;
    if (this._mode === 'quick' && path.startsWith('members')) {
      return root.querySelector(path.includes('incomes') ? '[data-path="quick.income"]' : '[data-path="quick.people"]');
    }
    // The nearest enclosing field that has a control.
    const ts = path.split('.');
    while (ts.length > 1) {
      ts.pop();
      const el = root.querySelector(`[data-path^="${CSS.escape(ts.join('.'))}"]`);
      if (el) return el;
    }
    return null;
  }

  /** The visible name of the field at `path`, in words ("第2位家庭成员的年龄"). */
  _fieldName(path, lang = this._lang) {
    const t = (k, ...a) => {
      const v = (STRINGS[lang] || STRINGS.zh)[k] ?? STRINGS.zh[k];
      return typeof v === 'function' ? v(...a) : v;
    };
    const leaf = (k) => {
      const map = { age: 'age', relation: 'f_relation', sex: 'sex', status: 'status', kind: 'f_kind', amount: 'f_amount', period: 'f_period', value: 'f_value', id: 'f_id', birth_date: 'f_birth_date', grade: 'f_grade', household_size: 'f_household_size', household_income: 'f_household_income', sharing: 'f_sharing', actual_payment: 'f_actual_payment', supports: 'f_supports', supports_total: 'f_supports_total' };
      const s = String(t(map[k] || k) ?? k);
      return lang === 'en' ? s.replace(/\s*\(.*\)$/, '').toLowerCase() : s.replace(/（.*）$/, '');
    };
    let m = path.match(/^members\[(\d+)\](?:\.(incomes|deductions)\[(\d+)\])?(?:\.(?:disability\.)?(\w+))?$/);
    if (m) {
      const member = t('memberN', Number(m[1]) + 1);
      if (!m[4]) return lang === 'en' ? `${member[0].toUpperCase()}${member.slice(1)}` : member;
      const owner = m[2] ? (lang === 'en' ? `${t(m[2] === 'incomes' ? 'incomeN' : 'deductionN', Number(m[3]) + 1)} of ${member}` : `${member}的${t(m[2] === 'incomes' ? 'incomeN' : 'deductionN', Number(m[3]) + 1)}`) : member;
      return t('of', owner, leaf(m[4] === 'grade' ? 'grade' : m[4]));
    }
    m = path.match(/^assets\.vehicles\[(\d+)\]\.(\w+)$/);
    if (m) return t('of', t('vehicleN', Number(m[1]) + 1), leaf(m[2] === 'value' ? 'value' : m[2]));
    m = path.match(/^obligors\[(\d+)\](?:\.(\w+))?$/);
    if (m) return m[2] ? t('of', t('obligorN', Number(m[1]) + 1), leaf(m[2])) : t('obligorN', Number(m[1]) + 1);
    m = path.match(/^(?:assets|current)\.(\w+)$/);
    if (m && STRINGS.zh[m[1]]) return t(m[1]);
    const fixed = {
      region: 'region', date: 'date', 'policy.standard': 'f_standard', 'quick.people': 'people', 'quick.income': 'income',
      noIncome: 'f_income', members: 'f_members', 'current.monthly_amount': 'f_monthly_amount', 'current.employment_since': 'f_employment_since',
      params: 'paramsFile',
    };
    return String(t(fixed[path] || 'f_household')).replace(/（[^）]*）$/, '').replace(/\s*\([^)]*\)$/, '');
  }

  /** What to type, for the problem `p` (by the kind of field, then the engine's code). */
  _advice(p, lang = this._lang) {
    const a = (k) => (STRINGS[lang] || STRINGS.zh)[`a_${k}`] ?? STRINGS.zh[`a_${k}`];
    const f = p.field || '';
    const c = p.code;
    if (c === 'income_missing') return f === 'quick.income' ? a('income') : a('incomeDetail');
    if (c === 'standard_unknown' || f === 'policy.standard') return a('standard');
    if (c === 'unknown_region' || f === 'region') return a('region');
    if (c === 'no_applicant' || c === 'multiple_applicants') return a('applicant');
    if (c === 'unknown_member' || /\.supports\b/.test(f)) return a('supports');
    if (c === 'duplicate_id') return a('duplicate');
    if (c === 'born_after_date') return a('born');
    if (f === 'quick.people') return a('people');
    if (c === 'age_or_birth_date' || /\.age$/.test(f)) return a('age');
    if (/(^date|birth_date|_since)$/.test(f)) return a('date');
    if (/\.(household_size|sharing|supports_total)$/.test(f)) return a('int1');
    if (/^assets\.(homes|businesses|non_residential)$/.test(f)) return a('int');
    if (/home_area$/.test(f)) return a('floor');
    if (/\.(amount|value|household_income|actual_payment|monthly_amount)$|^assets\.\w+$|^quick\.income$/.test(f)) {
      const el = this._controlFor(f, c);
      const empty = !el || String(el.value ?? '').trim() === '';
      if (empty) return /incomes\[\d+\]\.amount$/.test(f) ? a('incomeMissing') : a('moneyMissing');
      return a('money');
    }
    if (/\.(kind|period|relation|sex|status|grade)$/.test(f)) return a('select');
    if (!this._controlFor(f, c)) return a('unknown');
    return a('other');
  }

  _problemText(p, lang) {
    return `${this._fieldName(p.field, lang)}：${this._advice(p, lang)}`.replace('：', lang === 'en' ? ': ' : '：');
  }

  /** Sets `innerHTML` only when it changes (a click in the old markup is not lost, nothing is re-announced). */
  _put(sel, html) {
    const el = this.shadowRoot.querySelector(sel);
    if (el && el._html !== html) {
      el.innerHTML = html;
      el._html = html;
    }
  }

  _problemItem(p, action) {
    const ctl = this._controlFor(p.field, p.code);
    const path = ctl ? ctl.dataset.path : '';
    return `<li><strong>${esc(this._fieldName(p.field))}</strong>${this._lang === 'en' ? ': ' : '：'}${esc(this._advice(p))}${path ? ` <button type="button" class="link" data-focus="${esc(path)}">${esc(this._t(action))}</button>` : ''}</li>`;
  }

  _showProblems(shown, todo) {
    const parts = [];
    if (shown.length) parts.push(`<div class="errors"><p class="outcome outcome-error">${esc(this._t('errorsTitle'))}</p><ul>${shown.map((p) => this._problemItem(p, 'fix')).join('')}</ul></div>`);
    if (todo.length) parts.push(`<div class="todo"><p>${esc(this._t('todoTitle'))}</p><ul>${todo.map((p) => this._problemItem(p, 'fill')).join('')}</ul></div>`);
    this._put('.live', parts.join(''));
    this._put('.details', '');
    this._put('.print-head', '');
    // On phones the bar near the input says what is left to do.
    this._put('.mini', `<span class="mini-outcome${shown.length ? ' outcome-error' : ''}">${esc(shown.length ? this._t('miniErrors', shown.length) : this._t('miniTodo', todo.length))}</span>
      <button type="button" class="link" data-action="to-result">${esc(this._t('miniSee'))}</button>`);
    this.shadowRoot.querySelector('.mini').hidden = shown.length + todo.length === 0;
    this._markInvalid(shown);
  }

  _markInvalid(problems) {
    const root = this.shadowRoot;
    for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const p of problems) {
      const el = this._controlFor(p.field, p.code);
      if (el) el.setAttribute('aria-invalid', 'true');
    }
  }

  _memberLabel(id, household) {
    const members = need(household, 'members');
    const k = members.findIndex((x) => x.id === id);
    if (k < 0) return id;
    const m = members[k];
    const rel = label(detail.RELATIONS, m.relation, this._lang);
    const age = m.age !== undefined ? (this._lang === 'en' ? `, ${m.age}` : `，${m.age}岁`) : '';
    const who = this._t('memberN', k + 1);
    return this._lang === 'en' ? `${id}: ${who} (${rel}${age})` : `${id}：${who}（${rel}${age}）`;
  }

  _showResult(r, household) {
    const root = this.shadowRoot;
    const t = (k, ...a) => this._t(k, ...a);
    const o = need(r, 'outcome');
    const monthly = need(r, 'monthly_amount');
    const std = need(r, 'standard');
    const params = need(r, 'parameters');
    const warnings = need(r, 'warnings');
    const reasons = need(r, 'reasons');
    const own = need(params, 'overridden').includes('standard');
    const stale = warnings.some((w) => need(w, 'code') === 'parameters_may_be_outdated');
    const where = this._regionInfo();
    const basis = own ? t('ownStandardNote', std) : stale ? t('estimateNote', std) : '';
    // Long past the data's confirmed date: headed as an estimate on the last known standard.
    const head = !own && stale && where.longStale && where.version ? t('estimateHead', where.version.from.slice(0, 4)) : '';
    const quick = this._mode === 'quick';
    const outcomeText = t('outcome')[o] || o;
    this._put('.live', `
      ${head ? `<p class="estimate-head"><strong>${esc(head)}</strong></p>` : ''}
      <p class="outcome outcome-${esc(o)}">${esc(outcomeText)}</p>
      <p class="amount"><span>${esc(t('monthly'))}</span> <strong class="monthly">${esc(monthly)}</strong> ${esc(t('yuan'))}</p>
      <ul class="why">${reasons.map((x) => `<li data-code="${esc(need(x, 'code'))}">${this._rich(this._txt(x))}${this._cite(need(x, 'citation'))}</li>`).join('')}</ul>
      ${basis ? `<p class="basis">${esc(basis)}${head ? ` ${esc(t('verifyPrompt'))}` : ''}</p>` : ''}`);
    this._markInvalid([]);
    const mini = root.querySelector('.mini');
    this._put('.mini', `<span class="mini-outcome outcome-${esc(o)}">${esc(outcomeText)}</span>
      <span class="mini-amount"><strong>${esc(monthly)}</strong> ${esc(t('yuan'))}</span>
      <button type="button" class="link" data-action="to-result">${esc(t('resultBar'))}</button>`);
    mini.hidden = false;

    const parts = [];
    if (warnings.length) {
      const plain = (w) => {
        if (need(w, 'code') !== 'region_fallback') return this._rich(this._txt(w));
        const info = this._regionInfo();
        const asked = params.requested_region || this._region;
        const up = this._regions.find((x) => x.code === need(params, 'region'));
        return esc(t('regionFallback', this._nameOf(asked), up ? this._regionName(up) : info.region ? this._regionName(info.region) : need(params, 'region')));
      };
      parts.push(`<div class="warnings" role="note"><h4>${esc(t('warnings'))}</h4><ul>${warnings.map((w) => `<li data-code="${esc(need(w, 'code'))}">${plain(w)}</li>`).join('')}</ul></div>`);
    }
    const edge = need(r, 'edge_line');
    parts.push(`<dl class="figures">
      <div><dt>${esc(t('householdIncome'))}</dt><dd>${esc(need(r, 'household_income'))} ${esc(t('yuan'))}</dd></div>
      <div><dt>${esc(t('perCapita'))}</dt><dd>${esc(need(r, 'per_capita_income'))} ${esc(t('yuan'))}</dd></div>
      <div><dt>${esc(t('standard'))}</dt><dd>${esc(std)} ${esc(t('yuan'))}</dd></div>
      ${Number(edge) > 0 ? `<div><dt>${esc(t('edgeLine'))}</dt><dd>${esc(edge)} ${esc(t('yuan'))}</dd></div>` : ''}
    </dl>`);
    // 特困 referrals: a member who may qualify ("可能符合"); the township decides.
    const referrals = need(r, 'referrals');
    if (referrals.length) {
      parts.push(`<div class="referrals" role="note"><h4>${esc(t('referrals'))}</h4><ul>${referrals.map((x) =>
        `<li data-member="${esc(need(x, 'member'))}">${quick ? '' : `${esc(this._memberLabel(need(x, 'member'), household))}${this._lang === 'en' ? ': ' : '：'}`}${this._rich(this._txt(x))}${this._cite(need(x, 'citation'))}</li>`).join('')}</ul></div>`);
    }
    // Each legal test with its state: ✓ met, ✗ not met, ? not assessed (the
    // marks are hidden from screen readers, which read the word beside them).
    const marks = { true: '✓', false: '✗', null: '?' };
    parts.push(`<div class="conditions"><h4>${esc(t('conditions'))}</h4><ul>${need(r, 'conditions').map((c) => {
      const met = String(need(c, 'met'));
      return `<li data-code="${esc(need(c, 'code'))}" data-met="${met}"><span class="mark" aria-hidden="true">${marks[met]}</span><span><strong>${esc(t('met')[met])}</strong>${this._lang === 'en' ? ': ' : '：'}${this._rich(this._txt(c))}${this._cite(need(c, 'citation'))}</span></li>`;
    }).join('')}</ul></div>`);
    if (detail) parts.push(detail.propertyCheckHtml(this, r));
    // Members: in the quick estimate only the number the resident gave.
    const size = need(r, 'household_size');
    const excludedList = need(r, 'excluded_members');
    if (quick) {
      parts.push(`<div class="members-out"><p>${esc(t('quickCounted', size))}</p></div>`);
    } else {
      // The members counted (as the heading says), not only those paid: an
      // edge household counts its members and pays none of them.
      const covered = need(r, 'counted_members').map((m) => `<li>${esc(this._memberLabel(need(m, 'id'), household))}</li>`).join('');
      const excluded = excludedList.map((x) =>
        `<li>${esc(this._memberLabel(need(x, 'id'), household))}${this._lang === 'en' ? ': ' : '：'}${this._rich(this._txt(x))}${this._cite(need(x, 'citation'))}</li>`).join('');
      parts.push(`<div class="members-out"><h4>${esc(t('counted'))} (${esc(size)})</h4><ul>${covered || `<li>${esc(t('none'))}</li>`}</ul>
        ${excluded ? `<h4>${esc(t('notCounted'))}</h4><ul>${excluded}</ul>` : ''}</div>`);
    }
    const sups = need(r, 'supplements');
    if (sups.length) {
      parts.push(`<div><h4>${esc(t('supplements'))}</h4><ul>${sups.map((s) =>
        `<li>${quick ? '' : `${esc(this._memberLabel(need(s, 'member'), household))}${this._lang === 'en' ? ': ' : '：'}`}${this._rich(this._txt(s))} <strong>${esc(need(s, 'amount'))}</strong> ${esc(t('yuan'))}</li>`).join('')}</ul></div>`);
    }
    // Local payments that are not 低保金 (e.g. a disability subsidy): beside the amount, never in it.
    const separate = need(r, 'separate_subsidies');
    if (separate.length) {
      parts.push(`<div class="separate"><h4>${esc(t('separateSubsidies'))}</h4><ul>${separate.map((s) =>
        `<li>${quick ? '' : `${esc(this._memberLabel(need(s, 'member'), household))}${this._lang === 'en' ? ': ' : '：'}`}${esc(this._txt(s))} <strong>${esc(need(s, 'amount'))}</strong> ${esc(t('yuan'))}</li>`).join('')}</ul></div>`);
    }
    if (r.verification !== undefined) {
      parts.push(`<div><h4>${esc(t('verification'))}</h4><p>${this._rich(this._txt(r.verification))}</p></div>`);
    }
    // Chart, drawn at the width it is shown, with its plain-text summary.
    parts.push('<figure class="chart-box"></figure>');
    // Trace: the explanation, step by step, each with its rule.
    const trace = need(r, 'trace');
    if (trace.length) {
      parts.push(`<details class="trace"${this._traceOpen ? ' open' : ''}><summary><h4>${esc(t('steps'))}</h4></summary><table><thead><tr><th scope="col">#</th><th scope="col">${esc(t('explanation'))}</th><th scope="col">${esc(t('value'))}</th><th scope="col">${esc(t('citation'))}</th></tr></thead><tbody>
        ${trace.map((s, k) => `<tr data-step="${esc(need(s, 'step'))}"><td>${k + 1}</td><td>${this._rich(this._txt(s))}</td><td class="num">${esc(s.value ?? '')}</td><td>${this._cite(need(s, 'citation'))}</td></tr>`).join('')}
      </tbody></table></details>`);
    }
    // Parameters.
    const name = this._lang === 'en' ? need(params, 'name_en') : need(params, 'name');
    const from = need(params, 'from');
    const through = need(params, 'confirmed_through');
    const source = need(params, 'source');
    const shownName = this._region === CUSTOM ? this._placeText(std) : name;
    parts.push(`<div class="params"><h4>${esc(t('parameters'))}</h4><p>${esc(t('paramsLine', shownName, from === null ? '—' : from, through))}</p>${source ? `<p class="source">${esc(t('source'))}${this._lang === 'en' ? ': ' : '：'}${this._rich(source)}</p>` : ''}</div>`);
    const pays = ['dibao', 'dibao_individual', 'gradual_exit'].includes(o);
    const next = pays ? t('nextDibao') : o === 'edge' ? t('nextEdge') : t('nextIneligible');
    parts.push(`<div class="next"><h4>${esc(t('nextSteps'))}</h4><p>${this._rich(next)}</p><p class="hint">${this._rich(t('disclaimer'))}</p><p class="engine">${esc(need(r, 'engine'))}</p></div>`);
    this._put('.details', parts.join(''));
    const details = root.querySelector('details.trace');
    if (details) details.addEventListener('toggle', () => { this._traceOpen = details.open; });
    this._chart = { r, household };
    this._chartWidth = 0;
    this._redrawChart();

    // The print header of the 核算表: the case as entered.
    let caseRows;
    if (quick) {
      caseRows = `<p>${esc(t('peopleLine', this._quickPeople().n))}　${esc(t('incomeLine', this._quick.none ? t('noIncome') : `${normMoney(this._quick.income)} ${t('yuan')}`))}</p>`;
    } else {
      const rows = need(household, 'members').map((m, k) => {
        const inc = (m.incomes || []).map((x) => `${label(detail.INCOME_KINDS, x.kind, this._lang)} ${x.amount}${x.period === 'year' ? `/${t('year')}` : ''}`).join('；');
        return `<tr><td>${esc(t('memberN', k + 1))}（${esc(m.id)}）</td><td>${esc(label(detail.RELATIONS, m.relation, this._lang))}</td><td>${esc(m.age ?? m.birth_date ?? '')}</td><td>${esc(inc)}</td></tr>`;
      }).join('');
      caseRows = `<table><thead><tr><th>${esc(t('member_id'))}</th><th>${esc(t('relation'))}</th><th>${esc(t('age'))}</th><th>${esc(t('incomes'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
    }
    const info = this._regionInfo();
    const regionText = this._region === CUSTOM ? this._placeText(std)
      : `${info.region ? this._regionName(info.region) : this._region}${own ? `（${t('ownStandardNote', std)}）` : ''}`;
    this._put('.print-head', `<h2>${esc(t('print_title'))}</h2>
      <p>${esc(t('region'))}${this._lang === 'en' ? ': ' : '：'}${esc(regionText)}　${esc(t('date'))}${this._lang === 'en' ? ': ' : '：'}${esc(need(household, 'date'))}</p>${caseRows}`);
  }

  /** The place as the resident entered it, for a city not listed. */
  _placeText(std) {
    const place = this._place.trim() || this._t('regionCustomShort');
    return `${place}（${this._t('placeStd', std)}）`.replace(/（(.*)）$/, this._lang === 'en' ? ' ($1)' : '（$1）');
  }

  /** Draws the chart at the width of its box (again when that width changes). */
  _redrawChart() {
    const box = this.shadowRoot && this.shadowRoot.querySelector('figure.chart-box');
    if (!box || !this._chart) return;
    if (!chart) {
      // After the result is shown and announced: the chart follows it.
      if (!this._chartLoading) {
        this._chartLoading = true;
        setTimeout(() => import('./chart.js').then((m) => {
          chart = m;
          this._chartWidth = 0;
          this._redrawChart();
        }), 0);
      }
      return;
    }
    const { sweep, draw, fen, yuan } = chart;
    const width = box.clientWidth || 640;
    if (Math.abs(width - this._chartWidth) < 24) return;
    this._chartWidth = width;
    const { r, household } = this._chart;
    const swept = this._swept && this._swept.r === r ? this._swept.s : sweep((h, opts) => assess(h, opts), household, r);
    this._swept = { r, s: swept };
    if (!swept || swept.points.length < 2) {
      box.innerHTML = '';
      return;
    }
    const t = (k, ...a) => this._t(k, ...a);
    const here = { x: fen(need(r, 'household_income')), y: fen(need(r, 'monthly_amount')) };
    const endText = swept.end !== null ? yuan(swept.end) : '';
    const desc = t('chartDesc', r.household_income, r.monthly_amount, endText);
    box.innerHTML = `${draw(swept, here, {
      title: t('chartTitle'), desc, x: t('chartX'), y: t('chartY'), you: t('chartYou'), end: t('chartEnd'),
    }, width)}<figcaption class="chart-summary">${esc(desc)}</figcaption>`;
  }
}

if (!customElements.get('dibao-calculator')) customElements.define('dibao-calculator', DibaoCalculator);

// <dibao-calculator>: the resident's 低保 calculator as a custom element
// (SPEC §7). Attributes `region` (GB/T 2260 code) and `lang` (`zh` default,
// `en`); the `household` property takes or gives a SPEC §4 object; every
// assessment dispatches `dibao-result` (detail: the §5 object) or, for invalid
// input, `dibao-error` (detail: the §5 errors object). Styles live in the
// shadow root (dibao-calculator.css). Nothing leaves the browser; nothing is
// stored unless the user presses "save".

import { assess, regions as listRegions, loadParams, isErrors } from './dibao.js';
import {
  STRINGS, RELATIONS, INCOME_KINDS, DEDUCTION_KINDS, DISABILITY_KINDS, STATUSES, VEHICLE_KINDS, label,
} from './i18n.js';
import { sweep, draw, fen, yuan } from './chart.js';

const CSS_URL = new URL('./dibao-calculator.css', import.meta.url).href;
const STORE_KEY = 'dibao-calculator:case';
const FRAGMENT_KEY = 'dibao=';
const CUSTOM = '__custom';
const ASSET_MONEY = ['deposits', 'securities', 'insurance', 'claims', 'other_financial'];

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
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

export class DibaoCalculator extends HTMLElement {
  static observedAttributes = ['region', 'lang'];

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.addEventListener('input', (e) => this._onInput(e));
    root.addEventListener('change', (e) => this._onChange(e));
    root.addEventListener('click', (e) => this._onClick(e));
    this._regions = [];
    this._region = '';
    this._standard = '';
    this._date = today();
    this._mode = 'quick';
    this._quick = { people: '1', income: '' };
    this._h = { members: [] };
    this._result = null;
    this._msg = '';
    this._paramsFile = '';
  }

  connectedCallback() {
    if (this._started) return;
    this._started = true;
    this._regions = listRegions().filter((r) => r.code !== 'CN');
    const wanted = this.getAttribute('region');
    this._region = wanted || (this._regions[0] ? this._regions[0].code : CUSTOM);
    this._renderShell();
    const shared = this._fromFragment();
    if (shared) this._load(shared);
    this._renderForm();
    this._compute();
    this._onHash = () => {
      const h = this._fromFragment();
      if (h) this.household = h;
    };
    window.addEventListener('hashchange', this._onHash);
  }

  disconnectedCallback() {
    if (this._onHash) window.removeEventListener('hashchange', this._onHash);
    this._started = false;
  }

  attributeChangedCallback(name, old, value) {
    if (!this._started || old === value) return;
    if (name === 'lang') {
      this._renderShell();
      this._renderForm();
      this._compute();
    } else if (name === 'region') {
      this._region = value || CUSTOM;
      this._renderForm();
      this._compute();
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

  /** The last §5 result (or errors object). */
  get result() {
    return this._result;
  }

  get _lang() {
    return this.getAttribute('lang') === 'en' ? 'en' : 'zh';
  }

  _t(key, ...args) {
    const v = STRINGS[this._lang][key] ?? STRINGS.zh[key];
    return typeof v === 'function' ? v(...args) : v;
  }

  _txt(o) {
    if (o === null || o === undefined) return '';
    if (typeof o === 'string') return o;
    return (this._lang === 'en' ? o.en : o.zh) ?? o.zh ?? o.en ?? '';
  }

  // ------------------------------------------------------------ state

  _fromFragment() {
    const hash = window.location.hash.slice(1);
    const part = hash.split('&').find((p) => p.startsWith(FRAGMENT_KEY));
    if (!part) return null;
    try {
      return decodeCase(part.slice(FRAGMENT_KEY.length));
    } catch {
      return null;
    }
  }

  _load(input) {
    const h = structuredClone(input || {});
    this._date = typeof h.date === 'string' ? h.date : today();
    const policy = h.policy && typeof h.policy === 'object' ? h.policy : null;
    if (h.region && h.region !== 'CN') {
      this._region = String(h.region);
    } else {
      this._region = CUSTOM;
      this._standard = policy && policy.standard !== undefined ? String(policy.standard) : '';
      if (policy) delete policy.standard;
    }
    if (policy && Object.keys(policy).length === 0) delete h.policy;
    delete h.date;
    delete h.region;
    if (!Array.isArray(h.members)) h.members = [];
    this._h = h;
    this._mode = 'detail';
  }

  _quickHousehold() {
    const n = Math.min(50, Math.max(1, parseInt(this._quick.people, 10) || 1));
    const members = [{ id: 'A', relation: 'self', age: 40 }];
    for (let i = 1; i < n; i++) {
      members.push(i === 1 ? { id: 'B', relation: 'spouse', age: 40 } : { id: nextId(members), relation: 'child', age: 10 });
    }
    const income = this._quick.income.trim();
    if (income !== '') members[0].incomes = [{ kind: 'other', amount: income, period: 'month' }];
    return { members };
  }

  /** The §4 object for what the form shows. */
  _build() {
    const h = this._mode === 'quick' ? this._quickHousehold() : structuredClone(this._h);
    const out = {};
    if (h.case_id !== undefined) out.case_id = h.case_id;
    if (this._region === CUSTOM) {
      out.region = 'CN';
      if (this._standard.trim() !== '') h.policy = { ...(h.policy || {}), standard: this._standard.trim() };
    } else {
      out.region = this._region;
    }
    out.date = this._date;
    Object.assign(out, h);
    for (const m of out.members || []) {
      for (const list of [m.incomes, m.deductions]) {
        for (const row of list || []) if (row.amount === '') row.amount = '0';
      }
    }
    if (out.assets) {
      for (const k of Object.keys(out.assets)) if (out.assets[k] === '') delete out.assets[k];
      for (const v of out.assets.vehicles || []) if (v.value === '') v.value = '0';
      if (Object.keys(out.assets).length === 0) delete out.assets;
    }
    for (const o of out.obligors || []) for (const k of Object.keys(o)) if (o[k] === '') delete o[k];
    if (out.current) for (const k of Object.keys(out.current)) if (out.current[k] === '') delete out.current[k];
    return out;
  }

  // ------------------------------------------------------------ rendering

  _renderShell() {
    const lang = this._lang;
    this.shadowRoot.innerHTML = `
      <link rel="stylesheet" href="${esc(CSS_URL)}">
      <div class="calc" lang="${lang === 'en' ? 'en' : 'zh-CN'}">
        <header class="head">
          <div>
            <h2 class="title">${esc(this._t('title'))}</h2>
            <p class="subtitle">${esc(this._t('subtitle'))}</p>
          </div>
          <button type="button" class="lang" data-action="lang" lang="${lang === 'en' ? 'zh-CN' : 'en'}"
            aria-label="${esc(this._t('switchLangLabel'))}">${esc(this._t('switchLang'))}</button>
        </header>
        <div class="print-head" aria-hidden="true"></div>
        <div class="layout">
          <form class="form" novalidate></form>
          <section class="result" aria-labelledby="result-title">
            <h3 id="result-title">${esc(this._t('result'))}</h3>
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

  _standardOf(region) {
    const versions = (region.versions || []).filter((v) => v.from <= this._date);
    const v = versions[versions.length - 1] || (region.versions || [])[0];
    return v ? v : null;
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
      const v = this._standardOf(r);
      const std = v ? ` — ${this._t('standardShort')} ${v.standard} ${this._t('perMonth')}` : '';
      return `<option value="${esc(r.code)}"${r.code === this._region ? ' selected' : ''}>${esc(this._txt(r.name))}${esc(std)}</option>`;
    });
    if (!known && this._region !== CUSTOM) regionOptions.unshift(`<option value="${esc(this._region)}" selected>${esc(this._region)}</option>`);
    regionOptions.push(`<option value="${CUSTOM}"${this._region === CUSTOM ? ' selected' : ''}>${esc(this._t('regionCustom'))}</option>`);
    parts.push(`<fieldset class="sec"><legend>${esc(this._t('secWhere'))}</legend>`);
    parts.push(this._select('region', this._t('region'), regionOptions.join('')));
    if (this._region === CUSTOM) {
      parts.push(this._text('policy.standard', this._t('customStandard'), this._standard, 'money', this._t('customStandardHint')));
    }
    parts.push(this._date_('date', this._t('date'), this._date, this._t('dateHint')));
    parts.push(`<details class="adv"><summary>${esc(this._t('paramsFile'))}</summary>
      <p class="hint">${esc(this._t('paramsFileHint'))}</p>
      <input type="file" accept=".json,application/json" data-action="params" aria-label="${esc(this._t('paramsFile'))}">
      ${this._paramsFile ? `<p>${esc(this._t('paramsLoaded'))}${esc(this._paramsFile)}</p>` : ''}</details>`);
    parts.push('</fieldset>');

    if (this._mode === 'quick') {
      parts.push(`<fieldset class="sec"><legend>${esc(this._t('secQuick'))}</legend>`);
      parts.push(this._text('quick.people', this._t('people'), this._quick.people, 'int'));
      parts.push(this._text('quick.income', this._t('income'), this._quick.income, 'money', this._t('incomeHint'), ' placeholder="0"'));
      parts.push(`<button type="button" class="link" data-action="detail">${esc(this._t('toDetail'))}</button>`);
      parts.push('</fieldset>');
    } else {
      parts.push(this._membersHtml(lang));
      parts.push(this._assetsHtml(lang));
      parts.push(this._obligorsHtml());
      parts.push(this._currentHtml());
      parts.push(`<button type="button" class="link" data-action="quick">${esc(this._t('toQuick'))}</button>`);
    }
    form.innerHTML = parts.join('');
    if (focus) {
      const el = root.querySelector(focus);
      if (el) el.focus();
    }
  }

  _membersHtml(lang) {
    const h = this._h;
    const out = [`<fieldset class="sec"><legend>${esc(this._t('secMembers'))}</legend>`];
    h.members.forEach((m, i) => {
      const p = `members[${i}]`;
      const isSelf = m.relation === 'self';
      const title = `${this._t('member')} ${m.id ?? i + 1}${isSelf ? ` — ${this._t('applicant')}` : ''}`;
      out.push(`<fieldset class="member"><legend>${esc(title)}</legend><div class="grid">`);
      if (!isSelf) {
        const rel = Object.fromEntries(Object.entries(RELATIONS).filter(([k]) => k !== 'self'));
        out.push(this._select(`${p}.relation`, this._t('relation'), this._options(rel, m.relation)));
      }
      if (m.birth_date !== undefined && m.age === undefined) out.push(this._date_(`${p}.birth_date`, this._t('age'), m.birth_date));
      else out.push(this._text(`${p}.age`, this._t('age'), m.age, 'int'));
      out.push(this._select(`${p}.sex`, this._t('sex'),
        `<option value="">${esc(this._t('sexNone'))}</option>` + ['male', 'female'].map((s) => `<option value="${s}"${m.sex === s ? ' selected' : ''}>${esc(this._t(s))}</option>`).join('')));
      out.push('</div><div class="checks">');
      if (!isSelf) out.push(this._check(`${p}.cohabiting`, this._t('cohabiting'), m.cohabiting !== false, 'defaultTrue'));
      if (m.relation === 'other_relative') out.push(this._check(`${p}.support_obligation`, this._t('supportObligation'), m.support_obligation === true));
      out.push(this._check(`${p}.full_time_student`, this._t('student'), m.full_time_student === true));
      if (!isSelf && (m.age === undefined || Number(m.age) >= 18)) out.push(this._check(`${p}.independent`, this._t('dependent'), m.independent === false, 'notIndependent'));
      out.push(this._check(`${p}.serious_illness`, this._t('illness'), m.serious_illness === true));
      out.push('</div><div class="grid">');
      const d = m.disability || null;
      out.push(this._select(`${p}.disability.grade`, this._t('disability'),
        `<option value="">${esc(this._t('disabilityNone'))}</option>` + [1, 2, 3, 4].map((g) =>
          `<option value="${g}"${d && Number(d.grade) === g ? ' selected' : ''}>${lang === 'en' ? `${this._t('grade')} ${g}` : `${['一', '二', '三', '四'][g - 1]}${this._t('grade')}`}</option>`).join(''), 'grade'));
      if (d) out.push(this._select(`${p}.disability.kind`, this._t('disabilityKind'), this._options(DISABILITY_KINDS, d.kind)));
      out.push(this._select(`${p}.status`, this._t('status'), this._options(STATUSES, m.status, `<option value="">${esc(this._t('statusNone'))}</option>`)));
      out.push('</div>');
      out.push(`<details class="adv"${m.employed !== undefined || m.work_capacity !== undefined || m.caregiver !== undefined ? ' open' : ''}><summary>${esc(this._t('more'))}</summary><div class="checks">`);
      out.push(this._check(`${p}.employed`, this._t('employed'), m.employed === true));
      out.push(this._check(`${p}.work_capacity`, this._t('workCapacity'), m.work_capacity === true));
      out.push(this._check(`${p}.caregiver`, this._t('caregiver'), m.caregiver === true));
      out.push('</div></details>');
      out.push(this._rowsHtml(`${p}.incomes`, m.incomes || [], this._t('incomes'), INCOME_KINDS, this._t('incomeKind'), 'add-income', this._t('addIncome'), i));
      out.push(this._rowsHtml(`${p}.deductions`, m.deductions || [], this._t('deductions'), DEDUCTION_KINDS, this._t('deductionKind'), 'add-deduction', this._t('addDeduction'), i));
      if (!isSelf) out.push(`<button type="button" class="remove" data-action="remove-member" data-index="${i}">${esc(this._t('removeMember', m.id ?? i + 1))}</button>`);
      out.push('</fieldset>');
    });
    out.push(`<button type="button" data-action="add-member">${esc(this._t('addMember'))}</button></fieldset>`);
    return out.join('');
  }

  _rowsHtml(path, rows, title, kinds, kindLabel, addAction, addLabel, memberIndex) {
    const out = [`<div class="rows" role="group" aria-label="${esc(title)}"><h4>${esc(title)}</h4>`];
    rows.forEach((row, j) => {
      const rp = `${path}[${j}]`;
      const period = row.period ?? 'month';
      const keep = typeof period === 'object' ? `<option value="__keep" selected>${esc(this._t('monthsN', period.months))}</option>` : '';
      out.push('<div class="row">');
      out.push(this._select(`${rp}.kind`, kindLabel, this._options(kinds, row.kind)));
      out.push(this._text(`${rp}.amount`, this._t('amount'), row.amount, 'money'));
      out.push(this._select(`${rp}.period`, this._t('period'),
        keep + ['month', 'year'].map((v) => `<option value="${v}"${period === v ? ' selected' : ''}>${esc(this._t(v))}</option>`).join(''), 'period'));
      out.push(`<button type="button" class="x" data-action="remove-row" data-path="${esc(rp)}" aria-label="${esc(`${this._t('removeRow')}: ${title} ${j + 1}`)}">×</button>`);
      out.push('</div>');
    });
    out.push(`<button type="button" class="add" data-action="${addAction}" data-index="${memberIndex}">${esc(addLabel)}</button></div>`);
    return out.join('');
  }

  _assetsHtml() {
    const a = this._h.assets || {};
    const out = [`<fieldset class="sec"><legend>${esc(this._t('secAssets'))}</legend><p class="hint">${esc(this._t('assetsHint'))}</p><div class="grid">`];
    for (const k of ASSET_MONEY) out.push(this._text(`assets.${k}`, this._t(k), a[k], 'money'));
    out.push(this._text('assets.homes', this._t('homes'), a.homes, 'int'));
    out.push(this._text('assets.businesses', this._t('businesses'), a.businesses, 'int'));
    out.push('</div>');
    out.push(`<div class="rows" role="group" aria-label="${esc(this._t('vehicles'))}"><h4>${esc(this._t('vehicles'))}</h4>`);
    (a.vehicles || []).forEach((v, j) => {
      const rp = `assets.vehicles[${j}]`;
      out.push('<div class="row">');
      out.push(this._select(`${rp}.kind`, this._t('vehicleKind'), this._options(VEHICLE_KINDS, v.kind)));
      out.push(this._text(`${rp}.value`, this._t('vehicleValue'), v.value, 'money'));
      out.push(`<button type="button" class="x" data-action="remove-row" data-path="${esc(rp)}" aria-label="${esc(`${this._t('removeRow')}: ${this._t('vehicles')} ${j + 1}`)}">×</button></div>`);
    });
    out.push(`<button type="button" class="add" data-action="add-vehicle">${esc(this._t('addVehicle'))}</button></div></fieldset>`);
    return out.join('');
  }

  _obligorsHtml() {
    const members = this._h.members;
    const out = [`<fieldset class="sec"><legend>${esc(this._t('secObligors'))}</legend><p class="hint">${esc(this._t('obligorsHint'))}</p>`];
    (this._h.obligors || []).forEach((o, j) => {
      const p = `obligors[${j}]`;
      const sup = Array.isArray(o.supports) ? o.supports[0] : undefined;
      out.push(`<fieldset class="member"><legend>${esc(`${this._t('obligor')} ${j + 1}`)}</legend><div class="grid">`);
      out.push(this._select(`${p}.supports`, this._t('supports'),
        members.map((m) => `<option value="${esc(m.id)}"${m.id === sup ? ' selected' : ''}>${esc(`${m.id} ${label(RELATIONS, m.relation, this._lang)}`)}</option>`).join(''), 'supports'));
      out.push(this._text(`${p}.household_size`, this._t('obligorSize'), o.household_size, 'int'));
      out.push(this._text(`${p}.household_income`, this._t('obligorIncome'), o.household_income, 'money'));
      out.push(this._text(`${p}.sharing`, this._t('sharing'), o.sharing, 'int'));
      out.push(this._text(`${p}.actual_payment`, this._t('actualPayment'), o.actual_payment, 'money'));
      out.push(`</div><button type="button" class="remove" data-action="remove-row" data-path="${esc(p)}">${esc(`${this._t('remove')} ${this._t('obligor')} ${j + 1}`)}</button></fieldset>`);
    });
    out.push(`<button type="button" data-action="add-obligor">${esc(this._t('addObligor'))}</button></fieldset>`);
    return out.join('');
  }

  _currentHtml() {
    const c = this._h.current;
    const out = [`<fieldset class="sec"><legend>${esc(this._t('secCurrent'))}</legend>`];
    out.push(this._check('current', this._t('currentYes'), !!c, 'current'));
    if (c) {
      out.push('<div class="grid">');
      out.push(this._text('current.monthly_amount', this._t('currentAmount'), c.monthly_amount, 'money'));
      out.push(this._date_('current.employment_since', this._t('employmentSince'), c.employment_since));
      out.push('</div>');
    }
    out.push('</fieldset>');
    return out.join('');
  }

  // ------------------------------------------------------------ events

  _setFromControl(el) {
    const path = el.dataset.path;
    const kind = el.dataset.kind;
    if (!path) return false;
    if (path === 'region') {
      if (this._region !== el.value && this._h.policy) {
        delete this._h.policy.standard;
        if (Object.keys(this._h.policy).length === 0) delete this._h.policy;
      }
      this._region = el.value;
      return true;
    }
    if (path === 'policy.standard') {
      this._standard = el.value;
      return false;
    }
    if (path === 'date') {
      this._date = el.value;
      return true; // region labels show the standard in force on the date
    }
    if (path.startsWith('quick.')) {
      this._quick[path.slice(6)] = el.value;
      return false;
    }
    const h = this._h;
    const v = el.type === 'checkbox' ? el.checked : el.value;
    switch (kind) {
      case 'int': {
        const s = String(v).trim();
        setPath(h, path, s === '' ? undefined : /^\d+$/.test(s) ? Number(s) : s);
        return path.endsWith('.age');
      }
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
    this._setFromControl(el);
    this._compute();
  }

  _onChange(e) {
    const el = e.target;
    if (el.dataset.action === 'params') {
      this._loadParamsFile(el);
      return;
    }
    if (el.tagName === 'INPUT' && el.type !== 'checkbox') {
      if (el.type === 'date') {
        if (this._setFromControl(el)) this._renderForm();
        this._compute();
      }
      return;
    }
    const rerender = this._setFromControl(el);
    if (rerender) this._renderForm(`[data-path="${el.dataset.path}"]`);
    this._compute();
  }

  async _loadParamsFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const text = await file.text();
    const errors = loadParams(text, file.name);
    if (errors) {
      this._showErrors(errors);
      return;
    }
    this._paramsFile = file.name;
    this._regions = listRegions().filter((r) => r.code !== 'CN');
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
    if (!btn || !btn.dataset.action) return;
    const a = btn.dataset.action;
    const h = this._h;
    const i = Number(btn.dataset.index);
    let focus = null;
    switch (a) {
      case 'lang':
        this.setAttribute('lang', this._lang === 'en' ? 'zh' : 'en');
        this.shadowRoot.querySelector('[data-action="lang"]').focus();
        return;
      case 'detail':
        this._h = { ...this._quickHousehold() };
        this._mode = 'detail';
        focus = '[data-path="members[0].age"]';
        break;
      case 'quick':
        this._mode = 'quick';
        this._quick.people = String(h.members.length || 1);
        focus = '[data-path="quick.people"]';
        break;
      case 'add-member': {
        const id = nextId(h.members);
        h.members.push({ id, relation: 'child', age: '' });
        focus = `[data-path="members[${h.members.length - 1}].relation"]`;
        break;
      }
      case 'remove-member': {
        const gone = h.members[i].id;
        h.members.splice(i, 1);
        for (const o of h.obligors || []) if (Array.isArray(o.supports)) o.supports = o.supports.filter((s) => s !== gone);
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
        focus = `[data-action="add-${ts[ts.length - 1] === 'incomes' ? 'income' : ts[ts.length - 1] === 'deductions' ? 'deduction' : ts[ts.length - 1] === 'vehicles' ? 'vehicle' : 'obligor'}"]`;
        break;
      }
      case 'print':
        window.print();
        return;
      case 'share':
        this._share();
        return;
      case 'save':
        try {
          window.localStorage.setItem(STORE_KEY, JSON.stringify(this._build()));
          this._say(this._t('saved'));
        } catch {
          // Storage refused (private mode): say nothing was stored.
        }
        this._renderStored();
        return;
      case 'restore':
        try {
          this.household = JSON.parse(window.localStorage.getItem(STORE_KEY));
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

  _share() {
    const base = window.location.href.split('#')[0];
    const link = `${base}#${FRAGMENT_KEY}${encodeCase(this._build())}`;
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

  _compute() {
    const household = this._build();
    const out = assess(household);
    this._result = out;
    if (isErrors(out)) {
      this._showErrors(out);
      this.dispatchEvent(new CustomEvent('dibao-error', { detail: out, bubbles: true, composed: true }));
    } else {
      this._showResult(out, household);
      this.dispatchEvent(new CustomEvent('dibao-result', { detail: out, bubbles: true, composed: true }));
    }
  }

  _markInvalid(paths) {
    const root = this.shadowRoot;
    for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const p of paths) {
      const el = this._controlFor(p);
      if (el) el.setAttribute('aria-invalid', 'true');
    }
  }

  _controlFor(path) {
    if (!path) return null;
    const root = this.shadowRoot;
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

  _showErrors(errors) {
    const root = this.shadowRoot;
    const list = errors.errors.map((e, k) =>
      `<li><span class="code">${esc(e.field || '')}</span> ${esc(this._txt(e))}${this._controlFor(e.field) ? ` <button type="button" class="link" data-error="${k}">${this._lang === 'en' ? 'Go to field' : '去修改'}</button>` : ''}</li>`).join('');
    root.querySelector('.live').innerHTML = `<div class="errors"><p class="outcome outcome-error">${esc(this._t('errorsTitle'))}</p><ul>${list}</ul></div>`;
    root.querySelector('.details').innerHTML = '';
    root.querySelector('.print-head').innerHTML = '';
    this._markInvalid(errors.errors.map((e) => e.field));
    for (const b of root.querySelectorAll('[data-error]')) {
      b.addEventListener('click', () => {
        const el = this._controlFor(errors.errors[Number(b.dataset.error)].field);
        if (el) el.focus();
      });
    }
  }

  _memberLabel(id, household) {
    const m = (household.members || []).find((x) => x.id === id);
    if (!m) return id;
    const rel = label(RELATIONS, m.relation, this._lang);
    const age = m.age !== undefined ? (this._lang === 'en' ? `, ${m.age}` : `，${m.age}岁`) : '';
    return `${id}（${rel}${age}）`.replace('（', this._lang === 'en' ? ' (' : '（').replace('）', this._lang === 'en' ? ')' : '）');
  }

  _showResult(r, household) {
    const root = this.shadowRoot;
    const t = (k, ...a) => this._t(k, ...a);
    const o = r.outcome;
    const pays = ['dibao', 'dibao_individual', 'gradual_exit'].includes(o);
    const cmp = fen(r.per_capita_income) < fen(r.standard) ? t('below') : t('above');
    root.querySelector('.live').innerHTML = `
      <p class="outcome outcome-${esc(o)}">${esc(t('outcome')[o] || o)}</p>
      <p class="amount"><span>${esc(t('monthly'))}</span> <strong class="monthly">${esc(r.monthly_amount)}</strong> ${esc(t('yuan'))}</p>
      <p class="pc">${esc(t('perCapitaLine', r.per_capita_income, cmp, r.standard))}</p>`;
    this._markInvalid([]);

    const parts = [];
    const warnings = r.warnings || [];
    if (warnings.length) {
      parts.push(`<div class="warnings" role="note"><h4>${esc(t('warnings'))}</h4><ul>${warnings.map((w) => `<li data-code="${esc(w.code || '')}">${esc(this._txt(w))}</li>`).join('')}</ul></div>`);
    }
    // The figures, with a bar of per-capita income against the standard.
    const std = fen(r.standard);
    const pc = fen(r.per_capita_income);
    const edge = fen(r.edge_line);
    const scale = Math.max(edge, pc, std, 1);
    parts.push(`<dl class="figures">
      <div><dt>${esc(t('householdIncome'))}</dt><dd>${esc(r.household_income)} ${esc(t('yuan'))}</dd></div>
      <div><dt>${esc(t('perCapita'))}</dt><dd>${esc(r.per_capita_income)} ${esc(t('yuan'))}</dd></div>
      <div><dt>${esc(t('standard'))}</dt><dd>${esc(r.standard)} ${esc(t('yuan'))}</dd></div>
      ${r.edge_line ? `<div><dt>${esc(t('edgeLine'))}</dt><dd>${esc(r.edge_line)} ${esc(t('yuan'))}</dd></div>` : ''}
    </dl>
    <svg class="bar" viewBox="0 0 300 28" aria-hidden="true" focusable="false">
      <rect class="bar-bg" x="0" y="8" width="300" height="12"/>
      <rect class="bar-pc ${pc < std ? 'under' : 'over'}" x="0" y="8" width="${Math.min(300, (pc / scale) * 300).toFixed(1)}" height="12"/>
      <line class="bar-std" x1="${((std / scale) * 300).toFixed(1)}" x2="${((std / scale) * 300).toFixed(1)}" y1="2" y2="26"/>
      ${edge ? `<line class="bar-edge" x1="${((edge / scale) * 300).toFixed(1)}" x2="${((edge / scale) * 300).toFixed(1)}" y1="2" y2="26"/>` : ''}
    </svg>`);
    // Members.
    const covered = (r.covered_members || []).map((id) => `<li>${esc(this._memberLabel(typeof id === 'string' ? id : id.id, household))}</li>`).join('');
    const excluded = (r.excluded_members || []).map((x) => {
      const id = typeof x === 'string' ? x : x.id ?? x.member;
      const why = typeof x === 'object' ? this._txt(x.reason && typeof x.reason === 'object' ? x.reason : x) : '';
      return `<li>${esc(this._memberLabel(id, household))}${why ? `：${esc(why)}` : ''}${x.citation ? ` <cite>${esc(x.citation)}</cite>` : ''}</li>`;
    }).join('');
    parts.push(`<div class="members-out"><h4>${esc(t('counted'))} (${esc(r.household_size)})</h4><ul>${covered || `<li>${esc(t('none'))}</li>`}</ul>
      ${excluded ? `<h4>${esc(t('notCounted'))}</h4><ul>${excluded}</ul>` : ''}</div>`);
    // Supplements.
    const sups = r.supplements || [];
    if (sups.length) {
      parts.push(`<div><h4>${esc(t('supplements'))}</h4><ul>${sups.map((s) => {
        const who = s.member ?? s.member_id ?? '';
        const name = this._txt(s.name && typeof s.name === 'object' ? s.name : s) || s.id || '';
        return `<li>${who ? `${esc(this._memberLabel(who, household))}：` : ''}${esc(name)}${s.amount !== undefined ? ` <strong>${esc(s.amount)}</strong> ${esc(t('yuan'))}` : ''}</li>`;
      }).join('')}</ul></div>`);
    }
    // Reasons.
    const reasons = r.reasons || [];
    if (reasons.length) {
      parts.push(`<div><h4>${esc(t('reasons'))}</h4><ul>${reasons.map((x) => `<li>${esc(this._txt(x))}${x.citation ? ` <cite>${esc(x.citation)}</cite>` : ''}</li>`).join('')}</ul></div>`);
    }
    if (r.verification) {
      const v = r.verification;
      parts.push(`<div><h4>${esc(t('verification'))}</h4><p>${esc(this._txt(v))}</p></div>`);
    }
    // Chart.
    const swept = sweep((h, opts) => assess(h, opts), household, r);
    if (swept && swept.points.length > 1) {
      const here = { x: fen(r.household_income), y: fen(r.monthly_amount) };
      const endText = swept.end !== null ? yuan(swept.end) : '';
      parts.push(`<figure class="chart-box">${draw(swept, here, {
        title: t('chartTitle'), desc: t('chartDesc', r.household_income, r.monthly_amount, endText),
        x: t('chartX'), y: t('chartY'), you: t('chartYou'), end: t('chartEnd'),
      })}<figcaption>${esc(t('chartDesc', r.household_income, r.monthly_amount, endText))}</figcaption></figure>`);
    }
    // Trace.
    const trace = r.trace || [];
    if (trace.length) {
      parts.push(`<div class="trace"><h4>${esc(t('steps'))}</h4><table><thead><tr><th scope="col">#</th><th scope="col">${esc(t('explanation'))}</th><th scope="col">${esc(t('value'))}</th><th scope="col">${esc(t('citation'))}</th></tr></thead><tbody>
        ${trace.map((s, k) => `<tr data-step="${esc(s.step || '')}"><td>${k + 1}</td><td>${esc(this._txt(s))}</td><td class="num">${esc(s.value ?? '')}</td><td><cite>${esc(s.citation ?? '')}</cite></td></tr>`).join('')}
      </tbody></table></div>`);
    }
    // Parameters.
    if (r.parameters) {
      const p = r.parameters;
      const name = typeof p.name === 'object' ? this._txt(p.name) : p.name ?? p.region ?? '';
      parts.push(`<div class="params"><h4>${esc(t('parameters'))}</h4><p>${esc(t('paramsLine', name, p.from ?? '', p.confirmed_through ?? ''))}</p>${p.source ? `<p>${esc(t('source'))}：${esc(typeof p.source === 'object' ? this._txt(p.source) || JSON.stringify(p.source) : p.source)}</p>` : ''}</div>`);
    }
    // Next steps.
    const next = pays ? t('nextDibao') : o === 'edge' ? t('nextEdge') : t('nextIneligible');
    parts.push(`<div class="next"><h4>${esc(t('nextSteps'))}</h4><p>${esc(next)}</p><p class="hint">${esc(t('disclaimer'))}</p><p class="engine">${esc(r.engine || '')}</p></div>`);
    root.querySelector('.details').innerHTML = parts.join('');

    // The print header of the 核算表: the case as entered.
    const rows = (household.members || []).map((m) => {
      const monthly = (m.incomes || []).map((x) => `${label(INCOME_KINDS, x.kind, this._lang)} ${x.amount}${x.period === 'year' ? `/${t('year')}` : ''}`).join('；');
      return `<tr><td>${esc(m.id)}</td><td>${esc(label(RELATIONS, m.relation, this._lang))}</td><td>${esc(m.age ?? m.birth_date ?? '')}</td><td>${esc(monthly)}</td></tr>`;
    }).join('');
    const region = this._regions.find((x) => x.code === household.region);
    root.querySelector('.print-head').innerHTML = `<h2>${esc(t('print_title'))}</h2>
      <p>${esc(t('region'))}：${esc(region ? this._txt(region.name) : household.region)}　${esc(t('date'))}：${esc(household.date)}</p>
      <table><thead><tr><th>${esc(t('member_id'))}</th><th>${esc(t('relation'))}</th><th>${esc(t('age'))}</th><th>${esc(t('incomes'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
}

if (!customElements.get('dibao-calculator')) customElements.define('dibao-calculator', DibaoCalculator);

// The detailed form of <dibao-calculator> (members, incomes, property,
// supporters, current allowance) and the tables of choices it offers. Loaded
// when the detailed form is first shown (or just after the first render), so
// the quick estimate's first result needs none of it. Each function takes the
// element and returns markup built with its field helpers.

import { label } from './i18n.js';

const ASSET_MONEY = ['deposits', 'securities', 'insurance', 'claims', 'other_financial'];

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
}

export const RELATIONS = {
  self: ['本人', 'Self'],
  spouse: ['配偶（丈夫或妻子）', 'Spouse'],
  child: ['子女', 'Child'],
  parent: ['父母', 'Parent'],
  grandparent: ['祖父母、外祖父母', 'Grandparent'],
  grandchild: ['孙子女、外孙子女', 'Grandchild'],
  sibling: ['兄弟姐妹', 'Sibling'],
  other_relative: ['其他亲属', 'Other relative'],
  unrelated: ['没有亲属关系', 'Not related'],
};

export const INCOME_KINDS = {
  wage: ['工资', 'Wages'],
  business: ['做生意、务农的净收入', 'Business or farm income (net)'],
  property: ['利息、分红、房租（净）', 'Interest, dividends, rent (net)'],
  pension: ['养老金、退休金', 'Pension'],
  unemployment_insurance: ['失业保险金', 'Unemployment insurance'],
  support_received: ['收到的赡养费、抚养费', 'Support received'],
  survivor_benefit: ['遗属待遇', 'Survivor benefit'],
  compensation: ['赔偿金', 'Compensation'],
  donation: ['别人的捐赠', 'Donations'],
  other: ['其他收入', 'Other income'],
  basic_pension: ['城乡居民基础养老金（中央确定部分）', 'Basic residents’ pension (central part)'],
  special_care: ['优待抚恤金', 'Special care payments (not counted)'],
  family_planning: ['计划生育奖励扶助金', 'Family-planning awards (not counted)'],
  scholarship: ['奖学金', 'Scholarships (not counted)'],
  award: ['见义勇为等奖励', 'Awards for bravery etc. (not counted)'],
  social_assistance: ['政府发的救助款物', 'Government social assistance (not counted)'],
  local_exempt: ['当地规定不算收入的', 'Locally exempt income'],
};

export const DEDUCTION_KINDS = {
  social_insurance: ['个人缴纳的社保', 'Personal social-insurance contributions'],
  tax: ['个人所得税', 'Income tax'],
  support_paid: ['付给不同住亲属的赡养费、抚养费', 'Support paid to relatives elsewhere'],
};

export const DISABILITY_KINDS = {
  physical: ['肢体', 'Physical'],
  visual: ['视力', 'Visual'],
  hearing: ['听力', 'Hearing'],
  speech: ['言语', 'Speech'],
  intellectual: ['智力', 'Intellectual'],
  mental: ['精神', 'Mental'],
  multiple: ['多重', 'Multiple'],
};

export const STATUSES = {
  incarcerated: ['正在服刑', 'Serving a prison sentence'],
  compulsory_rehab: ['在强制隔离戒毒所', 'In compulsory drug rehabilitation'],
  declared_missing: ['已被宣告失踪', 'Declared missing'],
  clergy: ['宗教教职人员，离家三年以上', 'Clergy living apart for 3+ years'],
  active_military: ['现役军人', 'Serving in the armed forces'],
};

export const VEHICLE_KINDS = {
  car: ['小汽车', 'Car'],
  motorcycle: ['摩托车', 'Motorcycle'],
  disability_mobility: ['残疾人代步车', 'Disability mobility vehicle'],
  business: ['经营用车', 'Business vehicle'],
};


export function membersHtml(c) {
  const lang = c._lang;
  const h = c._h;
  const out = [`<fieldset class="sec"><legend>${esc(c._t('secMembers'))}</legend>`];
  h.members.forEach((m, i) => {
    const p = `members[${i}]`;
    const isSelf = m.relation === 'self';
    const title = `${c._t('memberN', i + 1)}（${m.id ?? ''}）${isSelf ? ` — ${c._t('applicant')}` : ''}`;
    out.push(`<fieldset class="member"><legend>${esc(lang === 'en' ? title.replace('（', ' (').replace('）', ')').replace(/^h/, 'H') : title)}</legend><div class="grid">`);
    if (!isSelf) {
      const rel = Object.fromEntries(Object.entries(RELATIONS).filter(([k]) => k !== 'self'));
      out.push(c._select(`${p}.relation`, c._t('relation'),
        c._options(rel, m.relation, m.relation ? '' : `<option value="" selected>${esc(c._t('selectOne'))}</option>`)));
    }
    if (m.birth_date !== undefined && m.age === undefined) out.push(c._date_(`${p}.birth_date`, c._t('age'), m.birth_date));
    else out.push(c._text(`${p}.age`, c._t('age'), m.age, 'int'));
    out.push(c._select(`${p}.sex`, c._t('sex'),
      `<option value="">${esc(c._t('sexNone'))}</option>` + ['male', 'female'].map((s) => `<option value="${s}"${m.sex === s ? ' selected' : ''}>${esc(c._t(s))}</option>`).join('')));
    out.push('</div><div class="checks">');
    if (!isSelf) out.push(c._check(`${p}.cohabiting`, c._t('cohabiting'), m.cohabiting !== false, 'defaultTrue'));
    if (m.relation === 'other_relative') out.push(c._check(`${p}.support_obligation`, c._t('supportObligation'), m.support_obligation === true));
    out.push(c._check(`${p}.full_time_student`, c._t('student'), m.full_time_student === true));
    if (!isSelf && (m.age === undefined || m.age === '' || Number(m.age) >= 18)) out.push(c._check(`${p}.independent`, c._t('dependent'), m.independent === false, 'notIndependent'));
    out.push(c._check(`${p}.serious_illness`, c._t('illness'), m.serious_illness === true));
    out.push('</div><div class="grid">');
    const d = m.disability || null;
    out.push(c._select(`${p}.disability.grade`, c._t('disability'),
      `<option value="">${esc(c._t('disabilityNone'))}</option>` + [1, 2, 3, 4].map((g) =>
        `<option value="${g}"${d && Number(d.grade) === g ? ' selected' : ''}>${lang === 'en' ? `${c._t('grade')} ${g}` : `${['一', '二', '三', '四'][g - 1]}${c._t('grade')}`}</option>`).join(''), 'grade'));
    if (d) out.push(c._select(`${p}.disability.kind`, c._t('disabilityKind'), c._options(DISABILITY_KINDS, d.kind)));
    out.push(c._select(`${p}.status`, c._t('status'), c._options(STATUSES, m.status, `<option value="">${esc(c._t('statusNone'))}</option>`)));
    out.push('</div>');
    out.push(`<details class="adv"${m.employed !== undefined || m.work_capacity !== undefined || m.caregiver !== undefined ? ' open' : ''}><summary>${esc(c._t('more'))}</summary><div class="checks">`);
    out.push(c._check(`${p}.employed`, c._t('employed'), m.employed === true));
    out.push(c._check(`${p}.work_capacity`, c._t('workCapacity'), m.work_capacity === true));
    out.push(c._check(`${p}.caregiver`, c._t('caregiver'), m.caregiver === true));
    out.push('</div></details>');
    out.push(rowsHtml(c, `${p}.incomes`, m.incomes || [], c._t('incomes'), INCOME_KINDS, c._t('incomeKind'), 'add-income', c._t('addIncome'), i));
    out.push(rowsHtml(c, `${p}.deductions`, m.deductions || [], c._t('deductions'), DEDUCTION_KINDS, c._t('deductionKind'), 'add-deduction', c._t('addDeduction'), i));
    if (!isSelf) out.push(`<button type="button" class="remove" data-action="remove-member" data-index="${i}">${esc(c._t('removeMember', i + 1))}</button>`);
    out.push('</fieldset>');
  });
  out.push(`<button type="button" data-action="add-member">${esc(c._t('addMember'))}</button>`);
  if (!c._hasIncomeRows()) out.push(`<div class="checks">${c._check('noIncome', c._t('noIncomeAll'), c._noIncome, 'noIncome')}</div>`);
  out.push('</fieldset>');
  return out.join('');
}

function rowsHtml(c, path, rows, title, kinds, kindLabel, addAction, addLabel, memberIndex) {
  const out = [`<div class="rows" role="group" aria-label="${esc(title)}"><h4>${esc(title)}</h4>`];
  rows.forEach((row, j) => {
    const rp = `${path}[${j}]`;
    const period = row.period ?? 'month';
    const keep = typeof period === 'object' ? `<option value="__keep" selected>${esc(c._t('monthsN', period.months))}</option>` : '';
    out.push('<div class="row">');
    out.push(c._select(`${rp}.kind`, kindLabel, c._options(kinds, row.kind)));
    out.push(c._text(`${rp}.amount`, c._t('amount'), row.amount, 'money'));
    out.push(c._select(`${rp}.period`, c._t('period'),
      keep + ['month', 'year'].map((v) => `<option value="${v}"${period === v ? ' selected' : ''}>${esc(c._t(v))}</option>`).join(''), 'period'));
    out.push(`<button type="button" class="x" data-action="remove-row" data-path="${esc(rp)}" aria-label="${esc(`${c._t('removeRow')}: ${title} ${j + 1}`)}">×</button>`);
    out.push('</div>');
  });
  out.push(`<button type="button" class="add" data-action="${addAction}" data-index="${memberIndex}">${esc(addLabel)}</button></div>`);
  return out.join('');
}

export function assetsHtml(c) {
  const a = c._h.assets || {};
  const out = [`<fieldset class="sec"><legend>${esc(c._t('secAssets'))}</legend><p class="hint">${esc(c._t('assetsHint'))}</p><div class="grid">`];
  for (const k of ASSET_MONEY) out.push(c._text(`assets.${k}`, c._t(k), a[k], 'money'));
  out.push(c._text('assets.homes', c._t('homes'), a.homes, 'int'));
  out.push(c._text('assets.businesses', c._t('businesses'), a.businesses, 'int'));
  out.push('</div>');
  out.push(`<div class="rows" role="group" aria-label="${esc(c._t('vehicles'))}"><h4>${esc(c._t('vehicles'))}</h4>`);
  (a.vehicles || []).forEach((v, j) => {
    const rp = `assets.vehicles[${j}]`;
    out.push('<div class="row">');
    out.push(c._select(`${rp}.kind`, c._t('vehicleKind'), c._options(VEHICLE_KINDS, v.kind)));
    out.push(c._text(`${rp}.value`, c._t('vehicleValue'), v.value, 'money'));
    out.push(`<button type="button" class="x" data-action="remove-row" data-path="${esc(rp)}" aria-label="${esc(`${c._t('removeRow')}: ${c._t('vehicles')} ${j + 1}`)}">×</button></div>`);
  });
  out.push(`<button type="button" class="add" data-action="add-vehicle">${esc(c._t('addVehicle'))}</button></div></fieldset>`);
  return out.join('');
}

export function obligorsHtml(c) {
  const members = c._h.members;
  const out = [`<fieldset class="sec"><legend>${esc(c._t('secObligors'))}</legend><p class="hint">${esc(c._t('obligorsHint'))}</p>`];
  (c._h.obligors || []).forEach((o, j) => {
    const p = `obligors[${j}]`;
    const sup = Array.isArray(o.supports) ? o.supports[0] : undefined;
    out.push(`<fieldset class="member"><legend>${esc(`${c._t('obligor')} ${j + 1}`)}</legend><div class="grid">`);
    out.push(c._select(`${p}.supports`, c._t('supports'),
      members.map((m) => `<option value="${esc(m.id)}"${m.id === sup ? ' selected' : ''}>${esc(`${m.id} ${label(RELATIONS, m.relation, c._lang)}`)}</option>`).join(''), 'supports'));
    out.push(c._text(`${p}.household_size`, c._t('obligorSize'), o.household_size, 'int'));
    out.push(c._text(`${p}.household_income`, c._t('obligorIncome'), o.household_income, 'money'));
    out.push(c._text(`${p}.sharing`, c._t('sharing'), o.sharing, 'int'));
    out.push(c._text(`${p}.actual_payment`, c._t('actualPayment'), o.actual_payment, 'money'));
    out.push(`</div><button type="button" class="remove" data-action="remove-row" data-path="${esc(p)}">${esc(`${c._t('remove')} ${c._t('obligor')} ${j + 1}`)}</button></fieldset>`);
  });
  out.push(`<button type="button" data-action="add-obligor">${esc(c._t('addObligor'))}</button></fieldset>`);
  return out.join('');
}

export function currentHtml(c) {
  const cur = c._h.current;
  const out = [`<fieldset class="sec"><legend>${esc(c._t('secCurrent'))}</legend>`];
  out.push(c._check('current', c._t('currentYes'), !!cur, 'current'));
  if (cur) {
    out.push('<div class="grid">');
    out.push(c._text('current.monthly_amount', c._t('currentAmount'), cur.monthly_amount, 'money'));
    out.push(c._date_('current.employment_since', c._t('employmentSince'), cur.employment_since));
    out.push('</div>');
  }
  out.push('</fieldset>');
  return out.join('');
}


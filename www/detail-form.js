// The detailed form of <dibao-calculator> (members, incomes, property,
// supporters, current allowance), the tables of choices it offers, and the
// note under the result on the property the office checks. Loaded when the
// detailed form is first shown (or just after the first render), so the quick
// estimate's first result needs none of it. Each function takes the element
// and returns markup built with its field helpers.

import { STRINGS, label } from './i18n.js';
import { pack } from './dibao.js';

// The form's words in Chinese, the default language: here rather than in
// i18n.js, so that the first load carries none of them. Added to STRINGS.zh
// when this module loads; the English ones are in i18n-en.js.
Object.assign(STRINGS.zh, {
  // Members
  secMembers: '2. 家庭成员',
  sexNone: '不填',
  male: '男',
  female: '女',
  cohabiting: '和您长期住在一起',
  student: '全日制在校学生（本科及以下）',
  dependent: '已成年但不能独立生活（例如重病、重残）',
  supportObligation: '和您有法定的赡养、抚养或扶养关系',
  disability: '残疾人证',
  disabilityNone: '没有',
  disabilityKind: '残疾类别',
  illness: '患有当地认定的重特大疾病',
  statusNone: '没有',
  more: '更多情况（就业、劳动能力）',
  employed: '目前有工作',
  workCapacity: '有劳动能力',
  caregiver: '需要在家照料病人、老人或孩子',
  incomeKind: '收入类型',
  monthsN: (n) => `${n}个月合计`,
  addIncome: '＋ 添加一项收入',
  deductionKind: '支出类型',
  addDeduction: '＋ 添加一项支出',
  remove: '删除',
  removeMember: (n) => `删除成员 ${n}`,
  removeRow: '删除这一行',
  addMember: '＋ 添加家庭成员',
  noIncomeAll: '全家都没有任何收入',
  selectOne: '请选择',
  // Property
  secAssets: '3. 存款和财产',
  assetsHint: '各地对存款、车辆、房产有限额。没有就不用填。',
  deposits: '银行存款',
  securities: '股票、基金、债券',
  insurance: '商业保险（现金价值）',
  claims: '别人欠您的钱',
  other_financial: '其他金融资产',
  homes: '住房套数',
  businesses: '登记的企业、个体户数量',
  vehicleKind: '车辆类型',
  vehicleValue: '价值（元）',
  addVehicle: '＋ 添加车辆',
  home_area: '住房建筑面积合计（平方米）',
  homeAreaHint: '有两套以上住房时填：有的地方人均面积小的，可以有第二套。',
  non_residential: '非住宅房产（处）',
  nonResidentialHint: '商铺、办公用房、车库（车位）等。',
  serious_illness_exemption: '家里有人患当地认定的重特大疾病、需要长期治疗',
  illnessExemptionHint: '有的地方对这样的家庭放宽存款限额。不勾选时，按上面各位家庭成员是否患重特大疾病判断。',
  vehiclesHint: '按车辆现在的价值（大约能卖多少钱）填写。残疾人代步车、摩托车也要填：有的地方允许拥有。',
  a_floor: '请只用数字填写面积（平方米），例如 85.5。',
  // Supporters
  secObligors: '4. 不在一起住的子女等赡养人',
  obligorsHint: '例如已成家、在外地生活的子女。他们给的或应该给的赡养费会算作收入。',
  obligorSize: '他/她家有几口人',
  obligorIncome: '他/她家每月总收入（元）',
  sharing: '共有几个子女分担赡养',
  actualPayment: '实际每月给多少（元）',
  addObligor: '＋ 添加赡养人',
  supportsTotal: '他/她一共赡养几个人',
  f_supports_total: '赡养对象总数',
  supportsTotalHint: '包括不在您家的，例如另住的父亲：有的地方把应给的赡养费平均分给每个人。不填就只算您家的。',
  // Already receiving
  secCurrent: '5. 已经在领低保了吗',
  currentYes: '我家已经在领低保',
  currentAmount: '现在每月领多少（元）',
  employmentSince: '家里有人开始工作的日期（如有）',
  above_standard_since: '收入超过低保标准的日期',
  aboveStandardHint: '就业后家里人均收入第一次超过低保标准的那天，渐退期从这天算起。不知道可以不填。',
  // What the office checks about property (under the conditions list)
  pcTitle: '财产：乡镇（街道）会核查什么',
  pcRules: (name) => `按${name}的规定，本计算器用下面的财产条件核对了您填写的情况：`,
  pcDibao: '低保家庭',
  pcEdge: '低保边缘家庭',
  pcDibaoNone: (name) => `${name}低保家庭的财产限额，本计算器没有，不能判断。`,
  pcNone: (name) => `本计算器没有${name}的家庭财产限额，不能判断您家的财产是否符合。`,
  pcOffice: '申请时，乡镇（街道）会按当地规定核查家庭财产：银行存款、证券、基金、商业保险、债权、互联网金融资产、车辆、房屋等；许多地方还查名下登记的企业和个体工商户。财产限额请向当地民政部门问清。',
  pcAlways: '申请时，乡镇（街道）会核查家庭的全部财产，以当地规定和审核结果为准。',
  pcHere: '当地',
  lFin: (parts) => `存款、股票基金、商业保险等金融资产：${parts}`,
  lMonths: (n, incl) => `人均${incl ? '不超过' : '低于'} ${n} 个月的低保标准`,
  lYuan: (x, incl) => `人均${incl ? '不超过' : '低于'} ${x} 元`,
  lBands: (bands, incl) => `人均${incl ? '不超过' : '低于'}：${bands}`,
  lBand: (n, x) => (n ? `${n} 人及以下的家庭 ${x} 元` : `人口更多的家庭 ${x} 元`),
  lAnd: '，并且',
  lLowest: '（以其中最低的为准）',
  lIllness: (x) => `家庭成员患有当地认定的重特大疾病、需要长期治疗的：人均不超过 ${x} 元`,
  lNoVehicle: '车辆：名下不能有机动车辆',
  lVehicles: (kinds) => `车辆：只能有${kinds}`,
  lList: '、',
  lVehicleExempt: (x) => `；价值不超过 ${x} 元的车辆不受此限`,
  lHomes: (n) => (n === 0 ? '住房：名下不能有住房' : `住房：最多 ${n} 套`),
  lHomesArea: (a, n, incl) => `；人均住房建筑面积${incl ? '不超过' : '低于'} ${a} 平方米的，${n ? `可以有 ${n} 套` : '可以多有'}`,
  lHomesAreaUnknown: '；人均住房面积小的可以例外，但当地的面积标准本计算器没有，超过套数的不作判断',
  lNonRes: (n) => (n === 0 ? '不能有商铺、办公用房、车库（车位）等非住宅房产' : `商铺、办公用房、车库（车位）等非住宅房产：最多 ${n} 处`),
  lBusiness: (n) => (n === 0 ? '名下不能有登记的企业、个体工商户' : `名下登记的企业、个体工商户：最多 ${n} 个`),
});

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
  // The floor area decides only where a second home is allowed for a small
  // area per member (杭州's edge households): asked beside the count.
  out.push(c._text('assets.home_area', c._t('home_area'), a.home_area, 'money', c._t('homeAreaHint')));
  out.push(c._text('assets.non_residential', c._t('non_residential'), a.non_residential, 'int', c._t('nonResidentialHint')));
  out.push(c._text('assets.businesses', c._t('businesses'), a.businesses, 'int'));
  out.push('</div><div class="checks">');
  out.push(c._check('assets.serious_illness_exemption', c._t('serious_illness_exemption'), a.serious_illness_exemption === true));
  out.push(`</div><p class="hint">${esc(c._t('illnessExemptionHint'))}</p>`);
  out.push(`<div class="rows" role="group" aria-label="${esc(c._t('vehicles'))}"><h4>${esc(c._t('vehicles'))}</h4><p class="hint">${esc(c._t('vehiclesHint'))}</p>`);
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
    out.push(c._text(`${p}.supports_total`, c._t('supportsTotal'), o.supports_total, 'int', c._t('supportsTotalHint')));
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
    out.push(c._date_('current.above_standard_since', c._t('above_standard_since'), cur.above_standard_since, c._t('aboveStandardHint')));
    out.push('</div>');
  }
  out.push('</fieldset>');
  return out.join('');
}


/**
 * The property limits the engine applied for `which` (`assets` or
 * `edge_assets`): the pack's entry that `parameters.in_force` names, with
 * its source; null where none was in force (the national base has none).
 */
function limitsInForce(params, which) {
  const f = params.in_force.find((x) => x.parameter === which);
  const p = f && pack(params.region);
  const entry = p && (p.parameters[which] || []).find((x) => x.from === f.from);
  return entry && entry.value ? { value: entry.value, source: f.source } : null;
}

/** A pack's property limits (regions/FORMAT.md, Assets) in plain words, one line each. */
function limitLines(c, v) {
  const t = (k, ...a) => c._t(k, ...a);
  const incl = v.financial_inclusive !== false;
  const out = [];
  const fin = [];
  if (v.financial_per_member_months !== undefined) fin.push(t('lMonths', v.financial_per_member_months, incl));
  if (v.financial_per_member !== undefined) fin.push(t('lYuan', v.financial_per_member, incl));
  if (v.financial_per_member_by_size) fin.push(t('lBands', v.financial_per_member_by_size.map((b) => t('lBand', b.up_to_members, b.yuan)).join(t('lList')), incl));
  if (fin.length) out.push(t('lFin', fin.join(t('lAnd'))) + (fin.length > 1 ? t('lLowest') : ''));
  if (v.financial_illness_exemption !== undefined) out.push(t('lIllness', v.financial_illness_exemption));
  if (v.vehicles_allowed) {
    const kinds = v.vehicles_allowed.map((k) => label(VEHICLE_KINDS, k, c._lang)).join(t('lList'));
    out.push((kinds ? t('lVehicles', kinds) : t('lNoVehicle')) + (v.vehicle_exempt_up_to !== undefined ? t('lVehicleExempt', v.vehicle_exempt_up_to) : ''));
  }
  if (v.max_homes !== undefined) {
    const x = v.homes_area_exception;
    const area = x && (x.per_member_area_below ?? x.per_member_area_up_to);
    out.push(t('lHomes', v.max_homes) + (!x ? '' : area !== undefined ? t('lHomesArea', area, x.up_to_homes, x.per_member_area_below === undefined) : t('lHomesAreaUnknown')));
  }
  if (v.max_non_residential !== undefined) out.push(t('lNonRes', v.max_non_residential));
  if (v.max_businesses !== undefined) out.push(t('lBusiness', v.max_businesses));
  return out;
}

/**
 * Under the conditions list: the property the office checks. Where the
 * region's pack has property limits, they are listed in words with their
 * source; where it has none (the property test `not_assessed`), the page says
 * that the office checks the household's property under the local rules,
 * which this calculator cannot judge (暂行办法 第九条; 审核确认办法 第十四条
 * names the property: deposits, securities, funds, insurance, claims, online
 * financial assets, vehicles, homes).
 */
export function propertyCheckHtml(c, r) {
  const t = (k, ...a) => c._t(k, ...a);
  const params = r.parameters;
  const en = c._lang === 'en';
  const name = params.region === 'CN' ? t('pcHere') : en ? params.name_en : params.name;
  const dibao = limitsInForce(params, 'assets');
  const edge = limitsInForce(params, 'edge_assets');
  const cite = c._cite('社会救助暂行办法 第九条；最低生活保障审核确认办法 第十四条');
  const list = (rules) => `<ul>${limitLines(c, rules.value).map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  const source = (rules) => `<p class="source">${esc(t('source'))}${en ? ': ' : '：'}${c._rich(rules.source)}</p>`;
  const out = [`<div class="property-check"><h4>${esc(t('pcTitle'))}</h4>`];
  if (!dibao && !edge) {
    out.push(`<p data-state="not_assessed">${esc(t('pcNone', name))}</p><p>${esc(t('pcOffice'))}${cite}</p>`);
  } else {
    out.push(`<p data-state="assessed">${esc(t('pcRules', name))}</p>`);
    // Headed by the households they are for where the edge households' differ.
    for (const [rules, head] of [[dibao, edge && 'pcDibao'], [edge, 'pcEdge']]) {
      if (rules) out.push(`${head ? `<h5>${esc(t(head))}</h5>` : ''}${list(rules)}${source(rules)}`);
    }
    out.push(dibao ? `<p>${esc(t('pcAlways'))}${cite}</p>` : `<p>${esc(t('pcDibaoNone', name))}${esc(t('pcOffice'))}${cite}</p>`);
  }
  out.push('</div>');
  return out.join('');
}

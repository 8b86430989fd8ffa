// The chart of the monthly amount against household income, for one
// household: `sweep` calls the engine over a range of incomes, `draw` turns the
// points into SVG markup (our own code; no library). Styling is by class, in
// dibao-calculator.css, so no inline style is needed under the page's CSP.

// Drawn at the width it is shown (one SVG unit = one CSS pixel), so its text
// stays at its CSS size (≥ 11 px) on a phone instead of shrinking with it.
const M = { top: 18, right: 14, bottom: 46, left: 60 };

/** Amount text (`"1234.5"`, 1234.5) to a number of fen. */
function fen(x) {
  const n = Number(x);
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}

/** Fen to a two-decimal yuan string. */
function yuan(f) {
  const sign = f < 0 ? '-' : '';
  const a = Math.abs(Math.round(f));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** A copy of `household` with every income scaled by `factor` (to the fen). */
function scaled(household, factor) {
  const h = structuredClone(household);
  for (const m of h.members || []) {
    for (const inc of m.incomes || []) inc.amount = yuan(fen(inc.amount) * factor);
  }
  return h;
}

/** A copy of `household` with `extraFen` of monthly "other" income added to the applicant. */
function added(household, extraFen) {
  const h = structuredClone(household);
  const self = (h.members || []).find((m) => m.relation === 'self') || (h.members || [])[0];
  if (self) self.incomes = [...(self.incomes || []), { kind: 'other', amount: yuan(extraFen), period: 'month' }];
  return h;
}

const PAYING = new Set(['dibao', 'dibao_individual', 'gradual_exit']);

/**
 * Runs `assess` over incomes from zero to beyond the edge of eligibility.
 * With income, every income is scaled (so local deductions keep applying);
 * with none, "other" income is added to the applicant. Returns
 * `{ points: [{x, y}], end: x | null }` in fen, or null when the engine
 * rejects the household.
 */
export function sweep(assess, household, base) {
  const n = Math.max(1, base.household_size || 1);
  const std = fen(base.standard);
  const now = fen(base.household_income);
  const reach = Math.max(std * n * 1.6, now * 1.25, 100000);
  const totalIncome = (household.members || []).some((m) => (m.incomes || []).some((i) => fen(i.amount) > 0));
  const at = totalIncome && now > 0 ? (t) => scaled(household, (t * reach) / now) : (t) => added(household, t * reach);
  const run = (t) => {
    const r = assess(at(t), { trace: false });
    return r && !r.errors ? { x: fen(r.household_income), y: fen(r.monthly_amount), pays: PAYING.has(r.outcome) } : null;
  };
  const points = [];
  const steps = 64;
  let lastPaying = -1;
  let firstNot = -1;
  for (let i = 0; i <= steps; i++) {
    const p = run(i / steps);
    if (!p) return null;
    points.push(p);
    if (p.pays) lastPaying = i;
    else if (lastPaying === i - 1 && firstNot < 0) firstNot = i;
  }
  let end = null;
  if (lastPaying >= 0 && firstNot > 0) {
    // Narrow down where payment stops, between two samples.
    let lo = lastPaying / steps;
    let hi = firstNot / steps;
    for (let k = 0; k < 18; k++) {
      const mid = (lo + hi) / 2;
      if (run(mid).pays) lo = mid;
      else hi = mid;
    }
    end = run(hi).x;
  }
  points.sort((a, b) => a.x - b.x);
  return { points, end };
}

function niceStep(max, ticks) {
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * SVG markup for the sweep: the amount curve, the household's point and the
 * income at which payment ends. `text` carries the labels and the description.
 */
export function draw({ points, end }, here, text, width = 640) {
  const W = Math.round(Math.max(240, Math.min(720, width)));
  const H = W < 480 ? 240 : 300;
  const maxX = Math.max(...points.map((p) => p.x), here.x, 1) / 100;
  const maxY = Math.max(...points.map((p) => p.y), here.y, 1) / 100;
  const sx = niceStep(maxX, W < 480 ? 3 : 5);
  const sy = niceStep(maxY, 4);
  const X = Math.ceil(maxX / sx) * sx;
  const Y = Math.ceil(maxY / sy) * sy;
  const px = (v) => M.left + ((v / 100) / X) * (W - M.left - M.right);
  const py = (v) => H - M.bottom - ((v / 100) / Y) * (H - M.top - M.bottom);
  const parts = [];
  parts.push(`<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" class="chart" focusable="false">`);
  parts.push(`<title id="chart-title">${esc(text.title)}</title><desc id="chart-desc">${esc(text.desc)}</desc>`);
  for (let v = 0; v <= Y + 1e-9; v += sy) {
    const y = py(v * 100);
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${M.left - 6}" y="${y + 4}" text-anchor="end">${v}</text>`);
  }
  for (let v = 0; v <= X + 1e-9; v += sx) {
    const x = px(v * 100);
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${M.top}" y2="${H - M.bottom}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${H - M.bottom + 16}" text-anchor="middle">${v}</text>`);
  }
  parts.push(`<text class="axis" x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(text.x)}</text>`);
  parts.push(`<text class="axis" x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">${esc(text.y)}</text>`);
  // The curve: a step line, since amounts can jump (floors, supplements).
  let d = '';
  points.forEach((p, i) => {
    d += `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`;
  });
  parts.push(`<path class="curve" d="${d}"/>`);
  if (end !== null) {
    const x = px(end);
    parts.push(`<line class="end" x1="${x}" x2="${x}" y1="${M.top}" y2="${H - M.bottom}"/>`);
    const left = x > W * 0.6;
    parts.push(`<text class="end-label" x="${left ? x - 4 : x + 4}" y="${M.top + 12}" text-anchor="${left ? 'end' : 'start'}">${esc(text.end)} ${(end / 100).toFixed(0)}</text>`);
  }
  parts.push(`<circle class="you" cx="${px(here.x)}" cy="${py(here.y)}" r="6"/>`);
  const anchor = px(here.x) > W * 0.6 ? 'end' : 'start';
  const dx = anchor === 'end' ? -10 : 10;
  parts.push(`<text class="you-label" x="${px(here.x) + dx}" y="${py(here.y) - 10}" text-anchor="${anchor}">${esc(text.you)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

export { fen, yuan };

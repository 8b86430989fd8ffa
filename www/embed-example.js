// The embedding example's own script: load the element, listen to its events,
// and set its `household` property (SPEC §4) from the page.
import './dibao-calculator.js';

const calc = document.getElementById('calc');
const last = document.getElementById('last');

calc.addEventListener('dibao-result', (e) => {
  const r = e.detail; // the SPEC §5 assessment object
  last.textContent = `dibao-result: ${r.outcome}, ${r.monthly_amount} 元/月 (${r.engine})`;
});
calc.addEventListener('dibao-error', (e) => {
  last.textContent = `dibao-error: ${e.detail.errors.map((x) => `${x.field}: ${x.code}`).join('; ')}`;
});

document.getElementById('fill').addEventListener('click', () => {
  calc.household = {
    region: 'CN',
    date: new Date().toISOString().slice(0, 10),
    policy: { standard: '1000' },
    members: [
      { id: 'A', relation: 'self', age: 52, incomes: [{ kind: 'wage', amount: '1200', period: 'month' }] },
      { id: 'B', relation: 'spouse', age: 50, disability: { grade: 2, kind: 'physical' } },
      { id: 'C', relation: 'child', age: 19, full_time_student: true },
    ],
  };
});

// Evaluations: for one run, accuracy per task × level at every evaluation (from its answer files, by the training's
// own accuracy rule), and the change from the first evaluation to the last in points. The held-out set and, when
// the run has one, the retention set each get a table.
import { api } from './api.js';
import { h, notice, pct, select } from './dom.js';

/** The run a one-run view shows: ?run= when it is among the selected, else the first selected. */
export function chosenRun(ctx) {
  const runs = ctx.selected;
  return runs.find((r) => r.id === ctx.param('run')) ?? runs[0];
}

export function runPicker(ctx, run) {
  if (ctx.selected.length < 2) return h('span', { class: 'run-name' }, run.name);
  return h(
    'label',
    {},
    'run ',
    select(
      ctx.selected.map((r) => [r.id, r.name]),
      run.id,
      (v) => ctx.setParams({ run: v, offset: '' }),
    ),
  );
}

const acc = (c) => (c && c.n > 0 ? c.correct / c.n : null);

function delta(first, last) {
  if (first === null || last === null) return h('td', { class: 'num' }, '–');
  const d = 100 * (last - first);
  const cls = d > 0.05 ? 'up' : d < -0.05 ? 'down' : '';
  return h('td', { class: `num delta ${cls}` }, `${d > 0 ? '+' : ''}${d.toFixed(1)}`);
}

function table(t, done) {
  const head = h(
    'tr',
    {},
    h('th', {}, 'task'),
    h('th', {}, 'level'),
    ...t.steps.map((s) =>
      h('th', { class: 'num', title: done.has(s) ? '' : 'this evaluation is still being written' }, `step ${s}${done.has(s) ? '' : ' (running)'}`),
    ),
    h('th', { class: 'num', title: `last − first evaluation, in points` }, t.steps.length > 1 ? `Δ ${t.steps[0]}→${t.steps.at(-1)}` : 'Δ'),
  );
  const cell = (c) =>
    h('td', { class: 'num', title: c ? `${c.correct} of ${c.n} correct` : 'not evaluated' }, c ? `${pct(acc(c))} (${c.correct}/${c.n})` : '–');
  const rows = t.rows.map((r) =>
    h(
      'tr',
      { dataset: { cell: `${r.task}/L${r.level}` } },
      h('td', {}, r.task),
      h('td', { class: 'num' }, `L${r.level}`),
      ...r.cells.map(cell),
      delta(acc(r.cells[0]), acc(r.cells.at(-1))),
    ),
  );
  const overall = h(
    'tr',
    { class: 'overall' },
    h('td', { colSpan: 2 }, 'overall (mean of per-task accuracy)'),
    ...t.overall.map((o) => h('td', { class: 'num', title: `${o.n} answers` }, `${pct(o.accuracy)} (n ${o.n})`)),
    delta(t.overall[0]?.accuracy ?? null, t.overall.at(-1)?.accuracy ?? null),
  );
  return h('table', { class: 'evals', dataset: { set: t.set } }, h('thead', {}, head), h('tbody', {}, ...rows, overall));
}

export async function renderEvals(root, ctx) {
  const run = chosenRun(ctx);
  if (!run) return root.append(notice('Select a run in the Runs view to see its evaluations.'));
  const { tables, evalSteps } = await api.evals(run.id);
  root.append(h('div', { class: 'controls' }, runPicker(ctx, run)));
  if (tables.length === 0) return root.append(notice(`${run.name} has no evaluations yet (eval/step-N.jsonl).`));
  const done = new Set(evalSteps);
  for (const t of tables) {
    root.append(h('h2', {}, t.set === 'held-out' ? 'Held-out set' : 'Retention set (problems the base solves: forgetting shows here)'), table(t, done));
  }
}

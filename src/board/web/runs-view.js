// Runs: every run of the board's folders with its status, step, mode, R̂ and evaluations; checkboxes choose the
// runs the other views show; below, the config keys in which the selected runs differ, and the groups (grid points
// with their seeds) the curves draw as one colour.
import { api } from './api.js';
import { h, notice, pct, when } from './dom.js';

function evalCell(e) {
  return e ? `${pct(e.overall)} @${e.step}` : '–';
}

function runsTable(ctx) {
  const chosen = new Set(ctx.selected.map((r) => r.id));
  const toggle = (id, on) => ctx.select(ctx.runs.filter((r) => (r.id === id ? on : chosen.has(r.id))).map((r) => r.id));
  const rows = ctx.runs.map((r) =>
    h(
      'tr',
      { dataset: { run: r.id }, class: chosen.has(r.id) ? 'chosen' : '' },
      h(
        'td',
        {},
        h('input', { type: 'checkbox', checked: chosen.has(r.id), title: 'show in the other views', onchange: (e) => toggle(r.id, e.target.checked) }),
      ),
      h('td', { class: 'name', title: r.dir }, r.name),
      h('td', {}, r.sweep ?? ''),
      h('td', {}, h('span', { class: `status ${r.status}`, dataset: { status: r.status } }, r.status)),
      h('td', { class: 'num' }, r.steps ? `${r.step} / ${r.steps}` : String(r.step)),
      h('td', {}, r.mode ?? '–'),
      h('td', { class: 'num' }, r.threshold ?? '–'),
      h('td', { class: 'num' }, evalCell(r.lastEval)),
      h('td', { class: 'num' }, evalCell(r.bestEval)),
      h('td', {}, when(r.started)),
    ),
  );
  const head = ['', 'run', 'sweep', 'status', 'step', 'mode', 'R̂', 'last eval', 'best eval', 'started'];
  return h('table', { class: 'runs' }, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), h('tbody', {}, ...rows));
}

function selectionButtons(ctx) {
  const sweeps = [...new Set(ctx.runs.map((r) => r.sweep).filter(Boolean))];
  return h(
    'div',
    { class: 'controls' },
    h('button', { onclick: () => ctx.select(ctx.runs.map((r) => r.id)) }, 'select all'),
    h('button', { onclick: () => ctx.select([]) }, 'select none'),
    ...sweeps.map((s) => h('button', { onclick: () => ctx.select(ctx.runs.filter((r) => r.sweep === s).map((r) => r.id)) }, `only ${s}`)),
  );
}

const show = (v) => (v === null || v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));

async function differences(ctx) {
  const runs = ctx.selected;
  if (runs.length < 2) return [notice('Select two or more runs to see where their configs differ.')];
  const { diff, groups } = await api.compare(runs.map((r) => r.id));
  const byId = new Map(runs.map((r) => [r.id, r]));
  const table = diff.keys.length
    ? h(
        'table',
        { class: 'diff', dataset: { testid: 'config-diff' } },
        h('thead', {}, h('tr', {}, h('th', {}, 'config key'), ...runs.map((r) => h('th', {}, r.name)))),
        h('tbody', {}, ...diff.keys.map((k) => h('tr', {}, h('td', { class: 'key' }, k.key), ...k.values.map((v) => h('td', {}, show(v)))))),
      )
    : notice('The selected runs have identical configs.');
  const groupList = h(
    'ul',
    { class: 'groups' },
    ...groups.map((g) =>
      h('li', {}, h('span', { class: 'swatch', style: { background: g.color } }), `${g.label}: `, g.runIds.map((id) => byId.get(id)?.name).join(', ')),
    ),
  );
  return [h('h2', {}, 'Config differences'), table, h('h2', {}, 'Groups (drawn as one colour; seeds thin, their mean thick)'), groupList];
}

export async function renderRuns(root, ctx) {
  if (ctx.runs.length === 0) return root.append(notice('No runs in these folders yet.'));
  root.append(selectionButtons(ctx), runsTable(ctx), ...(await differences(ctx)));
}

// The board's page: four views over the selected runs, their state in the URL's hash (so a view can be bookmarked
// and reloaded), and a poll of /api/runs every POLL_MS that re-renders the view when a run it shows has changed —
// which is how a running run's new steps and completions appear without a reload. Polling rather than server-sent
// events: one cheap request (a 304 when nothing changed) survives sleeping laptops and restarted servers alike.
import { api } from './api.js';
import { h, notice } from './dom.js';
import { renderCompletions } from './completions-view.js';
import { renderCurves } from './curves-view.js';
import { renderEvals } from './evals-view.js';
import { renderRuns } from './runs-view.js';

const POLL_MS = 2000;
/** With nothing chosen yet, this many runs are selected for a first look. */
const DEFAULT_SELECTION = 12;

const VIEWS = {
  runs: ['Runs', renderRuns],
  curves: ['Curves', renderCurves],
  evals: ['Evaluations', renderEvals],
  completions: ['Completions', renderCompletions],
};

// `shown` is what the view on the page returned: {shown(), dispose()} when it holds resources (charts), called around
// the swap, and/or {token} naming the data it shows.
const state = { runs: [], params: new URLSearchParams(location.hash.slice(1)), generation: 0, lastPoll: null, pollError: null, shown: null };

const view = () => (VIEWS[state.params.get('view')] ? state.params.get('view') : 'runs');
const selectedIds = () => (state.params.get('runs') ?? '').split(',').filter(Boolean);

/** What a view gets: the runs, the selection, and its own parameters (in the hash). */
const ctx = {
  get runs() {
    return state.runs;
  },
  get selected() {
    const ids = selectedIds();
    return state.runs.filter((r) => ids.includes(r.id));
  },
  param: (name, dflt) => state.params.get(name) ?? dflt,
  /** Sets (or, with '' / null, clears) parameters and renders the view again. */
  setParams(values) {
    for (const [k, v] of Object.entries(values)) {
      if (v === null || v === undefined || v === '') state.params.delete(k);
      else state.params.set(k, String(v));
    }
    history.replaceState(null, '', `#${state.params.toString()}`);
    render();
  },
  select(ids) {
    ctx.setParams({ runs: ids.join(',') });
  },
};

function header() {
  const tabs = Object.entries(VIEWS).map(([key, [label]]) =>
    h('button', { class: key === view() ? 'tab active' : 'tab', dataset: { view: key }, onclick: () => ctx.setParams({ view: key }) }, label),
  );
  const live = state.pollError
    ? h('span', { class: 'live error', dataset: { testid: 'live' } }, `server unreachable: ${state.pollError}`)
    : h(
        'span',
        { class: 'live', dataset: { testid: 'live' } },
        state.runs.some((r) => r.status === 'running') ? `live · updated ${state.lastPoll ?? ''}` : `updated ${state.lastPoll ?? ''}`,
      );
  return h('header', {}, h('h1', {}, 'ahpo board'), h('nav', {}, ...tabs), live);
}

/**
 * Renders the current view into a fresh element and swaps it in when done, so a slow request never leaves half a
 * view, and of two renders racing only the newer lands. Open <details> (a response being read) stay open. A live
 * refresh whose view reports the same `token` as the one shown (the completions of a run that only logged a
 * metrics row) keeps the page as it is: nothing moves under the reader.
 */
async function render(live = false) {
  const gen = ++state.generation;
  const [, draw] = VIEWS[view()];
  const el = h('main', { id: 'view', dataset: { view: view() } });
  let lifecycle;
  try {
    lifecycle = await draw(el, ctx);
  } catch (e) {
    el.replaceChildren(notice(e instanceof Error ? e.message : String(e), 'error'));
  }
  if (gen !== state.generation) return;
  if (live && lifecycle?.token !== undefined && lifecycle.token === state.shown?.token && state.shownView === view()) {
    document.querySelector('header')?.replaceWith(header());
    return;
  }
  const old = document.getElementById('view');
  const open = new Set([...(old?.querySelectorAll('details[open][data-id]') ?? [])].map((d) => d.dataset.id));
  for (const d of el.querySelectorAll('details[data-id]')) if (open.has(d.dataset.id)) d.open = true;
  document.body.replaceChildren(header(), el);
  state.shown?.dispose?.();
  state.shown = lifecycle ?? null;
  state.shownView = view();
  state.shown?.shown?.();
}

const versions = (runs) => new Map(runs.map((r) => [r.id, r.version]));

async function poll() {
  try {
    const { runs } = await api.runs();
    const before = versions(state.runs);
    state.runs = runs;
    state.pollError = null;
    state.lastPoll = new Date().toLocaleTimeString();
    const watched = view() === 'runs' ? runs : ctx.selected;
    const changed = runs.length !== before.size || watched.some((r) => before.get(r.id) !== r.version);
    if (changed) await render(true);
    else document.querySelector('header')?.replaceWith(header());
  } catch (e) {
    state.pollError = e instanceof Error ? e.message : String(e);
    document.querySelector('header')?.replaceWith(header());
  }
  setTimeout(poll, POLL_MS);
}

async function start() {
  state.runs = (await api.runs()).runs;
  state.lastPoll = new Date().toLocaleTimeString();
  if (!state.params.has('runs'))
    state.params.set(
      'runs',
      state.runs
        .slice(0, DEFAULT_SELECTION)
        .map((r) => r.id)
        .join(','),
    );
  history.replaceState(null, '', `#${state.params.toString()}`);
  await render();
  setTimeout(poll, POLL_MS);
}

window.addEventListener('hashchange', () => {
  state.params = new URLSearchParams(location.hash.slice(1));
  render();
});

start().catch((e) => document.body.replaceChildren(notice(`ahpo board: ${e instanceof Error ? e.message : String(e)}`, 'error')));

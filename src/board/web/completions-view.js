// Completions: what the model wrote. For the training samples (completions.jsonl): each logged prompt with its
// image(s), prompt text and ξ, every rollout with reward, verdict, verifier reason, tokens and truncation, and the
// expert trace on demand. For an evaluation (eval/step-N.jsonl): each greedy answer with the same. Filters (task,
// level, correct, ξ, step) run on the server; the list grows by "show more".
import { api } from './api.js';
import { h, notice, num, select } from './dom.js';
import { chosenRun, runPicker } from './evals-view.js';

const PAGE = 20;
/** Traces the reader opened (run id + problem key), kept open across live re-renders. */
const openTraces = new Set();
const traces = new Map();

function traceBlock(run, key) {
  const id = `${run.id}|${key}`;
  const box = h('div', { class: 'trace' });
  const show = async () => {
    if (!traces.has(id)) traces.set(id, (await api.trace(run.id, key)).trace ?? '(this problem has no expert trace)');
    box.replaceChildren(h('pre', { dataset: { testid: 'trace' } }, traces.get(id)));
  };
  const button = h(
    'button',
    {
      onclick: async () => {
        if (openTraces.has(id)) {
          openTraces.delete(id);
          box.replaceChildren();
        } else {
          openTraces.add(id);
          await show().catch((e) => box.replaceChildren(notice(e.message, 'error')));
        }
      },
    },
    'expert trace',
  );
  if (openTraces.has(id)) show().catch((e) => box.replaceChildren(notice(e.message, 'error')));
  return [button, box];
}

function problemBlock(run, key, problem, question) {
  if (!problem) {
    return h(
      'div',
      { class: 'problem' },
      notice('No problem file (runs written before problems/ existed keep none): question only.'),
      h('pre', { class: 'prompt' }, question ?? ''),
    );
  }
  const images = problem.images.length
    ? problem.images.map((src, j) => h('img', { src, alt: `image ${j + 1} of ${key}`, class: 'problem-image' }))
    : [h('p', { class: 'note' }, 'text-only prompt (data.variant text): no image')];
  return h(
    'div',
    { class: 'problem' },
    h('div', { class: 'images' }, ...images),
    h('div', { class: 'text' }, h('pre', { class: 'prompt' }, problem.prompt), ...(problem.hasTrace ? traceBlock(run, key) : [])),
  );
}

const verdict = (correct) => h('span', { class: correct ? 'ok' : 'bad' }, correct ? '✓' : '✗');

function responseCell(id, text) {
  const preview = text.length > 90 ? `${text.slice(0, 90)}…` : text;
  return h('details', { dataset: { id } }, h('summary', {}, preview || '(empty)'), h('pre', { class: 'response' }, text));
}

function trainCard(run, p) {
  const id = `train:${p.step}:${p.key}`;
  const rows = p.rollouts.map((r, i) =>
    h(
      'tr',
      { class: r.correct ? 'correct' : 'incorrect' },
      h('td', { class: 'num' }, i + 1),
      h('td', { class: 'num' }, num(r.reward)),
      h('td', {}, verdict(r.correct)),
      h('td', { class: 'reason' }, r.reason),
      h('td', { class: 'num' }, r.tokens),
      h('td', {}, r.truncated ? 'cut' : ''),
      h('td', { class: 'resp' }, responseCell(`${id}:${i}`, r.response)),
    ),
  );
  const hidden = p.hiddenRollouts ? h('p', { class: 'note' }, `${p.hiddenRollouts} more rollout(s) hidden by the correct/incorrect filter`) : null;
  return h(
    'article',
    { class: 'card', dataset: { key: p.key, step: String(p.step) } },
    h('h3', {}, `step ${p.step} · ${p.task} L${p.level} · `, h('span', { class: p.xi ? 'xi on' : 'xi' }, `ξ = ${p.xi}`), h('small', {}, p.key)),
    problemBlock(run, p.key, p.problem, p.question),
    h(
      'table',
      { class: 'rollouts' },
      h('thead', {}, h('tr', {}, ...['#', 'reward', '', 'verifier reason', 'tokens', 'trunc.', 'response'].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...rows),
    ),
    hidden,
  );
}

function evalCard(run, r) {
  return h(
    'article',
    { class: 'card', dataset: { key: r.key } },
    h(
      'h3',
      {},
      `${r.task} L${r.level} · `,
      verdict(r.correct),
      ` reward ${num(r.reward)} · ${r.completionTokens} tokens${r.truncated ? ' · cut at maxNewTokens' : ''}`,
      h('small', {}, r.key),
    ),
    problemBlock(run, r.key, r.problem, undefined),
    h('p', { class: 'reason' }, `verifier: ${r.reason}`),
    responseCell(`eval:${r.key}`, r.response),
  );
}

function filterBar(ctx, run, files, page, source) {
  const any = ['', 'any'];
  const set = (k) => (v) => ctx.setParams({ [k]: v, n: '' });
  const sources = [['train', 'training samples'], ...files.map((f) => [f.name, `evaluation at step ${f.step}${f.set === 'retention' ? ' (retention)' : ''}`])];
  const parts = [
    runPicker(ctx, run),
    h(
      'label',
      {},
      'show ',
      select(sources, source, (v) => ctx.setParams({ src: v, step: '', n: '' }), { dataset: { filter: 'src' } }),
    ),
    source === 'train'
      ? h(
          'label',
          {},
          'step ',
          select(
            [
              ['', 'all (newest first)'],
              ...page.facets.steps
                .slice()
                .reverse()
                .map((s) => [s, s]),
            ],
            ctx.param('step', ''),
            set('step'),
            { dataset: { filter: 'step' } },
          ),
        )
      : null,
    h('label', {}, 'task ', select([any, ...page.facets.tasks.map((t) => [t, t])], ctx.param('task', ''), set('task'), { dataset: { filter: 'task' } })),
    h(
      'label',
      {},
      'level ',
      select([any, ...page.facets.levels.map((l) => [l, `L${l}`])], ctx.param('level', ''), set('level'), { dataset: { filter: 'level' } }),
    ),
    h(
      'label',
      {},
      'verdict ',
      select([any, ['true', 'correct'], ['false', 'incorrect']], ctx.param('correct', ''), set('correct'), { dataset: { filter: 'correct' } }),
    ),
    source === 'train'
      ? h('label', {}, 'ξ ', select([any, ['1', '1 (expert on)'], ['0', '0']], ctx.param('xi', ''), set('xi'), { dataset: { filter: 'xi' } }))
      : null,
  ];
  return h('div', { class: 'controls' }, ...parts);
}

export async function renderCompletions(root, ctx) {
  const run = chosenRun(ctx);
  if (!run) return root.append(notice('Select a run in the Runs view to browse its completions.'));
  const { files } = await api.evals(run.id);
  const source = files.some((f) => f.name === ctx.param('src')) ? ctx.param('src') : 'train';
  const limit = Number(ctx.param('n', PAGE)) || PAGE;
  const filters = { task: ctx.param('task'), level: ctx.param('level'), correct: ctx.param('correct'), limit };
  const page =
    source === 'train'
      ? await api.completions(run.id, { ...filters, step: ctx.param('step'), xi: ctx.param('xi') })
      : await api.evalAnswers(run.id, source, filters);
  const what = source === 'train' ? `${page.total} prompts · ${page.rollouts} rollouts` : `${page.total} answers`;
  root.append(filterBar(ctx, run, files, page, source), h('p', { class: 'count', dataset: { testid: 'count', total: String(page.total) } }, what));
  if (page.total === 0) {
    root.append(
      notice(
        source === 'train'
          ? 'No logged prompts match (the trainer logs log.completionsPerStep prompts every log.completionsEvery steps).'
          : 'No answers match.',
      ),
    );
    return;
  }
  const list = h('div', { class: 'cards' }, ...page.items.map((item) => (source === 'train' ? trainCard(run, item) : evalCard(run, item))));
  root.append(list);
  if (page.items.length < page.total)
    root.append(h('button', { class: 'more', onclick: () => ctx.setParams({ n: limit + PAGE }) }, `show more (${page.total - page.items.length} left)`));
  // The same file, filters and evaluations: a live refresh leaves the page alone.
  return { token: JSON.stringify([run.id, source, page.version, filters, files.length, ctx.param('step'), ctx.param('xi')]) };
}

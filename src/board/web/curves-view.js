// Curves: one uPlot chart per metric, every selected run overlaid. A run alone in its group draws its raw values
// faint behind their EMA (the smoothing slider; 0 draws the raw line alone); a group of seeds draws each seed thin
// and their mean thick, as the sweep's PNG plots do (a dozen noise bands would hide everything). The EMA and the
// mean are train/smooth.ts's, bundled in: the same curves as `ahpo plot`.
import uPlot from 'uplot';
import { emaSmooth, fitRange, isFinitePoint, meanCurve } from '../../train/smooth.ts';
import { api } from './api.js';
import { h, notice, num, select } from './dom.js';

/**
 * field: a TrainRow column; rollout: placeholder in steps without rollouts (sft); smooth: false for schedules;
 * unit: a share or reward, whose axis stays within [0, 1] (as plot.ts draws them).
 */
export const CHARTS = [
  { key: 'reward', title: 'Reward (mean of rollouts)', field: 'rewardMean', rollout: true, unit: true },
  { key: 'accuracy', title: 'Train accuracy (verifier: correct)', field: 'accuracy', rollout: true, unit: true },
  { key: 'xi-share', title: 'ξ share (prompts with the expert term on)', field: 'xiShare', unit: true },
  { key: 'zero-var', title: 'Zero-variance share (groups with equal rewards)', field: 'zeroVarShare', rollout: true, unit: true },
  { key: 'loss-on', title: 'Loss, on-policy (clipped surrogate)', field: 'lossOn' },
  { key: 'loss-off', title: 'Loss, off-policy (expert NLL term)', field: 'lossOff' },
  { key: 'entropy', title: 'Entropy (nats per token)', field: 'entropy' },
  { key: 'kl', title: 'KL to the reference (k3)', field: 'kl' },
  { key: 'grad-norm', title: 'Gradient norm (before clipping)', field: 'gradNorm' },
  { key: 'lr', title: 'Learning rate', field: 'lr', smooth: false },
  { key: 'rollout-tps', title: 'Rollout tokens/s', field: 'rolloutTokensPerSec' },
  { key: 'train-tps', title: 'Train tokens/s (update)', field: 'trainTokensPerSec' },
  { key: 'truncation', title: 'Truncation rate (hit maxNewTokens)', field: 'truncationRate', rollout: true, unit: true },
  { key: 'length', title: 'Completion length (tokens)', field: 'completionTokens', rollout: true },
  { key: 'eval', title: 'Held-out accuracy (greedy)', eval: (r) => r.overall, unit: true },
  { key: 'retention', title: 'Retention accuracy', eval: (r) => r.retention?.overall, unit: true },
];

const WIDTH = 430;
const HEIGHT = 210;

/** `#rrggbb` at `alpha`, for the faint raw band and thin seed lines. */
function fade(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** The finite [x, y] points of one run for one chart, x in the chosen unit. */
function rawPoints(m, chart, xAxis, xScale) {
  if (chart.eval) return m.eval.map((r) => [r[xAxis] * xScale, chart.eval(r) ?? null]).filter(isFinitePoint);
  const xs = xAxis === 'time' ? m.train.time : m.train.step;
  const ys = m.train[chart.field];
  return xs.map((x, i) => [x * xScale, chart.rollout && m.noRollouts[i] ? null : ys[i]]).filter(isFinitePoint);
}

/** Series of one chart: [{label, points, stroke, width, dash, raw, markers}], and the raw points it draws from. */
function chartSeries(chart, groups, metricsById, namesById, o) {
  const series = [];
  let rawCount = 0;
  const smooth = (pts) => (o.smoothing > 0 && !chart.eval && chart.smooth !== false ? emaSmooth(pts, o.smoothing) : pts);
  for (const g of groups) {
    const runs = g.runIds
      .filter((id) => metricsById.has(id))
      .map((id) => ({ id, pts: rawPoints(metricsById.get(id), chart, o.xAxis, o.xScale) }))
      .filter((r) => r.pts.length > 0);
    rawCount += runs.reduce((n, r) => n + r.pts.length, 0);
    const markers = !!chart.eval;
    if (runs.length === 1) {
      const [r] = runs;
      const smoothed = smooth(r.pts);
      if (smoothed !== r.pts) series.push({ label: `${namesById.get(r.id)} (raw)`, points: r.pts, stroke: fade(g.color, 0.35), width: 1, raw: true });
      series.push({ label: namesById.get(r.id), points: smoothed, stroke: g.color, width: 2, dash: g.dash, markers });
    } else if (runs.length > 1) {
      const curves = runs.map((r) => smooth(r.pts));
      runs.forEach((r, i) => series.push({ label: namesById.get(r.id), points: curves[i], stroke: fade(g.color, 0.45), width: 1, dash: g.dash, markers }));
      series.push({ label: `${g.label} (mean of ${runs.length})`, points: meanCurve(curves), stroke: g.color, width: 3, dash: g.dash });
    }
  }
  return { series, rawCount };
}

/** Axis ticks: exponents for small values (a learning rate), no trailing zeros. */
function tick(v) {
  if (v === 0) return '0';
  if (Math.abs(v) < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

/**
 * The y range: the drawn values plus a margin, within [0, 1] for shares (smooth.ts fitRange, as in the PNG plots).
 * A span of float noise (an EMA of a constant comes back as 300 and 300.00000000000006) counts as flat: uPlot would
 * try to put ticks 1e-14 apart.
 */
function yRange(min, max, unit) {
  const flat = Number.isFinite(min) && Number.isFinite(max) && max - min <= 1e-9 * Math.max(1, Math.abs(min), Math.abs(max));
  return fitRange(flat ? [min] : [min, max], unit ? [0, 1] : undefined);
}

/** A readout under the chart: x and each solid series' value at the cursor. */
function readoutPlugin(el, series, xLabel) {
  return {
    hooks: {
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined) return void (el.textContent = '');
          const parts = series.map((s, k) => (s.raw ? null : [s.label, u.data[k + 1][i]])).filter((p) => p && p[1] !== null && p[1] !== undefined);
          el.textContent = `${xLabel} ${num(u.data[0][i])}: ${parts.map(([l, v]) => `${l} ${num(v)}`).join(' · ')}`;
        },
      ],
    },
  };
}

/** Builds a chart's box; the uPlot itself is made by `create`, once the box is in the page (uPlot measures it). */
function chartBox(chart, series, rawCount, xLabel) {
  const readout = h('div', { class: 'readout' });
  const box = h('div', { class: 'chart', dataset: { chart: chart.key, points: String(rawCount), series: String(series.length) } }, h('h3', {}, chart.title));
  const data = uPlot.join(series.map((s) => [s.points.map((p) => p[0]), s.points.map((p) => p[1])]));
  const opts = {
    width: WIDTH,
    height: HEIGHT,
    legend: { show: false },
    scales: { x: { time: false }, y: { range: (u, min, max) => yRange(min, max, chart.unit) } },
    cursor: { drag: { x: true, y: false } },
    axes: [
      { label: xLabel, size: 40, labelSize: 16, values: (u, splits) => splits.map(tick) },
      { size: 60, values: (u, splits) => splits.map(tick) },
    ],
    series: [
      { label: xLabel },
      ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: s.width, dash: s.dash, spanGaps: true, points: { show: !!s.markers, size: 5 } })),
    ],
    plugins: [readoutPlugin(readout, series, xLabel)],
  };
  const plot = h('div', { class: 'plot' });
  box.append(plot, readout);
  return { box, create: () => new uPlot({ ...opts, width: Math.max(300, plot.clientWidth) }, data, plot) };
}

function legend(groups, namesById, metricsById, smoothing) {
  const items = groups
    .filter((g) => g.runIds.some((id) => metricsById.has(id)))
    .map((g) => {
      const names = g.runIds.map((id) => namesById.get(id));
      const what = names.length > 1 ? `${g.label} — ${names.length} runs (thin), mean (thick)` : names[0];
      return h('li', {}, h('span', { class: 'swatch', style: { background: g.color } }), what);
    });
  const note = smoothing > 0 ? `solid: EMA, weight ${smoothing}; faint: raw per step` : 'raw per step (no smoothing)';
  return h('div', { class: 'legend' }, h('ul', {}, ...items), h('p', { class: 'note' }, `${note}. Drag across a chart to zoom, double-click to reset.`));
}

function controls(ctx, smoothing, xAxis) {
  const value = h('output', {}, smoothing.toFixed(2));
  const slider = h('input', {
    type: 'range',
    min: '0',
    max: '0.99',
    step: '0.01',
    value: String(smoothing),
    dataset: { testid: 'smoothing' },
    oninput: (e) => (value.textContent = Number(e.target.value).toFixed(2)),
    onchange: (e) => ctx.setParams({ smooth: e.target.value }),
  });
  return h(
    'div',
    { class: 'controls' },
    h('label', {}, 'smoothing ', slider, ' ', value),
    h(
      'label',
      {},
      'x axis ',
      select(
        [
          ['step', 'step'],
          ['time', 'training time'],
        ],
        xAxis,
        (v) => ctx.setParams({ x: v }),
      ),
    ),
  );
}

export async function renderCurves(root, ctx) {
  const runs = ctx.selected;
  if (runs.length === 0) return root.append(notice('Select runs in the Runs view to draw their curves.'));
  const smoothing = Math.min(0.99, Math.max(0, Number(ctx.param('smooth', '0.8')) || 0));
  const xAxis = ctx.param('x', 'step') === 'time' ? 'time' : 'step';
  const [cmp, ...metrics] = await Promise.all([api.compare(runs.map((r) => r.id)), ...runs.map((r) => api.metrics(r.id))]);
  const metricsById = new Map(runs.map((r, i) => [r.id, metrics[i]]).filter(([, m]) => m.train.step.length > 0 || m.eval.length > 0));
  const namesById = new Map(runs.map((r) => [r.id, r.name]));
  root.append(controls(ctx, smoothing, xAxis), legend(cmp.groups, namesById, metricsById, smoothing));
  if (metricsById.size === 0) return root.append(notice('No metrics yet: the selected runs have not logged a step.'));
  // Minutes once a run is longer than ten of them, so the ticks stay short.
  const maxTime = Math.max(0, ...[...metricsById.values()].flatMap((m) => [m.train.time.at(-1) ?? 0, ...m.eval.map((r) => r.time)]));
  const xScale = xAxis === 'time' && maxTime > 600 ? 1 / 60 : 1;
  const xLabel = xAxis === 'step' ? 'step' : xScale === 1 ? 'training time (s)' : 'training time (min)';
  const grid = h('div', { class: 'charts' });
  const charts = [];
  for (const chart of CHARTS) {
    const { series, rawCount } = chartSeries(chart, cmp.groups, metricsById, namesById, { smoothing, xAxis, xScale });
    if (series.length === 0) continue;
    const c = chartBox(chart, series, rawCount, xLabel);
    grid.append(c.box);
    charts.push(c);
  }
  root.append(grid);
  // uPlot listens on the window (resize, scroll): a re-render (every poll of a live run) must destroy the old plots.
  let plots = [];
  return {
    shown: () => (plots = charts.map((c) => c.create())),
    dispose: () => plots.forEach((p) => p.destroy()),
  };
}

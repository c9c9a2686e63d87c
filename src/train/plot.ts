// Training curves from a run's metrics.jsonl: line charts drawn as SVG with the project's stroke font (text is
// paths, so no system font is looked up and the PNG bytes depend only on the data), rasterised with sharp.
// `ahpo plot RUN_DIR` and the end of every training run call plotRun; sweeps reuse readMetrics and lineChart.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { canRender, textPath, textWidth } from '../tasks/render/glyphs.js';
import { rasterize } from '../tasks/render/raster.js';
import { circle, group, line, num, PALETTE, polyline, rect, svgDoc } from '../tasks/render/svg.js';
import type { EvalRow, MetricsRow, TrainRow } from './metrics.js';

export interface MetricsLog {
  path: string;
  train: TrainRow[];
  eval: EvalRow[];
  /** True when the last line was cut off mid-write (a run killed or still writing) and was left out. */
  partialLastLine: boolean;
}

/**
 * Reads metrics.jsonl. A partial last line (the writer was killed, or is writing right now) is left out, never
 * repaired: the file may belong to a live run. A bad line elsewhere is corruption and names file:line. When a
 * step appears twice (an old file from before resume rewrote it), the later row wins. Rows sorted by step.
 */
export function readMetrics(path: string): MetricsLog {
  if (!existsSync(path)) throw new Error(`${path}: metrics file not found (expected the metrics.jsonl a training run writes)`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const last = lines.length - 1;
  const train = new Map<number, TrainRow>();
  const evals = new Map<number, EvalRow>();
  let partialLastLine = false;
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    let row: MetricsRow;
    try {
      row = JSON.parse(text) as MetricsRow;
    } catch {
      if (i === last) return void (partialLastLine = true);
      throw new Error(`${path}:${i + 1}: not a JSON line (${JSON.stringify(text.slice(0, 60))}); expected one metrics row per line`);
    }
    if (row === null || typeof row !== 'object' || typeof row.step !== 'number') {
      throw new Error(`${path}:${i + 1}: expected a metrics row {kind, step, …}, got ${text.slice(0, 60)}`);
    }
    // Other kinds may be added later; plots ignore what they do not draw.
    if (row.kind === 'train') train.set(row.step, row);
    else if (row.kind === 'eval') evals.set(row.step, row);
  });
  const byStep = <T extends { step: number }>(m: Map<number, T>): T[] => [...m.values()].sort((a, b) => a.step - b.step);
  const log = { path, train: byStep(train), eval: byStep(evals), partialLastLine };
  if (log.train.length === 0 && log.eval.length === 0) {
    throw new Error(`${path}: no train or eval rows${partialLastLine ? ' (only a partial line)' : ''}; nothing to plot yet`);
  }
  return log;
}

// ---------------------------------------------------------------- charts

export interface Series {
  name: string;
  /** [x, y] pairs; a non-finite y (a skipped step written as null) breaks the line there. */
  points: [number, number | null][];
  color?: string;
  width?: number;
  /** Dash pattern; by default series past the twelfth colour get dashes. */
  dash?: number[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** The y range always shown (extended when data falls outside), e.g. [0, 1] for shares; else fitted to the data. */
  yRange?: [number, number];
}

/** A drawn chart: SVG elements for a `width`×`height` box at the origin. */
export interface Chart {
  body: string;
  width: number;
  height: number;
}

/** Twelve distinguishable colours; beyond them series repeat colours with dashes. */
export const SERIES_COLORS = [
  PALETTE.blue, PALETTE.red, PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.teal,
  '#8c564b', '#d6409f', '#7f7f7f', '#9a9a00', '#17a2b8', PALETTE.ink,
] as const;
export const DASHES = [undefined, [8, 5], [2, 5], [12, 4, 2, 4]];

const PLOT_W = 560;
const PLOT_H = 300;
const M = { left: 78, top: 44, bottom: 58, gap: 24 } as const;
const FONT = 13;
const LEGEND_ROW = 19;

/** Text the stroke font can draw: unsupported characters (ξ, ±, accents) become '?', never a throw mid-plot. */
export function plotText(s: string): string {
  return [...s].map((ch) => (canRender(ch) ? ch : '?')).join('');
}

/** Round tick positions covering [lo, hi] with about `target` intervals (1-2-5 steps). */
export function niceTicks(lo: number, hi: number, target = 5, integer = false): { lo: number; hi: number; step: number; ticks: number[] } {
  if (hi - lo < 1e-12) [lo, hi] = lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const a = Math.floor(lo / step + 1e-9) * step;
  const b = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; a + i * step <= b + step * 1e-9; i++) ticks.push(+(a + i * step).toPrecision(12));
  return { lo: a, hi: b, step, ticks };
}

/** A tick label with just enough decimals for the tick step. */
export function formatTick(v: number, step: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-4)) return v.toExponential(1);
  let d = 0;
  while (d < 6 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6) d++;
  return v.toFixed(d);
}

function finite(points: Series['points']): [number, number][] {
  return points.filter((p): p is [number, number] => typeof p[1] === 'number' && Number.isFinite(p[1]) && Number.isFinite(p[0]));
}

/** Splits a series into drawable runs at gaps (non-finite y). */
function segments(points: Series['points']): [number, number][][] {
  const out: [number, number][][] = [[]];
  for (const [x, y] of points) {
    if (typeof y === 'number' && Number.isFinite(y)) out[out.length - 1].push([x, y]);
    else if (out[out.length - 1].length > 0) out.push([]);
  }
  return out.filter((s) => s.length > 0);
}

/** A line chart with axes, ticks, axis labels, title and a legend column to the right of the plot. */
export function lineChart(spec: ChartSpec): Chart {
  const all = spec.series.flatMap((s) => finite(s.points));
  const legendLabels = spec.series.map((s) => plotText(s.name));
  const legendW = Math.max(110, ...legendLabels.map((l) => textWidth(l, FONT - 1) + 46));
  const width = Math.ceil(M.left + PLOT_W + M.gap + legendW);
  const height = Math.max(M.top + PLOT_H + M.bottom, M.top + spec.series.length * LEGEND_ROW + 16);
  const parts: string[] = [textPath(plotText(spec.title), M.left + PLOT_W / 2, 26, FONT + 4, { anchor: 'middle', weight: 'bold' })];
  const [px, py] = [M.left, M.top];
  const frame = rect(px, py, PLOT_W, PLOT_H, { stroke: PALETTE.grid, width: 1.2 });
  if (all.length === 0) {
    parts.push(frame, textPath('no data yet', px + PLOT_W / 2, py + PLOT_H / 2, FONT, { anchor: 'middle', baseline: 'middle', color: PALETTE.faint }));
    return { body: parts.join(''), width, height };
  }
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xt = niceTicks(Math.min(...xs), Math.max(...xs), 6, true);
  const [yLo, yHi] = spec.yRange ? [Math.min(spec.yRange[0], ...ys), Math.max(spec.yRange[1], ...ys)] : [Math.min(...ys), Math.max(...ys)];
  const yt = niceTicks(yLo, yHi, 5);
  const X = (x: number) => px + ((x - xt.lo) / (xt.hi - xt.lo)) * PLOT_W;
  const Y = (y: number) => py + PLOT_H - ((y - yt.lo) / (yt.hi - yt.lo)) * PLOT_H;
  for (const t of yt.ticks) {
    parts.push(line(px, Y(t), px + PLOT_W, Y(t), { stroke: PALETTE.shade, width: 1, linecap: 'butt' }));
    parts.push(line(px - 5, Y(t), px, Y(t), { stroke: PALETTE.grid, width: 1.2, linecap: 'butt' }));
    parts.push(textPath(formatTick(t, yt.step), px - 9, Y(t), FONT - 2, { anchor: 'end', baseline: 'middle' }));
  }
  for (const t of xt.ticks) {
    parts.push(line(X(t), py + PLOT_H, X(t), py + PLOT_H + 5, { stroke: PALETTE.grid, width: 1.2, linecap: 'butt' }));
    parts.push(textPath(formatTick(t, xt.step), X(t), py + PLOT_H + 21, FONT - 2, { anchor: 'middle' }));
  }
  // The frame goes over the gridlines, which would otherwise paint the top and bottom edges light grey.
  parts.push(frame);
  parts.push(textPath(plotText(spec.xLabel), px + PLOT_W / 2, py + PLOT_H + 46, FONT, { anchor: 'middle' }));
  const yLabelAt: [number, number] = [20, py + PLOT_H / 2];
  parts.push(group(textPath(plotText(spec.yLabel), yLabelAt[0], yLabelAt[1], FONT, { anchor: 'middle', baseline: 'middle' }), `rotate(-90 ${num(yLabelAt[0])} ${num(yLabelAt[1])})`));
  spec.series.forEach((s, i) => {
    const color = s.color ?? SERIES_COLORS[i % SERIES_COLORS.length];
    const dash = s.dash ?? DASHES[Math.floor(i / SERIES_COLORS.length) % DASHES.length];
    const w = s.width ?? 2;
    const pts = finite(s.points);
    for (const seg of segments(s.points)) {
      if (seg.length > 1) parts.push(polyline(seg.map(([x, y]) => [X(x), Y(y)] as const), { stroke: color, width: w, dash }));
    }
    // Markers make sparse series (eval every N steps, single points) readable; dense ones would turn to mush.
    if (pts.length <= 40) for (const [x, y] of pts) parts.push(circle(X(x), Y(y), w + 1.2, { fill: color }));
    const ly = py + 8 + i * LEGEND_ROW;
    const lx = px + PLOT_W + M.gap;
    parts.push(line(lx, ly, lx + 26, ly, { stroke: color, width: w + 0.5, dash, linecap: 'butt' }));
    parts.push(textPath(legendLabels[i], lx + 34, ly, FONT - 1, { baseline: 'middle' }));
  });
  return { body: parts.join(''), width, height };
}

/** Charts laid out in a grid of `cols` columns (each cell as big as the largest chart), under an optional title. */
export function gridOfCharts(charts: Chart[], cols: number, title?: string): Chart {
  const cw = Math.max(...charts.map((c) => c.width));
  const ch = Math.max(...charts.map((c) => c.height));
  const head = title ? 40 : 0;
  const parts = title ? [textPath(plotText(title), 16, 28, FONT + 7, { weight: 'bold' })] : [];
  charts.forEach((c, i) => parts.push(group(c.body, `translate(${num((i % cols) * cw)},${num(head + Math.floor(i / cols) * ch)})`)));
  return { body: parts.join(''), width: cols * cw, height: head + Math.ceil(charts.length / cols) * ch };
}

// ---------------------------------------------------------------- files

export type PlotFormat = 'png' | 'svg';

export interface PlotFile {
  path: string;
  format: PlotFormat;
  /** Pixel size for PNGs, user units for SVGs. */
  width: number;
  height: number;
}

/** PNG pixels per SVG user unit: 1.5 keeps the 11-unit tick labels legible. */
export const PNG_SCALE = 1.5;
const MAX_PNG_SIDE = 4096;

function writeAtomic(path: string, data: string | Buffer): void {
  // A viewer (or the sweep summary) may read a plot while it is rewritten: never expose half a file.
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Writes `chart` as `<base>.svg` and/or `<base>.png`; returns what was written. */
export async function writeChart(chart: Chart, base: string, formats: readonly PlotFormat[] = ['svg', 'png']): Promise<PlotFile[]> {
  const svg = svgDoc(chart.width, chart.height, chart.body);
  const out: PlotFile[] = [];
  if (formats.includes('svg')) {
    writeAtomic(`${base}.svg`, svg);
    out.push({ path: `${base}.svg`, format: 'svg', width: chart.width, height: chart.height });
  }
  if (formats.includes('png')) {
    const longest = Math.max(chart.width, chart.height);
    const sizePx = Math.min(MAX_PNG_SIDE, Math.round(longest * PNG_SCALE));
    const k = sizePx / longest;
    writeAtomic(`${base}.png`, await rasterize(svg, sizePx));
    out.push({ path: `${base}.png`, format: 'png', width: Math.max(1, Math.round(chart.width * k)), height: Math.max(1, Math.round(chart.height * k)) });
  }
  return out;
}

/** The charts of one run, keyed by file name (without extension). */
export function runCharts(log: MetricsLog): Record<string, ChartSpec> {
  const tr = (pick: (r: TrainRow) => number | null | undefined): Series['points'] => log.train.map((r) => [r.step, pick(r) ?? null]);
  const taskNames = [...new Set(log.eval.flatMap((r) => Object.keys(r.tasks ?? {})))].sort();
  const xLabel = 'step';
  return {
    reward: { title: 'Reward (mean of rollouts)', xLabel, yLabel: 'reward', yRange: [0, 1], series: [{ name: 'reward mean', points: tr((r) => r.rewardMean) }] },
    accuracy: { title: 'Train accuracy (reward ≥ success)', xLabel, yLabel: 'accuracy', yRange: [0, 1], series: [{ name: 'train accuracy', points: tr((r) => r.accuracy) }] },
    'xi-share': { title: 'Expert NLL gate: share of prompts with xi = 1', xLabel, yLabel: 'xi share', yRange: [0, 1], series: [{ name: 'xi share', points: tr((r) => r.xiShare) }] },
    losses: {
      title: 'Losses',
      xLabel,
      yLabel: 'loss',
      series: [
        { name: 'loss', points: tr((r) => r.loss), color: PALETTE.ink },
        { name: 'loss on-policy', points: tr((r) => r.lossOn), color: PALETTE.blue },
        { name: 'loss off-policy (NLL)', points: tr((r) => r.lossOff), color: PALETTE.orange },
      ],
    },
    eval: {
      title: 'Held-out accuracy',
      xLabel,
      yLabel: 'accuracy',
      yRange: [0, 1],
      series: [
        { name: 'overall', points: log.eval.map((r) => [r.step, r.overall]), color: PALETTE.ink, width: 3 },
        // Colours without the ink of `overall`; dashes once they run out (42 task families exist).
        ...taskNames.map((t, i): Series => {
          const k = SERIES_COLORS.length - 1;
          return { name: t, points: log.eval.map((r) => [r.step, r.tasks?.[t] ?? null]), color: SERIES_COLORS[i % k], dash: DASHES[Math.floor(i / k) % DASHES.length] };
        }),
      ],
    },
  };
}

export interface PlotRunOptions {
  formats?: readonly PlotFormat[];
}

/**
 * Writes RUN_DIR/plots/{reward,accuracy,xi-share,losses,eval}.{svg,png} and overview.{png,svg} from
 * RUN_DIR/metrics.jsonl. Throws naming the file when it is missing or has no rows.
 */
export async function plotRun(runDir: string, o: PlotRunOptions = {}): Promise<PlotFile[]> {
  const formats = o.formats ?? ['svg', 'png'];
  const log = readMetrics(join(runDir, 'metrics.jsonl'));
  const dir = join(runDir, 'plots');
  mkdirSync(dir, { recursive: true });
  const charts = Object.entries(runCharts(log)).map(([name, spec]) => [name, lineChart(spec)] as const);
  const files: PlotFile[] = [];
  for (const [name, chart] of charts) files.push(...(await writeChart(chart, join(dir, name), formats)));
  const title = `${basename(resolve(runDir))}: ${log.train.length} train steps, ${log.eval.length} evals`;
  files.push(...(await writeChart(gridOfCharts(charts.map(([, c]) => c), 2, title), join(dir, 'overview'), formats)));
  return files;
}

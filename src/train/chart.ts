// Line charts as SVG elements, drawn with the project's stroke font (text is paths, so no system font is looked up
// and the PNG bytes depend only on the data). Noisy per-step series are drawn the way TensorBoard and wandb draw
// them: the exponentially smoothed line solid, the raw values faint behind it. The y axis is fitted to the data
// (within the metric's natural bounds) and the x axis is either the step or the training time.
import { canRender, textPath, textWidth } from '../tasks/render/glyphs.js';
import { circle, group, line, num, PALETTE, polyline, rect } from '../tasks/render/svg.js';
import { emaSmooth, fitRange, isFinitePoint, type XY } from './smooth.js';

export interface Series {
  name: string;
  /** [x, y] pairs; a missing or non-finite y (a skipped step written as null) is never drawn. */
  points: [number, number | null][];
  color?: string;
  width?: number;
  /** Dash pattern; by default series past the twelfth colour get dashes. */
  dash?: number[];
  /**
   * EMA weight in [0, 1) (see emaSmooth). Above 0 the smoothed line is drawn solid and the raw values faint
   * behind it, so the trend is readable and the noise still visible; 0 or absent draws the raw line alone.
   */
  smoothing?: number;
  /** Dots at the data points; by default on unsmoothed series of at most 40 points (evaluations). */
  markers?: boolean;
  /** Listed in the legend (default true). Seeds drawn thin behind their mean leave it out. */
  legend?: boolean;
  opacity?: number;
}

export type XAxis = 'step' | 'time';

export interface ChartSpec {
  title: string;
  /** Default: 'step', or for the time axis 'training time (s|min, evaluation excluded)' with the unit chosen. */
  xLabel?: string;
  yLabel: string;
  series: Series[];
  /** 'time': x values are seconds of training time, shown in seconds or minutes (whichever reads better). */
  xAxis?: XAxis;
  /** The metric's natural range, e.g. [0, 1] for shares: the fitted y axis never extends past it. */
  yBounds?: [number, number];
  /** Short lines under the legend, e.g. how the curves were smoothed. */
  notes?: string[];
}

/** A drawn chart: SVG elements for a `width`×`height` box at the origin. */
export interface Chart {
  body: string;
  width: number;
  height: number;
  /** The drawn axis ranges (x in display units: steps, seconds or minutes); absent for a chart without data. */
  axes?: { x: [number, number]; y: [number, number]; xUnit: 'step' | 's' | 'min' };
}

/** Twelve distinguishable colours; beyond them series repeat colours with dashes. */
export const SERIES_COLORS = [
  PALETTE.blue,
  PALETTE.red,
  PALETTE.green,
  PALETTE.orange,
  PALETTE.purple,
  PALETTE.teal,
  '#8c564b',
  '#d6409f',
  '#7f7f7f',
  '#9a9a00',
  '#17a2b8',
  PALETTE.ink,
] as const;
export const DASHES = [undefined, [8, 5], [2, 5], [12, 4, 2, 4]];

/** Opacity and width of the raw series behind a smoothed line: visible as a band, never mistaken for the line. */
export const RAW_OPACITY = 0.25;
const RAW_WIDTH = 1;

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

/** Seconds up to 15 minutes (the ticks stay round numbers of seconds), minutes beyond. */
export function timeUnit(maxSeconds: number): { name: 's' | 'min'; seconds: number } {
  return maxSeconds > 900 ? { name: 'min', seconds: 60 } : { name: 's', seconds: 1 };
}

/** Splits a series into drawable runs: a missing y breaks the line, so a gap shows where no value was logged. */
function segments(points: Series['points']): XY[][] {
  const out: XY[][] = [[]];
  for (const p of points) {
    if (isFinitePoint(p)) out[out.length - 1].push([p[0], p[1]]);
    else if (out[out.length - 1].length > 0) out.push([]);
  }
  return out.filter((s) => s.length > 0);
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A line chart with axes, ticks, axis labels, title and a legend column to the right of the plot. */
export function lineChart(spec: ChartSpec): Chart {
  const axis = spec.xAxis ?? 'step';
  const unit = timeUnit(Math.max(0, ...spec.series.flatMap((s) => s.points.filter(isFinitePoint).map((p) => p[0]))));
  const xDiv = axis === 'time' ? unit.seconds : 1;
  const xLabel = spec.xLabel ?? (axis === 'time' ? `training time (${unit.name}, evaluation excluded)` : 'step');
  // Points in display units; the smoothed line is computed here so every caller smooths the same way.
  const drawn = spec.series.map((s) => {
    const raw = s.points.map(([x, y]): [number, number | null] => [x / xDiv, y]);
    const smooth = s.smoothing && s.smoothing > 0 ? emaSmooth(raw, s.smoothing) : null;
    return { s, raw, smooth };
  });
  const all = drawn.flatMap((d) => d.raw.filter(isFinitePoint));
  const inLegend = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => s.legend !== false);
  const legendLabels = inLegend.map(({ s }) => plotText(s.name));
  const notes = (spec.notes ?? []).map(plotText);
  const legendW = Math.max(110, ...legendLabels.map((l) => textWidth(l, FONT - 1) + 46), ...notes.map((n) => textWidth(n, FONT - 2) + 8));
  const width = Math.ceil(M.left + PLOT_W + M.gap + legendW);
  const legendRows = inLegend.length + (notes.length ? notes.length + 0.5 : 0);
  const height = Math.ceil(Math.max(M.top + PLOT_H + M.bottom, M.top + legendRows * LEGEND_ROW + 16));
  const parts: string[] = [textPath(plotText(spec.title), M.left + PLOT_W / 2, 26, FONT + 4, { anchor: 'middle', weight: 'bold' })];
  const [px, py] = [M.left, M.top];
  const frame = rect(px, py, PLOT_W, PLOT_H, { stroke: PALETTE.grid, width: 1.2 });
  if (all.length === 0) {
    parts.push(frame, textPath('no data yet', px + PLOT_W / 2, py + PLOT_H / 2, FONT, { anchor: 'middle', baseline: 'middle', color: PALETTE.faint }));
    return { body: parts.join(''), width, height };
  }
  const xs = all.map((p) => p[0]);
  // The x axis starts at a round tick (usually 0) but ends at the last point: rounding the end up too would leave
  // up to a fifth of the plot empty (a 670 s run on a 0–800 s axis).
  const xt = niceTicks(Math.min(...xs), Math.max(...xs), axis === 'time' ? 8 : 6, axis === 'step');
  if (Math.max(...xs) > xt.lo) {
    xt.hi = Math.max(...xs);
    xt.ticks = xt.ticks.filter((t) => t <= xt.hi + 1e-9);
  }
  // Fitted to every drawn value (the raw ones bound their smoothed line, an average of them), then rounded out to
  // tick values, which must not leave the metric's bounds either.
  const yt = niceTicks(
    ...fitRange(
      all.map((p) => p[1]),
      spec.yBounds,
    ),
    5,
  );
  if (spec.yBounds) {
    yt.lo = Math.max(yt.lo, spec.yBounds[0]);
    yt.hi = Math.min(yt.hi, spec.yBounds[1]);
    yt.ticks = yt.ticks.filter((t) => t >= yt.lo - 1e-12 && t <= yt.hi + 1e-12);
  }
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
  parts.push(textPath(plotText(xLabel), px + PLOT_W / 2, py + PLOT_H + 46, FONT, { anchor: 'middle' }));
  const yLabelAt: [number, number] = [20, py + PLOT_H / 2];
  parts.push(
    group(
      textPath(plotText(spec.yLabel), yLabelAt[0], yLabelAt[1], FONT, { anchor: 'middle', baseline: 'middle' }),
      `rotate(-90 ${num(yLabelAt[0])} ${num(yLabelAt[1])})`,
    ),
  );
  const style = drawn.map(({ s }, i) => ({
    color: s.color ?? SERIES_COLORS[i % SERIES_COLORS.length],
    // Default dashes tell apart series whose default colours repeat; a series given its colour keeps a solid line.
    dash: s.dash ?? (s.color ? undefined : DASHES[Math.floor(i / SERIES_COLORS.length) % DASHES.length]),
    w: s.width ?? 2,
  }));
  const toPx = (seg: readonly XY[]) => seg.map(([x, y]) => [X(x), Y(y)] as const);
  // Every raw band first, then the lines: one series' noise must not paint over another series' trend.
  // Groups carry the series name and role, so a reader (or a test) can tell the layers apart in the SVG.
  drawn.forEach(({ s, raw, smooth }, i) => {
    if (!smooth) return;
    const lines = segments(raw)
      .filter((seg) => seg.length > 1)
      .map((seg) => polyline(toPx(seg), { stroke: style[i].color, width: RAW_WIDTH, opacity: RAW_OPACITY }));
    // A lone raw value between gaps still shows, as a faint dot.
    const dots = segments(raw)
      .filter((seg) => seg.length === 1)
      .map(([[x, y]]) => circle(X(x), Y(y), RAW_WIDTH + 0.5, { fill: style[i].color, opacity: RAW_OPACITY }));
    parts.push(`<g class="raw" data-series="${attr(s.name)}">${lines.join('')}${dots.join('')}</g>`);
  });
  drawn.forEach(({ s, raw, smooth }, i) => {
    const { color, dash, w } = style[i];
    const segs = smooth ? [smooth] : segments(raw);
    const body = segs.filter((seg) => seg.length > 1).map((seg) => polyline(toPx(seg), { stroke: color, width: w, dash, opacity: s.opacity }));
    const pts = smooth ?? raw.filter(isFinitePoint);
    // Markers make sparse series (eval every N steps, single points) readable; dense ones would turn to mush.
    if (s.markers ?? (!smooth && pts.length <= 40)) for (const [x, y] of pts) body.push(circle(X(x), Y(y), w + 1.2, { fill: color, opacity: s.opacity }));
    else if (pts.length === 1) body.push(circle(X(pts[0][0]), Y(pts[0][1]), w + 1.2, { fill: color, opacity: s.opacity }));
    parts.push(`<g class="${smooth ? 'smoothed' : 'line'}" data-series="${attr(s.name)}">${body.join('')}</g>`);
  });
  const lx = px + PLOT_W + M.gap;
  inLegend.forEach(({ i }, row) => {
    const { color, dash, w } = style[i];
    const ly = py + 8 + row * LEGEND_ROW;
    parts.push(line(lx, ly, lx + 26, ly, { stroke: color, width: w + 0.5, dash, linecap: 'butt' }));
    parts.push(textPath(legendLabels[row], lx + 34, ly, FONT - 1, { baseline: 'middle' }));
  });
  notes.forEach((n, k) => {
    const ny = py + 8 + (inLegend.length + 0.5 + k) * LEGEND_ROW;
    parts.push(textPath(n, lx, ny, FONT - 2, { baseline: 'middle', color: PALETTE.grid }));
  });
  const xUnit = axis === 'time' ? unit.name : 'step';
  // The axis is named in the SVG too (the labels are glyph paths, unreadable to a script checking a plot).
  return { body: `<g class="chart" data-x-unit="${xUnit}">${parts.join('')}</g>`, width, height, axes: { x: [xt.lo, xt.hi], y: [yt.lo, yt.hi], xUnit } };
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

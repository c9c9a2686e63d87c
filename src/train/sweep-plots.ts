// The sweep's comparison plots: one colour per grid point (per mode when ahpo.mode is a grid key, the same colour
// in every plot and every sweep), each seed a thin line, the mean over seeds a thick one, so the spread between
// seeds is visible next to the difference between modes. Train series are smoothed per run before the mean.
import { join } from 'node:path';
import { PALETTE } from '../tasks/render/svg.js';
import { DASHES, lineChart, SERIES_COLORS, type Series, type XAxis } from './chart.js';
import { DEFAULT_SMOOTHING, smoothingNotes, withoutRollouts, writeChart, type PlotFile } from './plot.js';
import { emaSmooth, isFinitePoint, meanCurve } from './smooth.js';
import type { TrainRow } from './metrics.js';
import type { PointSummary, SweepSummary } from './sweep-summary.js';

/** A fixed colour per mode, so "grpo is red" holds across plots and across sweeps that compare fewer modes. */
export const MODE_COLORS: Readonly<Record<string, string>> = {
  ahpo: PALETTE.blue,
  static: PALETTE.orange,
  grpo: PALETTE.red,
  sft: PALETTE.green,
  luffy: PALETTE.purple,
  'sft-grpo': PALETTE.teal,
  hpt: '#8c564b',
};
const MODE_KEY = 'ahpo.mode';

const key = (values: Record<string, string>): string => JSON.stringify(values);
const label = (values: Record<string, string>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ') || 'base';

/**
 * Colour and dash of each grid point (keyed by its values as JSON). With ahpo.mode in the grid the colour is the
 * mode's and the other keys' combinations get dashes; otherwise grid points take the series colours in order.
 */
export function groupStyles(s: SweepSummary): Map<string, { color: string; dash?: number[] }> {
  const out = new Map<string, { color: string; dash?: number[] }>();
  const rest = (v: Record<string, string>) => key(Object.fromEntries(Object.entries(v).filter(([k]) => k !== MODE_KEY)));
  const restOrder = [...new Set(s.groups.map((g) => rest(g.values)))];
  s.groups.forEach((g, gi) => {
    const mode = g.values[MODE_KEY];
    if (mode !== undefined && MODE_COLORS[mode])
      out.set(key(g.values), { color: MODE_COLORS[mode], dash: DASHES[restOrder.indexOf(rest(g.values)) % DASHES.length] });
    else out.set(key(g.values), { color: SERIES_COLORS[gi % SERIES_COLORS.length], dash: DASHES[Math.floor(gi / SERIES_COLORS.length) % DASHES.length] });
  });
  return out;
}

/** True when every run with data was stopped by train.maxSeconds: then training time, not step, is the fair axis. */
export function matchedByTime(s: SweepSummary): boolean {
  const withData = s.points.filter((p) => p.train.length > 0 || p.evals.length > 0);
  return withData.length > 0 && withData.every((p) => p.maxSeconds > 0);
}

/** Held-out accuracy of each run with evaluations, one series per run, x the step or the training seconds. */
export function accuracySeries(s: SweepSummary, x: XAxis = 'step'): Series[] {
  const styles = groupStyles(s);
  return s.points
    .filter((p) => p.evals.length > 0)
    .map((p) => ({
      name: `${label(p.point.values)} seed=${p.point.seed}`,
      points: p.evals.map((r) => [r[x], r.overall] as [number, number]),
      color: styles.get(key(p.point.values))?.color,
    }));
}

/** A series with the grid point (its values as JSON) it belongs to. */
export type GroupSeries = Series & { group: string };

/**
 * Thin per-seed lines (smoothed by `smoothing` first, no raw band: a dozen noise bands would hide everything) and
 * one thick mean per grid point, which alone is in the legend. A grid point with one run draws just that run,
 * thick. The mean is taken where all its seeds have data (meanCurve), so it never extrapolates a short run.
 */
export function comparisonSeries(s: SweepSummary, curve: (p: PointSummary) => Series['points'], smoothing = 0): GroupSeries[] {
  const styles = groupStyles(s);
  const thin: GroupSeries[] = [];
  const thick: GroupSeries[] = [];
  for (const g of s.groups) {
    const { color, dash } = styles.get(key(g.values))!;
    const group = key(g.values);
    const runs = s.points
      .filter((p) => key(p.point.values) === key(g.values))
      .map((p) => ({ p, pts: smoothing > 0 ? emaSmooth(curve(p), smoothing) : curve(p).filter(isFinitePoint) }))
      .filter((r) => r.pts.length > 0);
    if (runs.length === 0) continue;
    if (runs.length === 1) {
      thick.push({ name: `${label(g.values)} (seed ${runs[0].p.point.seed})`, points: runs[0].pts, color, dash, width: 3, group });
      continue;
    }
    // Markers on the seeds' own points (real measurements), none on the mean (interpolated where seeds differ in x).
    for (const r of runs)
      thin.push({ name: `${label(g.values)} seed=${r.p.point.seed}`, points: r.pts, color, dash, width: 1, opacity: 0.45, legend: false, group });
    thick.push({
      name: `${label(g.values)} (mean of ${runs.length} seeds)`,
      points: meanCurve(runs.map((r) => r.pts)),
      color,
      dash,
      width: 3,
      markers: false,
      group,
    });
  }
  return [...thin, ...thick];
}

function notes(s: SweepSummary, series: readonly GroupSeries[], smoothing: number): string[] {
  const seeds = series.some((x) => x.legend === false) ? ['thin: one run per seed', 'thick: mean over seeds'] : [];
  // A grid point with no line at all (sft has no rollouts, so no reward) is named, not silently missing.
  const drawn = new Set(series.map((x) => x.group));
  const missing = s.groups.filter((g) => !drawn.has(key(g.values))).map((g) => `no data: ${label(g.values)}`);
  return [
    ...seeds,
    ...(smoothing > 0
      ? smoothingNotes(smoothing)
          .slice(0, 1)
          .map((n) => `${n} (per run)`)
      : []),
    ...missing,
  ];
}

export interface SweepPlotOptions {
  /** EMA weight for the train series (default DEFAULT_SMOOTHING); held-out accuracy is never smoothed. */
  smoothing?: number;
}

/**
 * accuracy.{png,svg} (held-out accuracy by step) and accuracy-time (by training time), then reward and xi-share
 * (smoothed train series) on the axis the runs were matched on: training time when every run was stopped by
 * train.maxSeconds, else the step.
 */
export async function writeSweepPlots(s: SweepSummary, dir: string, o: SweepPlotOptions = {}): Promise<PlotFile[]> {
  const smoothing = o.smoothing ?? DEFAULT_SMOOTHING;
  const files: PlotFile[] = [];
  for (const [xAxis, name] of [
    ['step', 'accuracy'],
    ['time', 'accuracy-time'],
  ] as const) {
    const series = comparisonSeries(s, (p) => p.evals.map((r) => [r[xAxis], r.overall]));
    const chart = lineChart({
      title: 'Held-out accuracy per grid point',
      xAxis,
      yLabel: 'overall accuracy',
      yBounds: [0, 1],
      series,
      notes: notes(s, series, 0),
    });
    files.push(...(await writeChart(chart, join(dir, name))));
  }
  const xAxis: XAxis = matchedByTime(s) ? 'time' : 'step';
  const train =
    (pick: (r: TrainRow, mode?: string) => number | null) =>
    (p: PointSummary): Series['points'] =>
      p.train.map((r) => [r[xAxis], pick(r, p.mode)]);
  // Rows without rollouts (sft) carry a placeholder reward of 0: left out, so sft draws no reward line at all.
  for (const [name, title, yLabel, pick] of [
    ['reward', 'Train reward (mean of rollouts)', 'reward', (r: TrainRow, mode?: string) => (withoutRollouts(r, mode) ? null : r.rewardMean)],
    ['xi-share', 'Share of prompts with xi = 1', 'xi share', (r: TrainRow) => r.xiShare],
  ] as const) {
    const series = comparisonSeries(s, train(pick), smoothing);
    const chart = lineChart({ title, xAxis, yLabel, yBounds: [0, 1], series, notes: notes(s, series, smoothing) });
    files.push(...(await writeChart(chart, join(dir, name))));
  }
  return files;
}

// Training curves from a run's metrics.jsonl, drawn by chart.ts as SVG and rasterised with sharp. `ahpo plot
// RUN_DIR` and the end of every training run call plotRun; sweeps reuse readMetrics, lineChart and writeChart.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic.js';
import { JsonlError, readJsonl } from '../io/jsonl.js';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { rasterize } from '../tasks/render/raster.js';
import { PALETTE, svgDoc } from '../tasks/render/svg.js';
import { DASHES, gridOfCharts, lineChart, SERIES_COLORS, type Chart, type ChartSpec, type Series, type XAxis } from './chart.js';
import type { EvalRow, MetricsRow, TrainRow } from './metrics.js';

// The chart API lived here before chart.ts was split out; callers keep importing it from plot.ts.
export { DASHES, formatTick, gridOfCharts, lineChart, niceTicks, plotText, SERIES_COLORS, timeUnit } from './chart.js';
export type { Chart, ChartSpec, Series, XAxis } from './chart.js';

export interface MetricsLog {
  path: string;
  train: TrainRow[];
  eval: EvalRow[];
  /** True when the last line was cut off mid-write (a run killed or still writing) and was left out. */
  partialLastLine: boolean;
}

/**
 * Reads metrics.jsonl by the io/jsonl.ts rules: a partial last line (the writer was killed, or is writing right now)
 * is left out, never repaired: the file may belong to a live run. A bad line elsewhere is corruption and names file:line. When a
 * step appears twice (an old file from before resume rewrote it), the later row wins. Rows sorted by step.
 */
export function readMetrics(path: string): MetricsLog {
  if (!existsSync(path)) throw new Error(`${path}: metrics file not found (expected the metrics.jsonl a training run writes)`);
  const content = readJsonl(path, { expected: 'expected one metrics row per line' });
  const partialLastLine = content.partial !== undefined;
  const train = new Map<number, TrainRow>();
  const evals = new Map<number, EvalRow>();
  for (const { value, line } of content.lines) {
    const row = value as MetricsRow;
    if (row === null || typeof row !== 'object' || typeof row.step !== 'number') {
      throw new JsonlError(`${path}:${line}: expected a metrics row {kind, step, …}, got ${JSON.stringify(value).slice(0, 60)}`);
    }
    // Other kinds may be added later; plots ignore what they do not draw.
    if (row.kind === 'train') train.set(row.step, row);
    else if (row.kind === 'eval') evals.set(row.step, row);
  }
  const byStep = <T extends { step: number }>(m: Map<number, T>): T[] => [...m.values()].sort((a, b) => a.step - b.step);
  const log = { path, train: byStep(train), eval: byStep(evals), partialLastLine };
  if (log.train.length === 0 && log.eval.length === 0) {
    throw new Error(`${path}: no train or eval rows${partialLastLine ? ' (only a partial line)' : ''}; nothing to plot yet`);
  }
  return log;
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

/** Writes `chart` as `<base>.svg` and/or `<base>.png`; returns what was written. */
export async function writeChart(chart: Chart, base: string, formats: readonly PlotFormat[] = ['svg', 'png']): Promise<PlotFile[]> {
  const svg = svgDoc(chart.width, chart.height, chart.body);
  const out: PlotFile[] = [];
  if (formats.includes('svg')) {
    // A viewer (or the sweep summary) may read a plot while it is rewritten: never expose half a file.
    writeFileAtomicSync(`${base}.svg`, svg);
    out.push({ path: `${base}.svg`, format: 'svg', width: chart.width, height: chart.height });
  }
  if (formats.includes('png')) {
    const longest = Math.max(chart.width, chart.height);
    const sizePx = Math.min(MAX_PNG_SIDE, Math.round(longest * PNG_SCALE));
    const k = sizePx / longest;
    writeFileAtomicSync(`${base}.png`, await rasterize(svg, sizePx));
    out.push({ path: `${base}.png`, format: 'png', width: Math.max(1, Math.round(chart.width * k)), height: Math.max(1, Math.round(chart.height * k)) });
  }
  return out;
}

/** EMA weight for per-step train series: one step's mean over a few prompts is mostly noise (TensorBoard's scale). */
export const DEFAULT_SMOOTHING = 0.8;

/** What the legend says about smoothed curves, so a reader knows the solid line is not the raw data. */
export function smoothingNotes(weight: number): string[] {
  return weight > 0 ? [`solid: EMA, weight ${weight}`, 'faint: raw per step'] : [];
}

/**
 * True for a train row without rollouts: sft runs, and the sft stage of sft-grpo, log rewardMean and accuracy as
 * 0 placeholders, which a reward plot must skip rather than draw as a collapse to 0. The row's `stage` says it
 * where logged; older rows fall back to the run's mode.
 */
export function withoutRollouts(r: TrainRow, mode?: string): boolean {
  const stage = (r as { stage?: unknown }).stage;
  return (typeof stage === 'string' ? stage : mode) === 'sft';
}

export interface RunChartOptions {
  /** EMA weight for the train series, in [0, 1); 0 draws them raw. Eval series (few points) are never smoothed. */
  smoothing?: number;
  /** 'time': x is the training time of each row (evaluation excluded), else the step. */
  xAxis?: XAxis;
  /** ahpo.mode of the run (runConfigInfo), so rows without rollouts are left out of reward and accuracy. */
  mode?: string;
}

/** The charts of one run, keyed by file name (without extension). */
export function runCharts(log: MetricsLog, o: RunChartOptions = {}): Record<string, ChartSpec> {
  const smoothing = o.smoothing ?? DEFAULT_SMOOTHING;
  const xAxis = o.xAxis ?? 'step';
  const xOf = (r: TrainRow | EvalRow): number => (xAxis === 'time' ? r.time : r.step);
  const tr = (pick: (r: TrainRow) => number | null | undefined): Series['points'] => log.train.map((r) => [xOf(r), pick(r) ?? null]);
  const rollout = (pick: (r: TrainRow) => number) => tr((r) => (withoutRollouts(r, o.mode) ? null : pick(r)));
  const taskNames = [...new Set(log.eval.flatMap((r) => Object.keys(r.tasks ?? {})))].sort();
  const notes = smoothingNotes(smoothing);
  const unit: [number, number] = [0, 1];
  return {
    reward: {
      title: 'Reward (mean of rollouts)',
      xAxis,
      yLabel: 'reward',
      yBounds: unit,
      notes,
      series: [{ name: 'reward mean', points: rollout((r) => r.rewardMean), smoothing }],
    },
    accuracy: {
      title: 'Train accuracy (reward ≥ success)',
      xAxis,
      yLabel: 'accuracy',
      yBounds: unit,
      notes,
      series: [{ name: 'train accuracy', points: rollout((r) => r.accuracy), smoothing }],
    },
    'xi-share': {
      title: 'Share of prompts with xi = 1 (expert trace used)',
      xAxis,
      yLabel: 'xi share',
      yBounds: unit,
      notes,
      series: [{ name: 'xi share', points: tr((r) => r.xiShare), smoothing }],
    },
    losses: {
      title: 'Losses',
      xAxis,
      yLabel: 'loss',
      notes,
      series: [
        { name: 'loss', points: tr((r) => r.loss), color: PALETTE.ink, smoothing },
        { name: 'loss on-policy', points: tr((r) => r.lossOn), color: PALETTE.blue, smoothing },
        { name: 'loss off-policy (NLL)', points: tr((r) => r.lossOff), color: PALETTE.orange, smoothing },
      ],
    },
    eval: {
      title: 'Held-out accuracy',
      xAxis,
      yLabel: 'accuracy',
      yBounds: unit,
      series: [
        { name: 'overall', points: log.eval.map((r) => [xOf(r), r.overall]), color: PALETTE.ink, width: 3 },
        // Colours without the ink of `overall`; dashes once they run out (42 task families exist).
        ...taskNames.map((t, i): Series => {
          const k = SERIES_COLORS.length - 1;
          return {
            name: t,
            points: log.eval.map((r) => [xOf(r), r.tasks?.[t] ?? null]),
            color: SERIES_COLORS[i % k],
            dash: DASHES[Math.floor(i / k) % DASHES.length],
          };
        }),
      ],
    },
  };
}

/** What the plots need from the resolved config a run writes to RUN_DIR/config.yaml. */
export interface RunConfigInfo {
  /** train.maxSeconds; 0 when off. */
  maxSeconds: number;
  /** ahpo.mode (sft runs have no rollouts: their reward columns are placeholders). */
  mode?: string;
}

/**
 * Reads RUN_DIR/config.yaml for the plots; a missing or unreadable file gives {maxSeconds: 0} — a plot must not
 * fail over the config, the metrics are what it draws.
 */
export function runConfigInfo(runDir: string): RunConfigInfo {
  try {
    const cfg = parseYaml(readFileSync(join(runDir, 'config.yaml'), 'utf8')) as { train?: { maxSeconds?: unknown }; ahpo?: { mode?: unknown } } | null;
    const v = cfg?.train?.maxSeconds;
    const mode = cfg?.ahpo?.mode;
    return { maxSeconds: typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0, ...(typeof mode === 'string' ? { mode } : {}) };
  } catch {
    return { maxSeconds: 0 };
  }
}

export interface PlotRunOptions {
  formats?: readonly PlotFormat[];
  /** EMA weight for train series (default DEFAULT_SMOOTHING). */
  smoothing?: number;
  /**
   * x axes to draw, each a full set of files: 'step' as `<name>`, 'time' as `<name>-time`. Default: the step, plus
   * the training time when the run was limited by train.maxSeconds (runs matched by time compare on that axis).
   */
  axes?: readonly XAxis[];
}

/**
 * Writes RUN_DIR/plots/{reward,accuracy,xi-share,losses,eval,overview}.{svg,png} from RUN_DIR/metrics.jsonl, and
 * the same with a `-time` suffix on the training-time axis. Throws naming the file when it is missing or has no rows.
 */
export async function plotRun(runDir: string, o: PlotRunOptions = {}): Promise<PlotFile[]> {
  const formats = o.formats ?? ['svg', 'png'];
  const cfg = runConfigInfo(runDir);
  const axes = o.axes ?? (cfg.maxSeconds > 0 ? ['step', 'time'] : ['step']);
  const log = readMetrics(join(runDir, 'metrics.jsonl'));
  const dir = join(runDir, 'plots');
  mkdirSync(dir, { recursive: true });
  const files: PlotFile[] = [];
  for (const xAxis of axes) {
    const suffix = xAxis === 'time' ? '-time' : '';
    const charts: [string, Chart][] = Object.entries(runCharts(log, { smoothing: o.smoothing, xAxis, mode: cfg.mode })).map(([name, spec]) => [
      name,
      lineChart(spec),
    ]);
    for (const [name, chart] of charts) files.push(...(await writeChart(chart, join(dir, name + suffix), formats)));
    const title = `${basename(resolve(runDir))}: ${log.train.length} train steps, ${log.eval.length} evals`;
    files.push(
      ...(await writeChart(
        gridOfCharts(
          charts.map(([, c]) => c),
          2,
          title,
        ),
        join(dir, `overview${suffix}`),
        formats,
      )),
    );
  }
  return files;
}

// The sweep's results, read back from the run folders only (metrics.jsonl, done.json), so a summary can be
// rebuilt at any time — mid-sweep, after a crash, or from another machine's copy — without rerunning anything.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic.js';
import { join } from 'node:path';
import { readMetrics, runConfigInfo, withoutRollouts } from './plot.js';
import { matchedByTime, writeSweepPlots, type SweepPlotOptions } from './sweep-plots.js';
import type { EvalRow, TrainRow } from './metrics.js';
import type { PointResult, SweepPlan, SweepPoint } from './sweep.js';

/** "Final reward" averages the last this-many train steps: one step's mean over a few prompts is too noisy. */
export const FINAL_REWARD_WINDOW = 10;

export type SummaryStatus = 'done' | 'partial' | 'failed' | 'missing';

export interface PointSummary {
  point: SweepPoint;
  status: SummaryStatus;
  /** Last step in metrics.jsonl (0 when none). */
  steps: number;
  /** Held-out overall accuracy at the last eval, and its best over the run (NaN without eval rows). */
  finalAccuracy: number;
  bestAccuracy: number;
  /** Mean rewardMean over the last FINAL_REWARD_WINDOW train steps with rollouts (NaN without any: sft). */
  finalReward: number;
  /** Mean ξ share over all train steps. */
  meanXiShare: number;
  wallSeconds: number;
  evals: EvalRow[];
  /** The train rows, for the comparison plots. */
  train: TrainRow[];
  /** train.maxSeconds and ahpo.mode from the run's config.yaml (0 / undefined without one). */
  maxSeconds: number;
  mode?: string;
}

export interface Stat {
  mean: number;
  /** Sample std (ddof = 1); NaN with fewer than 2 values. */
  std: number;
  n: number;
}

export interface GroupSummary {
  values: Record<string, string>;
  seeds: number[];
  finalAccuracy: Stat;
  bestAccuracy: Stat;
  finalReward: Stat;
  meanXiShare: Stat;
  wallSeconds: Stat;
}

export interface SweepSummary {
  points: PointSummary[];
  groups: GroupSummary[];
}

/** Mean and sample std of the finite values (a point without evals does not drag the mean to NaN). */
export function meanStd(xs: readonly number[]): Stat {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: NaN, std: NaN, n };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? NaN : Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, std, n };
}

interface DoneFile {
  finalStep?: number;
  wallSeconds?: number;
  final?: { overall?: number } | null;
  best?: { overall?: number } | number | null;
}

function readDone(dir: string): DoneFile | null {
  const path = join(dir, 'done.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DoneFile;
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message}); expected {finalStep, wallSeconds, final, best}`);
  }
}

const mean = (xs: number[]): number => meanStd(xs).mean;

export function summarizePoint(point: SweepPoint, failed = false): PointSummary {
  const done = readDone(point.dir);
  const metricsPath = join(point.dir, 'metrics.jsonl');
  const cfg = runConfigInfo(point.dir);
  const mode = cfg.mode ?? point.values['ahpo.mode'];
  const empty = {
    steps: 0,
    finalAccuracy: NaN,
    bestAccuracy: NaN,
    finalReward: NaN,
    meanXiShare: NaN,
    wallSeconds: NaN,
    evals: [],
    train: [],
    maxSeconds: cfg.maxSeconds,
    mode,
  };
  if (!existsSync(metricsPath)) return { point, status: failed ? 'failed' : 'missing', ...empty };
  let log;
  try {
    log = readMetrics(metricsPath);
  } catch (err) {
    // A run that died before its first step has an empty file: a row of NaNs, not a broken summary.
    if (/no train or eval rows/.test((err as Error).message)) return { point, status: failed ? 'failed' : 'partial', ...empty };
    throw err;
  }
  const { train, eval: evals } = log;
  const lastEval = evals.at(-1);
  const best = typeof done?.best === 'number' ? done.best : done?.best?.overall;
  const steps = Math.max(train.at(-1)?.step ?? 0, lastEval?.step ?? 0);
  return {
    point,
    status: done ? 'done' : failed ? 'failed' : 'partial',
    steps,
    finalAccuracy: done?.final?.overall ?? lastEval?.overall ?? NaN,
    bestAccuracy: best ?? (evals.length ? Math.max(...evals.map((r) => r.overall)) : NaN),
    // Steps without rollouts (sft) log a placeholder reward of 0: not a reward, so left out (NaN for an sft run).
    finalReward: mean(
      train
        .filter((r) => !withoutRollouts(r, mode))
        .slice(-FINAL_REWARD_WINDOW)
        .map((r) => r.rewardMean),
    ),
    meanXiShare: mean(train.map((r) => r.xiShare)),
    wallSeconds: done?.wallSeconds ?? Math.max(train.at(-1)?.time ?? NaN, lastEval?.time ?? NaN),
    evals,
    train,
    maxSeconds: cfg.maxSeconds,
    mode,
  };
}

/** `results` need only each point's status: the local runner's results, or the failed points of a Slurm sweep. */
export function summarizeSweep(plan: SweepPlan, results: readonly Pick<PointResult, 'point' | 'status'>[] = []): SweepSummary {
  const failed = new Set(results.filter((r) => r.status === 'failed').map((r) => r.point.name));
  const points = plan.points.map((p) => summarizePoint(p, failed.has(p.name)));
  const byValues = new Map<string, PointSummary[]>();
  for (const s of points) {
    const k = JSON.stringify(s.point.values);
    byValues.set(k, [...(byValues.get(k) ?? []), s]);
  }
  const groups = [...byValues.values()].map((ss) => ({
    values: ss[0].point.values,
    seeds: ss.map((s) => s.point.seed),
    finalAccuracy: meanStd(ss.map((s) => s.finalAccuracy)),
    bestAccuracy: meanStd(ss.map((s) => s.bestAccuracy)),
    finalReward: meanStd(ss.map((s) => s.finalReward)),
    meanXiShare: meanStd(ss.map((s) => s.meanXiShare)),
    wallSeconds: meanStd(ss.map((s) => s.wallSeconds)),
  }));
  return { points, groups };
}

const METRICS = [
  ['final_accuracy', 'final acc', 'finalAccuracy', 3],
  ['best_accuracy', 'best acc', 'bestAccuracy', 3],
  ['final_reward', `final reward (last ${FINAL_REWARD_WINDOW})`, 'finalReward', 3],
  ['mean_xi_share', 'mean ξ share', 'meanXiShare', 3],
  ['wall_seconds', 'wall (s)', 'wallSeconds', 0],
] as const;

/** Fixed decimals; blank for NaN (no data), so spreadsheets see an empty cell rather than the text "NaN". */
export function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '';
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** summary.csv: one row per run. */
export function pointsCsv(keys: readonly string[], s: SweepSummary): string {
  const head = ['run', ...keys, 'seed', 'status', 'steps', ...METRICS.map((m) => m[0])];
  const rows = s.points.map((p) => [
    p.point.name,
    ...keys.map((k) => p.point.values[k]),
    String(p.point.seed),
    p.status,
    String(p.steps),
    ...METRICS.map(([, , f]) => fmt(p[f], 4)),
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** summary-mean.csv: one row per grid point, mean and std over seeds. */
export function groupsCsv(keys: readonly string[], s: SweepSummary): string {
  const head = [...keys, 'seeds', ...METRICS.flatMap((m) => [`${m[0]}_mean`, `${m[0]}_std`])];
  const rows = s.groups.map((g) => [
    ...keys.map((k) => g.values[k]),
    g.seeds.join(' '),
    ...METRICS.flatMap(([, , f]) => [fmt(g[f].mean, 4), fmt(g[f].std, 4)]),
  ]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** `0.250 ± 0.050` (std only with ≥ 2 values; `–` when there is no value at all). */
export function formatStat(st: Stat, digits: number): string {
  if (st.n === 0) return '–';
  return Number.isFinite(st.std) ? `${st.mean.toFixed(digits)} ± ${st.std.toFixed(digits)}` : st.mean.toFixed(digits);
}

function mdTable(head: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}

/** Which plot to read first: the one on the axis the runs were matched on. */
function plotsNote(s: SweepSummary): string {
  const byTime = matchedByTime(s);
  return [
    `Held-out accuracy: \`accuracy-time.svg\` (training time) and \`accuracy.svg\` (step); ${byTime ? 'the runs were stopped by train.maxSeconds, so compare them by training time.' : 'the runs were not matched by train.maxSeconds, so the step axis is the usual one.'}`,
    `Train reward and ξ share (smoothed per run): \`reward.svg\`, \`xi-share.svg\`, by ${byTime ? 'training time' : 'step'}. Thin lines are seeds, thick lines their mean.`,
  ].join('\n');
}

export function summaryMarkdown(plan: SweepPlan, s: SweepSummary): string {
  const k = plan.keys;
  const done = s.points.filter((p) => p.status === 'done').length;
  const perRun = mdTable(
    ['run', ...k, 'seed', 'status', 'steps', ...METRICS.map((m) => m[1])],
    s.points.map((p) => [
      p.point.name,
      ...k.map((x) => p.point.values[x]),
      String(p.point.seed),
      p.status,
      String(p.steps),
      ...METRICS.map(([, , f, d]) => fmt(p[f], d) || '–'),
    ]),
  );
  const perGroup = mdTable(
    [...k, 'seeds', ...METRICS.map((m) => m[1])],
    s.groups.map((g) => [...k.map((x) => g.values[x]), g.seeds.join(', '), ...METRICS.map(([, , f, d]) => formatStat(g[f], d))]),
  );
  const common = plan.common.length ? plan.common.map(([a, b]) => `${a}=${b}`).join(', ') : 'none';
  return [
    `# Sweep ${plan.sweepDir}`,
    '',
    `Config \`${plan.configPath}\`, overrides for every run: ${common}. ${s.points.length} runs, ${done} done.`,
    'Accuracy is the held-out overall accuracy (mean of per-task accuracies) from the eval rows.',
    '',
    '## Mean ± std over seeds (sample std)',
    '',
    perGroup,
    '',
    '## Runs',
    '',
    perRun,
    '',
    '## Plots',
    '',
    plotsNote(s),
    '',
  ].join('\n');
}

// The comparison plots live in sweep-plots.ts; accuracySeries stays importable from here.
export { accuracySeries } from './sweep-plots.js';

/**
 * Writes summary.csv, summary-mean.csv, summary.md and the comparison plots (sweep-plots.ts: accuracy by step and
 * by training time, reward and xi-share) into the sweep folder.
 */
export async function writeSweepSummary(
  plan: SweepPlan,
  results: readonly Pick<PointResult, 'point' | 'status'>[] = [],
  o: SweepPlotOptions = {},
): Promise<{ summary: SweepSummary; files: string[] }> {
  const summary = summarizeSweep(plan, results);
  mkdirSync(plan.sweepDir, { recursive: true });
  const files = [join(plan.sweepDir, 'summary.csv'), join(plan.sweepDir, 'summary-mean.csv'), join(plan.sweepDir, 'summary.md')];
  writeFileAtomicSync(files[0], pointsCsv(plan.keys, summary));
  writeFileAtomicSync(files[1], groupsCsv(plan.keys, summary));
  writeFileAtomicSync(files[2], summaryMarkdown(plan, summary));
  const plots = await writeSweepPlots(summary, plan.sweepDir, o);
  return { summary, files: [...files, ...plots.map((p) => p.path)] };
}

// What the board knows about one run: its status, config and metrics, read from the run folder on demand and cached
// by file version, so polling an idle run costs a few stat calls. Also the config differences between runs and
// their grouping into grid points (runs that differ only in run.* settings, i.e. seeds of one point).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DASHES, SERIES_COLORS } from '../train/chart.js';
import type { EvalRow, MetricsRow, TrainRow } from '../train/metrics.js';
import { withoutRollouts } from '../train/plot.js';
import { LOCK_FILE, pidAlive } from '../train/run-lock.js';
import { MODE_COLORS } from '../train/sweep-plots.js';
import type { BoardRun } from './folders.js';
import { fileVersion, JsonlTail } from './jsonl-tail.js';

export type RunStatus = 'running' | 'done' | 'stopped';

export interface EvalPoint {
  step: number;
  overall: number;
}

export interface RunSummary extends BoardRun {
  status: RunStatus;
  /** The last train step logged (0 before the first). */
  step: number;
  /** train.steps from the config (undefined when it cannot be read). */
  steps?: number;
  mode?: string;
  threshold?: number;
  seed?: number;
  lastEval?: EvalPoint;
  bestEval?: EvalPoint;
  /** ISO time the folder was created (the run's start), when the file system records it. */
  started?: string;
  /** Changes whenever anything the views show does: the live view refreshes on a change. */
  version: string;
}

/** metrics.jsonl by columns (a long run's rows repeat every key), sorted by step, a re-logged step replacing the old. */
export interface MetricsColumns {
  train: Record<string, (number | null)[]> & { step: number[]; time: number[] };
  /** Per train row: true when it had no rollouts (sft), so reward and accuracy are placeholders (plot.ts). */
  noRollouts: boolean[];
  eval: EvalRow[];
  version: string;
}

/** Numeric TrainRow fields the board can chart. */
export const TRAIN_FIELDS = [
  'time',
  'lr',
  'rewardMean',
  'rewardStd',
  'accuracy',
  'xiShare',
  'zeroVarShare',
  'clipFrac',
  'ratioMean',
  'entropy',
  'loss',
  'lossOn',
  'lossOff',
  'kl',
  'nll',
  'expertProb',
  'expertTokens',
  'shapedWeight',
  'expertEntropy',
  'gradNorm',
  'rolloutTokensPerSec',
  'trainTokensPerSec',
  'truncationRate',
  'completionTokens',
  'skippedRollouts',
] as const satisfies readonly (keyof TrainRow)[];

function acceptMetricsRow(v: unknown): MetricsRow | undefined {
  const row = v as MetricsRow | null;
  if (row === null || typeof row !== 'object' || typeof row.step !== 'number') throw new Error('expected a metrics row {kind, step, …}');
  return row.kind === 'train' || row.kind === 'eval' ? row : undefined;
}

const tails = new Map<string, JsonlTail<MetricsRow>>();
const configs = new Map<string, { version: string; config: Record<string, unknown> | null }>();

function metricsRows(dir: string): { train: TrainRow[]; eval: EvalRow[]; version: string } {
  const path = join(dir, 'metrics.jsonl');
  let tail = tails.get(path);
  if (!tail) tails.set(path, (tail = new JsonlTail(path, acceptMetricsRow)));
  const { rows, version } = tail.read();
  const train = new Map<number, TrainRow>();
  const evals = new Map<number, EvalRow>();
  for (const r of rows) (r.kind === 'train' ? train : evals).set(r.step, r as never);
  const byStep = <T extends { step: number }>(m: Map<number, T>) => [...m.values()].sort((a, b) => a.step - b.step);
  return { train: byStep(train), eval: byStep(evals), version };
}

/** RUN/config.yaml as an object; null while absent or unreadable (a run starting, a half-copied folder). */
export function runConfig(dir: string): Record<string, unknown> | null {
  const path = join(dir, 'config.yaml');
  const version = fileVersion(path);
  const hit = configs.get(path);
  if (hit?.version === version) return hit.config;
  let config: Record<string, unknown> | null = null;
  try {
    const parsed = parseYaml(readFileSync(path, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object') config = parsed as Record<string, unknown>;
  } catch {
    config = null;
  }
  configs.set(path, { version, config });
  return config;
}

const get = (o: Record<string, unknown> | null, key: string): unknown =>
  key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function metricsColumns(run: BoardRun): MetricsColumns {
  const { train, eval: evals, version } = metricsRows(run.dir);
  const mode = get(runConfig(run.dir), 'ahpo.mode');
  const cols: Record<string, (number | null)[]> = { step: train.map((r) => r.step) };
  for (const f of TRAIN_FIELDS) cols[f] = train.map((r) => num(r[f]) ?? null);
  return {
    train: cols as MetricsColumns['train'],
    noRollouts: train.map((r) => withoutRollouts(r, typeof mode === 'string' ? mode : undefined)),
    eval: evals,
    version,
  };
}

/** running: a live trainer holds train.lock (another host's lock cannot be checked, so it counts); else done.json. */
export function runStatus(dir: string): RunStatus {
  try {
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof lock.pid === 'number' && (lock.host !== hostname() || pidAlive(lock.pid))) return 'running';
  } catch {
    // No lock (or one being written): not running.
  }
  return existsSync(join(dir, 'done.json')) ? 'done' : 'stopped';
}

function startedAt(dir: string): string | undefined {
  const st = statSync(dir);
  return st.birthtimeMs > 0 ? st.birthtime.toISOString() : undefined;
}

export function summarizeRun(run: BoardRun): RunSummary {
  const m = metricsRows(run.dir);
  const cfg = runConfig(run.dir);
  const best = m.eval.reduce<EvalRow | undefined>((b, r) => (!b || r.overall > b.overall ? r : b), undefined);
  const last = m.eval.at(-1);
  const point = (r: EvalRow | undefined): EvalPoint | undefined => (r ? { step: r.step, overall: r.overall } : undefined);
  const mode = get(cfg, 'ahpo.mode');
  const files = ['completions.jsonl', 'config.yaml', 'done.json', LOCK_FILE, 'eval'].map((f) => fileVersion(join(run.dir, f)));
  return {
    ...run,
    status: runStatus(run.dir),
    step: m.train.at(-1)?.step ?? 0,
    steps: num(get(cfg, 'train.steps')),
    mode: typeof mode === 'string' ? mode : undefined,
    threshold: num(get(cfg, 'ahpo.threshold')),
    seed: num(get(cfg, 'run.seed')),
    lastEval: point(last),
    bestEval: point(best),
    started: startedAt(run.dir),
    version: [m.version, ...files].join('|'),
  };
}

/** Dotted keys → values (arrays and scalars as leaves), the form configs are compared and overridden in. */
export function flattenConfig(o: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = o;
  return out;
}

export interface ConfigDiff {
  /** Keys whose values differ between the runs (missing counts as a value), sorted; values per run in order. */
  keys: { key: string; values: unknown[] }[];
}

export function configDiff(configs: readonly (Record<string, unknown> | null)[]): ConfigDiff {
  const flat = configs.map((c) => flattenConfig(c ?? {}));
  const all = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return { keys: all.filter((k) => flat.some((f) => !same(f[k], flat[0][k]))).map((key) => ({ key, values: flat.map((f) => f[key] ?? null) })) };
}

export interface RunGroup {
  /** The differing settings that define the group (`ahpo.mode=grpo`), or the run's name when nothing else differs. */
  label: string;
  runIds: string[];
  color: string;
  dash?: number[];
}

/** Settings that differ between seeds of one grid point and so do not split groups. */
const PER_RUN_KEYS = ['run.name', 'run.seed', 'run.outDir'];

/**
 * Runs grouped by their config apart from run.*: a sweep's points, each with its seeds. The colour is the mode's
 * (as in the sweep's PNG plots, sweep-plots.ts) when the mode tells groups apart, else one per group in order.
 */
export function groupRuns(runs: readonly BoardRun[]): RunGroup[] {
  const cfgs = runs.map((r) => runConfig(r.dir));
  const diff = configDiff(cfgs).keys.filter((k) => !PER_RUN_KEYS.includes(k.key));
  const labelOf = (i: number) => diff.map((k) => `${k.key}=${typeof k.values[i] === 'string' ? k.values[i] : JSON.stringify(k.values[i])}`).join(' ');
  const groups = new Map<string, RunGroup & { mode?: string }>();
  runs.forEach((r, i) => {
    // A run without a readable config cannot be matched with others: a group of its own.
    const label = cfgs[i] === null ? r.name : labelOf(i) || r.name;
    const key = cfgs[i] === null ? `?${r.id}` : labelOf(i);
    const mode = get(cfgs[i], 'ahpo.mode');
    const g = groups.get(key) ?? { label, runIds: [], color: '', mode: typeof mode === 'string' ? mode : undefined };
    g.runIds.push(r.id);
    groups.set(key, g);
  });
  const list = [...groups.values()];
  const modeSplits = diff.some((k) => k.key === 'ahpo.mode');
  const byMode = new Map<string, number>();
  return list.map(({ mode, ...g }, i) => {
    if (modeSplits && mode && MODE_COLORS[mode]) {
      const n = byMode.get(mode) ?? 0;
      byMode.set(mode, n + 1);
      return { ...g, color: MODE_COLORS[mode], ...(DASHES[n % DASHES.length] ? { dash: DASHES[n % DASHES.length] } : {}) };
    }
    const dash = DASHES[Math.floor(i / SERIES_COLORS.length) % DASHES.length];
    return { ...g, color: SERIES_COLORS[i % SERIES_COLORS.length], ...(dash ? { dash } : {}) };
  });
}

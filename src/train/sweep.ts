// Sweeps: a base config plus a grid of dotted keys (and seeds) → one named run folder per point, each trained by
// a child `ahpo train` process, then a summary table and an accuracy plot. Children are separate processes so a
// crash, OOM or NaN abort in one point never takes the sweep down, and each point resumes exactly like a manual
// `ahpo train --resume`. The sweep never deletes or rewrites a run folder: it only reads them.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, withContext } from '../errors.js';
import { loadConfig, repeatedKeyMessage } from './config.js';

export interface GridAxis {
  key: string;
  /** Raw values as typed; the trainer parses them as YAML scalars, exactly like `--key=value` on `ahpo train`. */
  values: string[];
}

export interface SweepPoint {
  /** Run name (and folder name under run.outDir). */
  name: string;
  dir: string;
  /** Grid key → value for this point, in grid order. */
  values: Record<string, string>;
  seed: number;
}

export interface SweepPlan {
  configPath: string;
  /** Overrides applied to every point (`--set key=value`), before the grid values. */
  common: [string, string][];
  keys: string[];
  points: SweepPoint[];
  /** `<run.outDir>/sweep-<run.name>`: summary, plot and the children's logs. */
  sweepDir: string;
}

/** Keys the sweep sets itself: a grid over them would fight the naming or scatter folders. */
const RESERVED_GRID_KEYS: Record<string, string> = {
  'run.name': 'the sweep names each point itself',
  'run.outDir': 'every point must live under one outDir; use --set run.outDir=DIR',
  'run.seed': 'use --seeds 1,2,3',
};

/** Splits on commas outside brackets, so a YAML list value (`train.freeze=[visual.*,lm_head]`) stays whole. */
function splitValues(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((v) => v.trim());
}

function parsePair(spec: string, flag: string): [string, string] {
  const eq = spec.indexOf('=');
  const key = eq < 0 ? '' : spec.slice(0, eq).trim();
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(key)) {
    throw new InputError(`${flag} ${JSON.stringify(spec)}: expected section.key=value (e.g. ahpo.threshold=0,1,2), got key ${JSON.stringify(key)}`);
  }
  return [key, spec.slice(eq + 1)];
}

/** `ahpo.threshold=0,1,2` → {key, values}. */
export function parseGridSpec(spec: string): GridAxis {
  const [key, raw] = parsePair(spec, '--grid');
  if (key in RESERVED_GRID_KEYS) throw new InputError(`--grid ${key}: not allowed in a grid (${RESERVED_GRID_KEYS[key]})`);
  const values = splitValues(raw);
  if (values.some((v) => v === '')) throw new InputError(`--grid ${JSON.stringify(spec)}: empty value; expected key=v1,v2,…`);
  if (new Set(values).size !== values.length) throw new InputError(`--grid ${key}: repeated value in ${JSON.stringify(raw)}`);
  return { key, values };
}

/** `1,2,3` → [1, 2, 3] (integers, no repeats). */
export function parseSeeds(spec: string): number[] {
  const seeds = spec.split(',').map((s) => s.trim());
  const bad = seeds.find((s) => !/^-?\d+$/.test(s));
  if (bad !== undefined) throw new InputError(`--seeds ${JSON.stringify(spec)}: expected comma-separated integers, got ${JSON.stringify(bad)}`);
  const nums = seeds.map(Number);
  if (new Set(nums).size !== nums.length) throw new InputError(`--seeds ${JSON.stringify(spec)}: repeated seed`);
  return nums;
}

/**
 * The cartesian product of the axes (first axis varies slowest), times the seeds. Seeds are the OUTER loop: a
 * sweep stopped halfway has then covered every grid point at least once, which is the comparison that matters.
 */
export function expandGrid(axes: readonly GridAxis[], seeds: readonly number[]): { values: Record<string, string>; seed: number }[] {
  let combos: Record<string, string>[] = [{}];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v) => ({ ...c, [a.key]: v })));
  return seeds.flatMap((seed) => combos.map((values) => ({ values, seed })));
}

const MAX_NAME = 180;

/**
 * `<base>--<key>_<value>…--seed_<s>`: characters run.name does not allow (`=`, `/`, spaces, brackets) become `_`,
 * so `ahpo--ahpo.threshold_2--seed_1`. Over-long names keep their start plus a hash, staying unique.
 */
export function pointName(base: string, values: Record<string, string>, seed: number): string {
  const parts = [base, ...Object.entries(values).map(([k, v]) => `${k}=${v}`), `seed=${seed}`];
  const name = parts.join('--').replace(/[^\w.-]/g, '_');
  if (name.length <= MAX_NAME) return name;
  let h = 0x811c9dc5; // FNV-1a: a short stable suffix, no crypto needed
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return `${name.slice(0, MAX_NAME - 9)}-${h.toString(16).padStart(8, '0')}`;
}

export interface PlanOptions {
  configPath: string;
  grid: readonly string[];
  /** Default: the config's run.seed alone. */
  seeds?: readonly number[];
  /** `key=value` overrides for every point. */
  set?: readonly string[];
}

/**
 * Resolves every point's config up front (so a bad key or value fails now, naming the point, not hours into the
 * sweep) and names its folder.
 */
export function planSweep(o: PlanOptions): SweepPlan {
  const axes = o.grid.map(parseGridSpec);
  const common = (o.set ?? []).map((s) => parsePair(s, '--set'));
  // Repeated --set keys would silently keep the last value (and reach each point's trainer once): refuse them.
  const setKeys = common.map(([k]) => k);
  const repeatedSet = setKeys.find((k, i) => setKeys.indexOf(k) !== i);
  if (repeatedSet)
    throw new InputError(
      repeatedKeyMessage(
        `--set ${repeatedSet}`,
        common.filter(([k]) => k === repeatedSet).map(([, v]) => v),
      ),
    );
  const keys = axes.map((a) => a.key);
  const dupe = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dupe) throw new InputError(`--grid ${dupe} given twice; put all its values in one --grid ${dupe}=v1,v2`);
  const clash = common.find(([k]) => keys.includes(k));
  if (clash) throw new InputError(`--set ${clash[0]} is also a --grid key; give it in one place`);
  if (o.seeds && common.some(([k]) => k === 'run.seed')) throw new InputError('--set run.seed and --seeds both given; use --seeds');
  // The sweep's own settings (run.name, run.outDir, run.seed) come from the config as its first point sees it: the
  // base alone need not be valid when a grid value completes it (--set ahpo.mode=sft-grpo --grid ahpo.switchAtStep=…).
  const base = loadConfig(o.configPath, [...common, ...axes.map((a): [string, string] => [a.key, a.values[0]])]);
  const expanded = expandGrid(axes, o.seeds ?? [base.run.seed]);
  const points = expanded.map(({ values, seed }) => {
    const name = pointName(base.run.name, values, seed);
    try {
      loadConfig(o.configPath, [...common, ...Object.entries(values), ['run.name', name], ['run.seed', seed]]);
    } catch (err) {
      throw withContext(err, `sweep point ${name}: `);
    }
    return { name, dir: join(base.run.outDir, name), values, seed };
  });
  const names = points.map((p) => p.name);
  const same = names.find((n, i) => names.indexOf(n) !== i);
  if (same) throw new InputError(`two grid points get the same folder name ${same} (values differ only in characters replaced by _); rename the values`);
  return { configPath: o.configPath, common, keys, points, sweepDir: join(base.run.outDir, `sweep-${base.run.name}`) };
}

/** done: the trainer wrote done.json (skip it); resume: the folder exists without it; new: no folder yet. */
export type PointState = 'done' | 'resume' | 'new';

export function pointState(dir: string): PointState {
  if (existsSync(join(dir, 'done.json'))) return 'done';
  return existsSync(dir) ? 'resume' : 'new';
}

/** Arguments after the train command for one point. */
export function trainArgs(plan: SweepPlan, p: SweepPoint, state: PointState): string[] {
  // One flag per key, the point's own value winning: `--set run.name=exp` names the sweep and must not reach the
  // trainer next to the point's --run.name (two flags of one key parse as an array, which the schema rejects).
  const pairs = new Map<string, string | number>(plan.common);
  for (const [k, v] of [...Object.entries(p.values), ['run.name', p.name], ['run.seed', p.seed]] as const) pairs.set(k, v);
  return ['--config', plan.configPath, ...[...pairs].map(([k, v]) => `--${k}=${v}`), ...(state === 'resume' ? ['--resume', p.dir] : [])];
}

/** The program and leading arguments that train one point; tests inject a tiny fake. */
export interface TrainCommand {
  command: string;
  args: string[];
}

export function defaultTrainCommand(): TrainCommand {
  // Resolved from this file, not the cwd, so `ahpo sweep` works from any folder.
  return { command: process.execPath, args: [fileURLToPath(new URL('../../bin/ahpo.js', import.meta.url)), 'train'] };
}

export type PointStatus = 'done' | 'skipped' | 'failed' | 'interrupted' | 'not run';

export interface PointResult {
  point: SweepPoint;
  state: PointState;
  status: PointStatus;
  exitCode: number | null;
  seconds: number;
  /** The child's stdout + stderr (appended across reruns). */
  log: string;
  error?: string;
}

export type SweepEvent =
  { type: 'start'; point: SweepPoint; state: PointState; index: number; total: number } | { type: 'end'; result: PointResult; index: number; total: number };

export interface RunOptions {
  /** Points trained at once (default 1). */
  parallel?: number;
  train?: TrainCommand;
  onEvent?: (e: SweepEvent) => void;
  /** Aborting stops new launches and sends SIGTERM to running children (the trainer checkpoints and exits). */
  signal?: AbortSignal;
}

function runChild(cmd: TrainCommand, args: string[], logPath: string, signal?: AbortSignal): Promise<{ code: number | null; error?: string }> {
  const fd = openSync(logPath, 'a');
  writeSync(fd, `\n=== ${new Date().toISOString()} ${[cmd.command, ...cmd.args, ...args].join(' ')}\n`);
  return new Promise((done) => {
    // Own process group: a Ctrl-C at the terminal reaches only the sweep, which forwards exactly one signal.
    const child = spawn(cmd.command, [...cmd.args, ...args], { stdio: ['ignore', fd, fd], detached: true });
    const stop = () => child.pid !== undefined && child.kill('SIGTERM');
    signal?.addEventListener('abort', stop, { once: true });
    const finish = (r: { code: number | null; error?: string }) => {
      signal?.removeEventListener('abort', stop);
      closeSync(fd);
      done(r);
    };
    child.once('error', (err) => finish({ code: null, error: `cannot start ${cmd.command}: ${err.message}` }));
    child.once('exit', (code, sig) => finish({ code, error: sig ? `killed by ${sig}` : undefined }));
  });
}

/**
 * Trains every point not yet done, `parallel` at a time: done.json → skipped, an existing folder → `--resume DIR`,
 * else a fresh run. A failed point is recorded and the rest continue. Results come back in plan order.
 */
export async function runSweep(plan: SweepPlan, o: RunOptions = {}): Promise<PointResult[]> {
  const parallel = o.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1) throw new InputError(`--parallel: expected an integer ≥ 1, got ${parallel}`);
  const cmd = o.train ?? defaultTrainCommand();
  const logDir = join(plan.sweepDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const total = plan.points.length;
  const results: PointResult[] = plan.points.map((point) => ({
    point,
    state: pointState(point.dir),
    status: 'not run',
    exitCode: null,
    seconds: 0,
    log: join(logDir, `${point.name}.log`),
  }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total && !o.signal?.aborted) {
      const index = next++;
      const r = results[index];
      r.state = pointState(r.point.dir); // re-read: another sweep or a manual run may have finished it meanwhile
      if (r.state === 'done') {
        r.status = 'skipped';
        o.onEvent?.({ type: 'end', result: r, index, total });
        continue;
      }
      o.onEvent?.({ type: 'start', point: r.point, state: r.state, index, total });
      const t0 = Date.now();
      const { code, error } = await runChild(cmd, trainArgs(plan, r.point, r.state), r.log, o.signal);
      r.seconds = (Date.now() - t0) / 1000;
      r.exitCode = code;
      const finished = code === 0 && existsSync(join(r.point.dir, 'done.json'));
      r.status = finished ? 'done' : o.signal?.aborted ? 'interrupted' : 'failed';
      if (!finished && !error && code === 0) r.error = 'exited 0 without writing done.json';
      else if (error) r.error = error;
      else if (!finished) r.error = `exit code ${code}`;
      o.onEvent?.({ type: 'end', result: r, index, total });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, worker));
  return results;
}

/**
 * The newest step in a point's metrics.jsonl (for status lines), or null when it has none yet. Not io/jsonl.ts's
 * reader: a status line reads only the last lines, and must not fail on a corrupt file that readMetrics will name.
 */
export function latestStep(dir: string): number | null {
  const path = join(dir, 'metrics.jsonl');
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
    try {
      const step = (JSON.parse(lines[i]) as { step?: unknown }).step;
      if (typeof step === 'number') return step;
    } catch {
      // a line being written right now; the one before it is complete
    }
  }
  return null;
}

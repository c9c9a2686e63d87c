// A sweep folder on its own. sweep.json (the plan, written whenever a sweep starts) lets `ahpo sweep status DIR`,
// `summary DIR` and `cancel DIR` work from the folder alone, from any directory; the status of each point comes from
// its run folder, and for a Slurm sweep from the queue as well (sweep-slurm.ts), with its progress from metrics.jsonl.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readMetrics } from './plot.js';
import { LOCK_FILE, pidAlive } from './run-lock.js';
import { readSlurmRecord, slurmTaskStates, type TaskState, type TaskStatus } from './sweep-slurm.js';
import type { SweepPlan } from './sweep.js';

export const PLAN_FILE = 'sweep.json';
export type Launcher = 'local' | 'slurm';

interface PlanFile extends SweepPlan {
  launcher: Launcher;
}

/** Writes sweep.json with absolute paths, so the folder can be read from anywhere (and by Slurm tasks elsewhere). */
export async function writePlanFile(plan: SweepPlan, launcher: Launcher): Promise<void> {
  const file: PlanFile = {
    launcher,
    configPath: resolve(plan.configPath),
    common: plan.common,
    keys: plan.keys,
    points: plan.points.map((p) => ({ ...p, dir: resolve(p.dir) })),
    sweepDir: resolve(plan.sweepDir),
  };
  mkdirSync(plan.sweepDir, { recursive: true });
  await writeFileAtomic(join(plan.sweepDir, PLAN_FILE), `${JSON.stringify(file, null, 2)}\n`);
}

/** Reads DIR/sweep.json back. The plan's sweepDir becomes DIR as given, so a moved or copied folder still reads. */
export function readPlanFile(dir: string): { plan: SweepPlan; launcher: Launcher } {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) {
    throw new InputError(
      `${dir}: no ${PLAN_FILE}; expected a sweep folder (<run.outDir>/sweep-<run.name>) made by ahpo sweep. ` +
        'HINT: for a sweep started before sweep folders recorded their plan, rerun the same sweep command (finished points are skipped) or use --summarize with its flags',
    );
  }
  let f: PlanFile;
  try {
    f = JSON.parse(readFileSync(path, 'utf8')) as PlanFile;
  } catch (err) {
    throw new InputError(
      `${path}: not valid JSON (${(err as Error).message}); expected the plan ahpo sweep writes. HINT: rerun the sweep command to rewrite it`,
    );
  }
  if (!Array.isArray(f?.points) || typeof f.configPath !== 'string' || !Array.isArray(f.keys)) {
    throw new InputError(
      `${path}: expected {launcher, configPath, keys, points, …}, got ${JSON.stringify(f).slice(0, 80)}. HINT: rerun the sweep command to rewrite it`,
    );
  }
  const { launcher, ...plan } = f;
  return { plan: { ...plan, common: plan.common ?? [], sweepDir: dir }, launcher: launcher === 'slurm' ? 'slurm' : 'local' };
}

/** Local sweeps have no queue: a live train.lock means running, a folder without done.json stopped. */
function lockHolder(dir: string): string | undefined {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const { pid, host } = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string };
    if (host !== hostname()) return `train.lock held on ${host}`;
    return pidAlive(pid) ? `pid ${pid}` : undefined;
  } catch {
    return 'train.lock being written';
  }
}

export function localTaskStates(plan: SweepPlan): TaskState[] {
  return plan.points.map((point, index) => {
    if (existsSync(join(point.dir, 'done.json'))) return { point, index, status: 'done', detail: '' };
    const holder = lockHolder(point.dir);
    if (holder) return { point, index, status: 'running', detail: holder };
    return existsSync(point.dir) ? { point, index, status: 'stopped', detail: 'a rerun resumes it' } : { point, index, status: 'new', detail: '' };
  });
}

export function sweepTaskStates(plan: SweepPlan, launcher: Launcher): TaskState[] {
  return launcher === 'slurm' ? slurmTaskStates(plan, readSlurmRecord(plan.sweepDir)) : localTaskStates(plan);
}

export interface Progress {
  /** Newest step with a metrics row (null before the first). */
  step: number | null;
  lastEval?: { step: number; overall: number };
}

export function pointProgress(dir: string): Progress {
  const path = join(dir, 'metrics.jsonl');
  if (!existsSync(path) || readFileSync(path, 'utf8').trim() === '') return { step: null };
  let log;
  try {
    log = readMetrics(path);
  } catch (err) {
    // Only a file whose single line is being written right now; a broken line elsewhere is reported (file:line).
    if (/no train or eval rows/.test((err as Error).message)) return { step: null };
    throw err;
  }
  const lastEval = log.eval.at(-1);
  return { step: Math.max(log.train.at(-1)?.step ?? 0, lastEval?.step ?? 0), lastEval: lastEval && { step: lastEval.step, overall: lastEval.overall } };
}

const ORDER: readonly TaskStatus[] = ['done', 'running', 'pending', 'stopped', 'failed', 'new'];

/** The status table: one row per point (status, Slurm task, step, last eval, detail), then the counts. */
export function statusTable(states: readonly TaskState[]): string {
  const rows = states.map((s) => {
    const p = pointProgress(s.point.dir);
    const ev = p.lastEval ? `${p.lastEval.overall.toFixed(3)} @ ${p.lastEval.step}` : '-';
    return [s.point.name, s.status, s.task ?? '-', p.step === null ? '-' : String(p.step), ev, s.detail];
  });
  const head = ['point', 'status', 'task', 'step', 'last eval', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const counts = ORDER.map((st) => [st, states.filter((s) => s.status === st).length] as const).filter(([, n]) => n > 0);
  return [line(head), ...rows.map(line), `${states.length} points: ${counts.map(([st, n]) => `${n} ${st}`).join(', ')}`].join('\n') + '\n';
}

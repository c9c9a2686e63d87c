// `ahpo sweep --launcher slurm`: the sweep's points as one sbatch array job. What to submit is decided from three
// sources, never from memory: the run folders (done.json), the queue (squeue, for the job ids this sweep recorded)
// and the record of past submissions (slurm.json: job id, and which array index ran which point). A rerun therefore
// skips finished points, resubmits failed or stopped ones, and never submits a point whose task is still queued or
// running. Each task runs `ahpo train … --resume auto`, so a resubmitted or requeued point continues its folder.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { accountedTasks, batchScript, cancelTasks, queuedTasks, requireSbatch, submitArray, type QueuedTask, type SlurmOptions } from './slurm.js';
import { trainArgs, type SweepPlan, type SweepPoint, type TrainCommand } from './sweep.js';

/** Paths inside the sweep folder. */
export const SLURM_RECORD = 'slurm.json';
export const SLURM_SCRIPT = join('slurm', 'sweep.sbatch');
export const SLURM_EXIT_DIR = join('slurm', 'exit');

export interface Submission {
  jobId: string;
  /** ISO time of the sbatch call. */
  submitted: string;
  /** Array index → point name, for the tasks of this job. */
  tasks: Record<string, string>;
  /** The sbatch command line. */
  sbatch: string[];
}

export interface SlurmRecord {
  /** The job name every submission of this sweep carries; squeue is asked for it. */
  jobName: string;
  submissions: Submission[];
}

/** `ahpo-sweep-<run.name>`: the name squeue shows, the same for every submission of the sweep. */
export const jobNameOf = (sweepDir: string): string => `ahpo-${basename(resolve(sweepDir))}`;

export function readSlurmRecord(sweepDir: string): SlurmRecord | null {
  const path = join(sweepDir, SLURM_RECORD);
  if (!existsSync(path)) return null;
  let rec: SlurmRecord;
  try {
    rec = JSON.parse(readFileSync(path, 'utf8')) as SlurmRecord;
  } catch (err) {
    throw new Error(
      `${path}: not valid JSON (${(err as Error).message}); expected {jobName, submissions: [{jobId, tasks, …}]}. HINT: it records which Slurm jobs run this sweep; restore it, or cancel them by name (scancel --name=${jobNameOf(sweepDir)})`,
    );
  }
  if (typeof rec?.jobName !== 'string' || !Array.isArray(rec.submissions))
    throw new Error(`${path}: expected {jobName, submissions: […]}, got ${JSON.stringify(rec).slice(0, 80)}`);
  return rec;
}

/**
 * done: done.json is there. pending/running: a task of this sweep is in the queue. failed: its last task ended with
 * an error. stopped: its last task ended before the run did (cancelled, time limit, preempted, a signal); a rerun
 * resumes it. new: never submitted.
 */
export type TaskStatus = 'done' | 'pending' | 'running' | 'failed' | 'stopped' | 'new';

export interface TaskState {
  point: SweepPoint;
  /** The point's index in the plan: its array index in the batch script. */
  index: number;
  status: TaskStatus;
  /** `<job>_<index>` of its newest task, when it had one. */
  task?: string;
  /** Slurm's state or reason, or the exit status: why it is pending, how it ended. */
  detail: string;
}

/** A point is (re)submitted only in these states. */
export const SUBMITTABLE: readonly TaskStatus[] = ['failed', 'stopped', 'new'];

function liveStatus(q: QueuedTask): { status: TaskStatus; detail: string } {
  if (q.state === 'PENDING' || q.state.startsWith('REQUEUE')) return { status: 'pending', detail: q.reason && q.reason !== 'None' ? q.reason : q.state };
  return { status: 'running', detail: q.state === 'RUNNING' ? '' : q.state };
}

const STOPPED_STATES = new Set(['CANCELLED', 'TIMEOUT', 'PREEMPTED', 'COMPLETED', 'REVOKED']);

/** How a task that left the queue ended: accounting (sacct) where the cluster keeps it, else the exit file it wrote. */
function endedStatus(sweepDir: string, task: string, acct: Map<string, { state: string; exitCode: string }> | null): { status: TaskStatus; detail: string } {
  const a = acct?.get(task);
  if (a) {
    // COMPLETED without done.json: the trainer stopped cleanly on a signal (exit 0) before its last step.
    return { status: STOPPED_STATES.has(a.state) ? 'stopped' : 'failed', detail: `${a.state}, exit ${a.exitCode}` };
  }
  const exitFile = join(sweepDir, SLURM_EXIT_DIR, task);
  if (existsSync(exitFile)) {
    const code = readFileSync(exitFile, 'utf8').trim();
    return code === '0'
      ? { status: 'stopped', detail: 'trainer exited 0 before its last step (stopped by a signal)' }
      : { status: 'failed', detail: `trainer exit ${code}` };
  }
  return { status: 'stopped', detail: 'ended without an exit status (cancelled, timed out or killed)' };
}

/** The state of every point of the plan, from its folder, the queue and the record. */
export function slurmTaskStates(plan: SweepPlan, record: SlurmRecord | null): TaskState[] {
  const subs = record?.submissions ?? [];
  // Only ask Slurm when this sweep ever submitted: a first run (or a dry run) works without it.
  const queued = subs.length && record ? queuedTasks(record.jobName) : [];
  const live = new Map<string, QueuedTask>();
  for (const q of queued) {
    const name = subs.find((s) => s.jobId === q.jobId)?.tasks[q.index];
    if (name !== undefined) live.set(name, q);
  }
  const lastTask = new Map<string, string>();
  for (const s of subs) for (const [index, name] of Object.entries(s.tasks)) lastTask.set(name, `${s.jobId}_${index}`);
  const done = (p: SweepPoint) => existsSync(join(p.dir, 'done.json'));
  const ended = plan.points.filter((p) => !done(p) && !live.has(p.name) && lastTask.has(p.name));
  const acct = ended.length ? accountedTasks([...new Set(ended.map((p) => lastTask.get(p.name)!.split('_')[0]))]) : null;
  return plan.points.map((point, index) => {
    const q = live.get(point.name);
    const task = q ? `${q.jobId}_${q.index}` : lastTask.get(point.name);
    if (done(point)) return { point, index, status: 'done', task, detail: q ? `task ${q.state}` : '' };
    if (q) return { point, index, task, ...liveStatus(q) };
    if (task) return { point, index, task, ...endedStatus(plan.sweepDir, task, acct) };
    return { point, index, status: 'new', detail: existsSync(point.dir) ? 'folder exists (resumed when submitted)' : '' };
  });
}

/** The batch script for the whole plan; the config path is made absolute, as the tasks may start elsewhere. */
export function sweepBatchScript(plan: SweepPlan, o: SlurmOptions, train: TrainCommand): string {
  const abs = { ...plan, configPath: resolve(plan.configPath) };
  return batchScript(o, {
    jobName: jobNameOf(plan.sweepDir),
    logDir: resolve(plan.sweepDir, 'logs'),
    exitDir: resolve(plan.sweepDir, SLURM_EXIT_DIR),
    cwd: process.cwd(),
    tasks: plan.points.map((p, index) => ({ index, name: p.name, argv: [train.command, ...train.args, ...trainArgs(abs, p, 'new'), '--resume', 'auto'] })),
  });
}

export interface SubmitResult {
  /** Every point's state before this submission. */
  states: TaskState[];
  /** The points this call submitted (empty when none needed it). */
  submitted: TaskState[];
  jobId?: string;
  script: string;
}

/**
 * Submits one array job for the points that are neither done nor in the queue. sbatch copies the script when it
 * accepts a job, so rewriting it for a later submission never changes a queued task. The record is written right
 * after sbatch accepts; a refusal leaves it as it was.
 */
export async function submitSlurmSweep(plan: SweepPlan, o: SlurmOptions, train: TrainCommand): Promise<SubmitResult> {
  requireSbatch();
  const record = readSlurmRecord(plan.sweepDir) ?? { jobName: jobNameOf(plan.sweepDir), submissions: [] };
  const states = slurmTaskStates(plan, record);
  const script = join(plan.sweepDir, SLURM_SCRIPT);
  const submitted = states.filter((s) => SUBMITTABLE.includes(s.status));
  if (submitted.length === 0) return { states, submitted, script };
  mkdirSync(join(plan.sweepDir, 'logs'), { recursive: true });
  mkdirSync(join(plan.sweepDir, SLURM_EXIT_DIR), { recursive: true });
  await writeFileAtomic(script, sweepBatchScript(plan, o, train));
  const { jobId, argv } = submitArray(
    script,
    submitted.map((s) => s.index),
    o.parallel,
  );
  record.submissions.push({
    jobId,
    submitted: new Date().toISOString(),
    tasks: Object.fromEntries(submitted.map((s) => [String(s.index), s.point.name])),
    sbatch: argv,
  });
  await writeFileAtomic(join(plan.sweepDir, SLURM_RECORD), `${JSON.stringify(record, null, 2)}\n`);
  return { states, submitted, jobId, script };
}

/** Cancels every queued or running task of the sweep; returns the `<job>_<index>` ids cancelled. */
export function cancelSlurmSweep(plan: SweepPlan): { cancelled: TaskState[] } {
  const states = slurmTaskStates(plan, readSlurmRecord(plan.sweepDir));
  const cancelled = states.filter((s) => s.status === 'pending' || s.status === 'running');
  cancelTasks(cancelled.map((s) => s.task!));
  return { cancelled };
}

// Slurm, spoken through its own commands: the batch script of a sweep (one array task per point, the array index
// being the point's index in the sweep), and sbatch, squeue, sacct and scancel run as child processes. Nothing here
// schedules anything itself; sweep-slurm.ts decides what to submit from the queue and the run folders.
import { spawnSync } from 'node:child_process';
import { InputError } from '../errors.js';

/** The sbatch settings of `ahpo sweep --launcher slurm`; unset ones are left to the cluster's defaults. */
export interface SlurmOptions {
  partition?: string;
  /** Time limit per task, in sbatch's format (`4:00:00`, `1-00:00:00`, minutes). */
  time?: string;
  /** GPUs per task, as `--gres=gpu:N` (the form every Slurm version takes). */
  gpus?: number;
  /** A gres spec for typed GPUs or other devices (`gpu:a100:1`); instead of gpus. */
  gres?: string;
  /** CPUs per task (`--cpus-per-task`). */
  cpus?: number;
  /** Memory per node (`--mem`, e.g. `32G`). */
  mem?: string;
  account?: string;
  qos?: string;
  /** At most this many tasks at once (`--array=…%N`). */
  parallel?: number;
  /** Seconds before the time limit at which Slurm sends SIGTERM to the task (`--signal=B:TERM@S`); 0 = none. */
  signalSeconds: number;
  /** More sbatch arguments, one `#SBATCH` line each (`--constraint=a100`, `--exclusive`). */
  extra: string[];
}

export const DEFAULT_SIGNAL_SECONDS = 300;

/** Checks the numbers a typo would make meaningless; sbatch itself judges the rest (partition names, time format). */
export function checkSlurmOptions(o: SlurmOptions): void {
  const positive = (flag: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new InputError(`${flag}: expected an integer ≥ 1, got ${v}`);
  };
  positive('--gpus', o.gpus);
  positive('--cpus', o.cpus);
  positive('--parallel', o.parallel);
  if (!(Number.isInteger(o.signalSeconds) && o.signalSeconds >= 0 && o.signalSeconds <= 65535)) {
    throw new InputError(`--signal-seconds: expected an integer from 0 to 65535 (seconds before the time limit; 0 = no early signal), got ${o.signalSeconds}`);
  }
  if (o.gpus !== undefined && o.gres !== undefined)
    throw new InputError(`--gpus ${o.gpus} and --gres ${o.gres} both given; give one (--gpus N is --gres=gpu:N)`);
  // The sweep sets these itself: the array indices name its points, the name finds its tasks, the paths are its files.
  const bad = o.extra.find((a) => !a.startsWith('-') || /^--(array|job-name|output|open-mode|chdir)(=|$)|^-[aJoD]/.test(a));
  if (bad !== undefined) {
    throw new InputError(
      `--sbatch ${JSON.stringify(bad)}: expected an sbatch option (e.g. --sbatch=--constraint=a100) that the sweep does not set itself ` +
        '(it sets --array, --job-name, --output, --open-mode and --chdir). HINT: write the value in the same argument: --sbatch=--exclusive, --sbatch=--nodelist=n1',
    );
  }
}

/** Single-quotes a word for bash unless it is plainly safe. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One `#SBATCH` line. sbatch splits these at spaces, so a value with one is double-quoted (sbatch strips the quotes). */
function directive(opt: string): string {
  const eq = opt.indexOf('=');
  return `#SBATCH ${eq > 0 && /\s/.test(opt) ? `${opt.slice(0, eq + 1)}"${opt.slice(eq + 1)}"` : opt}`;
}

export interface BatchScriptInput {
  jobName: string;
  /** Absolute; Slurm's own output goes to logs/slurm-<job>_<index>.out, each trainer's to logs/<point>.log. */
  logDir: string;
  /** Absolute; the task's exit status goes to <exitDir>/<job>_<index>. */
  exitDir: string;
  /** The working folder of the tasks (relative paths in the config resolve against it). */
  cwd: string;
  /** Array index → point name and the full train command line (program first). */
  tasks: { index: number; name: string; argv: string[] }[];
}

/**
 * The batch script, written into the sweep folder for a person to read and submitted as it is. Each array task runs
 * its point's trainer with `--resume auto`: a requeued or resubmitted task continues its run folder where it stopped.
 */
export function batchScript(o: SlurmOptions, s: BatchScriptInput): string {
  const opts = [
    `--job-name=${s.jobName}`,
    `--output=${s.logDir}/slurm-%A_%a.out`,
    '--open-mode=append',
    `--chdir=${s.cwd}`,
    '--ntasks=1',
    // Preemption or a node failure puts the task back in the queue instead of ending it.
    '--requeue',
    ...(o.signalSeconds > 0 ? [`--signal=B:TERM@${o.signalSeconds}`] : []),
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
    ...(o.gpus !== undefined ? [`--gres=gpu:${o.gpus}`] : o.gres ? [`--gres=${o.gres}`] : []),
    ...(o.cpus !== undefined ? [`--cpus-per-task=${o.cpus}`] : []),
    ...(o.mem ? [`--mem=${o.mem}`] : []),
    ...(o.account ? [`--account=${o.account}`] : []),
    ...(o.qos ? [`--qos=${o.qos}`] : []),
    ...o.extra,
  ];
  const cases = s.tasks.map((t) => `  ${t.index}) NAME=${shellQuote(t.name)}; CMD=(${t.argv.map(shellQuote).join(' ')}) ;;`);
  return [
    '#!/bin/bash',
    '# Written by `ahpo sweep --launcher slurm` (docs/sweeps.md); a rerun of the sweep rewrites it. One array task per',
    "# sweep point: the array index is the point's index in sweep.json, and each submission names the indices it runs",
    '# (--array=…, recorded in slurm.json).',
    ...opts.map(directive),
    'set -u',
    'case "$SLURM_ARRAY_TASK_ID" in',
    ...cases,
    `  *) echo "ahpo sweep: no point has array index $SLURM_ARRAY_TASK_ID in this script" >&2; exit 2 ;;`,
    'esac',
    `LOG=${shellQuote(s.logDir)}/"$NAME.log"`,
    `EXIT_FILE=${shellQuote(s.exitDir)}/"$SLURM_ARRAY_JOB_ID"_"$SLURM_ARRAY_TASK_ID"`,
    'echo "=== $(date -Is) Slurm job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname), restart ${SLURM_RESTART_COUNT:-0}: ${CMD[*]}" >>"$LOG"',
    "# The trainer runs as a child, not exec'd, so its exit status can be recorded for `ahpo sweep status`. Slurm's",
    '# early warning (--signal=B:TERM) reaches only this shell, which passes it on: the trainer saves a checkpoint and',
    '# exits, and a resubmission resumes it. (scancel signals both; the trainer takes the second as an echo.)',
    'trap \'kill -TERM "$pid" 2>/dev/null\' TERM',
    '"${CMD[@]}" >>"$LOG" 2>&1 &',
    'pid=$!',
    'wait "$pid"; rc=$?',
    "# A trapped signal ends the first wait early (status > 128); the second returns the trainer's own exit status.",
    'if [ "$rc" -gt 128 ]; then wait "$pid"; rc=$?; fi',
    'mkdir -p "$(dirname "$EXIT_FILE")" && echo "$rc" >"$EXIT_FILE"',
    'exit "$rc"',
    '',
  ].join('\n');
}

/** `0-3,7,9-10`: sbatch's --array form of sorted indices (short for long runs of consecutive points). */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

const NO_SLURM_HINT =
  'HINT: run the sweep on this machine with --launcher local, or from a Slurm login node (scripts/setup-slurm.sh sets up a one-node Slurm here)';

/** Runs a Slurm command; a missing program is named with the hint, any other failure returns its output. */
function slurmCommand(cmd: string, args: string[]): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError(`--launcher slurm: ${cmd} not found on PATH (${process.env.PATH ?? ''}). ${NO_SLURM_HINT}`);
    throw new Error(`${cmd}: cannot run (${r.error.message})`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const failure = (cmd: string, r: Ran): string => `${cmd} exited ${r.status}: ${(r.stderr || r.stdout).trim() || '(no output)'}`;

/** Fails early, before anything is written, when this machine has no sbatch. */
export function requireSbatch(): void {
  slurmCommand('sbatch', ['--version']);
}

/** Submits the script for the given array indices; returns the array job id. Throws with sbatch's own message. */
export function submitArray(scriptPath: string, indices: readonly number[], parallel?: number): { jobId: string; argv: string[] } {
  const argv = ['sbatch', '--parsable', `--array=${arraySpec(indices)}${parallel ? `%${parallel}` : ''}`, scriptPath];
  const r = slurmCommand(argv[0], argv.slice(1));
  // --parsable prints "jobid" or "jobid;cluster".
  const jobId = r.stdout.trim().split(';')[0];
  if (r.status !== 0 || !/^\d+$/.test(jobId)) {
    throw new InputError(
      `sbatch refused the sweep's job, nothing was submitted: ${failure('sbatch', r)}. HINT: fix the sbatch settings (--partition, --time, --gres, --account, --qos, --sbatch …) and rerun; the script is ${scriptPath}`,
    );
  }
  return { jobId, argv };
}

/** One array task in the queue. `state` is Slurm's (PENDING, RUNNING, COMPLETING, …); `reason` why it waits. */
export interface QueuedTask {
  jobId: string;
  index: number;
  state: string;
  reason: string;
}

/** The array tasks of jobs with this name that squeue still lists (pending, running or finishing). */
export function queuedTasks(jobName: string): QueuedTask[] {
  // --array: one line per task, pending ones included; %F array job id, %K task index, %T state, %r reason.
  const r = slurmCommand('squeue', ['--noheader', '--array', `--name=${jobName}`, '--format=%F|%K|%T|%r']);
  if (r.status !== 0) throw new Error(`cannot read the Slurm queue, so nothing was submitted or changed: ${failure('squeue', r)}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((line) => {
      const [jobId, index, state, reason] = line.trim().split('|');
      // A job that is not an array has "N/A" as its task id: not one of ours.
      return /^\d+$/.test(index ?? '') ? [{ jobId, index: Number(index), state, reason: reason ?? '' }] : [];
    });
}

/** Final states of array tasks from accounting (`<job>_<index>` → state and exit code), or null without accounting. */
export function accountedTasks(jobIds: readonly string[]): Map<string, { state: string; exitCode: string }> | null {
  if (jobIds.length === 0) return new Map();
  let r: Ran;
  try {
    r = slurmCommand('sacct', ['--noheader', '--parsable2', '--allocations', `--jobs=${jobIds.join(',')}`, '--format=JobID,State,ExitCode']);
  } catch {
    return null;
  }
  // Without slurmdbd, sacct prints "Slurm accounting storage is disabled" and exits 0.
  if (r.status !== 0 || /accounting storage is disabled/i.test(r.stdout + r.stderr)) return null;
  const out = new Map<string, { state: string; exitCode: string }>();
  for (const line of r.stdout.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    // "CANCELLED by 0" → CANCELLED
    if (id && /^\d+_\d+$/.test(id)) out.set(id, { state: (state ?? '').split(' ')[0], exitCode: exitCode ?? '' });
  }
  return out;
}

/** scancel of the given `<job>_<index>` tasks (or whole jobs). */
export function cancelTasks(ids: readonly string[]): void {
  if (ids.length === 0) return;
  const r = slurmCommand('scancel', [...ids]);
  if (r.status !== 0) throw new Error(failure('scancel', r));
}

// `ahpo sweep status|summary|cancel DIR`: commands on a sweep folder (<run.outDir>/sweep-<run.name>), read from its
// sweep.json, so they need neither the sweep's flags nor its working directory. Also the Slurm side of `ahpo sweep`:
// submitting the points that need it and saying what happened to each.
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { DEFAULT_SIGNAL_SECONDS, type SlurmOptions } from '../../train/slurm.js';
import { formatStat, writeSweepSummary, type SweepSummary } from '../../train/sweep-summary.js';
import {
  cancelSlurmSweep,
  SUBMITTABLE,
  submitSlurmSweep,
  sweepBatchScript,
  slurmTaskStates,
  readSlurmRecord,
  type TaskState,
} from '../../train/sweep-slurm.js';
import { readPlanFile, statusTable, sweepTaskStates } from '../../train/sweep-status.js';
import type { SweepPlan, TrainCommand } from '../../train/sweep.js';
import type { Io } from './verify.js';

/** The per-grid-point lines every summary prints (stdout) and where the files went (stderr). */
export function reportSummary(summary: SweepSummary, files: readonly string[], io: Io): void {
  for (const g of summary.groups) {
    const label =
      Object.entries(g.values)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(base)';
    io.stdout(`${label}: final acc ${formatStat(g.finalAccuracy, 3)}, best ${formatStat(g.bestAccuracy, 3)} (seeds ${g.seeds.join(',')})\n`);
  }
  io.stderr(`sweep: summary in ${files.join(', ')}\n`);
}

/** The sbatch flags as yargs parses them: SlurmOptions' settings under their flag names. */
export type SlurmArgs = Omit<SlurmOptions, 'signalSeconds' | 'extra'> & { sbatch?: string[]; 'signal-seconds'?: number };

/** The flags that only mean something to Slurm, as given (for the "not with --launcher local" check). */
export function givenSlurmFlags(a: Partial<SlurmArgs>): string[] {
  const names = ['partition', 'time', 'gpus', 'gres', 'cpus', 'mem', 'account', 'qos', 'signal-seconds'] as const;
  return [...names.filter((n) => a[n] !== undefined).map((n) => `--${n}`), ...((a.sbatch ?? []).length ? ['--sbatch'] : [])];
}

export function slurmOptionsOf(a: SlurmArgs): SlurmOptions {
  const { partition, time, gpus, gres, cpus, mem, account, qos, parallel } = a;
  return {
    partition,
    time,
    gpus,
    gres,
    cpus,
    mem,
    account,
    qos,
    parallel,
    signalSeconds: a['signal-seconds'] ?? DEFAULT_SIGNAL_SECONDS,
    extra: a.sbatch ?? [],
  };
}

function taskLine(s: TaskState, total: number, verb: string): string {
  const tag = `[${String(s.index + 1).padStart(String(total).length)}/${total}]`;
  const why = [s.status, s.task && `task ${s.task}`, s.detail].filter(Boolean).join(', ');
  return `${tag} ${verb.padEnd(7)} ${s.point.name} (${why})`;
}

/** `ahpo sweep --launcher slurm`: one sbatch array job for the points not done and not in the queue. */
export async function launchOnSlurm(plan: SweepPlan, o: SlurmOptions, io: Io, train: TrainCommand, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const states = slurmTaskStates(plan, readSlurmRecord(plan.sweepDir));
    for (const s of states) io.stdout(`${taskLine(s, states.length, SUBMITTABLE.includes(s.status) ? 'submit' : 'skip')}\n`);
    io.stdout(`--- batch script (submitted with --array=<the indices to submit>):\n${sweepBatchScript(plan, o, train)}`);
    return 0;
  }
  const r = await submitSlurmSweep(plan, o, train);
  for (const s of r.states) io.stdout(`${taskLine(s, r.states.length, SUBMITTABLE.includes(s.status) ? 'submit' : 'skip')}\n`);
  if (r.jobId) {
    io.stdout(
      `sweep: submitted ${r.submitted.length} task(s) as Slurm job ${r.jobId}; script ${r.script}; trainer logs in ${plan.sweepDir}/logs/<point>.log\n`,
    );
  } else {
    io.stdout('sweep: nothing to submit (every point is done, queued or running)\n');
  }
  io.stderr(
    `sweep: follow it with \`ahpo sweep status ${plan.sweepDir}\`; \`ahpo sweep summary ${plan.sweepDir}\` writes the summary (also mid-sweep); rerun this command to resubmit failed or stopped points\n`,
  );
  return 0;
}

export async function runSweepStatus(dir: string, io: Io): Promise<number> {
  const { plan, launcher } = readPlanFile(dir);
  io.stdout(statusTable(sweepTaskStates(plan, launcher)));
  return 0;
}

export async function runSweepSummary(dir: string, io: Io): Promise<number> {
  const { plan, launcher } = readPlanFile(dir);
  let failed: TaskState[] = [];
  try {
    failed = sweepTaskStates(plan, launcher).filter((s) => s.status === 'failed');
  } catch (err) {
    // A copy of the folder on a machine without Slurm: the run folders alone still make the summary.
    if (!(err instanceof InputError)) throw err;
    io.stderr(`sweep: ${err.message}; summarising from the run folders only\n`);
  }
  const { summary, files } = await writeSweepSummary(
    plan,
    failed.map((s) => ({ point: s.point, status: 'failed' as const })),
  );
  reportSummary(summary, files, io);
  return 0;
}

export async function runSweepCancel(dir: string, io: Io): Promise<number> {
  const { plan, launcher } = readPlanFile(dir);
  if (launcher !== 'slurm') {
    throw new InputError(
      `${dir} is a local sweep (launcher local): it has no queue to cancel. HINT: stop it with Ctrl-C or SIGTERM to its ahpo sweep process; running points checkpoint and exit`,
    );
  }
  const { cancelled } = cancelSlurmSweep(plan);
  for (const s of cancelled) io.stdout(`cancelled ${s.task} ${s.point.name} (${s.status})\n`);
  io.stdout(
    cancelled.length
      ? `sweep: cancelled ${cancelled.length} task(s); running ones save a checkpoint first, and rerunning the sweep command resubmits them\n`
      : 'sweep: nothing to cancel (no task of this sweep is queued or running)\n',
  );
  return 0;
}

const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

// `sweepOptions`: the sweep's own options. yargs makes options global, so they reach these commands too: they stay
// parsed, so that the sweep's check refuses them with a message naming sweep.json, but are hidden from this help.
function folderCommand(
  name: string,
  describe: string,
  run: (dir: string, io: Io) => Promise<number>,
  sweepOptions: readonly string[],
): CommandModule<object, { dir: string }> {
  return {
    command: `${name} <dir>`,
    describe,
    builder: (y) =>
      sweepOptions.reduce(
        (a, key) => a.hide(key),
        y.positional('dir', { type: 'string', demandOption: true, describe: 'the sweep folder, <run.outDir>/sweep-<run.name>' }),
      ) as never,
    handler: async (argv) => {
      process.exitCode = await run(argv.dir, io);
    },
  };
}

/** `ahpo sweep status|summary|cancel DIR`; `sweepOptions` are the sweep's own options, hidden from their help. */
export const sweepFolderCommands = (sweepOptions: readonly string[]): CommandModule<object, { dir: string }>[] => [
  folderCommand(
    'status',
    'per point: done, running, pending, stopped, failed or new (the queue for a Slurm sweep), its step and last evaluation',
    runSweepStatus,
    sweepOptions,
  ),
  folderCommand(
    'summary',
    'write summary.csv, summary-mean.csv, summary.md and the plots from the run folders (also while points still run)',
    runSweepSummary,
    sweepOptions,
  ),
  folderCommand(
    'cancel',
    'cancel the queued and running Slurm tasks of the sweep (running ones checkpoint first; a rerun resumes them)',
    runSweepCancel,
    sweepOptions,
  ),
];

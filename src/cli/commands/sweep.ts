// `ahpo sweep --config FILE --grid key=v1,v2 [--grid …] [--seeds 1,2,3] [--parallel N] [--set key=value …]`:
// one `ahpo train` child per grid point (× seed), resumable by rerunning the same command; then summary.csv,
// summary-mean.csv, summary.md and accuracy plots (by step and by training time) in
// <run.outDir>/sweep-<run.name>/. `--summarize` only rebuilds the summary from the run folders; `--dry-run` lists
// the points and what a run would do with each. `--launcher slurm` submits the points as one sbatch array job
// instead (sweep-folder.ts), and `ahpo sweep status|summary|cancel DIR` work on a sweep folder.
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { writeSweepSummary } from '../../train/sweep-summary.js';
import { writePlanFile } from '../../train/sweep-status.js';
import {
  defaultTrainCommand,
  latestStep,
  parseSeeds,
  planSweep,
  pointState,
  runSweep,
  trainArgs,
  type PointResult,
  type SweepEvent,
  type SweepPlan,
  type TrainCommand,
} from '../../train/sweep.js';
import { checkSlurmOptions, DEFAULT_SIGNAL_SECONDS, requireSbatch } from '../../train/slurm.js';
import { givenSlurmFlags, launchOnSlurm, reportSummary, slurmOptionsOf, sweepFolderCommands, type SlurmArgs } from './sweep-folder.js';
import type { Io } from './verify.js';

export interface SweepArgs extends SlurmArgs {
  config: string;
  grid: string[];
  seeds?: string;
  /** Local: points trained at once (default 1). Slurm: at most this many tasks at once (default: no limit). */
  parallel?: number;
  set: string[];
  summarize: boolean;
  'dry-run': boolean;
  launcher?: 'local' | 'slurm';
}

function eventLine(e: SweepEvent): string {
  const tag = `[${String(e.index + 1).padStart(String(e.total).length)}/${e.total}]`;
  if (e.type === 'start') return `${tag} start   ${e.point.name}${e.state === 'resume' ? ' (resuming)' : ''}`;
  const r = e.result;
  if (r.status === 'skipped') return `${tag} skip    ${r.point.name} (done.json present)`;
  if (r.status === 'done') return `${tag} done    ${r.point.name} in ${r.seconds.toFixed(0)}s`;
  return `${tag} ${r.status === 'failed' ? 'FAILED ' : 'stopped'} ${r.point.name}: ${r.error ?? `exit code ${r.exitCode}`}; log: ${r.log}`;
}

/** Which points are running and at what step: one short line, redrawn on a TTY, every minute in a log. */
function statusTicker(plan: SweepPlan, running: Set<number>, io: Io, isTTY: boolean): () => void {
  const t0 = Date.now();
  const line = () => {
    const now = [...running].map((i) => `${plan.points[i].name}@${latestStep(plan.points[i].dir) ?? '-'}`).join(', ');
    return `sweep: ${((Date.now() - t0) / 60000).toFixed(1)} min, running ${now || 'nothing'}`;
  };
  const timer = setInterval(() => io.stderr(isTTY ? `\r${line()}\x1b[K` : `${line()}\n`), isTTY ? 5000 : 60000);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (isTTY) io.stderr('\r\x1b[K');
  };
}

export async function runSweepCommand(args: SweepArgs, io: Io, train?: TrainCommand, isTTY = false): Promise<number> {
  const launcher = args.launcher ?? 'local';
  const slurmOnly = givenSlurmFlags(args);
  if (launcher === 'local' && slurmOnly.length)
    throw new InputError(`${slurmOnly.join(', ')}: sbatch settings, for --launcher slurm only; this sweep runs locally (--launcher local, the default)`);
  if (launcher === 'slurm' && args.summarize)
    throw new InputError('--summarize with --launcher slurm: use `ahpo sweep summary DIR` (DIR = <run.outDir>/sweep-<run.name>)');
  const slurm = slurmOptionsOf(args);
  if (launcher === 'slurm') checkSlurmOptions(slurm);
  // Every point is validated here, before anything is written, run or queued.
  const plan = planSweep({
    configPath: args.config,
    grid: args.grid,
    seeds: args.seeds === undefined ? undefined : parseSeeds(String(args.seeds)),
    set: args.set,
  });
  if (launcher === 'slurm') {
    if (!args['dry-run']) {
      requireSbatch(); // before anything is written: without sbatch the sweep folder stays as it was
      await writePlanFile(plan, 'slurm');
    }
    return launchOnSlurm(plan, slurm, io, train ?? defaultTrainCommand(), args['dry-run']);
  }
  if (args['dry-run']) {
    for (const p of plan.points) {
      const state = pointState(p.dir);
      io.stdout(`${state.padEnd(6)} ${p.name}${state === 'done' ? '' : `  train ${trainArgs(plan, p, state).join(' ')}`}\n`);
    }
    return 0;
  }
  let results: PointResult[] = [];
  if (!args.summarize) {
    await writePlanFile(plan, 'local');
    const controller = new AbortController();
    const stop = () => {
      io.stderr('\nsweep: stopping — running points checkpoint and exit; rerun the same command to continue\n');
      controller.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const running = new Set<number>();
    const stopTicker = statusTicker(plan, running, io, isTTY);
    try {
      results = await runSweep(plan, {
        parallel: args.parallel,
        train,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'start') running.add(e.index);
          else running.delete(e.index);
          io.stderr(`${isTTY ? '\r\x1b[K' : ''}${eventLine(e)}\n`);
        },
      });
    } finally {
      stopTicker();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
  const { summary, files } = await writeSweepSummary(plan, results);
  reportSummary(summary, files, io);
  const failed = results.filter((r) => r.status === 'failed');
  const stopped = results.filter((r) => r.status === 'interrupted' || r.status === 'not run');
  if (failed.length > 0) io.stderr(`sweep: ${failed.length} point(s) failed: ${failed.map((r) => r.point.name).join(', ')} (see their logs; rerun to retry)\n`);
  if (stopped.length > 0) io.stderr(`sweep: ${stopped.length} point(s) not finished; rerun the same command to continue\n`);
  return failed.length > 0 || stopped.length > 0 ? 1 : 0;
}

/** Options of the sweep itself, which a `sweep status|summary|cancel DIR` must not be given (it reads sweep.json). */
function givenLaunchFlags(a: Partial<SweepArgs>): string[] {
  const given = (['config', 'seeds', 'parallel', 'launcher'] as const).filter((n) => a[n] !== undefined).map((n) => `--${n}`);
  if ((a.grid ?? []).length) given.push('--grid');
  if ((a.set ?? []).length) given.push('--set');
  if (a.summarize) given.push('--summarize');
  if (a['dry-run']) given.push('--dry-run');
  return [...given, ...givenSlurmFlags(a)];
}

// The options the builder below defines (a test checks that `sweep status --help` shows none of them).
const SWEEP_OPTIONS = [
  'config',
  'grid',
  'seeds',
  'parallel',
  'set',
  'summarize',
  'dry-run',
  'launcher',
  'partition',
  'time',
  'gpus',
  'gres',
  'cpus',
  'mem',
  'account',
  'qos',
  'signal-seconds',
  'sbatch',
];

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe:
    'Train one run per grid point (× seed), as child processes or as a Slurm array job; rerun to skip finished and resume unfinished points; summary table and plots',
  builder: (y) =>
    y
      .command(sweepFolderCommands(SWEEP_OPTIONS))
      .option('config', { type: 'string', describe: 'base training config (YAML); required to run a sweep' })
      .option('grid', {
        type: 'string',
        array: true,
        default: [],
        describe: 'dotted key and its values, e.g. ahpo.threshold=0,1,2,3,5 (repeat for a cartesian product)',
      })
      .option('seeds', { type: 'string', describe: "run.seed values, e.g. 1,2,3 (default: the config's run.seed)" })
      .option('parallel', {
        type: 'number',
        describe: 'points trained at the same time (default 1); with slurm, at most this many tasks at once (default: no limit)',
      })
      .option('set', { type: 'string', array: true, default: [], describe: 'override for every point, e.g. --set train.steps=50 (repeatable)' })
      .option('summarize', { type: 'boolean', default: false, describe: 'only rebuild the summary from the run folders' })
      .option('dry-run', {
        type: 'boolean',
        default: false,
        describe: 'list the points, their state and train arguments (with slurm, also the batch script); run nothing',
      })
      .option('launcher', {
        choices: ['local', 'slurm'] as const,
        describe: 'local: child processes on this machine (default); slurm: one sbatch array job, a task per point (docs/sweeps.md)',
      })
      .group(['partition', 'time', 'gpus', 'gres', 'cpus', 'mem', 'account', 'qos', 'signal-seconds', 'sbatch'], 'Slurm (--launcher slurm):')
      .option('partition', { type: 'string', describe: 'sbatch --partition' })
      .option('time', { type: 'string', describe: 'time limit per task, sbatch --time (e.g. 4:00:00)' })
      .option('gpus', { type: 'number', describe: 'GPUs per task (sbatch --gres=gpu:N)' })
      .option('gres', { type: 'string', describe: 'sbatch --gres, e.g. gpu:a100:1 (instead of --gpus)' })
      .option('cpus', { type: 'number', describe: 'CPUs per task (sbatch --cpus-per-task)' })
      .option('mem', { type: 'string', describe: 'memory per task, sbatch --mem (e.g. 32G)' })
      .option('account', { type: 'string', describe: 'sbatch --account' })
      .option('qos', { type: 'string', describe: 'sbatch --qos' })
      .option('signal-seconds', {
        type: 'number',
        describe: `seconds before the time limit at which the trainer gets SIGTERM to save a checkpoint (sbatch --signal=B:TERM@S; default ${DEFAULT_SIGNAL_SECONDS}, 0 = none)`,
      })
      .option('sbatch', {
        type: 'string',
        array: true,
        default: [],
        describe: 'one more sbatch option, written as an #SBATCH line, e.g. --sbatch=--constraint=a100 (repeatable)',
      })
      // InputError, not Error: main.ts exits 2 for bad input, and a check's own error reaches it unchanged.
      .check((a) => {
        // yargs runs this check for `sweep status DIR` too (its `_` is [sweep, status]): there the sweep's own flags
        // have no meaning, since the folder's sweep.json says what the sweep is.
        if (a._.length > 1) {
          const stray = givenLaunchFlags(a as Partial<SweepArgs>);
          if (stray.length) throw new InputError(`sweep ${String(a._[1])} DIR reads the sweep from DIR/sweep.json; ${stray.join(', ')} cannot be given there`);
          return true;
        }
        if (a.config === undefined)
          throw new InputError(
            '--config is required to run a sweep. HINT: --config configs/ahpo.yaml --grid ahpo.threshold=0,1,2; or ahpo sweep status|summary|cancel DIR for an existing sweep.',
          );
        if (typeof a.config === 'string' && a.config.trim() === '')
          throw new InputError('--config is empty. HINT: give the base training config, e.g. --config configs/ahpo.yaml.');
        if ((a.grid as string[]).length === 0 && a.seeds === undefined) throw new InputError('give at least one --grid key=v1,v2 or --seeds 1,2,3');
        return true;
      }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = await runSweepCommand(argv, io, undefined, process.stderr.isTTY === true);
  },
};

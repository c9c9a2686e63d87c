// `ahpo sweep --config FILE --grid key=v1,v2 [--grid …] [--seeds 1,2,3] [--parallel N] [--set key=value …]`:
// one `ahpo train` child per grid point (× seed), resumable by rerunning the same command; then summary.csv,
// summary-mean.csv, summary.md and accuracy plots (by step and by training time) in
// <run.outDir>/sweep-<run.name>/. `--summarize` only rebuilds the summary from the run folders; `--dry-run` lists
// the points and what a run would do with each.
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { formatStat, writeSweepSummary } from '../../train/sweep-summary.js';
import { latestStep, parseSeeds, planSweep, pointState, runSweep, trainArgs, type PointResult, type SweepEvent, type SweepPlan, type TrainCommand } from '../../train/sweep.js';
import type { Io } from './verify.js';

export interface SweepArgs {
  config: string;
  grid: string[];
  seeds?: string;
  parallel: number;
  set: string[];
  summarize: boolean;
  'dry-run': boolean;
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
  const plan = planSweep({ configPath: args.config, grid: args.grid, seeds: args.seeds === undefined ? undefined : parseSeeds(String(args.seeds)), set: args.set });
  if (args['dry-run']) {
    for (const p of plan.points) {
      const state = pointState(p.dir);
      io.stdout(`${state.padEnd(6)} ${p.name}${state === 'done' ? '' : `  train ${trainArgs(plan, p, state).join(' ')}`}\n`);
    }
    return 0;
  }
  let results: PointResult[] = [];
  if (!args.summarize) {
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
  for (const g of summary.groups) {
    const label = Object.entries(g.values).map(([k, v]) => `${k}=${v}`).join(' ') || '(base)';
    io.stdout(`${label}: final acc ${formatStat(g.finalAccuracy, 3)}, best ${formatStat(g.bestAccuracy, 3)} (seeds ${g.seeds.join(',')})\n`);
  }
  io.stderr(`sweep: summary in ${files.join(', ')}\n`);
  const failed = results.filter((r) => r.status === 'failed');
  const stopped = results.filter((r) => r.status === 'interrupted' || r.status === 'not run');
  if (failed.length > 0) io.stderr(`sweep: ${failed.length} point(s) failed: ${failed.map((r) => r.point.name).join(', ')} (see their logs; rerun to retry)\n`);
  if (stopped.length > 0) io.stderr(`sweep: ${stopped.length} point(s) not finished; rerun the same command to continue\n`);
  return failed.length > 0 || stopped.length > 0 ? 1 : 0;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: 'Train one run per grid point (× seed) as child processes; rerun to skip finished and resume unfinished points; summary table and accuracy plot',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'base training config (YAML)' })
      .option('grid', { type: 'string', array: true, default: [], describe: 'dotted key and its values, e.g. ahpo.threshold=0,1,2,3,5 (repeat for a cartesian product)' })
      .option('seeds', { type: 'string', describe: 'run.seed values, e.g. 1,2,3 (default: the config\'s run.seed)' })
      .option('parallel', { type: 'number', default: 1, describe: 'points trained at the same time' })
      .option('set', { type: 'string', array: true, default: [], describe: 'override for every point, e.g. --set train.steps=50 (repeatable)' })
      .option('summarize', { type: 'boolean', default: false, describe: 'only rebuild the summary from the run folders' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'list the points, their state (new/resume/done) and train arguments; run nothing' })
      // InputError, not Error: main.ts exits 2 for bad input, and a check's own error reaches it unchanged.
      .check((a) => {
        if (typeof a.config === 'string' && a.config.trim() === '') throw new InputError('--config is empty. HINT: give the base training config, e.g. --config configs/ahpo.yaml.');
        if ((a.grid as string[]).length === 0 && a.seeds === undefined) throw new InputError('give at least one --grid key=v1,v2 or --seeds 1,2,3');
        return true;
      }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = await runSweepCommand(argv, io, undefined, process.stderr.isTTY === true);
  },
};

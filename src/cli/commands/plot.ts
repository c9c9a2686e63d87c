// `ahpo plot RUN_DIR [--format png|svg] [--smoothing W] [--axis step|time]`: training curves from
// RUN_DIR/metrics.jsonl into RUN_DIR/plots/.
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { DEFAULT_SMOOTHING, plotRun, type PlotFormat, type XAxis } from '../../train/plot.js';
import type { Io } from './verify.js';

export interface PlotArgs {
  run: string;
  format: PlotFormat[];
  smoothing: number;
  /** Absent: the step, plus training time when the run was limited by train.maxSeconds. */
  axis?: XAxis[];
}

export async function runPlot(args: PlotArgs, io: Io): Promise<number> {
  const files = await plotRun(args.run, { formats: args.format, smoothing: args.smoothing, axes: args.axis?.length ? [...new Set(args.axis)] : undefined });
  for (const f of files) io.stdout(`${f.path}\n`);
  return 0;
}

export const plotCommand: CommandModule<object, PlotArgs> = {
  command: 'plot <run>',
  describe: 'Plot reward, accuracy, ξ share, losses and eval accuracy of a run folder into RUN/plots/ (train curves smoothed, raw values faint behind)',
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'run folder (holds metrics.jsonl), e.g. checkpoints/ahpo' })
      .option('format', { type: 'array', choices: ['png', 'svg'], default: ['png', 'svg'], describe: 'file formats to write (repeat for both)' })
      .option('smoothing', {
        type: 'number',
        default: DEFAULT_SMOOTHING,
        describe: 'EMA weight for per-step train curves, in [0, 1) as in TensorBoard; 0 = raw. Eval curves are never smoothed',
      })
      .option('axis', {
        type: 'array',
        choices: ['step', 'time'],
        describe:
          'x axis (repeat for both): step, or training time (evaluation excluded) into *-time files. Default: step, plus time for runs limited by train.maxSeconds',
      })
      // InputError, not Error: main.ts exits 2 for bad input.
      .check((a) => {
        const w = a.smoothing as number;
        if (!(w >= 0 && w < 1)) throw new InputError(`--smoothing ${String(a.smoothing)}: expected a weight in [0, 1), e.g. 0.8 (0 draws the raw values)`);
        return true;
      }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = await runPlot(argv, io);
  },
};

// `ahpo plot RUN_DIR [--format png|svg]`: training curves from RUN_DIR/metrics.jsonl into RUN_DIR/plots/.
import type { CommandModule } from 'yargs';
import { plotRun, type PlotFormat } from '../../train/plot.js';
import type { Io } from './verify.js';

export interface PlotArgs {
  run: string;
  format: PlotFormat[];
}

export async function runPlot(args: PlotArgs, io: Io): Promise<number> {
  const files = await plotRun(args.run, { formats: args.format });
  for (const f of files) io.stdout(`${f.path}\n`);
  return 0;
}

export const plotCommand: CommandModule<object, PlotArgs> = {
  command: 'plot <run>',
  describe: 'Plot reward, accuracy, ξ share, losses and eval accuracy of a run folder into RUN/plots/',
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'run folder (holds metrics.jsonl), e.g. checkpoints/ahpo' })
      .option('format', { type: 'array', choices: ['png', 'svg'], default: ['png', 'svg'], describe: 'file formats to write (repeat for both)' }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = await runPlot(argv, io);
  },
};

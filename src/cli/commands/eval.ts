// `ahpo eval --dataset FILE|DIR --responses FILE`: the model-free evaluation. Scores given responses against an
// official-format dataset and prints the accuracy table per task × level and the overall score (mean of per-task
// accuracies). Exit code 2 when a dataset record or a response entry was malformed, else 0.
import type { CommandModule } from 'yargs';
import { describeProblem, evaluateResponses, formatAccuracyTable } from '../../tasks/eval.js';
import type { ReadOptions } from '../../tasks/records.js';
import type { Io } from './verify.js';

export interface EvalArgs {
  dataset: string;
  responses: string;
  json?: boolean;
}

const MAX_WARNINGS_SHOWN = 20;

export function runEval(args: EvalArgs, io: Io, readOptions: ReadOptions = {}): number {
  const res = evaluateResponses(args.dataset, args.responses, readOptions);
  for (const p of res.problems) io.stderr(`malformed ${describeProblem(p)}\n`);
  for (const w of res.warnings.slice(0, MAX_WARNINGS_SHOWN)) io.stderr(`warning: ${describeProblem(w)}\n`);
  if (res.warnings.length > MAX_WARNINGS_SHOWN) io.stderr(`warning: ... and ${res.warnings.length - MAX_WARNINGS_SHOWN} more\n`);
  if (res.missing > 0) io.stderr(`eval: ${res.missing} dataset record(s) had no response; each scored 0\n`);
  if (args.json) io.stdout(JSON.stringify({ ...res.table, missing: res.missing, malformed: res.problems.length }) + '\n');
  else io.stdout(formatAccuracyTable(res.table) + '\n');
  return res.problems.length > 0 ? 2 : 0;
}

export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: 'Score responses against an official-format dataset: accuracy per task × level and overall',
  builder: (y) =>
    y
      .option('dataset', { type: 'string', demandOption: true, describe: 'annotations.json / .jsonl file, or a folder of them' })
      .option('responses', {
        type: 'string',
        demandOption: true,
        describe: 'JSON list or JSONL of {index, response[, task]} matched to dataset records by (task, index)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the table as JSON instead of text' }) as never,
  handler: (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = runEval(argv, io);
  },
};

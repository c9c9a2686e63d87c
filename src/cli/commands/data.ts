// `ahpo data generate`: synthesises official-format records with rendered images and expert traces
// (src/tasks/generate.ts does the work; this file parses flags and shows progress).
import type { Argv, CommandModule } from 'yargs';
import { progressReporter } from '../progress.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../data/tokenizer.js';
import { DEFAULT_IMAGE_SIZE, LEVELS, generateDataset, generatorTasks, parseLevels } from '../../tasks/generate.js';
import type { TaskSummary } from '../../tasks/generate.js';

export interface GenerateArgs {
  tasks: string;
  levels: string;
  'per-level': number;
  seed: number;
  out: string;
  size: number;
  force: boolean;
  tokenizer?: string;
}

/** The end-of-run report: records, images and trace lengths per level in tokens of `tokenizerName`. */
export function formatSummary(summaries: readonly TaskSummary[], tokenizerName = 'tokenizer'): string {
  const lines = [`task                              records images  trace tokens per level, mean/max (${tokenizerName})`];
  for (const s of summaries) {
    const perLevel = LEVELS.filter((l) => s.traceTokens[l])
      .map((l) => `L${l} ${Math.round(s.traceTokens[l]!.meanTokens)}/${s.traceTokens[l]!.maxTokens}`)
      .join('  ');
    lines.push(`${s.task.padEnd(34)}${String(s.records).padStart(7)}${String(s.images).padStart(7)}  ${perLevel}`);
  }
  return lines.join('\n') + '\n';
}

export async function runGenerate(args: GenerateArgs): Promise<TaskSummary[]> {
  // Trace lengths are reported in the tokens the model will actually see (issue 3: keep L1–2 traces short).
  const tokenizerDir = args.tokenizer ?? BUILTIN_TOKENIZER_DIR;
  const tok = QwenTokenizer.fromDir(tokenizerDir);
  const summaries = await generateDataset({
    tasks: [args.tasks],
    levels: parseLevels(String(args.levels)),
    perLevel: args['per-level'],
    seed: args.seed,
    outDir: args.out,
    sizePx: args.size,
    force: args.force,
    onProgress: progressReporter('data generate'),
    countTokens: (text) => tok.encode(text).length,
  });
  process.stderr.write(formatSummary(summaries, args.tokenizer ?? 'built-in ahpo-bpe-1024-v1'));
  return summaries;
}

const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Generate records.jsonl + PNG images + expert traces per task',
  builder: (y: Argv<object>) =>
    y
      .option('tasks', {
        type: 'string',
        demandOption: true,
        describe: `comma-separated task keys or 'all' (with generators now: ${generatorTasks().map((t) => t.key).join(', ') || 'none'})`,
      })
      .option('levels', { type: 'string', default: '1-5', describe: 'levels, e.g. 1-5, 3 or 1,3,5' })
      .option('per-level', { type: 'number', demandOption: true, describe: 'instances per task and level' })
      .option('seed', { type: 'number', default: 0, describe: 'base seed (each instance derives its own stream)' })
      .option('out', { type: 'string', demandOption: true, describe: 'output folder; writes OUT/<task>/records.jsonl' })
      .option('size', { type: 'number', default: DEFAULT_IMAGE_SIZE, describe: 'longest image side in pixels' })
      .option('force', { type: 'boolean', default: false, describe: 'replace existing OUT/<task> output' })
      .option('tokenizer', { type: 'string', describe: 'tokenizer folder for the trace-length report (default: built-in)' }) as unknown as Argv<GenerateArgs>,
  handler: async (args) => {
    // Report failures as one clear line (yargs would print the usage text and a stack for a runtime error).
    try {
      await runGenerate(args);
    } catch (err) {
      process.stderr.write(`ahpo data generate: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
};

export const dataCommand: CommandModule<object, object> = {
  command: 'data <command>',
  describe: 'Synthesise task data (records, images, expert traces)',
  builder: (y: Argv<object>) => y.command(generateCommand).demandCommand(1, 'Give a data command, e.g. `ahpo data generate`.'),
  handler: () => undefined,
};

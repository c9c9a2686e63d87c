// `ahpo data generate|stats|gallery`: synthesises official-format records with rendered images and expert traces,
// summarises a record folder, and renders a one-page gallery of it (src/tasks/{generate,data-stats,gallery}.ts do
// the work; this file parses flags, loads the tokenizer and shows progress).
import type { Argv, CommandModule } from 'yargs';
import { progressReporter } from '../progress.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../data/tokenizer.js';
import { DEFAULT_IMAGE_SIZE, LEVELS, generateDataset, generatorTasks, parseLevels } from '../../dataset/generate.js';
import type { TaskSummary } from '../../dataset/generate.js';
import { datasetStats, formatStats } from '../../dataset/stats.js';
import type { DatasetStats } from '../../dataset/stats.js';
import { writeGallery } from '../../dataset/gallery.js';
import type { GalleryResult } from '../../dataset/gallery.js';

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
        describe: `comma-separated task keys or 'all' (with generators now: ${
          generatorTasks()
            .map((t) => t.key)
            .join(', ') || 'none'
        })`,
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

export interface StatsArgs {
  dir: string;
  tokenizer?: string;
  json: boolean;
}

/** `ahpo data stats`: the table (or JSON) on stdout, so it can be piped or saved. */
export async function runStats(args: StatsArgs, out: (text: string) => void = (t) => void process.stdout.write(t)): Promise<DatasetStats> {
  // Same tokenizer as the generate report, so the two agree on a freshly generated folder.
  const tok = QwenTokenizer.fromDir(args.tokenizer ?? BUILTIN_TOKENIZER_DIR);
  const stats = await datasetStats(args.dir, { countTokens: (text) => tok.encode(text).length });
  const name = args.tokenizer ?? 'built-in ahpo-bpe-1024-v1';
  out(args.json ? JSON.stringify({ tokenizer: name, ...stats }, null, 2) + '\n' : formatStats(stats, name));
  return stats;
}

const statsCommand: CommandModule<object, StatsArgs> = {
  command: 'stats <dir>',
  describe: 'Per task × level: record counts, expert-trace token lengths and image sizes of a record folder',
  builder: (y: Argv<object>) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'folder of records.jsonl / annotations.json (or one file)' })
      .option('tokenizer', { type: 'string', describe: 'tokenizer folder for trace lengths (default: built-in)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of the table' }) as unknown as Argv<StatsArgs>,
  handler: async (args) => reportErrors('stats', () => runStats(args)),
};

export interface GalleryArgs {
  dir: string;
  out?: string;
  force: boolean;
  embed: boolean;
}

export function runGallery(args: GalleryArgs): GalleryResult {
  const r = writeGallery(args.dir, { out: args.out, force: args.force, embed: args.embed });
  const missing = r.missingTasks.length > 0 ? `; no records for ${r.missingTasks.length} registered task(s): ${r.missingTasks.join(', ')}` : '';
  process.stderr.write(
    `wrote ${r.out}: ${r.tasks} task(s), ${r.cells} task × level cell(s), ${r.images} image(s), ${(r.bytes / 1024).toFixed(0)} KiB${missing}\n`,
  );
  return r;
}

const galleryCommand: CommandModule<object, GalleryArgs> = {
  command: 'gallery <dir>',
  describe: 'Write one HTML page with one instance (image, question, answer) per task × level',
  builder: (y: Argv<object>) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'folder of records.jsonl / annotations.json' })
      .option('out', { type: 'string', describe: 'HTML file to write (default: DIR/gallery.html)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing output file' })
      .option('embed', {
        type: 'boolean',
        default: false,
        describe: 'embed images as data URIs (one file to share) instead of relative links',
      }) as unknown as Argv<GalleryArgs>,
  handler: async (args) => reportErrors('gallery', async () => runGallery(args)),
};

/** Failures as one clear line and exit 1 (yargs would print the usage text and a stack for a runtime error). */
async function reportErrors(name: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    process.stderr.write(`ahpo data ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

export const dataCommand: CommandModule<object, object> = {
  command: 'data <command>',
  describe: 'Synthesise task data (records, images, expert traces), summarise it, show it as a gallery',
  builder: (y: Argv<object>) =>
    y
      .command(generateCommand)
      .command(statsCommand)
      .command(galleryCommand)
      .demandCommand(1, 'Give a data command, e.g. `ahpo data generate`, `ahpo data stats DIR` or `ahpo data gallery DIR`.'),
  handler: () => undefined,
};

// `ahpo eval`: accuracy per task × level and the overall score (mean of per-task accuracies), either
//   model-free:   --dataset FILE|DIR --responses FILE        (score given responses; exit 2 if anything was malformed)
//   model-driven: --model M --dataset FILE|DIR|gen:… --out DIR (generate, score, write completions; resumable)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { loadProblemsAsync } from '../../data/problems.js';
import { InputError } from '../../errors.js';
import { evaluateModel } from '../../eval/model-eval.js';
import { loadModel } from '../../model/load.js';
import { disposeParams } from '../../model/params.js';
import { ModelPolicy } from '../../rollout/policy.js';
import { preparePrompt } from '../../rollout/prepare.js';
import { samplingIds } from '../../rollout/suppress.js';
import { describeBackend, initBackend, type BackendChoice } from '../../runtime/backend.js';
import { describeProblem, evaluateResponses, formatAccuracyTable } from '../../eval/scoring.js';
import type { ReadOptions } from '../../dataset/records.js';
import { backendOption } from '../options.js';
import { progressReporter } from '../progress.js';
import type { Io } from './verify.js';

export interface EvalArgs {
  dataset: string;
  responses?: string;
  json?: boolean;
  model?: string;
  out?: string;
  variant?: 'image' | 'text' | 'both';
  'image-size': number;
  batch: number;
  'max-new-tokens': number;
  temperature: number;
  'top-p': number;
  seed: number;
  force: boolean;
  backend: BackendChoice;
}

const MAX_WARNINGS_SHOWN = 20;

export async function runEval(args: Pick<EvalArgs, 'dataset' | 'json'> & { responses: string }, io: Io, readOptions: ReadOptions = {}): Promise<number> {
  const res = await evaluateResponses(args.dataset, args.responses, readOptions);
  for (const p of res.problems) io.stderr(`malformed ${describeProblem(p)}\n`);
  for (const w of res.warnings.slice(0, MAX_WARNINGS_SHOWN)) io.stderr(`warning: ${describeProblem(w)}\n`);
  if (res.warnings.length > MAX_WARNINGS_SHOWN) io.stderr(`warning: ... and ${res.warnings.length - MAX_WARNINGS_SHOWN} more\n`);
  if (res.missing > 0) io.stderr(`eval: ${res.missing} dataset record(s) had no response; each scored 0\n`);
  if (args.json) io.stdout(JSON.stringify({ ...res.table, missing: res.missing, malformed: res.problems.length }) + '\n');
  else io.stdout(formatAccuracyTable(res.table) + '\n');
  return res.problems.length > 0 ? 2 : 0;
}

/** What an evaluation folder holds; a rerun resumes only when it matches. */
function manifestOf(args: EvalArgs): Record<string, unknown> {
  return {
    model: args.model,
    dataset: args.dataset,
    variant: args.variant ?? 'auto',
    imageSize: args['image-size'],
    maxNewTokens: args['max-new-tokens'],
    temperature: args.temperature,
    topP: args['top-p'],
    seed: args.seed,
  };
}

async function runModelEval(args: EvalArgs, io: Io): Promise<number> {
  const out = args.out!;
  const manifestPath = join(out, 'eval.json');
  const manifest = manifestOf(args);
  if (existsSync(manifestPath)) {
    const prev = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    if (JSON.stringify(prev) !== JSON.stringify(manifest)) {
      if (!args.force) {
        throw new Error(
          `${out} holds an evaluation with different settings (${JSON.stringify(prev)}). Use another --out, or --force to discard it and start over.`,
        );
      }
      rmSync(join(out, 'completions.jsonl'), { force: true });
    } else io.stderr(`eval: resuming in ${out}\n`);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(manifestPath, JSON.stringify(manifest) + '\n');
  const info = await initBackend(args.backend);
  io.stderr(`${describeBackend(info)}\n`);
  const problems = await loadProblemsAsync(args.dataset, (m) => io.stderr(`${m}\n`));
  const model = await loadModel(args.model!, { seed: args.seed, trainable: false });
  try {
    const variant = args.variant ?? (model.config.vision ? 'image' : 'text');
    io.stderr(`eval: ${problems.length} problems, model ${model.source}, ${variant} prompts\n`);
    const ctx = { tokenizer: model.tokenizer, config: model.config, processor: model.processor, imageSize: args['image-size'] };
    const { table, resumed } = await evaluateModel({
      policy: new ModelPolicy(model.params, model.config),
      tokenizer: model.tokenizer,
      problems,
      prepare: (p) => preparePrompt(p, variant, ctx),
      batchSize: args.batch,
      maxNewTokens: args['max-new-tokens'],
      temperature: args.temperature,
      topK: 0,
      topP: args['top-p'],
      seed: args.seed,
      ...samplingIds(model),
      completionsPath: join(out, 'completions.jsonl'),
      onProgress: progressReporter('eval'),
    });
    if (resumed > 0) io.stderr(`eval: ${resumed} problems were already scored in ${out}\n`);
    writeFileSync(join(out, 'summary.json'), JSON.stringify(table, null, 2) + '\n');
    io.stdout(args.json ? JSON.stringify(table) + '\n' : formatAccuracyTable(table) + '\n');
    io.stderr(`eval: completions in ${join(out, 'completions.jsonl')}, table in ${join(out, 'summary.json')}\n`);
    return 0;
  } finally {
    disposeParams(model.params);
  }
}

export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: 'Accuracy per task × level and overall: score given --responses, or generate them with --model',
  builder: (y) =>
    y
      .option('dataset', {
        type: 'string',
        demandOption: true,
        describe:
          'annotations.json / .jsonl file, the benchmark as distributed (Hugging Face .parquet, VLMEvalKit .tsv), a folder of them, or gen:tasks=…,levels=…,n=…,seed=… (built-in generators)',
      })
      .option('responses', {
        type: 'string',
        describe: 'model-free: JSON list or JSONL of {index, response[, task]} matched to dataset records by (task, index)',
      })
      .option('model', { type: 'string', describe: 'model-driven: preset:NAME or a Hugging Face model folder that answers every problem' })
      .option('out', { type: 'string', describe: 'model-driven: folder for completions.jsonl, summary.json and eval.json; rerunning resumes' })
      .option('variant', {
        choices: ['image', 'text', 'both'] as const,
        describe:
          'prompt variant: image = question + images (default for models with a vision tower), text = text-only question, both = images + text-only question',
      })
      .option('image-size', { type: 'number', default: 448, describe: 'longest side in pixels of rasterised images of gen: datasets' })
      .option('batch', { type: 'number', default: 8, describe: 'problems decoded together' })
      .option('max-new-tokens', { type: 'number', default: 512, describe: 'answer length limit (longer answers are truncated and usually wrong)' })
      .option('temperature', { type: 'number', default: 0, describe: 'sampling temperature; 0 = greedy (the paper evaluates non-thinking models at 0)' })
      .option('top-p', { type: 'number', default: 1, describe: 'nucleus sampling mass' })
      .option('seed', { type: 'number', default: 0, describe: 'sampling seed (and preset:* random weights)' })
      .option('force', { type: 'boolean', default: false, describe: 'discard an --out folder that holds an evaluation with other settings' })
      .option('backend', backendOption)
      .option('json', { type: 'boolean', default: false, describe: 'print the table as JSON instead of text' })
      // Usage mistakes: InputError, so main.ts exits 2 (a check's own error reaches it unchanged).
      .check((a) => {
        if (a.model && a.responses) throw new InputError('give either --responses (score given answers) or --model (generate them), not both');
        if (!a.model && !a.responses) throw new InputError('give --responses FILE (model-free) or --model M --out DIR (model-driven)');
        if (a.model && !a.out) throw new InputError('--model needs --out DIR (completions are written there, and a rerun resumes)');
        if (!a.model && a.dataset.startsWith('gen:'))
          throw new InputError('gen: datasets have no stored records to match --responses against; use --model, or write them with ahpo data generate');
        return true;
      }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = argv.model ? await runModelEval(argv, io) : await runEval({ ...argv, responses: argv.responses! }, io);
  },
};

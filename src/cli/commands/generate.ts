// `ahpo generate`: sample (or greedy-decode) replies to one chat prompt with the rollout engine — a quick check
// that a model loads, runs on the chosen backend and decodes at a sensible speed.
import type { CommandModule } from 'yargs';
import { encodePrompt } from '../../data/chat-template.js';
import { loadModel } from '../../model/load.js';
import { disposeParams } from '../../model/params.js';
import { generate } from '../../rollout/generate.js';
import { ModelPolicy } from '../../rollout/policy.js';
import { samplingIds } from '../../rollout/suppress.js';
import { describeBackend, initBackend, type BackendChoice } from '../../runtime/backend.js';
import { backendOption, modelOption } from '../options.js';

interface Args {
  model: string;
  prompt: string;
  'max-new-tokens': number;
  samples: number;
  temperature: number;
  'top-k': number;
  'top-p': number;
  seed: number;
  backend: BackendChoice;
}

export const generateCommand: CommandModule<object, Args> = {
  command: 'generate',
  describe: 'reply to a text prompt (greedy by default) — checks that a model loads and runs',
  builder: (y) =>
    y
      .option('model', modelOption)
      .option('prompt', {
        type: 'string',
        demandOption: true,
        describe: "user message (rendered with the model folder's chat template, or the built-in Qwen2.5-VL one)",
      })
      .option('max-new-tokens', { type: 'number', default: 32, describe: 'stop after this many generated tokens' })
      .option('samples', { type: 'number', default: 1, describe: 'replies to sample (one prefill, shared)' })
      .option('temperature', { type: 'number', default: 0, describe: 'sampling temperature; 0 = greedy' })
      .option('top-k', { type: 'number', default: 0, describe: 'sample among the k most likely tokens (0 = all)' })
      .option('top-p', { type: 'number', default: 1, describe: 'sample within the smallest set of probability ≥ p' })
      .option('seed', { type: 'number', default: 0, describe: 'seed for sampling and for preset:* random weights' })
      .option('backend', backendOption) as never,
  handler: async (args) => {
    const info = await initBackend(args.backend);
    process.stderr.write(`${describeBackend(info)}\n`);
    const model = await loadModel(args.model, { seed: args.seed, trainable: false });
    try {
      const ids = encodePrompt(model.tokenizer, [{ role: 'user', content: [{ type: 'text', text: args.prompt }] }]);
      process.stderr.write(`model ${model.source}; prompt ${ids.length} tokens\n`);
      const { completions, stats } = await generate(new ModelPolicy(model.params, model.config), [{ id: 0, ids }], {
        groupSize: args.samples,
        maxNewTokens: args['max-new-tokens'],
        temperature: args.temperature,
        topK: args['top-k'],
        topP: args['top-p'],
        seed: args.seed,
        step: 0,
        ...samplingIds(model),
      });
      for (const c of completions)
        process.stdout.write(`${args.samples > 1 ? `[${c.sample}] ` : ''}${model.tokenizer.decode(c.tokens, { skipSpecial: true })}\n`);
      const decodeTokens = stats.tokens - completions.length;
      const tps = decodeTokens > 0 ? (decodeTokens / stats.decodeSeconds).toFixed(1) : 'n/a';
      process.stderr.write(`prefill ${(stats.prefillSeconds * 1000).toFixed(0)} ms; decode ${stats.tokens} tokens at ${tps} tokens/s\n`);
    } finally {
      disposeParams(model.params);
    }
  },
};

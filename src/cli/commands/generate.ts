// `ahpo generate`: greedy continuation of one chat prompt with the KV cache — a quick check that a model loads,
// runs on the chosen backend and decodes at a sensible speed.
import type { CommandModule } from 'yargs';
import { encodePrompt } from '../../data/chat-template.js';
import { loadModel } from '../../model/load.js';
import { disposeParams } from '../../model/params.js';
import { greedyGenerate } from '../../rollout/greedy.js';
import { describeBackend, initBackend, type BackendChoice } from '../../runtime/backend.js';
import { backendOption, modelOption } from '../options.js';

interface Args {
  model: string;
  prompt: string;
  'max-new-tokens': number;
  seed: number;
  backend: BackendChoice;
}

export const generateCommand: CommandModule<object, Args> = {
  command: 'generate',
  describe: 'greedy-decode a reply to a text prompt (checks that a model loads and runs)',
  builder: (y) =>
    y
      .option('model', modelOption)
      .option('prompt', { type: 'string', demandOption: true, describe: 'user message (rendered with the Qwen2.5-VL chat template)' })
      .option('max-new-tokens', { type: 'number', default: 32, describe: 'stop after this many generated tokens' })
      .option('seed', { type: 'number', default: 0, describe: 'seed for preset:* random weights' })
      .option('backend', backendOption) as never,
  handler: async (args) => {
    if (!(Number.isInteger(args['max-new-tokens']) && args['max-new-tokens'] > 0)) throw new Error(`--max-new-tokens must be a positive integer, got ${args['max-new-tokens']}`);
    const info = await initBackend(args.backend);
    process.stderr.write(`${describeBackend(info)}\n`);
    const model = await loadModel(args.model, { seed: args.seed, trainable: false });
    try {
      const prompt = encodePrompt(model.tokenizer, [{ role: 'user', content: [{ type: 'text', text: args.prompt }] }]);
      process.stderr.write(`model ${model.source}; prompt ${prompt.length} tokens\n`);
      const r = await greedyGenerate(model.params, model.config, [prompt], args['max-new-tokens']);
      process.stdout.write(`${model.tokenizer.decode(r.tokens[0], { skipSpecial: true })}\n`);
      const tps = r.decodeSteps > 0 ? (r.decodeSteps / r.decodeSeconds).toFixed(1) : 'n/a';
      process.stderr.write(`prefill ${(r.prefillSeconds * 1000).toFixed(0)} ms; decode ${r.decodeSteps} tokens at ${tps} tokens/s\n`);
    } finally {
      disposeParams(model.params);
    }
  },
};

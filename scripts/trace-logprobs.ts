// Per-token log-probabilities of expert traces under a model (teacher forcing): shows WHICH trace tokens a model has
// learned. Tokens it must copy from the prompt (a maze's start cell, the given numbers) sitting near log(1/k) for k
// candidates means the model has not learned to read the prompt yet, however low the mean NLL is.
//   npx tsx scripts/trace-logprobs.ts MODEL_DIR [gen:…] [--variant both|text|image] [--n 2]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_PROCESSOR_CONFIG } from '../src/data/image.js';
import { loadProblems } from '../src/data/problems.js';
import { loadModel } from '../src/model/load.js';
import { disposeParams } from '../src/model/params.js';
import { buildVlmBatch, disposeVlmBatch, vlmForward } from '../src/model/vlm.js';
import { preparePrompt } from '../src/rollout/prepare.js';
import { initBackend } from '../src/runtime/backend.js';
import type { PromptVariant } from '../src/tasks/prompt.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { variant: { type: 'string', default: 'both' }, n: { type: 'string', default: '2' } } });
const [modelDir, source = 'gen:tasks=maze,24_points,levels=1,n=1,seed=1,style=short'] = positionals;
if (!modelDir) throw new Error('usage: npx tsx scripts/trace-logprobs.ts MODEL_DIR [gen:…] [--variant both|text|image] [--n 2]');
await initBackend('wasm');
const m = await loadModel(modelDir);
const ctx = { tokenizer: m.tokenizer, config: m.config, processor: m.processor ?? DEFAULT_PROCESSOR_CONFIG, imageSize: 112 };
for (const p of loadProblems(source).filter((x) => x.trace).slice(0, Number(values.n))) {
  const prompt = await preparePrompt(p, values.variant as PromptVariant, ctx);
  const completion = [...m.tokenizer.encode(p.trace!), m.config.tokens.eosTokenIds[0]];
  const batch = buildVlmBatch(m.config, [[...prompt.ids, ...completion]], prompt.images ?? []);
  const logp = tf.tidy(() => tf.logSoftmax(vlmForward(m.params, m.config, batch).logits as tf.Tensor3D));
  const rows = ((await logp.array()) as number[][][])[0];
  logp.dispose();
  disposeVlmBatch(batch);
  const at = prompt.ids.length - 1;
  const shown = completion.map((t, k) => `${JSON.stringify(m.tokenizer.decode([t]))}:${rows[at + k][t].toFixed(2)}`);
  const mean = -completion.reduce((s, t, k) => s + rows[at + k][t], 0) / completion.length;
  process.stdout.write(`${p.key} (prompt ${prompt.ids.length} tokens, trace NLL/token ${mean.toFixed(3)})\n${shown.join(' ')}\n\n`);
}
disposeParams(m.params);

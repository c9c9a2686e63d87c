// Decode throughput of the rollout engine and the cost of a long cache.
//   npx tsx bench/decode.ts [--preset reference] [--batches 1,8,32] [--prompt 32] [--new 64] [--backend wasm] [--vlm]
// Prints: tokens/s for each batch size (prefill excluded; sampling at T = 1 with no stop, so every row runs to
// --new), and the per-step decode time with the cache at position 512 ÷ at position 32 (batch 1).
// With --vlm: the tiny-vl preset and the built-in tokenizer, every prompt holding a 448×448 image (256 image tokens).
// Compare with bench/reference/decode.py run in the same session.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { disposeParams, initParams } from '../src/model/params.js';
import { presetConfig } from '../src/model/presets.js';
import { generate } from '../src/rollout/generate.js';
import { ModelPolicy, type PreparedPrompt } from '../src/rollout/policy.js';
import { renderChat } from '../src/data/chat-template.js';
import { preprocessRgb } from '../src/data/image.js';
import { QwenTokenizer } from '../src/data/tokenizer.js';
import { tokensOf } from '../src/model/load.js';
import { expandImagePrompt } from '../src/model/vlm.js';
import { describeBackend, initBackend, type BackendChoice } from '../src/runtime/backend.js';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'reference' },
    batches: { type: 'string', default: '1,8,32' },
    prompt: { type: 'string', default: '32' },
    new: { type: 'string', default: '64' },
    backend: { type: 'string', default: 'wasm' },
    vocab: { type: 'string', default: '2048' },
    vlm: { type: 'boolean', default: false },
  },
});
const info = await initBackend(values.backend as BackendChoice);
const tok = values.vlm ? QwenTokenizer.fromDir() : undefined;
const tokens = tok ? tokensOf(tok) : { eosTokenIds: [1], padTokenId: 0, imageTokenId: -1, visionStartTokenId: -1, visionEndTokenId: -1 };
const cfg = values.vlm ? presetConfig('tiny-vl', tokens, tok!.vocabSize) : presetConfig(values.preset!, tokens, Number(values.vocab));
const params = initParams(cfg, 0);
const policy = new ModelPolicy(params, cfg);
const promptLen = Number(values.prompt);
const maxNew = Number(values.new);
const textPrompt = (i: number): PreparedPrompt => ({
  id: i,
  ids: Array.from({ length: promptLen }, (_, t) => 2 + ((i * 31 + t * 7) % (cfg.text.vocabSize - 2))),
});
function imagePrompt(i: number): PreparedPrompt {
  const rgb = new Uint8Array(448 * 448 * 3).map((_, k) => (k * 7 + i * 13) & 255);
  const img = preprocessRgb(rgb, 448, 448);
  const ids = tok!.encode(renderChat([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe the picture.' }] }]));
  return { id: i, ids: expandImagePrompt(ids, [img.gridThw], cfg), images: [{ pixelValues: img.pixelValues, gridThw: img.gridThw }] };
}
const prompt = values.vlm ? imagePrompt : textPrompt;
console.log(
  `${describeBackend(info)} | ${values.vlm ? `tiny-vl, prompt = 448×448 image + text (${imagePrompt(0).ids.length} tokens)` : `preset ${values.preset}, prompt ${promptLen} tokens`}, ${maxNew} new tokens`,
);

for (const B of values.batches!.split(',').map(Number)) {
  const prompts = Array.from({ length: B }, (_, i) => prompt(i));
  const o = { groupSize: 1, maxNewTokens: maxNew, seed: 0, step: 0, temperature: 1, topK: 0, topP: 1, stopIds: [] };
  await generate(policy, prompts.slice(0, 1), { ...o, maxNewTokens: 4 }); // warm-up
  const { stats } = await generate(policy, prompts, o);
  const decoded = stats.tokens - B; // the first token of each row comes from the prefill logits
  console.log(
    `batch ${B}: decode ${(decoded / stats.decodeSeconds).toFixed(1)} tokens/s (${((stats.decodeSeconds / (maxNew - 1)) * 1000).toFixed(1)} ms/step), prefill ${(stats.prefillSeconds * 1000).toFixed(0)} ms`,
  );
}

/** Median time of one decode step for a batch-1 cache holding `len` tokens. */
async function stepTimeAt(len: number, steps = 16): Promise<number> {
  const pre = policy.prefill([{ id: 0, ids: Array.from({ length: len }, (_, t) => 2 + (t % 100)) }]);
  pre.logits.dispose();
  const times: number[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      const t0 = performance.now();
      const logits = policy.step([5], [len + s], pre.cache);
      await logits.data();
      logits.dispose();
      times.push(performance.now() - t0);
    }
  } finally {
    pre.cache.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
await stepTimeAt(32, 4);
const t32 = await stepTimeAt(32);
const t512 = await stepTimeAt(512);
console.log(`decode step at position 32: ${t32.toFixed(2)} ms; at position 512: ${t512.toFixed(2)} ms; ratio ${(t512 / t32).toFixed(2)}`);
disposeParams(params);
if (tf.memory().numTensors !== 0) console.log(`WARNING: ${tf.memory().numTensors} tensors alive at exit`);

// Vision-tower and full-VLM forward throughput for one square image on a preset (default tiny-vl, 448×448 → grid
// [1, 32, 32], 1024 patches, 256 image tokens), plus the segment-attention strategy comparison behind
// src/model/vision.ts (grouped batched matmul vs a dense block-diagonal mask per image).
//   npx tsx bench/vision.ts [--steps 5] [--warmup 1] [--size 448] [--images 1] [--backend wasm] [--preset tiny-vl]
// Prints one line per measurement. Do not run it while tests run on the same cores.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { renderChat } from '../src/data/chat-template.js';
import { preprocessRgb } from '../src/data/image.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../src/data/tokenizer.js';
import { tokensOf } from '../src/model/load.js';
import { disposeParams, initParams } from '../src/model/params.js';
import { presetConfig } from '../src/model/presets.js';
import { planVision, visionForward } from '../src/model/vision.js';
import { buildVlmBatch, disposeVlmBatch, expandImagePrompt, vlmForward } from '../src/model/vlm.js';
import { describeBackend, initBackend, type BackendChoice } from '../src/runtime/backend.js';
import { median, timeRuns } from './timing.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    size: { type: 'string', default: '448' },
    images: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
    preset: { type: 'string', default: 'tiny-vl' },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const size = Number(values.size);
const nImages = Number(values.images);
for (const [k, v] of Object.entries({ steps, warmup, size, images: nImages })) {
  if (!Number.isInteger(v) || v < (k === 'warmup' ? 0 : 1))
    throw new Error(`--${k} must be a positive integer, got ${JSON.stringify(values[k as keyof typeof values])}`);
}

const timeIt = async (fn: () => Promise<void>): Promise<number> => median(await timeRuns(fn, warmup, steps));

/** A deterministic RGB test card (gradients + checkerboard) of size×size. */
function testImage(): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      rgb[i] = (255 * x) / (size - 1);
      rgb[i + 1] = (255 * y) / (size - 1);
      rgb[i + 2] = ((x >> 4) + (y >> 4)) % 2 ? 220 : 30;
    }
  }
  return rgb;
}

const info = await initBackend(values.backend as BackendChoice);
const tok = QwenTokenizer.fromDir(BUILTIN_TOKENIZER_DIR);
const config = presetConfig(values.preset!, tokensOf(tok), tok.vocabSize);
if (!config.vision) throw new Error(`--preset ${values.preset} has no vision tower`);
const v = config.vision;
const params = initParams(config, 0);
console.log(`vision bench: preset ${values.preset}, ${nImages} image(s) of ${size}×${size}, ${describeBackend(info)}, median of ${steps}`);

let t0 = performance.now();
const pre = preprocessRgb(testImage(), size, size);
console.log(
  `preprocess (resize + normalise + patchify, host): ${(performance.now() - t0).toFixed(1)} ms/image, grid ${JSON.stringify(pre.gridThw)}, ${pre.numImageTokens} tokens`,
);
const images = Array.from({ length: nImages }, () => pre);
const grids = images.map((im) => im.gridThw);

t0 = performance.now();
const plan = planVision(v, grids);
console.log(`vision plan (window index, RoPE tables, segment groups, host): ${(performance.now() - t0).toFixed(1)} ms`);

const all = new Float32Array(nImages * pre.pixelValues.length);
images.forEach((im, i) => all.set(im.pixelValues, i * im.pixelValues.length));
const pixels = tf.tensor2d(all, [nImages * pre.numPatches, pre.patchDim]);
const tVision = await timeIt(async () => {
  const out = visionForward(params, config, pixels, grids, plan);
  await out.data();
  out.dispose();
});
const visionTokens = nImages * pre.numImageTokens;
console.log(
  `vision tower forward: ${(nImages / tVision).toFixed(2)} images/s, ${((nImages * pre.numPatches) / tVision).toFixed(0)} patches/s, ${(visionTokens / tVision).toFixed(0)} image tokens/s (${(tVision * 1000).toFixed(1)} ms)`,
);

const content = [...images.map(() => ({ type: 'image' as const })), { type: 'text' as const, text: 'Describe this image.' }];
const prompt = expandImagePrompt(tok.encode(renderChat([{ role: 'user', content }])), grids, config);
const batch = buildVlmBatch(config, [prompt], images);
const tVlm = await timeIt(async () => {
  const logits = vlmForward(params, config, batch, undefined, 'last').logits!;
  await logits.data();
  logits.dispose();
});
console.log(
  `full VLM forward (prefill, last logits): ${(nImages / tVlm).toFixed(2)} images/s, ${(prompt.length / tVlm).toFixed(0)} tokens/s over ${prompt.length} tokens (${(tVlm * 1000).toFixed(1)} ms)`,
);
disposeVlmBatch(batch);

// Segment attention alone, one block's worth (q, k, v [N, H, Dh]): our grouping vs a dense block-diagonal mask.
const n = plan.patches;
const dh = v.hiddenSize / v.numHeads;
const [q, k, val] = [1, 2, 3].map((s) => tf.randomNormal([n, v.numHeads, dh], 0, 1, 'float32', s) as tf.Tensor3D);
const grouped = (): tf.Tensor =>
  tf.tidy(() => {
    const outs = plan.windowSegments.groups.map((g) => {
      const split = (t: tf.Tensor) =>
        tf.transpose(tf.reshape(tf.slice(t, [g.start, 0, 0], [g.count * g.length, -1, -1]), [g.count, g.length, v.numHeads, dh]), [0, 2, 1, 3]);
      return tf.matMul(tf.softmax(tf.mul(tf.matMul(split(q), split(k), false, true), 1 / Math.sqrt(dh))), split(val));
    });
    return outs.length === 1 ? outs[0] : tf.concat(outs.map((o) => tf.reshape(o, [-1])));
  });
const windowOf = new Int32Array(n);
const bounds = plan.windowSegments.groups.flatMap((g) => Array.from({ length: g.count }, (_, c) => g.start + c * g.length));
bounds.sort((a, b) => a - b).forEach((b, w) => windowOf.fill(w, b));
const maskData = new Float32Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (windowOf[i] !== windowOf[j]) maskData[i * n + j] = -1e9;
const mask = tf.tensor2d(maskData, [n, n]);
const dense = (): tf.Tensor =>
  tf.tidy(() => {
    const h = (t: tf.Tensor) => tf.transpose(t, [1, 0, 2]); // [H, N, Dh]
    const s = tf.add(tf.mul(tf.matMul(h(q), h(k), false, true), 1 / Math.sqrt(dh)), mask);
    return tf.matMul(tf.softmax(s), h(val));
  });
for (const [name, fn] of [
  ['grouped batched matmul', grouped],
  ['dense block-diagonal mask', dense],
] as const) {
  const t = await timeIt(async () => {
    const o = fn();
    await o.data();
    o.dispose();
  });
  console.log(
    `window attention, ${name}: ${(t * 1000).toFixed(2)} ms per block (${n} patches, ${plan.windowSegments.groups.reduce((a, g) => a + g.count, 0)} windows)`,
  );
}
tf.dispose([q, k, val, mask, pixels]);
disposeParams(params);

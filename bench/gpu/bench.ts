// GPU benchmark of the Qwen2 decoder on one backend (webgpu by default): training step (forward + backward through
// tokenLogprobs + Adam, one host read per step), forward-only, and batched greedy decode through the KV cache (one
// host read per token: the sampled ids). Prints one human line and one `RESULT {json}` line.
//   npx tsx bench/gpu/bench.ts [--preset reference|large] [--batch 4] [--seq 256] [--steps 5] [--warmup 2]
//                              [--prompt 128] [--new-tokens 64] [--backend webgpu]
// `large` matches bench/reference/train_step.py's "large" (hidden 1024, 12 layers, 16/4 heads, head 64, SwiGLU 4096).
// bench/gpu/run.sh runs this (esbuild-bundled, on a carried Node) next to the PyTorch reference on CUDA.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { KVCache } from '../../src/model/kv-cache.js';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { countParams, disposeParams, initParams, paramShapes } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { textPositionIds } from '../../src/model/rope.js';
import { forward } from '../../src/model/text.js';
import { describeBackend, initBackend, type BackendChoice } from '../../src/runtime/backend.js';
import { median, timeRuns } from '../timing.js';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'reference' },
    batch: { type: 'string', default: '4' },
    seq: { type: 'string', default: '256' },
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    prompt: { type: 'string', default: '128' },
    'new-tokens': { type: 'string', default: '64' },
    backend: { type: 'string', default: 'webgpu' },
  },
});
const B = Number(values.batch);
const T = Number(values.seq);
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const P = Number(values.prompt);
const N = Number(values['new-tokens']);
const tokens = { eosTokenIds: [1], padTokenId: 0, imageTokenId: -1, visionStartTokenId: -1, visionEndTokenId: -1 };
const cfg = presetConfig('reference', tokens, 2048);
if (values.preset === 'large') Object.assign(cfg.text, { hiddenSize: 1024, numLayers: 12, numHeads: 16, numKvHeads: 4, intermediateSize: 4096 });
else if (values.preset !== 'reference') throw new Error(`--preset must be reference or large, got ${values.preset}`);

const timeIt = async (fn: () => Promise<void>, n = steps): Promise<number> => median(await timeRuns(fn, warmup, n));

const info = await initBackend(values.backend as BackendChoice);
const start = tf.memory().numTensors;
const params = initParams(cfg, 0);
const optimizer = tf.train.adam(1e-4);
const ids = tf.tidy(() => tf.cast(tf.mul(tf.randomUniform([B, T + 1], 0, 1, 'float32', 1), cfg.text.vocabSize - 1), 'int32'));
const ones = Array.from({ length: B }, () => new Array(T).fill(1));
const batch = {
  inputIds: tf.slice(ids, [0, 0], [B, T]) as tf.Tensor2D,
  attentionMask: tf.ones([B, T], 'int32') as tf.Tensor2D,
  positionIds: tf.tensor3d(textPositionIds(ones), [3, B, T], 'int32'),
};
const targets = tf.slice(ids, [0, 1], [B, T]) as tf.Tensor2D;

const trainStep = await timeIt(async () => {
  const loss = optimizer.minimize(() => tf.neg(tf.mean(tokenLogprobs(params, cfg, batch, targets))) as tf.Scalar, true);
  await loss!.data(); // one host read per step, as in training
  loss!.dispose();
});
const forwardStep = await timeIt(async () => {
  const { hidden } = forward(params, cfg, batch, undefined, 'none');
  await hidden!.data();
  hidden!.dispose();
});

// Batched greedy decode: prefill P tokens per row, then N one-token steps; only the sampled ids come back to the host.
const promptIds = tf.slice(ids, [0, 0], [B, Math.min(P, T)]) as tf.Tensor2D;
const prefillTimes: number[] = [];
const stepTimes: number[] = [];
await timeIt(
  async () => {
    const cache = new KVCache(cfg.text.numLayers);
    try {
      const p = promptIds.shape[1];
      const t0 = performance.now();
      const prefillPos = tf.tensor3d(textPositionIds(Array.from({ length: B }, () => new Array(p).fill(1))), [3, B, p], 'int32');
      const prefillMask = tf.ones([B, p], 'int32') as tf.Tensor2D;
      let logits = forward(params, cfg, { inputIds: promptIds, attentionMask: prefillMask, positionIds: prefillPos }, cache, 'last').logits!;
      tf.dispose([prefillPos, prefillMask]);
      let next = tf.argMax(logits, -1);
      logits.dispose();
      await next.data();
      prefillTimes.push((performance.now() - t0) / 1000);
      const t1 = performance.now();
      for (let s = 0; s < N; s++) {
        const inputIds = tf.reshape(next, [B, 1]) as tf.Tensor2D;
        const positionIds = tf.fill([3, B, 1], p + s, 'int32') as tf.Tensor3D;
        const attentionMask = tf.ones([B, 1], 'int32') as tf.Tensor2D;
        logits = forward(params, cfg, { inputIds, attentionMask, positionIds }, cache, 'last').logits!;
        tf.dispose([next, inputIds, positionIds, attentionMask]);
        next = tf.argMax(logits, -1);
        logits.dispose();
        await next.data(); // the sampled ids: the only per-token host read
      }
      stepTimes.push((performance.now() - t1) / 1000 / N);
      next.dispose();
    } finally {
      cache.dispose();
    }
  },
  Math.max(1, Math.min(steps, 3)),
);

const n = B * T;
// Warm-up runs compile the shaders for each new shape: time only the measured runs.
const prefillSec = median(prefillTimes.slice(warmup));
const stepSec = median(stepTimes.slice(warmup));
const result = {
  backend: info.name,
  detail: info.detail,
  preset: values.preset,
  params: countParams(paramShapes(cfg)),
  batch: B,
  seq: T,
  trainTokensPerSec: n / trainStep,
  trainStepSec: trainStep,
  forwardTokensPerSec: n / forwardStep,
  decode: { prompt: promptIds.shape[1], newTokens: N, prefillSec, tokensPerSec: B / stepSec, msPerStep: stepSec * 1000 },
};
console.log(
  `${describeBackend(info)} | preset ${values.preset} (${(result.params / 1e6).toFixed(2)} M params) batch ${B} × seq ${T} | ` +
    `train ${result.trainTokensPerSec.toFixed(0)} tokens/s (step ${trainStep.toFixed(3)} s) | forward ${result.forwardTokensPerSec.toFixed(0)} tokens/s | ` +
    `decode ${B}×${N} after a ${result.decode.prompt}-token prefill: ${result.decode.tokensPerSec.toFixed(1)} tokens/s (${result.decode.msPerStep.toFixed(1)} ms/step, prefill ${prefillSec.toFixed(3)} s)`,
);
console.log(`RESULT ${JSON.stringify(result)}`);
optimizer.dispose();
disposeParams(params);
tf.dispose([ids, batch.inputIds, batch.attentionMask, batch.positionIds, targets, promptIds]);
const leaked = tf.memory().numTensors - start;
if (leaked !== 0) console.log(`WARNING: ${leaked} tensors leaked on ${info.name}`);
// Dawn's instance can keep the event loop alive after the last GPU work.
process.exit(0);

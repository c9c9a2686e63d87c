// Training-step and forward-only throughput of the Qwen2 decoder for a named preset, on each requested backend.
//   npx tsx bench/train-step.ts [--preset reference] [--batch 4] [--seq 256] [--steps 5] [--backends wasm,cpu]
// A training step is forward + backward (token NLL through tokenLogprobs) + Adam, exactly what the trainer runs.
// Prints one line per backend; compare against bench/reference/train_step.py run in the same session.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { describeBackend, initBackend, type BackendChoice } from '../src/runtime/backend.js';
import { tokenLogprobs } from '../src/model/logprobs.js';
import { countParams, disposeParams, initParams, paramShapes } from '../src/model/params.js';
import { presetConfig } from '../src/model/presets.js';
import { textPositionIds } from '../src/model/rope.js';
import { forward } from '../src/model/text.js';
import { median, timeRuns } from './timing.js';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'reference' },
    batch: { type: 'string', default: '4' },
    seq: { type: 'string', default: '256' },
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    backends: { type: 'string', default: 'wasm' },
    vocab: { type: 'string', default: '2048' },
  },
});
const B = Number(values.batch);
const T = Number(values.seq);
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const tokens = { eosTokenIds: [1], padTokenId: 0, imageTokenId: -1, visionStartTokenId: -1, visionEndTokenId: -1 };
const cfg = presetConfig(values.preset!, tokens, Number(values.vocab));

for (const name of values.backends!.split(',')) {
  const info = await initBackend(name as BackendChoice);
  const start = tf.memory().numTensors;
  const params = initParams(cfg, 0);
  const optimizer = tf.train.adam(1e-4);
  let seed = 1;
  const ids = tf.tidy(() => tf.cast(tf.mul(tf.randomUniform([B, T + 1], 0, 1, 'float32', seed++), cfg.text.vocabSize - 1), 'int32'));
  const mask = Array.from({ length: B }, () => new Array(T).fill(1));
  const batch = {
    inputIds: tf.slice(ids, [0, 0], [B, T]) as tf.Tensor2D,
    attentionMask: tf.ones([B, T], 'int32') as tf.Tensor2D,
    positionIds: tf.tensor3d(textPositionIds(mask), [3, B, T], 'int32'),
  };
  const targets = tf.slice(ids, [0, 1], [B, T]) as tf.Tensor2D;

  const trainTimes = await timeRuns(
    async () => {
      const loss = optimizer.minimize(() => tf.neg(tf.mean(tokenLogprobs(params, cfg, batch, targets))) as tf.Scalar, true);
      await loss!.data(); // one host sync per step, as in training
      loss!.dispose();
    },
    warmup,
    steps,
  );
  const fwdTimes = await timeRuns(
    async () => {
      const logits = forward(params, cfg, batch).logits!;
      await logits.data();
      logits.dispose();
    },
    warmup,
    steps,
  );
  const n = B * T;
  const params_ = countParams(paramShapes(cfg));
  console.log(
    `${describeBackend(info)} | preset ${values.preset} (${(params_ / 1e6).toFixed(2)} M params) batch ${B} × seq ${T} | ` +
      `train ${(n / median(trainTimes)).toFixed(0)} tokens/s (step ${median(trainTimes).toFixed(3)} s) | ` +
      `forward ${(n / median(fwdTimes)).toFixed(0)} tokens/s`,
  );
  optimizer.dispose();
  disposeParams(params);
  tf.dispose([ids, batch.inputIds, batch.attentionMask, batch.positionIds, targets]);
  const leaked = tf.memory().numTensors - start;
  if (leaked !== 0) console.log(`WARNING: ${leaked} tensors leaked on ${info.name}`);
}

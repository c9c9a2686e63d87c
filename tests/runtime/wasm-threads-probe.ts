// Child process of wasm-threads.test.ts: one forward + backward of a tiny model on the wasm backend with the threads
// AHPO_THREADS asks for; prints the thread count and a hash of the loss and every gradient's bits.
import * as tf from '@tensorflow/tfjs-core';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { gradsByName, initParams } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { textPositionIds } from '../../src/model/rope.js';
import { initBackend } from '../../src/runtime/backend.js';

const info = await initBackend('wasm');
// Large enough that XNNPACK splits the products across threads.
const cfg = presetConfig('tiny-vl', { eosTokenIds: [1], padTokenId: 0, imageTokenId: 60, visionStartTokenId: 61, visionEndTokenId: 62 }, 64);
const params = initParams(cfg, 3, 0.1);
const [B, T] = [6, 48];
const ids = Array.from({ length: B }, (_, b) => Array.from({ length: T + 1 }, (_, t) => 2 + ((b * 7 + t * 5) % 55)));
const batch = {
  inputIds: tf.tensor2d(
    ids.map((r) => r.slice(0, T)),
    undefined,
    'int32',
  ),
  attentionMask: tf.ones([B, T], 'int32') as tf.Tensor2D,
  positionIds: tf.tensor3d(textPositionIds(ids.map(() => new Array(T).fill(1))), [3, B, T], 'int32'),
};
const targets = tf.tensor2d(
  ids.map((r) => r.slice(1)),
  undefined,
  'int32',
);
const { value, grads } = gradsByName(params, () => tf.neg(tf.mean(tokenLogprobs(params, cfg, batch, targets))) as tf.Scalar);
let h = 0;
for (const t of [
  value,
  ...Object.keys(grads)
    .sort()
    .flatMap((k) => (grads[k] ? [grads[k]] : [])),
]) {
  const bits = new Uint32Array(((await t.data()) as Float32Array).slice().buffer);
  for (const x of bits) h = (Math.imul(h, 31) + x) >>> 0;
}
console.log(JSON.stringify({ threads: info.threads, hash: h.toString(16) }));

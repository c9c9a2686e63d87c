// The wasm kernel fills must agree with the pure-JS cpu backend: every matmul layout the model and its gradients
// use, UnsortedSegmentSum, and the loss and every parameter gradient of a tiny model.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import { cachedTransposeCount } from '../../src/runtime/wasm-kernels.js';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, gradsByName, initParams } from '../../src/model/params.js';
import { disposeBatch, expectNoLeak, relDiff, textBatch, tinyConfig } from '../helpers.js';

async function onBoth<T extends tf.Tensor | tf.Tensor[]>(fn: () => T): Promise<{ wasm: Float32Array[]; cpu: Float32Array[] }> {
  const run = async (b: 'wasm' | 'cpu') => {
    await tf.setBackend(b);
    const out = fn();
    const list = Array.isArray(out) ? out : [out];
    const data = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose(list);
    return data;
  };
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

beforeAll(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

describe('wasm BatchMatMul fill', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['2-D plain', [5, 7], [7, 3], false, false],
    ['2-D x·Wᵀ', [5, 7], [3, 7], false, true],
    ['2-D Aᵀ·B', [7, 5], [7, 3], true, false],
    ['2-D Aᵀ·Bᵀ', [7, 5], [3, 7], true, true],
    ['batched', [4, 5, 7], [4, 7, 3], false, false],
    ['batched QKᵀ', [2, 3, 6, 8], [2, 3, 9, 8], false, true],
    ['batched Aᵀ', [4, 7, 5], [4, 7, 3], true, false],
    ['broadcast right', [4, 5, 7], [1, 7, 3], false, false],
    ['broadcast left', [1, 5, 7], [4, 3, 7], false, true],
    // More than 8 rows: batched products take the per-batch XNNPACK path (≤ 8 rows stay on the strided kernel).
    ['batched, many rows', [3, 12, 7], [3, 7, 5], false, false],
    ['batched QKᵀ, many rows', [2, 3, 10, 8], [2, 3, 9, 8], false, true],
    ['batched Aᵀ·Bᵀ, many rows', [2, 7, 11], [2, 4, 7], true, true],
  ];
  for (const [name, sa, sb, ta, tb] of cases) {
    it(`matches cpu: ${name}`, async () => {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
      const { wasm, cpu } = await onBoth(() => tf.matMul(a, b, ta, tb));
      expect(await relDiff(wasm[0], cpu[0])).toBeLessThan(1e-6);
      tf.dispose([a, b]);
    });
  }

  it('repeated products with fresh operands never reuse stale packed weights', async () => {
    // XNNPACK caches packed weights per right-hand tensor id; alternate contents and shapes to catch staleness.
    for (let i = 0; i < 4; i++) {
      const a = tf.randomNormal([6, 4], 0, 1, 'float32', 10 + i);
      const b = tf.randomNormal(i % 2 ? [5, 4] : [4, 5], 0, 1, 'float32', 20 + i);
      const { wasm, cpu } = await onBoth(() => tf.matMul(a, b, false, i % 2 === 1));
      expect(await relDiff(wasm[0], cpu[0])).toBeLessThan(1e-6);
      tf.dispose([a, b]);
    }
  });

  it("caches a weight's transposed copy while the weight lives, and releases it after", async () => {
    const a = tf.randomNormal([2, 2]);
    // The sweep (every 64 matmuls) frees copies whose source is gone: start from a swept cache.
    const sweep = () => {
      for (let i = 0; i < 70; i++) tf.matMul(a, a).dispose();
    };
    sweep();
    const x = tf.randomNormal([3, 16]);
    const w = tf.randomNormal([10, 16]);
    const before = cachedTransposeCount();
    const y1 = tf.matMul(x, w, false, true);
    const y2 = tf.matMul(x, w, false, true);
    expect(cachedTransposeCount()).toBe(before + 1);
    expect(await relDiff(y1, y2)).toBe(0);
    w.dispose();
    sweep();
    expect(cachedTransposeCount()).toBe(before);
    tf.dispose([x, y1, y2, a]);
  });

  it('does not leak', async () => {
    const a = tf.randomNormal([3, 5, 7]);
    const b = tf.randomNormal([3, 6, 7]);
    await expectNoLeak(() => tf.matMul(a, b, false, true).dispose());
    tf.dispose([a, b]);
  });
});

describe('wasm UnsortedSegmentSum fill (gradient of gather)', () => {
  it('matches cpu and drops out-of-range ids', async () => {
    const x = tf.randomNormal([6, 3], 0, 1, 'float32', 3);
    const ids = tf.tensor1d([2, 0, 2, 5, -1, 1], 'int32');
    const { wasm, cpu } = await onBoth(() => tf.unsortedSegmentSum(x, ids, 4));
    expect(await relDiff(wasm[0], cpu[0])).toBeLessThan(1e-7);
    tf.dispose([x, ids]);
  });
});

describe('wasm GatherV2 fill (row copies)', () => {
  const cases: [string, number[], number[][] | number[], number][] = [
    ['cache rows, axis 0', [5, 2, 3, 4], [4, 0, 2], 0],
    ['embedding lookup, repeated ids', [10, 6], [3, 3, 9, 0, 1], 0],
    ['middle axis', [3, 5, 4], [4, 1], 1],
    ['last axis', [3, 5], [2, 0, 4, 4], 1],
    ['negative axis', [3, 5], [1], -1],
    [
      '2-D indices',
      [6, 3],
      [
        [0, 5],
        [2, 2],
      ],
      0,
    ],
    ['no indices', [4, 3], [], 0],
  ];
  for (const [name, shape, ids, axis] of cases) {
    it(`matches cpu: ${name}`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const r = await onBoth(() => [
        tf.gather(
          tf.tensor(
            Array.from({ length: n }, (_, i) => i * 0.5 - 3),
            shape,
          ),
          tf.tensor(ids, undefined, 'int32'),
          axis,
        ),
      ]);
      expect(r.wasm[0]).toEqual(r.cpu[0]);
    });
  }

  it('copies int32 data, refuses an index out of range, and does not leak', async () => {
    const x = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      undefined,
      'int32',
    );
    const g = tf.gather(x, tf.tensor1d([2, 0], 'int32'));
    expect([g.dtype, Array.from(await g.data())]).toEqual(['int32', [5, 6, 1, 2]]);
    expect(() => tf.gather(x, tf.tensor1d([3], 'int32'))).toThrow('GatherV2: the index value 3 is not in [0, 2]');
    await expectNoLeak(() => tf.tidy(() => tf.gather(x, tf.tensor1d([1, 1], 'int32'))).dispose());
    tf.dispose([x, g]);
  });
});

describe('tiny model on wasm vs cpu', () => {
  it('loss and every parameter gradient match to 1e-5 (max|Δ| / max|ref|)', async () => {
    const cfg = tinyConfig(48);
    const params = initParams(cfg, 11, 0.1);
    const names = Object.keys(params);
    const b = textBatch([
      [3, 4, 5, 6, 7, 8],
      [9, 10, 11],
    ]);
    const targets = tf.tensor2d(
      [
        [4, 5, 6, 7, 8, 9],
        [1, 1, 1, 10, 11, 12],
      ],
      undefined,
      'int32',
    );
    const { wasm, cpu } = await onBoth(() => {
      const { value, grads } = gradsByName(params, () => tf.neg(tf.mean(tokenLogprobs(params, cfg, b, targets))) as tf.Scalar);
      return [value, ...names.map((n) => grads[n])];
    });
    expect(await relDiff(wasm[0], cpu[0]), 'loss').toBeLessThan(1e-5);
    for (let i = 0; i < names.length; i++) expect(await relDiff(wasm[i + 1], cpu[i + 1]), names[i]).toBeLessThan(1e-5);
    disposeParams(params);
    targets.dispose();
    disposeBatch(b);
  });
});

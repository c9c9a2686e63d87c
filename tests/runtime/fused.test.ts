// The fused wasm kernels (src/runtime/fused.ts) against the composite ops on the pure-JS cpu backend: values of
// RMSNorm and rotary (run by the kernel outside a tape) and their registered gradients (run directly), when
// they are chosen, and no leaks.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyRotary, rmsNorm, swiGlu } from '../../src/model/layers.js';
import { initBackend } from '../../src/runtime/backend.js';
import { fusable, RMS_NORM, ROTARY } from '../../src/runtime/fused.js';
import { expectNoLeak, relDiff } from '../helpers.js';

beforeAll(async () => {
  await initBackend('cpu');
  await initBackend('wasm');
});

/**
 * fn's output on `backend`, then the gradients of a weighted sum of it with respect to each input. On wasm the
 * gradients go through the kernel's registered gradient: the forward is run by the kernel itself under the tape.
 */
async function valueAndGrads(
  backend: 'wasm' | 'cpu',
  inputs: () => tf.Tensor[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  kernel: string,
  attrs = {},
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const xs = inputs();
  const names = { [RMS_NORM]: ['x', 'weight'], [ROTARY]: ['x', 'cos', 'sin'] }[kernel]!;
  const direct = (...a: tf.Tensor[]) =>
    backend === 'wasm' ? (tf.engine().runKernel(kernel, Object.fromEntries(names.map((n, i) => [n, a[i]])), attrs) as tf.Tensor) : fn(...a);
  const mix = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.sin(tf.reshape(tf.range(0, y.size), y.shape))));
  const out = tf.tidy(() => [fn(...xs), ...tf.grads((...a: tf.Tensor[]) => mix(direct(...a)))(xs)]);
  const data = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...out, ...xs]);
  await tf.setBackend('wasm');
  return data;
}

const seeded = (shape: number[], seed: number) => () => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('fused wasm kernels equal the composite ops', () => {
  const cases: [string, string, () => tf.Tensor[], (...xs: tf.Tensor[]) => tf.Tensor, Record<string, number>][] = [
    ['RMSNorm [20, 128]', RMS_NORM, () => [seeded([20, 128], 1)(), seeded([128], 2)()], (x, w) => rmsNorm(x, w, 1e-6), { eps: 1e-6 }],
    ['RMSNorm [3, 5, 16] (3-D)', RMS_NORM, () => [seeded([3, 5, 16], 3)(), seeded([16], 4)()], (x, w) => rmsNorm(x, w, 1e-5), { eps: 1e-5 }],
    [
      'rotary [4, 3, 2, 8]',
      ROTARY,
      () => [seeded([4, 3, 2, 8], 5)(), seeded([4, 1, 2, 8], 6)(), seeded([4, 1, 2, 8], 7)()],
      (x, c, s) => applyRotary(x, c, s),
      {},
    ],
  ];
  for (const [name, kernel, inputs, fn, attrs] of cases) {
    it(`${name}: values and gradients`, async () => {
      const probe = inputs();
      expect(fusable(kernel, ...probe)).toBe(true); // the wasm side really takes the fused kernel
      tf.dispose(probe);
      const wasm = await valueAndGrads('wasm', inputs, fn, kernel, attrs);
      const cpu = await valueAndGrads('cpu', inputs, fn, kernel, attrs);
      expect(wasm.length).toBe(cpu.length);
      for (let i = 0; i < wasm.length; i++) expect(await relDiff(wasm[i], cpu[i]), `output ${i}`).toBeLessThan(2e-6);
    });
  }

  it('is chosen outside gradient tapes only, for float32, on backends that have it', async () => {
    const [x, ints] = [tf.zeros([4, 64]), tf.zeros([4, 64], 'int32')];
    let underTape: boolean | undefined;
    tf.tidy(() => {
      tf.grad((a: tf.Tensor) => {
        underTape = fusable(RMS_NORM, a);
        return tf.sum(a);
      })(x);
    });
    expect([fusable(RMS_NORM, x), underTape, fusable(RMS_NORM, ints)]).toEqual([true, false, false]);
    await tf.setBackend('cpu');
    expect(fusable(RMS_NORM, x)).toBe(false);
    await tf.setBackend('wasm');
    tf.dispose([x, ints]);
  });

  it('does not leak', async () => {
    const [x, w] = [seeded([6, 32], 1)(), seeded([32], 2)()];
    await expectNoLeak(() => {
      tf.tidy(() => {
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(swiGlu(rmsNorm(a, b, 1e-6), a)))([x, w]);
      });
      rmsNorm(x, w, 1e-6).dispose();
    });
    tf.dispose([x, w]);
  });
});

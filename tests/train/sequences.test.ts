// The micro-batch layout: counted positions must pick exactly each completion token's log-prob, whatever the
// left padding, and only tokens with a non-zero weight are counted.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { initBackend } from '../../src/runtime/backend.js';
import { buildMicroBatch, disposeMicroBatch, planMicroBatches, type TrainSequence } from '../../src/train/sequences.js';
import { disposeBatch, textBatch, tinyConfig } from '../helpers.js';

const cfg = tinyConfig(40);

beforeAll(async () => {
  await initBackend('wasm');
});

const seq = (promptIds: number[], completion: number[], weights: number[], kind: 'on' | 'off' = 'on'): TrainSequence => ({
  kind,
  promptIds,
  completion,
  weights: Float32Array.from(weights),
  oldLogp: completion.map((_, i) => -i),
  advantage: kind === 'on' ? 0.5 : undefined,
});

describe('micro-batches', () => {
  it('counted positions select each completion token of a left-padded batch', async () => {
    const params = initParams(cfg, 2, 0.3);
    const seqs = [seq([5, 6, 7, 8], [9, 10, 1], [0.1, 0.1, 0.1]), seq([11, 12], [13, 14, 15, 1], [0.2, 0, 0.2, 0.2])];
    const mb = buildMicroBatch(cfg, seqs);
    expect(mb.positions.length).toBe(6); // the zero-weight token is not counted
    expect(Array.from(mb.weights)).toEqual([0.1, 0.1, 0.1, 0.2, 0.2, 0.2].map(Math.fround));
    expect(Array.from(mb.oldLogp)).toEqual([-0, -1, -2, -0, -2, -3]);
    const lp = tokenLogprobs(params, cfg, mb.inputs, mb.targets);
    const picked = await tf.gather(tf.reshape(lp, [-1]), tf.tensor1d(mb.positions, 'int32')).data();
    // Reference: each sequence alone, unpadded.
    const expected: number[] = [];
    for (const s of seqs) {
      const full = [...s.promptIds, ...s.completion];
      const b = textBatch([full.slice(0, -1)]);
      const t = tf.tensor2d([full.slice(1)], undefined, 'int32');
      const one = await tokenLogprobs(params, cfg, b, t).data();
      s.completion.forEach((_, k) => {
        if (s.weights[k] > 0) expected.push(one[s.promptIds.length - 1 + k]);
      });
      tf.dispose(t);
      disposeBatch(b);
    }
    Array.from(picked).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    lp.dispose();
    disposeMicroBatch(mb);
    disposeParams(params);
  });

  it('never mixes kinds in one micro-batch and skips sequences with nothing counted', () => {
    const seqs = [seq([1], [2], [1]), seq([1], [2], [0]), seq([1], [3], [1], 'off'), seq([1], [4], [1]), seq([1], [5], [1])];
    const plan = planMicroBatches(seqs, 2);
    expect(plan.map((g) => g.map((s) => s.kind).join(''))).toEqual(['onon', 'on', 'off']);
    expect(() => buildMicroBatch(cfg, [seqs[0], seqs[2]])).toThrow(/separate micro-batches/);
  });
});

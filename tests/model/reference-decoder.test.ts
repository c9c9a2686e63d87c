// Our tfjs decoder against the independent float64 loop reference: GQA head mapping, M-RoPE sections with distinct
// T/H/W positions, q/k/v biases, padding + causal masks, tied and untied heads.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeParams, initParams } from '../../src/model/params.js';
import { forward } from '../../src/model/text.js';
import { initBackend } from '../../src/runtime/backend.js';
import { relDiff, tinyConfig } from '../helpers.js';
import { referenceLogits, type HostParams } from './reference-decoder.js';

beforeAll(async () => {
  await initBackend('wasm');
});

async function hostParams(params: Record<string, tf.Tensor>): Promise<HostParams> {
  const out: HostParams = {};
  for (const [k, v] of Object.entries(params)) out[k] = { data: (await v.data()) as Float32Array, shape: v.shape };
  return out;
}

describe('decoder vs float64 reference', () => {
  for (const tied of [true, false]) {
    it(`matches with distinct M-RoPE axes, left padding, GQA 4/2 (${tied ? 'tied' : 'untied'} head)`, async () => {
      const base = tinyConfig(30);
      // head dim 8 → 4 frequency slots split [1, 1, 2] over (T, H, W).
      const cfg = { ...base, text: { ...base.text, tieWordEmbeddings: tied, mropeSection: [1, 1, 2] as [number, number, number], ropeTheta: 50 } };
      const params = initParams(cfg, tied ? 3 : 4, 0.3);
      // Biases are zero at init; make them non-zero so the q/k/v bias paths are exercised.
      for (const [k, v] of Object.entries(params)) if (k.endsWith('.bias')) v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', 9));
      const ids = [
        [0, 0, 5, 9, 14],
        [3, 7, 11, 2, 21],
      ];
      const mask = [
        [0, 0, 1, 1, 1],
        [1, 1, 1, 1, 1],
      ];
      // Image-like positions: the three axes differ (as for tokens inside an image grid).
      const pos = [
        [
          [1, 1, 0, 1, 2],
          [0, 1, 2, 2, 2],
        ],
        [
          [1, 1, 0, 2, 3],
          [0, 1, 2, 3, 5],
        ],
        [
          [1, 1, 0, 3, 1],
          [0, 1, 4, 2, 7],
        ],
      ];
      const ref = referenceLogits(await hostParams(params), cfg, ids, mask, pos);
      const inputs = {
        inputIds: tf.tensor2d(ids, undefined, 'int32'),
        attentionMask: tf.tensor2d(mask, undefined, 'int32'),
        positionIds: tf.tensor3d(pos, undefined, 'int32'),
      };
      const logits = forward(params, cfg, inputs).logits!;
      const got = (await logits.array()) as number[][][];
      // Compare real (unmasked) positions only; padded query rows are arbitrary by design.
      const pick = (x: number[][][]) => x.flatMap((row, b) => row.filter((_, t) => mask[b][t] === 1).flat());
      expect(await relDiff(pick(got), pick(ref))).toBeLessThan(1e-5);
      tf.dispose([logits, inputs.inputIds, inputs.attentionMask, inputs.positionIds]);
      disposeParams(params);
    });
  }
});

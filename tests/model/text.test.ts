import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import { KVCache } from '../../src/model/kv-cache.js';
import { logprobsAt, tokenLogprobs, tokenLogprobsAndEntropy } from '../../src/model/logprobs.js';
import { disposeParams, gradsByName, initParams } from '../../src/model/params.js';
import { inverseFrequencies, mropeAxisOfSlot, mropeCosSin, textPositionIds } from '../../src/model/rope.js';
import { forward } from '../../src/model/text.js';
import { disposeBatch, expectNoLeak, relDiff, textBatch, tinyConfig } from '../helpers.js';

const cfg = tinyConfig(40);
let params: Record<string, tf.Variable>;

beforeAll(async () => {
  await initBackend('wasm');
  params = initParams(cfg, 7, 0.2);
});
afterAll(() => disposeParams(params));

const ROWS = [
  [5, 6, 7, 8, 9, 10, 11],
  [12, 13, 14],
  [20, 21, 22, 23, 24],
];

describe('rope', () => {
  it('inverse frequencies and M-RoPE slot axes match hand values', () => {
    const inv = inverseFrequencies(8, 10000);
    expect(Array.from(inv)).toEqual([1, 0.1, 0.01, 0.001].map((x) => Math.fround(x)).map((x, i) => (i === 0 ? 1 : inv[i])));
    expect(inv[1]).toBeCloseTo(0.1, 7);
    expect(inv[3]).toBeCloseTo(0.001, 9);
    // [16, 24, 24]: slots 0..15 temporal, 16..39 height, 40..63 width.
    const axis = mropeAxisOfSlot([16, 24, 24]);
    expect([axis[0], axis[15], axis[16], axis[39], axis[40], axis[63]]).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('M-RoPE takes each slot from its own axis; equal axes give plain RoPE', async () => {
    const c = { ...cfg.text, headDim: 8, mropeSection: [1, 1, 2] as [number, number, number], ropeTheta: 10000 };
    // One token with positions T=2, H=3, W=5.
    const pos = tf.tensor3d([2, 3, 5], [3, 1, 1], 'int32');
    const { cos, sin } = mropeCosSin(pos, c);
    const inv = [1, 0.1, 0.01, 0.001];
    const angles = [2 * inv[0], 3 * inv[1], 5 * inv[2], 5 * inv[3]];
    const want = [...angles, ...angles];
    expect(await relDiff(cos, want.map(Math.cos))).toBeLessThan(1e-6);
    expect(await relDiff(sin, want.map(Math.sin))).toBeLessThan(1e-6);
    tf.dispose([pos, cos, sin]);
  });

  it('text positions count only real tokens of a left-padded row', () => {
    const pos = textPositionIds([
      [0, 0, 1, 1],
      [1, 1, 1, 1],
    ]);
    // Axis-major [3, B, T]: row 0 → 1,1,0,1 ; row 1 → 0,1,2,3, repeated on all three axes.
    expect(Array.from(pos.slice(0, 8))).toEqual([1, 1, 0, 1, 0, 1, 2, 3]);
    expect(Array.from(pos.slice(8, 16))).toEqual(Array.from(pos.slice(0, 8)));
  });
});

describe('text decoder', () => {
  it('each batch row equals the same sequence run alone', async () => {
    const batch = textBatch(ROWS);
    const all = forward(params, cfg, batch).logits!;
    for (let r = 0; r < ROWS.length; r++) {
      const alone = textBatch([ROWS[r]]);
      const one = forward(params, cfg, alone).logits!;
      const pad = batch.inputIds.shape[1] - ROWS[r].length;
      const slice = tf.slice(all, [r, pad, 0], [1, ROWS[r].length, -1]);
      expect(await relDiff(slice, one)).toBeLessThan(1e-5);
      tf.dispose([one, slice]);
      disposeBatch(alone);
    }
    all.dispose();
    disposeBatch(batch);
  });

  it('cached step-by-step decode gives the logits of one full forward (left-padded batch)', async () => {
    const full = textBatch(ROWS);
    const ref = forward(params, cfg, full).logits!;
    const T = full.inputIds.shape[1];
    const cache = new KVCache(cfg.text.numLayers);
    const prefill = 3;
    const parts: tf.Tensor[] = [];
    const step = (from: number, len: number) => {
      const sl = {
        inputIds: tf.slice(full.inputIds, [0, from], [-1, len]) as tf.Tensor2D,
        attentionMask: tf.slice(full.attentionMask, [0, from], [-1, len]) as tf.Tensor2D,
        positionIds: tf.slice(full.positionIds, [0, 0, from], [-1, -1, len]) as tf.Tensor3D,
      };
      parts.push(forward(params, cfg, sl, cache).logits!);
      disposeBatch(sl);
    };
    step(0, prefill);
    for (let t = prefill; t < T; t++) step(t, 1);
    expect(cache.length).toBe(T);
    const got = tf.concat(parts, 1);
    // Compare only real (unpadded) positions: padded query rows are arbitrary by design.
    const mask = tf.expandDims(tf.cast(full.attentionMask, 'float32'), -1);
    expect(await relDiff(tf.mul(got, mask), tf.mul(ref, mask))).toBeLessThan(1e-5);
    tf.dispose([...parts, got, ref, mask]);
    cache.dispose();
    disposeBatch(full);
  });

  it('selectRows repeats and drops cached rows', async () => {
    const b = textBatch(ROWS);
    const cache = new KVCache(cfg.text.numLayers);
    forward(params, cfg, b, cache, 'none').hidden!.dispose();
    cache.selectRows([2, 2, 0]);
    expect(cache.batch).toBe(3);
    const next = textBatch([[30], [31], [32]]);
    const pos = tf.tensor3d(
      Array.from({ length: 3 }, () => [[ROWS[2].length], [ROWS[2].length], [ROWS[0].length]]).map((x) => x),
      [3, 3, 1],
      'int32',
    );
    const inputs = { ...next, positionIds: pos };
    const out = forward(params, cfg, inputs, cache, 'last').logits!;
    // Reference: rows 2,2,0 extended by one token each, run in full.
    const ref = textBatch([
      [...ROWS[2], 30],
      [...ROWS[2], 31],
      [...ROWS[0], 32],
    ]);
    const refLast = forward(params, cfg, ref, undefined, 'last').logits!;
    expect(await relDiff(out, refLast)).toBeLessThan(1e-5);
    tf.dispose([out, refLast, pos]);
    cache.dispose();
    [b, next, ref].forEach(disposeBatch);
  });

  it('tokenLogprobs equals log-softmax of the full forward, at T = 1 and T = 0.7', async () => {
    const b = textBatch(ROWS);
    const targets = tf.tensor2d(
      ROWS.map((r) => Array.from({ length: b.inputIds.shape[1] }, (_, t) => r[(t + 1) % r.length])),
      undefined,
      'int32',
    );
    for (const temp of [1, 0.7]) {
      const lp = tokenLogprobs(params, cfg, b, targets, { temperature: temp });
      const logits = forward(params, cfg, b).logits!;
      const ref = tf.sum(tf.mul(tf.logSoftmax(tf.div(logits, temp)), tf.oneHot(targets, cfg.text.vocabSize)), -1);
      expect(await relDiff(lp, ref)).toBeLessThan(1e-5);
      tf.dispose([lp, logits, ref]);
    }
    targets.dispose();
    disposeBatch(b);
  });

  it('tokenLogprobs with suppressed ids equals log-softmax with those logits at −∞ (values and gradients)', async () => {
    const b = textBatch(ROWS);
    const targets = tf.tensor2d(
      ROWS.map((r) => Array.from({ length: b.inputIds.shape[1] }, (_, t) => r[t % r.length])),
      undefined,
      'int32',
    );
    const suppress = [0, 1, 39];
    const maskBias = tf.tensor1d(Array.from({ length: cfg.text.vocabSize }, (_, i) => (suppress.includes(i) ? -Infinity : 0)));
    const ours = () => tf.sum(tokenLogprobs(params, cfg, b, targets, { temperature: 0.8, suppressIds: suppress, chunkFloats: 80 })) as tf.Scalar;
    const theirs = () => {
      const logits = tf.add(tf.div(forward(params, cfg, b).logits!, 0.8), maskBias);
      const lp = tf.logSoftmax(logits);
      // where(), not a one-hot product: −∞ · 0 would be NaN at the suppressed ids.
      return tf.sum(tf.where(tf.cast(tf.oneHot(targets, cfg.text.vocabSize), 'bool'), lp, tf.zerosLike(lp))) as tf.Scalar;
    };
    const g1 = gradsByName(params, ours);
    const g2 = gradsByName(params, theirs);
    expect(await relDiff(g1.value, g2.value)).toBeLessThan(1e-5);
    for (const n of Object.keys(params)) expect(await relDiff(g1.grads[n], g2.grads[n]), n).toBeLessThan(1e-5);
    tf.dispose([g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads), targets, maskBias]);
    disposeBatch(b);
  });

  it('entropy and its gradient (chunked custom backward) equal autodiff through full logits, with suppressed ids', async () => {
    const b = textBatch(ROWS);
    const targets = tf.tensor2d(
      ROWS.map((r) => Array.from({ length: b.inputIds.shape[1] }, (_, t) => r[t % r.length])),
      undefined,
      'int32',
    );
    const suppress = [0, 2];
    const maskBias = tf.tensor1d(Array.from({ length: cfg.text.vocabSize }, (_, i) => (suppress.includes(i) ? -Infinity : 0)));
    // A mix of both outputs, so the gradient exercises d logp and d H together.
    const ours = () => {
      const { logp, entropy } = tokenLogprobsAndEntropy(params, cfg, b, targets, { temperature: 0.9, suppressIds: suppress, chunkFloats: 90 });
      return tf.add(tf.sum(tf.mul(logp, 0.3)), tf.sum(tf.mul(entropy, -1.7))) as tf.Scalar;
    };
    const theirs = () => {
      const lp = tf.logSoftmax(tf.add(tf.div(forward(params, cfg, b).logits!, 0.9), maskBias));
      const p = tf.exp(lp);
      const safe = tf.where(tf.isFinite(lp), lp, tf.zerosLike(lp));
      const ent = tf.neg(tf.sum(tf.mul(p, safe), -1));
      const picked = tf.sum(tf.where(tf.cast(tf.oneHot(targets, cfg.text.vocabSize), 'bool'), lp, tf.zerosLike(lp)), -1);
      return tf.add(tf.sum(tf.mul(picked, 0.3)), tf.sum(tf.mul(ent, -1.7))) as tf.Scalar;
    };
    const g1 = gradsByName(params, ours);
    const g2 = gradsByName(params, theirs);
    expect(await relDiff(g1.value, g2.value)).toBeLessThan(1e-5);
    for (const n of Object.keys(params)) expect(await relDiff(g1.grads[n], g2.grads[n]), n).toBeLessThan(1e-5);
    tf.dispose([g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads), targets, maskBias]);
    disposeBatch(b);
  });

  it('logprobsAt: values and gradients equal tokenLogprobsAndEntropy gathered at the same positions', async () => {
    const b = textBatch(ROWS);
    const T = b.inputIds.shape[1];
    const targets = tf.tensor2d(
      ROWS.map((r) => Array.from({ length: T }, (_, t) => r[(t + 1) % r.length])),
      undefined,
      'int32',
    );
    // Positions out of order, across rows, one repeated: the gather's gradient must add up, not overwrite.
    const positions = tf.tensor1d([T + 5, 2, 3 * T - 1, 2, T - 1], 'int32');
    const opts = { temperature: 0.8, suppressIds: [0, 1] };
    const mix = (lp: tf.Tensor, h: tf.Tensor) => tf.add(tf.sum(tf.mul(lp, tf.tensor1d([0.3, -1, 0.5, 2, 0.1]))), tf.sum(tf.mul(h, -0.4))) as tf.Scalar;
    const ours = () => {
      const r = logprobsAt(params, cfg, b, targets, positions, { ...opts, entropy: true });
      return mix(r.logp, r.entropy!);
    };
    const full = () => {
      const r = tokenLogprobsAndEntropy(params, cfg, b, targets, opts);
      return mix(tf.gather(tf.reshape(r.logp, [-1]), positions), tf.gather(tf.reshape(r.entropy, [-1]), positions));
    };
    const g1 = gradsByName(params, ours);
    const g2 = gradsByName(params, full);
    expect(await relDiff(g1.value, g2.value)).toBeLessThan(1e-6);
    for (const n of Object.keys(params)) expect(await relDiff(g1.grads[n], g2.grads[n]), n).toBeLessThan(1e-5);
    const only = logprobsAt(params, cfg, b, targets, positions, opts);
    expect(only.entropy).toBeUndefined();
    expect(only.logp.shape).toEqual([5]);
    tf.dispose([g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads), targets, positions, only.logp]);
    disposeBatch(b);
  });

  it('tokenLogprobs gradients (custom, chunked) equal autodiff through full logits', async () => {
    const b = textBatch(ROWS);
    const targets = tf.tensor2d(
      ROWS.map((r) => Array.from({ length: b.inputIds.shape[1] }, (_, t) => r[t % r.length])),
      undefined,
      'int32',
    );
    const names = Object.keys(params);
    // chunkFloats 100 → 2 rows per chunk: exercises the multi-chunk forward and the recomputing backward.
    const g1 = gradsByName(params, () => tf.sum(tokenLogprobs(params, cfg, b, targets, { temperature: 0.9, chunkFloats: 100 })) as tf.Scalar);
    const g2 = gradsByName(params, () => {
      const logits = forward(params, cfg, b).logits!;
      return tf.sum(tf.mul(tf.logSoftmax(tf.div(logits, 0.9)), tf.oneHot(targets, cfg.text.vocabSize))) as tf.Scalar;
    });
    expect(await relDiff(g1.value, g2.value)).toBeLessThan(1e-5);
    for (const n of names) expect(await relDiff(g1.grads[n], g2.grads[n]), n).toBeLessThan(1e-5);
    tf.dispose([g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads), targets]);
    disposeBatch(b);
  });

  it('does not leak tensors across forward, cached decode and backward', async () => {
    const b = textBatch(ROWS);
    const targets = tf.zerosLike(b.inputIds) as tf.Tensor2D;
    await expectNoLeak(() => {
      forward(params, cfg, b).logits!.dispose();
      const cache = new KVCache(cfg.text.numLayers);
      forward(params, cfg, b, cache, 'last').logits!.dispose();
      cache.selectRows([0, 0, 1]);
      cache.dispose();
      const g = gradsByName(params, () => tf.sum(tokenLogprobs(params, cfg, b, targets)) as tf.Scalar);
      tf.dispose([g.value, ...Object.values(g.grads)]);
    });
    targets.dispose();
    disposeBatch(b);
  });

  it('does not leak across multi-step cached decode (mask appends)', async () => {
    const b = textBatch(ROWS);
    const decode = () => {
      const cache = new KVCache(cfg.text.numLayers);
      forward(params, cfg, b, cache, 'last').logits!.dispose();
      for (let t = 0; t < 3; t++) {
        const step = textBatch([[30], [31], [32]]);
        const pos = tf.fill([3, 3, 1], ROWS[0].length + t, 'int32') as tf.Tensor3D;
        forward(params, cfg, { ...step, positionIds: pos }, cache, 'last').logits!.dispose();
        disposeBatch(step);
        pos.dispose();
      }
      cache.dispose();
    };
    await expectNoLeak(decode);
    disposeBatch(b);
  });

  it('imageEmbeds replace the <|image_pad|> rows in order, and gradients reach them', async () => {
    const img = cfg.tokens.imageTokenId;
    const rows = [
      [5, img, img, 6],
      [7, 8, img, 9],
    ];
    const b = textBatch(rows);
    const imageEmbeds = tf.randomNormal([3, cfg.text.hiddenSize], 0, 1, 'float32', 5) as tf.Tensor2D;
    const got = forward(params, cfg, { ...b, imageEmbeds }).logits!;
    // Reference: feed the same hidden rows by giving the image rows' embeddings through a patched table.
    const table = params['model.embed_tokens.weight'];
    const patched = tf.concat([table, imageEmbeds], 0);
    const V = cfg.text.vocabSize;
    const remapped = textBatch([
      [5, V, V + 1, 6],
      [7, 8, V + 2, 9],
    ]);
    const refAll = forward({ ...params, 'model.embed_tokens.weight': patched }, { ...cfg, text: { ...cfg.text, vocabSize: V + 3 } }, remapped).logits!;
    // The patched table is also the (tied) head: its extra 3 logits are dropped before comparing.
    const ref = tf.slice(refAll, [0, 0, 0], [-1, -1, V]);
    expect(await relDiff(got, ref)).toBeLessThan(1e-5);
    const g = tf.grad((e: tf.Tensor) => tf.sum(forward(params, cfg, { ...b, imageEmbeds: e as tf.Tensor2D }).logits!))(imageEmbeds);
    const norms = tf.tidy(() => tf.sum(tf.abs(g), 1)).dataSync();
    expect(Array.from(norms).every((n) => n > 0)).toBe(true);
    await expectNoLeak(() => {
      const { value, grads } = gradsByName(params, () => tf.sum(tokenLogprobs(params, cfg, { ...b, imageEmbeds }, b.inputIds)) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose([imageEmbeds, got, patched, refAll, ref, g]);
    disposeBatch(b);
    disposeBatch(remapped);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlobError, globToRegExp, matchGlob, selectByGlobs } from '../../src/train/glob.js';
import type { AdamWOptions } from '../../src/train/optimizer.js';
import {
  OptimizerError,
  applyAdamW,
  clipByGlobalNorm,
  createAdamW,
  disposeAdamW,
  finiteAndNorm,
  globalNorm,
  trainableNames,
} from '../../src/train/optimizer.js';
import { expectNoLeak, relDiff } from '../helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const OPTS: AdamWOptions = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
const values = async (t: tf.Tensor): Promise<number[]> => Array.from(await t.data());
const bits = async (t: tf.Tensor): Promise<number[]> => Array.from(new Uint32Array((await t.data()).slice().buffer));

function makeParams(): Record<string, tf.Variable> {
  return {
    'model.layers.0.mlp.up_proj.weight': tf.variable(
      tf.tensor2d([
        [0.5, -1],
        [2, 0.25],
        [-0.75, 1.5],
      ]),
      true,
    ),
    'model.layers.0.self_attn.q_proj.bias': tf.variable(tf.tensor1d([0.1, -0.2, 0.3]), true),
    'model.norm.weight': tf.variable(tf.tensor1d([1, 1]), true),
  };
}
// Gradients that differ per step (sign changes included) so the moments really evolve.
const gradFor = (name: string, shape: number[], step: number): tf.Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.7 * step + name.length) * (i + 1)),
    shape,
  );
};
const dispose = (xs: Record<string, tf.Tensor | undefined>): void => Object.values(xs).forEach((t) => t?.dispose());

describe('glob', () => {
  it('* stays inside a segment, ** and a trailing .* span segments', () => {
    expect(matchGlob('model.layers.3.mlp.up_proj.weight', 'model.layers.*.mlp.up_proj.weight')).toBe(true);
    expect(matchGlob('model.layers.3.mlp.up_proj.weight', 'model.*.weight')).toBe(false);
    expect(matchGlob('model.layers.3.mlp.up_proj.weight', 'model.**.weight')).toBe(true);
    expect(matchGlob('visual.blocks.0.attn.qkv.weight', 'visual.*')).toBe(true);
    expect(matchGlob('visual.blocks.0.attn.qkv.weight', 'visual.**')).toBe(true);
    expect(matchGlob('visualx.a', 'visual.*')).toBe(false);
    expect(matchGlob('model.norm.weight', '**.bias')).toBe(false);
    expect(matchGlob('model.layers.1.self_attn.q_proj.bias', '**.bias')).toBe(true);
    expect(matchGlob('model.layers.1.self_attn.q_proj.bias', 'model.layers.?.self_attn.q_proj.bias')).toBe(true);
    expect(matchGlob('model.layers.10.self_attn.q_proj.bias', 'model.layers.?.self_attn.q_proj.bias')).toBe(false);
    expect(globToRegExp('lm_head.weight').test('lm_headxweight')).toBe(false); // dots are literal
    expect(() => globToRegExp('')).toThrow(GlobError);
    expect(selectByGlobs(['a.b', 'c.d'], ['a.*', 'x.*'])).toEqual({ matched: new Set(['a.b']), unmatched: ['x.*'] });
  });
});

describe('AdamW', () => {
  // tf.train.adam keeps β^t as a float32 running product, so its 1 − β2^t is off by ~6e-5 relative at t = 1; we
  // compute it in float64 like PyTorch. At lr 1e-3 the parameters still agree to 1e-6; the float64 reference
  // below pins our arithmetic much tighter.
  it('with weightDecay 0 matches tf.train.adam over 3 steps', async () => {
    const ours = makeParams();
    const ref = Object.fromEntries(Object.entries(ours).map(([n, v], i) => [n, tf.variable(tf.clone(v), true, `adam-ref-${i}`)]));
    const state = createAdamW(ours, OPTS);
    const adam = tf.train.adam(1e-3, OPTS.beta1, OPTS.beta2, OPTS.eps);
    for (let s = 0; s < 3; s++) {
      const grads = Object.fromEntries(Object.entries(ours).map(([n, v]) => [n, gradFor(n, v.shape, s)]));
      applyAdamW(state, ours, grads, 1e-3);
      adam.applyGradients(Object.entries(grads).map(([n, g]) => ({ name: ref[n].name, tensor: g })));
      dispose(grads);
    }
    expect(state.step).toBe(3);
    for (const n of Object.keys(ours)) expect(await relDiff(ours[n], ref[n])).toBeLessThanOrEqual(1e-6);
    adam.dispose();
    dispose(ref);
    dispose(ours);
    disposeAdamW(state);
  });

  it('matches a float64 AdamW reference over 3 steps (updates to 1e-5 relative)', async () => {
    const params = makeParams();
    const lr = 0.01;
    const wd = 0.05;
    const state = createAdamW(params, { ...OPTS, weightDecay: wd });
    const ref: Record<string, { p: number[]; m: number[]; v: number[]; p0: number[] }> = {};
    for (const [n, t] of Object.entries(params)) {
      const p0 = await values(t);
      ref[n] = { p: [...p0], m: p0.map(() => 0), v: p0.map(() => 0), p0 };
    }
    for (let s = 0; s < 3; s++) {
      const grads = Object.fromEntries(Object.entries(params).map(([n, v]) => [n, gradFor(n, v.shape, s)]));
      for (const [n, g] of Object.entries(grads)) {
        const r = ref[n];
        const gv = await values(g);
        const decay = params[n].rank >= 2 ? 1 - lr * wd : 1;
        r.p = r.p.map((w, i) => {
          r.m[i] = 0.9 * r.m[i] + 0.1 * gv[i];
          r.v[i] = 0.999 * r.v[i] + 0.001 * gv[i] * gv[i];
          return w * decay - (lr * (r.m[i] / (1 - 0.9 ** (s + 1)))) / (Math.sqrt(r.v[i] / (1 - 0.999 ** (s + 1))) + OPTS.eps);
        });
      }
      applyAdamW(state, params, grads, lr);
      dispose(grads);
    }
    for (const [n, t] of Object.entries(params)) {
      const r = ref[n];
      const got = (await values(t)).map((w, i) => w - r.p0[i]);
      expect(
        await relDiff(
          got,
          r.p.map((w, i) => w - r.p0[i]),
        ),
      ).toBeLessThan(1e-5);
    }
    dispose(params);
    disposeAdamW(state);
  });

  it('decays only tensors of rank ≥ 2, as a hand computation says', async () => {
    const params = makeParams();
    const before = Object.fromEntries(await Promise.all(Object.entries(params).map(async ([n, v]) => [n, await values(v)] as const)));
    const lr = 0.01;
    const wd = 0.1;
    const state = createAdamW(params, { ...OPTS, weightDecay: wd });
    const grads = Object.fromEntries(Object.entries(params).map(([n, v]) => [n, gradFor(n, v.shape, 0)]));
    const g = Object.fromEntries(await Promise.all(Object.entries(grads).map(async ([n, t]) => [n, await values(t)] as const)));
    applyAdamW(state, params, grads, lr);
    // t = 1: m̂ = g, v̂ = g², so the Adam step is lr·g/(|g| + ε); only the matrix also shrinks by (1 − lr·wd).
    for (const [n, p] of Object.entries(params)) {
      const decay = p.rank >= 2 ? 1 - lr * wd : 1;
      const want = before[n].map((w, i) => w * decay - (lr * g[n][i]) / (Math.abs(g[n][i]) + OPTS.eps));
      expect(await relDiff(await values(p), want)).toBeLessThan(1e-6);
      expect(
        await relDiff(
          state.m[n],
          g[n].map((x) => 0.1 * x),
        ),
      ).toBeLessThan(1e-6);
      expect(
        await relDiff(
          state.v[n],
          g[n].map((x) => 0.001 * x * x),
        ),
      ).toBeLessThan(1e-6);
    }
    dispose(grads);
    dispose(params);
    disposeAdamW(state);
  });

  it('frozen params have no state and are never touched; missing gradients leave a param alone', async () => {
    const params: Record<string, tf.Variable> = {
      ...makeParams(),
      'visual.blocks.0.attn.qkv.weight': tf.variable(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        true,
      ),
      'visual.merger.mlp.0.bias': tf.variable(tf.tensor1d([5, 6]), true),
    };
    expect(() => createAdamW(params, { ...OPTS, freeze: ['vision.*'] })).toThrow(/match no parameter/);
    const state = createAdamW(params, { ...OPTS, weightDecay: 0.5, freeze: ['visual.*'] });
    expect(trainableNames(state)).toEqual(['model.layers.0.mlp.up_proj.weight', 'model.layers.0.self_attn.q_proj.bias', 'model.norm.weight']);
    const before = Object.fromEntries(await Promise.all(Object.entries(params).map(async ([n, v]) => [n, await bits(v)] as const)));
    const grads: Record<string, tf.Tensor | undefined> = Object.fromEntries(Object.entries(params).map(([n, v]) => [n, gradFor(n, v.shape, 1)]));
    grads['model.norm.weight']?.dispose();
    grads['model.norm.weight'] = undefined; // e.g. unused by this batch's graph
    applyAdamW(state, params, grads, 0.1);
    expect(await bits(params['visual.blocks.0.attn.qkv.weight'])).toEqual(before['visual.blocks.0.attn.qkv.weight']);
    expect(await bits(params['visual.merger.mlp.0.bias'])).toEqual(before['visual.merger.mlp.0.bias']);
    expect(await bits(params['model.norm.weight'])).toEqual(before['model.norm.weight']);
    expect(await values(state.m['model.norm.weight'])).toEqual([0, 0]);
    expect(await bits(params['model.layers.0.mlp.up_proj.weight'])).not.toEqual(before['model.layers.0.mlp.up_proj.weight']);
    dispose(grads);
    dispose(params);
    disposeAdamW(state);
  });

  it('checks every gradient before assigning anything', async () => {
    const params = makeParams();
    const state = createAdamW(params, OPTS);
    const before = await bits(params['model.layers.0.mlp.up_proj.weight']);
    const grads = { 'model.layers.0.mlp.up_proj.weight': tf.ones([3, 2]), 'model.norm.weight': tf.ones([3]) };
    expect(() => applyAdamW(state, params, grads, 0.1)).toThrow(OptimizerError);
    expect(await bits(params['model.layers.0.mlp.up_proj.weight'])).toEqual(before);
    expect(state.step).toBe(0);
    dispose(grads);
    dispose(params);
    disposeAdamW(state);
  });

  it('continues exactly from restored moments', async () => {
    const a = makeParams();
    const b = makeParams();
    const sa = createAdamW(a, OPTS);
    const step = (s: number, st: typeof sa, p: typeof a): void => {
      const grads = Object.fromEntries(Object.entries(p).map(([n, v]) => [n, gradFor(n, v.shape, s)]));
      applyAdamW(st, p, grads, 0.01);
      dispose(grads);
    };
    step(0, sa, a);
    step(0, createAdamW(b, OPTS), b); // throwaway state for b's first step, replaced by a copy of a's below
    const copy = {
      step: sa.step,
      m: Object.fromEntries(Object.entries(sa.m).map(([n, t]) => [n, tf.clone(t)])),
      v: Object.fromEntries(Object.entries(sa.v).map(([n, t]) => [n, tf.clone(t)])),
    };
    const sb = createAdamW(b, OPTS, copy);
    step(1, sa, a);
    step(1, sb, b);
    for (const n of Object.keys(a)) expect(await bits(b[n])).toEqual(await bits(a[n]));
    dispose(a);
    dispose(b);
    disposeAdamW(sa);
    disposeAdamW(sb);
  });
});

describe('global norm and clipping', () => {
  it('match hand values; the finite flag catches NaN and Inf', async () => {
    const grads = { a: tf.tensor1d([3, 4]), b: tf.tensor2d([[12]]) };
    const norm = globalNorm(grads);
    expect(await values(norm)).toEqual([13]);
    const clipped = clipByGlobalNorm(grads, 6.5, norm);
    const coef = 6.5 / (13 + 1e-6);
    expect(await relDiff(clipped.a, [3 * coef, 4 * coef])).toBeLessThan(1e-6);
    expect(await relDiff(clipped.b, [12 * coef])).toBeLessThan(1e-6);
    const loose = clipByGlobalNorm(grads, 100, norm);
    expect(await values(loose.a)).toEqual([3, 4]);
    expect(() => clipByGlobalNorm(grads, 0, norm)).toThrow(/maxNorm/);
    const loss = tf.scalar(0.5);
    const ok = finiteAndNorm(grads, loss);
    expect([...(await values(ok.finite)), ...(await values(ok.norm))]).toEqual([1, 13]);
    const nanGrads = { a: tf.tensor1d([NaN, 1]) };
    const bad = finiteAndNorm(nanGrads, loss);
    const infLoss = tf.scalar(Infinity);
    const bad2 = finiteAndNorm(grads, infLoss);
    expect([await values(bad.finite), await values(bad2.finite)]).toEqual([[0], [0]]);
    [norm, loss, infLoss, ok.norm, ok.finite, bad.norm, bad.finite, bad2.norm, bad2.finite].forEach((t) => t.dispose());
    [grads, clipped, loose, nanGrads].forEach(dispose);
  });

  it('a skipped non-finite step mutates neither weights nor moments, and nothing leaks', async () => {
    const params = makeParams();
    const state = createAdamW(params, { ...OPTS, weightDecay: 0.1 });
    const snapshot = async (): Promise<number[][]> => Promise.all([...Object.values(params), ...Object.values(state.m), ...Object.values(state.v)].map(bits));
    const before = await snapshot();
    const grads = Object.fromEntries(Object.entries(params).map(([n, v]) => [n, tf.fill(v.shape, NaN)]));
    const loss = tf.scalar(1);
    await expectNoLeak(async () => {
      const { norm, finite } = finiteAndNorm(grads, loss);
      const clipped = clipByGlobalNorm(grads, 1, norm);
      const flag = (await finite.data())[0];
      if (flag === 1) applyAdamW(state, params, clipped, 0.1);
      dispose(clipped);
      norm.dispose();
      finite.dispose();
    });
    expect(await snapshot()).toEqual(before);
    expect(state.step).toBe(0);
    dispose(grads);
    loss.dispose();
    // A real step, repeated, allocates nothing that survives it.
    await expectNoLeak(() => {
      const g = Object.fromEntries(Object.entries(params).map(([n, v]) => [n, tf.onesLike(v)]));
      applyAdamW(state, params, g, 0.01);
      dispose(g);
    });
    dispose(params);
    disposeAdamW(state);
  });
});

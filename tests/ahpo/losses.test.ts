import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ahpoLoss,
  entropyBonus,
  offPolicyLoss,
  onPolicyLoss,
  readStats,
  shapedOffPolicyLoss,
  STATS,
  summarizeStats,
  type LossOutput,
} from '../../src/ahpo/losses.js';
import { tokenWeights } from '../../src/ahpo/weights.js';
import { initBackend } from '../../src/runtime/backend.js';
import { expectNoLeak, relDiff } from '../helpers.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const t1 = (xs: number[]) => tf.tensor1d(xs);
const ln = Math.log;

async function statsOf(out: LossOutput) {
  return readStats(await out.stats.data());
}

/** d loss / d logp, with logp as the only variable. */
function gradWrtLogp(logp: number[], lossOf: (logp: tf.Tensor1D) => tf.Scalar): { loss: number; grad: Float32Array } {
  const init = t1(logp);
  const v = tf.variable(init);
  init.dispose(); // the variable holds its own reference to the data
  const { value, grads } = tf.variableGrads(() => lossOf(v as unknown as tf.Tensor1D), [v]);
  const out = { loss: value.dataSync()[0], grad: grads[v.name].dataSync() as Float32Array };
  tf.dispose([v, value, grads]);
  return out;
}

describe('onPolicyLoss (Eq. 2 clipped surrogate)', () => {
  // ε_low = 0.2, ε_high = 0.28 → clip range [0.8, 1.28].
  //  tok  A   r    clip(r)  r·A    clip·A  branch     surr    w    w·(−surr)  dℓ/dlogp = −w·A·r (0 when clipped)
  //  1   +1  1.5   1.28     1.5    1.28    clipped    1.28    0.1  −0.128     0
  //  2   +1  0.5   0.8      0.5    0.8     unclipped  0.5     0.1  −0.05      −0.05
  //  3   −1  0.5   0.8     −0.5   −0.8     clipped   −0.8     0.1   0.08      0
  //  4   −1  1.5   1.28    −1.5   −1.28    unclipped −1.5     0.1   0.15      0.15
  //  5   +2  1.1   1.1      2.2    2.2     unclipped  2.2     0.2  −0.44      −0.44
  //  6    0  2.0   1.28     0      0       unclipped  0       0.4   0         0
  // loss = −0.128 − 0.05 + 0.08 + 0.15 − 0.44 = −0.388; clipped 2 of 6; Σr = 7.1.
  const ratios = [1.5, 0.5, 0.5, 1.5, 1.1, 2.0];
  const oldLogp = [-1, -2, -0.5, -3, -1.5, -2.5];
  const logp = oldLogp.map((o, i) => o + ln(ratios[i]));
  const adv = [1, 1, -1, -1, 2, 0];
  const w = [0.1, 0.1, 0.1, 0.1, 0.2, 0.4];
  const params = { clipLow: 0.2, clipHigh: 0.28, klCoef: 0 };

  it('matches hand-computed loss, clip count and ratio sum (A > 0 and A < 0, both clip bounds)', async () => {
    const out = tf.tidy(() => onPolicyLoss({ logp: t1(logp), oldLogp: t1(oldLogp), advantages: t1(adv), weights: t1(w) }, params));
    expect((await out.loss.data())[0]).toBeCloseTo(-0.388, 5);
    const s = await statsOf(out);
    expect(s.lossOn).toBeCloseTo(-0.388, 5);
    expect(s.loss).toBeCloseTo(-0.388, 5);
    expect(s.onCount).toBe(6);
    expect(s.clippedCount).toBe(2);
    expect(s.ratioSum).toBeCloseTo(7.1, 5);
    expect(s.lossKl).toBe(0);
    expect(summarizeStats(s).clipFrac).toBeCloseTo(2 / 6, 6);
    tf.dispose(out);
  });

  it('has zero gradient on clipped tokens and −w·A·r elsewhere', () => {
    const { grad } = gradWrtLogp(logp, (lp) => onPolicyLoss({ logp: lp, oldLogp: t1(oldLogp), advantages: t1(adv), weights: t1(w) }, params).loss);
    const expected = [0, -0.05, 0, 0.15, -0.44, 0];
    expected.forEach((e, i) => expect(grad[i]).toBeCloseTo(e, 6));
  });

  it('ratio = 1 on the first update: no clipping and gradient exactly −w·A', async () => {
    const lp = [-0.3, -1.7, -4.2, -0.01, -2.5];
    const a = [1.7888, -0.4472, 0, 2.5, -1.25];
    const ws = [0.125, 0.3, 0.05, 0.2, 0.325];
    const out = tf.tidy(() => onPolicyLoss({ logp: t1(lp), oldLogp: t1(lp), advantages: t1(a), weights: t1(ws) }, { clipLow: 0.2, clipHigh: 0.2, klCoef: 0 }));
    const s = await statsOf(out);
    expect(s.clippedCount).toBe(0);
    expect(s.ratioSum).toBe(5);
    tf.dispose(out);
    const { grad } = gradWrtLogp(
      lp,
      (v) => onPolicyLoss({ logp: v, oldLogp: t1(lp), advantages: t1(a), weights: t1(ws) }, { clipLow: 0.2, clipHigh: 0.2, klCoef: 0 }).loss,
    );
    expect(Array.from(grad)).toEqual(ws.map((x, i) => Math.fround(-Math.fround(x) * Math.fround(a[i]))));
  });

  it('adds klCoef·Σ w·k3 with k3 = e^(ref−logp) − (ref−logp) − 1', async () => {
    // d = ref − logp = [0, ln 2, −ln 2] → k3 = [0, 2 − ln2 − 1 = 0.306853, ½ + ln2 − 1 = 0.193147], Σk3 = 0.5.
    // A = 0, so the surrogate is 0; w = [0.5, 0.25, 0.25], klCoef 0.1 → loss = 0.1·0.25·0.5 = 0.0125.
    // dℓ/dlogp = klCoef·w·(1 − e^d) = [0, 0.1·0.25·(1 − 2), 0.1·0.25·(1 − ½)] = [0, −0.025, 0.0125].
    const lp = [-1, -2, -0.5];
    const ref = [-1, -2 + ln(2), -0.5 - ln(2)];
    const inputs = (v: tf.Tensor1D) => ({ logp: v, oldLogp: t1(lp), advantages: t1([0, 0, 0]), weights: t1([0.5, 0.25, 0.25]), refLogp: t1(ref) });
    const out = tf.tidy(() => onPolicyLoss(inputs(t1(lp)), { clipLow: 0.2, clipHigh: 0.2, klCoef: 0.1 }));
    const s = await statsOf(out);
    expect(s.loss).toBeCloseTo(0.0125, 6);
    expect(s.lossKl).toBeCloseTo(0.0125, 6);
    expect(s.lossOn).toBeCloseTo(0, 7);
    expect(s.klSum).toBeCloseTo(0.5, 6);
    tf.dispose(out);
    const { grad } = gradWrtLogp(lp, (v) => onPolicyLoss(inputs(v), { clipLow: 0.2, clipHigh: 0.2, klCoef: 0.1 }).loss);
    [0, -0.025, 0.0125].forEach((e, i) => expect(grad[i]).toBeCloseTo(e, 6));
    // klCoef 0 with a reference: KL is reported, not added.
    const off = tf.tidy(() => onPolicyLoss(inputs(t1(lp)), { clipLow: 0.2, clipHigh: 0.2, klCoef: 0 }));
    const s0 = await statsOf(off);
    expect(s0.loss).toBeCloseTo(0, 7);
    expect(s0.klSum).toBeCloseTo(0.5, 6);
    tf.dispose(off);
  });

  it('clips k3 as verl does (log-ratio to ±20, k3 to ±10): loss and gradient match the float64 formula', async () => {
    // d = ref − logp from far below the reference to far above it: k3 reaches 10 at d ≈ −11 and d ≈ 2.53, where the
    // token stops getting a KL gradient; d = ±60 would overflow exp in float32 without the log-ratio clip.
    const d = [-60, -11.5, -10.5, -3, -0.4, 0, 0.9, 2.5, 2.7, 5, 60];
    const lp = d.map((_, i) => -0.5 - 0.1 * i);
    const ref = lp.map((l, i) => l + d[i]);
    const ws = d.map((_, i) => 0.02 + 0.01 * i);
    const coef = 0.3;
    const k3of = (x: number) => {
      const c = Math.min(20, Math.max(-20, x));
      return Math.min(10, Math.max(-10, Math.exp(c) - c - 1));
    };
    // dℓ/dlogp = coef·w·(1 − e^d) where neither clip is active, else 0 (the clipped k3 is constant there).
    const grad64 = d.map((x, i) => (Math.abs(x) <= 20 && Math.abs(Math.exp(x) - x - 1) <= 10 ? coef * ws[i] * (1 - Math.exp(x)) : 0));
    const loss64 = d.reduce((acc, x, i) => acc + coef * ws[i] * k3of(x), 0);
    const inputs = (v: tf.Tensor1D) => ({ logp: v, oldLogp: t1(lp), advantages: t1(d.map(() => 0)), weights: t1(ws), refLogp: t1(ref) });
    const out = tf.tidy(() => onPolicyLoss(inputs(t1(lp)), { clipLow: 0.2, clipHigh: 0.2, klCoef: coef }));
    const s = await statsOf(out);
    tf.dispose(out);
    expect(Math.abs(s.lossKl - loss64)).toBeLessThan(1e-5 * loss64);
    // The logged KL is the clipped k3 the loss uses.
    expect(Math.abs(s.klSum - d.reduce((a, x) => a + k3of(x), 0))).toBeLessThan(1e-4);
    const { loss, grad } = gradWrtLogp(lp, (v) => onPolicyLoss(inputs(v), { clipLow: 0.2, clipHigh: 0.2, klCoef: coef }).loss);
    expect(Math.abs(loss - loss64)).toBeLessThan(1e-5 * loss64);
    expect(Array.from(grad).every(Number.isFinite)).toBe(true);
    grad64.forEach((g, i) => expect(Math.abs(grad[i] - g), `d = ${d[i]}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(g))));
    expect(grad64.filter((g) => g === 0).length).toBe(6); // d = −60, −11.5, 0, 2.7, 5, 60
  });

  it('rejects bad shapes, bad ε and klCoef without a reference', () => {
    tf.tidy(() => {
      const ok = { logp: t1([0, 0]), oldLogp: t1([0, 0]), advantages: t1([1, 1]), weights: t1([1, 1]) };
      expect(() => onPolicyLoss({ ...ok, weights: t1([1]) }, params)).toThrow(/weights has 1 tokens, expected 2/);
      expect(() => onPolicyLoss({ ...ok, logp: tf.zeros([1, 2]) as unknown as tf.Tensor1D }, params)).toThrow(/1-D/);
      expect(() => onPolicyLoss(ok, { ...params, clipLow: 1 })).toThrow(/clipLow/);
      expect(() => onPolicyLoss(ok, { ...params, klCoef: 0.1 })).toThrow(/needs refLogp/);
    });
  });
});

describe('offPolicyLoss (Eq. 1 NLL) and entropyBonus', () => {
  it('NLL: Σ w·(−logp), zero-weight tokens not counted', async () => {
    // −logp = [ln2 = 0.693147, ln4 = 1.386294, 0, ln10]; w = [0.2, 0.2, 0.1, 0] → loss = 0.2·(ln2 + ln4) = 0.2·ln8 = 0.415888.
    const lp = [ln(0.5), ln(0.25), 0, ln(0.1)];
    const w = [0.2, 0.2, 0.1, 0];
    const out = tf.tidy(() => offPolicyLoss({ logp: t1(lp), weights: t1(w) }));
    const s = await statsOf(out);
    expect(s.loss).toBeCloseTo(0.2 * ln(8), 6);
    expect(s.lossOff).toBeCloseTo(0.2 * ln(8), 6);
    expect(s.offCount).toBe(3);
    expect(s.nllSum).toBeCloseTo(ln(8), 6);
    tf.dispose(out);
    const { grad } = gradWrtLogp(lp, (v) => offPolicyLoss({ logp: v, weights: t1(w) }).loss);
    [-0.2, -0.2, -0.1, 0].forEach((e, i) => expect(grad[i]).toBeCloseTo(e, 7));
  });

  it('entropy bonus: −coef·Σ w·H, sums reported even at coef 0', async () => {
    // H = [1, 2, 0.5], w = [0.25, 0.25, 0.5] → Σ w·H = 0.25 + 0.5 + 0.25 = 1 → loss = −0.01 at coef 0.01.
    const out = tf.tidy(() => entropyBonus({ entropy: t1([1, 2, 0.5]), weights: t1([0.25, 0.25, 0.5]) }, 0.01));
    const s = await statsOf(out);
    expect(s.loss).toBeCloseTo(-0.01, 7);
    expect(s.lossEntropy).toBeCloseTo(-0.01, 7);
    expect(s.entropySum).toBeCloseTo(3.5, 6);
    expect(s.entropyCount).toBe(3);
    tf.dispose(out);
    const zero = tf.tidy(() => entropyBonus({ entropy: t1([1, 2, 0.5]), weights: t1([0.25, 0.25, 0.5]) }, 0));
    const z = await statsOf(zero);
    expect(Math.abs(z.loss)).toBe(0);
    expect(summarizeStats(z).entropy).toBeCloseTo(3.5 / 3, 6);
    tf.dispose(zero);
  });

  it('ahpoLoss sums the terms and their stats', async () => {
    const all = tf.tidy(() => {
      const on = onPolicyLoss(
        { logp: t1([-1, -1]), oldLogp: t1([-1, -1]), advantages: t1([1, -1]), weights: t1([0.25, 0.5]) },
        { clipLow: 0.2, clipHigh: 0.2, klCoef: 0 },
      );
      const off = offPolicyLoss({ logp: t1([ln(0.5)]), weights: t1([0.25]) });
      const ent = entropyBonus({ entropy: t1([2, 2]), weights: t1([0.25, 0.5]) }, 0.1);
      return ahpoLoss({ on, off, entropy: ent });
    });
    // on: −(0.25·1 − 0.5·1) = 0.25; off: 0.25·ln2 = 0.173287; entropy: −0.1·(0.5 + 1) = −0.15.
    const s = await statsOf(all);
    expect(all.stats.shape).toEqual([STATS.length]);
    expect(s.lossOn).toBeCloseTo(0.25, 6);
    expect(s.lossOff).toBeCloseTo(0.25 * ln(2), 6);
    expect(s.lossEntropy).toBeCloseTo(-0.15, 6);
    expect(s.loss).toBeCloseTo(0.25 + 0.25 * ln(2) - 0.15, 6);
    expect((await all.loss.data())[0]).toBeCloseTo(s.loss, 6);
    expect([s.onCount, s.offCount, s.entropyCount]).toEqual([2, 1, 2]);
    tf.dispose(all);
    expect(() => ahpoLoss({})).toThrow(/no loss terms/);
  });
});

describe('shapedOffPolicyLoss (LUFFY: −A·f(p), f(p) = p/(p + γ))', () => {
  // γ = 0.1. Token 4 has w = 0 (not counted).
  //  tok  p     A     f = p/(p+γ)      ℓ = −A·f     w      dℓ/dlogp·w = −w·A·γ·p/(p+γ)²
  //  1   0.5    1     0.5/0.6 = 5/6    −5/6        0.25   −0.25·0.05/0.36 = −0.0347222
  //  2   0.1    1     0.1/0.2 = 1/2    −1/2        0.25   −0.25·0.01/0.04 = −0.0625
  //  3   0.9   −0.5   0.9/1.0 = 0.9    +0.45       0.25   +0.125·0.09/1   = +0.01125
  //  4   0.02   2     0.02/0.12 = 1/6  −1/3        0       0
  // loss = 0.25·(−5/6 − 1/2 + 0.45) = −0.2208333; Σf = 5/6 + 1/2 + 0.9 = 2.2333333; Σp = 1.5;
  // Σ −log p = ln 2 + ln 10 + ln(10/9) = 3.1010928 (over the 3 counted tokens).
  const p = [0.5, 0.1, 0.9, 0.02];
  const lp = p.map(ln);
  const adv = [1, 1, -0.5, 2];
  const w = [0.25, 0.25, 0.25, 0];
  const gamma = 0.1;

  it('matches the hand-computed loss and stats', async () => {
    const out = tf.tidy(() => shapedOffPolicyLoss({ logp: t1(lp), advantages: t1(adv), weights: t1(w) }, gamma));
    const s = await statsOf(out);
    expect((await out.loss.data())[0]).toBeCloseTo(-0.2208333, 6);
    expect(s.loss).toBeCloseTo(-0.2208333, 6);
    expect(s.lossOff).toBeCloseTo(-0.2208333, 6);
    expect([s.offCount, s.shapedCount, s.onCount]).toEqual([3, 3, 0]);
    expect(s.shapedSum).toBeCloseTo(2.2333333, 6);
    expect(s.offProbSum).toBeCloseTo(1.5, 6);
    expect(s.nllSum).toBeCloseTo(ln(2) + ln(10) + ln(10 / 9), 5);
    const m = summarizeStats(s);
    expect(m.shapedWeight).toBeCloseTo(2.2333333 / 3, 6);
    expect(m.expertProb).toBeCloseTo(0.5, 6);
    expect(m.expertTokens).toBe(3);
    tf.dispose(out);
  });

  it('has gradient −w·A·γ·p/(p + γ)² w.r.t. logp (gradient flows through p; no ratio, no clip)', () => {
    const { grad } = gradWrtLogp(lp, (v) => shapedOffPolicyLoss({ logp: v, advantages: t1(adv), weights: t1(w) }, gamma).loss);
    [-0.0347222, -0.0625, 0.01125, 0].forEach((e, i) => expect(grad[i]).toBeCloseTo(e, 6));
    // The same against the float64 formula at γ = 0.3 and probabilities from 1e-4 to 0.999 (far outside any clip range).
    const probs = [1e-4, 0.01, 0.3, 0.7, 0.999];
    const a = [2, -1, 0.5, -0.25, 1];
    const ws = [0.1, 0.2, 0.3, 0.25, 0.15];
    const g = gradWrtLogp(probs.map(ln), (v) => shapedOffPolicyLoss({ logp: v, advantages: t1(a), weights: t1(ws) }, 0.3).loss);
    const ref = probs.map((q, i) => (-ws[i] * a[i] * 0.3 * q) / (q + 0.3) ** 2);
    ref.forEach((e, i) => expect(Math.abs(g.grad[i] - e)).toBeLessThan(1e-6 * Math.max(1e-3, Math.abs(e)) + 1e-9));
    const loss64 = probs.reduce((acc, q, i) => acc - ws[i] * a[i] * (q / (q + 0.3)), 0);
    expect(g.loss).toBeCloseTo(loss64, 6);
  });

  it('is a plain weighted sum: split tokens add up to the whole', () => {
    const part = (lo: number, hi: number) =>
      tf.tidy(
        () => shapedOffPolicyLoss({ logp: t1(lp.slice(lo, hi)), advantages: t1(adv.slice(lo, hi)), weights: t1(w.slice(lo, hi)) }, gamma).loss.dataSync()[0],
      );
    expect(part(0, 1) + part(1, 3) + part(3, 4)).toBeCloseTo(part(0, 4), 6);
  });

  it('refuses γ ≤ 0 naming the config key, and leaks nothing', async () => {
    tf.tidy(() => {
      expect(() => shapedOffPolicyLoss({ logp: t1([0]), advantages: t1([1]), weights: t1([1]) }, 0)).toThrow(
        /γ \(ahpo\.luffyGamma\) must be a finite number > 0, got 0/,
      );
      expect(() => shapedOffPolicyLoss({ logp: t1([0, 0]), advantages: t1([1]), weights: t1([1, 1]) }, 0.1)).toThrow(/advantages has 1 tokens, expected 2/);
    });
    await expectNoLeak(() => {
      const inputs = { logp: t1(lp), advantages: t1(adv), weights: t1(w) };
      const out = shapedOffPolicyLoss(inputs, gamma);
      const all = ahpoLoss({ off: out });
      tf.dispose([inputs, out, all]);
      gradWrtLogp(lp, (v) => shapedOffPolicyLoss({ logp: v, advantages: t1(adv), weights: t1(w) }, gamma).loss);
    });
  });
});

describe('micro-batching invariance', () => {
  // Two prompts × 2 rollouts + one gated expert trace, weights from tokenWeights (token normalisation), then the
  // same tokens split into micro-batches: Σ of micro-batch losses and the concatenated gradients equal the full batch.
  const tw = tokenWeights(
    [
      { rolloutLengths: [3, 2], traceLength: 3, xi: 1 },
      { rolloutLengths: [1, 4], traceLength: 2, xi: 0 },
    ],
    { mode: 'ahpo', normalize: 'token', maskTruncated: false },
  );
  const wOn = [...tw.rollouts[0][0], ...tw.rollouts[0][1], ...tw.rollouts[1][0], ...tw.rollouts[1][1]]; // 10 tokens
  const wOff = [...tw.expert[0]]; // 3 tokens; prompt 1 is not gated
  const advPerRollout = [0.9, -0.9, 1.2, -1.2];
  const adv = [0, 0, 0, 1, 1, 2, 3, 3, 3, 3].map((r) => advPerRollout[r]);
  const oldLogp = [-1.2, -0.4, -2.2, -0.9, -1.6, -0.7, -3.1, -0.2, -1.1, -2.4];
  const shift = [0.5, -0.3, 0.05, 0.4, -0.5, 0.1, -0.02, 0.3, -0.35, 0.15]; // several ratios outside [0.8, 1.2]
  const logpOn = oldLogp.map((o, i) => o + shift[i]);
  const refLogp = oldLogp.map((o, i) => o + 0.1 * Math.sin(i));
  const entropy = [1.1, 0.4, 2.3, 0.9, 1.7, 0.2, 1.5, 0.8, 1.9, 0.6];
  const logpOff = [-0.3, -1.9, -0.8];
  const params = { clipLow: 0.2, clipHigh: 0.2, klCoef: 0.05 };

  function run(onIdx: [number, number], offIdx: [number, number]) {
    const [vOn, vOff] = tf.tidy(() => [tf.variable(t1(logpOn.slice(...onIdx))), tf.variable(t1(logpOff.slice(...offIdx)))]);
    const { value, grads } = tf.variableGrads(
      () => {
        const sl = (xs: number[]) => t1(xs.slice(...onIdx));
        const parts: { on?: LossOutput; off?: LossOutput; entropy?: LossOutput } = {};
        if (onIdx[1] > onIdx[0]) {
          parts.on = onPolicyLoss(
            { logp: vOn as unknown as tf.Tensor1D, oldLogp: sl(oldLogp), advantages: sl(adv), weights: sl(wOn), refLogp: sl(refLogp) },
            params,
          );
          parts.entropy = entropyBonus({ entropy: sl(entropy), weights: sl(wOn) }, 0.01);
        }
        if (offIdx[1] > offIdx[0]) parts.off = offPolicyLoss({ logp: vOff as unknown as tf.Tensor1D, weights: t1(wOff.slice(...offIdx)) });
        return ahpoLoss(parts).loss;
      },
      [vOn, vOff].filter((v) => v.size > 0),
    );
    const out = { loss: value.dataSync()[0], gOn: Array.from(grads[vOn.name]?.dataSync() ?? []), gOff: Array.from(grads[vOff.name]?.dataSync() ?? []) };
    tf.dispose([vOn, vOff, value, grads]);
    return out;
  }

  it('gives the same summed loss and gradient for micro-batches as for the full batch', async () => {
    expect(tw.D).toBe(13); // 3 + 2 + 1 + 4 rollout tokens + 3 gated expert tokens
    const full = run([0, 10], [0, 3]);
    const micro = [run([0, 3], [0, 1]), run([3, 4], [1, 3]), run([4, 10], [3, 3])];
    const sum = micro.reduce((a, m) => a + m.loss, 0);
    expect(Math.abs(sum - full.loss)).toBeLessThan(1e-6 * Math.max(1, Math.abs(full.loss)));
    expect(
      await relDiff(
        micro.flatMap((m) => m.gOn),
        full.gOn,
      ),
    ).toBeLessThan(1e-6);
    expect(
      await relDiff(
        micro.flatMap((m) => m.gOff),
        full.gOff,
      ),
    ).toBeLessThan(1e-6);
    // Micro-batch size 1 (token by token) as well.
    const single = Array.from({ length: 10 }, (_, i) => run([i, i + 1], i < 3 ? [i, i + 1] : [3, 3]));
    expect(Math.abs(single.reduce((a, m) => a + m.loss, 0) - full.loss)).toBeLessThan(1e-6);
    expect(
      await relDiff(
        single.flatMap((m) => m.gOn),
        full.gOn,
      ),
    ).toBeLessThan(1e-6);
  });
});

describe('memory', () => {
  it('no tensor leaks in the loss terms, the combiner and their gradients', async () => {
    await expectNoLeak(() => {
      const inputs = {
        logp: t1([-1, -2, -0.5]),
        oldLogp: t1([-1.1, -1.5, -0.5]),
        advantages: t1([1, -1, 0.5]),
        weights: t1([0.2, 0.3, 0.5]),
        refLogp: t1([-1, -1.8, -0.7]),
      };
      const on = onPolicyLoss(inputs, { clipLow: 0.2, clipHigh: 0.3, klCoef: 0.1 });
      const off = offPolicyLoss({ logp: inputs.logp, weights: inputs.weights });
      const entropy = t1([1, 2, 3]);
      const ent = entropyBonus({ entropy, weights: inputs.weights }, 0.01);
      const all = ahpoLoss({ on, off, entropy: ent });
      tf.dispose([inputs, entropy, on, off, ent, all]);
      gradWrtLogp(
        [-1, -2],
        (v) =>
          onPolicyLoss(
            { logp: v, oldLogp: t1([-1, -1]), advantages: t1([1, 1]), weights: t1([1, 1]), refLogp: t1([0, 0]) },
            { clipLow: 0.2, clipHigh: 0.2, klCoef: 0.1 },
          ).loss,
      );
    });
  });
});

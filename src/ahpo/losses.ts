// The AHPO loss terms, pure over tensors and scalars. Spec: the MM-HELIX paper, Eq. 1-5; formulas in docs/loss.md.
//
// Every term is a plain weighted sum Σ_t w_t·ℓ_t over the flattened counted tokens of one micro-batch ([N] 1-D
// tensors). The per-token weights w_t are computed on the host for the WHOLE optimizer batch (weights.ts) and encode
// the normalisation (token: 1/D, sequence: 1/(|τ|·S)) and the gate ξ. Because the denominator never depends on the
// micro-batch, the summed loss and gradient over micro-batches equal those of the full batch exactly.
//
// Stats come back as ONE small [STATS.length] tensor of sums and counts (never means), so the loop can add the stats
// of its micro-batches with tf.add and read everything with a single `await data()` per step (readStats, then
// summarizeStats for the logged means).
import * as tf from '@tensorflow/tfjs-core';

export { tokenWeights, xiFor } from './weights.js';
export type { Mode, Normalize, TokenWeights, WeightPrompt } from './weights.js';

/** Layout of the stats vector. Sums run over tokens with w_t > 0 (the counted ones). */
export const STATS = [
  'loss', // total Σ w·ℓ over all terms
  'lossOn', // Σ w·(−min(r·A, clip(r)·A))  (Eq. 2 surrogate, without KL)
  'lossKl', // Σ w·klCoef·k3
  'lossOff', // the expert term: Σ w·(−log π) (Eq. 1 NLL, ξ inside w), or in luffy Σ w·(−A·f(π)) (shaped)
  'lossEntropy', // −coef·Σ w·H
  'onCount', // on-policy tokens with w > 0
  'clippedCount', // of those, tokens whose objective took the clipped branch
  'ratioSum', // Σ r
  'klSum', // Σ k3, clipped as in the loss (when a reference log-prob is given, even with klCoef = 0)
  'offCount', // expert tokens with w > 0
  'nllSum', // Σ −log π over expert tokens (either expert term: a cross-mode measure of how well the traces fit)
  'offProbSum', // Σ π over expert tokens (either expert term)
  'shapedCount', // expert tokens of the luffy term with w > 0
  'shapedSum', // Σ f(π) = π/(π + γ) over them
  'entropyCount', // tokens whose entropy was given with w > 0
  'entropySum', // Σ H
  'offEntropyCount', // expert tokens with w > 0 whose entropy was given (logged only, never in the loss)
  'offEntropySum', // Σ H over them
] as const;
export type StatName = (typeof STATS)[number];
export type LossStats = Record<StatName, number>;

/** A loss term: a scalar to differentiate and its [STATS.length] stats vector. The caller owns both. */
// A type alias (not an interface) so that it is a TensorContainer: tf.tidy(() => onPolicyLoss(...)) type-checks.
export type LossOutput = {
  loss: tf.Scalar;
  stats: tf.Tensor1D;
};

export interface OnPolicyInputs {
  /** log π_θ(τ_t) of the current policy, [N]. */
  logp: tf.Tensor1D;
  /** log π_old(τ_t) recorded at sampling time, [N]. */
  oldLogp: tf.Tensor1D;
  /** A_i of each token's rollout (Eq. 3), broadcast per token, [N]. */
  advantages: tf.Tensor1D;
  /** w_t from tokenWeights, [N]. */
  weights: tf.Tensor1D;
  /** log π_ref(τ_t) of the frozen reference policy, [N]; only needed for the KL term. */
  refLogp?: tf.Tensor1D;
}

export interface OnPolicyParams {
  /** ε_low: the ratio is clipped below at 1 − ε_low. */
  clipLow: number;
  /** ε_high: the ratio is clipped above at 1 + ε_high (clip-higher when > ε_low). */
  clipHigh: number;
  /** Coefficient of the k3 KL estimator (0 = off). */
  klCoef: number;
}

/** verl's clamps of the k3 estimator (kl_penalty "low_var_kl"): of the log-ratio ref − logp, and of k3 itself. */
export const KL_LOG_RATIO_BOUND = 20;
export const KL_BOUND = 10;

function assertTokens(fn: string, named: Record<string, tf.Tensor | undefined>): number {
  let n = -1;
  for (const [name, t] of Object.entries(named)) {
    if (!t) continue;
    if (t.rank !== 1) throw new Error(`${fn}: ${name} must be a 1-D [N] tensor of flattened tokens, got shape [${t.shape.join(', ')}]`);
    if (n === -1) n = t.shape[0];
    else if (t.shape[0] !== n) throw new Error(`${fn}: ${name} has ${t.shape[0]} tokens, expected ${n} like the other inputs`);
  }
  return n;
}

/** The stats vector with the given entries filled (scalars) and zeros elsewhere. Call inside a tidy. */
function packStats(values: Partial<Record<StatName, tf.Scalar>>): tf.Tensor1D {
  const zero = tf.scalar(0);
  return tf.stack(STATS.map((name) => values[name] ?? zero)) as tf.Tensor1D;
}

/** Σ x as a scalar. */
function total(x: tf.Tensor): tf.Scalar {
  return tf.sum(x) as tf.Scalar;
}

/** 1 where w_t > 0: the tokens stats count (masked truncated rollouts carry w = 0). */
function countedMask(weights: tf.Tensor1D): tf.Tensor1D {
  return tf.cast(tf.greater(weights, 0), 'float32') as tf.Tensor1D;
}

/**
 * On-policy clipped surrogate (paper Eq. 2) plus the optional k3 KL to a reference policy:
 *   r_t = exp(logp_t − oldLogp_t)
 *   ℓ_t = −min(r_t·A_t, clip(r_t, 1 − ε_low, 1 + ε_high)·A_t) + klCoef·k3_t
 *   d_t = clip(ref_t − logp_t, −20, 20)
 *   k3_t = clip(exp(d_t) − d_t − 1, −10, 10)   (Schulman's unbiased, ≥ 0 estimator of KL(π_θ‖π_ref))
 *   loss = Σ_t w_t·ℓ_t
 * The two clips are verl's (kl_penalty "low_var_kl"), so klCoef means what it means there. The bound of 10 (reached at
 * d ≈ 2.5 or d ≈ −11) caps what one token far from the reference adds to the loss, and such a token gets no KL
 * gradient; the bound of 20 only keeps exp(d) finite in float32 — without it a huge d would make k3 = Inf, and the
 * clipped branch's zero gradient times exp's infinite one would be NaN.
 * A token counts as clipped when its objective takes the clipped branch, i.e. clip(r)·A < r·A strictly (then its
 * gradient is 0). With A = 0 or r inside the range both branches are equal and the token is not clipped.
 */
export function onPolicyLoss(inputs: OnPolicyInputs, params: OnPolicyParams): LossOutput {
  const { logp, oldLogp, advantages, weights, refLogp } = inputs;
  const { clipLow, clipHigh, klCoef } = params;
  assertTokens('onPolicyLoss', { logp, oldLogp, advantages, weights, refLogp });
  if (!(clipLow > 0 && clipLow < 1)) throw new Error(`onPolicyLoss: clipLow must be in (0, 1), got ${clipLow}`);
  if (!(clipHigh > 0)) throw new Error(`onPolicyLoss: clipHigh must be > 0, got ${clipHigh}`);
  if (!(klCoef >= 0)) throw new Error(`onPolicyLoss: klCoef must be ≥ 0, got ${klCoef}`);
  if (klCoef > 0 && !refLogp) throw new Error(`onPolicyLoss: klCoef = ${klCoef} needs refLogp (log-probs of the frozen reference policy)`);
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logp, oldLogp)); // [N]
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipLow, 1 + clipHigh), advantages);
    // minimum(a, b) sends the gradient to a on ties (tfjs Minimum_grad: a ≤ b), so the clipped branch carries the
    // gradient only when clip(r)·A < r·A strictly, the same test that counts clipped tokens below. (A where() on a
    // comparison would put the comparison on the gradient tape, and tfjs has no gradient for Less.)
    const surrogate = tf.minimum(unclipped, clipped);
    const takesClipped = tf.less(clipped, unclipped); // stats only: not on the path to the loss
    const lossOn = tf.neg(tf.sum(tf.mul(weights, surrogate))) as tf.Scalar;
    const mask = countedMask(weights);
    const stats: Partial<Record<StatName, tf.Scalar>> = {
      lossOn,
      onCount: total(mask),
      clippedCount: total(tf.mul(tf.cast(takesClipped, 'float32'), mask)),
      ratioSum: total(tf.mul(ratio, mask)),
    };
    let loss = lossOn;
    if (refLogp) {
      const logRatioRef = tf.clipByValue(tf.sub(refLogp, logp), -KL_LOG_RATIO_BOUND, KL_LOG_RATIO_BOUND);
      const k3 = tf.clipByValue(tf.sub(tf.sub(tf.exp(logRatioRef), logRatioRef), 1), -KL_BOUND, KL_BOUND); // [N]
      stats.klSum = total(tf.mul(k3, mask));
      if (klCoef > 0) {
        stats.lossKl = tf.mul(klCoef, tf.sum(tf.mul(weights, k3))) as tf.Scalar;
        loss = tf.add(loss, stats.lossKl);
      }
    }
    stats.loss = loss;
    return { loss, stats: packStats(stats) };
  });
}

export interface OffPolicyInputs {
  /** log π_θ(y*_t) of the expert trace tokens, [N]. */
  logp: tf.Tensor1D;
  /** w_t from tokenWeights (ξ_x is already inside), [N]. */
  weights: tf.Tensor1D;
  /** Optional: the policy's entropy at each expert token, [N], for the stats only (no term trains on it). */
  entropy?: tf.Tensor1D;
}

/** The stats of the expert tokens' entropy, when given. Call inside a tidy. */
function expertEntropyStats(entropy: tf.Tensor1D | undefined, mask: tf.Tensor1D): Partial<Record<StatName, tf.Scalar>> {
  return entropy ? { offEntropyCount: total(mask), offEntropySum: total(tf.mul(entropy, mask)) } : {};
}

/**
 * Off-policy expert term (paper Eq. 1): plain negative log-likelihood, no ratio, no advantage, no clip.
 *   loss = Σ_t w_t·(−logp_t)
 */
export function offPolicyLoss({ logp, weights, entropy }: OffPolicyInputs): LossOutput {
  assertTokens('offPolicyLoss', { logp, weights, entropy });
  return tf.tidy(() => {
    const nll = tf.neg(logp); // [N]
    const loss = tf.sum(tf.mul(weights, nll)) as tf.Scalar;
    const mask = countedMask(weights);
    const stats = packStats({
      loss,
      lossOff: loss,
      offCount: total(mask),
      nllSum: total(tf.mul(nll, mask)),
      offProbSum: total(tf.mul(tf.exp(logp), mask)),
      ...expertEntropyStats(entropy, mask),
    });
    return { loss, stats };
  });
}

export interface ShapedOffPolicyInputs {
  /** log π_θ(y*_t) of the expert trace tokens, [N]. */
  logp: tf.Tensor1D;
  /** A of the trace inside its group (computed over the N rollouts + the trace), broadcast per token, [N]. */
  advantages: tf.Tensor1D;
  /** w_t from tokenWeights, [N] (≥ 0: the normaliser only; the advantage is a separate input, as on-policy). */
  weights: tf.Tensor1D;
  /** Optional: the policy's entropy at each trace token, [N], for the stats only. */
  entropy?: tf.Tensor1D;
}

/**
 * LUFFY's off-policy term (arXiv 2504.14945, `off_policy_reshape=p_div_p_γ`): the expert trace is a member of its
 * prompt's group and is trained with a policy-shaped importance weight instead of a ratio, no π_old and no clip:
 *   p_t = exp(logp_t),  f(p) = p/(p + γ),  ℓ_t = −A_t·f(p_t),  loss = Σ_t w_t·ℓ_t
 * d ℓ_t/d logp_t = −A_t·γ·p_t/(p_t + γ)². Against the unshaped off-policy objective −A·p (gradient −A·p) the shaping
 * multiplies a token's gradient by γ/(p + γ)², up to 1/γ as p → 0: low-probability expert tokens, the ones the
 * policy has not learnt yet, keep a gradient (the paper's argument), while the NLL (gradient −1) has no A at all.
 */
export function shapedOffPolicyLoss({ logp, advantages, weights, entropy }: ShapedOffPolicyInputs, gamma: number): LossOutput {
  assertTokens('shapedOffPolicyLoss', { logp, advantages, weights, entropy });
  if (!(gamma > 0 && Number.isFinite(gamma))) throw new Error(`shapedOffPolicyLoss: γ (ahpo.luffyGamma) must be a finite number > 0, got ${gamma}`);
  return tf.tidy(() => {
    const p = tf.exp(logp); // [N]
    const f = tf.div(p, tf.add(p, gamma));
    const loss = tf.neg(tf.sum(tf.mul(weights, tf.mul(advantages, f)))) as tf.Scalar;
    const mask = countedMask(weights);
    const count = total(mask);
    return {
      loss,
      stats: packStats({
        loss,
        lossOff: loss,
        offCount: count,
        nllSum: total(tf.mul(tf.neg(logp), mask)),
        offProbSum: total(tf.mul(p, mask)),
        shapedCount: count,
        shapedSum: total(tf.mul(f, mask)),
        ...expertEntropyStats(entropy, mask),
      }),
    };
  });
}

export interface EntropyInputs {
  /** H_t = −Σ_v π(v) log π(v) per token, [N]. */
  entropy: tf.Tensor1D;
  weights: tf.Tensor1D;
}

/**
 * Entropy bonus (not in the paper; spec: "always log it, optional bonus"): a loss term −coef·Σ_t w_t·H_t, so that
 * minimising the loss raises entropy. With coef = 0 the loss is 0 but the entropy sums are still reported.
 */
export function entropyBonus({ entropy, weights }: EntropyInputs, coef: number): LossOutput {
  assertTokens('entropyBonus', { entropy, weights });
  if (!(coef >= 0)) throw new Error(`entropyBonus: coef must be ≥ 0, got ${coef}`);
  return tf.tidy(() => {
    const loss = tf.mul(-coef, tf.sum(tf.mul(weights, entropy))) as tf.Scalar;
    const mask = countedMask(weights);
    return { loss, stats: packStats({ loss, lossEntropy: loss, entropyCount: total(mask), entropySum: total(tf.mul(entropy, mask)) }) };
  });
}

export interface AhpoParts {
  on?: LossOutput;
  /** The expert term: offPolicyLoss (NLL) or, in luffy, shapedOffPolicyLoss. */
  off?: LossOutput;
  entropy?: LossOutput;
}

/**
 * L = ξ·L_off + L_on (Eq. 4/5; ξ and the normalisation live in the weights) plus the optional KL and entropy terms.
 * Sums the present terms' losses and stats. Does not dispose its inputs: call it inside the tidy of the gradient
 * function, where the parts are intermediates anyway.
 */
export function ahpoLoss(parts: AhpoParts): LossOutput {
  const present = [parts.on, parts.off, parts.entropy].filter((p): p is LossOutput => p !== undefined);
  if (present.length === 0) throw new Error('ahpoLoss: no loss terms given (expected at least one of on, off, entropy)');
  return tf.tidy(() => ({
    loss: tf.addN(present.map((p) => p.loss)) as tf.Scalar,
    stats: tf.addN(present.map((p) => p.stats)) as tf.Tensor1D,
  }));
}

/** Names the values of a stats vector read back with `await stats.data()`. */
export function readStats(values: ArrayLike<number>): LossStats {
  if (values.length !== STATS.length) throw new Error(`readStats: expected ${STATS.length} values (${STATS.join(', ')}), got ${values.length}`);
  return Object.fromEntries(STATS.map((name, i) => [name, values[i]])) as LossStats;
}

export interface StepStats {
  loss: number;
  lossOn: number;
  lossOff: number;
  clipFrac: number;
  ratioMean: number;
  kl: number;
  entropy: number;
  /** Mean −log π and mean π over the counted expert tokens, and how many there were. */
  nll: number;
  expertProb: number;
  expertTokens: number;
  /** luffy: mean f(π) = π/(π + γ) over the shaped expert tokens (0 in other modes). */
  shapedWeight: number;
  /** Mean policy entropy at the counted expert tokens whose entropy was given (teacher-forced, T = 1). */
  expertEntropy: number;
}

/** The logged means of a step (names as in TrainRow). A mean over zero tokens is 0. */
export function summarizeStats(s: LossStats): StepStats {
  const mean = (sum: number, count: number) => (count > 0 ? sum / count : 0);
  return {
    loss: s.loss,
    lossOn: s.lossOn,
    lossOff: s.lossOff,
    clipFrac: mean(s.clippedCount, s.onCount),
    ratioMean: mean(s.ratioSum, s.onCount),
    kl: mean(s.klSum, s.onCount),
    entropy: mean(s.entropySum, s.entropyCount),
    nll: mean(s.nllSum, s.offCount),
    expertProb: mean(s.offProbSum, s.offCount),
    expertTokens: s.offCount,
    shapedWeight: mean(s.shapedSum, s.shapedCount),
    expertEntropy: mean(s.offEntropySum, s.offEntropyCount),
  };
}

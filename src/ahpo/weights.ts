// Per-token loss weights for a whole optimizer batch, on the host. The loss terms (losses.ts) are plain weighted
// sums Σ w_t·ℓ_t, so everything about normalisation and the gate lives here, computed once per batch: splitting the
// batch into micro-batches then cannot change the loss or its gradient. Spec: ../shared/docs/ahpo.md ("The loss",
// "Modes"); formulas in docs/loss.md.
import { gate } from './advantages.js';

export type Mode = 'ahpo' | 'static' | 'grpo' | 'sft';
export type Normalize = 'token' | 'sequence';

/**
 * ξ_x of one prompt per mode (spec "Modes"):
 *   ahpo    gate Eq. 6: 1 when the prompt has a trace and #{i : R_i ≥ success} < R̂
 *   static  1 whenever a trace exists (Static-AHPO, paper Fig. 7)
 *   grpo    0 (on-policy only)
 *   sft     1 whenever a trace exists (expert NLL only; there are no rollouts, so rewards are ignored)
 * The threshold is only checked (against the group size) in `ahpo` mode, the only one that uses it.
 */
export function xiFor(mode: Mode, rewards: readonly number[], hasTrace: boolean, threshold: number, success = 1): 0 | 1 {
  switch (mode) {
    case 'ahpo':
      return gate({ rewards, hasTrace, threshold, success });
    case 'static':
    case 'sft':
      return hasTrace ? 1 : 0;
    case 'grpo':
      return 0;
    default:
      throw new Error(`xiFor: unknown mode '${String(mode)}' (expected ahpo, static, grpo or sft)`);
  }
}

/** What the weights of one prompt depend on. */
export interface WeightPrompt {
  /** Counted completion tokens of each rollout (the end-of-turn token included; prompt and padding never). [] in sft. */
  rolloutLengths: readonly number[];
  /** Per rollout: it hit maxNewTokens. Only read with maskTruncated; absent = none truncated. */
  truncated?: readonly boolean[];
  /** Tokens of the expert trace y*_x; 0 when the prompt has none. */
  traceLength: number;
  /** ξ_x from xiFor (0 or 1; a value in [0, 1] scales the expert tokens). */
  xi: number;
}

export interface TokenWeightOptions {
  mode: Mode;
  normalize: Normalize;
  /** Truncated rollouts get weight 0 and do not count in D or S. */
  maskTruncated: boolean;
}

export interface TokenWeights {
  /** [prompt][rollout]: one weight per completion token (length = rolloutLengths[i]); all 0 when not counted. */
  rollouts: Float32Array[][];
  /** [prompt]: one weight per expert trace token (length = traceLength); all 0 when ξ_x = 0. */
  expert: Float32Array[];
  /** [prompt][rollout]: the rollout has non-zero weights (false: masked truncated or empty; its forward can be skipped). */
  rolloutCounted: boolean[][];
  /** [prompt]: the expert trace has non-zero weights (ξ_x > 0 and a trace exists). */
  expertCounted: boolean[];
  /** Counted tokens in the batch: counted rollout tokens + expert tokens of prompts with ξ > 0 (token normaliser). */
  D: number;
  /** Counted rollout sequences (sequence normaliser of the on-policy term). */
  S: number;
  /** Prompts in the batch (sequence normaliser of the expert term). */
  P: number;
}

function checkPrompt(p: WeightPrompt, i: number, mode: Mode): void {
  const where = `tokenWeights: prompt ${i}`;
  for (const len of [...p.rolloutLengths, p.traceLength]) {
    if (!Number.isInteger(len) || len < 0) throw new Error(`${where}: lengths must be non-negative integers, got ${len}`);
  }
  if (p.truncated && p.truncated.length !== p.rolloutLengths.length) {
    throw new Error(`${where}: ${p.truncated.length} truncated flags for ${p.rolloutLengths.length} rollouts`);
  }
  if (!(p.xi >= 0 && p.xi <= 1)) throw new Error(`${where}: ξ must be in [0, 1], got ${p.xi}`);
  if (p.xi > 0 && p.traceLength === 0) throw new Error(`${where}: ξ = ${p.xi} but the prompt has no expert trace (traceLength 0); ξ is 0 without a trace (Eq. 6)`);
  if (mode === 'sft' && p.rolloutLengths.length > 0) throw new Error(`${where}: mode sft has no rollouts, got ${p.rolloutLengths.length}`);
  if (mode === 'grpo' && p.xi !== 0) throw new Error(`${where}: mode grpo has ξ = 0, got ${p.xi} (compute ξ with xiFor)`);
}

/**
 * The per-token weights w_t of one optimizer batch (spec "The loss"; paper Eq. 1, 2, 4, 5):
 *   token     rollout token: 1/D; expert token of prompt x: ξ_x/D; D = counted tokens of the whole batch
 *   sequence  rollout token of τ: 1/(|τ|·S); expert token of x: ξ_x/(|y*_x|·P); S = counted rollouts, P = prompts
 * With maskTruncated a truncated rollout gets weight 0 and counts in neither D nor S. A batch with nothing counted
 * gets all-zero weights (never a division by zero).
 */
export function tokenWeights(prompts: readonly WeightPrompt[], opts: TokenWeightOptions): TokenWeights {
  if (opts.normalize !== 'token' && opts.normalize !== 'sequence') throw new Error(`tokenWeights: normalize must be token or sequence, got '${String(opts.normalize)}'`);
  prompts.forEach((p, i) => checkPrompt(p, i, opts.mode));
  const rolloutCounted = prompts.map((p) => p.rolloutLengths.map((len, j) => len > 0 && !(opts.maskTruncated && (p.truncated?.[j] ?? false))));
  const expertCounted = prompts.map((p) => p.xi > 0 && p.traceLength > 0);

  let D = 0;
  let S = 0;
  prompts.forEach((p, i) => {
    p.rolloutLengths.forEach((len, j) => {
      if (rolloutCounted[i][j]) {
        D += len;
        S += 1;
      }
    });
    if (expertCounted[i]) D += p.traceLength;
  });
  const P = prompts.length;

  const filled = (len: number, w: number) => new Float32Array(len).fill(Number.isFinite(w) ? w : 0);
  const rollouts = prompts.map((p, i) =>
    p.rolloutLengths.map((len, j) => {
      if (!rolloutCounted[i][j]) return new Float32Array(len);
      return filled(len, opts.normalize === 'token' ? 1 / D : 1 / (len * S));
    }),
  );
  const expert = prompts.map((p, i) => {
    if (!expertCounted[i]) return new Float32Array(p.traceLength);
    return filled(p.traceLength, opts.normalize === 'token' ? p.xi / D : p.xi / (p.traceLength * P));
  });
  return { rollouts, expert, rolloutCounted, expertCounted, D, S, P };
}

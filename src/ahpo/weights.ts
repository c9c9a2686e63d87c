// Per-token loss weights for a whole optimizer batch, on the host. The loss terms (losses.ts) are plain weighted
// sums Σ w_t·ℓ_t, so everything about normalisation and the gate lives here, computed once per batch: splitting the
// batch into micro-batches then cannot change the loss or its gradient. Spec: the MM-HELIX paper
// (arXiv 2510.08540), Eq. 4-5; formulas, normalisers and every mode in docs/loss.md.
import { gate } from './advantages.js';

/**
 * The loss-level modes. The config's `sft-grpo` is no mode of its own here: it runs `sft` for its first steps and
 * then `grpo` (src/train/stages.ts).
 */
export type Mode = 'ahpo' | 'static' | 'grpo' | 'sft' | 'luffy' | 'hpt';
export type Normalize = 'token' | 'sequence';

/**
 * ξ_x of one prompt per mode (spec "Modes"):
 *   ahpo    gate Eq. 6: 1 when the prompt has a trace and #{i : R_i ≥ success} < R̂   (threshold = R̂)
 *   static  1 whenever a trace exists (Static-AHPO, paper Fig. 7)
 *   grpo    0 (on-policy only)
 *   sft     1 whenever a trace exists (expert NLL only; there are no rollouts, so rewards are ignored)
 *   luffy   1 whenever a trace exists: the trace joins the prompt's group (LUFFY); no gate
 *   hpt     1 when the prompt has a trace and #{i : R_i ≥ success} ≤ k (threshold = k): HPT's switch, which then
 *           trains on the trace INSTEAD of the rollouts (tokenWeights drops them)
 * The threshold is only read (and checked against the group size) in `ahpo` and `hpt` mode.
 */
export function xiFor(mode: Mode, rewards: readonly number[], hasTrace: boolean, threshold: number, success = 1): 0 | 1 {
  switch (mode) {
    case 'ahpo':
      return gate({ rewards, hasTrace, threshold, success });
    case 'static':
    case 'sft':
    case 'luffy':
      return hasTrace ? 1 : 0;
    case 'grpo':
      return 0;
    case 'hpt':
      if (!Number.isInteger(threshold) || threshold < 0 || threshold >= rewards.length) {
        throw new Error(
          `xiFor: hpt's k must be an integer in [0, ${rewards.length - 1}] (below the group size ${rewards.length}), got ${threshold}; k ≥ N would always train on the trace (use mode sft)`,
        );
      }
      // k + 1 = R̂: the same count test as the gate, but the consequence differs (switch, not addition).
      return gate({ rewards, hasTrace, threshold: threshold + 1, success });
    default:
      throw new Error(`xiFor: unknown mode '${String(mode)}' (expected ahpo, static, grpo, sft, luffy or hpt)`);
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
  /** Counted rollout sequences (sequence normaliser of the on-policy term); in luffy also the counted expert traces. */
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
  if (p.xi > 0 && p.traceLength === 0)
    throw new Error(`${where}: ξ = ${p.xi} but the prompt has no expert trace (traceLength 0); ξ is 0 without a trace (Eq. 6)`);
  if (mode === 'sft' && p.rolloutLengths.length > 0) throw new Error(`${where}: mode sft has no rollouts, got ${p.rolloutLengths.length}`);
  if (mode === 'grpo' && p.xi !== 0) throw new Error(`${where}: mode grpo has ξ = 0, got ${p.xi} (compute ξ with xiFor)`);
  // ξ is a switch in these modes: the trace is in the group (luffy) or replaces the rollouts (hpt), never half of it.
  if ((mode === 'luffy' || mode === 'hpt') && p.xi !== 0 && p.xi !== 1) throw new Error(`${where}: mode ${mode} needs ξ of 0 or 1, got ${p.xi}`);
}

/**
 * The per-token weights w_t of one optimizer batch (spec "The loss"; paper Eq. 1, 2, 4, 5):
 *   token     rollout token: 1/D; expert token of prompt x: ξ_x/D; D = counted tokens of the whole batch
 *   sequence  rollout token of τ: 1/(|τ|·S); expert token of x: ξ_x/(|y*_x|·P); S = counted rollouts, P = prompts
 * With maskTruncated a truncated rollout gets weight 0 and counts in neither D nor S. A batch with nothing counted
 * gets all-zero weights (never a division by zero).
 * Mode luffy: the trace is one more sequence of its group, so under `sequence` it is weighted like a rollout,
 * 1/(|y*_x|·S) with S counting it. Mode hpt: a prompt with ξ_x = 1 trains on its trace only; its rollouts get
 * weight 0 and count in neither D nor S.
 */
export function tokenWeights(prompts: readonly WeightPrompt[], opts: TokenWeightOptions): TokenWeights {
  if (opts.normalize !== 'token' && opts.normalize !== 'sequence')
    throw new Error(`tokenWeights: normalize must be token or sequence, got '${String(opts.normalize)}'`);
  prompts.forEach((p, i) => checkPrompt(p, i, opts.mode));
  const dropped = (p: WeightPrompt) => opts.mode === 'hpt' && p.xi > 0;
  const rolloutCounted = prompts.map((p) => p.rolloutLengths.map((len, j) => len > 0 && !dropped(p) && !(opts.maskTruncated && (p.truncated?.[j] ?? false))));
  const expertCounted = prompts.map((p) => p.xi > 0 && p.traceLength > 0);
  const inGroup = opts.mode === 'luffy';

  let D = 0;
  let S = 0;
  prompts.forEach((p, i) => {
    p.rolloutLengths.forEach((len, j) => {
      if (rolloutCounted[i][j]) {
        D += len;
        S += 1;
      }
    });
    if (expertCounted[i]) {
      D += p.traceLength;
      if (inGroup) S += 1;
    }
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
    if (opts.normalize === 'token') return filled(p.traceLength, p.xi / D);
    return filled(p.traceLength, inGroup ? 1 / (p.traceLength * S) : p.xi / (p.traceLength * P));
  });
  return { rollouts, expert, rolloutCounted, expertCounted, D, S, P };
}

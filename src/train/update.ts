// The update of one step: the AHPO loss over micro-batches with gradient accumulation, then one host read of a
// packed metrics vector, then — unless the loss, a gradient, or a weight after the update would be non-finite —
// global-norm clipping and AdamW.
// Micro-batch size never changes the result: the per-token weights already carry the whole batch's normaliser.
import * as tf from '@tensorflow/tfjs-core';
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
  type StepStats,
} from '../ahpo/losses.js';
import type { ModelConfig } from '../model/config.js';
import { defaultCallBudgetBytes, gb, hardCallLimitBytes, MemoryError, trainCallBytes } from '../model/memory.js';
import { logprobsAt } from '../model/logprobs.js';
import { gradsByName, reachedBy, type Params } from '../model/params.js';
import { imageEmbedsFor } from '../model/vlm.js';
import { guardBackendCall } from '../runtime/backend-abort.js';
import type { Config } from './config.js';
import { adamwStaysFinite, applyAdamW, clipByGlobalNorm, finiteAndNorm, trainableNames, type AdamWState } from './optimizer.js';
import { buildMicroBatch, disposeMicroBatch, planMicroBatches, sequenceLength, type MicroBatch, type TrainSequence } from './sequences.js';

export interface UpdateContext {
  trainConfig: Config;
  modelConfig: ModelConfig;
  params: Record<string, tf.Variable>;
  /** Frozen initial weights for the KL term (only when ahpo.klCoef > 0). */
  refParams?: Params;
  optimizer: AdamWState;
  suppressIds: readonly number[];
  /** Bytes one forward + backward may use (default: memory.ts defaultCallBudgetBytes for the backend). */
  callBudgetBytes?: number;
}

export interface UpdateResult extends StepStats {
  skipped: boolean;
  /** Why a skipped update was skipped: a non-finite loss or gradient, or weights the update would make non-finite. */
  skipReason?: 'loss' | 'weights';
  gradNorm: number;
  /** Tokens the forward and backward passes read: prompt + completion − 1 per trained sequence, padding excluded. */
  trainedTokens: number;
  /** Forward + backward calls made (train.microBatch, or fewer rows per call when the memory budget asks). */
  microBatches: number;
  /** Zero-advantage rollouts left out of the forward and backward pass (leftOut): their gradient is exactly zero. */
  skippedRollouts: number;
  seconds: number;
}

/** log-probs [N] (and entropies) of a micro-batch's counted tokens under `params`. */
function countedLogprobs(params: Params, ctx: UpdateContext, mb: MicroBatch, withEntropy: boolean): { logp: tf.Tensor1D; entropy?: tf.Tensor1D } {
  const temperature = mb.kind === 'on' ? ctx.trainConfig.rollout.temperature : 1;
  const imageEmbeds = imageEmbedsFor(params, ctx.modelConfig, mb.inputs);
  const idx = tf.tensor1d(mb.positions, 'int32');
  return logprobsAt(params, ctx.modelConfig, { ...mb.inputs, imageEmbeds }, mb.targets, idx, {
    temperature,
    suppressIds: ctx.suppressIds,
    entropy: withEntropy,
  });
}

/**
 * The loss of one micro-batch: the on-policy surrogate (+ KL, entropy bonus), or the expert term — the NLL, or in mode
 * luffy the shaped −A·f(p) with the trace's group advantage (collect.ts puts it on the sequence).
 */
function microBatchLoss(ctx: UpdateContext, mb: MicroBatch, refLogp: tf.Tensor1D | undefined, withEntropy: boolean): LossOutput {
  const a = ctx.trainConfig.ahpo;
  const weights = tf.tensor1d(mb.weights);
  const { logp, entropy } = countedLogprobs(ctx.params, ctx, mb, withEntropy);
  if (mb.kind === 'off' && a.mode === 'luffy') return shapedOffPolicyLoss({ logp, advantages: tf.tensor1d(mb.advantages), weights, entropy }, a.luffyGamma);
  if (mb.kind === 'off') return offPolicyLoss({ logp, weights, entropy });
  const on = onPolicyLoss(
    { logp, oldLogp: tf.tensor1d(mb.oldLogp), advantages: tf.tensor1d(mb.advantages), weights, refLogp },
    { clipLow: a.clipLow, clipHigh: a.clipHigh, klCoef: a.klCoef },
  );
  return ahpoLoss({ on, entropy: entropy ? entropyBonus({ entropy, weights }, a.entropyCoef) : undefined });
}

/**
 * Whether the update may leave an on-policy sequence out. With A = 0 every token's surrogate −w·min(r·0, clip(r)·0)
 * is 0 whatever r is, so the sequence adds exactly nothing to the gradient — unless a KL or entropy-bonus term needs
 * its log-probs. With one update per batch its ratio is 1 (the weights that sampled it are the weights trained: its
 * log-probs differ only by float rounding), so the statistics it would give are known without running it: counted
 * tokens, r = 1, none clipped, and its sampling-time entropy. Its weights stay in D: they were fixed in collect.ts.
 */
export function leftOut(cfg: Config, s: TrainSequence): boolean {
  return (
    cfg.train.skipZeroAdvantage &&
    s.kind === 'on' &&
    s.advantage === 0 &&
    s.entropy?.length === s.completion.length &&
    cfg.ahpo.klCoef === 0 &&
    cfg.ahpo.entropyCoef === 0 &&
    cfg.train.updatesPerBatch === 1
  );
}

/**
 * The statistics the host supplies: for left-out sequences, what their forward pass would have counted (above); for
 * trained sequences whose entropy the micro-batch did not compute, their sampling-time entropy.
 */
function hostStats(skipped: readonly TrainSequence[], entropyOnly: readonly TrainSequence[]): Float32Array {
  const sums = new Float64Array(STATS.length);
  const at = (name: (typeof STATS)[number]) => STATS.indexOf(name);
  const add = (s: TrainSequence, full: boolean) =>
    s.weights.forEach((w, k) => {
      if (w === 0) return;
      if (full) {
        sums[at('onCount')] += 1;
        sums[at('ratioSum')] += 1;
      }
      sums[at('entropyCount')] += 1;
      sums[at('entropySum')] += s.entropy![k];
    });
  skipped.forEach((s) => add(s, true));
  entropyOnly.forEach((s) => add(s, false));
  return Float32Array.from(sums);
}

/**
 * acc + grads by name. A name only one side has keeps its tensor: a text-only micro-batch gives the vision tower no
 * gradient, and the vision gradients of an earlier micro-batch with images must survive it.
 */
function addGrads(acc: Record<string, tf.Tensor>, grads: Record<string, tf.Tensor>): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = { ...acc };
  for (const [n, g] of Object.entries(grads)) {
    if (!g) continue;
    out[n] = acc[n] ? tf.add(acc[n], g) : g;
    if (acc[n]) {
      acc[n].dispose();
      g.dispose();
    }
  }
  return out;
}

/**
 * train.microBatch, lowered when its largest micro-batch would not fit one call's memory budget (the result does not
 * depend on the micro-batch size, so this only trades speed for memory). A single sequence over the backend's hard
 * limit is an error naming its length.
 */
function fitMicroBatch(ctx: UpdateContext, sequences: readonly TrainSequence[]): number {
  const backend = tf.getBackend();
  const budget = ctx.callBudgetBytes ?? defaultCallBudgetBytes(backend);
  const longest = Math.max(1, ...sequences.map(sequenceLength));
  const perRow = trainCallBytes(ctx.modelConfig, 1, longest);
  const hard = hardCallLimitBytes(ctx.modelConfig, backend);
  if (hard !== undefined && perRow > hard) {
    throw new MemoryError(
      `the update needs about ${gb(perRow)} for one ${longest}-token sequence, over the ${gb(hard)} the ${backend} backend can hold beside ` +
        'the weights and optimizer state. Hint: lower rollout.maxNewTokens, shorten prompts (smaller images), or use a GPU backend',
    );
  }
  return Math.max(1, Math.min(ctx.trainConfig.train.microBatch, Math.floor(budget / perRow)));
}

export async function update(ctx: UpdateContext, sequences: readonly TrainSequence[], lr: number): Promise<UpdateResult> {
  const t0 = performance.now();
  const names = trainableNames(ctx.optimizer);
  let grads: Record<string, tf.Tensor> = {};
  let stats: tf.Tensor1D = tf.zeros([STATS.length]);
  let loss: tf.Scalar = tf.scalar(0);
  let trainedTokens = 0;
  let microBatches = 0;
  const counted = sequences.filter((s) => s.weights.some((w) => w > 0));
  const notRun = counted.filter((s) => leftOut(ctx.trainConfig, s));
  const trained = counted.filter((s) => !leftOut(ctx.trainConfig, s));
  const entropyOnHost: TrainSequence[] = [];
  try {
    const size = fitMicroBatch(ctx, trained);
    for (const group of planMicroBatches(trained, size)) {
      const mb = buildMicroBatch(ctx.modelConfig, group);
      microBatches += 1;
      // A rollout's entropy is computed on the device only where a term trains on it or the rollout came without its
      // own. An expert token has no sampling-time entropy, so its micro-batch always asks for it: the log-prob pass
      // computes it anyway (targetLogprobsAndEntropy), and sft steps log it as their entropy.
      const withEntropy = mb.kind === 'off' || ctx.trainConfig.ahpo.entropyCoef > 0 || group.some((s) => s.entropy?.length !== s.completion.length);
      if (mb.kind === 'on' && !withEntropy) entropyOnHost.push(...group);
      try {
        // The tokens the forward and backward passes read, without the left padding that evens out the rows.
        trainedTokens += group.reduce((n, s) => n + sequenceLength(s), 0);
        const refLogp =
          ctx.refParams && mb.kind === 'on' && ctx.trainConfig.ahpo.klCoef > 0
            ? tf.tidy(() => countedLogprobs(ctx.refParams!, ctx, mb, false).logp)
            : undefined;
        let mbStats: tf.Tensor1D | undefined;
        const shapes = () => `micro-batch of ${group.length} ${mb.kind}-policy sequence(s) × ${mb.inputs.ids[0].length} tokens`;
        const r = guardBackendCall('the update (forward + backward)', shapes, () =>
          gradsByName(
            ctx.params,
            () => {
              const out = microBatchLoss(ctx, mb, refLogp, withEntropy);
              mbStats = tf.keep(out.stats);
              return out.loss;
            },
            names,
          ),
        );
        refLogp?.dispose();
        grads = addGrads(grads, r.grads);
        const [nextLoss, nextStats] = [tf.add(loss, r.value), tf.add(stats, mbStats!)];
        tf.dispose([loss, stats, r.value, mbStats!]);
        loss = nextLoss as tf.Scalar;
        stats = nextStats as tf.Tensor1D;
      } finally {
        disposeMicroBatch(mb);
      }
    }
    if (notRun.length > 0 || entropyOnHost.length > 0) {
      const next = tf.tidy(() => tf.add(stats, tf.tensor1d(hostStats(notRun, entropyOnHost)))) as tf.Tensor1D;
      stats.dispose();
      stats = next;
    }
    // A parameter that a left-out sequence reaches would have had a gradient (of zeros) without the skip, and AdamW
    // moves a parameter with a zero gradient (its moments decay and still step); one with no gradient stays put.
    // Zeros keep the two identical.
    for (const n of names) {
      if (grads[n] || !notRun.some((s) => reachedBy(n, (s.images?.length ?? 0) > 0))) continue;
      grads[n] = tf.zerosLike(ctx.params[n]);
    }
    const { norm, finite } = finiteAndNorm(grads, loss);
    // The clipped gradients and the verdict on the weights they would produce are computed before the host read, so
    // a step whose update would leave a non-finite weight or moment (finite gradients with a huge lr, or g² beyond
    // float32) is skipped like a non-finite gradient — nothing to roll back, and no such weights ever reach a save.
    const applied = ctx.trainConfig.train.gradClip > 0 && Object.keys(grads).length > 0 ? clipByGlobalNorm(grads, ctx.trainConfig.train.gradClip, norm) : grads;
    const weightsOk = adamwStaysFinite(ctx.optimizer, ctx.params, applied, lr);
    // The step's only host read: loss, norm, finiteness and the loss statistics together.
    const packed = tf.tidy(() => tf.concat([tf.stack([loss, norm, finite, weightsOk]), stats]));
    const values = await packed.data();
    tf.dispose([packed, weightsOk]);
    const [lossValue, gradNorm, gradsOk, paramsOk] = [values[0], values[1], values[2] === 1, values[3] === 1];
    const ok = gradsOk && paramsOk;
    if (ok && Object.keys(grads).length > 0) applyAdamW(ctx.optimizer, ctx.params, applied, lr);
    if (applied !== grads) tf.dispose(Object.values(applied));
    tf.dispose([norm, finite]);
    const s = summarizeStats(readStats(values.slice(4)));
    // An sft step has no rollouts, so the policy's entropy it logs is the expert tokens' (teacher-forced, T = 1).
    if (ctx.trainConfig.ahpo.mode === 'sft') s.entropy = s.expertEntropy;
    const skipped = ok ? undefined : gradsOk ? 'weights' : 'loss';
    return {
      ...s,
      loss: lossValue,
      skipped: !ok,
      skipReason: skipped,
      gradNorm,
      trainedTokens,
      microBatches,
      skippedRollouts: notRun.length,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose([...Object.values(grads), stats, loss]);
  }
}

/**
 * One logged result for a step's train.updatesPerBatch iterations over the same batch: the mean of each loss and
 * statistic (and of the gradient norm), the largest clip fraction (the iteration furthest from the sampling policy,
 * where clipping bites), tokens, calls and seconds summed. The step counts as skipped when any iteration was, with
 * the first such iteration's reason. One iteration is returned as it is.
 */
export function overIterations(rs: readonly UpdateResult[]): UpdateResult {
  if (rs.length === 0) throw new Error('overIterations: no update results (train.updatesPerBatch must be ≥ 1)');
  if (rs.length === 1) return rs[0];
  const mean = (f: (r: UpdateResult) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  const sum = (f: (r: UpdateResult) => number) => rs.reduce((a, r) => a + f(r), 0);
  const bad = rs.find((r) => r.skipped);
  return {
    loss: mean((r) => r.loss),
    lossOn: mean((r) => r.lossOn),
    lossOff: mean((r) => r.lossOff),
    clipFrac: Math.max(...rs.map((r) => r.clipFrac)),
    ratioMean: mean((r) => r.ratioMean),
    kl: mean((r) => r.kl),
    entropy: mean((r) => r.entropy),
    nll: mean((r) => r.nll),
    expertProb: mean((r) => r.expertProb),
    expertTokens: mean((r) => r.expertTokens),
    shapedWeight: mean((r) => r.shapedWeight),
    expertEntropy: mean((r) => r.expertEntropy),
    gradNorm: mean((r) => r.gradNorm),
    skipped: bad !== undefined,
    skipReason: bad?.skipReason,
    trainedTokens: sum((r) => r.trainedTokens),
    microBatches: sum((r) => r.microBatches),
    skippedRollouts: sum((r) => r.skippedRollouts),
    seconds: sum((r) => r.seconds),
  };
}

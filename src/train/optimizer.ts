// AdamW over NAMED parameters. tf.train.adam keys its state by tfjs's global variable names, which we leave unset
// (params.ts: a policy and its frozen reference share ours), and it cannot be saved or restored by name. Here the
// state is plain data — first/second moments under the parameter's HF name plus one step count — so a checkpoint
// holds it as `exp_avg/<name>`, `exp_avg_sq/<name>` and resume continues bit-exactly.
//
// The update is PyTorch's torch.optim.AdamW (decoupled decay, Loshchilov & Hutter), step t = state.step + 1:
//   p ← p · (1 − lr·wd)            only for tensors of rank ≥ 2 (matrices, embeddings, the patch conv);
//                                   biases and norm weights are never decayed (nanoGPT / HF convention)
//   m ← β1·m + (1 − β1)·g
//   v ← β2·v + (1 − β2)·g²
//   p ← p − lr · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
// With wd = 0 this is tf.train.adam's arithmetic, operation for operation.
//
// Ownership: applyAdamW never disposes the gradients — the caller disposes them in a `finally`, which is the same
// code whether the step was applied or skipped as non-finite. The moments are tf.Variables owned by the state;
// release them with disposeAdamW.
import * as tf from '@tensorflow/tfjs-core';
import { selectByGlobs } from './glob.js';

export class OptimizerError extends Error {}

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Glob patterns (see glob.ts) of parameters that are never updated and get no state. */
  freeze?: readonly string[];
}

export interface AdamWMoments<T extends tf.Tensor = tf.Tensor> {
  /** Updates applied so far (skipped non-finite steps do not count): the t of the bias correction is step + 1. */
  step: number;
  /** First and second moments by parameter name: exactly the trainable parameters. */
  m: Record<string, T>;
  v: Record<string, T>;
}

export interface AdamWState extends AdamWMoments<tf.Variable> {
  opts: AdamWOptions;
}

/** Names that are not trained: matched by a freeze glob, or variables created with trainable = false. */
export function frozenNames(params: Record<string, tf.Tensor>, freeze: readonly string[] = []): Set<string> {
  const { matched, unmatched } = selectByGlobs(Object.keys(params), freeze);
  if (unmatched.length) {
    throw new OptimizerError(
      `train.freeze: pattern(s) ${unmatched.map((p) => JSON.stringify(p)).join(', ')} match no parameter. Hint: names look like 'visual.blocks.0.attn.qkv.weight' or 'model.layers.3.mlp.up_proj.weight'; 'visual.*' freezes the vision tower`,
    );
  }
  for (const [n, t] of Object.entries(params)) if (t instanceof tf.Variable && !t.trainable) matched.add(n);
  return matched;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Fresh state (zero moments, step 0) for every non-frozen parameter, or — with `restored` — the state read from
 * a checkpoint. Restored tensors are taken over: copied into variables and disposed, even on error.
 */
export function createAdamW(params: Record<string, tf.Tensor>, opts: AdamWOptions, restored?: AdamWMoments): AdamWState {
  try {
    const frozen = frozenNames(params, opts.freeze);
    const names = Object.keys(params).filter((n) => !frozen.has(n));
    for (const n of names) {
      if (!(params[n] instanceof tf.Variable))
        throw new OptimizerError(
          `parameter '${n}' is a plain tensor, not a tf.Variable, so it cannot be updated in place. Hint: load with trainable: true, or freeze it`,
        );
      if (params[n].dtype !== 'float32') throw new OptimizerError(`parameter '${n}' has dtype ${params[n].dtype}; AdamW updates float32 only`);
    }
    if (restored) checkRestored(params, names, restored);
    const m: Record<string, tf.Variable> = {};
    const v: Record<string, tf.Variable> = {};
    for (const n of names) {
      m[n] = tf.tidy(() => tf.variable(restored ? restored.m[n] : tf.zerosLike(params[n]), false));
      v[n] = tf.tidy(() => tf.variable(restored ? restored.v[n] : tf.zerosLike(params[n]), false));
    }
    return { opts: { ...opts, freeze: [...(opts.freeze ?? [])] }, step: restored?.step ?? 0, m, v };
  } finally {
    if (restored) for (const t of [...Object.values(restored.m), ...Object.values(restored.v)]) t.dispose();
  }
}

function checkRestored(params: Record<string, tf.Tensor>, names: string[], r: AdamWMoments): void {
  const want = new Set(names);
  const have = new Set([...Object.keys(r.m), ...Object.keys(r.v)]);
  const missing = names.filter((n) => !(n in r.m) || !(n in r.v));
  const extra = [...have].filter((n) => !want.has(n));
  if (missing.length || extra.length) {
    const list = (xs: string[]): string => xs.slice(0, 8).join(', ') + (xs.length > 8 ? `, ... and ${xs.length - 8} more` : '');
    throw new OptimizerError(
      'optimizer state does not match the trainable parameters' +
        (missing.length ? `; no moments for ${missing.length} trainable param(s): ${list(missing)}` : '') +
        (extra.length ? `; moments for ${extra.length} param(s) that are now frozen or absent: ${list(extra)}` : '') +
        '. Hint: resume with the same train.freeze list the checkpoint was trained with',
    );
  }
  for (const n of names) {
    for (const t of [r.m[n], r.v[n]]) {
      if (!sameShape(t.shape, params[n].shape))
        throw new OptimizerError(`optimizer moment for '${n}' has shape ${JSON.stringify(t.shape)}, the parameter ${JSON.stringify(params[n].shape)}`);
    }
  }
  if (!Number.isInteger(r.step) || r.step < 0) throw new OptimizerError(`optimizer step must be a non-negative integer, got ${r.step}`);
}

/** The trainable parameter names, in parameter order: pass them to gradsByName so frozen ones get no gradient. */
export const trainableNames = (state: AdamWState): string[] => Object.keys(state.m);

/**
 * One AdamW update in place (variables assigned, step incremented). Gradients for frozen names are ignored; a
 * trainable parameter with no gradient (unused by this batch's graph — tf.variableGrads returns none for it) is
 * left exactly as it is, moments included, like PyTorch's `grad is None`; the shared step still advances. Every
 * gradient is checked before anything is assigned, so a bad call changes nothing.
 */
export function applyAdamW(state: AdamWState, params: Record<string, tf.Tensor>, grads: Record<string, tf.Tensor | undefined>, lr: number): void {
  const names = checkedUpdateNames(state, params, grads, lr);
  const k = stepConstants(state, lr);
  for (const n of names) {
    tf.tidy(() => {
      const next = adamwNext(params[n], grads[n] as tf.Tensor, state.m[n], state.v[n], k);
      (params[n] as tf.Variable).assign(next.p);
      state.m[n].assign(next.m);
      state.v[n].assign(next.v);
    });
  }
  state.step = k.t;
}

/**
 * 1 (float32 scalar, on the device) when the update applyAdamW would make leaves every parameter and moment
 * finite, else 0 — computed without assigning anything, so the caller can read it with the step's other figures
 * and skip the update instead of rolling it back. The same expressions as applyAdamW, so the verdict is exact; the
 * cost is one more element-wise pass over the weights (small next to a forward and backward pass). Finite grads can
 * still overflow: a huge learning rate, or g² beyond float32 in the second moment.
 */
export function adamwStaysFinite(state: AdamWState, params: Record<string, tf.Tensor>, grads: Record<string, tf.Tensor | undefined>, lr: number): tf.Scalar {
  const names = checkedUpdateNames(state, params, grads, lr);
  const k = stepConstants(state, lr);
  let total: tf.Scalar = tf.scalar(0);
  for (const n of names) {
    const next = total;
    total = tf.tidy(() => {
      const { p, m, v } = adamwNext(params[n], grads[n] as tf.Tensor, state.m[n], state.v[n], k);
      return tf.addN([next, ...[p, m, v].map(nonFiniteProbe)]) as tf.Scalar;
    });
    next.dispose();
  }
  const ok = tf.tidy(() => tf.cast(tf.equal(total, 0), 'float32') as tf.Scalar);
  total.dispose();
  return ok;
}

interface StepConstants {
  t: number;
  lr: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  opts: AdamWOptions;
}

function checkedUpdateNames(state: AdamWState, params: Record<string, tf.Tensor>, grads: Record<string, tf.Tensor | undefined>, lr: number): string[] {
  if (!Number.isFinite(lr) || lr < 0) throw new OptimizerError(`learning rate must be a finite number ≥ 0, got ${lr}`);
  const names = trainableNames(state).filter((n) => grads[n] !== undefined);
  for (const n of names) {
    const g = grads[n] as tf.Tensor;
    if (!sameShape(g.shape, params[n].shape))
      throw new OptimizerError(`gradient for '${n}' has shape ${JSON.stringify(g.shape)}, the parameter ${JSON.stringify(params[n].shape)}`);
    if (g.isDisposed) throw new OptimizerError(`gradient for '${n}' is already disposed`);
  }
  return names;
}

function stepConstants(state: AdamWState, lr: number): StepConstants {
  const t = state.step + 1;
  return { t, lr, oneMinusAccBeta1: 1 - state.opts.beta1 ** t, oneMinusAccBeta2: 1 - state.opts.beta2 ** t, opts: state.opts };
}

/** One parameter's new value and moments (call inside tf.tidy). */
function adamwNext(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, k: StepConstants): { p: tf.Tensor; m: tf.Tensor; v: tf.Tensor } {
  const { beta1, beta2, eps, weightDecay } = k.opts;
  const decayed = weightDecay > 0 && p.rank >= 2 ? tf.mul(p, 1 - k.lr * weightDecay) : p;
  const newM = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
  const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
  const mHat = tf.div(newM, k.oneMinusAccBeta1);
  const vHat = tf.div(newV, k.oneMinusAccBeta2);
  // Same expression order as tf.train.adam so wd = 0 reproduces it to the last bit on the cpu backend.
  return { p: tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), eps)), -k.lr), decayed), m: newM, v: newV };
}

export function disposeAdamW(state: AdamWState): void {
  for (const t of [...Object.values(state.m), ...Object.values(state.v)]) t.dispose();
}

/**
 * Σ (x − x): 0 when every element of x is finite, NaN otherwise (NaN − NaN and Inf − Inf are NaN). The wasm backend
 * has no IsFinite kernel; one reduction per tensor carries any non-finite element. Call inside tf.tidy.
 */
export function nonFiniteProbe(x: tf.Tensor): tf.Scalar {
  return tf.sum(tf.sub(x, x));
}

/** sqrt(Σ_params Σ g²) as a device scalar (no host read). Missing gradients count as zero. */
export function globalNorm(grads: Record<string, tf.Tensor | undefined>): tf.Scalar {
  return tf.tidy(() => {
    const parts = Object.values(grads)
      .filter((g): g is tf.Tensor => g !== undefined)
      .map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(parts.length ? tf.addN(parts) : tf.scalar(0)) as tf.Scalar;
  });
}

/**
 * New gradients scaled by min(1, maxNorm / (norm + 1e-6)) — torch.nn.utils.clip_grad_norm_'s coefficient. `norm`
 * is the device scalar from globalNorm/finiteAndNorm, so clipping needs no host read. The caller owns (and
 * disposes) both the inputs and the returned tensors. `maxNorm` must be > 0: gradClip = 0 means "do not call".
 * With a non-finite norm the result is non-finite too; the loop has already decided to skip that step.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor | undefined>, maxNorm: number, norm: tf.Scalar): Record<string, tf.Tensor> {
  if (!(maxNorm > 0)) throw new OptimizerError(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm} (gradClip = 0 turns clipping off: skip the call)`);
  return tf.tidy(() => {
    const coef = tf.minimum(tf.div(tf.scalar(maxNorm), tf.add(norm, 1e-6)), 1);
    const out: Record<string, tf.Tensor> = {};
    for (const [n, g] of Object.entries(grads)) if (g !== undefined) out[n] = tf.mul(g, coef);
    return out;
  });
}

/**
 * The pieces the loop packs into its one per-step host read: the global gradient norm and a flag (1 = loss and
 * every gradient finite, 0 = skip the update), both float32 scalars. A non-finite gradient makes Σg² non-finite;
 * finiteness is tested as `x − x == 0` (false for NaN and ±Inf) because the wasm backend has no IsFinite kernel.
 */
export function finiteAndNorm(grads: Record<string, tf.Tensor | undefined>, loss: tf.Scalar): { norm: tf.Scalar; finite: tf.Scalar } {
  const norm = globalNorm(grads);
  const finite = tf.tidy(() => {
    const ok = (x: tf.Tensor): tf.Tensor => tf.equal(tf.sub(x, x), 0);
    return tf.cast(tf.logicalAnd(ok(norm), ok(loss)), 'float32') as tf.Scalar;
  });
  return { norm, finite };
}

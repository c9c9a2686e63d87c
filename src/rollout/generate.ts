// Batched group sampling: B prompts × G samples in one decode loop. Each prompt is prefilled once and its cache
// rows repeated for its G samples; finished rows leave the batch (the cache keeps only active rows), so they stop
// costing compute. Every sampled token comes with its sampling-time log-probability (see sampler.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { KVCache } from '../model/kv-cache.js';
import { suppressionBias } from '../model/logprobs.js';
import type { Policy, PreparedPrompt } from './policy.js';
import { uniform } from './rng.js';
import { argmax, pickToken, validateSampling, type SamplingOptions } from './sampler.js';

export interface GenerateOptions extends SamplingOptions {
  /** Samples per prompt (G). */
  groupSize: number;
  maxNewTokens: number;
  seed: number;
  /** Training step / eval round: part of every draw's key. */
  step: number;
  /** A row finishes when it samples one of these (the token is kept: end-of-turn counts as a completion token). */
  stopIds: readonly number[];
  /** A row also finishes when its decoded completion contains one of these. Needs `decode`. */
  stopStrings?: readonly string[];
  decode?: (ids: number[]) => string;
  /** Never sampled, and excluded from the log-probs (e.g. `<|image_pad|>`, padding rows of the vocabulary). */
  suppressIds?: readonly number[];
  /** Also record each sampled position's entropy (Completion.entropy); costs one pass over the vocabulary per token. */
  entropy?: boolean;
}

export interface Completion {
  /** Index of the prompt in the input array. */
  promptIndex: number;
  promptId: number;
  /** Which copy of its prompt id this row's prompt is within the call (0 = first; see copyIndices). */
  copy: number;
  sample: number;
  tokens: number[];
  /** log-softmax(logits / T) of each sampled token over the full vocabulary (T = 1 when greedy). */
  oldLogp: number[];
  /**
   * With GenerateOptions.entropy: −Σ_v p(v)·log p(v) of the distribution each token was drawn from (the same
   * log-softmax(logits / T) with suppressed ids as oldLogp, before top-k / top-p), in nats.
   */
  entropy?: number[];
  /** Stopped by a stop id or stop string. */
  finished: boolean;
  /** Hit maxNewTokens without stopping. */
  truncated: boolean;
}

export interface GenerateStats {
  prefillSeconds: number;
  decodeSeconds: number;
  /** Tokens sampled across all rows. */
  tokens: number;
}

interface Row {
  completion: Completion;
  position: number;
}

export function checkPromptsFit(prompts: readonly PreparedPrompt[], maxNewTokens: number, maxContext: number): void {
  const tooLong = prompts.filter((p) => p.ids.length + maxNewTokens > maxContext);
  if (tooLong.length > 0) {
    const p = tooLong[0];
    throw new Error(
      `prompt ${p.id} has ${p.ids.length} tokens; with maxNewTokens ${maxNewTokens} it exceeds the model context of ${maxContext} ` +
        `(${tooLong.length} prompt(s) too long). Prompts are never truncated (that would cut image tokens): ` +
        'filter long prompts, shrink images (max_pixels) or lower maxNewTokens.',
    );
  }
}

/**
 * For each prompt, how many earlier prompts of the same call share its id. Part of the draw key (rng.ts): two copies
 * of one prompt in a call — a training step that draws a problem twice — must not sample identical rollouts. It
 * depends only on the call's prompt list, which a training step derives from (seed, step), so resume stays exact.
 */
export function copyIndices(prompts: readonly PreparedPrompt[]): number[] {
  const seen = new Map<number, number>();
  return prompts.map((p) => {
    const k = seen.get(p.id) ?? 0;
    seen.set(p.id, k + 1);
    return k;
  });
}

/** Entropy of one row of log-probs, in float64 (suppressed entries, at −∞, carry no mass). */
export function rowEntropy(logp: Float32Array): number {
  let h = 0;
  for (let i = 0; i < logp.length; i++) {
    const l = logp[i];
    if (l !== -Infinity) h -= Math.exp(l) * l;
  }
  return h;
}

/** Log-probs [A, V] on the device, read to the host in one transfer per step. */
async function stepLogprobs(logits: tf.Tensor2D, temperature: number, bias: tf.Tensor1D | null): Promise<Float32Array> {
  const lp = tf.tidy(() => {
    const z = temperature > 0 ? tf.div(logits, temperature) : logits;
    return tf.logSoftmax(bias ? tf.add(z, bias) : z);
  });
  try {
    return (await lp.data()) as Float32Array;
  } finally {
    lp.dispose();
  }
}

export async function generate(
  policy: Policy,
  prompts: readonly PreparedPrompt[],
  o: GenerateOptions,
): Promise<{ completions: Completion[]; stats: GenerateStats }> {
  validateSampling(o);
  if (!(Number.isInteger(o.groupSize) && o.groupSize > 0)) throw new Error(`generate: groupSize must be a positive integer, got ${o.groupSize}`);
  if (!(Number.isInteger(o.maxNewTokens) && o.maxNewTokens > 0)) throw new Error(`generate: maxNewTokens must be a positive integer, got ${o.maxNewTokens}`);
  if (o.stopStrings?.length && !o.decode) throw new Error('generate: stopStrings need a decode function');
  if (prompts.length === 0) return { completions: [], stats: { prefillSeconds: 0, decodeSeconds: 0, tokens: 0 } };
  checkPromptsFit(prompts, o.maxNewTokens, policy.maxContext);
  const V = policy.vocabSize;
  const G = o.groupSize;
  const stopTail = Math.max(0, ...(o.stopStrings ?? []).map((s) => s.length));
  const bias = suppressionBias(V, o.suppressIds);
  let cache: KVCache | undefined;
  let logits: tf.Tensor2D | undefined;
  const t0 = performance.now();
  let tDecode = t0;
  let sampled = 0;
  const completions: Completion[] = [];
  try {
    const pre = policy.prefill(prompts);
    cache = pre.cache;
    // One prefill per prompt, repeated for its G samples: rows are prompt-major.
    const repeat = prompts.flatMap((_, b) => new Array(G).fill(b));
    const copies = copyIndices(prompts);
    cache.selectRows(repeat);
    const idx = tf.tensor1d(repeat, 'int32');
    logits = tf.gather(pre.logits, idx) as tf.Tensor2D;
    tf.dispose([pre.logits, idx]);
    let rows: Row[] = repeat.map((b, r) => {
      const c: Completion = {
        promptIndex: b,
        promptId: prompts[b].id,
        copy: copies[b],
        sample: r % G,
        tokens: [],
        oldLogp: [],
        ...(o.entropy ? { entropy: [] } : {}),
        finished: false,
        truncated: false,
      };
      completions.push(c);
      return { completion: c, position: pre.nextPositions[b] };
    });
    tDecode = performance.now();
    for (let t = 0; t < o.maxNewTokens && rows.length > 0; t++) {
      const lp = await stepLogprobs(logits, o.temperature, bias);
      logits.dispose();
      logits = undefined;
      const keep: number[] = [];
      const picked: number[] = [];
      rows.forEach((row, r) => {
        const c = row.completion;
        const lpRow = lp.subarray(r * V, (r + 1) * V);
        const u = uniform({ seed: o.seed, step: o.step, prompt: c.promptId, copy: c.copy, sample: c.sample, position: t });
        const tok = o.temperature === 0 ? argmax(lpRow) : pickToken(lpRow, o, u);
        c.tokens.push(tok);
        c.oldLogp.push(lpRow[tok]);
        c.entropy?.push(rowEntropy(lpRow));
        sampled++;
        const stopped = o.stopIds.includes(tok) || (stopTail > 0 && (o.stopStrings ?? []).some((s) => o.decode!(c.tokens.slice(-stopTail)).includes(s)));
        if (stopped) c.finished = true;
        else if (c.tokens.length === o.maxNewTokens) c.truncated = true;
        else {
          keep.push(r);
          picked.push(tok);
        }
      });
      if (keep.length === 0) break;
      if (keep.length < rows.length) cache.selectRows(keep);
      rows = keep.map((r) => rows[r]);
      logits = policy.step(
        picked,
        rows.map((row) => row.position + t),
        cache,
      );
    }
  } finally {
    logits?.dispose();
    cache?.dispose();
    bias?.dispose();
  }
  const end = performance.now();
  return { completions, stats: { prefillSeconds: (tDecode - t0) / 1000, decodeSeconds: (end - tDecode) / 1000, tokens: sampled } };
}

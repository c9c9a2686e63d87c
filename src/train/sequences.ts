// Training sequences → micro-batch tensors. A sequence is a prompt (ids with image runs expanded, images) followed
// by a completion: a sampled rollout (with its sampling-time log-probs and advantage) or an expert trace. The model
// sees prompt + completion[:-1] and predicts completion tokens; only completion tokens are counted, each with a
// host-computed loss weight (see src/ahpo/weights.ts), so the loss is a plain weighted sum.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config.js';
import { buildVlmBatch, type ImageInput, type VlmBatch } from '../model/vlm.js';

export interface TrainSequence {
  kind: 'on' | 'off';
  promptIds: readonly number[];
  images?: readonly ImageInput[];
  completion: readonly number[];
  /** Per completion token: loss weight (0 = not counted). */
  weights: Float32Array;
  /** On-policy only: sampling-time log-prob of each completion token, and the sequence's advantage. */
  oldLogp?: readonly number[];
  advantage?: number;
  /**
   * On-policy, optional: the entropy of each completion token's sampling distribution (Completion.entropy). With it
   * the update need not recompute entropies it only logs, and may leave a zero-advantage rollout out (update.ts).
   */
  entropy?: readonly number[];
}

export interface MicroBatch {
  kind: 'on' | 'off';
  inputs: VlmBatch;
  /** [B, T] next-token targets (0 where not counted). */
  targets: tf.Tensor2D;
  /** Flat indices into [B·T] of the counted tokens, and per counted token: weight, old log-prob, advantage. */
  positions: Int32Array;
  weights: Float32Array;
  oldLogp: Float32Array;
  advantages: Float32Array;
}

/** Tokens the model reads for a sequence: the prompt and all but the last completion token. */
export function sequenceLength(s: TrainSequence): number {
  return s.promptIds.length + s.completion.length - 1;
}

/** Builds one micro-batch (all sequences of one kind). The caller disposes it with disposeMicroBatch. */
export function buildMicroBatch(config: ModelConfig, seqs: readonly TrainSequence[]): MicroBatch {
  if (seqs.length === 0) throw new Error('buildMicroBatch: no sequences');
  const kind = seqs[0].kind;
  if (seqs.some((s) => s.kind !== kind)) throw new Error('buildMicroBatch: on-policy and expert sequences go in separate micro-batches');
  const rows = seqs.map((s) => {
    if (s.completion.length === 0) throw new Error('buildMicroBatch: empty completion');
    if (s.weights.length !== s.completion.length) throw new Error(`buildMicroBatch: ${s.weights.length} weights for ${s.completion.length} completion tokens`);
    return [...s.promptIds, ...s.completion].slice(0, -1);
  });
  const inputs = buildVlmBatch(
    config,
    rows,
    seqs.flatMap((s) => s.images ?? []),
  );
  const T = inputs.ids[0].length;
  const targets = new Int32Array(seqs.length * T);
  const positions: number[] = [];
  const weights: number[] = [];
  const oldLogp: number[] = [];
  const advantages: number[] = [];
  seqs.forEach((s, b) => {
    const pad = T - rows[b].length;
    s.completion.forEach((tok, k) => {
      // Completion token k is predicted from input column (prompt length + k − 1), shifted by the left padding.
      const flat = b * T + pad + s.promptIds.length + k - 1;
      targets[flat] = tok;
      if (s.weights[k] === 0) return;
      positions.push(flat);
      weights.push(s.weights[k]);
      oldLogp.push(s.oldLogp?.[k] ?? 0);
      advantages.push(s.advantage ?? 0);
    });
  });
  return {
    kind,
    inputs,
    targets: tf.tensor2d(targets, [seqs.length, T], 'int32'),
    positions: Int32Array.from(positions),
    weights: Float32Array.from(weights),
    oldLogp: Float32Array.from(oldLogp),
    advantages: Float32Array.from(advantages),
  };
}

export function disposeMicroBatch(mb: MicroBatch): void {
  tf.dispose([mb.inputs.inputIds, mb.inputs.attentionMask, mb.inputs.positionIds, mb.targets]);
  mb.inputs.images?.pixelValues.dispose();
}

/** Splits sequences into micro-batches of at most `size`, never mixing kinds (they use different temperatures). */
export function planMicroBatches(seqs: readonly TrainSequence[], size: number): TrainSequence[][] {
  const out: TrainSequence[][] = [];
  for (const kind of ['on', 'off'] as const) {
    const of = seqs.filter((s) => s.kind === kind && s.weights.some((w) => w > 0));
    for (let i = 0; i < of.length; i += size) out.push(of.slice(i, i + size));
  }
  return out;
}

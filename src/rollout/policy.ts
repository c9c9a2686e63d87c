// The rollout's narrow view of a model: prefill a batch of prompts, then step one token per row. Everything the
// sampler needs (logits, the cache, each row's next position) comes through here, so sampling code never touches
// parameters, configs or the decoder internals.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config.js';
import { KVCache } from '../model/kv-cache.js';
import type { Params } from '../model/params.js';
import { forward } from '../model/text.js';
import { buildVlmBatch, disposeVlmBatch, vlmForward, type ImageInput } from '../model/vlm.js';

/**
 * A tokenised prompt. `id` is its stable identity (dataset index): it keys the sampling randomness. `ids` holds
 * each image's <|image_pad|> run already expanded to its token count, and `images` the preprocessed images in order.
 */
export interface PreparedPrompt {
  id: number;
  ids: number[];
  images?: ImageInput[];
}

export interface Prefill {
  /** Last-position logits [B, V]. */
  logits: tf.Tensor2D;
  cache: KVCache;
  /** Position id of each row's first generated token (text: the prompt length; images shift it by rope_delta). */
  nextPositions: number[];
}

export interface Policy {
  readonly vocabSize: number;
  /** Longest prompt + completion the model accepts. */
  readonly maxContext: number;
  prefill(prompts: readonly PreparedPrompt[]): Prefill;
  /** One new token per cached row at the given positions → logits [B, V]; the cache grows by one. */
  step(tokens: readonly number[], positions: readonly number[], cache: KVCache): tf.Tensor2D;
}

/** A policy over the Qwen2.5-VL model: image prompts run the vision tower in the prefill; decoding is text-only. */
export class ModelPolicy implements Policy {
  readonly vocabSize: number;
  readonly maxContext: number;

  constructor(
    private readonly params: Params,
    private readonly config: ModelConfig,
  ) {
    this.vocabSize = config.text.vocabSize;
    this.maxContext = config.text.maxPositionEmbeddings;
  }

  prefill(prompts: readonly PreparedPrompt[]): Prefill {
    const batch = buildVlmBatch(this.config, prompts.map((p) => p.ids), prompts.flatMap((p) => p.images ?? []));
    const cache = new KVCache(this.config.text.numLayers);
    try {
      const logits = vlmForward(this.params, this.config, batch, cache, 'last').logits as tf.Tensor2D;
      // The first generated token sits at cache slot T; its position is T + rope_delta (text rows: their length).
      const time = batch.ids[0].length;
      return { logits, cache, nextPositions: batch.ropeDeltas.map((d) => time + d) };
    } catch (err) {
      cache.dispose();
      throw err;
    } finally {
      disposeVlmBatch(batch);
    }
  }

  step(tokens: readonly number[], positions: readonly number[], cache: KVCache): tf.Tensor2D {
    const B = tokens.length;
    const inputs = {
      inputIds: tf.tensor2d([...tokens], [B, 1], 'int32'),
      attentionMask: tf.ones([B, 1], 'int32') as tf.Tensor2D,
      positionIds: tf.tensor3d([...positions, ...positions, ...positions], [3, B, 1], 'int32'),
    };
    try {
      return forward(this.params, this.config, inputs, cache, 'last').logits as tf.Tensor2D;
    } finally {
      tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.positionIds]);
    }
  }
}

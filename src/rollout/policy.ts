// The rollout's narrow view of a model: prefill a batch of prompts, then step one token per row. Everything the
// sampler needs (logits, the cache, each row's next position) comes through here, so sampling code never touches
// parameters, configs or the decoder internals.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config.js';
import { KVCache } from '../model/kv-cache.js';
import type { Params } from '../model/params.js';
import { textPositionIds } from '../model/rope.js';
import { forward } from '../model/text.js';

/** A tokenised prompt. `id` is its stable identity (dataset index): it keys the sampling randomness. */
export interface PreparedPrompt {
  id: number;
  ids: number[];
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

/** Left-pads prompts into [B, T] ids and mask. */
export function leftPad(prompts: readonly PreparedPrompt[], padId: number): { ids: number[][]; mask: number[][]; time: number } {
  const time = Math.max(...prompts.map((p) => p.ids.length));
  const ids = prompts.map((p) => [...new Array(time - p.ids.length).fill(padId), ...p.ids]);
  const mask = prompts.map((p) => [...new Array(time - p.ids.length).fill(0), ...new Array(p.ids.length).fill(1)]);
  return { ids, mask, time };
}

/** A text-only policy over the Qwen2 decoder. */
export class TextPolicy implements Policy {
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
    const { ids, mask, time } = leftPad(prompts, this.config.tokens.padTokenId);
    const B = prompts.length;
    const inputs = {
      inputIds: tf.tensor2d(ids, [B, time], 'int32'),
      attentionMask: tf.tensor2d(mask, [B, time], 'int32'),
      positionIds: tf.tensor3d(textPositionIds(mask), [3, B, time], 'int32'),
    };
    const cache = new KVCache(this.config.text.numLayers);
    try {
      const logits = forward(this.params, this.config, inputs, cache, 'last').logits as tf.Tensor2D;
      return { logits, cache, nextPositions: prompts.map((p) => p.ids.length) };
    } catch (err) {
      cache.dispose();
      throw err;
    } finally {
      tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.positionIds]);
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

// The rollout's narrow view of a model: prefill a batch of prompts, then step one token per row. Everything the
// sampler needs (logits, the cache, each row's next position) comes through here, so sampling code never touches
// parameters, configs or the decoder internals.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config.js';
import type { KVCache } from '../model/kv-cache.js';
import { defaultCallBudgetBytes, hardCallLimitBytes } from '../model/memory.js';
import type { Params } from '../model/params.js';
import { prefillChunked, type PrefillBudget } from '../model/prefill.js';
import { forward } from '../model/text.js';
import type { ImageInput } from '../model/vlm.js';
import { guardBackendCall } from '../runtime/backend-abort.js';

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
  private readonly budget: PrefillBudget;
  /** Forward calls the last prefill took (more than one when it was chunked to fit the budget). */
  lastPrefillCalls = 0;

  constructor(
    private readonly params: Params,
    private readonly config: ModelConfig,
    opts: { budget?: Partial<PrefillBudget> } = {},
  ) {
    this.vocabSize = config.text.vocabSize;
    this.maxContext = config.text.maxPositionEmbeddings;
    const backend = tf.getBackend();
    this.budget = {
      budgetBytes: opts.budget?.budgetBytes ?? defaultCallBudgetBytes(backend),
      hardLimitBytes: opts.budget?.hardLimitBytes ?? hardCallLimitBytes(config, backend),
    };
  }

  prefill(prompts: readonly PreparedPrompt[]): Prefill {
    const out = prefillChunked(this.params, this.config, prompts, this.budget);
    this.lastPrefillCalls = out.calls;
    // The first generated token sits at cache slot T; its position is T + rope_delta (text rows: their length).
    return { logits: out.logits, cache: out.cache, nextPositions: out.ropeDeltas.map((d) => out.time + d) };
  }

  step(tokens: readonly number[], positions: readonly number[], cache: KVCache): tf.Tensor2D {
    const B = tokens.length;
    const inputs = {
      inputIds: tf.tensor2d([...tokens], [B, 1], 'int32'),
      attentionMask: tf.ones([B, 1], 'int32') as tf.Tensor2D,
      positionIds: tf.tensor3d([...positions, ...positions, ...positions], [3, B, 1], 'int32'),
    };
    try {
      return guardBackendCall(
        'decode step',
        () => `rows ${B}, cache length ${cache.length}`,
        () => forward(this.params, this.config, inputs, cache, 'last').logits as tf.Tensor2D,
      );
    } finally {
      tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.positionIds]);
    }
  }
}

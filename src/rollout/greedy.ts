// Greedy decoding with the KV cache for a batch of text prompts: the smallest real use of the model's interface
// (prefill once, then one token per step). The rollout engine builds sampling, groups and log-probs on the same
// calls.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config.js';
import { KVCache } from '../model/kv-cache.js';
import type { Params } from '../model/params.js';
import { textPositionIds } from '../model/rope.js';
import { forward } from '../model/text.js';

export interface GreedyResult {
  tokens: number[][];
  prefillSeconds: number;
  decodeSeconds: number;
  decodeSteps: number;
}

export async function greedyGenerate(params: Params, c: ModelConfig, prompts: number[][], maxNewTokens: number, stopIds: readonly number[] = c.tokens.eosTokenIds): Promise<GreedyResult> {
  if (prompts.some((p) => p.length === 0)) throw new Error('greedyGenerate: every prompt needs at least one token');
  const longest = Math.max(...prompts.map((p) => p.length));
  if (longest + maxNewTokens > c.text.maxPositionEmbeddings) {
    throw new Error(`greedyGenerate: prompt (${longest} tokens) + maxNewTokens (${maxNewTokens}) exceeds the context of ${c.text.maxPositionEmbeddings}`);
  }
  const B = prompts.length;
  const mask = prompts.map((p) => [...new Array(longest - p.length).fill(0), ...new Array(p.length).fill(1)]);
  const ids = prompts.map((p, b) => [...new Array(longest - p.length).fill(c.tokens.padTokenId), ...p].map((x, t) => (mask[b][t] ? x : c.tokens.padTokenId)));
  const cache = new KVCache(c.text.numLayers);
  const out: number[][] = prompts.map(() => []);
  const done = new Array(B).fill(false);
  let next = prompts.map((p) => p.length);
  const t0 = performance.now();
  let decodeStart = t0;
  let steps = 0;
  try {
    let input = {
      inputIds: tf.tensor2d(ids, [B, longest], 'int32'),
      attentionMask: tf.tensor2d(mask, [B, longest], 'int32'),
      positionIds: tf.tensor3d(textPositionIds(mask), [3, B, longest], 'int32'),
    };
    for (let step = 0; step < maxNewTokens; step++) {
      const logits = forward(params, c, input, cache, 'last').logits!;
      const argmax = tf.argMax(logits, -1);
      const picked = Array.from(await argmax.data());
      tf.dispose([logits, argmax, input.inputIds, input.attentionMask, input.positionIds]);
      if (step === 0) decodeStart = performance.now();
      else steps++;
      picked.forEach((tok, b) => {
        if (done[b]) return;
        out[b].push(tok);
        if (stopIds.includes(tok)) done[b] = true;
      });
      if (done.every(Boolean)) break;
      const positions = next;
      next = next.map((p) => p + 1);
      input = {
        inputIds: tf.tensor2d(picked.map((t) => [t]), [B, 1], 'int32'),
        attentionMask: tf.ones([B, 1], 'int32') as tf.Tensor2D,
        positionIds: tf.tensor3d([0, 1, 2].flatMap(() => positions), [3, B, 1], 'int32'),
      };
      if (step === maxNewTokens - 1) tf.dispose([input.inputIds, input.attentionMask, input.positionIds]);
    }
  } finally {
    cache.dispose();
  }
  const end = performance.now();
  return { tokens: out, prefillSeconds: (decodeStart - t0) / 1000, decodeSeconds: (end - decodeStart) / 1000, decodeSteps: steps };
}

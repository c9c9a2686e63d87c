// Prefill under a memory budget. A batch of prompts is run in row chunks, each padded to the batch's full width so
// that their caches concatenate into exactly the cache of one whole-batch call; a single prompt too long for the
// budget is run in token chunks through the KV cache (later chunks attend to the cached earlier ones). Either way
// the outputs are the whole-batch call's (tests/model/prefill.test.ts): chunking only bounds the peak heap.
import * as tf from '@tensorflow/tfjs-core';
import { guardBackendCall } from '../runtime/backend-abort.js';
import type { ModelConfig } from './config.js';
import { KVCache } from './kv-cache.js';
import { forwardCallBytes, gb, MemoryError } from './memory.js';
import type { Params } from './params.js';
import { forward } from './text.js';
import { buildVlmBatch, disposeVlmBatch, imageEmbedsFor, vlmForward, type ImageInput, type VlmBatch } from './vlm.js';

export interface PrefillRow {
  ids: readonly number[];
  images?: readonly ImageInput[];
}

export interface PrefillBudget {
  /** Bytes one forward call may use (memory.ts: defaultCallBudgetBytes). */
  budgetBytes: number;
  /** Bytes no call can exceed on this backend, if known (memory.ts: hardCallLimitBytes). */
  hardLimitBytes?: number;
}

export interface PrefillPlan {
  time: number;
  /** Rows per forward call. */
  rowsPerCall: number;
  /** Tokens per forward call (time when prompts are not split). */
  tokensPerCall: number;
  /** Estimated peak bytes of the largest call. */
  callBytes: number;
}

/** Fewest calls within the budget: whole rows first; a lone row over budget is cut into token chunks. */
export function planPrefill(config: ModelConfig, rows: number, time: number, budget: PrefillBudget): PrefillPlan {
  const perRow = forwardCallBytes(config, 1, time, time);
  if (perRow <= budget.budgetBytes) {
    const rowsPerCall = Math.max(1, Math.min(rows, Math.floor(budget.budgetBytes / perRow)));
    return { time, rowsPerCall, tokensPerCall: time, callBytes: forwardCallBytes(config, rowsPerCall, time, time) };
  }
  let tokens = time;
  while (tokens > 1 && forwardCallBytes(config, 1, tokens, time) > budget.budgetBytes) tokens = Math.ceil(tokens / 2);
  const callBytes = forwardCallBytes(config, 1, tokens, time);
  if (budget.hardLimitBytes !== undefined && callBytes > budget.hardLimitBytes) {
    throw new MemoryError(
      `prefill of a ${time}-token prompt needs about ${gb(callBytes)} even one row and ${tokens} token(s) at a time, ` +
        `over the ${gb(budget.hardLimitBytes)} this backend can hold beside the weights. Hint: shorten the prompt ` +
        '(smaller images, max_pixels) or use a GPU backend',
    );
  }
  return { time, rowsPerCall: 1, tokensPerCall: tokens, callBytes };
}

export interface PrefillOutput {
  /** Last-position logits [B, V]. */
  logits: tf.Tensor2D;
  cache: KVCache;
  /** Per row: max(position) + 1 − T (see VlmBatch.ropeDeltas). */
  ropeDeltas: number[];
  time: number;
  calls: number;
}

const shapesOf = (b: VlmBatch) => `rows ${b.ids.length} × ${b.ids[0].length} tokens${b.images ? `, ${b.images.gridThw.length} image(s)` : ''}`;

/** One row chunk in token chunks: the images run once, then each token range goes through the cache. */
function tokenChunks(params: Params, config: ModelConfig, batch: VlmBatch, cache: KVCache, tokens: number): tf.Tensor2D {
  const [rows, time] = batch.inputIds.shape;
  const embeds = guardBackendCall(
    'prefill (vision)',
    () => shapesOf(batch),
    () => imageEmbedsFor(params, config, batch),
  );
  // Image rows are consumed in row-major order; a token chunk takes, per row, the ones inside its column range.
  const imageRow: number[][] = batch.ids.map(() => []);
  let next = 0;
  batch.ids.forEach((ids, r) => ids.forEach((id, t) => (imageRow[r][t] = id === config.tokens.imageTokenId ? next++ : -1)));
  let logits: tf.Tensor2D | undefined;
  try {
    for (let start = 0; start < time; start += tokens) {
      const size = Math.min(tokens, time - start);
      const last = start + size === time;
      const picked = imageRow.flatMap((row) => row.slice(start, start + size).filter((i) => i >= 0));
      const inputs = {
        inputIds: tf.slice(batch.inputIds, [0, start], [rows, size]) as tf.Tensor2D,
        attentionMask: tf.slice(batch.attentionMask, [0, start], [rows, size]) as tf.Tensor2D,
        positionIds: tf.slice(batch.positionIds, [0, 0, start], [3, rows, size]) as tf.Tensor3D,
        imageEmbeds: picked.length && embeds ? (tf.tidy(() => tf.gather(embeds, tf.tensor1d(picked, 'int32'))) as tf.Tensor2D) : undefined,
      };
      try {
        const out = guardBackendCall(
          'prefill',
          () => `rows ${rows}, tokens ${start}–${start + size} of ${time}`,
          () => forward(params, config, inputs, cache, last ? 'last' : 'none'),
        );
        out.hidden?.dispose();
        if (last) logits = out.logits as tf.Tensor2D;
      } finally {
        tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.positionIds, ...(inputs.imageEmbeds ? [inputs.imageEmbeds] : [])]);
      }
    }
  } finally {
    embeds?.dispose();
  }
  return logits!;
}

/** Prefills `rows` into a fresh cache within the budget. The caller owns the logits and the cache. */
export function prefillChunked(params: Params, config: ModelConfig, rows: readonly PrefillRow[], budget: PrefillBudget): PrefillOutput {
  if (rows.length === 0) throw new Error('prefillChunked: no rows');
  const time = Math.max(...rows.map((r) => r.ids.length));
  const plan = planPrefill(config, rows.length, time, budget);
  const cache = new KVCache(config.text.numLayers);
  const logits: tf.Tensor2D[] = [];
  const ropeDeltas: number[] = [];
  let calls = 0;
  // get_rope_index's branch (text-only or not) is the whole batch's, as in one whole-batch call.
  const batchHasImages = rows.some((r) => (r.images?.length ?? 0) > 0);
  try {
    for (let start = 0; start < rows.length; start += plan.rowsPerCall) {
      const chunk = rows.slice(start, start + plan.rowsPerCall);
      const batch = buildVlmBatch(
        config,
        chunk.map((r) => r.ids),
        chunk.flatMap((r) => r.images ?? []),
        { padTo: time, batchHasImages },
      );
      // The first chunk fills `cache` directly; later ones are appended below it.
      const into = start === 0 ? cache : new KVCache(config.text.numLayers);
      try {
        if (plan.tokensPerCall >= time) {
          logits.push(
            guardBackendCall(
              'prefill',
              () => shapesOf(batch),
              () => vlmForward(params, config, batch, into, 'last').logits as tf.Tensor2D,
            ),
          );
          calls += 1;
        } else {
          logits.push(tokenChunks(params, config, batch, into, plan.tokensPerCall));
          calls += Math.ceil(time / plan.tokensPerCall);
        }
        ropeDeltas.push(...batch.ropeDeltas);
        if (into !== cache) cache.appendRows(into);
      } finally {
        if (into !== cache) into.dispose();
        disposeVlmBatch(batch);
      }
    }
    const all = logits.length === 1 ? logits[0] : (tf.concat(logits, 0) as tf.Tensor2D);
    if (logits.length > 1) tf.dispose(logits);
    return { logits: all, cache, ropeDeltas, time, calls };
  } catch (err) {
    tf.dispose(logits);
    cache.dispose();
    throw err;
  }
}

// Prefill under a memory budget (issue: the wasm abort on a large prefill). Chunking by rows or by tokens must give
// the whole-batch call's logits and cache, and the rollout built on it the same tokens and log-probs; the planner
// keeps every call within the budget and refuses, with the figures, a prompt no chunking can fit.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QwenTokenizer } from '../../src/data/tokenizer.js';
import { KVCache } from '../../src/model/kv-cache.js';
import { tokensOf } from '../../src/model/load.js';
import { forwardCallBytes, MemoryError } from '../../src/model/memory.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { planPrefill, prefillChunked } from '../../src/model/prefill.js';
import { presetConfig } from '../../src/model/presets.js';
import { buildVlmBatch, disposeVlmBatch, vlmForward, type ImageInput } from '../../src/model/vlm.js';
import { generate, type GenerateOptions } from '../../src/rollout/generate.js';
import { ModelPolicy, type PreparedPrompt } from '../../src/rollout/policy.js';
import { initBackend } from '../../src/runtime/backend.js';
import { expectNoLeak, imagePrompt, noiseImage } from '../helpers.js';

const tok = QwenTokenizer.fromDir();
const cfg = presetConfig('tiny-vl', tokensOf(tok), tok.vocabSize);
let params: Record<string, tf.Variable>;
let prompts: PreparedPrompt[];

const image = noiseImage;
const prompt = (id: number, text: string, images: ImageInput[]): PreparedPrompt => imagePrompt(tok, cfg, id, text, images);

/** Whole-batch reference: one vlmForward over the left-padded batch, as the policy did before chunking. */
function wholeBatch(ps: readonly PreparedPrompt[]): { logits: tf.Tensor2D; cache: KVCache } {
  const batch = buildVlmBatch(
    cfg,
    ps.map((p) => p.ids),
    ps.flatMap((p) => p.images ?? []),
  );
  const cache = new KVCache(cfg.text.numLayers);
  try {
    return { logits: vlmForward(params, cfg, batch, cache, 'last').logits as tf.Tensor2D, cache };
  } finally {
    disposeVlmBatch(batch);
  }
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

const bytes = (rows: number, time: number, keys = time) => forwardCallBytes(cfg, rows, time, keys);

beforeAll(async () => {
  await initBackend('wasm');
  params = initParams(cfg, 11, 0.3);
  prompts = [
    prompt(1, 'Plain text question with a few more words in it?', []),
    prompt(2, 'One image.', [image(1, 56, 84)]),
    prompt(3, 'Are these two graphs isomorphic?', [image(2, 56, 56), image(3, 84, 56)]),
    prompt(4, 'Short.', []),
    prompt(5, 'Another picture, and a longer question about what it shows.', [image(4, 84, 84)]),
  ];
});
afterAll(() => disposeParams(params));

describe('planPrefill', () => {
  it('takes the whole batch in one call when it fits, and never plans a call over the budget', () => {
    expect(planPrefill(cfg, 50, 600, { budgetBytes: bytes(50, 600) })).toMatchObject({ rowsPerCall: 50, tokensPerCall: 600 });
    const p = planPrefill(cfg, 60, 603, { budgetBytes: bytes(27, 603) + 1 });
    expect(p).toMatchObject({ rowsPerCall: 27, tokensPerCall: 603 });
    expect(p.callBytes).toBeLessThanOrEqual(bytes(27, 603) + 1);
    const t = planPrefill(cfg, 4, 600, { budgetBytes: bytes(1, 600) - 1 });
    expect(t.rowsPerCall).toBe(1);
    expect(t.tokensPerCall).toBeLessThan(600);
    expect(t.callBytes).toBeLessThanOrEqual(bytes(1, 600) - 1);
  });

  it('refuses a prompt no chunking fits under the hard limit, naming the length, the estimate and the limit', () => {
    const err = (() => {
      try {
        planPrefill(cfg, 2, 900, { budgetBytes: 1000, hardLimitBytes: 1000 });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(MemoryError);
    expect(err!.message).toMatch(/900-token prompt needs about [\d.]+ GB .* over the [\d.]+ GB this backend can hold/);
    expect(err!.message).toMatch(/Hint: shorten the prompt/);
  });
});

describe('prefillChunked equals the whole-batch prefill', () => {
  const time = () => Math.max(...prompts.map((p) => p.ids.length));

  it('in row chunks (2 rows per call): identical logits and cache', async () => {
    const ref = wholeBatch(prompts);
    const out = prefillChunked(params, cfg, prompts, { budgetBytes: bytes(2, time()) });
    try {
      expect(out.calls).toBe(3);
      expect(await maxAbsDiff(out.logits, ref.logits)).toBe(0);
      for (let l = 0; l < cfg.text.numLayers; l++) {
        expect(await maxAbsDiff(out.cache.layer(l).k!, ref.cache.layer(l).k!)).toBe(0);
        expect(await maxAbsDiff(out.cache.layer(l).v!, ref.cache.layer(l).v!)).toBe(0);
      }
      expect(await maxAbsDiff(out.cache.keyMask!, ref.cache.keyMask!)).toBe(0);
    } finally {
      tf.dispose([out.logits, ref.logits]);
      out.cache.dispose();
      ref.cache.dispose();
    }
  });

  it('in token chunks (one row per call, prompts cut through their image runs): the same logits to 1e-5', async () => {
    const T = time();
    const plan = planPrefill(cfg, prompts.length, T, { budgetBytes: bytes(1, 24, T) });
    expect(plan.tokensPerCall).toBeLessThan(30); // every image run (≥ 24 tokens) is cut at least once
    const ref = wholeBatch(prompts);
    const out = prefillChunked(params, cfg, prompts, { budgetBytes: bytes(1, 24, T) });
    try {
      expect(out.calls).toBe(prompts.length * Math.ceil(T / plan.tokensPerCall));
      expect(await maxAbsDiff(out.logits, ref.logits)).toBeLessThan(1e-5);
      // Real slots only: a padding query of the whole batch attends (uniformly, all masked) to later slots a token
      // chunk does not have yet, so padding slots' deeper keys differ — and no real token ever reads them.
      const real = (k: tf.Tensor) => tf.mul(k, tf.reshape(ref.cache.keyMask!, [prompts.length, 1, T, 1]));
      const [a, b] = [real(out.cache.layer(1).k!), real(ref.cache.layer(1).k!)];
      expect(await maxAbsDiff(a, b)).toBeLessThan(1e-5);
      tf.dispose([a, b]);
    } finally {
      tf.dispose([out.logits, ref.logits]);
      out.cache.dispose();
      ref.cache.dispose();
    }
  });

  it("keeps the whole batch's rope deltas: a one-token text row chunked beside an image row (1 − T, not 2 − T)", () => {
    const rows = [prompts[1], { id: 9, ids: [prompts[3].ids[0]] }];
    const T = rows[0].ids.length;
    const whole = buildVlmBatch(
      cfg,
      rows.map((p) => p.ids),
      rows[0].images,
    );
    const out = prefillChunked(params, cfg, rows, { budgetBytes: bytes(1, T) });
    try {
      expect(out.calls).toBe(2);
      expect(out.ropeDeltas).toEqual(whole.ropeDeltas);
      expect(out.ropeDeltas[1]).toBe(1 - T); // transformers' image branch: max over real tokens only
    } finally {
      disposeVlmBatch(whole);
      out.logits.dispose();
      out.cache.dispose();
    }
  });

  it('leaks no tensor, chunked either way', async () => {
    for (const budgetBytes of [bytes(2, time()), bytes(1, 24, time())]) {
      await expectNoLeak(() => {
        const out = prefillChunked(params, cfg, prompts, { budgetBytes });
        out.logits.dispose();
        out.cache.dispose();
      });
    }
  });
});

describe('rollouts with a small budget', () => {
  const opts: GenerateOptions = { groupSize: 3, maxNewTokens: 6, seed: 5, step: 2, temperature: 1, topK: 0, topP: 1, stopIds: [] };

  it('sample the same tokens with the same log-probs as with the whole batch in one call', async () => {
    const whole = new ModelPolicy(params, cfg);
    const rows = new ModelPolicy(params, cfg, { budget: { budgetBytes: bytes(2, Math.max(...prompts.map((p) => p.ids.length))) } });
    const tokens = new ModelPolicy(params, cfg, { budget: { budgetBytes: bytes(1, 24, Math.max(...prompts.map((p) => p.ids.length))) } });
    const a = await generate(whole, prompts, opts);
    expect(whole.lastPrefillCalls).toBe(1);
    const b = await generate(rows, prompts, opts);
    expect(rows.lastPrefillCalls).toBe(3);
    const c = await generate(tokens, prompts, opts);
    expect(tokens.lastPrefillCalls).toBeGreaterThan(prompts.length);
    expect(b.completions.map((x) => x.tokens)).toEqual(a.completions.map((x) => x.tokens));
    expect(b.completions.map((x) => x.oldLogp)).toEqual(a.completions.map((x) => x.oldLogp));
    expect(c.completions.map((x) => x.tokens)).toEqual(a.completions.map((x) => x.tokens));
    const diffs = c.completions.flatMap((x, i) => x.oldLogp.map((v, t) => Math.abs(v - a.completions[i].oldLogp[t])));
    expect(Math.max(...diffs)).toBeLessThan(1e-5);
  });
});

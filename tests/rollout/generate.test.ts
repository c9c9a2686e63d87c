import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KVCache } from '../../src/model/kv-cache.js';
import { tokenLogprobsAndEntropy } from '../../src/model/logprobs.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { forward } from '../../src/model/text.js';
import { generate, type GenerateOptions } from '../../src/rollout/generate.js';
import { ModelPolicy, type Policy, type PreparedPrompt } from '../../src/rollout/policy.js';
import { initBackend } from '../../src/runtime/backend.js';
import { disposeBatch, expectNoLeak, textBatch, tinyConfig } from '../helpers.js';

const cfg = tinyConfig(40);
let params: Record<string, tf.Variable>;
let policy: ModelPolicy;

const PROMPTS: PreparedPrompt[] = [
  { id: 100, ids: [5, 6, 7, 8, 9] },
  { id: 101, ids: [12, 13] },
  { id: 102, ids: [20, 21, 22, 23] },
];
const base: GenerateOptions = { groupSize: 1, maxNewTokens: 6, seed: 1, step: 0, temperature: 1, topK: 0, topP: 1, stopIds: [] };

beforeAll(async () => {
  await initBackend('wasm');
  params = initParams(cfg, 21, 0.5);
  policy = new ModelPolicy(params, cfg);
});
afterAll(() => disposeParams(params));

/** Greedy by recomputing the full forward over prompt + generated tokens at every step (no cache). */
async function greedyNoCache(prompt: number[], n: number): Promise<number[]> {
  const seq = [...prompt];
  for (let i = 0; i < n; i++) {
    const b = textBatch([seq]);
    const logits = forward(params, cfg, b, undefined, 'last').logits!;
    const next = (await tf.argMax(logits, -1).data())[0];
    tf.dispose(logits);
    disposeBatch(b);
    seq.push(next);
  }
  return seq.slice(prompt.length);
}

describe('generate', () => {
  it('greedy with the KV cache equals greedy recomputing the full forward', async () => {
    const { completions } = await generate(policy, PROMPTS, { ...base, temperature: 0 });
    for (const c of completions) expect(c.tokens).toEqual(await greedyNoCache(PROMPTS[c.promptIndex].ids, 6));
  });

  it('top-k = 1 and temperature → 0 both equal greedy', async () => {
    const greedy = (await generate(policy, PROMPTS, { ...base, temperature: 0 })).completions.map((c) => c.tokens);
    const topK1 = (await generate(policy, PROMPTS, { ...base, topK: 1 })).completions.map((c) => c.tokens);
    const cold = (await generate(policy, PROMPTS, { ...base, temperature: 1e-4 })).completions.map((c) => c.tokens);
    expect(topK1).toEqual(greedy);
    expect(cold).toEqual(greedy);
  });

  for (const [name, opts] of [
    ['T = 1', { temperature: 1 }],
    ['T = 0.7, top-p 0.9, suppressed ids', { temperature: 0.7, topP: 0.9, suppressIds: [0, 1, 2, 3] }],
  ] as const) {
    it(`oldLogp and entropy equal the trainer's log-probs and entropies of prompt + completion (${name})`, async () => {
      const o = { ...base, ...opts, groupSize: 2, entropy: true };
      const { completions } = await generate(policy, PROMPTS, o);
      for (const c of completions) {
        const seq = [...PROMPTS[c.promptIndex].ids, ...c.tokens];
        const b = textBatch([seq.slice(0, -1)]);
        const targets = tf.tensor2d([seq.slice(1)], undefined, 'int32');
        const r = tokenLogprobsAndEntropy(params, cfg, b, targets, { temperature: o.temperature, suppressIds: 'suppressIds' in opts ? opts.suppressIds : [] });
        const tail = async (t: tf.Tensor) => Array.from((await t.data()).slice(t.size - c.tokens.length));
        (await tail(r.logp)).forEach((v, i) => expect(Math.abs(v - c.oldLogp[i])).toBeLessThan(1e-4));
        expect(c.entropy).toHaveLength(c.tokens.length);
        (await tail(r.entropy)).forEach((v, i) => expect(Math.abs(v - c.entropy![i])).toBeLessThan(1e-4));
        const lp = r.logp;
        r.entropy.dispose();
        if ('suppressIds' in opts) expect(c.tokens.some((t) => (opts.suppressIds as readonly number[]).includes(t))).toBe(false);
        tf.dispose([lp, targets]);
        disposeBatch(b);
      }
    });
  }

  it('is deterministic by seed, and draws differ across seeds, steps and samples', async () => {
    const o = { ...base, groupSize: 3 };
    const a = (await generate(policy, PROMPTS, o)).completions.map((c) => c.tokens);
    const b = (await generate(policy, PROMPTS, o)).completions.map((c) => c.tokens);
    expect(b).toEqual(a);
    const otherSeed = (await generate(policy, PROMPTS, { ...o, seed: 2 })).completions.map((c) => c.tokens);
    const otherStep = (await generate(policy, PROMPTS, { ...o, step: 1 })).completions.map((c) => c.tokens);
    expect(otherSeed).not.toEqual(a);
    expect(otherStep).not.toEqual(a);
    // Samples of one prompt are not copies of each other.
    expect(new Set(a.slice(0, 3).map((t) => t.join(','))).size).toBeGreaterThan(1);
  });

  it('a prompt sampled alone gives the same tokens as inside a left-padded batch', async () => {
    const o = { ...base, groupSize: 2 };
    const batched = (await generate(policy, PROMPTS, o)).completions;
    for (let p = 0; p < PROMPTS.length; p++) {
      const alone = (await generate(policy, [PROMPTS[p]], o)).completions;
      expect(alone.map((c) => c.tokens)).toEqual(batched.filter((c) => c.promptIndex === p).map((c) => c.tokens));
    }
  });

  it('a prompt given twice in one call draws different rollouts for each copy; its first copy draws as if given once', async () => {
    // A training step draws a problem twice at an epoch boundary or when promptsPerStep exceeds the data.
    const o = { ...base, groupSize: 2 };
    const twice = [PROMPTS[0], PROMPTS[1], PROMPTS[0]];
    const { completions } = await generate(policy, twice, o);
    expect(completions.map((c) => c.copy)).toEqual([0, 0, 0, 0, 1, 1]);
    const of = (i: number) => completions.filter((c) => c.promptIndex === i).map((c) => c.tokens.join(','));
    expect(of(2)).not.toEqual(of(0));
    const once = (await generate(policy, [PROMPTS[0], PROMPTS[1]], o)).completions;
    expect(of(0)).toEqual(once.filter((c) => c.promptIndex === 0).map((c) => c.tokens.join(',')));
    expect(of(1)).toEqual(once.filter((c) => c.promptIndex === 1).map((c) => c.tokens.join(',')));
    // The second copy draws the same whatever else is in the call (its key is its id and copy, not its row).
    const alone = (await generate(policy, [PROMPTS[0], PROMPTS[0]], o)).completions;
    expect(alone.filter((c) => c.promptIndex === 1).map((c) => c.tokens.join(','))).toEqual(of(2));
  });

  it('drops finished rows from the batch and flags finished vs truncated', async () => {
    const sizes: number[] = [];
    const spy: Policy = {
      vocabSize: policy.vocabSize,
      maxContext: policy.maxContext,
      prefill: (p) => policy.prefill(p),
      step: (tokens: readonly number[], positions: readonly number[], cache: KVCache) => {
        sizes.push(tokens.length);
        expect(cache.batch).toBe(tokens.length);
        return policy.step(tokens, positions, cache);
      },
    };
    const greedy = (await generate(policy, PROMPTS, { ...base, temperature: 0 })).completions;
    // Stop on the first greedy token of prompt 1: that row must stop after one token, the others run on.
    const stop = greedy[1].tokens[0];
    const { completions } = await generate(spy, PROMPTS, { ...base, temperature: 0, stopIds: [stop] });
    expect(completions[1].tokens).toEqual([stop]);
    expect(completions[1].finished).toBe(true);
    for (const c of completions) expect(c.finished !== c.truncated).toBe(true);
    expect(sizes[0]).toBeLessThan(PROMPTS.length);
    expect(sizes.every((s, i) => i === 0 || s <= sizes[i - 1])).toBe(true);
  });

  it('stops on stop strings', async () => {
    const greedy = (await generate(policy, PROMPTS, { ...base, temperature: 0 })).completions;
    const decode = (ids: number[]) => ids.map((i) => String.fromCharCode(97 + (i % 26))).join('');
    const target = decode(greedy[0].tokens.slice(1, 3));
    const { completions } = await generate(policy, [PROMPTS[0]], { ...base, temperature: 0, stopStrings: [target], decode });
    expect(completions[0].finished).toBe(true);
    expect(decode(completions[0].tokens)).toContain(target);
    expect(completions[0].tokens.length).toBeLessThanOrEqual(3);
  });

  it('rejects prompts that do not fit the context, before sampling', async () => {
    const long = { id: 7, ids: new Array(cfg.text.maxPositionEmbeddings - 2).fill(5) };
    await expect(generate(policy, [long], { ...base, maxNewTokens: 4 })).rejects.toThrow(
      /prompt 7 has 4094 tokens; with maxNewTokens 4 it exceeds the model context of 4096/,
    );
  });

  it('does not leak tensors over repeated generations', async () => {
    await expectNoLeak(async () => {
      await generate(policy, PROMPTS, { ...base, groupSize: 2, topP: 0.9, suppressIds: [0] });
    });
  });
});

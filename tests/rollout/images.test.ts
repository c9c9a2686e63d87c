// The rollout engine on a vision-language model: text, one-image and two-image prompts in one left-padded batch.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QwenTokenizer } from '../../src/data/tokenizer.js';
import { tokensOf } from '../../src/model/load.js';
import { tokenLogprobs } from '../../src/model/logprobs.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { buildVlmBatch, disposeVlmBatch, imageEmbedsFor, vlmForward, type ImageInput } from '../../src/model/vlm.js';
import { generate, type GenerateOptions } from '../../src/rollout/generate.js';
import { ModelPolicy, type PreparedPrompt } from '../../src/rollout/policy.js';
import { initBackend } from '../../src/runtime/backend.js';
import { expectNoLeak, imagePrompt, noiseImage } from '../helpers.js';

const tok = QwenTokenizer.fromDir();
const cfg = presetConfig('tiny-vl', tokensOf(tok), tok.vocabSize);
let params: Record<string, tf.Variable>;
let policy: ModelPolicy;
let prompts: PreparedPrompt[];

const image = noiseImage;
const prompt = (id: number, text: string, images: ImageInput[]): PreparedPrompt => imagePrompt(tok, cfg, id, text, images);

const base: GenerateOptions = { groupSize: 1, maxNewTokens: 5, seed: 3, step: 0, temperature: 1, topK: 0, topP: 1, stopIds: [] };

beforeAll(async () => {
  await initBackend('wasm');
  params = initParams(cfg, 5, 0.3);
  policy = new ModelPolicy(params, cfg);
  prompts = [
    prompt(1, 'Plain text question?', []),
    prompt(2, 'One image.', [image(1, 56, 84)]),
    prompt(3, 'Are these two graphs isomorphic?', [image(2, 56, 56), image(3, 84, 56)]),
  ];
});
afterAll(() => disposeParams(params));

describe('generate with image prompts', () => {
  it('greedy with the cache equals greedy recomputing the full multimodal forward', async () => {
    const { completions } = await generate(policy, prompts, { ...base, temperature: 0 });
    for (const c of completions) {
      const p = prompts[c.promptIndex];
      const seq = [...p.ids];
      for (let i = 0; i < 5; i++) {
        const batch = buildVlmBatch(cfg, [seq], p.images);
        const logits = vlmForward(params, cfg, batch, undefined, 'last').logits!;
        seq.push((await tf.argMax(logits, -1).data())[0]);
        logits.dispose();
        disposeVlmBatch(batch);
      }
      expect(c.tokens).toEqual(seq.slice(p.ids.length));
    }
  });

  it('oldLogp equals tokenLogprobs of prompt + completion with the images', async () => {
    const { completions } = await generate(policy, prompts, { ...base, temperature: 0.7, topP: 0.9, groupSize: 2 });
    for (const c of completions) {
      const p = prompts[c.promptIndex];
      const seq = [...p.ids, ...c.tokens];
      const batch = buildVlmBatch(cfg, [seq.slice(0, -1)], p.images);
      const imageEmbeds = imageEmbedsFor(params, cfg, batch);
      const targets = tf.tensor2d([seq.slice(1)], undefined, 'int32');
      const lp = await tokenLogprobs(params, cfg, { ...batch, imageEmbeds }, targets, { temperature: 0.7 }).data();
      const mine = Array.from(lp.slice(lp.length - c.tokens.length));
      mine.forEach((v, i) => expect(Math.abs(v - c.oldLogp[i])).toBeLessThan(1e-4));
      tf.dispose([imageEmbeds!, targets].filter(Boolean));
      disposeVlmBatch(batch);
    }
  });

  it('an image prompt alone gives the same tokens as inside the mixed batch', async () => {
    const batched = (await generate(policy, prompts, base)).completions;
    for (let i = 0; i < prompts.length; i++) {
      const alone = (await generate(policy, [prompts[i]], base)).completions;
      expect(alone[0].tokens).toEqual(batched[i].tokens);
    }
  });

  it('does not leak over repeated multimodal generations', async () => {
    await expectNoLeak(async () => {
      await generate(policy, prompts, { ...base, groupSize: 2 });
    });
  });
});

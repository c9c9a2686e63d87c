// The prompt cache serves each problem its own prompt. Training and held-out sets both number their problems from
// 0 (the demo trains on maze L2-0…L2-299 of seed 7 and evaluates L2-0…L2-149 of seed 2001): a cache keyed on the
// per-source name handed the training step the held-out problem's image and question.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePrompt } from '../../src/rollout/prepare.js';
import { initBackend } from '../../src/runtime/backend.js';
import { loadConfig } from '../../src/train/config.js';
import { disposeAdamW } from '../../src/train/optimizer.js';
import { setupRun } from '../../src/train/setup.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('prompt cache', () => {
  it('gives every training and held-out problem its own image and question, whichever side fills it first', async () => {
    const cfg = loadConfig(undefined, [
      ['run.outDir', mkdtempSync(join(tmpdir(), 'ahpo-identity-'))],
      ['model.source', 'models/tiny-vl-base'],
      ['model.backend', 'wasm'],
      ['data.train', 'gen:tasks=maze,levels=2,n=6,seed=7,style=short'],
      ['data.eval', 'gen:tasks=maze,levels=2,n=6,seed=2001,style=short'],
      ['data.variant', 'both'],
      ['data.imageSize', 112],
    ]);
    const run = await setupRun(cfg, { log: () => undefined });
    try {
      const names = (ps: typeof run.train) => ps.map((p) => p.name);
      // The collision this guards against is really there: equal names, different problems.
      const shared = names(run.train).filter((n) => names(run.eval).includes(n));
      expect(shared.length).toBeGreaterThanOrEqual(5);
      const ctx = { tokenizer: run.tokenizer, config: run.modelConfig, processor: run.processor, imageSize: cfg.data.imageSize };
      // Held-out first, as the step-0 evaluation does; then training, as a resumed run does; then held-out again.
      for (const p of [...run.eval, ...run.train, ...run.eval]) {
        const cached = await run.prepare(p);
        const own = await preparePrompt(p, cfg.data.variant, ctx);
        expect(cached.ids, p.key).toEqual(own.ids);
        expect(cached.images?.length, p.key).toBe(1);
        expect(cached.images![0].pixelValues, p.key).toEqual(own.images![0].pixelValues);
      }
      // And the two sides really differ where their names agree.
      const evalByName = new Map(run.eval.map((p) => [p.name, p]));
      const differing = await Promise.all(
        run.train
          .filter((p) => evalByName.has(p.name))
          .map(async (p) => (await run.prepare(p)).ids.join() !== (await run.prepare(evalByName.get(p.name)!)).ids.join()),
      );
      expect(differing.every(Boolean)).toBe(true);
    } finally {
      disposeAdamW(run.optimizer);
      for (const v of Object.values(run.params)) v.dispose();
    }
  }, 60_000);
});

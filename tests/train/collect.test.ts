// One step's data in the modes that change what a group is: luffy (the expert trace joins its group, scored by the
// task verifier on the decoded trace) and hpt (a prompt whose rollouts fail trains on its trace instead). A real
// tiny model samples the rollouts; the reward function is wrapped to see what it was asked to judge.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRewardFn, type RewardFn } from '../../src/ahpo/rewards.js';
import { encodeCompletion } from '../../src/data/chat-template.js';
import { initBackend } from '../../src/runtime/backend.js';
import { collect, type CollectContext } from '../../src/train/collect.js';
import { resolveConfig, type Config } from '../../src/train/config.js';
import { disposeAdamW } from '../../src/train/optimizer.js';
import { stepIndices } from '../../src/train/data-order.js';
import { setupRun, type Run } from '../../src/train/setup.js';
import type { StageConfig } from '../../src/train/stages.js';

const PLUGIN = `${__dirname}/../fixtures/rewards/varied.ts`;

function config(ahpo: Record<string, unknown>): Config {
  return resolveConfig({
    run: { seed: 5 },
    model: { backend: 'wasm' },
    data: { train: 'gen:tasks=maze,24_points,levels=1,n=4,seed=1', eval: 'gen:tasks=maze,levels=1,n=1,seed=77', variant: 'text' },
    ahpo: { groupSize: 3, ...ahpo },
    rollout: { maxNewTokens: 5 },
    rewards: { plugins: [{ module: PLUGIN, weight: 1 }] },
  });
}

let run: Run;
beforeAll(async () => {
  await initBackend('wasm');
  run = await setupRun(config({ mode: 'luffy' }), { log: () => undefined });
});
afterAll(() => {
  disposeAdamW(run.optimizer);
  tf.dispose(Object.values(run.params));
});

/** A collect context over the shared run, for `cfg`, recording every response the reward function judged. */
function context(cfg: Config, reward: RewardFn = run.reward): { ctx: CollectContext; judged: string[] } {
  const judged: string[] = [];
  const ctx = {
    cfg: cfg as StageConfig,
    policy: run.policy,
    tokenizer: run.tokenizer,
    stopIds: run.stopIds,
    suppressIds: run.suppressIds,
    prepare: run.prepare,
  };
  return { ctx: { ...ctx, reward: (p, r) => (judged.push(r), reward(p, r)) }, judged };
}

describe('collect, mode luffy', () => {
  for (const advantageStd of [true, false]) {
    it(`puts the verifier-scored trace in its group: A over N + 1 rewards (advantageStd ${advantageStd})`, async () => {
      const cfg = config({ mode: 'luffy', advantageStd });
      const { ctx, judged } = context(cfg);
      const problems = run.train.slice(0, 2);
      const c = await collect(ctx, problems, 0);
      expect(problems.every((p) => p.trace)).toBe(true);
      let tokens = 0;
      c.prompts.forEach((p, i) => {
        // Metrics stay about the N on-policy rollouts: the trace is not one of them.
        expect(p.rollouts.length).toBe(3);
        expect(p.xi).toBe(1);
        const trace = encodeCompletion(run.tokenizer, problems[i].trace!);
        // The reward was computed on the decoded tokens the model trains on, and the task verifier accepts the trace.
        const decoded = run.tokenizer.decode(trace, { skipSpecial: true });
        expect(p.expert!.response).toBe(decoded);
        expect(judged).toContain(decoded);
        expect([p.expert!.verifierReward, p.expert!.correct]).toEqual([1, true]);
        expect(problems[i].spec.verify(problems[i].instance, decoded).correct).toBe(true);
        // The group's advantages: mean over the 3 rollouts AND the trace; with std, the sample std of those 4.
        const rewards = [...p.rollouts.map((r) => r.reward), p.expert!.reward];
        const mean = rewards.reduce((a, r) => a + r, 0) / 4;
        const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / 3);
        const expected = rewards.map((r) => (std === 0 ? 0 : advantageStd ? (r - mean) / (std + 1e-6) : r - mean));
        expect([...p.rollouts.map((r) => r.advantage), p.expert!.advantage]).toEqual(expected);
        tokens += trace.length + p.rollouts.reduce((n, r) => n + r.completion.tokens.length, 0);
      });
      // 3 rollouts + 1 trace per prompt; 4 + 2 judged responses. The trace sequence carries its advantage, and every
      // counted token weighs 1/D with D over rollouts and traces.
      expect(judged.length).toBe(8);
      expect(c.countedTokens).toBe(tokens);
      const off = c.sequences.filter((s) => s.kind === 'off');
      expect(off.map((s) => s.advantage)).toEqual(c.prompts.map((p) => p.expert!.advantage));
      for (const s of c.sequences) expect([...new Set(s.weights)]).toEqual([Math.fround(1 / tokens)]);
    });
  }

  it('a prompt without a trace is a plain GRPO group', async () => {
    const cfg = config({ mode: 'luffy' });
    const { ctx } = context(cfg);
    const bare = { ...run.train[0], trace: undefined };
    const c = await collect(ctx, [bare], 0);
    expect(c.prompts[0].expert).toBeUndefined();
    expect(c.prompts[0].xi).toBe(0);
    expect(c.sequences.every((s) => s.kind === 'on')).toBe(true);
  });
});

describe('collect, mode hpt', () => {
  it('trains a prompt with ≤ k successes on its trace only, and the others on their rollouts only', async () => {
    const cfg = config({ mode: 'hpt', hptK: 1 });
    const [solved, failed] = run.train.slice(0, 2);
    // Every rollout of `solved` passes the verifier, none of `failed`'s does (the plug-in keeps rewards varied).
    const reward: RewardFn = (p, r) => {
      const base = run.reward(p, r);
      const ok = p.key === solved.key;
      return { ...base, verifierReward: ok ? 1 : 0, correct: ok };
    };
    const { ctx } = context(cfg, reward);
    const c = await collect(ctx, [solved, failed], 0);
    expect(c.prompts.map((p) => p.xi)).toEqual([0, 1]);
    expect(c.prompts.map((p) => p.rollouts.length)).toEqual([3, 3]);
    const solvedIds = (await run.prepare(solved)).ids; // the prompt cache hands out the same arrays
    const on = c.sequences.filter((s) => s.kind === 'on');
    const off = c.sequences.filter((s) => s.kind === 'off');
    expect(on.length).toBe(c.prompts[0].rollouts.filter((r) => r.completion.tokens.length > 0).length);
    expect(off.length).toBe(1);
    expect(off[0].completion).toEqual(encodeCompletion(run.tokenizer, failed.trace!));
    expect(on.every((s) => s.promptIds === solvedIds)).toBe(true);
    const D = c.prompts[0].rollouts.reduce((n, r) => n + r.completion.tokens.length, 0) + off[0].completion.length;
    expect(c.countedTokens).toBe(D);
  });
});

describe('collect, a problem drawn twice in one step', () => {
  it('samples different rollouts for each copy (train.promptsPerStep above the data size repeats problems)', async () => {
    const cfg = config({ mode: 'grpo' });
    const { ctx } = context(cfg);
    // n problems, n + 2 prompts per step: step 0 takes all of epoch 0 and two problems of epoch 1.
    const idx = stepIndices(run.train.length, run.train.length + 2, cfg.run.seed, 0);
    const repeated = idx.filter((i, k) => idx.indexOf(i) !== k);
    expect(repeated.length).toBe(2);
    const c = await collect(
      ctx,
      idx.map((i) => run.train[i]),
      0,
    );
    const tokens = (k: number) => c.prompts[k].rollouts.map((r) => r.completion.tokens.join(','));
    for (const i of repeated) {
      const [first, second] = idx.flatMap((j, k) => (j === i ? [k] : []));
      expect(tokens(second), `problem ${i}`).not.toEqual(tokens(first));
    }
  });
});

describe('collect, a verifier fault', () => {
  it('scores the response 0, counts it in verifierFaults, logs once per task and does not abort the step', async () => {
    // The failure policy (docs/verifiers.md): a verifier bug costs the rewards it could not give, visibly, not the run.
    const cfg = config({ mode: 'luffy' });
    const logged: string[] = [];
    const reward = createRewardFn({ verifierWeight: 1, plugins: [], log: (m) => logged.push(m) });
    const problems = run.train.slice(0, 3).map((p) => ({
      ...p,
      spec: {
        ...p.spec,
        verify: (): never => {
          throw new Error('bug');
        },
      },
    }));
    const { ctx } = context(cfg, reward);
    const c = await collect(ctx, problems, 0);
    const scored = c.prompts.flatMap((p) => [...p.rollouts, ...(p.expert ? [p.expert] : [])]);
    expect(scored.length).toBeGreaterThanOrEqual(9);
    for (const s of scored) expect(s).toMatchObject({ reward: 0, verifierReward: 0, correct: false, verifierFault: 'verifier error: bug' });
    expect(c.verifierFaults).toBe(scored.length);
    expect(logged).toHaveLength(new Set(problems.map((p) => p.instance.task)).size);
    // The same step with working verifiers counts none.
    expect((await collect(context(cfg, createRewardFn({ verifierWeight: 1, plugins: [] })).ctx, run.train.slice(0, 1), 0)).verifierFaults).toBe(0);
  });
});

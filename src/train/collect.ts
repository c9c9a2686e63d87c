// One step's data: rollouts for the step's prompts, verifier rewards, group advantages, the gate ξ per prompt, and
// the training sequences with their per-token loss weights. Host-side bookkeeping only; the update is update.ts.
import type { QwenTokenizer } from '../data/tokenizer.js';
import type { Problem } from '../data/problems.js';
import { groupAdvantages } from '../ahpo/advantages.js';
import type { RewardFn } from '../ahpo/rewards.js';
import { tokenWeights, xiFor } from '../ahpo/weights.js';
import { generate, type Completion } from '../rollout/generate.js';
import type { Policy, PreparedPrompt } from '../rollout/policy.js';
import type { Config } from './config.js';
import type { TrainSequence } from './sequences.js';

export interface ScoredRollout {
  completion: Completion;
  response: string;
  reward: number;
  /** The task verifier's own reward (the gate compares it with ahpo.success). */
  verifierReward: number;
  correct: boolean;
  reason: string;
  advantage: number;
}

export interface PromptResult {
  problem: Problem;
  rollouts: ScoredRollout[];
  xi: number;
  hasTrace: boolean;
}

export interface Collected {
  prompts: PromptResult[];
  sequences: TrainSequence[];
  /** Sampled tokens (rollouts) and counted tokens (loss denominator D). */
  sampledTokens: number;
  countedTokens: number;
  rolloutSeconds: number;
}

export interface CollectContext {
  cfg: Config;
  policy: Policy;
  tokenizer: QwenTokenizer;
  reward: RewardFn;
  stopIds: readonly number[];
  suppressIds: readonly number[];
  prepare: (p: Problem) => Promise<PreparedPrompt>;
}

/** The expert trace as completion tokens: the trace text then the end-of-turn token (it counts, like a rollout's). */
export function traceTokens(tokenizer: QwenTokenizer, trace: string): number[] {
  return [...tokenizer.encode(trace), tokenizer.special.imEnd];
}

export async function collect(ctx: CollectContext, problems: readonly Problem[], step: number): Promise<Collected> {
  const { cfg } = ctx;
  const a = cfg.ahpo;
  const prepared = await Promise.all(problems.map((p) => ctx.prepare(p)));
  const t0 = performance.now();
  const completions: Completion[] =
    a.mode === 'sft'
      ? []
      : (
          await generate(ctx.policy, prepared, {
            groupSize: a.groupSize,
            maxNewTokens: cfg.rollout.maxNewTokens,
            temperature: cfg.rollout.temperature,
            topK: cfg.rollout.topK,
            topP: cfg.rollout.topP,
            seed: cfg.run.seed,
            step,
            stopIds: ctx.stopIds,
            suppressIds: ctx.suppressIds,
          })
        ).completions;
  const rolloutSeconds = (performance.now() - t0) / 1000;

  const prompts: PromptResult[] = problems.map((problem, i) => {
    const mine = completions.filter((c) => c.promptIndex === i);
    const scored = mine.map((c) => {
      const response = ctx.tokenizer.decode(c.tokens, { skipSpecial: true });
      const r = ctx.reward(problem, response);
      return { completion: c, response, reward: r.reward, verifierReward: r.verifierReward, correct: r.correct, reason: r.reason, advantage: 0 };
    });
    // Advantages over the prompt's own rollouts only (Eq. 3; the expert trace is not in the group).
    groupAdvantages(scored.map((s) => s.reward)).forEach((adv, j) => (scored[j].advantage = adv));
    const hasTrace = typeof problem.trace === 'string' && problem.trace.length > 0;
    // The gate counts verifier successes (reward ≥ ahpo.success): plug-ins shape the reward, never success.
    const xi = xiFor(a.mode, scored.map((s) => s.verifierReward), hasTrace, a.threshold, a.success);
    return { problem, rollouts: scored, xi, hasTrace };
  });

  const traces = prompts.map((p) => (p.hasTrace && p.xi > 0 ? traceTokens(ctx.tokenizer, p.problem.trace!) : []));
  const w = tokenWeights(
    prompts.map((p, i) => ({
      rolloutLengths: p.rollouts.map((r) => r.completion.tokens.length),
      truncated: p.rollouts.map((r) => r.completion.truncated),
      traceLength: traces[i].length,
      xi: traces[i].length > 0 ? p.xi : 0,
    })),
    { mode: a.mode, normalize: a.normalize, maskTruncated: a.maskTruncated },
  );
  const sequences: TrainSequence[] = [];
  prompts.forEach((p, i) => {
    const base = { promptIds: prepared[i].ids, images: prepared[i].images };
    p.rollouts.forEach((r, j) => {
      if (!w.rolloutCounted[i][j]) return;
      sequences.push({ ...base, kind: 'on', completion: r.completion.tokens, weights: w.rollouts[i][j], oldLogp: r.completion.oldLogp, advantage: r.advantage });
    });
    if (w.expertCounted[i]) sequences.push({ ...base, kind: 'off', completion: traces[i], weights: w.expert[i] });
  });
  return { prompts, sequences, sampledTokens: completions.reduce((n, c) => n + c.tokens.length, 0), countedTokens: w.D, rolloutSeconds };
}

// One step's data: rollouts for the step's prompts, verifier rewards, group advantages, the gate ξ per prompt, and
// the training sequences with their per-token loss weights. Host-side bookkeeping only; the update is update.ts.
// The config's ahpo.mode is the step's loss mode (stages.ts turns sft-grpo into sft or grpo before this).
import { encodeCompletion } from '../data/chat-template.js';
import type { QwenTokenizer } from '../data/tokenizer.js';
import type { Problem } from '../data/problems.js';
import { groupAdvantages } from '../ahpo/advantages.js';
import type { RewardFn, RewardResult } from '../ahpo/rewards.js';
import { tokenWeights, xiFor } from '../ahpo/weights.js';
import { generate, type Completion } from '../rollout/generate.js';
import type { Policy, PreparedPrompt } from '../rollout/policy.js';
import type { TrainSequence } from './sequences.js';
import type { StageConfig } from './stages.js';

export interface ScoredRollout {
  completion: Completion;
  response: string;
  reward: number;
  /** The task verifier's own reward (the gate compares it with ahpo.success). */
  verifierReward: number;
  correct: boolean;
  reason: string;
  /** Set when the verifier could not judge the response (scored 0; counted in Collected.verifierFaults). */
  verifierFault?: string;
  advantage: number;
}

/**
 * Mode luffy: the expert trace as a member of its group, scored like a rollout. `response` is the trace as the model
 * is trained on it, decoded (special tokens skipped): what the verifier judged; `advantage` is over the N rollouts'
 * rewards and its own.
 */
export type ScoredExpert = Omit<ScoredRollout, 'completion'>;

export interface PromptResult {
  problem: Problem;
  /** The N on-policy rollouts only: step metrics (reward, accuracy, truncation) are about these. */
  rollouts: ScoredRollout[];
  /** luffy: the trace in the group (absent without a trace, and in every other mode). */
  expert?: ScoredExpert;
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
  /** Verifier faults among the step's scored responses (rollouts and luffy's in-group traces); each scored 0. */
  verifierFaults: number;
}

export interface CollectContext {
  cfg: StageConfig;
  policy: Policy;
  tokenizer: QwenTokenizer;
  reward: RewardFn;
  stopIds: readonly number[];
  suppressIds: readonly number[];
  prepare: (p: Problem) => Promise<PreparedPrompt>;
}

/** Phase 2 — rollouts: N completions per prompt from the current policy (none in sft steps), with sampling log-probs. */
export interface Rollouts {
  /** The prompts as the model reads them (token ids and images), one per problem. */
  prepared: PreparedPrompt[];
  completions: Completion[];
  seconds: number;
}

/** Phases 3 and 4 per prompt — rewards, the gate ξ and the group advantages — and the expert traces ξ turned on. */
export interface ScoredGroups {
  prompts: PromptResult[];
  /** Per prompt: the trace's tokens when ξ > 0 (ending in <|im_end|>, which counts), else empty. */
  traces: number[][];
}

/** The sequences the update trains on, with their per-token loss weights (ξ and 1/D already inside). */
export interface TrainBatch {
  sequences: TrainSequence[];
  /** The loss denominator D: counted rollout and trace tokens. */
  countedTokens: number;
}

export async function sampleRollouts(ctx: CollectContext, problems: readonly Problem[], step: number): Promise<Rollouts> {
  const { cfg } = ctx;
  const prepared = await Promise.all(problems.map((p) => ctx.prepare(p)));
  const t0 = performance.now();
  const completions: Completion[] =
    cfg.ahpo.mode === 'sft'
      ? []
      : (
          await generate(ctx.policy, prepared, {
            groupSize: cfg.ahpo.groupSize,
            maxNewTokens: cfg.rollout.maxNewTokens,
            temperature: cfg.rollout.temperature,
            topK: cfg.rollout.topK,
            topP: cfg.rollout.topP,
            seed: cfg.run.seed,
            step,
            stopIds: ctx.stopIds,
            suppressIds: ctx.suppressIds,
            // The update logs the rollouts' entropy from sampling time rather than recomputing it (update.ts).
            entropy: true,
          })
        ).completions;
  return { prepared, completions, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Each prompt's group: rewards of its rollouts, then ξ (from the verifier's successes), then the advantages. One
 * prompt at a time, so the reward function sees responses in the order it always has.
 */
export function scoreGroups(ctx: CollectContext, problems: readonly Problem[], completions: readonly Completion[]): ScoredGroups {
  const a = ctx.cfg.ahpo;
  const traces: number[][] = [];
  const prompts: PromptResult[] = problems.map((problem, i) => {
    const mine = completions.filter((c) => c.promptIndex === i);
    const scored = mine.map((c) => {
      const response = ctx.tokenizer.decode(c.tokens, { skipSpecial: true });
      return { completion: c, response, ...scoreOf(ctx.reward(problem, response)) };
    });
    const hasTrace = typeof problem.trace === 'string' && problem.trace.length > 0;
    // The gate counts verifier successes (reward ≥ ahpo.success): plug-ins shape the reward, never success.
    const xi = xiFor(
      a.mode,
      scored.map((s) => s.verifierReward),
      hasTrace,
      a.mode === 'hpt' ? a.hptK : a.threshold,
      a.success,
    );
    traces.push(xi > 0 ? encodeCompletion(ctx.tokenizer, problem.trace!) : []); // ends in <|im_end|>, which counts
    // luffy: the trace is scored like a rollout — the same reward function on the text it is trained as — and joins
    // the group, so A is over N + 1 rewards. Every other mode: over the prompt's own rollouts only (Eq. 3).
    const expert = a.mode === 'luffy' && xi > 0 ? scoreTrace(ctx, problem, traces[i]) : undefined;
    const advantages = groupAdvantages([...scored.map((s) => s.reward), ...(expert ? [expert.reward] : [])], { std: a.advantageStd });
    scored.forEach((s, j) => (s.advantage = advantages[j]));
    if (expert) expert.advantage = advantages[scored.length];
    return { problem, rollouts: scored, expert, xi, hasTrace };
  });
  return { prompts, traces };
}

/** The per-token weights of every counted rollout and trace (the normaliser D over all of them), as sequences. */
export function trainBatch(cfg: StageConfig, groups: ScoredGroups, prepared: readonly PreparedPrompt[]): TrainBatch {
  const a = cfg.ahpo;
  const { prompts, traces } = groups;
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
      sequences.push({
        ...base,
        kind: 'on',
        completion: r.completion.tokens,
        weights: w.rollouts[i][j],
        oldLogp: r.completion.oldLogp,
        entropy: r.completion.entropy,
        advantage: r.advantage,
      });
    });
    if (w.expertCounted[i]) sequences.push({ ...base, kind: 'off', completion: traces[i], weights: w.expert[i], advantage: p.expert?.advantage });
  });
  return { sequences, countedTokens: w.D };
}

/** Verifier faults among the step's scored responses (rollouts and luffy's in-group traces). */
export function verifierFaults(prompts: readonly PromptResult[]): number {
  return prompts.flatMap((p) => [...p.rollouts, ...(p.expert ? [p.expert] : [])]).filter((s) => s.verifierFault !== undefined).length;
}

/** Phases 2–4 and the batch of one step in one call: what the loop does between picking prompts and the update. */
export async function collect(ctx: CollectContext, problems: readonly Problem[], step: number): Promise<Collected> {
  const rollouts = await sampleRollouts(ctx, problems, step);
  const groups = scoreGroups(ctx, problems, rollouts.completions);
  const batch = trainBatch(ctx.cfg, groups, rollouts.prepared);
  return {
    prompts: groups.prompts,
    sequences: batch.sequences,
    sampledTokens: rollouts.completions.reduce((n, c) => n + c.tokens.length, 0),
    countedTokens: batch.countedTokens,
    rolloutSeconds: rollouts.seconds,
    verifierFaults: verifierFaults(groups.prompts),
  };
}

/** The parts of a reward result a scored response keeps (advantage filled in once the group is scored). */
function scoreOf(r: RewardResult): Omit<ScoredExpert, 'response'> {
  return {
    reward: r.reward,
    verifierReward: r.verifierReward,
    correct: r.correct,
    reason: r.reason,
    ...(r.verifierFault === undefined ? {} : { verifierFault: r.verifierFault }),
    advantage: 0,
  };
}

/** luffy: the verifier's (and plug-ins') reward of the trace, on the decoded tokens the model is trained on. */
function scoreTrace(ctx: CollectContext, problem: Problem, tokens: readonly number[]): ScoredExpert {
  const response = ctx.tokenizer.decode(tokens, { skipSpecial: true });
  return { response, ...scoreOf(ctx.reward(problem, response)) };
}

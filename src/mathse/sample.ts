// Sampling phases of a round: the last SFT phase's model answers the unsolved prompts N times, then writes
// corrections of its wrong answers from reflection prompts. Both go through evaluateModel (batched generation +
// verification, one completions JSONL per sample index, resumable per problem). Each sample index has its own seed
// and the sampling randomness is counter-based on (seed, prompt id, position), so an answer does not depend on its
// batch, and a resumed phase writes what the uninterrupted one would have.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Problem } from '../data/problems.js';
import { evaluateModel, type CompletionRecord } from '../eval/model-eval.js';
import { stopTokenIds } from '../model/generation-config.js';
import { loadModel } from '../model/load.js';
import { disposeParams, type Params } from '../model/params.js';
import { ModelPolicy, type PreparedPrompt } from '../rollout/policy.js';
import { preparePrompt } from '../rollout/prepare.js';
import { suppressedIds } from '../rollout/suppress.js';
import { hashString } from '../tasks/common/rng.js';
import type { QwenTokenizer } from '../data/tokenizer.js';
import type { PromptVariant } from '../tasks/prompt.js';
import type { Config } from '../train/config.js';

/** A loaded model with what sampling needs; dispose() frees its weights. */
export interface Sampler {
  policy: ModelPolicy;
  tokenizer: QwenTokenizer;
  stopIds: number[];
  suppressIds: number[];
  /** Prompt preparation for a problem, or for a reflection problem through its own prompt text (see promptOf). */
  prepare: (p: Problem) => Promise<PreparedPrompt>;
  dispose(): void;
}

/**
 * Loads `modelDir` for sampling. `promptOf` may give a problem another instance to build its prompt from (a
 * reflection prompt); the verifier still sees the problem's own instance. Prepared prompts are cached per key: the
 * N sample passes decode each image once.
 */
export async function loadSampler(modelDir: string, cfg: Config, promptOf: (p: Problem) => Problem = (p) => p): Promise<Sampler> {
  const m = await loadModel(modelDir, { trainable: false });
  const ctx = { tokenizer: m.tokenizer, config: m.config, processor: m.processor, imageSize: cfg.data.imageSize };
  const cache = new Map<string, Promise<PreparedPrompt>>();
  const variant: PromptVariant = cfg.data.variant;
  return {
    policy: new ModelPolicy(m.params, m.config),
    tokenizer: m.tokenizer,
    stopIds: stopTokenIds(m.config),
    suppressIds: suppressedIds(m.config, m.tokenizer.vocabSize, [m.tokenizer.special.videoPad]),
    prepare: (p) => {
      let hit = cache.get(p.key);
      if (!hit) cache.set(p.key, (hit = preparePrompt(promptOf(p), variant, ctx)));
      return hit;
    },
    dispose: () => disposeParams(m.params as Params),
  };
}

/** The seed of sample index j of a phase of round k: distinct per (run seed, phase, round, index). */
export function sampleSeed(runSeed: number, phase: 'sample' | 'reflect', round: number, j: number): number {
  return hashString(`${runSeed}/mathse/${phase}/round-${round}/${j}`);
}

export interface SamplePassOptions {
  sampler: Sampler;
  cfg: Config;
  problems: readonly Problem[];
  seed: number;
  /** The pass's completions JSONL: lines already there are kept (resume). */
  completionsPath: string;
  /** Called after each batch is written (crash points for the resume tests, progress). */
  onBatch?: (done: number, total: number) => void;
}

/** One answer per problem, sampled with rollout.* and scored by the task verifiers; returns them in problem order. */
export async function samplePass(o: SamplePassOptions): Promise<CompletionRecord[]> {
  mkdirSync(dirname(o.completionsPath), { recursive: true });
  const { records } = await evaluateModel({
    policy: o.sampler.policy,
    tokenizer: o.sampler.tokenizer,
    problems: o.problems,
    prepare: o.sampler.prepare,
    batchSize: o.cfg.eval.batchSize,
    maxNewTokens: o.cfg.rollout.maxNewTokens,
    temperature: o.cfg.rollout.temperature,
    topK: o.cfg.rollout.topK,
    topP: o.cfg.rollout.topP,
    seed: o.seed,
    stopIds: o.sampler.stopIds,
    suppressIds: o.sampler.suppressIds,
    completionsPath: o.completionsPath,
    onProgress: (done, total, what) => {
      if (what !== 'resumed') o.onBatch?.(done, total);
    },
  });
  return records;
}

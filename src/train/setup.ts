// Everything a run needs before its first step: backend, run folder path, model (fresh or from a checkpoint), tokenizer
// and image processor, train/eval problems (eval de-duplicated against train by content hash), reward function,
// optimizer, and the prompt cache. The loop (loop.ts) only iterates. Setup writes nothing into the run folder.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import { createRewardFn, loadRewardPlugins, type RewardFn } from '../ahpo/rewards.js';
import { describePromptTemplate } from '../data/chat-template.js';
import { DEFAULT_PROCESSOR_CONFIG, type ProcessorConfig } from '../data/image.js';
import { loadProblems, type Problem } from '../data/problems.js';
import type { QwenTokenizer } from '../data/tokenizer.js';
import type { ModelConfig } from '../model/config.js';
import { stopTokenIds } from '../model/generation-config.js';
import { loadModel } from '../model/load.js';
import type { Params } from '../model/params.js';
import { ModelPolicy, type PreparedPrompt } from '../rollout/policy.js';
import { preparePrompt } from '../rollout/prepare.js';
import { samplingIds } from '../rollout/suppress.js';
import { describeBackend, initBackend, type BackendInfo } from '../runtime/backend.js';
import type { Config } from './config.js';
import { createAdamW, type AdamWMoments, type AdamWState } from './optimizer.js';

/** The run folder exists and this is no resume: bad input (exit 2), nothing touched. */
export class RunExistsError extends InputError {}

// A run, split by concern. Everything here is fixed once setup returns (the optimizer's moments and the weights change
// in place, as tfjs variables); what the loop changes as it goes is its own state (loop.ts LoopState).

/** The policy being trained: architecture, weights, tokenizer, and the prompt and sampling pieces bound to them. */
export interface RunModel {
  readonly modelConfig: ModelConfig;
  readonly params: Record<string, tf.Variable>;
  readonly tokenizer: QwenTokenizer;
  readonly processor?: ProcessorConfig;
  /** Where the model's tokenizer files are (the first save copies them; later saves copy from the newest save). */
  readonly tokenizerDir: string;
  readonly policy: ModelPolicy;
  readonly stopIds: number[];
  readonly suppressIds: number[];
  /** Problem → prompt ids and images, cached per problem (cachedPrepare). */
  readonly prepare: (p: Problem) => Promise<PreparedPrompt>;
}

/** The problems: what the run trains on, evaluates on, and checks it still solves. */
export interface RunData {
  readonly train: Problem[];
  readonly eval: Problem[];
  /** data.retention minus the training problems (empty when not set). */
  readonly retention: Problem[];
}

/** What training adds to a model and its data: the reward of a response and the optimizer. */
export interface RunTraining {
  readonly reward: RewardFn;
  readonly optimizer: AdamWState;
}

export interface Run extends RunModel, RunData, RunTraining {
  readonly trainConfig: Config;
  readonly dir: string;
  readonly backend: BackendInfo;
}

export interface Restored {
  params: Record<string, tf.Variable>;
  modelConfig: ModelConfig;
  moments: AdamWMoments;
  tokenizer: QwenTokenizer;
  tokenizerDir: string;
  processor?: ProcessorConfig;
  /** RUN/reference/, when the checkpoint is past the step the reference was taken at. */
  refParams?: Params;
}

/**
 * The held-out set: data.eval minus every problem (by content hash) this run trains on, and minus the problems of
 * data.exclude, the data that trained the starting model — held-out must mean unseen by both — and each problem once.
 */
export function heldOutProblems(cfg: Config, train: Problem[], log: (m: string) => void): Problem[] {
  const seen = new Set(train.map((p) => p.hash));
  for (const source of cfg.data.exclude) for (const p of loadProblems(source, log)) seen.add(p.hash);
  const all = loadProblems(cfg.data.eval, log);
  const unseen = all.filter((p) => !seen.has(p.hash));
  const where = cfg.data.exclude.length > 0 ? 'the training set or data.exclude' : 'the training set';
  if (unseen.length < all.length) log(`eval: dropped ${all.length - unseen.length} of ${all.length} problems that also occur in ${where}`);
  // Small levels have few distinct problems (791 3x3 mazes), so random draws repeat: count each problem once.
  const kept: Problem[] = [];
  for (const p of unseen) {
    if (seen.has(p.hash)) continue;
    seen.add(p.hash);
    kept.push(p);
  }
  if (kept.length < unseen.length) log(`eval: dropped ${unseen.length - kept.length} repeats of held-out problems (same content hash)`);
  return kept;
}

/** The retention set: data.retention minus this run's training problems, each problem once. */
export function retentionProblems(cfg: Config, train: Problem[], log: (m: string) => void): Problem[] {
  if (!cfg.data.retention) return [];
  const seen = new Set(train.map((p) => p.hash));
  const all = loadProblems(cfg.data.retention, log);
  const kept = all.filter((p) => !seen.has(p.hash) && (seen.add(p.hash), true));
  if (kept.length < all.length) log(`retention: dropped ${all.length - kept.length} of ${all.length} problems that occur in the training set or repeat`);
  if (kept.length === 0)
    throw new Error(`data.retention (${cfg.data.retention}) has no problem left after dropping the training set's; use another source or seed`);
  return kept;
}

export function runDirOf(cfg: Config): string {
  return resolve(cfg.run.outDir, cfg.run.name);
}

/** Refuses to start over an existing run unless resuming (never overwrite what a user has). */
export function refuseExistingRun(dir: string): void {
  if (existsSync(dir)) {
    throw new RunExistsError(
      `run folder ${dir} already exists. To continue it: ahpo train --config … --resume ${dir} (or --resume auto). ` +
        'To start a new run: pick another name with --run.name=NAME (or delete the folder yourself).',
    );
  }
}

/**
 * Creates a new run's folder, atomically: of two processes starting the same run, one gets RunExistsError. Called
 * once setup has succeeded, so a bad input leaves no folder behind and the same command works once it is fixed.
 */
export function createRunDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') refuseExistingRun(dir);
    throw e;
  }
}

/**
 * A prompt cache: image decoding/rasterising and preprocessing happen once per problem, not once per step. Keyed
 * on Problem.key, which is unique across sources: training and held-out sets share this cache, and both number
 * their problems from 0.
 */
function cachedPrepare(fn: (p: Problem) => Promise<PreparedPrompt>): (p: Problem) => Promise<PreparedPrompt> {
  const cache = new Map<string, Promise<PreparedPrompt>>();
  return (p) => {
    let hit = cache.get(p.key);
    if (!hit) cache.set(p.key, (hit = fn(p)));
    return hit;
  };
}

/** The model to train: a checkpoint's (resume) or model.source's, and the prompt pieces bound to its tokenizer. */
async function setupModel(trainConfig: Config, restored: Restored | undefined, log: (m: string) => void): Promise<RunModel> {
  let model: { modelConfig: ModelConfig; params: Record<string, tf.Variable>; tokenizer: QwenTokenizer; processor?: ProcessorConfig; tokenizerDir: string };
  if (restored) model = restored;
  else {
    const source = trainConfig.model.source;
    const m = await loadModel(source, { seed: trainConfig.run.seed, trainable: true, onWarn: log });
    const tokenizerDir = source.startsWith('preset:') ? (await import('../data/tokenizer.js')).BUILTIN_TOKENIZER_DIR : source;
    model = { modelConfig: m.config, params: m.params as Record<string, tf.Variable>, tokenizer: m.tokenizer, processor: m.processor, tokenizerDir };
    log(`model ${m.source}`);
  }
  const { modelConfig, params, tokenizer } = model;
  log(`prompts: ${describePromptTemplate(tokenizer)}; stop ids ${JSON.stringify(stopTokenIds(modelConfig))}`);
  const processor = model.processor ?? (modelConfig.vision ? DEFAULT_PROCESSOR_CONFIG : undefined);
  const ctx = { tokenizer, config: modelConfig, processor, imageSize: trainConfig.data.imageSize };
  return {
    modelConfig,
    params,
    tokenizer,
    processor,
    tokenizerDir: model.tokenizerDir,
    policy: new ModelPolicy(params, modelConfig),
    ...samplingIds({ config: modelConfig, tokenizer }),
    prepare: cachedPrepare((p) => preparePrompt(p, trainConfig.data.variant, ctx)),
  };
}

/** The training, held-out and retention problems; refuses a mode that needs expert traces on data without any. */
function setupData(trainConfig: Config, log: (m: string) => void): RunData {
  const train = loadProblems(trainConfig.data.train, log);
  const evalSet = heldOutProblems(trainConfig, train, log);
  const { mode } = trainConfig.ahpo;
  if (mode !== 'grpo' && !train.some((p) => p.trace)) {
    throw new Error(
      `data.train (${trainConfig.data.train}) has no expert traces, but ahpo.mode=${mode} needs them. Use generated data (gen:…) or records with a 'trace' field, or ahpo.mode=grpo.`,
    );
  }
  return { train, eval: evalSet, retention: retentionProblems(trainConfig, train, log) };
}

export async function setupRun(trainConfig: Config, opts: { configPath?: string; restored?: Restored; log: (m: string) => void }): Promise<Run> {
  const backend = await initBackend(trainConfig.model.backend);
  opts.log(describeBackend(backend));
  const model = await setupModel(trainConfig, opts.restored, opts.log);
  const data = setupData(trainConfig, opts.log);
  const plugins = await loadRewardPlugins(trainConfig.rewards.plugins, opts.configPath ? dirname(resolve(opts.configPath)) : process.cwd());
  const t = trainConfig.train;
  const optimizer = createAdamW(
    model.params,
    { beta1: t.beta1, beta2: t.beta2, eps: t.adamEps, weightDecay: t.weightDecay, freeze: t.freeze },
    opts.restored?.moments,
  );
  return {
    trainConfig,
    dir: runDirOf(trainConfig),
    backend,
    ...model,
    ...data,
    reward: createRewardFn({ verifierWeight: trainConfig.rewards.verifierWeight, plugins, log: opts.log }),
    optimizer,
  };
}

// Saving a run's state and picking it up again. A resume loads the newest complete checkpoint (the architecture
// must match the configured model), drops metrics/completions rows past it — they will be produced again — and
// hands the loop the weights, the optimizer moments, the step and the elapsed training time.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadProcessorConfig } from '../data/image.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../data/tokenizer.js';
import { parseHfConfig, type ModelConfig } from '../model/config.js';
import { tokensOf } from '../model/load.js';
import { PRESETS, presetConfig } from '../model/presets.js';
import { disposeParams, type Params } from '../model/params.js';
import { initBackend } from '../runtime/backend.js';
import { findLatest, loadCheckpoint, saveCheckpoint, truncateJsonl } from './checkpoint.js';
import type { Config } from './config.js';
import { dataCursor } from './data-order.js';
import type { EvalRow } from './metrics.js';
import { readMetrics } from './plot.js';
import { loadReference, referenceDir, referenceStep } from './reference.js';
import { lrChangeOnResume } from './stages.js';
import type { Restored, Run } from './setup.js';
import { naming } from './write-errors.js';

export interface Resumed {
  restored: Restored;
  step: number;
  elapsedSec: number;
  xiShares: number[];
  /** The run's evaluations up to the checkpoint, in order (earlier sessions' rows kept in metrics.jsonl). */
  evals: EvalRow[];
}

/** The architecture the configuration asks for, to compare with a checkpoint's. */
export function configuredArchitecture(cfg: Config): ModelConfig {
  const src = cfg.model.source;
  if (src.startsWith('preset:')) {
    const name = src.slice('preset:'.length);
    if (!PRESETS[name]) throw new Error(`model.source ${src}: unknown preset`);
    const tok = QwenTokenizer.fromDir(BUILTIN_TOKENIZER_DIR);
    return presetConfig(name, tokensOf(tok), tok.vocabSize);
  }
  const path = join(src, 'config.json');
  return parseHfConfig(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>, path);
}

/**
 * Loads the run's newest complete checkpoint. Returns undefined when the run folder has none yet (it was stopped
 * before its first save): the run then starts over from step 0 in the same folder, its partial logs cleared.
 */
export async function loadResume(cfg: Config, runDir: string, log: (m: string) => void): Promise<Resumed | undefined> {
  const latest = await findLatest(runDir);
  for (const r of latest?.restored ?? []) log(`resume: finished an interrupted save (${r})`);
  for (const s of latest?.skipped ?? []) log(`resume: ignoring ${s}`);
  if (!latest) {
    log(`resume: ${runDir} has no complete checkpoint yet; starting from step 0`);
    await truncateJsonl(join(runDir, 'metrics.jsonl'), -1);
    await truncateJsonl(join(runDir, 'completions.jsonl'), -1);
    return undefined;
  }
  // The weights become tensors here, so the configured backend must be up first (else they land on tfjs's default
  // backend and the memory check cannot name the one that will hold them).
  await initBackend(cfg.model.backend);
  const ck = await loadCheckpoint(latest.dir, { expect: configuredArchitecture(cfg), load: { onWarn: (m) => log(`resume: ${m}`) } });
  const refStep = referenceStep(cfg);
  // Past its step the KL reference exists: load it (at or before that step the loop takes it). Before the logs are
  // truncated, so a missing reference leaves the run folder as it was.
  let refParams: Params | undefined;
  try {
    refParams =
      refStep !== undefined && ck.step > refStep
        ? await loadReference(runDir, ck.config, refStep, cfg.ahpo.klCoef, (m) => log(`resume: reference: ${m}`))
        : undefined;
  } catch (e) {
    disposeParams(ck.params);
    tf.dispose([...Object.values(ck.optimizer.m), ...Object.values(ck.optimizer.v)]);
    throw e;
  }
  if (refParams) log(`resume: KL reference (the weights of step ${refStep}) loaded from ${referenceDir(runDir)}`);
  const metricsPath = join(runDir, 'metrics.jsonl');
  const dropped = await truncateJsonl(metricsPath, ck.step);
  await truncateJsonl(join(runDir, 'completions.jsonl'), ck.step);
  log(`resume: step ${ck.step} from ${ck.dir}${dropped.dropped ? ` (dropped ${dropped.dropped} metric rows past it)` : ''}`);
  const gate = ck.gateStats as { xiShares?: number[] } | null;
  // The lr is a function of the config: a resume with another train.steps would move it without a word.
  const lrNote = lrChangeOnResume(cfg, ck.runConfig, ck.step, ck.elapsedSec);
  if (lrNote) log(`resume: ${lrNote}`);
  const tokenizer = QwenTokenizer.fromDir(ck.dir);
  for (const note of tokenizer.chatTemplate?.notes ?? []) log(`resume: ${note}`);
  return {
    restored: {
      params: ck.params,
      modelConfig: ck.config,
      moments: ck.optimizer,
      tokenizer,
      tokenizerDir: ck.dir,
      processor: existsSync(join(ck.dir, 'preprocessor_config.json')) ? loadProcessorConfig(ck.dir) : undefined,
      refParams,
    },
    step: ck.step,
    elapsedSec: ck.elapsedSec,
    xiShares: Array.isArray(gate?.xiShares) ? gate.xiShares : [],
    // Read after truncation to the checkpoint, so every row belongs to the resumed timeline.
    evals: existsSync(metricsPath) ? readMetrics(metricsPath).eval : [],
  };
}

/** Where a save is in the run: what saveRun writes besides the run's weights and moments. */
export interface SavePoint {
  step: number;
  elapsedSec: number;
  xiShares: readonly number[];
  /** The folder whose tokenizer files the checkpoint copies. */
  tokenizerDir: string;
}

/**
 * Saves step `at.step` of the run (a complete HF model folder + trainer state), keeping checkpoint.keepLast. Returns
 * the folder, which is also where the next save should copy tokenizer files from: after a resume they came from the
 * checkpoint resumed from, which keepLast deletes a few saves later, while pruning always keeps the newest.
 */
export async function saveRun(run: Run, at: SavePoint): Promise<{ dir: string; tokenizerDir: string }> {
  const { trainConfig } = run;
  const dir = await naming(join(run.dir, `step-${at.step}`), 'saving checkpoint', () =>
    saveCheckpoint(run.dir, at.step, {
      config: run.modelConfig,
      params: run.params,
      tokenizerDir: at.tokenizerDir,
      weightsDtype: trainConfig.checkpoint.dtype,
      processor: run.processor,
      keepLast: trainConfig.checkpoint.keepLast,
      trainer: {
        optimizer: run.optimizer,
        // Sampling and data order are counter-based on (seed, step): the seed and step are the whole RNG state.
        rng: { seed: trainConfig.run.seed, step: at.step },
        dataCursor: dataCursor(run.train.length, trainConfig.train.promptsPerStep, at.step),
        gateStats: { xiShares: [...at.xiShares] },
        runConfig: trainConfig,
        elapsedSec: at.elapsedSec,
      },
    }),
  );
  return { dir, tokenizerDir: dir };
}

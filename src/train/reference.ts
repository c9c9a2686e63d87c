// The frozen reference policy of the KL term (ahpo.klCoef > 0): the policy's weights when the stage that trains with
// the KL began — the run's initial weights, or in sft-grpo the SFT weights at ahpo.switchAtStep, since the GRPO stage
// is a GRPO run started from them (stages.ts). Taken once, at that step, and saved once as RUN/reference/ (a model
// folder, always f32): a resumed run loads it from there, so its KL is the uninterrupted run's. A copy of the resumed
// weights would be a different reference, one that moves with every resume.
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config.js';
import { disposeParams, type Params } from '../model/params.js';
import { loadModelFolder, saveModelFolder } from '../model/weights.js';
import { architectureDiff, CheckpointError } from './checkpoint.js';
import type { Config } from './config.js';

export const REFERENCE_DIR = 'reference';
/** Written into the reference folder: the step whose weights it holds. */
const INFO_FILE = 'reference.json';

export function referenceDir(runDir: string): string {
  return join(runDir, REFERENCE_DIR);
}

/**
 * The optimizer step (0-based, before its update) whose weights are the reference, or undefined when the run keeps
 * none (ahpo.klCoef = 0: no copy of the model is held).
 */
export function referenceStep(cfg: Config): number | undefined {
  if (cfg.ahpo.klCoef === 0) return undefined;
  return cfg.ahpo.mode === 'sft-grpo' ? cfg.ahpo.switchAtStep : 0;
}

/** A copy of the weights as plain tensors (never variables: the optimizer must not see them). The caller owns it. */
export function cloneParams(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, tf.clone(v)]));
}

/**
 * Copies `params` as the run's reference and writes RUN/reference/ (tmp folder + rename, so a kill leaves the old
 * folder or the new one, never half of one). Returns the copy, which the caller disposes.
 */
export async function saveReference(runDir: string, config: ModelConfig, params: Params, step: number): Promise<Params> {
  const ref = cloneParams(params);
  const dir = referenceDir(runDir);
  const tmp = `${dir}.tmp-${process.pid}`;
  const aside = `${dir}.old-${process.pid}`;
  try {
    await rm(tmp, { recursive: true, force: true });
    await saveModelFolder(tmp, config, ref, { dtype: 'f32' });
    await writeFile(join(tmp, INFO_FILE), `${JSON.stringify({ step, note: 'the frozen reference policy of the KL term (ahpo.klCoef)' })}\n`);
    // Replaced only when a run restarts before its first checkpoint, or an sft-grpo run passes its switch again.
    if (existsSync(dir)) await rename(dir, aside);
    await rename(tmp, dir);
    await rm(aside, { recursive: true, force: true });
    return ref;
  } catch (e) {
    disposeParams(ref);
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Loads RUN/reference/ for a run resumed past `step`, checking that it holds that step's weights and the run's
 * architecture. A missing folder means the run began without a reference, whose weights are now gone.
 */
export async function loadReference(runDir: string, expect: ModelConfig, step: number, klCoef: number, onWarn: (m: string) => void): Promise<Params> {
  const dir = referenceDir(runDir);
  const info = join(dir, INFO_FILE);
  if (!existsSync(info)) {
    throw new CheckpointError(
      `${dir}: missing, but ahpo.klCoef = ${klCoef} needs the run's frozen reference (the weights of step ${step}). The run was started ` +
        'with ahpo.klCoef = 0, so those weights were not kept. Hint: resume with --ahpo.klCoef=0, or start a new run with the KL term on',
    );
  }
  let saved: unknown;
  try {
    saved = (JSON.parse(readFileSync(info, 'utf8')) as { step?: unknown }).step;
  } catch (e) {
    throw new CheckpointError(`${info}: unreadable (${(e as Error).message}). Hint: the reference cannot be rebuilt; start a new run with the KL term on`);
  }
  if (saved !== step) {
    throw new CheckpointError(
      `${info}: holds the weights of step ${JSON.stringify(saved)}, but this configuration takes the reference at step ${step} (ahpo.switchAtStep changed?). Hint: resume with the run's own ahpo settings`,
    );
  }
  const { config, params } = await loadModelFolder(dir, { trainable: false, training: false, onWarn });
  const diff = architectureDiff(config, expect);
  if (diff.length) {
    disposeParams(params);
    throw new CheckpointError(
      `${dir}: the reference's architecture differs from the run's checkpoint:\n  - ${diff.join('\n  - ')}\nHint: the folder belongs to another run; start a new run`,
    );
  }
  return params;
}

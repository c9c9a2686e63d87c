// Run folders and resumable checkpoints (layout and guarantees: docs/checkpoints.md; finding, pruning and recovering
// step folders: checkpoint-folders.ts).
//   checkpoints/<run.name>/  config.yaml  metrics.jsonl  completions.jsonl  eval/  problems/ (problem-files.ts)  plots/
//                            latest  step-N/ …  [reference/]
//   step-N/                  a Hugging Face model folder (config.json, generation_config.json, model.safetensors in
//                            the legacy layout, tokenizer files) + trainer/optimizer.safetensors (f32 moments by param name)
//                            + trainer/state.json (written last: its presence marks the folder complete)
// Atomicity is by rename: a step is written into `step-N.tmp-<pid>` and renamed to `step-N` only when complete, so
// a kill -9 at any moment leaves either the previous checkpoints or the new one — never a half one under a real
// name. (Rename is atomic against process death; against power loss it would also need fsync, which we skip.)
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessorConfig } from '../data/image-config.js';
import type { ModelConfig } from '../model/config.js';
import type { Params } from '../model/params.js';
import { disposeParams } from '../model/params.js';
import type { SaveDtype } from '../model/safetensors.js';
import { SafetensorsFile, writeSafetensors } from '../model/safetensors.js';
import type { LoadOptions } from '../model/weights.js';
import { loadModelFolder, saveModelFolder } from '../model/weights.js';
import { writeFileAtomic } from '../io/atomic.js';
import { nonFiniteProbe, type AdamWMoments } from './optimizer.js';
import { crashPoint } from './crash-points.js';
import { CheckpointError, exists, findLatest, pruneCheckpoints, STATE, STEP_DIR } from './checkpoint-folders.js';

/** Bumped whenever trainer/ changes incompatibly; loading any other version is refused with a message. */
export const CHECKPOINT_SCHEMA_VERSION = 1;
export { CheckpointError, findLatest, pruneCheckpoints, recoverInterruptedSaves } from './checkpoint-folders.js';
const OPTIMIZER = join('trainer', 'optimizer.safetensors');
// Tokenizer/processor files a model folder may carry; never `*` — a source model folder also holds its weights.
// generation_config.json is not copied: saveModelFolder writes it from the config, with the stop ids the run used.
const TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
  'added_tokens.json',
  'chat_template.json',
  'chat_template.jinja',
  'preprocessor_config.json',
];

/** Everything besides the weights that resume needs. JSON parts must survive JSON.stringify exactly. */
export interface TrainerState {
  /** AdamW moments (an AdamWState will do) and its update count. */
  optimizer: AdamWMoments;
  rng: unknown;
  dataCursor: unknown;
  gateStats: unknown;
  /** The resolved training config of the run (recorded; resume may override non-architecture keys). */
  runConfig: unknown;
  /** Wall-clock seconds of training so far, summed across resumes. */
  elapsedSec: number;
}

export interface SaveCheckpointOptions {
  config: ModelConfig;
  params: Params;
  /** Folder whose tokenizer files (TOKENIZER_FILES present there) are copied, e.g. BUILTIN_TOKENIZER_DIR. */
  tokenizerDir?: string;
  /** Weights on disk (default f32). The optimizer moments are always f32. */
  weightsDtype?: SaveDtype;
  /** Image-processor settings written as preprocessor_config.json when tokenizerDir has none (presets). */
  processor?: ProcessorConfig;
  /** Keep this many complete checkpoints (default: all). */
  keepLast?: number;
  trainer: TrainerState;
}

export interface LoadedCheckpoint {
  dir: string;
  step: number;
  config: ModelConfig;
  params: Record<string, tf.Variable>;
  /** Plain tensors owned by the caller: hand them to createAdamW(params, opts, optimizer), which takes them over. */
  optimizer: AdamWMoments;
  rng: unknown;
  dataCursor: unknown;
  gateStats: unknown;
  runConfig: unknown;
  elapsedSec: number;
  weightsDtype: SaveDtype;
  schemaVersion: number;
}

interface StateJson {
  schemaVersion: number;
  step: number;
  savedAt: number;
  weightsDtype: SaveDtype;
  optimizer: { step: number; params: string[] };
  rng: unknown;
  dataCursor: unknown;
  gateStats: unknown;
  runConfig: unknown;
  elapsedSec: number;
}

// JSON.stringify would turn NaN into null and drop undefined silently; resume must be exact, so refuse instead.
function strictJson(value: unknown, what: string): string {
  return JSON.stringify(
    value,
    (key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new CheckpointError(`${what}: key '${key}' is ${v}, which JSON cannot store exactly`);
      if (typeof v === 'bigint') throw new CheckpointError(`${what}: key '${key}' is a BigInt; store it as a string`);
      return v;
    },
    2,
  );
}

function preprocessorJson(p: ProcessorConfig): string {
  return (
    JSON.stringify(
      {
        image_processor_type: 'Qwen2VLImageProcessor',
        processor_class: 'Qwen2_5_VLProcessor',
        do_resize: true,
        do_rescale: true,
        do_normalize: true,
        do_convert_rgb: true,
        resample: 3,
        min_pixels: p.minPixels,
        max_pixels: p.maxPixels,
        patch_size: p.patchSize,
        merge_size: p.mergeSize,
        temporal_patch_size: p.temporalPatchSize,
        rescale_factor: p.rescaleFactor,
        image_mean: p.imageMean,
        image_std: p.imageStd,
      },
      null,
      2,
    ) + '\n'
  );
}

/**
 * Saves step `step` under runDir atomically, points `latest` at it, then prunes to keepLast. Returns the folder.
 * Tensors come off the device one at a time (`await data()`), so peak host memory is one tensor, not the model.
 */
export async function saveCheckpoint(runDir: string, step: number, o: SaveCheckpointOptions): Promise<string> {
  if (!Number.isInteger(step) || step < 0) throw new CheckpointError(`saveCheckpoint: step must be an integer ≥ 0, got ${step}`);
  const name = `step-${step}`;
  const final = join(runDir, name);
  const tmp = join(runDir, `${name}.tmp-${process.pid}`);
  const weightsDtype = o.weightsDtype ?? 'f32';
  const opt = o.trainer.optimizer;
  const optNames = Object.keys(opt.m);
  const state: StateJson = {
    schemaVersion: CHECKPOINT_SCHEMA_VERSION,
    step,
    savedAt: Date.now(),
    weightsDtype,
    optimizer: { step: opt.step, params: optNames },
    rng: o.trainer.rng,
    dataCursor: o.trainer.dataCursor,
    gateStats: o.trainer.gateStats,
    runConfig: o.trainer.runConfig,
    elapsedSec: o.trainer.elapsedSec,
  };
  const stateText = strictJson(state, `${name}/${STATE}`) + '\n'; // fail before writing anything
  await assertFinite(final, [
    ['weight', o.params],
    ['exp_avg', opt.m],
    ['exp_avg_sq', opt.v],
  ]);
  await mkdir(runDir, { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  try {
    const tokDir = o.tokenizerDir;
    const listed = tokDir ? new Set(await readdir(tokDir)) : new Set<string>();
    const present = TOKENIZER_FILES.filter((f) => listed.has(f));
    await saveModelFolder(tmp, o.config, o.params, { dtype: weightsDtype, tokenizerFiles: present.map((f) => join(tokDir as string, f)) });
    if (o.processor && o.config.vision && !present.includes('preprocessor_config.json'))
      await writeFile(join(tmp, 'preprocessor_config.json'), preprocessorJson(o.processor));
    await mkdir(join(tmp, 'trainer'));
    const entries = optNames.flatMap((n) => [
      { name: `exp_avg/${n}`, shape: opt.m[n].shape, data: async () => (await opt.m[n].data()) as Float32Array },
      { name: `exp_avg_sq/${n}`, shape: opt.v[n].shape, data: async () => (await opt.v[n].data()) as Float32Array },
    ]);
    await writeSafetensors(join(tmp, OPTIMIZER), entries, { dtype: 'f32' });
    await writeFile(join(tmp, STATE), stateText);
    crashPoint('save', step);
    // Re-saving a step that exists (e.g. the final step after a resume at it): rename cannot replace a non-empty
    // folder, so move the old one aside first. A kill in between leaves no step-N but two complete copies under
    // leftover names; recoverInterruptedSaves puts the new one back before anything is pruned.
    const aside = join(runDir, `${name}.old-${process.pid}`);
    const replaced = await exists(final);
    if (replaced) {
      await rename(final, aside);
      crashPoint('save-aside', step);
    }
    await rename(tmp, final);
    if (replaced) await rm(aside, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await writeFileAtomic(join(runDir, 'latest'), `${name}\n`);
  if (o.keepLast !== undefined) await pruneCheckpoints(runDir, o.keepLast, step);
  return final;
}

/**
 * Refuses to save a non-finite tensor: a checkpoint is what a user falls back to, so it must be usable. One device
 * reduction per tensor and one host read for them all.
 */
async function assertFinite(where: string, groups: [string, Record<string, tf.Tensor>][]): Promise<void> {
  const names: string[] = [];
  const flags = tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (const [kind, tensors] of groups) {
      for (const [n, t] of Object.entries(tensors)) {
        names.push(kind === 'weight' ? n : `${kind}/${n}`);
        parts.push(nonFiniteProbe(t));
      }
    }
    return parts.length ? tf.stack(parts) : tf.zeros([0]);
  });
  const values = await flags.data();
  flags.dispose();
  const bad = names.filter((_, i) => values[i] !== 0);
  if (bad.length) {
    throw new CheckpointError(
      `${where}: not saved — ${bad.length} tensor(s) hold NaN or Inf (${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}). ` +
        'Hint: the earlier checkpoints are intact; lower train.lr or check the data, then resume from one of them',
    );
  }
}

/** Architecture fields (text and vision geometry) that differ, as `text.numLayers: checkpoint 2, expected 4`. */
export function architectureDiff(checkpoint: ModelConfig, expected: ModelConfig): string[] {
  const out: string[] = [];
  const cmp = (section: string, a: object, b: object): void => {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify((a as Record<string, unknown>)[k]);
      const y = JSON.stringify((b as Record<string, unknown>)[k]);
      if (x !== y) out.push(`${section}.${k}: checkpoint ${x}, expected ${y}`);
    }
  };
  cmp('text', checkpoint.text, expected.text);
  if (checkpoint.vision && expected.vision) cmp('vision', checkpoint.vision, expected.vision);
  else if (checkpoint.vision || expected.vision)
    out.push(`vision: the checkpoint ${checkpoint.vision ? 'has' : 'has no'} vision tower, the expected model ${expected.vision ? 'has' : 'has none'}`);
  return out;
}

async function readState(file: string): Promise<StateJson> {
  let s: Partial<StateJson>;
  try {
    s = JSON.parse(await readFile(file, 'utf8')) as Partial<StateJson>;
  } catch (e) {
    throw new CheckpointError(`${file}: cannot read the trainer state (${(e as Error).message}). Hint: resume from an earlier step-N folder`);
  }
  if (s.schemaVersion !== CHECKPOINT_SCHEMA_VERSION) {
    throw new CheckpointError(
      `${file}: checkpoint schema version ${JSON.stringify(s.schemaVersion)}, this ahpo reads version ${CHECKPOINT_SCHEMA_VERSION}. Hint: resume with the ahpo version that wrote it`,
    );
  }
  const int = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  const o = s.optimizer;
  if (
    !int(s.step) ||
    !o ||
    !int(o.step) ||
    !Array.isArray(o.params) ||
    typeof s.elapsedSec !== 'number' ||
    (s.weightsDtype !== 'f32' && s.weightsDtype !== 'bf16')
  ) {
    throw new CheckpointError(`${file}: malformed trainer state (need step, optimizer.step, optimizer.params, elapsedSec, weightsDtype)`);
  }
  return s as StateJson;
}

/**
 * Loads a step folder, or the latest checkpoint of a run folder. Weights come back as tf.Variables with the
 * values on disk: exact for f32; for bf16 weights training continues from the rounded values (the moments are
 * always exact f32), so bit-exact resume needs checkpoint.dtype f32. With `expect`, a different architecture is
 * an error listing every differing field.
 */
export async function loadCheckpoint(path: string, opts: { expect?: ModelConfig; load?: LoadOptions } = {}): Promise<LoadedCheckpoint> {
  let dir = path;
  if (!(await exists(join(path, STATE)))) {
    if (STEP_DIR.test(path.split(/[\\/]/).filter(Boolean).pop() ?? ''))
      throw new CheckpointError(
        `${join(path, STATE)}: missing; ${path} is not a complete checkpoint. Hint: resume from the run folder to pick the newest complete one`,
      );
    const latest = await findLatest(path);
    if (!latest)
      throw new CheckpointError(
        `${path}: no complete checkpoint (step-N/${STATE}) to resume from${(await exists(path)) ? '' : ' (the folder does not exist)'}`,
      );
    dir = latest.dir;
  }
  const state = await readState(join(dir, STATE));
  const { config, params } = await loadModelFolder(dir, { ...opts.load, trainable: true });
  const m: Record<string, tf.Tensor> = {};
  const v: Record<string, tf.Tensor> = {};
  let file: SafetensorsFile | undefined;
  try {
    const diff = opts.expect ? architectureDiff(config, opts.expect) : [];
    if (diff.length)
      throw new CheckpointError(
        `${dir}: the checkpoint's architecture differs from the configured model:\n  - ${diff.join('\n  - ')}\nHint: resume with the model the run was started with, or start a new run (new run.name)`,
      );
    const optPath = join(dir, OPTIMIZER);
    file = await SafetensorsFile.open(optPath);
    for (const n of state.optimizer.params) {
      if (!(n in params)) throw new CheckpointError(`${optPath}: has moments for '${n}', which the model does not have`);
      for (const [key, out] of [
        [`exp_avg/${n}`, m],
        [`exp_avg_sq/${n}`, v],
      ] as const) {
        const info = file.header.tensors.get(key);
        if (!info) throw new CheckpointError(`${optPath}: tensor '${key}' is missing (state.json lists '${n}' as trained)`);
        if (info.dtype !== 'F32') throw new CheckpointError(`${optPath}: tensor '${key}' is ${info.dtype}; optimizer moments are stored as F32`);
        out[n] = tf.tensor(await file.read(key), params[n].shape, 'float32');
      }
    }
  } catch (e) {
    disposeParams(params);
    Object.values(m).forEach((t) => t.dispose());
    Object.values(v).forEach((t) => t.dispose());
    throw e;
  } finally {
    await file?.close();
  }
  return {
    dir,
    step: state.step,
    config,
    params: params as Record<string, tf.Variable>,
    optimizer: { step: state.optimizer.step, m, v },
    rng: state.rng,
    dataCursor: state.dataCursor,
    gateStats: state.gateStats,
    runConfig: state.runConfig,
    elapsedSec: state.elapsedSec,
    weightsDtype: state.weightsDtype,
    schemaVersion: state.schemaVersion,
  };
}

/**
 * Drops JSONL rows whose `step` is above lastStep (resume: those steps will be run again). Kept rows stay
 * byte-identical; a last line without its newline (a kill mid-append) is dropped; rows without a numeric step
 * are kept. Rewrites atomically, and only when something is dropped. A missing file is fine (nothing to do).
 * The io/jsonl.ts rules, on bytes rather than text: kept rows must stay byte-identical, whatever their encoding.
 */
export async function truncateJsonl(path: string, lastStep: number): Promise<{ kept: number; dropped: number }> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kept: 0, dropped: 0 };
    throw e;
  }
  const keep: Buffer[] = [];
  let dropped = 0;
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo++;
    if (nl < 0) {
      dropped++; // partial last line
      break;
    }
    const line = buf.subarray(start, nl + 1);
    start = nl + 1;
    const text = line.toString('utf8').trim();
    if (text === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      throw new CheckpointError(`${path}:${lineNo}: not valid JSON. Hint: fix or delete that line, then resume again`);
    }
    const step = (row as { step?: unknown } | null)?.step;
    if (typeof step === 'number' && step > lastStep) dropped++;
    else keep.push(line);
  }
  if (dropped > 0) await writeFileAtomic(path, Buffer.concat(keep));
  return { kept: keep.length, dropped };
}

// Model folders in the Hugging Face layout: config.json + model.safetensors, or shards listed in
// model.safetensors.index.json. This is the one place that knows HF tensor-name variants: transformers ≥ 4.52
// saves Qwen2.5-VL as `model.language_model.*` / `model.visual.*`, the official Hub checkpoints use the legacy
// `model.*` / `visual.*`; both load onto the legacy names of params.ts, and we always write the legacy layout
// (every transformers version reads it).
import * as tf from '@tensorflow/tfjs-core';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelConfig } from './config.js';
import { parseHfConfig, toHfConfig } from './config.js';
import { GENERATION_CONFIG_FILE, applyGenerationConfig, readGenerationConfig, toHfGenerationConfig, unappliedGenerationFields } from './generation-config.js';
import { checkMemory, estimateMemory } from './memory.js';
import type { ParamShapes, Params } from './params.js';
import { disposeParams, paramShapes } from './params.js';
import type { SaveDtype, TensorInfo, WriteEntry } from './safetensors.js';
import { SafetensorsFile, tensorBytes, writeSafetensors } from './safetensors.js';

export class WeightsError extends Error {}

const SINGLE_FILE = 'model.safetensors';
const INDEX_FILE = 'model.safetensors.index.json';
const EMBED = 'model.embed_tokens.weight';
const LM_HEAD = 'lm_head.weight';
// How many missing/unexpected names an error lists before "... and N more".
const LIST_CAP = 12;
// transformers' default max_shard_size is "5GB"; stay a little under so shards match what users expect.
const DEFAULT_MAX_SHARD_BYTES = 4_000_000_000;

// The HF rule (conversion_mapping.py), inverted: newer layout → legacy names. Data, not code (tinygrad's keymap).
const NEW_TO_LEGACY: Array<[RegExp, string]> = [
  [/^model\.visual\./, 'visual.'],
  [/^model\.language_model\./, 'model.'],
];

/**
 * Checkpoint keys that are not parameters and are skipped on load: rotary `inv_freq` buffers that older
 * transformers versions saved (we recompute them from rope_theta, so their values carry no information).
 */
export const IGNORED_CHECKPOINT_KEYS: readonly RegExp[] = [/(^|\.)rotary_emb\.inv_freq$/, /(^|\.)rotary_pos_emb\.inv_freq$/];

export function toLegacyName(key: string): string {
  for (const [re, to] of NEW_TO_LEGACY) if (re.test(key)) return key.replace(re, to);
  return key;
}

interface Source {
  file: SafetensorsFile;
  info: TensorInfo;
}

/** The open files of a checkpoint and where each (legacy-named) tensor lives. Close with `closeCheckpoint`. */
export interface Checkpoint {
  files: SafetensorsFile[];
  tensors: Map<string, Source>;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new WeightsError(`${path}: cannot read (${(e as Error).message})`);
  }
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('top level is not an object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new WeightsError(`${path}: not a valid JSON object (${(e as Error).message})`);
  }
}

async function exists(dir: string, name: string): Promise<boolean> {
  return (await readdir(dir)).includes(name);
}

/** Opens `model.safetensors` or the shards of `model.safetensors.index.json`, reading headers only. */
export async function openCheckpoint(dir: string): Promise<Checkpoint> {
  const ckpt: Checkpoint = { files: [], tensors: new Map() };
  const add = (key: string, file: SafetensorsFile): void => {
    const name = toLegacyName(key);
    const prev = ckpt.tensors.get(name);
    if (prev)
      throw new WeightsError(
        `${dir}: tensor '${name}' appears twice (as '${prev.info.name}' in ${prev.file.path} and '${key}' in ${file.path}); mixed key layouts?`,
      );
    ckpt.tensors.set(name, { file, info: file.info(key) });
  };
  try {
    if (await exists(dir, INDEX_FILE)) {
      const indexPath = join(dir, INDEX_FILE);
      const map = (await readJson(indexPath)).weight_map;
      if (map === null || typeof map !== 'object') throw new WeightsError(`${indexPath}: 'weight_map' must be an object {tensor: shard file}`);
      const shards = new Map<string, SafetensorsFile>();
      for (const [key, shard] of Object.entries(map as Record<string, unknown>)) {
        if (typeof shard !== 'string' || shard !== basename(shard) || shard.startsWith('.')) {
          throw new WeightsError(`${indexPath}: tensor '${key}' maps to ${JSON.stringify(shard)}; expected a shard file name in the same folder`);
        }
        let f = shards.get(shard);
        if (!f) {
          f = await SafetensorsFile.open(join(dir, shard));
          shards.set(shard, f);
          ckpt.files.push(f);
        }
        if (!f.header.tensors.has(key))
          throw new WeightsError(
            `${indexPath}: lists '${key}' in ${shard}, but that shard has no such tensor. Hint: the index and shards are from different saves`,
          );
        add(key, f);
      }
    } else if (await exists(dir, SINGLE_FILE)) {
      const f = await SafetensorsFile.open(join(dir, SINGLE_FILE));
      ckpt.files.push(f);
      for (const key of f.names) add(key, f);
    } else {
      throw new WeightsError(`${dir}: no ${SINGLE_FILE} or ${INDEX_FILE} (found: ${(await readdir(dir)).join(', ') || 'nothing'})`);
    }
    return ckpt;
  } catch (e) {
    await closeCheckpoint(ckpt);
    throw e;
  }
}

export async function closeCheckpoint(ckpt: Checkpoint): Promise<void> {
  await Promise.all(ckpt.files.map((f) => f.close()));
}

const listed = (names: string[]): string => names.slice(0, LIST_CAP).join(', ') + (names.length > LIST_CAP ? `, ... and ${names.length - LIST_CAP} more` : '');

/** Every missing, unexpected and wrongly shaped tensor, as message lines (empty when everything matches). */
export function compareShapes(expected: ParamShapes, actual: Map<string, number[]>): string[] {
  const problems: string[] = [];
  const missing = Object.keys(expected).filter((k) => !actual.has(k));
  const unexpected = [...actual.keys()].filter((k) => !(k in expected));
  if (missing.length) problems.push(`missing ${missing.length} tensor(s): ${listed(missing)}`);
  if (unexpected.length) problems.push(`unexpected ${unexpected.length} tensor(s): ${listed(unexpected)}`);
  const mismatched: string[] = [];
  for (const [k, shape] of actual) {
    const want = expected[k];
    if (want && (want.length !== shape.length || want.some((d, i) => d !== shape[i]))) {
      mismatched.push(`'${k}' has shape ${JSON.stringify(shape)} but the config expects ${JSON.stringify(want)}`);
    }
  }
  if (mismatched.length) problems.push(`${mismatched.length} shape mismatch(es): ${listed(mismatched)}`);
  return problems;
}

// A tied model's checkpoint may still carry lm_head (some exporters write the shared matrix twice). Dropping it is
// safe only if it really is the embedding; otherwise the config and weights disagree and one of them is wrong.
async function dropTiedHead(ckpt: Checkpoint, dir: string): Promise<void> {
  const head = ckpt.tensors.get(LM_HEAD);
  const embed = ckpt.tensors.get(EMBED);
  // Without an embedding the shape check reports it missing (and lm_head unexpected): a clearer message than this one.
  if (!head || !embed) return;
  const same = head.info.shape.join() === embed.info.shape.join() && equalArrays(await head.file.read(head.info.name), await embed.file.read(embed.info.name));
  if (same) {
    ckpt.tensors.delete(LM_HEAD);
    return;
  }
  throw new WeightsError(
    `${dir}: config.json has tie_word_embeddings=true but the checkpoint's ${LM_HEAD} differs from ${EMBED}. ` +
      'Hint: set tie_word_embeddings to false in config.json if the model really has a separate output head',
  );
}

function equalArrays(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface LoadOptions {
  /** Return tf.Variables (default) for training, or plain tensors for inference. */
  trainable?: boolean;
  /** Whether to budget gradients + Adam state in the memory check (default: same as `trainable`). */
  training?: boolean;
  /** Backend to check memory against (default: the active tfjs backend). */
  backend?: string;
  /** Turn a memory refusal into a warning (the user knows better than the estimate). */
  force?: boolean;
  onWarn?: (message: string) => void;
}

/**
 * Loads config.json (with generation_config.json's stop ids, when the folder has one) and the weights of a model folder. Checks memory before allocating, validates every tensor
 * name and shape against the config (one error listing all problems), then reads tensors one at a time by offset.
 */
export async function loadModelFolder(dir: string, opts: LoadOptions = {}): Promise<{ config: ModelConfig; params: Params }> {
  const trainable = opts.trainable ?? true;
  const warn = opts.onWarn ?? ((m: string) => console.warn(m));
  const configPath = join(dir, 'config.json');
  const config = parseHfConfig(await readJson(configPath), configPath);
  const generation = readGenerationConfig(dir);
  if (generation) {
    applyGenerationConfig(config, generation);
    const unapplied = unappliedGenerationFields(generation);
    if (unapplied) warn(unapplied);
  }
  const memOpts = { training: opts.training ?? trainable, backend: opts.backend ?? tf.getBackend() };
  try {
    const check = checkMemory(estimateMemory(config, memOpts), memOpts);
    if (check.warning) warn(check.warning);
  } catch (e) {
    if (!opts.force) throw e;
    warn(`${(e as Error).message} (continuing: force)`);
  }
  const ckpt = await openCheckpoint(dir);
  const params: Params = {};
  try {
    for (const name of [...ckpt.tensors.keys()]) if (IGNORED_CHECKPOINT_KEYS.some((re) => re.test(name))) ckpt.tensors.delete(name);
    if (config.text.tieWordEmbeddings) await dropTiedHead(ckpt, dir);
    const expected = paramShapes(config);
    const problems = compareShapes(expected, new Map([...ckpt.tensors].map(([k, s]) => [k, s.info.shape])));
    if (problems.length) {
      throw new WeightsError(
        `${dir}: checkpoint does not match config.json:\n  - ${problems.join('\n  - ')}\nHint: is config.json from the same model as the weights?`,
      );
    }
    // File order keeps reads sequential on disk; the result is keyed by name, so order does not leak out.
    const order = [...ckpt.tensors].sort(([, a], [, b]) => ckpt.files.indexOf(a.file) - ckpt.files.indexOf(b.file) || a.info.begin - b.info.begin);
    for (const [name, src] of order) {
      const data = await src.file.read(src.info.name);
      const t = tf.tensor(data, expected[name], 'float32');
      if (!trainable) {
        params[name] = t;
        continue;
      }
      // No variable names: tfjs requires them to be globally unique, and a policy and its reference model share ours.
      params[name] = tf.variable(t, true);
      t.dispose();
    }
    // Hand back params in paramShapes order (text, then vision), whatever the file order was.
    return { config, params: Object.fromEntries(Object.keys(expected).map((k) => [k, params[k]])) };
  } catch (e) {
    disposeParams(params);
    throw e;
  } finally {
    await closeCheckpoint(ckpt);
  }
}

export interface SaveOptions {
  /** Dtype written to disk (default f32). bf16 rounds to nearest even, as torch does. */
  dtype?: SaveDtype;
  /** Files copied into the folder as-is (tokenizer.json, tokenizer_config.json, ...), never config.json or generation_config.json. */
  tokenizerFiles?: string[];
  /** Split into shards + index above this many bytes of tensor data (default 4 GB, like HF's ~5 GB shards). */
  maxShardBytes?: number;
}

/**
 * Writes a model folder transformers can load: config.json, generation_config.json (the stop ids), and the weights in the HF legacy layout, either
 * model.safetensors or `model-0000i-of-0000n.safetensors` shards + model.safetensors.index.json. Tensors come off
 * the device one at a time (`await t.data()`, which also works on webgpu where dataSync does not).
 */
export async function saveModelFolder(dir: string, config: ModelConfig, params: Params, opts: SaveOptions = {}): Promise<void> {
  const dtype = opts.dtype ?? 'f32';
  const maxShard = opts.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES;
  const expected = paramShapes(config);
  const problems = compareShapes(expected, new Map(Object.entries(params).map(([k, t]) => [k, t.shape])));
  if (problems.length) throw new WeightsError(`saving to ${dir}: params do not match the config:\n  - ${problems.join('\n  - ')}`);
  for (const [name, t] of Object.entries(params)) {
    if (t.dtype !== 'float32') throw new WeightsError(`saving to ${dir}: param '${name}' has dtype ${t.dtype}, expected float32`);
  }
  // Both are written from `config` below; a copied one would silently replace them with another model's ids.
  const clash = (opts.tokenizerFiles ?? []).find((f) => ['config.json', GENERATION_CONFIG_FILE].includes(basename(f)));
  if (clash)
    throw new WeightsError(
      `saving to ${dir}: tokenizerFiles lists ${clash}, expected tokenizer/processor files only. Hint: config.json and ${GENERATION_CONFIG_FILE} are written from the model config`,
    );
  await mkdir(dir, { recursive: true });
  const hf = { ...toHfConfig(config), torch_dtype: dtype === 'bf16' ? 'bfloat16' : 'float32' };
  await writeFile(join(dir, 'config.json'), JSON.stringify(hf, null, 2) + '\n');
  await writeFile(join(dir, GENERATION_CONFIG_FILE), JSON.stringify(toHfGenerationConfig(config), null, 2) + '\n');

  const entry = (name: string): WriteEntry => ({ name, shape: params[name].shape, data: async () => (await params[name].data()) as Float32Array });
  const shards = planShards(Object.keys(expected).sort(), (n) => tensorBytes(expected[n], dtype), maxShard);
  // A stale file of the other kind would win on the next load (the index is checked first), so remove it.
  if (shards.length === 1) {
    await rm(join(dir, INDEX_FILE), { force: true });
    await writeSafetensors(join(dir, SINGLE_FILE), shards[0].map(entry), { dtype });
  } else {
    await rm(join(dir, SINGLE_FILE), { force: true });
    const pad = (i: number): string => String(i).padStart(5, '0');
    const weightMap: Record<string, string> = {};
    let total = 0;
    for (let i = 0; i < shards.length; i++) {
      const file = `model-${pad(i + 1)}-of-${pad(shards.length)}.safetensors`;
      await writeSafetensors(join(dir, file), shards[i].map(entry), { dtype });
      for (const n of shards[i]) {
        weightMap[n] = file;
        total += tensorBytes(expected[n], dtype);
      }
    }
    await writeFile(join(dir, INDEX_FILE), JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2) + '\n');
  }
  for (const src of opts.tokenizerFiles ?? []) await copyFile(src, join(dir, basename(src)));
}

/** Greedy split in name order; a tensor bigger than the limit gets a shard of its own (as transformers does). */
export function planShards(names: string[], bytesOf: (name: string) => number, maxBytes: number): string[][] {
  const shards: string[][] = [[]];
  let size = 0;
  for (const n of names) {
    const b = bytesOf(n);
    if (size + b > maxBytes && shards[shards.length - 1].length > 0) {
      shards.push([]);
      size = 0;
    }
    shards[shards.length - 1].push(n);
    size += b;
  }
  return shards;
}

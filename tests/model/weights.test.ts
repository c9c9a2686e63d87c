import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/model/config.js';
import { parseHfConfig, toHfConfig } from '../../src/model/config.js';
import { MemoryError, checkMemory, estimateMemory } from '../../src/model/memory.js';
import type { Params } from '../../src/model/params.js';
import { disposeParams, initParams, paramShapes } from '../../src/model/params.js';
import { readSafetensors, writeSafetensors } from '../../src/model/safetensors.js';
import { loadModelFolder, saveModelFolder } from '../../src/model/weights.js';

let root: string;
let n = 0;
const newDir = async (): Promise<string> => {
  const d = join(root, `m${n++}`);
  await mkdir(d);
  return d;
};

// A tiny vision-language geometry: every tensor family of both towers, a few KB in all.
const tinyHf = (tie: boolean): Record<string, unknown> => ({
  vocab_size: 40,
  hidden_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  intermediate_size: 24,
  rms_norm_eps: 1e-6,
  rope_theta: 1e6,
  max_position_embeddings: 128,
  rope_scaling: { type: 'mrope', mrope_section: [1, 0, 1] },
  tie_word_embeddings: tie,
  eos_token_id: 3,
  vision_config: {
    depth: 1,
    hidden_size: 8,
    num_heads: 2,
    intermediate_size: 12,
    patch_size: 2,
    temporal_patch_size: 2,
    spatial_merge_size: 2,
    window_size: 8,
    fullatt_block_indexes: [0],
    out_hidden_size: 16,
    in_chans: 3,
  },
});

// Qwen2.5-VL-7B from qwen25vl.md §1. Parsed only — never allocated.
const hf7b = {
  vocab_size: 152064,
  hidden_size: 3584,
  num_hidden_layers: 28,
  num_attention_heads: 28,
  num_key_value_heads: 4,
  intermediate_size: 18944,
  rms_norm_eps: 1e-6,
  rope_theta: 1e6,
  max_position_embeddings: 128000,
  rope_scaling: { type: 'mrope', mrope_section: [16, 24, 24] },
  tie_word_embeddings: false,
  eos_token_id: 151645,
  vision_config: {
    depth: 32,
    hidden_size: 1280,
    num_heads: 16,
    intermediate_size: 3420,
    patch_size: 14,
    temporal_patch_size: 2,
    spatial_merge_size: 2,
    window_size: 112,
    fullatt_block_indexes: [7, 15, 23, 31],
    out_hidden_size: 3584,
    in_chans: 3,
  },
};

async function values(params: Params): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(params).sort()) out[k] = Array.from(await params[k].data());
  return out;
}

/** Writes `tensors` (legacy names, from params) under new names / with edits, plus config.json. */
async function writeFolder(
  dir: string,
  config: ModelConfig | Record<string, unknown>,
  tensors: Record<string, { shape: number[]; data: Float32Array }>,
): Promise<void> {
  const hf = 'text' in config ? toHfConfig(config as ModelConfig) : config;
  await writeFile(join(dir, 'config.json'), JSON.stringify(hf));
  await writeSafetensors(
    join(dir, 'model.safetensors'),
    Object.entries(tensors).map(([name, t]) => ({ name, ...t })),
  );
}

let config: ModelConfig;
let tiedConfig: ModelConfig;
let ref: Params;
let refValues: Record<string, number[]>;
let legacy: Record<string, { shape: number[]; data: Float32Array }>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'ahpo-w-'));
  config = parseHfConfig(tinyHf(false));
  tiedConfig = parseHfConfig(tinyHf(true));
  ref = initParams(config, 7, 0.5);
  refValues = await values(ref);
  const d = await newDir();
  await saveModelFolder(d, config, ref);
  legacy = await readSafetensors(join(d, 'model.safetensors'));
});
afterAll(async () => {
  disposeParams(ref);
  await rm(root, { recursive: true, force: true });
});

describe('saveModelFolder / loadModelFolder', () => {
  it('round-trips f32 params as trainable variables without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const {
      config: { generation, ...c },
      params,
    } = await loadModelFolder(join(root, 'm0'));
    expect(c).toEqual(config);
    // saveModelFolder wrote generation_config.json with config.json's stop id; loading reads it back.
    expect(generation).toEqual({ eosTokenIds: [3], padTokenId: 3, rest: {}, file: join(root, 'm0', 'generation_config.json') });
    expect(Object.keys(params)).toEqual(Object.keys(paramShapes(config)));
    expect(Object.values(params).every((t) => t instanceof tf.Variable && t.trainable)).toBe(true);
    expect(await values(params)).toEqual(refValues);
    disposeParams(params);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes the HF legacy layout with config.json', async () => {
    const names = Object.keys(legacy);
    expect(names).toContain('model.layers.1.self_attn.q_proj.bias');
    expect(names).toContain('visual.blocks.0.attn.qkv.weight');
    expect(names).toContain('lm_head.weight');
    const cfg = JSON.parse(await readFile(join(root, 'm0', 'config.json'), 'utf8'));
    expect(cfg).toMatchObject({ model_type: 'qwen2_5_vl', hidden_size: 16, torch_dtype: 'float32' });
  });

  it('loads the newer model.language_model.* / model.visual.* layout to identical params (inv_freq skipped)', async () => {
    const d = await newDir();
    const renamed: typeof legacy = {};
    for (const [k, v] of Object.entries(legacy)) renamed[k.startsWith('visual.') ? `model.${k}` : k.replace(/^model\./, 'model.language_model.')] = v;
    expect(Object.keys(renamed)).toContain('model.language_model.embed_tokens.weight');
    expect(Object.keys(renamed)).toContain('model.visual.merger.mlp.0.bias');
    renamed['model.language_model.layers.0.self_attn.rotary_emb.inv_freq'] = { shape: [2], data: new Float32Array([1, 0.01]) };
    await writeFolder(d, config, renamed);
    const { params } = await loadModelFolder(d, { trainable: false });
    expect(Object.values(params).some((t) => t instanceof tf.Variable)).toBe(false);
    expect(await values(params)).toEqual(refValues);
    disposeParams(params);
  });

  it('shards above the size limit, writes an index and loads it back', async () => {
    const d = await newDir();
    await saveModelFolder(d, config, ref, { maxShardBytes: 4000 });
    const files = (await readdir(d)).sort();
    const shards = files.filter((f) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(f));
    expect(shards.length).toBeGreaterThan(2);
    expect(files).not.toContain('model.safetensors');
    expect(files).toContain('generation_config.json');
    const index = JSON.parse(await readFile(join(d, 'model.safetensors.index.json'), 'utf8'));
    expect(Object.keys(index.weight_map).sort()).toEqual(Object.keys(refValues));
    expect(index.metadata.total_size).toBe(Object.values(refValues).reduce((a, v) => a + v.length * 4, 0));
    const { params } = await loadModelFolder(d);
    expect(await values(params)).toEqual(refValues);
    disposeParams(params);
  });

  it('saves bf16 (round-to-nearest-even) and loads it widened', async () => {
    const d = await newDir();
    const tok = join(root, 'tokenizer.json');
    await writeFile(tok, '{"model": {}}');
    await saveModelFolder(d, config, ref, { dtype: 'bf16', tokenizerFiles: [tok] });
    expect(JSON.parse(await readFile(join(d, 'config.json'), 'utf8')).torch_dtype).toBe('bfloat16');
    expect(await readFile(join(d, 'tokenizer.json'), 'utf8')).toBe('{"model": {}}');
    const { params } = await loadModelFolder(d);
    const got = await values(params);
    const w = 'model.layers.0.mlp.up_proj.weight';
    const bits = new Uint32Array(new Float32Array(refValues[w]).buffer);
    const rne = Array.from(new Float32Array(new Uint32Array(Array.from(bits, (b) => ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) << 16)).buffer));
    expect(got[w]).toEqual(rne);
    disposeParams(params);
  });
});

describe('loader errors', () => {
  it('lists every missing and unexpected key in one error, capped', async () => {
    const d = await newDir();
    const edited = { ...legacy };
    delete edited['model.norm.weight'];
    delete edited['visual.merger.ln_q.weight'];
    for (let i = 0; i < 20; i++) edited[`extra.${String(i).padStart(2, '0')}.weight`] = { shape: [1], data: new Float32Array(1) };
    await writeFolder(d, config, edited);
    const before = tf.memory().numTensors;
    const err = await loadModelFolder(d).catch((e: Error) => e);
    expect(tf.memory().numTensors).toBe(before);
    expect((err as Error).message).toMatch(/missing 2 tensor\(s\): model\.norm\.weight, visual\.merger\.ln_q\.weight/);
    expect((err as Error).message).toMatch(/unexpected 20 tensor\(s\): extra\.00\.weight, .*extra\.11\.weight, \.\.\. and 8 more/);
  });

  it('names the tensor and both shapes on a shape mismatch', async () => {
    const d = await newDir();
    await writeFolder(d, config, { ...legacy, 'model.layers.1.self_attn.k_proj.weight': { shape: [4, 16], data: new Float32Array(64) } });
    await expect(loadModelFolder(d)).rejects.toThrow(/'model\.layers\.1\.self_attn\.k_proj\.weight' has shape \[4,16\] but the config expects \[8,16\]/);
  });

  it('tied embeddings: no lm_head is fine; an identical one is dropped; a different one is an error', async () => {
    // Same geometry minus the head; reuses ref's variables (initParams names variables, and names are global in tfjs).
    const tiedRef: Params = Object.fromEntries(Object.entries(ref).filter(([k]) => k !== 'lm_head.weight'));
    const d1 = await newDir();
    await saveModelFolder(d1, tiedConfig, tiedRef);
    expect(Object.keys(await readSafetensors(join(d1, 'model.safetensors')))).not.toContain('lm_head.weight');
    const ok = await loadModelFolder(d1);
    expect(Object.keys(ok.params)).not.toContain('lm_head.weight');
    disposeParams(ok.params);

    const tensors = await readSafetensors(join(d1, 'model.safetensors'));
    const d2 = await newDir();
    await writeFolder(d2, tiedConfig, { ...tensors, 'lm_head.weight': tensors['model.embed_tokens.weight'] });
    const same = await loadModelFolder(d2);
    expect(await values(same.params)).toEqual(await values(tiedRef));
    disposeParams(same.params);

    const d3 = await newDir();
    const other = tensors['model.embed_tokens.weight'].data.map((x) => x + 1);
    await writeFolder(d3, tiedConfig, { ...tensors, 'lm_head.weight': { shape: tensors['model.embed_tokens.weight'].shape, data: other } });
    await expect(loadModelFolder(d3)).rejects.toThrow(/tie_word_embeddings=true but the checkpoint's lm_head\.weight differs/);
  });

  it('a sharded index pointing at a missing tensor or a corrupt shard names the file', async () => {
    const d = await newDir();
    await saveModelFolder(d, config, ref, { maxShardBytes: 4000 });
    const indexPath = join(d, 'model.safetensors.index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8'));
    index.weight_map['model.norm.weight'] = 'model-00001-of-00099.safetensors';
    await writeFile(indexPath, JSON.stringify(index));
    await expect(loadModelFolder(d)).rejects.toThrow(/model-00001-of-00099\.safetensors: cannot open/);
    index.weight_map['model.norm.weight'] = '../escape.safetensors';
    await writeFile(indexPath, JSON.stringify(index));
    await expect(loadModelFolder(d)).rejects.toThrow(/tensor 'model\.norm\.weight' maps to "\.\.\/escape\.safetensors"/);
  });
});

describe('memory estimate', () => {
  const c7 = parseHfConfig(hf7b);

  it('counts the 7B parameters and budgets f32 weights (+3× for training)', () => {
    const inf = estimateMemory(c7, { training: false, backend: 'wasm' });
    expect(inf.params).toBeGreaterThan(8.2e9); // 7.6 B text + 0.67 B vision
    expect(inf.params).toBeLessThan(8.4e9);
    expect(inf.weightBytes).toBe(inf.params * 4);
    const tr = estimateMemory(c7, { training: true, backend: 'wasm' });
    expect(tr.trainingStateBytes).toBe(3 * tr.weightBytes);
    expect(tr.totalBytes).toBeGreaterThan(4 * tr.weightBytes);
  });

  it('refuses a 7B model on wasm before reading any weights, with the numbers', async () => {
    const d = await newDir();
    await writeFile(join(d, 'config.json'), JSON.stringify(hf7b));
    const err = (await loadModelFolder(d, { backend: 'wasm', trainable: false }).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(MemoryError);
    expect(err.message).toMatch(
      /^model needs 3\d\.\d GB \(8\.\d B params × 4 B f32 = 33\.\d GB \+ activations ~3\.\d GB\) for inference but the wasm backend's heap is capped at 4\.3 GB/,
    );
    expect(err.message).toMatch(/--backend tensorflow on a CUDA machine, or a smaller model/);
    // force turns the refusal into a warning; the (absent) weights are the next error.
    const warnings: string[] = [];
    await expect(loadModelFolder(d, { backend: 'wasm', force: true, onWarn: (m) => warnings.push(m) })).rejects.toThrow(
      /no model\.safetensors or model\.safetensors\.index\.json/,
    );
    expect(warnings[0]).toMatch(/heap is capped/);
  });

  it('checks cpu against free host memory and only warns for unknown backends', () => {
    const est = estimateMemory(c7, { training: true, backend: 'cpu' });
    expect(() => checkMemory(est, { training: true, backend: 'cpu', freeBytes: 64e9 })).toThrow(
      /for training but the cpu backend has only 64\.0 GB of free host memory/,
    );
    expect(checkMemory(est, { training: true, backend: 'cpu', freeBytes: 1e12 }).ok).toBe(true);
    expect(checkMemory(est, { training: true, backend: 'tensorflow' }).warning).toMatch(/tensorflow backend's memory is not checked/);
  });
});

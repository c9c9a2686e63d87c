// A Qwen2.5-VL model folder (config.json + safetensors shards + tokenizer.json + preprocessor_config.json) loads
// through one loadModel call in both key layouts, and the loaded model gives the original model's logits.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../src/data/tokenizer.js';
import { loadModel, tokensOf } from '../../src/model/load.js';
import { disposeParams, paramShapes, type Params } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { readSafetensors, writeSafetensors } from '../../src/model/safetensors.js';
import { saveModelFolder } from '../../src/model/weights.js';
import { buildVlmBatch, disposeVlmBatch, expandImagePrompt, vlmForward } from '../../src/model/vlm.js';
import { relDiff } from '../helpers.js';
import { normals, randomWeights } from './vision-reference.js';

const tokenizer = QwenTokenizer.fromDir(BUILTIN_TOKENIZER_DIR);
const config = presetConfig('tiny-vl', tokensOf(tokenizer), tokenizer.vocabSize);
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'].map((f) => join(BUILTIN_TOKENIZER_DIR, f));
const PREPROCESSOR = {
  image_processor_type: 'Qwen2VLImageProcessor',
  min_pixels: 3136,
  max_pixels: 1003520,
  patch_size: 14,
  merge_size: 2,
  temporal_patch_size: 2,
};

let root: string;
let params: Params;

beforeAll(async () => {
  await initBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'ahpo-vl-'));
  params = Object.fromEntries(Object.entries(randomWeights(paramShapes(config), 5)).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
});
afterAll(async () => {
  disposeParams(params);
  await rm(root, { recursive: true, force: true });
});

/** Saves the legacy layout (sharded), then optionally rewrites every shard with the transformers ≥ 4.52 names. */
async function makeFolder(name: string, layout: 'legacy' | 'new'): Promise<string> {
  const dir = join(root, name);
  await saveModelFolder(dir, config, params, { tokenizerFiles: TOKENIZER_FILES, maxShardBytes: 1_000_000 });
  await writeFile(join(dir, 'preprocessor_config.json'), JSON.stringify(PREPROCESSOR));
  if (layout === 'new') {
    const rename = (k: string) => (k.startsWith('visual.') ? `model.${k}` : k.replace(/^model\./, 'model.language_model.'));
    const indexPath = join(dir, 'model.safetensors.index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as { weight_map: Record<string, string> };
    for (const shard of new Set(Object.values(index.weight_map))) {
      const tensors = await readSafetensors(join(dir, shard));
      await writeSafetensors(
        join(dir, shard),
        Object.entries(tensors).map(([k, t]) => ({ name: rename(k), shape: t.shape, data: async () => t.data })),
      );
    }
    index.weight_map = Object.fromEntries(Object.entries(index.weight_map).map(([k, f]) => [rename(k), f]));
    await writeFile(indexPath, JSON.stringify(index));
  }
  return dir;
}

async function logitsOf(p: Params): Promise<Float32Array> {
  const grid = [1, 8, 10] as const;
  const prompt = expandImagePrompt(tokenizer.encode('<|vision_start|><|image_pad|><|vision_end|>What is this?'), [grid], config);
  const batch = buildVlmBatch(config, [prompt], [{ gridThw: grid, pixelValues: normals(80 * 1176, 3) }]);
  const out = vlmForward(p, config, batch).logits!;
  const data = (await out.data()) as Float32Array;
  out.dispose();
  disposeVlmBatch(batch);
  return data;
}

describe('loading a Qwen2.5-VL folder', () => {
  for (const layout of ['legacy', 'new'] as const) {
    it(`${layout} key layout, sharded: one loadModel call gives the same logits, tokenizer and processor settings`, async () => {
      const dir = await makeFolder(layout, layout);
      expect((await readdir(dir)).filter((f) => f.endsWith('.safetensors')).length).toBeGreaterThan(1);
      const before = tf.memory().numTensors;
      const model = await loadModel(dir, { trainable: false });
      expect(model.config.vision).toEqual(config.vision);
      expect(model.config.tokens.imageTokenId).toBe(tokenizer.special.imagePad);
      expect(model.tokenizer.vocabSize).toBe(tokenizer.vocabSize);
      expect(model.processor).toMatchObject({ minPixels: 3136, maxPixels: 1003520, patchSize: 14 });
      expect(await relDiff(await logitsOf(model.params), await logitsOf(params))).toBe(0);
      disposeParams(model.params);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a bad preprocessor_config.json fails before any weights are read', async () => {
    const dir = await makeFolder('bad', 'legacy');
    await writeFile(join(dir, 'preprocessor_config.json'), JSON.stringify({ ...PREPROCESSOR, patch_size: 16 }));
    const before = tf.memory().numTensors;
    await expect(loadModel(dir)).rejects.toThrow(/patch_size/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

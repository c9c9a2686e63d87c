// Parity with Hugging Face transformers on a tiny random Qwen2.5-VL recorded by scripts/reference/make_fixture.py
// (tests/fixtures/qwen25vl-tiny/README.md). Skipped, with the reason in the test name, when the fixture is absent.
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import { preprocessImage } from '../../src/data/image.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../src/data/tokenizer.js';
import type { ModelConfig } from '../../src/model/config.js';
import { disposeParams, type Params } from '../../src/model/params.js';
import { readSafetensors } from '../../src/model/safetensors.js';
import { loadModelFolder } from '../../src/model/weights.js';
import type { GridThw } from '../../src/model/vision-index.js';
import { buildVlmBatch, disposeVlmBatch, expandImagePrompt, vlmForward } from '../../src/model/vlm.js';
import { relDiff } from '../helpers.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'qwen25vl-tiny');
const PRESENT = existsSync(join(FIXTURE, 'reference.json'));
const REASON =
  'SKIPPED: tests/fixtures/qwen25vl-tiny/reference.json is absent; build it with `python3 scripts/reference/make_fixture.py` on a machine with Python transformers';
if (!PRESENT) console.warn(`vlm-parity: ${REASON}`);

// Our preprocessing ports Pillow's bicubic; the residual is fp16 storage of the recorded values (≤ ~1e-3 abs on
// values up to ~2.1) plus rare ±1 uint8 rounding differences after resampling (1/255/0.27 ≈ 1.5e-2 abs).
const PREPROCESS_TOL = 1e-2;

interface Reference {
  prompt: string;
  input_ids: number[];
  image_grid_thw: number[][];
  logits_from: number;
  image: { file: string };
  processor: { min_pixels: number; max_pixels: number };
  versions: Record<string, string>;
}

describe.skipIf(!PRESENT)(`parity with transformers Qwen2.5-VL${PRESENT ? '' : ` (${REASON})`}`, () => {
  let meta: Reference;
  let ref: Record<string, { shape: number[]; data: Float32Array }>;
  let config: ModelConfig;
  let params: Params;
  beforeAll(async () => {
    await initBackend('wasm');
    meta = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as Reference;
    ref = await readSafetensors(join(FIXTURE, 'reference.safetensors'));
    ({ config, params } = await loadModelFolder(join(FIXTURE, 'model'), { trainable: false }));
  });
  afterAll(() => params && disposeParams(params));

  const grid = (): GridThw => meta.image_grid_thw[0] as unknown as GridThw;

  it('recorded pixel_values → our logits match the transformers logits (max|Δ|/max|ref| ≤ 1e-4)', async () => {
    const batch = buildVlmBatch(config, [meta.input_ids], [{ gridThw: grid(), pixelValues: ref.pixel_values.data }]);
    const logits = vlmForward(params, config, batch).logits!;
    const T = meta.input_ids.length;
    const ours = tf.slice(logits, [0, meta.logits_from, 0], [1, T - meta.logits_from, -1]);
    expect(ours.shape.slice(1)).toEqual(ref.logits.shape);
    const d = await relDiff(ours, ref.logits.data);
    console.log(`vlm-parity: logits max|Δ|/max|ref| = ${d.toExponential(2)} (transformers ${meta.versions.transformers})`);
    expect(d).toBeLessThan(1e-4);
    tf.dispose([logits, ours]);
    disposeVlmBatch(batch);
  });

  it('our tokenizer and <|image_pad|> expansion reproduce the recorded input ids exactly', () => {
    const tok = QwenTokenizer.fromDir(BUILTIN_TOKENIZER_DIR);
    expect(expandImagePrompt(tok.encode(meta.prompt), [grid()], config)).toEqual(meta.input_ids);
  });

  it(`our preprocessing of the fixture image matches the processor's pixel_values (max|Δ|/max|ref| ≤ ${PREPROCESS_TOL})`, async () => {
    const img = await preprocessImage(join(FIXTURE, meta.image.file), { minPixels: meta.processor.min_pixels, maxPixels: meta.processor.max_pixels });
    expect(img.gridThw).toEqual(grid());
    const d = await relDiff(img.pixelValues, ref.pixel_values.data);
    const mean = img.pixelValues.reduce((a, x, i) => a + Math.abs(x - ref.pixel_values.data[i]), 0) / img.pixelValues.length;
    console.log(`vlm-parity: preprocessing max|Δ|/max|ref| = ${d.toExponential(2)}, mean |Δ| = ${mean.toExponential(2)}`);
    expect(d).toBeLessThan(PREPROCESS_TOL);
  });
});

// Shared test utilities: relative tensor comparison, leak checks, tiny model builders.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { presetConfig } from '../src/model/presets.js';
import type { ModelConfig } from '../src/model/config.js';
import { textPositionIds } from '../src/model/rope.js';
import type { TextInputs } from '../src/model/text.js';
import { renderPrompt } from '../src/data/chat-template.js';
import { preprocessRgb } from '../src/data/image.js';
import type { QwenTokenizer } from '../src/data/tokenizer.js';
import { expandImagePrompt, type ImageInput } from '../src/model/vlm.js';
import type { PreparedPrompt } from '../src/rollout/policy.js';

/** max|a − b| / max|b|: the project's tensor comparison (never element-wise relative error). */
export async function relDiff(a: tf.Tensor | ArrayLike<number>, b: tf.Tensor | ArrayLike<number>): Promise<number> {
  const x = a instanceof tf.Tensor ? await a.data() : a;
  const y = b instanceof tf.Tensor ? await b.data() : b;
  expect(x.length).toBe(y.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num = Math.max(num, Math.abs(x[i] - y[i]));
    den = Math.max(den, Math.abs(y[i]));
  }
  return den === 0 ? num : num / den;
}

/** Runs fn a few times after a warm-up and asserts the live tensor count does not grow. */
export async function expectNoLeak(fn: () => unknown | Promise<unknown>, repeats = 3): Promise<void> {
  await fn();
  const before = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) await fn();
  expect(tf.memory().numTensors).toBe(before);
}

export function tinyConfig(vocab = 40): ModelConfig {
  return presetConfig(
    'tiny-test',
    { eosTokenIds: [1], padTokenId: 0, imageTokenId: vocab - 1, visionStartTokenId: vocab - 3, visionEndTokenId: vocab - 2 },
    vocab,
  );
}

/** A left-padded text batch from token lists. */
export function textBatch(rows: number[][], padId = 0): TextInputs & { mask: number[][] } {
  const time = Math.max(...rows.map((r) => r.length));
  const ids = rows.map((r) => [...new Array(time - r.length).fill(padId), ...r]);
  const mask = rows.map((r) => [...new Array(time - r.length).fill(0), ...new Array(r.length).fill(1)]);
  return {
    inputIds: tf.tensor2d(ids, [rows.length, time], 'int32'),
    attentionMask: tf.tensor2d(mask, [rows.length, time], 'int32'),
    positionIds: tf.tensor3d(textPositionIds(mask), [3, rows.length, time], 'int32'),
    mask,
  };
}

export function disposeBatch(b: TextInputs): void {
  b.inputIds.dispose();
  b.attentionMask.dispose();
  b.positionIds.dispose();
  b.imageEmbeds?.dispose();
}

/** A preprocessed image of deterministic noise (an LCG over the bytes), w × h pixels. */
export function noiseImage(seed: number, w: number, h: number): ImageInput {
  const rgb = new Uint8Array(w * h * 3);
  let s = seed;
  for (let i = 0; i < rgb.length; i++) rgb[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  const p = preprocessRgb(rgb, w, h);
  return { pixelValues: p.pixelValues, gridThw: p.gridThw };
}

/** A chat prompt with the images first, then the text, image-pad runs expanded for `cfg`. */
export function imagePrompt(tok: QwenTokenizer, cfg: ModelConfig, id: number, text: string, images: ImageInput[]): PreparedPrompt {
  const content = [...images.map(() => ({ type: 'image' as const })), { type: 'text' as const, text }];
  return {
    id,
    ids: expandImagePrompt(
      tok.encode(renderPrompt(tok, [{ role: 'user', content }])),
      images.map((i) => i.gridThw),
      cfg,
    ),
    images,
  };
}

// Real-size parity: ahpo loads a model folder saved by Python transformers (scripts/reference/real_size_parity.py:
// random-init Qwen2.5-VL with the 3B dimensions, fp32) on the webgpu backend, runs the image + text forward of the
// recorded prompt and compares the last positions' logits with PyTorch's: max|Δ| / max|ref| ≤ 1e-3. Prints the load
// and forward times and one `RESULT {json}` line; exits 1 when the logits differ, 2 on a usage error.
//
//   npx tsx bench/gpu/real-size-parity.ts <folder> [--backend webgpu|cpu|wasm] [--tol 1e-3]
//   npx tsx bench/gpu/real-size-parity.ts <folder> --tiny      # no Python needed: see below
//
// <folder> holds what the Python script writes: model/ (config.json + safetensors in the HF layout),
// fixture.json (input_ids, image_grid_thw, logits_positions, provenance) and reference.safetensors
// (pixel_values [N, 1176] and logits [positions, vocab], float32).
//
// --tiny checks this whole path without transformers: it builds a tiny-vl model with ahpo (vocab 2048, the same
// prompt layout, one 448×448 image = grid [1, 32, 32], 256 image tokens), saves it with saveModelFolder, writes the
// fixture files in the same format with reference logits from the cpu backend (through the same load → forward
// path), and then compares the chosen backend against them (tolerance 1e-4 unless --tol is given).
//
// On the GPU machine bench/gpu/run.sh runs this esbuild-bundled (app/parity.mjs) after the Python script:
// `bash bench/gpu/run.sh parity` (see bench/gpu/README.md).
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelConfig } from '../../src/model/config.js';
import { countParams, disposeParams, initParams, paramShapes, type Params } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { readSafetensors, writeSafetensors } from '../../src/model/safetensors.js';
import { buildVlmBatch, disposeVlmBatch, expandImagePrompt, vlmForward } from '../../src/model/vlm.js';
import type { GridThw } from '../../src/model/vision-index.js';
import { loadModelFolder, saveModelFolder } from '../../src/model/weights.js';
import { describeBackend, initBackend, type BackendChoice } from '../../src/runtime/backend.js';

interface Fixture {
  input_ids: number[];
  image_grid_thw: GridThw[];
  /** Positions (0-based, into input_ids) whose logits reference.safetensors holds, in order. */
  logits_positions: number[];
  /** Provenance: versions, seed, device, timings of the reference side. */
  [key: string]: unknown;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    backend: { type: 'string', default: 'webgpu' },
    tol: { type: 'string' },
    tiny: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || positionals.length !== 1) {
  console.error('usage: real-size-parity <folder> [--backend webgpu|cpu|wasm] [--tol 1e-3] [--tiny]');
  process.exit(2);
}
const dir = resolve(positionals[0]);
const backend = values.backend as BackendChoice;
const tol = Number(values.tol ?? (values.tiny ? 1e-4 : 1e-3));
const log = (s: string): void => console.log(s);
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Loads <dir>/model on the current backend (plain tensors), runs the forward once or twice, returns the logits rows. */
async function loadAndForward(
  fx: Fixture,
  pixelValues: Float32Array,
  repeats: number,
): Promise<{ logits: Float32Array; vocab: number; loadS: number; forwardS: number[]; config: ModelConfig }> {
  const t0 = performance.now();
  // loadModel(folder) = tokenizer.json + preprocessor_config.json + this call; the fixture has no tokenizer (the ids
  // are recorded), so the weights path is called directly: config.json, memory check, names/shapes, safetensors.
  const { config, params } = await loadModelFolder(join(dir, 'model'), { trainable: false, onWarn: (m) => log(`note: ${m}`) });
  const loadS = (performance.now() - t0) / 1000;
  log(
    `loaded ${countParams(paramShapes(config)).toLocaleString('en')} parameters on ${tf.getBackend()} in ${loadS.toFixed(1)} s (host rss ${mb(process.memoryUsage().rss)})`,
  );
  const forwardS: number[] = [];
  let logits: Float32Array = new Float32Array(0);
  try {
    for (let r = 0; r < repeats; r++) {
      const batch = buildVlmBatch(config, [fx.input_ids], [{ pixelValues, gridThw: fx.image_grid_thw[0] }]);
      const t1 = performance.now();
      const rows = tf.tidy(() => {
        const all = vlmForward(params, config, batch).logits!; // [1, T, V]
        return tf.gather(tf.reshape(all, [-1, config.text.vocabSize]), tf.tensor1d(fx.logits_positions, 'int32'));
      });
      logits = (await rows.data()) as Float32Array; // the only read: asynchronous (no dataSync on webgpu)
      forwardS.push((performance.now() - t1) / 1000);
      rows.dispose();
      disposeVlmBatch(batch);
      log(
        `forward ${r + 1} (${fx.input_ids.length} tokens, ${batch.imageTokenCount} image tokens${r === 0 ? '; includes upload to the device and kernel compilation' : ''}): ${forwardS[r].toFixed(2)} s`,
      );
    }
  } finally {
    disposeParams(params);
  }
  return { logits, vocab: config.text.vocabSize, loadS, forwardS, config };
}

/** --tiny: writes a fixture in the Python script's format from a tiny-vl model, reference logits from cpu. */
async function writeTinyFixture(): Promise<void> {
  await initBackend('cpu');
  const vocab = 2048;
  // The Qwen special tokens, moved to the top of a 2048 vocab: im_start, im_end, vision start/end, image pad.
  const [imStart, imEnd, vStart, vEnd, imagePad] = [2040, 2041, 2042, 2043, 2044];
  const config = presetConfig(
    'tiny-vl',
    { eosTokenIds: [imEnd], padTokenId: 2039, imageTokenId: imagePad, visionStartTokenId: vStart, visionEndTokenId: vEnd },
    vocab,
  );
  const grid: GridThw = [1, 32, 32]; // one 448×448 image: 32×32 patches of 14 px, 256 merged tokens
  // The chat layout of the Python fixture (system turn, user turn with the image then text, assistant prompt), with
  // ordinary ids below 2039 standing in for the words.
  const nl = 198;
  const prompt = [
    imStart,
    1848,
    nl,
    261,
    525,
    264,
    1095,
    1784,
    13,
    imEnd,
    nl,
    imStart,
    872,
    nl,
    vStart,
    imagePad,
    vEnd,
    1478,
    419,
    1168,
    13,
    imEnd,
    nl,
    imStart,
    1707,
    nl,
  ];
  const ids = expandImagePrompt(prompt, [grid], config);
  const n = grid[0] * grid[1] * grid[2] * 1176;
  const pixels = new Float32Array(n);
  for (let i = 0; i < n; i++) pixels[i] = Math.sin(i * 0.0123 + 0.5) * 1.7 + Math.cos(i * 0.00071) * 0.3; // CLIP-normalised range
  const params: Params = initParams(config, 0, 0.1);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await saveModelFolder(join(dir, 'model'), config, params);
  disposeParams(params);
  const fx: Fixture = {
    input_ids: ids,
    image_grid_thw: [grid],
    logits_positions: Array.from({ length: 8 }, (_, k) => ids.length - 8 + k),
    source: 'ahpo --tiny (tiny-vl, vocab 2048, initParams seed 0 std 0.1), reference = ahpo cpu backend',
  };
  await writeFile(join(dir, 'fixture.json'), JSON.stringify(fx) + '\n');
  log('--tiny: reference on cpu through the same load → forward path');
  const ref = await loadAndForward(fx, pixels, 1);
  await writeSafetensors(join(dir, 'reference.safetensors'), [
    { name: 'pixel_values', shape: [n / 1176, 1176], data: pixels },
    { name: 'logits', shape: [fx.logits_positions.length, ref.vocab], data: ref.logits },
  ]);
}

if (values.tiny) await writeTinyFixture();

const fx = JSON.parse(await readFile(join(dir, 'fixture.json'), 'utf8')) as Fixture;
const refs = await readSafetensors(join(dir, 'reference.safetensors'));
if (fx.image_grid_thw.length !== 1) throw new Error(`${dir}/fixture.json: expected one image, got ${fx.image_grid_thw.length}`);
const info = await initBackend(backend);
log(`backend: ${describeBackend(info)}`);
log(
  `fixture: ${fx.input_ids.length} tokens, image grid ${JSON.stringify(fx.image_grid_thw[0])}, logits at ${fx.logits_positions.length} positions; reference: ${String(fx.source ?? 'unknown')}`,
);
const got = await loadAndForward(fx, refs.pixel_values.data, 2);
const want = refs.logits.data;
if (want.length !== got.logits.length)
  throw new Error(`reference logits have ${want.length} values, ours ${got.logits.length} (vocab ${got.vocab} × ${fx.logits_positions.length} positions)`);
let maxDiff = 0;
let maxRef = 0;
let argmaxAgree = 0;
for (let p = 0; p < fx.logits_positions.length; p++) {
  let [bestA, bestB] = [0, 0];
  for (let v = 0; v < got.vocab; v++) {
    const i = p * got.vocab + v;
    maxDiff = Math.max(maxDiff, Math.abs(got.logits[i] - want[i]));
    maxRef = Math.max(maxRef, Math.abs(want[i]));
    if (got.logits[i] > got.logits[p * got.vocab + bestA]) bestA = v;
    if (want[i] > want[p * got.vocab + bestB]) bestB = v;
  }
  if (bestA === bestB) argmaxAgree++;
}
const rel = maxRef === 0 ? maxDiff : maxDiff / maxRef;
const ok = Number.isFinite(rel) && rel <= tol;
log(
  `logits (last ${fx.logits_positions.length} positions × vocab ${got.vocab}): max|Δ| ${maxDiff.toExponential(3)}, max|ref| ${maxRef.toFixed(3)}, rel ${rel.toExponential(3)} (bound ${tol}); argmax agrees at ${argmaxAgree}/${fx.logits_positions.length} → ${ok ? 'PASS' : 'FAIL'}`,
);
log(`load ${got.loadS.toFixed(1)} s, forward ${got.forwardS.map((s) => s.toFixed(2)).join(' s, ')} s (first includes upload + compilation)`);
console.log(
  'RESULT ' +
    JSON.stringify({
      bench: 'real-size-parity',
      backend: info.name,
      detail: info.detail,
      tiny: values.tiny,
      params: countParams(paramShapes(got.config)),
      tokens: fx.input_ids.length,
      grid: fx.image_grid_thw[0],
      loadS: got.loadS,
      forwardS: got.forwardS,
      maxAbsDiff: maxDiff,
      maxAbsRef: maxRef,
      rel,
      tol,
      argmaxAgree,
      pass: ok,
      reference: fx.source ?? null,
    }),
);
process.exitCode = ok ? 0 : 1;

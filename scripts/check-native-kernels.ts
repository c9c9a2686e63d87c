// Checks that every tfjs kernel our model, losses and optimizer dispatch is registered by the native backend
// (@tensorflow/tfjs-node / tfjs-node-gpu, backend 'tensorflow'). tfjs has no per-kernel fallback: a kernel the active
// backend lacks makes engine.runKernel throw "Kernel 'X' not registered for backend 'tensorflow'", so one missing
// kernel breaks training on the GPU path — which cannot be run on our machines (libtensorflow is not installable
// here). This script is the substitute check:
//   1. runs named workloads on the `cpu` backend and records every kernel the engine dispatches, including those
//      run by gradient functions (backward pass), custom gradients and the optimizer, with the calling line in src/;
//   2. downloads the tfjs-node and tfjs-node-gpu tarballs with `npm pack` (no install, no install script, no
//      libtensorflow) and reads which kernels their dist/register_all_kernels.js registers;
//   3. prints a Markdown report (or writes it with --out) and exits 1 when a used kernel is missing natively, 2 when
//      the check is incomplete (a workload threw, or a source file that dispatches tfjs ops is exercised by no
//      workload, so its kernels would go unchecked), 3 when the script itself failed.
//
// Usage: npx tsx scripts/check-native-kernels.ts [--out docs/kernels.md] [--tarballs DIR]
//   --tarballs DIR  use tensorflow-tfjs-node-<v>.tgz / tensorflow-tfjs-node-gpu-<v>.tgz already in DIR (offline runs)
//
// To cover new model code (the vision tower, AHPO losses, rollout sampling), add an entry to WORKLOADS and list the
// files it exercises in `covers`.
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelConfig } from '../src/model/config.js';
import { KVCache } from '../src/model/kv-cache.js';
import { tokenLogprobs } from '../src/model/logprobs.js';
import { disposeParams, gradsByName, initParams } from '../src/model/params.js';
import { presetConfig } from '../src/model/presets.js';
import { textPositionIds } from '../src/model/rope.js';
import { forward, type TextInputs } from '../src/model/text.js';
import { generate } from '../src/rollout/generate.js';
import { ModelPolicy } from '../src/rollout/policy.js';
import { initBackend } from '../src/runtime/backend.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Source folders whose tfjs calls must be exercised by some workload. */
const CHECKED_DIRS = ['src/model', 'src/ahpo', 'src/rollout'];

// ---------------------------------------------------------------------------------------------------------------
// Workloads

interface Workload {
  name: string;
  description: string;
  /** Source files (relative to the repo root) whose tfjs calls this workload exercises. */
  covers: string[];
  run: () => void | Promise<void>;
}

/** The unit tests' tiny text model (tests/helpers.ts tinyConfig; not imported because it pulls in vitest). */
function tinyConfig(vocab = 40): ModelConfig {
  return presetConfig(
    'tiny-test',
    { eosTokenIds: [1], padTokenId: 0, imageTokenId: vocab - 1, visionStartTokenId: vocab - 3, visionEndTokenId: vocab - 2 },
    vocab,
  );
}

/** A left-padded text batch (tests/helpers.ts textBatch). */
function textBatch(rows: number[][], offsets?: number[], padId = 0): TextInputs & { mask: number[][] } {
  const time = Math.max(...rows.map((r) => r.length));
  const ids = rows.map((r) => [...new Array(time - r.length).fill(padId), ...r]);
  const mask = rows.map((r) => [...new Array(time - r.length).fill(0), ...new Array(r.length).fill(1)]);
  return {
    inputIds: tf.tensor2d(ids, [rows.length, time], 'int32'),
    attentionMask: tf.tensor2d(mask, [rows.length, time], 'int32'),
    positionIds: tf.tensor3d(textPositionIds(mask, offsets), [3, rows.length, time], 'int32'),
    mask,
  };
}

function disposeBatch(b: TextInputs): void {
  tf.dispose([b.inputIds, b.attentionMask, b.positionIds]);
  b.imageEmbeds?.dispose();
}

const ROWS = [
  [5, 6, 7, 8, 9, 10, 11],
  [12, 13, 14],
  [20, 21, 22, 23, 24],
];

/** Masked mean negative log-likelihood: a stand-in for the AHPO losses until src/ahpo has them. */
function maskedNll(lp: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.div(tf.sum(tf.mul(lp, mask)), tf.maximum(tf.sum(mask), 1))) as tf.Scalar;
}

/** Targets = inputs shifted left by one; the last position predicts padding and is masked out. */
function shiftedTargets(b: TextInputs & { mask: number[][] }): { targets: tf.Tensor2D; lossMask: tf.Tensor2D } {
  return tf.tidy(() => {
    const [rows, time] = b.inputIds.shape;
    const targets = tf.concat([tf.slice(b.inputIds, [0, 1], [rows, time - 1]), tf.zeros([rows, 1], 'int32')], 1) as tf.Tensor2D;
    const m = b.mask.map((r) => [...r.slice(1), 0]);
    return { targets, lossMask: tf.tensor2d(m, [rows, time], 'float32') };
  });
}

const WORKLOADS: Workload[] = [
  {
    name: 'train-step',
    description:
      'initParams, then 2 × (tokenLogprobs at temperature 0.7 in 3 row chunks → masked NLL → gradsByName backward incl. the chunked custom gradient → tf.train.adam step)',
    covers: ['src/model/params.ts', 'src/model/logprobs.ts', 'src/model/text.ts', 'src/model/layers.ts', 'src/model/rope.ts'],
    run: () => {
      const cfg = tinyConfig();
      const params = initParams(cfg, 3, 0.2);
      const batch = textBatch(ROWS);
      const { targets, lossMask } = shiftedTargets(batch);
      const opt = tf.train.adam(1e-3);
      // Two steps: the first creates Adam's moment slots, the second runs the steady-state update.
      for (let step = 0; step < 2; step++) {
        // chunkFloats = 8 rows × vocab 40 → 21 rows split into 3 chunks, exercising the concat paths.
        const { value, grads } = gradsByName(params, () =>
          maskedNll(tokenLogprobs(params, cfg, batch, targets, { temperature: 0.7, chunkFloats: 8 * 40 }), lossMask),
        );
        // Optimizers look variables up by their engine name; gradsByName keys by parameter name.
        opt.applyGradients(Object.fromEntries(Object.entries(grads).map(([n, g]) => [params[n].name, g])) as Parameters<typeof opt.applyGradients>[0]);
        tf.dispose([value, ...Object.values(grads)]);
      }
      opt.dispose();
      tf.dispose([targets, lossMask]);
      disposeBatch(batch);
      disposeParams(params);
    },
  },
  {
    name: 'forward-all',
    description: "forward(…, logits 'all') on a left-padded batch, untied lm_head",
    covers: ['src/model/text.ts', 'src/model/layers.ts', 'src/model/rope.ts'],
    run: () => {
      const base = tinyConfig();
      const cfg: ModelConfig = { ...base, text: { ...base.text, tieWordEmbeddings: false } };
      const params = initParams(cfg, 4, 0.2);
      const batch = textBatch(ROWS);
      tf.dispose(forward(params, cfg, batch).logits!);
      disposeBatch(batch);
      disposeParams(params);
    },
  },
  {
    name: 'cached-decode',
    description: "prefill with a KVCache (logits 'last'), cache.selectRows([0,0,1,2]) to repeat a prompt, two one-token decode steps, selectRows to drop a row",
    covers: ['src/model/kv-cache.ts', 'src/model/text.ts', 'src/model/layers.ts', 'src/model/rope.ts'],
    run: () => {
      const cfg = tinyConfig();
      const params = initParams(cfg, 5, 0.2);
      const cache = new KVCache(cfg.text.numLayers);
      const prompt = textBatch(ROWS);
      tf.dispose(forward(params, cfg, prompt, cache, 'last').logits!);
      cache.selectRows([0, 0, 1, 2]);
      const lengths = [ROWS[0].length, ROWS[0].length, ROWS[1].length, ROWS[2].length];
      for (let step = 0; step < 2; step++) {
        const next = textBatch(
          lengths.map((_, i) => [30 + i]),
          lengths.map((n) => n + step),
        );
        tf.dispose(forward(params, cfg, next, cache, 'last').logits!);
        disposeBatch(next);
      }
      cache.selectRows([0, 2, 3]);
      cache.dispose();
      disposeBatch(prompt);
      disposeParams(params);
    },
  },
  {
    name: 'group-sampling',
    description: 'rollout generate: prefill 3 left-padded prompts once, repeat rows for G = 2, 4 top-p sampling steps with suppressed ids',
    covers: [
      'src/rollout/generate.ts',
      'src/rollout/policy.ts',
      'src/rollout/sampler.ts',
      'src/rollout/rng.ts',
      'src/model/kv-cache.ts',
      'src/model/text.ts',
      'src/model/layers.ts',
      'src/model/rope.ts',
    ],
    run: async () => {
      const cfg = tinyConfig();
      const params = initParams(cfg, 8, 0.2);
      const prompts = ROWS.map((ids, i) => ({ id: i, ids }));
      // No stop ids, so every step runs.
      await generate(new ModelPolicy(params, cfg), prompts, {
        groupSize: 2,
        maxNewTokens: 4,
        seed: 0,
        step: 0,
        temperature: 0.8,
        topK: 0,
        topP: 0.9,
        stopIds: [],
        suppressIds: [0],
      });
      disposeParams(params);
    },
  },
  {
    name: 'vlm-ahpo-update',
    description:
      'tiny-vl: preprocessed images through the vision tower (window + full attention, merger) into the decoder; one AHPO update (on-policy surrogate + entropy, expert NLL, AdamW, clip) through src/train/update.ts',
    covers: ['src/model/vision.ts', 'src/model/vlm.ts', 'src/ahpo/losses.ts', 'src/train/update.ts', 'src/train/sequences.ts', 'src/train/optimizer.ts'],
    run: async () => {
      const { QwenTokenizer } = await import('../src/data/tokenizer.js');
      const { tokensOf } = await import('../src/model/load.js');
      const { presetConfig } = await import('../src/model/presets.js');
      const { preprocessRgb } = await import('../src/data/image.js');
      const { expandImagePrompt } = await import('../src/model/vlm.js');
      const { createAdamW, disposeAdamW } = await import('../src/train/optimizer.js');
      const { resolveConfig } = await import('../src/train/config.js');
      const { update } = await import('../src/train/update.js');
      const tok = QwenTokenizer.fromDir();
      const cfg = presetConfig('tiny-vl', tokensOf(tok), tok.vocabSize);
      const params = initParams(cfg, 9, 0.1);
      const image = preprocessRgb(
        new Uint8Array(56 * 84 * 3).map((_, i) => (i * 37) & 255),
        56,
        84,
      );
      const prompt = expandImagePrompt(
        [tok.special.imStart, tok.special.visionStart, cfg.tokens.imageTokenId, tok.special.visionEnd, 30, 31],
        [image.gridThw],
        cfg,
      );
      const images = [{ pixelValues: image.pixelValues, gridThw: image.gridThw }];
      const w = (n: number) => new Float32Array(n).fill(0.1);
      const sequences = [
        { kind: 'on' as const, promptIds: prompt, images, completion: [40, 41, 42], weights: w(3), oldLogp: [-2, -2, -2], advantage: 0.7 },
        { kind: 'on' as const, promptIds: prompt, images, completion: [43, 44], weights: w(2), oldLogp: [-2, -2], advantage: -0.7 },
        { kind: 'off' as const, promptIds: prompt, images, completion: [45, 46, tok.special.imEnd], weights: w(3) },
      ];
      const runCfg = resolveConfig({ ahpo: { entropyCoef: 0.01 }, train: { microBatch: 2 } });
      const optimizer = createAdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 });
      await update({ trainConfig: runCfg, modelConfig: cfg, params, optimizer, suppressIds: [cfg.tokens.imageTokenId] }, sequences, 1e-3);
      disposeAdamW(optimizer);
      disposeParams(params);
    },
  },
  {
    // Keep last: a throw inside tf.variableGrads can leave the engine's tape state behind for later workloads.
    name: 'image-embeds',
    description:
      'forward + backward with imageEmbeds replacing <|image_pad|> rows (the vision-tower seam), gradients w.r.t. parameters and the image embeddings',
    covers: ['src/model/text.ts', 'src/model/logprobs.ts', 'src/model/layers.ts', 'src/model/rope.ts'],
    run: () => {
      const cfg = tinyConfig();
      const img = cfg.tokens.imageTokenId;
      const params = initParams(cfg, 6, 0.2);
      const batch = textBatch([
        [5, 37, img, img, 38, 9],
        [37, img, img, 38],
      ]);
      const init = tf.randomNormal([4, cfg.text.hiddenSize], 0, 0.5, 'float32', 1);
      const image = tf.variable(init, true);
      init.dispose();
      const inputs: TextInputs = { ...batch, imageEmbeds: image as tf.Tensor2D };
      const { targets, lossMask } = shiftedTargets(batch);
      const names = Object.keys(params);
      const { value, grads } = tf.variableGrads(
        () => maskedNll(tokenLogprobs(params, cfg, inputs, targets), lossMask),
        [...names.map((n) => params[n]), image],
      );
      tf.dispose([value, ...Object.values(grads), targets, lossMask, image]);
      disposeBatch(batch);
      disposeParams(params);
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Recording dispatched kernels

type Phase = 'forward' | 'backward' | 'optimizer';

interface KernelUse {
  workloads: Set<string>;
  phases: Set<Phase>;
  dtypes: Set<string>;
  /** First frame in src/ (file:line) for each distinct call site. */
  sites: Set<string>;
  calls: number;
}

const used = new Map<string, KernelUse>();
let currentWorkload = '';
/** Every kernel output of the current workload, to find the ones still alive at its end (leaks) and their origin. */
let created: { tensor: tf.Tensor; kernel: string; site: string }[] = [];
/** Forward kernel whose registered gradient is running (tfjs's gradient functions live in tfjs, not in src/). */
let gradientOf: string | undefined;

type GradFunc = (...args: unknown[]) => Record<string, () => unknown>;

/**
 * Wraps every registered gradient so kernels it dispatches are attributed to "∂<forward kernel>". A gradFunc returns
 * closures that backpropagation calls later, so those are wrapped too.
 */
function labelGradients(): () => void {
  const restore: (() => void)[] = [];
  const names = new Set(Object.values(tf as unknown as Record<string, unknown>).filter((v): v is string => typeof v === 'string'));
  for (const name of names) {
    const config = tf.getGradient(name) as unknown as { gradFunc: GradFunc } | undefined;
    if (!config) continue;
    const original = config.gradFunc;
    const under = <T>(f: () => T): T => {
      const outer = gradientOf;
      gradientOf = name;
      try {
        return f();
      } finally {
        gradientOf = outer;
      }
    };
    config.gradFunc = (...args: unknown[]) => {
      const grads = under(() => original(...args));
      return Object.fromEntries(Object.entries(grads).map(([input, f]) => [input, () => under(f)]));
    };
    restore.push(() => (config.gradFunc = original));
  }
  return () => restore.forEach((r) => r());
}

/**
 * The innermost stack frame in our code (src/, or scripts/ for this script's stand-in loss), as path:line. When the
 * engine's backpropagation is reached first, the kernel came from tfjs itself (summing gradients that meet at one
 * tensor), not from a line of ours. tfjs frames map (via its source maps) to tfjs-core/src/…, which is skipped.
 */
function ourCallSite(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    if (/backpropagateGradients/.test(line)) return 'tfjs backprop (gradient accumulation)';
    if (/applyGradients/.test(line)) return 'tf.train.adam';
    const m = /\(?((?:file:\/\/)?\/[^():]+\.ts):(\d+):\d+\)?$/.exec(line.trim());
    if (!m) continue;
    const file = relative(ROOT, m[1].replace(/^file:\/\//, ''));
    if (file.startsWith('src/') || (file.startsWith('scripts/') && !/installRecorder|runKernel/.test(line))) return `${file}:${m[2]}`;
  }
  return undefined;
}

function phaseOf(stack: string): Phase {
  // Adam's update runs outside any gradient computation; gradient functions run under backpropagateGradients, and a
  // custom gradient's gradFunc under the same call.
  if (/applyGradients/.test(stack)) return 'optimizer';
  if (/backpropagateGradients/.test(stack)) return 'backward';
  return 'forward';
}

/**
 * Wraps the engine's runKernel: every op (ours, tfjs's gradient functions — including the esbuild-bundled copy, which
 * shares the global engine — and the optimizer) dispatches through it.
 */
function installRecorder(): () => void {
  const engine = tf.engine() as unknown as { runKernel: (name: string, inputs: Record<string, tf.Tensor>, attrs?: unknown) => unknown };
  const original = engine.runKernel;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  engine.runKernel = function (this: unknown, name: string, inputs: Record<string, tf.Tensor>, attrs?: unknown) {
    const stack = new Error().stack ?? '';
    let u = used.get(name);
    if (!u) used.set(name, (u = { workloads: new Set(), phases: new Set(), dtypes: new Set(), sites: new Set(), calls: 0 }));
    u.calls++;
    u.workloads.add(currentWorkload);
    u.phases.add(phaseOf(stack));
    const dt = Object.values(inputs ?? {})
      .filter((t): t is tf.Tensor => t instanceof tf.Tensor)
      .map((t) => t.dtype);
    if (dt.length) u.dtypes.add([...new Set(dt)].join('+'));
    // A tfjs gradient function is named by its forward kernel; our own code (incl. our custom gradient) by its line.
    const site = gradientOf ? `∂${gradientOf}` : ourCallSite(stack);
    if (site) u.sites.add(site);
    const out = original.call(this, name, inputs, attrs);
    for (const t of Array.isArray(out) ? out : [out]) if (t instanceof tf.Tensor) created.push({ tensor: t, kernel: name, site: site ?? '?' });
    return out;
  };
  return () => {
    engine.runKernel = original;
    Error.stackTraceLimit = limit;
  };
}

interface WorkloadProblem {
  workload: string;
  kind: 'failed' | 'leaked';
  detail: string;
  /** Our code where it happened (first frame in src/), for a failure. */
  site?: string;
}

/**
 * Runs every workload under the recorder. A workload that throws is reported (its kernels up to the throw are kept)
 * and the others still run; so is one that leaves tensors alive, since the trainer would leak the same way.
 * tf.profile's kernelNames are collected as a cross-check of the wrapper (profile also lists scope names, so only
 * names that are kernels on the cpu backend count).
 */
async function runWorkloads(): Promise<{ profileOnly: string[]; problems: WorkloadProblem[] }> {
  const profiled = new Set<string>();
  const problems: WorkloadProblem[] = [];
  const uninstall = installRecorder();
  const unlabel = labelGradients();
  try {
    for (const w of WORKLOADS) {
      currentWorkload = w.name;
      created = [];
      const before = tf.memory().numTensors;
      try {
        const info = await tf.profile(async () => {
          await w.run();
          return [];
        });
        for (const k of info.kernelNames) if (tf.getKernel(k, 'cpu')) profiled.add(k);
      } catch (err) {
        const e = err as Error;
        problems.push({ workload: w.name, kind: 'failed', detail: e.message, site: ourCallSite(e.stack ?? '') });
        process.stderr.write(`workload ${w.name} FAILED: ${e.message}\n`);
        continue;
      }
      const leaked = tf.memory().numTensors - before;
      if (leaked !== 0) {
        const origins = new Map<string, number>();
        for (const c of created) if (!c.tensor.isDisposed) origins.set(`${c.kernel} at ${c.site}`, (origins.get(`${c.kernel} at ${c.site}`) ?? 0) + 1);
        const where = [...origins].map(([o, n]) => `${n} × ${o}${o.includes(' at src/') ? ` (\`${sourceLine(o.split(' at ')[1])}\`)` : ''}`).join('; ');
        problems.push({
          workload: w.name,
          kind: 'leaked',
          detail: `${leaked} tensor${leaked === 1 ? '' : 's'} still alive after the workload disposed everything it owns${where ? ` — created by ${where}` : ''}`,
        });
        process.stderr.write(`workload ${w.name} left ${leaked} tensors alive\n`);
      }
    }
  } finally {
    unlabel();
    uninstall();
  }
  return { profileOnly: [...profiled].filter((k) => !used.has(k)).sort(), problems };
}

// ---------------------------------------------------------------------------------------------------------------
// tfjs-node's kernel list, read from its npm tarball

interface NativePackage {
  name: string;
  version: string;
  /** Kernel name → the dist/kernels file that registers it. */
  kernels: Map<string, string>;
}

function packTarballs(packages: string[], version: string, dir: string): void {
  // `npm pack <spec>` only downloads the registry tarball; it never runs the package's install script (which would
  // try to download libtensorflow). --ignore-scripts makes that explicit.
  execFileSync('npm', ['pack', ...packages.map((p) => `${p}@${version}`), '--pack-destination', dir, '--ignore-scripts', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function tarballName(pkg: string, version: string): string {
  return `${pkg.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Reads the kernels a tfjs-node dist registers for backend 'tensorflow'. dist/index.js requires
 * dist/register_all_kernels.js, which lists `kernelConfigs = [X_1.fooConfig, …]` and calls registerKernel on each;
 * each config lives in dist/kernels/<File>.js as `exports.fooConfig = { kernelName: tfjs_1.Foo | 'Foo',
 * backendName: 'tensorflow', … }`. Kernel-name constants are resolved against our tfjs-core (same version).
 */
function readNativeKernels(distDir: string): Map<string, string> {
  const reg = readFileSync(join(distDir, 'register_all_kernels.js'), 'utf8');
  if (!/registerKernel\)\(kernelConfig\)|\.registerKernel\(kernelConfig\)/.test(reg))
    throw new Error(`${distDir}/register_all_kernels.js no longer calls registerKernel(kernelConfig): re-read it`);
  const modules = new Map<string, string>();
  for (const m of reg.matchAll(/var (\w+) = require\("\.\/kernels\/([\w]+)"\);/g)) modules.set(m[1], m[2]);
  const list = /var kernelConfigs = \[([^\]]*)\];/.exec(reg);
  if (!list) throw new Error(`${distDir}/register_all_kernels.js: kernelConfigs array not found`);
  const core = tf as unknown as Record<string, unknown>;
  const out = new Map<string, string>();
  for (const entry of list[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\w+)\.(\w+)$/.exec(entry);
    const file = m && modules.get(m[1]);
    if (!m || !file) throw new Error(`register_all_kernels.js: cannot resolve config entry '${entry}'`);
    const src = readFileSync(join(distDir, 'kernels', `${file}.js`), 'utf8');
    const body = new RegExp(`exports\\.${m[2]} = \\{([\\s\\S]*?)kernelFunc`).exec(src);
    const nameExpr = body && /kernelName:\s*([^,\n]+),/.exec(body[1]);
    const backend = body && /backendName:\s*'([^']+)'/.exec(body[1]);
    if (!nameExpr || !backend) throw new Error(`kernels/${file}.js: ${m[2]} has no kernelName/backendName`);
    if (backend[1] !== 'tensorflow') continue;
    const expr = nameExpr[1].trim();
    const literal = /^'([^']+)'$/.exec(expr);
    const constant = /^\w+\.(\w+)$/.exec(expr);
    const name = literal ? literal[1] : constant && typeof core[constant[1]] === 'string' ? (core[constant[1]] as string) : undefined;
    if (!name) throw new Error(`kernels/${file}.js: cannot resolve kernelName ${expr} against @tensorflow/tfjs-core ${tf.version_core}`);
    out.set(name, `dist/kernels/${file}.js`);
  }
  // Anything else in dist that registers kernels (tests excluded) would be missed above.
  for (const f of readdirSync(distDir)) {
    if (!f.endsWith('.js') || f.endsWith('_test.js') || f === 'register_all_kernels.js') continue;
    if (/registerKernel\(/.test(readFileSync(join(distDir, f), 'utf8'))) throw new Error(`${distDir}/${f} also registers kernels: extend readNativeKernels`);
  }
  return out;
}

function loadNative(tarballDir: string | undefined, version: string): NativePackage[] {
  const pkgs = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];
  const work = mkdtempSync(join(tmpdir(), 'ahpo-tfjs-node-'));
  try {
    const dir = tarballDir ?? work;
    if (!tarballDir) packTarballs(pkgs, version, dir);
    return pkgs.map((name) => {
      const tarball = join(dir, tarballName(name, version));
      if (!existsSync(tarball)) throw new Error(`missing ${tarball}`);
      const dest = join(work, name.replace('/', '+'));
      execFileSync('mkdir', ['-p', dest]);
      // Extract only the JavaScript and package.json: nothing is executed.
      execFileSync('tar', ['-xzf', tarball, '-C', dest, 'package/package.json', 'package/dist']);
      const pj = JSON.parse(readFileSync(join(dest, 'package/package.json'), 'utf8')) as { version: string };
      return { name, version: pj.version, kernels: readNativeKernels(join(dest, 'package/dist')) };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Source coverage: files under CHECKED_DIRS that dispatch tfjs ops but that no workload exercises

/** tf.* functions that create, track or configure tensors without dispatching a kernel. */
const NON_DISPATCHING = new Set([
  'tensor',
  'tensor1d',
  'tensor2d',
  'tensor3d',
  'tensor4d',
  'tensor5d',
  'tensor6d',
  'scalar',
  'variable',
  'buffer',
  'keep',
  'dispose',
  'tidy',
  'memory',
  'engine',
  'ready',
  'setBackend',
  'getBackend',
  'env',
  'findBackendFactory',
  'getKernel',
  'getGradient',
  'registerKernel',
  'customGrad',
  'variableGrads',
  'grads',
  'grad',
  'valueAndGrads',
  'randomNormal',
  'randomUniform',
  'profile',
  'time',
  'nextFrame',
  'disposeVariables',
  'ones',
  'zeros',
]);

function listTs(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

function uncoveredFiles(): { file: string; ops: string[] }[] {
  const covered = new Set(WORKLOADS.flatMap((w) => w.covers));
  const out: { file: string; ops: string[] }[] = [];
  for (const file of CHECKED_DIRS.flatMap(listTs)) {
    if (covered.has(file)) continue;
    const src = readFileSync(join(ROOT, file), 'utf8');
    const ops = [...new Set([...src.matchAll(/\btf\.(?:train\.)?([a-z]\w*)\s*\(/g)].map((m) => m[1]))].filter((o) => !NON_DISPATCHING.has(o)).sort();
    if (ops.length) out.push({ file, ops });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function pkgVersion(name: string): string {
  const req = createRequire(import.meta.url);
  try {
    return (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function sourceLine(site: string): string {
  const [file, line] = site.split(':');
  const text = readFileSync(join(ROOT, file), 'utf8').split('\n')[Number(line) - 1] ?? '';
  return text.trim().slice(0, 160);
}

/** A Markdown table cell: a literal `|` (e.g. in <|image_pad|>) would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

const PHASE_ORDER: Phase[] = ['forward', 'backward', 'optimizer'];

function report(
  native: NativePackage[],
  profileOnly: string[],
  problems: WorkloadProblem[],
  uncovered: { file: string; ops: string[] }[],
  command: string,
): { text: string; missing: string[] } {
  const names = [...used.keys()].sort();
  const missingIn = (k: string) => native.filter((p) => !p.kernels.has(k)).map((p) => p.name);
  const missing = names.filter((k) => missingIn(k).length > 0);
  const [cpuPkg, gpuPkg] = native;
  const onlyCpu = [...cpuPkg.kernels.keys()].filter((k) => !gpuPkg.kernels.has(k));
  const onlyGpu = [...gpuPkg.kernels.keys()].filter((k) => !cpuPkg.kernels.has(k));
  const same = onlyCpu.length === 0 && onlyGpu.length === 0;
  const L: string[] = [];
  L.push('# Native backend kernel check (tfjs-node / tfjs-node-gpu)', '');
  L.push(`Generated ${new Date().toISOString().slice(0, 10)} with \`${command}\` (scripts/check-native-kernels.ts).`, '');
  L.push(
    `Versions: Node ${process.version}; @tensorflow/tfjs-core ${tf.version_core}; @tensorflow/tfjs-backend-cpu ${pkgVersion('@tensorflow/tfjs-backend-cpu')} (recording backend); ` +
      native.map((p) => `${p.name} ${p.version} (npm tarball, ${p.kernels.size} kernels registered for 'tensorflow')`).join('; ') +
      '.',
    '',
  );
  L.push('## Result', '');
  const failedCount = problems.filter((p) => p.kind === 'failed').length;
  const incomplete = failedCount > 0 || uncovered.length > 0 ? ' The check is incomplete (see below), so the script exits non-zero.' : '';
  if (missing.length === 0) {
    L.push(`**All ${names.length} kernels our workloads dispatch are registered by the native backend** (both packages).${incomplete}`, '');
  } else {
    L.push(
      `**${missing.length} of ${names.length} kernels our workloads dispatch are NOT registered by the native backend:** ${missing.map((k) => `\`${k}\``).join(', ')}.`,
      '',
    );
  }
  L.push(
    same
      ? `tfjs-node and tfjs-node-gpu register the identical list (${cpuPkg.kernels.size} kernels; their dist/ JavaScript is the same, only the libtensorflow they download differs).`
      : `tfjs-node and tfjs-node-gpu differ: only in tfjs-node: ${onlyCpu.join(', ') || '—'}; only in tfjs-node-gpu: ${onlyGpu.join(', ') || '—'}.`,
    '',
  );
  const failed = problems.filter((p) => p.kind === 'failed');
  if (failed.length) {
    L.push(
      '**Workloads that failed on the `cpu` backend** — a bug in our code, independent of the native backend; the kernels after the failure point were not recorded:',
      '',
    );
    for (const f of failed) L.push(`- ${f.workload}: \`${f.detail}\`${f.site ? ` at \`${f.site}\`: \`${sourceLine(f.site)}\`` : ''}`);
    L.push('');
  }
  const leaks = problems.filter((p) => p.kind === 'leaked');
  if (leaks.length) {
    L.push('Tensor leaks seen while recording (not a kernel problem; reported because the trainer would leak the same way):', '');
    for (const f of leaks) L.push(`- ${f.workload}: ${f.detail}`);
    L.push('');
  }
  if (uncovered.length) {
    L.push('**Not checked** — these files dispatch tfjs ops but no workload exercises them; add a workload:', '');
    for (const u of uncovered) L.push(`- \`${u.file}\`: ${u.ops.map((o) => `tf.${o}`).join(', ')}`);
    L.push('');
  }
  if (missing.length) {
    L.push('## Missing natively', '');
    L.push(
      "tfjs does not fall back to another backend per kernel: `engine.runKernel` throws `Kernel '<name>' not registered for backend 'tensorflow'` " +
        'the first time the op runs, so the step fails. Fix it in our code (compose the op from kernels the native backend has) or register a ' +
        "kernel for 'tensorflow' through tfjs's kernel registry.",
      '',
    );
    for (const k of missing) {
      const u = used.get(k)!;
      L.push(`### \`${k}\` (missing in ${missingIn(k).join(', ')})`, '');
      L.push(`Used by: ${[...u.workloads].join(', ')}; phase: ${PHASE_ORDER.filter((p) => u.phases.has(p)).join(', ')}.`, '');
      for (const s of [...u.sites].sort()) L.push(`- \`${s}\`: \`${sourceLine(s)}\``);
      L.push('');
    }
  }
  L.push('## How this was measured', '');
  L.push(
    "- Each workload below runs on tfjs's `cpu` backend (`initBackend('cpu')`, which also registers tfjs's gradient functions). " +
      "The engine's `runKernel` is wrapped, so every kernel dispatched by our ops, by tfjs's gradient functions in the backward pass, by our " +
      "custom gradient (`targetLogprobs`) and by the Adam optimizer is recorded, with the calling site: the first line in `src/`, or `∂K` for tfjs's gradient of forward kernel K, or `tf.train.adam`. `tf.profile`'s " +
      `kernelNames serve as a cross-check${profileOnly.length ? ` (it saw kernels the wrapper did not: ${profileOnly.join(', ')})` : ' (it saw no kernel the wrapper missed)'}.`,
    '- Kernels a backend implements by calling other kernels internally are backend-specific and not dispatched through the engine, so they are ' +
      'not listed; what matters for the native backend is what the engine asks it for, which is the same on every backend.',
    "- tfjs-node's list: `npm pack @tensorflow/tfjs-node@<v> @tensorflow/tfjs-node-gpu@<v> --ignore-scripts` into a temp dir (a registry " +
      "pack never runs the install script; nothing is installed, no libtensorflow is downloaded), then `dist/register_all_kernels.js`'s " +
      "`kernelConfigs` are read and each `dist/kernels/*.js` config's `kernelName` (a tfjs-core constant or a literal) resolved against our " +
      "tfjs-core; only configs with `backendName: 'tensorflow'` count.",
    "- What a missing kernel would do: tfjs has no per-kernel fallback to another backend. `engine.runKernel` throws `Kernel '<name>' not " +
      "registered for backend 'tensorflow'` the first time the op runs. The fix belongs in our code: compose the op from kernels the native " +
      "backend has, or register a kernel for 'tensorflow' through tfjs's kernel registry (as src/runtime/wasm-kernels.ts does for wasm).",
    '- Not checked: dtype support inside libtensorflow (the tfjs-node kernels pass dtypes through to TensorFlow ops; the dtypes we use are listed ' +
      'per kernel), and anything that runs only on the native machine (the CUDA path cannot be run here).',
    '',
  );
  L.push('## Workloads', '');
  L.push('| workload | what runs | covers |', '|---|---|---|');
  for (const w of WORKLOADS) L.push(`| ${w.name} | ${cell(w.description)} | ${w.covers.map((c) => c.replace('src/model/', '')).join(', ')} |`);
  L.push('');
  L.push(`## Kernels (${names.length})`, '');
  const natCols = same ? ['tfjs-node(-gpu) has it?'] : native.map((p) => `${p.name.replace('@tensorflow/', '')} has it?`);
  L.push(`| kernel | used by (workload) | phase | input dtypes | called from | ${natCols.join(' | ')} | fallback |`);
  L.push(`|---|---|---|---|---|${natCols.map(() => '---|').join('')}---|`);
  for (const k of names) {
    const u = used.get(k)!;
    const sites = [...u.sites].sort();
    const shown = sites.slice(0, 4).join(', ') + (sites.length > 4 ? ` +${sites.length - 4} more` : '');
    const has = same ? [cpuPkg.kernels.has(k) ? 'yes' : '**NO**'] : native.map((p) => (p.kernels.has(k) ? 'yes' : '**NO**'));
    const fallback = missingIn(k).length ? "none — throws `Kernel '" + k + "' not registered for backend 'tensorflow'`" : '— (native)';
    L.push(
      `| \`${k}\` | ${[...u.workloads].join(', ')} | ${PHASE_ORDER.filter((p) => u.phases.has(p)).join(', ')} | ${[...u.dtypes].sort().join(', ') || '—'} | ${shown || '—'} | ${has.join(' | ')} | ${fallback} |`,
    );
  }
  L.push('');
  return { text: L.join('\n'), missing };
}

// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): { out?: string; tarballs?: string } {
  const opts: { out?: string; tarballs?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--tarballs') {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      if (a === '--out') opts.out = v;
      else opts.tarballs = resolve(v);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('Usage: npx tsx scripts/check-native-kernels.ts [--out docs/kernels.md] [--tarballs DIR]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  await initBackend('cpu');
  const { profileOnly, problems } = await runWorkloads();
  // The native packages must match our core exactly (see src/runtime/backend.ts), so check that version.
  const native = loadNative(opts.tarballs, tf.version_core);
  const uncovered = uncoveredFiles();
  const command = ['npx tsx scripts/check-native-kernels.ts', ...process.argv.slice(2).map((a) => (a.startsWith('/') ? relative(process.cwd(), a) : a))].join(
    ' ',
  );
  const { text, missing } = report(native, profileOnly, problems, uncovered, command);
  if (opts.out) {
    writeFileSync(opts.out, text);
    process.stderr.write(`wrote ${opts.out}\n`);
  } else process.stdout.write(text);
  process.stderr.write(
    `${used.size} kernels used; missing natively: ${missing.join(', ') || 'none'}; unexercised files: ${uncovered.map((u) => u.file).join(', ') || 'none'}\n`,
  );
  if (missing.length) return 1;
  // The check is incomplete when a workload failed or a file is not exercised: fail so CI notices.
  if (uncovered.length || problems.some((p) => p.kind === 'failed')) return 2;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`check-native-kernels: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(3);
  },
);

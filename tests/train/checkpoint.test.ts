import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESSOR_CONFIG } from '../../src/data/image-config.js';
import { BUILTIN_TOKENIZER_DIR } from '../../src/data/tokenizer.js';
import type { ModelConfig } from '../../src/model/config.js';
import { disposeParams, initParams } from '../../src/model/params.js';
import { presetConfig } from '../../src/model/presets.js';
import { CheckpointError, findLatest, loadCheckpoint, saveCheckpoint, truncateJsonl } from '../../src/train/checkpoint.js';
import type { AdamWOptions, AdamWState } from '../../src/train/optimizer.js';
import { applyAdamW, createAdamW, disposeAdamW } from '../../src/train/optimizer.js';
import { onStopSignal, REPEAT_GRACE_MS } from '../../src/train/signals.js';
import { expectNoLeak, tinyConfig } from '../helpers.js';

let root: string;
let n = 0;
const newRun = (): string => join(root, `run${n++}`);
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'ahpo-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const OPTS: AdamWOptions = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, freeze: ['visual.*'] };
const vlConfig = (): ModelConfig => presetConfig('tiny-vl', tinyConfig().tokens, 40);
// tinyConfig with M-RoPE sections that survive config.json (the tiny-test preset scales them to [1, 1.5, 1.5]).
const textConfig = (): ModelConfig => {
  const c = tinyConfig();
  return { ...c, text: { ...c.text, mropeSection: [2, 1, 1] } };
};
const bits = async (t: tf.Tensor): Promise<number[]> => Array.from(new Uint32Array((await t.data()).slice().buffer));

type Vars = Record<string, tf.Variable>;
// A deterministic pseudo-gradient per step: enough to move weights and moments like a real update.
function trainSteps(params: Vars, state: AdamWState, from: number, count: number): void {
  for (let s = from; s < from + count; s++) {
    const grads = tf.tidy(() => Object.fromEntries(Object.keys(state.m).map((k, i) => [k, tf.sin(tf.add(tf.mul(params[k], 3 + s), i))])));
    applyAdamW(state, params, grads, 1e-2);
    Object.values(grads).forEach((g) => g.dispose());
  }
}

const trainer = (state: AdamWState, step: number) => ({
  optimizer: state,
  rng: { seed: 7, counter: 123456789012, streams: [1, 2, 3] },
  dataCursor: { epoch: 1, index: 17, order: 'seed:1' },
  gateStats: { xiOn: 5, prompts: 12 },
  runConfig: { train: { lr: 1e-3 }, run: { name: 'x' } },
  elapsedSec: 12.5 + step,
});

async function save(runDir: string, step: number, params: Vars, state: AdamWState, extra: { keepLast?: number; config?: ModelConfig } = {}): Promise<string> {
  return saveCheckpoint(runDir, step, {
    config: extra.config ?? vlConfig(),
    params,
    tokenizerDir: BUILTIN_TOKENIZER_DIR,
    processor: DEFAULT_PROCESSOR_CONFIG,
    keepLast: extra.keepLast,
    trainer: trainer(state, step),
  });
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips params, moments and trainer state bit-exactly, and resume continues identically', async () => {
    const runDir = newRun();
    const params = initParams(vlConfig(), 3);
    const state = createAdamW(params, OPTS);
    trainSteps(params, state, 0, 2);
    const dir = await save(runDir, 2, params, state);
    expect((await readdir(dir)).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'trainer',
    ]);
    expect((await readdir(join(dir, 'trainer'))).sort()).toEqual(['optimizer.safetensors', 'state.json']);
    expect((await readFile(join(runDir, 'latest'), 'utf8')).trim()).toBe('step-2');

    const ck = await loadCheckpoint(runDir, { expect: vlConfig() });
    expect(ck.step).toBe(2);
    expect(ck.dir).toBe(dir);
    expect(Object.keys(ck.params)).toEqual(Object.keys(params));
    for (const k of Object.keys(params)) expect(await bits(ck.params[k])).toEqual(await bits(params[k]));
    expect(Object.keys(ck.optimizer.m).some((k) => k.startsWith('visual.'))).toBe(false);
    for (const k of Object.keys(state.m)) {
      expect(await bits(ck.optimizer.m[k])).toEqual(await bits(state.m[k]));
      expect(await bits(ck.optimizer.v[k])).toEqual(await bits(state.v[k]));
    }
    const { optimizer: _o, ...json } = trainer(state, 2);
    expect({ rng: ck.rng, dataCursor: ck.dataCursor, gateStats: ck.gateStats, runConfig: ck.runConfig, elapsedSec: ck.elapsedSec }).toEqual(json);
    expect([ck.optimizer.step, ck.weightsDtype, ck.schemaVersion]).toEqual([2, 'f32', 1]);

    // Resume: two more steps from the loaded state equal two more steps of the original, to the bit.
    const resumed = createAdamW(ck.params, OPTS, ck.optimizer);
    trainSteps(params, state, 2, 2);
    trainSteps(ck.params, resumed, 2, 2);
    for (const k of Object.keys(params)) expect(await bits(ck.params[k])).toEqual(await bits(params[k]));
    disposeParams(ck.params);
    disposeAdamW(resumed);
    disposeParams(params);
    disposeAdamW(state);
  });

  it('save and load leak no tensors', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    let step = 0;
    await expectNoLeak(async () => {
      await save(runDir, step++, params, state, { config, keepLast: 2 });
      const ck = await loadCheckpoint(runDir, { expect: config });
      disposeParams(ck.params);
      Object.values(ck.optimizer.m).forEach((t) => t.dispose());
      Object.values(ck.optimizer.v).forEach((t) => t.dispose());
    });
    disposeParams(params);
    disposeAdamW(state);
  });

  it('refuses another architecture, listing every differing field, without leaking', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    await save(runDir, 1, params, state, { config });
    const other = textConfig();
    other.text.numLayers = 3;
    other.text.intermediateSize = 48;
    const before = tf.memory().numTensors;
    const err = (await loadCheckpoint(runDir, { expect: other }).then(
      () => new Error('loaded'),
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(CheckpointError);
    expect(err.message).toMatch(/text\.numLayers: checkpoint 2, expected 3/);
    expect(err.message).toMatch(/text\.intermediateSize: checkpoint 64, expected 48/);
    await expect(loadCheckpoint(runDir, { expect: vlConfig() })).rejects.toThrow(/vision: the checkpoint has no vision tower/);
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
    disposeAdamW(state);
  });

  it('names the file when something is missing, corrupt or from another schema version', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    const dir = await save(runDir, 1, params, state, { config });
    const copy = async (name: string): Promise<string> => {
      const d = join(root, `${name}-${n++}`, 'step-1');
      await cp(dir, d, { recursive: true });
      return d;
    };
    const a = await copy('schema');
    const st = JSON.parse(await readFile(join(a, 'trainer/state.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(a, 'trainer/state.json'), JSON.stringify({ ...st, schemaVersion: 99 }));
    await expect(loadCheckpoint(a)).rejects.toThrow(/state\.json: checkpoint schema version 99, this ahpo reads version 1/);
    const b = await copy('opt');
    await truncate(join(b, 'trainer/optimizer.safetensors'), 20);
    await expect(loadCheckpoint(b)).rejects.toThrow(/optimizer\.safetensors/);
    const c = await copy('weights');
    await rm(join(c, 'model.safetensors'));
    await expect(loadCheckpoint(c)).rejects.toThrow(/no model\.safetensors/);
    const d = await copy('state');
    await writeFile(join(d, 'trainer/state.json'), '{"schemaVer');
    await expect(loadCheckpoint(d)).rejects.toThrow(/state\.json: cannot read the trainer state/);
    await expect(loadCheckpoint(join(root, 'nope'))).rejects.toThrow(/no complete checkpoint.*does not exist/);
    await expect(saveCheckpoint(runDir, 2, { config, params, trainer: { ...trainer(state, 2), rng: { x: NaN } } })).rejects.toThrow(/key 'x' is NaN/);
    disposeParams(params);
    disposeAdamW(state);
  });
});

describe('findLatest and pruning', () => {
  it('a crash before the rename leaves the previous step; a crash before the pointer update finds the new one', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    await save(runDir, 1, params, state, { config });
    const s2 = await save(runDir, 2, params, state, { config });
    // Killed while writing step 3: the tmp folder has weights but no trainer/state.json and was never renamed.
    const tmp = join(runDir, 'step-3.tmp-99999999');
    await cp(s2, tmp, { recursive: true });
    await rm(join(tmp, 'trainer/state.json'));
    // An incomplete folder under a real name (e.g. hand-copied) is skipped with the reason.
    await mkdir(join(runDir, 'step-9'));
    expect(await findLatest(runDir)).toEqual({ dir: s2, step: 2, skipped: ['step-9: no trainer/state.json (incomplete)'], restored: [] });
    await rm(join(runDir, 'step-9'), { recursive: true });
    // Killed after renaming step-4 but before `latest` moved: the newer complete folder wins.
    await new Promise((r) => setTimeout(r, 5));
    const s4 = await save(runDir, 4, params, state, { config });
    await writeFile(join(runDir, 'latest'), 'step-2\n');
    expect((await findLatest(runDir))?.dir).toBe(s4);
    await rm(join(runDir, 'latest'));
    expect((await findLatest(runDir))?.step).toBe(4);
    await writeFile(join(runDir, 'latest'), 'step-77\n');
    expect((await findLatest(runDir))?.step).toBe(4);
    expect(await findLatest(join(root, 'empty-run'))).toBeNull();
    disposeParams(params);
    disposeAdamW(state);
  });

  it('keepLast deletes the oldest complete folders and dead leftovers, never the latest or a later timeline', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    for (const s of [10, 20, 30]) await save(runDir, s, params, state, { config, keepLast: 2 });
    expect((await readdir(runDir)).sort()).toEqual(['latest', 'step-20', 'step-30']);
    await mkdir(join(runDir, 'step-40.tmp-99999999'));
    await mkdir(join(runDir, `step-40.tmp-${process.ppid}`)); // a live process's save in progress: left alone
    // Files written as tmp + rename by a writer that died (latest, config.yaml) go too; a live writer's stay.
    await writeFile(join(runDir, 'latest.tmp-99999999'), 'step-');
    await writeFile(join(runDir, 'config.yaml.tmp-99999998'), '');
    await writeFile(join(runDir, `latest.tmp-${process.ppid}`), 'step-');
    await save(runDir, 40, params, state, { config, keepLast: 2 });
    expect((await readdir(runDir)).sort()).toEqual(['latest', `latest.tmp-${process.ppid}`, 'step-30', 'step-40', `step-40.tmp-${process.ppid}`]);
    await rm(join(runDir, `latest.tmp-${process.ppid}`));
    await rm(join(runDir, `step-40.tmp-${process.ppid}`), { recursive: true });
    // Resumed from step-30 explicitly: saving 35 keeps step-40 (a later step, other timeline) and the two newest ≤ 35.
    await new Promise((r) => setTimeout(r, 5));
    await save(runDir, 35, params, state, { config, keepLast: 2 });
    expect((await readdir(runDir)).sort()).toEqual(['latest', 'step-30', 'step-35', 'step-40']);
    expect((await findLatest(runDir))?.step).toBe(35);
    // Saving a step that exists replaces it.
    await save(runDir, 35, params, state, { config, keepLast: 5 });
    expect((await readdir(runDir)).sort()).toEqual(['latest', 'step-30', 'step-35', 'step-40']);
    disposeParams(params);
    disposeAdamW(state);
  });

  it('a kill between the two renames of a re-save loses nothing: the new copy is put back before pruning', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    await save(runDir, 1, params, state, { config, keepLast: 1 });
    const s2 = await save(runDir, 2, params, state, { config, keepLast: 1 });
    // Re-saving step 2 (a resume at the final step): the old copy was moved aside, the new one not yet renamed.
    trainSteps(params, state, 0, 1);
    const fresh = await save(newRun(), 2, params, state, { config });
    await cp(s2, join(runDir, 'step-2.old-99999999'), { recursive: true });
    await cp(fresh, join(runDir, 'step-2.tmp-99999999'), { recursive: true });
    await rm(s2, { recursive: true });
    const latest = await findLatest(runDir);
    expect(latest).toMatchObject({ dir: s2, step: 2, restored: ['step-2.tmp-99999999 → step-2'] });
    const back = await loadCheckpoint(s2);
    expect(back.optimizer.step).toBe(state.step);
    disposeParams(back.params);
    tf.dispose([...Object.values(back.optimizer.m), ...Object.values(back.optimizer.v)]);
    // The next save prunes the old copy only now that step-2 is whole again.
    await save(runDir, 3, params, state, { config, keepLast: 2 });
    expect((await readdir(runDir)).sort()).toEqual(['latest', 'step-2', 'step-3']);
    disposeParams(params);
    disposeAdamW(state);
  });

  it('refuses to save NaN or Inf weights or moments, naming them, and writes nothing', async () => {
    const runDir = newRun();
    const config = textConfig();
    const params = initParams(config, 1);
    const state = createAdamW(params, { ...OPTS, freeze: [] });
    await save(runDir, 1, params, state, { config });
    const name = Object.keys(params)[0];
    const old = params[name].clone();
    params[name].assign(tf.fill(params[name].shape, Number.POSITIVE_INFINITY));
    await expect(save(runDir, 2, params, state, { config })).rejects.toThrow(
      new RegExp(`step-2: not saved — 1 tensor\\(s\\) hold NaN or Inf \\(${name.replace(/\./g, '\\.')}\\)`),
    );
    params[name].assign(old);
    const m = Object.keys(state.m)[1];
    state.m[m].assign(tf.fill(state.m[m].shape, Number.NaN));
    await expect(save(runDir, 2, params, state, { config })).rejects.toThrow(`exp_avg/${m}`);
    expect((await readdir(runDir)).sort()).toEqual(['latest', 'step-1']);
    tf.dispose(old);
    disposeParams(params);
    disposeAdamW(state);
  });
});

describe('truncateJsonl', () => {
  it('drops rows after the step and a partial last line, keeping earlier rows byte-identical', async () => {
    const path = join(root, `metrics-${n++}.jsonl`);
    const head =
      '{"kind":"train","step":1,"lr":0.001}\n{ "kind": "eval", "step": 1, "note": "ünïcode ✓" }\r\n\n{"meta":"no step"}\n{"kind":"train","step":2}\n';
    await writeFile(path, `${head}{"kind":"train","step":3}\n{"kind":"eval","step":3}\n{"kind":"train","st`);
    expect(await truncateJsonl(path, 2)).toEqual({ kept: 4, dropped: 3 });
    expect(await readFile(path, 'utf8')).toBe(head.replace('\n\n', '\n'));
    expect(await truncateJsonl(path, 2)).toEqual({ kept: 4, dropped: 0 });
    expect(await truncateJsonl(join(root, 'missing.jsonl'), 2)).toEqual({ kept: 0, dropped: 0 });
    await writeFile(path, '{"step":1}\nnot json\n{"step":2}\n');
    await expect(truncateJsonl(path, 5)).rejects.toThrow(/:2: not valid JSON/);
  });
});

describe('onStopSignal', () => {
  it('first signal sets the flag; a repeat in the same instant is an echo; a later one exits with 128 + signo', () => {
    const codes: number[] = [];
    const seen: string[] = [];
    const echoes: string[] = [];
    let clock = 1000;
    const stop = onStopSignal((s) => seen.push(s), { exit: (c) => codes.push(c), now: () => clock, onEcho: (s) => echoes.push(s) });
    expect(stop.requested).toBe(false);
    process.emit('SIGTERM');
    expect([stop.requested, stop.signal, seen, codes]).toEqual([true, 'SIGTERM', ['SIGTERM'], []]);
    // GNU timeout: SIGTERM to the process, then to its group, a few milliseconds apart.
    clock += 3;
    process.emit('SIGTERM');
    clock += REPEAT_GRACE_MS - 10;
    process.emit('SIGINT');
    expect([codes, echoes, seen]).toEqual([[], ['SIGTERM', 'SIGINT'], ['SIGTERM']]);
    // A person pressing Ctrl-C again once the grace has passed quits now.
    clock += 20;
    process.emit('SIGINT');
    expect(codes).toEqual([130]);
    stop.dispose();
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

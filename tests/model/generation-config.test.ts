// generation_config.json: its eos ids join config.json's as stop ids, a malformed file is a clear error, and every
// folder ahpo saves (checkpoints included) carries the file with the stop ids it used.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TOKENIZER_DIR } from '../../src/data/tokenizer.js';
import { ConfigError, parseHfConfig, type ModelConfig } from '../../src/model/config.js';
import { parseGenerationConfig, stopTokenIds, toHfGenerationConfig } from '../../src/model/generation-config.js';
import { disposeParams, initParams, type Params } from '../../src/model/params.js';
import { loadModelFolder, saveModelFolder } from '../../src/model/weights.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { createAdamW, disposeAdamW } from '../../src/train/optimizer.js';

// Text-only, a few KB. config.json names one eos id (as Qwen2.5-VL's names only <|im_end|>).
const HF = {
  vocab_size: 40,
  hidden_size: 16,
  num_hidden_layers: 1,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  intermediate_size: 24,
  rms_norm_eps: 1e-6,
  rope_theta: 1e6,
  max_position_embeddings: 128,
  rope_scaling: { type: 'mrope', mrope_section: [1, 0, 1] },
  tie_word_embeddings: true,
  eos_token_id: 3,
  bos_token_id: 2,
};
// The shape of Qwen2.5-VL-7B-Instruct's file: two eos ids, a pad id, and sampling defaults ahpo does not apply.
const GEN = {
  bos_token_id: 2,
  pad_token_id: 2,
  do_sample: true,
  eos_token_id: [3, 2],
  repetition_penalty: 1.05,
  temperature: 0.1,
  top_p: 0.001,
  top_k: 1,
  transformers_version: '4.49.0',
};

let root: string;
let n = 0;
let config: ModelConfig;
let params: Params;
const newDir = async (): Promise<string> => {
  const d = join(root, `m${n++}`);
  await mkdir(d);
  return d;
};
/** A model folder with config.json + weights, and generation_config.json when `gen` is given (a string is written raw). */
async function folder(gen?: unknown): Promise<string> {
  const d = await newDir();
  await saveModelFolder(d, config, params);
  const file = join(d, 'generation_config.json');
  if (gen === undefined) await rm(file);
  else await writeFile(file, typeof gen === 'string' ? gen : JSON.stringify(gen));
  return d;
}
const load = async (dir: string, warnings: string[] = []): Promise<ModelConfig> => {
  const m = await loadModelFolder(dir, { trainable: false, onWarn: (w) => warnings.push(w) });
  disposeParams(m.params);
  return m.config;
};
const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8')) as unknown;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'ahpo-gen-'));
  config = parseHfConfig(HF);
  params = initParams(config, 1);
});
afterAll(async () => {
  disposeParams(params);
  await rm(root, { recursive: true, force: true });
});

describe('parseGenerationConfig', () => {
  it('reads eos_token_id as an int or a list, and null/absent as unset', () => {
    expect(parseGenerationConfig({ eos_token_id: 7 }, 'g.json').eosTokenIds).toEqual([7]);
    expect(parseGenerationConfig({ eos_token_id: [7, 5] }, 'g.json').eosTokenIds).toEqual([7, 5]);
    expect(parseGenerationConfig({ eos_token_id: null }, 'g.json').eosTokenIds).toEqual([]);
    expect(parseGenerationConfig({}, 'g.json')).toEqual({ eosTokenIds: [], padTokenId: undefined, rest: {}, file: 'g.json' });
    expect(parseGenerationConfig(GEN, 'g.json')).toMatchObject({
      eosTokenIds: [3, 2],
      padTokenId: 2,
      rest: { bos_token_id: 2, do_sample: true, repetition_penalty: 1.05, temperature: 0.1, top_p: 0.001, top_k: 1, transformers_version: '4.49.0' },
    });
  });

  it('refuses malformed fields, naming the file, the field, the value and what is expected', () => {
    const err = (json: unknown): string => {
      try {
        parseGenerationConfig(json, '/m/generation_config.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err({ eos_token_id: '151645' })).toBe(
      '/m/generation_config.json: field \'eos_token_id\' is "151645", expected a token id ' +
        '(an integer ≥ 0) or a non-empty list of them. Hint: Qwen2.5-VL uses [151645, 151643] (<|im_end|>, <|endoftext|>).',
    );
    expect(err({ eos_token_id: [] })).toMatch(/field 'eos_token_id' is \[\], expected a token id/);
    expect(err({ eos_token_id: [3, 1.5] })).toMatch(/field 'eos_token_id' is \[3,1\.5\]/);
    expect(err({ eos_token_id: -1 })).toMatch(/field 'eos_token_id' is -1/);
    expect(err({ eos_token_id: 3, pad_token_id: '2' })).toMatch(
      /^\/m\/generation_config\.json: field 'pad_token_id' is "2", expected a token id \(an integer ≥ 0\) or null/,
    );
    expect(err([3])).toMatch(/^\/m\/generation_config\.json: expected a JSON object of generation settings, got \[3\]/);
  });
});

describe('model folders', () => {
  it('without generation_config.json stops on config.json eos_token_id only (the behaviour before the file was read)', async () => {
    const c = await load(await folder());
    expect(c.generation).toBeUndefined();
    expect(stopTokenIds(c)).toEqual([3]);
  });

  it('stops on the union, config.json first; pad_token_id comes from the file; unapplied sampling fields are said', async () => {
    const warnings: string[] = [];
    const dir = await folder(GEN);
    const c = await load(dir, warnings);
    expect(stopTokenIds(c)).toEqual([3, 2]);
    expect(c.tokens.eosTokenIds).toEqual([3]); // config.json's own field is kept as it was
    expect(c.tokens.padTokenId).toBe(2);
    expect(warnings).toEqual([
      `${join(dir, 'generation_config.json')}: do_sample=true, repetition_penalty=1.05, temperature=0.1, ` +
        'top_p=0.001, top_k=1 not applied: ahpo samples with its own settings (rollout.temperature/topP/topK and maxNewTokens in ' +
        'training, --temperature/--top-p/--top-k on the CLI); only eos_token_id and pad_token_id are used (they are kept in saved checkpoints)',
    ]);
    // Only inert fields: nothing to say.
    const quiet: string[] = [];
    await load(await folder({ eos_token_id: 2, bos_token_id: 2, transformers_version: '4.49.0' }), quiet);
    expect(quiet).toEqual([]);
  });

  it('a malformed or out-of-vocab file fails the load, naming the file', async () => {
    const bad = await folder('{"eos_token_id": [3, 2],');
    await expect(load(bad)).rejects.toThrow(new RegExp(`^${join(bad, 'generation_config.json')}: not valid JSON \\(`));
    const far = await folder({ eos_token_id: [3, 151643] });
    await expect(load(far)).rejects.toThrow(
      `${join(far, 'generation_config.json')}: field 'eos_token_id' has id 151643, expected ids below ` +
        "the model's vocab_size 40 (config.json). Hint: the file belongs to another model; copy the one that came with these weights.",
    );
    await expect(load(await folder({ eos_token_id: 3, pad_token_id: 40 }))).rejects.toThrow(/field 'pad_token_id' has id 40/);
  });

  it('a saved folder carries the file: same stop ids and fields after a load → save → load round trip', async () => {
    const src = await folder(GEN);
    const c = await load(src);
    const out = await newDir();
    await saveModelFolder(out, c, params);
    expect(await readJson(join(out, 'generation_config.json'))).toEqual({ ...GEN, eos_token_id: [3, 2], pad_token_id: 2 });
    expect(((await readJson(join(out, 'config.json'))) as { eos_token_id: unknown }).eos_token_id).toBe(3);
    const again = await load(out);
    expect(stopTokenIds(again)).toEqual([3, 2]);
    expect(toHfGenerationConfig(again)).toEqual(toHfGenerationConfig(c));
    // A config from a folder without the file gets one with config.json's ids.
    const plain = await newDir();
    await saveModelFolder(plain, config, params);
    expect(await readJson(join(plain, 'generation_config.json'))).toEqual({ eos_token_id: 3, pad_token_id: 2 });
  });

  it('saveModelFolder refuses to copy a generation_config.json or config.json over the ones it writes', async () => {
    const src = await folder(GEN);
    await expect(saveModelFolder(await newDir(), config, params, { tokenizerFiles: [join(src, 'generation_config.json')] })).rejects.toThrow(
      /tokenizerFiles lists .*generation_config\.json, expected tokenizer\/processor files only/,
    );
  });

  it('every checkpoint carries generation_config.json, and a resumed run stops on the same ids', async () => {
    const src = await folder(GEN);
    const c = await load(src);
    const vars = initParams(c, 1) as Record<string, tf.Variable>;
    const opt = createAdamW(vars, { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, freeze: [] });
    try {
      const runDir = join(root, 'run');
      const trainer = { optimizer: opt, rng: null, dataCursor: null, gateStats: null, runConfig: null, elapsedSec: 0 };
      const step1 = await saveCheckpoint(runDir, 1, { config: c, params: vars, tokenizerDir: src, trainer });
      expect(await readJson(join(step1, 'generation_config.json'))).toEqual({ ...GEN, eos_token_id: [3, 2], pad_token_id: 2 });
      const ck = await loadCheckpoint(runDir);
      expect(stopTokenIds(ck.config)).toEqual([3, 2]);
      // The next save copies tokenizer files from step-1 (as saveRun does) and still writes the same file.
      const step2 = await saveCheckpoint(runDir, 2, { config: ck.config, params: ck.params, tokenizerDir: step1, trainer });
      expect(await readFile(join(step2, 'generation_config.json'), 'utf8')).toBe(await readFile(join(step1, 'generation_config.json'), 'utf8'));
      disposeParams(ck.params);
      for (const t of [...Object.values(ck.optimizer.m), ...Object.values(ck.optimizer.v)]) t.dispose();
      // A model without the file (a preset, or a folder without one) gets one too, with config.json's stop ids.
      const step3 = await saveCheckpoint(join(root, 'run-plain'), 3, { config, params: vars, tokenizerDir: BUILTIN_TOKENIZER_DIR, trainer });
      expect(await readJson(join(step3, 'generation_config.json'))).toEqual({ eos_token_id: 3, pad_token_id: 2 });
    } finally {
      disposeAdamW(opt);
      disposeParams(vars);
    }
  });
});

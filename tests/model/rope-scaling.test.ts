// config.json fields transformers honours are honoured (rope_scaling linear and YaRN, computed as transformers
// does) or refused with the field, its value and what is supported (dynamic/llama3/longrope rope types, a non-silu
// hidden_act, a sliding window that reaches a layer). Nothing is ignored silently.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseHfConfig, toHfConfig } from '../../src/model/config.js';
import { inverseFrequencies, mropeCosSin, ropeFrequencies } from '../../src/model/rope.js';
import { relDiff } from '../helpers.js';

// Qwen2.5-VL-7B's text geometry, vision-free (the rope code is the same with or without a vision tower).
const BASE = {
  hidden_size: 3584,
  num_hidden_layers: 28,
  num_attention_heads: 28,
  num_key_value_heads: 4,
  intermediate_size: 18944,
  vocab_size: 152064,
  rms_norm_eps: 1e-6,
  rope_theta: 1e6,
  max_position_embeddings: 131072,
  tie_word_embeddings: false,
  hidden_act: 'silu',
  use_sliding_window: false,
  sliding_window: 32768,
  max_window_layers: 28,
  eos_token_id: 151645,
};
const withScaling = (rope_scaling: Record<string, unknown>) => ({ ...BASE, rope_scaling: { mrope_section: [16, 24, 24], ...rope_scaling } });
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const message = (json: Record<string, unknown>): string => {
  try {
    parseHfConfig(json, '/m/config.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('rope_scaling', () => {
  it('"mrope" and "default" are plain rotary: no scaling, frequencies unchanged', () => {
    for (const type of ['mrope', 'default']) {
      const c = parseHfConfig(withScaling({ type }));
      expect(c.text.ropeScaling).toBeUndefined();
      expect(ropeFrequencies(c.text)).toEqual({ invFreq: inverseFrequencies(128, 1e6), attentionScaling: 1 });
    }
    // transformers ≥ 4.52 re-saves write both keys.
    expect(parseHfConfig(withScaling({ type: 'default', rope_type: 'default' })).text.ropeScaling).toBeUndefined();
  });

  it('"linear" divides every frequency by factor', () => {
    const c = parseHfConfig(withScaling({ type: 'linear', factor: 2 }));
    expect(c.text.ropeScaling).toEqual({ type: 'linear', factor: 2 });
    const plain = inverseFrequencies(128, 1e6);
    expect(ropeFrequencies(c.text).invFreq).toEqual(plain.map((f) => f / 2));
  });

  it('"yarn" keeps fast slots, interpolates slow ones, ramps between, and scales cos/sin (hand-derived)', () => {
    // factor 4 over an original 32768-token context, beta_fast 32 and beta_slow 1 (defaults). Slot j turns
    // 32768·inv_j/2π times; the correction slots are d·ln(32768/(2π·β)) / (2·ln 1e6) with d = 128:
    //   β = 32: 128·ln(162.97)/27.631 = 23.60 → floor 23;   β = 1: 128·ln(5215.2)/27.631 = 39.65 → ceil 40.
    // attention factor = 0.1·ln 4 + 1 = 1.138629.
    const c = parseHfConfig(withScaling({ type: 'yarn', factor: 4, original_max_position_embeddings: 32768 }));
    expect(c.text.ropeScaling).toEqual({
      type: 'yarn',
      factor: 4,
      attentionFactor: 0.1 * Math.log(4) + 1,
      betaFast: 32,
      betaSlow: 1,
      truncate: true,
      originalMaxPositionEmbeddings: 32768,
    });
    const { invFreq, attentionScaling } = ropeFrequencies(c.text);
    const plain = inverseFrequencies(128, 1e6);
    expect(attentionScaling).toBeCloseTo(1.138629, 6);
    for (const j of [0, 10, 23]) expect(invFreq[j]).toBe(plain[j]);
    for (const j of [40, 50, 63]) expect(rel(invFreq[j], plain[j] / 4)).toBeLessThan(1e-7);
    // Slot 30 is 7/17 of the way along the ramp from 23 to 40.
    expect(rel(invFreq[30], plain[30] * (1 - 7 / 17) + (plain[30] / 4) * (7 / 17))).toBeLessThan(1e-7);
  });

  it('"yarn" attention factor from mscale / mscale_all_dim, or as given; truncate false keeps fractional bounds', () => {
    const m = parseHfConfig(withScaling({ type: 'yarn', factor: 4, mscale: 2, mscale_all_dim: 1 })).text.ropeScaling;
    expect(m).toMatchObject({ attentionFactor: (0.2 * Math.log(4) + 1) / (0.1 * Math.log(4) + 1) });
    expect(parseHfConfig(withScaling({ type: 'yarn', factor: 4, attention_factor: 1.5 })).text.ropeScaling).toMatchObject({ attentionFactor: 1.5 });
    // Without original_max_position_embeddings the original context is max_position_embeddings (131072).
    const loose = parseHfConfig(withScaling({ type: 'yarn', factor: 4, truncate: false })).text;
    const inv = ropeFrequencies(loose).invFreq;
    // The ramp runs from 128·ln(131072/(2π·32))/27.631 = 30.018 to 128·ln(131072/2π)/27.631 = 46.073, unrounded.
    const plain = inverseFrequencies(128, 1e6);
    for (const [j, ramp] of [
      [30, 0],
      [31, (31 - 30.017921) / (46.072854 - 30.017921)],
      [46, (46 - 30.017921) / (46.072854 - 30.017921)],
      [47, 1],
    ]) {
      expect(rel(inv[j], plain[j] * (1 - ramp) + (plain[j] / 4) * ramp), `slot ${j}`).toBeLessThan(1e-6);
    }
  });

  it('cos and sin carry the YaRN frequencies and attention factor', async () => {
    const c = parseHfConfig(withScaling({ type: 'yarn', factor: 4, original_max_position_embeddings: 32768 }));
    const text = { ...c.text, mropeSection: [64, 0, 0] as [number, number, number] };
    const { invFreq, attentionScaling } = ropeFrequencies(text);
    const pos = tf.tensor3d([100, 100, 100], [3, 1, 1], 'int32');
    const { cos, sin } = mropeCosSin(pos, text);
    const angles = [...invFreq, ...invFreq].map((f) => 100 * f);
    expect(
      await relDiff(
        cos,
        angles.map((a) => Math.cos(a) * attentionScaling),
      ),
    ).toBeLessThan(2e-5);
    expect(
      await relDiff(
        sin,
        angles.map((a) => Math.sin(a) * attentionScaling),
      ),
    ).toBeLessThan(2e-5);
    tf.dispose([pos, cos, sin]);
  });

  it('round-trips through the config.json ahpo writes (transformers reads the same values back)', () => {
    for (const s of [
      { type: 'linear', factor: 2 },
      { type: 'yarn', factor: 4, original_max_position_embeddings: 32768 },
      { type: 'yarn', factor: 2, mscale: 2, mscale_all_dim: 1, beta_fast: 16, truncate: false },
    ]) {
      const c = parseHfConfig(withScaling(s));
      const again = parseHfConfig(toHfConfig(c));
      expect(again.text).toEqual(c.text);
      expect(ropeFrequencies(again.text)).toEqual(ropeFrequencies(c.text));
    }
    // A text-only Qwen2 config may scale without M-RoPE sections.
    expect(parseHfConfig({ ...BASE, rope_scaling: { type: 'yarn', factor: 4 } }).text.mropeSection).toEqual([64, 0, 0]);
  });

  it('refuses what it does not compute, naming the field, the value and what is supported', () => {
    expect(message(withScaling({ type: 'dynamic', factor: 2 }))).toBe(
      '/m/config.json: rope_scaling type "dynamic" is not supported ' +
        '(its frequencies change with the sequence length during generation, while the KV cache keeps keys rotated with the old ones); ' +
        'supported: "default"/"mrope" (plain rotary), "linear", "yarn". Hint: remove rope_scaling\'s scaling fields to run at the pretrained context length.',
    );
    expect(message(withScaling({ rope_type: 'llama3', factor: 8 }))).toMatch(/rope_scaling type "llama3" is not supported \(Llama 3\.1 scaling/);
    expect(message(withScaling({ type: 'longrope' }))).toMatch(/rope_scaling type "longrope" is not supported/);
    expect(message(withScaling({ type: 'su' }))).toMatch(/rope_scaling type "su" is not supported; supported: /);
    expect(message(withScaling({ type: 'yarn' }))).toBe(
      '/m/config.json: rope_scaling.factor is missing, expected a positive number (the yarn scaling factor, e.g. 4)',
    );
    expect(message(withScaling({ type: 'linear', factor: -2 }))).toMatch(/rope_scaling\.factor is -2, expected a positive number/);
    expect(message(withScaling({ type: 'linear', factor: 2, beta_fast: 8 }))).toMatch(
      /rope_scaling field\(s\) beta_fast not supported with rope type "linear" \(its fields: factor\)/,
    );
    expect(message(withScaling({ type: 'mrope', factor: 2 }))).toMatch(/field\(s\) factor not supported with rope type "default" \(its fields: none\)/);
    expect(message(withScaling({ type: 'mrope', mrope_interleaved: true }))).toMatch(/rope_scaling\.mrope_interleaved is true, expected false or absent/);
    expect(message(withScaling({ type: 'yarn', factor: 4, truncate: 'yes' }))).toMatch(/rope_scaling\.truncate is "yes", expected true or false/);
    expect(message(withScaling({ type: 'yarn', factor: 4, original_max_position_embeddings: 65536 }))).toBe(
      '/m/config.json: rope_scaling.factor is 4 ' +
        'but max_position_embeddings / original_max_position_embeddings = 131072 / 65536 = 2, expected them equal: transformers versions ' +
        'disagree on which one YaRN uses. Hint: set max_position_embeddings to factor × original_max_position_embeddings, or drop original_max_position_embeddings.',
    );
    expect(message({ ...BASE, rope_scaling: 'yarn' })).toMatch(/rope_scaling is "yarn", expected an object/);
  });
});

describe('other fields transformers honours', () => {
  it('hidden_act must be silu (swish is the same function); a vision tower must be silu too', () => {
    expect(parseHfConfig({ ...BASE, hidden_act: 'swish' }).text.hiddenSize).toBe(3584);
    expect(message({ ...BASE, hidden_act: 'gelu' })).toBe(
      '/m/config.json: hidden_act is "gelu", expected "silu" (the only MLP activation ' +
        'ahpo implements, as every Qwen2/Qwen2.5-VL checkpoint uses). Hint: this checkpoint is not a Qwen2.5-VL-style model.',
    );
    const vision = {
      depth: 1,
      hidden_size: 8,
      num_heads: 2,
      intermediate_size: 12,
      patch_size: 14,
      temporal_patch_size: 2,
      spatial_merge_size: 2,
      window_size: 112,
      fullatt_block_indexes: [0],
      out_hidden_size: 3584,
      hidden_act: 'quick_gelu',
    };
    expect(message({ ...withScaling({ type: 'mrope' }), vision_config: vision })).toMatch(
      /^\/m\/config\.json vision_config: hidden_act is "quick_gelu", expected "silu" \(Qwen2\.5-VL's vision tower\)/,
    );
  });

  it('use_sliding_window is refused when the window reaches a layer, accepted when max_window_layers leaves none', () => {
    expect(message({ ...BASE, use_sliding_window: true, max_window_layers: 21 })).toBe(
      '/m/config.json: use_sliding_window is true ' +
        '(sliding_window 32768, max_window_layers 21), expected false: ahpo attends over the full context in every layer. Hint: Qwen2.5-VL ' +
        'ships use_sliding_window false; set it back unless the model was trained with the window.',
    );
    expect(parseHfConfig({ ...BASE, use_sliding_window: true, max_window_layers: 28 }).text.numLayers).toBe(28);
    expect(message({ ...BASE, partial_rotary_factor: 0.5 })).toMatch(/partial_rotary_factor is 0\.5, expected 1/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseHfConfig, toHfConfig } from '../../src/model/config.js';
import { countParams, paramShapes } from '../../src/model/params.js';
import { PRESETS, presetConfig } from '../../src/model/presets.js';

const vision = (out: number) => ({
  depth: 32,
  hidden_size: 1280,
  num_heads: 16,
  intermediate_size: 3420,
  patch_size: 14,
  temporal_patch_size: 2,
  spatial_merge_size: 2,
  window_size: 112,
  fullatt_block_indexes: [7, 15, 23, 31],
  out_hidden_size: out,
  in_chans: 3,
  hidden_act: 'silu',
  tokens_per_second: 2,
});

// The published flat layout (config.json of Qwen/Qwen2.5-VL-3B-Instruct, spec §1).
const CONFIG_3B = {
  architectures: ['Qwen2_5_VLForConditionalGeneration'],
  model_type: 'qwen2_5_vl',
  hidden_size: 2048,
  num_hidden_layers: 36,
  num_attention_heads: 16,
  num_key_value_heads: 2,
  intermediate_size: 11008,
  vocab_size: 151936,
  tie_word_embeddings: true,
  rope_theta: 1000000,
  rms_norm_eps: 1e-6,
  rope_scaling: { type: 'mrope', mrope_section: [16, 24, 24] },
  max_position_embeddings: 128000,
  bos_token_id: 151643,
  eos_token_id: 151645,
  vision_start_token_id: 151652,
  vision_end_token_id: 151653,
  vision_token_id: 151654,
  image_token_id: 151655,
  video_token_id: 151656,
  use_sliding_window: false,
  sliding_window: 32768,
  vision_config: vision(2048),
};

// The 7B numbers in the nested layout newer transformers re-saves write (text_config, rope_parameters).
const CONFIG_7B_NESTED = {
  model_type: 'qwen2_5_vl',
  tie_word_embeddings: false,
  eos_token_id: 151645,
  image_token_id: 151655,
  vision_start_token_id: 151652,
  vision_end_token_id: 151653,
  text_config: {
    hidden_size: 3584,
    num_hidden_layers: 28,
    num_attention_heads: 28,
    num_key_value_heads: 4,
    intermediate_size: 18944,
    vocab_size: 152064,
    rms_norm_eps: 1e-6,
    max_position_embeddings: 128000,
    rope_parameters: { rope_type: 'default', rope_theta: 1000000, mrope_section: [16, 24, 24] },
  },
  vision_config: vision(3584),
};

describe('parseHfConfig', () => {
  it('a text-only model keeps its placeholder ids through its own config.json (a resumed run suppresses the same ids)', () => {
    const tokens = { eosTokenIds: [5], padTokenId: 0, imageTokenId: 7, visionStartTokenId: 8, visionEndTokenId: 9 };
    const c = presetConfig('tiny-test', tokens, 40);
    expect(c.vision).toBeUndefined();
    expect(parseHfConfig(toHfConfig(c)).tokens).toEqual(tokens);
    const none = presetConfig('tiny-test', { ...tokens, imageTokenId: -1, visionStartTokenId: -1, visionEndTokenId: -1 }, 40);
    expect(toHfConfig(none)).not.toHaveProperty('image_token_id');
  });

  it('reads the 3B flat config to the spec values', () => {
    const c = parseHfConfig(CONFIG_3B);
    expect(c.text).toEqual({
      vocabSize: 151936,
      hiddenSize: 2048,
      numLayers: 36,
      numHeads: 16,
      numKvHeads: 2,
      headDim: 128,
      intermediateSize: 11008,
      rmsNormEps: 1e-6,
      ropeTheta: 1e6,
      mropeSection: [16, 24, 24],
      tieWordEmbeddings: true,
      maxPositionEmbeddings: 128000,
    });
    expect(c.vision).toMatchObject({
      depth: 32,
      hiddenSize: 1280,
      numHeads: 16,
      intermediateSize: 3420,
      windowSize: 112,
      fullattBlockIndexes: [7, 15, 23, 31],
      outHiddenSize: 2048,
    });
    expect(c.tokens).toMatchObject({ eosTokenIds: [151645], imageTokenId: 151655, visionStartTokenId: 151652, visionEndTokenId: 151653 });
    // 3B ties lm_head to the embedding: no lm_head parameter.
    expect(paramShapes(c)['lm_head.weight']).toBeUndefined();
    expect(paramShapes(c)['visual.blocks.31.mlp.gate_proj.weight']).toEqual([3420, 1280]);
    expect(countParams(paramShapes(c)) / 1e9).toBeCloseTo(3.75, 1);
  });

  it('reads the 7B nested text_config layout to the spec values', () => {
    const c = parseHfConfig(CONFIG_7B_NESTED);
    expect(c.text).toMatchObject({
      hiddenSize: 3584,
      numLayers: 28,
      numHeads: 28,
      numKvHeads: 4,
      headDim: 128,
      intermediateSize: 18944,
      vocabSize: 152064,
      tieWordEmbeddings: false,
      ropeTheta: 1e6,
    });
    expect(paramShapes(c)['lm_head.weight']).toEqual([152064, 3584]);
    expect(paramShapes(c)['model.layers.0.self_attn.k_proj.weight']).toEqual([512, 3584]);
  });

  it('never falls back to defaults: a missing field names the file and field', () => {
    const { rms_norm_eps: _drop, ...noEps } = CONFIG_3B;
    void _drop;
    expect(() => parseHfConfig(noEps, '/m/config.json')).toThrow(/\/m\/config\.json: field 'rms_norm_eps' must be a number, got nothing \(missing\)/);
    expect(() => parseHfConfig({ ...CONFIG_3B, rope_scaling: { type: 'mrope', mrope_section: [16, 24] } })).toThrow(/mrope_section must be three integers/);
    expect(() => parseHfConfig({ ...CONFIG_3B, rope_scaling: { type: 'mrope', mrope_section: [16, 24, 16] } })).toThrow(
      /sums to 56, expected head_dim\/2 = 64/,
    );
    expect(() => parseHfConfig({ ...CONFIG_3B, num_key_value_heads: 3 })).toThrow(/multiple of num_key_value_heads \(3\)/);
    expect(() => parseHfConfig({ ...CONFIG_3B, vision_config: vision(1024) })).toThrow(/out_hidden_size 1024 must equal the text hidden_size 2048/);
  });

  it('round-trips through the HF layout it writes', () => {
    const c = parseHfConfig(CONFIG_3B);
    expect(parseHfConfig(toHfConfig(c))).toEqual(c);
    const tiny = presetConfig('tiny-vl', c.tokens, 1024);
    expect(parseHfConfig(toHfConfig(tiny))).toEqual(tiny);
  });

  it('presets are valid and the reference preset has the benchmark geometry (4.46 M params)', () => {
    for (const name of Object.keys(PRESETS)) expect(() => presetConfig(name, undefined, 1024)).not.toThrow();
    expect(countParams(paramShapes(presetConfig('reference'))) / 1e6).toBeCloseTo(4.46, 2);
    expect(() => presetConfig('nope')).toThrow(ConfigError);
    expect(() => presetConfig('tiny-vl')).toThrow(/takes its vocab size from the tokenizer/);
  });
});

describe('preset M-RoPE sections', () => {
  it('are whole slots in the [16, 24, 24] proportions for every preset head dim', () => {
    expect(presetConfig('reference').text.mropeSection).toEqual([8, 12, 12]);
    expect(presetConfig('tiny-test', undefined, 40).text.mropeSection).toEqual([1, 1, 2]);
    expect(presetConfig('tiny-vl', undefined, 1024).text.mropeSection).toEqual([4, 6, 6]);
    for (const name of Object.keys(PRESETS)) {
      const c = presetConfig(name, undefined, 64);
      expect(parseHfConfig(toHfConfig(c))).toEqual(c);
    }
  });
});

// Named built-in model geometries. Token ids come from the tokenizer the model is paired with (see
// data/tokenizer); presets never hard-code them, so `withTokens` fills them in from the loaded tokenizer.
import type { ModelConfig, SpecialTokenIds, TextConfig, VisionConfig } from './config.js';
import { ConfigError, validateConfig } from './config.js';

/** Qwen2.5-VL's [16, 24, 24] proportions (¼ temporal, the rest split between height and width) in whole slots. */
function mropeSplit(headDim: number): [number, number, number] {
  const half = headDim / 2;
  const t = Math.floor(half / 4);
  const h = Math.floor((half - t) / 2);
  return [t, h, half - t - h];
}

const text = (
  o: Partial<TextConfig> & Pick<TextConfig, 'vocabSize' | 'hiddenSize' | 'numLayers' | 'numHeads' | 'numKvHeads' | 'headDim' | 'intermediateSize'>,
): TextConfig => ({
  rmsNormEps: 1e-6,
  ropeTheta: 1e6,
  mropeSection: mropeSplit(o.headDim),
  tieWordEmbeddings: true,
  maxPositionEmbeddings: 4096,
  ...o,
});

const tinyVision: VisionConfig = {
  depth: 2,
  hiddenSize: 64,
  numHeads: 4,
  intermediateSize: 128,
  patchSize: 14,
  temporalPatchSize: 2,
  spatialMergeSize: 2,
  windowSize: 112,
  fullattBlockIndexes: [1],
  outHiddenSize: 128,
  inChannels: 3,
};

const PLACEHOLDER_TOKENS: SpecialTokenIds = { eosTokenIds: [], padTokenId: -1, imageTokenId: -1, visionStartTokenId: -1, visionEndTokenId: -1 };

/**
 * The demo's vision-language geometry. Rope θ 1e4 rather than Qwen's 1e6: with head dim 32 only 2–3 of the 16
 * rotary frequencies turn fast enough at 1e6 to tell neighbouring tokens apart, which previous-token heads need.
 */
function tinyVl(numLayers: number): { description: string; config: ModelConfig } {
  return {
    description: `vision-language: text hidden 128, ${numLayers} layers, 4/2 heads, head dim 32, SwiGLU 384, rope θ 1e4; vision depth 2, hidden 64`,
    config: {
      text: text({ vocabSize: 0, hiddenSize: 128, numLayers, numHeads: 4, numKvHeads: 2, headDim: 32, intermediateSize: 384, ropeTheta: 1e4 }),
      vision: tinyVision,
      tokens: PLACEHOLDER_TOKENS,
    },
  };
}

/** Geometry of each preset; `vocabSize` 0 means "take the paired tokenizer's size". */
export const PRESETS: Record<string, { description: string; config: ModelConfig }> = {
  // The benchmark config named by the foundation issue (≈4.46 M parameters).
  reference: {
    description: 'text-only Qwen2 decoder: vocab 2048, hidden 256, 4 layers, 4 query / 2 KV heads, head dim 64, SwiGLU 1024',
    config: {
      text: text({ vocabSize: 2048, hiddenSize: 256, numLayers: 4, numHeads: 4, numKvHeads: 2, headDim: 64, intermediateSize: 1024 }),
      tokens: PLACEHOLDER_TOKENS,
    },
  },
  // Small enough that a full forward/backward takes milliseconds: unit tests.
  'tiny-test': {
    description: 'text-only, hidden 32, 2 layers, 4/2 heads, head dim 8 (unit tests)',
    config: {
      text: text({ vocabSize: 0, hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 2, headDim: 8, intermediateSize: 64 }),
      tokens: PLACEHOLDER_TOKENS,
    },
  },
  // The demo's vision-language model (≈1 M parameters with the project tokenizer).
  'tiny-vl': tinyVl(2),
  // The same with 4 text layers, for lookup experiments (measured no faster per step than 2 layers: docs/demo.md).
  'tiny-vl-4': tinyVl(4),
};

/** A preset with its vocab size and special-token ids taken from the paired tokenizer. */
export function presetConfig(name: string, tokens?: SpecialTokenIds, vocabSize?: number): ModelConfig {
  const p = PRESETS[name];
  if (!p) throw new ConfigError(`unknown model preset '${name}'. Presets: ${Object.keys(PRESETS).join(', ')}`);
  const config: ModelConfig = structuredClone(p.config);
  if (config.text.vocabSize === 0) {
    if (!vocabSize) throw new ConfigError(`preset '${name}' takes its vocab size from the tokenizer; pass the tokenizer's size`);
    config.text.vocabSize = vocabSize;
  }
  if (tokens) config.tokens = { ...tokens };
  validateConfig(config, `preset '${name}'`);
  return config;
}

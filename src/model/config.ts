// Model configuration: parsed from a Hugging Face config.json (flat Qwen2.5-VL layout or nested text_config), or a
// named built-in preset. Every field the model uses must be present in the file: we never fall back to class
// defaults silently (a wrong rms eps or layer count still "runs" and quietly produces garbage).
import { ConfigError } from './config-error.js';
import type { GenerationConfig } from './generation-config.js';
import { parseRopeScaling, ropeScalingToHf, type RopeScaling } from './rope-scaling.js';

export { ConfigError };

export interface TextConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  intermediateSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** M-RoPE sections over the half head dim (T, H, W); sums to headDim / 2. */
  mropeSection: [number, number, number];
  tieWordEmbeddings: boolean;
  maxPositionEmbeddings: number;
  /** rope_scaling's linear or YaRN scaling (rope-scaling.ts); absent for plain rotary, as Qwen2.5-VL ships. */
  ropeScaling?: RopeScaling;
}

export interface VisionConfig {
  depth: number;
  hiddenSize: number;
  numHeads: number;
  intermediateSize: number;
  patchSize: number;
  temporalPatchSize: number;
  spatialMergeSize: number;
  windowSize: number;
  fullattBlockIndexes: number[];
  outHiddenSize: number;
  inChannels: number;
}

export interface SpecialTokenIds {
  /** config.json's eos_token_id. Generation stops on stopTokenIds(config), which adds generation_config.json's. */
  eosTokenIds: number[];
  padTokenId: number;
  imageTokenId: number;
  visionStartTokenId: number;
  visionEndTokenId: number;
}

export interface ModelConfig {
  text: TextConfig;
  /** Absent for text-only models (tests, benchmarks). */
  vision?: VisionConfig;
  tokens: SpecialTokenIds;
  /** The folder's generation_config.json, when it has one (stop ids: stopTokenIds in generation-config.ts). */
  generation?: GenerationConfig;
}

type Json = Record<string, unknown>;

function field(obj: Json, key: string, where: string, kind: 'number' | 'boolean' | 'array' | 'object'): unknown {
  const v = obj[key];
  const ok = kind === 'array' ? Array.isArray(v) : kind === 'object' ? v !== null && typeof v === 'object' && !Array.isArray(v) : typeof v === kind;
  if (!ok) {
    throw new ConfigError(
      `${where}: field '${key}' must be a ${kind}, got ${v === undefined ? 'nothing (missing)' : JSON.stringify(v)}. ` +
        'Hint: ahpo reads the model geometry from config.json and never guesses defaults.',
    );
  }
  return v;
}
const num = (o: Json, k: string, w: string) => field(o, k, w, 'number') as number;

function mropeSectionOf(scaling: Json, where: string): [number, number, number] {
  const sec = Array.isArray(scaling.mrope_section) ? scaling.mrope_section : undefined;
  if (!sec || sec.length !== 3 || !sec.every((x) => Number.isInteger(x))) {
    throw new ConfigError(`${where}: rope_scaling.mrope_section must be three integers (e.g. [16, 24, 24]), got ${JSON.stringify(sec)}`);
  }
  return [sec[0], sec[1], sec[2]] as [number, number, number];
}

/** Parses a Hugging Face Qwen2.5-VL (or Qwen2) config.json object. `where` names the file in errors. */
export function parseHfConfig(json: Json, where = 'config.json'): ModelConfig {
  const nested = json.text_config && typeof json.text_config === 'object' ? (json.text_config as Json) : undefined;
  const t = nested ?? json;
  const tw = nested ? `${where} text_config` : where;
  const hidden = num(t, 'hidden_size', tw);
  const heads = num(t, 'num_attention_heads', tw);
  const headDim = typeof t.head_dim === 'number' ? t.head_dim : hidden / heads;
  const ropeTheta = typeof t.rope_theta === 'number' ? t.rope_theta : ((t.rope_parameters as Json | undefined)?.rope_theta as number | undefined);
  if (typeof ropeTheta !== 'number') throw new ConfigError(`${tw}: rope_theta is missing (expected e.g. 1000000)`);
  const tie = typeof json.tie_word_embeddings === 'boolean' ? json.tie_word_embeddings : t.tie_word_embeddings;
  if (typeof tie !== 'boolean') throw new ConfigError(`${where}: tie_word_embeddings must be true or false, got ${JSON.stringify(tie)}`);
  refuseUnsupported(t, tw);
  const scaling = (t.rope_scaling ?? t.rope_parameters ?? undefined) as Json | undefined;
  if (scaling !== undefined && (scaling === null || typeof scaling !== 'object' || Array.isArray(scaling))) {
    throw new ConfigError(`${tw}: rope_scaling is ${JSON.stringify(scaling)}, expected an object (e.g. {"type": "mrope", "mrope_section": [16, 24, 24]})`);
  }
  const maxPositionEmbeddings = num(t, 'max_position_embeddings', tw);
  const ropeScaling = parseRopeScaling(scaling, maxPositionEmbeddings, tw);
  const text: TextConfig = {
    vocabSize: num(t, 'vocab_size', tw),
    hiddenSize: hidden,
    numLayers: num(t, 'num_hidden_layers', tw),
    numHeads: heads,
    numKvHeads: num(t, 'num_key_value_heads', tw),
    headDim,
    intermediateSize: num(t, 'intermediate_size', tw),
    rmsNormEps: num(t, 'rms_norm_eps', tw),
    ropeTheta,
    mropeSection: scaling && (scaling.mrope_section !== undefined || json.vision_config) ? mropeSectionOf(scaling, tw) : defaultSection(headDim, tw, json),
    tieWordEmbeddings: tie,
    maxPositionEmbeddings,
    ...(ropeScaling ? { ropeScaling } : {}),
  };
  const ids = (k: string): number | undefined => (typeof json[k] === 'number' ? (json[k] as number) : typeof t[k] === 'number' ? (t[k] as number) : undefined);
  const eos = json.eos_token_id ?? t.eos_token_id;
  const eosIds = Array.isArray(eos) ? (eos as number[]) : typeof eos === 'number' ? [eos] : [];
  const tokens: SpecialTokenIds = {
    eosTokenIds: eosIds,
    padTokenId: ids('pad_token_id') ?? ids('bos_token_id') ?? eosIds[0] ?? 0,
    imageTokenId: ids('image_token_id') ?? -1,
    visionStartTokenId: ids('vision_start_token_id') ?? -1,
    visionEndTokenId: ids('vision_end_token_id') ?? -1,
  };
  const config: ModelConfig = { text, tokens };
  if (json.vision_config && typeof json.vision_config === 'object') config.vision = parseVision(json.vision_config as Json, `${where} vision_config`, hidden);
  validateConfig(config, where);
  return config;
}

// Fields transformers honours that change the forward pass; ahpo computes one form of each and refuses the others.
function refuseUnsupported(t: Json, where: string): void {
  // ACT2FN maps both names to SiLU.
  if (t.hidden_act !== undefined && t.hidden_act !== 'silu' && t.hidden_act !== 'swish') {
    throw new ConfigError(
      `${where}: hidden_act is ${JSON.stringify(t.hidden_act)}, expected "silu" (the only MLP activation ahpo ` +
        'implements, as every Qwen2/Qwen2.5-VL checkpoint uses). Hint: this checkpoint is not a Qwen2.5-VL-style model.',
    );
  }
  // Qwen2 slides the window only in layers ≥ max_window_layers, so a window that reaches no layer is full attention.
  const layers = t.num_hidden_layers;
  const noLayerSlides = typeof t.max_window_layers === 'number' && typeof layers === 'number' && t.max_window_layers >= layers;
  if (t.use_sliding_window !== undefined && t.use_sliding_window !== false && !noLayerSlides) {
    throw new ConfigError(
      `${where}: use_sliding_window is ${JSON.stringify(t.use_sliding_window)} (sliding_window ` +
        `${JSON.stringify(t.sliding_window)}, max_window_layers ${JSON.stringify(t.max_window_layers)}), expected false: ahpo attends over ` +
        'the full context in every layer. Hint: Qwen2.5-VL ships use_sliding_window false; set it back unless the model was trained with the window.',
    );
  }
  if (t.partial_rotary_factor !== undefined && t.partial_rotary_factor !== 1) {
    throw new ConfigError(`${where}: partial_rotary_factor is ${JSON.stringify(t.partial_rotary_factor)}, expected 1 (ahpo rotates the whole head dim).`);
  }
}

// Plain Qwen2 configs (no M-RoPE) are accepted for text-only use: all three axes then carry the same position, so
// any split gives ordinary RoPE. Qwen2.5-VL configs always carry mrope_section and take the branch above.
function defaultSection(headDim: number, where: string, json: Json): [number, number, number] {
  if (json.vision_config) throw new ConfigError(`${where}: a vision-language config must define rope_scaling.mrope_section`);
  const half = headDim / 2;
  return [half, 0, 0];
}

function parseVision(v: Json, where: string, textHidden: number): VisionConfig {
  const full = (v.fullatt_block_indexes ?? []) as unknown;
  if (!Array.isArray(full)) throw new ConfigError(`${where}: fullatt_block_indexes must be a list of block indices`);
  // Qwen2.5-VL's vision MLP is SwiGLU; Qwen2-VL's quick_gelu tower (LayerNorm, no windows) is another architecture.
  if (v.hidden_act !== undefined && v.hidden_act !== 'silu') {
    throw new ConfigError(
      `${where}: hidden_act is ${JSON.stringify(v.hidden_act)}, expected "silu" (Qwen2.5-VL's vision tower). ` +
        'Hint: Qwen2-VL checkpoints (quick_gelu) are a different vision architecture, not supported.',
    );
  }
  return {
    depth: num(v, 'depth', where),
    hiddenSize: num(v, 'hidden_size', where),
    numHeads: num(v, 'num_heads', where),
    intermediateSize: num(v, 'intermediate_size', where),
    patchSize: num(v, 'patch_size', where),
    temporalPatchSize: num(v, 'temporal_patch_size', where),
    spatialMergeSize: num(v, 'spatial_merge_size', where),
    windowSize: num(v, 'window_size', where),
    fullattBlockIndexes: full as number[],
    outHiddenSize: typeof v.out_hidden_size === 'number' ? v.out_hidden_size : textHidden,
    inChannels: typeof v.in_chans === 'number' ? v.in_chans : typeof v.in_channels === 'number' ? v.in_channels : 3,
  };
}

export function validateConfig(c: ModelConfig, where: string): void {
  const t = c.text;
  const bad = (msg: string): never => {
    throw new ConfigError(`${where}: ${msg}`);
  };
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'number' && !(v > 0)) bad(`${k} must be positive, got ${v}`);
  }
  if (t.numHeads % t.numKvHeads !== 0) bad(`num_attention_heads (${t.numHeads}) must be a multiple of num_key_value_heads (${t.numKvHeads})`);
  if (t.headDim % 2 !== 0) bad(`head_dim must be even for rotary embeddings, got ${t.headDim}`);
  if (!t.mropeSection.every((x) => Number.isInteger(x) && x >= 0))
    bad(`mrope_section must be three non-negative integers, got ${JSON.stringify(t.mropeSection)}`);
  const secSum = t.mropeSection.reduce((a, b) => a + b, 0);
  if (secSum !== t.headDim / 2) bad(`mrope_section ${JSON.stringify(t.mropeSection)} sums to ${secSum}, expected head_dim/2 = ${t.headDim / 2}`);
  if (c.vision) {
    const v = c.vision;
    if (v.hiddenSize % v.numHeads !== 0) bad(`vision hidden_size ${v.hiddenSize} is not divisible by num_heads ${v.numHeads}`);
    if (v.outHiddenSize !== t.hiddenSize) bad(`vision out_hidden_size ${v.outHiddenSize} must equal the text hidden_size ${t.hiddenSize}`);
    if (v.fullattBlockIndexes.some((i) => !Number.isInteger(i) || i < 0 || i >= v.depth)) {
      bad(`fullatt_block_indexes ${JSON.stringify(v.fullattBlockIndexes)} must be block indices in [0, ${v.depth})`);
    }
  }
}

/** Serialises a config back to the Hugging Face flat Qwen2.5-VL config.json layout (what transformers reads). */
export function toHfConfig(c: ModelConfig): Json {
  const t = c.text;
  const out: Json = {
    architectures: [c.vision ? 'Qwen2_5_VLForConditionalGeneration' : 'Qwen2ForCausalLM'],
    model_type: c.vision ? 'qwen2_5_vl' : 'qwen2',
    vocab_size: t.vocabSize,
    hidden_size: t.hiddenSize,
    num_hidden_layers: t.numLayers,
    num_attention_heads: t.numHeads,
    num_key_value_heads: t.numKvHeads,
    intermediate_size: t.intermediateSize,
    rms_norm_eps: t.rmsNormEps,
    rope_theta: t.ropeTheta,
    rope_scaling: { ...ropeScalingToHf(t.ropeScaling), mrope_section: [...t.mropeSection] },
    tie_word_embeddings: t.tieWordEmbeddings,
    max_position_embeddings: t.maxPositionEmbeddings,
    hidden_act: 'silu',
    attention_dropout: 0,
    use_sliding_window: false,
    torch_dtype: 'float32',
    eos_token_id: c.tokens.eosTokenIds.length === 1 ? c.tokens.eosTokenIds[0] : [...c.tokens.eosTokenIds],
    pad_token_id: c.tokens.padTokenId,
  };
  if (t.headDim !== t.hiddenSize / t.numHeads) out.head_dim = t.headDim;
  // The placeholder ids are written whenever the model has them, vision tower or not: samplers suppress them
  // (rollout/suppress.ts), so a text-only model loaded back from its own checkpoint must know them, or a resumed
  // run would sample differently from an uninterrupted one.
  for (const [key, id] of [
    ['image_token_id', c.tokens.imageTokenId],
    ['vision_start_token_id', c.tokens.visionStartTokenId],
    ['vision_end_token_id', c.tokens.visionEndTokenId],
  ] as const) {
    if (id >= 0) out[key] = id;
  }
  if (c.vision) {
    const v = c.vision;
    Object.assign(out, {
      vision_config: {
        depth: v.depth,
        hidden_size: v.hiddenSize,
        num_heads: v.numHeads,
        intermediate_size: v.intermediateSize,
        patch_size: v.patchSize,
        temporal_patch_size: v.temporalPatchSize,
        spatial_merge_size: v.spatialMergeSize,
        window_size: v.windowSize,
        fullatt_block_indexes: [...v.fullattBlockIndexes],
        out_hidden_size: v.outHiddenSize,
        in_chans: v.inChannels,
        hidden_act: 'silu',
        tokens_per_second: 2,
      },
    });
  }
  return out;
}

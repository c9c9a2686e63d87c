// config.json's rope_scaling (rope_parameters in transformers v5 re-saves) beyond M-RoPE's sections: the rope_type
// transformers' rope_init_fn dispatches on. ahpo computes what is static as transformers does (linear, YaRN: rope.ts)
// and refuses the rest by name, so a long-context fine-tune is never run with the wrong frequencies silently.
import { ConfigError } from './config-error.js';

type Json = Record<string, unknown>;

/** A static rotary scaling, as transformers' rope_init_fn computes it (rope.ts applies it). */
export type RopeScaling =
  | { type: 'linear'; factor: number }
  | {
      type: 'yarn';
      factor: number;
      /** cos/sin are multiplied by it (transformers' attention_scaling): given, or from mscale and factor. */
      attentionFactor: number;
      betaFast: number;
      betaSlow: number;
      truncate: boolean;
      /** Only when the config gives it (else max_position_embeddings), so it is written back only then. */
      originalMaxPositionEmbeddings?: number;
    };

const SUPPORTED = 'supported: "default"/"mrope" (plain rotary), "linear", "yarn"';
// Keys that say how rotary embeddings are laid out or scaled; any other key in the object is refused.
const LAYOUT_KEYS = ['type', 'rope_type', 'mrope_section', 'rope_theta', 'mrope_interleaved'];
const KEYS_OF: Record<string, string[]> = {
  default: [],
  linear: ['factor'],
  yarn: ['factor', 'original_max_position_embeddings', 'attention_factor', 'beta_fast', 'beta_slow', 'mscale', 'mscale_all_dim', 'truncate'],
};
const WHY_NOT: Record<string, string> = {
  dynamic: 'its frequencies change with the sequence length during generation, while the KV cache keeps keys rotated with the old ones',
  llama3: 'Llama 3.1 scaling is not implemented (no Qwen2.5-VL checkpoint uses it)',
  longrope: 'LongRoPE is not implemented (no Qwen2.5-VL checkpoint uses it)',
};

/** transformers' YaRN mscale: 0.1·mscale·ln(scale) + 1, and 1 for scale ≤ 1. */
const getMscale = (scale: number, mscale = 1): number => (scale <= 1 ? 1 : 0.1 * mscale * Math.log(scale) + 1);

/**
 * Parses the rope_scaling object of a text config (undefined: none). Returns undefined for plain rotary
 * ("default", or "mrope", which transformers maps to "default"), else the scaling rope.ts applies.
 */
export function parseRopeScaling(scaling: Json | undefined, maxPositionEmbeddings: number, where: string): RopeScaling | undefined {
  if (scaling === undefined) return undefined;
  const raw = scaling.rope_type ?? scaling.type ?? 'default';
  const kind = raw === 'mrope' ? 'default' : raw;
  const bad = (key: string, expected: string): never => {
    const value = scaling[key] === undefined ? 'missing' : JSON.stringify(scaling[key]);
    throw new ConfigError(`${where}: rope_scaling.${key} is ${value}, expected ${expected}`);
  };
  if (typeof kind !== 'string' || !(kind in KEYS_OF)) {
    const why = typeof kind === 'string' && WHY_NOT[kind] ? ` (${WHY_NOT[kind]})` : '';
    throw new ConfigError(
      `${where}: rope_scaling type ${JSON.stringify(raw)} is not supported${why}; ${SUPPORTED}. ` +
        "Hint: remove rope_scaling's scaling fields to run at the pretrained context length.",
    );
  }
  const unknown = Object.keys(scaling).filter((k) => !LAYOUT_KEYS.includes(k) && !KEYS_OF[kind].includes(k));
  if (unknown.length) {
    throw new ConfigError(
      `${where}: rope_scaling field(s) ${unknown.join(', ')} not supported with rope type "${kind}" ` +
        `(its fields: ${KEYS_OF[kind].join(', ') || 'none'}). Hint: remove them, or use a type that takes them (${SUPPORTED}).`,
    );
  }
  // Qwen3-VL's interleaved M-RoPE lays the axes out differently from Qwen2.5-VL's sections.
  if (scaling.mrope_interleaved !== undefined && scaling.mrope_interleaved !== false)
    bad('mrope_interleaved', "false or absent (Qwen2.5-VL's sectioned M-RoPE; interleaved is not implemented)");
  if (kind === 'default') return undefined;
  const positive = (key: string): number | undefined => {
    const v = scaling[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && v > 0 ? v : bad(key, 'a positive number');
  };
  const factor = positive('factor') ?? bad('factor', `a positive number (the ${kind} scaling factor, e.g. 4)`);
  if (kind === 'linear') return { type: 'linear', factor };

  const original = positive('original_max_position_embeddings');
  // transformers ≥ 4.5x replaces factor by max_position_embeddings / original_max_position_embeddings when the
  // latter is given; earlier versions keep factor. Accept only configs on which both agree.
  if (original !== undefined && Math.abs(maxPositionEmbeddings / original - factor) > 1e-9 * factor) {
    throw new ConfigError(
      `${where}: rope_scaling.factor is ${factor} but max_position_embeddings / original_max_position_embeddings = ` +
        `${maxPositionEmbeddings} / ${original} = ${maxPositionEmbeddings / original}, expected them equal: transformers versions disagree ` +
        'on which one YaRN uses. Hint: set max_position_embeddings to factor × original_max_position_embeddings, or drop original_max_position_embeddings.',
    );
  }
  const mscale = positive('mscale');
  const mscaleAllDim = positive('mscale_all_dim');
  const attentionFactor =
    positive('attention_factor') ?? (mscale && mscaleAllDim ? getMscale(factor, mscale) / getMscale(factor, mscaleAllDim) : getMscale(factor));
  const truncate = scaling.truncate ?? true;
  if (typeof truncate !== 'boolean') bad('truncate', 'true or false');
  return {
    type: 'yarn',
    factor,
    attentionFactor,
    truncate: truncate as boolean,
    // transformers reads `beta_fast or 32`: 0 and null also mean the default.
    betaFast: positive('beta_fast') ?? 32,
    betaSlow: positive('beta_slow') ?? 1,
    ...(original !== undefined ? { originalMaxPositionEmbeddings: original } : {}),
  };
}

/** The rope_scaling fields that reproduce `s` in transformers (every derived value written out). */
export function ropeScalingToHf(s: RopeScaling | undefined): Json {
  if (!s) return { type: 'mrope', rope_type: 'default' };
  if (s.type === 'linear') return { type: 'linear', rope_type: 'linear', factor: s.factor };
  return {
    type: 'yarn',
    rope_type: 'yarn',
    factor: s.factor,
    attention_factor: s.attentionFactor,
    beta_fast: s.betaFast,
    beta_slow: s.betaSlow,
    ...(s.truncate ? {} : { truncate: false }),
    ...(s.originalMaxPositionEmbeddings !== undefined ? { original_max_position_embeddings: s.originalMaxPositionEmbeddings } : {}),
  };
}

// generation_config.json: the stop ids transformers and vLLM actually stop on. config.json's eos_token_id is only
// the model's own end-of-turn id (Qwen2.5-VL: 151645); generation_config adds the ids generate() also stops on
// (Qwen2.5-VL: [151645, 151643]). A policy that emits <|endoftext|> and is not stopped runs to maxNewTokens, and
// that tail would be rewarded and trained on, so ahpo stops on the union of both files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ModelConfig } from './config.js';

export const GENERATION_CONFIG_FILE = 'generation_config.json';

export interface GenerationConfig {
  /** The file's eos_token_id as a list (an int becomes [int]; absent or null → []). */
  eosTokenIds: number[];
  /** The file's pad_token_id, when set: what transformers' generate() pads with. */
  padTokenId?: number;
  /** Every other field, verbatim: written back into checkpoints so a round trip loses nothing. */
  rest: Record<string, unknown>;
  /** The file it came from (for messages). */
  file: string;
}

// Fields carried along that change nothing in ahpo, nor in transformers once a prompt is given: bos_token_id only
// seeds generate() when there is no prompt (Qwen's tokenizer adds no BOS); the others are save metadata.
const INERT_FIELDS = ['bos_token_id', 'transformers_version', '_from_model_config'];

const isTokenId = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** Validates a parsed generation_config.json object. `file` names it in errors. */
export function parseGenerationConfig(json: unknown, file: string): GenerationConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(
      `${file}: expected a JSON object of generation settings, got ${JSON.stringify(json)}. ` +
        "Hint: copy generation_config.json from the model the folder was made from, or delete it to stop on config.json's eos_token_id only.",
    );
  }
  const { eos_token_id: eos, pad_token_id: pad, ...rest } = json as Record<string, unknown>;
  let eosTokenIds: number[];
  if (eos === undefined || eos === null)
    eosTokenIds = []; // transformers' "unset": stop ids then come from config.json
  else if (isTokenId(eos)) eosTokenIds = [eos];
  else if (Array.isArray(eos) && eos.length > 0 && eos.every(isTokenId)) eosTokenIds = [...eos];
  else {
    throw new ConfigError(
      `${file}: field 'eos_token_id' is ${JSON.stringify(eos)}, expected a token id (an integer ≥ 0) ` +
        'or a non-empty list of them. Hint: Qwen2.5-VL uses [151645, 151643] (<|im_end|>, <|endoftext|>).',
    );
  }
  if (pad !== undefined && pad !== null && !isTokenId(pad)) {
    throw new ConfigError(
      `${file}: field 'pad_token_id' is ${JSON.stringify(pad)}, expected a token id (an integer ≥ 0) ` +
        'or null. Hint: Qwen2.5-VL uses 151643 (<|endoftext|>).',
    );
  }
  return { eosTokenIds, padTokenId: isTokenId(pad) ? pad : undefined, rest, file };
}

/** Reads `<dir>/generation_config.json`; undefined when the folder has none (stop ids then come from config.json). */
export function readGenerationConfig(dir: string): GenerationConfig | undefined {
  const file = join(dir, GENERATION_CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(
      `${file}: not valid JSON (${(e as Error).message}). ` + "Hint: fix the file, or delete it to stop on config.json's eos_token_id only.",
    );
  }
  return parseGenerationConfig(json, file);
}

/**
 * Attaches a folder's generation config to its model config. The ids must be rows of the embedding (an id past
 * them can never be sampled, so it could never stop anything). pad_token_id replaces config.json's, as in
 * transformers, where generate() pads with generation_config's (pad positions are masked, so only the filler changes).
 */
export function applyGenerationConfig(config: ModelConfig, gen: GenerationConfig): void {
  const vocab = config.text.vocabSize;
  for (const [field, ids] of [
    ['eos_token_id', gen.eosTokenIds],
    ['pad_token_id', gen.padTokenId === undefined ? [] : [gen.padTokenId]],
  ] as const) {
    const bad = ids.filter((id) => id >= vocab);
    if (bad.length) {
      throw new ConfigError(
        `${gen.file}: field '${field}' has id ${bad.join(', ')}, expected ids below the model's vocab_size ${vocab} ` +
          '(config.json). Hint: the file belongs to another model; copy the one that came with these weights.',
      );
    }
  }
  config.generation = gen;
  if (gen.padTokenId !== undefined) config.tokens.padTokenId = gen.padTokenId;
}

/**
 * Sampling settings and other fields ahpo does not apply, as one line for the log (or undefined when there are
 * none). ahpo samples with its own settings (rollout.* in training, --temperature/--top-p/--top-k on the CLI):
 * RL needs the policy's own distribution, not the model card's near-greedy defaults.
 */
export function unappliedGenerationFields(gen: GenerationConfig): string | undefined {
  const names = Object.keys(gen.rest).filter((k) => !INERT_FIELDS.includes(k));
  if (names.length === 0) return undefined;
  return (
    `${gen.file}: ${names.map((k) => `${k}=${JSON.stringify(gen.rest[k])}`).join(', ')} not applied: ahpo samples with ` +
    'its own settings (rollout.temperature/topP/topK and maxNewTokens in training, --temperature/--top-p/--top-k on the CLI); ' +
    'only eos_token_id and pad_token_id are used (they are kept in saved checkpoints)'
  );
}

/** Ids generation stops on: config.json's eos_token_id, then generation_config.json's, each once. */
export function stopTokenIds(config: ModelConfig): number[] {
  return [...new Set([...config.tokens.eosTokenIds, ...(config.generation?.eosTokenIds ?? [])])];
}

/** The generation_config.json a saved folder carries: the source file's fields, with the stop ids ahpo used. */
export function toHfGenerationConfig(config: ModelConfig): Record<string, unknown> {
  const stop = stopTokenIds(config);
  const out: Record<string, unknown> = { ...(config.generation?.rest ?? {}) };
  // No stop id at all (a config without eos_token_id) is written as "unset", which parseGenerationConfig reads back.
  if (stop.length > 0) out.eos_token_id = stop.length === 1 ? stop[0] : stop;
  out.pad_token_id = config.tokens.padTokenId;
  return out;
}

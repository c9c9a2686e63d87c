// One call to get a usable model: `preset:NAME` (built-in geometry, project tokenizer, seeded random weights) or a
// Hugging Face model folder (config.json + safetensors + tokenizer.json). Used by every CLI command that needs one.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadProcessorConfig, type ProcessorConfig } from '../data/image-config.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../data/tokenizer.js';
import type { ModelConfig, SpecialTokenIds } from './config.js';
import { initParams, type Params } from './params.js';
import { PRESETS, presetConfig } from './presets.js';
import { loadModelFolder, type LoadOptions } from './weights.js';

export interface LoadedModel {
  config: ModelConfig;
  params: Params;
  tokenizer: QwenTokenizer;
  /**
   * Image-processor settings for vision models: preprocessor_config.json of the folder, or the checkpoint defaults
   * for presets. Undefined for text-only models and for folders without the file (image inputs then need one).
   */
  processor?: ProcessorConfig;
  /** What was loaded, for logs: `preset:tiny-vl (seed 0)` or the folder path. */
  source: string;
}

export function tokensOf(tok: QwenTokenizer): SpecialTokenIds {
  return {
    eosTokenIds: [...tok.eosIds],
    padTokenId: tok.special.pad,
    imageTokenId: tok.special.imagePad,
    visionStartTokenId: tok.special.visionStart,
    visionEndTokenId: tok.special.visionEnd,
  };
}

export async function loadModel(spec: string, opts: LoadOptions & { seed?: number } = {}): Promise<LoadedModel> {
  if (spec.startsWith('preset:')) {
    const name = spec.slice('preset:'.length);
    if (!PRESETS[name])
      throw new Error(
        `--model ${spec}: unknown preset '${name}'. Presets: ${Object.keys(PRESETS)
          .map((p) => `preset:${p}`)
          .join(', ')}`,
      );
    const tokenizer = QwenTokenizer.fromDir(BUILTIN_TOKENIZER_DIR);
    const config = presetConfig(name, tokensOf(tokenizer), tokenizer.vocabSize);
    const seed = opts.seed ?? 0;
    const processor = config.vision ? loadProcessorConfig() : undefined;
    return { config, params: initParams(config, seed), tokenizer, processor, source: `${spec} (random init, seed ${seed})` };
  }
  if (!existsSync(spec) || !statSync(spec).isDirectory()) {
    throw new Error(
      `--model ${spec}: not a folder. Give a Hugging Face model folder (config.json, *.safetensors, tokenizer.json) or preset:NAME (${Object.keys(PRESETS).join(', ')}).`,
    );
  }
  if (!existsSync(join(spec, 'tokenizer.json'))) throw new Error(`--model ${spec}: no tokenizer.json in the folder (copy it from the model you trained from).`);
  const tokenizer = QwenTokenizer.fromDir(spec);
  // Templates the folder holds but does not render with (shadowed or non-default ones): said, never dropped silently.
  for (const note of tokenizer.chatTemplate?.notes ?? []) (opts.onWarn ?? console.warn)(note);
  // Parsed before the weights so a bad preprocessor_config.json fails fast, without allocating tensors.
  const processor = existsSync(join(spec, 'preprocessor_config.json')) ? loadProcessorConfig(spec) : undefined;
  const { config, params } = await loadModelFolder(spec, opts);
  return { config, params, tokenizer, processor: config.vision ? processor : undefined, source: spec };
}

// Tokens a policy must never sample: the image/video placeholders (a generated <|image_pad|> would desynchronise
// image features from image tokens on the next forward) and embedding rows past the tokenizer's vocabulary (the
// 7B checkpoint has 152064 rows for 151665 tokens). The trainer excludes the same ids from its log-probs.
import type { ModelConfig } from '../model/config.js';
import { stopTokenIds } from '../model/generation-config.js';
import type { QwenTokenizer } from '../data/tokenizer.js';

export function suppressedIds(config: ModelConfig, tokenizerVocab: number, extra: readonly number[] = []): number[] {
  const ids = new Set<number>(extra);
  for (const id of [config.tokens.imageTokenId, config.tokens.visionStartTokenId, config.tokens.visionEndTokenId]) if (id >= 0) ids.add(id);
  for (let i = tokenizerVocab; i < config.text.vocabSize; i++) ids.add(i);
  return [...ids].sort((a, b) => a - b);
}

/**
 * The ids every sampler of this model uses (training rollouts, evaluation, `ahpo generate`), wired in one place: the
 * stop ids (generation_config.json's eos ids, else the chat template's end of turn) and the suppressed ids above,
 * with the video placeholder too (ahpo never feeds video).
 */
export function samplingIds(model: { config: ModelConfig; tokenizer: QwenTokenizer }): { stopIds: number[]; suppressIds: number[] } {
  return {
    stopIds: stopTokenIds(model.config),
    suppressIds: suppressedIds(model.config, model.tokenizer.vocabSize, [model.tokenizer.special.videoPad]),
  };
}

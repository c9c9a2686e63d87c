// Tokens a policy must never sample: the image/video placeholders (a generated <|image_pad|> would desynchronise
// image features from image tokens on the next forward) and embedding rows past the tokenizer's vocabulary (the
// 7B checkpoint has 152064 rows for 151665 tokens). The trainer excludes the same ids from its log-probs.
import type { ModelConfig } from '../model/config.js';

export function suppressedIds(config: ModelConfig, tokenizerVocab: number, extra: readonly number[] = []): number[] {
  const ids = new Set<number>(extra);
  for (const id of [config.tokens.imageTokenId, config.tokens.visionStartTokenId, config.tokens.visionEndTokenId]) if (id >= 0) ids.add(id);
  for (let i = tokenizerVocab; i < config.text.vocabSize; i++) ids.add(i);
  return [...ids].sort((a, b) => a - b);
}

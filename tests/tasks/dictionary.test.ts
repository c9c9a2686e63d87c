import { describe, expect, it } from 'vitest';
import { dictionarySize, isWord } from '../../src/tasks/common/dictionary.js';

describe('word-ladder dictionary', () => {
  it('knows common and rare words from both spellings, any case', () => {
    for (const w of ['cold', 'cord', 'card', 'ward', 'warm', 'COLD', ' Warm ', 'colour', 'color', 'aa']) {
      expect(isWord(w), w).toBe(true);
    }
  });

  it('rejects non-words and non-letters without throwing', () => {
    for (const w of ['', 'xqzv', 'c0ld', "don't", 'cold warm', 'é', 'a'.repeat(10_000)]) expect(isWord(w), w).toBe(false);
  });

  it('is at least as large as the NLTK words corpus (236k)', () => {
    expect(dictionarySize()).toBeGreaterThan(236_000);
  });
});

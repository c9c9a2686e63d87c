// Shingoki: one closed loop of grid segments that turns on black circles, goes straight through white ones, and
// whose straight legs at each circle add up to its number.
import { defineTask } from '../define.js';
import { ok } from '../types.js';
import { shingokiGenerator } from './generate.js';
import { parseShingokiState } from './state.js';
import { checkShingoki, parseSegments } from './verify.js';

export const task = defineTask({
  key: 'shingoki',
  officialName: 'shingoki',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseShingokiState,
  parseAnswer: (text) => ok(parseSegments(text)),
  check: checkShingoki,
  generate: shingokiGenerator,
});

// nibbles: steer the snake to eat every apple; answer = direction words.
import type { TaskSpec } from '../types.js';
import { nibblesGenerator } from './generate.js';
import { parseNibblesState } from './state.js';
import { verifyNibbles } from './verify.js';

export const nibbles: TaskSpec = {
  key: 'nibbles',
  officialName: 'nibbles',
  category: 'games',
  needsInitialState: true,
  parseState: parseNibblesState,
  verify: verifyNibbles,
  generator: nibblesGenerator,
};

// hanoi: move every disk to the last peg; answer = `(disk,peg)` pairs.
import type { TaskSpec } from '../types.js';
import { hanoiGenerator } from './generate.js';
import { parseHanoiState } from './state.js';
import { verifyHanoi } from './verify.js';

export const hanoi: TaskSpec = {
  key: 'hanoi',
  officialName: 'hanoi',
  category: 'games',
  needsInitialState: true,
  parseState: parseHanoiState,
  verify: verifyHanoi,
  generator: hanoiGenerator,
};

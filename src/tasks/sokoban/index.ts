// sokoban: push every box onto a target; answer = direction words.
import type { TaskSpec } from '../types.js';
import { sokobanGenerator } from './generate.js';
import { parseSokobanState } from './state.js';
import { verifySokoban } from './verify.js';

export const sokoban: TaskSpec = {
  key: 'sokoban',
  officialName: 'sokoban',
  category: 'games',
  needsInitialState: true,
  parseState: parseSokobanState,
  verify: verifySokoban,
  generator: sokobanGenerator,
};

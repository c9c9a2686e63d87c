// minesweeper: locate every mine; answer = `(r, c)` pairs, 0-based.
import type { TaskSpec } from '../types.js';
import { minesweeperGenerator } from './generate.js';
import { parseMinesweeperState } from './state.js';
import { verifyMinesweeper } from './verify.js';

export const minesweeper: TaskSpec = {
  key: 'minesweeper',
  officialName: 'minesweeper',
  category: 'games',
  // The state enables the rule-based check; without it the verifier falls back to the official set match.
  needsInitialState: false,
  parseState: parseMinesweeperState,
  verify: verifyMinesweeper,
  generator: minesweeperGenerator,
};

// Minesweeper: the mine cells of a fully revealed board, checked against its numbers (or, without a board, matched
// with the reference as the official evaluator does).
import { defineTask } from '../define.js';
import { parseIntPairs } from '../common/game-moves.js';
import { minesweeperGenerator } from './generate.js';
import { parseMinesweeperState } from './state.js';
import { checkMinesweeper } from './verify.js';

export const task = defineTask({
  key: 'minesweeper',
  officialName: 'minesweeper',
  category: 'games',
  // The state enables the rule-based check; without it the verifier falls back to the official set match.
  needsInitialState: false,
  parseState: (raw) => (raw === null || raw === undefined ? null : parseMinesweeperState(raw)),
  parseAnswer: (text) => parseIntPairs(text, 'mine'),
  check: checkMinesweeper,
  generate: minesweeperGenerator,
});

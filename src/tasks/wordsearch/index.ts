// Word search: give each hidden word with its direction and starting cell.
import { defineTask } from '../define.js';
import { wordsearchGenerator } from './generate.js';
import { parseWordSearchState } from './state.js';
import { checkWordSearch, parseWordSearchAnswer } from './verify.js';

export const task = defineTask({
  key: 'wordsearch',
  officialName: 'wordsearch',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseWordSearchState,
  parseAnswer: parseWordSearchAnswer,
  check: checkWordSearch,
  generate: wordsearchGenerator,
});

// Nibbles (Snake game): direction words that eat every apple without hitting a wall or the snake itself.
import { defineTask } from '../define.js';
import { parseDirections } from '../common/game-moves.js';
import { nibblesGenerator } from './generate.js';
import { renderNibbles } from './render.js';
import { parseNibblesState } from './state.js';
import { checkNibbles } from './verify.js';

export const task = defineTask({
  key: 'nibbles',
  officialName: 'nibbles',
  category: 'games',
  needsInitialState: true,
  parseState: parseNibblesState,
  parseAnswer: (text) => parseDirections(text),
  check: checkNibbles,
  generate: nibblesGenerator,
  render: renderNibbles,
});

// Numbrix: place 1..M so consecutive numbers are orthogonally adjacent, keeping the givens.
import { defineTask } from '../define.js';
import { numbrixGenerator } from './generate.js';
import { renderNumbrix } from './render.js';
import { parseNumbrixState } from './state.js';
import { checkNumbrix, parseNumbrixAnswer } from './verify.js';

export const task = defineTask({
  key: 'numbrix',
  officialName: 'numbrix',
  category: 'puzzles',
  needsInitialState: true,
  parseState: parseNumbrixState,
  parseAnswer: parseNumbrixAnswer,
  check: checkNumbrix,
  generate: numbrixGenerator,
  render: renderNumbrix,
});

// 24 points: combine four numbers with + − × ÷ and brackets to make 24; any valid expression passes.
import { defineTask } from '../define.js';
import { pointsGenerator } from './generate.js';
import { renderCards } from './render.js';
import { parsePointsState } from './state.js';
import { checkPoints, parsePointsAnswer } from './verify.js';

export const task = defineTask({
  key: '24_points',
  officialName: '24Points',
  category: 'algorithms',
  needsInitialState: true,
  parseState: parsePointsState,
  parseAnswer: parsePointsAnswer,
  check: checkPoints,
  generate: pointsGenerator,
  render: (s) => renderCards(s.numbers),
});

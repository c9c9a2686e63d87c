// 24 points: combine four numbers with + − × ÷ and brackets to make 24; any valid expression passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { pointsGenerator } from './generate.js';
import { parsePointsState } from './state.js';
import { verify24Points } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: '24_points',
  officialName: '24Points',
  category: 'algorithms',
  needsInitialState: true,
  parseState: parsePointsState,
  verify: guardVerifier(verify24Points),
  generator: pointsGenerator,
};

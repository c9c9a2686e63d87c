// Largest rectangle in a histogram: an integer recomputed from initial_state and compared with the answer.
import { histogramGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'largest_rectangle_in_histogram',
  officialName: 'LargestRectangleInHistogram',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: histogramGenerator,
};

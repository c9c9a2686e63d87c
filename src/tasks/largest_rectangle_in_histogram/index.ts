// Largest rectangle in a histogram: an integer recomputed from initial_state.heights and compared with the answer.
import { arrayIntegerRules } from '../common/array-instance.js';
import { defineTask } from '../define.js';
import { histogramGenerator } from './generate.js';
import { largestRectangle } from './solve.js';

export const task = defineTask({
  key: 'largest_rectangle_in_histogram',
  officialName: 'LargestRectangleInHistogram',
  category: 'algorithms',
  ...arrayIntegerRules('heights', largestRectangle, 'largest rectangle area'),
  generate: histogramGenerator,
});

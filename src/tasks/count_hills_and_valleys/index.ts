// Count hills and valleys: an integer recomputed from initial_state.terrain and compared with the answer.
import { arrayIntegerRules } from '../common/array-instance.js';
import { defineTask } from '../define.js';
import { hillsGenerator } from './generate.js';
import { countHillsAndValleys } from './solve.js';

export const task = defineTask({
  key: 'count_hills_and_valleys',
  officialName: 'CountHillsAndValleys',
  category: 'algorithms',
  ...arrayIntegerRules('terrain', countHillsAndValleys, 'number of hills and valleys'),
  generate: hillsGenerator,
});

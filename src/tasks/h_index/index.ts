// H-index of a citation list: an integer recomputed from initial_state.citations and compared with the answer.
import { arrayIntegerRules } from '../common/array-instance.js';
import { defineTask } from '../define.js';
import { hIndexGenerator } from './generate.js';
import { hIndex } from './solve.js';

export const task = defineTask({
  key: 'h_index',
  officialName: 'HIndex',
  category: 'algorithms',
  ...arrayIntegerRules('citations', hIndex, 'h-index'),
  generate: hIndexGenerator,
});

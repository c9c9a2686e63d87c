// Trapping rain water: an integer recomputed from initial_state.height and compared with the answer.
import { arrayIntegerRules } from '../common/array-instance.js';
import { defineTask } from '../define.js';
import { rainGenerator } from './generate.js';
import { trappedWater } from './solve.js';

export const task = defineTask({
  key: 'trapping_rain_water',
  officialName: 'trapping_rain_water',
  category: 'algorithms',
  ...arrayIntegerRules('height', trappedWater, 'trapped water'),
  generate: rainGenerator,
});

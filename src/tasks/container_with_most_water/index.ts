// Container with most water: the largest area, an integer recomputed from initial_state.heights and compared with the
// answer.
import { arrayIntegerRules } from '../common/array-instance.js';
import { defineTask } from '../define.js';
import { containerGenerator } from './generate.js';
import { maxContainer } from './solve.js';

export const task = defineTask({
  key: 'container_with_most_water',
  officialName: 'ContainerWithMostWater',
  category: 'algorithms',
  ...arrayIntegerRules('heights', maxContainer, 'largest container area'),
  generate: containerGenerator,
});

// Container with most water: an integer recomputed from initial_state and compared with the answer.
import { containerGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'container_with_most_water',
  officialName: 'ContainerWithMostWater',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: containerGenerator,
};

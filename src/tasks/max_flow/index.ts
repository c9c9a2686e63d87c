// Maximum flow in a layered DAG; the graph is only in the image, so verification matches the reference.
import { guardVerifier } from '../common/answer-shapes.js';
import { maxFlowGenerator } from './generate.js';
import { verifyMaxFlow } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'max_flow',
  officialName: 'max_flow',
  category: 'graphs',
  needsInitialState: false,
  verify: guardVerifier(verifyMaxFlow),
  generator: maxFlowGenerator,
};

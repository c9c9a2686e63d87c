// Shortest weighted distance between two nodes; the graph is only in the image, so verification matches the reference.
import { guardVerifier } from '../common/answer-shapes.js';
import { spGenerator } from './generate.js';
import { verifyShortestPath } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'shortest_path',
  officialName: 'shortest_distance_weighted',
  category: 'graphs',
  needsInitialState: false,
  verify: guardVerifier(verifyShortestPath),
  generator: spGenerator,
};

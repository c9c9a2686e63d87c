// Hamiltonian path (from the vertex the question names) or No; any valid path passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { hamPathGenerator } from './generate.js';
import { verifyHamiltonianPath } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'hamiltonian_path',
  officialName: 'hamiltonian_path',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  verify: guardVerifier(verifyHamiltonianPath),
  generator: hamPathGenerator,
};

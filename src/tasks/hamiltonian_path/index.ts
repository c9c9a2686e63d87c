// Hamiltonian path (from the vertex the question names) or No; any valid path passes.
import { readNodesOrNo } from '../common/answer-shapes.js';
import { parseAdjacency } from '../common/graph-state.js';
import { defineTask } from '../define.js';
import { hamPathGenerator } from './generate.js';
import { checkHamiltonianPath } from './verify.js';

export const task = defineTask({
  key: 'hamiltonian_path',
  officialName: 'hamiltonian_path',
  category: 'graphs',
  needsInitialState: true,
  parseState: parseAdjacency,
  parseAnswer: readNodesOrNo,
  check: checkHamiltonianPath,
  generate: hamPathGenerator,
});

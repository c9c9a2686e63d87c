// The graphs task families. Each family lives in its own folder src/tasks/<key>/ whose index.ts exports a TaskSpec;
// adding a family = adding its folder and one line here.
import { task as eulerianCycle } from './eulerian_cycle/index.js';
import { task as eulerianPath } from './eulerian_path/index.js';
import { task as hamiltonianCycle } from './hamiltonian_cycle/index.js';
import { task as hamiltonianPath } from './hamiltonian_path/index.js';
import { task as isomorphism } from './isomorphism/index.js';
import { task as maxFlow } from './max_flow/index.js';
import { task as shortestPath } from './shortest_path/index.js';
import { task as topologicalSort } from './topological_sort/index.js';
import type { TaskSpec } from './types.js';

export const GRAPHS: TaskSpec[] = [shortestPath, maxFlow, isomorphism, topologicalSort, hamiltonianPath, hamiltonianCycle, eulerianPath, eulerianCycle];

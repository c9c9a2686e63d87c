// Hamiltonian cycle solver: the official search made explicit — depth-first from the smallest vertex, neighbours in
// ascending order, the closing edge checked once every vertex is on the path.
import type { Adjacency } from '../common/graph-state.js';
import { hamiltonianSearch } from '../common/hamiltonian.js';
import type { TraceRecorder } from '../trace.js';

const SEARCH_BUDGET = 30_000;

/** DFS for a Hamiltonian cycle from the smallest vertex; null when none exists, undefined when the budget ran out. */
export function hamiltonianCycleSearch(adj: Adjacency, rec?: TraceRecorder): string[] | null | undefined {
  const ids = Object.keys(adj).sort((a, b) => Number(a) - Number(b));
  const start = ids[0];
  const low = ids.find((v) => adj[v].length < 2);
  if (low !== undefined) {
    // A cycle enters and leaves every vertex, so a vertex of degree < 2 settles the question without search.
    rec?.note(`Vertex ${low} has only ${adj[low].length} neighbour(s); a cycle needs two at every vertex, so no Hamiltonian cycle exists.`);
    return null;
  }
  const path = hamiltonianSearch(adj, start, rec, { closeTo: start, budget: SEARCH_BUDGET });
  return path ? [...path, start] : path;
}

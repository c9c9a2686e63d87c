// What the two Hamiltonian tasks share: the depth-first search both generators solve with (a path from a named start,
// or a cycle back to it) and the rule check both verifiers apply to a visiting order.
import type { TraceRecorder } from '../trace.js';
import { allNodes, undirectedNeighbours, type Adjacency } from './graph-state.js';

const SEARCH_BUDGET = 20_000;

export interface HamiltonianSearchOptions {
  /** Search a cycle: a full path must end next to this vertex (the start), and the closing edge is recorded. */
  closeTo?: string;
  /** Record a dead end at every exhausted vertex (paths), or only where no unvisited neighbour was left (cycles). */
  everyDeadEnd?: boolean;
  /** Extensions tried before giving up (default SEARCH_BUDGET). */
  budget?: number;
}

/**
 * DFS for a Hamiltonian path from `start` (or, with `closeTo`, a cycle back to it); null when none exists,
 * undefined when the search budget ran out. Each extension, dead end and backtrack is recorded for the trace.
 */
export function hamiltonianSearch(
  adj: Adjacency,
  start: string,
  rec?: TraceRecorder,
  o: HamiltonianSearchOptions = { everyDeadEnd: true },
): string[] | null | undefined {
  const n = Object.keys(adj).length;
  const path = [start];
  const used = new Set([start]);
  let budget = o.budget ?? SEARCH_BUDGET;
  const dfs = (): boolean => {
    const v = path[path.length - 1];
    if (path.length === n) {
      if (o.closeTo === undefined) return true;
      if (adj[v].includes(o.closeTo)) {
        rec?.step(`close ${v}→${o.closeTo}`, { check: `all ${n} vertices used and ${v}–${o.closeTo} is an edge` });
        return true;
      }
      rec?.deadEnd(`at ${v} with all ${n} vertices`, `${v}–${o.closeTo} is not an edge, the cycle cannot close`);
      return false;
    }
    let tried = 0;
    for (const w of adj[v]) {
      if (used.has(w)) continue;
      tried++;
      if (--budget < 0) return false;
      path.push(w);
      used.add(w);
      rec?.step(`${v}→${w}`, { state: `path [${path.join(', ')}]` });
      if (dfs()) return true;
      path.pop();
      used.delete(w);
      rec?.backtrack(`[${path.join(', ')}]`);
    }
    if (o.everyDeadEnd || tried === 0) {
      const why = tried === 0 ? 'no unvisited neighbour' : `all ${tried} unvisited neighbour(s) lead to dead ends`;
      rec?.deadEnd(`at ${v}`, `${why}, only ${path.length} of ${n} vertices covered`);
    }
    return false;
  };
  const found = dfs();
  if (budget < 0) return undefined;
  return found ? path : null;
}

/** Checks a visiting order of distinct vertices covering the graph along edges; null when valid. */
export function hamiltonianViolation(order: string[], adj: Adjacency): string | null {
  const nodes = allNodes(adj);
  const nb = undirectedNeighbours(adj);
  const seen = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    if (!nb.has(v)) return `step ${i + 1}: vertex ${v} is not in the graph`;
    if (seen.has(v)) return `step ${i + 1}: vertex ${v} is visited twice`;
    seen.add(v);
    if (i > 0 && !nb.get(order[i - 1])?.has(v)) return `step ${i + 1}: edge ${order[i - 1]}–${v} is not in the graph`;
  }
  for (const v of nodes) if (!seen.has(v)) return `vertex ${v} is never visited`;
  return null;
}

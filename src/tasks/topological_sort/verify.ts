// Topological sort: rule-based, so every valid order passes (the official check is rule-based too).
// The answer must list every node exactly once, and for each edge u→v, u must come before v.
import { allNodes, type Adjacency } from '../common/graph-state.js';
import { result, type VerifyResult } from '../types.js';

/** `order` is the answer's vertex list, or null for the answer "No". */
export function checkTopologicalSort(adj: Adjacency, order: string[] | null): VerifyResult {
  if (order === null) return result(false, 'answered No, but the graph is a DAG and has a topological order');
  const nodes = allNodes(adj);
  const known = new Set(nodes);
  const position = new Map<string, number>();
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    if (!known.has(v)) return result(false, `position ${i + 1}: vertex ${v} is not in the graph`);
    if (position.has(v)) return result(false, `position ${i + 1}: vertex ${v} is listed twice`);
    position.set(v, i);
  }
  for (const v of nodes) if (!position.has(v)) return result(false, `vertex ${v} is missing from the order`);
  for (const u of Object.keys(adj)) {
    for (const v of adj[u]) {
      if ((position.get(u) ?? 0) >= (position.get(v) ?? 0)) {
        return result(
          false,
          `edge ${u}→${v} is violated: ${v} (position ${(position.get(v) ?? 0) + 1}) comes before ${u} (position ${(position.get(u) ?? 0) + 1})`,
        );
      }
    }
  }
  return result(true, `valid topological order of all ${nodes.length} vertices`);
}

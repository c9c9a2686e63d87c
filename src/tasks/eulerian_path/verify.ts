// Eulerian path: rule-based (a walk along existing edges that uses every undirected edge exactly once), or "No".
// Unlike the Hamiltonian tasks, existence is cheap to decide (Euler: the edges form one connected piece and 0 or 2
// vertices have odd degree), so a "No" is checked against the graph itself rather than against the reference.
import { finalAnswer, isNoAnswer, parseNodeList } from '../common/answer-shapes.js';
import { edgeKey, parseAdjacency, undirectedEdges, type Adjacency } from '../common/graph-state.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export interface EulerFacts {
  edgeCount: number;
  oddVertices: string[];
  /** All edges lie in one connected component. */
  connected: boolean;
}

export function eulerFacts(adj: Adjacency): EulerFacts {
  const edges = undirectedEdges(adj);
  const degree = new Map<string, number>();
  const nb = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = e.split('-');
    for (const [x, y] of [[a, b], [b, a]]) {
      degree.set(x, (degree.get(x) ?? 0) + 1);
      nb.set(x, [...(nb.get(x) ?? []), y]);
    }
  }
  const touched = [...degree.keys()];
  const seen = new Set<string>();
  const stack = touched.length > 0 ? [touched[0]] : [];
  while (stack.length > 0) {
    const v = stack.pop() as string;
    if (seen.has(v)) continue;
    seen.add(v);
    for (const w of nb.get(v) ?? []) if (!seen.has(w)) stack.push(w);
  }
  const oddVertices = touched.filter((v) => (degree.get(v) ?? 0) % 2 === 1).sort((x, y) => Number(x) - Number(y));
  return { edgeCount: edges.size, oddVertices, connected: seen.size === touched.length };
}

/** Walks `walk` over the edges; null when it uses every edge exactly once. */
export function eulerWalkViolation(walk: string[], adj: Adjacency): string | null {
  const edges = undirectedEdges(adj);
  if (walk.length < 2) return `a walk needs at least 2 vertices, got ${walk.length}`;
  const used = new Set<string>();
  for (let i = 1; i < walk.length; i++) {
    const key = edgeKey(walk[i - 1], walk[i]);
    if (!edges.has(key)) return `step ${i}: edge ${walk[i - 1]}–${walk[i]} is not in the graph`;
    if (used.has(key)) return `step ${i}: edge ${walk[i - 1]}–${walk[i]} is used a second time`;
    used.add(key);
  }
  if (used.size < edges.size) {
    const missing = [...edges].filter((e) => !used.has(e));
    return `${missing.length} edge(s) never used, e.g. ${missing[0].replace('-', '–')}`;
  }
  return null;
}

export function verifyEulerianPath(instance: TaskInstance, response: string): VerifyResult {
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  const adj = parseAdjacency(instance.initialState);
  if (isNoAnswer(ans.text)) {
    const f = eulerFacts(adj);
    const exists = f.edgeCount > 0 && f.connected && (f.oddVertices.length === 0 || f.oddVertices.length === 2);
    if (!exists) return result(true, `correctly answered No: ${f.connected ? `${f.oddVertices.length} vertices have odd degree` : 'the edges are not connected'}`);
    return result(false, `answered No, but an Eulerian path exists: the graph is connected and has ${f.oddVertices.length} odd-degree vertices${f.oddVertices.length ? ` (${f.oddVertices.join(', ')})` : ''}`);
  }
  const parsed = parseNodeList(ans.text);
  if ('error' in parsed) return result(false, parsed.error);
  const bad = eulerWalkViolation(parsed.nodes, adj);
  if (bad) return result(false, bad);
  return result(true, `valid Eulerian path using all ${parsed.nodes.length - 1} edges once`);
}

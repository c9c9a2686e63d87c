// What the two Eulerian tasks share: the degree and connectivity facts that decide existence, the walk check both
// verifiers apply, and the generators' common parts — Fleury's algorithm (start at an odd vertex or the smallest one;
// at each vertex take the smallest unused edge that is not a bridge of the remaining edges), the parity repair that
// makes "yes" instances (grid graphs rarely have ≤ 2 odd vertices by chance, so edges between two odd grid
// neighbours are toggled).
import type { TraceRecorder } from '../trace.js';
import { edgeKey, undirectedEdges, type Adjacency } from './graph-state.js';
import { undirectedAdjacency, type RandomGridGraph } from './grid-graph.js';

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
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
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

/** Vertices reachable from `from` over the unused edges. */
function reach(from: string, unused: Map<string, Set<string>>): number {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) for (const w of unused.get(stack.pop() as string) ?? []) if (!seen.has(w)) (seen.add(w), stack.push(w));
  return seen.size;
}

/** Fleury's algorithm from `start`, recording each move and each bridge it postponed. */
export function fleury(adj: Adjacency, start: string, rec?: TraceRecorder): string[] {
  const unused = new Map<string, Set<string>>();
  for (const v of Object.keys(adj)) unused.set(v, new Set());
  for (const [u, list] of Object.entries(adj)) for (const v of list) (unused.get(u)?.add(v), unused.get(v)?.add(u));
  const walk = [start];
  let v = start;
  for (;;) {
    const options = [...(unused.get(v) ?? [])].sort((a, b) => Number(a) - Number(b));
    if (options.length === 0) break;
    let pick = options[0];
    const skipped: string[] = [];
    if (options.length > 1) {
      for (const w of options) {
        const before = reach(v, unused);
        (unused.get(v)?.delete(w), unused.get(w)?.delete(v));
        const after = reach(v, unused);
        (unused.get(v)?.add(w), unused.get(w)?.add(v));
        // v still has other edges, so v–w is safe exactly when removing it leaves everything reachable from v.
        if (after === before) {
          pick = w;
          break;
        }
        skipped.push(w);
      }
    }
    (unused.get(v)?.delete(pick), unused.get(pick)?.delete(v));
    const left = [...unused.values()].reduce((s, x) => s + x.size, 0) / 2;
    rec?.step(
      `${v}→${pick}`,
      skipped.length
        ? { check: `${skipped.map((w) => `${v}–${w}`).join(', ')} would be a bridge, kept for later; ${left} edges left` }
        : { check: `${left} edges left` },
    );
    walk.push(pick);
    v = pick;
  }
  return walk;
}

/** Toggles edges between odd grid neighbours until ≤ maxOdd vertices are odd; false when it gets stuck. */
export function fixParity(g: RandomGridGraph, candidates: [string, string][], maxOdd = 2): boolean {
  const has = new Set(g.edges.map(([a, b]) => edgeKey(a, b)));
  for (let round = 0; round < 100; round++) {
    const f = eulerFacts(undirectedAdjacency(g));
    if (f.oddVertices.length <= maxOdd) return f.connected;
    const odd = new Set(f.oddVertices);
    const pair = candidates.find(([a, b]) => odd.has(a) && odd.has(b) && (!has.has(edgeKey(a, b)) || g.edges.length > g.pos.size));
    if (!pair) return false;
    const key = edgeKey(...pair);
    if (has.has(key)) {
      g.edges = g.edges.filter(([a, b]) => edgeKey(a, b) !== key);
      has.delete(key);
      // The question promises a connected graph: no removal may cut it or strand a vertex.
      const adj = undirectedAdjacency(g);
      if (!eulerFacts(adj).connected || Object.values(adj).some((l) => l.length === 0)) return false;
    } else {
      g.edges.push(pair);
      has.add(key);
    }
  }
  return false;
}

/** Vertex pairs that are horizontal or vertical grid neighbours (edges that can be added without crossings). */
export function straightNeighbours(g: RandomGridGraph): [string, string][] {
  const cell = new Map([...g.pos].map(([v, [r, c]]) => [`${r},${c}`, v]));
  const out: [string, string][] = [];
  for (const [v, [r, c]] of g.pos) {
    for (const [dr, dc] of [
      [0, 1],
      [1, 0],
    ]) {
      const w = r + dr < g.side && c + dc < g.side ? cell.get(`${r + dr},${c + dc}`) : undefined;
      if (w !== undefined) out.push([v, w]);
    }
  }
  return out;
}

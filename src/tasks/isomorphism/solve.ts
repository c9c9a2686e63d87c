// Isomorphism solver used by the generator and its trace: cheap invariants first (vertex count, edge count, degree
// sequence), then colour refinement (each vertex's colour becomes its old colour plus the multiset of its
// neighbours' colours, on both graphs at once, until the classes stop splitting), and finally a backtracking search
// for a vertex mapping that only tries G2 vertices of the same refined colour. Each mapping choice, each conflict
// and each backtrack is recorded, so the trace shows the real search.
import { TraceRecorder } from '../trace.js';

/** Neighbour lists by vertex index 0..n-1 (undirected, both directions listed). */
export type SimpleGraph = number[][];

export interface IsoResult {
  isomorphic: boolean;
  /** mapping[v] = image of G1's vertex v in G2, when isomorphic. */
  mapping?: number[];
  /** Which stage decided: counts, degrees, refinement or search. */
  decidedBy: 'counts' | 'degrees' | 'refinement' | 'search';
}

const edgeCount = (g: SimpleGraph): number => g.reduce((s, l) => s + l.length, 0) / 2;
const degreeSeq = (g: SimpleGraph): number[] => g.map((l) => l.length).sort((a, b) => b - a);

/** Joint colour refinement of both graphs; returns the stable colours of each. */
export function refineColours(g1: SimpleGraph, g2: SimpleGraph): { c1: number[]; c2: number[]; rounds: number } {
  let c1 = g1.map((l) => l.length);
  let c2 = g2.map((l) => l.length);
  let classes = new Set([...c1, ...c2]).size;
  for (let round = 1; ; round++) {
    const sig = (g: SimpleGraph, c: number[]): string[] =>
      g.map(
        (l, v) =>
          `${c[v]}|${l
            .map((w) => c[w])
            .sort((a, b) => a - b)
            .join(',')}`,
      );
    const s1 = sig(g1, c1);
    const s2 = sig(g2, c2);
    const ids = new Map<string, number>();
    for (const s of [...s1, ...s2].sort()) if (!ids.has(s)) ids.set(s, ids.size);
    const n1 = s1.map((s) => ids.get(s) as number);
    const n2 = s2.map((s) => ids.get(s) as number);
    const now = ids.size;
    c1 = n1;
    c2 = n2;
    if (now === classes) return { c1, c2, rounds: round };
    classes = now;
  }
}

function histogram(c: number[]): Map<number, number> {
  const h = new Map<number, number>();
  for (const x of c) h.set(x, (h.get(x) ?? 0) + 1);
  return h;
}

const SEARCH_BUDGET = 20_000;

/** Decides isomorphism; records the reasoning on `rec`. Throws when the search budget runs out. */
export function solveIsomorphism(g1: SimpleGraph, g2: SimpleGraph, rec?: TraceRecorder): IsoResult {
  const n = g1.length;
  if (g1.length !== g2.length || edgeCount(g1) !== edgeCount(g2)) {
    rec?.note(`G1 has ${g1.length} vertices and ${edgeCount(g1)} edges, G2 has ${g2.length} and ${edgeCount(g2)}: the counts differ.`);
    return { isomorphic: false, decidedBy: 'counts' };
  }
  rec?.step(`count: both have ${n} vertices and ${edgeCount(g1)} edges`);
  const d1 = degreeSeq(g1);
  const d2 = degreeSeq(g2);
  if (d1.join() !== d2.join()) {
    rec?.note(`Degree sequences differ: G1 (${d1.join(',')}) vs G2 (${d2.join(',')}).`);
    return { isomorphic: false, decidedBy: 'degrees' };
  }
  rec?.step(`degree sequences agree: (${d1.join(',')})`);
  const { c1, c2, rounds } = refineColours(g1, g2);
  const h1 = histogram(c1);
  const h2 = histogram(c2);
  const classText = (c: number[]): string =>
    [...new Set(c)]
      .sort((a, b) => a - b)
      .map(
        (k) =>
          `{${c
            .map((x, v) => (x === k ? v : -1))
            .filter((v) => v >= 0)
            .join(',')}}`,
      )
      .join(' ');
  const differ = [...new Set([...h1.keys(), ...h2.keys()])].find((k) => h1.get(k) !== h2.get(k));
  if (differ !== undefined) {
    rec?.note(
      `Refining by neighbour degrees (${rounds} rounds) splits G1 into ${classText(c1)} and G2 into ${classText(c2)}: a class of G1 has ${h1.get(differ) ?? 0} vertices where G2's has ${h2.get(differ) ?? 0}.`,
    );
    return { isomorphic: false, decidedBy: 'refinement' };
  }
  rec?.step(`refine classes by neighbour degrees (${rounds} rounds)`, { state: `G1 classes ${classText(c1)}\nG2 classes ${classText(c2)}` });
  // Map G1's vertices in BFS order from a vertex of the rarest class, so each new vertex touches mapped ones.
  const rarest = [...h1.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0][0];
  const order: number[] = [];
  const seen = new Set<number>();
  for (const root of [c1.indexOf(rarest), ...g1.keys()]) {
    if (seen.has(root)) continue;
    seen.add(root);
    order.push(root);
    for (let i = order.length - 1; i < order.length; i++) {
      for (const w of [...g1[order[i]]].sort((a, b) => a - b)) if (!seen.has(w)) (seen.add(w), order.push(w));
    }
  }
  const map = new Array<number>(n).fill(-1);
  const used = new Array<boolean>(n).fill(false);
  let budget = SEARCH_BUDGET;
  const conflict = (v: number, x: number): string | null => {
    for (let i = 0; i < n; i++) {
      if (map[i] < 0) continue;
      const a = g1[v].includes(i);
      const b = g2[x].includes(map[i]);
      if (a !== b) return a ? `edge ${v}–${i} would map to ${x}–${map[i]}, which is not in G2` : `${x}–${map[i]} is an edge of G2 but ${v}–${i} is not in G1`;
    }
    return null;
  };
  const dfs = (k: number): boolean => {
    if (k === n) return true;
    const v = order[k];
    for (let x = 0; x < n; x++) {
      if (used[x] || c2[x] !== c1[v]) continue;
      if (--budget < 0) throw new Error('isomorphism: search budget exhausted');
      const bad = conflict(v, x);
      if (bad) {
        rec?.deadEnd(`try ${v}→${x}`, bad);
        continue;
      }
      map[v] = x;
      used[x] = true;
      rec?.step(`map ${v}→${x}`, { check: 'same class, adjacencies to mapped vertices agree' });
      if (dfs(k + 1)) return true;
      map[v] = -1;
      used[x] = false;
      rec?.backtrack(`the mapping before ${v}→${x}`);
    }
    return false;
  };
  if (dfs(0)) return { isomorphic: true, mapping: map, decidedBy: 'search' };
  rec?.note('Every class-respecting assignment leads to a conflict, so no isomorphism exists.');
  return { isomorphic: false, decidedBy: 'search' };
}

// Generator for graph isomorphism. Official level parameters: 6 / 7 / 8 / 9 / 10 vertices, maximum degree 3, random
// extra edges with probability 0.3 × 0.6 on top of a connected base, and an isomorphic pair (G2 = G1 relabelled) for
// about half of the items. Non-isomorphic G2s are, as officially, mostly modifications of G1 (80%) and otherwise a
// fresh random graph; our modifications keep the edge count (one edge moved, or a degree-preserving double edge
// swap) so that counting edges rarely settles the answer. Every G2 is relabelled and drawn with its own layout,
// and the solver (solve.ts) decides the answer; a modification that happens to be isomorphic is redrawn.
// Two images per item (G1, G2) as in the official records, each labelled with its graph's name: the dataset writer
// also emits the benchmark's partner record with the images in reverse order (pairs.ts), so the image question must
// not depend on which picture comes first. initial_state keeps both adjacency lists for our own checks (the verifier
// matches Yes/No against the reference).
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { circleOrder, renderGraph } from './render.js';
import { solveIsomorphism, type SimpleGraph } from './solve.js';

export const ISO_SIZES: Record<Level, number> = { 1: 6, 2: 7, 3: 8, 4: 9, 5: 10 };
const MAX_DEGREE = 3;
const EXTRA_P = 0.3 * 0.6;

const edgesOf = (g: SimpleGraph): Array<[number, number]> => g.flatMap((l, u) => l.filter((v) => u < v).map((v) => [u, v] as [number, number]));

function fromEdges(n: number, edges: Array<[number, number]>): SimpleGraph {
  const g: SimpleGraph = Array.from({ length: n }, () => []);
  for (const [u, v] of edges) (g[u].push(v), g[v].push(u));
  for (const l of g) l.sort((a, b) => a - b);
  return g;
}

function connected(g: SimpleGraph): boolean {
  const seen = new Set([0]);
  const stack = [0];
  while (stack.length) for (const w of g[stack.pop() as number]) if (!seen.has(w)) (seen.add(w), stack.push(w));
  return seen.size === g.length;
}

/** Random connected graph with max degree 3: a random tree (each vertex joins an earlier one) plus extra edges. */
export function randomCappedGraph(n: number, rng: Rng): SimpleGraph {
  const deg = new Array<number>(n).fill(0);
  const edges: Array<[number, number]> = [];
  const has = new Set<string>();
  const add = (u: number, v: number): void => {
    edges.push([Math.min(u, v), Math.max(u, v)]);
    has.add(`${Math.min(u, v)}-${Math.max(u, v)}`);
    (deg[u]++, deg[v]++);
  };
  const perm = rng.shuffle(Array.from({ length: n }, (_, k) => k));
  for (let k = 1; k < n; k++) {
    const open = perm.slice(0, k).filter((u) => deg[u] < MAX_DEGREE);
    add(rng.pick(open), perm[k]);
  }
  const pairs: Array<[number, number]> = [];
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if (!has.has(`${u}-${v}`)) pairs.push([u, v]);
  for (const [u, v] of rng.shuffle(pairs)) if (deg[u] < MAX_DEGREE && deg[v] < MAX_DEGREE && rng.next() < EXTRA_P) add(u, v);
  return fromEdges(n, edges);
}

/** G1 with one edge moved or two edges swapped (degrees kept), connected and within the degree cap; null if none. */
function modified(g: SimpleGraph, rng: Rng): SimpleGraph | null {
  const n = g.length;
  for (let attempt = 0; attempt < 50; attempt++) {
    const edges = rng.shuffle(edgesOf(g));
    const has = new Set(edges.map(([u, v]) => `${u}-${v}`));
    const key = (u: number, v: number): string => `${Math.min(u, v)}-${Math.max(u, v)}`;
    let next: Array<[number, number]>;
    if (rng.next() < 0.5 && edges.length >= 2) {
      const [[a, b], [c, d]] = edges;
      if (new Set([a, b, c, d]).size < 4 || has.has(key(a, d)) || has.has(key(c, b))) continue;
      next = [...edges.slice(2), [Math.min(a, d), Math.max(a, d)], [Math.min(c, b), Math.max(c, b)]];
    } else {
      const u = rng.int(0, n - 1);
      const v = rng.int(0, n - 1);
      if (u === v || has.has(key(u, v)) || g[u].length >= MAX_DEGREE || g[v].length >= MAX_DEGREE) continue;
      next = [...edges.slice(1), [Math.min(u, v), Math.max(u, v)]];
    }
    const out = fromEdges(n, next);
    if (connected(out)) return out;
  }
  return null;
}

function relabel(g: SimpleGraph, rng: Rng): SimpleGraph {
  const p = rng.shuffle(g.map((_, k) => k));
  return fromEdges(
    g.length,
    edgesOf(g).map(([u, v]) => [p[u], p[v]]),
  );
}

const lines = (g: SimpleGraph): string => g.map((l, v) => `${v}: [${l.join(', ')}]`).join('\n');

const Q = "determine if they are isomorphic (some relabelling of G1's vertices turns its edges exactly into G2's edges). Answer with 'Yes' or 'No'.";

export function isoInstance(g1: SimpleGraph, g2: SimpleGraph, level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const res = solveIsomorphism(g1, g2, rec);
  const answer = res.isomorphic ? 'Yes' : 'No';
  const c = rec.counts();
  const validation =
    res.isomorphic && res.mapping
      ? [`The mapping ${res.mapping.map((x, v) => `${v}→${x}`).join(' ')} sends all ${edgesOf(g1).length} edges of G1 onto edges of G2.`]
      : [
          res.decidedBy === 'search'
            ? `All ${c.deadEnds} candidate assignments conflict, so no mapping exists.`
            : `An invariant (${res.decidedBy}) differs, so the graphs cannot be isomorphic.`,
        ];
  const trace = buildTrace(
    {
      rules: [
        'Isomorphic = a one-to-one vertex mapping that preserves adjacency.',
        'Invariants (counts, degrees, refined classes) must agree; then search for a mapping.',
      ],
      reading: [`G1: ${lines(g1).replace(/\n/g, '; ')}.`, `G2: ${lines(g2).replace(/\n/g, '; ')}.`],
      steps: rec.steps,
      validation,
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 30 : 50 },
  );
  const r1 = rng.next() * 2 * Math.PI;
  const r2 = rng.next() * 2 * Math.PI;
  return {
    instance: {
      question: [
        `Given two connected undirected graphs G1 and G2, each drawn in one of the images and labelled there with its name, ${Q}`,
        FINAL_ANSWER_LINE,
      ].join('\n'),
      questionLanguage: [
        `Given two connected undirected graphs G1 and G2 with the adjacency lists below, ${Q}`,
        'G1:',
        lines(g1),
        '',
        'G2:',
        lines(g2),
        FINAL_ANSWER_LINE,
      ].join('\n'),
      answer,
      initialState: { g1, g2 },
    },
    svgs: [renderGraph(g1, 'G1', circleOrder(g1, rng), r1), renderGraph(g2, 'G2', circleOrder(g2, rng), r2)],
    trace,
  };
}

export const isoGenerator: TaskGenerator = {
  describeLevel: (level) => `${ISO_SIZES[level]} vertices per graph, max degree ${MAX_DEGREE}, extra edges p=${EXTRA_P.toFixed(2)}, ~50% isomorphic`,
  generate: (level, rng) => {
    const n = ISO_SIZES[level];
    const g1 = randomCappedGraph(n, rng);
    if (rng.next() < 0.5) return isoInstance(g1, relabel(g1, rng), level, rng);
    // Small graphs often survive a modification up to isomorphism; redraw so that "No" keeps its half share.
    for (let attempt = 0; attempt < 30; attempt++) {
      const g2 = relabel((rng.next() < 0.8 ? modified(g1, rng) : null) ?? randomCappedGraph(n, rng), rng);
      if (!solveIsomorphism(g1, g2).isomorphic) return isoInstance(g1, g2, level, rng);
    }
    throw new Error(`isomorphism: no non-isomorphic partner found at level ${level}`);
  },
};

// Generator for Hamiltonian cycle. Official level parameters: 6 / 9 / 12 / 14 / 16 vertices on a square grid,
// extra-edge probability 0.2, answer "No" for about one instance in five (answer_fields [0, 1, 1, 1, 1]); the answer
// lists the cycle from vertex 0 and repeats 0 at the end, as the official records do.
// "Yes" graphs get a planted cycle: a random Hamiltonian cycle through the grid's candidate edges (neighbours across
// and down, one diagonal per square, so drawings never cross) plus extra candidate edges with p = 0.2. "No" graphs
// are random connected grid graphs whose degree-1 vertices are given a second edge (the official generator also
// repairs them), so the answer is rarely readable from a single leaf; the solver decides.
// The solver is the official one made explicit: depth-first search from vertex 0, neighbours in ascending order,
// closing edge checked once all vertices are on the path. Every extension, dead end and backtrack is recorded.
import { gridCandidateEdges, type renderGridGraph } from '../common/graph-render.js';
import type { Adjacency } from '../common/graph-state.js';
import { connectedGraphInstance, randomGridGraph, undirectedAdjacency, undirectedDrawing, type RandomGridGraph } from '../common/grid-graph.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { hamiltonianCycleSearch } from './solve.js';

export const HAM_CYCLE_SIZES: Record<Level, number> = { 1: 6, 2: 9, 3: 12, 4: 14, 5: 16 };
export const HAM_CYCLE_EXTRA_P = 0.2;

/** Grid cells of the first n positions of a ⌈√n⌉-wide grid, labels shuffled. */
function gridFrame(n: number, rng: Rng): { side: number; labels: number[] } {
  const side = Math.ceil(Math.sqrt(n));
  return { side, labels: rng.shuffle(Array.from({ length: n }, (_, k) => k)) };
}

/** A random Hamiltonian cycle through the candidate edges (randomised DFS, bounded), or null. */
function plantCycle(n: number, cand: [number, number][], rng: Rng): number[] | null {
  const nb: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of cand) (nb[a].push(b), nb[b].push(a));
  const path = [0];
  const used = new Set([0]);
  let budget = 5_000;
  const dfs = (): boolean => {
    if (path.length === n) return nb[path[n - 1]].includes(0);
    for (const w of rng.shuffle([...nb[path[path.length - 1]]])) {
      if (used.has(w) || --budget < 0) continue;
      (path.push(w), used.add(w));
      if (dfs()) return true;
      (path.pop(), used.delete(w));
    }
    return false;
  };
  return dfs() ? path : null;
}

/** A connected grid graph that contains a planted Hamiltonian cycle plus extra candidate edges. */
export function plantedCycleGraph(n: number, p: number, rng: Rng): RandomGridGraph | null {
  const { side, labels } = gridFrame(n, rng);
  const cand = gridCandidateEdges(side, () => rng.pick(['main', 'anti', 'none'] as const)).filter(([a, b]) => a < n && b < n);
  const cycle = plantCycle(n, cand, rng);
  if (!cycle) return null;
  const key = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const chosen = new Set(cycle.map((v, i) => key(v, cycle[(i + 1) % n])));
  for (const [a, b] of cand) if (!chosen.has(key(a, b)) && rng.next() < p) chosen.add(key(a, b));
  const pos = new Map<string, [number, number]>();
  for (let k = 0; k < n; k++) pos.set(String(labels[k]), [Math.floor(k / side), k % side]);
  const edges = [...chosen].map((e) => e.split('-').map(Number)).map(([a, b]) => [String(labels[a]), String(labels[b])] as [string, string]);
  return { side, pos, edges: rng.shuffle(edges) };
}

/** Gives every degree-1 vertex a second edge to a grid neighbour (straight or diagonal, never crossing). */
function repairLeaves(g: RandomGridGraph, rng: Rng): void {
  const byCell = new Map([...g.pos].map(([v, [r, c]]) => [`${r},${c}`, v]));
  const has = new Set(g.edges.map(([a, b]) => [a, b].sort().join('-')));
  const degree = new Map<string, number>([...g.pos.keys()].map((v) => [v, 0]));
  for (const [a, b] of g.edges) (degree.set(a, (degree.get(a) ?? 0) + 1), degree.set(b, (degree.get(b) ?? 0) + 1));
  // Diagonals already drawn, so a new one never crosses them: square (r,c) is keyed by its top-left cell.
  const diag = new Set<string>();
  for (const [a, b] of g.edges) {
    const [ra, ca] = g.pos.get(a) as [number, number];
    const [rb, cb] = g.pos.get(b) as [number, number];
    if (ra !== rb && ca !== cb) diag.add(`${Math.min(ra, rb)},${Math.min(ca, cb)}`);
  }
  for (const v of [...g.pos.keys()].sort((a, b) => Number(a) - Number(b))) {
    if ((degree.get(v) ?? 0) >= 2) continue;
    const [r, c] = g.pos.get(v) as [number, number];
    const options = rng.shuffle([
      [-1, 0],
      [1, 0],
      [0, -1],
      [0, 1],
      [-1, -1],
      [-1, 1],
      [1, -1],
      [1, 1],
    ]);
    for (const [dr, dc] of options) {
      const w = byCell.get(`${r + dr},${c + dc}`);
      if (w === undefined || has.has([v, w].sort().join('-'))) continue;
      const square = `${Math.min(r, r + dr)},${Math.min(c, c + dc)}`;
      if (dr !== 0 && dc !== 0 && diag.has(square)) continue;
      if (dr !== 0 && dc !== 0) diag.add(square);
      g.edges.push([v, w]);
      has.add([v, w].sort().join('-'));
      degree.set(v, 2);
      degree.set(w, (degree.get(w) ?? 0) + 1);
      break;
    }
  }
}

const Q =
  "determine if there is a Hamiltonian cycle. If it exists, output the cycle as a list (e.g., [0,1,2,3,0]: start at vertex 0 and return to it). If not, output 'No'.";

export function hamCycleInstance(adj: Adjacency, drawing: Parameters<typeof renderGridGraph>[0], level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const cycle = hamiltonianCycleSearch(adj, rec);
  if (cycle === undefined) throw new Error('hamiltonian_cycle: search budget exhausted');
  const n = Object.keys(adj).length;
  const answer = cycle ? `[${cycle.join(', ')}]` : 'No';
  const c = rec.counts();
  const trace = buildTrace(
    {
      rules: [`Visit all ${n} vertices exactly once and return to the start.`, 'Consecutive vertices, and the last and first, must share an edge.'],
      reading: [
        `${n} vertices; neighbours: ${Object.keys(adj)
          .map((v) => `${v}:{${adj[v].join(',')}}`)
          .join(' ')}.`,
        'Start the search at vertex 0 (a cycle passes every vertex).',
      ],
      steps: rec.steps,
      validation: cycle
        ? [`The cycle visits all ${n} vertices once, every step and the closing step are edges (${c.deadEnds} dead ends on the way).`]
        : [
            c.steps === 0 && c.deadEnds === 0
              ? 'A vertex of degree below 2 rules out any Hamiltonian cycle.'
              : `Every extension from 0 was tried (${c.deadEnds} dead ends); none closes into a cycle, so no Hamiltonian cycle exists.`,
          ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 40 : 60 },
  );
  return connectedGraphInstance(Q, adj, drawing, answer, trace);
}

export const hamCycleGenerator: TaskGenerator = {
  describeLevel: (level) => `${HAM_CYCLE_SIZES[level]} vertices, extra edges p=${HAM_CYCLE_EXTRA_P}, ~20% No`,
  generate: (level, rng) => {
    const n = HAM_CYCLE_SIZES[level];
    const wantCycle = rng.next() >= 0.2;
    for (let attempt = 0; attempt < 300; attempt++) {
      let g: RandomGridGraph | null;
      if (wantCycle) g = plantedCycleGraph(n, HAM_CYCLE_EXTRA_P, rng);
      else {
        g = randomGridGraph({ n, extraProb: HAM_CYCLE_EXTRA_P, shuffleLabels: true }, rng);
        if (g) repairLeaves(g, rng);
      }
      if (!g) continue;
      const adj = undirectedAdjacency(g);
      const found = hamiltonianCycleSearch(adj);
      if (found === undefined || (found !== null) !== wantCycle) continue;
      return hamCycleInstance(adj, undirectedDrawing(g), level, rng);
    }
    throw new Error(`hamiltonian_cycle: no ${wantCycle ? 'Hamiltonian' : 'non-Hamiltonian'} graph at level ${level} in 300 attempts`);
  },
};

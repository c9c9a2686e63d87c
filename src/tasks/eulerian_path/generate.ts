// Generator for Eulerian path. Official level parameters: 6 / 8 / 10 / 12 / 16 vertices with extra-edge probability
// 0.25 / 0.25 / 0.15 / 0.2 / 0.2, answer "No" for about one instance in four. Grid graphs rarely have ≤ 2 odd
// vertices by chance, so for "yes" instances edges between two odd grid neighbours are toggled (added, or removed
// when that keeps the graph connected) until at most two odd vertices remain. The solver is Fleury's algorithm:
// start at an odd vertex (or the smallest one), and at each vertex take the smallest unused edge that is not a
// bridge of the remaining edges — a bridge is used only when nothing else is left. Skipped bridges are trace notes.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { renderGridGraph } from '../common/graph-render.js';
import { adjacencyLines, edgeKey, toRecordAdjacency, type Adjacency } from '../common/graph-state.js';
import { randomGridGraph, toGridDrawing, undirectedAdjacency, type RandomGridGraph } from '../common/grid-graph.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { eulerFacts } from './verify.js';

export const EULER_PATH_LEVELS: Record<Level, { n: number; p: number }> = {
  1: { n: 6, p: 0.25 }, 2: { n: 8, p: 0.25 }, 3: { n: 10, p: 0.15 }, 4: { n: 12, p: 0.2 }, 5: { n: 16, p: 0.2 },
};

/** Vertices reachable from `from` over the unused edges. */
function reach(from: string, unused: Map<string, Set<string>>): number {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) for (const w of unused.get(stack.pop() as string) ?? []) if (!seen.has(w)) seen.add(w), stack.push(w);
  return seen.size;
}

/** Fleury's algorithm from `start`, recording each move and each bridge it postponed. */
export function fleury(adj: Adjacency, start: string, rec?: TraceRecorder): string[] {
  const unused = new Map<string, Set<string>>();
  for (const v of Object.keys(adj)) unused.set(v, new Set());
  for (const [u, list] of Object.entries(adj)) for (const v of list) unused.get(u)?.add(v), unused.get(v)?.add(u);
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
        unused.get(v)?.delete(w), unused.get(w)?.delete(v);
        const after = reach(v, unused);
        unused.get(v)?.add(w), unused.get(w)?.add(v);
        // v still has other edges, so v–w is safe exactly when removing it leaves everything reachable from v.
        if (after === before) {
          pick = w;
          break;
        }
        skipped.push(w);
      }
    }
    unused.get(v)?.delete(pick), unused.get(pick)?.delete(v);
    const left = [...unused.values()].reduce((s, x) => s + x.size, 0) / 2;
    rec?.step(`${v}→${pick}`, skipped.length ? { check: `${skipped.map((w) => `${v}–${w}`).join(', ')} would be a bridge, kept for later; ${left} edges left` } : { check: `${left} edges left` });
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
    for (const [dr, dc] of [[0, 1], [1, 0]]) {
      const w = r + dr < g.side && c + dc < g.side ? cell.get(`${r + dr},${c + dc}`) : undefined;
      if (w !== undefined) out.push([v, w]);
    }
  }
  return out;
}

/** The record both Euler tasks write: the question in image and adjacency-list form, the graph drawing, the trace. */
export function eulerGeneratedInstance(question: string, adj: Adjacency, drawing: Parameters<typeof renderGridGraph>[0], answer: string, trace: string): GeneratedInstance {
  return {
    instance: {
      question: [`Given the undirected, connected graph below, ${question}`, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [`Given the undirected, connected graph below in adjacency-list form, ${question}`, adjacencyLines(adj), FINAL_ANSWER_LINE].join('\n'),
      answer,
      initialState: toRecordAdjacency(adj),
    },
    svgs: [renderGridGraph(drawing)],
    trace,
  };
}

const Q = 'determine if there is an Eulerian path. If it exists, output the path as a list (e.g., [0,1,2,3]). If not, output \'No\'.';

export function eulerPathInstance(adj: Adjacency, drawing: Parameters<typeof renderGridGraph>[0], level: Level, rng: Rng): GeneratedInstance {
  const f = eulerFacts(adj);
  const degrees = Object.keys(adj).map((v) => `${v}:${adj[v].length}`).join(' ');
  const exists = f.connected && f.oddVertices.length <= 2;
  const rec = new TraceRecorder();
  const start = f.oddVertices[0] ?? Object.keys(adj).sort((a, b) => Number(a) - Number(b))[0];
  const walk = exists ? fleury(adj, start, rec) : [];
  if (!exists) rec.note(`Odd-degree vertices: ${f.oddVertices.join(', ')} (${f.oddVertices.length} > 2), so no walk can use every edge once.`);
  const answer = exists ? `[${walk.join(', ')}]` : 'No';
  const trace = buildTrace(
    {
      rules: ['Use every edge exactly once, moving along edges.', 'Possible only if the graph is connected and 0 or 2 vertices have odd degree (start at one of them).'],
      reading: [`${Object.keys(adj).length} vertices, ${f.edgeCount} edges. Degrees ${degrees}.`, `Odd: ${f.oddVertices.join(', ') || 'none'}.`],
      steps: rec.steps,
      validation: exists ? [`The walk uses all ${f.edgeCount} edges once.`] : [`${f.oddVertices.length} odd vertices: no Eulerian path.`],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return eulerGeneratedInstance(Q, adj, drawing, answer, trace);
}

export const eulerPathGenerator: TaskGenerator = {
  describeLevel: (level) => `${EULER_PATH_LEVELS[level].n} vertices, extra edges p=${EULER_PATH_LEVELS[level].p}, ~25% No`,
  generate: (level, rng) => {
    const { n, p } = EULER_PATH_LEVELS[level];
    const wantPath = rng.next() >= 0.25;
    for (let attempt = 0; attempt < 500; attempt++) {
      const g = randomGridGraph({ n, extraProb: p, shuffleLabels: true }, rng);
      if (!g) continue;
      if (wantPath && !fixParity(g, rng.shuffle(straightNeighbours(g)))) continue;
      const adj = undirectedAdjacency(g);
      const f = eulerFacts(adj);
      if ((f.connected && f.oddVertices.length <= 2) !== wantPath) continue;
      return eulerPathInstance(adj, toGridDrawing(g, g.edges.map(([u, v]) => ({ u, v })), false), level, rng);
    }
    throw new Error(`eulerian_path: no suitable graph at level ${level} in 500 attempts`);
  },
};

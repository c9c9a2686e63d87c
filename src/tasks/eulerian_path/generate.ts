// Generator for Eulerian path. Official level parameters: 6 / 8 / 10 / 12 / 16 vertices with extra-edge probability
// 0.25 / 0.25 / 0.15 / 0.2 / 0.2, answer "No" for about one instance in four. Grid graphs rarely have ≤ 2 odd
// vertices by chance, so for "yes" instances edges between two odd grid neighbours are toggled (added, or removed
// when that keeps the graph connected) until at most two odd vertices remain. The solver is Fleury's algorithm:
// start at an odd vertex (or the smallest one), and at each vertex take the smallest unused edge that is not a
// bridge of the remaining edges — a bridge is used only when nothing else is left. Skipped bridges are trace notes.
import { eulerFacts, fixParity, fleury, straightNeighbours } from '../common/euler.js';
import type { renderGridGraph } from '../common/graph-render.js';
import type { Adjacency } from '../common/graph-state.js';
import { connectedGraphInstance, randomGridGraph, undirectedAdjacency, undirectedDrawing } from '../common/grid-graph.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';

export const EULER_PATH_LEVELS: Record<Level, { n: number; p: number }> = {
  1: { n: 6, p: 0.25 },
  2: { n: 8, p: 0.25 },
  3: { n: 10, p: 0.15 },
  4: { n: 12, p: 0.2 },
  5: { n: 16, p: 0.2 },
};

const Q = "determine if there is an Eulerian path. If it exists, output the path as a list (e.g., [0,1,2,3]). If not, output 'No'.";

export function eulerPathInstance(adj: Adjacency, drawing: Parameters<typeof renderGridGraph>[0], level: Level, rng: Rng): GeneratedInstance {
  const f = eulerFacts(adj);
  const degrees = Object.keys(adj)
    .map((v) => `${v}:${adj[v].length}`)
    .join(' ');
  const exists = f.connected && f.oddVertices.length <= 2;
  const rec = new TraceRecorder();
  const start = f.oddVertices[0] ?? Object.keys(adj).sort((a, b) => Number(a) - Number(b))[0];
  const walk = exists ? fleury(adj, start, rec) : [];
  if (!exists) rec.note(`Odd-degree vertices: ${f.oddVertices.join(', ')} (${f.oddVertices.length} > 2), so no walk can use every edge once.`);
  const answer = exists ? `[${walk.join(', ')}]` : 'No';
  const trace = buildTrace(
    {
      rules: [
        'Use every edge exactly once, moving along edges.',
        'Possible only if the graph is connected and 0 or 2 vertices have odd degree (start at one of them).',
      ],
      reading: [`${Object.keys(adj).length} vertices, ${f.edgeCount} edges. Degrees ${degrees}.`, `Odd: ${f.oddVertices.join(', ') || 'none'}.`],
      steps: rec.steps,
      validation: exists ? [`The walk uses all ${f.edgeCount} edges once.`] : [`${f.oddVertices.length} odd vertices: no Eulerian path.`],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return connectedGraphInstance(Q, adj, drawing, answer, trace);
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
      return eulerPathInstance(adj, undirectedDrawing(g), level, rng);
    }
    throw new Error(`eulerian_path: no suitable graph at level ${level} in 500 attempts`);
  },
};

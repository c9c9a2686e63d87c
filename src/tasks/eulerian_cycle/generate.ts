// Generator for Eulerian cycle. Official level parameters: 8 / 10 / 12 / 14 / 16 vertices, extra-edge probability
// 0.2, answer "No" for about one instance in four. Yes-instances get every degree even by toggling edges between odd
// grid neighbours (see eulerian_path). The solver is Fleury's algorithm from the smallest vertex, which on an
// all-even connected graph closes the cycle where it started; "No" traces name the odd vertices.
import { eulerFacts, fixParity, fleury, straightNeighbours } from '../common/euler.js';
import type { renderGridGraph } from '../common/graph-render.js';
import type { Adjacency } from '../common/graph-state.js';
import { connectedGraphInstance, randomGridGraph, undirectedAdjacency, undirectedDrawing } from '../common/grid-graph.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';

export const EULER_CYCLE_SIZES: Record<Level, number> = { 1: 8, 2: 10, 3: 12, 4: 14, 5: 16 };

const Q = "determine if there is an Eulerian cycle. If it exists, output the cycle as a list (e.g., [0,1,2,3,0]). If not, output 'No'.";

export function eulerCycleInstance(adj: Adjacency, drawing: Parameters<typeof renderGridGraph>[0], level: Level, rng: Rng): GeneratedInstance {
  const f = eulerFacts(adj);
  const exists = f.connected && f.oddVertices.length === 0 && f.edgeCount > 0;
  const rec = new TraceRecorder();
  const start = Object.keys(adj).sort((a, b) => Number(a) - Number(b))[0];
  const walk = exists ? fleury(adj, start, rec) : [];
  if (!exists)
    rec.note(`Odd-degree vertices: ${f.oddVertices.join(', ')}; a closed walk enters and leaves every vertex equally often, so all degrees must be even.`);
  const answer = exists ? `[${walk.join(', ')}]` : 'No';
  const degrees = Object.keys(adj)
    .map((v) => `${v}:${adj[v].length}`)
    .join(' ');
  const trace = buildTrace(
    {
      rules: ['Use every edge exactly once and return to the start.', 'Possible only if the graph is connected and every degree is even.'],
      reading: [`${Object.keys(adj).length} vertices, ${f.edgeCount} edges. Degrees ${degrees}.`, `Odd: ${f.oddVertices.join(', ') || 'none'}.`],
      steps: rec.steps,
      validation: exists
        ? [`The walk uses all ${f.edgeCount} edges once and ends at ${start} where it began.`]
        : [`${f.oddVertices.length} odd vertices: no Eulerian cycle.`],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return connectedGraphInstance(Q, adj, drawing, answer, trace);
}

export const eulerCycleGenerator: TaskGenerator = {
  describeLevel: (level) => `${EULER_CYCLE_SIZES[level]} vertices, extra edges p=0.2, ~25% No`,
  generate: (level, rng) => {
    const wantCycle = rng.next() >= 0.25;
    for (let attempt = 0; attempt < 500; attempt++) {
      const g = randomGridGraph({ n: EULER_CYCLE_SIZES[level], extraProb: 0.2, shuffleLabels: true }, rng);
      if (!g) continue;
      if (wantCycle && !fixParity(g, rng.shuffle(straightNeighbours(g)), 0)) continue;
      const adj = undirectedAdjacency(g);
      const f = eulerFacts(adj);
      if ((f.connected && f.oddVertices.length === 0) !== wantCycle) continue;
      return eulerCycleInstance(adj, undirectedDrawing(g), level, rng);
    }
    throw new Error(`eulerian_cycle: no suitable graph at level ${level} in 500 attempts`);
  },
};

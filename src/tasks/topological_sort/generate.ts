// Generator for topological sort. Official level parameters: 6 / 9 / 12 / 16 / 25 vertices on a grid (3×3 … 5×5),
// vertex k in grid cell k. Edges join grid neighbours; a hidden random ranking orients every edge from lower to higher
// rank, so the graph is a DAG whose arrows point every which way (not just left-to-right). The solver is Kahn's
// algorithm taking the smallest ready vertex; each removal is a trace step with the vertices it frees.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { renderGridGraph } from '../common/graph-render.js';
import { adjacencyLines, type Adjacency } from '../common/graph-state.js';
import { randomGridGraph, toGridDrawing } from '../common/grid-graph.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { kahn } from './solve.js';

export const TOPO_SIZES: Record<Level, number> = { 1: 6, 2: 9, 3: 12, 4: 16, 5: 25 };

const IMAGE_Q =
  'Given the directed acyclic graph (DAG) shown in the image below, please list ONE possible valid topological orders. Answer with a lists of numbers ONLY. For example: [0, 1, 2, 3].';
const TEXT_Q =
  'Given the following adjacency list of a connected DAG, please list ONE possible valid topological orders. Answer with a lists of numbers, for example: [0, 1, 2, 3].';

export function topoInstance(adj: Adjacency, drawing: Parameters<typeof renderGridGraph>[0], level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const order = kahn(adj, rec);
  const indeg = new Map<string, number>(Object.keys(adj).map((v) => [v, 0]));
  for (const list of Object.values(adj)) for (const w of list) indeg.set(w, (indeg.get(w) ?? 0) + 1);
  const sources = [...indeg].filter(([, d]) => d === 0).map(([v]) => v);
  const edgeCount = Object.values(adj).reduce((s, l) => s + l.length, 0);
  const answer = order.map(Number);
  const trace = buildTrace(
    {
      rules: ['List every vertex once.', 'For every edge u→v, u comes before v.'],
      reading: [`${order.length} vertices, ${edgeCount} edges.`, `In-degree 0 at start: ${sources.join(', ')}.`],
      steps: rec.steps,
      validation: [`All ${order.length} vertices listed once; each vertex was taken only after all its predecessors.`],
      answer: `[${answer.join(', ')}]`,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 40 },
  );
  const initialState: Record<string, number[]> = {};
  for (const v of Object.keys(adj).sort((a, b) => Number(a) - Number(b))) initialState[v] = adj[v].map(Number);
  return {
    instance: {
      question: [IMAGE_Q, FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [TEXT_Q, adjacencyLines(adj), FINAL_ANSWER_LINE].join('\n'),
      answer,
      initialState,
    },
    svgs: [renderGridGraph(drawing)],
    trace,
  };
}

export const topoGenerator: TaskGenerator = {
  describeLevel: (level) => `DAG with ${TOPO_SIZES[level]} vertices on a grid`,
  generate: (level, rng) => {
    const g = randomGridGraph({ n: TOPO_SIZES[level], extraProb: 0.3 }, rng);
    if (!g) throw new Error('topological_sort: could not build a connected grid graph');
    const rank = new Map<string, number>(rng.shuffle([...g.pos.keys()]).map((v, k) => [v, k]));
    const adj: Adjacency = {};
    for (const v of g.pos.keys()) adj[v] = [];
    const drawn: { u: string; v: string }[] = [];
    for (const [a, b] of g.edges) {
      const [u, v] = (rank.get(a) ?? 0) < (rank.get(b) ?? 0) ? [a, b] : [b, a];
      adj[u].push(v);
      drawn.push({ u, v });
    }
    for (const v of Object.keys(adj)) adj[v].sort((x, y) => Number(x) - Number(y));
    return topoInstance(adj, toGridDrawing(g, drawn, true), level, rng);
  },
};

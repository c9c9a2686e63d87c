// Generator for the shortest weighted distance. Official level parameters: 6 / 9 / 12 / 16 / 25 vertices, weights
// 1–5 / 1–5 / 1–8 / 1–10 / 1–10, extra-edge probability 0.2 / 0.2 / 0.15 / 0.15 / 0.1, source 0 and target n−1,
// and a redraw (up to 100 times) until the distance reaches a per-level minimum and the path has an allowed number
// of vertices. As in the official records there is no initial_state: the graph is in the image (weights on yellow
// tags) and in the text variant. The solver is Dijkstra's algorithm; every settled vertex and every improving
// relaxation is a trace step.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { renderGridGraph } from '../common/graph-render.js';
import { randomGridGraph, toGridDrawing } from '../common/grid-graph.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { dijkstra, type WeightedAdjacency } from './solve.js';

interface SpLevel {
  n: number;
  p: number;
  weights: [number, number];
  minDist: number[];
  pathNodes: [number, number];
}

export const SP_LEVELS: Record<Level, SpLevel> = {
  1: { n: 6, p: 0.2, weights: [1, 5], minDist: [3, 7, 4, 5, 6, 8, 4, 5, 6, 9], pathNodes: [2, 5] },
  2: { n: 9, p: 0.2, weights: [1, 5], minDist: [3, 7, 4, 5, 6, 8, 4, 5, 6, 9], pathNodes: [3, 6] },
  3: { n: 12, p: 0.15, weights: [1, 8], minDist: [8, 12, 10, 9, 11, 15, 8, 9, 10, 13], pathNodes: [4, 7] },
  4: { n: 16, p: 0.15, weights: [1, 10], minDist: [12, 15, 13, 14, 16, 18, 15, 17, 19, 16, 18, 20], pathNodes: [5, 10] },
  5: { n: 25, p: 0.1, weights: [1, 10], minDist: [15, 20, 18, 16, 19, 25, 15, 22, 20, 17], pathNodes: [6, 15] },
};

export function spInstance(
  adj: WeightedAdjacency,
  s: string,
  t: string,
  drawing: Parameters<typeof renderGridGraph>[0],
  level: Level,
  rng: Rng,
): GeneratedInstance {
  const rec = new TraceRecorder();
  const { dist, path } = dijkstra(adj, s, t, rec);
  const ids = [...adj.keys()].sort((a, b) => Number(a) - Number(b));
  const lines = ids.map((v) => `${v}: [${(adj.get(v) ?? []).map(([w, wt]) => `(${w}, ${wt})`).join(', ')}]`).join('\n');
  const trace = buildTrace(
    {
      rules: ['Path length = sum of edge weights; edges are undirected.', 'Dijkstra: always settle the closest unsettled vertex.'],
      reading: [`${ids.length} vertices, from ${s} to ${t}.`],
      steps: rec.steps,
      validation: [`Path ${path.join('→')} has length ${dist}.`],
      answer: String(dist),
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 40 },
  );
  return {
    instance: {
      question: [
        `Given a weighted undirected graph below, what is the shortest distance from node ${s} to node ${t}? Answer with a number (can be integer or decimal).`,
        FINAL_ANSWER_LINE,
      ].join('\n'),
      questionLanguage: [
        `Given a weighted undirected graph with adjacency list below (format: node: [(neighbor, weight), ...]), what is the shortest distance from node ${s} to node ${t}? Answer with a number (can be integer or decimal).`,
        lines,
        FINAL_ANSWER_LINE,
      ].join('\n'),
      answer: String(dist),
      initialState: null,
    },
    svgs: [renderGridGraph(drawing)],
    trace,
  };
}

export const spGenerator: TaskGenerator = {
  describeLevel: (level) => `${SP_LEVELS[level].n} vertices, weights ${SP_LEVELS[level].weights.join('-')}, from 0 to ${SP_LEVELS[level].n - 1}`,
  generate: (level, rng) => {
    const L = SP_LEVELS[level];
    const minDist = rng.pick(L.minDist);
    let best: GeneratedInstance | null = null;
    for (let attempt = 0; attempt < 100 && best === null; attempt++) {
      const g = randomGridGraph({ n: L.n, extraProb: L.p }, rng);
      if (!g) continue;
      const adj: WeightedAdjacency = new Map([...g.pos.keys()].map((v) => [v, []]));
      const edges = g.edges.map(([u, v]) => ({ u, v, w: rng.int(...L.weights) }));
      for (const e of edges) (adj.get(e.u)?.push([e.v, e.w]), adj.get(e.v)?.push([e.u, e.w]));
      for (const list of adj.values()) list.sort((a, b) => Number(a[0]) - Number(b[0]));
      const s = '0';
      const t = String(L.n - 1);
      const { dist, path } = dijkstra(adj, s, t);
      const ok = dist >= minDist && path.length >= L.pathNodes[0] && path.length <= L.pathNodes[1];
      // Like the official generator, accept the last draw when no draw meets the constraints.
      if (ok || attempt === 99) best = spInstance(adj, s, t, toGridDrawing(g, edges, false), level, rng);
    }
    if (!best) throw new Error(`shortest_path: no graph at level ${level}`);
    return best;
  },
};

// Generator for Hamiltonian path from a named start vertex. Official level parameters: 4 / 6 / 8 / 12 / 16 vertices,
// maximum degree 3, extra-edge probability 0.2, a random start vertex (drawn in red), and answer "No" for about one
// instance in five. Vertex labels are shuffled over the grid cells. The solver is a depth-first search from the start
// trying neighbours in ascending order; every extension, every dead end (no unvisited neighbour left) and every
// backtrack is recorded, so "No" traces show the exhausted search.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { renderGridGraph } from '../common/graph-render.js';
import { adjacencyLines, toRecordAdjacency, type Adjacency } from '../common/graph-state.js';
import { randomGridGraph, undirectedAdjacency, undirectedDrawing } from '../common/grid-graph.js';
import { hamiltonianSearch } from '../common/hamiltonian.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';

export const HAM_PATH_SIZES: Record<Level, number> = { 1: 4, 2: 6, 3: 8, 4: 12, 5: 16 };

const IMAGE_Q = (s: string): string =>
  `Given an undirected graph below, determine whether a Hamiltonian path starting from vertex ${s} (marked in red) exists. If it exists, output the path as a list (e.g., [0,1,2,3]). If not, output 'No'.`;
const TEXT_Q = (s: string): string =>
  `Given an undirected graph with adjacency list below, determine whether a Hamiltonian path starting from vertex ${s} exists. If it exists, output the path as a list (e.g., [0,1,2,3]). If not, output 'No'.`;

export function hamPathInstance(adj: Adjacency, start: string, drawing: Parameters<typeof renderGridGraph>[0], level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const path = hamiltonianSearch(adj, start, rec);
  if (path === undefined) throw new Error('hamiltonian_path: search budget exhausted');
  const n = Object.keys(adj).length;
  const answerText = path ? `[${path.join(', ')}]` : 'No';
  const c = rec.counts();
  const trace = buildTrace(
    {
      rules: [`Visit all ${n} vertices exactly once, starting at ${start}.`, 'Consecutive vertices must share an edge.'],
      reading: [
        `${n} vertices; neighbours: ${Object.keys(adj)
          .map((v) => `${v}:{${adj[v].join(',')}}`)
          .join(' ')}.`,
      ],
      steps: rec.steps,
      validation: path
        ? [`Path starts at ${start}, covers all ${n} vertices once, every step is an edge (${c.deadEnds} dead ends on the way).`]
        : [`Every extension from ${start} was tried (${c.deadEnds} dead ends); none covers all ${n} vertices, so no such path exists.`],
      answer: answerText,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? undefined : 60 },
  );
  return {
    instance: {
      question: [IMAGE_Q(start), FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [TEXT_Q(start), adjacencyLines(adj), FINAL_ANSWER_LINE].join('\n'),
      answer: answerText,
      initialState: toRecordAdjacency(adj),
    },
    svgs: [renderGridGraph(drawing)],
    trace,
  };
}

export const hamPathGenerator: TaskGenerator = {
  describeLevel: (level) => `${HAM_PATH_SIZES[level]} vertices, max degree 3, random start, ~20% No`,
  generate: (level, rng) => {
    const wantPath = rng.next() >= 0.2;
    for (let attempt = 0; attempt < 500; attempt++) {
      const g = randomGridGraph({ n: HAM_PATH_SIZES[level], extraProb: 0.2, maxDegree: 3, shuffleLabels: true }, rng);
      if (!g) continue;
      const adj = undirectedAdjacency(g);
      const start = rng.pick([...g.pos.keys()]);
      const found = hamiltonianSearch(adj, start);
      if (found === undefined || (found !== null) !== wantPath) continue;
      const drawing = undirectedDrawing(g, start);
      return hamPathInstance(adj, start, drawing, level, rng);
    }
    throw new Error(`hamiltonian_path: no ${wantPath ? 'solvable' : 'unsolvable'} graph at level ${level} in 500 attempts`);
  },
};

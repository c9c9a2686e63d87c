// Generator for maximum flow in a layered DAG. Official level parameters (nodes per layer, source layer first):
// (1,2,1) / (1,2,2,1) / (1,2,3,2,1) / (1,3,3,3,1) / (1,3,4,4,3,1), capacities 1–10. Vertices are numbered layer by
// layer, the source is 0 and the sink the last vertex. Edges join consecutive layers only, as officially: every
// vertex of the next layer gets an edge from the current one, every vertex of the current layer an edge into the
// next, and each other pair with probability 0.3. Capacities are drawn uniformly from 1–10 (the official generator
// rebalances them around per-vertex targets; the range is the same).
// As in the official records the answer is the integer flow and the graph is in the image (and the text variant);
// initial_state holds the edge list for our own checks (the verifier matches the reference).
// The solver is Edmonds–Karp: breadth-first search for a shortest augmenting path in the residual graph (neighbours
// in ascending order, backward residual edges allowed), augment by the bottleneck, repeat. Each augmentation is a
// trace step; the final failing search is the dead end whose reachable set gives the minimum cut that certifies
// the answer.
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderMaxFlow, type FlowDrawing } from './render.js';
import { edmondsKarp } from './solve.js';

export const MAX_FLOW_LAYERS: Record<Level, number[]> = {
  1: [1, 2, 1],
  2: [1, 2, 2, 1],
  3: [1, 2, 3, 2, 1],
  4: [1, 3, 3, 3, 1],
  5: [1, 3, 4, 4, 3, 1],
};
export const CAPACITY_RANGE: [number, number] = [1, 10];
const EXTRA_EDGE_P = 0.3;

/** Random layered DAG with the official edge rules; edges sorted by (u, v). */
export function layeredDag(sizes: number[], rng: Rng): FlowDrawing {
  const layers: number[][] = [];
  let id = 0;
  for (const size of sizes) layers.push(Array.from({ length: size }, () => id++));
  const has = new Set<string>();
  const edges: Array<[number, number, number]> = [];
  const add = (u: number, v: number): void => {
    if (has.has(`${u}-${v}`)) return;
    has.add(`${u}-${v}`);
    edges.push([u, v, rng.int(...CAPACITY_RANGE)]);
  };
  for (let i = 0; i + 1 < layers.length; i++) {
    const from = rng.shuffle([...layers[i]]);
    const to = layers[i + 1];
    to.forEach((v, k) => add(from[k % from.length], v));
    for (const u of layers[i]) if (!to.some((v) => has.has(`${u}-${v}`))) add(u, rng.pick(to));
    for (const u of layers[i]) for (const v of to) if (!has.has(`${u}-${v}`) && rng.next() < EXTRA_EDGE_P) add(u, v);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { layers, edges, source: 0, sink: id - 1 };
}

const Q_IMAGE = (s: number, t: number): string =>
  `Below is a layered directed acyclic graph (DAG) with capacities on each edge (the number on the yellow tag). Compute the maximum flow from node ${s} to node ${t}. Answer with the maximum flow value (an integer).`;
const Q_TEXT = (s: number, t: number): string =>
  `Below is a layered directed acyclic graph (DAG) adjacency list (with capacities; format node: [(to, capacity), ...]). Compute the maximum flow from node ${s} to node ${t}. Answer with the maximum flow value (an integer).`;

export function maxFlowInstance(d: FlowDrawing, level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const res = edmondsKarp(d, rec);
  const side = new Set(res.sourceSide);
  const cut = d.edges.filter(([u, v]) => side.has(u) && !side.has(v));
  const cutSum = cut.reduce((s, e) => s + e[2], 0);
  if (cutSum !== res.value) throw new Error(`max_flow: cut ${cutSum} differs from flow ${res.value}`);
  const ids = d.layers.flat();
  const lines = ids
    .map(
      (u) =>
        `${u}: [${d.edges
          .filter((e) => e[0] === u)
          .map(([, v, c]) => `(${v},${c})`)
          .join(', ')}]`,
    )
    .join('\n');
  const answer = String(res.value);
  const trace = buildTrace(
    {
      rules: [
        'Flow on an edge is at most its capacity; every inner node passes on all it receives.',
        'Edmonds–Karp: augment along shortest residual paths until none is left; the last search gives a minimum cut.',
      ],
      reading: [
        `${ids.length} nodes in layers ${d.layers.map((l) => `{${l.join(',')}}`).join(' ')}; source ${d.source}, sink ${d.sink}.`,
        `Edges (u→v:cap): ${d.edges.map(([u, v, c]) => `${u}→${v}:${c}`).join(' ')}.`,
      ],
      steps: rec.steps,
      validation: [
        `${res.augmentations} augmentations give flow ${res.value}.`,
        `Cut edges ${cut.map(([u, v, c]) => `${u}→${v}:${c}`).join(' + ')} = ${cutSum}, equal to the flow, so it is maximum.`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: {
      question: [Q_IMAGE(d.source, d.sink), FINAL_ANSWER_LINE].join('\n'),
      questionLanguage: [Q_TEXT(d.source, d.sink), '', lines, FINAL_ANSWER_LINE].join('\n'),
      answer,
      initialState: { source: d.source, sink: d.sink, edges: d.edges },
    },
    svgs: [renderMaxFlow(d)],
    trace,
  };
}

export const maxFlowGenerator: TaskGenerator = {
  describeLevel: (level) =>
    `layers ${MAX_FLOW_LAYERS[level].join('-')}, capacities ${CAPACITY_RANGE.join('-')}, edges between consecutive layers (extra p=${EXTRA_EDGE_P})`,
  generate: (level, rng) => maxFlowInstance(layeredDag(MAX_FLOW_LAYERS[level], rng), level, rng),
};

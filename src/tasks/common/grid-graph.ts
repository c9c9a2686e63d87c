// Random connected graphs on a square grid, the way the official graph generators build them so drawings never cross:
// n vertices fill the first n cells of a ⌈√n⌉-wide grid, edges join grid neighbours (across, down, one diagonal per
// square), a random spanning tree makes the graph connected and extra candidate edges are added with probability p.
// An optional degree cap (Hamiltonian tasks: 3) is respected by the tree and the extras alike. Also the record the
// tasks on such a graph write (connectedGraphInstance).
import type { GeneratedInstance, Rng } from '../types.js';
import { FINAL_ANSWER_LINE } from './array-levels.js';
import { gridCandidateEdges, renderGridGraph, type GridGraph } from './graph-render.js';
import { adjacencyLines, toRecordAdjacency, type Adjacency } from './graph-state.js';

export interface GridGraphSpec {
  n: number;
  /** Probability of each non-tree candidate edge. */
  extraProb: number;
  maxDegree?: number;
  /** Shuffle vertex labels over the cells (otherwise cell k is vertex k, as the official DAG generator does). */
  shuffleLabels?: boolean;
}

export interface RandomGridGraph {
  side: number;
  /** Vertex label → [row, col]. */
  pos: Map<string, [number, number]>;
  /** Undirected edges as label pairs, in generation order. */
  edges: [string, string][];
}

function find(parent: number[], x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** A connected random grid graph, or null when the degree cap blocked every spanning tree tried. */
export function randomGridGraph(spec: GridGraphSpec, rng: Rng): RandomGridGraph | null {
  const { n } = spec;
  const side = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cap = spec.maxDegree ?? Infinity;
  for (let attempt = 0; attempt < 50; attempt++) {
    const diag = (): 'main' | 'anti' | 'none' => rng.pick(['main', 'anti', 'none'] as const);
    const cand = rng.shuffle(gridCandidateEdges(side, diag).filter(([a, b]) => a < n && b < n));
    const parent = Array.from({ length: n }, (_, k) => k);
    const degree = new Array<number>(n).fill(0);
    const chosen: [number, number][] = [];
    const rest: [number, number][] = [];
    for (const [a, b] of cand) {
      const ra = find(parent, a);
      const rb = find(parent, b);
      if (ra !== rb && degree[a] < cap && degree[b] < cap) {
        parent[ra] = rb;
        degree[a]++;
        degree[b]++;
        chosen.push([a, b]);
      } else {
        rest.push([a, b]);
      }
    }
    if (chosen.length !== n - 1) continue;
    for (const [a, b] of rest) {
      if (rng.next() < spec.extraProb && degree[a] < cap && degree[b] < cap) {
        degree[a]++;
        degree[b]++;
        chosen.push([a, b]);
      }
    }
    const labels = Array.from({ length: n }, (_, k) => k);
    if (spec.shuffleLabels) rng.shuffle(labels);
    const pos = new Map<string, [number, number]>();
    for (let k = 0; k < n; k++) pos.set(String(labels[k]), [Math.floor(k / side), k % side]);
    return { side, pos, edges: chosen.map(([a, b]) => [String(labels[a]), String(labels[b])]) };
  }
  return null;
}

/** Symmetric adjacency (both directions listed, neighbours ascending), as the undirected official records hold it. */
export function undirectedAdjacency(g: RandomGridGraph): Adjacency {
  const adj: Adjacency = {};
  const ids = [...g.pos.keys()].sort((a, b) => Number(a) - Number(b));
  for (const v of ids) adj[v] = [];
  for (const [a, b] of g.edges) {
    adj[a].push(b);
    adj[b].push(a);
  }
  for (const v of ids) adj[v].sort((x, y) => Number(x) - Number(y));
  return adj;
}

/** The drawing description of a grid graph. */
export function toGridDrawing(g: RandomGridGraph, edges: { u: string; v: string; w?: number }[], directed: boolean, highlight?: string): GridGraph {
  return { side: g.side, pos: g.pos, edges, directed, highlight };
}

/** The drawing of the graph itself, undirected and unweighted (the Eulerian and Hamiltonian tasks). */
export function undirectedDrawing(g: RandomGridGraph, highlight?: string): GridGraph {
  return toGridDrawing(
    g,
    g.edges.map(([u, v]) => ({ u, v })),
    false,
    highlight,
  );
}

/**
 * The record of a task on an undirected, connected grid graph (Eulerian path and cycle, Hamiltonian cycle): the
 * question in image and adjacency-list form, the adjacency as initial_state, the drawing, the trace.
 */
export function connectedGraphInstance(
  question: string,
  adj: Adjacency,
  drawing: Parameters<typeof renderGridGraph>[0],
  answer: string,
  trace: string,
): GeneratedInstance {
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

// Maximum flow solver: Edmonds–Karp (shortest augmenting paths), recording each augmentation for the trace.
import type { TraceRecorder } from '../trace.js';
import type { FlowDrawing } from './render.js';

export interface FlowResult {
  value: number;
  /** Vertices reachable from the source in the final residual graph (the source side of a minimum cut). */
  sourceSide: number[];
  augmentations: number;
}

/** Edmonds–Karp on the edge list, recording every augmenting path and the final failing search. */
export function edmondsKarp(d: FlowDrawing, rec?: TraceRecorder): FlowResult {
  const n = d.layers.flat().length;
  const cap = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [u, v, c] of d.edges) cap[u][v] += c;
  const flow = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const residual = (u: number, v: number): number => cap[u][v] - flow[u][v] + flow[v][u];
  let value = 0;
  let augmentations = 0;
  for (;;) {
    const prev = new Array<number>(n).fill(-1);
    prev[d.source] = d.source;
    const queue = [d.source];
    for (let i = 0; i < queue.length && prev[d.sink] === -1; i++) {
      const u = queue[i];
      for (let v = 0; v < n; v++) if (prev[v] === -1 && residual(u, v) > 0) ((prev[v] = u), queue.push(v));
    }
    if (prev[d.sink] === -1) {
      const side = queue.slice().sort((a, b) => a - b);
      rec?.deadEnd(`search from ${d.source}`, `no augmenting path: only {${side.join(', ')}} is reachable in the residual graph, the sink ${d.sink} is not`);
      return { value, sourceSide: side, augmentations };
    }
    const path = [d.sink];
    while (path[0] !== d.source) path.unshift(prev[path[0]]);
    let bottleneck = Infinity;
    let at = '';
    for (let i = 0; i + 1 < path.length; i++) {
      const r = residual(path[i], path[i + 1]);
      if (r < bottleneck) ((bottleneck = r), (at = `${path[i]}→${path[i + 1]}`));
    }
    const backward: string[] = [];
    for (let i = 0; i + 1 < path.length; i++) {
      const [u, v] = [path[i], path[i + 1]];
      // Undo flow on the reverse edge first (a backward residual step), then use the forward capacity.
      const undo = Math.min(flow[v][u], bottleneck);
      if (undo > 0) backward.push(`${v}→${u}`);
      flow[v][u] -= undo;
      flow[u][v] += bottleneck - undo;
    }
    value += bottleneck;
    augmentations++;
    const detail = backward.length ? `; cancels flow on ${backward.join(', ')}` : '';
    rec?.step(`augment ${path.join('→')} by ${bottleneck}`, { check: `bottleneck ${at} has ${bottleneck} left${detail}; total flow ${value}` });
  }
}

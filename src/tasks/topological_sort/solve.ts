// Topological order solver: Kahn's algorithm, smallest ready vertex first.
import type { Adjacency } from '../common/graph-state.js';
import type { TraceRecorder } from '../trace.js';

/** Kahn's algorithm with the smallest ready vertex first, recording each removal. */
export function kahn(adj: Adjacency, rec?: TraceRecorder): string[] {
  const indeg = new Map<string, number>(Object.keys(adj).map((v) => [v, 0]));
  for (const list of Object.values(adj)) for (const w of list) indeg.set(w, (indeg.get(w) ?? 0) + 1);
  const byNum = (a: string, b: string): number => Number(a) - Number(b);
  const ready = [...indeg]
    .filter(([, d]) => d === 0)
    .map(([v]) => v)
    .sort(byNum);
  const order: string[] = [];
  while (ready.length > 0) {
    const v = ready.shift() as string;
    order.push(v);
    const freed: string[] = [];
    for (const w of adj[v] ?? []) {
      const d = (indeg.get(w) ?? 0) - 1;
      indeg.set(w, d);
      if (d === 0) freed.push(w);
    }
    ready.push(...freed);
    ready.sort(byNum);
    const removes = (adj[v] ?? []).length > 0 ? `remove ${adj[v].map((w) => `${v}→${w}`).join(', ')}` : 'no outgoing edges';
    rec?.step(`take ${v}; ${removes}${freed.length ? `; ${freed.join(', ')} now free` : ''}`, { state: `ready: [${ready.join(', ')}]` });
  }
  return order;
}

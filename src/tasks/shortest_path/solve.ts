// Shortest weighted distance solver: Dijkstra's algorithm, recording every settled vertex and improving relaxation.
import type { TraceRecorder } from '../trace.js';

export type WeightedAdjacency = Map<string, [string, number][]>;

/** Dijkstra from s to t; returns the distance and one shortest path, recording settles and improvements. */
export function dijkstra(adj: WeightedAdjacency, s: string, t: string, rec?: TraceRecorder): { dist: number; path: string[] } {
  const dist = new Map<string, number>([[s, 0]]);
  const prev = new Map<string, string>();
  const done = new Set<string>();
  for (;;) {
    let v: string | undefined;
    for (const [u, d] of dist) if (!done.has(u) && (v === undefined || d < (dist.get(v) ?? Infinity) || (d === dist.get(v) && Number(u) < Number(v)))) v = u;
    if (v === undefined) break;
    done.add(v);
    const dv = dist.get(v) ?? 0;
    const updates: string[] = [];
    if (v !== t) {
      for (const [w, wt] of adj.get(v) ?? []) {
        if (done.has(w)) continue;
        const old = dist.get(w);
        if (old === undefined || dv + wt < old) {
          dist.set(w, dv + wt);
          prev.set(w, v);
          updates.push(`${w}: ${dv}+${wt}=${dv + wt}${old === undefined ? '' : ` < ${old}`}`);
        }
      }
    }
    rec?.step(`settle ${v} at ${dv}${v === t ? ' (target)' : ''}`, updates.length ? { check: `update ${updates.join('; ')}` } : {});
    if (v === t) break;
  }
  const path = [t];
  while (path[0] !== s && prev.has(path[0])) path.unshift(prev.get(path[0]) as string);
  return { dist: dist.get(t) ?? Infinity, path };
}

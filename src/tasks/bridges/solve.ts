// Bridges (Hashiwokakero) solver. Candidate edges join each island to its nearest island in each direction; an
// edge holds 0..2 bridges, kept as a [lo, hi] range. Propagation: an island's number minus what its other edges
// can carry at most forces a minimum on an edge, and its number minus what they carry at least caps it; an edge
// with at least one bridge closes every edge crossing it. Then it branches on an open edge of the island with
// least freedom; connectivity is checked on complete assignments. With a TraceRecorder it records deductions,
// guesses, dead ends and backtracks.
import type { TraceRecorder } from '../trace.js';
import type { BridgesState, Island } from './state.js';

export interface Edge {
  a: number;
  b: number;
  /** Edges this one would cross. */
  crosses: number[];
}

export interface Net {
  islands: Island[];
  edges: Edge[];
  /** Edges at each island. */
  at: number[][];
}

export const pos = (i: Island): string => `(${i.x},${i.y})`;
export const edgeName = (n: Net, e: number): string => `${pos(n.islands[n.edges[e].a])}-${pos(n.islands[n.edges[e].b])}`;

export function buildNet(s: BridgesState): Net {
  const islands = s.islands;
  const key = new Map(islands.map((i, k) => [`${i.x},${i.y}`, k]));
  const maxX = Math.max(...islands.map((i) => i.x));
  const maxY = Math.max(...islands.map((i) => i.y));
  const edges: Edge[] = [];
  islands.forEach((isl, k) => {
    for (const [dx, dy] of [
      [1, 0],
      [0, 1],
    ]) {
      for (let x = isl.x + dx, y = isl.y + dy; x <= maxX && y <= maxY; x += dx, y += dy) {
        const j = key.get(`${x},${y}`);
        if (j === undefined) continue;
        edges.push({ a: k, b: j, crosses: [] });
        break;
      }
    }
  });
  const horiz = (e: Edge): boolean => islands[e.a].y === islands[e.b].y;
  edges.forEach((e, i) =>
    edges.forEach((f, j) => {
      if (!horiz(e) || horiz(f)) return;
      const [h, v] = [e, f];
      const hy = islands[h.a].y;
      const vx = islands[v.a].x;
      const [x1, x2] = [Math.min(islands[h.a].x, islands[h.b].x), Math.max(islands[h.a].x, islands[h.b].x)];
      const [y1, y2] = [Math.min(islands[v.a].y, islands[v.b].y), Math.max(islands[v.a].y, islands[v.b].y)];
      if (x1 < vx && vx < x2 && y1 < hy && hy < y2) {
        e.crosses.push(j);
        f.crosses.push(i);
      }
    }),
  );
  const at = islands.map(() => [] as number[]);
  edges.forEach((e, k) => (at[e.a].push(k), at[e.b].push(k)));
  return { islands, edges, at };
}

type Dom = [number, number][];

function connected(n: Net, d: Dom): boolean {
  const seen = new Set([0]);
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    for (const e of n.at[i]) {
      if (d[e][0] === 0) continue;
      const j = n.edges[e].a === i ? n.edges[e].b : n.edges[e].a;
      if (!seen.has(j)) (seen.add(j), stack.push(j));
    }
  }
  return seen.size === n.islands.length;
}

/** Every fixed bridge as `(x1,y1)-(x2,y2):k`, for trace states. */
export function netText(n: Net, d: Dom): string {
  const parts = n.edges.flatMap((_, e) => (d[e][0] > 0 && d[e][0] === d[e][1] ? [`${edgeName(n, e)}:${d[e][0]}`] : []));
  return parts.length > 0 ? `bridges: ${parts.join(', ')}` : 'no bridges fixed yet';
}

function set(n: Net, d: Dom, e: number, lo: number, hi: number, why: string, rec: TraceRecorder | undefined): void {
  const [oldLo, oldHi] = d[e];
  d[e] = [lo, hi];
  if (!rec) return;
  if (lo === 0 && hi === 0 && oldHi > 0) rec.step(`${edgeName(n, e)} stays empty: ${why}`);
  else if (lo === hi && (oldLo !== lo || oldHi !== hi)) rec.step(`${edgeName(n, e)} gets exactly ${lo} bridge${lo === 1 ? '' : 's'}: ${why}`);
  else if (lo > oldLo) rec.step(`${edgeName(n, e)} gets at least ${lo} bridge${lo === 1 ? '' : 's'}: ${why}`);
}

function propagate(n: Net, d: Dom, rec: TraceRecorder | undefined, why: string[]): boolean {
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < n.islands.length; i++) {
      const need = n.islands[i].num;
      const es = n.at[i];
      const sumLo = es.reduce((a, e) => a + d[e][0], 0);
      const sumHi = es.reduce((a, e) => a + d[e][1], 0);
      const name = `island ${pos(n.islands[i])} (${need})`;
      if (need < sumLo || need > sumHi) return ((why[0] = `${name} can get only ${sumLo}..${sumHi} bridges`), false);
      for (const e of es) {
        const [lo, hi] = d[e];
        const nlo = Math.max(lo, need - (sumHi - hi));
        const nhi = Math.min(hi, need - (sumLo - lo));
        if (nlo === lo && nhi === hi) continue;
        if (nlo > nhi) return ((why[0] = `${name} cannot be satisfied`), false);
        const reason = nlo > lo ? `${name} can get at most ${sumHi - hi} from its other bridges` : `${name} already has ${sumLo - lo} elsewhere`;
        set(n, d, e, nlo, nhi, reason, rec);
        changed = true;
      }
    }
    for (let e = 0; e < n.edges.length; e++) {
      if (d[e][0] === 0) continue;
      for (const f of n.edges[e].crosses) {
        if (d[f][0] > 0) return ((why[0] = `${edgeName(n, e)} and ${edgeName(n, f)} would cross`), false);
        if (d[f][1] === 0) continue;
        d[f] = [0, 0];
        rec?.step(`${edgeName(n, f)} stays empty: it would cross ${edgeName(n, e)}`);
        changed = true;
      }
    }
  }
  return true;
}

interface Search {
  out: Dom[];
  limit: number;
  nodes: number;
  maxNodes: number;
}

function search(n: Net, d: Dom, rec: TraceRecorder | undefined, s: Search, depth: number): void {
  if (++s.nodes > s.maxNodes) return;
  const why: string[] = [];
  if (!propagate(n, d, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], netText(n, d));
    return;
  }
  let e = -1;
  for (let k = 0; k < d.length; k++) if (d[k][0] < d[k][1] && (e < 0 || d[k][1] - d[k][0] < d[e][1] - d[e][0])) e = k;
  if (e < 0) {
    if (connected(n, d)) s.out.push(d.map(([lo, hi]) => [lo, hi]));
    else if (rec) rec.deadEnd('All numbers are met', 'the islands split into separate groups, but they must form one network', netText(n, d));
    return;
  }
  const [lo, hi] = d[e];
  for (let k = hi; k >= lo; k--) {
    rec?.step(`No forced move; try ${k} bridge${k === 1 ? '' : 's'} on ${edgeName(n, e)} (possible ${lo}..${hi})`, { state: netText(n, d) });
    const child: Dom = d.map(([a, b]) => [a, b]);
    child[e] = [k, k];
    const before = s.out.length;
    search(n, child, rec, s, depth + 1);
    if (s.out.length >= s.limit || s.nodes > s.maxNodes) return;
    if (rec && s.out.length === before) rec.backtrack(`${edgeName(n, e)}: ${k} bridge${k === 1 ? '' : 's'} is impossible`);
  }
}

/** Up to `limit` solutions as bridge counts per edge of `net`; `complete` false when the node cap hit first. */
export function solveBridges(net: Net, limit = 1, rec?: TraceRecorder, maxNodes = 20000): { solutions: number[][]; complete: boolean } {
  const s: Search = { out: [], limit, nodes: 0, maxNodes };
  search(
    net,
    net.edges.map(() => [0, 2] as [number, number]),
    rec,
    s,
    0,
  );
  return { solutions: s.out.map((d) => d.map(([lo]) => lo)), complete: s.nodes <= maxNodes };
}

// Shingoki solver over the segments between adjacent grid points (each on, off or unknown). Each circle keeps its
// possible shapes — a straight line through a white circle, or two perpendicular legs from a black one, with leg
// lengths adding to its number and the loop turning at both leg ends — and propagation fixes the segments all
// remaining shapes share. Every point has 0 or 2 segments (circles exactly 2), and a segment that would close a
// loop leaving other segments or circles outside is off. When nothing more follows it guesses a segment next to
// a loose end and backtracks on contradiction. Counts solutions up to a limit and records SERG steps.
import type { TraceRecorder } from '../trace.js';
import { shingokiViolation, type Segment } from './verify.js';
import type { ShingokiState } from './state.js';

type V = 0 | 1 | -1; // off, on, unknown

interface Shape {
  on: number[];
  off: number[];
}

export interface ShingokiSolveResult {
  solutions: Segment[][];
  nodes: number;
  exhausted: boolean;
}

export interface Board {
  n: number;
  m: number;
  /** Endpoints of edge e as point ids (r*m + c). */
  ends: [number, number][];
  /** Edge ids at each point. */
  at: number[][];
  edge(r1: number, c1: number, r2: number, c2: number): number;
}

export function board(n: number, m: number): Board {
  const ends: [number, number][] = [];
  const id = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < m; c++) {
      if (c + 1 < m) (id.set(`${r},${c},h`, ends.length), ends.push([r * m + c, r * m + c + 1]));
      if (r + 1 < n) (id.set(`${r},${c},v`, ends.length), ends.push([r * m + c, (r + 1) * m + c]));
    }
  }
  const at: number[][] = Array.from({ length: n * m }, () => []);
  ends.forEach(([a, b], e) => (at[a].push(e), at[b].push(e)));
  const edge = (r1: number, c1: number, r2: number, c2: number): number => {
    if (r1 < 0 || c1 < 0 || r2 < 0 || c2 < 0 || r1 >= n || r2 >= n || c1 >= m || c2 >= m) return -1;
    const [r, c] = r1 < r2 || c1 < c2 ? [r1, c1] : [r2, c2];
    return id.get(`${r},${c},${r1 === r2 ? 'h' : 'v'}`) ?? -1;
  };
  return { n, m, ends, at, edge };
}

const DIRS: [number, number][] = [
  [-1, 0],
  [0, 1],
  [1, 0],
  [0, -1],
]; // up, right, down, left

/** Segments of a leg of length `len` from (r, c) in direction d, plus the segment beyond its end (must be off). */
function leg(b: Board, r: number, c: number, d: number, len: number): { on: number[]; stop: number } | null {
  const [dr, dc] = DIRS[d];
  const on: number[] = [];
  for (let i = 0; i < len; i++) {
    const e = b.edge(r + dr * i, c + dc * i, r + dr * (i + 1), c + dc * (i + 1));
    if (e < 0) return null;
    on.push(e);
  }
  return { on, stop: b.edge(r + dr * len, c + dc * len, r + dr * (len + 1), c + dc * (len + 1)) };
}

function shapes(b: Board, circle: ShingokiState['circles'][number]): Shape[] {
  const out: Shape[] = [];
  const pairs =
    circle.color === 'white'
      ? [
          [0, 2],
          [1, 3],
        ]
      : [
          [0, 1],
          [1, 2],
          [2, 3],
          [3, 0],
        ];
  for (const [d1, d2] of pairs) {
    for (let a = 1; a < circle.value; a++) {
      const l1 = leg(b, circle.r, circle.c, d1, a);
      const l2 = leg(b, circle.r, circle.c, d2, circle.value - a);
      if (!l1 || !l2) continue;
      const others = [0, 1, 2, 3].filter((d) => d !== d1 && d !== d2).map((d) => b.edge(circle.r, circle.c, circle.r + DIRS[d][0], circle.c + DIRS[d][1]));
      out.push({ on: [...l1.on, ...l2.on], off: [l1.stop, l2.stop, ...others].filter((e) => e >= 0) });
    }
  }
  return out;
}

const pt = (b: Board, p: number): string => `(${Math.floor(p / b.m)},${p % b.m})`;
const seg = (b: Board, e: number): string => `${pt(b, b.ends[e][0])}-${pt(b, b.ends[e][1])}`;

/** The points with the on segments drawn: '-' and '|' for segments, W/B for circles, '.' for other points. */
export function shingokiText(b: Board, v: readonly V[], s: ShingokiState): string {
  const lines: string[] = [];
  const mark = new Map(s.circles.map((c) => [c.r * b.m + c.c, c.color === 'white' ? 'W' : 'B']));
  for (let r = 0; r < b.n; r++) {
    let row = '';
    let below = '';
    for (let c = 0; c < b.m; c++) {
      row += mark.get(r * b.m + c) ?? '.';
      if (c + 1 < b.m) row += v[b.edge(r, c, r, c + 1)] === 1 ? '-' : ' ';
      if (r + 1 < b.n) below += (v[b.edge(r, c, r + 1, c)] === 1 ? '|' : ' ') + (c + 1 < b.m ? ' ' : '');
    }
    lines.push(row.trimEnd());
    if (r + 1 < b.n) lines.push(below.trimEnd());
  }
  return lines.join('\n');
}

export function segmentsOf(b: Board, v: readonly V[]): Segment[] {
  const out: Segment[] = [];
  v.forEach((x, e) => {
    if (x !== 1) return;
    const [p, q] = b.ends[e];
    out.push([
      [Math.floor(p / b.m), p % b.m],
      [Math.floor(q / b.m), q % b.m],
    ]);
  });
  return out;
}

export function solveShingoki(s: ShingokiState, limit: number, rec: TraceRecorder | null, budget = 20_000): ShingokiSolveResult {
  const b = board(s.rows, s.cols);
  const circleAt = new Set(s.circles.map((c) => c.r * b.m + c.c));
  const shapeLists = s.circles.map((c) => shapes(b, c));
  const names = s.circles.map((c) => `${c.color === 'white' ? 'W' : 'B'}${c.value} at (${c.r},${c.c})`);
  const solutions: Segment[][] = [];
  let nodes = 0;
  let exhausted = false;

  const propagate = (v: V[]): string | null => {
    for (let changed = true; changed;) {
      changed = false;
      const set = (e: number, x: 0 | 1, why: string[], label: string): boolean => {
        if (v[e] === x) return true;
        if (v[e] !== -1) return false;
        v[e] = x;
        why.push(`${label} ${x ? 'on' : 'off'}`);
        changed = true;
        return true;
      };
      for (let i = 0; i < s.circles.length; i++) {
        const fits = shapeLists[i].filter((sh) => sh.on.every((e) => v[e] !== 0) && sh.off.every((e) => v[e] !== 1));
        if (fits.length === 0) return `no shape fits the ${names[i]}`;
        const fixed: string[] = [];
        for (const e of fits[0].on) if (fits.every((sh) => sh.on.includes(e))) set(e, 1, fixed, seg(b, e));
        for (const e of fits[0].off) if (fits.every((sh) => sh.off.includes(e))) set(e, 0, fixed, seg(b, e));
        if (fixed.length > 0) rec?.step(`${names[i]}: ${fits.length} shape(s) still fit; all of them give ${fixed.join(', ')}`);
      }
      const degree: string[] = [];
      for (let p = 0; p < b.n * b.m; p++) {
        const on = b.at[p].filter((e) => v[e] === 1).length;
        const unk = b.at[p].filter((e) => v[e] === -1);
        const need = circleAt.has(p) ? 2 : on > 0 ? 2 : 0;
        if (on > 2) return `point ${pt(b, p)} has ${on} segments`;
        if (on + unk.length < need || (on === 1 && unk.length === 0)) return `point ${pt(b, p)} cannot get two segments`;
        if (on === 2) unk.forEach((e) => set(e, 0, degree, seg(b, e)));
        else if (on + unk.length === need) unk.forEach((e) => set(e, 1, degree, seg(b, e)));
        else if (on === 0 && unk.length === 1 && !circleAt.has(p)) set(unk[0], 0, degree, seg(b, unk[0]));
      }
      if (degree.length > 0) rec?.step(`Every point has 0 or 2 segments (circles exactly 2): ${degree.join(', ')}`);
      const loop = closeLoops(v);
      if (loop) return loop;
    }
    return null;
  };

  /** Rules out segments that would close a loop too early; a contradiction when a closed loop leaves things out. */
  const closeLoops = (v: V[]): string | null => {
    const parent = Array.from({ length: b.n * b.m }, (_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
    let onTotal = 0;
    v.forEach((x, e) => x === 1 && (onTotal++, (parent[find(b.ends[e][0])] = find(b.ends[e][1]))));
    const size = new Map<number, number>();
    v.forEach((x, e) => x === 1 && size.set(find(b.ends[e][0]), (size.get(find(b.ends[e][0])) ?? 0) + 1));
    const points = new Map<number, number>();
    for (let p = 0; p < b.n * b.m; p++) if (b.at[p].some((e) => v[e] === 1)) points.set(find(p), (points.get(find(p)) ?? 0) + 1);
    for (const [root, edges] of size) {
      const closed = edges === points.get(root);
      const complete = edges === onTotal && [...circleAt].every((p) => find(p) === root);
      if (closed && !complete) return 'a closed loop leaves other segments or circles outside it';
      if (closed && v.includes(-1)) {
        // The loop is finished: any further segment would start a second loop.
        v.forEach((x, e) => x === -1 && (v[e] = 0));
        rec?.step('The loop is closed and passes every circle, so every remaining segment is off');
        return null;
      }
    }
    const cut: string[] = [];
    v.forEach((x, e) => {
      if (x !== -1) return;
      const [p, q] = b.ends[e];
      const deg = (z: number): number => b.at[z].filter((f) => v[f] === 1).length;
      if (find(p) !== find(q) || deg(p) !== 1 || deg(q) !== 1) return;
      const complete = (size.get(find(p)) ?? 0) + 1 === onTotal + 1 && [...circleAt].every((z) => find(z) === find(p));
      if (!complete) {
        v[e] = 0;
        cut.push(seg(b, e));
      }
    });
    if (cut.length > 0) rec?.step(`${cut.join(', ')} would close a loop that leaves segments or circles outside, so off`);
    return null;
  };

  const search = (v: V[]): void => {
    if (solutions.length >= limit || exhausted) return;
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    const bad = propagate(v);
    if (bad) {
      rec?.deadEnd('Propagating', bad, shingokiText(b, v, s));
      return;
    }
    // Guess a segment at a loose end of the path so far, else next to a circle, else any unknown segment.
    const loose = v.findIndex((x, e) => x === -1 && b.ends[e].some((p) => b.at[p].filter((f) => v[f] === 1).length === 1));
    const guess = loose >= 0 ? loose : v.findIndex((x, e) => x === -1 && b.ends[e].some((p) => circleAt.has(p)));
    const g = guess >= 0 ? guess : v.indexOf(-1);
    if (g < 0) {
      const segs = segmentsOf(b, v);
      if (!shingokiViolation(segs, s)) solutions.push(segs);
      else rec?.deadEnd('All segments decided', shingokiViolation(segs, s) as string, shingokiText(b, v, s));
      return;
    }
    for (const x of [1, 0] as const) {
      rec?.step(`Nothing more is forced; guess ${seg(b, g)} ${x ? 'on' : 'off'}`, { state: shingokiText(b, v, s) });
      const next = [...v];
      next[g] = x;
      const before = solutions.length;
      search(next);
      if (solutions.length >= limit || exhausted) return;
      if (rec && solutions.length === before) rec.backtrack(`the position before guessing ${seg(b, g)} ${x ? 'on' : 'off'}`);
    }
  };
  search(new Array<V>(b.ends.length).fill(-1));
  return { solutions, nodes, exhausted };
}

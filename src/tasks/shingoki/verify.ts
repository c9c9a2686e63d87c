// Shingoki verifier, rule-based like the official one: segments `(r1,c1)-(r2,c2)` between orthogonally adjacent
// grid points must form ONE closed loop (every used point has exactly two segments, all connected) that passes
// every circle — straight through white circles, turning on black ones — and the two straight legs leaving each
// circle must add up to its number. Points are the puzzle's cells (0..rows-1, 0..cols-1); the official check also
// allows row = rows and col = cols, which no official loop uses.
import { result, type VerifyResult } from '../types.js';
import type { ShingokiState } from './state.js';

export type Segment = [[number, number], [number, number]];

export function parseSegments(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)\s*-\s*\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)/g;
  for (const m of text.matchAll(re))
    out.push([
      [Number(m[1]), Number(m[2])],
      [Number(m[3]), Number(m[4])],
    ]);
  return out;
}

const pk = (p: readonly [number, number]): string => `${p[0]},${p[1]}`;

/** Length of the straight leg leaving `from` through `next`, following the loop while it keeps direction. */
function legLength(adj: Map<string, [number, number][]>, from: [number, number], next: [number, number]): number {
  const dr = next[0] - from[0];
  const dc = next[1] - from[1];
  let len = 1;
  let cur = next;
  for (;;) {
    const ahead: [number, number] = [cur[0] + dr, cur[1] + dc];
    if (!(adj.get(pk(cur)) ?? []).some((p) => pk(p) === pk(ahead))) return len;
    cur = ahead;
    len++;
    if (len > adj.size + 1) return len; // a loop never has a straight leg longer than its point count
  }
}

export function shingokiViolation(segments: Segment[], s: ShingokiState): string | null {
  if (segments.length < 4) return `a closed loop needs at least 4 segments, found ${segments.length}`;
  const adj = new Map<string, [number, number][]>();
  const seen = new Set<string>();
  for (const [a, b] of segments) {
    for (const p of [a, b]) if (p[0] >= s.rows || p[1] >= s.cols) return `point (${pk(p)}) is outside the ${s.rows}×${s.cols} grid`;
    if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) !== 1) return `segment (${pk(a)})-(${pk(b)}) does not join adjacent points`;
    const id = [pk(a), pk(b)].sort().join('|');
    if (seen.has(id)) return `segment (${pk(a)})-(${pk(b)}) is listed twice`;
    seen.add(id);
    for (const [p, q] of [
      [a, b],
      [b, a],
    ]) {
      const list = adj.get(pk(p)) ?? [];
      list.push(q);
      adj.set(pk(p), list);
    }
  }
  for (const [p, list] of adj)
    if (list.length !== 2) return `point (${p}) has ${list.length} segments; a single loop needs exactly 2 (no branches, crossings or dead ends)`;
  const first = adj.keys().next().value as string;
  const visited = new Set<string>([first]);
  const stack = [first];
  while (stack.length > 0) {
    for (const q of adj.get(stack.pop() as string) ?? []) {
      if (!visited.has(pk(q))) {
        visited.add(pk(q));
        stack.push(pk(q));
      }
    }
  }
  if (visited.size !== adj.size) return 'the segments form more than one loop';
  for (const circle of s.circles) {
    const at: [number, number] = [circle.r, circle.c];
    const nb = adj.get(pk(at));
    const name = `${circle.color} circle ${circle.value} at (${pk(at)})`;
    if (!nb) return `the loop does not pass the ${name}`;
    const straight = nb[0][0] + nb[1][0] === 2 * circle.r && nb[0][1] + nb[1][1] === 2 * circle.c;
    if (circle.color === 'white' && !straight) return `the loop turns on the ${name}; white circles are passed straight`;
    if (circle.color === 'black' && straight) return `the loop goes straight through the ${name}; black circles are turned on`;
    const total = legLength(adj, at, nb[0]) + legLength(adj, at, nb[1]);
    if (total !== circle.value) return `the two straight legs of the ${name} add up to ${total}`;
  }
  return null;
}

export function checkShingoki(state: ShingokiState, segments: Segment[]): VerifyResult {
  const bad = shingokiViolation(segments, state);
  return bad ? result(false, bad) : result(true, 'one closed loop satisfying every circle');
}

// Bridges (Hashiwokakero): bridges run straight between islands, never cross each other or pass over an island,
// at most 2 join any pair, each island has exactly its number of bridges, and all islands form one network.
// Answer: one `(x1,y1)-(x2,y2):n` per line, x = column, y = row, 0-based.
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import type { BridgesState } from './state.js';

export interface Bridge {
  a: [number, number];
  b: [number, number];
  count: number;
}

const BRIDGE_RE = /\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)\s*[-–—]+\s*\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)\s*:\s*(\d{1,4})/g;

export function parseBridges(text: string): Bridge[] {
  return [...text.matchAll(BRIDGE_RE)].map((m) => ({ a: [Number(m[1]), Number(m[2])], b: [Number(m[3]), Number(m[4])], count: Number(m[5]) }));
}

const label = (p: [number, number]): string => `(${p[0]},${p[1]})`;

function crosses(h: Bridge, v: Bridge): boolean {
  // h horizontal (same y), v vertical (same x): they cross when each passes strictly through the other's line.
  const [hx1, hx2] = [Math.min(h.a[0], h.b[0]), Math.max(h.a[0], h.b[0])];
  const [vy1, vy2] = [Math.min(v.a[1], v.b[1]), Math.max(v.a[1], v.b[1])];
  return hx1 < v.a[0] && v.a[0] < hx2 && vy1 < h.a[1] && h.a[1] < vy2;
}

export function bridgesViolation(s: BridgesState, list: Bridge[]): string | null {
  const at = new Map(s.islands.map((i) => [`${i.x},${i.y}`, i]));
  const pairs = new Map<string, Bridge>();
  for (const br of list) {
    if (br.count === 0) continue;
    if (br.count > 2) return `bridge ${label(br.a)}-${label(br.b)} has ${br.count} lines; at most 2 may join a pair`;
    for (const p of [br.a, br.b]) if (!at.has(`${p[0]},${p[1]}`)) return `bridge end ${label(p)} is not an island`;
    if (br.a[0] === br.b[0] && br.a[1] === br.b[1]) return `bridge ${label(br.a)}-${label(br.b)} joins an island to itself`;
    if (br.a[0] !== br.b[0] && br.a[1] !== br.b[1]) return `bridge ${label(br.a)}-${label(br.b)} is neither horizontal nor vertical`;
    const [p, q] = br.a[0] < br.b[0] || (br.a[0] === br.b[0] && br.a[1] < br.b[1]) ? [br.a, br.b] : [br.b, br.a];
    const dx = Math.sign(q[0] - p[0]);
    const dy = Math.sign(q[1] - p[1]);
    for (let x = p[0] + dx, y = p[1] + dy; x !== q[0] || y !== q[1]; x += dx, y += dy) {
      if (at.has(`${x},${y}`)) return `bridge ${label(p)}-${label(q)} passes over the island at (${x},${y})`;
    }
    const key = `${label(p)}-${label(q)}`;
    const prev = pairs.get(key);
    const total = (prev?.count ?? 0) + br.count;
    if (total > 2) return `islands ${label(p)} and ${label(q)} are joined by ${total} bridges; at most 2 allowed`;
    pairs.set(key, { a: p, b: q, count: total });
  }
  const joined = [...pairs.values()];
  const horiz = joined.filter((b) => b.a[1] === b.b[1]);
  const vert = joined.filter((b) => b.a[0] === b.b[0]);
  for (const h of horiz) for (const v of vert) if (crosses(h, v)) return `bridge ${label(h.a)}-${label(h.b)} crosses bridge ${label(v.a)}-${label(v.b)}`;
  const degree = new Map<string, number>();
  for (const b of joined) for (const p of [b.a, b.b]) degree.set(`${p[0]},${p[1]}`, (degree.get(`${p[0]},${p[1]}`) ?? 0) + b.count);
  for (const i of s.islands) {
    const d = degree.get(`${i.x},${i.y}`) ?? 0;
    if (d !== i.num) return `island (${i.x},${i.y}) has ${d} bridges, needs ${i.num}`;
  }
  const adj = new Map<string, string[]>();
  for (const b of joined) {
    const [u, v] = [`${b.a[0]},${b.a[1]}`, `${b.b[0]},${b.b[1]}`];
    adj.set(u, [...(adj.get(u) ?? []), v]);
    adj.set(v, [...(adj.get(v) ?? []), u]);
  }
  const start = `${s.islands[0].x},${s.islands[0].y}`;
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const v of adj.get(stack.pop() as string) ?? []) {
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(v);
    }
  }
  const cut = s.islands.find((i) => !seen.has(`${i.x},${i.y}`));
  if (cut) return `island (${cut.x},${cut.y}) is not connected to island ${label([s.islands[0].x, s.islands[0].y])}`;
  return null;
}

/** The bridges of the answer; none at all is refused unless the puzzle has a single island. */
export function parseBridgesAnswer(text: string, s: BridgesState): Parsed<Bridge[]> {
  const list = parseBridges(text);
  return list.length === 0 && s.islands.length > 1 ? bad('no bridges of the form (x1,y1)-(x2,y2):n found') : ok(list);
}

export function checkBridges(s: BridgesState, list: Bridge[]): VerifyResult {
  const v = bridgesViolation(s, list);
  if (v) return result(false, v);
  return result(true, 'island numbers met, no crossings, at most 2 per pair, one connected network');
}

// Bridges state: the islands (position and bridge count) on the grid.
import { asInt, asObject, StateError } from '../common/grid.js';

export interface Island {
  x: number;
  y: number;
  num: number;
}

export interface BridgesState {
  islands: Island[];
}

export function parseBridgesState(raw: unknown): BridgesState {
  const o = asObject(raw, 'bridges state');
  if (!Array.isArray(o.islands) || o.islands.length === 0) throw new StateError('bridges state.islands: expected a non-empty list of {x, y, num}');
  const islands = o.islands.map((v, i): Island => {
    if (v === null || typeof v !== 'object') throw new StateError(`bridges state.islands[${i}]: expected {x, y, num}`);
    const rec = v as Record<string, unknown>;
    const what = `bridges state.islands[${i}]`;
    return { x: asInt(rec.x, `${what}.x`), y: asInt(rec.y, `${what}.y`), num: asInt(rec.num ?? rec.n ?? rec.value, `${what}.num`) };
  });
  const seen = new Set<string>();
  for (const { x, y } of islands) {
    if (seen.has(`${x},${y}`)) throw new StateError(`bridges state: two islands at (${x},${y})`);
    seen.add(`${x},${y}`);
  }
  return { islands };
}

// Sliding-puzzle solver: IDA* with the Manhattan-distance heuristic, optimal in moves.
import type { Dir } from '../common/game-moves.js';
import { type SlidingState } from './state.js';
import { TILE_FROM } from './verify.js';

export const ORDER: readonly Dir[] = ['up', 'down', 'left', 'right'];

export const INVERSE: Record<Dir, Dir> = { up: 'down', down: 'up', left: 'right', right: 'left' };

/** IDA* node budget: far above what a 16-move 4×4 instance needs; a draw that exceeds it is simply redrawn. */
const NODE_BUDGET = 2_000_000;

/** Where the blank goes when `dir` is played (the tile comes from there). */
export function blankTarget(n: number, blank: number, dir: Dir): number {
  const r = Math.floor(blank / n) + TILE_FROM[dir][0];
  const c = (blank % n) + TILE_FROM[dir][1];
  return r < 0 || r >= n || c < 0 || c >= n ? -1 : r * n + c;
}

export function manhattan(n: number, tiles: number[]): number {
  let h = 0;
  tiles.forEach((t, i) => {
    if (t !== 0) h += Math.abs(Math.floor(i / n) - Math.floor((t - 1) / n)) + Math.abs((i % n) - ((t - 1) % n));
  });
  return h;
}

export interface SlidingSolution {
  moves: Dir[];
  /** Bounds that failed before the solving one, with the positions each search expanded. */
  failedBounds: Array<{ bound: number; nodes: number }>;
}

/** Optimal solution by IDA*; null when the node budget runs out. */
export function solveSliding(s: SlidingState, budget = NODE_BUDGET): SlidingSolution | null {
  const n = s.size;
  const tiles = s.board.flat();
  const path: Dir[] = [];
  let nodes = 0;
  const search = (blank: number, g: number, bound: number, h: number, prev: Dir | null): number => {
    const f = g + h;
    if (f > bound) return f;
    if (h === 0) return -1;
    if (++nodes > budget) return Infinity;
    let min = Infinity;
    for (const dir of ORDER) {
      if (prev !== null && dir === INVERSE[prev]) continue;
      const to = blankTarget(n, blank, dir);
      if (to < 0) continue;
      const t = tiles[to];
      const goalR = Math.floor((t - 1) / n);
      const goalC = (t - 1) % n;
      const dh = Math.abs(Math.floor(blank / n) - goalR) + Math.abs((blank % n) - goalC) - (Math.abs(Math.floor(to / n) - goalR) + Math.abs((to % n) - goalC));
      tiles[blank] = t;
      tiles[to] = 0;
      path.push(dir);
      const res = search(to, g + 1, bound, h + dh, dir);
      if (res === -1) return -1;
      path.pop();
      tiles[to] = t;
      tiles[blank] = 0;
      if (res < min) min = res;
    }
    return min;
  };
  const h0 = manhattan(n, tiles);
  const failedBounds: Array<{ bound: number; nodes: number }> = [];
  for (let bound = h0; ;) {
    const before = nodes;
    const res = search(tiles.indexOf(0), 0, bound, h0, null);
    if (res === -1) return { moves: [...path], failedBounds };
    if (res === Infinity) return null;
    failedBounds.push({ bound, nodes: nodes - before });
    bound = res;
  }
}

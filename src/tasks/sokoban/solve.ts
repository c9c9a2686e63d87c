// Sokoban solver for the generator and its trace. The search runs over push states (box positions plus the area
// the player can reach without pushing), which is far smaller than the move-by-move state space. From each state it
// lists the pushes the player can reach, drops pushes onto dead squares (cells from which a box can never reach a
// target, found by pulling boxes backwards from every target) and pushes that cannot finish within the current push
// limit, and goes depth first in order of promise. A state with nothing left to try is a dead end and the solver
// backtracks to the previous push. Walking between pushes uses a shortest path (BFS), so the answer is the walks
// and pushes along the found line of play.
import { DELTA, DIRS, OPPOSITE, type Dir } from '../common/game-moves.js';
import { TraceRecorder } from '../trace.js';
import type { SokobanState } from './state.js';

export interface Board {
  rows: number;
  cols: number;
  /** floor[k] for cell k = r * cols + c. */
  floor: boolean[];
  targets: number[];
}

export const boardOf = (s: SokobanState): Board => ({
  rows: s.rows,
  cols: s.cols,
  floor: s.walls.flatMap((row) => row.map((w) => !w)),
  targets: s.targets.map(([r, c]) => r * s.cols + c),
});

export const at = (b: Board, k: number): string => `(${Math.floor(k / b.cols)},${k % b.cols})`;

/** Cell k moved one step in `d`, or -1 when that leaves the board or hits a wall. */
export function stepCell(b: Board, k: number, d: Dir): number {
  const r = Math.floor(k / b.cols) + DELTA[d][0];
  const c = (k % b.cols) + DELTA[d][1];
  if (r < 0 || r >= b.rows || c < 0 || c >= b.cols) return -1;
  const n = r * b.cols + c;
  return b.floor[n] ? n : -1;
}

/** Push distance from each cell to the nearest target (Infinity = dead square), by pulling back from targets. */
export function pushDistances(b: Board): number[] {
  const dist = new Array<number>(b.floor.length).fill(Infinity);
  const queue: number[] = [];
  for (const t of b.targets) if (dist[t] !== 0) ((dist[t] = 0), queue.push(t));
  for (let i = 0; i < queue.length; i++) {
    const k = queue[i];
    for (const d of DIRS) {
      // Pulling the box from k one step in d needs the player on k+d and room for them at k+2d.
      const from = stepCell(b, k, d);
      if (from < 0 || stepCell(b, from, d) < 0 || dist[from] !== Infinity) continue;
      dist[from] = dist[k] + 1;
      queue.push(from);
    }
  }
  return dist;
}

/** BFS walk of the player from `from` to `to` around walls and boxes; null when unreachable. */
export function walk(b: Board, boxes: Set<number>, from: number, to: number): Dir[] | null {
  if (from === to) return [];
  const prev = new Map<number, [number, Dir]>([[from, [from, 'up']]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const d of DIRS) {
      const n = stepCell(b, queue[i], d);
      if (n < 0 || boxes.has(n) || prev.has(n)) continue;
      prev.set(n, [queue[i], d]);
      if (n === to) {
        const moves: Dir[] = [];
        for (let k = to; k !== from; k = (prev.get(k) as [number, Dir])[0]) moves.unshift((prev.get(k) as [number, Dir])[1]);
        return moves;
      }
      queue.push(n);
    }
  }
  return null;
}

/** Cells the player reaches without pushing; the smallest one names the area in the visited key. */
function reach(b: Board, boxes: Set<number>, from: number): Set<number> {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) {
    const k = stack.pop() as number;
    for (const d of DIRS) {
      const n = stepCell(b, k, d);
      if (n >= 0 && !boxes.has(n) && !seen.has(n)) (seen.add(n), stack.push(n));
    }
  }
  return seen;
}

export interface SokobanSolution {
  moves: Dir[];
  pushes: number;
  /** Push states expanded over all iterations. */
  expanded: number;
}

interface Push {
  box: number;
  dir: Dir;
  to: number;
  /** Lower bound on the total pushes of a solution through this push. */
  f: number;
}

/**
 * Iterative-deepening depth-first search over pushes (IDA*): a push is allowed only while the pushes made plus a
 * lower bound on the pushes still needed (each box's push distance to its nearest target) stay within the limit;
 * the limit starts at that lower bound and grows to the smallest value that was exceeded. The first solution found
 * therefore has the fewest pushes. Only the last, successful iteration is recorded step by step; each earlier one is
 * one note. Null when no solution was found within `maxStates` expansions.
 */
export function solveSokoban(s: SokobanState, rec?: TraceRecorder, maxStates = 6000): SokobanSolution | null {
  const b = boardOf(s);
  const dist = pushDistances(b);
  const targets = new Set(b.targets);
  const line: Array<{ boxes: Set<number>; player: number; push: Push }> = [];
  let expanded = 0;
  let solvedAt = 0;
  const h = (boxes: Set<number>): number => [...boxes].reduce((sum, k) => sum + dist[k], 0);
  const boxesText = (boxes: Set<number>): string =>
    [...boxes]
      .sort((x, y) => x - y)
      .map((k) => at(b, k) + (targets.has(k) ? '*' : ''))
      .join(' ');
  const startBoxes = new Set(s.boxes.map(([r, c]) => r * b.cols + c));
  const start = s.player[0] * b.cols + s.player[1];
  let bound = h(startBoxes);
  if (bound === Infinity) return null;
  for (;;) {
    // Recording costs string work at every node, so screening solves (no recorder) skip it.
    const steps = rec ? new TraceRecorder() : undefined;
    const seen = new Map<string, number>();
    let next = Infinity;
    let nodes = 0;
    const dfs = (boxes: Set<number>, player: number, g: number): boolean => {
      if ([...boxes].every((k) => targets.has(k))) {
        solvedAt = g;
        return true;
      }
      const area = reach(b, boxes, player);
      const key = `${[...boxes].sort((x, y) => x - y).join(',')}|${Math.min(...area)}`;
      const before = seen.get(key);
      if (before !== undefined && before <= g) {
        steps?.deadEnd(`boxes ${boxesText(boxes)}`, `this position was already reached with ${before} push(es)`);
        return false;
      }
      seen.set(key, g);
      if (++expanded > maxStates) return false;
      nodes++;
      const options: Push[] = [];
      const skipped: string[] = [];
      for (const box of [...boxes].sort((x, y) => x - y)) {
        for (const d of DIRS) {
          const to = stepCell(b, box, d);
          const stand = stepCell(b, box, OPPOSITE[d]);
          if (to < 0 || boxes.has(to) || stand < 0 || !area.has(stand)) continue;
          if (dist[to] === Infinity) {
            skipped.push(`${at(b, box)} ${d} (dead square)`);
            continue;
          }
          const f = g + 1 + h(boxes) - dist[box] + dist[to];
          if (f > bound) {
            next = Math.min(next, f);
            skipped.push(`${at(b, box)} ${d} (needs ≥ ${f} pushes)`);
            continue;
          }
          options.push({ box, dir: d, to, f });
        }
      }
      options.sort((x, y) => x.f - y.f);
      for (const o of options) {
        const after = new Set(boxes);
        after.delete(o.box);
        after.add(o.to);
        line.push({ boxes, player, push: o });
        const path = steps ? (walk(b, boxes, player, stepCell(b, o.box, OPPOSITE[o.dir])) as Dir[]) : [];
        const onT = [...after].filter((k) => targets.has(k)).length;
        steps?.step(`${path.length ? `walk ${path.join(' ')}, then ` : ''}push ${o.dir}: box ${at(b, o.box)}→${at(b, o.to)}`, {
          check: `${skipped.length ? `skip ${skipped.join(', ')}; ` : ''}${onT}/${after.size} boxes on targets`,
        });
        if (dfs(after, o.box, g + 1)) return true;
        line.pop();
        steps?.backtrack(`boxes ${boxesText(boxes)} with the player at ${at(b, player)}`);
      }
      steps?.deadEnd(
        `boxes ${boxesText(boxes)}`,
        options.length ? `all ${options.length} push(es) from here fail` : `no push fits: ${skipped.join(', ') || 'no box can be pushed'}`,
      );
      return false;
    };
    if (dfs(startBoxes, start, 0)) {
      if (steps) rec?.steps.push(...steps.steps);
      // The walks between pushes are only worked out for the line of play that succeeded.
      const moves = line.flatMap(({ boxes, player, push }) => [...(walk(b, boxes, player, stepCell(b, push.box, OPPOSITE[push.dir])) as Dir[]), push.dir]);
      return { moves, pushes: solvedAt, expanded };
    }
    if (expanded > maxStates || next === Infinity) return null;
    rec?.note(`With at most ${bound} pushes every line fails (${nodes} positions tried); raise the limit to ${next}.`);
    bound = next;
  }
}

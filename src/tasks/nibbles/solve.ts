// Nibbles solver: one BFS leg per apple, nearest apple first, keeping the snake's body and heading legal.
import { cell, DELTA, DIRS, OPPOSITE, type Dir } from '../common/game-moves.js';
import { TraceRecorder } from '../trace.js';
import { type NibblesState } from './state.js';

const LEG_BUDGET = 200_000;

interface Leg {
  moves: Dir[];
  body: number[];
  dir: Dir;
}

/** Shortest legal route for `body` (head first, cell keys) to eat `target`, never touching `avoid`. */
function bfsLeg(s: NibblesState, body: number[], dir: Dir, target: number, avoid: Set<number>): Leg | null {
  const nodes: Array<{ body: number[]; dir: Dir; parent: number; move: Dir | null }> = [{ body, dir, parent: -1, move: null }];
  const seen = new Set([body.join(',')]);
  for (let i = 0; i < nodes.length && nodes.length < LEG_BUDGET; i++) {
    const node = nodes[i];
    const hr = Math.floor(node.body[0] / s.cols);
    const hc = node.body[0] % s.cols;
    for (const d of DIRS) {
      if (d === OPPOSITE[node.dir]) continue;
      const r = hr + DELTA[d][0];
      const c = hc + DELTA[d][1];
      const k = r * s.cols + c;
      // Same rule as the verifier: any cell the snake occupies before the move, tail included, is forbidden.
      if (r < 0 || r >= s.rows || c < 0 || c >= s.cols || node.body.includes(k) || avoid.has(k)) continue;
      if (k === target) {
        const moves: Dir[] = [d];
        for (let j = i; nodes[j].move !== null; j = nodes[j].parent) moves.unshift(nodes[j].move as Dir);
        return { moves, body: [k, ...node.body], dir: d };
      }
      const next = [k, ...node.body.slice(0, -1)];
      const key = next.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      nodes.push({ body: next, dir: d, parent: i, move: d });
    }
  }
  return null;
}

/** Eats every apple, recording legs, dead ends and backtracks; null when no order works. */
export function solveNibbles(s: NibblesState, rec = new TraceRecorder()): Dir[] | null {
  const key = ([r, c]: readonly [number, number]): number => r * s.cols + c;
  const name = (k: number): string => cell(Math.floor(k / s.cols), k % s.cols);
  const dfs = (body: number[], dir: Dir, left: number[]): Dir[] | null => {
    if (left.length === 0) return [];
    const hr = Math.floor(body[0] / s.cols);
    const hc = body[0] % s.cols;
    const dist = (k: number): number => Math.abs(Math.floor(k / s.cols) - hr) + Math.abs((k % s.cols) - hc);
    const order = [...left].sort((a, b) => dist(a) - dist(b) || a - b);
    for (const target of order) {
      const rest = left.filter((k) => k !== target);
      const leg = bfsLeg(s, body, dir, target, new Set(rest));
      if (!leg) {
        rec.deadEnd(`go for apple ${name(target)} next`, 'no route reaches it without hitting the wall, the body or another apple');
        continue;
      }
      const mark = rec.steps.length;
      let head = body[0];
      leg.moves.forEach((d, i) => {
        head = (Math.floor(head / s.cols) + DELTA[d][0]) * s.cols + (head % s.cols) + DELTA[d][1];
        const eat = i === leg.moves.length - 1;
        rec.step(`${d} to ${name(head)}`, eat ? { check: `eats apple ${name(target)}, length ${leg.body.length}` } : {});
      });
      const after = dfs(leg.body, leg.dir, rest);
      if (after) return [...leg.moves, ...after];
      rec.steps.length = mark;
      rec.deadEnd(`eat apple ${name(target)} now`, 'the remaining apples cannot all be reached afterwards');
      rec.backtrack(`the snake at ${name(body[0])} before that leg`);
    }
    return null;
  };
  return dfs(s.snake.map(key), s.direction, s.apples.map(key));
}

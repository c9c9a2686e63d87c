// Maze solvers: depth-first search from S (the trace's dead ends and backtracks) and the right-hand wall follower
// (the short-style answer).
import { DELTA, DIRS, type Dir } from '../common/game-moves.js';
import { TraceRecorder } from '../trace.js';
import { blocked, type MazeState } from './state.js';

export interface MazeSolution {
  moves: Dir[];
  recorder: TraceRecorder;
}

export const at = (r: number, c: number): string => `(${r},${c})`;

/** Depth-first search from S, trying the open unvisited neighbour nearest to E first (ties in up/down/left/right order). */
export function solveMaze(m: MazeState): MazeSolution {
  const rec = new TraceRecorder();
  const [er, ec] = m.end;
  const visited = new Set<number>([m.start[0] * m.cols + m.start[1]]);
  const options = (r: number, c: number): Dir[] =>
    DIRS.filter((d) => !blocked(m, r, c, DELTA[d][0], DELTA[d][1]) && !visited.has((r + DELTA[d][0]) * m.cols + c + DELTA[d][1])).sort(
      (a, b) => dist(r + DELTA[a][0], c + DELTA[a][1]) - dist(r + DELTA[b][0], c + DELTA[b][1]),
    );
  const dist = (r: number, c: number): number => Math.abs(r - er) + Math.abs(c - ec);
  const path: Array<{ r: number; c: number; dir: Dir | null; left: Dir[] }> = [{ r: m.start[0], c: m.start[1], dir: null, left: options(...m.start) }];
  for (;;) {
    const top = path[path.length - 1];
    if (top.r === er && top.c === ec) break;
    if (top.left.length === 0) {
      rec.deadEnd(`at ${at(top.r, top.c)}`, 'no open unvisited neighbour');
      let undone = 0;
      while (path.length > 1 && path[path.length - 1].left.length === 0) {
        path.pop();
        undone++;
      }
      const back = path[path.length - 1];
      // Mazes with loops: a branch may have reached one of the junction's other options meanwhile.
      back.left = back.left.filter((d) => !visited.has((back.r + DELTA[d][0]) * m.cols + back.c + DELTA[d][1]));
      if (back.left.length === 0) throw new Error('solveMaze: E is unreachable from S');
      rec.backtrack(`${at(back.r, back.c)} (undo ${undone} move${undone > 1 ? 's' : ''})`);
      continue;
    }
    const dir = top.left.shift() as Dir;
    const others = [...top.left];
    const r = top.r + DELTA[dir][0];
    const c = top.c + DELTA[dir][1];
    visited.add(r * m.cols + c);
    const check = others.length > 0 ? `junction; ${others.join(', ')} kept for later` : undefined;
    rec.step(`${dir} to ${at(r, c)}${r === er && c === ec ? ' = E' : ''}`, check ? { check } : {});
    path.push({ r, c, dir, left: options(r, c) });
  }
  return { moves: path.slice(1).map((p) => p.dir as Dir), recorder: rec };
}

/** Clockwise quarter turn: the direction on the right of someone heading `d`. */
const RIGHT_OF: Record<Dir, Dir> = { up: 'right', right: 'down', down: 'left', left: 'up' };

const BACK: Record<Dir, Dir> = { up: 'down', down: 'up', left: 'right', right: 'left' };

/**
 * The right-hand wall follower's walk from S to E: at each cell take the first open move among right of the
 * heading, straight on, left, back (heading up at S). In a perfect maze it reaches every cell, so it reaches E, and
 * each move depends only on the current cell's open moves and the previous move — no search, no memory.
 */
export function wallFollow(m: MazeState): Dir[] {
  const moves: Dir[] = [];
  let [r, c] = m.start;
  let heading: Dir = 'up';
  while (r !== m.end[0] || c !== m.end[1]) {
    const order: Dir[] = [RIGHT_OF[heading], heading, BACK[RIGHT_OF[heading]], BACK[heading]];
    const d: Dir | undefined = order.find((o) => !blocked(m, r, c, ...DELTA[o]));
    if (d === undefined || moves.length > 4 * m.rows * m.cols) throw new Error('wallFollow: E is unreachable from S');
    moves.push(d);
    r += DELTA[d][0];
    c += DELTA[d][1];
    heading = d;
  }
  return moves;
}

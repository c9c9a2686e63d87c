// Minesweeper solver for fully revealed boards (every non-mine cell shows its number; mines and zeros are both
// blank). Key fact: two touching blank cells have the same status — a blank that is not a mine is a 0, and a 0
// cannot touch a mine — so the blanks fall into 8-connected groups that are all mines or all zeros. The solver
// reasons about groups: each number needs exactly its count of mine cells among its neighbours, where a group
// contributes as many cells as it has next to that number. Propagation marks groups safe (a group adding more
// cells than the number still needs) or mines (the number cannot be reached without it); when it stalls, the
// solver branches on a group (mine first), and a contradiction is a dead end followed by a backtrack.
// countSolutions runs the same search to the end (capped) so the generator can insist on a unique mine set.
import { NEIGHBOURS_8 } from '../common/grid.js';
import type { TraceRecorder } from '../trace.js';
import type { MinesweeperState } from './state.js';

export interface Groups {
  /** Cells of each blank group, row-major. */
  cells: Array<Array<[number, number]>>;
  /** For each number cell: its position, clue, and (group, cells of that group next to it) pairs. */
  numbers: Array<{ r: number; c: number; clue: number; touch: Array<[number, number]> }>;
}

export function blankGroups(s: MinesweeperState): Groups {
  const id: number[][] = s.clues.map((row) => row.map(() => -1));
  const cells: Array<Array<[number, number]>> = [];
  const inside = (r: number, c: number): boolean => r >= 0 && r < s.rows && c >= 0 && c < s.cols;
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      if (s.clues[r][c] !== null || id[r][c] >= 0) continue;
      const g = cells.length;
      const list: Array<[number, number]> = [];
      const stack: Array<[number, number]> = [[r, c]];
      id[r][c] = g;
      while (stack.length) {
        const [y, x] = stack.pop() as [number, number];
        list.push([y, x]);
        for (const [dr, dc] of NEIGHBOURS_8) {
          const [ny, nx] = [y + dr, x + dc];
          if (inside(ny, nx) && s.clues[ny][nx] === null && id[ny][nx] < 0) ((id[ny][nx] = g), stack.push([ny, nx]));
        }
      }
      cells.push(list.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    }
  }
  const numbers: Groups['numbers'] = [];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const clue = s.clues[r][c];
      if (clue === null) continue;
      const count = new Map<number, number>();
      for (const [dr, dc] of NEIGHBOURS_8)
        if (inside(r + dr, c + dc) && id[r + dr][c + dc] >= 0) count.set(id[r + dr][c + dc], (count.get(id[r + dr][c + dc]) ?? 0) + 1);
      numbers.push({ r, c, clue, touch: [...count.entries()].sort((a, b) => a[0] - b[0]) });
    }
  }
  return { cells, numbers };
}

/** Group status: undefined = unknown, true = mines, false = zeros. */
type Status = Array<boolean | undefined>;

export const groupName = (g: number): string => `G${g + 1}`;
const at = (r: number, c: number): string => `(${r},${c})`;

/** One propagation pass to a fixed point; returns the reason of a contradiction or null. */
function propagate(gr: Groups, st: Status, rec?: TraceRecorder): string | null {
  for (let changed = true; changed;) {
    changed = false;
    for (const n of gr.numbers) {
      let mines = 0;
      const open: Array<[number, number]> = [];
      for (const [g, w] of n.touch) {
        if (st[g] === true) mines += w;
        else if (st[g] === undefined) open.push([g, w]);
      }
      const need = n.clue - mines;
      const room = open.reduce((s, [, w]) => s + w, 0);
      if (need < 0) return `${at(n.r, n.c)} shows ${n.clue} but already touches ${mines} mine cells`;
      if (need > room) return `${at(n.r, n.c)} shows ${n.clue} but can reach at most ${mines + room} mine cells`;
      for (const [g, w] of open) {
        if (w > need) {
          st[g] = false;
          rec?.step(`${groupName(g)} is safe (zeros)`, { check: `${at(n.r, n.c)} needs ${need} more mine(s) but ${groupName(g)} would add ${w}` });
          changed = true;
        } else if (room - w < need) {
          st[g] = true;
          rec?.step(`${groupName(g)} is mines`, { check: `${at(n.r, n.c)} needs ${need} more; without ${groupName(g)} only ${room - w} remain` });
          changed = true;
        }
        if (changed) break;
      }
      if (changed) break;
    }
  }
  return null;
}

/** The group to branch on: unknown, touching the most numbers (ties: lowest index). */
function branchGroup(gr: Groups, st: Status): number {
  let best = -1;
  let score = -1;
  for (let g = 0; g < st.length; g++) {
    if (st[g] !== undefined) continue;
    const s = gr.numbers.filter((n) => n.touch.some(([h]) => h === g)).length;
    if (s > score) ((best = g), (score = s));
  }
  return best;
}

/** Solves with a recorded search; returns the mine cells (row-major) or null when the board has no solution. */
export function solveMinesweeper(s: MinesweeperState, rec?: TraceRecorder): Array<[number, number]> | null {
  const gr = blankGroups(s);
  const search = (st: Status): Status | null => {
    const bad = propagate(gr, st, rec);
    if (bad) return null;
    const g = branchGroup(gr, st);
    if (g < 0) return st;
    for (const guess of [true, false]) {
      const next = [...st];
      next[g] = guess;
      rec?.step(`suppose ${groupName(g)} is ${guess ? 'mines' : 'safe'}`, { check: 'no rule decides it yet, so try it' });
      const trial = [...next];
      const reason = propagate(gr, trial);
      if (reason) {
        rec?.deadEnd(`${groupName(g)} as ${guess ? 'mines' : 'safe'}`, reason);
        rec?.backtrack('the state before this supposition');
        continue;
      }
      const out = search(next);
      if (out) return out;
      rec?.backtrack(`the state before supposing ${groupName(g)} is ${guess ? 'mines' : 'safe'}`);
    }
    return null;
  };
  const st = search(new Array<boolean | undefined>(gr.cells.length).fill(undefined));
  if (!st) return null;
  return gr.cells
    .filter((_, g) => st[g])
    .flat()
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Number of consistent mine sets, counting at most `cap`. */
export function countSolutions(s: MinesweeperState, cap = 2): number {
  const gr = blankGroups(s);
  let count = 0;
  let budget = 50_000;
  const search = (st: Status): void => {
    if (count >= cap || --budget < 0) return;
    if (propagate(gr, st)) return;
    const g = branchGroup(gr, st);
    if (g < 0) {
      count++;
      return;
    }
    for (const guess of [true, false]) {
      const next = [...st];
      next[g] = guess;
      search(next);
    }
  };
  search(new Array<boolean | undefined>(gr.cells.length).fill(undefined));
  // An exhausted budget counts as ambiguous, so the generator redraws rather than trusting an unfinished search.
  return budget < 0 ? cap : count;
}

// Snake verifier. STRICTER than the official check, which compares coordinate SETS with the reference (order and
// path validity unchecked): the answer must be a real snake — a path of orthogonally adjacent cells with no repeats,
// running from S to E (either direction), never touching itself (no two non-consecutive cells orthogonally
// adjacent, none three or more steps apart diagonally adjacent), with the row and column counts of the clues.
import { result, type TaskInstance, type VerifyResult } from '../types.js';
import { withQuestionCounts, type Cell, type SnakeState } from './state.js';

export function parseSnakeAnswer(text: string): Cell[] {
  const out: Cell[] = [];
  for (const m of text.matchAll(/\(\s*(\d{1,6})\s*,\s*(\d{1,6})\s*\)/g)) out.push([Number(m[1]), Number(m[2])]);
  return out;
}

const key = (c: Cell): string => `${c[0]},${c[1]}`;
const fmt = (c: Cell): string => `(${c[0]},${c[1]})`;

export function snakeViolation(path: Cell[], s: SnakeState): string | null {
  if (path.length < 2) return 'the snake needs at least two cells';
  if (path.length > s.rows * s.cols) return `the path lists ${path.length} cells, the grid has only ${s.rows * s.cols}`;
  const index = new Map<string, number>();
  for (let i = 0; i < path.length; i++) {
    const [r, c] = path[i];
    if (r >= s.rows || c >= s.cols) return `cell ${fmt(path[i])} is outside the ${s.rows}×${s.cols} grid`;
    if (index.has(key(path[i]))) return `cell ${fmt(path[i])} is visited twice`;
    index.set(key(path[i]), i);
    if (i > 0 && Math.abs(r - path[i - 1][0]) + Math.abs(c - path[i - 1][1]) !== 1) {
      return `step ${i}: ${fmt(path[i - 1])} → ${fmt(path[i])} is not a move to an orthogonally adjacent cell`;
    }
  }
  const ends = [key(path[0]), key(path[path.length - 1])];
  if (!(ends.includes(key(s.start)) && ends.includes(key(s.end)))) {
    return `the snake must run from S ${fmt(s.start)} to E ${fmt(s.end)}, not ${fmt(path[0])} to ${fmt(path[path.length - 1])}`;
  }
  for (let i = 0; i < path.length; i++) {
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const j = index.get(`${path[i][0] + dr},${path[i][1] + dc}`);
        if (j === undefined || j <= i) continue;
        const gap = j - i;
        if (dr === 0 || dc === 0 ? gap > 1 : gap > 2) return `the snake touches itself at ${fmt(path[i])} and ${fmt(path[j])}`;
      }
    }
  }
  const rowCount = new Array<number>(s.rows).fill(0);
  const colCount = new Array<number>(s.cols).fill(0);
  for (const [r, c] of path) {
    rowCount[r]++;
    colCount[c]++;
  }
  if (s.rowCounts) {
    for (let r = 0; r < s.rows; r++) {
      if (rowCount[r] !== s.rowCounts[r]) return `row ${r} has ${rowCount[r]} snake cells, clue is ${s.rowCounts[r]}`;
    }
  }
  if (s.colCounts) {
    for (let c = 0; c < s.cols; c++) {
      if (colCount[c] !== s.colCounts[c]) return `column ${c} has ${colCount[c]} snake cells, clue is ${s.colCounts[c]}`;
    }
  }
  return null;
}

/** The state's clue counts may live in the question text instead (withQuestionCounts); without them no check. */
export function checkSnake(parsed: SnakeState, path: Cell[], instance: TaskInstance): VerifyResult {
  const state = withQuestionCounts(parsed, instance);
  if (state.rowCounts?.length !== state.rows || state.colCounts?.length !== state.cols) {
    return result(false, 'snake: row/column counts are missing from the state and question, or do not fit the grid');
  }
  const bad = snakeViolation(path, state);
  return bad ? result(false, bad) : result(true, 'valid snake from S to E matching every count');
}

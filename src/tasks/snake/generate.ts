// Snake generator following the official level parameters: grid side 5–6, 6–7, 8–9, 10–11, 12–13; at most
// ⌊side·f⌋ turns with f = 0.5, 0.7, 1.0, 1.2, 1.4; endpoints on opposite sides (level 1, ≥ 3 apart), one on the edge
// (level 2, ≥ max(3, side/2) apart) or anywhere (levels 3–5, ≥ max(4, side/2) apart). The official A* draws a
// shortest path; ours is a random self-avoiding, non-touching walk within the same turn budget, so the snake bends
// and the counts carry information. The puzzle type needs no unique solution (any valid snake passes the verifier),
// so the reference is whatever snake our solver finds; its search is the trace.
import { BOXED_INSTRUCTION } from '../prompt.js';
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderSnake } from './render.js';
import { snakeText, solveSnake } from './solve.js';
import { snakeViolation } from './verify.js';
import type { Cell, SnakeState } from './state.js';

export const LEVEL_SIZES: Record<Level, [number, number]> = { 1: [5, 6], 2: [6, 7], 3: [8, 9], 4: [10, 11], 5: [12, 13] };
export const TURN_FACTOR: Record<Level, number> = { 1: 0.5, 2: 0.7, 3: 1.0, 4: 1.2, 5: 1.4 };

const RULES = [
  'Draw a single, non-intersecting snake path from S to E through orthogonally adjacent cells.',
  'The snake cannot touch itself, not even diagonally (only consecutive cells, and cells two apart at a corner, may touch).',
  'The numbers outside the grid give how many snake cells (S and E included) lie in each row and column.',
];

const manhattan = (a: Cell, b: Cell): number => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);

function edgeCell(n: number, side: number, rng: Rng): Cell {
  const k = rng.int(0, n - 1);
  return (
    [
      [0, k],
      [k, n - 1],
      [n - 1, k],
      [k, 0],
    ] as Cell[]
  )[side];
}

/** Endpoints by the official rules for the level. */
function endpoints(n: number, level: Level, rng: Rng): [Cell, Cell] {
  const minDist = level === 1 ? 3 : level === 2 ? Math.max(3, Math.floor(n / 2)) : Math.max(4, Math.floor(n / 2));
  for (;;) {
    let a: Cell;
    let b: Cell;
    if (level === 1) {
      const side = rng.int(0, 3);
      a = edgeCell(n, side, rng);
      b = edgeCell(n, (side + 2) % 4, rng);
    } else {
      a = level === 2 ? edgeCell(n, rng.int(0, 3), rng) : [rng.int(0, n - 1), rng.int(0, n - 1)];
      b = [rng.int(0, n - 1), rng.int(0, n - 1)];
    }
    if (manhattan(a, b) >= minDist) return rng.next() < 0.5 ? [a, b] : [b, a];
  }
}

/** A random walk S → E that keeps the snake rules and the turn budget; null when it gets stuck. */
function randomWalk(n: number, start: Cell, end: Cell, maxTurns: number, rng: Rng): Cell[] | null {
  const state: SnakeState = { rows: n, cols: n, start, end, rowCounts: null, colCounts: null };
  const path: Cell[] = [start];
  const on = new Set([`${start[0]},${start[1]}`]);
  let dir = -1;
  let turns = 0;
  const D: Cell[] = [
    [-1, 0],
    [1, 0],
    [0, -1],
    [0, 1],
  ];
  for (let steps = 0; steps < n * n; steps++) {
    const [r, c] = path[path.length - 1];
    const options: { d: number; cell: Cell; w: number }[] = [];
    for (let d = 0; d < 4; d++) {
      const cell: Cell = [r + D[d][0], c + D[d][1]];
      if (cell[0] < 0 || cell[1] < 0 || cell[0] >= n || cell[1] >= n || on.has(`${cell[0]},${cell[1]}`)) continue;
      const turn = dir >= 0 && d !== dir;
      if (turn && turns >= maxTurns) continue;
      if (snakeViolation([...path, cell], { ...state, end: cell })) continue;
      // Prefer going straight (few, long legs like the official snakes) and, mildly, towards E.
      const closer = manhattan(cell, end) < manhattan([r, c], end);
      options.push({ d, cell, w: (turn ? 1 : 4) * (closer ? 2 : 1) });
    }
    if (options.length === 0) return null;
    let x = rng.next() * options.reduce((a, o) => a + o.w, 0);
    const pick = options.find((o) => (x -= o.w) < 0) ?? options[options.length - 1];
    if (dir >= 0 && pick.d !== dir) turns++;
    dir = pick.d;
    path.push(pick.cell);
    on.add(`${pick.cell[0]},${pick.cell[1]}`);
    if (pick.cell[0] === end[0] && pick.cell[1] === end[1]) return path;
  }
  return null;
}

export function generateSnake(level: Level, rng: Rng): GeneratedInstance {
  const [lo, hi] = LEVEL_SIZES[level];
  for (let attempt = 0; attempt < 400; attempt++) {
    const n = rng.int(lo, hi);
    const maxTurns = Math.floor(n * TURN_FACTOR[level]);
    const [start, end] = endpoints(n, level, rng);
    const walk = randomWalk(n, start, end, maxTurns, rng);
    if (!walk || walk.length < manhattan(start, end) + 3) continue;
    if (snakeViolation(walk, { rows: n, cols: n, start, end, rowCounts: null, colCounts: null })) continue;
    const rowCounts = new Array<number>(n).fill(0);
    const colCounts = new Array<number>(n).fill(0);
    walk.forEach(([r, c]) => {
      rowCounts[r]++;
      colCounts[c]++;
    });
    const state: SnakeState = { rows: n, cols: n, start, end, rowCounts, colCounts };
    if (solveSnake(state, null).exhausted) continue;
    const rec = new TraceRecorder();
    const zeroRows = rowCounts.flatMap((v, i) => (v === 0 ? [i] : []));
    const zeroCols = colCounts.flatMap((v, i) => (v === 0 ? [i] : []));
    if (zeroRows.length + zeroCols.length > 0) {
      rec.note(`Rows with count 0 (${zeroRows.join(', ') || 'none'}) and columns with count 0 (${zeroCols.join(', ') || 'none'}) hold no snake cell.`);
    }
    const { path } = solveSnake(state, rec);
    if (!path) throw new Error('snake generator: solver lost the solution it found before');
    return build(level, state, path, rec, rng);
  }
  throw new Error(`snake generator: no level-${level} puzzle in 400 attempts`);
}

function build(level: Level, s: SnakeState, path: Cell[], rec: TraceRecorder, rng: Rng): GeneratedInstance {
  const n = s.rows;
  const rowCounts = s.rowCounts as number[];
  const colCounts = s.colCounts as number[];
  const answer = path.map(([r, c]) => `(${r},${c})`).join(' ');
  rec.step(`Reached E after ${path.length} cells; every row and column count is met`, { state: snakeText(s, path) });
  const grid = Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => (r === s.start[0] && c === s.start[1] ? 'S' : r === s.end[0] && c === s.end[1] ? 'E' : null)),
  );
  const counts = `Row counts: ${rowCounts.join(', ')}\nColumn counts: ${colCounts.join(', ')}`;
  const format =
    'Output the snake as the sequence of its cells from S to E, each as (r,c) with zero-based row r (from the top) and column c (from the left), separated by spaces, e.g. (0,0) (0,1) (1,1)';
  const rules = RULES.map((r, i) => `${i + 1}. ${r}`).join('\n');
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [
        `${n}x${n} grid; S at (${s.start[0]},${s.start[1]}), E at (${s.end[0]},${s.end[1]}).`,
        `Row counts (top to bottom): ${rowCounts.join(', ')}; column counts (left to right): ${colCounts.join(', ')}; ${path.length} snake cells in total.`,
      ],
      steps: rec.steps,
      validation: [
        `the snake runs from S to E through ${path.length} orthogonally adjacent cells`,
        'it never touches itself',
        'every row and column count matches',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  const head = 'Please examine the grid carefully. The grid shows a Snake puzzle.';
  return {
    instance: {
      question: `${head}\n\nRules:\n${rules}\n\nThe image shows the ${n}×${n} grid with S and E; the numbers right of each row and below each column are the counts (the plain numbers above and left of the grid are the 0-based column and row indices).\n\nOutput: ${format}\n\n${BOXED_INSTRUCTION}`,
      questionLanguage: `${head}\n\nRules:\n${rules}\n\ninitial_state (list grid, null = empty):\n${JSON.stringify(grid)}\n\nGrid size: ${n}×${n}\n${counts}\n\nOutput: ${format}\n\n${BOXED_INSTRUCTION}`,
      answer,
      initialState: { grid, row_counts: rowCounts, col_counts: colCounts },
    },
    svgs: [renderSnake(s)],
    trace,
  };
}

export const snakeGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const [lo, hi] = LEVEL_SIZES[level];
    return `${lo}x${lo} or ${hi}x${hi} grid, at most ${TURN_FACTOR[level]}·side turns, row/column counts of a random non-touching snake`;
  },
  generate: generateSnake,
};

// Sliding-puzzle generator, following the official one: a 4×4 board scrambled by random blank moves from the goal,
// its level set by the optimal solution length (official buckets: ≤3, 4–5, 6–7, 8–9, ≥10 moves; we cap level 5 at
// 16 so generation stays fast). Solver: IDA* with the Manhattan-distance bound. Each failed bound is a real dead
// end of the search and is recorded as one in the trace, followed by the solution move by move with the board.
import type { Dir } from '../common/game-moves.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderSliding } from './render.js';
import { slidingToText, type SlidingState } from './state.js';
import { blankTarget, INVERSE, manhattan, ORDER, type SlidingSolution, solveSliding } from './solve.js';

export const SLIDING_SIZE = 4;
export const SLIDING_MOVES: Record<Level, readonly [number, number]> = { 1: [1, 3], 2: [4, 5], 3: [6, 7], 4: [8, 9], 5: [10, 16] };

/** A board `walk` random blank moves away from the goal (no immediate undo). */
function scramble(n: number, walk: number, rng: Rng): SlidingState {
  const tiles = [...Array.from({ length: n * n - 1 }, (_, i) => i + 1), 0];
  let blank = n * n - 1;
  let prev: Dir | null = null;
  for (let i = 0; i < walk; i++) {
    const options = ORDER.filter((d) => blankTarget(n, blank, d) >= 0 && (prev === null || d !== INVERSE[prev]));
    const dir = rng.pick(options);
    const to = blankTarget(n, blank, dir);
    tiles[blank] = tiles[to];
    tiles[to] = 0;
    blank = to;
    prev = dir;
  }
  return { size: n, board: Array.from({ length: n }, (_, r) => tiles.slice(r * n, (r + 1) * n)) };
}

export function randomSliding(level: Level, rng: Rng): { state: SlidingState; solution: SlidingSolution } {
  const [lo, hi] = SLIDING_MOVES[level];
  for (let attempt = 0; attempt < 500; attempt++) {
    const state = scramble(SLIDING_SIZE, rng.int(lo, hi + 4), rng);
    const solution = solveSliding(state);
    if (solution && solution.moves.length >= lo && solution.moves.length <= hi) return { state, solution };
  }
  throw new Error(`randomSliding: no board with ${lo}-${hi} optimal moves in 500 draws`);
}

function boardRows(board: number[][]): string {
  return board.map((row) => row.map((t) => (t === 0 ? ' _' : String(t).padStart(2))).join(' ')).join('\n');
}

// The questions follow the official PROMPT_15PUZZLE_IMAGE / PROMPT_15PUZZLE word for word (the board is always 4x4,
// as there), so prompts read like the benchmark's; the text variant gives the board as the official str(list).
function question(s: SlidingState, variant: 'image' | 'text'): string {
  if (s.size !== 4) throw new Error(`slidingpuzzle question: the official wording describes a 4x4 board, got ${s.size}x${s.size}`);
  const state =
    variant === 'image'
      ? 'The initial_state is represented in the image shown below'
      : `The initial_state ${slidingToText(s)} represents a 4x4 grid reading from left to right, top to bottom, where 0 represents the empty space and numbers 1-15 represent the tiles.`;
  return `Your task is to solve the 15-puzzle game according to the rules and current state below:

### Game Rules:
1. The puzzle is played on a 4x4 grid with 15 numbered tiles and one empty space
2. You can only move tiles horizontally or vertically into the empty space
3. The goal is to arrange the tiles in numerical order with:
   - First row: 1, 2, 3, 4
   - Second row: 5, 6, 7, 8
   - Third row: 9, 10, 11, 12
   - Fourth row: 13, 14, 15, empty space

### Coordinate System:
- The grid positions are numbered from left to right and top to bottom
- Columns (horizontal): numbered 1, 2, 3, 4 from left to right
- Rows (vertical): numbered 1, 2, 3, 4 from top to bottom
- Each position can be identified by its row and column (row, column)

### Current Puzzle State:
${state}

### Output Format Requirements:
"up" means the tile below the empty space moves up into the empty space
"down" means the tile above the empty space moves down into the empty space
"left" means the tile to the right of the empty space moves left into the empty space
"right" means the tile to the left of the empty space moves right into the empty space

Your final answer format should be given like: up down up left right`;
}

export function generateSlidingFrom(s: SlidingState, sol: SlidingSolution, level: Level, rng: Rng): GeneratedInstance {
  const n = s.size;
  const rec = new TraceRecorder();
  for (const { bound, nodes } of sol.failedBounds) {
    rec.deadEnd(`search all lines of at most ${bound} moves`, `none reaches the goal (${nodes} positions tried), so raise the limit`);
  }
  const board = s.board.map((row) => [...row]);
  let blank = board.flat().indexOf(0);
  for (const dir of sol.moves) {
    const to = blankTarget(n, blank, dir);
    const tile = board[Math.floor(to / n)][to % n];
    board[Math.floor(blank / n)][blank % n] = tile;
    board[Math.floor(to / n)][to % n] = 0;
    rec.step(`${dir}: tile ${tile} slides into the blank at (${Math.floor(blank / n)},${blank % n})`, { state: boardRows(board) });
    blank = to;
  }
  const answer = sol.moves.join(' ');
  const compact = isCompactLevel(level);
  const trace = buildTrace(
    {
      rules: compact
        ? ['A tile next to the blank slides into it; the move names the tile direction.', `Goal: 1..${n * n - 1} in order, blank last.`]
        : [
            'Only a tile orthogonally next to the blank can move, into the blank.',
            'A move is named by the direction the tile slides.',
            `Goal: tiles 1..${n * n - 1} row by row, blank bottom-right.`,
          ],
      reading: [`Manhattan distance to the goal: ${manhattan(n, s.board.flat())}.`, `Board (_ = blank):\n${boardRows(s.board)}`],
      steps: rec.steps,
      validation: [
        `${sol.moves.length} moves, each slides a tile next to the blank.`,
        'The final board is the goal.',
        `No line of fewer moves exists (IDA* bounds tried: ${sol.failedBounds.length}).`,
      ],
      answer,
    },
    rng,
    { compact },
  );
  return {
    instance: { question: question(s, 'image'), questionLanguage: question(s, 'text'), answer, initialState: slidingToText(s) },
    svgs: [renderSliding(s)],
    trace,
  };
}

export const slidingGenerator: TaskGenerator = {
  describeLevel: (level) => `${SLIDING_SIZE}x${SLIDING_SIZE} board, optimal solution ${SLIDING_MOVES[level].join('-')} moves`,
  generate: (level, rng) => {
    const { state, solution } = randomSliding(level, rng);
    return generateSlidingFrom(state, solution, level, rng);
  },
};

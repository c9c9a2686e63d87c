// Nibbles generator, following the official one: an N×N grid (6..10 for levels 1–5) with a 2-long snake and 1..5
// apples at random. Solver: a depth-first search over the order in which apples are eaten (nearest first); each
// leg is a breadth-first search over whole snake bodies (the body moves, so cells free up as the tail passes) to
// the chosen apple, avoiding the others. A leg with no route is a dead end and the search backtracks to try
// another apple — those records are the trace. The answer need not be globally shortest; the verifier accepts any
// legal route.
import { cell, DELTA, DIRS, type Dir } from '../common/game-moves.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderNibbles } from './render.js';
import { nibblesToText, type NibblesState } from './state.js';
import { solveNibbles } from './solve.js';

export const NIBBLES_LEVELS: Record<Level, { size: number; apples: number }> = {
  1: { size: 6, apples: 1 },
  2: { size: 7, apples: 2 },
  3: { size: 8, apples: 3 },
  4: { size: 9, apples: 4 },
  5: { size: 10, apples: 5 },
};

/** A random level-sized puzzle (official placement: straight 2-long snake, apples on free cells) and its solution. */
export function randomNibbles(level: Level, rng: Rng): { state: NibblesState; moves: Dir[]; rec: TraceRecorder } {
  const { size, apples } = NIBBLES_LEVELS[level];
  for (let attempt = 0; attempt < 200; attempt++) {
    const direction = rng.pick(DIRS);
    const [dr, dc] = DELTA[direction];
    // The head is placed so that the neck (one step behind it) is on the board.
    const rows = Array.from({ length: size }, (_, i) => i).filter((r) => r - dr >= 0 && r - dr < size);
    const cols = Array.from({ length: size }, (_, i) => i).filter((c) => c - dc >= 0 && c - dc < size);
    const head: [number, number] = [rng.pick(rows), rng.pick(cols)];
    const snake: Array<[number, number]> = [head, [head[0] - dr, head[1] - dc]];
    const free: Array<[number, number]> = [];
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (!snake.some(([a, b]) => a === r && b === c)) free.push([r, c]);
    const state: NibblesState = { rows: size, cols: size, snake, direction, apples: rng.shuffle(free).slice(0, apples) };
    const rec = new TraceRecorder();
    const moves = solveNibbles(state, rec);
    if (moves) return { state, moves, rec };
  }
  throw new Error(`randomNibbles: no solvable level-${level} puzzle in 200 draws`);
}

function question(s: NibblesState, variant: 'image' | 'text'): string {
  const state =
    variant === 'image'
      ? [
          'The grid is shown in the image: the snake is green, its head is the dark green square with a white arrow showing',
          'the direction it is moving; red discs are apples. Row numbers are on the left, column numbers on top, from 0.',
        ].join('\n')
      : `The puzzle (cells are (row,col) from 0; the snake is listed head first):\n${nibblesToText(s)}`;
  return [
    `Solve this Snake game on a ${s.rows}x${s.cols} grid.`,
    '',
    'Rules:',
    '1. Each move advances the head one cell up, down, left or right; the body follows.',
    '2. Eating an apple makes the snake one segment longer.',
    '3. The snake may not leave the grid, run into any cell its body occupies, or reverse its direction.',
    '4. Goal: eat all apples.',
    '',
    state,
    '',
    'Answer format: the moves separated by spaces, e.g. up up left down',
    'The final answer MUST BE enclosed within \\boxed{}.',
  ].join('\n');
}

export function generateNibblesFrom(s: NibblesState, moves: Dir[], rec: TraceRecorder, level: Level, rng: Rng): GeneratedInstance {
  const answer = moves.join(' ');
  const compact = isCompactLevel(level);
  const apples = s.apples.map(([r, c]) => cell(r, c)).join(' ');
  const trace = buildTrace(
    {
      rules: compact
        ? ['Head moves one cell; no wall, no body cell, no reversing.', 'An apple grows the snake by 1; eat all apples.']
        : [
            'The head moves one cell per move and the body follows.',
            'Leaving the grid, hitting a cell the body occupies, or reversing is forbidden.',
            'An apple adds one segment; all apples must be eaten.',
          ],
      reading: [
        `${s.rows}x${s.cols} grid; head ${cell(...s.snake[0])} moving ${s.direction}, body ${s.snake
          .slice(1)
          .map(([r, c]) => cell(r, c))
          .join(' ')}.`,
        `Apples: ${apples}.`,
      ],
      steps: rec.steps,
      validation: [
        `${moves.length} moves, none reverses, leaves the grid or hits the body.`,
        `All ${s.apples.length} apple${s.apples.length > 1 ? 's' : ''} eaten.`,
      ],
      answer,
    },
    rng,
    { compact, maxSteps: compact ? undefined : 80 },
  );
  return {
    instance: { question: question(s, 'image'), questionLanguage: question(s, 'text'), answer, initialState: nibblesToText(s) },
    svgs: [renderNibbles(s)],
    trace,
  };
}

export const nibblesGenerator: TaskGenerator = {
  describeLevel: (level) => `${NIBBLES_LEVELS[level].size}x${NIBBLES_LEVELS[level].size} grid, ${NIBBLES_LEVELS[level].apples} apple(s), snake length 2`,
  generate: (level, rng) => {
    const { state, moves, rec } = randomNibbles(level, rng);
    return generateNibblesFrom(state, moves, rec, level, rng);
  },
};

// Sudoku generator following the official level parameters (9×9; 40/36/32/28/24 target clues for levels 1–5):
// a shuffled pattern grid, clues carved in random order while the solution stays unique (checked by our
// solver), then a traced solve for the SERG trace.
import { BOXED_INSTRUCTION } from '../prompt.js';
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderSudoku } from './render.js';
import { countSolutions, gridText, solveTraced } from './solve.js';
import { sudokuViolation } from './verify.js';
import type { SudokuGrid } from './state.js';

export const TARGET_CLUES: Record<Level, number> = { 1: 40, 2: 36, 3: 32, 4: 28, 5: 24 };

const RULES = [
  'Fill every empty cell with a digit 1-9.',
  'Each row, each column and each 3x3 box contains every digit 1-9 exactly once.',
  'The given digits stay as they are.',
];

const FORMAT =
  'Output the fully solved grid as 81 digits in row-major order (row 1 left to right, then row 2, ...), separated by ' +
  'single spaces, e.g. 5 3 4 6 7 8 9 1 2 6 7 2 ...';

/** A full valid grid: the standard pattern with rows/columns shuffled inside bands/stacks and digits permuted. */
function fullGrid(rng: Rng): SudokuGrid {
  const order = (): number[] => rng.shuffle([0, 1, 2]).flatMap((band) => rng.shuffle([0, 1, 2]).map((k) => band * 3 + k));
  const rows = order();
  const cols = order();
  const digits = rng.shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return rows.map((r) => cols.map((c) => digits[(r * 3 + Math.floor(r / 3) + c) % 9]));
}

/** Removes clues in random order while the puzzle keeps one solution, down to `target` clues (or as far as it goes). */
function carve(full: SudokuGrid, target: number, rng: Rng): SudokuGrid {
  const puzzle = full.map((row) => [...row]);
  let clues = 81;
  for (const i of rng.shuffle([...Array(81).keys()])) {
    if (clues <= target) break;
    const r = Math.floor(i / 9);
    const c = i % 9;
    const keep = puzzle[r][c];
    puzzle[r][c] = 0;
    if (countSolutions(puzzle, 2) === 1) clues--;
    else puzzle[r][c] = keep;
  }
  return puzzle;
}

function questions(puzzle: SudokuGrid): { question: string; questionLanguage: string } {
  const rules = RULES.map((r, i) => `${i + 1}. ${r}`).join('\n');
  const question = `Your task is to solve the 9x9 Sudoku puzzle shown in the image.\n\n### Rules\n${rules}\n\n### Output Format\n${FORMAT}\n\n${BOXED_INSTRUCTION}`;
  const questionLanguage =
    `Your task is to solve the 9x9 Sudoku puzzle below ('.' marks an empty cell).\n\n${gridText(puzzle)}\n\n` +
    `### Rules\n${rules}\n\n### Output Format\n${FORMAT}\n\n${BOXED_INSTRUCTION}`;
  return { question, questionLanguage };
}

export function generateSudoku(level: Level, rng: Rng): GeneratedInstance {
  const full = fullGrid(rng);
  const puzzle = carve(full, TARGET_CLUES[level], rng);
  const rec = new TraceRecorder();
  const solved = solveTraced(puzzle, rec);
  if (!solved || sudokuViolation(solved, puzzle)) throw new Error('sudoku generator: traced solver failed on a unique puzzle');
  const answer = solved.flat().join(' ');
  const givens = puzzle.flat().filter((v) => v > 0).length;
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [`The grid has ${givens} givens and ${81 - givens} empty cells (rNcM = row N, column M).`, `Grid, rows top to bottom:\n${gridText(puzzle)}`],
      steps: rec.steps,
      validation: [
        'every row holds 1-9 once',
        'every column holds 1-9 once',
        'every 3x3 box holds 1-9 once',
        `all ${givens} givens are unchanged`,
        `solution:\n${gridText(solved)}`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 12 : 40 },
  );
  return {
    instance: { ...questions(puzzle), answer, initialState: gridText(puzzle) },
    svgs: [renderSudoku(puzzle)],
    trace,
  };
}

export const sudokuGenerator: TaskGenerator = {
  describeLevel: (level) => `9x9, about ${TARGET_CLUES[level]} givens (unique solution)`,
  generate: generateSudoku,
};

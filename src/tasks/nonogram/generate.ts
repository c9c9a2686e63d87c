// Nonogram generator following the official level parameters (size = level + 2, fill probability
// max(0.15, 0.5 - 0.05·(size - 3))). Unlike the official generator it keeps only puzzles with ONE solution, checked
// by our line solver, whose real deductions, guesses and dead ends become the SERG trace.
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { emptyGrid, gridText, lines, search } from './solve.js';
import { lineClues, nonogramViolation, parseNonogramAnswer } from './verify.js';
import { renderNonogram } from './render.js';

export const sizeFor = (level: Level): number => level + 2;
export const fillProbFor = (level: Level): number => Math.max(0.15, 0.5 - (sizeFor(level) - 3) * 0.05);

const RULES = [
  'The numbers beside each row and above each column are clues: the lengths of the blocks of filled cells in that line, in order (left to right, top to bottom).',
  'Consecutive blocks are separated by at least one empty cell.',
  'Fill the grid so that every row and column clue holds.',
];

// The questions follow the official generator's word for word (the text variant's "analyze the given image" and its
// double space included), so prompts read like the benchmark's; clue lists are printed as Python's str() prints them.
const NONOGRAM_RULES = `### Game Rules
- The numbers outside each row or column are clues.
- Each number indicates a continuous block of filled cells.
- The order of the numbers matches the order of the blocks from left to right (for rows) or top to bottom (for columns).
- There must be at least one empty cell between consecutive blocks in a row or column.
- Fill the grid so that all row and column clues are satisfied simultaneously.`;

const NONOGRAM_TAIL = `### Symbols
- 'X' → Filled cell
- '.' → Empty cell

### Output Format
Output the solution as a text-based grid using 'X' and '.'.
Each line represents a row in the solved grid.
No spaces between characters.

### Example:
.X...
X..X.
..X..
X..X.
X.X..

### Task
Carefully analyze the given image of the Nonogram.
Produce the complete solved grid according to the rules.`;

const clueText = (c: number[][]): string => `[${c.map((x) => `[${x.join(', ')}]`).join(', ')}]`;

function question(rows: number[][], cols: number[][], variant: 'image' | 'text'): string {
  if (variant === 'image') return `You will be given an image of a Nonogram puzzle and your task is to solve it.\n\n${NONOGRAM_RULES}\n\n${NONOGRAM_TAIL}`;
  const n = rows.length;
  return `This is a ${n}x${n} Nonogram puzzle  and your task is to solve it.

${NONOGRAM_RULES}

### Initial State:
Row clues: ${clueText(rows)}
Column clues: ${clueText(cols)}
${NONOGRAM_TAIL}`;
}

function randomUniquePuzzle(n: number, p: number, rng: Rng): { rows: number[][]; cols: number[][] } {
  for (let attempt = 0; attempt < 500; attempt++) {
    const sol = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.next() < p));
    const filled = sol.flat().filter(Boolean).length;
    if (filled === 0 || filled === n * n) continue;
    const rows = sol.map((row) => lineClues(row));
    const cols = sol[0].map((_, c) => lineClues(sol.map((row) => row[c])));
    if (search(emptyGrid(n, n), lines(rows, cols), 2, null).length === 1) return { rows, cols };
  }
  throw new Error(`nonogram generator: no unique ${n}x${n} puzzle in 500 attempts`);
}

export function generateNonogram(level: Level, rng: Rng): GeneratedInstance {
  const n = sizeFor(level);
  const { rows, cols } = randomUniquePuzzle(n, fillProbFor(level), rng);
  const rec = new TraceRecorder();
  const [solved] = search(emptyGrid(n, n), lines(rows, cols), 1, rec);
  const answer = gridText(solved);
  const check = parseNonogramAnswer(answer, n, n);
  if (!check.ok || nonogramViolation(check.value, { rows, cols })) throw new Error('nonogram generator: solver answer breaks a clue');
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [`${n}x${n} grid; (r,c) is row r, column c, 1-based.`, `Row clues: ${clueText(rows)}.`, `Column clues: ${clueText(cols)}.`],
      steps: rec.steps,
      validation: [...rows.map((c, r) => `row ${r + 1} blocks [${c.join(',')}]`), ...cols.map((c, i) => `column ${i + 1} blocks [${c.join(',')}]`)],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: {
      question: question(rows, cols, 'image'),
      questionLanguage: question(rows, cols, 'text'),
      answer,
      initialState: [rows, cols],
    },
    svgs: [renderNonogram(rows, cols)],
    trace,
  };
}

export const nonogramGenerator: TaskGenerator = {
  describeLevel: (level) => `${sizeFor(level)}x${sizeFor(level)}, fill probability ${fillProbFor(level).toFixed(2)}, unique solution`,
  generate: generateNonogram,
};

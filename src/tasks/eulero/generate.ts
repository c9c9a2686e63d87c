// Eulero generator. The official generator maps levels 1..5 to sizes 3..7 and blanks
// min(70, max(40, 40 + (size-3)·5))% of the cells, carving while the solution stays unique. Its level 4 asks for
// a 6×6 Graeco-Latin square, which does not exist (Euler's 36 officers; Tarry 1900), so we make level 4 a 7×7 at
// the official level-4 blank rate (55%) — between level 3 (5×5, 50%) and level 5 (7×7, 60%). Squares come from
// the finite-field construction (L = a·i + j, N = b·i + j over GF(n), a ≠ b nonzero), with rows, columns,
// letters and numbers shuffled; cells are blanked in random order while our solver proves the givens still
// have exactly one completion (the official target is a cap: carving stops there).
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderEulero } from './render.js';
import { boardText, pairText, solveEulero, type Cell } from './solve.js';

export const LEVELS: Record<Level, { size: number; blankPct: number }> = {
  1: { size: 3, blankPct: 40 },
  2: { size: 4, blankPct: 45 },
  3: { size: 5, blankPct: 50 },
  4: { size: 7, blankPct: 55 }, // official: 6×6, which has no Graeco-Latin square
  5: { size: 7, blankPct: 60 },
};
const MAX_NODES = 3000;

/** GF(n) multiplication for the sizes we use: prime n by residues, n = 4 by the GF(4) table (addition = XOR). */
const GF4_MUL = [
  [0, 0, 0, 0],
  [0, 1, 2, 3],
  [0, 2, 3, 1],
  [0, 3, 1, 2],
];

function graecoLatin(n: number, rng: Rng): { l: number; d: number }[][] {
  const nonzero = rng.shuffle(Array.from({ length: n - 1 }, (_, k) => k + 1));
  const [a, b] = nonzero;
  const lin = (m: number, i: number, j: number): number => (n === 4 ? GF4_MUL[m][i] ^ j : (m * i + j) % n);
  const rows = rng.shuffle(Array.from({ length: n }, (_, k) => k));
  const cols = rng.shuffle(Array.from({ length: n }, (_, k) => k));
  const letters = rng.shuffle(Array.from({ length: n }, (_, k) => k));
  const numbers = rng.shuffle(Array.from({ length: n }, (_, k) => k + 1));
  return rows.map((i) => cols.map((j) => ({ l: letters[lin(a, i, j)], d: numbers[lin(b, i, j)] })));
}

export function makeEulero(level: Level, rng: Rng): { givens: Cell[][]; solution: { l: number; d: number }[][] } {
  const { size: n, blankPct } = LEVELS[level];
  const solution = graecoLatin(n, rng);
  const givens: Cell[][] = solution.map((row) => row.slice());
  const target = Math.floor((n * n * blankPct) / 100);
  let blanks = 0;
  for (const k of rng.shuffle(Array.from({ length: n * n }, (_, i) => i))) {
    if (blanks >= target) break;
    const [r, c] = [Math.floor(k / n), k % n];
    givens[r][c] = null;
    const res = solveEulero(givens, { limit: 2, maxNodes: MAX_NODES });
    if (!res.aborted && res.solutions.length === 1) blanks++;
    else givens[r][c] = solution[r][c];
  }
  return { givens, solution };
}

const stateText = (g: Cell[][]): string => g.map((row) => row.map((c) => (c ? pairText(c) : ' ')).join('|')).join('\n');
const answerText = (g: { l: number; d: number }[][]): string => g.map((row) => row.map(pairText).join('|')).join('\n');

const RULES = (n: number): string[] => [
  'Each cell holds a letter-number pair (like A1).',
  `Each letter A..${String.fromCharCode(64 + n)} appears exactly once in every row and every column.`,
  `Each number 1..${n} appears exactly once in every row and every column.`,
  'Each letter-number pair appears only once in the whole grid.',
  'The given pairs stay as they are.',
];

function question(n: number, state: string | null): string {
  const letters = `A..${String.fromCharCode(64 + n)}`;
  const where =
    state === null
      ? 'The puzzle is shown in the image: some cells are pre-filled with letter-number pairs (shaded), the blank cells must be filled in.'
      : `The puzzle, one row per line, cells separated by |, a blank cell is a space:\n${state}`;
  return `Your task is to solve the ${n}×${n} Eulero (Graeco-Latin square) puzzle.

### Rules:
1. Each cell contains a letter-number pair (like A1), with letters ${letters} and numbers 1..${n}.
2. Each letter appears exactly once in every row and every column.
3. Each number appears exactly once in every row and every column.
4. Each letter-number pair is unique across the entire grid.
5. Pre-filled cells cannot be changed.

### Current Puzzle State:
${where}

### Output Format:
Each row as a single line of letter-number pairs separated by | (no spaces), rows from top to bottom on separate lines (a literal \\n between rows is accepted too). For example, for 3×3:
A1|B2|C3
B3|C1|A2
C2|A3|B1

${BOXED_INSTRUCTION}`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { givens, solution } = makeEulero(level, rng);
  const n = givens.length;
  const rec = new TraceRecorder();
  const [found] = solveEulero(givens, { rec, maxNodes: MAX_NODES }).solutions;
  const filled = found.map((row) => row.map((c) => c ?? { l: 0, d: 0 }));
  const answer = answerText(filled);
  const state = stateText(givens);
  const count = givens.flat().filter(Boolean).length;
  const trace = buildTrace(
    {
      rules: RULES(n),
      reading: [
        `The grid is ${n}×${n} with ${count} given pairs and ${n * n - count} empty cells (__), cells are (row, column) from 0 at the top-left:\n${boardText(givens)}`,
      ],
      steps: rec.steps,
      validation: [
        `Every row and column holds each letter A..${String.fromCharCode(64 + n)} and each number 1..${n} once.`,
        `All ${n * n} pairs are different.`,
        `All ${count} givens are unchanged.`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 30 : 80 },
  );
  return {
    instance: { question: question(n, null), questionLanguage: question(n, state), answer: answerText(solution), initialState: state },
    svgs: [renderEulero(givens.map((row) => row.map((c) => (c ? pairText(c) : ''))))],
    trace,
  };
}

export const euleroGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = LEVELS[level];
    return `${p.size}×${p.size}, up to ${p.blankPct}% of cells blank, unique completion${level === 4 ? ' (official 6×6 has no Graeco-Latin square; 7×7 used)' : ''}`;
  },
  generate,
};

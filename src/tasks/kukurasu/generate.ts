// Kukurasu generator. Official parameters: size 3..7 for levels 1..5, each row filled with a random density in
// [0.3, 0.7], redrawn while any row or column is empty. The official generator does not check uniqueness and
// the verifier is rule-based, so several solutions are acceptable; we still prefer a unique puzzle, redrawing up
// to 30 times (the solver counts solutions) before keeping the last draw.
import { formatIntGrid } from '../common/grid.js';
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { solveKukurasu } from './solve.js';
import { weightedSums } from './verify.js';
import type { KukurasuState } from './state.js';
import { renderKukurasu } from './render.js';

const SIZE: Record<Level, number> = { 1: 3, 2: 4, 3: 5, 4: 6, 5: 7 };

const to2d = (g: number[], n: number): number[][] => Array.from({ length: n }, (_, r) => g.slice(r * n, r * n + n));

const rulesText = (n: number): string =>
  `1. The sum of the column positions (1 to ${n}) of the black cells in each row must equal the number on the right of that row.\n` +
  `2. The sum of the row positions (1 to ${n}) of the black cells in each column must equal the number below that column.`;

const FORMAT = `### Answer format:
A 2-D list of 0s and 1s, one inner list per row from top to bottom, 1 for a black cell and 0 for a white cell, e.g. [[1, 1, 0], [1, 0, 1], [0, 0, 1]]

${BOXED_INSTRUCTION}`;

function questionImage(n: number): string {
  return `This is a ${n}×${n} Kukurasu puzzle (the image shows the grid; the small grey numbers are the positions, the bold numbers on the right and at the bottom are the clues). Fill the grid with black cells according to these rules:\n${rulesText(n)}\n\n${FORMAT}`;
}

function questionText(s: KukurasuState): string {
  const rows = s.rowSums.map((v, i) => `Row ${i + 1}: ${v}`).join('\n');
  const cols = s.colSums.map((v, j) => `Column ${j + 1}: ${v}`).join('\n');
  return `This is a ${s.n}×${s.n} Kukurasu puzzle. Fill the grid with black cells according to these rules:\n${rulesText(s.n)}\n\nRow constraints (sum of column positions of black cells in each row):\n${rows}\n\nColumn constraints (sum of row positions of black cells in each column):\n${cols}\n\n${FORMAT}`;
}

export function makeKukurasu(level: Level, rng: Rng): { state: KukurasuState; solution: number[][] } {
  const n = SIZE[level];
  let solution = draw(n, rng);
  for (let attempt = 1; attempt < 30; attempt++) {
    const { rows, cols } = weightedSums(solution);
    if (solveKukurasu({ n, rowSums: rows, colSums: cols }, 2).length === 1) break;
    solution = draw(n, rng);
  }
  const { rows, cols } = weightedSums(solution);
  return { state: { n, rowSums: rows, colSums: cols }, solution };
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, solution } = makeKukurasu(level, rng);
  const n = state.n;
  const rec = new TraceRecorder();
  const [found] = solveKukurasu(state, 1, rec);
  const trace = buildTrace(
    {
      rules: [
        `A black cell in column j adds j to its row's sum; in row i it adds i to its column's sum (positions 1..${n}).`,
        'Every row sum and every column sum must equal its clue.',
      ],
      reading: [`Grid ${n}×${n}. Row clues: ${state.rowSums.join(', ')}. Column clues: ${state.colSums.join(', ')}.`],
      steps: rec.steps,
      validation: [
        `Row sums ${weightedSums(to2d(found, n)).rows.join(', ')} match the row clues.`,
        `Column sums ${weightedSums(to2d(found, n)).cols.join(', ')} match the column clues.`,
      ],
      answer: formatIntGrid(to2d(found, n)),
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  return {
    instance: {
      question: questionImage(n),
      questionLanguage: questionText(state),
      answer: formatIntGrid(solution),
      // Official records also carry the solution here; it is verifier input and never shown to a model.
      initialState: { row_sums: state.rowSums, col_sums: state.colSums, size: n, solution },
    },
    svgs: [renderKukurasu(state)],
    trace,
  };
}

export const kukurasuGenerator: TaskGenerator = {
  describeLevel: (level) => `${SIZE[level]}×${SIZE[level]}, row fill density in [0.3, 0.7] (official), unique solution preferred (up to 30 draws)`,
  generate,
};

function draw(n: number, rng: Rng): number[][] {
  for (;;) {
    const g = Array.from({ length: n }, () => {
      const p = 0.3 + rng.next() * 0.4;
      return Array.from({ length: n }, () => (rng.next() < p ? 1 : 0));
    });
    const { rows, cols } = weightedSums(g);
    if (!rows.includes(0) && !cols.includes(0)) return g;
  }
}

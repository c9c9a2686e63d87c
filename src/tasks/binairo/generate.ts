// Binairo generator. Official parameters: a 6×6 grid at every level, clue density 0.8 / 0.65 / 0.55 / 0.45 /
// 0.35 for levels 1–5 (we drop the official ±0.15 seed-dependent jitter so a level means one density). The
// official generator does not check uniqueness; we add a given where two solutions differ until one remains.
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { binGridText, solveBinairo } from './solve.js';
import { renderBinairo } from './render.js';

const SIZE = 6;
const DENSITY: Record<Level, number> = { 1: 0.8, 2: 0.65, 3: 0.55, 4: 0.45, 5: 0.35 };

const formatAnswer = (g: number[], n: number): string => binGridText(g, n);

const RULES_TEXT = (n: number): string => `## Rules:
1. Fill the grid with 0s and 1s
2. Each row and column must contain exactly ${n / 2} 0s and ${n / 2} 1s
3. No three consecutive identical digits in any row or column
4. All rows must be unique and all columns must be unique

## Coordinate System:
- Rows are numbered 1 to ${n} from top to bottom
- Columns are numbered 1 to ${n} from left to right`;

const FORMAT = `## Output Format:
Your answer must be formatted as a grid of 0s and 1s separated by spaces, with rows separated by newlines. For example:

0 1 1 0 0 1
1 0 1 0 1 0
0 1 0 1 0 1
1 0 0 1 1 0
1 0 1 0 0 1
0 1 0 1 1 0

${BOXED_INSTRUCTION}`;

function questionImage(n: number): string {
  return `# Binairo Puzzle
## Task:
The image shows a ${n}×${n} Binairo puzzle grid: blue digits are given 0s, red digits are given 1s, empty cells must be filled.

${RULES_TEXT(n)}

${FORMAT}`;
}

function questionText(givens: number[], n: number): string {
  const rows = Array.from(
    { length: n },
    (_, r) =>
      `Row ${r + 1}: ${givens
        .slice(r * n, r * n + n)
        .map((v) => (v < 0 ? '_' : String(v)))
        .join(' ')}`,
  );
  return `# Binairo Puzzle
## Task:
Solve the ${n}×${n} Binairo puzzle below. Numbers are given clues that cannot be changed; _ marks an empty cell.

${RULES_TEXT(n)}

### Current Game State:
${rows.join('\n')}

${FORMAT}`;
}

export function makeBinairo(level: Level, rng: Rng): { givens: number[]; solution: number[] } {
  const n = SIZE;
  const [solution] = solveBinairo(new Array<number>(n * n).fill(-1), n, 1, undefined, rng);
  const givens = solution.map((v) => (rng.next() < DENSITY[level] ? v : -1));
  for (;;) {
    const sols = solveBinairo(givens, n, 2);
    if (sols.length === 1) break;
    const diff = givens.map((_, i) => i).filter((i) => sols[0][i] !== sols[1][i]);
    const i = rng.pick(diff);
    givens[i] = solution[i];
  }
  return { givens, solution };
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const n = SIZE;
  const { givens, solution } = makeBinairo(level, rng);
  const rec = new TraceRecorder();
  const [found] = solveBinairo(givens, n, 1, rec);
  const clues = givens.filter((v) => v >= 0).length;
  const trace = buildTrace(
    {
      rules: [
        `Each row and column holds exactly ${n / 2} zeros and ${n / 2} ones.`,
        'No three equal digits may be adjacent in a row or column.',
        'All rows are different and all columns are different.',
        'Given digits are fixed.',
      ],
      reading: [`The ${n}×${n} grid has ${clues} given digits (R = row, C = column, both from 1):\n${binGridText(givens, n)}`],
      steps: rec.steps,
      validation: [
        `Every row and column has ${n / 2} zeros and ${n / 2} ones.`,
        'No line has three equal digits in a row.',
        'All rows and all columns are distinct.',
        `All ${clues} givens are kept.`,
      ],
      answer: formatAnswer(found, n),
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  const grid2d = (g: number[]): (number | null)[][] => Array.from({ length: n }, (_, r) => g.slice(r * n, r * n + n).map((v) => (v < 0 ? null : v)));
  return {
    instance: {
      question: questionImage(n),
      questionLanguage: questionText(givens, n),
      answer: formatAnswer(solution, n),
      initialState: grid2d(givens),
    },
    svgs: [renderBinairo(givens, n)],
    trace,
  };
}

export const binairoGenerator: TaskGenerator = {
  describeLevel: (level) => `${SIZE}×${SIZE}, clue density ${DENSITY[level]} (official), givens added until the solution is unique`,
  generate,
};

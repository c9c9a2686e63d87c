// Kakuro generator. Grid sides follow the official generator (3, 4, 5, 6, 7 for levels 1–5, clue row and column
// included). The official white-cell ratios (0.48 … 0.74) give long runs whose sums admit many fillings, and it
// never checks uniqueness; here every white cell sits in an across and a down run of ≥ 2 cells, a few interior
// cells are black (about 44–51 % white overall), and the answer is unique: while the solver finds a second
// solution we change the digit of one cell where the two differ (often to an extreme digit, whose sums have fewer
// splits), recompute the sums and check again; a layout that does not converge is replaced.
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { clueState, makeLayout, randomFill } from './layout.js';
import { renderKakuro } from './render.js';
import { boardText, runName, solveKakuro, toPuzzle } from './solve.js';
import type { KakuroState } from './state.js';

const LEVELS: Record<Level, { size: number; blacks: number }> = {
  1: { size: 3, blacks: 0 },
  2: { size: 4, blacks: 2 },
  3: { size: 5, blacks: 5 },
  4: { size: 6, blacks: 7 },
  5: { size: 7, blacks: 10 },
};
const REPAIRS = 200;

/** A puzzle with exactly one solution, and that solution as a digit grid (0 on black cells). */
export function makeKakuro(level: Level, rng: Rng): { state: KakuroState; digits: number[][] } {
  const p = LEVELS[level];
  for (let attempt = 0; attempt < 100; attempt++) {
    const white = makeLayout(p.size, p.blacks, rng);
    const digits = randomFill(white, rng);
    if (!digits) continue;
    for (let it = 0; it < REPAIRS; it++) {
      const state = clueState(white, digits);
      const puzzle = toPuzzle(state);
      const { solutions, complete } = solveKakuro(puzzle, 2);
      if (!complete) break;
      if (solutions.length === 1) return { state, digits };
      const other = solutions.find((sol) => sol.some((v, i) => v !== digits[puzzle.cells[i][0]][puzzle.cells[i][1]])) as number[];
      const [r, c] = rng.pick(puzzle.cells.filter(([rr, cc], i) => other[i] !== digits[rr][cc]));
      const taken = new Set<number>();
      for (const [dr, dc] of [
        [0, 1],
        [0, -1],
        [1, 0],
        [-1, 0],
      ]) {
        for (let rr = r + dr, cc = c + dc; white[rr]?.[cc]; rr += dr, cc += dc) taken.add(digits[rr][cc]);
      }
      const opts = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((v) => !taken.has(v) && v !== digits[r][c]);
      if (opts.length === 0) continue;
      digits[r][c] = rng.next() < 0.5 ? opts[rng.next() < 0.5 ? 0 : opts.length - 1] : rng.pick(opts);
    }
  }
  throw new Error(`kakuro level ${level}: no unique puzzle after 100 layouts`);
}

export const formatKakuroAnswer = (digits: number[][]): string =>
  digits.flatMap((row, r) => row.flatMap((v, c) => (v > 0 ? [`(${r},${c}):${v}`] : []))).join(' ');

/** Text grid in the official style: black cells `[down\right]` (sums right-aligned in two places), white `[    ]`. */
function asciiGrid(g: KakuroState): string {
  const pad = (v: number | undefined): string => (v === undefined ? '  ' : String(v).padStart(2));
  return g.map((row) => row.map((k) => (k.white ? '[    ]' : `[${pad(k.down)}\\${pad(k.right)}]`)).join('')).join('\n');
}

// The questions follow the official generator's word for word (the image question is its fixed text, the text
// question its `_generate_text_prompt`), so prompts read like the benchmark's. One fix: the official text rules 4-5
// put the down sum ABOVE the diagonal, against its own image question and the [down\right] grid it prints; here
// they say below, as our picture draws it.
const QUESTION_IMAGE = `Your task is to solve the Kakuro puzzle from the given image by filling white cells with appropriate digits.

### Game Rules:
1. The puzzle is a grid where black cells contain clue numbers and white cells need to be filled with digits 1-9.
2. In black cells, numbers below the diagonal are 'down' clues, and numbers above are 'right' clues.
3. Each clue indicates the sum of consecutive white cells in that direction.
4. Digits in each run cannot repeat.

### Coordinate System:
- The grid coordinates start at (0,0) in the top-left corner
- Rows increase downward and columns increase to the right

### Output Format:
Provide your answer as a space-separated list of coordinate-value pairs in the format: (row,column):value

Example: (0,2):5 (0,7):7 ...`;

function questionText(g: KakuroState): string {
  const clues: string[] = [];
  g.forEach((row, r) =>
    row.forEach((k, c) => {
      const parts = [k.right === undefined ? '' : `horizontal run with sum ${k.right}`, k.down === undefined ? '' : `vertical run with sum ${k.down}`].filter(
        Boolean,
      );
      if (parts.length > 0) clues.push(`Black cell at (${r},${c}): ${parts.join(', ')}`);
    }),
  );
  const whites = g.flatMap((row, r) => row.flatMap((k, c) => (k.white ? [`(${r},${c})`] : [])));
  return `# Kakuro Puzzle

## Grid Representation
Below is a text representation of the Kakuro grid:
- Black cells show clues as [down\\right]
- White cells are shown as [    ] and need to be filled

## Initial State
${asciiGrid(g)}
## Clues
${clues.join('\n')}

## White Cells to Fill
The following cells need to be filled with digits 1-9:
${whites.join(', ')}

## Game Rules
1. Each white cell must contain a digit from 1 to 9.
2. Digits in the same row or column run cannot repeat.
3. The sum of digits in each run must equal the clue number shown in the black cell.
4. A clue number below the diagonal line refers to a vertical run (down).
5. A clue number above the diagonal line refers to a horizontal run (right).

## Output Format
Provide your answer as a space-separated list of coordinate-value pairs in the format:
'(row,column):value', e.g., '(0,2):5 (0,7):7 ...'
- Coordinates start at (0,0) in the top-left corner
- Rows increase downward, columns increase to the right
- List all white cells in your answer
## Example:
(0,2):5 (0,7):7`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, digits } = makeKakuro(level, rng);
  const puzzle = toPuzzle(state);
  const rec = new TraceRecorder();
  const { solutions } = solveKakuro(puzzle, 1, rec);
  const found = state.map((row) => row.map(() => 0));
  puzzle.cells.forEach(([r, c], i) => (found[r][c] = solutions[0][i]));
  const answer = formatKakuroAnswer(found);
  const trace = buildTrace(
    {
      rules: [
        'Every white cell gets a digit 1..9.',
        'Each run of white cells adds up to its clue (across sums are to the right of a clue cell, down sums below it).',
        'No digit repeats inside a run.',
      ],
      reading: [
        `The board is ${state.length}×${state.length} (# = clue cell, _ = white cell to fill), ${puzzle.cells.length} white cells:\n${boardText(
          puzzle,
          puzzle.cells.map(() => 0),
        )}`,
        `Runs: ${puzzle.runs.map((run) => runName(run)).join('; ')}.`,
      ],
      steps: rec.steps,
      validation: [`All ${puzzle.cells.length} white cells hold a digit 1..9.`, `All ${puzzle.runs.length} runs reach their sums.`, 'No run repeats a digit.'],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  return {
    instance: {
      question: QUESTION_IMAGE,
      questionLanguage: questionText(state),
      answer: formatKakuroAnswer(digits),
      initialState: state.map((row) =>
        row.map((k) =>
          k.white
            ? { type: 'white' }
            : { type: 'black', ...(k.right === undefined ? {} : { right: k.right }), ...(k.down === undefined ? {} : { down: k.down }) },
        ),
      ),
    },
    svgs: [renderKakuro(state)],
    trace,
  };
}

export const kakuroGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = LEVELS[level];
    return `${p.size}×${p.size} incl. clue row/column, ≤${p.blacks} interior black cells, runs ≥ 2 cells, unique solution`;
  },
  generate,
};

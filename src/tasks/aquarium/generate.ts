// Aquarium generator. Level parameters follow the official generator: an n×n grid with n = 4..8 for levels 1–5,
// tanks grown by floor(n²·merge_ratio) random merges of neighbouring cells (merge_ratio = 0.3 + 0.05·(n−4)), and
// each tank filled to a random level. The official generator does not check uniqueness; since a unique answer is
// what makes the row/column clues a fair puzzle, we draw new tanks and levels until the solver finds exactly one
// solution (the official parameters are kept; only unlucky draws are discarded).
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { buildModel, solveAquarium } from './solve.js';
import type { AquariumState } from './state.js';
import { renderAquarium } from './render.js';

const SIZE: Record<Level, number> = { 1: 4, 2: 5, 3: 6, 4: 7, 5: 8 };
const mergeRatio = (n: number): number => 0.3 + (n - 4) * 0.05;

/** The official region growth: random merges of a cell's tank with a neighbour's, ids renumbered 0.. in reading order. */
export function makeRegions(n: number, rng: Rng): number[][] {
  const g = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => r * n + c));
  for (let k = Math.floor(n * n * mergeRatio(n)); k > 0; k--) {
    const r = rng.int(0, n - 1);
    const c = rng.int(0, n - 1);
    const dirs = [
      [-1, 0],
      [1, 0],
      [0, -1],
      [0, 1],
    ].filter(([dr, dc]) => r + dr >= 0 && r + dr < n && c + dc >= 0 && c + dc < n);
    const [dr, dc] = rng.pick(dirs);
    const from = g[r + dr][c + dc];
    const to = g[r][c];
    if (from !== to) for (const row of g) for (let j = 0; j < n; j++) if (row[j] === from) row[j] = to;
  }
  const ids = new Map<number, number>();
  return g.map((row) => row.map((v) => ids.get(v) ?? (ids.set(v, ids.size), ids.size - 1)));
}

export function makeAquarium(level: Level, rng: Rng): { state: AquariumState; wet: boolean[][] } {
  const n = SIZE[level];
  for (let attempt = 0; attempt < 500; attempt++) {
    const regions = makeRegions(n, rng);
    const count = Math.max(...regions.flat()) + 1;
    // Official: level 0..n counted from the bottom row; cell wet when its height from the bottom is below it.
    const levels = Array.from({ length: count }, () => rng.int(0, n));
    const wet = regions.map((row, r) => row.map((id) => n - 1 - r < levels[id]));
    const state: AquariumState = {
      rows: n,
      cols: n,
      regions,
      rowClues: wet.map((row) => row.filter(Boolean).length),
      colClues: Array.from({ length: n }, (_, c) => wet.filter((row) => row[c]).length),
    };
    const { solutions, complete } = solveAquarium(buildModel(state), 2);
    if (complete && solutions.length === 1) return { state, wet };
  }
  throw new Error(`aquarium level ${level}: no unique puzzle in 500 draws`);
}

export const formatAquariumAnswer = (wet: boolean[][]): string => `[${wet.flatMap((row, r) => row.flatMap((w, c) => (w ? [`(${c}, ${r})`] : []))).join(', ')}]`;

// The questions follow the official generator's `_create_question_text` / `_create_question_language` word for
// word, so prompts read like the benchmark's. (Our image also prints small blue row and column indices beside the
// bold clue numbers, which the official wording does not mention.)
const RULES = `### Game Rules:
1. Each region must be filled to a uniform water level (from bottom up).
2. Water cannot float — if a cell is filled, the cell directly below it (if any, in same region) must also be filled.
3. The numbers outside the grid indicate how many cells are filled with water in each row and column.`;

const INTRO =
  'The grid is divided into multiple aquariums (regions). Your task is to determine which cells are filled with water based on the following rules:';
const COORDINATES = `### Coordinate system:
(x, y) where (0, 0) is the top-left cell. x increases to the right, y increases downward.`;
const LIST_FORMAT = `Please list all the cells that are filled with water in the format:
[(x1, y1), (x2, y2), ...]

Example:
[(0, 4), (1, 4), (1, 3), (2, 3)]`;

const QUESTION_IMAGE = `${INTRO}

${RULES}
4. Regions are separated by thick black lines in the grid. Cells within the same region (enclosed by thick lines) must follow the same water level rule. Cells separated by thinner lines are still in the same region.

${COORDINATES}

### Answer Format:
${LIST_FORMAT}

Please read the image carefully and provide the answer in the format above.`;

function questionText(s: AquariumState): string {
  return `${INTRO}

${RULES}
4. Cells with the same number belong to the same region in the region layout representation.

### Region layout:
${s.regions.map((row, r) => `Row ${r}: ${row.join(' ')}`).join('\n')}

Row clues: [${s.rowClues.join(', ')}]
Column clues: [${s.colClues.join(', ')}]

${COORDINATES}

${LIST_FORMAT}`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, wet } = makeAquarium(level, rng);
  const model = buildModel(state);
  const rec = new TraceRecorder();
  const [found] = solveAquarium(model, 1, rec).solutions;
  const answer = formatAquariumAnswer(found);
  const trace = buildTrace(
    {
      rules: [
        'Each tank is filled to one level: its wet cells are exactly those at or below one row.',
        'A tank may be empty or full.',
        'Row and column clues count the wet cells.',
      ],
      reading: [
        `The grid is ${state.rows}×${state.cols} with ${model.tanks.length} tanks (cell = tank number):\n${state.regions.map((row) => row.join(' ')).join('\n')}`,
        `Row clues top to bottom: ${state.rowClues.join(', ')}; column clues left to right: ${state.colClues.join(', ')}.`,
        "I decide each tank's level; in the grids below ~ is water, . is dry, ? is a tank not settled yet.",
      ],
      steps: rec.steps,
      validation: [
        `Row counts ${state.rowClues.join(', ')} match.`,
        `Column counts ${state.colClues.join(', ')} match.`,
        'Every tank is wet exactly from one row down, with no floating water.',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  return {
    instance: {
      question: QUESTION_IMAGE,
      questionLanguage: questionText(state),
      answer: formatAquariumAnswer(wet),
      initialState: { regions: state.regions, row_clues: state.rowClues, col_clues: state.colClues, grid_size: [state.rows, state.cols] },
    },
    svgs: [renderAquarium(state)],
    trace,
  };
}

export const aquariumGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const n = SIZE[level];
    return `${n}×${n}, ${Math.floor(n * n * mergeRatio(n))} random tank merges (merge ratio ${mergeRatio(n).toFixed(2)}), random water levels, unique solution`;
  },
  generate,
};

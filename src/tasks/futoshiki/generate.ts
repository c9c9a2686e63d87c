// Futoshiki generator. Level parameters follow the official generator (size 3..7, retain_ratio of givens,
// inequality_prob per neighbouring pair); the solution is a random Latin square (common/latin-search.ts). The official generator does not check uniqueness; we do: while the
// solver finds two solutions we add, as a given, a cell on which they differ — so every level keeps its
// official density as a floor and gets exactly one solution.
import { formatIntGrid } from '../common/grid.js';
import { domText, randomLatinSquare } from '../common/latin-search.js';
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderFutoshiki } from './render.js';
import { solveFutoshiki } from './solve.js';
import type { FutoshikiState, Inequality } from './state.js';

const LEVELS: Record<Level, { size: number; retain: number; ineqProb: number }> = {
  1: { size: 3, retain: 0.5, ineqProb: 0.2 },
  2: { size: 4, retain: 0.4, ineqProb: 0.25 },
  3: { size: 5, retain: 0.35, ineqProb: 0.3 },
  4: { size: 6, retain: 0.25, ineqProb: 0.35 },
  5: { size: 7, retain: 0.2, ineqProb: 0.4 },
};

/** Search nodes a solve may take; far above what any level needs (a 7×7 with its givens settles in a few hundred). */
const MAX_NODES = 200_000;

const rules = (n: number): string[] => [
  `Fill each cell with a number from 1 to ${n}.`,
  'Each number appears exactly once in every row and every column.',
  "Every inequality sign between two neighbouring cells must hold ('<' points to the smaller cell).",
  'Numbers already in the grid are fixed.',
];

function questionImage(n: number): string {
  return `You are given an image of a ${n}×${n} Futoshiki puzzle. Recognise the grid, the given numbers and the inequality signs between neighbouring cells, then solve the puzzle.

### Game Rules:
1. Fill each cell with a number from 1 to ${n}.
2. Each number must appear exactly once in each row and each column.
3. Every inequality sign between two cells must be satisfied: a horizontal sign compares left and right cells, a vertical sign (∧ or ∨) compares the cells above and below; the sign opens towards the larger number.
4. Given numbers (shaded cells) cannot be changed.

### Answer format:
The solution as a 2-D list of integers, one inner list per row from top to bottom, e.g. for 3×3: [[1, 2, 3], [2, 3, 1], [3, 1, 2]]

${BOXED_INSTRUCTION}`;
}

function questionText(s: FutoshikiState): string {
  const grid = s.grid.map((row) => row.map((v) => (v ? String(v) : '_')).join(' ')).join('\n');
  const ineq = s.inequalities
    .map((q, i) => `${i + 1}. Cell (${q.a[0]},${q.a[1]}) ${q.op} Cell (${q.b[0]},${q.b[1]}) (${q.a[0] === q.b[0] ? 'horizontal' : 'vertical'})`)
    .join('\n');
  return `You are given a ${s.n}×${s.n} Futoshiki puzzle. Cells are (row, column), 0-based from the top-left.

### Game Rules:
1. Fill each cell with a number from 1 to ${s.n}.
2. Each number must appear exactly once in each row and each column.
3. Every inequality between two cells must be satisfied.
4. Given numbers cannot be changed.

### Initial State:
Grid (_ for empty cells):
${grid}

### Inequality constraints:
${ineq || '(none)'}

### Answer format:
The solution as a 2-D list of integers, one inner list per row from top to bottom, e.g. for 3×3: [[1, 2, 3], [2, 3, 1], [3, 1, 2]]

${BOXED_INSTRUCTION}`;
}

export function makeFutoshiki(level: Level, rng: Rng): { state: FutoshikiState; solution: number[][] } {
  const p = LEVELS[level];
  const n = p.size;
  const solution = randomLatinSquare(n, rng);
  const inequalities: Inequality[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      for (const [dr, dc] of [
        [0, 1],
        [1, 0],
      ]) {
        if (r + dr >= n || c + dc >= n || rng.next() >= p.ineqProb) continue;
        inequalities.push({ a: [r, c], b: [r + dr, c + dc], op: solution[r][c] < solution[r + dr][c + dc] ? '<' : '>' });
      }
    }
  }
  const cells = rng.shuffle(Array.from({ length: n * n }, (_, i) => i));
  const grid = solution.map((row) => row.map(() => 0));
  for (const i of cells.slice(0, Math.max(1, Math.floor(n * n * p.retain)))) grid[Math.floor(i / n)][i % n] = solution[Math.floor(i / n)][i % n];
  const state: FutoshikiState = { n, grid, inequalities };
  for (;;) {
    const res = solveFutoshiki(state, { limit: 2, maxNodes: MAX_NODES });
    if (res.aborted) throw new Error(`futoshiki generator: uniqueness search exceeded ${MAX_NODES} nodes`);
    const sols = res.solutions;
    if (sols.length === 1) break;
    const diff = cells.filter((i) => sols[0][Math.floor(i / n)][i % n] !== sols[1][Math.floor(i / n)][i % n]);
    const i = rng.pick(diff);
    grid[Math.floor(i / n)][i % n] = solution[Math.floor(i / n)][i % n];
  }
  return { state, solution };
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, solution } = makeFutoshiki(level, rng);
  const rec = new TraceRecorder();
  const [found] = solveFutoshiki(state, { rec, maxNodes: MAX_NODES }).solutions;
  const answer = formatIntGrid(found);
  const givens = state.grid.flat().filter((v) => v > 0).length;
  const trace = buildTrace(
    {
      rules: rules(state.n),
      reading: [
        `The grid is ${state.n}×${state.n} with ${givens} given numbers:\n${domText(
          state.grid.flat().map((v) => (v ? 1 << (v - 1) : 0)),
          state.n,
        )}`,
        `Inequalities: ${state.inequalities.map((q) => `(${q.a[0]},${q.a[1]}) ${q.op} (${q.b[0]},${q.b[1]})`).join(', ') || 'none'}.`,
      ],
      steps: rec.steps,
      validation: [
        `Every row and every column holds 1..${state.n} once.`,
        `All ${givens} givens are unchanged.`,
        `All ${state.inequalities.length} inequalities hold.`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  return {
    instance: {
      question: questionImage(state.n),
      questionLanguage: questionText(state),
      answer: formatIntGrid(solution),
      initialState: {
        grid: state.grid,
        inequalities: state.inequalities.map((q) => ({ cell1: q.a, cell2: q.b, symbol: q.op })),
        size: state.n,
      },
    },
    svgs: [renderFutoshiki(state)],
    trace,
  };
}

export const futoshikiGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = LEVELS[level];
    return `${p.size}×${p.size}, ≥${Math.round(p.retain * 100)}% givens, inequality on each neighbour pair with p=${p.ineqProb}, unique solution`;
  },
  generate,
};

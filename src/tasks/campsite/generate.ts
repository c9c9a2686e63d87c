// Campsite generator. Level parameters follow the official generator: an n×n grid with n = level + 3, tent count
// 3, 3, 4, 4, 5 (its _calculate_tent_count), and between max(tents, 3) and min(2·tents, n²/2) trees, each tent
// beside a tree (extra trees are allowed, as officially). We build it the other way round — non-touching tents
// first, a tree beside each, then the extra trees — and, unlike the official generator, keep only layouts whose
// row/column counts have exactly one solution (checked by the solver; rejected draws are simply redrawn).
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { campText, solveCampsite } from './solve.js';
import type { CampsiteState } from './state.js';
import { renderCampsite } from './render.js';

const size = (level: Level): number => level + 3;
/** The official _calculate_tent_count. */
export const tentCount = (n: number): number => (n <= 4 ? Math.max(2, n - 1) : n <= 6 ? Math.max(3, n - 2) : Math.max(4, n - 3));

export function makeCampsite(level: Level, rng: Rng): { state: CampsiteState; tents: number[] } {
  const n = size(level);
  for (let attempt = 0; attempt < 2000; attempt++) {
    const d = draw(n, rng);
    if (!d) continue;
    const rowCounts = Array.from({ length: n }, (_, r) => d.tents.filter((i) => Math.floor(i / n) === r).length);
    const colCounts = Array.from({ length: n }, (_, c) => d.tents.filter((i) => i % n === c).length);
    const state: CampsiteState = { rows: n, cols: n, trees: d.trees, rowCounts, colCounts };
    const { solutions, complete } = solveCampsite(state, 2);
    if (complete && solutions.length === 1) return { state, tents: d.tents };
  }
  throw new Error(`campsite level ${level}: no unique puzzle in 2000 draws`);
}

export const formatCampsiteAnswer = (tents: number[], n: number): string => `[${tents.map((i) => `[${Math.floor(i / n) + 1}, ${(i % n) + 1}]`).join(', ')}]`;

const RULES = `### Game Rules:
1. Place tents on empty cells; each tent must be orthogonally adjacent (up, down, left or right) to at least one tree.
2. No two tents may touch, not even diagonally.
3. The number of tents in each row and each column must match the given counts.
4. There may be more trees than tents.`;

const FORMAT = `### Coordinate System:
[row, column] pairs, 1-based: the top-left cell is [1, 1].

### Answer Format:
A list of all tent positions, e.g. [[1, 3], [3, 1], [4, 3]]

${BOXED_INSTRUCTION}`;

function questionImage(n: number): string {
  return `Solve the ${n}×${n} Campsite puzzle in the image by placing tents next to the trees (green). The bold numbers above the columns and left of the rows are the tent counts; the small blue numbers are 1-based column and row indices.

${RULES}

${FORMAT}`;
}

function questionText(s: CampsiteState): string {
  const rows = s.trees.map((row, r) => `Row ${r + 1}: ${row.map((t) => (t ? 'T' : 'X')).join(' ')}`).join('\n');
  return `Solve this ${s.rows}×${s.cols} Campsite puzzle by placing tents next to trees. In the grid, T is a tree and X an empty cell.

${RULES}

### Grid:
${rows}

Row tent counts (rows 1..${s.rows}, top to bottom): [${s.rowCounts.join(', ')}]
Column tent counts (columns 1..${s.cols}, left to right): [${s.colCounts.join(', ')}]

${FORMAT}`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, tents } = makeCampsite(level, rng);
  const n = state.rows;
  const rec = new TraceRecorder();
  const [found] = solveCampsite(state, 1, rec).solutions;
  const answer = formatCampsiteAnswer(found, n);
  const total = tents.length;
  const trace = buildTrace(
    {
      rules: ['Each tent is orthogonally next to a tree.', 'Tents never touch, not even diagonally.', 'Row and column tent counts must match.'],
      reading: [
        `The grid is ${n}×${n} with ${state.trees.flat().filter(Boolean).length} trees; cells next to a tree are the only candidates (? = open, T = tree, . = impossible, A = tent):\n${campText(state, initialGrid(state))}`,
        `Row counts top to bottom: ${state.rowCounts.join(', ')}; column counts left to right: ${state.colCounts.join(', ')} (${total} tents in all).`,
      ],
      steps: rec.steps,
      validation: [
        `${total} tents, row counts ${state.rowCounts.join(', ')} and column counts ${state.colCounts.join(', ')} match.`,
        'Every tent has a tree above, below, left or right of it.',
        'No two tents touch.',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  return {
    instance: {
      question: questionImage(n),
      questionLanguage: questionText(state),
      answer: formatCampsiteAnswer(tents, n),
      initialState: {
        input_grid: state.trees.map((row) => row.map((t) => (t ? 'T' : 'X'))),
        row_constraints: state.rowCounts,
        col_constraints: state.colCounts,
      },
    },
    svgs: [renderCampsite(state)],
    trace,
  };
}

/** The solver's starting view, for the trace's reading section. */
function initialGrid(s: CampsiteState): number[] {
  const g: number[] = [];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const near = [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ].some(([dr, dc]) => s.trees[r + dr]?.[c + dc] === true);
      g.push(!s.trees[r][c] && near ? 0 : 2);
    }
  }
  return g;
}

export const campsiteGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const n = size(level);
    const k = tentCount(n);
    return `${n}×${n}, ${k} tents, ${Math.max(k, 3)}..${Math.min(2 * k, Math.floor((n * n) / 2))} trees (official), unique solution`;
  },
  generate,
};

function draw(n: number, rng: Rng): { trees: boolean[][]; tents: number[] } | null {
  const k = tentCount(n);
  const treeTarget = rng.int(Math.max(k, 3), Math.min(2 * k, Math.floor((n * n) / 2)));
  const trees = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const tent = new Set<number>();
  const touches = (r: number, c: number): boolean => {
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) if (tent.has((r + dr) * n + c + dc) && r + dr >= 0 && c + dc >= 0 && r + dr < n && c + dc < n) return true;
    return false;
  };
  for (const i of rng.shuffle(Array.from({ length: n * n }, (_, j) => j))) {
    if (tent.size === k) break;
    const [r, c] = [Math.floor(i / n), i % n];
    if (trees[r][c] || touches(r, c)) continue;
    const spots = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]
      .map(([dr, dc]) => [r + dr, c + dc])
      .filter(([a, b]) => a >= 0 && b >= 0 && a < n && b < n && !tent.has(a * n + b));
    if (spots.length === 0) continue;
    // A tent needs a tree beside it; reuse one that is already there when possible.
    if (!spots.some(([a, b]) => trees[a][b])) {
      const [a, b] = rng.pick(spots);
      trees[a][b] = true;
    }
    tent.add(i);
  }
  if (tent.size < k) return null;
  let count = trees.flat().filter(Boolean).length;
  for (const i of rng.shuffle(Array.from({ length: n * n }, (_, j) => j))) {
    if (count >= treeTarget) break;
    const [r, c] = [Math.floor(i / n), i % n];
    if (trees[r][c] || tent.has(i)) continue;
    trees[r][c] = true;
    count++;
  }
  return { trees, tents: [...tent].sort((a, b) => a - b) };
}

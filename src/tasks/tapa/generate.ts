// Tapa generator following the official level parameters: an n×n grid with n = 3..7 for levels 1..5, black-cell
// ratio 0.25/0.30/0.35/0.40/0.45, and single-number clues (one group of black neighbours), starting from a random
// subset of the official size (between min and max clues for the level). The official uniqueness check is only a
// clue count; ours runs the solver and, while it finds a second solution, adds the clue of a white cell that the
// second solution contradicts (so larger grids carry more clues than the official maximum). The black cells are
// grown as one random 4-connected region that never closes a 2×2 block.
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { solveTapa, tapaText, type Cell } from './solve.js';
import { clueGroups } from './verify.js';
import type { TapaState } from './state.js';
import { renderTapa } from './render.js';

export const sizeFor = (level: Level): number => level + 2;
export const BLACK_RATIO: Record<Level, number> = { 1: 0.25, 2: 0.3, 3: 0.35, 4: 0.4, 5: 0.45 };

/** Official clue-count range per level: [max(a, n²/p), max(b, n²/q)]. */
export function clueRange(level: Level): [number, number] {
  const n2 = sizeFor(level) ** 2;
  const table: Record<Level, [number, number, number, number]> = {
    1: [3, 30, 5, 20],
    2: [4, 25, 7, 18],
    3: [5, 22, 8, 15],
    4: [6, 20, 10, 12],
    5: [7, 18, 12, 10],
  };
  const [a, p, b, q] = table[level];
  return [Math.max(a, Math.floor(n2 / p)), Math.max(b, Math.floor(n2 / q))];
}

const RULES = [
  'All black cells must form a single orthogonally connected group.',
  'There cannot be any 2x2 block of black cells.',
  'Clue cells are never black. A clue gives the size of the connected group of black cells among the 8 cells around it (orthogonal and diagonal neighbours); 0 means none of them is black.',
];

/** A random connected black region of `count` cells with no 2×2 block. */
function growRegion(n: number, count: number, rng: Rng): boolean[][] {
  const g = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  g[rng.int(0, n - 1)][rng.int(0, n - 1)] = true;
  const closesBlock = (r: number, c: number): boolean =>
    [
      [-1, -1],
      [-1, 0],
      [0, -1],
      [0, 0],
    ].some(([dr, dc]) => {
      const cells = [
        [r + dr, c + dc],
        [r + dr, c + dc + 1],
        [r + dr + 1, c + dc],
        [r + dr + 1, c + dc + 1],
      ];
      return cells.every(([a, b]) => a >= 0 && b >= 0 && a < n && b < n && (g[a][b] || (a === r && b === c)));
    });
  for (let placed = 1; placed < count; placed++) {
    const options: [number, number][] = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (g[r][c]) continue;
        const touches = [
          [r - 1, c],
          [r + 1, c],
          [r, c - 1],
          [r, c + 1],
        ].some(([a, b]) => g[a]?.[b]);
        if (touches && !closesBlock(r, c)) options.push([r, c]);
      }
    }
    if (options.length === 0) break;
    const [r, c] = rng.pick(options);
    g[r][c] = true;
  }
  return g;
}

function puzzle(level: Level, rng: Rng): { state: TapaState; black: boolean[][] } | null {
  const n = sizeFor(level);
  const black = growRegion(n, Math.max(2, Math.floor(n * n * BLACK_RATIO[level])), rng);
  const blackSet = new Set<string>();
  black.forEach((row, r) => row.forEach((b, c) => b && blackSet.add(`${r},${c}`)));
  // Clue candidates: white cells whose black neighbours form at most one group (the official single-number clues).
  const clueOf = new Map<string, number[]>();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (black[r][c]) continue;
      const groups = clueGroups(blackSet, r, c);
      if (groups.length <= 1) clueOf.set(`${r},${c}`, groups.length === 0 ? [0] : groups);
    }
  }
  const nonzero = [...clueOf.keys()].filter((k) => (clueOf.get(k) as number[])[0] > 0);
  const [lo, hi] = clueRange(level);
  if (nonzero.length < Math.min(lo, 3)) return null;
  const clues = new Map<string, number[]>();
  for (const k of rng.shuffle(nonzero).slice(0, rng.int(Math.min(lo, nonzero.length), Math.min(hi, nonzero.length)))) clues.set(k, clueOf.get(k) as number[]);
  const state: TapaState = { rows: n, cols: n, clues };
  for (let round = 0; round < n * n; round++) {
    const res = solveTapa(state, 2, null);
    if (res.exhausted) return null;
    if (res.solutions.length === 1) return { state, black };
    const other = res.solutions.find((g) => g.some((row, r) => row.some((v, c) => (v === 1) !== black[r][c]))) as Cell[][];
    const otherBlack = new Set<string>();
    other.forEach((row, r) => row.forEach((v, c) => v === 1 && otherBlack.add(`${r},${c}`)));
    // A new clue must rule the other solution out: it is black there, or its neighbourhood groups differ.
    const fixes = [...clueOf.keys()].filter((k) => {
      if (clues.has(k)) return false;
      const [r, c] = k.split(',').map(Number);
      return otherBlack.has(k) || clueGroups(otherBlack, r, c).join(',') !== clueGroups(blackSet, r, c).join(',');
    });
    if (fixes.length === 0) return null;
    const preferred = fixes.filter((k) => (clueOf.get(k) as number[])[0] > 0);
    const k = rng.pick(preferred.length > 0 ? preferred : fixes);
    clues.set(k, clueOf.get(k) as number[]);
  }
  return null;
}

export function generateTapa(level: Level, rng: Rng): GeneratedInstance {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = puzzle(level, rng);
    if (!p) continue;
    const rec = new TraceRecorder();
    const { solutions } = solveTapa(p.state, 1, rec);
    return build(level, p.state, solutions[0], rec, rng);
  }
  throw new Error(`tapa generator: no unique level-${level} puzzle in 50 attempts`);
}

// The questions follow the official generator's word for word, so prompts read like the benchmark's: its image
// question is the one line (no rules), its text question `_generate_text_based_question`, which lists the clues
// (in its key order, "r,c" strings sorted, the same as numeric order on these at most 7x7 grids) and, as there,
// gives the output format twice.
const TAPA_FORMAT = `### Output Format
- List only the coordinates of cells that should be colored black
- Use the format (row,column) for each coordinate
- Separate multiple coordinates with commas
- For example: (0,1), (1,2), (2,0), (2,1)`;

function questionText(s: TapaState): string {
  const clues = [...s.clues]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => {
      // The official wording knows single-number clues only (and so does our generator).
      if (v.length !== 1) throw new Error(`tapa question: clue at (${k}) has ${v.length} numbers; expected one`);
      return `- Cell (${k}) has clue '${v[0]}': exactly ${v[0]} connected black cells in surrounding 8 cells`;
    });
  return `Please look at the displayed Tapa puzzle grid. The numbers in the cells are clues indicating the lengths of connected groups of black cells surrounding that clue.

### Task
Your task is to fill in the white grid with black cells according to the following rules.

### Game Rules
1. **All black cells must form a single connected group**: This means that all the black cells on the grid must be connected in one continuous region, without any isolated black cells.
2. **There cannot be any 2x2 block of black cells**: A 2x2 block of black cells is not allowed anywhere on the grid. This means that no four black cells can form a square.
3. **Clue cells**: (Clue cells itself cannot be filled with black cells) Each number in a clue cell indicates the length of a connected group of black cells surrounding that clue. The "surrounding" refers to the 8 neighboring cells that are orthogonally and diagonally adjacent to the clue (i.e., the cells that are directly adjacent horizontally, vertically, or diagonally to the clue).
    - For example, a clue "3" means that exactly three black cells must be placed among the 8 surrounding cells, and these three black cells must form a single connected group.
    - Each clue cell contains only a single number representing one connected group of black cells.
4. **Grid size**: The grid is a ${s.rows}x${s.cols} matrix of cells. Each row and column will contain a mix of black (B) and white (W) cells.

### Coordinate System
The grid uses a coordinate system where (0,0) is the top-left corner, the first number represents the row (increasing downward), and the second number represents the column (increasing rightward).

${TAPA_FORMAT}

### Tapa Puzzle Grid:
${clues.join('\n')}

${TAPA_FORMAT}`;
}

function build(level: Level, s: TapaState, sol: Cell[][], rec: TraceRecorder, rng: Rng): GeneratedInstance {
  const n = s.rows;
  const cells: string[] = [];
  sol.forEach((row, r) => row.forEach((v, c) => v === 1 && cells.push(`(${r},${c})`)));
  const answer = cells.join(', ');
  rec.step('Every cell is decided and the black cells are connected', { state: tapaText(sol, s) });
  const rows = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => String((s.clues.get(`${r},${c}`) ?? ['.'])[0])).join(''));
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [
        `${n}x${n} grid with ${s.clues.size} clues; (r,c) is row r, column c, 0-based.`,
        `Grid ('.' = undecided cell, digit = clue):\n${rows.join('\n')}`,
      ],
      steps: rec.steps,
      validation: [
        `the ${cells.length} black cells are orthogonally connected`,
        'no 2x2 block is all black',
        'every clue sees exactly its group of black neighbours',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: {
      question: `Please solve this ${n}x${n} Tapa puzzle.`,
      questionLanguage: questionText(s),
      answer,
      initialState: rows.join('\n'),
    },
    svgs: [renderTapa(s)],
    trace,
  };
}

export const tapaGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const [lo, hi] = clueRange(level);
    return `${sizeFor(level)}x${sizeFor(level)} grid, black ratio ${BLACK_RATIO[level]}, ${lo}-${hi} single-number clues plus any needed for a unique solution`;
  },
  generate: generateTapa,
};

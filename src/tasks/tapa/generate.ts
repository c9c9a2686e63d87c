// Tapa generator following the official level parameters: an n×n grid with n = 3..7 for levels 1..5, black-cell
// ratio 0.25/0.30/0.35/0.40/0.45, and single-number clues (one group of black neighbours), starting from a random
// subset of the official size (between min and max clues for the level). The official uniqueness check is only a
// clue count; ours runs the solver and, while it finds a second solution, adds the clue of a white cell that the
// second solution contradicts (so larger grids carry more clues than the official maximum). The black cells are
// grown as one random 4-connected region that never closes a 2×2 block.
import { BOXED_INSTRUCTION } from '../prompt.js';
import { CANVAS, PALETTE, STROKE, grid, svgDoc, textPath } from '../render/index.js';
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { solveTapa, tapaText, type Cell } from './solve.js';
import { clueGroups, type TapaState } from './verify.js';

export const sizeFor = (level: Level): number => level + 2;
export const BLACK_RATIO: Record<Level, number> = { 1: 0.25, 2: 0.3, 3: 0.35, 4: 0.4, 5: 0.45 };

/** Official clue-count range per level: [max(a, n²/p), max(b, n²/q)]. */
export function clueRange(level: Level): [number, number] {
  const n2 = sizeFor(level) ** 2;
  const table: Record<Level, [number, number, number, number]> = { 1: [3, 30, 5, 20], 2: [4, 25, 7, 18], 3: [5, 22, 8, 15], 4: [6, 20, 10, 12], 5: [7, 18, 12, 10] };
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
    [[-1, -1], [-1, 0], [0, -1], [0, 0]].some(([dr, dc]) => {
      const cells = [[r + dr, c + dc], [r + dr, c + dc + 1], [r + dr + 1, c + dc], [r + dr + 1, c + dc + 1]];
      return cells.every(([a, b]) => a >= 0 && b >= 0 && a < n && b < n && (g[a][b] || (a === r && b === c)));
    });
  for (let placed = 1; placed < count; placed++) {
    const options: [number, number][] = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (g[r][c]) continue;
        const touches = [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]].some(([a, b]) => g[a]?.[b]);
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

export function renderTapa(s: TapaState): string {
  const margin = 14;
  const cell = (CANVAS - 2 * margin) / Math.max(s.rows, s.cols);
  const body: string[] = [grid(margin, margin, s.rows, s.cols, cell, { width: STROKE.normal, outerWidth: STROKE.heavy })];
  for (const [k, v] of s.clues) {
    const [r, c] = k.split(',').map(Number);
    body.push(textPath(v.join(' '), margin + (c + 0.5) * cell, margin + (r + 0.5) * cell, Math.min(cell * 0.5, 56), { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.ink }));
  }
  return svgDoc(CANVAS, CANVAS, body);
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

function build(level: Level, s: TapaState, sol: Cell[][], rec: TraceRecorder, rng: Rng): GeneratedInstance {
  const n = s.rows;
  const cells: string[] = [];
  sol.forEach((row, r) => row.forEach((v, c) => v === 1 && cells.push(`(${r},${c})`)));
  const answer = cells.join(', ');
  rec.step('Every cell is decided and the black cells are connected', { state: tapaText(sol, s) });
  const rows = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => String((s.clues.get(`${r},${c}`) ?? ['.'])[0])).join(''));
  const clueList = [...s.clues].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, v]) => `(${k}): ${v.join(' ')}`);
  const rules = RULES.map((r, i) => `${i + 1}. ${r}`).join('\n');
  const coords = 'The grid uses (row,column) coordinates with (0,0) at the top-left; rows increase downward, columns rightward.';
  const format = 'List only the coordinates of the black cells as (row,column), separated by commas, e.g. (0,1), (1,2), (2,0), (2,1)';
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [`${n}x${n} grid with ${s.clues.size} clues; (r,c) is row r, column c, 0-based.`, `Grid ('.' = undecided cell, digit = clue):\n${rows.join('\n')}`],
      steps: rec.steps,
      validation: [`the ${cells.length} black cells are orthogonally connected`, 'no 2x2 block is all black', 'every clue sees exactly its group of black neighbours'],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  const head = `Please solve this ${n}x${n} Tapa puzzle: fill some cells black according to the rules.\n\n### Game Rules\n${rules}\n\n### Coordinate System\n${coords}`;
  return {
    instance: {
      question: `${head}\n\nThe grid and its clues are shown in the image.\n\n### Output Format\n${format}\n\n${BOXED_INSTRUCTION}`,
      questionLanguage: `${head}\n\n### Tapa Puzzle Grid ('.' = empty cell, digit = clue)\n${rows.join('\n')}\n\nClues: ${clueList.join('; ')}\n\n### Output Format\n${format}\n\n${BOXED_INSTRUCTION}`,
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

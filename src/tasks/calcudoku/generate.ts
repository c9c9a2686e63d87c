// Calcudoku generator. Level parameters follow the official generator: grid size 3, 4, 5, 6, 8 for levels 1..5;
// cages grown from random cells to 2..min(4, n) cells, leftover single cells joined to a neighbouring cage; each
// cage gets a random operator that its solution values make (+ always, × when the product is below 100, − and ÷
// for two cells, ÷ only when exact; a one-cell cage is "v+"). The official generator never checks uniqueness;
// we do: while our solver finds two solutions, a cell on which they differ is split off as a one-cell cage (a
// given) and the rest of its cage re-labelled, so every instance has exactly one solution.
import { formatIntGrid } from '../common/grid.js';
import { randomLatinSquare } from '../common/latin-search.js';
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderCalcudoku } from './render.js';
import { cageLabel, solveCalcudoku } from './solve.js';
import type { Cage, CageOp, CalcudokuState } from './state.js';

export const SIZES: Record<Level, number> = { 1: 3, 2: 4, 3: 5, 4: 6, 5: 8 };
const MAX_NODES = 200;

type Cell = [number, number]; // 0-based while generating

const NEIGHBOURS: Cell[] = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
];

/** Random connected regions as the official generator grows them. */
function regions(n: number, rng: Rng): Cell[][] {
  const owner = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
  const out: Cell[][] = [];
  const free = (r: number, c: number): boolean => r >= 0 && c >= 0 && r < n && c < n && owner[r][c] < 0;
  for (const k of rng.shuffle(Array.from({ length: n * n }, (_, i) => i))) {
    const start: Cell = [Math.floor(k / n), k % n];
    if (!free(...start)) continue;
    const region: Cell[] = [start];
    owner[start[0]][start[1]] = out.length;
    const size = rng.int(2, Math.min(4, n));
    while (region.length < size) {
      const options = region.flatMap(([r, c]) => NEIGHBOURS.map(([dr, dc]): Cell => [r + dr, c + dc])).filter(([r, c]) => free(r, c));
      if (options.length === 0) break;
      const [r, c] = rng.pick(options);
      owner[r][c] = out.length;
      region.push([r, c]);
    }
    out.push(region);
  }
  // A one-cell region joins a neighbouring region of size ≥ 2 when there is one (official behaviour).
  for (let i = 0; i < out.length; i++) {
    if (out[i].length !== 1) continue;
    const [r, c] = out[i][0];
    const host = NEIGHBOURS.map(([dr, dc]) => (r + dr >= 0 && c + dc >= 0 && r + dr < n && c + dc < n ? owner[r + dr][c + dc] : -1)).find(
      (j) => j >= 0 && j !== i && out[j].length >= 2,
    );
    if (host === undefined) continue;
    out[host].push([r, c]);
    owner[r][c] = host;
    out[i] = [];
  }
  return out.filter((reg) => reg.length > 0);
}

function labelCage(cells: Cell[], g: number[][], rng: Rng): Cage {
  const vals = cells.map(([r, c]) => g[r][c]);
  const oneBased = cells.map(([r, c]): [number, number] => [r + 1, c + 1]);
  if (vals.length === 1) return { cells: oneBased, op: '+', target: vals[0] };
  const options: [CageOp, number][] = [['+', vals.reduce((a, b) => a + b, 0)]];
  const product = vals.reduce((a, b) => a * b, 1);
  if (product < 100) options.push(['*', product]);
  if (vals.length === 2) {
    const [hi, lo] = vals[0] >= vals[1] ? vals : [vals[1], vals[0]];
    options.push(['-', hi - lo]);
    if (hi % lo === 0) options.push(['/', hi / lo]);
  }
  const [op, target] = rng.pick(options);
  return { cells: oneBased, op, target };
}

/** Connected components of `cells` (4-neighbourhood). */
function components(cells: Cell[]): Cell[][] {
  const left = new Set(cells.map(([r, c]) => `${r},${c}`));
  const out: Cell[][] = [];
  for (const cell of cells) {
    if (!left.delete(`${cell[0]},${cell[1]}`)) continue;
    const comp: Cell[] = [cell];
    for (let k = 0; k < comp.length; k++) {
      for (const [dr, dc] of NEIGHBOURS) {
        const key = `${comp[k][0] + dr},${comp[k][1] + dc}`;
        if (left.delete(key)) comp.push([comp[k][0] + dr, comp[k][1] + dc]);
      }
    }
    out.push(comp);
  }
  return out;
}

export function makeCalcudoku(level: Level, rng: Rng): { state: CalcudokuState; solution: number[][] } {
  const n = SIZES[level];
  const solution = randomLatinSquare(n, rng);
  let cages = regions(n, rng).map((reg) => labelCage(reg, solution, rng));
  for (;;) {
    const state: CalcudokuState = { n, cages };
    const res = solveCalcudoku(state, { limit: 2, maxNodes: MAX_NODES });
    if (!res.aborted && res.solutions.length === 1) return { state, solution };
    // Split off a cell the two solutions disagree on (any cell of a multi-cell cage when the budget ran out).
    const multi = cages.flatMap((cage) => cage.cells.filter(() => cage.cells.length > 1));
    const differ = res.solutions.length === 2 ? multi.filter(([r, c]) => res.solutions[0][r - 1][c - 1] !== res.solutions[1][r - 1][c - 1]) : [];
    const [r, c] = rng.pick(differ.length > 0 ? differ : multi);
    const host = cages.find((cage) => cage.cells.some(([a, b]) => a === r && b === c));
    if (!host) throw new Error(`calcudoku generator: cell (${r},${c}) has no cage`);
    const rest = host.cells.filter(([a, b]) => a !== r || b !== c).map(([a, b]): Cell => [a - 1, b - 1]);
    cages = [
      ...cages.filter((cage) => cage !== host),
      labelCage([[r - 1, c - 1]], solution, rng),
      ...components(rest).map((comp) => labelCage(comp, solution, rng)),
    ];
  }
}

const RULES = (n: number): string[] => [
  `Fill each cell with a number from 1 to ${n}; each number appears exactly once in every row and every column.`,
  'The numbers in each cage (outlined region) combine with the cage operator to give its target: + sum, × product, − difference and ÷ quotient of its two cells (larger first); a one-cell cage simply holds its target.',
];

const FORMAT =
  'The solution as a 2-D list of integers, one inner list per row from top to bottom, e.g. for 4×4: [[1, 2, 3, 4], [4, 3, 2, 1], [2, 1, 4, 3], [3, 4, 1, 2]]';

function question(s: CalcudokuState, withState: boolean): string {
  const intro = `This is a ${s.n}x${s.n} Calcudoku puzzle. Each row and column must contain the numbers 1 to ${s.n} exactly once.
The grid is divided into regions (cages), each with a target number and an operation (+, -, ×, ÷); the numbers in a region combine with its operation to give the target. For - and ÷ the larger number comes first; a one-cell region holds its target.`;
  const where = withState
    ? `Regions, with cells as (row, column), 1-based from the top-left:\n${s.cages.map((c) => `Region at ${c.cells.map(([r, k]) => `(${r},${k})`).join(', ')}: ${cageLabel(c)}`).join('\n')}`
    : 'The grid is shown in the image: heavy lines outline the regions, and the label in the corner of each region gives its target and operation.';
  return `${intro}\n\n${where}\n\n### Answer format:\n${FORMAT}\n\n${BOXED_INSTRUCTION}`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, solution } = makeCalcudoku(level, rng);
  const rec = new TraceRecorder();
  const [found] = solveCalcudoku(state, { rec, maxNodes: MAX_NODES }).solutions;
  const answer = formatIntGrid(found);
  const trace = buildTrace(
    {
      rules: RULES(state.n),
      reading: [
        `The grid is ${state.n}×${state.n}; cells are (row, column), 0-based from the top-left in my working.`,
        `Cages: ${state.cages.map((c) => `${cageLabel(c)} on ${c.cells.map(([r, k]) => `(${r - 1},${k - 1})`).join(' ')}`).join('; ')}.`,
      ],
      steps: rec.steps,
      validation: [
        `Every row and every column holds 1..${state.n} once.`,
        `All ${state.cages.length} cages reach their targets.`,
        `Solution:\n${found.map((row) => row.join(' ')).join('\n')}`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 30 : 90 },
  );
  const initialState = {
    size: state.n,
    regions: state.cages.map((c) => ({ cells: c.cells, operator: c.op === '/' ? '÷' : c.op, target: c.target })),
  };
  return {
    instance: { question: question(state, false), questionLanguage: question(state, true), answer: formatIntGrid(solution), initialState },
    svgs: [renderCalcudoku(state)],
    trace,
  };
}

export const calcudokuGenerator: TaskGenerator = {
  describeLevel: (level) =>
    `${SIZES[level]}×${SIZES[level]}, random cages of 2-${Math.min(4, SIZES[level])} cells with + × − ÷, split until the solution is unique`,
  generate,
};

// Numbrix generator following the official level parameters: an n×n grid with n = 4..8 for levels 1..5, a
// Hamiltonian path numbered 1..n², and 55% of the cells removed, keeping 1, n² and every ⌈n²/10⌉-th number as
// clues as the official generator does. The official uniqueness check is a heuristic; ours runs the solver and,
// while it finds a second solution, reveals the intended number of a cell where the two solutions differ (so a few
// puzzles keep a little more than 45%). The trace is the solver's real placement order with its dead ends.
import { BOXED_INSTRUCTION } from '../prompt.js';
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { numbrixText, solveNumbrix, type Grid } from './solve.js';
import { renderNumbrix } from './render.js';

export const sizeFor = (level: Level): number => level + 3;
export const REMOVE_PERCENT = 55;

type Cell = [number, number];

/** A random Hamiltonian path: a boustrophedon shuffled by backbite moves (each keeps it Hamiltonian). */
export function randomHamiltonianPath(n: number, rng: Rng): Cell[] {
  let path: Cell[] = [];
  for (let r = 0; r < n; r++) for (let i = 0; i < n; i++) path.push([r, r % 2 === 0 ? i : n - 1 - i]);
  const index = (p: Cell[]): Int32Array => {
    const out = new Int32Array(n * n);
    p.forEach(([r, c], i) => (out[r * n + c] = i));
    return out;
  };
  for (let move = 0; move < 12 * n * n; move++) {
    if (rng.next() < 0.5) path.reverse();
    const last = path.length - 1;
    const [r, c] = path[last];
    const nbs = (
      [
        [r - 1, c],
        [r + 1, c],
        [r, c - 1],
        [r, c + 1],
      ] as Cell[]
    ).filter(([a, b]) => a >= 0 && b >= 0 && a < n && b < n);
    const [vr, vc] = rng.pick(nbs);
    const j = index(path)[vr * n + vc];
    if (j === last - 1) continue;
    // The end joins its neighbour at j; the piece after j is reversed so the path stays one chain.
    path = [...path.slice(0, j + 1), ...path.slice(j + 1).reverse()];
  }
  return path;
}

function makeGivens(n: number, sol: Grid, rng: Rng): Grid {
  const total = n * n;
  const keep = new Set<number>([1, total]);
  const gap = Math.max(2, Math.floor(total / 10));
  for (let v = 1; v <= total; v += gap) keep.add(v);
  const want = total - Math.floor((total * REMOVE_PERCENT) / 100);
  const rest = rng.shuffle([...Array(total).keys()].map((i) => i + 1).filter((v) => !keep.has(v)));
  for (const v of rest) {
    if (keep.size >= want) break;
    keep.add(v);
  }
  return sol.map((row) => row.map((v) => (keep.has(v) ? v : 0)));
}

const RULES = [
  'Fill every empty cell so that the numbers 1 to N (N = the number of cells) each appear exactly once.',
  'Consecutive numbers must be orthogonally adjacent (left, right, up or down; never diagonal), so 1..N form one continuous path.',
  'The given numbers stay where they are.',
];

export function generateNumbrix(level: Level, rng: Rng): GeneratedInstance {
  const n = sizeFor(level);
  for (let attempt = 0; attempt < 20; attempt++) {
    const path = randomHamiltonianPath(n, rng);
    const sol: Grid = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    path.forEach(([r, c], i) => (sol[r][c] = i + 1));
    const givens = makeGivens(n, sol, rng);
    let unique = false;
    for (let extra = 0; extra < n * n && !unique; extra++) {
      const res = solveNumbrix(givens, 2, null);
      if (res.exhausted) break;
      if (res.solutions.length === 1) unique = true;
      else {
        // Reveal one cell where the second solution disagrees with the intended one.
        const other = res.solutions.find((s) => s.some((row, r) => row.some((v, c) => v !== sol[r][c]))) as Grid;
        const diff: Cell[] = [];
        other.forEach((row, r) => row.forEach((v, c) => v !== sol[r][c] && diff.push([r, c])));
        const [r, c] = rng.pick(diff);
        givens[r][c] = sol[r][c];
      }
    }
    if (!unique) continue;
    const rec = new TraceRecorder();
    const { solutions } = solveNumbrix(givens, 1, rec);
    return build(level, givens, solutions[0], rec, rng);
  }
  throw new Error(`numbrix generator: no unique ${n}x${n} puzzle in 20 attempts`);
}

function build(level: Level, givens: Grid, sol: Grid, rec: TraceRecorder, rng: Rng): GeneratedInstance {
  const n = givens.length;
  const answer = numbrixText(sol);
  const state = numbrixText(givens);
  const count = givens.flat().filter((v) => v > 0).length;
  rec.step(`${n * n} reached: every number from 1 to ${n * n} is placed`, { state: answer });
  const rules = RULES.map((r, i) => `${i + 1}. ${r}`).join('\n');
  const example = '|1|2|3|\n|6|5|4|\n|7|8|9|';
  const format = `Give the completed grid, one row per line, each cell's number between bars, like this 3x3 example:\n${example}`;
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [`${n}x${n} grid, so N = ${n * n}; ${count} numbers are given; (r,c) is row r, column c, 0-based.`, `Grid (blank = empty):\n${state}`],
      steps: rec.steps,
      validation: [`every number 1..${n * n} appears once`, 'each pair k, k+1 is orthogonally adjacent', 'all given numbers are kept'],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  const head = `Your task is to solve the Numbrix puzzle on this ${n}x${n} grid.\n\n### Game Rules:\n${rules}`;
  return {
    instance: {
      question: `${head}\n\n### Current Numbrix State:\nThe current state is shown in the image (shaded cells hold the given numbers).\n\n### Output Format:\n${format}\n\n${BOXED_INSTRUCTION}`,
      questionLanguage: `${head}\n\n### Current Numbrix State (blank = empty cell):\n${state}\n\n### Output Format:\n${format}\n\n${BOXED_INSTRUCTION}`,
      answer,
      initialState: state,
    },
    svgs: [renderNumbrix(givens)],
    trace,
  };
}

export const numbrixGenerator: TaskGenerator = {
  describeLevel: (level) => `${sizeFor(level)}x${sizeFor(level)} grid, ${REMOVE_PERCENT}% of the cells removed, unique solution`,
  generate: generateNumbrix,
};

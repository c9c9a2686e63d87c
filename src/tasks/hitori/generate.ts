// Hitori generator. Level parameters follow the official generator: grid size 4..8 for levels 1..5, numbers
// from a random Latin square, a shading of non-touching cells that keeps the white cells connected, and each
// shaded cell's number replaced by one of the white numbers of its row or column so that it must go. The
// official shading targets (30% + 5% per size step) are more than non-touching, connected shadings usually
// allow, so its loop stops at whatever fits; we shade a maximal such set, which is also what uniqueness needs
// (otherwise one more cell could be shaded). The official generator never checks uniqueness; our solver does,
// counting every shading the verifier would accept, and the numbers (then the shading) are redrawn until there
// is exactly one.
import { randomLatinSquare } from '../common/latin-search.js';
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderHitori } from './render.js';
import { hitoriText, solveHitori } from './solve.js';
import type { HitoriState } from './state.js';
import { isConnected } from '../common/grid.js';

export const SIZES: Record<Level, number> = { 1: 4, 2: 5, 3: 6, 4: 7, 5: 8 };
const MAX_NODES = 400;
const VALUE_TRIES = 6;
const MAX_TRIES = 400;

function maximalShading(n: number, rng: Rng): Set<string> {
  const shaded = new Set<string>();
  const whites = (): Set<string> => {
    const w = new Set<string>();
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (!shaded.has(`${r},${c}`)) w.add(`${r},${c}`);
    return w;
  };
  for (const k of rng.shuffle(Array.from({ length: n * n }, (_, i) => i))) {
    const [r, c] = [Math.floor(k / n), k % n];
    if ([`${r - 1},${c}`, `${r + 1},${c}`, `${r},${c - 1}`, `${r},${c + 1}`].some((key) => shaded.has(key))) continue;
    shaded.add(`${r},${c}`);
    if (!isConnected(whites())) shaded.delete(`${r},${c}`);
  }
  return shaded;
}

/** Numbers for the shading: whites keep the Latin square's (so they never repeat); shaded cells copy a white. */
function numbers(latin: number[][], shaded: Set<string>, rng: Rng): number[][] {
  const n = latin.length;
  const white = (r: number, c: number): boolean => !shaded.has(`${r},${c}`);
  return latin.map((row, r) =>
    row.map((v, c) => {
      if (white(r, c)) return v;
      const inRow = row.filter((_, k) => white(r, k));
      const inCol = latin.map((x) => x[c]).filter((_, k) => white(k, c));
      // A number repeated in both its row and its column pins the cell harder, so prefer those.
      const both = inRow.filter((x) => inCol.includes(x));
      return rng.pick(both.length > 0 ? both : [...inRow, ...inCol].length > 0 ? [...inRow, ...inCol] : Array.from({ length: n }, (_, k) => k + 1));
    }),
  );
}

export function makeHitori(level: Level, rng: Rng): { state: HitoriState; shaded: [number, number][] } {
  const n = SIZES[level];
  for (let t = 0; t < MAX_TRIES; t++) {
    const latin = randomLatinSquare(n, rng);
    const shaded = maximalShading(n, rng);
    for (let k = 0; k < VALUE_TRIES; k++) {
      const state: HitoriState = { n, grid: numbers(latin, shaded, rng) };
      const res = solveHitori(state, { limit: 2, maxNodes: MAX_NODES });
      if (!res.aborted && res.solutions.length === 1) return { state, shaded: res.solutions[0] };
    }
  }
  throw new Error(`hitori generator: no uniquely solvable ${n}×${n} grid in ${MAX_TRIES} draws`);
}

export const formatShaded = (cells: [number, number][]): string => `{${cells.map(([r, c]) => `(${r}, ${c})`).join(', ')}}`;

const RULES = [
  'In each row and each column, the numbers in unshaded cells must be unique.',
  'Shaded cells cannot be adjacent horizontally or vertically.',
  'All unshaded cells form a single orthogonally connected region.',
];

function question(s: HitoriState, withState: boolean): string {
  const where = withState ? `### Initial State:\n${s.grid.map((row) => row.join(' ')).join('\n')}\n\n` : '';
  const src = withState ? 'the Hitori puzzle grid below' : 'an image of a Hitori puzzle grid';
  return `You are given ${src} (${s.n}×${s.n}). Shade some cells so that the rules hold.

### Puzzle Rules:
${RULES.map((r, i) => `${i + 1}. ${r}`).join('\n')}

### Coordinate System:
- Coordinates are (row, column); (0, 0) is the top-left cell; indexing is zero-based.

${where}### Output Format:
The set of shaded cell coordinates, e.g. {(0, 1), (2, 3), (4, 2)}

${BOXED_INSTRUCTION}`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const { state, shaded } = makeHitori(level, rng);
  const rec = new TraceRecorder();
  const [found] = solveHitori(state, { rec, maxNodes: MAX_NODES }).solutions;
  const answer = formatShaded(found);
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [
        `The grid is ${state.n}×${state.n}; cells are (row, column) from (0, 0) at the top-left. In my working # marks a shaded cell and v? an undecided one.`,
        `Numbers:\n${hitoriText(state)}`,
      ],
      steps: rec.steps,
      validation: [
        'No number repeats among the unshaded cells of any row or column.',
        `None of the ${found.length} shaded cells touch each other.`,
        'The unshaded cells form one connected region.',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: isCompactLevel(level) ? 30 : 90 },
  );
  return {
    instance: { question: question(state, false), questionLanguage: question(state, true), answer: formatShaded(shaded), initialState: state.grid },
    svgs: [renderHitori(state)],
    trace,
  };
}

export const hitoriGenerator: TaskGenerator = {
  describeLevel: (level) => `${SIZES[level]}×${SIZES[level]}, maximal non-touching shading with connected whites, unique solution`,
  generate,
};

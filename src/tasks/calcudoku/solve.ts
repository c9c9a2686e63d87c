// Calcudoku solver: the shared Latin candidate search (common/latin-search.ts) plus cage narrowing. For each
// cage the fillings that fit the current candidates, reach the target under the operator and repeat no value
// within a row or column of the cage are enumerated once, then filtered by the candidates at each search node;
// a value no surviving filling puts in a cell is removed there — the "which
// combinations make 12+ in three cells" reasoning a person does, recorded for the trace.
import { bitValues, solveLatin, type Dom, type LatinResult, type Narrow } from '../common/latin-search.js';
import type { TraceRecorder } from '../trace.js';
import type { Cage, CalcudokuState } from './state.js';

export const OP_SIGN = { '+': '+', '-': '-', '*': '×', '/': '÷' } as const;
export const cageLabel = (c: Cage): string => `${c.target}${OP_SIGN[c.op]}`;

interface FlatCage {
  cells: number[];
  /** For each cell k, earlier cells j < k that share its row or column (they must differ). */
  clash: number[][];
  cage: Cage;
  name: string;
}

function flatten(s: CalcudokuState): FlatCage[] {
  return s.cages.map((cage) => {
    const cells = cage.cells.map(([r, c]) => (r - 1) * s.n + (c - 1));
    const clash = cells.map((a, k) => cells.slice(0, k).flatMap((b, j) => (Math.floor(a / s.n) === Math.floor(b / s.n) || a % s.n === b % s.n ? [j] : [])));
    const [r, c] = cage.cells[0];
    return { cells, clash, cage, name: `cage ${cageLabel(cage)} at (${r - 1},${c - 1})` };
  });
}

/**
 * Every filling of the cage by values 1..n (as single-bit masks per cell) that reaches the target and repeats no
 * value within a row or column. Computed once per puzzle; the search then only filters these by candidates.
 */
function fillings(f: FlatCage, n: number): number[][] {
  const k = f.cells.length;
  const { op, target } = f.cage;
  const out: number[][] = [];
  const vals = new Array<number>(k).fill(0);
  const done = (): boolean => {
    if (op === '+') return vals.reduce((a, b) => a + b, 0) === target;
    if (op === '*') return vals.reduce((a, b) => a * b, 1) === target;
    if (k === 1) return vals[0] === target;
    if (k > 2) return false; // '-' and '÷' only apply to two cells (as the verifier rules)
    const [hi, lo] = vals[0] >= vals[1] ? vals : [vals[1], vals[0]];
    return op === '-' ? hi - lo === target : hi === lo * target;
  };
  const rec = (idx: number, acc: number): void => {
    if (idx === k) {
      if (done()) out.push(vals.map((v) => 1 << (v - 1)));
      return;
    }
    for (let v = 1; v <= n; v++) {
      if (f.clash[idx].some((j) => vals[j] === v)) continue;
      if (op === '+' && acc + v + (k - idx - 1) > target) break; // later values only overshoot more
      if (op === '*' && target % (acc * v) !== 0) continue;
      vals[idx] = v;
      rec(idx + 1, op === '+' ? acc + v : op === '*' ? acc * v : 0);
    }
    vals[idx] = 0;
  };
  rec(0, op === '*' ? 1 : 0);
  return out;
}

/**
 * Per cage, the fillings still alive (they only shrink down a search branch, so each node filters its parent's),
 * and the sum of the cage's candidate masks when last filtered: masks only lose bits, so an unchanged sum means
 * unchanged candidates and the cage can be skipped.
 */
interface Alive {
  lists: number[][][];
  seen: number[];
}

function narrowCages(cages: FlatCage[], dom: Dom, narrow: Narrow, alive: Alive): string | null {
  for (let c = 0; c < cages.length; c++) {
    const f = cages[c];
    const k = f.cells.length;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += dom[f.cells[j]];
    if (sum === alive.seen[c]) continue;
    const union = new Array<number>(k).fill(0);
    const kept: number[][] = [];
    for (const t of alive.lists[c]) {
      let fits = true;
      for (let j = 0; j < k && fits; j++) fits = (dom[f.cells[j]] & t[j]) !== 0;
      if (!fits) continue;
      kept.push(t);
      for (let j = 0; j < k; j++) union[j] |= t[j];
    }
    alive.lists[c] = kept;
    if (kept.length === 0) return `no filling of ${f.name} fits its candidates`;
    for (let j = 0; j < k; j++) {
      const i = f.cells[j];
      if ((dom[i] & union[j]) === dom[i]) continue;
      const allowed = dom[i] & union[j];
      narrow(i, union[j], () => `${f.name} can only be made with {${bitValues(allowed).join(',')}} here`);
    }
    sum = 0;
    for (let j = 0; j < k; j++) sum += dom[f.cells[j]];
    alive.seen[c] = sum;
  }
  return null;
}

export function solveCalcudoku(s: CalcudokuState, o: { limit?: number; rec?: TraceRecorder; maxNodes?: number } = {}): LatinResult {
  const cages = flatten(s);
  const all = cages.map((f) => fillings(f, s.n));
  return solveLatin(
    {
      n: s.n,
      initial: new Array<number>(s.n * s.n).fill((1 << s.n) - 1),
      propagate: (dom, narrow, aux) => narrowCages(cages, dom, narrow, aux as Alive),
      initAux: (): Alive => ({ lists: all.slice(), seen: all.map(() => -1) }),
      copyAux: (aux) => ({ lists: (aux as Alive).lists.slice(), seen: (aux as Alive).seen.slice() }),
    },
    o,
  );
}

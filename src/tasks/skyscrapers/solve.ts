// Skyscrapers solver: the shared Latin candidate search (common/latin-search.ts) plus line narrowing by the
// visibility clues. For each row or column with a clue, the permutations of 1..n that show the clue's counts and
// fit the current candidates are enumerated (n ≤ 7, so at most 5,040 per line, pre-grouped by clue pair); a
// value no surviving permutation puts in a cell is removed there. That is exactly the reasoning a person does
// ("with 4 visible from the left, the 7 cannot be in the first three cells"), so it is what the trace records.
import { bitValues, solveLatin, type Dom, type LatinResult, type Narrow } from '../common/latin-search.js';
import type { TraceRecorder } from '../trace.js';
import { visible } from './verify.js';
import type { SkyscrapersState } from './state.js';

interface Perm {
  values: number[];
  /** values as single-bit masks, for the hot fit test */
  bits: number[];
  fromStart: number;
  fromEnd: number;
}

const permCache = new Map<number, Perm[]>();

function permutations(n: number): Perm[] {
  const hit = permCache.get(n);
  if (hit) return hit;
  const out: Perm[] = [];
  const cur: number[] = [];
  const used = new Array<boolean>(n + 1).fill(false);
  const rec = (): void => {
    if (cur.length === n) {
      out.push({ values: cur.slice(), bits: cur.map((v) => 1 << (v - 1)), fromStart: visible(cur), fromEnd: visible([...cur].reverse()) });
      return;
    }
    for (let v = 1; v <= n; v++) {
      if (used[v]) continue;
      used[v] = true;
      cur.push(v);
      rec();
      cur.pop();
      used[v] = false;
    }
  };
  rec();
  permCache.set(n, out);
  return out;
}

/** Permutations matching a clue pair (0 = no clue), cached per (n, start, end). */
const byClue = new Map<string, Perm[]>();
function matching(n: number, start: number, end: number): Perm[] {
  const key = `${n}/${start}/${end}`;
  let list = byClue.get(key);
  if (!list) {
    list = permutations(n).filter((p) => (start === 0 || p.fromStart === start) && (end === 0 || p.fromEnd === end));
    byClue.set(key, list);
  }
  return list;
}

interface Line {
  cells: number[];
  start: number;
  end: number;
  name: string;
}

export function clueLines(s: SkyscrapersState): Line[] {
  const n = s.n;
  const lines: Line[] = [];
  for (let r = 0; r < n; r++) {
    lines.push({
      cells: Array.from({ length: n }, (_, c) => r * n + c),
      start: s.left[r],
      end: s.right[r],
      name: `row ${r} (left ${s.left[r] || '-'}, right ${s.right[r] || '-'})`,
    });
  }
  for (let c = 0; c < n; c++) {
    lines.push({
      cells: Array.from({ length: n }, (_, r) => r * n + c),
      start: s.top[c],
      end: s.bottom[c],
      name: `column ${c} (top ${s.top[c] || '-'}, bottom ${s.bottom[c] || '-'})`,
    });
  }
  return lines.filter((l) => l.start > 0 || l.end > 0);
}

/** Per line, the arrangements that still fit (they only shrink down a search branch, so each node filters its parent's). */
type Alive = Perm[][];

function narrowLines(n: number, lines: Line[], dom: Dom, narrow: Narrow, alive: Alive): string | null {
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    const union = new Array<number>(n).fill(0);
    const kept: Perm[] = [];
    for (const p of alive[l]) {
      let fits = true;
      for (let k = 0; k < n && fits; k++) fits = (dom[line.cells[k]] & p.bits[k]) !== 0;
      if (!fits) continue;
      kept.push(p);
      for (let k = 0; k < n; k++) union[k] |= p.bits[k];
    }
    alive[l] = kept;
    if (kept.length === 0) return `no arrangement of ${line.name} fits its clues and candidates`;
    for (let k = 0; k < n; k++) {
      const i = line.cells[k];
      if ((dom[i] & union[k]) !== dom[i]) {
        const allowed = dom[i] & union[k];
        narrow(i, union[k], () => `the clues of ${line.name} allow only {${bitValues(allowed).join(',')}} here`);
      }
    }
  }
  return null;
}

export function solveSkyscrapers(s: SkyscrapersState, o: { limit?: number; rec?: TraceRecorder; maxNodes?: number } = {}): LatinResult {
  const n = s.n;
  const lines = clueLines(s);
  return solveLatin(
    {
      n,
      initial: new Array<number>(n * n).fill((1 << n) - 1),
      propagate: (dom, narrow, aux) => narrowLines(n, lines, dom, narrow, aux as Alive),
      initAux: (): Alive => lines.map((l) => matching(n, l.start, l.end)),
      copyAux: (aux) => (aux as Alive).slice(),
    },
    o,
  );
}

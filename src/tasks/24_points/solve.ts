// 24-points solver: depth-first search that repeatedly replaces two numbers by their sum, difference, product or
// quotient (exact rationals). Moves are tried in a human-like order — a move whose result divides 24 first, × and +
// before − and ÷ — and each move is either a dead end (its whole subtree was searched and fails) or the branch that
// leads to 24. The recorded steps are exactly what the search did; traces are written from them.
import { applyOp, equalsInt, formatRational, rational, type Rational } from '../common/expr.js';

type Op = '+' | '-' | '*' | '/';

interface Item {
  value: Rational;
  /** Expression text with ×/÷, minimal brackets. */
  text: string;
  /** 3 = a plain number, 2 = a product/quotient, 1 = a sum/difference. */
  prec: number;
}

export interface Move {
  a: string;
  op: Op;
  b: string;
  value: string;
  /** The numbers after the move, in display form. */
  after: string[];
  /** Sub-searches this move cost (1 per state visited below it). */
  explored: number;
  /** Set on the successful branch: the moves taken below it. */
  next?: Step;
}

/** One search state: the moves tried from it, in order; the last is the good one when the state is solvable. */
export interface Step {
  numbers: string[];
  tried: Move[];
  solved: boolean;
}

export interface Solution24 {
  expression: string;
  root: Step;
  deadEnds: number;
}

const SYM: Record<Op, string> = { '+': '+', '-': '-', '*': '×', '/': '÷' };
const OP_RANK: Record<Op, number> = { '*': 0, '+': 1, '-': 2, '/': 3 };

function combine(x: Item, op: Op, y: Item): Item | null {
  const value = applyOp(op, x.value, y.value);
  if (value === null) return null;
  const prec = op === '+' || op === '-' ? 1 : 2;
  const l = x.prec < prec ? `(${x.text})` : x.text;
  const r = y.prec < prec || (y.prec === prec && (op === '-' || op === '/')) ? `(${y.text})` : y.text;
  return { value, text: `${l} ${SYM[op]} ${r}`, prec };
}

interface Candidate {
  i: number;
  j: number;
  op: Op;
  item: Item;
}

/** Every distinct binary move from `items`, in the preference order described above. */
function candidates(items: Item[], target: number): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    for (let j = 0; j < items.length; j++) {
      if (i === j) continue;
      for (const op of ['*', '+', '-', '/'] as Op[]) {
        // Commutative ops once per unordered pair.
        if ((op === '*' || op === '+') && j < i) continue;
        const item = combine(items[i], op, items[j]);
        if (!item) continue;
        const key = `${formatRational(items[i].value)}${op}${formatRational(items[j].value)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ i, j, op, item });
      }
    }
  }
  const t = BigInt(target);
  const score = (c: Candidate): number => {
    const v = c.item.value;
    const divides = v.d === 1n && v.n > 0n && t % v.n === 0n;
    // Negative intermediates come last: a person tries them only when nothing else works.
    return (divides ? 0 : v.n < 0n ? 100 : v.d === 1n ? 10 : 20) + OP_RANK[c.op];
  };
  return out
    .map((c, k) => ({ c, k, s: score(c) }))
    .sort((p, q) => p.s - q.s || p.k - q.k)
    .map((p) => p.c);
}

function search(items: Item[], target: number, budget: { left: number }): { step: Step; expr: string | null; visited: number } {
  const step: Step = { numbers: items.map((x) => formatRational(x.value)), tried: [], solved: false };
  if (items.length === 1) {
    step.solved = equalsInt(items[0].value, target);
    return { step, expr: step.solved ? items[0].text : null, visited: 1 };
  }
  let visited = 1;
  for (const c of candidates(items, target)) {
    if (budget.left-- <= 0) break;
    const rest = items.filter((_, k) => k !== c.i && k !== c.j);
    const next = [...rest, c.item];
    const sub = search(next, target, budget);
    visited += sub.visited;
    const move: Move = {
      a: formatRational(items[c.i].value),
      op: c.op,
      b: formatRational(items[c.j].value),
      value: formatRational(c.item.value),
      after: sub.step.numbers,
      explored: sub.visited,
    };
    step.tried.push(move);
    if (sub.expr !== null) {
      move.next = sub.step;
      step.solved = true;
      return { step, expr: sub.expr, visited };
    }
  }
  return { step, expr: null, visited };
}

function countDeadEnds(step: Step | undefined): number {
  if (!step) return 0;
  return step.tried.filter((m) => !m.next).length + countDeadEnds(step.tried.find((m) => m.next)?.next);
}

/** Solves the puzzle with the recorded search, or null when no expression reaches the target. */
export function solve24Traced(numbers: number[], target = 24): Solution24 | null {
  const items: Item[] = numbers.map((n) => ({ value: rational(BigInt(n)), text: String(n), prec: 3 }));
  // 4 numbers have < 5,000 states; the budget only guards against callers passing long lists.
  const res = search(items, target, { left: 200_000 });
  if (res.expr === null) return null;
  return { expression: res.expr, root: res.step, deadEnds: countDeadEnds(res.step) };
}

export function solve24(numbers: number[], target = 24): string | null {
  return solve24Traced(numbers, target)?.expression ?? null;
}

export { SYM as OP_SYMBOL };

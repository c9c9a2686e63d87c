// 24 points: rule-based. The answer is an arithmetic expression that uses exactly the given numbers (as a multiset) and
// evaluates to 24. We parse and evaluate it ourselves with exact rationals (the official check regex-extracts digits and
// calls Python eval with a 1e-6 tolerance; exact arithmetic agrees with that on every 4-number puzzle). A trailing
// "= 24" is allowed. Stricter than official: unary minus and implicit multiplication are rejected, and digits must
// form the given numbers as written ("1 2" is not 12).
import { unwrap } from '../common/answer-shapes.js';
import { equalsInt, evaluateExpr, formatRational, literalValueText, parseArithmetic, type Expr } from '../common/expr.js';
import { solve24 } from './solve.js';
import type { PointsState } from './state.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';

/** An expression (its tree and the number literals as written), or the claim that no expression exists. */
export type PointsAnswer = { noSolution: true } | { noSolution: false; expr: Expr; numbers: string[] };

function countOf(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

const times = (k: number): string => (k === 1 ? 'once' : k === 2 ? 'twice' : `${k} times`);

export function parsePointsAnswer(text: string, state: PointsState): Parsed<PointsAnswer> {
  const t = unwrap(text);
  if (/^no\b|no solution/i.test(t)) return ok({ noSolution: true });
  const parsed = parseArithmetic(t.replace(new RegExp(`=\\s*${state.target}\\s*$`), '').trim());
  return 'error' in parsed ? bad(parsed.error) : ok({ noSolution: false, ...parsed });
}

export function checkPoints(state: PointsState, answer: PointsAnswer): VerifyResult {
  if (answer.noSolution) {
    return solve24(state.numbers, state.target) === null
      ? result(true, 'correctly answered that no expression reaches 24')
      : result(false, `answered that there is no solution, but one exists`);
  }
  const used = countOf(answer.numbers.map(literalValueText));
  const given = countOf(state.numbers.map(String));
  for (const [n, k] of used) {
    const g = given.get(n) ?? 0;
    if (g === 0) return result(false, `number ${n} is not among the given numbers [${state.numbers.join(', ')}]`);
    if (k > g) return result(false, `number ${n} used ${times(k)} but given ${times(g)}`);
  }
  for (const [n, g] of given) {
    const k = used.get(n) ?? 0;
    if (k < g) return result(false, `number ${n} given ${times(g)} but used ${k === 0 ? 'not at all' : times(k)}`);
  }
  const value = evaluateExpr(answer.expr);
  if ('error' in value) return result(false, value.error);
  if (!equalsInt(value.value, state.target)) return result(false, `the expression evaluates to ${formatRational(value.value)}, not ${state.target}`);
  return result(true, `uses ${state.numbers.join(', ')} once each and equals ${state.target}`);
}

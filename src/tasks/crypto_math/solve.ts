// CryptoMath solver: column-wise backtracking over the sum, recording each digit choice and dead end.
import type { TraceRecorder } from '../trace.js';
import type { Equation } from './state.js';

const SEARCH_BUDGET = 200_000;

/** Column-wise backtracking for sums (terms on the left, one word on the right); null when none within budget. */
export function solveCrypto(eq: Equation, rec?: TraceRecorder): Map<string, number> | null {
  const terms = eq.left.map((t) => t.word);
  const result = eq.right[0].word;
  const width = result.length;
  const leading = new Set([...terms, result].filter((w) => w.length > 1).map((w) => w[0]));
  const digit = new Map<string, number>();
  const used = new Set<number>();
  let budget = SEARCH_BUDGET;
  const colLetters = (col: number): string[] => terms.map((w) => w[w.length - 1 - col]).filter((ch): ch is string => ch !== undefined);

  const column = (col: number, carry: number): boolean => {
    if (col === width) return carry === 0;
    const free = [...new Set(colLetters(col))].filter((ch) => !digit.has(ch));
    const assign = (k: number): boolean => {
      if (--budget < 0) return false;
      if (k < free.length) {
        const ch = free[k];
        for (let d = leading.has(ch) ? 1 : 0; d <= 9; d++) {
          if (used.has(d)) continue;
          digit.set(ch, d);
          used.add(d);
          if (assign(k + 1)) return true;
          digit.delete(ch);
          used.delete(d);
        }
        return false;
      }
      const sum = colLetters(col).reduce((s, ch) => s + (digit.get(ch) ?? 0), carry);
      const r = result[width - 1 - col];
      const need = sum % 10;
      const fixed = free.map((ch) => `${ch}=${digit.get(ch)}`).join(', ');
      const head = `column ${col + 1} from the right${fixed ? `: ${fixed}` : ''}, sum ${sum}`;
      if (digit.has(r)) {
        if (digit.get(r) !== need) {
          rec?.deadEnd(head, `${r} is ${digit.get(r)} but the column needs ${need}`);
          return false;
        }
      } else if (used.has(need) || (need === 0 && leading.has(r))) {
        rec?.deadEnd(head, `${r} would be ${need}, ${need === 0 && leading.has(r) ? 'a leading zero' : 'already used'}`);
        return false;
      }
      const assigned = !digit.has(r);
      if (assigned) (digit.set(r, need), used.add(need));
      rec?.step(`${head} → ${r}=${need}, carry ${Math.floor(sum / 10)}`);
      if (column(col + 1, Math.floor(sum / 10))) return true;
      if (assigned) (digit.delete(r), used.delete(need));
      rec?.backtrack(`column ${col + 1}`);
      return false;
    };
    return assign(0);
  };
  return column(0, 0) ? digit : null;
}

// Kakuro verifier, rule-based like the official one: `(r,c):v` pairs (0-based) must cover exactly the white cells
// with digits 1..9, and every clued run must reach its sum without repeating a digit.
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';
import { kakuroRuns, type KakuroState } from './state.js';

/** (r,c):v pairs from the answer (also `=` or `->` between); a map "r,c" → v, or a reason. */
export function parseKakuroAnswer(text: string): Parsed<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)\s*(?::|=|->)\s*(\d{1,6})/g)) {
    const key = `${Number(m[1])},${Number(m[2])}`;
    const v = Number(m[3]);
    if (out.has(key) && out.get(key) !== v) return bad(`cell (${key}) is given two different values`);
    out.set(key, v);
  }
  if (out.size === 0) return bad('no (row,column):value pairs found');
  return ok(out);
}

export function kakuroViolation(values: Map<string, number>, g: KakuroState): string | null {
  for (const [key, v] of values) {
    const [r, c] = key.split(',').map(Number);
    if (r >= g.length || c >= g[0].length) return `cell (${key}) is outside the grid`;
    if (!g[r][c].white) return `cell (${key}) is a black clue cell, not a white cell`;
    if (v < 1 || v > 9) return `cell (${key}) holds ${v}, digits are 1..9`;
  }
  for (let r = 0; r < g.length; r++) {
    for (let c = 0; c < g[r].length; c++) if (g[r][c].white && !values.has(`${r},${c}`)) return `white cell (${r},${c}) is not filled`;
  }
  for (const run of kakuroRuns(g)) {
    const digits = run.cells.map(([r, c]) => values.get(`${r},${c}`) as number);
    const seen = new Set<number>();
    for (const d of digits) {
      if (seen.has(d)) return `the ${run.dir} run of clue (${run.clue[0]},${run.clue[1]}) repeats ${d}`;
      seen.add(d);
    }
    const total = digits.reduce((a, b) => a + b, 0);
    if (total !== run.sum) return `the ${run.dir} run of clue (${run.clue[0]},${run.clue[1]}) sums to ${total}, clue is ${run.sum}`;
  }
  return null;
}

export function checkKakuro(g: KakuroState, values: Map<string, number>): VerifyResult {
  const broken = kakuroViolation(values, g);
  return broken ? result(false, broken) : result(true, 'every white cell filled; all run sums hold without repeats');
}

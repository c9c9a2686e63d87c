// Kakuro verifier, rule-based like the official one: `(r,c):v` pairs (0-based) must cover exactly the white cells
// with digits 1..9, and every clued run must reach its sum without repeating a digit.
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export interface KakuroCell {
  white: boolean;
  right?: number; // sum of the run to the right of this black cell
  down?: number; // sum of the run below it
}
export type KakuroState = KakuroCell[][];

const MAX_SIDE = 40;

/** A clue is a sum, or the generator's internal [sum, length] pair. */
function clueSum(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) v = Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error('kakuro initial_state: bad clue value');
  return v;
}

/** Accepts the official grid (rows of {type: 'black'|'white', right?, down?}) or its JSON / Python text. */
export function parseKakuroState(raw: unknown): KakuroState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  if (v && typeof v === 'object' && !Array.isArray(v) && 'grid' in v) v = (v as { grid: unknown }).grid;
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE || !v.every((r) => Array.isArray(r) && r.length === (v as unknown[][])[0].length)) {
    throw new Error('kakuro initial_state: expected a rectangular grid of {type, right?, down?} cells');
  }
  return (v as unknown[][]).map((row) =>
    row.map((cell) => {
      if (!cell || typeof cell !== 'object') throw new Error('kakuro initial_state: a cell is not an object');
      const o = cell as Record<string, unknown>;
      if (o.white === true || o.type === 'white') return { white: true };
      if (o.white !== false && o.type !== 'black') throw new Error(`kakuro initial_state: unknown cell type ${String(o.type)}`);
      const out: KakuroCell = { white: false };
      const right = clueSum(o.right);
      const down = clueSum(o.down);
      if (right !== undefined) out.right = right;
      if (down !== undefined) out.down = down;
      return out;
    }),
  );
}

export interface KakuroRun {
  clue: [number, number];
  dir: 'right' | 'down';
  sum: number;
  cells: [number, number][];
}

export function kakuroRuns(g: KakuroState): KakuroRun[] {
  const runs: KakuroRun[] = [];
  g.forEach((row, r) =>
    row.forEach((cell, c) => {
      for (const dir of ['right', 'down'] as const) {
        const sum = cell[dir];
        if (cell.white || sum === undefined) continue;
        const cells: [number, number][] = [];
        const [dr, dc] = dir === 'right' ? [0, 1] : [1, 0];
        for (let rr = r + dr, cc = c + dc; rr < g.length && cc < row.length && g[rr][cc].white; rr += dr, cc += dc) cells.push([rr, cc]);
        runs.push({ clue: [r, c], dir, sum, cells });
      }
    }),
  );
  return runs;
}

/** (r,c):v pairs from the answer (also `=` or `->` between); a map "r,c" → v, or a reason. */
export function parseKakuroAnswer(text: string): Map<string, number> | string {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)\s*(?::|=|->)\s*(\d{1,6})/g)) {
    const key = `${Number(m[1])},${Number(m[2])}`;
    const v = Number(m[3]);
    if (out.has(key) && out.get(key) !== v) return `cell (${key}) is given two different values`;
    out.set(key, v);
  }
  if (out.size === 0) return 'no (row,column):value pairs found';
  return out;
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

export function verifyKakuro(instance: TaskInstance, response: string): VerifyResult {
  let g: KakuroState;
  try {
    g = parseKakuroState(instance.initialState);
  } catch (e) {
    return result(false, (e as Error).message);
  }
  const text = extractAnswer(response);
  if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
  const values = parseKakuroAnswer(text.length > 200_000 ? '' : text);
  if (typeof values === 'string') return result(false, values);
  const bad = kakuroViolation(values, g);
  return bad ? result(false, bad) : result(true, 'every white cell filled; all run sums hold without repeats');
}

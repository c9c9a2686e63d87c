// Numbrix verifier, rule-based like the official one: rows `|a|b|c|`, givens kept, each of 1..M used exactly once
// (M = the largest number written; the official rules allow cells to stay empty) and every k, k+1 orthogonally
// adjacent. Stricter than the official check in one way: the answer grid must have the puzzle's exact shape (the
// official one crops a larger grid).
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export type NumbrixGrid = number[][]; // 0 = empty

const MAX_SIDE = 40;

/** Rows of `|a| |c|` cells (blank = 0); null when no such rows are present or they are ragged. */
function parseBarRows(text: string): NumbrixGrid | null {
  const rows: NumbrixGrid = [];
  for (const line of text.split(/\r?\n|\\\\/)) {
    let t = line.trim();
    if (!t.includes('|') || (/^[|+\-=\s]+$/.test(t) && /[+\-=]/.test(t))) continue;
    if (t.startsWith('|')) t = t.slice(1);
    if (t.endsWith('|')) t = t.slice(0, -1);
    const row: number[] = [];
    for (const cell of t.split('|')) {
      const c = cell.trim();
      if (c === '' || c === '.' || c === '_') row.push(0);
      else if (/^\d{1,6}$/.test(c)) row.push(Number(c));
      else return null;
    }
    rows.push(row);
    if (rows.length > MAX_SIDE) return null;
  }
  if (rows.length === 0 || !rows.every((r) => r.length === rows[0].length)) return null;
  return rows;
}

function fromList(v: unknown): NumbrixGrid | null {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE) return null;
  const out: NumbrixGrid = [];
  for (const row of v) {
    if (!Array.isArray(row) || row.length !== (v[0] as unknown[]).length) return null;
    const r: number[] = [];
    for (const x of row) {
      if (x === null || x === '' || x === ' ' || x === '.') r.push(0);
      else if (typeof x === 'number' && Number.isInteger(x) && x >= 0) r.push(x);
      else if (typeof x === 'string' && /^\d+$/.test(x.trim())) r.push(Number(x.trim()));
      else return null;
    }
    out.push(r);
  }
  return out;
}

/** Accepts the official text block (`|1| |3|` rows), a 2-D list (null / 0 for blanks), or {grid}. */
export function parseNumbrixState(raw: unknown): NumbrixGrid {
  let v = raw;
  if (v && typeof v === 'object' && !Array.isArray(v) && 'grid' in v) v = (v as { grid: unknown }).grid;
  let grid: NumbrixGrid | null = null;
  if (typeof v === 'string') grid = v.trim().startsWith('[') ? fromList(tryParsePyLiteral(v.trim())) : parseBarRows(v);
  else grid = fromList(v);
  if (!grid) throw new Error('numbrix initial_state: expected rows like |1| |3| (blank = empty cell)');
  return grid;
}

export function parseNumbrixAnswer(text: string): NumbrixGrid | string {
  const grid = text.trim().startsWith('[') ? fromList(tryParsePyLiteral(text.trim())) : parseBarRows(text);
  return grid ?? 'expected the grid as rows like |1|2|3|';
}

export function numbrixViolation(grid: NumbrixGrid, givens: NumbrixGrid): string | null {
  const rows = givens.length;
  const cols = givens[0].length;
  if (grid.length !== rows || grid[0].length !== cols) return `answer grid is ${grid.length}×${grid[0].length}, puzzle is ${rows}×${cols}`;
  const where = new Map<number, [number, number]>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = grid[r][c];
      if (givens[r][c] !== 0 && v !== givens[r][c]) return `cell (${r},${c}) must keep the given ${givens[r][c]}, answer has ${v || 'blank'}`;
      if (v === 0) continue;
      if (v > rows * cols) return `${v} is larger than the ${rows * cols} cells of the grid`;
      if (where.has(v)) return `${v} appears twice`;
      where.set(v, [r, c]);
    }
  }
  if (where.size === 0) return 'the grid holds no numbers';
  const max = Math.max(...where.keys());
  for (let k = 1; k <= max; k++) if (!where.has(k)) return `${k} is missing (numbers must run 1..${max})`;
  for (let k = 1; k < max; k++) {
    const [r1, c1] = where.get(k) as [number, number];
    const [r2, c2] = where.get(k + 1) as [number, number];
    if (Math.abs(r1 - r2) + Math.abs(c1 - c2) !== 1) return `${k} at (${r1},${c1}) and ${k + 1} at (${r2},${c2}) are not orthogonally adjacent`;
  }
  return null;
}

export function verifyNumbrix(instance: TaskInstance, response: string): VerifyResult {
  let givens: NumbrixGrid;
  try {
    givens = parseNumbrixState(instance.initialState);
  } catch (e) {
    return result(false, (e as Error).message);
  }
  const text = extractAnswer(response);
  if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
  if (text.length > 100_000) return result(false, 'answer is too long to be a grid');
  const grid = parseNumbrixAnswer(text);
  if (typeof grid === 'string') return result(false, grid);
  const bad = numbrixViolation(grid, givens);
  return bad ? result(false, bad) : result(true, 'consecutive numbers are adjacent and every given is kept');
}

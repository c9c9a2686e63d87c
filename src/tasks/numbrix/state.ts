// Numbrix state: the grid of givens (0 = empty), from rows like `|1| |3|` or a 2-D list.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export type NumbrixGrid = number[][]; // 0 = empty

const MAX_SIDE = 40;

/** Rows of `|a| |c|` cells (blank = 0); null when no such rows are present or they are ragged. */
export function parseBarRows(text: string): NumbrixGrid | null {
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

export function fromList(v: unknown): NumbrixGrid | null {
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

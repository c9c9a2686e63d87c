// Shingoki state: the grid size and the circles (position, colour, number) the loop must satisfy.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface Circle {
  r: number;
  c: number;
  color: 'white' | 'black';
  value: number;
}

export interface ShingokiState {
  rows: number;
  cols: number;
  circles: Circle[];
}

const MAX_SIDE = 40;

function fromGrid(grid: unknown): ShingokiState | null {
  if (!Array.isArray(grid) || grid.length === 0 || grid.length > MAX_SIDE) return null;
  const circles: Circle[] = [];
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    if (!Array.isArray(row) || row.length !== (grid[0] as unknown[]).length) return null;
    for (let c = 0; c < row.length; c++) {
      const m = /^([WB])(\d+)$/i.exec(String(row[c] ?? '.').trim());
      if (m) circles.push({ r, c, color: m[1].toUpperCase() === 'W' ? 'white' : 'black', value: Number(m[2]) });
    }
  }
  return { rows: grid.length, cols: (grid[0] as unknown[]).length, circles };
}

/** Accepts the official JSON grid of '.', 'W3', 'B4' (as text or list), {grid}, or {rows, cols, circles: {"r,c": {type, value}}}. */
export function parseShingokiState(raw: unknown): ShingokiState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  let s: ShingokiState | null = null;
  if (Array.isArray(v)) s = fromGrid(v);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.circles) && typeof o.rows === 'number' && typeof o.cols === 'number') s = o as unknown as ShingokiState;
    else if (o.grid !== undefined) s = fromGrid(typeof o.grid === 'string' ? tryParsePyLiteral(o.grid) : o.grid);
    else if (o.circles && typeof o.circles === 'object' && typeof o.rows === 'number' && typeof o.cols === 'number') {
      const circles: Circle[] = [];
      for (const [k, info] of Object.entries(o.circles as Record<string, { type?: string; value?: number }>)) {
        const [r, c] = k
          .replace(/[()\s]/g, '')
          .split(',')
          .map(Number);
        circles.push({ r, c, color: info.type === 'black' ? 'black' : 'white', value: Number(info.value) });
      }
      s = { rows: o.rows, cols: o.cols, circles };
    }
  }
  if (!s || s.circles.length === 0) throw new Error("shingoki initial_state: expected a grid of '.', 'W<n>', 'B<n>' with at least one circle");
  return s;
}

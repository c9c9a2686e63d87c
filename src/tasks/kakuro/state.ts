// Kakuro state: the grid of white cells and clue cells (down/across sums), and the clued runs it implies.
import { tryParsePyLiteral } from '../common/pyliteral.js';

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

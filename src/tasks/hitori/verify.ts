// Hitori: shade cells so that no number repeats among the unshaded cells of a row or column, no two shaded cells
// touch orthogonally, and the unshaded cells form one orthogonally connected region.
// Answer: the shaded cells as {(r, c), ...}, 0-based (lists and brackets are accepted too).
import { isConnected } from '../common/grid.js';
import { result, type VerifyResult } from '../types.js';
import type { HitoriState } from './state.js';

/** The first Hitori rule the shading breaks, or null. */
export function hitoriViolation(s: HitoriState, shaded: Set<string>): string | null {
  const { n, grid } = s;
  for (const key of shaded) {
    const [r, c] = key.split(',').map(Number);
    if (shaded.has(`${r + 1},${c}`)) return `shaded cells (${r}, ${c}) and (${r + 1}, ${c}) touch`;
    if (shaded.has(`${r},${c + 1}`)) return `shaded cells (${r}, ${c}) and (${r}, ${c + 1}) touch`;
  }
  for (let i = 0; i < n; i++) {
    const row = new Map<number, number>();
    const col = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      if (!shaded.has(`${i},${j}`)) {
        const v = grid[i][j];
        if (row.has(v)) return `row ${i} has ${v} unshaded twice, at (${i}, ${row.get(v)}) and (${i}, ${j})`;
        row.set(v, j);
      }
      if (!shaded.has(`${j},${i}`)) {
        const v = grid[j][i];
        if (col.has(v)) return `column ${i} has ${v} unshaded twice, at (${col.get(v)}, ${i}) and (${j}, ${i})`;
        col.set(v, j);
      }
    }
  }
  const white = new Set<string>();
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (!shaded.has(`${r},${c}`)) white.add(`${r},${c}`);
  if (!isConnected(white)) return 'the unshaded cells are split into more than one region';
  return null;
}

export function checkHitori(s: HitoriState, cells: number[][]): VerifyResult {
  const shaded = new Set<string>();
  for (const [r, c] of cells) {
    if (r < 0 || c < 0 || r >= s.n || c >= s.n) return result(false, `cell (${r}, ${c}) is off the ${s.n}×${s.n} grid (0-based)`);
    shaded.add(`${r},${c}`);
  }
  const v = hitoriViolation(s, shaded);
  if (v) return result(false, v);
  return result(true, 'no repeats among unshaded cells, no touching shaded cells, unshaded cells connected');
}

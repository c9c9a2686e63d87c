// Hitori board in the sudoku visual language: an n×n grid with a heavy frame and every number as bold
// path-drawn digits centred in its cell (nothing is shaded in the puzzle image).
import { CANVAS, STROKE, cellCenter, grid, svgDoc, textPath } from '../render/index.js';
import type { HitoriState } from './state.js';

export function renderHitori(s: HitoriState): string {
  const n = s.n;
  const margin = 16;
  const cell = (CANVAS - 2 * margin) / n;
  const body: string[] = [grid(margin, margin, n, n, cell, { width: STROKE.thin, outerWidth: STROKE.heavy })];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const [x, y] = cellCenter(margin, margin, cell, r, c);
      body.push(textPath(String(s.grid[r][c]), x, y, cell * 0.55, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    }
  }
  return svgDoc(CANVAS, CANVAS, body);
}

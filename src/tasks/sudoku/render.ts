// Sudoku board as SVG: 9×9 cells, heavy 3×3 box lines, givens as path-drawn digits (no fonts needed), legible
// from 448 px down to 112 px (cells of ~11 px there; bold digits and box lines survive the downscale).
import { CANVAS, PALETTE, STROKE, cellCenter, grid, line, svgDoc, textPath } from '../render/index.js';
import type { SudokuGrid } from './state.js';

export function renderSudoku(givens: SudokuGrid): string {
  const margin = 14;
  const cell = (CANVAS - 2 * margin) / 9;
  const body: string[] = [grid(margin, margin, 9, 9, cell, { width: STROKE.thin, outerWidth: STROKE.heavy })];
  for (let k = 3; k < 9; k += 3) {
    body.push(line(margin + k * cell, margin, margin + k * cell, margin + 9 * cell, { width: STROKE.thick, stroke: PALETTE.ink }));
    body.push(line(margin, margin + k * cell, margin + 9 * cell, margin + k * cell, { width: STROKE.thick, stroke: PALETTE.ink }));
  }
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) {
      if (!givens[r][c]) continue;
      const [x, y] = cellCenter(margin, margin, cell, r, c);
      body.push(textPath(String(givens[r][c]), x, y, cell * 0.62, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    }
  }
  return svgDoc(CANVAS, CANVAS, body);
}

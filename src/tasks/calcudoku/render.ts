// Calcudoku board in the sudoku visual language: thin cell lines, heavy lines where neighbouring cells belong to
// different cages, and each cage's label ("12+", "2÷") in bold at the top-left corner of its first cell (the
// top-most, then left-most), sized to a third of a cell so it stays clear of the cell's centre.
import { CANVAS, PALETTE, STROKE, grid, line, svgDoc, textPath } from '../render/index.js';
import { cageLabel } from './solve.js';
import type { CalcudokuState } from './state.js';

export function renderCalcudoku(s: CalcudokuState): string {
  const n = s.n;
  const margin = 14;
  const cell = (CANVAS - 2 * margin) / n;
  const owner = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
  s.cages.forEach((cage, i) => cage.cells.forEach(([r, c]) => (owner[r - 1][c - 1] = i)));
  const body: string[] = [grid(margin, margin, n, n, cell, { width: STROKE.thin, outerWidth: STROKE.heavy, stroke: PALETTE.faint })];
  const heavy = { width: STROKE.thick, stroke: PALETTE.ink, linecap: 'square' as const };
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const x = margin + c * cell;
      const y = margin + r * cell;
      if (c + 1 < n && owner[r][c] !== owner[r][c + 1]) body.push(line(x + cell, y, x + cell, y + cell, heavy));
      if (r + 1 < n && owner[r][c] !== owner[r + 1][c]) body.push(line(x, y + cell, x + cell, y + cell, heavy));
    }
  }
  body.push(grid(margin, margin, n, n, cell, { width: 0.01, outerWidth: STROKE.heavy, stroke: PALETTE.ink }).replace(/<line[^>]*\/>/g, ''));
  for (const cage of s.cages) {
    const [r, c] = [...cage.cells].sort((a, b) => a[0] - b[0] || a[1] - b[1])[0];
    const size = cell * 0.3;
    body.push(
      textPath(cageLabel(cage), margin + (c - 1) * cell + cell * 0.08, margin + (r - 1) * cell + cell * 0.08 + size * 0.4, size, {
        anchor: 'start',
        baseline: 'middle',
        weight: 'bold',
      }),
    );
  }
  return svgDoc(CANVAS, CANVAS, body);
}

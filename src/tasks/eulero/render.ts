// Eulero board in the futoshiki/sudoku visual language: an n×n grid with a heavy frame, given letter-number pairs
// as bold path-drawn text on light-blue cells, empty cells white. Pairs are sized to about 40% of a cell so two
// characters fit with room to spare and still read when the 448 px image is shrunk to 112 px.
import { CANVAS, PALETTE, STROKE, cellCenter, grid, svgDoc, textPath } from '../render/index.js';

export function renderEulero(givens: string[][]): string {
  const n = givens.length;
  const margin = 16;
  const cell = (CANVAS - 2 * margin) / n;
  const body: string[] = [
    grid(margin, margin, n, n, cell, { width: STROKE.thin, outerWidth: STROKE.heavy, fill: (r, c) => (givens[r][c] ? PALETTE.lightBlue : undefined) }),
  ];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!givens[r][c]) continue;
      const [x, y] = cellCenter(margin, margin, cell, r, c);
      body.push(textPath(givens[r][c], x, y, cell * 0.4, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    }
  }
  return svgDoc(CANVAS, CANVAS, body);
}

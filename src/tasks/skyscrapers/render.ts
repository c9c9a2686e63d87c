// Skyscrapers board: an empty n×n grid framed by a ring of clue cells, clues as bold red path-drawn digits (the
// official images colour clues red too) so they read apart from the grid; a missing clue is left blank. The
// grid plus ring spans the canvas, so digits stay legible at 448 px and when shrunk to 112 px.
import { CANVAS, PALETTE, STROKE, cellCenter, grid, svgDoc, textPath } from '../render/index.js';
import type { SkyscrapersState } from './state.js';

export function renderSkyscrapers(s: SkyscrapersState): string {
  const n = s.n;
  const margin = 12;
  const cell = (CANVAS - 2 * margin) / (n + 2);
  const x0 = margin + cell;
  const body: string[] = [grid(x0, x0, n, n, cell, { width: STROKE.thin, outerWidth: STROKE.thick })];
  const clue = (v: number, row: number, col: number): void => {
    if (v <= 0) return;
    const [x, y] = cellCenter(x0, x0, cell, row, col);
    body.push(textPath(String(v), x, y, cell * 0.6, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.red }));
  };
  for (let k = 0; k < n; k++) {
    clue(s.top[k], -1, k);
    clue(s.bottom[k], n, k);
    clue(s.left[k], k, -1);
    clue(s.right[k], k, n);
  }
  return svgDoc(CANVAS, CANVAS, body);
}

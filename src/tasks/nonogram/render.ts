// Nonogram image: the empty grid with its row and column clues.
import { CANVAS, PALETTE, STROKE, cellCenter, grid, svgDoc, textPath } from '../render/index.js';

export function renderNonogram(rows: number[][], cols: number[][]): string {
  const n = rows.length;
  const kr = Math.max(1, ...rows.map((c) => c.length));
  const kc = Math.max(1, ...cols.map((c) => c.length));
  const margin = 10;
  const cell = (CANVAS - 2 * margin) / (Math.max(kr, kc) + n);
  const x0 = margin + kr * cell;
  const y0 = margin + kc * cell;
  const size = cell * 0.55;
  const body: string[] = [grid(x0, y0, n, n, cell, { width: STROKE.thin, outerWidth: STROKE.thick })];
  const label = (v: number, x: number, y: number): string =>
    textPath(String(v), x, y, size, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.ink });
  rows.forEach((clue, r) => {
    const show = clue.length ? clue : [0];
    show.forEach((v, i) => body.push(label(v, ...cellCenter(x0 - show.length * cell, y0, cell, r, i))));
  });
  cols.forEach((clue, c) => {
    const show = clue.length ? clue : [0];
    show.forEach((v, i) => body.push(label(v, ...cellCenter(x0, y0 - show.length * cell, cell, i, c))));
  });
  return svgDoc(CANVAS, CANVAS, body);
}

// Numbrix image: the grid with its given numbers.
import { CANVAS, PALETTE, STROKE, grid, rect, svgDoc, textPath } from '../render/index.js';
import { type Grid } from './solve.js';

export function renderNumbrix(givens: Grid): string {
  const n = givens.length;
  const margin = 14;
  const cell = (CANVAS - 2 * margin) / n;
  const body: string[] = [grid(margin, margin, n, n, cell, { width: STROKE.normal, outerWidth: STROKE.heavy })];
  givens.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === 0) return;
      body.push(rect(margin + c * cell + 2, margin + r * cell + 2, cell - 4, cell - 4, { fill: PALETTE.lightBlue }));
      body.push(
        textPath(String(v), margin + (c + 0.5) * cell, margin + (r + 0.5) * cell, Math.min(cell * 0.42, 44), {
          anchor: 'middle',
          baseline: 'middle',
          weight: 'bold',
        }),
      );
    }),
  );
  return svgDoc(CANVAS, CANVAS, body);
}

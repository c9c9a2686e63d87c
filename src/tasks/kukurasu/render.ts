// Kukurasu image: the grid with the row and column clues and the 1..n weights along the edges.
import { CANVAS, PALETTE, STROKE, grid as gridLines, svgDoc, textPath } from '../render/index.js';
import type { KukurasuState } from './state.js';

export function renderKukurasu(s: KukurasuState): string {
  const n = s.n;
  const cell = (CANVAS - 40) / (n + 1.6);
  const x0 = 20 + cell * 0.6; // room for the faint row weights on the left
  const y0 = 20 + cell * 0.6; // and the column weights on top
  const body = [gridLines(x0, y0, n, n, cell, { width: STROKE.normal, outerWidth: STROKE.thick })];
  const small = { anchor: 'middle' as const, baseline: 'middle' as const, color: PALETTE.faint };
  for (let k = 0; k < n; k++) {
    body.push(textPath(String(k + 1), x0 + (k + 0.5) * cell, y0 - cell * 0.3, cell * 0.32, small));
    body.push(textPath(String(k + 1), x0 - cell * 0.3, y0 + (k + 0.5) * cell, cell * 0.32, small));
    body.push(
      textPath(String(s.rowSums[k]), x0 + (n + 0.5) * cell, y0 + (k + 0.5) * cell, cell * 0.45, { anchor: 'middle', baseline: 'middle', weight: 'bold' }),
    );
    body.push(
      textPath(String(s.colSums[k]), x0 + (k + 0.5) * cell, y0 + (n + 0.5) * cell, cell * 0.45, { anchor: 'middle', baseline: 'middle', weight: 'bold' }),
    );
  }
  return svgDoc(CANVAS, CANVAS, body);
}

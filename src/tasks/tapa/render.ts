// Tapa image: the grid with its clue cells.
import { CANVAS, PALETTE, STROKE, grid, svgDoc, textPath } from '../render/index.js';
import type { TapaState } from './state.js';

export function renderTapa(s: TapaState): string {
  const margin = 14;
  const cell = (CANVAS - 2 * margin) / Math.max(s.rows, s.cols);
  const body: string[] = [grid(margin, margin, s.rows, s.cols, cell, { width: STROKE.normal, outerWidth: STROKE.heavy })];
  for (const [k, v] of s.clues) {
    const [r, c] = k.split(',').map(Number);
    body.push(
      textPath(v.join(' '), margin + (c + 0.5) * cell, margin + (r + 0.5) * cell, Math.min(cell * 0.5, 56), {
        anchor: 'middle',
        baseline: 'middle',
        weight: 'bold',
        color: PALETTE.ink,
      }),
    );
  }
  return svgDoc(CANVAS, CANVAS, body);
}

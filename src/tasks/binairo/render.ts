// Binairo image: the grid with its given 0s and 1s.
import { CANVAS, PALETTE, STROKE, grid as gridLines, svgDoc, textPath } from '../render/index.js';

export function renderBinairo(givens: number[], n: number): string {
  const margin = 20;
  const cell = (CANVAS - 2 * margin) / n;
  const body = [gridLines(margin, margin, n, n, cell, { width: STROKE.normal, outerWidth: STROKE.thick })];
  givens.forEach((v, i) => {
    if (v < 0) return;
    const x = margin + (i % n) * cell + cell / 2;
    const y = margin + Math.floor(i / n) * cell + cell / 2;
    // Blue 0s and red 1s, as the official images draw them; the digit shape alone already tells them apart.
    body.push(textPath(String(v), x, y, cell * 0.6, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: v === 0 ? PALETTE.blue : PALETTE.red }));
  });
  return svgDoc(CANVAS, CANVAS, body);
}

// Shingoki image: the dot grid with its black and white numbered circles.
import { CANVAS, PALETTE, STROKE, circle, line, svgDoc, textPath } from '../render/index.js';
import type { ShingokiState } from './state.js';

export function renderShingoki(s: ShingokiState): string {
  const n = Math.max(s.rows, s.cols);
  const margin = 44; // room for a full circle on the border points
  const step = (CANVAS - 2 * margin) / (n - 1);
  const xy = (r: number, c: number): [number, number] => [margin + c * step, margin + r * step];
  const body: string[] = [];
  for (let i = 0; i < n; i++) {
    body.push(line(...xy(i, 0), ...xy(i, n - 1), { stroke: PALETTE.faint, width: STROKE.thin, dash: [5, 5] }));
    body.push(line(...xy(0, i), ...xy(n - 1, i), { stroke: PALETTE.faint, width: STROKE.thin, dash: [5, 5] }));
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) body.push(circle(...xy(r, c), 4, { fill: PALETTE.grid }));
  const rad = Math.min(step * 0.36, 32);
  for (const ci of s.circles) {
    const [x, y] = xy(ci.r, ci.c);
    const black = ci.color === 'black';
    body.push(circle(x, y, rad, { fill: black ? PALETTE.dark : PALETTE.background, stroke: PALETTE.ink, width: STROKE.normal }));
    body.push(
      textPath(String(ci.value), x, y, rad * 1.05, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: black ? PALETTE.background : PALETTE.ink }),
    );
  }
  return svgDoc(CANVAS, CANVAS, body);
}

// Futoshiki board: square cells with gaps between them, givens as bold digits, and inequality signs drawn as
// thick chevrons in the gaps (pointing at the smaller cell: '<' opens towards the larger one), so they stay
// readable when the 448 px image is shrunk to 112 px.
import { CANVAS, PALETTE, STROKE, polyline, rect, svgDoc, textPath } from '../render/index.js';
import type { FutoshikiState } from './state.js';

export function renderFutoshiki(s: FutoshikiState): string {
  const n = s.n;
  const margin = 24;
  // n cells and n-1 gaps of half a cell fill the canvas.
  const cell = (CANVAS - 2 * margin) / (n + (n - 1) * 0.5);
  const gap = cell * 0.5;
  const pos = (k: number): number => margin + k * (cell + gap);
  const body: string[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      body.push(rect(pos(c), pos(r), cell, cell, { stroke: PALETTE.ink, width: STROKE.normal, fill: s.grid[r][c] ? PALETTE.lightBlue : PALETTE.background }));
      if (s.grid[r][c])
        body.push(textPath(String(s.grid[r][c]), pos(c) + cell / 2, pos(r) + cell / 2, cell * 0.62, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    }
  }
  const w = Math.max(STROKE.normal, cell * 0.07);
  const k = gap * 0.22; // chevron half-size: the sign stays inside its gap
  for (const q of s.inequalities) {
    const [r1, c1] = q.a;
    const [r2, c2] = q.b;
    // Orient so (ra,ca) is the top/left cell; then `less` says whether it is the smaller one.
    const flip = r2 < r1 || c2 < c1;
    const [ra, ca] = flip ? [r2, c2] : [r1, c1];
    const less = flip ? q.op === '>' : q.op === '<';
    if (r1 === r2) {
      const cx = pos(ca) + cell + gap / 2;
      const cy = pos(ra) + cell / 2;
      const tip = less ? cx - k : cx + k; // '<': tip on the left
      const tail = less ? cx + k : cx - k;
      body.push(
        polyline(
          [
            [tail, cy - k * 1.3],
            [tip, cy],
            [tail, cy + k * 1.3],
          ],
          { stroke: PALETTE.red, width: w },
        ),
      );
    } else {
      const cx = pos(ca) + cell / 2;
      const cy = pos(ra) + cell + gap / 2;
      const tip = less ? cy - k : cy + k; // top smaller: '∧' with tip at top
      const tail = less ? cy + k : cy - k;
      body.push(
        polyline(
          [
            [cx - k * 1.3, tail],
            [cx, tip],
            [cx + k * 1.3, tail],
          ],
          { stroke: PALETTE.red, width: w },
        ),
      );
    }
  }
  return svgDoc(CANVAS, CANVAS, body);
}

// Kakuro board: dark clue cells split by a diagonal, the down sum in the lower-left half and the across sum in the
// upper-right half (the usual printed convention, stated in the question), white cells empty, with row and column
// indices outside the board so the (row,col) answer coordinates can be read off the image.
import { CANVAS, PALETTE, STROKE, line, rect, svgDoc, textPath } from '../render/index.js';
import type { KakuroState } from './state.js';

export function renderKakuro(g: KakuroState): string {
  const n = g.length;
  const m = g[0].length;
  const margin = 36; // room for the indices
  const cell = (CANVAS - margin - 12) / Math.max(n, m);
  const x0 = margin;
  const y0 = margin;
  const body: string[] = [];
  const idx = Math.min(22, cell * 0.4);
  for (let c = 0; c < m; c++) body.push(textPath(String(c), x0 + (c + 0.5) * cell, y0 / 2, idx, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  for (let r = 0; r < n; r++) body.push(textPath(String(r), x0 / 2, y0 + (r + 0.5) * cell, idx, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  const size = cell * 0.3;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < m; c++) {
      const x = x0 + c * cell;
      const y = y0 + r * cell;
      const k = g[r][c];
      body.push(rect(x, y, cell, cell, { fill: k.white ? PALETTE.background : PALETTE.dark, stroke: PALETTE.ink, width: STROKE.normal }));
      if (k.white || (k.right === undefined && k.down === undefined)) continue;
      body.push(line(x, y, x + cell, y + cell, { stroke: PALETTE.background, width: STROKE.thin }));
      if (k.right !== undefined)
        body.push(
          textPath(String(k.right), x + cell * 0.7, y + cell * 0.3, size, { anchor: 'middle', baseline: 'middle', color: PALETTE.background, weight: 'bold' }),
        );
      if (k.down !== undefined)
        body.push(
          textPath(String(k.down), x + cell * 0.3, y + cell * 0.72, size, { anchor: 'middle', baseline: 'middle', color: PALETTE.background, weight: 'bold' }),
        );
    }
  }
  return svgDoc(CANVAS, CANVAS, body);
}

// Campsite image: the grid with its trees and the row/column tent counts.
import { CANVAS, PALETTE, STROKE, grid as gridLines, polyline, rect, svgDoc, textPath } from '../render/index.js';
import type { CampsiteState } from './state.js';

/** Trees as green triangles on a trunk, counts in bold above and left, 1-based indices in blue outside them. */
export function renderCampsite(s: CampsiteState): string {
  const n = s.rows;
  const margin = 72;
  const cell = (CANVAS - margin - 16) / n;
  const body = [gridLines(margin, margin, n, s.cols, cell, { width: STROKE.thin, outerWidth: STROKE.thick })];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < s.cols; c++) {
      if (!s.trees[r][c]) continue;
      const x = margin + (c + 0.5) * cell;
      const y = margin + (r + 0.5) * cell;
      const h = cell * 0.36;
      body.push(rect(x - cell * 0.05, y + h * 0.45, cell * 0.1, h * 0.55, { fill: '#6d4c2f' }));
      body.push(
        polyline(
          [
            [x, y - h],
            [x + h * 0.85, y + h * 0.5],
            [x - h * 0.85, y + h * 0.5],
          ],
          { closed: true, fill: PALETTE.green, stroke: PALETTE.green, width: STROKE.thin },
        ),
      );
    }
  }
  const big = Math.min(30, cell * 0.55);
  for (let c = 0; c < s.cols; c++) {
    body.push(textPath(String(s.colCounts[c]), margin + (c + 0.5) * cell, margin - 22, big, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    body.push(textPath(String(c + 1), margin + (c + 0.5) * cell, 14, 16, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  }
  for (let r = 0; r < n; r++) {
    body.push(textPath(String(s.rowCounts[r]), margin - 24, margin + (r + 0.5) * cell, big, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    body.push(textPath(String(r + 1), 12, margin + (r + 0.5) * cell, 16, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}

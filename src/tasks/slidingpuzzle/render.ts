// Sliding-puzzle image: numbered tiles on a square tray, the blank drawn as an empty grey slot. Numbers are about
// half a tile tall so a 4×4 board stays readable at 112 px.
import { CANVAS, PALETTE, rect, STROKE, svgDoc, textPath } from '../render/index.js';
import type { SlidingState } from './state.js';

export function renderSliding(s: SlidingState): string {
  const pad = 16;
  const gap = 6;
  const tile = (CANVAS - 2 * pad - (s.size - 1) * gap) / s.size;
  const body: string[] = [rect(pad / 2, pad / 2, CANVAS - pad, CANVAS - pad, { fill: '#5d6d7e', rx: 10 })];
  for (let r = 0; r < s.size; r++) {
    for (let c = 0; c < s.size; c++) {
      const x = pad + c * (tile + gap);
      const y = pad + r * (tile + gap);
      const v = s.board[r][c];
      if (v === 0) {
        body.push(rect(x, y, tile, tile, { fill: '#d5d8dc', rx: 8 }));
        continue;
      }
      body.push(rect(x, y, tile, tile, { fill: PALETTE.lightYellow, stroke: PALETTE.ink, width: STROKE.normal, rx: 8 }));
      body.push(textPath(String(v), x + tile / 2, y + tile / 2, tile * 0.5, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    }
  }
  return svgDoc(CANVAS, CANVAS, body);
}

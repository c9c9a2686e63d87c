// Bridges board: a faint grid of the cells islands may occupy, islands as white discs with a heavy outline and a
// bold number, and x/y coordinates in blue along the top and left, so the answer's (x,y) can be read off.
import { CANVAS, PALETTE, STROKE, circle, line, svgDoc, textPath } from '../render/index.js';
import type { BridgesState } from './state.js';

export function renderBridges(s: BridgesState, n: number): string {
  const margin = 40;
  const step = (CANVAS - margin - 16) / n;
  const cx = (x: number): number => margin + (x + 0.5) * step;
  const body: string[] = [];
  for (let k = 0; k < n; k++) {
    body.push(line(cx(k), cx(0), cx(k), cx(n - 1), { stroke: PALETTE.shade, width: STROKE.thin }));
    body.push(line(cx(0), cx(k), cx(n - 1), cx(k), { stroke: PALETTE.shade, width: STROKE.thin }));
    body.push(textPath(String(k), cx(k), margin / 2, 18, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
    body.push(textPath(String(k), margin / 2, cx(k), 18, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  }
  const r = step * 0.4;
  for (const i of s.islands) {
    body.push(circle(cx(i.x), cx(i.y), r, { fill: PALETTE.background, stroke: PALETTE.ink, width: STROKE.thick }));
    body.push(textPath(String(i.num), cx(i.x), cx(i.y), Math.min(30, r * 1.1), { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}

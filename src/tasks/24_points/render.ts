// 24 points image: the four numbers as playing cards.
import { CANVAS, PALETTE, rect, STROKE, svgDoc, textPath } from '../render/index.js';

/** Four playing-card tiles with big numbers; two rows of two so digits stay large at 112 px. */
export function renderCards(numbers: number[]): string {
  const body: string[] = [];
  const gap = 28;
  const w = (CANVAS - 3 * gap) / 2;
  const h = (CANVAS - 3 * gap) / 2;
  const suits = [PALETTE.ink, PALETTE.red, PALETTE.red, PALETTE.ink];
  numbers.forEach((n, i) => {
    const x = gap + (i % 2) * (w + gap);
    const y = gap + Math.floor(i / 2) * (h + gap);
    body.push(rect(x + 5, y + 5, w, h, { fill: PALETTE.shade, rx: 18 }));
    body.push(rect(x, y, w, h, { fill: '#ffffff', stroke: PALETTE.grid, width: STROKE.thick, rx: 18 }));
    body.push(textPath(String(n), x + w / 2, y + h / 2, n >= 10 ? 96 : 120, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: suits[i % 4] }));
  });
  return svgDoc(CANVAS, CANVAS, body);
}

// Word-ladder image: the start and target words.
import { CANVAS, PALETTE, STROKE, line, rect, svgDoc, textPath } from '../render/index.js';

export function renderWordLadder(start: string, target: string): string {
  const n = start.length;
  const tile = 62;
  const gap = 10;
  const width = n * tile + (n - 1) * gap;
  const x0 = (CANVAS - width) / 2;
  const body: string[] = [];
  const word = (w: string, y: number, fill: string): void => {
    [...w.toUpperCase()].forEach((ch, i) => {
      const x = x0 + i * (tile + gap);
      body.push(rect(x, y, tile, tile, { fill, stroke: PALETTE.ink, width: STROKE.normal, rx: 6 }));
      body.push(textPath(ch, x + tile / 2, y + tile / 2, 40, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    });
  };
  body.push(textPath('START', CANVAS / 2, 34, 26, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.green }));
  word(start, 58, PALETTE.lightGreen);
  // The rungs in between are unknown: a dashed ladder with question marks, no hint of how many steps.
  const railL = CANVAS / 2 - 40;
  const railR = CANVAS / 2 + 40;
  body.push(line(railL, 134, railL, 302, { stroke: PALETTE.faint, width: STROKE.thick }));
  body.push(line(railR, 134, railR, 302, { stroke: PALETTE.faint, width: STROKE.thick }));
  for (const y of [160, 218, 276]) body.push(line(railL, y, railR, y, { stroke: PALETTE.faint, width: STROKE.normal, dash: [6, 5] }));
  body.push(textPath('?', CANVAS / 2, 218, 40, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.blue }));
  word(target, 322, PALETTE.lightRed);
  body.push(textPath('TARGET', CANVAS / 2, 412, 26, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.red }));
  return svgDoc(CANVAS, CANVAS, body);
}

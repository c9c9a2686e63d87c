// Word-search image: the letter grid and the words to find.
import { CANVAS, PALETTE, STROKE, cellCenter, grid, svgDoc, textPath } from '../render/index.js';

export function renderWordSearch(g: string[][], word: string): string {
  const n = g.length;
  const band = 48;
  const margin = 10;
  const cell = (CANVAS - 2 * margin) / n;
  const body = [
    textPath(`Find: ${word}`, CANVAS / 2, band / 2 + 2, 26, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.blue }),
    grid(margin, band, n, n, cell, { width: STROKE.thin, stroke: PALETTE.faint, outerWidth: STROKE.normal }),
  ];
  g.forEach((row, r) =>
    row.forEach((ch, c) =>
      body.push(textPath(ch, ...cellCenter(margin, band, cell, r, c), cell * 0.6, { anchor: 'middle', baseline: 'middle', weight: 'bold' })),
    ),
  );
  return svgDoc(CANVAS, band + CANVAS - margin, body);
}

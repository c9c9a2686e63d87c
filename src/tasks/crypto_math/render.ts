// CryptoMath image: the sum written in columns, terms right-aligned above a rule and the result.
import { CANVAS, line, PALETTE, STROKE, svgDoc, textPath } from '../render/index.js';
import type { Equation } from './state.js';

/** The sum written in columns: terms right-aligned, a rule, the result. */
export function renderEquation(eq: Equation): string {
  const rows = [...eq.left.map((t) => t.word), eq.right[0].word];
  const width = Math.max(...rows.map((w) => w.length)) + 1;
  const cell = Math.min(60, (CANVAS - 60) / width);
  const size = cell * 1.2;
  const rowH = Math.min(90, (CANVAS - 60) / (rows.length + 0.5));
  const x0 = (CANVAS - width * cell) / 2;
  const y0 = (CANVAS - rowH * (rows.length + 0.3)) / 2 + rowH / 2;
  const body: string[] = [];
  rows.forEach((w, k) => {
    const y = y0 + k * rowH + (k === rows.length - 1 ? rowH * 0.3 : 0);
    [...w].forEach((ch, i) =>
      body.push(
        textPath(ch, x0 + (width - w.length + i + 0.5) * cell, y, size, {
          anchor: 'middle',
          baseline: 'middle',
          weight: 'bold',
          color: k === rows.length - 1 ? PALETTE.blue : PALETTE.purple,
        }),
      ),
    );
    if (k > 0 && k < rows.length - 1)
      body.push(textPath('+', x0 + cell * 0.5, y, size, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.orange }));
  });
  const ruleY = y0 + (rows.length - 1) * rowH - rowH * 0.2;
  body.push(line(x0, ruleY, x0 + width * cell, ruleY, { stroke: PALETTE.orange, width: STROKE.thick }));
  return svgDoc(CANVAS, CANVAS, body);
}

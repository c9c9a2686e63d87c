// Snake image: the board in the shared game-board layout (plain 0-based indices on the top and left), S in a green
// disc and E in a red one, and the clue counts in bold blue right of each row and below each column.
import { axisLabels, centerOf } from '../common/game-board.js';
import { CANVAS, PALETTE, STROKE, circle, grid, svgDoc, textPath } from '../render/index.js';
import type { SnakeState } from './state.js';

export function renderSnake(s: SnakeState): string {
  const n = Math.max(s.rows, s.cols);
  const band = 34; // indices top/left
  const clue = 40; // counts right/bottom
  const cell = Math.floor((CANVAS - band - clue - 12) / n);
  const x0 = band + 6;
  const y0 = band + 6;
  const l = { x0, y0, cell, rows: s.rows, cols: s.cols, width: CANVAS, height: CANVAS };
  const body: string[] = [grid(x0, y0, s.rows, s.cols, cell, { width: STROKE.thin, outerWidth: STROKE.thick })];
  body.push(axisLabels(l));
  const mark = (r: number, c: number, label: string, fill: string): void => {
    const [cx, cy] = centerOf(l, r, c);
    body.push(circle(cx, cy, cell * 0.38, { fill, stroke: PALETTE.ink, width: STROKE.thin }));
    body.push(textPath(label, cx, cy, cell * 0.5, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: '#ffffff' }));
  };
  mark(s.start[0], s.start[1], 'S', PALETTE.green);
  mark(s.end[0], s.end[1], 'E', PALETTE.red);
  const size = Math.min(26, cell * 0.6);
  (s.rowCounts ?? []).forEach((v, r) =>
    body.push(
      textPath(String(v), x0 + s.cols * cell + clue / 2, y0 + (r + 0.5) * cell, size, {
        anchor: 'middle',
        baseline: 'middle',
        weight: 'bold',
        color: PALETTE.blue,
      }),
    ),
  );
  (s.colCounts ?? []).forEach((v, c) =>
    body.push(
      textPath(String(v), x0 + (c + 0.5) * cell, y0 + s.rows * cell + clue / 2, size, {
        anchor: 'middle',
        baseline: 'middle',
        weight: 'bold',
        color: PALETTE.blue,
      }),
    ),
  );
  return svgDoc(CANVAS, CANVAS, body);
}

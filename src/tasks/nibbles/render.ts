// Nibbles image: a light board with faint cell lines, the snake as green squares (the head darker, with a white
// arrow showing the direction it is moving), apples as red discs, and row/column numbers on the edges.
import { axisLabels, boardLayout, centerOf } from '../common/game-board.js';
import { circle, grid, PALETTE, polyline, rect, STROKE, svgDoc } from '../render/index.js';
import { DELTA } from '../common/game-moves.js';
import type { NibblesState } from './state.js';

export function renderNibbles(s: NibblesState): string {
  const l = boardLayout(s.rows, s.cols);
  const body: string[] = [
    grid(l.x0, l.y0, s.rows, s.cols, l.cell, { fill: () => '#f4f6f0', stroke: PALETTE.faint, width: STROKE.thin, outerWidth: STROKE.thick }),
  ];
  const inset = l.cell * 0.08;
  s.snake.forEach(([r, c], i) => {
    const fill = i === 0 ? '#1b5e20' : PALETTE.green;
    body.push(rect(l.x0 + c * l.cell + inset, l.y0 + r * l.cell + inset, l.cell - 2 * inset, l.cell - 2 * inset, { fill, rx: l.cell * 0.15 }));
  });
  // Direction arrow inside the head: a triangle pointing the way the snake moves.
  const [hx, hy] = centerOf(l, s.snake[0][0], s.snake[0][1]);
  const [dy, dx] = DELTA[s.direction];
  const k = l.cell * 0.28;
  body.push(
    polyline(
      [
        [hx + dx * k, hy + dy * k],
        [hx - dx * k * 0.6 - dy * k * 0.8, hy - dy * k * 0.6 + dx * k * 0.8],
        [hx - dx * k * 0.6 + dy * k * 0.8, hy - dy * k * 0.6 - dx * k * 0.8],
      ],
      { closed: true, fill: '#ffffff' },
    ),
  );
  for (const [r, c] of s.apples) {
    const [cx, cy] = centerOf(l, r, c);
    body.push(circle(cx, cy, l.cell * 0.32, { fill: PALETTE.red, stroke: '#7f1d1d', width: STROKE.thin }));
  }
  body.push(axisLabels(l));
  return svgDoc(l.width, l.height, body);
}

// Sokoban picture on the shared game layout (row numbers left, column numbers on top): brown wall blocks, white
// floor with thin grid lines, yellow circles for targets, blue squares for boxes (green once on a target; puzzles
// start with none there) and a red circle for the player: the colours and shapes the official image question names.
import { axisLabels, boardLayout, centerOf } from '../common/game-board.js';
import { circle, grid, PALETTE, rect, STROKE, svgDoc } from '../render/index.js';
import type { SokobanState } from './state.js';

export function renderSokoban(s: SokobanState): string {
  const l = boardLayout(s.rows, s.cols);
  const body: string[] = [
    grid(l.x0, l.y0, s.rows, s.cols, l.cell, {
      fill: (r, c) => (s.walls[r][c] ? PALETTE.brown : '#ffffff'),
      stroke: PALETTE.faint,
      width: STROKE.thin,
      outerWidth: STROKE.thick,
    }),
  ];
  const key = (r: number, c: number): string => `${r},${c}`;
  const targets = new Set(s.targets.map(([r, c]) => key(r, c)));
  for (const [r, c] of s.targets) {
    const [x, y] = centerOf(l, r, c);
    body.push(circle(x, y, l.cell * 0.3, { fill: PALETTE.yellow, stroke: PALETTE.orange, width: STROKE.normal }));
  }
  for (const [r, c] of s.boxes) {
    const [x, y] = centerOf(l, r, c);
    const h = l.cell * 0.36;
    const on = targets.has(key(r, c));
    body.push(rect(x - h, y - h, 2 * h, 2 * h, { fill: on ? PALETTE.green : PALETTE.blue, stroke: PALETTE.ink, width: STROKE.normal, rx: 3 }));
  }
  const [px, py] = centerOf(l, s.player[0], s.player[1]);
  body.push(circle(px, py, l.cell * 0.3, { fill: PALETTE.red, stroke: PALETTE.ink, width: STROKE.normal }));
  body.push(axisLabels(l));
  return svgDoc(l.width, l.height, body);
}

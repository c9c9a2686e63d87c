// Maze image: light cells, thick black walls on cell edges, a green circle on S and a red cross on E, row and column
// numbers on the edges. Walls are STROKE.heavy so they survive a 112 px render (2 px); there are no grid lines, so
// any dark line in the picture is a wall.
import { axisLabels, boardLayout, centerOf, crossMark } from '../common/game-board.js';
import { circle, line, num, PALETTE, rect, STROKE, svgDoc } from '../render/index.js';
import type { MazeState } from './state.js';

export function renderMaze(m: MazeState): string {
  const l = boardLayout(m.rows, m.cols);
  const body: string[] = [rect(l.x0, l.y0, l.cols * l.cell, l.rows * l.cell, { fill: PALETTE.lightBlue })];
  const wall = { stroke: PALETTE.ink, width: STROKE.heavy, linecap: 'round' as const };
  const x = (c: number): number => l.x0 + c * l.cell;
  const y = (r: number): number => l.y0 + r * l.cell;
  // Outer frame, then every interior wall segment.
  body.push(rect(l.x0, l.y0, l.cols * l.cell, l.rows * l.cell, { stroke: PALETTE.ink, width: STROKE.heavy }));
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      if (c < m.cols - 1 && m.right[r][c]) body.push(line(x(c + 1), y(r), x(c + 1), y(r + 1), wall));
      if (r < m.rows - 1 && m.down[r][c]) body.push(line(x(c), y(r + 1), x(c + 1), y(r + 1), wall));
    }
  }
  const [sx, sy] = centerOf(l, m.start[0], m.start[1]);
  body.push(circle(sx, sy, l.cell * 0.3, { fill: PALETTE.green, stroke: '#1b5e20', width: STROKE.normal }));
  const [ex, ey] = centerOf(l, m.end[0], m.end[1]);
  body.push(crossMark(Number(num(ex)), Number(num(ey)), Number(num(l.cell * 0.27)), PALETTE.red, Math.max(STROKE.thick, Math.round(l.cell * 0.12))));
  body.push(axisLabels(l));
  return svgDoc(l.width, l.height, body);
}

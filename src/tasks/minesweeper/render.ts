// Minesweeper picture: the board on the shared game layout (row numbers left, column numbers on top, as the answers
// count them), numbers in the classic per-value colours on pale revealed cells, blank cells in plain white. Mines are
// never drawn: a blank is a mine or a 0, exactly as in the text state.
import { axisLabels, boardLayout, centerOf } from '../common/game-board.js';
import { grid, PALETTE, svgDoc, textPath, STROKE } from '../render/index.js';
import type { MinesweeperState } from './state.js';

const NUMBER_COLOURS = ['', PALETTE.blue, PALETTE.green, PALETTE.red, PALETTE.purple, '#5d4037', PALETTE.teal, PALETTE.ink, '#616161'];

export function renderMinesweeper(s: MinesweeperState): string {
  const l = boardLayout(s.rows, s.cols);
  const body: string[] = [
    grid(l.x0, l.y0, s.rows, s.cols, l.cell, {
      fill: (r, c) => (s.clues[r][c] === null ? '#ffffff' : '#e8eef7'),
      width: STROKE.thin,
      outerWidth: STROKE.thick,
    }),
  ];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      const v = s.clues[r][c];
      if (v === null) continue;
      const [x, y] = centerOf(l, r, c);
      body.push(textPath(String(v), x, y, l.cell * 0.62, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: NUMBER_COLOURS[v] }));
    }
  }
  body.push(axisLabels(l));
  return svgDoc(l.width, l.height, body);
}

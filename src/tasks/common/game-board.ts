// Board layout shared by the grid game renderers (maze, nibbles): a square canvas with row numbers down the left
// and column numbers along the top, so an image answer can name cells as (row, col) exactly like the text variant.
// Sizes are in CANVAS user units and chosen to stay legible when the PNG is shrunk to 112 px (a quarter scale).
import { CANVAS, PALETTE, textPath } from '../render/index.js';

export interface BoardLayout {
  /** Top-left corner of the board proper. */
  x0: number;
  y0: number;
  cell: number;
  rows: number;
  cols: number;
  width: number;
  height: number;
}

const PAD = 10;

/** Places a rows×cols board on the canvas, leaving a label band on the top and left sides. */
export function boardLayout(rows: number, cols: number): BoardLayout {
  const band = Math.round(CANVAS * 0.07);
  const avail = CANVAS - band - 2 * PAD;
  const cell = Math.floor(avail / Math.max(rows, cols));
  const x0 = band + PAD + Math.floor((avail - cell * cols) / 2);
  const y0 = band + PAD + Math.floor((avail - cell * rows) / 2);
  return { x0, y0, cell, rows, cols, width: CANVAS, height: CANVAS };
}

/** Row indices left of the board and column indices above it (0-based, as the answers use). */
export function axisLabels(l: BoardLayout): string {
  const size = Math.min(22, l.cell * 0.45);
  const out: string[] = [];
  for (let c = 0; c < l.cols; c++) {
    out.push(textPath(String(c), l.x0 + (c + 0.5) * l.cell, l.y0 - size * 0.75, size, { anchor: 'middle', baseline: 'middle', color: PALETTE.ink }));
  }
  for (let r = 0; r < l.rows; r++) {
    out.push(textPath(String(r), l.x0 - size * 0.8, l.y0 + (r + 0.5) * l.cell, size, { anchor: 'middle', baseline: 'middle', color: PALETTE.ink }));
  }
  return out.join('');
}

/** Centre of cell (r, c). */
export function centerOf(l: BoardLayout, r: number, c: number): [number, number] {
  return [l.x0 + (c + 0.5) * l.cell, l.y0 + (r + 0.5) * l.cell];
}

/** A bold X centred in a cell, the end marker of the maze (as the official images draw it). */
export function crossMark(cx: number, cy: number, half: number, color: string, width: number): string {
  return (
    `<path d="M${cx - half} ${cy - half} L${cx + half} ${cy + half} M${cx - half} ${cy + half} L${cx + half} ${cy - half}" ` +
    `fill="none" stroke="${color}" stroke-width="${width}" stroke-linecap="round"/>`
  );
}

// Aquarium image: the grid with its tanks in distinct fills (neighbouring tanks never share one) and the clues.
import { CANVAS, PALETTE, REGION_FILLS, STROKE, line, rect, svgDoc, textPath } from '../render/index.js';
import type { AquariumState } from './state.js';

/** Greedy colouring so neighbouring tanks never share a fill. */
function tankColours(regions: number[][]): Map<number, string> {
  const out = new Map<number, string>();
  const n = regions.length;
  const ids = [...new Set(regions.flat())].sort((a, b) => a - b);
  for (const id of ids) {
    const used = new Set<string>();
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < regions[r].length; c++) {
        if (regions[r][c] !== id) continue;
        for (const [dr, dc] of [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ]) {
          const o = regions[r + dr]?.[c + dc];
          if (o !== undefined && o !== id && out.has(o)) used.add(out.get(o) as string);
        }
      }
    }
    out.set(id, REGION_FILLS.find((f) => !used.has(f)) ?? REGION_FILLS[0]);
  }
  return out;
}

/** Tanks as tinted areas with heavy borders, clues above the columns and left of the rows, indices outside. */
export function renderAquarium(s: AquariumState): string {
  const n = s.rows;
  const margin = 72;
  const cell = (CANVAS - margin - 16) / n;
  const x0 = margin;
  const y0 = margin;
  const fills = tankColours(s.regions);
  const body: string[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < s.cols; c++)
      body.push(rect(x0 + c * cell, y0 + r * cell, cell, cell, { fill: fills.get(s.regions[r][c]), stroke: PALETTE.faint, width: STROKE.thin }));
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < s.cols; c++) {
      const x = x0 + c * cell;
      const y = y0 + r * cell;
      if (c + 1 < s.cols && s.regions[r][c] !== s.regions[r][c + 1])
        body.push(line(x + cell, y, x + cell, y + cell, { stroke: PALETTE.ink, width: STROKE.thick }));
      if (r + 1 < n && s.regions[r][c] !== s.regions[r + 1][c]) body.push(line(x, y + cell, x + cell, y + cell, { stroke: PALETTE.ink, width: STROKE.thick }));
    }
  }
  body.push(rect(x0, y0, s.cols * cell, n * cell, { stroke: PALETTE.ink, width: STROKE.heavy }));
  const big = Math.min(30, cell * 0.55);
  const small = 16;
  for (let c = 0; c < s.cols; c++) {
    body.push(textPath(String(s.colClues[c]), x0 + (c + 0.5) * cell, y0 - 22, big, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    body.push(textPath(String(c), x0 + (c + 0.5) * cell, 14, small, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  }
  for (let r = 0; r < n; r++) {
    body.push(textPath(String(s.rowClues[r]), x0 - 24, y0 + (r + 0.5) * cell, big, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
    body.push(textPath(String(r), 12, y0 + (r + 0.5) * cell, small, { anchor: 'middle', baseline: 'middle', color: PALETTE.blue }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}

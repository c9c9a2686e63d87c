// Graph pictures for the graph families: vertices are numbered circles on a square grid (as the official generators
// lay them out), edges are straight lines between grid neighbours (or arrows for directed graphs) with optional weight
// labels on a white tag at the midpoint. Generators only join grid neighbours and at most one diagonal per grid
// square, so no two edges cross and no edge passes through a vertex. Sizes scale with the grid so a 3×3 graph stays
// readable at 112 px; a 5×5 one is meant for 448 px.
import { arrow, CANVAS, circle, line, PALETTE, rect, STROKE, svgDoc, textPath, textWidth } from '../render/index.js';

export interface GridGraph {
  /** Grid columns (and rows: the grid is square). */
  side: number;
  /** Grid cell of each vertex id: [row, col]. */
  pos: Map<string, [number, number]>;
  /** Edges to draw; `w` is an optional weight label. */
  edges: { u: string; v: string; w?: number }[];
  directed: boolean;
  /** Vertex drawn in red (a required start vertex). */
  highlight?: string;
}

export function renderGridGraph(g: GridGraph): string {
  const margin = CANVAS * 0.1;
  const step = g.side > 1 ? (CANVAS - 2 * margin) / (g.side - 1) : 0;
  const r = Math.min(34, step * 0.24);
  const font = r * 1.05;
  const xy = (v: string): [number, number] => {
    const [row, col] = g.pos.get(v) ?? [0, 0];
    return g.side > 1 ? [margin + col * step, margin + row * step] : [CANVAS / 2, CANVAS / 2];
  };
  const body: string[] = [];
  const edgeWidth = g.side <= 3 ? STROKE.thick : STROKE.normal;
  for (const e of g.edges) {
    const [x1, y1] = xy(e.u);
    const [x2, y2] = xy(e.v);
    const len = Math.hypot(x2 - x1, y2 - y1);
    const ux = (x2 - x1) / len;
    const uy = (y2 - y1) / len;
    if (g.directed) {
      body.push(arrow(x1 + ux * r, y1 + uy * r, x2 - ux * (r + 2), y2 - uy * (r + 2), { stroke: PALETTE.ink, width: edgeWidth, head: Math.max(12, r * 0.6) }));
    } else {
      body.push(line(x1, y1, x2, y2, { stroke: PALETTE.grid, width: edgeWidth }));
    }
  }
  for (const e of g.edges) {
    if (e.w === undefined) continue;
    const [x1, y1] = xy(e.u);
    const [x2, y2] = xy(e.v);
    const label = String(e.w);
    const size = font * 0.9;
    const w = textWidth(label, size, 'bold') + size * 0.5;
    const h = size * 1.05;
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2;
    body.push(rect(mx - w / 2, my - h / 2, w, h, { fill: PALETTE.lightYellow, stroke: PALETTE.orange, width: STROKE.thin, rx: 4 }));
    body.push(textPath(label, mx, my, size, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.ink }));
  }
  for (const v of g.pos.keys()) {
    const [x, y] = xy(v);
    const hot = v === g.highlight;
    body.push(circle(x, y, r, { fill: hot ? PALETTE.lightRed : PALETTE.lightBlue, stroke: hot ? PALETTE.red : PALETTE.blue, width: STROKE.normal }));
    body.push(textPath(v, x, y, font, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: hot ? PALETTE.red : PALETTE.ink }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}

/** Candidate undirected edges of a side×side grid: neighbours across, down, and one diagonal per square. */
export function gridCandidateEdges(side: number, diagonalPick: (row: number, col: number) => 'main' | 'anti' | 'none'): [number, number][] {
  const id = (row: number, col: number): number => row * side + col;
  const out: [number, number][] = [];
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      if (col + 1 < side) out.push([id(row, col), id(row, col + 1)]);
      if (row + 1 < side) out.push([id(row, col), id(row + 1, col)]);
      if (row + 1 < side && col + 1 < side) {
        const d = diagonalPick(row, col);
        if (d === 'main') out.push([id(row, col), id(row + 1, col + 1)]);
        else if (d === 'anti') out.push([id(row, col + 1), id(row + 1, col)]);
      }
    }
  }
  return out;
}

// Max-flow picture: the layered DAG drawn left to right (one column per layer, the source on the left, the sink on the
// right), arrows for edges and each capacity on a yellow tag bordered in its edge's colour, in the same style as the other graph pictures
// (common/graph-render.ts). Edges between consecutive layers can cross, so a tag is not always at the midpoint: each
// tag takes the first position along its edge (from a fixed list) whose box does not overlap a tag already placed
// or a vertex, which keeps every number readable.
import { arrow, CANVAS, circle, PALETTE, rect, STROKE, svgDoc, textPath, textWidth } from '../render/index.js';

export interface FlowDrawing {
  /** Vertex ids per layer, source layer first. */
  layers: number[][];
  edges: Array<[number, number, number]>;
  source: number;
  sink: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box): boolean => Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;

export function renderMaxFlow(d: FlowDrawing): string {
  const margin = CANVAS * 0.06;
  const cols = d.layers.length;
  const dx = (CANVAS - 2 * margin) / (cols - 1);
  const r = Math.min(26, dx * 0.24);
  const pos = new Map<number, [number, number]>();
  // Each layer uses the full height (spacing capped), so edges are long enough to carry their tags.
  const span = CANVAS - 2 * margin - 2 * r;
  d.layers.forEach((layer, i) => {
    const dy = layer.length > 1 ? Math.min(150, span / (layer.length - 1)) : 0;
    layer.forEach((v, j) => pos.set(v, [margin + r + i * (dx - (2 * r) / (cols - 1)), CANVAS / 2 + (j - (layer.length - 1) / 2) * dy]));
  });
  const body: string[] = [];
  const tags: string[] = [];
  const font = Math.max(16, r * 0.8);
  const taken: Box[] = [...pos.values()].map(([x, y]) => ({ x, y, w: 2 * r, h: 2 * r }));
  const spots = [0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58];
  // Each edge and its tag border share a colour (as in the official pictures), so a tag is matched to its arrow.
  const colours = [PALETTE.blue, PALETTE.red, PALETTE.green, PALETTE.purple, PALETTE.orange, PALETTE.teal, PALETTE.ink];
  for (const [k, [u, v, cap]] of d.edges.entries()) {
    const colour = colours[k % colours.length];
    const [x1, y1] = pos.get(u) as [number, number];
    const [x2, y2] = pos.get(v) as [number, number];
    const len = Math.hypot(x2 - x1, y2 - y1);
    const ux = (x2 - x1) / len;
    const uy = (y2 - y1) / len;
    body.push(arrow(x1 + ux * r, y1 + uy * r, x2 - ux * (r + 2), y2 - uy * (r + 2), { stroke: colour, width: STROKE.normal, head: 13 }));
    const label = String(cap);
    const w = textWidth(label, font, 'bold') + font * 0.5;
    const h = font * 1.1;
    let box: Box = { x: x1 + (x2 - x1) * 0.5, y: y1 + (y2 - y1) * 0.5, w, h };
    for (const t of spots) {
      const cand = { x: x1 + (x2 - x1) * t, y: y1 + (y2 - y1) * t, w, h };
      if (!taken.some((b) => overlaps(b, cand))) {
        box = cand;
        break;
      }
    }
    taken.push(box);
    tags.push(rect(box.x - w / 2, box.y - h / 2, w, h, { fill: PALETTE.lightYellow, stroke: colour, width: STROKE.normal, rx: 4 }));
    tags.push(textPath(label, box.x, box.y, font, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.ink }));
  }
  body.push(...tags);
  for (const [v, [x, y]] of pos) {
    const end = v === d.source || v === d.sink;
    body.push(circle(x, y, r, { fill: end ? PALETTE.lightRed : PALETTE.lightBlue, stroke: end ? PALETTE.red : PALETTE.blue, width: STROKE.normal }));
    body.push(textPath(String(v), x, y, r * 1.05, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: end ? PALETTE.red : PALETTE.ink }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}

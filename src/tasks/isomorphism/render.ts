// One picture per graph, in the style of the other graph pictures (common/graph-render.ts): numbered light-blue
// circles, dark straight edges, and the graph's name (G1 / G2) in the top-left corner. Vertices sit on a circle in
// the order of a depth-first walk from a random vertex, so neighbours tend to be close and few edges cross, and the
// two pictures of an isomorphic pair do not look alike by construction.
import { CANVAS, circle, line, PALETTE, STROKE, svgDoc, textPath } from '../render/index.js';
import type { Rng } from '../types.js';
import type { SimpleGraph } from './solve.js';

/** Circle order: depth-first from a random vertex, neighbours shuffled; the direction of travel is random too. */
export function circleOrder(g: SimpleGraph, rng: Rng): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  const visit = (v: number): void => {
    seen.add(v);
    order.push(v);
    for (const w of rng.shuffle([...g[v]])) if (!seen.has(w)) visit(w);
  };
  visit(rng.int(0, g.length - 1));
  for (let v = 0; v < g.length; v++) if (!seen.has(v)) visit(v);
  return rng.next() < 0.5 ? order : order.reverse();
}

export function renderGraph(g: SimpleGraph, name: string, order: number[], rotation: number): string {
  const n = g.length;
  const cx = CANVAS / 2;
  const cy = CANVAS / 2 + 12;
  const R = CANVAS * 0.36;
  const r = 24;
  const pos = new Array<[number, number]>(n);
  order.forEach((v, k) => {
    const a = rotation + (2 * Math.PI * k) / n;
    pos[v] = [cx + R * Math.cos(a), cy + R * Math.sin(a)];
  });
  const body: string[] = [textPath(name, 14, 26, 30, { baseline: 'middle', weight: 'bold', color: PALETTE.ink })];
  for (let u = 0; u < n; u++) {
    for (const v of g[u]) if (u < v) body.push(line(pos[u][0], pos[u][1], pos[v][0], pos[v][1], { stroke: PALETTE.grid, width: STROKE.thick }));
  }
  for (let v = 0; v < n; v++) {
    body.push(circle(pos[v][0], pos[v][1], r, { fill: PALETTE.lightBlue, stroke: PALETTE.blue, width: STROKE.normal }));
    body.push(textPath(String(v), pos[v][0], pos[v][1], r * 1.05, { anchor: 'middle', baseline: 'middle', weight: 'bold', color: PALETTE.ink }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}

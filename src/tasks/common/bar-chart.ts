// Bar charts for the array algorithm families: one bar per element with its value above it and its index below, on a
// light baseline. Optional per-bar overlays (trapped water) are drawn stacked on the bars. Value labels shrink with the
// bar width; up to ~12 bars they stay readable at 112 px, longer arrays need the 448 px render (or the text variant).
import { CANVAS, line, PALETTE, rect, STROKE, svgDoc, textPath } from '../render/index.js';

export interface BarChartOptions {
  /** Extra block drawn on top of bar i (e.g. water), same units as the values. */
  overlay?: number[];
  overlayColor?: string;
  barColor?: string;
  /** Label under the axis, e.g. "day" or "index". */
  axisLabel?: string;
}

export function renderBarChart(values: number[], o: BarChartOptions = {}): string {
  const n = Math.max(1, values.length);
  const left = 16;
  const right = CANVAS - 16;
  const top = 40;
  const baseY = CANVAS - 58;
  const slot = (right - left) / n;
  const barW = slot * 0.8;
  const tops = values.map((v, i) => v + (o.overlay?.[i] ?? 0));
  const maxV = Math.max(1, ...tops);
  const unit = (baseY - top) / maxV;
  const font = Math.max(7, Math.min(30, slot * 0.55));
  const body: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = left + i * slot + (slot - barW) / 2;
    const h = Math.max(0, values[i]) * unit;
    if (h > 0) body.push(rect(x, baseY - h, barW, h, { fill: o.barColor ?? PALETTE.blue }));
    const extra = Math.max(0, o.overlay?.[i] ?? 0) * unit;
    if (extra > 0) body.push(rect(x, baseY - h - extra, barW, extra, { fill: o.overlayColor ?? PALETTE.lightBlue, stroke: PALETTE.teal, width: STROKE.thin }));
    body.push(textPath(String(values[i]), x + barW / 2, baseY - h - extra - font * 0.35, font, { anchor: 'middle', weight: 'bold' }));
    if (n <= 40 || i % 5 === 0) {
      body.push(textPath(String(i), x + barW / 2, baseY + font * 0.45 + 4, Math.min(font, 18), { anchor: 'middle', baseline: 'middle', color: PALETTE.faint }));
    }
  }
  body.push(line(left - 4, baseY, right + 4, baseY, { stroke: PALETTE.ink, width: STROKE.normal }));
  if (o.axisLabel) body.push(textPath(o.axisLabel, CANVAS / 2, CANVAS - 6, 16, { anchor: 'middle', color: PALETTE.faint }));
  return svgDoc(CANVAS, CANVAS, body);
}

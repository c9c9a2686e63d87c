// Tiny SVG builders shared by every task renderer, so all 42 families speak one visual language: white
// background, the same ink colours, the same stroke widths. Everything returns plain strings; numbers are
// rounded to 2 decimals so the SVG (and hence the PNG) is byte-stable across platforms.
//
// Convention: renderers draw on a canvas of CANVAS user units on its longest side and rasterise to any pixel
// size; stroke widths below are tuned so lines stay visible at 112 px (a quarter of CANVAS).

/** Longest side of the drawing canvas, in user units (1 unit = 1 px at the default 448 px render). */
export const CANVAS = 448;

/** The palette. Renderers pick from here instead of inventing colours, so tasks look alike. */
export const PALETTE = {
  background: '#ffffff',
  ink: '#111111', // text, outlines, pieces
  grid: '#333333', // cell lines
  faint: '#b8b8b8', // secondary lines, hints
  shade: '#e6e6e6', // empty-but-special cells (walls of a histogram, disabled cells)
  dark: '#3a3a3a', // filled/black cells (hitori, tapa, nonogram)
  blue: '#1f5fbf',
  red: '#c62828',
  green: '#2e7d32',
  orange: '#ef7d00',
  purple: '#6a1b9a',
  teal: '#00838f',
  yellow: '#f9d648',
  brown: '#7b4a2a', // sokoban walls (the official image legend's "brown blocks")
  lightBlue: '#cfe3fa',
  lightRed: '#f8d0d0',
  lightGreen: '#d3efd3',
  lightYellow: '#fdf2c4',
} as const;

/** Distinct fills for regions/cages/pieces, light enough that black text on them stays readable. */
export const REGION_FILLS = ['#cfe3fa', '#f8d0d0', '#d3efd3', '#fdf2c4', '#e3d4f2', '#d0f0ef', '#fbe0c8', '#e8e8e8', '#f4d3e8', '#dfeccb'] as const;

/** Stroke widths in user units (see CANVAS). `thin` is the lightest that survives a 112 px render. */
export const STROKE = { thin: 2, normal: 3, thick: 5, heavy: 8 } as const;

export interface Style {
  fill?: string;
  stroke?: string;
  /** Stroke width in user units. */
  width?: number;
  /** Dash pattern in user units, e.g. [6, 4]. */
  dash?: number[];
  opacity?: number;
  linecap?: 'butt' | 'round' | 'square';
  linejoin?: 'miter' | 'round' | 'bevel';
}

/** Rounds to 2 decimals and drops trailing zeros: stable text for the same geometry on every machine. */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`svg: coordinate must be finite, got ${v}`);
  const r = Math.round(v * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The presentation attributes of a Style; fill defaults to none so outlines are the default. */
export function styleAttrs(s: Style, defaultFill = 'none'): string {
  const parts = [`fill="${esc(s.fill ?? defaultFill)}"`];
  if (s.stroke) {
    parts.push(`stroke="${esc(s.stroke)}"`, `stroke-width="${num(s.width ?? STROKE.normal)}"`);
    if (s.linecap) parts.push(`stroke-linecap="${s.linecap}"`);
    if (s.linejoin) parts.push(`stroke-linejoin="${s.linejoin}"`);
    if (s.dash && s.dash.length > 0) parts.push(`stroke-dasharray="${s.dash.map(num).join(' ')}"`);
  }
  if (s.opacity !== undefined) parts.push(`opacity="${num(s.opacity)}"`);
  return parts.join(' ');
}

/**
 * A complete SVG document: `width`×`height` user units, viewBox from the origin, white background first.
 * `body` is the already-built elements, in paint order.
 */
export function svgDoc(width: number, height: number, body: string | readonly string[]): string {
  if (!(width > 0) || !(height > 0)) throw new Error(`svgDoc: width and height must be > 0, got ${width}×${height}`);
  const w = num(width);
  const h = num(height);
  const content = typeof body === 'string' ? body : body.join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="${PALETTE.background}"/>${content}</svg>`
  );
}

export function rect(x: number, y: number, w: number, h: number, s: Style & { rx?: number } = {}): string {
  const rx = s.rx ? ` rx="${num(s.rx)}"` : '';
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}"${rx} ${styleAttrs(s)}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, s: Style = {}): string {
  const st: Style = { stroke: PALETTE.ink, linecap: 'round', ...s };
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" ${styleAttrs(st)}/>`;
}

export function circle(cx: number, cy: number, r: number, s: Style = {}): string {
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" ${styleAttrs(s)}/>`;
}

export type Point = readonly [number, number];

/** Open polyline, or a closed polygon with `closed: true`. */
export function polyline(points: readonly Point[], s: Style & { closed?: boolean } = {}): string {
  const pts = points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
  const st: Style = { linejoin: 'round', linecap: 'round', ...s };
  return s.closed ? `<polygon points="${pts}" ${styleAttrs(st)}/>` : `<polyline points="${pts}" ${styleAttrs(st)}/>`;
}

/** Raw path data (absolute or relative commands); the caller formats numbers with num(). */
export function path(d: string, s: Style = {}): string {
  return `<path d="${esc(d)}" ${styleAttrs(s)}/>`;
}

/** Group with an optional transform, e.g. `translate(10,20)`. */
export function group(children: string | readonly string[], transform?: string): string {
  const body = typeof children === 'string' ? children : children.join('');
  return transform ? `<g transform="${esc(transform)}">${body}</g>` : `<g>${body}</g>`;
}

/**
 * A straight arrow from (x1,y1) to (x2,y2) with a filled triangular head whose tip is exactly at (x2,y2).
 * `head` is the head length (default 4× stroke width, at least 10), so arrows stay visible when shrunk.
 */
export function arrow(x1: number, y1: number, x2: number, y2: number, s: Style & { head?: number } = {}): string {
  const color = s.stroke ?? PALETTE.ink;
  const width = s.width ?? STROKE.normal;
  const head = s.head ?? Math.max(10, width * 4);
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len === 0) return '';
  const ux = (x2 - x1) / len;
  const uy = (y2 - y1) / len;
  // Stop the shaft inside the head so the round cap never pokes through the tip.
  const bx = x2 - ux * head;
  const by = y2 - uy * head;
  const half = head * 0.45;
  const shaft = line(x1, y1, x2 - ux * head * 0.6, y2 - uy * head * 0.6, { ...s, stroke: color, width });
  const tip = polyline(
    [
      [x2, y2],
      [bx - uy * half, by + ux * half],
      [bx + uy * half, by - ux * half],
    ],
    { closed: true, fill: color, stroke: color, width: 1, linejoin: 'miter' },
  );
  return shaft + tip;
}

export interface GridOptions {
  /** Inner line style. */
  stroke?: string;
  width?: number;
  /** Outer border width; defaults to the inner width + 2 so the board edge reads as an edge. */
  outerWidth?: number;
  /** Per-cell fill (row, col) → colour or undefined for none; drawn under the lines. */
  fill?: (row: number, col: number) => string | undefined;
}

/** A rows×cols board of square cells of side `cell` with top-left corner (x, y). */
export function grid(x: number, y: number, rows: number, cols: number, cell: number, o: GridOptions = {}): string {
  const stroke = o.stroke ?? PALETTE.grid;
  const width = o.width ?? STROKE.thin;
  const out: string[] = [];
  if (o.fill) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const f = o.fill(r, c);
        if (f) out.push(rect(x + c * cell, y + r * cell, cell, cell, { fill: f }));
      }
    }
  }
  for (let r = 1; r < rows; r++) out.push(line(x, y + r * cell, x + cols * cell, y + r * cell, { stroke, width, linecap: 'butt' }));
  for (let c = 1; c < cols; c++) out.push(line(x + c * cell, y, x + c * cell, y + rows * cell, { stroke, width, linecap: 'butt' }));
  out.push(rect(x, y, cols * cell, rows * cell, { stroke, width: o.outerWidth ?? width + 2 }));
  return out.join('');
}

/** Centre of cell (row, col) of a grid whose top-left corner is (x, y). */
export function cellCenter(x: number, y: number, cell: number, row: number, col: number): [number, number] {
  return [x + (col + 0.5) * cell, y + (row + 0.5) * cell];
}

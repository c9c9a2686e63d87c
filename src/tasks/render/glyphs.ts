// A small stroke font of our own, drawn as SVG paths, so task images render identically on a machine with no
// system fonts (librsvg would otherwise ask fontconfig for one, and a missing font silently drops the text).
//
// Font units: cap height and ascender top at y=0, x-height at y=3, baseline at y=10, descender at y=13; y points
// down as in SVG. Each glyph is [advance width, absolute path data using only M L C Q Z]; strokes have round caps
// and joins, and dots are 0.3-unit segments so the round cap makes them visible.
import { PALETTE, num } from './svg.js';

type Glyph = readonly [width: number, d: string];

/** Closed ellipse through its top and bottom points (cubic half-ellipses with the 4/3 control rule). */
function ell(cx: number, cy: number, rx: number, ry: number): string {
  const k = (4 / 3) * rx;
  const t = cy - ry;
  const b = cy + ry;
  return `M${cx} ${t} C${cx + k} ${t} ${cx + k} ${b} ${cx} ${b} C${cx - k} ${b} ${cx - k} ${t} ${cx} ${t} Z`;
}

const dot = (x: number, y: number): string => `M${x} ${y - 0.3} L${x} ${y}`;
const BOWL = ell(2.5, 6.5, 2.5, 3.5); // the lowercase bowl shared by a b d g p q

const GLYPHS: Record<string, Glyph> = {
  ' ': [3.5, ''],
  '0': [6, `${ell(3, 5, 3, 5)} M4.6 2.2 L1.4 7.8`],
  '1': [5, 'M0.8 2.2 L3 0 L3 10 M0.5 10 L5 10'],
  '2': [6, 'M0.4 2 C1 -0.6 5.9 -0.6 5.8 2.8 C5.6 5 2 7 0 10 L6 10'],
  '3': [6, 'M0.4 1 C2 -0.6 6 -0.3 5.5 2.6 C5.2 4.4 3.5 4.8 2.5 4.8 C4 4.8 6.2 5.4 6 7.5 C5.6 10.6 1.5 10.5 0.2 8.8'],
  '4': [6.2, 'M4.6 10 L4.6 0 L0 7 L6.2 7'],
  '5': [6, 'M5.6 0 L1 0 L0.5 4.3 C2 3.3 6 3 6 6.8 C6 10.5 1.5 10.6 0.2 9'],
  '6': [6, 'M5 0.8 C3 -0.6 0.2 0.5 0.1 5.5 C0 9 1.5 10 3 10 C5 10 6 8.8 6 6.8 C6 4.8 4.8 3.8 3 3.8 C1.5 3.8 0.3 5 0.1 6.5'],
  '7': [6, 'M0 0 L6 0 L2 10'],
  '8': [6, 'M3 4.6 C0.6 4.6 0.6 0 3 0 C5.4 0 5.4 4.6 3 4.6 C0.1 4.6 0 10 3 10 C6 10 5.9 4.6 3 4.6 Z'],
  '9': [6, 'M1 9.2 C3 10.6 5.8 9.5 5.9 4.5 C6 1 4.5 0 3 0 C1 0 0 1.2 0 3.2 C0 5.2 1.2 6.2 3 6.2 C4.5 6.2 5.7 5 5.9 3.5'],
  A: [6.4, 'M0 10 L3.2 0 L6.4 10 M1.2 6.6 L5.2 6.6'],
  B: [5.8, 'M0 10 L0 0 L3.3 0 C5.7 0 5.7 4.8 3.3 4.8 L0 4.8 M3.3 4.8 C6.3 4.8 6.3 10 3.3 10 L0 10'],
  C: [6, 'M6 1.5 C4.5 -0.5 0 -0.5 0 5 C0 10.5 4.5 10.5 6 8.5'],
  D: [6, 'M0 0 L0 10 L2.5 10 C6.7 10 6.7 0 2.5 0 Z'],
  E: [5.4, 'M5.4 0 L0 0 L0 10 L5.4 10 M0 5 L4.4 5'],
  F: [5.4, 'M5.4 0 L0 0 L0 10 M0 5 L4.4 5'],
  G: [6.3, 'M6 1.5 C4.5 -0.5 0 -0.5 0 5 C0 10.5 5 10.5 6.3 8.5 L6.3 5.6 L3.6 5.6'],
  H: [6, 'M0 0 L0 10 M6 0 L6 10 M0 5 L6 5'],
  I: [3, 'M0 0 L3 0 M1.5 0 L1.5 10 M0 10 L3 10'],
  J: [5, 'M5 0 L5 7 C5 10.5 0.5 10.5 0 8'],
  K: [6, 'M0 0 L0 10 M5.8 0 L0 6 M2 4 L6 10'],
  L: [5, 'M0 0 L0 10 L5 10'],
  M: [7.4, 'M0 10 L0 0 L3.7 6.5 L7.4 0 L7.4 10'],
  N: [6, 'M0 10 L0 0 L6 10 L6 0'],
  O: [7, ell(3.5, 5, 3.5, 5)],
  P: [5.8, 'M0 10 L0 0 L3.3 0 C6.1 0 6.1 5.2 3.3 5.2 L0 5.2'],
  Q: [7, `${ell(3.5, 5, 3.5, 5)} M4.2 7.2 L7.2 10.6`],
  R: [6, 'M0 10 L0 0 L3.3 0 C6.1 0 6.1 5.2 3.3 5.2 L0 5.2 M3 5.2 L6 10'],
  S: [6, 'M5.7 1.3 C4.5 -0.5 0.3 -0.4 0.3 2.5 C0.3 5.2 5.8 4.6 5.8 7.5 C5.8 10.5 1.2 10.5 0 8.5'],
  T: [6.4, 'M0 0 L6.4 0 M3.2 0 L3.2 10'],
  U: [6, 'M0 0 L0 7 C0 10.7 6 10.7 6 7 L6 0'],
  V: [6.4, 'M0 0 L3.2 10 L6.4 0'],
  W: [8.6, 'M0 0 L2.1 10 L4.3 3 L6.5 10 L8.6 0'],
  X: [6, 'M0 0 L6 10 M6 0 L0 10'],
  Y: [6.4, 'M0 0 L3.2 5.2 L6.4 0 M3.2 5.2 L3.2 10'],
  Z: [6, 'M0 0 L6 0 L0 10 L6 10'],
  a: [5, `${BOWL} M5 3 L5 10`],
  b: [5, `${BOWL} M0 0 L0 10`],
  c: [5, 'M5 4.2 C3.8 2.5 0 2.5 0 6.5 C0 10.5 3.8 10.5 5 8.8'],
  d: [5, `${BOWL} M5 0 L5 10`],
  e: [5, 'M0.2 6.5 L5 6.5 C5 2.5 0 2.5 0 6.5 C0 10.5 3.8 10.5 4.8 9'],
  f: [4, 'M4 0.5 C2.5 -0.3 1.3 0.3 1.3 2 L1.3 10 M0 3.5 L3.6 3.5'],
  g: [5, `${BOWL} M5 3 L5 11 C5 13.8 1 13.8 0.3 12.3`],
  h: [5, 'M0 0 L0 10 M0 5.5 C0.8 2.5 5 2.3 5 5.5 L5 10'],
  i: [1, `M0.5 3 L0.5 10 ${dot(0.5, 0.9)}`],
  j: [3, `M2.5 3 L2.5 11 C2.5 13.5 0.5 13.5 0 12.8 ${dot(2.5, 0.9)}`],
  k: [5, 'M0 0 L0 10 M4.8 3 L0 7.3 M1.8 5.8 L5 10'],
  l: [2, 'M0.5 0 L0.5 8.6 C0.5 10 1.5 10.2 2 9.8'],
  m: [8, 'M0 3 L0 10 M0 5 C0.5 2.6 4 2.4 4 5 L4 10 M4 5 C4.5 2.6 8 2.4 8 5 L8 10'],
  n: [5, 'M0 3 L0 10 M0 5.5 C0.8 2.5 5 2.3 5 5.5 L5 10'],
  o: [5.4, ell(2.7, 6.5, 2.7, 3.5)],
  p: [5, `${BOWL} M0 3 L0 13`],
  q: [5, `${BOWL} M5 3 L5 13`],
  r: [4, 'M0 3 L0 10 M0 6 C0.5 3.5 2.5 2.6 4 3.4'],
  s: [4.5, 'M4.3 4 C3.5 2.6 0.3 2.6 0.3 4.8 C0.3 6.8 4.5 6 4.5 8.2 C4.5 10.6 0.8 10.5 0 9.2'],
  t: [4, 'M1.3 0.8 L1.3 8.5 C1.3 10.2 2.8 10.3 4 9.7 M0 3.5 L3.7 3.5'],
  u: [5, 'M0 3 L0 7.5 C0 10.8 4.5 10.6 5 7.5 M5 3 L5 10'],
  v: [5, 'M0 3 L2.5 10 L5 3'],
  w: [7, 'M0 3 L1.75 10 L3.5 4.5 L5.25 10 L7 3'],
  x: [5, 'M0 3 L5 10 M5 3 L0 10'],
  y: [5, 'M0 3 L2.5 10 M5 3 L2 11.8 C1.6 13 0.8 13.2 0 13'],
  z: [5, 'M0 3 L5 3 L0 10 L5 10'],
  '+': [5, 'M2.5 3 L2.5 8 M0 5.5 L5 5.5'],
  '-': [4, 'M0 5.5 L4 5.5'],
  '−': [5, 'M0 5.5 L5 5.5'],
  '×': [4.4, 'M0.2 3.5 L4.2 7.5 M4.2 3.5 L0.2 7.5'],
  '÷': [5, `M0 5.5 L5 5.5 ${dot(2.5, 3.2)} ${dot(2.5, 8)}`],
  '*': [4.4, 'M2.2 2 L2.2 7 M0 3.2 L4.4 5.8 M4.4 3.2 L0 5.8'],
  '/': [4, 'M4 -0.5 L0 10.5'],
  '\\': [4, 'M0 -0.5 L4 10.5'],
  '=': [5, 'M0 4 L5 4 M0 7 L5 7'],
  '<': [5, 'M5 2 L0 5.5 L5 9'],
  '>': [5, 'M0 2 L5 5.5 L0 9'],
  '≤': [5, 'M5 1.5 L0 4.5 L5 7.5 M0 10 L5 10'],
  '≥': [5, 'M0 1.5 L5 4.5 L0 7.5 M0 10 L5 10'],
  '≠': [5, 'M0 4 L5 4 M0 7 L5 7 M4 1.5 L1 9.5'],
  '(': [2.6, 'M2.6 -0.5 C-0.6 3 -0.6 8 2.6 11.5'],
  ')': [2.6, 'M0 -0.5 C3.2 3 3.2 8 0 11.5'],
  '[': [2.5, 'M2.5 -0.5 L0 -0.5 L0 11.5 L2.5 11.5'],
  ']': [2.5, 'M0 -0.5 L2.5 -0.5 L2.5 11.5 L0 11.5'],
  '{': [3, 'M3 -0.5 C1.5 -0.5 1.5 0.5 1.5 2 L1.5 4 C1.5 5 1 5.5 0 5.5 C1 5.5 1.5 6 1.5 7 L1.5 9 C1.5 10.5 1.5 11.5 3 11.5'],
  '}': [3, 'M0 -0.5 C1.5 -0.5 1.5 0.5 1.5 2 L1.5 4 C1.5 5 2 5.5 3 5.5 C2 5.5 1.5 6 1.5 7 L1.5 9 C1.5 10.5 1.5 11.5 0 11.5'],
  '|': [1, 'M0.5 -0.5 L0.5 11.5'],
  ',': [1, 'M1 9.6 L0.2 12'],
  '.': [0.6, dot(0.3, 10)],
  ':': [0.6, `${dot(0.3, 4)} ${dot(0.3, 10)}`],
  ';': [1, `${dot(0.8, 4)} M1 9.6 L0.2 12`],
  '?': [5, `M0.2 2 C0.8 -0.7 5 -0.6 5 2.2 C5 4.2 2.5 4.5 2.5 6.8 ${dot(2.5, 10)}`],
  '!': [0.6, `M0.3 0 L0.3 7 ${dot(0.3, 10)}`],
  '#': [6, 'M2.2 0.5 L1.2 10 M5 0.5 L4 10 M0.4 3.5 L6 3.5 M0 7 L5.6 7'],
  '@': [
    9,
    `${ell(4.4, 5.5, 1.8, 2)} M6.3 3.5 L6.3 7 C6.3 8.5 9 8.5 9 5.5 C9 1 6 -0.5 4.5 -0.5 C1.5 -0.5 0 2.5 0 5.5 C0 9.5 2.5 11 4.5 11 C5.5 11 6.5 10.8 7.2 10.3`,
  ],
  '%': [6, `M6 0 L0 10 ${ell(1.2, 1.8, 1.2, 1.6)} ${ell(4.8, 8.2, 1.2, 1.6)}`],
  '&': [6.4, 'M6.4 10 L1.2 3.8 C0 2.2 1 0 2.6 0 C4.2 0 5 2 3.6 3.6 L1 6 C-0.6 8 0.8 10 2.8 10 C4.4 10 5.6 8.6 6 7'],
  $: [5.4, 'M5.2 1.8 C4.2 0.5 0.3 0.4 0.3 2.9 C0.3 5.2 5.4 4.6 5.4 7.2 C5.4 9.8 1 9.8 0 8.3 M2.7 -0.5 L2.7 10.5'],
  '^': [4.4, 'M0 3 L2.2 0 L4.4 3'],
  '~': [5.5, 'M0 6 C1 4.3 2 4.3 2.75 5.5 C3.5 6.7 4.5 6.7 5.5 5'],
  _: [5, 'M0 11 L5 11'],
  "'": [0.6, 'M0.3 0 L0.3 3'],
  '"': [2.2, 'M0.3 0 L0.3 3 M1.9 0 L1.9 3'],
  '·': [0.6, dot(0.3, 5.5)],
  '°': [3, ell(1.5, 1.5, 1.5, 1.5)],
  '→': [7.5, 'M0 5.5 L7.5 5.5 M4.7 2.7 L7.5 5.5 L4.7 8.3'],
  '←': [7.5, 'M7.5 5.5 L0 5.5 M2.8 2.7 L0 5.5 L2.8 8.3'],
  '↑': [5.6, 'M2.8 10 L2.8 0.5 M0 3.3 L2.8 0.5 L5.6 3.3'],
  '↓': [5.6, 'M2.8 0.5 L2.8 10 M0 7.2 L2.8 10 L5.6 7.2'],
  '↔': [8, 'M0 5.5 L8 5.5 M2.6 2.9 L0 5.5 L2.6 8.1 M5.4 2.9 L8 5.5 L5.4 8.1'],
  '↕': [5.6, 'M2.8 0 L2.8 10.5 M0 2.6 L2.8 0 L5.6 2.6 M0 7.9 L2.8 10.5 L5.6 7.9'],
};

/** Stroke widths in font units; bold is what small (112 px) renders should use. */
const WEIGHTS = { normal: 1.5, bold: 2.1 } as const;
/** Cap height as a fraction of the font size, as in common sans fonts. */
const CAP_RATIO = 0.7;
/** Ink-to-ink gap between neighbouring glyphs, in font units (added to the stroke width). */
const GAP = 1.7;

export type Anchor = 'start' | 'middle' | 'end';

export interface TextOptions {
  /** Horizontal alignment of `x`, as SVG text-anchor. Default 'start'. */
  anchor?: Anchor;
  /** 'alphabetic': `y` is the baseline (SVG default); 'middle': `y` is the middle of the capitals (centring in a cell). */
  baseline?: 'alphabetic' | 'middle';
  color?: string;
  weight?: keyof typeof WEIGHTS;
}

/** True when every character of `text` has a glyph. */
export function canRender(text: string): boolean {
  return [...text].every((ch) => ch in GLYPHS);
}

/** Every character this font draws, for tests and docs. */
export function supportedChars(): string[] {
  return Object.keys(GLYPHS);
}

function glyphFor(ch: string, text: string): Glyph {
  const g = GLYPHS[ch];
  if (!g) {
    const code = ch.codePointAt(0)?.toString(16).padStart(4, '0') ?? '?';
    throw new Error(`textPath: no glyph for '${ch}' (U+${code}) in ${JSON.stringify(text)}; expected one of ${supportedChars().join('')}`);
  }
  return g;
}

function units(size: number): number {
  return (size * CAP_RATIO) / 10;
}

/** Rendered width of `text` in user units at font size `size` (ink box, without the stroke overhang). */
export function textWidth(text: string, size: number, weight: keyof typeof WEIGHTS = 'normal'): number {
  const chars = [...text];
  if (chars.length === 0) return 0;
  let w = 0;
  for (const ch of chars) w += glyphFor(ch, text)[0];
  w += (chars.length - 1) * (GAP + WEIGHTS[weight]);
  return w * units(size);
}

/** Scales and translates absolute path data (commands M L C Q Z only, as the glyph table uses). */
function placePath(d: string, ox: number, oy: number, k: number): string {
  const tokens = d.match(/[MLCQZ]|-?\d*\.?\d+/g) ?? [];
  const out: string[] = [];
  let isX = true;
  for (const tok of tokens) {
    if (/^[MLCQZ]$/.test(tok)) {
      out.push(tok);
      isX = true;
      continue;
    }
    const v = Number(tok);
    out.push(num(isX ? ox + v * k : oy + v * k));
    isX = !isX;
  }
  return out
    .join(' ')
    .replace(/ ?([MLCQZ]) /g, '$1')
    .replace(/ Z/g, 'Z');
}

/**
 * `text` drawn as one stroked <path> at (x, y) with font size `size` (user units, like SVG font-size; the
 * capitals are 0.7·size tall). Throws on characters the font lacks, naming them, so a generator can never emit
 * an image with silently missing text.
 */
export function textPath(text: string, x: number, y: number, size: number, o: TextOptions = {}): string {
  const weight = o.weight ?? 'normal';
  const k = units(size);
  const width = textWidth(text, size, weight);
  let left = x;
  if (o.anchor === 'middle') left = x - width / 2;
  else if (o.anchor === 'end') left = x - width;
  // Font y=0 is the cap top and y=10 the baseline: shift so the requested line lands on `y`.
  const top = o.baseline === 'middle' ? y - 5 * k : y - 10 * k;
  const parts: string[] = [];
  let cursor = left;
  for (const ch of text) {
    const [w, d] = glyphFor(ch, text);
    if (d) parts.push(placePath(d, cursor, top, k));
    cursor += (w + GAP + WEIGHTS[weight]) * k;
  }
  if (parts.length === 0) return '';
  const color = o.color ?? PALETTE.ink;
  return (
    `<path d="${parts.join('')}" fill="none" stroke="${color}" stroke-width="${num(WEIGHTS[weight] * k)}" ` + 'stroke-linecap="round" stroke-linejoin="round"/>'
  );
}

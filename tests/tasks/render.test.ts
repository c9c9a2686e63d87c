// The rendering API: PNGs decode at the stated size, text drawn as paths puts ink where the text is (at 448 px
// and at 112 px), every glyph draws something, and output bytes are deterministic.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  CANVAS,
  arrow,
  canRender,
  grid,
  num,
  rasterize,
  supportedChars,
  svgDoc,
  svgSize,
  targetSize,
  textPath,
  textWidth,
} from '../../src/tasks/render/index.js';

/** Greyscale pixels of a PNG plus its size. */
async function grey(png: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Dark pixels (< 128) inside the box [x0,x1)×[y0,y1) given in CANVAS units, scaled to the image. */
function darkIn(img: { data: Buffer; width: number; height: number }, x0: number, y0: number, x1: number, y1: number): number {
  const k = img.width / CANVAS;
  let n = 0;
  for (let y = Math.floor(y0 * k); y < Math.ceil(y1 * k); y++) {
    for (let x = Math.floor(x0 * k); x < Math.ceil(x1 * k); x++) if (img.data[y * img.width + x] < 128) n++;
  }
  return n;
}

describe('text as paths', () => {
  const text = 'Level 3: 24 + 7 = 31?';
  const svg = svgDoc(CANVAS, CANVAS, textPath(text, CANVAS / 2, 100, 44, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));

  for (const size of [448, 112]) {
    it(`renders a PNG that decodes at ${size} px with ink only where the text is`, async () => {
      const png = await rasterize(svg, size);
      const meta = await sharp(png).metadata();
      expect(meta.format).toBe('png');
      expect([meta.width, meta.height]).toEqual([size, size]);
      const img = await grey(png);
      const w = textWidth(text, 44, 'bold');
      const inText = darkIn(img, CANVAS / 2 - w / 2, 70, CANVAS / 2 + w / 2, 130);
      // Bold strokes are ~0.15 of the cap height, so the text box is well inked even at 112 px.
      expect(inText).toBeGreaterThan(size === 448 ? 1500 : 60);
      expect(darkIn(img, 0, 160, CANVAS, CANVAS)).toBe(0);
      expect(darkIn(img, 0, 0, CANVAS, 60)).toBe(0);
    });
  }

  it('draws ink for every supported character', async () => {
    const chars = supportedChars().filter((c) => c !== ' ');
    const cols = 12;
    const cell = CANVAS / cols;
    const body = chars.map((ch, i) =>
      textPath(ch, ((i % cols) + 0.5) * cell, (Math.floor(i / cols) + 0.5) * cell, cell * 0.7, { anchor: 'middle', baseline: 'middle' }),
    );
    const img = await grey(await rasterize(svgDoc(CANVAS, CANVAS, body), 448));
    const blank = chars.filter((_, i) => {
      const x = (i % cols) * cell;
      const y = Math.floor(i / cols) * cell;
      return darkIn(img, x, y, x + cell, y + cell) === 0;
    });
    expect(blank).toEqual([]);
  });

  it('renders identical bytes in a process that can see no fonts at all', async () => {
    // An empty fontconfig configuration hides every system font from librsvg; path text must not care.
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-nofont-'));
    try {
      writeFileSync(join(dir, 'fonts.conf'), '<?xml version="1.0"?><fontconfig></fontconfig>\n');
      const child = execFileSync(process.execPath, ['--import', 'tsx', 'tests/tasks/fixtures/rasterize-child.ts', '112'], {
        input: svg,
        env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf'), FONTCONFIG_PATH: dir },
      });
      const fontless = Buffer.from(String(child), 'base64');
      expect(fontless.equals(await rasterize(svg, 112))).toBe(true);
      expect(darkIn(await grey(fontless), 0, 60, CANVAS, 140)).toBeGreaterThan(60);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers digits, both alphabets and the symbols tasks need', () => {
    expect(canRender('0123456789')).toBe(true);
    expect(canRender('ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz')).toBe(true);
    expect(canRender('+-×÷*/=()[],.:?!#@<>→←↑↓')).toBe(true);
  });

  it('names the missing character instead of dropping it silently', () => {
    expect(canRender('é')).toBe(false);
    expect(() => textPath('café', 0, 0, 20)).toThrow(/no glyph for 'é' \(U\+00e9\)/);
  });

  it('anchors: start, middle and end share the same ink width', () => {
    const w = textWidth('ABC', 30);
    expect(w).toBeGreaterThan(0);
    expect(textPath('ABC', 100, 50, 30, { anchor: 'end' })).toBe(textPath('ABC', 100 - w, 50, 30));
    expect(textPath('ABC', 100, 50, 30, { anchor: 'middle' })).toBe(textPath('ABC', 100 - w / 2, 50, 30));
  });
});

describe('svg and raster helpers', () => {
  it('formats numbers stably', () => {
    expect(num(1 / 3)).toBe('0.33');
    expect(num(-0.001)).toBe('0');
    expect(num(12)).toBe('12');
    expect(() => num(NaN)).toThrow(/finite/);
  });

  it('keeps the aspect ratio with the longest side at the requested size', async () => {
    const svg = svgDoc(400, 200, grid(10, 10, 2, 4, 40) + arrow(10, 150, 300, 150));
    expect(svgSize(svg)).toEqual({ width: 400, height: 200 });
    expect(targetSize(400, 200, 112)).toEqual({ width: 112, height: 56 });
    const meta = await sharp(await rasterize(svg, 112)).metadata();
    expect([meta.width, meta.height]).toEqual([112, 56]);
  });

  it('gives byte-identical PNGs for the same SVG', async () => {
    const svg = svgDoc(CANVAS, CANVAS, [grid(20, 20, 3, 3, 60), textPath('x7', 50, 50, 30)]);
    const a = await rasterize(svg, 448);
    const b = await rasterize(svg, 448);
    expect(a.equals(b)).toBe(true);
  });

  it('rejects sizes it cannot honour, naming the value', async () => {
    await expect(rasterize(svgDoc(10, 10, ''), 3)).rejects.toThrow(/sizePx must be an integer in \[8, 4096\], got 3/);
  });
});

// A generated image must rasterise to a PNG whose longest side is exactly the requested size (448 px is the
// benchmark's, 112 px the demo's), and, for a square picture, whose both sides are. Returns sharp's channel
// statistics so each caller can check the ink.
import sharp from 'sharp';
import { expect } from 'vitest';
import { rasterize } from '../../src/tasks/render/raster.js';

export async function expectPngAt(svg: string, size: number, { square = false } = {}): ReturnType<ReturnType<typeof sharp>['stats']> {
  const png = await rasterize(svg, size);
  const meta = await sharp(png).metadata();
  expect(meta.format).toBe('png');
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(size);
  if (square) expect([meta.width, meta.height]).toEqual([size, size]);
  return sharp(png).stats();
}

// SVG → PNG through sharp (librsvg). Text is already paths (glyphs.ts), so no font lookup happens and the
// bytes depend only on the SVG and the pinned sharp/libvips build.
import sharp from 'sharp';

/** Width and height of an SVG document from its root element's width/height (or viewBox) attributes. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) throw new Error('rasterize: input has no <svg> root element');
  const attr = (name: string): number | undefined => {
    const m = new RegExp(`\\s${name}="([0-9.]+)(px)?"`).exec(root);
    return m ? Number(m[1]) : undefined;
  };
  let width = attr('width');
  let height = attr('height');
  if (width === undefined || height === undefined) {
    const vb = /\sviewBox="[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)"/.exec(root);
    if (vb) [width, height] = [Number(vb[1]), Number(vb[2])];
  }
  if (!width || !height) throw new Error(`rasterize: <svg> root needs numeric width/height or viewBox, got ${root.slice(0, 120)}`);
  return { width, height };
}

/** Pixel dimensions for an SVG whose longest side becomes `sizePx` (aspect preserved, at least 1 px). */
export function targetSize(width: number, height: number, sizePx: number): { width: number; height: number } {
  const scale = sizePx / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Renders `svg` to a PNG whose longest side is `sizePx` (a square SVG gives sizePx×sizePx). Rendered at the
 * density that hits the target directly (crisper than downscaling), flattened onto white (3 channels), no
 * metadata, fixed zlib settings: the same SVG gives the same bytes on every run.
 */
export async function rasterize(svg: string, sizePx: number): Promise<Buffer> {
  if (!Number.isInteger(sizePx) || sizePx < 8 || sizePx > 4096) {
    throw new Error(`rasterize: sizePx must be an integer in [8, 4096], got ${sizePx}`);
  }
  const { width, height } = svgSize(svg);
  const target = targetSize(width, height, sizePx);
  // sharp renders one SVG user unit as one pixel at density 72 and scales linearly with density.
  const density = (72 * sizePx) / Math.max(width, height);
  let img = sharp(Buffer.from(svg), { density });
  const meta = await img.metadata();
  img = img.flatten({ background: '#ffffff' });
  if (meta.width !== target.width || meta.height !== target.height) {
    // Density rounding can be off by a pixel; fix the size exactly rather than leave it to chance.
    img = img.resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3' });
  }
  return img.png({ compressionLevel: 9, adaptiveFiltering: false, palette: false }).toBuffer();
}

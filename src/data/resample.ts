// Pillow's BICUBIC resize (libImaging/Resample.c) re-implemented on interleaved uint8 pixels, so our pixel_values
// match Hugging Face's slow Qwen2VLImageProcessor, which resizes a uint8 PIL image with `Image.resize(..., BICUBIC)`.
// libvips (sharp) has no equivalent: see docs/images.md for how far its 'cubic' kernel lands from this.
//
// The algorithm, kept operation-for-operation so the integer results are bit-identical:
//  - separable: a horizontal pass into a uint8 temporary, then a vertical pass (each pass rounds and clamps to uint8);
//  - Keys cubic kernel with a = -0.5 and support 2, widened by the scale factor when downscaling (antialiasing);
//  - pixel centres at (i + 0.5), tap window rounded from [centre - support, centre + support], weights normalised
//    to sum 1, then quantised to fixed point with 22 fraction bits; accumulators start at half an LSB.

/** Fraction bits of Pillow's fixed-point weights: 32 - 8 (pixel) - 2 (headroom for negative lobes). */
const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);
const FILTER_SUPPORT = 2;

/** Pillow's `bicubic_filter` (a = -0.5); the evaluation order is kept so the doubles are identical. */
function bicubic(x: number): number {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

/** Tap windows for one axis: output i reads `count[i]` inputs from `start[i]` with weights `weights[i*ksize + j]`. */
interface Taps {
  ksize: number;
  start: Int32Array;
  count: Int32Array;
  weights: Int32Array; // [outSize, ksize], fixed point
}

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the full box [0, inSize). */
function precomputeTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = FILTER_SUPPORT * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    // C's (int) cast truncates toward zero; Math.trunc does the same before the clamp.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubic((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x] / ww : k[x];
      // Round half away from zero, then truncate, exactly as normalize_coeffs_8bpc.
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * (1 << PRECISION_BITS)) : Math.trunc(0.5 + w * (1 << PRECISION_BITS));
    }
    start[xx] = xmin;
    count[xx] = xmax;
  }
  return { ksize, start, count, weights };
}

/** Pillow's clip8: arithmetic shift out the fraction bits, clamp to a byte. */
function clip8(acc: number): number {
  const v = acc >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function resampleHorizontal(src: Uint8Array, rows: number, inWidth: number, outWidth: number, channels: number): Uint8Array {
  const taps = precomputeTaps(inWidth, outWidth);
  const out = new Uint8Array(rows * outWidth * channels);
  for (let y = 0; y < rows; y++) {
    const rowIn = y * inWidth * channels;
    const rowOut = y * outWidth * channels;
    for (let xx = 0; xx < outWidth; xx++) {
      const base = xx * taps.ksize;
      const x0 = taps.start[xx];
      const n = taps.count[xx];
      for (let c = 0; c < channels; c++) {
        let acc = HALF;
        for (let x = 0; x < n; x++) acc += src[rowIn + (x0 + x) * channels + c] * taps.weights[base + x];
        out[rowOut + xx * channels + c] = clip8(acc);
      }
    }
  }
  return out;
}

function resampleVertical(src: Uint8Array, width: number, inHeight: number, outHeight: number, channels: number): Uint8Array {
  const taps = precomputeTaps(inHeight, outHeight);
  const stride = width * channels;
  const out = new Uint8Array(outHeight * stride);
  for (let yy = 0; yy < outHeight; yy++) {
    const base = yy * taps.ksize;
    const y0 = taps.start[yy];
    const n = taps.count[yy];
    for (let i = 0; i < stride; i++) {
      let acc = HALF;
      for (let y = 0; y < n; y++) acc += src[(y0 + y) * stride + i] * taps.weights[base + y];
      out[yy * stride + i] = clip8(acc);
    }
  }
  return out;
}

/**
 * Resizes interleaved uint8 pixels `[height, width, channels]` to `[outHeight, outWidth, channels]` exactly like
 * Pillow's `Image.resize((outWidth, outHeight), Image.BICUBIC)` on an 8-bit image. An axis whose size does not
 * change is not resampled (Pillow skips that pass too), so a same-size call returns a copy.
 */
export function resizeBicubicPil(src: Uint8Array, width: number, height: number, channels: number, outWidth: number, outHeight: number): Uint8Array {
  if (src.length !== width * height * channels) {
    throw new Error(
      `resizeBicubicPil: buffer has ${src.length} bytes, expected ${height}x${width}x${channels} = ` +
        `${width * height * channels}. HINT: pass tightly packed interleaved pixels.`,
    );
  }
  for (const [label, v] of [
    ['width', width],
    ['height', height],
    ['outWidth', outWidth],
    ['outHeight', outHeight],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`resizeBicubicPil: ${label} must be a positive integer, got ${v}.`);
  }
  // Pillow runs the horizontal pass only over the source rows the vertical pass will read; running it over every
  // row gives the same bytes for those rows, so we keep the simpler form.
  const horizontal = outWidth !== width ? resampleHorizontal(src, height, width, outWidth, channels) : src;
  const vertical = outHeight !== height ? resampleVertical(horizontal, outWidth, height, outHeight, channels) : horizontal;
  return vertical === src ? src.slice() : vertical;
}

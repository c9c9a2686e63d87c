// Image preprocessing: smart_resize vectors from the spec (§4, §8), Pillow-exact bicubic, HF-exact normalisation and
// patch order, decoding PNG/JPEG/WebP from paths and buffers, and the error rules. Golden numbers were produced with
// Pillow 9.4 + numpy (a replica of Qwen2VLImageProcessor._preprocess); their generator is quoted in docs/images.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIP_MEAN, CLIP_STD, DEFAULT_PROCESSOR_CONFIG, ImageError, loadProcessorConfig, parseProcessorConfig } from '../../src/data/image-config.js';
import { decodeImage, preprocessImage, preprocessRgb, roundHalfEven, smartResize } from '../../src/data/image.js';
import { resizeBicubicPil } from '../../src/data/resample.js';

const dir = mkdtempSync(join(tmpdir(), 'ahpo-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic RGB test pattern with smooth ramps, a checkerboard and wrap-around edges; same formula in Python. */
function synth(width: number, height: number): Uint8Array {
  const a = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const checker = ((Math.floor(x / 3) + Math.floor(y / 5)) % 2) * 120;
        a[(y * width + x) * 3 + c] = (x * x * 3 + y * 7 + x * y + c * 85 + checker) % 256;
      }
    }
  }
  return a;
}

/** 32-bit FNV-1a over bytes (Python: h ^= b; h = (h * 0x01000193) & 0xffffffff). */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

function floatBytes(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function encode(rgb: Uint8Array, width: number, height: number, channels = 3): ReturnType<typeof sharp> {
  return sharp(Buffer.from(rgb), { raw: { width, height, channels: channels as 3 } });
}

/** Undoes rescale + CLIP normalisation, recovering the uint8 value a pixel_values element came from. */
function toByte(v: number, c: number): number {
  return Math.round((v * CLIP_STD[c] + CLIP_MEAN[c]) * 255);
}

async function expectImageError(p: Promise<unknown>, ...parts: (string | RegExp)[]): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageError);
  for (const part of parts) expect((err as Error).message).toMatch(part);
}

describe('smartResize', () => {
  it('rounds half to even like Python', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });

  it('matches the spec vectors', () => {
    // 70/28 = 2.5 rounds to 2 (JS Math.round would give 84).
    expect(smartResize(70, 70)).toEqual({ height: 56, width: 56 });
    expect(smartResize(1080, 1920, { maxPixels: 12845056 })).toEqual({ height: 1092, width: 1932 });
    expect(smartResize(4000, 3000, { maxPixels: 12845056 })).toEqual({ height: 4004, width: 2996 });
    expect(smartResize(1080, 1920, { maxPixels: 1003520 })).toEqual({ height: 728, width: 1316 });
    expect(smartResize(480, 640)).toEqual({ height: 476, width: 644 });
  });

  it('scales up into minPixels and keeps one factor per side when scaling down', () => {
    expect(smartResize(37, 53, { minPixels: 3136 })).toEqual({ height: 56, width: 84 });
    // floor(28 / √20 / 28) = 0 → kept at 28; the result may then exceed maxPixels, exactly as in HF.
    expect(smartResize(28, 5600, { maxPixels: 28 * 28 * 10 })).toEqual({ height: 28, width: 1232 });
  });

  it('agrees with the Python source on ties, both scaling branches and odd sizes', () => {
    // [H, W, minPixels, maxPixels, h, w] from HF's smart_resize run in CPython.
    const cases = [
      [42, 126, 3136, 12845056, 56, 112],
      [182, 70, 3136, 1003520, 168, 56],
      [1234, 567, 3136, 1003520, 1232, 560],
      [3000, 4000, 3136, 1003520, 840, 1148],
      [30, 30, 3136, 12845056, 56, 56],
      [29, 5000, 3136, 12845056, 28, 5012],
      [7000, 9000, 3136, 12845056, 3136, 4060],
      [448, 448, 3136, 12845056, 448, 448],
      [100, 101, 40000, 12845056, 224, 224],
      [333, 777, 3136, 200704, 280, 672],
    ];
    for (const [H, W, minPixels, maxPixels, h, w] of cases) {
      expect(smartResize(H, W, { minPixels, maxPixels }), `${H}x${W}`).toEqual({ height: h, width: w });
    }
  });

  it('rejects tiny sides and extreme aspect ratios, naming the image and the value', () => {
    expect(() => smartResize(20, 500, { name: 'tiny.png' })).toThrow(/"tiny.png".*500x20.*smaller than 28/);
    expect(() => smartResize(28, 6000, { name: 'strip.png' })).toThrow(/"strip.png".*aspect ratio 214.3.*exceeds 200/);
    expect(() => smartResize(28, 5600)).not.toThrow(); // exactly 200 is allowed
    expect(() => smartResize(56, 56, { minPixels: 10, maxPixels: 5 })).toThrow(ImageError);
  });
});

describe('resizeBicubicPil', () => {
  // Pillow 9.4: Image.fromarray(synth(w, h)).resize((ow, oh), Image.BICUBIC); sum and FNV-1a of the RGB bytes.
  const golden = [
    { in: [53, 37], out: [28, 56], sum: 595651, fnv: 0x242842aa },
    { in: [70, 100], out: [56, 28], sum: 600287, fnv: 0x392f5516 },
    { in: [50, 50], out: [112, 84], sum: 3581597, fnv: 0xa9fb6dce },
    { in: [300, 200], out: [84, 140], sum: 4495808, fnv: 0xd7d55db5 },
    { in: [640, 480], out: [644, 476], sum: 117139240, fnv: 0x73ece985 },
    { in: [97, 61], out: [97, 84], sum: 3112291, fnv: 0x39f2d854 },
  ];
  it.each(golden)('is byte-identical to Pillow for $in -> $out', (g) => {
    const [w, h] = g.in;
    const [ow, oh] = g.out;
    const out = resizeBicubicPil(synth(w, h), w, h, 3, ow, oh);
    expect(out.length).toBe(ow * oh * 3);
    expect(out.reduce((s, v) => s + v, 0)).toBe(g.sum);
    expect(fnv1a(out)).toBe(g.fnv);
  });

  it('returns a copy when the size does not change', () => {
    const src = synth(30, 29);
    const out = resizeBicubicPil(src, 30, 29, 3, 30, 29);
    expect(out).toEqual(src);
    expect(out).not.toBe(src);
  });
});

describe('preprocessRgb', () => {
  it('normalises exactly as HF in float32', () => {
    // numpy: (float32(float64(v) * (1/255)) - float32(mean)) / float32(std), per channel.
    const expected: Record<number, number[]> = {
      0: [-1.7922625541687012, -1.7520971298217773, -1.480219841003418],
      1: [-1.777664065361023, -1.7370892763137817, -1.465999722480774],
      128: [0.07633614540100098, 0.16889731585979462, 0.33994877338409424],
      255: [1.9303361177444458, 2.0748836994171143, 2.1458969116210938],
    };
    for (const [v, want] of Object.entries(expected)) {
      const { pixelValues } = preprocessRgb(new Uint8Array(56 * 56 * 3).fill(Number(v)), 56, 56);
      for (let c = 0; c < 3; c++) expect(pixelValues[c * 392]).toBe(want[c]);
    }
  });

  // numpy replica of Qwen2VLImageProcessor._preprocess (PIL resize, float32 normalise, reshape/permute); FNV of the
  // float32 bytes of pixel_values.
  const golden = [
    { in: [53, 37], minPixels: 3136, maxPixels: 12845056, grid: [1, 4, 6], fnv: 0xbaba11e9 },
    { in: [300, 200], minPixels: 3136, maxPixels: 20000, grid: [1, 8, 12], fnv: 0x24ea7ccd },
    { in: [84, 56], minPixels: 3136, maxPixels: 12845056, grid: [1, 4, 6], fnv: 0x2bfa0119 },
  ];
  it.each(golden)('gives HF-identical pixel_values for $in (grid $grid)', (g) => {
    const [w, h] = g.in;
    const out = preprocessRgb(synth(w, h), w, h, { minPixels: g.minPixels, maxPixels: g.maxPixels });
    expect(out.gridThw).toEqual(g.grid);
    expect(fnv1a(floatBytes(out.pixelValues))).toBe(g.fnv);
  });

  it('flattens patches in the spec order (pixel values encode their coordinates)', () => {
    // R = y, G = x, B = (3y + 5x) mod 256 on an 84x56 image: already a multiple of 28 and within min/max, so no resize.
    const [W, H] = [84, 56];
    const rgb = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) rgb.set([y, x, (3 * y + 5 * x) % 256], (y * W + x) * 3);
    }
    const out = preprocessRgb(rgb, W, H);
    expect([out.resizedWidth, out.resizedHeight]).toEqual([W, H]);
    const [, gh, gw] = out.gridThw;
    expect(out.pixelValues.length).toBe(gh * gw * 1176);
    let checked = 0;
    for (let row = 0; row < gh * gw; row++) {
      // Spec order: 2x2 merge blocks in raster order (bh, bw), then (mh, mw) raster inside each block.
      const block = Math.floor(row / 4);
      const bh = Math.floor(block / (gw / 2));
      const bw = block % (gw / 2);
      const mh = Math.floor((row % 4) / 2);
      const mw = row % 2;
      for (let c = 0; c < 3; c++) {
        for (let t = 0; t < 2; t++) {
          for (let py = 0; py < 14; py++) {
            for (let px = 0; px < 14; px++) {
              const y = (2 * bh + mh) * 14 + py;
              const x = (2 * bw + mw) * 14 + px;
              const want = [y, x, (3 * y + 5 * x) % 256][c];
              const got = toByte(out.pixelValues[row * 1176 + c * 392 + t * 196 + py * 14 + px], c);
              if (got !== want) throw new Error(`row ${row} c${c} t${t} py${py} px${px}: got ${got}, want ${want} (y=${y}, x=${x})`);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(out.pixelValues.length);
  });

  it('keeps grid, patches and token counts consistent', () => {
    for (const [w, h] of [
      [640, 480],
      [28, 28],
      [100, 30],
      [29, 500],
      [448, 448],
    ]) {
      const out = preprocessRgb(synth(w, h), w, h);
      const [t, gh, gw] = out.gridThw;
      const expected = smartResize(h, w);
      expect([out.resizedHeight, out.resizedWidth]).toEqual([expected.height, expected.width]);
      expect([gh * 14, gw * 14]).toEqual([out.resizedHeight, out.resizedWidth]);
      expect(out.numPatches).toBe(t * gh * gw);
      expect(out.pixelValues.length).toBe(out.numPatches * out.patchDim);
      expect(out.numImageTokens).toBe((t * gh * gw) / 4);
      expect(Number.isInteger(out.numImageTokens)).toBe(true);
    }
    // The spec's worked example: 640x480 -> 644x476 -> grid [1, 34, 46] -> 391 tokens.
    const ex = preprocessRgb(synth(640, 480), 640, 480);
    expect([ex.resizedWidth, ex.resizedHeight, ...ex.gridThw, ex.numImageTokens]).toEqual([644, 476, 1, 34, 46, 391]);
  });
});

describe('preprocessImage', () => {
  const [W, H] = [53, 37];
  const rgb = synth(W, H);
  const reference = preprocessRgb(rgb, W, H);

  it.each(['png', 'webp'] as const)('decodes lossless %s from a buffer and a path to the same pixel_values', async (fmt) => {
    const buf = await encode(rgb, W, H).toFormat(fmt, { lossless: true }).toBuffer();
    const path = join(dir, `img.${fmt}`);
    writeFileSync(path, buf);
    for (const input of [buf, path]) {
      const out = await preprocessImage(input);
      expect(out.gridThw).toEqual(reference.gridThw);
      expect(out.pixelValues).toEqual(reference.pixelValues);
      expect([out.originalWidth, out.originalHeight]).toEqual([W, H]);
    }
  });

  it('decodes JPEG from a buffer and a path (lossy: close, same grid)', async () => {
    const smooth = new Uint8Array(112 * 84 * 3).map((_, i) => 60 + ((Math.floor(i / 3) % 112) + Math.floor(i / (3 * 112))));
    const buf = await encode(smooth, 112, 84).jpeg({ quality: 95 }).toBuffer();
    const path = join(dir, 'img.jpg');
    writeFileSync(path, buf);
    const exact = preprocessRgb(smooth, 112, 84);
    for (const input of [buf, path]) {
      const out = await preprocessImage(input);
      expect(out.gridThw).toEqual([1, 6, 8]);
      let maxDiff = 0;
      for (let i = 0; i < out.pixelValues.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out.pixelValues[i] - exact.pixelValues[i]));
      expect(maxDiff).toBeLessThan(0.15); // a few uint8 levels after /255/std
    }
  });

  it('drops alpha without compositing, replicates grey, and applies EXIF orientation', async () => {
    const rgba = new Uint8Array(30 * 40 * 4);
    for (let i = 0; i < 30 * 40; i++) rgba.set([10, 200, 30, i % 2 === 0 ? 0 : 128], i * 4);
    const png = await encode(rgba, 30, 40, 4).png().toBuffer();
    const { rgb: fromAlpha } = await decodeImage(png);
    expect([...fromAlpha.subarray(0, 6)]).toEqual([10, 200, 30, 10, 200, 30]); // not white, not premultiplied

    const grey = await sharp(Buffer.from(new Uint8Array(30 * 40).fill(77)), { raw: { width: 30, height: 40, channels: 1 } })
      .png()
      .toBuffer();
    const { rgb: fromGrey } = await decodeImage(grey);
    expect(fromGrey.length).toBe(30 * 40 * 3);
    expect(fromGrey.every((v) => v === 77)).toBe(true);

    const rotated = await encode(synth(40, 30), 40, 30).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const decoded = await decodeImage(rotated);
    expect([decoded.width, decoded.height]).toEqual([30, 40]);
  });

  it('names the image in every error, with the value and a hint', async () => {
    await expectImageError(preprocessImage(Buffer.from('definitely not an image')), '<buffer of 23 bytes>', /cannot decode|unsupported/, 'HINT');
    const png = await encode(synth(60, 60), 60, 60).png().toBuffer();
    await expectImageError(preprocessImage(png.subarray(0, png.length - 40), { name: 'cut.png' }), '"cut.png"', 'cannot decode', 'HINT');
    await expectImageError(preprocessImage(join(dir, 'missing.png')), 'missing.png', 'file not found');
    await expectImageError(preprocessImage(Buffer.alloc(0), { name: 'empty' }), '"empty"', 'empty buffer');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>');
    await expectImageError(preprocessImage(svg, { name: 'x.svg' }), '"x.svg"', 'unsupported image format "svg"');

    const narrow = await encode(synth(500, 20), 500, 20).png().toBuffer();
    await expectImageError(preprocessImage(narrow, { name: 'narrow.png' }), '"narrow.png"', '500x20', 'smaller than 28', 'HINT');
    const stripPath = join(dir, 'strip.png');
    await encode(synth(6000, 28), 6000, 28).png().toFile(stripPath);
    await expectImageError(preprocessImage(stripPath), stripPath, 'aspect ratio 214.3', 'exceeds 200', 'HINT');
  });
});

describe('loadProcessorConfig', () => {
  function writeConfig(name: string, json: unknown): string {
    const folder = mkdtempSync(join(dir, `${name}-`));
    writeFileSync(join(folder, 'preprocessor_config.json'), JSON.stringify(json));
    return folder;
  }

  it('defaults to the checkpoint values without a folder', () => {
    const cfg = loadProcessorConfig();
    expect(cfg).toMatchObject({ minPixels: 3136, maxPixels: 12845056, patchSize: 14, mergeSize: 2, temporalPatchSize: 2 });
    expect(cfg.imageMean).toEqual(CLIP_MEAN);
    expect(DEFAULT_PROCESSOR_CONFIG.rescaleFactor).toBe(1 / 255);
  });

  it('reads a Qwen2.5-VL preprocessor_config.json (flat and size-style)', () => {
    const flat = loadProcessorConfig(
      writeConfig('flat', {
        min_pixels: 3136,
        max_pixels: 12845056,
        patch_size: 14,
        temporal_patch_size: 2,
        merge_size: 2,
        image_mean: CLIP_MEAN,
        image_std: CLIP_STD,
        image_processor_type: 'Qwen2VLImageProcessor',
        processor_class: 'Qwen2_5_VLProcessor',
        resample: 3,
        rescale_factor: 0.00392156862745098,
        do_resize: true,
      }),
    );
    expect(flat).toMatchObject({ minPixels: 3136, maxPixels: 12845056, ignoredKeys: [] });
    const sized = loadProcessorConfig(writeConfig('sized', { size: { shortest_edge: 784, longest_edge: 1003520 }, future_flag: 1 }));
    expect(sized).toMatchObject({ minPixels: 784, maxPixels: 1003520, ignoredKeys: ['future_flag'] });
  });

  it('refuses fields that disagree with the implemented pipeline', () => {
    expect(() => parseProcessorConfig({ patch_size: 16 })).toThrow(/patch_size: expected 14, got 16/);
    expect(() => parseProcessorConfig({ merge_size: 3 })).toThrow(/merge_size: expected 2, got 3/);
    expect(() => parseProcessorConfig({ temporal_patch_size: 1 })).toThrow(/temporal_patch_size/);
    expect(() => parseProcessorConfig({ do_normalize: false })).toThrow(/do_normalize/);
    expect(() => parseProcessorConfig({ resample: 2 })).toThrow(/resample: expected 3/);
    expect(() => parseProcessorConfig({ image_mean: [0.5] })).toThrow(/image_mean/);
    expect(() => parseProcessorConfig({ min_pixels: 100, size: { shortest_edge: 200, longest_edge: 1000 } })).toThrow(/min_pixels vs size/);
    expect(() => parseProcessorConfig({ image_processor_type: 'CLIPImageProcessor' })).toThrow(/image_processor_type/);
    expect(() => loadProcessorConfig(join(dir, 'no-such-model'))).toThrow(/preprocessor_config.json: not found.*HINT/);
  });

  it('feeds its bounds into preprocessing', () => {
    const cfg = parseProcessorConfig({ min_pixels: 3136, max_pixels: 28 * 28 * 4 });
    const out = preprocessRgb(synth(640, 480), 640, 480, cfg);
    expect(out.resizedWidth * out.resizedHeight).toBeLessThanOrEqual(28 * 28 * 4);
    expect(out.gridThw).toEqual([1, 2, 4]); // 476x644 scaled by 1/√(640·480/3136), floored to 28s
  });
});

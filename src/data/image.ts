// Qwen2-VL image preprocessing (spec §4), as Hugging Face's slow Qwen2VLImageProcessor does it for a file or bytes:
// decode (sharp) → EXIF orientation → RGB as PIL converts it, alpha dropped → smart_resize → Pillow-exact bicubic →
// x·(1/255) → CLIP mean/std → repeat to 2 frames → patches [t·gh·gw, 1176] in the vision tower's order. Plain typed
// arrays only: the data layer stays free of tfjs and of the model. docs/images.md has the rules and the measured
// resampling choice.
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { DECODABLE_FORMATS, DEFAULT_PROCESSOR_CONFIG, ImageError, type ProcessorConfig } from './image-config.js';
import { cmykToRgbPil, grey16ToRgbPil, pilConversion, type PilConversion } from './pil-convert.js';
import { resizeBicubicPil } from './resample.js';

export { DEFAULT_PROCESSOR_CONFIG, ImageError, loadProcessorConfig, parseProcessorConfig } from './image-config.js';
export type { ProcessorConfig } from './image-config.js';

/** Longest side / shortest side above which smart_resize refuses (HF raises too). */
export const MAX_ASPECT_RATIO = 200;

/** Containers we accept (one list, shared with the load-time image check). */
const SUPPORTED_FORMATS = DECODABLE_FORMATS;

export interface SmartResizeOptions {
  /** Sides become multiples of this: patch_size · merge_size = 28. */
  factor?: number;
  minPixels?: number;
  maxPixels?: number;
  /** Image name for error messages (a path or a caller-given label). */
  name?: string;
}

export interface PreprocessOptions extends Partial<ProcessorConfig> {
  /** Label used in errors; defaults to the path, or `<buffer of N bytes>`. */
  name?: string;
}

export interface PreprocessedImage {
  /** [numPatches, 3·temporalPatchSize·patchSize²] = [t·h·w, 1176]; row element `c*392 + t*196 + py*14 + px`. */
  pixelValues: Float32Array;
  /** Grid in patch units [t, h, w] (HF `image_grid_thw`); h = resizedHeight/14, w = resizedWidth/14. */
  gridThw: [number, number, number];
  numPatches: number;
  /** `<|image_pad|>` tokens this image expands to: t·h·w / mergeSize². */
  numImageTokens: number;
  /** Elements per patch row (1176). */
  patchDim: number;
  resizedWidth: number;
  resizedHeight: number;
  /** Size after decoding and EXIF orientation, before smart_resize. */
  originalWidth: number;
  originalHeight: number;
}

/** Python 3's round() on a float: nearest integer, exact .5 ties to the even neighbour (round(2.5) = 2). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const frac = x - floor;
  if (frac < 0.5) return floor;
  if (frac > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function imageLabel(name: string | undefined): string {
  return name === undefined ? 'image' : `image ${JSON.stringify(name)}`;
}

/**
 * HF `smart_resize`: sides rounded (half-to-even) to multiples of `factor`, then scaled down into `maxPixels` or up
 * into `minPixels` keeping the aspect ratio. Float operations follow the Python source in order, so the results agree
 * to the pixel. Returns the new `{ height, width }`.
 */
export function smartResize(height: number, width: number, opts: SmartResizeOptions = {}): { height: number; width: number } {
  const factor = opts.factor ?? DEFAULT_PROCESSOR_CONFIG.patchSize * DEFAULT_PROCESSOR_CONFIG.mergeSize;
  const minPixels = opts.minPixels ?? DEFAULT_PROCESSOR_CONFIG.minPixels;
  const maxPixels = opts.maxPixels ?? DEFAULT_PROCESSOR_CONFIG.maxPixels;
  const label = imageLabel(opts.name);
  for (const [what, v] of [
    ['height', height],
    ['width', width],
    ['factor', factor],
    ['minPixels', minPixels],
    ['maxPixels', maxPixels],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ImageError(`${label}: ${what} must be a positive integer, got ${v}.`);
  }
  if (minPixels > maxPixels) {
    throw new ImageError(`${label}: minPixels ${minPixels} > maxPixels ${maxPixels}. HINT: check min_pixels/max_pixels.`);
  }
  if (height < factor || width < factor) {
    throw new ImageError(
      `${label}: ${width}x${height} px (WxH) is smaller than ${factor} px on a side; ` +
        `expected both sides ≥ ${factor}. HINT: pad or upscale the image before use.`,
    );
  }
  const aspect = Math.max(height, width) / Math.min(height, width);
  if (aspect > MAX_ASPECT_RATIO) {
    throw new ImageError(
      `${label}: aspect ratio ${aspect.toFixed(1)} (${width}x${height} WxH) exceeds ${MAX_ASPECT_RATIO}. ` +
        'HINT: crop or pad the image to a less extreme shape.',
    );
  }
  let h = roundHalfEven(height / factor) * factor;
  let w = roundHalfEven(width / factor) * factor;
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    // Newer HF keeps at least one factor per side here; without it an extreme shape could reach 0.
    h = Math.max(factor, Math.floor(height / beta / factor) * factor);
    w = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / factor) * factor;
    w = Math.ceil((width * beta) / factor) * factor;
  }
  return { height: h, width: w };
}

/**
 * Decodes a PNG/JPEG/WebP/GIF/TIFF file or buffer into packed RGB bytes `[height, width, 3]`, mirroring
 * transformers' `load_image`: EXIF orientation applied (its `ImageOps.exif_transpose`; see docs/images.md for the
 * loaders that skip it), then PIL `convert('RGB')`, which *drops* alpha (transparent pixels keep whatever colour they
 * store; nothing is composited onto white). Embedded ICC profiles are ignored, as PIL ignores them. 16-bit grey and
 * CMYK follow Pillow's own integer formulas (pil-convert.ts). GIF/TIFF: first frame/page only.
 */
export async function decodeImage(input: string | Buffer, name?: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  const label = imageLabel(name ?? (typeof input === 'string' ? input : `<buffer of ${input.length} bytes>`));
  const bytes = readInput(input, label);
  let decoded: { data: Buffer; info: { width: number; height: number; channels: number } };
  let conversion: PilConversion;
  try {
    const img = sharp(bytes, { ignoreIcc: true });
    const meta = await img.metadata();
    if (meta.format === undefined || !SUPPORTED_FORMATS.has(meta.format)) {
      throw new ImageError(
        `${label}: unsupported image format ${JSON.stringify(meta.format ?? 'unknown')}; expected one of ` +
          `${[...SUPPORTED_FORMATS].join(', ')}. HINT: convert it to PNG first.`,
      );
    }
    conversion = pilConversion(bytes.subarray(0, 32), meta, label);
    const oriented = img.autoOrient();
    if (conversion === 'grey16') decoded = await oriented.toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    // pipelineColourspace('cmyk') keeps libvips from its ICC CMYK → sRGB step; the bands come out as stored.
    else if (conversion === 'cmyk') decoded = await oriented.pipelineColourspace('cmyk').toColourspace('cmyk').raw().toBuffer({ resolveWithObject: true });
    // toColourspace('srgb') narrows 16-bit RGB(A) and grey+alpha to their high byte (as PIL does) and grey to 3 bands.
    else decoded = await oriented.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError(
      `${label}: cannot decode (${(err as Error).message.trim()}). ` +
        'HINT: the file is corrupt, truncated or not an image; PNG, JPEG and WebP are supported.',
    );
  }
  const { width, height, channels } = decoded.info;
  const pixels = width * height;
  const { data } = decoded;
  if (conversion === 'grey16') {
    // A Uint16Array view needs an even byte offset; copy in the (unseen) case sharp hands back an odd one.
    const even = data.byteOffset % 2 === 0 ? data : new Uint8Array(data);
    return { rgb: grey16ToRgbPil(new Uint16Array(even.buffer, even.byteOffset, even.length / 2), pixels, channels), width, height };
  }
  if (conversion === 'cmyk') return { rgb: cmykToRgbPil(data, pixels, channels), width, height };
  return { rgb: toRgb(data, pixels, channels, label), width, height };
}

/** The encoded bytes of a path or buffer; the file's first bytes decide PIL's mode (pil-convert.ts). */
function readInput(input: string | Buffer, label: string): Buffer {
  if (typeof input !== 'string') {
    if (input.length === 0) throw new ImageError(`${label}: empty buffer. HINT: pass the encoded file bytes (PNG, JPEG or WebP).`);
    return input;
  }
  if (!existsSync(input)) {
    throw new ImageError(`${label}: file not found. HINT: check the path (relative paths resolve from ${process.cwd()}).`);
  }
  try {
    return readFileSync(input);
  } catch (err) {
    throw new ImageError(`${label}: cannot read (${(err as Error).message}). HINT: check the file's permissions, or that it is a file.`);
  }
}

/** Keeps the first three bands (grey+alpha: grey replicated), dropping alpha like PIL's convert('RGB'). */
function toRgb(data: Uint8Array, pixels: number, channels: number, label: string): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, pixels * 3);
  if (channels < 1 || channels > 4 || data.length !== pixels * channels) {
    throw new ImageError(
      `${label}: decoder returned ${channels} channels / ${data.length} bytes for ${pixels} pixels; ` +
        'expected 1 to 4 channels. HINT: convert the image to 8-bit RGB PNG.',
    );
  }
  const rgb = new Uint8Array(pixels * 3);
  const grey = channels <= 2;
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = data[i * channels + (grey ? 0 : c)];
  }
  return rgb;
}

/**
 * uint8 → normalised value per channel, computed as HF does in float32: `float32(u8 · rescale)` (a float64 product
 * cast down) then `(x − float32(mean)) / float32(std)` with a float32 result at each step.
 */
function normalisationTable(cfg: ProcessorConfig): Float32Array {
  const lut = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    const mean = Math.fround(cfg.imageMean[c]);
    const std = Math.fround(cfg.imageStd[c]);
    for (let v = 0; v < 256; v++) lut[c * 256 + v] = Math.fround(Math.fround(Math.fround(v * cfg.rescaleFactor) - mean) / std);
  }
  return lut;
}

/**
 * Flattens normalised RGB into patch rows in HF's order: reshape the frames `[gt, T, C, gh/M, M, P, gw/M, M, P]`,
 * permute to `(gt, gh/M, gw/M, M, M, C, T, P, P)`, reshape to `[gt·gh·gw, C·T·P·P]`. Rows thus walk M×M merge blocks
 * in raster order, raster inside each block; a still image supplies the same pixels to every frame T.
 */
function patchify(rgb: Uint8Array, width: number, height: number, cfg: ProcessorConfig): Float32Array {
  const P = cfg.patchSize;
  const M = cfg.mergeSize;
  const T = cfg.temporalPatchSize;
  const gh = height / P;
  const gw = width / P;
  const lut = normalisationTable(cfg);
  const patchDim = 3 * T * P * P;
  const out = new Float32Array(gh * gw * patchDim); // [gh·gw, 3·T·P·P], one temporal group for a still image
  let row = 0;
  for (let bh = 0; bh < gh / M; bh++) {
    for (let bw = 0; bw < gw / M; bw++) {
      for (let mh = 0; mh < M; mh++) {
        for (let mw = 0; mw < M; mw++) {
          const y0 = (bh * M + mh) * P;
          const x0 = (bw * M + mw) * P;
          const rowBase = row * patchDim;
          for (let c = 0; c < 3; c++) {
            for (let py = 0; py < P; py++) {
              const src = ((y0 + py) * width + x0) * 3 + c;
              for (let px = 0; px < P; px++) {
                const v = lut[c * 256 + rgb[src + px * 3]];
                for (let t = 0; t < T; t++) out[rowBase + ((c * T + t) * P + py) * P + px] = v;
              }
            }
          }
          row++;
        }
      }
    }
  }
  return out;
}

/**
 * Preprocesses packed RGB bytes `[height, width, 3]` (already decoded) into vision-tower inputs. Resizes with
 * Pillow-exact bicubic to the smart_resize size (no resize when the size already matches, as in PIL).
 */
export function preprocessRgb(rgb: Uint8Array, width: number, height: number, opts: PreprocessOptions = {}): PreprocessedImage {
  const { name, ...overrides } = opts;
  // An explicit `undefined` (e.g. an unset CLI flag) must not erase a default.
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const cfg: ProcessorConfig = { ...DEFAULT_PROCESSOR_CONFIG, ...defined };
  if (rgb.length !== width * height * 3) {
    throw new ImageError(
      `${imageLabel(name)}: RGB buffer has ${rgb.length} bytes, expected ${width}x${height}x3 = ` +
        `${width * height * 3}. HINT: pass tightly packed 8-bit RGB.`,
    );
  }
  const factor = cfg.patchSize * cfg.mergeSize;
  const size = smartResize(height, width, { factor, minPixels: cfg.minPixels, maxPixels: cfg.maxPixels, name });
  const resized = resizeBicubicPil(rgb, width, height, 3, size.width, size.height);
  const gridH = size.height / cfg.patchSize;
  const gridW = size.width / cfg.patchSize;
  const gridT = 1; // a still image is one temporal group of temporalPatchSize identical frames
  const numPatches = gridT * gridH * gridW;
  return {
    pixelValues: patchify(resized, size.width, size.height, cfg),
    gridThw: [gridT, gridH, gridW],
    numPatches,
    numImageTokens: numPatches / (cfg.mergeSize * cfg.mergeSize),
    patchDim: 3 * cfg.temporalPatchSize * cfg.patchSize * cfg.patchSize,
    resizedWidth: size.width,
    resizedHeight: size.height,
    originalWidth: width,
    originalHeight: height,
  };
}

/**
 * Decodes an image file or in-memory buffer and preprocesses it as Qwen2VLImageProcessor would. Options default to
 * the checkpoint's preprocessor_config (see `loadProcessorConfig`); pass the loaded config to follow a model folder.
 */
export async function preprocessImage(input: string | Buffer, opts: PreprocessOptions = {}): Promise<PreprocessedImage> {
  const name = opts.name ?? (typeof input === 'string' ? input : `<buffer of ${input.length} bytes>`);
  const { rgb, width, height } = await decodeImage(input, name);
  return preprocessRgb(rgb, width, height, { ...opts, name });
}

// The image-processor settings of a Qwen2.5-VL checkpoint (preprocessor_config.json), checked against what
// src/data/image.ts implements. Fields that would change the pipeline in a way we do not implement are errors, never
// silently dropped: a checkpoint whose patch size is 16 must not be fed 14-pixel patches.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class ImageError extends Error {
  override name = 'ImageError';
}

/**
 * Containers decodeImage accepts (sharp's format names), kept here so the load-time check (image-check.ts) accepts
 * exactly what the decoder reads; sharp could also render SVG/PDF/HEIF, which no Qwen processor input path would see.
 */
export const DECODABLE_FORMATS: ReadonlySet<string> = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff']);

/** The Qwen2VLImageProcessor settings we honour. */
export interface ProcessorConfig {
  /** Lower bound on resized height·width (smart_resize scales up below it). Checkpoint: 3136 = 56². */
  minPixels: number;
  /** Upper bound on resized height·width (smart_resize scales down above it). Checkpoint: 12845056 = 16384·28². */
  maxPixels: number;
  /** Spatial patch side in pixels (the vision tower's Conv3d kernel). Must be 14. */
  patchSize: number;
  /** Patches merged per side by the vision merger; sides are rounded to patchSize·mergeSize = 28. Must be 2. */
  mergeSize: number;
  /** Frames per temporal patch; a still image is repeated to this many frames. Must be 2. */
  temporalPatchSize: number;
  /** Multiplier from uint8 to [0, 1] (1/255). */
  rescaleFactor: number;
  /** Per-channel RGB mean subtracted after rescaling (CLIP values). */
  imageMean: [number, number, number];
  /** Per-channel RGB std divided after subtracting the mean (CLIP values). */
  imageStd: [number, number, number];
}

/** OpenAI CLIP normalisation constants, the Qwen2-VL processor's defaults. */
export const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/**
 * Settings of the published Qwen2.5-VL checkpoints' preprocessor_config.json, used for the built-in presets (their
 * demo images are ≤ 112 px, so the pixel bounds rarely bite). The processor *class* default max is 1003520 instead.
 */
export const DEFAULT_PROCESSOR_CONFIG: Readonly<ProcessorConfig> = Object.freeze({
  minPixels: 3136,
  maxPixels: 12845056,
  patchSize: 14,
  mergeSize: 2,
  temporalPatchSize: 2,
  rescaleFactor: 1 / 255,
  imageMean: CLIP_MEAN,
  imageStd: CLIP_STD,
});

/** The vision tower (§2 of the spec) is built for exactly these; anything else would need a different model. */
const FIXED_GEOMETRY = { patchSize: 14, mergeSize: 2, temporalPatchSize: 2 } as const;

/** Flags that must be on (or absent): we always convert, resize, rescale and normalise. */
const REQUIRED_TRUE = ['do_resize', 'do_rescale', 'do_normalize', 'do_convert_rgb'] as const;

/** Keys that carry no pipeline setting for a still image (bookkeeping, video-only or fast-processor plumbing). */
const INERT_KEYS = new Set([
  'image_processor_type',
  'processor_class',
  'feature_extractor_type',
  'auto_map',
  'return_tensors',
  'data_format',
  'input_data_format',
  'device',
  'disable_grouping',
  'do_pad',
  'default_to_square',
  'crop_size',
  'do_center_crop',
  'video_processor_type',
  'fps',
  'do_sample_frames',
  'num_frames',
  'min_frames',
  'max_frames',
]);

/** Processor classes whose pipeline is the one in docs/images.md (the fast one resizes with torch; see there). */
const KNOWN_PROCESSORS = new Set(['Qwen2VLImageProcessor', 'Qwen2VLImageProcessorFast']);

/** PIL's resample enum value for BICUBIC. */
const PIL_BICUBIC = 3;

function fail(file: string, field: string, value: unknown, expected: string, hint: string): never {
  throw new ImageError(`${file}: ${field}: expected ${expected}, got ${JSON.stringify(value)}. HINT: ${hint}`);
}

function positiveInt(file: string, raw: Record<string, unknown>, key: string): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(file, key, v, 'a positive integer', 'fix the value.');
  return v;
}

function triple(file: string, raw: Record<string, unknown>, key: string, fallback: [number, number, number]): [number, number, number] {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(file, key, v, 'three finite numbers (R, G, B)', 'a scalar mean/std is not supported; write it per channel.');
  }
  if (key === 'image_std' && v.some((x) => (x as number) <= 0)) fail(file, key, v, 'positive values', 'std divides the pixels.');
  return [v[0], v[1], v[2]] as [number, number, number];
}

/** min/max pixels: top-level `min_pixels`/`max_pixels`, or newer re-saves' `size.shortest_edge`/`longest_edge`. */
function pixelBounds(file: string, raw: Record<string, unknown>): { minPixels: number; maxPixels: number } {
  const minTop = positiveInt(file, raw, 'min_pixels');
  const maxTop = positiveInt(file, raw, 'max_pixels');
  let minSize: number | undefined;
  let maxSize: number | undefined;
  if (raw.size !== undefined && raw.size !== null) {
    const size = raw.size as Record<string, unknown>;
    if (typeof size !== 'object' || Array.isArray(size)) fail(file, 'size', raw.size, 'an object', 'use {shortest_edge, longest_edge}.');
    const extra = Object.keys(size).filter((k) => k !== 'shortest_edge' && k !== 'longest_edge');
    if (extra.length > 0) fail(file, 'size', size, 'only shortest_edge/longest_edge (pixel counts)', `drop ${extra.join(', ')}.`);
    minSize = positiveInt(file, size, 'shortest_edge');
    maxSize = positiveInt(file, size, 'longest_edge');
  }
  // HF lets min_pixels/max_pixels override `size`; two different values would make the file ambiguous, so refuse.
  if (minTop !== undefined && minSize !== undefined && minTop !== minSize) {
    fail(file, 'min_pixels vs size.shortest_edge', [minTop, minSize], 'equal values', 'keep one of them.');
  }
  if (maxTop !== undefined && maxSize !== undefined && maxTop !== maxSize) {
    fail(file, 'max_pixels vs size.longest_edge', [maxTop, maxSize], 'equal values', 'keep one of them.');
  }
  const minPixels = minTop ?? minSize ?? DEFAULT_PROCESSOR_CONFIG.minPixels;
  const maxPixels = maxTop ?? maxSize ?? DEFAULT_PROCESSOR_CONFIG.maxPixels;
  if (minPixels > maxPixels) fail(file, 'min_pixels/max_pixels', [minPixels, maxPixels], 'min ≤ max', 'swap or fix them.');
  return { minPixels, maxPixels };
}

/**
 * Checks a parsed preprocessor_config.json object and returns our settings plus the keys it ignored (unknown keys
 * are reported, not fatal, because HF adds bookkeeping fields over time; callers may log them).
 */
export function parseProcessorConfig(raw: Record<string, unknown>, file = 'preprocessor_config.json'): ProcessorConfig & { ignoredKeys: string[] } {
  const type = raw.image_processor_type;
  if (type !== undefined && (typeof type !== 'string' || !KNOWN_PROCESSORS.has(type))) {
    fail(file, 'image_processor_type', type, [...KNOWN_PROCESSORS].join(' or '), 'this loader implements the Qwen2-VL image processor only.');
  }
  for (const key of REQUIRED_TRUE) {
    if (raw[key] !== undefined && raw[key] !== true) fail(file, key, raw[key], 'true (or absent)', 'ahpo always runs that step.');
  }
  if (raw.resample !== undefined && raw.resample !== PIL_BICUBIC) {
    fail(file, 'resample', raw.resample, `${PIL_BICUBIC} (PIL BICUBIC)`, 'only bicubic resizing is implemented.');
  }
  const geometry = {
    patchSize: positiveInt(file, raw, 'patch_size') ?? FIXED_GEOMETRY.patchSize,
    mergeSize: positiveInt(file, raw, 'merge_size') ?? FIXED_GEOMETRY.mergeSize,
    temporalPatchSize: positiveInt(file, raw, 'temporal_patch_size') ?? FIXED_GEOMETRY.temporalPatchSize,
  };
  const jsonKey = { patchSize: 'patch_size', mergeSize: 'merge_size', temporalPatchSize: 'temporal_patch_size' } as const;
  for (const k of Object.keys(FIXED_GEOMETRY) as (keyof typeof FIXED_GEOMETRY)[]) {
    if (geometry[k] !== FIXED_GEOMETRY[k]) {
      fail(file, jsonKey[k], geometry[k], String(FIXED_GEOMETRY[k]), 'the Qwen2.5-VL vision tower here takes [N, 1176] patches (14·14·2·3).');
    }
  }
  const rescaleFactor = raw.rescale_factor ?? DEFAULT_PROCESSOR_CONFIG.rescaleFactor;
  if (typeof rescaleFactor !== 'number' || !(rescaleFactor > 0)) fail(file, 'rescale_factor', rescaleFactor, 'a positive number', 'Qwen uses 1/255.');
  const known = new Set<string>([
    ...REQUIRED_TRUE,
    'resample',
    'patch_size',
    'merge_size',
    'temporal_patch_size',
    'rescale_factor',
    'image_mean',
    'image_std',
    'min_pixels',
    'max_pixels',
    'size',
  ]);
  return {
    ...pixelBounds(file, raw),
    ...geometry,
    rescaleFactor,
    imageMean: triple(file, raw, 'image_mean', CLIP_MEAN),
    imageStd: triple(file, raw, 'image_std', CLIP_STD),
    ignoredKeys: Object.keys(raw).filter((k) => !known.has(k) && !INERT_KEYS.has(k)),
  };
}

/**
 * Reads `<dir>/preprocessor_config.json`. Without a folder (built-in presets) returns the checkpoint defaults.
 * A folder without the file is an error: guessing the pixel bounds would silently change the image token count.
 */
export function loadProcessorConfig(dir?: string): ProcessorConfig & { ignoredKeys: string[] } {
  if (dir === undefined) return { ...DEFAULT_PROCESSOR_CONFIG, ignoredKeys: [] };
  const file = join(dir, 'preprocessor_config.json');
  if (!existsSync(file)) {
    throw new ImageError(
      `${file}: not found. HINT: a Qwen2.5-VL model folder ships preprocessor_config.json; copy it ` +
        'from the checkpoint, or load a built-in preset (which uses min_pixels 3136, max_pixels 12845056).',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ImageError(`${file}: not valid JSON (${(err as Error).message}). HINT: re-download the file from the checkpoint.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ImageError(`${file}: expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`);
  }
  return parseProcessorConfig(parsed as Record<string, unknown>, file);
}

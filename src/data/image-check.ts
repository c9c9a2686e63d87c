// A fast check of record images at load time. Images are decoded only when a training or evaluation step draws
// their problem, so a missing or corrupt file would otherwise stop a run hours in. This reads only the first bytes
// of each file (stat + one small read): it catches missing, empty and non-image files, formats the decoder cannot
// read, and PNG headers that declare no pixels. It does not decode, so damage past the header (a PNG cut off
// mid-data) is still found only when the image is drawn.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../errors.js';
import { formatLocation, type DatasetRecord } from '../dataset/records.js';
import { DECODABLE_FORMATS } from './image-config.js';

/** Formats recognised by their magic bytes; named as sharp names them, so DECODABLE_FORMATS can be checked. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'bmp';

/** Enough for every signature below and the PNG IHDR width/height (bytes 16–23). */
const HEAD_BYTES = 32;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** BMP's two-byte magic 'BM' is weak on its own; the DIB header sizes that real BMPs use make it specific. */
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);
/** Bad images listed in the error; the rest are counted, so a wholly wrong folder does not flood the terminal. */
export const MAX_LISTED = 20;

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
}

function ascii(head: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...head.subarray(from, to));
}

/** The format a file's first bytes announce, or undefined. */
export function sniffImageFormat(head: Uint8Array): ImageFormat | undefined {
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 18 && BMP_DIB_SIZES.has(new DataView(head.buffer, head.byteOffset).getUint32(14, true))) return 'bmp';
  return undefined;
}

/** `89 50 4e 47 … ("‰PNG…")`: the bytes in hex and as text, so both a binary and a text file are recognisable. */
export function describeBytes(head: Uint8Array, n = 8): string {
  const shown = head.subarray(0, n);
  const hex = [...shown].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = [...shown].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `${hex}${head.length > n ? ' …' : ''} (${JSON.stringify(text)})`;
}

/** What is wrong with the header of a file of `size` bytes starting with `head`, or null when it looks usable. */
export function headerProblem(head: Uint8Array, size: number): string | null {
  const format = sniffImageFormat(head);
  if (format === undefined) {
    return `not an image: first bytes ${describeBytes(head)} match no PNG, JPEG, GIF, WebP or TIFF signature`;
  }
  if (!DECODABLE_FORMATS.has(format)) {
    return `a ${format.toUpperCase()} image, which the image decoder cannot read (it reads ${[...DECODABLE_FORMATS].join(', ')})`;
  }
  if (format === 'png') {
    // Signature, then the IHDR chunk: length (4), type 'IHDR' (4), width (4), height (4), big-endian.
    if (size < 24) return `truncated PNG: ${size} bytes, too short to hold the IHDR header (24 bytes)`;
    if (ascii(head, 12, 16) !== 'IHDR') return `corrupt PNG: the first chunk is ${JSON.stringify(ascii(head, 12, 16))}, expected "IHDR"`;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    if (width === 0 || height === 0) return `corrupt PNG: the header says ${width}×${height} px`;
  }
  return null;
}

/** Checks one image file; returns what is wrong with it, or null when it exists and its header is usable. */
export function checkImageFile(path: string): string | null {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing (no such file)' : `cannot be read (${code ?? (err as Error).message})`;
  }
  if (!st.isFile()) return `not a regular file (${st.isDirectory() ? 'a folder' : 'a device, socket or pipe'})`;
  if (st.size === 0) return 'empty (0 bytes)';
  const head = new Uint8Array(Math.min(HEAD_BYTES, st.size));
  let fd: number | undefined;
  let got: number;
  try {
    fd = openSync(path, 'r');
    got = readSync(fd, head, 0, head.length, 0);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return `cannot be read (${code ?? (err as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return headerProblem(head.subarray(0, got), st.size);
}

export interface BadImage {
  /** The record it belongs to (formatLocation: `file:line` or `file[index]`). */
  where: string;
  /** Absolute path of the image. */
  path: string;
  problem: string;
}

/** Every (record, image) pair whose image fails checkImageFile; each distinct file is read once. */
export function findBadImages(records: readonly DatasetRecord[], root: string): { bad: BadImage[]; checked: number } {
  const seen = new Map<string, string | null>();
  const bad: BadImage[] = [];
  for (const r of records) {
    for (const p of r.instance.images) {
      // The same resolution loadProblems gives the image, so the file checked is the file later decoded.
      const path = isAbsolute(p) ? p : join(root, p);
      let problem = seen.get(path);
      if (problem === undefined) {
        problem = checkImageFile(path);
        seen.set(path, problem);
      }
      if (problem !== null) bad.push({ where: formatLocation(r.location), path, problem });
    }
  }
  return { bad, checked: seen.size };
}

/**
 * Throws one InputError listing every bad image of these records (the first MAX_LISTED, then a count), so a
 * dataset is fixed in one pass rather than one file per run.
 */
export function assertRecordImages(source: string, records: readonly DatasetRecord[], root: string): void {
  const { bad, checked } = findBadImages(records, root);
  if (bad.length === 0) return;
  const files = new Set(bad.map((b) => b.path)).size;
  const lines = bad.slice(0, MAX_LISTED).map((b) => `  ${b.where}: ${b.path}: ${b.problem}`);
  if (bad.length > MAX_LISTED) lines.push(`  … and ${bad.length - MAX_LISTED} more`);
  throw new InputError(
    `${source}: ${files} of ${checked} image file(s) cannot be used, in ${bad.length} record image(s) ` +
      `(checked at load, before any training or evaluation):\n${lines.join('\n')}\n` +
      `HINT: restore or regenerate these files (record image paths resolve inside the dataset folder ${root}), ` +
      'convert other formats to PNG, or remove the records that use them.',
  );
}

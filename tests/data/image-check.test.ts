// The load-time image check: record images that are missing, empty, cut short or not images at all are reported
// when the problems load (one error for all of them, naming record, path and fault), not when a step draws them.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkImageFile, sniffImageFormat } from '../../src/data/image-check.js';
import { decodeImage } from '../../src/data/image.js';
import { loadProblems } from '../../src/data/problems.js';
import { InputError } from '../../src/errors.js';

let png: Buffer;
const encoded: Record<string, Buffer> = {};

beforeAll(async () => {
  const base = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 90 } } });
  png = await base().png().toBuffer();
  encoded.png = png;
  encoded.jpeg = await base().jpeg().toBuffer();
  encoded.gif = await base().gif().toBuffer();
  encoded.webp = await base().webp().toBuffer();
  encoded.tiff = await base().tiff().toBuffer();
});

/** A 1×1 24-bit BMP: a real format, recognised, but one the decoder (sharp) cannot read. */
function bmp(): Buffer {
  const b = Buffer.alloc(58);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(58, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  b.writeInt32LE(1, 18);
  b.writeInt32LE(1, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

function scratch(): string {
  // realpath: the dataset root is resolved through symlinks (a symlinked tmpdir), and paths are compared exactly.
  return realpathSync(mkdtempSync(join(tmpdir(), 'ahpo-imgcheck-')));
}

describe('checkImageFile', () => {
  it('accepts every format the decoder reads, and the decoder does read them', async () => {
    const dir = scratch();
    for (const [format, bytes] of Object.entries(encoded)) {
      const path = join(dir, `x.${format}`);
      writeFileSync(path, bytes);
      expect(sniffImageFormat(bytes.subarray(0, 32)), format).toBe(format);
      expect(checkImageFile(path), format).toBeNull();
      expect((await decodeImage(path)).width, format).toBe(40);
    }
  });

  it('names what is wrong: missing, empty, a folder, not an image, a BMP, a cut or zero-size PNG header', async () => {
    const dir = scratch();
    const put = (name: string, bytes: string | Buffer): string => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };
    expect(checkImageFile(join(dir, 'none.png'))).toBe('missing (no such file)');
    expect(checkImageFile(put('empty.png', ''))).toBe('empty (0 bytes)');
    mkdirSync(join(dir, 'folder.png'));
    expect(checkImageFile(join(dir, 'folder.png'))).toBe('not a regular file (a folder)');
    expect(checkImageFile(put('page.png', '<!DOCTYPE html><html>'))).toBe(
      'not an image: first bytes 3c 21 44 4f 43 54 59 50 … ("<!DOCTYP") match no PNG, JPEG, GIF, WebP or TIFF signature',
    );
    expect(checkImageFile(put('pic.bmp', bmp()))).toMatch(/^a BMP image, which the image decoder cannot read \(it reads png, jpeg, webp, gif, tiff\)$/);
    expect(checkImageFile(put('cut.png', png.subarray(0, 20)))).toBe('truncated PNG: 20 bytes, too short to hold the IHDR header (24 bytes)');
    const flat = Buffer.from(png);
    flat.writeUInt32BE(0, 20); // IHDR height
    expect(checkImageFile(put('flat.png', flat))).toBe('corrupt PNG: the header says 40×0 px');
    // The checker agrees with the decoder on each: none of these would decode.
    for (const name of ['empty.png', 'page.png', 'pic.bmp', 'cut.png', 'flat.png']) {
      await expect(decodeImage(join(dir, name)), name).rejects.toThrow();
    }
  });
});

/** A folder of 24-points records (one JSONL file) using the given image paths, one record per entry. */
function dataset(images: (string | string[])[]): { dir: string; file: string } {
  const dir = scratch();
  mkdirSync(join(dir, 'images'));
  const lines = images.map((image, i) =>
    JSON.stringify({
      task: '24_points',
      index: `r${i}`,
      question: 'Make 24.',
      answer: '(8-4)*6*1',
      initial_state: { numbers: [4, 6, 8, 1] },
      difficulty: 1,
      image,
    }),
  );
  const file = join(dir, 'data.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, file };
}

describe('loadProblems checks record images at load', () => {
  it('loads records whose images are all usable, with absolute paths', () => {
    const { dir } = dataset(['images/a.png', ['images/b.jpg', 'images/a.png']]);
    writeFileSync(join(dir, 'images', 'a.png'), png);
    writeFileSync(join(dir, 'images', 'b.jpg'), encoded.jpeg);
    const problems = loadProblems(dir, () => undefined);
    expect(problems.map((p) => p.images.map((i) => i.path))).toEqual([
      [join(dir, 'images', 'a.png')],
      [join(dir, 'images', 'b.jpg'), join(dir, 'images', 'a.png')],
    ]);
  });

  it('throws one InputError naming each bad image: record location, absolute path, fault, then a hint', () => {
    const { dir, file } = dataset(['images/good.png', 'images/gone.png', 'images/cut.png', 'images/junk.png', 'images/empty.png']);
    writeFileSync(join(dir, 'images', 'good.png'), png);
    writeFileSync(join(dir, 'images', 'cut.png'), png.subarray(0, 12));
    writeFileSync(join(dir, 'images', 'junk.png'), 'not a picture');
    writeFileSync(join(dir, 'images', 'empty.png'), '');
    let err: unknown;
    try {
      loadProblems(dir, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const lines = (err as Error).message.split('\n');
    expect(lines[0]).toBe(`${dir}: 4 of 5 image file(s) cannot be used, in 4 record image(s) (checked at load, before any training or evaluation):`);
    expect(lines.slice(1, 5)).toEqual([
      `  ${file}:2: ${join(dir, 'images', 'gone.png')}: missing (no such file)`,
      `  ${file}:3: ${join(dir, 'images', 'cut.png')}: truncated PNG: 12 bytes, too short to hold the IHDR header (24 bytes)`,
      `  ${file}:4: ${join(dir, 'images', 'junk.png')}: not an image: first bytes 6e 6f 74 20 61 20 70 69 … ("not a pi") match no PNG, JPEG, GIF, WebP or TIFF signature`,
      `  ${file}:5: ${join(dir, 'images', 'empty.png')}: empty (0 bytes)`,
    ]);
    expect(lines[5]).toMatch(/^HINT: restore or regenerate these files/);
  });

  it('lists the first 20 bad images and counts the rest', () => {
    const { dir } = dataset(Array.from({ length: 23 }, (_, i) => `images/gone-${i}.png`));
    expect(() => loadProblems(dir, () => undefined)).toThrow(/gone-19\.png: missing \(no such file\)\n {2}… and 3 more\nHINT/);
    expect(() => loadProblems(dir, () => undefined)).not.toThrow(/gone-20\.png/);
  });
});

// Decodes where libvips' own conversion is not PIL's convert('RGB') (issue 20, item 4): 16-bit greyscale is clipped
// to 255 as Pillow's I16_RGB / i2rgb do, CMYK goes through Pillow's integer cmyk2rgb, other 16-bit layouts keep the
// high byte in both libraries, and sample formats PIL turns into modes I/F are refused by name. Expected values
// are worked by hand from Pillow's src/libImaging/Convert.c (quoted in src/data/pil-convert.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageError } from '../../src/data/image-config.js';
import { decodeImage } from '../../src/data/image.js';
import { cmykToRgbPil, grey16ToRgbPil } from '../../src/data/pil-convert.js';

const dir = mkdtempSync(join(tmpdir(), 'ahpo-image-pil-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GREY16 = [0, 100, 255, 256, 1000, 32768, 65535, 300];
/** PIL: min(v, 255). The high byte (libvips' narrowing) would give 0, 0, 0, 1, 3, 128, 255, 1. */
const GREY16_PIL = [0, 100, 255, 255, 255, 255, 255, 255];

const grey = (rgb: Uint8Array) => [...rgb].filter((_, i) => i % 3 === 0);

function png16(values: number[], channels: 1 | 2 | 3): Promise<Buffer> {
  const width = values.length / channels;
  const space = channels === 3 ? 'rgb16' : 'grey16';
  return sharp(new Uint16Array(values), { raw: { width, height: 1, channels } })
    .toColourspace(space)
    .png()
    .toBuffer();
}

/** Inserts a PNG chunk right after IHDR (signature 8 bytes + IHDR chunk 25 bytes). */
function withChunk(png: Buffer, type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([png.subarray(0, 33), head, data, crc, png.subarray(33)]);
}

/**
 * A one-strip, uncompressed, little-endian greyscale TIFF (sharp only writes 8-bit TIFFs). `sampleFormat` 1 is
 * unsigned integer, 3 is IEEE float.
 */
function greyTiff(samples: Uint8Array, width: number, bits: number, sampleFormat: number): Buffer {
  const tags: Array<[number, number, number]> = [
    // [tag, type (3 SHORT, 4 LONG), value]
    [256, 4, width],
    [257, 4, 1],
    [258, 3, bits],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, 1],
    [279, 4, samples.length],
    [339, 3, sampleFormat],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  const out = Buffer.alloc(dataAt + samples.length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) out.writeUInt16LE(v, at + 8);
    else out.writeUInt32LE(v, at + 8);
  });
  out.set(samples, dataAt);
  return out;
}

describe('16-bit images decode as PIL converts them', () => {
  it('16-bit grey PNG: each value clipped to 255 (PIL mode I;16 → I16_RGB), not narrowed to its high byte', async () => {
    const { rgb, width } = await decodeImage(await png16(GREY16, 1));
    expect(width).toBe(8);
    expect(grey(rgb)).toEqual(GREY16_PIL);
    expect([...rgb.subarray(0, 6)]).toEqual([0, 0, 0, 100, 100, 100]); // grey replicated to R, G, B
  });

  it('a tRNS chunk changes nothing: PIL still opens mode I;16 and convert drops the transparency', async () => {
    const tRNS = Buffer.from([0x01, 0x00]); // grey 256 is transparent
    const png = withChunk(await png16(GREY16, 1), 'tRNS', tRNS);
    expect((await sharp(png).metadata()).channels).toBe(2); // libvips makes it grey + alpha
    expect(grey((await decodeImage(png)).rgb)).toEqual(GREY16_PIL);
  });

  it('16-bit grey TIFF (PIL mode I;16) is clipped the same way', async () => {
    const samples = new Uint8Array(new Uint16Array(GREY16).buffer); // little-endian, as the TIFF header says
    const path = join(dir, 'grey16.tif');
    writeFileSync(path, greyTiff(samples, GREY16.length, 16, 1));
    expect(grey((await decodeImage(path)).rgb)).toEqual(GREY16_PIL);
  });

  it('16-bit grey+alpha and RGB PNGs keep the high byte in PIL too (rawmodes LA;16B, RGB;16B)', async () => {
    const ga = await decodeImage(await png16([32768, 65535, 100, 0, 65535, 1000, 256, 5], 2));
    expect(grey(ga.rgb)).toEqual([128, 0, 255, 1]);
    const rgb16 = await decodeImage(await png16([32768, 100, 65535, 257, 511, 65280], 3));
    expect([...rgb16.rgb]).toEqual([128, 0, 255, 1, 1, 255]);
  });

  it('grey16ToRgbPil reads band 0 of any band count', () => {
    expect([...grey16ToRgbPil(new Uint16Array([300, 7, 9, 65535]), 2, 2)]).toEqual([255, 255, 255, 9, 9, 9]);
  });

  it('refuses float samples (PIL mode F), naming the file, the format and a fix', async () => {
    const path = join(dir, 'float.tif');
    writeFileSync(path, greyTiff(new Uint8Array(new Float32Array([0.5, 1, 2, 3]).buffer), 4, 32, 3));
    const err = await decodeImage(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toContain(`image ${JSON.stringify(path)}`);
    expect((err as Error).message).toMatch(/a TIFF with 1 band\(s\) of float samples; expected 8- or 16-bit unsigned.*HINT: convert/);
  });
});

describe('CMYK decodes with Pillow cmyk2rgb, not an ICC transform', () => {
  it('cmykToRgbPil: nk = 255 − K, each band nk − round(C·nk/255)', () => {
    const cmyk = new Uint8Array([0, 255, 255, 0, 4, 0, 3, 151, 0, 0, 0, 255, 128, 64, 0, 64, 0, 0, 0, 0, 9, 9, 9, 9]);
    // 4·104/255 = 1.63 → 2; 3·104/255 = 1.22 → 1; 128·191/255 = 95.87 → 96; 64·191/255 = 47.94 → 48; 9·246/255 = 8.68 → 9.
    expect([...cmykToRgbPil(cmyk, 6, 4)]).toEqual([255, 0, 0, 102, 104, 103, 0, 0, 0, 95, 143, 191, 255, 255, 255, 237, 237, 237]);
    expect([...cmykToRgbPil(new Uint8Array([0, 255, 0, 0, 99]), 1, 5)]).toEqual([255, 0, 255]); // a 5th (alpha) band is dropped
  });

  it('a CMYK JPEG decodes to cmyk2rgb of its stored bands, with or without the Adobe APP14 marker', async () => {
    // Four flat 8×8 colour blocks, so the JPEG round trip is near-lossless.
    const colours = [
      [255, 0, 0],
      [0, 255, 0],
      [128, 128, 128],
      [200, 100, 50],
    ];
    const rgb = Buffer.alloc(32 * 8 * 3);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 32; x++) rgb.set(colours[x >> 3], (y * 32 + x) * 3);
    const jpeg = await sharp(rgb, { raw: { width: 32, height: 8, channels: 3 } })
      .toColourspace('cmyk')
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).space).toBe('cmyk');
    const bands = await sharp(jpeg, { ignoreIcc: true }).pipelineColourspace('cmyk').toColourspace('cmyk').raw().toBuffer();
    const decoded = await decodeImage(jpeg);
    expect([...decoded.rgb]).toEqual([...cmykToRgbPil(bands, 32 * 8, 4)]);
    // libvips' ICC route gives another colour; PIL's formula is what transformers' processor is fed.
    const icc = await sharp(jpeg, { ignoreIcc: true }).toColourspace('srgb').raw().toBuffer();
    expect([...icc.subarray(0, 3)]).not.toEqual([...decoded.rgb.subarray(0, 3)]);

    // PIL reads every CMYK JPEG as Adobe-inverted ("CMYK;I"); libvips must do the same when APP14 is absent.
    expect(jpeg.toString('latin1', 6, 11)).toBe('Adobe'); // the first segment is APP14
    const stripped = Buffer.concat([jpeg.subarray(0, 2), jpeg.subarray(4 + jpeg.readUInt16BE(4))]);
    expect([...(await decodeImage(stripped)).rgb]).toEqual([...decoded.rgb]);
  });
});

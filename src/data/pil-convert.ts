// The two decodes where PIL's `convert('RGB')` is not what libvips' own colour conversion gives, redone here with
// Pillow's integer formulas (src/libImaging/Convert.c, unchanged from Pillow 9.4 to 12):
// - 16-bit greyscale (PNG colour type 0, 16-bit TIFF grey): Pillow opens it as mode I;16 (≥ 10.3) or I (older), and
//   both I16_RGB and i2rgb *clip* each value to 255 — 100 stays 100, 256 and 32768 become 255. libvips instead keeps
//   the high byte (32768 → 128). Grey+alpha and RGB(A) at 16 bits are high byte in both (PIL's LA;16B, RGB;16B).
// - CMYK (JPEG, TIFF): Pillow's cmyk2rgb is `R = (255 − K) − round(C·(255 − K)/255)` with no colour management;
//   libvips goes through an ICC transform with its default CMYK profile (pure red comes out 232, 0, 0).
// Both libraries invert Adobe CMYK JPEGs the same way (PIL always reads "CMYK;I"; libvips 8.18 inverts too, with or
// without the APP14 marker — tests/data/image-pil.test.ts pins it), so the CMYK bands libvips hands over are PIL's.
import { ImageError } from './image-config.js';

/** Which PIL conversion a decoded image needs. */
export type PilConversion = 'rgb8' | 'grey16' | 'cmyk';

/** What decodeImage knows about the file before decoding pixels (sharp metadata plus the first bytes). */
export interface DecodeInfo {
  format: string;
  /** sharp's interpretation name: 'srgb', 'b-w', 'grey16', 'rgb16', 'cmyk', … */
  space?: string;
  channels?: number;
  /** sharp's band format: 'uchar', 'ushort', 'float', … */
  depth?: string;
}

/** PNG IHDR bit depth and colour type sit at bytes 24 and 25 (after the signature and the chunk's length/type). */
function isPngGrey16(head: Uint8Array): boolean {
  return head.length >= 26 && head[24] === 16 && head[25] === 0;
}

/**
 * Picks the conversion for one file. A 16-bit grey PNG is recognised from its header, not from the band count:
 * with a tRNS chunk libvips reports grey + alpha, while PIL still opens mode I;16 and clips. Band formats PIL maps
 * to modes we do not reproduce (32-bit integer, float, signed 16-bit: modes I and F) are refused by name.
 */
export function pilConversion(head: Uint8Array, info: DecodeInfo, label: string): PilConversion {
  if (info.depth !== undefined && info.depth !== 'uchar' && info.depth !== 'ushort') {
    throw new ImageError(
      `${label}: a ${info.format.toUpperCase()} with ${info.channels ?? '?'} band(s) of ${info.depth} ` +
        'samples; expected 8- or 16-bit unsigned samples (PIL turns other sample formats into modes I/F, whose ' +
        "convert('RGB') we do not reproduce). HINT: convert the image to an 8-bit RGB PNG.",
    );
  }
  if (info.space === 'cmyk') return 'cmyk';
  if (info.format === 'png') return isPngGrey16(head) ? 'grey16' : 'rgb8';
  return info.channels === 1 && info.depth === 'ushort' ? 'grey16' : 'rgb8';
}

/** PIL I;16 → RGB: each value clipped to 255 (not scaled, not the high byte), replicated to three bands. */
export function grey16ToRgbPil(data: Uint16Array, pixels: number, channels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const v = data[i * channels]; // band 0; a libvips alpha band (tRNS) is dropped, as PIL's convert drops it
    rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = v > 255 ? 255 : v;
  }
  return rgb;
}

/**
 * Pillow's MULDIV255(a, b): a·b/255 rounded to nearest with integer shifts (exact; a·b/255 is never a half).
 */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/** PIL CMYK → RGB (cmyk2rgb): `nk = 255 − K`, each of R, G, B = `nk − MULDIV255(C|M|Y, nk)`; extra bands dropped. */
export function cmykToRgbPil(data: Uint8Array, pixels: number, channels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const at = i * channels;
    const nk = 255 - data[at + 3];
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = nk - mulDiv255(data[at + c], nk);
  }
  return rgb;
}

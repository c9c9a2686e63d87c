import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SafetensorsFile, f32BitsToBf16, halfToFloat, readSafetensors, writeSafetensors } from '../../src/model/safetensors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ahpo-st-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Independent writer: u64-LE length + JSON + data, no padding logic shared with the code under test. */
async function buildFile(path: string, header: unknown, data: Uint8Array = new Uint8Array(0), headerLen?: bigint): Promise<void> {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(headerLen ?? BigInt(json.length));
  await writeFile(path, Buffer.concat([len, json, data]));
}

/** Independent reader: what Python's safetensors sees. */
async function parseByHand(path: string): Promise<{ headerLen: number; json: Record<string, any>; raw: Buffer; data: Buffer }> {
  const raw = await readFile(path);
  const headerLen = Number(raw.readBigUInt64LE(0));
  const text = raw.subarray(8, 8 + headerLen).toString('utf8');
  return { headerLen, json: JSON.parse(text), raw, data: raw.subarray(8 + headerLen) };
}

const bitsOf = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0];
const f32 = (xs: number[]): Float32Array => new Float32Array(xs);

describe('safetensors write/read', () => {
  it('round-trips f32 exactly, including a scalar and an empty tensor', async () => {
    const p = join(dir, 'f32.safetensors');
    const a = f32([1, -2.5, 3e-8, 1e30, -0, 7]);
    await writeSafetensors(p, [
      { name: 'b.weight', shape: [2, 3], data: a },
      { name: 'a.scalar', shape: [], data: f32([42]) },
      { name: 'c.empty', shape: [0, 4], data: async () => f32([]) },
    ]);
    const back = await readSafetensors(p);
    expect(back['b.weight'].shape).toEqual([2, 3]);
    expect(Array.from(back['b.weight'].data)).toEqual(Array.from(a));
    expect(Object.is(back['b.weight'].data[4], -0)).toBe(true);
    expect(back['a.scalar']).toEqual({ shape: [], data: f32([42]) });
    expect(back['c.empty'].data.length).toBe(0);
  });

  it('writes what an independent reader (the Python layout) expects', async () => {
    const p = join(dir, 'layout.safetensors');
    await writeSafetensors(p, [
      { name: 'z', shape: [3], data: f32([1, 2, 3]) },
      { name: 'a', shape: [1, 2], data: f32([4, 5]) },
    ]);
    const { headerLen, json, raw, data } = await parseByHand(p);
    expect(headerLen % 8).toBe(0); // data starts 8-byte aligned
    const text = raw.subarray(8, 8 + headerLen).toString('utf8');
    expect(/^ *$/.test(text.slice(text.lastIndexOf('}') + 1))).toBe(true); // space padding only
    expect(json.__metadata__).toEqual({ format: 'pt' });
    expect(json.a).toEqual({ dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] });
    expect(json.z).toEqual({ dtype: 'F32', shape: [3], data_offsets: [8, 20] });
    expect(data.length).toBe(20);
    expect([0, 1, 2, 3, 4].map((i) => data.readFloatLE(i * 4))).toEqual([4, 5, 1, 2, 3]);
  });

  it('narrows to bf16 with round-to-nearest-even (hand-computed) and widens exactly', async () => {
    // 1+2^-8 is exactly half a bf16 ulp above 1.0 (0x3F80, even) -> 1.0; 1+3·2^-8 is halfway between 0x3F81 (odd) and
    // 0x3F82 (even) -> 1.015625; 1+2^-8+2^-20 is just above half -> 0x3F81 = 1.0078125.
    const xs = [1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20, -0, Infinity, -3, 65504];
    expect(xs.slice(0, 3).map((x) => f32BitsToBf16(bitsOf(x)))).toEqual([0x3f80, 0x3f82, 0x3f81]);
    const p = join(dir, 'bf16.safetensors');
    await writeSafetensors(p, [{ name: 'w', shape: [8], data: f32([...xs, NaN]) }], { dtype: 'bf16' });
    const { json, data } = await parseByHand(p);
    expect(json.w).toEqual({ dtype: 'BF16', shape: [8], data_offsets: [0, 16] });
    expect(data.readUInt16LE(0)).toBe(0x3f80);
    expect(data.readUInt16LE(2)).toBe(0x3f82);
    expect(data.readUInt16LE(4)).toBe(0x3f81);
    const back = (await readSafetensors(p)).w.data;
    expect(Array.from(back.subarray(0, 7))).toEqual([1, 1.015625, 1.0078125, -0, Infinity, -3, 65536]);
    expect(Number.isNaN(back[7])).toBe(true);
  });

  it('decodes f16 bit patterns: normals, subnormals, ±0, ±inf, NaN', async () => {
    const cases: Array<[number, number]> = [
      [0x3c00, 1],
      [0xc000, -2],
      [0x7bff, 65504],
      [0x3555, 0.333251953125],
      [0x0400, 2 ** -14],
      [0x0001, 2 ** -24],
      [0x03ff, 1023 * 2 ** -24],
      [0x8000, -0],
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
    ];
    const bytes = Buffer.alloc((cases.length + 1) * 2);
    cases.forEach(([h], i) => bytes.writeUInt16LE(h, i * 2));
    bytes.writeUInt16LE(0x7e00, cases.length * 2);
    const p = join(dir, 'f16.safetensors');
    await buildFile(p, { h: { dtype: 'F16', shape: [cases.length + 1], data_offsets: [0, bytes.length] } }, bytes);
    const back = (await readSafetensors(p)).h.data;
    cases.forEach(([h, want], i) => expect(Object.is(back[i], want), `0x${h.toString(16)}`).toBe(true));
    expect(Number.isNaN(back[cases.length])).toBe(true);
    expect(halfToFloat(0x7c01)).toBeNaN();
  });

  it('reads a tensor past 2 GiB in a sparse file by its offset', async () => {
    // A 2.2 GiB file whose first tensor (never read) fills the sparse region, then a small tensor beyond 2 GiB.
    const p = join(dir, 'big.safetensors');
    const fillerBytes = 2.2 * 2 ** 30 - ((2.2 * 2 ** 30) % 4);
    const small = f32([3.5, -1, 0.25, 8]);
    const header = Buffer.from(
      JSON.stringify({
        filler: { dtype: 'F32', shape: [fillerBytes / 4], data_offsets: [0, fillerBytes] },
        small: { dtype: 'F32', shape: [2, 2], data_offsets: [fillerBytes, fillerBytes + 16] },
      }),
    );
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const dataStart = 8 + header.length;
    await writeFile(p, Buffer.concat([len, header]));
    await truncate(p, dataStart + fillerBytes + 16);
    const fh = await open(p, 'r+');
    await fh.write(Buffer.from(small.buffer), 0, 16, dataStart + fillerBytes);
    await fh.close();
    const f = await SafetensorsFile.open(p);
    try {
      expect(f.info('small').begin).toBeGreaterThan(2 ** 31);
      expect(Array.from(await f.read('small'))).toEqual([3.5, -1, 0.25, 8]);
    } finally {
      await f.close();
    }
  });
});

describe('safetensors rejects corrupt files with a message naming file and tensor', () => {
  const expectError = async (name: string, header: unknown, data: Uint8Array, pattern: RegExp, headerLen?: bigint): Promise<void> => {
    const p = join(dir, name);
    await buildFile(p, header, data, headerLen);
    const err = await SafetensorsFile.open(p).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toContain(p);
    expect(err?.message).toMatch(pattern);
  };
  const w = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };

  it('header length beyond the file', () =>
    expectError('len.safetensors', { w }, new Uint8Array(8), /header length 1099511627776 exceeds the file size/, 2n ** 40n));
  it('file shorter than the length prefix', async () => {
    const p = join(dir, 'tiny.safetensors');
    await writeFile(p, Buffer.from([1, 2, 3]));
    await expect(SafetensorsFile.open(p)).rejects.toThrow(/tiny\.safetensors: file is 3 bytes/);
  });
  it('header length over 100 MB', async () => {
    const p = join(dir, 'huge-header.safetensors');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(150_000_000n);
    await writeFile(p, len);
    await truncate(p, 200_000_000); // sparse: no disk used
    await expect(SafetensorsFile.open(p)).rejects.toThrow(/huge-header\.safetensors: header length 150000000 is over the 100 MB limit/);
  });
  it('bad JSON', async () => {
    const p = join(dir, 'json.safetensors');
    const body = Buffer.from('{"w": {"dtype": "F32",');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(body.length));
    await writeFile(p, Buffer.concat([len, body]));
    await expect(SafetensorsFile.open(p)).rejects.toThrow(/json\.safetensors: header is not valid JSON/);
  });
  it('offsets out of range (truncated data)', () =>
    expectError(
      'range.safetensors',
      { w: { dtype: 'F32', shape: [100], data_offsets: [0, 400] } },
      new Uint8Array(16),
      /tensor 'w' data_offsets \[0, 400\] run past the end of the data \(16 bytes\).*truncated/,
    ));
  it('a truncated file', async () => {
    const p = join(dir, 'cut.safetensors');
    await writeSafetensors(p, [{ name: 'layer.weight', shape: [64], data: new Float32Array(64) }]);
    const size = (await readFile(p)).length;
    await truncate(p, size - 10);
    await expect(SafetensorsFile.open(p)).rejects.toThrow(/cut\.safetensors: tensor 'layer\.weight' data_offsets \[0, 256\] run past the end/);
  });
  it('overlapping tensors', () =>
    expectError(
      'overlap.safetensors',
      { w, v: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } },
      new Uint8Array(12),
      /tensor 'v' data_offsets \[4, 12\] overlap/,
    ));
  it('a gap between tensors', () =>
    expectError('gap.safetensors', { w: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8), /tensor 'w' .* leave a gap/));
  it('size not matching shape × dtype', () =>
    expectError(
      'size.safetensors',
      { w: { dtype: 'BF16', shape: [2], data_offsets: [0, 8] } },
      new Uint8Array(8),
      /tensor 'w': .*span 8 bytes but shape \[2\] × BF16 needs 4/,
    ));
  it('unknown dtype and malformed shape', async () => {
    await expectError('dtype.safetensors', { w: { dtype: 'Q4', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(8), /tensor 'w': unknown dtype "Q4"/);
    await expectError('shape.safetensors', { w: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, new Uint8Array(8), /tensor 'w': shape must be/);
  });
  it('trailing bytes after the last tensor', () => expectError('trail.safetensors', { w }, new Uint8Array(12), /cover 8 data bytes but the file holds 12/));

  it('refuses to read an unsupported dtype, naming tensor and dtype', async () => {
    const p = join(dir, 'i64.safetensors');
    await buildFile(p, { 'model.rotary.pos': { dtype: 'I64', shape: [2], data_offsets: [0, 16] }, w: { ...w, data_offsets: [16, 24] } }, new Uint8Array(24));
    const f = await SafetensorsFile.open(p);
    try {
      await expect(f.read('model.rotary.pos')).rejects.toThrow(/i64\.safetensors: tensor 'model\.rotary\.pos' has dtype I64; ahpo reads only F32, F16, BF16/);
      expect(Array.from(await f.read('w'))).toEqual([0, 0]);
      await expect(f.read('nope')).rejects.toThrow(/no tensor named 'nope'/);
    } finally {
      await f.close();
    }
  });
});

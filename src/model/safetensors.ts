// safetensors: an 8-byte little-endian u64 header length N, N bytes of JSON header
// ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}), then raw little-endian tensor data;
// offsets are relative to the first data byte. Real shards are ~4 GB and Node cannot read more than 2 GiB in one
// call, so we only ever read the header eagerly and fetch each tensor by its byte offset, in chunks, straight into
// its float32 output (a bf16 shard is never held twice in memory).
import { open } from 'node:fs/promises';
import { replaceFile } from '../io/atomic.js';
import type { FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';

export class SafetensorsError extends Error {}

/** Element sizes of every dtype the format defines; we *read* F32/F16/BF16 and validate sizes for all. */
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  U16: 2,
  I16: 2,
  F16: 2,
  BF16: 2,
  U32: 4,
  I32: 4,
  F32: 4,
  U64: 8,
  I64: 8,
  F64: 8,
};
const READABLE = ['F32', 'F16', 'BF16'];

// Python's safetensors refuses headers over 100 MB; a larger length is a corrupt file, not a big model.
const MAX_HEADER_BYTES = 100_000_000;
// Per-call I/O size: far below Node's 2 GiB limit, large enough that syscalls do not dominate.
const CHUNK_BYTES = 16 << 20;

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte range in the file (header included), end exclusive. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Tensors in file order (ascending offset). */
  tensors: Map<string, TensorInfo>;
  metadata?: Record<string, string>;
  /** Absolute offset of the first data byte (8 + header length). */
  dataStart: number;
}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function assertLittleEndianHost(): void {
  // Typed-array views are host-endian; every machine Node ships for is LE, but fail loudly rather than garble weights.
  if (endianness() !== 'LE') throw new SafetensorsError('safetensors I/O needs a little-endian host (typed-array views are host-endian)');
}

/**
 * Validates a header JSON text against the file size. `where` names the file in every error. Mirrors the checks of
 * Python's safetensors: known dtype, integer shape, byte size = numel × dtype size, offsets contiguous from 0 to the
 * end of the data (no gaps, overlaps, truncation or trailing bytes).
 */
export function parseHeader(json: string, headerLen: number, fileSize: number, where: string): SafetensorsHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new SafetensorsError(`${where}: header is not valid JSON (${(e as Error).message}). Hint: the file is corrupt or not a safetensors file`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SafetensorsError(`${where}: header must be a JSON object, got ${JSON.stringify(raw)?.slice(0, 80)}`);
  const dataStart = 8 + headerLen;
  const dataLen = fileSize - dataStart;
  const tensors: TensorInfo[] = [];
  let metadata: Record<string, string> | undefined;
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = v as Record<string, string>;
      continue;
    }
    const bad = (msg: string): never => {
      throw new SafetensorsError(`${where}: tensor '${name}': ${msg}`);
    };
    if (v === null || typeof v !== 'object') bad(`entry must be an object, got ${JSON.stringify(v)}`);
    const { dtype, shape, data_offsets: offs } = v as { dtype: unknown; shape: unknown; data_offsets: unknown };
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) bad(`unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_BYTES).join(', ')})`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      bad(`shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0) || offs[0] > offs[1]) {
      bad(`data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offs)}`);
    }
    const [b, e] = offs as [number, number];
    const want = numel(shape as number[]) * DTYPE_BYTES[dtype as string];
    if (e - b !== want) bad(`data_offsets ${JSON.stringify(offs)} span ${e - b} bytes but shape ${JSON.stringify(shape)} × ${dtype} needs ${want}`);
    tensors.push({ name, dtype: dtype as string, shape: shape as number[], begin: dataStart + b, end: dataStart + e });
  }
  tensors.sort((x, y) => x.begin - y.begin || x.end - y.end);
  let cursor = dataStart;
  for (const t of tensors) {
    const rel = `[${t.begin - dataStart}, ${t.end - dataStart}]`;
    if (t.end > fileSize) {
      throw new SafetensorsError(
        `${where}: tensor '${t.name}' data_offsets ${rel} run past the end of the data (${dataLen} bytes). Hint: the file is truncated (incomplete download?)`,
      );
    }
    if (t.begin < cursor)
      throw new SafetensorsError(`${where}: tensor '${t.name}' data_offsets ${rel} overlap the previous tensor (which ends at ${cursor - dataStart})`);
    if (t.begin > cursor)
      throw new SafetensorsError(
        `${where}: tensor '${t.name}' data_offsets ${rel} leave a gap after byte ${cursor - dataStart}; safetensors data must be contiguous`,
      );
    cursor = t.end;
  }
  if (cursor !== fileSize) {
    throw new SafetensorsError(
      `${where}: the header's tensors cover ${cursor - dataStart} data bytes but the file holds ${dataLen}. Hint: the file is corrupt or has trailing garbage`,
    );
  }
  return { tensors: new Map(tensors.map((t) => [t.name, t])), metadata, dataStart };
}

async function readExactly(fh: FileHandle, dst: Uint8Array, position: number, where: string): Promise<void> {
  let done = 0;
  while (done < dst.byteLength) {
    const { bytesRead } = await fh.read(dst, done, dst.byteLength - done, position + done);
    if (bytesRead === 0)
      throw new SafetensorsError(
        `${where}: unexpected end of file at byte ${position + done} (wanted ${dst.byteLength} bytes from ${position}). Hint: the file is truncated or changed while reading`,
      );
    done += bytesRead;
  }
}

// IEEE half → float32 for all 65 536 bit patterns (subnormals, ±inf, NaN); a 256 KB table beats per-element math.
let f16Table: Float32Array | undefined;
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // subnormal (and ±0)
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
function f16Lut(): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) f16Table[i] = halfToFloat(i);
  }
  return f16Table;
}

/** Decodes raw little-endian F32/F16/BF16 bytes into `out` starting at element `outOffset`. */
export function decodeInto(dtype: string, bytes: Uint8Array, out: Float32Array, outOffset: number): void {
  if (dtype === 'F32') {
    new Uint8Array(out.buffer, out.byteOffset + outOffset * 4, bytes.byteLength).set(bytes);
    return;
  }
  const n = bytes.byteLength / 2;
  const src = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  if (dtype === 'BF16') {
    // bf16 is the top half of an f32: widening is exact.
    const dst = new Uint32Array(out.buffer, out.byteOffset + outOffset * 4, n);
    for (let i = 0; i < n; i++) dst[i] = src[i] << 16;
  } else {
    const lut = f16Lut();
    for (let i = 0; i < n; i++) out[outOffset + i] = lut[src[i]];
  }
}

/** Rounds one f32 bit pattern to bf16, round-to-nearest-even (as torch does); NaN stays a quiet NaN. */
export function f32BitsToBf16(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && bits & 0x007fffff) return ((bits >>> 16) | 0x0040) & 0xffff;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** An open safetensors file: header parsed eagerly, tensors read on demand by offset. Call `close()`. */
export class SafetensorsFile {
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    readonly header: SafetensorsHeader,
  ) {}

  static async open(path: string): Promise<SafetensorsFile> {
    assertLittleEndianHost();
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw new SafetensorsError(`${path}: cannot open safetensors file (${(e as Error).message})`);
    }
    try {
      const size = (await fh.stat()).size;
      if (size < 8)
        throw new SafetensorsError(`${path}: file is ${size} bytes, too short for the 8-byte header length. Hint: truncated or not a safetensors file`);
      const lenBuf = new Uint8Array(8);
      await readExactly(fh, lenBuf, 0, path);
      const n = new DataView(lenBuf.buffer).getBigUint64(0, true);
      if (n > BigInt(size - 8))
        throw new SafetensorsError(`${path}: header length ${n} exceeds the file size (${size} bytes). Hint: truncated or not a safetensors file`);
      if (n > BigInt(MAX_HEADER_BYTES))
        throw new SafetensorsError(`${path}: header length ${n} is over the 100 MB limit safetensors allows. Hint: the file is corrupt`);
      const headerLen = Number(n);
      const hdr = new Uint8Array(headerLen);
      await readExactly(fh, hdr, 8, path);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(hdr);
      } catch {
        throw new SafetensorsError(`${path}: header is not valid UTF-8. Hint: the file is corrupt or not a safetensors file`);
      }
      return new SafetensorsFile(path, fh, parseHeader(text, headerLen, size, path));
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  get names(): string[] {
    return [...this.header.tensors.keys()];
  }

  info(name: string): TensorInfo {
    const t = this.header.tensors.get(name);
    if (!t) throw new SafetensorsError(`${this.path}: no tensor named '${name}' (the file has ${this.header.tensors.size} tensors)`);
    return t;
  }

  /** Reads one tensor widened to float32. F32, F16 and BF16 only. */
  async read(name: string): Promise<Float32Array> {
    const t = this.info(name);
    if (!READABLE.includes(t.dtype)) {
      throw new SafetensorsError(
        `${this.path}: tensor '${name}' has dtype ${t.dtype}; ahpo reads only ${READABLE.join(', ')}. Hint: re-save the checkpoint as bf16 or f32`,
      );
    }
    const n = numel(t.shape);
    const elBytes = DTYPE_BYTES[t.dtype];
    const out = new Float32Array(n);
    const chunkEls = Math.floor(CHUNK_BYTES / elBytes);
    const scratch = t.dtype === 'F32' ? undefined : new Uint8Array(Math.min(n, chunkEls) * elBytes);
    for (let i = 0; i < n; i += chunkEls) {
      const m = Math.min(chunkEls, n - i);
      const pos = t.begin + i * elBytes;
      if (scratch) {
        const view = scratch.subarray(0, m * elBytes);
        await readExactly(this.fh, view, pos, `${this.path} tensor '${name}'`);
        decodeInto(t.dtype, view, out, i);
      } else {
        await readExactly(this.fh, new Uint8Array(out.buffer, i * 4, m * 4), pos, `${this.path} tensor '${name}'`);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** Reads every tensor of a (small) file: tests and tools. Large checkpoints go through `SafetensorsFile`. */
export async function readSafetensors(path: string): Promise<Record<string, { shape: number[]; data: Float32Array }>> {
  const f = await SafetensorsFile.open(path);
  try {
    const out: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const name of f.names) out[name] = { shape: f.info(name).shape, data: await f.read(name) };
    return out;
  } finally {
    await f.close();
  }
}

export type SaveDtype = 'f32' | 'bf16';

export interface WriteEntry {
  name: string;
  shape: number[];
  /** The values, or a thunk producing them when written (so only one tensor is off-device at a time). */
  data: Float32Array | (() => Promise<Float32Array>);
}

/** Bytes the file will take for these shapes (header excluded): sharding plans use it. */
export const tensorBytes = (shape: readonly number[], dtype: SaveDtype): number => numel(shape) * (dtype === 'bf16' ? 2 : 4);

/**
 * Writes a safetensors file the way Python's safetensors does: compact JSON header with
 * `__metadata__: {format: 'pt'}`, padded with spaces to a multiple of 8 bytes, tensors sorted by name and packed
 * contiguously. Written atomically (io/atomic.ts), so a crash never leaves a half-written checkpoint in place.
 */
export async function writeSafetensors(
  path: string,
  entries: WriteEntry[],
  opts: { dtype?: SaveDtype; metadata?: Record<string, string> } = {},
): Promise<void> {
  assertLittleEndianHost();
  const dtype = opts.dtype ?? 'f32';
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', ...opts.metadata } };
  let offset = 0;
  for (const e of sorted) {
    if (e.name in header) throw new SafetensorsError(`${path}: tensor name '${e.name}' appears twice`);
    const bytes = tensorBytes(e.shape, dtype);
    header[e.name] = { dtype: dtype === 'bf16' ? 'BF16' : 'F32', shape: e.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  const head = new Uint8Array(8 + padded).fill(0x20);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  await replaceFile(path, async (tmp) => {
    const fh = await open(tmp, 'w');
    try {
      let pos = 0;
      const write = async (bytes: Uint8Array): Promise<void> => {
        for (let i = 0; i < bytes.byteLength; i += CHUNK_BYTES) {
          const part = bytes.subarray(i, Math.min(bytes.byteLength, i + CHUNK_BYTES));
          await fh.write(part, 0, part.byteLength, pos);
          pos += part.byteLength;
        }
      };
      await write(head);
      for (const e of sorted) {
        const data = typeof e.data === 'function' ? await e.data() : e.data;
        if (!(data instanceof Float32Array) || data.length !== numel(e.shape)) {
          throw new SafetensorsError(
            `${path}: tensor '${e.name}' has ${data.length} values (${data.constructor.name}) but shape ${JSON.stringify(e.shape)} needs ${numel(e.shape)} float32 values`,
          );
        }
        await write(dtype === 'f32' ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : toBf16Bytes(data));
      }
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
    await fh.close();
  });
}

function toBf16Bytes(data: Float32Array): Uint8Array {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f32BitsToBf16(bits[i]);
  return new Uint8Array(out.buffer);
}

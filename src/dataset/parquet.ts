// Parquet files (the Hugging Face form of the benchmark) into a Table, with hyparquet: pure JavaScript, no native
// build, snappy built in and zstd/gzip/brotli/lz4 from hyparquet-compressors, which covers what `datasets` and
// pyarrow write. Its API is asynchronous, so this is the one part of reading records that is (readRecordsAsync).
import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Table } from './tables.js';

const MAGIC = 'PAR1';

/** Whether a file is parquet: by its name, or by the magic bytes every parquet file starts with. */
export function isParquet(file: string, head: Uint8Array): boolean {
  return file.toLowerCase().endsWith('.parquet') || Buffer.from(head.subarray(0, 4)).toString('latin1') === MAGIC;
}

export async function readParquetTable(file: string): Promise<Table> {
  const bytes = readFileSync(file);
  const text = bytes.subarray(0, 64).toString('latin1');
  if (text.startsWith('version https://git-lfs')) {
    throw new Error(
      `records: ${file} is a Git LFS pointer, not the parquet data. HINT: run \`git lfs pull\` in the dataset clone, or download the file itself.`,
    );
  }
  // An ArrayBuffer of exactly the file (a Buffer may be a view into a larger pool).
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Array<Record<string, unknown>>;
  let columns: string[];
  try {
    const metadata = parquetMetadata(buf);
    columns = parquetSchema(metadata).children.map((c) => c.element.name);
    // utf8: false keeps un-annotated BYTE_ARRAY columns (the image bytes) binary; string columns stay strings.
    rows = (await parquetReadObjects({ file: buf, metadata, compressors, utf8: false })) as Array<Record<string, unknown>>;
  } catch (err) {
    throw new Error(
      `records: ${file} is not a readable parquet file: ${(err as Error).message}. HINT: pass the dataset's data/test-*.parquet files as downloaded.`,
    );
  }
  return { file, format: 'parquet', columns, rows, locations: rows.map((_, i) => ({ file, arrayIndex: i })) };
}

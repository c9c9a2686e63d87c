// Small files in the two shapes the MM-HELIX benchmark is distributed in, made from real generated instances:
// the Hugging Face dataset's parquet (columns id, category, images = list<struct<bytes, path>>, question,
// question_text, answer, difficulty, metric_info, initial_state; pyarrow's three-level list layout) and VLMEvalKit's
// TSV as pandas writes it (tab-separated, fields with a tab, quote or line break quoted, quotes doubled, lists
// written with Python's str()).
import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { answerText, generateChecked, instanceSeed } from '../../src/dataset/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import { rasterize } from '../../src/tasks/render/raster.js';
import { metricInfo } from '../../src/dataset/score-functions.js';
import type { Level } from '../../src/tasks/types.js';

export interface BenchRow {
  id: number;
  category: string;
  task: string;
  images: Uint8Array[];
  question: string;
  question_text: string;
  answer: string;
  difficulty: number;
  metric_info: string;
  initial_state: string;
}

/** Real instances (reference answers pass the verifiers), images rasterised small to keep the files tiny. */
export async function benchRows(items: Array<[task: string, level: Level]>, seed = 5): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [i, [task, level]] of items.entries()) {
    const spec = getTask(task);
    const g = generateChecked(spec, level, instanceSeed(seed, task, level, i));
    const state = g.instance.initialState;
    rows.push({
      id: 100 + i,
      category: spec.officialName,
      task,
      images: await Promise.all(g.svgs.map(async (svg) => new Uint8Array(await rasterize(svg, 48)))),
      question: g.instance.question,
      question_text: g.instance.questionLanguage,
      answer: answerText(g.instance.answer),
      difficulty: level,
      metric_info: metricInfo(spec),
      initial_state: typeof state === 'string' ? state : JSON.stringify(state ?? null),
    });
  }
  return rows;
}

type ParquetOptions = Pick<Parameters<typeof parquetWriteBuffer>[0], 'codec' | 'compressors'> & {
  /** Columns to leave out (to make a file of the wrong shape). */
  omit?: string[];
  /** Image file names stored in each struct's `path` (HF keeps the source file name); null = none. */
  imagePath?: (row: BenchRow, j: number) => string | null;
};

/** Writes rows as the Hugging Face dataset's parquet. */
export function writeHfParquet(file: string, rows: BenchRow[], o: ParquetOptions = {}): void {
  const text = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
  const int = { type: 'INT32', repetition_type: 'OPTIONAL' } as const;
  const imagePath = o.imagePath ?? ((r: BenchRow, j: number) => `${r.task}_${r.id}_${j}.png`);
  const columns: Array<{ name: string; data: unknown[]; schema: Array<Record<string, unknown>> }> = [
    { name: 'id', data: rows.map((r) => r.id), schema: [{ name: 'id', ...int }] },
    { name: 'category', data: rows.map((r) => r.category), schema: [{ name: 'category', ...text }] },
    {
      name: 'images',
      data: rows.map((r) => r.images.map((bytes, j) => ({ bytes, path: imagePath(r, j) }))),
      schema: [
        { name: 'images', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        { name: 'path', ...text },
      ],
    },
    ...(['question', 'question_text', 'answer'] as const).map((k) => ({ name: k, data: rows.map((r) => r[k]), schema: [{ name: k, ...text }] })),
    { name: 'difficulty', data: rows.map((r) => r.difficulty), schema: [{ name: 'difficulty', ...int }] },
    ...(['metric_info', 'initial_state'] as const).map((k) => ({ name: k, data: rows.map((r) => r[k]), schema: [{ name: k, ...text }] })),
  ];
  const kept = columns.filter((c) => !(o.omit ?? []).includes(c.name));
  const schema = [{ name: 'schema', num_children: kept.length }, ...kept.flatMap((c) => c.schema)];
  const buf = parquetWriteBuffer({
    columnData: kept.map((c) => ({ name: c.name, data: c.data as never })),
    schema: schema as never,
    codec: o.codec,
    compressors: o.compressors,
  });
  writeFileSync(file, new Uint8Array(buf));
}

/** A field as pandas' to_csv(sep='\t') writes it (QUOTE_MINIMAL). */
function tsvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Python's str() of a list of strings, as pandas writes a list cell. */
export const pyList = (items: string[]): string => `[${items.map((x) => `'${x}'`).join(', ')}]`;

export function writeTsv(file: string, header: string[], rows: Array<Record<string, unknown>>): void {
  const lines = [header.join('\t'), ...rows.map((r) => header.map((h) => tsvField(r[h])).join('\t'))];
  writeFileSync(file, lines.join('\n') + '\n');
}

/**
 * A valid zstd frame holding `input` in raw (stored) blocks: lets a test write a ZSTD-coded parquet file without a
 * zstd compressor (none ships for node 20); the reader still has to run its zstd decoder over it.
 */
export function zstdRawFrame(input: Uint8Array): Uint8Array {
  const MAX_BLOCK = 128 * 1024;
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0]; // magic; single segment, 4-byte content size
  const size = input.length;
  parts.push(size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, (size >>> 24) & 0xff);
  const blocks = Math.max(1, Math.ceil(size / MAX_BLOCK));
  const out: Uint8Array[] = [Uint8Array.from(parts)];
  for (let b = 0; b < blocks; b++) {
    const chunk = input.subarray(b * MAX_BLOCK, Math.min(size, (b + 1) * MAX_BLOCK));
    const header = (chunk.length << 3) | (0 << 1) | (b === blocks - 1 ? 1 : 0); // block type 0 = raw
    out.push(Uint8Array.from([header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff]), chunk);
  }
  return Uint8Array.from(Buffer.concat(out));
}

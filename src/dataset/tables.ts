// The MM-HELIX benchmark as it is distributed, read as tables: the Hugging Face dataset (tianhao2k/MM-HELIX,
// parquet, images embedded as {bytes, path} structs in an `images` list column; read in ./parquet.ts) and the
// VLMEvalKit form (MM-HELIX.tsv, written by pandas, with images either base64 in an `image` column or as paths in
// `image_path`, the files under LMUData/images/MM-HELIX/<category>/). Each row becomes the same record object a
// records.jsonl line holds, so both go through the one record reader in records.ts.
//
// Embedded images are written out as files (a prompt loads images by path): into `<file stem>_images/` beside the
// table, only when the caller needs images (checkImages), and a file already holding the same bytes is left alone.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, parse } from 'node:path';
import { tryParsePyLiteral } from '../tasks/common/pyliteral.js';
import type { RecordLocation } from './records.js';

/** One table file's rows as column → value, whatever format it came in. */
export interface Table {
  file: string;
  format: 'parquet' | 'tsv';
  columns: string[];
  rows: Array<Record<string, unknown>>;
  /** Where each row starts: a 1-based line (TSV) or a 0-based row number (parquet). */
  locations: RecordLocation[];
}

const HF_SHAPE =
  'the Hugging Face dataset tianhao2k/MM-HELIX (data/test-*.parquet with columns id, category, images, question, ' +
  'question_text, answer, difficulty, metric_info, initial_state)';
const TSV_SHAPE =
  "VLMEvalKit's MM-HELIX.tsv (columns index, category, question, question_text, answer, difficulty, metric_info, " +
  'initial_state and an image column: image (base64) or image_path)';

/** The image columns of each shape, in the order they are read. */
const IMAGE_COLUMNS: Record<Table['format'], string[]> = { parquet: ['images', 'image'], tsv: ['image', 'image_path'] };

/**
 * Throws, naming the file and every missing column, when a table is in neither distributed shape: a record needs a
 * row id, a task, the question, the reference and an image column (the benchmark's questions all have images).
 */
export function checkTableShape(t: Table): void {
  const has = (...names: string[]): boolean => names.some((n) => t.columns.includes(n));
  const missing = [
    has('id', 'index') ? '' : "'id' (or 'index')",
    has('category', 'task') ? '' : "'category'",
    has('question') ? '' : "'question'",
    has('answer') ? '' : "'answer'",
    has(...IMAGE_COLUMNS[t.format]) ? '' : IMAGE_COLUMNS[t.format].map((c) => `'${c}'`).join(' or '),
  ].filter(Boolean);
  if (missing.length === 0) return;
  throw new Error(
    `records: ${t.file} is not an MM-HELIX table: no column ${missing.join(', no column ')} ` +
      `(its columns: ${t.columns.join(', ') || 'none'}). Expected ${t.format === 'parquet' ? HF_SHAPE : TSV_SHAPE}. ` +
      'HINT: pass the benchmark files as distributed, or records.jsonl / annotations.json from `ahpo data generate` ' +
      'or the official generators.',
  );
}

/**
 * Splits tab-separated text as pandas writes it (`to_csv(sep='\t')`): a field holding a tab, a quote or a line break
 * is wrapped in double quotes, with inner quotes doubled. Returns the rows and the 1-based line each starts on.
 */
export function parseTsv(text: string, file: string): { rows: string[][]; lines: number[] } {
  const body = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = (): void => {
    row.push(field);
    // A blank line is no row (a trailing newline, or the empty last line pandas never writes but editors add).
    if (row.length > 1 || row[0] !== '') {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    field = '';
  };
  while (i < body.length) {
    const ch = body[i];
    if (ch === '"' && field === '') {
      const start = line;
      let j = i + 1;
      for (;;) {
        if (j >= body.length) throw new Error(`records: ${file}:${start}: a quoted TSV field is never closed (no matching '"')`);
        if (body[j] === '"') {
          if (body[j + 1] === '"') {
            field += '"';
            j += 2;
            continue;
          }
          break;
        }
        if (body[j] === '\n') line++;
        field += body[j++];
      }
      i = j + 1;
      continue;
    }
    if (ch === '\t') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) endRow();
  return { rows, lines };
}

/** A TSV file as a table: the header names the columns, an empty field is a missing value (pandas' NaN). */
export function tsvTable(text: string, file: string): Table {
  const { rows, lines } = parseTsv(text, file);
  if (rows.length === 0) throw new Error(`records: ${file} is empty; expected a header line and one row per question`);
  const columns = rows[0].map((c) => c.trim());
  const table: Table = { file, format: 'tsv', columns, rows: [], locations: [] };
  for (let r = 1; r < rows.length; r++) {
    const obj: Record<string, unknown> = {};
    columns.forEach((c, k) => {
      const v = rows[r][k];
      if (v !== undefined && v !== '') obj[c] = v;
    });
    table.rows.push(obj);
    table.locations.push({ file, line: lines[r] });
  }
  return table;
}

/** Where a table's embedded images go, and the names already given (two rows never share a file). */
interface ImageSink {
  /** Folder beside the table, relative to the table's folder. */
  relDir: string;
  absDir: string;
  write: boolean;
  taken: Map<string, Uint8Array>;
}

const SAFE_NAME = /[^A-Za-z0-9._-]+/g;

function extensionOf(bytes: Uint8Array): string {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return '.png';
  if (b[0] === 0xff && b[1] === 0xd8) return '.jpg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return '.gif';
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46) return '.webp';
  return '.png';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/** Gives embedded image bytes a file name under the sink (writing the file when asked); returns the relative path. */
function placeImage(bytes: Uint8Array, folder: string, wanted: string, sink: ImageSink): string {
  const safeFolder = folder.replace(SAFE_NAME, '_') || 'images';
  let name = basename(wanted).replace(SAFE_NAME, '_');
  if (name === '' || name === '.' || name === '..') name = 'image';
  if (extname(name) === '') name += extensionOf(bytes);
  let rel = `${safeFolder}/${name}`;
  for (let k = 2; sink.taken.has(rel) && !sameBytes(sink.taken.get(rel) as Uint8Array, bytes); k++) {
    rel = `${safeFolder}/${parse(name).name}_${k}${parse(name).ext}`;
  }
  sink.taken.set(rel, bytes);
  if (sink.write) {
    const abs = join(sink.absDir, rel);
    if (!(existsSync(abs) && sameBytes(readFileSync(abs), bytes))) {
      try {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, bytes);
      } catch (err) {
        throw new Error(
          `records: cannot write the embedded image ${abs} (${(err as Error).message}). HINT: images embedded in a ` +
            'parquet or TSV file are written beside it for the model to load; copy the file to a writable folder.',
        );
      }
    }
  }
  return `${sink.relDir}/${rel}`;
}

/**
 * A path from an `image_path` cell. VLMEvalKit writes absolute paths of the machine that made the file
 * (`…/LMUData/images/MM-HELIX/<category>/<name>`); those are kept from their `images/` folder on, relative to the
 * table's folder (where LMUData keeps them), or as a bare name, which the reader then looks up by basename.
 */
export function tablePath(p: string): string {
  const raw = p.trim().replace(/\\/g, '/');
  if (!isAbsolute(raw) && !/^[A-Za-z]:\//.test(raw)) return raw;
  const at = raw.lastIndexOf('/images/');
  return at >= 0 ? raw.slice(at + 1) : basename(raw);
}

/** A cell that may hold one string or a Python list literal of them (pandas writes lists with str()). */
function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v !== 'string' || v === '') return [];
  const t = v.trim();
  if (t.startsWith('[') && t.endsWith(']')) {
    const parsed = tryParsePyLiteral(t);
    if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string');
  }
  return [v];
}

function rowId(row: Record<string, unknown>, r: number): string {
  const id = row.index ?? row.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `row${r}`;
}

/** Image paths of a parquet row: each `images` entry is an {bytes, path} struct (HF's Image feature). */
function parquetImages(row: Record<string, unknown>, r: number, sink: ImageSink): string[] {
  const cell = row.images ?? row.image;
  const list = Array.isArray(cell) ? cell : cell === undefined || cell === null ? [] : [cell];
  const folder = typeof row.category === 'string' ? row.category : 'images';
  const out: string[] = [];
  list.forEach((item, i) => {
    const entry = (item ?? {}) as { bytes?: unknown; path?: unknown };
    const path = typeof entry.path === 'string' ? entry.path : '';
    if (entry.bytes instanceof Uint8Array && entry.bytes.length > 0) {
      out.push(placeImage(entry.bytes, folder, path || `${rowId(row, r)}_${i}`, sink));
    } else if (path !== '') out.push(tablePath(path));
    else if (typeof item === 'string') out.push(tablePath(item));
  });
  return out;
}

/**
 * Image paths of a TSV row. `image` holds base64 (one, or a list literal), or — when 64 characters or fewer — the
 * index of another row whose images it shares (VLMEvalKit's space saver); `image_path` names the files, or the
 * names to give decoded images.
 */
function tsvImages(row: Record<string, unknown>, r: number, sink: ImageSink, byIndex: Map<string, unknown>): string[] {
  const names = stringList(row.image_path);
  let encoded = row.image;
  if (typeof encoded === 'string' && encoded.length <= 64 && byIndex.has(encoded)) encoded = byIndex.get(encoded);
  const blobs = stringList(encoded);
  if (blobs.length === 0) return names.map(tablePath);
  const folder = typeof row.category === 'string' ? row.category : 'images';
  const id = rowId(row, r);
  return blobs.map((b64, i) => {
    const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
    const wanted = names[i] ?? (blobs.length === 1 ? id : `${id}_${i}`);
    return placeImage(bytes, folder, wanted, sink);
  });
}

const RECORD_FIELDS = ['category', 'task', 'question', 'question_text', 'question_language', 'answer', 'initial_state', 'difficulty', 'trace'];

/** Plain JSON-safe values: parquet int64 columns decode to bigint. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  return v;
}

/**
 * The rows of a table as record objects (the fields records.ts reads), checking the shape first. A VLMEvalKit
 * predictions file carries the model output as `prediction`; it is read as the record's `response`.
 */
export function tableRecords(t: Table, writeImages: boolean): Array<{ value: Record<string, unknown>; location: RecordLocation }> {
  checkTableShape(t);
  const stem = parse(t.file).name;
  const sink: ImageSink = { relDir: `${stem}_images`, absDir: join(dirname(t.file), `${stem}_images`), write: writeImages, taken: new Map() };
  const byIndex = new Map<string, unknown>();
  if (t.format === 'tsv') for (const row of t.rows) if (typeof row.image === 'string' && row.image.length > 64) byIndex.set(rowId(row, -1), row.image);
  return t.rows.map((row, r) => {
    const value: Record<string, unknown> = {};
    const id = plain(row.index ?? row.id);
    // VLMEvalKit turns an all-integer index column into ints; a numeric string is the same index.
    if (id !== undefined) value.index = typeof id === 'string' && /^-?\d{1,15}$/.test(id.trim()) ? Number(id) : id;
    for (const f of RECORD_FIELDS) if (row[f] !== undefined && row[f] !== null) value[f] = plain(row[f]);
    value.image = t.format === 'parquet' ? parquetImages(row, r, sink) : tsvImages(row, r, sink, byIndex);
    const response = row.response ?? row.prediction;
    if (response !== undefined && response !== null) value.response = plain(response);
    return { value, location: t.locations[r] };
  });
}

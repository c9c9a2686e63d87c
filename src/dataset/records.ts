// Reads records as the official MM-HELIX generators write them (an `annotations.json` list, or JSONL with one record
// per line), and the benchmark as it is distributed (the Hugging Face parquet files and VLMEvalKit's TSV, see
// tables.ts), a file or a folder of them, into TaskInstances. A malformed record is reported with its position and the
// rest are still read: a record is malformed ONLY when it cannot be parsed, lacks `answer` (or `response` when
// reading for verification), names no known task, or has an initial_state its task needs that does not parse.
// Everything else (odd difficulty, missing images, unknown extra fields) is a warning at most. A table file in
// neither distributed shape is an error naming the file and the missing columns. The text-only question is
// `question_text` (the official dataset's and VLMEvalKit's name, and what ahpo writes) or, in files from the
// official generators and older ahpo versions, `question_language`.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tryParsePyLiteral } from '../tasks/common/pyliteral.js';
import { DatasetPaths, datasetRootOf } from './paths.js';
import { isParquet, readParquetTable } from './parquet.js';
import { findTask } from '../tasks/registry.js';
import { tableRecords, tsvTable, type Table } from './tables.js';
import type { Level, TaskInstance, TaskSpec } from '../tasks/types.js';

/** Where a record came from: a JSONL line (1-based) or a JSON-list element (0-based). */
export interface RecordLocation {
  file: string;
  line?: number;
  arrayIndex?: number;
}

export interface DatasetRecord {
  spec: TaskSpec;
  instance: TaskInstance;
  /** The text to verify; present when the record carries `response`. */
  response?: string;
  /** Expert (SERG) trace, when the record carries `trace` (ahpo's generated records do): training data. */
  trace?: string;
  location: RecordLocation;
}

export interface RecordProblem {
  location: RecordLocation;
  reason: string;
}

export interface ReadResult {
  records: DatasetRecord[];
  malformed: RecordProblem[];
  warnings: RecordProblem[];
  /** The dataset folder images are relative to. */
  root: string;
}

export interface ReadOptions {
  /** Reading for verification: a record without `response` is malformed. */
  requireResponse?: boolean;
  /** Check image files on disk (and resolve broken paths by basename). False: only normalise and reject escapes. */
  checkImages?: boolean;
  /** Dataset folder images must stay inside; default: the input folder, or the folder holding the input file. */
  root?: string;
  /** Files a folder input must skip (e.g. a responses file saved inside the dataset folder). */
  exclude?: string[];
  /** Task look-up (tests inject fake specs); default: the registry. */
  findTask?: (name: string) => TaskSpec | undefined;
}

export function formatLocation(loc: RecordLocation): string {
  if (loc.line !== undefined) return `${loc.file}:${loc.line}`;
  if (loc.arrayIndex !== undefined) return `${loc.file}[${loc.arrayIndex}]`;
  return loc.file;
}

/** Thrown for a malformed record; the reader turns it into a RecordProblem and moves on. */
export class RecordError extends Error {}

/** Files a folder holds records in: annotations.json (official generators), *.jsonl (ahpo), *.parquet / *.tsv (the
 * distributed benchmark: Hugging Face and VLMEvalKit). */
function isRecordFileName(name: string): boolean {
  return name === 'annotations.json' || /\.(jsonl|parquet|tsv)$/i.test(name);
}

/** The record files for an input: the file itself, or every record file under a folder, sorted. */
export function listRecordFiles(inputPath: string): string[] {
  const abs = resolve(inputPath);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new Error(`records: '${inputPath}' does not exist. HINT: pass an annotations.json, a .jsonl, .parquet or .tsv file, or a folder of them.`);
  }
  if (!st.isDirectory()) return [abs];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      else if (e.isFile() && isRecordFileName(e.name)) out.push(p);
    }
  };
  walk(abs);
  out.sort();
  if (out.length === 0) {
    throw new Error(`records: no annotations.json, *.jsonl, *.parquet or *.tsv files under folder '${inputPath}'.`);
  }
  return out;
}

function isParquetFile(file: string): boolean {
  const head = new Uint8Array(4);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return isParquet(file, head);
}

/** Reads every record file of a file or folder input. Parquet needs readRecordsAsync (its reader is asynchronous). */
export function readRecords(inputPath: string, options: ReadOptions = {}): ReadResult {
  return readFiles(inputPath, options, new Map());
}

/** readRecords for every input, parquet included: the commands that take the benchmark as distributed use this. */
export async function readRecordsAsync(inputPath: string, options: ReadOptions = {}): Promise<ReadResult> {
  const parquet = new Map<string, Table>();
  for (const file of recordFilesOf(inputPath, options)) if (isParquetFile(file)) parquet.set(file, await readParquetTable(file));
  return readFiles(inputPath, options, parquet);
}

function recordFilesOf(inputPath: string, options: ReadOptions): string[] {
  const skip = new Set((options.exclude ?? []).map((p) => resolve(p)));
  return listRecordFiles(inputPath).filter((f) => !skip.has(f));
}

function readFiles(inputPath: string, options: ReadOptions, parquet: Map<string, Table>): ReadResult {
  const root = resolve(options.root ?? datasetRootOf(inputPath));
  const paths = new DatasetPaths(root);
  const result: ReadResult = { records: [], malformed: [], warnings: [], root: paths.root };
  for (const file of recordFilesOf(inputPath, options)) {
    const table = parquet.get(file);
    if (!table && isParquetFile(file)) {
      throw new Error(
        `records: ${file} is a parquet file, which this command does not read. HINT: \`ahpo eval\`, \`ahpo verify\` and ` +
          "`ahpo data stats` read the benchmark's parquet files; elsewhere pass VLMEvalKit's MM-HELIX.tsv or records.jsonl.",
      );
    }
    const part = table
      ? collect(tableRecords(table, options.checkImages ?? true), options, paths)
      : parseRecordsText(readFileSync(file, 'utf8'), file, options, paths);
    result.records.push(...part.records);
    result.malformed.push(...part.malformed);
    result.warnings.push(...part.warnings);
  }
  return result;
}

/** Splits one file's text into raw records: a JSON list, a single JSON object, or JSONL. */
function rawRecords(text: string, file: string): Array<{ value: unknown; location: RecordLocation } | RecordProblem> {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '[') {
    let list: unknown;
    try {
      list = JSON.parse(body);
    } catch (err) {
      return [{ location: { file }, reason: `file is not a valid JSON list: ${(err as Error).message}` }];
    }
    return (list as unknown[]).map((value, i) => ({ value, location: { file, arrayIndex: i } }));
  }
  if (first === '{') {
    // A pretty-printed single record; JSONL otherwise (the first line alone would not parse then).
    try {
      return [{ value: JSON.parse(body), location: { file, line: 1 } }];
    } catch {
      /* not one object: read as JSONL below */
    }
  }
  // Not io/jsonl.ts's reader: a dataset file is complete (no live writer), and every bad line is reported with the
  // others instead of stopping at the first.
  const out: Array<{ value: unknown; location: RecordLocation } | RecordProblem> = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    const location = { file, line: i + 1 };
    try {
      out.push({ value: JSON.parse(line), location });
    } catch (err) {
      out.push({ location, reason: `line is not valid JSON: ${(err as Error).message}` });
    }
  }
  return out;
}

/** A TSV file by name, or by content: no JSON opening and a tab on its first line. */
function isTsv(text: string, file: string): boolean {
  if (file.toLowerCase().endsWith('.tsv')) return true;
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  return first !== '[' && first !== '{' && body.split('\n', 1)[0].includes('\t');
}

/**
 * Parses one record file's text: JSON / JSONL records, or a VLMEvalKit TSV (exported for tests and for callers
 * holding text in memory).
 */
export function parseRecordsText(text: string, file: string, options: ReadOptions = {}, paths?: DatasetPaths): ReadResult {
  const items = isTsv(text, file) ? tableRecords(tsvTable(text, file), options.checkImages ?? true) : rawRecords(text, file);
  return collect(items, options, paths ?? new DatasetPaths(options.root ?? dirname(resolve(file))));
}

function collect(items: Array<{ value: unknown; location: RecordLocation } | RecordProblem>, options: ReadOptions, dataset: DatasetPaths): ReadResult {
  const result: ReadResult = { records: [], malformed: [], warnings: [], root: dataset.root };
  for (const item of items) {
    if ('reason' in item) {
      result.malformed.push(item);
      continue;
    }
    const warn = (reason: string): void => void result.warnings.push({ location: item.location, reason });
    try {
      const ctx = { location: item.location, paths: dataset, options, warn };
      result.records.push(recordFromValue(item.value, ctx));
    } catch (err) {
      if (!(err instanceof RecordError)) throw err;
      result.malformed.push({ location: item.location, reason: err.message });
    }
  }
  return result;
}

interface RecordContext {
  location: RecordLocation;
  paths: DatasetPaths;
  options: ReadOptions;
  warn: (reason: string) => void;
}

function recordFromValue(value: unknown, ctx: RecordContext): DatasetRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RecordError(`record is not a JSON object (got ${Array.isArray(value) ? 'a list' : typeof value})`);
  }
  const rec = value as Record<string, unknown>;
  const spec = taskOf(rec, ctx.options.findTask ?? findTask);
  if (!('answer' in rec) || rec.answer === undefined) {
    throw new RecordError(`record has no 'answer' field (the reference answer is required)`);
  }
  let response: string | undefined;
  if (rec.response !== undefined && rec.response !== null) {
    if (typeof rec.response === 'string') response = rec.response;
    else if (typeof rec.response === 'number') response = String(rec.response);
    else throw new RecordError(`'response' must be a string, got ${typeof rec.response}`);
  } else if (ctx.options.requireResponse) {
    throw new RecordError(`record has no 'response' field (verification needs the text to verify)`);
  }
  const instance: TaskInstance = {
    task: spec.key,
    question: textField(rec.question),
    questionLanguage: textField(rec.question_text ?? rec.question_language),
    answer: rec.answer,
    initialState: decodeState(rec.initial_state, spec, ctx.warn),
    difficulty: parseDifficulty(rec.difficulty, ctx.warn),
    images: imagesOf(rec.image, ctx),
  };
  if (typeof rec.index === 'string' || typeof rec.index === 'number') instance.index = rec.index;
  const trace = typeof rec.trace === 'string' && rec.trace.trim().length > 0 ? rec.trace : undefined;
  return { spec, instance, response, trace, location: ctx.location };
}

function taskOf(rec: Record<string, unknown>, lookup: (name: string) => TaskSpec | undefined): TaskSpec {
  const names = [rec.task, rec.category].filter((v): v is string => typeof v === 'string' && v.trim().length > 0);
  if (names.length === 0) {
    throw new RecordError(`record has neither 'task' (generator key) nor 'category' (official name)`);
  }
  for (const name of names) {
    const spec = lookup(name);
    if (spec) return spec;
  }
  throw new RecordError(
    `unknown task ${names.map((n) => `'${n}'`).join(' / ')} in 'task' / 'category'. HINT: use a generator key ` +
      `(e.g. 24_points) or an official category name (e.g. 24Points) of a registered task; docs/verifiers.md lists them`,
  );
}

function textField(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Decodes initial_state from any shape it comes in: a JSON value as is; a string holding JSON or a Python literal
 * (the official loader tries json.loads, then ast.literal_eval; we parse both with our own parser); otherwise a
 * task-specific text block kept as a string. Then the task's parseState normalises it.
 */
export function decodeStateValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? null;
  let value: unknown = raw;
  // Twice: some records hold a JSON string whose content is itself a serialised literal.
  for (let round = 0; round < 2 && typeof value === 'string'; round++) {
    const t = value.trim();
    if (t === 'None' || t === 'null') return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      parsed = tryParsePyLiteral(t);
    }
    // Only containers (and a JSON-quoted string) count as decoded: a text block that happens to read as a number
    // or boolean (an 81-digit sudoku row, "1") stays text for the task's parseState.
    if (parsed === undefined || parsed === null || (typeof parsed !== 'object' && typeof parsed !== 'string')) break;
    value = parsed;
  }
  return value;
}

function decodeState(raw: unknown, spec: TaskSpec, warn: (reason: string) => void): unknown {
  const decoded = decodeStateValue(raw);
  if (decoded === null || decoded === '') {
    if (spec.needsInitialState) {
      throw new RecordError(`task ${spec.key} needs 'initial_state' to verify, but the record has none`);
    }
    return null;
  }
  if (!spec.parseState) return decoded;
  try {
    return spec.parseState(decoded);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const shown = typeof raw === 'string' ? raw.slice(0, 80) : JSON.stringify(raw)?.slice(0, 80);
    if (spec.needsInitialState) {
      throw new RecordError(`initial_state of task ${spec.key} does not parse: ${msg} (value starts ${JSON.stringify(shown)})`);
    }
    // This task verifies by matching the reference, so an unreadable state costs nothing; say so and go on.
    warn(`initial_state of task ${spec.key} does not parse (${msg}); not needed to verify, ignored`);
    return null;
  }
}

const LEVEL_WORDS: Record<string, Level> = { easy: 1, medium: 3, hard: 5 };

/** "1".."5" or 1..5; hanoi's fallback label "medium" and friends map to a level; anything else warns and counts as 3. */
export function parseDifficulty(raw: unknown, warn: (reason: string) => void = () => undefined): Level {
  if (typeof raw === 'string' && raw.trim().toLowerCase() in LEVEL_WORDS) return LEVEL_WORDS[raw.trim().toLowerCase()];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 5) return n as Level;
  warn(`difficulty ${JSON.stringify(raw) ?? 'missing'} is not 1..5; counted as level 3`);
  return 3;
}

function imagesOf(raw: unknown, ctx: RecordContext): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const recordDir = dirname(resolve(ctx.location.file));
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string') {
      ctx.warn(`image entry ${JSON.stringify(item)} is not a path string; skipped`);
      continue;
    }
    const r = ctx.paths.resolveImage(item, recordDir, ctx.options.checkImages ?? true);
    if (r.ok) out.push(r.path);
    else {
      ctx.warn(r.reason);
      // A missing (but inside) image keeps its normalised path so a later loader can name it; escapes are dropped.
      if (r.path !== undefined) out.push(r.path);
    }
  }
  return out;
}

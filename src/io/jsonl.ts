// Reading JSONL files that a trainer or evaluator appends to, with one set of rules:
//   - every line ends in '\n'; blank lines are skipped;
//   - text after the last '\n' is a writer's partial append (a live writer mid-line, or one killed mid-line): it is
//     left out and reported, never repaired in place unless the caller asks (dropPartialLine) — the file may belong
//     to a live run;
//   - any other line that is not JSON is corruption: a JsonlError naming file:line.
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from './atomic.js';

export class JsonlError extends Error {}

export interface JsonlLine {
  value: unknown;
  /** 1-based line number in the file. */
  line: number;
}

export interface JsonlContent {
  lines: JsonlLine[];
  /** The text after the last newline, when there is any (a partial append, left out of `lines`). */
  partial?: string;
  /** Byte length of the complete lines (everything up to and including the last newline). */
  completeBytes: number;
}

export interface JsonlOptions {
  /** What a line should be, appended to the error for a line that is not JSON ("expected one metrics row per line"). */
  expected?: string;
  /** The line number of the text's first line (for a chunk read from the middle of a file). Default 1. */
  firstLine?: number;
}

/** Parses one line; `where` is `file:line`. */
export function parseJsonLine(text: string, where: string, expected = 'expected one JSON object per line'): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonlError(`${where}: not a JSON line (${JSON.stringify(text.slice(0, 60))}); ${expected}`);
  }
}

/** JSONL text by the rules above. `file` names the source in errors. */
export function parseJsonl(text: string, file: string, o: JsonlOptions = {}): JsonlContent {
  const end = text.lastIndexOf('\n') + 1;
  const parts = text.slice(0, end).split('\n');
  parts.pop(); // '' after the last newline
  const first = o.firstLine ?? 1;
  const lines: JsonlLine[] = [];
  parts.forEach((t, i) => {
    if (t.trim()) lines.push({ value: parseJsonLine(t, `${file}:${first + i}`, o.expected), line: first + i });
  });
  const rest = text.slice(end);
  return { lines, completeBytes: Buffer.byteLength(text.slice(0, end)), ...(rest.length > 0 ? { partial: rest } : {}) };
}

/** Reads a JSONL file by the rules above (a missing file throws, as readFileSync does). */
export function readJsonl(path: string, o: JsonlOptions = {}): JsonlContent {
  return parseJsonl(readFileSync(path, 'utf8'), path, o);
}

/**
 * Cuts a partial last line off the file (atomically), for a caller that is about to append to it: appended lines
 * must start on a line of their own. Only for a file no other process writes. Returns whether it cut anything.
 */
export function dropPartialLine(path: string, content: JsonlContent): boolean {
  if (content.partial === undefined) return false;
  writeFileAtomicSync(path, readFileSync(path).subarray(0, content.completeBytes));
  return true;
}

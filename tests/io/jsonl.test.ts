// The one JSONL reader's rules: complete lines parsed with their line numbers, blank lines skipped, a partial last
// line (a live or killed writer mid-append) left out and reported but never repaired unless asked, and a bad line
// anywhere else an error naming file:line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropPartialLine, JsonlError, parseJsonl, readJsonl } from '../../src/io/jsonl.js';

const fileWith = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'ahpo-jsonl-')), 'rows.jsonl');
  writeFileSync(path, text);
  return path;
};

describe('readJsonl', () => {
  it('round-trips rows written one per line, skipping blank lines, with 1-based line numbers', () => {
    const rows = [{ step: 1, x: 'é' }, { step: 2 }, [3], null];
    const path = fileWith(
      `${JSON.stringify(rows[0])}\n\n${rows
        .slice(1)
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
    );
    const c = readJsonl(path);
    expect(c.lines.map((l) => l.value)).toEqual(rows);
    expect(c.lines.map((l) => l.line)).toEqual([1, 3, 4, 5]);
    expect(c.partial).toBeUndefined();
    expect(c.completeBytes).toBe(readFileSync(path).length);
  });

  it('leaves out a partial last line, even one that parses, and leaves the file as it was', () => {
    for (const tail of ['{"step":3,"lo', '{"step":3}']) {
      const text = `{"step":1}\n{"step":2}\n${tail}`;
      const path = fileWith(text);
      const c = readJsonl(path);
      expect(c.lines.map((l) => l.value)).toEqual([{ step: 1 }, { step: 2 }]);
      expect(c.partial).toBe(tail);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
  });

  it('cuts the partial line off only when the caller asks (dropPartialLine), keeping the complete bytes exactly', () => {
    const path = fileWith('{"k":"ü"}\n{"k":"b"}\n{"k":');
    const c = readJsonl(path);
    expect(dropPartialLine(path, c)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('{"k":"ü"}\n{"k":"b"}\n');
    expect(dropPartialLine(path, readJsonl(path))).toBe(false);
  });

  it('names file and line of a corrupt line that is not the last, with what the caller expected', () => {
    const path = fileWith('{"step":1}\n{oops\n{"step":2}\n');
    expect(() => readJsonl(path)).toThrow(JsonlError);
    expect(() => readJsonl(path, { expected: 'expected one metrics row per line' })).toThrow(
      `${path}:2: not a JSON line ("{oops"); expected one metrics row per line`,
    );
  });

  it('numbers the lines of a chunk from firstLine (a tail read from the middle of a file)', () => {
    expect(() => parseJsonl('{}\nnope\n', 'f.jsonl', { firstLine: 41 })).toThrow('f.jsonl:42: not a JSON line');
    expect(parseJsonl('', 'f.jsonl')).toEqual({ lines: [], completeBytes: 0 });
  });
});

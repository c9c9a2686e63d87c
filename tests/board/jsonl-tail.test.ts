// The board's incremental JSONL reader: appended lines are read without re-reading the rest, a line still being
// written waits, a file rewritten shorter (resume truncates) or replaced is read afresh, and a corrupt line names
// file:line until it is fixed.
import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlTail } from '../../src/board/jsonl-tail.js';

describe('JsonlTail', () => {
  it('follows appends, waits for a partial line, and starts over when the file is truncated or replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-tail-'));
    const path = join(dir, 'metrics.jsonl');
    const tail = new JsonlTail<{ step: number }>(path);
    expect(tail.read()).toEqual({ rows: [], version: 'absent' });
    writeFileSync(path, '{"step":1}\n{"step":2}\n{"st');
    const a = tail.read();
    expect(a.rows.map((r) => r.step)).toEqual([1, 2]);
    expect(tail.read().version).toBe(a.version);
    appendFileSync(path, 'ep":3}\n');
    expect(tail.read().rows.map((r) => r.step)).toEqual([1, 2, 3]);
    // Resume rewrites the file without its last rows (atomically: a new inode), then the run appends again.
    writeFileSync(`${path}.tmp`, '{"step":1}\n');
    renameSync(`${path}.tmp`, path);
    expect(tail.read().rows.map((r) => r.step)).toEqual([1]);
    appendFileSync(path, '{"step":2}\n');
    expect(tail.read().rows.map((r) => r.step)).toEqual([1, 2]);
    // Truncated in place to less than was read.
    writeFileSync(path, '{"step":7}\n');
    expect(tail.read().rows.map((r) => r.step)).toEqual([7]);
  });

  it('names file:line for a corrupt or unacceptable line, and keeps failing until the file is fixed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-tail-'));
    const path = join(dir, 'completions.jsonl');
    const tail = new JsonlTail<{ step: number }>(path, (v) => {
      if (typeof (v as { step?: unknown }).step !== 'number') throw new Error('expected {step}');
      return v as { step: number };
    });
    writeFileSync(path, '{"step":1}\nnot json\n{"step":3}\n');
    expect(() => tail.read()).toThrow(`${path}:2: not a JSON line ("not json"); expected one JSON object per line`);
    expect(() => tail.read()).toThrow(`${path}:2:`);
    writeFileSync(path, '{"step":1}\n{"x":2}\n');
    expect(() => tail.read()).toThrow(`${path}:2: expected {step}`);
    writeFileSync(path, '{"step":1}\n\n{"step":3}\n');
    expect(tail.read().rows.map((r) => r.step)).toEqual([1, 3]);
  });
});

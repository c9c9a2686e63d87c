// The one atomic-write helper: a reader sees the old content or the new, never a prefix, and a failed write leaves
// the old file as it was with no tmp file behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile, replaceFileSync, tmpPathOf, writeFileAtomic, writeFileAtomicSync } from '../../src/io/atomic.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'ahpo-atomic-'));

describe('atomic writes', () => {
  it('round-trips text and bytes, creating or replacing the file, and leaves no tmp file', async () => {
    const dir = fresh();
    const path = join(dir, 'a.json');
    await writeFileAtomic(path, '{"v":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"v":1}\n');
    writeFileAtomicSync(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('keeps the old file intact when the writer throws midway, and removes the partial tmp file', async () => {
    const dir = fresh();
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old\n');
    const boom = new Error('disk full');
    await expect(
      replaceFile(path, async (tmp) => {
        await writeFile(tmp, 'half of the n');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(() =>
      replaceFileSync(path, (tmp) => {
        writeFileSync(tmp, 'half');
        throw boom;
      }),
    ).toThrow(boom);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(existsSync(tmpPathOf(path))).toBe(false);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('names its tmp file after the process, so a later run can tell a dead writer from a live one', () => {
    expect(tmpPathOf('/r/latest')).toBe(`/r/latest.tmp-${process.pid}`);
  });

  it('fails without touching anything when the folder does not exist', async () => {
    const path = join(fresh(), 'missing', 'a.json');
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(/ENOENT/);
    expect(existsSync(path)).toBe(false);
  });
});

// A JSONL file that a live trainer appends to, read incrementally: the board polls every couple of seconds, and
// re-parsing a long metrics.jsonl each time would cost more than the step it shows. Only the bytes added since the
// last read are parsed. A file that shrank or was replaced (resume truncates its logs by an atomic rewrite, an
// evaluation starts its eval/step-N.jsonl over) is read again from the start. A partial last line — the writer is
// mid-append — is left for the next read; a bad line anywhere else is corruption and names file:line (io/jsonl.ts).
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { parseJsonl } from '../io/jsonl.js';

export interface JsonlSnapshot<T> {
  rows: T[];
  /** Changes whenever the file does (size, mtime, inode): the board's live view compares it between polls. */
  version: string;
}

export class JsonlTail<T> {
  private rows: T[] = [];
  private offset = 0;
  private lines = 0;
  private ino = -1;
  private version = 'absent';

  constructor(
    readonly path: string,
    /** Turns one parsed line into a row, or undefined to skip it; throw (with the reason) for a malformed row. */
    private readonly accept: (value: unknown) => T | undefined = (v) => v as T,
  ) {}

  /** The rows as of now; an absent file is an empty one (a run that has not written it yet). */
  read(): JsonlSnapshot<T> {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.reset();
      this.version = 'absent';
      return { rows: this.rows, version: this.version };
    }
    try {
      const st = fstatSync(fd, { bigint: true });
      const size = Number(st.size);
      const version = `${st.ino}-${size}-${st.mtimeNs}`;
      if (version === this.version) return { rows: this.rows, version };
      // Changed without growing past what was read: rewritten, not appended to (a same-size rewrite within one
      // tick of the file system's clock would go unseen; the trainer's rewrites are atomic renames: a new inode).
      if (Number(st.ino) !== this.ino || size <= this.offset) this.reset();
      if (size > this.offset) this.parse(fd, size);
      // Set only after a clean parse: a corrupt file keeps failing (and saying where) until it is fixed.
      this.ino = Number(st.ino);
      this.version = version;
      return { rows: this.rows, version };
    } finally {
      closeSync(fd);
    }
  }

  private reset(): void {
    this.rows = [];
    this.offset = 0;
    this.lines = 0;
    this.ino = -1;
    this.version = 'reset';
  }

  private parse(fd: number, size: number): void {
    const buf = Buffer.alloc(size - this.offset);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, this.offset + got);
      if (n === 0) break;
      got += n;
    }
    // Up to the last newline only: what follows is a line still being written.
    const end = buf.lastIndexOf(0x0a, got - 1);
    if (end < 0) return;
    const text = buf.subarray(0, end + 1).toString('utf8');
    const rows = [...this.rows];
    for (const { value, line } of parseJsonl(text, this.path, { firstLine: this.lines + 1 }).lines) {
      let row: T | undefined;
      try {
        row = this.accept(value);
      } catch (e) {
        throw new Error(`${this.path}:${line}: ${(e as Error).message}`);
      }
      if (row !== undefined) rows.push(row);
    }
    const lines = this.lines + (text.match(/\n/g)?.length ?? 0);
    // Assigned only once the whole chunk parsed: a corrupt line leaves the last good state, and the next read retries.
    this.rows = rows;
    this.lines = lines;
    this.offset += end + 1;
  }
}

/** Size and mtime of a file, or 'absent': a cheap version for files read whole. */
export function fileVersion(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.ino}-${st.size}-${st.mtimeNs}`;
  } catch {
    return 'absent';
  }
}

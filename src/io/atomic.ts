// Writing a file so that a reader (or a resume after kill -9) sees the old content or the new, never a prefix: write
// `<path>.tmp-<pid>`, then rename it onto `path` (atomic against process death; against power loss it would also
// need fsync, which we skip). The pid lets a later run tell a dead writer's leftover from a live one's file
// (checkpoint.ts prunes them). On failure the tmp file is removed and `path` is left as it was.
import { rmSync, renameSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** Where an atomic write of `path` puts its content until the rename. */
export const tmpPathOf = (path: string): string => `${path}.tmp-${process.pid}`;

/** Runs `write(tmp)`, which creates the whole file at `tmp`, then renames it onto `path`. */
export async function replaceFile(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tmpPathOf(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** replaceFile for a synchronous writer. */
export function replaceFileSync(path: string, write: (tmp: string) => void): void {
  const tmp = tmpPathOf(path);
  try {
    write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes `data` to `path` atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  return replaceFile(path, (tmp) => writeFile(tmp, data));
}

/** Writes `data` to `path` atomically, synchronously. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  replaceFileSync(path, (tmp) => writeFileSync(tmp, data));
}

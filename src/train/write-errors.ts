// Node's write errors name the system call but not always the file ("ENOSPC: no space left on device, write"), and
// a full disk hours into a run must say where: which file, in which run folder, and how to continue.

/** Runs `fn`; an error it throws comes back naming `path` and, for a full disk or quota, what to do. */
export async function naming<T>(path: string, what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw writeError(e, path, what);
  }
}

/** The synchronous twin of `naming`. */
export function namingSync<T>(path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw writeError(e, path, what);
  }
}

function writeError(e: unknown, path: string, what: string): Error {
  const err = e as NodeJS.ErrnoException;
  // Only system errors lack the path; our own errors (and those that name a file already) pass through unchanged.
  if (!(e instanceof Error) || typeof err.code !== 'string' || err.message.includes(path)) return e as Error;
  const hint =
    err.code === 'ENOSPC' || err.code === 'EDQUOT'
      ? '. Hint: free disk space there (old step-N folders, checkpoint.keepLast), then continue with --resume; the last complete checkpoint is kept'
      : '';
  return Object.assign(new Error(`${what} ${path}: ${err.message}${hint}`, { cause: e }), { code: err.code });
}

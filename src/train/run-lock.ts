// One writer per run folder. Two trainers on one folder (a second `--resume`, a sweep rerun while the first still
// runs) would interleave metrics, completions and evaluation answers and race on checkpoints, so the first takes
// RUN/train.lock — created exclusively, holding its pid, host and start time — and any other is refused with who
// holds it. A lock left by a process that died without cleaning up (kill -9, power loss) is stale: on the same host
// its pid no longer runs, and it is taken over. Another host's lock cannot be checked from here, so the message
// says how to remove it by hand.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export const LOCK_FILE = 'train.lock';

/** Another live process holds the folder: refused before anything is read or written (exit 2, like a used name). */
export class RunLockedError extends InputError {}

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  argv: string[];
}

export interface RunLock {
  path: string;
  release(): void;
}

/** Whether a process with this pid runs on this host (EPERM: it does, owned by someone else). */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? (info as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Why an existing lock may be taken over, or undefined when its holder may still be running. */
function staleReason(path: string, info: LockInfo | undefined): string | undefined {
  if (info) return info.host === hostname() && !pidAlive(info.pid) ? `process ${info.pid} is no longer running` : undefined;
  // An unreadable lock is a writer killed between creating the file and writing it; give a live one a moment.
  const age = Date.now() - statSync(path).mtimeMs;
  return age > 10_000 ? `the lock file is unreadable and ${Math.round(age / 1000)} s old` : undefined;
}

/** Takes the run folder's lock or throws RunLockedError naming the holder. `log` hears about stale locks taken over. */
export function lockRunDir(dir: string, log: (m: string) => void = () => undefined): RunLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), argv: process.argv.slice(1) };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, text, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`${path}: cannot create the run lock (${(e as Error).message})`);
    }
    const held = readLock(path);
    const stale = attempt === 0 ? staleReason(path, held) : undefined;
    if (!stale) {
      const who = held ? `process ${held.pid} on ${held.host} (started ${held.started})` : 'another process (unreadable lock file)';
      throw new RunLockedError(
        `run folder ${dir} is in use by ${who}: two trainers on one folder would interleave its logs and checkpoints. ` +
          `Wait for it to finish or stop it (SIGINT/SIGTERM saves a checkpoint). If it is gone, delete ${path} and try again.`,
      );
    }
    log(`taking over the lock of ${dir}: ${stale}`);
    rmSync(path, { force: true });
  }
  // process.exit (a second Ctrl-C) skips finally blocks; the exit hook still removes our lock.
  const onExit = () => release();
  process.on('exit', onExit);
  let released = false;
  function release(): void {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    // Only our own lock: never remove one that a later holder took over.
    if (readLock(path)?.pid === process.pid && readLock(path)?.host === mine.host) rmSync(path, { force: true });
  }
  return { path, release };
}

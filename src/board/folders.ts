// Which run folders the board shows, from the folders named on the command line. Each is one of:
//   a run folder     config.yaml and/or metrics.jsonl (what `ahpo train` writes; a run that just started may have
//                    only its config)
//   a sweep folder   summary.csv and/or logs/<point>.log (`ahpo sweep` writes it as <outDir>/sweep-<name>/); its
//                    runs are the folders those files name, which the sweep puts beside it in <outDir>
//   a run.outDir     a folder whose sub-folders include runs (e.g. checkpoints/): every run and sweep in it
// The list is scanned again on every request, so the points of a live sweep appear as they start. Only these run
// folders are ever served: the server reads nothing else.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

export interface BoardRun {
  /** Stable for the folder (a hash of its real path): URLs keep working while runs are added. */
  id: string;
  /** The folder's name (run.name). */
  name: string;
  /** Real path (symlinks resolved): the root that /files/<id>/ serves from. */
  dir: string;
  /** The sweep folder that lists this run, by name (sweep-<name>), when it came through one. */
  sweep?: string;
}

/** A folder given to the board is unusable: exit 2, with what was expected. */
export class BoardFolderError extends InputError {}

const WHAT_FITS =
  'expected a run folder (config.yaml, metrics.jsonl: what ahpo train writes, e.g. checkpoints/ahpo-demo), a sweep folder ' +
  '(summary.csv or logs/: what ahpo sweep writes, e.g. checkpoints/sweep-ahpo-demo) or a folder of runs (run.outDir, e.g. checkpoints)';

export const isRunDir = (dir: string): boolean => existsSync(join(dir, 'config.yaml')) || existsSync(join(dir, 'metrics.jsonl'));

function logNames(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'logs'))
      .filter((f) => f.endsWith('.log'))
      .map((f) => f.slice(0, -'.log'.length));
  } catch {
    return [];
  }
}

export const isSweepDir = (dir: string): boolean => !isRunDir(dir) && (existsSync(join(dir, 'summary.csv')) || logNames(dir).length > 0);

/** A point name as sweep.ts makes them ([\w.-] only); anything else in a sweep's files is not followed. */
const SAFE_NAME = /^(?!\.{1,2}$)[\w.-]+$/;

/** The run names a sweep folder lists: summary.csv's first column (once written) and its per-point logs. */
export function sweepPointNames(dir: string): string[] {
  const names = new Set<string>();
  const csv = join(dir, 'summary.csv');
  if (existsSync(csv)) {
    const [head, ...rows] = readFileSync(csv, 'utf8').split('\n');
    if (head.split(',')[0] === 'run') for (const r of rows) names.add(r.split(',')[0]);
  }
  for (const n of logNames(dir)) names.add(n);
  return [...names].filter((n) => SAFE_NAME.test(n)).sort();
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.isSymbolicLink())
    .map((e) => join(dir, e.name))
    .filter((p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false; // a dangling link
      }
    })
    .sort();
}

export const runId = (realDir: string): string => createHash('sha256').update(realDir).digest('hex').slice(0, 10);

/** Checks one command-line folder, throwing BoardFolderError when it is none of the three kinds. */
export function checkFolder(arg: string): 'run' | 'sweep' | 'runs' {
  const dir = resolve(arg);
  if (!existsSync(dir)) throw new BoardFolderError(`${arg}: no such folder; ${WHAT_FITS}`);
  if (!statSync(dir).isDirectory()) throw new BoardFolderError(`${arg}: not a folder; ${WHAT_FITS}`);
  if (isRunDir(dir)) return 'run';
  if (isSweepDir(dir)) return 'sweep';
  if (subfolders(dir).some((d) => isRunDir(d) || isSweepDir(d))) return 'runs';
  throw new BoardFolderError(
    `${arg}: not a run or sweep folder — it has no config.yaml or metrics.jsonl (a run), no summary.csv or logs/*.log (a sweep), ` +
      `and no such folder inside (a run.outDir); ${WHAT_FITS}`,
  );
}

/**
 * The runs of the given folders, each once (by real path), in the order given; the runs of a sweep carry its name.
 * A folder that has become unusable since the board started (deleted, renamed) is skipped, not fatal: the board
 * keeps serving the others.
 */
export function scanRuns(args: readonly string[]): BoardRun[] {
  const runs = new Map<string, BoardRun>();
  const addRun = (dir: string, sweep?: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    const known = runs.get(real);
    if (known) {
      known.sweep ??= sweep;
      return;
    }
    runs.set(real, { id: runId(real), name: basename(real), dir: real, ...(sweep ? { sweep } : {}) });
  };
  const addSweep = (dir: string) => {
    for (const name of sweepPointNames(dir)) {
      const run = join(dirname(dir), name);
      if (isRunDir(run)) addRun(run, basename(dir));
    }
  };
  for (const arg of args) {
    let kind;
    try {
      kind = checkFolder(arg);
    } catch {
      continue;
    }
    const dir = resolve(arg);
    if (kind === 'run') addRun(dir);
    else if (kind === 'sweep') addSweep(dir);
    else {
      const inside = subfolders(dir);
      for (const d of inside) if (isSweepDir(d)) addSweep(d);
      for (const d of inside) if (isRunDir(d)) addRun(d);
    }
  }
  return [...runs.values()];
}

// Which step folders a run folder holds: the complete ones (trainer/state.json parses), the one to resume from, the
// leftovers of a killed writer (finished or pruned) and old checkpoints past checkpoint.keepLast. Writing and loading
// one checkpoint: checkpoint.ts; the layout and its guarantees: docs/checkpoints.md.
import { readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive } from './run-lock.js';

export class CheckpointError extends Error {}

export const STEP_DIR = /^step-(\d+)$/;
// What a killed writer leaves: step folders being written or moved aside, and files written as tmp + rename
// (latest, config.yaml, truncated logs). The pid says whether the writer may still be at work.
const LEFTOVER = /^(.+)\.(tmp|old)-(\d+)$/;
/** Written last into a step folder: its presence marks the folder complete. */
export const STATE = join('trainer', 'state.json');

export const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/**
 * Finishes re-saves that a kill interrupted between their two renames: `step-N` is missing while a complete
 * `step-N.tmp-PID` (the new copy) or `step-N.old-PID` (the copy it replaces) of a dead writer is there. The new
 * copy wins. Runs before a resume looks for checkpoints and so before anything prunes leftovers. Returns what was
 * restored, as `from → to`.
 */
export async function recoverInterruptedSaves(runDir: string): Promise<string[]> {
  const entries = await readdir(runDir).catch(() => [] as string[]);
  const byStep = new Map<string, { name: string; kind: string }[]>();
  for (const name of entries) {
    const m = LEFTOVER.exec(name);
    if (!m || !STEP_DIR.test(m[1]) || Number(m[3]) === process.pid || pidAlive(Number(m[3]))) continue;
    if (!(await exists(join(runDir, name, STATE)))) continue;
    byStep.set(m[1], [...(byStep.get(m[1]) ?? []), { name, kind: m[2] }]);
  }
  const restored: string[] = [];
  for (const [target, copies] of byStep) {
    if (await exists(join(runDir, target))) continue;
    const pick = copies.find((c) => c.kind === 'tmp') ?? copies[0];
    await rename(join(runDir, pick.name), join(runDir, target));
    restored.push(`${pick.name} → ${target}`);
  }
  return restored;
}

interface StepInfo {
  name: string;
  step: number;
  savedAt: number;
}

/** Complete step folders (trainer/state.json parses), and those skipped with the reason. */
async function scanSteps(runDir: string): Promise<{ complete: StepInfo[]; skipped: string[] }> {
  const complete: StepInfo[] = [];
  const skipped: string[] = [];
  const entries = await readdir(runDir).catch(() => [] as string[]);
  for (const name of entries) {
    const m = STEP_DIR.exec(name);
    if (!m) continue;
    const file = join(runDir, name, STATE);
    try {
      const s = JSON.parse(await readFile(file, 'utf8')) as { savedAt?: unknown };
      complete.push({ name, step: Number(m[1]), savedAt: typeof s.savedAt === 'number' ? s.savedAt : 0 });
    } catch (e) {
      skipped.push(`${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${STATE} (incomplete)` : `unreadable ${STATE} (${(e as Error).message})`}`);
    }
  }
  return { complete, skipped };
}

// Newest save first; the step breaks ties (two saves in one millisecond).
const newestFirst = (a: StepInfo, b: StepInfo): number => b.savedAt - a.savedAt || b.step - a.step;

/**
 * The checkpoint to resume from, or null when the run has none. `latest` names it; if `latest` is missing, names
 * an incomplete folder, or a complete folder was saved after the one it names (a kill between the folder rename
 * and the pointer update), the most recently saved complete folder wins. "Most recent" is by the save time in
 * state.json, not the step number, so an older folder from an abandoned timeline (a resume from an explicit
 * earlier step) never wins over the current one. `skipped` lists step folders ignored and why.
 */
export async function findLatest(runDir: string): Promise<{ dir: string; step: number; skipped: string[]; restored: string[] } | null> {
  const restored = await recoverInterruptedSaves(runDir);
  const { complete, skipped } = await scanSteps(runDir);
  if (!complete.length) return null;
  complete.sort(newestFirst);
  const pointed = (await readFile(join(runDir, 'latest'), 'utf8').catch(() => '')).trim();
  const viaPointer = complete.find((c) => c.name === pointed);
  const best = viaPointer && viaPointer.savedAt >= complete[0].savedAt ? viaPointer : complete[0];
  return { dir: join(runDir, best.name), step: best.step, skipped, restored };
}

/**
 * Keeps the `keepLast` most recently saved complete checkpoints with step ≤ `current` (always including the one
 * `latest` names) and deletes older ones, plus the tmp/old leftovers (folders and files such as `latest.tmp-PID`)
 * of writers whose process is gone. Folders with a step above `current` (an abandoned timeline) are left alone: a
 * later save of that step replaces them.
 */
export async function pruneCheckpoints(runDir: string, keepLast: number, current: number): Promise<string[]> {
  if (!Number.isInteger(keepLast) || keepLast < 1) throw new CheckpointError(`checkpoint.keepLast must be an integer ≥ 1, got ${keepLast}`);
  const { complete } = await scanSteps(runDir);
  const latest = (await readFile(join(runDir, 'latest'), 'utf8').catch(() => '')).trim();
  const candidates = complete.filter((c) => c.step <= current).sort(newestFirst);
  const keep = new Set([latest, ...candidates.slice(0, keepLast).map((c) => c.name)]);
  const doomed = candidates.filter((c) => !keep.has(c.name)).map((c) => c.name);
  for (const name of await readdir(runDir)) {
    const m = LEFTOVER.exec(name);
    if (m && Number(m[3]) !== process.pid && !pidAlive(Number(m[3]))) doomed.push(name);
  }
  for (const name of doomed) await rm(join(runDir, name), { recursive: true, force: true });
  return doomed;
}

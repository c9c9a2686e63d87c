// One registry for all task families: look-up by generator key or by the official `category` spelling.
import { ALGORITHMS } from './algorithms.js';
import { GAMES } from './games.js';
import { GRAPHS } from './graphs.js';
import { PUZZLES } from './puzzles.js';
import type { TaskSpec } from './types.js';

export const TASKS: readonly TaskSpec[] = [...GRAPHS, ...ALGORITHMS, ...PUZZLES, ...GAMES];

const byName = new Map<string, TaskSpec>();
for (const spec of TASKS) {
  for (const name of [spec.key, spec.officialName]) {
    const prev = byName.get(name.toLowerCase());
    if (prev && prev !== spec) throw new Error(`task registry: name '${name}' is used by both ${prev.key} and ${spec.key}`);
    byName.set(name.toLowerCase(), spec);
  }
}

/** The task for a generator key (`24_points`) or official category (`24Points`), case-insensitive; undefined if none. */
export function findTask(name: string): TaskSpec | undefined {
  return byName.get(name.trim().toLowerCase());
}

/** Like findTask, but throws an error that lists every valid key. */
export function getTask(name: string): TaskSpec {
  const spec = findTask(name);
  if (!spec) {
    const keys = TASKS.map((t) => t.key).join(', ');
    throw new Error(`unknown task '${name}'. Valid tasks: ${keys}`);
  }
  return spec;
}

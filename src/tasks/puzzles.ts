// The puzzles task families. Each family lives in its own folder src/tasks/<key>/ whose index.ts exports a TaskSpec;
// adding a family = adding its folder and one line here.
import type { TaskSpec } from './types.js';

export const PUZZLES: TaskSpec[] = [];

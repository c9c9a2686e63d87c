// The games task families. Each family lives in its own folder src/tasks/<key>/ whose index.ts exports a TaskSpec;
// adding a family = adding its folder and one line here.
import { hanoi } from './hanoi/index.js';
import { maze } from './maze/index.js';
import { minesweeper } from './minesweeper/index.js';
import { nibbles } from './nibbles/index.js';
import { slidingpuzzle } from './slidingpuzzle/index.js';
import { sokoban } from './sokoban/index.js';
import type { TaskSpec } from './types.js';

export const GAMES: TaskSpec[] = [sokoban, hanoi, maze, minesweeper, slidingpuzzle, nibbles];

// maze: find a path from S to E through a grid maze; answer = direction words.
import type { TaskSpec } from '../types.js';
import { mazeGenerator } from './generate.js';
import { parseMazeState } from './state.js';
import { verifyMaze } from './verify.js';

export const maze: TaskSpec = {
  key: 'maze',
  officialName: 'maze',
  category: 'games',
  needsInitialState: true,
  parseState: parseMazeState,
  verify: verifyMaze,
  generator: mazeGenerator,
};

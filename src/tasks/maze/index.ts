// Maze: direction words leading from S to E through open passages, simulated against the walls.
import { defineTask } from '../define.js';
import { parseDirections } from '../common/game-moves.js';
import { mazeGenerator } from './generate.js';
import { renderMaze } from './render.js';
import { parseMazeState } from './state.js';
import { checkMaze } from './verify.js';

export const task = defineTask({
  key: 'maze',
  officialName: 'maze',
  category: 'games',
  needsInitialState: true,
  parseState: parseMazeState,
  parseAnswer: (text) => parseDirections(text),
  check: checkMaze,
  generate: mazeGenerator,
  render: renderMaze,
});

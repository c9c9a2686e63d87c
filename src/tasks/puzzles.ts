// The puzzles task families. Each family lives in its own folder src/tasks/<key>/ whose index.ts exports a TaskSpec;
// adding a family = adding its folder and one line here.
import { aquarium } from './aquarium/index.js';
import { binairo } from './binairo/index.js';
import { bridges } from './bridges/index.js';
import { calcudoku } from './calcudoku/index.js';
import { campsite } from './campsite/index.js';
import { eulero } from './eulero/index.js';
import { futoshiki } from './futoshiki/index.js';
import { hitori } from './hitori/index.js';
import { kukurasu } from './kukurasu/index.js';
import { skyscrapers } from './skyscrapers/index.js';
import { kakuro } from './kakuro/index.js';
import { nonogram } from './nonogram/index.js';
import { numbrix } from './numbrix/index.js';
import { shingoki } from './shingoki/index.js';
import { snake } from './snake/index.js';
import { sudoku } from './sudoku/index.js';
import { tapa } from './tapa/index.js';
import { wordladder } from './wordladder/index.js';
import { wordsearch } from './wordsearch/index.js';
import type { TaskSpec } from './types.js';

export const PUZZLES: TaskSpec[] = [
  aquarium,
  binairo,
  bridges,
  calcudoku,
  campsite,
  eulero,
  futoshiki,
  hitori,
  kukurasu,
  skyscrapers,
  kakuro,
  nonogram,
  numbrix,
  shingoki,
  snake,
  sudoku,
  tapa,
  wordladder,
  wordsearch,
];

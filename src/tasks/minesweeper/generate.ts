// Generator for minesweeper. Official level parameters: a 5×5 / 6×6 / 7×7 / 8×8 / 9×9 board with 3 / 4 / 5 / 7 / 9
// mines placed uniformly at random; every non-mine cell is revealed, numbers shown and zeros left blank like the
// mines. The official verifier compares the answer with the reference set, so the mine set must follow from the
// numbers: boards with more than one consistent mine set (countSolutions) are redrawn. The answer lists the mines
// row-major as the official generator writes them: "(0, 5),(0, 7),...".
import { FINAL_ANSWER_LINE } from '../common/array-levels.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderMinesweeper } from './render.js';
import { blankGroups, countSolutions, groupName, solveMinesweeper } from './solve.js';
import { minesweeperToText, type MinesweeperState } from './state.js';

export const MINESWEEPER_LEVELS: Record<Level, { size: number; mines: number }> = {
  1: { size: 5, mines: 3 },
  2: { size: 6, mines: 4 },
  3: { size: 7, mines: 5 },
  4: { size: 8, mines: 7 },
  5: { size: 9, mines: 9 },
};

/** The revealed board for a mine set: numbers for non-mine cells with mines around, blank otherwise. */
export function boardFor(size: number, mines: Array<[number, number]>): MinesweeperState {
  const isMine = new Set(mines.map(([r, c]) => r * size + c));
  const clues = Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => {
      if (isMine.has(r * size + c)) return null;
      let n = 0;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++)
          if ((dr || dc) && isMine.has((r + dr) * size + c + dc) && r + dr >= 0 && r + dr < size && c + dc >= 0 && c + dc < size) n++;
      return n === 0 ? null : n;
    }),
  );
  return { rows: size, cols: size, clues };
}

const RULES_TEXT = [
  'Rules:',
  '1. Minesweeper is played on a grid where some cells contain hidden mines.',
  '2. A number shows how many mines are among its 8 neighbouring cells (including diagonals).',
  '3. Every cell that is not a mine is revealed: a blank cell is either a mine or a cell with no adjacent mines (a 0).',
  '4. Identify the locations of all mines.',
];
const FORMAT = [
  'Answer format: all mine locations as 0-based (row, col) pairs, row-major, separated by commas, e.g. (0, 5),(0, 7),(1, 1),(1, 2)',
  FINAL_ANSWER_LINE,
];

function question(s: MinesweeperState, variant: 'image' | 'text'): string {
  const state =
    variant === 'image'
      ? ['The board is shown in the image; row numbers are on the left and column numbers on top, both from 0.']
      : ['The board, one line per row, cells between "|" (a digit is a number, a space is a blank cell):', minesweeperToText(s)];
  return [`Solve this ${s.rows}x${s.cols} Minesweeper puzzle.`, '', ...RULES_TEXT, '', ...state, '', ...FORMAT].join('\n');
}

export function minesweeperInstance(s: MinesweeperState, level: Level, rng: Rng): GeneratedInstance {
  const rec = new TraceRecorder();
  const mines = solveMinesweeper(s, rec);
  if (!mines) throw new Error('minesweeper: board has no consistent mine set');
  const answer = mines.map(([r, c]) => `(${r}, ${c})`).join(',');
  const gr = blankGroups(s);
  const cellsText = (cells: Array<[number, number]>): string => cells.map(([r, c]) => `(${r},${c})`).join('');
  const groupsText = gr.cells
    .map((cells, g) => `${groupName(g)}=${cells.length > 6 ? `${cells.length} cells from ${cellsText(cells.slice(0, 2))}…` : cellsText(cells)}`)
    .join(' ');
  const c = rec.counts();
  const trace = buildTrace(
    {
      rules: [
        'Each number counts the mines among its 8 neighbours.',
        'A blank is a mine or a 0; a 0 touches no mine, so touching blanks are all mines or all zeros.',
      ],
      reading: [`${s.rows}x${s.cols} board, ${gr.numbers.length} numbers.`, `Blank groups: ${groupsText}.`],
      steps: rec.steps,
      validation: [
        `${mines.length} mines; every number sees exactly its count (${c.deadEnds} supposition(s) refuted).`,
        'Every blank left unmarked touches no mine.',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: { question: question(s, 'image'), questionLanguage: question(s, 'text'), answer, initialState: minesweeperToText(s) },
    svgs: [renderMinesweeper(s)],
    trace,
  };
}

export const minesweeperGenerator: TaskGenerator = {
  describeLevel: (level) =>
    `${MINESWEEPER_LEVELS[level].size}x${MINESWEEPER_LEVELS[level].size} board, ${MINESWEEPER_LEVELS[level].mines} mines, unique mine set`,
  generate: (level, rng) => {
    const { size, mines } = MINESWEEPER_LEVELS[level];
    const cells = Array.from({ length: size * size }, (_, k) => [Math.floor(k / size), k % size] as [number, number]);
    for (let attempt = 0; attempt < 500; attempt++) {
      const chosen = rng
        .shuffle([...cells])
        .slice(0, mines)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const board = boardFor(size, chosen);
      if (countSolutions(board) === 1) return minesweeperInstance(board, level, rng);
    }
    throw new Error(`minesweeper: no uniquely solvable board at level ${level} in 500 attempts`);
  },
};

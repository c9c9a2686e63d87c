// Tapa solver. Each clue keeps the list of black/white patterns of its 8 neighbours that produce its groups (grouped
// by 8-connectivity, as the official verifier does); propagation drops patterns that contradict known cells and
// fixes the cells on which the rest agree, whitens the last cell of a 2×2 with three black cells, and fails when the
// black cells can no longer join up through unknown cells. When nothing more follows it guesses a cell (black
// first) and backtracks on contradiction. Counts solutions up to a limit and records SERG steps.
import { NEIGHBOURS_8 } from '../common/grid.js';
import type { TraceRecorder } from '../trace.js';
import { clueGroups } from './verify.js';
import type { TapaState } from './state.js';

export type Cell = 0 | 1 | -1; // white, black, unknown

interface Clue {
  r: number;
  c: number;
  label: string;
  cells: [number, number][];
  /** Bitmasks over `cells`: bit i set = cells[i] black. */
  patterns: number[];
}

export interface TapaSolveResult {
  solutions: Cell[][][];
  nodes: number;
  exhausted: boolean;
}

function buildClues(s: TapaState): Clue[] {
  const out: Clue[] = [];
  for (const [k, want] of s.clues) {
    const [r, c] = k.split(',').map(Number);
    const cells = NEIGHBOURS_8.map(([dr, dc]) => [r + dr, c + dc] as [number, number]).filter(
      ([a, b]) => a >= 0 && b >= 0 && a < s.rows && b < s.cols && !s.clues.has(`${a},${b}`),
    );
    const expected = want
      .filter((x) => x > 0)
      .sort((x, y) => x - y)
      .join(',');
    const patterns: number[] = [];
    for (let mask = 0; mask < 1 << cells.length; mask++) {
      const black = new Set(cells.filter((_, i) => mask & (1 << i)).map(([a, b]) => `${a},${b}`));
      if (clueGroups(black, r, c).join(',') === expected) patterns.push(mask);
    }
    out.push({ r, c, label: want.join(' '), cells, patterns });
  }
  return out;
}

export const tapaText = (g: Cell[][], s: TapaState): string =>
  g
    .map((row, r) =>
      row.map((v, c) => (s.clues.has(`${r},${c}`) ? (s.clues.get(`${r},${c}`) as number[]).join('') : v === 1 ? '#' : v === 0 ? '.' : '?')).join(' '),
    )
    .join('\n');

/**
 * The cells of the non-white component that holds the first black cell, or null when some black cell lies outside
 * it (the black cells can never join up). Empty when there is no black cell yet.
 */
function reachable(g: Cell[][]): Uint8Array | null {
  const rows = g.length;
  const cols = g[0].length;
  let first: [number, number] | null = null;
  let blacks = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (g[r][c] === 1) (blacks++, (first ??= [r, c]));
  const seen = new Uint8Array(rows * cols);
  if (!first) return seen;
  const stack = [first];
  seen[first[0] * cols + first[1]] = 1;
  let reached = 0;
  while (stack.length > 0) {
    const [r, c] = stack.pop() as [number, number];
    if (g[r][c] === 1) reached++;
    for (const [a, b] of [
      [r - 1, c],
      [r + 1, c],
      [r, c - 1],
      [r, c + 1],
    ]) {
      if (a < 0 || b < 0 || a >= rows || b >= cols || seen[a * cols + b] || g[a][b] === 0) continue;
      seen[a * cols + b] = 1;
      stack.push([a, b]);
    }
  }
  return reached === blacks ? seen : null;
}

/** Propagates to a fixpoint; returns the contradiction, or null. */
function propagate(g: Cell[][], clues: Clue[], rec: TraceRecorder | null): string | null {
  const rows = g.length;
  const cols = g[0].length;
  for (let changed = true; changed;) {
    changed = false;
    for (const cl of clues) {
      let knownBlack = 0;
      let knownWhite = 0;
      cl.cells.forEach(([a, b], i) => {
        if (g[a][b] === 1) knownBlack |= 1 << i;
        else if (g[a][b] === 0) knownWhite |= 1 << i;
      });
      const fits = cl.patterns.filter((m) => (m & knownBlack) === knownBlack && (m & knownWhite) === 0);
      if (fits.length === 0) return `clue ${cl.label} at (${cl.r},${cl.c}) cannot be satisfied by its neighbours`;
      const fixed: string[] = [];
      cl.cells.forEach(([a, b], i) => {
        if (g[a][b] !== -1) return;
        const v = (fits[0] >> i) & 1;
        if (fits.every((m) => ((m >> i) & 1) === v)) {
          g[a][b] = v as Cell;
          fixed.push(`(${a},${b})=${v ? 'black' : 'white'}`);
        }
      });
      if (fixed.length > 0) {
        changed = true;
        rec?.step(`Clue ${cl.label} at (${cl.r},${cl.c}): all ${fits.length} fitting pattern(s) agree on ${fixed.join(', ')}`);
      }
    }
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c + 1 < cols; c++) {
        const sq: [number, number][] = [
          [r, c],
          [r, c + 1],
          [r + 1, c],
          [r + 1, c + 1],
        ];
        const black = sq.filter(([a, b]) => g[a][b] === 1).length;
        const unknown = sq.filter(([a, b]) => g[a][b] === -1);
        if (black === 4) return `the 2x2 block at (${r},${c}) is all black`;
        if (black === 3 && unknown.length === 1) {
          const [a, b] = unknown[0];
          g[a][b] = 0;
          changed = true;
          rec?.step(`2x2 block at (${r},${c}) already has three black cells, so (${a},${b}) is white`);
        }
      }
    }
    const seen = reachable(g);
    if (!seen) return 'the black cells can no longer form one connected group';
    if (seen.some((x) => x === 1)) {
      // Unknown cells cut off from the black cells by white ones can only be white.
      const cut: string[] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          if (g[r][c] === -1 && !seen[r * cols + c]) {
            g[r][c] = 0;
            cut.push(`(${r},${c})`);
          }
        }
      }
      if (cut.length > 0) {
        changed = true;
        rec?.step(`${cut.join(', ')} ${cut.length === 1 ? 'is' : 'are'} walled off from the black cells by white cells, so white`);
      }
    }
  }
  return null;
}

export function solveTapa(s: TapaState, limit: number, rec: TraceRecorder | null, budget = 20_000): TapaSolveResult {
  const clues = buildClues(s);
  const solutions: Cell[][][] = [];
  let nodes = 0;
  let exhausted = false;
  const start: Cell[][] = Array.from({ length: s.rows }, (_, r) => Array.from({ length: s.cols }, (_, c) => (s.clues.has(`${r},${c}`) ? 0 : -1)));

  const search = (g: Cell[][]): void => {
    if (solutions.length >= limit || exhausted) return;
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    const bad = propagate(g, clues, rec);
    if (bad) {
      rec?.deadEnd('Propagating the clues', bad, tapaText(g, s));
      return;
    }
    // Guess a cell next to a clue first (clues constrain it most), else any unknown cell.
    let guess: [number, number] | null = null;
    for (const cl of clues) for (const [a, b] of cl.cells) if (!guess && g[a][b] === -1) guess = [a, b];
    for (let r = 0; r < s.rows && !guess; r++) for (let c = 0; c < s.cols && !guess; c++) if (g[r][c] === -1) guess = [r, c];
    if (!guess) {
      solutions.push(g.map((row) => [...row]));
      return;
    }
    const [r, c] = guess;
    for (const v of [1, 0] as const) {
      rec?.step(`Nothing more is forced; guess (${r},${c}) = ${v ? 'black' : 'white'}`, { state: tapaText(g, s) });
      const next = g.map((row) => [...row]);
      next[r][c] = v;
      const before = solutions.length;
      search(next);
      if (solutions.length >= limit || exhausted) return;
      if (rec && solutions.length === before) rec.backtrack(`the grid before guessing (${r},${c}) = ${v ? 'black' : 'white'}`);
    }
  };
  search(start);
  return { solutions, nodes, exhausted };
}

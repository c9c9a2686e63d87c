// Binairo solver: the three classic deductions (a pair forces its ends, a gap x_x forces its middle, a line with
// n/2 of one digit takes the other digit everywhere else), then depth-first search with the line-uniqueness rule
// checked when a line fills up. With a TraceRecorder it records each deduction, guess, dead end and backtrack.
import type { TraceRecorder } from '../trace.js';
import type { Rng } from '../types.js';

const E = -1;

export function binGridText(g: number[], n: number): string {
  const rows: string[] = [];
  for (let r = 0; r < n; r++)
    rows.push(
      g
        .slice(r * n, r * n + n)
        .map((v) => (v === E ? '_' : String(v)))
        .join(' '),
    );
  return rows.join('\n');
}

const lineCells = (n: number, k: number): number[] => Array.from({ length: n }, (_, j) => (k < n ? k * n + j : j * n + (k - n)));
const lineName = (n: number, k: number): string => (k < n ? `row ${k + 1}` : `column ${k - n + 1}`);
const cellName = (n: number, i: number): string => `R${Math.floor(i / n) + 1}C${(i % n) + 1}`;

/** A broken rule among filled cells, or null. Complete lines are also checked for duplicates. */
function conflict(g: number[], n: number): string | null {
  const full = new Map<string, number>();
  for (let k = 0; k < 2 * n; k++) {
    const vals = lineCells(n, k).map((i) => g[i]);
    for (const d of [0, 1]) if (vals.filter((v) => v === d).length > n / 2) return `${lineName(n, k)} has more than ${n / 2} ${d}s`;
    for (let j = 0; j + 2 < n; j++)
      if (vals[j] !== E && vals[j] === vals[j + 1] && vals[j] === vals[j + 2]) return `${lineName(n, k)} has three ${vals[j]}s in a row`;
    if (!vals.includes(E)) {
      const key = `${k < n ? 'r' : 'c'}${vals.join('')}`;
      const twin = full.get(key);
      if (twin !== undefined) return `${lineName(n, twin)} and ${lineName(n, k)} are identical`;
      full.set(key, k);
    }
  }
  return null;
}

function propagate(g: number[], n: number, rec: TraceRecorder | undefined, why: string[]): boolean {
  let placed = 0;
  const set = (i: number, v: number, reason: string): void => {
    g[i] = v;
    placed++;
    if (!rec) return;
    // Every n-th placement shows the grid so the trace carries the intermediate states.
    if (placed % n === 0) rec.step(`${cellName(n, i)} = ${v}: ${reason}`, { state: binGridText(g, n) });
    else rec.step(`${cellName(n, i)} = ${v}: ${reason}`);
  };
  for (let changed = true; changed;) {
    changed = false;
    const bad = conflict(g, n);
    if (bad) return ((why[0] = bad), false);
    for (let k = 0; k < 2 * n; k++) {
      const cells = lineCells(n, k);
      const name = lineName(n, k);
      for (let j = 0; j < n; j++) {
        if (g[cells[j]] !== E) continue;
        const at = (o: number): number => (j + o >= 0 && j + o < n ? g[cells[j + o]] : E);
        for (const d of [0, 1]) {
          if ((at(1) === d && at(2) === d) || (at(-1) === d && at(-2) === d)) set(cells[j], 1 - d, `beside the pair ${d} ${d} in ${name}`);
          else if (at(-1) === d && at(1) === d) set(cells[j], 1 - d, `between two ${d}s in ${name}`);
          else continue;
          changed = true;
          break;
        }
      }
      for (const d of [0, 1]) {
        const vals = cells.map((i) => g[i]);
        if (vals.filter((v) => v === d).length === n / 2 && vals.includes(E)) {
          for (const i of cells) if (g[i] === E) set(i, 1 - d, `${name} already has its ${n / 2} ${d}s`);
          changed = true;
        }
      }
    }
  }
  return true;
}

function search(g: number[], n: number, rec: TraceRecorder | undefined, out: number[][], limit: number, order: Rng | undefined, depth: number): void {
  const why: string[] = [];
  if (!propagate(g, n, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], binGridText(g, n));
    return;
  }
  const i = g.indexOf(E);
  if (i < 0) {
    out.push(g.slice());
    return;
  }
  const first = order && order.next() < 0.5 ? 1 : 0;
  for (const v of [first, 1 - first]) {
    rec?.step(`No forced cell left; guess ${cellName(n, i)} = ${v}`, { state: binGridText(g, n) });
    const child = g.slice();
    child[i] = v;
    const before = out.length;
    search(child, n, rec, out, limit, order, depth + 1);
    if (out.length >= limit) return;
    if (rec && out.length === before) rec.backtrack(`the guess at ${cellName(n, i)}: ${v} cannot go there`);
  }
}

/**
 * Up to `limit` solutions of `givens` (flat, -1 empty). `order` randomises the value tried first, which turns
 * the solver into a generator of random complete grids when the givens are empty.
 */
export function solveBinairo(givens: number[], n: number, limit = 1, rec?: TraceRecorder, order?: Rng): number[][] {
  const out: number[][] = [];
  search(givens.slice(), n, rec, out, limit, order, 0);
  return out;
}

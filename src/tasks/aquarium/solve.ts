// Aquarium solver. Each tank's water is one choice: empty, or filled from some row of the tank down to its
// bottom. A choice adds a known number of wet cells to every row and column the tank touches, so for each line
// the other tanks' least and greatest contributions bound what a choice may add; choices that break a bound are
// dropped until nothing changes, then the search branches on the tank with fewest choices left. With a
// TraceRecorder it records each tank it settles, each guess, dead end and backtrack.
import type { TraceRecorder } from '../trace.js';
import type { AquariumState } from './state.js';

export interface Tank {
  id: number;
  cells: [number, number][]; // [row, col]
  /** Water-line options: -1 = empty, else the top wet row (every tank cell at or below it is wet). */
  options: number[];
}

export interface Model {
  s: AquariumState;
  tanks: Tank[];
  /** contrib[t][o][line]: wet cells tank t adds to line (rows 0..R-1, then columns R..R+C-1) under option o. */
  contrib: number[][][];
  /** Tanks touching each line. */
  lineTanks: number[][];
}

export function buildModel(s: AquariumState): Model {
  const byId = new Map<number, [number, number][]>();
  for (let r = 0; r < s.rows; r++) for (let c = 0; c < s.cols; c++) byId.set(s.regions[r][c], [...(byId.get(s.regions[r][c]) ?? []), [r, c]]);
  const tanks: Tank[] = [...byId.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, cells]) => ({ id, cells, options: [-1, ...[...new Set(cells.map(([r]) => r))].sort((a, b) => b - a)] }));
  const L = s.rows + s.cols;
  const contrib = tanks.map((t) =>
    t.options.map((o) => {
      const v = new Array<number>(L).fill(0);
      if (o >= 0) for (const [r, c] of t.cells) if (r >= o) (v[r]++, v[s.rows + c]++);
      return v;
    }),
  );
  const lineTanks = Array.from({ length: L }, () => [] as number[]);
  tanks.forEach((t, k) => {
    const lines = new Set(t.cells.flatMap(([r, c]) => [r, s.rows + c]));
    for (const l of lines) lineTanks[l].push(k);
  });
  return { s, tanks, contrib, lineTanks };
}

export const lineName = (m: Model, l: number): string => (l < m.s.rows ? `row ${l}` : `column ${l - m.s.rows}`);
const clue = (m: Model, l: number): number => (l < m.s.rows ? m.s.rowClues[l] : m.s.colClues[l - m.s.rows]);
export const optionText = (o: number): string => (o < 0 ? 'empty' : `filled from row ${o} down`);

/** Rows of the grid: `~` water, `.` dry, `?` tank not settled yet. */
export function waterText(m: Model, dom: number[][]): string {
  const g = Array.from({ length: m.s.rows }, () => new Array<string>(m.s.cols).fill('?'));
  m.tanks.forEach((t, k) => {
    if (dom[k].length !== 1) return;
    const o = t.options[dom[k][0]];
    for (const [r, c] of t.cells) g[r][c] = o >= 0 && r >= o ? '~' : '.';
  });
  return g.map((row) => row.join(' ')).join('\n');
}

/** Drops options that break a line bound, to a fixpoint; false on contradiction (reason in why[0]). */
function propagate(m: Model, dom: number[][], told: boolean[], rec: TraceRecorder | undefined, why: string[]): boolean {
  const L = m.lineTanks.length;
  for (let changed = true; changed;) {
    changed = false;
    for (let l = 0; l < L; l++) {
      const ts = m.lineTanks[l];
      const lo = ts.map((t) => Math.min(...dom[t].map((o) => m.contrib[t][o][l])));
      const hi = ts.map((t) => Math.max(...dom[t].map((o) => m.contrib[t][o][l])));
      const sumLo = lo.reduce((a, b) => a + b, 0);
      const sumHi = hi.reduce((a, b) => a + b, 0);
      const need = clue(m, l);
      if (need < sumLo || need > sumHi) return ((why[0] = `${lineName(m, l)} needs ${need} water cells but can only get ${sumLo}..${sumHi}`), false);
      ts.forEach((t, j) => {
        const keep = dom[t].filter((o) => {
          const v = m.contrib[t][o][l];
          return sumLo - lo[j] + v <= need && sumHi - hi[j] + v >= need;
        });
        if (keep.length === dom[t].length) return;
        dom[t] = keep;
        changed = true;
        if (keep.length === 1 && !told[t]) {
          told[t] = true;
          const tk = m.tanks[t];
          rec?.step(
            `Tank ${tk.id} is ${optionText(tk.options[keep[0]])}: with what the other tanks can add, any other level breaks the count of ${lineName(m, l)} (clue ${need})`,
            {
              state: rec && told.filter(Boolean).length % 3 === 0 ? waterText(m, dom) : undefined,
            },
          );
        }
      });
      if (ts.some((t) => dom[t].length === 0)) return ((why[0] = `${lineName(m, l)} leaves a tank no possible level`), false);
    }
  }
  return true;
}

interface Search {
  out: number[][][];
  limit: number;
  nodes: number;
  maxNodes: number;
}

function search(m: Model, dom: number[][], told: boolean[], rec: TraceRecorder | undefined, s: Search, depth: number): void {
  if (++s.nodes > s.maxNodes) return;
  const why: string[] = [];
  if (!propagate(m, dom, told, rec, why)) {
    if (rec && depth > 0) rec.deadEnd('Following that guess', why[0], waterText(m, dom));
    return;
  }
  let t = -1;
  for (let k = 0; k < dom.length; k++) if (dom[k].length > 1 && (t < 0 || dom[k].length < dom[t].length)) t = k;
  if (t < 0) {
    s.out.push(dom.map((d) => [...d]));
    return;
  }
  const tk = m.tanks[t];
  for (const o of dom[t]) {
    rec?.step(`No tank is forced; try tank ${tk.id} ${optionText(tk.options[o])} (options: ${dom[t].map((x) => optionText(tk.options[x])).join(' / ')})`);
    const child = dom.map((d) => [...d]);
    child[t] = [o];
    const childTold = [...told];
    childTold[t] = true;
    const before = s.out.length;
    search(m, child, childTold, rec, s, depth + 1);
    if (s.out.length >= s.limit || s.nodes > s.maxNodes) return;
    if (rec && s.out.length === before) rec.backtrack(`tank ${tk.id}: ${optionText(tk.options[o])} is impossible`);
  }
}

/** Up to `limit` solutions as wet grids [row][col]; `complete` false when the node cap cut the search short. */
export function solveAquarium(m: Model, limit = 1, rec?: TraceRecorder, maxNodes = 5000): { solutions: boolean[][][]; complete: boolean } {
  const s: Search = { out: [], limit, nodes: 0, maxNodes };
  search(
    m,
    m.tanks.map((t) => t.options.map((_, i) => i)),
    m.tanks.map(() => false),
    rec,
    s,
    0,
  );
  const solutions = s.out.map((dom) => {
    const wet = Array.from({ length: m.s.rows }, () => new Array<boolean>(m.s.cols).fill(false));
    m.tanks.forEach((t, k) => {
      const o = t.options[dom[k][0]];
      if (o >= 0) for (const [r, c] of t.cells) if (r >= o) wet[r][c] = true;
    });
    return wet;
  });
  return { solutions, complete: s.nodes <= maxNodes };
}

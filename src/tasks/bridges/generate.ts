// Bridges generator. Level parameters follow the official generator: a 5×5, 6×6, 7×7, 8×8, 9×9 grid with 3–4,
// 4–5, 5–6, 6–7, 7–10 islands, single bridges only at level 1 and 1–2 per pair above. The official generator drops
// islands at random cells (often touching) and joins them by a spanning tree without checking uniqueness; we grow
// the network instead — each new island at least 2 cells from the island it hangs off, its bridge crossing
// nothing — add the odd extra bridge between islands in sight of each other (levels ≥ 3, so not every answer is a
// tree), and keep only puzzles the solver proves unique.
import { BOXED_INSTRUCTION } from '../prompt.js';
import { buildTrace, isCompactLevel, TraceRecorder } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { renderBridges } from './render.js';
import { buildNet, edgeName, netText, pos, solveBridges, type Net } from './solve.js';
import type { BridgesState, Island } from './state.js';

const LEVELS: Record<Level, { grid: number; min: number; max: number; extra: number }> = {
  1: { grid: 5, min: 3, max: 4, extra: 0 },
  2: { grid: 6, min: 4, max: 5, extra: 0 },
  3: { grid: 7, min: 5, max: 6, extra: 0.3 },
  4: { grid: 8, min: 6, max: 7, extra: 0.4 },
  5: { grid: 9, min: 7, max: 10, extra: 0.5 },
};

interface Seg {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Cells strictly between the ends of a segment. */
function inner(s: Seg): [number, number][] {
  const out: [number, number][] = [];
  const dx = Math.sign(s.x2 - s.x1);
  const dy = Math.sign(s.y2 - s.y1);
  for (let x = s.x1 + dx, y = s.y1 + dy; x !== s.x2 || y !== s.y2; x += dx, y += dy) out.push([x, y]);
  return out;
}

/** Islands and bridge counts (by island pair) grown as a network; null when the grid fills up first. */
function grow(level: Level, rng: Rng): { islands: [number, number][]; links: Map<string, number> } | null {
  const p = LEVELS[level];
  const n = p.grid;
  const target = rng.int(p.min, p.max);
  const islands: [number, number][] = [[rng.int(0, n - 1), rng.int(0, n - 1)]];
  const used = new Set<string>(); // cells under a bridge
  const segs: Seg[] = [];
  const links = new Map<string, number>();
  const isIsland = (x: number, y: number): boolean => islands.some(([a, b]) => a === x && b === y);
  const count = (): number => (level === 1 ? 1 : rng.int(1, 2));
  for (let tries = 0; islands.length < target && tries < 400; tries++) {
    const from = rng.int(0, islands.length - 1);
    const [x, y] = islands[from];
    const [dx, dy] = rng.pick([
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]);
    const len = rng.int(2, Math.max(2, Math.ceil(n / 2)));
    const [nx, ny] = [x + dx * len, y + dy * len];
    if (nx < 0 || ny < 0 || nx >= n || ny >= n || isIsland(nx, ny) || used.has(`${nx},${ny}`)) continue;
    const seg: Seg = { x1: x, y1: y, x2: nx, y2: ny };
    const cells = inner(seg);
    // The new bridge may pass over no island and no other bridge (a shared cell means a crossing or overlap).
    if (cells.some(([a, b]) => isIsland(a, b) || used.has(`${a},${b}`))) continue;
    islands.push([nx, ny]);
    for (const [a, b] of cells) used.add(`${a},${b}`);
    segs.push(seg);
    links.set(`${from},${islands.length - 1}`, count());
  }
  if (islands.length < target) return null;
  // Extra bridges between islands already in sight of each other, if they cross nothing.
  for (let i = 0; i < islands.length; i++) {
    for (let j = i + 1; j < islands.length; j++) {
      if (links.has(`${i},${j}`) || links.has(`${j},${i}`) || rng.next() >= p.extra) continue;
      const [[x1, y1], [x2, y2]] = [islands[i], islands[j]];
      if (x1 !== x2 && y1 !== y2) continue;
      const cells = inner({ x1, y1, x2, y2 });
      if (cells.length === 0 || cells.some(([a, b]) => isIsland(a, b) || used.has(`${a},${b}`))) continue;
      for (const [a, b] of cells) used.add(`${a},${b}`);
      links.set(`${i},${j}`, count());
    }
  }
  return { islands, links };
}

export function makeBridges(level: Level, rng: Rng): { state: BridgesState; net: Net; counts: number[] } {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const g = grow(level, rng);
    if (!g) continue;
    const islands: Island[] = g.islands.map(([x, y]) => ({ x, y, num: 0 }));
    for (const [k, c] of g.links) {
      const [i, j] = k.split(',').map(Number);
      islands[i].num += c;
      islands[j].num += c;
    }
    // Reading order in the state, so island numbering says nothing about how the network was grown.
    const order = islands.map((_, i) => i).sort((a, b) => islands[a].y - islands[b].y || islands[a].x - islands[b].x);
    const state: BridgesState = { islands: order.map((i) => islands[i]) };
    const net = buildNet(state);
    const { solutions, complete } = solveBridges(net, 2);
    if (complete && solutions.length === 1) return { state, net, counts: solutions[0] };
  }
  throw new Error(`bridges level ${level}: no unique puzzle in 2000 draws`);
}

/** One `(x1,y1)-(x2,y2):n` per line, sorted by the first island (x, then y), as the official answers are. */
export function formatBridgesAnswer(net: Net, counts: number[]): string {
  const rows = net.edges.flatMap((e, k) => {
    if (counts[k] === 0) return [];
    const [a, b] = [net.islands[e.a], net.islands[e.b]];
    const [p, q] = a.x < b.x || (a.x === b.x && a.y < b.y) ? [a, b] : [b, a];
    return [{ p, q, text: `(${p.x},${p.y})-(${q.x},${q.y}):${counts[k]}` }];
  });
  rows.sort((u, v) => u.p.x - v.p.x || u.p.y - v.p.y || u.q.x - v.q.x || u.q.y - v.q.y);
  return rows.map((r) => r.text).join('\n');
}

const RULES = `### Game Rules:
1. Each island shows how many bridges must end at it.
2. Bridges run only horizontally or vertically between two islands, in a straight line.
3. Bridges may not cross each other or pass over an island.
4. At most 2 bridges join any pair of islands.
5. All islands must form a single connected network.`;

const FORMAT = `### Coordinate System:
(x,y) with (0,0) at the top-left; x is the column (increasing to the right) and y the row (increasing downward).

### Answer Format:
One bridge connection per line, as (x1,y1)-(x2,y2):count, e.g.
(0,4)-(2,4):1
(2,1)-(2,4):2

${BOXED_INSTRUCTION}`;

function questionImage(n: number): string {
  return `The image shows a Bridges (Hashiwokakero) puzzle on a ${n}×${n} grid: circles are islands with their numbers; the small blue numbers are x (columns, top) and y (rows, left) coordinates. Connect all islands with bridges.

${RULES}

${FORMAT}`;
}

function questionText(s: BridgesState, n: number): string {
  const at = new Map(s.islands.map((i) => [`${i.x},${i.y}`, i.num]));
  const grid = Array.from(
    { length: n },
    (_, y) => `${String(y).padStart(2)} ${Array.from({ length: n }, (_, x) => String(at.get(`${x},${y}`) ?? '.').padStart(2)).join(' ')}`,
  );
  return `Solve this Bridges (Hashiwokakero) puzzle on a ${n}×${n} grid with ${s.islands.length} islands.

${RULES}

### Islands:
${s.islands.map((i) => `Island at (${i.x}, ${i.y}) has number ${i.num}.`).join('\n')}

### Grid (numbers are islands, . is water; x across the top, y down the left):
   ${Array.from({ length: n }, (_, x) => String(x).padStart(2)).join(' ')}
${grid.join('\n')}

${FORMAT}`;
}

function generate(level: Level, rng: Rng): GeneratedInstance {
  const n = LEVELS[level].grid;
  const { state, net, counts } = makeBridges(level, rng);
  const rec = new TraceRecorder();
  const [found] = solveBridges(net, 1, rec).solutions;
  const answer = formatBridgesAnswer(net, found);
  const total = state.islands.reduce((a, i) => a + i.num, 0) / 2;
  const trace = buildTrace(
    {
      rules: [
        'Each island gets exactly its number of bridges.',
        'Bridges are straight, horizontal or vertical, and never cross or pass over islands.',
        'At most 2 bridges per pair.',
        'All islands are connected.',
      ],
      reading: [
        `${state.islands.length} islands: ${state.islands.map((i) => `${pos(i)}=${i.num}`).join(', ')}.`,
        `Possible connections (nearest island in each direction): ${net.edges.map((_, e) => edgeName(net, e)).join(', ')}.`,
        `Numbers add up to ${total * 2}, so there are ${total} bridges in all.`,
      ],
      steps: rec.steps,
      validation: [
        'Every island has exactly its number of bridges.',
        'No two bridges cross and none passes over an island.',
        'No pair has more than 2 bridges.',
        `All ${state.islands.length} islands form one network (${netText(
          net,
          found.map((c) => [c, c]),
        )}).`,
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 90 },
  );
  return {
    instance: {
      question: questionImage(n),
      questionLanguage: questionText(state, n),
      answer: formatBridgesAnswer(net, counts),
      initialState: { islands: state.islands.map((i) => ({ x: i.x, y: i.y, num: i.num })), grid_size: n },
    },
    svgs: [renderBridges(state, n)],
    trace,
  };
}

export const bridgesGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = LEVELS[level];
    return `${p.grid}×${p.grid} grid, ${p.min}–${p.max} islands, ${level === 1 ? 'single bridges' : '1–2 bridges per pair'}${p.extra > 0 ? ', some loops' : ''}, unique solution`;
  },
  generate,
};

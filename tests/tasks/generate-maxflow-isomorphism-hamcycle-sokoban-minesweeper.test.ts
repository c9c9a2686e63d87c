// Generators for max_flow, isomorphism, hamiltonian_cycle, sokoban and minesweeper: at every level a one-edit
// corruption of the reference fails (after the record round trip); level parameters follow the official generators;
// the solvers' facts hold (max-flow = min-cut, unique minesweeper mine sets, isomorphism mappings, sokoban moves
// within the level's bounds); generation time per instance stays bounded.
// (Determinism, level descriptions, the reference and trace verifying at every level, the \boxed{} rule and the
// images — two for isomorphism — at 448 and 112 px: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/tasks/common/rng.js';
import { answerText, generateChecked, instanceForVerify, LEVELS } from '../../src/dataset/generate.js';
import { layeredDag, MAX_FLOW_LAYERS } from '../../src/tasks/max_flow/generate.js';
import { edmondsKarp } from '../../src/tasks/max_flow/solve.js';
import { MINESWEEPER_LEVELS } from '../../src/tasks/minesweeper/generate.js';
import { countSolutions } from '../../src/tasks/minesweeper/solve.js';
import { parseMinesweeperState } from '../../src/tasks/minesweeper/state.js';
import { ISO_SIZES } from '../../src/tasks/isomorphism/generate.js';
import { solveIsomorphism, type SimpleGraph } from '../../src/tasks/isomorphism/solve.js';
import { HAM_CYCLE_SIZES } from '../../src/tasks/hamiltonian_cycle/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import { SOKOBAN_LEVELS } from '../../src/tasks/sokoban/generate.js';
import { parseSokobanState } from '../../src/tasks/sokoban/state.js';
import type { Level } from '../../src/tasks/types.js';
import { cpuMs } from '../cpu-time.js';

const FAMILIES = ['max_flow', 'isomorphism', 'hamiltonian_cycle', 'sokoban', 'minesweeper'] as const;

/** A one-edit corruption of the reference answer that must fail the verifier. */
function corrupt(key: (typeof FAMILIES)[number], answer: string): string {
  switch (key) {
    case 'max_flow':
      return String(Number(answer) + 1);
    case 'isomorphism':
      return answer === 'Yes' ? 'No' : 'Yes';
    case 'hamiltonian_cycle': {
      if (answer === 'No') return '[0, 1, 2, 0]';
      // Swap two neighbouring inner vertices; if that still happens to be a cycle, drop one vertex instead.
      const nodes = answer.slice(1, -1).split(', ');
      return `[${nodes.slice(0, -2).join(', ')}, ${nodes[nodes.length - 1]}]`;
    }
    case 'sokoban': {
      const moves = answer.split(' ');
      return moves.slice(0, -1).join(' ');
    }
    case 'minesweeper':
      return answer
        .split(',(')
        .slice(1)
        .map((p) => `(${p}`)
        .join(',');
  }
}

describe.each(FAMILIES)('%s generator', (key) => {
  const spec = getTask(key);
  const gen = spec.generator;
  if (!gen) throw new Error(`${key} has no generator`);

  it('one-edit corruptions of the reference fail at every level', () => {
    for (const level of LEVELS) {
      for (let seed = 0; seed < 6; seed++) {
        const g = generateChecked(spec, level, 100 * level + seed); // throws with the verifier's reason
        const inst = instanceForVerify(spec, g, level, []);
        const ref = answerText(g.instance.answer);
        expect(spec.verify(inst, `\\boxed{${corrupt(key, ref)}}`).correct, `${key} L${level} s${seed}`).toBe(false);
      }
    }
  });

  it('generates each level-5 instance quickly', () => {
    const times: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      times.push(cpuMs(() => gen.generate(5, makeRng(seed, `${key}/timing`))).ms);
    }
    times.sort((x, y) => x - y);
    const mean = times.reduce((s, x) => s + x, 0) / times.length;
    console.log(`${key} L5 CPU ms: mean ${mean.toFixed(1)}, median ${times[10].toFixed(1)}, max ${times[19].toFixed(1)}`);
    // CPU time (tests/cpu-time.ts); the budget is 42 tasks × 50 instances in 5 minutes.
    expect(mean).toBeLessThan(100);
    expect(times[10]).toBeLessThan(100);
  });
});

describe('level parameters and solver facts', () => {
  it('max_flow: official layer sizes, capacities 1-10, edges only between consecutive layers, flow = min cut', () => {
    for (const level of LEVELS) {
      for (let seed = 0; seed < 10; seed++) {
        const d = layeredDag(MAX_FLOW_LAYERS[level], makeRng(seed, 'mf'));
        expect(d.layers.map((l) => l.length)).toEqual(MAX_FLOW_LAYERS[level]);
        const layerOf = new Map(d.layers.flatMap((l, i) => l.map((v) => [v, i] as const)));
        for (const [u, v, c] of d.edges) {
          expect(layerOf.get(v)).toBe((layerOf.get(u) as number) + 1);
          expect(c).toBeGreaterThanOrEqual(1);
          expect(c).toBeLessThanOrEqual(10);
        }
        const res = edmondsKarp(d);
        const side = new Set(res.sourceSide);
        const cut = d.edges.filter(([u, v]) => side.has(u) && !side.has(v)).reduce((s, e) => s + e[2], 0);
        expect(cut).toBe(res.value);
        expect(side.has(d.sink)).toBe(false);
      }
    }
    expect(MAX_FLOW_LAYERS[5]).toEqual([1, 3, 4, 4, 3, 1]);
  });

  it('isomorphism: official sizes, max degree 3, both answers occur, Yes comes with a valid mapping', () => {
    const answers = new Set<string>();
    for (const level of LEVELS) {
      for (let seed = 0; seed < 12; seed++) {
        const g = generateChecked(getTask('isomorphism'), level, seed);
        const st = g.instance.initialState as { g1: SimpleGraph; g2: SimpleGraph };
        expect(st.g1.length).toBe(ISO_SIZES[level]);
        for (const l of [...st.g1, ...st.g2]) expect(l.length).toBeLessThanOrEqual(3);
        const res = solveIsomorphism(st.g1, st.g2);
        answers.add(String(g.instance.answer));
        expect(res.isomorphic ? 'Yes' : 'No').toBe(g.instance.answer);
        if (res.mapping) {
          for (let u = 0; u < st.g1.length; u++) for (const v of st.g1[u]) expect(st.g2[res.mapping[u]]).toContain(res.mapping[v]);
        }
      }
    }
    expect(answers).toEqual(new Set(['Yes', 'No']));
  });

  it('hamiltonian_cycle: official sizes, answers close the cycle at 0, some No and some dead ends', () => {
    let no = 0;
    let backtracks = 0;
    for (const level of LEVELS) {
      for (let seed = 0; seed < 10; seed++) {
        const g = generateChecked(getTask('hamiltonian_cycle'), level, seed);
        expect(Object.keys(g.instance.initialState as object).length).toBe(HAM_CYCLE_SIZES[level]);
        const a = String(g.instance.answer);
        if (a === 'No') no++;
        else expect(a).toMatch(/^\[0, .*, 0\]$/);
        if (/backtrack|Back to|return to|Backing up|go back/.test(g.trace)) backtracks++;
      }
    }
    expect(no).toBeGreaterThan(0);
    expect(backtracks).toBeGreaterThan(0);
  });

  it('minesweeper: official sizes and mine counts, every board has exactly one consistent mine set', () => {
    for (const level of LEVELS) {
      for (let seed = 0; seed < 10; seed++) {
        const g = generateChecked(getTask('minesweeper'), level, seed);
        const s = parseMinesweeperState(g.instance.initialState);
        expect(s.rows).toBe(MINESWEEPER_LEVELS[level].size);
        expect(String(g.instance.answer).split('),(').length).toBe(MINESWEEPER_LEVELS[level].mines);
        expect(countSolutions(s, 3)).toBe(1);
      }
    }
  });

  it('sokoban: official board sizes and box counts, solution length within the level bounds', () => {
    for (const level of LEVELS) {
      const L = SOKOBAN_LEVELS[level as Level];
      for (let seed = 0; seed < 10; seed++) {
        const g = generateChecked(getTask('sokoban'), level, seed);
        const s = parseSokobanState(g.instance.initialState);
        expect(s.boxes.length).toBe(L.boxes);
        expect(s.rows).toBeGreaterThanOrEqual(L.side[0]);
        expect(s.rows).toBeLessThanOrEqual(L.side[1]);
        const n = String(g.instance.answer).split(' ').length;
        expect(n).toBeGreaterThanOrEqual(L.minMoves);
        expect(n).toBeLessThanOrEqual(L.maxMoves);
      }
    }
  });
});

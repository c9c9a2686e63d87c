// Generators of aquarium, campsite, bridges and kakuro: at every level one-edit corruptions of the reference fail
// (after the record round trip), the solution is unique, the questions state the format without leaking the answer;
// generation time per instance is bounded.
// (Determinism, level descriptions, the reference and trace verifying at every level, the \boxed{} rule and the
// images at 448 and 112 px: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { answerText, generateChecked, instanceForVerify } from '../../src/dataset/generate.js';
import { getTask } from '../../src/tasks/registry.js';
import type { Level, TaskInstance } from '../../src/tasks/types.js';
import { buildModel, solveAquarium } from '../../src/tasks/aquarium/solve.js';
import { parseAquariumState } from '../../src/tasks/aquarium/state.js';
import { solveCampsite } from '../../src/tasks/campsite/solve.js';
import { parseCampsiteState } from '../../src/tasks/campsite/state.js';
import { buildNet, solveBridges } from '../../src/tasks/bridges/solve.js';
import { parseBridgesState } from '../../src/tasks/bridges/state.js';
import { solveKakuro, toPuzzle } from '../../src/tasks/kakuro/solve.js';
import { parseKakuroState } from '../../src/tasks/kakuro/state.js';
import { cpuMs } from '../cpu-time.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];

/** Number of solutions (capped at 2) by the family's own solver, from the record's state. */
function countSolutions(key: string, state: unknown): number {
  if (key === 'aquarium') return solveAquarium(buildModel(parseAquariumState(state)), 2).solutions.length;
  if (key === 'campsite') return solveCampsite(parseCampsiteState(state), 2).solutions.length;
  if (key === 'bridges') return solveBridges(buildNet(parseBridgesState(state)), 2).solutions.length;
  return solveKakuro(toPuzzle(parseKakuroState(state)), 2).solutions.length;
}

/** One-edit corruptions of a reference answer: drop an item, change a number, duplicate-shift an item. */
function corruptions(key: string, answer: string): string[] {
  const out: string[] = [];
  if (key === 'bridges') {
    const lines = answer.split('\n');
    out.push(lines.slice(1).join('\n'));
    out.push(lines.map((l, i) => (i === 0 ? l.replace(/:(\d)$/, (_, d: string) => `:${d === '1' ? 2 : 1}`) : l)).join('\n'));
    return out;
  }
  if (key === 'kakuro') {
    const items = answer.split(' ');
    out.push(items.slice(1).join(' '));
    out.push(items.map((it, i) => (i === 0 ? it.replace(/:(\d)$/, (_, d: string) => `:${d === '9' ? 8 : Number(d) + 1}`) : it)).join(' '));
    return out;
  }
  // aquarium / campsite: lists of pairs.
  const pairs = [...answer.matchAll(/[[(](\d+), (\d+)[\])]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const fmt = (ps: number[][]): string => (key === 'aquarium' ? `[${ps.map(([a, b]) => `(${a}, ${b})`).join(', ')}]` : JSON.stringify(ps));
  if (pairs.length > 0) out.push(fmt(pairs.slice(1)));
  if (pairs.length > 0) out.push(fmt(pairs.map(([a, b], i) => (i === 0 ? [a, b === 0 ? b + 1 : b - 1] : [a, b]))));
  // Floating water: the top-left cell wetted on its own (only when it is dry in the reference).
  if (key === 'aquarium' && !pairs.some(([x, y]) => x === 0 && y === 0)) out.push(fmt([[0, 0], ...pairs]));
  return out;
}

describe.each(['aquarium', 'campsite', 'bridges', 'kakuro'])('%s generator', (key) => {
  const spec = getTask(key);
  it.each(LEVELS)('level %i: corruptions fail, unique, questions state the format and do not leak the answer', (level) => {
    for (const seed of [1, 2, 3]) {
      const g = generateChecked(spec, level, seed); // throws unless trace and reference both verify
      const inst: TaskInstance = instanceForVerify(spec, g, level, ['x.png']);
      const ref = answerText(g.instance.answer);
      for (const bad of corruptions(key, ref)) {
        const r = spec.verify(inst, `\\boxed{${bad}}`);
        expect(r.correct, `${key} L${level} seed ${seed}: corruption accepted: ${bad}`).toBe(false);
      }
      expect(countSolutions(key, g.instance.initialState)).toBe(1);
      // (The official aquarium text question has no format heading, only "… in the format:".)
      for (const q of [g.instance.question, g.instance.questionLanguage]) expect(q).toMatch(/(Answer|Output) Format|in the format:/i);
      // The state never leaks the answer into the text question.
      expect(g.instance.questionLanguage).not.toContain(ref);
    }
  });
  it('keeps each instance fast at every level', () => {
    for (const level of LEVELS) {
      const { ms } = cpuMs(() => {
        for (let seed = 0; seed < 10; seed++) generateChecked(spec, level, 100 + seed);
      });
      // Budget: 42 tasks × 50 instances in 5 minutes on 2 cores leaves ~250 ms each; stay far below (CPU time).
      expect(ms / 10).toBeLessThan(150);
    }
  });
});

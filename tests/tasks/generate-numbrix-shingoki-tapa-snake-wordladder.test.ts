// Generators of numbrix, shingoki, tapa, snake and wordladder: at every level one-edit corruptions of the answer
// fail; uniqueness (numbrix, shingoki, tapa) is re-checked by the solver; generation time per instance stays bounded;
// the wordladder common words are ladder-list words.
// (Determinism, level descriptions, the reference and trace verifying at every level, the \boxed{} rule and the
// images at 448 and 112 px: generators.test.ts, over every registered task.)
import { describe, expect, it } from 'vitest';
import { isLadderWord } from '../../src/tasks/common/dictionary.js';
import { makeRng } from '../../src/tasks/common/rng.js';
import { answerText, generateChecked, instanceForVerify } from '../../src/dataset/generate.js';
import { solveNumbrix } from '../../src/tasks/numbrix/solve.js';
import { parseNumbrixAnswer } from '../../src/tasks/numbrix/verify.js';
import { parseNumbrixState } from '../../src/tasks/numbrix/state.js';
import { getTask } from '../../src/tasks/registry.js';
import { solveShingoki } from '../../src/tasks/shingoki/solve.js';
import { parseShingokiState } from '../../src/tasks/shingoki/state.js';
import { parseSegments } from '../../src/tasks/shingoki/verify.js';
import { parseSnakeAnswer } from '../../src/tasks/snake/verify.js';
import { solveTapa } from '../../src/tasks/tapa/solve.js';
import { parseTapaAnswer } from '../../src/tasks/tapa/verify.js';
import { parseTapaState } from '../../src/tasks/tapa/state.js';
import type { GeneratedInstance, Level } from '../../src/tasks/types.js';
import { COMMON_WORDS } from '../../src/tasks/wordladder/common-words.js';
import { parseLadder } from '../../src/tasks/wordladder/verify.js';
import { cpuMs } from '../cpu-time.js';

const LEVELS: Level[] = [1, 2, 3, 4, 5];
const FAMILIES = ['numbrix', 'shingoki', 'tapa', 'snake', 'wordladder'] as const;
type Family = (typeof FAMILIES)[number];

/** A few answers that each differ from the reference by one edit (a cell, a segment, a word). */
function corruptions(key: Family, answer: string): string[] {
  switch (key) {
    case 'numbrix': {
      const parsed = parseNumbrixAnswer(answer);
      if (!parsed.ok) throw new Error(`reference does not parse: ${parsed.reason}`);
      const g = parsed.value;
      const flat = g.flat();
      const n = flat.length;
      // Overwrite one cell with a neighbouring value (a duplicate), and blank one cell.
      const dup = g.map((row) => [...row]);
      dup[0][0] = dup[0][0] === n ? n - 1 : dup[0][0] + 1;
      const blank = g.map((row) => [...row]);
      blank[g.length - 1][g.length - 1] = 0;
      const text = (x: number[][]): string => x.map((row) => `|${row.map((v) => (v ? String(v) : ' ')).join('|')}|`).join('\n');
      return [text(dup), text(blank)];
    }
    case 'shingoki': {
      const segs = answer.split(' ');
      return [segs.slice(1).join(' '), [...segs.slice(0, -1), segs[0]].join(' ')];
    }
    case 'tapa': {
      const cells = parseTapaAnswer(answer);
      const fmt = (cs: [number, number][]): string => cs.map(([r, c]) => `(${r},${c})`).join(', ');
      return [fmt(cells.slice(1)), fmt(cells.slice(0, -1))];
    }
    case 'snake': {
      const path = parseSnakeAnswer(answer);
      const fmt = (cs: [number, number][]): string => cs.map(([r, c]) => `(${r},${c})`).join(' ');
      const mid = Math.floor(path.length / 2);
      return [fmt([...path.slice(0, mid), ...path.slice(mid + 1)]), fmt(path.slice(0, -1))];
    }
    case 'wordladder': {
      const words = parseLadder(answer);
      const dropped = [...words.slice(0, 1), ...words.slice(2)];
      const repeated = [words[0], words[0], ...words.slice(1)];
      return [JSON.stringify(dropped), JSON.stringify(repeated)];
    }
  }
}

function checkUnique(key: Family, g: GeneratedInstance): void {
  if (key === 'numbrix') {
    const res = solveNumbrix(parseNumbrixState(g.instance.initialState), 2, null, 1_000_000);
    expect(res.exhausted).toBe(false);
    expect(res.solutions).toHaveLength(1);
  }
  if (key === 'tapa') {
    const res = solveTapa(parseTapaState(g.instance.initialState), 2, null, 1_000_000);
    expect(res.exhausted).toBe(false);
    expect(res.solutions).toHaveLength(1);
  }
  if (key === 'shingoki') {
    const res = solveShingoki(parseShingokiState(g.instance.initialState), 2, null, 1_000_000);
    expect(res.exhausted).toBe(false);
    expect(res.solutions).toHaveLength(1);
    expect(parseSegments(String(g.instance.answer)).length).toBeGreaterThanOrEqual(4);
  }
}

describe.each(FAMILIES)('%s generator', (key) => {
  const spec = getTask(key);
  const gen = spec.generator;
  it.each(LEVELS)('level %i: corruptions fail, unique where required', (level) => {
    for (const seed of [1, 2, 3]) {
      const g = generateChecked(spec, level, seed); // throws unless trace and reference both verify
      const inst = instanceForVerify(spec, g, level, ['x.png']);
      const answer = answerText(g.instance.answer);
      for (const bad of corruptions(key, answer)) expect(spec.verify(inst, `\\boxed{${bad}}`).correct, bad).toBe(false);
      checkUnique(key, g);
    }
  });
  it('generates each instance fast (mean < 200 ms, max < 2 s of CPU at every level after warm-up; unloaded means are 5-50 ms)', () => {
    gen!.generate(5, makeRng(0, key)); // warm-up: dictionary index, JIT
    for (const level of LEVELS) {
      const times: number[] = [];
      for (let seed = 100; seed < 110; seed++) {
        times.push(cpuMs(() => gen!.generate(level, makeRng(seed, key))).ms);
      }
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      expect(mean, `level ${level} mean`).toBeLessThan(200);
      expect(Math.max(...times), `level ${level} max`).toBeLessThan(2000);
    }
  });
});

describe('wordladder common words', () => {
  it('are ladder-list words of the stated length, without duplicates (the official check looks up start and target)', () => {
    for (const len of [3, 4, 5] as const) {
      const list = COMMON_WORDS[len];
      expect(new Set(list).size).toBe(list.length);
      for (const w of list) {
        expect(w).toHaveLength(len);
        expect(isLadderWord(w), w).toBe(true);
      }
    }
  });
});

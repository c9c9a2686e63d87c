// defineTask owns what every verifier shares — answer extraction, the one length cap, the catch-all — and the one
// failure policy: a response the verifier cannot judge scores 0 and carries `fault`, it never throws. Checked on a
// toy definition (each branch) and on every registered task (an unusable state is a fault everywhere), plus the
// folder template the registry is built from.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instanceForVerify } from '../../src/dataset/generate.js';
import { makeRng } from '../../src/tasks/common/rng.js';
import { defineTask, faultResult, MAX_ANSWER_CHARS, runVerifier } from '../../src/tasks/define.js';
import { TASKS } from '../../src/tasks/registry.js';
import { bad, ok, result, type Level, type TaskInstance } from '../../src/tasks/types.js';

const TASKS_DIR = join(__dirname, '../../src/tasks');

/** A toy task: the state is {target: n}, the answer an integer; `check` throws on 13 to play a checker bug. */
const seen: string[] = [];
const toy = defineTask({
  key: 'toy',
  officialName: 'Toy',
  category: 'algorithms',
  needsInitialState: true,
  parseState: (raw) => {
    const t = (raw as { target?: unknown } | null)?.target;
    if (typeof t !== 'number') throw new Error('toy state needs {"target": n}');
    return { target: t };
  },
  parseAnswer: (text) => {
    seen.push(text);
    return /^\d+$/.test(text) ? ok(Number(text)) : bad(`"${text}" is not a number`);
  },
  check: (state, n) => {
    if (n === 13) throw new Error('unlucky');
    return n === state.target ? result(true, 'hit') : result(false, `${n} is not ${state.target}`);
  },
  generate: {
    describeLevel: () => 'toy',
    generate: () => ({ instance: { question: '', questionLanguage: '', answer: 1, initialState: null }, svgs: [], trace: '' }),
  },
});
const inst = (initialState: unknown): TaskInstance => ({
  task: 'toy',
  question: 'q',
  questionLanguage: 'q',
  answer: 7,
  initialState,
  difficulty: 1,
  images: [],
});

describe('defineTask', () => {
  it('extracts the final answer, parses it, checks it', () => {
    expect(toy.verify(inst({ target: 7 }), 'so \\boxed{7}')).toEqual({ reward: 1, correct: true, reason: 'hit' });
    expect(toy.verify(inst({ target: 7 }), 'Answer: 8')).toEqual({ reward: 0, correct: false, reason: '8 is not 7' });
    expect(toy.verify(inst({ target: 7 }), '\\boxed{seven}')).toEqual({ reward: 0, correct: false, reason: '"seven" is not a number' });
  });

  it('one message for a missing answer, and no fault: the model simply stated none', () => {
    for (const response of ['', 'no box here', '\\boxed{}', '\\boxed{  }']) {
      expect(toy.verify(inst({ target: 7 }), response)).toEqual({ reward: 0, correct: false, reason: 'no final answer found (expected \\boxed{...})' });
    }
  });

  it('refuses answers over the one cap before the task parser sees them', () => {
    seen.length = 0;
    const long = '1'.repeat(MAX_ANSWER_CHARS + 1);
    expect(toy.verify(inst({ target: 7 }), `\\boxed{${long}}`)).toEqual({
      reward: 0,
      correct: false,
      reason: `final answer is ${MAX_ANSWER_CHARS + 1} characters long; at most ${MAX_ANSWER_CHARS} allowed`,
    });
    expect(seen).toEqual([]);
    // At the cap itself the parser runs.
    expect(toy.verify(inst({ target: 7 }), `\\boxed{${'1'.repeat(MAX_ANSWER_CHARS)}}`).reason).toMatch(/ is not 7$/);
  });

  it('a checker that throws is a fault: reward 0, the message kept, never an exception', () => {
    expect(toy.verify(inst({ target: 7 }), '\\boxed{13}')).toEqual({
      reward: 0,
      correct: false,
      reason: 'verifier error: unlucky',
      fault: 'verifier error: unlucky',
    });
  });

  it('an initial_state that does not parse is a fault, whatever the response', () => {
    const want = faultResult('initial_state unusable: toy state needs {"target": n}');
    for (const response of ['\\boxed{7}', '', 'x'.repeat(1 << 20)]) expect(toy.verify(inst('garbage'), response)).toEqual(want);
  });

  it('a non-string response (from JavaScript callers) is read as text, not thrown on', () => {
    expect(toy.verify(inst({ target: 7 }), 7 as unknown as string).reason).toBe('no final answer found (expected \\boxed{...})');
  });
});

describe('runVerifier: the same policy for any verifier', () => {
  it('turns a throw or an out-of-range reward into a fault and passes good verdicts through', () => {
    const i = inst({ target: 7 });
    expect(
      runVerifier(
        () => {
          throw new Error('bug');
        },
        i,
        'x',
      ),
    ).toEqual(faultResult('verifier error: bug'));
    expect(runVerifier(() => ({ reward: NaN, correct: false, reason: '' }), i, 'x').fault).toBe('verifier error: reward NaN is outside [0, 1]');
    expect(runVerifier(() => ({ reward: 2, correct: true, reason: '' }), i, 'x').fault).toBe('verifier error: reward 2 is outside [0, 1]');
    expect(runVerifier(toy.verify, i, '\\boxed{7}')).toEqual({ reward: 1, correct: true, reason: 'hit' });
  });
});

describe('every registered task follows the policy', () => {
  it.each(TASKS.filter((t) => t.needsInitialState).map((t) => [t.key, t] as const))('%s: an unusable initial_state is a fault, not a throw', (_key, spec) => {
    const r = spec.verify({ ...inst(42), task: spec.key }, '\\boxed{1}');
    expect(r).toMatchObject({ reward: 0, correct: false });
    expect(r.fault).toMatch(/^initial_state unusable: /);
    expect(r.reason).toBe(r.fault);
  });
});

describe('render: the image is the state', () => {
  // The image is what a model reads and the state what the verifier checks; drawing the parsed state must give the
  // generator's own image, so the two can never disagree.
  it.each(TASKS.filter((t) => t.render).map((t) => [t.key, t] as const))('%s: render(parseState(initial_state)) is the generated image', (_key, spec) => {
    for (const level of [1, 2, 3, 4, 5] as Level[]) {
      const g = spec.generator!.generate(level, makeRng(level, spec.key));
      const inst = instanceForVerify(spec, g, level, []);
      expect(spec.render!(spec.parseState ? spec.parseState(inst.initialState) : inst.initialState)).toBe(g.svgs[0]);
    }
  });

  it('the tasks that draw their image from the state alone declare render', () => {
    // Not the graph tasks (the drawing's layout is not in the state), bridges (the state has no grid size),
    // minesweeper (its state is optional), shingoki and tapa (the record lists circles/clues in another order than
    // the generator draws them: the same picture, other SVG bytes), isomorphism, max_flow and wordsearch.
    expect(
      TASKS.filter((t) => t.render)
        .map((t) => t.key)
        .sort(),
    ).toEqual([
      '24_points',
      'aquarium',
      'binairo',
      'calcudoku',
      'campsite',
      'crypto_math',
      'eulero',
      'futoshiki',
      'hanoi',
      'hitori',
      'kakuro',
      'kukurasu',
      'maze',
      'nibbles',
      'nonogram',
      'numbrix',
      'skyscrapers',
      'slidingpuzzle',
      'snake',
      'sokoban',
      'sudoku',
      'wordladder',
    ]);
  });
});

describe('the folder template', () => {
  const folders = readdirSync(TASKS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'common' && d.name !== 'render')
    .map((d) => d.name)
    .sort();
  // Task-specific helpers beyond the template, each named for what it holds.
  const EXTRA = new Set(['kakuro/layout.ts', 'isomorphism/pairs.ts', 'wordladder/graph.ts', 'wordladder/common-words.ts']);
  const TEMPLATE = new Set(['index.ts', 'state.ts', 'verify.ts', 'generate.ts', 'solve.ts', 'render.ts']);

  it('one folder per registered task, in the registry under its folder name', () => {
    expect(TASKS.map((t) => t.key).sort()).toEqual(folders);
    expect(folders).toHaveLength(42);
  });

  it.each(folders)('%s: index.ts exports `task`, generate.ts exists, files follow the template', async (folder) => {
    const mod = (await import(/* @vite-ignore */ join(TASKS_DIR, folder, 'index.ts'))) as Record<string, unknown>;
    expect(Object.keys(mod)).toContain('task');
    expect(TASKS).toContain(mod.task);
    expect(existsSync(join(TASKS_DIR, folder, 'generate.ts'))).toBe(true);
    const odd = readdirSync(join(TASKS_DIR, folder)).filter((f) => !TEMPLATE.has(f) && !EXTRA.has(`${folder}/${f}`));
    expect(odd).toEqual([]);
  });

  it('keeps the registry order (a task position numbers its records): graphs, algorithms, puzzles, games', () => {
    const order = ['graphs', 'algorithms', 'puzzles', 'games'];
    const cats = TASKS.map((t) => order.indexOf(t.category));
    expect(cats).toEqual([...cats].sort((a, b) => a - b));
    expect([TASKS[0].key, TASKS[8].key, TASKS[17].key, TASKS[36].key, TASKS[41].key]).toEqual(['shortest_path', '24_points', 'aquarium', 'sokoban', 'nibbles']);
  });
});

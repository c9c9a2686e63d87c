import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval } from '../../src/cli/commands/eval.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import type { Io } from '../../src/cli/commands/verify.js';
import { accuracyTable, formatAccuracyTable, scoreResponse } from '../../src/eval/scoring.js';
import type { ScoredItem } from '../../src/eval/scoring.js';
import { extractAnswer } from '../../src/tasks/common/extract.js';
import { makeRng } from '../../src/tasks/common/rng.js';
import { TASKS } from '../../src/tasks/registry.js';
import { FIXTURES } from '../tasks/robustness-fixtures.js';
import { result } from '../../src/tasks/types.js';
import type { Level, TaskInstance, TaskSpec } from '../../src/tasks/types.js';

// A fake exact-match task and one whose verifier throws (a bug the scorer must contain).
const EXACT: TaskSpec = {
  key: 'exact_task',
  officialName: 'ExactTask',
  category: 'algorithms',
  needsInitialState: false,
  verify: (inst, text) => {
    const got = extractAnswer(text);
    return got === String(inst.answer) ? result(true, 'matches the reference') : result(false, `expected ${String(inst.answer)}, got ${got}`);
  },
};
const THROWS: TaskSpec = {
  key: 'buggy_task',
  officialName: 'BuggyTask',
  category: 'games',
  needsInitialState: false,
  verify: () => {
    throw new Error('boom');
  },
};
const findTask = (n: string): TaskSpec | undefined => [EXACT, THROWS].find((t) => t.key === n || t.officialName === n);

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ahpo-verify-'));
}

const line = (o: Record<string, unknown>): string => JSON.stringify(o);

describe('runVerify', () => {
  it('writes one JSON line per record, a per-task summary on stderr, exit 0 however many are wrong', async () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      [
        line({ index: 'a', category: 'ExactTask', answer: 12, response: 'so \\boxed{12}', difficulty: '1' }),
        line({ index: 'b', task: 'exact_task', answer: '5', response: '\\boxed{6}', difficulty: '2' }),
        line({ category: 'BuggyTask', answer: 'x', response: 'y', difficulty: 3 }),
      ].join('\n'),
    );
    const io = capture();
    expect(await runVerify({ input }, io, { findTask })).toBe(0);
    const rows = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual([
      { index: 'a', task: 'exact_task', correct: true, reward: 1, reason: 'matches the reference' },
      { index: 'b', task: 'exact_task', correct: false, reward: 0, reason: 'expected 5, got 6' },
      { index: 3, task: 'buggy_task', correct: false, reward: 0, reason: 'verifier error: boom' }, // index = line
    ]);
    expect(io.err).toContain('3 record(s) verified: 1 correct, 2 wrong (33.3% correct); 0 malformed');
    expect(io.err).toContain('exact_task: 1/2 correct');
    expect(io.err).toContain('buggy_task: 0/1 correct');
    expect(io.err).toMatch(/1 verifier fault\(s\) scored 0.*\n  buggy_task: verifier error: boom\n/);
  });

  it('exits 2 when a record is malformed, names its line, and still verifies the rest', async () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, [line({ category: 'ExactTask', answer: 1, response: '\\boxed{1}' }), 'oops', line({ category: 'ExactTask', answer: 1 })].join('\n'));
    const io = capture();
    expect(await runVerify({ input }, io, { findTask })).toBe(2);
    expect(io.out.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/malformed record .*in\.jsonl:2: line is not valid JSON/);
    expect(io.err).toMatch(/malformed record .*in\.jsonl:3: record has no 'response'/);
    expect(io.err).toContain('2 malformed');
  });

  it('never overwrites --out without --force', async () => {
    const dir = tmp();
    const input = join(dir, 'annotations.json');
    writeFileSync(input, JSON.stringify([{ category: 'ExactTask', answer: 1, response: '\\boxed{1}' }]));
    const out = join(dir, 'results.jsonl');
    writeFileSync(out, 'precious\n');
    await expect(runVerify({ input, out }, capture(), { findTask })).rejects.toThrow(/already exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    expect(await runVerify({ input, out, force: true }, capture(), { findTask })).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ index: 0, correct: true });
  });

  it('does not read its own --out as records when it lies inside the input folder', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), line({ category: 'ExactTask', answer: 1, response: '\\boxed{1}' }));
    const out = join(dir, 'results.jsonl');
    expect(await runVerify({ input: dir, out }, capture(), { findTask })).toBe(0);
    expect(await runVerify({ input: dir, out, force: true }, capture(), { findTask })).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('leaves no --out behind when --input does not exist', async () => {
    const dir = tmp();
    const out = join(dir, 'r.jsonl');
    await expect(runVerify({ input: join(dir, 'missing.jsonl'), out }, capture(), { findTask })).rejects.toThrow(/does not exist/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('accuracy table', () => {
  const item = (task: string, level: Level, correct: boolean): ScoredItem => ({ task, level, reward: correct ? 1 : 0, correct, reason: '' });

  it('overall = mean of per-task accuracies, not of items', () => {
    // task a: 3/4 (L1 2/2, L2 1/2); task b: 0/1 → overall (0.75 + 0) / 2, while the item share is 3/5.
    const t = accuracyTable([item('a', 1, true), item('a', 1, true), item('a', 2, true), item('a', 2, false), item('b', 5, false)]);
    expect(t.rows.map((r) => [r.task, r.accuracy, r.total.n])).toEqual([
      ['a', 0.75, 4],
      ['b', 0, 1],
    ]);
    expect(t.rows[0].levels[2]).toEqual({ n: 2, correct: 1, rewardSum: 1 });
    expect(t.overall).toBeCloseTo(0.375, 12);
    const text = formatAccuracyTable(t);
    expect(text).toMatch(/^a\s+100\.0\s+50\.0\s+-\s+-\s+-\s+75\.0\s+4$/m);
    expect(text).toMatch(/^b\s+-\s+-\s+-\s+-\s+0\.0\s+0\.0\s+1$/m);
    expect(text).toContain('overall (mean of 2 per-task accuracies): 37.50%  [3/5 items correct]');
  });

  it('counts verifier faults per task and prints each faulting task once, with its first message', () => {
    const fault = (task: string, msg: string): ScoredItem => ({ ...item(task, 2, false), reason: msg, fault: msg });
    const t = accuracyTable([
      item('a', 1, true),
      fault('b', 'verifier error: x'),
      fault('b', 'verifier error: y'),
      item('b', 1, true),
      fault('c', 'initial_state unusable: z'),
    ]);
    expect(t.verifierFaults).toBe(3);
    expect(t.rows.map((r) => [r.task, r.faults, r.firstFault])).toEqual([
      ['a', 0, undefined],
      ['b', 2, 'verifier error: x'],
      ['c', 1, 'initial_state unusable: z'],
    ]);
    // A fault scores 0: b is 1/3, not 1/1.
    expect(t.rows[1].accuracy).toBeCloseTo(1 / 3, 12);
    const text = formatAccuracyTable(t);
    expect(text).toContain('WARNING: 3 verifier fault(s) scored 0');
    expect(text).toContain('\n  b: 2 fault(s), first: verifier error: x\n  c: 1 fault(s), first: initial_state unusable: z');
    expect(text).not.toContain('verifier error: y');
    expect(formatAccuracyTable(accuracyTable([item('a', 1, true)]))).not.toContain('WARNING');
  });

  it('contains a throwing verifier', () => {
    const inst: TaskInstance = { task: 'buggy_task', question: '', questionLanguage: '', answer: 1, initialState: null, difficulty: 1, images: [] };
    expect(scoreResponse(THROWS, inst, 'x')).toMatchObject({ reward: 0, correct: false, reason: 'verifier error: boom', fault: 'verifier error: boom' });
  });
});

describe('runEval (model-free)', () => {
  it('pairs responses by (task, index), scores missing ones 0, and prints the table', async () => {
    const dir = tmp();
    const data = [1, 2, 3, 4].map((i) => ({ index: `q${i}`, category: 'ExactTask', answer: i, difficulty: String(i <= 2 ? 1 : 3) }));
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(data));
    const responses = join(dir, 'resp.jsonl');
    writeFileSync(
      responses,
      [
        line({ index: 'q1', response: '\\boxed{1}' }),
        line({ index: 'q2', task: 'exact_task', response: '\\boxed{0}' }),
        line({ index: 'q3', category: 'ExactTask', response: 'Answer: 3' }),
        line({ index: 'zz', response: '1' }), // matches nothing: reported, exit 2
      ].join('\n'),
    );
    const io = capture();
    expect(await runEval({ dataset: dir, responses }, io, { findTask })).toBe(2);
    expect(io.err).toMatch(/resp\.jsonl:4: no dataset record with index "zz"/);
    expect(io.err).toContain('1 dataset record(s) had no response');
    expect(io.out).toMatch(/^exact_task\s+50\.0\s+-\s+50\.0\s+-\s+-\s+50\.0\s+4$/m);
    const json = capture();
    await runEval({ dataset: dir, responses, json: true }, json, { findTask });
    expect(JSON.parse(json.out)).toMatchObject({ overall: 0.5, n: 4, correct: 2, missing: 1, malformed: 1 });
  });
});

// The real CLI on real registered tasks, with official-shaped records (category names, Python-literal and text
// states): right answers pass, a wrong one fails, a malformed one is named by line, and the exit code is 2.
describe('ahpo verify (real CLI, real tasks)', () => {
  it('verifies official-shaped records end to end', () => {
    const dir = tmp();
    const records = [
      { index: 'p1', category: '24Points', initial_state: "{'numbers': [1, 2, 3, 4]}", answer: '1*2*3*4', difficulty: '1', response: 'so \\boxed{(1+2+3)*4}' },
      {
        index: 'h1',
        category: 'hanoi',
        initial_state: '[[3, 2], [], [1]]',
        answer: '(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)',
        difficulty: '2',
        response: '\\boxed{(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)}',
      },
      { index: 'm1', category: 'maze', initial_state: FIXTURES.maze.initial_state, answer: 'down', difficulty: 1, response: '\\boxed{up}' },
      { index: 'bad', category: '24Points', answer: '1', response: '1' },
    ];
    const input = join(dir, 'records.jsonl');
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(dir, 'results.jsonl');
    const run = spawnSync(process.execPath, ['bin/ahpo.js', 'verify', '--input', input, '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(2);
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.index, r.task, r.correct])).toEqual([
      ['p1', '24_points', true],
      ['h1', 'hanoi', true],
      ['m1', 'maze', false],
    ]);
    expect(rows[2].reason).toMatch(/wall/);
    expect(run.stderr).toMatch(/records\.jsonl:4: task 24_points needs 'initial_state'/);
    expect(run.stderr).toContain('3 record(s) verified: 2 correct, 1 wrong (66.7% correct); 1 malformed');
    const again = spawnSync(process.execPath, ['bin/ahpo.js', 'verify', '--input', input, '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--force/);
  }, 150_000);
});

describe('ahpo eval (real CLI, real tasks)', () => {
  it('prints the task × level table and the mean of per-task accuracies', () => {
    const dir = tmp();
    const data = [
      { index: 'p1', category: '24Points', initial_state: { numbers: [1, 2, 3, 4] }, answer: '1*2*3*4', difficulty: '1' },
      { index: 'p2', category: '24Points', initial_state: { numbers: [1, 2, 3, 4] }, answer: '1*2*3*4', difficulty: '2' },
      { index: 'h1', category: 'hanoi', initial_state: '[[3, 2], [], [1]]', answer: '(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)', difficulty: '1' },
    ];
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(data));
    const responses = join(dir, 'responses.jsonl');
    const resp = [
      { index: 'p1', response: '\\boxed{4*3*2*1}' },
      { index: 'p2', response: '\\boxed{1+2+3+4}' },
      { index: 'h1', response: '\\boxed{(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)}' },
    ];
    writeFileSync(responses, resp.map((r) => JSON.stringify(r)).join('\n'));
    const run = spawnSync(process.execPath, ['bin/ahpo.js', 'eval', '--dataset', dir, '--responses', responses], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^24_points\s+100\.0\s+0\.0\s+-\s+-\s+-\s+50\.0\s+2$/m);
    expect(run.stdout).toMatch(/^hanoi\s+100\.0\s+-\s+-\s+-\s+-\s+100\.0\s+1$/m);
    expect(run.stdout).toContain('overall (mean of 2 per-task accuracies): 75.00%  [2/3 items correct]');
  }, 150_000);
});

// The real CLI, end to end, with the first registered task that has a generator (once such tasks exist): generator
// traces end in \boxed{answer} and must pass their own verifier, so every record must come back correct.
const generating = TASKS.find((t) => t.generator);
describe.skipIf(!generating)('ahpo verify (real CLI, registered task)', () => {
  it('verifies generated traces as correct and exits 0', () => {
    const spec = generating as TaskSpec;
    const gen = spec.generator as NonNullable<TaskSpec['generator']>;
    const dir = tmp();
    const lines = ([1, 2] as Level[]).map((level) => {
      const g = gen.generate(level, makeRng(7, spec.key));
      const rec = {
        index: level,
        task: spec.key,
        answer: g.instance.answer,
        initial_state: g.instance.initialState,
        difficulty: String(level),
        response: g.trace,
      };
      return JSON.stringify(rec);
    });
    writeFileSync(join(dir, 'r.jsonl'), lines.join('\n') + '\n');
    const run = spawnSync(process.execPath, ['bin/ahpo.js', 'verify', '--input', join(dir, 'r.jsonl')], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('2 record(s) verified: 2 correct');
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.index, r.task, r.correct])).toEqual([
      [1, spec.key, true],
      [2, spec.key, true],
    ]);
  }, 150_000);
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeStateValue, formatLocation, parseDifficulty, readRecords } from '../../src/dataset/records.js';
import type { ReadOptions } from '../../src/dataset/records.js';
import { result } from '../../src/tasks/types.js';
import type { TaskSpec } from '../../src/tasks/types.js';

// Fake tasks keep these tests independent of which real verifiers exist yet.
const ECHO: TaskSpec = {
  key: 'echo_task',
  officialName: 'EchoTask',
  category: 'algorithms',
  needsInitialState: true,
  verify: (inst, text) => result(text.trim() === String(inst.answer), 'compared with the reference'),
};
const GRID: TaskSpec = {
  key: 'grid_task',
  officialName: 'GridTask',
  category: 'puzzles',
  needsInitialState: true,
  parseState: (raw) => {
    if (typeof raw === 'string' && /^[.#\n]+$/.test(raw)) return raw.split('\n');
    if (raw !== null && typeof raw === 'object' && 'grid' in raw) return raw;
    throw new Error(`expected a '.#' text block or {grid}, got ${JSON.stringify(raw)}`);
  },
  verify: () => result(true, 'ok'),
};
const MATCH_ONLY: TaskSpec = {
  key: 'match_task',
  officialName: 'match_only',
  category: 'graphs',
  needsInitialState: false,
  parseState: () => {
    throw new Error('never parses');
  },
  verify: () => result(false, 'no'),
};
const FAKES = [ECHO, GRID, MATCH_ONLY];
const findTask = (name: string): TaskSpec | undefined => FAKES.find((t) => t.key === name.toLowerCase() || t.officialName.toLowerCase() === name.toLowerCase());
const OPTS: ReadOptions = { findTask };

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ahpo-records-'));
}

function rec(extra: Record<string, unknown>): Record<string, unknown> {
  return { index: 'i', category: 'EchoTask', question: 'q', question_language: 'ql', answer: '7', initial_state: { n: 1 }, difficulty: '2', ...extra };
}

describe('decodeStateValue: every initial_state shape', () => {
  it('passes objects and lists through, decodes JSON and Python-literal strings, keeps text blocks', () => {
    expect(decodeStateValue({ numbers: [1, 2] })).toEqual({ numbers: [1, 2] });
    expect(
      decodeStateValue([
        [1, 0],
        [0, 1],
      ]),
    ).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(decodeStateValue('{"numbers": [4, 6, 8, 1]}')).toEqual({ numbers: [4, 6, 8, 1] });
    expect(decodeStateValue("{'grid': [(0, 1), (2, 3)], 'start': None, 'ok': True}")).toEqual({
      grid: [
        [0, 1],
        [2, 3],
      ],
      start: null,
      ok: true,
    });
    expect(decodeStateValue('"{\\"a\\": [1]}"')).toEqual({ a: [1] }); // JSON string holding JSON
    const maze = '#####\n#S..#\n#..E#\n#####';
    expect(decodeStateValue(maze)).toBe(maze);
    expect(decodeStateValue('5 3 0 0 7')).toBe('5 3 0 0 7');
    expect(decodeStateValue(undefined)).toBeNull();
    expect(decodeStateValue('None')).toBeNull();
    // Text blocks that happen to read as a number or boolean stay text.
    const digits = '530070000600195000098000060800060003400803001700020006060000280000419005000080079';
    expect(decodeStateValue(digits)).toBe(digits);
    expect(decodeStateValue('1')).toBe('1');
    expect(decodeStateValue('True')).toBe('True');
  });

  it('reads difficulty as "1".."5" or a number; anything else warns', () => {
    const warnings: string[] = [];
    expect(parseDifficulty('4')).toBe(4);
    expect(parseDifficulty(2)).toBe(2);
    expect(parseDifficulty('medium')).toBe(3);
    expect(parseDifficulty('9', (w) => warnings.push(w))).toBe(3);
    expect(warnings[0]).toMatch(/difficulty "9" is not 1..5/);
  });
});

describe('readRecords', () => {
  it('reads a JSON list (annotations.json) with category names and all state shapes into TaskInstances', () => {
    const dir = tmp();
    const list = [
      rec({ index: 'a', initial_state: { n: 1 }, difficulty: '1' }),
      rec({ index: 'b', initial_state: '[1, 2, 3]', difficulty: 5 }),
      rec({ index: 'c', initial_state: "{'pairs': [(1, 2)], 'x': None}" }),
      rec({ index: 'd', category: 'GridTask', initial_state: '#.#\n..#' }),
      rec({ index: 'e', task: 'grid_task', category: 'ignored', initial_state: "{'grid': [[0]]}" }),
      rec({ index: 'f', category: 'match_only', initial_state: null, answer: 'Yes' }),
    ];
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(list));
    const res = readRecords(join(dir, 'annotations.json'), OPTS);
    expect(res.malformed).toEqual([]);
    expect(res.records.map((r) => r.instance.initialState)).toEqual([{ n: 1 }, [1, 2, 3], { pairs: [[1, 2]], x: null }, ['#.#', '..#'], { grid: [[0]] }, null]);
    const first = res.records[0].instance;
    expect(first).toMatchObject({ task: 'echo_task', question: 'q', questionLanguage: 'ql', answer: '7', difficulty: 1, index: 'a' });
    expect(res.records[1].instance.difficulty).toBe(5);
    expect(res.records.map((r) => r.spec.key)).toEqual(['echo_task', 'echo_task', 'echo_task', 'grid_task', 'grid_task', 'match_task']);
    expect(formatLocation(res.records[2].location)).toMatch(/annotations\.json\[2\]$/);
  });

  it('reports malformed JSONL records with line numbers and reads the rest', () => {
    const dir = tmp();
    const lines = [
      JSON.stringify(rec({ index: 1, response: '7' })), // 1 ok
      '{"broken": ', // 2 not JSON
      '', // 3 blank: skipped, not malformed
      JSON.stringify(rec({ index: 4, answer: undefined, response: '7' })), // 4 no answer
      JSON.stringify(rec({ index: 5, category: 'Nope', response: '7' })), // 5 unknown task
      JSON.stringify(rec({ index: 6, category: 'GridTask', initial_state: 'not a grid!', response: '' })), // 6 state
      JSON.stringify(rec({ index: 7 })), // 7 no response
      JSON.stringify(rec({ index: 8, initial_state: null, response: '7' })), // 8 needed state missing
      JSON.stringify(rec({ index: 9, category: 'match_only', initial_state: 'junk', response: 'x', difficulty: 'x' })), // 9 ok + warnings
      '[1, 2]', // 10 not an object
    ];
    writeFileSync(join(dir, 'r.jsonl'), lines.join('\n') + '\n');
    const res = readRecords(join(dir, 'r.jsonl'), { ...OPTS, requireResponse: true });
    expect(res.records.map((r) => r.instance.index)).toEqual([1, 9]);
    expect(res.malformed.map((m) => m.location.line)).toEqual([2, 4, 5, 6, 7, 8, 10]);
    const reasons = res.malformed.map((m) => m.reason);
    expect(reasons[0]).toMatch(/not valid JSON/);
    expect(reasons[1]).toMatch(/no 'answer'/);
    expect(reasons[2]).toMatch(/unknown task 'Nope'/);
    expect(reasons[3]).toMatch(/initial_state of task grid_task does not parse: expected a '\.#' text block/);
    expect(reasons[4]).toMatch(/no 'response'/);
    expect(reasons[5]).toMatch(/needs 'initial_state'/);
    expect(reasons[6]).toMatch(/not a JSON object/);
    // A match-verified task's unreadable state and an odd difficulty are warnings, not malformations.
    expect(res.warnings.map((w) => w.location.line)).toEqual([9, 9]);
    expect(res.records[1].response).toBe('x');
  });

  it('reads a folder: every annotations.json and *.jsonl under it', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'echo'));
    mkdirSync(join(dir, 'grid'));
    writeFileSync(join(dir, 'echo', 'annotations.json'), JSON.stringify([rec({ index: 'e1' })]));
    writeFileSync(join(dir, 'grid', 'records.jsonl'), JSON.stringify(rec({ index: 'g1', task: 'grid_task', initial_state: '..' })) + '\n');
    writeFileSync(join(dir, 'grid', 'notes.json'), '{"not": "records"}');
    const res = readRecords(dir, OPTS);
    expect(res.records.map((r) => r.instance.index)).toEqual(['e1', 'g1']);
  });

  it('resolves images relative to the record file, broken paths by basename, and rejects escapes', () => {
    const outside = tmp();
    const dir = join(outside, 'dataset');
    mkdirSync(join(dir, 'maze', 'images'), { recursive: true });
    mkdirSync(join(dir, 'iso', 'images'), { recursive: true });
    writeFileSync(join(dir, 'maze', 'images', 'm1.png'), 'png');
    writeFileSync(join(dir, 'iso', 'images', 'g1.png'), 'png');
    writeFileSync(join(dir, 'iso', 'images', 'g2.png'), 'png');
    writeFileSync(join(outside, 'secret.png'), 'not yours');
    const records = [
      rec({ index: 'ok', image: 'images/m1.png' }),
      rec({ index: 'broken', image: '/home/someone/out/maze/images/m1.png' }), // official absolute, wrong machine
      rec({ index: 'list', image: ['../iso/images/g1.png', 'output/iso/images/g2.png'] }),
      rec({ index: 'escape', image: '../../secret.png' }),
      rec({ index: 'abs-escape', image: join(outside, 'secret.png') }),
      rec({ index: 'missing', image: 'images/none.png' }),
    ];
    writeFileSync(join(dir, 'maze', 'annotations.json'), JSON.stringify(records));
    const res = readRecords(dir, OPTS);
    expect(res.malformed).toEqual([]); // image problems never make a record malformed
    const images = Object.fromEntries(res.records.map((r) => [r.instance.index, r.instance.images]));
    expect(images.ok).toEqual(['maze/images/m1.png']);
    expect(images.broken).toEqual(['maze/images/m1.png']);
    expect(images.list).toEqual(['iso/images/g1.png', 'iso/images/g2.png']);
    expect(images.escape).toEqual([]);
    expect(images['abs-escape']).toEqual([]);
    expect(images.missing).toEqual(['maze/images/none.png']);
    const warned = res.warnings.map((w) => `${w.location.arrayIndex}: ${w.reason}`);
    expect(warned.filter((w) => /outside the dataset folder/.test(w)).map((w) => w[0])).toEqual(['3', '4']);
    expect(warned.some((w) => /^5: image 'images\/none.png' not found/.test(w))).toBe(true);
  });

  it('without checkImages touches no files but still rejects escapes', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.jsonl'), [rec({ image: 'img/x.png' }), rec({ image: '../x.png' })].map((r) => JSON.stringify(r)).join('\n'));
    const res = readRecords(join(dir, 'a.jsonl'), { ...OPTS, checkImages: false });
    expect(res.records.map((r) => r.instance.images)).toEqual([['img/x.png'], []]);
    expect(res.warnings[0].reason).toMatch(/outside the dataset folder/);
  });

  it('reports a whole-file JSON error once and a missing input clearly', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'annotations.json'), '[{"a": 1},');
    const res = readRecords(join(dir, 'annotations.json'), OPTS);
    expect(res.records).toEqual([]);
    expect(res.malformed).toHaveLength(1);
    expect(res.malformed[0].reason).toMatch(/not a valid JSON list/);
    expect(() => readRecords(join(dir, 'nope.jsonl'), OPTS)).toThrow(/does not exist/);
  });
});

describe('readRecords with real registered tasks', () => {
  it('reads every initial_state shape of official records and the verifiers accept the references', () => {
    const dir = tmp();
    const maze = '+-+-+-+\n|0 0 E|\n+ +-+-+\n|0|0 S|\n+ +-+ +\n|0 0 0|\n+-+-+-+';
    const list = [
      { index: 'obj', category: '24Points', initial_state: { numbers: [1, 2, 3, 4] }, answer: '1*2*3*4', difficulty: '1' },
      { index: 'json', category: '24Points', initial_state: '{"numbers": [1, 2, 3, 4]}', answer: '1*2*3*4', difficulty: '1' },
      { index: 'py', task: '24_points', initial_state: "{'numbers': (1, 2, 3, 4)}", answer: '1*2*3*4', difficulty: 2 },
      { index: 'hanoi', category: 'hanoi', initial_state: '[[3, 2], [], [1]]', answer: '(2,2) (1,2) (3,3) (1,1) (2,3) (1,3)', difficulty: '3' },
      { index: 'text', category: 'maze', initial_state: maze, answer: 'down left left up up right right', difficulty: '1' },
    ];
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify(list));
    const res = readRecords(dir);
    expect(res.malformed).toEqual([]);
    for (const r of res.records) {
      const answer = String(r.instance.answer);
      expect(r.spec.verify(r.instance, `\\boxed{${answer}}`).correct, `${String(r.instance.index)}`).toBe(true);
    }
  });
});

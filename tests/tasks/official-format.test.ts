// Issue 21: what the official MM-HELIX pipeline (VLMEvalKit) reads and accepts. Word ladders only through words of
// the official dictionary, word-search answers in the `WORD DIR @ (x, y)` order its evaluator parses, and records
// with `question_text`, `metric_info`, a file-wide `index` and questions without the final-answer line, while
// records in the older layout still read and prompt exactly as before.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/data/problems.js';
import { isLadderWord, isWord } from '../../src/tasks/common/dictionary.js';
import {
  LEVELS,
  MAX_PER_LEVEL,
  answerText,
  generateChecked,
  generateDataset,
  instanceForVerify,
  instanceSeed,
  recordIndex,
} from '../../src/dataset/generate.js';
import { BOXED_INSTRUCTION, buildPrompt, withoutBoxedInstruction } from '../../src/tasks/prompt.js';
import { parseRecordsText, readRecords } from '../../src/dataset/records.js';
import { TASKS, getTask } from '../../src/tasks/registry.js';
import { DEFAULT_SCORE_FUNCTION, SCORE_FUNCTIONS, metricInfo } from '../../src/dataset/score-functions.js';
import type { Level, TaskInstance } from '../../src/tasks/types.js';
import { COMMON_WORDS } from '../../src/tasks/wordladder/common-words.js';
import { parseLadder } from '../../src/tasks/wordladder/verify.js';
import { wordLadderVerifier } from '../../src/tasks/wordladder/index.js';
import { parsePlacements } from '../../src/tasks/wordsearch/verify.js';
import { occurrences } from './boxed-prompt.js';

const scratch = mkdtempSync(join(tmpdir(), 'ahpo-official-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const boxed = (s: string): string => `Reasoning...\n\\boxed{${s}}`;
function ladderInstance(start: string, target: string): TaskInstance {
  return { task: 'wordladder', question: '', questionLanguage: '', answer: null, difficulty: 1, images: [], initialState: { start, target } };
}

describe('wordladder: only words the official dictionary holds', () => {
  const spec = getTask('wordladder');

  it('generates ladders whose every word, start and target included, is in the ladder list', () => {
    for (const level of LEVELS) {
      for (let i = 0; i < 6; i++) {
        const g = generateChecked(spec, level, instanceSeed(11, spec.key, level, i));
        const words = parseLadder(answerText(g.instance.answer));
        expect(words.length, `L${level} #${i}`).toBeGreaterThanOrEqual(2);
        for (const w of words) expect(isLadderWord(w), `L${level} #${i}: ${w}`).toBe(true);
        const inst = instanceForVerify(spec, g, level, []);
        expect(spec.verify(inst, boxed(answerText(g.instance.answer))).correct).toBe(true);
      }
    }
  });

  it('picks start and target only from common words in the ladder list', () => {
    for (const len of [3, 4, 5] as const) expect(COMMON_WORDS[len].filter((w) => !isLadderWord(w))).toEqual([]);
  });

  it('the default verifier rejects a rung outside the list; the broad-list option accepts it', () => {
    const inst = ladderInstance('cab', 'ten');
    const ladder = '["cab", "tab", "teb", "ten"]'; // issue 21's level-1 example: teb is SCOWL-only
    const strict = spec.verify(inst, boxed(ladder));
    expect(strict.correct).toBe(false);
    expect(strict.reason).toMatch(/'teb' is not in the dictionary/);
    expect(wordLadderVerifier(isWord)(inst, boxed(ladder)).correct).toBe(true);
    expect(spec.verify(inst, boxed('cab -> tab -> tan -> ten')).correct).toBe(true);
  });

  it('looks the start and target up too, as the official check does', () => {
    const inst = ladderInstance('has', 'his');
    const r = spec.verify(inst, boxed('has -> his'));
    expect(r.correct).toBe(false);
    expect(r.reason).toMatch(/'has' \(the start word\) is not in the dictionary/);
    expect(wordLadderVerifier(isWord)(inst, boxed('has -> his')).correct).toBe(true);
  });
});

describe('wordsearch: answers in the order the official evaluator parses', () => {
  const spec = getTask('wordsearch');
  // The form the official regex reads: word, direction, whitespace, '@', then the 1-based (x, y).
  const OFFICIAL_FORM = /^[A-Z]+ (?:N|S|E|W|NE|NW|SE|SW) @ \(\d+, \d+\)$/;

  it('writes the reference, the trace answer and the question format as WORD DIR @ (x, y)', () => {
    for (const level of LEVELS) {
      const g = generateChecked(spec, level, instanceSeed(11, spec.key, level, 0));
      const answer = String(g.instance.answer);
      expect(answer).toMatch(OFFICIAL_FORM);
      expect(g.trace.trimEnd().endsWith(`\\boxed{${answer}}`)).toBe(true);
      for (const q of [g.instance.question, g.instance.questionLanguage]) {
        expect(q).toContain('WORD DIRECTION @ (x, y)');
        expect(q).not.toMatch(/\(x, y\) @|\(\d+, \d+\) @/);
      }
    }
  });

  it('parses and accepts both WORD DIR @ (x, y) and WORD DIR (x, y) @ in responses', () => {
    for (const level of LEVELS) {
      const g = generateChecked(spec, level, instanceSeed(12, spec.key, level, 0));
      const inst = instanceForVerify(spec, g, level, []);
      const m = /^([A-Z]+) (\w+) @ \((\d+), (\d+)\)$/.exec(String(g.instance.answer))!;
      const [word, dir, x, y] = [m[1], m[2], Number(m[3]), Number(m[4])];
      const newForm = `${word} ${dir} @ (${x}, ${y})`;
      const oldForm = `${word} ${dir} (${x}, ${y}) @`;
      for (const form of [newForm, oldForm]) {
        expect(parsePlacements(form)).toEqual([{ word, dir, x, y }]);
        expect(spec.verify(inst, boxed(form)).correct, form).toBe(true);
      }
      // A shifted start still fails in either order.
      expect(spec.verify(inst, boxed(`${word} ${dir} @ (${x + 1}, ${y})`)).correct).toBe(false);
    }
  });
});

describe('records: fields the official pipeline reads', () => {
  const out = join(scratch, 'gen');
  // Listed in the order a folder is read back (sorted paths), so records line up with reading order.
  const tasks = ['maze', 'wordladder', 'wordsearch'];
  let generated: Promise<Record<string, unknown>[]> | null = null;
  const read = (): Promise<Record<string, unknown>[]> =>
    (generated ??= generateDataset({ tasks, levels: [1, 2], perLevel: 2, seed: 11, outDir: out, sizePx: 112 }).then(() =>
      tasks.flatMap((t) =>
        readFileSync(join(out, t, 'records.jsonl'), 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
    ));

  it('carries question_text and metric_info, an index unique across files, and bare questions', async () => {
    const recs = await read();
    // Not 0..3 in each file: task position, level and instance number, so unique however the files are merged.
    const expected = tasks.flatMap((t) => [1, 2].flatMap((l) => [0, 1].map((i) => recordIndex(TASKS.indexOf(getTask(t)), l as Level, i))));
    expect(recs.map((r) => r.index)).toEqual(expected);
    expect(new Set(expected).size).toBe(12);
    for (const r of recs) {
      expect(r).not.toHaveProperty('question_language');
      expect(typeof r.question_text).toBe('string');
      expect(JSON.parse(r.metric_info as string)).toEqual({ score_function: SCORE_FUNCTIONS[r.task as string] });
      for (const q of [r.question, r.question_text] as string[]) expect(q).not.toContain(BOXED_INSTRUCTION);
    }
    expect(new Set(recs.map((r) => JSON.parse(r.metric_info as string).score_function))).toEqual(
      new Set(['wordladder_evaluator', 'wordsearch_evaluator', 'maze_evaluator']),
    );
  }, 120_000);

  it('numbers records the same whatever else a run generates, and refuses a --per-level it cannot number', async () => {
    const recs = await read();
    const alone = join(scratch, 'alone');
    await generateDataset({ tasks: ['wordsearch'], levels: [2], perLevel: 3, seed: 11, outDir: alone, sizePx: 112 });
    const lines = readFileSync(join(alone, 'wordsearch', 'records.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const before = recs.filter((r) => r.task === 'wordsearch' && r.difficulty === '2');
    expect(lines.slice(0, 2)).toEqual(before); // same index, same record: a larger run is a superset
    expect(recordIndex(3, 5, 42)).toBe(3_500_042);
    await expect(generateDataset({ tasks: ['maze'], levels: [1], perLevel: MAX_PER_LEVEL + 1, seed: 0, outDir: alone })).rejects.toThrow(
      /--per-level must be an integer in \[1, 100000\]/,
    );
  }, 120_000);

  it('round-trips: question_text reads back as the text question; the prompt adds the boxed line exactly once', async () => {
    const recs = await read();
    const res = readRecords(out, { checkImages: false });
    expect(res.malformed).toEqual([]);
    expect(res.records.map((r) => r.instance.index)).toEqual(recs.map((r) => r.index));
    res.records.forEach((r, i) => {
      expect(r.instance.questionLanguage).toBe(recs[i].question_text);
      expect(r.instance.question).toBe(recs[i].question);
      for (const variant of ['image', 'text'] as const) {
        const text = buildPrompt(r.instance, variant).text;
        expect(occurrences(text, BOXED_INSTRUCTION)).toBe(1);
        expect(text.endsWith(`\n\n${BOXED_INSTRUCTION}`)).toBe(true);
      }
      expect(r.spec.verify(r.instance, boxed(answerText(r.instance.answer))).correct).toBe(true);
    });
  }, 120_000);
});

describe('records: the older layout still reads and prompts as before', () => {
  const old = {
    index: 0,
    category: 'WordLadder',
    task: 'wordladder',
    image: 'images/x.png',
    question: `Find a ladder (image).\n\n${BOXED_INSTRUCTION}`,
    question_language: `Find a ladder from cat to dog.\n${BOXED_INSTRUCTION}`,
    answer: '["cat", "cot", "cog", "dog"]',
    initial_state: { start_word: 'cat', target_word: 'dog' },
    difficulty: '1',
  };

  it('reads question_language when question_text is absent, and prefers question_text when both are there', () => {
    const a = parseRecordsText(JSON.stringify(old), join(scratch, 'old.jsonl'), { checkImages: false });
    expect(a.malformed).toEqual([]);
    expect(a.records[0].instance.questionLanguage).toBe(old.question_language);
    const both = { ...old, question_text: 'Text question.' };
    const b = parseRecordsText(JSON.stringify(both), join(scratch, 'both.jsonl'), { checkImages: false });
    expect(b.records[0].instance.questionLanguage).toBe('Text question.');
  });

  it('keeps the prompt of a question that already ends with the boxed line byte-identical (line not doubled)', () => {
    const file = join(scratch, 'old.jsonl');
    writeFileSync(file, JSON.stringify(old) + '\n');
    const rec = readRecords(file, { checkImages: false }).records[0];
    expect(buildPrompt(rec.instance, 'image').text).toBe(old.question);
    expect(buildPrompt(rec.instance, 'text').text).toBe(old.question_language);
    expect(rec.spec.verify(rec.instance, boxed('cat -> cot -> cog -> dog')).correct).toBe(true);
  });

  it('counts an old record and its new-layout twin as the same problem (content hash without the boxed line)', () => {
    const bare = withoutBoxedInstruction(old.question_language);
    expect(bare).toBe('Find a ladder from cat to dog.');
    expect(contentHash('wordladder', old.question_language, old.answer)).toBe(contentHash('wordladder', bare, old.answer));
    expect(withoutBoxedInstruction('no instruction here\n')).toBe('no instruction here\n');
  });
});

describe('score functions', () => {
  // The keys of VLMEvalKit's MM-HELIX `metrics` table.
  const OFFICIAL = new Set([
    'simple_str_match',
    'match_from_list',
    'sliding_puzzle_evaluator',
    'eulero_evaluator',
    'hanoi_evaluator',
    'maze_evaluator',
    'minesweeper_evaluator',
    'numbrix_evaluator',
    'sokoban_evaluator',
    'snake_evaluator',
    'wordsearch_evaluator',
    'hamiltonian_path_evaluator',
    'hamiltonian_cycle_evaluator',
    'eulerian_path_evaluator',
    'eulerian_cycle_evaluator',
    'topological_sort_evaluator',
    '24points_evaluator',
    'calcudoku_evaluator',
    'cryptomath_evaluator',
    'kukurasu_evaluator',
    'skyscrapers_evaluator',
    'wordladder_evaluator',
    'aquarium_evaluator',
    'binairo_evaluator',
    'campsite_evaluator',
    'futoshiki_evaluator',
    'hitori_evaluator',
    'nonogram_evaluator',
    'bridges_evaluator',
    'kakuro_evaluator',
    'shingoki_evaluator',
    'tapa_evaluator',
    'nibbles_evaluator',
    'connectivity_evaluator',
    'sudoku_evaluator',
  ]);

  it('names an official scorer for every registered task, and nothing else', () => {
    expect(Object.keys(SCORE_FUNCTIONS).sort()).toEqual(TASKS.map((t) => t.key).sort());
    for (const [task, fn] of Object.entries(SCORE_FUNCTIONS)) expect(OFFICIAL.has(fn), `${task}: ${fn}`).toBe(true);
    // Rule-based families get their own evaluator (answers other than the reference can be right).
    expect(SCORE_FUNCTIONS.wordladder).toBe('wordladder_evaluator');
    expect(SCORE_FUNCTIONS.slidingpuzzle).toBe('sliding_puzzle_evaluator');
    expect(SCORE_FUNCTIONS.shortest_path).toBe('simple_str_match');
  });

  it('writes metric_info as a JSON string and falls back to string match for unknown tasks', () => {
    expect(metricInfo({ key: 'hanoi' })).toBe('{"score_function":"hanoi_evaluator"}');
    expect(JSON.parse(metricInfo({ key: 'toy_sum' }))).toEqual({ score_function: DEFAULT_SCORE_FUNCTION });
  });
});

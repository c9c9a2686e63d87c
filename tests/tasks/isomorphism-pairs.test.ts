// Issue 21: graph isomorphism as the official scorer grades it. VLMEvalKit pairs the graph_isomorphism rows that share
// question_text (both right, or both 0; a row without a partner scores 0), so ahpo writes every instance as such a
// pair: the record and its partner, equal but for `index` and the image order. Checked here: the pair structure on
// disk, that every pair's answers and traces pass ahpo's verifier, and the pair rule in the accuracy table.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accuracyTable, evaluateResponses, formatAccuracyTable, scoreResponse, type ScoredItem } from '../../src/eval/scoring.js';
import { answerText, generateDataset, recordIndex } from '../../src/dataset/generate.js';
import { PAIR_INDEX_OFFSET, REVERSE_PREFIX, pairKeyOf, pairedScore, partnerImageNames, partnerIndex } from '../../src/tasks/isomorphism/pairs.js';
import { readRecords } from '../../src/dataset/records.js';
import { TASKS, getTask } from '../../src/tasks/registry.js';
import type { Level, TaskInstance } from '../../src/tasks/types.js';

const scratch = mkdtempSync(join(tmpdir(), 'ahpo-iso-pairs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const spec = getTask('isomorphism');
const LEVELS: Level[] = [1, 2, 3, 4, 5];
const PER_LEVEL = 3;
type Rec = Record<string, unknown> & { index: number; image: string[]; question_text: string; answer: string };

const readLines = (dir: string): Rec[] =>
  readFileSync(join(dir, 'isomorphism', 'records.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);

const out = join(scratch, 'gen');
let generated: Promise<Rec[]> | null = null;
const records = (): Promise<Rec[]> =>
  (generated ??= generateDataset({ tasks: ['isomorphism'], levels: LEVELS, perLevel: PER_LEVEL, seed: 21, outDir: out, sizePx: 112 }).then(() =>
    readLines(out),
  ));

describe('isomorphism records come in pairs', () => {
  it('writes each instance twice: every field equal but index and image, the partner showing the pictures reversed', async () => {
    const recs = await records();
    expect(recs).toHaveLength(LEVELS.length * PER_LEVEL * 2);
    const position = TASKS.indexOf(spec);
    for (let k = 0; k < recs.length; k += 2) {
      const [a, b] = [recs[k], recs[k + 1]];
      const level = LEVELS[Math.floor(k / 2 / PER_LEVEL)];
      expect(a.index).toBe(recordIndex(position, level, (k / 2) % PER_LEVEL));
      expect(b.index).toBe(a.index + PAIR_INDEX_OFFSET);
      const { index: _ia, image: _ma, ...restA } = a;
      const { index: _ib, image: _mb, ...restB } = b;
      expect(restB).toEqual(restA);
      expect(a.image).toHaveLength(2);
      expect(b.image).toEqual([a.image[1], a.image[0]].map((p) => p.replace('images/', `images/${REVERSE_PREFIX}`)));
      // The partner's pictures are copies of the first member's, so either record stands alone on disk.
      b.image.forEach((p, j) => expect(readFileSync(join(out, 'isomorphism', p)).equals(readFileSync(join(out, 'isomorphism', a.image[1 - j])))).toBe(true));
      // The image question holds for either order: the pictures carry their names, the question no position.
      expect(a.question).not.toMatch(/first image|second image/);
    }
    // VLMEvalKit groups by question_text: every text names exactly one pair.
    const groups = new Map<string, number>();
    for (const r of recs) groups.set(r.question_text, (groups.get(r.question_text) ?? 0) + 1);
    expect([...groups.values()]).toEqual(new Array(LEVELS.length * PER_LEVEL).fill(2));
    expect(new Set(recs.map((r) => r.answer))).toEqual(new Set(['Yes', 'No']));
    expect(readdirSync(join(out, 'isomorphism', 'images'))).toHaveLength(recs.length * 2);
  }, 120_000);

  it('is deterministic per seed, and a larger run starts with the same pairs', async () => {
    const recs = await records();
    const again = join(scratch, 'again');
    await generateDataset({ tasks: ['isomorphism'], levels: [1], perLevel: 2, seed: 21, outDir: again, sizePx: 112 });
    const small = readLines(again);
    expect(small).toEqual(recs.slice(0, 4));
    for (const r of small)
      for (const p of r.image) expect(readFileSync(join(again, 'isomorphism', p)).equals(readFileSync(join(out, 'isomorphism', p)))).toBe(true);
  }, 120_000);

  it('refuses a --per-level the partner index has no room for', async () => {
    await expect(
      generateDataset({ tasks: ['maze', 'isomorphism'], levels: [1], perLevel: PAIR_INDEX_OFFSET + 1, seed: 0, outDir: join(scratch, 'big') }),
    ).rejects.toThrow(/--per-level 50001 is too many for isomorphism: its records come in pairs/);
    expect(() => partnerIndex(5, PAIR_INDEX_OFFSET)).toThrow(/instance 50000 has no partner index/);
    expect(partnerImageNames(['images/a_0.png', 'images/a_1.png'])).toEqual(['images/reverse_a_1.png', 'images/reverse_a_0.png']);
  });

  it("every pair's reference answers and traces pass ahpo's verifier, so the pair rule scores the file 100%", async () => {
    const recs = await records();
    const read = readRecords(out);
    expect(read.malformed).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(read.records).toHaveLength(recs.length);
    const items: ScoredItem[] = [];
    read.records.forEach((r, k) => {
      for (const response of [`\\boxed{${answerText(r.instance.answer)}}`, recs[k].trace as string]) {
        const item = scoreResponse(r.spec, r.instance, response);
        expect(item.correct, `${r.instance.index}: ${item.reason}`).toBe(true);
        items.push(item);
      }
    });
    const table = accuracyTable(items.filter((_, j) => j % 2 === 0));
    expect(table.rows[0].paired).toEqual({ n: 30, pairs: 15, pairsCorrect: 15, unpaired: 0, untouched: 0, correct: 30, accuracy: 1 });
    expect(table.officialOverall).toBe(1);
  }, 120_000);

  it('`ahpo eval --responses` (model-free) reports the per-record and the pair-rule accuracy', async () => {
    const recs = await records();
    // Every record answered right, except the partner of the first pair (wrong) and of the second (missing).
    const flip = (a: string): string => (a === 'Yes' ? 'No' : 'Yes');
    const lines = recs
      .filter((r) => r !== recs[3])
      .map((r) => JSON.stringify({ index: r.index, response: `\\boxed{${r === recs[1] ? flip(r.answer) : r.answer}}` }));
    const responses = join(scratch, 'responses.jsonl');
    writeFileSync(responses, lines.join('\n') + '\n');
    const res = await evaluateResponses(join(out, 'isomorphism'), responses);
    expect(res.problems).toEqual([]);
    expect(res.missing).toBe(1);
    const row = res.table.rows[0];
    expect(row.total.correct).toBe(28);
    expect(row.accuracy).toBeCloseTo(28 / 30);
    expect(row.paired).toMatchObject({ pairs: 15, pairsCorrect: 13, unpaired: 0, correct: 26 });
    expect(res.table.officialOverall).toBeCloseTo(26 / 30);
    const text = formatAccuracyTable(res.table);
    expect(text).toContain('overall (mean of 1 per-task accuracies): 93.33%');
    expect(text).toContain('isomorphism: 86.7% [13/15 pairs both right, 0 without a partner]');
    expect(text).toContain('overall under the pair rule: 86.67%');
  }, 120_000);
});

describe("VLMEvalKit's pair rule", () => {
  const item = (task: string, correct: boolean, pairKey?: string): ScoredItem => ({
    task,
    level: 1,
    reward: correct ? 1 : 0,
    correct,
    reason: '',
    ...(pairKey === undefined ? {} : { pairKey }),
  });

  it('both right: 1 each; one wrong: 0 each; alone: 0; three or more, or no key: each keeps its score', () => {
    const items = [
      item('isomorphism', true, 'A'),
      item('isomorphism', true, 'A'),
      item('isomorphism', true, 'B'),
      item('isomorphism', false, 'B'),
      item('isomorphism', true, 'C'),
      item('isomorphism', true, 'D'),
      item('isomorphism', true, 'D'),
      item('isomorphism', false, 'D'),
      item('isomorphism', true),
      item('maze', true),
      item('maze', false),
    ];
    expect(pairedScore(items.slice(0, 9))).toEqual({ n: 9, pairs: 2, pairsCorrect: 1, unpaired: 1, untouched: 4, correct: 5, accuracy: 5 / 9 });
    const table = accuracyTable(items);
    const [iso, maze] = table.rows;
    expect(iso.accuracy).toBeCloseTo(7 / 9);
    expect(iso.paired?.accuracy).toBeCloseTo(5 / 9);
    expect(maze.paired).toBeUndefined();
    expect(table.overall).toBeCloseTo((7 / 9 + 1 / 2) / 2);
    expect(table.officialOverall).toBeCloseTo((5 / 9 + 1 / 2) / 2);
    expect(formatAccuracyTable(table)).toContain('isomorphism: 55.6% [1/2 pairs both right, 1 without a partner, 4 scored alone]');
  });

  it('an unpaired file (one record per instance, as before v4) scores 0 under the rule, and says why', () => {
    const table = accuracyTable([item('isomorphism', true, 'A'), item('isomorphism', true, 'B')]);
    expect(table.overall).toBe(1);
    expect(table.officialOverall).toBe(0);
    expect(formatAccuracyTable(table)).toMatch(
      /a record without its partner counts 0\):\n {2}isomorphism: 0\.0% \[0\/0 pairs both right, 2 without a partner\]/,
    );
  });

  it('without isomorphism items the table shows no pair section, and both overalls agree', () => {
    const table = accuracyTable([item('maze', true), item('maze', false)]);
    expect(table.officialOverall).toBe(table.overall);
    expect(formatAccuracyTable(table)).not.toContain('pair rule');
  });

  it('keys isomorphism items by their exact question_text, and no other task', () => {
    const inst = (questionLanguage: string): TaskInstance => ({
      task: 'isomorphism',
      question: 'q',
      questionLanguage,
      answer: 'Yes',
      initialState: null,
      difficulty: 1,
      images: [],
    });
    const score = (q: string): ScoredItem => scoreResponse(spec, inst(q), '\\boxed{Yes}');
    expect(score('G1 ... G2 ...').pairKey).toBe(score('G1 ... G2 ...').pairKey);
    expect(score('G1 ... G2 ...').pairKey).not.toBe(score('G1 ... G2 ... ').pairKey);
    expect(score('').pairKey).toBeUndefined();
    expect(pairKeyOf(getTask('maze'), 'G1 ... G2 ...')).toBeUndefined();
    expect(pairKeyOf({ officialName: 'graph_isomorphism' }, 'x')).toMatch(/^[0-9a-f]{16}$/);
  });
});

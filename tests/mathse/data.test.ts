// The growing data of a MathSE run: only verified, finished answers join it (de-duplicated, capped per prompt), it is
// written as official-format records that read back as the same prompts with their traces, and a record whose trace
// does not verify is refused before any SFT could train on it. Reflection prompts: which wrong answers, what the model
// is shown, and that a correction is judged on the original problem.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProblems } from '../../src/data/problems.js';
import type { CompletionRecord } from '../../src/eval/model-eval.js';
import { DEFAULT_TEMPLATE } from '../../src/mathse/config.js';
import { addPaths, checkData, countPaths, expertPaths, readData, writeData, writeImages, type Candidate } from '../../src/mathse/data.js';
import { verifierFeedback } from '../../src/mathse/feedback.js';
import { fillTemplate, reflectionItems, reflectionProblem, wrongAnswersToReflect } from '../../src/mathse/reflection.js';
import { expertProblems } from '../../src/mathse/run.js';
import { answerText } from '../../src/dataset/generate.js';
import { BOXED_INSTRUCTION, buildPrompt, withoutBoxedInstruction } from '../../src/tasks/prompt.js';
import { rasterize } from '../../src/tasks/render/raster.js';

const problems = loadProblems('gen:tasks=maze,levels=1-2,n=2,seed=7,style=short');
const boxed = (i: number) => `\\boxed{${answerText(problems[i].instance.answer)}}`;
const cand = (i: number, response: string, correct: boolean, extra: Partial<Candidate> = {}): Candidate => ({
  key: problems[i].key,
  response,
  correct,
  truncated: false,
  source: 'sample',
  ...extra,
});

describe('addPaths', () => {
  it('adds verified, finished answers only; drops duplicates of any path (white space aside); caps new paths per prompt', () => {
    const before = expertPaths(problems);
    const expert0 = problems[0].trace!;
    const { set, stats } = addPaths(
      before,
      [
        cand(0, boxed(0), true),
        cand(0, 'wrong', false),
        cand(0, boxed(0).replace('{', '{ '), true, { truncated: true }),
        cand(0, `  ${expert0.replace(/\n/g, ' \n ')}  `, true),
        cand(1, boxed(1), true, { source: 'reflection' }),
        cand(1, `I think\n${boxed(1)}`, true),
        cand(1, `Surely\n${boxed(1)}`, true),
      ],
      1,
      2,
    );
    expect(stats).toEqual({ added: 3, duplicates: 1, capped: 1, rejected: 2 });
    expect(set.get(problems[0].key)!.map((x) => [x.source, x.round])).toEqual([
      ['expert', 0],
      ['sample', 1],
    ]);
    expect(set.get(problems[1].key)!.map((x) => [x.source, x.trace])).toEqual([
      ['expert', problems[1].trace],
      ['reflection', boxed(1)],
      ['sample', `I think\n${boxed(1)}`],
    ]);
    // The data before the round is left as it was.
    expect(countPaths(before)).toBe(problems.length);
  });
});

describe('expertProblems (mathse.expertShare)', () => {
  it('keeps that share of the traced prompts, drawn by the seed, in training order', () => {
    expect(expertProblems(problems, 1, 0)).toEqual(problems);
    const half = expertProblems(problems, 0.5, 0);
    expect(half.length).toBe(2);
    expect(expertProblems(problems, 0.5, 0)).toEqual(half);
    expect(half.every((p, i) => i === 0 || problems.indexOf(p) > problems.indexOf(half[i - 1]))).toBe(true);
    expect(
      new Set(
        [0, 1, 2, 3, 4, 5].map((seed) =>
          expertProblems(problems, 0.5, seed)
            .map((p) => p.name)
            .join(),
        ),
      ).size,
    ).toBeGreaterThan(1);
  });
});

describe('data folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ahpo-mathse-data-'));

  it('are official-format records that read back as the same prompts (pixel-identical images) with every path', async () => {
    await writeImages(join(dir, 'images'), problems, 112);
    const { set } = addPaths(expertPaths(problems), [cand(2, boxed(2), true)], 1, 2);
    writeData(join(dir, 'round-1'), problems, set, join(dir, 'images'));
    const back = checkData(join(dir, 'round-1'), countPaths(set), () => undefined);
    expect(back.map((p) => p.trace)).toEqual([problems[0].trace, problems[1].trace, problems[2].trace, boxed(2), problems[3].trace]);
    const original = [0, 1, 2, 2, 3].map((i) => problems[i]);
    back.forEach((p, i) => {
      expect(buildPrompt(p.instance, 'both')).toEqual({
        ...buildPrompt(original[i].instance, 'both'),
        images: [expect.stringMatching(/^maze\/images\/p\d_0\.png$/)],
      });
      expect(p.instance.answer).toEqual(original[i].instance.answer);
    });
    expect(readFileSync(back[3].images[0].path!)).toEqual(await rasterize(problems[2].images[0].svg!, 112));
    const line = JSON.parse(readFileSync(join(dir, 'round-1', 'maze', 'records.jsonl'), 'utf8').split('\n')[3]);
    expect([line.index, line.category, line.source_key, line.trace_source, line.round]).toEqual([
      '2.1',
      problems[2].spec.officialName,
      problems[2].key,
      'sample',
      1,
    ]);
    expect(readData(join(dir, 'round-1'))).toEqual(set);
  });

  it('a record whose trace does not verify is refused before training', () => {
    const file = join(dir, 'round-1', 'maze', 'records.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines[3] = JSON.stringify({ ...JSON.parse(lines[3]), trace: '\\boxed{up up up up}' });
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(() => checkData(join(dir, 'round-1'), 5, () => undefined)).toThrow(
      /round-1: the trace of record maze\/2\.1 does not verify \(move \d \(up\) .*\); refusing to train on it/,
    );
  });
});

describe('reflection prompts', () => {
  const rec = (i: number, response: string, correct: boolean, reason = 'move 2 (down) crosses a wall at (0,1)'): CompletionRecord =>
    ({
      key: problems[i].key,
      hash: problems[i].hash,
      task: 'maze',
      level: 1,
      response,
      correct,
      reason,
      reward: correct ? 1 : 0,
      completionTokens: 3,
      truncated: false,
    }) as CompletionRecord;

  it('reflect on the first distinct wrong answers of prompts no sample solved', () => {
    const passes = [
      [rec(0, boxed(0), true), rec(1, 'a', false), rec(2, 'b', false)],
      [rec(0, 'c', false), rec(1, 'a', false), rec(2, 'd', false)],
    ];
    const picked = wrongAnswersToReflect(problems.slice(0, 3), passes, 2).map((w) => [w.problem.key, w.sample, w.record.response]);
    expect(picked).toEqual([
      [problems[1].key, 0, 'a'],
      [problems[2].key, 0, 'b'],
      [problems[2].key, 1, 'd'],
    ]);
    expect(wrongAnswersToReflect(problems.slice(0, 3), passes, 0)).toEqual([]);
  });

  it('show the question, the wrong answer and the feedback; are judged on the original problem under their own key', async () => {
    const p = problems[3];
    const [item] = await reflectionItems(1, [{ problem: p, sample: 1, record: rec(3, 'down down', false) }], async (_i, _r, v) => verifierFeedback(v));
    expect(item).toEqual({
      key: `${p.key}#reflect-r1-s1`,
      sourceKey: p.key,
      sample: 1,
      answer: 'down down',
      reason: 'move 2 (down) crosses a wall at (0,1)',
      truncated: false,
      feedback: { step: 2, text: 'The first error: move 2 (down) crosses a wall at (0,1).', source: 'verifier' },
    });
    const { problem, prompt } = reflectionProblem(p, item, DEFAULT_TEMPLATE);
    expect([problem.key, problem.id === p.id, problem.instance]).toEqual([item.key, false, p.instance]);
    const text = buildPrompt(prompt.instance, 'both').text;
    // The short question carries the final-answer line; it moves to the end of the reflection prompt.
    expect(p.instance.questionLanguage.trimEnd().endsWith(BOXED_INSTRUCTION)).toBe(true);
    expect(text).toBe(
      `${withoutBoxedInstruction(p.instance.questionLanguage).trimEnd()}\n\n` +
        'Here is an earlier answer to this problem:\ndown down\n\nA checker found it wrong. The first error: move 2 (down) crosses a wall at (0,1).\n' +
        'Reflect on that error, then solve the problem again from the start and give the corrected answer.\n\nThe final answer MUST BE enclosed within \\boxed{}.',
    );
    expect(p.spec.verify(problem.instance, p.trace!).correct).toBe(true);
    // Filled text is not read again: braces in an answer stay as they are.
    expect(fillTemplate('{answer}|{feedback}', { question: 'q', answer: '{feedback}', feedback: 'f' })).toBe('{feedback}|f');
  });
});

// The data-synthesis engine end to end: flags, determinism, --force protection, unknown-task errors, image
// sizes, prompts that never show initial_state, and the round trip generate → records.jsonl → readRecords →
// `ahpo verify` (runVerify in-process) with reference answers and with the traces as responses.
// Every test runs over the toy family plus every registered task that has a generator, so coverage grows as
// families land.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/commands/data.js';
import { progressReporter } from '../../src/cli/progress.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import {
  LEVELS,
  answerText,
  generateChecked,
  generateDataset,
  generatorTasks,
  instanceSeed,
  parseLevels,
  recordIndex,
  resolveGeneratorTasks,
} from '../../src/dataset/generate.js';
import { isPairScored, PAIR_INDEX_OFFSET } from '../../src/tasks/isomorphism/pairs.js';
import { BOXED_INSTRUCTION, buildPrompt } from '../../src/tasks/prompt.js';
import { readRecords } from '../../src/dataset/records.js';
import { DEFAULT_SCORE_FUNCTION, SCORE_FUNCTIONS } from '../../src/dataset/score-functions.js';
import { TASKS, findTask } from '../../src/tasks/registry.js';
import type { TaskSpec } from '../../src/tasks/types.js';
import { TOY_SUM } from './fixtures/toy-sum.js';

const POOL: TaskSpec[] = [...TASKS, TOY_SUM];
const GENERATORS = generatorTasks(POOL);
/** Records per instance: isomorphism writes each instance twice, as the pair the official scorer grades together. */
const copies = (spec: TaskSpec): number => (isPairScored(spec) ? 2 : 1);
const lookup = (name: string): TaskSpec | undefined => (['toy_sum', 'toysum'].includes(name.toLowerCase()) ? TOY_SUM : findTask(name));

const scratch = mkdtempSync(join(tmpdir(), 'ahpo-gen-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under dir, as relative path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

async function generateAll(out: string, force = false, tasks = ['all']): Promise<void> {
  await generateDataset({ tasks, levels: [...LEVELS], perLevel: 2, seed: 42, outDir: out, sizePx: 112, force, pool: POOL });
}

describe('flags', () => {
  it('parses level lists and ranges', () => {
    expect(parseLevels('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseLevels('3')).toEqual([3]);
    expect(parseLevels('1-2,4,2')).toEqual([1, 2, 4]);
    expect(() => parseLevels('0-6')).toThrow(/bad part '0-6'/);
    expect(() => parseLevels('4-2')).toThrow(/runs backwards/);
  });

  it('fails on an unknown task, listing the valid ones', () => {
    expect(() => resolveGeneratorTasks(['no_such_task'])).toThrow(/unknown task 'no_such_task'\. Valid tasks: /);
    expect(() => resolveGeneratorTasks(['toy_sum,bogus'], POOL)).toThrow(/Valid tasks: .*toy_sum/);
    if (TASKS.length > 0) expect(() => resolveGeneratorTasks(['nope'])).toThrow(new RegExp(TASKS[0].key));
  });

  it('fails on a known task without a generator, listing those with one', () => {
    const noGen = POOL.find((t) => !t.generator);
    if (noGen) expect(() => resolveGeneratorTasks([noGen.key], POOL)).toThrow(/has no generator yet\. Tasks with generators: .*toy_sum/);
    expect(resolveGeneratorTasks(['ToySum', 'toy_sum'], POOL)).toEqual([TOY_SUM]);
  });

  it('the CLI exits non-zero with the valid task list', () => {
    let stderr = '';
    let status = 0;
    try {
      execFileSync('node', ['bin/ahpo.js', 'data', 'generate', '--tasks', 'no_such_task', '--per-level', '1', '--out', join(scratch, 'cli')], {
        stdio: 'pipe',
      });
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
      status = (err as { status: number }).status;
    }
    expect(status).toBe(1);
    // One clear line, not the usage text and a stack.
    expect(stderr).toMatch(/^ahpo data generate: unknown task 'no_such_task'\. Valid tasks:/m);
    expect(stderr).not.toMatch(/Options:|at Object\.handler/);
  });

  it('derives instance seeds from (seed, task, level, index) only', () => {
    expect(instanceSeed(1, 'a', 1, 0)).toBe(instanceSeed(1, 'a', 1, 0));
    const seeds = new Set([
      instanceSeed(1, 'a', 1, 0),
      instanceSeed(2, 'a', 1, 0),
      instanceSeed(1, 'b', 1, 0),
      instanceSeed(1, 'a', 2, 0),
      instanceSeed(1, 'a', 1, 1),
    ]);
    expect(seeds.size).toBe(5);
  });
});

describe('generate', () => {
  const outA = join(scratch, 'a');
  const outB = join(scratch, 'b');

  it('writes byte-identical output for the same seed', async () => {
    await generateAll(outA);
    await generateAll(outB);
    const a = snapshot(outA);
    const b = snapshot(outB);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
    for (const spec of GENERATORS) expect(a.has(`${spec.key}/records.jsonl`)).toBe(true);
  }, 600_000);

  it('writes official field names, difficulty "1".."5", and images that decode at the stated size', async () => {
    const indices: unknown[] = [];
    for (const spec of GENERATORS) {
      const dir = join(outA, spec.key);
      const lines = readFileSync(join(dir, 'records.jsonl'), 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(LEVELS.length * 2 * copies(spec));
      for (const line of lines) {
        const r = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(r)).toEqual([
          'index',
          'category',
          'task',
          'image',
          'question',
          'question_text',
          'answer',
          'initial_state',
          'difficulty',
          'metric_info',
          'seed',
          'trace',
        ]);
        expect(r.category).toBe(spec.officialName);
        expect(['1', '2', '3', '4', '5']).toContain(r.difficulty);
        expect(JSON.parse(r.metric_info as string)).toEqual({ score_function: SCORE_FUNCTIONS[spec.key] ?? DEFAULT_SCORE_FUNCTION });
        indices.push(r.index);
        for (const img of Array.isArray(r.image) ? r.image : [r.image]) {
          const meta = await sharp(join(dir, img as string)).metadata();
          expect(meta.format).toBe('png');
          expect(Math.max(meta.width ?? 0, meta.height ?? 0), `${spec.key} ${img}`).toBe(112);
        }
      }
    }
    // One index space over all tasks (never restarting per task), numbered by task position, level and instance; an
    // isomorphism partner follows its first member, PAIR_INDEX_OFFSET further on.
    expect(new Set(indices).size).toBe(indices.length);
    expect(indices).toEqual(
      GENERATORS.flatMap((spec) =>
        LEVELS.flatMap((l) =>
          [0, 1].flatMap((i) => {
            const index = recordIndex(POOL.indexOf(spec), l, i);
            return copies(spec) === 2 ? [index, index + PAIR_INDEX_OFFSET] : [index];
          }),
        ),
      ),
    );
  }, 600_000);

  it('refuses to overwrite an existing task folder without --force, and replaces it with --force', async () => {
    const before = snapshot(outA);
    await expect(generateAll(outA)).rejects.toThrow(/output already exists: .*HINT: pass --force/);
    expect(snapshot(outA)).toEqual(before);
    const stale = join(outA, TOY_SUM.key, 'images', 'stale.png');
    writeFileSync(stale, 'old');
    await generateAll(outA, true, [TOY_SUM.key]);
    expect(() => statSync(stale)).toThrow();
    expect(snapshot(outA)).toEqual(before);
  }, 600_000);

  it('round-trips: records.jsonl → readRecords → verify passes for the reference and for the trace', async () => {
    const read = readRecords(outA, { findTask: lookup });
    expect(read.malformed).toEqual([]);
    expect(read.records).toHaveLength(GENERATORS.reduce((n, spec) => n + LEVELS.length * 2 * copies(spec), 0));
    const failures: string[] = [];
    const responses: string[] = [];
    for (const { spec, instance, location } of read.records) {
      const rec = JSON.parse(readFileSync(location.file, 'utf8').split('\n')[location.line! - 1]) as { trace: string };
      for (const response of [`\\boxed{${answerText(instance.answer)}}`, rec.trace]) {
        const v = spec.verify(instance, response);
        if (!v.correct) failures.push(`${spec.key} #${instance.index}: ${v.reason}`);
        responses.push(JSON.stringify({ ...JSON.parse(readFileSync(location.file, 'utf8').split('\n')[location.line! - 1]), response }));
      }
    }
    expect(failures).toEqual([]);
    const toyL5 = read.records.filter((r) => r.spec === TOY_SUM && r.instance.difficulty === 5);
    expect(toyL5.map((r) => r.instance.images.map((p) => p.replace(/^.*images\//, '')))).toEqual([
      ['toy_sum_L5_0_0.png', 'toy_sum_L5_0_1.png'],
      ['toy_sum_L5_1_0.png', 'toy_sum_L5_1_1.png'],
    ]);

    // The same records through `ahpo verify` (in-process), with `response` added to each line.
    const input = join(scratch, 'verify-input.jsonl');
    writeFileSync(input, responses.join('\n') + '\n');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runVerify({ input, out: undefined }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, { findTask: lookup, root: outA });
    expect(code, err.join('')).toBe(0);
    const results = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { correct: boolean; reason: string; task: string });
    expect(results).toHaveLength(responses.length);
    expect(results.filter((r) => !r.correct)).toEqual([]);
  }, 600_000);
});

describe('progress', () => {
  it('prints a plain line per 10% when stderr is not a terminal, and a bar on a terminal', () => {
    const lines: string[] = [];
    const fake = (isTTY: boolean) => ({ isTTY, write: (t: string) => lines.push(t) }) as unknown as NodeJS.WriteStream;
    let t = 0;
    const report = progressReporter('data generate', fake(false), () => (t += 1000));
    for (let i = 1; i <= 40; i++) report(i, 40, 'toy_sum');
    expect(lines).toHaveLength(11); // the first instance, then one line per further 10%
    expect(lines.at(-1)).toMatch(/^data generate: 40\/40 \(toy_sum\) \d+s elapsed, ETA 0s\n$/);
    lines.length = 0;
    const bar = progressReporter('data generate', fake(true), () => 0);
    bar(1, 2, 'toy_sum');
    bar(2, 2, 'toy_sum');
    expect(lines[0]).toMatch(/^\r\[#{15}\.{15}\] 1\/2/);
    expect(lines.at(-1)).toBe('\n');
  });

  it('summarises trace lengths per level', () => {
    const text = formatSummary([{ task: 'toy_sum', records: 2, images: 2, file: 'x', traceTokens: { 1: { count: 2, meanTokens: 10.4, maxTokens: 12 } } }]);
    expect(text).toMatch(/toy_sum\s+2\s+2\s+L1 10\/12/);
    expect(formatSummary([], 'qwen')).toMatch(/mean\/max \(qwen\)/);
  });
});

describe('traces', () => {
  for (const spec of GENERATORS) {
    it(`${spec.key}: a real trace (sections, steps) ending in the boxed answer, at every level`, () => {
      for (const level of LEVELS) {
        const g = generateChecked(spec, level, instanceSeed(9, spec.key, level, 0));
        const at = g.trace.lastIndexOf('\\boxed{');
        expect(at, `${spec.key} L${level}: no \\boxed{`).toBeGreaterThan(0);
        // The box closes the trace (answers may span lines, e.g. binairo rows).
        expect(g.trace.trimEnd().endsWith('}'), `${spec.key} L${level}`).toBe(true);
        // A bare \boxed{x} is not a trace: at least a rules line, a reading line and one step before the answer.
        const before = g.trace
          .slice(0, at)
          .split('\n')
          .filter((l) => l.trim().length > 0);
        expect(before.length, `${spec.key} L${level}`).toBeGreaterThanOrEqual(3);
      }
    });
  }
});

describe('model prompts', () => {
  for (const spec of GENERATORS) {
    it(`${spec.key}: never include initial_state, at every level`, () => {
      for (const level of LEVELS) {
        const g = generateChecked(spec, level, instanceSeed(5, spec.key, level, 0));
        const state = JSON.stringify(g.instance.initialState ?? null);
        for (const variant of ['image', 'text'] as const) {
          const question = variant === 'image' ? g.instance.question : g.instance.questionLanguage;
          const p = buildPrompt({ ...g.instance, images: ['x.png'] }, variant);
          // The prompt is the question plus the fixed instruction, added once here: nothing else can slip in.
          expect(question).not.toContain(BOXED_INSTRUCTION);
          expect(p.text).toBe(`${question.trimEnd()}\n\n${BOXED_INSTRUCTION}`);
          // A question may legitimately show the state as text; only then may its serialisation appear.
          if (state !== 'null' && !question.includes(state)) expect(p.text.includes(state), `${spec.key} L${level} ${variant}`).toBe(false);
          expect(p.images).toEqual(variant === 'image' ? ['x.png'] : []);
        }
      }
    });
  }

  it('rejects an empty question, naming the field', () => {
    expect(() => buildPrompt({ question: ' ', questionLanguage: 'q', images: ['a.png'] }, 'image')).toThrow(/question is empty/);
    expect(() => buildPrompt({ question: 'q', questionLanguage: '', images: [] }, 'text')).toThrow(/question_text is empty/);
  });
});

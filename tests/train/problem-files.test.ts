// RUN/problems/: a real (tiny) training run keeps the prompt, images and trace of every problem it logs or
// evaluates, once, and `ahpo board` serves them beside the completions. Record images are linked or copied into the
// run folder; a writer that restarts (resume) rewrites nothing and clears a killed writer's temporary files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runId } from '../../src/board/folders.js';
import { startBoard } from '../../src/board/server.js';
import { generateProblems, loadProblems } from '../../src/data/problems.js';
import { initBackend } from '../../src/runtime/backend.js';
import { generateDataset } from '../../src/dataset/generate.js';
import { buildPrompt } from '../../src/tasks/prompt.js';
import { loadConfig } from '../../src/train/config.js';
import { train } from '../../src/train/loop.js';
import { PROBLEMS_DIR, problemFileName, problemJsonPath, ProblemFiles, type ProblemFile } from '../../src/train/problem-files.js';

const read = (dir: string, key: string): ProblemFile => JSON.parse(readFileSync(join(dir, problemJsonPath(key)), 'utf8'));

beforeAll(async () => {
  await initBackend('wasm');
});

describe('problem files', () => {
  it('a training run writes each logged and evaluated problem once, and the board serves its image', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ahpo-problems-'));
    const cfg = loadConfig(
      undefined,
      Object.entries({
        'run.outDir': root,
        'run.name': 'tiny',
        'model.source': 'models/tiny-vl-base',
        'model.backend': 'wasm',
        'data.train': 'gen:tasks=maze,levels=1,n=4,seed=7,style=short',
        'data.eval': 'gen:tasks=maze,levels=2,n=3,seed=2001,style=short',
        'data.variant': 'both',
        'data.imageSize': 112,
        'ahpo.groupSize': 2,
        'rollout.maxNewTokens': 8,
        'train.steps': 2,
        'train.promptsPerStep': 2,
        'eval.every': 2,
        'eval.maxNewTokens': 4,
        'eval.batchSize': 3,
        'log.completionsEvery': 1,
        'log.completionsPerStep': 2,
        'checkpoint.every': 0,
      }),
    );
    const { dir } = await train(cfg, { log: () => undefined });
    const logged = readFileSync(join(dir, 'completions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; question: string });
    const evaluated = readFileSync(join(dir, 'eval', 'step-0.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string });
    expect(logged).toHaveLength(4);
    expect(evaluated).toHaveLength(3);
    const keys = [...new Set([...logged, ...evaluated].map((r) => r.key))];
    // One JSON and one SVG per problem, nothing else (no temporary files left).
    expect(readdirSync(join(dir, PROBLEMS_DIR)).sort()).toEqual(keys.flatMap((k) => [`${problemFileName(k)}.image0.svg`, `${problemFileName(k)}.json`]).sort());
    const problems = new Map(
      [
        ...generateProblems({ tasks: ['maze'], levels: [1], n: 4, seed: 7, style: 'short' }),
        ...generateProblems({ tasks: ['maze'], levels: [2], n: 3, seed: 2001, style: 'short' }),
      ].map((p) => [p.key, p]),
    );
    for (const key of keys) {
      const p = problems.get(key)!;
      const file = read(dir, key);
      expect(file).toMatchObject({ format: 1, key, name: p.name, task: 'maze', level: p.instance.difficulty, hash: p.hash, trace: p.trace });
      expect(file.prompt).toBe(buildPrompt(p.instance, 'both').text);
      expect(readFileSync(join(dir, file.images[0]), 'utf8')).toBe(p.images[0].svg);
    }
    // The completions line's question is the prompt's question (the variant's), without the answer-format line.
    expect(read(dir, logged[0].key).prompt.startsWith(logged[0].question.trimEnd())).toBe(true);

    const board = await startBoard({ dirs: [dir], host: '127.0.0.1', port: 0 });
    try {
      const page = (await (await fetch(`${board.url}api/runs/${runId(realpathSync(dir))}/completions`)).json()) as {
        total: number;
        items: { key: string; problem: { images: string[] } }[];
      };
      expect(page.total).toBe(4);
      const img = await fetch(new URL(page.items[0].problem.images[0], board.url));
      expect([img.status, img.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      expect(await img.text()).toBe(problems.get(page.items[0].key)!.images[0].svg);
    } finally {
      await board.close();
    }
  }, 240_000);

  it('links or copies record images, writes none for the text variant, and a restarted writer rewrites nothing', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ahpo-problems-records-'));
    await generateDataset({ tasks: ['maze'], levels: [1], perLevel: 2, seed: 3, outDir: data, sizePx: 64 });
    const records = loadProblems(join(data, 'maze', 'records.jsonl'));
    const run = mkdtempSync(join(tmpdir(), 'ahpo-problems-run-'));
    new ProblemFiles(run, 'image').write(records);
    for (const p of records) {
      const file = read(run, p.key);
      expect(file.images).toEqual([join(PROBLEMS_DIR, `${problemFileName(p.key)}.image0.png`)]);
      expect(readFileSync(join(run, file.images[0]))).toEqual(readFileSync(p.images[0].path!));
      expect(file.prompt).toBe(buildPrompt(p.instance, 'image').text);
    }
    const json = join(run, problemJsonPath(records[0].key));
    const mtime = statSync(json).mtimeMs;
    writeFileSync(`${json}.tmp-99999`, '{"half');
    new ProblemFiles(run, 'image').write(records);
    expect(statSync(json).mtimeMs).toBe(mtime);
    expect(existsSync(`${json}.tmp-99999`)).toBe(false);

    const text = mkdtempSync(join(tmpdir(), 'ahpo-problems-text-'));
    new ProblemFiles(text, 'text').write(records.slice(0, 1));
    expect(read(text, records[0].key).images).toEqual([]);
    expect(readdirSync(join(text, PROBLEMS_DIR))).toEqual([`${problemFileName(records[0].key)}.json`]);
    // Keys that differ only by source get different files.
    expect(problemFileName('maze/L2-3@gen:seed=7')).not.toBe(problemFileName('maze/L2-3@gen:seed=2001'));
    expect(problemFileName('maze/L2-3@gen:seed=7')).toMatch(/^maze_L2-3-[0-9a-f]{12}$/);
  });
});

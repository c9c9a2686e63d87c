import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QwenTokenizer } from '../../src/data/tokenizer.js';
import { generateProblems, parseGenSpec, type Problem } from '../../src/data/problems.js';
import { evaluateModel, readCompletions } from '../../src/eval/model-eval.js';
import { presetConfig } from '../../src/model/presets.js';
import { tokensOf } from '../../src/model/load.js';
import { preparePrompt } from '../../src/rollout/prepare.js';
import { DEFAULT_PROCESSOR_CONFIG } from '../../src/data/image.js';
import { KVCache } from '../../src/model/kv-cache.js';
import type { Policy, PreparedPrompt } from '../../src/rollout/policy.js';
import { initBackend } from '../../src/runtime/backend.js';
import { answerText } from '../../src/dataset/generate.js';

const tok = QwenTokenizer.fromDir();
const V = tok.vocabSize;
const EOS = tok.special.imEnd;

/**
 * A policy that "answers" every problem with its reference, token by token. Row identity survives the rollout's
 * row selection because the prefill stores each row's script index in the cache's key mask.
 */
function scriptedPolicy(scripts: Map<number, number[]>): Policy {
  const logitsFor = (tokens: number[]) => {
    const data = new Float32Array(tokens.length * V).fill(-20);
    tokens.forEach((t, r) => (data[r * V + t] = 20));
    return tf.tensor2d(data, [tokens.length, V]);
  };
  // The mask stores each row's index into `batchIds` (small integers: exact in float32, unlike 31-bit ids).
  let batchIds: number[] = [];
  const next = (cache: KVCache, step: number) => {
    const rows = Array.from(cache.keyMask!.dataSync()).filter((_, i) => i % cache.length === 0);
    return rows.map((r) => scripts.get(batchIds[r])![step] ?? EOS);
  };
  let step = 0;
  return {
    vocabSize: V,
    maxContext: 100_000,
    prefill: (prompts: readonly PreparedPrompt[]) => {
      const cache = new KVCache(0);
      batchIds = prompts.map((p) => p.id);
      const idMask = tf.tensor2d(
        prompts.map((_, i) => [i]),
        [prompts.length, 1],
      );
      cache.appendMask(idMask as tf.Tensor2D);
      idMask.dispose();
      step = 0;
      return { logits: logitsFor(next(cache, 0)) as tf.Tensor2D, cache, nextPositions: prompts.map((p) => p.ids.length) };
    },
    step: (tokens, _positions, cache) => {
      const one = tf.zeros([tokens.length, 1]);
      cache.appendMask(one as tf.Tensor2D);
      one.dispose();
      return logitsFor(next(cache, ++step)) as tf.Tensor2D;
    },
  };
}

function scriptsOf(problems: Problem[], wrong = new Set<string>()): Map<number, number[]> {
  return new Map(problems.map((p) => [p.id, [...tok.encode(`\\boxed{${wrong.has(p.name) ? 'nonsense' : answerText(p.instance.answer)}}`), EOS]]));
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('model-driven eval', () => {
  const problems = generateProblems(parseGenSpec('gen:tasks=24_points,maze,levels=1-2,n=3,seed=5'));
  const ctx = { tokenizer: tok, config: presetConfig('tiny-vl', tokensOf(tok), tok.vocabSize), imageSize: 112 };
  const prepare = (p: Problem) => preparePrompt(p, 'text', ctx);
  const base = {
    tokenizer: tok,
    problems,
    prepare,
    batchSize: 4,
    maxNewTokens: 64,
    temperature: 0,
    topK: 0,
    topP: 1,
    seed: 0,
    stopIds: [EOS],
    suppressIds: [],
  };

  it('scores generated answers per task × level; overall is the mean of per-task means', async () => {
    const wrong = new Set(['maze/L2-0', 'maze/L2-1']);
    const { records, table } = await evaluateModel({ ...base, policy: scriptedPolicy(scriptsOf(problems, wrong)) });
    expect(records).toHaveLength(12);
    expect(
      records
        .filter((r) => !r.correct)
        .map((r) => r.key)
        .sort(),
    ).toEqual([...wrong].map((n) => `${n}@gen:seed=5`).sort());
    const maze = table.rows.find((t) => t.task === 'maze')!;
    expect(maze.accuracy).toBeCloseTo(4 / 6, 9);
    expect(table.overall).toBeCloseTo((1 + 4 / 6) / 2, 9);
  });

  it('resumes: an interrupted run continues without redoing or duplicating problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-eval-'));
    const path = join(dir, 'completions.jsonl');
    const full = await evaluateModel({ ...base, policy: scriptedPolicy(scriptsOf(problems)), completionsPath: join(dir, 'ref.jsonl') });
    // Simulate a kill after the first batch, mid-way through writing a line.
    const lines = readFileSync(join(dir, 'ref.jsonl'), 'utf8').split('\n').slice(0, 4);
    writeFileSync(path, `${lines.join('\n')}\n{"task":"maz`);
    const prompted: number[] = [];
    const policy = scriptedPolicy(scriptsOf(problems));
    const spy: Policy = { ...policy, prefill: (p) => (prompted.push(...p.map((x) => x.id)), policy.prefill(p)) };
    const resumed = await evaluateModel({ ...base, policy: spy, completionsPath: path });
    expect(resumed.resumed).toBe(4);
    expect(prompted).toHaveLength(8);
    expect(resumed.records.map((r) => [r.key, r.correct])).toEqual(full.records.map((r) => [r.key, r.correct]));
    expect(readCompletions(path).size).toBe(12);
  });

  it('prompts carry the question text only, never initial_state', async () => {
    for (const p of problems) {
      const text = tok.decode((await prepare(p)).ids);
      expect(text).toContain(p.instance.questionLanguage.trim().slice(0, 40));
      const state = JSON.stringify(p.instance.initialState);
      if (state && state.length > 12) expect(text.includes(state)).toBe(false);
      expect(text).not.toContain('initial_state');
    }
  });

  it('the both variant carries the images and the text-only question', async () => {
    const vctx = { ...ctx, processor: DEFAULT_PROCESSOR_CONFIG };
    const p = problems.find((x) => x.spec.key === 'maze')!;
    const both = await preparePrompt(p, 'both', vctx);
    const image = await preparePrompt(p, 'image', vctx);
    expect(both.images).toHaveLength(1);
    expect(both.images![0].gridThw).toEqual([1, 8, 8]);
    const pads = both.ids.filter((t) => t === tok.special.imagePad).length;
    expect(pads).toBe(16);
    const text = tok.decode(both.ids);
    expect(text).toContain('The maze is represented in text format as follows:');
    expect(tok.decode(image.ids)).not.toContain('The maze is represented in text format as follows:');
    expect(text.includes(JSON.stringify(p.instance.initialState))).toBe(false);
  });
});

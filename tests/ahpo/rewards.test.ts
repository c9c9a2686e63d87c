import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lengthPenalty from '../../examples/rewards/length-penalty.js';
import { createRewardFn, loadRewardPlugin, loadRewardPlugins, RewardPluginError, resolvePluginPath, type RewardProblem } from '../../src/ahpo/rewards.js';
import type { TaskInstance, Verifier } from '../../src/tasks/types.js';

// A fake task: the answer is correct exactly when the response is 'yes'.
const verify: Verifier = (_i, response) => (response === 'yes' ? { reward: 1, correct: true, reason: 'ok' } : { reward: 0, correct: false, reason: 'wrong' });
const instance: TaskInstance = {
  task: 'maze',
  question: 'q',
  questionLanguage: 'q',
  answer: 'yes',
  initialState: null,
  difficulty: 1,
  images: [],
  index: 'L1-0',
};
const problem: RewardProblem = { key: 'maze/L1-0', spec: { verify }, instance };

let dir: string;
const plugins: Record<string, string> = {
  'half.mjs': `export function verify() { return { reward: 0.5, reason: 'half' }; }`,
  'default-fn.mjs': `export default function (instance, response) { return { reward: response.length > 3 ? 1 : 0 }; }`,
  'default-obj.mjs': `export default { verify: () => ({ reward: 0.25 }) };`,
  'no-verify.mjs': `export const score = () => 1; export const name = 'x';`,
  'throws.mjs': `export function verify() { throw new Error('boom'); }`,
  'nan.mjs': `export function verify() { return { reward: NaN }; }`,
  'async.mjs': `export async function verify() { return { reward: 1 }; }`,
  'broken.mjs': `export function verify( {`,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ahpo-rewards-'));
  for (const [name, src] of Object.entries(plugins)) writeFileSync(join(dir, name), src);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (module: string, weight = 1) => loadRewardPlugin({ module, weight }, dir);

describe('createRewardFn', () => {
  it('verifier only: the verifier reward and correctness', () => {
    const fn = createRewardFn({ verifierWeight: 1, plugins: [] });
    expect(fn(problem, 'yes')).toMatchObject({ reward: 1, verifierReward: 1, correct: true, reason: 'ok' });
    expect(fn(problem, 'no')).toMatchObject({ reward: 0, verifierReward: 0, correct: false, reason: 'wrong' });
  });

  it('weighted plug-in: Σ weight·reward, correctness from the verifier alone', async () => {
    // 0.5·1 + 0.4·0.5 = 0.7 for 'yes'; 0.5·0 + 0.4·0.5 = 0.2 for 'no' (still not correct).
    const fn = createRewardFn({ verifierWeight: 0.5, plugins: [await load('half.mjs', 0.4)] });
    const yes = fn(problem, 'yes');
    expect(yes.reward).toBeCloseTo(0.7, 12);
    expect(yes.correct).toBe(true);
    expect(yes.reason).toBe('ok; half.mjs: half');
    expect(yes.parts).toEqual([
      { source: 'verifier', weight: 0.5, reward: 1, reason: 'ok' },
      { source: 'half.mjs', weight: 0.4, reward: 0.5, reason: 'half' },
    ]);
    const no = fn(problem, 'no');
    expect(no.reward).toBeCloseTo(0.2, 12);
    expect(no.correct).toBe(false);
  });

  it('clips the total to [0, 1]', async () => {
    // 1 + 0.5 = 1.5 → 1; 0 − 0.5 = −0.5 → 0.
    const up = createRewardFn({ verifierWeight: 1, plugins: [await load('half.mjs', 1)] });
    expect(up(problem, 'yes').reward).toBe(1);
    const down = createRewardFn({ verifierWeight: 1, plugins: [await load('half.mjs', -1)] });
    expect(down(problem, 'no').reward).toBe(0);
    expect(down(problem, 'yes').reward).toBeCloseTo(0.5, 12);
  });

  it('accepts a default-exported function or object', async () => {
    const fn = createRewardFn({
      verifierWeight: 0,
      plugins: await loadRewardPlugins(
        [
          { module: 'default-fn.mjs', weight: 0.5 },
          { module: 'default-obj.mjs', weight: 1 },
        ],
        dir,
      ),
    });
    // 0.5·1 + 1·0.25 = 0.75 for a 4-character response; correct comes from the verifier even at weight 0.
    expect(fn(problem, 'nope')).toMatchObject({ reward: 0.75, correct: false });
  });

  it('a throwing or non-finite plug-in is an error naming the module and the problem', async () => {
    const thrower = createRewardFn({ verifierWeight: 1, plugins: [await load('throws.mjs')] });
    expect(() => thrower(problem, 'yes')).toThrow(RewardPluginError);
    expect(() => thrower(problem, 'yes')).toThrow(/reward plug-in throws\.mjs threw on problem maze\/L1-0: boom/);
    const nan = createRewardFn({ verifierWeight: 1, plugins: [await load('nan.mjs')] });
    expect(() => nan(problem, 'yes')).toThrow(/reward plug-in nan\.mjs on problem maze\/L1-0: reward must be a finite number, got NaN/);
    const asyncFn = createRewardFn({ verifierWeight: 1, plugins: [await load('async.mjs')] });
    expect(() => asyncFn(problem, 'yes')).toThrow(/async\.mjs on problem maze\/L1-0: returned a Promise/);
  });

  it('a verifier fault scores 0, is returned for the count and logged once per task, never thrown', async () => {
    // The failure policy (docs/verifiers.md): a verifier bug must not abort a training run, and must not hide either.
    const bad: RewardProblem = {
      ...problem,
      spec: {
        verify: () => {
          throw new Error('bug');
        },
      },
    };
    const nan: RewardProblem = {
      ...problem,
      key: 'hanoi/L1-0',
      instance: { ...instance, task: 'hanoi' },
      spec: { verify: () => ({ reward: NaN, correct: false, reason: '' }) },
    };
    const logged: string[] = [];
    const fn = createRewardFn({ verifierWeight: 1, plugins: [await load('half.mjs', 0.5)], log: (m) => logged.push(m) });
    const r = fn(bad, 'x');
    expect(r).toMatchObject({ verifierReward: 0, correct: false, verifierFault: 'verifier error: bug', reason: 'verifier error: bug; half.mjs: half' });
    expect(r.reward).toBeCloseTo(0.25, 12); // plug-ins still shape the reward: 1·0 + 0.5·0.5
    expect(fn(bad, 'y').verifierFault).toBe('verifier error: bug');
    expect(fn(nan, 'x')).toMatchObject({ verifierReward: 0, verifierFault: 'verifier error: reward NaN is outside [0, 1]' });
    expect(logged).toHaveLength(2); // one line per faulting task, however often it faults
    expect(logged[0]).toMatch(/^verifier fault in task maze \(problem maze\/L1-0\).*: verifier error: bug$/);
    expect(logged[1]).toMatch(/^verifier fault in task hanoi /);
    expect(fn(problem, 'yes').verifierFault).toBeUndefined();
    expect(() => createRewardFn({ verifierWeight: -1, plugins: [] })).toThrow(/verifierWeight/);
  });
});

describe('loading plug-ins', () => {
  it('a module without verify: clear error naming the module and the exports it has', async () => {
    await expect(load('no-verify.mjs')).rejects.toThrow(
      /reward plug-in no-verify\.mjs: expected an exported function verify\(instance, response\).*found exports: (score, name|name, score)/,
    );
  });

  it('a module that does not parse or does not exist', async () => {
    await expect(load('broken.mjs')).rejects.toThrow(/reward plug-in broken\.mjs: import of .*broken\.mjs failed/);
    await expect(load('missing.mjs')).rejects.toThrow(/reward plug-in missing\.mjs: file not found \(looked in .*missing\.mjs and .*missing\.mjs\)/);
    await expect(loadRewardPlugin({ module: 'half.mjs', weight: Infinity }, dir)).rejects.toThrow(/weight must be a finite number/);
  });

  it('resolves relative paths against the config folder, then the working directory', () => {
    expect(resolvePluginPath('half.mjs', dir)).toBe(join(dir, 'half.mjs'));
    expect(resolvePluginPath('examples/rewards/length-penalty.ts', dir)).toBe(join(process.cwd(), 'examples/rewards/length-penalty.ts'));
    expect(resolvePluginPath(join(dir, 'half.mjs'))).toBe(join(dir, 'half.mjs'));
  });
});

describe('examples/rewards/length-penalty.ts', () => {
  it('penalises long correct answers a little and leaves short ones alone', async () => {
    const plugin = await loadRewardPlugin({ module: 'examples/rewards/length-penalty.ts', weight: 1 }, dir);
    expect(plugin.verify).toBe(lengthPenalty.verify);
    const { FREE_CHARS, PER_CHAR, MAX_PENALTY } = lengthPenalty;
    const fn = createRewardFn({ verifierWeight: 1, plugins: [plugin] });
    const verifyLong: Verifier = () => ({ reward: 1, correct: true, reason: 'ok' });
    const long = { ...problem, spec: { verify: verifyLong } };
    expect(fn(long, 'x'.repeat(FREE_CHARS)).reward).toBe(1);
    // 100 characters over: 1 − 100·PER_CHAR = 0.99.
    expect(fn(long, 'x'.repeat(FREE_CHARS + 100)).reward).toBeCloseTo(1 - 100 * PER_CHAR, 12);
    const capped = fn(long, 'x'.repeat(FREE_CHARS + 100_000));
    expect(capped.reward).toBeCloseTo(1 - MAX_PENALTY, 12);
    expect(capped.correct).toBe(true);
    expect(fn(problem, 'no'.repeat(1000)).reward).toBe(0); // wrong stays 0 (clipped), never negative
  });
});

// Helpers for the verifier truth tables (tests/tasks/verify-*.test.ts): an instance shaped as an official record
// gives it, a response that boxes an answer after some reasoning, and checks that assert, on every call, that the
// reward is 1 exactly when the verdict is correct.
import { expect } from 'vitest';
import { getTask } from '../../src/tasks/registry.js';
import type { TaskInstance, VerifyResult } from '../../src/tasks/types.js';

export function inst(task: string, initialState: unknown, answer: unknown = null, question = ''): TaskInstance {
  return { task, question, questionLanguage: question, answer, initialState, difficulty: 1, images: [] };
}

export const boxed = (s: string): string => `Let me think.\n\\boxed{${s}}`;

/** The verdict of task (a key or an official name) on a response, for a state, question and reference answer. */
export function check(task: string, state: unknown, response: string, question = '', answer: unknown = null): VerifyResult {
  const spec = getTask(task);
  const r = spec.verify(inst(spec.key, state, answer, question), response);
  expect(r.reward).toBe(r.correct ? 1 : 0);
  return r;
}

/** The boxed answer is judged correct. */
export function ok(task: string, state: unknown, text: string, question = '', answer: unknown = null): void {
  expect(check(task, state, boxed(text), question, answer)).toMatchObject({ correct: true, reward: 1 });
}

/** The boxed answer is judged wrong, for the reason `why` names. */
export function bad(task: string, state: unknown, text: string, why: RegExp, question = '', answer: unknown = null): void {
  const r = check(task, state, boxed(text), question, answer);
  expect(r.correct).toBe(false);
  expect(r.reward).toBe(0);
  expect(r.reason).toMatch(why);
}

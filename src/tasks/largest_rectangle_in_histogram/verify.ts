// Rule-based: the integer answer is compared with the value recomputed from initial_state.heights (the official check
// string-matches the reference; we also accept "12.0", "+12" and thousands separators for the same integer).
import { guardVerifier, parseIntArrayState, verifyIntegerAnswer } from '../common/answer-shapes.js';
import { largestRectangle } from './solve.js';
import type { TaskInstance, VerifyResult } from '../types.js';

export const STATE_KEY = 'heights';

export const parseState = (raw: unknown): { heights: number[] } => ({ heights: parseIntArrayState(raw, STATE_KEY) });

export const verify = guardVerifier((instance: TaskInstance, response: string): VerifyResult =>
  verifyIntegerAnswer(response, largestRectangle(parseIntArrayState(instance.initialState, STATE_KEY)), 'largest rectangle area'),
);

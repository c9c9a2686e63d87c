// Rule-based: the integer answer is compared with the value recomputed from initial_state.height (the official check
// string-matches the reference; we also accept "12.0", "+12" and thousands separators for the same integer).
import { guardVerifier, parseIntArrayState, verifyIntegerAnswer } from '../common/answer-shapes.js';
import { trappedWater } from './solve.js';
import type { TaskInstance, VerifyResult } from '../types.js';

export const STATE_KEY = 'height';

export const parseState = (raw: unknown): { height: number[] } => ({ height: parseIntArrayState(raw, STATE_KEY) });

export const verify = guardVerifier((instance: TaskInstance, response: string): VerifyResult =>
  verifyIntegerAnswer(response, trappedWater(parseIntArrayState(instance.initialState, STATE_KEY)), 'trapped water'),
);

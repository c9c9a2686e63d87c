// Word-ladder state: the start and target words (and the reference ladder, which is never shown to a model).
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface WordLadderState {
  start: string;
  target: string;
}

/** Accepts {start_word, target_word[, solution]} (official), {start, target}, or its text form. */
export function parseWordLadderState(raw: unknown): WordLadderState {
  let v = raw;
  if (typeof v === 'string') v = tryParsePyLiteral(v.trim());
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const start = o.start_word ?? o.start;
    const target = o.target_word ?? o.target;
    if (typeof start === 'string' && typeof target === 'string' && /^[a-z]+$/i.test(start) && /^[a-z]+$/i.test(target)) {
      return { start: start.toLowerCase(), target: target.toLowerCase() };
    }
  }
  throw new Error('wordladder initial_state: expected {start_word, target_word}');
}

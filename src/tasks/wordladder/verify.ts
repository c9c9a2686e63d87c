// Word ladder verifier, rule-based like the official one: the path starts and ends on the asked words, changes
// exactly one letter per step, repeats no word and uses only dictionary words, start and target included (the
// official check looks every word up, so a puzzle whose endpoints are not in its dictionary has no accepted answer).
// The official dictionary is NLTK `words`; by default ours is the ladder list rebuilt from the same source
// (common/dictionary.ts, data/words/README.md), so both accept the same ladders. wordLadderVerifier(isWord) checks
// against the broader SCOWL list instead. Step-count hints are not enforced: the image-variant question does not
// state them and a shorter valid ladder is still a ladder.
import { isLadderWord } from '../common/dictionary.js';
import { extractAnswer } from '../common/extract.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type TaskInstance, type Verifier, type VerifyResult } from '../types.js';

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

/** The ladder words: a list literal, or words joined by arrows (->, →) or commas. Empty when none can be read. */
export function parseLadder(text: string): string[] {
  const t = text.replace(/\\text\{([^}]*)\}/g, '$1').replace(/\\(?:to|rightarrow)\b/g, '->').trim();
  const open = t.indexOf('[');
  if (open >= 0) {
    const lit = tryParsePyLiteral(t.slice(open, t.lastIndexOf(']') + 1));
    if (Array.isArray(lit) && lit.every((w) => typeof w === 'string')) return (lit as string[]).map((w) => w.trim().toLowerCase());
  }
  const sep = /->|→|=>/.test(t) ? /\s*(?:->|→|=>)\s*/ : /\s*,\s*|\s+/;
  return t
    .split(sep)
    .map((w) => w.replace(/^["'`*\s]+|["'`*.\s]+$/g, '').toLowerCase())
    .filter((w) => w.length > 0);
}

export function ladderViolation(path: string[], s: WordLadderState, inDictionary: (w: string) => boolean = isLadderWord): string | null {
  if (path.length < 2) return 'a ladder needs at least the start and the target word';
  if (path[0] !== s.start) return `the ladder must start with '${s.start}', not '${path[0]}'`;
  if (path[path.length - 1] !== s.target) return `the ladder must end with '${s.target}', not '${path[path.length - 1]}'`;
  const seen = new Set<string>();
  for (let i = 0; i < path.length; i++) {
    const w = path[i];
    if (!/^[a-z]+$/.test(w)) return `'${w}' is not a word of letters`;
    if (seen.has(w)) return `'${w}' appears twice`;
    seen.add(w);
    if (i > 0) {
      const prev = path[i - 1];
      if (prev.length !== w.length) return `step ${i}: '${prev}' → '${w}' changes the word length`;
      let diff = 0;
      for (let k = 0; k < w.length; k++) if (w[k] !== prev[k]) diff++;
      if (diff !== 1) return `step ${i}: '${prev}' → '${w}' changes ${diff} letters, not exactly one`;
    }
    if (!inDictionary(w)) {
      const role = i === 0 ? ' (the start word)' : i === path.length - 1 ? ' (the target word)' : '';
      return `'${w}'${role} is not in the dictionary`;
    }
  }
  return null;
}

/** A word-ladder verifier checking words with `inDictionary` (the official-equivalent ladder list by default). */
export function wordLadderVerifier(inDictionary: (w: string) => boolean = isLadderWord): Verifier {
  return (instance: TaskInstance, response: string): VerifyResult => {
    let state: WordLadderState;
    try {
      state = parseWordLadderState(instance.initialState);
    } catch (e) {
      return result(false, (e as Error).message);
    }
    const text = extractAnswer(response);
    if (text === null) return result(false, 'no final answer found (\\boxed{...}, <answer> or "Answer:")');
    if (text.length > 20_000) return result(false, 'answer is too long to be a word ladder');
    const bad = ladderViolation(parseLadder(text), state, inDictionary);
    return bad ? result(false, bad) : result(true, 'valid ladder: one letter per step, all dictionary words');
  };
}

/** The registered verifier: the ladder list, i.e. the words the official scorer accepts. */
export const verifyWordLadder: Verifier = wordLadderVerifier();

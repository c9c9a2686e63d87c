// Word ladder verifier, rule-based like the official one: the path starts and ends on the asked words, changes
// exactly one letter per step, repeats no word and uses only dictionary words, start and target included (the
// official check looks every word up, so a puzzle whose endpoints are not in its dictionary has no accepted answer).
// The official dictionary is NLTK `words`; by default ours is the ladder list rebuilt from the same source
// (common/dictionary.ts, data/words/README.md), so both accept the same ladders. wordLadderVerifier(isWord) checks
// against the broader SCOWL list instead. Step-count hints are not enforced: the image-variant question does not
// state them and a shorter valid ladder is still a ladder.
import { isLadderWord } from '../common/dictionary.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { result, type VerifyResult } from '../types.js';
import type { WordLadderState } from './state.js';

/** The ladder words: a list literal, or words joined by arrows (->, →) or commas. Empty when none can be read. */
export function parseLadder(text: string): string[] {
  const t = text
    .replace(/\\text\{([^}]*)\}/g, '$1')
    .replace(/\\(?:to|rightarrow)\b/g, '->')
    .trim();
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

/** The ladder's rules with words checked by `inDictionary` (index.ts registers the official-equivalent ladder list). */
export function checkLadder(state: WordLadderState, path: string[], inDictionary: (w: string) => boolean = isLadderWord): VerifyResult {
  const broken = ladderViolation(path, state, inDictionary);
  return broken ? result(false, broken) : result(true, 'valid ladder: one letter per step, all dictionary words');
}

// CryptoMath: rule-based on initial_state.equation. Accepts the reference's JSON dict {"A": 9, ...}, a Python dict, and
// the question's list format ["A"=9,"B"=2,...] (quotes optional, ':' or '=' between letter and digit). Checks, in
// order: the mapping parses, every letter of the equation gets exactly one digit 0-9, no extra letters (stricter than
// official), digits are distinct, no multi-letter word starts with 0, and the sums hold (BigInt, no eval).
import { preview, unwrap } from '../common/answer-shapes.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { sideDigits, sideValue, wordValue, type Equation } from './state.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';

/** Letter → value pairs as written (values unchecked), or why the text is not a mapping. */
export function parseMapping(text: string): Parsed<[string, unknown][]> {
  const t = unwrap(text);
  if (t.startsWith('{')) {
    const v = tryParsePyLiteral(t);
    if (v && typeof v === 'object' && !Array.isArray(v)) return ok(Object.entries(v));
  }
  const body = t
    .replace(/^[[(]\s*/, '')
    .replace(/\s*[\])]$/, '')
    .replace(/^\{\s*|\s*\}$/g, '');
  const pairs: [string, unknown][] = [];
  for (const item of body.split(/[,;\n]/)) {
    if (item.trim() === '') continue;
    const m = /^\s*["']?([A-Za-z])["']?\s*(?:=|:|->|→)\s*["']?(-?\d+)["']?\s*$/.exec(item);
    if (!m) return bad(`cannot read ${preview(item)} as a "letter"=digit pair; expected e.g. ["A"=5,"B"=3]`);
    pairs.push([m[1], Number(m[2])]);
  }
  if (pairs.length === 0) return bad('the answer assigns no letters');
  return ok(pairs);
}

export function checkCryptoMath(eq: Equation, pairs: [string, unknown][]): VerifyResult {
  const digits = new Map<string, number>();
  for (const [rawKey, rawVal] of pairs) {
    const key = rawKey.trim().toUpperCase();
    const val = typeof rawVal === 'string' && /^\s*\d+\s*$/.test(rawVal) ? Number(rawVal) : rawVal;
    if (!/^[A-Z]$/.test(key)) return result(false, `key ${preview(rawKey)} is not a single letter`);
    if (digits.has(key)) return result(false, `letter ${key} is assigned twice`);
    if (typeof val !== 'number' || !Number.isInteger(val) || val < 0 || val > 9)
      return result(false, `letter ${key} = ${preview(String(val))} is not a digit 0-9`);
    if (!eq.letters.includes(key)) return result(false, `letter ${key} does not appear in the equation ${eq.text}`);
    digits.set(key, val);
  }
  for (const l of eq.letters) if (!digits.has(l)) return result(false, `letter ${l} is not assigned a digit`);
  const owner = new Map<number, string>();
  for (const [l, d] of digits) {
    const prev = owner.get(d);
    if (prev !== undefined) return result(false, `letters ${prev} and ${l} both equal ${d}; different letters need different digits`);
    owner.set(d, l);
  }
  for (const t of [...eq.left, ...eq.right]) {
    if (t.word.length > 1 && digits.get(t.word[0]) === 0) return result(false, `word ${t.word} starts with ${t.word[0]} = 0 (no leading zeros)`);
  }
  const l = sideValue(eq.left, digits);
  const r = sideValue(eq.right, digits);
  if (l !== r) {
    const rhs = eq.right.length === 1 ? String(wordValue(eq.right[0].word, digits)) : `${sideDigits(eq.right, digits)} = ${r}`;
    return result(false, `the equation becomes ${sideDigits(eq.left, digits)} = ${rhs}, but the left side is ${l}`);
  }
  return result(true, `all ${eq.letters.length} letters have distinct digits and ${sideDigits(eq.left, digits)} = ${sideDigits(eq.right, digits)} holds`);
}

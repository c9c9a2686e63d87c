// Cryptarithm equations as the official generator writes them ("ABC+DEF=GHIJ"; the generator only adds, but a
// minus is read too). Parsed by hand, never evaluated: words of capital letters joined by + or -, one '='.
import { parsePyLiteral } from '../common/pyliteral.js';

export interface Term {
  sign: 1n | -1n;
  word: string;
}

export interface Equation {
  text: string;
  left: Term[];
  right: Term[];
  /** Distinct letters in order of first appearance. */
  letters: string[];
}

function side(text: string, full: string): Term[] {
  const terms: Term[] = [];
  const re = /([+-]?)([A-Z]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== at || (terms.length > 0 && m[1] === '')) break;
    terms.push({ sign: m[1] === '-' ? -1n : 1n, word: m[2] });
    at = re.lastIndex;
  }
  if (at !== text.length || terms.length === 0) throw new Error(`crypto_math equation ${JSON.stringify(full)} is not words joined by + and - around one '='`);
  return terms;
}

export function parseEquation(raw: string): Equation {
  const text = raw.replace(/\s+/g, '').toUpperCase();
  const parts = text.split('=');
  if (parts.length !== 2) throw new Error(`crypto_math equation ${JSON.stringify(raw)} must contain exactly one '='`);
  const left = side(parts[0], raw);
  const right = side(parts[1], raw);
  const letters: string[] = [];
  for (const ch of text) if (/[A-Z]/.test(ch) && !letters.includes(ch)) letters.push(ch);
  return { text: raw.trim(), left, right, letters };
}

/** initial_state {"equation": "..."} (object or string holding one) → the parsed equation. */
export function parseCryptoState(raw: unknown): Equation {
  if (raw && typeof raw === 'object' && 'left' in raw && 'letters' in raw) return raw as Equation;
  let value = raw;
  if (typeof raw === 'string') value = /^\s*[{[]/.test(raw) ? parsePyLiteral(raw) : { equation: raw };
  const eq = (value as { equation?: unknown } | null)?.equation;
  if (typeof eq === 'string') return parseEquation(eq);
  throw new Error('crypto_math initial_state must be {"equation": "ABC+DEF=GHIJ"}');
}

export function wordValue(word: string, digits: Map<string, number>): bigint {
  let v = 0n;
  for (const ch of word) v = v * 10n + BigInt(digits.get(ch) ?? 0);
  return v;
}

export function sideValue(terms: Term[], digits: Map<string, number>): bigint {
  return terms.reduce((acc, t) => acc + t.sign * wordValue(t.word, digits), 0n);
}

/** "123+456" for a side with digits substituted. */
export function sideDigits(terms: Term[], digits: Map<string, number>): string {
  return terms.map((t, k) => `${t.sign < 0n ? '-' : k > 0 ? '+' : ''}${wordValue(t.word, digits)}`).join('');
}

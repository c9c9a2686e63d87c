// Answer shapes shared by the graph and algorithm families: "No", integer answers, lists of node ids, and a guard that
// turns any unexpected exception into a failed verdict (a verifier must never throw). Every parser here is linear in
// its input and refuses answers longer than MAX_ANSWER_CHARS, so hostile text costs bounded time.
import { extractAnswer } from './extract.js';
import { tryParsePyLiteral } from './pyliteral.js';
import { result, type TaskInstance, type Verifier, type VerifyResult } from '../types.js';

/** No answer of these families is legitimately longer than this (a 25-node list is ~100 chars). */
export const MAX_ANSWER_CHARS = 20_000;

/** The extracted final answer, or a failed verdict naming why there is none. */
export function finalAnswer(response: string): { text: string } | { fail: VerifyResult } {
  const text = extractAnswer(response);
  if (text === null) return { fail: result(false, 'no final answer found (expected \\boxed{...})') };
  if (text.length > MAX_ANSWER_CHARS) return { fail: result(false, `final answer is ${text.length} characters long; at most ${MAX_ANSWER_CHARS} allowed`) };
  return { text };
}

/** Strips wrappers models commonly put around a short answer: $...$, \text{...}, quotes, a trailing period. */
export function unwrap(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 4; i++) {
    const before = t;
    t = t.replace(/^\$+|\$+$/g, '').trim();
    const m = /^\\(?:text|mathrm|textbf|mathbf)\s*\{([\s\S]*)\}$/.exec(t);
    if (m) t = m[1].trim();
    if (/^(['"`]).*\1$/s.test(t) && t.length >= 2) t = t.slice(1, -1).trim();
    t = t.replace(/\.$/, '').trim();
    if (t === before) break;
  }
  return t;
}

/** True for the answer "No" (any case, optional quotes / period). */
export function isNoAnswer(text: string): boolean {
  return /^no$/i.test(unwrap(text));
}

/**
 * An integer answer: digits with an optional sign, thousands separators and a zero fraction ("12", "1,024", "12.0").
 * Returns null when the text is anything else.
 */
export function parseIntegerAnswer(text: string): bigint | null {
  const t = unwrap(text).replace(/\s+/g, '');
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$/.exec(t);
  if (!m) return null;
  const v = BigInt(m[2].replace(/,/g, ''));
  return m[1] === '-' ? -v : v;
}

/** A plain decimal number ("20", "20.0", "-3.5", "1e3"); null otherwise. */
export function parseDecimal(text: string): number | null {
  const t = unwrap(text).replace(/\s+/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * A list of node ids: a JSON/Python list or tuple of integers (or digit strings), or integers joined by arrows
 * ("0 -> 1 -> 2", "0 → 1"). Returns the ids as canonical decimal strings, or an error naming the problem.
 */
export function parseNodeList(text: string): { nodes: string[] } | { error: string } {
  const t = unwrap(text);
  if (/^[\d\s]+((->|→|—>|=>)[\d\s]+)+$/.test(t)) {
    return { nodes: t.split(/->|→|—>|=>/).map((s) => canonicalId(s.trim())) };
  }
  const value = tryParsePyLiteral(t);
  if (!Array.isArray(value)) return { error: `answer ${preview(t)} is not a list of vertices such as [0, 1, 2]` };
  const nodes: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item === 'number' && Number.isInteger(item)) nodes.push(String(item));
    else if (typeof item === 'string' && /^\s*-?\d+\s*$/.test(item)) nodes.push(canonicalId(item.trim()));
    else return { error: `list item ${i + 1} (${preview(JSON.stringify(item) ?? String(item))}) is not a vertex number` };
  }
  return { nodes };
}

function canonicalId(s: string): string {
  return /^-?\d+$/.test(s) ? String(BigInt(s)) : s;
}

/** A short, single-line excerpt of untrusted text for reasons. */
export function preview(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max)}…` : one);
}

/**
 * Wraps a verifier so that a bug or an unusable initial_state becomes a failed verdict with the message as reason,
 * never an exception: callers score thousands of rollouts and one throw must not abort a batch.
 */
export function guardVerifier(verify: Verifier): Verifier {
  return (instance: TaskInstance, response: string): VerifyResult => {
    try {
      return verify(instance, typeof response === 'string' ? response : String(response));
    } catch (err) {
      return result(false, `could not verify: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** The reference answer as text (records hold strings, numbers or lists). */
export function referenceText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (typeof answer === 'number' || typeof answer === 'bigint') return String(answer);
  return JSON.stringify(answer) ?? '';
}

/** The integer list under `key` of an algorithm task's initial_state ({"prices": [...]}, or a string holding it). */
export function parseIntArrayState(raw: unknown, key: string): number[] {
  const value = typeof raw === 'string' ? tryParsePyLiteral(raw) : raw;
  const list = Array.isArray(value) ? value : (value as Record<string, unknown> | null | undefined)?.[key];
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'number' && Number.isInteger(x))) {
    throw new Error(`initial_state must be {"${key}": [integers]}`);
  }
  return list as number[];
}

/**
 * Integer-answer tasks, rule-based: the answer must be an integer equal to `expected`, recomputed from the
 * initial_state (so a wrong reference cannot fail a right answer). `what` names the quantity in reasons.
 */
export function verifyIntegerAnswer(response: string, expected: number, what: string): VerifyResult {
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  const got = parseIntegerAnswer(ans.text);
  if (got === null) return result(false, `answer ${preview(unwrap(ans.text))} is not an integer`);
  if (got !== BigInt(expected)) return result(false, `${what} ${got} is wrong`);
  return result(true, `${what} ${expected} is correct`);
}

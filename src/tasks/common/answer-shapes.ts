// Answer shapes shared by the graph and algorithm families: "No", integer and decimal answers, lists of node ids,
// and the matches against a reference. Every parser here is linear in its input (defineTask has already capped its
// length), so hostile text costs bounded time, and returns a reason rather than throwing.
import { tryParsePyLiteral } from './pyliteral.js';
import type { TaskDefinition } from '../define.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';

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
 * ("0 -> 1 -> 2", "0 → 1"). Returns the ids as canonical decimal strings, or the reason it cannot.
 */
export function parseNodeList(text: string): Parsed<string[]> {
  const t = unwrap(text);
  if (/^[\d\s]+((->|→|—>|=>)[\d\s]+)+$/.test(t)) {
    return ok(t.split(/->|→|—>|=>/).map((s) => canonicalId(s.trim())));
  }
  const value = tryParsePyLiteral(t);
  if (!Array.isArray(value)) return bad(`answer ${preview(t)} is not a list of vertices such as [0, 1, 2]`);
  const nodes: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item === 'number' && Number.isInteger(item)) nodes.push(String(item));
    else if (typeof item === 'string' && /^\s*-?\d+\s*$/.test(item)) nodes.push(canonicalId(item.trim()));
    else return bad(`list item ${i + 1} (${preview(JSON.stringify(item) ?? String(item))}) is not a vertex number`);
  }
  return ok(nodes);
}

function canonicalId(s: string): string {
  return /^-?\d+$/.test(s) ? String(BigInt(s)) : s;
}

/** A short, single-line excerpt of untrusted text for reasons. */
export function preview(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max)}…` : one);
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

/** An integer answer (see parseIntegerAnswer), or why the text is not one. */
export function readInteger(text: string): Parsed<bigint> {
  const got = parseIntegerAnswer(text);
  return got === null ? bad(`answer ${preview(unwrap(text))} is not an integer`) : ok(got);
}

/**
 * Integer-answer tasks, rule-based: the answer must equal `expected`, recomputed from the initial_state (so a wrong
 * reference cannot fail a right answer). `what` names the quantity in reasons.
 */
export function checkInteger(got: bigint, expected: number, what: string): VerifyResult {
  if (got !== BigInt(expected)) return result(false, `${what} ${got} is wrong`);
  return result(true, `${what} ${expected} is correct`);
}

/** A list of vertices, or null for the answer "No" (graph tasks whose question allows it). */
export function readNodesOrNo(text: string): Parsed<string[] | null> {
  return isNoAnswer(text) ? ok(null) : parseNodeList(text);
}

const squash = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

/**
 * Match-by-reference for numeric answers whose state is only in the image (shortest_path, max_flow). Official rule:
 * lower-cased, whitespace-free string equality; widened to numeric equality when both sides are plain numbers
 * ("20.0" for "20"), since the questions say "integer or decimal" and the spelling should not decide.
 */
export function numberMatch(text: string, reference: unknown, what: string): VerifyResult {
  const ref = referenceText(reference);
  if (squash(text) === squash(ref)) return result(true, `${what} ${ref} matches the reference`);
  const got = parseDecimal(text);
  const want = parseDecimal(ref);
  if (got === null) return result(false, `answer "${unwrap(text).slice(0, 40)}" is not a number`);
  if (want !== null && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))) return result(true, `${what} ${ref} matches the reference`);
  return result(false, `${what} ${got} is wrong`);
}

/** State, answer and rules of a task whose numeric answer is matched against the reference (numberMatch). */
export function numberMatchRules(what: string): Pick<TaskDefinition<unknown, string>, 'needsInitialState' | 'parseAnswer' | 'check'> {
  return { needsInitialState: false, parseAnswer: (text) => ok(text), check: (_state, text, instance) => numberMatch(text, instance.answer, what) };
}

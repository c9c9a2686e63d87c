// LIS: the question asks for "the longest such sequence", the reference is its length. Rule-based: an integer answer
// must equal the LIS length recomputed from initial_state.sequence. More lenient than the official string match, a
// list answer also passes when it is a strictly increasing subsequence of the bars (in order) of maximum length —
// it answers the question as literally worded.
import { checkInteger, parseIntegerAnswer, preview, unwrap } from '../common/answer-shapes.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { lisLength } from './solve.js';
import { bad, ok, result, type Parsed, type VerifyResult } from '../types.js';

function verifyListAnswer(list: unknown[], seq: number[], best: number): VerifyResult {
  if (!list.every((x) => typeof x === 'number' && Number.isInteger(x))) return result(false, 'the subsequence must list bar heights (integers)');
  const values = list as number[];
  let at = 0;
  for (let k = 0; k < values.length; k++) {
    if (k > 0 && values[k] <= values[k - 1]) return result(false, `item ${k + 1} (${values[k]}) is not strictly greater than ${values[k - 1]}`);
    while (at < seq.length && seq[at] !== values[k]) at++;
    if (at === seq.length) return result(false, `item ${k + 1} (${values[k]}) does not occur in order in the sequence`);
    at++;
  }
  if (values.length !== best) return result(false, `the subsequence has length ${values.length}, but the longest has length ${best}`);
  return result(true, `a longest increasing subsequence (length ${best})`);
}

/** The LIS length as an integer, or a subsequence as a list (checked in checkLis). */
export function parseLisAnswer(text: string): Parsed<bigint | unknown[]> {
  const n = parseIntegerAnswer(text);
  if (n !== null) return ok(n);
  const list = tryParsePyLiteral(unwrap(text));
  return Array.isArray(list) ? ok(list) : bad(`answer ${preview(unwrap(text))} is not an integer`);
}

export function checkLis(state: { sequence: number[] }, answer: bigint | unknown[]): VerifyResult {
  const best = lisLength(state.sequence);
  return Array.isArray(answer) ? verifyListAnswer(answer, state.sequence, best) : checkInteger(answer, best, 'LIS length');
}

// LIS: the question asks for "the longest such sequence", the reference is its length. Rule-based: an integer answer
// must equal the LIS length recomputed from initial_state.sequence. More lenient than the official string match, a
// list answer also passes when it is a strictly increasing subsequence of the bars (in order) of maximum length —
// it answers the question as literally worded.
import { finalAnswer, guardVerifier, parseIntArrayState, parseIntegerAnswer, preview, unwrap, verifyIntegerAnswer } from '../common/answer-shapes.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';
import { lisLength } from './solve.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

export const STATE_KEY = 'sequence';

export const parseState = (raw: unknown): { sequence: number[] } => ({ sequence: parseIntArrayState(raw, STATE_KEY) });

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

export const verify = guardVerifier((instance: TaskInstance, response: string): VerifyResult => {
  const seq = parseIntArrayState(instance.initialState, STATE_KEY);
  const best = lisLength(seq);
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  if (parseIntegerAnswer(ans.text) === null) {
    const list = tryParsePyLiteral(unwrap(ans.text));
    if (Array.isArray(list)) return verifyListAnswer(list, seq, best);
    return result(false, `answer ${preview(unwrap(ans.text))} is not an integer`);
  }
  return verifyIntegerAnswer(response, best, 'LIS length');
});

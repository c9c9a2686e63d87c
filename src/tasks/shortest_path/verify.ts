// Shortest weighted distance: the state is only in the image (the record has no initial_state), so this is a match
// against the reference. Official rule: lower-cased, whitespace-free string equality. We also accept a plain number
// equal in value ("20.0" for "20"): the question says "integer or decimal", so the spelling should not decide.
import { finalAnswer, parseDecimal, referenceText, unwrap } from '../common/answer-shapes.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

const squash = (s: string): string => s.toLowerCase().replace(/\s+/g, '');

/** Official string match, widened to numeric equality when both sides are plain numbers. */
export function numberMatch(instance: TaskInstance, response: string, what: string): VerifyResult {
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  const ref = referenceText(instance.answer);
  if (squash(ans.text) === squash(ref)) return result(true, `${what} ${ref} matches the reference`);
  const got = parseDecimal(ans.text);
  const want = parseDecimal(ref);
  if (got === null) return result(false, `answer "${unwrap(ans.text).slice(0, 40)}" is not a number`);
  if (want !== null && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))) return result(true, `${what} ${ref} matches the reference`);
  return result(false, `${what} ${got} is wrong`);
}

export function verifyShortestPath(instance: TaskInstance, response: string): VerifyResult {
  return numberMatch(instance, response, 'shortest distance');
}

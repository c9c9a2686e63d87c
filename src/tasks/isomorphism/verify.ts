// Graph isomorphism: Yes/No, matched against the reference (both graphs are only in the images). Official: lower-cased
// whitespace-free string match. We also strip quotes, $…$, \text{…} and a trailing period ("Yes." passes) and refuse
// anything that is not a yes/no word. The benchmark's pair rule (two rows sharing a question both right) is an
// aggregate over rows: pairs.ts applies it, and eval.ts reports it beside the per-row accuracy.
import { finalAnswer, referenceText, unwrap } from '../common/answer-shapes.js';
import { result, type TaskInstance, type VerifyResult } from '../types.js';

function yesNo(text: string): 'yes' | 'no' | null {
  const t = unwrap(text).toLowerCase().replace(/\s+/g, '');
  return t === 'yes' || t === 'no' ? t : null;
}

export function verifyIsomorphism(instance: TaskInstance, response: string): VerifyResult {
  const ans = finalAnswer(response);
  if ('fail' in ans) return ans.fail;
  const got = yesNo(ans.text);
  const want = yesNo(referenceText(instance.answer));
  if (got === null) return result(false, `answer "${unwrap(ans.text).slice(0, 40)}" is neither Yes nor No`);
  if (want === null) return result(false, 'the reference answer is neither Yes nor No');
  return got === want
    ? result(true, `correctly answered ${got === 'yes' ? 'Yes' : 'No'}`)
    : result(false, `answered ${got === 'yes' ? 'Yes' : 'No'}, but the graphs are ${want === 'yes' ? '' : 'not '}isomorphic`);
}

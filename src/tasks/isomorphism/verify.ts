// Graph isomorphism: Yes/No, matched against the reference (both graphs are only in the images). Official: lower-cased
// whitespace-free string match. We also strip quotes, $…$, \text{…} and a trailing period ("Yes." passes) and refuse
// anything that is not a yes/no word. The benchmark's pair rule (two rows sharing a question both right) is an
// aggregate over rows: pairs.ts applies it, and src/eval/scoring.ts reports it beside the per-row accuracy.
import { referenceText, unwrap } from '../common/answer-shapes.js';
import { bad, ok, result, type Parsed, type TaskInstance, type VerifyResult } from '../types.js';

type YesNo = 'yes' | 'no';

function yesNo(text: string): YesNo | null {
  const t = unwrap(text).toLowerCase().replace(/\s+/g, '');
  return t === 'yes' || t === 'no' ? t : null;
}

export function parseIsomorphismAnswer(text: string): Parsed<YesNo> {
  const got = yesNo(text);
  return got === null ? bad(`answer "${unwrap(text).slice(0, 40)}" is neither Yes nor No`) : ok(got);
}

export function checkIsomorphism(got: YesNo, instance: TaskInstance): VerifyResult {
  const want = yesNo(referenceText(instance.answer));
  if (want === null) return result(false, 'the reference answer is neither Yes nor No');
  return got === want
    ? result(true, `correctly answered ${got === 'yes' ? 'Yes' : 'No'}`)
    : result(false, `answered ${got === 'yes' ? 'Yes' : 'No'}, but the graphs are ${want === 'yes' ? '' : 'not '}isomorphic`);
}

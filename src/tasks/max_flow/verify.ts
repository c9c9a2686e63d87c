// Maximum flow: the state is only in the image, so this is a match against the reference (official: string match).
// Like shortest_path we also accept the same value spelled as a number ("7.0" for "7").
import { numberMatch } from '../shortest_path/verify.js';
import type { TaskInstance, VerifyResult } from '../types.js';

export function verifyMaxFlow(instance: TaskInstance, response: string): VerifyResult {
  return numberMatch(instance, response, 'maximum flow');
}

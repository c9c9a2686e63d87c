// Example reward plug-in: a small penalty for long responses (docs/rewards.md).
//
//   rewards:
//     plugins:
//       - module: examples/rewards/length-penalty.ts
//         weight: 1
//
// A plug-in exports verify(instance, response) → { reward, correct?, reason? }, the task-verifier interface. Its
// reward is added with its weight to the verifier's and the total is clipped to [0, 1], so this penalty lowers the
// reward of correct answers that ramble (1 → at least 0.9) and leaves wrong answers at 0. It never changes
// correctness: that is the verifier's alone.
import type { TaskInstance } from '../../src/tasks/types.js';

/** Characters allowed for free (roughly 150 tokens of a Qwen tokenizer at ~4 characters per token). */
export const FREE_CHARS = 600;
/** Penalty per character beyond FREE_CHARS, and its cap. */
export const PER_CHAR = 0.0001;
export const MAX_PENALTY = 0.1;

export function verify(_instance: TaskInstance, response: string): { reward: number; reason: string } {
  const over = Math.max(0, response.length - FREE_CHARS);
  const penalty = Math.min(MAX_PENALTY, over * PER_CHAR);
  return { reward: -penalty, reason: over > 0 ? `${over} chars over ${FREE_CHARS}: −${penalty.toFixed(3)}` : `within ${FREE_CHARS} chars` };
}

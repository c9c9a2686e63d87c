// Counter-based randomness for sampling: every draw is a pure function of (seed, step, prompt, copy, sample,
// position), so a prompt sampled alone draws exactly what it draws inside any batch, and a resumed run draws exactly
// what the uninterrupted run would have — there is no generator state to save or to advance in the right order.

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashKey(words: readonly number[], salt: number): number {
  let h = fmix32(salt ^ 0x9e3779b9);
  for (const w of words) h = fmix32((h ^ fmix32((w | 0) + 0x7f4a7c15)) + 0x165667b1);
  return h;
}

export interface DrawKey {
  seed: number;
  /** Training step (or evaluation round): a new step draws fresh randomness for the same prompts. */
  step: number;
  /** The prompt's identity (its dataset index), not its row in the batch. */
  prompt: number;
  /**
   * Which copy of the prompt, when one call samples it more than once (a training step draws a problem twice at an
   * epoch boundary, or whenever train.promptsPerStep exceeds the data): 0 for the first, 1 for the second, … Without
   * it the copies would draw identical rollouts. Copy 0 adds nothing to the hash, so a prompt drawn once keys as it did
   * before copies were counted, and runs recorded then still reproduce.
   */
  copy?: number;
  /** Which of the prompt's G samples. */
  sample: number;
  /** Token position within the completion (0 = first generated token). */
  position: number;
}

/** Uniform in [0, 1) with 53 random bits, determined by the key alone. */
export function uniform(key: DrawKey): number {
  const words = [key.seed, key.step, key.prompt, key.sample, key.position, ...(key.copy ? [key.copy] : [])];
  const hi = hashKey(words, 0x1234567) >>> 5; // 27 bits
  const lo = hashKey(words, 0x7654321) >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

// Which problems a step trains on, as a pure function of (seed, step): epoch e is a seeded permutation of the
// problem list and step s takes the next promptsPerStep entries of the concatenated epochs. No generator state
// exists, so resuming at step k draws exactly what the uninterrupted run drew — including across epoch boundaries.
import { makeRng } from '../tasks/common/rng.js';

const permutations = new Map<string, number[]>();

function permutation(n: number, seed: number, epoch: number): number[] {
  const key = `${n}/${seed}/${epoch}`;
  let p = permutations.get(key);
  if (!p) {
    p = makeRng(seed, `data-order/epoch-${epoch}`).shuffle(Array.from({ length: n }, (_, i) => i));
    if (permutations.size > 8) permutations.clear();
    permutations.set(key, p);
  }
  return p;
}

/** Indices (into the problem list) of the prompts of `step`. */
export function stepIndices(n: number, promptsPerStep: number, seed: number, step: number): number[] {
  if (n === 0) throw new Error('data order: the training set is empty');
  const out: number[] = [];
  for (let k = 0; k < promptsPerStep; k++) {
    const cursor = step * promptsPerStep + k;
    out.push(permutation(n, seed, Math.floor(cursor / n))[cursor % n]);
  }
  return out;
}

/** The data cursor after `steps` steps: epoch and position (for logs and the checkpoint's state.json). */
export function dataCursor(n: number, promptsPerStep: number, steps: number): { epoch: number; position: number } {
  const cursor = steps * promptsPerStep;
  return { epoch: Math.floor(cursor / n), position: cursor % n };
}

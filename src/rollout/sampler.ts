// Choosing a token from one row of temperature-scaled log-probabilities. Top-k and top-p only decide WHICH token
// is picked; the log-probability returned is always the full-vocabulary log-softmax(logits / T) the trainer
// recomputes (with the same suppressed tokens), so the first update's importance ratio is exactly 1.

export interface SamplingOptions {
  /** 0 means greedy (argmax). */
  temperature: number;
  /** Keep the k most likely tokens (0 = no limit). */
  topK: number;
  /** Keep the smallest set whose probability reaches p (1 = no limit). */
  topP: number;
}

export function validateSampling(o: SamplingOptions): void {
  if (!(o.temperature >= 0) || !Number.isFinite(o.temperature)) throw new Error(`sampling: temperature must be ≥ 0, got ${o.temperature}`);
  if (!Number.isInteger(o.topK) || o.topK < 0) throw new Error(`sampling: topK must be a non-negative integer (0 = off), got ${o.topK}`);
  if (!(o.topP > 0 && o.topP <= 1)) throw new Error(`sampling: topP must be in (0, 1], got ${o.topP}`);
}

/** Index of the largest entry (first on ties). */
export function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * Picks a token from log-probabilities `logp` (one row, already log-softmax(logits / T) with suppressed tokens at
 * −∞) by inverting the CDF of the top-k / top-p candidate set at `u` ∈ [0, 1).
 */
export function pickToken(logp: Float32Array, o: SamplingOptions, u: number): number {
  if (o.temperature === 0) return argmax(logp);
  const V = logp.length;
  const limitK = o.topK > 0 && o.topK < V;
  if (!limitK && o.topP >= 1) {
    // Full distribution: one pass, no sort.
    let acc = 0;
    let last = -1;
    for (let i = 0; i < V; i++) {
      if (logp[i] === -Infinity) continue;
      acc += Math.exp(logp[i]);
      last = i;
      if (u < acc) return i;
    }
    return last; // u beyond the float sum: the last finite token
  }
  // Candidates by descending probability (ties by id, so the order is deterministic).
  let idx = Array.from({ length: V }, (_, i) => i).filter((i) => logp[i] !== -Infinity);
  idx.sort((a, b) => logp[b] - logp[a] || a - b);
  if (limitK) idx = idx.slice(0, o.topK);
  if (o.topP < 1) {
    let mass = 0;
    let keep = 0;
    while (keep < idx.length) {
      mass += Math.exp(logp[idx[keep]]);
      keep++;
      if (mass >= o.topP) break;
    }
    idx = idx.slice(0, keep);
  }
  const probs = idx.map((i) => Math.exp(logp[i]));
  const total = probs.reduce((a, p) => a + p, 0);
  let acc = 0;
  for (let j = 0; j < idx.length; j++) {
    acc += probs[j] / total;
    if (u < acc) return idx[j];
  }
  return idx[idx.length - 1];
}

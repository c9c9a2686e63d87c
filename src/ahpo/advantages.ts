// Group-relative advantages and the AHPO gate, on host numbers (rewards come from verifiers, not tensors).
// Spec: ../shared/docs/ahpo.md, paper Eq. 3 (advantage) and Eq. 6 (gate).

/**
 * A_i = (R_i − mean(R)) / (std(R) + eps) over ONE prompt's on-policy rollouts, with the sample std (ddof = 1), as
 * TRL and verl compute it. A group whose rewards are all equal gets A = 0 (no signal, and no division by ~0).
 */
export function groupAdvantages(rewards: readonly number[], eps = 1e-6): number[] {
  const n = rewards.length;
  if (n === 0) return [];
  if (rewards.some((r) => !Number.isFinite(r))) throw new Error(`groupAdvantages: rewards must be finite, got [${rewards.join(', ')}]`);
  const mean = rewards.reduce((a, r) => a + r, 0) / n;
  if (rewards.every((r) => r === rewards[0]) || n === 1) return rewards.map(() => 0);
  const variance = rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1);
  const std = Math.sqrt(variance);
  return rewards.map((r) => (r - mean) / (std + eps));
}

export interface GateInput {
  /** Rewards of the prompt's N on-policy rollouts. */
  rewards: readonly number[];
  /** Whether the prompt has an expert trace (prompts without one are never gated). */
  hasTrace: boolean;
  /** R̂: the gate opens when fewer than this many rollouts succeed. */
  threshold: number;
  /** A rollout succeeds when its reward is ≥ this (default 1: fully correct). */
  success?: number;
}

/** ξ = 1 when the prompt has a trace and #{i : R_i ≥ success} < R̂, else 0 (paper Eq. 6). */
export function gate({ rewards, hasTrace, threshold, success = 1 }: GateInput): 0 | 1 {
  if (!Number.isInteger(threshold) || threshold < 0) throw new Error(`gate: threshold R̂ must be a non-negative integer, got ${threshold}`);
  if (threshold > rewards.length) {
    throw new Error(`gate: threshold R̂ = ${threshold} exceeds the group size ${rewards.length}; the gate would always be open. Use R̂ ≤ group size.`);
  }
  if (!hasTrace) return 0;
  const successes = rewards.filter((r) => r >= success).length;
  return successes < threshold ? 1 : 0;
}

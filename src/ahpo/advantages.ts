// Group-relative advantages and the AHPO gate, on host numbers (rewards come from verifiers, not tensors).
// Spec: the MM-HELIX paper, Eq. 3 (advantage) and Eq. 6 (gate); docs/loss.md.

export interface AdvantageOptions {
  /**
   * Divide by the group's std (default true: paper Eq. 3, GRPO). false gives Dr. GRPO's / LUFFY's script's
   * A_i = R_i − mean(R) (`algorithm.grpo_use_std=False`), which does not blow up tiny reward differences.
   */
  std?: boolean;
  /** Added to the std before dividing (default 1e-6, as TRL and verl). */
  eps?: number;
}

/**
 * A_i = (R_i − mean(R)) / (std(R) + eps) over ONE group, with the sample std (ddof = 1), as TRL and verl compute it;
 * with `std: false`, A_i = R_i − mean(R). The group is a prompt's N on-policy rollouts (Eq. 3), or in mode luffy
 * those N plus the expert trace. A group whose rewards are all equal, or a single sample, gets A = 0 (no signal, and
 * no division by ~0).
 */
export function groupAdvantages(rewards: readonly number[], opts: AdvantageOptions = {}): number[] {
  const { std: useStd = true, eps = 1e-6 } = opts;
  const n = rewards.length;
  if (n === 0) return [];
  if (rewards.some((r) => !Number.isFinite(r))) throw new Error(`groupAdvantages: rewards must be finite, got [${rewards.join(', ')}]`);
  const mean = rewards.reduce((a, r) => a + r, 0) / n;
  if (rewards.every((r) => r === rewards[0]) || n === 1) return rewards.map(() => 0);
  if (!useStd) return rewards.map((r) => r - mean);
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

// The training reward: the task verifier plus optional user plug-ins, combined with weights (config `rewards`).
// Documented in docs/rewards.md, with an example in examples/rewards/length-penalty.ts.
//
// Plug-ins shape the reward; they never define correctness. `correct` (and `verifierReward`) come from the task
// verifier alone, so a plug-in cannot make a wrong answer count as solved, and accuracy stays comparable across
// reward settings (reward hacking and eval metrics separate from the reward: peers.md §2.7).
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runVerifier } from '../tasks/define.js';
import type { TaskInstance, Verifier } from '../tasks/types.js';

/** What a plug-in's verify returns: the task-verifier shape, with `correct` and `reason` optional. */
export interface PluginResult {
  reward: number;
  correct?: boolean;
  reason?: string;
}

/** The interface a plug-in module exports (as `verify`, or as its default export). Synchronous, like verifiers. */
export type PluginVerify = (instance: TaskInstance, response: string) => PluginResult;

export interface RewardPlugin {
  /** The module path as written in the config (named in errors and reward parts). */
  module: string;
  /** The resolved absolute path that was imported. */
  path: string;
  weight: number;
  verify: PluginVerify;
}

export interface PluginSpec {
  module: string;
  weight: number;
}

/** A reward plug-in that cannot be loaded, or that failed on a response. Never swallowed by the trainer. */
export class RewardPluginError extends Error {}

/**
 * Where a plug-in path points. Absolute paths are used as they are; a relative path is looked up first in `baseDir`
 * (the folder of the config file that names it) and then in the current working directory, so both
 * `./my-reward.ts` next to the config and `examples/rewards/length-penalty.ts` from the repository root work.
 */
export function resolvePluginPath(module: string, baseDir: string = process.cwd()): string {
  if (isAbsolute(module)) {
    if (!existsSync(module)) throw new RewardPluginError(`reward plug-in ${module}: file not found`);
    return module;
  }
  const candidates = [...new Set([resolve(baseDir, module), resolve(process.cwd(), module)])];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new RewardPluginError(
      `reward plug-in ${module}: file not found (looked in ${candidates.join(' and ')}); paths are relative to the config file's folder, then the working directory`,
    );
  return found;
}

/** The verify function a module exports: named `verify`, a default-exported function, or a default object's verify. */
function pickVerify(mod: Record<string, unknown>): PluginVerify | undefined {
  const def = mod.default as { verify?: unknown } | undefined;
  for (const cand of [mod.verify, def, def?.verify]) if (typeof cand === 'function') return cand as PluginVerify;
  return undefined;
}

/** Imports and validates one plug-in module; errors name the module and what was expected. */
export async function loadRewardPlugin(spec: PluginSpec, baseDir?: string): Promise<RewardPlugin> {
  if (!Number.isFinite(spec.weight)) throw new RewardPluginError(`reward plug-in ${spec.module}: weight must be a finite number, got ${spec.weight}`);
  const path = resolvePluginPath(spec.module, baseDir);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    const hint = path.endsWith('.ts') ? ' (TypeScript plug-ins need the tsx loader, which `ahpo` registers; with plain node, compile to .js)' : '';
    throw new RewardPluginError(`reward plug-in ${spec.module}: import of ${path} failed: ${(err as Error).message}${hint}`);
  }
  const verify = pickVerify(mod);
  if (!verify) {
    const names = Object.keys(mod).join(', ') || 'none';
    throw new RewardPluginError(
      `reward plug-in ${spec.module}: expected an exported function verify(instance, response) → { reward, correct?, reason? } (a named export 'verify' or a default export); found exports: ${names}`,
    );
  }
  return { module: spec.module, path, weight: spec.weight, verify };
}

/** Loads every plug-in of the `rewards.plugins` config list, in order. */
export async function loadRewardPlugins(specs: readonly PluginSpec[], baseDir?: string): Promise<RewardPlugin[]> {
  const out: RewardPlugin[] = [];
  for (const s of specs) out.push(await loadRewardPlugin(s, baseDir));
  return out;
}

/** The problem a response answers: a data/problems.ts Problem fits as is. */
export interface RewardProblem {
  /** Problem key (`<task>/<index>`), named in errors. */
  key: string;
  spec: { verify: Verifier };
  instance: TaskInstance;
}

export interface RewardPart {
  /** `verifier` or the plug-in's module path. */
  source: string;
  weight: number;
  reward: number;
  reason?: string;
}

export interface RewardResult {
  /** Σ weight·reward over the verifier and the plug-ins, clipped to [0, 1]: what advantages are computed from. */
  reward: number;
  /** The task verifier's own reward (count successes for the gate and accuracy on this, not on the shaped total). */
  verifierReward: number;
  /** The task verifier's correctness; plug-ins never change it. */
  correct: boolean;
  /** The verifier's reason, then each plug-in's reason when it gives one. */
  reason: string;
  parts: RewardPart[];
  /** Set when the verifier could not judge the response (it threw, or the state did not parse): scored 0, counted. */
  verifierFault?: string;
}

export interface RewardConfig {
  verifierWeight: number;
  plugins: readonly RewardPlugin[];
  /** Where a verifier fault is reported, once per task per run (default: stderr, like the trainer's own log). */
  log?: (message: string) => void;
}

export type RewardFn = (problem: RewardProblem, response: string) => RewardResult;

function checkResult(source: string, key: string, out: unknown): PluginResult {
  if (out instanceof Promise) throw new RewardPluginError(`${source} on problem ${key}: returned a Promise; reward functions must be synchronous`);
  const r = out as PluginResult | null | undefined;
  if (r === null || typeof r !== 'object')
    throw new RewardPluginError(`${source} on problem ${key}: expected { reward, correct?, reason? }, got ${JSON.stringify(out)}`);
  if (typeof r.reward !== 'number' || !Number.isFinite(r.reward))
    throw new RewardPluginError(`${source} on problem ${key}: reward must be a finite number, got ${String(r.reward)}`);
  return r;
}

function call(source: string, key: string, fn: PluginVerify, instance: TaskInstance, response: string): PluginResult {
  let out: unknown;
  try {
    out = fn(instance, response);
  } catch (err) {
    throw new RewardPluginError(`${source} threw on problem ${key}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return checkResult(source, key, out);
}

/**
 * The reward function of a run: R = clip(verifierWeight·R_verifier + Σ_i weight_i·R_i, 0, 1). Rewards stay in [0, 1]
 * as the spec requires (advantages, the success level and the gate all assume it). A plug-in that throws or returns
 * a non-finite reward raises RewardPluginError naming it and the problem key: it is the user's code and their run's
 * setup. A verifier fault (docs/verifiers.md, "Failure policy") instead scores 0 and is returned as `verifierFault`
 * for the step's count; its message is logged the first time each task faults, so one broken task neither aborts a
 * long run nor floods its log.
 */
export function createRewardFn({ verifierWeight, plugins, log = (m) => process.stderr.write(`${m}\n`) }: RewardConfig): RewardFn {
  if (!(Number.isFinite(verifierWeight) && verifierWeight >= 0))
    throw new RewardPluginError(`rewards.verifierWeight must be a finite number ≥ 0, got ${verifierWeight}`);
  const faultedTasks = new Set<string>();
  return (problem, response) => {
    const v = runVerifier(problem.spec.verify, problem.instance, response);
    if (v.fault !== undefined && !faultedTasks.has(problem.instance.task)) {
      faultedTasks.add(problem.instance.task);
      log(
        `verifier fault in task ${problem.instance.task} (problem ${problem.key}), scored 0 and counted as verifierFaults; further faults of this task are not logged: ${v.fault}`,
      );
    }
    const parts: RewardPart[] = [{ source: 'verifier', weight: verifierWeight, reward: v.reward, reason: v.reason }];
    for (const p of plugins) {
      const r = call(`reward plug-in ${p.module}`, problem.key, p.verify, problem.instance, response);
      parts.push({ source: p.module, weight: p.weight, reward: r.reward, reason: r.reason });
    }
    const total = parts.reduce((acc, part) => acc + part.weight * part.reward, 0);
    const reasons = parts.filter((part) => part.reason).map((part) => (part.source === 'verifier' ? part.reason : `${part.source}: ${part.reason}`));
    return {
      reward: Math.min(1, Math.max(0, total)),
      verifierReward: v.reward,
      correct: v.correct === true,
      reason: reasons.join('; '),
      parts,
      ...(v.fault === undefined ? {} : { verifierFault: v.fault }),
    };
  };
}

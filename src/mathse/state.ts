// What a MathSE folder records about its progress and its rounds. state.json lists the phases that have finished
// (written atomically after each one), so a run killed at any point (kill -9 included) resumes at the phase it was in;
// within a phase, the resumable pieces take over (a sampling pass keeps its completions file, an SFT phase is an
// ordinary run folder that `ahpo train --resume` would continue). Round summaries are plain JSON beside them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

export const STATE_VERSION = 1;

/** Why a run ended before mathse.rounds: a round added no path, or every prompt was solved. */
export type StopReason = 'rounds' | 'nothing-added' | 'all-solved';

export interface MathseState {
  version: number;
  /** Finished phases, in order: `r0:data`, `r0:sft`, `r0:summary`, `r1:sample`, `r1:reflect`, `r1:data`, … */
  completed: string[];
  /** Seconds each finished phase took in the session that finished it (evaluation excluded; SFT: its training clock). */
  seconds: Record<string, number>;
  stop?: StopReason;
}

export function readState(dir: string): MathseState {
  const path = join(dir, 'state.json');
  if (!existsSync(path)) return { version: STATE_VERSION, completed: [], seconds: {} };
  const s = JSON.parse(readFileSync(path, 'utf8')) as MathseState;
  if (s.version !== STATE_VERSION)
    throw new Error(`${path}: state version ${s.version}, this ahpo reads version ${STATE_VERSION}; finish the run with the ahpo that started it`);
  return s;
}

export const writeState = (dir: string, s: MathseState): Promise<void> => writeFileAtomic(join(dir, 'state.json'), `${JSON.stringify(s, null, 2)}\n`);

/** Held-out (and retention) greedy accuracy of a round's model, from its SFT phase's final evaluation. */
export interface RoundEval {
  heldOut: number;
  heldOutN: number;
  retention?: number;
  retentionN?: number;
}

/** What the sampling, reflection and data phases of a round did (round 0: only the data). */
export interface RoundData {
  round: number;
  /** Training prompts; those with a model-made verified path count as solved. */
  prompts: number;
  unsolvedBefore: number;
  sampledPrompts: number;
  samples: number;
  samplesCorrect: number;
  samplesTruncated: number;
  /** Prompts with at least one verified sampled answer this round. */
  solvedBySamples: number;
  newSamplePaths: number;
  /** Wrong answers reflected on (one reflection prompt each). */
  reflectionPrompts: number;
  /** Corrections sampled (reflection prompts × mathse.reflectionSamples). */
  reflectionsTried: number;
  reflectionsVerified: number;
  /** Prompts the samples left unsolved that a verified correction solved. */
  solvedByReflection: number;
  newReflectionPaths: number;
  duplicates: number;
  capped: number;
  /** Prompts with a model-made path in the data after the round. */
  promptsSolved: number;
  dataSize: number;
  dataPrompts: number;
}

export interface RoundSummary extends RoundData {
  /** The round's SFT phase; null when the round added nothing and the run stopped before training. */
  sft: { dir: string; model: string; steps: number; eval: RoundEval | null } | null;
  seconds: { sample: number; reflect: number; data: number; sft: number };
}

export function readRoundSummary(path: string): RoundSummary {
  return JSON.parse(readFileSync(path, 'utf8')) as RoundSummary;
}

const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const secs = (x: number) => x.toFixed(0);

/** The line printed after each round. */
export function roundLine(r: RoundSummary): string {
  const parts: string[] = [`round ${r.round}:`];
  if (r.round === 0) parts.push(`expert data ${r.dataSize} traces over ${r.dataPrompts} of ${r.prompts} prompts;`);
  else {
    parts.push(
      `sampled ${r.sampledPrompts} of ${r.unsolvedBefore} unsolved prompts (${r.samples} answers, ${r.samplesCorrect} verified, ${r.samplesTruncated} cut off) → ${r.solvedBySamples} solved, +${r.newSamplePaths} paths;`,
    );
    parts.push(
      `reflections on ${r.reflectionPrompts} wrong answers: ${r.reflectionsTried} tried, ${r.reflectionsVerified} verified → ${r.solvedByReflection} solved, +${r.newReflectionPaths} paths (${r.duplicates} duplicates, ${r.capped} over the cap);`,
    );
    parts.push(`data ${r.dataSize} traces, ${r.promptsSolved} of ${r.prompts} prompts solved by the model;`);
  }
  if (r.sft) {
    const e = r.sft.eval;
    const kept = e?.retention !== undefined ? `, retention ${pct(e.retention)} (${e.retentionN})` : '';
    parts.push(`SFT ${r.sft.steps} steps → held-out ${pct(e?.heldOut)} (${e?.heldOutN ?? 0})${kept};`);
  } else parts.push('no new path: stopped before SFT;');
  const s = r.seconds;
  parts.push(
    `${secs(s.sample + s.reflect + s.data + s.sft)} s (sample ${secs(s.sample)}, reflect ${secs(s.reflect)}, data ${secs(s.data)}, SFT ${secs(s.sft)})`,
  );
  return parts.join(' ');
}

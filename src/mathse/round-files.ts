// The files of one round of a MathSE folder (docs/mathse.md, "Folder"): where each lives, how a finished pass is read
// back, and the data phase, which turns a round's verified answers and corrections into the next data and the round's
// counts. Everything here is a function of files already complete, so a rerun after a kill writes the same bytes.
import { existsSync, readFileSync } from 'node:fs';
import { readJsonl } from '../io/jsonl.js';
import { join } from 'node:path';
import type { Problem } from '../data/problems.js';
import { readCompletions, type CompletionRecord } from '../eval/model-eval.js';
import { writeFileAtomic } from '../io/atomic.js';
import { addPaths, checkData, countPaths, writeData, type Candidate, type PathSet } from './data.js';
import type { FeedbackFn } from './feedback.js';
import { reflectionItems, wrongAnswersToReflect, type ReflectionItem } from './reflection.js';
import type { RoundData } from './state.js';

export const roundDir = (dir: string, k: number): string => join(dir, `round-${k}`);
export const dataDir = (dir: string, k: number): string => join(roundDir(dir, k), 'data');
export const passPath = (dir: string, k: number, kind: 'sample' | 'reflection', j: number): string => join(roundDir(dir, k), `${kind}s`, `${kind}-${j}.jsonl`);

/** A finished pass's records, in the order of `keys` (the completions file holds one line per problem). */
export function readPass(path: string, keys: readonly string[]): CompletionRecord[] {
  const done = readCompletions(path);
  return keys.map((key) => {
    const r = done.get(key);
    if (!r) throw new Error(`mathse: ${path} has no answer for ${key}, though its phase is recorded as finished; was the folder changed by hand?`);
    return r;
  });
}

export const readRoundData = (dir: string, k: number): RoundData => JSON.parse(readFileSync(join(roundDir(dir, k), 'round.json'), 'utf8')) as RoundData;
/** The prompts the model has solved by the end of round k (solved.json): a verified answer, kept as a path or not. */
export const readSolved = (dir: string, k: number): string[] => JSON.parse(readFileSync(join(roundDir(dir, k), 'solved.json'), 'utf8')) as string[];

/** round.json and solved.json of a round; solved.json first, so a round.json always has its solved list beside it. */
export async function writeRoundData(dir: string, row: RoundData, solved: readonly string[]): Promise<void> {
  await writeFileAtomic(join(roundDir(dir, row.round), 'solved.json'), `${JSON.stringify(solved, null, 1)}\n`);
  await writeFileAtomic(join(roundDir(dir, row.round), 'round.json'), `${JSON.stringify(row, null, 2)}\n`);
}

export function emptyRound(round: number, prompts: number): RoundData {
  return {
    round,
    prompts,
    unsolvedBefore: 0,
    sampledPrompts: 0,
    samples: 0,
    samplesCorrect: 0,
    samplesTruncated: 0,
    solvedBySamples: 0,
    newSamplePaths: 0,
    reflectionPrompts: 0,
    reflectionsTried: 0,
    reflectionsVerified: 0,
    solvedByReflection: 0,
    newReflectionPaths: 0,
    duplicates: 0,
    capped: 0,
    promptsSolved: 0,
    dataSize: 0,
    dataPrompts: 0,
  };
}

/** Round k's reflection items: computed once (an outside judge is asked once) and kept in feedback.jsonl. */
export async function feedbackItems(
  dir: string,
  k: number,
  chosen: Problem[],
  samples: CompletionRecord[][],
  perPrompt: number,
  feedback: FeedbackFn,
): Promise<ReflectionItem[]> {
  const path = join(roundDir(dir, k), 'feedback.jsonl');
  if (existsSync(path)) return readItems(dir, k);
  const items = await reflectionItems(k, wrongAnswersToReflect(chosen, samples, perPrompt), feedback);
  await writeFileAtomic(path, items.map((it) => `${JSON.stringify(it)}\n`).join(''));
  return items;
}

export function readItems(dir: string, k: number): ReflectionItem[] {
  const path = join(roundDir(dir, k), 'feedback.jsonl');
  if (!existsSync(path)) return [];
  return readJsonl(path).lines.map((l) => l.value as ReflectionItem);
}

export interface RoundInputs {
  dir: string;
  k: number;
  keepPerPrompt: number;
  problems: Problem[];
  before: PathSet;
  /** Prompts solved in earlier rounds. */
  solvedBefore: ReadonlySet<string>;
  chosen: Problem[];
  /** One list per sample pass, in `chosen` order. */
  samples: CompletionRecord[][];
  items: ReflectionItem[];
  /** One list per reflection pass, in `items` order. */
  corrections: CompletionRecord[][];
  log: (m: string) => void;
}

/**
 * The data phase of round k: offers every answer and correction to the data, writes data/, and returns the round's
 * row and the prompts solved so far. A prompt counts as solved once the model answers it correctly, even when the
 * answer is a path the data already holds (the expert's): it is not sampled again.
 */
export function growData(r: RoundInputs): { row: RoundData; solved: string[] } {
  const verified = (x: { correct: boolean; truncated: boolean }) => x.correct && !x.truncated;
  const candidates: Candidate[] = [];
  r.chosen.forEach((p, i) =>
    r.samples.forEach((pass) =>
      candidates.push({ key: p.key, response: pass[i].response, correct: pass[i].correct, truncated: pass[i].truncated, source: 'sample' }),
    ),
  );
  r.items.forEach((it, i) =>
    r.corrections.forEach((pass) =>
      candidates.push({ key: it.sourceKey, response: pass[i].response, correct: pass[i].correct, truncated: pass[i].truncated, source: 'reflection' }),
    ),
  );
  const { set, stats } = addPaths(r.before, candidates, r.k, r.keepPerPrompt);
  writeData(dataDir(r.dir, r.k), r.problems, set, join(r.dir, 'images'));
  checkData(dataDir(r.dir, r.k), countPaths(set), r.log);
  const added = (source: string) => [...set.values()].flat().filter((x) => x.round === r.k && x.source === source).length;
  const samples = r.samples.flat();
  const corrections = r.corrections.flat();
  const solvedNow = new Set(candidates.filter(verified).map((c) => c.key));
  const solved = r.problems.filter((p) => r.solvedBefore.has(p.key) || solvedNow.has(p.key)).map((p) => p.key);
  const row: RoundData = {
    round: r.k,
    prompts: r.problems.length,
    unsolvedBefore: r.problems.length - r.solvedBefore.size,
    sampledPrompts: r.chosen.length,
    samples: samples.length,
    samplesCorrect: samples.filter((x) => x.correct).length,
    samplesTruncated: samples.filter((x) => x.truncated).length,
    solvedBySamples: r.chosen.filter((_, i) => r.samples.some((pass) => verified(pass[i]))).length,
    newSamplePaths: added('sample'),
    reflectionPrompts: r.items.length,
    reflectionsTried: corrections.length,
    reflectionsVerified: corrections.filter(verified).length,
    solvedByReflection: new Set(r.items.filter((_, i) => r.corrections.some((pass) => verified(pass[i]))).map((it) => it.sourceKey)).size,
    newReflectionPaths: added('reflection'),
    duplicates: stats.duplicates,
    capped: stats.capped,
    promptsSolved: solved.length,
    dataSize: countPaths(set),
    dataPrompts: set.size,
  };
  return { row, solved };
}

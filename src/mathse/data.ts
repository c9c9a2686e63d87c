// The growing SFT data of a MathSE run: for every training prompt its verified reasoning paths — the expert trace,
// answers the model sampled that the verifier accepted, and reflections (corrections of wrong answers) that it
// accepted. A round's data is written as official-format records with `trace` (one folder per task, images beside
// them), so `data.train` of the next SFT phase points at it, a person can read it, and any later run can reuse it.
// Nothing joins the data unverified: addPaths takes only verified, finished answers, and every folder written is read
// back through the ordinary record reader and re-verified before it is used.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { replaceFileSync } from '../io/atomic.js';
import { readJsonl } from '../io/jsonl.js';
import { extname, join } from 'node:path';
import { loadProblems, type Problem } from '../data/problems.js';
import { scoreResponse } from '../eval/scoring.js';
import { rasterize } from '../tasks/render/raster.js';
import { metricInfo } from '../dataset/score-functions.js';

export type PathSource = 'expert' | 'sample' | 'reflection';

/** One reasoning path of one prompt. */
export interface ReasoningPath {
  trace: string;
  source: PathSource;
  /** The round that added it (0 = the expert data). */
  round: number;
}

/** Paths per prompt (Problem.key), in the order they were added. */
export type PathSet = Map<string, ReasoningPath[]>;

/** A model answer offered to the data: only a verified, finished one can join. */
export interface Candidate {
  key: string;
  response: string;
  correct: boolean;
  truncated: boolean;
  source: 'sample' | 'reflection';
}

export interface AddStats {
  added: number;
  /** Verified answers already in the data for their prompt (same text up to white space). */
  duplicates: number;
  /** Verified answers over mathse.keepPerPrompt for their prompt this round. */
  capped: number;
  /** Answers the verifier rejected, or that hit the length limit: never added. */
  rejected: number;
}

/** White space runs collapsed: two paths that differ only in spacing are one path. */
export const normalisePath = (t: string): string =>
  t
    .trim()
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n');

/** The expert data: each prompt's expert trace (prompts without one have no path yet). */
export function expertPaths(problems: readonly Problem[]): PathSet {
  const set: PathSet = new Map();
  for (const p of problems) if (p.trace) set.set(p.key, [{ trace: p.trace, source: 'expert', round: 0 }]);
  return set;
}

/**
 * The data after a round: `before` plus the verified candidates, in the order given (sampled answers first, then
 * corrections), de-duplicated per prompt, at most `keepPerPrompt` new paths per prompt. `before` is not changed.
 */
export function addPaths(before: PathSet, candidates: readonly Candidate[], round: number, keepPerPrompt: number): { set: PathSet; stats: AddStats } {
  const set: PathSet = new Map([...before].map(([k, v]) => [k, [...v]]));
  const stats: AddStats = { added: 0, duplicates: 0, capped: 0, rejected: 0 };
  const newCount = new Map<string, number>();
  for (const c of candidates) {
    if (!c.correct || c.truncated) {
      stats.rejected++;
      continue;
    }
    const paths = set.get(c.key) ?? [];
    const text = normalisePath(c.response);
    if (paths.some((x) => normalisePath(x.trace) === text)) {
      stats.duplicates++;
      continue;
    }
    if ((newCount.get(c.key) ?? 0) >= keepPerPrompt) {
      stats.capped++;
      continue;
    }
    newCount.set(c.key, (newCount.get(c.key) ?? 0) + 1);
    paths.push({ trace: c.response.trim(), source: c.source, round });
    set.set(c.key, paths);
    stats.added++;
  }
  return { set, stats };
}

export const countPaths = (set: PathSet): number => [...set.values()].reduce((n, v) => n + v.length, 0);

/** File names of problem i's images in the run's shared image folder. */
function imageNames(p: Problem, i: number): string[] {
  return p.images.map((img, j) => `p${i}_${j}${img.path ? extname(img.path) || '.png' : '.png'}`);
}

/**
 * Writes every training problem's images once into `dir` (generated ones rasterised at data.imageSize, as prompts
 * rasterise them, so a record's prompt is pixel-identical to the generated problem's). Files already there are kept.
 */
export async function writeImages(dir: string, problems: readonly Problem[], imageSize: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < problems.length; i++) {
    const names = imageNames(problems[i], i);
    for (let j = 0; j < names.length; j++) {
      const target = join(dir, names[j]);
      if (existsSync(target)) continue;
      const img = problems[i].images[j];
      const png = img.path ? undefined : await rasterize(img.svg!, imageSize);
      replaceFileSync(target, (tmp) => (png ? writeFileSync(tmp, png) : copyFileSync(img.path!, tmp)));
    }
  }
}

/** A hard link keeps one copy of each image on disk across rounds; a copy where links are not possible. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** One official-format record per path, plus where it came from (source_key, trace_source, round). */
function recordOf(p: Problem, i: number, t: number, path: ReasoningPath, images: string[]): Record<string, unknown> {
  return {
    index: `${i}.${t}`,
    category: p.spec.officialName,
    task: p.spec.key,
    image: images.length === 1 ? images[0] : images,
    question: p.instance.question,
    question_text: p.instance.questionLanguage,
    answer: p.instance.answer,
    initial_state: p.instance.initialState ?? null,
    difficulty: String(p.instance.difficulty),
    metric_info: metricInfo(p.spec),
    trace: path.trace,
    source_key: p.key,
    trace_source: path.source,
    round: path.round,
  };
}

/**
 * Writes `set` as DIR/<task>/records.jsonl + DIR/<task>/images/, problems in training order, each prompt's paths in
 * the order added. Written into a temporary folder and renamed, so DIR is complete or absent.
 */
export function writeData(dir: string, problems: readonly Problem[], set: PathSet, imagesDir: string): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const lines = new Map<string, string[]>();
  problems.forEach((p, i) => {
    const paths = set.get(p.key);
    if (!paths?.length) return;
    const taskDir = join(tmp, p.spec.key);
    if (!lines.has(p.spec.key)) {
      mkdirSync(join(taskDir, 'images'), { recursive: true });
      lines.set(p.spec.key, []);
    }
    const names = imageNames(p, i);
    for (const n of names) linkOrCopy(join(imagesDir, n), join(taskDir, 'images', n));
    paths.forEach((path, t) =>
      lines.get(p.spec.key)!.push(
        JSON.stringify(
          recordOf(
            p,
            i,
            t,
            path,
            names.map((n) => `images/${n}`),
          ),
        ),
      ),
    );
  });
  for (const [task, ls] of lines) writeFileSync(join(tmp, task, 'records.jsonl'), `${ls.join('\n')}\n`);
  // A whole folder, not a file (io/atomic.ts replaces files): the records and their images appear together.
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** The paths a data folder holds, by prompt key: the inverse of writeData (resume reads the last round's data so). */
export function readData(dir: string): PathSet {
  const set: PathSet = new Map();
  for (const task of readdirSync(dir).sort()) {
    const file = join(dir, task, 'records.jsonl');
    if (!existsSync(file)) continue;
    for (const { value } of readJsonl(file).lines) {
      const r = value as { source_key: string; trace: string; trace_source: PathSource; round: number };
      const paths = set.get(r.source_key) ?? [];
      paths.push({ trace: r.trace, source: r.trace_source, round: r.round });
      set.set(r.source_key, paths);
    }
  }
  return set;
}

/**
 * Reads a data folder back as training problems and re-verifies every trace with its task's verifier: the SFT phase
 * must never train on a path that does not verify. Throws (a bug, not bad input) naming the first failure.
 */
export function checkData(dir: string, expected: number, log: (m: string) => void): Problem[] {
  const problems = loadProblems(dir, log);
  if (problems.length !== expected) throw new Error(`mathse: ${dir} reads back as ${problems.length} records, ${expected} were written`);
  for (const p of problems) {
    const v = scoreResponse(p.spec, p.instance, p.trace ?? '');
    if (!v.correct) throw new Error(`mathse: ${dir}: the trace of record ${p.name} does not verify (${v.reason}); refusing to train on it`);
  }
  return problems;
}

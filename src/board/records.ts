// The completions browser's data: the training samples of completions.jsonl and the evaluation answers of
// eval/step-N.jsonl, filtered and paged on the server (a long run's completions do not fit a page), each joined with
// its problem's file (problems/, written by the trainer: prompt, images; the trace is fetched on demand). Runs
// written before problem files existed still show their completions, without images.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionRecord } from '../eval/model-eval.js';
import { accuracyTable } from '../eval/scoring.js';
import type { Level } from '../tasks/types.js';
import { PROBLEMS_DIR, problemFileName, type ProblemFile } from '../train/problem-files.js';
import type { BoardRun } from './folders.js';
import { fileVersion, JsonlTail } from './jsonl-tail.js';

/** One rollout as loop.ts logCompletions writes it. */
export interface LoggedRollout {
  response: string;
  reward: number;
  correct: boolean;
  reason: string;
  tokens: number;
  truncated: boolean;
}

/** One line of completions.jsonl: a training prompt of a logged step with all its rollouts. */
export interface LoggedPrompt {
  step: number;
  key: string;
  task: string;
  level: number;
  xi: number;
  question: string;
  rollouts: LoggedRollout[];
}

/** What the browser shows of a problem next to its answers; `trace` stays on the server until asked for. */
export interface ProblemView {
  file: string;
  prompt: string;
  /** URLs of the images under /files/<run id>/. */
  images: string[];
  hasTrace: boolean;
}

export interface Filters {
  step?: number;
  task?: string;
  level?: number;
  correct?: boolean;
  xi?: number;
  offset: number;
  limit: number;
}

export interface Page<T> {
  /** Prompts (training) or answers (evaluation) that pass the filters, and how many rollouts those prompts keep. */
  total: number;
  rollouts: number;
  items: T[];
  facets: { steps: number[]; tasks: string[]; levels: number[] };
  version: string;
}

function acceptPrompt(v: unknown): LoggedPrompt {
  const p = v as LoggedPrompt | null;
  if (!p || typeof p.step !== 'number' || typeof p.key !== 'string' || !Array.isArray(p.rollouts)) {
    throw new Error('expected a completions line {step, key, task, level, xi, question, rollouts: […]} (loop.ts logCompletions)');
  }
  return p;
}

function acceptAnswer(v: unknown): CompletionRecord {
  const r = v as CompletionRecord | null;
  if (!r || typeof r.key !== 'string' || typeof r.task !== 'string' || typeof r.correct !== 'boolean') {
    throw new Error('expected an evaluation answer {key, task, level, correct, reward, reason, response, …} (eval/model-eval.ts)');
  }
  return r;
}

const tails = new Map<string, JsonlTail<unknown>>();
function tail<T>(path: string, accept: (v: unknown) => T): JsonlTail<T> {
  let t = tails.get(path) as JsonlTail<T> | undefined;
  if (!t) tails.set(path, (t = new JsonlTail(path, accept)) as JsonlTail<unknown>);
  return t;
}

const problemCache = new Map<string, { version: string; file: ProblemFile | null }>();

/** RUN/problems/<file>.json for a key, or null when the run did not keep one (older runs, unlogged problems). */
export function readProblem(run: BoardRun, key: string): ProblemFile | null {
  const path = join(run.dir, PROBLEMS_DIR, `${problemFileName(key)}.json`);
  const version = fileVersion(path);
  const hit = problemCache.get(path);
  if (hit?.version === version) return hit.file;
  let file: ProblemFile | null = null;
  if (version !== 'absent') {
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as ProblemFile;
    } catch {
      file = null; // being replaced by its writer: the next poll reads it
    }
  }
  problemCache.set(path, { version, file });
  return file;
}

/** A relative path inside the run folder as a URL the board serves, each segment escaped. */
export const fileUrl = (run: BoardRun, rel: string): string => `/files/${run.id}/${rel.split(/[\\/]/).map(encodeURIComponent).join('/')}`;

function problemView(run: BoardRun, key: string): ProblemView | null {
  const p = readProblem(run, key);
  if (!p) return null;
  return { file: problemFileName(key), prompt: p.prompt, images: p.images.map((rel) => fileUrl(run, rel)), hasTrace: typeof p.trace === 'string' };
}

const facetsOf = (rows: readonly { task: string; level: number; step?: number }[]) => ({
  steps: [...new Set(rows.map((r) => r.step).filter((s): s is number => s !== undefined))].sort((a, b) => a - b),
  tasks: [...new Set(rows.map((r) => r.task))].sort(),
  levels: [...new Set(rows.map((r) => r.level))].sort((a, b) => a - b),
});

/**
 * Training samples that pass the filters. `correct` keeps the rollouts with that verdict (a prompt with none left
 * drops out); the other filters select whole prompts. Newest step first, then the order the trainer logged.
 */
export function completionsPage(run: BoardRun, f: Filters): Page<LoggedPrompt & { problem: ProblemView | null; hiddenRollouts: number }> {
  const { rows, version } = tail(join(run.dir, 'completions.jsonl'), acceptPrompt).read();
  const matched = rows
    .filter(
      (p) =>
        (f.step === undefined || p.step === f.step) &&
        (f.task === undefined || p.task === f.task) &&
        (f.level === undefined || p.level === f.level) &&
        (f.xi === undefined || p.xi === f.xi),
    )
    .map((p) => {
      const rollouts = f.correct === undefined ? p.rollouts : p.rollouts.filter((r) => r.correct === f.correct);
      return { ...p, rollouts, hiddenRollouts: p.rollouts.length - rollouts.length };
    })
    .filter((p) => p.rollouts.length > 0)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.step - a.p.step || a.i - b.i)
    .map(({ p }) => p);
  return {
    total: matched.length,
    rollouts: matched.reduce((n, p) => n + p.rollouts.length, 0),
    items: matched.slice(f.offset, f.offset + f.limit).map((p) => ({ ...p, problem: problemView(run, p.key) })),
    facets: facetsOf(rows),
    version,
  };
}

/** eval/step-N.jsonl and eval/step-N-retention.jsonl of a run, by step. */
export function evalFiles(run: BoardRun): { name: string; step: number; set: 'held-out' | 'retention' }[] {
  const dir = join(run.dir, 'eval');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^step-(\d+)(-retention)?\.jsonl$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[0].slice(0, -'.jsonl'.length), step: Number(m[1]), set: m[2] ? ('retention' as const) : ('held-out' as const) }))
    .sort((a, b) => a.step - b.step || a.set.localeCompare(b.set));
}

/** The answers of one evaluation file (`name` from evalFiles, so never a path of the caller's making). */
export function evalAnswers(run: BoardRun, name: string): { rows: CompletionRecord[]; version: string } {
  const file = evalFiles(run).find((e) => e.name === name);
  if (!file)
    throw new Error(`no evaluation ${name} in ${join(run.dir, 'eval')}; expected step-N or step-N-retention (GET /api/runs/${run.id}/evals lists them)`);
  return tail(join(run.dir, 'eval', `${name}.jsonl`), acceptAnswer).read();
}

export function evalPage(run: BoardRun, name: string, f: Filters): Page<CompletionRecord & { problem: ProblemView | null }> {
  const { rows, version } = evalAnswers(run, name);
  const matched = rows.filter(
    (r) =>
      (f.task === undefined || r.task === f.task) && (f.level === undefined || r.level === f.level) && (f.correct === undefined || r.correct === f.correct),
  );
  return {
    total: matched.length,
    rollouts: matched.length,
    items: matched.slice(f.offset, f.offset + f.limit).map((r) => ({ ...r, problem: problemView(run, r.key) })),
    facets: facetsOf(rows),
    version,
  };
}

export interface EvalTable {
  set: 'held-out' | 'retention';
  steps: number[];
  /** Mean of per-task accuracies (the benchmark's overall score) and the number of answers, per step. */
  overall: { accuracy: number; n: number }[];
  rows: { task: string; level: number; cells: ({ correct: number; n: number } | null)[] }[];
}

/** Task × level accuracy of every evaluation of a set, from its answer files (accuracyTable: the training's own rule). */
export function evalTables(run: BoardRun): EvalTable[] {
  const out: EvalTable[] = [];
  for (const set of ['held-out', 'retention'] as const) {
    const files = evalFiles(run).filter((e) => e.set === set);
    if (files.length === 0) continue;
    const tables = files.map((e) => accuracyTable(evalAnswers(run, e.name).rows));
    const cellsSeen = new Map<string, { task: string; level: Level }>();
    for (const t of tables)
      for (const r of t.rows)
        for (const [l, c] of Object.entries(r.levels)) if (c) cellsSeen.set(`${r.task}/L${l}`, { task: r.task, level: Number(l) as Level });
    const sorted = [...cellsSeen.values()].sort((a, b) => a.task.localeCompare(b.task) || a.level - b.level);
    out.push({
      set,
      steps: files.map((e) => e.step),
      overall: tables.map((t) => ({ accuracy: t.overall, n: t.n })),
      rows: sorted.map(({ task, level }) => ({
        task,
        level,
        cells: tables.map((t) => {
          const c = t.rows.find((r) => r.task === task)?.levels[level];
          return c ? { correct: c.correct, n: c.n } : null;
        }),
      })),
    });
  }
  return out;
}

// Problems for evaluation and training, from either source a user names:
//   gen:tasks=maze,24_points,levels=1-2,n=50,seed=7   built-in generators, in memory (n per task and level, or
//                                                     one per level: levels=1-2,n=400:4000);
//                                                     style=short swaps in short questions and path-only traces
//                                                     (maze, 24_points) so tiny CPU models train in minutes;
//                                                     traceLines=21- keeps problems whose expert trace has that
//                                                     many lines (A-B, A- or -B): a difficulty split by walk length
//   FILE | DIR                                        official-format records (annotations.json / JSONL), or the
//                                                     benchmark as distributed (VLMEvalKit TSV; the Hugging Face
//                                                     parquet through loadProblemsAsync)
// Each problem carries what a prompt may use (question texts, images) separately from what only the verifier may
// see (initial_state, answer), plus its expert trace when it has one and a content hash for de-duplication.
import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { answerText, generateChecked, instanceForVerify, instanceSeed, parseLevels, resolveGeneratorTasks } from '../dataset/generate.js';
import { withoutBoxedInstruction } from '../tasks/prompt.js';
import { formatLocation, readRecords, readRecordsAsync, type ReadResult } from '../dataset/records.js';
import { assertRecordImages } from './image-check.js';
import type { Level, TaskInstance, TaskSpec } from '../tasks/types.js';

export interface Problem {
  /**
   * Unique identity: `<task>/<index>@<source>`, the source being `gen:seed=S[,style=short]` or `records:<absolute
   * path>`. Every per-problem cache and the sampling randomness are keyed on it: two sources (a training set and a
   * held-out set) number their problems alike, so `<task>/<index>` alone would let one stand in for the other.
   */
  key: string;
  /** `<task>/<index>`, for people: unique within one source only. */
  name: string;
  /** Numeric id derived from the key (stable across runs). */
  id: number;
  spec: TaskSpec;
  instance: TaskInstance;
  /** Image sources in order: absolute file paths (records) or SVG documents to rasterise (generated). */
  images: { path?: string; svg?: string }[];
  /** SERG expert trace, when the source has one. */
  trace?: string;
  /** Content hash of (task, text question, answer): identical problems from different seeds share it. */
  hash: string;
}

export function contentHash(task: string, questionLanguage: string, answer: unknown): string {
  // Without the final-answer line: a record written before the line moved to prompt time is the same problem.
  const question = withoutBoxedInstruction(questionLanguage);
  return createHash('sha256')
    .update(`${task}\n${question}\n${answerText(answer)}`)
    .digest('hex')
    .slice(0, 16);
}

export function idOf(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) & 0x7fffffff;
}

export type GenStyle = 'full' | 'short';

export interface GenSpec {
  tasks: string[];
  levels: Level[];
  n: number;
  /** Per-level counts when `n=` lists one per level (`levels=1-2,n=400:4000`); levels not listed use `n`. */
  nByLevel?: Partial<Record<Level, number>>;
  seed: number;
  /** full: the benchmark's questions and SERG traces; short: the generator's short form (see GeneratedInstance). */
  style?: GenStyle;
  /** Keep only problems whose expert trace has this many lines (inclusive); n counts the draws before the filter. */
  traceLines?: { min: number; max: number };
}

function parseLineRange(source: string, text: string): { min: number; max: number } {
  const m = /^(\d*)-(\d*)$/.exec(text) ?? /^(\d+)$/.exec(text);
  const [min, max] = m ? (m.length === 3 ? [m[1] ? Number(m[1]) : 0, m[2] ? Number(m[2]) : Infinity] : [Number(m[1]), Number(m[1])]) : [NaN, NaN];
  if (!m || (m.length === 3 && !m[1] && !m[2]) || !(min <= max)) {
    throw new Error(`${source}: traceLines must be A-B, A- or -B with whole numbers A ≤ B (e.g. traceLines=21- for walks of 21 lines or more), got '${text}'`);
  }
  return { min, max };
}

/** Parses `gen:tasks=a,b,levels=1-2,n=10,seed=3` (a value may contain commas: `tasks=a,b`). */
export function parseGenSpec(source: string): GenSpec {
  const body = source.slice('gen:'.length);
  const fields: Record<string, string> = {};
  let last: string | undefined;
  for (const part of body.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      last = part.slice(0, eq).trim();
      fields[last] = part.slice(eq + 1).trim();
    } else if (last && part.trim()) fields[last] += `,${part.trim()}`;
    else if (part.trim()) throw new Error(`${source}: '${part}' is not key=value (expected gen:tasks=…,levels=…,n=…,seed=…)`);
  }
  const known = ['tasks', 'levels', 'n', 'seed', 'style', 'traceLines'];
  for (const k of Object.keys(fields)) if (!known.includes(k)) throw new Error(`${source}: unknown key '${k}' (expected ${known.join(', ')})`);
  if (!fields.tasks) throw new Error(`${source}: tasks=… is required (e.g. gen:tasks=maze,24_points,levels=1-2,n=20,seed=0)`);
  const levels = parseLevels(fields.levels ?? '1-5');
  const counts = (fields.n ?? '10').split(':').map(Number);
  const seed = Number(fields.seed ?? '0');
  if (counts.some((c) => !Number.isInteger(c) || c <= 0))
    throw new Error(`${source}: n must be a positive integer, or one per level separated by ':' (n=400:4000), got '${fields.n}'`);
  if (counts.length > 1 && counts.length !== levels.length) {
    throw new Error(`${source}: n lists ${counts.length} counts for ${levels.length} levels (${levels.join(', ')}); give one count, or one per level in order`);
  }
  const n = counts[0];
  const nByLevel = counts.length > 1 ? Object.fromEntries(levels.map((l, i) => [l, counts[i]])) : undefined;
  if (!Number.isInteger(seed)) throw new Error(`${source}: seed must be an integer, got '${fields.seed}'`);
  const style = fields.style ?? 'full';
  if (style !== 'full' && style !== 'short') throw new Error(`${source}: style must be full or short, got '${style}'`);
  const traceLines = fields.traceLines !== undefined ? parseLineRange(source, fields.traceLines) : undefined;
  return {
    tasks: fields.tasks
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    levels,
    n,
    ...(nByLevel ? { nByLevel } : {}),
    seed,
    style,
    ...(traceLines ? { traceLines } : {}),
  };
}

/** Tasks whose generators write a short form. */
export const SHORT_FORM_TASKS = ['maze', '24_points'];

/**
 * The source part of a generated problem's key. A generated instance is a function of (seed, task, level, index)
 * alone — not of n or of the other tasks and levels in the spec — and the style changes its question and trace.
 */
export function genSourceLabel(g: Pick<GenSpec, 'seed' | 'style'>): string {
  return `gen:seed=${g.seed}${g.style === 'short' ? ',style=short' : ''}`;
}

export function generateProblems(g: GenSpec): Problem[] {
  const out: Problem[] = [];
  const source = genSourceLabel(g);
  for (const spec of resolveGeneratorTasks(g.tasks)) {
    for (const level of g.levels) {
      const count = g.nByLevel?.[level] ?? g.n;
      for (let i = 0; i < count; i++) {
        const gen = generateChecked(spec, level, instanceSeed(g.seed, spec.key, level, i));
        const name = `${spec.key}/L${level}-${i}`;
        const key = `${name}@${source}`;
        // In-memory images have no file: virtual names keep the prompt's image count (the SVGs are in `images`).
        const names = gen.svgs.map((_, j) => `${name}#image${j}.png`);
        const instance = { ...instanceForVerify(spec, gen, level, names), index: `L${level}-${i}` };
        // The hash stays that of the full question, so de-duplication agrees across styles.
        const hash = contentHash(spec.key, instance.questionLanguage, instance.answer);
        let trace = gen.trace;
        if (g.style === 'short') {
          if (!gen.short)
            throw new Error(`gen:… style=short: task '${spec.key}' has no short form (available for ${SHORT_FORM_TASKS.join(', ')}); use style=full`);
          Object.assign(instance, { question: gen.short.question, questionLanguage: gen.short.questionLanguage });
          trace = gen.short.trace;
        }
        if (g.traceLines) {
          const lines = trace === undefined ? undefined : trace.split('\n').length;
          if (lines === undefined) throw new Error(`gen:… traceLines: task '${spec.key}' has no expert trace to measure; drop traceLines`);
          if (lines < g.traceLines.min || lines > g.traceLines.max) continue;
        }
        out.push({ key, name, id: idOf(key), spec, instance, images: gen.svgs.map((svg) => ({ svg })), trace, hash });
      }
    }
  }
  return out;
}

/** Problems from `gen:…` or an official-format file/folder. Malformed records are reported, not silently skipped. */
export function loadProblems(source: string, warn: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): Problem[] {
  if (source.startsWith('gen:')) return generateProblems(parseGenSpec(source));
  return problemsFromRecords(source, readRecords(source), warn);
}

/** loadProblems for every source, the Hugging Face parquet files included (their reader is asynchronous). */
export async function loadProblemsAsync(source: string, warn: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<Problem[]> {
  if (source.startsWith('gen:')) return generateProblems(parseGenSpec(source));
  return problemsFromRecords(source, await readRecordsAsync(source), warn);
}

function problemsFromRecords(source: string, res: ReadResult, warn: (m: string) => void): Problem[] {
  for (const p of res.malformed) warn(`skipping malformed record ${formatLocation(p.location)}: ${p.reason}`);
  if (res.records.length === 0) throw new Error(`${source}: no usable records (${res.malformed.length} malformed)`);
  // Images are decoded only when a step draws them: check every file now, not hours into a run.
  assertRecordImages(source, res.records, res.root);
  const label = `records:${resolve(source)}`;
  // A file may repeat an index; later occurrences get `#2`, `#3`… so identity stays unique (and deterministic).
  const seen = new Map<string, number>();
  return res.records.map((r, i) => {
    const index = r.instance.index ?? i;
    const base = `${r.spec.key}/${index}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const name = count === 1 ? base : `${base}#${count}`;
    const key = `${name}@${label}`;
    return {
      key,
      name,
      id: idOf(key),
      spec: r.spec,
      instance: r.instance,
      images: r.instance.images.map((p) => ({ path: isAbsolute(p) ? p : join(res.root, p) })),
      trace: r.trace,
      hash: contentHash(r.spec.key, r.instance.questionLanguage, r.instance.answer),
    };
  });
}

// The data-synthesis engine: runs task generators over levels × instances and writes official-format records
// (DIR/<task>/records.jsonl) with PNG images beside them. Each instance is a pure function of (seed, task, level,
// i): it gets its own rng stream, records are serialised with a fixed key order, and PNGs are rendered by a pinned
// rasteriser, so the same command writes byte-identical files. Records carry the fields the official pipeline
// (VLMEvalKit's MM-HELIX dataset) reads: `question_text` for the text-only question, `metric_info` naming the
// scorer, an `index` unique across tasks, and questions without the final-answer line (prompt.ts adds it).
// Isomorphism instances are written twice, as the pair the official scorer grades together (isomorphism/pairs.ts).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic.js';
import { join } from 'node:path';
import { hashString, makeRng } from '../tasks/common/rng.js';
import { withoutBoxedInstruction } from '../tasks/prompt.js';
import { isPairScored, PAIR_INDEX_OFFSET, partnerImageNames, partnerIndex } from '../tasks/isomorphism/pairs.js';
import { decodeStateValue } from './records.js';
import { TASKS, getTask } from '../tasks/registry.js';
import { rasterize } from '../tasks/render/raster.js';
import { metricInfo } from './score-functions.js';
import type { GeneratedInstance, Level, TaskInstance, TaskSpec } from '../tasks/types.js';

export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];
export const DEFAULT_IMAGE_SIZE = 448;

/** One line of records.jsonl, in the official field names plus `task`, `trace`, `seed`. */
export interface GeneratedRecord {
  /** recordIndex(task position, level, i): unique across tasks (so across a merged file) and stable across runs; an
   * isomorphism partner record adds PAIR_INDEX_OFFSET. */
  index: number;
  /** The official `category` spelling (e.g. `24Points`). */
  category: string;
  task: string;
  /** Relative to records.jsonl; a list when the instance has several images (isomorphism). */
  image: string | string[];
  /** Image-variant question, without the final-answer line (added at prompt time). */
  question: string;
  /** Text-only question (the official generators' `question_language`), without the final-answer line. */
  question_text: string;
  answer: unknown;
  /** Verifier input; may contain the solution, never shown to a model (see prompt.ts). */
  initial_state: unknown;
  difficulty: '1' | '2' | '3' | '4' | '5';
  /** `{"score_function": NAME}` as a JSON string: which official scorer applies (score-functions.ts). */
  metric_info: string;
  /** Per-instance seed: `generator.generate(level, makeRng(seed, task))` reproduces this record. */
  seed: number;
  trace: string;
}

export interface GenerateOptions {
  /** Generator keys or official names, or ['all'] for every task with a generator. */
  tasks: string[];
  levels: Level[];
  /** Instances per task and level, 1..MAX_PER_LEVEL. */
  perLevel: number;
  seed: number;
  outDir: string;
  /** Longest image side in pixels. */
  sizePx?: number;
  /** Replace existing DIR/<task> output instead of refusing. */
  force?: boolean;
  /** Token counter for the trace-length report (the CLI passes a real tokenizer); default approxTokens. */
  countTokens?: (text: string) => number;
  /** Where task names are looked up; default the registry (tests pass their own specs). */
  pool?: readonly TaskSpec[];
  /** Called after each instance (done counts instances over all tasks). */
  onProgress?: (done: number, total: number, task: string) => void;
}

export interface LevelStats {
  count: number;
  /** Mean/max trace length in tokens (GenerateOptions.countTokens). */
  meanTokens: number;
  maxTokens: number;
}

export interface TaskSummary {
  task: string;
  records: number;
  images: number;
  file: string;
  traceTokens: Partial<Record<Level, LevelStats>>;
}

/** Tasks that have a generator, in registry order. */
export function generatorTasks(pool: readonly TaskSpec[] = TASKS): TaskSpec[] {
  return pool.filter((t) => t.generator !== undefined);
}

/** getTask over `pool` (the registry by default; tests pass their own specs). */
function lookup(name: string, pool: readonly TaskSpec[]): TaskSpec {
  if (pool === TASKS) return getTask(name);
  const n = name.trim().toLowerCase();
  const spec = pool.find((t) => t.key.toLowerCase() === n || t.officialName.toLowerCase() === n);
  if (!spec) throw new Error(`unknown task '${name}'. Valid tasks: ${pool.map((t) => t.key).join(', ')}`);
  return spec;
}

/**
 * Resolves --tasks: `all` means every task with a generator; names are generator keys or official names
 * (unknown names throw with the list of valid keys; a known task without a generator throws with the list of
 * generatable ones). Duplicates are dropped, order kept.
 */
export function resolveGeneratorTasks(names: readonly string[], pool: readonly TaskSpec[] = TASKS): TaskSpec[] {
  const withGen = generatorTasks(pool);
  const out: TaskSpec[] = [];
  for (const raw of names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter((n) => n.length > 0)) {
    const specs = raw.toLowerCase() === 'all' ? withGen : [lookup(raw, pool)];
    for (const spec of specs) {
      if (!spec.generator) {
        const valid = withGen.map((t) => t.key).join(', ') || '(none yet)';
        throw new Error(`task '${spec.key}' has no generator yet. Tasks with generators: ${valid}`);
      }
      if (!out.includes(spec)) out.push(spec);
    }
  }
  if (out.length === 0) throw new Error(`--tasks selects no task; give keys separated by commas, or 'all'`);
  return out;
}

/** Parses `1-5`, `2`, `1,3,5` or `1-2,4` into sorted distinct levels. */
export function parseLevels(text: string): Level[] {
  const set = new Set<Level>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^([1-5])(?:-([1-5]))?$/.exec(part);
    if (!m) throw new Error(`--levels: bad part '${part}' in '${text}'; expected levels 1..5 like 1-5, 3 or 1,3,5`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new Error(`--levels: range '${part}' runs backwards; expected lo-hi with lo <= hi`);
    for (let l = lo; l <= hi; l++) set.add(l as Level);
  }
  return [...set].sort((a, b) => a - b);
}

/** The seed of instance i of (task, level): independent of --per-level and of the other tasks requested. */
export function instanceSeed(seed: number, task: string, level: Level, i: number): number {
  return hashString(`${seed >>> 0}/${task}/L${level}/${i}`);
}

/** Largest --per-level the record index can number (i takes the index's last five digits). */
export const MAX_PER_LEVEL = 100_000;

/**
 * The `index` of instance i of (task, level): T·1,000,000 + L·100,000 + i, T being the task's position in the
 * registry. Like the instance itself it depends on nothing else (not on the other tasks or levels requested, nor on
 * --per-level), so records stay unique when folders from several runs are merged into one file, as the official
 * pipeline's single table is, and a larger run numbers its records as a smaller one did.
 */
export function recordIndex(taskPosition: number, level: Level, i: number): number {
  if (!Number.isInteger(taskPosition) || taskPosition < 0) throw new Error(`recordIndex: task position ${taskPosition} is not a registry position`);
  if (!Number.isInteger(i) || i < 0 || i >= MAX_PER_LEVEL) throw new Error(`recordIndex: instance ${i} is outside 0..${MAX_PER_LEVEL - 1}`);
  return taskPosition * 1_000_000 + level * 100_000 + i;
}

/** Rough token count of a trace (word and punctuation pieces, close to BPE counts for English text). */
export function approxTokens(text: string): number {
  return (text.match(/[A-Za-z]+|\d|[^\sA-Za-z\d]/g) ?? []).length;
}

/** Reference answer as response text, the way records hold it (strings as is, lists/objects as JSON). */
export function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (typeof answer === 'number' || typeof answer === 'bigint') return String(answer);
  return JSON.stringify(answer) ?? '';
}

/**
 * The instance a verifier sees once the record is written and read back: JSON round trip, then the record
 * reader's own decoding (records.ts) and the task's parseState, so generation-time checks match read-time ones.
 */
export function instanceForVerify(spec: TaskSpec, g: GeneratedInstance, level: Level, images: string[]): TaskInstance {
  const json = JSON.stringify(g.instance.initialState ?? null);
  const raw = decodeStateValue(JSON.parse(json));
  const initialState = raw !== null && raw !== '' && spec.parseState ? spec.parseState(raw) : raw;
  return { ...g.instance, task: spec.key, difficulty: level, images, initialState };
}

/**
 * The instance with both question variants stripped of a trailing final-answer line: several generators still end
 * their questions with it, and records must not (buildPrompt adds it, once). The short forms keep theirs: they are
 * never written to records, and the committed demo base learned those exact prompts.
 */
function withBareQuestions(g: GeneratedInstance): GeneratedInstance {
  const { question, questionLanguage } = g.instance;
  const instance = { ...g.instance, question: withoutBoxedInstruction(question), questionLanguage: withoutBoxedInstruction(questionLanguage) };
  return { ...g, instance };
}

/**
 * Generates one instance and checks it: the trace and the reference answer must both pass the task's own
 * verifier (SERG keeps only verified traces; here a failure is a generator bug, so it throws with the reason).
 */
export function generateChecked(spec: TaskSpec, level: Level, seed: number): GeneratedInstance {
  const where = `${spec.key} level ${level} seed ${seed}`;
  if (!spec.generator) throw new Error(`task '${spec.key}' has no generator`);
  const g = withBareQuestions(spec.generator.generate(level, makeRng(seed, spec.key)));
  if (g.svgs.length === 0) throw new Error(`generator ${where}: produced no image (svgs is empty)`);
  if (!g.instance.question.trim() || !g.instance.questionLanguage.trim()) {
    throw new Error(`generator ${where}: question and questionLanguage must both be non-empty`);
  }
  const inst = instanceForVerify(spec, g, level, []);
  const byTrace = spec.verify(inst, g.trace);
  if (!byTrace.correct) throw new Error(`generator ${where}: its trace fails the verifier: ${byTrace.reason}`);
  const byAnswer = spec.verify(inst, `\\boxed{${answerText(g.instance.answer)}}`);
  if (!byAnswer.correct) throw new Error(`generator ${where}: its reference answer fails the verifier: ${byAnswer.reason}`);
  if (g.short) {
    const byShort = spec.verify(inst, g.short.trace);
    if (!byShort.correct) throw new Error(`generator ${where}: its short trace fails the verifier: ${byShort.reason}`);
  }
  return g;
}

/** Serialises a record with a fixed key order (JSON.stringify keeps insertion order), one line. */
export function recordLine(r: GeneratedRecord): string {
  const ordered: GeneratedRecord = {
    index: r.index,
    category: r.category,
    task: r.task,
    image: r.image,
    question: r.question,
    question_text: r.question_text,
    answer: r.answer,
    initial_state: r.initial_state,
    difficulty: r.difficulty,
    metric_info: r.metric_info,
    seed: r.seed,
    trace: r.trace,
  };
  return JSON.stringify(ordered);
}

/** Refuses (before any work) when any task folder exists, unless forced; lists every conflict. */
function checkOutputs(outDir: string, specs: TaskSpec[], force: boolean): void {
  if (force) return;
  const existing = specs.map((s) => join(outDir, s.key)).filter((p) => existsSync(p));
  if (existing.length > 0) {
    throw new Error(`output already exists: ${existing.join(', ')}. HINT: pass --force to replace it, or choose another --out`);
  }
}

function updateStats(stats: Partial<Record<Level, LevelStats>>, level: Level, tokens: number): void {
  const s = stats[level] ?? { count: 0, meanTokens: 0, maxTokens: 0 };
  s.meanTokens = (s.meanTokens * s.count + tokens) / (s.count + 1);
  s.count++;
  s.maxTokens = Math.max(s.maxTokens, tokens);
  stats[level] = s;
}

/** Writes DIR/<task>/records.jsonl and DIR/<task>/images/*.png for every requested task. */
export async function generateDataset(o: GenerateOptions): Promise<TaskSummary[]> {
  if (!Number.isInteger(o.perLevel) || o.perLevel < 1 || o.perLevel > MAX_PER_LEVEL) {
    throw new Error(`--per-level must be an integer in [1, ${MAX_PER_LEVEL}] (the record index has room for that many), got ${o.perLevel}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new Error(`--seed must be an integer in [0, 4294967295], got ${o.seed}`);
  }
  if (o.levels.length === 0) throw new Error('--levels selects no level; expected e.g. 1-5');
  const sizePx = o.sizePx ?? DEFAULT_IMAGE_SIZE;
  const pool = o.pool ?? TASKS;
  const specs = resolveGeneratorTasks(o.tasks, pool);
  const paired = specs.find((s) => isPairScored(s));
  if (paired && o.perLevel > PAIR_INDEX_OFFSET) {
    throw new Error(
      `--per-level ${o.perLevel} is too many for ${paired.key}: its records come in pairs and a level numbers at most ${PAIR_INDEX_OFFSET} of them`,
    );
  }
  checkOutputs(o.outDir, specs, o.force ?? false);
  const total = specs.length * o.levels.length * o.perLevel;
  let done = 0;
  const summaries: TaskSummary[] = [];
  for (const spec of specs) {
    const dir = join(o.outDir, spec.key);
    const file = join(dir, 'records.jsonl');
    // Only our own outputs are removed (stale images from a bigger earlier run would otherwise linger).
    rmSync(join(dir, 'images'), { recursive: true, force: true });
    rmSync(file, { force: true });
    mkdirSync(join(dir, 'images'), { recursive: true });
    const lines: string[] = [];
    const summary: TaskSummary = { task: spec.key, records: 0, images: 0, file, traceTokens: {} };
    for (const level of o.levels) {
      for (let i = 0; i < o.perLevel; i++) {
        const seed = instanceSeed(o.seed, spec.key, level, i);
        const g = generateChecked(spec, level, seed);
        const names = g.svgs.map((_, j) => `images/${spec.key}_L${level}_${i}${g.svgs.length > 1 ? `_${j}` : ''}.png`);
        const pngs: Buffer[] = [];
        for (let j = 0; j < g.svgs.length; j++) {
          pngs.push(await rasterize(g.svgs[j], sizePx));
          writeFileSync(join(dir, names[j]), pngs[j]);
        }
        const record: GeneratedRecord = {
          index: recordIndex(pool.indexOf(spec), level, i),
          category: spec.officialName,
          task: spec.key,
          image: names.length === 1 ? names[0] : names,
          question: g.instance.question,
          question_text: g.instance.questionLanguage,
          answer: g.instance.answer,
          initial_state: g.instance.initialState ?? null,
          difficulty: String(level) as GeneratedRecord['difficulty'],
          metric_info: metricInfo(spec),
          seed,
          trace: g.trace,
        };
        lines.push(recordLine(record));
        summary.images += names.length;
        const tokens = (o.countTokens ?? approxTokens)(g.trace);
        updateStats(summary.traceTokens, level, tokens);
        if (isPairScored(spec)) {
          // The partner the official scorer needs: the same record with the pictures in reverse order (copies under
          // `reverse_` names, as the benchmark's second member has), right after the first so pairs stay together.
          const partner = partnerImageNames(names);
          partner.forEach((name, j) => writeFileSync(join(dir, name), pngs[pngs.length - 1 - j]));
          lines.push(recordLine({ ...record, index: partnerIndex(record.index, i), image: partner.length === 1 ? partner[0] : partner }));
          summary.images += partner.length;
          updateStats(summary.traceTokens, level, tokens);
        }
        o.onProgress?.(++done, total, spec.key);
      }
    }
    // Atomic: an interrupted run never leaves a truncated records.jsonl that looks complete.
    writeFileAtomicSync(file, lines.join('\n') + '\n');
    summary.records = lines.length;
    summaries.push(summary);
  }
  return summaries;
}

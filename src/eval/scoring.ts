// Scoring shared by `ahpo verify`, the model-free `ahpo eval` and the later model-driven eval: score (instance,
// response) pairs with the task verifiers, then tabulate accuracy per task × level and the benchmark's overall score
// (mean of per-task accuracies, as the MM-HELIX scorer computes it). Where responses come from is the caller's business.
// Isomorphism is reported twice: per record (each response right or wrong on its own, as the training reward sees it;
// this is `accuracy` and `overall`) and under VLMEvalKit's pair rule (isomorphism/pairs.ts; `paired` and
// `officialOverall`), which is what the official scorer prints for the same responses. Both are kept because ahpo's
// own held-out sets hold each isomorphism instance once (generated in memory, or de-duplicated by content), where the
// pair rule would score every item 0.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pairedScore, pairKeyOf, type PairedScore } from '../tasks/isomorphism/pairs.js';
import { formatLocation, readRecordsAsync } from '../dataset/records.js';
import type { DatasetRecord, ReadOptions, RecordProblem } from '../dataset/records.js';
import { runVerifier } from '../tasks/define.js';
import { findTask } from '../tasks/registry.js';
import type { Level, TaskInstance, TaskSpec } from '../tasks/types.js';

export interface ScoredItem {
  task: string;
  level: Level;
  index?: number | string;
  reward: number;
  correct: boolean;
  reason: string;
  /** The verifier could not judge the response (it threw, or the state did not parse): the item scores 0 and is counted. */
  fault?: string;
  /** Isomorphism only: items with the same key (same question_text) are one pair under the official rule. */
  pairKey?: string;
}

function baseItem(spec: TaskSpec, instance: TaskInstance): Pick<ScoredItem, 'task' | 'level' | 'index' | 'pairKey'> {
  const pairKey = pairKeyOf(spec, instance.questionLanguage);
  return { task: spec.key, level: instance.difficulty, index: instance.index, ...(pairKey === undefined ? {} : { pairKey }) };
}

/** Runs one verifier under the failure policy (define.ts): a fault scores 0 and is kept on the item. */
export function scoreResponse(spec: TaskSpec, instance: TaskInstance, response: string): ScoredItem {
  const r = runVerifier(spec.verify, instance, response);
  return { ...baseItem(spec, instance), reward: r.reward, correct: r.correct, reason: r.reason, ...(r.fault === undefined ? {} : { fault: r.fault }) };
}

export interface Cell {
  n: number;
  correct: number;
  rewardSum: number;
}

export interface TaskRow {
  task: string;
  levels: Partial<Record<Level, Cell>>;
  total: Cell;
  /** correct / n over all the task's items. */
  accuracy: number;
  /** The task under VLMEvalKit's pair rule, when its items carry pair keys (isomorphism). */
  paired?: PairedScore;
  /** Items whose verifier faulted (scored 0), and the first fault's message. */
  faults: number;
  firstFault?: string;
}

export interface AccuracyTable {
  rows: TaskRow[];
  /** Mean of the per-task accuracies (each task weighs the same, however many items it has). */
  overall: number;
  /** The same mean with each paired task at its pair-rule accuracy: VLMEvalKit's overall for these responses. */
  officialOverall: number;
  n: number;
  correct: number;
  /** Items the verifier could not judge, over all tasks (each scored 0; per task in rows[].faults). */
  verifierFaults: number;
}

const LEVELS: Level[] = [1, 2, 3, 4, 5];

function addTo(cell: Cell, item: ScoredItem): void {
  cell.n++;
  if (item.correct) cell.correct++;
  cell.rewardSum += item.reward;
}

export function accuracyTable(items: readonly ScoredItem[]): AccuracyTable {
  const byTask = new Map<string, TaskRow>();
  for (const item of items) {
    let row = byTask.get(item.task);
    if (!row) {
      row = { task: item.task, levels: {}, total: { n: 0, correct: 0, rewardSum: 0 }, accuracy: 0, faults: 0 };
      byTask.set(item.task, row);
    }
    const cell = (row.levels[item.level] ??= { n: 0, correct: 0, rewardSum: 0 });
    addTo(cell, item);
    addTo(row.total, item);
    if (item.fault !== undefined) {
      row.faults++;
      row.firstFault ??= item.fault;
    }
  }
  const rows = [...byTask.values()].sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
  for (const row of rows) {
    row.accuracy = row.total.correct / row.total.n;
    const own = items.filter((it) => it.task === row.task);
    if (own.some((it) => it.pairKey !== undefined)) row.paired = pairedScore(own);
  }
  const mean = (acc: (r: TaskRow) => number): number => (rows.length === 0 ? 0 : rows.reduce((s, r) => s + acc(r), 0) / rows.length);
  const overall = mean((r) => r.accuracy);
  const officialOverall = mean((r) => r.paired?.accuracy ?? r.accuracy);
  const correct = rows.reduce((s, r) => s + r.total.correct, 0);
  const verifierFaults = rows.reduce((s, r) => s + r.faults, 0);
  return { rows, overall, officialOverall, n: items.length, correct, verifierFaults };
}

function pct(cell: Cell | undefined): string {
  if (!cell || cell.n === 0) return '-';
  return `${((100 * cell.correct) / cell.n).toFixed(1)}`;
}

/** A fixed-width text table: accuracy % per level (blank cell = no items), the task's accuracy and item count. */
export function formatAccuracyTable(table: AccuracyTable): string {
  const width = Math.max(4, ...table.rows.map((r) => r.task.length));
  const cols = ['L1', 'L2', 'L3', 'L4', 'L5', 'all', 'n'];
  const line = (name: string, cells: string[]): string => `${name.padEnd(width)}  ${cells.map((c) => c.padStart(6)).join(' ')}`.trimEnd();
  const out = [line('task', cols)];
  for (const r of table.rows) {
    out.push(line(r.task, [...LEVELS.map((l) => pct(r.levels[l])), pct(r.total), String(r.total.n)]));
  }
  out.push(
    `overall (mean of ${table.rows.length} per-task accuracies): ${(100 * table.overall).toFixed(2)}%` + `  [${table.correct}/${table.n} items correct]`,
  );
  const paired = table.rows.filter((r) => r.paired !== undefined);
  if (paired.length > 0) {
    out.push('official pair rule (VLMEvalKit: two records sharing question_text count only if both are right; a record without its partner counts 0):');
    for (const r of paired) {
      const p = r.paired as PairedScore;
      const parts = [`${p.pairsCorrect}/${p.pairs} pairs both right`, `${p.unpaired} without a partner`];
      if (p.untouched > 0) parts.push(`${p.untouched} scored alone`);
      out.push(`  ${r.task}: ${(100 * p.accuracy).toFixed(1)}% [${parts.join(', ')}]`);
    }
    out.push(`  overall under the pair rule: ${(100 * table.officialOverall).toFixed(2)}%`);
  }
  if (table.verifierFaults > 0) {
    // One line per task, with its first message: the count says how much, the message where to look.
    out.push(`WARNING: ${table.verifierFaults} verifier fault(s) scored 0 — a verifier bug or an unreadable initial_state:`);
    for (const r of table.rows) if (r.faults > 0) out.push(`  ${r.task}: ${r.faults} fault(s), first: ${r.firstFault}`);
  }
  return out.join('\n');
}

/** A dataset record paired with the response to score, or with none (scored 0, reported as missing). */
export interface EvalPair {
  record: DatasetRecord;
  response: string | null;
}

export interface ResponseMatch {
  pairs: EvalPair[];
  /** Response entries that could not be read or matched to a dataset record. */
  problems: RecordProblem[];
  missing: number;
}

function keyOf(task: string, index: number | string | undefined): string {
  return `${task}\u0000${String(index)}`;
}

/**
 * Pairs dataset records with responses by (task, index): the responses file holds objects with `index` and
 * `response`, plus `task` or `category` where indices repeat across tasks (official indices are unique strings).
 */
export function matchResponses(records: readonly DatasetRecord[], responsesFile: string, lookup: (name: string) => TaskSpec | undefined): ResponseMatch {
  const problems: RecordProblem[] = [];
  const byKey = new Map<string, DatasetRecord>();
  const byIndex = new Map<string, DatasetRecord[]>();
  for (const rec of records) {
    byKey.set(keyOf(rec.spec.key, rec.instance.index), rec);
    const list = byIndex.get(String(rec.instance.index)) ?? [];
    list.push(rec);
    byIndex.set(String(rec.instance.index), list);
  }
  const responses = new Map<DatasetRecord, string>();
  for (const entry of readResponseEntries(responsesFile, problems)) {
    const { value: v, location } = entry;
    const fail = (reason: string): void => void problems.push({ location, reason });
    if (typeof v.response !== 'string') {
      fail(`entry has no string 'response'`);
      continue;
    }
    if (typeof v.index !== 'string' && typeof v.index !== 'number') {
      fail(`entry has no 'index' (string or number) to match a dataset record`);
      continue;
    }
    const taskName = [v.task, v.category].find((t): t is string => typeof t === 'string');
    let rec: DatasetRecord | undefined;
    if (taskName !== undefined) {
      const spec = lookup(taskName);
      if (!spec) {
        fail(`unknown task '${taskName}'`);
        continue;
      }
      rec = byKey.get(keyOf(spec.key, v.index));
    } else {
      const hits = byIndex.get(String(v.index)) ?? [];
      if (hits.length > 1) {
        fail(`index ${JSON.stringify(v.index)} is used by ${hits.length} dataset records; add 'task' to the entry`);
        continue;
      }
      rec = hits[0];
    }
    if (!rec) fail(`no dataset record with index ${JSON.stringify(v.index)}${taskName ? ` in task ${taskName}` : ''}`);
    else if (responses.has(rec)) fail(`second response for ${rec.spec.key} index ${JSON.stringify(v.index)}; first one kept`);
    else responses.set(rec, v.response);
  }
  const pairs = records.map((record) => ({ record, response: responses.get(record) ?? null }));
  return { pairs, problems, missing: pairs.filter((p) => p.response === null).length };
}

function readResponseEntries(file: string, problems: RecordProblem[]): Array<{ value: Record<string, unknown>; location: RecordProblem['location'] }> {
  const text = readFileSync(resolve(file), 'utf8').replace(/^\uFEFF/, '');
  const out: Array<{ value: Record<string, unknown>; location: RecordProblem['location'] }> = [];
  const push = (value: unknown, location: RecordProblem['location']): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push({ value: value as Record<string, unknown>, location });
    else problems.push({ location, reason: 'entry is not a JSON object' });
  };
  if (text.trimStart().startsWith('[')) {
    try {
      (JSON.parse(text) as unknown[]).forEach((v, i) => push(v, { file, arrayIndex: i }));
    } catch (err) {
      problems.push({ location: { file }, reason: `file is not a valid JSON list: ${(err as Error).message}` });
    }
    return out;
  }
  // Not io/jsonl.ts's reader: user-supplied files, complete by definition (no live writer), where every bad line is
  // reported with the others instead of stopping at the first.
  text.split('\n').forEach((raw, i) => {
    if (raw.trim().length === 0) return;
    try {
      push(JSON.parse(raw), { file, line: i + 1 });
    } catch (err) {
      problems.push({ location: { file, line: i + 1 }, reason: `line is not valid JSON: ${(err as Error).message}` });
    }
  });
  return out;
}

/** Scores pairs; a missing response scores 0 with reason "no response" (it counts against accuracy). */
export function scorePairs(pairs: readonly EvalPair[]): ScoredItem[] {
  return pairs.map(({ record, response }) =>
    response === null
      ? { ...baseItem(record.spec, record.instance), reward: 0, correct: false, reason: 'no response' }
      : scoreResponse(record.spec, record.instance, response),
  );
}

export interface ModelFreeEval {
  table: AccuracyTable;
  items: ScoredItem[];
  /** Malformed dataset records and unusable response entries, with positions. */
  problems: RecordProblem[];
  warnings: RecordProblem[];
  missing: number;
}

/** `ahpo eval --dataset D --responses R`: read, pair, score, tabulate. */
export async function evaluateResponses(datasetPath: string, responsesFile: string, options: ReadOptions = {}): Promise<ModelFreeEval> {
  // Scoring needs no images (the disk is not searched); a responses file kept inside the dataset folder is no dataset.
  const exclude = [...(options.exclude ?? []), responsesFile];
  const data = await readRecordsAsync(datasetPath, { ...options, exclude, checkImages: options.checkImages ?? false });
  const match = matchResponses(data.records, responsesFile, options.findTask ?? findTask);
  const items = scorePairs(match.pairs);
  return {
    table: accuracyTable(items),
    items,
    problems: [...data.malformed, ...match.problems],
    warnings: data.warnings,
    missing: match.missing,
  };
}

export function describeProblem(p: RecordProblem): string {
  return `${formatLocation(p.location)}: ${p.reason}`;
}

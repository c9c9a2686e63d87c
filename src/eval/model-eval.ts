// Model-driven evaluation: generate an answer for every problem (batched, greedy by default), score it with the
// task's verifier, append one JSON line per problem to the completions file as soon as its batch finishes, and
// tabulate accuracy per task × level. A rerun with the same completions file skips the problems already scored, so
// an interrupted evaluation resumes where it stopped.
import { appendFileSync, existsSync } from 'node:fs';
import { dropPartialLine, readJsonl } from '../io/jsonl.js';
import type { QwenTokenizer } from '../data/tokenizer.js';
import type { Problem } from '../data/problems.js';
import { generate } from '../rollout/generate.js';
import type { Policy, PreparedPrompt } from '../rollout/policy.js';
import type { SamplingOptions } from '../rollout/sampler.js';
import { accuracyTable, scoreResponse, type AccuracyTable, type ScoredItem } from './scoring.js';

export interface CompletionRecord extends ScoredItem {
  key: string;
  hash: string;
  response: string;
  completionTokens: number;
  truncated: boolean;
}

export interface ModelEvalOptions extends SamplingOptions {
  policy: Policy;
  tokenizer: QwenTokenizer;
  problems: readonly Problem[];
  batchSize: number;
  maxNewTokens: number;
  seed: number;
  stopIds: readonly number[];
  suppressIds: readonly number[];
  /** Completions JSONL: appended per batch; existing lines are reused (resume). */
  completionsPath?: string;
  /** Turns a problem into model input (rollout/prepare.ts: text, and images for the image variant). */
  prepare: (problem: Problem) => Promise<PreparedPrompt>;
  onProgress?: (done: number, total: number, what: string) => void;
}

/**
 * Completion records already in the file, keyed by problem key. A run killed mid-write leaves a partial last line:
 * it is cut off (the file rewritten atomically) so that appended lines start on a line of their own. A bad line
 * anywhere else is corruption, and resuming over it is refused.
 */
export function readCompletions(path: string): Map<string, CompletionRecord> {
  const done = new Map<string, CompletionRecord>();
  if (!existsSync(path)) return done;
  const content = readJsonl(path, { expected: 'refusing to resume over a corrupt completions file (move it away to start over)' });
  for (const { value } of content.lines) {
    const rec = value as CompletionRecord;
    if (typeof rec?.key === 'string') done.set(rec.key, rec);
  }
  // The evaluation appends to this file next (resume): its lines must start on a line of their own.
  dropPartialLine(path, content);
  return done;
}

export async function evaluateModel(o: ModelEvalOptions): Promise<{ records: CompletionRecord[]; table: AccuracyTable; resumed: number }> {
  if (!(Number.isInteger(o.batchSize) && o.batchSize > 0)) throw new Error(`eval: batch size must be a positive integer, got ${o.batchSize}`);
  const keys = new Set<string>();
  for (const p of o.problems) {
    if (keys.has(p.key)) throw new Error(`eval: two problems share the key '${p.key}'; keys must be unique to resume`);
    keys.add(p.key);
  }
  const previous = o.completionsPath ? readCompletions(o.completionsPath) : new Map<string, CompletionRecord>();
  const pending = o.problems.filter((p) => !previous.has(p.key));
  const fresh: CompletionRecord[] = [];
  let done = o.problems.length - pending.length;
  o.onProgress?.(done, o.problems.length, 'resumed');
  for (let start = 0; start < pending.length; start += o.batchSize) {
    const batch = pending.slice(start, start + o.batchSize);
    const prompts = await Promise.all(batch.map((p) => o.prepare(p)));
    const { completions } = await generate(o.policy, prompts, {
      groupSize: 1,
      maxNewTokens: o.maxNewTokens,
      temperature: o.temperature,
      topK: o.topK,
      topP: o.topP,
      seed: o.seed,
      step: 0,
      stopIds: o.stopIds,
      suppressIds: o.suppressIds,
    });
    const lines: string[] = [];
    for (const c of completions) {
      const p = batch[c.promptIndex];
      const response = o.tokenizer.decode(c.tokens, { skipSpecial: true });
      const scored = scoreResponse(p.spec, p.instance, response);
      const rec: CompletionRecord = { ...scored, key: p.key, hash: p.hash, response, completionTokens: c.tokens.length, truncated: c.truncated };
      fresh.push(rec);
      lines.push(JSON.stringify(rec));
    }
    if (o.completionsPath) appendFileSync(o.completionsPath, lines.map((l) => `${l}\n`).join(''));
    done += batch.length;
    o.onProgress?.(done, o.problems.length, batch[batch.length - 1].spec.key);
  }
  const byKey = new Map<string, CompletionRecord>([...previous, ...fresh.map((r) => [r.key, r] as const)]);
  const records = o.problems.map((p) => byKey.get(p.key)!);
  return { records, table: accuracyTable(records), resumed: o.problems.length - pending.length };
}

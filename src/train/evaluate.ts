// Evaluation during training: greedy answers to the held-out set (and the retention set, when configured), scored
// per task and level, and the run's first, best and last evaluations across sessions.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../data/problems.js';
import { evaluateModel } from '../eval/model-eval.js';
import { accuracyTable } from '../eval/scoring.js';
import type { EvalRow, EvalScores } from './metrics.js';
import type { ProblemFiles } from './problem-files.js';
import type { Run } from './setup.js';

/**
 * Greedy answers to one problem set, kept in RUN/eval/<name>.jsonl so a person can read what the model wrote; the
 * problems themselves (prompt, images, trace) in RUN/problems/.
 */
async function evaluateSet(run: Run, problems: Problem[], name: string, files: ProblemFiles): Promise<EvalScores> {
  files.write(problems);
  const completionsPath = join(run.dir, 'eval', `${name}.jsonl`);
  mkdirSync(join(run.dir, 'eval'), { recursive: true });
  rmSync(completionsPath, { force: true });
  const { records } = await evaluateModel({
    completionsPath,
    policy: run.policy,
    tokenizer: run.tokenizer,
    problems,
    prepare: run.prepare,
    batchSize: run.trainConfig.eval.batchSize,
    maxNewTokens: run.trainConfig.eval.maxNewTokens,
    temperature: 0,
    topK: 0,
    topP: 1,
    seed: run.trainConfig.run.seed,
    stopIds: run.stopIds,
    suppressIds: run.suppressIds,
  });
  const table = accuracyTable(records);
  const cells: Record<string, number> = {};
  for (const row of table.rows) for (const [level, cell] of Object.entries(row.levels)) if (cell) cells[`${row.task}/L${level}`] = cell.correct / cell.n;
  return { overall: table.overall, tasks: Object.fromEntries(table.rows.map((r) => [r.task, r.accuracy])), cells, n: table.n };
}

/** The held-out set (eval/step-N.jsonl) and, when configured, the retention set (eval/step-N-retention.jsonl). */
export async function evaluate(run: Run, step: number, elapsed: number, files: ProblemFiles): Promise<EvalRow> {
  const held = await evaluateSet(run, run.eval, `step-${step}`, files);
  const retention = run.retention.length > 0 ? await evaluateSet(run, run.retention, `step-${step}-retention`, files) : undefined;
  return { kind: 'eval', step, time: elapsed, ...held, ...(retention ? { retention } : {}) };
}

/** The run's evaluations so far: earlier sessions' count, so first, best and last are the run's, not this session's. */
export class EvalHistory {
  first?: EvalRow;
  last?: EvalRow;
  /** The highest overall accuracy; the earliest of equals. */
  best?: EvalRow;

  constructor(earlier: readonly EvalRow[]) {
    for (const row of earlier) this.add(row);
  }

  add(row: EvalRow): void {
    this.first ??= row;
    if (!this.best || row.overall > this.best.overall) this.best = row;
    this.last = row;
  }
}

/** The log line of an evaluation. */
export function describeEval(row: EvalRow): string {
  const kept = row.retention ? `; retention ${(row.retention.overall * 100).toFixed(1)}% over ${row.retention.n}` : '';
  return `eval at step ${row.step}: ${(row.overall * 100).toFixed(1)}% (mean of per-task accuracy over ${row.n} held-out problems)${kept}`;
}

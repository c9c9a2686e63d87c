// Graph isomorphism is the one MM-HELIX family the official scorer grades in pairs. VLMEvalKit's
// `MMHELIX.evaluate` (vlmeval/dataset/mmhelix.py, `_process_graph_isomorphism_pairs`) groups the rows of category
// `graph_isomorphism` by identical `question_text`: a group of two scores 1 for both rows when both are right and 0
// for both otherwise; a row alone in its group scores 0 ("no pair found"); a row without question_text, or in a group
// of three or more, keeps its own score. A Yes/No question answered by a coin flip thus scores 25%, not 50%.
//
// The official generator (PhoenixZ810/MM-HELIX sandbox/generator/isomorphism_generator.py) writes one record per
// instance; the pairs exist only in the distributed benchmark (tianhao2k/MM-HELIX holds 1,290 rows, 30 more than the
// 42 × 30 instances the paper counts: each of the 30 isomorphism instances appears twice). Two rows share
// question_text only when they hold the same two graphs, so they share the answer; VLMEvalKit marks the second row by
// a `reverse_` file name on its first image. ahpo writes the same: per instance a record and its partner with every
// field equal except `index` (+ PAIR_INDEX_OFFSET) and `image` (the two pictures in reverse order, as copies named
// `reverse_<name>`). The pictures carry their graph's name, so the shared image question holds for both orders.
import { createHash } from 'node:crypto';
import type { TaskSpec } from '../types.js';

/** The official category VLMEvalKit scores in pairs (it checks this name, not the metric). */
export const PAIRED_CATEGORY = 'graph_isomorphism';

/** The partner's index is the first member's plus this, so --per-level may go up to it for a paired task. */
export const PAIR_INDEX_OFFSET = 50_000;

/** The file-name prefix VLMEvalKit looks for in the first image of a pair's second member. */
export const REVERSE_PREFIX = 'reverse_';

export function isPairScored(spec: Pick<TaskSpec, 'officialName'>): boolean {
  return spec.officialName === PAIRED_CATEGORY;
}

/** The partner record's images: the same pictures in reverse order, each file name prefixed `reverse_`. */
export function partnerImageNames(names: readonly string[]): string[] {
  return [...names].reverse().map((n) => {
    const slash = n.lastIndexOf('/');
    return `${n.slice(0, slash + 1)}${REVERSE_PREFIX}${n.slice(slash + 1)}`;
  });
}

/** The partner record's index; throws when the first member's instance number leaves no room below the offset. */
export function partnerIndex(index: number, instance: number): number {
  if (!Number.isInteger(instance) || instance < 0 || instance >= PAIR_INDEX_OFFSET) {
    throw new Error(`isomorphism: instance ${instance} has no partner index (a level holds at most ${PAIR_INDEX_OFFSET} pairs)`);
  }
  return index + PAIR_INDEX_OFFSET;
}

/**
 * The key rows are paired by: a hash of the exact question_text (equal texts, equal keys; short enough to store with
 * every scored item). Undefined for other tasks and for a row without question_text, which the rule leaves alone.
 */
export function pairKeyOf(spec: Pick<TaskSpec, 'officialName'>, questionText: string): string | undefined {
  if (!isPairScored(spec) || questionText.length === 0) return undefined;
  return createHash('sha256').update(questionText).digest('hex').slice(0, 16);
}

/** One task's items under the official pair rule. */
export interface PairedScore {
  /** Items of the task (all of them count in the denominator, as in VLMEvalKit). */
  n: number;
  /** Groups of exactly two items sharing a key, and those with both items right. */
  pairs: number;
  pairsCorrect: number;
  /** Items alone in their group: 0 under the rule, however they were answered. */
  unpaired: number;
  /** Items the rule leaves alone: no key, or a group of three or more. */
  untouched: number;
  /** Items correct under the rule: two per correct pair, plus the untouched items that are right. */
  correct: number;
  /** correct / n: VLMEvalKit's average_score for the category. */
  accuracy: number;
}

/** Applies VLMEvalKit's pair rule to one task's items (each right or wrong on its own). */
export function pairedScore(items: ReadonlyArray<{ correct: boolean; pairKey?: string }>): PairedScore {
  const groups = new Map<string, boolean[]>();
  let untouched = 0;
  let correct = 0;
  for (const item of items) {
    if (item.pairKey === undefined) {
      untouched++;
      if (item.correct) correct++;
      continue;
    }
    const g = groups.get(item.pairKey) ?? [];
    g.push(item.correct);
    groups.set(item.pairKey, g);
  }
  let pairs = 0;
  let pairsCorrect = 0;
  let unpaired = 0;
  for (const g of groups.values()) {
    if (g.length === 2) {
      pairs++;
      if (g[0] && g[1]) {
        pairsCorrect++;
        correct += 2;
      }
    } else if (g.length === 1) {
      unpaired++;
    } else {
      untouched += g.length;
      correct += g.filter(Boolean).length;
    }
  }
  const n = items.length;
  return { n, pairs, pairsCorrect, unpaired, untouched, correct, accuracy: n === 0 ? 0 : correct / n };
}

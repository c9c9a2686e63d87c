// Word ladder generator following the official level parameters (word length 3/4/4/5/5; shortest ladder of
// 3–5, 4–6, 5–7, 6–8, 7–10 steps). Start and target come from a committed list of common words; the ladder is a
// shortest path found by breadth-first search over every ladder-list word of that length (the words the official
// verifier accepts, so every rung passes its dictionary check), rebuilt from the target back to the start
// preferring common words as rungs. The trace is the solver's real work: a greedy attempt (change a letter towards
// the target while that gives a word), the dead end where it sticks, then the BFS layers and the path read back
// through them.
import { TraceRecorder, buildTrace, isCompactLevel } from '../trace.js';
import type { GeneratedInstance, Level, Rng, TaskGenerator } from '../types.js';
import { COMMON_WORDS } from './common-words.js';
import { bfsLayers, changedAt, neighbours } from './graph.js';
import { renderWordLadder } from './render.js';

interface LevelParams {
  length: 3 | 4 | 5;
  minSteps: number;
  maxSteps: number;
}

export const LEVEL_PARAMS: Record<Level, LevelParams> = {
  1: { length: 3, minSteps: 3, maxSteps: 5 },
  2: { length: 4, minSteps: 4, maxSteps: 6 },
  3: { length: 4, minSteps: 5, maxSteps: 7 },
  4: { length: 5, minSteps: 6, maxSteps: 8 },
  5: { length: 5, minSteps: 7, maxSteps: 10 },
};

const RULES = [
  'Change exactly one letter at a time; the word length stays the same.',
  'Every intermediate word must be a valid English word.',
  'No word may appear twice in the ladder.',
];

/** Letters changed towards the target, first position that gives an unused word; stops when none does. */
function greedy(start: string, target: string, rec: TraceRecorder): string[] | null {
  const path = [start];
  for (let cur = start; cur !== target;) {
    const tried: string[] = [];
    let next: string | null = null;
    for (let i = 0; i < cur.length && !next; i++) {
      if (cur[i] === target[i]) continue;
      const cand = `${cur.slice(0, i)}${target[i]}${cur.slice(i + 1)}`;
      if (neighbours(cur).includes(cand) && !path.includes(cand)) next = cand;
      else tried.push(cand);
    }
    if (!next) {
      rec.deadEnd(`Greedy from '${cur}': copy one more letter of '${target}'`, `none of ${tried.map((t) => `'${t}'`).join(', ')} is a word`);
      return null;
    }
    const i = changedAt(cur, next);
    rec.step(`Greedy: change letter ${i + 1} of '${cur}' (${cur[i]}→${next[i]}) to get '${next}'`, {
      check: `'${next}' is a word and shares one more letter with '${target}'`,
    });
    path.push(next);
    cur = next;
  }
  return path;
}

/** Shortest ladder start → target by BFS, recorded layer by layer; rungs prefer common words. */
function bfsLadder(start: string, target: string, maxSteps: number, rec: TraceRecorder, rng: Rng): string[] {
  const { layers, ladder } = bfsLayers(start, maxSteps);
  const path = ladder(target, new Set<string>(COMMON_WORDS[start.length as 3 | 4 | 5]), rng);
  if (!path) throw new Error(`wordladder: '${target}' is not within ${maxSteps} steps of '${start}'`);
  const d = path.length - 1;
  for (let k = 1; k <= d; k++) {
    const layer = layers[k];
    const shown = [path[k], ...layer.filter((w) => w !== path[k]).slice(0, 7)].sort();
    const more = layer.length - shown.length;
    const found = layer.includes(target);
    rec.step(`BFS layer ${k}: ${layer.length} new word(s) ${k} change(s) from '${start}': ${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`, {
      check: found ? `'${target}' is in this layer, so the shortest ladder has ${k} steps` : `'${target}' not reached yet`,
    });
  }
  for (let k = d; k >= 1; k--) {
    const i = changedAt(path[k - 1], path[k]);
    rec.step(`Trace back: '${path[k]}' (layer ${k}) comes from '${path[k - 1]}' (layer ${k - 1}) by changing letter ${i + 1} ${path[k - 1][i]}→${path[k][i]}`);
  }
  return path;
}

/** A common start word and a common target whose BFS distance lies in the level's range. */
function pickPair(p: LevelParams, rng: Rng): { start: string; target: string } {
  const common = COMMON_WORDS[p.length];
  for (let attempt = 0; attempt < 40; attempt++) {
    const start = rng.pick(common);
    const { dist } = bfsLayers(start, p.maxSteps);
    const targets = common.filter((w) => {
      const d = dist.get(w);
      return d !== undefined && d >= p.minSteps;
    });
    if (targets.length > 0) return { start, target: rng.pick(targets) };
  }
  throw new Error(`wordladder generator: no common pair ${p.minSteps}-${p.maxSteps} steps apart in 40 attempts`);
}

export function generateWordLadder(level: Level, rng: Rng): GeneratedInstance {
  const p = LEVEL_PARAMS[level];
  const { start, target } = pickPair(p, rng);
  const rec = new TraceRecorder();
  let path = greedy(start, target, rec);
  if (!path) {
    rec.backtrack(`'${start}' and search systematically: breadth-first over all one-letter changes, layer by layer`);
    path = bfsLadder(start, target, p.maxSteps, rec, rng);
  }
  const steps = path.length - 1;
  const answer = `[${path.map((w) => `"${w}"`).join(', ')}]`;
  const format = `Please provide the complete solution path from '${start}' to '${target}' as a list of strings.\nExample answer format: ["hug", "bug", "beg", "bet", "set"].`;
  const intro =
    'This is a Word Ladder puzzle. Transform the start word into the target word by changing one letter at a time, ensuring that each step forms a valid word. The rules are as follows';
  const rules = RULES.map((r, i) => `${i + 1}. ${r}`).join('\n');
  const trace = buildTrace(
    {
      rules: RULES,
      reading: [
        `Start word: '${start}'; target word: '${target}' (${start.length} letters each).`,
        `They differ in ${[...start].filter((ch, i) => ch !== target[i]).length} position(s).`,
      ],
      steps: rec.steps,
      validation: [
        `the ladder runs from '${start}' to '${target}' in ${steps} steps`,
        'each step changes exactly one letter',
        'every word is a dictionary word and none repeats',
      ],
      answer,
    },
    rng,
    { compact: isCompactLevel(level), maxSteps: 40 },
  );
  return {
    instance: {
      question: `${intro}\n${rules}\nThe start word (top) and the target word (bottom) are shown in the image.\n${format}`,
      questionLanguage: `${intro}\n${rules}\n${RULES.length + 1}. Find a solution path with ${p.minSteps} to ${p.maxSteps} steps.\nStarting word: ${start}.\nTarget word: ${target}.\n${format}`,
      answer,
      initialState: { start_word: start, target_word: target, solution: path },
    },
    svgs: [renderWordLadder(start, target)],
    trace,
  };
}

export const wordladderGenerator: TaskGenerator = {
  describeLevel: (level) => {
    const p = LEVEL_PARAMS[level];
    return `${p.length}-letter common start/target words, shortest ladder ${p.minSteps}-${p.maxSteps} steps (BFS over the web2 ladder list)`;
  },
  generate: generateWordLadder,
};

// Word ladder: change one letter per step from the start word to the target, every word in the dictionary.
import { isLadderWord } from '../common/dictionary.js';
import { defineTask } from '../define.js';
import { ok, type TaskSpec, type Verifier } from '../types.js';
import { wordladderGenerator } from './generate.js';
import { renderWordLadder } from './render.js';
import { parseWordLadderState } from './state.js';
import { checkLadder, parseLadder } from './verify.js';

/** The task with words checked by `inDictionary`; the registered one uses the ladder list the official scorer accepts. */
function wordLadderTask(inDictionary: (w: string) => boolean): TaskSpec {
  return defineTask({
    key: 'wordladder',
    officialName: 'WordLadder',
    category: 'puzzles',
    needsInitialState: true,
    parseState: parseWordLadderState,
    parseAnswer: (text) => ok(parseLadder(text)),
    check: (state, path) => checkLadder(state, path, inDictionary),
    generate: wordladderGenerator,
    render: (state) => renderWordLadder(state.start, state.target),
  });
}

export const task = wordLadderTask(isLadderWord);

/** A ladder verifier over another word list (docs/verifiers.md: `isWord`, the larger list, is an option). */
export const wordLadderVerifier = (inDictionary: (w: string) => boolean): Verifier => wordLadderTask(inDictionary).verify;

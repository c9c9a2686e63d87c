// defineTask: every task is declared through this one function, which owns what all verifiers share — final-answer
// extraction, the answer length cap, the catch-all and the failure policy — so a task folder supplies only what is
// its own: how to read its state and its answer, and its rules. See docs/tasks.md for the folder template.
//
// The failure policy, one for training and eval alike: a verifier never throws. A response it can judge gets
// reward 1 or 0 with the first violated rule as the reason. A response it cannot judge — the checker threw (a bug)
// or the instance's initial_state does not parse — scores 0 and carries `fault`, which training counts per step
// (`verifierFaults`) and eval counts in its table, so a broken verifier is visible without aborting a run.
import { extractAnswer } from './common/extract.js';
import { result, type Category, type Parsed, type TaskGenerator, type TaskInstance, type TaskSpec, type Verifier, type VerifyResult } from './types.js';

/**
 * Final answers longer than this are refused before any task parser reads them, so hostile text costs bounded work.
 * The longest honest answer of any task is a few thousand characters (a 9×9 grid, a 25-node list, a few hundred
 * moves); 50,000 leaves an order of magnitude of room.
 */
export const MAX_ANSWER_CHARS = 50_000;

/** What a task folder's index.ts passes to defineTask. S is the parsed state, A the parsed answer. */
export interface TaskDefinition<S, A> {
  /** Generator key, also the folder name under src/tasks/. */
  key: string;
  /** The official `category` value the MM-HELIX generators write. */
  officialName: string;
  category: Category;
  /** False where the official record has no initial_state (state only in the image); verification is then by match. */
  needsInitialState: boolean;
  /**
   * Normalises a decoded initial_state (any shape records carry it in) into S; throws an Error saying what was
   * expected when it cannot. It must accept its own output: records are parsed once when read and again at verify.
   * Absent for tasks without a state (S is then the raw value, unused).
   */
  parseState?: (raw: unknown) => S;
  /**
   * Reads the extracted final answer (trimmed, non-empty, at most MAX_ANSWER_CHARS) into A, or says why it cannot.
   * Must stay linear-ish in the text: it sees untrusted model output.
   */
  parseAnswer: (text: string, state: S) => Parsed<A>;
  /** The rules: correct, or the first rule the answer breaks. `instance` gives the reference and the question. */
  check: (state: S, answer: A, instance: TaskInstance) => VerifyResult;
  /** Level descriptions and the seeded instance generator. */
  generate: TaskGenerator;
  /**
   * The picture of a parsed state (an SVG document), where the task draws its image from the state alone; the
   * generator's first image must be exactly this (tested), so the image shows what the verifier checks.
   */
  render?: (state: S) => string;
}

const NO_ANSWER: VerifyResult = result(false, 'no final answer found (expected \\boxed{...})');

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A verdict for a response the verifier could not judge: reward 0, with the fault named. */
export function faultResult(fault: string): VerifyResult {
  return { reward: 0, correct: false, reason: fault, fault };
}

function verifierOf<S, A>(def: TaskDefinition<S, A>): Verifier {
  return (instance, response) => {
    try {
      let state: S;
      try {
        state = def.parseState ? def.parseState(instance.initialState) : (instance.initialState as S);
      } catch (err) {
        return faultResult(`initial_state unusable: ${message(err)}`);
      }
      const text = extractAnswer(typeof response === 'string' ? response : String(response));
      if (text === null) return NO_ANSWER;
      if (text.length > MAX_ANSWER_CHARS) return result(false, `final answer is ${text.length} characters long; at most ${MAX_ANSWER_CHARS} allowed`);
      const answer = def.parseAnswer(text, state);
      if (!answer.ok) return result(false, answer.reason);
      return def.check(state, answer.value, instance);
    } catch (err) {
      return faultResult(`verifier error: ${message(err)}`);
    }
  };
}

/** The registry entry for one task: its verifier is total (never throws) and follows the failure policy above. */
export function defineTask<S, A>(def: TaskDefinition<S, A>): TaskSpec {
  return {
    key: def.key,
    officialName: def.officialName,
    category: def.category,
    needsInitialState: def.needsInitialState,
    ...(def.parseState ? { parseState: def.parseState } : {}),
    verify: verifierOf(def),
    generator: def.generate,
    ...(def.render ? { render: def.render as (state: unknown) => string } : {}),
  };
}

/**
 * Runs any verifier under the failure policy: a verifier that throws anyway (one not made by defineTask, such as a
 * test's) gives a fault verdict instead of an exception. Training rewards and eval scoring both call this.
 */
export function runVerifier(verify: Verifier, instance: TaskInstance, response: string): VerifyResult {
  try {
    const r = verify(instance, response);
    if (!Number.isFinite(r.reward) || r.reward < 0 || r.reward > 1) return faultResult(`verifier error: reward ${r.reward} is outside [0, 1]`);
    return r;
  } catch (err) {
    return faultResult(`verifier error: ${message(err)}`);
  }
}

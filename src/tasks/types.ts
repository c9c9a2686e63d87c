// The contract every MM-HELIX task family implements. Tasks are pure: no tfjs, no model, no I/O in verify().

export type Category = 'graphs' | 'algorithms' | 'puzzles' | 'games';

export type Level = 1 | 2 | 3 | 4 | 5;

/** One problem, as read from an official record or produced by a generator. */
export interface TaskInstance {
  /** Generator key, e.g. `24_points` (never the official `category` spelling). */
  task: string;
  /** Question for the image variant (the state is in `images`). */
  question: string;
  /** Text-only variant: the state serialised into the question (`question_text` in records, `question_language` in
   * the official generators' and older ahpo files). */
  questionLanguage: string;
  /** Reference answer as the record holds it (string, number, list, object). */
  answer: unknown;
  /**
   * Verifier input, already decoded from the record (JSON / Python literal → plain JS values; tuples become arrays,
   * None becomes null) or left as a string for tasks whose state is a text block. May contain the solution, so it is
   * never shown to a model. null when the record has none.
   */
  initialState: unknown;
  difficulty: Level;
  /** Image paths, relative to the dataset folder that holds the record. */
  images: string[];
  index?: number | string;
}

export interface VerifyResult {
  /** Always in [0, 1]; 0 or 1 unless the task documents partial credit. */
  reward: number;
  /** True exactly when reward = 1. */
  correct: boolean;
  /** Why: the first violated rule, or a short confirmation when correct. */
  reason: string;
  /**
   * Set when the verifier could not judge the response at all: it threw (a bug), or the instance's initial_state
   * did not parse. The reward is then 0 and the fault is counted (the `verifierFaults` of training metrics, the eval
   * table) rather than passed off as a wrong answer.
   */
  fault?: string;
}

/** A verifier is deterministic and synchronous and never throws (defineTask wraps every one; see define.ts). */
export type Verifier = (instance: TaskInstance, response: string) => VerifyResult;

/** Deterministic PRNG handed to generators (see common/rng.ts). */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
}

/** What a generator produces for one instance, before it is written as an official-format record. */
export interface GeneratedInstance {
  instance: Omit<TaskInstance, 'images' | 'task' | 'difficulty'>;
  /** SVG documents to rasterise, one per image (most tasks have one; isomorphism has two). */
  svgs: string[];
  /** SERG-style expert trace built from the solver's real steps; ends in \boxed{answer}. */
  trace: string;
  /**
   * The same problem in as few tokens as possible, for training tiny models on a CPU (`gen:…,style=short`): short
   * questions (image and text variants) and a trace that keeps only the solution path. Absent for most tasks.
   */
  short?: { question: string; questionLanguage: string; trace: string };
}

export interface TaskGenerator {
  /** Level parameters, documented for `ahpo data stats` and the docs. */
  describeLevel(level: Level): string;
  generate(level: Level, rng: Rng): GeneratedInstance;
}

export interface TaskSpec {
  /** Generator key, also the folder name under src/tasks/. */
  key: string;
  /** The official `category` value the MM-HELIX generators write. */
  officialName: string;
  category: Category;
  /** False where the official record has no initial_state (state only in the image); verification is then by match. */
  needsInitialState: boolean;
  /**
   * Normalises a decoded initial_state (any of the shapes records come in) into what verify() expects; throws a
   * clear Error when it cannot. Optional: identity when absent.
   */
  parseState?: (raw: unknown) => unknown;
  verify: Verifier;
  /** Present for the families the data-synthesis engine covers. */
  generator?: TaskGenerator;
  /** The SVG picture of a state as parseState returns it, for tasks that draw their image from the state alone. */
  render?: (state: unknown) => string;
}

export function result(correct: boolean, reason: string): VerifyResult {
  return { reward: correct ? 1 : 0, correct, reason };
}

/** What a parser of untrusted text returns: the value, or the reason it could not read one (never a throw). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

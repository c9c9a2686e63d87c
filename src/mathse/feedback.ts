// Feedback on a wrong answer, as MathSE's outcome reward model gives it: the first erroneous step and why. The rule
// verifiers already say why an answer fails, and for the tasks whose answer is a sequence of steps they name the
// first step that fails ("move 3 (right) crosses a wall at (1,2)" for maze; "move N" for sokoban, hanoi,
// slidingpuzzle, nibbles; "step N" for the path tasks and word ladders; "position N" for orderings), so the
// verifier's reason is the default feedback and its step index is read off it. Elsewhere the reason names the
// constraint that fails and where ("row 3 has two 5s"). A plug-in module or an OpenAI-compatible endpoint
// (orm-client.ts) may give the feedback instead; the verifier alone still decides what is correct.
import { pathToFileURL } from 'node:url';
import { resolvePluginPath } from '../ahpo/rewards.js';
import { InputError } from '../errors.js';
import type { TaskInstance } from '../tasks/types.js';
import type { MathseSection } from './config.js';
import { ormFeedback } from './orm-client.js';

/** The verifier's verdict on a wrong answer, as the samples file records it. */
export interface Verdict {
  reason: string;
  /** The answer hit the length limit without finishing. */
  truncated: boolean;
}

export interface Feedback {
  /** 1-based index of the first failing step of the answer, when the feedback names one. */
  step?: number;
  /** The sentence the reflection prompt shows ({feedback}). */
  text: string;
  /** verifier, module (feedback.module) or url (feedback.url). */
  source: 'verifier' | 'module' | 'url';
}

/** "move 3 (…)", "step 2: …", "position 4: …" at the start of a reason: the first failing step of a sequence. */
const STEP_AT_START = /^(move|step|position)\s+(\d+)\b/i;
/** A step named anywhere in free text (an outside judge's reply). */
const STEP_ANYWHERE = /\b(?:move|step|position)\s+(\d+)\b/i;

/** The first failing step a verifier reason names, or undefined when it names none (a constraint, a final state). */
export function failingStep(reason: string): number | undefined {
  const m = STEP_AT_START.exec(reason.trim());
  return m ? Number(m[2]) : undefined;
}

const sentence = (s: string): string => {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** The default feedback: the verifier's reason, framed as the first error when it names a step. */
export function verifierFeedback(v: Verdict): Feedback {
  const step = failingStep(v.reason);
  if (/^no final answer found/i.test(v.reason)) {
    const cut = v.truncated ? ' It was cut off at the length limit before the final answer.' : '';
    return { text: `The answer has no final answer in \\boxed{}.${cut}`, source: 'verifier' };
  }
  if (step !== undefined) return { step, text: `The first error: ${sentence(v.reason)}`, source: 'verifier' };
  return { text: `What is wrong: ${sentence(v.reason)}`, source: 'verifier' };
}

/** What a feedback module exports: sync or async, a sentence or { text, step? }. */
export type FeedbackHook = (instance: TaskInstance, response: string, verdict: Verdict) => unknown;

export type FeedbackFn = (instance: TaskInstance, response: string, verdict: Verdict) => Promise<Feedback>;

/** Checks what a module or endpoint gave back; a hook's failure is never swallowed into silent verifier feedback. */
export function asFeedback(out: unknown, source: 'module' | 'url', where: string): Feedback {
  if (typeof out === 'string' && out.trim()) {
    const m = STEP_ANYWHERE.exec(out);
    return { text: out.trim(), source, ...(m ? { step: Number(m[1]) } : {}) };
  }
  if (out && typeof out === 'object' && typeof (out as { text?: unknown }).text === 'string' && (out as { text: string }).text.trim()) {
    const { text, step } = out as { text: string; step?: unknown };
    if (step !== undefined && !(Number.isInteger(step) && (step as number) > 0))
      throw new Error(`${where}: step must be a positive integer, got ${JSON.stringify(step)}`);
    return { text: text.trim(), source, ...(step !== undefined ? { step: step as number } : {}) };
  }
  throw new Error(`${where}: expected a non-empty string or { text, step? }, got ${JSON.stringify(out)?.slice(0, 200)}`);
}

async function loadHook(module: string, baseDir: string): Promise<FeedbackHook> {
  let path: string;
  try {
    path = resolvePluginPath(module, baseDir);
  } catch (e) {
    throw new InputError(`mathse.feedback.module: ${(e as Error).message}`);
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const def = mod.default as { feedback?: unknown } | undefined;
  const hook = [mod.feedback, def?.feedback, def].find((c) => typeof c === 'function');
  if (!hook)
    throw new InputError(
      `mathse.feedback.module ${module}: expected an exported function feedback(instance, response, verdict) → string | { text, step? }; found exports: ${Object.keys(mod).join(', ') || 'none'}`,
    );
  return hook as FeedbackHook;
}

/** The run's feedback: the verifier's, a module's (feedback.module) or an endpoint's (feedback.url). */
export async function createFeedback(f: MathseSection['feedback'], baseDir: string): Promise<FeedbackFn> {
  if (f.module) {
    const hook = await loadHook(f.module, baseDir);
    return async (instance, response, verdict) => asFeedback(await hook(instance, response, verdict), 'module', `mathse.feedback.module ${f.module}`);
  }
  if (f.url) {
    const apiKey = f.apiKeyEnv ? process.env[f.apiKeyEnv] : undefined;
    if (f.apiKeyEnv && !apiKey)
      throw new InputError(
        `mathse.feedback.apiKeyEnv: environment variable ${f.apiKeyEnv} is not set; export it, or set apiKeyEnv to '' for an endpoint without a key`,
      );
    return async (instance, response, verdict) =>
      asFeedback(
        await ormFeedback({ url: f.url, model: f.model, apiKey, timeoutMs: f.timeoutSeconds * 1000 }, instance, response, verdict),
        'url',
        `mathse.feedback.url ${f.url}`,
      );
  }
  return async (_instance, _response, verdict) => verifierFeedback(verdict);
}

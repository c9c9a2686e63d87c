// An outside outcome reward model as the feedback source (mathse.feedback.url): any OpenAI-compatible chat endpoint
// (vLLM, llama.cpp server, a hosted API) is asked, once per wrong answer that a reflection will use, for the first
// erroneous step and why — MathSE's ORM feedback. The verifier's own reason goes along, so the judge explains a
// known failure rather than deciding correctness; the reply is written to the run's feedback file, so a resume
// reuses it instead of asking again.
import type { TaskInstance } from '../tasks/types.js';
import type { Verdict } from './feedback.js';

export interface OrmEndpoint {
  /** Base URL, e.g. http://localhost:8000/v1 (…/chat/completions is appended). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export const ORM_SYSTEM_PROMPT =
  'You are an outcome reward model for step-by-step solutions. A rule checker has found the answer below wrong and says why. ' +
  'Name the first erroneous step of the answer (e.g. "step 3" or "move 3") and explain in one or two sentences what is wrong with it. Do not give the solution.';

/** The chat messages sent for one wrong answer (exported for tests and for reading in docs). */
export function ormMessages(instance: TaskInstance, response: string, verdict: Verdict): { role: string; content: string }[] {
  const question = instance.questionLanguage || instance.question;
  const user = `Problem:\n${question}\n\nAnswer:\n${response}\n\nRule checker: ${verdict.reason}${verdict.truncated ? ' (the answer hit the length limit)' : ''}`;
  return [
    { role: 'system', content: ORM_SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

/** Asks the endpoint; throws with the URL, the status and the start of the body when the reply is not usable. */
export async function ormFeedback(e: OrmEndpoint, instance: TaskInstance, response: string, verdict: Verdict): Promise<string> {
  const url = `${e.url.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (e.apiKey) headers.authorization = `Bearer ${e.apiKey}`;
  const body = JSON.stringify({ model: e.model, messages: ormMessages(instance, response, verdict), temperature: 0 });
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(e.timeoutMs) });
  } catch (err) {
    throw new Error(`mathse.feedback.url: POST ${url} failed: ${(err as Error).message}. HINT: check that the endpoint runs and serves model ${e.model}`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`mathse.feedback.url: POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  let content: unknown;
  try {
    content = (JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
  } catch {
    throw new Error(`mathse.feedback.url: POST ${url} did not answer JSON: ${text.slice(0, 300)}`);
  }
  if (typeof content !== 'string' || !content.trim())
    throw new Error(`mathse.feedback.url: POST ${url}: no choices[0].message.content in ${text.slice(0, 300)}`);
  return content;
}

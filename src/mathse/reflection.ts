// Reflection (MathSE §3.3): for a prompt the model did not solve, its wrong answer and the feedback on it go into a
// new prompt (mathse.template) and the model writes a corrected answer. The reflection problem has its own key (and
// so its own sampling randomness) and its own prompt text, but the verifier sees the ORIGINAL instance, and a
// correction that verifies becomes a path of the original prompt.
import { idOf, type Problem } from '../data/problems.js';
import type { CompletionRecord } from '../eval/model-eval.js';
import { withoutBoxedInstruction } from '../tasks/prompt.js';
import type { Feedback, FeedbackFn } from './feedback.js';

/** One reflection prompt, as the round's feedback.jsonl keeps it (resume reuses it: outside judges need not repeat). */
export interface ReflectionItem {
  /** The reflection problem's key: `<original key>#reflect-r<round>-s<sample index>`. */
  key: string;
  sourceKey: string;
  /** Which sample pass the wrong answer came from. */
  sample: number;
  answer: string;
  reason: string;
  truncated: boolean;
  feedback: Feedback;
}

/** The template with {question}, {answer} and {feedback} filled in (one pass: filled text is never re-read). */
export function fillTemplate(template: string, fields: { question: string; answer: string; feedback: string }): string {
  return template.replace(/\{(question|answer|feedback)\}/g, (_, name: 'question' | 'answer' | 'feedback') => fields[name]);
}

/**
 * Which wrong answers each unsolved prompt reflects on: per prompt with no verified answer in `samples` (one list
 * per sample pass, each in problem order), its first `perPrompt` distinct wrong answers in sample-index order.
 */
export function wrongAnswersToReflect(
  problems: readonly Problem[],
  samples: readonly CompletionRecord[][],
  perPrompt: number,
): { problem: Problem; sample: number; record: CompletionRecord }[] {
  const out: { problem: Problem; sample: number; record: CompletionRecord }[] = [];
  if (perPrompt === 0) return out;
  problems.forEach((problem, i) => {
    const answers = samples.map((pass) => pass[i]);
    if (answers.some((r) => r.correct && !r.truncated)) return;
    const seen = new Set<string>();
    for (let j = 0; j < answers.length && seen.size < perPrompt; j++) {
      const text = answers[j].response.trim();
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ problem, sample: j, record: answers[j] });
    }
  });
  return out;
}

/** Feedback on each wrong answer (verifier, module or endpoint), in order. */
export async function reflectionItems(round: number, wrong: ReturnType<typeof wrongAnswersToReflect>, feedback: FeedbackFn): Promise<ReflectionItem[]> {
  const items: ReflectionItem[] = [];
  for (const w of wrong) {
    const verdict = { reason: w.record.reason, truncated: w.record.truncated };
    items.push({
      key: `${w.problem.key}#reflect-r${round}-s${w.sample}`,
      sourceKey: w.problem.key,
      sample: w.sample,
      answer: w.record.response,
      reason: w.record.reason,
      truncated: w.record.truncated,
      feedback: await feedback(w.problem.instance, w.record.response, verdict),
    });
  }
  return items;
}

/**
 * The reflection problem of an item: the original problem under the item's key, and the instance its prompt is built
 * from (both question variants filled into the template, images unchanged). The final-answer line is taken off the
 * question so that it ends the filled prompt, where buildPrompt puts it.
 */
export function reflectionProblem(original: Problem, item: ReflectionItem, template: string): { problem: Problem; prompt: Problem } {
  const fill = (question: string) =>
    fillTemplate(template, { question: withoutBoxedInstruction(question).trimEnd(), answer: item.answer.trim(), feedback: item.feedback.text });
  const problem: Problem = { ...original, key: item.key, id: idOf(item.key), name: `${original.name}#reflect` };
  const instance = { ...original.instance, question: fill(original.instance.question), questionLanguage: fill(original.instance.questionLanguage) };
  return { problem, prompt: { ...problem, instance } };
}

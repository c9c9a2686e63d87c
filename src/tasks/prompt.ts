// The prompt a model sees for one problem. It is built ONLY from the question text (and the image paths for the
// image variant): `initial_state` is verifier input that can hold the solution (wordladder, minesweeper), so no
// code path here reads it. Accepting a narrow Pick<> type makes that a compile-time guarantee for callers too.
//
// Records hold the question alone; the final-answer instruction is added here, the one place that builds prompts for
// training and evaluation alike. That is also how the official pipeline works (its build_prompt appends the line),
// so a record written with the line already in its question would show it twice there.
import type { TaskInstance } from './types.js';

/** What the benchmark appends to every question (the official scorer reads the last \boxed{}). */
export const BOXED_INSTRUCTION = 'The final answer MUST BE enclosed within \\boxed{}.';

/** image: question + images; text: the text-only question; both: images + the text-only question (state in words). */
export type PromptVariant = 'image' | 'text' | 'both';

export interface ModelPrompt {
  /** User-turn text: the question followed by the answer-format instruction. */
  text: string;
  /** Image paths relative to the dataset folder, in order; empty for the text-only variant. */
  images: string[];
}

/** The only instance fields a prompt may depend on. */
export type PromptSource = Pick<TaskInstance, 'question' | 'questionLanguage' | 'images'>;

/**
 * `question` without a trailing final-answer instruction (and the blank line before it); unchanged when it has
 * none. Generated questions go through this before they are written, so records carry only the question.
 */
export function withoutBoxedInstruction(question: string): string {
  const trimmed = question.trimEnd();
  if (!trimmed.endsWith(BOXED_INSTRUCTION)) return question;
  return trimmed.slice(0, trimmed.length - BOXED_INSTRUCTION.length).trimEnd();
}

/**
 * The model prompt for `source` in the image variant (question + images) or the text-only variant
 * (question_text, no images). Throws when the chosen question text is empty, naming the variant.
 */
export function buildPrompt(source: PromptSource, variant: PromptVariant = 'image'): ModelPrompt {
  const question = variant === 'image' ? source.question : source.questionLanguage;
  const withImages = variant !== 'text';
  if (typeof question !== 'string' || question.trim().length === 0) {
    const field = variant === 'image' ? 'question' : 'question_text';
    throw new Error(`buildPrompt: ${field} is empty; expected the ${variant}-variant question text`);
  }
  if (withImages && source.images.length === 0) {
    throw new Error('buildPrompt: image variant needs at least one image path; use the text variant for image-less records');
  }
  // Records written before the line moved here (and the in-memory short forms) still carry it: kept as they are, so
  // their prompts are byte-identical to what models were trained on.
  const text = question.includes(BOXED_INSTRUCTION) ? question : `${question.trimEnd()}\n\n${BOXED_INSTRUCTION}`;
  return { text, images: withImages ? [...source.images] : [] };
}

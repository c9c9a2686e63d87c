// Shared check for generator tests: a generated question carries no final-answer line (records hold the question
// alone, as the official pipeline expects), and the prompt built from it asks for \boxed{} exactly once, at the end.
import { expect } from 'vitest';
import { BOXED_INSTRUCTION, buildPrompt } from '../../src/tasks/prompt.js';
import type { TaskInstance } from '../../src/tasks/types.js';

export function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

export function expectBoxedOnlyInPrompt(instance: Pick<TaskInstance, 'question' | 'questionLanguage'>, label = ''): void {
  for (const variant of ['image', 'text'] as const) {
    const question = variant === 'image' ? instance.question : instance.questionLanguage;
    expect(question, `${label} ${variant} question`).not.toContain(BOXED_INSTRUCTION);
    const prompt = buildPrompt({ ...instance, images: ['x.png'] }, variant).text;
    expect(occurrences(prompt, BOXED_INSTRUCTION), `${label} ${variant} prompt`).toBe(1);
    expect(prompt.endsWith(BOXED_INSTRUCTION), `${label} ${variant} prompt`).toBe(true);
  }
}

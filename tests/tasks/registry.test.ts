// The registry's look-up, over every registered task: each is found by its generator key and by its official
// category (case-insensitively, and with surrounding spaces), an unknown name is refused with the valid keys listed,
// and the official spellings that differ from the key are pinned.
import { describe, expect, it } from 'vitest';
import { findTask, getTask, TASKS } from '../../src/tasks/registry.js';

describe('the task registry', () => {
  it.each(TASKS.map((spec) => [spec.key, spec] as const))('finds %s by key and by official name', (_key, spec) => {
    for (const name of [spec.key, spec.officialName]) {
      expect(getTask(name), name).toBe(spec);
      expect(findTask(name.toUpperCase()), name).toBe(spec);
      expect(findTask(` ${name.toLowerCase()} `), name).toBe(spec);
    }
  });

  it('refuses an unknown name, listing every valid key', () => {
    expect(findTask('no_such_task')).toBeUndefined();
    expect(() => getTask('no_such_task')).toThrow(new RegExp(`unknown task 'no_such_task'\\. Valid tasks: ${TASKS.map((t) => t.key).join(', ')}$`));
  });

  it('keeps the official category spellings', () => {
    for (const [key, official] of [
      ['wordladder', 'WordLadder'],
      ['sudoku', 'sudoku'],
      ['snake', 'snake'],
      ['kakuro', 'kakuro'],
      ['numbrix', 'numbrix'],
      ['nonogram', 'nonogram'],
      ['shingoki', 'shingoki'],
      ['tapa', 'tapa'],
      ['wordsearch', 'wordsearch'],
    ]) {
      expect(getTask(key).officialName).toBe(official);
      expect(getTask(official).key).toBe(key);
    }
  });
});

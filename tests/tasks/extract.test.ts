import { describe, expect, it } from 'vitest';
import { extractAnswer, lastAnswerLine, lastAnswerTag, lastBoxed } from '../../src/tasks/common/extract.js';
import { cpuMs } from '../cpu-time.js';

describe('answer extraction (benchmark order: last \\boxed{}, then <answer>, then "Answer:")', () => {
  it('takes the last box, with nested braces', () => {
    expect(lastBoxed('first \\boxed{1} then \\boxed{\\frac{3}{4}} done')).toBe('\\frac{3}{4}');
    expect(lastBoxed('\\boxed {x}')).toBe('x');
    expect(lastBoxed('no box')).toBeNull();
  });
  it('a last box that never closes is no answer; an earlier closed box inside it still counts only if it is last', () => {
    // A model that loops: the last \boxed{ starts a box that closes at the end.
    const looping = '\\boxed{right right down to (2,2).\n\\boxed{right down}';
    expect(lastBoxed(looping)).toBe('right down');
    expect(lastBoxed('\\boxed{a} and then \\boxed{b')).toBeNull();
    expect(extractAnswer('\\boxed{a} and then \\boxed{b')).toBeNull();
  });
  it('falls back to <answer> and then an Answer: line', () => {
    expect(lastAnswerTag('<answer>1</answer> x <answer> 2 </answer>')).toBe(' 2 ');
    expect(extractAnswer('blah\nAnswer: up down\nthanks')).toBe('up down');
    expect(lastAnswerLine('answer：\n1 2\n3 4')).toBe('\n1 2\n3 4');
    expect(extractAnswer('<answer>7</answer> Answer: 8')).toBe('7');
    expect(extractAnswer('   ')).toBeNull();
  });
  it('stays linear on hostile input', () => {
    const { ms } = cpuMs(() => extractAnswer('\\boxed{'.repeat(200_000)));
    expect(ms, 'CPU ms').toBeLessThan(500);
  });
});

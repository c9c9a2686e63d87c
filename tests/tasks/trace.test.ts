// SERG trace skeletons: all sections present in order, dead ends and backtracking kept, deterministic by rng,
// compact traces much shorter, and the last \boxed{} is exactly the answer.
import { describe, expect, it } from 'vitest';
import { lastBoxed } from '../../src/tasks/common/extract.js';
import { makeRng } from '../../src/tasks/common/rng.js';
import { TraceRecorder, buildTrace, isCompactLevel, limitSteps } from '../../src/tasks/trace.js';
import type { TraceInput } from '../../src/tasks/trace.js';

function sample(): TraceInput {
  const rec = new TraceRecorder()
    .step('Place 1 at (0,0)', { state: '1 . .\n. . .', check: 'row 0 has no other 1' })
    .deadEnd('Place 2 at (0,1)', 'column 1 already holds 2', '1 2 .\n. 2 .')
    .backtrack('the grid after step 1')
    .step('Place 3 at (0,1)', { state: '1 3 .\n. 2 .', check: 'row 0 and column 1 are still distinct' })
    .note('Only one cell is left in row 0.');
  return {
    rules: ['Each row holds 1..3 once.', 'Each column holds 1..3 once.'],
    reading: ['The grid is 3×3.', 'Cell (1,1) is given as 2.'],
    steps: rec.steps,
    validation: ['every row is a permutation of 1..3', 'every column is a permutation of 1..3'],
    answer: '[[1,3,2],[3,2,1],[2,1,3]]',
  };
}

describe('buildTrace', () => {
  it('writes rules → reading → steps with checks, dead ends and backtracking → validation → boxed answer', () => {
    const t = buildTrace(sample(), makeRng(1, 't'));
    const order = [
      'Each row holds',
      'The grid is 3×3',
      'Step 1: Place 1',
      'row 0 has no other 1',
      'column 1 already holds 2',
      'the grid after step 1',
      'Step 3: Place 3',
      'every row is a permutation',
      '\\boxed{',
    ];
    const at = order.map((s) => t.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(t).toContain('1 2 .'); // the dead end's intermediate state is shown
    expect(lastBoxed(t)).toBe(sample().answer);
    expect(t.trimEnd().endsWith(`\\boxed{${sample().answer}}`)).toBe(true);
  });

  it('is deterministic for the same rng stream and varies phrasing across streams', () => {
    const a = buildTrace(sample(), makeRng(7, 'x'));
    expect(buildTrace(sample(), makeRng(7, 'x'))).toBe(a);
    const variants = new Set(Array.from({ length: 12 }, (_, s) => buildTrace(sample(), makeRng(s, 'x'))));
    expect(variants.size).toBeGreaterThan(1);
  });

  it('compact traces keep the states and the dead end but are much shorter', () => {
    const full = buildTrace(sample(), makeRng(3, 'x'));
    const compact = buildTrace(sample(), makeRng(3, 'x'), { compact: true });
    expect(compact.length).toBeLessThan(full.length * 0.75);
    expect(compact).toContain('1 3 .\n. 2 .');
    expect(compact).toContain('column 1 already holds 2');
    expect(compact).toContain('Back to the grid after step 1');
    expect(lastBoxed(compact)).toBe(sample().answer);
    expect(isCompactLevel(2)).toBe(true);
    expect(isCompactLevel(3)).toBe(false);
  });

  it('summarises the middle of long searches honestly', () => {
    const rec = new TraceRecorder();
    for (let i = 0; i < 50; i++) {
      if (i % 5 === 4) rec.deadEnd(`try ${i}`, 'conflict').backtrack(`step ${i - 1}`);
      else rec.step(`move ${i}`);
    }
    const kept = limitSteps(rec.steps, 10);
    expect(kept).toHaveLength(11);
    const note = kept[5];
    expect(note.kind).toBe('note');
    expect(note.kind === 'note' && note.text).toMatch(/^\(50 further steps of the same search, including \d+ dead ends and \d+ backtracks/);
    expect(rec.counts()).toEqual({ steps: 40, deadEnds: 10, backtracks: 10 });
  });

  it('refuses empty sections, naming them', () => {
    expect(() => buildTrace({ ...sample(), validation: [] }, makeRng(1))).toThrow(/validation is empty/);
    expect(() => buildTrace({ ...sample(), rules: [] }, makeRng(1))).toThrow(/rules is empty/);
  });
});

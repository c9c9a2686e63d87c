import { describe, expect, it } from 'vitest';
import { parseArithmetic, evaluateExpr, formatRational } from '../../src/tasks/common/expr.js';
import { getTask } from '../../src/tasks/registry.js';
import type { TaskInstance } from '../../src/tasks/types.js';
import { expectBoundedVerdicts } from './hostile.js';

function inst(task: string, answer: unknown, initialState: unknown): TaskInstance {
  return { task, question: '', questionLanguage: '', answer, initialState, difficulty: 1, images: [] };
}
const boxed = (s: string): string => `Let me think.\n\\boxed{${s}}`;
const check = (i: TaskInstance, text: string) => getTask(i.task).verify(i, text);

describe('arithmetic parser (common/expr)', () => {
  const value = (s: string): string => {
    const p = parseArithmetic(s);
    if ('error' in p) return `error: ${p.error}`;
    const v = evaluateExpr(p.expr);
    return 'error' in v ? `error: ${v.error}` : formatRational(v.value);
  };
  it('evaluates exactly with precedence and every operator spelling', () => {
    expect(value('(9 - 3) × 8 ÷ 2')).toBe('24');
    expect(value('8 \\div (3 - 8 \\div 3)')).toBe('24');
    expect(value('8 / (3 − 8 / 3)')).toBe('24');
    expect(value('2 * 3 \\times 4')).toBe('24');
    expect(value('\\left(1 + 2\\right) \\cdot 8')).toBe('24');
    expect(value('\\frac{48}{2}')).toBe('24');
    expect(value('[1 + 2] * {4 + 4}')).toBe('24');
    expect(value('1 / 3')).toBe('1/3');
  });
  it('rejects unary signs, implicit multiplication, junk and unbalanced brackets', () => {
    expect(value('-3 + 27')).toMatch(/unary/);
    expect(value('3(4 + 4)')).toMatch(/implicit multiplication/);
    expect(value('3 + x')).toMatch(/unexpected character/);
    expect(value('(3 + 4')).toMatch(/unbalanced/);
    expect(value('3 + 4)')).toMatch(/unbalanced/);
    expect(value('4 / (2 - 2)')).toMatch(/division by zero: \(2 - 2\) is 0/);
    expect(value('('.repeat(100) + '1' + ')'.repeat(100))).toMatch(/nested deeper/);
    expect(value('1+'.repeat(2000) + '1')).toMatch(/at most/);
  });
});

describe('24_points', () => {
  // Official record shape: answer is the generator's pretty expression, initial_state {"numbers": sorted}.
  const i = inst('24Points', '(3 + 3) × (8 - 4)', { numbers: [3, 3, 4, 8] });
  it('reference and alternative valid expressions pass', () => {
    expect(check(i, boxed('(3 + 3) × (8 - 4)')).correct).toBe(true);
    expect(check(i, boxed('(8 - 4) \\times (3 + 3)')).correct).toBe(true);
    expect(check(i, boxed('3 × 8 × (4 - 3)')).correct).toBe(true);
    expect(check(i, boxed('(3 + 3) × (8 - 4) = 24')).correct).toBe(true);
    expect(check(inst('24_points', '', "{'numbers': [3, 3, 4, 8]}"), boxed('(3+3)*(8-4)')).correct).toBe(true);
  });
  it('one-edit corruptions fail with the first violated rule', () => {
    expect(check(i, boxed('(3 + 3) × (8 - 5)')).reason).toMatch(/number 5 is not among the given numbers/);
    expect(check(i, boxed('(3 + 3) × (8 - 3)')).reason).toMatch(/number 3 used 3 times but given twice/);
    expect(check(i, boxed('(3 + 4) × (8 - 3)')).reason).toMatch(/evaluates to 35, not 24/);
    expect(check(i, boxed('(3 + 3) × 4')).reason).toMatch(/number 8 given once but used not at all/);
    expect(check(i, boxed('(3 - 3) ÷ (8 - 4) + 24')).correct).toBe(false);
    expect(check(i, boxed('8 ÷ (3 - 3) × 4')).reason).toMatch(/division by zero/);
  });
  it('fractions are exact: 8 ÷ (3 − 8 ÷ 3) = 24', () => {
    expect(check(inst('24_points', '', { numbers: [3, 3, 8, 8] }), boxed('8 ÷ (3 - 8 ÷ 3)')).correct).toBe(true);
  });
  it('"no solution" passes only when none exists', () => {
    expect(check(inst('24_points', '', { numbers: [1, 1, 1, 1] }), boxed('No solution')).correct).toBe(true);
    expect(check(i, boxed('No solution')).correct).toBe(false);
  });
});

describe('crypto_math', () => {
  const eq = 'SEND+MORE=MONEY';
  const ref = { S: 9, E: 5, N: 6, D: 7, M: 1, O: 0, R: 8, Y: 2 };
  const i = inst('CryptoMath', JSON.stringify(ref), { equation: eq });
  it('both answer formats pass', () => {
    expect(check(i, boxed(JSON.stringify(ref))).correct).toBe(true);
    expect(check(i, boxed('["S"=9,"E"=5,"N"=6,"D"=7,"M"=1,"O"=0,"R"=8,"Y"=2]')).correct).toBe(true);
    expect(check(i, boxed("{'S': 9, 'E': 5, 'N': 6, 'D': 7, 'M': 1, 'O': 0, 'R': 8, 'Y': 2}")).correct).toBe(true);
    expect(check(i, 'Answer: S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2').correct).toBe(true);
  });
  it('one-edit corruptions fail with the first violated rule', () => {
    expect(check(i, boxed('["S"=9,"E"=5,"N"=6,"D"=7,"M"=1,"O"=0,"R"=8,"Y"=3]')).reason).toMatch(/equation becomes 9567\+1085 = 10653/);
    expect(check(i, boxed('["S"=9,"E"=5,"N"=6,"D"=7,"M"=1,"O"=0,"R"=8,"Y"=5]')).reason).toMatch(/letters E and Y both equal 5/);
    expect(check(i, boxed('["S"=9,"E"=5,"N"=6,"D"=7,"M"=1,"O"=0,"R"=8]')).reason).toMatch(/letter Y is not assigned/);
    expect(check(i, boxed('["S"=9,"E"=5,"N"=6,"D"=7,"M"=1,"O"=0,"R"=8,"Y"=2,"Z"=3]')).reason).toMatch(/letter Z does not appear/);
    expect(check(i, boxed('["S"=9,"E"=5,"N"=6,"D"=7,"M"=1,"O"=0,"R"=8,"Y"=12]')).reason).toMatch(/not a digit/);
    expect(check(i, boxed('hello')).correct).toBe(false);
  });
  it('leading zeros are refused even when the sum holds', () => {
    const j = inst('crypto_math', '', { equation: 'AB+AC=DE' });
    expect(check(j, boxed('{"A": 0, "B": 1, "C": 2, "D": 3, "E": 4}')).reason).toMatch(/no leading zeros/);
    expect(check(j, boxed('{"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}')).reason).toMatch(/equation becomes/);
    expect(check(j, boxed('{"A": 1, "B": 2, "C": 3, "D": 5, "E": 5}')).correct).toBe(false);
    expect(check(j, boxed('{"A": 1, "B": 4, "C": 8, "D": 3, "E": 2}')).correct).toBe(true);
  });
});

describe('integer algorithm tasks (recomputed from initial_state)', () => {
  const rows: [string, string, number[], number][] = [
    ['BestTimeToBuyAndSellStock', 'prices', [7, 1, 5, 3, 6, 4], 7],
    ['ContainerWithMostWater', 'heights', [1, 8, 6, 2, 5, 4, 8, 3, 7], 49],
    ['CountHillsAndValleys', 'terrain', [2, 4, 1, 1, 6, 5], 3],
    ['HIndex', 'citations', [3, 0, 6, 1, 5], 3],
    ['longest_increasing_subsequence', 'sequence', [10, 9, 2, 5, 3, 7, 101, 18], 4],
    ['LargestRectangleInHistogram', 'heights', [2, 1, 5, 6, 2, 3], 10],
    ['trapping_rain_water', 'height', [0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1], 6],
  ];
  for (const [task, key, list, want] of rows) {
    it(`${task}: reference passes, ±1 fails, spelling variants pass`, () => {
      const i = inst(task, String(want), { [key]: list });
      expect(check(i, boxed(String(want))).correct).toBe(true);
      expect(check(i, `<answer>${want}</answer>`).correct).toBe(true);
      expect(check(i, boxed(`${want}.0`)).correct).toBe(true);
      expect(check(i, boxed(String(want + 1))).correct).toBe(false);
      expect(check(i, boxed('about ' + String(want))).reason).toMatch(/not an integer/);
      // The reference is not trusted over the rules: a wrong reference does not fail a right answer.
      expect(check(inst(task, String(want + 5), JSON.stringify({ [key]: list })), boxed(String(want))).correct).toBe(true);
    });
  }
  it('LIS accepts a longest subsequence itself, rejects shorter or non-increasing ones', () => {
    const i = inst('longest_increasing_subsequence', 4, { sequence: [10, 9, 2, 5, 3, 7, 101, 18] });
    expect(check(i, boxed('[2, 3, 7, 18]')).correct).toBe(true);
    expect(check(i, boxed('[2, 5, 7, 101]')).correct).toBe(true);
    expect(check(i, boxed('[2, 3, 7]')).reason).toMatch(/longest has length 4/);
    expect(check(i, boxed('[2, 3, 3, 7]')).reason).toMatch(/not strictly greater/);
    expect(check(i, boxed('[7, 3, 5, 18]')).correct).toBe(false);
    expect(check(i, boxed('[2, 3, 18, 101]')).reason).toMatch(/does not occur in order/);
  });
});

describe('robustness (all algorithm families)', () => {
  const cases = [
    inst('24_points', '', { numbers: [3, 3, 8, 8] }),
    inst('crypto_math', '', { equation: 'SEND+MORE=MONEY' }),
    inst('best_time_to_buy_and_sell_stock', '1', { prices: [1, 2] }),
    inst('container_with_most_water', '1', { heights: [1, 2] }),
    inst('count_hills_and_valleys', '0', { terrain: [1, 2] }),
    inst('h_index', '1', { citations: [1, 2] }),
    inst('longest_increasing_subsequence', '2', { sequence: [1, 2] }),
    inst('largest_rectangle_in_histogram', '2', { heights: [1, 2] }),
    inst('trapping_rain_water', '0', { height: [1, 2] }),
  ];
  const nasty = [
    '',
    '\\boxed{',
    '\\boxed{((((((((((',
    '\\boxed{' + '('.repeat(5000) + '}',
    '\\boxed{1e999}',
    '💥\u0000\\boxed{}',
    '\\boxed{' + '8+'.repeat(300_000) + '}',
    'y'.repeat(1_000_000),
    '\\boxed{99999999999999999999999999999}',
    '\\boxed{{' + '"A": 1,'.repeat(20000) + '}}',
    '\\boxed{[' + '1,'.repeat(9000) + ']}',
  ];
  it('never throws, rewards in {0,1}, bounded time on 1 MB inputs', () => {
    expectBoundedVerdicts(cases, nasty, check, 5000);
  });
});

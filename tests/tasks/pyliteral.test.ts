import { describe, expect, it } from 'vitest';
import { parsePyLiteral, tryParsePyLiteral } from '../../src/tasks/common/pyliteral.js';

describe('parsePyLiteral', () => {
  it('reads JSON and Python spellings alike', () => {
    expect(parsePyLiteral('{"a": [1, 2.5, -3e2], "b": null, "c": true}')).toEqual({ a: [1, 2.5, -300], b: null, c: true });
    expect(parsePyLiteral("{'a': (1, 2), 'b': None, 'c': False}")).toEqual({ a: [1, 2], b: null, c: false });
  });
  it('turns tuples and sets into arrays and keeps parenthesised scalars', () => {
    expect(parsePyLiteral('[(0, 1), (2, 3)]')).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(parsePyLiteral('{(0, 1), (2, 3)}')).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(parsePyLiteral('(5)')).toBe(5);
    expect(parsePyLiteral('(5,)')).toEqual([5]);
  });
  it('stringifies tuple dict keys', () => {
    expect(parsePyLiteral("{(0, 1): 'x', 3: 4}")).toEqual({ '(0, 1)': 'x', '3': 4 });
  });
  it('handles escapes in both quote styles', () => {
    expect(parsePyLiteral("'it\\'s'")).toBe("it's");
    expect(parsePyLiteral('"a\\nb\\u0041"')).toBe('a\nbA');
  });
  it('rejects malformed input with an offset, never hangs on deep nesting', () => {
    expect(() => parsePyLiteral('[1, 2')).toThrow(/offset 5/);
    expect(() => parsePyLiteral('[1] x')).toThrow(/trailing text/);
    expect(tryParsePyLiteral('['.repeat(10000))).toBeUndefined();
    expect(tryParsePyLiteral('__import__("os")')).toBeUndefined();
  });
});

// 24 points state: {"numbers": [a, b, c, d]} as the official generator writes it (object, or a string holding it).
import { parsePyLiteral } from '../common/pyliteral.js';

export interface PointsState {
  numbers: number[];
  /** The value to reach; the benchmark always asks for 24. */
  target: number;
}

export function parsePointsState(raw: unknown): PointsState {
  const value = typeof raw === 'string' ? parsePyLiteral(raw) : raw;
  const numbers = Array.isArray(value) ? value : (value as { numbers?: unknown } | null)?.numbers;
  if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => typeof n === 'number' && Number.isInteger(n))) {
    throw new Error('24_points initial_state must be {"numbers": [integers]}');
  }
  const target = (value as { target?: unknown } | null)?.target;
  return { numbers: numbers as number[], target: typeof target === 'number' && Number.isInteger(target) ? target : 24 };
}

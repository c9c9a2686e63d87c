// Tower of Hanoi state: pegs listed left to right, each peg's disks bottom to top (the official
// `str([[3, 2], [], [1]])`). Disk k has size k; a peg must never hold a larger disk above a smaller one.
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface HanoiState {
  /** pegs[i] = disks on peg i+1, bottom → top. */
  pegs: number[][];
  /** Number of disks (they are 1..disks). */
  disks: number;
}

const MAX_PEGS = 10;
const MAX_DISKS = 30;

/** Normalises any shape a hanoi initial_state comes in; throws a clear Error when it cannot. */
export function parseHanoiState(raw: unknown): HanoiState {
  let value: unknown = raw;
  if (typeof value === 'string') value = parseHanoiText(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (Array.isArray(obj.pegs) && typeof obj.disks === 'number') return checkPegs(obj.pegs);
    const key = ['pegs', 'state', 'initial_state', 'towers'].find((k) => k in obj);
    if (key === undefined) throw new Error(`hanoi initial_state: expected a list of pegs, got an object with keys ${Object.keys(obj).join(', ')}`);
    return parseHanoiState(obj[key]);
  }
  if (!Array.isArray(value)) throw new Error(`hanoi initial_state: expected a list of pegs, got ${typeof raw}`);
  return checkPegs(value);
}

/** A Python/JSON literal `[[3, 2, 1], [], []]`, or lines `Peg 1: [3, 2, 1]`. */
function parseHanoiText(text: string): unknown {
  const literal = tryParsePyLiteral(text.trim());
  if (literal !== undefined) return literal;
  const pegs: unknown[] = [];
  const re = /peg\s*(\d+)\s*[:=]\s*\[([^\]]*)\]/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const inner = m[2].trim();
    pegs[Number(m[1]) - 1] =
      inner === ''
        ? []
        : inner
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(Number);
  }
  if (pegs.length === 0) throw new Error(`hanoi initial_state: cannot read '${text.slice(0, 40)}' as pegs`);
  return Array.from(pegs, (p) => p ?? []);
}

function checkPegs(list: unknown[]): HanoiState {
  if (list.length < 2 || list.length > MAX_PEGS) throw new Error(`hanoi initial_state: expected 2..${MAX_PEGS} pegs, got ${list.length}`);
  const pegs: number[][] = [];
  const seen = new Set<number>();
  list.forEach((peg, i) => {
    if (!Array.isArray(peg)) throw new Error(`hanoi initial_state: peg ${i + 1} is not a list`);
    const disks = peg.map((d) => (typeof d === 'string' ? Number(d) : d));
    disks.forEach((d, j) => {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_DISKS) {
        throw new Error(`hanoi initial_state: peg ${i + 1} holds '${String(peg[j])}', not a disk number 1..${MAX_DISKS}`);
      }
      if (seen.has(d)) throw new Error(`hanoi initial_state: disk ${d} appears twice`);
      seen.add(d);
      if (j > 0 && d > disks[j - 1]) throw new Error(`hanoi initial_state: peg ${i + 1} has disk ${d} above smaller disk ${disks[j - 1]}`);
    });
    pegs.push(disks as number[]);
  });
  const n = seen.size;
  for (let d = 1; d <= n; d++) if (!seen.has(d)) throw new Error(`hanoi initial_state: disks must be 1..${n}, disk ${d} is missing`);
  return { pegs, disks: n };
}

export function hanoiToText(state: HanoiState): string {
  return `[${state.pegs.map((p) => `[${p.join(', ')}]`).join(', ')}]`;
}

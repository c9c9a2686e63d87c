// Nibbles (classic Snake) state. The official text block:
//   Grid: 7x6            (rows x cols)
//   Snake: (4,2) (4,1)   (head first, 0-based (row,col))
//   Direction: right     (the way the head is moving)
//   Apples: (5,4) (0,1)
//   Goal: Eat 2 apples
import { DELTA, DIRS, MAX_SIDE, type Dir } from '../common/game-moves.js';
import { tryParsePyLiteral } from '../common/pyliteral.js';

export interface NibblesState {
  rows: number;
  cols: number;
  /** Head first. */
  snake: Array<[number, number]>;
  direction: Dir;
  apples: Array<[number, number]>;
}

function isNibblesState(raw: unknown): raw is NibblesState {
  if (!raw || typeof raw !== 'object') return false;
  const s = raw as Partial<NibblesState>;
  return typeof s.rows === 'number' && typeof s.cols === 'number' && Array.isArray(s.snake) && Array.isArray(s.apples) && typeof s.direction === 'string';
}

function coords(text: string): Array<[number, number]> {
  return [...text.matchAll(/\(\s*(\d{1,4})\s*,\s*(\d{1,4})\s*\)/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
}

function pairList(v: unknown, what: string): Array<[number, number]> {
  if (typeof v === 'string') return coords(v);
  if (!Array.isArray(v)) throw new Error(`nibbles initial_state: ${what} is not a list of (row, col)`);
  return v.map((p) => {
    if (Array.isArray(p) && p.length === 2 && p.every((x) => Number.isInteger(x))) return [p[0], p[1]] as [number, number];
    throw new Error(`nibbles initial_state: ${what} entry ${JSON.stringify(p)} is not (row, col)`);
  });
}

/** Normalises any shape a nibbles initial_state comes in; throws a clear Error when it cannot. */
export function parseNibblesState(raw: unknown): NibblesState {
  if (isNibblesState(raw)) return check(raw);
  if (typeof raw === 'string') {
    const literal = /^\s*[{[]/.test(raw) ? tryParsePyLiteral(raw.trim()) : undefined;
    return literal !== undefined ? parseNibblesState(literal) : parseNibblesText(raw);
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (typeof o.initial_state === 'string') return parseNibblesText(o.initial_state);
    const size = (o.grid_size ?? o.grid ?? {}) as Record<string, unknown>;
    const rows = Number(o.rows ?? size.rows);
    const cols = Number(o.cols ?? size.cols);
    const snake = pairList(o.initial_snake ?? o.snake, 'snake');
    const given = o.initial_direction ?? o.direction;
    const apples = pairList(o.apples ?? [], 'apples');
    return check({ rows, cols, snake, direction: (typeof given === 'string' ? given.toLowerCase() : inferDirection(snake)) as Dir, apples });
  }
  throw new Error(`nibbles initial_state: expected the 'Grid:/Snake:/Direction:/Apples:' text block, got ${typeof raw}`);
}

export function parseNibblesText(text: string): NibblesState {
  const field = (name: string): string | undefined => new RegExp(`^\\s*${name}\\s*:(.*)$`, 'im').exec(text)?.[1]?.trim();
  const grid = field('Grid');
  const size = grid ? /(\d{1,4})\s*[x×*]\s*(\d{1,4})/i.exec(grid) : null;
  if (!size) throw new Error("nibbles initial_state: no 'Grid: <rows>x<cols>' line");
  const snakeText = field('Snake');
  if (snakeText === undefined) throw new Error("nibbles initial_state: no 'Snake:' line");
  const snake = coords(snakeText);
  const dirText = field('Direction')?.toLowerCase();
  const apples = coords(field('Apples') ?? '');
  const direction = dirText === undefined || dirText === '' ? inferDirection(snake) : (dirText as Dir);
  return check({ rows: Number(size[1]), cols: Number(size[2]), snake, direction, apples });
}

/** Direction implied by the head and the segment behind it. */
function inferDirection(snake: Array<[number, number]>): Dir {
  if (snake.length < 2) throw new Error('nibbles initial_state: no Direction and a one-segment snake');
  const [[hr, hc], [nr, nc]] = snake;
  const dir = DIRS.find((d) => DELTA[d][0] === hr - nr && DELTA[d][1] === hc - nc);
  if (!dir) throw new Error(`nibbles initial_state: head (${hr},${hc}) is not next to (${nr},${nc})`);
  return dir;
}

function check(s: NibblesState): NibblesState {
  if (!Number.isInteger(s.rows) || !Number.isInteger(s.cols) || s.rows < 1 || s.cols < 1 || s.rows > MAX_SIDE || s.cols > MAX_SIDE) {
    throw new Error(`nibbles initial_state: bad grid size ${s.rows}x${s.cols}`);
  }
  if (!DIRS.includes(s.direction)) throw new Error(`nibbles initial_state: unknown direction '${s.direction}'`);
  if (s.snake.length === 0) throw new Error('nibbles initial_state: empty snake');
  const inside = ([r, c]: [number, number]): boolean => r >= 0 && r < s.rows && c >= 0 && c < s.cols;
  for (const p of [...s.snake, ...s.apples]) if (!inside(p)) throw new Error(`nibbles initial_state: (${p.join(',')}) is outside the ${s.rows}x${s.cols} grid`);
  for (let i = 1; i < s.snake.length; i++) {
    const [ar, ac] = s.snake[i - 1];
    const [br, bc] = s.snake[i];
    if (Math.abs(ar - br) + Math.abs(ac - bc) !== 1) throw new Error(`nibbles initial_state: snake segments (${ar},${ac}) and (${br},${bc}) are not adjacent`);
  }
  // The official evaluator rejects every answer when Direction contradicts the body; we refuse such a state instead.
  if (s.snake.length >= 2 && inferDirection(s.snake) !== s.direction) {
    throw new Error(`nibbles initial_state: Direction '${s.direction}' contradicts the snake body (head moving ${inferDirection(s.snake)})`);
  }
  return s;
}

export function nibblesToText(s: NibblesState): string {
  const list = (ps: Array<[number, number]>): string => ps.map(([r, c]) => `(${r},${c})`).join(' ');
  const n = s.apples.length;
  return [
    `Grid: ${s.rows}x${s.cols}`,
    `Snake: ${list(s.snake)}`,
    `Direction: ${s.direction}`,
    `Apples: ${list(s.apples)}`,
    `Goal: Eat ${n} apple${n > 1 ? 's' : ''}`,
  ].join('\n');
}

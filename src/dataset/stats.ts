// `ahpo data stats DIR`: what a folder of official-format records holds, per task × level: record counts, expert
// trace lengths in tokens, and image sizes read from the files themselves (sharp reads only the header), so a
// generated set can be checked against the targets and an official annotations.json can be inspected the
// same way (it has no traces: those columns say n/a rather than 0, which would read as "empty traces").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { approxTokens } from './generate.js';
import { formatLocation, readRecordsAsync } from './records.js';
import { TASKS } from '../tasks/registry.js';
import type { ReadOptions } from './records.js';
import type { Category, Level } from '../tasks/types.js';

export interface StatsOptions {
  /** Trace token counter (the CLI passes the project tokenizer); default approxTokens. */
  countTokens?: (text: string) => number;
  /** Task look-up (tests inject fake specs); default: the registry. */
  findTask?: ReadOptions['findTask'];
}

export interface TokenStats {
  /** Records of the group that carry a trace. */
  traces: number;
  /** Mean/max over those traces; null when there are none (official data). */
  mean: number | null;
  max: number | null;
}

export interface SizeStats {
  /** Images referenced by the group's records (an isomorphism instance has two). */
  images: number;
  /** Referenced images that could not be opened or decoded. */
  unreadable: number;
  /** `WIDTHxHEIGHT` → number of images of that size. */
  sizes: Record<string, number>;
}

export interface CellStats extends TokenStats, SizeStats {
  task: string;
  category: Category;
  level: Level;
  records: number;
}

export interface TotalStats extends TokenStats, SizeStats {
  records: number;
}

export interface DatasetStats {
  root: string;
  /** Sorted by category (registry order), task (registry order), level. */
  cells: CellStats[];
  byLevel: Partial<Record<Level, TotalStats>>;
  total: TotalStats;
  tasks: number;
  /** Records the reader could not use, with their location and reason. */
  malformed: string[];
  warnings: number;
}

const CATEGORY_ORDER: readonly Category[] = ['graphs', 'algorithms', 'puzzles', 'games'];

/** Running accumulator shared by cells and totals (tokens kept as sum so the mean is exact). */
class Acc {
  records = 0;
  traces = 0;
  tokenSum = 0;
  tokenMax = 0;
  images = 0;
  unreadable = 0;
  sizes = new Map<string, number>();

  add(tokens: number | undefined, images: ReadonlyArray<string | null>): void {
    this.records++;
    if (tokens !== undefined) {
      this.traces++;
      this.tokenSum += tokens;
      this.tokenMax = Math.max(this.tokenMax, tokens);
    }
    for (const size of images) {
      this.images++;
      if (size === null) this.unreadable++;
      else this.sizes.set(size, (this.sizes.get(size) ?? 0) + 1);
    }
  }

  result(): TotalStats {
    const sizes = Object.fromEntries([...this.sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
    return {
      records: this.records,
      traces: this.traces,
      mean: this.traces > 0 ? this.tokenSum / this.traces : null,
      max: this.traces > 0 ? this.tokenMax : null,
      images: this.images,
      unreadable: this.unreadable,
      sizes,
    };
  }
}

/** `WIDTHxHEIGHT` of an image from its header, or null when the file is missing or not an image. */
async function imageSize(path: string, cache: Map<string, string | null>): Promise<string | null> {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  let size: string | null = null;
  if (existsSync(path)) {
    try {
      const m = await sharp(path).metadata();
      if (m.width && m.height) size = `${m.width}x${m.height}`;
    } catch {
      size = null; // counted as unreadable; the table shows it rather than aborting the whole report
    }
  }
  cache.set(path, size);
  return size;
}

/** Reads every record file under `dir` (or the one file given) and summarises it. */
export async function datasetStats(dir: string, o: StatsOptions = {}): Promise<DatasetStats> {
  const read = await readRecordsAsync(dir, { checkImages: true, findTask: o.findTask });
  const count = o.countTokens ?? approxTokens;
  const cells = new Map<string, { task: string; category: Category; level: Level; acc: Acc }>();
  const byLevel = new Map<Level, Acc>();
  const total = new Acc();
  const cache = new Map<string, string | null>();
  for (const r of read.records) {
    const level = r.instance.difficulty;
    const id = `${r.spec.key}\u0000${level}`;
    let cell = cells.get(id);
    if (!cell) {
      cell = { task: r.spec.key, category: r.spec.category, level, acc: new Acc() };
      cells.set(id, cell);
    }
    const tokens = r.trace !== undefined ? count(r.trace) : undefined;
    const sizes: Array<string | null> = [];
    for (const img of r.instance.images) sizes.push(await imageSize(join(read.root, img), cache));
    cell.acc.add(tokens, sizes);
    if (!byLevel.has(level)) byLevel.set(level, new Acc());
    byLevel.get(level)!.add(tokens, sizes);
    total.add(tokens, sizes);
  }
  const taskOrder = new Map(TASKS.map((t, i) => [t.key, i]));
  const ordered = [...cells.values()].sort(
    (a, b) =>
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      (taskOrder.get(a.task) ?? Infinity) - (taskOrder.get(b.task) ?? Infinity) ||
      a.task.localeCompare(b.task) ||
      a.level - b.level,
  );
  return {
    root: read.root,
    cells: ordered.map((c) => ({ task: c.task, category: c.category, level: c.level, ...c.acc.result() })),
    byLevel: Object.fromEntries([...byLevel].sort((a, b) => a[0] - b[0]).map(([l, acc]) => [l, acc.result()])),
    total: total.result(),
    tasks: new Set(ordered.map((c) => c.task)).size,
    malformed: read.malformed.map((p) => `${formatLocation(p.location)}: ${p.reason}`),
    warnings: read.warnings.length,
  };
}

/** One size, or `N sizes WxH..WxH` (smallest and largest area) so a mixed group stays one short column. */
export function sizeSummary(s: SizeStats): string {
  const keys = Object.keys(s.sizes);
  const bad = s.unreadable > 0 ? ` (${s.unreadable} unreadable)` : '';
  if (keys.length === 0) return s.images === 0 ? 'none' : `n/a${bad}`;
  if (keys.length === 1) return keys[0] + bad;
  const area = (k: string): number =>
    k
      .split('x')
      .map(Number)
      .reduce((a, b) => a * b, 1);
  const byArea = [...keys].sort((a, b) => area(a) - area(b));
  return `${keys.length} sizes ${byArea[0]}..${byArea[byArea.length - 1]}${bad}`;
}

function tokenCells(t: TokenStats): [string, string, string] {
  if (t.mean === null || t.max === null) return ['n/a', 'n/a', 'n/a'];
  return [String(t.traces), String(Math.round(t.mean)), String(t.max)];
}

/** The report as a fixed-width table: one row per task × level, then per-level totals and the grand total. */
export function formatStats(s: DatasetStats, tokenizerName = 'tokenizer'): string {
  const head = ['category', 'task', 'level', 'records', 'traces', 'tok mean', 'tok max', 'images', 'image size'];
  const rows: string[][] = s.cells.map((c) => [c.category, c.task, `L${c.level}`, String(c.records), ...tokenCells(c), String(c.images), sizeSummary(c)]);
  const totals: string[][] = Object.entries(s.byLevel).map(([l, t]) => [
    'total',
    '',
    `L${l}`,
    String(t.records),
    ...tokenCells(t),
    String(t.images),
    sizeSummary(t),
  ]);
  totals.push(['total', `${s.tasks} tasks`, 'all', String(s.total.records), ...tokenCells(s.total), String(s.total.images), sizeSummary(s.total)]);
  const all = [head, ...rows, ...totals];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  // Text columns left-aligned, numbers right-aligned so magnitudes line up.
  const numeric = new Set([3, 4, 5, 6, 7]);
  const fmt = (r: string[]): string =>
    r
      .map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [`${s.root}: trace tokens counted with ${tokenizerName}`, fmt(head), rule, ...rows.map(fmt), rule, ...totals.map(fmt)];
  if (s.malformed.length > 0) {
    lines.push(`${s.malformed.length} malformed record(s) skipped:`, ...s.malformed.slice(0, 10).map((m) => `  ${m}`));
    if (s.malformed.length > 10) lines.push(`  … and ${s.malformed.length - 10} more`);
  }
  if (s.warnings > 0) lines.push(`${s.warnings} reader warning(s) (e.g. missing images, odd difficulty labels)`);
  return lines.join('\n') + '\n';
}

// `ahpo board` in a real browser (headless Chromium, tests/board/browser.ts): every view loads without a console
// error, a chart draws one point per metrics row, the completions filters narrow the list to the right count, the
// problem images render, the trace opens on demand, and a step appended to a running run appears by itself.
// Waits poll the page (up to WAIT_MS) rather than sleeping: the machine may be busy.
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runId } from '../../src/board/folders.js';
import { startBoard, type Board } from '../../src/board/server.js';
import { problemJsonPath } from '../../src/train/problem-files.js';
import { launchBrowser, type BrowserHarness } from './browser.js';
import { CORRECT_PER_PROMPT, EVAL_STEPS, LOGGED, ROLLOUTS, STEPS, trainRow, writeRun, writeSweep, type FixtureRun } from './fixture.js';

/** "Appears within a few seconds": the page polls every 2 s; a loaded machine gets ten times that. */
const WAIT_MS = 20_000;

const root = mkdtempSync(join(tmpdir(), 'ahpo-board-browser-'));
let harness: BrowserHarness;
let board: Board;
let solo: FixtureRun;
let live: FixtureRun;
const id = (dir: string) => runId(realpathSync(dir));

beforeAll(async () => {
  harness = await launchBrowser();
  solo = writeRun(root, 'solo');
  live = writeRun(root, 'live');
  // A trainer holds the lock: this process, alive for the whole test.
  writeFileSync(join(live.dir, 'train.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), argv: [] }));
  writeSweep(root, 'sw', ['ahpo', 'grpo'], [1, 2]);
  board = await startBoard({ dirs: [solo.dir, live.dir, join(root, 'sweep-sw')], host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await harness?.browser?.close();
  await board?.close();
});

/** A page on `hash` that records console errors, uncaught exceptions and failed requests. */
async function open(hash: string): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.browser!.newPage({ viewport: { width: 1300, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => void problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`)));
  await page.goto(`${board.url}#${hash}`);
  return { page, problems };
}

const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name, { timeout: WAIT_MS });
/** Waits (polling) until the attribute reads `want`. */
const until = (page: Page, selector: string, name: string, want: string | number) =>
  expect.poll(() => attr(page, selector, name), { timeout: WAIT_MS, interval: 200 }).toBe(String(want));

describe('ahpo board in Chromium', () => {
  it('loads every view without a console error', async (ctx) => {
    if (harness.skipReason) return ctx.skip(harness.skipReason);
    const { page, problems } = await open('');
    await page.waitForSelector('table.runs tbody tr', { timeout: WAIT_MS });
    expect(await page.locator('table.runs tbody tr').count()).toBe(6); // solo, live and four sweep points
    expect(await page.locator('[data-status=running]').count()).toBe(1);
    for (const view of ['curves', 'evals', 'completions', 'runs']) {
      await page.click(`button[data-view=${view}]`);
      await page.waitForSelector(`main[data-view=${view}]`, { timeout: WAIT_MS });
    }
    await page.waitForSelector('[data-testid=config-diff]', { timeout: WAIT_MS });
    expect(await page.locator('[data-testid=config-diff] td.key').allTextContents()).toEqual(['ahpo.mode', 'run.name', 'run.seed']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws a chart with as many points as metrics.jsonl has train rows, raw faint behind the EMA', async (ctx) => {
    if (harness.skipReason) return ctx.skip(harness.skipReason);
    const rows = readFileSync(join(solo.dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const trainRows = rows.filter((r) => r.kind === 'train').length;
    expect(trainRows).toBe(STEPS);
    const { page, problems } = await open(`view=curves&runs=${id(solo.dir)}`);
    await page.waitForSelector('[data-chart=reward] canvas', { timeout: WAIT_MS });
    expect(Number(await attr(page, '[data-chart=reward]', 'data-points'))).toBe(trainRows);
    expect(await attr(page, '[data-chart=reward]', 'data-series')).toBe('2'); // raw + smoothed
    expect(Number(await attr(page, '[data-chart=eval]', 'data-points'))).toBe(EVAL_STEPS.length);
    // Smoothing 0 (a new hash, as the slider sets it): the raw line alone.
    await page.goto(`${board.url}#view=curves&runs=${id(solo.dir)}&smooth=0`);
    await until(page, '[data-chart=reward]', 'data-series', 1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('narrows the completions to the right count with each filter, renders the images and opens the trace', async (ctx) => {
    if (harness.skipReason) return ctx.skip(harness.skipReason);
    const { page, problems } = await open(`view=completions&runs=${id(solo.dir)}`);
    const count = async (n: number) => {
      await until(page, '[data-testid=count]', 'data-total', n);
      expect(await page.locator('article.card').count()).toBe(n);
    };
    await count(LOGGED.length * 2);
    // ξ = 1: the prompts the fixture gated.
    const gated = LOGGED.flatMap((l) => l.xi.map((xi, k) => ({ xi, k }))).filter((p) => p.xi === 1);
    await page.selectOption('[data-filter=xi]', '1');
    await count(gated.length);
    // …and a correct rollout: only prompt k = 0 has one (CORRECT_PER_PROMPT), so its gated prompts remain.
    await page.selectOption('[data-filter=correct]', 'true');
    await count(gated.filter((p) => CORRECT_PER_PROMPT[p.k] > 0).length);
    await page.selectOption('[data-filter=correct]', '');
    await page.selectOption('[data-filter=xi]', '');
    await page.selectOption('[data-filter=level]', '2');
    await count(LOGGED.length);
    expect(await page.locator('table.rollouts tbody tr').count()).toBe(LOGGED.length * ROLLOUTS);
    await page.selectOption('[data-filter=step]', String(LOGGED[1].step));
    await count(1);

    // The maze image is a real SVG from problems/, decoded by the browser.
    await page.waitForFunction("[...document.querySelectorAll('img.problem-image')].some((i) => i.complete && i.naturalWidth > 0)", null, { timeout: WAIT_MS });
    const key = await page.locator('article.card').first().getAttribute('data-key');
    const problem = JSON.parse(readFileSync(join(solo.dir, problemJsonPath(key!)), 'utf8'));
    await page.click('article.card button:has-text("expert trace")');
    await page.waitForSelector('[data-testid=trace]', { timeout: WAIT_MS });
    expect(await page.locator('[data-testid=trace]').textContent()).toBe(problem.trace);
    // A response with markup shows as text.
    expect(await page.locator('td.resp summary').first().textContent()).toContain('<b>not html</b>');

    // The same browser for the evaluation answers; the level filter carries over (two of the four mazes are L2).
    await page.selectOption('[data-filter=src]', `step-${EVAL_STEPS[0]}`);
    await count(2);
    await page.selectOption('[data-filter=level]', '');
    await count(4);
    await page.selectOption('[data-filter=correct]', 'true');
    await count(1); // step 0: one of the four held-out mazes answered right (fixture.ts)
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the task × level table of every evaluation with the change since the first', async (ctx) => {
    if (harness.skipReason) return ctx.skip(harness.skipReason);
    const { page, problems } = await open(`view=evals&runs=${id(solo.dir)}`);
    await page.waitForSelector('table.evals[data-set=held-out]', { timeout: WAIT_MS });
    expect(await page.locator('table.evals[data-set=held-out] thead th').allTextContents()).toEqual([
      'task',
      'level',
      'step 0',
      'step 15',
      'step 30',
      'Δ 0→30',
    ]);
    expect(await page.locator('table.evals[data-set=held-out] tr.overall td').allTextContents()).toEqual([
      'overall (mean of per-task accuracy)',
      '25.0% (n 4)',
      '50.0% (n 4)',
      '75.0% (n 4)',
      '+50.0',
    ]);
    expect(await page.locator('table.evals[data-set=retention] tr.overall td').last().textContent()).toBe('-50.0');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a step and a completion appended to a running run without a reload', async (ctx) => {
    if (harness.skipReason) return ctx.skip(harness.skipReason);
    const { page, problems } = await open(`view=curves&runs=${id(live.dir)}`);
    await page.waitForSelector('[data-chart=reward] canvas', { timeout: WAIT_MS });
    expect(Number(await attr(page, '[data-chart=reward]', 'data-points'))).toBe(STEPS);
    appendFileSync(join(live.dir, 'metrics.jsonl'), `${JSON.stringify(trainRow(STEPS + 1))}\n`);
    await until(page, '[data-chart=reward]', 'data-points', STEPS + 1);

    await page.click('button[data-view=completions]');
    await until(page, '[data-testid=count]', 'data-total', LOGGED.length * 2);
    const line = JSON.parse(readFileSync(join(live.dir, 'completions.jsonl'), 'utf8').split('\n')[0]);
    appendFileSync(join(live.dir, 'completions.jsonl'), `${JSON.stringify({ ...line, step: STEPS + 1 })}\n`);
    await until(page, '[data-testid=count]', 'data-total', LOGGED.length * 2 + 1);
    expect(await page.locator('article.card').first().getAttribute('data-step')).toBe(String(STEPS + 1)); // newest first

    // A new metrics row alone does not redraw the completions under the reader: an opened response stays as it is.
    await page.locator('td.resp summary').first().click();
    await page.evaluate("document.querySelector('article.card').dataset.marker = 'kept'");
    appendFileSync(join(live.dir, 'metrics.jsonl'), `${JSON.stringify(trainRow(STEPS + 2))}\n`);
    for (let polls = 0; polls < 2; polls++) {
      const before = await page.locator('[data-testid=live]').textContent();
      await expect.poll(() => page.locator('[data-testid=live]').textContent(), { timeout: WAIT_MS, interval: 200 }).not.toBe(before);
    }
    expect(await page.locator('article.card').first().getAttribute('data-marker')).toBe('kept');
    expect(await page.locator('td.resp details[open]').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});

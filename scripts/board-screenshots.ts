// Screenshots of `ahpo board` for docs/board.md, taken in headless Chromium (as the browser tests run it:
// scripts/setup-browser.sh installs it) from the real board over the folders given, so they can be regenerated
// after any change to the page:
//
//   npx tsx scripts/board-screenshots.ts [--out docs/board] DIR…
//
// One PNG per view: runs.png (all runs selected, the config differences), curves.png (overlaid, smoothed),
// evaluations.png and completions.png (the first run with completions, its first trace opened), eval-answers.png
// (that run's last evaluation, wrong answers only).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startBoard } from '../src/board/server.js';
import { chromiumPath } from '../tests/board/browser.js';

const WAIT_MS = 30_000;

function parseArgs(argv: string[]): { out: string; dirs: string[] } {
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'docs/board';
  const dirs = argv.filter((a, i) => a !== '--out' && argv[i - 1] !== '--out');
  if (dirs.length === 0) throw new Error('usage: npx tsx scripts/board-screenshots.ts [--out docs/board] DIR… (run, sweep or run.outDir folders)');
  return { out, dirs };
}

async function shoot(page: Page, url: string, ready: string, path: string, before?: (p: Page) => Promise<void>): Promise<void> {
  // Via a blank page: a URL that differs only in its hash would not load the page afresh.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: WAIT_MS });
  await before?.(page);
  // Charts are drawn on the next frame after the view lands; give them (and the images) a moment.
  await page.waitForTimeout(800);
  await page.screenshot({ path, fullPage: true });
  console.log(path);
}

async function main(): Promise<void> {
  const { out, dirs } = parseArgs(process.argv.slice(2));
  const found = chromiumPath();
  if (!found.path) throw new Error(found.reason);
  mkdirSync(out, { recursive: true });
  const board = await startBoard({ dirs, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: found.path, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const { runs } = (await (await fetch(`${board.url}api/runs`)).json()) as { runs: { id: string; name: string; version: string }[] };
    if (runs.length === 0) throw new Error(`no runs in ${dirs.join(', ')}`);
    const all = runs.map((r) => r.id).join(',');
    // The run shown alone: the first with logged completions.
    let shown = runs[0];
    for (const r of runs) {
      const page1 = (await (await fetch(`${board.url}api/runs/${r.id}/completions?limit=1`)).json()) as { total: number };
      if (page1.total > 0) {
        shown = r;
        break;
      }
    }
    const evals = (await (await fetch(`${board.url}api/runs/${shown.id}/evals`)).json()) as { files: { name: string; set: string }[] };
    const lastEval = evals.files.filter((f) => f.set === 'held-out').at(-1)?.name;
    const url = (hash: string) => `${board.url}#${hash}`;
    await shoot(page, url(`view=runs&runs=${all}`), 'table.runs', join(out, 'runs.png'));
    await shoot(page, url(`view=curves&runs=${all}`), '.chart canvas', join(out, 'curves.png'));
    await shoot(page, url(`view=evals&runs=${all}&run=${shown.id}`), 'table.evals', join(out, 'evaluations.png'));
    await shoot(page, url(`view=completions&runs=${all}&run=${shown.id}&n=3`), 'article.card', join(out, 'completions.png'), async (p) => {
      await p.click('article.card button:has-text("expert trace")');
      await p.waitForSelector('[data-testid=trace]', { timeout: WAIT_MS });
      await p.locator('td.resp summary').first().click();
    });
    if (lastEval)
      await shoot(page, url(`view=completions&runs=${all}&run=${shown.id}&src=${lastEval}&correct=false&n=3`), 'article.card', join(out, 'eval-answers.png'));
  } finally {
    await browser.close();
    await board.close();
  }
}

main().catch((e: Error) => {
  console.error(`board-screenshots: ${e.message}`);
  process.exit(1);
});

// Headless Chromium for the board's browser tests, driven by playwright-core, which never downloads a browser: it
// launches Debian's `chromium` (scripts/setup-browser.sh installs it) or AHPO_CHROMIUM. Without one the tests skip
// with the reason; under CI (CI=true) or with AHPO_REQUIRE_BROWSER=1 a missing browser is a failure, so a broken
// setup can never pass as "skipped" (.ci/run sets it).
import { spawnSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export const REQUIRED = process.env.CI === 'true' || process.env.AHPO_REQUIRE_BROWSER === '1';

/** The Chromium binary to launch: AHPO_CHROMIUM, else the first of Debian's names on the PATH that runs. */
export function chromiumPath(): { path?: string; reason?: string } {
  const candidates = process.env.AHPO_CHROMIUM ? [process.env.AHPO_CHROMIUM] : ['chromium', 'chromium-browser'];
  for (const c of candidates) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) return { path: c.includes('/') ? c : spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim() };
  }
  return { reason: `no Chromium found (tried ${candidates.join(', ')}); run bash scripts/setup-browser.sh, or set AHPO_CHROMIUM=/path/to/chromium` };
}

export interface BrowserHarness {
  browser?: Browser;
  /** Set when no browser can be had and the tests must skip (never set when REQUIRED: that throws instead). */
  skipReason?: string;
}

/** Call in beforeAll. */
export async function launchBrowser(): Promise<BrowserHarness> {
  const found = chromiumPath();
  if (!found.path) {
    if (REQUIRED) throw new Error(`browser tests are required here (CI or AHPO_REQUIRE_BROWSER=1), but ${found.reason}`);
    console.warn(`SKIPPED board browser tests — ${found.reason}`);
    return { skipReason: found.reason };
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; the pages are our own.
  const browser = await chromium.launch({ executablePath: found.path, args: ['--no-sandbox', '--disable-gpu'], timeout: 60_000 });
  return { browser };
}

// `ahpo plot`: the --axis and --smoothing options reach plotRun, and a smoothing weight outside [0, 1) is refused as
// bad input (exit 2) by the real binary before anything is drawn.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlot } from '../../src/cli/commands/plot.js';

const ROOT = join(__dirname, '..', '..');

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ahpo-plot-cli-'));
  const rows = [1, 2, 3, 4, 5].map((step) =>
    JSON.stringify({ kind: 'train', step, time: step * 3, rewardMean: step / 10, accuracy: 0.5, xiShare: 0.5, loss: 1, lossOn: 0.5, lossOff: 0.5 }),
  );
  writeFileSync(join(dir, 'metrics.jsonl'), rows.join('\n') + '\n');
  return dir;
}

describe('ahpo plot', () => {
  it('draws the asked axis and smoothing', async () => {
    const dir = runDir();
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: () => {} };
    expect(await runPlot({ run: dir, format: ['svg'], smoothing: 0, axis: ['time'] }, io)).toBe(0);
    expect(out.join('')).toContain(join(dir, 'plots', 'reward-time.svg'));
    expect(existsSync(join(dir, 'plots', 'reward.svg'))).toBe(false);
    const reward = readFileSync(join(dir, 'plots', 'reward-time.svg'), 'utf8');
    expect(reward).toContain('data-x-unit="s"');
    expect(reward).not.toContain('class="raw"'); // --smoothing 0: the raw line alone
    // No --axis: the step axis (this run has no config.yaml, so no train.maxSeconds).
    expect(await runPlot({ run: dir, format: ['svg'], smoothing: 0.8 }, io)).toBe(0);
    expect(readFileSync(join(dir, 'plots', 'reward.svg'), 'utf8')).toContain('class="raw"');
  });

  it('refuses a smoothing weight outside [0, 1) with exit 2', () => {
    const dir = runDir();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ahpo.js'), 'plot', dir, '--smoothing', '1'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--smoothing 1: expected a weight in [0, 1)');
    expect(existsSync(join(dir, 'plots'))).toBe(false);
  });
});

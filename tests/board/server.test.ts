// The board's server without a browser: which folders it accepts (and the errors for those it does not), that it
// serves only files inside the run folders (no `..`, no encoded separators, no symlink escape), that it is
// read-only and answers only its own host name, and what its JSON API returns for the fixture runs.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { BoardFolderError, checkFolder, runId, scanRuns } from '../../src/board/folders.js';
import { startBoard, type Board } from '../../src/board/server.js';
import { CORRECT_PER_PROMPT, LOGGED, ROLLOUTS, STEPS, trainRow, writeRun, writeSweep } from './fixture.js';

const ROOT = join(__dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'ahpo-board-server-'));
const outside = mkdtempSync(join(tmpdir(), 'ahpo-board-outside-'));
let board: Board;
let soloId: string;

/** A raw GET (fetch would normalise `..` away before sending): status and body. */
function raw(
  path: string,
  o: { method?: string; host?: string; etag?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(board.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: o.host ?? url.host, ...(o.etag ? { 'if-none-match': o.etag } : {}) };
    const req = request({ host: url.hostname, port: url.port, path, method: o.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
const json = async (path: string) => {
  const r = await raw(path);
  expect(r.status, `${path}: ${r.body}`).toBe(200);
  return JSON.parse(r.body);
};

beforeAll(async () => {
  writeRun(root, 'solo');
  writeSweep(root, 'sw', ['ahpo', 'grpo'], [1, 2]);
  writeFileSync(join(outside, 'secret.txt'), 'not yours\n');
  // Links out of the run folder (must be refused) and within it (fine).
  symlinkSync(join(outside, 'secret.txt'), join(root, 'solo', 'escape.txt'));
  symlinkSync(outside, join(root, 'solo', 'escape-dir'));
  symlinkSync(join(root, 'solo', 'config.yaml'), join(root, 'solo', 'inside.yaml'));
  board = await startBoard({ dirs: [join(root, 'solo'), join(root, 'sweep-sw')], host: '127.0.0.1', port: 0 });
  soloId = runId(realpathSync(join(root, 'solo')));
});

afterAll(async () => {
  await board?.close();
});

describe('folders', () => {
  it('takes a run, a sweep (its runs beside it) and a folder of runs; refuses anything else as bad input naming it', () => {
    expect(checkFolder(join(root, 'solo'))).toBe('run');
    expect(checkFolder(join(root, 'sweep-sw'))).toBe('sweep');
    expect(checkFolder(root)).toBe('runs');
    expect(scanRuns([join(root, 'sweep-sw')]).map((r) => [r.name, r.sweep])).toEqual([
      ['sw--ahpo.mode_ahpo--seed_1', 'sweep-sw'],
      ['sw--ahpo.mode_ahpo--seed_2', 'sweep-sw'],
      ['sw--ahpo.mode_grpo--seed_1', 'sweep-sw'],
      ['sw--ahpo.mode_grpo--seed_2', 'sweep-sw'],
    ]);
    // The outDir and a run named twice: each run once, its sweep remembered.
    const all = scanRuns([root, join(root, 'solo')]);
    expect(all.map((r) => r.name).sort()).toEqual([
      'solo',
      'sw--ahpo.mode_ahpo--seed_1',
      'sw--ahpo.mode_ahpo--seed_2',
      'sw--ahpo.mode_grpo--seed_1',
      'sw--ahpo.mode_grpo--seed_2',
    ]);
    expect(all.filter((r) => r.sweep === 'sweep-sw')).toHaveLength(4);

    const empty = mkdtempSync(join(tmpdir(), 'ahpo-board-empty-'));
    expect(() => checkFolder(empty)).toThrow(BoardFolderError);
    expect(() => checkFolder(empty)).toThrow(
      /not a run or sweep folder — it has no config\.yaml or metrics\.jsonl \(a run\), no summary\.csv or logs\/\*\.log \(a sweep\)/,
    );
    expect(() => checkFolder(join(empty, 'nope'))).toThrow(/nope: no such folder; expected a run folder/);
    expect(() => checkFolder(join(root, 'solo', 'config.yaml'))).toThrow(/config\.yaml: not a folder/);
    expect(new BoardFolderError('x')).toBeInstanceOf(InputError);
    // A sweep's files name runs; names that could leave its outDir are not followed.
    const sweep = join(root, 'sweep-odd');
    mkdirSync(join(sweep, 'logs'), { recursive: true });
    writeFileSync(join(sweep, 'summary.csv'), 'run,seed\n../../etc,1\nsolo,0\n');
    expect(scanRuns([sweep]).map((r) => r.name)).toEqual(['solo']);
  });

  it('serves from the command line until SIGTERM, printing its address', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ahpo.js'), 'board', join(root, 'solo'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          const m = /ahpo board: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`ahpo board exited with ${code} before printing its address: ${out}`)));
      });
      const { runs } = (await (await fetch(`${url}api/runs`)).json()) as { runs: { name: string }[] };
      expect(runs.map((r) => r.name)).toEqual(['solo']);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((resolve) => child.once('exit', (code) => resolve(code)))).toBe(0);
  });

  it('exits 2 from the command line for a folder that is not a run or sweep', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ahpo-board-empty-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ahpo.js'), 'board', empty, '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`ahpo: ${empty}: not a run or sweep folder`);
  });
});

describe('confinement', () => {
  it('serves files inside a run folder, and nothing through .., encoded separators or symlinks out of it', async () => {
    const ok = await raw(`/files/${soloId}/config.yaml`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(readFileSync(join(root, 'solo', 'config.yaml'), 'utf8'));
    expect(ok.headers['content-security-policy']).toContain('sandbox');
    expect((await raw(`/files/${soloId}/inside.yaml`)).status).toBe(200); // a link that stays inside
    for (const path of [
      `/files/${soloId}/../sw--ahpo.mode_ahpo--seed_1/config.yaml`,
      `/files/${soloId}/%2e%2e/%2e%2e/${outside.split('/').pop()}/secret.txt`,
      `/files/${soloId}/problems%2f..%2f..%2fsolo%2fconfig.yaml`,
      `/files/${soloId}/eval//step-0.jsonl`,
      `/files/${soloId}/%00config.yaml`,
    ]) {
      const r = await raw(path);
      expect(r.status, path).toBe(400);
      expect(r.body, path).toMatch(/not allowed \(no empty, '\.', '\.\.' or encoded separators\)/);
    }
    for (const path of [`/files/${soloId}/escape.txt`, `/files/${soloId}/escape-dir/secret.txt`]) {
      const r = await raw(path);
      expect(r.status, path).toBe(403);
      expect(r.body).toContain('resolves outside run folder solo');
      expect(r.body).not.toContain('not yours');
    }
    expect((await raw(`/files/${soloId}/missing.png`)).status).toBe(404);
    expect((await raw(`/files/${soloId}/eval`)).status).toBe(404); // a folder is not a file
    expect((await raw('/files/0123456789/config.yaml')).status).toBe(404);
  });

  it('is read-only and answers only its own host name', async () => {
    const before = readdirSync(join(root, 'solo')).map((f) => `${f}:${statSync(join(root, 'solo', f)).mtimeMs}`);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await raw(`/files/${soloId}/config.yaml`, { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
    expect(readdirSync(join(root, 'solo')).map((f) => `${f}:${statSync(join(root, 'solo', f)).mtimeMs}`)).toEqual(before);
    // A rebinding DNS name pointing at 127.0.0.1 is refused; the names of this machine's loopback are not.
    expect((await raw('/api/runs', { host: 'evil.example:80' })).status).toBe(403);
    expect((await raw('/api/runs', { host: `localhost:${new URL(board.url).port}` })).status).toBe(200);
  });
});

describe('API', () => {
  it('lists runs with status, step, mode and evaluations; a live lock makes a run running', async () => {
    const { runs } = await json('/api/runs');
    const solo = runs.find((r: { id: string }) => r.id === soloId);
    expect(solo).toMatchObject({
      name: 'solo',
      status: 'done',
      step: STEPS,
      steps: STEPS,
      mode: 'ahpo',
      threshold: 2,
      lastEval: { step: 30 },
      bestEval: { step: 30 },
    });
    expect(runs.filter((r: { sweep?: string }) => r.sweep === 'sweep-sw')).toHaveLength(4);
    const lock = join(root, 'solo', 'train.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: 'now', argv: [] }));
    expect((await json('/api/runs')).runs.find((r: { id: string }) => r.id === soloId).status).toBe('running');
    writeFileSync(lock, JSON.stringify({ pid: 99_999_999, host: hostname(), started: 'then', argv: [] })); // died
    expect((await json('/api/runs')).runs.find((r: { id: string }) => r.id === soloId).status).toBe('done');
  });

  it('returns metrics by column with an ETag, a 304 while unchanged, and new rows once appended', async () => {
    const first = await raw(`/api/runs/${soloId}/metrics`);
    const m = JSON.parse(first.body);
    expect(m.train.step).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    expect(m.train.rewardMean[0]).toBeCloseTo(trainRow(1).rewardMean, 12);
    expect(m.eval.map((r: { step: number }) => r.step)).toEqual([0, 15, 30]);
    const etag = String(first.headers.etag);
    expect((await raw(`/api/runs/${soloId}/metrics`, { etag })).status).toBe(304);
    // A half-written line is not a row yet.
    const path = join(root, 'solo', 'metrics.jsonl');
    const line = JSON.stringify(trainRow(STEPS + 1));
    appendFileSync(path, line.slice(0, 20));
    expect((await json(`/api/runs/${soloId}/metrics`)).train.step.at(-1)).toBe(STEPS);
    appendFileSync(path, `${line.slice(20)}\n`);
    expect((await json(`/api/runs/${soloId}/metrics`)).train.step.at(-1)).toBe(STEPS + 1);
  });

  it('filters completions by step, task, level, verdict and ξ, and pages them, newest step first', async () => {
    const page = (q: string) => json(`/api/runs/${soloId}/completions${q}`);
    const all = await page('');
    expect([all.total, all.rollouts]).toEqual([LOGGED.length * 2, LOGGED.length * 2 * ROLLOUTS]);
    expect(all.facets).toEqual({ steps: LOGGED.map((l) => l.step), tasks: ['maze'], levels: [1, 2] });
    expect(all.items.map((p: { step: number }) => p.step)).toEqual([30, 30, 20, 20, 10, 10]);
    expect(all.items[0].problem.images[0]).toMatch(new RegExp(`^/files/${soloId}/problems/maze_L1-2-[0-9a-f]{12}\\.image0\\.svg$`));
    expect((await page('?xi=1')).total).toBe(LOGGED.flatMap((l) => l.xi).filter((x) => x === 1).length);
    const correct = await page('?correct=true');
    expect([correct.total, correct.rollouts]).toEqual([LOGGED.length, LOGGED.length * CORRECT_PER_PROMPT[0]]);
    expect(correct.items[0].hiddenRollouts).toBe(ROLLOUTS - CORRECT_PER_PROMPT[0]);
    expect((await page('?step=20&level=2')).total).toBe(1);
    expect((await page('?task=sudoku')).total).toBe(0);
    const paged = await page('?limit=4&offset=4');
    expect([paged.total, paged.items.length]).toEqual([6, 2]);
    const bad = await raw(`/api/runs/${soloId}/completions?xi=2`);
    expect([bad.status, JSON.parse(bad.body).error]).toEqual([400, '?xi=2: expected 0 or 1 (ξ is the per-prompt gate)']);
  });

  it('reads evaluation answers, their task × level table, and the trace on demand', async () => {
    const { files, tables, evalSteps } = await json(`/api/runs/${soloId}/evals`);
    expect(files.map((f: { name: string }) => f.name)).toEqual(['step-0', 'step-0-retention', 'step-15', 'step-15-retention', 'step-30', 'step-30-retention']);
    expect(evalSteps).toEqual([0, 15, 30]);
    const held = tables.find((t: { set: string }) => t.set === 'held-out');
    expect(held.overall.map((o: { accuracy: number }) => o.accuracy)).toEqual([0.25, 0.5, 0.75]);
    expect(held.rows).toEqual([
      {
        task: 'maze',
        level: 1,
        cells: [
          { correct: 1, n: 2 },
          { correct: 2, n: 2 },
          { correct: 2, n: 2 },
        ],
      },
      {
        task: 'maze',
        level: 2,
        cells: [
          { correct: 0, n: 2 },
          { correct: 0, n: 2 },
          { correct: 1, n: 2 },
        ],
      },
    ]);
    const answers = await json(`/api/runs/${soloId}/evals/step-15?correct=false`);
    expect(answers.total).toBe(2);
    expect(answers.items[0].problem.prompt).toContain('The final answer MUST BE enclosed within \\boxed{}.');
    const { trace } = await json(`/api/runs/${soloId}/trace?key=${encodeURIComponent(answers.items[0].key)}`);
    expect(trace.length).toBeGreaterThan(0);
    expect((await raw(`/api/runs/${soloId}/evals/step-99`)).status).toBe(404);
    expect((await raw(`/api/runs/${soloId}/trace?key=nope`)).status).toBe(404);
  });

  it('compares configs and groups seeds of one grid point, coloured by mode', async () => {
    const ids = scanRuns([join(root, 'sweep-sw')]).map((r) => r.id);
    const { diff, groups } = await json(`/api/compare?ids=${ids.join(',')}`);
    expect(diff.keys.map((k: { key: string }) => k.key)).toEqual(['ahpo.mode', 'run.name', 'run.seed']);
    expect(groups.map((g: { label: string; runIds: string[]; color: string }) => [g.label, g.runIds.length, g.color])).toEqual([
      ['ahpo.mode=ahpo', 2, '#1f5fbf'],
      ['ahpo.mode=grpo', 2, '#c62828'],
    ]);
  });
});

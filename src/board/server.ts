// `ahpo board`'s HTTP server (node:http, no framework): the page, a small read-only JSON API over the run folders,
// and the files inside those folders (problem images). Read-only: GET and HEAD only, nothing is ever written.
// What it serves is confined twice: a path is split into segments and any `..`, empty, encoded-slash or NUL segment
// is refused before it touches the file system; then the real path (symlinks resolved) must lie inside the run's
// real folder, so a link pointing out of a run folder serves nothing. Bound to 127.0.0.1 unless told otherwise, it
// also checks the Host header there, so a web page elsewhere cannot reach it through a rebinding DNS name.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { InputError } from '../errors.js';
import { buildAssets, type Asset } from './assets.js';
import { checkFolder, scanRuns, type BoardRun } from './folders.js';
import { completionsPage, evalFiles, evalPage, evalTables, readProblem, type Filters } from './records.js';
import { configDiff, groupRuns, metricsColumns, runConfig, summarizeRun } from './runs.js';

export interface BoardOptions {
  /** Run, sweep or run.outDir folders (checked at start: a bad one is an InputError naming it). */
  dirs: readonly string[];
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface Board {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A request the board answers with a 4xx: the message says what was wrong and what would work. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.jsonl': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
};

// The page may load only its own script, styles and images; run files get a sandbox (an SVG opened on its own must
// not run script, whatever wrote it).
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const FILE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

function send(res: ServerResponse, status: number, body: Buffer | string, type: string, extra: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(buf.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

/** JSON with an ETag from `version`: a poll of an unchanged run costs a 304 and no body. */
function sendJson(req: IncomingMessage, res: ServerResponse, value: unknown, version?: string): void {
  const etag = version ? `"${Buffer.from(version).toString('base64url')}"` : undefined;
  if (etag && req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' });
    return void res.end();
  }
  send(res, 200, JSON.stringify(value), 'application/json; charset=utf-8', etag ? { ETag: etag } : {});
}

/** Path segments of a URL path, decoded; refuses anything that could step outside or smuggle a separator. */
export function safeSegments(raw: string): string[] {
  const parts = raw.split('/');
  return parts.map((p) => {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      throw new HttpError(400, `bad percent-encoding in path segment ${JSON.stringify(p)}`);
    }
    if (d === '' || d === '.' || d === '..' || /[/\\\0]/.test(d)) {
      throw new HttpError(
        400,
        `path segment ${JSON.stringify(p)} is not allowed (no empty, '.', '..' or encoded separators); name a file inside the run folder`,
      );
    }
    return d;
  });
}

/** The real path of a file inside `run`, or an HttpError: 404 when missing, 403 when it resolves outside. */
export function fileInRun(run: BoardRun, rel: string): string {
  const segments = safeSegments(rel);
  let real: string;
  try {
    real = realpathSync(join(run.dir, ...segments));
  } catch {
    throw new HttpError(404, `${segments.join('/')}: no such file in run ${run.name}`);
  }
  if (!real.startsWith(run.dir + sep))
    throw new HttpError(
      403,
      `${segments.join('/')}: resolves outside run folder ${run.name} (a symbolic link?); the board serves only files inside the folders it was given`,
    );
  if (!statSync(real).isFile()) throw new HttpError(404, `${segments.join('/')}: not a file in run ${run.name}`);
  return real;
}

function intParam(q: URLSearchParams, name: string, dflt?: number, min = 0): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new HttpError(400, `?${name}=${v}: expected an integer ≥ ${min}`);
  return n;
}

function filters(q: URLSearchParams): Filters {
  const correct = q.get('correct');
  if (correct && correct !== 'true' && correct !== 'false') throw new HttpError(400, `?correct=${correct}: expected true or false (or leave it out for both)`);
  const xi = intParam(q, 'xi');
  if (xi !== undefined && xi !== 0 && xi !== 1) throw new HttpError(400, `?xi=${xi}: expected 0 or 1 (ξ is the per-prompt gate)`);
  return {
    step: intParam(q, 'step'),
    task: q.get('task') || undefined,
    level: intParam(q, 'level', undefined, 1),
    correct: correct ? correct === 'true' : undefined,
    xi,
    offset: intParam(q, 'offset', 0)!,
    limit: Math.min(intParam(q, 'limit', 20, 1)!, 200),
  };
}

type Route = (req: IncomingMessage, res: ServerResponse, m: RegExpExecArray, q: URLSearchParams) => void;

/** A run of the board's folders by id (scanned afresh: a sweep's new points appear). */
function findRun(dirs: readonly string[], id: string): BoardRun {
  const run = scanRuns(dirs).find((r) => r.id === id);
  if (!run) throw new HttpError(404, `no run with id ${id}; GET /api/runs lists the runs of ${dirs.join(', ')}`);
  return run;
}

function routes(dirs: readonly string[]): [RegExp, Route][] {
  const runOf = (id: string) => findRun(dirs, id);
  return [
    [
      /^\/api\/runs$/,
      (req, res) => {
        const runs = scanRuns(dirs).map(summarizeRun);
        sendJson(req, res, { dirs, runs }, runs.map((r) => `${r.id}:${r.version}`).join(';'));
      },
    ],
    [
      /^\/api\/runs\/(\w+)\/metrics$/,
      (req, res, m) => {
        const cols = metricsColumns(runOf(m[1]));
        sendJson(req, res, cols, cols.version);
      },
    ],
    [/^\/api\/runs\/(\w+)\/config$/, (req, res, m) => sendJson(req, res, { config: runConfig(runOf(m[1]).dir) })],
    [
      /^\/api\/compare$/,
      (req, res, _m, q) => {
        const runs = (q.get('ids') ?? '').split(',').filter(Boolean).map(runOf);
        sendJson(req, res, { ids: runs.map((r) => r.id), diff: configDiff(runs.map((r) => runConfig(r.dir))), groups: groupRuns(runs) });
      },
    ],
    [
      /^\/api\/runs\/(\w+)\/completions$/,
      (req, res, m, q) => {
        const page = completionsPage(runOf(m[1]), filters(q));
        sendJson(req, res, page, `${page.version}?${q.toString()}`);
      },
    ],
    [
      /^\/api\/runs\/(\w+)\/evals$/,
      (req, res, m) => {
        const run = runOf(m[1]);
        const evalSteps = metricsColumns(run).eval.map((r) => r.step);
        sendJson(req, res, { files: evalFiles(run), tables: evalTables(run), evalSteps });
      },
    ],
    [
      /^\/api\/runs\/(\w+)\/evals\/(step-\d+(?:-retention)?)$/,
      (req, res, m, q) => {
        const run = runOf(m[1]);
        if (!evalFiles(run).some((f) => f.name === m[2]))
          throw new HttpError(404, `no evaluation ${m[2]} in run ${run.name}; GET /api/runs/${run.id}/evals lists them`);
        const page = evalPage(run, m[2], filters(q));
        sendJson(req, res, page, `${page.version}?${q.toString()}`);
      },
    ],
    [
      /^\/api\/runs\/(\w+)\/trace$/,
      (req, res, m, q) => {
        const key = q.get('key') ?? '';
        const p = readProblem(runOf(m[1]), key);
        if (!p) throw new HttpError(404, `no problem file for key ${JSON.stringify(key)} (runs written before problems/ existed have none)`);
        sendJson(req, res, { key, trace: p.trace ?? null });
      },
    ],
  ];
}

function serveFile(req: IncomingMessage, res: ServerResponse, path: string): void {
  const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(statSync(path).size),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': FILE_CSP,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function handler(dirs: readonly string[], assets: Map<string, Asset>, checkHost: (h: string | undefined) => boolean) {
  const api = routes(dirs);
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(res, 405, `${req.method} not allowed: the board is read-only (GET and HEAD only)\n`, 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      }
      if (!checkHost(req.headers.host)) {
        return send(
          res,
          403,
          `Host ${JSON.stringify(req.headers.host)} refused: open the board by the address it printed (127.0.0.1 or localhost)\n`,
          'text/plain; charset=utf-8',
        );
      }
      const raw = req.url ?? '/';
      const qAt = raw.indexOf('?');
      const path = qAt < 0 ? raw : raw.slice(0, qAt);
      const query = new URLSearchParams(qAt < 0 ? '' : raw.slice(qAt + 1));
      const asset = assets.get(path);
      if (asset) return send(res, 200, asset.body, asset.type, { 'Content-Security-Policy': PAGE_CSP });
      const file = /^\/files\/(\w+)\/(.+)$/.exec(path);
      if (file) return serveFile(req, res, fileInRun(findRun(dirs, file[1]), file[2]));
      for (const [re, route] of api) {
        const m = re.exec(path);
        if (m) return route(req, res, m, query);
      }
      throw new HttpError(404, `${path}: no such page or API route`);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      send(res, status, JSON.stringify({ error: (e as Error).message }), 'application/json; charset=utf-8');
    }
  };
}

/** Checks the folders, bundles the page and listens; resolves once the port is bound. */
export async function startBoard(o: BoardOptions): Promise<Board> {
  for (const d of o.dirs) checkFolder(d);
  const assets = await buildAssets();
  const loopback = LOOPBACK.has(o.host);
  let port = o.port;
  const checkHost = (h: string | undefined): boolean => {
    if (!loopback) return true;
    const m = h === undefined ? null : /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
    return m !== null && LOOPBACK.has(m[1]) && (m[2] === undefined || Number(m[2]) === port);
  };
  const server = createServer(handler(o.dirs, assets, checkHost));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new InputError(`--port ${o.port}: already in use on ${o.host}; pick another with --port N (0 = any free port)`) : e),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

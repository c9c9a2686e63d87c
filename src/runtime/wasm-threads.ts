// Multithreaded XNNPACK for the wasm backend in Node. tfjs-backend-wasm 4.22 ships a threaded SIMD build but turns
// it off in Node (tfjs issue 3830): its pthread workers are started from blob: URLs, which Node's worker_threads
// cannot load, and the wasm module caps its thread pool at half the logical cores (hyper-threading in browsers),
// i.e. one thread on a 2-core machine. No package fixes either, so this file does, for the duration of the backend's
// initialisation only:
//   - Blobs built from strings are recorded, and URL.createObjectURL hands out a file path instead of a blob: URL:
//     the worker script and the module factory are written to a private temporary folder. The factory text is the
//     bundle's own function source, so the bundler's aliases it refers to (require$$0 = require('fs'), …,
//     commonjsGlobal) are declared in front of it, read from the bundle's header.
//   - The worker script takes the factory from that file (it would otherwise try a blob: URL).
//   - os.cpus() reports twice the requested thread count, so the module's cap lets the pool have exactly that many.
// Afterwards every hook is restored, and the idle workers are unref'd so that they never keep the process alive.
// Results do not depend on the thread count: XNNPACK splits a product by output tiles, each summed by one thread in
// the same order (tests/runtime/wasm-threads.test.ts compares 1 and 2 threads bit for bit).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

/**
 * Threads for the wasm backend: AHPO_THREADS when set (an integer ≥ 1), else 1. One is the default because the
 * thread pool costs more than it gives on small products: on this 2-core machine two threads train the 4.5 M
 * reference decoder 1.4× faster but decode the tiny demo model 1.1–2× slower (docs/perf.md), and the demo's step
 * comes out even.
 */
export function wasmThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AHPO_THREADS;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(
      `AHPO_THREADS=${JSON.stringify(raw)}: expected an integer ≥ 1 (threads for the wasm backend's matrix products; this machine has ${availableParallelism()} cores); unset it for one thread`,
    );
  return n;
}

interface PThreadLike {
  unusedWorkers: { unref(): void }[];
  runningWorkers: { unref(): void }[];
}

/**
 * Runs `init` (which must call tf.setBackend('wasm') for the first time) with the threaded build enabled for
 * `threads` threads. With threads = 1 it only runs `init`: the single-threaded build is the stock path.
 */
export async function withWasmThreads<T>(threads: number, init: () => Promise<T>): Promise<T> {
  if (threads <= 1) return init();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = mkdtempSync(join(tmpdir(), 'ahpo-wasm-threads-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const factoryPath = join(dir, 'factory.cjs');
  const texts = new WeakMap<object, string>();
  const NativeBlob = globalThis.Blob;
  const nativeCreateObjectURL = URL.createObjectURL;
  const os = require('node:os') as { cpus: () => unknown[] };
  const nativeCpus = os.cpus;
  class RecordingBlob extends NativeBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const parts = args[0];
      if (!parts?.every((p) => typeof p === 'string')) return;
      const text = parts.join('');
      texts.set(this, text);
      if (text.startsWith('var WasmBackendModuleThreadedSimd')) writeFileSync(factoryPath, `${bundleAliases()}\nvar commonjsGlobal = globalThis;\n${text}`);
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (obj: Blob) => {
    const text = texts.get(obj);
    if (text === undefined) return nativeCreateObjectURL(obj);
    const from = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';
    if (!text.includes(from))
      throw new Error('wasm threads: the tfjs-backend-wasm worker script is not the one this code patches (a version other than 4.22?); set AHPO_THREADS=1');
    const path = join(dir, 'worker.cjs');
    writeFileSync(path, text.replace(from, `if(true){importScripts(${JSON.stringify(factoryPath)})}`));
    return path;
  };
  os.cpus = () => {
    const cpus = nativeCpus.call(os);
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]);
  };
  wasm.setThreadsCount(threads);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  try {
    return await init();
  } finally {
    globalThis.Blob = NativeBlob;
    URL.createObjectURL = nativeCreateObjectURL;
    os.cpus = nativeCpus;
    const pthread = (tf.findBackend('wasm') as unknown as { wasm?: { PThread?: PThreadLike } } | undefined)?.wasm?.PThread;
    for (const w of [...(pthread?.unusedWorkers ?? []), ...(pthread?.runningWorkers ?? [])]) w.unref();
  }
}

/** `var require$$N = require('…');` lines of the wasm bundle, which its factory's source refers to. */
function bundleAliases(): string {
  const bundle = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
  return [...bundle.matchAll(/^var (require\$\$\d+) = require\('([^']+)'\);$/gm)].map((m) => `var ${m[1]} = require(${JSON.stringify(m[2])});`).join('\n');
}

// Shared set-up of the webgpu test files: initialise cpu and webgpu (or decide to skip, with initBackend's reason),
// count synchronous reads made while webgpu is current, and run a computation on cpu and then on webgpu.
//
// Where no adapter can be had the tests are skipped with the reason; under CI (CI=true) or with
// AHPO_REQUIRE_WEBGPU=1 a missing adapter is a failure. On a machine without a GPU run
// `bash scripts/setup-lavapipe.sh` once; `npm run test:webgpu` picks up .vendor/vulkan/env.sh.
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, initBackend } from '../../src/runtime/backend.js';

export const REQUIRED = process.env.CI === 'true' || process.env.AHPO_REQUIRE_WEBGPU === '1';

export interface WebgpuHarness {
  /** Set when webgpu is unavailable and the tests must skip (never set when REQUIRED: that throws instead). */
  skipReason?: string;
  /** The adapter, for the log. */
  adapterDetail: string;
  /** Synchronous reads made on webgpu so far (must stay empty): 'dataSync', …, or 'device readSync'. */
  syncReads: string[];
}

let instrumented = false;

/**
 * Count synchronous reads while webgpu is current: explicit ones (Tensor.dataSync/arraySync/bufferSync — none of our
 * code may call them on this path) and GPU read-backs inside the backend (readSync of data that lives only on the
 * device; that path needs OffscreenCanvas and fails in Node). Small CPU-resident inputs that tfjs's webgpu kernels
 * hand off to CPU implementations (tile, concat below WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD) are fine and not counted.
 */
function countSyncReads(syncReads: string[]): void {
  if (instrumented) return;
  instrumented = true;
  for (const m of ['dataSync', 'arraySync', 'bufferSync'] as const) {
    const proto = tf.Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const orig = proto[m];
    proto[m] = function (this: tf.Tensor, ...a: unknown[]) {
      if (tf.getBackend() === 'webgpu') syncReads.push(m);
      return orig.apply(this, a);
    };
  }
  const backend = tf.findBackend('webgpu') as tf.KernelBackend & {
    readSync(dataId: object): unknown;
    tensorMap: { get(dataId: object): { values?: unknown; dtype: string } | undefined };
  };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId: object) => {
    const d = backend.tensorMap.get(dataId);
    if (d && d.values == null && d.dtype !== 'string') syncReads.push('device readSync');
    return readSync(dataId);
  };
}

/** Call in beforeAll: initialises cpu and webgpu, instruments sync reads, leaves cpu current. */
export async function setupWebgpu(): Promise<WebgpuHarness> {
  const h: WebgpuHarness = { adapterDetail: '', syncReads: [] };
  await initBackend('cpu');
  const t0 = performance.now();
  try {
    const info = await initBackend('webgpu');
    h.adapterDetail = `${info.detail} (init ${(performance.now() - t0).toFixed(0)} ms)`;
  } catch (err) {
    if (REQUIRED || !(err instanceof BackendUnavailableError)) throw err;
    h.skipReason = `webgpu unavailable: ${err.message}`;
    console.warn(`SKIPPED webgpu parity — ${h.skipReason}`);
    return h;
  }
  countSyncReads(h.syncReads);
  await tf.setBackend('cpu');
  return h;
}

/** Runs fn on cpu, then on webgpu (cpu first: tensors created on cpu move to webgpu; the reverse needs a sync read). */
export async function cpuThenWebgpu(fn: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; gpu: Float32Array[]; gpuMs: number }> {
  const run = async () => {
    const out = fn();
    const data = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
    tf.dispose(out);
    return data;
  };
  await tf.setBackend('cpu');
  const cpu = await run();
  await tf.setBackend('webgpu');
  const t0 = performance.now();
  const gpu = await run();
  const gpuMs = performance.now() - t0;
  await tf.setBackend('cpu');
  return { cpu, gpu, gpuMs };
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

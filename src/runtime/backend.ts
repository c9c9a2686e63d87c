// The one place that chooses and initialises the tensor backend.
//   tensorflow  @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node, when the user has installed one
//   webgpu      @tensorflow/tfjs-backend-webgpu + the `webgpu` package (Dawn), opt-in, when an adapter exists
//   wasm        default on CPU; XNNPACK matmuls with our kernel fills (src/runtime/wasm-kernels.ts)
//   cpu         pure-JS reference, for parity checks
// Optional backends are imported dynamically by a computed name, so `npm ci` never needs them and never
// downloads libtensorflow.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from './gradients.js';
import { installWasmKernels } from './wasm-kernels.js';

export const BACKENDS = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export interface BackendInfo {
  name: Exclude<BackendChoice, 'auto'>;
  /** Threads the backend computes with (1 for single-threaded wasm and cpu). */
  threads: number;
  /** Human-readable detail: package, device. */
  detail: string;
}

export class BackendUnavailableError extends Error {}

const TFJS_VERSION = '4.22.0';

async function importOptional(name: string): Promise<unknown | undefined> {
  try {
    return await import(name);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw new BackendUnavailableError(`importing ${name} failed: ${(err as Error).message}`);
  }
}

async function initTensorflow(): Promise<BackendInfo | undefined> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if ((await importOptional(pkg)) === undefined) continue;
    if (!tf.findBackendFactory('tensorflow')) {
      throw new BackendUnavailableError(
        `${pkg} loaded but registered no 'tensorflow' backend on ahpo's @tensorflow/tfjs-core. Its core is a second copy: ` +
          `install the version that matches ahpo's core (npm install ${pkg}@${TFJS_VERSION}) so npm dedupes @tensorflow/tfjs-core.`,
      );
    }
    await tf.setBackend('tensorflow');
    return { name: 'tensorflow', threads: 0, detail: pkg };
  }
  return undefined;
}

async function initWebgpu(): Promise<BackendInfo> {
  const hint = `Install both: npm install webgpu @tensorflow/tfjs-backend-webgpu@${TFJS_VERSION}`;
  const dawn = (await importOptional('webgpu')) as { create?: (flags: string[]) => unknown; globals?: object } | undefined;
  if (!dawn?.create || !dawn.globals) throw new BackendUnavailableError(`the webgpu backend needs the 'webgpu' package (Dawn for Node). ${hint}`);
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]) as { requestAdapter(): Promise<unknown> };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new BackendUnavailableError(
      'webgpu: no GPU adapter found. Dawn needs a Vulkan driver: check that the Vulkan loader (libvulkan1) is installed and an ICD ' +
        "is present (vulkaninfo lists it). Debian 12's Mesa 22 lavapipe lacks required features; Mesa 25 (bookworm-backports) works.",
    );
  }
  if ((await importOptional('@tensorflow/tfjs-backend-webgpu')) === undefined) throw new BackendUnavailableError(`the webgpu backend package is missing. ${hint}`);
  if (!(await tf.setBackend('webgpu'))) throw new BackendUnavailableError('webgpu: tf.setBackend("webgpu") failed although an adapter exists');
  return { name: 'webgpu', threads: 0, detail: 'Dawn (webgpu npm) via @tensorflow/tfjs-backend-webgpu' };
}

async function initWasm(): Promise<BackendInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new BackendUnavailableError('wasm: tf.setBackend("wasm") failed');
  installWasmKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { name: 'wasm', threads: wasm.getThreadsCount(), detail: `tfjs-backend-wasm ${wasm.version_wasm}${simd ? ' (SIMD)' : ''}, XNNPACK matmul fills` };
}

let current: BackendInfo | undefined;

/**
 * Initialises the requested backend and makes it current. `auto` prefers the native TensorFlow backend when the
 * user has installed it, else wasm. Throws BackendUnavailableError saying what to install.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (!BACKENDS.includes(choice)) {
    throw new BackendUnavailableError(`unknown backend '${choice}'; expected one of ${BACKENDS.join(', ')}`);
  }
  if (current && (choice === 'auto' || choice === current.name)) return current;
  await registerGradients();
  let info: BackendInfo | undefined;
  if (choice === 'tensorflow') {
    info = await initTensorflow();
    if (!info) {
      throw new BackendUnavailableError(
        `backend 'tensorflow' needs @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node. Install one: ` +
          `npm install @tensorflow/tfjs-node-gpu@${TFJS_VERSION} (see README, "GPU backend").`,
      );
    }
  } else if (choice === 'auto') {
    info = (await initTensorflow()) ?? (await initWasm());
  } else if (choice === 'webgpu') info = await initWebgpu();
  else if (choice === 'wasm') info = await initWasm();
  else {
    await tf.setBackend('cpu');
    info = { name: 'cpu', threads: 1, detail: 'tfjs-backend-cpu (pure JS reference)' };
  }
  await tf.ready();
  current = info;
  return info;
}

export function describeBackend(info: BackendInfo): string {
  const threads = info.threads > 0 ? `, ${info.threads} thread${info.threads === 1 ? '' : 's'}` : '';
  return `backend ${info.name}${threads} — ${info.detail}`;
}

/** Switch the current backend for reference checks (tests): both must already be initialised. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await initBackend('wasm');
  else await tf.setBackend('cpu');
  current = undefined;
}
